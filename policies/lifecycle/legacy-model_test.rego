package modelgate.rules.lifecycle.legacy_model_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.lifecycle.legacy_model

_legacy := object.union(t.lifecycle("legacy", "2027-03-10", 108), {
	"legacy_date": "2026-09-10",
	"public_extended_access_date": "2026-12-10",
	"replacement": "anthropic.claude-haiku-4-5-20251001-v1:0",
})

_doc(l0, l1) := t.doc(t.workload(["eu-west-1", "eu-central-1"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [
	object.union(t.call("eu-west-1", 0), {"lifecycle": l0}),
	object.union(t.call("eu-central-1", 1), {"lifecycle": l1}),
])])

test_legacy_fires_once_per_entry if {
	inp1 := _doc(_legacy, _legacy)
	fs := legacy_model.findings with input as inp1
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	not f.severity
	f.message == "`anthropic.claude-3-haiku-20240307-v1:0` is a legacy model on Amazon Bedrock in eu-central-1, eu-west-1; it reaches end of life on 2027-03-10, with public extended access from 2026-12-10; the documented replacement is `anthropic.claude-haiku-4-5-20251001-v1:0`"
}

test_legacy_dates_differing_by_region if {
	later := object.union(_legacy, {"end_of_life_date": "2027-06-10", "days_to_end_of_life": 200})
	inp2 := _doc(_legacy, later)
	fs := legacy_model.findings with input as inp2
	count(fs) == 2
	some a in fs
	contains(a.message, "in eu-west-1; it reaches end of life on 2027-03-10")
	some b in fs
	contains(b.message, "in eu-central-1; it reaches end of life on 2027-06-10")
}

test_legacy_past_extended_access_and_no_dates if {
	passed := object.union(_legacy, {"public_extended_access_date": "2026-10-01"})
	inp1 := _doc(passed, passed)
	some f in legacy_model.findings with input as inp1
	contains(f.message, "has been in public extended access since 2026-10-01")
	nodates := object.union(t.active, {"status": "legacy"})
	inp2 := _doc(nodates, nodates)
	some g in legacy_model.findings with input as inp2
	endswith(g.message, "in eu-central-1, eu-west-1; the catalog has no end-of-life date for it")
}

test_active_does_not_fire if {
	inp3 := _doc(t.active, t.active)
	count(legacy_model.findings) == 0 with input as inp3
}

test_end_of_life_does_not_fire if {
	eol := t.lifecycle("end_of_life", "2026-09-10", -73)
	inp4 := _doc(eol, eol)
	count(legacy_model.findings) == 0 with input as inp4
}

# Code that names no Region: a verdict true in every assumed Region is said of
# the reference; one that differs by Region still lists the Regions.
test_assumed_regions_all_legacy_are_not_listed if {
	inp := _assumed(_legacy, _legacy)
	fs := legacy_model.findings with input as inp
	count(fs) == 1
	some f in fs
	startswith(f.message, "`anthropic.claude-3-haiku-20240307-v1:0` is a legacy model on Amazon Bedrock in every Region it can be called from; it reaches end of life on 2027-03-10")
}

test_assumed_regions_partly_legacy_are_listed if {
	inp := _assumed(_legacy, t.active)
	fs := legacy_model.findings with input as inp
	count(fs) == 1
	some f in fs
	startswith(f.message, "`anthropic.claude-3-haiku-20240307-v1:0` is a legacy model on Amazon Bedrock in eu-west-1; it reaches")
}

_assumed(l0, l1) := t.doc(t.workload([], null), [object.union(t.entry(0, t.model_ref(t.haiku_id), t.haiku, [
	object.union(t.call("eu-west-1", 0), {"lifecycle": l0}),
	object.union(t.call("eu-central-1", 0), {"lifecycle": l1}),
]), {"regions": []})])
