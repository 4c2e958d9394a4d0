//! Notifications as the browser sees them: channels, delivery states and the settings views.
//! The settings views carry no secret, only whether one is stored.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Channel {
    Email,
    WhatsApp,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::WhatsApp];

    pub fn as_db(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::WhatsApp => "whatsapp",
        }
    }

    pub fn from_db(value: &str) -> Option<Channel> {
        match value {
            "email" => Some(Channel::Email),
            "whatsapp" => Some(Channel::WhatsApp),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "Correo",
            Channel::WhatsApp => "WhatsApp",
        }
    }
}

/// Where one notification is in its delivery. "Reintentando" is a queued notification that
/// has already failed at least once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryState {
    Queued,
    Retrying,
    Sending,
    Sent,
    Failed,
}

impl DeliveryState {
    pub fn from_db(status: &str, attempts: i64) -> Option<DeliveryState> {
        match status {
            "queued" if attempts > 0 => Some(DeliveryState::Retrying),
            "queued" => Some(DeliveryState::Queued),
            "sending" => Some(DeliveryState::Sending),
            "sent" => Some(DeliveryState::Sent),
            "failed" => Some(DeliveryState::Failed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DeliveryState::Queued => "en cola",
            DeliveryState::Retrying => "reintentando",
            DeliveryState::Sending => "enviando",
            DeliveryState::Sent => "enviado",
            DeliveryState::Failed => "fallido",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            DeliveryState::Queued | DeliveryState::Sending => "delivery queued",
            DeliveryState::Retrying => "delivery retrying",
            DeliveryState::Sent => "delivery sent",
            DeliveryState::Failed => "delivery failed",
        }
    }
}

/// One channel of one order, for the "Notificaciones" column: the latest notification's state
/// and how many were delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSummary {
    pub channel: Channel,
    pub state: DeliveryState,
    pub sent: i64,
    pub last_error: Option<String>,
}

/// One notification and every try at delivering it, for the order's detail page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub channel: Channel,
    pub automatic: bool,
    pub recipient: String,
    pub state: DeliveryState,
    pub created_local: String,
    pub attempts: Vec<AttemptView>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub local_time: String,
    pub outcome: DeliveryState,
    pub error: Option<String>,
}

/// What "Notificar" and "Crear y Notificar Orden" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyOutcome {
    pub queued: Vec<Channel>,
    pub message: String,
}

/// SMTP security, with the labels the settings page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SmtpEncryption {
    /// STARTTLS on a plain connection (port 587): the spec's "TLS".
    StartTls,
    /// TLS from the first byte (port 465): "SSL".
    Tls,
    None,
}

impl SmtpEncryption {
    pub const ALL: [SmtpEncryption; 3] = [SmtpEncryption::StartTls, SmtpEncryption::Tls, SmtpEncryption::None];

    pub fn as_db(self) -> &'static str {
        match self {
            SmtpEncryption::StartTls => "starttls",
            SmtpEncryption::Tls => "tls",
            SmtpEncryption::None => "none",
        }
    }

    pub fn from_db(value: &str) -> Option<SmtpEncryption> {
        SmtpEncryption::ALL.into_iter().find(|e| e.as_db() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            SmtpEncryption::StartTls => "TLS (STARTTLS, puerto 587)",
            SmtpEncryption::Tls => "SSL (puerto 465)",
            SmtpEncryption::None => "Ninguna",
        }
    }
}

/// The notification settings as the browser sees them: no password, no key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettingsView {
    pub enabled: bool,
    pub template: String,
    pub subject: String,
    pub smtp: SmtpView,
    pub whatsapp: WhatsAppView,
    pub limits: RateLimits,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpView {
    pub host: String,
    pub port: Option<u16>,
    pub username: String,
    pub password_set: bool,
    pub encryption: SmtpEncryption,
    pub from_name: String,
    pub from_address: String,
}

impl SmtpView {
    /// Enough to send: a host, a port and a sender address.
    pub fn is_configured(&self) -> bool {
        !self.host.is_empty() && self.port.is_some() && !self.from_address.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatsAppView {
    pub url: String,
    pub key_set: bool,
    pub accept_invalid_certs: bool,
}

impl WhatsAppView {
    pub fn is_configured(&self) -> bool {
        !self.url.is_empty() && self.key_set
    }
}

/// Outbound messages allowed per channel, per minute and per rolling day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimits {
    pub email_per_minute: u32,
    pub email_per_day: u32,
    pub whatsapp_per_minute: u32,
    pub whatsapp_per_day: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits { email_per_minute: 20, email_per_day: 400, whatsapp_per_minute: 10, whatsapp_per_day: 500 }
    }
}

impl RateLimits {
    pub fn for_channel(&self, channel: Channel) -> (u32, u32) {
        match channel {
            Channel::Email => (self.email_per_minute, self.email_per_day),
            Channel::WhatsApp => (self.whatsapp_per_minute, self.whatsapp_per_day),
        }
    }

    /// Every limit between 1 and 100 000.
    pub fn parse(values: [&str; 4]) -> Result<RateLimits, (&'static str, String)> {
        let fields = ["email_per_minute", "email_per_day", "whatsapp_per_minute", "whatsapp_per_day"];
        let mut parsed = [0u32; 4];
        for (i, value) in values.iter().enumerate() {
            parsed[i] = value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| (fields[i], "Escribe un número entero entre 1 y 100000.".to_string()))?;
        }
        let limits = RateLimits {
            email_per_minute: parsed[0],
            email_per_day: parsed[1],
            whatsapp_per_minute: parsed[2],
            whatsapp_per_day: parsed[3],
        };
        if limits.email_per_minute > limits.email_per_day {
            return Err(("email_per_minute", "El límite por minuto no puede superar el límite diario.".into()));
        }
        if limits.whatsapp_per_minute > limits.whatsapp_per_day {
            return Err(("whatsapp_per_minute", "El límite por minuto no puede superar el límite diario.".into()));
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_queued_notification_that_failed_before_is_retrying() {
        assert_eq!(DeliveryState::from_db("queued", 0), Some(DeliveryState::Queued));
        assert_eq!(DeliveryState::from_db("queued", 2), Some(DeliveryState::Retrying));
        assert_eq!(DeliveryState::from_db("sent", 1).unwrap().label(), "enviado");
        assert_eq!(DeliveryState::from_db("failed", 5).unwrap().label(), "fallido");
        assert_eq!(DeliveryState::from_db("lost", 0), None);
    }

    #[test]
    fn rate_limits_are_positive_and_consistent() {
        assert_eq!(RateLimits::parse(["20", "400", "10", "500"]).unwrap(), RateLimits::default());
        assert_eq!(RateLimits::parse(["0", "400", "10", "500"]).unwrap_err().0, "email_per_minute");
        assert_eq!(RateLimits::parse(["20", "x", "10", "500"]).unwrap_err().0, "email_per_day");
        assert_eq!(RateLimits::parse(["20", "400", "600", "500"]).unwrap_err().0, "whatsapp_per_minute");
    }

    proptest! {
        #[test]
        fn limits_parse_or_name_the_field_whatever_is_typed(values in proptest::array::uniform4("\\PC{0,12}")) {
            match RateLimits::parse([&values[0], &values[1], &values[2], &values[3]]) {
                Ok(limits) => {
                    prop_assert!(limits.email_per_minute <= limits.email_per_day);
                    prop_assert!(limits.whatsapp_per_minute <= limits.whatsapp_per_day);
                }
                Err((field, message)) => prop_assert!((field.ends_with("_minute") || field.ends_with("_day")) && !message.is_empty()),
            }
        }
    }
}
