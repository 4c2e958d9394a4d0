//! Start-up and shutdown: connect, migrate, build the state, serve until Ctrl-C or SIGTERM.

use crate::config::Settings;
use crate::router;
use crate::{delivery, scheduler};
use app::backend::{db::redact, AppState, Cipher, Db, SystemClock};
use axum::serve::ListenerExt;
use leptos::config::{get_configuration, LeptosOptions};
use std::net::SocketAddr;
use std::sync::Arc;

/// Connects to the configured database and brings its schema up to date.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open database {}: {e}", redact(&settings.database_url)))?;
    db.migrate().await?;
    tracing::info!(database = db.dialect_name(), "database ready");
    Ok(db)
}

/// Leptos's options from cargo-leptos's environment, with the address from our settings.
pub fn leptos_options(addr: SocketAddr) -> anyhow::Result<LeptosOptions> {
    let mut options = get_configuration(None)?.leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "pagos".into();
    }
    options.site_addr = addr;
    Ok(options)
}

/// The key for stored secrets: `PAGOS_SECRET_KEY`, else the key file (made on first run).
pub fn cipher(settings: &Settings) -> anyhow::Result<Cipher> {
    match &settings.secret_key {
        Some(key) => Cipher::from_base64(key).map_err(|e| anyhow::anyhow!("PAGOS_SECRET_KEY: {e}")),
        None => Ok(Cipher::from_key_file(&settings.key_file())?),
    }
}

pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let cipher = cipher(&settings)?;
    let db = open_database(&settings).await?;
    let options = leptos_options(settings.addr)?;
    let pkg = crate::router::pkg_dir(&options);
    tokio::task::spawn_blocking(move || match crate::assets::precompress(&pkg) {
        Ok(written) => tracing::info!(written, "browser bundle compressed"),
        Err(e) => tracing::warn!(error = %e, dir = %pkg.display(), "browser bundle not compressed; served as is"),
    });
    let state = AppState::new(options, db.clone(), Arc::new(SystemClock), cipher);
    let (stop_worker, worker) = delivery::spawn(&state);
    let mut jobs = scheduler::start(&state).await?;
    let app = router::build(state);

    let listener = tokio::net::TcpListener::bind(settings.addr).await?;
    tracing::info!("Pagos escuchando en http://{}", listener.local_addr()?);
    // A streamed page goes out in several small writes; with Nagle's algorithm each one after
    // the first waited for the browser's delayed ACK: 40 ms added to every page.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    if let Err(e) = jobs.shutdown().await {
        tracing::warn!(error = %e, "scheduler did not shut down cleanly");
    }
    delivery::stop(stop_worker, worker).await;
    db.close().await;
    tracing::info!("Pagos detenido");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("señal de parada recibida; terminando las solicitudes en curso");
}
