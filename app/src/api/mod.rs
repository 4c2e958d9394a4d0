//! Server functions: the only door from the browser (or a script) into the backend. Each one
//! parses, authorises, calls one backend function and maps its error. Every endpoint is
//! explicit and stable under `/api/`; the README lists them.

pub mod auth;
pub mod automation;
pub mod clients;
pub mod orders;
pub mod plans;
pub mod settings;

/// The only endpoints an anonymous visitor may call: they are how one stops being anonymous.
/// Every other `/api/` path is refused without a valid session before its function runs.
pub const PUBLIC_ENDPOINTS: &[&str] = &["/api/auth/state", "/api/auth/setup", "/api/auth/login"];

#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod session_cookie;
