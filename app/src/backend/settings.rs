//! Every query on `settings`: the one row of installation-wide settings.

use super::clock::Clock;
use super::db::Db;
use crate::{on_db, AppError};
use chrono::NaiveDate;
use chrono_tz::Tz;

pub const DEFAULT_TIMEZONE: Tz = chrono_tz::America::Lima;

/// The business time zone: where "today" is decided for due dates and "Vencido".
pub async fn timezone(db: &Db) -> Result<Tz, AppError> {
    let name: Option<String> =
        on_db!(db, pool => sqlx::query_scalar("SELECT timezone FROM settings WHERE id = 1").fetch_optional(pool).await?);
    Ok(name.and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_TIMEZONE))
}

/// Today's date in the business time zone.
pub async fn today(db: &Db, clock: &dyn Clock) -> Result<NaiveDate, AppError> {
    Ok(today_in(clock, timezone(db).await?))
}

pub fn today_in(clock: &dyn Clock, tz: Tz) -> NaiveDate {
    clock.now().with_timezone(&tz).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::FixedClock;

    #[test]
    fn the_day_changes_at_midnight_in_lima_not_in_utc() {
        // 04:59 UTC is 23:59 of the previous day in Lima (UTC-5, no daylight saving).
        let clock = FixedClock::at("2026-12-04T04:59:00Z".parse().unwrap());
        assert_eq!(today_in(&clock, DEFAULT_TIMEZONE), NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        clock.advance(chrono::Duration::minutes(1));
        assert_eq!(today_in(&clock, DEFAULT_TIMEZONE), NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    }
}
