//! "Configuración de tareas automáticas", the run history and "Ejecutar ahora".

use crate::model::{AutomationView, RunView};
use crate::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::guard::authorised;
#[cfg(feature = "ssr")]
use super::settings::checked;
#[cfg(feature = "ssr")]
use crate::backend::{audit, billing, scheduler_runs, settings};

#[server(endpoint = "automation/get")]
pub async fn get_automation() -> Result<AutomationView, AppError> {
    let (state, _) = authorised().await?;
    Ok(settings::automation(&state.db).await?.view())
}

/// `remind_days_after` empty turns that reminder off.
#[server(endpoint = "automation/save")]
pub async fn save_automation(
    cron_enabled: Option<String>,
    days_before: String,
    generation_time: String,
    timezone: String,
    remind_on_due_date: Option<String>,
    remind_days_after: String,
) -> Result<(), AppError> {
    use crate::model::{parse_days_before, parse_generation_time};
    let (state, user) = authorised().await?;
    let days_before = parse_days_before(&days_before).map_err(|m| AppError::invalid("days_before", m))?;
    let generation_time = parse_generation_time(&generation_time).map_err(|m| AppError::invalid("generation_time", m))?;
    let timezone: chrono_tz::Tz = timezone
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("timezone", "Elige una zona horaria de la lista, por ejemplo America/Lima."))?;
    let remind_days_after = match remind_days_after.trim() {
        "" => None,
        days => Some(
            days.parse::<u32>()
                .ok()
                .filter(|d| (1..=60).contains(d))
                .ok_or_else(|| AppError::invalid("remind_days_after", "Escribe un número de días entre 1 y 60, o déjalo vacío."))?,
        ),
    };
    let current = settings::automation(&state.db).await?;
    let automation = settings::Automation {
        cron_enabled: checked(&cron_enabled),
        days_before,
        generation_time,
        timezone,
        remind_on_due_date: checked(&remind_on_due_date),
        remind_days_after,
        notifications_enabled: current.notifications_enabled,
    };
    settings::save_automation(&state.db, &automation).await?;
    let what = format!(
        "Tareas automáticas {}: {} días antes, a las {}, zona {}",
        if automation.cron_enabled { "activadas" } else { "desactivadas" },
        automation.days_before,
        automation.generation_time.format("%H:%M:%S"),
        automation.timezone.name()
    );
    let entry = audit::AuditEntry {
        at: state.clock.now(),
        user_id: Some(user.id),
        action: "settings.automation".into(),
        entity: "settings".into(),
        entity_id: None,
        detail: what,
    };
    audit::record(&state.db, &entry).await
}

/// Every IANA time zone name, for the settings page's list.
#[server(endpoint = "automation/timezones")]
pub async fn list_timezones() -> Result<Vec<String>, AppError> {
    authorised().await?;
    Ok(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name().to_string()).collect())
}

/// "Ejecutar ahora": today's billing at once, with the same rules as the automatic run.
#[server(endpoint = "automation/run-now")]
pub async fn run_now() -> Result<String, AppError> {
    let (state, _) = authorised().await?;
    let outcome = billing::run_day(&state.db, state.clock.as_ref(), true).await?;
    state.deliveries.notify_one();
    Ok(format!(
        "Ejecución terminada: {} {} y {} {} en cola.",
        outcome.generated,
        if outcome.generated == 1 { "orden generada" } else { "órdenes generadas" },
        outcome.queued,
        if outcome.queued == 1 { "recordatorio" } else { "recordatorios" },
    ))
}

/// The last 30 days' runs, newest first.
#[server(endpoint = "automation/runs")]
pub async fn list_runs() -> Result<Vec<RunView>, AppError> {
    let (state, _) = authorised().await?;
    let tz = settings::timezone(&state.db).await?;
    scheduler_runs::recent(&state.db, tz, 30).await
}
