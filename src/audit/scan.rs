//! The reference scanner: finds Bedrock model ids, inference-profile ids and
//! Bedrock ARNs in the raw bytes of any text file, at their exact spans.
//!
//! A file is first searched for a handful of literals (one Aho-Corasick
//! automaton: `provider.` for every provider the catalog knows, `:bedrock:`
//! and its URL-encoded form, and `modelgate:` for suppression comments);
//! only around those hits is a token read and checked. Providers and
//! geography prefixes come from the catalog, never from constants here.
//!
//! What a hit must look like to be reported, and what is deliberately left
//! out (first-party Anthropic ids, Vertex `@` ids, gateway `anthropic/…` ids,
//! method calls, hostnames, Java/Gradle coordinates, family prefixes in
//! `startswith`/`includes` checks), is spelled out at each check below.

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::catalog::Catalog;
use crate::error::{Result, RunError};
use crate::reference::ReferenceKind;

/// A reference as written in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte span in the file.
    pub span: Range<usize>,
    /// The characters at `span`.
    pub text: String,
    /// What modelgate parses: `%3A` decoded, template parts of an ARN
    /// replaced by placeholders (see [`Found::templated`]).
    pub normalized: String,
    /// The syntactic kind (what it looks like, even when malformed).
    pub kind: ReferenceKind,
    /// The Region an ARN names literally; `None` for ids, Region-less ARNs
    /// and templated Regions.
    pub arn_region: Option<String>,
    /// Some part of the ARN is a template (`${AWS::Region}` …).
    pub templated: bool,
}

/// An inline `modelgate: ignore[rule, …] -- reason` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub span: Range<usize>,
    /// The rules it names; empty for a bare `modelgate: ignore`, which is
    /// an error rather than a silent no-op.
    pub rules: Vec<String>,
    /// The text after `--`, trimmed; `None` when there is none.
    pub reason: Option<String>,
    /// The comment follows code on its line, so it covers that line only;
    /// a comment alone on its line covers the next one.
    pub trails_code: bool,
}

/// What one file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scanned {
    pub references: Vec<Found>,
    pub suppressions: Vec<Suppression>,
}

impl Scanned {
    pub fn is_empty(&self) -> bool {
        self.references.is_empty() && self.suppressions.is_empty()
    }
}

#[derive(Clone, Copy, Debug)]
enum Needle {
    Provider,
    /// `-v1:` …: the version of a Bedrock model id, whatever its provider
    /// (a provider the catalog does not know yet is still a reference).
    Version,
    Arn {
        encoded: bool,
    },
    Suppression,
}

/// The version literals of Bedrock's id shape (`provider.name-vN:M`).
const VERSIONS: [&str; 9] = [
    "-v1:", "-v2:", "-v3:", "-v4:", "-v5:", "-v6:", "-v7:", "-v8:", "-v9:",
];

/// Built once per run from the catalog; shared by every walker thread.
pub struct Scanner {
    automaton: AhoCorasick,
    needles: Vec<Needle>,
    /// Every id the catalog knows (models and profiles): a known id is always
    /// reported, even inside a prefix check.
    known_ids: HashSet<String>,
    /// A commercial Region code to stand in for a templated ARN Region.
    placeholder_region: String,
}

/// The literals the prefilter searches for, as `rg -F -e …` would take them
/// (used by `bench/audit.sh` through `modelgate audit --print-needles`).
pub fn needles(catalog: &Catalog) -> Vec<String> {
    let providers: std::collections::BTreeSet<&str> = catalog
        .models()
        .filter_map(|m| m.id.split_once('.').map(|(p, _)| p))
        .collect();
    let mut out: Vec<String> = providers.iter().map(|p| format!("{p}.")).collect();
    out.extend(
        [":bedrock:", "%3Abedrock%3A", "%3abedrock%3a", "modelgate:"]
            .iter()
            .map(|s| s.to_string()),
    );
    out.extend(VERSIONS.iter().map(|s| s.to_string()));
    out
}

