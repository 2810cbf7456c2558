# METADATA
# title: Unknown model or inference profile
# description: The model id, inference profile id or ARN is not in the modelgate catalog, so nothing else about it can be checked; it may be a typo, a model Amazon Bedrock does not offer, or one newer than the catalog. An id at most two edits from a catalog id, one of them in its words (and, for a profile, of the same geography), is an error (a typo); any other unknown id is a warning, so that a model newer than the catalog, another version of one (other numbers, or more or fewer of them) or an id written without its date and version does not fail every build. An application inference profile ARN is reported as info, since its model and destinations cannot be known from the ARN.
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
# A typo of a known id (two edits at most, one in its words): an
# error, with the id it likely means and, for an id, a fix.
findings contains _with_fix(ref, msg, ref.typo_of) if {
	some entry in input.entries
	ref := entry.reference
	ref.known == false
	_unknown(ref)
	is_string(ref.typo_of)
	msg := sprintf("%s; did you mean %s?", [_base(ref), lib.or_list(_typo_first(ref))])
}

# Otherwise the id may be a model newer than the catalog: a warning, so a
# new model does not fail every build until modelgate is updated.
findings contains lib.warning(ref.pointer, msg) if {
	some entry in input.entries
	ref := entry.reference
	ref.known == false
	_unknown(ref)
	not is_string(ref.typo_of)
	msg := sprintf("%s as of %s: it may be a model newer than the catalog, or misspelt%s; update modelgate, or refresh the catalog with `modelgate catalog import`", [_base(ref), _as_of, _maybe(ref)])
}

_as_of := input.catalog.as_of if {
	is_string(input.catalog.as_of)
} else := "its date"

# The typo's target first, then the other close ids.
_typo_first(ref) := array.concat([ref.typo_of], [s | some s in _suggestions(ref); s != ref.typo_of])

_maybe(ref) := sprintf(" (did you mean %s?)", [lib.or_list(_suggestions(ref))]) if {
	count(_suggestions(ref)) > 0
} else := ""

findings contains lib.info(ref.pointer, msg) if {
	some entry in input.entries
	ref := entry.reference
	ref.kind == "application_profile_arn"
	msg := sprintf("`%s` is an application inference profile, whose model and destination Regions cannot be known from its ARN, so availability, residency and lifecycle are not checked for it; reference the system inference profile or model id in the manifest, or check the profile with GetInferenceProfile", [ref.text])
}

# An id written as an id can be replaced by the one it likely means; an
# ARN's account and Region would have to be guessed, so it gets none.
_with_fix(ref, msg, s) := lib.finding_with_fix(ref.pointer, msg, {
	"description": sprintf("replace with `%s`", [s]),
	"replacement": s,
}) if {
	ref.kind in {"model_id", "inference_profile"}
} else := lib.finding(ref.pointer, msg)
