//! The day's billing: automatic orders from the clients' plans, and their reminders.
//!
//! The server's job calls [`tick`] every minute; "Ejecutar ahora" calls [`run_day`]. Both are
//! safe to repeat and to run on several servers at once: clients are billed in batches, each in
//! a transaction that takes the billing lock (an advisory lock on PostgreSQL) and re-reads the
//! clients still due; an automatic order is unique per client and due date, and an automatic
//! reminder per order, channel and step, in the database itself.

use super::clock::Clock;
use super::db::Db;
use super::notify::outbox::{self, Keyed};
use super::notify::{self, Recipient};
use super::orders::{self, AutomaticOrder, ReminderTarget};
use super::settings::{self, Automation, NotificationSettings};
use super::{audit, clients, scheduler_runs};
use crate::model::{add_months_anchored, period_concept, Money, RunOutcome, TemplateValues};
use crate::AppError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// Clients per transaction.
const BATCH: i64 = 2000;
/// Periods billed per client and run at most, when catching up a long gap.
const MAX_PERIODS: usize = 12;
/// How far back missed reminder days are caught up after downtime.
const CATCH_UP_DAYS: i64 = 30;

/// Runs today's billing when CRON is on, the configured hour has passed in the business time
/// zone, and today has no completed run. Returns what it did, or `None` when it was not time.
pub async fn tick(db: &Db, clock: &dyn Clock) -> Result<Option<RunOutcome>, AppError> {
    let automation = settings::automation(db).await?;
    if !automation.cron_enabled {
        return Ok(None);
    }
    let local = clock.now().with_timezone(&automation.timezone);
    if local.time() < automation.generation_time {
        return Ok(None);
    }
    let today = local.date_naive();
    if scheduler_runs::completed(db, today).await? {
        return Ok(None);
    }
    run_day(db, clock, false).await.map(Some)
}

/// Today's billing, now, whatever the hour: "Ejecutar ahora". Recorded in the run history.
pub async fn run_day(db: &Db, clock: &dyn Clock, manual: bool) -> Result<RunOutcome, AppError> {
    let automation = settings::automation(db).await?;
    let today = settings::today_in(clock, automation.timezone);
    scheduler_runs::start(db, today, clock.now(), manual).await?;
    let result = bill(db, clock.now(), today, &automation).await;
    let recorded = result.as_ref().copied().map_err(|e| e.to_string());
    scheduler_runs::finish(db, today, clock.now(), &recorded).await?;
    result
}

async fn bill(db: &Db, now: DateTime<Utc>, today: NaiveDate, automation: &Automation) -> Result<RunOutcome, AppError> {
    let notifications = settings::notifications(db).await?;
    let remind = automation.notifications_enabled;
    let window_end = today + Duration::days(i64::from(automation.days_before));
    let mut outcome = RunOutcome::default();
    let mut after_id = 0;
    loop {
        let mut tx = db.begin().await?;
        scheduler_runs::touch_in(&mut tx, today).await?;
        tx.lock_billing().await?;
        let due = clients::due_batch_in(&mut tx, window_end, after_id, BATCH).await?;
        let Some(last) = due.last() else {
            tx.commit().await?;
            break;
        };
        after_id = last.id;
        let mut new_orders = Vec::new();
        let mut moves = Vec::with_capacity(due.len());
        for client in &due {
            let anchor = client.billing_day.and_then(|d| u32::try_from(d).ok()).unwrap_or(client.next_due_date.day());
            let months = u32::try_from(client.interval_months).unwrap_or(1).max(1);
            let mut date = client.next_due_date;
            let mut periods = 0;
            while date <= window_end && periods < MAX_PERIODS {
                new_orders.push(AutomaticOrder {
                    client_id: client.id,
                    plan_id: client.plan_id,
                    concept: period_concept(&client.plan_name, date, months),
                    amount_cents: client.amount_cents,
                    due_date: date,
                });
                date = add_months_anchored(date, months, anchor);
                periods += 1;
            }
            moves.push((client.id, client.next_due_date, date));
        }
        let created = orders::insert_automatic_in(&mut tx, &new_orders, now).await?;
        clients::advance_due_dates_in(&mut tx, &moves).await?;
        let entries: Vec<audit::AuditEntry> = created
            .iter()
            .map(|(id, _, due_date)| audit::AuditEntry {
                at: now,
                user_id: None,
                action: "create".into(),
                entity: "order".into(),
                entity_id: Some(*id),
                detail: format!("Orden automática generada con vencimiento {}", due_date.format("%d/%m/%Y")),
            })
            .collect();
        audit::record_many_in(&mut tx, &entries).await?;
        outcome.generated += created.len() as i64;
        if remind {
            // The reminder sent when the order is generated, unless its due date already
            // passed (a catch-up): those follow the due-date and after-due settings instead.
            let ids: Vec<i64> = created.iter().filter(|(_, _, due)| *due >= today).map(|(id, ..)| *id).collect();
            let targets = orders::reminder_targets_in(&mut tx, &ids).await?;
            let keyed = keyed_drafts(&notifications, &targets, "before");
            outcome.queued += outbox::enqueue_many_in(&mut tx, &keyed, now).await? as i64;
        }
        tx.commit().await?;
    }
    if remind {
        outcome.queued += extra_reminders(db, now, today, automation, &notifications).await?;
    }
    Ok(outcome)
}

