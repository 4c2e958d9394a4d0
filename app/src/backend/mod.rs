//! Everything that runs only on the server: the database, sessions, and (later) billing and
//! notifications. Functions here take plain arguments (a `Db`, a clock, values) so tests can
//! call them without a web server.

pub mod audit;
pub mod auth;
pub mod clients;
pub mod clock;
pub mod db;
pub mod export;
pub mod login_limiter;
pub mod orders;
pub mod plans;
pub mod sessions;
pub mod settings;
pub mod state;
pub mod users;

pub use clock::{Clock, FixedClock, SystemClock};
pub use db::Db;
pub use state::{AppState, Config};

#[cfg(feature = "test-support")]
pub mod testing;
