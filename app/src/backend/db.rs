//! The database: an embedded SQLite file by default, PostgreSQL when the URL says so.
//!
//! Why an enum of two typed pools and not `sqlx::Any`: `Any` has no date or time types, and
//! PostgreSQL should keep real `DATE`/`TIMESTAMPTZ` columns. Why not functions generic over
//! `sqlx::Database`: the trait bounds would outgrow the queries. Instead every repository
//! function is written once and [`on_db!`] compiles its body for each pool. The SQL text is
//! shared too: both drivers accept `$1`-style placeholders, `RETURNING` and `ON CONFLICT`.
//! Where the dialects truly differ, a function matches on `Db` itself.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same body against whichever pool `$db` holds, naming it `$pool`.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::backend::db::Db::Sqlite($pool) => $body,
            $crate::backend::db::Db::Postgres($pool) => $body,
        }
    };
}

/// An open transaction on whichever database `Db` holds; see [`on_tx!`].
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs the same body against the connection of the transaction `$tx`, naming it `$conn`.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::backend::db::Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::backend::db::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

impl Tx {
    /// Serialises billing across servers sharing a PostgreSQL database until this transaction
    /// ends. SQLite needs nothing: one process owns the file and writers queue.
    pub async fn lock_billing(&mut self) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            sqlx::query("SELECT pg_advisory_xact_lock(7020001)").execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// A multi-row `VALUES` list of placeholders (see [`values_placeholders`]). On SQLite the
    /// placeholders are anonymous `?`: SQLite treats `$n` as a *named* parameter and finds each
    /// name by a linear search, which made binding thousands of them quadratic.
    pub fn values(&self, rows: usize, columns: usize) -> String {
        match self {
            Tx::Sqlite(_) => {
                let row = format!("({})", vec!["?"; columns].join(", "));
                vec![row; rows].join(", ")
            }
            Tx::Postgres(_) => values_placeholders(rows, columns),
        }
    }

    /// After rows were written with their own ids: PostgreSQL's sequence would otherwise hand
    /// out those ids again. SQLite's AUTOINCREMENT keeps up by itself.
    pub async fn sync_id_sequence(&mut self, table: &str) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
            );
            sqlx::query(&sql).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// For a large load in this transaction: SQLite's default page cache (2 MB) makes every
    /// index insert of a million rows go back to the file. The connection keeps the larger
    /// cache afterwards; only `pagos seed` and the benchmarks load this much.
    pub async fn fast_bulk_load(&mut self) -> Result<(), sqlx::Error> {
        if let Tx::Sqlite(tx) = self {
            sqlx::query("PRAGMA cache_size = -131072").execute(&mut **tx).await?;
        }
        Ok(())
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got {0:?})")]
    UnsupportedUrl(String),
    #[error("could not create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Connects without touching the schema; see [`Db::migrate`].
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // With a write-ahead log, NORMAL survives any crash of the process (only a
                // power cut can drop the last commits) and saves an fsync per commit.
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            ensure_parent_folder(options.get_filename())?;
            let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(DbError::UnsupportedUrl(redact(url)))
        }
    }

    /// Applies the migrations of this database's dialect; safe to run on every start.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Fresh planner statistics after a large load (and, on PostgreSQL, a visibility map, so
    /// index-only scans need not read the table).
    pub async fn refresh_statistics(&self) -> Result<(), sqlx::Error> {
        match self {
            Db::Sqlite(pool) => sqlx::raw_sql("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::raw_sql("VACUUM ANALYZE").execute(pool).await.map(|_| ()),
        }
    }

    /// A round trip to the database, for `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    pub fn dialect_name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

fn ensure_parent_folder(file: &std::path::Path) -> Result<(), DbError> {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && file.to_str() != Some(":memory:") => {
            std::fs::create_dir_all(parent)
                .map_err(|source| DbError::Folder { path: parent.display().to_string(), source })
        }
        _ => Ok(()),
    }
}

/// Hides a password in a URL before it goes into an error message or a log.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme_end + 3], &credentials[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// `($1, $2), ($3, $4), …` for a multi-row `VALUES` of `rows` rows of `columns` values.
pub fn values_placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let cells: Vec<String> = (1..=columns).map(|col| format!("${}", row * columns + col)).collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// True when the error is a violated unique constraint, whichever the database.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_placeholders_number_every_cell() {
        assert_eq!(values_placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values_placeholders(0, 3), "");
    }

    #[test]
    fn passwords_in_database_urls_are_hidden() {
        assert_eq!(redact("postgres://pagos:s3cret@db:5432/pagos"), "postgres://pagos:***@db:5432/pagos");
        assert_eq!(redact("postgres://pagos@db/pagos"), "postgres://pagos@db/pagos");
        assert_eq!(redact("sqlite://data/pagos.db?mode=rwc"), "sqlite://data/pagos.db?mode=rwc");
    }

    #[tokio::test]
    async fn an_unknown_database_url_is_refused_without_leaking_its_password() {
        let err = Db::connect("mysql://root:hunter2@localhost/pagos").await.unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("sqlite:"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[tokio::test]
    async fn the_sqlite_file_and_its_folder_are_created_on_first_run() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/nested/pagos.db?mode=rwc", dir.path().display());
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        db.migrate().await.unwrap();
        db.ping().await.unwrap();
        assert!(dir.path().join("nested/pagos.db").exists());
    }
}
