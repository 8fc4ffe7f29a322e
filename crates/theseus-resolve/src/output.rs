//! What resolution returns: clusters with their explanations, the hubs set aside, the fitted models and
//! what was refused.

use serde::{Deserialize, Serialize};

use crate::model::Model;
use crate::record::{IdKind, Kind};

/// A resolved entity: the records that describe it, and why they were merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// A stable id: `cluster-` and the first 16 hex digits of the SHA-1 of the sorted member ids, so the same
    /// members give the same id on every run.
    pub id: String,
    /// The kind of records merged.
    pub kind: Kind,
    /// The member record ids, sorted.
    pub members: Vec<String>,
    /// Why they were merged.
    pub explanation: Explanation,
}

impl Cluster {
    /// The cluster as one line of JSON (for `theseus export --format clusters`).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("clusters serialise")
    }
}

/// Why the members of a cluster are one entity: the links that joined them, a spanning tree over the
/// members (one link fewer than members), in the order they were accepted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The links accepted.
    pub links: Vec<Link>,
    /// The weakest member support (a member's mean evidence, in bits, over its pairs with the other side) at
    /// which two parts of this cluster were joined by a probabilistic link; `None` when no join had more
    /// than one pair to check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weakest_join: Option<f64>,
}

/// One accepted link between two records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// One record id.
    pub a: String,
    /// The other record id.
    pub b: String,
    /// Why.
    #[serde(flatten)]
    pub reason: Reason,
}

/// Why two records were linked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Reason {
    /// An analyst decided they are the same.
    Analyst {
        /// The analyst's note.
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// They share a strong identifier that identifies what they are.
    Identifier {
        /// The identifier's kind.
        kind: IdKind,
        /// Its normalised value.
        value: String,
    },
    /// Fellegi–Sunter: the sum of the prior weight and the field weights passed the threshold.
    Probabilistic {
        /// The total match weight, log2 of the posterior odds.
        match_weight: f64,
        /// The posterior match probability.
        match_probability: f64,
        /// The prior weight, log2(λ / (1 − λ)).
        prior_weight: f64,
        /// Each field's comparison and weight; fields missing on either side weigh nothing and are left out.
        fields: Vec<FieldComparison>,
    },
}

/// One field's comparison within a probabilistic link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldComparison {
    /// The field.
    pub field: String,
    /// The agreement level's label.
    pub level: String,
    /// The left record's value compared (normalised tokens for names, as written otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
    /// The right record's value compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<String>,
    /// The weight, log2 of the Bayes factor m/u (after term-frequency adjustment where applied).
    pub weight: f64,
    /// Whether the weight was adjusted for the value's frequency.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tf_adjusted: bool,
}

/// An identifier set aside as a hub: on the stop-list or carried by too many different parties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hub {
    /// Its kind.
    pub kind: IdKind,
    /// Its normalised value.
    pub value: String,
    /// How many distinct parties (by name) carry it.
    pub degree: usize,
    /// Why it was set aside.
    pub reason: String,
    /// Up to ten of the records that carry it.
    pub sample: Vec<String>,
}

/// A link that was not made, though some evidence asked for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    /// One record id.
    pub a: String,
    /// The other record id.
    pub b: String,
    /// What asked for the link: `analyst`, `identifier`.
    pub asked_by: String,
    /// Why it was refused.
    pub reason: String,
}

/// Counts and timings of one run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Records in.
    pub records: usize,
    /// Candidate pairs compared (after deduplication across rules), over all kinds.
    pub candidate_pairs: u64,
    /// Candidate pairs each blocking rule contributed (a pair counts for the first rule that found it).
    pub pairs_per_rule: Vec<(String, u64)>,
    /// Blocks skipped for their size.
    pub oversized_blocks: usize,
    /// The largest block skipped.
    pub largest_skipped_block: usize,
    /// Pairs scored during clustering beyond the candidates (linkage checks).
    pub linkage_pairs_scored: u64,
    /// Probabilistic links at or above the threshold.
    pub links_above_threshold: u64,
    /// Merges refused by the linkage or family checks.
    pub merges_refused: u64,
    /// Wall-clock seconds per stage: prepare, block+compare, fit, score, cluster, explain.
    pub seconds: Vec<(String, f64)>,
}

/// The result of resolution.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Resolution {
    /// Resolved entities; singletons included when the configuration asks for them.
    pub clusters: Vec<Cluster>,
    /// Identifiers set aside.
    pub hubs: Vec<Hub>,
    /// The fitted model of each kind that had records.
    pub models: Vec<Model>,
    /// Links asked for but not made.
    pub refusals: Vec<Refusal>,
    /// Problems with the input (decisions naming unknown records…).
    pub warnings: Vec<String>,
    /// Counts and timings.
    pub stats: Stats,
}

impl Resolution {
    /// Record id → cluster id, for every clustered record.
    pub fn assignments(&self) -> std::collections::HashMap<&str, &str> {
        self.clusters.iter().flat_map(|c| c.members.iter().map(move |m| (m.as_str(), c.id.as_str()))).collect()
    }
}
