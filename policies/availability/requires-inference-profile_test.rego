package modelgate.rules.availability.requires_inference_profile_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.availability.requires_inference_profile

test_bare_id_requiring_profile_fires if {
	inp := t.doc(t.workload(["eu-west-1", "eu-central-1"], null), [t.entry(0, t.model_ref(t.sonnet_id), t.sonnet, [
		object.union(t.call("eu-west-1", 0), {"availability": "requires_profile", "destinations": null}),
		t.call("eu-central-1", 1),
	])])
	fs := requires_inference_profile.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	f.message == "`anthropic.claude-sonnet-4-5-20250929-v1:0` can be called in eu-west-1 only through an inference profile, not by its model id; call it through a system inference profile instead"
}

test_profile_call_does_not_fire if {
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, t.profile_ref("eu", t.sonnet_id), t.sonnet, [
		object.union(t.call("eu-west-1", 0), {"destinations": t.eu_regions}),
	])])
	count(requires_inference_profile.findings) == 0 with input as inp
}

# An IAM resource or a templated ARN names the model, not a call from a Region.
test_a_resource_pattern_is_not_a_call if {
	ref := object.union(t.model_ref(t.sonnet_id), {"kind": "foundation_model_arn", "resource_pattern": true})
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, ref, t.sonnet, [
		object.union(t.call("eu-west-1", 0), {"availability": "requires_profile", "destinations": null}),
	])])
	count(requires_inference_profile.findings) == 0 with input as inp
}
