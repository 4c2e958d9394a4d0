//! Small pieces every form uses: the message under a field, the message for the whole form.

use crate::AppError;
use leptos::prelude::*;

/// The error of the last submission, if it belongs to `field`.
#[component]
pub fn FieldError(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let message = move || {
        error.get().filter(|e| e.field() == Some(field)).map(|e| e.to_string())
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
    let message = move || error.get().filter(|e| e.field().is_none()).map(|e| e.to_string());
    view! {
        <Show when=move || message().is_some()>
            <p class="form-error" role="alert">{message}</p>
        </Show>
    }
}

/// An error that stopped a whole section from loading.
#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    view! { <p class="form-error" role="alert">{error.to_string()}</p> }
}

/// The error held by a server action's last result.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|result| result.err()))
}

/// True while a server action's last call has succeeded.
pub fn action_succeeded<I, O>(action: ServerAction<I>) -> Signal<bool>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// A form's submit button, disabled while its call runs, and the note once the call succeeded.
#[component]
pub fn SaveActions(
    pending: Signal<bool>,
    saved: Signal<bool>,
    label: &'static str,
    /// Shown after a successful save, e.g. "Correo guardado."
    done: &'static str,
) -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class="button primary" disabled=move || pending.get()>{label}</button>
            <Show when=move || saved.get()>
                <p class="form-success" role="status">{done}</p>
            </Show>
        </div>
    }
}
