//! Accounts and sessions on both databases: what set-up, login and logout promise.

use app::backend::auth::{self, SESSION_IDLE_TIMEOUT, SESSION_LIFETIME};
use app::backend::login_limiter::LoginLimiter;
use app::backend::testing::{Backend, TestDb};
use app::backend::{audit, FixedClock};
use app::test_on_both_databases;
use app::AppError;
use chrono::{DateTime, Duration, Utc};

const PASSWORD: &str = "clave-de-prueba-123";

fn clock() -> FixedClock {
    FixedClock::at("2026-12-03T14:00:00Z".parse::<DateTime<Utc>>().unwrap())
}

async fn db(backend: Backend) -> Option<TestDb> {
    TestDb::new(backend).await
}

async fn the_first_administrator_can_be_created_only_once(backend: Backend) {
    let Some(t) = db(backend).await else { return };
    let clock = clock();
    assert!(!auth::admin_exists(&t.db).await.unwrap());

    let admin = auth::create_first_admin(&t.db, &clock, " Ana@Empresa.pe ", PASSWORD, PASSWORD).await.unwrap();
    assert_eq!(admin.email, "ana@empresa.pe");
    assert!(auth::admin_exists(&t.db).await.unwrap());

    let again = auth::create_first_admin(&t.db, &clock, "otro@empresa.pe", PASSWORD, PASSWORD).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");

    let trail = audit::for_entity(&t.db, "user", admin.id).await.unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, "create");
}

async fn bad_set_up_input_is_refused_and_creates_nothing(backend: Backend) {
    let Some(t) = db(backend).await else { return };
    let clock = clock();
    let cases = [
        ("no-es-correo", PASSWORD, PASSWORD, "email"),
        ("ana@empresa.pe", "corta", "corta", "password"),
        ("ana@empresa.pe", PASSWORD, "otra-clave-distinta", "password_confirmation"),
    ];
    for (email, password, confirmation, field) in cases {
        let err = auth::create_first_admin(&t.db, &clock, email, password, confirmation).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err:?}");
    }
    assert!(!auth::admin_exists(&t.db).await.unwrap());
}

async fn the_shell_can_add_administrators_but_not_twice_the_same_email(backend: Backend) {
    let Some(t) = db(backend).await else { return };
    let clock = clock();
    auth::create_admin(&t.db, &clock, "ana@empresa.pe", PASSWORD, PASSWORD).await.unwrap();
    auth::create_admin(&t.db, &clock, "luis@empresa.pe", PASSWORD, PASSWORD).await.unwrap();
    let dup = auth::create_admin(&t.db, &clock, "ANA@empresa.pe", PASSWORD, PASSWORD).await.unwrap_err();
    assert_eq!(dup.field(), Some("email"));
    // The set-up page is closed once any account exists.
    assert!(auth::create_first_admin(&t.db, &clock, "x@empresa.pe", PASSWORD, PASSWORD).await.is_err());
}

async fn login_opens_a_session_and_logout_closes_it(backend: Backend) {
    let Some(t) = db(backend).await else { return };
    let clock = clock();
    let limiter = LoginLimiter::default();
    auth::create_first_admin(&t.db, &clock, "ana@empresa.pe", PASSWORD, PASSWORD).await.unwrap();

    let (user, token) = auth::login(&t.db, &clock, &limiter, "10.0.0.1", "ANA@empresa.pe", PASSWORD).await.unwrap();
    assert_eq!(user.email, "ana@empresa.pe");
    assert_eq!(auth::session_user(&t.db, &clock, &token).await.unwrap(), Some(user));

    auth::logout(&t.db, &token).await.unwrap();
    assert_eq!(auth::session_user(&t.db, &clock, &token).await.unwrap(), None);
}

