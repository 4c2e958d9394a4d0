//! Notification settings, test sends and "Crear y Notificar Orden" over HTTP, with the real
//! delivery worker sending to loopback fakes.

use app::backend::testing::fake_gateway::{FakeGateway, GatewayBehaviour};
use app::backend::testing::smtp_sink::SmtpSink;
use app::backend::testing::Backend;
use app::model::{Channel, ClientView, DeliveryState, NotificationSettingsView, OrderDetail, OrderPage};
use app::test_on_both_databases;
use app::AppError;
use serde_json::json;
use crate::support::{spawn_app, TestApp};

const PASSWORD: &str = "clave-de-aplicacion-secreta";
const API_KEY: &str = "qrapi-key-muy-secreta";

async fn configure(app: &TestApp, sink: &SmtpSink, gateway: &FakeGateway) {
    let port = sink.port.to_string();
    let smtp = app
        .call(
            "/api/settings/smtp",
            &[
                ("host", "127.0.0.1"),
                ("port", &port),
                ("username", "cobranzas@empresa.pe"),
                ("password", PASSWORD),
                ("encryption", "none"),
                ("from_name", "Cobranzas"),
                ("from_address", ""),
            ],
        )
        .await;
    assert_eq!(smtp.status(), 200, "{}", smtp.text().await.unwrap());
    let url = format!("{}/", gateway.url);
    let whatsapp = app.call("/api/settings/whatsapp", &[("url", &url), ("api_key", API_KEY)]).await;
    assert_eq!(whatsapp.status(), 200, "{}", whatsapp.text().await.unwrap());
}

async fn settings(app: &TestApp) -> (String, NotificationSettingsView) {
    let response = app.call("/api/settings/notifications", &[]).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let view = serde_json::from_str(&text).unwrap();
    (text, view)
}

async fn secrets_are_write_only_and_never_leave_the_server(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let (sink, gateway) = (SmtpSink::start().await, FakeGateway::start().await);
    configure(&app, &sink, &gateway).await;

    let (raw, view) = settings(&app).await;
    assert!(view.smtp.password_set && view.whatsapp.key_set);
    assert_eq!(view.smtp.from_address, "cobranzas@empresa.pe", "the username is the sender by default");
    assert_eq!(view.whatsapp.url, gateway.url, "the trailing slash is removed");
    assert!(!raw.contains(PASSWORD) && !raw.contains(API_KEY), "{raw}");
    let page = app.get("/configuracion").await.text().await.unwrap();
    assert!(page.contains("Configuración de Correo Electrónico"));
    assert!(!page.contains(PASSWORD) && !page.contains(API_KEY));

    // Saving again without typing them keeps both.
    let port = sink.port.to_string();
    let fields = [("host", "127.0.0.1"), ("port", port.as_str()), ("username", "cobranzas@empresa.pe"), ("password", ""), ("encryption", "none"), ("from_name", ""), ("from_address", "")];
    assert_eq!(app.call("/api/settings/smtp", &fields).await.status(), 200);
    assert_eq!(app.call("/api/settings/whatsapp", &[("url", &gateway.url), ("api_key", "")]).await.status(), 200);
    let (_, view) = settings(&app).await;
    assert!(view.smtp.password_set && view.whatsapp.key_set);
    let sent = app.call("/api/settings/test-email", &[("to", "ana@cliente.pe")]).await;
    assert_eq!(sent.status(), 200);
    assert_eq!(sink.wait_for(1).await[0].login, Some(("cobranzas@empresa.pe".into(), PASSWORD.into())));

    // "Quitar" forgets one.
    assert_eq!(app.call("/api/settings/clear-secret", &[("which", "qrapi_key")]).await.status(), 200);
    assert!(!settings(&app).await.1.whatsapp.key_set);
}

