//! Notifications against real servers on loopback: an SMTP sink and a QRAPI-shaped gateway.
//! The delivery worker runs on both databases with a clock the tests move.

use app::backend::notify::dispatch::{Dispatcher, Timeouts};
use app::backend::notify::email::{Mailer, SmtpConfig};
use app::backend::notify::outbox;
use app::backend::notify::whatsapp::{Qrapi, QrapiConfig, WhatsAppGateway};
use app::backend::notify::{self};
use app::backend::orders::{self, NewOrder, Payment};
use app::backend::settings::{self, SmtpSettings};
use app::backend::testing::fake_gateway::{FakeGateway, GatewayBehaviour, SelfSignedGateway};
use app::backend::testing::smtp_sink::{closed_port, SmtpBehaviour, SmtpSink};
use app::backend::testing::{Backend, TestDb};
use app::backend::{auth, clients, Cipher, Clock, Db, FixedClock};
use app::model::{Channel, ClientData, ClientForm, DeliveryState, Money, PaymentMethod, RateLimits, SmtpEncryption};
use app::test_on_both_databases;
use app::AppError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use secrecy::SecretString;
use std::sync::Arc;

const QUICK: std::time::Duration = std::time::Duration::from_millis(800);

fn start() -> DateTime<Utc> {
    "2026-12-03T15:00:00Z".parse().unwrap()
}

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn smtp_config(port: u16, encryption: SmtpEncryption) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        username: "cobranzas@empresa.pe".into(),
        password: Some(secret("abcd efgh ijkl mnop")),
        encryption,
        from_name: "Cobranzas Ñandú".into(),
        from_address: "cobranzas@empresa.pe".into(),
    }
}

fn part<'a>(mail: &'a mailparse::ParsedMail<'a>, mime: &str) -> String {
    mail.subparts
        .iter()
        .find(|p| p.ctype.mimetype == mime)
        .unwrap_or_else(|| panic!("no {mime} part"))
        .get_body()
        .unwrap()
}

#[tokio::test]
async fn an_email_arrives_as_plain_text_and_html_with_accents_intact() {
    let sink = SmtpSink::start().await;
    sink.require_login("cobranzas@empresa.pe", "abcd efgh ijkl mnop");
    let mailer = Mailer::new(&smtp_config(sink.port, SmtpEncryption::None), QUICK).unwrap();
    let text = "Hola José Peña <b>&</b>\nPlan *Básico*\n- Monto: *S/ 150.00*";
    mailer.send("jose@cliente.pe", "Recordatorio de pago: Básico — año 2026", text, None).await.unwrap();

    let received = sink.wait_for(1).await;
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(message.mail_from, "cobranzas@empresa.pe");
    assert_eq!(message.rcpt_to, vec!["jose@cliente.pe".to_string()]);
    assert_eq!(message.login, Some(("cobranzas@empresa.pe".into(), "abcd efgh ijkl mnop".into())));
    let mail = mailparse::parse_mail(message.data.as_bytes()).unwrap();
    let header = |name: &str| mail.headers.iter().find(|h| h.get_key_ref() == name).map(|h| h.get_value()).unwrap();
    assert_eq!(header("Subject"), "Recordatorio de pago: Básico — año 2026");
    assert_eq!(header("From"), "Cobranzas Ñandú <cobranzas@empresa.pe>");
    assert_eq!(header("To"), "jose@cliente.pe");
    assert_eq!(mail.ctype.mimetype, "multipart/alternative");
    assert_eq!(part(&mail, "text/plain").replace("\r\n", "\n").trim_end(), text);
    let html = part(&mail, "text/html");
    assert!(html.contains("Hola José Peña &lt;b&gt;&amp;&lt;/b&gt;<br>"), "{html}");
    assert!(html.contains("Plan <strong>Básico</strong>"), "{html}");
    assert!(html.contains("<strong>S/ 150.00</strong>"), "{html}");
}

