//! Settings of a resolution run, and the analyst decisions it must respect.

use serde::{Deserialize, Serialize};

use crate::record::IdKind;

/// Which pairs may be merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkType {
    /// Any two records may be one entity (an investigation's workspace, FEBRL dataset3).
    Dedupe,
    /// Records of one source are known to be distinct entities: only records of different sources are
    /// compared, and no entity takes two records of one source (FEBRL 4a ↔ 4b).
    LinkOnly,
}

/// Hub control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubConfig {
    /// Most distinct parties (by name) an identifier may be carried by and still be used.
    pub max_degree: usize,
    /// Identifiers never used: a value containing one of these (case-insensitive) is a hub.
    pub stop_list: Vec<String>,
}

impl Default for HubConfig {
    fn default() -> HubConfig {
        // The same defaults as the analysis stage's link finder.
        HubConfig { max_degree: 5, stop_list: vec!["+10000000000".into(), "000000".into(), "noreply@".into()] }
    }
}

/// Settings of a resolution run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Dedupe or link-only.
    pub link_type: LinkType,
    /// Posterior match probability at or above which a pair is a match (and an edge for clustering).
    pub match_probability: f64,
    /// Hub control.
    pub hubs: HubConfig,
    /// Identifier kinds that link persons and organisations deterministically (things always link on
    /// their identifiers).
    pub deterministic: Vec<IdKind>,
    /// Largest block compared; larger blocks are skipped and counted.
    pub max_block_size: usize,
    /// Random pairs sampled to estimate u (all pairs when there are fewer).
    pub u_sample_pairs: u64,
    /// EM iterations at most.
    pub em_max_iterations: u32,
    /// EM stops when no m probability moves more than this.
    pub em_tolerance: f64,
    /// The family guard: two persons are not merged when the summed weight of the fields that tell
    /// household members apart (given name, birth date, gender, and identity documents when they agree) is
    /// below this, provided at least one of them is known on both sides. Shared family name, address, phone
    /// and accounts cannot outvote it. Two complete birth dates three digits or more apart also trip it,
    /// unless an identity document agrees (or is one typo apart) or the pair's other fields alone, shared
    /// phones, e-mails and accounts left out, pass the match threshold. `None` turns the guard off.
    pub min_personal_weight: Option<f64>,
    /// Weight exact name and postcode agreement by how common the value is.
    pub tf_adjustments: bool,
    /// Per-member average linkage: two clusters are joined only if every member's mean evidence (log2
    /// Bayes factor) over its pairs with the other side, each clipped to ±`linkage_clip` bits, reaches this.
    pub min_member_support: f64,
    /// The clip of pair evidence in the linkage check, in bits.
    pub linkage_clip: f64,
    /// Most cross pairs scored for one linkage check; larger joins score an even sample of this many.
    pub max_linkage_pairs: usize,
    /// Worker threads (0: as many as the machine has).
    pub threads: usize,
    /// Seed of the random pair sample.
    pub seed: u64,
    /// Whether records that merged with nothing are returned as clusters of one.
    pub include_singletons: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            link_type: LinkType::Dedupe,
            match_probability: 0.95,
            hubs: HubConfig::default(),
            deterministic: vec![IdKind::Document],
            max_block_size: 1000,
            u_sample_pairs: 300_000,
            em_max_iterations: 50,
            em_tolerance: 1e-4,
            min_personal_weight: Some(0.0),
            tf_adjustments: true,
            min_member_support: 0.0,
            linkage_clip: 20.0,
            max_linkage_pairs: 400,
            threads: 0,
            seed: 42,
            include_singletons: true,
        }
    }
}

impl Config {
    /// The match threshold as a match weight: log2(p / (1 − p)).
    pub fn threshold_weight(&self) -> f64 {
        (self.match_probability / (1.0 - self.match_probability)).log2()
    }

    pub(crate) fn thread_count(&self) -> usize {
        if self.threads > 0 { self.threads } else { std::thread::available_parallelism().map_or(1, |n| n.get()) }
    }
}

/// An analyst's verdict on two records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Must-link: they are the same entity, whatever the evidence says.
    Same,
    /// Cannot-link: they are different entities; no cluster may hold both.
    Different,
}

/// An analyst decision, stored in the workspace and respected on every run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// One record id.
    pub a: String,
    /// The other record id.
    pub b: String,
    /// Same or different.
    pub verdict: Verdict,
    /// Who decided, for the audit trail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Decision {
    /// A must-link decision.
    pub fn same(a: impl Into<String>, b: impl Into<String>) -> Decision {
        Decision { a: a.into(), b: b.into(), verdict: Verdict::Same, author: None, note: None }
    }

    /// A cannot-link decision.
    pub fn different(a: impl Into<String>, b: impl Into<String>) -> Decision {
        Decision { a: a.into(), b: b.into(), verdict: Verdict::Different, author: None, note: None }
    }
}
