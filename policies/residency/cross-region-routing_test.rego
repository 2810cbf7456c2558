package modelgate.rules.residency.cross_region_routing_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.residency.cross_region_routing

test_us_profile_in_eu_workload_fires if {
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_eu), [t.entry(0, t.profile_ref("us", t.haiku_id), t.haiku, [
		object.union(t.call("eu-west-1", 0), {"destinations": ["us-west-2", "us-east-1", "eu-west-1"]}),
	])])
	fs := cross_region_routing.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/models/0/model"
	not f.severity
	f.message == "`us.anthropic.claude-3-haiku-20240307-v1:0` called from eu-west-1 may process requests in us-east-1, us-west-2, outside the `eu` residency boundary (EU/EEA member states)"
}

test_source_outside_boundary_still_reported if {
	inp := t.doc(t.workload(["us-east-1"], t.boundary_eu), [t.entry(0, t.profile_ref("us", t.haiku_id), t.haiku, [
		object.union(t.call("us-east-1", 0), {"destinations": ["us-east-1", "us-west-2"]}),
	])])
	some f in cross_region_routing.findings with input as inp
	contains(f.message, "called from us-east-1 may process requests in us-east-1, us-west-2, outside")
}

test_eu_profile_in_eu_workload_does_not_fire if {
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_eu), [t.entry(0, t.profile_ref("eu", t.haiku_id), t.haiku, [
		object.union(t.call("eu-west-1", 0), {"destinations": ["eu-central-1", "eu-west-1", "eu-west-3"]}),
	])])
	count(cross_region_routing.findings) == 0 with input as inp
}

test_in_region_call_outside_boundary_does_not_fire if {
	inp := t.doc(t.workload(["us-east-1"], t.boundary_eu), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("us-east-1", 0)])])
	count(cross_region_routing.findings) == 0 with input as inp
}

test_no_boundary_does_not_fire if {
	inp := t.doc(t.workload(["eu-west-1"], null), [t.entry(0, t.profile_ref("us", t.haiku_id), t.haiku, [
		object.union(t.call("eu-west-1", 0), {"destinations": ["us-east-1", "us-west-2"]}),
	])])
	count(cross_region_routing.findings) == 0 with input as inp
}

test_global_profile_is_left_to_global_routing if {
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_eu), [t.entry(0, t.profile_ref("global", t.sonnet_id), t.sonnet, [
		object.union(t.call("eu-west-1", 0), {"global": true, "destinations": ["eu-west-1", "us-east-1"]}),
	])])
	count(cross_region_routing.findings) == 0 with input as inp
}

test_unknown_destinations_is_info if {
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_eu), [t.entry(0, t.profile_ref("eu", t.haiku_id), t.haiku, [
		object.union(t.call("eu-west-1", 0), {"destinations": null}),
	])])
	fs := cross_region_routing.findings with input as inp
	count(fs) == 1
	some f in fs
	f.severity == "info"
	contains(f.message, "`eu.anthropic.claude-3-haiku-20240307-v1:0` may route requests to from eu-west-1")
}

test_unknown_profile_gets_no_routing_info if {
	ref := object.union(t.profile_ref("eu", t.sonnet_id), {"known": false})
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_eu), [t.entry(0, ref, null, [
		object.union(t.call("eu-west-1", 0), {"availability": "unknown", "destinations": null}),
	])])
	count(cross_region_routing.findings) == 0 with input as inp
}

# An audit reference in code that names no Region: its calls are every source
# Region of the profile, and the finding is one, about the reference.
test_assumed_regions_give_one_finding if {
	calls := [
		object.union(t.call("us-east-1", 0), {"destinations": ["us-east-1", "us-east-2", "us-west-2"]}),
		object.union(t.call("us-west-1", 0), {"destinations": ["us-east-1", "us-west-1", "us-west-2"]}),
	]
	inp := t.doc(t.workload([], t.boundary_eu), [object.union(t.entry(0, t.profile_ref("us", t.haiku_id), t.haiku, calls), {"regions": []})])
	fs := cross_region_routing.findings with input as inp
	count(fs) == 1
	some f in fs
	f.message == "`us.anthropic.claude-3-haiku-20240307-v1:0` may process requests in us-east-1, us-east-2, us-west-1, us-west-2, depending on the Region it is called from, outside the `eu` residency boundary (EU/EEA member states)"
}

test_assumed_regions_inside_boundary_do_not_fire if {
	calls := [object.union(t.call("eu-west-1", 0), {"destinations": ["eu-central-1", "eu-west-1"]})]
	inp := t.doc(t.workload([], t.boundary_eu), [object.union(t.entry(0, t.profile_ref("eu", t.haiku_id), t.haiku, calls), {"regions": []})])
	count(cross_region_routing.findings) == 0 with input as inp
}
