//! `GET /api/orders/export.csv?estado=…&cliente=…&desde=…&hasta=…`: the filtered order list as
//! CSV, streamed in slices so a million orders never sit in memory at once. The gate has
//! already checked the session (every `/api/` path needs one).

use app::backend::{export, orders, settings, AppState};
use app::model::OrderFilter;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const SLICE: i64 = 2_000;

pub async fn orders_csv(State(state): State<AppState>, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let filter = OrderFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let today = match settings::today(&state.db, state.clock.as_ref()).await {
        Ok(today) => today,
        Err(e) => return (StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), e.to_string()).into_response(),
    };
    let file = format!("ordenes-{}.csv", today.format("%Y-%m-%d"));
    let first = format!("{}{}", export::BOM, export::header());
    // Each step yields the next slice after the last id written; `None` ends the file.
    let slices = futures::stream::unfold(Some(0i64), move |after| {
        let (db, filter) = (state.db.clone(), filter.clone());
        async move {
            let after = after?;
            match orders::export_slice(&db, today, &filter, after, SLICE).await {
                Ok(slice) if slice.is_empty() => None,
                Ok(slice) => {
                    let next = slice.last().map(|o| o.id);
                    let text: String = slice.iter().map(export::row).collect();
                    Some((Ok::<_, std::io::Error>(text), next))
                }
                Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
            }
        }
    });
    let body = futures::StreamExt::chain(futures::stream::once(async move { Ok(first) }), slices);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        Body::from_stream(body),
    )
        .into_response()
}