#[tokio::test]
async fn smtp_failures_are_told_in_spanish_and_classified() {
    let sink = SmtpSink::start().await;
    let send = |port: u16, encryption: SmtpEncryption| async move {
        let mailer = Mailer::new(&smtp_config(port, encryption), QUICK).unwrap();
        mailer.send("ana@cliente.pe", "Prueba", "Hola", None).await.unwrap_err()
    };

    let refused = send(closed_port(), SmtpEncryption::None).await;
    assert!(refused.retry && refused.message.contains("conexión rechazada"), "{refused:?}");

    sink.require_login("cobranzas@empresa.pe", "otra-clave");
    let bad_login = send(sink.port, SmtpEncryption::None).await;
    assert!(!bad_login.retry, "{bad_login:?}");
    assert!(bad_login.message.contains("rechazó el usuario o la contraseña"), "{bad_login:?}");
    assert!(bad_login.message.contains("contraseña de aplicación"), "{bad_login:?}");
    sink.require_login("cobranzas@empresa.pe", "abcd efgh ijkl mnop");

    let tls = send(sink.port, SmtpEncryption::Tls).await;
    assert!(!tls.retry && tls.message.contains("TLS"), "{tls:?}");

    let no_starttls = send(sink.port, SmtpEncryption::StartTls).await;
    assert!(!no_starttls.retry && no_starttls.message.contains("STARTTLS"), "{no_starttls:?}");

    sink.set(SmtpBehaviour::RejectTemporarily);
    let later = send(sink.port, SmtpEncryption::None).await;
    assert!(later.retry && later.message.contains("451"), "{later:?}");

    sink.set(SmtpBehaviour::RejectForGood);
    let never = send(sink.port, SmtpEncryption::None).await;
    assert!(!never.retry && never.message.contains("554"), "{never:?}");

    sink.set(SmtpBehaviour::Stall);
    let stalled = send(sink.port, SmtpEncryption::None).await;
    assert!(stalled.retry && stalled.message.contains("no respondió a tiempo"), "{stalled:?}");
    assert!(sink.messages().is_empty());
}

fn qrapi(url: &str, key: &str) -> Qrapi {
    Qrapi::new(&QrapiConfig { url: url.into(), key: secret(key), accept_invalid_certs: false }, QUICK).unwrap()
}

#[tokio::test]
async fn whatsapp_goes_to_the_qrapi_endpoint_with_the_bearer_key_and_digits_only() {
    let gateway = FakeGateway::start().await;
    qrapi(&gateway.url, "clave-qrapi").send_text("+51995955955", "Hola *Ana*: S/ 150.00").await.unwrap();
    let requests = gateway.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.path, "/api/message/send-text");
    assert_eq!(request.authorization.as_deref(), Some("Bearer clave-qrapi"));
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    assert_eq!(request.body, serde_json::json!({"number": "51995955955", "message": "Hola *Ana*: S/ 150.00"}));
}

#[tokio::test]
async fn gateway_errors_retry_except_a_bad_key() {
    let gateway = FakeGateway::start().await;
    let client = qrapi(&gateway.url, "clave");
    gateway.set(GatewayBehaviour::Status(500));
    let e = client.send_text("+51995955955", "x").await.unwrap_err();
    assert!(e.retry && e.message.contains("500"), "{e:?}");
    gateway.set(GatewayBehaviour::Status(401));
    let e = client.send_text("+51995955955", "x").await.unwrap_err();
    assert!(!e.retry && e.message.starts_with("API Key inválida"), "{e:?}");
    gateway.set(GatewayBehaviour::Status(403));
    assert!(!client.send_text("+51995955955", "x").await.unwrap_err().retry);
    gateway.set(GatewayBehaviour::Hang);
    let e = client.send_text("+51995955955", "x").await.unwrap_err();
    assert!(e.retry && e.message.contains("no respondió"), "{e:?}");
    let refused = qrapi(&format!("http://127.0.0.1:{}", closed_port()), "clave").send_text("+51995955955", "x").await.unwrap_err();
    assert!(refused.retry && refused.message.contains("No se pudo conectar"), "{refused:?}");
}

