//! The Fellegi–Sunter model: for each field and agreement level, m = P(level | same entity) and
//! u = P(level | different entities); a pair's match weight is log2 of the prior odds plus the sum of
//! log2(m/u) over its fields.
//!
//! Estimation follows Splink: u from a random sample of record pairs (nearly all of which are non-matches),
//! m by expectation–maximisation over the candidate pairs that blocking produced. Because blocking keeps a
//! pair only when some fields agree, the E-step uses the full-space prior λ (the probability that two random
//! records match) and u from the random sample, not values fitted to the candidate set; the M-step then
//! updates m, and λ as the expected number of matches among the candidates over the number of all pairs
//! (assuming, as Splink does, that blocking keeps nearly every true match).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::compare::{Field, level_of};
use crate::record::Kind;

/// The fitted model of one kind of record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    /// The kind of records it compares.
    pub kind: Kind,
    /// The compared fields, in γ order.
    pub fields: Vec<Field>,
    /// m probabilities per field and level (level 0, "missing", is unused).
    pub m: Vec<Vec<f64>>,
    /// u probabilities per field and level.
    pub u: Vec<Vec<f64>>,
    /// Prior probability that two random records (of the pairs allowed) match.
    pub lambda: f64,
    /// How the model was fitted.
    pub fit: Fit,
}

/// How a model was fitted, for the report and the evaluation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Fit {
    /// Record pairs sampled at random to estimate u.
    pub u_pairs_sampled: u64,
    /// Candidate pairs the EM ran over.
    pub em_pairs: u64,
    /// Distinct comparison vectors among them.
    pub em_patterns: u64,
    /// EM iterations run.
    pub em_iterations: u32,
    /// Whether the largest change of an m probability in the last iteration was below the tolerance.
    pub em_converged: bool,
    /// Expected number of matches among the candidates at the end.
    pub expected_matches: f64,
    /// Why the default m probabilities were kept, when they were.
    pub defaults_kept: Option<String>,
    /// All pairs the prior refers to.
    pub total_pairs: f64,
}

/// Prior m probabilities, used to start EM and kept when there is too little data to fit.
fn default_m(field: Field) -> Vec<f64> {
    let v: &[f64] = match field {
        Field::GivenName | Field::FamilyName => &[0.0, 0.70, 0.06, 0.08, 0.05, 0.03, 0.03, 0.05],
        Field::OrgName => &[0.0, 0.70, 0.08, 0.08, 0.06, 0.04, 0.04],
        Field::BirthDate => &[0.0, 0.85, 0.02, 0.07, 0.02, 0.02, 0.02],
        Field::Gender => &[0.0, 0.97, 0.03],
        Field::Address => &[0.0, 0.55, 0.25, 0.1, 0.1],
        Field::Postcode | Field::Document => &[0.0, 0.85, 0.08, 0.07],
        Field::Phone | Field::Email | Field::Account => &[0.0, 0.85, 0.15],
    };
    v.to_vec()
}

/// Prior u probabilities: how often two different people agree at each level in a general population.
/// They count as [`U_PRIOR_PAIRS`] sampled pairs, so that a small workspace (a case with a few hundred
/// records, many of them one person) does not learn from its own duplicates that names rarely differ, while
/// a large sample outweighs them.
fn default_u(field: Field) -> Vec<f64> {
    let v: &[f64] = match field {
        Field::GivenName => &[0.0, 0.01, 0.002, 0.002, 0.002, 0.01, 0.02, 0.954],
        Field::FamilyName => &[0.0, 0.003, 0.001, 0.001, 0.001, 0.005, 0.005, 0.984],
        Field::OrgName => &[0.0, 0.0005, 0.0005, 0.001, 0.005, 0.01, 0.983],
        Field::BirthDate => &[0.0, 0.0001, 0.00001, 0.001, 0.01, 0.05, 0.93889],
        Field::Gender => &[0.0, 0.5, 0.5],
        Field::Address => &[0.0, 0.0001, 0.0002, 0.002, 0.9977],
        Field::Postcode => &[0.0, 0.002, 0.01, 0.988],
        Field::Document => &[0.0, 0.000001, 0.00001, 0.999989],
        Field::Phone | Field::Email | Field::Account => &[0.0, 0.00001, 0.99999],
    };
    v.to_vec()
}

/// The weight of the prior u, in sampled pairs.
const U_PRIOR_PAIRS: f64 = 1000.0;

/// Fewest expected matches among the candidates for the EM's m to be used: below this the matches EM finds
/// are as likely to be households (sharing a family name, an address and a phone) as persons.
const MIN_EXPECTED_MATCHES: f64 = 50.0;
/// Strength of the default m as a Dirichlet prior, in pseudo-matches (maximum a posteriori EM): a few
/// dozen matches cannot overturn what a field's levels mean, a few thousand can refine it freely.
const M_PRIOR_MATCHES: f64 = 100.0;
/// Bounds of m and u, so that no level is impossible.
const P_MIN: f64 = 1e-6;

