//! `modelgate catalog import FILE… --out DIR`: turn what `aws bedrock
//! list-foundation-models` and `aws bedrock list-inference-profiles` print
//! (one file per Region and call) into a catalog folder that `--catalog`
//! accepts, merged with the facts of a base catalog that the API does not
//! carry (lifecycle dates it omits, features, limits, boundaries, prefixes).
//!
//! What the API says wins for the Regions imported; everything else is kept
//! from the base and says so in `notes`. modelgate calls no API: the user runs
//! the AWS CLI in their own account and hands us its output.
//!
//! Nothing is written unless every input file is valid: the folder is built
//! in a temporary sibling, loaded back (so it passes the same consistency
//! checks as any `--catalog`), and only then renamed into place.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::error::{did_you_mean, Result, RunError};
use crate::source::SourceFile;
use crate::syntax::tree::{parse_json, Node, NodeValue};

use super::browse::Mode;
use super::schema::*;
use super::Catalog;

pub struct ImportOptions {
    pub files: Vec<PathBuf>,
    pub out: PathBuf,
    pub region: Option<String>,
    pub today: Date,
    pub force: bool,
}

const LIST_MODELS: &str = "aws bedrock list-foundation-models";
const LIST_PROFILES: &str = "aws bedrock list-inference-profiles";

/// One input file, decoded.
struct InputFile {
    file: SourceFile,
    region: String,
    /// A `nextToken` was present: this is one page, not the whole listing,
    /// so absence from it proves nothing.
    partial: bool,
    models: Vec<ApiModel>,
    profiles: Vec<ApiProfile>,
    has_models_key: bool,
    has_profiles_key: bool,
}

struct ApiModel {
    id: String,
    name: Option<String>,
    provider: Option<String>,
    /// `None`: the field is absent (older outputs).
    inference_types: Option<Vec<String>>,
    /// Feature facts the listing states, as (feature, API field, value).
    features: Vec<(&'static str, &'static str, bool)>,
    lifecycle: Option<ApiLifecycle>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct ApiLifecycle {
    status: Option<StatedStatus>,
    legacy: Option<Date>,
    public_extended_access: Option<Date>,
    end_of_life: Option<Date>,
}

struct ApiProfile {
    id: String,
    system_defined: bool,
    description: Option<String>,
    model: String,
    destinations: BTreeSet<String>,
    global_arn: bool,
}

/// What the import did, for the person who ran it.
#[derive(Default)]
pub struct Summary {
    pub lines: Vec<String>,
    pub warnings: Vec<String>,
}

pub fn run(base: &Catalog, options: &ImportOptions, out: &mut dyn Write) -> Result<()> {
    if options.files.is_empty() {
        return Err(RunError::plain("no input file given"));
    }
    if let Some(region) = &options.region {
        check_region_flag(base, region)?;
    }
    let target = &options.out;
    if target.exists() && !options.force {
        let empty = target.is_dir()
            && std::fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            return Err(
                RunError::plain(format!("{} already exists", target.display()))
                    .with_help("pass --force to replace it, or choose another --out folder"),
            );
        }
    }
    let inputs = options
        .files
        .iter()
        .map(|path| read_input(base, path, options.region.as_deref()))
        .collect::<Result<Vec<_>>>()?;
    let mut summary = Summary::default();
    let merged = merge(base, &inputs, options.today, &mut summary);
    write_catalog(&merged, target, options.force)?;
    for line in &summary.lines {
        writeln!(out, "{line}")?;
    }
    for warning in &summary.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    writeln!(
        out,
        "wrote {}: {} models, {} profiles; catalog as of {}",
        target.display(),
        merged.models.len(),
        merged.profiles.len(),
        options.today
    )?;
    Ok(())
}

fn check_region_flag(base: &Catalog, region: &str) -> Result<()> {
    if base.region(region).is_some() {
        return Ok(());
    }
    let err = RunError::plain(format!("--region {region}: not a Region the catalog knows"));
    Err(
        match did_you_mean(region, base.regions().map(|r| r.code.as_str())) {
            Some(near) => err.with_help(format!("did you mean `{near}`?")),
            None => err
                .with_help("add the Region to regions.json of the base catalog (--catalog) first"),
        },
    )
}

// --- reading ----------------------------------------------------------------

