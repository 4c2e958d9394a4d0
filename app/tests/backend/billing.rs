//! The day's billing on both databases, with a clock the tests move: automatic orders on the
//! clients' anchor days, catch-up after downtime, the hour in Lima, and racing servers.

use app::backend::billing;
use app::backend::notify::outbox;
use app::backend::plans::{self, PlanData};
use app::backend::settings::{self, SmtpSettings};
use app::backend::testing::{Backend, TestDb};
use app::backend::{auth, clients, Cipher, Clock, Db, FixedClock};
use app::model::{add_months_anchored, ClientData, ClientForm, Interval, Money};
use app::test_on_both_databases;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use std::collections::HashSet;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 10:00 in Lima (UTC-5) on `day`.
fn lima_ten(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(15, 0, 0).unwrap().and_utc()
}

struct World {
    t: TestDb,
    clock: FixedClock,
    admin: i64,
    plan: i64,
}

impl World {
    fn db(&self) -> &Db {
        &self.t.db
    }

    async fn client(&self, name: &str, due: NaiveDate, contact: bool) -> i64 {
        let form = ClientForm {
            name: name.into(),
            email: if contact { format!("{}@cliente.pe", name.to_lowercase().replace(' ', "")) } else { String::new() },
            whatsapp: if contact { "+51995955955".into() } else { String::new() },
            plan_id: self.plan.to_string(),
            next_due_date: due.to_string(),
            active: Some("on".into()),
        };
        clients::create(self.db(), self.admin, &ClientData::parse(&form).unwrap(), self.clock.now()).await.unwrap().id
    }

    async fn automation(&self, change: impl FnOnce(&mut settings::Automation)) {
        let mut automation = settings::automation(self.db()).await.unwrap();
        change(&mut automation);
        settings::save_automation(self.db(), &automation).await.unwrap();
    }

    /// `(client, due date)` of every automatic order.
    async fn automatic_orders(&self) -> Vec<(i64, NaiveDate)> {
        let sql = "SELECT client_id, due_date FROM orders WHERE source = 'automatic' ORDER BY client_id, due_date";
        match self.db() {
            Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
            Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
        }
    }

    /// Dedupe keys of every automatic reminder.
    async fn reminder_keys(&self) -> Vec<String> {
        let sql = "SELECT dedupe_key FROM notifications WHERE origin = 'automatic' ORDER BY id";
        match self.db() {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
        }
    }
}

async fn world(backend: Backend, start: DateTime<Utc>) -> Option<World> {
    let t = TestDb::new(backend).await?;
    let clock = FixedClock::at(start);
    let admin = auth::create_first_admin(&t.db, &clock, "admin@empresa.pe", "clave-de-prueba-123", "clave-de-prueba-123")
        .await
        .unwrap()
        .id;
    let plan = PlanData { name: "Plan Mensual".into(), price: Money::from_cents(10_000), interval: Interval::Monthly, active: true };
    let plan = plans::create(&t.db, admin, &plan, clock.now()).await.unwrap().id;
    let w = World { t, clock, admin, plan };
    w.automation(|a| a.cron_enabled = true).await;
    Some(w)
}

/// Notifications on, with e-mail and WhatsApp configured (nothing is sent: these tests look
/// at what is queued).
async fn enable_notifications(w: &World) {
    let cipher = Cipher::random();
    let smtp = SmtpSettings::parse("127.0.0.1", "2525", "", "none", "", "cobranzas@empresa.pe").unwrap();
    settings::save_smtp(w.db(), &cipher, &smtp, None).await.unwrap();
    let key = secrecy::SecretString::from("clave".to_string());
    settings::save_whatsapp(w.db(), &cipher, "http://127.0.0.1:9", false, Some(&key)).await.unwrap();
    let template = app::model::Template::default_body();
    settings::save_template(w.db(), true, &template, &app::model::Template::default_subject()).await.unwrap();
}