impl Scanner {
    pub fn new(catalog: &Catalog) -> Result<Self> {
        let patterns = needles(catalog);
        let kinds = patterns
            .iter()
            .map(|p| match p.as_str() {
                ":bedrock:" => Needle::Arn { encoded: false },
                "%3Abedrock%3A" | "%3abedrock%3a" => Needle::Arn { encoded: true },
                "modelgate:" => Needle::Suppression,
                version if VERSIONS.contains(&version) => Needle::Version,
                _ => Needle::Provider,
            })
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&patterns)
            .map_err(|err| RunError::plain(format!("cannot build the reference scanner: {err}")))?;
        let known_ids = catalog
            .models()
            .map(|m| m.id.clone())
            .chain(catalog.profiles().map(|p| p.id.clone()))
            .collect();
        let placeholder_region = catalog
            .regions()
            .find(|r| r.commercial && r.code == "us-east-1")
            .or_else(|| catalog.regions().find(|r| r.commercial))
            .or_else(|| catalog.regions().next())
            .map(|r| r.code.clone())
            .unwrap_or_default();
        Ok(Self {
            automaton,
            needles: kinds,
            known_ids,
            placeholder_region,
        })
    }

    /// Every reference and suppression comment in `bytes`, in file order.
    pub fn scan(&self, bytes: &[u8]) -> Scanned {
        let mut out = Scanned::default();
        // Hits before `cursor` lie inside a token already read.
        let mut cursor = 0;
        for hit in self.automaton.find_iter(bytes) {
            if hit.start() < cursor {
                continue;
            }
            let Some(needle) = self.needles.get(hit.pattern().as_usize()) else {
                continue;
            };
            match *needle {
                Needle::Provider => {
                    if let Some(found) = self.id_at(bytes, hit.start(), hit.end(), cursor) {
                        cursor = found.span.end;
                        out.references.push(found);
                    }
                }
                Needle::Version => {
                    let found = provider_before(bytes, hit.start(), cursor)
                        .and_then(|(at, name_start)| self.id_at(bytes, at, name_start, cursor));
                    if let Some(found) = found {
                        cursor = found.span.end;
                        out.references.push(found);
                    }
                }
                Needle::Arn { encoded } => {
                    if let Some(found) = self.arn_at(bytes, hit.start(), hit.end(), encoded) {
                        // An ARN may start before an id reported just now
                        // (never in practice: ids stop at `:bedrock:`).
                        out.references.retain(|r| r.span.end <= found.span.start);
                        cursor = found.span.end;
                        out.references.push(found);
                    }
                }
                Needle::Suppression => {
                    if let Some(s) = suppression_at(bytes, hit.start(), hit.end()) {
                        cursor = s.span.end;
                        out.suppressions.push(s);
                    }
                }
            }
        }
        out
    }

    /// A model or profile id whose provider starts at `at` (`provider.` ends
    /// at `name_start`). Bytes before `floor` belong to the reference read
    /// before, so a profile prefix may not reach back into them.
    fn id_at(&self, bytes: &[u8], at: usize, name_start: usize, floor: usize) -> Option<Found> {
        // Left edge: `provider.` directly, or `prefix.provider.` for a profile
        // id (any prefix: an unknown one is reported as malformed).
        let mut start = at;
        let mut has_prefix = false;
        if at > 0 && bytes[at - 1] == b'.' {
            let prefix_end = at - 1;
            let mut q = prefix_end;
            while q > 0 && is_lower_token(bytes[q - 1]) {
                q -= 1;
            }
            // `docs.aws.amazon.com`, `self.x.anthropic…`: more than one
            // dotted part before the provider is not a Bedrock id.
            if q == prefix_end || (q > 0 && !left_boundary(bytes[q - 1])) {
                return None;
            }
            // A "prefix" that starts inside the reference before it (an ARN
            // glued to an id by a dot) is not one: the id is read from its
            // provider on, so it is still reported.
            if q >= floor {
                start = q;
                has_prefix = true;
            }
        } else if at > 0 && !left_boundary(bytes[at - 1]) {
            // `xanthropic.`, `my-meta.`, `user@amazon.com`.
            return None;
        }

        // The model name: lowercase letters, digits, hyphens, with a digit
        // somewhere (every Bedrock model name has one; `amazon.com`,
        // `cohere.embedding`, `openai.chat` have none).
        let mut end = name_start;
        while end < bytes.len() && is_lower_token(bytes[end]) {
            end += 1;
        }
        // A dot followed by a digit continues a version in the name
        // (`openai.gpt-5.6-luna`, `zai.glm-4.7`, `deepseek.v3.2`); a dot
        // followed by a letter ends the id (`meta.llama3-8b.json`).
        while bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
            while end < bytes.len() && is_lower_token(bytes[end]) {
                end += 1;
            }
        }
        let name = &bytes[name_start..end];
        if name.is_empty() || !name.iter().any(u8::is_ascii_digit) || name.ends_with(b"-") {
            // A trailing hyphen is a family prefix (`anthropic.claude-3-`).
            return None;
        }
        // Up to two `:` suffixes (version, provisioned-throughput context),
        // the colon possibly URL-encoded (`v1%3A0`).
        let mut suffixes = 0;
        loop {
            let sep = colon_len(bytes, end);
            if sep == 0 {
                break;
            }
            let token_start = end + sep;
            let mut token_end = token_start;
            while token_end < bytes.len() && is_lower_token(bytes[token_end]) {
                token_end += 1;
            }
            if token_end == token_start {
                break; // `id:` then something else: the colon is not ours
            }
            if suffixes == 2 {
                return None; // `a:b:c:d`: a coordinate, not a model id
            }
            suffixes += 1;
            end = token_end;
        }
        if !right_boundary(bytes, end) {
            return None;
        }
        let text = ascii(&bytes[start..end])?;
        let normalized = decode_colons(&text);
        if !self.known_ids.contains(&normalized) && in_prefix_check(bytes, start, end) {
            return None;
        }
        Some(Found {
            span: start..end,
            kind: if has_prefix {
                ReferenceKind::InferenceProfile
            } else {
                ReferenceKind::ModelId
            },
            text,
            normalized,
            arn_region: None,
            templated: false,
        })
    }

    /// A Bedrock ARN around a `:bedrock:` hit (`%3Abedrock%3A` when encoded).
    fn arn_at(&self, bytes: &[u8], at: usize, after: usize, encoded: bool) -> Option<Found> {
        let sep: &[u8] = if encoded { b"%3A" } else { b":" };
        let (start, partition) = arn_head(bytes, at, sep)?;
        let partition_templated = partition.is_none();
        let partition = partition.unwrap_or_else(|| "aws".to_string());
        if partition.is_empty() {
            return None;
        }

        // REGION : ACCOUNT : RESOURCE-TYPE / ID
        let mut i = after;
        let region = field(bytes, &mut i, |b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
        })?;
        i = expect_sep(bytes, i, sep)?;
        let account = field(bytes, &mut i, |b| b.is_ascii_digit())?;
        i = expect_sep(bytes, i, sep)?;
        let type_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_lowercase() || bytes[i] == b'-') {
            i += 1;
        }
        let resource_type = ascii(&bytes[type_start..i])?;
        let kind = match resource_type.as_str() {
            "foundation-model" => ReferenceKind::FoundationModelArn,
            "inference-profile" => ReferenceKind::InferenceProfileArn,
            "application-inference-profile" => ReferenceKind::ApplicationProfileArn,
            // agents, guardrails, knowledge bases …: not a model reference.
            _ => return None,
        };
        let id_start = i + slash_len(bytes, i, encoded)?;
        let end = id_end(bytes, id_start, kind)?;
        let id = decode_colons(&ascii(&bytes[id_start..end])?);
        let (region_text, region_templated) = region.or(&self.placeholder_region);
        let (account_text, account_templated) = account.or("000000000000");
        let arn_region = match &region {
            Field::Literal(r) if !r.is_empty() => Some(r.clone()),
            _ => None,
        };
        Some(Found {
            span: start..end,
            normalized: format!(
                "arn:{partition}:bedrock:{region_text}:{account_text}:{resource_type}/{id}"
            ),
            text: ascii(&bytes[start..end])?,
            kind,
            arn_region,
            templated: partition_templated || region_templated || account_templated,
        })
    }
}

