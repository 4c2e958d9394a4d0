use serde::{Deserialize, Serialize};
use std::fmt;

/// A client's name: trimmed, 1 to 200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientName(String);

impl ClientName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, String> {
        let name = input.trim();
        if name.is_empty() {
            return Err("Escribe el nombre del cliente.".into());
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(format!("El nombre no puede tener más de {} caracteres.", Self::MAX_CHARS));
        }
        if name.chars().any(char::is_control) {
            return Err("El nombre no puede tener saltos de línea ni caracteres de control.".into());
        }
        Ok(ClientName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClientName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ClientName::parse(&value)
    }
}

impl From<ClientName> for String {
    fn from(value: ClientName) -> Self {
        value.0
    }
}

impl fmt::Display for ClientName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_and_keeps_accents_and_symbols() {
        assert_eq!(ClientName::parse("  Panadería Ñuñoa & Hijos S.A.C. ").unwrap().as_str(), "Panadería Ñuñoa & Hijos S.A.C.");
    }

    #[test]
    fn refuses_empty_too_long_and_control_characters() {
        assert!(ClientName::parse("   ").is_err());
        assert!(ClientName::parse(&"a".repeat(201)).is_err());
        assert!(ClientName::parse(&"á".repeat(200)).is_ok());
        assert!(ClientName::parse("Ana\nLuis").is_err());
        assert!(ClientName::parse("Ana\u{7}").is_err());
    }

    proptest! {
        #[test]
        fn accepted_names_are_trimmed_and_stable(input in "\\PC{0,250}") {
            if let Ok(name) = ClientName::parse(&input) {
                prop_assert_eq!(name.as_str().trim(), name.as_str());
                prop_assert!(!name.as_str().is_empty());
                prop_assert_eq!(ClientName::parse(name.as_str()).unwrap(), name);
            }
        }
    }
}
