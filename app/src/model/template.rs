//! The one message template ("Plantilla de Mensaje Personalizable") and its `@variable_…`
//! placeholders. Rendering is a single pass over the template: a client named
//! `@variable_precios` stays literally so, because inserted values are never read again.

use super::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The spec's text, used until the business writes its own.
pub const DEFAULT_TEMPLATE: &str = "Hola @variable_nombre\n\
Este es un recordatorio para informar que tiene un pago pendiente por sus servicios\n\
Plan *@variable_plan*\n\
- Monto: *@variable_precios*\n\
- Vence: *@variable_fecha_vencimiento*";

pub const DEFAULT_SUBJECT: &str = "Recordatorio de pago: @variable_plan";

const PREFIX: &str = "@variable_";
const MAX_TEMPLATE_CHARS: usize = 2000;
const MAX_SUBJECT_CHARS: usize = 200;

/// The placeholders, in the order the editor offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    Name,
    Plan,
    Amount,
    DueDate,
}

impl Variable {
    pub const ALL: [Variable; 4] = [Variable::Name, Variable::Plan, Variable::Amount, Variable::DueDate];

    pub fn token(self) -> &'static str {
        match self {
            Variable::Name => "@variable_nombre",
            Variable::Plan => "@variable_plan",
            Variable::Amount => "@variable_precios",
            Variable::DueDate => "@variable_fecha_vencimiento",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Variable::Name => "Nombre del cliente",
            Variable::Plan => "Plan contratado",
            Variable::Amount => "Monto de la orden",
            Variable::DueDate => "Fecha límite de pago",
        }
    }

    fn from_name(name: &str) -> Option<Variable> {
        Variable::ALL.into_iter().find(|v| &v.token()[PREFIX.len()..] == name)
    }
}

/// What the placeholders of one order are replaced with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateValues {
    pub name: String,
    pub plan: String,
    pub amount: Money,
    pub due_date: NaiveDate,
}

impl TemplateValues {
    fn value(&self, variable: Variable) -> String {
        match variable {
            Variable::Name => self.name.clone(),
            Variable::Plan => self.plan.clone(),
            Variable::Amount => self.amount.to_string(),
            Variable::DueDate => self.due_date.format("%d/%m/%Y").to_string(),
        }
    }
}

/// A piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(Variable),
}

/// A template whose every `@variable_…` is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

impl Template {
    /// The message body: not empty, at most 2 000 characters, only known variables.
    pub fn parse(text: &str) -> Result<Template, String> {
        let text = text.replace("\r\n", "\n");
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("Escribe el texto del mensaje.".into());
        }
        if trimmed.chars().count() > MAX_TEMPLATE_CHARS {
            return Err(format!("El mensaje puede tener como máximo {MAX_TEMPLATE_CHARS} caracteres."));
        }
        Self::split(trimmed)
    }

    /// The e-mail subject: one line, at most 200 characters, the same variables.
    pub fn parse_subject(text: &str) -> Result<Template, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("Escribe el asunto del correo.".into());
        }
        if trimmed.contains(['\n', '\r']) || trimmed.chars().count() > MAX_SUBJECT_CHARS {
            return Err(format!("El asunto debe ser una sola línea de como máximo {MAX_SUBJECT_CHARS} caracteres."));
        }
        Self::split(trimmed)
    }

    pub fn default_body() -> Template {
        Self::split(DEFAULT_TEMPLATE).expect("the default template is valid")
    }

    pub fn default_subject() -> Template {
        Self::split(DEFAULT_SUBJECT).expect("the default subject is valid")
    }

    fn split(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(PREFIX) {
            if at > 0 {
                parts.push(Part::Text(rest[..at].to_string()));
            }
            let after = &rest[at + PREFIX.len()..];
            let name_len = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
            let name = &after[..name_len];
            match Variable::from_name(name) {
                Some(variable) => parts.push(Part::Var(variable)),
                None => {
                    let token = format!("{PREFIX}{name}");
                    if !unknown.contains(&token) {
                        unknown.push(token);
                    }
                }
            }
            rest = &after[name_len..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        if !unknown.is_empty() {
            let valid: Vec<&str> = Variable::ALL.iter().map(|v| v.token()).collect();
            let (noun, list) = if unknown.len() == 1 { ("La variable", unknown[0].clone()) } else { ("Las variables", unknown.join(", ")) };
            let verb = if unknown.len() == 1 { "no existe" } else { "no existen" };
            return Err(format!("{noun} {list} {verb}. Las variables válidas son: {}.", valid.join(", ")));
        }
        Ok(Template { source: text.to_string(), parts })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The e-mail's HTML part: the template's `*x*` in bold and its line breaks kept; the
    /// client's values escaped and never read as markup, whatever they contain.
    pub fn render_html(&self, values: &TemplateValues) -> String {
        let values: Vec<String> = self
            .parts
            .iter()
            .map(|part| match part {
                Part::Text(_) => String::new(),
                Part::Var(variable) => values.value(*variable),
            })
            .collect();
        let segments: Vec<Segment> = self
            .parts
            .iter()
            .zip(&values)
            .map(|(part, value)| match part {
                Part::Text(text) => Segment::Markup(text),
                Part::Var(_) => Segment::Value(value),
            })
            .collect();
        html_document(&segments)
    }

    pub fn render(&self, values: &TemplateValues) -> String {
        let mut out = String::with_capacity(self.source.len() + 32);
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Var(variable) => out.push_str(&values.value(*variable)),
            }
        }
        out
    }
}