/// `arn:PARTITION` ending at `at`: where the ARN starts, and its partition
/// (`None` when it is a `${…}` template).
fn arn_head(bytes: &[u8], at: usize, sep: &[u8]) -> Option<(usize, Option<String>)> {
    let (partition_start, partition) = if at > 0 && bytes[at - 1] == b'}' {
        let open = template_start(bytes, at)?;
        (open, None)
    } else {
        let mut q = at;
        while q > 0 && (bytes[q - 1].is_ascii_lowercase() || bytes[q - 1] == b'-') {
            q -= 1;
        }
        (q, Some(ascii(&bytes[q..at])?))
    };
    let head_len = 3 + sep.len();
    if partition_start < head_len {
        return None;
    }
    let head = &bytes[partition_start - head_len..partition_start];
    if !head[..3].eq_ignore_ascii_case(b"arn") || !head[3..].eq_ignore_ascii_case(sep) {
        return None;
    }
    let start = partition_start - head_len;
    if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        return None;
    }
    Some((start, partition))
}

/// Where the resource id of an ARN of `kind` starting at `id_start` ends;
/// `None` when there is no literal id (`foundation-model/${ModelId}`,
/// `…/anthropic.*`).
fn id_end(bytes: &[u8], id_start: usize, kind: ReferenceKind) -> Option<usize> {
    let mut i = id_start;
    if kind == ReferenceKind::ApplicationProfileArn {
        while i < bytes.len() && (bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit()) {
            i += 1;
        }
    } else {
        loop {
            while i < bytes.len() && (is_lower_token(bytes[i]) || bytes[i] == b'.') {
                i += 1;
            }
            let c = colon_len(bytes, i);
            if c > 0 && bytes.get(i + c).is_some_and(|b| is_lower_token(*b)) {
                i += c;
                continue;
            }
            break;
        }
        // `anthropic.*`, `anthropic.claude-${v}`: a pattern, not an id.
        if !right_boundary(bytes, i) {
            return None;
        }
        while i > id_start && matches!(bytes[i - 1], b'.' | b'-') {
            i -= 1;
        }
    }
    (i != id_start && right_boundary(bytes, i)).then_some(i)
}

