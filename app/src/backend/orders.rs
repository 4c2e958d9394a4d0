//! Every query on `orders`. The "Vencido" rule, the filters and the sort live here once, so
//! the list, the totals and the CSV export can never disagree.

use super::audit::{self, AuditEntry};
use super::db::{Db, Tx};
use super::notify::outbox::{self, Draft, Origin};
use crate::model::{
    HistoryEntry, Money, MonthTotals, OrderDetail, OrderFilter, OrderPage, OrderSort, OrderState, OrderStatus, OrderView,
    PaymentMethod, StateTotal, Totals,
};
use crate::{on_db, on_tx, AppError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

pub const MAX_PER_PAGE: u32 = 100;

/// The displayed state in SQL; `$1` is always today's date in the business time zone.
const STATE: &str = "CASE WHEN o.status = 'pending' AND o.due_date < $1 THEN 'overdue' ELSE o.status END";

/// A value bound to a filter placeholder.
#[derive(Debug, Clone)]
enum Param {
    Int(i64),
    Date(NaiveDate),
}

/// The rows in `state` today (`$1`): the same rule as `STATE`, as a condition.
fn state_condition(state: OrderState) -> &'static str {
    match state {
        OrderState::Paid => "o.status = 'paid'",
        OrderState::Cancelled => "o.status = 'cancelled'",
        OrderState::Pending => "(o.status = 'pending' AND o.due_date >= $1)",
        OrderState::Overdue => "(o.status = 'pending' AND o.due_date < $1)",
    }
}

/// `WHERE …` for a filter, with its parameters numbered from `$2` (`$1` is today).
fn where_clause(filter: &OrderFilter) -> (String, Vec<Param>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    let next = |param: Param, params: &mut Vec<Param>| {
        params.push(param);
        format!("${}", params.len() + 1)
    };
    if !filter.states.is_empty() {
        let states: Vec<&str> = filter
            .states
            .iter()
            .map(|state| state_condition(*state))
            .collect();
        conditions.push(format!("({})", states.join(" OR ")));
    }
    if let Some(client) = filter.client_id {
        conditions.push(format!("o.client_id = {}", next(Param::Int(client), &mut params)));
    }
    if let Some(from) = filter.due_from {
        conditions.push(format!("o.due_date >= {}", next(Param::Date(from), &mut params)));
    }
    if let Some(to) = filter.due_to {
        conditions.push(format!("o.due_date <= {}", next(Param::Date(to), &mut params)));
    }
    // `$1` must appear in every statement so both drivers agree on its type.
    conditions.push("$1 IS NOT NULL".to_string());
    (format!("WHERE {}", conditions.join(" AND ")), params)
}

fn order_by(sort: OrderSort) -> &'static str {
    match sort {
        OrderSort::DueDateDesc => "o.due_date DESC, o.id DESC",
        OrderSort::DueDateAsc => "o.due_date ASC, o.id ASC",
        OrderSort::AmountDesc => "o.amount_cents DESC, o.id DESC",
        OrderSort::AmountAsc => "o.amount_cents ASC, o.id ASC",
        OrderSort::IdDesc => "o.id DESC",
        OrderSort::IdAsc => "o.id ASC",
    }
}

