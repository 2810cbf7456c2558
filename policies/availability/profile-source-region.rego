# METADATA
# title: Inference profile not callable from Region
# description: The inference profile exists, but Amazon Bedrock does not accept calls to it from a source Region the workload calls from, so those calls fail.
# custom:
#   id: availability/profile-source-region
#   severity: error
#   remediation: Use an inference profile that lists the Region as a source Region (usually one of the same geography, e.g. `eu.` for European Regions), or call from one of this profile's source Regions.
package modelgate.rules.availability.profile_source_region

import data.modelgate.lib

findings contains lib.finding(entry.reference.pointer, msg) if {
	some entry in input.entries
	lib.invoked(entry)
	regions := sort([r | some r in {call.region |
		some call in entry.calls
		call.availability == "profile_not_from_region"
	}])
	count(regions) > 0
	msg := sprintf("the inference profile `%s` cannot be called from %s, which %s not among its source Regions", [entry.reference.text, lib.region_list(regions), _verb(regions)])
}

_verb(regions) := "is" if {
	count(regions) == 1
} else := "are"
