# The aggregate rule modelgate evaluates: every finding of every rule package
# under data.modelgate.rules, each with the package it came from
# ("modelgate.rules.lifecycle.end_of_life"), which modelgate maps to the rule
# id and default severity given in that package's METADATA block. modelgate
# checks each finding's shape and names the rule of one that is wrong.
package modelgate.main

report := array.concat(rules_report, conftest_report)

rules_report := [{"package": sprintf("modelgate.rules.%s.%s", [family, name]), "finding": f} |
	some family, name
	some f in data.modelgate.rules[family][name].findings
]

# The conftest-style packages (deny / violation / warn) of the policy
# folders: modelgate generates this rule when there are any.
default conftest_report := []
