//! Per-FIU mappings as data (`mappings/*.toml`): THB indicator codes to the FIU's report indicators,
//! transaction channels to transmode and funds codes. Checked against the FIU's XSD when loaded.

use std::collections::BTreeMap;

use serde::Deserialize;
use theseus_model::{Channel, Direction};

use crate::{Error, Schema};

/// A financial intelligence unit whose goAML schema the exporter knows how to fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fiu {
    /// The UAE Financial Intelligence Unit (goAML schema 5.0.2); its STR is report code `STR`.
    Uae,
    /// PPATK, Indonesia (goAML schema 4.0.2); its STR is report code `LTKM`.
    Ppatk,
}

impl Fiu {
    /// Parses `uae` or `ppatk`.
    pub fn parse(s: &str) -> Option<Fiu> {
        match s.trim().to_ascii_lowercase().as_str() {
            "uae" => Some(Fiu::Uae),
            "ppatk" => Some(Fiu::Ppatk),
            _ => None,
        }
    }

    /// The lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Fiu::Uae => "uae",
            Fiu::Ppatk => "ppatk",
        }
    }

    /// The mapping file embedded in this build.
    pub fn mapping_toml(&self) -> &'static str {
        match self {
            Fiu::Uae => include_str!("../mappings/uae.toml"),
            Fiu::Ppatk => include_str!("../mappings/ppatk.toml"),
        }
    }

    /// The file name under which the FIU distributes its schema (as kept beside the project).
    pub fn schema_file(&self) -> &'static str {
        match self {
            Fiu::Uae => "uae-goAMLSchema-5.0.2.xsd",
            Fiu::Ppatk => "ppatk-goAMLSchema-4.0.2.xsd",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    fiu: String,
    #[allow(dead_code, reason = "documents the schema the mapping was written for")]
    schema_file: String,
    report_code: String,
    submission_code: String,
    transmode_comment: Option<String>,
    location_address_type: String,
    default_country: String,
    default_currency: String,
    always: Vec<String>,
    indicators: BTreeMap<String, Vec<String>>,
    transmode: BTreeMap<String, String>,
    funds: BTreeMap<String, [String; 2]>,
    gender: BTreeMap<String, String>,
}

/// A mapping loaded and checked against a schema.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// The FIU's name, for messages and the narrative.
    pub fiu_name: String,
    /// `report_code` of the STR.
    pub report_code: String,
    /// `submission_code`.
    pub submission_code: String,
    /// `transmode_comment` when the schema demands one.
    pub transmode_comment: Option<String>,
    /// `address_type` of the reporting entity's location.
    pub location_address_type: String,
    /// Country used when neither the evidence nor the reporter file gives one.
    pub default_country: String,
    /// Local currency used when the reporter file does not give one and the evidence has several.
    pub default_currency: String,
    /// Indicator codes written on every report.
    pub always: Vec<String>,
    /// THB code → FIU indicator codes.
    pub indicators: BTreeMap<String, Vec<String>>,
    transmode: BTreeMap<String, String>,
    funds: BTreeMap<String, [String; 2]>,
    gender: BTreeMap<String, String>,
}

impl Mapping {
    /// The embedded mapping of an FIU, checked against its schema.
    pub fn load(fiu: Fiu, schema: &Schema) -> Result<Mapping, Error> {
        Mapping::from_toml(fiu.mapping_toml(), &format!("the {} mapping", fiu.as_str()), schema)
    }

