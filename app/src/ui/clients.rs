//! "Listado de Clientes" and the client form ("Información de contacto" and billing).

use super::form::{action_error, ErrorNote, FieldError, FormError};
use super::pager::Pager;
use super::toast::{toast_outcome, use_toasts};
use crate::api::clients::{get_client, list_clients, CreateClient, UpdateClient};
use crate::api::plans::list_plans;
use crate::model::{ClientPage, ClientView, PlanView};
use crate::i18n::{date, money};
use crate::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use super::lang::use_lang;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

const PER_PAGE: u32 = 25;

#[component]
pub fn ClientsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page = Memo::new(move |_| query.read().get("pagina").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1));
    let clients = Resource::new(move || (search.get(), page.get()), |(search, page)| list_clients(search, page, PER_PAGE));

    view! {
        <Title text="Clientes" />
        <header class="page-header">
            <h1>{lang.tr("Listado de Clientes")}</h1>
            <div class="header-actions">
                <A href="/clientes/planes" attr:class="button ghost">{lang.tr("Planes")}</A>
                <A href="/clientes/nuevo" attr:class="button primary">{lang.tr("+ Nuevo Cliente")}</A>
            </div>
        </header>
        <Form method="GET" action="" attr:class="search-bar" attr:role="search">
            <label for="q" class="visually-hidden">{lang.tr("Buscar clientes")}</label>
            <input id="q" type="search" name="q" placeholder=lang.tr("Buscar por nombre, correo o teléfono") prop:value=move || search.get() />
            <button type="submit" class="button ghost">{lang.tr("Buscar")}</button>
        </Form>
        <Transition fallback=move || view! { <p class="muted">{lang.tr("Cargando clientes…")}</p> }>
            {move || Suspend::new(async move {
                match clients.await {
                    Ok(page) => view! { <ClientTable page search=search.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ClientTable(page: ClientPage, search: String) -> impl IntoView {
    let lang = use_lang();
    if page.clients.is_empty() {
        let message = if search.trim().is_empty() {
            "Aún no hay clientes. Crea el primero con «+ Nuevo Cliente».".to_string()
        } else {
            format!("Ningún cliente coincide con «{}».", search.trim())
        };
        return view! { <section class="empty-state"><p>{lang.tr(&message)}</p></section> }.into_any();
    }
    let pages = page.pages();
    let link = {
        let search = search.clone();
        move |n: u32| {
            let q: String = url_encode(search.trim());
            if q.is_empty() { format!("/clientes?pagina={n}") } else { format!("/clientes?q={q}&pagina={n}") }
        }
    };
    let previous = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < pages).then(|| link(page.page + 1));
    let rows = page.clients.into_iter().map(|client| view! { <ClientRow client /> }).collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{lang.tr("Nombre")}</th>
                        <th scope="col">{lang.tr("Plan")}</th>
                        <th scope="col">{lang.tr("Próximo vencimiento")}</th>
                        <th scope="col">{lang.tr("Correo")}</th>
                        <th scope="col">{lang.tr("WhatsApp")}</th>
                        <th scope="col">{lang.tr("Activo")}</th>
                        <th scope="col">{lang.tr("Acciones")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page=page.page pages total=page.total noun="clientes" previous next />
    }
    .into_any()
}

#[component]
fn ClientRow(client: ClientView) -> impl IntoView {
    let lang = use_lang();
    let no_contact = !client.has_contact();
    let edit = format!("/clientes/{}", client.id);
    let label = lang.tr(&format!("Editar {}", client.name));
    view! {
        <tr class:inactive=!client.active>
            <td>
                <span class="client-name">{client.name.clone()}</span>
                <span class="muted small">{format!(" #{}", client.id)}</span>
                {no_contact.then(|| view! { <span class="badge warning">{lang.tr("sin contacto")}</span> })}
            </td>
            <td>{client.plan_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{client.next_due_date.map(|d| date(lang, d)).unwrap_or_else(|| "—".into())}</td>
            <td>{client.email.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{client.whatsapp.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{lang.tr(if client.active { "Sí" } else { "No" })}</td>
            <td><A href=edit attr:aria-label=label attr:class="link-button">{lang.tr("Editar")}</A></td>
        </tr>
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[component]
pub fn NewClientPage() -> impl IntoView {
    let lang = use_lang();
    let plans = Resource::new(|| (), |_| list_plans());
    let create = ServerAction::<CreateClient>::new();
    let error = action_error(create);
    toast_outcome(create, |_| "Cliente guardado.".to_string());
    view! {
        <Title text="Nuevo cliente" />
        <header class="page-header">
            <h1>{lang.tr("Nuevo cliente")}</h1>
            <A href="/clientes" attr:class="button ghost">{lang.tr("Volver al listado")}</A>
        </header>
        <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
            {move || Suspend::new(async move {
                let plans = plans.await.unwrap_or_default();
                view! {
                    <ActionForm action=create attr:class="card form-grid">
                        <ClientFields client=None plans error />
                        <FormError error />
                        <div class="form-actions">
                            <button type="submit" class="button primary" disabled=move || create.pending().get()>{lang.tr("Guardar")}</button>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditClientPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()));
    let just_created = move || query.read().get("guardado").is_some();
    let update = ServerAction::<UpdateClient>::new();
    let error = action_error(update);
    let client = Resource::new(move || id.get(), |id| async move {
        match id {
            Some(id) => get_client(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let plans = Resource::new(|| (), |_| list_plans());
    toast_outcome(update, |_| "Cliente guardado.".to_string());
    // A new client arrives here from "Nuevo cliente" once it is saved.
    let toasts = use_toasts();
    Effect::new(move |_| {
        if just_created() {
            toasts.success("Cliente guardado.");
        }
    });

    view! {
        <Title text="Editar cliente" />
        <header class="page-header">
            <h1>{lang.tr("Editar cliente")}</h1>
            <A href="/clientes" attr:class="button ghost">{lang.tr("Volver al listado")}</A>
        </header>
        <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
            {move || Suspend::new(async move {
                let plans = plans.await.unwrap_or_default();
                match client.await {
                    Ok(client) => view! {
                        <ActionForm action=update attr:class="card form-grid">
                            <input type="hidden" name="id" value=client.id />
                            <ClientFields client=Some(client) plans error />
                            <FormError error />
                            <div class="form-actions">
                                <button type="submit" class="button primary" disabled=move || update.pending().get()>{lang.tr("Guardar")}</button>
                            </div>
                        </ActionForm>
                    }
                    .into_any(),
                    Err(AppError::NotFound) => view! {
                        <section class="empty-state"><p>{lang.tr("Ese cliente no existe.")}</p></section>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The fields shared by "Nuevo cliente" and "Editar cliente".
#[component]
fn ClientFields(client: Option<ClientView>, plans: Vec<PlanView>, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let client = client.unwrap_or(ClientView {
        id: 0,
        name: String::new(),
        email: None,
        whatsapp: None,
        plan_id: None,
        plan_name: None,
        next_due_date: None,
        active: true,
    });
    let current_plan = client.plan_id;
    let options = plans
        .into_iter()
        // An inactive plan is offered only to the client that already has it.
        .filter(|plan| plan.active || Some(plan.id) == current_plan)
        .map(|plan| {
            let selected = Some(plan.id) == current_plan;
            let label = if plan.active {
                format!("{} · {} · {}", plan.name, money(lang, plan.price), lang.tr(plan.interval.label()))
            } else {
                format!("{} (desactivado)", plan.name)
            };
            view! { <option value=plan.id selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>{lang.tr("Información de contacto")}</legend>
            <p class="note">
                {lang.tr("Este correo es la dirección de contacto del cliente, donde recibirá sus órdenes de pago. No es la configuración de correo del sistema.")}
            </p>
            <label for="name">{lang.tr("Nombre del cliente")}</label>
            <input id="name" name="name" required maxlength="200" value=client.name.clone() />
            <FieldError error field="name" />
            <label for="email">{lang.tr("Correo de contacto")}</label>
            <input id="email" name="email" type="email" value=client.email.clone().unwrap_or_default() />
            <FieldError error field="email" />
            <label for="whatsapp">{lang.tr("Número de WhatsApp")}</label>
            <input id="whatsapp" name="whatsapp" type="tel" placeholder="+51995955955".to_string() value=client.whatsapp.clone().unwrap_or_default() />
            <p class="hint">{lang.tr("Con código de país, por ejemplo +51995955955.")}</p>
            <FieldError error field="whatsapp" />
        </fieldset>
        <fieldset>
            <legend>{lang.tr("Facturación")}</legend>
            <label for="plan_id">{lang.tr("Plan")}</label>
            <select id="plan_id" name="plan_id">
                <option value="" selected=current_plan.is_none()>{lang.tr("Sin plan")}</option>
                {options}
            </select>
            <FieldError error field="plan_id" />
            <label for="next_due_date">{lang.tr("Próximo vencimiento")}</label>
            <input id="next_due_date" name="next_due_date" type="date" value=client.next_due_date.map(|d| d.to_string()).unwrap_or_default() />
            <FieldError error field="next_due_date" />
            <label class="checkbox">
                <input type="checkbox" name="active" value="on" checked=client.active />
                {lang.tr("Activo")}
            </label>
            <p class="hint">{lang.tr("Un cliente inactivo no recibe órdenes automáticas; su historial se conserva.")}</p>
        </fieldset>
    }
}
