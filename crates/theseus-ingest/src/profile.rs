//! Mapping profiles: how one bank's statement export maps onto [`theseus_model::Transaction`].
//!
//! A profile is a TOML file an analyst can write for an unfamiliar export without reading code; the format is
//! documented in `docs/profiles.md`. Profiles shipped with Theseus are embedded in the binary and listed by
//! [`builtin`].

use std::collections::BTreeMap;

use serde::Deserialize;

/// A bank statement mapping profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short name, used on the command line and in provenance (`bank:<name>`).
    pub name: String,
    /// What export this profile reads.
    #[serde(default)]
    pub description: String,
    /// `csv` or `xlsx`.
    #[serde(default = "default_format")]
    pub format: Format,
    /// Text encoding of a CSV file (WHATWG label); a byte-order mark overrides it.
    #[serde(default = "default_encoding")]
    pub encoding: String,
    /// CSV field delimiter; `\t` for tab.
    #[serde(default = "default_delimiter")]
    pub delimiter: String,
    /// Lines (CSV) or rows (xlsx) before the header row: bank name, account, period…
    #[serde(default)]
    pub skip_rows: usize,
    /// Sheet to read in a spreadsheet; the first sheet when absent.
    pub sheet: Option<String>,
    /// Values that hold for every row (bank, account, holder, currency); a mapped column wins over them.
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    /// Dates and times.
    pub time: TimeSpec,
    /// Number format.
    #[serde(default)]
    pub number: NumberSpec,
    /// How the sign of an amount is written.
    pub amount: AmountSpec,
    /// Field name → column header, or a list of headers whose non-empty values are joined with a space.
    pub columns: BTreeMap<String, ColumnRef>,
    /// How to tell the channel.
    #[serde(default)]
    pub channel: ChannelSpec,
    /// Default region for phone numbers written without a country code (ISO 3166-1 alpha-2).
    pub default_region: Option<String>,
    /// First 8 hex digits of the SHA-256 of the profile's text (and of command-line constants), so that
    /// provenance tells two versions of a profile with the same name apart.
    #[serde(skip)]
    pub digest: String,
}

/// One column, or several joined.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    /// A single column header.
    One(String),
    /// Several headers, values joined with a space.
    Many(Vec<String>),
}

impl ColumnRef {
    /// The headers.
    pub fn headers(&self) -> Vec<&str> {
        match self {
            ColumnRef::One(h) => vec![h],
            ColumnRef::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// File format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Delimited text.
    Csv,
    /// Excel 2007+ workbook.
    Xlsx,
}

fn default_format() -> Format {
    Format::Csv
}
fn default_encoding() -> String {
    "utf-8".into()
}
fn default_delimiter() -> String {
    ",".into()
}

/// Date and time columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSpec {
    /// chrono format of the `date` column, e.g. `%d.%m.%Y`; or of date and time together when `time` is absent.
    pub date_format: String,
    /// chrono format of a separate `time` column.
    pub time_format: Option<String>,
    /// Format of the `value_date` column; `date_format` when absent.
    pub value_date_format: Option<String>,
    /// IANA zone of the times (`Europe/Berlin`); absent means the file states no zone and none is invented.
    pub timezone: Option<String>,
}

/// Decimal and thousands separators.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberSpec {
    /// Decimal separator.
    #[serde(default = "default_decimal")]
    pub decimal: char,
    /// Thousands separator, if the bank writes one.
    pub thousands: Option<char>,
}

fn default_decimal() -> char {
    '.'
}

impl Default for NumberSpec {
    fn default() -> Self {
        NumberSpec { decimal: '.', thousands: None }
    }
}

/// The three ways banks write the direction of money.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "convention", rename_all = "snake_case", deny_unknown_fields)]
pub enum AmountSpec {
    /// One column, negative for money out.
    Signed {
        /// The amount column.
        column: String,
    },
    /// Two columns, one for money out and one for money in; one of them is empty on each row.
    DebitCredit {
        /// Money out.
        debit_column: String,
        /// Money in.
        credit_column: String,
    },
    /// An unsigned amount column and a flag column.
    Flag {
        /// The amount column.
        column: String,
        /// The flag column.
        flag_column: String,
        /// Flag values meaning money in (compared case-insensitively).
        credit_flags: Vec<String>,
        /// Flag values meaning money out.
        debit_flags: Vec<String>,
    },
}

/// Channel detection.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    /// Pattern → channel name, tried in order of appearance; a pattern matches when it occurs,
    /// case-insensitively, in the `channel` column (or in the memo when the profile maps no channel column).
    #[serde(default)]
    pub rules: Vec<(String, String)>,
    /// The channel when no rule matches.
    pub default: Option<String>,
}

/// Fields a profile may map. Documented in `docs/profiles.md`.
pub const FIELDS: &[&str] = &[
    "date",
    "time",
    "value_date",
    "reference",
    "account",
    "holder",
    "bank",
    "currency",
    "channel",
    "merchant",
    "mcc",
    "cpty_name",
    "cpty_account",
    "cpty_bank",
    "cpty_country",
    "city",
    "branch",
    "lat",
    "lon",
    "device_id",
    "ip",
    "memo",
    "balance",
];

