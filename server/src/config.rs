//! Command line and environment: every flag has an environment fallback, so the same binary
//! runs from a shell, a service file or a container.

use clap::{Args, Parser, Subcommand};
use secrecy::SecretString;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/pagos.db?mode=rwc";

#[derive(Debug, Parser)]
#[command(
    name = "pagos",
    version,
    about = "Pagos: órdenes de pago y recordatorios por correo y WhatsApp para los clientes de tu negocio.",
    after_help = "Sin subcomando, `pagos` sirve la aplicación (igual que `pagos serve`)."
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "PAGOS_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// Database: a SQLite file (created on first run) or a PostgreSQL server
    /// (postgres://user:password@host/database).
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true, global = true)]
    pub database_url: String,

    /// Key that encrypts stored secrets (SMTP password, QRAPI key): 32 bytes in base64
    /// (`openssl rand -base64 32`). Never shown in logs. Without it, a key file is used.
    #[arg(long, env = "PAGOS_SECRET_KEY", hide_env_values = true, global = true, value_parser = parse_secret)]
    pub secret_key: Option<SecretString>,

    /// File holding the key when PAGOS_SECRET_KEY is not set; created (mode 0600) on first run.
    /// Default: `pagos.key` beside the SQLite file, or `data/pagos.key` with PostgreSQL.
    #[arg(long, env = "PAGOS_SECRET_KEY_FILE", global = true)]
    pub secret_key_file: Option<PathBuf>,
}

impl Settings {
    /// Where the key file lives when none is named.
    pub fn key_file(&self) -> PathBuf {
        if let Some(path) = &self.secret_key_file {
            return path.clone();
        }
        let sqlite_file = self
            .database_url
            .strip_prefix("sqlite://")
            .or_else(|| self.database_url.strip_prefix("sqlite:"))
            .map(|rest| rest.split('?').next().unwrap_or_default())
            .filter(|file| !file.is_empty() && *file != ":memory:");
        match sqlite_file.map(Path::new).and_then(Path::parent) {
            Some(folder) => folder.join("pagos.key"),
            None => PathBuf::from("data/pagos.key"),
        }
    }
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Create an administrator account from the shell. The password is read from standard
    /// input when it is not a terminal, and asked for (twice) when it is.
    CreateAdmin {
        /// E-mail address the administrator signs in with.
        #[arg(long)]
        email: String,
    },
    /// Fill the database with realistic sample data (Peruvian names, +51 numbers, plans,
    /// orders over two years in every state, notifications). The same options give the same
    /// data. Refuses a database that already has plans, clients or orders unless --force.
    Seed {
        /// Number of clients.
        #[arg(long, default_value_t = 1_000)]
        clients: i64,
        /// Number of payment orders, spread over the clients.
        #[arg(long, default_value_t = 10_000)]
        orders: i64,
        /// Seed of the generator: another number, other data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace the plans, clients, orders and notifications already in the database
        /// (accounts and settings are kept).
        #[arg(long)]
        force: bool,
    },
}

fn parse_secret(value: &str) -> Result<SecretString, String> {
    if value.trim().is_empty() {
        return Err("the secret key cannot be empty".into());
    }
    Ok(SecretString::from(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("pagos").chain(args.iter().copied()))
    }

    // Tests that read env fallbacks would race with each other; clap's own env handling is
    // exercised through flags here, and through the real binary in the integration tests.
    #[test]
    fn defaults_serve_sqlite_on_localhost() {
        let cli = parse(&[]).unwrap();
        assert!(cli.command.is_none());
        if std::env::var_os("PAGOS_ADDR").is_none() {
            assert_eq!(cli.settings.addr, "127.0.0.1:3000".parse().unwrap());
        }
        if std::env::var_os("DATABASE_URL").is_none() {
            assert_eq!(cli.settings.database_url, DEFAULT_DATABASE_URL);
        }
    }

    #[test]
    fn flags_override_and_subcommands_take_global_flags_after_them() {
        let cli = parse(&["create-admin", "--email", "ana@empresa.pe", "--database-url", "postgres://db/pagos", "--addr", "0.0.0.0:8080"]).unwrap();
        assert_eq!(cli.settings.database_url, "postgres://db/pagos");
        assert_eq!(cli.settings.addr, "0.0.0.0:8080".parse().unwrap());
        assert!(matches!(cli.command, Some(Command::CreateAdmin { ref email }) if email == "ana@empresa.pe"));
    }

    #[test]
    fn a_bad_address_or_an_empty_secret_is_refused() {
        assert!(parse(&["--addr", "localhost"]).is_err());
        assert!(parse(&["--secret-key", "  "]).is_err());
        let cli = parse(&["--secret-key", "k3y"]).unwrap();
        assert_eq!(cli.settings.secret_key.unwrap().expose_secret(), "k3y");
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let cli = parse(&["--secret-key", "super-secreto"]).unwrap();
        assert!(!format!("{cli:?}").contains("super-secreto"));
    }

    #[test]
    fn the_key_file_sits_beside_the_sqlite_file_unless_named() {
        let cli = parse(&["--database-url", "sqlite://var/lib/pagos/pagos.db?mode=rwc"]).unwrap();
        assert_eq!(cli.settings.key_file(), PathBuf::from("var/lib/pagos/pagos.key"));
        let cli = parse(&["--database-url", "postgres://db/pagos"]).unwrap();
        assert_eq!(cli.settings.key_file(), PathBuf::from("data/pagos.key"));
        let cli = parse(&["--database-url", "postgres://db/pagos", "--secret-key-file", "/etc/pagos/key"]).unwrap();
        assert_eq!(cli.settings.key_file(), PathBuf::from("/etc/pagos/key"));
    }

    #[test]
    fn create_admin_requires_an_email() {
        assert!(parse(&["create-admin"]).is_err());
    }
}
