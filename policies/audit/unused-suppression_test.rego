package modelgate.rules.audit.unused_suppression_test

import data.modelgate.rules.audit.unused_suppression

_suppression(reason, used) := {
	"pointer": "/suppressions/1",
	"file": "src/app.py",
	"line": 7,
	"covers_line": 8,
	"rules": ["lifecycle", "reference/unknown-model"],
	"reason": reason,
	"used": used,
}

test_unused_fires if {
	inp := {"suppressions": [_suppression("PLAT-412", false)]}
	fs := unused_suppression.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/suppressions/1"
	f.message == "`modelgate: ignore[lifecycle, reference/unknown-model]` suppresses no finding on the next line (line 8); remove it"
}

test_a_trailing_comment_speaks_of_its_own_line if {
	inp := {"suppressions": [object.union(_suppression("PLAT-412", false), {"covers_line": 7})]}
	fs := unused_suppression.findings with input as inp
	some f in fs
	contains(f.message, "suppresses no finding on its own line (line 7)")
}

test_used_does_not_fire if {
	inp := {"suppressions": [_suppression("PLAT-412", true)]}
	count(unused_suppression.findings) == 0 with input as inp
}

test_without_reason_is_left_to_the_other_rule if {
	inp := {"suppressions": [_suppression(null, false)]}
	count(unused_suppression.findings) == 0 with input as inp
}
