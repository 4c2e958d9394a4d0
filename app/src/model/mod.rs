//! Domain types shared by the browser and the server. Constructors parse, so a value of one of
//! these types is valid wherever it travels.

mod email;
mod password;
mod user;

pub use email::Email;
pub use password::Password;
pub use user::{AuthState, UserView};