enum Field {
    Literal(String),
    Template,
}

impl Field {
    /// The literal, or `placeholder` for a template; and whether it was one.
    fn or(&self, placeholder: &str) -> (String, bool) {
        match self {
            Field::Literal(text) => (text.clone(), false),
            Field::Template => (placeholder.to_string(), true),
        }
    }
}

/// One ARN field at `*i`: a literal made of `allowed` bytes (possibly
/// empty), or a `${…}` template. A wildcard (`*`) is not a reference.
fn field(bytes: &[u8], i: &mut usize, allowed: impl Fn(u8) -> bool) -> Option<Field> {
    if bytes[*i..].starts_with(b"${") {
        *i = template_end(bytes, *i)?;
        return Some(Field::Template);
    }
    // `{region}`, `{self.region}` (format strings) and the wildcard `*` of
    // IAM resources stand for a Region or account too.
    if bytes[*i..].starts_with(b"{") {
        *i = template_end(bytes, i.checked_sub(1)?)?;
        return Some(Field::Template);
    }
    if bytes.get(*i) == Some(&b'*') && bytes.get(*i + 1).is_some_and(|b| matches!(b, b':' | b'%')) {
        *i += 1;
        return Some(Field::Template);
    }
    // `REGION`, `ACCOUNT_ID`: an upper-case placeholder in documentation.
    if bytes.get(*i).is_some_and(u8::is_ascii_uppercase) {
        let start = *i;
        while *i < bytes.len()
            && (bytes[*i].is_ascii_uppercase() || bytes[*i].is_ascii_digit() || bytes[*i] == b'_')
        {
            *i += 1;
        }
        return (*i - start >= 3).then_some(Field::Template);
    }
    let start = *i;
    while *i < bytes.len() && allowed(bytes[*i]) {
        *i += 1;
    }
    Some(Field::Literal(ascii(&bytes[start..*i])?))
}