/// Binds today and the filter's parameters, in order, to any sqlx query.
macro_rules! bind_filter {
    ($query:expr, $today:expr, $params:expr) => {{
        let mut query = $query.bind($today);
        for param in $params.iter() {
            query = match param {
                Param::Int(v) => query.bind(*v),
                Param::Date(v) => query.bind(*v),
            };
        }
        query
    }};
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct OrderRow {
    id: i64,
    client_id: i64,
    client_name: String,
    concept: Option<String>,
    amount_cents: i64,
    due_date: NaiveDate,
    state: String,
    source: String,
    created_at: DateTime<Utc>,
    paid_on: Option<NaiveDate>,
    payment_method: Option<String>,
    payment_reference: Option<String>,
    cancelled_at: Option<DateTime<Utc>>,
    cancel_reason: Option<String>,
}

impl OrderRow {
    fn view(self) -> Result<OrderView, AppError> {
        let Some(state) = OrderState::from_sql(&self.state) else {
            return Err(AppError::internal(format!("order {} has state {}", self.id, self.state)));
        };
        Ok(OrderView {
            id: self.id,
            client_id: self.client_id,
            client_name: self.client_name,
            concept: self.concept,
            amount: Money::from_cents(self.amount_cents),
            due_date: self.due_date,
            state,
            automatic: self.source == "automatic",
            created_at: self.created_at,
            paid_on: self.paid_on,
            payment_method: self.payment_method.as_deref().and_then(PaymentMethod::from_db),
            payment_reference: self.payment_reference,
            cancelled_at: self.cancelled_at,
            cancel_reason: self.cancel_reason,
            notifications: Vec::new(),
        })
    }
}

fn select_columns() -> String {
    format!(
        "o.id, o.client_id, c.name AS client_name, o.concept, o.amount_cents, o.due_date, {STATE} AS state, \
         o.source, o.created_at, o.paid_on, o.payment_method, o.payment_reference, o.cancelled_at, o.cancel_reason"
    )
}

/// One page of orders matching the filter, in the chosen order (ties broken by id, so pages
/// never overlap).
pub async fn list(
    db: &Db,
    today: NaiveDate,
    filter: &OrderFilter,
    sort: OrderSort,
    page: u32,
    per_page: u32,
) -> Result<OrderPage, AppError> {
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let (where_sql, params) = where_clause(filter);
    let limit_at = params.len() + 2;
    let rows_sql = format!(
        "SELECT {} FROM orders o JOIN clients c ON c.id = o.client_id WHERE o.id IN \
         (SELECT o.id FROM orders o {where_sql} ORDER BY {order} LIMIT ${limit_at} OFFSET ${offset_at}) \
         ORDER BY {order}",
        select_columns(),
        order = order_by(sort),
        offset_at = limit_at + 1,
    );
    let limit = i64::from(per_page);
    let offset = i64::from(page - 1) * limit;
    let rows: Vec<OrderRow> = on_db!(db, pool => bind_filter!(sqlx::query_as(&rows_sql), today, params)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?);
    // The same numbers as the cards, so "N órdenes" and the cards always agree.
    let sums = totals(db, today, filter).await?;
    let total = OrderState::ALL.into_iter().map(|state| sums.of(state).count).sum();
    let mut orders: Vec<OrderView> = rows.into_iter().map(OrderRow::view).collect::<Result<_, _>>()?;
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    for (order_id, summary) in outbox::summaries(db, &ids).await? {
        if let Some(order) = orders.iter_mut().find(|o| o.id == order_id) {
            order.notifications.push(summary);
        }
    }
    Ok(OrderPage { orders, total, totals: sums, page, per_page, today })
}

/// Amount and count per state for the filter: the four cards. Without a client filter they
/// come from the per-day totals the triggers keep (a few hundred rows, however many orders);
/// with one, from that client's orders through its index.
pub async fn totals(db: &Db, today: NaiveDate, filter: &OrderFilter) -> Result<Totals, AppError> {
    let (where_sql, params) = where_clause(filter);
    let (source, unit) = if filter.client_id.is_some() { ("orders", "1") } else { ("order_day_totals", "o.count") };
    // One row of conditional sums rather than `GROUP BY` the derived state: grouping by a
    // computed text made SQLite sort every row it read, and the cards are on every page view.
    let sums: Vec<String> = OrderState::ALL
        .into_iter()
        .flat_map(|state| {
            let when = state_condition(state);
            [
                format!("CAST(COALESCE(SUM(CASE WHEN {when} THEN o.amount_cents END), 0) AS BIGINT)"),
                format!("CAST(COALESCE(SUM(CASE WHEN {when} THEN {unit} END), 0) AS BIGINT)"),
            ]
        })
        .collect();
    let sql = format!("SELECT {} FROM {source} o {where_sql}", sums.join(", "));
    let row: (i64, i64, i64, i64, i64, i64, i64, i64) =
        on_db!(db, pool => bind_filter!(sqlx::query_as(&sql), today, params).fetch_one(pool).await?);
    let values = [row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7];
    let mut totals = Totals::default();
    for (state, pair) in OrderState::ALL.into_iter().zip(values.chunks(2)) {
        totals.set(state, StateTotal { amount: Money::from_cents(pair[0]), count: pair[1] });
    }
    Ok(totals)
}

/// The chart on "Pagos": per month of due date, the twelve months ending with today's, the
/// amount in each state, for one client or all. Read per day and summed here, so the month
/// needs no date function (SQLite and PostgreSQL name theirs differently); a year is at most
/// 366 days × 3 statuses rows.
pub async fn monthly(db: &Db, today: NaiveDate, client_id: Option<i64>) -> Result<Vec<MonthTotals>, AppError> {
    let mut months = MonthTotals::last_twelve(today);
    let from = months[0].month;
    let to = today.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(1))).expect("a month follows") - chrono::Days::new(1);
    let (source, unit, client) = match client_id {
        Some(_) => ("orders", "1", "AND o.client_id = $4"),
        None => ("order_day_totals", "o.count", ""),
    };
    let sql = format!(
        "SELECT o.due_date, {STATE} AS state, CAST(SUM(o.amount_cents) AS BIGINT), CAST(SUM({unit}) AS BIGINT) \
         FROM {source} o WHERE o.due_date >= $2 AND o.due_date <= $3 {client} GROUP BY o.due_date, o.status"
    );
    let rows: Vec<(NaiveDate, String, i64, i64)> = on_db!(db, pool => {
        let query = sqlx::query_as(&sql).bind(today).bind(from).bind(to);
        let query = match client_id { Some(id) => query.bind(id), None => query };
        query.fetch_all(pool).await?
    });
    for (due_date, state, cents, count) in rows {
        let Some(state) = OrderState::from_sql(&state) else {
            return Err(AppError::internal(format!("orders due {due_date} have state {state}")));
        };
        let first = due_date.with_day(1).expect("day 1 exists");
        if let Some(month) = months.iter_mut().find(|m| m.month == first) {
            month.totals.add(state, Money::from_cents(cents), count);
        }
    }
    Ok(months)
}

