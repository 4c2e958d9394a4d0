use clap::Parser;
use server::config::{Cli, Command};
use app::backend::seed::SeedOptions;
use server::{serve, telemetry};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    let result = match cli.command.clone().unwrap_or(Command::Serve) {
        Command::Serve => serve::run(cli.settings).await,
        Command::CreateAdmin { email } => create_admin(&cli, &email).await,
        Command::Seed { clients, orders, seed, force } => {
            seed_database(&cli, SeedOptions { clients, orders, seed, force }).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn create_admin(cli: &Cli, email: &str) -> anyhow::Result<()> {
    let (password, confirmation) = read_password()?;
    let db = serve::open_database(&cli.settings).await?;
    let clock = app::backend::SystemClock;
    let created = app::backend::auth::create_admin(&db, &clock, email, &password, &confirmation).await;
    db.close().await;
    let user = created.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Cuenta de administrador creada: {}", user.email);
    Ok(())
}

async fn seed_database(cli: &Cli, options: SeedOptions) -> anyhow::Result<()> {
    let db = serve::open_database(&cli.settings).await?;
    let started = std::time::Instant::now();
    let seeded = app::backend::seed::run(&db, &app::backend::SystemClock, options).await;
    db.close().await;
    let report = seeded?;
    println!(
        "Datos de ejemplo creados en {:.1} s: {} planes, {} clientes, {} órdenes, {} notificaciones.",
        started.elapsed().as_secs_f64(),
        report.plans,
        report.clients,
        report.orders,
        report.notifications
    );
    Ok(())
}

/// Asks twice on a terminal; reads one line from a pipe (for scripts).
fn read_password() -> anyhow::Result<(String, String)> {
    if std::io::stdin().is_terminal() {
        let password = rpassword::prompt_password("Contraseña: ")?;
        let confirmation = rpassword::prompt_password("Repite la contraseña: ")?;
        Ok((password, confirmation))
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_string();
        Ok((password.clone(), password))
    }
}