impl Model {
    /// A model with default m, u estimated from sampled level counts (`u_counts[f][l]`) and the prior u, and a
    /// prior match probability.
    pub(crate) fn new(kind: Kind, fields: &[Field], u_counts: &[Vec<u64>], sampled: u64, lambda: f64) -> Model {
        let u = fields
            .iter()
            .zip(u_counts)
            .map(|(f, counts)| {
                let prior = default_u(*f);
                let total: u64 = counts[1..].iter().sum();
                let denom = total as f64 + U_PRIOR_PAIRS;
                (0..prior.len())
                    .map(|l| if l == 0 { 0.0 } else { (counts[l] as f64 + U_PRIOR_PAIRS * prior[l]) / denom })
                    .collect()
            })
            .collect();
        Model {
            kind,
            fields: fields.to_vec(),
            m: fields.iter().map(|f| default_m(*f)).collect(),
            u,
            lambda,
            fit: Fit { u_pairs_sampled: sampled, ..Fit::default() },
        }
    }

    /// The weight, log2(m/u), of level `l` of field `f` (0 for "missing").
    pub fn weight(&self, f: usize, l: usize) -> f64 {
        if l == 0 { 0.0 } else { (self.m[f][l].max(P_MIN) / self.u[f][l].max(P_MIN)).log2() }
    }

    /// The prior weight log2(λ / (1 − λ)).
    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// The match weight of a packed comparison vector, before term-frequency adjustments.
    pub(crate) fn gamma_weight(&self, gamma: u64) -> f64 {
        self.prior_weight() + (0..self.fields.len()).map(|f| self.weight(f, level_of(gamma, f))).sum::<f64>()
    }

    /// Runs EM over candidate comparison vectors `patterns` (γ, count), out of `total_pairs` pairs in all.
    pub(crate) fn fit_em(&mut self, patterns: &[(u64, u64)], total_pairs: f64, max_iter: u32, tol: f64) {
        let nf = self.fields.len();
        let em_pairs: u64 = patterns.iter().map(|p| p.1).sum();
        self.fit.em_pairs = em_pairs;
        self.fit.em_patterns = patterns.len() as u64;
        self.fit.total_pairs = total_pairs;
        if patterns.is_empty() {
            self.fit.defaults_kept = Some("no candidate pairs".into());
            return;
        }
        let start = (self.m.clone(), self.lambda);
        let prior_m: Vec<Vec<f64>> = self.fields.iter().map(|f| default_m(*f)).collect();
        let log_u: Vec<Vec<f64>> = self.u.iter().map(|u| u.iter().map(|p| p.max(P_MIN).log2()).collect()).collect();
        let mut expected = 0.0;
        for iter in 1..=max_iter {
            let log_m: Vec<Vec<f64>> = self.m.iter().map(|m| m.iter().map(|p| p.max(P_MIN).log2()).collect()).collect();
            let prior = self.prior_weight();
            let mut acc: Vec<Vec<f64>> = self.m.iter().map(|m| vec![0.0; m.len()]).collect();
            expected = 0.0;
            for &(g, count) in patterns {
                let mut w = prior;
                for f in 0..nf {
                    let l = level_of(g, f);
                    if l != 0 {
                        w += log_m[f][l] - log_u[f][l];
                    }
                }
                let p = 1.0 / (1.0 + (-w).exp2());
                let c = p * count as f64;
                expected += c;
                for (f, a) in acc.iter_mut().enumerate() {
                    a[level_of(g, f)] += c;
                }
            }
            let mut delta: f64 = 0.0;
            for (f, a) in acc.iter().enumerate() {
                let total: f64 = a[1..].iter().sum();
                if total <= 1e-9 {
                    continue;
                }
                for l in 1..a.len() {
                    let new = ((a[l] + M_PRIOR_MATCHES * prior_m[f][l]) / (total + M_PRIOR_MATCHES)).clamp(P_MIN, 1.0);
                    delta = delta.max((new - self.m[f][l]).abs());
                    self.m[f][l] = new;
                }
            }
            self.lambda = (expected / total_pairs).clamp(1e-12, 0.5);
            self.fit.em_iterations = iter;
            if delta < tol {
                self.fit.em_converged = true;
                break;
            }
        }
        self.fit.expected_matches = expected;
        // A fit in which one person's records disagree on names or birth dates more often than they agree
        // has found something else (households, employers): keep the defaults.
        let degenerate = self.fields.iter().enumerate().find(|(f, field)| {
            matches!(field, Field::GivenName | Field::FamilyName | Field::BirthDate | Field::OrgName)
                && self.m[*f][1] < *self.m[*f].last().expect("levels")
        });
        if expected < MIN_EXPECTED_MATCHES {
            self.fit.defaults_kept =
                Some(format!("EM expected only {expected:.1} matches among {em_pairs} candidate pairs"));
            (self.m, self.lambda) = start;
        } else if let Some((_, field)) = degenerate {
            self.fit.defaults_kept =
                Some(format!("EM found matches that disagree on {} more often than they agree", field.as_str()));
            (self.m, self.lambda) = start;
        }
    }
}

/// Term frequencies of the values of the adjusted fields, for the exact level's weight.
#[derive(Debug, Default)]
pub(crate) struct TermFrequencies {
    /// Per field: value hash → count, and the number of values counted.
    pub tables: Vec<(HashMap<u64, u32>, u64)>,
}

impl TermFrequencies {
    /// The u of an exact agreement on a value: its relative frequency, or `None` when unknown.
    pub fn u(&self, f: usize, hash: u64) -> Option<f64> {
        let (t, n) = self.tables.get(f)?;
        let c = *t.get(&hash)?;
        (*n > 0).then(|| f64::from(c.max(2)) / *n as f64)
    }
}
