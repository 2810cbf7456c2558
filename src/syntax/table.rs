//! Decoding a span tree into typed values: a table that rejects keys nobody
//! asked for (with a did-you-mean), and typed getters whose errors point at
//! the offending characters. Shared by the manifest and the project config.

use std::ops::Range;

use super::tree::{Entry, Node, NodeValue};
use super::At;
use crate::error::{did_you_mean, RunError};
use crate::source::SourceFile;

pub struct DecodeError {
    pub message: String,
    pub label: String,
    pub span: Range<usize>,
    pub help: Option<String>,
}

pub type Result<T> = std::result::Result<T, DecodeError>;

pub fn error(
    span: Range<usize>,
    message: impl Into<String>,
    label: impl Into<String>,
) -> DecodeError {
    DecodeError {
        message: message.into(),
        label: label.into(),
        span,
        help: None,
    }
}

impl DecodeError {
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A table being decoded: knows its pointer and rejects keys nobody asked for.
pub struct Table<'a> {
    pub node: &'a Node,
    entries: &'a [Entry],
    pub pointer: String,
    what: &'static str,
}

impl<'a> Table<'a> {
    pub fn new(node: &'a Node, pointer: String, what: &'static str) -> Result<Self> {
        match &node.value {
            NodeValue::Table(entries) => Ok(Self {
                node,
                entries,
                pointer,
                what,
            }),
            other => Err(error(
                node.span.clone(),
                format!("{what} must be a table, found {}", other.type_name()),
                "expected a table",
            )),
        }
    }

    /// Fails on the first key not in `allowed`, with a did-you-mean.
    pub fn only(&self, allowed: &[&str]) -> Result<()> {
        for entry in self.entries {
            if !allowed.contains(&entry.key.as_str()) {
                let mut err = error(
                    entry.key_span.clone(),
                    format!("unknown key `{}` in {}", entry.key, self.what),
                    "unknown key",
                );
                err = match did_you_mean(&entry.key, allowed.iter().copied()) {
                    Some(near) => err.help(format!("did you mean `{near}`?")),
                    None => err.help(format!("{} accepts: {}", self.what, allowed.join(", "))),
                };
                return Err(err);
            }
        }
        Ok(())
    }

    pub fn get(&self, key: &str) -> Option<(&'a Node, String)> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| (&e.value, format!("{}/{}", self.pointer, key)))
    }

    pub fn required(&self, key: &str) -> Result<(&'a Node, String)> {
        self.get(key).ok_or_else(|| {
            error(
                self.node.span.clone(),
                format!("{} is missing the required key `{key}`", self.what),
                format!("`{key}` missing here"),
            )
        })
    }

    pub fn optional_string(&self, key: &str) -> Result<Option<At<String>>> {
        self.get(key)
            .map(|(node, pointer)| string(node, pointer, key))
            .transpose()
    }

    pub fn required_string(&self, key: &str) -> Result<At<String>> {
        let (node, pointer) = self.required(key)?;
        string(node, pointer, key)
    }

    pub fn string_list(&self, key: &str) -> Result<Option<Vec<At<String>>>> {
        let Some((node, pointer)) = self.get(key) else {
            return Ok(None);
        };
        let NodeValue::Array(items) = &node.value else {
            return Err(wrong_type(node, key, "an array of strings"));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| string(item, format!("{pointer}/{i}"), key))
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }
}

pub fn wrong_type(node: &Node, key: &str, expected: &str) -> DecodeError {
    error(
        node.span.clone(),
        format!(
            "`{key}` must be {expected}, found {}",
            node.value.type_name()
        ),
        format!("expected {expected}"),
    )
}

pub fn string(node: &Node, pointer: String, key: &str) -> Result<At<String>> {
    match &node.value {
        NodeValue::String(s) => Ok(At {
            value: s.clone(),
            pointer,
        }),
        _ => Err(wrong_type(node, key, "a string")),
    }
}

impl DecodeError {
    /// The error as a run failure located in `file`.
    pub fn into_run_error(self, file: &SourceFile) -> RunError {
        let error = RunError::at(file, self.span, self.message, self.label);
        match self.help {
            Some(help) => error.with_help(help),
            None => error,
        }
    }
}

/// The node at `pointer`, or the root when it does not exist.
pub fn node_at<'a>(root: &'a Node, pointer: &str) -> &'a Node {
    root.at_pointer(pointer).unwrap_or(root)
}
