package modelgate.rules.lifecycle.end_of_life_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.lifecycle.end_of_life

_eol := object.union(t.lifecycle("end_of_life", "2026-09-10", -73), {
	"legacy_date": "2026-03-10",
	"public_extended_access_date": "2026-06-10",
	"replacement": "anthropic.claude-haiku-4-5-20251001-v1:0",
})

_doc(l0, l1) := t.doc(t.workload(["eu-west-1", "eu-central-1"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [
	object.union(t.call("eu-west-1", 0), {"lifecycle": l0}),
	object.union(t.call("eu-central-1", 1), {"lifecycle": l1}),
])])

test_end_of_life_fires_once_for_shared_date if {
	inp1 := _doc(_eol, _eol)
	fs := end_of_life.findings with input as inp1
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	not f.severity
	f.message == "`anthropic.claude-3-haiku-20240307-v1:0` reached end of life on Amazon Bedrock on 2026-09-10 in eu-central-1, eu-west-1, so calls to it fail there; the documented replacement is `anthropic.claude-haiku-4-5-20251001-v1:0`"
}

test_end_of_life_in_one_region if {
	inp2 := _doc(_eol, object.union(t.lifecycle("legacy", "2027-03-10", 108), {}))
	fs := end_of_life.findings with input as inp2
	count(fs) == 1
	some f in fs
	contains(f.message, "on 2026-09-10 in eu-west-1, so")
}

test_active_does_not_fire if {
	inp3 := _doc(t.active, t.active)
	count(end_of_life.findings) == 0 with input as inp3
}

test_unknown_lifecycle_is_one_info_per_entry if {
	unknown := object.union(t.active, {"status": "unknown"})
	inp4 := _doc(unknown, unknown)
	fs := end_of_life.findings with input as inp4
	count(fs) == 1
	some f in fs
	f.severity == "info"
	f.message == "the catalog has no lifecycle facts for `anthropic.claude-3-haiku-20240307-v1:0` in eu-central-1, eu-west-1, so its end of life is not checked there"
}

test_a_disputed_lifecycle_names_the_other_source if {
	disputed := object.union(_eol, {"disputed_by": ["https://b.example/page"]})
	inp := _doc(disputed, _eol)
	fs := end_of_life.findings with input as inp
	count(fs) == 1
	some f in fs
	f.message == "`anthropic.claude-3-haiku-20240307-v1:0` reached end of life on Amazon Bedrock on 2026-09-10 in eu-central-1, eu-west-1, so calls to it fail there (https://b.example/page state otherwise; modelgate reads the strict side); the documented replacement is `anthropic.claude-haiku-4-5-20251001-v1:0`"
}
