//! Reading what the AWS CLI printed: each input file is parsed with spans
//! and decoded into the listings of one Region, so that every bad field is a
//! located error and nothing is written.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::catalog::{Catalog, StatedStatus};
use crate::date::Date;
use crate::error::{did_you_mean, Result, RunError};
use crate::source::SourceFile;
use crate::syntax::tree::{parse_json, Node, NodeValue};

/// One input file, decoded.
#[derive(Debug)]
pub(super) struct InputFile {
    pub(super) file: SourceFile,
    pub(super) region: String,
    /// A `nextToken` was present: this is one page, not the whole listing,
    /// so absence from it proves nothing.
    pub(super) partial: bool,
    pub(super) models: Vec<ApiModel>,
    pub(super) profiles: Vec<ApiProfile>,
    pub(super) has_models_key: bool,
    pub(super) has_profiles_key: bool,
}

#[derive(Debug)]
pub(super) struct ApiModel {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) provider: Option<String>,
    /// `None`: the field is absent (older outputs).
    pub(super) inference_types: Option<Vec<String>>,
    /// Feature facts the listing states, as (feature, API field, value).
    pub(super) features: Vec<(&'static str, &'static str, bool)>,
    pub(super) lifecycle: Option<ApiLifecycle>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ApiLifecycle {
    pub(super) status: Option<StatedStatus>,
    pub(super) legacy: Option<Date>,
    pub(super) public_extended_access: Option<Date>,
    pub(super) end_of_life: Option<Date>,
}

#[derive(Debug)]
pub(super) struct ApiProfile {
    pub(super) id: String,
    pub(super) system_defined: bool,
    pub(super) description: Option<String>,
    pub(super) model: String,
    pub(super) destinations: BTreeSet<String>,
    pub(super) global_arn: bool,
}

/// One input file, as read, decoded.
pub(super) fn decode_input(
    base: &Catalog,
    file: SourceFile,
    region_flag: Option<&str>,
) -> Result<InputFile> {
    let root = parse_json(file.text()).map_err(|err| {
        RunError::at(
            &file,
            err.span.clone(),
            format!("not JSON: {}", err.value),
            "here",
        )
        .with_help(HELP_SHAPE)
    })?;
    let mut reader = Reader {
        base,
        file: &file,
        regions: Vec::new(),
    };
    let mut input = InputFile {
        file: file.clone(),
        region: String::new(),
        partial: false,
        models: Vec::new(),
        profiles: Vec::new(),
        has_models_key: false,
        has_profiles_key: false,
    };
    match &root.value {
        NodeValue::Table(_) => reader.response(&root, &mut input)?,
        // A bare array of summaries (what `--query modelSummaries` prints).
        NodeValue::Array(items) => reader.summaries(&root, items, &mut input)?,
        other => {
            return Err(reader.error(
                &root.span,
                &format!("expected a JSON object, found {}", other.type_name()),
            ))
        }
    }
    input.region = reader.file_region(region_flag, &root)?;
    Ok(input)
}

const HELP_SHAPE: &str = "pass the JSON that `aws bedrock list-foundation-models --region R` or `aws bedrock list-inference-profiles --region R` prints, one file per Region and call";

fn field<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        NodeValue::Table(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
        _ => None,
    }
}

/// The field `key`, unless it is absent or null (the API prints null for
/// what it does not say).
fn present<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    field(node, key).filter(|n| !matches!(n.value, NodeValue::Null))
}

struct Reader<'a> {
    base: &'a Catalog,
    file: &'a SourceFile,
    /// Regions named by the ARNs that identify the calling Region, with where.
    regions: Vec<(String, Range<usize>)>,
}

