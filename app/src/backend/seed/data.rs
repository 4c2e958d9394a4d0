//! Deterministic, realistic rows for `pagos seed`: Peruvian names, +51 numbers, plans, orders
//! over two years in every state, and the notifications recent orders would have had.
//!
//! Every row comes from its own random stream (seed, kind, index), so client 42 is the same
//! client whatever the number of clients asked for, and chunking never changes the result.

use crate::backend::clients::SeededClient;
use crate::backend::notify::outbox::LoggedNotification;
use crate::backend::orders::SeededOrder;
use crate::backend::plans::SeededPlan;
use crate::model::{add_months_anchored, fold_for_search, period_concept, Channel, Money, Template, TemplateValues};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Days of due dates the orders cover: about 21 months back and 3 ahead of today.
pub const SPAN_DAYS: i64 = 730;
const DAYS_AHEAD: i64 = 90;
/// Orders due this many days back (and up to the generation window ahead) have notifications.
const NOTIFIED_DAYS_BACK: i64 = 45;
const NOTIFIED_DAYS_AHEAD: i64 = 3;

/// SplitMix64: tiny, fast, and the same numbers on every platform and crate version.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64, index: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F) ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        rng.next_u64();
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut roll = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if roll < w {
                return i;
            }
            roll -= w;
        }
        weights.len() - 1
    }
}

const CLIENT_STREAM: u64 = 1;
const ORDER_STREAM: u64 = 2;

const FIRST_NAMES: &[&str] = &[
    "José", "Luis", "Juan", "Carlos", "Jorge", "Miguel", "César", "Víctor", "Jesús", "Manuel", "Renzo", "Diego",
    "Álvaro", "Raúl", "Óscar", "Martín", "Julio", "Fernando", "Wilmer", "Edwin", "María", "Rosa", "Ana", "Carmen",
    "Juana", "Lucía", "Milagros", "Rocío", "Patricia", "Sofía", "Valeria", "Ximena", "Gladys", "Elena", "Flor",
    "Noemí", "Yesenia", "Maribel", "Karina", "Inés",
];

const SURNAMES: &[&str] = &[
    "Quispe", "Flores", "Sánchez", "Rodríguez", "García", "Rojas", "Huamán", "Mamani", "Chávez", "Díaz", "Torres",
    "Ramírez", "Mendoza", "Vásquez", "Castillo", "Gonzales", "Vargas", "Ramos", "Espinoza", "Cruz", "Gutiérrez",
    "Pérez", "Salazar", "Condori", "Ccori", "Apaza", "Ticona", "Cárdenas", "Palomino", "Núñez", "Zúñiga",
    "Paredes", "Villanueva", "Huanca", "Yupanqui", "Peña", "Aguilar", "Medina", "Cáceres", "Ibáñez",
];

const BUSINESS_KINDS: &[&str] =
    &["Bodega", "Panadería", "Ferretería", "Librería", "Botica", "Restaurante", "Taller", "Minimarket", "Pollería", "Cevichería"];

const BUSINESS_NAMES: &[&str] = &[
    "San Martín", "Santa Rosa", "El Sol", "Los Andes", "Mi Perú", "La Esperanza", "Don Lucho", "El Chalán", "Señor de los Milagros",
    "Virgen de la Candelaria", "El Misti", "Machu Picchu", "La Norteña", "Doña Carmen", "El Paisa",
];

const MAIL_DOMAINS: &[&str] = &["gmail.com", "hotmail.com", "outlook.com", "yahoo.es", "gmail.com", "gmail.com"];

/// Name, price in céntimos, interval in months; weights say how many clients take each.
pub const PLANS: &[(&str, i64, u32)] = &[
    ("Plan Básico", 4_990, 1),
    ("Plan Estándar", 8_990, 1),
    ("Plan Premium", 14_990, 1),
    ("Plan Bimestral", 17_000, 2),
    ("Plan Trimestral", 25_500, 3),
    ("Plan Semestral", 48_000, 6),
    ("Plan Anual", 89_900, 12),
];
const PLAN_WEIGHTS: &[u64] = &[30, 30, 15, 5, 10, 5, 5];

const MANUAL_CONCEPTS: &[&str] = &[
    "Instalación",
    "Visita técnica",
    "Reconexión del servicio",
    "Equipo adicional",
    "Mantenimiento",
    "Cambio de plan",
    "Deuda anterior",
    "Servicio extra",
];

/// Stored values of `PaymentMethod`, weighted the way small businesses in Peru get paid.
const PAYMENT_METHODS: &[&str] = &["yape_plin", "transferencia", "efectivo", "tarjeta", "otro"];
const PAYMENT_WEIGHTS: &[u64] = &[35, 30, 20, 12, 3];

const CANCEL_REASONS: &[Option<&str>] =
    &[Some("El cliente se dio de baja"), Some("Orden duplicada"), Some("Monto equivocado"), None];

