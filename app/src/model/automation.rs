//! "Configuración de tareas automáticas": the CRON settings, the run history, and the calendar
//! rules automatic orders follow.

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

pub const DEFAULT_DAYS_BEFORE: u32 = 3;
pub const MAX_DAYS_BEFORE: u32 = 60;

/// The settings as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomationView {
    pub cron_enabled: bool,
    pub days_before: u32,
    /// `HH:MM:SS` in the business time zone.
    pub generation_time: NaiveTime,
    pub timezone: String,
    pub remind_on_due_date: bool,
    pub remind_days_after: Option<u32>,
    pub notifications_enabled: bool,
}

/// One day's run, for "Historial de ejecuciones".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunView {
    pub run_date: NaiveDate,
    pub started_local: String,
    pub finished_local: Option<String>,
    pub generated: i64,
    pub queued: i64,
    pub error: Option<String>,
    pub manual: bool,
}

/// What "Ejecutar ahora" did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RunOutcome {
    pub generated: i64,
    pub queued: i64,
}

/// "Días antes del vencimiento": 0 to 60.
pub fn parse_days_before(input: &str) -> Result<u32, String> {
    input
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= MAX_DAYS_BEFORE)
        .ok_or_else(|| format!("Escribe un número de días entre 0 y {MAX_DAYS_BEFORE}."))
}

/// "Hora para generar la orden": `HH:MM` or `HH:MM:SS`.
pub fn parse_generation_time(input: &str) -> Result<NaiveTime, String> {
    let input = input.trim();
    NaiveTime::parse_from_str(input, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(input, "%H:%M"))
        .map_err(|_| "Escribe la hora como HH:MM:SS, por ejemplo 09:00:00.".to_string())
}

/// `months` after `date`, on the client's `anchor_day` or the month's last day when shorter:
/// Jan 31 → Feb 28 (29 in leap years) → Mar 31, never drifting to the 28th.
pub fn add_months_anchored(date: NaiveDate, months: u32, anchor_day: u32) -> NaiveDate {
    let index = date.year() * 12 + date.month0() as i32 + months as i32;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    let day = anchor_day.clamp(1, 31).min(days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).expect("a day within the month")
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let first_next = NaiveDate::from_ymd_opt(next_year, next_month, 1).expect("valid month");
    first_next.pred_opt().expect("a previous day").day()
}

const MONTHS: [&str; 12] =
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

/// The concept of an automatic order: the plan and the period it pays, e.g.
/// "Plan Básico — enero 2027" or "Plan Anual — enero 2027 a diciembre 2027".
pub fn period_concept(plan: &str, due_date: NaiveDate, months: u32) -> String {
    let name = |d: NaiveDate| format!("{} {}", MONTHS[d.month0() as usize], d.year());
    if months <= 1 {
        return format!("{plan} — {}", name(due_date));
    }
    let last = add_months_anchored(due_date, months - 1, 1);
    format!("{plan} — {} a {}", name(due_date), name(last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_31st_falls_on_the_last_day_of_short_months_and_comes_back() {
        let mut date = d(2027, 12, 31);
        let mut seen = Vec::new();
        for _ in 0..4 {
            date = add_months_anchored(date, 1, 31);
            seen.push(date);
        }
        assert_eq!(seen, vec![d(2028, 1, 31), d(2028, 2, 29), d(2028, 3, 31), d(2028, 4, 30)]);
        assert_eq!(add_months_anchored(d(2027, 1, 31), 1, 31), d(2027, 2, 28));
        assert_eq!(add_months_anchored(d(2027, 2, 28), 1, 31), d(2027, 3, 31));
        assert_eq!(add_months_anchored(d(2027, 2, 28), 1, 28), d(2027, 3, 28));
        assert_eq!(add_months_anchored(d(2027, 11, 30), 3, 30), d(2028, 2, 29));
        assert_eq!(add_months_anchored(d(2027, 12, 15), 12, 15), d(2028, 12, 15));
    }

    #[test]
    fn settings_are_parsed_with_spanish_messages() {
        assert_eq!(parse_days_before("3"), Ok(3));
        assert_eq!(parse_days_before("0"), Ok(0));
        assert!(parse_days_before("61").is_err());
        assert!(parse_days_before("-1").is_err());
        assert_eq!(parse_generation_time("09:00"), Ok(NaiveTime::from_hms_opt(9, 0, 0).unwrap()));
        assert_eq!(parse_generation_time("18:30:15"), Ok(NaiveTime::from_hms_opt(18, 30, 15).unwrap()));
        assert!(parse_generation_time("25:00").unwrap_err().contains("HH:MM:SS"));
    }

    #[test]
    fn concepts_name_the_plan_and_the_period() {
        assert_eq!(period_concept("Plan Básico", d(2027, 1, 31), 1), "Plan Básico — enero 2027");
        assert_eq!(period_concept("Plan Trimestral", d(2027, 11, 15), 3), "Plan Trimestral — noviembre 2027 a enero 2028");
    }

    proptest! {
        #[test]
        fn anchored_dates_keep_their_day_when_the_month_has_it(
            year in 1990i32..2100, month in 1u32..=12, anchor in 1u32..=31, months in 1u32..=24
        ) {
            let start = d(year, month, anchor.min(days_in_month(year, month)));
            let next = add_months_anchored(start, months, anchor);
            prop_assert_eq!(next.day(), anchor.min(days_in_month(next.year(), next.month())));
            let months_between = (next.year() - start.year()) * 12 + next.month() as i32 - start.month() as i32;
            prop_assert_eq!(months_between, months as i32);
        }
    }

    proptest! {
        #[test]
        fn generation_times_round_trip_and_junk_is_refused(h in 0u32..24, m in 0u32..60, s in 0u32..60, junk in "\\PC{0,20}") {
            let time = NaiveTime::from_hms_opt(h, m, s).unwrap();
            prop_assert_eq!(parse_generation_time(&time.format("%H:%M:%S").to_string()), Ok(time));
            // Whatever is accepted is a time the settings page shows back the same way.
            if let Ok(parsed) = parse_generation_time(&junk) {
                prop_assert_eq!(parse_generation_time(&parsed.format("%H:%M:%S").to_string()), Ok(parsed));
            }
        }

        #[test]
        fn days_before_are_0_to_60_whatever_is_typed(input in "\\PC{0,12}", n in 0u32..1000) {
            if let Ok(days) = parse_days_before(&input) {
                prop_assert!(days <= MAX_DAYS_BEFORE);
            }
            prop_assert_eq!(parse_days_before(&n.to_string()).is_ok(), n <= MAX_DAYS_BEFORE);
        }
    }
}
