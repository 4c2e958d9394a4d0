//! Every query on `audit_log`: who changed what, and when.

use super::db::{Db, Tx};
use crate::{on_db, on_tx, AppError};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
}

const INSERT: &str = "INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) \
                      VALUES ($1, $2, $3, $4, $5, $6)";

pub async fn record(db: &Db, entry: &AuditEntry) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    record_in(&mut tx, entry).await?;
    Ok(tx.commit().await?)
}

/// Inside a transaction that changes the entity, so the change and its record stand or fall
/// together.
pub async fn record_in(tx: &mut Tx, entry: &AuditEntry) -> Result<(), AppError> {
    on_tx!(tx, conn => sqlx::query(INSERT)
        .bind(entry.at)
        .bind(entry.user_id)
        .bind(&entry.action)
        .bind(&entry.entity)
        .bind(entry.entity_id)
        .bind(&entry.detail)
        .execute(conn)
        .await?
        .rows_affected());
    Ok(())
}

/// Many entries in one statement, for billing's batches.
pub async fn record_many_in(tx: &mut Tx, entries: &[AuditEntry]) -> Result<(), AppError> {
    for chunk in entries.chunks(1000) {
        let sql = format!(
            "INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) VALUES {}",
            tx.values(chunk.len(), 6)
        );
        on_tx!(tx, conn => {
            let mut query = sqlx::query(&sql);
            for e in chunk {
                query = query.bind(e.at).bind(e.user_id).bind(&e.action).bind(&e.entity).bind(e.entity_id).bind(&e.detail);
            }
            query.execute(conn).await?.rows_affected()
        });
    }
    Ok(())
}

pub async fn for_entity(db: &Db, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>, AppError> {
    let sql = "SELECT at, user_id, action, entity, entity_id, detail FROM audit_log \
               WHERE entity = $1 AND entity_id = $2 ORDER BY id";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(entity).bind(entity_id).fetch_all(pool).await?))
}

/// Forgets the history of every row of these kinds of entity, when the rows themselves are
/// replaced (`pagos seed --force`): new rows reuse the ids.
pub async fn forget_entities_in(tx: &mut Tx, entities: &[&str]) -> Result<(), AppError> {
    for entity in entities {
        on_tx!(tx, conn => sqlx::query("DELETE FROM audit_log WHERE entity = $1").bind(*entity).execute(conn).await.map(|_| ())?);
    }
    Ok(())
}
