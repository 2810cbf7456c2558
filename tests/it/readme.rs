//! The documentation cannot lie: every sample of modelgate's output in
//! README.md, policies/README.md and catalog/README.md is produced here by
//! the real binary (run from the crate root, with the embedded catalog:
//! what a user gets), and the tables of rules, options and settings are
//! generated from the binary. A difference fails the test with a diff;
//! `MODELGATE_UPDATE_README=1 cargo test --test it readme::` rewrites the
//! documents instead.
//!
//! The markers, each an HTML comment on the line before what it governs:
//!
//! - `<!-- sample OPTIONS: modelgate ARGS -->` before a fenced block: the
//!   block is `$ modelgate ARGS` followed by what the command prints on
//!   standard output (with a final `2>&1`, standard error too, in the order
//!   written). Options: `exit=N` (the exit status, checked; default 0),
//!   `lines=A..B` (only those lines of the output, 1-based and inclusive,
//!   negative from the end: `-1..` is the last line; either end may be
//!   left open; a `…` line stands for the lines left out),
//!   `files=NAME,…` (run in a scratch folder holding the latest `file`
//!   blocks of those names), `copy=PATH,…` (copy these paths of the crate
//!   into the scratch folder), `git` (the scratch folder is a git
//!   repository whose `main` holds every file but those of `branch=NAME,…`,
//!   which a branch adds), `cat=NAME` (then show the file the command
//!   wrote there, as `$ cat NAME` would), `mask-times` (durations, which
//!   change from run to run, shown as `… ms`).
//! - `<!-- file: NAME -->` before a fenced block: the block is an input
//!   file, written as NAME into the scratch folder of the samples that name
//!   it. The document is its source: a sample shows what it gives.
//! - `<!-- generated: rules|options check|options audit|settings -->`
//!   before a table: the table is generated from `modelgate rules --json`,
//!   `modelgate check --help`, `modelgate audit --help` and `modelgate
//!   config --format json`. A prose column that the binary cannot give (the
//!   rules' "fires when") is kept from the document, by rule id.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common;

/// The documents whose samples are checked.
const DOCUMENTS: &[&str] = &["README.md", "policies/README.md", "catalog/README.md"];

/// Set to rewrite the documents instead of failing.
const UPDATE: &str = "MODELGATE_UPDATE_README";

/// The date every sample pins with `--today`.
const TODAY: &str = "2026-11-29";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A marker: what kind, and the rest of its text.
#[derive(Debug, Clone, PartialEq)]
enum Marker {
    Sample(Sample),
    File(String),
    Generated(String),
}

/// A `sample` marker, parsed.
#[derive(Debug, Clone, PartialEq, Default)]
struct Sample {
    command: String,
    args: Vec<String>,
    merge_stderr: bool,
    exit: i32,
    lines: (Option<i64>, Option<i64>),
    files: Vec<String>,
    copy: Vec<String>,
    git: bool,
    branch: Vec<String>,
    cat: Option<String>,
    mask_times: bool,
}

fn parse_marker(line: &str) -> Result<Option<Marker>, String> {
    let Some(inner) = line
        .trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
    else {
        return Ok(None);
    };
    let inner = inner.trim();
    if let Some(name) = inner.strip_prefix("file:") {
        return Ok(Some(Marker::File(name.trim().to_string())));
    }
    if let Some(kind) = inner.strip_prefix("generated:") {
        return Ok(Some(Marker::Generated(kind.trim().to_string())));
    }
    match inner.strip_prefix("sample") {
        Some(rest) if rest.starts_with([' ', ':']) => {
            parse_sample(rest).map(Marker::Sample).map(Some)
        }
        _ => Ok(None),
    }
}