impl Reader<'_> {
    /// The object the AWS CLI prints: `modelSummaries` or
    /// `inferenceProfileSummaries`, and `nextToken` when it is one page.
    fn response(&mut self, root: &Node, input: &mut InputFile) -> Result<()> {
        if let Some(list) = field(root, "modelSummaries") {
            input.has_models_key = true;
            for item in self.array(list, "`modelSummaries`")? {
                input.models.push(self.model(item)?);
            }
        }
        if let Some(list) = field(root, "inferenceProfileSummaries") {
            input.has_profiles_key = true;
            for item in self.array(list, "`inferenceProfileSummaries`")? {
                input.profiles.push(self.profile(item)?);
            }
        }
        if !input.has_models_key && !input.has_profiles_key {
            return Err(self.error(
                &root.span,
                "neither `modelSummaries` nor `inferenceProfileSummaries` is here",
            ));
        }
        if let Some(token) = field(root, "nextToken") {
            input.partial = matches!(&token.value, NodeValue::String(s) if !s.is_empty());
        }
        Ok(())
    }

    /// A bare array of summaries, told apart by the first item's id key (an
    /// empty array is an empty model listing).
    fn summaries(&mut self, root: &Node, items: &[Node], input: &mut InputFile) -> Result<()> {
        let first = items.first();
        if first.is_some_and(|n| field(n, "inferenceProfileId").is_some()) {
            input.has_profiles_key = true;
            for item in items {
                input.profiles.push(self.profile(item)?);
            }
        } else if first.is_none_or(|n| field(n, "modelId").is_some()) {
            input.has_models_key = true;
            for item in items {
                input.models.push(self.model(item)?);
            }
        } else {
            return Err(self.error(
                &root.span,
                "an array whose items are neither model summaries (`modelId`) nor inference profile summaries (`inferenceProfileId`)",
            ));
        }
        Ok(())
    }

    fn error(&self, span: &Range<usize>, message: &str) -> RunError {
        RunError::at(self.file, span.clone(), message.to_string(), "here").with_help(HELP_SHAPE)
    }

    fn array<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [Node]> {
        match &node.value {
            NodeValue::Array(items) => Ok(items),
            other => Err(self.error(
                &node.span,
                &format!("{what} must be an array, found {}", other.type_name()),
            )),
        }
    }

    fn object<'n>(&self, node: &'n Node, what: &str) -> Result<&'n Node> {
        match &node.value {
            NodeValue::Table(_) => Ok(node),
            other => Err(self.error(
                &node.span,
                &format!("{what} must be an object, found {}", other.type_name()),
            )),
        }
    }

    fn string<'n>(&self, node: &'n Node, key: &str) -> Result<Option<(&'n str, &'n Node)>> {
        match field(node, key) {
            None => Ok(None),
            Some(Node {
                value: NodeValue::Null,
                ..
            }) => Ok(None),
            Some(
                n @ Node {
                    value: NodeValue::String(s),
                    ..
                },
            ) => Ok(Some((s.as_str(), n))),
            Some(n) => Err(self.error(
                &n.span,
                &format!("`{key}` must be a string, found {}", n.value.type_name()),
            )),
        }
    }

    /// A list of strings, or `None` when the field is absent or null.
    fn string_list(&self, node: &Node, key: &str) -> Result<Option<Vec<String>>> {
        let Some(list) = present(node, key) else {
            return Ok(None);
        };
        self.array(list, &format!("`{key}`"))?
            .iter()
            .map(|item| match &item.value {
                NodeValue::String(s) => Ok(s.clone()),
                other => Err(self.error(
                    &item.span,
                    &format!(
                        "an item of `{key}` must be a string, found {}",
                        other.type_name()
                    ),
                )),
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    fn required<'n>(&self, node: &'n Node, key: &str) -> Result<(&'n str, &'n Node)> {
        self.string(node, key)?.ok_or_else(|| {
            self.error(
                &node.span,
                &format!("this summary has no `{key}`, which the API always returns"),
            )
        })
    }

    fn known_region(&self, region: &str, span: &Range<usize>) -> Result<()> {
        if self.base.region(region).is_some() {
            return Ok(());
        }
        let hint = did_you_mean(region, self.base.regions().map(|r| r.code.as_str()))
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_default();
        Err(RunError::at(
            self.file,
            span.clone(),
            format!("unknown Region `{region}`"),
            "this Region",
        )
        .with_help(format!(
            "the base catalog's regions.json does not list it{hint}; add it there (and use --catalog) to import it"
        )))
    }

    /// `arn:PARTITION:bedrock:REGION:ACCOUNT:TYPE/ID` → (Region, type, id).
    fn arn(&self, text: &str, node: &Node) -> Result<(Option<String>, String, String)> {
        let fields: Vec<&str> = text.splitn(6, ':').collect();
        let parsed = match fields.as_slice() {
            ["arn", partition, "bedrock", region, _account, resource]
                if partition.starts_with("aws") =>
            {
                resource
                    .split_once('/')
                    .map(|(kind, id)| (region.to_string(), kind.to_string(), id.to_string()))
            }
            _ => None,
        };
        let Some((region, kind, id)) = parsed else {
            return Err(self.error(
                &node.span,
                &format!("`{text}` is not a Bedrock ARN (arn:aws:bedrock:REGION:ACCOUNT:TYPE/ID)"),
            ));
        };
        if region.is_empty() {
            return Ok((None, kind, id));
        }
        self.known_region(&region, &node.span)?;
        Ok((Some(region), kind, id))
    }

    fn model(&mut self, node: &Node) -> Result<ApiModel> {
        let node = self.object(node, "a model summary")?;
        let (id, id_node) = self.required(node, "modelId")?;
        if id.trim().is_empty() {
            return Err(self.error(&id_node.span, "`modelId` is empty"));
        }
        if let Some((arn, arn_node)) = self.string(node, "modelArn")? {
            let (region, kind, arn_id) = self.arn(arn, arn_node)?;
            if kind != "foundation-model" || arn_id != id {
                return Err(self.error(
                    &arn_node.span,
                    &format!("`modelArn` does not name the foundation model `{id}`"),
                ));
            }
            if let Some(region) = region {
                self.regions.push((region, arn_node.span.clone()));
            }
        }
        let inference_types = self.string_list(node, "inferenceTypesSupported")?;
        let features = api_features(
            self.boolean(node, "responseStreamingSupported")?,
            self.string_list(node, "customizationsSupported")?,
            self.string_list(node, "inputModalities")?,
            self.string_list(node, "outputModalities")?,
        );
        let lifecycle = match present(node, "modelLifecycle") {
            None => None,
            Some(lc) => Some(self.lifecycle(lc)?),
        };
        Ok(ApiModel {
            id: id.to_string(),
            name: self.string(node, "modelName")?.map(|(s, _)| s.to_string()),
            provider: self
                .string(node, "providerName")?
                .map(|(s, _)| s.to_string()),
            inference_types,
            features,
            lifecycle,
        })
    }

    /// A boolean, or `None` when the field is absent or null.
    fn boolean(&self, node: &Node, key: &str) -> Result<Option<bool>> {
        match present(node, key) {
            None => Ok(None),
            Some(Node {
                value: NodeValue::Bool(b),
                ..
            }) => Ok(Some(*b)),
            Some(n) => Err(self.error(
                &n.span,
                &format!("`{key}` must be a boolean, found {}", n.value.type_name()),
            )),
        }
    }

    /// `modelLifecycle`: a status the catalog knows, and its dates.
    fn lifecycle(&self, node: &Node) -> Result<ApiLifecycle> {
        let lc = self.object(node, "`modelLifecycle`")?;
        let (status, status_node) = self.required(lc, "status")?;
        let status = match status {
            "ACTIVE" => Some(StatedStatus::Active),
            "LEGACY" => Some(StatedStatus::Legacy),
            _ => {
                return Err(self.error(
                    &status_node.span,
                    &format!("`modelLifecycle.status` `{status}` is neither ACTIVE nor LEGACY"),
                ))
            }
        };
        Ok(ApiLifecycle {
            status,
            legacy: self.timestamp(lc, "legacyTime")?,
            public_extended_access: self.timestamp(lc, "publicExtendedAccessTime")?,
            end_of_life: self.timestamp(lc, "endOfLifeTime")?,
        })
    }

    /// An API timestamp (`2026-04-28T00:00:00+00:00`, `2026-04-28T00:00:00Z`,
    /// boto3's `2026-04-28 00:00:00+00:00`): its calendar date.
    fn timestamp(&self, node: &Node, key: &str) -> Result<Option<Date>> {
        let Some((text, n)) = self.string(node, key)? else {
            return Ok(None);
        };
        let date = text.get(..10).and_then(|d| d.parse::<Date>().ok());
        let rest_ok = text
            .get(10..)
            .is_some_and(|r| r.is_empty() || r.starts_with('T') || r.starts_with(' '));
        match date {
            Some(date) if rest_ok => Ok(Some(date)),
            _ => Err(self.error(
                &n.span,
                &format!("`{key}` is not a timestamp (expected e.g. 2026-04-28T00:00:00Z)"),
            )),
        }
    }

    fn profile(&mut self, node: &Node) -> Result<ApiProfile> {
        let node = self.object(node, "an inference profile summary")?;
        let (id, id_node) = self.required(node, "inferenceProfileId")?;
        if id.trim().is_empty() {
            return Err(self.error(&id_node.span, "`inferenceProfileId` is empty"));
        }
        if let Some((arn, arn_node)) = self.string(node, "inferenceProfileArn")? {
            let (region, _, _) = self.arn(arn, arn_node)?;
            if let Some(region) = region {
                self.regions.push((region, arn_node.span.clone()));
            }
        }
        let system_defined = self
            .string(node, "type")?
            .is_none_or(|(t, _)| t == "SYSTEM_DEFINED");
        let models_node = field(node, "models").ok_or_else(|| {
            self.error(&node.span, &format!("profile `{id}` has no `models` array"))
        })?;
        let mut model: Option<(String, Range<usize>)> = None;
        let mut destinations = BTreeSet::new();
        let mut global_arn = false;
        for item in self.array(models_node, "`models`")? {
            let item = self.object(item, "an item of `models`")?;
            let (arn, arn_node) = self.required(item, "modelArn")?;
            let (region, kind, model_id) = self.arn(arn, arn_node)?;
            if kind != "foundation-model" {
                return Err(self.error(&arn_node.span, "expected a foundation-model ARN"));
            }
            match &model {
                Some((first, _)) if *first != model_id => {
                    return Err(self.error(
                        &arn_node.span,
                        &format!("profile `{id}` names two models: `{first}` and `{model_id}`"),
                    ))
                }
                Some(_) => {}
                None => model = Some((model_id, arn_node.span.clone())),
            }
            match region {
                Some(region) => {
                    destinations.insert(region);
                }
                None => global_arn = true,
            }
        }
        let Some((model, _)) = model else {
            return Err(self.error(&models_node.span, &format!("profile `{id}` lists no model")));
        };
        Ok(ApiProfile {
            id: id.to_string(),
            system_defined,
            description: self
                .string(node, "description")?
                .map(|(s, _)| s.to_string()),
            model,
            destinations,
            global_arn,
        })
    }

    /// The Region this file was listed from: `--region`, which the ARNs must
    /// agree with, or the ARNs' one Region.
    fn file_region(&self, flag: Option<&str>, root: &Node) -> Result<String> {
        let mut found: Option<&(String, Range<usize>)> = None;
        for entry in &self.regions {
            match (flag, found) {
                (Some(flag), _) if entry.0 != flag => {
                    return Err(RunError::at(
                        self.file,
                        entry.1.clone(),
                        format!("this ARN is in {}, but --region says {flag}", entry.0),
                        "here",
                    )
                    .with_help("one file per Region and call; pass --region only for files listed from that Region"));
                }
                (_, Some(first)) if first.0 != entry.0 => {
                    return Err(RunError::at(
                        self.file,
                        entry.1.clone(),
                        format!("this file mixes Regions: {} and {}", first.0, entry.0),
                        "here",
                    )
                    .with_help("one file per Region and call"));
                }
                (_, None) => found = Some(entry),
                _ => {}
            }
        }
        match (flag, found) {
            (Some(flag), _) => Ok(flag.to_string()),
            (None, Some((region, _))) => Ok(region.clone()),
            (None, None) => Err(RunError::at(
                self.file,
                root.span.start..root.span.start,
                "cannot tell which Region this file was listed from: no ARN names one".to_string(),
                "here",
            )
            .with_help("pass --region R (the Region given to the AWS CLI)")),
        }
    }
}

/// The catalog features a model listing states, each with the API field it
/// is read from. Only what the field says is taken:
/// - `streaming`: `responseStreamingSupported`;
/// - `fine-tuning`: `customizationsSupported` holds FINE_TUNING or
///   CONTINUED_PRE_TRAINING (supported) or is empty (not supported); a list
///   of other customizations (DISTILLATION) says nothing about it;
/// - `vision`: for a model that outputs text, whether `inputModalities`
///   holds IMAGE; image input to an embedding or image model is not vision.
fn api_features(
    streaming: Option<bool>,
    customizations: Option<Vec<String>>,
    input: Option<Vec<String>>,
    output: Option<Vec<String>>,
) -> Vec<(&'static str, &'static str, bool)> {
    let has = |list: &[String], value: &str| list.iter().any(|v| v == value);
    let mut facts = Vec::new();
    if let Some(value) = streaming {
        facts.push(("streaming", "responseStreamingSupported", value));
    }
    if let Some(list) = customizations {
        let tuning = has(&list, "FINE_TUNING") || has(&list, "CONTINUED_PRE_TRAINING");
        if tuning || list.is_empty() {
            facts.push(("fine-tuning", "customizationsSupported", tuning));
        }
    }
    if let (Some(input), Some(output)) = (input, output) {
        if has(&output, "TEXT") {
            facts.push(("vision", "inputModalities", has(&input, "IMAGE")));
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::catalog::import::fixture_base;

    /// What `aws bedrock list-foundation-models --region us-west-2` prints,
    /// cut to two models.
    const MODELS: &str = r#"{
    "modelSummaries": [
        {
            "modelArn": "arn:aws:bedrock:us-west-2::foundation-model/acme.main-v1:0",
            "modelId": "acme.main-v1:0",
            "modelName": "Acme Main",
            "providerName": "Acme",
            "inputModalities": ["TEXT", "IMAGE"],
            "outputModalities": ["TEXT"],
            "responseStreamingSupported": true,
            "customizationsSupported": [],
            "inferenceTypesSupported": ["INFERENCE_PROFILE"],
            "modelLifecycle": {
                "status": "LEGACY",
                "legacyTime": "2026-04-28T00:00:00+00:00",
                "endOfLifeTime": "2027-01-15T00:00:00Z"
            }
        },
        {
            "modelArn": "arn:aws:bedrock:us-west-2::foundation-model/acme.embed-v1:0",
            "modelId": "acme.embed-v1:0",
            "modelName": "Acme Embed",
            "providerName": "Acme",
            "inputModalities": ["TEXT", "IMAGE"],
            "outputModalities": ["EMBEDDING"],
            "responseStreamingSupported": null,
            "customizationsSupported": ["DISTILLATION"],
            "inferenceTypesSupported": ["ON_DEMAND"],
            "modelLifecycle": {"status": "ACTIVE"}
        }
    ]
}
"#;

    /// What `aws bedrock list-inference-profiles --region us-east-1` prints:
    /// a system profile routing to two Regions, and an account's own.
    const PROFILES: &str = r#"{
    "inferenceProfileSummaries": [
        {
            "inferenceProfileName": "US Acme Main",
            "description": "Routes requests to Acme Main in us-east-1 and us-west-2.",
            "inferenceProfileArn": "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.acme.main-v1:0",
            "models": [
                {"modelArn": "arn:aws:bedrock:us-east-1::foundation-model/acme.main-v1:0"},
                {"modelArn": "arn:aws:bedrock:us-west-2::foundation-model/acme.main-v1:0"}
            ],
            "inferenceProfileId": "us.acme.main-v1:0",
            "status": "ACTIVE",
            "type": "SYSTEM_DEFINED"
        },
        {
            "inferenceProfileArn": "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
            "models": [
                {"modelArn": "arn:aws:bedrock:us-east-1::foundation-model/acme.main-v1:0"}
            ],
            "inferenceProfileId": "abc123",
            "type": "APPLICATION"
        }
    ],
    "nextToken": "page-2"
}
"#;

    fn read(name: &str, text: &str, region: Option<&str>) -> Result<InputFile> {
        decode_input(&fixture_base(), SourceFile::new(name, text), region)
    }

    fn date(text: &str) -> Date {
        text.parse().expect("a date")
    }

    #[test]
    fn a_model_listing_gives_each_model_its_facts_and_the_region_of_its_arns() {
        let input = read("models.json", MODELS, None).expect("a valid listing");
        assert_eq!(input.region, "us-west-2");
        assert!(input.has_models_key && !input.has_profiles_key && !input.partial);
        let [main, embed] = input.models.as_slice() else {
            panic!("two models: {:?}", input.models);
        };
        assert_eq!(main.id, "acme.main-v1:0");
        assert_eq!(main.name.as_deref(), Some("Acme Main"));
        assert_eq!(main.provider.as_deref(), Some("Acme"));
        assert_eq!(
            main.inference_types.as_deref(),
            Some(&["INFERENCE_PROFILE".to_string()][..])
        );
        assert_eq!(
            main.features,
            [
                ("streaming", "responseStreamingSupported", true),
                ("fine-tuning", "customizationsSupported", false),
                ("vision", "inputModalities", true),
            ]
        );
        assert_eq!(
            main.lifecycle,
            Some(ApiLifecycle {
                status: Some(StatedStatus::Legacy),
                legacy: Some(date("2026-04-28")),
                public_extended_access: None,
                end_of_life: Some(date("2027-01-15")),
            })
        );
        // null streaming says nothing; DISTILLATION says nothing about
        // fine-tuning; image input to an embedding model is not vision.
        assert!(embed.features.is_empty(), "{:?}", embed.features);
        assert_eq!(
            embed.lifecycle.map(|l| l.status),
            Some(Some(StatedStatus::Active))
        );
    }

    #[test]
    fn a_profile_listing_gives_destinations_and_marks_one_page_as_partial() {
        let input = read("profiles.json", PROFILES, None).expect("a valid listing");
        assert_eq!(input.region, "us-east-1");
        assert!(input.has_profiles_key && !input.has_models_key);
        assert!(input.partial, "a nextToken means one page");
        let [system, application] = input.profiles.as_slice() else {
            panic!("two profiles: {:?}", input.profiles);
        };
        assert_eq!(system.id, "us.acme.main-v1:0");
        assert!(system.system_defined);
        assert_eq!(system.model, "acme.main-v1:0");
        assert_eq!(
            system.destinations.iter().collect::<Vec<_>>(),
            ["us-east-1", "us-west-2"]
        );
        assert!(!system.global_arn);
        assert!(!application.system_defined);
    }

    #[test]
    fn a_bare_array_is_read_as_the_listing_its_items_are() {
        // What `--query modelSummaries` prints.
        let start = MODELS.find('[').expect("an array");
        let end = MODELS.rfind(']').expect("an array");
        let models = &MODELS[start..=end];
        let input = read("bare.json", models, None).expect("a bare array of models");
        assert!(input.has_models_key);
        assert_eq!(input.models.len(), 2);
    }

    #[test]
    fn a_bad_field_is_an_error_at_its_value() {
        let text = MODELS.replace(
            "\"responseStreamingSupported\": true",
            "\"responseStreamingSupported\": \"yes\"",
        );
        let err = read("models.json", &text, None).expect_err("a string is not a boolean");
        assert!(
            err.message().ends_with(
                "models.json:10:43: `responseStreamingSupported` must be a boolean, found a string"
            ),
            "{}",
            err.message()
        );
    }

    #[test]
    fn an_arn_in_another_region_than_the_flag_is_an_error_at_the_arn() {
        let err = read("models.json", MODELS, Some("us-east-1")).expect_err("Regions disagree");
        assert!(
            err.message().ends_with(
                "models.json:4:25: this ARN is in us-west-2, but --region says us-east-1"
            ),
            "{}",
            err.message()
        );
    }
}
