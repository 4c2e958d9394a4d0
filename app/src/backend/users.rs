//! Every query on `users`.

use super::db::{is_unique_violation, Db};
use crate::{on_db, AppError};
use chrono::{DateTime, Utc};

/// A stored account. Holds the password hash, so it is neither `Serialize` nor sent anywhere;
/// the browser gets a [`crate::model::UserView`].
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

pub async fn any_exists(db: &Db) -> Result<bool, AppError> {
    let exists: bool = on_db!(db, pool => sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users)")
        .fetch_one(pool)
        .await?);
    Ok(exists)
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRecord>, AppError> {
    let sql = "SELECT id, email, password_hash, created_at FROM users WHERE email = $1";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(email).fetch_optional(pool).await?))
}

/// Inserts an account; a second account with the same e-mail is a `Conflict`.
pub async fn insert(db: &Db, email: &str, password_hash: &str, now: DateTime<Utc>) -> Result<i64, AppError> {
    let sql = "INSERT INTO users (email, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id";
    let inserted: Result<i64, sqlx::Error> = on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(email)
        .bind(password_hash)
        .bind(now)
        .fetch_one(pool)
        .await);
    inserted.map_err(|e| {
        if is_unique_violation(&e) {
            AppError::invalid("email", "Ya existe una cuenta con ese correo.")
        } else {
            AppError::internal(e)
        }
    })
}

/// Inserts the first account only while there is none; `None` when one already exists.
/// Two browsers submitting the set-up form at once get one account, not two.
pub async fn insert_first(
    db: &Db,
    email: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, AppError> {
    let sql = "INSERT INTO users (email, password_hash, created_at) \
               SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id";
    let id = match db {
        // SQLite runs one writer at a time, so the NOT EXISTS check and the insert cannot
        // interleave with another set-up.
        Db::Sqlite(pool) => {
            sqlx::query_scalar(sql).bind(email).bind(password_hash).bind(now).fetch_optional(pool).await?
        }
        // PostgreSQL would let two transactions both see an empty table: serialise them.
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            sqlx::query("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
            let id = sqlx::query_scalar(sql)
                .bind(email)
                .bind(password_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        }
    };
    Ok(id)
}