/// The e-mail's HTML part of a text typed whole by the user (a test message): escaped, `*x*`
/// in bold (WhatsApp's markup), line breaks kept.
pub fn to_html(text: &str) -> String {
    html_document(&[Segment::Markup(text)])
}

/// A piece of a message on its way to HTML: the user's own template text, whose `*` and line
/// breaks are markup, or a client's value, which is only ever text.
enum Segment<'a> {
    Markup(&'a str),
    Value(&'a str),
}

enum Token {
    Text(String),
    Star,
    LineBreak,
}

fn html_document(segments: &[Segment]) -> String {
    let mut tokens = Vec::new();
    for segment in segments {
        match segment {
            Segment::Markup(text) => {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        tokens.push(Token::LineBreak);
                    }
                    for (j, piece) in line.split('*').enumerate() {
                        if j > 0 {
                            tokens.push(Token::Star);
                        }
                        tokens.push(Token::Text(escape(piece)));
                    }
                }
            }
            Segment::Value(value) => tokens.push(Token::Text(escape(&value.replace(['\r', '\n'], " ")))),
        }
    }
    let mut html = String::new();
    for (i, line) in tokens.split(|t| matches!(t, Token::LineBreak)).enumerate() {
        if i > 0 {
            html.push_str("<br>\n");
        }
        html.push_str(&bold_spans(line));
    }
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family: sans-serif; line-height: 1.5\"><p>{html}</p></body></html>"
    )
}

