use serde::{Deserialize, Serialize};
use std::fmt;

/// An e-mail address, trimmed and checked by a standards-based parser (RFC 5321/5322 rules),
/// with the domain lower-cased so the same address is never stored twice in two spellings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, String> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err("Escribe un correo electrónico.".into());
        }
        if trimmed.chars().count() > Self::MAX_LEN {
            return Err(format!("El correo no puede tener más de {} caracteres.", Self::MAX_LEN));
        }
        let parsed = email_address::EmailAddress::parse_with_options(
            trimmed,
            email_address::Options::default().without_display_text().with_required_tld(),
        )
        .map_err(|_| format!("«{trimmed}» no es un correo electrónico válido (ejemplo: nombre@empresa.com)."))?;
        let local = parsed.local_part();
        let domain = parsed.domain().to_lowercase();
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses_and_normalises_the_domain() {
        assert_eq!(Email::parse("  ana@Empresa.PE ").unwrap().as_str(), "ana@empresa.pe");
        assert_eq!(Email::parse("cobranzas+pagos@mi-empresa.com.pe").unwrap().as_str(), "cobranzas+pagos@mi-empresa.com.pe");
    }

    #[test]
    fn refuses_what_is_not_an_address_with_a_spanish_message() {
        for bad in ["", "   ", "ana", "ana@", "@empresa.pe", "ana@@empresa.pe", "ana empresa@x.pe", "ana@localhost", "Ana <ana@x.pe>"] {
            let err = Email::parse(bad).unwrap_err();
            assert!(err.contains("correo"), "{bad:?} -> {err}");
        }
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(local in "[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", domain in "[a-z][a-z0-9-]{0,15}[a-z0-9]\\.[a-z]{2,6}") {
            let once = Email::parse(&format!("{local}@{domain}"));
            if let Ok(email) = once {
                prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email);
            }
        }

        #[test]
        fn never_panics(input in "\\PC{0,300}") {
            let _ = Email::parse(&input);
        }
    }
}