#[tokio::test]
async fn a_self_signed_gateway_is_refused_unless_the_option_accepts_it() {
    let gateway = SelfSignedGateway::start().await;
    let config = |accept: bool| QrapiConfig { url: gateway.url.clone(), key: secret("clave"), accept_invalid_certs: accept };
    let refused = Qrapi::new(&config(false), QUICK).unwrap().send_text("+51995955955", "x").await.unwrap_err();
    assert!(!refused.retry, "{refused:?}");
    assert!(refused.message.contains("certificado TLS") && refused.message.contains("Aceptar certificado autofirmado"), "{refused:?}");
    assert_eq!(gateway.requests(), 0);
    Qrapi::new(&config(true), QUICK).unwrap().send_text("+51995955955", "x").await.unwrap();
    assert_eq!(gateway.requests(), 1);
}

/// A database with an admin, a client reachable on both channels, and both channels pointed
/// at loopback fakes.
struct World {
    t: TestDb,
    clock: FixedClock,
    cipher: Arc<Cipher>,
    sink: SmtpSink,
    gateway: FakeGateway,
    admin: i64,
    client: i64,
}

impl World {
    fn db(&self) -> &Db {
        &self.t.db
    }

    fn dispatcher(&self) -> Dispatcher {
        let mut d = Dispatcher::new(self.t.db.clone(), Arc::new(self.clock.clone()), self.cipher.clone());
        d.timeouts = Timeouts { smtp: QUICK, http: QUICK };
        d
    }

    async fn order(&self, cents: i64) -> i64 {
        let order = NewOrder {
            client_id: self.client,
            due_date: NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
            amount: Money::from_cents(cents),
            concept: Some("Plan Básico diciembre".into()),
        };
        orders::create(self.db(), self.admin, &order, self.clock.now()).await.unwrap()
    }

    async fn notify(&self, order: i64) -> Result<Vec<Channel>, AppError> {
        let settings = settings::notifications(self.db()).await.unwrap();
        notify::notify_order(self.db(), &settings, self.admin, order, true, self.clock.now()).await
    }

    async fn status(&self, order: i64) -> Vec<(Channel, DeliveryState, usize)> {
        let tz = settings::timezone(self.db()).await.unwrap();
        outbox::for_order(self.db(), tz, order).await.unwrap().into_iter().map(|n| (n.channel, n.state, n.attempts.len())).collect()
    }
}

async fn world(backend: Backend) -> Option<World> {
    let t = TestDb::new(backend).await?;
    let clock = FixedClock::at(start());
    let admin = auth::create_first_admin(&t.db, &clock, "admin@empresa.pe", "clave-de-prueba-123", "clave-de-prueba-123")
        .await
        .unwrap()
        .id;
    let form = ClientForm {
        name: "Ferretería Ñandú".into(),
        email: "pagos@nandu.pe".into(),
        whatsapp: "+51 995 955 955".into(),
        active: Some("on".into()),
        ..Default::default()
    };
    let client = clients::create(&t.db, admin, &ClientData::parse(&form).unwrap(), clock.now()).await.unwrap().id;
    let cipher = Arc::new(Cipher::random());
    let sink = SmtpSink::start().await;
    let gateway = FakeGateway::start().await;
    let smtp = SmtpSettings::parse("127.0.0.1", &sink.port.to_string(), "", "none", "Cobranzas", "cobranzas@empresa.pe").unwrap();
    settings::save_smtp(&t.db, &cipher, &smtp, None).await.unwrap();
    settings::save_whatsapp(&t.db, &cipher, &gateway.url, false, Some(&secret("clave-qrapi"))).await.unwrap();
    Some(World { t, clock, cipher, sink, gateway, admin, client })
}

