//! Build-time preparation of what the binary embeds.
//!
//! The catalog's JSON files are gathered into one MessagePack document
//! (`$OUT_DIR/catalog.msgpack`), which the binary decodes at start-up: no
//! JSON is parsed and nothing is validated on the pre-commit path. The
//! catalog is validated when it is built (`tools/build-catalog.py`, `modelgate
//! catalog import`) and by the tests, which also check that the embedded
//! form decodes to exactly the folder's facts; here a file that is not JSON
//! fails the build.
//!
//! The policies are embedded with `include_dir!`, which tracks the files it
//! found but not files added later: re-run (and so rebuild) whenever
//! anything below those folders changes.

use std::error::Error;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=catalog");
    println!("cargo:rerun-if-changed=policies");
    fixed_address_binary();
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("catalog.msgpack");
    let bundle = bundle(Path::new("catalog"))?;
    std::fs::write(&out, rmp_serde::to_vec_named(&bundle)?)?;
    Ok(())
}

/// On Linux with glibc the binary is linked at a fixed address (no PIE).
/// A position-independent binary must rewrite, at every start, each pointer
/// in its read-only data (40,000 of them in 300 pages, mostly regorus's and
/// clap's tables): that took half of `modelgate --version` (2.3 against
/// 1.2 ms) and 1.2 ms of every cold `check`, the pre-commit hook's cost.
/// What is given up is address randomisation of the executable's own code,
/// for a short-lived process that runs no native code from its inputs.
/// Linking glibc statically too (`-C target-feature=+crt-static`) was
/// measured and left out: a cold `check` was no more than 2% faster.
/// The static musl builds (release workflow, Dockerfile) get the same by
/// `-C relocation-model=static`, a compiler flag a build script cannot set.
fn fixed_address_binary() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// The catalog folder as one document, keyed as `catalog::Bundle` reads it.
fn bundle(dir: &Path) -> Result<Value, Box<dyn Error>> {
    let mut bundle = Map::new();
    for (key, file) in [
        ("meta", "catalog.json"),
        ("regions", "regions.json"),
        ("prefixes", "prefixes.json"),
        ("features", "features.json"),
        ("profiles", "profiles.json"),
    ] {
        bundle.insert(key.to_string(), json(&dir.join(file))?);
    }
    let mut models: Vec<PathBuf> = std::fs::read_dir(dir.join("models"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    models.sort();
    let models = models.iter().map(|p| json(p)).collect::<Result<_, _>>()?;
    bundle.insert("models".to_string(), Value::Array(models));
    Ok(Value::Object(bundle))
}

fn json(path: &Path) -> Result<Value, Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text).map_err(|err| format!("{}: {err}", path.display()).into())
}
