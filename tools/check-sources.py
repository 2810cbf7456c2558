#!/usr/bin/env python3
"""Check every fact of a catalog against the transcriptions of the page it cites.

A fact has a basis when the page in its `source` was read (a transcription
in tools/research/ or the reference in MODELGATE_REFERENCE, default
tools/reference) and what was read of that page names the fact:

- a model card (model-card-*.html) must be THAT model's card; a profile or a
  prefix cited to a card must be printed on it (GovCloud rows of its Geo: US
  table count as rows of the us-gov. profile); Regions cited to a card must
  be rows of its Region table (in some transcribed copy);
- a table page (models-supported, model-lifecycle, model-lifecycle-legacy,
  models-region-compatibility, batch-inference-supported, prompt-caching,
  latency-optimized-inference, the Converse feature table) must name the
  model in the rows that were read, and a lifecycle row's Regions must be
  Regions those rows give the model; a replacement must be one the row
  recommends;
- inference-profiles-support must list the profile; the endpoints page must
  list the Region; the cross-Region inference pages must name the prefix;
- a non-AWS page is allowed only where it is declared secondary (SECONDARY).

Usage: python3 tools/check-sources.py [--catalog DIR]   (default: catalog/)
Exit 0 when every fact has a basis, 1 otherwise (each fact without one is
printed). tools/build-catalog.py runs the same check and refuses to write a
catalog that fails it. Python 3.11, stdlib only.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AWS = "https://docs.aws.amazon.com/"

# Non-AWS pages a fact may cite, and the only facts they may support.
SECONDARY = {
    "https://dataprivacymanager.net/glossary/eu-member-states/": {
        "kinds": {"boundary"},
        "why": "EU membership is not an AWS fact; AWS never names the EU member states",
    },
    "https://eur-lex.europa.eu/eli/reg/2016/679/oj": {
        "kinds": {"compliance"},
        "why": "a compliance tag names a regulation, not an AWS fact: its text is the source",
    },
}

ANY = None  # "the page names the model but its rows read do not restrict Regions"


class Page:
    """What was read of one page: the models it names (with the Regions its
    rows give each, or ANY), the profiles, prefixes and Regions it prints,
    and the replacements it recommends."""

    def __init__(self) -> None:
        self.models: dict[str, set[str] | None] = {}
        self.profiles: set[str] = set()
        self.prefixes: set[str] = set()
        self.regions: set[str] = set()
        self.replacements: dict[str, set[str]] = {}

    def name(self, mid: str, regions=ANY) -> None:
        if mid in self.models and self.models[mid] is ANY:
            return
        if regions is ANY:
            self.models[mid] = ANY
        else:
            self.models.setdefault(mid, set()).update(regions)


class Basis:
    def __init__(self, bc, research: Path, reference: Path) -> None:
        self.bc = bc
        self.pages: dict[str, Page] = {}
        self.read_cards(research, reference)
        self.read_reference(reference)
        self.read_research_pages(research)

    def page(self, url: str) -> Page:
        return self.pages.setdefault(self.bc.html_url(url), Page())

    # -- model cards ---------------------------------------------------------
    def read_cards(self, research: Path, reference: Path) -> None:
        for path in self.bc.CARDS_PATHS:
            if not path.exists():
                continue
            for raw in json.loads(path.read_text(encoding="utf-8"))["cards"]:
                c = self.bc.normalise_card(raw)
                p = self.page(c["source"])
                p.name(c["model_id"], {r["region"] for r in c["regional_availability"]}
                       | disputed_regions(c))
                named = (set(c["geo_profiles"]) | set(c["global_profiles"])
                         | set(c.get("profiles_without_routing") or {}))
                # GovCloud rows printed in a card's Geo: US table are rows of
                # the us-gov. profile (the build keeps them as its dispute).
                named |= {"us-gov." + pid[3:] for pid, r in c["geo_profiles"].items()
                          if pid.startswith("us.") and any(s.startswith("us-gov-") for s in r)}
                p.profiles |= named
                p.prefixes |= {pid.split(".", 1)[0] for pid in named}
        models = json.loads((reference / "models.json").read_text(encoding="utf-8"))
        for m in models:
            for part in (m.get("model_card") or {}, m.get("limits") or {}):
                if part.get("source"):
                    self.page(part["source"]).name(m["model_id"])
        feats = json.loads((reference / "features.json").read_text(encoding="utf-8"))
        for mid, f in feats["model_card_feature_facts"].items():
            self.page(f["source"]).name(mid)
        lc = json.loads((reference / "lifecycle.json").read_text(encoding="utf-8"))
        for f in lc["model_card_lifecycle_facts"]:
            self.page(f["source"]).name(f["model_id"])

    # -- the reference (tools/reference) -------------------------------
    def read_reference(self, reference: Path) -> None:
        bc = self.bc
        load = lambda name: json.loads((reference / name).read_text(encoding="utf-8"))  # noqa: E731
        for m in load("models.json"):
            av = m["availability"]
            s1 = av.get("S1_models_supported_circa_late_2025")
            s2 = av.get("S2_models_supported_2026_02_15")
            for snap, regions in ((s1, lambda s: s["in_region_on_demand"] + s["cross_region_inference_profile_only"]),
                                  (s2, lambda s: s["regions_listed_in_either_column"])):
                if snap:
                    self.page(snap["source"]).name(m["model_id"], set(regions(snap)))
            for mo in (m.get("modalities") or {}).values():
                self.page(mo["source"]).name(m["model_id"], set())
        lc = load("lifecycle.json")
        for r in lc["rows"]:
            self.page(r["source"]).name(r["model_id"], set(bc.split_regions(r["regions"])))
        for p in load("profiles.json"):
            page = self.page(p["source"]["url"])
            page.profiles.add(p["inferenceProfileId"])
            page.prefixes.add(p["geographyPrefix"])
        regions = load("regions.json")
        self.page(regions["_meta"]["regionListSource"]["url"]).regions |= {
            r["regionCode"] for r in regions["regions"]}
        feats = load("features.json")
        conv = feats["converse_api"]
        for row in conv["rows"]:
            for mid in bc.CONVERSE_ROW_MODELS.get(row["model_row_label"], []):
                self.page(conv["source"]).name(mid, set())
        for key in ("prompt_caching", "latency_optimized_inference"):
            for row in feats[key]["rows"]:
                self.page(feats[key]["source"]).name(row["Model ID"], set())
        for row in feats["batch_inference"]["rows"]:
            mid = bc.BATCH_ROW_MODELS.get(row["Model"])
            if mid:
                self.page(row["source"]).name(mid, set())
        self.read_residency(reference / "residency.md")

    def read_residency(self, path: Path) -> None:
        """The prefix table of residency.md: which page names which prefix."""
        text = path.read_text(encoding="utf-8")
        keys = dict(re.findall(r"^- \[([A-Z0-9]+)\] (https://\S+)$", text, re.M))
        for prefix, evidence in re.findall(r"^\| `([a-z-]+)\.` \|.*\| ([^|]+) \|$", text, re.M):
            for key in re.findall(r"\[([A-Z0-9]+)\]", evidence):
                if key in keys:
                    self.page(keys[key]).prefixes.add(prefix)
        quote = re.search(r"\[GEO\]: \"[^\"]*geographic prefixes such as ([^)]*)\)", text)
        if quote:
            self.page(keys["GEO"]).prefixes |= set(re.findall(r"`([a-z-]+)`", quote[1]))

    # -- research pages --------------------------------------------------------
    def read_research_pages(self, research: Path) -> None:
        bc = self.bc
        hist = json.loads((research / "lifecycle-history.json").read_text(encoding="utf-8"))
        page = self.page(hist["source"])
        for h in hist["rows"]:
            page.name(h["model_id"], ANY if h["regions"] == "*" else set(bc.split_regions(h["regions"])))
            page.replacements.setdefault(h["model_id"], set()).update(h.get("recommended_model_ids") or [])
        batch = json.loads((research / "batch-inference.json").read_text(encoding="utf-8"))
        for row in batch["rows"]:
            if row.get("model_id"):
                self.page(batch["_about"]["source"]).name(row["model_id"], set())
        pages = json.loads((research / "pages-4e.json").read_text(encoding="utf-8"))["pages"]
        cards_by_slug = {Path(p).name: mid for p, mid in self.card_paths()}
        for name, pg in pages.items():
            page = self.page(pg["source"])
            for row in pg.get("rows", []):
                mid = row.get("model_id") or row.get("Model ID") or cards_by_slug.get(row.get("card"))
                if not mid:
                    continue
                if "Region" in row:
                    page.name(mid, {row["Region"]})
                elif "Regions" in row:
                    page.name(mid, set(bc.split_regions(row["Regions"].replace(",", " "))))
                else:
                    page.name(mid, set())

    def card_paths(self):
        for path in self.bc.CARDS_PATHS:
            if path.exists():
                for c in json.loads(path.read_text(encoding="utf-8"))["cards"]:
                    yield c["mirror"]["path"], self.bc.card_id(c)


def disputed_regions(c: dict) -> set[str]:
    """Regions of a card's table that a copy disagreement left out of
    regional_availability, or that another copy lists."""
    out = set()
    for d in c.get("disputes", []):
        if d["field"].startswith("regional_availability."):
            out.add(d["field"].removeprefix("regional_availability."))
        elif d["field"] == "regional_availability":
            for v in d["values"]:
                out |= set(v["value"])
    return out


def facts(catalog: Path):
    """(where, kind, source, subject, Regions, fact) for every fact."""
    load = lambda name: json.loads((catalog / name).read_text(encoding="utf-8"))  # noqa: E731
    reg = load("regions.json")
    for r in reg["regions"]:
        yield f"region {r['code']}", "region", r["source"], r["code"], {r["code"]}, r
    for name, b in reg["boundaries"].items():
        yield f"boundary {name}", "boundary", b["source"], name, set(b["regions"]), b
    for name, p in load("prefixes.json")["prefixes"].items():
        yield f"prefix {name}", "prefix", p["source"], name, set(), p
    for path in sorted((catalog / "models").glob("*.json")):
        for m in json.loads(path.read_text(encoding="utf-8"))["models"]:
            yield from model_facts(m)
    for p in load("profiles.json")["profiles"]:
        yield f"profile {p['id']}", "profile", p["source"], p["id"], set(), p
        for i, d in enumerate(p.get("disputes", [])):
            yield f"profile {p['id']} dispute {i}", "profile", d["source"], p["id"], set(), d


def model_facts(m: dict):
    mid = m["id"]
    r = m.get("regions")
    if r:
        listed = lambda x: set(x.get("in_region", []) + x.get("profile_only", []) + x.get("mode_unknown", []))  # noqa: E731
        yield f"model {mid} regions", "model", r["source"], mid, listed(r), r
        for i, d in enumerate(r.get("disputes", [])):
            yield f"model {mid} regions dispute {i}", "model", d["source"], mid, listed(d), d
    for i, row in enumerate(m.get("lifecycle", [])):
        regions = set(row["regions"]) - {"*"}
        yield f"model {mid} lifecycle[{i}]", "lifecycle", row["source"], mid, regions, row
        for j, d in enumerate(row.get("disputes", [])):
            yield f"model {mid} lifecycle[{i}] dispute {j}", "lifecycle", d["source"], mid, regions, d
    if "replacement" in m:
        yield f"model {mid} replacement", "replacement", m["replacement"]["source"], mid, set(), m["replacement"]
    for name, f in m.get("features", {}).items():
        yield f"model {mid} feature {name}", "feature", f["source"], mid, set(), f
    for name, lim in m.get("limits", {}).items():
        yield f"model {mid} limit {name}", "limit", lim["source"], mid, set(), lim


def problem(basis: Basis, kind: str, source: str, subject: str, regions: set, fact: dict) -> str | None:
    """Why this fact has no basis, or None."""
    if not source.startswith(AWS):
        sec = SECONDARY.get(source)
        if sec and kind in sec["kinds"]:
            return None
        if kind == "replacement" and fact.get("confidence") == "secondary" and fact.get("note"):
            return None
        return f"cites {source}, a non-AWS page not declared secondary for this kind of fact"
    page = basis.pages.get(source)
    if page is None:
        return f"cites {source}, which no transcription read"
    if kind == "region":
        return None if subject in page.regions else f"{source} as read does not list Region {subject}"
    if kind == "boundary":
        missing = sorted(regions - page.regions)
        return f"{source} as read does not list {', '.join(missing)}" if missing else None
    if kind == "prefix":
        return None if subject in page.prefixes else f"{source} as read prints no `{subject}.` profile or prefix"
    if kind == "profile":
        return None if subject in page.profiles else f"{source} as read does not print profile {subject}"
    if subject not in page.models:
        what = "card is another model's" if "/model-card-" in source else "rows read do not name the model"
        return f"{source}: its {what}"
    known = page.models[subject]
    if kind in ("model", "lifecycle") and known is not ANY and known and not regions <= known:
        return (f"{source}: its rows read do not give {subject} the Regions "
                + ", ".join(sorted(regions - known)))
    if kind == "replacement" and subject in page.replacements \
            and fact["model"] not in page.replacements[subject]:
        return f"{source} does not recommend {fact['model']} for {subject}"
    return None


def check(catalog: Path, bc, research: Path | None = None, reference: Path | None = None) -> tuple[list[str], int]:
    """(problems, number of facts checked)."""
    basis = Basis(bc, research or ROOT / "tools" / "research", reference or bc.REF)
    problems, n = [], 0
    for where, kind, source, subject, regions, fact in facts(catalog):
        n += 1
        why = problem(basis, kind, source, subject, regions, fact)
        if why:
            problems.append(f"{where}: no basis: {why}")
    return problems, n


def load_build():
    spec = importlib.util.spec_from_file_location("build_catalog", ROOT / "tools" / "build-catalog.py")
    bc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bc)
    return bc


def main(argv: list[str]) -> int:
    catalog = ROOT / "catalog"
    if argv[:1] == ["--catalog"] and len(argv) == 2:
        catalog = Path(argv[1])
    elif argv:
        print(__doc__.split("\n\n")[-2], file=sys.stderr)
        return 2
    problems, n = check(catalog, load_build())
    for p in problems:
        print(p)
    print(f"{n} facts checked against their cited pages; {len(problems)} without a basis")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
