//! Every query on `notifications` and `notification_attempts`: the outbox the delivery worker
//! drains, which is also the log the order pages show.
//!
//! A row is claimed by setting it to `sending` with a lease and bumping `attempts`; the new
//! `attempts` value is the claim's token, so a worker whose lease ran out (and whose row was
//! reclaimed by another) cannot record an outcome over the newer claim.

use super::super::db::{Db, Tx};
use crate::model::{AttemptView, Channel, ChannelSummary, DeliveryState, NotificationView};
use crate::{on_db, on_tx, AppError};
use chrono::{DateTime, Duration, Utc};

/// A message ready to queue for one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub channel: Channel,
    pub recipient: String,
    pub subject: Option<String>,
    pub body: String,
    /// E-mail only: the HTML part (see `Template::render_html`).
    pub html: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Manual,
    Automatic,
}

impl Origin {
    fn as_db(self) -> &'static str {
        match self {
            Origin::Manual => "manual",
            Origin::Automatic => "automatic",
        }
    }
}

/// Queues the drafts inside the caller's transaction. With a `dedupe_key`, a draft whose key
/// already exists is skipped (an automatic reminder exists once); returns how many were queued.
pub async fn enqueue_in(
    tx: &mut Tx,
    order_id: i64,
    drafts: &[Draft],
    origin: Origin,
    created_by: Option<i64>,
    dedupe_prefix: Option<&str>,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let sql = "INSERT INTO notifications (order_id, channel, origin, recipient, subject, body, body_html, status, attempts, \
               next_attempt_at, created_at, created_by, dedupe_key) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $8, $9, $10) ON CONFLICT (dedupe_key) DO NOTHING";
    let mut queued = 0;
    for draft in drafts {
        let key = dedupe_prefix.map(|prefix| format!("{prefix}:{order_id}:{}", draft.channel.as_db()));
        let inserted = on_tx!(tx, conn => sqlx::query(sql)
            .bind(order_id)
            .bind(draft.channel.as_db())
            .bind(origin.as_db())
            .bind(&draft.recipient)
            .bind(&draft.subject)
            .bind(&draft.body)
            .bind(&draft.html)
            .bind(now)
            .bind(created_by)
            .bind(key)
            .execute(conn)
            .await?
            .rows_affected());
        queued += inserted as usize;
    }
    Ok(queued)
}

/// A draft for an order, with the key that makes it exist at most once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    pub order_id: i64,
    pub draft: Draft,
    pub dedupe_key: String,
}

/// Queues many automatic reminders in the caller's transaction; one whose key exists is
/// skipped. Returns how many were queued.
pub async fn enqueue_many_in(tx: &mut Tx, rows: &[Keyed], now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut queued = 0;
    for chunk in rows.chunks(500) {
        let sql = format!(
            "INSERT INTO notifications (order_id, channel, recipient, subject, body, body_html, dedupe_key, next_attempt_at, \
             created_at, origin, status, attempts) \
             SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, v.column8, \
             'automatic', 'queued', 0 \
             FROM (VALUES {}) AS v WHERE true ON CONFLICT (dedupe_key) DO NOTHING",
            tx.values(chunk.len(), 8)
        );
        let inserted = on_tx!(tx, conn => {
            let mut query = sqlx::query(&sql);
            for row in chunk {
                query = query
                    .bind(row.order_id)
                    .bind(row.draft.channel.as_db())
                    .bind(&row.draft.recipient)
                    .bind(&row.draft.subject)
                    .bind(&row.draft.body)
                    .bind(&row.draft.html)
                    .bind(&row.dedupe_key)
                    .bind(now);
            }
            query.execute(conn).await?.rows_affected()
        });
        queued += inserted as usize;
    }
    Ok(queued)
}

