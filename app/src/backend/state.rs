//! The one state object: built once by the server, handed to `.leptos_routes`, which provides
//! it to page rendering and server functions alike.

use super::notify::dispatch::Timeouts;
use super::{auth, clock::Clock, db::Db, login_limiter::LoginLimiter, secrets::Cipher};
use crate::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Encrypts the stored secrets (SMTP password, QRAPI key).
    pub cipher: Arc<Cipher>,
    /// Wakes the delivery worker when something was queued.
    pub deliveries: Arc<Notify>,
    /// Network timeouts for sending, shortened by tests.
    pub timeouts: Timeouts,
    pub login_limiter: Arc<LoginLimiter>,
    /// Once an administrator exists one always will; remembering it saves a query per page.
    admin_exists: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, db: Db, clock: Arc<dyn Clock>, cipher: Cipher) -> Self {
        AppState {
            leptos_options,
            db,
            clock,
            cipher: Arc::new(cipher),
            deliveries: Arc::new(Notify::new()),
            timeouts: Timeouts::default(),
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
