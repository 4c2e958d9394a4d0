//! The gate in front of the app: every request passes here before a page or a server function.
//!
//! `/api/…`: cross-site requests are refused, calls without a valid session are refused
//! (except the few public endpoints), and server function errors get the HTTP status their
//! kind deserves (a script sees 401, not 500).
//!
//! Pages: while no administrator exists every page leads to set-up; after that, anonymous
//! visitors are sent to the login page and signed-in users away from it.

use crate::page_cache::PageCache;
use app::backend::revision::Revision;
use app::api::guard::{signed_in_user, SignedIn};
use app::api::PUBLIC_ENDPOINTS;
use app::backend::AppState;
use app::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;

const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Server function error bodies are a few hundred bytes; anything larger is not ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// What the gate needs: the app's state, and the pages it may answer from memory.
#[derive(Clone)]
pub struct Gate {
    pub state: AppState,
    pub pages: Arc<PageCache>,
}

pub async fn gate(State(Gate { state, pages }): State<Gate>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/api/") {
        if is_cross_site(request.headers()) {
            tracing::warn!(%path, "cross-site request refused");
            return error_response(&AppError::Forbidden);
        }
        let user = match signed_in_user(&state, request.headers()).await {
            Ok(user) => user,
            Err(error) => return error_response(&error),
        };
        match user {
            Some(user) => {
                request.extensions_mut().insert(SignedIn(user));
            }
            None if !PUBLIC_ENDPOINTS.contains(&path.as_str()) => return error_response(&AppError::Unauthorized),
            None => {}
        }
        let response = next.run(request).await;
        if response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
            return with_error_status(response).await;
        }
        return response;
    }

    if request.method() == Method::GET && is_page(&path) {
        let revision = pages.revision().await;
        let user = match page_access(&state, &pages, revision.as_ref(), &path, request.headers()).await {
            Ok(Access::Redirect(to)) => return Redirect::to(to).into_response(),
            Ok(Access::Allow(user)) => user,
            Err(_) => {
                return (StatusCode::SERVICE_UNAVAILABLE, "Pagos no puede leer su base de datos en este momento.")
                    .into_response()
            }
        };
        if let Some(user) = user {
            let user_id = user.id;
            request.extensions_mut().insert(SignedIn(user));
            return pages.serve(&state, user_id, revision, request, next).await;
        }
    }
    next.run(request).await
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
        // A plain form post (no JavaScript) is being redirected back to its page: keep that.
        if !parts.status.is_redirection() {
            parts.status = StatusCode::from_u16(error.status_code()).unwrap_or(parts.status);
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn is_page(path: &str) -> bool {
    !(path.starts_with("/pkg/") || path == "/healthz" || path == "/favicon.ico")
}

enum Access {
    Allow(Option<app::model::UserView>),
    Redirect(&'static str),
}

async fn page_access(
    state: &AppState,
    pages: &PageCache,
    revision: Option<&Revision>,
    path: &str,
    headers: &HeaderMap,
) -> Result<Access, AppError> {
    if state.needs_setup().await? {
        return Ok(if path == "/setup" { Access::Allow(None) } else { Access::Redirect("/setup") });
    }
    let user = pages.signed_in_user(state, revision, headers).await?;
    Ok(match (user, path) {
        (Some(_), "/login" | "/setup") => Access::Redirect("/"),
        (Some(user), _) => Access::Allow(Some(user)),
        (None, "/login") => Access::Allow(None),
        (None, _) => Access::Redirect("/login"),
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
    fn static_files_are_not_pages() {
        assert!(is_page("/"));
        assert!(is_page("/clientes"));
        assert!(!is_page("/pkg/pagos.wasm"));
        assert!(!is_page("/healthz"));
    }
}