fn read_input(base: &Catalog, path: &Path, region_flag: Option<&str>) -> Result<InputFile> {
    let bytes = std::fs::read(path)
        .map_err(|err| RunError::plain(format!("cannot read {}: {err}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| RunError::plain(format!("{} is not valid UTF-8", path.display())))?;
    let file = SourceFile::new(path, text);
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
        NodeValue::Table(_) => {
            if let Some(list) = field(&root, "modelSummaries") {
                input.has_models_key = true;
                for item in reader.array(list, "`modelSummaries`")? {
                    input.models.push(reader.model(item)?);
                }
            }
            if let Some(list) = field(&root, "inferenceProfileSummaries") {
                input.has_profiles_key = true;
                for item in reader.array(list, "`inferenceProfileSummaries`")? {
                    input.profiles.push(reader.profile(item)?);
                }
            }
            if !input.has_models_key && !input.has_profiles_key {
                return Err(reader.error(
                    &root.span,
                    "neither `modelSummaries` nor `inferenceProfileSummaries` is here",
                ));
            }
            if let Some(token) = field(&root, "nextToken") {
                input.partial = matches!(&token.value, NodeValue::String(s) if !s.is_empty());
            }
        }
        // A bare array of summaries (what `--query modelSummaries` prints).
        NodeValue::Array(items) => {
            let first = items.first();
            if first.is_some_and(|n| field(n, "inferenceProfileId").is_some()) {
                input.has_profiles_key = true;
                for item in items {
                    input.profiles.push(reader.profile(item)?);
                }
            } else if first.is_none_or(|n| field(n, "modelId").is_some()) {
                input.has_models_key = true;
                for item in items {
                    input.models.push(reader.model(item)?);
                }
            } else {
                return Err(reader.error(
                    &root.span,
                    "an array whose items are neither model summaries (`modelId`) nor inference profile summaries (`inferenceProfileId`)",
                ));
            }
        }
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

struct Reader<'a> {
    base: &'a Catalog,
    file: &'a SourceFile,
    /// Regions named by the ARNs that identify the calling Region, with where.
    regions: Vec<(String, Range<usize>)>,
}

impl Reader<'_> {
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
        let list = match field(node, key) {
            None
            | Some(Node {
                value: NodeValue::Null,
                ..
            }) => return Ok(None),
            Some(list) => list,
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
        let streaming = match field(node, "responseStreamingSupported") {
            None
            | Some(Node {
                value: NodeValue::Null,
                ..
            }) => None,
            Some(Node {
                value: NodeValue::Bool(b),
                ..
            }) => Some(*b),
            Some(n) => {
                return Err(self.error(
                    &n.span,
                    &format!(
                        "`responseStreamingSupported` must be a boolean, found {}",
                        n.value.type_name()
                    ),
                ))
            }
        };
        let features = api_features(
            streaming,
            self.string_list(node, "customizationsSupported")?,
            self.string_list(node, "inputModalities")?,
            self.string_list(node, "outputModalities")?,
        );
        let lifecycle = match field(node, "modelLifecycle") {
            None
            | Some(Node {
                value: NodeValue::Null,
                ..
            }) => None,
            Some(lc) => {
                let lc = self.object(lc, "`modelLifecycle`")?;
                let (status, status_node) = self.required(lc, "status")?;
                let status = match status {
                    "ACTIVE" => Some(StatedStatus::Active),
                    "LEGACY" => Some(StatedStatus::Legacy),
                    _ => {
                        return Err(self.error(
                            &status_node.span,
                            &format!(
                                "`modelLifecycle.status` `{status}` is neither ACTIVE nor LEGACY"
                            ),
                        ))
                    }
                };
                Some(ApiLifecycle {
                    status,
                    legacy: self.timestamp(lc, "legacyTime")?,
                    public_extended_access: self.timestamp(lc, "publicExtendedAccessTime")?,
                    end_of_life: self.timestamp(lc, "endOfLifeTime")?,
                })
            }
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

// --- merging ----------------------------------------------------------------

/// The files of the catalog to write.
struct Merged {
    meta: CatalogMeta,
    regions: RegionsFile,
    prefixes: PrefixesFile,
    features: FeaturesFile,
    models: BTreeMap<String, Model>,
    profiles: BTreeMap<String, Profile>,
}

fn describe(call: &str, region: &str, files: &[&SourceFile]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display_path()).collect();
    format!(
        "{call} ({region}), file{} {}",
        if names.len() == 1 { "" } else { "s" },
        names.join(", ")
    )
}

/// "call (r1), file a; call (r2), file b" for the Regions in `regions`.
fn describe_regions(
    call: &str,
    regions: &BTreeSet<&str>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
) -> String {
    regions
        .iter()
        .map(|r| {
            describe(
                call,
                r,
                files.get(*r).map(Vec::as_slice).unwrap_or_default(),
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the imported files list, per Region.
#[derive(Default)]
struct Listings<'i> {
    model_files: BTreeMap<String, Vec<&'i SourceFile>>,
    profile_files: BTreeMap<String, Vec<&'i SourceFile>>,
    models: BTreeMap<String, BTreeMap<String, &'i ApiModel>>,
    profiles: BTreeMap<String, BTreeMap<String, &'i ApiProfile>>,
    /// Regions with a complete listing (not one page of it): what such a
    /// listing omits is not offered there.
    complete_models: BTreeSet<String>,
    complete_profiles: BTreeSet<String>,
}

impl<'i> Listings<'i> {
    /// Indexes the files by Region and call; says in the summary what each
    /// file held and which Regions were listed only in part.
    fn collect(inputs: &'i [InputFile], summary: &mut Summary) -> Self {
        let mut listings = Self::default();
        let mut partial_models: BTreeSet<String> = BTreeSet::new();
        let mut partial_profiles: BTreeSet<String> = BTreeSet::new();
        for input in inputs {
            let region = &input.region;
            if input.has_models_key {
                listings.add_models(input);
                if input.partial {
                    partial_models.insert(region.clone());
                } else {
                    listings.complete_models.insert(region.clone());
                }
            }
            if input.has_profiles_key {
                let system = listings.add_profiles(input, summary);
                if input.partial {
                    partial_profiles.insert(region.clone());
                } else if system > 0 {
                    listings.complete_profiles.insert(region.clone());
                } else {
                    summary.warnings.push(format!(
                        "{}: no system-defined profile in it, so it is not read as the complete list of {region} (was it listed with --type-equals APPLICATION?)",
                        input.file.display_path()
                    ));
                }
            }
            summary.lines.push(format!(
                "{}: {region}, {}",
                input.file.display_path(),
                match (input.has_models_key, input.has_profiles_key) {
                    (true, true) => format!(
                        "{} models, {} profiles",
                        input.models.len(),
                        input.profiles.len()
                    ),
                    (true, false) => plural(input.models.len(), "model"),
                    _ => plural(input.profiles.len(), "profile"),
                }
            ));
        }
        // A complete listing from another file of the same Region wins over a
        // page: the Region is complete if any of its files is.
        for region in partial_models.difference(&listings.complete_models) {
            summary.warnings.push(format!(
                "the model listing of {region} carries a `nextToken` (one page only): models absent from it keep their {region} facts"
            ));
        }
        for region in partial_profiles.difference(&listings.complete_profiles) {
            summary.warnings.push(format!(
                "the profile listing of {region} carries a `nextToken` (one page only): profiles absent from it keep their {region} routing"
            ));
        }
        listings
    }

    fn add_models(&mut self, input: &'i InputFile) {
        let region = &input.region;
        self.model_files
            .entry(region.clone())
            .or_default()
            .push(&input.file);
        let map = self.models.entry(region.clone()).or_default();
        for m in &input.models {
            map.insert(m.id.clone(), m);
        }
    }

    /// Adds the system-defined profiles of `input`; returns how many.
    fn add_profiles(&mut self, input: &'i InputFile, summary: &mut Summary) -> usize {
        let region = &input.region;
        self.profile_files
            .entry(region.clone())
            .or_default()
            .push(&input.file);
        let map = self.profiles.entry(region.clone()).or_default();
        let mut system = 0;
        for p in input.profiles.iter().filter(|p| p.system_defined) {
            system += 1;
            map.insert(p.id.clone(), p);
        }
        let skipped = input.profiles.len() - system;
        if skipped > 0 {
            summary.lines.push(format!(
                "{}: {skipped} application inference profile{} skipped (account-specific; not catalog facts)",
                input.file.display_path(),
                if skipped == 1 { "" } else { "s" }
            ));
        }
        system
    }

    /// How `id` is offered in each imported Region: `Some(mode)` offered
    /// that way, `None` not offered on demand (or absent from a complete
    /// listing); a Region that taught nothing is left out. Also the API's
    /// lifecycle and feature facts, and the first listing of the model.
    fn model_facts(&self, id: &str) -> ModelFacts<'_, 'i> {
        let mut facts = ModelFacts::default();
        for (region, map) in &self.models {
            match map.get(id) {
                Some(m) => {
                    facts.first = facts.first.or(Some(m));
                    facts.placement.insert(region, placement_of(m));
                    if let Some(lc) = m.lifecycle {
                        facts.lifecycle.insert(region, lc);
                    }
                    for &(feature, api_field, value) in &m.features {
                        facts
                            .features
                            .entry(feature)
                            .or_insert_with(|| (api_field, BTreeMap::new()))
                            .1
                            .insert(region, value);
                    }
                }
                None if self.complete_models.contains(region) => {
                    facts.placement.insert(region, None);
                }
                None => {}
            }
        }
        facts
    }

    /// Per imported source Region: the listing of profile `id`, or `None`
    /// where a complete listing omits it.
    fn routes(&self, id: &str) -> BTreeMap<&str, Option<&'i ApiProfile>> {
        let mut routes = BTreeMap::new();
        for (region, map) in &self.profiles {
            match map.get(id) {
                Some(p) => {
                    routes.insert(region.as_str(), Some(*p));
                }
                None if self.complete_profiles.contains(region) => {
                    routes.insert(region.as_str(), None);
                }
                None => {}
            }
        }
        routes
    }
}

#[derive(Default)]
struct ModelFacts<'l, 'i> {
    placement: BTreeMap<&'l str, Option<Mode>>,
    lifecycle: BTreeMap<&'l str, ApiLifecycle>,
    /// feature → (API field, value per Region).
    features: BTreeMap<&'static str, (&'static str, BTreeMap<&'l str, bool>)>,
    first: Option<&'i ApiModel>,
}

/// How a listing says a model is offered: `inferenceTypesSupported` holds
/// ON_DEMAND (in-Region), INFERENCE_PROFILE only (profile-only), neither
/// (provisioned throughput only: `None`), or is missing (mode unknown).
fn placement_of(m: &ApiModel) -> Option<Mode> {
    match &m.inference_types {
        None => Some(Mode::ModeUnknown),
        Some(types) if types.iter().any(|t| t == "ON_DEMAND") => Some(Mode::InRegion),
        Some(types) if types.iter().any(|t| t == "INFERENCE_PROFILE") => Some(Mode::ProfileOnly),
        Some(_) => None,
    }
}

fn merge(base: &Catalog, inputs: &[InputFile], today: Date, summary: &mut Summary) -> Merged {
    let listings = Listings::collect(inputs, summary);
    let mut models: BTreeMap<String, Model> = base.models.clone();
    let new_models = merge_models(&listings, &mut models, today, summary);
    let mut profiles: BTreeMap<String, Profile> = base.profiles.clone();
    let new_profiles = merge_profiles(base, &listings, &models, &mut profiles, today, summary);
    summary.lines.push(format!(
        "merged with the {} catalog (as of {}): {new_models} new model{}, {new_profiles} new profile{}",
        base.origin,
        base.as_of(),
        if new_models == 1 { "" } else { "s" },
        if new_profiles == 1 { "" } else { "s" },
    ));
    Merged {
        meta: CatalogMeta {
            schema: base.meta.schema,
            as_of: today,
            sources: import_sources(base, inputs, today),
        },
        regions: RegionsFile {
            regions: base.regions.values().cloned().collect(),
            boundaries: base.boundaries.clone(),
        },
        prefixes: PrefixesFile {
            prefixes: base.prefixes.clone(),
        },
        features: FeaturesFile {
            features: base.features.clone(),
        },
        models,
        profiles,
    }
}

/// Regions, lifecycle and API-stated features of every model, and the models only the
/// listings know; returns how many of those were added.
fn merge_models(
    listings: &Listings<'_>,
    models: &mut BTreeMap<String, Model>,
    today: Date,
    summary: &mut Summary,
) -> usize {
    let mut provisioned_only = 0usize;
    let mut new_models = 0usize;
    let all_ids: BTreeSet<String> = models
        .keys()
        .cloned()
        .chain(listings.models.values().flat_map(|m| m.keys().cloned()))
        .collect();
    for id in &all_ids {
        let facts = listings.model_facts(id);
        let is_new = !models.contains_key(id);
        if is_new {
            let Some(api) = facts.first else { continue };
            if facts.placement.values().all(Option::is_none) {
                // Provisioned-throughput variants (`…:0:200k`) and models with
                // no on-demand use: nothing a manifest can call by this id.
                provisioned_only += 1;
                continue;
            }
            new_models += 1;
            let regions: BTreeSet<&str> = facts.placement.keys().copied().collect();
            models.insert(id.clone(), new_model(id, api, &regions, listings));
        }
        let Some(model) = models.get_mut(id) else {
            continue;
        };
        let files = &listings.model_files;
        apply_regions(model, &facts.placement, files, today, is_new);
        apply_lifecycle(model, &facts.lifecycle, files, today, summary);
        for (feature, (api_field, values)) in &facts.features {
            apply_api_feature(model, feature, api_field, values, files);
        }
    }
    if provisioned_only > 0 {
        summary.lines.push(format!(
            "{provisioned_only} model id{} with no on-demand or profile use (provisioned-throughput variants such as `…:0:200k`) skipped",
            if provisioned_only == 1 { "" } else { "s" }
        ));
    }
    new_models
}

/// A model the base catalog lacks, as the listings of `regions` describe it
/// (its Regions, lifecycle and features are applied after).
fn new_model(id: &str, api: &ApiModel, regions: &BTreeSet<&str>, listings: &Listings<'_>) -> Model {
    let (provider, mut notes) = match &api.provider {
        Some(p) => (p.clone(), Vec::new()),
        None => (
            id.split('.').next().unwrap_or(id).to_string(),
            vec![
                "the API gave no providerName: the provider is the first part of the id"
                    .to_string(),
            ],
        ),
    };
    notes.push(format!(
        "imported: not in the base catalog; only what {} lists is known",
        describe_regions(LIST_MODELS, regions, &listings.model_files)
    ));
    Model {
        id: id.to_string(),
        provider,
        name: api.name.clone().unwrap_or_else(|| id.to_string()),
        family: None,
        generation: None,
        regions: None,
        lifecycle: Vec::new(),
        replacement: None,
        features: BTreeMap::new(),
        limits: Limits::default(),
        notes,
    }
}

/// The routing of every profile, and the system profiles only the listings
/// know (when the base catalog knows their prefix and model); returns how
/// many of those were added.
fn merge_profiles(
    base: &Catalog,
    listings: &Listings<'_>,
    models: &BTreeMap<String, Model>,
    profiles: &mut BTreeMap<String, Profile>,
    today: Date,
    summary: &mut Summary,
) -> usize {
    let mut new_profiles = 0usize;
    let all_profiles: BTreeSet<String> = profiles
        .keys()
        .cloned()
        .chain(listings.profiles.values().flat_map(|m| m.keys().cloned()))
        .collect();
    for id in &all_profiles {
        let routes = listings.routes(id);
        if !profiles.contains_key(id) {
            let Some(api) = routes.values().flatten().next().copied() else {
                continue;
            };
            let Some(profile) = new_profile(base, id, api, &routes, models, summary) else {
                continue;
            };
            new_profiles += 1;
            profiles.insert(id.clone(), profile);
        }
        let Some(profile) = profiles.get_mut(id) else {
            continue;
        };
        apply_routing(
            base,
            profile,
            &routes,
            &listings.profile_files,
            today,
            summary,
        );
    }
    new_profiles
}

/// A profile the base catalog lacks, or `None` (with a warning) when its
/// prefix or its model is unknown.
fn new_profile(
    base: &Catalog,
    id: &str,
    api: &ApiProfile,
    routes: &BTreeMap<&str, Option<&ApiProfile>>,
    models: &BTreeMap<String, Model>,
    summary: &mut Summary,
) -> Option<Profile> {
    let prefix = id.split_once('.').map(|(p, _)| p).unwrap_or_default();
    if base.prefix(prefix).is_none() {
        summary.warnings.push(format!(
            "profile `{id}` skipped: its prefix `{prefix}` is not in the base catalog's prefixes.json (add it, with its scope, and import again with --catalog)"
        ));
        return None;
    }
    if !models.contains_key(&api.model) {
        summary.warnings.push(format!(
            "profile `{id}` skipped: its model `{}` is in no imported model listing and not in the base catalog (import `{LIST_MODELS}` for a Region that lists it)",
            api.model
        ));
        return None;
    }
    let sources: Vec<&str> = routes
        .iter()
        .filter(|(_, p)| p.is_some())
        .map(|(r, _)| *r)
        .collect();
    Some(Profile {
        id: id.to_string(),
        prefix: prefix.to_string(),
        model: api.model.clone(),
        routing: Some(BTreeMap::new()),
        source: String::new(),
        as_of: None,
        notes: vec![format!(
            "imported: not in the base catalog; only the source Regions imported ({}) are known",
            sources.join(", ")
        )],
        disputes: Vec::new(),
    })
}

/// The base catalog's sources plus one per imported file, labelled
/// `import-REGION-CALL` (numbered when a Region has several files).
fn import_sources(
    base: &Catalog,
    inputs: &[InputFile],
    today: Date,
) -> BTreeMap<String, SourceRef> {
    let mut sources = base.meta.sources.clone();
    for input in inputs {
        let call = if input.has_models_key {
            "list-foundation-models"
        } else {
            "list-inference-profiles"
        };
        let stem = format!("import-{}-{call}", input.region);
        let mut label = stem.clone();
        let mut n = 2;
        while sources.contains_key(&label) {
            label = format!("{stem}-{n}");
            n += 1;
        }
        sources.insert(
            label,
            SourceRef {
                url: format!("file:{}", input.file.display_path()),
                date: Some(today.to_string()),
            },
        );
    }
    sources
}

fn remove_region(list: &mut Vec<String>, region: &str) {
    list.retain(|r| r != region);
}

fn apply_regions(
    model: &mut Model,
    placement: &BTreeMap<&str, Option<Mode>>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
    today: Date,
    is_new: bool,
) {
    if placement.is_empty() || (model.regions.is_none() && placement.values().all(Option::is_none))
    {
        return;
    }
    let imported: BTreeSet<&str> = placement.keys().copied().collect();
    let source = describe_regions(LIST_MODELS, &imported, files);
    let regions = model.regions.get_or_insert_with(|| ModelRegions {
        source: String::new(),
        notes: if is_new {
            Vec::new()
        } else {
            vec!["the base catalog knew none of this model's Regions: only the imported Regions are known".to_string()]
        },
        ..ModelRegions::default()
    });
    let before: BTreeSet<String> = regions
        .in_region
        .iter()
        .chain(&regions.profile_only)
        .chain(&regions.mode_unknown)
        .cloned()
        .collect();
    let listed_somewhere = placement.values().any(Option::is_some);
    let lost_some = placement.keys().any(|r| before.contains(*r));
    if !listed_somewhere && !lost_some {
        // Absent from every imported listing, and not offered there before
        // either: the import says nothing new about this model.
        return;
    }
    let kept: Vec<&String> = before
        .iter()
        .filter(|r| !imported.contains(r.as_str()))
        .collect();
    if !kept.is_empty() && !regions.source.is_empty() {
        let note = format!(
            "Regions not imported ({}) kept from {}{}",
            kept.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            regions.source,
            regions
                .as_of
                .as_ref()
                .map(|d| format!(" (as of {d})"))
                .unwrap_or_default()
        );
        regions.notes.push(note);
    }
    for (region, mode) in placement {
        remove_region(&mut regions.in_region, region);
        remove_region(&mut regions.profile_only, region);
        remove_region(&mut regions.mode_unknown, region);
        match mode {
            Some(Mode::InRegion) => regions.in_region.push(region.to_string()),
            Some(Mode::ProfileOnly) => regions.profile_only.push(region.to_string()),
            Some(Mode::ModeUnknown) => regions.mode_unknown.push(region.to_string()),
            None => {}
        }
    }
    for list in [
        &mut regions.in_region,
        &mut regions.profile_only,
        &mut regions.mode_unknown,
    ] {
        list.sort();
    }
    let not_on_demand: Vec<&str> = placement
        .iter()
        .filter(|(r, m)| m.is_none() && before.contains(**r))
        .map(|(r, _)| *r)
        .collect();
    if !not_on_demand.is_empty() {
        regions.notes.push(format!(
            "not listed for on-demand or profile use in {} by the import",
            not_on_demand.join(", ")
        ));
    }
    regions.source = source;
    regions.as_of = Some(today.to_string());
}

fn apply_lifecycle(
    model: &mut Model,
    api_rows: &BTreeMap<&str, ApiLifecycle>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
    today: Date,
    summary: &mut Summary,
) {
    if api_rows.is_empty() {
        return;
    }
    // Per Region: the row to write, and the base row its dates came from.
    let mut groups: BTreeMap<(ApiLifecycle, Option<String>), BTreeSet<&str>> = BTreeMap::new();
    for (region, api) in api_rows {
        let base_row = model.lifecycle_in(region);
        let mut row = *api;
        let mut borrowed = None;
        let api_dated = api.legacy.is_some()
            || api.public_extended_access.is_some()
            || api.end_of_life.is_some();
        if let Some(base_row) = base_row.filter(|_| !api_dated) {
            let base_dated = base_row.legacy.is_some()
                || base_row.public_extended_access.is_some()
                || base_row.end_of_life.is_some();
            // The API states no dates: keep the base's dates unless they
            // contradict the status the API reports today.
            let contradicts = api.status == Some(StatedStatus::Active)
                && base_row.status_on(today) != LifecycleStatus::Active;
            if base_dated && !contradicts {
                row.legacy = base_row.legacy;
                row.public_extended_access = base_row.public_extended_access;
                row.end_of_life = base_row.end_of_life;
                borrowed = Some(format!("dates from {}", base_row.source));
            } else if base_dated {
                summary.warnings.push(format!(
                    "`{}` in {region}: the API says ACTIVE, the base catalog dates it legacy or past end of life ({}): the API is kept",
                    model.id, base_row.source
                ));
                borrowed = Some(format!(
                    "conflict: the base catalog dated this Region {} ({}); the API said ACTIVE on {today}: the API is kept",
                    describe_dates(base_row),
                    base_row.source
                ));
            }
        } else if let Some(base_row) = base_row {
            if (base_row.legacy, base_row.end_of_life) != (api.legacy, api.end_of_life)
                && (base_row.legacy.is_some() || base_row.end_of_life.is_some())
            {
                borrowed = Some(format!(
                    "the base catalog said {} ({}); the API's dates are kept",
                    describe_dates(base_row),
                    base_row.source
                ));
            }
        }
        groups.entry((row, borrowed)).or_default().insert(region);
    }
    for row in &mut model.lifecycle {
        row.regions.retain(|r| !api_rows.contains_key(r.as_str()));
    }
    model.lifecycle.retain(|row| !row.regions.is_empty());
    for ((api, note), regions) in groups {
        model.lifecycle.push(LifecycleRow {
            regions: regions.iter().map(|r| r.to_string()).collect(),
            status: api.status,
            legacy: api.legacy,
            public_extended_access: api.public_extended_access,
            end_of_life: api.end_of_life,
            source: describe_regions(LIST_MODELS, &regions, files),
            as_of: Some(today.to_string()),
            notes: note.into_iter().collect(),
            disputes: Vec::new(),
        });
    }
}

fn describe_dates(row: &LifecycleRow) -> String {
    row.dates().unwrap_or_else(|| "no dates".to_string())
}

/// A feature the listings state: taken when every imported Region says the
/// same (the API wins over the base catalog, and the conflict is noted);
/// left as it was, with a note, when Regions differ, since a per-Region
/// restriction would also speak for the Regions not imported.
fn apply_api_feature(
    model: &mut Model,
    feature: &str,
    api_field: &str,
    values: &BTreeMap<&str, bool>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
) {
    let distinct: BTreeSet<bool> = values.values().copied().collect();
    let regions: BTreeSet<&str> = values.keys().copied().collect();
    let source = describe_regions(LIST_MODELS, &regions, files);
    let said = |supported: bool| {
        if supported {
            "supported"
        } else {
            "not supported"
        }
    };
    let value = match (distinct.len(), distinct.first()) {
        (1, Some(&value)) => value,
        (2, _) => {
            model.notes.push(format!(
                "the import's {api_field} differs between Regions ({}): {feature} left as it was",
                values
                    .iter()
                    .map(|(r, v)| format!("{r}: {}", said(*v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return;
        }
        _ => return,
    };
    let note = match model.features.get(feature) {
        None => api_field.to_string(),
        Some(old) if old.supported != value => format!(
            "{api_field}; conflict: the base catalog said {} ({}): the API is kept",
            said(old.supported),
            old.source
        ),
        Some(_) => return,
    };
    model.features.insert(
        feature.to_string(),
        FeatureFact {
            supported: value,
            regions: None,
            profile_regions: None,
            source,
            notes: vec![note],
        },
    );
}

fn apply_routing(
    base: &Catalog,
    profile: &mut Profile,
    routes: &BTreeMap<&str, Option<&ApiProfile>>,
    files: &BTreeMap<String, Vec<&SourceFile>>,
    today: Date,
    summary: &mut Summary,
) {
    let touched: BTreeSet<&str> = routes
        .iter()
        .filter(|(region, api)| {
            api.is_some()
                || profile
                    .routing
                    .as_ref()
                    .is_some_and(|r| r.contains_key(**region))
        })
        .map(|(r, _)| *r)
        .collect();
    if touched.is_empty() {
        return;
    }
    let routing = profile.routing.get_or_insert_with(|| {
        profile
            .notes
            .push("the base catalog did not know this profile's routing: only the imported source Regions are known".to_string());
        BTreeMap::new()
    });
    let kept: Vec<String> = routing
        .keys()
        .filter(|r| !touched.contains(r.as_str()))
        .cloned()
        .collect();
    if !kept.is_empty() && !profile.source.is_empty() {
        profile.notes.push(format!(
            "routing from source Regions not imported ({}) kept from {}{}",
            kept.join(", "),
            profile.source,
            profile
                .as_of
                .as_ref()
                .map(|d| format!(" (as of {d})"))
                .unwrap_or_default()
        ));
    }
    let global_scope = base
        .prefix(&profile.prefix)
        .is_some_and(|p| p.scope == PrefixScope::Global);
    for region in &touched {
        match routes.get(region).copied().flatten() {
            Some(api) => {
                if api.model != profile.model {
                    summary.warnings.push(format!(
                        "profile `{}`: the API names the model `{}` where the base catalog had `{}`: the API is kept",
                        profile.id, api.model, profile.model
                    ));
                    profile.model = api.model.clone();
                }
                routing.insert(
                    region.to_string(),
                    api.destinations.iter().cloned().collect(),
                );
                if api.global_arn && !global_scope {
                    profile.notes.push(format!(
                        "from {region}, models[] holds a Region-less (global) foundation-model ARN, but the prefix `{}` is not global",
                        profile.prefix
                    ));
                }
                if let Some(described) = described_regions(base, api.description.as_deref()) {
                    if !api.global_arn && described != api.destinations {
                        profile.notes.push(format!(
                            "from {region}, the description names {} but models[] lists {}: models[] is used",
                            described.iter().cloned().collect::<Vec<_>>().join(", "),
                            api.destinations.iter().cloned().collect::<Vec<_>>().join(", ")
                        ));
                    }
                }
            }
            None => {
                routing.remove(*region);
                profile.notes.push(format!(
                    "not listed by {LIST_PROFILES} in {region}: it cannot be called from there (as of {today})"
                ));
            }
        }
    }
    profile.source = describe_regions(LIST_PROFILES, &touched, files);
    profile.as_of = Some(today.to_string());
}

/// The Region codes a profile description names ("Routes requests to … in
/// us-west-2, us-east-1 and us-east-2."), if it names any.
fn described_regions(base: &Catalog, description: Option<&str>) -> Option<BTreeSet<String>> {
    let set: BTreeSet<String> = description?
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| base.region(word).is_some())
        .map(str::to_string)
        .collect();
    (!set.is_empty()).then_some(set)
}

// --- writing ----------------------------------------------------------------

fn provider_file(id: &str) -> String {
    let stem: String = id
        .split('.')
        .next()
        .unwrap_or(id)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if stem.is_empty() {
        "other".to_string()
    } else {
        stem
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| RunError::plain(format!("cannot serialize the catalog: {e}")))
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .map_err(|err| RunError::plain(format!("cannot write {}: {err}", path.display())))
}

fn write_catalog(merged: &Merged, target: &Path, force: bool) -> Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|err| RunError::plain(format!("cannot create {}: {err}", parent.display())))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "catalog".to_string());
    let temp = parent.join(format!(".{name}.import-{}", std::process::id()));
    let result = write_into(merged, &temp).and_then(|()| {
        // The folder must load as any --catalog does, consistency checks included.
        Catalog::from_dir(&temp).map(|_| ())
    });
    if let Err(err) = result {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    let replace = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|err| {
            RunError::plain(format!(
                "cannot move {} to {}: {err}",
                from.display(),
                to.display()
            ))
        })
    };
    if target.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let moved = if force || target.is_dir() {
            replace(target, &old)
        } else {
            Err(RunError::plain(format!(
                "{} already exists",
                target.display()
            )))
        };
        if let Err(err) = moved.and_then(|()| replace(&temp, target)) {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(err);
        }
        let _ = if old.is_dir() {
            std::fs::remove_dir_all(&old)
        } else {
            std::fs::remove_file(&old)
        };
        return Ok(());
    }
    if let Err(err) = replace(&temp, target) {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    Ok(())
}

fn write_into(merged: &Merged, dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir.join("models"))
        .map_err(|err| RunError::plain(format!("cannot create {}: {err}", dir.display())))?;
    write_file(&dir.join("catalog.json"), &to_json(&merged.meta)?)?;
    write_file(&dir.join("regions.json"), &to_json(&merged.regions)?)?;
    write_file(&dir.join("prefixes.json"), &to_json(&merged.prefixes)?)?;
    write_file(&dir.join("features.json"), &to_json(&merged.features)?)?;
    let profiles = ProfilesFile {
        profiles: merged.profiles.values().cloned().collect(),
    };
    write_file(&dir.join("profiles.json"), &to_json(&profiles)?)?;
    let mut by_provider: BTreeMap<String, Vec<Model>> = BTreeMap::new();
    for model in merged.models.values() {
        by_provider
            .entry(provider_file(&model.id))
            .or_default()
            .push(model.clone());
    }
    for (provider, models) in by_provider {
        write_file(
            &dir.join("models").join(format!("{provider}.json")),
            &to_json(&ModelsFile { models })?,
        )?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
