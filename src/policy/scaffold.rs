//! `modelgate new rule FAMILY/NAME`: a rule file and its test file that
//! pass as written, for the author to change. The example condition (a
//! provider allow-list) exercises the input, the library and the test
//! builders the way a real rule does.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Result, RunError};
use crate::rules::RuleId;

/// Writes `<dir>/<family>/<name>.rego` and `<name>_test.rego` for the rule
/// `id`; refuses to overwrite anything. Returns the paths written.
pub fn new_rule(id: &str, dir: &Path) -> Result<Vec<PathBuf>> {
    let id = RuleId::parse(id).map_err(|msg| {
        RunError::plain(msg).with_help("e.g. `modelgate new rule platform/allowed-providers`")
    })?;
    let parts: Vec<&str> = id.as_str().split('/').collect();
    let [family, name] = parts.as_slice() else {
        return Err(RunError::plain(format!(
            "`{id}` has more than two parts: a rule id is `family/name`"
        )));
    };
    let package = format!(
        "modelgate.rules.{}.{}",
        identifier(family)?,
        identifier(name)?
    );
    let folder = dir.join(family);
    let rule = folder.join(format!("{name}.rego"));
    let test = folder.join(format!("{name}_test.rego"));
    for path in [&rule, &test] {
        if path.exists() {
            return Err(
                RunError::plain(format!("{} already exists", path.display()))
                    .with_help("choose another name, or edit the existing rule"),
            );
        }
    }
    std::fs::create_dir_all(&folder)
        .map_err(|err| RunError::plain(format!("cannot create {}: {err}", folder.display())))?;
    write_new(&rule, &rule_text(&id, &package))?;
    write_new(&test, &test_text(&package))?;
    Ok(vec![rule, test])
}

/// A package part: `-` becomes `_`; anything else must already be an
/// identifier.
fn identifier(part: &str) -> Result<String> {
    let ident = part.replace('-', "_");
    let valid = ident
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && ident
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(ident)
    } else {
        Err(RunError::plain(format!(
            "`{part}` cannot be part of a Rego package name: use lowercase letters, digits and `-`, starting with a letter"
        )))
    }
}

/// Creates `path` (never replacing a file that appeared meanwhile).
fn write_new(path: &Path, text: &str) -> Result<()> {
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    };
    write().map_err(|err| RunError::plain(format!("cannot write {}: {err}", path.display())))
}

fn rule_text(id: &RuleId, package: &str) -> String {
    format!(
        r#"# METADATA
# title: "TODO: what this rule finds, in a few words"
# description: "TODO: what is wrong, and why it matters. The example below reports a model whose provider is not on an allow-list."
# custom:
#   severity: warning
#   remediation: "TODO: how to fix it."
package {package}

# The rule's id is `{id}` (from the package). `modelgate explain {id}` prints
# the block above; policies/README.md describes the input and the helpers.

import data.modelgate.lib

allowed_providers := {{"Amazon", "Anthropic"}}

findings contains lib.finding(entry.reference.pointer, msg) if {{
	some entry in input.entries
	entry.model != null
	not entry.model.provider in allowed_providers
	msg := sprintf("`%s` is a %s model, which is not on the allow-list", [entry.reference.text, entry.model.provider])
}}
"#
    )
}

fn test_text(package: &str) -> String {
    format!(
        r#"package {package}_test

import data.modelgate.lib.testing as t
import data.{package} as rule

test_a_model_of_another_provider_is_reported if {{
	llama := object.union(t.haiku, {{"provider": "Meta"}})
	inp := t.doc(t.workload(["us-east-1"], null), [t.entry(0, t.model_ref(t.haiku_id), llama, [t.call("us-east-1", 0)])])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
}}

test_an_allowed_provider_is_not_reported if {{
	inp := t.doc(t.workload(["us-east-1"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("us-east-1", 0)])])
	fs := rule.findings with input as inp
	count(fs) == 0
}}
"#
    )
}
