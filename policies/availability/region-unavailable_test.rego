package modelgate.rules.availability.region_unavailable_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.availability.region_unavailable

_doc(ref, calls) := t.doc(t.workload(["eu-west-1", "eu-central-1"], null), [t.entry(0, ref, t.haiku, calls)])

test_not_offered_fires_once_per_entry if {
	inp := _doc(t.model_ref(t.haiku_id), [
		object.union(t.call("eu-west-1", 0), {"availability": "not_offered", "destinations": null}),
		object.union(t.call("eu-central-1", 1), {"availability": "not_offered", "destinations": null}),
	])
	fs := region_unavailable.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	not f.severity
	f.message == "`anthropic.claude-3-haiku-20240307-v1:0` is not offered on Amazon Bedrock in eu-central-1, eu-west-1, neither in-Region nor through an inference profile"
}

test_available_does_not_fire if {
	inp := _doc(t.model_ref(t.haiku_id), [t.call("eu-west-1", 0), t.call("eu-central-1", 1)])
	count(region_unavailable.findings) == 0 with input as inp
}

test_other_availability_problems_do_not_fire if {
	inp := _doc(t.model_ref(t.haiku_id), [
		object.union(t.call("eu-west-1", 0), {"availability": "requires_profile"}),
		object.union(t.call("eu-central-1", 1), {"availability": "profile_not_from_region"}),
	])
	count(region_unavailable.findings) == 0 with input as inp
}

test_unknown_availability_is_info if {
	inp := _doc(t.model_ref(t.haiku_id), [
		t.call("eu-west-1", 0),
		object.union(t.call("eu-central-1", 1), {"availability": "unknown", "destinations": null}),
	])
	fs := region_unavailable.findings with input as inp
	count(fs) == 1
	some f in fs
	f.severity == "info"
	contains(f.message, "does not say whether `anthropic.claude-3-haiku-20240307-v1:0` is offered in eu-central-1")
}

test_unknown_availability_of_unknown_model_is_not_reported if {
	inp := _doc(t.unknown_ref("anthropic.claude-9", []), [object.union(t.call("eu-west-1", 0), {"availability": "unknown"})])
	count(region_unavailable.findings) == 0 with input as inp
}

test_arn_of_another_region_fires if {
	ref := object.union(t.model_ref(t.haiku_id), {"kind": "foundation_model_arn", "arn_region": "us-east-1", "text": "arn:aws:bedrock:us-east-1::foundation-model/x"})
	call := object.union(t.call("eu-west-1", 0), {"availability": "arn_region_mismatch"})
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, ref, t.haiku, [call])])
	fs := region_unavailable.findings with input as inp
	count(fs) == 1
	some f in fs
	not f.severity
	f.message == "`arn:aws:bedrock:us-east-1::foundation-model/x` is an ARN in us-east-1, so it cannot be called from eu-west-1; use the model or profile id, or an ARN in the Region the call is made from"
}

test_unknown_availability_in_assumed_regions_is_not_reported if {
	# An audit reference that names no Region: `regions` is empty and the
	# calls are the Regions modelgate assumed.
	entry := object.union(
		t.entry(0, t.model_ref(t.haiku_id), t.haiku, [object.union(t.call("eu-west-1", 0), {"availability": "unknown"})]),
		{"regions": []},
	)
	inp := t.doc(t.workload([], null), [entry])
	count(region_unavailable.findings) == 0 with input as inp
}

test_disputed_availability_is_an_info_naming_each_source if {
	dispute := {"sources": [
		{"source": "https://a.example/card", "says": "it is offered in-Region in eu-west-1"},
		{"source": "https://b.example/table", "says": "in eu-west-1 it is offered only through a profile"},
	]}
	call := object.union(t.call("eu-west-1", 0), {"availability": "disputed", "dispute": dispute})
	inp := _doc(t.model_ref(t.haiku_id), [call])
	fs := region_unavailable.findings with input as inp
	count(fs) == 1
	some f in fs
	f.severity == "info"
	f.message == "the catalog's sources disagree on whether `anthropic.claude-3-haiku-20240307-v1:0` can be called from eu-west-1 (https://a.example/card: it is offered in-Region in eu-west-1; https://b.example/table: in eu-west-1 it is offered only through a profile), so its availability there is not checked"
}

# An IAM resource or a templated ARN names the model, not a call from a Region.
test_a_resource_pattern_is_not_a_call if {
	ref := object.union(t.model_ref(t.sonnet_id), {"kind": "foundation_model_arn", "resource_pattern": true})
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, ref, t.sonnet, [
		object.union(t.call("eu-west-1", 0), {"availability": "not_offered", "destinations": null}),
	])])
	count(region_unavailable.findings) == 0 with input as inp
}
