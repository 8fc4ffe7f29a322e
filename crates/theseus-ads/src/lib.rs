//! Online advertisements: what an ad says, what it signals, and which ads belong together.
//!
//! [`analyze`] takes the `Advertisement` entities that `theseus-ingest` reads from an ad site's export and
//! returns an [`AdAnalysis`]:
//!
//! - **extraction** ([`extract`]) of phones, including numbers written to dodge extraction, normalised to
//!   E.164 ([`phone`]); e-mails, messaging handles, websites and crypto addresses ([`contact`]); stated age,
//!   rates and languages ([`attrs`]); ethnicity, services, incall/outcall, movement and city mentions from
//!   the lexicon and the gazetteer ([`lexicon`]). Every extraction keeps its span in the property it came
//!   from.
//! - **indicators**: the lexicon is data (`data/lexicon.toml`, replaceable); an ad's score is the weighted
//!   sum of its *distinct* indicators, and an ad alerts only with at least two of them.
//! - **linking** ([`link`]): union-find over shared identifiers with hub control, and near-duplicate text
//!   by MinHash/LSH ([`minhash`]); each operation keeps the links that joined it with their reasons,
//!   entity-level signals, a score and its movement timeline.
//!
//! Ground truth never reaches this code: the evaluation harness (feature `eval`) is the only reader of the
//! simulator's truth file.

pub mod attrs;
pub mod contact;
#[cfg(feature = "eval")]
pub mod eval;
pub mod extract;
pub mod lexicon;
pub mod link;
pub mod minhash;
pub mod phone;
mod text;

use std::collections::HashMap;

use serde::Serialize;
use theseus_model::Entity;

pub use extract::{AdExtraction, extract};
pub use lexicon::{Gazetteer, Lexicon};
pub use link::{Hub, Operation};
pub use phone::{Obfuscation, PhoneMention, extract_phones};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A lexicon file the user gave is not valid (the user's fault).
    #[error("invalid ad lexicon: {0}")]
    Lexicon(String),
    /// A gazetteer file the user gave is not valid (the user's fault).
    #[error("invalid city gazetteer: {0}")]
    Gazetteer(String),
}

/// Thresholds and weights of the entity-level signals.
#[derive(Debug, Clone)]
pub struct SignalConfig {
    /// One phone in at least this many cities.
    pub cities_per_phone: usize,
    /// One phone on at least this many ads.
    pub ads_per_phone: usize,
    /// Two postings at most this many hours apart ...
    pub concurrent_hours: f64,
    /// ... in cities at least this far apart.
    pub distant_km: f64,
    /// Weight of `phone_many_cities`.
    pub weight_many_cities: f64,
    /// Weight of `ads_per_phone` (independent advertisers post often too: low).
    pub weight_ads_per_phone: f64,
    /// Weight of `ethnicities_per_phone`.
    pub weight_ethnicities: f64,
    /// Weight of `concurrent_distant`.
    pub weight_concurrent: f64,
}

impl Default for SignalConfig {
    fn default() -> SignalConfig {
        SignalConfig {
            cities_per_phone: 3,
            ads_per_phone: 20,
            concurrent_hours: 24.0,
            distant_km: 250.0,
            weight_many_cities: 1.5,
            weight_ads_per_phone: 0.5,
            weight_ethnicities: 2.0,
            weight_concurrent: 2.0,
        }
    }
}

