//! Pages answered from memory must never show anything stale: not after a change made here,
//! not after one made by another server on the same database, not after midnight, and never
//! another user's page.

use crate::support::{location, new_client, spawn_app, TestApp, PASSWORD};
use app::backend::auth::SESSION_IDLE_TIMEOUT;
use app::backend::testing::Backend;
use app::backend::{auth, Db};
use app::model::ClientView;
use app::{on_db, test_on_both_databases};
use chrono::Duration;

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

async fn client_with_order(app: &TestApp, name: &str, due: &str, amount: &str) -> i64 {
    let response = app
        .call("/api/clients/create", &[("name", name), ("email", ""), ("whatsapp", ""), ("plan_id", ""), ("next_due_date", "")])
        .await;
    let id = response.json::<ClientView>().await.unwrap().id;
    let order = app
        .call("/api/orders/create", &[("client_id", &id.to_string()), ("due_date", due), ("amount", amount), ("concept", "Mensualidad")])
        .await;
    assert_eq!(order.status(), 200);
    id
}

async fn pages_show_every_committed_change_at_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    client_with_order(&app, "Rosa Quispe", "2026-12-20", "150").await;
    let first = page(&app, &app.client, "/").await;
    assert!(first.contains("Rosa Quispe"));
    if backend == Backend::Sqlite {
        // The same bytes, nonce included: answered from memory. (PostgreSQL's revision also
        // moves with the other test databases on the server, so there it may be rendered again.)
        assert_eq!(page(&app, &app.client, "/").await, first, "nothing changed, same page");
    }

    client_with_order(&app, "Luis Mamani", "2026-12-21", "80").await;
    assert!(page(&app, &app.client, "/").await.contains("Luis Mamani"), "a change made through this server");

    // Another server on the same database renames a client.
    let other = Db::connect(&app.db_url).await.unwrap();
    on_db!(&other, pool => sqlx::query("UPDATE clients SET name = 'Carmen Flores' WHERE name = 'Luis Mamani'")
        .execute(pool)
        .await
        .unwrap()
        .rows_affected());
    other.close().await;
    let after = page(&app, &app.client, "/").await;
    assert!(after.contains("Carmen Flores") && !after.contains("Luis Mamani"), "a change made by another server");
}

async fn a_page_from_yesterday_is_not_shown_after_midnight(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    // The test clock says 09:00 in Lima on 2026-12-03; the order falls due today.
    client_with_order(&app, "Rosa Quispe", "2026-12-03", "150").await;
    // 23:55 in Lima: still due today.
    app.clock.advance(Duration::hours(14) + Duration::minutes(55));
    assert!(page(&app, &app.client, "/").await.contains("S/ 150.00 Pendiente"));
    // Six minutes later it is overdue, though nothing was written in between.
    app.clock.advance(Duration::minutes(6));
    assert!(page(&app, &app.client, "/").await.contains("S/ 150.00 Vencido"));
}

async fn users_never_get_each_others_pages(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    auth::create_admin(&app.db, &app.clock, "ana@empresa.pe", PASSWORD, PASSWORD).await.unwrap();
    let ana = new_client();
    let login = app.call_with(&ana, "/api/auth/login", &[("email", "ana@empresa.pe"), ("password", PASSWORD)]).await;
    assert_eq!(login.status(), 200);

    let admin_page = page(&app, &app.client, "/").await;
    assert!(admin_page.contains(crate::support::EMAIL));
    let ana_page = page(&app, &ana, "/").await;
    assert!(ana_page.contains("ana@empresa.pe") && !ana_page.contains(crate::support::EMAIL));
    assert!(page(&app, &app.client, "/").await.contains(crate::support::EMAIL));
}

/// Sessions are remembered with the pages: a logout or an idle timeout still ends them at once.
async fn a_remembered_session_ends_with_logout_or_idleness(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    // A second session whose cookie is copied, as a thief would keep it, and used for pages.
    let thief = new_client();
    let login = app.call_with(&thief, "/api/auth/login", &[("email", crate::support::EMAIL), ("password", PASSWORD)]).await;
    assert_eq!(login.status(), 200);
    let stolen = login.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let get = |cookie: String| {
        let url = app.url("/");
        async move { new_client().get(url).header("cookie", cookie).send().await.unwrap() }
    };
    assert_eq!(get(stolen.clone()).await.status(), 200);
    assert_eq!(get(stolen.clone()).await.status(), 200);
    let logout = thief.post(app.url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(logout.status(), 200);
    assert_eq!(location(&get(stolen).await).as_deref(), Some("/login"), "logged out");

    // Pages alone write nothing; the session still ends after a week without use.
    assert_eq!(app.get("/").await.status(), 200);
    app.clock.advance(Duration::minutes(9));
    assert_eq!(app.get("/").await.status(), 200);
    app.clock.advance(SESSION_IDLE_TIMEOUT);
    assert_eq!(location(&app.get("/").await).as_deref(), Some("/login"), "idle");
}

/// The language is part of what a page is: an English page is never served to a Spanish reader.
async fn each_language_gets_its_own_page(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let login = app.call_with(&new_client(), "/api/auth/login", &[("email", crate::support::EMAIL), ("password", PASSWORD)]).await;
    let session = login.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let get = |cookie: String| {
        let url = app.url("/clientes");
        async move { new_client().get(url).header("cookie", cookie).send().await.unwrap().text().await.unwrap() }
    };
    for _ in 0..2 {
        let spanish = get(session.clone()).await;
        assert!(spanish.contains("Listado de Clientes") && spanish.contains("<html lang=\"es\""), "{spanish}");
        let english = get(format!("{session}; pagos_lang=en")).await;
        assert!(english.contains("Client list") && english.contains("<html lang=\"en\""), "{english}");
        assert!(!english.contains("Listado de Clientes"));
    }
}

test_on_both_databases!(
    each_language_gets_its_own_page,
    a_remembered_session_ends_with_logout_or_idleness,
    pages_show_every_committed_change_at_once,
    a_page_from_yesterday_is_not_shown_after_midnight,
    users_never_get_each_others_pages,
);
