# METADATA
# title: Cross-Region routing outside the residency boundary
# description: A cross-Region inference profile may process requests in destination Regions outside the workload's residency boundary, so prompts and responses can leave it. Reported as info when the catalog does not list a geographic profile's destinations for a source Region.
# custom:
#   id: residency/cross-region-routing
#   severity: error
#   remediation: Use an inference profile whose destination Regions all lie inside the boundary (e.g. `eu.` for the `eu` boundary), or call the model in-Region (modelgate suggests a replacement where it can).
package modelgate.rules.residency.cross_region_routing

import data.modelgate.lib

# Global profiles are residency/global-routing's; an in-Region call (whose only
# destination is its source Region) is residency/region-outside-boundary's.
findings contains lib.finding(entry.reference.pointer, msg) if {
	data.modelgate.lib.has_boundary
	some entry in input.entries
	some call in entry.calls
	is_array(call.destinations)
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in call.destinations
	not guard in input.workload.boundary.regions
	call.global == false
	entry.reference.scope != "global"
	lib.invoked(entry)
	not lib.regions_assumed(entry)
	outside := lib.outside_boundary(call.destinations)
	some d in outside
	d != call.region
	msg := sprintf("`%s` called from %s may process requests in %s, outside %s", [entry.reference.text, call.region, lib.region_list(outside), data.modelgate.lib.boundary_label])
}

# Code that names no Region may run in any Region the profile can be called
# from: one finding for the reference, with every destination outside the
# boundary, rather than one per Region modelgate assumed.
findings contains lib.finding(entry.reference.pointer, msg) if {
	data.modelgate.lib.has_boundary
	some entry in input.entries
	entry.regions == []
	entry.reference.scope != "global"
	lib.invoked(entry)
	outside := lib.outside_boundary({d |
		some call in entry.calls
		call.global == false
		is_array(call.destinations)
		some d in call.destinations
	})
	count(outside) > 0
	msg := sprintf("`%s` may process requests in %s, depending on the Region it is called from, outside %s", [entry.reference.text, lib.region_list(outside), data.modelgate.lib.boundary_label])
}

# A geographic profile whose routing from these Regions the catalog does not
# know. (An unknown profile is reference/unknown-model's, not this rule's.)
findings contains lib.info(entry.reference.pointer, msg) if {
	data.modelgate.lib.has_boundary
	some entry in input.entries
	entry.reference.scope == "geographic"
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	guard.destinations == null
	lib.resolved(entry)
	lib.invoked(entry)
	regions := sort([r | some r in {call.region |
		some call in entry.calls
		call.global == false
		call.destinations == null
		not call.availability in {"not_offered", "profile_not_from_region"}
	}])
	count(regions) > 0
	msg := sprintf("the catalog does not list the Regions `%s` may route requests to from %s, so whether they stay inside %s is not checked", [entry.reference.text, lib.region_list(regions), data.modelgate.lib.boundary_label])
}
