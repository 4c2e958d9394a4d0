//! Small pieces every form uses: the message under a field, the message for the whole form.

use crate::AppError;
use leptos::prelude::*;
use super::lang::use_lang;

/// The error of the last submission, if it belongs to `field`.
#[component]
pub fn FieldError(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let lang = use_lang();
    let message = move || {
        error.get().filter(|e| e.field() == Some(field)).map(|e| lang.tr(&e.to_string()))
    };
    view! {
        <Show when=move || message().is_some()>
            <p class="field-error" id=format!("{field}-error")>{message}</p>
        </Show>
    }
}

/// The error of the last submission when no single field caused it.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let message = move || error.get().filter(|e| e.field().is_none()).map(|e| lang.tr(&e.to_string()));
    view! {
        <Show when=move || message().is_some()>
            <p class="form-error" role="alert">{message}</p>
        </Show>
    }
}

/// An error that stopped a whole section from loading.
#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    let lang = use_lang();
    view! { <p class="form-error" role="alert">{lang.tr(&error.to_string())}</p> }
}

/// The error held by a server action's last result.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|result| result.err()))
}

/// A form's submit button, disabled while its call runs (the toast tells how it went).
#[component]
pub fn SaveActions(pending: Signal<bool>, label: &'static str) -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class="button primary" disabled=move || pending.get()>{use_lang().tr(label)}</button>
        </div>
    }
}
