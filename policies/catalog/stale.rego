# METADATA
# title: Catalog older than the allowed age
# description: The catalog's `as_of` date lies more than `max_catalog_age_days` (`--max-catalog-age`, or `max-catalog-age` in .modelgate.toml) before the evaluation date, so its facts about Regions, routing and lifecycle may have changed since. The maximum age is 120 days unless set; 0 turns the rule off. Reported once per manifest, at its `version`.
# custom:
#   id: catalog/stale
#   severity: warning
#   remediation: Refresh the facts (`modelgate catalog import` from your own account, reviewed with `modelgate catalog diff`), upgrade modelgate for a newer embedded catalog, or raise the maximum age.
package modelgate.rules.catalog.stale

import data.modelgate.lib

findings contains lib.finding("/version", msg) if {
	max := input.settings.max_catalog_age_days
	is_number(max)
	age := input.catalog.age_days
	is_number(age)
	age > max
	msg := sprintf("the %s catalog is %s old (as of %s, evaluated on %s), more than the allowed %s; its facts may be out of date", [
		_origin,
		lib.plural(age, "day"),
		input.catalog.as_of,
		input.today,
		lib.plural(max, "day"),
	])
}

_origin := "embedded" if {
	input.catalog.origin == "embedded"
} else := sprintf("`%s`", [input.catalog.origin])
