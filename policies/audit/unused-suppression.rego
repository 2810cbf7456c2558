# METADATA
# title: Unused suppression comment
# description: 'An inline `modelgate: ignore[…] -- reason` comment matched no finding on its line or the line below, so it no longer suppresses anything and may hide a future finding that nobody has reviewed.'
# custom:
#   id: audit/unused-suppression
#   severity: warning
#   remediation: Remove the comment, or move it to the line of the finding (or the line above it) and name the rule that fires there.
package modelgate.rules.audit.unused_suppression

import data.modelgate.lib

findings contains lib.finding(s.pointer, msg) if {
	some s in input.suppressions
	s.used == false
	is_string(s.reason)
	trim_space(s.reason) != ""
	msg := sprintf("`modelgate: ignore[%s]` suppresses no finding on this line or the next; remove it", [concat(", ", s.rules)])
}