fn parse_sample(text: &str) -> Result<Sample, String> {
    let (options, command) = text
        .split_once(':')
        .ok_or_else(|| format!("a sample marker needs `: modelgate …`: {text}"))?;
    let mut sample = Sample {
        command: command.trim().to_string(),
        ..Sample::default()
    };
    let mut words: Vec<&str> = command.split_whitespace().collect();
    if words.first() != Some(&"modelgate") {
        return Err(format!("a sample runs modelgate: {command}"));
    }
    if command.contains(['\'', '"', '|', '>', '<', '*']) && words.last() != Some(&"2>&1") {
        return Err(format!(
            "no shell syntax in a sample but a final 2>&1: {command}"
        ));
    }
    if words.last() == Some(&"2>&1") {
        sample.merge_stderr = true;
        words.pop();
    }
    sample.args = words[1..].iter().map(|w| w.to_string()).collect();
    for option in options.split_whitespace() {
        apply_option(&mut sample, option)?;
    }
    if sample.command.contains("--today") && !sample.command.contains(TODAY) {
        return Err(format!("samples pin --today {TODAY}: {command}"));
    }
    Ok(sample)
}

fn apply_option(sample: &mut Sample, option: &str) -> Result<(), String> {
    let list = |value: &str| value.split(',').map(str::to_string).collect::<Vec<_>>();
    match option.split_once('=') {
        Some(("exit", code)) => {
            sample.exit = code.parse().map_err(|_| format!("exit={code}"))?;
        }
        Some(("lines", range)) => sample.lines = parse_range(range)?,
        Some(("files", names)) => sample.files = list(names),
        Some(("copy", paths)) => sample.copy = list(paths),
        Some(("branch", names)) => sample.branch = list(names),
        Some(("cat", name)) => sample.cat = Some(name.to_string()),
        None if option == "git" => sample.git = true,
        None if option == "mask-times" => sample.mask_times = true,
        _ => return Err(format!("unknown sample option `{option}`")),
    }
    Ok(())
}

fn parse_range(range: &str) -> Result<(Option<i64>, Option<i64>), String> {
    let (start, end) = range
        .split_once("..")
        .ok_or_else(|| format!("lines={range}: write A..B"))?;
    let bound = |s: &str| -> Result<Option<i64>, String> {
        if s.is_empty() {
            Ok(None)
        } else {
            s.parse().map(Some).map_err(|_| format!("lines={range}"))
        }
    };
    Ok((bound(start)?, bound(end)?))
}

/// One marker and the lines it governs in a document (`body` is the
/// half-open range of line indices to replace).
struct Region {
    marker: Marker,
    marker_line: usize,
    body: std::ops::Range<usize>,
}

fn regions(lines: &[&str]) -> Result<Vec<Region>, String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let marker = parse_marker(lines[i]).map_err(|e| format!("line {}: {e}", i + 1))?;
        let Some(marker) = marker else {
            i += 1;
            continue;
        };
        let body = match marker {
            Marker::Generated(_) => table_after(lines, i + 1),
            _ => fence_after(lines, i + 1).map_err(|e| format!("line {}: {e}", i + 1))?,
        };
        found.push(Region {
            marker,
            marker_line: i + 1,
            body: body.clone(),
        });
        i = body.end.max(i + 1);
    }
    Ok(found)
}

/// The lines inside the fenced block that starts at `start`.
fn fence_after(lines: &[&str], start: usize) -> Result<std::ops::Range<usize>, String> {
    let opening = lines.get(start).copied().unwrap_or_default();
    if !opening.starts_with("```") {
        return Err("a marker must be followed by a fenced block".to_string());
    }
    let close = (start + 1..lines.len())
        .find(|&j| lines[j] == "```")
        .ok_or("the fenced block is not closed")?;
    Ok(start + 1..close)
}

/// The table rows that start at `start`.
fn table_after(lines: &[&str], start: usize) -> std::ops::Range<usize> {
    let end = (start..lines.len())
        .find(|&j| !lines[j].starts_with('|'))
        .unwrap_or(lines.len());
    start..end
}

/// What a run printed.
struct Output {
    code: i32,
    text: String,
}

