//! The delivery worker: drains the notification outbox in the background. It wakes when
//! something is queued and every few seconds (for retries and for rows other servers queued).

use app::backend::notify::dispatch::Dispatcher;
use app::backend::AppState;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

const POLL: Duration = Duration::from_secs(5);

/// Starts the worker; send `true` on the returned sender to stop it after its current round.
pub fn spawn(state: &AppState) -> (watch::Sender<bool>, JoinHandle<()>) {
    let mut dispatcher = Dispatcher::new(state.db.clone(), state.clock.clone(), state.cipher.clone());
    dispatcher.timeouts = state.timeouts;
    let wake = state.deliveries.clone();
    let (stop, mut stopped) = watch::channel(false);
    let handle = tokio::spawn(async move {
        loop {
            let more = match dispatcher.run_once().await {
                Ok(round) => round.full,
                // The cause is already logged where it happened.
                Err(_) => false,
            };
            if *stopped.borrow() {
                break;
            }
            if more {
                continue;
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = stopped.changed() => break,
            }
        }
        tracing::info!("delivery worker stopped");
    });
    (stop, handle)
}

/// Lets a message on the wire finish (its outcome must be recorded, or it would be sent again
/// after the lease), but not for ever.
pub async fn stop(stop: watch::Sender<bool>, worker: JoinHandle<()>) {
    let _ = stop.send(true);
    if tokio::time::timeout(Duration::from_secs(30), worker).await.is_err() {
        tracing::warn!("delivery worker did not stop within 30 s");
    }
}
