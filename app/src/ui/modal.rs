//! A dialog over the page. While it is open, Tab and Shift+Tab go round its own controls,
//! Escape closes it wherever the focus is, and closing puts the focus back on what opened it.

use leptos::prelude::*;
use super::lang::use_lang;

const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

#[component]
pub fn Modal(title: String, on_close: Callback<()>, children: Children) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();

    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{Element, HtmlElement};

        fn focusable(dialog: &Element) -> Vec<HtmlElement> {
            let Ok(list) = dialog.query_selector_all(FOCUSABLE) else { return Vec::new() };
            (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok()).collect()
        }

        let opener = document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok()).map(send_wrapper::SendWrapper::new);
        Effect::new(move |_| {
            if let Some(dialog) = dialog.get() {
                if let Some(first) = focusable(&dialog).into_iter().next() {
                    let _ = first.focus();
                }
            }
        });
        let keys = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" {
                ev.prevent_default();
                on_close.run(());
                return;
            }
            if ev.key() != "Tab" {
                return;
            }
            let Some(dialog) = dialog.get_untracked() else { return };
            let controls = focusable(&dialog);
            let (Some(first), Some(last)) = (controls.first(), controls.last()) else { return };
            let active = document().active_element();
            let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
            let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<Element>());
            if ev.shift_key() && (!inside || at(first)) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && (!inside || at(last)) {
                ev.prevent_default();
                let _ = first.focus();
            }
        });
        on_cleanup(move || {
            keys.remove();
            if let Some(opener) = opener {
                let _ = opener.focus();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (FOCUSABLE, on_close);

    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" node_ref=dialog>
                <h2 id="modal-title">{use_lang().tr(&title)}</h2>
                {children()}
            </div>
        </div>
    }
}