pub fn plans() -> Vec<SeededPlan> {
    PLANS
        .iter()
        .enumerate()
        .map(|(i, &(name, cents, months))| SeededPlan {
            id: i as i64 + 1,
            name: name.to_string(),
            amount_cents: cents,
            interval_months: months,
        })
        .collect()
}

/// Client `id` (1-based), due on a day of the coming billing period when it has a plan.
pub fn client(seed: u64, id: i64, today: NaiveDate) -> SeededClient {
    let mut rng = Rng::new(seed, CLIENT_STREAM, id as u64);
    let first = *rng.pick(FIRST_NAMES);
    let surname = *rng.pick(SURNAMES);
    let name = if rng.chance(12) {
        format!("{} {}", rng.pick(BUSINESS_KINDS), rng.pick(BUSINESS_NAMES))
    } else {
        format!("{first} {surname} {}", rng.pick(SURNAMES))
    };
    let email = rng.chance(80).then(|| {
        let local = fold_for_search(&format!("{first}.{surname}")).replace(' ', ".");
        format!("{local}{id}@{}", rng.pick(MAIL_DOMAINS))
    });
    let whatsapp = rng.chance(85).then(|| format!("+519{:08}", rng.below(100_000_000)));
    let plan = rng.chance(90).then(|| rng.weighted(PLAN_WEIGHTS));
    let next_due_date = plan.map(|p| today + Duration::days(rng.below(u64::from(PLANS[p].2) * 30) as i64));
    SeededClient {
        id,
        name,
        email,
        whatsapp,
        plan_id: plan.map(|p| p as i64 + 1),
        next_due_date,
        billing_day: next_due_date.map(|d| d.day()),
        active: rng.chance(94),
    }
}

/// The `k`-th order of a client: each client's orders sit in their own slots of the two-year
/// span, so no two automatic orders of a client share a due date.
pub struct OrderSlot {
    pub id: i64,
    pub k: i64,
    pub per_client: i64,
}

/// An order and the notifications it was sent, as the app would have left them.
pub fn order(
    seed: u64,
    slot: &OrderSlot,
    client: &SeededClient,
    today: NaiveDate,
    now: DateTime<Utc>,
    tz: Tz,
) -> (SeededOrder, Vec<LoggedNotification>) {
    let mut rng = Rng::new(seed, ORDER_STREAM, slot.id as u64);
    let slot_days = SPAN_DAYS / slot.per_client;
    let first_day = today - Duration::days(SPAN_DAYS - DAYS_AHEAD);
    let slot_start = first_day + Duration::days(slot.k * slot_days);
    let mut due_date = slot_start + Duration::days(rng.below(slot_days as u64) as i64);
    let plan = client.plan_id.map(|id| PLANS[id as usize - 1]);
    // Slots at least a month long start in different months, so automatic orders on the
    // client's billing day of their slot's month never share a due date. Automatic orders
    // exist only up to the generation window: later ones are not generated yet.
    let automatic_date = client.billing_day.map(|day| add_months_anchored(slot_start, 0, day));
    let automatic = plan.is_some()
        && slot_days >= 31
        && automatic_date.is_some_and(|d| d <= today + Duration::days(NOTIFIED_DAYS_AHEAD))
        && rng.chance(75);
    let (plan_id, concept, amount_cents) = match plan.filter(|_| automatic) {
        Some((name, cents, months)) => {
            due_date = automatic_date.expect("a plan has a billing day");
            (client.plan_id, period_concept(name, due_date, months), cents)
        }
        None => (None, rng.pick(MANUAL_CONCEPTS).to_string(), 2_000 + 50 * rng.below(960) as i64),
    };
    let created_at = at_nine(due_date - Duration::days(3), tz).min(now);
    let days_past = (today - due_date).num_days();
    let roll = rng.below(100);
    let (status, paid_on, cancelled_at) = if days_past < 0 {
        if roll < 8 {
            ("paid", Some(today - Duration::days(rng.below(3) as i64)), None)
        } else {
            ("pending", None, None)
        }
    } else if roll < 78 {
        let paid = due_date + Duration::days(rng.below(15) as i64 - 5);
        ("paid", Some(paid.min(today)), None)
    } else if roll < 85 {
        let at = (created_at + Duration::days(rng.below(10) as i64 + 1)).min(now);
        ("cancelled", None, Some(at))
    } else {
        ("pending", None, None)
    };
    let payment_method = paid_on.map(|_| PAYMENT_METHODS[rng.weighted(PAYMENT_WEIGHTS)].to_string());
    let payment_reference = paid_on.filter(|_| rng.chance(50)).map(|_| format!("OP-{:06}", rng.below(1_000_000)));
    let cancel_reason = cancelled_at.and_then(|_| rng.pick(CANCEL_REASONS).map(str::to_string));
    let order = SeededOrder {
        id: slot.id,
        client_id: client.id,
        plan_id,
        concept: concept.clone(),
        amount_cents,
        due_date,
        status: status.to_string(),
        source: if automatic { "automatic" } else { "manual" }.to_string(),
        created_at,
        paid_on,
        payment_method,
        payment_reference,
        cancelled_at,
        cancel_reason,
    };

    let notified = status != "cancelled"
        && (-NOTIFIED_DAYS_AHEAD..=NOTIFIED_DAYS_BACK).contains(&days_past)
        && created_at < now;
    let mut notifications = Vec::new();
    if notified {
        let values = TemplateValues {
            name: client.name.clone(),
            plan: plan.filter(|_| automatic).map_or(concept, |(name, _, _)| name.to_string()),
            amount: Money::from_cents(amount_cents),
            due_date,
        };
        let body = Template::default_body().render(&values);
        let sent_at = created_at + Duration::minutes(1 + rng.below(30) as i64);
        let channels = [(Channel::Email, client.email.as_ref()), (Channel::WhatsApp, client.whatsapp.as_ref())];
        for (channel, recipient) in channels {
            let Some(recipient) = recipient else { continue };
            let failed = rng.chance(6);
            let error = failed.then(|| match channel {
                Channel::Email => "El servidor de correo rechazó el destinatario (550: la casilla no existe).".to_string(),
                Channel::WhatsApp => "La pasarela de WhatsApp respondió 500: número no registrado en WhatsApp.".to_string(),
            });
            notifications.push(LoggedNotification {
                order_id: slot.id,
                channel,
                automatic,
                recipient: match channel {
                    Channel::WhatsApp => recipient.trim_start_matches('+').to_string(),
                    Channel::Email => recipient.clone(),
                },
                subject: (channel == Channel::Email).then(|| Template::default_subject().render(&values)),
                body: body.clone(),
                created_at,
                finished_at: sent_at.min(now),
                attempts: if failed { 5 } else { 1 },
                error,
                dedupe_key: automatic.then(|| format!("auto:{}:{}:before", slot.id, channel.as_db())),
            });
        }
    }
    (order, notifications)
}

