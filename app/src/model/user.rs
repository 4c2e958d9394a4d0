use serde::{Deserialize, Serialize};

/// What the browser may know about a signed-in user: no hash, no session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub email: String,
}

/// Where a visitor stands: decides whether they see set-up, login or the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthState {
    /// No administrator exists yet: the one-time set-up page is the only way in.
    NeedsSetup,
    Anonymous,
    SignedIn(UserView),
}
