//! Every server function, as a signed-in user, fed thousands of malformed and hostile bodies
//! (seeded, so a failure can be replayed): never a 500, never a word of the internals, never a
//! changed row when the call is refused, and never a stored secret in any answer, page or
//! database byte.

use crate::support::{spawn_app, TestApp};
use app::backend::seed::data::Rng;
use app::backend::testing::smtp_sink::closed_port;
use app::backend::testing::Backend;
use app::backend::Db;
use app::{test_on_both_databases, AppError};

const SMTP_PASSWORD: &str = "clave-smtp-hostil-9931";
const QRAPI_KEY: &str = "qrapi-clave-hostil-4417";
const BODIES_PER_ENDPOINT: usize = 100;

/// Every field name any server function takes, so random forms hit real arguments too.
const FIELDS: &[&str] = &[
    "email", "password", "password_confirmation", "name", "price", "interval", "active", "id", "search", "page", "per_page",
    "plan_id", "next_due_date", "whatsapp", "client_id", "due_date", "amount", "concept", "confirm_past", "notify", "confirm",
    "paid_on", "method", "reference", "reason", "enabled", "template", "subject", "host", "port", "username", "encryption",
    "from_name", "from_address", "url", "api_key", "accept_invalid_certs", "which", "email_per_minute", "email_per_day",
    "whatsapp_per_minute", "whatsapp_per_day", "to", "number", "cron_enabled", "days_before", "generation_time", "timezone",
    "remind_on_due_date", "remind_days_after", "filter", "sort",
];

/// Words a leaked internal error would carry.
const INTERNALS: &[&str] = &["sqlx", "SQLITE", "sqlite", "postgres", "syntax error", "panicked", "constraint", "relation ", "thread '", "src/", ".rs:"];

fn hostile_value(dice: &mut Rng) -> String {
    const FIXED: &[&str] = &[
        "", " ", "-1", "0", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e309", "NaN",
        "1.005", "150,50", "S/ 150", "0.001", "2026-02-30", "0000-00-00", "9999-12-31", "2026-13-01", "+51", "+5199595595599999999",
        "a@b", "@", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "'; DROP TABLE orders; --", "\" OR 1=1 --",
        "\0", "%00", "@variable_nombre@variable_", "@variable_x", "https://", "javascript:alert(1)", "http://127.0.0.1:9/",
        "\u{202e}gnp.exe", "../../etc/passwd", "{\"a\":", "[]", "null", "true", "on", "Paid", "efectivo", "starttls",
        "America/Lima", "Mars/Olympus", "25:61", "23:59:60", "smtp_password", "qrapi_key", "DueDateDesc", "1 OR 1=1",
    ];
    match dice.below(10) {
        0 => "x".repeat(1 + dice.below(200_000) as usize),
        1 => "ñ€😀".repeat(1 + dice.below(3_000) as usize),
        2 => (0..dice.below(40)).map(|_| char::from_u32(dice.below(0x11_0000) as u32).unwrap_or('\u{fffd}')).collect(),
        _ => FIXED[dice.below(FIXED.len() as u64) as usize].to_string(),
    }
}

fn hostile_json(dice: &mut Rng) -> String {
    let depth = 1 + dice.below(5_000) as usize;
    let shapes = [
        String::new(),
        "{".into(),
        "null".into(),
        "[]".into(),
        format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        format!("{{\"filter\": {}}}", serde_json::json!(hostile_value(dice))),
        format!("{{\"filter\": {{\"states\": [{}], \"client_id\": {}}}, \"page\": {}}}", serde_json::json!(hostile_value(dice)), "1".repeat(1 + dice.below(40) as usize), "-1"),
        format!("{{\"filter\": {{\"due_from\": {}}}, \"sort\": {}, \"per_page\": 4294967296}}", serde_json::json!(hostile_value(dice)), serde_json::json!(hostile_value(dice))),
        "{\"filter\": {}, \"page\": 0, \"per_page\": 0}".into(),
    ];
    shapes[dice.below(shapes.len() as u64) as usize].clone()
}

/// One request body and its content type.
fn hostile_body(dice: &mut Rng, json_endpoint: bool) -> (Vec<u8>, &'static str) {
    const FORM: &str = "application/x-www-form-urlencoded";
    match dice.below(12) {
        0 => ((0..dice.below(2_000)).map(|_| dice.below(256) as u8).collect(), FORM),
        1 => (b"%zz=%%&=&&&a".to_vec(), FORM),
        2 => (hostile_json(dice).into_bytes(), "application/json"),
        3 => (b"--x\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n1\r\n--x--".to_vec(), "multipart/form-data; boundary=x"),
        4 if json_endpoint => (hostile_json(dice).into_bytes(), "application/json"),
        _ => {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for _ in 0..dice.below(8) {
                let field = FIELDS[dice.below(FIELDS.len() as u64) as usize];
                form.append_pair(field, &hostile_value(dice));
            }
            (form.finish().into_bytes(), FORM)
        }
    }
}

/// Every row of every table, as text: equal before and after means nothing changed.
async fn dump(db: &Db) -> String {
    let mut out = String::new();
    match db {
        Db::Sqlite(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for table in tables {
                let columns: Vec<String> = sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')")).fetch_all(pool).await.unwrap();
                let row = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || ',' || ");
                let sql = format!("SELECT COALESCE(group_concat(r, '\n'), '') FROM (SELECT {row} AS r FROM \"{table}\" ORDER BY rowid)");
                let rows: String = sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap();
                out.push_str(&format!("== {table}\n{rows}\n"));
            }
        }
        Db::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
                 AND table_name <> '_sqlx_migrations' ORDER BY 1",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for table in tables {
                let sql = format!("SELECT COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM \"{table}\" t");
                let rows: String = sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap();
                out.push_str(&format!("== {table}\n{rows}\n"));
            }
        }
    }
    out
}

