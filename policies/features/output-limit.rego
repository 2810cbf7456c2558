# METADATA
# title: max_output_tokens above the model's maximum
# description: The entry declares a `max_output_tokens` larger than the model's maximum output, so Amazon Bedrock rejects requests that ask for it. Where the source states the maximum loosely ("4K" may be 4,000 or 4,096), only a value above every reading is an error and one in between is info. Reported as info when the catalog does not know the model's maximum.
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
	declared.value > _upper(entry.model)
	msg := sprintf("max_output_tokens = %d exceeds the maximum output of `%s`, %s tokens", [declared.value, entry.reference.text, _stated(entry.model)])
	fix := {
		"description": sprintf("lower max_output_tokens to %d, which every reading of the documented maximum allows", [max]),
		"replacement": max,
	}
}

# Between the two readings of a loosely stated maximum: cannot be decided.
findings contains lib.info(declared.pointer, msg) if {
	some entry in input.entries
	declared := entry.max_output_tokens
	is_number(declared.value)
	max := entry.model.max_output_tokens
	is_number(max)
	declared.value > max
	declared.value <= _upper(entry.model)
	msg := sprintf("max_output_tokens = %d may exceed the maximum output of `%s`: the source states it as %s tokens, so it is not checked", [declared.value, entry.reference.text, _stated(entry.model)])
}

# The largest value the source's wording allows (the maximum itself when exact).
_upper(model) := model.max_output_tokens_upper if {
	is_number(model.max_output_tokens_upper)
} else := model.max_output_tokens

_stated(model) := sprintf("between %d and %d", [model.max_output_tokens, model.max_output_tokens_upper]) if {
	is_number(model.max_output_tokens_upper)
} else := sprintf("%d", [model.max_output_tokens])

findings contains lib.info(declared.pointer, msg) if {
	some entry in input.entries
	lib.resolved(entry)
	declared := entry.max_output_tokens
	is_number(declared.value)
	is_object(entry.model)
	object.get(entry.model, "max_output_tokens", null) == null
	msg := sprintf("the catalog does not know the maximum output of `%s`, so max_output_tokens = %d is not checked", [entry.reference.text, declared.value])
}
