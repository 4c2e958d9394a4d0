//! The one state object: built once by the server, handed to `.leptos_routes`, which provides
//! it to page rendering and server functions alike.

use super::{auth, clock::Clock, db::Db, login_limiter::LoginLimiter};
use crate::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use secrecy::SecretString;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Settings the server was started with that the backend needs.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Encrypts secrets at rest (SMTP password, QRAPI key).
    pub secret_key: Option<SecretString>,
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
    pub login_limiter: Arc<LoginLimiter>,
    /// Once an administrator exists one always will; remembering it saves a query per page.
    admin_exists: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, db: Db, clock: Arc<dyn Clock>, config: Config) -> Self {
        AppState {
            leptos_options,
            db,
            clock,
            config: Arc::new(config),
            login_limiter: Arc::new(LoginLimiter::default()),
            admin_exists: Arc::new(AtomicBool::new(false)),
        }
    }

    /// True until the first administrator account has been created.
    pub async fn needs_setup(&self) -> Result<bool, AppError> {
        if self.admin_exists.load(Ordering::Relaxed) {
            return Ok(false);
        }
        let exists = auth::admin_exists(&self.db).await?;
        if exists {
            self.admin_exists.store(true, Ordering::Relaxed);
        }
        Ok(!exists)
    }
}
