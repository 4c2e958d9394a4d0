//! Delivery through channels that misbehave at random (seeded): an SMTP sink that refuses 30 %
//! of messages and stalls some past the timeout, and a gateway that answers 500 or hangs. After
//! the worker settles, with the clock moved through every backoff, each notification is sent or
//! failed with its error, none is lost, and nothing the far end accepted arrived twice.

use app::backend::billing;
use app::backend::notify::dispatch::{Dispatcher, Timeouts};
use app::backend::notify::outbox;
use app::backend::plans::{self, PlanData};
use app::backend::settings::{self, SmtpSettings};
use app::backend::testing::fake_gateway::{FakeGateway, GatewayFaults};
use app::backend::testing::smtp_sink::{SmtpFaults, SmtpSink};
use app::backend::testing::{Backend, TestDb};
use app::backend::{auth, clients, Cipher, Clock, Db, FixedClock};
use app::model::{ClientData, ClientForm, Interval, Money, RateLimits, Template};
use app::{on_db, test_on_both_databases};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

const CLIENTS: usize = 1_000;
/// Long enough for a loopback exchange, short enough that stalls do not make the test crawl.
const TIMEOUT: std::time::Duration = std::time::Duration::from_millis(400);

fn start() -> DateTime<Utc> {
    "2027-03-01T15:00:00Z".parse().unwrap()
}

fn phone(i: usize) -> String {
    format!("+5199{i:07}")
}

#[derive(sqlx::FromRow, Debug)]
struct Row {
    id: i64,
    channel: String,
    recipient: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
}

async fn rows(db: &Db) -> Vec<Row> {
    let sql = "SELECT id, channel, recipient, status, attempts, last_error FROM notifications ORDER BY id";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await.unwrap())
}

async fn logged_attempts(db: &Db) -> HashMap<i64, i64> {
    let sql = "SELECT notification_id, COUNT(*) FROM notification_attempts GROUP BY notification_id";
    let counted: Vec<(i64, i64)> = on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await.unwrap());
    counted.into_iter().collect()
}

/// 1 000 clients due in three days, each with its own e-mail and number, billed with
/// reminders on: 2 000 notifications in the outbox.
async fn queue_reminders(db: &Db, clock: &FixedClock, cipher: &Cipher, sink: &SmtpSink, gateway: &FakeGateway) {
    let admin = auth::create_first_admin(db, clock, "admin@empresa.pe", "clave-de-prueba-123", "clave-de-prueba-123")
        .await
        .unwrap()
        .id;
    let plan = PlanData { name: "Plan Mensual".into(), price: Money::from_cents(9_900), interval: Interval::Monthly, active: true };
    let plan = plans::create(db, admin, &plan, clock.now()).await.unwrap().id;
    let due = NaiveDate::from_ymd_opt(2027, 3, 4).unwrap();
    for i in 0..CLIENTS {
        let form = ClientForm {
            name: format!("Cliente {i:04}"),
            email: format!("cliente{i:04}@correo.pe"),
            whatsapp: phone(i),
            plan_id: plan.to_string(),
            next_due_date: due.to_string(),
            active: Some("on".into()),
        };
        clients::create(db, admin, &ClientData::parse(&form).unwrap(), clock.now()).await.unwrap();
    }
    let smtp = SmtpSettings::parse("127.0.0.1", &sink.port.to_string(), "", "none", "Cobranzas", "cobranzas@empresa.pe").unwrap();
    settings::save_smtp(db, cipher, &smtp, None).await.unwrap();
    let key = secrecy::SecretString::from("clave-qrapi".to_string());
    settings::save_whatsapp(db, cipher, &gateway.url, false, Some(&key)).await.unwrap();
    settings::save_template(db, true, &Template::default_body(), &Template::default_subject()).await.unwrap();
    let limits = RateLimits { email_per_minute: 100_000, email_per_day: 100_000, whatsapp_per_minute: 100_000, whatsapp_per_day: 100_000 };
    settings::save_limits(db, &limits).await.unwrap();
    let mut automation = settings::automation(db).await.unwrap();
    automation.cron_enabled = true;
    settings::save_automation(db, &automation).await.unwrap();
    let run = billing::run_day(db, clock, false).await.unwrap();
    assert_eq!((run.generated, run.queued), (CLIENTS as i64, 2 * CLIENTS as i64));
}

