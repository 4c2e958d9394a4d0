//! Counts failed logins per client address and per account, so neither guessing many
//! passwords for one account nor spraying many accounts from one address gets far.
//!
//! Kept in memory: after a restart the counters start again, which only ever loosens the
//! limit for one window.

use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

#[derive(Debug)]
pub struct LoginLimiter {
    window: Duration,
    max_per_account: usize,
    max_per_ip: usize,
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(Duration::minutes(15), 5, 20)
    }
}

/// Past this many tracked keys, keys with no recent failure are dropped.
const MAX_TRACKED_KEYS: usize = 10_000;

impl LoginLimiter {
    pub fn new(window: Duration, max_per_account: usize, max_per_ip: usize) -> Self {
        LoginLimiter { window, max_per_account, max_per_ip, failures: Mutex::new(HashMap::new()) }
    }

    /// Starts an attempt: `Err(seconds)` while either key has used up its failures in the
    /// current window; otherwise the attempt is counted as a failure right away, under the
    /// same lock, until [`LoginLimiter::succeeded`] takes it back. Counting it only after the
    /// (slow) password check would let a burst of parallel guesses all pass the check first.
    pub fn begin(&self, ip: &str, account: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let mut failures = self.failures.lock().expect("limiter lock");
        let keys = [(ip_key(ip), self.max_per_ip), (account_key(account), self.max_per_account)];
        let mut wait = 0u64;
        for (key, max) in &keys {
            if let Some(times) = failures.get_mut(key) {
                forget_before(times, now - self.window);
                if times.len() >= *max {
                    let oldest = *times.front().expect("non-empty");
                    let secs = (oldest + self.window - now).num_seconds().max(1) as u64;
                    wait = wait.max(secs);
                }
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        if failures.len() >= MAX_TRACKED_KEYS {
            let cutoff = now - self.window;
            failures.retain(|_, times| times.back().is_some_and(|t| *t > cutoff));
        }
        for (key, _) in keys {
            failures.entry(key).or_default().push_back(now);
        }
        Ok(())
    }

    /// The attempt begun at `started` was right: it is no failure of the address, and the
    /// account's failures are forgiven (the address's are not).
    pub fn succeeded(&self, ip: &str, account: &str, started: DateTime<Utc>) {
        let mut failures = self.failures.lock().expect("limiter lock");
        failures.remove(&account_key(account));
        let key = ip_key(ip);
        if let Some(times) = failures.get_mut(&key) {
            if let Some(at) = times.iter().rposition(|t| *t == started) {
                times.remove(at);
            }
            if times.is_empty() {
                failures.remove(&key);
            }
        }
    }
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

fn account_key(account: &str) -> String {
    format!("account:{}", account.trim().to_lowercase())
}

fn forget_before(times: &mut VecDeque<DateTime<Utc>>, cutoff: DateTime<Utc>) {
    while times.front().is_some_and(|t| *t <= cutoff) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        "2026-12-03T14:00:00Z".parse().unwrap()
    }

    #[test]
    fn an_account_is_locked_after_its_failures_and_unlocked_when_the_window_passes() {
        let limiter = LoginLimiter::new(Duration::minutes(15), 3, 100);
        for i in 0..3 {
            assert!(limiter.begin("10.0.0.1", "ana@x.pe", t0()).is_ok(), "attempt {i}");
        }
        let wait = limiter.begin("10.0.0.9", "ANA@x.pe", t0()).unwrap_err();
        assert_eq!(wait, 15 * 60);
        assert!(limiter.begin("10.0.0.9", "otra@x.pe", t0()).is_ok());
        assert!(limiter.begin("10.0.0.9", "ana@x.pe", t0() + Duration::minutes(15)).is_ok());
    }

    #[test]
    fn attempts_still_running_count_so_a_burst_gets_only_the_allowed_tries() {
        let limiter = LoginLimiter::new(Duration::minutes(15), 5, 100);
        // 50 guesses arrive together: none has finished checking its password yet.
        let admitted = (0..50).filter(|_| limiter.begin("10.0.0.1", "ana@x.pe", t0()).is_ok()).count();
        assert_eq!(admitted, 5);
    }

    #[test]
    fn one_address_spraying_many_accounts_is_stopped() {
        let limiter = LoginLimiter::new(Duration::minutes(15), 100, 4);
        for i in 0..4 {
            limiter.begin("10.0.0.1", &format!("u{i}@x.pe"), t0()).unwrap();
        }
        assert!(limiter.begin("10.0.0.1", "nueva@x.pe", t0()).is_err());
        assert!(limiter.begin("10.0.0.2", "nueva@x.pe", t0()).is_ok());
    }

    #[test]
    fn success_clears_the_account_and_is_no_failure_of_the_address() {
        let limiter = LoginLimiter::new(Duration::minutes(15), 2, 3);
        limiter.begin("10.0.0.1", "ana@x.pe", t0()).unwrap();
        let later = t0() + Duration::seconds(1);
        limiter.begin("10.0.0.1", "ana@x.pe", later).unwrap();
        limiter.succeeded("10.0.0.1", "ana@x.pe", later);
        assert!(limiter.begin("10.0.0.2", "ana@x.pe", t0()).is_ok(), "the account is forgiven");
        // The address keeps its one real failure: two more tries fill its three.
        limiter.begin("10.0.0.1", "bob@x.pe", t0()).unwrap();
        limiter.begin("10.0.0.1", "eva@x.pe", t0()).unwrap();
        assert!(limiter.begin("10.0.0.1", "luis@x.pe", t0()).is_err());
    }
}
