//! "Página X de Y", "Anterior" and "Siguiente" under a server-paginated table.

use leptos::prelude::*;
use super::lang::use_lang;
use leptos_router::components::A;

#[component]
pub fn Pager(
    page: u32,
    pages: u32,
    total: i64,
    /// What is counted, in plural: "clientes", "órdenes".
    noun: &'static str,
    previous: Option<String>,
    next: Option<String>,
    /// Extra controls at the end, such as the page size.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="pagination" aria-label=lang.tr("Páginas")>
            <span class="muted">{lang.tr(&format!("Página {page} de {pages} · {total} {noun}"))}</span>
            {previous.map(|href| view! { <A href=href attr:class="button ghost">{lang.tr("Anterior")}</A> })}
            {next.map(|href| view! { <A href=href attr:class="button ghost">{lang.tr("Siguiente")}</A> })}
            {children.map(|children| children())}
        </nav>
    }
}
