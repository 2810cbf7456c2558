//! Fingerprints that identify a finding across runs, shared by every format
//! that carries one (SARIF's `partialFingerprints`, GitLab's `fingerprint`),
//! so that the two agree on which findings are the same.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::error::RunError;
use crate::finding::Finding;
use crate::source::SourceFile;

/// 32 hex digits of the SHA-256 of `key`.
fn digest(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fingerprint that survives lines moving and days passing: the rule, the
/// file, the text the finding points at, and which occurrence of that text
/// it is in the file. (Messages are left out: "in 47 days" changes daily.)
pub fn of_findings(findings: &[Finding], files: &HashMap<String, &SourceFile>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let subject = files
                .get(&f.location.file)
                .and_then(|file| file.text().get(f.location.span.clone()))
                .map(str::to_string)
                .or_else(|| f.reference.clone())
                .unwrap_or_default();
            let key = format!("{}\u{0}{}\u{0}{}", f.rule, f.location.file, subject);
            let occurrence = seen.entry(key.clone()).or_insert(0);
            *occurrence += 1;
            digest(&format!("{key}\u{0}{occurrence}"))
        })
        .collect()
}

/// The fingerprint of an input the run could not judge: its file and what
/// went wrong (no position: an edit above it must not make it new).
pub fn of_error(error: &RunError) -> String {
    let file = error.location().map_or("", |at| at.file.as_str());
    digest(&format!(
        "modelgate/error\u{0}{file}\u{0}{}",
        error.summary()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_32_hex_digits() {
        let d = digest("x");
        assert_eq!(d.len(), 32);
        assert!(d.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(d, digest("y"));
    }
}
