//! The scheduled job: every minute (and once at start-up) it asks the backend whether today's
//! billing is due and runs it. The decision lives in `app::backend::billing::tick`, so changing
//! the hour or the time zone in "Configuración" applies without a restart.

use app::backend::billing;
use app::backend::AppState;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio_cron_scheduler::{Job, JobScheduler};

pub async fn start(state: &AppState) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new().await?;
    let running = Arc::new(AtomicBool::new(false));
    let every_minute = {
        let (state, running) = (state.clone(), running.clone());
        Job::new_async("0 * * * * *", move |_, _| {
            let (state, running) = (state.clone(), running.clone());
            Box::pin(async move { tick(&state, &running).await })
        })?
    };
    scheduler.add(every_minute).await?;
    scheduler.start().await?;
    let state = state.clone();
    tokio::spawn(async move { tick(&state, &running).await });
    Ok(scheduler)
}

/// One tick; skipped while the previous one is still billing (a long first run must not be
/// started again every minute).
async fn tick(state: &AppState, running: &AtomicBool) {
    if running.swap(true, Ordering::AcqRel) {
        return;
    }
    match billing::tick(&state.db, state.clock.as_ref()).await {
        Ok(Some(outcome)) => {
            tracing::info!(generated = outcome.generated, queued = outcome.queued, "daily billing done");
            state.deliveries.notify_one();
        }
        Ok(None) => {}
        // The cause is logged where it happened; the run history keeps the message.
        Err(_) => tracing::warn!("daily billing failed; it will be tried again in a minute"),
    }
    running.store(false, Ordering::Release);
}
