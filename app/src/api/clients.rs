//! "Listado de Clientes" and the client form.

use crate::model::{ClientPage, ClientView};
use crate::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::guard::authorised;
#[cfg(feature = "ssr")]
use crate::backend::clients;
#[cfg(feature = "ssr")]
use crate::model::ClientForm;

/// One page of clients, searched by name, e-mail or phone.
#[server(endpoint = "clients/list")]
pub async fn list_clients(search: String, page: u32, per_page: u32) -> Result<ClientPage, AppError> {
    let (state, _) = authorised().await?;
    clients::list(&state.db, &search, page, per_page).await
}

#[server(endpoint = "clients/get")]
pub async fn get_client(id: i64) -> Result<ClientView, AppError> {
    let (state, _) = authorised().await?;
    clients::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

#[server(endpoint = "clients/create")]
pub async fn create_client(
    name: String,
    email: String,
    whatsapp: String,
    plan_id: String,
    next_due_date: String,
    active: Option<String>,
) -> Result<ClientView, AppError> {
    let (state, user) = authorised().await?;
    let form = ClientForm { name, email, whatsapp, plan_id, next_due_date, active };
    let client = parse(&form)?;
    let created = clients::create(&state.db, user.id, &client, state.clock.now()).await?;
    leptos_axum::redirect(&format!("/clientes/{}?guardado=1", created.id));
    Ok(created)
}

#[server(endpoint = "clients/update")]
pub async fn update_client(
    id: i64,
    name: String,
    email: String,
    whatsapp: String,
    plan_id: String,
    next_due_date: String,
    active: Option<String>,
) -> Result<ClientView, AppError> {
    let (state, user) = authorised().await?;
    let form = ClientForm { name, email, whatsapp, plan_id, next_due_date, active };
    let client = parse(&form)?;
    clients::update(&state.db, user.id, id, &client, state.clock.now()).await
}

#[cfg(feature = "ssr")]
fn parse(form: &ClientForm) -> Result<crate::model::ClientData, AppError> {
    crate::model::ClientData::parse(form).map_err(|(field, message)| AppError::invalid(field, message))
}
