# METADATA
# title: End of life approaching
# description: The model reaches end of life on Amazon Bedrock within the horizon (`eol_horizon_days`, default 90 days) in a Region the workload calls it from; after that date calls to it fail.
# custom:
#   id: lifecycle/eol-approaching
#   severity: warning
#   remediation: Move to an active model before the end-of-life date (modelgate suggests one where it can); waive with a `[[waivers]]` entry that expires before the date if the migration is tracked.
package modelgate.rules.lifecycle.eol_approaching

import data.modelgate.lib

_horizon := object.get(input, ["settings", "eol_horizon_days"], 90)

_approaching(call) if {
	call.lifecycle.status != "end_of_life"
	days := call.lifecycle.days_to_end_of_life
	is_number(days)
	days > 0
	days <= _horizon
	is_string(call.lifecycle.end_of_life_date)
}

# One finding per entry and end-of-life date; the Regions sharing it are listed together.
findings contains lib.finding(entry.reference.pointer, msg) if {
	some entry in input.entries
	# Cheap field tests first: most entries fail them (see policies/README.md, "Fast rules").
	some guard in entry.calls
	is_number(guard.lifecycle.days_to_end_of_life)
	guard.lifecycle.days_to_end_of_life <= _horizon
	some key in {[call.lifecycle.end_of_life_date, call.lifecycle.days_to_end_of_life] |
		some call in entry.calls
		_approaching(call)
	}
	regions := sort([r | some r in {call.region |
		some call in entry.calls
		_approaching(call)
		[call.lifecycle.end_of_life_date, call.lifecycle.days_to_end_of_life] == key
	}])
	msg := sprintf("`%s` reaches end of life on Amazon Bedrock on %s, in %s, in %s", [
		entry.reference.text,
		key[0],
		lib.plural(key[1], "day"),
		lib.regions_phrase(entry, regions),
	])
}
