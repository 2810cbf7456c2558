//! `modelgate audit` as a user meets it: every reference of the fixture tree
//! at its exact position, every trap left alone, workload attribution,
//! skipping, output formats, and — each in a temporary git repository —
//! inline suppression, baselines and `--staged`.

use crate::common;
use crate::common::{git, repo};

use std::path::Path;

use common::{json, modelgate, run, TODAY};

const TREE: &str = "tests/fixtures/audit";

fn audit(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.args(["audit", "--today", TODAY]).args(args);
    cmd
}

/// `(file below the tree, line, column, end column, text, kind)`.
type Expected = (&'static str, u64, u64, u64, &'static str, &'static str);

/// Every reference in the fixture tree, in report order (positions worked
/// out by hand and checked with a byte search, not copied from the output).
const EXPECTED: [Expected; 28] = [
    ("app/.env", 1, 18, 34, "deepseek.r1-v1:0", "model_id"),
    ("app/Main.java", 6, 34, 63, "meta.llama3-70b-instruct-v1:0", "model_id"),
    ("app/Program.cs", 3, 16, 44, "amazon.titan-text-express-v1", "model_id"),
    ("app/client.ts", 3, 18, 62, "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "inference_profile"),
    ("app/client.ts", 4, 14, 79, "arn:aws:bedrock:${region}::foundation-model/amazon.nova-lite-v1:0", "foundation_model_arn"),
    ("app/client.ts", 6, 24, 67, "amer.anthropic.claude-3-haiku-20240307-v1:0", "inference_profile"),
    ("app/config.json", 2, 28, 53, "apac.amazon.nova-pro-v1:0", "inference_profile"),
    ("app/config.json", 3, 16, 44, "amazon.titan-embed-text-v2:0", "model_id"),
    ("app/main.go", 5, 16, 42, "cohere.command-r-plus-v1:0", "model_id"),
    ("app/main.go", 6, 22, 55, "mistral.mistral-large-2402-v1%3A0", "model_id"),
    ("app/main.py", 5, 13, 53, "anthropic.claude-3-5-haiku-20241022-v1:0", "model_id"),
    ("app/main.py", 6, 37, 79, "us.anthropic.claude-sonnet-4-20250514-v1:0", "inference_profile"),
    ("app/main.py", 7, 44, 82, "anthropic.claude-3-haiku-20240307-v1:0", "model_id"),
    ("app/settings.toml", 3, 10, 35, "amazon.nova-pro-v1:0:300k", "model_id"),
    ("app/values.yaml", 2, 10, 33, "openai.gpt-oss-120b-1:0", "model_id"),
    ("docs/models.md", 3, 10, 49, "anthropic.claude-opus-4-1-20250805-v1:0", "model_id"),
    ("docs/models.md", 8, 26, 57, "mistral.mistral-large-2407-v1:0", "model_id"),
    ("gdpr/cdk/stack.ts", 4, 42, 83, "anthropic.claude-3-5-sonnet-20240620-v1:0", "model_id"),
    ("gdpr/cdk/stack.ts", 5, 18, 62, "us.anthropic.claude-3-5-sonnet-20240620-v1:0", "inference_profile"),
    ("gdpr/infra/main.tf", 5, 8, 90, "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "foundation_model_arn"),
    ("gdpr/infra/main.tf", 6, 8, 140, "arn:aws:bedrock:eu-west-1:${data.aws_caller_identity.current.account_id}:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0", "inference_profile_arn"),
    ("gdpr/infra/main.tf", 7, 8, 90, "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "foundation_model_arn"),
    ("gdpr/template.yaml", 9, 21, 68, "global.anthropic.claude-haiku-4-5-20251001-v1:0", "inference_profile"),
    ("gdpr/template.yaml", 15, 24, 125, "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "foundation_model_arn"),
    ("gdpr/template.yaml", 16, 24, 132, "arn:aws:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0", "inference_profile_arn"),
    ("gdpr/template.yaml", 17, 19, 100, "arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/a1b2c3d4e5f6", "application_profile_arn"),
    ("gdpr/template.yaml", 18, 19, 94, "arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", "foundation_model_arn"),
    ("notebooks/demo.ipynb", 10, 19, 49, "meta.llama3-1-8b-instruct-v1:0", "model_id"),
];

fn references(report: &serde_json::Value) -> Vec<(String, u64, u64, u64, String, String)> {
    report["references"]
        .as_array()
        .expect("references is an array")
        .iter()
        .map(|r| {
            let keys: Vec<&String> = r.as_object().expect("object").keys().collect();
            assert_eq!(
                keys,
                ["file", "line", "column", "end_column", "text", "kind"],
                "the references shape is a contract"
            );
            (
                r["file"].as_str().unwrap_or_default().to_string(),
                r["line"].as_u64().unwrap_or_default(),
                r["column"].as_u64().unwrap_or_default(),
                r["end_column"].as_u64().unwrap_or_default(),
                r["text"].as_str().unwrap_or_default().to_string(),
                r["kind"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn findings_at(report: &serde_json::Value, file: &str, line: u64) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == file && f["line"] == line)
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn every_reference_is_found_at_its_exact_position_and_no_trap_is() {
    let (code, report) = json(audit(&[TREE, "--hidden", "--format", "json"]));
    assert_eq!(code, 1, "the tree holds errors");
    let expected: Vec<_> = EXPECTED
        .iter()
        .map(|(file, line, column, end, text, kind)| {
            (
                format!("{TREE}/{file}"),
                *line,
                *column,
                *end,
                text.to_string(),
                kind.to_string(),
            )
        })
        .collect();
    // Exactly these: any trap reported would be an extra entry.
    assert_eq!(references(&report), expected);
    for (file, line, column, end, text, _) in EXPECTED {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(TREE).join(file))
            .expect("fixture");
        let line_text = bytes
            .split(|&b| b == b'\n')
            .nth(line as usize - 1)
            .expect("line");
        assert_eq!(
            &line_text[column as usize - 1..end as usize - 1],
            text.as_bytes(),
            "{file}:{line}"
        );
    }
    assert_eq!(report["summary"]["references"], 28);
    assert_eq!(report["summary"]["skipped"]["binary"], 1, "app/blob.bin");
}

#[test]
fn traps_are_not_references() {
    let (_, report) = json(audit(&[TREE, "--hidden", "--format", "json"]));
    let found = references(&report);
    let on = |file: &str, line: u64| {
        found
            .iter()
            .any(|r| r.0 == format!("{TREE}/{file}") && r.1 == line)
    };
    for (file, line, what) in [
        ("app/main.py", 10, "first-party Anthropic id"),
        ("app/main.py", 11, "Vertex id"),
        ("app/main.py", 12, "gateway id"),
        ("app/main.py", 13, "method call cohere.embedding("),
        ("app/main.py", 14, "hostname docs.aws.amazon.com"),
        ("app/main.py", 15, "hostname api.anthropic.com"),
        ("app/main.py", 16, "family prefix in startswith"),
        ("app/main.py", 18, "family prefix in an `in` check"),
        ("app/client.ts", 5, "family prefix in includes"),
        ("app/Main.java", 3, "Java package"),
        ("app/Main.java", 7, "family prefix in startsWith"),
        ("app/build.gradle", 2, "Gradle coordinates"),
        ("app/build.gradle", 3, "Gradle coordinates"),
        ("app/main.go", 8, "family prefix in HasPrefix"),
        ("app/Program.cs", 4, "family prefix in StartsWith"),
        ("app/values.yaml", 4, "Kubernetes annotation meta.helm.sh"),
        ("docs/models.md", 4, "hostnames"),
        ("docs/models.md", 5, "first-party id"),
        ("gdpr/infra/main.tf", 8, "IAM wildcard ARN"),
    ] {
        assert!(!on(file, line), "{what} at {file}:{line} was reported");
    }
    let texts: Vec<&str> = found.iter().map(|r| r.4.as_str()).collect();
    for trap in [
        "claude-sonnet-4-5-20250929",
        "anthropic.claude-3",
        "cohere.embedding",
        "amazon.com",
        "anthropic.com",
    ] {
        assert!(!texts.contains(&trap), "{trap}");
    }
}

#[test]
fn hidden_ignored_binary_and_large_files_are_skipped_and_counted() {
    let (_, report) = json(audit(&[TREE, "--format", "json"]));
    let files: Vec<String> = references(&report).into_iter().map(|r| r.0).collect();
    assert!(
        !files.contains(&format!("{TREE}/app/.env")),
        "hidden files need --hidden"
    );
    assert!(
        !files.iter().any(|f| f.contains("ignored/")),
        ".ignore is honoured"
    );
    assert_eq!(report["summary"]["references"], 27);

    let (_, report) = json(audit(&[TREE, "--no-ignore", "--format", "json"]));
    assert!(references(&report)
        .iter()
        .any(|r| r.0 == format!("{TREE}/ignored/skipped.py")));

    let (_, report) = json(audit(&[
        TREE,
        "--exclude",
        "docs",
        "--exclude",
        "gdpr/infra/*.tf",
        "--format",
        "json",
    ]));
    let files: Vec<String> = references(&report).into_iter().map(|r| r.0).collect();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("/docs/") || f.ends_with("main.tf")),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f.ends_with("template.yaml")));

    let out = run(audit(&[
        TREE,
        "--max-filesize",
        "100",
        "--format",
        "concise",
    ]));
    assert!(
        out.stderr.contains("larger than 100 bytes"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("1 binary"), "{}", out.stderr);
}

#[test]
fn references_are_judged_in_the_context_of_their_workload() {
    let (_, report) = json(audit(&[TREE, "--format", "json"]));
    let template = format!("{TREE}/gdpr/template.yaml");
    // gdpr/modelgate.toml: eu-west-1, compliance = ["gdpr"].
    assert!(findings_at(&report, &template, 9).contains(&"residency/global-routing".to_string()));
    let tf = format!("{TREE}/gdpr/infra/main.tf");
    assert!(findings_at(&report, &tf, 7).contains(&"availability/region-unavailable".to_string()));
    let cdk = format!("{TREE}/gdpr/cdk/stack.ts");
    assert!(
        findings_at(&report, &cdk, 5).contains(&"availability/profile-source-region".to_string())
    );
    // No manifest above app/: no residency rule, but lifecycle and reference rules run.
    let main = format!("{TREE}/app/main.py");
    assert_eq!(findings_at(&report, &main, 6), ["lifecycle/end-of-life"]);
    let client = format!("{TREE}/app/client.ts");
    assert_eq!(findings_at(&report, &client, 6), ["reference/malformed"]);
    // The application profile is reported as unknowable, not guessed.
    assert_eq!(
        findings_at(&report, &template, 17),
        ["reference/unknown-model"]
    );
    // Findings about the workload itself belong to `check`, and carry no pointer.
    for f in report["findings"].as_array().expect("findings") {
        assert_ne!(f["rule"], "residency/region-outside-boundary", "{f}");
        assert!(f.get("pointer").is_none(), "{f}");
    }
}

#[test]
fn flags_set_the_context() {
    let file = format!("{TREE}/app/main.py");
    let (_, report) = json(audit(&[
        &file,
        "--regions",
        "us-east-1",
        "--compliance",
        "gdpr",
        "--format",
        "json",
    ]));
    assert!(findings_at(&report, &file, 6).contains(&"residency/cross-region-routing".to_string()));
    let (_, plain) = json(audit(&[&file, "--format", "json"]));
    assert!(!findings_at(&plain, &file, 6).contains(&"residency/cross-region-routing".to_string()));
    // A boundary with no Regions: the profile may be called from any of its
    // source Regions, and that is one finding about the reference, not one
    // per Region modelgate assumed.
    let (_, bounded) = json(audit(&[&file, "--residency", "eu", "--format", "json"]));
    let routing: Vec<&serde_json::Value> = bounded["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["line"] == 6 && f["rule"] == "residency/cross-region-routing")
        .collect();
    assert_eq!(routing.len(), 1, "{routing:?}");
    let message = routing[0]["message"].as_str().expect("message");
    assert!(
        message.contains("depending on the Region it is called from"),
        "{message}"
    );
    let out = run(audit(&[&file, "--regions", "eu-west-9"]));
    assert_eq!(out.code, 2, "an unknown Region is a run failure");
    assert!(out.stderr.contains("eu-west-9"), "{}", out.stderr);
}

#[test]
fn exit_codes_fail_on_select_and_formats() {
    let dir = format!("{TREE}/docs");
    assert_eq!(run(audit(&[&dir])).code, 1);
    assert_eq!(run(audit(&[&dir, "--fail-on", "never"])).code, 0);
    assert_eq!(
        run(audit(&[&dir, "--select", "lifecycle/legacy-model"])).code,
        0,
        "a warning does not fail --fail-on error"
    );
    assert_eq!(
        run(audit(&[
            &dir,
            "--select",
            "lifecycle/legacy-model",
            "--fail-on",
            "warning"
        ]))
        .code,
        1
    );
    assert_eq!(run(audit(&[&dir, "--select", "lifecycle/legasy"])).code, 2);

    let human = run(audit(&[&dir]));
    assert!(
        human.stdout.contains("lifecycle/legacy-model"),
        "{}",
        human.stdout
    );
    let summary = human.stdout.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("1 file scanned (none skipped); 2 references found; "),
        "{summary}"
    );
    assert!(summary.contains("lifecycle/legacy-model 1"), "{summary}");

    let concise = run(audit(&[&dir, "--format", "concise"]));
    assert!(
        concise.stdout.contains(&format!(
            "{dir}/models.md:3:10: warning[lifecycle/legacy-model]"
        )),
        "{}",
        concise.stdout
    );
    let github = run(audit(&[&dir, "--format", "github"]));
    assert!(
        github.stdout.contains("::warning file="),
        "{}",
        github.stdout
    );
    let junit = run(audit(&[&dir, "--format", "junit"]));
    assert!(junit.stdout.contains("modelgate.audit"), "{}", junit.stdout);
    roxmltree::Document::parse(&junit.stdout).expect("JUnit is XML");
    let sarif = common::sarif(&run(audit(&[&dir, "--format", "sarif"])).stdout, "audit");
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(10))
    );
}

#[test]
fn inventory_lists_models_counts_and_places() {
    let out = run(audit(&[TREE, "--inventory"]));
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .contains("anthropic.claude-3-haiku-20240307-v1:0 (Claude 3 Haiku): 6 references"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("    {TREE}/app/main.py:7:44")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("(malformed references): 1 reference"),
        "{}",
        out.stdout
    );
}

// --- temporary git repositories ---------------------------------------------

fn audit_in(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = modelgate();
    cmd.current_dir(dir)
        .args(["audit", "--today", TODAY])
        .args(args);
    cmd
}

const EOL: &str = "anthropic.claude-3-haiku-20240307-v1:0";

#[test]
fn inline_suppression_needs_a_reason_and_unused_ones_are_reported() {
    let dir = repo();
    std::fs::write(
        dir.path().join("app.py"),
        format!(
            "a = \"{EOL}\"  # modelgate: ignore[lifecycle/end-of-life] -- migration tracked in PLAT-412\n\
             # modelgate: ignore[lifecycle] -- PLAT-413\n\
             b = \"{EOL}\"\n\
             c = \"{EOL}\"  # modelgate: ignore[lifecycle/end-of-life]\n\
             d = 1  # modelgate: ignore[reference/unknown-model] -- nothing here\n"
        ),
    )
    .expect("write");
    let (code, report) = json(audit_in(dir.path(), &[".", "--format", "json"]));
    assert_eq!(code, 1);
    let rules: Vec<(String, u64, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            // line 4: no reason, so the finding stays and the comment is reported
            ("lifecycle/end-of-life".to_string(), 4, 6),
            ("audit/suppression-without-reason".to_string(), 4, 49),
            ("audit/unused-suppression".to_string(), 5, 10),
        ],
        "{report}"
    );
    assert_eq!(report["summary"]["suppressed"], 2);
}

#[test]
fn baseline_matches_by_content_and_reports_new_and_stale_entries() {
    let dir = repo();
    let app = dir.path().join("app.py");
    std::fs::write(
        &app,
        format!("a = \"{EOL}\"\nb = \"anthropic.claude-3-5-haiku-20241022-v1:0\"\n"),
    )
    .expect("write");
    let out = run(audit_in(
        dir.path(),
        &[".", "--write-baseline", "modelgate-baseline.json"],
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written =
        std::fs::read_to_string(dir.path().join("modelgate-baseline.json")).expect("baseline");
    assert!(written.contains(&format!("{{\"rule\":\"lifecycle/end-of-life\",\"file\":\"app.py\",\"reference\":\"{EOL}\",\"occurrence\":1}}")), "{written}");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "baseline"]);

    let baseline = ["--baseline", "modelgate-baseline.json", "--format", "json"];
    let (code, report) = json(audit_in(dir.path(), &[&["."][..], &baseline[..]].concat()));
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));

    // Lines moved: still accepted.
    std::fs::write(
        &app,
        format!("import os\n\n\na = \"{EOL}\"\nb = \"anthropic.claude-3-5-haiku-20241022-v1:0\"\n"),
    )
    .expect("write");
    let (code, _) = json(audit_in(dir.path(), &[&["."][..], &baseline[..]].concat()));
    assert_eq!(code, 0);

    // A new occurrence of an accepted id is new; a removed one is stale.
    std::fs::write(&app, format!("a = \"{EOL}\"\nc = \"{EOL}\"\n")).expect("write");
    let (code, report) = json(audit_in(dir.path(), &[&["."][..], &baseline[..]].concat()));
    assert_eq!(code, 1);
    let found: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(
        found.contains(&("lifecycle/end-of-life".to_string(), "app.py".to_string(), 2)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(rule, file, _)| rule == "audit/stale-baseline"
                && file == "modelgate-baseline.json"),
        "{found:?}"
    );
    let in_app: Vec<_> = found
        .iter()
        .filter(|(_, file, _)| file == "app.py")
        .collect();
    assert_eq!(
        in_app.len(),
        1,
        "only the second occurrence is new: {found:?}"
    );
    let stale: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "audit/stale-baseline")
        .collect();
    assert_eq!(stale.len(), 1);
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("anthropic.claude-3-5-haiku-20241022-v1:0"),
        "{}",
        stale[0]
    );
    assert_eq!(report["summary"]["baselined"], 1);
}