async fn every_notification_ends_sent_or_failed_and_none_twice(backend: Backend) {
    let Some(t) = TestDb::new(backend).await else { return };
    let clock = FixedClock::at(start());
    let cipher = Arc::new(Cipher::random());
    let sink = SmtpSink::start().await;
    let gateway = FakeGateway::start().await;
    queue_reminders(&t.db, &clock, &cipher, &sink, &gateway).await;
    sink.set_faults(SmtpFaults { seed: 7, refuse_percent: 30, stall_percent: 2 });
    gateway.set_faults(GatewayFaults { seed: 11, error_percent: 25, hang_percent: 2 });

    let mut dispatcher = Dispatcher::new(t.db.clone(), Arc::new(clock.clone()), cipher.clone());
    dispatcher.timeouts = Timeouts { smtp: TIMEOUT, http: TIMEOUT };
    let started = std::time::Instant::now();
    let mut rounds = 0;
    let mut idle_minutes = 0;
    loop {
        let round = dispatcher.run_once().await.unwrap();
        assert_eq!(round.lost, 0, "one worker never loses its own claims");
        let open = outbox::count_by_status(&t.db, "queued").await.unwrap() + outbox::count_by_status(&t.db, "sending").await.unwrap();
        if open == 0 {
            break;
        }
        if round.sent + round.retrying + round.failed == 0 {
            // Nothing due now: move to the next retry, a minute at a time.
            clock.advance(Duration::minutes(1));
            idle_minutes += 1;
        }
        rounds += 1;
        assert!(idle_minutes < 24 * 60, "the outbox never settled: {open} still open after {rounds} rounds");
    }

    let rows = rows(&t.db).await;
    assert_eq!(rows.len(), 2 * CLIENTS, "no notification lost or added");
    let attempts = logged_attempts(&t.db).await;
    for row in &rows {
        assert!(row.status == "sent" || row.status == "failed", "{row:?}");
        if row.status == "failed" {
            assert!(row.last_error.as_deref().is_some_and(|e| !e.is_empty()), "a failure keeps its error: {row:?}");
        }
        assert_eq!(attempts.get(&row.id).copied(), Some(row.attempts), "every try is in the log: {row:?}");
    }
    let sent_to = |channel: &str| -> HashSet<String> {
        rows.iter().filter(|r| r.channel == channel && r.status == "sent").map(|r| r.recipient.clone()).collect()
    };

    // Each e-mail the sink accepted went to one client, once, and exactly those are "sent".
    let mails: Vec<String> = sink.messages().into_iter().flat_map(|m| m.rcpt_to).collect();
    let distinct: HashSet<String> = mails.iter().cloned().collect();
    assert_eq!(distinct.len(), mails.len(), "an accepted e-mail arrived twice");
    assert_eq!(distinct, sent_to("email"));
    let texts: Vec<String> = gateway.accepted().into_iter().map(|r| r.body["number"].as_str().unwrap().to_string()).collect();
    let distinct_texts: HashSet<String> = texts.iter().cloned().collect();
    assert_eq!(distinct_texts.len(), texts.len(), "an accepted WhatsApp arrived twice");
    let sent_numbers: HashSet<String> = sent_to("whatsapp").iter().map(|n| n.trim_start_matches('+').to_string()).collect();
    assert_eq!(distinct_texts, sent_numbers);

    // The faults really happened, and some messages failed for good while most got through.
    let tally = sink.tally();
    let failed = rows.iter().filter(|r| r.status == "failed").count();
    assert!(tally.refused > 300 && tally.stalled > 10, "{tally:?}");
    assert!(failed > 0 && failed < rows.len() / 10, "{failed} failed");
    assert_eq!(tally.accepted + tally.refused + tally.stalled, rows.iter().filter(|r| r.channel == "email").map(|r| r.attempts as usize).sum::<usize>());
    println!(
        "faulty channels ({backend:?}): {} notifications, {} sent, {failed} failed; SMTP {} accepted, {} refused, {} stalled; \
         gateway {} requests, {} accepted; {rounds} rounds, clock moved {idle_minutes} min, {:.1} s",
        rows.len(),
        rows.len() - failed,
        tally.accepted,
        tally.refused,
        tally.stalled,
        gateway.requests().len(),
        gateway.accepted().len(),
        started.elapsed().as_secs_f64()
    );
}

test_on_both_databases!(every_notification_ends_sent_or_failed_and_none_twice);
