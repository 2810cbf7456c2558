//! Files modelgate reads and writes, in a hostile repository: special files
//! and symlinks given as inputs never hang or fill the memory, an output
//! never goes through a symlink, and a staged blob's size is known before
//! it is read.

#![cfg(unix)]

use crate::common;
use crate::common::git;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command as Process;
use std::time::{Duration, Instant};

use common::{copy_dir, fails_with, json, modelgate, run, TODAY};

fn mkfifo(path: &Path) {
    let status = Process::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// A repository whose `.modelgate.toml` sets `line` and holds one manifest.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gdpr-compliant"),
        dir.path(),
    );
    std::fs::write(dir.path().join(".modelgate.toml"), config).expect("write config");
    dir
}

/// `modelgate ARGS --today TODAY` in `dir`, killed if it hangs.
fn in_dir(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = init_in(dir, args);
    cmd.args(["--today", TODAY]);
    cmd
}

/// `modelgate ARGS` in `dir` (init takes no date), killed if it hangs.
fn init_in(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(20));
    cmd
}

#[test]
fn a_catalog_file_linked_to_dev_zero_is_refused_at_once() {
    let dir = project("catalog = \"cat\"\n");
    let catalog = dir.path().join("cat");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog"),
        &catalog,
    );
    std::fs::remove_file(catalog.join("catalog.json")).expect("remove");
    symlink("/dev/zero", catalog.join("catalog.json")).expect("symlink");
    let started = Instant::now();
    // The project's catalog setting, not the test catalog the harness
    // passes through MODELGATE_CATALOG.
    let mut cmd = in_dir(dir.path(), &["check", "."]);
    cmd.env_remove("MODELGATE_CATALOG");
    fails_with(
        cmd,
        &["cat/catalog.json", "it is a device, not a regular file"],
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_fifo_as_catalog_file_or_baseline_is_an_error_not_a_hang() {
    let dir = project("[audit]\nbaseline = \"baseline.json\"\n");
    mkfifo(&dir.path().join("baseline.json"));
    fails_with(
        in_dir(dir.path(), &["audit", "."]),
        &[
            "cannot read the baseline",
            "baseline.json",
            "a FIFO (named pipe)",
        ],
    );
    let catalog = dir.path().join("cat");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog"),
        &catalog,
    );
    std::fs::remove_file(catalog.join("regions.json")).expect("remove");
    mkfifo(&catalog.join("regions.json"));
    fails_with(
        in_dir(
            dir.path(),
            &["check", ".", "--no-config", "--catalog", "cat"],
        ),
        &["cannot read the catalog file", "regions.json", "FIFO"],
    );
}