async fn a_reminder_goes_out_on_both_channels_with_the_template_filled(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let order = w.order(15000).await;
    assert_eq!(w.notify(order).await.unwrap(), vec![Channel::Email, Channel::WhatsApp]);
    assert_eq!(w.status(order).await.iter().map(|s| s.1).collect::<Vec<_>>(), vec![DeliveryState::Queued; 2]);

    let round = w.dispatcher().run_once().await.unwrap();
    assert_eq!(round.sent, 2);
    let mail = &w.sink.messages()[0];
    let parsed = mailparse::parse_mail(mail.data.as_bytes()).unwrap();
    let text = part(&parsed, "text/plain");
    assert!(text.contains("Hola Ferretería Ñandú"), "{text}");
    assert!(text.contains("Plan *Plan Básico diciembre*"), "{text}");
    assert!(text.contains("- Monto: *S/ 150.00*"), "{text}");
    assert!(text.contains("- Vence: *10/12/2026*"), "{text}");
    assert_eq!(mail.rcpt_to, vec!["pagos@nandu.pe".to_string()]);
    let whatsapp = &w.gateway.requests()[0];
    assert_eq!(whatsapp.body["number"], "51995955955");
    assert!(whatsapp.body["message"].as_str().unwrap().contains("- Monto: *S/ 150.00*"));

    let status = w.status(order).await;
    assert!(status.iter().all(|(_, state, tries)| *state == DeliveryState::Sent && *tries == 1), "{status:?}");
    // Nothing is sent twice: another round finds nothing to do.
    assert_eq!(w.dispatcher().run_once().await.unwrap().sent, 0);
    assert_eq!(w.sink.messages().len(), 1);
    assert_eq!(w.gateway.requests().len(), 1);
}

async fn failures_back_off_1_5_30_120_minutes_then_fail_keeping_the_error(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    w.sink.set(SmtpBehaviour::RejectTemporarily);
    w.gateway.set(GatewayBehaviour::Status(401));
    let order = w.order(15000).await;
    w.notify(order).await.unwrap();
    let dispatcher = w.dispatcher();

    let first = dispatcher.run_once().await.unwrap();
    assert_eq!((first.retrying, first.failed), (1, 1), "WhatsApp with a bad key fails at once");
    for wait in [1, 5, 30, 120] {
        // Not a second early.
        w.clock.advance(Duration::minutes(wait) - Duration::seconds(1));
        assert_eq!(dispatcher.run_once().await.unwrap(), Default::default());
        w.clock.advance(Duration::seconds(1));
        let round = dispatcher.run_once().await.unwrap();
        assert_eq!(round.retrying + round.failed, 1, "after {wait} min");
    }
    let tz = settings::timezone(w.db()).await.unwrap();
    let views = outbox::for_order(w.db(), tz, order).await.unwrap();
    let email = views.iter().find(|n| n.channel == Channel::Email).unwrap();
    assert_eq!(email.state, DeliveryState::Failed);
    assert_eq!(email.attempts.len(), 5);
    assert!(email.last_error.as_deref().unwrap().contains("451"));
    assert!(email.attempts.iter().all(|a| a.error.as_deref().is_some_and(|e| e.contains("451"))));
    let whatsapp = views.iter().find(|n| n.channel == Channel::WhatsApp).unwrap();
    assert_eq!(whatsapp.state, DeliveryState::Failed);
    assert_eq!(whatsapp.attempts.len(), 1);
    assert!(whatsapp.last_error.as_deref().unwrap().starts_with("API Key inválida"));
    w.clock.advance(Duration::days(1));
    assert_eq!(dispatcher.run_once().await.unwrap(), Default::default());
    assert_eq!(w.gateway.requests().len(), 1);
}

