//! A token that changes whenever a write is committed to the database, by this process or any
//! other: what lets a rendered page be reused for exactly as long as nothing it shows changed.
//!
//! Read the token *before* reading the data. If a later read gives the same token, no commit
//! happened in between, so whatever was read after the first token is still what the database
//! holds.
//!
//! - SQLite: `PRAGMA data_version` on a connection of its own that never writes. SQLite changes
//!   it for that connection whenever any other connection (in any process) commits.
//! - PostgreSQL: the current snapshot (`xmin:xmax:in-progress ids`). A commit either removes
//!   an id that was in progress or belongs to a transaction that started later and so moved
//!   `xmax`; either way the snapshot differs. Other databases on the same server only cause
//!   needless changes, never a missed one.

use super::db::Db;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, PgPool};
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    /// Which connection answered (values from different connections cannot be compared),
    /// and its data version.
    Sqlite(u64, i64),
    Postgres(String),
}

pub enum Revisions {
    Sqlite {
        options: SqliteConnectOptions,
        /// Opened on first use, and again after an error; numbered.
        connection: Mutex<Option<(u64, SqliteConnection)>>,
        opened: AtomicU64,
    },
    Postgres(PgPool),
}

impl Revisions {
    pub fn new(db: &Db) -> Revisions {
        match db {
            Db::Sqlite(pool) => Revisions::Sqlite {
                options: (*pool.connect_options()).clone(),
                connection: Mutex::new(None),
                opened: AtomicU64::new(0),
            },
            Db::Postgres(pool) => Revisions::Postgres(pool.clone()),
        }
    }

    pub async fn current(&self) -> Result<Revision, sqlx::Error> {
        match self {
            Revisions::Sqlite { options, connection, opened } => {
                let mut slot = connection.lock().await;
                if slot.is_none() {
                    let conn = options.connect().await?;
                    *slot = Some((opened.fetch_add(1, Ordering::Relaxed), conn));
                }
                let (number, conn) = slot.as_mut().expect("connection just opened");
                match sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut *conn).await {
                    Ok(version) => Ok(Revision::Sqlite(*number, version)),
                    Err(e) => {
                        // A broken connection is replaced on the next call.
                        *slot = None;
                        Err(e)
                    }
                }
            }
            Revisions::Postgres(pool) => {
                let snapshot: String = sqlx::query_scalar("SELECT pg_current_snapshot()::text").fetch_one(pool).await?;
                Ok(Revision::Postgres(snapshot))
            }
        }
    }
}