async fn every_failed_login_looks_the_same(backend: Backend) {
    let Some(t) = db(backend).await else { return };
    let clock = clock();
    let limiter = LoginLimiter::default();
    auth::create_first_admin(&t.db, &clock, "ana@empresa.pe", PASSWORD, PASSWORD).await.unwrap();

    let wrong_password = auth::login(&t.db, &clock, &limiter, "10.0.0.1", "ana@empresa.pe", "incorrecta").await.unwrap_err();
    let no_such_user = auth::login(&t.db, &clock, &limiter, "10.0.0.1", "nadie@empresa.pe", PASSWORD).await.unwrap_err();
    assert_eq!(wrong_password, AppError::BadCredentials);
    assert_eq!(no_such_user, AppError::BadCredentials);
    assert_eq!(wrong_password.to_string(), no_such_user.to_string());
}

async fn repeated_failures_lock_the_account_even_with_the_right_password(backend: Backend) {
    let Some(t) = db(backend).await else { return };
    let clock = clock();
    let limiter = LoginLimiter::new(Duration::minutes(15), 3, 100);
    auth::create_first_admin(&t.db, &clock, "ana@empresa.pe", PASSWORD, PASSWORD).await.unwrap();
    for _ in 0..3 {
        let err = auth::login(&t.db, &clock, &limiter, "10.0.0.1", "ana@empresa.pe", "mala").await.unwrap_err();
        assert_eq!(err, AppError::BadCredentials);
    }
    let locked = auth::login(&t.db, &clock, &limiter, "10.0.0.2", "ana@empresa.pe", PASSWORD).await.unwrap_err();
    assert!(matches!(locked, AppError::TooManyAttempts { .. }), "{locked:?}");

    clock.advance(Duration::minutes(16));
    assert!(auth::login(&t.db, &clock, &limiter, "10.0.0.2", "ana@empresa.pe", PASSWORD).await.is_ok());
}

async fn sessions_expire_when_idle_and_at_the_end_of_their_lifetime(backend: Backend) {
    let Some(t) = db(backend).await else { return };
    let clock = clock();
    let limiter = LoginLimiter::default();
    auth::create_first_admin(&t.db, &clock, "ana@empresa.pe", PASSWORD, PASSWORD).await.unwrap();

    // Idle: unused for longer than the idle timeout.
    let (_, idle) = auth::login(&t.db, &clock, &limiter, "10.0.0.1", "ana@empresa.pe", PASSWORD).await.unwrap();
    clock.advance(SESSION_IDLE_TIMEOUT + Duration::seconds(1));
    assert_eq!(auth::session_user(&t.db, &clock, &idle).await.unwrap(), None);

    // Active: used every day, it still ends when its lifetime does.
    let (_, active) = auth::login(&t.db, &clock, &limiter, "10.0.0.1", "ana@empresa.pe", PASSWORD).await.unwrap();
    let mut used = Duration::zero();
    while used + Duration::days(1) < SESSION_LIFETIME {
        clock.advance(Duration::days(1));
        used += Duration::days(1);
        assert!(auth::session_user(&t.db, &clock, &active).await.unwrap().is_some(), "day {}", used.num_days());
    }
    clock.advance(Duration::days(1));
    assert_eq!(auth::session_user(&t.db, &clock, &active).await.unwrap(), None);
}

async fn stale_sessions_are_purged(backend: Backend) {
    let Some(t) = db(backend).await else { return };
    let clock = clock();
    let limiter = LoginLimiter::default();
    auth::create_first_admin(&t.db, &clock, "ana@empresa.pe", PASSWORD, PASSWORD).await.unwrap();
    auth::login(&t.db, &clock, &limiter, "10.0.0.1", "ana@empresa.pe", PASSWORD).await.unwrap();
    assert_eq!(auth::purge_stale_sessions(&t.db, &clock).await.unwrap(), 0);
    clock.advance(SESSION_IDLE_TIMEOUT + Duration::minutes(1));
    assert_eq!(auth::purge_stale_sessions(&t.db, &clock).await.unwrap(), 1);
}

test_on_both_databases!(
    the_first_administrator_can_be_created_only_once,
    bad_set_up_input_is_refused_and_creates_nothing,
    the_shell_can_add_administrators_but_not_twice_the_same_email,
    login_opens_a_session_and_logout_closes_it,
    every_failed_login_looks_the_same,
    repeated_failures_lock_the_account_even_with_the_right_password,
    sessions_expire_when_idle_and_at_the_end_of_their_lifetime,
    stale_sessions_are_purged,
);
