//! A format-neutral syntax tree: every value and every key keeps the byte span
//! it was written at. TOML and JSON manifests are both read into it, so the
//! decoder, the pointer → span map and the fix editor exist once.

use std::ops::Range;

use crate::error::Located;

pub type Span = Range<usize>;

#[derive(Clone, Debug)]
pub struct Node {
    pub span: Span,
    pub value: NodeValue,
}

#[derive(Clone, Debug)]
pub enum NodeValue {
    Table(Vec<Entry>),
    Array(Vec<Node>),
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// TOML datetimes keep their text; the decoder parses the ones it wants.
    Datetime(String),
    Null,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl NodeValue {
    /// What the user wrote, in the words of an error message.
    pub fn type_name(&self) -> &'static str {
        match self {
            NodeValue::Table(_) => "a table",
            NodeValue::Array(_) => "an array",
            NodeValue::String(_) => "a string",
            NodeValue::Integer(_) => "an integer",
            NodeValue::Float(_) => "a float",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Datetime(_) => "a datetime",
            NodeValue::Null => "null",
        }
    }
}

impl NodeValue {
    /// A JSON value as a tree value (spans are the caller's business); a
    /// number that is neither an `i64` nor finite has no tree form.
    pub fn from_json(value: &serde_json::Value, span: &Span) -> Option<NodeValue> {
        use serde_json::Value;
        Some(match value {
            Value::Null => NodeValue::Null,
            Value::Bool(b) => NodeValue::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => NodeValue::Integer(i),
                None => NodeValue::Float(n.as_f64().filter(|f| f.is_finite())?),
            },
            Value::String(s) => NodeValue::String(s.clone()),
            Value::Array(items) => NodeValue::Array(
                items
                    .iter()
                    .map(|item| {
                        Some(Node {
                            span: span.clone(),
                            value: NodeValue::from_json(item, span)?,
                        })
                    })
                    .collect::<Option<_>>()?,
            ),
            Value::Object(map) => NodeValue::Table(
                map.iter()
                    .map(|(key, item)| {
                        Some(Entry {
                            key: key.clone(),
                            key_span: span.clone(),
                            value: Node {
                                span: span.clone(),
                                value: NodeValue::from_json(item, span)?,
                            },
                        })
                    })
                    .collect::<Option<_>>()?,
            ),
        })
    }
}

impl Node {
    /// The node a JSON pointer (`/models/1/model`) designates.
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut node = self;
        for token in pointer.strip_prefix('/')?.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                NodeValue::Table(entries) => &entries.iter().find(|e| e.key == token)?.value,
                NodeValue::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The span of the key that holds the value at `pointer`, when that
    /// value is a table entry.
    pub fn key_span_of(&self, pointer: &str) -> Option<Span> {
        let (parent, last) = pointer.rsplit_once('/')?;
        let key = last.replace("~1", "/").replace("~0", "~");
        match &self.at_pointer(parent)?.value {
            NodeValue::Table(entries) => entries
                .iter()
                .find(|e| e.key == key)
                .map(|e| e.key_span.clone()),
            _ => None,
        }
    }

    /// Sets the value at `pointer` (an existing value, or a new key of an
    /// existing table); the new node takes the span of what it replaces (or
    /// of the table). `false` when there is no such place.
    pub fn replace_at(&mut self, pointer: &str, value: NodeValue) -> bool {
        let Some(rest) = pointer.strip_prefix('/') else {
            if pointer.is_empty() {
                self.value = value;
                return true;
            }
            return false;
        };
        let (token, deeper) = match rest.split_once('/') {
            Some((token, deeper)) => (token, Some(deeper)),
            None => (rest, None),
        };
        let token = token.replace("~1", "/").replace("~0", "~");
        let span = self.span.clone();
        let child = match &mut self.value {
            NodeValue::Table(entries) => {
                if !entries.iter().any(|e| e.key == token) {
                    if deeper.is_some() {
                        return false;
                    }
                    entries.push(Entry {
                        key: token.clone(),
                        key_span: span.clone(),
                        value: Node {
                            span,
                            value: NodeValue::Null,
                        },
                    });
                }
                entries
                    .iter_mut()
                    .find(|e| e.key == token)
                    .map(|e| &mut e.value)
            }
            NodeValue::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        };
        match (child, deeper) {
            (Some(child), Some(deeper)) => child.replace_at(&format!("/{deeper}"), value),
            (Some(child), None) => {
                child.value = value;
                true
            }
            (None, _) => false,
        }
    }

