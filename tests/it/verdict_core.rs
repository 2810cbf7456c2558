//! The verdict core, in process, through the library API (`modelgate::run`,
//! `modelgate::verdict`): one subject judged, findings deduplicated,
//! severities from the configuration, the rule filter after the front
//! end's exceptions, fixes searched and verified by re-evaluation, and
//! trial verdicts memoised across cores. The subject here is a manifest
//! whose fix candidates the test chooses, so each verification rule can be
//! met or broken on purpose.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use modelgate::config::{Flags, Settings};
use modelgate::finding::{Applicability, Severity};
use modelgate::fix::Candidate;
use modelgate::manifest::ManifestFile;
use modelgate::normalize::{Input, Normalizer};
use modelgate::rules::RuleFilter;
use modelgate::run::{Prepared, RunContext};
use modelgate::source::SourceFile;
use modelgate::verdict::{Change, Core, Subject, TrialMemo, Verdict};

const TODAY: &str = "2026-11-22";

/// Past end of life on 2026-09-10, everywhere.
const EOL: &str = "anthropic.claude-3-haiku-20240307-v1:0";
/// Active and offered in-Region in eu-west-1: resolves everything.
const GOOD: &str = "anthropic.claude-haiku-4-5-20251001-v1:0";
/// Not offered in eu-west-1: an error of its own.
const UNAVAILABLE: &str = "anthropic.claude-3-5-haiku-20241022-v1:0";
/// Legacy in eu-west-1: a warning of its own.
const LEGACY: &str = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A run context on the frozen catalog, with `config` as its
/// `.modelgate.toml` and `policies` beside the built-in rules.
fn context(config: Option<&str>, policies: &[&Path]) -> RunContext {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut flags = Flags {
        catalog: Some(root().join("tests/fixtures/catalog")),
        policy_dirs: policies.iter().map(|p| p.to_path_buf()).collect(),
        no_config: config.is_none(),
        ..Flags::default()
    };
    if let Some(text) = config {
        let path = dir.path().join(".modelgate.toml");
        std::fs::write(&path, text).expect("write config");
        flags.config = Some(path);
    }
    let settings = Settings::resolve(&flags, dir.path()).expect("settings");
    let prepared =
        Prepared::with_settings(settings, Some(TODAY.parse().expect("a date"))).expect("prepared");
    let evaluator = prepared.compile().expect("the rules compile");
    prepared.finish(evaluator).expect("a run context")
}

/// A manifest calling `models` from eu-west-1 (`extra` goes in [workload]).
fn manifest(ctx: &RunContext, extra: &str, models: &[&str]) -> ManifestFile {
    let mut text =
        format!("version = 1\n\n[workload]\nname = \"core\"\nregions = [\"eu-west-1\"]\n{extra}\n");
    for (i, model) in models.iter().enumerate() {
        text.push_str(&format!(
            "\n[[models]]\nname = \"m{i}\"\nmodel = \"{model}\"\n"
        ));
    }
    ManifestFile::parse(SourceFile::new("modelgate.toml", text), &ctx.catalog).expect("a manifest")
}

/// A manifest as the core sees it, with the candidates the test offers.
struct TestSubject<'a> {
    file: &'a ManifestFile,
    normalizer: Normalizer<'a>,
    offered: Vec<&'static str>,
    trials: AtomicUsize,
}

impl<'a> TestSubject<'a> {
    fn new(ctx: &'a RunContext, file: &'a ManifestFile, offered: &[&'static str]) -> Self {
        Self {
            file,
            normalizer: ctx.normalizer(),
            offered: offered.to_vec(),
            trials: AtomicUsize::new(0),
        }
    }
}

impl Subject for TestSubject<'_> {
    fn input(&self) -> Input {
        self.normalizer.input(&self.file.manifest)
    }

    fn candidates(&self, _entry: usize) -> Vec<Candidate> {
        self.offered
            .iter()
            .map(|text| Candidate {
                text: text.to_string(),
                applicability: Applicability::Unsafe,
                description: format!("use {text}"),
            })
            .collect()
    }

    fn trial(&self, entry: usize, change: &Change) -> Option<Input> {
        self.trials.fetch_add(1, Ordering::Relaxed);
        let within = change.pointer.strip_prefix(&format!("/models/{entry}"))?;
        let edited =
            self.file
                .trial_entry(entry, within, &change.value, self.normalizer.catalog)?;
        Some(self.normalizer.trial_document(&self.file.manifest, &edited))
    }
}

fn judge(core: &mut Core<'_>, subject: &dyn Subject) -> Vec<Verdict> {
    core.judge(subject, &mut |_| Ok(())).expect("judged")
}

fn rules(verdicts: &[Verdict]) -> Vec<(&str, Severity, &str)> {
    verdicts
        .iter()
        .map(|v| (v.rule.as_str(), v.severity, v.pointer.as_str()))
        .collect()
}

