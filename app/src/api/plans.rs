//! "Planes": list, create, change (name, price, interval, active) and delete unused plans.

use crate::model::PlanView;
use crate::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::guard::authorised;
#[cfg(feature = "ssr")]
use crate::backend::plans::{self, PlanData};

#[server(endpoint = "plans/list")]
pub async fn list_plans() -> Result<Vec<PlanView>, AppError> {
    let (state, _) = authorised().await?;
    plans::list(&state.db).await
}

#[server(endpoint = "plans/create")]
pub async fn create_plan(name: String, price: String, interval: String, active: Option<String>) -> Result<PlanView, AppError> {
    let (state, user) = authorised().await?;
    let plan = parse_plan(&name, &price, &interval, active.is_some())?;
    plans::create(&state.db, user.id, &plan, state.clock.now()).await
}

#[server(endpoint = "plans/update")]
pub async fn update_plan(
    id: i64,
    name: String,
    price: String,
    interval: String,
    active: Option<String>,
) -> Result<PlanView, AppError> {
    let (state, user) = authorised().await?;
    let plan = parse_plan(&name, &price, &interval, active.is_some())?;
    plans::update(&state.db, user.id, id, &plan, state.clock.now()).await
}

#[server(endpoint = "plans/delete")]
pub async fn delete_plan(id: i64) -> Result<(), AppError> {
    let (state, user) = authorised().await?;
    plans::delete(&state.db, user.id, id, state.clock.now()).await?;
    leptos_axum::redirect("/clientes/planes");
    Ok(())
}

#[cfg(feature = "ssr")]
fn parse_plan(name: &str, price: &str, interval: &str, active: bool) -> Result<PlanData, AppError> {
    use crate::model::{parse_plan_name, Interval, Money};
    Ok(PlanData {
        name: parse_plan_name(name).map_err(|m| AppError::invalid("name", m))?,
        price: Money::parse(price).map_err(|m| AppError::invalid("price", m))?,
        interval: Interval::parse(interval).map_err(|m| AppError::invalid("interval", m))?,
        active,
    })
}
