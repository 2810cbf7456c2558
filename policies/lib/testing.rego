# Builders for test inputs in the shape of README.md ("The input document").
# Loaded only with tests. Every builder yields every field a real document
# has (tests/input_schema.rs validates them against input.schema.json).
# Override any field with object.union (it merges nested objects), e.g.
#   object.union(t.call("eu-west-1", 0), {"availability": "not_offered"})
#
# Bind a built input to a variable before `with` (`inp := t.doc(…)`, then
# `… with input as inp`): in regorus 0.14.1, `some f in rule with input as
# <expression that calls data rules>` leaves those data rules undefined for
# the rest of the test body.
package modelgate.lib.testing

haiku_id := "anthropic.claude-3-haiku-20240307-v1:0"

sonnet_id := "anthropic.claude-sonnet-4-5-20250929-v1:0"

# Catalog facts about Claude 3 Haiku, its output limit stated exactly (the
# catalog's source says "4K": override with object.union({"max_output_tokens":
# 4000, "max_output_tokens_upper": 4096}) for that reading).
haiku := {
	"id": haiku_id,
	"name": "Claude 3 Haiku",
	"provider": "Anthropic",
	"max_output_tokens": 4096,
	"max_output_tokens_upper": null,
	"context_window": 200000,
}

# Catalog facts about Claude Sonnet 4.5, its output limit stated exactly.
sonnet := {
	"id": sonnet_id,
	"name": "Claude Sonnet 4.5",
	"provider": "Anthropic",
	"max_output_tokens": 64000,
	"max_output_tokens_upper": null,
	"context_window": 200000,
}

eu_regions := ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"]

us_regions := ["us-east-1", "us-east-2", "us-west-2"]

# The "eu" boundary, declared as residency = "eu".
boundary_eu := {
	"name": "eu",
	"description": "EU/EEA member states",
	"regions": eu_regions,
	"pointer": "/workload/residency",
	"implied_by": null,
}

# The "eu" boundary implied by compliance = ["gdpr"].
boundary_gdpr := object.union(boundary_eu, {"pointer": "/workload/compliance", "implied_by": "gdpr"})

# `codes`: Region codes, in manifest order, of workload.regions.
regions(codes) := [{"region": r, "pointer": sprintf("/workload/regions/%d", [i])} | some i, r in codes]

# A workload calling from `codes` with `boundary` (an object or null).
workload(codes, boundary) := {
	"name": "support-assistant",
	"pointer": "/workload",
	"regions": regions(codes),
	"compliance": [],
	"boundary": boundary,
}

# A reference to a bare model id that the catalog knows.
model_ref(id) := {
	"text": id,
	"kind": "model_id",
	"problem": null,
	"model_id": id,
	"profile_id": null,
	"prefix": null,
	"scope": "in_region",
	"arn_region": null,
	"resource_pattern": false,
	"known": true,
	"suggestions": [],
	"typo_of": null,
}

# A reference to a system inference profile that the catalog knows, e.g.
# profile_ref("eu", haiku_id) for "eu.anthropic.claude-3-haiku-20240307-v1:0".
profile_ref(prefix, model_id) := {
	"text": sprintf("%s.%s", [prefix, model_id]),
	"kind": "inference_profile",
	"problem": null,
	"model_id": model_id,
	"profile_id": sprintf("%s.%s", [prefix, model_id]),
	"prefix": prefix,
	"scope": _scope(prefix),
	"arn_region": null,
	"resource_pattern": false,
	"known": true,
	"suggestions": [],
	"typo_of": null,
}

_scope(prefix) := "global" if {
	prefix == "global"
} else := "geographic"

# A reference the catalog does not know.
unknown_ref(text, suggestions) := {
	"text": text,
	"kind": "model_id",
	"problem": null,
	"model_id": text,
	"profile_id": null,
	"prefix": null,
	"scope": "in_region",
	"arn_region": null,
	"resource_pattern": false,
	"known": false,
	"suggestions": suggestions,
	"typo_of": null,
}

# Lifecycle of an active model with no announced dates.
active := {
	"status": "active",
	"legacy_date": null,
	"public_extended_access_date": null,
	"end_of_life_date": null,
	"days_to_end_of_life": null,
	"replacement": null,
	"source": "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html",
}

# Lifecycle with a status and an end-of-life date, `days` away from today.
lifecycle(status, eol, days) := object.union(active, {
	"status": status,
	"end_of_life_date": eol,
	"days_to_end_of_life": days,
})

# An in-Region call from workload.regions[i] == region that is available,
# active and supports nothing declared.
call(region, i) := {
	"region": region,
	"pointer": sprintf("/workload/regions/%d", [i]),
	"availability": "available",
	"destinations": [region],
	"global": false,
	"lifecycle": active,
	"features": {},
}

# models[i] with `reference` and catalog facts `model` (or null), called as
# `calls` (entry regions are the calls' Regions and pointers).
entry(i, reference, model, calls) := {
	"index": i,
	"name": sprintf("model-%d", [i]),
	"pointer": sprintf("/models/%d", [i]),
	"reference": object.union(reference, {"pointer": sprintf("/models/%d/model", [i])}),
	"model": model,
	"regions": [{"region": c.region, "pointer": c.pointer} | some c in calls],
	"features": [],
	"max_output_tokens": null,
	"calls": calls,
}

# declared features of models[i]: [{"name", "pointer"}]
features(i, names) := [{"name": n, "pointer": sprintf("/models/%d/features/%d", [i, j])} | some j, n in names]

# The input document, as of 2026-11-22 with a 90-day horizon.
doc(workload, entries) := {
	"schema": 1,
	"today": "2026-11-22",
	"settings": {"eol_horizon_days": 90, "max_catalog_age_days": 120},
	"catalog": {"as_of": "2026-11-22", "age_days": 0, "origin": "embedded"},
	"workload": workload,
	"entries": entries,
}
