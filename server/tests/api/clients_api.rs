//! The "Clientes" server functions over HTTP, as the browser and scripts call them.

use app::backend::testing::Backend;
use app::model::{ClientPage, ClientView, PlanView};
use app::test_on_both_databases;
use app::AppError;
use crate::support::spawn_app;

async fn a_plan_and_a_client_round_trip_through_the_api(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;

    let plan = app.call("/api/plans/create", &[("name", "Básico"), ("price", "150.5"), ("interval", "1"), ("active", "on")]).await;
    assert_eq!(plan.status(), 200);
    let plan: PlanView = plan.json().await.unwrap();
    assert_eq!(plan.price.cents(), 15_050);

    let plan_id = plan.id.to_string();
    let created = app
        .call(
            "/api/clients/create",
            &[
                ("name", "  Bodega Rosita "),
                ("email", "rosita@bodega.pe"),
                ("whatsapp", "+51 995-955-955"),
                ("plan_id", &plan_id),
                ("next_due_date", "2027-01-31"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    let created: ClientView = created.json().await.unwrap();
    assert_eq!((created.name.as_str(), created.whatsapp.as_deref()), ("Bodega Rosita", Some("+51995955955")));

    let id = created.id.to_string();
    let fetched: ClientView = app.call("/api/clients/get", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(fetched, created);

    let page: ClientPage =
        app.call("/api/clients/list", &[("search", "rosita"), ("page", "1"), ("per_page", "25")]).await.json().await.unwrap();
    assert_eq!(page.total, 1);

    // Deactivated, not deleted; no plan, no date.
    let updated = app
        .call(
            "/api/clients/update",
            &[("id", &id), ("name", "Bodega Rosita"), ("email", ""), ("whatsapp", ""), ("plan_id", ""), ("next_due_date", "")],
        )
        .await;
    assert_eq!(updated.status(), 200);
    let updated: ClientView = updated.json().await.unwrap();
    assert!(!updated.active && !updated.has_contact());

    let busy = app.call("/api/plans/delete", &[("id", &plan_id)]).await;
    assert_eq!(busy.status(), 200, "no client uses the plan any more");
}

async fn bad_input_is_refused_with_its_field_and_changes_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("name", "Ana"), ("email", ""), ("whatsapp", "995955955"), ("plan_id", ""), ("next_due_date", "")], "whatsapp"),
        (&[("name", "Ana"), ("email", "ana@"), ("whatsapp", ""), ("plan_id", ""), ("next_due_date", "")], "email"),
        (&[("name", " "), ("email", ""), ("whatsapp", ""), ("plan_id", ""), ("next_due_date", "")], "name"),
        (&[("name", "Ana"), ("email", ""), ("whatsapp", ""), ("plan_id", "1"), ("next_due_date", "")], "next_due_date"),
        (&[("name", "Ana"), ("email", ""), ("whatsapp", ""), ("plan_id", ""), ("next_due_date", "2027-02-30")], "next_due_date"),
    ];
    for (form, field) in cases {
        let response = app.call("/api/clients/create", form).await;
        assert_eq!(response.status(), 400, "{form:?}");
        let error: AppError = response.json().await.unwrap();
        assert_eq!(error.field(), Some(field), "{form:?}");
    }
    for (price, message) in [("-5", "negativo"), ("0", "mayor que cero"), ("1.234", "dos decimales"), ("100000000", "superar")] {
        let response = app.call("/api/plans/create", &[("name", "X"), ("price", price), ("interval", "1")]).await;
        assert_eq!(response.status(), 400);
        let error: AppError = response.json().await.unwrap();
        assert!(error.to_string().contains(message), "{price}: {error}");
    }
    let empty: ClientPage =
        app.call("/api/clients/list", &[("search", ""), ("page", "1"), ("per_page", "25")]).await.json().await.unwrap();
    assert_eq!(empty.total, 0);
    let plans: Vec<PlanView> = app.call("/api/plans/list", &[]).await.json().await.unwrap();
    assert!(plans.is_empty());
}

async fn unknown_records_are_not_found(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    assert_eq!(app.call("/api/clients/get", &[("id", "999")]).await.status(), 404);
    let update = app
        .call("/api/clients/update", &[("id", "999"), ("name", "Ana"), ("email", ""), ("whatsapp", ""), ("plan_id", ""), ("next_due_date", "")])
        .await;
    assert_eq!(update.status(), 404);
    assert_eq!(app.call("/api/plans/delete", &[("id", "999")]).await.status(), 404);
}

test_on_both_databases!(
    a_plan_and_a_client_round_trip_through_the_api,
    bad_input_is_refused_with_its_field_and_changes_nothing,
    unknown_records_are_not_found,
);
