//! Every query on `clients`, and the rules for saving one.

use super::audit::{self, AuditEntry};
use super::db::{Db, Tx};
use super::plans;
use crate::model::{fold_for_search, ClientData, ClientPage, ClientView};
use crate::{on_db, on_tx, AppError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, sqlx::FromRow)]
struct ClientRow {
    id: i64,
    name: String,
    contact_email: Option<String>,
    whatsapp: Option<String>,
    plan_id: Option<i64>,
    plan_name: Option<String>,
    next_due_date: Option<NaiveDate>,
    active: bool,
}

impl From<ClientRow> for ClientView {
    fn from(row: ClientRow) -> Self {
        ClientView {
            id: row.id,
            name: row.name,
            email: row.contact_email,
            whatsapp: row.whatsapp,
            plan_id: row.plan_id,
            plan_name: row.plan_name,
            next_due_date: row.next_due_date,
            active: row.active,
        }
    }
}

const SELECT: &str = "SELECT c.id, c.name, c.contact_email, c.whatsapp, c.plan_id, p.name AS plan_name, \
                      c.next_due_date, c.active FROM clients c LEFT JOIN plans p ON p.id = c.plan_id";

/// One page of clients in name order, optionally only those whose name, e-mail or phone
/// contains `search` (ignoring case and accents).
pub async fn list(db: &Db, search: &str, page: u32, per_page: u32) -> Result<ClientPage, AppError> {
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let limit = i64::from(per_page);
    let offset = i64::from(page - 1) * limit;
    // The page's ids come off the (sort_key, id, search_text) index alone; only those 25 rows
    // are then read and joined, however deep the page.
    let (rows, total): (Vec<ClientRow>, i64) = match like_pattern(search) {
        Some(pattern) => {
            let filter = "WHERE search_text LIKE $1 ESCAPE '\\'";
            let rows_sql = format!(
                "{SELECT} WHERE c.id IN (SELECT id FROM clients {filter} ORDER BY sort_key, id LIMIT $2 OFFSET $3) \
                 ORDER BY c.sort_key, c.id"
            );
            let count_sql = format!("SELECT COUNT(*) FROM clients {filter}");
            on_db!(db, pool => {
                let rows = sqlx::query_as(&rows_sql).bind(&pattern).bind(limit).bind(offset).fetch_all(pool).await?;
                let total = sqlx::query_scalar(&count_sql).bind(&pattern).fetch_one(pool).await?;
                (rows, total)
            })
        }
        None => {
            let rows_sql = format!(
                "{SELECT} WHERE c.id IN (SELECT id FROM clients ORDER BY sort_key, id LIMIT $1 OFFSET $2) \
                 ORDER BY c.sort_key, c.id"
            );
            on_db!(db, pool => {
                let rows = sqlx::query_as(&rows_sql).bind(limit).bind(offset).fetch_all(pool).await?;
                let total = sqlx::query_scalar("SELECT COUNT(*) FROM clients").fetch_one(pool).await?;
                (rows, total)
            })
        }
    };
    Ok(ClientPage { clients: rows.into_iter().map(ClientView::from).collect(), total, page, per_page })
}

/// `%text%` with LIKE's own wildcards escaped, or `None` for an empty search.
fn like_pattern(search: &str) -> Option<String> {
    let folded = fold_for_search(search.trim());
    if folded.is_empty() {
        return None;
    }
    let escaped = folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    Some(format!("%{escaped}%"))
}

pub async fn get(db: &Db, id: i64) -> Result<Option<ClientView>, AppError> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    let row: Option<ClientRow> = on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
    Ok(row.map(ClientView::from))
}

pub async fn create(db: &Db, user_id: i64, client: &ClientData, now: DateTime<Utc>) -> Result<ClientView, AppError> {
    check_plan(db, client, None).await?;
    let sql = "INSERT INTO clients (name, contact_email, whatsapp, plan_id, next_due_date, active, sort_key, \
               search_text, created_at, updated_at, billing_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id";
    let columns = Columns::of(client);
    let id: i64 = on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(&columns.name)
        .bind(&columns.email)
        .bind(&columns.whatsapp)
        .bind(columns.plan_id)
        .bind(columns.next_due_date)
        .bind(client.active)
        .bind(&columns.sort_key)
        .bind(&columns.search_text)
        .bind(now)
        .bind(columns.billing_day)
        .fetch_one(pool)
        .await?);
    record(db, user_id, "create", id, client, now).await?;
    get(db, id).await?.ok_or(AppError::NotFound)
}

