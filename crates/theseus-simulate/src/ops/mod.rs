//! The trafficking operations: each kind in its own module, sharing the bookkeeping here (the operation's
//! record in the truth, members and their roles, tags on postings, where the operation is based).
//!
//! How much an operation leaves in the evidence is its *trace* level (0.1–1.0): each trace-leaving habit of
//! the typology (forwarding takings by transfer rather than handing over cash, paying ads with one's own
//! card, booking hotels by card, sharing a device or a phone with victims, banking the cash at all) happens
//! with a probability scaled by it, and careful operations prefer cash, prepaid cards, money mules and
//! crypto. Money that never touches a bank is recorded per victim in the truth as `unbanked`.

pub(crate) mod criminality;
pub(crate) mod labour;
pub(crate) mod sexual;

use chrono::NaiveDate;

use crate::catalog::{self, City};
use crate::params::{OperationKind, OperationSpec};
use crate::population::Infra;
use crate::rng::Rng;
use crate::world::{Bank, Holder, Member, OpKind, OpRecord, OpTag, World};

/// Where an operation is based: its home city, its bank and the cities it works in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Base {
    pub home: &'static City,
    pub bank: Bank,
    /// Cities where its bank has branches (deposit machines).
    pub branch_cities: &'static [&'static City],
    /// The wider circuit (partner-shop deposits anywhere).
    pub circuit: &'static [&'static City],
}

static DE_BRANCH: [&City; 7] = [
    &catalog::HAMBURG,
    &catalog::BREMEN,
    &catalog::HANNOVER,
    &catalog::KIEL,
    &catalog::BERLIN,
    &catalog::ROSTOCK,
    &catalog::OSNABRUECK,
];
static DE_WIDE: [&City; 10] = [
    &catalog::HAMBURG,
    &catalog::BREMEN,
    &catalog::HANNOVER,
    &catalog::KIEL,
    &catalog::BERLIN,
    &catalog::ROSTOCK,
    &catalog::OSNABRUECK,
    &catalog::KOELN,
    &catalog::DORTMUND,
    &catalog::FRANKFURT,
];
static AT_BRANCH: [&City; 6] =
    [&catalog::WIEN, &catalog::GRAZ, &catalog::LINZ, &catalog::SALZBURG, &catalog::INNSBRUCK, &catalog::ST_POELTEN];
static AT_WIDE: [&City; 7] = [
    &catalog::WIEN,
    &catalog::GRAZ,
    &catalog::LINZ,
    &catalog::SALZBURG,
    &catalog::INNSBRUCK,
    &catalog::ST_POELTEN,
    &catalog::KLAGENFURT,
];

impl Base {
    /// Germany, from Hamburg, banking at Nordbank.
    pub(crate) fn germany(home: &'static City) -> Base {
        Base { home, bank: Bank::Nordbank, branch_cities: &DE_BRANCH, circuit: &DE_WIDE }
    }

    /// Austria, from Vienna, banking at Danube Savings.
    pub(crate) fn austria(home: &'static City) -> Base {
        Base { home, bank: Bank::Danube, branch_cities: &AT_BRANCH, circuit: &AT_WIDE }
    }

    /// The base of the `i`-th operation: alternating Germany and Austria when Danube is in the evidence,
    /// with varying home cities.
    pub(crate) fn pick(i: usize, danube: bool) -> Base {
        static DE_HOMES: [&City; 4] = [&catalog::HAMBURG, &catalog::BREMEN, &catalog::HANNOVER, &catalog::BERLIN];
        static AT_HOMES: [&City; 3] = [&catalog::WIEN, &catalog::GRAZ, &catalog::LINZ];
        if danube && i % 2 == 1 {
            Base::austria(AT_HOMES[(i / 2) % AT_HOMES.len()])
        } else {
            Base::germany(DE_HOMES[(i / 2) % DE_HOMES.len()])
        }
    }
}

/// The operation being built: its index, spec and stream.
pub(crate) struct Op {
    pub i: usize,
    pub trace: f64,
    pub victims: usize,
    pub organised: bool,
    pub base: Base,
    /// First day of activity.
    pub start: NaiveDate,
}

impl Op {
    /// A posting tag.
    pub(crate) fn tag(&self, what: &'static str) -> Option<OpTag> {
        Some(OpTag { op: self.i as u16, what, victim: None, asset: None })
    }

    /// A posting tag naming the victim whose exploitation produced the money.
    pub(crate) fn vtag(&self, what: &'static str, v: usize) -> Option<OpTag> {
        Some(OpTag { op: self.i as u16, what, victim: Some(v), asset: None })
    }

    /// A posting tag for an asset purchase.
    pub(crate) fn atag(&self, asset: usize) -> Option<OpTag> {
        Some(OpTag { op: self.i as u16, what: "asset_purchase", victim: None, asset: Some(asset) })
    }

    /// Whether a trace-leaving habit happens this time (probability `p` × trace level).
    pub(crate) fn leaves(&self, rng: &mut Rng, p: f64) -> bool {
        rng.chance(p * self.trace)
    }

    /// Adds a member.
    pub(crate) fn member(&self, world: &mut World, role: &'static str, holder: Holder, note: &'static str) {
        world.members.push(Member { op: self.i, role, holder, note });
    }
}

/// Injects all operations of the parameters.
pub(crate) fn inject(world: &mut World, seed: u64, infra: &Infra, specs: &[OperationSpec], danube: bool) {
    for (i, spec) in specs.iter().enumerate() {
        let mut rng = Rng::derive_indexed(seed, "operation", i as u64);
        let rng = &mut rng;
        let kind = match spec.kind {
            OperationKind::SexualExploitation => OpKind::Sexual,
            OperationKind::LabourExploitation => OpKind::Labour,
            OperationKind::ForcedCriminality => OpKind::Criminality,
        };
        let victims = spec.victims.max(1);
        let size = if !spec.organised {
            "lone"
        } else if victims < 6 {
            "small_group"
        } else {
            "organised"
        };
        world.ops.push(OpRecord {
            kind,
            size,
            trace: spec.trace.clamp(0.1, 1.0),
            sector: "",
            summary: String::new(),
            victims: vec![],
            identifiers: vec![],
            unbanked: vec![],
            wallets: vec![],
        });
        // The first operation starts early (the demo's starts in the second week of January); later ones
        // anywhere in the first quarter of the period.
        let start = if i == 0 {
            world.start() + chrono::Duration::days(rng.int(9, 11))
        } else {
            world.period.at_fraction(rng.f64() * 0.25)
        };
        let op = Op {
            i,
            trace: spec.trace.clamp(0.1, 1.0),
            victims,
            organised: spec.organised,
            base: Base::pick(i, danube),
            start,
        };
        match kind {
            OpKind::Sexual => sexual::inject(world, rng, infra, &op),
            OpKind::Labour => labour::inject(world, rng, infra, &op),
            OpKind::Criminality => criminality::inject(world, rng, infra, &op),
        }
    }
}
