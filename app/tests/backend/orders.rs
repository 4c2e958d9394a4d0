//! Payment orders on both databases: creating, paying, cancelling, filtering and totals.

use app::backend::orders::{self, NewOrder, Payment};
use app::backend::testing::{Backend, TestDb};
use app::backend::{auth, clients, Db, FixedClock};
use app::model::{ClientData, ClientForm, Money, OrderFilter, OrderSort, OrderState, PaymentMethod};
use app::test_on_both_databases;
use app::AppError;
use chrono::{DateTime, NaiveDate, Utc};

fn now() -> DateTime<Utc> {
    "2026-12-03T15:00:00Z".parse().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

struct World {
    t: TestDb,
    admin: i64,
    ana: i64,
    luis: i64,
}

impl World {
    fn db(&self) -> &Db {
        &self.t.db
    }

    async fn order(&self, client: i64, due: NaiveDate, cents: i64) -> i64 {
        let order = NewOrder { client_id: client, due_date: due, amount: Money::from_cents(cents), concept: None };
        orders::create(self.db(), self.admin, &order, now()).await.unwrap()
    }
}

async fn world(backend: Backend) -> Option<World> {
    let t = TestDb::new(backend).await?;
    let clock = FixedClock::at(now());
    let admin = auth::create_first_admin(&t.db, &clock, "admin@empresa.pe", "clave-de-prueba-123", "clave-de-prueba-123")
        .await
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for name in ["Ana", "Luis"] {
        let form = ClientForm { name: name.into(), active: Some("on".into()), ..Default::default() };
        ids.push(clients::create(&t.db, admin, &ClientData::parse(&form).unwrap(), now()).await.unwrap().id);
    }
    Some(World { t, admin, ana: ids[0], luis: ids[1] })
}

fn cash() -> Payment {
    Payment { paid_on: today(), method: PaymentMethod::Cash, reference: Some("op-1".into()) }
}

async fn a_new_order_is_pending_and_overdue_once_its_date_passes(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let id = w.order(w.ana, today(), 15_000).await;
    let order = orders::get(w.db(), today(), id).await.unwrap().unwrap();
    assert_eq!((order.state, order.amount.cents(), order.client_name.as_str()), (OrderState::Pending, 15_000, "Ana"));
    let tomorrow = orders::get(w.db(), day(1), id).await.unwrap().unwrap();
    assert_eq!(tomorrow.state, OrderState::Overdue, "no job needed: the state is derived");
}

async fn paying_and_cancelling_are_final(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let paid = w.order(w.ana, day(5), 15_000).await;
    let cancelled = w.order(w.ana, day(-5), 9_000).await;

    orders::pay(w.db(), w.admin, paid, &cash(), now()).await.unwrap();
    orders::cancel(w.db(), w.admin, cancelled, Some("Emitida por error"), now()).await.unwrap();

    for (id, what) in [(paid, "pagada"), (cancelled, "anulada")] {
        let again = orders::pay(w.db(), w.admin, id, &cash(), now()).await.unwrap_err();
        assert!(matches!(&again, AppError::Conflict(m) if m.contains(what)), "{again:?}");
        let again = orders::cancel(w.db(), w.admin, id, None, now()).await.unwrap_err();
        assert!(matches!(again, AppError::Conflict(_)));
    }
    assert_eq!(orders::pay(w.db(), w.admin, 9_999, &cash(), now()).await.unwrap_err(), AppError::NotFound);

    let detail = orders::detail(w.db(), chrono_tz::America::Lima, today(), paid).await.unwrap();
    assert_eq!(detail.order.state, OrderState::Paid);
    assert_eq!(detail.order.payment_method, Some(PaymentMethod::Cash));
    let history: Vec<_> = detail.history.iter().map(|h| h.what.as_str()).collect();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[1].contains("Efectivo") && history[1].contains("op-1"));
    assert_eq!(detail.history[1].who.as_deref(), Some("admin@empresa.pe"));
    assert_eq!(detail.history[1].local_time, "03/12/2026 10:00", "15:00 UTC is 10:00 in Lima");
    let detail = orders::detail(w.db(), chrono_tz::America::Lima, today(), cancelled).await.unwrap();
    assert_eq!(detail.order.cancel_reason.as_deref(), Some("Emitida por error"));
}

