//! "Pagos": the orders table, its totals, creating, paying and cancelling orders.

use crate::model::{MonthTotals, NotifyOutcome, OrderDetail, OrderFilter, OrderPage, OrderSort, Totals};
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::guard::authorised;
#[cfg(feature = "ssr")]
use crate::backend::{notify, orders, settings};

/// Arguments are JSON: `{"filter": {"states": ["Overdue"], "client_id": null, "due_from": "2026-01-01",
/// "due_to": null}, "sort": "DueDateDesc", "page": 1, "per_page": 25}`.
#[server(endpoint = "orders/list", input = Json)]
pub async fn list_orders(filter: OrderFilter, sort: OrderSort, page: u32, per_page: u32) -> Result<OrderPage, AppError> {
    let (state, _) = authorised().await?;
    let today = settings::today(&state.db, state.clock.as_ref()).await?;
    orders::list(&state.db, today, &filter, sort, page, per_page).await
}

#[server(endpoint = "orders/totals", input = Json)]
pub async fn order_totals(filter: OrderFilter) -> Result<Totals, AppError> {
    let (state, _) = authorised().await?;
    let today = settings::today(&state.db, state.clock.as_ref()).await?;
    orders::totals(&state.db, today, &filter).await
}

/// The chart: the last twelve months by due date, for one client (`client_id`) or all.
#[server(endpoint = "orders/monthly")]
pub async fn monthly_totals(client_id: Option<i64>) -> Result<Vec<MonthTotals>, AppError> {
    let (state, _) = authorised().await?;
    let today = settings::today(&state.db, state.clock.as_ref()).await?;
    orders::monthly(&state.db, today, client_id).await
}

#[server(endpoint = "orders/get")]
pub async fn get_order(id: i64) -> Result<OrderDetail, AppError> {
    let (state, _) = authorised().await?;
    let tz = settings::timezone(&state.db).await?;
    let today = settings::today_in(state.clock.as_ref(), tz);
    orders::detail(&state.db, tz, today, id).await
}

/// "Crear Orden". A due date already past needs `confirm_past` (a back-dated order).
#[server(endpoint = "orders/create")]
pub async fn create_order(
    client_id: String,
    due_date: String,
    amount: String,
    concept: String,
    confirm_past: Option<String>,
    notify: Option<String>,
) -> Result<CreatedOrder, AppError> {
    use crate::model::{parse_concept, parse_date, Money};
    let (state, user) = authorised().await?;
    let client_id = client_id.trim().parse::<i64>().map_err(|_| AppError::invalid("client_id", "Elige una empresa de la lista."))?;
    let due_date = parse_date(&due_date).map_err(|m| AppError::invalid("due_date", m))?;
    let amount = Money::parse(&amount).map_err(|m| AppError::invalid("amount", m))?;
    let concept = parse_concept(&concept).map_err(|m| AppError::invalid("concept", m))?;
    let today = settings::today(&state.db, state.clock.as_ref()).await?;
    if due_date < today && confirm_past.is_none() {
        return Err(AppError::invalid(
            "due_date",
            "La fecha de vencimiento ya pasó. Marca «Confirmo la fecha pasada» para crear una orden atrasada.",
        ));
    }
    let order = orders::NewOrder { client_id, due_date, amount, concept };
    if notify.is_none_or(|n| n.is_empty()) {
        let id = orders::create(&state.db, user.id, &order, state.clock.now()).await?;
        return Ok(CreatedOrder { id, message: format!("Orden #{id} creada.") });
    }
    // "Crear y Notificar Orden": when no channel can reach the client, nothing is created and
    // the user learns why.
    let notifications = settings::notifications(&state.db).await?;
    let recipient =
        notify::recipient_for(&state.db, client_id, None, order.concept.clone(), order.amount, order.due_date).await?;
    let drafts = notify::drafts(&notifications, &recipient).map_err(|e| match e {
        AppError::Conflict(why) => AppError::Conflict(format!("{why} La orden no se creó: usa «Crear Orden» para crearla sin aviso.")),
        other => other,
    })?;
    let id = orders::create_and_queue(&state.db, user.id, &order, &drafts, state.clock.now()).await?;
    state.deliveries.notify_one();
    let channels: Vec<_> = drafts.iter().map(|d| d.channel).collect();
    Ok(CreatedOrder { id, message: format!("Orden #{id} creada. Aviso en cola por {}.", notify::channel_list(&channels)) })
}

/// "Notificar": queues a reminder of a pending or overdue order on every channel the client
/// can receive. Within an hour of the last one it asks first (`confirm` repeats the call).
#[server(endpoint = "orders/notify")]
pub async fn notify_order(id: i64, confirm: Option<String>) -> Result<NotifyOutcome, AppError> {
    let (state, user) = authorised().await?;
    let notifications = settings::notifications(&state.db).await?;
    let confirmed = confirm.is_some_and(|c| !c.is_empty());
    let queued = notify::notify_order(&state.db, &notifications, user.id, id, confirmed, state.clock.now()).await?;
    state.deliveries.notify_one();
    let message = format!("Aviso de la orden #{id} en cola por {}.", notify::channel_list(&queued));
    Ok(NotifyOutcome { queued, message })
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CreatedOrder {
    pub id: i64,
    pub message: String,
}

/// "Pagar": the payment date (default today), the method and an optional reference.
#[server(endpoint = "orders/pay")]
pub async fn pay_order(id: i64, paid_on: String, method: String, reference: String) -> Result<(), AppError> {
    use crate::model::{parse_date, PaymentMethod};
    let (state, user) = authorised().await?;
    let today = settings::today(&state.db, state.clock.as_ref()).await?;
    let paid_on = if paid_on.trim().is_empty() { today } else { parse_date(&paid_on).map_err(|m| AppError::invalid("paid_on", m))? };
    if paid_on > today {
        return Err(AppError::invalid("paid_on", "La fecha de pago no puede ser futura."));
    }
    let method = PaymentMethod::from_db(method.trim())
        .ok_or_else(|| AppError::invalid("method", "Elige cómo se pagó: efectivo, transferencia, Yape/Plin, tarjeta u otro."))?;
    let reference = short_text(&reference, "reference")?;
    let payment = orders::Payment { paid_on, method, reference };
    orders::pay(&state.db, user.id, id, &payment, state.clock.now()).await
}

/// "Anular": final; the reason is optional.
#[server(endpoint = "orders/cancel")]
pub async fn cancel_order(id: i64, reason: String) -> Result<(), AppError> {
    let (state, user) = authorised().await?;
    let reason = short_text(&reason, "reason")?;
    orders::cancel(&state.db, user.id, id, reason.as_deref(), state.clock.now()).await
}

#[cfg(feature = "ssr")]
fn short_text(input: &str, field: &str) -> Result<Option<String>, AppError> {
    let text = input.trim();
    if text.chars().count() > 200 || text.chars().any(char::is_control) {
        return Err(AppError::invalid(field, "Escribe como máximo 200 caracteres, sin saltos de línea."));
    }
    Ok((!text.is_empty()).then(|| text.to_string()))
}
