package modelgate.rules.lifecycle.eol_approaching_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.lifecycle.eol_approaching

_doc(l) := t.doc(t.workload(["eu-west-1", "eu-central-1"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [
	object.union(t.call("eu-west-1", 0), {"lifecycle": l}),
	object.union(t.call("eu-central-1", 1), {"lifecycle": l}),
])])

test_within_horizon_fires if {
	inp1 := _doc(t.lifecycle("legacy", "2027-01-15", 54))
	fs := eol_approaching.findings with input as inp1
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	not f.severity
	f.message == "`anthropic.claude-3-haiku-20240307-v1:0` reaches end of life on Amazon Bedrock on 2027-01-15, in 54 days, in eu-central-1, eu-west-1"
}

test_one_day if {
	inp := _doc(t.lifecycle("legacy", "2026-11-23", 1))
	some f in eol_approaching.findings with input as inp
	contains(f.message, "in 1 day,")
}

test_beyond_horizon_does_not_fire if {
	inp2 := _doc(t.lifecycle("legacy", "2027-03-10", 108))
	count(eol_approaching.findings) == 0 with input as inp2
}

test_horizon_is_a_setting if {
	inp := object.union(_doc(t.lifecycle("legacy", "2027-03-10", 108)), {"settings": {"eol_horizon_days": 180}})
	count(eol_approaching.findings) == 1 with input as inp
}

test_past_end_of_life_does_not_fire if {
	inp3 := _doc(t.lifecycle("end_of_life", "2026-09-10", -73))
	count(eol_approaching.findings) == 0 with input as inp3
	inp4 := _doc(t.active)
	count(eol_approaching.findings) == 0 with input as inp4
}
