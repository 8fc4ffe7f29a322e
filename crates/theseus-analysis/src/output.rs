//! What an analysis run produces. Serialised as JSON into the workspace, read by the report and the exports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole result of a run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Analysis {
    /// Subjects, highest score first.
    pub subjects: Vec<Subject>,
    /// The network around the subjects.
    pub network: Network,
    /// Identifiers shared by too many unrelated parties to be used as links (switchboards, processors).
    pub hubs: Vec<Hub>,
    /// Dated events for the timeline, oldest first.
    pub timeline: Vec<TimelineEvent>,
    /// Every record an analysis statement cites, by record id.
    pub sources: BTreeMap<String, SourceRef>,
    /// Indicators that could not run, and why (missing data).
    pub notices: Vec<String>,
    /// Counts of what was analysed.
    pub stats: Stats,
    /// Online ad operations the ad analysis found (ads linked by shared contacts, text or images), with their
    /// movement from city to city; alerted ones first.
    #[serde(default)]
    pub ad_operations: Vec<AdOperation>,
    /// The configuration the run used (thresholds, weights, lists), so that a report says how it was made and
    /// the run can be repeated.
    #[serde(default)]
    pub config: crate::Config,
}

/// Counts of the analysed data.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Transactions analysed.
    pub transactions: usize,
    /// Statement accounts.
    pub accounts: usize,
    /// Entities analysed.
    pub entities: usize,
    /// Links made through shared identifiers.
    pub identifier_links: usize,
    /// Subjects with at least one indicator.
    pub subjects_flagged: usize,
    /// Subjects over the alert threshold.
    pub subjects_alerted: usize,
    /// First and last transaction date.
    pub period: Option<(String, String)>,
}

/// A person, company or account holder under analysis.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Subject {
    /// Stable id: the registry entity id when the account is linked to one, else an id derived from the account.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Statement accounts of the subject.
    pub accounts: Vec<String>,
    /// Registry entities linked to the subject (by ownership of an account or identity).
    pub entities: Vec<String>,
    /// Total score: weighted sum of distinct indicators, plus corroboration.
    pub score: f64,
    /// Whether some typology alerts on the subject (enough distinct rules within its window, score at or above
    /// its threshold).
    pub alert: bool,
    /// Indicators that fired.
    pub hits: Vec<Hit>,
    /// How the score was made, in words.
    pub score_explained: Vec<String>,
    /// Role hypotheses: role code → support (sum of weights of indicators pointing to it).
    pub roles: BTreeMap<String, f64>,
    /// Set when the evidence points to the subject being a victim: such a subject must never be presented as
    /// an offender without this warning.
    pub victim_warning: Option<String>,
    /// Links to other subjects that corroborate (payments, shared identifiers).
    pub corroboration: Vec<String>,
    /// The typologies the subject's rules roll up into, alerted ones first.
    #[serde(default)]
    pub typologies: Vec<crate::typology::TypologyScore>,
}

/// One indicator firing for one subject.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hit {
    /// Indicator code, e.g. `THB-012`.
    pub code: String,
    /// Indicator title.
    pub title: String,
    /// What was seen, in one sentence with figures.
    pub finding: String,
    /// The account the hit is on.
    pub account: String,
    /// Weight in the score.
    pub weight: f64,
    /// Chain roles the indicator points to (R, T, X, F, B, CB, V).
    pub roles: Vec<String>,
    /// Transaction ids that make the hit; each is in [`Analysis::sources`].
    pub evidence: Vec<String>,
    /// First and last date of the evidence.
    pub period: (String, String),
}

/// A node of the network.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Node {
    /// Node id (subject id, entity id, or `acct:<account>`, `cpty:<name key>`).
    pub id: String,
    /// Label.
    pub label: String,
    /// `person`, `company`, `account`, `counterparty`, `asset`, `identifier`, `useraccount`.
    pub kind: String,
    /// Subject score when the node is a subject.
    pub score: f64,
    /// Whether the node is an alerted subject.
    pub alert: bool,
    /// Whether the node carries a victim warning.
    pub victim_warning: bool,
}

/// An edge of the network.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Edge {
    /// Source node.
    pub from: String,
    /// Target node.
    pub to: String,
    /// `payment`, `ownership`, `directorship`, `employment`, `family`, `associate`, `shared_identifier`, `holds_account`.
    pub kind: String,
    /// Human label: the total for payments, the identifier for shared identifiers.
    pub label: String,
    /// Records behind the edge (transaction or entity ids), each in [`Analysis::sources`].
    pub evidence: Vec<String>,
}

/// The network.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Network {
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Edges.
    pub edges: Vec<Edge>,
}

/// An identifier not used for linking because too many parties share it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hub {
    /// `phone`, `email`, …
    pub kind: String,
    /// The normalised value.
    pub value: String,
    /// How many distinct parties carry it.
    pub degree: usize,
    /// Why it was set aside: degree over the limit, or on the stop-list.
    pub reason: String,
}

/// A dated event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// ISO date-time as the source gave it.
    pub ts: String,
    /// Subject concerned.
    pub subject: String,
    /// Indicator code, or `payment` for the largest flows.
    pub code: String,
    /// What happened.
    pub text: String,
    /// The record behind it.
    pub record: String,
}

/// A cited source record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceRef {
    /// Evidence file name.
    pub file: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Record locator inside the file.
    pub locator: String,
    /// Extractor and version.
    pub extractor: String,
    /// A one-line summary of the record.
    pub summary: String,
}

/// Ads linked into one operation, as the report shows it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AdOperation {
    /// Stable id derived from the member ads.
    pub id: String,
    /// Member ad ids, as their sources gave them.
    pub ads: Vec<String>,
    /// Poster accounts.
    pub posters: Vec<String>,
    /// Shared contacts that link the ads (`kind:value`).
    pub identifiers: Vec<String>,
    /// Score of the operation's indicators and signals.
    pub score: f64,
    /// Whether the ad analysis alerts on it.
    pub alert: bool,
    /// Operation-level signals, in words.
    pub signals: Vec<String>,
    /// Stays in one city: city, first and last posting time, ads posted there.
    pub timeline: Vec<(String, String, String, usize)>,
}
