//! Every query on `settings`: the one row of installation-wide settings.

use super::clock::Clock;
use super::db::Db;
use super::notify::email::SmtpConfig;
use super::notify::whatsapp::QrapiConfig;
use super::secrets::Cipher;
use crate::model::{NotificationSettingsView, RateLimits, SmtpEncryption, SmtpView, Template, WhatsAppView};
use crate::{on_db, AppError};
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use secrecy::SecretString;

pub const DEFAULT_TIMEZONE: Tz = chrono_tz::America::Lima;

/// The business time zone: where "today" is decided for due dates and "Vencido".
pub async fn timezone(db: &Db) -> Result<Tz, AppError> {
    let name: Option<String> =
        on_db!(db, pool => sqlx::query_scalar("SELECT timezone FROM settings WHERE id = 1").fetch_optional(pool).await?);
    Ok(name.and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_TIMEZONE))
}

/// Today's date in the business time zone.
pub async fn today(db: &Db, clock: &dyn Clock) -> Result<NaiveDate, AppError> {
    Ok(today_in(clock, timezone(db).await?))
}

pub fn today_in(clock: &dyn Clock, tz: Tz) -> NaiveDate {
    clock.now().with_timezone(&tz).date_naive()
}

/// The notification columns of the settings row, secrets still encrypted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    notifications_enabled: bool,
    template: Option<String>,
    email_subject: Option<String>,
    smtp_host: Option<String>,
    smtp_port: Option<i64>,
    smtp_username: Option<String>,
    smtp_password_enc: Option<String>,
    smtp_encryption: String,
    smtp_from_name: Option<String>,
    smtp_from_address: Option<String>,
    qrapi_url: Option<String>,
    qrapi_key_enc: Option<String>,
    qrapi_accept_invalid_certs: bool,
    email_per_minute: i64,
    email_per_day: i64,
    whatsapp_per_minute: i64,
    whatsapp_per_day: i64,
}

pub const SMTP_PASSWORD: &str = "smtp_password";
pub const QRAPI_KEY: &str = "qrapi_key";

/// Everything the notifications need, read once per use so a change applies at once.
#[derive(Debug, Clone)]
pub struct NotificationSettings {
    pub enabled: bool,
    pub template: Template,
    pub subject: Template,
    pub limits: RateLimits,
    row: NotificationRow,
}

impl NotificationSettings {
    /// The page's view: whether each secret is set, never the secret.
    pub fn view(&self) -> NotificationSettingsView {
        let row = &self.row;
        NotificationSettingsView {
            enabled: self.enabled,
            template: self.template.as_str().to_string(),
            subject: self.subject.as_str().to_string(),
            smtp: SmtpView {
                host: row.smtp_host.clone().unwrap_or_default(),
                port: row.smtp_port.and_then(|p| u16::try_from(p).ok()),
                username: row.smtp_username.clone().unwrap_or_default(),
                password_set: row.smtp_password_enc.is_some(),
                encryption: SmtpEncryption::from_db(&row.smtp_encryption).unwrap_or(SmtpEncryption::StartTls),
                from_name: row.smtp_from_name.clone().unwrap_or_default(),
                from_address: row.smtp_from_address.clone().unwrap_or_default(),
            },
            whatsapp: WhatsAppView {
                url: row.qrapi_url.clone().unwrap_or_default(),
                key_set: row.qrapi_key_enc.is_some(),
                accept_invalid_certs: row.qrapi_accept_invalid_certs,
            },
            limits: self.limits,
        }
    }

    /// The SMTP server to send through, when one is configured. A password that no longer
    /// decrypts (the key changed) is an error the user can fix by typing it again.
    pub fn smtp(&self, cipher: &Cipher) -> Result<Option<SmtpConfig>, String> {
        let row = &self.row;
        let (Some(host), Some(port), Some(from_address)) = (&row.smtp_host, row.smtp_port, &row.smtp_from_address) else {
            return Ok(None);
        };
        let password = match &row.smtp_password_enc {
            Some(stored) => Some(cipher.decrypt(stored, SMTP_PASSWORD).map_err(|_| {
                "La contraseña de correo guardada no se puede leer con la clave actual del servidor: vuelve a escribirla en Configuración.".to_string()
            })?),
            None => None,
        };
        Ok(Some(SmtpConfig {
            host: host.clone(),
            port: u16::try_from(port).unwrap_or(587),
            username: row.smtp_username.clone().unwrap_or_default(),
            password,
            encryption: SmtpEncryption::from_db(&row.smtp_encryption).unwrap_or(SmtpEncryption::StartTls),
            from_name: row.smtp_from_name.clone().unwrap_or_default(),
            from_address: from_address.clone(),
        }))
    }

