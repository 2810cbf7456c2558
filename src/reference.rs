//! What a `model` value may hold, parsed once: a model id, a system inference
//! profile id (geography prefix + model id), a foundation-model ARN, an
//! inference-profile ARN, an application inference-profile ARN, or something
//! malformed. Geography prefixes and providers come from the catalog, never
//! from constants here, so a new prefix is a data change.

use schemars::JsonSchema;
use serde::Serialize;

use crate::catalog::{Catalog, PrefixScope};

/// What a model reference is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A model id, e.g. `anthropic.claude-3-haiku-20240307-v1:0` (also
    /// with a provisioned-throughput suffix such as `:200k`).
    ModelId,
    /// A system inference profile id: a geography prefix and a model id,
    /// e.g. `eu.anthropic.claude-3-haiku-20240307-v1:0`.
    InferenceProfile,
    /// A foundation-model ARN (`arn:aws:bedrock:REGION::foundation-model/…`,
    /// or Region-less for global profiles).
    FoundationModelArn,
    /// The ARN of a system inference profile.
    InferenceProfileArn,
    /// The ARN of an application inference profile, whose model cannot be
    /// known from the ARN.
    ApplicationProfileArn,
    /// Not a well-formed model id, profile id or Bedrock ARN (`problem`
    /// says why).
    Malformed,
}

/// Where a call through this reference may be processed, as far as the
/// reference alone tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A direct model call, processed in the Region it is made from.
    InRegion,
    /// A geographic profile (`us.`, `eu.`, `apac.` …): processed in a Region
    /// of its geography.
    Geographic,
    /// A global profile: processed in any commercial Region.
    Global,
    /// Cannot be told (application profiles, malformed references).
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub text: String,
    pub kind: ReferenceKind,
    pub model_id: Option<String>,
    pub profile_id: Option<String>,
    pub prefix: Option<String>,
    pub scope: Scope,
    /// The Region named in an ARN (`None` for the Region-less global ARN,
    /// and for a resource pattern).
    pub arn_region: Option<String>,
    /// An ARN whose Region or account is a wildcard (`*`) or a template
    /// (`${AWS::Region}`, `{region}`, `REGION`): how IAM policies and
    /// infrastructure templates name resources. It says which model, not
    /// from where it is called, so only rules about the model itself
    /// (lifecycle, unknown model) apply.
    pub resource_pattern: bool,
    /// Why a malformed reference is malformed.
    pub problem: Option<String>,
}

impl Reference {
    pub fn parse(text: &str, catalog: &Catalog) -> Self {
        let trimmed = text.trim();
        let mut reference = if trimmed.starts_with("arn:") {
            parse_arn(trimmed, catalog)
        } else {
            parse_id(trimmed, catalog)
        };
        reference.text = text.to_string();
        if trimmed != text && reference.kind != ReferenceKind::Malformed {
            reference = malformed(text, "it has leading or trailing whitespace");
        }
        reference
    }
}

fn malformed(text: &str, problem: impl Into<String>) -> Reference {
    Reference {
        text: text.to_string(),
        kind: ReferenceKind::Malformed,
        model_id: None,
        profile_id: None,
        prefix: None,
        scope: Scope::Unknown,
        arn_region: None,
        resource_pattern: false,
        problem: Some(problem.into()),
    }
}

/// The shape of a Bedrock model id, after `FoundationModelSummary.modelArn`'s
/// documented pattern: `provider.name` with up to two more dotted parts and up
/// to two `:` suffixes (version, and provisioned-throughput context such as
/// `:200k`), lowercase letters, digits and hyphens.
fn model_id_problem(id: &str) -> Option<String> {
    let mut parts = id.split(':');
    let dotted = parts.next().unwrap_or_default();
    let suffixes: Vec<&str> = parts.collect();
    let segments: Vec<&str> = dotted.split('.').collect();
    let is_token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if segments.len() < 2 {
        return Some("a model id has the form `provider.model-name[:version]`".to_string());
    }
    if segments.len() > 4 {
        return Some("a model id has at most four dot-separated parts".to_string());
    }
    if let Some(bad) = segments.iter().find(|s| !is_token(s)) {
        return Some(if bad.is_empty() {
            "it has an empty part between dots".to_string()
        } else {
            format!("`{bad}` is not made of lowercase letters, digits and hyphens")
        });
    }
    if suffixes.len() > 2 || suffixes.iter().any(|s| !is_token(s)) {
        return Some(
            "the part after `:` must be a version such as `0` (and at most one more suffix)"
                .to_string(),
        );
    }
    suffixes
        .get(1)
        .and_then(|suffix| throughput_suffix_problem(suffix))
}

