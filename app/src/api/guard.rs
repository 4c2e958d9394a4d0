//! What every server function calls first: who is asking, and may they?

use super::session_cookie;
use crate::backend::{auth, AppState};
use crate::model::UserView;
use crate::AppError;
use axum::http::request::Parts;
use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use std::net::SocketAddr;
use leptos::prelude::*;

/// The state and the signed-in user, or `Unauthorized`. Cross-site requests never get this
/// far: the `/api` layer refuses them before any server function runs.
pub async fn authorised() -> Result<(AppState, UserView), AppError> {
    let state = app_state()?;
    let parts = use_context::<Parts>().ok_or_else(|| AppError::internal("request parts missing from context"))?;
    // The server's gate has usually looked the session up already for this request.
    if let Some(SignedIn(user)) = parts.extensions.get::<SignedIn>() {
        return Ok((state, user.clone()));
    }
    match signed_in_user(&state, &parts.headers).await? {
        Some(user) => Ok((state, user)),
        None => Err(AppError::Unauthorized),
    }
}

/// Put in a request's extensions by whoever checked its session first, so the check runs once
/// per request. Clients cannot set extensions.
#[derive(Debug, Clone)]
pub struct SignedIn(pub UserView);

/// The user whose valid session cookie these headers carry.
pub async fn signed_in_user(state: &AppState, headers: &HeaderMap) -> Result<Option<UserView>, AppError> {
    match session_cookie::token(headers) {
        Some(token) => auth::session_user(&state.db, state.clock.as_ref(), &token).await,
        None => Ok(None),
    }
}

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

pub fn request_headers() -> Result<HeaderMap, AppError> {
    use_context::<Parts>()
        .map(|parts| parts.headers)
        .ok_or_else(|| AppError::internal("request parts missing from context"))
}

/// The address the request came from, for rate limiting. "desconocida" when the server was
/// not started with connection info (which `pagos` always is).
pub fn client_ip() -> String {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip().to_string()))
        .unwrap_or_else(|| "desconocida".to_string())
}