/// Up to `limit` orders after `after_id`, by id: the CSV export walks the filtered list in
/// such slices so it never holds all rows at once.
pub async fn export_slice(
    db: &Db,
    today: NaiveDate,
    filter: &OrderFilter,
    after_id: i64,
    limit: i64,
) -> Result<Vec<OrderView>, AppError> {
    let (where_sql, params) = where_clause(filter);
    let after_at = params.len() + 2;
    let sql = format!(
        "SELECT {} FROM orders o JOIN clients c ON c.id = o.client_id {where_sql} AND o.id > ${after_at} \
         ORDER BY o.id LIMIT ${}",
        select_columns(),
        after_at + 1
    );
    let rows: Vec<OrderRow> = on_db!(db, pool => bind_filter!(sqlx::query_as(&sql), today, params)
        .bind(after_id)
        .bind(limit)
        .fetch_all(pool)
        .await?);
    rows.into_iter().map(OrderRow::view).collect()
}

pub async fn get(db: &Db, today: NaiveDate, id: i64) -> Result<Option<OrderView>, AppError> {
    let sql = format!("SELECT {} FROM orders o JOIN clients c ON c.id = o.client_id WHERE o.id = $2", select_columns());
    let row: Option<OrderRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(today).bind(id).fetch_optional(pool).await?);
    row.map(OrderRow::view).transpose()
}

/// The order and everything that happened to it, oldest first, with times in `tz`.
pub async fn detail(db: &Db, tz: chrono_tz::Tz, today: NaiveDate, id: i64) -> Result<OrderDetail, AppError> {
    let order = get(db, today, id).await?.ok_or(AppError::NotFound)?;
    let sql = "SELECT a.at, u.email, a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.user_id \
               WHERE a.entity = 'order' AND a.entity_id = $1 ORDER BY a.id";
    let rows: Vec<(DateTime<Utc>, Option<String>, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_all(pool).await?);
    let history = rows
        .into_iter()
        .map(|(at, who, what)| {
            let local_time = at.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string();
            HistoryEntry { at, local_time, who, what }
        })
        .collect();
    let notifications = outbox::for_order(db, tz, id).await?;
    Ok(OrderDetail { order, history, notifications })
}

/// A manual order, as "+ Nueva Orden" creates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub client_id: i64,
    pub due_date: NaiveDate,
    pub amount: Money,
    pub concept: Option<String>,
}

pub async fn create(db: &Db, user_id: i64, order: &NewOrder, now: DateTime<Utc>) -> Result<i64, AppError> {
    create_and_queue(db, user_id, order, &[], now).await
}

