//! Four `pagos` servers on one PostgreSQL, started together with billing and delivery on:
//! no order twice, no message twice.

use crate::harness::{world, DUE_CLIENTS, QRAPI_KEY, REACHABLE, SMTP_PASSWORD};
use app::backend::testing::Backend;
use app::on_db;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_servers_on_one_postgres_never_bill_or_send_twice() {
    let Some(mut shared) = world(Backend::Postgres).await else { return };
    let started = Instant::now();
    // Debug logging everywhere: the secrets check below reads every line.
    let mut servers: Vec<_> = (0..4).map(|_| shared.start_server("debug")).collect();
    for server in &mut servers {
        server.wait_until_healthy().await;
    }
    shared.wait_until_settled(Duration::from_secs(600)).await;
    let took = started.elapsed();
    for server in servers {
        server.stop().await;
    }

    let db = shared.db();
    let (orders, distinct): (i64, i64) = on_db!(db, pool => sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT (client_id, due_date)) FROM orders").fetch_one(pool).await.unwrap());
    assert_eq!((orders, distinct), (DUE_CLIENTS, DUE_CLIENTS));
    let (notifications, keys): (i64, i64) = on_db!(db, pool => sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT dedupe_key) FROM notifications").fetch_one(pool).await.unwrap());
    assert_eq!((notifications, keys), (2 * REACHABLE, 2 * REACHABLE));
    assert_eq!(shared.sink.messages().len() as i64, REACHABLE);
    assert_eq!(shared.gateway.accepted().len() as i64, REACHABLE);
    assert_eq!(shared.double_deliveries(), (0, 0), "no message delivered twice");
    let runs: i64 = on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM scheduler_runs").fetch_one(pool).await.unwrap());

    let logs = shared.all_logs();
    assert!(logs.lines().count() > 100, "the servers logged at debug level");
    for secret in [SMTP_PASSWORD, QRAPI_KEY] {
        assert!(!logs.contains(secret), "a log line holds a secret");
    }
    println!(
        "racing servers (PostgreSQL): 4 processes, {DUE_CLIENTS} clients billed once ({orders} orders), \
         {notifications} reminders each delivered once, {runs} run row(s), {:.1} s; {} log lines without a secret",
        took.as_secs_f64(),
        logs.lines().count()
    );
}
