//! The reporting entity: who files the report, read from a TOML file (`docs/goaml-reporter.example.toml`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::Error;

/// The reporting entity's details, as registered with the FIU.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reporter {
    /// The id the FIU gave the reporting entity when it registered in goAML.
    pub rentity_id: u32,
    /// The branch filing the report.
    pub rentity_branch: Option<String>,
    /// Prefix of `entity_reference`, the reporting entity's own reference (followed by the alert id).
    #[serde(default = "default_prefix")]
    pub reference_prefix: String,
    /// ISO 4217 code of the local currency; when absent, the currency of the reported transactions when they
    /// share one, else the FIU's.
    pub currency_code_local: Option<String>,
    /// ISO 3166 alpha-2 country of the reporting entity, used for parties whose country the evidence does
    /// not give.
    pub country: Option<String>,
    /// The compliance officer filing the report.
    pub reporting_person: Option<ReportingPerson>,
    /// The reporting entity's address.
    pub location: Option<Location>,
    /// Units of the local currency for one unit of each foreign currency, for transactions not in the local
    /// currency (written with their original amount and the rate).
    #[serde(default)]
    pub exchange_rates: BTreeMap<String, Decimal>,
    /// Institution codes of the banks named in the evidence, for accounts whose IBAN does not carry one.
    #[serde(default)]
    pub institutions: Vec<Institution>,
    /// Set when these details are the built-in placeholders, not a reporting entity's.
    #[serde(skip)]
    pub placeholder: bool,
}

fn default_prefix() -> String {
    "THESEUS".into()
}

/// The person filing the report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingPerson {
    /// Title (Mr, Ms, Dr).
    pub title: Option<String>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Occupation or function, e.g. "MLRO".
    pub occupation: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// The reporting entity's address.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Street and number.
    pub address: String,
    /// City.
    pub city: String,
    /// Postal code.
    pub zip: Option<String>,
    /// State, emirate or province.
    pub state: Option<String>,
    /// ISO 3166 alpha-2 country code.
    pub country_code: String,
}

/// A bank named in the evidence and the code the FIU knows it by.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// The bank's name as the evidence gives it (statement `bank`, counterparty bank), matched ignoring case.
    pub name: String,
    /// Its SWIFT BIC.
    pub swift: Option<String>,
    /// Its national institution code.
    pub code: Option<String>,
}

impl Reporter {
    /// Reads a reporter file.
    pub fn from_toml(text: &str, origin: &str) -> Result<Reporter, Error> {
        let r: Reporter = toml::from_str(text).map_err(|e| Error::User(format!("{origin}: {e}")))?;
        for i in &r.institutions {
            if i.swift.is_none() && i.code.is_none() {
                return Err(Error::User(format!("{origin}: institution '{}' needs `swift` or `code`", i.name)));
            }
        }
        Ok(r)
    }

    /// Placeholder details so that a draft can be made without a reporter file. They are marked as such in
    /// the report (`action`) and must be replaced before anything is filed.
    pub fn placeholder() -> Reporter {
        Reporter {
            rentity_id: 1,
            rentity_branch: Some("PLACEHOLDER - replace with the reporting entity's branch".into()),
            reference_prefix: default_prefix(),
            currency_code_local: None,
            country: None,
            reporting_person: Some(ReportingPerson {
                title: None,
                first_name: "PLACEHOLDER".into(),
                last_name: "REPORTING OFFICER".into(),
                occupation: Some("Placeholder - replace with the compliance officer's function".into()),
                email: None,
            }),
            location: None,
            exchange_rates: BTreeMap::new(),
            institutions: Vec::new(),
            placeholder: true,
        }
    }

    /// The institution entry for a bank name.
    pub(crate) fn institution(&self, bank: &str) -> Option<&Institution> {
        let b = bank.trim();
        self.institutions.iter().find(|i| i.name.trim().eq_ignore_ascii_case(b))
    }
}
