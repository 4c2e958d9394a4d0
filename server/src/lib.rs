//! The `pagos` server: configuration, the HTTP router and its guards, start-up and shutdown.
//! Business logic lives in `app::backend`; this crate only wires it to the outside world.

pub mod access;
pub mod assets;
pub mod config;
pub mod delivery;
pub mod export;
pub mod page_cache;
pub mod router;
pub mod scheduler;
pub mod serve;
pub mod telemetry;