async fn an_overdue_order_can_still_be_paid(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let id = w.order(w.ana, day(-10), 15_000).await;
    assert_eq!(orders::get(w.db(), today(), id).await.unwrap().unwrap().state, OrderState::Overdue);
    orders::pay(w.db(), w.admin, id, &cash(), now()).await.unwrap();
    assert_eq!(orders::get(w.db(), today(), id).await.unwrap().unwrap().state, OrderState::Paid);
}

async fn filters_and_totals_always_agree(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let mut ids = Vec::new();
    for (i, client) in [w.ana, w.luis].into_iter().cycle().take(12).enumerate() {
        ids.push(w.order(client, day(i as i64 - 6), 1_000 * (i as i64 + 1)).await);
    }
    orders::pay(w.db(), w.admin, ids[0], &cash(), now()).await.unwrap();
    orders::pay(w.db(), w.admin, ids[7], &cash(), now()).await.unwrap();
    orders::cancel(w.db(), w.admin, ids[1], None, now()).await.unwrap();

    let state_sets: Vec<Vec<OrderState>> = vec![
        vec![],
        vec![OrderState::Paid],
        vec![OrderState::Pending],
        vec![OrderState::Overdue],
        vec![OrderState::Cancelled],
        vec![OrderState::Pending, OrderState::Overdue],
        vec![OrderState::Paid, OrderState::Cancelled, OrderState::Overdue],
    ];
    for states in state_sets {
        for client_id in [None, Some(w.ana), Some(w.luis)] {
            for (due_from, due_to) in [(None, None), (Some(day(-3)), None), (None, Some(day(0))), (Some(day(-4)), Some(day(2)))] {
                let filter = OrderFilter { states: states.clone(), client_id, due_from, due_to };
                let page = orders::list(w.db(), today(), &filter, OrderSort::DueDateAsc, 1, 100).await.unwrap();
                let totals = orders::totals(w.db(), today(), &filter).await.unwrap();
                for order in &page.orders {
                    assert!(states.is_empty() || states.contains(&order.state), "{filter:?}");
                    assert!(client_id.is_none_or(|c| c == order.client_id));
                    assert!(due_from.is_none_or(|d| order.due_date >= d) && due_to.is_none_or(|d| order.due_date <= d));
                }
                for state in OrderState::ALL {
                    let listed: Vec<_> = page.orders.iter().filter(|o| o.state == state).collect();
                    let sum: i64 = listed.iter().map(|o| o.amount.cents()).sum();
                    assert_eq!(totals.of(state).count, listed.len() as i64, "{filter:?} {state:?}");
                    assert_eq!(totals.of(state).amount.cents(), sum, "{filter:?} {state:?}");
                }
                assert_eq!(page.total, page.orders.len() as i64);
                assert_eq!(page.totals, totals, "the page's cards are the totals of its filter");
            }
        }
    }
}

async fn pages_never_overlap_whatever_the_sort(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    // Many equal amounts and dates, so the tie-breaker matters.
    for i in 0..23 {
        w.order(if i % 2 == 0 { w.ana } else { w.luis }, day(i % 3), 5_000).await;
    }
    for sort in OrderSort::ALL {
        let mut seen = Vec::new();
        for page in 1..=5 {
            let listed = orders::list(w.db(), today(), &OrderFilter::default(), sort, page, 5).await.unwrap();
            assert_eq!(listed.total, 23);
            seen.extend(listed.orders.iter().map(|o| o.id));
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 23, "{sort:?}: {seen:?}");
    }
    let by_amount = orders::list(w.db(), today(), &OrderFilter::default(), OrderSort::IdAsc, 1, 3).await.unwrap();
    assert!(by_amount.orders.windows(2).all(|p| p[0].id < p[1].id));
}

async fn an_order_needs_an_existing_client(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let order = NewOrder { client_id: 9_999, due_date: today(), amount: Money::from_cents(100), concept: None };
    let err = orders::create(w.db(), w.admin, &order, now()).await.unwrap_err();
    assert_eq!(err.field(), Some("client_id"));
}