/// "Crear y Notificar Orden": the order and its reminders in one transaction, so there is
/// never an order whose promised reminder was lost, nor a reminder without its order.
pub async fn create_and_queue(
    db: &Db,
    user_id: i64,
    order: &NewOrder,
    drafts: &[Draft],
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let exists: Option<i64> =
        on_db!(db, pool => sqlx::query_scalar("SELECT id FROM clients WHERE id = $1").bind(order.client_id).fetch_optional(pool).await?);
    if exists.is_none() {
        return Err(AppError::invalid("client_id", "Elige una empresa de la lista."));
    }
    let sql = "INSERT INTO orders (client_id, concept, amount_cents, due_date, status, source, created_at, created_by) \
               VALUES ($1, $2, $3, $4, 'pending', 'manual', $5, $6) RETURNING id";
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, conn => sqlx::query_scalar(sql)
        .bind(order.client_id)
        .bind(&order.concept)
        .bind(order.amount.cents())
        .bind(order.due_date)
        .bind(now)
        .bind(user_id)
        .fetch_one(conn)
        .await?);
    let what = format!("Orden creada por {} con vencimiento {}", order.amount, order.due_date.format("%d/%m/%Y"));
    record_in(&mut tx, user_id, "create", id, what, now).await?;
    if !drafts.is_empty() {
        outbox::enqueue_in(&mut tx, id, drafts, Origin::Manual, Some(user_id), None, now).await?;
        let channels: Vec<_> = drafts.iter().map(|d| d.channel).collect();
        let what = format!("Notificación en cola: {}", super::notify::channel_list(&channels));
        record_in(&mut tx, user_id, "notify", id, what, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// What a reminder of an existing order needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeFacts {
    pub client_id: i64,
    pub open: bool,
    pub amount: Money,
    pub due_date: NaiveDate,
    pub concept: Option<String>,
    pub plan_name: Option<String>,
}

const NOTICE_FACTS: &str = "SELECT o.client_id, o.status, o.amount_cents, o.due_date, o.concept, p.name FROM orders o \
                            LEFT JOIN plans p ON p.id = o.plan_id";

type NoticeRow = (i64, String, i64, NaiveDate, Option<String>, Option<String>);

pub async fn notice_facts(db: &Db, id: i64) -> Result<Option<NoticeFacts>, AppError> {
    let sql = format!("{NOTICE_FACTS} WHERE o.id = $1");
    let row: Option<NoticeRow> = on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
    Ok(row.map(notice_from_row))
}

/// The client's open order that falls due first, if any.
pub async fn oldest_open_notice(db: &Db, client_id: i64) -> Result<Option<NoticeFacts>, AppError> {
    let sql = format!("{NOTICE_FACTS} WHERE o.client_id = $1 AND o.status = 'pending' ORDER BY o.due_date, o.id LIMIT 1");
    let row: Option<NoticeRow> = on_db!(db, pool => sqlx::query_as(&sql).bind(client_id).fetch_optional(pool).await?);
    Ok(row.map(notice_from_row))
}

fn notice_from_row(row: NoticeRow) -> NoticeFacts {
    let (client_id, status, amount, due_date, concept, plan_name) = row;
    NoticeFacts {
        client_id,
        open: status == "pending",
        amount: Money::from_cents(amount),
        due_date,
        concept,
        plan_name,
    }
}

/// An order the scheduler generates from a client's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutomaticOrder {
    pub client_id: i64,
    pub plan_id: i64,
    pub concept: String,
    pub amount_cents: i64,
    pub due_date: NaiveDate,
}

/// Inserts the automatic orders that do not exist yet (the unique index on client and due
/// date is the last guard against a second one) and returns `(id, client_id, due_date)` of
/// those created.
pub async fn insert_automatic_in(
    tx: &mut Tx,
    orders: &[AutomaticOrder],
    now: DateTime<Utc>,
) -> Result<Vec<(i64, i64, NaiveDate)>, AppError> {
    let mut created = Vec::with_capacity(orders.len());
    for chunk in orders.chunks(1000) {
        let sql = format!(
            "INSERT INTO orders (client_id, plan_id, concept, amount_cents, due_date, created_at, status, source) \
             SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, 'pending', 'automatic' \
             FROM (VALUES {}) AS v WHERE true \
             ON CONFLICT (client_id, due_date) WHERE source = 'automatic' DO NOTHING \
             RETURNING id, client_id, due_date",
            tx.values(chunk.len(), 6)
        );
        let rows: Vec<(i64, i64, NaiveDate)> = on_tx!(tx, conn => {
            let mut query = sqlx::query_as(&sql);
            for o in chunk {
                query = query.bind(o.client_id).bind(o.plan_id).bind(&o.concept).bind(o.amount_cents).bind(o.due_date).bind(now);
            }
            query.fetch_all(conn).await?
        });
        created.extend(rows);
    }
    Ok(created)
}