/// The optional reminders on the due date and N days after it, for open orders. Days missed
/// while the server was down are caught up, but each order gets at most one reminder per run,
/// the latest step that applies, and never within 12 hours of another notification.
async fn extra_reminders(
    db: &Db,
    now: DateTime<Utc>,
    today: NaiveDate,
    automation: &Automation,
    notifications: &NotificationSettings,
) -> Result<i64, AppError> {
    if !automation.remind_on_due_date && automation.remind_days_after.is_none() {
        return Ok(0);
    }
    let from = scheduler_runs::last_completed_before(db, today)
        .await?
        .map(|last| last + Duration::days(1))
        .unwrap_or(today)
        .max(today - Duration::days(CATCH_UP_DAYS));
    let mut steps: Vec<(&str, Vec<ReminderTarget>)> = Vec::new();
    if let Some(after) = automation.remind_days_after {
        let after = Duration::days(i64::from(after));
        steps.push(("after", orders::open_due_between(db, from - after, today - after).await?));
    }
    if automation.remind_on_due_date {
        steps.push(("due", orders::open_due_between(db, from, today).await?));
    }
    let all_ids: Vec<i64> = steps.iter().flat_map(|(_, t)| t.iter().map(|t| t.id)).collect();
    let mut done = outbox::notified_since(db, &all_ids, now - Duration::hours(12)).await?;
    let mut keyed = Vec::new();
    for (step, targets) in steps {
        let fresh: Vec<ReminderTarget> = targets.into_iter().filter(|t| done.insert(t.id)).collect();
        keyed.extend(keyed_drafts(notifications, &fresh, step));
    }
    let mut tx = db.begin().await?;
    let queued = outbox::enqueue_many_in(&mut tx, &keyed, now).await?;
    tx.commit().await?;
    Ok(queued as i64)
}

/// The reminder of each order on every channel its client can receive, keyed by step.
fn keyed_drafts(settings: &NotificationSettings, targets: &[ReminderTarget], step: &str) -> Vec<Keyed> {
    let mut keyed = Vec::new();
    for target in targets {
        let plan = notify::plan_label(target.plan_name.clone(), target.concept.clone(), target.client_plan.clone());
        let recipient = Recipient {
            email: target.contact_email.clone(),
            whatsapp: target.whatsapp.clone(),
            values: TemplateValues {
                name: target.client_name.clone(),
                plan,
                amount: Money::from_cents(target.amount_cents),
                due_date: target.due_date,
            },
        };
        // A client no channel can reach simply gets no automatic reminder.
        let Ok(drafts) = notify::drafts(settings, &recipient) else { continue };
        for draft in drafts {
            let dedupe_key = format!("auto:{}:{}:{step}", target.id, draft.channel.as_db());
            keyed.push(Keyed { order_id: target.id, draft, dedupe_key });
        }
    }
    keyed
}
