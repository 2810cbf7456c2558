# METADATA
# title: GDPR workload processing outside the EU legal boundary
# description: >-
#   A workload tagged `gdpr` calls Bedrock only from EU member-state Regions,
#   and only in-Region or through `eu.` inference profiles whose every
#   destination is an EU member state. London (eu-west-2) and Zurich
#   (eu-central-2) are in Europe but not in the EU, so they are refused even
#   when the workload declares the wider `europe` residency the built-in
#   rules accept.
# custom:
#   severity: error
#   remediation: Call from an EU member-state Region (eu-west-1, eu-central-1, eu-north-1, eu-south-1, eu-south-2, eu-west-3), in-Region or through an `eu.` profile.
package modelgate.rules.platform.gdpr_eu_legal_boundary

import data.modelgate.lib

# Refused whatever the catalog says, as the policy names them.
forbidden := {"eu-west-2", "eu-central-2"}

gdpr if "gdpr" in input.workload.compliance

outside_eu(region) if region in forbidden

outside_eu(region) if data.catalog.regions[region].eu_member == false

# A call made from a Region outside the EU. `check` points at the Region in
# the manifest; `audit` keeps only findings on a reference, so there (where
# entries carry a `location`) the finding points at the reference.
findings contains lib.finding(_where(entry, call), msg) if {
	gdpr
	some entry in input.entries
	some call in entry.calls
	outside_eu(call.region)
	msg := sprintf("`%s` is called from %s, which is outside the EU legal boundary required for `gdpr` workloads", [entry.reference.text, call.region])
}

# A profile that may process requests outside the EU.
findings contains lib.finding(entry.reference.pointer, msg) if {
	gdpr
	some entry in input.entries
	some call in entry.calls
	not outside_eu(call.region)
	is_array(call.destinations)
	outside := sort([d | some d in call.destinations; outside_eu(d)])
	count(outside) > 0
	msg := sprintf("`%s` called from %s may be processed in %s, outside the EU legal boundary required for `gdpr` workloads", [entry.reference.text, call.region, lib.region_list(outside)])
}

# Only in-Region calls or `eu.` profiles.
findings contains lib.finding(entry.reference.pointer, msg) if {
	gdpr
	some entry in input.entries
	entry.reference.scope != "in_region"
	entry.reference.prefix != "eu"
	msg := sprintf("`%s` is neither an in-Region call nor an `eu.` profile; `gdpr` workloads may use only those", [entry.reference.text])
}

_where(entry, call) := entry.reference.pointer if {
	entry.location
} else := call.pointer
