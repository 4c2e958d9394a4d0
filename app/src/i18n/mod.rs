//! The two languages of the panel. Spanish is the source: the code writes every text in
//! Spanish, with the spec's labels, and that text is the key of its translation (as in
//! gettext). `locales/es.ftl` lists each Spanish text under an id, with `{ $name }` where a
//! value goes; `locales/en.ftl` has the English under the same id, formatted by Fluent.
//!
//! Translating by the Spanish text, not by id at each call, is what lets the messages the
//! server writes (refusals, confirmations, an order's history, a delivery's error) stay plain
//! Spanish text in the database, the API and the logs, and still reach an English reader in
//! English: the page translates them when it shows them.

mod format;
mod pattern;

pub use format::{date, date_time, money};

/// A date, a date and time or an amount the server wrote in Spanish, as `lang` writes it.
pub fn value(lang: Lang, spanish: &str) -> String {
    match lang {
        Lang::Es => spanish.to_string(),
        Lang::En => format::english_value(spanish),
    }
}

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use pattern::Catalogue;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The cookie that remembers the language chosen in the user menu.
pub const COOKIE: &str = "pagos_lang";

const SPANISH: &str = include_str!("../../locales/es.ftl");
const ENGLISH: &str = include_str!("../../locales/en.ftl");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The BCP 47 code, for `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code.trim())
    }

    /// The language's name in itself, as the menu offers it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Es => "Español",
            Lang::En => "English",
        }
    }

    /// The language in a `Cookie` header, Spanish when there is none or it is unknown.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .and_then(|(_, value)| Lang::from_code(value))
            .unwrap_or_default()
    }

    /// `spanish` in this language. Text with no translation is shown as it is.
    pub fn tr(self, spanish: &str) -> String {
        match self {
            Lang::Es => spanish.to_string(),
            Lang::En => translations().english(spanish).unwrap_or_else(|| spanish.to_string()),
        }
    }
}

struct Translations {
    spanish: Catalogue,
    english: FluentBundle<FluentResource>,
}

fn translations() -> &'static Translations {
    static TRANSLATIONS: OnceLock<Translations> = OnceLock::new();
    TRANSLATIONS.get_or_init(|| {
        let spanish = FluentResource::try_new(SPANISH.to_string()).expect("es.ftl parses");
        let english = FluentResource::try_new(ENGLISH.to_string()).expect("en.ftl parses");
        let mut bundle = FluentBundle::new_concurrent(vec![unic_langid::langid!("en")]);
        // The marks Fluent puts around each value by default would end up in every string.
        bundle.set_use_isolating(false);
        bundle.add_resource(english).expect("en.ftl has each id once");
        Translations { spanish: Catalogue::new(&spanish), english: bundle }
    })
}

impl Translations {
    fn english(&self, spanish: &str) -> Option<String> {
        // Fluent trims values, so the space around a text is kept aside.
        let text = spanish.trim();
        if text.is_empty() {
            return None;
        }
        let (lead, tail) = (&spanish[..spanish.len() - spanish.trim_start().len()], &spanish[spanish.trim_end().len()..]);
        let (id, values) = self.spanish.find(text)?;
        let message = self.english.get_message(id)?;
        let pattern = message.value()?;
        let mut args = FluentArgs::new();
        for (name, value) in values {
            // A value named `msg…` is itself a message (a refusal inside a refusal); the
            // others are data, of which amounts and dates change form with the language.
            let shown = if name.starts_with("msg") { Lang::En.tr(&value) } else { format::english_value(&value) };
            args.set(name, FluentValue::from(shown));
        }
        let mut errors = Vec::new();
        let english = self.english.format_pattern(pattern, Some(&args), &mut errors);
        errors.is_empty().then(|| format!("{lead}{english}{tail}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;

    fn ids(source: &str) -> Vec<String> {
        let resource = FluentResource::try_new(source.to_string()).expect("parses");
        resource
            .entries()
            .filter_map(|e| match e {
                ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_catalogues_parse_and_have_the_same_ids_once_each() {
        let (es, en) = (ids(SPANISH), ids(ENGLISH));
        let mut unique = es.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), es.len(), "an id is twice in es.ftl");
        let missing: Vec<_> = es.iter().filter(|id| !en.contains(id)).collect();
        let extra: Vec<_> = en.iter().filter(|id| !es.contains(id)).collect();
        assert!(missing.is_empty(), "no English for {missing:?}");
        assert!(extra.is_empty(), "English for no Spanish text: {extra:?}");
    }

    #[test]
    fn every_english_text_formats_with_the_values_its_spanish_has() {
        let spanish = FluentResource::try_new(SPANISH.to_string()).unwrap();
        let catalogue = Catalogue::new(&spanish);
        for (id, names) in catalogue.variables() {
            let message = translations().english.get_message(&id).unwrap_or_else(|| panic!("{id}"));
            let mut args = FluentArgs::new();
            for name in &names {
                args.set(name.clone(), FluentValue::from("x"));
            }
            let mut errors = Vec::new();
            let text = translations().english.format_pattern(message.value().expect("a value"), Some(&args), &mut errors);
            assert!(errors.is_empty(), "{id}: {errors:?}");
            assert!(!text.trim().is_empty(), "{id}");
        }
    }

    #[test]
    fn spanish_is_shown_as_written_and_english_is_translated() {
        assert_eq!(Lang::Es.tr("Guardar"), "Guardar");
        assert_eq!(Lang::En.tr("Guardar"), "Save");
        assert_eq!(Lang::En.tr("Listado de Clientes"), "Client list");
        assert_eq!(Lang::En.tr(" Guardar "), " Save ", "the space around a text stays");
        assert_eq!(Lang::En.tr("Un texto que nadie tradujo"), "Un texto que nadie tradujo");
        assert_eq!(Lang::En.tr(""), "");
    }

    #[test]
    fn values_inside_a_message_are_carried_over_and_follow_the_language() {
        assert_eq!(Lang::En.tr("Orden #42 marcada como pagada."), "Order #42 marked as paid.");
        assert_eq!(Lang::En.tr("Orden #7 anulada."), "Order #7 cancelled.");
        assert_eq!(
            Lang::En.tr("Pagar orden #3 · Panadería Ríos · S/ 1,250.00"),
            "Pay order #3 · Panadería Ríos · PEN 1,250.00"
        );
    }

    #[test]
    fn the_cookie_names_the_language_and_anything_else_means_spanish() {
        assert_eq!(Lang::from_cookie_header("a=1; pagos_lang=en; b=2"), Lang::En);
        assert_eq!(Lang::from_cookie_header("pagos_lang=es"), Lang::Es);
        assert_eq!(Lang::from_cookie_header("pagos_lang=fr"), Lang::Es);
        assert_eq!(Lang::from_cookie_header(""), Lang::Es);
    }

    /// The Spanish texts in the code: those the pages pass through `tr`, and the sentences
    /// the server answers with (a capital letter or «, a space, a full stop or question mark
    /// at the end). A value in braces is tried as `7`.
    fn texts_in_the_code() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() { walk(&path, files) } else if path.extension().is_some_and(|e| e == "rs") { files.push(path) }
            }
        }
        let mut files = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let mut texts = Vec::new();
        for file in files {
            let name = file.display().to_string();
            // Seed data, test helpers and the catalogue's own tests are not shown to anyone.
            if ["seed", "testing", "i18n"].iter().any(|skip| name.contains(&format!("/{skip}/"))) {
                continue;
            }
            let source = std::fs::read_to_string(&file).unwrap();
            let code = source.split("#[cfg(test)]").next().unwrap();
            let mut rest = code;
            while let Some(start) = rest.find('"') {
                let before = &rest[..start];
                let Some(len) = rest[start + 1..].find('"') else { break };
                let literal = &rest[start + 1..start + 1 + len];
                rest = &rest[start + len + 2..];
                let line = before.rsplit('\n').next().unwrap_or("");
                if line.trim_start().starts_with("//") || literal.ends_with('\\') {
                    continue;
                }
                let sample: String = {
                    let mut out = String::new();
                    let mut depth = 0;
                    for c in literal.chars() {
                        match c {
                            '{' => { depth += 1; if depth == 1 { out.push('7') } }
                            '}' => depth -= 1,
                            _ if depth == 0 => out.push(c),
                            _ => {}
                        }
                    }
                    out
                };
                let passed_to_tr = before.ends_with("lang.tr(") || before.ends_with("lang.tr(&format!(");
                let sentence = sample.contains(' ')
                    && sample.starts_with(|c: char| c.is_uppercase() || c == '«')
                    && (sample.ends_with('.') || sample.ends_with('?'))
                    && !line.contains("tracing::")
                    && !line.contains("expect(")
                    && !line.contains("internal(");
                if passed_to_tr || sentence {
                    texts.push((format!("{name}: {literal}"), sample));
                }
            }
        }
        texts
    }

    #[test]
    fn every_text_the_code_writes_has_its_english() {
        // The same word in both languages.
        const SAME: [&str; 7] = ["WhatsApp", "Plan", "Error", "API Key", "No", "Manual", "Yape/Plin"];
        // The test messages go to the business's own inbox and phone, as the reminders do,
        // in the language of the template (Spanish), whatever the panel shows.
        const FOR_RECIPIENTS: [&str; 2] = ["Este es un correo de prueba de Pagos.", "Mensaje de prueba de *Pagos*"];
        let texts = texts_in_the_code();
        assert!(texts.len() > 300, "the scan found only {} texts", texts.len());
        let untranslated: Vec<&String> = texts
            .iter()
            .filter(|(_, sample)| !SAME.contains(&sample.trim()) && !FOR_RECIPIENTS.iter().any(|r| sample.starts_with(r)))
            .filter(|(_, sample)| Lang::En.tr(sample) == *sample)
            .map(|(where_, _)| where_)
            .collect();
        assert!(untranslated.is_empty(), "no English for:\n{}", untranslated.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"));
    }
}