#[test]
fn data_and_policy_files_linked_to_special_files_are_refused_at_once() {
    let dir = project("");
    symlink("/dev/zero", dir.path().join("zero.json")).expect("symlink");
    mkfifo(&dir.path().join("pipe.rego"));
    let started = Instant::now();
    fails_with(
        in_dir(
            dir.path(),
            &["check", ".", "--no-config", "--data", "zero.json"],
        ),
        &["cannot read the data file zero.json", "a device"],
    );
    fails_with(
        in_dir(
            dir.path(),
            &["check", ".", "--no-config", "--policy", "pipe.rego"],
        ),
        &["cannot read the policy pipe.rego", "a FIFO (named pipe)"],
    );
    fails_with(
        init_in(dir.path(), &["test", "pipe.rego"]),
        &["cannot read the policy pipe.rego", "a FIFO (named pipe)"],
    );
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[test]
fn a_manifest_over_the_size_limit_is_refused() {
    let dir = project("");
    let mut text = std::fs::read_to_string(dir.path().join("modelgate.toml")).expect("read");
    text.push_str(&format!("# {}\n", "x".repeat(17 * 1024 * 1024)));
    std::fs::write(dir.path().join("modelgate.toml"), text).expect("write");
    fails_with(
        in_dir(dir.path(), &["check", "modelgate.toml"]),
        &[
            "cannot read the manifest modelgate.toml",
            "more than the limit of 16 MiB",
        ],
    );
}

#[test]
fn write_baseline_refuses_a_symlink_and_leaves_its_target() {
    let outer = tempfile::tempdir().expect("temp dir");
    let victim = outer.path().join("victim.txt");
    std::fs::write(&victim, "IMPORTANT USER DATA").expect("write");
    let repo = outer.path().join("repo");
    std::fs::create_dir(&repo).expect("mkdir");
    std::fs::write(
        repo.join("app.py"),
        "MODEL = \"anthropic.claude-3-haiku-20240307-v1:0\"\n",
    )
    .expect("write");
    symlink("../victim.txt", repo.join("modelgate-baseline.json")).expect("symlink");
    fails_with(
        in_dir(
            &repo,
            &[
                "audit",
                ".",
                "--no-config",
                "--write-baseline",
                "modelgate-baseline.json",
            ],
        ),
        &[
            "modelgate-baseline.json",
            "symbolic link",
            "remove the link",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(&victim).expect("read"),
        "IMPORTANT USER DATA"
    );
    // Through a real file, the baseline is written and read back.
    std::fs::remove_file(repo.join("modelgate-baseline.json")).expect("remove");
    let out = run(in_dir(
        &repo,
        &[
            "audit",
            ".",
            "--no-config",
            "--write-baseline",
            "modelgate-baseline.json",
        ],
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (code, report) = json(in_dir(
        &repo,
        &[
            "audit",
            ".",
            "--no-config",
            "--baseline",
            "modelgate-baseline.json",
            "--format",
            "json",
        ],
    ));
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["baselined"], 1);
}

#[test]
fn init_refuses_a_dangling_symlink_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("app.py"),
        "MODEL = \"eu.anthropic.claude-haiku-4-5-20251001-v1:0\"\n",
    )
    .expect("write");
    symlink("elsewhere.toml", dir.path().join("modelgate.toml")).expect("symlink");
    fails_with(
        init_in(
            dir.path(),
            &["init", ".", "--no-config", "--regions", "eu-west-1"],
        ),
        &["modelgate.toml", "symbolic link"],
    );
    assert!(!dir.path().join("elsewhere.toml").exists());
    // Without the link, init writes the manifest it checked.
    std::fs::remove_file(dir.path().join("modelgate.toml")).expect("remove");
    let out = run(init_in(
        dir.path(),
        &["init", ".", "--no-config", "--regions", "eu-west-1"],
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = std::fs::read_to_string(dir.path().join("modelgate.toml")).expect("read");
    assert!(written.contains("eu.anthropic.claude-haiku-4-5-20251001-v1:0"));
}

#[test]
fn staged_blobs_over_the_size_limit_are_counted_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q"]);
    let eol = "anthropic.claude-3-haiku-20240307-v1:0";
    // 3 MiB holding an end-of-life id: over the default 2 MiB, so skipped.
    let mut big = format!("MODEL = \"{eol}\"\n");
    big.push_str(&"#".repeat(3 * 1024 * 1024));
    std::fs::write(dir.path().join("big.py"), big).expect("write");
    std::fs::write(dir.path().join("small.py"), format!("M = \"{eol}\"\n")).expect("write");
    std::fs::write(
        dir.path().join("line\nbreak.py"),
        format!("M = \"{eol}\"\n"),
    )
    .expect("write");
    git(dir.path(), &["add", "."]);
    let (code, report) = json(in_dir(
        dir.path(),
        &["audit", "--staged", "--no-config", "--format", "json"],
    ));
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["summary"]["skipped"]["too_large"], 1, "{report}");
    assert_eq!(report["summary"]["files"], 2, "{report}");
    let files: Vec<&str> = report["references"]
        .as_array()
        .expect("references")
        .iter()
        .filter_map(|r| r["file"].as_str())
        .collect();
    assert_eq!(files, ["line\nbreak.py", "small.py"], "{report}");
    // With a higher limit the same blob is read.
    let (_, report) = json(in_dir(
        dir.path(),
        &[
            "audit",
            "--staged",
            "--no-config",
            "--max-filesize",
            "4M",
            "--format",
            "json",
        ],
    ));
    assert_eq!(report["summary"]["skipped"]["too_large"], 0, "{report}");
    assert_eq!(report["summary"]["files"], 3, "{report}");
}
