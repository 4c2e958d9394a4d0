//! The "Pagos" page's queries on 1 000 000 orders of 100 000 clients, on SQLite and
//! PostgreSQL.
//!
//! `cargo bench -p app --bench orders_list` (PostgreSQL too when PAGOS_TEST_POSTGRES_URL is
//! set). Seeds a fresh database, then times the backend calls behind `/api/orders/list` and
//! `/api/orders/totals` beside a bare indexed query of one page, and prints a Markdown table.

use app::backend::orders;
use app::backend::testing::{Backend, TestDb};
use app::backend::Db;
use app::model::{OrderFilter, OrderSort, OrderState};
use app::on_db;
use chrono::{Duration as Days, NaiveDate, Utc};
use std::time::Instant;

mod timing;
use timing::{row, time};

const CLIENTS: i64 = 100_000;
const ORDERS: i64 = 1_000_000;
const RUNS: usize = 100;

#[tokio::main]
async fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    println!("| database | call | p50 | p95 | p99 | baseline p50 (bare indexed page) | ratio p50 |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(t) = TestDb::new(backend).await else { continue };
        let started = Instant::now();
        seed(&t.db, today).await;
        eprintln!("{backend:?}: seeded {ORDERS} orders in {:.1?}", started.elapsed());
        let db = &t.db;
        let name = format!("{backend:?}").to_lowercase();
        let baseline = time(RUNS, || bare_page(db)).await;

        let one_client = OrderFilter { client_id: Some(4_242), ..Default::default() };
        let overdue = OrderFilter { states: vec![OrderState::Overdue], ..Default::default() };
        let december = OrderFilter {
            due_from: NaiveDate::from_ymd_opt(2026, 12, 1),
            due_to: NaiveDate::from_ymd_opt(2026, 12, 31),
            ..Default::default()
        };
        let lists: [(&str, OrderFilter, OrderSort); 5] = [
            ("list: no filter", OrderFilter::default(), OrderSort::DueDateDesc),
            ("list: state Vencido", overdue.clone(), OrderSort::DueDateDesc),
            ("list: one client", one_client.clone(), OrderSort::DueDateDesc),
            ("list: one month", december.clone(), OrderSort::DueDateDesc),
            ("list: sorted by amount", OrderFilter::default(), OrderSort::AmountDesc),
        ];
        for (label, filter, sort) in lists {
            let filter = &filter;
            let times = time(RUNS, || async move {
                orders::list(db, today, filter, sort, 1, 25).await.unwrap();
            })
            .await;
            println!("{}", row(&name, label, &times, &baseline));
        }
        let totals: [(&str, OrderFilter); 3] =
            [("totals: whole table", OrderFilter::default()), ("totals: one client", one_client), ("totals: one month", december)];
        for (label, filter) in totals {
            let filter = &filter;
            let times = time(RUNS, || async move {
                orders::totals(db, today, filter).await.unwrap();
            })
            .await;
            println!("{}", row(&name, label, &times, &baseline));
        }
    }
}

async fn bare_page(db: &Db) {
    let sql = "SELECT id, amount_cents FROM orders ORDER BY due_date DESC, id DESC LIMIT 25";
    let rows: Vec<(i64, i64)> = on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await.unwrap());
    assert_eq!(rows.len(), 25);
}

/// 100 000 clients, then 1 000 000 orders over two years of due dates around `today`, in all
/// states, by set-based SQL.
async fn seed(db: &Db, today: NaiveDate) {
    let now = Utc::now();
    let start = today - Days::days(540);
    on_db!(db, pool => {
        let mut tx = pool.begin().await.unwrap();
        for chunk in (0..CLIENTS).collect::<Vec<_>>().chunks(2_000) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO clients (name, active, sort_key, search_text, created_at, updated_at) ",
            );
            insert.push_values(chunk, |mut row, &i| {
                let name = format!("Cliente {i}");
                row.push_bind(name.clone()).push_bind(true).push_bind(name.to_lowercase()).push_bind(name.to_lowercase()).push_bind(now).push_bind(now);
            });
            insert.build().execute(&mut *tx).await.unwrap();
        }
        for chunk in (0..ORDERS).collect::<Vec<_>>().chunks(2_000) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO orders (client_id, concept, amount_cents, due_date, status, source, created_at, paid_on) ",
            );
            insert.push_values(chunk, |mut row, &i| {
                let due = start + Days::days(i % 730);
                let status = match i % 10 { 0..=5 => "paid", 6 => "cancelled", _ => "pending" };
                let paid_on = (status == "paid").then_some(due);
                row.push_bind(1 + (i * 7_919) % CLIENTS)
                    .push_bind("Mensualidad")
                    .push_bind(5_000 + (i * 37) % 100_000)
                    .push_bind(due)
                    .push_bind(status)
                    .push_bind(if i % 2 == 0 { "automatic" } else { "manual" })
                    .push_bind(now)
                    .push_bind(paid_on);
            });
            insert.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    });
    match db {
        Db::Sqlite(pool) => sqlx::raw_sql("ANALYZE").execute(pool).await.map(|_| ()).unwrap(),
        Db::Postgres(pool) => sqlx::raw_sql("VACUUM ANALYZE").execute(pool).await.map(|_| ()).unwrap(),
    }
}
