use serde::{Deserialize, Serialize};
use std::fmt;

/// A WhatsApp number in E.164 form: `+` then 8 to 15 digits, country code first
/// (`+51995955955`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts spaces, dashes, dots and parentheses as people write them, and stores digits.
    pub fn parse(input: &str) -> Result<Self, String> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}')).collect();
        if compact.is_empty() {
            return Err("Escribe el número de WhatsApp con código de país, por ejemplo +51995955955.".into());
        }
        let Some(digits) = compact.strip_prefix('+') else {
            return Err(format!(
                "Falta el código de país: escribe el número empezando con +, por ejemplo +51{}.",
                compact.chars().filter(|c| c.is_ascii_digit()).collect::<String>()
            ));
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("El número de WhatsApp solo puede tener dígitos después del +, por ejemplo +51995955955.".into());
        }
        if digits.starts_with('0') {
            return Err("El código de país no empieza con 0: por ejemplo +51 para Perú.".into());
        }
        if !(8..=15).contains(&digits.len()) {
            return Err(format!(
                "El número de WhatsApp debe tener entre 8 y 15 dígitos con el código de país (tiene {}).",
                digits.len()
            ));
        }
        Ok(Phone(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits only, country code included, as WhatsApp gateways expect them.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

impl TryFrom<String> for Phone {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(value: Phone) -> Self {
        value.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_what_people_type_between_digits() {
        assert_eq!(Phone::parse("+51 995 955 955").unwrap().as_str(), "+51995955955");
        assert_eq!(Phone::parse("+51-995.955(955)").unwrap().as_str(), "+51995955955");
        assert_eq!(Phone::parse("+51995955955").unwrap().digits(), "51995955955");
    }

    #[test]
    fn a_number_without_plus_is_refused_showing_the_expected_form() {
        let err = Phone::parse("995955955").unwrap_err();
        assert!(err.contains("+51995955955"), "{err}");
    }

    #[test]
    fn refuses_letters_wrong_lengths_and_leading_zero() {
        assert!(Phone::parse("+51abc955955").is_err());
        assert!(Phone::parse("+1234567").is_err());
        assert!(Phone::parse("+1234567890123456").is_err());
        assert!(Phone::parse("+0995955955").is_err());
        assert!(Phone::parse("+").is_err());
        assert!(Phone::parse("").is_err());
    }

    proptest! {
        #[test]
        fn valid_numbers_round_trip(digits in "[1-9][0-9]{7,14}") {
            let phone = Phone::parse(&format!("+{digits}")).unwrap();
            prop_assert_eq!(phone.digits(), digits.as_str());
            prop_assert_eq!(Phone::parse(phone.as_str()).unwrap(), phone);
        }

        #[test]
        fn never_panics(input in "\\PC{0,40}") {
            if let Ok(phone) = Phone::parse(&input) {
                prop_assert!(phone.as_str().starts_with('+'));
            }
        }
    }
}
