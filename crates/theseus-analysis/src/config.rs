//! The rule pack: every threshold, list, weight and typology of an analysis run.
//!
//! The defaults live in one TOML file embedded in the binary (`rules/default.toml` beside this crate's
//! sources). Rule thresholds follow the definitions of the project's indicator catalogue (INDICATORS.md of the
//! project's shared documents, cited in each rule's doc comment); the weights, typology thresholds and the hub
//! limit are our own starting values, set by reasoning about the indicators' strength, not fitted to any data
//! set. A jurisdiction overrides any of them in its own TOML file given to `theseus analyze --config`: that
//! file is laid over the defaults key by key, and a key the defaults do not know is an error, so that a typo
//! never silently leaves a default in force.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::custom::CustomRule;
use crate::rules::{Substrings, Words};

/// The default rule pack, as shipped.
pub const DEFAULT_PACK: &str = include_str!("rules/default.toml");

/// Analysis configuration: the rule pack in force.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// An identifier carried by more distinct parties than this is a hub and is not used to link.
    pub hub_degree: usize,
    /// Identifiers never used to link (placeholders, processors, switchboards known in advance), compared
    /// with the normalised value exactly. Values made of one repeated digit (000000, +49111111) are always
    /// treated as placeholders.
    pub stop_list: Vec<String>,
    /// Merchant descriptors of adult / classified ad sites (case-insensitive substrings), used by the rules on
    /// ad payments.
    pub ad_merchants: Vec<String>,
    /// Countries of origin for remittance corridors, ISO 3166-1 alpha-2.
    pub origin_countries: Vec<String>,
    /// Rule weights by code; they weigh each rule in the subject's ranking and, unless a typology says
    /// otherwise, in the typologies.
    pub weights: BTreeMap<String, f64>,
    /// Default alert threshold of a typology that does not set its own.
    pub alert_threshold: f64,
    /// Distinct rules needed for an alert: red flags are read in combination.
    pub min_distinct: usize,
    /// Rules switched off in this jurisdiction.
    #[serde(default)]
    pub disabled: Vec<String>,
    /// Parameters per rule code (windows, counts, amounts, merchant categories, lists).
    pub rules: BTreeMap<String, toml::Table>,
    /// Typologies: weighted roll-ups of rules with their own threshold and time window.
    pub typologies: BTreeMap<String, Typology>,
    /// Rules written by the user in the rule language (see [`crate::custom`]).
    #[serde(default)]
    pub custom: Vec<CustomRule>,
    /// The bridge from ads to money (see [`crate::bridge`]). Packs and stored analyses written before it
    /// existed load with the defaults.
    #[serde(default)]
    pub bridge: Bridge,
}

/// How ad-site records are joined to bank records (see [`crate::bridge`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Bridge {
    /// Whether the bridge runs.
    pub enabled: bool,
    /// Minutes a card payment's time may differ from the posting fee's time (0: the same minute).
    pub minutes: i64,
    /// Whether a time without a zone may differ from the other by whole hours (up to 14): the zone it was
    /// written in is unknown. Matches with no hours apart are always taken first.
    pub any_zone: bool,
    /// Issuer BINs known to belong to a bank: a fee paid with a listed BIN matches only that bank's statements.
    pub card_bins: Vec<CardBin>,
}

/// One issuer BIN and the bank that issues it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CardBin {
    /// The first six (or eight) digits of the card number.
    pub bin: String,
    /// A word of the bank's name as the statements carry it (case-insensitive).
    pub bank: String,
}

impl Default for Bridge {
    /// The values of the embedded default pack.
    fn default() -> Self {
        Bridge { enabled: true, minutes: 1, any_zone: true, card_bins: vec![] }
    }
}

/// A typology: which rules it rolls up, with what weight, over what window, and from what score it alerts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Typology {
    /// Title for reports.
    pub title: String,
    /// Rule codes it rolls up.
    pub rules: Vec<String>,
    /// Weights that differ from the rule's own weight in this typology.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Score from which a subject is alerted under this typology.
    pub threshold: f64,
    /// Rules count together only when their evidence falls within one window of this many days.
    pub window_days: i64,
}

impl Default for Config {
    fn default() -> Self {
        toml::from_str(DEFAULT_PACK).expect("the embedded default rule pack is valid")
    }
}

impl Config {
    /// Weight of a rule in the ranking.
    pub fn weight(&self, code: &str) -> f64 {
        self.weights.get(code).copied().unwrap_or(1.0)
    }

    /// Weight of a rule in a typology.
    pub fn typology_weight(&self, typology: &Typology, code: &str) -> f64 {
        typology.weights.get(code).copied().unwrap_or_else(|| self.weight(code))
    }