/// Saves a client's contact and billing data. Deactivating keeps the client and its history;
/// it only stops automatic orders.
pub async fn update(db: &Db, user_id: i64, id: i64, client: &ClientData, now: DateTime<Utc>) -> Result<ClientView, AppError> {
    let current = get(db, id).await?.ok_or(AppError::NotFound)?;
    check_plan(db, client, current.plan_id).await?;
    let sql = "UPDATE clients SET name = $2, contact_email = $3, whatsapp = $4, plan_id = $5, next_due_date = $6, \
               active = $7, sort_key = $8, search_text = $9, updated_at = $10, \
               billing_day = CASE WHEN next_due_date = $6 AND billing_day IS NOT NULL THEN billing_day ELSE $11 END \
               WHERE id = $1";
    // An unchanged due date keeps its anchor: Jan 31 advanced to Feb 28 must go back to Mar 31
    // even if the client's name is edited in between.
    let columns = Columns::of(client);
    on_db!(db, pool => sqlx::query(sql)
        .bind(id)
        .bind(&columns.name)
        .bind(&columns.email)
        .bind(&columns.whatsapp)
        .bind(columns.plan_id)
        .bind(columns.next_due_date)
        .bind(client.active)
        .bind(&columns.sort_key)
        .bind(&columns.search_text)
        .bind(now)
        .bind(columns.billing_day)
        .execute(pool)
        .await?
        .rows_affected());
    record(db, user_id, "update", id, client, now).await?;
    get(db, id).await?.ok_or(AppError::NotFound)
}

/// The plan must exist, and be active unless the client already had it.
async fn check_plan(db: &Db, client: &ClientData, current_plan: Option<i64>) -> Result<(), AppError> {
    let Some((plan_id, _)) = client.billing else { return Ok(()) };
    let plan = plans::get(db, plan_id)
        .await?
        .ok_or_else(|| AppError::invalid("plan_id", "El plan elegido ya no existe. Elige otro."))?;
    if !plan.active && current_plan != Some(plan_id) {
        return Err(AppError::invalid("plan_id", format!("El plan «{}» está desactivado. Elige otro.", plan.name)));
    }
    Ok(())
}

/// A client's values as they go into their columns.
struct Columns {
    name: String,
    email: Option<String>,
    whatsapp: Option<String>,
    plan_id: Option<i64>,
    next_due_date: Option<NaiveDate>,
    /// The day of the month later due dates keep.
    billing_day: Option<i64>,
    sort_key: String,
    search_text: String,
}

impl Columns {
    fn of(client: &ClientData) -> Self {
        let name = client.name.as_str().to_string();
        let email = client.email.as_ref().map(|e| e.as_str().to_string());
        let whatsapp = client.whatsapp.as_ref().map(|p| p.as_str().to_string());
        let search_text = fold_for_search(&format!(
            "{name} {} {}",
            email.as_deref().unwrap_or(""),
            whatsapp.as_deref().unwrap_or("")
        ));
        Columns {
            sort_key: fold_for_search(&name),
            plan_id: client.billing.map(|(plan, _)| plan),
            next_due_date: client.billing.map(|(_, date)| date),
            billing_day: client.billing.map(|(_, date)| i64::from(date.day())),
            name,
            email,
            whatsapp,
            search_text,
        }
    }
}

async fn record(db: &Db, user_id: i64, action: &str, id: i64, client: &ClientData, now: DateTime<Utc>) -> Result<(), AppError> {
    let state = if client.active { "activo" } else { "desactivado" };
    let entry = AuditEntry {
        at: now,
        user_id: Some(user_id),
        action: action.into(),
        entity: "client".into(),
        entity_id: Some(id),
        detail: format!("«{}», {state}", client.name),
    };
    audit::record(db, &entry).await
}

/// A client as a recipient of reminders: contacts, and its plan for the template.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NoticeContact {
    pub name: String,
    pub contact_email: Option<String>,
    pub whatsapp: Option<String>,
    pub plan_name: Option<String>,
    pub plan_amount_cents: Option<i64>,
    pub next_due_date: Option<NaiveDate>,
}

pub async fn notice_contact(db: &Db, id: i64) -> Result<Option<NoticeContact>, AppError> {
    let sql = "SELECT c.name, c.contact_email, c.whatsapp, p.name AS plan_name, p.amount_cents AS plan_amount_cents, \
               c.next_due_date FROM clients c LEFT JOIN plans p ON p.id = c.plan_id WHERE c.id = $1";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?))
}

/// A client whose next due date falls inside the billing window, with its plan.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueClient {
    pub id: i64,
    pub name: String,
    pub contact_email: Option<String>,
    pub whatsapp: Option<String>,
    pub next_due_date: NaiveDate,
    pub billing_day: Option<i64>,
    pub plan_id: i64,
    pub plan_name: String,
    pub amount_cents: i64,
    pub interval_months: i64,
}

