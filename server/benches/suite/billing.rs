//! A day's billing for 100 000 due clients on a fresh database, beside the raw insert of the
//! same number of order rows into the same database.

use crate::report::{secs, thousands, Row, Table};
use app::backend::billing;
use app::backend::clients::{self, SeededClient};
use app::backend::plans::{self, SeededPlan};
use app::backend::settings::{self, SmtpSettings};
use app::backend::testing::{Backend, TestDb};
use app::backend::{Cipher, Clock, Db, FixedClock};
use app::model::Template;
use app::on_db;
use chrono::{Datelike, Duration as Days, NaiveDate, Utc};
use std::time::{Duration, Instant};

const CLIENTS: i64 = 100_000;

pub async fn run(backend: Backend, database: &str, today: NaiveDate, table: &mut Table) {
    for reminders in [false, true] {
        let Some(t) = TestDb::new(backend).await else { return };
        due_clients(&t.db, today).await;
        if reminders {
            enable_notifications(&t.db).await;
        }
        let clock = FixedClock::at(today.and_hms_opt(15, 0, 0).unwrap().and_utc());
        let started = Instant::now();
        let outcome = billing::run_day(&t.db, &clock, false).await.unwrap();
        let took = started.elapsed();
        assert_eq!(outcome.generated, CLIENTS);
        let baseline = raw_insert(&t.db, today, &clock).await;
        let share = baseline.as_secs_f64() / took.as_secs_f64();
        let (measure, budget, met) = if reminders {
            (format!("billing {} due clients + {} reminders queued", thousands(CLIENTS as f64), thousands(outcome.queued as f64)), "—".to_string(), None)
        } else if backend == Backend::Sqlite {
            (format!("billing {} due clients", thousands(CLIENTS as f64)), "≤ 3 s and ≥ 30 % of raw".to_string(), Some(took <= Duration::from_secs(3) && share >= 0.30))
        } else {
            (format!("billing {} due clients", thousands(CLIENTS as f64)), "≥ 30 % of raw".to_string(), Some(share >= 0.30))
        };
        table.push(Row {
            database: database.into(),
            measure,
            result: format!("{} ({} orders/s)", secs(took), thousands(CLIENTS as f64 / took.as_secs_f64())),
            baseline: format!("{} (raw insert of {} orders)", secs(baseline), thousands(CLIENTS as f64)),
            ratio: format!("{:.0} % of raw rate", 100.0 * share),
            budget,
            met,
        });
    }
}

async fn enable_notifications(db: &Db) {
    let cipher = Cipher::random();
    let smtp = SmtpSettings::parse("127.0.0.1", "2525", "", "none", "", "cobranzas@empresa.pe").unwrap();
    settings::save_smtp(db, &cipher, &smtp, None).await.unwrap();
    let key = secrecy::SecretString::from("clave".to_string());
    settings::save_whatsapp(db, &cipher, "http://127.0.0.1:9", false, Some(&key)).await.unwrap();
    settings::save_template(db, true, &Template::default_body(), &Template::default_subject()).await.unwrap();
}

/// A monthly plan and 100 000 clients due between today and the window's end (3 days).
async fn due_clients(db: &Db, today: NaiveDate) {
    let now = Utc::now();
    let plan = SeededPlan { id: 1, name: "Plan Mensual".into(), amount_cents: 15_000, interval_months: 1 };
    let clients: Vec<SeededClient> = (1..=CLIENTS)
        .map(|id| {
            let due = today + Days::days(id % 4);
            SeededClient {
                id,
                name: format!("Cliente {id}"),
                email: Some(format!("cliente{id}@correo.pe")),
                whatsapp: Some(format!("+519{id:08}")),
                plan_id: Some(1),
                next_due_date: Some(due),
                billing_day: Some(due.day()),
                active: true,
            }
        })
        .collect();
    let mut tx = db.begin().await.unwrap();
    plans::insert_seeded_in(&mut tx, &[plan], now).await.unwrap();
    clients::insert_seeded_in(&mut tx, &clients, now).await.unwrap();
    tx.commit().await.unwrap();
    let automation = settings::automation(db).await.unwrap();
    settings::save_automation(db, &settings::Automation { cron_enabled: true, ..automation }).await.unwrap();
    db.refresh_statistics().await.unwrap();
}

/// The same number of order rows written the fastest plain way: multi-row inserts in one
/// transaction, no per-client logic. (Due dates a year out, so they do not collide.)
async fn raw_insert(db: &Db, today: NaiveDate, clock: &FixedClock) -> Duration {
    let now = clock.now();
    let started = Instant::now();
    on_db!(db, pool => {
        let mut tx = pool.begin().await.unwrap();
        for chunk in (0..CLIENTS).collect::<Vec<_>>().chunks(1_000) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO orders (client_id, plan_id, concept, amount_cents, due_date, created_at, status, source) ",
            );
            insert.push_values(chunk, |mut row, &i| {
                row.push_bind(1 + i)
                    .push_bind(1_i64)
                    .push_bind("Plan Mensual — diciembre 2027")
                    .push_bind(15_000_i64)
                    .push_bind(today + Days::days(365 + i % 4))
                    .push_bind(now)
                    .push_bind("pending")
                    .push_bind("manual");
            });
            insert.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    });
    started.elapsed()
}
