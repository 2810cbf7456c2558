package modelgate.rules.availability.profile_source_region_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.availability.profile_source_region

test_us_profile_from_eu_fires if {
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, t.profile_ref("us", t.haiku_id), t.haiku, [
		object.union(t.call("eu-west-1", 0), {"availability": "profile_not_from_region", "destinations": null}),
	])])
	fs := profile_source_region.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	f.message == "the inference profile `us.anthropic.claude-3-haiku-20240307-v1:0` cannot be called from eu-west-1, which is not among its source Regions"
}

test_callable_profile_does_not_fire if {
	inp := t.doc(t.workload(["us-east-1"], null), [t.entry(0, t.profile_ref("us", t.haiku_id), t.haiku, [
		object.union(t.call("us-east-1", 0), {"destinations": t.us_regions}),
	])])
	count(profile_source_region.findings) == 0 with input as inp
}

# An IAM resource or a templated ARN names the model, not a call from a Region.
test_a_resource_pattern_is_not_a_call if {
	ref := object.union(t.model_ref(t.sonnet_id), {"kind": "foundation_model_arn", "resource_pattern": true})
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, ref, t.sonnet, [
		object.union(t.call("eu-west-1", 0), {"availability": "profile_not_from_region", "destinations": null}),
	])])
	count(profile_source_region.findings) == 0 with input as inp
}
