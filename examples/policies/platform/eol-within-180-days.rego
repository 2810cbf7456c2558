# METADATA
# title: Model end of life within 180 days
# description: The platform needs two quarters to migrate a production model, so a model that reaches end of life on Amazon Bedrock within 180 days of `--today` (in any Region the entry calls it from) is refused.
# custom:
#   severity: error
#   remediation: Move to an active model with no announced end of life; `modelgate check` suggests one.
package modelgate.rules.platform.eol_within_180_days

import data.modelgate.lib

horizon_days := 180

# `input.today` is the only clock a rule sees (`--today`); the time.*
# functions do the date arithmetic.
today_ns := time.parse_ns("2006-01-02", input.today)

soon(lifecycle) if {
	is_string(lifecycle.end_of_life_date)
	eol := time.parse_ns("2006-01-02", lifecycle.end_of_life_date)
	eol >= today_ns
	eol <= time.add_date(today_ns, 0, 0, horizon_days)
}

findings contains lib.finding(entry.reference.pointer, msg) if {
	some entry in input.entries
	regions := sort([call.region | some call in entry.calls; soon(call.lifecycle)])
	count(regions) > 0
	some call in entry.calls
	call.region == regions[0]
	msg := sprintf("`%s` reaches end of life on %s (in %s) in %s; the platform requires at least %d days of runway", [
		entry.reference.text,
		call.lifecycle.end_of_life_date,
		lib.plural(call.lifecycle.days_to_end_of_life, "day"),
		lib.region_list(regions),
		horizon_days,
	])
}