    /// Whether a rule runs.
    pub fn enabled(&self, code: &str) -> bool {
        !self.disabled.iter().any(|d| d == code)
    }

    /// The parameters of a rule.
    pub fn params<'a>(&'a self, code: &'static str) -> Params<'a> {
        self.params_sharing(code, Default::default())
    }

    /// The parameters of a rule, with word matchers shared with the other rules of a run that look for the
    /// same list (several rules look for salary or rent words; each text is then tested once).
    pub fn params_sharing<'a>(&'a self, code: &'static str, shared: SharedWords) -> Params<'a> {
        static EMPTY: std::sync::OnceLock<toml::Table> = std::sync::OnceLock::new();
        Params {
            code,
            table: self.rules.get(code).unwrap_or_else(|| EMPTY.get_or_init(toml::Table::new)),
            words: Default::default(),
            shared,
            mcc_sets: Default::default(),
            substrings: Default::default(),
            memos: Default::default(),
        }
    }

    /// Reads a jurisdiction's rule pack: its keys are laid over the defaults; unknown keys, unknown rule codes
    /// and values of the wrong type are errors naming the key.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let user: toml::Table = toml::from_str(text).map_err(|e| format!("rule pack: {e}"))?;
        let mut base: toml::Table = toml::from_str(DEFAULT_PACK).expect("the embedded default rule pack is valid");
        // A pack written out by a report carries every key; one written by hand only the ones it changes.
        merge(&mut base, user, "")?;
        let cfg: Config = base.try_into().map_err(|e: toml::de::Error| format!("rule pack: {e}"))?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Checks cross-references: typologies name known rules, weights name known rules, custom rules parse.
    pub fn validate(&self) -> Result<(), String> {
        let known: Vec<String> = crate::rules::catalogue()
            .iter()
            .map(|r| r.meta().code.to_string())
            .chain(self.custom.iter().map(|c| c.code.clone()))
            .collect();
        let is_known = |c: &String| known.contains(c);
        for (name, t) in &self.typologies {
            for c in t.rules.iter().chain(t.weights.keys()) {
                if !is_known(c) {
                    return Err(format!("rule pack: typology {name} names an unknown rule {c}"));
                }
            }
            if t.window_days <= 0 {
                return Err(format!("rule pack: typology {name}: window_days must be positive"));
            }
        }
        for c in self.weights.keys().chain(self.disabled.iter()) {
            if !is_known(c) {
                return Err(format!("rule pack: unknown rule {c}"));
            }
        }
        for c in &self.custom {
            c.compile().map_err(|e| format!("rule pack: custom rule {}: {e}", c.code))?;
            if c.typologies.is_empty() {
                return Err(format!("rule pack: custom rule {} names no typology", c.code));
            }
            for t in &c.typologies {
                if !self.typologies.contains_key(t) {
                    return Err(format!("rule pack: custom rule {} names an unknown typology {t}", c.code));
                }
            }
        }
        Ok(())
    }

    /// The pack as the TOML file `theseus analyze --config` reads.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a configuration serialises")
    }
}

/// Lays `over` onto `base`. Tables merge key by key down to rule parameters; only the maps a user is expected
/// to extend (weights, typologies and their weights, custom rules) accept new keys.
fn merge(base: &mut toml::Table, over: toml::Table, path: &str) -> Result<(), String> {
    let open =
        path == "weights" || path == "typologies" || path.starts_with("typologies.") && path.ends_with(".weights");
    for (k, v) in over {
        let here = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o, &here)?,
            (Some(b), v) => {
                if both_numbers(b, &v) {
                    *b = if b.is_float() { toml::Value::Float(as_f64(&v)) } else { v };
                } else if std::mem::discriminant(b) != std::mem::discriminant(&v) {
                    return Err(format!("rule pack: {here}: expected {}, found {}", b.type_str(), v.type_str()));
                } else {
                    *b = v;
                }
            }
            (None, v) if open || here == "custom" || path.starts_with("typologies.") && k == "weights" => {
                base.insert(k, v);
            }
            (None, _) => return Err(format!("rule pack: unknown key {here}")),
        }
    }
    Ok(())
}

fn both_numbers(a: &toml::Value, b: &toml::Value) -> bool {
    (a.is_float() || a.is_integer()) && (b.is_float() || b.is_integer())
}

fn as_f64(v: &toml::Value) -> f64 {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64)).unwrap_or(0.0)
}

/// The parameters of one rule, read from the pack. The default pack carries every key a rule reads; the
/// test that runs every rule on a world would fail on a missing one.
pub struct Params<'a> {
    code: &'static str,
    table: &'a toml::Table,
    /// Word matchers and code sets built once per run of a rule rather than once per account.
    words: Cache<Words>,
    /// Word matchers by word list, for all rules of a run.
    shared: SharedWords,
    mcc_sets: Cache<MccSet>,
    substrings: Cache<Substrings>,
    memos: Cache<crate::rules::Memo>,
}