async fn a_claim_whose_worker_died_is_taken_again_after_its_lease(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let order = w.order(15000).await;
    w.notify(order).await.unwrap();
    // A worker claims the e-mail and dies before sending.
    let dead = outbox::claim(w.db(), Channel::Email, w.clock.now(), Duration::minutes(2), 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    let dispatcher = w.dispatcher();
    assert_eq!(dispatcher.run_once().await.unwrap().sent, 1, "only WhatsApp: the e-mail is leased");
    w.clock.advance(Duration::minutes(2) + Duration::seconds(1));
    assert_eq!(dispatcher.run_once().await.unwrap().sent, 1, "the e-mail, reclaimed");
    assert_eq!(w.sink.messages().len(), 1);
    // The dead worker's late outcome does not overwrite the newer claim.
    let late = outbox::Outcome::Failed("tarde".into());
    assert!(!outbox::finish(w.db(), dead[0].id, dead[0].attempts, &late, w.clock.now()).await.unwrap());
    assert!(w.status(order).await.iter().all(|s| s.1 == DeliveryState::Sent));
}

async fn the_rate_limit_holds_per_minute_and_per_day(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let limits = RateLimits { email_per_minute: 2, email_per_day: 3, whatsapp_per_minute: 10, whatsapp_per_day: 10 };
    settings::save_limits(w.db(), &limits).await.unwrap();
    for _ in 0..5 {
        let order = w.order(10000).await;
        w.notify(order).await.unwrap();
    }
    let dispatcher = w.dispatcher();
    dispatcher.run_once().await.unwrap();
    assert_eq!(w.sink.messages().len(), 2);
    assert_eq!(w.gateway.requests().len(), 5);
    dispatcher.run_once().await.unwrap();
    assert_eq!(w.sink.messages().len(), 2, "per minute");
    w.clock.advance(Duration::seconds(61));
    dispatcher.run_once().await.unwrap();
    assert_eq!(w.sink.messages().len(), 3, "per day");
    w.clock.advance(Duration::hours(1));
    dispatcher.run_once().await.unwrap();
    assert_eq!(w.sink.messages().len(), 3, "still the same day");
    w.clock.advance(Duration::hours(23));
    dispatcher.run_once().await.unwrap();
    assert_eq!(w.sink.messages().len(), 5);
}

async fn two_workers_on_one_database_never_send_a_row_twice(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let limits = RateLimits { email_per_minute: 100_000, email_per_day: 100_000, whatsapp_per_minute: 100_000, whatsapp_per_day: 100_000 };
    settings::save_limits(w.db(), &limits).await.unwrap();
    let mut expected = 0;
    for i in 0..60 {
        let order = w.order(10000 + i).await;
        w.notify(order).await.unwrap();
        expected += 1;
    }
    // Each worker with its own pool, as two servers would have.
    let mut workers = Vec::new();
    for _ in 0..2 {
        let db = Db::connect(&w.t.url).await.unwrap();
        let mut d = Dispatcher::new(db, Arc::new(w.clock.clone()), w.cipher.clone());
        d.batch = 7;
        workers.push(tokio::spawn(async move {
            let mut sent = 0;
            for _ in 0..40 {
                sent += d.run_once().await.unwrap().sent;
            }
            sent
        }));
    }
    let mut sent = 0;
    for worker in workers {
        sent += worker.await.unwrap();
    }
    assert_eq!(sent, expected * 2);
    let mut bodies: Vec<String> = w.sink.messages().into_iter().map(|m| m.data).collect();
    assert_eq!(bodies.len(), expected);
    let amounts: std::collections::HashSet<String> =
        bodies.drain(..).map(|d| d.lines().find(|l| l.contains("Monto")).unwrap().to_string()).collect();
    assert_eq!(amounts.len(), expected, "every e-mail different: none sent twice");
    assert_eq!(w.gateway.requests().len(), expected);
}

async fn a_slow_batch_never_sends_what_another_worker_took_over(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let limits = RateLimits { email_per_minute: 1_000, email_per_day: 1_000, whatsapp_per_minute: 1_000, whatsapp_per_day: 1_000 };
    settings::save_limits(w.db(), &limits).await.unwrap();
    for i in 0..5 {
        let order = w.order(10_000 + i).await;
        w.notify(order).await.unwrap();
    }
    // Server A claims the five WhatsApp messages and is stuck on the first one.
    w.gateway.set(GatewayBehaviour::Hang);
    let mut slow = w.dispatcher();
    slow.timeouts.http = std::time::Duration::from_secs(3);
    let slow = tokio::spawn(async move { slow.run_once().await.unwrap() });
    w.gateway.wait_for(1).await;
    w.gateway.set(GatewayBehaviour::Accept);
    // (The e-mails go out meanwhile; the clock jumps only once none is on the wire, as a
    // real send never outlasts its lease.)
    for _ in 0..200 {
        if outbox::count_by_status(w.db(), "sent").await.unwrap() == 5 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    // Its lease runs out meanwhile, and server B takes the whole batch over.
    w.clock.advance(Duration::minutes(3));
    let mut other = Dispatcher::new(Db::connect(&w.t.url).await.unwrap(), Arc::new(w.clock.clone()), w.cipher.clone());
    other.timeouts = Timeouts { smtp: QUICK, http: QUICK };
    let taken_over = other.run_once().await.unwrap();
    assert_eq!(taken_over.sent, 5, "{taken_over:?}");
    let slow = slow.await.unwrap();
    // A records nothing over B's claims and sends none of the rows B took.
    assert_eq!((slow.sent, slow.lost), (5, 5), "{slow:?}");
    let texts: Vec<String> = w.gateway.accepted().iter().map(|r| r.body["message"].to_string()).collect();
    assert_eq!(texts.len(), 5, "each WhatsApp delivered once");
    assert_eq!(texts.iter().collect::<std::collections::HashSet<_>>().len(), 5);
    let mails: Vec<String> = w.sink.messages().into_iter().map(|m| m.data).collect();
    assert_eq!(mails.len(), 5, "each e-mail delivered once");
}

async fn notify_refuses_closed_orders_and_says_which_channel_is_missing(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let paid = w.order(10000).await;
    let payment = Payment { paid_on: start().date_naive(), method: PaymentMethod::Cash, reference: None };
    orders::pay(w.db(), w.admin, paid, &payment, w.clock.now()).await.unwrap();
    assert!(matches!(w.notify(paid).await, Err(AppError::Conflict(m)) if m.contains("pagada o anulada")));

    // Only WhatsApp configured and the client has no number: nothing to send, and why.
    let form = ClientForm { name: "Sin Teléfono".into(), email: "a@b.pe".into(), active: Some("on".into()), ..Default::default() };
    let client = clients::create(w.db(), w.admin, &ClientData::parse(&form).unwrap(), w.clock.now()).await.unwrap().id;
    let order = NewOrder { client_id: client, due_date: start().date_naive(), amount: Money::from_cents(500), concept: None };
    let order = orders::create(w.db(), w.admin, &order, w.clock.now()).await.unwrap();
    settings::save_smtp(w.db(), &w.cipher, &SmtpSettings::parse("x.pe", "25", "", "none", "", "a@x.pe").unwrap(), None)
        .await
        .unwrap();
    let before = outbox::count_by_status(w.db(), "queued").await.unwrap();
    let mut settings_now = settings::notifications(w.db()).await.unwrap();
    assert!(settings_now.smtp_configured());
    settings::clear_secret(w.db(), settings::QRAPI_KEY).await.unwrap();
    settings_now = settings::notifications(w.db()).await.unwrap();
    assert!(!settings_now.whatsapp_configured());
    let ok = notify::notify_order(w.db(), &settings_now, w.admin, order, false, w.clock.now()).await.unwrap();
    assert_eq!(ok, vec![Channel::Email]);
    // Within the hour, a second "Notificar" asks first.
    w.clock.advance(Duration::minutes(10));
    let again = notify::notify_order(w.db(), &settings_now, w.admin, order, false, w.clock.now()).await;
    assert!(matches!(again, Err(AppError::NeedsConfirmation(ref m)) if m.contains("hace 10 min")), "{again:?}");
    assert_eq!(outbox::count_by_status(w.db(), "queued").await.unwrap(), before + 1);
    assert!(notify::notify_order(w.db(), &settings_now, w.admin, order, true, w.clock.now()).await.is_ok());
    w.clock.advance(Duration::minutes(61));
    assert!(notify::notify_order(w.db(), &settings_now, w.admin, order, false, w.clock.now()).await.is_ok());

    let form = ClientForm { name: "Mudo".into(), whatsapp: "+51911111111".into(), active: Some("on".into()), ..Default::default() };
    let mute = clients::create(w.db(), w.admin, &ClientData::parse(&form).unwrap(), w.clock.now()).await.unwrap().id;
    let order = NewOrder { client_id: mute, due_date: start().date_naive(), amount: Money::from_cents(500), concept: None };
    let order = orders::create(w.db(), w.admin, &order, w.clock.now()).await.unwrap();
    let none = notify::notify_order(w.db(), &settings_now, w.admin, order, false, w.clock.now()).await.unwrap_err();
    assert_eq!(
        none,
        AppError::Conflict(
            "No hay por dónde avisar: el cliente no tiene correo de contacto y WhatsApp (QRAPI) no está configurado en Configuración."
                .into()
        )
    );
}

async fn an_order_created_with_notice_queues_it_in_the_same_transaction(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let settings_now = settings::notifications(w.db()).await.unwrap();
    let amount = Money::from_cents(9990);
    let due = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
    let recipient = notify::recipient_for(w.db(), w.client, None, None, amount, due).await.unwrap();
    let drafts = notify::drafts(&settings_now, &recipient).unwrap();
    let order = NewOrder { client_id: w.client, due_date: due, amount, concept: None };
    let id = orders::create_and_queue(w.db(), w.admin, &order, &drafts, w.clock.now()).await.unwrap();
    assert_eq!(w.status(id).await.len(), 2);
    // A failing insert leaves neither the order nor its reminders.
    let ghost = NewOrder { client_id: 999_999, ..order };
    assert!(orders::create_and_queue(w.db(), w.admin, &ghost, &drafts, w.clock.now()).await.is_err());
    assert_eq!(outbox::count_by_status(w.db(), "queued").await.unwrap(), 2);
}

async fn stored_secrets_are_encrypted_and_never_in_the_view(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let smtp = SmtpSettings::parse("smtp.gmail.com", "587", "ana@gmail.com", "starttls", "", "").unwrap();
    settings::save_smtp(w.db(), &w.cipher, &smtp, Some(&secret("clave-app-super-secreta"))).await.unwrap();
    let stored = settings::notifications(w.db()).await.unwrap();
    let view = format!("{:?}", stored.view());
    assert!(view.contains("password_set: true") && view.contains("key_set: true"), "{view}");
    assert!(!view.contains("clave-app-super-secreta") && !view.contains("clave-qrapi"));
    assert!(!format!("{stored:?}").contains("clave-app-super-secreta"));
    if let Some(bytes) = w.t.sqlite_bytes() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("smtp.gmail.com"), "the settings are in this file");
        assert!(!text.contains("clave-app-super-secreta") && !text.contains("clave-qrapi"));
    }
    // Another server key cannot read them: sending says to type them again.
    let other = Cipher::random();
    let error = stored.smtp(&other).unwrap_err();
    assert!(error.contains("vuelve a escribirla"), "{error}");
}

test_on_both_databases!(
    a_reminder_goes_out_on_both_channels_with_the_template_filled,
    failures_back_off_1_5_30_120_minutes_then_fail_keeping_the_error,
    a_claim_whose_worker_died_is_taken_again_after_its_lease,
    the_rate_limit_holds_per_minute_and_per_day,
    two_workers_on_one_database_never_send_a_row_twice,
    a_slow_batch_never_sends_what_another_worker_took_over,
    notify_refuses_closed_orders_and_says_which_channel_is_missing,
    an_order_created_with_notice_queues_it_in_the_same_transaction,
    stored_secrets_are_encrypted_and_never_in_the_view,
);