async fn a_year_of_daily_ticks_bills_each_period_once_on_its_anchor_day(backend: Backend) {
    let first_day = d(2027, 12, 1);
    let Some(w) = world(backend, lima_ten(first_day)).await else { return };
    let anchors = [1, 15, 28, 29, 30, 31];
    let mut ids = Vec::new();
    for day in anchors {
        let first_due = d(2028, 1, day);
        ids.push((w.client(&format!("Cliente {day}"), first_due, false).await, day, first_due));
    }
    let last_day = d(2028, 12, 31);
    let mut day = first_day;
    while day <= last_day {
        w.clock.advance(lima_ten(day) - w.clock.now());
        billing::tick(w.db(), &w.clock).await.unwrap();
        // A second tick the same day changes nothing.
        w.clock.advance(Duration::hours(5));
        assert_eq!(billing::tick(w.db(), &w.clock).await.unwrap(), None);
        day += Duration::days(1);
    }
    let orders = w.automatic_orders().await;
    for (id, anchor, first_due) in ids {
        let mut expected = Vec::new();
        let mut due = first_due;
        while due - Duration::days(3) <= last_day {
            expected.push(due);
            due = add_months_anchored(due, 1, anchor);
        }
        let got: Vec<NaiveDate> = orders.iter().filter(|(c, _)| *c == id).map(|(_, due)| *due).collect();
        assert_eq!(got, expected, "client due on the {anchor}");
    }
    // The 31st: Feb 29 (2028 is a leap year), then back to the 31st.
    let thirty_first = &orders.iter().filter(|(c, _)| *c == w_client_of(&orders, 5)).map(|(_, d)| *d).collect::<Vec<_>>()[..4];
    assert_eq!(thirty_first, [d(2028, 1, 31), d(2028, 2, 29), d(2028, 3, 31), d(2028, 4, 30)]);
    let unique: HashSet<_> = orders.iter().collect();
    assert_eq!(unique.len(), orders.len());
}

/// The client id of the `n`-th client created (ids grow in creation order).
fn w_client_of(orders: &[(i64, NaiveDate)], n: usize) -> i64 {
    let mut ids: Vec<i64> = orders.iter().map(|(c, _)| *c).collect();
    ids.dedup();
    ids[n]
}

async fn missed_days_are_caught_up_once_without_a_flood_of_reminders(backend: Backend) {
    let Some(w) = world(backend, lima_ten(d(2028, 1, 5))).await else { return };
    enable_notifications(&w).await;
    w.automation(|a| {
        a.remind_on_due_date = true;
        a.remind_days_after = Some(2);
    })
    .await;
    let client = w.client("Ana", d(2028, 1, 10), true).await;
    let early = w.client("Beto", d(2028, 1, 20), true).await;
    assert_eq!(billing::tick(w.db(), &w.clock).await.unwrap().unwrap().generated, 0, "Jan 10 is 5 days away");

    // Down from the 6th to the 10th; up again on the 11th.
    w.clock.advance(lima_ten(d(2028, 1, 11)) - w.clock.now());
    let outcome = billing::tick(w.db(), &w.clock).await.unwrap().unwrap();
    assert_eq!(outcome.generated, 1, "the missed period, once");
    assert_eq!(w.automatic_orders().await, vec![(client, d(2028, 1, 10))]);
    // Already overdue: no "before" reminder, the due-date one (caught up), one per channel.
    let keys = w.reminder_keys().await;
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys.iter().all(|k| k.ends_with(":due")), "{keys:?}");
    assert_eq!(billing::run_day(w.db(), &w.clock, true).await.unwrap(), Default::default(), "Ejecutar ahora again: nothing new");

    // Two days after the due date, the "after" reminder; Beto's order comes on the 17th.
    w.clock.advance(lima_ten(d(2028, 1, 12)) - w.clock.now());
    billing::tick(w.db(), &w.clock).await.unwrap();
    assert_eq!(w.reminder_keys().await.len(), 4);
    assert!(w.reminder_keys().await[2..].iter().all(|k| k.ends_with(":after")));
    for day in 13..=17 {
        w.clock.advance(lima_ten(d(2028, 1, day)) - w.clock.now());
        billing::tick(w.db(), &w.clock).await.unwrap();
    }
    let orders = w.automatic_orders().await;
    assert_eq!(orders, vec![(client, d(2028, 1, 10)), (early, d(2028, 1, 20))]);
    let keys = w.reminder_keys().await;
    assert_eq!(keys.len(), 6, "{keys:?}");
    assert!(keys[4..].iter().all(|k| k.ends_with(":before")), "{keys:?}");
    assert_eq!(outbox::count_by_status(w.db(), "queued").await.unwrap(), 6);
}

