//! `modelgate init`: a starter manifest from the references in the code,
//! valid by construction, never overwriting one.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use common::{fails_with, run, TODAY};

fn workload() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    std::fs::write(
        dir.path().join("src/app.py"),
        "MODEL = \"eu.anthropic.claude-haiku-4-5-20251001-v1:0\"\nFALLBACK = \"anthropic.claude-3-haiku-20240307-v1:0\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("src/batch.py"),
        "# the same model again\nMODEL_ID = \"anthropic.claude-3-haiku-20240307-v1:0\"\n",
    )
    .expect("write");
    dir
}

fn init(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("modelgate").expect("binary");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("MODELGATE_CATALOG", common::test_catalog())
        .args(["init", "."])
        .args(args);
    cmd
}

#[test]
fn writes_one_entry_per_distinct_reference_and_it_checks() {
    let dir = workload();
    let out = run(init(
        dir.path(),
        &[
            "--regions",
            "eu-west-1",
            "--residency",
            "eu",
            "--name",
            "support",
        ],
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("with 2 models found in the code"),
        "{}",
        out.stdout
    );
    let text = std::fs::read_to_string(dir.path().join("modelgate.toml")).expect("written");
    assert!(
        text.contains("name = \"support\"\nregions = [\"eu-west-1\"]\nresidency = \"eu\"\n"),
        "{text}"
    );
    assert!(text.contains("# found 2 times: src/app.py:2, src/batch.py:2\n[[models]]\nname = \"claude-3-haiku\"\nmodel = \"anthropic.claude-3-haiku-20240307-v1:0\"\n"), "{text}");
    assert!(
        text.contains("model = \"eu.anthropic.claude-haiku-4-5-20251001-v1:0\""),
        "{text}"
    );

    // The manifest is valid, and check judges what the code uses.
    let mut check = Command::cargo_bin("modelgate").expect("binary");
    check
        .current_dir(dir.path())
        .env("MODELGATE_CATALOG", common::test_catalog())
        .args(["check", ".", "--today", TODAY, "--format", "concise"]);
    let out = run(check);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("error[lifecycle/end-of-life]"),
        "{}",
        out.stdout
    );
}

#[test]
fn never_overwrites_a_manifest() {
    let dir = workload();
    std::fs::write(dir.path().join("modelgate.json"), "{}").expect("write");
    fails_with(
        init(dir.path(), &["--regions", "eu-west-1"]),
        &["modelgate.json already exists"],
    );
    assert!(!dir.path().join("modelgate.toml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("modelgate.json")).expect("read"),
        "{}"
    );
}

#[test]
fn regions_come_from_flags_config_or_arns_and_are_never_guessed() {
    let dir = workload();
    fails_with(
        init(dir.path(), &[]),
        &["cannot tell which Regions", "--regions"],
    );
    fails_with(
        init(dir.path(), &["--regions", "eu-wset-1"]),
        &["unknown Region `eu-wset-1`", "did you mean `eu-west-1`?"],
    );

    std::fs::write(
        dir.path().join(".modelgate.toml"),
        "[audit]\nregions = [\"eu-central-1\"]\n",
    )
    .expect("write");
    let out = run(init(dir.path(), &["--stdout"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("regions = [\"eu-central-1\"]"),
        "{}",
        out.stdout
    );
    assert!(
        !dir.path().join("modelgate.toml").exists(),
        "--stdout writes nothing"
    );

    std::fs::remove_file(dir.path().join(".modelgate.toml")).expect("remove");
    std::fs::write(
        dir.path().join("src/policy.tf"),
        "resource = \"arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-3-haiku-20240307-v1:0\"\n",
    )
    .expect("write");
    let out = run(init(dir.path(), &["--stdout"]));
    assert!(
        out.stdout.contains("regions = [\"eu-west-3\"]"),
        "{}",
        out.stdout
    );
}
