# METADATA
# title: Stale baseline entry
# description: An entry of the `--baseline` file matches no current finding (the reference was fixed, moved to another file, or removed), so the baseline accepts more than the code still holds.
# custom:
#   id: audit/stale-baseline
#   severity: warning
#   remediation: Remove the entry, or regenerate the baseline with `modelgate audit --write-baseline FILE`.
package modelgate.rules.audit.stale_baseline

import data.modelgate.lib

findings contains lib.finding(e.pointer, msg) if {
	some e in input.baseline.stale
	msg := sprintf("the baseline entry for %s on `%s` in %s (occurrence %d) matches no finding any more; remove it or regenerate the baseline", [e.rule, e.reference, e.file, e.occurrence])
}
