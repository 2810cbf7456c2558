# METADATA
# title: Malformed model reference
# description: The model reference is not a well-formed Amazon Bedrock model id, inference profile id or Bedrock ARN, so Bedrock would reject it and no other rule can check it.
# custom:
#   id: reference/malformed
#   severity: error
#   remediation: Write a model id (`anthropic.claude-sonnet-4-5-20250929-v1:0`), a system inference profile id (`eu.anthropic.claude-sonnet-4-5-20250929-v1:0`) or a Bedrock ARN; `modelgate catalog list` shows the known ids.
package modelgate.rules.reference.malformed

import data.modelgate.lib

findings contains lib.finding(ref.pointer, msg) if {
	some entry in input.entries
	ref := entry.reference
	ref.kind == "malformed"
	msg := sprintf("`%s` is not a well-formed Amazon Bedrock model id, inference profile id or ARN%s", [ref.text, _problem(ref)])
}

_problem(ref) := sprintf(": %s", [ref.problem]) if {
	is_string(ref.problem)
	ref.problem != ""
} else := ""
