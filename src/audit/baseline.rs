//! Baselines: accept today's findings, fail on new ones.
//!
//! An entry names a finding by content, not by line: its rule, its file
//! (relative to the baseline file's folder), the reference text it is about,
//! and which occurrence of that (rule, file, text) it is in the file, in file
//! order. Edits elsewhere in the file do not break it; a new occurrence of
//! the same id is one more than the baseline holds, so it is reported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Result, RunError};
use crate::finding::Finding;
use crate::fsutil;
use crate::source::SourceFile;
use crate::syntax::tree;

pub const SCHEMA: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    pub file: String,
    pub reference: String,
    pub occurrence: usize,
}

#[derive(Deserialize)]
struct Document {
    schema: u32,
    findings: Vec<Entry>,
}

/// How baseline paths are written: relative to the baseline's folder.
pub struct Keys {
    base: PathBuf,
    cwd: PathBuf,
}

impl Keys {
    pub fn for_baseline(path: &Path) -> Result<Self> {
        let cwd = std::env::current_dir()?;
        let parent = cwd.join(path.parent().unwrap_or(Path::new("")));
        let base = parent.canonicalize().unwrap_or(parent);
        Ok(Self { base, cwd })
    }

    /// The absolute path of a baseline entry's file.
    pub fn absolute(&self, entry_file: &str) -> PathBuf {
        self.base.join(entry_file)
    }

    fn file(&self, shown: &str) -> String {
        let absolute = self.cwd.join(shown);
        let absolute = absolute.canonicalize().unwrap_or(absolute);
        let key = absolute
            .strip_prefix(&self.base)
            .map(Path::to_path_buf)
            .unwrap_or(absolute);
        key.to_string_lossy().replace('\\', "/")
    }

    /// The entries of `findings` (in report order), numbering occurrences.
    pub fn entries(
        &self,
        findings: &[Finding],
        subject: &dyn Fn(&Finding) -> String,
    ) -> Vec<Entry> {
        let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
        findings
            .iter()
            .map(|f| {
                let key = (f.rule.to_string(), self.file(&f.location.file), subject(f));
                let occurrence = seen.entry(key.clone()).or_insert(0);
                *occurrence += 1;
                Entry {
                    rule: key.0,
                    file: key.1,
                    reference: key.2,
                    occurrence: *occurrence,
                }
            })
            .collect()
    }
}

/// The baseline document, one entry per line so that diffs stay readable.
pub fn render(entries: &[Entry]) -> String {
    let mut out = format!(
        "{{\n  \"schema\": {SCHEMA},\n  \"tool\": \"modelgate\",\n  \"about\": \"findings accepted by `modelgate audit --baseline`; regenerate with --write-baseline\",\n  \"findings\": ["
    );
    for (i, entry) in entries.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(&serde_json::to_string(entry).unwrap_or_default());
    }
    out.push_str(if entries.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    out
}

pub fn write(path: &Path, entries: &[Entry]) -> Result<()> {
    fsutil::write_output(
        path,
        render(entries).as_bytes(),
        fsutil::Existing::Replace,
        "the baseline",
    )
}

/// A baseline as read, with the span of every entry.
pub struct Baseline {
    pub source: SourceFile,
    pub entries: Vec<Entry>,
    pub spans: Vec<std::ops::Range<usize>>,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(RunError::plain(format!(
                "cannot read the baseline {}: no such file",
                path.display()
            ))
            .with_help("write one with `modelgate audit --write-baseline FILE`"));
        }
        let source = fsutil::read_source(path, fsutil::TEXT_LIMIT, "the baseline")?;
        let tree = tree::parse_json(source.text()).map_err(|err| {
            RunError::at(
                &source,
                err.span,
                format!("the baseline is not valid JSON: {}", err.value),
                "here",
            )
        })?;
        let document: Document = serde_json::from_str(source.text()).map_err(|err| {
            let offset = source.offset(err.line(), err.column());
            RunError::at(
                &source,
                offset..offset,
                format!("not a modelgate baseline: {err}"),
                "here",
            )
            .with_help("a baseline is written by `modelgate audit --write-baseline FILE`")
        })?;
        if document.schema != SCHEMA {
            return Err(RunError::plain(format!(
                "{}: baseline schema {} is not supported (this modelgate reads schema {SCHEMA})",
                path.display(),
                document.schema
            )));
        }
        let spans = (0..document.findings.len())
            .map(|i| tree.span_of(&format!("/findings/{i}")))
            .collect();
        Ok(Self {
            source,
            entries: document.findings,
            spans,
        })
    }

    /// Splits `findings` into those the baseline does not hold, and says
    /// which baseline entries matched nothing (by index).
    pub fn apply(
        &self,
        keys: &Keys,
        findings: Vec<Finding>,
        subject: &dyn Fn(&Finding) -> String,
    ) -> (Vec<Finding>, usize, Vec<usize>) {
        let mut accepted: HashMap<&Entry, usize> = HashMap::new();
        for (i, entry) in self.entries.iter().enumerate() {
            accepted.entry(entry).or_insert(i);
        }
        let mut matched = vec![false; self.entries.len()];
        let current = keys.entries(&findings, subject);
        let mut kept = Vec::new();
        let mut baselined = 0;
        for (finding, key) in findings.into_iter().zip(current) {
            match accepted.get(&key) {
                Some(&i) => {
                    matched[i] = true;
                    baselined += 1;
                }
                None => kept.push(finding),
            }
        }
        let stale = matched
            .iter()
            .enumerate()
            .filter(|(i, m)| !**m && accepted.get(&self.entries[*i]) == Some(i))
            .map(|(i, _)| i)
            .collect();
        (kept, baselined, stale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_one_entry_per_line_and_reads_back() {
        let entries = vec![
            Entry {
                rule: "lifecycle/end-of-life".into(),
                file: "src/app.py".into(),
                reference: "anthropic.claude-v2".into(),
                occurrence: 1,
            },
            Entry {
                rule: "lifecycle/end-of-life".into(),
                file: "src/app.py".into(),
                reference: "anthropic.claude-v2".into(),
                occurrence: 2,
            },
        ];
        let text = render(&entries);
        assert_eq!(text.lines().filter(|l| l.contains("\"rule\"")).count(), 2);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, &text).expect("write");
        let read = Baseline::read(&path)
            .map_err(|e| e.message().to_string())
            .expect("reads");
        assert_eq!(read.entries, entries);
        let second = &read.source.text()[read.spans[1].clone()];
        assert!(second.contains("\"occurrence\":2"), "{second}");
        assert_eq!(render(&[]), "{\n  \"schema\": 1,\n  \"tool\": \"modelgate\",\n  \"about\": \"findings accepted by `modelgate audit --baseline`; regenerate with --write-baseline\",\n  \"findings\": []\n}\n");
    }
}