#[test]
fn staged_audits_the_index_not_the_working_tree() {
    let dir = repo();
    let app = dir.path().join("app.py");
    std::fs::write(&app, format!("MODEL = \"{EOL}\"\n")).expect("write");
    git(dir.path(), &["add", "app.py"]);
    // The working tree moves on; the commit would still hold the old id.
    std::fs::write(
        &app,
        "MODEL = \"anthropic.claude-haiku-4-5-20251001-v1:0\"\n",
    )
    .expect("write");
    // An untracked file is not part of the commit.
    std::fs::write(dir.path().join("new.py"), format!("X = \"{EOL}\"\n")).expect("write");

    let (code, report) = json(audit_in(dir.path(), &["--staged", "--format", "json"]));
    assert_eq!(code, 1, "{report}");
    let found = references(&report);
    assert_eq!(
        found,
        [(
            "app.py".to_string(),
            1,
            10,
            48,
            EOL.to_string(),
            "model_id".to_string()
        )]
    );

    let (_, tree) = json(audit_in(dir.path(), &["app.py", "--format", "json"]));
    assert_eq!(
        references(&tree)[0].4,
        "anthropic.claude-haiku-4-5-20251001-v1:0"
    );

    git(dir.path(), &["commit", "-q", "-m", "x"]);
    let (code, report) = json(audit_in(dir.path(), &["--staged", "--format", "json"]));
    assert_eq!(code, 0, "nothing staged: {report}");
    assert_eq!(report["summary"]["files"], 0);

    let outside = tempfile::tempdir().expect("temp dir");
    let out = run(audit_in(outside.path(), &["--staged"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
}
