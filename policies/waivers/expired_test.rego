package modelgate.rules.waivers.expired_test

import data.modelgate.rules.waivers.expired

_waiver(expired_flag) := {
	"index": 0, "pointer": "/waivers/0", "rule": "lifecycle/legacy-model", "model": "summarizer",
	"reason": "PLAT-412", "expires": "2026-10-31", "expires_pointer": "/waivers/0/expires",
	"expired": expired_flag, "matched": 0,
}

test_expired_waiver_fires if {
	inp := {"today": "2026-11-22", "waivers": [_waiver(true)]}
	fs := expired.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/waivers/0/expires"
	f.message == "the waiver for `lifecycle/legacy-model` on `summarizer` expired on 2026-10-31, so it no longer suppresses anything"
}

test_active_waiver_does_not_fire if {
	inp := {"today": "2026-10-01", "waivers": [_waiver(false)]}
	count(expired.findings) == 0 with input as inp
}

test_manifest_input_does_not_fire if {
	inp := {"entries": []}
	count(expired.findings) == 0 with input as inp
}
