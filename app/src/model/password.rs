use std::fmt;

/// A password chosen for an administrator account. Deliberately not `Serialize`, and its
/// `Debug` hides the value, so it cannot end up in a log or a response by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    /// Checks a new password and its confirmation.
    pub fn parse_new(password: &str, confirmation: &str) -> Result<Self, (&'static str, String)> {
        let chars = password.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(("password", format!("La contraseña debe tener al menos {} caracteres.", Self::MIN_CHARS)));
        }
        if chars > Self::MAX_CHARS {
            return Err(("password", format!("La contraseña no puede tener más de {} caracteres.", Self::MAX_CHARS)));
        }
        if password.trim().is_empty() {
            return Err(("password", "La contraseña no puede ser solo espacios.".to_string()));
        }
        if password != confirmation {
            return Err(("password_confirmation", "Las contraseñas no coinciden.".to_string()));
        }
        Ok(Password(password.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_enough_matching_password_is_accepted() {
        assert!(Password::parse_new("correcto-caballo-bateria", "correcto-caballo-bateria").is_ok());
    }

    #[test]
    fn short_blank_or_mismatched_passwords_are_refused_on_the_right_field() {
        assert_eq!(Password::parse_new("corta", "corta").unwrap_err().0, "password");
        assert_eq!(Password::parse_new("          ", "          ").unwrap_err().0, "password");
        assert_eq!(Password::parse_new(&"x".repeat(129), &"x".repeat(129)).unwrap_err().0, "password");
        assert_eq!(Password::parse_new("una-clave-larga", "otra-clave-larga").unwrap_err().0, "password_confirmation");
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let p = Password::parse_new("secreto-muy-largo", "secreto-muy-largo").unwrap();
        assert!(!format!("{p:?}").contains("secreto"));
    }
}