    /// The WhatsApp gateway, when a URL and a key are stored.
    pub fn qrapi(&self, cipher: &Cipher) -> Result<Option<QrapiConfig>, String> {
        let row = &self.row;
        let (Some(url), Some(stored)) = (&row.qrapi_url, &row.qrapi_key_enc) else {
            return Ok(None);
        };
        let key = cipher.decrypt(stored, QRAPI_KEY).map_err(|_| {
            "La API Key de QRAPI guardada no se puede leer con la clave actual del servidor: vuelve a escribirla en Configuración.".to_string()
        })?;
        Ok(Some(QrapiConfig { url: url.clone(), key, accept_invalid_certs: row.qrapi_accept_invalid_certs }))
    }

    pub fn smtp_configured(&self) -> bool {
        self.row.smtp_host.is_some() && self.row.smtp_port.is_some() && self.row.smtp_from_address.is_some()
    }

    pub fn whatsapp_configured(&self) -> bool {
        self.row.qrapi_url.is_some() && self.row.qrapi_key_enc.is_some()
    }
}

pub async fn notifications(db: &Db) -> Result<NotificationSettings, AppError> {
    let sql = "SELECT notifications_enabled, template, email_subject, smtp_host, smtp_port, smtp_username, \
               smtp_password_enc, smtp_encryption, smtp_from_name, smtp_from_address, qrapi_url, qrapi_key_enc, \
               qrapi_accept_invalid_certs, email_per_minute, email_per_day, whatsapp_per_minute, whatsapp_per_day \
               FROM settings WHERE id = 1";
    let row: NotificationRow = on_db!(db, pool => sqlx::query_as(sql).fetch_one(pool).await?);
    // A stored template was valid when saved; if the rules ever tighten, fall back to the
    // default instead of failing every send.
    let template = row.template.as_deref().and_then(|t| Template::parse(t).ok()).unwrap_or_else(Template::default_body);
    let subject =
        row.email_subject.as_deref().and_then(|t| Template::parse_subject(t).ok()).unwrap_or_else(Template::default_subject);
    let limit = |v: i64| u32::try_from(v).unwrap_or(1).max(1);
    let limits = RateLimits {
        email_per_minute: limit(row.email_per_minute),
        email_per_day: limit(row.email_per_day),
        whatsapp_per_minute: limit(row.whatsapp_per_minute),
        whatsapp_per_day: limit(row.whatsapp_per_day),
    };
    Ok(NotificationSettings { enabled: row.notifications_enabled, template, subject, limits, row })
}

pub async fn save_template(db: &Db, enabled: bool, template: &Template, subject: &Template) -> Result<(), AppError> {
    let sql = "UPDATE settings SET notifications_enabled = $1, template = $2, email_subject = $3 WHERE id = 1";
    on_db!(db, pool => sqlx::query(sql).bind(enabled).bind(template.as_str()).bind(subject.as_str()).execute(pool).await?.rows_affected());
    Ok(())
}

/// SMTP settings as typed; `password` is `None` to keep the stored one.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: String,
    pub encryption: SmtpEncryption,
    pub from_name: String,
    pub from_address: String,
}

