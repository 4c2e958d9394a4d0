//! A real Pagos server per test: a fresh database, the real router on a free port, a movable
//! clock, and an HTTP client with its own cookie jar.

use app::backend::testing::{Backend, TestDb};
use app::backend::notify::dispatch::Timeouts;
use app::backend::{AppState, Cipher, Db, FixedClock};
use chrono::{DateTime, Utc};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub const EMAIL: &str = "admin@empresa.pe";
pub const PASSWORD: &str = "una-clave-segura-2026";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: FixedClock,
    pub db: Db,
    /// Where another server would connect to the same database.
    pub db_url: String,
    _worker_stop: tokio::sync::watch::Sender<bool>,
    _db: TestDb,
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_serving(backend, "target/site").await
}

/// A server whose static files (the browser bundle) come from `site_root`.
pub async fn spawn_app_serving(backend: Backend, site_root: &str) -> Option<TestApp> {
    let test_db = TestDb::new(backend).await?;
    let clock = FixedClock::at("2026-12-03T14:00:00Z".parse::<DateTime<Utc>>().unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = LeptosOptions::builder().output_name("pagos").site_root(site_root).site_addr(addr).build();
    let mut state = AppState::new(options, test_db.db.clone(), Arc::new(clock.clone()), Cipher::random());
    state.timeouts = Timeouts { smtp: Duration::from_secs(2), http: Duration::from_secs(2) };
    let (worker_stop, _) = server::delivery::spawn(&state);
    let router = server::router::build(state.clone());
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    Some(TestApp { address: format!("http://{addr}"), client: new_client(), clock, db: test_db.db.clone(), db_url: test_db.url.clone(), _worker_stop: worker_stop, _db: test_db })
}

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Calls a server function the way a script would: a form-encoded POST.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.call_with(&self.client, endpoint, form).await
    }

    pub async fn call_with(&self, client: &reqwest::Client, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        client.post(self.url(endpoint)).form(form).send().await.unwrap()
    }

    /// The SQLite file's bytes; `None` on PostgreSQL.
    pub fn sqlite_bytes(&self) -> Option<Vec<u8>> {
        self._db.sqlite_bytes()
    }

    pub async fn set_up_admin(&self) -> reqwest::Response {
        let response = self
            .call("/api/auth/setup", &[("email", EMAIL), ("password", PASSWORD), ("password_confirmation", PASSWORD)])
            .await;
        assert_eq!(response.status(), 200, "set-up failed");
        response
    }

    pub async fn login_with(&self, client: &reqwest::Client, password: &str) -> reqwest::Response {
        self.call_with(client, "/api/auth/login", &[("email", EMAIL), ("password", password)]).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

pub fn location(response: &reqwest::Response) -> Option<String> {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_string())
}
