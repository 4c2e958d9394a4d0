//! Every query on `scheduler_runs`: one row per business day billed, for the "run once a day"
//! rule and the run history.

use super::db::{Db, Tx};
use crate::model::{RunOutcome, RunView};
use crate::{on_db, on_tx, AppError};
use chrono::{DateTime, NaiveDate, Utc};

/// Opens (or reopens, for "Ejecutar ahora") the run of `day`.
pub async fn start(db: &Db, day: NaiveDate, now: DateTime<Utc>, manual: bool) -> Result<(), AppError> {
    let sql = "INSERT INTO scheduler_runs (run_date, started_at, origin) VALUES ($1, $2, $3) \
               ON CONFLICT (run_date) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL, \
               error = NULL, origin = excluded.origin";
    let origin = if manual { "manual" } else { "automatic" };
    on_db!(db, pool => sqlx::query(sql).bind(day).bind(now).bind(origin).execute(pool).await?.rows_affected());
    Ok(())
}

/// The first write of every billing transaction: on SQLite it takes the write lock before
/// anything is read, so a read snapshot never has to be upgraded.
pub async fn touch_in(tx: &mut Tx, day: NaiveDate) -> Result<(), AppError> {
    let sql = "UPDATE scheduler_runs SET finished_at = NULL WHERE run_date = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(day).execute(conn).await?.rows_affected());
    Ok(())
}

/// Closes the run; counts add up over the day's runs.
pub async fn finish(db: &Db, day: NaiveDate, now: DateTime<Utc>, result: &Result<RunOutcome, String>) -> Result<(), AppError> {
    let sql = "UPDATE scheduler_runs SET finished_at = $2, generated = generated + $3, queued = queued + $4, error = $5 \
               WHERE run_date = $1";
    let (generated, queued, error) = match result {
        Ok(outcome) => (outcome.generated, outcome.queued, None),
        Err(error) => (0, 0, Some(error.as_str())),
    };
    on_db!(db, pool => sqlx::query(sql).bind(day).bind(now).bind(generated).bind(queued).bind(error).execute(pool).await?.rows_affected());
    Ok(())
}

/// True when `day` was billed to the end without error.
pub async fn completed(db: &Db, day: NaiveDate) -> Result<bool, AppError> {
    let sql = "SELECT COUNT(*) FROM scheduler_runs WHERE run_date = $1 AND finished_at IS NOT NULL AND error IS NULL";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(day).fetch_one(pool).await?);
    Ok(n > 0)
}

/// The last completed day before `day`, where reminders left off.
pub async fn last_completed_before(db: &Db, day: NaiveDate) -> Result<Option<NaiveDate>, AppError> {
    let sql = "SELECT MAX(run_date) FROM scheduler_runs WHERE run_date < $1 AND finished_at IS NOT NULL AND error IS NULL";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(day).fetch_one(pool).await?))
}

#[derive(sqlx::FromRow)]
struct RunRow {
    run_date: NaiveDate,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    generated: i64,
    queued: i64,
    error: Option<String>,
    origin: String,
}

/// The latest runs, newest first, times in `tz`.
pub async fn recent(db: &Db, tz: chrono_tz::Tz, limit: i64) -> Result<Vec<RunView>, AppError> {
    let sql = "SELECT run_date, started_at, finished_at, generated, queued, error, origin FROM scheduler_runs \
               ORDER BY run_date DESC LIMIT $1";
    let rows: Vec<RunRow> = on_db!(db, pool => sqlx::query_as(sql).bind(limit).fetch_all(pool).await?);
    let local = |at: DateTime<Utc>| at.with_timezone(&tz).format("%d/%m/%Y %H:%M:%S").to_string();
    Ok(rows
        .into_iter()
        .map(|r| RunView {
            run_date: r.run_date,
            started_local: local(r.started_at),
            finished_local: r.finished_at.map(local),
            generated: r.generated,
            queued: r.queued,
            error: r.error,
            manual: r.origin == "manual",
        })
        .collect())
}
