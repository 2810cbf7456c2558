//! How `modelgate test` prints its results: for people (`opa test`'s
//! shape, ending with the `N passed, N failed` line) and as JSON.

use std::io::Write;

use super::testing::{Coverage, Outcome, TestResult, TestRun};
use crate::error::Result;

pub fn human(out: &mut dyn Write, run: &TestRun, verbose: bool) -> Result<()> {
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for result in &run.results {
        let at = format!("{}:{}", result.file, result.line);
        match &result.outcome {
            Outcome::Pass => {
                passed += 1;
                if verbose {
                    writeln!(out, "PASS {} ({})", result.name, millis(result))?;
                    prints(out, result)?;
                }
            }
            Outcome::Skip => {
                skipped += 1;
                if verbose {
                    writeln!(out, "SKIP {} ({at})", result.name)?;
                }
            }
            Outcome::Fail => {
                failed += 1;
                writeln!(out, "FAIL {} ({at}, {})", result.name, millis(result))?;
                if let Some((line, text)) = &result.stopped_at {
                    writeln!(out, "  stopped at {}:{line}: {text}", result.file)?;
                }
                prints(out, result)?;
            }
            Outcome::Error(message) => {
                failed += 1;
                writeln!(out, "ERROR {} ({at}): {message}", result.name)?;
                prints(out, result)?;
            }
        }
    }
    if let Some(coverage) = &run.coverage {
        coverage_lines(out, coverage)?;
    }
    if skipped > 0 {
        writeln!(out, "{passed} passed, {failed} failed, {skipped} skipped")?;
    } else {
        writeln!(out, "{passed} passed, {failed} failed")?;
    }
    Ok(())
}

fn millis(result: &TestResult) -> String {
    format!("{:.1} ms", result.duration.as_secs_f64() * 1000.0)
}

fn prints(out: &mut dyn Write, result: &TestResult) -> Result<()> {
    for line in &result.prints {
        writeln!(out, "  print: {line}")?;
    }
    Ok(())
}

fn coverage_lines(out: &mut dyn Write, coverage: &Coverage) -> Result<()> {
    writeln!(out, "coverage:")?;
    for file in &coverage.files {
        let missing = ranges(file.not_covered.iter().copied());
        if missing.is_empty() {
            writeln!(out, "  {:5.1}%  {}", file.percent(), file.file)?;
        } else {
            writeln!(
                out,
                "  {:5.1}%  {} (not covered: lines {missing})",
                file.percent(),
                file.file
            )?;
        }
    }
    writeln!(out, "  {:5.1}%  in all", coverage.percent())?;
    Ok(())
}

/// `3, 7-9, 12`
fn ranges(lines: impl Iterator<Item = u32>) -> String {
    let mut parts: Vec<(u32, u32)> = Vec::new();
    for line in lines {
        match parts.last_mut() {
            Some((_, end)) if *end + 1 == line => *end = line,
            _ => parts.push((line, line)),
        }
    }
    parts
        .into_iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn json(out: &mut dyn Write, run: &TestRun) -> Result<()> {
    let count = |o: &str| {
        run.results
            .iter()
            .filter(|r| r.outcome.as_str() == o)
            .count()
    };
    let tests: Vec<serde_json::Value> = run
        .results
        .iter()
        .map(|r| {
            let mut test = serde_json::json!({
                "name": r.name,
                "file": r.file,
                "line": r.line,
                "outcome": r.outcome.as_str(),
                "duration_ms": r.duration.as_secs_f64() * 1000.0,
                "prints": r.prints,
            });
            if let Outcome::Error(message) = &r.outcome {
                test["error"] = serde_json::json!(message);
            }
            if let Some((line, text)) = &r.stopped_at {
                test["stopped_at"] = serde_json::json!({"line": line, "text": text});
            }
            test
        })
        .collect();
    let mut doc = serde_json::json!({
        "tests": tests,
        "summary": {
            "passed": count("pass"),
            "failed": count("fail"),
            "errors": count("error"),
            "skipped": count("skip"),
        },
    });
    if let Some(coverage) = &run.coverage {
        doc["coverage"] = serde_json::json!({
            "percent": coverage.percent(),
            "files": coverage.files.iter().map(|f| serde_json::json!({
                "file": f.file,
                "percent": f.percent(),
                "covered": f.covered,
                "not_covered": f.not_covered,
            })).collect::<Vec<_>>(),
        });
    }
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_are_compact() {
        assert_eq!(ranges([3, 7, 8, 9, 12].into_iter()), "3, 7-9, 12");
        assert_eq!(ranges(std::iter::empty()), "");
    }
}
