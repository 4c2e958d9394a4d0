//! A database with a day's billing due (50 000 clients, 1 000 of them reachable by e-mail and
//! WhatsApp), the loopback SMTP sink and gateway its reminders go to, real `pagos` processes
//! started on it, and a snapshot of everything billing and delivery leave behind.

use app::backend::plans::{self, SeededPlan};
use app::backend::clients::{self, SeededClient};
use app::backend::settings::{self, SmtpSettings};
use app::backend::testing::fake_gateway::FakeGateway;
use app::backend::testing::smtp_sink::SmtpSink;
use app::backend::testing::{Backend, TestDb};
use app::backend::{Cipher, Db, SystemClock};
use app::model::{RateLimits, Template};
use app::on_db;
use base64::Engine;
use chrono::{Datelike, Duration as Days, NaiveDate, NaiveTime, Utc};
use secrecy::SecretString;
use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PAGOS: &str = env!("CARGO_BIN_EXE_pagos");
pub const DUE_CLIENTS: i64 = 50_000;
/// Clients with an e-mail and a WhatsApp number: two reminders each.
pub const REACHABLE: i64 = 1_000;
pub const SMTP_USER: &str = "cobranzas@empresa.pe";
pub const SMTP_PASSWORD: &str = "clave-smtp-muy-secreta-7781";
pub const QRAPI_KEY: &str = "qrapi-clave-privada-5524";

pub struct World {
    pub t: TestDb,
    pub key: String,
    pub sink: SmtpSink,
    pub gateway: FakeGateway,
    /// Server logs, kept for the secrets check.
    pub logs: tempfile::TempDir,
    servers_started: usize,
}

/// Every client is due the day after tomorrow, three days ahead: billing today or tomorrow
/// (should the run cross midnight in Lima) creates the same orders and reminders.
pub async fn world(backend: Backend) -> Option<World> {
    let t = TestDb::new(backend).await?;
    let key = base64::engine::general_purpose::STANDARD.encode([42u8; 32]);
    let cipher = Cipher::from_base64(&SecretString::from(key.clone())).unwrap();
    let today = settings::today(&t.db, &SystemClock).await.unwrap();
    let due = today + Days::days(2);
    let now = Utc::now();
    let plan = SeededPlan { id: 1, name: "Plan Mensual".into(), amount_cents: 12_900, interval_months: 1 };
    let clients: Vec<SeededClient> = (1..=DUE_CLIENTS)
        .map(|id| SeededClient {
            id,
            name: format!("Cliente {id:05}"),
            email: (id <= REACHABLE).then(|| format!("cliente{id:05}@correo.pe")),
            whatsapp: (id <= REACHABLE).then(|| format!("+5198{id:07}")),
            plan_id: Some(1),
            next_due_date: Some(due),
            billing_day: Some(due.day()),
            active: true,
        })
        .collect();
    let mut tx = t.db.begin().await.unwrap();
    plans::insert_seeded_in(&mut tx, &[plan], now).await.unwrap();
    clients::insert_seeded_in(&mut tx, &clients, now).await.unwrap();
    tx.commit().await.unwrap();

    let sink = SmtpSink::start().await;
    sink.require_login(SMTP_USER, SMTP_PASSWORD);
    let gateway = FakeGateway::start().await;
    let smtp = SmtpSettings::parse("127.0.0.1", &sink.port.to_string(), SMTP_USER, "none", "Cobranzas", "").unwrap();
    settings::save_smtp(&t.db, &cipher, &smtp, Some(&SecretString::from(SMTP_PASSWORD.to_string()))).await.unwrap();
    settings::save_whatsapp(&t.db, &cipher, &gateway.url, false, Some(&SecretString::from(QRAPI_KEY.to_string())))
        .await
        .unwrap();
    settings::save_template(&t.db, true, &Template::default_body(), &Template::default_subject()).await.unwrap();
    let limits = RateLimits { email_per_minute: 100_000, email_per_day: 100_000, whatsapp_per_minute: 100_000, whatsapp_per_day: 100_000 };
    settings::save_limits(&t.db, &limits).await.unwrap();
    let mut automation = settings::automation(&t.db).await.unwrap();
    automation.cron_enabled = true;
    automation.days_before = 3;
    automation.generation_time = NaiveTime::MIN;
    settings::save_automation(&t.db, &automation).await.unwrap();
    t.db.refresh_statistics().await.unwrap();
    Some(World { t, key, sink, gateway, logs: tempfile::tempdir().unwrap(), servers_started: 0 })
}

/// A running `pagos serve`; killed with SIGKILL when dropped without [`Server::stop`].
pub struct Server {
    child: Option<Child>,
    pub base: String,
}