async fn the_export_walks_every_filtered_order_in_slices(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    for i in 0..7 {
        w.order(w.ana, day(i), 100 + i).await;
    }
    w.order(w.luis, day(0), 999).await;
    let filter = OrderFilter { client_id: Some(w.ana), ..Default::default() };
    let mut after = 0;
    let mut seen = Vec::new();
    loop {
        let slice = orders::export_slice(w.db(), today(), &filter, after, 3).await.unwrap();
        if slice.is_empty() {
            break;
        }
        after = slice.last().unwrap().id;
        seen.extend(slice.into_iter().map(|o| o.amount.cents()));
    }
    assert_eq!(seen, vec![100, 101, 102, 103, 104, 105, 106]);
}

async fn the_chart_sums_each_month_by_state_for_all_clients_or_one(backend: Backend) {
    let Some(w) = world(backend).await else { return };
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // Today is 3 December 2026: the chart runs from January to December 2026.
    w.order(w.ana, date(2025, 12, 31), 999).await;
    w.order(w.ana, date(2026, 1, 1), 1_000).await;
    let paid = w.order(w.ana, date(2026, 1, 31), 2_000).await;
    let cancelled = w.order(w.luis, date(2026, 1, 15), 4_000).await;
    w.order(w.luis, date(2026, 11, 30), 8_000).await;
    w.order(w.ana, date(2026, 12, 2), 16_000).await;
    w.order(w.ana, date(2026, 12, 3), 32_000).await;
    w.order(w.luis, date(2026, 12, 31), 64_000).await;
    w.order(w.ana, date(2027, 1, 1), 128_000).await;
    orders::pay(w.db(), w.admin, paid, &cash(), now()).await.unwrap();
    orders::cancel(w.db(), w.admin, cancelled, None, now()).await.unwrap();

    let months = orders::monthly(w.db(), today(), None).await.unwrap();
    let firsts: Vec<NaiveDate> = months.iter().map(|m| m.month).collect();
    assert_eq!(firsts, (1..=12).map(|m| date(2026, m, 1)).collect::<Vec<_>>());
    let cents = |i: usize, state: OrderState| months[i].totals.of(state).amount.cents();
    assert_eq!([cents(0, OrderState::Paid), cents(0, OrderState::Overdue), cents(0, OrderState::Cancelled)], [2_000, 1_000, 4_000]);
    assert_eq!(months[0].totals.of(OrderState::Overdue).count, 1);
    assert_eq!(cents(10, OrderState::Overdue), 8_000);
    // Due yesterday is overdue, due today and later still pending.
    assert_eq!([cents(11, OrderState::Overdue), cents(11, OrderState::Pending)], [16_000, 96_000]);
    assert_eq!(months[11].totals.of(OrderState::Pending).count, 2);
    assert!(months[1..10].iter().all(|m| m.totals == Default::default()));
    assert_eq!(app::model::MonthTotals::largest(&months).cents(), 112_000);

    let luis = orders::monthly(w.db(), today(), Some(w.luis)).await.unwrap();
    assert_eq!(luis[0].totals.of(OrderState::Cancelled).amount.cents(), 4_000);
    assert_eq!(luis[0].totals.of(OrderState::Paid).count, 0);
    assert_eq!(luis[11].totals.of(OrderState::Pending).amount.cents(), 64_000);
    assert_eq!(luis[11].totals.of(OrderState::Overdue).count, 0);

    // The same year through the cards' totals agrees month by month.
    for month in &months {
        let last = month.month.checked_add_months(chrono::Months::new(1)).unwrap() - chrono::Duration::days(1);
        let filter = OrderFilter { due_from: Some(month.month), due_to: Some(last), ..Default::default() };
        assert_eq!(orders::totals(w.db(), today(), &filter).await.unwrap(), month.totals, "{}", month.month);
    }
}

test_on_both_databases!(
    the_chart_sums_each_month_by_state_for_all_clients_or_one,
    a_new_order_is_pending_and_overdue_once_its_date_passes,
    paying_and_cancelling_are_final,
    an_overdue_order_can_still_be_paid,
    filters_and_totals_always_agree,
    pages_never_overlap_whatever_the_sort,
    an_order_needs_an_existing_client,
    the_export_walks_every_filtered_order_in_slices,
);