/// How ads are read, scored and linked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Region (ISO 3166-1 alpha-2) for phone numbers written without a country code when the ad's city is
    /// not in the gazetteer.
    pub default_region: Option<String>,
    /// The indicator lexicon.
    pub lexicon: Lexicon,
    /// Cities with coordinates.
    pub gazetteer: Gazetteer,
    /// Distinct scored indicators an alert needs (ads and operations).
    pub min_distinct_indicators: usize,
    /// Score an alert needs.
    pub alert_score: f64,
    /// An identifier on ads of more than this many poster accounts is a hub, not a link.
    pub hub_max_posters: usize,
    /// An identifier on more than this many ads is a hub, not a link.
    pub hub_max_ads: usize,
    /// Identifiers never used for linking (a site's own contact address, placeholder numbers).
    pub stop_list: Vec<String>,
    /// Words per shingle.
    pub shingle_words: usize,
    /// Texts with fewer shingles are not compared.
    pub min_shingles: usize,
    /// LSH bands.
    pub minhash_bands: usize,
    /// Rows per band.
    pub minhash_rows: usize,
    /// Jaccard similarity that links two ads.
    pub text_jaccard: f64,
    /// Jaccard similarity that links two ads giving different phones.
    pub text_conflict_jaccard: f64,
    /// An LSH bucket with ads of more than this many poster accounts is boilerplate and not used.
    pub text_hub_posters: usize,
    /// Entity-level signals.
    pub signals: SignalConfig,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            default_region: None,
            lexicon: Lexicon::default(),
            gazetteer: Gazetteer::default(),
            min_distinct_indicators: 2,
            alert_score: 5.0,
            hub_max_posters: 5,
            hub_max_ads: 5000,
            // The SHA-256 of an empty file: a failed image download, never a photo.
            stop_list: vec!["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into()],
            shingle_words: 3,
            min_shingles: 5,
            minhash_bands: 25,
            minhash_rows: 5,
            text_jaccard: 0.6,
            text_conflict_jaccard: 0.9,
            text_hub_posters: 5,
            signals: SignalConfig::default(),
        }
    }
}

impl Config {
    /// The default configuration with a user's lexicon (the format of `data/lexicon.toml`).
    pub fn with_lexicon_toml(mut self, text: &str) -> Result<Config, Error> {
        self.lexicon = Lexicon::from_toml(text)?;
        Ok(self)
    }

    /// The default configuration with a user's gazetteer (the format of `data/cities.toml`).
    pub fn with_gazetteer_toml(mut self, text: &str) -> Result<Config, Error> {
        self.gazetteer = Gazetteer::from_toml(text)?;
        Ok(self)
    }
}

/// What [`analyze`] found.
#[derive(Debug, Clone, Serialize)]
pub struct AdAnalysis {
    /// One extraction per `Advertisement` entity, in input order.
    pub ads: Vec<AdExtraction>,
    /// Operations: two or more linked ads, highest score first.
    pub operations: Vec<Operation>,
    /// Identifiers left out of linking, with the reason.
    pub hubs: Vec<Hub>,
}

/// Extracts, scores and links the `Advertisement` entities among `entities` (others are ignored).
pub fn analyze(entities: &[Entity], config: &Config) -> AdAnalysis {
    let ads: Vec<&Entity> = entities.iter().filter(|e| e.schema == "Advertisement").collect();
    let started = std::time::Instant::now();
    let ex: Vec<AdExtraction> = theseus_model::par::map(&ads, 512, |a| extract(a, config));
    let extracted = started.elapsed();
    let (operations, hubs) = link::link(&ads, &ex, config);
    // Stage timings for the ads benchmark, on request only.
    if std::env::var_os("THESEUS_AD_TIMINGS").is_some() {
        eprintln!(
            "ads: extraction {:.2} s, linking {:.2} s",
            extracted.as_secs_f64(),
            (started.elapsed() - extracted).as_secs_f64()
        );
    }
    AdAnalysis { ads: ex, operations, hubs }
}

/// One line of `theseus export --format ads`.
#[derive(Serialize)]
struct ExportLine<'a> {
    /// Ids (entity id, site, the site's ad id) come first in the extraction.
    #[serde(flatten)]
    extraction: &'a AdExtraction,
    operation: Option<&'a str>,
}

impl AdAnalysis {
    /// The operation each ad belongs to, by ad entity id.
    pub fn operation_of(&self) -> HashMap<&str, &str> {
        self.operations.iter().flat_map(|o| o.ads.iter().map(move |a| (a.as_str(), o.id.as_str()))).collect()
    }

    /// JSON lines for `theseus export --format ads`: per ad its ids, everything extracted with spans
    /// (phones in E.164), indicators, score, alert and the operation it was linked to (or null).
    pub fn export_lines(&self) -> impl Iterator<Item = String> + '_ {
        let of = self.operation_of();
        self.ads.iter().map(move |x| {
            let line = ExportLine { extraction: x, operation: of.get(x.id.as_str()).copied() };
            serde_json::to_string(&line).expect("ad export lines serialise")
        })
    }

    /// JSON lines, one per operation (members, identifiers, links with reasons, signals, timeline).
    pub fn operation_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.operations.iter().map(|o| serde_json::to_string(o).expect("operations serialise"))
    }
}

#[cfg(test)]
mod tests;
