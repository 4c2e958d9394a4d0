//! Plans and clients on both databases: what the "Clientes" section promises.

use app::backend::testing::{Backend, TestDb};
use app::backend::{audit, auth, clients, plans, plans::PlanData, FixedClock};
use app::model::{ClientData, ClientForm, Interval, Money};
use app::test_on_both_databases;
use app::AppError;
use chrono::{DateTime, NaiveDate, Utc};

fn now() -> DateTime<Utc> {
    "2026-12-03T14:00:00Z".parse().unwrap()
}

async fn setup(backend: Backend) -> Option<(TestDb, i64)> {
    let t = TestDb::new(backend).await?;
    let clock = FixedClock::at(now());
    let admin = auth::create_first_admin(&t.db, &clock, "admin@empresa.pe", "clave-de-prueba-123", "clave-de-prueba-123")
        .await
        .unwrap();
    Some((t, admin.id))
}

fn plan(name: &str, cents: i64) -> PlanData {
    PlanData { name: name.into(), price: Money::from_cents(cents), interval: Interval::Monthly, active: true }
}

fn client(name: &str, plan: Option<i64>) -> ClientData {
    let form = ClientForm {
        name: name.into(),
        email: format!("{}@correo.pe", name.to_lowercase().replace(' ', ".")),
        whatsapp: "+51995955955".into(),
        plan_id: plan.map(|p| p.to_string()).unwrap_or_default(),
        next_due_date: if plan.is_some() { "2027-01-31".into() } else { String::new() },
        active: Some("on".into()),
    };
    ClientData::parse(&form).unwrap()
}

async fn plans_are_created_changed_and_listed_active_first(backend: Backend) {
    let Some((t, admin)) = setup(backend).await else { return };
    let basic = plans::create(&t.db, admin, &plan("Básico", 15_000), now()).await.unwrap();
    let premium = plans::create(&t.db, admin, &plan("Premium", 35_050), now()).await.unwrap();
    assert_eq!(basic.price.to_string(), "S/ 150.00");

    let mut changed = plan("Básico anual", 150_000);
    changed.interval = Interval::Annual;
    changed.active = false;
    let basic = plans::update(&t.db, admin, basic.id, &changed, now()).await.unwrap();
    assert_eq!((basic.interval, basic.active, basic.price.cents()), (Interval::Annual, false, 150_000));

    let listed = plans::list(&t.db).await.unwrap();
    assert_eq!(listed.iter().map(|p| p.id).collect::<Vec<_>>(), vec![premium.id, basic.id]);
    assert_eq!(audit::for_entity(&t.db, "plan", basic.id).await.unwrap().len(), 2);
}

async fn two_plans_cannot_share_a_name(backend: Backend) {
    let Some((t, admin)) = setup(backend).await else { return };
    plans::create(&t.db, admin, &plan("Básico", 15_000), now()).await.unwrap();
    let err = plans::create(&t.db, admin, &plan("Básico", 20_000), now()).await.unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert_eq!(plans::list(&t.db).await.unwrap().len(), 1);
}

async fn a_plan_in_use_cannot_be_deleted_only_deactivated(backend: Backend) {
    let Some((t, admin)) = setup(backend).await else { return };
    let used = plans::create(&t.db, admin, &plan("Básico", 15_000), now()).await.unwrap();
    let unused = plans::create(&t.db, admin, &plan("Sin uso", 1_000), now()).await.unwrap();
    clients::create(&t.db, admin, &client("Bodega Rosita", Some(used.id)), now()).await.unwrap();

    let err = plans::delete(&t.db, admin, used.id, now()).await.unwrap_err();
    assert!(matches!(&err, AppError::Conflict(m) if m.contains("desactivarlo")), "{err:?}");
    assert!(plans::get(&t.db, used.id).await.unwrap().is_some());

    plans::delete(&t.db, admin, unused.id, now()).await.unwrap();
    assert!(plans::get(&t.db, unused.id).await.unwrap().is_none());
}

