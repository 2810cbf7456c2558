package modelgate.rules.residency.region_outside_boundary_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.residency.region_outside_boundary

test_workload_region_outside_fires if {
	inp := t.doc(t.workload(["eu-west-1", "us-east-1"], t.boundary_eu), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [
		t.call("eu-west-1", 0),
		t.call("us-east-1", 1),
	])])
	fs := region_outside_boundary.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/workload/regions/1"
	f.message == "us-east-1 is outside the `eu` residency boundary (EU/EEA member states)"
}

test_entry_region_outside_fires if {
	e := object.union(t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("eu-west-2", 0)]), {"regions": [{"region": "eu-west-2", "pointer": "/models/0/regions/0"}]})
	inp := t.doc(t.workload(["eu-west-1"], t.boundary_gdpr), [e])
	some f in region_outside_boundary.findings with input as inp
	f.pointer == "/models/0/regions/0"
	f.message == "eu-west-2 is outside the `eu` residency boundary (EU/EEA member states, implied by the `gdpr` compliance tag)"
}

test_regions_boundary_names_its_regions if {
	b := {"name": "regions", "description": null, "regions": ["eu-west-1"], "pointer": "/workload/residency", "implied_by": null}
	e := object.union(t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("eu-central-1", 0)]), {"regions": [{"region": "eu-central-1", "pointer": "/models/0/regions/0"}]})
	inp := t.doc(t.workload(["eu-west-1"], b), [e])
	some f in region_outside_boundary.findings with input as inp
	contains(f.message, "the workload's own Regions: eu-west-1")
}

test_inside_boundary_does_not_fire if {
	inp := t.doc(t.workload(["eu-west-1", "eu-central-1"], t.boundary_eu), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [
		t.call("eu-west-1", 0),
		t.call("eu-central-1", 1),
	])])
	count(region_outside_boundary.findings) == 0 with input as inp
}

test_no_boundary_does_not_fire if {
	inp := t.doc(t.workload(["us-east-1"], null), [t.entry(0, t.model_ref(t.haiku_id), t.haiku, [t.call("us-east-1", 0)])])
	count(region_outside_boundary.findings) == 0 with input as inp
}