async fn test_sends_report_success_and_the_real_failure(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let (sink, gateway) = (SmtpSink::start().await, FakeGateway::start().await);

    let unconfigured = app.call("/api/settings/test-email", &[("to", "ana@cliente.pe")]).await;
    assert_eq!(unconfigured.status(), 409);
    assert!(unconfigured.json::<AppError>().await.unwrap().to_string().contains("Guarda primero"));

    configure(&app, &sink, &gateway).await;
    let ok = app.call("/api/settings/test-email", &[("to", "ana@cliente.pe")]).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<String>().await.unwrap(), "Correo de prueba enviado a ana@cliente.pe.");
    assert_eq!(sink.wait_for(1).await[0].rcpt_to, vec!["ana@cliente.pe".to_string()]);

    sink.require_login("cobranzas@empresa.pe", "otra");
    let rejected = app.call("/api/settings/test-email", &[("to", "ana@cliente.pe")]).await;
    assert_eq!(rejected.status(), 409);
    assert!(rejected.json::<AppError>().await.unwrap().to_string().contains("contraseña de aplicación"));
    let bad_address = app.call("/api/settings/test-email", &[("to", "no-es-correo")]).await;
    assert_eq!(bad_address.json::<AppError>().await.unwrap().field(), Some("to"));

    let ok = app.call("/api/settings/test-whatsapp", &[("number", "+51 995 955 955")]).await;
    assert_eq!(ok.status(), 200, "{}", ok.text().await.unwrap());
    let request = &gateway.requests()[0];
    assert_eq!(request.authorization.as_deref(), Some(format!("Bearer {API_KEY}").as_str()));
    assert_eq!(request.body["number"], "51995955955");
    gateway.set(GatewayBehaviour::Status(401));
    let bad_key = app.call("/api/settings/test-whatsapp", &[("number", "+51995955955")]).await;
    assert_eq!(bad_key.status(), 409);
    assert!(bad_key.json::<AppError>().await.unwrap().to_string().starts_with("API Key inválida"));
}

async fn bad_settings_are_refused_with_the_field_and_change_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let before = settings(&app).await.1;
    let unknown = app.call("/api/settings/template", &[("enabled", "on"), ("template", "Hola @variable_nombre, debe @variable_monto"), ("subject", "Aviso")]).await;
    assert_eq!(unknown.status(), 400);
    let error = unknown.json::<AppError>().await.unwrap();
    assert_eq!(error.field(), Some("template"));
    assert!(error.to_string().contains("@variable_monto") && error.to_string().contains("@variable_fecha_vencimiento"));
    let url = app.call("/api/settings/whatsapp", &[("url", "cliente1.qrapi.com"), ("api_key", "k")]).await;
    assert_eq!(url.json::<AppError>().await.unwrap().field(), Some("url"));
    let no_key = app.call("/api/settings/whatsapp", &[("url", "https://cliente1.qrapi.com"), ("api_key", "")]).await;
    assert_eq!(no_key.json::<AppError>().await.unwrap().field(), Some("api_key"));
    let limits = app.call("/api/settings/limits", &[("email_per_minute", "0"), ("email_per_day", "10"), ("whatsapp_per_minute", "1"), ("whatsapp_per_day", "1")]).await;
    assert_eq!(limits.json::<AppError>().await.unwrap().field(), Some("email_per_minute"));
    assert_eq!(settings(&app).await.1, before);

    let saved = app.call("/api/settings/template", &[("enabled", "on"), ("template", "Hola @variable_nombre"), ("subject", "Aviso @variable_plan")]).await;
    assert_eq!(saved.status(), 200);
    let after = settings(&app).await.1;
    assert!(after.enabled);
    assert_eq!((after.template.as_str(), after.subject.as_str()), ("Hola @variable_nombre", "Aviso @variable_plan"));
}

