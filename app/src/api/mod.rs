//! Server functions: the only door from the browser (or a script) into the backend. Each one
//! parses, authorises, calls one backend function and maps its error. Every endpoint is
//! explicit and stable under `/api/`; the README lists them.

pub mod auth;

#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod session_cookie;