async fn the_run_waits_for_the_hour_in_lima_and_follows_setting_changes(backend: Backend) {
    // 13:59 UTC is 08:59 in Lima: the server's own zone does not matter.
    let Some(w) = world(backend, "2028-03-01T13:59:00Z".parse().unwrap()).await else { return };
    w.client("Ana", d(2028, 3, 3), false).await;
    assert_eq!(billing::tick(w.db(), &w.clock).await.unwrap(), None);
    w.clock.advance(Duration::minutes(1));
    assert_eq!(billing::tick(w.db(), &w.clock).await.unwrap().unwrap().generated, 1);

    // Next day the hour moves to 10:00 at 09:30: nothing until 10:00.
    w.client("Beto", d(2028, 3, 5), false).await;
    w.clock.advance(lima_ten(d(2028, 3, 2)) - w.clock.now() - Duration::minutes(30));
    w.automation(|a| a.generation_time = NaiveTime::from_hms_opt(10, 0, 0).unwrap()).await;
    assert_eq!(billing::tick(w.db(), &w.clock).await.unwrap(), None);
    w.clock.advance(Duration::minutes(30));
    assert_eq!(billing::tick(w.db(), &w.clock).await.unwrap().unwrap().generated, 1);

    // Turned off, nothing runs.
    w.automation(|a| a.cron_enabled = false).await;
    w.clock.advance(Duration::days(1));
    assert_eq!(billing::tick(w.db(), &w.clock).await.unwrap(), None);
}

async fn four_servers_racing_never_duplicate_orders_or_reminders(backend: Backend) {
    let first_day = d(2028, 1, 1);
    let Some(w) = world(backend, lima_ten(first_day)).await else { return };
    enable_notifications(&w).await;
    w.automation(|a| a.remind_on_due_date = true).await;
    let mut expected = 0;
    let ticks = 200;
    let last_day = first_day + Duration::days(ticks - 1);
    for i in 0..40u32 {
        let due = d(2028, 1, 1 + i % 28);
        w.client(&format!("Cliente {i}"), due, true).await;
        let mut next = due;
        while next - Duration::days(3) <= last_day {
            expected += 1;
            next = add_months_anchored(next, 1, due.day0() + 1);
        }
    }
    // Four servers, each with its own pool, tick at the same moments.
    let mut servers = Vec::new();
    for _ in 0..4 {
        servers.push(Db::connect(&w.t.url).await.unwrap());
    }
    for tick in 0..ticks {
        w.clock.advance(lima_ten(first_day + Duration::days(tick)) - w.clock.now());
        let runs = servers.iter().map(|db| {
            let clock = w.clock.clone();
            let db = db.clone();
            tokio::spawn(async move { billing::tick(&db, &clock).await })
        });
        for run in runs.collect::<Vec<_>>() {
            run.await.unwrap().unwrap();
        }
    }
    let orders = w.automatic_orders().await;
    assert_eq!(orders.len(), expected);
    assert_eq!(orders.iter().collect::<HashSet<_>>().len(), expected);
    let keys = w.reminder_keys().await;
    assert_eq!(keys.iter().collect::<HashSet<_>>().len(), keys.len(), "no reminder twice");
    // Every order got its "before" reminder on both channels, once.
    assert_eq!(keys.iter().filter(|k| k.ends_with(":before")).count(), 2 * expected);
}


test_on_both_databases!(
    a_year_of_daily_ticks_bills_each_period_once_on_its_anchor_day,
    missed_days_are_caught_up_once_without_a_flood_of_reminders,
    the_run_waits_for_the_hour_in_lima_and_follows_setting_changes,
    four_servers_racing_never_duplicate_orders_or_reminders,
);
