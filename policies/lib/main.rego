# The aggregate rule modelgate evaluates: every finding of every rule package
# under data.modelgate.rules, each tagged with the package it came from
# ("lifecycle.end_of_life"), which modelgate maps to the rule id and default
# severity given in that package's METADATA block.
package modelgate.main

report := [object.union(f, {"package": sprintf("%s.%s", [family, name])}) |
	some family, name
	some f in data.modelgate.rules[family][name].findings
]
