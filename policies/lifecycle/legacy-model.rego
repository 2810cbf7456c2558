# METADATA
# title: Legacy model
# description: The model is in Legacy state on Amazon Bedrock in a Region the workload calls it from, so it is scheduled for end of life (after which calls fail); the message carries the end-of-life date, the public extended access date and the documented replacement where known.
# custom:
#   id: lifecycle/legacy-model
#   severity: warning
#   remediation: Plan the move to the documented replacement or another active model (modelgate suggests one where it can) before the end-of-life date; waive with a `[[waivers]]` entry that expires if the migration is tracked.
package modelgate.rules.lifecycle.legacy_model

import data.modelgate.lib

# One finding per entry and distinct set of dates; the Regions sharing them
# are listed together.
findings contains lib.finding(entry.reference.pointer, msg) if {
	some entry in input.entries
	some key in {_key(call.lifecycle) |
		some call in entry.calls
		call.lifecycle.status == "legacy"
	}
	regions := sort([r | some r in {call.region |
		some call in entry.calls
		call.lifecycle.status == "legacy"
		_key(call.lifecycle) == key
	}])
	calls := [call |
		some call in entry.calls
		call.lifecycle.status == "legacy"
		_key(call.lifecycle) == key
	]
	msg := sprintf("`%s` is a legacy model on Amazon Bedrock in %s; %s%s%s%s", [
		entry.reference.text,
		lib.regions_phrase(entry, regions),
		_eol(key[0]),
		lib.lifecycle_dispute_note(calls),
		_pea(key[1]),
		_replacement(key[2]),
	])
}

_key(l) := [
	object.get(l, "end_of_life_date", null),
	object.get(l, "public_extended_access_date", null),
	object.get(l, "replacement", null),
]

_eol(date) := sprintf("it reaches end of life on %s", [date]) if {
	is_string(date)
} else := "the catalog has no end-of-life date for it"

_pea(date) := sprintf(", and has been in public extended access since %s", [date]) if {
	is_string(date)
	date <= input.today
} else := sprintf(", with public extended access from %s", [date]) if {
	is_string(date)
} else := ""

_replacement(id) := sprintf("; the documented replacement is `%s`", [id]) if {
	is_string(id)
} else := ""
