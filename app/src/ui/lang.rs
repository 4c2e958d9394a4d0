//! Which language the page is in, and the choice in the user menu.
//!
//! The server reads the language from its cookie and writes it in `<html lang>`; the browser
//! reads it back from there, so both render the same text and hydration agrees. Choosing the
//! other language sets the cookie and loads the page again in it.

use crate::i18n::Lang;
use leptos::prelude::*;

/// The language of the request being rendered (server) or of the page (browser).
pub fn page_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

pub fn provide_lang() -> Lang {
    let lang = page_lang();
    provide_context(lang);
    lang
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Remembers `lang` for a year and shows the page again in it.
fn choose(lang: Lang) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Ok(html) = document().dyn_into::<leptos::web_sys::HtmlDocument>() {
            let _ = html.set_cookie(&format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", crate::i18n::COOKIE, lang.code()));
        }
        let _ = window().location().reload();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = lang;
}

/// The other languages, each a button named in its own language.
#[component]
pub fn LanguageChoice() -> impl IntoView {
    let current = use_lang();
    let label = current.tr("Idioma");
    Lang::ALL
        .into_iter()
        .filter(|l| *l != current)
        .map(|other| {
            let aria = format!("{label}: {}", other.own_name());
            view! {
                <button type="button" class="button ghost" lang=other.code() aria-label=aria on:click=move |_| choose(other)>
                    {other.own_name()}
                </button>
            }
        })
        .collect_view()
}
