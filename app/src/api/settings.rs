//! "Configuración": notifications, the message template, SMTP and WhatsApp (QRAPI). Secrets
//! come in (write-only) and never go out: the views say only whether one is stored.

use crate::model::{NotificationSettingsView, TemplateValues};
use crate::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::guard::authorised;
#[cfg(feature = "ssr")]
use crate::backend::{audit, settings};

#[server(endpoint = "settings/notifications")]
pub async fn get_notification_settings() -> Result<NotificationSettingsView, AppError> {
    let (state, _) = authorised().await?;
    Ok(settings::notifications(&state.db).await?.view())
}

/// "Habilitar notificaciones", the template and the e-mail subject.
#[server(endpoint = "settings/template")]
pub async fn save_template(enabled: Option<String>, template: String, subject: String) -> Result<(), AppError> {
    use crate::model::Template;
    let (state, user) = authorised().await?;
    let template = Template::parse(&template).map_err(|m| AppError::invalid("template", m))?;
    let subject = Template::parse_subject(&subject).map_err(|m| AppError::invalid("subject", m))?;
    let enabled = checked(&enabled);
    settings::save_template(&state.db, enabled, &template, &subject).await?;
    let what = if enabled { "Notificaciones activadas; plantilla guardada" } else { "Notificaciones desactivadas; plantilla guardada" };
    log(&state, user.id, "settings.template", what).await
}

/// "Correo (SMTP)". An empty `password` keeps the stored one.
#[server(endpoint = "settings/smtp")]
pub async fn save_smtp(
    host: String,
    port: String,
    username: String,
    password: String,
    encryption: String,
    from_name: String,
    from_address: String,
) -> Result<(), AppError> {
    let (state, user) = authorised().await?;
    let smtp = settings::SmtpSettings::parse(&host, &port, &username, &encryption, &from_name, &from_address)?;
    let password = new_secret(password, "password")?;
    settings::save_smtp(&state.db, &state.cipher, &smtp, password.as_ref()).await?;
    let what = format!("Correo configurado: {}:{}{}", smtp.host, smtp.port, if password.is_some() { " (contraseña cambiada)" } else { "" });
    log(&state, user.id, "settings.smtp", &what).await
}

/// "WhatsApp (QRAPI)". An empty `api_key` keeps the stored one.
#[server(endpoint = "settings/whatsapp")]
pub async fn save_whatsapp(url: String, api_key: String, accept_invalid_certs: Option<String>) -> Result<(), AppError> {
    use crate::backend::notify::whatsapp::parse_client_url;
    let (state, user) = authorised().await?;
    let url = parse_client_url(&url).map_err(|m| AppError::invalid("url", m))?;
    let key = new_secret(api_key, "api_key")?;
    let current = settings::notifications(&state.db).await?.view();
    if key.is_none() && !current.whatsapp.key_set {
        return Err(AppError::invalid("api_key", "Pega la API Key de tu número conectado en QRAPI."));
    }
    let accept = checked(&accept_invalid_certs);
    settings::save_whatsapp(&state.db, &state.cipher, &url, accept, key.as_ref()).await?;
    let what = format!("WhatsApp configurado: {url}{}", if key.is_some() { " (API Key cambiada)" } else { "" });
    log(&state, user.id, "settings.whatsapp", &what).await
}

/// Forgets the SMTP password (`which = "smtp_password"`) or the QRAPI key (`"qrapi_key"`).
#[server(endpoint = "settings/clear-secret")]
pub async fn clear_secret(which: String) -> Result<(), AppError> {
    let (state, user) = authorised().await?;
    settings::clear_secret(&state.db, which.trim()).await?;
    log(&state, user.id, "settings.clear_secret", &format!("Secreto borrado: {}", which.trim())).await
}

/// Messages per minute and per day, per channel.
#[server(endpoint = "settings/limits")]
pub async fn save_limits(
    email_per_minute: String,
    email_per_day: String,
    whatsapp_per_minute: String,
    whatsapp_per_day: String,
) -> Result<(), AppError> {
    use crate::model::RateLimits;
    let (state, user) = authorised().await?;
    let limits = RateLimits::parse([&email_per_minute, &email_per_day, &whatsapp_per_minute, &whatsapp_per_day])
        .map_err(|(field, message)| AppError::invalid(field, message))?;
    settings::save_limits(&state.db, &limits).await?;
    log(&state, user.id, "settings.limits", "Límites de envío cambiados").await
}

/// "Enviar correo de prueba" with the saved settings; the error says what really failed.
#[server(endpoint = "settings/test-email")]
pub async fn send_test_email(to: String) -> Result<String, AppError> {
    use crate::backend::notify::dispatch::test_email;
    use crate::model::Email;
    let (state, _) = authorised().await?;
    let to = Email::parse(&to).map_err(|m| AppError::invalid("to", m))?;
    let smtp = settings::notifications(&state.db)
        .await?
        .smtp(&state.cipher)
        .map_err(AppError::Conflict)?
        .ok_or_else(|| AppError::Conflict("Guarda primero la configuración de correo (servidor, puerto y remitente).".into()))?;
    test_email(&smtp, to.as_str(), state.timeouts.smtp).await.map_err(|e| AppError::Conflict(e.message))?;
    Ok(format!("Correo de prueba enviado a {}.", to.as_str()))
}

/// "Enviar WhatsApp de prueba" with the saved settings.
#[server(endpoint = "settings/test-whatsapp")]
pub async fn send_test_whatsapp(number: String) -> Result<String, AppError> {
    use crate::backend::notify::dispatch::test_whatsapp;
    use crate::model::Phone;
    let (state, _) = authorised().await?;
    let number = Phone::parse(&number).map_err(|m| AppError::invalid("number", m))?;
    let qrapi = settings::notifications(&state.db)
        .await?
        .qrapi(&state.cipher)
        .map_err(AppError::Conflict)?
        .ok_or_else(|| AppError::Conflict("Guarda primero la URL de Cliente y la API Key de QRAPI.".into()))?;
    test_whatsapp(&qrapi, number.as_str(), state.timeouts.http).await.map_err(|e| AppError::Conflict(e.message))?;
    Ok(format!("WhatsApp de prueba enviado a {}.", number.as_str()))
}

/// What the template's variables become for a real client, for the live preview: its oldest
/// open order when it has one, else its plan and next due date.
#[server(endpoint = "settings/preview-values")]
pub async fn preview_values(client_id: i64) -> Result<TemplateValues, AppError> {
    let (state, _) = authorised().await?;
    crate::backend::notify::preview_values(&state.db, client_id).await
}

#[cfg(feature = "ssr")]
pub(crate) fn checked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty() && v != "false" && v != "off")
}

#[cfg(feature = "ssr")]
fn new_secret(value: String, field: &str) -> Result<Option<secrecy::SecretString>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > 500 || value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, "El valor es demasiado largo o tiene caracteres no válidos."));
    }
    Ok(Some(secrecy::SecretString::from(value.to_string())))
}

#[cfg(feature = "ssr")]
async fn log(state: &crate::backend::AppState, user_id: i64, action: &str, what: &str) -> Result<(), AppError> {
    let entry = audit::AuditEntry {
        at: state.clock.now(),
        user_id: Some(user_id),
        action: action.into(),
        entity: "settings".into(),
        entity_id: None,
        detail: what.into(),
    };
    audit::record(&state.db, &entry).await
}
