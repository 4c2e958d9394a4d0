//! "Configuración de tareas automáticas", "Ejecutar ahora" and the first-visit banner over HTTP.

use app::backend::testing::Backend;
use app::model::{AutomationView, ClientView, OrderPage, PlanView, RunView};
use app::test_on_both_databases;
use app::AppError;
use serde_json::json;
use crate::support::{spawn_app, TestApp};

async fn automation(app: &TestApp) -> AutomationView {
    app.call("/api/automation/get", &[]).await.json().await.unwrap()
}

fn form<'a>(cron: bool, days: &'a str, time: &'a str, zone: &'a str, after: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![("days_before", days), ("generation_time", time), ("timezone", zone), ("remind_days_after", after)];
    if cron {
        fields.push(("cron_enabled", "on"));
    }
    fields
}

async fn settings_are_validated_and_saved(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let defaults = automation(&app).await;
    assert!(!defaults.cron_enabled);
    assert_eq!((defaults.days_before, defaults.generation_time.to_string().as_str(), defaults.timezone.as_str()), (3, "09:00:00", "America/Lima"));
    assert_eq!(defaults.remind_days_after, None);

    for (fields, field) in [
        (form(true, "61", "09:00:00", "America/Lima", ""), "days_before"),
        (form(true, "3", "9 de la mañana", "America/Lima", ""), "generation_time"),
        (form(true, "3", "09:00", "Marte/Olympus", ""), "timezone"),
        (form(true, "3", "09:00", "America/Lima", "0"), "remind_days_after"),
    ] {
        let response = app.call("/api/automation/save", &fields).await;
        assert_eq!(response.status(), 400);
        assert_eq!(response.json::<AppError>().await.unwrap().field(), Some(field));
    }
    assert_eq!(automation(&app).await, defaults, "a refusal changes nothing");

    let saved = app.call("/api/automation/save", &form(true, "5", "07:30", "America/Bogota", "2")).await;
    assert_eq!(saved.status(), 200);
    let now = automation(&app).await;
    assert!(now.cron_enabled);
    assert_eq!((now.days_before, now.generation_time.to_string().as_str(), now.timezone.as_str()), (5, "07:30:00", "America/Bogota"));
    assert_eq!(now.remind_days_after, Some(2));
    let zones: Vec<String> = app.call("/api/automation/timezones", &[]).await.json().await.unwrap();
    assert!(zones.contains(&"America/Lima".to_string()) && zones.len() > 300);
}

async fn the_banner_shows_until_cron_is_on_and_run_now_is_idempotent(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("Activa las tareas automáticas CRON"), "the first-visit banner");
    assert_eq!(app.call("/api/automation/save", &form(true, "3", "09:00", "America/Lima", "")).await.status(), 200);
    let page = app.get("/").await.text().await.unwrap();
    assert!(!page.contains("Activa las tareas automáticas CRON"));

    // Today is 2026-12-03 in Lima (the test clock): a client due on the 5th is in the window.
    let plan: PlanView = app.call("/api/plans/create", &[("name", "Plan Básico"), ("price", "150"), ("interval", "1"), ("active", "on")]).await.json().await.unwrap();
    let plan_id = plan.id.to_string();
    let client: ClientView = app
        .call("/api/clients/create", &[("name", "Ana"), ("email", ""), ("whatsapp", ""), ("plan_id", &plan_id), ("next_due_date", "2026-12-05"), ("active", "on")])
        .await
        .json()
        .await
        .unwrap();
    let first: String = app.call("/api/automation/run-now", &[]).await.json().await.unwrap();
    assert_eq!(first, "Ejecución terminada: 1 orden generada y 0 recordatorios en cola.");
    let second: String = app.call("/api/automation/run-now", &[]).await.json().await.unwrap();
    assert_eq!(second, "Ejecución terminada: 0 órdenes generadas y 0 recordatorios en cola.");
    let runs: Vec<RunView> = app.call("/api/automation/runs", &[]).await.json().await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0].generated, runs[0].manual, runs[0].error.clone()), (1, true, None));

    let body = json!({"filter": {"states": [], "client_id": client.id, "due_from": null, "due_to": null}, "sort": "DueDateAsc", "page": 1, "per_page": 25});
    let page: OrderPage = app.client.post(app.url("/api/orders/list")).json(&body).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.orders.len(), 1);
    let order = &page.orders[0];
    assert!(order.automatic);
    assert_eq!(order.amount.cents(), 15_000);
    assert_eq!(order.concept.as_deref(), Some("Plan Básico — diciembre 2026"));
    let client: ClientView = app.call("/api/clients/get", &[("id", &client.id.to_string())]).await.json().await.unwrap();
    assert_eq!(client.next_due_date.unwrap().to_string(), "2027-01-05");
}

test_on_both_databases!(settings_are_validated_and_saved, the_banner_shows_until_cron_is_on_and_run_now_is_idempotent);