/// 09:00 of `day` in the business time zone: when the scheduler creates orders by default.
fn at_nine(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("09:00 exists"));
    tz.from_local_datetime(&local).earliest().map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phone;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn a_client_is_the_same_whatever_else_is_generated() {
        let a = client(7, 42, today());
        let b = client(7, 42, today());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_ne!(format!("{a:?}"), format!("{:?}", client(8, 42, today())), "another seed, another client");
    }

    #[test]
    fn clients_have_valid_contact_data_and_plans() {
        for id in 1..=2_000 {
            let c = client(1, id, today());
            assert!(!c.name.trim().is_empty());
            if let Some(phone) = &c.whatsapp {
                assert!(phone.starts_with("+519") && Phone::parse(phone).is_ok(), "{phone}");
            }
            if let Some(email) = &c.email {
                assert!(crate::model::Email::parse(email).is_ok(), "{email}");
            }
            assert_eq!(c.plan_id.is_some(), c.next_due_date.is_some());
            if let Some(due) = c.next_due_date {
                assert!(due >= today());
                assert_eq!(c.billing_day, Some(due.day()));
            }
        }
    }

    #[test]
    fn orders_cover_every_state_and_two_years_without_clashing_automatic_dates() {
        let now = "2026-12-03T15:00:00Z".parse().unwrap();
        let per_client = 10;
        let mut states = std::collections::HashMap::new();
        let mut automatic_dates = std::collections::HashSet::new();
        let (mut earliest, mut latest) = (today(), today());
        for client_id in 1..=300 {
            let c = client(3, client_id, today());
            for k in 0..per_client {
                let slot = OrderSlot { id: k * 300 + client_id, k, per_client };
                let (o, notes) = order(3, &slot, &c, today(), now, chrono_tz::America::Lima);
                let overdue = o.status == "pending" && o.due_date < today();
                *states.entry(if overdue { "overdue".to_string() } else { o.status.clone() }).or_insert(0) += 1;
                if o.source == "automatic" {
                    assert!(automatic_dates.insert((o.client_id, o.due_date)), "two automatic orders on one day");
                }
                assert!(o.paid_on.is_none_or(|d| d <= today()), "paid in the future");
                assert!(o.created_at <= now);
                for n in &notes {
                    assert!(n.created_at <= n.finished_at && n.finished_at <= now);
                }
                earliest = earliest.min(o.due_date);
                latest = latest.max(o.due_date);
            }
        }
        for state in ["paid", "pending", "overdue", "cancelled"] {
            assert!(states.get(state).copied().unwrap_or(0) > 50, "too few {state}: {states:?}");
        }
        assert!((today() - earliest).num_days() > 600 && (latest - today()).num_days() > 60, "{earliest} – {latest}");
    }
}
