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
//!
//! Callers that arrive together share one read: a read that *started* after a caller arrived
//! sees every commit made before it arrived, so its answer serves that caller as well as a
//! read of its own. Under load this turns one query per page into one per burst.

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

pub struct Revisions {
    source: Source,
    /// How many reads have started; a read's number is its position in that count.
    started: AtomicU64,
    /// One read at a time, and the last answer with the number of the read that gave it.
    reader: Mutex<Reader>,
}

enum Source {
    Sqlite(Box<SqliteConnectOptions>),
    Postgres(PgPool),
}

#[derive(Default)]
struct Reader {
    /// SQLite only: opened on first use, and again after an error; numbered.
    connection: Option<(u64, SqliteConnection)>,
    opened: u64,
    last: Option<(u64, Revision)>,
}

impl Revisions {
    pub fn new(db: &Db) -> Revisions {
        let source = match db {
            Db::Sqlite(pool) => Source::Sqlite(Box::new((*pool.connect_options()).clone())),
            Db::Postgres(pool) => Source::Postgres(pool.clone()),
        };
        Revisions { source, started: AtomicU64::new(0), reader: Mutex::new(Reader::default()) }
    }

    pub async fn current(&self) -> Result<Revision, sqlx::Error> {
        let arrived_after = self.started.load(Ordering::SeqCst);
        let mut reader = self.reader.lock().await;
        if let Some((number, revision)) = &reader.last {
            if *number > arrived_after {
                return Ok(revision.clone());
            }
        }
        let number = self.started.fetch_add(1, Ordering::SeqCst) + 1;
        let revision = self.read(&mut reader).await?;
        reader.last = Some((number, revision.clone()));
        Ok(revision)
    }

    async fn read(&self, reader: &mut Reader) -> Result<Revision, sqlx::Error> {
        match &self.source {
            Source::Sqlite(options) => {
                if reader.connection.is_none() {
                    let conn = options.connect().await?;
                    reader.opened += 1;
                    reader.connection = Some((reader.opened, conn));
                }
                let (number, conn) = reader.connection.as_mut().expect("connection just opened");
                let number = *number;
                match sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut *conn).await {
                    Ok(version) => Ok(Revision::Sqlite(number, version)),
                    Err(e) => {
                        // A broken connection is replaced on the next read.
                        reader.connection = None;
                        Err(e)
                    }
                }
            }
            Source::Postgres(pool) => {
                let snapshot: String = sqlx::query_scalar("SELECT pg_current_snapshot()::text").fetch_one(pool).await?;
                Ok(Revision::Postgres(snapshot))
            }
        }
    }
}
