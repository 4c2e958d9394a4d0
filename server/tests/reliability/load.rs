//! 60 s of concurrent requests on the Pagos page (SSR) and the order list, on 1 000 000 orders:
//! no error, and the server's memory within its budget the whole time.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PAGOS: &str = env!("CARGO_BIN_EXE_pagos");
const LOAD: Duration = Duration::from_secs(60);
const CONCURRENCY: usize = 8;
/// DESIGN.md's budget for the server's memory under load.
const RSS_BUDGET_KB: u64 = 150 * 1024;

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_minute_of_concurrent_requests_on_a_million_orders_has_no_error_and_stays_in_budget() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/pagos.db?mode=rwc", dir.path().display());
    let seeded = Command::new(PAGOS).args(["seed", "--clients", "100000", "--orders", "1000000"]).env("DATABASE_URL", &url).output().unwrap();
    assert!(seeded.status.success(), "{seeded:?}");
    let mut admin = Command::new(PAGOS).args(["create-admin", "--email", "ana@empresa.pe"]).env("DATABASE_URL", &url).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    admin.stdin.take().unwrap().write_all(b"una-clave-segura-2026\n").unwrap();
    assert!(admin.wait().unwrap().success());

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Command::new(PAGOS)
        .env("DATABASE_URL", &url)
        .env("PAGOS_ADDR", format!("127.0.0.1:{port}"))
        .env("PAGOS_SECRET_KEY_FILE", dir.path().join("pagos.key"))
        .env("RUST_LOG", "warn")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let mut healthy = false;
    for _ in 0..300 {
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status() == 200) {
            healthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(healthy, "pagos did not start");
    let login = client.post(format!("{base}/api/auth/login")).form(&[("email", "ana@empresa.pe"), ("password", "una-clave-segura-2026")]).send().await.unwrap();
    assert_eq!(login.status(), 200);

    let (requests, errors) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let until = Instant::now() + LOAD;
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|worker| {
            let (client, base, requests, errors) = (client.clone(), base.clone(), requests.clone(), errors.clone());
            tokio::spawn(async move {
                let mut n = 0usize;
                while Instant::now() < until {
                    n += 1;
                    let response = if (worker + n) % 2 == 0 {
                        client.get(format!("{base}/?estado=vencido&estado=pendiente")).send().await
                    } else {
                        let body = serde_json::json!({
                            "filter": {"states": if n % 3 == 0 { vec!["Overdue"] } else { vec![] }, "client_id": null, "due_from": null, "due_to": null},
                            "sort": "DueDateDesc", "page": 1 + (n % 50) as u32, "per_page": 25
                        });
                        client.post(format!("{base}/api/orders/list")).json(&body).send().await
                    };
                    requests.fetch_add(1, Ordering::Relaxed);
                    match response {
                        Ok(r) if r.status() == 200 => drop(r.bytes().await),
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    let mut peak = 0;
    while Instant::now() < until {
        peak = peak.max(rss_kb(server.id()));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    for worker in workers {
        worker.await.unwrap();
    }
    peak = peak.max(rss_kb(server.id()));
    let _ = server.kill();
    let _ = server.wait();
    let (requests, errors) = (requests.load(Ordering::Relaxed), errors.load(Ordering::Relaxed));
    println!(
        "load (SQLite, debug build): 1 000 000 orders, {CONCURRENCY} concurrent clients for {} s: {requests} requests \
         ({:.0}/s), {errors} errors, peak RSS {} MB",
        LOAD.as_secs(),
        requests as f64 / LOAD.as_secs_f64(),
        peak / 1024
    );
    assert!(requests > 1_000, "{requests}");
    assert_eq!(errors, 0);
    assert!(peak > 0 && peak <= RSS_BUDGET_KB, "peak RSS {peak} kB");
}