impl SmtpSettings {
    /// The SMTP form as typed. The sender address defaults to the username when that is an
    /// e-mail address (as with Gmail).
    pub fn parse(
        host: &str,
        port: &str,
        username: &str,
        encryption: &str,
        from_name: &str,
        from_address: &str,
    ) -> Result<SmtpSettings, AppError> {
        let host = host.trim();
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            return Err(AppError::invalid("host", "Escribe la dirección del servidor de correo, por ejemplo smtp.gmail.com"));
        }
        let port = port
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| AppError::invalid("port", "El puerto es un número entre 1 y 65535 (Gmail: 587)."))?;
        let username = username.trim();
        if username.chars().count() > 254 || username.chars().any(char::is_control) {
            return Err(AppError::invalid("username", "El usuario puede tener como máximo 254 caracteres."));
        }
        let encryption = SmtpEncryption::from_db(encryption.trim())
            .ok_or_else(|| AppError::invalid("encryption", "Elige la encriptación: TLS, SSL o Ninguna."))?;
        let from_name = from_name.trim();
        if from_name.chars().count() > 100 || from_name.chars().any(char::is_control) || from_name.contains(['<', '>', '"']) {
            return Err(AppError::invalid("from_name", "El nombre del remitente puede tener hasta 100 caracteres, sin < > ni comillas."));
        }
        let from_address = match from_address.trim() {
            "" => crate::model::Email::parse(username).map_err(|_| {
                AppError::invalid("from_address", "Escribe el correo del remitente (o usa un correo como usuario).")
            })?,
            typed => crate::model::Email::parse(typed).map_err(|m| AppError::invalid("from_address", m))?,
        };
        Ok(SmtpSettings {
            host: host.to_string(),
            port,
            username: username.to_string(),
            encryption,
            from_name: from_name.to_string(),
            from_address: from_address.as_str().to_string(),
        })
    }
}

pub async fn save_smtp(db: &Db, cipher: &Cipher, smtp: &SmtpSettings, password: Option<&SecretString>) -> Result<(), AppError> {
    let sql = "UPDATE settings SET smtp_host = $1, smtp_port = $2, smtp_username = $3, smtp_encryption = $4, \
               smtp_from_name = $5, smtp_from_address = $6 WHERE id = 1";
    on_db!(db, pool => sqlx::query(sql)
        .bind(&smtp.host)
        .bind(i64::from(smtp.port))
        .bind(&smtp.username)
        .bind(smtp.encryption.as_db())
        .bind(&smtp.from_name)
        .bind(&smtp.from_address)
        .execute(pool)
        .await?
        .rows_affected());
    if let Some(password) = password {
        store_secret(db, "smtp_password_enc", Some(cipher.encrypt(password, SMTP_PASSWORD))).await?;
    }
    Ok(())
}

pub async fn save_whatsapp(
    db: &Db,
    cipher: &Cipher,
    url: &str,
    accept_invalid_certs: bool,
    key: Option<&SecretString>,
) -> Result<(), AppError> {
    let sql = "UPDATE settings SET qrapi_url = $1, qrapi_accept_invalid_certs = $2 WHERE id = 1";
    on_db!(db, pool => sqlx::query(sql).bind(url).bind(accept_invalid_certs).execute(pool).await?.rows_affected());
    if let Some(key) = key {
        store_secret(db, "qrapi_key_enc", Some(cipher.encrypt(key, QRAPI_KEY))).await?;
    }
    Ok(())
}

/// Forgets a stored secret ("Quitar").
pub async fn clear_secret(db: &Db, which: &str) -> Result<(), AppError> {
    match which {
        SMTP_PASSWORD => store_secret(db, "smtp_password_enc", None).await,
        QRAPI_KEY => store_secret(db, "qrapi_key_enc", None).await,
        _ => Err(AppError::NotFound),
    }
}

async fn store_secret(db: &Db, column: &'static str, value: Option<String>) -> Result<(), AppError> {
    let sql = format!("UPDATE settings SET {column} = $1 WHERE id = 1");
    on_db!(db, pool => sqlx::query(&sql).bind(value).execute(pool).await?.rows_affected());
    Ok(())
}

pub async fn save_limits(db: &Db, limits: &RateLimits) -> Result<(), AppError> {
    let sql = "UPDATE settings SET email_per_minute = $1, email_per_day = $2, whatsapp_per_minute = $3, \
               whatsapp_per_day = $4 WHERE id = 1";
    on_db!(db, pool => sqlx::query(sql)
        .bind(i64::from(limits.email_per_minute))
        .bind(i64::from(limits.email_per_day))
        .bind(i64::from(limits.whatsapp_per_minute))
        .bind(i64::from(limits.whatsapp_per_day))
        .execute(pool)
        .await?
        .rows_affected());
    Ok(())
}

/// "Configuración de tareas automáticas".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Automation {
    pub cron_enabled: bool,
    pub days_before: u32,
    pub generation_time: NaiveTime,
    pub timezone: Tz,
    pub remind_on_due_date: bool,
    pub remind_days_after: Option<u32>,
    pub notifications_enabled: bool,
}