/// Runs `modelgate ARGS` in `dir` (the crate root unless a scratch folder)
/// as a user would: no colour, the embedded catalog.
fn modelgate(dir: &Path, args: &[String], merge_stderr: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_modelgate"));
    cmd.current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("MODELGATE_CATALOG")
        .env_remove("COLUMNS")
        .env_remove("LINES")
        .stdin(Stdio::null());
    let output = if merge_stderr {
        // One file behind both streams keeps the order they were written in.
        let mut log = tempfile::tempfile().expect("temp file");
        let both = log.try_clone().expect("clone");
        cmd.stdout(both.try_clone().expect("clone")).stderr(both);
        let status = cmd.status().expect("modelgate runs");
        let mut text = String::new();
        use std::io::{Read, Seek};
        log.rewind().expect("rewind");
        log.read_to_string(&mut text).expect("UTF-8 output");
        Output {
            code: status.code().unwrap_or(-1),
            text,
        }
    } else {
        let out = cmd.output().expect("modelgate runs");
        Output {
            code: out.status.code().unwrap_or(-1),
            text: String::from_utf8(out.stdout).expect("UTF-8 output"),
        }
    };
    assert!(
        !output.text.contains("panicked"),
        "{args:?}:\n{}",
        output.text
    );
    output
}

/// The scratch folder of a sample, if it needs one.
fn scratch(
    sample: &Sample,
    files: &BTreeMap<String, String>,
) -> Result<Option<tempfile::TempDir>, String> {
    if sample.files.is_empty() && sample.copy.is_empty() && sample.cat.is_none() {
        return Ok(None);
    }
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    for path in &sample.copy {
        let from = root().join(path);
        let to = dir.path().join(path);
        if from.is_dir() {
            common::copy_dir(&from, &to);
        } else {
            std::fs::create_dir_all(to.parent().expect("a parent")).expect("mkdir");
            std::fs::copy(&from, &to).map_err(|e| format!("copy={path}: {e}"))?;
        }
    }
    let write = |name: &String| -> Result<(), String> {
        let text = files
            .get(name)
            .ok_or_else(|| format!("files={name}: no `<!-- file: {name} -->` block above"))?;
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        Ok(())
    };
    let (on_branch, on_main): (Vec<_>, Vec<_>) = sample
        .files
        .iter()
        .partition(|name| sample.branch.contains(name));
    on_main.into_iter().try_for_each(write)?;
    if sample.git {
        init_repo(dir.path());
        common::git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    }
    on_branch.into_iter().try_for_each(write)?;
    if sample.git && !sample.branch.is_empty() {
        common::git(dir.path(), &["add", "."]);
        common::git(dir.path(), &["commit", "-q", "-m", "the branch"]);
    }
    Ok(Some(dir))
}

fn init_repo(dir: &Path) {
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.email", "readme@example.com"],
        &["config", "user.name", "modelgate readme"],
        &["config", "commit.gpgsign", "false"],
        &["add", "."],
        &["commit", "-q", "-m", "main"],
    ] {
        common::git(dir, args);
    }
}

/// The block a sample should hold, or why the run is not what the marker
/// states.
fn run_sample(sample: &Sample, files: &BTreeMap<String, String>) -> Result<String, String> {
    let dir = scratch(sample, files)?;
    let cwd = dir.as_ref().map_or(root(), |d| d.path());
    let out = modelgate(cwd, &sample.args, sample.merge_stderr);
    if out.code != sample.exit {
        return Err(format!(
            "`{}` exited {} (the marker says exit={}):\n{}",
            sample.command, out.code, sample.exit, out.text
        ));
    }
    let mut text = cut(&out.text, sample.lines);
    if sample.mask_times {
        let duration = regex::Regex::new(r"\b\d+(\.\d+)? ms\b").expect("a regex");
        text = duration.replace_all(&text, "… ms").into_owned();
    }
    let mut block = format!("$ {}\n{text}", sample.command);
    if let Some(name) = &sample.cat {
        let written = std::fs::read_to_string(cwd.join(name))
            .map_err(|e| format!("cat={name}: the command wrote no such file ({e})"))?;
        block.push_str(&format!("\n$ cat {name}\n{}", written.trim_end()));
    }
    Ok(block)
}