/// Word matchers by their list of words, shared by the rules of one run.
pub type SharedWords = Arc<std::sync::Mutex<HashMap<Vec<String>, Arc<Words>>>>;

/// Values built from a parameter, by key.
type Cache<T> = std::sync::Mutex<HashMap<String, Arc<T>>>;

/// The value of `key` in `cache`, built by `make` on first use.
fn cached<T>(cache: &Cache<T>, key: &str, make: impl FnOnce() -> Arc<T>) -> Arc<T> {
    let mut m = cache.lock().expect("parameter cache");
    if let Some(v) = m.get(key) {
        return v.clone();
    }
    m.entry(key.to_string()).or_insert_with(make).clone()
}

impl Params<'_> {
    fn get(&self, key: &str) -> &toml::Value {
        self.table.get(key).unwrap_or_else(|| panic!("rule pack has no parameter {}.{key}", self.code))
    }

    /// A number.
    pub fn f(&self, key: &str) -> f64 {
        as_f64(self.get(key))
    }

    /// A count or a number of days.
    pub fn u(&self, key: &str) -> usize {
        self.f(key).max(0.0) as usize
    }

    /// A duration in days.
    pub fn days(&self, key: &str) -> chrono::Duration {
        chrono::Duration::seconds((self.f(key) * 86_400.0) as i64)
    }

    /// A duration in hours.
    pub fn hours(&self, key: &str) -> chrono::Duration {
        chrono::Duration::seconds((self.f(key) * 3_600.0) as i64)
    }

    /// A list of strings.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.get(key)
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    /// A list of words as a matcher (see [`Words`]), built on first use.
    pub fn words(&self, key: &str) -> Arc<Words> {
        cached(&self.words, key, || {
            let mut shared = self.shared.lock().expect("shared word matchers");
            shared.entry(self.list(key)).or_insert_with_key(|list| Arc::new(Words::new(list))).clone()
        })
    }

    /// A list of words looked for as substrings (see [`Substrings`]), built on first use.
    pub fn substrings(&self, key: &str) -> Arc<Substrings> {
        cached(&self.substrings, key, || Arc::new(Substrings::new(&self.list(key))))
    }

    /// A rule's own text test remembered per descriptor for the run, by the name the rule gives it.
    pub fn memo(&self, key: &str) -> Arc<crate::rules::Memo> {
        cached(&self.memos, key, Default::default)
    }

    /// [`Params::mccs`], built on first use.
    pub fn mcc_set(&self, key: &str) -> Arc<MccSet> {
        cached(&self.mcc_sets, key, || Arc::new(self.mccs(key)))
    }

    /// A set of merchant category codes, written as `"7011"` or ranges `"3501-3999"`.
    pub fn mccs(&self, key: &str) -> MccSet {
        let mut ranges = Vec::new();
        for s in self.list(key) {
            let (a, b) = s.split_once('-').unwrap_or((&s, &s));
            if let (Ok(a), Ok(b)) = (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
                ranges.push((a, b));
            }
        }
        MccSet::of(&ranges)
    }
}

/// Merchant category codes.
#[derive(Debug, Clone)]
pub struct MccSet(Box<[u64]>);

impl MccSet {
    /// The codes of the ranges `(first, last)`, both ends included. Held as one bit per possible code
    /// (8 KiB): rules test the code of millions of lines against lists of dozens of ranges.
    pub fn of(ranges: &[(u16, u16)]) -> MccSet {
        let mut bits = vec![0u64; (u16::MAX as usize + 1) / 64].into_boxed_slice();
        for &(a, b) in ranges {
            for m in a..=b {
                bits[m as usize / 64] |= 1 << (m % 64);
            }
        }
        MccSet(bits)
    }

    /// Whether `mcc` is in the set.
    #[inline]
    pub fn contains(&self, mcc: Option<u16>) -> bool {
        mcc.is_some_and(|m| self.0[m as usize / 64] & (1 << (m % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::MccSet;

    #[test]
    fn merchant_codes_are_in_a_set_when_a_range_holds_them() {
        let set = MccSet::of(&[(5912, 5912), (3501, 3999), (0, 0), (65535, 65535), (7000, 6999)]);
        for m in [5912, 3501, 3750, 3999, 0, 65535] {
            assert!(set.contains(Some(m)), "{m} is in a range");
        }
        for m in [5911, 5913, 3500, 4000, 1, 65534, 7000, 6999] {
            assert!(!set.contains(Some(m)), "{m} is in no range");
        }
        assert!(!set.contains(None), "a line without a code is in no set");
        assert!(!MccSet::of(&[]).contains(Some(5912)));
    }
}
