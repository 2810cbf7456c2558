package modelgate.rules.catalog.stale_test

import data.modelgate.lib.testing as t
import data.modelgate.rules.catalog.stale

_doc(age, max) := object.union(t.doc(t.workload(["eu-west-1"], null), []), {
	"settings": {"eol_horizon_days": 90, "max_catalog_age_days": max},
	"catalog": {"as_of": "2026-08-24", "age_days": age, "origin": "embedded"},
})

test_older_than_the_maximum_fires if {
	inp := _doc(90, 60)
	fs := stale.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/version"
	not f.severity
	f.message == "the embedded catalog is 90 days old (as of 2026-08-24, evaluated on 2026-11-22), more than the allowed 60 days; its facts may be out of date"
}

test_at_the_maximum_does_not_fire if {
	inp := _doc(60, 60)
	count(stale.findings) == 0 with input as inp
}

test_no_maximum_does_not_fire if {
	inp := _doc(900, null)
	count(stale.findings) == 0 with input as inp
}

test_catalog_folder_is_named if {
	inp := object.union(_doc(31, 30), {"catalog": {"origin": "imported"}})
	some f in stale.findings with input as inp
	startswith(f.message, "the `imported` catalog is 31 days old")
}

test_older_inputs_without_catalog_do_not_fire if {
	inp := t.doc(t.workload(["eu-west-1"], null), [])
	count(stale.findings) == 0 with input as inp
}
