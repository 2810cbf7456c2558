# METADATA
# title: Region outside the residency boundary
# description: The workload, or one of its model entries, calls Amazon Bedrock from a Region outside its declared residency boundary, so requests are processed outside the boundary even before any cross-Region routing.
# custom:
#   id: residency/region-outside-boundary
#   severity: error
#   remediation: Call Bedrock only from Regions inside the boundary, or correct `residency` if the boundary is wrong.
package modelgate.rules.residency.region_outside_boundary

import data.modelgate.lib

# The message names only the Region and the boundary, so the same Region
# reached through several entries yields one finding per pointer.
findings contains lib.finding(r.pointer, msg) if {
	data.modelgate.lib.has_boundary
	some r in _regions
	not r.region in input.workload.boundary.regions
	msg := sprintf("%s is outside %s", [r.region, data.modelgate.lib.boundary_label])
}

_regions contains r if {
	some r in input.workload.regions
}

_regions contains r if {
	some entry in input.entries
	some r in entry.regions
}
