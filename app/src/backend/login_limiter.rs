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

    /// `Err(seconds)` while either key has used up its failures in the current window.
    pub fn check(&self, ip: &str, account: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let mut failures = self.failures.lock().expect("limiter lock");
        let mut wait = 0u64;
        for (key, max) in [(ip_key(ip), self.max_per_ip), (account_key(account), self.max_per_account)] {
            if let Some(times) = failures.get_mut(&key) {
                forget_before(times, now - self.window);
                if times.len() >= max {
                    let oldest = *times.front().expect("non-empty");
                    let secs = (oldest + self.window - now).num_seconds().max(1) as u64;
                    wait = wait.max(secs);
                }
            }
        }
        if wait > 0 { Err(wait) } else { Ok(()) }
    }

    pub fn record_failure(&self, ip: &str, account: &str, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().expect("limiter lock");
        if failures.len() >= MAX_TRACKED_KEYS {
            let cutoff = now - self.window;
            failures.retain(|_, times| times.back().is_some_and(|t| *t > cutoff));
        }
        for key in [ip_key(ip), account_key(account)] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// A successful login forgives the account's failures (not the address's).
    pub fn record_success(&self, account: &str) {
        self.failures.lock().expect("limiter lock").remove(&account_key(account));
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
            assert!(limiter.check("10.0.0.1", "ana@x.pe", t0()).is_ok(), "attempt {i}");
            limiter.record_failure("10.0.0.1", "ana@x.pe", t0());
        }
        let wait = limiter.check("10.0.0.9", "ANA@x.pe", t0()).unwrap_err();
        assert_eq!(wait, 15 * 60);
        assert!(limiter.check("10.0.0.9", "otra@x.pe", t0()).is_ok());
        assert!(limiter.check("10.0.0.9", "ana@x.pe", t0() + Duration::minutes(15)).is_ok());
    }

    #[test]
    fn one_address_spraying_many_accounts_is_stopped() {
        let limiter = LoginLimiter::new(Duration::minutes(15), 100, 4);
        for i in 0..4 {
            limiter.record_failure("10.0.0.1", &format!("u{i}@x.pe"), t0());
        }
        assert!(limiter.check("10.0.0.1", "nueva@x.pe", t0()).is_err());
        assert!(limiter.check("10.0.0.2", "nueva@x.pe", t0()).is_ok());
    }

    #[test]
    fn success_clears_the_account_but_not_the_address() {
        let limiter = LoginLimiter::new(Duration::minutes(15), 2, 3);
        limiter.record_failure("10.0.0.1", "ana@x.pe", t0());
        limiter.record_failure("10.0.0.1", "ana@x.pe", t0());
        limiter.record_success("ana@x.pe");
        assert!(limiter.check("10.0.0.2", "ana@x.pe", t0()).is_ok());
        limiter.record_failure("10.0.0.1", "ana@x.pe", t0());
        assert!(limiter.check("10.0.0.1", "bob@x.pe", t0()).is_err());
    }
}