async fn clients_are_saved_with_contact_and_billing(backend: Backend) {
    let Some((t, admin)) = setup(backend).await else { return };
    let basic = plans::create(&t.db, admin, &plan("Básico", 15_000), now()).await.unwrap();
    let created = clients::create(&t.db, admin, &client("Bodega Rosita", Some(basic.id)), now()).await.unwrap();
    assert_eq!(created.plan_name.as_deref(), Some("Básico"));
    assert_eq!(created.next_due_date, NaiveDate::from_ymd_opt(2027, 1, 31));
    assert_eq!(created.whatsapp.as_deref(), Some("+51995955955"));

    let mut edited = client("Bodega Rosita SAC", None);
    edited.whatsapp = None;
    edited.active = false;
    let updated = clients::update(&t.db, admin, created.id, &edited, now()).await.unwrap();
    assert_eq!(updated.name, "Bodega Rosita SAC");
    assert_eq!((updated.plan_id, updated.next_due_date, updated.whatsapp), (None, None, None));
    assert!(!updated.active, "deactivated, but kept");
    assert_eq!(audit::for_entity(&t.db, "client", created.id).await.unwrap().len(), 2);
}

async fn an_inactive_plan_cannot_be_given_to_another_client(backend: Backend) {
    let Some((t, admin)) = setup(backend).await else { return };
    let basic = plans::create(&t.db, admin, &plan("Básico", 15_000), now()).await.unwrap();
    let holder = clients::create(&t.db, admin, &client("Ana", Some(basic.id)), now()).await.unwrap();
    let mut off = plan("Básico", 15_000);
    off.active = false;
    plans::update(&t.db, admin, basic.id, &off, now()).await.unwrap();

    let err = clients::create(&t.db, admin, &client("Luis", Some(basic.id)), now()).await.unwrap_err();
    assert_eq!(err.field(), Some("plan_id"));
    // The client who already has it can still be edited.
    clients::update(&t.db, admin, holder.id, &client("Ana María", Some(basic.id)), now()).await.unwrap();
    let err = clients::create(&t.db, admin, &client("Luis", Some(9_999)), now()).await.unwrap_err();
    assert_eq!(err.field(), Some("plan_id"));
}

async fn the_list_is_paginated_in_name_order_and_searchable(backend: Backend) {
    let Some((t, admin)) = setup(backend).await else { return };
    for name in ["zapatería Lima", "Ábaco SAC", "bodega Rosita", "Café José", "Bodega Rosita"] {
        clients::create(&t.db, admin, &client(name, None), now()).await.unwrap();
    }
    let first = clients::list(&t.db, "", 1, 2).await.unwrap();
    assert_eq!(first.total, 5);
    assert_eq!(first.pages(), 3);
    let names: Vec<_> = first.clients.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Ábaco SAC", "bodega Rosita"], "case and accents do not change the order");
    let last = clients::list(&t.db, "", 3, 2).await.unwrap();
    assert_eq!(last.clients.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["zapatería Lima"]);

    let found = clients::list(&t.db, "JOSE", 1, 25).await.unwrap();
    assert_eq!(found.clients.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Café José"]);
    let by_email = clients::list(&t.db, "abaco.sac@", 1, 25).await.unwrap();
    assert_eq!(by_email.total, 1);
    let by_phone = clients::list(&t.db, "995955", 1, 25).await.unwrap();
    assert_eq!(by_phone.total, 5);
    // Two clients with the same name are both there, told apart by id.
    let twins = clients::list(&t.db, "bodega rosita", 1, 25).await.unwrap();
    assert_eq!(twins.total, 2);
    assert_ne!(twins.clients[0].id, twins.clients[1].id);
    // LIKE wildcards typed in the box are plain characters.
    assert_eq!(clients::list(&t.db, "%", 1, 25).await.unwrap().total, 0);
}

async fn page_size_is_bounded(backend: Backend) {
    let Some((t, admin)) = setup(backend).await else { return };
    clients::create(&t.db, admin, &client("Ana", None), now()).await.unwrap();
    let page = clients::list(&t.db, "", 0, 100_000).await.unwrap();
    assert_eq!((page.page, page.per_page), (1, clients::MAX_PER_PAGE));
}


test_on_both_databases!(
    plans_are_created_changed_and_listed_active_first,
    two_plans_cannot_share_a_name,
    a_plan_in_use_cannot_be_deleted_only_deactivated,
    clients_are_saved_with_contact_and_billing,
    an_inactive_plan_cannot_be_given_to_another_client,
    the_list_is_paginated_in_name_order_and_searchable,
    page_size_is_bounded,
);