impl World {
    pub fn db(&self) -> &Db {
        &self.t.db
    }

    /// Starts `pagos` on this world's database, its log in `logs/`.
    pub fn start_server(&mut self, rust_log: &str) -> Server {
        self.servers_started += 1;
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = File::create(self.log_path(self.servers_started)).unwrap();
        let child = Command::new(PAGOS)
            .env("DATABASE_URL", &self.t.url)
            .env("PAGOS_ADDR", format!("127.0.0.1:{port}"))
            .env("PAGOS_SECRET_KEY", &self.key)
            .env("RUST_LOG", rust_log)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        Server { child: Some(child), base: format!("http://127.0.0.1:{port}") }
    }

    fn log_path(&self, n: usize) -> PathBuf {
        self.logs.path().join(format!("pagos-{n}.log"))
    }

    /// Everything every server of this world wrote.
    pub fn all_logs(&self) -> String {
        (1..=self.servers_started).map(|n| std::fs::read_to_string(self.log_path(n)).unwrap_or_default()).collect()
    }

    async fn count(&self, sql: &str) -> i64 {
        on_db!(self.db(), pool => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap())
    }

    pub async fn orders(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM orders").await
    }

    pub async fn sent(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM notifications WHERE status = 'sent'").await
    }

    /// Billing finished and every reminder delivered.
    pub async fn settled(&self) -> bool {
        self.count("SELECT COUNT(*) FROM scheduler_runs WHERE finished_at IS NOT NULL AND error IS NULL").await > 0
            && self.orders().await == DUE_CLIENTS
            && self.sent().await == 2 * REACHABLE
    }

    pub async fn wait_until_settled(&self, limit: Duration) {
        let started = Instant::now();
        while !self.settled().await {
            assert!(started.elapsed() < limit, "not settled after {limit:?}: {} orders, {} sent", self.orders().await, self.sent().await);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Orders, next due dates and notifications: what an interrupted run must end with too.
    pub async fn snapshot(&self) -> Snapshot {
        let orders_sql = "SELECT client_id, due_date, amount_cents, concept, status, source FROM orders ORDER BY client_id, due_date";
        let clients_sql = "SELECT id, next_due_date FROM clients ORDER BY id";
        let notifications_sql = "SELECT o.client_id, o.due_date, n.channel, n.origin, n.recipient, n.subject, n.body, n.status, \
                                 n.dedupe_key FROM notifications n JOIN orders o ON o.id = n.order_id \
                                 ORDER BY o.client_id, o.due_date, n.channel";
        on_db!(self.db(), pool => Snapshot {
            orders: sqlx::query_as(orders_sql).fetch_all(pool).await.unwrap(),
            due_dates: sqlx::query_as(clients_sql).fetch_all(pool).await.unwrap(),
            notifications: sqlx::query_as(notifications_sql).fetch_all(pool).await.unwrap(),
        })
    }

    /// Messages the sink and the gateway accepted more than once, per recipient.
    pub fn double_deliveries(&self) -> (usize, usize) {
        let mails: Vec<String> = self.sink.messages().into_iter().flat_map(|m| m.rcpt_to).collect();
        let texts: Vec<String> = self.gateway.accepted().into_iter().map(|r| r.body["number"].to_string()).collect();
        (repeats(&mails), repeats(&texts))
    }
}

fn repeats(items: &[String]) -> usize {
    items.len() - items.iter().collect::<std::collections::HashSet<_>>().len()
}

type OrderRow = (i64, NaiveDate, i64, Option<String>, String, String);
type NotificationRow = (i64, NaiveDate, String, String, String, Option<String>, String, String, Option<String>);

#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub orders: Vec<OrderRow>,
    pub due_dates: Vec<(i64, Option<NaiveDate>)>,
    pub notifications: Vec<NotificationRow>,
}

impl Server {
    pub async fn wait_until_healthy(&mut self) {
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("pagos exited early with {status}");
            }
            if let Ok(response) = client.get(format!("{}/healthz", self.base)).send().await {
                if response.status() == 200 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("pagos did not become healthy");
    }

    /// `kill -9`: no shutdown, no flush, whatever was in flight.
    pub fn kill(mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// SIGTERM, and the clean exit it must lead to.
    pub async fn stop(mut self) {
        let mut child = self.child.take().unwrap();
        let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).stdin(Stdio::null()).status().unwrap();
        assert!(term.success());
        let status = tokio::task::spawn_blocking(move || child.wait().unwrap()).await.unwrap();
        assert!(status.success(), "pagos should exit 0 on SIGTERM, got {status}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
