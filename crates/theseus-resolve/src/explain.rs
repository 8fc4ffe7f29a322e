//! "Why (not)?" for one pair of records: every field's agreement level and weight, the total match weight
//! against the threshold, whether blocking ever paired them, the identifiers they share, the analysts'
//! decisions on them, and the cluster each ended in.
//!
//! The pair is scored with the models the full resolution fitted (the same run an analysis makes), so the
//! weights shown are the ones that decided, whether or not blocking made the pair a candidate.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::blocking;
use crate::compare::fields_of;
use crate::config::{Config, Decision, LinkType};
use crate::engine::{Scorer, parallel_map, shown, term_frequencies};
use crate::error::Error;
use crate::features::{Features, id_hash};
use crate::identifiers::find_hubs;
use crate::output::{FieldComparison, Link, Refusal, Resolution};
use crate::record::{IdKind, Kind, Record};

/// One side of an explained pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSide {
    /// The record id.
    pub id: String,
    /// Its schema.
    pub schema: String,
    /// How it is resolved.
    pub kind: Kind,
    /// Its source (file hash or data set).
    pub source: String,
    /// Its first name, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The cluster it ended in.
    pub cluster: String,
    /// How many records that cluster holds.
    pub cluster_size: usize,
}

/// The blocking keys two records share.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Blocking {
    /// Whether the pair was a candidate: compared and scored during resolution.
    pub candidate: bool,
    /// Rules whose block held both records (a pair shared by several blocks is compared once).
    pub rules: Vec<String>,
    /// Rules whose shared block was too large to compare, with its size.
    pub oversized: Vec<(String, usize)>,
    /// Why the pair could not be a candidate whatever the blocks (kinds differ, things, one source in
    /// link-only mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
}

/// The probabilistic score of the pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairScore {
    /// Every compared field, missing ones included (weight 0).
    pub fields: Vec<FieldComparison>,
    /// The prior weight, log2(λ / (1 − λ)).
    pub prior_weight: f64,
    /// Prior plus field weights.
    pub match_weight: f64,
    /// The posterior match probability.
    pub match_probability: f64,
    /// The threshold as a match weight.
    pub threshold_weight: f64,
    /// The threshold as a probability.
    pub threshold_probability: f64,
    /// Whether the weight reaches the threshold.
    pub above_threshold: bool,
    /// Whether the family guard (given name, birth date, gender, agreeing documents) forbids the pair.
    pub family_guard: bool,
}

/// A strong identifier both records carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedIdentifier {
    /// Its kind.
    pub kind: IdKind,
    /// Its normalised value.
    pub value: String,
    /// Why it was set aside as a hub, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub: Option<String>,
}

/// Everything resolution knows about one pair of records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairExplanation {
    /// The first record.
    pub a: PairSide,
    /// The second record.
    pub b: PairSide,
    /// Whether they ended in one cluster.
    pub same_cluster: bool,
    /// The link that joined these two records directly, if one did (in one cluster they may be joined
    /// through others).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_link: Option<Link>,
    /// Blocking.
    pub blocking: Blocking,
    /// The score, when the two are of one kind that is matched probabilistically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<PairScore>,
    /// Strong identifiers both carry.
    pub shared_identifiers: Vec<SharedIdentifier>,
    /// Analysts' decisions on this pair.
    pub decisions: Vec<Decision>,
    /// Links refused between the two records' clusters or between these two records.
    pub refusals: Vec<Refusal>,
}

/// Resolves `records` as [`crate::resolve`] does and explains the pair of record ids `a` and `b`.
pub fn explain_pair(
    records: &[Record],
    decisions: &[Decision],
    config: &Config,
    a: &str,
    b: &str,
) -> Result<(PairExplanation, Resolution), Error> {
    let res = crate::resolve(records, decisions, config)?;
    let ex = explain_in(records, decisions, config, &res, a, b)?;
    Ok((ex, res))
}

