//! Pagos: payment orders and reminders for a small business's clients.
//!
//! Layers point one way: `ui -> api -> backend -> model`. `model` and `error` compile to wasm;
//! `backend` exists only with the `ssr` feature and never reaches the browser.
#![recursion_limit = "256"]

pub mod api;
pub mod error;
pub mod i18n;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod backend;

pub use error::AppError;
pub use ui::{shell, App};
