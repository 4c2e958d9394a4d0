//! Reminders to clients by e-mail and WhatsApp. Nothing is sent while a user waits: an order's
//! reminders are written to the outbox (in the same transaction as the order when it is new)
//! and the delivery worker ([`dispatch`]) sends them.

pub mod dispatch;
pub mod email;
pub mod outbox;
pub mod whatsapp;

use super::db::Db;
use super::{clients, orders};
use super::settings::NotificationSettings;
use crate::model::{Channel, Money, TemplateValues};
use crate::AppError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use outbox::{Draft, Origin};

/// Why a message was not delivered, in Spanish, and whether a later try can succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    pub message: String,
    pub retry: bool,
}

impl SendError {
    pub fn retry(message: impl Into<String>) -> Self {
        SendError { message: message.into(), retry: true }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        SendError { message: message.into(), retry: false }
    }
}

/// Who receives an order's reminder and what the template's variables become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub email: Option<String>,
    pub whatsapp: Option<String>,
    pub values: TemplateValues,
}

/// The client of `client_id` as a recipient of an order with these facts. `@variable_plan`
/// is the order's plan, else its concept, else the client's current plan.
pub async fn recipient_for(
    db: &Db,
    client_id: i64,
    order_plan: Option<String>,
    concept: Option<String>,
    amount: Money,
    due_date: NaiveDate,
) -> Result<Recipient, AppError> {
    let contact = clients::notice_contact(db, client_id).await?.ok_or(AppError::NotFound)?;
    let plan = plan_label(order_plan, concept, contact.plan_name);
    Ok(Recipient {
        email: contact.contact_email,
        whatsapp: contact.whatsapp,
        values: TemplateValues { name: contact.name, plan, amount, due_date },
    })
}

/// What `@variable_plan` says: the order's plan, else its concept, else the client's plan.
pub fn plan_label(order_plan: Option<String>, concept: Option<String>, client_plan: Option<String>) -> String {
    order_plan.or(concept).or(client_plan).unwrap_or_else(|| "Pago pendiente".to_string())
}

/// Values for the settings page's live preview: the client's first open order, else what its
/// next automatic order would be.
pub async fn preview_values(db: &Db, client_id: i64) -> Result<TemplateValues, AppError> {
    if let Some(order) = orders::oldest_open_notice(db, client_id).await? {
        return Ok(recipient_for(db, client_id, order.plan_name, order.concept, order.amount, order.due_date).await?.values);
    }
    let contact = clients::notice_contact(db, client_id).await?.ok_or(AppError::NotFound)?;
    match (contact.plan_name, contact.plan_amount_cents, contact.next_due_date) {
        (Some(plan), Some(cents), Some(due_date)) => {
            Ok(TemplateValues { name: contact.name, plan, amount: Money::from_cents(cents), due_date })
        }
        _ => Err(AppError::Conflict("Este cliente no tiene órdenes pendientes ni un plan: elige otro para la vista previa.".into())),
    }
}

/// One draft per channel the client can receive, rendered from the template. When none is
/// possible the error says exactly why, channel by channel.
pub fn drafts(settings: &NotificationSettings, recipient: &Recipient) -> Result<Vec<Draft>, AppError> {
    let body = settings.template.render(&recipient.values);
    let mut drafts = Vec::new();
    let mut reasons = Vec::new();
    match (&recipient.email, settings.smtp_configured()) {
        (Some(email), true) => drafts.push(Draft {
            channel: Channel::Email,
            recipient: email.clone(),
            subject: Some(settings.subject.render(&recipient.values)),
            body: body.clone(),
            html: Some(settings.template.render_html(&recipient.values)),
        }),
        (None, _) => reasons.push("el cliente no tiene correo de contacto"),
        (Some(_), false) => reasons.push("el correo (SMTP) no está configurado en Configuración"),
    }
    match (&recipient.whatsapp, settings.whatsapp_configured()) {
        (Some(number), true) => {
            drafts.push(Draft { channel: Channel::WhatsApp, recipient: number.clone(), subject: None, body, html: None })
        }
        (None, _) => reasons.push("el cliente no tiene número de WhatsApp"),
        (Some(_), false) => reasons.push("WhatsApp (QRAPI) no está configurado en Configuración"),
    }
    if drafts.is_empty() {
        return Err(AppError::Conflict(format!("No hay por dónde avisar: {}.", reasons.join(" y "))));
    }
    Ok(drafts)
}

/// A repeated "Notificar" within this time asks for confirmation first (the spec's "evita spam").
pub const REPEAT_WINDOW: Duration = Duration::hours(1);

/// "Notificar": queues the order's reminder on every possible channel. A pending or overdue
/// order only; within an hour of the last notification only when `confirmed`.
pub async fn notify_order(
    db: &Db,
    settings: &NotificationSettings,
    user_id: i64,
    order_id: i64,
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Channel>, AppError> {
    let facts = orders::notice_facts(db, order_id).await?.ok_or(AppError::NotFound)?;
    if !facts.open {
        return Err(AppError::Conflict(format!(
            "La orden #{order_id} ya está pagada o anulada: no se notifica."
        )));
    }
    if !confirmed {
        if let Some(last) = outbox::last_created_at(db, order_id).await? {
            if now - last < REPEAT_WINDOW {
                let minutes = (now - last).num_minutes().max(1);
                return Err(AppError::NeedsConfirmation(format!(
                    "La orden #{order_id} se notificó hace {minutes} min. ¿Enviar otro aviso de todos modos?"
                )));
            }
        }
    }
    let recipient = recipient_for(db, facts.client_id, facts.plan_name, facts.concept, facts.amount, facts.due_date).await?;
    let drafts = drafts(settings, &recipient)?;
    let mut tx = db.begin().await?;
    outbox::enqueue_in(&mut tx, order_id, &drafts, Origin::Manual, Some(user_id), None, now).await?;
    let channels: Vec<Channel> = drafts.iter().map(|d| d.channel).collect();
    let what = format!("Notificación manual en cola: {}", channel_list(&channels));
    orders::record_in(&mut tx, user_id, "notify", order_id, what, now).await?;
    tx.commit().await?;
    Ok(channels)
}

pub fn channel_list(channels: &[Channel]) -> String {
    channels.iter().map(|c| c.label()).collect::<Vec<_>>().join(" y ")
}
