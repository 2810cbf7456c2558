//! `--diff`: what `--fix` would change, as unified diffs of each file (the
//! path as reported on both header lines: `patch -p0` or `git apply -p0`
//! applies them).

use std::io::Write;

use super::Fixing;
use crate::sanitize;

pub fn render(fixing: &Fixing, out: &mut dyn Write) -> std::io::Result<()> {
    for file in &fixing.diffs {
        let diff = similar::TextDiff::from_lines(&file.before, &file.after);
        let path = sanitize::line(&file.path);
        write!(
            out,
            "{}",
            diff.unified_diff().context_radius(3).header(&path, &path)
        )?;
    }
    Ok(())
}
