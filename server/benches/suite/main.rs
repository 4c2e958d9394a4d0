//! The benchmark suite: one table, on SQLite and on PostgreSQL (when PAGOS_TEST_POSTGRES_URL
//! names a server), every figure beside a baseline measured in the same run.
//!
//! Run it with `./scripts/bench.sh` (release build of the bundle, a throwaway PostgreSQL,
//! then `cargo bench -p server --bench suite`). PAGOS_BENCH_CLIENTS and PAGOS_BENCH_ORDERS
//! shrink the seeded data set for a quick try, and PAGOS_BENCH_ONLY picks parts (see
//! [`wanted`]); the budgets hold for the defaults.

mod assets;
mod billing;
mod delivery;
mod http;
mod lists;
mod report;
mod timing;

use app::backend::seed::{self, SeedOptions};
use app::backend::testing::{Backend, TestDb};
use app::backend::FixedClock;
use chrono::{DateTime, NaiveDate, Utc};
use report::{secs, thousands, Row, Table};
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    // Re-run of this binary as the HTTP baseline's fixed-string server.
    if let Ok(addr) = std::env::var(http::FIXED_STRING_ADDR) {
        http::serve_fixed_string(&addr);
        return;
    }
    tokio::runtime::Runtime::new().unwrap().block_on(run());
}

/// `PAGOS_BENCH_ONLY=http,lists` runs only those parts (lists, http, delivery, billing) after
/// the seed; unset, everything runs.
fn wanted(part: &str) -> bool {
    std::env::var("PAGOS_BENCH_ONLY").map_or(true, |only| only.split(',').any(|p| p.trim() == part))
}

fn size(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn run() {
    let clients = size("PAGOS_BENCH_CLIENTS", 100_000);
    let orders = size("PAGOS_BENCH_ORDERS", 1_000_000);
    let now: DateTime<Utc> = "2026-12-03T15:00:00Z".parse().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let mut table = Table::default();

    for backend in [Backend::Sqlite, Backend::Postgres] {
        let database = format!("{backend:?}").to_lowercase();
        let Some(t) = TestDb::new(backend).await else {
            eprintln!("{database}: skipped (no server: set PAGOS_TEST_POSTGRES_URL)");
            continue;
        };
        let started = Instant::now();
        let options = SeedOptions { clients, orders, seed: 1, force: false };
        seed::run(&t.db, &FixedClock::at(now), options).await.unwrap();
        let took = started.elapsed();
        let sqlite = backend == Backend::Sqlite;
        table.push(Row {
            database: database.clone(),
            measure: format!("pagos seed: {} clients, {} orders", thousands(clients as f64), thousands(orders as f64)),
            result: secs(took),
            baseline: "—".into(),
            ratio: "—".into(),
            budget: if sqlite { "< 60 s".into() } else { "—".into() },
            met: sqlite.then_some(took < Duration::from_secs(60)),
        });

        if wanted("lists") {
            lists::run(&t.db, &database, today, &mut table).await;
        }
        if wanted("http") {
            http::run(&t.url, &database, &mut table).await;
        }
        if wanted("delivery") {
            delivery::run(&t.db, &database, now, &mut table).await;
        }
        drop(t);
        if wanted("billing") {
            billing::run(backend, &database, today, &mut table).await;
        }
    }
    assets::run(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site/pkg"), &mut table);

    println!();
    table.print();
}
