# METADATA
# title: Model past end of life
# description: The model has reached end of life on Amazon Bedrock, as of the evaluation date, in a Region the workload calls it from, so calls to it fail there. Reported as info when the catalog has no lifecycle facts for the model in a Region.
# custom:
#   id: lifecycle/end-of-life
#   severity: error
#   remediation: Move to an active model; `modelgate check` suggests one where it can.
package modelgate.rules.lifecycle.end_of_life

import data.modelgate.lib

# One finding per entry and end-of-life date; the Regions sharing it are listed together.
findings contains lib.finding(entry.reference.pointer, msg) if {
	some i in _ended
	entry := input.entries[i]
	some date in {_date(call) |
		some call in entry.calls
		call.lifecycle.status == "end_of_life"
	}
	calls := [call |
		some call in entry.calls
		call.lifecycle.status == "end_of_life"
		_date(call) == date
	]
	regions := sort([r | some r in {call.region | some call in calls}])
	replacements := sort([r | some r in {call.lifecycle.replacement |
		some call in calls
		is_string(call.lifecycle.replacement)
	}])
	msg := sprintf("`%s` reached end of life on Amazon Bedrock %s in %s, so calls to it fail there%s%s", [
		entry.reference.text,
		_on(date),
		lib.regions_phrase(entry, regions),
		lib.lifecycle_dispute_note(calls),
		_replacement(replacements),
	])
}

findings contains lib.info(entry.reference.pointer, msg) if {
	some entry in input.entries
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	guard.lifecycle.status == "unknown"
	lib.resolved(entry)
	regions := sort([r | some r in {call.region |
		some call in entry.calls
		call.lifecycle.status == "unknown"
	}])
	count(regions) > 0
	msg := sprintf("the catalog has no lifecycle facts for `%s` in %s, so its end of life is not checked there", [entry.reference.text, lib.region_list(regions)])
}

_date(call) := object.get(call.lifecycle, "end_of_life_date", null)

_on(date) := sprintf("on %s", [date]) if {
	is_string(date)
} else := "(date unknown)"

_replacement(ids) := sprintf("; the documented replacement is %s", [lib.or_list(ids)]) if {
	count(ids) > 0
} else := ""

# The entries called somewhere in a Region where the model reached end of life.
_ended contains i if {
	some i, entry in input.entries
	some call in entry.calls
	call.lifecycle.status == "end_of_life"
}