/// Which of these orders got any notification since `since`.
pub async fn notified_since(db: &Db, order_ids: &[i64], since: DateTime<Utc>) -> Result<std::collections::HashSet<i64>, AppError> {
    let mut found = std::collections::HashSet::new();
    for chunk in order_ids.chunks(1000) {
        let placeholders: Vec<String> = (2..=chunk.len() + 1).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT DISTINCT order_id FROM notifications WHERE created_at >= $1 AND order_id IN ({})",
            placeholders.join(", ")
        );
        let ids: Vec<i64> = on_db!(db, pool => {
            let mut query = sqlx::query_scalar(&sql).bind(since);
            for id in chunk {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await?
        });
        found.extend(ids);
    }
    Ok(found)
}

/// A claimed notification, ready to send.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub order_id: i64,
    pub recipient: String,
    pub subject: Option<String>,
    pub body: String,
    pub body_html: Option<String>,
    /// The claim's token (see the module comment).
    pub attempts: i64,
}

/// Claims up to `limit` due notifications of `channel`: queued ones whose time has come, and
/// `sending` ones whose lease ran out (their worker died). On PostgreSQL `SKIP LOCKED` lets
/// several servers claim at once without ever taking the same row; SQLite runs one writer at
/// a time, so the single statement is already exclusive.
pub async fn claim(db: &Db, channel: Channel, now: DateTime<Utc>, lease: Duration, limit: i64) -> Result<Vec<Claimed>, AppError> {
    let lock = match db {
        Db::Sqlite(_) => "",
        Db::Postgres(_) => "FOR UPDATE SKIP LOCKED",
    };
    let sql = format!(
        "UPDATE notifications SET status = 'sending', attempts = attempts + 1, lease_until = $2 \
         WHERE id IN (SELECT id FROM notifications WHERE channel = $3 \
            AND ((status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1)) \
            ORDER BY next_attempt_at, id LIMIT $4 {lock}) \
         RETURNING id, order_id, recipient, subject, body, body_html, attempts"
    );
    let mut rows: Vec<Claimed> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(now)
        .bind(now + lease)
        .bind(channel.as_db())
        .bind(limit)
        .fetch_all(pool)
        .await?);
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// Extends the claim `(id, token)` to `until` just before its message goes out; false when
/// the claim was lost (its lease ran out while earlier messages of the batch were sent, and
/// another worker took the row), so this worker must not send it too.
pub async fn renew(db: &Db, id: i64, token: i64, until: DateTime<Utc>) -> Result<bool, AppError> {
    let sql = "UPDATE notifications SET lease_until = $3 WHERE id = $1 AND attempts = $2 AND status = 'sending'";
    let n = on_db!(db, pool => sqlx::query(sql).bind(id).bind(token).bind(until).execute(pool).await?.rows_affected());
    Ok(n == 1)
}

/// How one try ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    RetryAt(DateTime<Utc>, String),
    Failed(String),
}

/// Records the outcome of the claim `(id, token)`; false when the claim had been lost.
pub async fn finish(db: &Db, id: i64, token: i64, outcome: &Outcome, now: DateTime<Utc>) -> Result<bool, AppError> {
    const CLAIMED: &str = "WHERE id = $1 AND attempts = $2 AND status = 'sending'";
    let mut tx = db.begin().await?;
    let (changed, label, error) = match outcome {
        Outcome::Sent => {
            let sql = format!("UPDATE notifications SET status = 'sent', sent_at = $3, lease_until = NULL, last_error = NULL {CLAIMED}");
            let n = on_tx!(&mut tx, conn => sqlx::query(&sql).bind(id).bind(token).bind(now).execute(conn).await?.rows_affected());
            (n, "sent", None)
        }
        Outcome::RetryAt(at, error) => {
            let sql = format!(
                "UPDATE notifications SET status = 'queued', next_attempt_at = $3, last_error = $4, lease_until = NULL {CLAIMED}"
            );
            let n = on_tx!(&mut tx, conn => sqlx::query(&sql).bind(id).bind(token).bind(*at).bind(error).execute(conn).await?.rows_affected());
            (n, "retry", Some(error))
        }
        Outcome::Failed(error) => {
            let sql = format!("UPDATE notifications SET status = 'failed', last_error = $3, lease_until = NULL {CLAIMED}");
            let n = on_tx!(&mut tx, conn => sqlx::query(&sql).bind(id).bind(token).bind(error).execute(conn).await?.rows_affected());
            (n, "failed", Some(error))
        }
    };
    if changed == 1 {
        let attempt = "INSERT INTO notification_attempts (notification_id, at, outcome, error) VALUES ($1, $2, $3, $4)";
        on_tx!(&mut tx, conn => sqlx::query(attempt).bind(id).bind(now).bind(label).bind(error).execute(conn).await?.rows_affected());
    }
    tx.commit().await?;
    Ok(changed == 1)
}

