#!/usr/bin/env python3
"""Writes benchmark workloads: N different manifests of E entries each.

Every manifest differs (models, profiles, Regions, residency, features are
drawn from the real catalog with a fixed seed), so a run cannot answer one
manifest from the verdicts of another; the mix holds compliant entries and
entries that fire each family's rules (lifecycle, availability, features,
residency), so findings, fix searches and fix trials are all exercised.

    python3 bench/gen_manifests.py OUT_DIR --manifests 200 --entries 3
    python3 bench/gen_manifests.py OUT_DIR --manifests 1 --entries 1000
"""

import argparse
import json
import os
import random
import subprocess

REGIONS = [
    "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-3",
    "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-2",
    "ap-south-1", "ca-central-1", "sa-east-1",
]
EU = ["eu-west-1", "eu-west-3", "eu-central-1", "eu-north-1"]
FEATURES = ["tool-use", "prompt-caching", "batch", "extended-thinking",
            "streaming", "vision", "system-prompt", "guardrails"]


def catalog_ids(binary):
    listed = json.loads(subprocess.run(
        [binary, "catalog", "list", "--format", "json"],
        check=True, capture_output=True, text=True).stdout)
    models = [m["id"] for m in listed["models"]]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "catalog", "profiles.json")) as f:
        profiles = [p["id"] for p in json.load(f)["profiles"]]
    return models, profiles


def entry(rng, index, models, profiles):
    lines = ["", "[[models]]", f'name = "entry-{index}"']
    model = rng.choice(profiles if rng.random() < 0.4 else models)
    lines.append(f'model = "{model}"')
    if rng.random() < 0.5:
        features = rng.sample(FEATURES, rng.randint(1, 3))
        lines.append("features = [" + ", ".join(f'"{f}"' for f in features) + "]")
    if rng.random() < 0.2:
        lines.append(f"max_output_tokens = {rng.choice([1024, 4096, 64000, 200000])}")
    return lines


def manifest(rng, number, entries, models, profiles):
    eu = rng.random() < 0.4
    regions = rng.sample(EU if eu else REGIONS, rng.randint(1, 2))
    lines = [
        "version = 1",
        "",
        "[workload]",
        f'name = "bench-{number}"',
        "regions = [" + ", ".join(f'"{r}"' for r in regions) + "]",
    ]
    if eu:
        lines += ['compliance = ["gdpr"]', 'residency = "eu"']
    for i in range(entries):
        lines += entry(rng, i, models, profiles)
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--manifests", type=int, default=200)
    parser.add_argument("--entries", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--bin", default="target/release/modelgate")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    models, profiles = catalog_ids(args.bin)
    for n in range(args.manifests):
        folder = os.path.join(args.out, f"w{n:04}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "modelgate.toml"), "w") as f:
            f.write(manifest(rng, n, args.entries, models, profiles))


if __name__ == "__main__":
    main()