/// `*x*` pairs on one line become `<strong>x</strong>`; a lone `*` stays a star.
fn bold_spans(line: &[Token]) -> String {
    let stars = line.iter().filter(|t| matches!(t, Token::Star)).count();
    let paired = stars - stars % 2;
    let mut seen = 0;
    let mut out = String::new();
    for token in line {
        match token {
            Token::Text(text) => out.push_str(text),
            Token::Star if seen < paired => {
                out.push_str(if seen % 2 == 0 { "<strong>" } else { "</strong>" });
                seen += 1;
            }
            Token::Star => out.push('*'),
            Token::LineBreak => {}
        }
    }
    out
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn values() -> TemplateValues {
        TemplateValues {
            name: "Ferretería Ñandú".into(),
            plan: "Básico".into(),
            amount: Money::from_cents(15000),
            due_date: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
        }
    }

    #[test]
    fn the_default_template_renders_the_spec_example() {
        let text = Template::default_body().render(&values());
        assert_eq!(
            text,
            "Hola Ferretería Ñandú\nEste es un recordatorio para informar que tiene un pago pendiente por sus servicios\n\
             Plan *Básico*\n- Monto: *S/ 150.00*\n- Vence: *05/12/2026*"
        );
        assert_eq!(Template::default_subject().render(&values()), "Recordatorio de pago: Básico");
    }

    #[test]
    fn an_unknown_variable_is_named_with_the_valid_list() {
        let err = Template::parse("Hola @variable_nombre, debe @variable_monto").unwrap_err();
        assert!(err.starts_with("La variable @variable_monto no existe."), "{err}");
        for v in Variable::ALL {
            assert!(err.contains(v.token()), "{err}");
        }
        let err = Template::parse("@variable_x @variable_y @variable_x").unwrap_err();
        assert!(err.starts_with("Las variables @variable_x, @variable_y no existen."), "{err}");
        assert!(Template::parse("@variable_").is_err());
    }

    #[test]
    fn variables_next_to_punctuation_are_found() {
        let t = Template::parse("Hola @variable_nombre. Vence el @variable_fecha_vencimiento!").unwrap();
        assert_eq!(t.render(&values()), "Hola Ferretería Ñandú. Vence el 05/12/2026!");
    }

    #[test]
    fn values_are_never_expanded_again() {
        let mut v = values();
        v.name = "@variable_precios *x* <b>".into();
        assert_eq!(Template::parse("@variable_nombre").unwrap().render(&v), "@variable_precios *x* <b>");
    }

    #[test]
    fn empty_and_oversized_texts_and_multiline_subjects_are_refused() {
        assert!(Template::parse("   ").is_err());
        assert!(Template::parse(&"a".repeat(2001)).is_err());
        assert!(Template::parse(&"a".repeat(2000)).is_ok());
        assert!(Template::parse_subject("Hola\nMundo").is_err());
        assert!(Template::parse_subject("").is_err());
        assert_eq!(Template::parse("a\r\nb").unwrap().as_str(), "a\nb");
    }

    #[test]
    fn html_escapes_and_renders_bold() {
        let html = to_html("Hola <img src=x onerror=alert(1)> & *Básico*\n- Monto: *S/ 150.00* y 3 * 4");
        assert!(html.contains("Hola &lt;img src=x onerror=alert(1)&gt; &amp; <strong>Básico</strong><br>"), "{html}");
        assert!(html.contains("- Monto: <strong>S/ 150.00</strong> y 3 * 4"), "{html}");
        assert!(!html.contains("<img"));
    }

    #[test]
    fn a_clients_name_is_never_markup_in_the_email() {
        let mut v = values();
        v.name = "<img src=x onerror=alert(1)> *bold* @variable_nombre".into();
        let template = Template::parse("Hola @variable_nombre,\nPlan *@variable_plan*").unwrap();
        let html = template.render_html(&v);
        assert!(
            html.contains("Hola &lt;img src=x onerror=alert(1)&gt; *bold* @variable_nombre,<br>\nPlan <strong>Básico</strong>"),
            "{html}"
        );
        assert_eq!(
            template.render(&v),
            "Hola <img src=x onerror=alert(1)> *bold* @variable_nombre,\nPlan *Básico*",
            "the text is the value as typed"
        );
        // A star in a value does not pair with one of the template's.
        let odd = Template::parse("*@variable_nombre y más").unwrap();
        v.name = "Ana*".into();
        assert!(odd.render_html(&v).contains("*Ana* y más"), "{}", odd.render_html(&v));
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_text_without_variables_renders_as_is(text in "[^@]{1,300}") {
            if let Ok(t) = Template::parse(&text) {
                let expected = text.replace("\r\n", "\n");
                prop_assert_eq!(t.render(&values()), expected.trim());
            }
        }

        #[test]
        fn any_input_parses_or_is_refused_without_panicking(text in ".{0,400}") {
            let _ = Template::parse(&text);
            let _ = Template::parse_subject(&text);
            let _ = to_html(&text);
        }

        #[test]
        fn html_never_contains_a_raw_tag_from_the_text(text in ".{0,200}") {
            let html = to_html(&text);
            let body = html.split("<p>").nth(1).unwrap();
            let stripped = body.replace("<strong>", "").replace("</strong>", "").replace("<br>", "").replace("</p></body></html>", "");
            prop_assert!(!stripped.contains('<'));
        }
    }
}
