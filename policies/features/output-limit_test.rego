package modelgate.rules.features.output_limit_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.features.output_limit

_doc(model, tokens) := t.doc(t.workload(["eu-west-1"], null), [object.union(
	t.entry(0, t.model_ref(t.haiku_id), model, [t.call("eu-west-1", 0)]),
	{"max_output_tokens": {"value": tokens, "pointer": "/models/0/max_output_tokens"}},
)])

test_above_maximum_fires_with_fix if {
	inp1 := _doc(t.haiku, 8192)
	fs := output_limit.findings with input as inp1
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/max_output_tokens"
	not f.severity
	f.message == "max_output_tokens = 8192 exceeds the maximum output of `anthropic.claude-3-haiku-20240307-v1:0`, 4096 tokens"
	f.fix.replacement == 4096
	f.fix.description == "lower max_output_tokens to 4096, which every reading of the documented maximum allows"
}

test_at_maximum_does_not_fire if {
	inp2 := _doc(t.haiku, 4096)
	count(output_limit.findings) == 0 with input as inp2
}

test_not_declared_does_not_fire if {
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("eu-west-1", 0)])])
	count(output_limit.findings) == 0 with input as inp
}

test_unknown_maximum_is_info if {
	inp3 := _doc(object.union(t.haiku, {"max_output_tokens": null}), 8192)
	fs := output_limit.findings with input as inp3
	count(fs) == 1
	some f in fs
	f.severity == "info"
	not f.fix
	contains(f.message, "does not know the maximum output of `anthropic.claude-3-haiku-20240307-v1:0`")
}

_loose := object.union(t.haiku, {"max_output_tokens": 4000, "max_output_tokens_upper": 4096})

test_between_readings_of_a_loose_maximum_is_info if {
	inp4 := _doc(_loose, 4096)
	fs := output_limit.findings with input as inp4
	count(fs) == 1
	some f in fs
	f.severity == "info"
	contains(f.message, "between 4000 and 4096")
}

test_above_every_reading_of_a_loose_maximum_fires if {
	inp5 := _doc(_loose, 4097)
	fs := output_limit.findings with input as inp5
	count(fs) == 1
	some f in fs
	not f.severity
	f.fix.replacement == 4000
}

test_at_the_lower_reading_does_not_fire if {
	inp6 := _doc(_loose, 4000)
	count(output_limit.findings) == 0 with input as inp6
}
