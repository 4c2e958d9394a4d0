//! Every query on `plans`, and the rules for changing them.

use super::audit::{self, AuditEntry};
use super::db::{is_unique_violation, Db, Tx};
use crate::model::{Interval, Money, PlanView};
use crate::{on_db, on_tx, AppError};
use chrono::{DateTime, Utc};

/// A plan as stored; `interval_months` is checked by the database to be one of 1, 2, 3, 6, 12.
#[derive(Debug, Clone, sqlx::FromRow)]
struct PlanRow {
    id: i64,
    name: String,
    amount_cents: i64,
    interval_months: i64,
    active: bool,
    clients: i64,
}

impl PlanRow {
    fn view(self) -> Result<PlanView, AppError> {
        let interval = Interval::from_months(self.interval_months)
            .ok_or_else(|| AppError::internal(format!("plan {} has interval {}", self.id, self.interval_months)))?;
        Ok(PlanView {
            id: self.id,
            name: self.name,
            price: Money::from_cents(self.amount_cents),
            interval,
            active: self.active,
            clients: self.clients,
        })
    }
}

/// What a plan form holds once parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanData {
    pub name: String,
    pub price: Money,
    pub interval: Interval,
    pub active: bool,
}

const SELECT: &str = "SELECT p.id, p.name, p.amount_cents, p.interval_months, p.active, \
                      (SELECT COUNT(*) FROM clients c WHERE c.plan_id = p.id) AS clients FROM plans p";

/// Active plans first, then by name.
pub async fn list(db: &Db) -> Result<Vec<PlanView>, AppError> {
    let sql = format!("{SELECT} ORDER BY p.active DESC, p.name, p.id");
    let rows: Vec<PlanRow> = on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await?);
    rows.into_iter().map(PlanRow::view).collect()
}

pub async fn get(db: &Db, id: i64) -> Result<Option<PlanView>, AppError> {
    let sql = format!("{SELECT} WHERE p.id = $1");
    let row: Option<PlanRow> = on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
    row.map(PlanRow::view).transpose()
}

pub async fn create(db: &Db, user_id: i64, plan: &PlanData, now: DateTime<Utc>) -> Result<PlanView, AppError> {
    let sql = "INSERT INTO plans (name, amount_cents, interval_months, active, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
    let inserted: Result<i64, sqlx::Error> = on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(&plan.name)
        .bind(plan.price.cents())
        .bind(i64::from(plan.interval.months()))
        .bind(plan.active)
        .bind(now)
        .fetch_one(pool)
        .await);
    let id = inserted.map_err(name_taken)?;
    record(db, user_id, "create", id, plan, now).await?;
    get(db, id).await?.ok_or(AppError::NotFound)
}

/// Changes a plan. A new price applies to orders generated from now on; orders already
/// generated keep the amount they were created with.
pub async fn update(db: &Db, user_id: i64, id: i64, plan: &PlanData, now: DateTime<Utc>) -> Result<PlanView, AppError> {
    let sql = "UPDATE plans SET name = $2, amount_cents = $3, interval_months = $4, active = $5, updated_at = $6 \
               WHERE id = $1";
    let updated: Result<u64, sqlx::Error> = on_db!(db, pool => sqlx::query(sql)
        .bind(id)
        .bind(&plan.name)
        .bind(plan.price.cents())
        .bind(i64::from(plan.interval.months()))
        .bind(plan.active)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()));
    if updated.map_err(name_taken)? == 0 {
        return Err(AppError::NotFound);
    }
    record(db, user_id, "update", id, plan, now).await?;
    get(db, id).await?.ok_or(AppError::NotFound)
}

/// Deletes a plan no client uses; a plan in use can only be deactivated.
pub async fn delete(db: &Db, user_id: i64, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    let plan = get(db, id).await?.ok_or(AppError::NotFound)?;
    if plan.clients > 0 {
        return Err(in_use(&plan.name, plan.clients));
    }
    // The NOT EXISTS guards against a client being assigned between the check and here.
    let sql = "DELETE FROM plans WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM clients WHERE plan_id = $1)";
    let deleted = on_db!(db, pool => sqlx::query(sql).bind(id).execute(pool).await?.rows_affected());
    if deleted == 0 {
        return Err(in_use(&plan.name, 1));
    }
    let entry = AuditEntry {
        at: now,
        user_id: Some(user_id),
        action: "delete".into(),
        entity: "plan".into(),
        entity_id: Some(id),
        detail: format!("plan «{}» eliminado", plan.name),
    };
    audit::record(db, &entry).await
}

fn in_use(name: &str, clients: i64) -> AppError {
    let who = if clients == 1 { "1 cliente".to_string() } else { format!("{clients} clientes") };
    AppError::Conflict(format!("El plan «{name}» lo usa {who}: no se puede eliminar, pero puedes desactivarlo."))
}

fn name_taken(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::invalid("name", "Ya existe un plan con ese nombre.")
    } else {
        AppError::internal(e)
    }
}

async fn record(db: &Db, user_id: i64, action: &str, id: i64, plan: &PlanData, now: DateTime<Utc>) -> Result<(), AppError> {
    let state = if plan.active { "activo" } else { "desactivado" };
    let entry = AuditEntry {
        at: now,
        user_id: Some(user_id),
        action: action.into(),
        entity: "plan".into(),
        entity_id: Some(id),
        detail: format!("«{}», {} {}, {state}", plan.name, plan.price, plan.interval.label().to_lowercase()),
    };
    audit::record(db, &entry).await
}

/// A plan written by `pagos seed`, with its id chosen by the seed.
#[derive(Debug, Clone)]
pub struct SeededPlan {
    pub id: i64,
    pub name: String,
    pub amount_cents: i64,
    pub interval_months: u32,
}

pub async fn insert_seeded_in(tx: &mut Tx, rows: &[SeededPlan], now: DateTime<Utc>) -> Result<(), AppError> {
    let sql = "INSERT INTO plans (id, name, amount_cents, interval_months, active, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $6)";
    for plan in rows {
        on_tx!(tx, conn => sqlx::query(sql)
            .bind(plan.id)
            .bind(&plan.name)
            .bind(plan.amount_cents)
            .bind(i64::from(plan.interval_months))
            .bind(true)
            .bind(now)
            .execute(conn)
            .await
            .map(|_| ())?);
    }
    Ok(())
}

pub async fn count_in(tx: &mut Tx) -> Result<i64, AppError> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM plans").fetch_one(conn).await?))
}

/// Removes every plan; the clients on them must be gone first.
pub async fn delete_all_in(tx: &mut Tx) -> Result<(), AppError> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM plans").execute(conn).await.map(|_| ())?);
    Ok(())
}
