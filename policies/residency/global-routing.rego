# METADATA
# title: Global inference profile in a workload with a residency boundary
# description: A global inference profile may route requests to any commercial AWS Region, so a workload that declares a residency boundary cannot keep its requests inside it.
# custom:
#   id: residency/global-routing
#   severity: error
#   remediation: Use a geographic inference profile whose destinations lie inside the boundary (e.g. `eu.` for the `eu` boundary), or call the model in-Region (modelgate suggests one where it can).
package modelgate.rules.residency.global_routing

import data.modelgate.lib

findings contains lib.finding(entry.reference.pointer, msg) if {
	data.modelgate.lib.has_boundary
	some entry in input.entries
	entry.reference.scope == "global"
	lib.invoked(entry)
	msg := sprintf("`%s` %s, which may route requests to any commercial AWS Region, including Regions outside %s", [entry.reference.text, _what(entry), data.modelgate.lib.boundary_label])
}

_what(entry) := "is the Region-less model ARN a global inference profile routes to" if {
	entry.reference.kind == "foundation_model_arn"
} else := "is a global inference profile"
