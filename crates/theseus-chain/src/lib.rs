//! The whole trafficking chain, built on the resolved network and the alerts of the first pass.
//!
//! 1. **Network** ([`network`]): parties with typed, aggregated edges, each keeping its evidence; operations
//!    found as communities around the alerted subjects, hubs kept out.
//! 2. **Cast** ([`cast`]): a scored role hypothesis per member of each operation (recruiter, transporter,
//!    exploiter, facilitator, beneficiary, complicit business, buyer, victim) with the evidence behind it, and
//!    the non-punishment warning for victims also treated as suspects.
//! 3. **Money** ([`money`]): the proceeds traced from their sources through the accounts to where they end
//!    (first-in-first-out, last-in-first-out or pro rata), the confiscation schedule, compensation per victim
//!    and the source-and-application-of-funds statement per subject.
//! 4. **Elements** ([`elements`]): the Palermo Protocol's act, means and purpose per subject, each marked with
//!    the non-testimonial evidence that supports it, gaps shown.
//!
//! Nothing here reads ground truth.

pub mod cast;
pub mod elements;
pub mod money;
pub mod network;

pub use cast::{Cast, Member, Operation, Role, RoleHypothesis};

use serde::{Deserialize, Serialize};
use theseus_analysis::Analysis;
use theseus_analysis::parties::{Canon, Parties};
use theseus_model::{Entity, Transaction};

/// The whole chain of a case.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Chain {
    /// The operations, the parties around them and the edges between those parties.
    pub network: network::Network,
    /// Operations and roles.
    pub cast: Cast,
    /// Proceeds, their trail, the confiscation schedule, compensation and the funds statements.
    pub money: Option<money::Money>,
    /// The offence-elements matrix of every subject in an offender role.
    pub elements: Vec<elements::Matrix>,
}

/// Builds the chain from the evidence, the resolved clusters and the first-pass analysis.
pub fn build(
    transactions: &[Transaction],
    entities: &[Entity],
    clusters: &[Vec<String>],
    analysis: &Analysis,
    opts: &cast::Options,
    method: money::Method,
) -> Chain {
    let parties = Parties::build(transactions, entities, Canon::new(clusters, entities));
    build_on(transactions, entities, &parties, analysis, opts, method)
}

/// [`build`] on the parties the first pass already grouped the evidence into
/// ([`theseus_analysis::analyze_parts`]).
pub fn build_on(
    transactions: &[Transaction],
    entities: &[Entity],
    parties: &Parties<'_>,
    analysis: &Analysis,
    opts: &cast::Options,
    method: money::Method,
) -> Chain {
    let mut laps = Laps::new("chain");
    let graph = network::Graph::build(transactions, entities, parties, analysis, opts.hub_degree);
    let net = graph.around(parties, analysis);
    laps.lap("network");
    let cast = cast::infer(&net, analysis, parties, opts);
    drop(net);
    laps.lap("roles");
    // Only what the operations touch goes into the case file: the operations' members and the edges between
    // them, not the millions of ordinary customers.
    let mut keep = std::collections::BTreeSet::new();
    for op in &cast.operations {
        for m in &op.members {
            keep.insert(m.subject.clone());
        }
    }
    let network = graph.among(parties, analysis, &keep);
    drop(graph);
    laps.lap("restrict");
    let money = money::money(transactions, entities, parties, &cast, method);
    laps.lap("money");
    let elements = elements::matrices(&cast.operations, analysis);
    laps.lap("elements");
    Chain { network, cast, money: Some(money), elements }
}

/// Each stage's time on standard error when `THESEUS_CHAIN_TIMINGS` is set, for the benchmark's breakdown.
pub(crate) struct Laps {
    on: bool,
    scope: &'static str,
    clock: std::time::Instant,
}

impl Laps {
    pub(crate) fn new(scope: &'static str) -> Laps {
        Laps { on: std::env::var_os("THESEUS_CHAIN_TIMINGS").is_some(), scope, clock: std::time::Instant::now() }
    }

    /// Ends a stage: prints its time and starts the next.
    pub(crate) fn lap(&mut self, stage: &str) {
        if self.on {
            eprintln!("{}: {stage} {:.2} s", self.scope, self.clock.elapsed().as_secs_f64());
        }
        self.clock = std::time::Instant::now();
    }
}

impl Chain {
    /// Every record (transaction or entity id) the chain cites as evidence.
    pub fn cited(&self) -> impl Iterator<Item = &str> {
        let roles = self.cast.operations.iter().flat_map(|o| o.members.iter()).flat_map(|m| m.roles.iter());
        let role_records = roles.flat_map(|r| r.evidence.iter()).flat_map(|e| e.records.iter());
        let edge_records = self.network.edges.iter().flat_map(|e| e.evidence.iter());
        let element_records = self
            .elements
            .iter()
            .flat_map(|m| m.cells.iter())
            .flat_map(|c| c.evidence.iter())
            .flat_map(|e| e.records.iter());
        let money_records = self.money.iter().flat_map(|m| {
            let sources = m.sources.iter().flat_map(|s| s.transactions.iter());
            let legs = m.traces.iter().flat_map(|t| t.legs.iter()).flat_map(|l| l.transactions.iter());
            sources.chain(legs).map(String::as_str)
        });
        role_records.chain(edge_records).chain(element_records).map(String::as_str).chain(money_records)
    }
}
