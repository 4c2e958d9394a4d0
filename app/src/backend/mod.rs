//! Everything that runs only on the server: the database, sessions, notifications and
//! billing. Functions here take plain arguments (a `Db`, a clock, values) so tests can
//! call them without a web server.

pub mod audit;
pub mod auth;
pub mod billing;
pub mod clients;
pub mod clock;
pub mod db;
pub mod export;
pub mod login_limiter;
pub mod notify;
pub mod orders;
pub mod plans;
pub mod revision;
pub mod scheduler_runs;
pub mod seed;
pub mod secrets;
pub mod sessions;
pub mod settings;
pub mod state;
pub mod users;

pub use clock::{Clock, FixedClock, SystemClock};
pub use db::Db;
pub use secrets::Cipher;
pub use state::AppState;

#[cfg(feature = "test-support")]
pub mod testing;
