use super::notification::{ChannelSummary, NotificationView};
use super::Money;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What is stored. "Vencido" is not stored: it is a pending order past its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    Pending,
    Paid,
    Cancelled,
}

impl OrderStatus {
    pub fn as_db(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(OrderStatus::Pending),
            "paid" => Some(OrderStatus::Paid),
            "cancelled" => Some(OrderStatus::Cancelled),
            _ => None,
        }
    }

    /// The state a user sees on `today` (a date in the business time zone).
    pub fn state_on(self, due_date: NaiveDate, today: NaiveDate) -> OrderState {
        match self {
            OrderStatus::Paid => OrderState::Paid,
            OrderStatus::Cancelled => OrderState::Cancelled,
            OrderStatus::Pending if due_date < today => OrderState::Overdue,
            OrderStatus::Pending => OrderState::Pending,
        }
    }
}

/// The four states of the spec, with their labels and colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrderState {
    Paid,
    Pending,
    Overdue,
    Cancelled,
}

impl OrderState {
    pub const ALL: [OrderState; 4] = [OrderState::Paid, OrderState::Pending, OrderState::Overdue, OrderState::Cancelled];

    pub fn label(self) -> &'static str {
        match self {
            OrderState::Paid => "Pagado",
            OrderState::Pending => "Pendiente",
            OrderState::Overdue => "Vencido",
            OrderState::Cancelled => "Anulado",
        }
    }

    /// The state the orders query computes (`paid`, `pending`, `overdue`, `cancelled`).
    pub fn from_sql(text: &str) -> Option<OrderState> {
        match text {
            "paid" => Some(OrderState::Paid),
            "pending" => Some(OrderState::Pending),
            "overdue" => Some(OrderState::Overdue),
            "cancelled" => Some(OrderState::Cancelled),
            _ => None,
        }
    }

    /// The CSS class of its badge and card.
    pub fn css(self) -> &'static str {
        match self {
            OrderState::Paid => "paid",
            OrderState::Pending => "pending",
            OrderState::Overdue => "overdue",
            OrderState::Cancelled => "cancelled",
        }
    }

    /// The word used in URLs (`?estado=vencido`).
    pub fn slug(self) -> &'static str {
        match self {
            OrderState::Paid => "pagado",
            OrderState::Pending => "pendiente",
            OrderState::Overdue => "vencido",
            OrderState::Cancelled => "anulado",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        OrderState::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// Paying and cancelling apply only to orders still open (pending or overdue); paid and
    /// cancelled orders are final.
    pub fn is_open(self) -> bool {
        matches!(self, OrderState::Pending | OrderState::Overdue)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentMethod {
    Cash,
    Transfer,
    YapePlin,
    Card,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 5] =
        [PaymentMethod::Cash, PaymentMethod::Transfer, PaymentMethod::YapePlin, PaymentMethod::Card, PaymentMethod::Other];

    pub fn label(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "Efectivo",
            PaymentMethod::Transfer => "Transferencia",
            PaymentMethod::YapePlin => "Yape/Plin",
            PaymentMethod::Card => "Tarjeta",
            PaymentMethod::Other => "Otro",
        }
    }

    pub fn as_db(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "efectivo",
            PaymentMethod::Transfer => "transferencia",
            PaymentMethod::YapePlin => "yape_plin",
            PaymentMethod::Card => "tarjeta",
            PaymentMethod::Other => "otro",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_db() == value)
    }
}

/// An order as the table and the detail page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub concept: Option<String>,
    pub amount: Money,
    pub due_date: NaiveDate,
    pub state: OrderState,
    pub automatic: bool,
    pub created_at: DateTime<Utc>,
    pub paid_on: Option<NaiveDate>,
    pub payment_method: Option<PaymentMethod>,
    pub payment_reference: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// Per channel, the latest notification's state and how many were sent (table only).
    #[serde(default)]
    pub notifications: Vec<ChannelSummary>,
}

/// The total and count of one state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StateTotal {
    pub amount: Money,
    pub count: i64,
}

/// The four cards of "Panel de Estadísticas".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub paid: StateTotal,
    pub pending: StateTotal,
    pub overdue: StateTotal,
    pub cancelled: StateTotal,
}

impl Totals {
    pub fn of(&self, state: OrderState) -> StateTotal {
        match state {
            OrderState::Paid => self.paid,
            OrderState::Pending => self.pending,
            OrderState::Overdue => self.overdue,
            OrderState::Cancelled => self.cancelled,
        }
    }

    /// Adds orders to a state's total.
    pub fn add(&mut self, state: OrderState, amount: Money, count: i64) {
        let total = self.of(state);
        self.set(state, StateTotal { amount: Money::from_cents(total.amount.cents() + amount.cents()), count: total.count + count });
    }

