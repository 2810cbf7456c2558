package modelgate.rules.reference.malformed_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.reference.malformed

_malformed(text, problem) := object.union(t.unknown_ref(text, []), {
	"kind": "malformed",
	"problem": problem,
	"model_id": null,
	"scope": "unknown",
})

_doc(ref) := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, ref, null, [object.union(t.call("eu-west-1", 0), {"availability": "unknown", "destinations": null})])])

test_malformed_fires_with_problem if {
	inp := _doc(_malformed("arn:aws:bedrock:eu-west-1::model/claude", "unknown ARN resource type `model`"))
	fs := malformed.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	f.message == "`arn:aws:bedrock:eu-west-1::model/claude` is not a well-formed Amazon Bedrock model id, inference profile id or ARN: unknown ARN resource type `model`"
}

test_malformed_without_problem if {
	inp := _doc(_malformed("claude haiku", null))
	some f in malformed.findings with input as inp
	endswith(f.message, "inference profile id or ARN")
}

test_well_formed_does_not_fire if {
	inp1 := _doc(t.model_ref(t.haiku_id))
	count(malformed.findings) == 0 with input as inp1
	inp2 := _doc(t.unknown_ref("anthropic.claude-9", []))
	count(malformed.findings) == 0 with input as inp2
}