    /// The span of the value at `pointer`, or of its nearest existing
    /// ancestor, so a finding about a missing value still points somewhere.
    pub fn span_of(&self, pointer: &str) -> Span {
        let mut current = pointer;
        loop {
            if let Some(node) = self.at_pointer(current) {
                return node.span.clone();
            }
            match current.rfind('/') {
                Some(cut) => current = &current[..cut],
                None => return self.span.clone(),
            }
        }
    }
}

/// Parses TOML text into the tree. The error carries the parser's span.
pub fn parse_toml(text: &str) -> Result<Node, Located<String>> {
    let table = toml::de::DeTable::parse(text).map_err(|err| {
        let span = err.span().unwrap_or(0..0);
        Located::new(first_line(err.message()), span)
    })?;
    let span = table.span();
    Ok(from_toml_table(table.into_inner(), span))
}

fn from_toml_table(table: toml::de::DeTable<'_>, span: Span) -> Node {
    let entries = table
        .into_iter()
        .map(|(key, value)| {
            let key_span = key.span();
            let value_span = value.span();
            Entry {
                key: key.into_inner().into_owned(),
                key_span,
                value: from_toml_value(value.into_inner(), value_span),
            }
        })
        .collect();
    Node {
        span,
        value: NodeValue::Table(entries),
    }
}

fn from_toml_value(value: toml::de::DeValue<'_>, span: Span) -> Node {
    use toml::de::DeValue;
    let value = match value {
        DeValue::String(s) => NodeValue::String(s.into_owned()),
        DeValue::Integer(i) => match i.as_str().replace('_', "").parse::<i64>() {
            Ok(n) if i.radix() == 10 => NodeValue::Integer(n),
            _ => NodeValue::Float(f64::NAN),
        },
        DeValue::Float(f) => {
            NodeValue::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN))
        }
        DeValue::Boolean(b) => NodeValue::Bool(b),
        DeValue::Datetime(d) => NodeValue::Datetime(d.to_string()),
        DeValue::Array(items) => NodeValue::Array(
            items
                .into_iter()
                .map(|item| {
                    let span = item.span();
                    from_toml_value(item.into_inner(), span)
                })
                .collect(),
        ),
        DeValue::Table(table) => return from_toml_table(table, span),
    };
    Node { span, value }
}

/// Parses strict JSON (no comments, no trailing commas) into the tree.
pub fn parse_json(text: &str) -> Result<Node, Located<String>> {
    use jsonc_parser::{CollectOptions, ParseOptions};
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict).map_err(|err| {
            let range = err.range();
            Located::new(err.kind().to_string(), range.start..range.end)
        })?;
    match parsed.value {
        Some(value) => from_json_value(value).map_err(|dup| {
            let first = crate::source::SourceFile::new("", text).line_col(dup.first.start);
            Located::new(
                format!(
                    "duplicate key `{}`; it was first set at {}:{}",
                    dup.key, first.line, first.column
                ),
                dup.second,
            )
        }),
        None => Err(Located::new(
            "the file holds no JSON value".to_string(),
            0..0,
        )),
    }
}

/// A key written twice in one JSON object. JSON parsers disagree on which
/// value wins (most take the last, this tree would read the first), so a
/// duplicate is an error, as it is in TOML.
struct Duplicate {
    key: String,
    first: Span,
    second: Span,
}

