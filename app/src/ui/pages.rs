//! Pages with nothing of their own to load.

use leptos::prelude::*;
use super::lang::use_lang;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Página no encontrada" />
        <main class="auth-page">
            <section class="auth-card">
                <h1>{lang.tr("Página no encontrada")}</h1>
                <p class="muted">{lang.tr("La dirección que abriste no existe.")}</p>
                <a class="button primary" href="/">{lang.tr("Ir a Pagos")}</a>
            </section>
        </main>
    }
}
