//! Dates and amounts as each language writes them. Spanish is the spec's (`S/ 1,234.50`,
//! `31/12/2026`); English names the currency by its code and the month by its name.

use super::Lang;
use crate::model::Money;
use chrono::{NaiveDate, NaiveDateTime};

pub fn money(lang: Lang, amount: Money) -> String {
    let spanish = amount.to_string();
    match lang {
        Lang::Es => spanish,
        Lang::En => spanish.replacen("S/ ", "PEN ", 1),
    }
}

pub fn date(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::Es => day.format("%d/%m/%Y").to_string(),
        Lang::En => day.format("%b %-d, %Y").to_string(),
    }
}

pub fn date_time(lang: Lang, at: NaiveDateTime) -> String {
    match lang {
        Lang::Es => at.format("%d/%m/%Y %H:%M").to_string(),
        Lang::En => at.format("%b %-d, %Y %H:%M").to_string(),
    }
}

/// A value inside a Spanish message, as English writes it: an amount, a date or a date and
/// time change form; anything else (a name, a number) stays.
pub(super) fn english_value(value: &str) -> String {
    if let Some(amount) = value.strip_prefix("S/ ").or_else(|| value.strip_prefix("-S/ ")) {
        if amount.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
            return value.replacen("S/ ", "PEN ", 1);
        }
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(value, "%d/%m/%Y %H:%M") {
        return date_time(Lang::En, at);
    }
    if let Ok(day) = NaiveDate::parse_from_str(value, "%d/%m/%Y") {
        return date(Lang::En, day);
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_dates_follow_the_language() {
        let amount = Money::from_cents(123_450);
        assert_eq!(money(Lang::Es, amount), "S/ 1,234.50");
        assert_eq!(money(Lang::En, amount), "PEN 1,234.50");
        assert_eq!(money(Lang::En, Money::from_cents(-5)), "-PEN 0.05");
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(date(Lang::Es, day), "04/12/2026");
        assert_eq!(date(Lang::En, day), "Dec 4, 2026");
        assert_eq!(date_time(Lang::En, day.and_hms_opt(9, 5, 0).unwrap()), "Dec 4, 2026 09:05");
    }

    #[test]
    fn values_in_a_spanish_message_change_form_only_when_they_are_amounts_or_dates() {
        assert_eq!(english_value("S/ 80.00"), "PEN 80.00");
        assert_eq!(english_value("31/01/2027"), "Jan 31, 2027");
        assert_eq!(english_value("03/12/2026 14:30"), "Dec 3, 2026 14:30");
        assert_eq!(english_value("S/ Ríos"), "S/ Ríos");
        assert_eq!(english_value("Panadería"), "Panadería");
        assert_eq!(english_value("12"), "12");
    }
}
