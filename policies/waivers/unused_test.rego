package modelgate.rules.waivers.unused_test

import data.modelgate.rules.waivers.unused

_waiver(matched, expired_flag) := {
	"index": 1, "pointer": "/waivers/1", "rule": "residency", "model": null,
	"reason": "pilot", "expires": "2027-01-31", "expires_pointer": "/waivers/1/expires",
	"expired": expired_flag, "matched": matched,
}

test_unmatched_active_waiver_fires if {
	inp := {"today": "2026-11-22", "waivers": [_waiver(0, false)]}
	fs := unused.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/waivers/1"
	f.message == "the waiver for `residency` matched no finding; remove it or correct it"
}

test_matched_waiver_does_not_fire if {
	inp := {"today": "2026-11-22", "waivers": [_waiver(2, false)]}
	count(unused.findings) == 0 with input as inp
}

test_expired_waiver_is_left_to_waivers_expired if {
	inp := {"today": "2026-11-22", "waivers": [_waiver(0, true)]}
	count(unused.findings) == 0 with input as inp
}
