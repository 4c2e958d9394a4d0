//! The chart on "Pagos": the last twelve months by due date, one stacked bar per month with
//! the amounts paid, pending, overdue and cancelled. Plain SVG drawn by the server; the same
//! figures are in a table for screen readers, and each bar piece names its amount on hover.

use crate::i18n::money;
use crate::model::{MonthTotals, OrderState};
use leptos::prelude::*;
use super::lang::use_lang;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 240.0;
/// Room for the amounts on the left and the month names below.
const LEFT: f64 = 88.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 12.0;
const GRID_LINES: i64 = 4;
const SHORT_MONTHS: [&str; 12] = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];

/// Where each bar piece goes: heights in chart units, stacked from the bottom.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    state: OrderState,
    y: f64,
    height: f64,
}

fn pieces(month: &MonthTotals, scale_cents: i64) -> Vec<Piece> {
    let plot = HEIGHT - BOTTOM - TOP;
    let mut base = HEIGHT - BOTTOM;
    OrderState::ALL
        .into_iter()
        .filter_map(|state| {
            let cents = month.totals.of(state).amount.cents();
            if cents <= 0 || scale_cents <= 0 {
                return None;
            }
            let height = plot * cents as f64 / scale_cents as f64;
            base -= height;
            Some(Piece { state, y: base, height })
        })
        .collect()
}

/// A round scale above the largest month, so the grid lines fall on readable amounts.
fn scale(largest_cents: i64) -> i64 {
    if largest_cents <= 0 {
        return 100 * GRID_LINES;
    }
    let step = (largest_cents + GRID_LINES - 1) / GRID_LINES;
    let magnitude = 10_i64.pow(step.ilog10());
    let step = [1, 2, 5, 10].into_iter().map(|m| m * magnitude).find(|s| *s >= step).unwrap_or(step);
    step * GRID_LINES
}

#[component]
pub fn MonthlyChart(months: Vec<MonthTotals>) -> impl IntoView {
    let lang = use_lang();
    let month_name = move |month: u32| lang.tr(SHORT_MONTHS[(month as usize + 11) % 12]);
    use chrono::Datelike;
    let scale_cents = scale(MonthTotals::largest(&months).cents());
    let slot = (WIDTH - LEFT) / months.len().max(1) as f64;
    let bar = slot * 0.6;
    let empty = months.iter().all(|m| m.totals == Default::default());
    let grid = (0..=GRID_LINES)
        .map(|i| {
            let y = HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * i as f64 / GRID_LINES as f64;
            let amount = crate::model::Money::from_cents(scale_cents / GRID_LINES * i);
            view! {
                <line class="grid" x1=LEFT x2=WIDTH y1=y y2=y />
                <text class="axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{money(lang, amount)}</text>
            }
        })
        .collect_view();
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
            let name = month_name(month.month.month());
            let label = format!("{name} {}", month.month.year());
            let rects = pieces(month, scale_cents)
                .into_iter()
                .map(|piece| {
                    let total = month.totals.of(piece.state);
                    let tip = format!("{label} · {}: {}", lang.tr(piece.state.label()), money(lang, total.amount));
                    view! {
                        <rect class=format!("bar {}", piece.state.css()) x=x y=piece.y width=bar height=piece.height>
                            <title>{tip}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <g>
                    {rects}
                    <text class="axis" x=x + bar / 2.0 y=HEIGHT - 8.0 text-anchor="middle">{name}</text>
                </g>
            }
        })
        .collect_view();
    // The figures in words, one month per line, for screen readers.
    let rows = months
        .iter()
        .map(|month| {
            let amounts: Vec<String> =
                OrderState::ALL.into_iter().map(|state| format!("{} {}", lang.tr(state.label()), money(lang, month.totals.of(state).amount))).collect();
            view! { <li>{format!("{} {}: {}", month_name(month.month.month()), month.month.year(), amounts.join(", "))}</li> }
        })
        .collect_view();
    let legend = OrderState::ALL
        .into_iter()
        .map(|state| view! { <li><span class=format!("swatch {}", state.css()) aria-hidden="true"></span>{lang.tr(state.label())}</li> })
        .collect_view();
    view! {
        <figure class="card chart" aria-labelledby="chart-caption">
            <figcaption id="chart-caption">
                <span class="chart-title">{lang.tr("Últimos 12 meses")}</span>
                <span class="muted">{lang.tr(" · montos por mes de vencimiento")}</span>
            </figcaption>
            <ul class="legend">{legend}</ul>
            {empty.then(|| view! { <p class="muted chart-empty">{lang.tr("Aún no hay órdenes con vencimiento en estos meses.")}</p> })}
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=lang.tr("Gráfico de barras de los montos por mes y estado; los datos están en la lista siguiente") focusable="false">
                {grid}
                {bars}
            </svg>
            <div class="visually-hidden">
                <p>{lang.tr("Montos por mes de vencimiento y estado")}</p>
                <ul>{rows}</ul>
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Money, StateTotal, Totals};
    use chrono::NaiveDate;

    fn month(paid: i64, pending: i64) -> MonthTotals {
        let mut totals = Totals::default();
        totals.set(OrderState::Paid, StateTotal { amount: Money::from_cents(paid), count: 1 });
        totals.set(OrderState::Pending, StateTotal { amount: Money::from_cents(pending), count: 1 });
        MonthTotals { month: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), totals }
    }

    #[test]
    fn the_scale_is_a_round_amount_at_or_above_the_largest_month() {
        assert_eq!(scale(0), 400);
        assert_eq!(scale(1), 4);
        assert_eq!(scale(35_000), 40_000);
        assert_eq!(scale(41_000), 80_000);
        assert_eq!(scale(123_456), 200_000);
        for cents in [1, 99, 1_000, 99_999, 7_654_321] {
            assert!(scale(cents) >= cents, "{cents}");
            assert!(scale(cents) <= cents * 10, "{cents}");
        }
    }

    #[test]
    fn pieces_stack_from_the_bottom_in_proportion_to_their_amounts() {
        let plot = HEIGHT - BOTTOM - TOP;
        let stacked = pieces(&month(10_000, 30_000), 40_000);
        assert_eq!(stacked.len(), 2, "empty states draw nothing");
        assert_eq!(stacked[0].state, OrderState::Paid);
        assert!((stacked[0].height - plot / 4.0).abs() < 1e-9);
        assert!((stacked[0].y + stacked[0].height - (HEIGHT - BOTTOM)).abs() < 1e-9);
        assert!((stacked[1].y + stacked[1].height - stacked[0].y).abs() < 1e-9);
        assert!((stacked[1].y - TOP).abs() < 1e-9, "the largest month reaches the top");
    }

    #[test]
    fn the_chart_names_every_month_and_amount_for_screen_readers() {
        let months = MonthTotals::last_twelve(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        let mut months = months;
        months[11] = MonthTotals { month: months[11].month, ..month(12_345, 0) };
        let html = view! { <MonthlyChart months /> }.to_html();
        assert!(html.contains("role=\"img\""), "{html}");
        assert!(html.contains("ene 2026") && html.contains("dic 2026"), "{html}");
        assert!(html.contains("S/ 123.45"), "{html}");
        assert_eq!(html.matches("<rect").count(), 1, "{html}");
    }
}
