//! The fuzz targets of `fuzz/` run, on the stable toolchain, over every seed
//! and every input a fuzzer once crashed on (`fuzz/regressions/<target>/`).
//! The targets are the same functions libFuzzer calls, so each seed is
//! checked against the same invariants (spans name their bytes, fixes
//! re-check clean, reports render well-formed) on every `cargo test`; the
//! fuzzing itself (nightly) is `bench/fuzz.sh`, and briefly `.ci/run`.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod fuzz;

// The target modules name their helpers as `crate::…`, as in their own crate.
use fuzz::{assert_span_in, embedded, output, run, split_files, today};

use std::fs;
use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("audit_scan", fuzz::scan::fuzz),
    ("catalog", fuzz::catalog::fuzz),
    ("catalog_import", fuzz::import::fuzz),
    ("config", fuzz::config::fuzz),
    ("manifest_json", |data| {
        fuzz::manifest::fuzz(data, "modelgate.json")
    }),
    ("manifest_toml", |data| {
        fuzz::manifest::fuzz(data, "modelgate.toml")
    }),
    ("reference", fuzz::reference::fuzz),
];

/// Every input file under `dir` (none if it does not exist).
fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
}

fn replay(folder: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut replayed = 0;
    for (target, fuzz) in TARGETS {
        for path in inputs(&root.join(target)) {
            let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // A panic names the input, so that it can be replayed alone with
            // `cargo +nightly fuzz run -s none TARGET PATH`.
            let outcome = std::panic::catch_unwind(|| fuzz(&data));
            assert!(outcome.is_ok(), "{target} panicked on {}", path.display());
            replayed += 1;
        }
    }
    replayed
}

#[test]
fn every_fuzz_target_holds_on_its_seeds_and_past_crashes() {
    // The seeds exist for every target (fuzz/make-seeds.sh writes them).
    for (target, _) in TARGETS {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/seeds")
            .join(target);
        assert!(!inputs(&dir).is_empty(), "no seeds for {target}");
    }
    let replayed = replay("seeds") + replay("regressions");
    assert!(replayed > TARGETS.len(), "only {replayed} inputs replayed");
}
