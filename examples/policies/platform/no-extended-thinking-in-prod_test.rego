package modelgate.rules.platform.no_extended_thinking_in_prod_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.platform.no_extended_thinking_in_prod as rule

thinking := object.union(t.entry(0, t.model_ref(t.sonnet_id), t.sonnet, [t.call("us-east-1", 0)]), {"features": t.features(0, ["tool-use", "extended-thinking"])})

named(name) := object.union(t.workload(["us-east-1"], null), {"name": name})

test_thinking_in_production_is_refused_with_a_fix if {
	inp := t.doc(named("prod-assistant"), [thinking])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/features/1"
	f.fix.pointer == "/models/0/features"
	f.fix.replacement == ["tool-use"]
}

test_thinking_outside_production_passes if {
	inp := t.doc(named("dev-tools"), [thinking])
	count(rule.findings) == 0 with input as inp
}

test_production_without_thinking_passes if {
	e := object.union(thinking, {"features": t.features(0, ["tool-use"])})
	inp := t.doc(named("prod-assistant"), [e])
	count(rule.findings) == 0 with input as inp
}

test_a_null_workload_name_is_not_an_error if {
	inp := t.doc(named(null), [thinking])
	count(rule.findings) == 0 with input as inp
}
