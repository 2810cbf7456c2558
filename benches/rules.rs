//! The cost of each built-in rule: the built-in library alone, then the
//! library with one rule, evaluated on the input documents of a workload
//! (`modelgate input … > docs.json`). Reports CPU time per document, the
//! best of several passes (the least disturbed by other work). Run through
//! `bench/rules.sh`. With `--all`, only every rule together; with `--only
//! PACKAGE`, only the library and that rule (for a profiler).

use std::time::Duration;

use modelgate::policy::{self, Evaluator, Limits, PolicyFile};

fn main() {
    let Some(docs_path) = std::env::args().skip(1).find(|a| a.ends_with(".json")) else {
        eprintln!("usage: cargo bench --bench rules -- DOCS.json (from `modelgate input`)");
        std::process::exit(2);
    };
    let outcome = policy::limits::run_with_large_stack(|| run(&docs_path));
    if let Err(err) = outcome.map_err(|e| e.to_string()).and_then(|r| r) {
        eprintln!("{err}");
        std::process::exit(2);
    }
}

fn run(docs_path: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(docs_path).map_err(|e| format!("{docs_path}: {e}"))?;
    let shown: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let docs: Vec<String> = shown.iter().map(|d| d["input"].to_string()).collect();
    let catalog = modelgate::catalog::Catalog::embedded().map_err(|e| e.to_string())?;
    let data = serde_json::json!({"catalog": modelgate::normalize::catalog_data(&catalog)});
    let files: Vec<PolicyFile> = policy::embedded_files()
        .into_iter()
        .filter(|f| !f.is_test())
        .collect();
    let is_rule = |f: &PolicyFile| {
        f.package
            .as_deref()
            .is_some_and(|p| p.starts_with("modelgate.rules."))
    };
    let library: Vec<PolicyFile> = files.iter().filter(|f| !is_rule(f)).cloned().collect();
    // `--only PACKAGE`: the library and that one rule (`none`: the library
    // alone), e.g. to profile it under callgrind.
    let args: Vec<String> = std::env::args().collect();
    if let Some(only) = args.windows(2).find(|w| w[0] == "--only").map(|w| &w[1]) {
        let mut set = library.clone();
        set.extend(
            files
                .iter()
                .filter(|f| f.package.as_ref() == Some(only))
                .cloned(),
        );
        let cost = per_doc(&set, &data, &docs)?;
        println!(
            "{:>9.1} us  the library and {only}",
            cost.as_secs_f64() * 1e6
        );
        return Ok(());
    }
    let all = per_doc(&files, &data, &docs)?;
    // `--all` alone: every rule together, e.g. to profile it under callgrind.
    if args.iter().any(|a| a == "--all") {
        println!("{:>9.1} us  every built-in rule", all.as_secs_f64() * 1e6);
        return Ok(());
    }
    let base = per_doc(&library, &data, &docs)?;
    println!(
        "{} documents; CPU time per document, best of 5 passes",
        docs.len()
    );
    println!("{:>9.1} us  every built-in rule", all.as_secs_f64() * 1e6);
    println!(
        "{:>9.1} us  the library alone (setting the input, the aggregate rule)",
        base.as_secs_f64() * 1e6
    );
    let mut rows = Vec::new();
    for rule in files.iter().filter(|f| is_rule(f)) {
        let mut set = library.clone();
        set.push(rule.clone());
        let cost = per_doc(&set, &data, &docs)?.saturating_sub(base);
        rows.push((cost, rule.package.clone().unwrap_or_default()));
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    for (cost, package) in rows {
        println!("{:>9.1} us  + {package}", cost.as_secs_f64() * 1e6);
    }
    Ok(())
}

/// The best CPU time per document over five passes of `files` on `docs`.
fn per_doc(
    files: &[PolicyFile],
    data: &serde_json::Value,
    docs: &[String],
) -> Result<Duration, String> {
    let mut evaluator =
        Evaluator::new(files, data.clone(), Limits::default()).map_err(|e| e.to_string())?;
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = cpu_time();
        for doc in docs {
            evaluator.evaluate_json(doc).map_err(|e| e.to_string())?;
        }
        best = best.min(cpu_time().saturating_sub(start));
    }
    Ok(best / docs.len().max(1) as u32)
}

/// This thread's CPU time: unlike wall time, not inflated by other work.
#[cfg(unix)]
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Elsewhere, wall time since the first call.
#[cfg(not(unix))]
fn cpu_time() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}