fn expect_sep(bytes: &[u8], i: usize, sep: &[u8]) -> Option<usize> {
    let end = i.checked_add(sep.len())?;
    (bytes.get(i..end)?.eq_ignore_ascii_case(sep)).then_some(end)
}

fn slash_len(bytes: &[u8], i: usize, encoded: bool) -> Option<usize> {
    match bytes.get(i) {
        Some(b'/') => Some(1),
        Some(b'%') if encoded && bytes.get(i..i + 3)?.eq_ignore_ascii_case(b"%2F") => Some(3),
        _ => None,
    }
}

/// The byte after a `${…}` template that starts at `open` (nested braces
/// allowed, one line, at most 200 bytes).
fn template_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &b) in bytes.iter().enumerate().skip(open + 1).take(200) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            b'\n' | b'\r' => return None,
            _ => {}
        }
    }
    None
}

/// The `$` of the `${…}` template that ends just before `close_end`.
fn template_start(bytes: &[u8], close_end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let lowest = close_end.saturating_sub(200);
    let mut k = close_end;
    while k > lowest {
        k -= 1;
        match bytes[k] {
            b'}' => depth += 1,
            b'{' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (k > 0 && bytes[k - 1] == b'$').then(|| k - 1);
                }
            }
            b'\n' | b'\r' => return None,
            _ => {}
        }
    }
    None
}

fn is_lower_token(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
}

/// Whether a reference may start right after `b`: not inside a longer
/// identifier, hostname, e-mail address or dotted name.
fn left_boundary(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'@' | b'$' | b'%'))
}

/// Whether a reference may end at `end`: what follows must not continue it
/// as a call (`cohere.embedding(`), a Vertex id (`@20240620`), a longer
/// dotted name or hostname, an identifier, a template or a wildcard.
fn right_boundary(bytes: &[u8], end: usize) -> bool {
    let Some(&b) = bytes.get(end) else {
        return true;
    };
    match b {
        b'.' => !bytes
            .get(end + 1)
            .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'_'),
        b'(' | b'@' | b'_' | b'$' | b'{' | b'*' | b'?' | b'%' | b'+' => false,
        b':' => !bytes
            .get(end + 1)
            .is_some_and(|n| n.is_ascii_alphanumeric()),
        _ => !b.is_ascii_alphanumeric(),
    }
}

/// Length of a `:` (1) or `%3A` (3) at `i`, or 0.
fn colon_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b':') => 1,
        Some(b'%')
            if bytes
                .get(i..i + 3)
                .is_some_and(|s| s.eq_ignore_ascii_case(b"%3A")) =>
        {
            3
        }
        _ => 0,
    }
}

fn decode_colons(text: &str) -> String {
    if text.contains('%') {
        text.replace("%3A", ":").replace("%3a", ":")
    } else {
        text.to_string()
    }
}

fn ascii(bytes: &[u8]) -> Option<String> {
    (bytes.is_ascii())
        .then(|| String::from_utf8(bytes.to_vec()).ok())
        .flatten()
}

