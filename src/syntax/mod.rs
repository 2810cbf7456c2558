//! Span-keeping syntax for TOML and JSON inputs (manifests, project config):
//! one tree for both formats, and typed decoding with located errors.

pub mod table;
pub mod tree;

/// A decoded value and the JSON pointer it was read at, so a finding or an
/// error about it can point at its characters.
#[derive(Clone, Debug, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub pointer: String,
}
