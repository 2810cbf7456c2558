//! `--inventory`: which models the tree uses, how often and where.

use std::collections::BTreeMap;
use std::io::Write;

use super::AuditFile;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::reference::{Reference, ReferenceKind};
use crate::sanitize;
use crate::text::plural;

/// model (or what stands for it) → written form → `file:line:col` places.
type Inventory = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn collect(files: &[AuditFile], catalog: &Catalog) -> Inventory {
    let mut models = Inventory::new();
    for file in files {
        for found in &file.scanned.references {
            let reference = Reference::parse(&found.normalized, catalog);
            let key = match (&reference.model_id, reference.kind) {
                (_, ReferenceKind::Malformed) => "(malformed references)".to_string(),
                (_, ReferenceKind::ApplicationProfileArn) => {
                    "(application inference profiles: model not known from the ARN)".to_string()
                }
                (Some(id), _) => match catalog.model(id) {
                    Some(model) => format!("{id} ({})", model.name),
                    None => format!("{id} (not in the catalog)"),
                },
                (None, _) => found.normalized.clone(),
            };
            let at = file.source.line_col(found.span.start);
            models
                .entry(key)
                .or_default()
                .entry(found.text.clone())
                .or_default()
                .push(format!(
                    "{}:{}:{}",
                    file.source.display_path(),
                    at.line,
                    at.column
                ));
        }
    }
    models
}

/// Most used first; each model with its written forms and their places.
pub fn render(files: &[AuditFile], catalog: &Catalog, out: &mut dyn Write) -> Result<()> {
    let models = collect(files, catalog);
    let count = |m: &BTreeMap<String, Vec<String>>| m.values().map(Vec::len).sum::<usize>();
    let mut rows: Vec<(&String, &BTreeMap<String, Vec<String>>)> = models.iter().collect();
    rows.sort_by(|a, b| count(b.1).cmp(&count(a.1)).then_with(|| a.0.cmp(b.0)));
    for (model, forms) in rows {
        let model = sanitize::line(model);
        writeln!(out, "{model}: {}", plural(count(forms), "reference"))?;
        for (form, places) in forms {
            writeln!(out, "  {} ×{}", sanitize::line(form), places.len())?;
            for place in places {
                writeln!(out, "    {}", sanitize::line(place))?;
            }
        }
    }
    Ok(())
}
