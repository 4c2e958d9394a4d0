//! The real `pagos` binary (release) on the seeded database, loaded over HTTP: the SSR "Pagos"
//! page and the list server function, with the server's memory read from /proc during the
//! load. The baseline is this benchmark binary re-run as an axum server that answers a fixed
//! string: a separate process on the same runtime settings, loaded the same way.

use crate::report::{thousands, Row, Table};
use crate::timing::quantile;
use base64::Engine;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Set in the environment of the re-run benchmark binary: the address it serves on.
pub const FIXED_STRING_ADDR: &str = "PAGOS_BENCH_FIXED_STRING_ADDR";
const CONCURRENCY: usize = 32;
const LOAD: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(1);
const RSS_BUDGET_MB: f64 = 150.0;

/// The baseline server: what axum does with no work to do.
pub fn serve_fixed_string(addr: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let router = axum::Router::new().route("/", axum::routing::get(|| async { "Pagos" }));
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, router).await.unwrap();
    });
}

pub async fn run(database_url: &str, database: &str, table: &mut Table) {
    let client = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY).build().unwrap();

    let port = free_port();
    let fixed = Server::start(Command::new(std::env::current_exe().unwrap()).env(FIXED_STRING_ADDR, format!("127.0.0.1:{port}")), port).await;
    let base = format!("http://127.0.0.1:{port}");
    let baseline = load(&client, None, move |c| c.get(format!("{base}/")), None).await;
    drop(fixed);

    let port = free_port();
    let key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
    // Run from the workspace, as `cargo leptos serve` would, so the release bundle in
    // target/site is served (and compressed) as in production.
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut pagos = Command::new(env!("CARGO_BIN_EXE_pagos"));
    pagos
        .current_dir(&workspace)
        .env("LEPTOS_OUTPUT_NAME", "pagos")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("DATABASE_URL", database_url)
        .env("PAGOS_ADDR", format!("127.0.0.1:{port}"))
        .env("PAGOS_SECRET_KEY", key)
        .env("RUST_LOG", "warn");
    let server = Server::start(&mut pagos, port).await;
    let base = format!("http://127.0.0.1:{port}");
    let cookie = set_up_admin(&client, &base).await;

    // One connection, one request at a time: the page's own latency, without queueing. Each
    // address is new (an extra query parameter the page ignores), so every page is rendered
    // rather than answered by the page cache.
    let fresh = Arc::new(AtomicU64::new(0));
    let alone = {
        let (client, cookie, base, fresh) = (client.clone(), cookie.clone(), base.clone(), fresh.clone());
        crate::timing::time(200, move || {
            let (client, cookie, base) = (client.clone(), cookie.clone(), base.clone());
            let n = fresh.fetch_add(1, Ordering::Relaxed);
            async move {
                let response = client.get(format!("{base}/?vista={n}")).header(reqwest::header::COOKIE, cookie).send().await.unwrap();
                assert_eq!(response.status(), 200);
                response.bytes().await.unwrap();
            }
        })
        .await
    };
    let page = {
        let base = base.clone();
        load(&client, Some(cookie.clone()), move |c| c.get(format!("{base}/")), Some(server.pid())).await
    };
    let rendered = {
        let (base, fresh) = (base.clone(), fresh.clone());
        load(
            &client,
            Some(cookie.clone()),
            move |c| c.get(format!("{base}/?vista={}", fresh.fetch_add(1, Ordering::Relaxed))),
            Some(server.pid()),
        )
        .await
    };
    let list = {
        let base = base.clone();
        let body = serde_json::json!({
            "filter": {"states": [], "client_id": null, "due_from": null, "due_to": null},
            "sort": "DueDateDesc", "page": 1, "per_page": 25
        });
        load(&client, Some(cookie), move |c| c.post(format!("{base}/api/orders/list")).json(&body), Some(server.pid())).await
    };
    let peak = server.peak_rss_mb().max(page.rss_mb).max(rendered.rss_mb).max(list.rss_mb);
    drop(server);

    let baseline_label = format!("{} req/s (fixed-string axum handler)", thousands(baseline.rps));
    for (measure, result, budget, met) in [
        ("SSR «Pagos» page over HTTP", &page, "≥ 30 % of fixed string", Some(page.rps >= 0.30 * baseline.rps)),
        ("SSR «Pagos» page over HTTP, every request rendered", &rendered, "—", None),
        ("list server function over HTTP", &list, "—", None),
    ] {
        table.push(Row {
            database: database.into(),
            measure: format!("{measure} ({CONCURRENCY} connections)"),
            result: format!("{} req/s · p95 {:.1} ms · {} errors", thousands(result.rps), result.p95.as_secs_f64() * 1e3, result.errors),
            baseline: baseline_label.clone(),
            ratio: format!("{:.1} %", 100.0 * result.rps / baseline.rps),
            budget: budget.into(),
            met: met.map(|m| m && result.errors == 0),
        });
    }
    let (p50, p95) = (quantile(&alone, 0.5), quantile(&alone, 0.95));
    table.push(Row {
        database: database.into(),
        measure: "SSR «Pagos» page rendered, one request at a time".into(),
        result: format!("p50 {:.2} ms · p95 {:.2} ms", p50.as_secs_f64() * 1e3, p95.as_secs_f64() * 1e3),
        baseline: "—".into(),
        ratio: "—".into(),
        budget: "p50 ≤ 10 ms".into(),
        met: Some(p50 <= Duration::from_millis(10)),
    });
    table.push(Row {
        database: database.into(),
        measure: "server RSS during the HTTP load (peak)".into(),
        result: format!("{peak:.1} MB"),
        baseline: "—".into(),
        ratio: "—".into(),
        budget: format!("≤ {RSS_BUDGET_MB:.0} MB"),
        met: Some(peak <= RSS_BUDGET_MB),
    });
}