/// The lines `range` selects (1-based, inclusive; a negative number counts
/// from the end, -1 being the last line), with `…` where lines were left
/// out.
fn cut(text: &str, (start, end): (Option<i64>, Option<i64>)) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let len = lines.len() as i64;
    let at = |n: i64| if n < 0 { len + 1 + n } else { n };
    let first = start.map_or(1, at).max(1) as usize;
    let last = end.map_or(len, at).min(len).max(0) as usize;
    let mut kept = Vec::new();
    if first > 1 {
        kept.push("…");
    }
    kept.extend(lines.iter().take(last).skip(first - 1));
    if last < lines.len() {
        kept.push("…");
    }
    kept.join("\n")
}

/// Checks (or rewrites) one document; the differences and failures found.
fn check_document(name: &str, update: bool) -> Vec<String> {
    let path = root().join(name);
    let original = std::fs::read_to_string(&path).expect("the document");
    let lines: Vec<&str> = original.lines().collect();
    let found = match regions(&lines) {
        Ok(found) => found,
        Err(err) => return vec![format!("{name}: {err}")],
    };
    let mut problems = Vec::new();
    let mut files = BTreeMap::new();
    let mut replacements = Vec::new();
    for region in &found {
        let current = lines[region.body.clone()].join("\n");
        let wanted = match &region.marker {
            Marker::File(file) => {
                files.insert(file.clone(), format!("{current}\n"));
                continue;
            }
            Marker::Sample(sample) => run_sample(sample, &files),
            Marker::Generated(kind) => generate(kind, &current),
        };
        match wanted {
            Ok(text) => replacements.push((region.body.clone(), text)),
            Err(err) => problems.push(format!("{name}:{}: {err}", region.marker_line)),
        }
    }
    let rewritten = rewrite(&lines, &replacements, original.ends_with('\n'));
    if rewritten != original {
        if update {
            modelgate::fsutil::write_edited(
                &path,
                original.as_bytes(),
                rewritten.as_bytes(),
                "the document",
            )
            .expect("rewrite the document");
        } else {
            problems.push(format!(
                "{name} differs from what the binary gives ({UPDATE}=1 rewrites it):\n{}",
                similar::TextDiff::from_lines(&original, &rewritten)
                    .unified_diff()
                    .context_radius(2)
                    .header(name, "from the binary")
            ));
        }
    }
    problems
}

fn rewrite(
    lines: &[&str],
    replacements: &[(std::ops::Range<usize>, String)],
    newline: bool,
) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut next = 0;
    for (range, text) in replacements {
        out.extend(lines[next..range.start].iter().map(|l| l.to_string()));
        if !text.is_empty() {
            out.extend(text.lines().map(str::to_string));
        }
        next = range.end;
    }
    out.extend(lines[next..].iter().map(|l| l.to_string()));
    let mut text = out.join("\n");
    if newline {
        text.push('\n');
    }
    text
}

