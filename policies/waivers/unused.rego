# METADATA
# title: Unused waiver
# description: An active waiver matched no finding. The problem it excused is gone (or the waiver names the wrong rule or model), and a stale exception would silently excuse the next problem of that kind.
# custom:
#   id: waivers/unused
#   severity: warning
#   remediation: Remove the waiver, or correct its `rule` and `model` so that it names the finding it is meant to excuse.
package modelgate.rules.waivers.unused

import data.modelgate.lib

findings contains lib.finding(w.pointer, msg) if {
	some w in input.waivers
	not w.expired
	w.matched == 0
	msg := sprintf("the waiver for `%s`%s matched no finding; remove it or correct it", [w.rule, _about(w)])
}

_about(w) := sprintf(" on `%s`", [w.model]) if {
	is_string(w.model)
} else := ""
