# METADATA
# title: Model not offered in Region
# description: The model is not offered on Amazon Bedrock in a Region the workload calls it from, neither in-Region nor through an inference profile, so every call from there fails. This includes an ARN that names another Region, which Bedrock refuses from a client in a different Region. Reported as info when the catalog does not say whether the model is offered there, or when its sources disagree on whether the model or profile can be called from there (the info names both).
# custom:
#   id: availability/region-unavailable
#   severity: error
#   remediation: Call a model that is offered in that Region (modelgate suggests one where it can), or call from a Region where this model is offered.
package modelgate.rules.availability.region_unavailable

import data.modelgate.lib

# One finding per entry, naming every Region the model is not offered in.
findings contains lib.finding(entry.reference.pointer, msg) if {
	some entry in input.entries
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	guard.availability == "not_offered"
	lib.invoked(entry)
	regions := _regions(entry, "not_offered")
	count(regions) > 0
	msg := sprintf("`%s` is not offered on Amazon Bedrock in %s, neither in-Region nor through an inference profile", [entry.reference.text, lib.region_list(regions)])
}

# An ARN pins its Region: a client in another Region cannot call it.
findings contains lib.finding(entry.reference.pointer, msg) if {
	some entry in input.entries
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	guard.availability == "arn_region_mismatch"
	lib.invoked(entry)
	regions := _regions(entry, "arn_region_mismatch")
	count(regions) > 0
	msg := sprintf("`%s` is an ARN in %s, so it cannot be called from %s; use the model or profile id, or an ARN in the Region the call is made from", [entry.reference.text, entry.reference.arn_region, lib.region_list(regions)])
}

# With no Region named (an audit reference), the Regions judged are the
# catalog's own: that it does not know availability in some of them is no
# news about the code.
findings contains lib.info(entry.reference.pointer, msg) if {
	some entry in input.entries
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	guard.availability == "unknown"
	lib.resolved(entry)
	lib.invoked(entry)
	not lib.regions_assumed(entry)
	regions := _regions(entry, "unknown")
	count(regions) > 0
	msg := sprintf("the catalog does not say whether `%s` is offered in %s, so its availability there is not checked", [entry.reference.text, lib.region_list(regions)])
}

_regions(entry, availability) := sort([r | some r in {call.region |
	some call in entry.calls
	call.availability == availability
}])

# Where the catalog's sources disagree on whether the call can be made at
# all, no error: an info naming each source and what it says.
findings contains lib.info(entry.reference.pointer, msg) if {
	some entry in input.entries
	lib.resolved(entry)
	some call in entry.calls
	call.availability == "disputed"
	msg := sprintf("the catalog's sources disagree on whether `%s` can be called from %s (%s), so its availability there is not checked", [entry.reference.text, call.region, lib.dispute_sources(call.dispute)])
}
