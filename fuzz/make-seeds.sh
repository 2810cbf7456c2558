#!/usr/bin/env bash
# Rebuilds the committed seed corpus, fuzz/seeds/<target>/, from examples/,
# tests/fixtures/, the README and the embedded catalog. Seeds are small
# valid (and a few invalid) inputs the fuzzer mutates; what a run adds goes
# to fuzz/corpus/ (not committed).
#
#   bash fuzz/make-seeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{manifest_toml,manifest_json,reference,audit_scan,config,catalog,catalog_import}

# A file's path as a seed name: examples/a/modelgate.toml -> examples-a-modelgate.toml
name_of() { echo "$1" | tr '/' '-' | sed 's/^-*//'; }

# Manifests: every example and fixture manifest, valid or not.
for f in $(find examples tests/fixtures -name '*.toml' ! -name '.modelgate.toml' | sort); do
  cp "$f" "$seeds/manifest_toml/$(name_of "$f")"
done
for f in examples/json-manifest/modelgate.json tests/fixtures/invalid/*.json; do
  cp "$f" "$seeds/manifest_json/$(name_of "$f")"
done

# References: every model value of those manifests, and ARNs of each kind.
grep -rhoE '"?model"? *[=:] *"[^"]*"' examples tests/fixtures --include='*.toml' --include='*.json' \
  | sed -E 's/^[^=:]*[=:] *"//; s/"$//' | sort -u | head -60 \
  | while IFS= read -r ref; do
      printf '%s' "$ref" > "$seeds/reference/$(printf '%s' "$ref" | sha1sum | cut -c1-16)"
    done
for ref in \
  'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0' \
  'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0' \
  'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0' \
  'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123' \
  'amazon.nova-pro-v1:0:300k' 'ap.anthropic.claude-3-haiku-20240307-v1:0'; do
  printf '%s' "$ref" > "$seeds/reference/$(printf '%s' "$ref" | sha1sum | cut -c1-16)"
done

# Audited files: the audit fixtures (source in several languages).
for f in $(find tests/fixtures/audit -type f ! -name '*.bin' | sort); do
  cp "$f" "$seeds/audit_scan/$(name_of "$f")"
done

# Configuration: the README's example, and one key at a time.
awk '/^## Project configuration/{on=1} on && /^```toml/{code=1; next} code && /^```/{exit} code' README.md \
  > "$seeds/config/readme.toml"
printf 'fail-on = "never"\nselect = ["lifecycle/end-of-life"]\n[severity]\n"residency" = "warning"\n' > "$seeds/config/severity.toml"
printf '[per-path-ignores]\n"legacy/**" = ["lifecycle", "nope/rule"]\n' > "$seeds/config/per-path.toml"
printf '[audit]\nregions = ["eu-west-1", "xx-nowhere-1"]\nresidency = "eu"\n' > "$seeds/config/audit.toml"

# Catalogs: the folders' files joined by NUL bytes, in the order the
# catalog target reads them (see fuzz/src/catalog.rs).
join_catalog() { # DIR OUT
  local dir=$1 out=$2 first=1
  : > "$out"
  for f in catalog.json regions.json prefixes.json features.json profiles.json $(cd "$dir" && ls models/*.json | sort); do
    if [ $first = 0 ]; then printf '\0' >> "$out"; fi
    first=0
    cat "$dir/$f" >> "$out"
  done
}
join_catalog tests/fixtures/catalog-diff/old "$seeds/catalog/catalog-diff-old"
join_catalog tests/fixtures/catalog-diff/new "$seeds/catalog/catalog-diff-new"
# The embedded catalog cut to three providers (the whole is 1.3 MB, too big
# to mutate quickly), notes dropped.
small=$(mktemp -d)
trap 'rm -rf "$small"' EXIT
python3 - catalog "$small" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(f"{out}/models")
def load(p): return json.load(open(f"{src}/{p}"))
def save(p, v): json.dump(v, open(f"{out}/{p}", "w"), indent=1, sort_keys=True)
def strip(v):
    if isinstance(v, dict): return {k: strip(x) for k, x in v.items() if k != "notes"}
    if isinstance(v, list): return [strip(x) for x in v]
    return v
ids = set()
for provider in ("luma", "moonshot", "anthropic"):
    models = load(f"models/{provider}.json")
    by_id = {m["id"]: m for m in models["models"]}
    keep = [m["id"] for m in models["models"][:4]]
    for id in keep:  # and the replacements they name, which must exist
        target = (by_id[id].get("replacement") or {}).get("model")
        if target in by_id and target not in keep:
            keep.append(target)
    models["models"] = [m for m in models["models"] if m["id"] in keep]
    ids |= set(keep)
    save(f"models/{provider}.json", strip(models))
profiles = load("profiles.json")
profiles["profiles"] = [p for p in profiles["profiles"] if p["model"] in ids]
save("profiles.json", strip(profiles))
for f in ("catalog.json", "regions.json", "prefixes.json", "features.json"):
    save(f, strip(load(f)))
PY
join_catalog "$small" "$seeds/catalog/embedded-cut"

# Import inputs: each AWS CLI listing alone, and a models and a profiles
# listing of one Region joined by a NUL byte.
for f in tests/fixtures/catalog-import/*.json; do
  cp "$f" "$seeds/catalog_import/$(basename "$f")"
done
{ cat tests/fixtures/catalog-import/us-east-1-models.json; printf '\0'; cat tests/fixtures/catalog-import/us-east-1-profiles.json; } \
  > "$seeds/catalog_import/us-east-1-both"

# Lines past column 65,536, where miette's renderer used to panic (issue 11
# point 3): a minified manifest of each format, a minified bundle, compact
# CLI output and a one-line config, each with a finding or an error at the
# end of its line. They also raise libFuzzer's input size limit to fit.
python3 - "$seeds" <<'PY'
import json, sys
seeds, pad = sys.argv[1], "x" * 70000
def write(path, text): open(f"{seeds}/{path}", "w").write(text)
write("manifest_json/long-line.json", json.dumps({"version": 1, "workload": {"name": pad, "regions": ["eu-west-1"], "residency": "eu"},
      "models": [{"model": "global.anthropic.claude-haiku-4-5-20251001-v1:0"}]}, separators=(",", ":")))
write("manifest_toml/long-line.toml", f'version = 1\n[workload]\nname = "{pad}" regions = ["eu-west-1"]\n')
write("audit_scan/app.min.js", f'var a="{pad}";var m="anthropic.claude-3-haiku-20240307-v1:0";// modelgate: ignore[lifecycle] -- kept\n')
write("config/long-line.toml", "select = [" + '"lifecycle", ' * 6000 + '"no-such-rule"]\n')
listing = json.load(open("tests/fixtures/catalog-import/us-east-1-models.json"))
listing["modelSummaries"][0]["modelName"] = pad
listing["modelSummaries"][-1]["responseStreamingSupported"] = "yes"
write("catalog_import/compact-long-line.json", json.dumps(listing, separators=(",", ":")))
PY
{
  for f in catalog.json regions.json prefixes.json features.json profiles.json; do
    python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), separators=(",", ":")), end="")' "tests/fixtures/catalog-diff/old/$f"
    printf '\0'
  done
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["models"][0]["name"]="x"*70000; d["models"][0]["zzz-unknown"]=1; print(json.dumps(d, separators=(",", ":")), end="")' tests/fixtures/catalog-diff/old/models/acme.json
} > "$seeds/catalog/minified-long-line"

for d in "$seeds"/*/; do
  printf '%-16s %3d seeds, %6d bytes\n' "$(basename "$d")" "$(ls "$d" | wc -l)" "$(cat "$d"/* | wc -c)"
done
