//! The session cookie: HttpOnly so scripts cannot read it, SameSite=Strict so other sites
//! cannot ride on it, Secure whenever the request reached us over https.

use crate::backend::auth::{SessionToken, SESSION_LIFETIME};
use axum::http::{header, HeaderMap, HeaderValue};

pub const NAME: &str = "pagos_session";

pub fn token(headers: &HeaderMap) -> Option<SessionToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == NAME)
        .and_then(|(_, value)| SessionToken::from_cookie(value))
}

/// True when the client reached us over https (directly or through a reverse proxy).
pub fn is_https(headers: &HeaderMap) -> bool {
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get(header::FORWARDED)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("proto=https"));
    forwarded_proto || forwarded
}

pub fn set(token: &SessionToken, secure: bool) -> HeaderValue {
    let max_age = SESSION_LIFETIME.num_seconds();
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{NAME}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}", token.expose());
    HeaderValue::from_str(&cookie).expect("token is URL-safe base64")
}

pub fn clear(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"))
        .expect("static cookie")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_has_the_flags_a_session_needs() {
        let token = SessionToken::from_cookie(&"a".repeat(43)).unwrap();
        let plain = set(&token, false).to_str().unwrap().to_string();
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict") && plain.contains("Path=/"));
        assert!(!plain.contains("Secure"));
        assert!(set(&token, true).to_str().unwrap().ends_with("; Secure"));
    }

    #[test]
    fn the_token_is_read_among_other_cookies() {
        let mut headers = HeaderMap::new();
        let value = format!("theme=dark; {NAME}={}; other=1", "b".repeat(43));
        headers.insert(header::COOKIE, HeaderValue::from_str(&value).unwrap());
        assert_eq!(token(&headers).unwrap().expose(), "b".repeat(43));
        headers.insert(header::COOKIE, HeaderValue::from_static("pagos_session=short"));
        assert!(token(&headers).is_none());
    }

    #[test]
    fn https_is_recognised_behind_a_proxy() {
        let mut headers = HeaderMap::new();
        assert!(!is_https(&headers));
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(is_https(&headers));
    }
}
