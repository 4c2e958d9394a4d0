//! Accounts and sessions: creating administrators, checking passwords, issuing and reading
//! session tokens.

use super::audit::{self, AuditEntry};
use super::clock::Clock;
use super::db::Db;
use super::login_limiter::LoginLimiter;
use super::{sessions, users};
use crate::model::{Email, Password, UserView};
use crate::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// A session ends after this long without use…
pub const SESSION_IDLE_TIMEOUT: Duration = Duration::days(7);
/// …and in any case this long after login.
pub const SESSION_LIFETIME: Duration = Duration::days(30);
/// `last_seen_at` is written at most this often, so reading pages does not mean writing rows.
const TOUCH_EVERY: Duration = Duration::minutes(10);

/// The secret a browser holds in its cookie. Only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        SessionToken(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Accepts only what [`SessionToken::generate`] could have made.
    pub fn from_cookie(value: &str) -> Option<Self> {
        let valid = value.len() == 43 && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| SessionToken(value.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> String {
        let digest = Sha256::digest(self.0.as_bytes());
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest)
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

pub async fn admin_exists(db: &Db) -> Result<bool, AppError> {
    users::any_exists(db).await
}

/// Checks a new account's e-mail and password and hashes the password.
async fn new_account(email: &str, password: &str, confirmation: &str) -> Result<(String, String), AppError> {
    let email = Email::parse(email).map_err(|m| AppError::invalid("email", m))?;
    let password = Password::parse_new(password, confirmation).map_err(|(field, m)| AppError::invalid(field, m))?;
    Ok((account_email(&email), hash_password(password).await?))
}

/// The one-time set-up: creates the first administrator, or refuses once one exists.
pub async fn create_first_admin(
    db: &Db,
    clock: &dyn Clock,
    email: &str,
    password: &str,
    confirmation: &str,
) -> Result<UserView, AppError> {
    if admin_exists(db).await? {
        return Err(setup_done());
    }
    let (email, hash) = new_account(email, password, confirmation).await?;
    let now = clock.now();
    let id = users::insert_first(db, &email, &hash, now).await?.ok_or_else(setup_done)?;
    audit_account_created(db, now, id, "setup").await?;
    Ok(UserView { id, email })
}

/// Creates another administrator (from the shell); refuses an e-mail already in use.
pub async fn create_admin(
    db: &Db,
    clock: &dyn Clock,
    email: &str,
    password: &str,
    confirmation: &str,
) -> Result<UserView, AppError> {
    let (email, hash) = new_account(email, password, confirmation).await?;
    let now = clock.now();
    let id = users::insert(db, &email, &hash, now).await?;
    audit_account_created(db, now, id, "shell").await?;
    Ok(UserView { id, email })
}

fn setup_done() -> AppError {
    AppError::Conflict("La cuenta de administrador ya fue creada. Inicia sesión.".into())
}

async fn audit_account_created(db: &Db, at: DateTime<Utc>, id: i64, how: &str) -> Result<(), AppError> {
    let entry = AuditEntry {
        at,
        user_id: Some(id),
        action: "create".into(),
        entity: "user".into(),
        entity_id: Some(id),
        detail: format!("cuenta de administrador creada ({how})"),
    };
    audit::record(db, &entry).await
}

/// Accounts are looked up case-insensitively: people do not remember capitals in e-mails.
fn account_email(email: &Email) -> String {
    email.as_str().to_lowercase()
}

/// Checks the credentials and opens a session. Every failure looks the same to the caller,
/// and takes about the same time whether or not the account exists.
pub async fn login(
    db: &Db,
    clock: &dyn Clock,
    limiter: &LoginLimiter,
    client_ip: &str,
    email: &str,
    password: &str,
) -> Result<(UserView, SessionToken), AppError> {
    let now = clock.now();
    let account = email.trim().to_lowercase();
    limiter
        .begin(client_ip, &account, now)
        .map_err(|retry_after_secs| AppError::TooManyAttempts { retry_after_secs })?;

    let user = users::find_by_email(db, &account).await?;
    let stored_hash = match &user {
        Some(user) => user.password_hash.clone(),
        None => dummy_hash().to_string(),
    };
    let matches = verify_password(stored_hash, password.to_string()).await?;
    let user = match user {
        Some(user) if matches => user,
        // The attempt already counts as a failure (see `LoginLimiter::begin`).
        _ => return Err(AppError::BadCredentials),
    };
    limiter.succeeded(client_ip, &account, now);

    let token = SessionToken::generate();
    sessions::insert(db, &token.hash(), user.id, now, now + SESSION_LIFETIME).await?;
    // Logins are rare and cheap to piggy-back on: no background job needed to keep the
    // table small.
    purge_stale_sessions(db, clock).await?;
    Ok((UserView { id: user.id, email: user.email }, token))
}

/// The user behind a session token, if the session is still valid.
pub async fn session_user(db: &Db, clock: &dyn Clock, token: &SessionToken) -> Result<Option<UserView>, AppError> {
    Ok(session_user_until(db, clock, token).await?.map(|(user, _)| user))
}

/// [`session_user`], with the moment until which the same answer holds if the database does
/// not change: the session's next touch, or its end.
pub async fn session_user_until(
    db: &Db,
    clock: &dyn Clock,
    token: &SessionToken,
) -> Result<Option<(UserView, DateTime<Utc>)>, AppError> {
    let hash = token.hash();
    let Some(session) = sessions::find(db, &hash).await? else {
        return Ok(None);
    };
    let now = clock.now();
    if now >= session.expires_at || now >= session.last_seen_at + SESSION_IDLE_TIMEOUT {
        sessions::delete(db, &hash).await?;
        return Ok(None);
    }
    let mut last_seen = session.last_seen_at;
    if now >= last_seen + TOUCH_EVERY {
        sessions::touch(db, &hash, now).await?;
        last_seen = now;
    }
    let until = (last_seen + TOUCH_EVERY).min(session.expires_at).min(last_seen + SESSION_IDLE_TIMEOUT);
    Ok(Some((session.user(), until)))
}

pub async fn logout(db: &Db, token: &SessionToken) -> Result<(), AppError> {
    sessions::delete(db, &token.hash()).await
}

/// Forgets sessions that can no longer be used.
pub async fn purge_stale_sessions(db: &Db, clock: &dyn Clock) -> Result<u64, AppError> {
    let now = clock.now();
    sessions::delete_stale(db, now, now - SESSION_IDLE_TIMEOUT).await
}

/// argon2id with the crate's recommended parameters, off the async threads: hashing is
/// deliberately slow.
async fn hash_password(password: Password) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

async fn verify_password(hash: String, candidate: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(AppError::internal)?;
        Ok(Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(AppError::internal)?
}

/// A real hash of a random password, verified against when the account does not exist.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        let mut random = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut random);
        Argon2::default().hash_password(&random, &salt).expect("hashing random bytes").to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_well_formed_cookies_are_accepted() {
        let a = SessionToken::generate();
        let b = SessionToken::generate();
        assert_ne!(a, b);
        assert_eq!(SessionToken::from_cookie(a.expose()), Some(a.clone()));
        assert_eq!(SessionToken::from_cookie("abc"), None);
        assert_eq!(SessionToken::from_cookie(&"'".repeat(43)), None);
        assert_ne!(a.hash(), a.expose());
    }

    #[tokio::test]
    async fn a_hashed_password_verifies_only_itself() {
        let password = Password::parse_new("una-clave-segura", "una-clave-segura").unwrap();
        let hash = hash_password(password).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(hash.clone(), "una-clave-segura".into()).await.unwrap());
        assert!(!verify_password(hash, "una-clave-segurA".into()).await.unwrap());
    }
}