fn fix_of(verdict: &Verdict) -> Option<&str> {
    verdict.fix.as_ref().and_then(|f| f.change.value.as_str())
}

#[test]
fn a_subject_is_judged_once_with_located_verdicts() {
    let ctx = context(None, &[]);
    let file = manifest(&ctx, "", &[GOOD, EOL]);
    let subject = TestSubject::new(&ctx, &file, &[]);
    let verdicts = judge(&mut ctx.core(), &subject);
    assert_eq!(
        rules(&verdicts),
        [("lifecycle/end-of-life", Severity::Error, "/models/1/model")]
    );
    assert_eq!(verdicts[0].entry, Some(1), "the entry its pointer lies in");
    assert!(verdicts[0].message.contains("reached end of life"));
    assert_eq!(
        subject.trials.load(Ordering::Relaxed),
        0,
        "no candidate, no trial"
    );
}

#[test]
fn the_same_finding_reported_twice_is_kept_once() {
    // A conftest-style package says the same thing through `deny` and
    // `violation`: two raw findings, one verdict.
    let policy = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        policy.path().join("twice.rego"),
        "package acme.twice\n\n\
         deny contains \"every model is reviewed by Acme\" if { count(input.entries) > 0 }\n\n\
         violation contains {\"msg\": \"every model is reviewed by Acme\"} if { count(input.entries) > 0 }\n",
    )
    .expect("write policy");
    let ctx = context(None, &[policy.path()]);
    let file = manifest(&ctx, "", &[GOOD]);
    let subject = TestSubject::new(&ctx, &file, &[]);
    let raw = ctx
        .evaluator
        .clone()
        .evaluate(&subject.input())
        .expect("evaluated");
    assert_eq!(raw.findings.len(), 2, "{:?}", raw.findings);
    let verdicts = judge(&mut ctx.core(), &subject);
    assert_eq!(
        rules(&verdicts),
        [("acme/twice", Severity::Error, "")],
        "{verdicts:?}"
    );
}

#[test]
fn severities_come_from_the_configuration() {
    let ctx = context(
        Some("[severity]\n\"lifecycle/end-of-life\" = \"warning\"\n"),
        &[],
    );
    let file = manifest(&ctx, "", &[EOL]);
    let verdicts = judge(&mut ctx.core(), &TestSubject::new(&ctx, &file, &[]));
    assert_eq!(
        rules(&verdicts),
        [(
            "lifecycle/end-of-life",
            Severity::Warning,
            "/models/0/model"
        )]
    );

    // A family switched off reports nothing.
    let ctx = context(Some("[severity]\nlifecycle = \"off\"\n"), &[]);
    let file = manifest(&ctx, "", &[EOL]);
    let verdicts = judge(&mut ctx.core(), &TestSubject::new(&ctx, &file, &[]));
    assert!(verdicts.is_empty(), "{verdicts:?}");
}

#[test]
fn the_filter_applies_after_the_front_ends_exceptions() {
    let ctx = context(None, &[]);
    let file = manifest(
        &ctx,
        "residency = \"regions\"",
        &[EOL, "eu.anthropic.claude-haiku-4-5-20251001-v1:0"],
    );
    let subject = TestSubject::new(&ctx, &file, &[]);
    let all = judge(&mut ctx.core(), &subject);
    let families: Vec<&str> = all.iter().map(|v| v.rule.family()).collect();
    assert!(
        families.contains(&"lifecycle") && families.contains(&"residency"),
        "{all:?}"
    );

    let memo = TrialMemo::default();
    let filter = RuleFilter {
        ignore: vec![ctx.rules().selector("lifecycle").expect("a family")],
        ..RuleFilter::default()
    };
    let mut core = Core::new(ctx.evaluator.clone(), &filter, &memo);
    let mut seen = Vec::new();
    let kept = core
        .judge(&subject, &mut |verdicts| {
            seen.extend(verdicts.iter().map(|v| v.rule.as_str().to_string()));
            Ok(())
        })
        .expect("judged");
    // Exceptions (waivers) see an ignored rule's verdicts; the report does not.
    assert!(
        seen.contains(&"lifecycle/end-of-life".to_string()),
        "{seen:?}"
    );
    assert!(
        kept.iter().all(|v| v.rule.family() == "residency"),
        "{kept:?}"
    );

    let filter = RuleFilter {
        select: vec![ctx
            .rules()
            .selector("lifecycle/end-of-life")
            .expect("a rule")],
        ..RuleFilter::default()
    };
    let mut core = Core::new(ctx.evaluator.clone(), &filter, &memo);
    let kept = judge(&mut core, &subject);
    assert_eq!(
        rules(&kept),
        [("lifecycle/end-of-life", Severity::Error, "/models/0/model")]
    );

    // An exception may drop verdicts.
    let mut core = ctx.core();
    let kept = core
        .judge(&subject, &mut |verdicts| {
            verdicts.retain(|v| v.rule.family() != "residency");
            Ok(())
        })
        .expect("judged");
    assert!(
        kept.iter().all(|v| v.rule.family() == "lifecycle"),
        "{kept:?}"
    );
}