/// Explains the pair `a`, `b` given the resolution `res` that [`crate::resolve`] made of `records` with
/// `decisions` and `config`.
pub fn explain_in(
    records: &[Record],
    decisions: &[Decision],
    config: &Config,
    res: &Resolution,
    a: &str,
    b: &str,
) -> Result<PairExplanation, Error> {
    let find = |id: &str| records.iter().position(|r| r.id == id).ok_or_else(|| Error::UnknownRecord(id.to_string()));
    let (ia, ib) = (find(a)?, find(b)?);
    let (ra, rb) = (&records[ia], &records[ib]);
    let assignments = res.assignments();
    let size: HashMap<&str, usize> = res.clusters.iter().map(|c| (c.id.as_str(), c.members.len())).collect();
    let side = |r: &Record| {
        let cluster = assignments.get(r.id.as_str()).map_or_else(|| "(none)".to_string(), |c| c.to_string());
        PairSide {
            id: r.id.clone(),
            schema: r.schema.clone(),
            kind: r.kind,
            source: r.source.clone(),
            name: r.names.first().map(|n| n.full.clone()),
            cluster_size: size.get(cluster.as_str()).copied().unwrap_or(1),
            cluster,
        }
    };
    let (sa, sb) = (side(ra), side(rb));
    let same_cluster = sa.cluster == sb.cluster && sa.cluster != "(none)";
    let direct_link = res
        .clusters
        .iter()
        .filter(|c| c.id == sa.cluster)
        .flat_map(|c| &c.explanation.links)
        .find(|l| (l.a == a && l.b == b) || (l.a == b && l.b == a))
        .cloned();

    // Hubs and features as resolution computed them.
    let (hubs, hub_set) = find_hubs(records, &config.hubs);
    let threads = config.thread_count();
    let features: Vec<Features> = parallel_map(records, threads, |r| Features::new(r, &hub_set));

    let mut shared_identifiers = Vec::new();
    for x in ra.identifiers.iter().chain(&ra.contacts) {
        if rb.identifiers.contains(x) || rb.contacts.contains(x) {
            let h = id_hash(x.kind, &x.value);
            let hub = hub_set
                .contains(&h)
                .then(|| hubs.iter().find(|y| y.kind == x.kind && y.value == x.value).map(|y| y.reason.clone()))
                .map(|r| r.unwrap_or_else(|| "a hub".into()));
            shared_identifiers.push(SharedIdentifier { kind: x.kind, value: x.value.clone(), hub });
        }
    }

    let excluded = if ra.kind != rb.kind {
        Some(format!("a {:?} and a {:?} are never compared field by field", ra.kind, rb.kind))
    } else if ra.kind == Kind::Thing {
        Some("things are linked by their identifiers only".to_string())
    } else if config.link_type == LinkType::LinkOnly && ra.source == rb.source {
        Some("link-only: records of one source are never compared".to_string())
    } else {
        None
    };

    let mut blocking = Blocking { excluded: excluded.clone(), ..Blocking::default() };
    let mut score = None;
    if ra.kind == rb.kind && ra.kind != Kind::Thing {
        let kind = ra.kind;
        let members: Vec<u32> = (0..records.len() as u32).filter(|i| records[*i as usize].kind == kind).collect();
        // Block sizes of the keys the two share.
        let (mut ka, mut kb) = (Vec::new(), Vec::new());
        blocking::keys(&features[ia], &mut ka);
        blocking::keys(&features[ib], &mut kb);
        let shared: Vec<u64> = ka.iter().copied().filter(|k| kb.contains(k)).collect();
        let mut sizes: HashMap<u64, usize> = shared.iter().map(|k| (*k, 0)).collect();
        let mut buf = Vec::new();
        for &m in &members {
            blocking::keys(&features[m as usize], &mut buf);
            buf.sort_unstable();
            buf.dedup();
            for k in &buf {
                if let Some(n) = sizes.get_mut(k) {
                    *n += 1;
                }
            }
        }
        for k in &shared {
            let rule = blocking::rule_name(kind, blocking::rule_of(*k)).to_string();
            let n = sizes[k];
            if n > config.max_block_size {
                blocking.oversized.push((rule, n));
            } else if !blocking.rules.contains(&rule) {
                blocking.rules.push(rule);
            }
        }
        blocking.candidate = excluded.is_none() && !blocking.rules.is_empty();

        if let Some(model) = res.models.iter().find(|m| m.kind == kind) {
            let fields = fields_of(kind);
            let tf = term_frequencies(&features, &members, fields);
            let mut models = HashMap::new();
            models.insert(kind, (model.clone(), tf));
            let scorer = Scorer { features: &features, models, config };
            if let Some(s) = scorer.score(ia as u32, ib as u32) {
                let fields = model
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(f, field)| {
                        let level = s.cmp.levels[f] as usize;
                        let (left, right) = shown(*field, s.cmp.picks[f], ra, rb, &features[ia], &features[ib]);
                        FieldComparison {
                            field: field.as_str().into(),
                            level: field.levels()[level].into(),
                            left,
                            right,
                            weight: round(s.field_weights[f].0),
                            tf_adjusted: s.field_weights[f].1,
                        }
                    })
                    .collect();
                let threshold = config.threshold_weight();
                score = Some(PairScore {
                    fields,
                    prior_weight: round(model.prior_weight()),
                    match_weight: round(s.weight),
                    match_probability: 1.0 / (1.0 + (-s.weight).exp2()),
                    threshold_weight: round(threshold),
                    threshold_probability: config.match_probability,
                    above_threshold: s.weight >= threshold,
                    family_guard: s.conflict,
                });
            }
        }
    }

    let pair = |x: &str, y: &str| (x == a && y == b) || (x == b && y == a);
    let decisions = decisions.iter().filter(|d| pair(&d.a, &d.b)).cloned().collect();
    let cluster_of = |id: &str| assignments.get(id).copied();
    let (ca, cb) = (cluster_of(a), cluster_of(b));
    let refusals = res
        .refusals
        .iter()
        .filter(|r| {
            pair(&r.a, &r.b) || {
                let (x, y) = (cluster_of(&r.a), cluster_of(&r.b));
                (x == ca && y == cb) || (x == cb && y == ca)
            }
        })
        .cloned()
        .collect();
    Ok(PairExplanation {
        a: sa,
        b: sb,
        same_cluster,
        direct_link,
        blocking,
        score,
        shared_identifiers,
        decisions,
        refusals,
    })
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
