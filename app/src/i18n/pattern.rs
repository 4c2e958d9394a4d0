//! Finding which Spanish text of `es.ftl` a string is, and the values in it.

use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Value(String),
}

/// The Spanish texts: those without values by their text, the rest as patterns.
pub struct Catalogue {
    exact: HashMap<String, String>,
    /// Longest first, so a more specific text wins over one that is a value and little else.
    patterns: Vec<(String, Vec<Part>)>,
}

impl Catalogue {
    pub fn new(resource: &FluentResource) -> Catalogue {
        let mut exact = HashMap::new();
        let mut patterns = Vec::new();
        for entry in resource.entries() {
            let ast::Entry::Message(message) = entry else { continue };
            let Some(value) = &message.value else { continue };
            let parts = parts(value);
            let id = message.id.name.to_string();
            match parts.as_slice() {
                [Part::Text(text)] => {
                    exact.insert(text.clone(), id);
                }
                _ => patterns.push((id, parts)),
            }
        }
        let fixed = |parts: &[Part]| parts.iter().map(|p| if let Part::Text(t) = p { t.len() } else { 0 }).sum::<usize>();
        patterns.sort_by_key(|(_, parts)| std::cmp::Reverse(fixed(parts)));
        Catalogue { exact, patterns }
    }

    /// The id of the text `text` is, and its values by name.
    pub fn find(&self, text: &str) -> Option<(&str, Vec<(String, String)>)> {
        if let Some(id) = self.exact.get(text) {
            return Some((id, Vec::new()));
        }
        self.patterns.iter().find_map(|(id, parts)| {
            let mut values = Vec::new();
            matches(parts, text, &mut values).then_some((id.as_str(), values))
        })
    }

    /// Each id with the names of its values (tests).
    #[cfg(test)]
    pub fn variables(&self) -> Vec<(String, Vec<String>)> {
        let mut all: Vec<(String, Vec<String>)> = self.exact.values().map(|id| (id.clone(), Vec::new())).collect();
        for (id, parts) in &self.patterns {
            let names = parts.iter().filter_map(|p| if let Part::Value(n) = p { Some(n.clone()) } else { None }).collect();
            all.push((id.clone(), names));
        }
        all
    }
}

fn parts(pattern: &ast::Pattern<&str>) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for element in &pattern.elements {
        let part = match element {
            ast::PatternElement::TextElement { value } => Part::Text(value.to_string()),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(ast::InlineExpression::VariableReference { id }) => Part::Value(id.name.to_string()),
                ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => Part::Text(value.to_string()),
                other => panic!("es.ftl may only hold text and {{ $values }}: {other:?}"),
            },
        };
        // Adjacent text (a literal `{"{"}` beside plain text) is one piece.
        match (parts.last_mut(), &part) {
            (Some(Part::Text(before)), Part::Text(more)) => before.push_str(more),
            _ => parts.push(part),
        }
    }
    parts
}

/// Whether `text` is `parts` with some non-empty value in each `Value`; each value takes the
/// shortest stretch that lets the rest match.
fn matches(parts: &[Part], text: &str, values: &mut Vec<(String, String)>) -> bool {
    match parts {
        [] => text.is_empty(),
        [Part::Text(fixed), rest @ ..] => text.strip_prefix(fixed.as_str()).is_some_and(|tail| matches(rest, tail, values)),
        [Part::Value(name)] => {
            let ok = !text.is_empty();
            if ok {
                values.push((name.clone(), text.to_string()));
            }
            ok
        }
        [Part::Value(name), Part::Text(fixed), rest @ ..] => {
            for (at, _) in text.match_indices(fixed.as_str()).filter(|(at, _)| *at > 0) {
                let mark = values.len();
                values.push((name.clone(), text[..at].to_string()));
                if matches(rest, &text[at + fixed.len()..], values) {
                    return true;
                }
                values.truncate(mark);
            }
            false
        }
        [Part::Value(_), Part::Value(_), ..] => panic!("two values side by side cannot be told apart"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue(source: &str) -> Catalogue {
        Catalogue::new(&FluentResource::try_new(source.to_string()).unwrap())
    }

    #[test]
    fn a_text_with_values_gives_them_back_by_name() {
        let c = catalogue("creada = Orden #{ $id } creada.\ncola = Orden #{ $id } creada. Aviso en cola por { $channels }.\nfija = Guardar\n");
        assert_eq!(c.find("Guardar"), Some(("fija", vec![])));
        assert_eq!(c.find("Orden #12 creada."), Some(("creada", vec![("id".into(), "12".into())])));
        assert_eq!(
            c.find("Orden #3 creada. Aviso en cola por correo."),
            Some(("cola", vec![("id".into(), "3".into()), ("channels".into(), "correo".into())]))
        );
        assert_eq!(c.find("Orden # creada."), None, "a value is never empty");
        assert_eq!(c.find("Otra cosa"), None);
    }

    #[test]
    fn a_value_may_hold_the_text_that_follows_it() {
        let c = catalogue("par = { $a } · { $b }\n");
        assert_eq!(c.find("x · y · z"), Some(("par", vec![("a".into(), "x".into()), ("b".into(), "y · z".into())])));
    }
}
