# METADATA
# title: Unknown model or inference profile
# description: The model id, inference profile id or ARN is not in the modelgate catalog, so nothing else about it can be checked; it may be a typo, a model Amazon Bedrock does not offer, or one newer than the catalog. An application inference profile ARN is reported as info, since its model and destinations cannot be known from the ARN.
# custom:
#   id: reference/unknown-model
#   severity: error
#   remediation: Fix the id (modelgate suggests close catalog ids), or refresh the catalog with `modelgate catalog import` if the model is new. For an application inference profile, reference the system inference profile or model id it copies, or check its model and Regions with GetInferenceProfile.
package modelgate.rules.reference.unknown_model

import data.modelgate.lib

_nouns := {
	"model_id": "model id",
	"foundation_model_arn": "foundation model ARN",
	"inference_profile": "inference profile id",
	"inference_profile_arn": "inference profile ARN",
}

_unknown(ref) if {
	ref.known == false
	not ref.kind in {"malformed", "application_profile_arn"}
}

_base(ref) := sprintf("`%s` is not a known Amazon Bedrock %s in the modelgate catalog", [ref.text, object.get(_nouns, ref.kind, "model reference")])

_suggestions(ref) := s if {
	is_array(ref.suggestions)
	s := ref.suggestions
} else := []

# Unknown, with nothing close: the plain finding.
findings contains lib.finding(ref.pointer, _base(ref)) if {
	some entry in input.entries
	ref := entry.reference
	_unknown(ref)
	count(_suggestions(ref)) == 0
}

# Unknown, with close ids: did-you-mean. A bare id gets the first suggestion as
# a fix (modelgate offers it only if it passes every rule); an ARN does not,
# since the suggestion is an id, not an ARN.
findings contains f if {
	some entry in input.entries
	ref := entry.reference
	_unknown(ref)
	sugg := _suggestions(ref)
	count(sugg) > 0
	msg := sprintf("%s; did you mean %s?", [_base(ref), lib.or_list(sugg)])
	f := _with_fix(ref, msg, sugg[0])
}

_with_fix(ref, msg, s) := lib.finding_with_fix(ref.pointer, msg, {
	"description": sprintf("replace with `%s`", [s]),
	"replacement": s,
}) if {
	ref.kind in {"model_id", "inference_profile"}
} else := lib.finding(ref.pointer, msg)

# An application inference profile: its model and routing live in the AWS
# account, not in its ARN.
findings contains lib.info(ref.pointer, msg) if {
	some entry in input.entries
	ref := entry.reference
	ref.kind == "application_profile_arn"
	msg := sprintf("`%s` is an application inference profile, whose model and destination Regions cannot be known from its ARN, so availability, residency and lifecycle are not checked for it; reference the system inference profile or model id in the manifest, or check the profile with GetInferenceProfile", [ref.text])
}
