//! "Pagos": the statistics cards, the filters, the orders table with its actions, the
//! "+ Nueva Orden" modal and the order detail.

use super::chart::MonthlyChart;
use super::client_picker::ClientPicker;
use super::form::{action_error, ErrorNote, FieldError, FormError};
use super::modal::Modal;
use super::toast::toast_outcome;
use super::pager::Pager;
use crate::api::automation::get_automation;
use crate::api::orders::{get_order, list_orders, monthly_totals, CancelOrder, CreateOrder, NotifyOrder, PayOrder};
use crate::model::{
    ChannelSummary, NotificationView, OrderFilter, OrderPage, OrderSort, OrderState, OrderView, PaymentMethod, Totals,
};
use crate::i18n::{date, money, value};
use crate::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use super::lang::use_lang;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

const PAGE_SIZES: [u32; 3] = [25, 50, 100];

/// Everything the URL says about the view.
#[derive(Debug, Clone, PartialEq)]
struct View {
    filter: OrderFilter,
    sort: OrderSort,
    page: u32,
    per_page: u32,
}

impl View {
    fn query(&self, sort: OrderSort, page: u32, per_page: u32) -> String {
        let mut query = self.filter.to_query();
        for (key, value, default) in [
            ("orden", sort.slug().to_string(), sort == OrderSort::default()),
            ("pagina", page.to_string(), page == 1),
            ("por_pagina", per_page.to_string(), per_page == PAGE_SIZES[0]),
        ] {
            if !default {
                if !query.is_empty() {
                    query.push('&');
                }
                query.push_str(&format!("{key}={value}"));
            }
        }
        if query.is_empty() { "/".to_string() } else { format!("/?{query}") }
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let view = Memo::new(move |_| {
        let query = query.read();
        let pairs: Vec<(&str, String)> = ["estado", "cliente", "desde", "hasta"]
            .into_iter()
            .flat_map(|key| query.get_all(key).unwrap_or_default().into_iter().map(move |v| (key, v)))
            .collect();
        let filter = OrderFilter::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        let sort = query.get("orden").and_then(|s| OrderSort::from_slug(&s)).unwrap_or_default();
        let page = query.get("pagina").and_then(|p| p.parse().ok()).unwrap_or(1);
        let per_page = query.get("por_pagina").and_then(|p| p.parse().ok()).filter(|p| PAGE_SIZES.contains(p)).unwrap_or(PAGE_SIZES[0]);
        View { filter, sort, page, per_page }
    });
    // Bumped after every action, so the table and the cards refresh without a reload.
    let version = RwSignal::new(0u32);
    // One call for the cards and the table: they follow the same filter.
    let orders = Resource::new(move || (view.get(), version.get()), |(v, _)| list_orders(v.filter, v.sort, v.page, v.per_page));
    // The chart covers a fixed year, so of the filters only the client applies to it.
    let chart = Resource::new(move || (view.get().filter.client_id, version.get()), |(client, _)| monthly_totals(client));
    let show_filters = RwSignal::new(false);
    let creating = RwSignal::new(false);
    let export_href = move || {
        let query = view.get().filter.to_query();
        if query.is_empty() { "/api/orders/export.csv".to_string() } else { format!("/api/orders/export.csv?{query}") }
    };

    view! {
        <Title text="Pagos" />
        <header class="page-header">
            <h1>{lang.tr("Pagos")}</h1>
            <div class="header-actions">
                <a class="button ghost" href=export_href rel="external" download>{lang.tr("Exportar CSV")}</a>
                <button type="button" class="button primary" on:click=move |_| creating.set(true)>{lang.tr("+ Nueva Orden")}</button>
            </div>
        </header>
        <CronBanner />
        <p class="info-note" role="note">
            {lang.tr("Las órdenes de pago son solo recordatorios: no bloquean automáticamente los sistemas de tus clientes.")}
        </p>
        <Transition fallback=move || view! { <div class="stats" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(page) => view! { <StatCards totals=page.totals /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=move || view! { <div class="card chart" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match chart.await {
                    Ok(months) => view! { <MonthlyChart months /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
        <div class="toolbar">
            <button type="button" class="button ghost" aria-expanded=move || show_filters.get().to_string() on:click=move |_| show_filters.update(|s| *s = !*s)>
                {move || lang.tr(if show_filters.get() { "Ocultar filtros" } else { "Mostrar filtros" })}
            </button>
            <ActiveFilters view />
        </div>
        <Show when=move || show_filters.get()>
            <Filters filter=view.get_untracked().filter />
        </Show>
        <Transition fallback=move || view! { <p class="muted">{lang.tr("Cargando órdenes…")}</p> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(page) => view! { <OrdersTable page view=view.get_untracked() version /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
        <Show when=move || creating.get()>
            <NewOrderModal creating version />
        </Show>
    }
}

/// The first-visit message: shown while the automatic tasks are off.
#[component]
fn CronBanner() -> impl IntoView {
    let lang = use_lang();
    let automation = Resource::new(|| (), |_| get_automation());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let off = automation.await.map(|a| !a.cron_enabled).unwrap_or(false);
                off.then(|| view! {
                    <div class="cron-banner" role="region" aria-label=lang.tr("Tareas automáticas desactivadas")>
                        <p>
                            <strong>{lang.tr("Activa las tareas automáticas CRON. ")}</strong>
                            {lang.tr("Debes activarlas para que el sistema funcione correctamente: generan las órdenes de tus clientes antes de cada vencimiento y envían sus recordatorios.")}
                        </p>
                        <a class="button primary" href="/configuracion#tareas">{lang.tr("Ir a Configuración")}</a>
                    </div>
                })
            })}
        </Suspense>
    }
}

#[component]
fn StatCards(totals: Totals) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="stats" aria-label=lang.tr("Panel de Estadísticas")>
            {OrderState::ALL
                .into_iter()
                .map(|state| {
                    let total = totals.of(state);
                    view! {
                        <div class=format!("stat-card {}", state.css())>
                            <p class="stat-amount">{format!("{} {}", money(lang, total.amount), lang.tr(state.label()))}</p>
                            <p class="stat-count">{format!("{} {}", total.count, lang.tr(if total.count == 1 { "orden" } else { "órdenes" }))}</p>
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn ActiveFilters(view: Memo<View>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let filter = view.get().filter;
        (filter != OrderFilter::default()).then(|| {
            view! { <A href="/" attr:class="link-button">{lang.tr("Quitar filtros")}</A> }
        })
    }
}

#[component]
fn Filters(filter: OrderFilter) -> impl IntoView {
    let lang = use_lang();
    let states = OrderState::ALL
        .into_iter()
        .map(|state| {
            let checked = filter.states.contains(&state);
            view! {
                <label class="checkbox">
                    <input type="checkbox" name="estado" value=state.slug() checked=checked />
                    {lang.tr(state.label())}
                </label>
            }
        })
        .collect_view();
    view! {
        <Form method="GET" action="/" attr:class="card filters" attr:aria-label=lang.tr("Filtros")>
            <fieldset class="inline">
                <legend>{lang.tr("Estado")}</legend>
                {states}
            </fieldset>
            <div class="filter-fields">
                <div>
                    <label for="filter-client">{lang.tr("Cliente")}</label>
                    <ClientPicker name="cliente" input_id="filter-client" />
                </div>
                <div>
                    <label for="desde">{lang.tr("Vence desde")}</label>
                    <input id="desde" type="date" name="desde" value=filter.due_from.map(|d| d.to_string()).unwrap_or_default() />
                </div>
                <div>
                    <label for="hasta">{lang.tr("Vence hasta")}</label>
                    <input id="hasta" type="date" name="hasta" value=filter.due_to.map(|d| d.to_string()).unwrap_or_default() />
                </div>
            </div>
            <div class="form-actions">
                <button type="submit" class="button primary">{lang.tr("Aplicar filtros")}</button>
            </div>
        </Form>
    }
}

#[component]
fn OrdersTable(page: OrderPage, view: View, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    if page.orders.is_empty() {
        let message = if view.filter == OrderFilter::default() {
            "Aún no hay órdenes de pago. Crea la primera con «+ Nueva Orden»."
        } else {
            "Ninguna orden coincide con los filtros."
        };
        return view! { <section class="empty-state"><p>{lang.tr(message)}</p></section> }.into_any();
    }
    let paying = RwSignal::new(None::<OrderView>);
    let cancelling = RwSignal::new(None::<OrderView>);
    let notifying = RwSignal::new(None::<OrderView>);
    let today = page.today;
    let pages = page.pages();
    let sort_link = {
        let view = view.clone();
        move |desc: OrderSort, asc: OrderSort, label: &'static str| {
            let next = if view.sort == desc { asc } else { desc };
            let arrow = if view.sort == desc { " ↓" } else if view.sort == asc { " ↑" } else { "" };
            let href = view.query(next, 1, view.per_page);
            view! { <A href=href attr:class="sort-link">{format!("{}{arrow}", lang.tr(label))}</A> }
        }
    };
    let rows = page
        .orders
        .into_iter()
        .map(|order| view! { <OrderRow order paying cancelling notifying /> })
        .collect_view();
    let previous = (page.page > 1).then(|| view.query(view.sort, page.page - 1, view.per_page));
    let next = (page.page < pages).then(|| view.query(view.sort, page.page + 1, view.per_page));
    let sizes = PAGE_SIZES
        .into_iter()
        .map(|size| {
            let href = view.query(view.sort, 1, size);
            let current = size == view.per_page;
            view! { <A href=href attr:class=if current { "page-size current" } else { "page-size" }>{size.to_string()}</A> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table orders">
                <thead>
                    <tr>
                        <th scope="col">{sort_link(OrderSort::IdDesc, OrderSort::IdAsc, "ID")}</th>
                        <th scope="col">{lang.tr("Cliente")}</th>
                        <th scope="col">{sort_link(OrderSort::AmountDesc, OrderSort::AmountAsc, "Monto")}</th>
                        <th scope="col">{sort_link(OrderSort::DueDateDesc, OrderSort::DueDateAsc, "Fecha de vencimiento")}</th>
                        <th scope="col">{lang.tr("Estado")}</th>
                        <th scope="col">{lang.tr("Notificaciones")}</th>
                        <th scope="col">{lang.tr("Acciones")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page=page.page pages total=page.total noun="órdenes" previous next>
            <span class="muted">{lang.tr("Por página:")}</span>
            {sizes}
        </Pager>
        <Show when=move || paying.get().is_some()>
            <PayModal order=paying.get_untracked().expect("shown when set") today paying version />
        </Show>
        <Show when=move || cancelling.get().is_some()>
            <CancelModal order=cancelling.get_untracked().expect("shown when set") cancelling version />
        </Show>
        <Show when=move || notifying.get().is_some()>
            <NotifyModal order=notifying.get_untracked().expect("shown when set") notifying version />
        </Show>
    }
    .into_any()
}

#[component]
fn OrderRow(
    order: OrderView,
    paying: RwSignal<Option<OrderView>>,
    cancelling: RwSignal<Option<OrderView>>,
    notifying: RwSignal<Option<OrderView>>,
) -> impl IntoView {
    let lang = use_lang();
    let open = order.state.is_open();
    let detail = format!("/ordenes/{}", order.id);
    let for_pay = order.clone();
    let for_cancel = order.clone();
    let for_notify = order.clone();
    let summaries = order.notifications.clone();
    let navigate = leptos_router::hooks::use_navigate();
    let open_detail = detail.clone();
    view! {
        <tr class="clickable" on:click=move |_| navigate(&open_detail, Default::default())>
            <td><A href=detail.clone()>{format!("#{}", order.id)}</A></td>
            <td>{order.client_name.clone()}</td>
            <td class="amount">{money(lang, order.amount)}</td>
            <td>{date(lang, order.due_date)}</td>
            <td><StateBadge state=order.state /></td>
            <td><DeliveryBadges summaries /></td>
            <td class="actions">
                {open.then(|| view! {
                    <button type="button" class="link-button" on:click=move |ev| { ev.stop_propagation(); notifying.set(Some(for_notify.clone())) }>{lang.tr("Notificar")}</button>
                })}
                {open.then(|| view! {
                    <button type="button" class="link-button" on:click=move |ev| { ev.stop_propagation(); paying.set(Some(for_pay.clone())) }>{lang.tr("Pagar")}</button>
                    <button type="button" class="link-button danger-text" on:click=move |ev| { ev.stop_propagation(); cancelling.set(Some(for_cancel.clone())) }>{lang.tr("Anular")}</button>
                })}
            </td>
        </tr>
    }
}

/// "Notificaciones": per channel, the latest state and how many were sent.
#[component]
fn DeliveryBadges(summaries: Vec<ChannelSummary>) -> impl IntoView {
    let lang = use_lang();
    if summaries.is_empty() {
        return view! { <span class="muted">"—"</span> }.into_any();
    }
    summaries
        .into_iter()
        .map(|s| {
            let (channel, state) = (lang.tr(s.channel.label()), lang.tr(s.state.label()));
            let text = if s.sent > 1 { format!("{channel}: {state} ({})", s.sent) } else { format!("{channel}: {state}") };
            let title = lang.tr(&s.last_error.unwrap_or_else(|| format!("{} enviados por {}", s.sent, s.channel.label())));
            view! { <span class=format!("badge {}", s.state.css()) title=title>{text}</span> }
        })
        .collect_view()
        .into_any()
}

#[component]
fn StateBadge(state: OrderState) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("badge state {}", state.css())>{lang.tr(state.label())}</span> }
}

#[component]
fn PayModal(
    order: OrderView,
    today: chrono::NaiveDate,
    paying: RwSignal<Option<OrderView>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let pay = ServerAction::<PayOrder>::new();
    let error = action_error(pay);
    let id = order.id;
    toast_outcome(pay, move |_| format!("Orden #{id} marcada como pagada."));
    Effect::new(move |_| {
        if let Some(Ok(())) = pay.value().get() {
            paying.set(None);
            version.update(|v| *v += 1);
        }
    });
    let methods = PaymentMethod::ALL
        .into_iter()
        .map(|m| view! { <option value=m.as_db()>{lang.tr(m.label())}</option> })
        .collect_view();
    let title = format!("Pagar orden #{} · {} · {}", order.id, order.client_name, order.amount);
    let lang = use_lang();
    view! {
        <Modal title on_close=Callback::new(move |_| paying.set(None))>
            <ActionForm action=pay attr:class="form-grid">
                <input type="hidden" name="id" value=order.id />
                <label for="paid_on">{lang.tr("Fecha de pago")}</label>
                <input id="paid_on" type="date" name="paid_on" value=today.to_string() />
                <FieldError error field="paid_on" />
                <label for="method">{lang.tr("Método de pago")}</label>
                <select id="method" name="method">{methods}</select>
                <FieldError error field="method" />
                <label for="reference">{lang.tr("Referencia (opcional)")}</label>
                <input id="reference" name="reference" maxlength="200" />
                <FieldError error field="reference" />
                <FormError error />
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || pay.pending().get()>{lang.tr("Confirmar pago")}</button>
                    <button type="button" class="button ghost" on:click=move |_| paying.set(None)>{lang.tr("Cancelar")}</button>
                </div>
            </ActionForm>
        </Modal>
    }
}

#[component]
fn CancelModal(
    order: OrderView,
    cancelling: RwSignal<Option<OrderView>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let cancel = ServerAction::<CancelOrder>::new();
    let error = action_error(cancel);
    let id = order.id;
    toast_outcome(cancel, move |_| format!("Orden #{id} anulada."));
    Effect::new(move |_| {
        if let Some(Ok(())) = cancel.value().get() {
            cancelling.set(None);
            version.update(|v| *v += 1);
        }
    });
    let title = format!("Anular orden #{} · {} · {}", order.id, order.client_name, order.amount);
    view! {
        <Modal title on_close=Callback::new(move |_| cancelling.set(None))>
            <p>{lang.tr("Una orden anulada no se puede reactivar. Si hace falta, tendrás que crear una nueva.")}</p>
            <ActionForm action=cancel attr:class="form-grid">
                <input type="hidden" name="id" value=order.id />
                <label for="reason">{lang.tr("Motivo (opcional)")}</label>
                <input id="reason" name="reason" maxlength="200" />
                <FieldError error field="reason" />
                <FormError error />
                <div class="form-actions">
                    <button type="submit" class="button danger" disabled=move || cancel.pending().get()>{lang.tr("Anular orden")}</button>
                    <button type="button" class="button ghost" on:click=move |_| cancelling.set(None)>{lang.tr("Volver")}</button>
                </div>
            </ActionForm>
        </Modal>
    }
}

/// "Notificar": confirms, queues the reminder, and asks again when the order was notified
/// within the hour.
#[component]
fn NotifyModal(
    order: OrderView,
    notifying: RwSignal<Option<OrderView>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let send = ServerAction::<NotifyOrder>::new();
    let error = action_error(send);
    toast_outcome(send, |outcome| outcome.message.clone());
    let confirm = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            notifying.set(None);
            version.update(|v| *v += 1);
        }
    });
    let repeat = move || matches!(error.get(), Some(AppError::NeedsConfirmation(_)));
    let other_error = Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::NeedsConfirmation(_))));
    let title = format!("Notificar orden #{} · {} · {}", order.id, order.client_name, order.amount);
    view! {
        <Modal title on_close=Callback::new(move |_| notifying.set(None))>
            <p>{lang.tr("Se enviará el recordatorio de pago al cliente por correo y WhatsApp, según los datos de contacto que tenga.")}</p>
            <ActionForm action=send attr:class="form-grid">
                <input type="hidden" name="id" value=order.id />
                <input type="hidden" name="confirm" prop:value=move || confirm.get() />
                <Show when=repeat>
                    <p class="warning-note" role="alert">{move || error.get().map(|e| e.to_string())}</p>
                </Show>
                <FormError error=other_error />
                <div class="form-actions">
                    <Show
                        when=repeat
                        fallback=move || view! {
                            <button type="submit" class="button primary" disabled=move || send.pending().get()>{lang.tr("Enviar recordatorio")}</button>
                        }
                    >
                        <button type="submit" class="button primary" disabled=move || send.pending().get() on:click=move |_| confirm.set("1".into())>
                            {lang.tr("Enviar de todos modos")}
                        </button>
                    </Show>
                    <button type="button" class="button ghost" on:click=move |_| notifying.set(None)>{lang.tr("Cancelar")}</button>
                </div>
            </ActionForm>
        </Modal>
    }
}

#[component]
fn NewOrderModal(creating: RwSignal<bool>, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateOrder>::new();
    let error = action_error(create);
    toast_outcome(create, |created| created.message.clone());
    let notify = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            creating.set(false);
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Modal title="Nueva orden de pago".to_string() on_close=Callback::new(move |_| creating.set(false))>
            <ActionForm action=create attr:class="form-grid">
                <label for="order-client">{lang.tr("Empresa")}</label>
                <ClientPicker name="client_id" input_id="order-client" />
                <FieldError error field="client_id" />
                <label for="due_date">{lang.tr("Fecha de vencimiento")}</label>
                <input id="due_date" type="date" name="due_date" required />
                <FieldError error field="due_date" />
                <label class="checkbox">
                    <input type="checkbox" name="confirm_past" value="on" />
                    {lang.tr("Confirmo la fecha pasada (orden atrasada)")}
                </label>
                <label for="amount">{lang.tr("Monto")}</label>
                <input id="amount" name="amount" inputmode="decimal" placeholder="150.00" required />
                <FieldError error field="amount" />
                <label for="concept">{lang.tr("Concepto (opcional)")}</label>
                <input id="concept" name="concept" maxlength="200" />
                <FieldError error field="concept" />
                <input type="hidden" name="notify" prop:value=move || notify.get() />
                <FormError error />
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || create.pending().get() on:click=move |_| notify.set(String::new())>
                        {lang.tr("Crear Orden")}
                    </button>
                    <button type="submit" class="button ghost" disabled=move || create.pending().get() on:click=move |_| notify.set("1".into())>
                        {lang.tr("Crear y Notificar Orden")}
                    </button>
                    <button type="button" class="button ghost" on:click=move |_| creating.set(false)>{lang.tr("Cancelar")}</button>
                </div>
            </ActionForm>
        </Modal>
    }
}

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()));
    let detail = Resource::new(move || id.get(), |id| async move {
        match id {
            Some(id) => get_order(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text="Detalle de la orden" />
        <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => {
                        let order = detail.order;
                        let row = move |label: &'static str, value: String| view! { <dt>{lang.tr(label)}</dt><dd>{value}</dd> };
                        let date = move |d: chrono::NaiveDate| date(lang, d);
                        view! {
                            <header class="page-header">
                                <h1>{lang.tr(&format!("Orden #{}", order.id))}</h1>
                                <A href="/" attr:class="button ghost">{lang.tr("Volver a Pagos")}</A>
                            </header>
                            <section class="card">
                                <dl class="details">
                                    {row("Cliente", order.client_name.clone())}
                                    {row("Monto", money(lang, order.amount))}
                                    {row("Fecha de vencimiento", date(order.due_date))}
                                    <dt>{lang.tr("Estado")}</dt><dd><StateBadge state=order.state /></dd>
                                    {row("Concepto", order.concept.clone().unwrap_or_else(|| "—".into()))}
                                    {row("Origen", lang.tr(if order.automatic { "Automática" } else { "Manual" }))}
                                    {order.paid_on.map(|d| row("Pagado el", date(d)))}
                                    {order.payment_method.map(|m| row("Método de pago", lang.tr(m.label())))}
                                    {order.payment_reference.clone().map(|r| row("Referencia", r))}
                                    {order.cancelled_at.map(|at| row("Anulado el", date(at.date_naive())))}
                                    {order.cancel_reason.clone().map(|r| row("Motivo de anulación", r))}
                                </dl>
                            </section>
                            <section class="card">
                                <h2>{lang.tr("Notificaciones")}</h2>
                                <NotificationLog notifications=detail.notifications />
                            </section>
                            <section class="card">
                                <h2>{lang.tr("Historial")}</h2>
                                <ol class="history">
                                    {detail
                                        .history
                                        .into_iter()
                                        .map(|entry| view! {
                                            <li>
                                                <time datetime=entry.at.to_rfc3339()>{value(lang, &entry.local_time)}</time>
                                                " · "{lang.tr(&entry.what)}
                                                {entry.who.map(|who| format!(" · {who}"))}
                                            </li>
                                        })
                                        .collect_view()}
                                </ol>
                            </section>
                        }
                        .into_any()
                    }
                    Err(AppError::NotFound) => view! { <section class="empty-state"><p>{lang.tr("Esa orden no existe.")}</p></section> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Every notification of an order and every try at delivering it.
#[component]
fn NotificationLog(notifications: Vec<NotificationView>) -> impl IntoView {
    let lang = use_lang();
    if notifications.is_empty() {
        return view! { <p class="muted">{lang.tr("Esta orden aún no se ha notificado. Usa «Notificar» en la lista de Pagos.")}</p> }.into_any();
    }
    view! {
        <ul class="notification-log">
            {notifications
                .into_iter()
                .map(|n| {
                    let origin = lang.tr(if n.automatic { "automática" } else { "manual" });
                    view! {
                        <li>
                            <p>
                                <span class=format!("badge {}", n.state.css())>{format!("{}: {}", lang.tr(n.channel.label()), lang.tr(n.state.label()))}</span>
                                {format!(" {} · {origin} · {}", n.recipient, lang.tr(&format!("creada {}", n.created_local)))}
                            </p>
                            {(!n.attempts.is_empty()).then(|| view! {
                                <ol class="attempts">
                                    {n.attempts
                                        .into_iter()
                                        .map(|a| view! {
                                            <li>
                                                {format!("{} · {}", value(lang, &a.local_time), lang.tr(a.outcome.label()))}
                                                {a.error.map(|e| view! { <span class="error-text">{format!(" · {}", lang.tr(&e))}</span> })}
                                            </li>
                                        })
                                        .collect_view()}
                                </ol>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

