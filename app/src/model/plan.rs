use super::Money;
use serde::{Deserialize, Serialize};

/// How often a plan bills: every 1, 2, 3, 6 or 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Interval {
    Monthly,
    Bimonthly,
    Quarterly,
    Semiannual,
    Annual,
}

impl Interval {
    pub const ALL: [Interval; 5] =
        [Interval::Monthly, Interval::Bimonthly, Interval::Quarterly, Interval::Semiannual, Interval::Annual];

    pub fn months(self) -> u32 {
        match self {
            Interval::Monthly => 1,
            Interval::Bimonthly => 2,
            Interval::Quarterly => 3,
            Interval::Semiannual => 6,
            Interval::Annual => 12,
        }
    }

    pub fn from_months(months: i64) -> Option<Self> {
        Interval::ALL.into_iter().find(|i| i64::from(i.months()) == months)
    }

    pub fn parse(input: &str) -> Result<Self, String> {
        input
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Interval::from_months)
            .ok_or_else(|| "Elige una frecuencia: mensual, cada 2, 3, 6 o 12 meses.".to_string())
    }

    pub fn label(self) -> &'static str {
        match self {
            Interval::Monthly => "Mensual",
            Interval::Bimonthly => "Cada 2 meses",
            Interval::Quarterly => "Cada 3 meses",
            Interval::Semiannual => "Cada 6 meses",
            Interval::Annual => "Anual",
        }
    }
}

/// A plan as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: i64,
    pub name: String,
    pub price: Money,
    pub interval: Interval,
    pub active: bool,
    /// How many clients are on this plan; a plan in use cannot be deleted.
    pub clients: i64,
}

/// A plan's name: trimmed, 1 to 100 characters, no control characters.
pub fn parse_plan_name(input: &str) -> Result<String, String> {
    let name = input.trim();
    if name.is_empty() {
        return Err("Escribe el nombre del plan.".into());
    }
    if name.chars().count() > 100 {
        return Err("El nombre del plan no puede tener más de 100 caracteres.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("El nombre del plan no puede tener caracteres de control.".into());
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn intervals_are_the_five_the_business_offers() {
        for interval in Interval::ALL {
            assert_eq!(Interval::parse(&interval.months().to_string()).unwrap(), interval);
        }
        assert!(Interval::parse("4").is_err());
        assert!(Interval::parse("mensual").is_err());
    }

    #[test]
    fn plan_names_are_trimmed_and_bounded() {
        assert_eq!(parse_plan_name("  Plan Básico ").unwrap(), "Plan Básico");
        assert!(parse_plan_name(" ").is_err());
        assert!(parse_plan_name(&"x".repeat(101)).is_err());
    }

    proptest! {
        #[test]
        fn plan_names_and_intervals_never_panic(name in "\\PC{0,150}", interval in "\\PC{0,6}") {
            if let Ok(parsed) = parse_plan_name(&name) {
                prop_assert!(!parsed.is_empty() && parsed.chars().count() <= 100);
            }
            if let Ok(parsed) = Interval::parse(&interval) {
                prop_assert!(Interval::ALL.contains(&parsed));
            }
        }
    }
}