/// A profile that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("profile {origin}: {reason}")]
pub struct ProfileError {
    /// The profile file or built-in name.
    pub origin: String,
    /// Why.
    pub reason: String,
}

impl Profile {
    /// Parses and checks a profile. `origin` names it in errors.
    pub fn parse(toml_text: &str, origin: &str) -> Result<Profile, ProfileError> {
        Profile::parse_with(toml_text, origin, &BTreeMap::new())
    }

    /// Parses a profile, adds constants given on the command line (which win over the profile's), and checks
    /// the result.
    pub fn parse_with(
        toml_text: &str,
        origin: &str,
        overrides: &BTreeMap<String, String>,
    ) -> Result<Profile, ProfileError> {
        let err = |reason: String| ProfileError { origin: origin.to_string(), reason: reason.replace('\n', " ") };
        let mut p: Profile = toml::from_str(toml_text).map_err(|e| err(e.to_string()))?;
        let mut digest_input = toml_text.to_string();
        for (k, v) in overrides {
            p.constants.insert(k.clone(), v.clone());
            digest_input.push_str(&format!("\n--set {k}={v}"));
        }
        p.digest = theseus_model::ids::sha256_hex(digest_input.as_bytes())[..8].to_string();
        for f in p.columns.keys().chain(p.constants.keys()) {
            if !FIELDS.contains(&f.as_str()) {
                return Err(err(format!("unknown field '{f}'; known fields: {}", FIELDS.join(", "))));
            }
        }
        if !p.columns.contains_key("date") {
            return Err(err("columns.date is required".into()));
        }
        if !p.columns.contains_key("account") && !p.constants.contains_key("account") {
            return Err(err("the account must come from a column (columns.account) or a constant (constants.account, or --set account=...)".into()));
        }
        if !p.columns.contains_key("currency") && !p.constants.contains_key("currency") {
            return Err(err("the currency must come from a column or a constant".into()));
        }
        if let Some(c) = p.constants.get("currency") {
            c.parse::<theseus_model::Currency>().map_err(|e| err(e.to_string()))?;
        }
        if let Some(tz) = &p.time.timezone {
            tz.parse::<chrono_tz::Tz>().map_err(|_| err(format!("unknown time zone '{tz}'")))?;
        }
        for (pat, ch) in &p.channel.rules {
            if theseus_model::Channel::parse(ch).is_none() {
                return Err(err(format!("rule '{pat}' names unknown channel '{ch}'")));
            }
        }
        if let Some(d) = &p.channel.default
            && theseus_model::Channel::parse(d).is_none()
        {
            return Err(err(format!("unknown default channel '{d}'")));
        }
        if p.delimiter_byte().is_none() {
            return Err(err(format!("delimiter '{}' must be one ASCII character or \\t", p.delimiter)));
        }
        Ok(p)
    }

    /// How the file is cut into rows.
    pub fn table_spec(&self) -> crate::table::TableSpec {
        crate::table::TableSpec {
            name: self.name.clone(),
            format: self.format,
            encoding: self.encoding.clone(),
            delimiter: self.delimiter_byte().unwrap_or(b','),
            skip_rows: self.skip_rows,
            sheet: self.sheet.clone(),
        }
    }

    /// The delimiter as a byte.
    pub fn delimiter_byte(&self) -> Option<u8> {
        crate::table::parse_delimiter(&self.delimiter)
    }
}

/// Profiles shipped with Theseus: (name, TOML text).
pub fn builtin() -> Vec<(&'static str, &'static str)> {
    vec![
        ("nordbank", include_str!("../profiles/nordbank.toml")),
        ("harbour", include_str!("../profiles/harbour.toml")),
        ("danube", include_str!("../profiles/danube.toml")),
        ("exchange", include_str!("../profiles/exchange.toml")),
    ]
}

/// Loads a built-in profile by name, or a profile file by path.
pub fn load(name_or_path: &str) -> Result<Profile, ProfileError> {
    load_with(name_or_path, &BTreeMap::new())
}

/// Loads a profile and adds command-line constants before checking it, so that `--set account=…` can supply
/// what the profile lacks.
pub fn load_with(name_or_path: &str, overrides: &BTreeMap<String, String>) -> Result<Profile, ProfileError> {
    if let Some((_, text)) = builtin().into_iter().find(|(n, _)| *n == name_or_path) {
        return Profile::parse_with(text, name_or_path, overrides);
    }
    let text = std::fs::read_to_string(name_or_path).map_err(|e| ProfileError {
        origin: name_or_path.to_string(),
        reason: format!(
            "not a built-in profile ({}) and not a readable file: {e}",
            builtin().iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        ),
    })?;
    Profile::parse_with(&text, name_or_path, overrides)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_parse() {
        for (n, t) in builtin() {
            Profile::parse(t, n).unwrap();
        }
    }

    #[test]
    fn unknown_field_is_named() {
        let t = builtin()[0].1.replace("memo =", "memmo =");
        let e = Profile::parse(&t, "x").unwrap_err();
        assert!(e.reason.contains("memmo"), "{e}");
    }
}
