# Shared helpers for the built-in rules: they build findings in one shape and
# format the pieces of a message (Region lists, the residency boundary).
# No rule logic lives here.
package modelgate.lib

# A finding at the rule's default severity.
finding(pointer, message) := {"pointer": pointer, "message": message}

# A finding that offers a fix: {"description": …, "replacement": …[, "pointer": …]}.
finding_with_fix(pointer, message, fix) := {"pointer": pointer, "message": message, "fix": fix}

# A finding that reports an unknown fact rather than a violation.
info(pointer, message) := {"pointer": pointer, "message": message, "severity": "info"}

# A finding at severity "warning", whatever the rule's default.
warning(pointer, message) := {"pointer": pointer, "message": message, "severity": "warning"}

# --- residency boundary ------------------------------------------------------

# True when the workload declares a residency boundary. Rules read this and
# `boundary_label` by their full path, `data.modelgate.lib.has_boundary`:
# through the `lib` import alias, regorus evaluates every rule of this
# package to read one of them (measured: about a tenth of an evaluation).
has_boundary if {
	input.workload.boundary != null
}

# True when the Region code lies inside the workload's boundary.
in_boundary(region) if {
	region in input.workload.boundary.regions
}

# The Region codes of `regions` (an array or set of strings) that lie outside
# the boundary, sorted and without duplicates; [] when there is no boundary.
outside_boundary(regions) := sort([r | some r in {x |
	some x in regions
	has_boundary
	not in_boundary(x)
}])

# How messages name the boundary, e.g.
# "the `eu` residency boundary (EU/EEA member states)",
# "the `eu` residency boundary (EU/EEA member states, implied by the `gdpr` compliance tag)".
boundary_label := sprintf("the %s residency boundary%s", [_boundary_name, _boundary_details])

_boundary_name := "custom" if {
	input.workload.boundary.name == "custom"
} else := sprintf("`%s`", [input.workload.boundary.name])

_boundary_details := "" if {
	count(_details) == 0
} else := sprintf(" (%s)", [concat(", ", _details)])

_details := array.concat(_what, _implied)

_what := [region_list(sort(input.workload.boundary.regions))] if {
	input.workload.boundary.name == "custom"
} else := [sprintf("the workload's own Regions: %s", [region_list(sort(input.workload.boundary.regions))])] if {
	input.workload.boundary.name == "regions"
} else := [input.workload.boundary.description] if {
	is_string(input.workload.boundary.description)
	input.workload.boundary.description != ""
} else := []

_implied := [sprintf("implied by the `%s` compliance tag", [input.workload.boundary.implied_by])] if {
	is_string(input.workload.boundary.implied_by)
} else := []

# --- message pieces ------------------------------------------------------------

# "us-east-1, us-west-2"
region_list(arr) := concat(", ", arr)

# True when the code that holds the reference named no Region (an audit entry
# with empty `regions`): its calls are then every Region the catalog says it
# can be called from, chosen by modelgate, not by the workload.
regions_assumed(entry) if {
	count(entry.regions) == 0
}

# How a message names `regions`, the Regions of `entry` a verdict holds in:
# listed, except that a verdict holding in every Region modelgate assumed for
# a reference is said of the reference as a whole (a list of thirty Regions
# nobody chose tells the reader nothing).
regions_phrase(entry, regions) := "every Region it can be called from" if {
	regions_assumed(entry)
	count(regions) > 1
	count(regions) == count({call.region | some call in entry.calls})
} else := region_list(regions)

# "`a`", "`a` or `b`", "`a`, `b` or `c`"
or_list(arr) := sprintf("`%s`", [arr[0]]) if {
	count(arr) == 1
} else := sprintf("%s or `%s`", [concat(", ", [sprintf("`%s`", [s]) | some s in array.slice(arr, 0, count(arr) - 1)]), arr[count(arr) - 1]]) if {
	count(arr) > 1
}

# "1 day", "9 days"
plural(n, word) := sprintf("%d %s", [n, word]) if {
	n == 1
} else := sprintf("%d %ss", [n, word])

# "<source>: <what it says>; <source>: <what it says>" for a call's dispute.
dispute_sources(dispute) := concat("; ", [sprintf("%s: %s", [s.source, s.says]) | some s in dispute.sources])

# " (… state otherwise; modelgate reads the strict side)" when a source the
# catalog keeps disagrees with the lifecycle of any of `calls`, else "".
lifecycle_dispute_note(calls) := sprintf(" (%s state otherwise; modelgate reads the strict side)", [concat(", ", sources)]) if {
	sources := sort({s |
		some call in calls
		some s in object.get(call.lifecycle, "disputed_by", [])
	})
	count(sources) > 0
} else := ""

# True when the entry names a call: not a resource pattern (an ARN with a
# wildcard or templated Region or account, as IAM policies and templates
# write resources), which says which model but not from where it is called.
invoked(entry) if {
	not entry.reference.resource_pattern
}

# True when the entry's reference resolved to a model (and profile) in the
# catalog; rules that report unknown facts as `info` skip other references,
# which reference/unknown-model and reference/malformed already report.
resolved(entry) if {
	entry.reference.known == true
	not entry.reference.kind in {"malformed", "application_profile_arn"}
}
