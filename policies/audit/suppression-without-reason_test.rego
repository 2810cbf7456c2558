package modelgate.rules.audit.suppression_without_reason_test

import data.modelgate.rules.audit.suppression_without_reason

_suppression(reason) := {
	"pointer": "/suppressions/0",
	"file": "src/app.py",
	"line": 3,
	"rules": ["lifecycle/legacy-model"],
	"reason": reason,
	"used": false,
}

test_no_reason_fires if {
	inp := {"suppressions": [_suppression(null)]}
	fs := suppression_without_reason.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/suppressions/0"
	f.message == "`modelgate: ignore[lifecycle/legacy-model]` gives no reason, so it suppresses nothing; write one after `--`"
}

test_blank_reason_fires if {
	inp := {"suppressions": [_suppression("  ")]}
	count(suppression_without_reason.findings) == 1 with input as inp
}

test_reason_does_not_fire if {
	inp := {"suppressions": [_suppression("migration tracked in PLAT-412")]}
	count(suppression_without_reason.findings) == 0 with input as inp
}

test_check_input_does_not_fire if {
	inp := {"entries": []}
	count(suppression_without_reason.findings) == 0 with input as inp
}
