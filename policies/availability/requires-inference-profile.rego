# METADATA
# title: Model requires an inference profile
# description: The model is called by its bare model id (or foundation model ARN) from a Region where Amazon Bedrock offers it only through an inference profile, so on-demand calls by that id fail there.
# custom:
#   id: availability/requires-inference-profile
#   severity: error
#   remediation: Call the model through a system inference profile whose destinations stay inside your residency boundary (modelgate suggests one where it can).
package modelgate.rules.availability.requires_inference_profile

import data.modelgate.lib

findings contains lib.finding(entry.reference.pointer, msg) if {
	some entry in input.entries
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	guard.availability == "requires_profile"
	lib.invoked(entry)
	regions := sort([r | some r in {call.region |
		some call in entry.calls
		call.availability == "requires_profile"
	}])
	count(regions) > 0
	msg := sprintf("`%s` can be called in %s only through an inference profile, not by its model id; call it through a system inference profile instead", [entry.reference.text, lib.region_list(regions)])
}
