//! The `pagos` binary as an operator uses it: help, create-admin from the shell, serving on a
//! fresh SQLite file, and stopping cleanly on SIGTERM.

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const PAGOS: &str = env!("CARGO_BIN_EXE_pagos");

fn pagos(args: &[&str], database_url: &str) -> Command {
    let mut command = Command::new(PAGOS);
    command.args(args).env("DATABASE_URL", database_url).env_remove("PAGOS_ADDR").env("RUST_LOG", "warn");
    command
}

fn create_admin(database_url: &str, email: &str, password_line: &str) -> Output {
    let mut child = pagos(&["create-admin", "--email", email], database_url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(password_line.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_until_healthy(base: &str, server: &mut Child) {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if let Some(status) = server.try_wait().unwrap() {
            panic!("pagos exited early with {status}");
        }
        if let Ok(response) = client.get(format!("{base}/healthz")).send().await {
            if response.status() == 200 {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("pagos did not become healthy");
}

#[test]
fn help_lists_every_setting_and_its_environment_variable() {
    let output = Command::new(PAGOS).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for expected in ["--addr", "PAGOS_ADDR", "127.0.0.1:3000", "--database-url", "DATABASE_URL", "PAGOS_SECRET_KEY", "create-admin", "serve", "seed"] {
        assert!(help.contains(expected), "missing {expected} in:\n{help}");
    }
}

#[test]
fn seed_fills_an_empty_database_and_refuses_one_with_data_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/pagos.db?mode=rwc", dir.path().display());
    let seed = |extra: &[&str]| {
        let mut args = vec!["seed", "--clients", "30", "--orders", "300"];
        args.extend_from_slice(extra);
        pagos(&args, &url).output().unwrap()
    };

    let first = seed(&[]);
    assert!(first.status.success(), "{first:?}");
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("30 clientes, 300 órdenes"), "{said}");

    let again = seed(&[]);
    assert!(!again.status.success());
    let refusal = String::from_utf8_lossy(&again.stderr);
    assert!(refusal.contains("ya tiene datos") && refusal.contains("--force"), "{refusal}");

    let forced = seed(&["--force"]);
    assert!(forced.status.success(), "{forced:?}");
    assert_eq!(String::from_utf8_lossy(&forced.stdout).split(':').nth(1), said.split(':').nth(1), "the same data again");

    let nonsense = pagos(&["seed", "--clients", "0"], &url).output().unwrap();
    assert!(!nonsense.status.success());
    assert!(String::from_utf8_lossy(&nonsense.stderr).contains("al menos 1 cliente"));
}

#[test]
fn create_admin_refuses_a_weak_password_and_a_duplicate_email() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/pagos.db?mode=rwc", dir.path().display());
    let weak = create_admin(&url, "ana@empresa.pe", "corta\n");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("al menos 10 caracteres"), "{weak:?}");

    assert!(create_admin(&url, "ana@empresa.pe", "una-clave-segura-2026\n").status.success());
    let duplicate = create_admin(&url, "ana@empresa.pe", "otra-clave-segura-2026\n");
    assert!(!duplicate.status.success());
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("Ya existe una cuenta con ese correo"), "{duplicate:?}");
}

#[tokio::test]
async fn an_admin_created_from_the_shell_can_sign_in_and_the_server_stops_cleanly_and_keeps_sessions_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist yet: the first run creates it with the database.
    let url = format!("sqlite://{}/data/pagos.db?mode=rwc", dir.path().display());
    let created = create_admin(&url, "ana@empresa.pe", "una-clave-segura-2026\n");
    assert!(created.status.success(), "{created:?}");
    assert!(String::from_utf8_lossy(&created.stdout).contains("ana@empresa.pe"));

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = pagos(&[], &url).env("PAGOS_ADDR", format!("127.0.0.1:{port}")).stderr(Stdio::null()).spawn().unwrap();
    wait_until_healthy(&base, &mut server).await;

    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    // With an administrator present, the set-up page is closed.
    let setup = client.get(format!("{base}/setup")).send().await.unwrap();
    assert_eq!(setup.headers()["location"], "/login");
    let login = client
        .post(format!("{base}/api/auth/login"))
        .form(&[("email", "ana@empresa.pe"), ("password", "una-clave-segura-2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    assert_eq!(client.get(format!("{base}/")).send().await.unwrap().status(), 200);

    stop(server).await;

    // Sessions live in the database: a restart does not sign anyone out.
    let mut server = pagos(&[], &url).env("PAGOS_ADDR", format!("127.0.0.1:{port}")).stderr(Stdio::null()).spawn().unwrap();
    wait_until_healthy(&base, &mut server).await;
    let page = client.get(format!("{base}/configuracion")).send().await.unwrap();
    assert_eq!(page.status(), 200, "still signed in after a restart");
    stop(server).await;
}

async fn stop(mut server: Child) {
    let killed = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || server.wait().unwrap()).await.unwrap();
    assert!(status.success(), "pagos should exit 0 on SIGTERM, got {status}");
}
