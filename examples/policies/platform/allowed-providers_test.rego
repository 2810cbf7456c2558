package modelgate.rules.platform.allowed_providers_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.platform.allowed_providers as rule

llama := object.union(t.haiku, {"id": "meta.llama3-8b-instruct-v1:0", "name": "Llama 3 8B Instruct", "provider": "Meta"})

test_another_provider_is_refused if {
	inp := t.doc(t.workload(["us-east-1"], null), [t.entry(0, t.model_ref(llama.id), llama, [t.call("us-east-1", 0)])])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	contains(f.message, "is a Meta model")
}

test_an_allowed_provider_passes if {
	inp := t.doc(t.workload(["us-east-1"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("us-east-1", 0)])])
	count(rule.findings) == 0 with input as inp
}

test_an_unknown_model_is_left_to_the_builtin_rule if {
	inp := t.doc(t.workload(["us-east-1"], null), [t.entry(0, t.unknown_ref("foo.bar-v1:0", []), null, [t.call("us-east-1", 0)])])
	count(rule.findings) == 0 with input as inp
}