#[test]
fn samples_and_tables_are_what_the_binary_gives() {
    let update = std::env::var_os(UPDATE).is_some_and(|v| v != "0");
    let problems: Vec<String> = DOCUMENTS
        .iter()
        .flat_map(|name| check_document(name, update))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The README's manifest example is a workload that passes: exit 0, no
/// finding at any severity, no error (issue 10).
#[test]
fn the_manifest_example_is_compliant() {
    let text = std::fs::read_to_string(root().join("README.md")).expect("README");
    let lines: Vec<&str> = text.lines().collect();
    let example = regions(&lines)
        .expect("markers parse")
        .into_iter()
        .find(|r| r.marker == Marker::File("modelgate.toml".to_string()))
        .map(|r| lines[r.body].join("\n"))
        .expect("a `<!-- file: modelgate.toml -->` block");
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    std::fs::write(dir.path().join("modelgate.toml"), example).expect("write");
    let args: Vec<String> = ["check", "--today", TODAY, "--format", "json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let out = modelgate(dir.path(), &args, false);
    let report: serde_json::Value = serde_json::from_str(&out.text).expect("JSON");
    assert_eq!(out.code, 0, "{report:#}");
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
}

/// Every block that shows modelgate's output (a `$ modelgate` line) is a
/// sample, so none is written by hand.
#[test]
fn every_output_block_is_a_sample() {
    for name in DOCUMENTS {
        let text = std::fs::read_to_string(root().join(name)).expect("the document");
        let lines: Vec<&str> = text.lines().collect();
        let samples: Vec<std::ops::Range<usize>> = regions(&lines)
            .expect("markers parse")
            .into_iter()
            .filter(|r| matches!(r.marker, Marker::Sample(_)))
            .map(|r| r.body)
            .collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("$ modelgate") && !samples.iter().any(|r| r.contains(&i)) {
                panic!("{name}:{}: output written by hand; put a `<!-- sample: … -->` marker above its block", i + 1);
            }
        }
    }
}

/// The output of `modelgate ARGS` run from the crate root, ignoring any
/// project configuration; it must succeed.
fn binary(args: &[&str]) -> String {
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    if !args.iter().any(|a| a == "--help") {
        args.push("--no-config".to_string());
    }
    let out = modelgate(root(), &args, false);
    assert_eq!(out.code, 0, "modelgate {args:?}:\n{}", out.text);
    out.text
}

/// The table a `generated` marker names; `current` is the table there now.
fn generate(kind: &str, current: &str) -> Result<String, String> {
    match kind {
        "rules" => rules_table(current),
        "options check" => Ok(options_table(&help_options("check"), &[])),
        "options audit" => Ok(options_table(
            &help_options("audit"),
            &help_options("check"),
        )),
        "settings" => Ok(settings_table()),
        other => Err(format!("unknown generated table `{other}`")),
    }
}

/// A table row's cells, trimmed.
fn cells(row: &str) -> Vec<&str> {
    row.trim()
        .trim_matches('|')
        .split(" | ")
        .map(str::trim)
        .collect()
}

/// The rule table: id, default severity and title from METADATA (through
/// `modelgate rules --json`); "fires when" kept from the document by id.
fn rules_table(current: &str) -> Result<String, String> {
    let prose: BTreeMap<String, String> = current
        .lines()
        .skip(2)
        .filter_map(|row| {
            let cells = cells(row);
            Some((
                cells.first()?.trim_matches('`').to_string(),
                cells.get(3)?.to_string(),
            ))
        })
        .collect();
    let rules: serde_json::Value =
        serde_json::from_str(&binary(&["rules", "--json"])).expect("rules --json");
    let mut table = vec![
        "| id | default | title | fires when |".to_string(),
        "| --- | --- | --- | --- |".to_string(),
    ];
    let mut missing = Vec::new();
    for rule in rules.as_array().expect("an array") {
        let id = rule["id"].as_str().expect("id");
        let when = prose.get(id).cloned().unwrap_or_default();
        if when.is_empty() {
            missing.push(id.to_string());
        }
        table.push(format!(
            "| `{id}` | {} | {} | {when} |",
            rule["severity"].as_str().expect("severity"),
            escape_cell(rule["title"].as_str().expect("title"))
        ));
    }
    if missing.is_empty() {
        Ok(table.join("\n"))
    } else {
        Err(format!(
            "write the \"fires when\" of {} in the rule table (a row `| `id` | | | text |` is enough)",
            missing.join(", ")
        ))
    }
}

fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// One option of a `--help` page.
#[derive(Debug, PartialEq)]
struct HelpOption {
    /// `--format <FORMAT>`, `-v, --verbose`.
    head: String,
    /// The long flag, `--format`.
    flag: String,
    text: String,
}

/// The options `modelgate COMMAND --help` lists (without `--help`).
fn help_options(command: &str) -> Vec<HelpOption> {
    let help = binary(&[command, "--help"]);
    let options = help
        .split_once("\nOptions:\n")
        .map(|(_, rest)| rest)
        .expect("an Options section");
    // An option starts at a line indented less than its description, whose
    // lines (possible values included) are indented by ten columns.
    let is_head = |line: &str| {
        let indent = line.len() - line.trim_start().len();
        indent < 10 && line.trim_start().starts_with('-')
    };
    let mut entries: Vec<Vec<&str>> = Vec::new();
    for line in options.lines() {
        match entries.last_mut() {
            Some(entry) if !is_head(line) => entry.push(line),
            _ if is_head(line) => entries.push(vec![line]),
            _ => {}
        }
    }
    entries
        .into_iter()
        .filter_map(|entry| {
            let head = entry.first()?.trim().to_string();
            let flag = head
                .split([' ', ','])
                .find(|w| w.starts_with("--"))?
                .to_string();
            let text = help_text(entry[1..].iter().copied());
            (flag != "--help").then_some(HelpOption { head, flag, text })
        })
        .collect()
}

/// An option's help as one line: its description, possible values and
/// bracketed notes (`[default: human]`) joined.
fn help_text<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let (mut text, mut values, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines.map(str::trim).filter(|l| !l.is_empty()) {
        if line == "Possible values:" {
            continue;
        }
        if let Some(value) = line.strip_prefix("- ") {
            let name = value.split(':').next().unwrap_or(value);
            values.push(format!("`{name}`"));
        } else if let Some(note) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            notes.push(format!("({})", note.trim_end_matches('=')));
        } else if values.is_empty() {
            // Not the wrapped end of a possible value's description.
            text.push(line.to_string());
        }
    }
    let mut text = text.join(" ");
    if !values.is_empty() {
        text = format!("{text}: {}", values.join(", "));
    }
    notes.insert(0, text);
    notes.join(" ")
}