    pub fn set(&mut self, state: OrderState, total: StateTotal) {
        match state {
            OrderState::Paid => self.paid = total,
            OrderState::Pending => self.pending = total,
            OrderState::Overdue => self.overdue = total,
            OrderState::Cancelled => self.cancelled = total,
        }
    }
}

/// One month of the chart on "Pagos": the amounts of the orders due that month, per state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTotals {
    /// The first day of the month.
    pub month: NaiveDate,
    pub totals: Totals,
}

impl MonthTotals {
    /// The twelve months that end with `today`'s, oldest first, each with no amounts yet.
    pub fn last_twelve(today: NaiveDate) -> Vec<MonthTotals> {
        let mut month = today.with_day(1).expect("day 1 exists");
        let mut months = Vec::with_capacity(12);
        for _ in 0..12 {
            months.push(MonthTotals { month, totals: Totals::default() });
            month = (month - chrono::Days::new(1)).with_day(1).expect("day 1 exists");
        }
        months.reverse();
        months
    }

    /// The largest month's sum of all four states: the chart's scale.
    pub fn largest(months: &[MonthTotals]) -> Money {
        let cents = months
            .iter()
            .map(|m| OrderState::ALL.into_iter().map(|s| m.totals.of(s).amount.cents()).sum::<i64>())
            .max()
            .unwrap_or(0);
        Money::from_cents(cents)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OrderSort {
    #[default]
    DueDateDesc,
    DueDateAsc,
    AmountDesc,
    AmountAsc,
    IdDesc,
    IdAsc,
}

impl OrderSort {
    pub const ALL: [OrderSort; 6] = [
        OrderSort::DueDateDesc,
        OrderSort::DueDateAsc,
        OrderSort::AmountDesc,
        OrderSort::AmountAsc,
        OrderSort::IdDesc,
        OrderSort::IdAsc,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            OrderSort::DueDateDesc => "vencimiento-desc",
            OrderSort::DueDateAsc => "vencimiento",
            OrderSort::AmountDesc => "monto-desc",
            OrderSort::AmountAsc => "monto",
            OrderSort::IdDesc => "id-desc",
            OrderSort::IdAsc => "id",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        OrderSort::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderSort::DueDateDesc => "Vencimiento (más reciente)",
            OrderSort::DueDateAsc => "Vencimiento (más antiguo)",
            OrderSort::AmountDesc => "Monto (mayor)",
            OrderSort::AmountAsc => "Monto (menor)",
            OrderSort::IdDesc => "ID (más reciente)",
            OrderSort::IdAsc => "ID (más antiguo)",
        }
    }
}

/// "Mostrar filtros": states (several at once), one client, a due-date range. Lives in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrderFilter {
    pub states: Vec<OrderState>,
    pub client_id: Option<i64>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
}

impl OrderFilter {
    /// The query string of this filter (`estado=pagado&estado=vencido&cliente=3&desde=…`).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = self.states.iter().map(|s| format!("estado={}", s.slug())).collect();
        if let Some(client) = self.client_id {
            parts.push(format!("cliente={client}"));
        }
        if let Some(from) = self.due_from {
            parts.push(format!("desde={from}"));
        }
        if let Some(to) = self.due_to {
            parts.push(format!("hasta={to}"));
        }
        parts.join("&")
    }

    /// Reads the filter from query pairs; unknown or malformed values are ignored, so an old
    /// bookmark still opens.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = OrderFilter::default();
        for (key, value) in pairs {
            match key {
                "estado" => {
                    if let Some(state) = OrderState::from_slug(value) {
                        if !filter.states.contains(&state) {
                            filter.states.push(state);
                        }
                    }
                }
                "cliente" => filter.client_id = value.parse().ok(),
                "desde" => filter.due_from = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                "hasta" => filter.due_to = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                _ => {}
            }
        }
        filter.states.sort();
        filter
    }
}

/// One page of the order list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    pub orders: Vec<OrderView>,
    /// The number of orders the filter matches: the sum of `totals`' counts.
    pub total: i64,
    /// The statistics cards for the same filter, computed with the page so that a page view
    /// costs one call and the cards can never disagree with the list.
    pub totals: Totals,
    pub page: u32,
    pub per_page: u32,
    /// The date the states were computed for (today in the business time zone).
    pub today: NaiveDate,
}

impl OrderPage {
    pub fn pages(&self) -> u32 {
        super::paging::page_count(self.total, self.per_page)
    }
}

/// One line of an order's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    /// `at` in the business time zone, as `dd/mm/aaaa hh:mm`.
    pub local_time: String,
    pub who: Option<String>,
    pub what: String,
}

/// An order with its history, for the detail page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub order: OrderView,
    pub history: Vec<HistoryEntry>,
    pub notifications: Vec<NotificationView>,
}

