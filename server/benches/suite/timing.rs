//! Latency sampling: warm up, run, sort, read percentiles.

use std::future::Future;
use std::time::{Duration, Instant};

/// Runs `call` a few times to warm caches, then `runs` times measured; sorted ascending.
pub async fn time<F, Fut>(runs: usize, mut call: F) -> Vec<Duration>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    for _ in 0..5 {
        call().await;
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        call().await;
        times.push(start.elapsed());
    }
    times.sort();
    times
}

/// The `q` quantile (0.5 for p50) of sorted times.
pub fn quantile(times: &[Duration], q: f64) -> Duration {
    times[((times.len() as f64 - 1.0) * q).round() as usize]
}
