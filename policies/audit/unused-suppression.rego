# METADATA
# title: Unused suppression comment
# description: 'An inline `modelgate: ignore[…] -- reason` comment matched no finding on the line it covers (its own line when it follows code, the next line when it stands alone), so it no longer suppresses anything and may hide a future finding that nobody has reviewed.'
# custom:
#   id: audit/unused-suppression
#   severity: warning
#   remediation: Remove the comment, or move it to the end of the finding's line (or alone on the line above it) and name the rule that fires there.
package modelgate.rules.audit.unused_suppression

import data.modelgate.lib

findings contains lib.finding(s.pointer, msg) if {
	some s in input.suppressions
	s.used == false
	is_string(s.reason)
	trim_space(s.reason) != ""
	msg := sprintf("`modelgate: ignore[%s]` suppresses no finding on %s (line %d); remove it", [concat(", ", s.rules), _scope(s), s.covers_line])
}

# A comment after code covers its own line; a comment alone on its line
# covers the next.
_scope(s) := "its own line" if {
	s.covers_line == s.line
} else := "the next line"