/// Up to `limit` active clients on an active plan due on or before `window_end`, after
/// `after_id` in id order (billing walks them in such batches). Deliberately no index on the
/// due date: walking the primary key makes the whole run one pass over the clients, where a
/// due-date index made each batch read and sort every due client again. `CROSS JOIN` keeps
/// SQLite from starting at the plan and reading all of its clients per batch (PostgreSQL
/// plans it as the inner join it is).
pub async fn due_batch_in(tx: &mut Tx, window_end: NaiveDate, after_id: i64, limit: i64) -> Result<Vec<DueClient>, AppError> {
    let sql = "SELECT c.id, c.name, c.contact_email, c.whatsapp, c.next_due_date, c.billing_day, p.id AS plan_id, \
               p.name AS plan_name, p.amount_cents, p.interval_months FROM clients c CROSS JOIN plans p \
               WHERE p.id = c.plan_id AND c.next_due_date <= $1 AND c.id > $2 AND c.active AND p.active \
               ORDER BY c.id LIMIT $3";
    Ok(on_tx!(tx, conn => sqlx::query_as(sql).bind(window_end).bind(after_id).bind(limit).fetch_all(conn).await?))
}

/// Moves each client's next due date from `old` to `new`; a client whose date changed
/// meanwhile (edited by a user) is left alone.
pub async fn advance_due_dates_in(tx: &mut Tx, moves: &[(i64, NaiveDate, NaiveDate)]) -> Result<(), AppError> {
    for chunk in moves.chunks(1000) {
        // `UPDATE … FROM` joins each value row to its client by primary key (a correlated
        // `IN (SELECT …)` made SQLite compare every client with every value row).
        let sql = format!(
            "UPDATE clients SET next_due_date = v.column3 FROM (VALUES {}) AS v \
             WHERE clients.id = v.column1 AND clients.next_due_date = v.column2",
            tx.values(chunk.len(), 3)
        );
        on_tx!(tx, conn => {
            let mut query = sqlx::query(&sql);
            for (id, old, new) in chunk {
                query = query.bind(*id).bind(*old).bind(*new);
            }
            query.execute(conn).await?.rows_affected()
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_patterns_are_folded_and_escape_wildcards() {
        assert_eq!(like_pattern("  "), None);
        assert_eq!(like_pattern("José"), Some("%jose%".into()));
        assert_eq!(like_pattern("100%_"), Some("%100\\%\\_%".into()));
    }
}

/// A client written by `pagos seed`, with its id chosen by the seed.
#[derive(Debug, Clone)]
pub struct SeededClient {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub whatsapp: Option<String>,
    pub plan_id: Option<i64>,
    pub next_due_date: Option<NaiveDate>,
    pub billing_day: Option<u32>,
    pub active: bool,
}

/// Writes seeded clients in multi-row statements, folding names for sorting and search the way
/// saving a client does.
pub async fn insert_seeded_in(tx: &mut Tx, rows: &[SeededClient], now: DateTime<Utc>) -> Result<(), AppError> {
    for chunk in rows.chunks(1_000) {
        let sql = format!(
            "INSERT INTO clients (id, name, contact_email, whatsapp, plan_id, next_due_date, billing_day, active, \
             sort_key, search_text, created_at, updated_at) VALUES {}",
            tx.values(chunk.len(), 12)
        );
        on_tx!(tx, conn => {
            let mut query = sqlx::query(&sql);
            for c in chunk {
                let search_text = fold_for_search(&format!(
                    "{} {} {}",
                    c.name,
                    c.email.as_deref().unwrap_or(""),
                    c.whatsapp.as_deref().unwrap_or("")
                ));
                query = query
                    .bind(c.id)
                    .bind(&c.name)
                    .bind(&c.email)
                    .bind(&c.whatsapp)
                    .bind(c.plan_id)
                    .bind(c.next_due_date)
                    .bind(c.billing_day.map(i64::from))
                    .bind(c.active)
                    .bind(fold_for_search(&c.name))
                    .bind(search_text)
                    .bind(now)
                    .bind(now);
            }
            query.execute(conn).await?;
        });
    }
    Ok(())
}

pub async fn count_in(tx: &mut Tx) -> Result<i64, AppError> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM clients").fetch_one(conn).await?))
}

/// Removes every client; their orders must be gone first.
pub async fn delete_all_in(tx: &mut Tx) -> Result<(), AppError> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM clients").execute(conn).await.map(|_| ())?);
    Ok(())
}
