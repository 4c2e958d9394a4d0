//! The admin panel around every signed-in page: the sidebar with the sections and the user's
//! menu, and the page itself.

use crate::api::auth::{current_user, Logout};
use crate::AppError;
use leptos::form::ActionForm;
use super::form::ErrorNote;
use super::toast::{provide_toasts, Toaster};
use leptos::prelude::*;
use super::lang::LanguageChoice;
use super::lang::use_lang;
use leptos_router::components::{Outlet, Redirect, A};

#[component]
pub fn PanelLayout() -> impl IntoView {
    let lang = use_lang();
    let user = Resource::new(|| (), |_| current_user());
    let logout = ServerAction::<Logout>::new();
    let toasts = provide_toasts();

    let user_menu = move || {
        Suspend::new(async move {
            match user.await {
                Ok(user) => view! {
                    <details class="user-menu">
                        <summary>
                            <span class="avatar" aria-hidden="true">{initial(&user.email)}</span>
                            <span class="user-email">{user.email.clone()}</span>
                        </summary>
                        <LanguageChoice />
                        <ActionForm action=logout>
                            <button type="submit" class="button ghost">{lang.tr("Cerrar sesión")}</button>
                        </ActionForm>
                    </details>
                }
                .into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                Err(other) => view! { <ErrorNote error=other /> }.into_any(),
            }
        })
    };

    view! {
        <div class="panel">
            <aside class="sidebar">
                <a class="brand" href="/">"Pagos"</a>
                <nav class="nav" aria-label=lang.tr("Secciones")>
                    <A href="/" exact=true>{lang.tr("Pagos")}</A>
                    <A href="/clientes">{lang.tr("Clientes")}</A>
                </nav>
                <div class="sidebar-bottom">
                    <nav class="nav" aria-label=lang.tr("Ajustes")>
                        <A href="/configuracion">{lang.tr("Configuración")}</A>
                    </nav>
                    <Suspense fallback=move || view! { <span class="muted">"…"</span> }>{user_menu}</Suspense>
                </div>
            </aside>
            <main class="content">
                <Outlet />
            </main>
            <Toaster toasts />
        </div>
    }
}

fn initial(email: &str) -> String {
    email.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default()
}
