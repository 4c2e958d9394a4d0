use super::{ClientName, Email, Phone};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A client as the list and the form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientView {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub whatsapp: Option<String>,
    pub plan_id: Option<i64>,
    pub plan_name: Option<String>,
    pub next_due_date: Option<NaiveDate>,
    pub active: bool,
}

impl ClientView {
    /// A client with neither e-mail nor WhatsApp cannot be reminded: the list flags it.
    pub fn has_contact(&self) -> bool {
        self.email.is_some() || self.whatsapp.is_some()
    }
}

/// One page of the client list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPage {
    pub clients: Vec<ClientView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl ClientPage {
    pub fn pages(&self) -> u32 {
        super::paging::page_count(self.total, self.per_page)
    }
}

/// The client form as typed: every field a string, parsed on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientForm {
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub whatsapp: String,
    /// A plan id, or empty for "sin plan".
    #[serde(default)]
    pub plan_id: String,
    /// `aaaa-mm-dd` from a date field, or empty.
    #[serde(default)]
    pub next_due_date: String,
    /// Present (any value) when the "Activo" box is ticked.
    #[serde(default)]
    pub active: Option<String>,
}

/// A client ready to be stored: every field valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientData {
    pub name: ClientName,
    pub email: Option<Email>,
    pub whatsapp: Option<Phone>,
    /// A plan and the date it is next due: both or neither.
    pub billing: Option<(i64, NaiveDate)>,
    pub active: bool,
}

impl ClientData {
    /// The first problem found, as `(field, message)`, so the form can show it in place.
    pub fn parse(form: &ClientForm) -> Result<Self, (&'static str, String)> {
        let name = ClientName::parse(&form.name).map_err(|m| ("name", m))?;
        let email = optional(&form.email).map(Email::parse).transpose().map_err(|m| ("email", m))?;
        let whatsapp = optional(&form.whatsapp).map(Phone::parse).transpose().map_err(|m| ("whatsapp", m))?;
        let plan_id = optional(&form.plan_id)
            .map(|id| id.parse::<i64>().map_err(|_| ("plan_id", "Elige un plan de la lista.".to_string())))
            .transpose()?;
        let next_due_date = optional(&form.next_due_date).map(parse_date).transpose().map_err(|m| ("next_due_date", m))?;
        let billing = match (plan_id, next_due_date) {
            (Some(plan), Some(date)) => Some((plan, date)),
            (None, None) => None,
            (Some(_), None) => {
                return Err(("next_due_date", "Indica el próximo vencimiento del plan.".into()));
            }
            (None, Some(_)) => {
                return Err(("plan_id", "Elige un plan para ese vencimiento, o borra la fecha.".into()));
            }
        };
        Ok(ClientData { name, email, whatsapp, billing, active: form.active.is_some() })
    }
}

fn optional(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty()).then_some(value)
}

/// A calendar date as a date field sends it (`aaaa-mm-dd`), or as people write it
/// (`dd/mm/aaaa`).
pub fn parse_date(input: &str) -> Result<NaiveDate, String> {
    let input = input.trim();
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(input, "%d/%m/%Y"))
        .ok()
        .filter(|date| (2000..=2100).contains(&chrono::Datelike::year(date)))
        .ok_or_else(|| format!("«{input}» no es una fecha válida (dd/mm/aaaa)."))
}

/// Lower case without accents, so "jose" finds "José" and "PANADERIA" finds "Panadería".
pub fn fold_for_search(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form(name: &str) -> ClientForm {
        ClientForm { name: name.into(), active: Some("on".into()), ..Default::default() }
    }

    #[test]
    fn a_client_needs_only_a_name() {
        let data = ClientData::parse(&form("Bodega Rosita")).unwrap();
        assert_eq!(data.name.as_str(), "Bodega Rosita");
        assert!(data.email.is_none() && data.whatsapp.is_none() && data.billing.is_none());
        assert!(data.active);
    }

    #[test]
    fn contact_and_billing_are_parsed() {
        let mut f = form("Bodega Rosita");
        f.email = " Rosita@Bodega.pe ".into();
        f.whatsapp = "+51 995 955 955".into();
        f.plan_id = "3".into();
        f.next_due_date = "2027-01-31".into();
        f.active = None;
        let data = ClientData::parse(&f).unwrap();
        assert_eq!(data.email.unwrap().as_str(), "Rosita@bodega.pe");
        assert_eq!(data.whatsapp.unwrap().as_str(), "+51995955955");
        assert_eq!(data.billing, Some((3, NaiveDate::from_ymd_opt(2027, 1, 31).unwrap())));
        assert!(!data.active);
    }

    #[test]
    fn each_mistake_points_at_its_field() {
        type Change = fn(&mut ClientForm);
        let cases: [(Change, &str); 6] = [
            (|f| f.name = " ".into(), "name"),
            (|f| f.email = "rosita".into(), "email"),
            (|f| f.whatsapp = "995955955".into(), "whatsapp"),
            (|f| f.plan_id = "2".into(), "next_due_date"),
            (|f| f.next_due_date = "2027-01-31".into(), "plan_id"),
            (|f| { f.plan_id = "2".into(); f.next_due_date = "2027-02-30".into(); }, "next_due_date"),
        ];
        for (change, field) in cases {
            let mut f = form("Bodega Rosita");
            change(&mut f);
            assert_eq!(ClientData::parse(&f).unwrap_err().0, field, "{f:?}");
        }
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert_eq!(parse_date("2028-02-29").unwrap(), NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
        assert_eq!(parse_date("31/01/2027").unwrap(), NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
        assert!(parse_date("2027-02-29").is_err());
        assert!(parse_date("mañana").is_err());
        assert!(parse_date("1900-01-01").is_err());
    }

    #[test]
    fn search_ignores_case_and_accents() {
        assert_eq!(fold_for_search("Panadería JOSÉ Ñuñoa"), "panaderia jose nunoa");
    }

    proptest! {
        #[test]
        fn dates_round_trip_in_both_spellings(y in 2000i32..=2100, m in 1u32..=12, day in 1u32..=28) {
            let date = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            prop_assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()), Ok(date));
            prop_assert_eq!(parse_date(&format!(" {} ", date.format("%d/%m/%Y"))), Ok(date));
        }

        #[test]
        fn date_parsing_never_panics_and_stays_in_range(input in "\\PC{0,40}") {
            if let Ok(date) = parse_date(&input) {
                prop_assert!((2000..=2100).contains(&chrono::Datelike::year(&date)));
            }
        }
    }
}
