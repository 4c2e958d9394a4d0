//! `pagos seed` on both databases: deterministic data in every state, a refusal that changes
//! nothing, `--force`, and a database the app keeps working on afterwards.

use app::backend::seed::{self, SeedError, SeedOptions, SeedReport};
use app::backend::testing::{Backend, TestDb};
use app::backend::{auth, billing, clients, orders, Db, FixedClock};
use app::model::{ClientData, ClientForm, Money, OrderFilter, OrderState};
use app::test_on_both_databases;
use chrono::{DateTime, NaiveDate, Utc};

fn now() -> DateTime<Utc> {
    "2026-12-03T15:00:00Z".parse().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn options(seed: u64, force: bool) -> SeedOptions {
    SeedOptions { clients: 400, orders: 4_000, seed, force }
}

async fn fill(db: &Db, options: SeedOptions) -> Result<SeedReport, SeedError> {
    seed::run(db, &FixedClock::at(now()), options).await
}

/// Every seeded row that matters to a user, in one comparable list.
async fn snapshot(db: &Db) -> Vec<String> {
    let orders = "SELECT o.id, o.client_id, c.name, o.concept, o.amount_cents, o.due_date, o.status, o.source, \
                  o.payment_method FROM orders o JOIN clients c ON c.id = o.client_id ORDER BY o.id";
    type Row = (i64, i64, String, Option<String>, i64, NaiveDate, String, String, Option<String>);
    let rows: Vec<Row> = app::on_db!(db, pool => sqlx::query_as(orders).fetch_all(pool).await.unwrap());
    let notes = "SELECT order_id, channel, recipient, status, body FROM notifications ORDER BY order_id, channel";
    let notes: Vec<(i64, String, String, String, String)> =
        app::on_db!(db, pool => sqlx::query_as(notes).fetch_all(pool).await.unwrap());
    rows.iter().map(|r| format!("{r:?}")).chain(notes.iter().map(|n| format!("{n:?}"))).collect()
}

async fn count(db: &Db, sql: &str) -> i64 {
    app::on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap())
}

async fn the_same_options_give_the_same_data_in_every_state(backend: Backend) {
    let Some(first) = TestDb::new(backend).await else { return };
    let second = TestDb::new(backend).await.unwrap();
    let report = fill(&first.db, options(7, false)).await.unwrap();
    fill(&second.db, options(7, false)).await.unwrap();
    assert_eq!((report.plans, report.clients, report.orders), (7, 400, 4_000));
    assert!(report.notifications > 100, "recent orders were notified: {report:?}");
    assert_eq!(snapshot(&first.db).await, snapshot(&second.db).await, "same seed, same rows");

    let totals = orders::totals(&first.db, today(), &OrderFilter::default()).await.unwrap();
    for state in [OrderState::Paid, OrderState::Pending, OrderState::Overdue, OrderState::Cancelled] {
        assert!(totals.of(state).count > 100, "{state:?}: {totals:?}");
    }
    let counted = totals.paid.count + totals.pending.count + totals.overdue.count + totals.cancelled.count;
    assert_eq!(counted, 4_000, "the day totals follow the seeded rows");
    let months = count(&first.db, "SELECT COUNT(DISTINCT substr(CAST(due_date AS TEXT), 1, 7)) FROM orders").await;
    assert!(months >= 24, "two years of due dates, got {months} months");
    assert_eq!(
        count(&first.db, "SELECT COUNT(*) FROM notification_attempts").await,
        report.notifications,
        "each notification shows its last attempt"
    );
    assert!(count(&first.db, "SELECT COUNT(*) FROM notifications WHERE status = 'failed' AND last_error IS NOT NULL").await > 0);
    assert_eq!(count(&first.db, "SELECT COUNT(*) FROM notifications WHERE status IN ('queued', 'sending')").await, 0, "nothing left for the delivery worker to send to made-up people");
    assert!(count(&first.db, "SELECT COUNT(*) FROM clients WHERE whatsapp LIKE '+519%'").await > 300);

    let other = TestDb::new(backend).await.unwrap();
    fill(&other.db, options(8, false)).await.unwrap();
    assert_ne!(snapshot(&first.db).await, snapshot(&other.db).await, "another seed, other rows");
}

async fn a_database_with_data_is_refused_unchanged_unless_forced(backend: Backend) {
    let Some(t) = TestDb::new(backend).await else { return };
    let clock = FixedClock::at(now());
    let admin = auth::create_first_admin(&t.db, &clock, "admin@empresa.pe", "clave-de-prueba-123", "clave-de-prueba-123")
        .await
        .unwrap();
    let form = ClientForm { name: "Cliente real".into(), active: Some("on".into()), ..Default::default() };
    clients::create(&t.db, admin.id, &ClientData::parse(&form).unwrap(), now()).await.unwrap();

    let refused = fill(&t.db, options(1, false)).await.unwrap_err();
    assert!(matches!(refused, SeedError::HasData { clients: 1, .. }), "{refused:?}");
    assert!(refused.to_string().contains("--force"));
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM clients").await, 1, "nothing was touched");
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM orders").await, 0);

    fill(&t.db, options(1, true)).await.unwrap();
    let fresh = TestDb::new(backend).await.unwrap();
    fill(&fresh.db, options(1, false)).await.unwrap();
    assert_eq!(snapshot(&t.db).await, snapshot(&fresh.db).await, "--force gives what a fresh database gets");
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM clients WHERE name = 'Cliente real'").await, 0);
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM users").await, 1, "the account stays");

    // Seeding twice with --force is still the same data.
    fill(&t.db, options(1, true)).await.unwrap();
    assert_eq!(snapshot(&t.db).await, snapshot(&fresh.db).await);
}

async fn the_app_keeps_working_on_seeded_data(backend: Backend) {
    let Some(t) = TestDb::new(backend).await else { return };
    fill(&t.db, options(3, false)).await.unwrap();
    let clock = FixedClock::at(now());
    let admin = auth::create_first_admin(&t.db, &clock, "admin@empresa.pe", "clave-de-prueba-123", "clave-de-prueba-123")
        .await
        .unwrap();

    // New rows get new ids (PostgreSQL's sequences were moved past the seeded ones).
    let form = ClientForm { name: "Nueva clienta".into(), active: Some("on".into()), ..Default::default() };
    let client = clients::create(&t.db, admin.id, &ClientData::parse(&form).unwrap(), now()).await.unwrap();
    assert_eq!(client.id, 401);
    let order = orders::NewOrder { client_id: client.id, due_date: today(), amount: Money::from_cents(5_000), concept: None };
    assert_eq!(orders::create(&t.db, admin.id, &order, now()).await.unwrap(), 4_001);

    // The day's billing on seeded clients (each due within its plan's period) creates each
    // order once, and seeded automatic orders are never created again.
    let before = count(&t.db, "SELECT COUNT(*) FROM orders").await;
    let first = billing::run_day(&t.db, &clock, true).await.unwrap();
    let second = billing::run_day(&t.db, &clock, true).await.unwrap();
    assert!(first.generated > 0);
    assert_eq!(second.generated, 0);
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM orders").await, before + first.generated);
}

test_on_both_databases!(
    the_same_options_give_the_same_data_in_every_state,
    a_database_with_data_is_refused_unchanged_unless_forced,
    the_app_keeps_working_on_seeded_data,
);
