//! The HTTP surface on both databases: set-up, login, sessions, and the guards every server
//! function sits behind.

use app::backend::auth::SESSION_IDLE_TIMEOUT;
use app::backend::testing::Backend;
use app::test_on_both_databases;
use app::AppError;
use chrono::Duration;
use crate::support::{location, new_client, spawn_app, EMAIL, PASSWORD};

async fn health_check_reports_the_database(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
    app.db.close().await;
    assert_eq!(app.get("/healthz").await.status(), 503);
}

async fn every_page_leads_to_set_up_until_an_administrator_exists(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for path in ["/", "/clientes", "/configuracion", "/login", "/no-existe"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(location(&response).as_deref(), Some("/setup"), "{path}");
    }
    let page = app.get("/setup").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Crear cuenta de administrador"));
}

async fn set_up_creates_the_administrator_once_and_signs_them_in(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let response = app.set_up_admin().await;
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("pagos_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http must not mark the cookie Secure: {cookie}");

    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Pagos") && html.contains(EMAIL), "the panel shows who is signed in");

    // A second set-up is refused, and from another browser too.
    let again = app
        .call_with(&new_client(), "/api/auth/setup", &[("email", "otro@empresa.pe"), ("password", PASSWORD), ("password_confirmation", PASSWORD)])
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(location(&new_client().get(app.url("/setup")).send().await.unwrap()).as_deref(), Some("/login"));
}

async fn set_up_refuses_bad_input_with_the_field_that_caused_it(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let response = app
        .call("/api/auth/setup", &[("email", "ana"), ("password", PASSWORD), ("password_confirmation", PASSWORD)])
        .await;
    assert_eq!(response.status(), 400);
    let error: AppError = response.json().await.unwrap();
    assert_eq!(error.field(), Some("email"));
    assert_eq!(location(&app.get("/").await).as_deref(), Some("/setup"), "nothing was created");
}

async fn login_uses_one_message_for_every_failure(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let browser = new_client();
    let wrong_password = app.login_with(&browser, "no-es-la-clave").await;
    assert_eq!(wrong_password.status(), 401);
    let wrong_password: AppError = wrong_password.json().await.unwrap();
    let unknown = app.call_with(&browser, "/api/auth/login", &[("email", "nadie@empresa.pe"), ("password", PASSWORD)]).await;
    assert_eq!(unknown.status(), 401);
    let unknown: AppError = unknown.json().await.unwrap();
    assert_eq!(wrong_password, unknown);
    assert_eq!(unknown.to_string(), "Correo o contraseña incorrectos.");

    let ok = app.login_with(&browser, PASSWORD).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(browser.get(app.url("/")).send().await.unwrap().status(), 200);
}

async fn login_is_rate_limited_per_account(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let attacker = new_client();
    for _ in 0..5 {
        assert_eq!(app.login_with(&attacker, "adivinando").await.status(), 401);
    }
    let blocked = app.login_with(&attacker, PASSWORD).await;
    assert_eq!(blocked.status(), 429);
    let error: AppError = blocked.json().await.unwrap();
    assert!(matches!(error, AppError::TooManyAttempts { .. }));

    app.clock.advance(Duration::minutes(16));
    assert_eq!(app.login_with(&attacker, PASSWORD).await.status(), 200);
}

async fn login_is_rate_limited_per_address(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let sprayer = new_client();
    for i in 0..20 {
        let email = format!("usuario{i}@empresa.pe");
        let response = app.call_with(&sprayer, "/api/auth/login", &[("email", &email), ("password", "x")]).await;
        assert_eq!(response.status(), 401);
    }
    assert_eq!(app.login_with(&sprayer, PASSWORD).await.status(), 429);
}

async fn the_login_limit_holds_under_a_burst(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let attacker = new_client();
    // 40 guesses sent at once: each one's password check is still running when the others
    // arrive, and still only the allowed five are checked at all.
    let guesses = (0..40).map(|i| {
        let password = format!("adivinando-{i}");
        let attacker = attacker.clone();
        let url = app.url("/api/auth/login");
        async move { attacker.post(url).form(&[("email", EMAIL), ("password", password.as_str())]).send().await.unwrap().status() }
    });
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| s.as_u16() == 401).count();
    let refused = statuses.iter().filter(|s| s.as_u16() == 429).count();
    assert_eq!((checked, refused), (5, 35), "{statuses:?}");
    assert_eq!(app.login_with(&attacker, PASSWORD).await.status(), 429, "locked, even with the right password");
}

async fn anonymous_and_cross_site_calls_to_server_functions_are_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let anonymous = new_client();
    let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    assert!(registered.contains(&"/api/auth/me"), "{registered:?}");
    for path in registered {
        // From another site, even the signed-in browser's own cookie opens nothing.
        let forged = app.client.post(app.url(path)).header("origin", "https://evil.example").send().await.unwrap();
        assert_eq!(forged.status(), 403, "cross-site {path}");
        if app::api::PUBLIC_ENDPOINTS.contains(&path) {
            continue;
        }
        let response = anonymous.post(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
        let error: AppError = response.json().await.unwrap();
        assert_eq!(error, AppError::Unauthorized, "{path}");
    }
    // The signed-in browser still works.
    assert_eq!(app.call("/api/auth/me", &[]).await.status(), 200);
}

