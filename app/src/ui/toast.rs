//! Toasts: the short note after an action, in one corner of the screen. One at a time (a new
//! one replaces the last), success announced politely and failure at once; each closes by
//! itself or with its button.

use crate::AppError;
use leptos::prelude::*;
use super::lang::use_lang;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Failure,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    /// Tells a closing timer whether its toast is still the one shown.
    serial: u64,
    kind: ToastKind,
    text: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    current: RwSignal<Option<Toast>>,
}

impl Toasts {
    pub fn show(&self, kind: ToastKind, text: impl Into<String>) {
        let serial = self.current.with_untracked(|t| t.as_ref().map_or(0, |t| t.serial)) + 1;
        let lasting = match kind {
            ToastKind::Success => Duration::from_secs(6),
            ToastKind::Failure => Duration::from_secs(12),
        };
        self.current.set(Some(Toast { serial, kind, text: text.into() }));
        let current = self.current;
        set_timeout(
            move || {
                if current.with_untracked(|t| t.as_ref().is_some_and(|t| t.serial == serial)) {
                    current.set(None);
                }
            },
            lasting,
        );
    }

    pub fn success(&self, text: impl Into<String>) {
        self.show(ToastKind::Success, text);
    }

    pub fn failure(&self, text: impl Into<String>) {
        self.show(ToastKind::Failure, text);
    }
}

/// Makes toasts available below this point and returns them.
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts { current: RwSignal::new(None) };
    provide_context(toasts);
    toasts
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Toasts every result of `action`: `success` names what was done; a failure shows why,
/// except a question the form asks itself (`NeedsConfirmation`).
pub fn toast_outcome<I, O>(action: ServerAction<I>, success: impl Fn(&O) -> String + Send + Sync + 'static)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let toasts = use_toasts();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(output)) => toasts.success(success(&output)),
        Some(Err(AppError::NeedsConfirmation(_))) | None => {}
        Some(Err(error)) => toasts.failure(error.to_string()),
    });
}

#[component]
pub fn Toaster(toasts: Toasts) -> impl IntoView {
    let lang = use_lang();
    let current = toasts.current;
    view! {
        <div class="toasts">
            {move || current.get().map(|toast| {
                let (class, role) = match toast.kind {
                    ToastKind::Success => ("toast success", "status"),
                    ToastKind::Failure => ("toast failure", "alert"),
                };
                view! {
                    <div class=class>
                        <p role=role>{lang.tr(&toast.text)}</p>
                        <button type="button" class="toast-close" aria-label=lang.tr("Cerrar aviso") on:click=move |_| current.set(None)>"×"</button>
                    </div>
                }
            })}
        </div>
    }
}