/// The calls and operators that test for a prefix or a substring: a string
/// literal passed to them is a family pattern, not a model reference.
const PREFIX_CHECKS: [&str; 9] = [
    "startswith",
    "starts_with",
    "hasprefix",
    "includes",
    "contains",
    "indexof",
    "beginswith",
    "prefix",
    "match",
];

/// Whether the quoted literal at `start..end` is the pattern of a prefix or
/// substring check: `id.startswith("anthropic.claude-3")`,
/// `strings.HasPrefix(id, "anthropic.")`, `"anthropic.claude-3" in id`.
fn in_prefix_check(bytes: &[u8], start: usize, end: usize) -> bool {
    let quote = match start.checked_sub(1).map(|i| bytes[i]) {
        Some(q @ (b'"' | b'\'' | b'`')) => q,
        _ => return false,
    };
    if bytes.get(end) != Some(&quote) {
        return false;
    }
    let line_start = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let window_start = line_start.max(start.saturating_sub(120));
    let before = String::from_utf8_lossy(&bytes[window_start..start - 1]).to_ascii_lowercase();
    // The literal must be an argument of the call: the call's `(` is open.
    let called = PREFIX_CHECKS.iter().any(|name| {
        before.rfind(name).is_some_and(|at| {
            let rest = &before[at + name.len()..];
            rest.trim_start().starts_with('(')
                && rest.matches('(').count() > rest.matches(')').count()
        })
    });
    if called {
        return true;
    }
    // Python's `"…" in model_id` / `"…" not in model_id`.
    let after = &bytes[(end + 1).min(bytes.len())..];
    let after = &after[..after.len().min(16)];
    let after = String::from_utf8_lossy(after);
    let after = after.trim_start();
    after.starts_with("in ") || after.starts_with("not in ")
}

/// Where the `provider.` of the model name that holds `-vN:` at `version`
/// starts, and where its name starts: `(provider, name)`. `None` when no
/// `provider.name` precedes it, or it starts before `cursor` (read already).
fn provider_before(bytes: &[u8], version: usize, cursor: usize) -> Option<(usize, usize)> {
    let mut name_start = version;
    while name_start > 0 && is_lower_token(bytes[name_start - 1]) {
        name_start -= 1;
    }
    if name_start == 0 || bytes[name_start - 1] != b'.' {
        return None;
    }
    let dot = name_start - 1;
    let mut at = dot;
    while at > 0 && is_lower_token(bytes[at - 1]) {
        at -= 1;
    }
    (at < dot && at >= cursor).then_some((at, name_start))
}

/// `modelgate: ignore[rule, …] -- reason` starting at `at` (`modelgate:`
/// ends at `after`). The reason runs to the end of the line, without a
/// comment closer (`*/`, `-->`). `modelgate: ignore` with no rule list is
/// returned too (with no rules), so that it is reported, not skipped.
fn suppression_at(bytes: &[u8], at: usize, after: usize) -> Option<Suppression> {
    let line_end = bytes[after..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| after + p);
    let line = std::str::from_utf8(&bytes[after..line_end]).ok()?;
    let rest = line.trim_start().strip_prefix("ignore")?;
    if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None; // `modelgate: ignored …` is prose, not a directive
    }
    let trails_code = trails_code(bytes, at);
    let Some(list) = rest.strip_prefix('[') else {
        // Bare: `modelgate: ignore` alone or with a reason. Anything else
        // after it (a backtick, more words) is prose about the directive.
        let tail = rest.trim();
        if !(tail.is_empty() || tail.starts_with("--")) {
            return None;
        }
        let end = after + line.trim_end().len();
        return Some(Suppression {
            span: at..end,
            rules: Vec::new(),
            reason: None,
            trails_code,
        });
    };
    let close = list.find(']')?;
    let rules: Vec<String> = list[..close]
        .split(',')
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    let offset_in_line = line.len() - list.len() + close + 1;
    let tail = &line[offset_in_line..];
    let reason = reason(tail);
    let mut end = after + offset_in_line;
    if reason.is_some() {
        end = line_end;
        while end > at && matches!(bytes[end - 1], b'\r' | b' ' | b'\t') {
            end -= 1;
        }
    }
    Some(Suppression {
        span: at..end,
        rules,
        reason,
        trails_code,
    })
}