/// Messages of `channel` sent since `since`, counting those being sent right now, for the
/// rate limit.
pub async fn sent_since(db: &Db, channel: Channel, since: DateTime<Utc>, now: DateTime<Utc>) -> Result<i64, AppError> {
    let sql = "SELECT (SELECT COUNT(*) FROM notifications WHERE channel = $1 AND status = 'sent' AND sent_at > $2) \
                    + (SELECT COUNT(*) FROM notifications WHERE channel = $1 AND status = 'sending' AND lease_until > $3)";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(channel.as_db()).bind(since).bind(now).fetch_one(pool).await?))
}

/// When the order was last notified, if ever.
pub async fn last_created_at(db: &Db, order_id: i64) -> Result<Option<DateTime<Utc>>, AppError> {
    let sql = "SELECT MAX(created_at) FROM notifications WHERE order_id = $1";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(order_id).fetch_one(pool).await?))
}

/// Per order and channel: the latest notification's state and how many were sent.
pub async fn summaries(db: &Db, order_ids: &[i64]) -> Result<Vec<(i64, ChannelSummary)>, AppError> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=order_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT order_id, channel, status, attempts, last_error FROM notifications \
         WHERE order_id IN ({}) ORDER BY order_id, channel, id",
        placeholders.join(", ")
    );
    let rows: Vec<(i64, String, String, i64, Option<String>)> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for id in order_ids {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await?
    });
    let mut out: Vec<(i64, ChannelSummary)> = Vec::new();
    for (order_id, channel, status, attempts, last_error) in rows {
        let (Some(channel), Some(state)) = (Channel::from_db(&channel), DeliveryState::from_db(&status, attempts)) else {
            continue;
        };
        let sent = i64::from(state == DeliveryState::Sent);
        match out.last_mut() {
            Some((o, summary)) if *o == order_id && summary.channel == channel => {
                summary.state = state;
                summary.sent += sent;
                summary.last_error = last_error;
            }
            _ => out.push((order_id, ChannelSummary { channel, state, sent, last_error })),
        }
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    channel: String,
    origin: String,
    recipient: String,
    status: String,
    attempts: i64,
    created_at: DateTime<Utc>,
    last_error: Option<String>,
}

/// Every notification of the order with every try, newest first, times in `tz`.
pub async fn for_order(db: &Db, tz: chrono_tz::Tz, order_id: i64) -> Result<Vec<NotificationView>, AppError> {
    let sql = "SELECT id, channel, origin, recipient, status, attempts, created_at, last_error \
               FROM notifications WHERE order_id = $1 ORDER BY id DESC";
    let rows: Vec<NotificationRow> = on_db!(db, pool => sqlx::query_as(sql).bind(order_id).fetch_all(pool).await?);
    let attempts_sql = "SELECT a.notification_id, a.at, a.outcome, a.error FROM notification_attempts a \
                        JOIN notifications n ON n.id = a.notification_id WHERE n.order_id = $1 ORDER BY a.id";
    let attempts: Vec<(i64, DateTime<Utc>, String, Option<String>)> =
        on_db!(db, pool => sqlx::query_as(attempts_sql).bind(order_id).fetch_all(pool).await?);
    let local = |at: DateTime<Utc>| at.with_timezone(&tz).format("%d/%m/%Y %H:%M:%S").to_string();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let (Some(channel), Some(state)) = (Channel::from_db(&row.channel), DeliveryState::from_db(&row.status, row.attempts)) else {
            return Err(AppError::internal(format!("notification {} has channel {} status {}", row.id, row.channel, row.status)));
        };
        let tries = attempts
            .iter()
            .filter(|(id, ..)| *id == row.id)
            .map(|(_, at, outcome, error)| AttemptView {
                local_time: local(*at),
                outcome: match outcome.as_str() {
                    "sent" => DeliveryState::Sent,
                    "retry" => DeliveryState::Retrying,
                    _ => DeliveryState::Failed,
                },
                error: error.clone(),
            })
            .collect();
        views.push(NotificationView {
            id: row.id,
            channel,
            automatic: row.origin == "automatic",
            recipient: row.recipient,
            state,
            created_local: local(row.created_at),
            attempts: tries,
            last_error: row.last_error,
        });
    }
    Ok(views)
}

