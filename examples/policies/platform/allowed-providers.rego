# METADATA
# title: Model provider not on the platform allow-list
# description: Only models from providers the platform team has approved (Amazon, Anthropic) may be called; any other provider needs a vendor review first.
# related_resources:
#   - ref: https://platform.example.com/ai/vendors
# custom:
#   severity: error
#   remediation: "Use an Amazon or Anthropic model, or ask for a vendor review in #platform-ai."
package modelgate.rules.platform.allowed_providers

import data.modelgate.lib

allowed := {"Amazon", "Anthropic"}

# A reference the catalog does not know has no provider: reference/unknown-model
# reports it already.
findings contains lib.finding(entry.reference.pointer, msg) if {
	some entry in input.entries
	is_object(entry.model)
	not entry.model.provider in allowed
	msg := sprintf("`%s` is a %s model; only %s models are allowed by platform policy", [
		entry.reference.text,
		entry.model.provider,
		concat(" and ", sort(allowed)),
	])
}
