//! "Pagos" and "Clientes" on the seeded data: the backend calls behind the list and totals
//! server functions, beside a bare indexed page of orders.

use crate::report::{ms, Row, Table};
use crate::timing::{quantile, time};
use app::backend::{clients, orders, Db};
use app::model::{OrderFilter, OrderSort, OrderState};
use app::on_db;
use chrono::{Datelike, NaiveDate};
use std::time::Duration;

const RUNS: usize = 200;

pub async fn run(db: &Db, database: &str, today: NaiveDate, table: &mut Table) {
    let baseline = time(RUNS, || bare_page(db)).await;
    let base = quantile(&baseline, 0.5);
    let base_label = format!("{} (bare indexed page, p50)", ms(base));

    let one_client = OrderFilter { client_id: Some(4_242), ..Default::default() };
    let overdue = OrderFilter { states: vec![OrderState::Overdue], ..Default::default() };
    let this_month = OrderFilter {
        due_from: today.with_day(1),
        due_to: today.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(1))).map(|d| d.pred_opt().unwrap()),
        ..Default::default()
    };
    let lists: [(&str, OrderFilter, OrderSort); 5] = [
        ("order list: no filter", OrderFilter::default(), OrderSort::DueDateDesc),
        ("order list: state Vencido", overdue, OrderSort::DueDateDesc),
        ("order list: one client", one_client.clone(), OrderSort::DueDateDesc),
        ("order list: one month", this_month.clone(), OrderSort::DueDateDesc),
        ("order list: sorted by amount", OrderFilter::default(), OrderSort::AmountDesc),
    ];
    for (label, filter, sort) in lists {
        let filter = &filter;
        let times = time(RUNS, || async move {
            orders::list(db, today, filter, sort, 1, 25).await.unwrap();
        })
        .await;
        table.push(percentiles(database, label, &times, &base_label, base, Duration::from_millis(15)));
    }

    let totals: [(&str, OrderFilter, u64); 3] = [
        ("totals: whole table", OrderFilter::default(), 50),
        ("totals: one client", one_client, 5),
        ("totals: one month", this_month, 50),
    ];
    for (label, filter, budget_ms) in totals {
        let filter = &filter;
        let times = time(RUNS, || async move {
            orders::totals(db, today, filter).await.unwrap();
        })
        .await;
        table.push(percentiles(database, label, &times, &base_label, base, Duration::from_millis(budget_ms)));
    }

    for (label, search) in [("client list: first page", ""), ("client list: search «quispe»", "quispe")] {
        let times = time(RUNS, || async move {
            clients::list(db, search, 1, 25).await.unwrap();
        })
        .await;
        let mut row = percentiles(database, label, &times, &base_label, base, Duration::from_millis(15));
        // No budget covers "Clientes"; the figures are kept to see them move.
        (row.budget, row.met) = ("—".into(), None);
        table.push(row);
    }
}

/// p50 / p95 / p99 against a p95 budget.
fn percentiles(database: &str, measure: &str, times: &[Duration], base_label: &str, base: Duration, budget: Duration) -> Row {
    let (p50, p95, p99) = (quantile(times, 0.5), quantile(times, 0.95), quantile(times, 0.99));
    Row {
        database: database.into(),
        measure: measure.into(),
        result: format!("p50 {} · p95 {} · p99 {}", ms(p50), ms(p95), ms(p99)),
        baseline: base_label.into(),
        ratio: format!("{:.1}×", p50.as_secs_f64() / base.as_secs_f64()),
        budget: format!("p95 ≤ {}", ms(budget)),
        met: Some(p95 <= budget),
    }
}

/// The cheapest query that still returns a page: 25 rows off the due-date index.
async fn bare_page(db: &Db) {
    let sql = "SELECT id, amount_cents FROM orders ORDER BY due_date DESC, id DESC LIMIT 25";
    let rows: Vec<(i64, i64)> = on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await.unwrap());
    assert_eq!(rows.len(), 25);
}
