//! Fresh, migrated databases for tests: a SQLite file in a temporary folder, or a new database
//! on the PostgreSQL server named by `PAGOS_TEST_POSTGRES_URL`. Every test gets its own, so
//! tests never see each other's rows and can run in parallel.

pub mod fake_gateway;
pub mod smtp_sink;

use super::db::Db;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;

pub const POSTGRES_URL_VAR: &str = "PAGOS_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestDb {
    pub db: Db,
    /// Where the database is, for opening more pools on it (as other servers would).
    pub url: String,
    // Keeps the SQLite folder alive as long as the database is in use.
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// `None` only for PostgreSQL when no server is configured outside CI; in CI (`CI` set)
    /// a missing server fails the test instead of skipping it.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite().await),
            Backend::Postgres => Self::postgres().await,
        }
    }

    async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}/pagos.db?mode=rwc", dir.path().display());
        let db = Db::connect(&url).await.expect("open SQLite");
        db.migrate().await.expect("migrate SQLite");
        TestDb { db, url, _dir: Some(dir) }
    }

    async fn postgres() -> Option<TestDb> {
        let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
            if std::env::var_os("CI").is_some() {
                panic!("{POSTGRES_URL_VAR} must name a PostgreSQL server in CI");
            }
            eprintln!("skipping PostgreSQL test: {POSTGRES_URL_VAR} is not set (the README's test command sets it)");
            return None;
        };
        let admin = PgConnectOptions::from_str(&admin_url).expect("valid PostgreSQL URL");
        let name = format!("pagos_test_{}", random_suffix());
        let mut conn = admin.connect().await.expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
        conn.close().await.ok();
        let url = database_url(&admin_url, &name);
        let pool = PgPoolOptions::new()
            .max_connections(5)
            .connect_with(admin.database(&name))
            .await
            .expect("connect to the test database");
        let db = Db::Postgres(pool);
        db.migrate().await.expect("migrate PostgreSQL");
        Some(TestDb { db, url, _dir: None })
    }
}

/// The server URL with its database name replaced.
fn database_url(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server_url, String::new()),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

impl TestDb {
    /// The SQLite file's bytes (with its write-ahead log), to prove what is not stored in it.
    pub fn sqlite_bytes(&self) -> Option<Vec<u8>> {
        let dir = self._dir.as_ref()?;
        let mut bytes = Vec::new();
        for name in ["pagos.db", "pagos.db-wal"] {
            if let Ok(mut more) = std::fs::read(dir.path().join(name)) {
                bytes.append(&mut more);
            }
        }
        Some(bytes)
    }
}

fn random_suffix() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..12).map(|_| char::from(b'a' + rng.gen_range(0..26))).collect()
}

/// Writes one `#[tokio::test]` per database for each named `async fn(Backend)` in scope:
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! test_on_both_databases {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::backend::testing::Backend::Sqlite).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::backend::testing::Backend::Postgres).await
                }
            )+
        }
    };
}
