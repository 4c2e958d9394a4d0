//! The server's integration tests: the HTTP surface and the `pagos` binary. One test binary for
//! the crate, for the same reason as the backend's.

mod support;

mod automation_api;
mod binary;
mod clients_api;
mod hostile_input;
mod http;
mod notifications_api;
mod orders_api;
mod page_cache;