/// A concept typed for an order: optional, trimmed, at most 200 characters.
pub fn parse_concept(input: &str) -> Result<Option<String>, String> {
    let concept = input.trim();
    if concept.is_empty() {
        return Ok(None);
    }
    if concept.chars().count() > 200 {
        return Err("El concepto no puede tener más de 200 caracteres.".into());
    }
    if concept.chars().any(char::is_control) {
        return Err("El concepto no puede tener saltos de línea ni caracteres de control.".into());
    }
    Ok(Some(concept.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_pending_order_is_overdue_only_after_its_due_date() {
        let due = d(2026, 12, 3);
        assert_eq!(OrderStatus::Pending.state_on(due, d(2026, 12, 2)), OrderState::Pending);
        assert_eq!(OrderStatus::Pending.state_on(due, d(2026, 12, 3)), OrderState::Pending, "due today is not late");
        assert_eq!(OrderStatus::Pending.state_on(due, d(2026, 12, 4)), OrderState::Overdue);
        assert_eq!(OrderStatus::Paid.state_on(due, d(2027, 1, 1)), OrderState::Paid);
        assert_eq!(OrderStatus::Cancelled.state_on(due, d(2027, 1, 1)), OrderState::Cancelled);
    }

    #[test]
    fn only_open_orders_can_be_paid_or_cancelled() {
        assert!(OrderState::Pending.is_open());
        assert!(OrderState::Overdue.is_open());
        assert!(!OrderState::Paid.is_open());
        assert!(!OrderState::Cancelled.is_open());
    }

    #[test]
    fn filters_round_trip_through_the_url_and_ignore_junk() {
        let filter = OrderFilter {
            states: vec![OrderState::Pending, OrderState::Overdue],
            client_id: Some(7),
            due_from: Some(d(2026, 1, 1)),
            due_to: Some(d(2026, 12, 31)),
        };
        let query = filter.to_query();
        let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
        assert_eq!(OrderFilter::from_pairs(pairs), filter);
        let junk = OrderFilter::from_pairs([("estado", "raro"), ("cliente", "x"), ("desde", "ayer")]);
        assert_eq!(junk, OrderFilter::default());
    }

    #[test]
    fn names_survive_the_database() {
        for status in [OrderStatus::Pending, OrderStatus::Paid, OrderStatus::Cancelled] {
            assert_eq!(OrderStatus::from_db(status.as_db()), Some(status));
        }
        for method in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::from_db(method.as_db()), Some(method));
        }
        for sort in OrderSort::ALL {
            assert_eq!(OrderSort::from_slug(sort.slug()), Some(sort));
        }
    }

    #[test]
    fn concepts_are_optional_and_bounded() {
        assert_eq!(parse_concept("  "), Ok(None));
        assert_eq!(parse_concept(" Mensualidad enero ").unwrap().as_deref(), Some("Mensualidad enero"));
        assert!(parse_concept(&"x".repeat(201)).is_err());
    }

    fn state() -> impl Strategy<Value = OrderState> {
        prop_oneof![Just(OrderState::Paid), Just(OrderState::Pending), Just(OrderState::Overdue), Just(OrderState::Cancelled)]
    }

    fn date() -> impl Strategy<Value = NaiveDate> {
        (2000i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, day)| d(y, m, day))
    }

    proptest! {
        #[test]
        fn any_filter_survives_its_url(
            states in proptest::collection::btree_set(state(), 0..4),
            client_id in proptest::option::of(1i64..i64::MAX),
            due_from in proptest::option::of(date()),
            due_to in proptest::option::of(date()),
        ) {
            let filter = OrderFilter { states: states.into_iter().collect(), client_id, due_from, due_to };
            let query = filter.to_query();
            let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
            prop_assert_eq!(OrderFilter::from_pairs(pairs), filter);
        }

        #[test]
        fn junk_in_the_url_never_panics_and_keeps_states_unique(
            pairs in proptest::collection::vec(("(estado|cliente|desde|hasta|.{0,8})", ".{0,40}"), 0..12)
        ) {
            let filter = OrderFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let mut states = filter.states.clone();
            states.dedup();
            prop_assert_eq!(states, filter.states);
        }

        #[test]
        fn concepts_are_trimmed_and_bounded_whatever_is_typed(input in "\\PC{0,300}") {
            match parse_concept(&input) {
                Ok(Some(concept)) => {
                    prop_assert_eq!(concept.trim(), concept.as_str());
                    prop_assert!(!concept.is_empty() && concept.chars().count() <= 200);
                }
                Ok(None) => prop_assert!(input.trim().is_empty()),
                Err(message) => prop_assert!(!message.is_empty()),
            }
        }
    }
}
