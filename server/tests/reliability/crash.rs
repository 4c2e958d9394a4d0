//! `kill -9` in the middle of billing and of delivery, several times, then a restart: the
//! orders, next due dates and notifications end exactly as after an uninterrupted run.

use crate::harness::{world, World, DUE_CLIENTS, REACHABLE};
use app::backend::seed::data::Rng;
use app::backend::testing::Backend;
use std::time::{Duration, Instant};

const SETTLE: Duration = Duration::from_secs(600);

/// Where a crash lands: once billing or delivery has reached this share of its work.
#[derive(Debug, Clone, Copy)]
enum Point {
    Billing(i64),
    Delivery(i64),
}

async fn reached(world: &World, point: Point) -> bool {
    match point {
        Point::Billing(orders) => world.orders().await >= orders,
        Point::Delivery(sent) => world.sent().await >= sent,
    }
}

async fn uninterrupted() -> (crate::harness::Snapshot, Duration) {
    let mut reference = world(Backend::Sqlite).await.unwrap();
    let started = Instant::now();
    let server = reference.start_server("info");
    reference.wait_until_settled(SETTLE).await;
    let took = started.elapsed();
    server.stop().await;
    assert_eq!(reference.double_deliveries(), (0, 0));
    (reference.snapshot().await, took)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_server_mid_billing_and_mid_delivery_changes_nothing_in_the_end() {
    let (expected, took) = uninterrupted().await;
    assert_eq!(expected.orders.len() as i64, DUE_CLIENTS);
    assert_eq!(expected.notifications.len() as i64, 2 * REACHABLE);

    let mut crashed = world(Backend::Sqlite).await.unwrap();
    let mut dice = Rng::new(2026, 12, 4);
    let mut points = Vec::new();
    for _ in 0..2 {
        points.push(Point::Billing(1 + dice.below(DUE_CLIENTS as u64 - 1) as i64));
    }
    for _ in 0..3 {
        points.push(Point::Delivery(1 + dice.below(2 * REACHABLE as u64 - 1) as i64));
    }
    points.sort_by_key(|p| match p {
        Point::Billing(n) => (0, *n),
        Point::Delivery(n) => (1, *n),
    });
    let kills = points.len();
    let mut landed = Vec::new();
    for point in points {
        let server = crashed.start_server("info");
        let started = Instant::now();
        while !reached(&crashed, point).await && started.elapsed() < SETTLE {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
        landed.push((point, crashed.orders().await, crashed.sent().await));
    }
    let server = crashed.start_server("info");
    crashed.wait_until_settled(SETTLE).await;
    server.stop().await;

    let got = crashed.snapshot().await;
    assert_eq!(got.orders, expected.orders, "the same orders");
    assert_eq!(got.due_dates, expected.due_dates, "the same next due dates");
    assert_eq!(got.notifications, expected.notifications, "the same notifications, all sent");
    let (mails, texts) = crashed.double_deliveries();
    println!(
        "crash test (SQLite): uninterrupted run {:.1} s; kills at (point, orders, sent) {landed:?}; \
         after restarts: identical rows; messages delivered again because a kill fell between \
         the far end's acceptance and the row's update: {mails} e-mails, {texts} WhatsApp",
        took.as_secs_f64()
    );
    // A kill can only catch the message on the wire at that moment, one per channel.
    assert!(mails <= kills && texts <= kills, "{mails} {texts}");
}
