//! The delivery worker draining 10 000 queued notifications (half e-mail, half WhatsApp) to
//! the loopback SMTP sink and fake gateway, rate limit off; beside it, the same sink and
//! gateway fed directly by one mailer and one gateway client, with no queue in between.

use crate::report::{thousands, Row, Table};
use app::backend::notify::dispatch::Dispatcher;
use app::backend::notify::email::{Mailer, SmtpConfig};
use app::backend::notify::outbox::{self, Draft, Keyed};
use app::backend::notify::whatsapp::{Qrapi, QrapiConfig, WhatsAppGateway};
use app::backend::settings::{self, SmtpSettings};
use app::backend::testing::fake_gateway::FakeGateway;
use app::backend::testing::smtp_sink::SmtpSink;
use app::backend::{Cipher, Db, FixedClock};
use app::model::{Channel, SmtpEncryption, Template};
use app::on_db;
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::{Duration, Instant};

const MESSAGES: usize = 10_000;
/// Messages per channel sent straight for the baseline.
const DIRECT: usize = 1_000;
const TIMEOUT: Duration = Duration::from_secs(10);

pub async fn run(db: &Db, database: &str, now: DateTime<Utc>, table: &mut Table) {
    let sink = SmtpSink::start().await;
    let gateway = FakeGateway::start().await;
    let cipher = Arc::new(Cipher::random());
    let smtp = SmtpSettings::parse("127.0.0.1", &sink.port.to_string(), "", "none", "Cobranzas", "cobranzas@empresa.pe").unwrap();
    settings::save_smtp(db, &cipher, &smtp, None).await.unwrap();
    let key = SecretString::from("clave-qrapi".to_string());
    settings::save_whatsapp(db, &cipher, &gateway.url, false, Some(&key)).await.unwrap();
    settings::save_template(db, true, &Template::default_body(), &Template::default_subject()).await.unwrap();
    queue(db, now).await;

    let mut dispatcher = Dispatcher::new(db.clone(), Arc::new(FixedClock::at(now)), cipher);
    dispatcher.rate_limited = false;
    let started = Instant::now();
    let mut sent = 0;
    loop {
        let round = dispatcher.run_once().await.unwrap();
        sent += round.sent;
        assert_eq!(round.failed + round.retrying, 0, "the loopback fakes accept everything");
        if round.sent == 0 {
            break;
        }
    }
    let took = started.elapsed();
    assert_eq!(sent, MESSAGES);
    assert_eq!(sink.messages().len() + gateway.requests().len(), MESSAGES, "each message arrived once");
    let rate = MESSAGES as f64 / took.as_secs_f64();

    let direct = direct_rate(&sink, &gateway).await;
    table.push(Row {
        database: database.into(),
        measure: format!("delivery worker: {} notifications, rate limit off", thousands(MESSAGES as f64)),
        result: format!("{} messages/s ({:.1} s)", thousands(rate), took.as_secs_f64()),
        baseline: format!("{} messages/s (sent directly, no queue)", thousands(direct)),
        ratio: format!("{:.0} %", 100.0 * rate / direct),
        budget: "—".into(),
        met: None,
    });
}

/// Half e-mail, half WhatsApp, on the seeded orders.
async fn queue(db: &Db, now: DateTime<Utc>) {
    let ids: Vec<i64> = on_db!(db, pool => sqlx::query_scalar("SELECT id FROM orders ORDER BY id LIMIT $1")
        .bind((MESSAGES / 2) as i64)
        .fetch_all(pool)
        .await
        .unwrap());
    let body = "Hola Cliente\nTe recordamos el pago de *Plan Estándar* por S/ 89.90, que vence el 05/12/2026.";
    let rows: Vec<Keyed> = ids
        .iter()
        .flat_map(|&order_id| {
            [
                Draft { channel: Channel::Email, recipient: format!("cliente{order_id}@correo.pe"), subject: Some("Recordatorio de pago".into()), body: body.into(), html: None },
                Draft { channel: Channel::WhatsApp, recipient: format!("519{:08}", order_id), subject: None, body: body.into(), html: None },
            ]
            .into_iter()
            .map(move |draft| Keyed { order_id, dedupe_key: format!("bench:{order_id}:{}", draft.channel.as_db()), draft })
        })
        .collect();
    let mut tx = db.begin().await.unwrap();
    assert_eq!(outbox::enqueue_many_in(&mut tx, &rows, now).await.unwrap(), MESSAGES);
    tx.commit().await.unwrap();
}

/// Both channels at once, each sending one message after another, as the worker does.
async fn direct_rate(sink: &SmtpSink, gateway: &FakeGateway) -> f64 {
    let config = SmtpConfig {
        host: "127.0.0.1".into(),
        port: sink.port,
        username: String::new(),
        password: None,
        encryption: SmtpEncryption::None,
        from_name: "Cobranzas".into(),
        from_address: "cobranzas@empresa.pe".into(),
    };
    let mailer = Mailer::new(&config, TIMEOUT).unwrap();
    let qrapi = Qrapi::new(
        &QrapiConfig { url: gateway.url.clone(), key: SecretString::from("clave-qrapi".to_string()), accept_invalid_certs: false },
        TIMEOUT,
    )
    .unwrap();
    let started = Instant::now();
    let email = async {
        for i in 0..DIRECT {
            mailer.send(&format!("cliente{i}@correo.pe"), "Recordatorio de pago", "Hola Cliente", None).await.unwrap();
        }
    };
    let whatsapp = async {
        for i in 0..DIRECT {
            qrapi.send_text(&format!("+519{i:08}"), "Hola Cliente").await.unwrap();
        }
    };
    tokio::join!(email, whatsapp);
    (2 * DIRECT) as f64 / started.elapsed().as_secs_f64()
}
