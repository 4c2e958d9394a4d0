//! The two gates in front of the app.
//!
//! `/api/…`: cross-site requests are refused before any server function runs, and server
//! function errors get the HTTP status their kind deserves (a script sees 401, not 500).
//!
//! Pages: while no administrator exists every page leads to set-up; after that, anonymous
//! visitors are sent to the login page and signed-in users away from it.

use app::api::session_cookie;
use app::backend::{auth, AppState};
use app::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Server function error bodies are a few hundred bytes; anything larger is not ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn guard_api(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    if is_cross_site(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return error_response(&AppError::Forbidden);
    }
    let response = next.run(request).await;
    if response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return with_error_status(response).await;
    }
    response
}

/// True when the browser tells us the request was started by another site. Requests without
/// these headers (scripts, curl) are not cross-site: they carry no ambient cookie by accident.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        let origin_host = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'));
        let our_host = headers
            .get("x-forwarded-host")
            .or_else(|| headers.get(header::HOST))
            .and_then(|v| v.to_str().ok());
        return match (origin_host, our_host) {
            (Some(theirs), Some(ours)) => !theirs.eq_ignore_ascii_case(ours),
            _ => true,
        };
    }
    false
}

fn error_response(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

async fn with_error_status(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return error_response(&AppError::Internal);
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status_code()) {
            // A plain form post (no JavaScript) is being redirected back to its page.
            if !parts.status.is_redirection() {
                parts.status = status;
            }
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

pub async fn guard_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || !is_page(request.uri().path()) {
        return next.run(request).await;
    }
    match page_redirect(&state, request.uri().path(), request.headers()).await {
        Ok(Some(to)) => Redirect::to(to).into_response(),
        Ok(None) => next.run(request).await,
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "Pagos no puede leer su base de datos en este momento.").into_response(),
    }
}

fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path.starts_with("/pkg/") || path == "/healthz" || path == "/favicon.ico")
}

async fn page_redirect(state: &AppState, path: &str, headers: &HeaderMap) -> Result<Option<&'static str>, AppError> {
    if state.needs_setup().await? {
        return Ok((path != "/setup").then_some("/setup"));
    }
    let signed_in = match session_cookie::token(headers) {
        Some(token) => auth::session_user(&state.db, state.clock.as_ref(), &token).await?.is_some(),
        None => false,
    };
    Ok(match (signed_in, path) {
        (true, "/login" | "/setup") => Some("/"),
        (false, "/setup") => Some("/login"),
        (false, "/login") => None,
        (false, _) => Some("/login"),
        (true, _) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_and_script_requests_pass() {
        assert!(!is_cross_site(&headers(&[])));
        assert!(!is_cross_site(&headers(&[("host", "pagos.local:3000"), ("origin", "http://pagos.local:3000")])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "same-origin"), ("host", "a")])));
    }

    #[test]
    fn other_sites_are_refused() {
        assert!(is_cross_site(&headers(&[("host", "pagos.local:3000"), ("origin", "http://evil.example")])));
        assert!(is_cross_site(&headers(&[("host", "pagos.local:3000"), ("origin", "null")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
    }

    #[test]
    fn static_files_and_the_api_are_not_pages() {
        assert!(is_page("/"));
        assert!(is_page("/clientes"));
        assert!(!is_page("/pkg/pagos.wasm"));
        assert!(!is_page("/api/auth/login"));
        assert!(!is_page("/healthz"));
    }
}
