#!/usr/bin/env python3
"""Build modelgate's embedded fact catalog from the reference material.

Reads  tools/reference/{models,profiles,regions,lifecycle,features}.json (a copy of the project's reference material)
(override with MODELGATE_REFERENCE=DIR) and writes, next to this script's repo:

  catalog/catalog.json  catalog/regions.json  catalog/prefixes.json
  catalog/features.json catalog/profiles.json catalog/models/<provider>.json
  tools/mirror-pages.json (every cited AWS page -> the mirror copies read)

The schema is the one documented in catalog/README.md. Python 3.11, stdlib only.
Output is deterministic (sorted keys, sorted Region lists, 2-space indent,
trailing newline). The script ends with a validation pass that fails loudly,
including tools/check-sources.py: a fact whose cited page, as read, does not
state it is refused. How a maintainer runs a refresh: tools/refresh-catalog.md.

Rule zero: an unknown fact is absent, never guessed. Every emitted fact carries
the URL of the page it came from.
"""

from __future__ import annotations

import datetime as _dt
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

# --------------------------------------------------------------------------
# Curated tables (reviewable). Everything below these tables is mechanical.
# --------------------------------------------------------------------------

# family / generation: used by modelgate ONLY to *suggest* a replacement
# (same family, newer generation, active). Not an AWS fact. A model absent
# from this table has no family: no sensible successor line exists in the
# catalog (e.g. Llama 3.1 405B, Llama 3.2 1B/3B/11B/90B, Llama 4, Jamba,
# DeepSeek-R1, gpt-oss, Qwen, Gemma, Nemotron, Command R / R+: no newer
# member of the same line, or a successor of another size).
FAMILIES: dict[str, tuple[str, str]] = {
    # Anthropic Claude Sonnet
    "anthropic.claude-3-sonnet-20240229-v1:0": ("anthropic.claude-sonnet", "3"),
    "anthropic.claude-3-5-sonnet-20240620-v1:0": ("anthropic.claude-sonnet", "3.5"),
    "anthropic.claude-3-5-sonnet-20241022-v2:0": ("anthropic.claude-sonnet", "3.5.1"),
    "anthropic.claude-3-7-sonnet-20250219-v1:0": ("anthropic.claude-sonnet", "3.7"),
    "anthropic.claude-sonnet-4-20250514-v1:0": ("anthropic.claude-sonnet", "4"),
    "anthropic.claude-sonnet-4-5-20250929-v1:0": ("anthropic.claude-sonnet", "4.5"),
    "anthropic.claude-sonnet-4-6": ("anthropic.claude-sonnet", "4.6"),
    "anthropic.claude-sonnet-5": ("anthropic.claude-sonnet", "5"),
    "anthropic.claude-sonnet-5-5": ("anthropic.claude-sonnet", "5.5"),
    # Anthropic Claude Haiku
    "anthropic.claude-3-haiku-20240307-v1:0": ("anthropic.claude-haiku", "3"),
    "anthropic.claude-3-5-haiku-20241022-v1:0": ("anthropic.claude-haiku", "3.5"),
    "anthropic.claude-haiku-4-5-20251001-v1:0": ("anthropic.claude-haiku", "4.5"),
    "anthropic.claude-haiku-5-5": ("anthropic.claude-haiku", "5.5"),
    # Anthropic Claude Opus
    "anthropic.claude-3-opus-20240229-v1:0": ("anthropic.claude-opus", "3"),
    "anthropic.claude-opus-4-20250514-v1:0": ("anthropic.claude-opus", "4"),
    "anthropic.claude-opus-4-1-20250805-v1:0": ("anthropic.claude-opus", "4.1"),
    "anthropic.claude-opus-4-5-20251101-v1:0": ("anthropic.claude-opus", "4.5"),
    "anthropic.claude-opus-4-6-v1": ("anthropic.claude-opus", "4.6"),
    "anthropic.claude-opus-4-7": ("anthropic.claude-opus", "4.7"),
    "anthropic.claude-opus-4-8": ("anthropic.claude-opus", "4.8"),
    "anthropic.claude-opus-5": ("anthropic.claude-opus", "5"),
    "anthropic.claude-opus-5-5": ("anthropic.claude-opus", "5.5"),
    # Anthropic Claude Fable / Mythos (Mythos Preview has no version number)
    "anthropic.claude-fable-5": ("anthropic.claude-fable", "5"),
    "anthropic.claude-fable-5-1": ("anthropic.claude-fable", "5.1"),
    "anthropic.claude-mythos-5": ("anthropic.claude-mythos", "5"),
    "anthropic.claude-mythos-5-1": ("anthropic.claude-mythos", "5.1"),
    # Amazon Nova (micro / lite / pro / premier are different sizes)
    "amazon.nova-lite-v1:0": ("amazon.nova-lite", "1"),
    "amazon.nova-2-lite-v1:0": ("amazon.nova-lite", "2"),
    "amazon.nova-micro-v1:0": ("amazon.nova-micro", "1"),
    "amazon.nova-pro-v1:0": ("amazon.nova-pro", "1"),
    "amazon.nova-premier-v1:0": ("amazon.nova-premier", "1"),
    "amazon.nova-sonic-v1:0": ("amazon.nova-sonic", "1"),
    "amazon.nova-2-sonic-v1:0": ("amazon.nova-sonic", "2"),
    "amazon.nova-reel-v1:0": ("amazon.nova-reel", "1"),
    "amazon.nova-reel-v1:1": ("amazon.nova-reel", "1.1"),
    # Amazon Titan (same product line, newer version)
    "amazon.titan-embed-text-v1": ("amazon.titan-embed-text", "1"),
    "amazon.titan-embed-text-v2:0": ("amazon.titan-embed-text", "2"),
    "amazon.titan-image-generator-v1": ("amazon.titan-image-generator", "1"),
    "amazon.titan-image-generator-v2:0": ("amazon.titan-image-generator", "2"),
    # Meta Llama, same size line only
    "meta.llama3-70b-instruct-v1:0": ("meta.llama-70b", "3"),
    "meta.llama3-1-70b-instruct-v1:0": ("meta.llama-70b", "3.1"),
    "meta.llama3-3-70b-instruct-v1:0": ("meta.llama-70b", "3.3"),
    "meta.llama3-8b-instruct-v1:0": ("meta.llama-8b", "3"),
    "meta.llama3-1-8b-instruct-v1:0": ("meta.llama-8b", "3.1"),
    # Mistral Large: 24.02 = Large (1), 24.07 = Large 2, Large 3
    "mistral.mistral-large-2402-v1:0": ("mistral.mistral-large", "1"),
    "mistral.mistral-large-2407-v1:0": ("mistral.mistral-large", "2"),
    "mistral.mistral-large-3-675b-instruct": ("mistral.mistral-large", "3"),
    # Cohere Embed (v4 is the multilingual successor of both v3 models)
    "cohere.embed-english-v3": ("cohere.embed", "3"),
    "cohere.embed-multilingual-v3": ("cohere.embed", "3"),
    "cohere.embed-v4:0": ("cohere.embed", "4"),
    # TwelveLabs Marengo
    "twelvelabs.marengo-embed-2-7-v1:0": ("twelvelabs.marengo-embed", "2.7"),
    "twelvelabs.marengo-embed-3-0-v1:0": ("twelvelabs.marengo-embed", "3.0"),
    # Writer Palmyra X
    "writer.palmyra-x4-v1:0": ("writer.palmyra-x", "4"),
    "writer.palmyra-x5-v1:0": ("writer.palmyra-x", "5"),
    # OpenAI: the GPT-5.4 / 5.5 line, then the Sol and Luna lines by name
    # (Terra, Astra and the Daybreak variants have one member each)
    "openai.gpt-5.4": ("openai.gpt", "5.4"),
    "openai.gpt-5.5": ("openai.gpt", "5.5"),
    "openai.gpt-5.6-sol": ("openai.gpt-sol", "5.6"),
    "openai.gpt-6-sol": ("openai.gpt-sol", "6"),
    "openai.gpt-6.1-sol": ("openai.gpt-sol", "6.1"),
    "openai.gpt-5.6-luna": ("openai.gpt-luna", "5.6"),
    "openai.gpt-6-luna": ("openai.gpt-luna", "6"),
    # DeepSeek V3.x (R1 is a separate line)
    "deepseek.v3-v1:0": ("deepseek.v3", "3.1"),
    "deepseek.v3.2": ("deepseek.v3", "3.2"),
    # MiniMax M2.x
    "minimax.minimax-m2": ("minimax.minimax-m", "2"),
    "minimax.minimax-m2.1": ("minimax.minimax-m", "2.1"),
    "minimax.minimax-m2.5": ("minimax.minimax-m", "2.5"),
    # Moonshot Kimi (two namespaces on Bedrock: moonshot. and moonshotai.)
    "moonshot.kimi-k2-thinking": ("moonshot.kimi", "2"),
    "moonshotai.kimi-k2.5": ("moonshot.kimi", "2.5"),
    "moonshotai.kimi-k3": ("moonshot.kimi", "3"),
    # xAI Grok, Z.AI GLM (GLM 4.7 Flash is a separate size)
    "xai.grok-4.3": ("xai.grok", "4.3"),
    "xai.grok-4.6": ("xai.grok", "4.6"),
    "xai.grok-4.7": ("xai.grok", "4.7"),
    "zai.glm-4.7": ("zai.glm", "4.7"),
    "zai.glm-5": ("zai.glm", "5"),
    # Stability: same product, newer version
    "stability.stable-image-core-v1:0": ("stability.stable-image-core", "1.0"),
    "stability.stable-image-core-v1:1": ("stability.stable-image-core", "1.1"),
    "stability.stable-image-ultra-v1:0": ("stability.stable-image-ultra", "1.0"),
    "stability.stable-image-ultra-v1:1": ("stability.stable-image-ultra", "1.1"),
    "stability.sd3-large-v1:0": ("stability.sd-large", "3"),
    "stability.sd3-5-large-v1:0": ("stability.sd-large", "3.5"),
}

# Provider names of namespaces the reference did not know (as the provider
# pages print them). Known namespaces keep the name their records have.
NEW_PROVIDERS = {"xai": "xAI", "zai": "Z.AI", "moonshotai": "Moonshot AI"}

# Models whose cards print no bedrock-runtime id: the card's bedrock-mantle
# id is the catalog id. 4d transcribes them with model_id null and the id in
# bedrock_mantle_model_id; 4a gives the mantle id as model_id (its notes say
# so). Rule: they get lifecycle and limits from the card, no `regions` (the
# card's Region table is for bedrock-mantle, whose availability the catalog
# does not model) and no features (the catalog's are bedrock-runtime ones).
MANTLE_ONLY_4A = {"anthropic.claude-mythos-5", "anthropic.claude-mythos-preview"}

