package modelgate.rules.platform.gdpr_eu_legal_boundary_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.platform.gdpr_eu_legal_boundary as rule

gdpr_workload(codes) := object.union(t.workload(codes, t.boundary_gdpr), {"compliance": ["gdpr"]})

# The catalog's Region facts are loaded in tests, as in `check`.
test_the_catalog_knows_london_is_not_in_the_eu if {
	data.catalog.regions["eu-west-2"].eu_member == false
	data.catalog.regions["eu-west-1"].eu_member == true
}

test_a_call_from_london_is_refused if {
	inp := t.doc(gdpr_workload(["eu-west-2"]), [t.entry(0, t.profile_ref("eu", t.haiku_id), t.haiku, [t.call("eu-west-2", 0)])])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/workload/regions/0"
}

test_an_eu_profile_that_may_route_to_zurich_is_refused if {
	c := object.union(t.call("eu-central-1", 0), {"destinations": ["eu-central-1", "eu-central-2", "eu-west-1"]})
	inp := t.doc(gdpr_workload(["eu-central-1"]), [t.entry(0, t.profile_ref("eu", t.haiku_id), t.haiku, [c])])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	contains(f.message, "eu-central-2")
}

test_a_global_profile_is_refused if {
	inp := t.doc(gdpr_workload(["eu-west-1"]), [t.entry(0, t.profile_ref("global", t.haiku_id), t.haiku, [t.call("eu-west-1", 0)])])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	contains(f.message, "neither an in-Region call nor an `eu.` profile")
}

test_an_eu_profile_inside_the_eu_passes if {
	c := object.union(t.call("eu-west-1", 0), {"destinations": ["eu-central-1", "eu-west-1", "eu-west-3"]})
	inp := t.doc(gdpr_workload(["eu-west-1"]), [t.entry(0, t.profile_ref("eu", t.haiku_id), t.haiku, [c])])
	count(rule.findings) == 0 with input as inp
}

test_a_workload_without_gdpr_is_not_judged if {
	inp := t.doc(t.workload(["eu-west-2"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("eu-west-2", 0)])])
	count(rule.findings) == 0 with input as inp
}

test_in_audit_a_call_from_london_points_at_the_reference if {
	e := object.union(t.entry(0, t.profile_ref("eu", t.haiku_id), t.haiku, [t.call("eu-west-2", 0)]), {
		"pointer": "/references/0",
		"reference": {"pointer": "/references/0"},
		"location": {"file": "infra/main.tf", "line": 3, "column": 22},
	})
	inp := t.doc(gdpr_workload(["eu-west-2"]), [e])
	fs := rule.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/references/0"
}
