package modelgate.rules.platform.cheap_output_cap_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.platform.cheap_output_cap as rule

entry(name, tokens) := object.union(t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("us-east-1", 0)]), {
	"name": name,
	"max_output_tokens": {"value": tokens, "pointer": "/models/0/max_output_tokens"},
})

test_a_cheap_entry_over_the_cap_is_reported_with_a_fix if {
	inp := t.doc(t.workload(["us-east-1"], null), [entry("summary-cheap", 5000)])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/max_output_tokens"
	f.fix.replacement == 4096
}

test_a_cheap_entry_at_the_cap_passes if {
	inp := t.doc(t.workload(["us-east-1"], null), [entry("summary-cheap-v2", 4096)])
	count(rule.findings) == 0 with input as inp
}

test_an_entry_outside_the_tier_passes if {
	inp := t.doc(t.workload(["us-east-1"], null), [entry("summary", 8192)])
	count(rule.findings) == 0 with input as inp
}

test_a_reference_found_by_audit_passes if {
	e := object.union(t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("us-east-1", 0)]), {"name": null})
	inp := t.doc(t.workload(["us-east-1"], null), [e])
	count(rule.findings) == 0 with input as inp
}
