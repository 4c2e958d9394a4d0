//! `pagos seed`: fills a database with realistic, deterministic data for demonstrations and
//! benchmarks. Everything is written in one transaction, so an interrupted seed leaves the
//! database as it was.

pub mod data;

use super::clock::Clock;
use super::db::{Db, Tx};
use super::notify::outbox;
use super::{audit, clients, orders, plans, settings};
use crate::AppError;
use data::OrderSlot;

/// What to generate. The same options on the same day give the same rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedOptions {
    pub clients: i64,
    pub orders: i64,
    pub seed: u64,
    /// Replace the plans, clients, orders and notifications already there.
    pub force: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub plans: i64,
    pub clients: i64,
    pub orders: i64,
    pub notifications: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(
        "La base de datos ya tiene datos ({plans} planes, {clients} clientes, {orders} órdenes): no se tocó nada. \
         Con --force se reemplazan planes, clientes, órdenes y notificaciones (las cuentas y la configuración se conservan)."
    )]
    HasData { plans: i64, clients: i64, orders: i64 },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for SeedError {
    fn from(e: sqlx::Error) -> Self {
        SeedError::App(e.into())
    }
}

/// Rows generated and written at a time: bounded memory whatever the size asked for.
const CHUNK: i64 = 10_000;

pub async fn run(db: &Db, clock: &dyn Clock, options: SeedOptions) -> Result<SeedReport, SeedError> {
    let per_client = check(options)?;
    let tz = settings::timezone(db).await?;
    let now = clock.now();
    let today = settings::today_in(clock, tz);

    let mut tx = db.begin().await?;
    let existing = (plans::count_in(&mut tx).await?, clients::count_in(&mut tx).await?, orders::count_in(&mut tx).await?);
    if existing != (0, 0, 0) {
        if !options.force {
            let (plans, clients, orders) = existing;
            return Err(SeedError::HasData { plans, clients, orders });
        }
        wipe(&mut tx).await?;
    }
    tx.fast_bulk_load().await?;

    let plan_rows = data::plans();
    plans::insert_seeded_in(&mut tx, &plan_rows, now).await?;

    let mut all_clients = Vec::with_capacity(options.clients as usize);
    for start in (1..=options.clients).step_by(CHUNK as usize) {
        let end = (start + CHUNK - 1).min(options.clients);
        let chunk: Vec<_> = (start..=end).map(|id| data::client(options.seed, id, today)).collect();
        clients::insert_seeded_in(&mut tx, &chunk, now).await?;
        all_clients.extend(chunk);
    }

    let mut notifications = 0;
    for start in (1..=options.orders).step_by(CHUNK as usize) {
        let end = (start + CHUNK - 1).min(options.orders);
        let mut order_rows = Vec::with_capacity(CHUNK as usize);
        let mut logged = Vec::new();
        for id in start..=end {
            let slot = OrderSlot { id, k: (id - 1) / options.clients, per_client };
            let client = &all_clients[((id - 1) % options.clients) as usize];
            let (order, sent) = data::order(options.seed, &slot, client, today, now, tz);
            order_rows.push(order);
            logged.extend(sent);
        }
        orders::insert_seeded_in(&mut tx, &order_rows).await?;
        outbox::insert_logged_in(&mut tx, &logged).await?;
        notifications += logged.len() as i64;
    }
    outbox::log_seeded_attempts_in(&mut tx).await?;

    for table in ["plans", "clients", "orders", "notifications", "notification_attempts"] {
        tx.sync_id_sequence(table).await?;
    }
    tx.commit().await?;
    db.refresh_statistics().await?;
    Ok(SeedReport { plans: plan_rows.len() as i64, clients: options.clients, orders: options.orders, notifications })
}

/// Orders per client, once the sizes are known to make sense.
fn check(options: SeedOptions) -> Result<i64, SeedError> {
    if options.clients < 1 {
        return Err(SeedError::Invalid("Indica al menos 1 cliente (--clients).".into()));
    }
    if options.orders < 0 {
        return Err(SeedError::Invalid("El número de órdenes (--orders) no puede ser negativo.".into()));
    }
    let per_client = (options.orders + options.clients - 1) / options.clients;
    if per_client > data::SPAN_DAYS {
        return Err(SeedError::Invalid(format!(
            "Demasiadas órdenes por cliente ({per_client}): como máximo {} por cliente, una por día en dos años.",
            data::SPAN_DAYS
        )));
    }
    Ok(per_client.max(1))
}

/// Empties what the seed writes, children first; accounts and settings stay.
async fn wipe(tx: &mut Tx) -> Result<(), AppError> {
    outbox::delete_all_in(tx).await?;
    orders::delete_all_in(tx).await?;
    clients::delete_all_in(tx).await?;
    plans::delete_all_in(tx).await?;
    audit::forget_entities_in(tx, &["order", "client", "plan"]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(clients: i64, orders: i64) -> SeedOptions {
        SeedOptions { clients, orders, seed: 1, force: false }
    }

    #[test]
    fn sizes_that_make_no_sense_are_refused_in_spanish() {
        assert!(matches!(check(options(0, 10)), Err(SeedError::Invalid(m)) if m.contains("al menos 1 cliente")));
        assert!(matches!(check(options(10, -1)), Err(SeedError::Invalid(m)) if m.contains("negativo")));
        assert!(matches!(check(options(1, 731)), Err(SeedError::Invalid(m)) if m.contains("Demasiadas órdenes")));
        assert_eq!(check(options(100_000, 1_000_000)).unwrap(), 10);
        assert_eq!(check(options(3, 0)).unwrap(), 1);
    }
}
