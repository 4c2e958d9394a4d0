//! How fast "Listado de Clientes" answers with 100 000 clients, on SQLite and PostgreSQL.
//!
//! `cargo bench -p app --bench clients_list` (PostgreSQL too when PAGOS_TEST_POSTGRES_URL is
//! set). Seeds a fresh database, then times the backend call behind `/api/clients/list`
//! beside a bare indexed query of the same page, and prints a Markdown table.

use app::backend::testing::{Backend, TestDb};
use app::backend::{clients, Db};
use app::model::fold_for_search;
use app::on_db;
use chrono::{NaiveDate, Utc};
use std::time::Instant;

mod timing;
use timing::{row, time};

const CLIENTS: usize = 100_000;
const RUNS: usize = 200;

const FIRST: [&str; 12] = ["Ana", "Luis", "María", "José", "Rosa", "Carlos", "Lucía", "Jorge", "Carmen", "Pedro", "Elena", "Miguel"];
const LAST: [&str; 10] = ["Quispe", "Flores", "Sánchez", "Rojas", "Huamán", "Chávez", "Mendoza", "Torres", "Ramírez", "Vargas"];
const KIND: [&str; 6] = ["Bodega", "Panadería", "Ferretería", "Consultorio", "Taller", "Librería"];

#[tokio::main]
async fn main() {
    println!("| database | query | p50 | p95 | p99 | baseline p50 (bare indexed query) | ratio p50 |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(t) = TestDb::new(backend).await else { continue };
        let seeded = Instant::now();
        seed(&t.db).await;
        eprintln!("{backend:?}: seeded {CLIENTS} clients in {:.1?}", seeded.elapsed());
        let name = format!("{backend:?}").to_lowercase();
        let baseline = time(RUNS, || bare_page(&t.db, 0)).await;
        let cases: [(&str, &str, u32); 4] = [
            ("first page, no search", "", 1),
            ("page 2000 of 4000", "", 2000),
            ("search by name (\"quispe\")", "quispe", 1),
            ("search with no match", "zzzz", 1),
        ];
        for (label, search, page) in cases {
            let db = &t.db;
            let times = time(RUNS, || async move {
                clients::list(db, search, page, 25).await.unwrap();
            })
            .await;
            println!("{}", row(&name, label, &times, &baseline));
        }
    }
}

/// The floor: the same page straight off the index, with no join, count or search.
async fn bare_page(db: &Db, offset: i64) {
    let sql = "SELECT id, name FROM clients ORDER BY sort_key, id LIMIT 25 OFFSET $1";
    let rows: Vec<(i64, String)> = on_db!(db, pool => sqlx::query_as(sql).bind(offset).fetch_all(pool).await.unwrap());
    assert_eq!(rows.len(), 25);
}

async fn seed(db: &Db) {
    let now = Utc::now();
    on_db!(db, pool => {
        let plan: i64 = sqlx::query_scalar(
            "INSERT INTO plans (name, amount_cents, interval_months, active, created_at, updated_at) \
             VALUES ('Mensual', 15000, 1, TRUE, $1, $1) RETURNING id",
        )
        .bind(now)
        .fetch_one(pool)
        .await
        .unwrap();
        let mut tx = pool.begin().await.unwrap();
        for chunk in (0..CLIENTS).collect::<Vec<_>>().chunks(1000) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO clients (name, contact_email, whatsapp, plan_id, next_due_date, active, sort_key, \
                 search_text, created_at, updated_at) ",
            );
            insert.push_values(chunk, |mut row, &i| {
                let name = format!("{} {} {} {}", KIND[i % 6], FIRST[i % 12], LAST[(i / 12) % 10], i);
                let email = format!("cliente{i}@correo.pe");
                let phone = format!("+519{:08}", i);
                let due = NaiveDate::from_ymd_opt(2027, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap();
                row.push_bind(name.clone())
                    .push_bind(email.clone())
                    .push_bind(phone.clone())
                    .push_bind(plan)
                    .push_bind(due)
                    .push_bind(i % 10 != 0)
                    .push_bind(fold_for_search(&name))
                    .push_bind(fold_for_search(&format!("{name} {email} {phone}")))
                    .push_bind(now)
                    .push_bind(now);
            });
            insert.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    });
    // The steady state of a live database: statistics gathered and, on PostgreSQL, the
    // visibility map built by (auto)vacuum so index-only scans are possible.
    match db {
        Db::Sqlite(pool) => sqlx::query("ANALYZE").execute(pool).await.map(|_| ()).unwrap(),
        Db::Postgres(pool) => sqlx::raw_sql("VACUUM ANALYZE").execute(pool).await.map(|_| ()).unwrap(),
    }
}
