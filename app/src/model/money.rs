use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in céntimos (1/100 of a sol). Never a float: sums and comparisons are
/// exact. Shown as `S/ 1,234.50`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    /// The largest amount a form accepts: S/ 99,999,999.99.
    pub const MAX_CENTS: i64 = 9_999_999_999;

    pub const fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Parses what a person types for a price or an amount: `150`, `150.5`, `150.50`,
    /// `1,234.50` or `S/ 1,234.50`. Refuses zero, negatives, more than two decimals and
    /// amounts over S/ 99,999,999.99.
    pub fn parse(input: &str) -> Result<Self, String> {
        let text = input.trim();
        let text = text.strip_prefix("S/").unwrap_or(text).trim();
        if text.is_empty() {
            return Err("Escribe un monto (por ejemplo 150 o 150.50).".into());
        }
        if text.starts_with('-') {
            return Err("El monto no puede ser negativo.".into());
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (text, ""),
        };
        let whole = strip_thousands(whole).ok_or_else(not_a_number)?;
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number());
        }
        if !fraction.bytes().all(|b| b.is_ascii_digit()) || (text.contains('.') && fraction.is_empty()) {
            return Err(not_a_number());
        }
        if fraction.len() > 2 {
            return Err("El monto admite como máximo dos decimales.".into());
        }
        let too_big = || format!("El monto no puede superar {}.", Money(Self::MAX_CENTS));
        let whole = whole.trim_start_matches('0');
        if whole.len() > 8 {
            return Err(too_big());
        }
        let units: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| not_a_number())? };
        let cents: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| not_a_number())? * 10,
            _ => fraction.parse().map_err(|_| not_a_number())?,
        };
        let total = units * 100 + cents;
        if total == 0 {
            return Err("El monto debe ser mayor que cero.".into());
        }
        if total > Self::MAX_CENTS {
            return Err(too_big());
        }
        Ok(Money(total))
    }

    /// The amount as a plain decimal (`1234.50`), for form fields and CSV files.
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

fn not_a_number() -> String {
    "El monto debe ser un número, por ejemplo 150 o 150.50.".into()
}

/// `1,234,567` -> `1234567`; `None` when the commas are not every three digits.
fn strip_thousands(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return Some(whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

impl fmt::Display for Money {
    /// `S/ 1,234.50`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let units = (abs / 100).to_string();
        let mut grouped = String::with_capacity(units.len() + units.len() / 3);
        for (i, digit) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        write!(f, "{sign}S/ {grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_ways_people_write_amounts() {
        assert_eq!(Money::parse("150").unwrap().cents(), 15_000);
        assert_eq!(Money::parse("150.5").unwrap().cents(), 15_050);
        assert_eq!(Money::parse(" 150.50 ").unwrap().cents(), 15_050);
        assert_eq!(Money::parse("0.01").unwrap().cents(), 1);
        assert_eq!(Money::parse("1,234.50").unwrap().cents(), 123_450);
        assert_eq!(Money::parse("S/ 1,234.50").unwrap().cents(), 123_450);
        assert_eq!(Money::parse("99999999.99").unwrap().cents(), Money::MAX_CENTS);
    }

    #[test]
    fn refuses_what_is_not_a_positive_amount_with_two_decimals_at_most() {
        for (input, expected) in [
            ("", "Escribe un monto"),
            ("-5", "negativo"),
            ("0", "mayor que cero"),
            ("0.00", "mayor que cero"),
            ("150.555", "dos decimales"),
            ("100000000", "superar"),
            ("99999999.991", "dos decimales"),
            ("abc", "número"),
            ("1,23.00", "número"),
            ("150.", "número"),
            ("1e5", "número"),
            ("150,50", "número"),
            ("NaN", "número"),
        ] {
            let err = Money::parse(input).unwrap_err();
            assert!(err.contains(expected), "{input:?} -> {err}");
        }
    }

    #[test]
    fn formats_as_soles_with_thousands() {
        assert_eq!(Money::from_cents(123_450).to_string(), "S/ 1,234.50");
        assert_eq!(Money::from_cents(15_000).to_string(), "S/ 150.00");
        assert_eq!(Money::from_cents(5).to_string(), "S/ 0.05");
        assert_eq!(Money::from_cents(Money::MAX_CENTS).to_string(), "S/ 99,999,999.99");
        assert_eq!(Money::from_cents(123_450).to_plain(), "1234.50");
    }

    proptest! {
        #[test]
        fn formatted_amounts_parse_back_to_themselves(cents in 1i64..=Money::MAX_CENTS) {
            let money = Money::from_cents(cents);
            prop_assert_eq!(Money::parse(&money.to_string()).unwrap(), money);
            prop_assert_eq!(Money::parse(&money.to_plain()).unwrap(), money);
        }

        #[test]
        fn never_panics(input in "\\PC{0,40}") {
            if let Ok(money) = Money::parse(&input) {
                prop_assert!(money.cents() > 0 && money.cents() <= Money::MAX_CENTS);
            }
        }
    }
}