/// A table of options: those of `options` not in `except`.
fn options_table(options: &[HelpOption], except: &[HelpOption]) -> String {
    let mut table = vec![
        "| option | meaning |".to_string(),
        "| --- | --- |".to_string(),
    ];
    for option in options {
        if except.iter().any(|o| o.flag == option.flag) {
            continue;
        }
        table.push(format!(
            "| `{}` | {} |",
            escape_cell(&option.head),
            escape_cell(&option.text)
        ));
    }
    table.join("\n")
}

/// The settings of `.modelgate.toml` with their defaults (`modelgate config
/// --format json`) and the flag that sets each one on `check` or `audit`.
fn settings_table() -> String {
    let config: serde_json::Value =
        serde_json::from_str(&binary(&["config", "--format", "json"])).expect("config JSON");
    let check = help_options("check");
    let audit = help_options("audit");
    let mut table = vec![
        "| key | default | flag |".to_string(),
        "| --- | --- | --- |".to_string(),
    ];
    for (key, setting) in config["settings"].as_object().expect("settings") {
        let flag = flag_for(key, &check, &audit);
        table.push(format!(
            "| `{key}` | {} | {flag} |",
            escape_cell(setting["value"].as_str().expect("a value"))
        ));
    }
    table.join("\n")
}

/// The flag that sets a key: `--KEY`; the flag whose help says it adds to
/// the key (`--policy` for `policies`); `audit --NAME` for `audit.NAME`.
fn flag_for(key: &str, check: &[HelpOption], audit: &[HelpOption]) -> String {
    let flag = format!("--{key}");
    let mention = format!("`{key}` in .modelgate.toml");
    if let Some(option) = check
        .iter()
        .find(|o| o.flag == flag || o.text.contains(&mention))
    {
        return format!("`{}`", option.flag);
    }
    if let Some(name) = key.strip_prefix("audit.") {
        let flag = format!("--{name}");
        if audit.iter().any(|o| o.flag == flag) {
            return format!("`audit {flag}`");
        }
    }
    "(file only)".to_string()
}
