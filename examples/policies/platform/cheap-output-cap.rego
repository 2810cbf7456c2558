# METADATA
# title: "Cost control: output cap on cheap-tier entries"
# description: Entries named `*-cheap*` are budgeted for short answers; a `max_output_tokens` above 4096 defeats the cost tier.
# custom:
#   severity: warning
#   remediation: Lower `max_output_tokens` to 4096 or less, or rename the entry out of the cheap tier.
package modelgate.rules.platform.cheap_output_cap

import data.modelgate.lib

cap := 4096

# `name` is null for a reference found by `audit`, which declares no limit.
findings contains lib.finding_with_fix(entry.max_output_tokens.pointer, msg, fix) if {
	some entry in input.entries
	is_string(entry.name)
	glob.match("*-cheap*", [], entry.name)
	entry.max_output_tokens.value > cap
	msg := sprintf("`%s` is a cheap-tier entry but allows %d output tokens (platform cap: %d)", [entry.name, entry.max_output_tokens.value, cap])
	fix := {"description": sprintf("lower max_output_tokens to %d", [cap]), "replacement": cap}
}