impl Automation {
    pub fn view(&self) -> crate::model::AutomationView {
        crate::model::AutomationView {
            cron_enabled: self.cron_enabled,
            days_before: self.days_before,
            generation_time: self.generation_time,
            timezone: self.timezone.name().to_string(),
            remind_on_due_date: self.remind_on_due_date,
            remind_days_after: self.remind_days_after,
            notifications_enabled: self.notifications_enabled,
        }
    }
}

pub async fn automation(db: &Db) -> Result<Automation, AppError> {
    let sql = "SELECT cron_enabled, days_before, generation_time, timezone, remind_on_due_date, remind_days_after, \
               notifications_enabled FROM settings WHERE id = 1";
    let (cron_enabled, days_before, time, tz, on_due, after, notifications): (bool, i64, String, String, bool, Option<i64>, bool) =
        on_db!(db, pool => sqlx::query_as(sql).fetch_one(pool).await?);
    Ok(Automation {
        cron_enabled,
        days_before: u32::try_from(days_before).unwrap_or(crate::model::DEFAULT_DAYS_BEFORE),
        generation_time: NaiveTime::parse_from_str(&time, "%H:%M:%S").unwrap_or(NaiveTime::from_hms_opt(9, 0, 0).expect("09:00")),
        timezone: tz.parse().unwrap_or(DEFAULT_TIMEZONE),
        remind_on_due_date: on_due,
        remind_days_after: after.and_then(|d| u32::try_from(d).ok()),
        notifications_enabled: notifications,
    })
}

/// Saves everything but `notifications_enabled`, which the notifications section owns.
pub async fn save_automation(db: &Db, automation: &Automation) -> Result<(), AppError> {
    let sql = "UPDATE settings SET cron_enabled = $1, days_before = $2, generation_time = $3, timezone = $4, \
               remind_on_due_date = $5, remind_days_after = $6 WHERE id = 1";
    on_db!(db, pool => sqlx::query(sql)
        .bind(automation.cron_enabled)
        .bind(i64::from(automation.days_before))
        .bind(automation.generation_time.format("%H:%M:%S").to_string())
        .bind(automation.timezone.name())
        .bind(automation.remind_on_due_date)
        .bind(automation.remind_days_after.map(i64::from))
        .execute(pool)
        .await?
        .rows_affected());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smtp_form_is_parsed_with_spanish_errors() {
        let gmail = SmtpSettings::parse("smtp.gmail.com", "587", "ana@gmail.com", "starttls", "Mi Empresa", "").unwrap();
        assert_eq!(gmail.from_address, "ana@gmail.com");
        assert_eq!(gmail.port, 587);
        let field = |r: Result<SmtpSettings, AppError>| r.unwrap_err().field().map(str::to_string);
        assert_eq!(field(SmtpSettings::parse("", "587", "a@b.pe", "starttls", "", "")), Some("host".into()));
        assert_eq!(field(SmtpSettings::parse("smtp gmail", "587", "a@b.pe", "starttls", "", "")), Some("host".into()));
        assert_eq!(field(SmtpSettings::parse("smtp.b.pe", "70000", "a@b.pe", "starttls", "", "")), Some("port".into()));
        assert_eq!(field(SmtpSettings::parse("smtp.b.pe", "587", "a@b.pe", "ssl3", "", "")), Some("encryption".into()));
        assert_eq!(field(SmtpSettings::parse("smtp.b.pe", "587", "usuario", "none", "", "")), Some("from_address".into()));
        assert_eq!(field(SmtpSettings::parse("smtp.b.pe", "587", "u", "none", "<x>", "a@b.pe")), Some("from_name".into()));
    }
    use crate::backend::FixedClock;

    #[test]
    fn the_day_changes_at_midnight_in_lima_not_in_utc() {
        // 04:59 UTC is 23:59 of the previous day in Lima (UTC-5, no daylight saving).
        let clock = FixedClock::at("2026-12-04T04:59:00Z".parse().unwrap());
        assert_eq!(today_in(&clock, DEFAULT_TIMEZONE), NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        clock.advance(chrono::Duration::minutes(1));
        assert_eq!(today_in(&clock, DEFAULT_TIMEZONE), NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    }
}
