//! Thresholds and lists. Indicator thresholds inside the indicators follow the definitions of the project's
//! indicator catalogue (INDICATORS.md of the project's shared documents, cited in each indicator's doc
//! comment); the weights, the alert threshold and the hub limit below are our own starting values, set by
//! reasoning about the indicators' strength, not fitted to any data set. A jurisdiction overrides them in a
//! TOML file given to `theseus analyze --config`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Analysis configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// An identifier carried by more distinct parties than this is a hub and is not used to link.
    pub hub_degree: usize,
    /// Identifiers never used to link (placeholders, processors, switchboards known in advance), compared
    /// with the normalised value exactly. Values made of one repeated digit (000000, +49111111) are always
    /// treated as placeholders.
    pub stop_list: Vec<String>,
    /// Merchant descriptors of adult / classified ad sites (case-insensitive substrings), indicator 1.
    pub ad_merchants: Vec<String>,
    /// Largest single ad payment counted under indicator 1's MCC branch.
    pub ad_max_amount: f64,
    /// Largest lodging bill counted as a short stay (indicator 2), in the account currency.
    pub short_stay_max_amount: f64,
    /// Countries of origin for remittance corridors (indicator 26), ISO 3166-1 alpha-2.
    pub origin_countries: Vec<String>,
    /// Indicator weights by code; missing codes weigh 1.
    pub weights: BTreeMap<String, f64>,
    /// Score from which a subject with at least `min_distinct` indicators is alerted.
    pub alert_threshold: f64,
    /// Distinct indicators needed for an alert: red flags are read in combination.
    pub min_distinct: usize,
}

impl Default for Config {
    fn default() -> Self {
        let weights = [
            ("THB-001", 2.0),
            ("THB-002", 1.5),
            ("THB-005", 1.0),
            ("THB-006", 1.5),
            ("THB-011", 1.5),
            ("THB-012", 3.0),
            ("THB-013", 2.5),
            ("THB-014", 2.0),
            ("THB-022", 1.5),
            ("THB-026", 2.0),
            ("THB-035", 2.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Config {
            hub_degree: 5,
            stop_list: vec!["+10000000000".into(), "noreply@example.com".into()],
            ad_merchants: [
                "vivastreet",
                "skokka",
                "adultwork",
                "eros.com",
                "locanto",
                "listcrawler",
                "megapersonals",
                "bedpage",
                "kaufmich",
                "ladies.de",
                "erobella",
            ]
            .map(String::from)
            .to_vec(),
            ad_max_amount: 100.0,
            short_stay_max_amount: 150.0,
            // Origin countries named most often in European THB case statistics (Eurostat, GRETA); a
            // jurisdiction replaces this list with its own.
            origin_countries: ["RO", "BG", "HU", "NG", "MD", "UA", "AL", "VN", "CN", "TH", "PH", "BR", "MA"]
                .map(String::from)
                .to_vec(),
            weights,
            alert_threshold: 4.0,
            min_distinct: 2,
        }
    }
}

impl Config {
    /// Weight of an indicator.
    pub fn weight(&self, code: &str) -> f64 {
        self.weights.get(code).copied().unwrap_or(1.0)
    }

    /// Reads a TOML configuration; unspecified keys keep their defaults.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| format!("analysis configuration: {e}"))
    }
}
