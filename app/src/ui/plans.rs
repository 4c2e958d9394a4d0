//! "Planes": what clients pay and how often. Reached from "Clientes".

use super::form::{action_error, ErrorNote, FieldError, FormError};
use super::toast::toast_outcome;
use crate::api::plans::{list_plans, CreatePlan, DeletePlan, UpdatePlan};
use crate::model::{Interval, PlanView};
use crate::i18n::money;
use crate::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use super::lang::use_lang;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PlansPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreatePlan>::new();
    let error = action_error(create);
    toast_outcome(create, |_| "Plan creado.".to_string());
    let plans = Resource::new(move || create.version().get(), |_| list_plans());
    view! {
        <Title text="Planes" />
        <header class="page-header">
            <h1>{lang.tr("Planes")}</h1>
            <A href="/clientes" attr:class="button ghost">{lang.tr("Volver a Clientes")}</A>
        </header>
        <Transition fallback=move || view! { <p class="muted">{lang.tr("Cargando planes…")}</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok(plans) if plans.is_empty() => view! {
                        <section class="empty-state"><p>{lang.tr("Aún no hay planes. Crea el primero con el formulario de abajo.")}</p></section>
                    }
                    .into_any(),
                    Ok(plans) => view! { <PlanTable plans /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
        <section class="card">
            <h2>{lang.tr("Nuevo plan")}</h2>
            <ActionForm action=create attr:class="form-grid">
                <PlanFields plan=None error />
                <FormError error />
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || create.pending().get()>{lang.tr("Crear plan")}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn PlanTable(plans: Vec<PlanView>) -> impl IntoView {
    let lang = use_lang();
    let rows = plans
        .into_iter()
        .map(|plan| {
            let edit = format!("/clientes/planes/{}", plan.id);
            let label = lang.tr(&format!("Editar {}", plan.name));
            view! {
                <tr class:inactive=!plan.active>
                    <td>{plan.name.clone()}</td>
                    <td class="amount">{money(lang, plan.price)}</td>
                    <td>{lang.tr(plan.interval.label())}</td>
                    <td>{plan.clients}</td>
                    <td>{lang.tr(if plan.active { "Activo" } else { "Desactivado" })}</td>
                    <td><A href=edit attr:aria-label=label attr:class="link-button">{lang.tr("Editar")}</A></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{lang.tr("Nombre")}</th>
                        <th scope="col">{lang.tr("Precio")}</th>
                        <th scope="col">{lang.tr("Frecuencia")}</th>
                        <th scope="col">{lang.tr("Clientes")}</th>
                        <th scope="col">{lang.tr("Estado")}</th>
                        <th scope="col">{lang.tr("Acciones")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn EditPlanPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()));
    let update = ServerAction::<UpdatePlan>::new();
    let delete = ServerAction::<DeletePlan>::new();
    let error = action_error(update);
    let delete_error = action_error(delete);
    toast_outcome(update, |_| "Plan guardado.".to_string());
    let plans = Resource::new(move || update.version().get(), |_| list_plans());

    view! {
        <Title text="Editar plan" />
        <header class="page-header">
            <h1>{lang.tr("Editar plan")}</h1>
            <A href="/clientes/planes" attr:class="button ghost">{lang.tr("Volver a Planes")}</A>
        </header>
        <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
            {move || Suspend::new(async move {
                let plan = plans.await.map(|plans| plans.into_iter().find(|p| Some(p.id) == id.get_untracked()));
                match plan {
                    Ok(Some(plan)) => {
                        let deletable = plan.clients == 0;
                        let (id, clients) = (plan.id, plan.clients);
                        view! {
                            <section class="card">
                                <ActionForm action=update attr:class="form-grid">
                                    <input type="hidden" name="id" value=id />
                                    <PlanFields plan=Some(plan) error />
                                    <p class="hint">{lang.tr("Un nuevo precio se aplica a las órdenes que se generen desde ahora; las ya creadas no cambian.")}</p>
                                    <FormError error />
                                    <div class="form-actions">
                                        <button type="submit" class="button primary" disabled=move || update.pending().get()>{lang.tr("Guardar")}</button>
                                    </div>
                                </ActionForm>
                            </section>
                            <section class="card">
                                <h2>{lang.tr("Eliminar plan")}</h2>
                                {if deletable {
                                    view! {
                                        <ActionForm action=delete>
                                            <input type="hidden" name="id" value=id />
                                            <p class="hint">{lang.tr("Ningún cliente usa este plan.")}</p>
                                            <button type="submit" class="button danger" disabled=move || delete.pending().get()>{lang.tr("Eliminar plan")}</button>
                                        </ActionForm>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p class="hint">{lang.tr(&format!("Lo usan {clients} clientes: no se puede eliminar, pero puedes desactivarlo."))}</p>
                                    }.into_any()
                                }}
                                <FormError error=delete_error />
                            </section>
                        }
                        .into_any()
                    }
                    Ok(None) => view! { <section class="empty-state"><p>{lang.tr("Ese plan no existe.")}</p></section> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlanFields(plan: Option<PlanView>, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let interval = plan.as_ref().map(|p| p.interval).unwrap_or(Interval::Monthly);
    let active = plan.as_ref().map(|p| p.active).unwrap_or(true);
    let options = Interval::ALL
        .into_iter()
        .map(|i| view! { <option value=i.months() selected=i == interval>{lang.tr(i.label())}</option> })
        .collect_view();
    view! {
        <label for="plan-name">{lang.tr("Nombre del plan")}</label>
        <input id="plan-name" name="name" required maxlength="100" value=plan.as_ref().map(|p| p.name.clone()).unwrap_or_default() />
        <FieldError error field="name" />
        <label for="plan-price">{lang.tr("Precio (S/)")}</label>
        <input id="plan-price" name="price" inputmode="decimal" required placeholder="150.00" value=plan.as_ref().map(|p| p.price.to_plain()).unwrap_or_default() />
        <FieldError error field="price" />
        <label for="plan-interval">{lang.tr("Frecuencia")}</label>
        <select id="plan-interval" name="interval">{options}</select>
        <FieldError error field="interval" />
        <label class="checkbox">
            <input type="checkbox" name="active" value="on" checked=active />
            {lang.tr("Activo")}
        </label>
    }
}
