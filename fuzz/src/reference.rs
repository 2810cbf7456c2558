//! Model references: any string as a `model` value or an audited token.
//!
//! Invariants: the text is kept as written; a reference is malformed
//! exactly when it says why; and every replacement `fix` proposes for a
//! known model is itself a well-formed reference, other than the one
//! replaced.

use modelgate::fix;
use modelgate::reference::{Reference, ReferenceKind};

use crate::{embedded, today};

/// The Region a manifest entry is called from: with one Region, ARNs keep
/// their form, so every way of writing a fix is tried.
const REGION: &str = "eu-west-1";

pub fn fuzz(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let catalog = embedded();
    let reference = Reference::parse(text, catalog);
    assert_eq!(reference.text, text, "the text is kept as written");
    assert_eq!(
        reference.kind == ReferenceKind::Malformed,
        reference.problem.is_some(),
        "a reference is malformed exactly when it says why: {reference:?}"
    );
    if reference.kind != ReferenceKind::Malformed {
        assert_eq!(text.trim(), text, "surrounding whitespace is malformed");
    }
    // Fixes for an unknown id are the catalog ids closest to it by string
    // distance, which costs the fuzzer more than all the rest: the manifest
    // targets reach that path; here only known models propose fixes.
    let known = reference
        .model_id
        .as_deref()
        .is_some_and(|id| catalog.model(id).is_some());
    if !known {
        return;
    }
    let regions = [REGION.to_string()];
    for candidate in fix::candidates(catalog, today(), &reference, &regions) {
        assert_ne!(candidate.text, text, "a fix changes the reference");
        let parsed = Reference::parse(&candidate.text, catalog);
        assert!(
            parsed.kind != ReferenceKind::Malformed,
            "fix candidate {:?} for {text:?} is malformed: {:?}",
            candidate.text,
            parsed.problem
        );
    }
}