async fn configure_secrets(app: &TestApp) {
    let port = closed_port().to_string();
    let smtp = [
        ("host", "127.0.0.1"),
        ("port", port.as_str()),
        ("username", "cobranzas@empresa.pe"),
        ("password", SMTP_PASSWORD),
        ("encryption", "none"),
        ("from_name", "Cobranzas"),
        ("from_address", ""),
    ];
    assert_eq!(app.call("/api/settings/smtp", &smtp).await.status(), 200);
    let url = format!("http://127.0.0.1:{}", closed_port());
    assert_eq!(app.call("/api/settings/whatsapp", &[("url", &url), ("api_key", QRAPI_KEY)]).await.status(), 200);
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [SMTP_PASSWORD, QRAPI_KEY] {
        assert!(!text.contains(secret), "{what} holds a secret in clear");
    }
}

async fn hostile_bodies_never_break_or_change_anything(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    configure_secrets(&app).await;
    // Something for ids to point at.
    assert_eq!(app.call("/api/plans/create", &[("name", "Básico"), ("price", "150"), ("interval", "1"), ("active", "on")]).await.status(), 200);
    let client = [("name", "Ferretería Ñandú"), ("email", "pagos@nandu.pe"), ("whatsapp", "+51995955955"), ("plan_id", "1"), ("next_due_date", "2026-12-10"), ("active", "on")];
    assert_eq!(app.call("/api/clients/create", &client).await.status(), 200);
    let order = [("client_id", "1"), ("due_date", "2026-12-10"), ("amount", "150"), ("concept", "Diciembre")];
    assert_eq!(app.call("/api/orders/create", &order).await.status(), 200);

    let mut endpoints: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        // Signing out would only turn the rest into 401s; logout has its own tests.
        .filter(|path| *path != "/api/auth/logout")
        .collect();
    endpoints.sort();
    let mut dice = Rng::new(8, 4, 2026);
    let (mut sent, mut refused, mut accepted) = (0, 0, 0);
    let mut before = dump(&app.db).await;
    for endpoint in &endpoints {
        let json_endpoint = endpoint.starts_with("/api/orders/list") || endpoint.starts_with("/api/orders/totals");
        for _ in 0..BODIES_PER_ENDPOINT {
            let (body, content_type) = hostile_body(&mut dice, json_endpoint);
            let response = app.client.post(app.url(endpoint)).header("content-type", content_type).body(body.clone()).send().await.unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            sent += 1;
            let replay = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            assert_ne!(status, 500, "{endpoint} answered 500 to {content_type} {replay:?}: {text}");
            assert!(status < 500 || status == 503, "{endpoint}: {status} for {replay:?}");
            assert_no_secret(endpoint, &text);
            if status >= 400 {
                refused += 1;
                // The error a script can read, in Spanish, with nothing of the internals.
                if status != 413 {
                    let error: AppError = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{endpoint} {status}: not an error: {text}"));
                    assert!(!error.to_string().is_empty());
                }
                for word in INTERNALS {
                    assert!(!text.contains(word), "{endpoint} leaked {word:?} for {replay:?}: {text}");
                }
                let after = dump(&app.db).await;
                assert!(after == before, "{endpoint} refused ({status}) {replay:?} but changed rows");
            } else {
                accepted += 1;
                before = dump(&app.db).await;
            }
        }
    }
    // The CSV export takes its filter from the query string.
    for _ in 0..200 {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair(["estado", "cliente", "desde", "hasta"][dice.below(4) as usize], &hostile_value(&mut dice).chars().take(500).collect::<String>())
            .finish();
        let response = app.client.get(app.url(&format!("/api/orders/export.csv?{query}"))).send().await.unwrap();
        let status = response.status().as_u16();
        assert!(status == 200 || status == 400, "export {status} for {}", &query[..query.len().min(300)]);
        sent += 1;
    }
    assert!(sent > 2_500, "{sent}");
    assert!(refused > accepted, "most hostile bodies are refused: {refused} refused, {accepted} accepted");
    println!("hostile input ({backend:?}): {sent} requests to {} endpoints, {refused} refused, {accepted} accepted, 0 errors", endpoints.len());
    assert_eq!(app.call("/api/auth/me", &[]).await.status(), 200, "still signed in and serving");
}

async fn secrets_are_nowhere_in_clear(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.set_up_admin().await;
    configure_secrets(&app).await;
    for page in ["/", "/clientes", "/clientes/nuevo", "/clientes/planes", "/configuracion"] {
        let response = app.get(page).await;
        assert_eq!(response.status(), 200, "{page}");
        assert_no_secret(page, &response.text().await.unwrap());
    }
    // Every server function's answer, called as the settings page and scripts call them.
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        if path == "/api/auth/logout" {
            continue;
        }
        let response = app.call(path, &[("which", "none"), ("to", "ana@cliente.pe"), ("number", "+51995955955")]).await;
        assert_no_secret(path, &response.text().await.unwrap());
    }
    assert_no_secret("the database's rows", &dump(&app.db).await);
    if let Some(bytes) = app.sqlite_bytes() {
        for secret in [SMTP_PASSWORD, QRAPI_KEY] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "the SQLite file holds a secret in clear");
        }
    }
}

test_on_both_databases!(hostile_bodies_never_break_or_change_anything, secrets_are_nowhere_in_clear);
