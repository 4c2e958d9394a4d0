//! Every query on `audit_log`: who changed what, and when.

use super::db::Db;
use crate::{on_db, AppError};
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

pub async fn record(db: &Db, entry: &AuditEntry) -> Result<(), AppError> {
    let sql = "INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) \
               VALUES ($1, $2, $3, $4, $5, $6)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(entry.at)
        .bind(entry.user_id)
        .bind(&entry.action)
        .bind(&entry.entity)
        .bind(entry.entity_id)
        .bind(&entry.detail)
        .execute(pool)
        .await?
        .rows_affected());
    Ok(())
}

pub async fn for_entity(db: &Db, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>, AppError> {
    let sql = "SELECT at, user_id, action, entity, entity_id, detail FROM audit_log \
               WHERE entity = $1 AND entity_id = $2 ORDER BY id";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(entity).bind(entity_id).fetch_all(pool).await?))
}