/// The queue by state, for tests and the settings page.
pub async fn count_by_status(db: &Db, status: &str) -> Result<i64, AppError> {
    Ok(on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE status = $1").bind(status).fetch_one(pool).await?))
}

/// A notification already delivered or given up on, as `pagos seed` writes it.
#[derive(Debug, Clone)]
pub struct LoggedNotification {
    pub order_id: i64,
    pub channel: Channel,
    pub automatic: bool,
    pub recipient: String,
    pub subject: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// When it was sent, or when the last try failed.
    pub finished_at: DateTime<Utc>,
    pub attempts: i64,
    /// Set when it failed.
    pub error: Option<String>,
    pub dedupe_key: Option<String>,
}

/// Writes finished notifications in multi-row statements; see [`log_seeded_attempts_in`].
pub async fn insert_logged_in(tx: &mut Tx, rows: &[LoggedNotification]) -> Result<(), AppError> {
    for chunk in rows.chunks(1_000) {
        let sql = format!(
            "INSERT INTO notifications (order_id, channel, origin, recipient, subject, body, status, attempts, \
             next_attempt_at, last_error, created_at, sent_at, dedupe_key) VALUES {}",
            tx.values(chunk.len(), 13)
        );
        on_tx!(tx, conn => {
            let mut query = sqlx::query(&sql);
            for n in chunk {
                let origin = if n.automatic { Origin::Automatic } else { Origin::Manual };
                let status = if n.error.is_some() { "failed" } else { "sent" };
                query = query
                    .bind(n.order_id)
                    .bind(n.channel.as_db())
                    .bind(origin.as_db())
                    .bind(&n.recipient)
                    .bind(&n.subject)
                    .bind(&n.body)
                    .bind(status)
                    .bind(n.attempts)
                    .bind(n.finished_at)
                    .bind(&n.error)
                    .bind(n.created_at)
                    .bind(n.error.is_none().then_some(n.finished_at))
                    .bind(&n.dedupe_key);
            }
            query.execute(conn).await?;
        });
    }
    Ok(())
}

/// Gives every finished notification without attempts its last attempt, so the order's detail
/// shows when it was sent or why it failed.
pub async fn log_seeded_attempts_in(tx: &mut Tx) -> Result<(), AppError> {
    let sql = "INSERT INTO notification_attempts (notification_id, at, outcome, error) \
               SELECT n.id, COALESCE(n.sent_at, n.next_attempt_at), n.status, n.last_error FROM notifications n \
               WHERE n.status IN ('sent', 'failed') \
               AND NOT EXISTS (SELECT 1 FROM notification_attempts a WHERE a.notification_id = n.id)";
    on_tx!(tx, conn => sqlx::query(sql).execute(conn).await.map(|_| ())?);
    Ok(())
}

/// Removes every notification and its attempts.
pub async fn delete_all_in(tx: &mut Tx) -> Result<(), AppError> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM notification_attempts").execute(&mut *conn).await?;
        sqlx::query("DELETE FROM notifications").execute(conn).await?;
    });
    Ok(())
}