# Regions where copies of a card disagree and the copies read cannot be
# ordered (catalog/README.md, "Disputes"). The primary placement is the
# newest transcription's; the dispute is the older transcription's placement
# of these Regions. Claude Sonnet 4: the 25c01efa copy (cites the September
# 2026 lifecycle policy, so newest) was read to the ap-south-1 row, which
# orders ap-east-2, ap-northeast-1/2/3 and ap-south-1 (no In-Region there);
# the rows below it were read on c2hans 0cf87289, which carries the same
# lifecycle lines as crowecawcaw 0182ae78 (the copy model-cards.json read)
# and no dated evidence against it.
REGIONS_FROM_OLDER_COPY = {
    "anthropic.claude-sonnet-4-20250514-v1:0": {
        "regions": ["ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
                    "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "me-central-1"],
        "note": ("crowecawcaw 0182ae78 (transcribed in model-cards.json) marks In-Region in "
                 "these Regions (me-central-1 included); c2hans 0cf87289, the copy the newest "
                 "transcription read for these rows, marks no In-Region and has no me-central-1 "
                 "row, as does models-region-compatibility (c2hans 07f049df). Both card copies "
                 "say 'Legacy (certain regions)', EOL October 14, 2026: no evidence orders them "
                 "for these rows (the 25c01efa copy, which is newer, was read only up to "
                 "ap-south-1)."),
    },
}


# Converse API feature table: row label -> catalog model ids. Rows whose model
# is not in the catalog (Jamba-Instruct, Jurassic-2, Claude 2.x) are skipped.
# "Amazon Titan models": only the Titan Text G1 models; the page says Converse
# supports no embedding or image-generation model. amazon.titan-tg1-large is
# left out on purpose (not clearly covered by the row).
CONVERSE_ROW_MODELS: dict[str, list[str]] = {
    "AI21 Labs Jamba 1.5 Large": ["ai21.jamba-1-5-large-v1:0"],
    "AI21 Labs Jamba 1.5 Mini": ["ai21.jamba-1-5-mini-v1:0"],
    "Amazon Nova Premier": ["amazon.nova-premier-v1:0"],
    "Amazon Nova Pro": ["amazon.nova-pro-v1:0"],
    "Amazon Nova Lite": ["amazon.nova-lite-v1:0"],
    "Amazon Nova Micro": ["amazon.nova-micro-v1:0"],
    "Amazon Titan models": ["amazon.titan-text-express-v1", "amazon.titan-text-lite-v1"],
    "Anthropic Claude 3 models": [
        "anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-3-opus-20240229-v1:0",
        "anthropic.claude-3-sonnet-20240229-v1:0",
    ],
    "Anthropic Claude 3.5 Sonnet": ["anthropic.claude-3-5-sonnet-20240620-v1:0"],
    "Anthropic Claude 3.5 Sonnet v2": ["anthropic.claude-3-5-sonnet-20241022-v2:0"],
    "Anthropic Claude 3.7 Sonnet": ["anthropic.claude-3-7-sonnet-20250219-v1:0"],
    "Anthropic Claude 3.5 Haiku": ["anthropic.claude-3-5-haiku-20241022-v1:0"],
    "Anthropic Claude Sonnet 4": ["anthropic.claude-sonnet-4-20250514-v1:0"],
    "Anthropic Claude Opus 4": ["anthropic.claude-opus-4-20250514-v1:0"],
}
CONVERSE_COLUMNS = {
    "ConverseStream": "streaming",
    "System prompts": "system-prompt",
    "Document chat": "document-chat",
    "Vision": "vision",
    "Tool use": "tool-use",
    "Guardrails": "guardrails",
}
# Converse cells the reference marks as uncertain (ko_kr/ja_jp say "No"; the
# English page was not read). Left out (unknown) rather than recorded as false.
CONVERSE_UNCERTAIN = {
    ("anthropic.claude-3-5-haiku-20241022-v1:0", "guardrails"),
    ("anthropic.claude-sonnet-4-20250514-v1:0", "guardrails"),
    ("anthropic.claude-opus-4-20250514-v1:0", "guardrails"),
}

# Batch inference table: row "Model" -> model id (Nova rows only were captured).
BATCH_ROW_MODELS = {
    "Nova Lite": "amazon.nova-lite-v1:0",
    "Nova Micro": "amazon.nova-micro-v1:0",
    "Nova Premier": "amazon.nova-premier-v1:0",
    "Nova Pro": "amazon.nova-pro-v1:0",
    # "Titan Multimodal Embeddings G1": row truncated -> not used (see notes)
}

# Newer model-card routing that adds a *source* Region to a geographic
# profile documented in the older tabular snapshot. Additive only.
CARD_ROUTING_ADDITIONS = {
    "au.anthropic.claude-sonnet-4-5-20250929-v1:0": {
        "ap-southeast-6": ["ap-southeast-2", "ap-southeast-4", "ap-southeast-6"],
        "_source": "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-sonnet-4-5.html",
        "_evidence": "Claude Sonnet 4.5 model card (later snapshot): source ap-southeast-6 -> ap-southeast-2, ap-southeast-4, ap-southeast-6",
    },
    "au.anthropic.claude-haiku-4-5-20251001-v1:0": {
        "ap-southeast-6": ["ap-southeast-2", "ap-southeast-4", "ap-southeast-6"],
        "_source": "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-haiku-4-5.html",
        "_evidence": "Claude Haiku 4.5 model card: 'AU (au.): ap-southeast-2, ap-southeast-4 (+ap-southeast-6 from ap-southeast-6)'",
    },
}

FEATURES_VOCAB = {
    "streaming": "Streaming responses (InvokeModelWithResponseStream / ConverseStream)",
    "tool-use": "Tool use (function calling) through the Converse API",
    "vision": "Image input (vision) through the Converse API",
    "document-chat": "Document chat: documents as input through the Converse API",
    "system-prompt": "System prompts through the Converse API",
    "batch": "Batch inference (CreateModelInvocationJob)",
    "prompt-caching": "Prompt caching (cache checkpoints in the request)",
    "extended-thinking": "Extended thinking / reasoning output",
    "guardrails": "Amazon Bedrock Guardrails applied to the model's requests",
    "latency-optimized": "Latency-optimized inference (performanceConfig latency: optimized)",
    "count-tokens": "Token counting before invocation (CountTokens API)",
    "agents": "Amazon Bedrock Agents can use the model",
    "knowledge-bases": "Amazon Bedrock Knowledge Bases can use the model",
    "fine-tuning": "Model customization (fine-tuning / continued pre-training)",
    "provisioned-throughput": "Provisioned Throughput can be purchased for the model",
}

# --------------------------------------------------------------------------
# Constants: URLs and snapshot dates
# --------------------------------------------------------------------------

DOCS = "https://docs.aws.amazon.com/bedrock/latest/userguide/"
URL_MODELS_SUPPORTED = DOCS + "models-supported.html"
URL_LC_A = DOCS + "model-lifecycle.html"
URL_LC_B = DOCS + "model-lifecycle-legacy.html"
URL_PROFILES = DOCS + "inference-profiles-support.html"
URL_ENDPOINTS = "https://docs.aws.amazon.com/general/latest/gr/bedrock.html"
URL_GEO = DOCS + "geographic-cross-region-inference.html"
URL_GLB = DOCS + "global-cross-region-inference.html"
URL_PROMPT_CACHING = DOCS + "prompt-caching.html"
URL_BATCH = DOCS + "batch-inference-supported.html"
URL_LATENCY = DOCS + "latency-optimized-inference.html"
URL_GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
URL_EU_MEMBERS = "https://dataprivacymanager.net/glossary/eu-member-states/"
URL_REGION_PAGE = DOCS + "models-region-compatibility.html"

CATALOG_AS_OF = "2026-11-29"
S1_AS_OF = "2025-11-01"  # approximate (S1 copy undated; content implies Oct-Nov 2025)
S2_AS_OF = "2026-02-15"
LCB_AS_OF = "2026-09-07"  # LC-B is "after 2026-09-07": lower bound
PROFILES_AS_OF = "2025-11-01"  # approximate (tabular snapshot undated, late 2025)

S1_NOTE = ("as_of approximate: the S1 copy of models-supported is undated "
           "(content implies about Oct-Nov 2025)")
PROFILE_ASOF_NOTE = ("as_of approximate: the tabular inference-profiles-support snapshot "
                     "is undated (it contains Claude Opus 4.5 and Nova 2 Lite, so late 2025 or later)")

REF = Path(os.environ.get("MODELGATE_REFERENCE", Path(__file__).resolve().parent / "reference"))
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "catalog"

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def iso_date(text: str | None) -> str | None:
    """'March 10, 2026' / 'Mar 1, 2026 (us-east-1)' / '2026-07-07 (...)' -> ISO.
    Returns None for missing values ('—', 'N/A', empty)."""
    if text is None:
        return None
    t = re.sub(r"\(.*?\)", "", text).strip()
    if t in ("", "\u2014", "-", "N/A"):
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?, (\d{4})", t)
    if m and m[1][:3].lower() in MONTHS:
        return _dt.date(int(m[3]), MONTHS[m[1][:3].lower()], int(m[2])).isoformat()
    raise ValueError(f"unparseable date: {text!r}")


def html_url(url: str) -> str:
    """First URL in a source string; AWS '.md' mirror form -> '.html'."""
    u = url.strip().split()[0]
    if u.startswith("https://docs.aws.amazon.com/") and u.endswith(".md"):
        u = u[:-3] + ".html"
    return u


def split_regions(text: str) -> list[str]:
    return sorted({r.strip() for r in re.split(r"[,\s]+", text) if r.strip()})


def token_limit(text: str, source: str) -> dict:
    """'64K' / '1M tokens' -> a catalog limit. Sources round: 'K' may mean
    1,000 or 1,024 and 'M' 1,000,000 or 1,048,576, so `value` is the smaller
    reading and `upper` the larger (the rules decide only outside that range)."""
    m = re.fullmatch(r"\s*(\d[\d,]*)\s*([KM])?(?: tokens)?\s*", text)
    if not m:
        raise ValueError(f"unparseable token count: {text!r}")
    n, unit = int(m[1].replace(",", "")), m[2]
    if unit is None:  # '512 tokens': exact
        return {"value": n, "source": source}
    lower, upper = (n * 1000, n * 1024) if unit == "K" else (n * 1_000_000, n * 1_048_576)
    return {"value": lower, "upper": upper, "source": source}


def yes_no(v: str) -> bool | None:
    v = v.strip()
    if v == "Yes" or v.startswith("Yes ("):
        return True
    if v == "No":
        return False
    return None


def load(name: str):
    with open(REF / name, encoding="utf-8") as f:
        return json.load(f)


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------
# Regions, boundaries, prefixes
# --------------------------------------------------------------------------

def build_regions(regions_ref) -> dict:
    recs = []
    for r in regions_ref["regions"]:
        recs.append({
            "code": r["regionCode"],
            "name": r["regionName"],
            "geography": r["geography"],
            "country": r["country"],
            "partition": r["partition"],
            "commercial": bool(r["commercial"]),
            "eu_member": bool(r["inEU"] or r["inEEA"]),
            "source": html_url(regions_ref["_meta"]["regionListSource"]["url"]),
        })
    recs.sort(key=lambda x: x["code"])
    codes = {r["code"] for r in recs}
    by = {r["code"]: r for r in recs}

    eu = sorted(c for c in codes if by[c]["eu_member"])
    europe = sorted(set(eu) | {c for c in ("eu-central-2", "eu-west-2") if c in codes})
    us_all = sorted(c for c in ("us-east-1", "us-east-2", "us-west-1", "us-west-2",
                                "us-gov-east-1", "us-gov-west-1") if c in codes)
    us_com = sorted(c for c in us_all if by[c]["partition"] == "aws")
    apac = sorted(c for c in codes if c.startswith("ap-"))
    jp = sorted(c for c in codes if by[c]["country"] == "Japan")
    au = sorted(c for c in codes if by[c]["country"] == "Australia")
    ca = sorted(c for c in codes if by[c]["country"] == "Canada")
    assert jp == ["ap-northeast-1", "ap-northeast-3"], jp
    assert au == ["ap-southeast-2", "ap-southeast-4"], au
    assert ca == ["ca-central-1", "ca-west-1"], ca

    boundaries = {
        "eu": {
            "description": "EU/EEA member states",
            "regions": eu,
            "source": URL_EU_MEMBERS,
            "note": ("Regions whose country is an EU member state (no Bedrock Region is in "
                     "Iceland, Liechtenstein or Norway, so EEA = EU here). eu-central-2 "
                     "(Zurich), eu-west-2 (London) and il-central-1 (Tel Aviv) are NOT EU/EEA, "
                     "although their countries have EU adequacy decisions. Membership is from "
                     "a non-AWS source; AWS never names GDPR."),
        },
        "europe": {
            "description": "Europe: EU/EEA Regions plus Zurich and London",
            "regions": europe,
            "source": URL_ENDPOINTS,
            "note": ("eu + eu-central-2 (Zurich, Switzerland) + eu-west-2 (London, UK): the "
                     "Regions AWS names 'Europe (...)'. il-central-1 (Israel) is not included "
                     "even though eu.* profiles may route there when it is the source Region."),
        },
        "us": {
            "description": "United States, including AWS GovCloud (US)",
            "regions": us_all,
            "source": URL_ENDPOINTS,
            "note": ("The four commercial US Regions plus us-gov-east-1 and us-gov-west-1 "
                     "(partition aws-us-gov). Use us-commercial to exclude GovCloud. us.* "
                     "profiles called from ca-central-1 / ca-west-1 may process in Canada."),
        },
        "us-commercial": {
            "description": "United States, commercial partition only",
            "regions": us_com,
            "source": URL_ENDPOINTS,
            "note": "us-east-1, us-east-2, us-west-1, us-west-2; GovCloud excluded.",
        },
        "apac": {
            "description": "Asia Pacific (ap-* Regions)",
            "regions": apac,
            "source": URL_ENDPOINTS,
            "note": ("All ap-* Regions listed on the Bedrock endpoints page. me-central-1 is not "
                     "included although apac.* profiles may route there when it is the source."),
        },
        "jp": {
            "description": "Japan",
            "regions": jp,
            "source": URL_ENDPOINTS,
            "note": "Tokyo and Osaka.",
        },
        "au": {
            "description": "Australia",
            "regions": au,
            "source": URL_ENDPOINTS,
            "note": ("Sydney and Melbourne. ap-southeast-6 (New Zealand) is not included "
                     "although au.* profiles may route there when it is the source Region."),
        },
        "ca": {
            "description": "Canada",
            "regions": ca,
            "source": URL_ENDPOINTS,
            "note": "Canada (Central) and Canada West (Calgary).",
        },
    }
    # Compliance tags a manifest may declare: a closed set, each naming the
    # boundary it implies when the workload states no residency. The tag is
    # modelgate's reading of the regulation's territorial scope, not an AWS
    # fact (AWS never names GDPR): the manifest can always state a stricter
    # residency itself.
    compliance = {
        "gdpr": {
            "boundary": "eu",
            "description": "EU General Data Protection Regulation (Regulation (EU) 2016/679)",
            "source": URL_GDPR,
            "note": ("Implies residency = \"eu\" (EU/EEA member-state Regions) when the workload "
                     "declares no residency; a workload that may also use adequacy countries "
                     "(Switzerland, the UK) declares residency = \"europe\" itself."),
        },
    }
    return {"regions": recs, "boundaries": boundaries, "compliance": compliance}


def build_prefixes() -> dict:
    sup, geo = URL_PROFILES, URL_GEO
    return {"prefixes": {
        "us": {"scope": "geographic", "name": "United States", "source": geo},
        "eu": {"scope": "geographic", "name": "Europe", "source": geo},
        "apac": {"scope": "geographic", "name": "Asia Pacific", "source": geo},
        "jp": {"scope": "geographic", "name": "Japan", "source": sup},
        "au": {"scope": "geographic", "name": "Australia", "source": sup},
        "ca": {"scope": "geographic", "name": "Canada", "source": sup},
        "us-gov": {"scope": "geographic", "name": "AWS GovCloud (US)", "source": sup},
        # First printed on the Claude Opus 5 card's "Geo: India" section (fourth
        # pass); inference-profiles-support no longer lists profiles.
        "in": {"scope": "geographic", "name": "India", "source": DOCS + "model-card-anthropic-claude-opus-5.html"},
        "global": {"scope": "global", "name": "All commercial Regions", "source": URL_GLB},
    }}


# --------------------------------------------------------------------------
# Models: Regions
# --------------------------------------------------------------------------

def card_availability(mc: dict) -> dict[str, tuple[bool, bool, bool]] | None:
    ra = (mc or {}).get("regional_availability")
    if not ra:
        return None
    out = {}
    for code, v in ra.items():
        if isinstance(v, list):
            out[code] = (bool(v[0]), bool(v[1]), bool(v[2]))
        else:
            out[code] = (bool(v["In-Region"]), bool(v["Geo"]), bool(v["Global"]))
    return out


def model_regions(m: dict, card_as_of: dict[str, str]) -> tuple[dict | None, list[str]]:
    """Returns (regions object or None, model-level notes)."""
    mid = m["model_id"]
    av = m["availability"]
    s1 = av.get("S1_models_supported_circa_late_2025")
    s2 = av.get("S2_models_supported_2026_02_15")
    mc = m.get("model_card") or {}
    card = card_availability(mc)
    notes: list[str] = []

    if card:
        offered = {c for c, (a, b, g) in card.items() if a or b or g}
        in_region = sorted(c for c in offered if card[c][0])
        prof = sorted(c for c in offered if not card[c][0])
        rnotes = ["From the model card's 'Regional availability' table (newest source): "
                  "in_region = In-Region checkmark; profile_only = Geo and/or Global only."]
        if mid in card_as_of:
            rnotes.append(f"as_of {card_as_of[mid]} is a lower bound: the card copy is undated but "
                          "links to model-lifecycle-legacy (the post-2026-09-07 page).")
        else:
            rnotes.append("as_of absent: the model card copy is undated.")
        if s1 and s1["requires_inference_profile_everywhere"] and in_region:
            rnotes.append("conflict: S1 (late 2025) listed this model as reachable only through "
                          "cross-Region inference everywhere; the card shows in-Region support in "
                          + ", ".join(in_region) + " (card wins).")
        if s1:
            s1_in = set(s1["in_region_on_demand"])
            s1_pr = set(s1["cross_region_inference_profile_only"])
            diff = sorted((s1_in & set(prof)) | (s1_pr & set(in_region)))
            if diff and not s1["requires_inference_profile_everywhere"]:
                rnotes.append("conflict with S1 on in-Region vs profile-only for: " + ", ".join(diff) + " (card wins).")
        if s2:
            s2set = set(s2["regions_listed_in_either_column"])
            extra = sorted(offered - s2set)
            missing = sorted(s2set - offered)
            if extra:
                rnotes.append("card lists Regions absent from S2 (2026-02-15): " + ", ".join(extra) + ".")
            if missing:
                rnotes.append("S2 (2026-02-15) listed Regions the card does not: " + ", ".join(missing)
                              + " (dropped; card wins).")
        obj = {"in_region": in_region, "profile_only": prof, "mode_unknown": [],
               "source": html_url(mc["source"]), "notes": rnotes}
        if mid in card_as_of:
            obj["as_of"] = card_as_of[mid]
        return obj, notes

    if s2:
        either = set(s2["regions_listed_in_either_column"])
        both = set(s2["regions_listed_in_both_columns"])
        s1_in = set(s1["in_region_on_demand"]) if s1 else set()
        s1_pr = set(s1["cross_region_inference_profile_only"]) if s1 else set()
        s1_all = s1_in | s1_pr
        everywhere = bool(s1 and s1["requires_inference_profile_everywhere"])
        in_region, prof, unknown = set(both), set(), set()
        by_s1_in, by_s1_pr, by_everywhere = [], [], []
        for c in sorted(either - both):
            if c in s1_in:
                in_region.add(c); by_s1_in.append(c)
            elif c in s1_pr:
                prof.add(c); by_s1_pr.append(c)
            elif everywhere and not both:
                prof.add(c); by_everywhere.append(c)
            else:
                unknown.add(c)
        rnotes = ["S2 (2026-02-15) merged its single-Region and cross-Region columns: a Region "
                  "listed twice is in_region; a Region listed once is placed using S1 (late 2025) "
                  "where S1 knew it, otherwise mode_unknown."]
        if both:
            rnotes.append("listed in both S2 columns (in_region): " + ", ".join(sorted(both)) + ".")
        if by_s1_in:
            rnotes.append("listed once in S2, in_region per S1: " + ", ".join(by_s1_in) + ".")
        if by_s1_pr:
            rnotes.append("listed once in S2, profile_only per S1: " + ", ".join(by_s1_pr) + ".")
        if by_everywhere:
            rnotes.append("S1 said this model requires an inference profile in every Region it "
                          "listed; Regions new in S2 and listed once are put in profile_only on "
                          "that basis (nothing newer says otherwise): " + ", ".join(by_everywhere) + ".")
        if everywhere and both:
            rnotes.append("S1 said profile-only everywhere, but S2 lists " + ", ".join(sorted(both))
                          + " in both columns (in-Region on demand); S2 wins, so Regions new in S2 "
                          "stay mode_unknown.")
        conflict = sorted(both & s1_pr)
        if conflict:
            rnotes.append("conflict: S1 said profile-only in " + ", ".join(conflict)
                          + "; S2 lists them in both columns (S2 wins: in_region).")
        if unknown:
            rnotes.append("mode_unknown (listed once in S2, not placed by S1): " + ", ".join(sorted(unknown)) + ".")
        dropped = sorted(s1_all - either)
        if dropped:
            rnotes.append("listed in S1 (late 2025) but not in S2 (2026-02-15), dropped: "
                          + ", ".join(dropped) + ".")
        if not s1:
            rnotes.append("model not in S1; placement comes from S2 alone.")
        obj = {"in_region": sorted(in_region), "profile_only": sorted(prof),
               "mode_unknown": sorted(unknown), "source": html_url(s2["source"]),
               "as_of": S2_AS_OF, "notes": rnotes}
        return obj, notes

    if s1:
        rnotes = ["model absent from S2 (2026-02-15); Regions from S1 (late 2025). Absence from "
                  "S2 is not by itself proof of end of life.", S1_NOTE]
        obj = {"in_region": sorted(set(s1["in_region_on_demand"])),
               "profile_only": sorted(set(s1["cross_region_inference_profile_only"])),
               "mode_unknown": [], "source": html_url(s1["source"]), "as_of": S1_AS_OF,
               "notes": rnotes}
        return obj, notes

    return None, notes


# --------------------------------------------------------------------------
# Models: lifecycle
# --------------------------------------------------------------------------

def lc_row(regions: list[str], status: str, legacy, pea, eol, source, as_of=None) -> dict:
    row = {"regions": regions, "status": status, "source": source}
    for k, v in (("legacy", legacy), ("public_extended_access", pea), ("end_of_life", eol)):
        d = iso_date(v) if v is not None else None
        if d:
            row[k] = d
    if as_of:
        row["as_of"] = as_of
    return row


def build_lifecycle(models_by_id: dict, regions_of: dict, lc_ref: dict, s2_listed: set,
                    card_as_of: dict) -> tuple[dict, dict, dict, dict]:
    """Returns (rows per model, notes per model, replacement per model, accounting)."""
    rows: dict[str, list[dict]] = {}
    notes: dict[str, list[str]] = {}
    repl: dict[str, dict] = {}
    acct = {"B_emitted": 0, "A_emitted": 0, "A_superseded": 0, "A_partial": 0}

    def add_note(mid, text):
        notes.setdefault(mid, []).append(text)

    a_rows = [r for r in lc_ref["rows"] if r["snapshot"] == "A"]
    b_rows = [r for r in lc_ref["rows"] if r["snapshot"] == "B"]
    assert len(a_rows) + len(b_rows) == len(lc_ref["rows"]) == 41, len(lc_ref["rows"])

    b_regions: dict[str, set] = {}
    for r in b_rows:
        regs = split_regions(r["regions"])
        rows.setdefault(r["model_id"], []).append(
            lc_row(regs, "legacy", r["legacy_date"], r["public_extended_access_start_date"],
                   r["eol_date"], html_url(r["source"]), LCB_AS_OF))
        b_regions.setdefault(r["model_id"], set()).update(regs)
        acct["B_emitted"] += 1

    for r in a_rows:
        mid = r["model_id"]
        regs = set(split_regions(r["regions"]))
        covered = b_regions.get(mid, set())
        rest = sorted(regs - covered)
        # compare dates with the LC-B row(s) covering the same Regions
        for b in b_rows:
            if b["model_id"] == mid and regs & set(split_regions(b["regions"])):
                for k in ("legacy_date", "public_extended_access_start_date", "eol_date"):
                    if iso_date(r[k]) != iso_date(b[k]):
                        add_note(mid, f"lifecycle: LC-A and LC-B differ on {k} for "
                                 f"{', '.join(sorted(regs & set(split_regions(b['regions']))))}: "
                                 f"{r[k]} (LC-A) vs {b[k]} (LC-B); LC-B used.")
        if not rest:
            acct["A_superseded"] += 1
            continue
        if rest != sorted(regs):
            acct["A_partial"] += 1
            add_note(mid, "lifecycle: LC-B's row omits " + ", ".join(rest) + ", which LC-A listed "
                     "(EOL " + r["eol_date"] + "); the LC-A row is kept for those Regions only.")
        else:
            acct["A_emitted"] += 1
        rows.setdefault(mid, []).append(
            lc_row(rest, "legacy", r["legacy_date"], r["public_extended_access_start_date"],
                   r["eol_date"], html_url(r["source"])))
    a_models = {r["model_id"] for r in a_rows}
    for mid in sorted(a_models):
        if any(r["source"] == URL_LC_A for r in rows.get(mid, [])):
            add_note(mid, "lifecycle rows sourced from LC-A (model-lifecycle, mid-2026, before the "
                     "2026-09-07 split) carry no as_of: that snapshot is undated. LC-B has no row "
                     "for those Regions.")

    # model-card lifecycle facts (newest)
    for f in lc_ref["model_card_lifecycle_facts"]:
        mid = f["model_id"]
        src = html_url(f["source"])
        status_text = f["Model lifecycle"]
        status = "legacy" if status_text.startswith("Legacy") else (
            "active" if status_text.startswith("Active") else None)
        assert status, status_text
        eol_text = f.get("Model EOL date", "")
        eol = None if eol_text.lower().startswith("no sooner") else iso_date(eol_text)
        existing = rows.get(mid, [])
        if not existing:
            row = {"regions": ["*"], "status": status, "source": src}
            if eol:
                row["end_of_life"] = eol
            if mid in card_as_of:
                row["as_of"] = card_as_of[mid]
            rows[mid] = [row]
            msg = f"lifecycle from the model card ({status_text}"
            msg += f", EOL {eol_text})" if eol_text else ")"
            if eol is None and eol_text:
                msg += "; 'no sooner than' is not an end-of-life date, so none is recorded"
            if mid not in card_as_of:
                msg += "; card copy undated, so no as_of"
            else:
                msg += f"; as_of {card_as_of[mid]} is a lower bound (card links to model-lifecycle-legacy)"
            if mid in s2_listed:
                msg += ". The model is also listed on models-supported (2026-02-15)"
                msg += " and absent from the lifecycle tables" if status == "active" else \
                    " but absent from both lifecycle tables (card is newer)"
            add_note(mid, msg + ".")
            continue
        # table rows exist: check agreement, apply card to uncovered offered Regions
        table_eols = {r.get("end_of_life") for r in existing}
        if eol and table_eols != {eol}:
            add_note(mid, f"conflict: model card EOL {eol} vs lifecycle table EOL(s) "
                     f"{sorted(x for x in table_eols if x)}; table rows kept per Region.")
        else:
            add_note(mid, f"model card ({src}) confirms: {status_text}, EOL {eol_text}.")
        covered = set()
        for r in existing:
            covered.update(r["regions"])
        reg = regions_of.get(mid)
        offered = set()
        if reg:
            offered = set(reg["in_region"]) | set(reg["profile_only"]) | set(reg["mode_unknown"])
        rest = sorted(offered - covered)
        if rest:
            row = {"regions": rest, "status": status, "source": src}
            if eol:
                row["end_of_life"] = eol
            existing.append(row)
            add_note(mid, "lifecycle for " + ", ".join(rest) + " (offered per the regions record "
                     "but in no lifecycle-table row) comes from the model card's model-wide "
                     f"status ({status_text}, EOL {eol_text}).")

    # secondary, unverified rows
    for s in lc_ref["secondary_unverified"]:
        mid = s["model_id"]
        existing = rows.setdefault(mid, [])
        covered = set()
        for r in existing:
            covered.update(r["regions"])
        if mid == "anthropic.claude-3-7-sonnet-20250219-v1:0":
            # "commercial Regions (not stated precisely)": use the model's known
            # commercial Regions (S1) not covered by a primary row.
            reg = regions_of[mid]
            offered = set(reg["in_region"]) | set(reg["profile_only"]) | set(reg["mode_unknown"])
            target = sorted(c for c in offered - covered if not c.startswith("us-gov-"))
            src = "https://www.bitslovers.com/bedrock-model-lifecycle"
            evidence = ("third-party: bitslovers.com ('On April 28, 2026, Claude 3.7 Sonnet reached "
                        "end-of-life on Amazon Bedrock'), awslabs/startups PR #10 ('past EOL Apr 28, "
                        "2026'), and a scraper test built from a saved copy of model-lifecycle.html")
            region_text = ("the source says only 'commercial Regions'; applied to the model's "
                           "commercial Regions known from S1 that no primary row covers")
        else:
            target = sorted(set(split_regions(s["regions"])) - covered)
            src = URL_LC_A
            evidence = ("a third-party test fixture that copies an older version of "
                        "model-lifecycle.html (its eu-central-2 and GovCloud rows match LC-A exactly)")
            region_text = "Regions as the fixture states them"
        if target:
            existing.append(lc_row(target, "legacy", s["legacy_date"],
                                   s.get("public_extended_access_date"), s["eol_date"], src))
            add_note(mid, "SECONDARY / UNVERIFIED lifecycle row for " + ", ".join(target) + ": legacy "
                     f"{iso_date(s['legacy_date'])}, EOL {iso_date(s['eol_date'])} from {evidence}; "
                     f"{region_text}. Lifecycle rows have no confidence field, so this note is the "
                     "only marker.")
        repl[mid] = {
            "model": s["recommended_model_id"],
            "source": src,
            "confidence": "secondary",
            "note": ("Named as the recommended replacement by " + evidence
                     + ". Not verified on a current AWS page."),
        }

    # No "inferred active" rows: model-lifecycle-legacy says nothing about a
    # model it does not list, so citing it for "active" is a fact without a
    # basis (issue 12, point 4). The lifecycle stays unknown unless a card
    # (applied later) states it.
    for mid in sorted(models_by_id):
        if rows.get(mid):
            continue
        rows.pop(mid, None)
        if mid in s2_listed:
            add_note(mid, "lifecycle unknown: listed on models-supported (2026-02-15) and in no "
                     "lifecycle table; absence from model-lifecycle-legacy is not a statement that "
                     "the model is active")

    for mid in rows:
        rows[mid].sort(key=lambda r: (r["regions"][0], r.get("end_of_life", ""), r["source"]))
    return rows, notes, repl, acct


# --------------------------------------------------------------------------
# Models: features and limits
# --------------------------------------------------------------------------

def build_features(models_by_id: dict, feats_ref: dict) -> tuple[dict, dict]:
    out: dict[str, dict] = {}
    notes: dict[str, list[str]] = {}

    def put(mid, name, obj):
        if mid not in models_by_id:
            raise SystemExit(f"feature for unknown model {mid}")
        out.setdefault(mid, {})[name] = obj

    def add_note(mid, text):
        notes.setdefault(mid, []).append(text)

    # 1. streaming column of models-supported (S2 newest, else S1)
    llama4 = feats_ref["streaming"]["conflict_llama4"]
    for mid, m in models_by_id.items():
        mo = m.get("modalities") or {}
        val, src = None, None
        if "S2" in mo and mo["S2"].get("streaming"):
            val, src = yes_no(mo["S2"]["streaming"]), mo["S2"]["source"]
        elif "S1" in mo and mo["S1"].get("streaming_supported"):
            val, src = yes_no(mo["S1"]["streaming_supported"]), mo["S1"]["source"]
        if val is None:
            continue
        if mid.startswith("meta.llama4-"):
            add_note(mid, "streaming left unknown: models-supported (S1 and S2) says Yes, but "
                     f"{html_url(llama4['source'])} (machine-translated) says streaming "
                     "(InvokeModelWithResponseStream / ConverseStream) can't be used with Llama 4 "
                     "Instruct. Verify on the English model-parameters-meta page.")
            continue
        put(mid, "streaming", {"supported": val, "source": html_url(src)})

    # 2. Converse API feature table (first 17 rows, ko_kr page)
    conv = feats_ref["converse_api"]
    conv_src = html_url(conv["source"])
    for row in conv["rows"]:
        for mid in CONVERSE_ROW_MODELS.get(row["model_row_label"], []):
            for col, feat in CONVERSE_COLUMNS.items():
                val = yes_no(row[col])
                if val is None:
                    continue
                if (mid, feat) in CONVERSE_UNCERTAIN:
                    add_note(mid, f"{feat} left unknown: the Converse feature table says "
                             f"'{row[col]}' in the ko_kr/ja_jp translations; the reference marks "
                             "this as uncertain until checked on the English page.")
                    continue
                cur = out.get(mid, {}).get(feat)
                if cur is not None:
                    if cur["supported"] != val:
                        add_note(mid, f"conflict on {feat}: {cur['source']} says "
                                 f"{cur['supported']}, Converse table says {val}; kept the former.")
                    continue
                put(mid, feat, {"supported": val, "source": conv_src})

    # 3. prompt caching table (complete, but only for models without a card)
    pc = feats_ref["prompt_caching"]
    for row in pc["rows"]:
        mid = row["Model ID"]
        put(mid, "prompt-caching", {"supported": True, "source": html_url(pc["source"])})
        if row["Release Type"] != "Generally Available":
            add_note(mid, f"prompt caching is listed as '{row['Release Type']}' in the prompt-caching table.")

    # 4. batch inference (Nova rows)
    bi = feats_ref["batch_inference"]
    for row in bi["rows"]:
        mid = BATCH_ROW_MODELS.get(row["Model"])
        if mid is None:
            continue
        fm = row["Regions supporting foundation model"]
        ip = row["Regions supporting inference profile"]
        obj = {"supported": True,
               "regions": [] if fm.strip() == "N/A" else split_regions(fm),
               "profile_regions": [] if ip.strip() == "N/A" else split_regions(ip),
               "source": html_url(row["source"])}
        put(mid, "batch", obj)
        if fm.strip() == "N/A":
            add_note(mid, "batch: the batch-inference table gives 'N/A' for foundation-model "
                     "(in-Region) Regions, recorded as an empty regions list.")
    add_note("amazon.titan-embed-image-v1", "batch left unknown: the model appears in the "
             "batch-inference table but the retrieved row is truncated, so its Regions are unknown.")

    # 5. latency-optimized inference (through cross-Region profiles only)
    lo = feats_ref["latency_optimized_inference"]
    for row in lo["rows"]:
        mid = row["Model ID"]
        put(mid, "latency-optimized", {
            "supported": True, "regions": [],
            "profile_regions": split_regions(row["Cross-region inference profile support"]),
            "source": html_url(lo["source"])})
        add_note(mid, "latency-optimized: offered through cross-Region inference profiles only "
                 "(the table has only a 'Cross-region inference profile support' column), so "
                 "in-Region regions is empty.")

    # 6. model-card feature facts
    mcf = feats_ref["model_card_feature_facts"]
    hk = "anthropic.claude-haiku-4-5-20251001-v1:0"
    hk_src = html_url(mcf[hk]["source"])
    assert mcf[hk]["Reasoning"] == "Supported"
    put(hk, "extended-thinking", {"supported": True, "source": hk_src})
    assert mcf[hk]["prompt_caching"].startswith("Yes")
    put(hk, "prompt-caching", {"supported": True, "source": hk_src})
    add_note(hk, "extended-thinking from the model card ('Reasoning: Supported'); prompt caching "
             "is on both the card and the prompt-caching table (card cited).")
    card = models_by_id[hk]["model_card"]
    if card["Input modalities"]["Image"] is True and "vision" not in out.get(hk, {}):
        put(hk, "vision", {"supported": True, "source": hk_src})
        add_note(hk, "vision from the model card's input modalities (Image: yes).")
    return out, notes


def build_limits(m: dict) -> dict:
    lim = m.get("limits") or {}
    if not lim:
        return {}
    src = html_url(lim["source"])
    out = {}
    if "context_window" in lim:
        out["context_window"] = token_limit(lim["context_window"], src)
    if "max_output_tokens" in lim:
        out["max_output_tokens"] = token_limit(lim["max_output_tokens"], src)
    return out


# --------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------

def build_profiles(profiles_ref, models_by_id, haiku_card) -> list[dict]:
    out = []
    card_global = None
    if haiku_card:
        card_global = sorted(c for c, v in card_availability(haiku_card).items() if v[2])
    for p in profiles_ref:
        pid = p["inferenceProfileId"]
        src = html_url(p["source"]["url"])
        tabular = src == URL_PROFILES
        rec = {"id": pid, "prefix": p["geographyPrefix"], "model": p["foundationModelId"],
               "source": src}
        notes = []
        if p["routing"] is not None:
            rec["routing"] = {s: sorted(set(v["destinations"])) for s, v in p["routing"].items()}
        else:
            notes.append("routing absent: the per-source routing was not transcribed, so the "
                         "Regions this profile can be called from are unknown.")
        if tabular:
            rec["as_of"] = PROFILES_AS_OF
            notes.append(PROFILE_ASOF_NOTE)
        else:
            notes.append("from the model card (" + src + "); the card copy is undated, so no as_of.")
        if p.get("sourceRegionsNote"):
            notes.append(p["sourceRegionsNote"])
        obs = p.get("laterSnapshotObservation")
        if obs:
            osrc = html_url(obs["source"]["url"])
            if obs.get("sameAsTabular") is True:
                notes.append(f"a later model-card snapshot ({osrc}) shows the same routing.")
            elif obs.get("difference"):
                notes.append(f"later model-card snapshot ({osrc}): {obs['difference']}")
        if p.get("documentedGlobalDestinations"):
            n = sum(len(v) for v in p["documentedGlobalDestinations"].values())
            notes.append(f"the model card lists {n} explicit global destination Regions; global "
                         "destinations are all commercial Regions and can grow over time.")
        add = CARD_ROUTING_ADDITIONS.get(pid)
        if add:
            for s, dests in add.items():
                if s.startswith("_"):
                    continue
                if s in rec["routing"]:
                    raise SystemExit(f"card addition overlaps tabular routing: {pid} {s}")
                rec["routing"][s] = sorted(dests)
            notes.append("source Region(s) " + ", ".join(k for k in add if not k.startswith("_"))
                         + f" added from the newer model card ({add['_source']}): {add['_evidence']}.")
        if (pid == "global.anthropic.claude-haiku-4-5-20251001-v1:0" and card_global):
            extra = [c for c in card_global if c not in rec["routing"]]
            for c in extra:
                rec["routing"][c] = []
            if extra:
                notes.append("source Regions " + ", ".join(extra) + " added from the Claude Haiku 4.5 "
                             "model card (Global column checked); the card names no per-source "
                             "destinations, so their explicit list is empty (global = all commercial Regions).")
        rec["notes"] = notes
        out.append(rec)
    out.sort(key=lambda r: r["id"])
    return out


# --------------------------------------------------------------------------
# Model cards (tools/research/model-cards.json): TOP precedence
# --------------------------------------------------------------------------
# A hand transcription of AWS per-model cards read from a public mirror of
# the AWS docs (repo + commit recorded per card). Card facts replace the
# regions block, lifecycle rows (except where LC-B / agreeing LC-A table rows
# exist: those are kept and the agreement or conflict is noted), limits and
# the features the card states, and add or update the card's profiles. Every
# difference with the older source is written into notes.

CARDS_PATH = ROOT / "tools" / "research" / "model-cards.json"
# Further card transcriptions in the compact shape (see its _about), merged
# with the same code and the same precedence after normalise_card().
# model-cards.json, then the compact-shape batches model-cards-2.json,
# model-cards-3a.json … in name order (one file per research batch).
# The fourth pass (cards-4*.json, 2026-11-29) re-read the newest copy of
# every card: read after the older files, a newer transcription of a model
# replaces the older one (noted on the model). cards-4f-corrections.json holds
# the re-reads at c2hans 25c01efa that followed the 2026-11-29 spot check.
CARDS_PATHS = ([CARDS_PATH] + sorted((ROOT / "tools" / "research").glob("model-cards-[0-9]*.json"))
               + sorted((ROOT / "tools" / "research").glob("cards-4*.json")))
# Cross-model pages read with the fourth pass (region page, lifecycle pages …).
PAGES_PATH = ROOT / "tools" / "research" / "pages-4e.json"
MIRROR_PAGES_PATH = ROOT / "tools" / "mirror-pages.json"
HISTORY_PATH = ROOT / "tools" / "research" / "lifecycle-history.json"
# The whole batch-inference-supported table (the reference holds its first rows).
BATCH_PATH = ROOT / "tools" / "research" / "batch-inference.json"
MODALITIES = ("Audio", "Image", "Speech", "Text", "Video")


def card_id(c: dict) -> str:
    """The catalog id of a card: its bedrock-runtime id, else (bedrock-mantle
    only models, transcribed with model_id null) its bedrock-mantle id."""
    return c["model_id"] or c["bedrock_mantle_model_id"]


def normalise_card(c: dict) -> dict:
    """Compact card shape (model-cards-2.json) -> the shape of model-cards.json.
    input_modalities "Image,Text" -> booleans; regional_availability
    {"us-east-1": "IG-"} -> [{"region", "in_region", "geo", "global"}].
    Fourth-pass lines the merge reads only in one form: 'Supported (…)'
    reasoning -> 'Supported' (verbatim text kept in notes), a limit written
    'N/A' -> None, global_profiles in any of the three shapes -> sources."""
    c = dict(c)
    c["notes"] = list(c.get("notes", []))
    c["_mantle_only"] = c["model_id"] is None or c["model_id"] in MANTLE_ONLY_4A
    c["model_id"] = card_id(c)
    r = c.get("reasoning")
    if isinstance(r, str) and r.startswith("Supported ("):
        c["notes"].append(f"reasoning line verbatim: '{r}'.")
        c["reasoning"] = "Supported"
    for k in ("context_window", "max_output_tokens"):
        if c.get(k) == "N/A":
            c["notes"].append(f"{k} written 'N/A' on the card: unknown.")
            c[k] = None
    c["global_profiles"] = {pid: global_sources(g) for pid, g in c["global_profiles"].items()}
    im = c["input_modalities"]
    if im is None:
        c["input_modalities"] = None
    elif isinstance(im, str):
        listed = {x.strip() for x in im.split(",") if x.strip()}
        unknown = listed - set(MODALITIES)
        if unknown:
            raise SystemExit(f"{c['model_id']}: unknown input modalities {sorted(unknown)}")
        c["input_modalities"] = {k: k in listed for k in MODALITIES}
    ra = c["regional_availability"]
    if isinstance(ra, dict):
        rows = []
        for region, flags in ra.items():
            if not re.fullmatch(r"[I-][G-][W-]", flags):
                raise SystemExit(f"{c['model_id']}: bad availability flags {flags!r} for {region}")
            rows.append({"region": region, "in_region": flags[0] == "I",
                         "geo": flags[1] == "G", "global": flags[2] == "W"})
        c["regional_availability"] = rows
    return c


def global_sources(g: dict) -> list[str]:
    """The source Regions of a global profile as transcribed: model-cards.json
    {"source_regions_listed": [...]}, the compact batches {"*": [...]}, or
    the fourth pass's {source: [explicit destinations]} (always [] so far)."""
    if "source_regions_listed" in g:
        return sorted(g["source_regions_listed"])
    if "*" in g:
        return sorted(g["*"])
    if any(g.values()):
        raise SystemExit(f"global profile with explicit destinations: {g}")
    return sorted(g)


def load_cards() -> dict:
    """Every card transcription, oldest file first; a model transcribed again
    in a later file is replaced by the later transcription (`_supersedes`
    says which file and commit it replaced). Twice in one file is an error."""
    by_id: dict[str, dict] = {}
    for path in CARDS_PATHS:
        if not path.exists():
            continue
        in_file = set()
        with open(path, encoding="utf-8") as f:
            for c in json.load(f)["cards"]:
                c = normalise_card(c)
                mid = c["model_id"]
                if mid in in_file:
                    raise SystemExit(f"model card {mid} transcribed twice in {path.name}")
                in_file.add(mid)
                c["_file"] = path.name
                old = by_id.get(mid)
                if old is not None:
                    c["_supersedes"] = old
                by_id[mid] = c
    return {"cards": list(by_id.values())}


def apply_batch_table(models_out: dict, doc: dict) -> dict:
    """The batch-inference-supported table, read whole from the mirror
    (tools/research/batch-inference.json): a listed model supports batch,
    in-Region in its foundation-model Regions and through a profile in its
    inference-profile Regions ("N/A" = none). Only positive facts: a model
    the table does not list keeps what it had (the table may name it in a
    way no row mapped). Replaces the reference's Nova rows (same page, read
    later and whole); differences are noted. Returns counts."""
    stats = {"rows": 0, "mapped": 0, "changed": 0}
    recs = {r["id"]: r for lst in models_out.values() for r in lst}
    about = doc["_about"]
    mir = about["mirror"]
    where = f"{mir['repo']} {mir['path']} at commit {mir['commit']}"
    src = html_url(about["source"])

    def regions(cell):
        return [] if cell == "N/A" else sorted(set(cell))

    for row in doc["rows"]:
        stats["rows"] += 1
        mid = row.get("model_id")
        if mid is None:
            continue
        if mid not in recs:
            raise SystemExit(f"batch table: unknown model {mid}")
        stats["mapped"] += 1
        rec = recs[mid]
        blank = [k for k in ("foundation_model_regions", "inference_profile_regions") if row[k] is None]
        if blank:
            # A blank cell is neither a Region list nor "N/A", and the schema
            # cannot say "unknown" for one side only: the row is not applied.
            stats["blank"] = stats.get("blank", 0) + 1
            rec.setdefault("notes", []).append(
                f"batch left as it was: the batch-inference table row '{row['model']}' ({where}) has a "
                f"blank {' and '.join(k.replace('_', ' ') for k in blank)} cell.")
            continue
        new_f = {"supported": True,
                 "regions": regions(row["foundation_model_regions"]),
                 "profile_regions": regions(row["inference_profile_regions"]),
                 "source": src}
        feats = rec.setdefault("features", {})
        old_f = feats.get("batch")
        notes = rec.setdefault("notes", [])
        if old_f is not None and (old_f["supported"], old_f.get("regions"), old_f.get("profile_regions")) != (
                True, new_f["regions"], new_f["profile_regions"]):
            stats["changed"] += 1
            notes.append(f"batch: the whole table ({where}) replaces the reference's row "
                         f"(in-Region {old_f.get('regions')}, profile {old_f.get('profile_regions')}).")
        notes.append(f"batch from the batch-inference table row '{row['model']}' ({where}): in-Region "
                     + (", ".join(new_f["regions"]) or "none") + "; through a profile "
                     + (", ".join(new_f["profile_regions"]) or "none") + ".")
        for n in row.get("notes", []):
            notes.append("batch table: " + n)
        feats["batch"] = new_f
        rec["features"] = dict(sorted(feats.items()))
    return stats


def apply_lifecycle_history(models_out: dict, doc: dict) -> dict:
    """Older model-lifecycle.html (tools/research/lifecycle-history.json):
    LOWEST lifecycle precedence. Adds models that no newer source knows (EOL
    models such as Claude v2.1), fills Regions no newer row covers, upgrades
    the secondary Claude 3.7 Sonnet row where the AWS page states the same
    dates, and writes every agreement or difference into notes. Returns counts."""
    stats = {"models_added": 0, "rows_added": 0, "rows_recited": 0, "replacements": 0}
    recs = {r["id"]: r for lst in models_out.values() for r in lst}
    src = html_url(doc["source"])
    mir = doc["mirror"]
    where = f"{mir['repo']} {mir['path']} at commit {mir['commit']}"
    label = f"an older version of model-lifecycle (about Dec 2025; {where})"
    SECONDARY = "https://www.bitslovers.com/bedrock-model-lifecycle"

    def mkrow(h, regions):
        row = lc_row(regions, "legacy", h["legacy"], h["public_extended_access"], h["end_of_life"], src)
        return row

    for h in doc["rows"]:
        mid = h["model_id"]
        regions = ["*"] if h["regions"] == "*" else split_regions(h["regions"])
        eol = iso_date(h["end_of_life"])
        rec = recs.get(mid)
        if rec is None:
            if not h.get("provider"):
                raise SystemExit(f"history row for {mid}: not in catalog and no provider/name")
            rec = {"id": mid, "provider": h["provider"], "name": h["name"], "lifecycle": [],
                   "notes": [f"known only from {label} ({src}), table '{h['table']}', row "
                             f"'{h['label']}': no Regions, features or limits are known (the "
                             "model is past end of life; no current page lists it).",
                             "model id: " + h["id_note"]
                             + (f" ({h['id_source']})." if h.get("id_source") else ".")]}
            models_out.setdefault(provider_slug(mid), []).append(rec)
            recs[mid] = rec
            stats["models_added"] += 1
        notes = rec.setdefault("notes", [])
        rows = rec.setdefault("lifecycle", [])
        desc = (f"{label}, row '{h['label']}': legacy {iso_date(h['legacy'])}, EOL {eol}"
                + (f" ({', '.join(regions)})" if regions != ["*"] else " (all Regions)"))
        covered = set()
        for r in rows:
            covered.update(r["regions"])
        # upgrade secondary rows the AWS page confirms
        for r in list(rows):
            if r["source"] != SECONDARY or r.get("end_of_life") != eol:
                continue
            same = sorted(set(r["regions"]) & set(regions)) if regions != ["*"] else list(r["regions"])
            if not same:
                continue
            rest = sorted(set(r["regions"]) - set(same))
            rows.remove(r)
            rows.append(mkrow(h, same))
            if rest:
                r = dict(r, regions=rest)
                rows.append(r)
            stats["rows_recited"] += 1
            notes.append(f"lifecycle for {', '.join(same)}: the secondary row (bitslovers.com) is "
                         f"confirmed by {desc}, and now cites that AWS page (source {src})"
                         + (f"; {', '.join(rest)} keep the secondary row (the AWS row does not name them)."
                            if rest else "."))
        covered = set()
        for r in rows:
            covered.update(r["regions"])
        if regions == ["*"]:
            if not rows:
                rows.append(mkrow(h, ["*"]))
                stats["rows_added"] += 1
                notes.append(f"lifecycle from {desc}. No newer page has a row for this model.")
            else:
                eols = sorted({r.get("end_of_life") for r in rows if r.get("end_of_life")})
                if eols == [eol]:
                    notes.append(f"lifecycle: {desc} agrees with the newer rows.")
                else:
                    notes.append(f"lifecycle conflict: {desc}; the newer rows give EOL "
                                 f"{', '.join(eols) or 'none'} (newer rows kept).")
        else:
            rest = [c for c in regions if c not in covered]
            overlap = [c for c in regions if c in covered]
            if rest and "*" not in covered:
                rows.append(mkrow(h, rest))
                stats["rows_added"] += 1
                notes.append(f"lifecycle for {', '.join(rest)} (no newer row covers them) from {desc}.")
            if overlap:
                diff = sorted({f"{c}: {r.get('end_of_life', 'none')}" for r in rows
                               for c in overlap if c in r["regions"] and r.get("end_of_life") != eol})
                if diff:
                    notes.append(f"lifecycle conflict: {desc}; newer rows say " + "; ".join(diff)
                                 + " (newer rows kept).")
                else:
                    notes.append(f"lifecycle: {desc} agrees with the newer rows for {', '.join(overlap)}.")
        rows.sort(key=lambda r: (r["regions"][0], r.get("end_of_life", ""), r["source"]))
        # replacement: only one named id that the catalog knows
        recd = h.get("recommended_model_ids") or []
        if len(recd) == 1 and recd[0] in recs:
            old = rec.get("replacement")
            if old is None or old.get("confidence") == "secondary":
                rec["replacement"] = {"model": recd[0], "source": src,
                                      "note": f"'Recommended model ID' column of {label}, row "
                                              f"'{h['label']}'. Not in the current lifecycle tables."}
                stats["replacements"] += 1
                if old is not None:
                    notes.append(f"replacement {recd[0]}: previously secondary ({old['source']}); now "
                                 "cited to the older AWS model-lifecycle page, which names it.")
        elif recd:
            notes.append(f"{label} recommends " + ", ".join(recd) + " as replacement; not recorded as "
                         "`replacement` (" + ("several are named" if len(recd) > 1 else
                                              "the id is not a catalog id") + ").")
    return stats



# card feature label (bedrock-runtime table) -> catalog feature name
CARD_FEATURES = {
    "Response streaming": "streaming",
    "Guardrails": "guardrails",
    "Count tokens": "count-tokens",
    "Knowledge base": "knowledge-bases",
    "Knowledge Bases": "knowledge-bases",  # GPT-6 cards' link text
    "Agents": "agents",
    "Client-side tool calling": "tool-use",
    "Prompt caching": "prompt-caching",
    # The vocabulary's prompt-caching is cache checkpoints in the request:
    # the fourth-pass cards call that "Explicit" (implicit caching is not it).
    "Explicit Prompt Caching": "prompt-caching",
    "Explicit prompt caching": "prompt-caching",
}


def source_label(url: str, as_of: str | None = None) -> str:
    """Short human name of an older source, for conflict notes."""
    if url == URL_MODELS_SUPPORTED:
        return {S2_AS_OF: f"S2 (models-supported, {S2_AS_OF})",
                S1_AS_OF: "S1 (models-supported, late 2025)"}.get(as_of, "models-supported")
    if url == URL_LC_A:
        return "LC-A (model-lifecycle, mid-2026)"
    if url == URL_LC_B:
        return f"LC-B (model-lifecycle-legacy, after {LCB_AS_OF})"
    if url == URL_PROFILES:
        return "the tabular inference-profiles-support snapshot (late 2025)"
    if url == URL_PROMPT_CACHING:
        return "the prompt-caching table"
    if "conversation-inference-supported-models-features" in url:
        return "the Converse feature table (ko_kr)"
    if "/model-card-" in url:
        return "an earlier transcription of this model card"
    if url == URL_REGION_PAGE:
        return "models-region-compatibility (c2hans 07f049df)"
    return url


def apply_card_lifecycle(c: dict, rec: dict, notes: list, new_all: set, src: str) -> None:
    """The card's lifecycle line against the lifecycle tables' rows (in place)."""
    mid = c["model_id"]
    st_text, eol_text = c["model_lifecycle"], c["model_eol_date"]
    # '405B: "Legacy: July 7, 2026"': the status repeated before the date.
    eol_text = re.sub(r"^(Legacy|Active):\s*", "", eol_text or "")
    status = ("legacy" if st_text.startswith("Legacy") else
              "active" if st_text.startswith("Active") else None)
    if status is None:
        raise SystemExit(f"{mid}: card lifecycle {st_text!r}")
    some_regions = "(certain regions)" in st_text
    older_legacy = [r for r in rec.get("lifecycle", [])
                    if r["status"] == "legacy" and r["source"] not in (URL_LC_A, URL_LC_B)]
    if status == "active" and older_legacy:
        # Legacy is one-way: a source that lists the model as legacy with an
        # end-of-life date describes a later state than an Active card copy
        # (the mirror's default versions are not always its newest).
        eols = sorted({r.get("end_of_life", "none") for r in older_legacy})
        notes.append(f"lifecycle conflict: this model card copy says '{st_text}', EOL '{eol_text}'; "
                     f"{source_label(older_legacy[0]['source'])} lists it as legacy (EOL {', '.join(eols)}). "
                     "Legacy rows kept: a model does not return from Legacy to Active, so the "
                     "Active copy is the older one.")
        return
    no_sooner = eol_text.lower().startswith("no sooner")
    unannounced = eol_text.strip().lower() == "not announced."
    eol = None if no_sooner or unannounced else iso_date(eol_text)
    if no_sooner:
        notes.append(f"model card EOL field: '{eol_text}'. That is not an end-of-life date; it "
                     "is recorded only in this note.")
    if status == "legacy" and not eol:
        raise SystemExit(f"{mid}: legacy card without an EOL date")
    existing = rec.get("lifecycle", [])
    table = [r for r in existing if r["status"] == "legacy" and r["source"] in (URL_LC_A, URL_LC_B)]
    lcb = [r for r in table if r["source"] == URL_LC_B]
    dropped_rows = [r for r in existing if r not in table]
    card_desc = f"'{st_text}', EOL '{eol_text}'"
    if table:
        t_eols = sorted({r.get("end_of_life") for r in table if r.get("end_of_life")})
        tlab = source_label(URL_LC_B) if lcb else source_label(URL_LC_A)
        if lcb and status == "active":
            notes.append(f"lifecycle conflict: the model card says {card_desc}; {tlab} lists the "
                         f"model as legacy (EOL {', '.join(t_eols)}). LC-B rows kept: they are a "
                         "dated announcement and the undated card's 'no sooner than' field is "
                         "consistent with them; the card's Active status looks older.")
        elif status == "active":
            raise SystemExit(f"{mid}: active card vs LC-A legacy rows: decide by hand")
        elif t_eols == [eol]:
            notes.append(f"lifecycle: the model card ({card_desc}) agrees with {tlab} "
                         f"(EOL {eol}); table rows kept (they carry per-Region legacy and "
                         "extended-access dates the card lacks).")
        elif lcb:
            notes.append(f"lifecycle conflict: the model card says {card_desc}; {tlab} gives EOL "
                         f"{', '.join(t_eols)} per Region. LC-B rows kept.")
        else:
            raise SystemExit(f"{mid}: card EOL {eol} vs LC-A {t_eols}: decide by hand")
        covered = set()
        for r in table:
            covered.update(r["regions"])
        rest = sorted(new_all - covered)
        rows = list(table)
        if rest and status == "legacy" and not some_regions:
            rows.append({"regions": rest, "status": "legacy", "end_of_life": eol, "source": src})
            notes.append("lifecycle for " + ", ".join(rest) + " (offered per the card, in no "
                         f"table row) from the card's model-wide status ({card_desc}).")
        elif rest:
            notes.append("lifecycle unknown in " + ", ".join(rest) + ": offered per the card but "
                         "in no table row, and the card's status ("
                         + ("'certain regions' only" if some_regions else "Active") + ") does not say which "
                         "applies there.")
    else:
        row = {"regions": ["*"], "status": status, "source": src}
        if eol:
            row["end_of_life"] = eol
        rows = [row]
        notes.append(f"lifecycle from the model card ({card_desc}): one row for every Region "
                     "the model is offered in" + (", no end-of-life date." if not eol else "."))
        if some_regions:
            raise SystemExit(f"{mid}: 'certain regions' card without table rows: decide by hand")
    for r in dropped_rows:
        stale = "lifecycle for " + ", ".join(r["regions"]) + " ("
        notes[:] = [n for n in notes if not n.startswith(stale)]
        notes.append(f"lifecycle: replaces the row for {', '.join(r['regions'])} "
                     f"({r['status']}, EOL {r.get('end_of_life', 'none')}) from "
                     f"{source_label(r['source'])}.")
    notes[:] = [n for n in notes if not n.startswith("lifecycle unknown: listed on models-supported")]
    rows.sort(key=lambda r: (r["regions"][0], r.get("end_of_life", ""), r["source"]))
    rec["lifecycle"] = rows


def card_placement(c: dict) -> tuple[list[str], list[str], list[str]]:
    """(in_region, profile_only, listed but not offered) from the card's
    bedrock-runtime table."""
    av = c["regional_availability"]
    offered = [r for r in av if r["in_region"] or r["geo"] or r["global"]]
    return (sorted(r["region"] for r in offered if r["in_region"]),
            sorted(r["region"] for r in offered if not r["in_region"]),
            sorted(r["region"] for r in av if r not in offered))


def apply_card_regions(c: dict, rec: dict, notes: list, src: str, where: str) -> set:
    """The card's Regional availability table -> the model's `regions` (in
    place); returns the Regions the card offers the model in. A card with no
    bedrock-runtime table (bedrock-mantle only, or a table naming no Region)
    leaves `regions` as it was: unknown is not 'offered nowhere'."""
    if c["_mantle_only"] or not c["regional_availability"]:
        why = ("the card prints no bedrock-runtime model id (bedrock-mantle only); its Region table "
               "is for bedrock-mantle" if c["_mantle_only"] else
               "the card's bedrock-runtime table names no Region")
        notes.append(f"regions unknown: {why}. `regions` is absent (nothing known), not empty.")
        return set()
    in_region, prof_only, unoffered = card_placement(c)
    agreed = disputed_flags_agreeing(c)
    for region, placement in agreed.items():
        (in_region if placement == "in_region" else prof_only).append(region)
    in_region.sort()
    prof_only.sort()
    rnotes = ["From the model card's 'Regional availability' table (top precedence): "
              "in_region = In-Region checkmark; profile_only = Geo and/or Global checkmark "
              f"without In-Region. Read from {where}; card copy undated, so no as_of."]
    if agreed:
        rnotes.append("placed although the card copies disagree on their Geo / Global marks (all "
                      "copies agree on In-Region and on the model being offered): "
                      + ", ".join(f"{r} {p}" for r, p in sorted(agreed.items())) + ".")
    if unoffered:
        rnotes.append("card rows with no checkmark at all (not offered): " + ", ".join(unoffered) + ".")
    old = rec.get("regions")
    if old:
        compare_regions(old, in_region, prof_only, rnotes)
    else:
        rnotes.append("no earlier regions record: the model is in neither models-supported snapshot.")
        notes[:] = [n for n in notes if not n.startswith("regions absent:")]
    rec["regions"] = {"in_region": in_region, "profile_only": prof_only, "mode_unknown": [],
                      "source": src, "notes": rnotes}
    disputes = card_regions_disputes(c, rec["regions"])
    if disputes:
        rec["regions"]["disputes"] = disputes
    return set(in_region) | set(prof_only)


def compare_regions(old: dict, in_region: list, prof_only: list, rnotes: list) -> None:
    """Notes every difference between an older `regions` record and the card."""
    new_all = set(in_region) | set(prof_only)
    lab = source_label(old["source"], old.get("as_of"))
    o_in, o_pr, o_unk = set(old["in_region"]), set(old["profile_only"]), set(old["mode_unknown"])
    o_all = o_in | o_pr | o_unk
    diffs = 0
    dropped = sorted(o_all - new_all)
    if dropped:
        diffs += 1
        rnotes.append(f"conflict: {lab} listed " + ", ".join(dropped) + "; the model card "
                      "(newer) does not offer the model there: dropped.")
    added = sorted(new_all - o_all)
    if added:
        diffs += 1
        rnotes.append(f"the model card adds Regions absent from {lab}: " + ", ".join(added) + ".")
    to_in = sorted(set(in_region) & o_pr)
    if to_in:
        diffs += 1
        rnotes.append(f"conflict: {lab} had " + ", ".join(to_in) + " as profile_only; the "
                      "model card (newer) marks In-Region: in_region.")
    to_pr = sorted(set(prof_only) & o_in)
    if to_pr:
        diffs += 1
        rnotes.append(f"conflict: {lab} had " + ", ".join(to_pr) + " as in_region; the "
                      "model card (newer) marks no In-Region: profile_only.")
    res_in = sorted(set(in_region) & o_unk)
    res_pr = sorted(set(prof_only) & o_unk)
    if res_in or res_pr:
        diffs += 1
        rnotes.append(f"mode_unknown in {lab}, placed by the card: in_region "
                      + (", ".join(res_in) or "none") + "; profile_only "
                      + (", ".join(res_pr) or "none") + ".")
    if not diffs:
        rnotes.append(f"agrees with {lab}.")


FLAGS = re.compile(r"[I-][G-][W-]")


def disputed_flags_agreeing(c: dict) -> dict[str, str]:
    """Regions the transcription left out because its copies disagree on a
    Region's flags ("regional_availability.<Region>" disputes), where every
    copy still agrees on the placement: Region -> in_region / profile_only."""
    out = {}
    for d in c.get("disputes", []):
        region = d["field"].removeprefix("regional_availability.")
        if region == d["field"]:
            continue
        flags = [v["value"] for v in d["values"]]
        if not all(isinstance(f, str) and FLAGS.fullmatch(f) and f != "---" for f in flags):
            raise SystemExit(f"{c['model_id']}: dispute on {region} changes the placement: decide by hand")
        placements = {"in_region" if f[0] == "I" else "profile_only" for f in flags}
        if len(placements) != 1:
            raise SystemExit(f"{c['model_id']}: dispute on {region} changes the placement: decide by hand")
        out[region] = placements.pop()
    return out


def placement_with(regions: dict, changes: dict[str, str | None]) -> dict:
    """`regions`' placement with some Regions moved (None: not offered)."""
    lists = {k: set(regions[k]) - set(changes) for k in ("in_region", "profile_only", "mode_unknown")}
    for region, where in changes.items():
        if where is not None:
            lists[where].add(region)
    return {k: sorted(v) for k, v in lists.items()}


def flags_placement(flags: str) -> str | None:
    """'IG-' -> in_region, '-G-' -> profile_only, 'row absent' / '---' -> None."""
    if not FLAGS.fullmatch(flags) or flags == "---":
        return None
    return "in_region" if flags[0] == "I" else "profile_only"


def card_regions_disputes(c: dict, primary: dict) -> list[dict]:
    """The readings of other copies of the card that no evidence orders
    against the transcribed one, each as a whole alternative placement."""
    out: list[dict] = []
    mine = c["mirror"]["commit"]

    def add(lists: dict, note: str):
        if any(lists[k] != primary[k] for k in lists):
            d = {"in_region": lists["in_region"], "profile_only": lists["profile_only"],
                 "source": c["source"], "note": note}
            if lists["mode_unknown"]:
                d["mode_unknown"] = lists["mode_unknown"]
            if all(d != o for o in out):
                out.append(d)

    for d in c.get("disputes", []):
        if d["field"] == "regional_availability":
            for v in d["values"]:
                if v["commit"] == mine:
                    continue
                changes = {r: flags_placement(f) for r, f in v["value"].items()}
                add(placement_with(primary, changes),
                    f"copy at commit {v['commit']} places " + ", ".join(
                        f"{r} {w or 'not offered'}" for r, w in sorted(changes.items()))
                    + f"; the transcribed copy ({mine}) does not. {d['note']}")
        elif d["field"] == "endpoints":
            for v in d["values"]:
                if v["commit"] != mine and "bedrock-runtime not supported" in v["value"]:
                    add({"in_region": [], "profile_only": [], "mode_unknown": []},
                        f"copy at commit {v['commit']}: '{v['value']}', i.e. not offered on "
                        f"bedrock-runtime in any Region. {d['note']}")
    older = REGIONS_FROM_OLDER_COPY.get(c["model_id"])
    if older:
        prev = c["_supersedes"]
        pin, ppr, _ = card_placement(prev)
        changes = {r: ("in_region" if r in pin else "profile_only" if r in ppr else None)
                   for r in older["regions"]}
        add(placement_with(primary, changes),
            f"copy at commit {prev['mirror']['commit']} ({prev['_file']}) places "
            + ", ".join(f"{r} {w or 'not offered'}" for r, w in sorted(changes.items()))
            + ". " + older["note"])
    return out


STABILITY_PROFILE_NOTE = ("not in the reference's models-supported transcription; known only as "
                          "the model of profile")


def new_model_record(c: dict, models_out: dict) -> dict:
    """A model no older source knows, created from its card (the merge then
    fills it as for any carded model)."""
    mid = c["model_id"]
    slug = provider_slug(mid)
    known = [r["provider"] for r in models_out.get(slug, [])]
    provider = known[0] if known else NEW_PROVIDERS.get(slug)
    if provider is None:
        raise SystemExit(f"{mid}: new provider namespace {slug!r}: add it to NEW_PROVIDERS")
    rec = {"id": mid, "provider": provider, "name": c["name"],
           "notes": [f"new in the fourth pass of model cards: known only from its card "
                     f"({c['source']}); name as the card prints it."]}
    if mid in FAMILIES:
        rec["family"], rec["generation"] = FAMILIES[mid]
    models_out.setdefault(slug, []).append(rec)
    return rec


def copy_order_notes(c: dict) -> list[str]:
    """The ordering evidence of every copy the researchers compared, and the
    older transcription this one replaces."""
    out = []
    for cp in c.get("copies", []):
        at = cp.get("commit") or f"id {cp.get('id')} (commit not reported)"
        role = "transcribed copy" if cp.get("transcribed") else "other copy"
        out.append(f"model card {role} {cp.get('repo') or 'repository not reported'} @ {at}: "
                   f"{cp['order_evidence']}")
    prev = c.get("_supersedes")
    if prev:
        out.append(f"this transcription ({c['_file']}, commit {c['mirror']['commit']}) replaces the "
                   f"earlier one in tools/research/{prev['_file']} (commit {prev['mirror']['commit']}).")
    return out


def lifecycle_field_notes(c: dict, rec: dict) -> list[str]:
    """The September 2026 lifecycle lines, verbatim, and the card's per-Region
    lifecycle cells checked against the rows kept."""
    out = []
    f = c.get("lifecycle_fields") or {}
    if f:
        parts = [f"{k.replace('_', ' ')}: '{v}'" for k, v in sorted(f.items())]
        out.append("model card lifecycle lines (September 2026 policy fields): " + "; ".join(parts)
                   + (". 'EOL no sooner than' is not an end-of-life date." if "eol_no_sooner_than" in f else "."))
    for region, cell in sorted((c.get("regional_lifecycle") or {}).items()):
        m = re.search(r"EOL: (\d{4}-\d{2}-\d{2})", cell)
        row = next((r for r in rec.get("lifecycle", []) if region in r["regions"]), None) or \
            next((r for r in rec.get("lifecycle", []) if "*" in r["regions"]), None)
        if m is None or row is None or row.get("end_of_life") != m[1]:
            raise SystemExit(f"{c['model_id']}: card cell {region} '{cell}' vs row {row}: decide by hand")
        out.append(f"model card Region cell {region}: '{cell}', the same end of life as the row kept "
                   f"({source_label(row['source'])}).")
    return out


def card_dispute_notes(c: dict) -> list[str]:
    """Every disagreement between copies the researchers recorded, as a note
    (Regions disagreements are also kept as `regions.disputes`)."""
    out = []
    for d in c.get("disputes", []):
        vals = "; ".join(f"{v['commit']}: {json.dumps(v['value'], ensure_ascii=False)}" for v in d["values"])
        out.append(f"copies disagree on {d['field']} ({vals}). {d['note']}")
    return out


def add_routing_dispute(p: dict, routing: dict, src: str, note: str) -> None:
    d = {"routing": routing, "source": src, "note": note}
    if d not in p.setdefault("disputes", []):
        p["disputes"].append(d)


def add_unrouted_profile(profs: dict, profiles_out: list, pid: str, mid: str, src: str,
                         mir: dict, what: str) -> int:
    """A profile id the card prints without a routing table: known to exist,
    routing unknown (no `routing`). Returns 1 when the profile is new."""
    p = profs.get(pid)
    if p is not None:
        if p["model"] != mid:
            raise SystemExit(f"{pid}: model {p['model']} vs card {mid}")
        p["notes"].append(f"the model card ({src}, commit {mir['commit']}) names this profile without "
                          f"a routing table ({what}); routing kept from {source_label(p['source'])}.")
        return 0
    p = {"id": pid, "prefix": pid.split(".", 1)[0], "model": mid, "source": src,
         "notes": [f"from the model card ({src}, commit {mir['commit']}): {what}",
                   "routing absent: the card prints this id but no routing table, so the Regions it "
                   "can be called from and where it routes are unknown."]}
    profiles_out.append(p)
    profs[pid] = p
    return 1


def apply_model_cards(models_out: dict, profiles_out: list, cards_doc: dict) -> dict:
    """Merges the card transcription into the built records (in place).
    Returns counts for the summary and the validation."""
    stats = {"cards": 0, "profiles_added": 0, "profiles_updated": 0, "profiles_confirmed": 0}
    recs = {r["id"]: r for lst in models_out.values() for r in lst}
    profs = {p["id"]: p for p in profiles_out}

    for c in sorted(cards_doc["cards"], key=lambda x: x["model_id"]):
        mid = c["model_id"]
        if mid not in recs:
            rec = new_model_record(c, models_out)
            recs[mid] = rec
            stats["models_added"] = stats.get("models_added", 0) + 1
        rec = recs[mid]
        src = c["source"]
        mir = c["mirror"]
        where = f"{mir['repo']} {mir['path']} at commit {mir['commit']}"
        stats["cards"] += 1
        notes = rec.setdefault("notes", [])
        notes[:] = [n for n in notes if not n.startswith(STABILITY_PROFILE_NOTE)]
        notes.append(f"model card ({src}) applied with top precedence: transcribed in "
                     f"tools/research/{c.get('_file', 'model-cards.json')} from {where}. The card copy is undated, so "
                     "card facts carry no as_of.")
        notes.extend(copy_order_notes(c))
        if mir.get("other_stored_version"):
            notes.append(f"model card: the mirror also stores a version at commit "
                         f"{mir['other_stored_version']} ({mir['other_version_compared']}).")
        notes.append(f"model card: launch date {c['model_launch_date']} (informational only).")
        if c["_mantle_only"]:
            notes.append("bedrock-mantle only: the card prints no bedrock-runtime model id, so this id is "
                         "the card's bedrock-mantle model id. Lifecycle and limits are the card's; Regions "
                         "and features are unknown (the catalog describes bedrock-runtime).")

        # ---- regions -----------------------------------------------------
        new_all = apply_card_regions(c, rec, notes, src, where)

        # ---- lifecycle ---------------------------------------------------
        st_text, eol_text = c["model_lifecycle"], c["model_eol_date"]
        if st_text is None:
            notes.append("model card: no lifecycle line; lifecycle kept from the older sources.")
        elif not st_text.startswith(("Active", "Legacy")):
            notes.append(f"model card: lifecycle '{st_text}' (EOL '{eol_text}') is neither Active nor "
                         "Legacy: lifecycle unknown" + (", older rows kept." if rec.get("lifecycle") else "."))
        else:
            apply_card_lifecycle(c, rec, notes, new_all, src)
        notes.extend(lifecycle_field_notes(c, rec))

        # ---- limits ------------------------------------------------------
        lim = dict(rec.get("limits") or {})
        said = []
        for k, label in (("context_window", "context window"), ("max_output_tokens", "max output tokens")):
            if c[k] is None:
                continue  # the card has no such line: the older fact (or none) stays
            new_l = token_limit(c[k], src)
            old_l = lim.get(k)
            if old_l is not None and old_l["value"] != new_l["value"]:
                notes.append(f"conflict: {source_label(old_l['source'])} gave {k} {old_l['value']}; the model "
                             f"card (newer) gives {new_l['value']}.")
            lim[k] = new_l
            said.append(f"{label} '{c[k]}' -> {new_l['value']}")
        notes[:] = [n for n in notes if not n.startswith("limits converted from the card's rounded")]
        if said:
            notes.append("limits from the model card: " + ", ".join(said) + ". K is read as 1,000 and M "
                         "as 1,000,000, so the values are lower bounds (the card may mean 1,024 / 1,048,576).")
        missing = [k for k in ("context_window", "max_output_tokens") if c[k] is None]
        if missing:
            notes.append("model card: no " + " / ".join(missing) + " line; "
                         + ("kept from the older source." if all(k in lim for k in missing) else "unknown."))
        if lim:
            rec["limits"] = lim

        # ---- features ----------------------------------------------------
        feats = rec.setdefault("features", {})
        set_true, set_false = [], []

        def put(name, val, why):
            old_f = feats.get(name)
            if old_f is not None and old_f["supported"] != val:
                notes.append(f"conflict: {source_label(old_f['source'])} said {name} "
                             f"supported={str(old_f['supported']).lower()}; the model card (newer) "
                             f"says {str(val).lower()} ({why}).")
            for n in [n for n in notes if n.startswith(f"{name} left unknown")]:
                notes.append(f"{name} was left unknown by the older sources ({n}); the model card "
                             f"(newer) states supported={str(val).lower()} ({why}).")
            new_f = {"supported": val, "source": src}
            for k in ("regions", "profile_regions"):
                if old_f is not None and k in old_f and val:
                    new_f[k] = old_f[k]
            feats[name] = new_f
            (set_true if val else set_false).append(name)

        if c["_mantle_only"]:
            pass  # bedrock-mantle only: no bedrock-runtime feature is known
        elif c["reasoning"] == "Supported":
            put("extended-thinking", True, "'Reasoning: Supported'")
        elif c["reasoning"] is not None:
            raise SystemExit(f"{mid}: reasoning {c['reasoning']!r}")
        if c["_mantle_only"]:
            pass
        elif c["prompt_caching_supported"] == "Yes":
            put("prompt-caching", True, "'Prompt caching supported: Yes'")
        elif c["prompt_caching_supported"] is not None:
            raise SystemExit(f"{mid}: prompt caching {c['prompt_caching_supported']!r}")
        # Vision is image input to a model that answers in text: an image
        # input to an embedding, rerank, image or video model is not vision.
        media = re.search(r"embed|rerank|canvas|reel|image-generator|marengo|\.ray-|sonic|^stability\.", mid)
        if c["input_modalities"] is not None and not media and not c["_mantle_only"]:
            img = c["input_modalities"]["Image"]
            put("vision", img, "Input Modalities: Image " + ("checkmark" if img else "X"))
        rf = c["bedrock_runtime_features"]
        if rf:
            for col, val in (("supported", True), ("not_supported", False)):
                for label in rf[col]:
                    name = CARD_FEATURES.get(label)
                    if name is None:
                        continue
                    if name in set_true + set_false and feats[name]["supported"] != val:
                        raise SystemExit(f"{mid}: card contradicts itself on {name}")
                    put(name, val, f"'{label}' in the {'Supported' if val else 'Not Supported'} "
                                   "column of the bedrock-runtime feature table")
        notes.append("features from the model card: supported " + (", ".join(sorted(set(set_true))) or "none")
                     + "; not supported " + (", ".join(sorted(set(set_false))) or "none")
                     + ". Features the card does not mention keep their older source or stay unknown.")
        rec["features"] = dict(sorted(feats.items()))
        if not rec["features"]:
            del rec["features"]

        for n in c["notes"]:
            notes.append("model card: " + n)
        notes.extend(card_dispute_notes(c))

        # ---- profiles ----------------------------------------------------
        named = set()

        def upsert(pid, routing, is_global):
            named.add(pid)
            prefix = pid.split(".", 1)[0]
            p = profs.get(pid)
            if p is None:
                pn = [f"from the model card ({src}, {where}); the card copy is undated, so no as_of."]
                if is_global:
                    pn.append("global profile: routing lists the Regions the card marks Global, each "
                              "with an empty explicit list (the card names no per-source "
                              "destinations; global = all commercial Regions).")
                p = {"id": pid, "prefix": prefix, "model": mid, "routing": routing,
                     "source": src, "notes": pn}
                profiles_out.append(p)
                profs[pid] = p
                stats["profiles_added"] += 1
                return
            if p["model"] != mid:
                raise SystemExit(f"{pid}: model {p['model']} vs card {mid}")
            old_r = p.get("routing")
            olab = source_label(p["source"])
            if is_global and old_r:
                routing = {s: old_r.get(s, []) for s in routing}
            if old_r == routing:
                p["notes"].append(f"the model card ({src}, commit {mir['commit']}) shows the same "
                                  "routing" + (" source Regions." if is_global else "."))
                stats["profiles_confirmed"] += 1
                return
            pn = []
            if old_r is None:
                pn.append(f"routing from the model card ({src}, commit {mir['commit']}): source "
                          "Regions = the Regions the card marks " + ("Global" if is_global else "Geo") + ".")
                p["notes"] = [n for n in p["notes"] if not n.startswith("routing absent:")]
            else:
                gone = sorted(set(old_r) - set(routing))
                new = sorted(set(routing) - set(old_r))
                chg = sorted(s for s in set(old_r) & set(routing) if old_r[s] != routing[s])
                if gone:
                    pn.append(f"conflict: {olab} listed source Region(s) " + ", ".join(gone)
                              + "; the model card (newer) does not: dropped.")
                if new:
                    pn.append(f"source Region(s) added from the model card (newer than {olab}): "
                              + ", ".join(new) + ".")
                for s in chg:
                    pn.append(f"conflict: {olab} routed {s} -> {', '.join(old_r[s]) or '(none listed)'}; "
                              f"the model card (newer) lists {', '.join(routing[s])}.")
                if is_global:
                    pn.append("explicit destination lists of sources kept from the older record are "
                              "informational (global = all commercial Regions).")
            p["routing"] = routing
            if p["source"] != src:
                pn.append(f"routing now cited to the model card ({src}, commit {mir['commit']}); "
                          f"previously {p['source']}.")
                p["source"] = src
            if "as_of" in p:
                del p["as_of"]
                p["notes"] = [n for n in p["notes"] if n != PROFILE_ASOF_NOTE]
                pn.append("as_of removed: the card copy is undated.")
            p["notes"].extend(pn)
            stats["profiles_updated"] += 1

        for pid, r in c["geo_profiles"].items():
            routing = {s: sorted(set(d)) for s, d in r.items()}
            if pid.startswith("us."):
                gov = sorted(s for s in routing if s.startswith("us-gov-"))
                for s in gov:
                    del routing[s]
                if gov:
                    gp = profs.get("us-gov." + pid[len("us."):])
                    if gp is not None:
                        same = all(gp.get("routing", {}).get(s) == sorted(set(r[s])) for s in gov)
                        gp["notes"].append(f"the model card ({src}, commit {mir['commit']}) lists "
                                           f"{', '.join(gov)} under its Geo: US table ({pid}) with "
                                           "destinations " + "; ".join(f"{s} -> {', '.join(r[s])}" for s in gov)
                                           + (": same routing as this profile." if same else
                                              ": differs from this profile's routing (kept as a dispute)."))
                        if not same:
                            add_routing_dispute(gp, {s: sorted(set(r[s])) for s in gov}, src,
                                                f"the card's Geo: US table ({pid}, commit {mir['commit']}) "
                                                f"routes {', '.join(gov)} as listed here; "
                                                f"{source_label(gp['source'])} routes this us-gov. profile "
                                                "otherwise. The card lists the rows under the us. profile, "
                                                "not under this id, and no copy read orders the two pages.")
                    notes.append(f"model card: its Geo: US table lists {', '.join(gov)} as source "
                                 f"Region(s) of {pid} (destinations: GovCloud Regions). GovCloud is a "
                                 "separate partition whose profiles use the us-gov. prefix; not applied "
                                 f"to {pid} (documentation conflict).")
            upsert(pid, routing, False)
        for pid, listed in c["global_profiles"].items():
            upsert(pid, {s: [] for s in listed}, True)
        for pid, what in sorted((c.get("profiles_without_routing") or {}).items()):
            named.add(pid)
            stats["profiles_added"] += add_unrouted_profile(profs, profiles_out, pid, mid, src, mir, what)
        for p in profiles_out:
            if p["model"] == mid and p["id"] not in named:
                p["notes"].append(f"not named on the model card ({src}, commit {mir['commit']}), "
                                  "which lists only " + ", ".join(sorted(named)) + "; kept from "
                                  f"{source_label(p['source'])} (may be withdrawn or undocumented).")
    profiles_out.sort(key=lambda r: r["id"])
    return stats


# --------------------------------------------------------------------------
# Fourth pass: cross-model pages (tools/research/pages-4e.json)
# --------------------------------------------------------------------------

# models-region-compatibility (c2hans 07f049df) lists GPT-6 Astra, launched
# 2026-09-08: it is newer than both versions of model-lifecycle.html the
# catalog cites (LC-A, before the 2026-09-07 split; the December 2025 copy of
# lifecycle-history.json). Where it prints another end of life than a row
# from those, it wins. It is NOT ordered against model-lifecycle-legacy (LC-B)
# or the cards: a disagreement with those is decided by hand here.
REGION_PAGE_BEATS = {URL_LC_A}
REGION_PAGE_EVIDENCE = ("models-region-compatibility (c2hans 07f049df, which lists GPT-6 Astra, "
                        "launched 2026-09-08, so it is newer than model-lifecycle.html before the "
                        "2026-09-07 split and than its December 2025 version)")

# Cells of the region page that contradict a row no evidence orders against
# it: (model, Region) -> the page's reading, kept as a lifecycle dispute.
REGION_PAGE_DISPUTES = {
    ("amazon.nova-sonic-v1:0", "eu-north-1"): {
        "status": "active",
        "note": ("models-region-compatibility (c2hans 07f049df, read whole) shows In-Region "
                 "'supported' in eu-north-1 with no Legacy text, while the same table prints "
                 "'Legacy (EOL: 2026-09-14)' for us-east-1 and ap-northeast-1; every copy of "
                 "model-lifecycle-legacy read lists eu-north-1 in Nova Sonic's EOL entry "
                 "(September 14, 2026). The copies of each page agree with each other and the "
                 "mirror does not date one page against the other. Legacy being one-way favours "
                 "the legacy page, whose row is kept as the fact."),
    },
}


def region_page_cells(page: dict) -> dict[str, dict[str, tuple[str, str]]]:
    """model -> Region -> (status, end of life) for every cell of the region
    page that prints a lifecycle ('Legacy (EOL: …)' or 'EOL: …')."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for row in page["rows"]:
        mid = row.get("model_id")
        if not mid:
            continue
        found = set()
        for col in ("In-Region", "Geo", "Global"):
            m = re.search(r"EOL: (\d{4}-\d{2}-\d{2})", row[col])
            if m:
                found.add(m[1])
        if len(found) > 1:
            raise SystemExit(f"region page: {mid} {row['Region']} prints two EOL dates {found}")
        if found:
            out.setdefault(mid, {})[row["Region"]] = ("legacy", found.pop())
    return out


def covering_row(rows: list[dict], region: str) -> dict | None:
    return (next((r for r in rows if region in r["regions"]), None)
            or next((r for r in rows if "*" in r["regions"]), None))


def apply_region_page(models_out: dict, page: dict) -> dict:
    """The region page's per-Region lifecycle cells against the rows kept:
    agreement noted; a Region no row covers gets a row cited to the page; a
    row from an older page is replaced for that Region; the Nova Sonic
    eu-north-1 cell is kept as a dispute (REGION_PAGE_DISPUTES)."""
    stats = {"confirmed": 0, "replaced": 0, "added": 0, "disputes": 0}
    recs = {r["id"]: r for lst in models_out.values() for r in lst}
    for mid, cells in sorted(region_page_cells(page).items()):
        rec = recs[mid]
        rows = rec.setdefault("lifecycle", [])
        notes = rec.setdefault("notes", [])
        confirmed, new_rows = [], {}
        for region, (status, eol) in sorted(cells.items()):
            row = covering_row(rows, region)
            if row is not None and row.get("end_of_life") == eol:
                confirmed.append(region)
                continue
            if row is not None:
                if row["source"] not in REGION_PAGE_BEATS or "*" in row["regions"]:
                    raise SystemExit(f"region page: {mid} {region} EOL {eol} vs {row}: decide by hand")
                notes.append(f"lifecycle for {region}: {REGION_PAGE_EVIDENCE} prints 'EOL: {eol}'; the "
                             f"row from {source_label(row['source'])} said {row['status']}, EOL "
                             f"{row.get('end_of_life', 'none')} (legacy {row.get('legacy', 'none')}): "
                             "replaced for this Region (the page gives no Legacy or extended-access date).")
                row["regions"] = [r for r in row["regions"] if r != region]
                stats["replaced"] += 1
            else:
                notes.append(f"lifecycle for {region}: no row covered it; {REGION_PAGE_EVIDENCE} "
                             f"prints 'EOL: {eol}'.")
                stats["added"] += 1
            new_rows.setdefault((status, eol), []).append(region)
        rows[:] = [r for r in rows if r["regions"]]
        for (status, eol), regions in sorted(new_rows.items()):
            rows.append({"regions": sorted(regions), "status": status, "end_of_life": eol,
                         "source": URL_REGION_PAGE})
        if confirmed:
            stats["confirmed"] += len(confirmed)
            notes.append(f"lifecycle confirmed by {REGION_PAGE_EVIDENCE} for {', '.join(confirmed)}.")
        rows.sort(key=lambda r: (r["regions"][0], r.get("end_of_life", ""), r["source"]))
    for (mid, region), spec in sorted(REGION_PAGE_DISPUTES.items()):
        rows = recs[mid]["lifecycle"]
        row = covering_row(rows, region)
        if row is None or "*" in row["regions"]:
            raise SystemExit(f"region page dispute {mid} {region}: no row of its own to dispute")
        if row["regions"] != [region]:
            row["regions"] = [r for r in row["regions"] if r != region]
            row = {**{k: v for k, v in row.items() if k != "disputes"}, "regions": [region]}
            rows.append(row)
        row.setdefault("disputes", []).append({**spec, "source": URL_REGION_PAGE})
        rows.sort(key=lambda r: (r["regions"][0], r.get("end_of_life", ""), r["source"]))
        recs[mid]["notes"].append(f"lifecycle for {region} is disputed (see the row's disputes): "
                                  + spec["note"])
        stats["disputes"] += 1
    return stats


def batch_rows_4e(page: dict) -> dict:
    """pages-4e's batch-inference rows (the models batch-inference.json could
    not map) in the shape apply_batch_table reads."""
    copy = next(c for c in page["copies"] if c["transcribed"])
    def cell(text):
        t = (text or "").strip()
        return None if not t else "N/A" if t == "N/A" else split_regions(t.replace(",", " "))
    rows = [{"model": r["Model"], "model_id": r["Model ID"],
             "foundation_model_regions": cell(r["Single-region model support"]),
             "inference_profile_regions": cell(r["Cross-region inference profile support"])}
            for r in page["rows"]]
    return {"_about": {"source": page["source"],
                       "mirror": {"repo": copy["repo"], "commit": copy["commit"],
                                  "path": "docs/bedrock/latest/userguide/batch-inference-supported.md"}},
            "rows": rows}


def drop_secondary_lifecycle_rows(models_out: dict) -> int:
    """Lifecycle rows cited to a non-AWS page cannot say they are secondary
    (the schema has no field for it) and have no AWS basis: dropped, noted.
    Returns how many."""
    n = 0
    for lst in models_out.values():
        for rec in lst:
            keep = []
            for row in rec.get("lifecycle", []):
                if row["source"].startswith("https://docs.aws.amazon.com/"):
                    keep.append(row)
                    continue
                n += 1
                rec.setdefault("notes", []).append(
                    f"lifecycle for {', '.join(row['regions'])} unknown: the secondary row from "
                    f"{row['source']} (legacy {row.get('legacy', 'none')}, EOL "
                    f"{row.get('end_of_life', 'none')}) is dropped: no AWS page read states it for "
                    "these Regions, and a lifecycle row cannot be marked secondary.")
            if "lifecycle" in rec:
                rec["lifecycle"] = keep
                if not keep:
                    del rec["lifecycle"]
    return n


# --------------------------------------------------------------------------
# tools/mirror-pages.json: every AWS page the catalog cites -> the mirror
# copies read (issue 12, point 7; checked by tests/catalog_sources.rs)
# --------------------------------------------------------------------------

# Pages the reference (tools/reference) read from a mirror without
# recording the commit: the copies the mirrors store for their path, as
# find_files listed them on 2026-11-29 (one commit per mirror). S1/S2, LC-A
# and LC-B were read from copies among those the mirrors keep; which one is
# not recorded.
STORED_COPIES: dict[str, list[dict]] = {
    DOCS + "geographic-cross-region-inference.html": [
        {"repo": "c2hans/aws-docs", "path": "docs/bedrock/latest/userguide/geographic-cross-region-inference.md", "commit": "2b828ab147ef350db2fb775663eb79fce16b8de3"},
        {"repo": "crowecawcaw/aws-docs-history", "path": "docs/bedrock/latest/userguide/geographic-cross-region-inference.md", "commit": "11a28c9c2d34de356c284a84e77fd3f96a834d8e"},
    ],
    DOCS + "global-cross-region-inference.html": [
        {"repo": "c2hans/aws-docs", "path": "docs/bedrock/latest/userguide/global-cross-region-inference.md", "commit": "be2dfe9fba03ede1354c3d55e219bec117c1e4e4"},
        {"repo": "crowecawcaw/aws-docs-history", "path": "docs/bedrock/latest/userguide/global-cross-region-inference.md", "commit": "11a28c9c2d34de356c284a84e77fd3f96a834d8e"},
    ],
    DOCS + "latency-optimized-inference.html": [
        {"repo": "c2hans/aws-docs", "path": "docs/bedrock/latest/userguide/latency-optimized-inference.md", "commit": "be7e64fb3496d4d65d8c803e1ef9a8becb598e06"},
        {"repo": "crowecawcaw/aws-docs-history", "path": "docs/bedrock/latest/userguide/latency-optimized-inference.md", "commit": "11a28c9c2d34de356c284a84e77fd3f96a834d8e"},
    ],
    DOCS + "prompt-caching.html": [
        {"repo": "c2hans/aws-docs", "path": "docs/bedrock/latest/userguide/prompt-caching.md", "commit": "3bfec7d57ec638cc49187a7c09571f990f70360e"},
        {"repo": "crowecawcaw/aws-docs-history", "path": "docs/bedrock/latest/userguide/prompt-caching.md", "commit": "610775d9744b937473986334462822a6405eb67b"},
    ],
    DOCS + "models-supported.html": [
        {"repo": "c2hans/aws-docs", "path": "docs/bedrock/latest/userguide/models-supported.md", "commit": "63cf41d661d66ec83c0b669091773802db5b9e31"},
        {"repo": "crowecawcaw/aws-docs-history", "path": "docs/bedrock/latest/userguide/models-supported.md", "commit": "18b9898b2aac03fe344ac3dc11e13b84f814cbe9"},
    ],
    DOCS + "model-lifecycle-legacy.html": [
        {"repo": "c2hans/aws-docs", "path": "docs/bedrock/latest/userguide/model-lifecycle-legacy.md", "commit": "cd716007bf8839d827364011e5844946e45ef6d1"},
        {"repo": "crowecawcaw/aws-docs-history", "path": "docs/bedrock/latest/userguide/model-lifecycle-legacy.md", "commit": "ad952023c6069b7906390fecc5c3c66ea322dc94"},
    ],
    DOCS + "model-lifecycle.html": [
        {"repo": "c2hans/aws-docs", "path": "docs/bedrock/latest/userguide/model-lifecycle.md", "commit": "be2dfe9fba03ede1354c3d55e219bec117c1e4e4"},
        {"repo": "crowecawcaw/aws-docs-history", "path": "docs/bedrock/latest/userguide/model-lifecycle.md", "commit": "2162fa222cd06abbb58219ebe13640c4adb1020c"},
    ],
}
# Pages read outside the mirrors (no mirror stores the path).
OTHER_READS: dict[str, list[dict]] = {
    "https://docs.aws.amazon.com/ko_kr/bedrock/latest/userguide/conversation-inference-supported-models-features.html": [
        {"repo": None, "path": None, "commit": None, "role": "transcribed",
         "transcription": "the reference (features.json converse_api)",
         "via": ("the search tool's documentation corpus (machine-translated page; the English page "
                 "was not retrievable); find_files lists no mirror copy of the ko_kr path")},
    ],
}


def check_sources_module():
    spec = importlib.util.spec_from_file_location("check_sources", ROOT / "tools" / "check-sources.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def page_reads() -> dict[str, list[dict]]:
    """url -> the mirror copies the transcriptions read (or compared)."""
    reads: dict[str, list[dict]] = {}

    def add(url, repo, path, commit, via, role, copy_id=None):
        r = {"repo": repo, "path": path, "commit": commit, "transcription": via, "role": role}
        if copy_id:
            r["id"] = str(copy_id)
        lst = reads.setdefault(html_url(url), [])
        if r not in lst:
            lst.append(r)

    research = "tools/research/"
    for path in CARDS_PATHS:
        for c in json.loads(path.read_text(encoding="utf-8"))["cards"]:
            m = c["mirror"]
            via = research + path.name
            add(c["source"], m["repo"], m["path"], m["commit"], via, "transcribed")
            if m.get("other_stored_version"):
                add(c["source"], m["repo"], m["path"], m["other_stored_version"], via, "compared")
            for cp in c.get("copies", []):
                if cp.get("commit") != m["commit"] or cp.get("repo") != m["repo"]:
                    add(c["source"], cp.get("repo"), m["path"], cp.get("commit"), via, "compared", cp.get("id"))
    pages = json.loads(PAGES_PATH.read_text(encoding="utf-8"))["pages"]
    for name, pg in pages.items():
        for cp in pg["copies"]:
            add(pg["source"], cp.get("repo"), "docs/bedrock/latest/userguide/" + name, cp.get("commit"),
                research + PAGES_PATH.name, "transcribed" if cp.get("transcribed") else "compared", cp.get("id"))
    for p, about in ((BATCH_PATH, "_about"), (HISTORY_PATH, None)):
        doc = json.loads(p.read_text(encoding="utf-8"))
        doc = doc[about] if about else doc
        m = doc["mirror"]
        add(doc["source"], m["repo"], m["path"], m["commit"], research + p.name, "transcribed")
    # Repository-relative, so the file is the same on every machine.
    shown = REF.relative_to(ROOT) if REF.is_relative_to(ROOT) else REF
    ref = f"the reference ({shown})"
    reg = load("regions.json")["_meta"]["regionListSource"]
    add(reg["url"], reg["retrievedVia"]["repo"], reg["retrievedVia"]["path"], reg["retrievedVia"]["commit"],
        ref, "transcribed")
    for p in load("profiles.json"):
        rv = p["source"]["retrievedVia"]
        add(p["source"]["url"], rv["repo"], rv["path"], rv["commit"], ref, "transcribed")
    for url, lst in OTHER_READS.items():
        reads.setdefault(url, []).extend(lst)
    return reads


def mirror_pages(cited: set[str]) -> dict:
    """The page list of tools/mirror-pages.json for every cited AWS page."""
    reads = page_reads()
    pages = {}
    for url in sorted(u for u in cited if u.startswith("https://docs.aws.amazon.com/")):
        entry = {"read": sorted(reads.get(url, []), key=lambda r: json.dumps(r, sort_keys=True))}
        stored = STORED_COPIES.get(url)
        if stored:
            entry["stored"] = stored
        if not entry["read"] and not stored:
            raise SystemExit(f"cited page {url}: no mirror copy recorded (add it to STORED_COPIES)")
        pages[url] = entry
    return {
        "_about": ("Every AWS page the catalog cites, with the mirror copies its facts were read from "
                   "('read': repository, path, commit, the transcription that holds them, and whether "
                   "that copy was transcribed or only compared; commit null where the search tool did "
                   "not report it) and, for pages the reference read without recording a commit, the "
                   "copies the mirrors store ('stored', from find_files). Written by "
                   "tools/build-catalog.py; tests/catalog_sources.rs checks that every fact's source is "
                   "listed here or in 'secondary'."),
        "pages": pages,
        "secondary": {url: {"kinds": sorted(v["kinds"]), "why": v["why"]}
                      for url, v in sorted(check_sources_module().SECONDARY.items())},
    }


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def provider_slug(model_id: str) -> str:
    return model_id.split(".", 1)[0]


def main() -> int:
    models_ref = load("models.json")
    profiles_ref = load("profiles.json")
    regions_ref = load("regions.json")
    lc_ref = load("lifecycle.json")
    feats_ref = load("features.json")

    assert len(models_ref) == 94, len(models_ref)
    assert len(profiles_ref) == 101, len(profiles_ref)
    assert len(regions_ref["regions"]) == 35, len(regions_ref["regions"])

    models_by_id = {m["model_id"]: m for m in models_ref}
    assert len(models_by_id) == 94, "duplicate model ids in models.json"

    # Models only referenced by profiles (Stability AI).
    profile_only_models: dict[str, dict] = {}
    for p in profiles_ref:
        fm = p["foundationModelId"]
        if fm in models_by_id or fm in profile_only_models:
            continue
        name = re.sub(r"^(US|EU|APAC|JP|AU|CA|US-GOV|GLOBAL|Global)\s+", "", p["displayName"])
        assert fm.startswith("stability."), fm
        profile_only_models[fm] = {"id": fm, "provider": "Stability AI", "name": name,
                                   "via": p["inferenceProfileId"],
                                   "sources": sorted(p["routing"])}
    assert len(profile_only_models) == 13, len(profile_only_models)

    # Card snapshot lower bounds (as_of) where the card copy can be dated.
    card_as_of = {"meta.llama3-3-70b-instruct-v1:0": LCB_AS_OF}

    # Regions per model
    regions_of: dict[str, dict] = {}
    model_notes: dict[str, list[str]] = {}
    for mid, m in models_by_id.items():
        reg, n = model_regions(m, card_as_of)
        if reg:
            regions_of[mid] = reg
        model_notes.setdefault(mid, []).extend(n)

    s2_listed = {mid for mid, m in models_by_id.items()
                 if m["listed_in_models_supported"].get("S2_2026_02_15")}
    all_ids = set(models_by_id) | set(profile_only_models)
    lc_rows, lc_notes, repl, acct = build_lifecycle(models_by_id, regions_of, lc_ref,
                                                    s2_listed, card_as_of)
    feats, feat_notes = build_features(models_by_id, feats_ref)

    # Sonnet 4.6: the only AWS facts are profiles from its card and the
    # prompt-caching table (which names it "Claude Sonnet 4.6").
    pc_names = {r["Model ID"]: r["Model name"] for r in feats_ref["prompt_caching"]["rows"]}

    models_out: dict[str, list[dict]] = {}
    for mid in sorted(all_ids):
        if mid in models_by_id:
            m = models_by_id[mid]
            dn = m["display_name"]
            if "models-supported S2 (2026-02-15)" in dn:
                name = dn["models-supported S2 (2026-02-15)"]["value"]
            elif "models-supported S1" in dn:
                name = dn["models-supported S1"]["value"]
            else:
                name = pc_names[mid]
            rec = {"id": mid, "provider": m["provider"], "name": name}
            notes = list(model_notes.get(mid, []))
            if not dn:
                notes.append(f"name from the prompt-caching table ({URL_PROMPT_CACHING}); the model "
                             "is in neither models-supported snapshot (S1, S2).")
            s1n = dn.get("models-supported S1", {}).get("value")
            s2n = dn.get("models-supported S2 (2026-02-15)", {}).get("value")
            if s1n and s2n and s1n != s2n:
                notes.append(f"name differs: S1 '{s1n}', S2 '{s2n}' (S2 used).")
            if mid == "google.gemma-3-27b-it":
                notes.append("S2 names this model 'Gemma 3 27B PT' although the id ends in -it "
                             "(instruction-tuned); name kept as the source gives it.")
        else:
            pm = profile_only_models[mid]
            rec = {"id": mid, "provider": pm["provider"], "name": pm["name"]}
            notes = [f"{STABILITY_PROFILE_NOTE} {pm['via']} (name from its displayName). No regions: no "
                     f"source states in-Region availability (the profile can be called from "
                     f"{', '.join(pm['sources'])}). Lifecycle unknown."]
        if mid in FAMILIES:
            rec["family"], rec["generation"] = FAMILIES[mid]
        if mid in regions_of:
            rec["regions"] = regions_of[mid]
        elif mid == "anthropic.claude-sonnet-4-6":
            notes.append("regions absent: the model is in neither models-supported snapshot; its "
                         "model card was read only for inference-profile routing (see profiles), "
                         "not its in-Region column.")
        if mid in lc_rows:
            rec["lifecycle"] = lc_rows[mid]
        notes.extend(lc_notes.get(mid, []))
        if mid in repl:
            rec["replacement"] = repl[mid]
        if mid in feats:
            rec["features"] = feats[mid]
        notes.extend(feat_notes.get(mid, []))
        if mid in models_by_id:
            lim = build_limits(models_by_id[mid])
            if lim:
                rec["limits"] = lim
                notes.append("limits from the card's rounded 'NK' values: `value` reads K as 1,000, "
                             "`upper` as 1,024, since the card does not say which.")
        if notes:
            rec["notes"] = notes
        models_out.setdefault(provider_slug(mid), []).append(rec)

    haiku_card = models_by_id["anthropic.claude-haiku-4-5-20251001-v1:0"]["model_card"]
    profiles_out = build_profiles(profiles_ref, models_by_id, haiku_card)
    regions_out = build_regions(regions_ref)
    prefixes_out = build_prefixes()
    features_out = {"features": {k: {"description": v} for k, v in FEATURES_VOCAB.items()}}

    # model cards: top precedence, applied last
    card_stats = apply_model_cards(models_out, profiles_out, load_cards())
    # the whole batch table, read later than the reference's first rows
    if BATCH_PATH.exists():
        with open(BATCH_PATH, encoding="utf-8") as f:
            acct["batch"] = apply_batch_table(models_out, json.load(f))
    # older lifecycle page: lowest precedence, applied after everything newer
    with open(HISTORY_PATH, encoding="utf-8") as f:
        hist_stats = apply_lifecycle_history(models_out, json.load(f))
    acct["history"] = hist_stats
    for lst in models_out.values():
        for r in lst:
            if "notes" in r and not r["notes"]:
                del r["notes"]
    acct["card_profiles_added"] = card_stats["profiles_added"]
    acct["card_profiles_updated"] = card_stats["profiles_updated"]
    acct["card_profiles_confirmed"] = card_stats["profiles_confirmed"]
    acct["cards"] = card_stats["cards"]
    acct["card_models_added"] = card_stats.get("models_added", 0)
    acct["secondary_dropped"] = drop_secondary_lifecycle_rows(models_out)
    # the cross-model pages of the fourth pass: newer than the lifecycle
    # tables they correct (see apply_region_page)
    with open(PAGES_PATH, encoding="utf-8") as f:
        pages = json.load(f)
    acct["region_page"] = apply_region_page(models_out, pages["pages"]["models-region-compatibility.md"])
    # the batch rows of models only the fourth pass added (same table, newest copy)
    acct["batch_4e"] = apply_batch_table(models_out, batch_rows_4e(pages["pages"]["batch-inference-supported.md"]))

    catalog = {
        "schema": 1,
        "as_of": CATALOG_AS_OF,
        "sources": {
            "models-supported-S1": {"url": URL_MODELS_SUPPORTED, "date": S1_AS_OF},
            "models-supported-S2": {"url": URL_MODELS_SUPPORTED, "date": S2_AS_OF},
            "model-lifecycle-LC-A": {"url": URL_LC_A},
            "model-lifecycle-legacy-LC-B": {"url": URL_LC_B, "date": LCB_AS_OF},
            "inference-profiles-support": {"url": URL_PROFILES, "date": PROFILES_AS_OF},
            "bedrock-endpoints": {"url": URL_ENDPOINTS},
            "geographic-cross-region-inference": {"url": URL_GEO},
            "global-cross-region-inference": {"url": URL_GLB},
            "converse-supported-models-features-ko_kr": {"url": html_url(feats_ref["converse_api"]["source"])},
            "prompt-caching": {"url": URL_PROMPT_CACHING},
            "batch-inference-supported": {"url": URL_BATCH},
            "latency-optimized-inference": {"url": URL_LATENCY},
            "eu-member-states": {"url": URL_EU_MEMBERS},
        },
    }

    # Register every other cited URL (model cards, translated pages, the one
    # secondary page) so catalog.json lists all sources. Dates only where known.
    cited: set[str] = set()

    def collect(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k == "source" and isinstance(v, str):
                    cited.add(v)
                else:
                    collect(v)
        elif isinstance(o, list):
            for v in o:
                collect(v)

    collect([models_out, profiles_out, regions_out, prefixes_out])
    known = {v["url"] for v in catalog["sources"].values()}
    for url in sorted(cited - known):
        m = re.match(r"https://docs\.aws\.amazon\.com/(?:([a-z]{2}_[a-z]{2})/)?.*/([^/]+)\.html$", url)
        if m:
            label = m[2] + (f"-{m[1]}" if m[1] else "")
        else:
            label = "secondary-" + re.sub(r"[^a-z0-9]+", "-", url.split("//", 1)[1].lower()).strip("-")
        entry = {"url": url}
        if url == "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-meta-llama-3-3-70b-instruct.html":
            entry["date"] = LCB_AS_OF  # lower bound, see the model's notes
        assert label not in catalog["sources"], label
        catalog["sources"][label] = entry

    # write
    write_json(MIRROR_PAGES_PATH, mirror_pages(cited))
    write_json(OUT / "catalog.json", catalog)
    write_json(OUT / "regions.json", regions_out)
    write_json(OUT / "prefixes.json", prefixes_out)
    write_json(OUT / "features.json", features_out)
    write_json(OUT / "profiles.json", {"profiles": profiles_out})
    mdir = OUT / "models"
    mdir.mkdir(parents=True, exist_ok=True)
    for stale in mdir.glob("*.json"):
        if stale.stem not in models_out:
            stale.unlink()
    for slug, recs in models_out.items():
        recs.sort(key=lambda r: r["id"])
        write_json(mdir / f"{slug}.json", {"models": recs})

    validate(acct, lc_ref)
    return 0


# --------------------------------------------------------------------------
# Validation (reads the written files back; fails loudly)
# --------------------------------------------------------------------------

ALLOWED = {
    "catalog": {"schema", "as_of", "sources"},
    "source_entry": {"url", "date"},
    "region": {"code", "name", "geography", "country", "partition", "commercial", "eu_member", "source"},
    "boundary": {"description", "regions", "source", "note"},
    "prefix": {"scope", "name", "source"},
    "feature_vocab": {"description"},
    "model": {"id", "provider", "name", "family", "generation", "regions", "lifecycle",
              "replacement", "features", "limits", "notes"},
    "model_regions": {"in_region", "profile_only", "mode_unknown", "source", "as_of", "notes", "disputes"},
    "regions_dispute": {"in_region", "profile_only", "mode_unknown", "source", "note"},
    "lifecycle": {"regions", "status", "legacy", "public_extended_access", "end_of_life", "source", "as_of",
                  "disputes"},
    "lifecycle_dispute": {"status", "legacy", "public_extended_access", "end_of_life", "source", "note"},
    "routing_dispute": {"routing", "source", "note"},
    "replacement": {"model", "source", "confidence", "note"},
    "feature": {"supported", "regions", "profile_regions", "source"},
    "limit": {"value", "upper", "source"},
    "profile": {"id", "prefix", "model", "routing", "source", "as_of", "notes", "disputes"},
}


def validate(acct: dict, lc_ref: dict) -> None:
    errors: list[str] = []

    def err(msg):
        errors.append(msg)

    def keys(obj, kind, where):
        extra = set(obj) - ALLOWED[kind]
        if extra:
            err(f"{where}: unknown keys {sorted(extra)}")

    def date_ok(v, where):
        try:
            if _dt.date.fromisoformat(v).isoformat() != v:
                raise ValueError
        except Exception:
            err(f"{where}: bad date {v!r}")

    def src_ok(obj, where):
        s = obj.get("source")
        if not isinstance(s, str) or not s.startswith("https://"):
            err(f"{where}: missing/bad source {s!r}")
        elif s.startswith("https://docs.aws.amazon.com/") and s.endswith(".md"):
            err(f"{where}: .md source {s}")

    def sorted_list(lst, where):
        if lst != sorted(lst) or len(lst) != len(set(lst)):
            err(f"{where}: list not sorted/unique")

    load_out = lambda p: json.loads((OUT / p).read_text(encoding="utf-8"))
    cat = load_out("catalog.json")
    keys(cat, "catalog", "catalog.json")
    if cat["schema"] != 1:
        err("schema != 1")
    date_ok(cat["as_of"], "catalog.as_of")
    for k, v in cat["sources"].items():
        keys(v, "source_entry", f"sources.{k}")
        if "date" in v:
            date_ok(v["date"], f"sources.{k}.date")

    reg = load_out("regions.json")
    if set(reg) != {"regions", "boundaries", "compliance"}:
        err("regions.json top-level keys")
    for t, v in reg["compliance"].items():
        src_ok(v, f"compliance tag {t}")
        if v["boundary"] not in reg["boundaries"]:
            err(f"compliance tag {t}: unknown boundary {v['boundary']}")
    codes = [r["code"] for r in reg["regions"]]
    if len(codes) != len(set(codes)):
        err("duplicate region codes")
    codes = set(codes)
    for r in reg["regions"]:
        keys(r, "region", f"region {r['code']}")
        src_ok(r, f"region {r['code']}")
        if r["partition"] not in ("aws", "aws-us-gov"):
            err(f"region {r['code']}: partition")
    for b, v in reg["boundaries"].items():
        keys(v, "boundary", f"boundary {b}")
        src_ok(v, f"boundary {b}")
        sorted_list(v["regions"], f"boundary {b}")
        for c in v["regions"]:
            if c not in codes:
                err(f"boundary {b}: unknown region {c}")

    def region_ok(c, where):
        if c not in codes:
            err(f"{where}: unknown region {c}")

    pre = load_out("prefixes.json")
    if set(pre) != {"prefixes"}:
        err("prefixes.json top-level keys")
    for k, v in pre["prefixes"].items():
        keys(v, "prefix", f"prefix {k}")
        src_ok(v, f"prefix {k}")
        if v["scope"] not in ("geographic", "global"):
            err(f"prefix {k}: scope")

    fv = load_out("features.json")
    vocab = set(fv["features"])
    if vocab != set(FEATURES_VOCAB):
        err("feature vocabulary mismatch")
    for k, v in fv["features"].items():
        keys(v, "feature_vocab", f"feature {k}")

    ids: list[str] = []
    models: dict[str, dict] = {}
    n_lc = 0
    n_disputes = [0]
    for path in sorted((OUT / "models").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if set(data) != {"models"}:
            err(f"{path.name}: top-level keys")
        for m in data["models"]:
            w = f"model {m['id']}"
            keys(m, "model", w)
            if provider_slug(m["id"]) != path.stem:
                err(f"{w}: in wrong provider file {path.name}")
            ids.append(m["id"])
            models[m["id"]] = m
            if ("family" in m) != ("generation" in m):
                err(f"{w}: family without generation or vice versa")
            if "generation" in m and not re.fullmatch(r"\d+(\.\d+)*", m["generation"]):
                err(f"{w}: generation {m['generation']!r}")
            if "regions" in m:
                r = m["regions"]
                keys(r, "model_regions", w + ".regions")
                src_ok(r, w + ".regions")
                if "as_of" in r:
                    date_ok(r["as_of"], w + ".regions.as_of")
                seen = set()
                for lst in ("in_region", "profile_only", "mode_unknown"):
                    sorted_list(r[lst], f"{w}.regions.{lst}")
                    for c in r[lst]:
                        region_ok(c, f"{w}.regions.{lst}")
                        if c in seen:
                            err(f"{w}: region {c} in two lists")
                        seen.add(c)
                for i, d in enumerate(r.get("disputes", [])):
                    ww = f"{w}.regions.disputes[{i}]"
                    keys(d, "regions_dispute", ww)
                    src_ok(d, ww)
                    n_disputes[0] += 1
                    for lst in ("in_region", "profile_only", "mode_unknown"):
                        sorted_list(d.get(lst, []), f"{ww}.{lst}")
                        for c in d.get(lst, []):
                            region_ok(c, ww)
            for i, row in enumerate(m.get("lifecycle", [])):
                ww = f"{w}.lifecycle[{i}]"
                n_lc += 1
                keys(row, "lifecycle", ww)
                src_ok(row, ww)
                if row["status"] not in ("active", "legacy"):
                    err(f"{ww}: status")
                if row["regions"] != ["*"]:
                    sorted_list(row["regions"], ww)
                    for c in row["regions"]:
                        region_ok(c, ww)
                for k in ("legacy", "public_extended_access", "end_of_life", "as_of"):
                    if k in row:
                        date_ok(row[k], f"{ww}.{k}")
                for j, d in enumerate(row.get("disputes", [])):
                    keys(d, "lifecycle_dispute", f"{ww}.disputes[{j}]")
                    src_ok(d, f"{ww}.disputes[{j}]")
                    n_disputes[0] += 1
                    for k in ("legacy", "public_extended_access", "end_of_life"):
                        if k in d:
                            date_ok(d[k], f"{ww}.disputes[{j}].{k}")
            # no two lifecycle rows may cover the same Region
            cov: set = set()
            for row in m.get("lifecycle", []):
                rs = set(row["regions"])
                if cov & rs or ("*" in rs and cov) or ("*" in cov):
                    err(f"{w}: overlapping lifecycle rows")
                cov |= rs
            if "replacement" in m:
                keys(m["replacement"], "replacement", w + ".replacement")
                src_ok(m["replacement"], w + ".replacement")
                if m["replacement"].get("confidence") == "secondary" and not m["replacement"].get("note"):
                    err(f"{w}: secondary replacement without note")
            for fname, f in m.get("features", {}).items():
                ww = f"{w}.features.{fname}"
                if fname not in vocab:
                    err(f"{ww}: not in vocabulary")
                keys(f, "feature", ww)
                src_ok(f, ww)
                if not isinstance(f["supported"], bool):
                    err(f"{ww}: supported not bool")
                for lst in ("regions", "profile_regions"):
                    if lst in f:
                        sorted_list(f[lst], f"{ww}.{lst}")
                        for c in f[lst]:
                            region_ok(c, ww)
            for lname, l in m.get("limits", {}).items():
                if lname not in ("context_window", "max_output_tokens"):
                    err(f"{w}: limit {lname}")
                keys(l, "limit", f"{w}.limits.{lname}")
                src_ok(l, f"{w}.limits.{lname}")
                if not isinstance(l["value"], int) or l["value"] <= 0:
                    err(f"{w}: limit value")
            if "notes" in m and not all(isinstance(x, str) for x in m["notes"]):
                err(f"{w}: notes must be strings")

    prof = load_out("profiles.json")["profiles"]
    pids = [p["id"] for p in prof]
    for p in prof:
        w = f"profile {p['id']}"
        keys(p, "profile", w)
        src_ok(p, w)
        if p["model"] not in models:
            err(f"{w}: model {p['model']} not in catalog")
        if p["prefix"] not in pre["prefixes"]:
            err(f"{w}: prefix {p['prefix']} not in prefixes.json")
        if not p["id"].startswith(p["prefix"] + "."):
            err(f"{w}: id does not start with prefix")
        if "as_of" in p:
            date_ok(p["as_of"], w + ".as_of")
        for s, dests in p.get("routing", {}).items():
            region_ok(s, w + ".routing")
            sorted_list(dests, f"{w}.routing.{s}")
            for c in dests:
                region_ok(c, f"{w}.routing.{s}")
        for j, d in enumerate(p.get("disputes", [])):
            keys(d, "routing_dispute", f"{w}.disputes[{j}]")
            src_ok(d, f"{w}.disputes[{j}]")
            n_disputes[0] += 1
            for s, dests in d["routing"].items():
                region_ok(s, f"{w}.disputes[{j}]")
                sorted_list(dests, f"{w}.disputes[{j}].routing.{s}")
                for c in dests:
                    region_ok(c, f"{w}.disputes[{j}]")
        if not all(isinstance(x, str) for x in p.get("notes", [])):
            err(f"{w}: notes must be strings")
    all_ids = ids + pids
    dup = sorted({x for x in all_ids if all_ids.count(x) > 1})
    if dup:
        err(f"duplicate ids: {dup}")
    if len(ids) != 94 + 13 + acct["history"]["models_added"] + acct["card_models_added"]:
        err(f"expected 107 models + {acct['history']['models_added']} from lifecycle-history.json + "
            f"{acct['card_models_added']} new from model cards, got {len(ids)}")
    if len(pids) != 101 + acct["card_profiles_added"]:
        err(f"expected 101 reference profiles + {acct['card_profiles_added']} added from model "
            f"cards, got {len(pids)}")
    if len(codes) != 35:
        err(f"expected 35 regions, got {len(codes)}")
    # every lifecycle.json row accounted for
    if acct["B_emitted"] + acct["A_emitted"] + acct["A_partial"] + acct["A_superseded"] != len(lc_ref["rows"]):
        err(f"lifecycle accounting {acct}")

    # every fact must have a basis on the page it cites (issue 12, point 4)
    baseless, n_checked = check_sources_module().check(OUT, sys.modules[__name__])
    errors.extend(baseless)

    if errors:
        for e in errors:
            print("ERROR:", e, file=sys.stderr)
        raise SystemExit(f"catalog validation failed: {len(errors)} error(s)")

    n_regions_obj = sum(1 for m in models.values() if "regions" in m)
    n_lc_models = sum(1 for m in models.values() if "lifecycle" in m)
    n_feat = sum(len(m.get("features", {})) for m in models.values())
    print(f"models: {len(ids)} (94 from models.json + 13 profile-only + "
          f"{acct['history']['models_added']} from lifecycle-history.json + "
          f"{acct['card_models_added']} from model cards only) in "
          f"{len(list((OUT / 'models').glob('*.json')))} provider files")
    print(f"  with regions: {n_regions_obj}; with lifecycle: {n_lc_models} "
          f"({n_lc} rows); feature facts: {n_feat}; "
          f"with family: {sum(1 for m in models.values() if 'family' in m)}")
    print(f"lifecycle.json rows: {len(lc_ref['rows'])} -> LC-B emitted {acct['B_emitted']}, "
          f"LC-A emitted {acct['A_emitted']}, LC-A partially kept {acct['A_partial']}, "
          f"LC-A superseded by LC-B {acct['A_superseded']}")
    h = acct["history"]
    print(f"lifecycle-history.json: models added {h['models_added']}, rows added {h['rows_added']}, "
          f"secondary rows re-cited {h['rows_recited']}, replacements {h['replacements']}")
    print(f"model cards applied: {acct['cards']} (profiles added {acct['card_profiles_added']}, "
          f"updated {acct['card_profiles_updated']}, confirmed {acct['card_profiles_confirmed']})")
    if "batch" in acct:
        b = acct["batch"]
        print(f"batch-inference.json: {b['rows']} rows, {b['mapped']} mapped to catalog models "
              f"({b.get('blank', 0)} not applied: blank cell), {b['changed']} reference rows replaced; "
              f"pages-4e.json: {acct['batch_4e']['mapped']} rows of models new in the fourth pass")
    print(f"profiles: {len(pids)}; regions: {len(codes)}; boundaries: {len(reg['boundaries'])}; "
          f"prefixes: {len(pre['prefixes'])}; features: {len(vocab)}; disputes: {n_disputes[0]}")
    rp = acct["region_page"]
    print(f"models-region-compatibility: {rp['confirmed']} Region cells confirm a row, "
          f"{rp['replaced']} replace an older row, {rp['added']} fill a Region no row covered, "
          f"{rp['disputes']} kept as disputes; secondary rows dropped: {acct['secondary_dropped']}")
    print(f"sources: {n_checked} facts checked against the transcriptions of their cited pages "
          "(tools/check-sources.py): every one has a basis")
    print("validation: OK")


if __name__ == "__main__":
    sys.exit(main())
