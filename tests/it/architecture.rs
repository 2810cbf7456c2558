//! The shape of the crate, checked on every test run: the top-level modules
//! import each other without circles, and no function in `src/` is too
//! long to read. Both were measured by hand once and drifted; a test keeps
//! them true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a function outside tests may be, in lines (comment lines
/// not counted).
const MAX_FUNCTION_LINES: usize = 80;

/// Functions still over the limit, in files being reworked by others when
/// the limit was lowered: `(file under src/, function, its length then)`.
/// One may shrink but not grow; once it is within the limit, its entry
/// goes.
const LONGER_FOR_NOW: &[(&str, &str, usize)] = &[("report/sarif.rs", "render", 103)];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read source");
            (p.strip_prefix(&src).expect("under src").to_path_buf(), text)
        })
        .collect()
}

/// The text before the first `#[cfg(test)]` (unit tests may be long and
/// may import anything), without comment lines (docs name other modules).
fn without_tests(text: &str) -> String {
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or(text)
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `src/audit/scan.rs` → `audit`; `lib.rs` and `main.rs` are the root.
fn top_module(path: &Path) -> Option<String> {
    let first = path.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (name != "lib" && name != "main").then(|| name.to_string())
}

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources() {
        let Some(module) = top_module(&path) else {
            continue;
        };
        let deps = graph.entry(module.clone()).or_default();
        let code = without_tests(&text);
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.out
}

#[test]
fn top_level_modules_import_each_other_without_circles() {
    let found = cycles(&import_graph());
    assert!(
        found.is_empty(),
        "import circles between modules: {found:?}"
    );
}

/// `(file, line, name, length)` of every function outside tests, by
/// matching braces from its `fn` line (strings and comments holding braces
/// are rare enough in this code base to ignore).
fn functions() -> Vec<(PathBuf, usize, String, usize)> {
    let mut out = Vec::new();
    for (path, text) in sources() {
        let code = without_tests(&text);
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
                .iter()
                .any(|p| trimmed.starts_with(p))
                && !trimmed.ends_with(';');
            if !is_fn {
                continue;
            }
            let name: String = trimmed
                .split("fn ")
                .nth(1)
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let mut depth = 0i64;
            let mut opened = false;
            for (j, body) in lines.iter().enumerate().skip(i) {
                for c in code_chars(body) {
                    match c {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if opened && depth <= 0 {
                    out.push((path.clone(), i + 1, name.clone(), j - i + 1));
                    break;
                }
            }
        }
    }
    out
}

/// The characters of a line outside string and char literals (literals
/// spanning lines are rare enough here to ignore).
fn code_chars(line: &str) -> Vec<char> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
            }
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 2,
            c => out.push(c),
        }
        i += 1;
    }
    out
}

#[test]
fn no_function_is_too_long_to_read() {
    let all = functions();
    let mut problems: Vec<String> = Vec::new();
    for (path, line, name, len) in &all {
        let file = path.display().to_string().replace('\\', "/");
        let allowed = LONGER_FOR_NOW
            .iter()
            .find(|(f, n, _)| *f == file && n == name)
            .map_or(MAX_FUNCTION_LINES, |(_, _, was)| *was);
        if *len > allowed {
            problems.push(format!("src/{file}:{line} {name} ({len} lines)"));
        }
    }
    for (file, name, was) in LONGER_FOR_NOW {
        let now = all
            .iter()
            .find(|(p, _, n, _)| p.display().to_string().replace('\\', "/") == *file && n == name);
        match now {
            Some((_, _, _, len)) if *len > MAX_FUNCTION_LINES => {
                eprintln!("allowed for now: src/{file} {name} ({len} lines, was {was})");
            }
            _ => problems.push(format!(
                "src/{file} {name} is no longer over {MAX_FUNCTION_LINES} lines: \
                 remove it from LONGER_FOR_NOW"
            )),
        }
    }
    assert!(
        problems.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them):\n{}",
        problems.join("\n")
    );
}
