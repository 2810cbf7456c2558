//! Whether a model supports a declared feature for one call.

use super::document::Support;
use crate::catalog::Model;

/// A feature fact applied to one call: a Region restriction, where the
/// source gives one, is read for the way the model is called.
pub fn feature_support(
    model: &Model,
    feature: &str,
    region: &str,
    through_profile: bool,
) -> Support {
    let Some(fact) = model.features.get(feature) else {
        return Support::Unknown;
    };
    if !fact.supported {
        return Support::Unsupported;
    }
    let restriction = if through_profile {
        &fact.profile_regions
    } else {
        &fact.regions
    };
    match (restriction, &fact.regions, &fact.profile_regions) {
        (Some(list), _, _) if list.iter().any(|r| r == region) => Support::Supported,
        (Some(_), _, _) => Support::Unsupported,
        // Restricted for the other way of calling only: this way is unknown.
        (None, Some(_), _) | (None, _, Some(_)) => Support::Unknown,
        (None, None, None) => Support::Supported,
    }
}
