//! The backend's integration tests, on SQLite and PostgreSQL. One test binary for the whole
//! crate: each extra binary links the full dependency tree again, which costs minutes and
//! gigabytes of disk on a cold build.

mod accounts;
mod billing;
mod clients_and_plans;
mod faulty_channels;
mod notifications;
mod orders;
mod revision;
mod seed;
