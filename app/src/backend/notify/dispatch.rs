//! The delivery worker's round: claim due notifications within the rate limit, send each
//! one, record the outcome. No transaction is held while a message is on the network: the
//! claim is a lease, committed before sending, and the outcome is written after.

use super::email::{self, Mailer};
use super::outbox::{self, Claimed, Outcome};
use super::whatsapp::{self, Qrapi, WhatsAppGateway};
use super::SendError;
use crate::backend::clock::Clock;
use crate::backend::db::Db;
use crate::backend::secrets::Cipher;
use crate::backend::settings::{self, NotificationSettings};
use crate::model::Channel;
use crate::AppError;
use chrono::Duration;
use std::sync::Arc;

/// Waits after each failed try: about 1 min, 5 min, 30 min and 2 h; the fifth failure is final.
pub fn backoff(failed_attempts: i64) -> Option<Duration> {
    match failed_attempts {
        ..=1 => Some(Duration::minutes(1)),
        2 => Some(Duration::minutes(5)),
        3 => Some(Duration::minutes(30)),
        4 => Some(Duration::hours(2)),
        _ => None,
    }
}

/// How long a network call may take; the lease outlives the slowest one.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub smtp: std::time::Duration,
    pub http: std::time::Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { smtp: email::DEFAULT_TIMEOUT, http: whatsapp::DEFAULT_TIMEOUT }
    }
}

#[derive(Clone)]
pub struct Dispatcher {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub cipher: Arc<Cipher>,
    pub timeouts: Timeouts,
    /// A claimed row not finished within this time is taken again by any worker. Renewed
    /// before each message goes out, so it covers one send, not a whole batch.
    pub lease: Duration,
    /// Most rows claimed per channel and round.
    pub batch: i64,
    /// Off only for benchmarks, which measure the worker and not the limit.
    pub rate_limited: bool,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
    /// Claims that another worker had taken over after this one's lease ran out.
    pub lost: usize,
    /// True when a channel claimed a full batch: more may be due at once.
    pub full: bool,
}

impl Round {
    fn add(self, other: Round) -> Round {
        Round {
            sent: self.sent + other.sent,
            retrying: self.retrying + other.retrying,
            failed: self.failed + other.failed,
            lost: self.lost + other.lost,
            full: self.full || other.full,
        }
    }
}

enum Sender {
    Email(Mailer),
    WhatsApp(Box<dyn WhatsAppGateway>),
}

impl Sender {
    async fn send(&self, row: &Claimed) -> Result<(), SendError> {
        match self {
            Sender::Email(mailer) => mailer.send(&row.recipient, row.subject.as_deref().unwrap_or("Recordatorio de pago"), &row.body, row.body_html.as_deref()).await,
            Sender::WhatsApp(gateway) => gateway.send_text(&row.recipient, &row.body).await,
        }
    }
}

impl Dispatcher {
    pub fn new(db: Db, clock: Arc<dyn Clock>, cipher: Arc<Cipher>) -> Dispatcher {
        Dispatcher {
            db,
            clock,
            cipher,
            timeouts: Timeouts::default(),
            // Three times the slowest send (20 s): after a crash, its rows wait this long.
            lease: Duration::minutes(1),
            batch: 50,
            rate_limited: true,
        }
    }

    /// One round over both channels, concurrently.
    pub async fn run_once(&self) -> Result<Round, AppError> {
        let settings = settings::notifications(&self.db).await?;
        let (email, whatsapp) =
            tokio::join!(self.channel_round(Channel::Email, &settings), self.channel_round(Channel::WhatsApp, &settings));
        Ok(email?.add(whatsapp?))
    }

    async fn budget(&self, channel: Channel, settings: &NotificationSettings) -> Result<i64, AppError> {
        if !self.rate_limited {
            return Ok(self.batch);
        }
        let now = self.clock.now();
        let (per_minute, per_day) = settings.limits.for_channel(channel);
        let last_minute = outbox::sent_since(&self.db, channel, now - Duration::minutes(1), now).await?;
        let last_day = outbox::sent_since(&self.db, channel, now - Duration::days(1), now).await?;
        Ok((i64::from(per_minute) - last_minute).min(i64::from(per_day) - last_day).min(self.batch))
    }

