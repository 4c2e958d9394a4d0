//! Pages with nothing of their own to load.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Página no encontrada" />
        <main class="auth-page">
            <section class="auth-card">
                <h1>"Página no encontrada"</h1>
                <p class="muted">"La dirección que abriste no existe."</p>
                <a class="button primary" href="/">"Ir a Pagos"</a>
            </section>
        </main>
    }
}