/// An open order and its client, for a reminder.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReminderTarget {
    pub id: i64,
    pub due_date: NaiveDate,
    pub amount_cents: i64,
    pub concept: Option<String>,
    pub plan_name: Option<String>,
    pub client_name: String,
    pub contact_email: Option<String>,
    pub whatsapp: Option<String>,
    pub client_plan: Option<String>,
}

const REMINDER_SELECT: &str = "SELECT o.id, o.due_date, o.amount_cents, o.concept, op.name AS plan_name, \
    c.name AS client_name, c.contact_email, c.whatsapp, cp.name AS client_plan FROM orders o \
    JOIN clients c ON c.id = o.client_id LEFT JOIN plans op ON op.id = o.plan_id LEFT JOIN plans cp ON cp.id = c.plan_id";

/// Open (pending) orders due between `from` and `to`, both included.
pub async fn open_due_between(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReminderTarget>, AppError> {
    let sql = format!("{REMINDER_SELECT} WHERE o.status = 'pending' AND o.due_date >= $1 AND o.due_date <= $2 ORDER BY o.id");
    Ok(on_db!(db, pool => sqlx::query_as(&sql).bind(from).bind(to).fetch_all(pool).await?))
}

/// The same facts for orders just created in `tx`.
pub async fn reminder_targets_in(tx: &mut Tx, ids: &[i64]) -> Result<Vec<ReminderTarget>, AppError> {
    let mut targets = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!("{REMINDER_SELECT} WHERE o.id IN ({}) ORDER BY o.id", placeholders.join(", "));
        let rows: Vec<ReminderTarget> = on_tx!(tx, conn => {
            let mut query = sqlx::query_as(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            query.fetch_all(conn).await?
        });
        targets.extend(rows);
    }
    Ok(targets)
}

/// How an order was paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub paid_on: NaiveDate,
    pub method: PaymentMethod,
    pub reference: Option<String>,
}

/// Pending or overdue → paid. A paid or cancelled order is refused and left as it is.
pub async fn pay(db: &Db, user_id: i64, id: i64, payment: &Payment, now: DateTime<Utc>) -> Result<(), AppError> {
    let sql = "UPDATE orders SET status = 'paid', paid_on = $2, payment_method = $3, payment_reference = $4 \
               WHERE id = $1 AND status = 'pending'";
    let changed = on_db!(db, pool => sqlx::query(sql)
        .bind(id)
        .bind(payment.paid_on)
        .bind(payment.method.as_db())
        .bind(&payment.reference)
        .execute(pool)
        .await?
        .rows_affected());
    if changed == 0 {
        return Err(refused(db, id, "pagar").await);
    }
    let reference = payment.reference.as_deref().map(|r| format!(" (ref. {r})")).unwrap_or_default();
    let what = format!("Pagada el {} con {}{reference}", payment.paid_on.format("%d/%m/%Y"), payment.method.label());
    record(db, user_id, "pay", id, what, now).await
}

/// Pending or overdue → cancelled, for good.
pub async fn cancel(db: &Db, user_id: i64, id: i64, reason: Option<&str>, now: DateTime<Utc>) -> Result<(), AppError> {
    let sql = "UPDATE orders SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3 \
               WHERE id = $1 AND status = 'pending'";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(id).bind(now).bind(reason).execute(pool).await?.rows_affected());
    if changed == 0 {
        return Err(refused(db, id, "anular").await);
    }
    let what = match reason {
        Some(reason) => format!("Anulada: {reason}"),
        None => "Anulada".to_string(),
    };
    record(db, user_id, "cancel", id, what, now).await
}

