package modelgate.rules.reference.unknown_model_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.reference.unknown_model

_doc(ref) := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, ref, null, [object.union(t.call("eu-west-1", 0), {"availability": "unknown", "destinations": null, "lifecycle": {"status": "unknown"}})])])

test_an_id_that_may_be_newer_is_a_warning if {
	inp := _doc(t.unknown_ref("anthropic.claude-9-opus-v1:0", []))
	fs := unknown_model.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	f.severity == "warning"
	f.message == "`anthropic.claude-9-opus-v1:0` is not a known Amazon Bedrock model id in the modelgate catalog as of 2026-11-22: it may be a model newer than the catalog, or misspelt; update modelgate, or refresh the catalog with `modelgate catalog import`"
	not f.fix
}

test_a_newer_looking_id_still_gets_its_close_ids if {
	inp := _doc(t.unknown_ref("anthropic.claude-sonnet-4-7", ["anthropic.claude-sonnet-4-6"]))
	some f in unknown_model.findings with input as inp
	f.severity == "warning"
	contains(f.message, "(did you mean `anthropic.claude-sonnet-4-6`?)")
}

test_a_typo_is_an_error_with_a_fix if {
	ref := object.union(t.unknown_ref("anthropic.claude-3-haiku-20240307-v1", [t.haiku_id]), {"typo_of": t.haiku_id})
	inp := _doc(ref)
	some f in unknown_model.findings with input as inp
	not f.severity
	endswith(f.message, "did you mean `anthropic.claude-3-haiku-20240307-v1:0`?")
	f.fix.replacement == t.haiku_id
}

test_a_typo_names_its_target_first if {
	ref := object.union(t.unknown_ref("anthropic.claude-haiku", ["a.one", "b.two", "c.three"]), {"typo_of": "b.two"})
	inp := _doc(ref)
	some f in unknown_model.findings with input as inp
	endswith(f.message, "did you mean `b.two`, `a.one` or `c.three`?")
}

test_unknown_arn_has_no_fix if {
	ref := object.union(t.unknown_ref("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku", [t.haiku_id]), {"kind": "foundation_model_arn", "typo_of": t.haiku_id})
	inp := _doc(ref)
	some f in unknown_model.findings with input as inp
	contains(f.message, "foundation model ARN")
	contains(f.message, "did you mean")
	not f.fix
}

test_known_id_does_not_fire if {
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("eu-west-1", 0)])])
	count(unknown_model.findings) == 0 with input as inp
}

test_malformed_is_left_to_its_rule if {
	ref := object.union(t.unknown_ref("claude haiku", []), {"kind": "malformed", "problem": "contains a space", "model_id": null})
	inp1 := _doc(ref)
	count(unknown_model.findings) == 0 with input as inp1
}

test_application_profile_is_info if {
	arn := "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
	ref := object.union(t.unknown_ref(arn, []), {"kind": "application_profile_arn", "model_id": null, "scope": "unknown"})
	inp2 := _doc(ref)
	fs := unknown_model.findings with input as inp2
	count(fs) == 1
	some f in fs
	f.severity == "info"
	f.pointer == "/models/0/model"
	contains(f.message, "application inference profile")
	contains(f.message, "GetInferenceProfile")
}
