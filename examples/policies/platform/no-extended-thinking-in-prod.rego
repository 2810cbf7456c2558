# METADATA
# title: Extended thinking in a production workload
# description: Workloads named `prod-*` may not enable extended thinking (unbounded latency and cost on the customer path).
# custom:
#   severity: error
#   remediation: Remove `extended-thinking` from the entry's features, or move the use case to a non-production workload.
package modelgate.rules.platform.no_extended_thinking_in_prod

import data.modelgate.lib

# `workload.name` is null in audit's suppression pass, and may be absent.
production if {
	is_string(input.workload.name)
	glob.match("prod-*", [], input.workload.name)
}

findings contains lib.finding_with_fix(feature.pointer, msg, fix) if {
	production
	some entry in input.entries
	some feature in entry.features
	feature.name == "extended-thinking"
	msg := sprintf("`%s` enables extended thinking in production workload `%s`", [entry.name, input.workload.name])
	fix := {
		"description": "remove `extended-thinking` from the features",
		"pointer": sprintf("%s/features", [entry.pointer]),
		"replacement": [f.name | some f in entry.features; f.name != "extended-thinking"],
	}
}
