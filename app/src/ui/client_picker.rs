//! "Empresa": a searchable client picker that works with thousands of clients: it asks the
//! server for the few names matching what is typed.

use crate::api::clients::list_clients;
use leptos::prelude::*;
use super::lang::use_lang;

/// A search box and its matches; the chosen client's id goes in a hidden field `name`.
#[component]
pub fn ClientPicker(
    /// The form field that carries the chosen id.
    name: &'static str,
    /// The `id` of the search box, for its `<label for>`.
    input_id: &'static str,
    /// The client chosen before (id and name), if any.
    #[prop(optional)]
    initial: Option<(i64, String)>,
    /// Called with the client's id when one is chosen.
    #[prop(optional, into)]
    on_pick: Option<Callback<i64>>,
) -> impl IntoView {
    let lang = use_lang();
    let chosen = RwSignal::new(initial.clone());
    let typed = RwSignal::new(initial.map(|(_, name)| name).unwrap_or_default());
    let open = RwSignal::new(false);
    let matches = Resource::new(
        move || (open.get(), typed.get()),
        |(open, typed)| async move {
            if !open || typed.trim().is_empty() {
                return Ok(Vec::new());
            }
            list_clients(typed, 1, 8).await.map(|page| page.clients)
        },
    );
    view! {
        <div class="picker">
            <input type="hidden" name=name prop:value=move || chosen.get().map(|(id, _)| id.to_string()).unwrap_or_default() />
            <input
                id=input_id
                type="search"
                autocomplete="off"
                placeholder=lang.tr("Escribe para buscar un cliente")
                prop:value=move || typed.get()
                on:input=move |ev| {
                    typed.set(event_target_value(&ev));
                    chosen.set(None);
                    open.set(true);
                }
            />
            <Show when=move || open.get()>
                <Transition>
                    {move || Suspend::new(async move {
                        let found = matches.await.unwrap_or_default();
                        view! {
                            <ul class="picker-results" role="listbox">
                                {found
                                    .into_iter()
                                    .map(|client| {
                                        let label = format!("{} #{}", client.name, client.id);
                                        let (id, name) = (client.id, client.name.clone());
                                        view! {
                                            <li role="option">
                                                <button type="button" on:click=move |_| {
                                                    chosen.set(Some((id, name.clone())));
                                                    if let Some(on_pick) = on_pick {
                                                        on_pick.run(id);
                                                    }
                                                    typed.set(name.clone());
                                                    open.set(false);
                                                }>{label}</button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })}
                </Transition>
            </Show>
        </div>
    }
}
