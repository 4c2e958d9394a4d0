//! Set-up, login, logout and "who am I". The first three are the only server functions open
//! to anonymous visitors, because they are how one stops being anonymous.

use crate::model::{AuthState, UserView};
use crate::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{guard, session_cookie};

/// Where the visitor stands: needs set-up, anonymous, or signed in as someone.
#[server(endpoint = "auth/state")]
pub async fn visitor_state() -> Result<AuthState, AppError> {
    let state = guard::app_state()?;
    if state.needs_setup().await? {
        return Ok(AuthState::NeedsSetup);
    }
    match guard::authorised().await {
        Ok((_, user)) => Ok(AuthState::SignedIn(user)),
        Err(AppError::Unauthorized) => Ok(AuthState::Anonymous),
        Err(other) => Err(other),
    }
}

/// The signed-in user; `Unauthorized` otherwise.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<UserView, AppError> {
    let (_, user) = guard::authorised().await?;
    Ok(user)
}

/// "Crear cuenta de administrador": works once, while no account exists; signs the new
/// administrator in.
#[server(endpoint = "auth/setup")]
pub async fn create_admin(email: String, password: String, password_confirmation: String) -> Result<UserView, AppError> {
    use crate::backend::auth;
    let state = guard::app_state()?;
    let user = auth::create_first_admin(&state.db, state.clock.as_ref(), &email, &password, &password_confirmation).await?;
    // The account exists; opening its session is an ordinary login.
    start_session(&state, &email, &password).await?;
    leptos_axum::redirect("/");
    Ok(user)
}

#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String) -> Result<UserView, AppError> {
    let state = guard::app_state()?;
    let user = start_session(&state, &email, &password).await?;
    leptos_axum::redirect("/");
    Ok(user)
}

#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let (state, _) = guard::authorised().await?;
    let headers = guard::request_headers()?;
    if let Some(token) = session_cookie::token(&headers) {
        crate::backend::auth::logout(&state.db, &token).await?;
    }
    set_cookie_header(session_cookie::clear(session_cookie::is_https(&headers)));
    leptos_axum::redirect("/login");
    Ok(())
}

#[cfg(feature = "ssr")]
async fn start_session(state: &crate::backend::AppState, email: &str, password: &str) -> Result<UserView, AppError> {
    let headers = guard::request_headers()?;
    let (user, token) = crate::backend::auth::login(
        &state.db,
        state.clock.as_ref(),
        &state.login_limiter,
        &guard::client_ip(),
        email,
        password,
    )
    .await?;
    set_cookie_header(session_cookie::set(&token, session_cookie::is_https(&headers)));
    Ok(user)
}

#[cfg(feature = "ssr")]
fn set_cookie_header(value: axum::http::HeaderValue) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(axum::http::header::SET_COOKIE, value);
    }
}