    fn sender(&self, channel: Channel, settings: &NotificationSettings) -> Result<Sender, SendError> {
        match channel {
            Channel::Email => match settings.smtp(&self.cipher).map_err(SendError::retry)? {
                Some(config) => Ok(Sender::Email(Mailer::new(&config, self.timeouts.smtp)?)),
                None => Err(SendError::retry("El correo (SMTP) no está configurado en Configuración.")),
            },
            Channel::WhatsApp => match settings.qrapi(&self.cipher).map_err(SendError::retry)? {
                Some(config) => Ok(Sender::WhatsApp(Box::new(Qrapi::new(&config, self.timeouts.http)?))),
                None => Err(SendError::retry("WhatsApp (QRAPI) no está configurado en Configuración.")),
            },
        }
    }

    async fn channel_round(&self, channel: Channel, settings: &NotificationSettings) -> Result<Round, AppError> {
        let budget = self.budget(channel, settings).await?;
        if budget <= 0 {
            return Ok(Round::default());
        }
        let claimed = outbox::claim(&self.db, channel, self.clock.now(), self.lease, budget).await?;
        let mut round = Round { full: claimed.len() as i64 == self.batch, ..Round::default() };
        if claimed.is_empty() {
            return Ok(round);
        }
        let sender = self.sender(channel, settings);
        for row in claimed {
            if !outbox::renew(&self.db, row.id, row.attempts, self.clock.now() + self.lease).await? {
                tracing::warn!(notification = row.id, "lease lost before sending; another worker has it");
                round.lost += 1;
                continue;
            }
            let result = match &sender {
                Ok(sender) => sender.send(&row).await,
                Err(e) => Err(e.clone()),
            };
            let now = self.clock.now();
            let outcome = match result {
                Ok(()) => Outcome::Sent,
                Err(e) => match (e.retry, backoff(row.attempts)) {
                    (true, Some(wait)) => Outcome::RetryAt(now + wait, e.message),
                    _ => Outcome::Failed(e.message),
                },
            };
            if !outbox::finish(&self.db, row.id, row.attempts, &outcome, now).await? {
                tracing::warn!(notification = row.id, "lease lost before the outcome was recorded");
                round.lost += 1;
                continue;
            }
            match outcome {
                Outcome::Sent => round.sent += 1,
                Outcome::RetryAt(..) => round.retrying += 1,
                Outcome::Failed(ref error) => {
                    tracing::warn!(notification = row.id, channel = channel.as_db(), %error, "notification failed for good");
                    round.failed += 1
                }
            }
        }
        Ok(round)
    }
}

/// "Enviar correo de prueba": one message, now, reporting the real failure.
pub async fn test_email(config: &email::SmtpConfig, to: &str, timeout: std::time::Duration) -> Result<(), SendError> {
    let mailer = Mailer::new(config, timeout)?;
    let text = "Este es un correo de prueba de Pagos.\nSi lo recibes, la configuración de *correo* funciona: los recordatorios llegarán así.";
    mailer.send(to, "Correo de prueba de Pagos", text, None).await
}

/// "Enviar WhatsApp de prueba".
pub async fn test_whatsapp(config: &whatsapp::QrapiConfig, number: &str, timeout: std::time::Duration) -> Result<(), SendError> {
    let gateway = Qrapi::new(config, timeout)?;
    gateway.send_text(number, "Mensaje de prueba de *Pagos*: la configuración de WhatsApp funciona.").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_waits_longer_each_time_then_gives_up() {
        let waits: Vec<_> = (1..=5).map(backoff).collect();
        assert_eq!(
            waits,
            vec![
                Some(Duration::minutes(1)),
                Some(Duration::minutes(5)),
                Some(Duration::minutes(30)),
                Some(Duration::hours(2)),
                None
            ]
        );
    }
}