async fn create_and_notify_reaches_the_client_on_both_channels(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let (sink, gateway) = (SmtpSink::start().await, FakeGateway::start().await);
    configure(&app, &sink, &gateway).await;
    let client: ClientView = app
        .call("/api/clients/create", &[("name", "Bodega Doña Peña"), ("email", "pena@bodega.pe"), ("whatsapp", "+51 987 654 321"), ("plan_id", ""), ("next_due_date", "")])
        .await
        .json()
        .await
        .unwrap();
    let id = client.id.to_string();
    let created = app
        .call("/api/orders/create", &[("client_id", &id), ("due_date", "2026-12-20"), ("amount", "150"), ("concept", "Plan Básico"), ("notify", "1")])
        .await;
    assert_eq!(created.status(), 200);
    let created: serde_json::Value = created.json().await.unwrap();
    assert!(created["message"].as_str().unwrap().contains("Aviso en cola por Correo y WhatsApp"), "{created}");

    let mail = &sink.wait_for(1).await[0];
    let parsed = mailparse::parse_mail(mail.data.as_bytes()).unwrap();
    let text = parsed.subparts.iter().find(|p| p.ctype.mimetype == "text/plain").unwrap().get_body().unwrap();
    assert!(text.contains("Hola Bodega Doña Peña") && text.contains("*S/ 150.00*") && text.contains("20/12/2026"), "{text}");
    let whatsapp = &gateway.wait_for(1).await[0];
    assert_eq!(whatsapp.body["number"], "51987654321");

    let order_id = created["id"].as_i64().unwrap();
    let mut states = Vec::new();
    for _ in 0..100 {
        let body = json!({"filter": {"states": [], "client_id": null, "due_from": null, "due_to": null}, "sort": "DueDateAsc", "page": 1, "per_page": 25});
        let page: OrderPage = app.client.post(app.url("/api/orders/list")).json(&body).send().await.unwrap().json().await.unwrap();
        states = page.orders[0].notifications.iter().map(|n| (n.channel, n.state, n.sent)).collect();
        if states.iter().all(|s| s.1 == DeliveryState::Sent) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(states, vec![(Channel::Email, DeliveryState::Sent, 1), (Channel::WhatsApp, DeliveryState::Sent, 1)]);

    // "Notificar" within the hour asks first; confirmed, it sends again.
    let order = order_id.to_string();
    let again = app.call("/api/orders/notify", &[("id", &order)]).await;
    assert_eq!(again.status(), 409);
    assert!(matches!(again.json::<AppError>().await.unwrap(), AppError::NeedsConfirmation(_)));
    let confirmed = app.call("/api/orders/notify", &[("id", &order), ("confirm", "1")]).await;
    assert_eq!(confirmed.status(), 200);
    assert_eq!(sink.wait_for(2).await.len(), 2);
    let detail: OrderDetail = app.call("/api/orders/get", &[("id", &order)]).await.json().await.unwrap();
    assert_eq!(detail.notifications.len(), 4);
    assert!(detail.history.iter().any(|h| h.what.contains("Notificación manual en cola")));
}

/// A name that looks like HTML, WhatsApp markup and a template variable is only ever a name.
async fn a_hostile_client_name_arrives_literally_everywhere(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let (sink, gateway) = (SmtpSink::start().await, FakeGateway::start().await);
    configure(&app, &sink, &gateway).await;
    let name = "<img src=x onerror=alert(1)> *bold* @variable_nombre";
    let client: ClientView = app
        .call("/api/clients/create", &[("name", name), ("email", "ana@cliente.pe"), ("whatsapp", "+51 987 654 321"), ("plan_id", ""), ("next_due_date", "")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(client.name, name);
    let created = app
        .call("/api/orders/create", &[("client_id", &client.id.to_string()), ("due_date", "2026-12-20"), ("amount", "150"), ("concept", "Plan Básico"), ("notify", "1")])
        .await;
    assert_eq!(created.status(), 200);

    let mail = &sink.wait_for(1).await[0];
    let parsed = mailparse::parse_mail(mail.data.as_bytes()).unwrap();
    let body = |mime: &str| parsed.subparts.iter().find(|p| p.ctype.mimetype == mime).unwrap().get_body().unwrap().replace("\r\n", "\n");
    assert!(body("text/plain").contains(&format!("Hola {name}\n")), "{}", body("text/plain"));
    let html = body("text/html");
    assert!(html.contains("Hola &lt;img src=x onerror=alert(1)&gt; *bold* @variable_nombre<br>"), "{html}");
    assert!(!html.contains("<img") && !html.contains("<strong>bold</strong>"), "{html}");
    assert!(html.contains("<strong>S/ 150.00</strong>"), "the template's own markup still applies: {html}");
    let whatsapp = &gateway.wait_for(1).await[0];
    assert!(whatsapp.body["message"].as_str().unwrap().contains(&format!("Hola {name}\n")), "{}", whatsapp.body);

    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("<td>&lt;img src=x onerror=alert(1)&gt; *bold* @variable_nombre<!></td>"), "the Pagos page");
}

test_on_both_databases!(
    a_hostile_client_name_arrives_literally_everywhere,
    secrets_are_write_only_and_never_leave_the_server,
    test_sends_report_success_and_the_real_failure,
    bad_settings_are_refused_with_the_field_and_change_nothing,
    create_and_notify_reaches_the_client_on_both_channels,
);
