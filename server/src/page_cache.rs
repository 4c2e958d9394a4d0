//! Rendered pages kept per user and address, reused while the database has not changed.
//!
//! A panel page costs several queries and the rendering of its rows; the same page asked for
//! again with nothing changed is answered from memory. An entry is reused only when
//!
//! - the same signed-in user asks for the same address (path and query) in the same language,
//! - the database's revision (see `app::backend::revision`) is the one read before the page
//!   was rendered: no commit from this server or any other since then, and
//! - the business day it was rendered on has not ended (orders fall due at midnight).
//!
//! The gate checks the session of every page request through [`PageCache::signed_in_user`],
//! which remembers a session's answer under the same rule: until the database changes (a
//! login, logout or touch is a commit) or the session is due a touch or ends. Anything other
//! than a plain 200 HTML page without cookies is passed through untouched.

use app::api::session_cookie;
use app::backend::revision::{Revision, Revisions};
use app::backend::{auth, settings, AppState};
use app::model::UserView;
use app::AppError;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Days, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

/// Enough for every page of a few users; each is a few tens of KB.
const MAX_ENTRIES: usize = 256;
const MAX_SESSIONS: usize = 1024;
/// Larger pages are served but not kept.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub struct PageCache {
    revisions: Revisions,
    entries: Mutex<HashMap<Key, Entry>>,
    /// Session token hash → who it belongs to, as read at a revision.
    sessions: Mutex<HashMap<String, KnownSession>>,
}

struct KnownSession {
    revision: Revision,
    user: UserView,
    valid_until: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    user_id: i64,
    address: String,
    lang: app::i18n::Lang,
}

struct Entry {
    revision: Revision,
    /// The end of the business day the page was rendered on.
    valid_until: DateTime<Utc>,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    pub fn new(state: &AppState) -> PageCache {
        PageCache {
            revisions: Revisions::new(&state.db),
            entries: Mutex::new(HashMap::new()),
            sessions: Mutex::new(HashMap::new()),
        }
    }

    /// The database's revision now, read before anything a page shows; `None` (and no reuse)
    /// when it cannot be read.
    pub async fn revision(&self) -> Option<Revision> {
        match self.revisions.current().await {
            Ok(revision) => Some(revision),
            Err(e) => {
                tracing::warn!(error = %e, "database revision unavailable; pages rendered without the cache");
                None
            }
        }
    }

    /// The user whose valid session cookie these headers carry, as `auth::session_user`
    /// would say at this revision.
    pub async fn signed_in_user(&self, state: &AppState, revision: Option<&Revision>, headers: &HeaderMap) -> Result<Option<UserView>, AppError> {
        let Some(token) = session_cookie::token(headers) else {
            return Ok(None);
        };
        let hash = token.hash();
        let now = state.clock.now();
        if let Some(revision) = revision {
            let sessions = self.sessions.lock().expect("session cache lock");
            if let Some(known) = sessions.get(&hash) {
                if &known.revision == revision && now < known.valid_until {
                    return Ok(Some(known.user.clone()));
                }
            }
        }
        let found = auth::session_user_until(&state.db, state.clock.as_ref(), &token).await?;
        if let (Some(revision), Some((user, valid_until))) = (revision, &found) {
            let mut sessions = self.sessions.lock().expect("session cache lock");
            if sessions.len() >= MAX_SESSIONS {
                sessions.clear();
            }
            sessions.insert(hash, KnownSession { revision: revision.clone(), user: user.clone(), valid_until: *valid_until });
        }
        Ok(found.map(|(user, _)| user))
    }

    /// Answers a signed-in user's page request from memory, or renders it and keeps it.
    /// `revision` is the one read before the request's session was checked.
    pub async fn serve(&self, state: &AppState, user_id: i64, revision: Option<Revision>, request: Request, next: Next) -> Response {
        let lang = request.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()).map(app::i18n::Lang::from_cookie_header).unwrap_or_default();
        let key = Key { user_id, address: request.uri().to_string(), lang };
        let Some(revision) = revision else {
            return next.run(request).await;
        };
        let now = state.clock.now();
        if let Some(response) = self.hit(&key, &revision, now) {
            return response;
        }

        let response = next.run(request).await;
        if !keepable(&response) {
            return response;
        }
        let (parts, body) = response.into_parts();
        let body = match to_bytes(body, MAX_PAGE_BYTES).await {
            Ok(body) => body,
            Err(e) => {
                tracing::error!(error = %e, "page could not be read whole");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        match end_of_business_day(state, now).await {
            Ok(valid_until) => {
                let entry = Entry { revision, valid_until, headers: parts.headers.clone(), body: body.clone() };
                self.keep(key, entry);
            }
            Err(e) => tracing::warn!(error = %e, "page not kept: time zone unavailable"),
        }
        Response::from_parts(parts, Body::from(body))
    }

    fn hit(&self, key: &Key, revision: &Revision, now: DateTime<Utc>) -> Option<Response> {
        let entries = self.entries.lock().expect("page cache lock");
        let entry = entries.get(key)?;
        if &entry.revision != revision || now >= entry.valid_until {
            return None;
        }
        let mut response = Response::new(Body::from(entry.body.clone()));
        *response.headers_mut() = entry.headers.clone();
        Some(response)
    }

    fn keep(&self, key: Key, entry: Entry) {
        let mut entries = self.entries.lock().expect("page cache lock");
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            // Pages of an older revision can never be served again.
            entries.retain(|_, kept| kept.revision == entry.revision);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, entry);
    }
}

/// Only complete, successful HTML pages that set no cookie are the same for every request.
/// A page whose scripts are allowed by a per-response nonce is not either: the nonce must not
/// be handed out twice (Leptos writes one into every page; no policy relies on it today).
fn keepable(response: &Response) -> bool {
    let headers = response.headers();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let nonce_policy = headers
        .get_all(header::CONTENT_SECURITY_POLICY)
        .iter()
        .any(|v| v.to_str().map_or(true, |v| v.contains("nonce-")));
    response.status() == StatusCode::OK && html && !headers.contains_key(header::SET_COOKIE) && !nonce_policy
}

async fn end_of_business_day(state: &AppState, now: DateTime<Utc>) -> Result<DateTime<Utc>, AppError> {
    let tz = settings::timezone(&state.db).await?;
    let tomorrow = now.with_timezone(&tz).date_naive() + Days::new(1);
    // Midnight exists in every zone Pagos offers; if a zone ever skipped it, the entry would
    // simply not be reused.
    Ok(tomorrow
        .and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(tz).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now))
}
