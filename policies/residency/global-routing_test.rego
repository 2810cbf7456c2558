package modelgate.rules.residency.global_routing_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.residency.global_routing

_global_entry := t.entry(0, t.profile_ref("global", t.sonnet_id), t.sonnet, [
	object.union(t.call("eu-west-1", 0), {"global": true, "destinations": ["eu-west-1", "us-east-1"]}),
	object.union(t.call("eu-central-1", 1), {"global": true, "destinations": ["eu-central-1", "us-east-1"]}),
])

test_global_profile_with_boundary_fires_once if {
	inp := t.doc(t.workload(["eu-west-1", "eu-central-1"], t.boundary_eu), [_global_entry])
	fs := global_routing.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	f.message == "`global.anthropic.claude-sonnet-4-5-20250929-v1:0` is a global inference profile, which may route requests to any commercial AWS Region, including Regions outside the `eu` residency boundary (EU/EEA member states)"
}

test_global_profile_without_boundary_does_not_fire if {
	inp := t.doc(t.workload(["eu-west-1", "eu-central-1"], null), [_global_entry])
	count(global_routing.findings) == 0 with input as inp
}

test_geographic_profile_does_not_fire if {
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_eu), [t.entry(0, t.profile_ref("eu", t.sonnet_id), t.sonnet, [
		object.union(t.call("eu-west-1", 0), {"destinations": ["eu-west-1", "eu-central-1"]}),
	])])
	count(global_routing.findings) == 0 with input as inp
}

test_region_less_arn_is_named_as_such if {
	ref := object.union(t.profile_ref("global", t.sonnet_id), {"kind": "foundation_model_arn", "profile_id": null, "prefix": null, "text": "arn:aws:bedrock:::foundation-model/x"})
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_eu), [t.entry(0, ref, t.sonnet, [t.call("eu-west-1", 0)])])
	fs := global_routing.findings with input as inp
	count(fs) == 1
	some f in fs
	startswith(f.message, "`arn:aws:bedrock:::foundation-model/x` is the Region-less model ARN a global inference profile routes to, which may route")
}

test_a_resource_pattern_is_not_a_call if {
	ref := object.union(t.profile_ref("global", t.sonnet_id), {"kind": "inference_profile_arn", "resource_pattern": true})
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_eu), [t.entry(0, ref, t.sonnet, [t.call("eu-west-1", 0)])])
	count(global_routing.findings) == 0 with input as inp
}