/// Provisioned-throughput suffixes as AWS writes them in model ids (e.g.
/// `amazon.nova-micro-v1:0:128k` in the model-distillation table,
/// `anthropic.claude-v2:1:200k` in the CDK FoundationModelIdentifier
/// reference): a context length in thousands of tokens, or `mm` for a
/// multimodal variant. Named here for the did-you-mean of a typo.
const THROUGHPUT_SUFFIXES: [&str; 12] = [
    "8k", "18k", "20k", "24k", "28k", "48k", "128k", "200k", "256k", "300k", "1000k", "mm",
];

/// Why the second `:` suffix of a model id is not a provisioned-throughput
/// suffix, if it is not: a typo there would name no model, silently.
fn throughput_suffix_problem(suffix: &str) -> Option<String> {
    let context_length = suffix.strip_suffix('k').is_some_and(|n| {
        !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())
    });
    if context_length || suffix == "mm" {
        return None;
    }
    let hint = crate::error::did_you_mean(suffix, THROUGHPUT_SUFFIXES)
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default();
    Some(format!(
        "`{suffix}` is not a provisioned-throughput suffix, which is a context length such as `200k` or `300k`, or `mm`{hint}"
    ))
}

/// The model a provisioned-throughput variant belongs to: the catalog lists
/// `amazon.nova-pro-v1:0`, code may name its `amazon.nova-pro-v1:0:300k`
/// context-length variant. Lifecycle and availability are the model's.
fn base_model_id(id: &str) -> &str {
    match id.match_indices(':').nth(1) {
        Some((second, _)) => &id[..second],
        None => id,
    }
}

