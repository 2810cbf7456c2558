package modelgate.rules.features.unsupported_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.features.unsupported

_doc(support_west, support_central) := t.doc(t.workload(["eu-west-1", "eu-central-1"], null), [object.union(
	t.entry(0, t.model_ref(t.haiku_id), t.haiku, [
		object.union(t.call("eu-west-1", 0), {"features": {"batch": support_west, "tool-use": "supported"}}),
		object.union(t.call("eu-central-1", 1), {"features": {"batch": support_central, "tool-use": "supported"}}),
	]),
	{"features": t.features(0, ["tool-use", "batch"])},
)])

test_unsupported_aggregates_regions if {
	inp1 := _doc("unsupported", "unsupported")
	fs := unsupported.findings with input as inp1
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/features/1"
	not f.severity
	f.message == "`anthropic.claude-3-haiku-20240307-v1:0` does not support `batch` when called from eu-central-1, eu-west-1"
}

test_unsupported_in_one_region if {
	inp2 := _doc("supported", "unsupported")
	fs := unsupported.findings with input as inp2
	count(fs) == 1
	some f in fs
	endswith(f.message, "when called from eu-central-1")
}

test_supported_does_not_fire if {
	inp3 := _doc("supported", "supported")
	count(unsupported.findings) == 0 with input as inp3
}

test_unknown_is_one_info_per_feature if {
	inp4 := _doc("unknown", "unknown")
	fs := unsupported.findings with input as inp4
	count(fs) == 1
	some f in fs
	f.severity == "info"
	f.pointer == "/models/0/features/1"
	contains(f.message, "does not say whether `anthropic.claude-3-haiku-20240307-v1:0` supports `batch` when called from eu-central-1, eu-west-1")
}

test_unknown_model_features_are_not_reported if {
	inp := t.doc(t.workload(["eu-west-1"], null), [object.union(
		t.entry(0, t.unknown_ref("anthropic.claude-9", []), null, [object.union(t.call("eu-west-1", 0), {"availability": "unknown", "features": {"batch": "unknown"}})]),
		{"features": t.features(0, ["batch"])},
	)])
	count(unsupported.findings) == 0 with input as inp
}
