package modelgate.rules.platform.eol_within_180_days_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.platform.eol_within_180_days as rule

# t.doc is dated 2026-11-22.
entry_with(lc) := t.entry(0, t.profile_ref("eu", t.sonnet_id), t.sonnet, [
	object.union(t.call("eu-west-1", 0), {"lifecycle": lc}),
	object.union(t.call("eu-central-1", 1), {"lifecycle": lc}),
])

test_end_of_life_in_137_days_is_refused if {
	inp := t.doc(t.workload(["eu-west-1", "eu-central-1"], null), [entry_with(t.lifecycle("legacy", "2027-04-08", 137))])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	contains(f.message, "in 137 days")
	contains(f.message, "eu-central-1, eu-west-1")
}

test_end_of_life_in_200_days_passes if {
	inp := t.doc(t.workload(["eu-west-1"], null), [entry_with(t.lifecycle("legacy", "2027-06-10", 200))])
	count(rule.findings) == 0 with input as inp
}

test_a_past_end_of_life_is_left_to_the_builtin_rule if {
	inp := t.doc(t.workload(["eu-west-1"], null), [entry_with(t.lifecycle("end_of_life", "2026-09-10", -73))])
	count(rule.findings) == 0 with input as inp
}

test_an_active_model_passes if {
	inp := t.doc(t.workload(["eu-west-1"], null), [entry_with(t.active)])
	count(rule.findings) == 0 with input as inp
}
