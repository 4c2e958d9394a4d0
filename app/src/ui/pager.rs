//! "Página X de Y", "Anterior" and "Siguiente" under a server-paginated table.

use leptos::prelude::*;
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
    view! {
        <nav class="pagination" aria-label="Páginas">
            <span class="muted">{format!("Página {page} de {pages} · {total} {noun}")}</span>
            {previous.map(|href| view! { <A href=href attr:class="button ghost">"Anterior"</A> })}
            {next.map(|href| view! { <A href=href attr:class="button ghost">"Siguiente"</A> })}
            {children.map(|children| children())}
        </nav>
    }
}
