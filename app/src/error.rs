//! The one error type every server function returns.
//!
//! Each variant carries only what the user may see. `Internal` carries nothing: its cause is
//! logged on the server where it happened (see [`AppError::internal`]), and the browser only
//! learns that something failed.

use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Tu sesión no es válida o ha expirado. Inicia sesión de nuevo.")]
    Unauthorized,
    #[error("Solicitud rechazada: no proviene de este sitio.")]
    Forbidden,
    #[error("No se encontró lo que buscas.")]
    NotFound,
    /// Bad input; `field` names the form field that caused it (empty when none does).
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    /// Allowed, but worth a second thought: the user is asked and the call repeated with
    /// confirmation (e.g. notifying an order notified minutes ago).
    #[error("{0}")]
    NeedsConfirmation(String),
    /// The same message for every failed login, so it never tells which part was wrong.
    #[error("Correo o contraseña incorrectos.")]
    BadCredentials,
    #[error("Demasiados intentos de inicio de sesión. Espera {retry_after_secs} segundos e inténtalo de nuevo.")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("Ocurrió un error interno. Inténtalo de nuevo en unos minutos.")]
    Internal,
    /// The browser could not reach the server or read its answer.
    #[error("No se pudo comunicar con el servidor. Revisa tu conexión e inténtalo de nuevo.")]
    Network,
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid { field: field.to_string(), message: message.into() }
    }

    /// Logs the cause on the server and returns the variant that hides it from the user.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal
    }

    /// The field this error belongs to, for showing it next to that field in a form.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } if !field.is_empty() => Some(field),
            _ => None,
        }
    }

    /// The HTTP status a script calling `/api/…` sees for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 400,
            AppError::Conflict(_) | AppError::NeedsConfirmation(_) => 409,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal => 500,
            AppError::Network => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself was malformed: missing or undecodable arguments.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => malformed(),
            // On the server these can only be about the request it received (a body that is
            // not a form, bytes that are not text): the caller's mistake, not a network fault.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => malformed(),
            // In the browser: the server could not be reached, or its answer not read.
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => AppError::Network,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failure");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

fn malformed() -> AppError {
    AppError::invalid("", "La solicitud tiene datos incompletos o mal formados.")
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::internal(e)
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::migrate::MigrateError> for AppError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        AppError::internal(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_show_their_cause() {
        let err = AppError::from(sqlx::Error::Protocol("relation \"users\" does not exist".into()));
        assert_eq!(err, AppError::Internal);
        let shown = err.to_string();
        assert!(!shown.contains("users"), "{shown}");
        assert_eq!(shown, "Ocurrió un error interno. Inténtalo de nuevo en unos minutos.");
    }

    #[test]
    fn malformed_arguments_are_reported_as_bad_input_not_as_a_crash() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field `email`".into()));
        assert_eq!(err.status_code(), 400);
        assert!(!err.to_string().contains("email"));
        let err = AppError::from_server_fn_error(ServerFnErrorErr::ServerError("panic at db.rs".into()));
        assert_eq!(err, AppError::Internal);
    }

    #[test]
    fn each_error_has_the_status_a_script_expects() {
        assert_eq!(AppError::Unauthorized.status_code(), 401);
        assert_eq!(AppError::BadCredentials.status_code(), 401);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::invalid("email", "x").status_code(), 400);
        assert_eq!(AppError::TooManyAttempts { retry_after_secs: 60 }.status_code(), 429);
    }

    #[test]
    fn errors_survive_the_trip_to_the_browser() {
        let err = AppError::invalid("email", "Escribe un correo válido.");
        let bytes = err.ser();
        assert_eq!(AppError::de(bytes), err);
        assert_eq!(err.field(), Some("email"));
        assert_eq!(AppError::Internal.field(), None);
    }
}
