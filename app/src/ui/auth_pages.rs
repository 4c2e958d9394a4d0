//! The pages a visitor sees before signing in: one-time set-up and login.

use super::form::{action_error, FieldError, FormError};
use crate::api::auth::{CreateAdmin, Login};
use leptos::form::ActionForm;
use leptos::prelude::*;
use super::lang::use_lang;
use leptos_meta::Title;

#[component]
pub fn SetupPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateAdmin>::new();
    let error = action_error(create);
    view! {
        <Title text="Crear cuenta de administrador" />
        <main class="auth-page">
            <section class="auth-card" aria-labelledby="setup-title">
                <p class="brand-mark">{lang.tr("Pagos")}</p>
                <h1 id="setup-title">{lang.tr("Crear cuenta de administrador")}</h1>
                <p class="muted">
                    {lang.tr("Es la primera vez que se abre Pagos. Crea la cuenta con la que administrarás las órdenes de pago de tus clientes.")}
                </p>
                <ActionForm action=create attr:class="stack">
                    <label for="email">{lang.tr("Correo electrónico")}</label>
                    <input id="email" type="email" name="email" autocomplete="username" required />
                    <FieldError error field="email" />
                    <label for="password">{lang.tr("Contraseña")}</label>
                    <input id="password" type="password" name="password" autocomplete="new-password" required minlength="10" />
                    <p class="hint">{lang.tr("Al menos 10 caracteres.")}</p>
                    <FieldError error field="password" />
                    <label for="password_confirmation">{lang.tr("Repite la contraseña")}</label>
                    <input id="password_confirmation" type="password" name="password_confirmation" autocomplete="new-password" required />
                    <FieldError error field="password_confirmation" />
                    <FormError error />
                    <button type="submit" class="button primary" disabled=move || create.pending().get()>
                        {lang.tr("Crear cuenta")}
                    </button>
                </ActionForm>
            </section>
        </main>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    view! {
        <Title text="Iniciar sesión" />
        <main class="auth-page">
            <section class="auth-card" aria-labelledby="login-title">
                <p class="brand-mark">{lang.tr("Pagos")}</p>
                <h1 id="login-title">{lang.tr("Iniciar sesión")}</h1>
                <ActionForm action=login attr:class="stack">
                    <label for="email">{lang.tr("Correo electrónico")}</label>
                    <input id="email" type="email" name="email" autocomplete="username" required />
                    <label for="password">{lang.tr("Contraseña")}</label>
                    <input id="password" type="password" name="password" autocomplete="current-password" required />
                    <FormError error />
                    <button type="submit" class="button primary" disabled=move || login.pending().get()>
                        {lang.tr("Ingresar")}
                    </button>
                </ActionForm>
            </section>
        </main>
    }
}
