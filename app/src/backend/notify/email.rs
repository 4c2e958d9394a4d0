//! E-mail over SMTP with lettre: a multipart message (plain text and HTML) and every failure
//! told in Spanish, saying whether trying again later can help.

use super::SendError;
use crate::model::{to_html, SmtpEncryption};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// An SMTP server and its sender, with the password already decrypted.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub username: String,
    pub password: Option<SecretString>,
    pub encryption: SmtpEncryption,
    pub from_name: String,
    pub from_address: String,
}

/// One SMTP transport, reused for every message of a delivery round (lettre pools the
/// connection, so a batch does not log in once per message).
pub struct Mailer {
    transport: Mutex<Arc<AsyncSmtpTransport<Tokio1Executor>>>,
    config: SmtpConfig,
    from: Mailbox,
    timeout: Duration,
}

/// The transport for `config`: its TLS mode, its login, and `timeout` for connecting.
fn build_transport(config: &SmtpConfig, timeout: Duration) -> Result<AsyncSmtpTransport<Tokio1Executor>, SendError> {
    let tls = || {
        TlsParameters::new(config.host.clone())
            .map_err(|e| SendError::permanent(format!("No se pudo preparar la conexión segura con {}: {e}", config.host)))
    };
    let tls = match config.encryption {
        SmtpEncryption::StartTls => Tls::Required(tls()?),
        SmtpEncryption::Tls => Tls::Wrapper(tls()?),
        SmtpEncryption::None => Tls::None,
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.clone())
        .port(config.port)
        .tls(tls)
        .timeout(Some(timeout));
    if let (false, Some(password)) = (config.username.is_empty(), &config.password) {
        builder = builder.credentials(Credentials::new(config.username.clone(), password.expose_secret().to_string()));
    }
    Ok(builder.build())
}

impl Mailer {
    pub fn new(config: &SmtpConfig, timeout: Duration) -> Result<Mailer, SendError> {
        let address = config.from_address.parse().map_err(|_| {
            SendError::permanent(format!("La dirección del remitente «{}» no es un correo válido.", config.from_address))
        })?;
        let name = Some(config.from_name.trim().to_string()).filter(|n| !n.is_empty());
        Ok(Mailer {
            transport: Mutex::new(Arc::new(build_transport(config, timeout)?)),
            config: config.clone(),
            from: Mailbox::new(name, address),
            timeout,
        })
    }

    /// Sends `text` with `html` as its HTML part; without one, the HTML is made from the text.
    pub async fn send(&self, to: &str, subject: &str, text: &str, html: Option<&str>) -> Result<(), SendError> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| SendError::permanent(format!("«{to}» no es una dirección de correo válida.")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(text.to_string(), html.map_or_else(|| to_html(text), str::to_string)))
            .map_err(|e| SendError::permanent(format!("No se pudo armar el correo: {e}")))?;
        let transport = self.transport.lock().expect("transport lock").clone();
        // lettre bounds only the connect with its timeout; a server that accepts and then
        // stays silent must not hold the worker, so the whole exchange is bounded here.
        match tokio::time::timeout(self.timeout, transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(self.explain(&e)),
            Err(_) => {
                // The abandoned exchange leaves its connection mid-command, and lettre would
                // park it in the pool as if it were idle: the next message would wait on it
                // and time out too, or read the late answer meant for this one. A fresh
                // transport drops the old pool with that connection.
                if let Ok(fresh) = build_transport(&self.config, self.timeout) {
                    *self.transport.lock().expect("transport lock") = Arc::new(fresh);
                }
                Err(self.timed_out())
            }
        }
    }

    fn timed_out(&self) -> SendError {
        SendError::retry(format!(
            "El servidor de correo {}:{} no respondió a tiempo ({}).",
            self.config.host,
            self.config.port,
            seconds(self.timeout)
        ))
    }

    /// The real cause, in words a business owner can act on.
    fn explain(&self, e: &lettre::transport::smtp::Error) -> SendError {
        let server = format!("{}:{}", self.config.host, self.config.port);
        let code = e.status().map(|c| c.to_string());
        let io_kind = io_error_kind(e);
        if e.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut) {
            return self.timed_out();
        }
        if io_kind == Some(std::io::ErrorKind::ConnectionRefused) {
            return SendError::retry(format!(
                "No se pudo conectar con el servidor de correo {server}: conexión rechazada. Revisa la dirección y el puerto."
            ));
        }
        if matches!(code.as_deref(), Some("535" | "534" | "530")) {
            return SendError::permanent(format!(
                "El servidor de correo rechazó el usuario o la contraseña ({}). Con Gmail usa una contraseña de aplicación, no tu contraseña habitual.",
                code.unwrap_or_default()
            ));
        }
        if e.is_tls() || chain_mentions(e, &["tls", "certificate", "handshake", "InvalidContentType", "CorruptMessage"]) {
            return SendError::permanent(format!(
                "Falló la conexión segura (TLS) con {server}: {}. Revisa la encriptación: TLS (STARTTLS) suele ir con el puerto 587 y SSL con el 465.",
                root_cause(e)
            ));
        }
        if chain_mentions(e, &["STARTTLS"]) {
            return SendError::permanent(format!(
                "El servidor {server} no ofrece STARTTLS: elige otra encriptación o revisa el puerto."
            ));
        }
        if e.is_transient() {
            return SendError::retry(format!("El servidor de correo respondió temporalmente {}: {}", code.unwrap_or_default(), root_cause(e)));
        }
        if e.is_permanent() {
            return SendError::permanent(format!("El servidor de correo rechazó el mensaje ({}): {}", code.unwrap_or_default(), root_cause(e)));
        }
        if io_kind.is_some() {
            return SendError::retry(format!("No se pudo conectar con el servidor de correo {server}: {}", root_cause(e)));
        }
        SendError::retry(format!("No se pudo enviar el correo por {server}: {}", root_cause(e)))
    }
}

/// `20 s`, or `0.4 s` for the short timeouts tests use.
pub(crate) fn seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs.fract() == 0.0 { format!("{secs:.0} s") } else { format!("{secs:.1} s") }
}

fn io_error_kind(e: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        current = err.source();
    }
    None
}

fn chain_mentions(e: &(dyn std::error::Error + 'static), words: &[&str]) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        let text = err.to_string();
        if words.iter().any(|w| text.contains(w)) {
            return true;
        }
        current = err.source();
    }
    false
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut current: &(dyn std::error::Error + 'static) = e;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}
