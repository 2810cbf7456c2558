# METADATA
# title: Suppression comment without a reason
# description: 'An inline `modelgate: ignore[…]` comment gives no reason after `--`. A suppression without a reason suppresses nothing, so that every accepted finding says why it is accepted.'
# custom:
#   id: audit/suppression-without-reason
#   severity: error
#   remediation: 'Write the reason after the rule ids, e.g. `modelgate: ignore[lifecycle/legacy-model] -- migration tracked in PLAT-412`, or remove the comment.'
package modelgate.rules.audit.suppression_without_reason

import data.modelgate.lib

findings contains lib.finding(s.pointer, msg) if {
	some s in input.suppressions
	not _has_reason(s)
	msg := sprintf("`modelgate: ignore[%s]` gives no reason, so it suppresses nothing; write one after `--`", [concat(", ", s.rules)])
}

_has_reason(s) if {
	is_string(s.reason)
	trim_space(s.reason) != ""
}
