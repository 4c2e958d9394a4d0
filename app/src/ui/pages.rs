//! The panel's sections. They fill up as the product grows; until then each says what it will
//! hold, so a first-time user knows where things go.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Configuración" />
        <header class="page-header">
            <h1>"Configuración"</h1>
        </header>
        <section class="empty-state">
            <h2>"Nada que configurar todavía"</h2>
            <p>"Aquí configurarás las tareas automáticas, las notificaciones, el correo y WhatsApp."</p>
        </section>
    }
}

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