struct Server {
    child: Child,
}

impl Server {
    async fn start(command: &mut Command, port: u16) -> Server {
        let child = command.stdout(Stdio::null()).spawn().unwrap();
        let server = Server { child };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if client.get(format!("http://127.0.0.1:{port}/")).send().await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server on port {port} did not start");
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The most memory the process ever held (VmHWM).
    fn peak_rss_mb(&self) -> f64 {
        status_kb(self.pid(), "VmHWM:").unwrap_or(0) as f64 / 1024.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Creates the first administrator, as the set-up page does, and returns the session cookie.
async fn set_up_admin(client: &reqwest::Client, base: &str) -> String {
    let password = "una-clave-segura-2026";
    let response = client
        .post(format!("{base}/api/auth/setup"))
        .form(&[("email", "admin@empresa.pe"), ("password", password), ("password_confirmation", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "set-up failed");
    let cookie = response.headers().get(reqwest::header::SET_COOKIE).expect("a session cookie").to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

struct Load {
    rps: f64,
    p95: Duration,
    errors: u64,
    /// Highest resident memory of the server sampled during the load.
    rss_mb: f64,
}

/// `CONCURRENCY` connections asking one after another for `LOAD`, after a warm-up.
async fn load<F>(client: &reqwest::Client, cookie: Option<String>, request: F, pid: Option<u32>) -> Load
where
    F: Fn(&reqwest::Client) -> reqwest::RequestBuilder + Send + Sync + Clone + 'static,
{
    let errors = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let rss_kb = Arc::new(AtomicU64::new(0));
    let sampler = pid.map(|pid| {
        let (stop, rss_kb) = (stop.clone(), rss_kb.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                rss_kb.fetch_max(status_kb(pid, "VmRSS:").unwrap_or(0), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    });
    let started = Instant::now();
    let measure_from = started + WARM_UP;
    let end = measure_from + LOAD;
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, cookie, request, errors) = (client.clone(), cookie.clone(), request.clone(), errors.clone());
        workers.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let sent = Instant::now();
                if sent >= end {
                    return times;
                }
                let mut builder = request(&client);
                if let Some(cookie) = &cookie {
                    builder = builder.header(reqwest::header::COOKIE, cookie);
                }
                let ok = match builder.send().await {
                    Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if sent >= measure_from {
                    if ok {
                        times.push(sent.elapsed());
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    let mut times = Vec::new();
    for worker in workers {
        times.extend(worker.await.unwrap());
    }
    stop.store(true, Ordering::Relaxed);
    if let Some(sampler) = sampler {
        sampler.await.unwrap();
    }
    times.sort();
    Load {
        rps: times.len() as f64 / LOAD.as_secs_f64(),
        p95: quantile(&times, 0.95),
        errors: errors.load(Ordering::Relaxed),
        rss_mb: rss_kb.load(Ordering::Relaxed) as f64 / 1024.0,
    }
}
