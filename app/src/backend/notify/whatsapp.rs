//! WhatsApp through an HTTP gateway. QRAPI is the one the spec names; the small
//! [`WhatsAppGateway`] trait is where another gateway would plug in.

use super::SendError;
use secrecy::{ExposeSecret, SecretString};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// Sends one text message to a number written as digits with its country code.
pub trait WhatsAppGateway: Send + Sync {
    fn send_text<'a>(&'a self, number: &'a str, message: &'a str) -> SendFuture<'a>;
}

/// QRAPI's "URL de Cliente" and "API Key".
#[derive(Debug, Clone)]
pub struct QrapiConfig {
    pub url: String,
    pub key: SecretString,
    pub accept_invalid_certs: bool,
}

/// "URL de Cliente": an http(s) URL with a host, stored without the trailing `/` (the spec
/// asks for it without one; a pasted one is removed rather than refused).
pub fn parse_client_url(input: &str) -> Result<String, String> {
    let trimmed = input.trim().trim_end_matches('/');
    let refuse = || "Escribe la URL de Cliente completa, por ejemplo https://cliente1.qrapi.com".to_string();
    let url = reqwest::Url::parse(trimmed).map_err(|_| refuse())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(refuse());
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err("La URL de Cliente no debe llevar usuario, parámetros ni fragmentos.".into());
    }
    Ok(trimmed.to_string())
}

/// Digits only, country code included: `+51 995 955 955` → `51995955955`.
pub fn gateway_number(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

pub struct Qrapi {
    client: reqwest::Client,
    endpoint: String,
    key: SecretString,
    timeout: Duration,
}

impl Qrapi {
    pub fn new(config: &QrapiConfig, timeout: Duration) -> Result<Qrapi, SendError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .danger_accept_invalid_certs(config.accept_invalid_certs)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| SendError::permanent(format!("No se pudo preparar el cliente HTTP: {e}")))?;
        Ok(Qrapi {
            client,
            endpoint: format!("{}/api/message/send-text", config.url.trim_end_matches('/')),
            key: config.key.clone(),
            timeout,
        })
    }

    async fn send(&self, number: &str, message: &str) -> Result<(), SendError> {
        let body = serde_json::json!({ "number": gateway_number(number), "message": message });
        let response = self
            .client
            .post(&self.endpoint)
            .bearer_auth(self.key.expose_secret())
            .json(&body)
            .send()
            .await
            .map_err(|e| self.explain(&e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let detail: String = response.text().await.unwrap_or_default().chars().take(200).collect();
        let detail = if detail.trim().is_empty() { String::new() } else { format!(": {}", detail.trim()) };
        Err(match status.as_u16() {
            401 | 403 => SendError::permanent(format!(
                "API Key inválida (QRAPI respondió {}). Copia de nuevo la API Key de tu número conectado en QRAPI.",
                status.as_u16()
            )),
            404 => SendError::permanent(format!(
                "QRAPI respondió 404 en {}: revisa la URL de Cliente.",
                self.endpoint
            )),
            408 | 429 => SendError::retry(format!("QRAPI pidió esperar ({}){detail}", status.as_u16())),
            400..=499 => SendError::permanent(format!("QRAPI rechazó el mensaje ({}){detail}. ¿Está conectado el número de WhatsApp?", status.as_u16())),
            _ => SendError::retry(format!("QRAPI respondió {}{detail}", status.as_u16())),
        })
    }

    fn explain(&self, e: &reqwest::Error) -> SendError {
        if e.is_timeout() {
            return SendError::retry(format!("QRAPI no respondió en {}.", super::email::seconds(self.timeout)));
        }
        let chain = error_chain(e);
        if chain.contains("certificate") || chain.contains("Certificate") {
            return SendError::permanent(format!(
                "El certificado TLS de {} no es válido ({chain}). Si tu pasarela usa un certificado propio, activa «Aceptar certificado autofirmado».",
                self.endpoint
            ));
        }
        if e.is_connect() {
            return SendError::retry(format!("No se pudo conectar con {}: {chain}", self.endpoint));
        }
        SendError::retry(format!("Falló el envío a QRAPI: {chain}"))
    }
}

impl WhatsAppGateway for Qrapi {
    fn send_text<'a>(&'a self, number: &'a str, message: &'a str) -> SendFuture<'a> {
        Box::pin(self.send(number, message))
    }
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut current = e.source();
    while let Some(err) = current {
        let text = err.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = err.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_client_url_loses_its_trailing_slash_and_must_be_http() {
        assert_eq!(parse_client_url(" https://cliente1.qrapi.com/ ").unwrap(), "https://cliente1.qrapi.com");
        assert_eq!(parse_client_url("http://127.0.0.1:8080//").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(parse_client_url("https://gw.example.pe/qrapi").unwrap(), "https://gw.example.pe/qrapi");
        for bad in ["", "cliente1.qrapi.com", "ftp://cliente1.qrapi.com", "https://", "https://a.pe/?x=1", "https://u:p@a.pe"] {
            assert!(parse_client_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_are_sent_as_digits_with_the_country_code() {
        assert_eq!(gateway_number("+51995955955"), "51995955955");
        assert_eq!(gateway_number("+51 995-955-955"), "51995955955");
    }

    proptest! {
        #[test]
        fn url_parsing_never_panics(input in ".{0,200}") {
            if let Ok(url) = parse_client_url(&input) {
                prop_assert!(!url.ends_with('/'));
                prop_assert!(url.starts_with("http://") || url.starts_with("https://"));
            }
        }
    }
}
