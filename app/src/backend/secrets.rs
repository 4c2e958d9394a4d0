//! Encryption at rest for the secrets the business types into "Configuración" (the SMTP
//! password, the QRAPI key): ChaCha20-Poly1305 with a random nonce per value. The key comes
//! from `PAGOS_SECRET_KEY` or from a key file made (mode 0600) on first run, so a copy of the
//! database alone never reveals a secret.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use secrecy::{ExposeSecret, SecretString};
use std::path::Path;

const VERSION: &str = "v1:";
const NONCE_LEN: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the secret key must be 32 bytes written in base64 (for example the output of `openssl rand -base64 32`)")]
    BadKey,
    #[error("cannot read or create the key file {path}: {source}")]
    File { path: String, source: std::io::Error },
    #[error("the key file {path} must be readable by its owner only (chmod 600)")]
    Permissions { path: String },
}

/// Encrypts and decrypts stored secrets. `Debug` never shows the key.
#[derive(Clone)]
pub struct Cipher {
    aead: ChaCha20Poly1305,
}

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(..)")
    }
}

/// A stored secret could not be decrypted: the key changed or the value was altered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored secret cannot be decrypted with the current key")]
pub struct Undecryptable;

impl Cipher {
    /// A key written as base64 of 32 bytes.
    pub fn from_base64(key: &SecretString) -> Result<Cipher, KeyError> {
        let bytes = BASE64.decode(key.expose_secret().trim()).map_err(|_| KeyError::BadKey)?;
        if bytes.len() != 32 {
            return Err(KeyError::BadKey);
        }
        Ok(Cipher { aead: ChaCha20Poly1305::new(Key::from_slice(&bytes)) })
    }

    /// Reads the key file, creating it with a fresh random key (owner-only) when missing.
    pub fn from_key_file(path: &Path) -> Result<Cipher, KeyError> {
        let file_error = |source| KeyError::File { path: path.display().to_string(), source };
        if !path.exists() {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(file_error)?;
            }
            write_new_key_file(path).map_err(file_error)?;
            tracing::info!(path = %path.display(), "created a new key file for stored secrets");
        }
        check_owner_only(path)?;
        let text = std::fs::read_to_string(path).map_err(file_error)?;
        Cipher::from_base64(&SecretString::from(text))
    }

    /// A random key, for tests and for new key files.
    pub fn random() -> Cipher {
        Cipher { aead: ChaCha20Poly1305::new(&ChaCha20Poly1305::generate_key(&mut chacha20poly1305::aead::OsRng)) }
    }

    /// `purpose` (the column name) is bound to the ciphertext, so a value copied into another
    /// column does not decrypt.
    pub fn encrypt(&self, plaintext: &SecretString, purpose: &str) -> String {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut chacha20poly1305::aead::OsRng);
        let sealed = self
            .aead
            .encrypt(&nonce, Payload { msg: plaintext.expose_secret().as_bytes(), aad: purpose.as_bytes() })
            .expect("ChaCha20-Poly1305 encryption does not fail for short values");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{VERSION}{}", BASE64.encode(bytes))
    }

    pub fn decrypt(&self, stored: &str, purpose: &str) -> Result<SecretString, Undecryptable> {
        let encoded = stored.strip_prefix(VERSION).ok_or(Undecryptable)?;
        let bytes = BASE64.decode(encoded).map_err(|_| Undecryptable)?;
        if bytes.len() <= NONCE_LEN {
            return Err(Undecryptable);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = self
            .aead
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: purpose.as_bytes() })
            .map_err(|_| Undecryptable)?;
        String::from_utf8(plain).map(SecretString::from).map_err(|_| Undecryptable)
    }
}

fn write_new_key_file(path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let key = ChaCha20Poly1305::generate_key(&mut chacha20poly1305::aead::OsRng);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    writeln!(file, "{}", BASE64.encode(key))?;
    file.sync_all()
}

#[cfg(unix)]
fn check_owner_only(path: &Path) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|source| KeyError::File { path: path.display().to_string(), source })?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(KeyError::Permissions { path: path.display().to_string() });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner_only(_: &Path) -> Result<(), KeyError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    #[test]
    fn a_secret_round_trips_and_never_appears_in_clear() {
        let cipher = Cipher::random();
        let stored = cipher.encrypt(&secret("abcd efgh ijkl mnop"), "smtp_password");
        assert!(stored.starts_with("v1:"));
        assert!(!stored.contains("abcd"));
        assert_eq!(cipher.decrypt(&stored, "smtp_password").unwrap().expose_secret(), "abcd efgh ijkl mnop");
        // A fresh nonce each time: the same secret never looks the same twice.
        assert_ne!(stored, cipher.encrypt(&secret("abcd efgh ijkl mnop"), "smtp_password"));
    }

    #[test]
    fn another_key_another_column_or_a_changed_byte_cannot_decrypt() {
        let cipher = Cipher::random();
        let stored = cipher.encrypt(&secret("clave"), "qrapi_key");
        assert_eq!(Cipher::random().decrypt(&stored, "qrapi_key").unwrap_err(), Undecryptable);
        assert_eq!(cipher.decrypt(&stored, "smtp_password").unwrap_err(), Undecryptable);
        let mut altered = stored.clone().into_bytes();
        let last = altered.len() - 2;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        assert!(cipher.decrypt(std::str::from_utf8(&altered).unwrap(), "qrapi_key").is_err());
        assert!(cipher.decrypt("clave", "qrapi_key").is_err());
    }

    #[test]
    fn keys_must_be_32_bytes_of_base64() {
        assert!(Cipher::from_base64(&secret("corta")).is_err());
        assert!(Cipher::from_base64(&secret(&BASE64.encode([7u8; 16]))).is_err());
        assert!(Cipher::from_base64(&secret(&BASE64.encode([7u8; 32]))).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_created_owner_only_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/pagos.key");
        let first = Cipher::from_key_file(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let stored = first.encrypt(&secret("s3creto"), "x");
        let again = Cipher::from_key_file(&path).unwrap();
        assert_eq!(again.decrypt(&stored, "x").unwrap().expose_secret(), "s3creto");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(Cipher::from_key_file(&path), Err(KeyError::Permissions { .. })));
    }
}