/// Why a transition did not happen: the order does not exist, or is already final.
async fn refused(db: &Db, id: i64, verb: &str) -> AppError {
    let status: Result<Option<String>, sqlx::Error> =
        on_db!(db, pool => sqlx::query_scalar("SELECT status FROM orders WHERE id = $1").bind(id).fetch_optional(pool).await);
    match status.map(|s| s.as_deref().and_then(OrderStatus::from_db)) {
        Ok(None) => AppError::NotFound,
        Ok(Some(OrderStatus::Paid)) => AppError::Conflict(format!("La orden #{id} ya está pagada: no se puede {verb}.")),
        Ok(Some(OrderStatus::Cancelled)) => AppError::Conflict(format!("La orden #{id} está anulada: no se puede {verb}.")),
        Ok(Some(OrderStatus::Pending)) => AppError::internal(format!("order {id} stayed pending")),
        Err(e) => AppError::internal(e),
    }
}

async fn record(db: &Db, user_id: i64, action: &str, id: i64, detail: String, now: DateTime<Utc>) -> Result<(), AppError> {
    audit::record(db, &entry(user_id, action, id, detail, now)).await
}

/// An entry in the order's history, inside the transaction that changes it.
pub async fn record_in(tx: &mut Tx, user_id: i64, action: &str, id: i64, detail: String, now: DateTime<Utc>) -> Result<(), AppError> {
    audit::record_in(tx, &entry(user_id, action, id, detail, now)).await
}

fn entry(user_id: i64, action: &str, id: i64, detail: String, now: DateTime<Utc>) -> AuditEntry {
    AuditEntry {
        at: now,
        user_id: Some(user_id),
        action: action.into(),
        entity: "order".into(),
        entity_id: Some(id),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_numbers_its_parameters_after_today() {
        let filter = OrderFilter {
            states: vec![OrderState::Pending, OrderState::Overdue],
            client_id: Some(3),
            due_from: Some(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
            due_to: None,
        };
        let (sql, params) = where_clause(&filter);
        assert!(sql.contains("o.client_id = $2") && sql.contains("o.due_date >= $3"), "{sql}");
        assert_eq!(params.len(), 2);
        let (empty, none) = where_clause(&OrderFilter::default());
        assert_eq!(empty, "WHERE $1 IS NOT NULL");
        assert!(none.is_empty());
    }
}

/// An order written by `pagos seed`, in any state, with its id chosen by the seed.
#[derive(Debug, Clone)]
pub struct SeededOrder {
    pub id: i64,
    pub client_id: i64,
    pub plan_id: Option<i64>,
    pub concept: String,
    pub amount_cents: i64,
    pub due_date: NaiveDate,
    /// Stored status: pending, paid or cancelled.
    pub status: String,
    /// manual or automatic.
    pub source: String,
    pub created_at: DateTime<Utc>,
    pub paid_on: Option<NaiveDate>,
    pub payment_method: Option<String>,
    pub payment_reference: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
}

/// Writes seeded orders in multi-row statements; the day totals follow by trigger.
pub async fn insert_seeded_in(tx: &mut Tx, rows: &[SeededOrder]) -> Result<(), AppError> {
    for chunk in rows.chunks(1_000) {
        let sql = format!(
            "INSERT INTO orders (id, client_id, plan_id, concept, amount_cents, due_date, status, source, created_at, \
             paid_on, payment_method, payment_reference, cancelled_at, cancel_reason) VALUES {}",
            tx.values(chunk.len(), 14)
        );
        on_tx!(tx, conn => {
            let mut query = sqlx::query(&sql);
            for o in chunk {
                query = query
                    .bind(o.id)
                    .bind(o.client_id)
                    .bind(o.plan_id)
                    .bind(&o.concept)
                    .bind(o.amount_cents)
                    .bind(o.due_date)
                    .bind(&o.status)
                    .bind(&o.source)
                    .bind(o.created_at)
                    .bind(o.paid_on)
                    .bind(&o.payment_method)
                    .bind(&o.payment_reference)
                    .bind(o.cancelled_at)
                    .bind(&o.cancel_reason);
            }
            query.execute(conn).await?;
        });
    }
    Ok(())
}

pub async fn count_in(tx: &mut Tx) -> Result<i64, AppError> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(conn).await?))
}

/// Removes every order and the day totals they made; their notifications must be gone first.
pub async fn delete_all_in(tx: &mut Tx) -> Result<(), AppError> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM orders").execute(&mut *conn).await?;
        sqlx::query("DELETE FROM order_day_totals").execute(conn).await?;
    });
    Ok(())
}
