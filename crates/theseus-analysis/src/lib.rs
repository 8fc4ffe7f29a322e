//! First-pass analysis of a workspace's evidence.
//!
//! Four steps, each behind its own seam so that later work can replace one without touching the others:
//!
//! 1. **Parties** ([`parties`]): statement accounts are tied to registry entities (an FtM `Ownership` of a
//!    `BankAccount` with the same IBAN, else a unique name match, which is said to be weaker).
//! 2. **Links** ([`links`]): entities that share a strong identifier (phone, e-mail, IBAN, document number,
//!    crypto address) are linked, except through hub identifiers that too many parties share.
//! 3. **Indicators** ([`indicators`]): a handful of the financial red flags of `INDICATORS.md`, each one
//!    [`indicators::Indicator`] implementation over one account's transactions.
//! 4. **Scoring** ([`score`]): weighted combination of distinct indicators per subject, never one flag alone,
//!    plus corroboration from linked subjects; role hypotheses and the victim warning.
//!
//! Nothing here reads ground truth: thresholds are the documented defaults of [`Config`].

pub mod config;
pub mod indicators;
pub mod links;
pub mod output;
pub mod parties;
pub mod score;

use theseus_model::{Entity, Transaction};

pub use config::Config;
pub use output::Analysis;

/// Runs the whole first pass, each entity on its own.
pub fn analyze(transactions: &[Transaction], entities: &[Entity], config: &Config) -> Analysis {
    analyze_resolved(transactions, entities, config, &[])
}

/// Runs the whole first pass on resolved entities: `clusters` lists the entity ids that entity resolution
/// found to be one person or organisation (a registry record, a subscriber record, a goAML party…); each
/// cluster is one subject.
pub fn analyze_resolved(
    transactions: &[Transaction],
    entities: &[Entity],
    config: &Config,
    clusters: &[Vec<String>],
) -> Analysis {
    let canon = parties::Canon::new(clusters, entities);
    let parties = parties::Parties::build(transactions, entities, canon);
    let links = links::Links::build(entities, &parties, config);
    let hits = indicators::run_all(&parties, &links, config);
    score::assemble(transactions, entities, &parties, &links, hits, config)
}
