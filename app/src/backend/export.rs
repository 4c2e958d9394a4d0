//! The CSV of the order list: UTF-8 with a byte-order mark so spreadsheet programs show the
//! accents, amounts as plain decimals, dates as dd/mm/aaaa.

use crate::model::OrderView;

/// Makes spreadsheet programs read the file as UTF-8.
pub const BOM: &str = "\u{feff}";

pub fn header() -> String {
    let columns = [
        "ID",
        "Cliente",
        "Concepto",
        "Monto",
        "Fecha de vencimiento",
        "Estado",
        "Origen",
        "Pagado el",
        "Método de pago",
        "Referencia",
        "Anulado el",
        "Motivo de anulación",
    ];
    format!("{}\r\n", columns.join(","))
}

pub fn row(order: &OrderView) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    let fields = [
        order.id.to_string(),
        order.client_name.clone(),
        order.concept.clone().unwrap_or_default(),
        order.amount.to_plain(),
        order.due_date.format("%d/%m/%Y").to_string(),
        order.state.label().to_string(),
        if order.automatic { "Automática" } else { "Manual" }.to_string(),
        date(order.paid_on),
        order.payment_method.map(|m| m.label().to_string()).unwrap_or_default(),
        order.payment_reference.clone().unwrap_or_default(),
        date(order.cancelled_at.map(|at| at.date_naive())),
        order.cancel_reason.clone().unwrap_or_default(),
    ];
    let fields: Vec<String> = fields.iter().map(|f| field(f)).collect();
    format!("{}\r\n", fields.join(","))
}

/// Quotes when needed, and defuses text a spreadsheet would run as a formula.
fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("Panadería Ñuñoa"), "Panadería Ñuñoa");
        assert_eq!(field("Pérez, Juan"), "\"Pérez, Juan\"");
        assert_eq!(field("dice \"hola\""), "\"dice \"\"hola\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-12.50"), "-12.50");
    }
}
