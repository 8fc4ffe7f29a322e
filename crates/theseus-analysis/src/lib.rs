//! First-pass analysis of a workspace's evidence.
//!
//! Four steps, each behind its own seam so that later work can replace one without touching the others:
//!
//! 1. **Parties** ([`parties`]): statement accounts are tied to registry entities (an FtM `Ownership` of a
//!    `BankAccount` with the same IBAN, else a unique name match, which is said to be weaker).
//! 2. **Links** ([`links`]): entities that share a strong identifier (phone, e-mail, IBAN, document number,
//!    crypto address) are linked, except through hub identifiers that too many parties share.
//! 3. **Rules** ([`rules`]): the financial red flags of `INDICATORS.md`, one [`rules::Rule`] per file, with
//!    their thresholds in the rule pack ([`Config`]); plus the user's own rules ([`custom`]).
//! 4. **Scoring** ([`score`], [`typology`]): rules roll up into typologies per subject and time window, never one
//!    flag alone, plus corroboration from linked subjects; role hypotheses and the victim warning.
//! 5. **Bridge** ([`bridge`]): ad-site posting fees matched to card debits, and flagged ads' contacts matched
//!    to person and organisation records, as edges of the network.
//!
//! Nothing here reads ground truth: thresholds are the documented defaults of [`Config`].

pub mod bridge;
pub mod config;
pub mod custom;
pub mod links;
pub mod output;
pub mod parties;
pub mod reference;
pub mod rules;
pub mod score;
pub mod typology;

use theseus_model::{Entity, Transaction};

pub use config::Config;
pub use output::Analysis;

/// Runs the whole first pass, each entity on its own.
pub fn analyze(transactions: &[Transaction], entities: &[Entity], config: &Config) -> Analysis {
    analyze_resolved(transactions, entities, config, &[])
}

/// Screens the transactions with the rule pack and nothing else (no scoring, network or sources): the part of
/// an analysis whose speed the screening benchmark measures. Returns the raw hits and the notices.
pub fn screen(transactions: &[Transaction], entities: &[Entity], config: &Config) -> (Vec<rules::RawHit>, Vec<String>) {
    let parties = parties::Parties::build(transactions, entities, parties::Canon::default());
    screen_parties(transactions, entities, &parties, config)
}

/// [`screen`] on parties already built: the rule pack alone, for the benchmark that times the grouping into
/// accounts apart from the rules.
pub fn screen_parties(
    transactions: &[Transaction],
    entities: &[Entity],
    parties: &parties::Parties<'_>,
    config: &Config,
) -> (Vec<rules::RawHit>, Vec<String>) {
    let timings = std::env::var_os("THESEUS_RULE_TIMINGS").is_some();
    let started = std::time::Instant::now();
    let links = links::Links::build(entities, parties, config);
    if timings {
        eprintln!("links {:.3} s", started.elapsed().as_secs_f64());
    }
    let ads = ad_analysis(entities);
    rules::run_all(transactions, entities, parties, &links, ads.as_ref(), config)
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
    analyze_parts(transactions, entities, config, clusters).0
}

/// [`analyze_resolved`], returning also the parties it grouped the evidence into, so that later stages (the
/// chain) reuse them rather than group millions of transactions again.
pub fn analyze_parts<'a>(
    transactions: &'a [Transaction],
    entities: &'a [Entity],
    config: &Config,
    clusters: &[Vec<String>],
) -> (Analysis, parties::Parties<'a>) {
    let parties = parties::Parties::build(transactions, entities, parties::Canon::new(clusters, entities));
    analyze_grouped(transactions, entities, parties, config)
}

/// [`analyze_parts`] with the transactions' columns at hand, as
/// the store loads them (`Workspace::transactions_and_columns`).
pub fn analyze_columns<'a>(
    transactions: &'a [Transaction],
    columns: &'a theseus_model::columns::Columns,
    entities: &'a [Entity],
    config: &Config,
    clusters: &[Vec<String>],
) -> (Analysis, parties::Parties<'a>) {
    let canon = parties::Canon::new(clusters, entities);
    let parties = parties::Parties::build_with(transactions, columns, entities, canon);
    analyze_grouped(transactions, entities, parties, config)
}

/// The analysis of transactions grouped into parties.
fn analyze_grouped<'a>(
    transactions: &'a [Transaction],
    entities: &'a [Entity],
    parties: parties::Parties<'a>,
    config: &Config,
) -> (Analysis, parties::Parties<'a>) {
    let links = links::Links::build(entities, &parties, config);
    // The ad analysis runs once; the ad rule, the bridge and the report's movement charts share it.
    let ads = ad_analysis(entities);
    let (hits, notices) = rules::run_all(transactions, entities, &parties, &links, ads.as_ref(), config);
    let ad_operations = ads.as_ref().map(ad_operations).unwrap_or_default();
    let mut a = score::assemble(transactions, entities, &parties, &links, hits, config);
    bridge::run(&mut a, transactions, entities, &parties, &links, ads.as_ref(), config);
    a.notices.extend(notices);
    a.ad_operations = ad_operations;
    (a, parties)
}

/// The workspace's ads analysed (extraction, indicators, operations), or `None` when it holds no ads.
fn ad_analysis(entities: &[Entity]) -> Option<theseus_ads::AdAnalysis> {
    entities
        .iter()
        .any(|e| e.schema == theseus_model::entity::ADVERTISEMENT)
        .then(|| theseus_ads::analyze(entities, &theseus_ads::Config::default()))
}

/// The ad operations worth showing: those of two ads or more, alerted first, then by score.
fn ad_operations(ads: &theseus_ads::AdAnalysis) -> Vec<output::AdOperation> {
    let mut out: Vec<output::AdOperation> = ads
        .operations
        .iter()
        .filter(|o| o.ads.len() >= 2)
        .map(|o| output::AdOperation {
            id: o.id.clone(),
            ads: o.ads.clone(),
            posters: o.posters.clone(),
            identifiers: o.identifiers.iter().map(|i| format!("{}:{}", i.kind, i.value)).collect(),
            score: o.score,
            alert: o.alert,
            signals: o.signals.iter().map(|s| s.detail.clone()).collect(),
            timeline: o.timeline.iter().map(|t| (t.city.clone(), t.first.clone(), t.last.clone(), t.ads)).collect(),
        })
        .collect();
    out.sort_by(|a, b| b.alert.cmp(&a.alert).then(b.score.total_cmp(&a.score)).then(a.id.cmp(&b.id)));
    out
}
