//! The HTTP surface: `/healthz`, the server functions under `/api/`, the pages, static files.

use crate::page_cache::PageCache;
use crate::{access, export};
use app::backend::AppState;
use app::{shell, App};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::ServeDir;

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let pkg = pkg_dir(&options);
    let gate = access::Gate { pages: Arc::new(PageCache::new(&state)), state: state.clone() };
    Router::new()
        .route("/healthz", get(healthz))
        // The bundle, brotli or gzip when the browser takes it (see `assets`).
        .nest_service(&format!("/{}", options.site_pkg_dir), ServeDir::new(pkg).precompressed_br().precompressed_gzip())
        .route("/api/orders/export.csv", get(export::orders_csv))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(gate, access::gate))
        .with_state(state)
}

/// Where cargo-leptos puts the browser bundle.
pub fn pkg_dir(options: &LeptosOptions) -> PathBuf {
    Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref())
}

/// 200 when the database answers, 503 when it does not: for load balancers and monitors.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
