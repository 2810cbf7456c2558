//! Calendar dates (`YYYY-MM-DD`), the only time unit lifecycle facts use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// The last date there is: stands for "no date stated" where a later
    /// date means less strict.
    pub const MAX: Date = Date(jiff::civil::Date::MAX);

    /// Today in UTC: lifecycle dates are published without a time zone, and a
    /// CI runner's local zone must not change a verdict.
    pub fn today_utc() -> Self {
        Date(
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
        )
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        // A span with days as its largest unit is exact for civil dates; it
        // cannot fail for any two dates jiff can represent.
        self.0
            .until((jiff::Unit::Day, later.0))
            .map(|span| i64::from(span.get_days()))
            .unwrap_or_default()
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let well_formed = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !well_formed {
            return Err(format!("`{s}` is not a date of the form YYYY-MM-DD"));
        }
        s.parse::<jiff::civil::Date>()
            .map(Date)
            .map_err(|_| format!("`{s}` is not a valid calendar date"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The schema of what `Serialize` writes: `YYYY-MM-DD`.
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar date, `YYYY-MM-DD`.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_iso_dates() {
        assert!("2026-11-22".parse::<Date>().is_ok());
        assert!("2026-02-30".parse::<Date>().is_err());
        assert!("Nov 22, 2026".parse::<Date>().is_err());
        assert!("2026-1-2".parse::<Date>().is_err());
    }

    #[test]
    fn counts_days_across_months() {
        let a: Date = "2026-11-22".parse().unwrap();
        let b: Date = "2027-01-08".parse().unwrap();
        assert_eq!(a.days_until(b), 47);
        assert_eq!(b.days_until(a), -47);
    }
}
