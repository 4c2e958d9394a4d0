//! Every query on `sessions`. Rows are keyed by a hash of the token, never the token itself.

use super::db::Db;
use crate::{model::UserView, on_db, AppError};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub email: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl SessionRow {
    pub fn user(&self) -> UserView {
        UserView { id: self.user_id, email: self.email.clone() }
    }
}

pub async fn insert(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), AppError> {
    let sql = "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
               VALUES ($1, $2, $3, $3, $4)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await?
        .rows_affected());
    Ok(())
}

pub async fn find(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, AppError> {
    let sql = "SELECT s.user_id, u.email, s.created_at, s.last_seen_at, s.expires_at \
               FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await?))
}

pub async fn touch(db: &Db, token_hash: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let sql = "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1";
    on_db!(db, pool => sqlx::query(sql).bind(token_hash).bind(now).execute(pool).await?.rows_affected());
    Ok(())
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<(), AppError> {
    on_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?
        .rows_affected());
    Ok(())
}

/// Removes sessions that can no longer be used; returns how many.
pub async fn delete_stale(db: &Db, expired_before: DateTime<Utc>, idle_since: DateTime<Utc>) -> Result<u64, AppError> {
    let sql = "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2";
    let done = on_db!(db, pool => sqlx::query(sql)
        .bind(expired_before)
        .bind(idle_since)
        .execute(pool)
        .await?
        .rows_affected());
    Ok(done)
}
