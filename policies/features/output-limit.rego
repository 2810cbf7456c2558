# METADATA
# title: max_output_tokens above the model's maximum
# description: The entry declares a `max_output_tokens` larger than the model's maximum output, so Amazon Bedrock rejects requests that ask for it. Reported as info when the catalog does not know the model's maximum.
# custom:
#   id: features/output-limit
#   severity: error
#   remediation: Lower `max_output_tokens` to the model's maximum (modelgate offers the fix), or choose a model with a larger output limit.
package modelgate.rules.features.output_limit

import data.modelgate.lib

findings contains lib.finding_with_fix(declared.pointer, msg, fix) if {
	some entry in input.entries
	declared := entry.max_output_tokens
	is_number(declared.value)
	max := entry.model.max_output_tokens
	is_number(max)
	declared.value > max
	msg := sprintf("max_output_tokens = %d exceeds the maximum output of `%s`, %d tokens", [declared.value, entry.reference.text, max])
	fix := {
		"description": sprintf("lower max_output_tokens to the model's maximum %d", [max]),
		"replacement": max,
	}
}

findings contains lib.info(declared.pointer, msg) if {
	some entry in input.entries
	lib.resolved(entry)
	declared := entry.max_output_tokens
	is_number(declared.value)
	is_object(entry.model)
	object.get(entry.model, "max_output_tokens", null) == null
	msg := sprintf("the catalog does not know the maximum output of `%s`, so max_output_tokens = %d is not checked", [entry.reference.text, declared.value])
}
