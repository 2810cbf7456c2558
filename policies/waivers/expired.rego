# METADATA
# title: Expired waiver
# description: A waiver in the manifest is past its `expires` date. It no longer suppresses anything, and an exception nobody renewed should not sit in the manifest looking as if it still did.
# custom:
#   id: waivers/expired
#   severity: error
#   remediation: Fix the findings the waiver covered and remove it, or renew it with a new `expires` date and an up-to-date `reason`.
package modelgate.rules.waivers.expired

import data.modelgate.lib

# Evaluated on the waivers document (see policies/README.md), not on the
# manifest input: `input.waivers` exists only there.
findings contains lib.finding(w.expires_pointer, msg) if {
	some w in input.waivers
	w.expired
	msg := sprintf("the waiver for `%s`%s expired on %s, so it no longer suppresses anything", [w.rule, _about(w), w.expires])
}

_about(w) := sprintf(" on `%s`", [w.model]) if {
	is_string(w.model)
} else := ""