#[test]
fn a_candidate_that_leaves_the_finding_is_not_offered() {
    let ctx = context(None, &[]);
    let file = manifest(&ctx, "", &[EOL]);
    // The same model again: the finding stays.
    let subject = TestSubject::new(&ctx, &file, &[EOL]);
    let verdicts = judge(&mut ctx.core(), &subject);
    assert_eq!(fix_of(&verdicts[0]), None, "{verdicts:?}");
    assert_eq!(
        subject.trials.load(Ordering::Relaxed),
        1,
        "the candidate was tried"
    );

    // The next candidate that resolves it is.
    let subject = TestSubject::new(&ctx, &file, &[EOL, GOOD]);
    let verdicts = judge(&mut ctx.core(), &subject);
    assert_eq!(fix_of(&verdicts[0]), Some(GOOD));
    let fix = verdicts[0].fix.as_ref().expect("a fix");
    assert_eq!(fix.change.pointer, "/models/0/model");
    assert_eq!(fix.description, format!("use {GOOD}"));
}

#[test]
fn a_candidate_that_brings_an_error_or_a_new_warning_is_not_offered() {
    let ctx = context(None, &[]);
    let file = manifest(&ctx, "", &[EOL]);
    // Resolves end of life, but is not offered in eu-west-1.
    let subject = TestSubject::new(&ctx, &file, &[UNAVAILABLE]);
    let verdicts = judge(&mut ctx.core(), &subject);
    assert_eq!(fix_of(&verdicts[0]), None, "{verdicts:?}");
    // Resolves it, but is Legacy: a warning that was not there.
    let subject = TestSubject::new(&ctx, &file, &[LEGACY]);
    let verdicts = judge(&mut ctx.core(), &subject);
    assert_eq!(fix_of(&verdicts[0]), None, "{verdicts:?}");
    // Best first: the first one that passes wins.
    let subject = TestSubject::new(&ctx, &file, &[UNAVAILABLE, LEGACY, GOOD]);
    let verdicts = judge(&mut ctx.core(), &subject);
    assert_eq!(fix_of(&verdicts[0]), Some(GOOD));
    assert_eq!(subject.trials.load(Ordering::Relaxed), 3);
}

#[test]
fn a_rules_own_proposal_is_verified_and_offered_as_unsafe() {
    let ctx = context(None, &[]);
    let file = manifest(&ctx, "", &["anthropic.claude-haku-4-5-20251001-v1:0"]);
    let subject = TestSubject::new(&ctx, &file, &[]);
    let verdicts = judge(&mut ctx.core(), &subject);
    assert_eq!(verdicts[0].rule.as_str(), "reference/unknown-model");
    assert_eq!(fix_of(&verdicts[0]), Some(GOOD), "{verdicts:?}");
    let fix = verdicts[0].fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(
        subject.trials.load(Ordering::Relaxed),
        1,
        "the proposal was verified"
    );
}

#[test]
fn trial_verdicts_are_memoised_by_their_document() {
    // A policy that forbids GOOD: with it, GOOD is no fix.
    let policy = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        policy.path().join("forbid.rego"),
        format!(
            "# METADATA\n# title: Forbidden model\n# description: Acme forbids one model.\n\
             # custom:\n#   id: acme/forbidden\n#   severity: error\n#   remediation: Use another.\n\
             package modelgate.rules.acme.forbidden\n\nimport data.modelgate.lib\n\n\
             findings contains lib.finding(entry.reference.pointer, \"forbidden\") if {{\n\
             \tsome entry in input.entries\n\tentry.reference.text == \"{GOOD}\"\n}}\n"
        ),
    )
    .expect("write policy");
    let plain = context(None, &[]);
    let strict = context(None, &[policy.path()]);
    let file = manifest(&plain, "", &[EOL]);
    let subject = TestSubject::new(&plain, &file, &[GOOD]);

    let fresh = TrialMemo::default();
    let mut core = Core::new(strict.evaluator.clone(), &strict.filter, &fresh);
    assert_eq!(fix_of(&judge(&mut core, &subject)[0]), None, "forbidden");

    // The plain rules judge the trial first; a core sharing their memo
    // takes that verdict for the same trial document instead of
    // evaluating it again (one run has one set of rules, so that is sound).
    let shared = TrialMemo::default();
    let mut core = Core::new(plain.evaluator.clone(), &plain.filter, &shared);
    assert_eq!(fix_of(&judge(&mut core, &subject)[0]), Some(GOOD));
    let mut core = Core::new(strict.evaluator.clone(), &strict.filter, &shared);
    assert_eq!(
        fix_of(&judge(&mut core, &subject)[0]),
        Some(GOOD),
        "the memoised trial verdict was reused"
    );
}