/// The text after `--`, without a comment closer; `None` when empty.
fn reason(tail: &str) -> Option<String> {
    let mut reason = tail.trim_start().strip_prefix("--")?.trim_end_matches('\r');
    for closer in ["*/", "-->", "#}", "%>", "--}}"] {
        reason = reason.trim_end().trim_end_matches(closer);
    }
    let trimmed = reason.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Whether code precedes the comment that holds `modelgate:` at `at`: the
/// start of its line, less the comment opener, is not blank.
fn trails_code(bytes: &[u8], at: usize) -> bool {
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let before = String::from_utf8_lossy(&bytes[line_start..at]);
    let mut before = before.trim_end();
    for opener in [
        "<!--", "{{!--", "<%#", "{#", "/*", "//", "--", "#", ";", "%", "'", "*", "REM",
    ] {
        if let Some(rest) = before.strip_suffix(opener) {
            before = rest.trim_end();
            break;
        }
    }
    !before.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner() -> Scanner {
        let catalog = Catalog::embedded().expect("the embedded catalog loads");
        Scanner::new(&catalog).expect("the scanner builds")
    }

    fn texts(input: &str) -> Vec<String> {
        scanner()
            .scan(input.as_bytes())
            .references
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    /// Found by fuzzing (fuzz/regressions/audit_scan/): a dot glued an id
    /// to an ARN's resource, and the id's "profile prefix" reached back
    /// into the ARN, so two references overlapped.
    #[test]
    fn an_id_glued_to_an_arn_does_not_reach_back_into_it() {
        let text = "arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/a1b2c3ude-3-7-sonnet-.anthropic.claude-3-haiku-20240307-v1:0";
        let found = scanner().scan(text.as_bytes()).references;
        let mut end = 0;
        for reference in &found {
            assert!(reference.span.start >= end, "{found:?}");
            end = reference.span.end;
        }
        assert!(
            found
                .iter()
                .any(|r| r.text == "anthropic.claude-3-haiku-20240307-v1:0"),
            "the id is still reported: {found:?}"
        );
    }

    #[test]
    fn ids_profiles_and_suffixes() {
        assert_eq!(
            texts("m = \"anthropic.claude-3-haiku-20240307-v1:0\"\n"),
            ["anthropic.claude-3-haiku-20240307-v1:0"]
        );
        assert_eq!(
            texts("eu.anthropic.claude-3-haiku-20240307-v1:0, amazon.nova-pro-v1:0:300k."),
            [
                "eu.anthropic.claude-3-haiku-20240307-v1:0",
                "amazon.nova-pro-v1:0:300k"
            ]
        );
        assert_eq!(
            texts("/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke"),
            ["anthropic.claude-3-haiku-20240307-v1%3A0"]
        );
        assert_eq!(
            texts("model=\"bedrock/us.anthropic.claude-3-haiku-20240307-v1:0\""),
            ["us.anthropic.claude-3-haiku-20240307-v1:0"]
        );
        let found = scanner().scan(b"x ap.anthropic.claude-3-haiku-20240307-v1:0");
        assert_eq!(found.references[0].kind, ReferenceKind::InferenceProfile);
        assert_eq!(found.references[0].span, 2..43);
    }

    #[test]
    fn traps_are_not_references() {
        for trap in [
            "model = \"claude-sonnet-4-5-20250929\"",
            "model = \"claude-3-5-sonnet@20240620\"",
            "model = \"anthropic/claude-3-5-sonnet-20240620\"",
            "vectors = cohere.embedding(texts)",
            "client = cohere.embed2(texts)",
            "see https://docs.aws.amazon.com/bedrock/ and api.anthropic.com",
            "mail someone@amazon.com or visit amazon.com",
            "implementation 'software.amazon.awssdk:bedrockruntime:2.25.60'",
            "<groupId>software.amazon.awssdk</groupId>",
            "meta.helm.sh/release-name: x",
            "if model_id.startswith(\"anthropic.claude-3\"):",
            "if (id.startsWith('anthropic.claude-3')) {}",
            "strings.HasPrefix(id, \"meta.llama3\")",
            "if \"anthropic.claude-3\" in model_id:",
            "ids.includes(`mistral.mistral-7b`)",
            "prefix = \"anthropic.claude-3-\"",
            "openai.ChatCompletion.create(model='x')",
            "llama3 = meta.llama3_8b",
            "Resource: arn:aws:bedrock:*::foundation-model/*",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.*",
            "arn:aws:bedrock:us-east-1:111122223333:agent/ABCDEFGHIJ",
        ] {
            assert_eq!(texts(trap), Vec::<String>::new(), "{trap}");
        }
        // A complete catalog id is reported even in a prefix check.
        assert_eq!(
            texts("id.startswith(\"anthropic.claude-3-haiku-20240307-v1:0\")"),
            ["anthropic.claude-3-haiku-20240307-v1:0"]
        );
    }

    #[test]
    fn arns_with_templates_and_encoding() {
        let s = scanner();
        let found = s.scan(b"Resource: !Sub arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0\n");
        let arn = &found.references[0];
        assert_eq!(
            arn.text,
            "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
        );
        assert!(arn.templated);
        assert_eq!(arn.arn_region, None);
        assert_eq!(
            arn.normalized,
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
        );
        assert_eq!(
            found.references.len(),
            1,
            "the id inside is not reported twice"
        );

        let found = s.scan(b"\"arn:aws:bedrock:eu-west-1:${AWS::AccountId}:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0\"");
        assert_eq!(found.references[0].kind, ReferenceKind::InferenceProfileArn);
        assert_eq!(found.references[0].arn_region.as_deref(), Some("eu-west-1"));

        let found = s.scan(b"arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Aapplication-inference-profile%2Fa1b2c3d4e5f6&x");
        assert_eq!(
            found.references[0].normalized,
            "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6"
        );
        assert_eq!(
            texts("arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"),
            ["arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"]
        );
    }

    #[test]
    fn suppressions() {
        let s = scanner();
        let found = s.scan(
            b"x = 1  # modelgate: ignore[lifecycle/legacy-model, reference] -- PLAT-412 */\n",
        );
        assert_eq!(found.suppressions.len(), 1);
        let sup = &found.suppressions[0];
        assert_eq!(sup.rules, ["lifecycle/legacy-model", "reference"]);
        assert_eq!(sup.reason.as_deref(), Some("PLAT-412"));
        assert!(sup.trails_code);
        let found = s.scan(b"// modelgate: ignore[lifecycle] --  \n");
        assert_eq!(found.suppressions[0].reason, None);
        assert!(!found.suppressions[0].trails_code);
        for prose in [
            &b"the modelgate: ignored rest"[..],
            b"a `modelgate: ignore` comment",
            b"modelgate: ignore the rest",
        ] {
            assert!(s.scan(prose).suppressions.is_empty());
        }
        // A bare directive is kept, with no rules, to be reported.
        let bare = s.scan(b"  # modelgate: ignore -- reason\n").suppressions;
        assert_eq!(bare.len(), 1);
        assert!(bare[0].rules.is_empty() && !bare[0].trails_code);
        let block = s
            .scan(b"/*\n * modelgate: ignore[lifecycle] -- x\n */")
            .suppressions;
        assert!(!block[0].trails_code);
    }
}