fn from_json_value(value: jsonc_parser::ast::Value<'_>) -> Result<Node, Duplicate> {
    use jsonc_parser::ast::Value;
    let (span, value) = match value {
        Value::StringLit(s) => (s.range, NodeValue::String(s.value.into_owned())),
        Value::NumberLit(n) => (
            n.range,
            match n.value.parse::<i64>() {
                Ok(i) => NodeValue::Integer(i),
                Err(_) => NodeValue::Float(n.value.parse().unwrap_or(f64::NAN)),
            },
        ),
        Value::BooleanLit(b) => (b.range, NodeValue::Bool(b.value)),
        Value::NullKeyword(n) => (n.range, NodeValue::Null),
        Value::Array(a) => (
            a.range,
            NodeValue::Array(
                a.elements
                    .into_iter()
                    .map(from_json_value)
                    .collect::<Result<_, _>>()?,
            ),
        ),
        Value::Object(o) => (o.range, NodeValue::Table(json_entries(o.properties)?)),
    };
    Ok(Node {
        span: span.start..span.end,
        value,
    })
}

fn json_entries(
    properties: Vec<jsonc_parser::ast::ObjectProp<'_>>,
) -> Result<Vec<Entry>, Duplicate> {
    let mut seen: std::collections::HashMap<String, Span> = std::collections::HashMap::new();
    let mut entries = Vec::with_capacity(properties.len());
    for prop in properties {
        let (key, key_span) = match prop.name {
            jsonc_parser::ast::ObjectPropName::String(s) => (s.value.into_owned(), s.range),
            jsonc_parser::ast::ObjectPropName::Word(w) => (w.value.to_string(), w.range),
        };
        let key_span = key_span.start..key_span.end;
        if let Some(first) = seen.get(&key) {
            return Err(Duplicate {
                key,
                first: first.clone(),
                second: key_span,
            });
        }
        seen.insert(key.clone(), key_span.clone());
        entries.push(Entry {
            key,
            key_span,
            value: from_json_value(prop.value)?,
        });
    }
    Ok(entries)
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_pointer_maps_to_the_exact_characters() {
        let text = "version = 1\n[[models]]\nmodel = \"a.b\"\n";
        let tree = parse_toml(text).map_err(|e| e.value).unwrap();
        let span = tree.span_of("/models/0/model");
        assert_eq!(&text[span], "\"a.b\"");
    }

    #[test]
    fn json_pointer_maps_to_the_exact_characters() {
        let text = r#"{"models": [{"model": "a.b"}]}"#;
        let tree = parse_json(text).map_err(|e| e.value).unwrap();
        assert_eq!(&text[tree.span_of("/models/0/model")], "\"a.b\"");
        assert_eq!(
            &text[tree.span_of("/models/0/missing")],
            r#"{"model": "a.b"}"#
        );
    }

    #[test]
    fn values_are_replaced_or_added_at_a_pointer() {
        let text = "[[models]]\nmodel = \"a.b\"\n";
        let mut tree = parse_toml(text).map_err(|e| e.value).unwrap();
        assert!(tree.replace_at("/models/0/model", NodeValue::String("c.d".into())));
        assert!(tree.replace_at("/models/0/max_output_tokens", NodeValue::Integer(5)));
        assert!(!tree.replace_at("/models/3/model", NodeValue::Null));
        assert!(!tree.replace_at("/nothing/here", NodeValue::Null));
        let model = tree
            .at_pointer("/models/0/model")
            .map(|n| n.value.type_name());
        assert_eq!(model, Some("a string"));
        assert!(tree.at_pointer("/models/0/max_output_tokens").is_some());
    }

    #[test]
    fn a_duplicate_json_key_is_an_error_at_the_second() {
        let text = "{\"models\": [{\"model\": \"eu.a\",\n  \"model\": \"global.a\"}]}";
        let err = parse_json(text).expect_err("duplicate");
        assert_eq!(err.value, "duplicate key `model`; it was first set at 1:14");
        assert_eq!(&text[err.span.clone()], "\"model\"");
        assert_eq!(err.span.start, text.rfind("\"model\"").unwrap_or_default());
        // The same key in two objects is no duplicate.
        assert!(parse_json("[{\"a\": 1}, {\"a\": 2}]").is_ok());
    }

    #[test]
    fn json_rejects_comments_and_trailing_commas() {
        assert!(parse_json("{\"a\": 1,}").is_err());
        assert!(parse_json("{// c\n\"a\": 1}").is_err());
    }
}