async fn cross_site_requests_are_refused_and_change_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;

    // A signed-in browser tricked into posting logout from another site stays signed in.
    let forged = app.client.post(app.url("/api/auth/logout")).header("origin", "https://evil.example").send().await.unwrap();
    assert_eq!(forged.status(), 403);
    let forged = app.client.post(app.url("/api/auth/logout")).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(app.call("/api/auth/me", &[]).await.status(), 200);

    // A login form on another site opens no session.
    let victim = new_client();
    let response = victim
        .post(app.url("/api/auth/login"))
        .header("origin", "https://evil.example")
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.headers().get("set-cookie").is_none());

    // The same request from our own pages works.
    let host = app.address.trim_start_matches("http://").to_string();
    let own = victim
        .post(app.url("/api/auth/login"))
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
}

async fn logout_ends_the_session_for_good(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let before = app.call("/api/auth/me", &[]).await;
    assert_eq!(before.status(), 200);
    let cookie_before_logout = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(cookie_before_logout.status(), 200);

    // Keep a copy of the cookie, as a thief would.
    let stolen = new_client();
    let token = session_token(&app).await;
    let response = app.call("/api/auth/logout", &[]).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
    let replay = stolen.post(app.url("/api/auth/me")).header("cookie", format!("pagos_session={token}")).send().await.unwrap();
    assert_eq!(replay.status(), 401);
    assert_eq!(location(&app.get("/").await).as_deref(), Some("/login"));
}

async fn an_idle_session_expires(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    app.clock.advance(SESSION_IDLE_TIMEOUT - Duration::hours(1));
    assert_eq!(app.call("/api/auth/me", &[]).await.status(), 200);
    app.clock.advance(SESSION_IDLE_TIMEOUT + Duration::seconds(1));
    assert_eq!(app.call("/api/auth/me", &[]).await.status(), 401);
    assert_eq!(location(&app.get("/").await).as_deref(), Some("/login"));
}

async fn the_session_cookie_is_secure_behind_https(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    let browser = new_client();
    let response = browser
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-proto", "https")
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

/// Reads the session token the client's jar holds, through the one endpoint that echoes
/// nothing secret: we pull it from a fresh login instead.
async fn session_token(app: &crate::support::TestApp) -> String {
    let response = app.login_with(&app.client, PASSWORD).await;
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap();
    cookie.trim_start_matches("pagos_session=").split(';').next().unwrap().to_string()
}

async fn the_visitor_state_follows_set_up_and_login(backend: Backend) {
    use app::model::AuthState;
    let Some(app) = spawn_app(backend).await else { return };
    let state = |client: reqwest::Client| {
        let url = app.url("/api/auth/state");
        async move { client.post(url).send().await.unwrap().json::<AuthState>().await.unwrap() }
    };
    assert_eq!(state(new_client()).await, AuthState::NeedsSetup);
    app.set_up_admin().await;
    assert_eq!(state(new_client()).await, AuthState::Anonymous);
    match state(app.client.clone()).await {
        AuthState::SignedIn(user) => assert_eq!(user.email, EMAIL),
        other => panic!("expected SignedIn, got {other:?}"),
    }
}

test_on_both_databases!(
    the_visitor_state_follows_set_up_and_login,
    health_check_reports_the_database,
    every_page_leads_to_set_up_until_an_administrator_exists,
    set_up_creates_the_administrator_once_and_signs_them_in,
    set_up_refuses_bad_input_with_the_field_that_caused_it,
    login_uses_one_message_for_every_failure,
    login_is_rate_limited_per_account,
    login_is_rate_limited_per_address,
    the_login_limit_holds_under_a_burst,
    anonymous_and_cross_site_calls_to_server_functions_are_refused,
    cross_site_requests_are_refused_and_change_nothing,
    logout_ends_the_session_for_good,
    an_idle_session_expires,
    the_session_cookie_is_secure_behind_https,
);

#[test]
fn the_readme_lists_every_endpoint() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    assert!(!registered.is_empty());
    for path in registered {
        assert!(path.starts_with("/api/"), "{path} is outside /api/");
        assert!(readme.contains(&format!("`{path}`")), "README does not list {path}");
    }
}

/// The browser bundle goes out brotli-compressed to browsers that take it, gzip to the others,
/// and as is otherwise.
#[tokio::test]
async fn the_bundle_is_shipped_compressed() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    let wasm: Vec<u8> = (0..40_000u32).flat_map(|i| (i % 97).to_le_bytes()).collect();
    std::fs::write(pkg.join("pagos.wasm"), &wasm).unwrap();
    server::assets::precompress(&pkg).unwrap();
    let app = crate::support::spawn_app_serving(Backend::Sqlite, site.path().to_str().unwrap()).await.unwrap();

    let plain = reqwest::Client::new();
    for (accept, encoding) in [("br, gzip", Some("br")), ("gzip", Some("gzip")), ("identity", None)] {
        let response = plain.get(app.url("/pkg/pagos.wasm")).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let got = response.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(got.as_deref(), encoding, "for Accept-Encoding: {accept}");
        let body = response.bytes().await.unwrap();
        match encoding {
            Some("br") => assert!(body.len() < wasm.len() / 4),
            None => assert_eq!(&body[..], &wasm[..]),
            _ => {}
        }
    }
}
