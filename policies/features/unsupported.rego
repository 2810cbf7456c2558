# METADATA
# title: Declared feature not supported
# description: The entry declares a feature (batch inference, tool use, prompt caching …) that the model does not support when called this way from a Region the workload uses, so the code that relies on it fails there. Reported as info when the catalog does not know whether the model supports the feature.
# custom:
#   id: features/unsupported
#   severity: error
#   remediation: Choose a model that supports the feature in every Region you call it from (modelgate suggests one where it can), or stop relying on the feature and remove it from `features`.
package modelgate.rules.features.unsupported

import data.modelgate.lib

# One finding per declared feature, naming every Region where it is unsupported.
findings contains lib.finding(feature.pointer, msg) if {
	some entry in input.entries
	some feature in entry.features
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	guard.features[feature.name] == "unsupported"
	regions := _regions(entry, feature.name, "unsupported")
	count(regions) > 0
	msg := sprintf("`%s` does not support `%s` when called from %s", [entry.reference.text, feature.name, lib.region_list(regions)])
}

findings contains lib.info(feature.pointer, msg) if {
	some entry in input.entries
	some feature in entry.features
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	object.get(guard.features, feature.name, "unknown") == "unknown"
	lib.resolved(entry)
	regions := _regions(entry, feature.name, "unknown")
	count(regions) > 0
	msg := sprintf("the catalog does not say whether `%s` supports `%s` when called from %s, so that is not checked", [entry.reference.text, feature.name, lib.region_list(regions)])
}

# A feature missing from a call's `features` counts as unknown.
_regions(entry, name, support) := sort([r | some r in {call.region |
	some call in entry.calls
	object.get(call, ["features", name], "unknown") == support
}])
