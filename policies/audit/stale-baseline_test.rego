package modelgate.rules.audit.stale_baseline_test

import data.modelgate.rules.audit.stale_baseline

test_stale_entry_fires if {
	inp := {"baseline": {"file": "baseline.json", "stale": [{
		"pointer": "/baseline/2",
		"rule": "lifecycle/end-of-life",
		"file": "src/app.py",
		"reference": "anthropic.claude-v2",
		"occurrence": 1,
	}]}}
	fs := stale_baseline.findings with input as inp
	count(fs) == 1
	some f in fs
	f.pointer == "/baseline/2"
	f.message == "the baseline entry for lifecycle/end-of-life on `anthropic.claude-v2` in src/app.py (occurrence 1) matches no finding any more; remove it or regenerate the baseline"
}

test_no_stale_entry_does_not_fire if {
	inp := {"baseline": {"file": "baseline.json", "stale": []}}
	count(stale_baseline.findings) == 0 with input as inp
}

test_check_input_does_not_fire if {
	inp := {"entries": []}
	count(stale_baseline.findings) == 0 with input as inp
}