fn parse_id(text: &str, catalog: &Catalog) -> Reference {
    if text.is_empty() {
        return malformed(text, "it is empty");
    }
    if let Some(problem) = model_id_problem(text) {
        return malformed(text, problem);
    }
    let (first, rest) = text.split_once('.').unwrap_or((text, ""));
    if let Some(prefix) = catalog.prefix(first) {
        if model_id_problem(rest).is_some() {
            return malformed(text, format!("`{first}.` must be followed by a model id"));
        }
        return profile_reference(
            text,
            first,
            rest,
            prefix.scope,
            ReferenceKind::InferenceProfile,
            None,
        );
    }
    // `ap.anthropic.claude…`: a model id of a known provider behind a prefix
    // the catalog does not know.
    if !catalog.is_provider(first) {
        if let Some((provider, _)) = rest.split_once('.') {
            if catalog.is_provider(provider) && model_id_problem(rest).is_none() {
                let known: Vec<&str> = catalog.prefix_names().collect();
                return malformed(
                    text,
                    format!(
                        "`{first}.` is not a geography prefix of any inference profile (known prefixes: {})",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    Reference {
        text: text.to_string(),
        kind: ReferenceKind::ModelId,
        model_id: Some(base_model_id(text).to_string()),
        profile_id: None,
        prefix: None,
        scope: Scope::InRegion,
        arn_region: None,
        resource_pattern: false,
        problem: None,
    }
}

fn profile_reference(
    text: &str,
    prefix: &str,
    model_id: &str,
    scope: PrefixScope,
    kind: ReferenceKind,
    arn_region: Option<String>,
) -> Reference {
    Reference {
        text: text.to_string(),
        kind,
        model_id: Some(model_id.to_string()),
        profile_id: Some(format!("{prefix}.{model_id}")),
        prefix: Some(prefix.to_string()),
        scope: match scope {
            PrefixScope::Geographic => Scope::Geographic,
            PrefixScope::Global => Scope::Global,
        },
        arn_region,
        resource_pattern: false,
        problem: None,
    }
}

/// `arn:PARTITION:bedrock:REGION:ACCOUNT:RESOURCE-TYPE/ID`, per the Service
/// Authorization Reference. A `*` Region or account makes it a resource
/// pattern (see [`Reference::resource_pattern`]).
fn parse_arn(text: &str, catalog: &Catalog) -> Reference {
    let arn = match Arn::split(text, catalog) {
        Ok(arn) => arn,
        Err(problem) => return malformed(text, problem),
    };
    let Some((resource_type, id)) = arn.resource.split_once('/') else {
        return malformed(
            text,
            "the resource part must be `foundation-model/ID` or `inference-profile/ID`",
        );
    };
    let mut reference = match resource_type {
        "foundation-model" => foundation_model_arn(text, &arn, id),
        "inference-profile" => profile_arn(text, &arn, id, catalog),
        "application-inference-profile" => application_profile_arn(text, &arn, id),
        other => malformed(
            text,
            format!("`{other}` is not a Bedrock model or inference-profile resource"),
        ),
    };
    if reference.kind != ReferenceKind::Malformed && arn.pattern {
        reference.resource_pattern = true;
        reference.arn_region = None;
    }
    reference
}

/// The fields of a Bedrock ARN, checked.
struct Arn<'t> {
    region: &'t str,
    account: &'t str,
    resource: &'t str,
    /// A `*` Region or account.
    pattern: bool,
}

impl<'t> Arn<'t> {
    fn split(text: &'t str, catalog: &Catalog) -> Result<Self, String> {
        let fields: Vec<&str> = text.splitn(6, ':').collect();
        let [_, partition, service, region, account, resource] = fields.as_slice() else {
            return Err(
                "an ARN has six `:`-separated fields: arn:aws:bedrock:REGION:ACCOUNT:RESOURCE"
                    .to_string(),
            );
        };
        if !matches!(
            *partition,
            "aws" | "aws-us-gov" | "aws-cn" | "aws-iso" | "aws-iso-b"
        ) {
            return Err(format!("`{partition}` is not an AWS partition"));
        }
        if *service != "bedrock" {
            return Err(format!("the ARN is for `{service}`, not `bedrock`"));
        }
        let pattern = *region == "*" || *account == "*";
        if !region.is_empty() && *region != "*" && catalog.region(region).is_none() {
            return Err(format!(
                "`{region}` is not a Region where Bedrock is offered"
            ));
        }
        Ok(Arn {
            region,
            account,
            resource,
            pattern,
        })
    }

    fn account_ok(&self) -> bool {
        self.account == "*"
            || (self.account.len() == 12 && self.account.bytes().all(|b| b.is_ascii_digit()))
    }

    fn arn_region(&self) -> Option<String> {
        (!self.region.is_empty() && self.region != "*").then(|| self.region.to_string())
    }
}

fn foundation_model_arn(text: &str, arn: &Arn<'_>, id: &str) -> Reference {
    if !arn.account.is_empty() {
        return malformed(text, "a foundation-model ARN has no account field");
    }
    if let Some(problem) = model_id_problem(id) {
        return malformed(text, problem);
    }
    Reference {
        text: text.to_string(),
        kind: ReferenceKind::FoundationModelArn,
        model_id: Some(base_model_id(id).to_string()),
        profile_id: None,
        prefix: None,
        // The Region-less ARN is the one global profiles route to.
        scope: if arn.region.is_empty() {
            Scope::Global
        } else {
            Scope::InRegion
        },
        arn_region: arn.arn_region(),
        resource_pattern: false,
        problem: None,
    }
}

fn profile_arn(text: &str, arn: &Arn<'_>, id: &str, catalog: &Catalog) -> Reference {
    if !arn.account_ok() {
        return malformed(text, "an inference-profile ARN needs a 12-digit account id");
    }
    let id_ref = parse_id(id, catalog);
    match id_ref.kind {
        ReferenceKind::InferenceProfile => Reference {
            kind: ReferenceKind::InferenceProfileArn,
            arn_region: arn.arn_region(),
            text: text.to_string(),
            ..id_ref
        },
        ReferenceKind::Malformed => Reference {
            text: text.to_string(),
            ..id_ref
        },
        _ => malformed(
            text,
            format!("`{id}` is not an inference profile id (it has no geography prefix)"),
        ),
    }
}

fn application_profile_arn(text: &str, arn: &Arn<'_>, id: &str) -> Reference {
    if !arn.account_ok() {
        return malformed(
            text,
            "an application inference-profile ARN needs a 12-digit account id",
        );
    }
    if id.is_empty() {
        return malformed(text, "the application inference-profile id is empty");
    }
    Reference {
        text: text.to_string(),
        kind: ReferenceKind::ApplicationProfileArn,
        model_id: None,
        profile_id: None,
        prefix: None,
        scope: Scope::Unknown,
        arn_region: arn.arn_region(),
        resource_pattern: false,
        problem: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Reference {
        let catalog = Catalog::embedded().expect("the embedded catalog loads");
        Reference::parse(text, &catalog)
    }

    #[test]
    fn model_ids() {
        let r = parse("anthropic.claude-3-haiku-20240307-v1:0");
        assert_eq!(r.kind, ReferenceKind::ModelId);
        assert_eq!(
            r.model_id.as_deref(),
            Some("anthropic.claude-3-haiku-20240307-v1:0")
        );
        assert_eq!(r.scope, Scope::InRegion);
        // No version suffix, and a provisioned-throughput context suffix.
        assert_eq!(
            parse("anthropic.claude-sonnet-4-6").kind,
            ReferenceKind::ModelId
        );
        assert_eq!(
            parse("amazon.nova-pro-v1:0:300k").kind,
            ReferenceKind::ModelId
        );
        let bogus = parse("anthropic.claude-3-haiku-20240307-v1:0:bogus");
        assert_eq!(bogus.kind, ReferenceKind::Malformed);
        assert!(bogus
            .problem
            .unwrap_or_default()
            .contains("not a provisioned-throughput suffix"));
        let typo = parse("amazon.nova-pro-v1:0:300K");
        assert_eq!(typo.kind, ReferenceKind::Malformed);
        // A well-formed id of an unknown provider is an (unknown) model id.
        assert_eq!(parse("acme.model-v1:0").kind, ReferenceKind::ModelId);
    }

    #[test]
    fn profile_ids_use_the_catalog_prefixes() {
        let r = parse("eu.anthropic.claude-3-haiku-20240307-v1:0");
        assert_eq!(r.kind, ReferenceKind::InferenceProfile);
        assert_eq!(r.prefix.as_deref(), Some("eu"));
        assert_eq!(r.scope, Scope::Geographic);
        assert_eq!(
            r.model_id.as_deref(),
            Some("anthropic.claude-3-haiku-20240307-v1:0")
        );
        let g = parse("global.anthropic.claude-haiku-4-5-20251001-v1:0");
        assert_eq!(g.scope, Scope::Global);
        assert_eq!(
            parse("us-gov.anthropic.claude-3-haiku-20240307-v1:0")
                .prefix
                .as_deref(),
            Some("us-gov")
        );
    }

    #[test]
    fn an_unknown_prefix_before_a_known_provider_is_malformed() {
        for text in [
            "ap.anthropic.claude-3-haiku-20240307-v1:0",
            "amer.anthropic.claude-3-haiku-20240307-v1:0",
        ] {
            let r = parse(text);
            assert_eq!(r.kind, ReferenceKind::Malformed, "{text}");
            assert!(
                r.problem
                    .as_deref()
                    .unwrap_or_default()
                    .contains("not a geography prefix"),
                "{r:?}"
            );
        }
    }

    #[test]
    fn arns() {
        let fm = parse(
            "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        );
        assert_eq!(fm.kind, ReferenceKind::FoundationModelArn);
        assert_eq!(fm.arn_region.as_deref(), Some("eu-west-1"));
        assert_eq!(fm.scope, Scope::InRegion);

        let global =
            parse("arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0");
        assert_eq!(global.kind, ReferenceKind::FoundationModelArn);
        assert_eq!(global.scope, Scope::Global);
        assert_eq!(global.arn_region, None);

        let profile = parse("arn:aws:bedrock:us-east-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0");
        assert_eq!(profile.kind, ReferenceKind::InferenceProfileArn);
        assert_eq!(profile.prefix.as_deref(), Some("us"));
        assert_eq!(
            profile.profile_id.as_deref(),
            Some("us.anthropic.claude-3-haiku-20240307-v1:0")
        );

        let app = parse(
            "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6",
        );
        assert_eq!(app.kind, ReferenceKind::ApplicationProfileArn);
        assert_eq!(app.model_id, None);
        assert_eq!(app.scope, Scope::Unknown);
    }

    #[test]
    fn malformed_references_say_why() {
        for (text, why) in [
            ("", "empty"),
            ("claude-sonnet-4-5-20250929", "provider.model-name"),
            ("Anthropic.Claude-3", "lowercase"),
            ("anthropic..claude", "empty part"),
            (" anthropic.claude-3-haiku-20240307-v1:0", "whitespace"),
            ("arn:aws:s3:::bucket/key", "not `bedrock`"),
            ("arn:aws:bedrock:eu-west-1:123:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0", "12-digit"),
            ("arn:aws:bedrock:eu-west-1:111122223333:foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "no account"),
            ("arn:aws:bedrock:mars-north-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "not a Region"),
            ("arn:aws:bedrock:eu-west-1:111122223333:inference-profile/anthropic.claude-3-haiku-20240307-v1:0", "no geography prefix"),
            ("arn:aws:bedrock:eu-west-1:111122223333:agent/ABC", "not a Bedrock model"),
        ] {
            let r = parse(text);
            assert_eq!(r.kind, ReferenceKind::Malformed, "{text:?}");
            let problem = r.problem.unwrap_or_default();
            assert!(problem.contains(why), "{text:?}: {problem}");
        }
    }
}