    /// A mapping from TOML text, checked against the schema: every code must be in the schema's list for
    /// its element, every key a known THB code, channel or direction. `origin` names the text in errors.
    pub fn from_toml(text: &str, origin: &str, schema: &Schema) -> Result<Mapping, Error> {
        let f: File = toml::from_str(text).map_err(|e| Error::User(format!("{origin}: {e}")))?;
        let mut problems = Vec::new();
        let mut check = |list: &str, code: &str, what: &str| match schema.codes(list) {
            None => problems.push(format!("the schema has no `{list}` code list (for {what})")),
            Some(l) if !l.contains(code) => {
                problems.push(format!("{what}: '{code}' is not in the schema's `{list}` list"));
            }
            Some(_) => {}
        };
        check("report_type", &f.report_code, "report_code");
        check("submission_type", &f.submission_code, "submission_code");
        check("contact_type", &f.location_address_type, "location_address_type");
        check("country_type", &f.default_country, "default_country");
        check("currency_type", &f.default_currency, "default_currency");
        for c in &f.always {
            check("report_indicator_type", c, "always");
        }
        for (thb, codes) in &f.indicators {
            for c in codes {
                check("report_indicator_type", c, &format!("indicators.{thb}"));
            }
        }
        for (k, c) in &f.transmode {
            check("conduction_type", c, &format!("transmode.{k}"));
        }
        for (k, [from, to]) in &f.funds {
            check("funds_type", from, &format!("funds.{k}"));
            check("funds_type", to, &format!("funds.{k}"));
        }
        for (k, c) in &f.gender {
            check("gender_type", c, &format!("gender.{k}"));
        }
        for thb in f.indicators.keys() {
            let ok = thb.strip_prefix("THB-").is_some_and(|n| n.len() == 3 && n.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                problems.push(format!("indicators: key '{thb}' is not a THB code (THB-001 … THB-035)"));
            }
        }
        for (table, keys) in
            [("transmode", f.transmode.keys().collect::<Vec<_>>()), ("funds", f.funds.keys().collect())]
        {
            for k in keys {
                if let Err(e) = check_key(k) {
                    problems.push(format!("{table}: key '{k}': {e}"));
                }
            }
            if !keys_have_default(table, &f) {
                problems.push(format!("{table}: a `default` entry is required"));
            }
        }
        if !problems.is_empty() {
            return Err(Error::User(format!(
                "{origin} does not fit the goAML schema given ({}): {}",
                schema.version().map(|v| format!("version {v}")).unwrap_or_else(|| "no version stated".into()),
                problems.join("; ")
            )));
        }
        Ok(Mapping {
            fiu_name: f.fiu,
            report_code: f.report_code,
            submission_code: f.submission_code,
            transmode_comment: f.transmode_comment,
            location_address_type: f.location_address_type,
            default_country: f.default_country,
            default_currency: f.default_currency,
            always: f.always,
            indicators: f.indicators,
            transmode: f.transmode,
            funds: f.funds,
            gender: f.gender,
        })
    }

    /// The transmode code of a transaction.
    pub fn transmode(&self, channel: Channel, direction: Direction, abroad: bool) -> &str {
        lookup(&self.transmode, channel, direction, abroad).map(String::as_str).unwrap_or("-")
    }

    /// `[from_funds_code, to_funds_code]` of a transaction.
    pub fn funds(&self, channel: Channel, direction: Direction, abroad: bool) -> [&str; 2] {
        match lookup(&self.funds, channel, direction, abroad) {
            Some([a, b]) => [a.as_str(), b.as_str()],
            None => ["-", "-"],
        }
    }

    /// The gender code for an FtM gender value, when the mapping has one.
    pub fn gender(&self, ftm: &str) -> Option<&str> {
        self.gender.get(&ftm.trim().to_ascii_lowercase()).map(String::as_str)
    }

    /// The FIU codes of a THB code (empty when unmapped).
    pub fn indicator_codes(&self, thb: &str) -> &[String] {
        self.indicators.get(thb).map(Vec::as_slice).unwrap_or(&[])
    }
}

fn keys_have_default(table: &str, f: &File) -> bool {
    match table {
        "transmode" => f.transmode.contains_key("default"),
        _ => f.funds.contains_key("default"),
    }
}

/// Most specific key first: `channel.direction.abroad`, `channel.abroad`, `channel.direction`, `channel`,
/// `default`.
fn lookup<T>(table: &BTreeMap<String, T>, channel: Channel, direction: Direction, abroad: bool) -> Option<&T> {
    let (c, d) = (channel.as_str(), direction.as_str());
    let mut keys = Vec::with_capacity(5);
    if abroad {
        keys.push(format!("{c}.{d}.abroad"));
        keys.push(format!("{c}.abroad"));
    }
    keys.push(format!("{c}.{d}"));
    keys.push(c.to_string());
    keys.push("default".to_string());
    keys.iter().find_map(|k| table.get(k))
}

fn check_key(k: &str) -> Result<(), String> {
    if k == "default" {
        return Ok(());
    }
    let parts: Vec<&str> = k.split('.').collect();
    if Channel::parse(parts[0]).is_none_or(|c| c.as_str() != parts[0]) {
        return Err(format!("'{}' is not a channel", parts[0]));
    }
    match parts[1..] {
        [] | ["abroad"] => Ok(()),
        ["credit" | "debit"] | ["credit" | "debit", "abroad"] => Ok(()),
        _ => Err("expected channel[.credit|.debit][.abroad]".into()),
    }
}
