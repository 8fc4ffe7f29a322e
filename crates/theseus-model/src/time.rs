//! Timestamps that keep their zone, or say that they have none.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

/// A point in time as the source recorded it.
///
/// Bank exports often give a local date and time with no zone; inventing one would be a fact the source did
/// not state, so such a value stays [`Timestamp::Local`] unless the mapping profile names the zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Timestamp {
    /// Date and time with a known UTC offset.
    Zoned(DateTime<FixedOffset>),
    /// Date and time with no zone in the source.
    Local(NaiveDateTime),
    /// A date only: the source has no time of day.
    Date(NaiveDate),
}

impl Timestamp {
    /// Wall-clock date and time where the event happened (midnight for a date-only value).
    pub fn local(&self) -> NaiveDateTime {
        match self {
            Timestamp::Zoned(d) => d.naive_local(),
            Timestamp::Local(d) => *d,
            Timestamp::Date(d) => d.and_time(NaiveTime::MIN),
        }
    }

    /// The calendar date of the event.
    pub fn date(&self) -> NaiveDate {
        self.local().date()
    }

    /// Whether the source gave a time of day.
    pub fn has_time(&self) -> bool {
        !matches!(self, Timestamp::Date(_))
    }

    /// The UTC offset in seconds, when known.
    pub fn offset_seconds(&self) -> Option<i32> {
        match self {
            Timestamp::Zoned(d) => Some(d.offset().local_minus_utc()),
            _ => None,
        }
    }

    /// Whether the local time of day falls between 22:00 and 06:00. `None` for date-only values.
    pub fn is_night(&self) -> Option<bool> {
        self.has_time().then(|| is_night(self.local()))
    }
}

/// Whether a local time of day falls between 22:00 and 06:00.
pub fn is_night(local: NaiveDateTime) -> bool {
    !(6..22).contains(&local.hour())
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timestamp::Zoned(d) => write!(f, "{}", d.format("%Y-%m-%dT%H:%M:%S%:z")),
            Timestamp::Local(d) => write!(f, "{}", d.format("%Y-%m-%dT%H:%M:%S")),
            Timestamp::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

impl std::str::FromStr for Timestamp {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(d) = DateTime::parse_from_rfc3339(s) {
            return Ok(Timestamp::Zoned(d));
        }
        for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
            if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
                return Ok(Timestamp::Local(d));
            }
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Timestamp::Date)
            .map_err(|_| format!("'{s}' is not an ISO 8601 date or time"))
    }
}

impl TryFrom<String> for Timestamp {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_all_three_kinds() {
        for s in ["2024-03-01T22:10:00+01:00", "2024-03-01T22:10:00", "2024-03-01"] {
            let t: Timestamp = s.parse().unwrap();
            assert_eq!(t.to_string(), s);
        }
        let t: Timestamp = "2024-03-01T23:10:00+01:00".parse().unwrap();
        assert_eq!(t.is_night(), Some(true));
        assert_eq!(t.offset_seconds(), Some(3600));
        let d: Timestamp = "2024-03-01".parse().unwrap();
        assert_eq!(d.is_night(), None);
    }
}
