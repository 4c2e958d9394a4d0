//! The database revision the page cache relies on: it must change after every commit, from
//! this pool or from another server on the same database, and stay put otherwise.

use app::backend::revision::Revisions;
use app::backend::testing::{Backend, TestDb};
use app::backend::Db;
use app::{on_db, test_on_both_databases};

async fn rename_first_user(db: &Db, email: &str) {
    on_db!(db, pool => sqlx::query("UPDATE users SET email = $1").bind(email).execute(pool).await.unwrap().rows_affected());
}

async fn add_user(db: &Db) {
    let sql = "INSERT INTO users (email, password_hash, created_at) VALUES ('ana@empresa.pe', 'x', $1)";
    let now: chrono::DateTime<chrono::Utc> = "2026-12-03T15:00:00Z".parse().unwrap();
    on_db!(db, pool => sqlx::query(sql).bind(now).execute(pool).await.unwrap().rows_affected());
}

async fn the_revision_changes_with_every_commit_and_only_then(backend: Backend) {
    let Some(t) = TestDb::new(backend).await else { return };
    let revisions = Revisions::new(&t.db);
    let first = revisions.current().await.unwrap();
    let count: i64 = on_db!(&t.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(pool).await.unwrap());
    assert_eq!(count, 0);
    // PostgreSQL's snapshot also moves with the other test databases on the server, so only
    // SQLite can show that reads leave the revision alone.
    let sqlite = backend == Backend::Sqlite;
    if sqlite {
        assert_eq!(revisions.current().await.unwrap(), first, "reads change nothing");
    }

    add_user(&t.db).await;
    let after_insert = revisions.current().await.unwrap();
    assert_ne!(after_insert, first, "a commit through the app's own pool");

    // Another server: its own pool on the same database.
    let other = Db::connect(&t.url).await.unwrap();
    rename_first_user(&other, "carmen@empresa.pe").await;
    let after_other = revisions.current().await.unwrap();
    assert_ne!(after_other, after_insert, "a commit from another server");
    if sqlite {
        assert_eq!(revisions.current().await.unwrap(), after_other);
    }

    // Billing and the delivery worker write inside explicit transactions.
    let mut tx = other.begin().await.unwrap();
    app::on_tx!(&mut tx, conn => sqlx::query("UPDATE users SET email = 'luis@empresa.pe'").execute(conn).await.unwrap().rows_affected());
    tx.commit().await.unwrap();
    assert_ne!(revisions.current().await.unwrap(), after_other, "a commit inside a transaction");
    other.close().await;
}

test_on_both_databases!(the_revision_changes_with_every_commit_and_only_then);
