//! Timing shared by the benchmarks: warm up, run, sort, report percentiles.

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
    times[((times.len() as f64 - 1.0) * q) as usize]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// One Markdown row: p50, p95, p99, the baseline's p50 and the ratio of the two p50s.
pub fn row(db: &str, label: &str, times: &[Duration], baseline: &[Duration]) -> String {
    let base = quantile(baseline, 0.5);
    let p50 = quantile(times, 0.5);
    format!(
        "| {db} | {label} | {} | {} | {} | {} | {:.1}× |",
        ms(p50),
        ms(quantile(times, 0.95)),
        ms(quantile(times, 0.99)),
        ms(base),
        p50.as_secs_f64() / base.as_secs_f64()
    )
}
