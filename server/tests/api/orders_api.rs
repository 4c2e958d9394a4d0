//! The "Pagos" server functions and the CSV export over HTTP.

use app::backend::testing::Backend;
use app::model::{ClientView, OrderDetail, OrderPage, OrderState, Totals};
use app::test_on_both_databases;
use app::AppError;
use serde_json::json;
use crate::support::{new_client, spawn_app, TestApp};

async fn client(app: &TestApp, name: &str) -> i64 {
    let response = app
        .call("/api/clients/create", &[("name", name), ("email", ""), ("whatsapp", ""), ("plan_id", ""), ("next_due_date", "")])
        .await;
    response.json::<ClientView>().await.unwrap().id
}

async fn create(app: &TestApp, client: i64, due: &str, amount: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    let client = client.to_string();
    let mut form = vec![("client_id", client.as_str()), ("due_date", due), ("amount", amount), ("concept", "Mensualidad")];
    form.extend_from_slice(extra);
    app.call("/api/orders/create", &form).await
}

async fn list(app: &TestApp, filter: serde_json::Value) -> OrderPage {
    let body = json!({"filter": filter, "sort": "DueDateAsc", "page": 1, "per_page": 25});
    let response = app.client.post(app.url("/api/orders/list")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn empty_filter() -> serde_json::Value {
    json!({"states": [], "client_id": null, "due_from": null, "due_to": null})
}

async fn orders_are_created_paid_and_cancelled_over_http(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let ana = client(&app, "Ana").await;

    // Today is 2026-12-03 in Lima (the test clock).
    let past = create(&app, ana, "2026-11-30", "150", &[]).await;
    assert_eq!(past.status(), 400, "a past date needs confirmation");
    assert_eq!(past.json::<AppError>().await.unwrap().field(), Some("due_date"));
    let created = create(&app, ana, "2026-11-30", "150", &[("confirm_past", "on")]).await;
    assert_eq!(created.status(), 200);
    let overdue: serde_json::Value = created.json().await.unwrap();
    let overdue_id = overdue["id"].as_i64().unwrap();
    // "Crear y Notificar Orden" for a client no channel can reach creates nothing, and says why.
    let unreachable = create(&app, ana, "2026-12-20", "80.5", &[("notify", "1")]).await;
    assert_eq!(unreachable.status(), 409);
    let why = unreachable.json::<AppError>().await.unwrap().to_string();
    assert!(why.contains("el cliente no tiene correo de contacto") && why.contains("La orden no se creó"), "{why}");
    let pending: serde_json::Value = create(&app, ana, "2026-12-20", "80.5", &[]).await.json().await.unwrap();
    let pending_id = pending["id"].as_i64().unwrap();

    let page = list(&app, empty_filter()).await;
    let states: Vec<_> = page.orders.iter().map(|o| (o.id, o.state)).collect();
    assert_eq!(states, vec![(overdue_id, OrderState::Overdue), (pending_id, OrderState::Pending)]);

    let id = overdue_id.to_string();
    let paid = app.call("/api/orders/pay", &[("id", &id), ("paid_on", ""), ("method", "yape_plin"), ("reference", "op 123")]).await;
    assert_eq!(paid.status(), 200);
    let again = app.call("/api/orders/pay", &[("id", &id), ("paid_on", ""), ("method", "efectivo"), ("reference", "")]).await;
    assert_eq!(again.status(), 409);
    let cancel_paid = app.call("/api/orders/cancel", &[("id", &id), ("reason", "")]).await;
    assert_eq!(cancel_paid.status(), 409);

    let other = pending_id.to_string();
    let future = app.call("/api/orders/pay", &[("id", &other), ("paid_on", "2027-01-01"), ("method", "efectivo"), ("reference", "")]).await;
    assert_eq!(future.status(), 400);
    let bad_method = app.call("/api/orders/pay", &[("id", &other), ("paid_on", ""), ("method", "bitcoin"), ("reference", "")]).await;
    assert_eq!(bad_method.status(), 400);
    assert_eq!(app.call("/api/orders/cancel", &[("id", &other), ("reason", "Duplicada")]).await.status(), 200);

    let totals: Totals = app.client.post(app.url("/api/orders/totals")).json(&json!({"filter": empty_filter()})).send().await.unwrap().json().await.unwrap();
    assert_eq!((totals.paid.count, totals.paid.amount.cents()), (1, 15_000));
    assert_eq!((totals.cancelled.count, totals.cancelled.amount.cents()), (1, 8_050));
    assert_eq!(totals.pending.count + totals.overdue.count, 0);

    let detail: OrderDetail = app.call("/api/orders/get", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(detail.history.len(), 2);
    assert!(detail.history[1].what.contains("Yape/Plin"));
}

async fn bad_amounts_are_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let ana = client(&app, "Ana").await;
    for amount in ["0", "-1", "1.001", "mucho"] {
        let response = create(&app, ana, "2026-12-20", amount, &[]).await;
        assert_eq!(response.status(), 400, "{amount}");
        assert_eq!(response.json::<AppError>().await.unwrap().field(), Some("amount"));
    }
    assert_eq!(create(&app, 9_999, "2026-12-20", "10", &[]).await.status(), 400);
    assert_eq!(list(&app, empty_filter()).await.total, 0);
}

async fn the_csv_export_follows_the_filter_and_needs_a_session(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let ana = client(&app, "Panadería Ñuñoa, S.A.C.").await;
    let luis = client(&app, "Luis").await;
    create(&app, ana, "2026-12-10", "1234.5", &[]).await;
    create(&app, luis, "2026-12-11", "99", &[]).await;

    let anonymous = new_client().get(app.url("/api/orders/export.csv")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);

    let response = app.client.get(app.url(&format!("/api/orders/export.csv?estado=pendiente&cliente={ana}"))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = response.text().await.unwrap();
    assert!(body.starts_with('\u{feff}'), "UTF-8 byte-order mark first");
    let lines: Vec<&str> = body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{body}");
    assert!(lines[0].starts_with("ID,Cliente,Concepto,Monto,Fecha de vencimiento,Estado"));
    assert!(lines[1].contains("\"Panadería Ñuñoa, S.A.C.\",Mensualidad,1234.50,10/12/2026,Pendiente"), "{}", lines[1]);

    let all = app.client.get(app.url("/api/orders/export.csv")).send().await.unwrap().text().await.unwrap();
    assert_eq!(all.lines().count(), 3);
}

test_on_both_databases!(
    orders_are_created_paid_and_cancelled_over_http,
    bad_amounts_are_refused,
    the_csv_export_follows_the_filter_and_needs_a_session,
);
