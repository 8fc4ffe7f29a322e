//! The money trail: proceeds identified where they were taken, traced through the accounts to where they
//! end, and what a court needs from that — the confiscation schedule, compensation per victim and a
//! source-and-application-of-funds statement per offender.
//!
//! 1. **Sources** ([`Source`]): what the operation took, item by item, each with its transaction ids and the
//!    victim it came from where the records say so — earnings a victim moved to an offender, wages a
//!    business paid to an offender naming the worker, recruitment fees, cash paid into an offender's account,
//!    a victim's benefits withdrawn in cash, buyers paying an offender directly.
//! 2. **Tracing** ([`Trace`]): every account that receives proceeds is followed posting by posting in time
//!    order with the chosen [`Method`]. An account holds clean money and tainted money from any number of
//!    sources; an outflow takes first-in-first-out, last-in-first-out or a proportional share of each. An
//!    account's clean money at the moment proceeds first arrive is its statement balance then, so tainted
//!    money can never exceed what the account held (the lowest-intermediate-balance rule comes for free:
//!    once a balance runs down, what it held is gone). Transfers to another statement account are followed
//!    there; everything else is an end: cash, abroad, an account without a statement, an asset, spending.
//! 3. **Confiscation** ([`AssetGroup`]), **compensation** ([`Compensation`]) and the **funds statement**
//!    ([`FundsStatement`]) are read off the sources and the traced flows.
//!
//! Only accounts reached by proceeds are walked, from the moment they are reached, so the cost follows the
//! operations, not the size of the evidence.

mod assets;
mod sof;
mod sources;
#[cfg(test)]
mod tests;
mod trace;

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde::{Deserialize, Serialize};
use theseus_analysis::parties::{Account, Parties};
use theseus_model::{Channel, Direction, Entity, Transaction};

pub use assets::{AssetGroup, AssetItem, AssetType};
pub use sof::{FundsLine, FundsStatement};

use crate::cast::Evidence;
use crate::{Cast, Role};

/// How tainted money is followed through an account that also holds clean money.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// First in, first out: an outflow spends the oldest money on the account first.
    #[default]
    Fifo,
    /// Last in, first out: an outflow spends the newest money first.
    Lifo,
    /// Pro rata: every outflow carries each source in proportion to its share of the balance.
    ProRata,
}

impl Method {
    /// Every method.
    pub const ALL: [Method; 3] = [Method::Fifo, Method::Lifo, Method::ProRata];

    /// The method's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Fifo => "fifo",
            Method::Lifo => "lifo",
            Method::ProRata => "pro_rata",
        }
    }

    /// Parses the word (`fifo`, `lifo`, `pro_rata` or `prorata`).
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "fifo" => Some(Method::Fifo),
            "lifo" => Some(Method::Lifo),
            "pro_rata" | "prorata" | "proportional" => Some(Method::ProRata),
            _ => None,
        }
    }
}

/// What a proceeds item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A victim's money moved from the victim's account to an offender (earnings handed over, wages paid back).
    VictimTransfer,
    /// A fee a victim paid to a recruiter or an agency of the operation.
    RecruitmentFee,
    /// A worker's wage paid by a business of the operation to an offender instead of the worker.
    WageDiverted,
    /// Cash paid into an offender's account: takings handed over in cash, not attributable to one victim.
    CashDeposit,
    /// A victim's benefit withdrawn in cash from the victim's account, which the operation controls.
    BenefitWithdrawn,
    /// A buyer paying an offender directly.
    BuyerPayment,
}

impl SourceKind {
    /// The kind's word.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::VictimTransfer => "victim_transfer",
            SourceKind::RecruitmentFee => "recruitment_fee",
            SourceKind::WageDiverted => "wage_diverted",
            SourceKind::CashDeposit => "cash_deposit",
            SourceKind::BenefitWithdrawn => "benefit_withdrawn",
            SourceKind::BuyerPayment => "buyer_payment",
        }
    }
}

/// Where traced money ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// Withdrawn in cash.
    Cash,
    /// Sent abroad (the counterparty's country differs from the account's).
    Abroad,
    /// Sent to an account whose statement is not in the evidence (or whose credit could not be found in it).
    NoStatement,
    /// Paid for an asset of the confiscation schedule.
    Asset,
    /// Paid to a crypto-asset exchange or wallet.
    VirtualCurrency,
    /// Spent: card payments, direct debits, fees, payments without a counterparty account.
    Spending,
    /// Paid into the statement account of an institution or large business outside the cast (thousands of
    /// postings: an insurer, a utility, a chain store): payment for goods or services, not followed further.
    Institution,
    /// Paid to a victim (advances, upkeep): out of the offenders' hands.
    ToVictim,
    /// Paid into an account where the payment itself is a proceeds item (a business paying a diverted wage);
    /// counted there, so not again.
    Recycled,
    /// Still on the account at the end of its statement.
    OnAccount,
}

impl End {
    /// Every end, in the order reports list them.
    pub const ALL: [End; 10] = [
        End::Cash,
        End::Abroad,
        End::NoStatement,
        End::Asset,
        End::VirtualCurrency,
        End::Spending,
        End::Institution,
        End::ToVictim,
        End::Recycled,
        End::OnAccount,
    ];

    /// The end's word.
    pub fn as_str(self) -> &'static str {
        match self {
            End::Cash => "cash",
            End::Abroad => "abroad",
            End::NoStatement => "no_statement",
            End::Asset => "asset",
            End::VirtualCurrency => "virtual_currency",
            End::Spending => "spending",
            End::Institution => "institution",
            End::ToVictim => "to_victim",
            End::Recycled => "recycled",
            End::OnAccount => "on_account",
        }
    }
}

/// One proceeds item, where the operation took it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// `P-1`, `P-2`… in the order found.
    pub id: String,
    /// The operation (cast id).
    pub operation: String,
    /// What it is.
    pub kind: SourceKind,
    /// Amount, in the account's currency.
    pub amount: Decimal,
    /// Booking date.
    pub date: chrono::NaiveDate,
    /// The offender (subject id) who received it.
    pub offender: String,
    /// The statement account it entered; absent when it went to an account without a statement here or was
    /// taken in cash.
    pub account: Option<String>,
    /// The account it was paid to (with or without a statement), when a transfer.
    pub paid_to: Option<String>,
    /// The victim (subject id) it came from, when the records name one.
    pub victim: Option<String>,
    /// When the records narrow the victim down to several (namesakes the memo cannot tell apart): their
    /// subject ids; compensation shares the item among them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_by: Vec<String>,
    /// The transaction ids that show it: the victim's debit and the offender's credit when both are here.
    pub transactions: Vec<String>,
    /// What the records show, in a sentence.
    pub what: String,
}

/// One step of a traced source: tainted money from `from` to another account or to an end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leg {
    /// The account it left (for a source that ended where it was taken: the victim's account, if any).
    pub from: Option<String>,
    /// The statement account it went to, when followed further.
    pub to: Option<String>,
    /// Where it ended, when not followed further.
    pub end: Option<End>,
    /// Tainted amount of this source on this leg.
    pub amount: Decimal,
    /// Number of postings on this leg.
    pub postings: usize,
    /// Transaction ids of the largest postings (up to five).
    pub transactions: Vec<String>,
}

/// The traced path of one source: its legs, which together form the tree of where the money went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// The source id.
    pub source: String,
    /// Legs, largest first.
    pub legs: Vec<Leg>,
}

/// An outflow carrying tainted money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaintedPosting {
    /// Transaction id.
    pub transaction: String,
    /// Statement account.
    pub account: String,
    /// Booking date.
    pub date: chrono::NaiveDate,
    /// The posting's amount.
    pub amount: Decimal,
    /// Of which tainted, under the method.
    pub tainted: Decimal,
    /// The counterparty as the statement gives it: account, else name, else merchant.
    pub counterparty: Option<String>,
    /// The statement account it went to, when followed.
    pub to: Option<String>,
    /// Where it ended, when not followed.
    pub end: Option<End>,
}

/// Proceeds of one offender within an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OffenderMoney {
    /// Subject id.
    pub subject: String,
    /// Display name.
    pub name: String,
    /// Leading role in the cast.
    pub role: Option<Role>,
    /// Proceeds items received directly.
    pub proceeds: Decimal,
    /// The same, by kind.
    pub by_kind: BTreeMap<SourceKind, Decimal>,
    /// Tainted money received from other traced accounts.
    pub received: Decimal,
    /// Tainted money passed on to other traced accounts.
    pub passed_on: Decimal,
    /// Where tainted money on this offender's accounts ended.
    pub ends: BTreeMap<End, Decimal>,
}

/// Proceeds of one operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationMoney {
    /// Operation id (cast).
    pub operation: String,
    /// Sum of its proceeds items.
    pub proceeds: Decimal,
    /// The same, by kind.
    pub by_kind: BTreeMap<SourceKind, Decimal>,
    /// Number of proceeds items.
    pub sources: usize,
    /// Where its proceeds ended, under the method (sums to `proceeds`, plus `recycled`).
    pub ends: BTreeMap<End, Decimal>,
    /// Its offenders that hold or held proceeds.
    pub offenders: Vec<OffenderMoney>,
}

/// What was taken from one victim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compensation {
    /// Operation id.
    pub operation: String,
    /// Victim subject id.
    pub victim: String,
    /// Display name.
    pub name: String,
    /// Items the records attribute to this victim.
    pub attributed: Decimal,
    /// This victim's equal share of items no record attributes to one victim (cash paid in, wages or buyers'
    /// payments without a name), said so in `note`.
    pub shared: Decimal,
    /// `attributed + shared`.
    pub total: Decimal,
    /// The total by kind.
    pub by_kind: BTreeMap<SourceKind, Decimal>,
    /// The attributed items' transaction ids, and the shared items' basis.
    pub evidence: Vec<Evidence>,
    /// How the shared part was estimated, when there is one.
    pub note: Option<String>,
}

/// The money trail of the whole cast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    /// The tracing method used.
    pub method: Method,
    /// Per operation: proceeds, ends, offenders.
    pub operations: Vec<OperationMoney>,
    /// Every proceeds item.
    pub sources: Vec<Source>,
    /// The traced path of each item, in the order of `sources`.
    pub traces: Vec<Trace>,
    /// Every outflow that carried tainted money.
    pub tainted: Vec<TaintedPosting>,
    /// The confiscation schedule, by asset type.
    pub confiscation: Vec<AssetGroup>,
    /// Compensation per victim.
    pub compensation: Vec<Compensation>,
    /// Source and application of funds per offender.
    pub funds: Vec<FundsStatement>,
    /// What the reader should know about the figures.
    pub notes: Vec<String>,
}

/// Statement accounts by position, for the tracing's dense indices.
pub(crate) struct Index<'a> {
    pub parties: &'a Parties<'a>,
    pub accts: Vec<&'a Account<'a>>,
    pub pos: HashMap<&'a str, usize>,
}

impl<'a> Index<'a> {
    fn new(parties: &'a Parties<'a>) -> Index<'a> {
        let accts: Vec<&Account> = parties.accounts.values().collect();
        let pos = accts.iter().enumerate().map(|(i, a)| (a.number.as_str(), i)).collect();
        Index { parties, accts, pos }
    }

    pub fn txn(&self, a: usize, k: usize) -> &'a Transaction {
        self.accts[a].txns.at(k)
    }

    /// The account's country from its IBAN, when it is one.
    pub fn country(&self, a: usize) -> Option<&'a str> {
        iban_country(&self.accts[a].number)
    }
}

/// The country prefix of an IBAN-looking account number.
pub(crate) fn iban_country(number: &str) -> Option<&str> {
    let b = number.as_bytes();
    (b.len() >= 15 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() && b[2].is_ascii_digit())
        .then(|| &number[..2])
}

/// Whether a posting leaves to another country than the account's.
pub(crate) fn is_abroad(home: Option<&str>, t: &Transaction) -> bool {
    let Some(home) = home else { return false };
    if let Some(c) = t.cpty_country.as_deref()
        && !c.is_empty()
    {
        return !c.eq_ignore_ascii_case(home);
    }
    t.cpty_account.as_deref().and_then(iban_country).is_some_and(|c| c != home)
}

pub(crate) fn is_cash(t: &Transaction) -> bool {
    matches!(t.channel, Channel::Cash | Channel::Atm)
}

pub(crate) fn lower(s: &Option<String>) -> String {
    s.as_deref().unwrap_or_default().to_lowercase()
}

/// Whether `text` (lowercase) contains any of `words`.
pub(crate) fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Words of a payment to a crypto-asset exchange.
pub(crate) const CRYPTO_WORDS: &[&str] =
    &["bitcoin", "crypto", "krypto", "bitpanda", "coinbase", "kraken", "binance", "bitstamp", "exchange", "wallet"];

pub(crate) fn is_crypto(t: &Transaction) -> bool {
    t.channel == Channel::Crypto || has_any(&lower(&t.cpty_name), CRYPTO_WORDS)
}

pub(crate) fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

pub(crate) fn dec(x: f64) -> Decimal {
    let mut d = Decimal::from_f64(x).unwrap_or_default().round_dp(2);
    // No "-0" in the output; always two decimals.
    if d.is_zero() {
        d = Decimal::ZERO;
    }
    d.rescale(2);
    d
}

pub(crate) fn is_credit(t: &Transaction) -> bool {
    t.direction == Direction::Credit
}

/// Accounts of victims of any operation: money paid into them is out of the offenders' hands.
fn victim_accounts(cast: &Cast) -> HashSet<&str> {
    cast.operations
        .iter()
        .flat_map(|op| op.members.iter())
        .filter(|m| m.role() == Some(Role::Victim))
        .flat_map(|m| m.accounts.iter().map(String::as_str))
        .collect()
}

/// The money trail of `cast`: proceeds, their tracing with `method`, the confiscation schedule, compensation
/// and the funds statements. `parties` is built from the transactions (`_txns`, read through `parties`, which
/// holds them by account) and `entities`; the cast's member accounts are statement accounts of `parties`.
/// Only accounts reached by proceeds are walked, so the cost follows the operations, not the evidence.
pub fn money(_txns: &[Transaction], entities: &[Entity], parties: &Parties, cast: &Cast, method: Method) -> Money {
    let ix = Index::new(parties);
    let mut notes = vec![];
    let found = sources::find(&ix, cast);
    let purchases = assets::purchases(&ix, entities, cast);
    let asset_postings: HashSet<(usize, usize)> = purchases.iter().flat_map(|p| p.payments.iter().copied()).collect();
    let victim_accounts: HashSet<usize> = victim_accounts(cast).iter().filter_map(|a| ix.pos.get(a).copied()).collect();
    let member_accounts: HashSet<usize> = cast
        .operations
        .iter()
        .flat_map(|op| op.members.iter())
        .flat_map(|m| m.accounts.iter().filter_map(|a| ix.pos.get(a.as_str()).copied()))
        .collect();
    let traced = trace::run(&ix, &found, &asset_postings, &victim_accounts, &member_accounts, method);

    let sources: Vec<Source> = found.iter().map(|f| f.source.clone()).collect();
    let traces = traced.traces(&ix, &found);
    let tainted = traced.tainted_postings(&ix);
    let operations = summarise(&ix, cast, &found, &traced);
    let compensation = compensation(cast, &found);
    let confiscation = assets::schedule(&ix, entities, cast, &purchases, &found, &traced);
    let funds = sof::statements(&ix, cast, &found, &asset_postings);

    // Only the accounts the trail touches matter for the currency.
    let touched: HashSet<usize> = found
        .iter()
        .filter_map(|x| x.entry.map(|e| e.0).or(x.from))
        .chain(traced.outflows.keys().map(|k| k.0 as usize))
        .collect();
    let mut currencies = touched.iter().flat_map(|&a| ix.accts[a].txns.first()).map(|t| t.currency);
    let first = currencies.next();
    if currencies.any(|c| Some(c) != first) {
        notes.push(
            "The statements hold more than one currency; amounts are added as booked, without conversion.".into(),
        );
    }
    notes.push(format!(
        "Traced {} (balance-based: an account's clean money when proceeds first reach it is its balance then).",
        match method {
            Method::Fifo => "first in, first out",
            Method::Lifo => "last in, first out",
            Method::ProRata => "pro rata",
        }
    ));
    if found.iter().any(|f| f.source.kind == SourceKind::CashDeposit) {
        notes.push(
            "Cash paid into offenders' accounts is proceeds the records cannot attribute to one victim; compensation \
             splits it equally among the operation's victims."
                .into(),
        );
    }
    Money { method, operations, sources, traces, tainted, confiscation, compensation, funds, notes }
}

/// Per operation and per offender: proceeds and where they ended.
fn summarise(ix: &Index, cast: &Cast, found: &[sources::Found], traced: &trace::Traced) -> Vec<OperationMoney> {
    let op_pos: HashMap<&str, usize> = cast.operations.iter().enumerate().map(|(i, o)| (o.id.as_str(), i)).collect();
    let mut out: Vec<OperationMoney> = cast
        .operations
        .iter()
        .map(|o| OperationMoney {
            operation: o.id.clone(),
            proceeds: Decimal::ZERO,
            by_kind: BTreeMap::new(),
            sources: 0,
            ends: BTreeMap::new(),
            offenders: vec![],
        })
        .collect();
    // Per operation, per member: sums in f64, rounded once.
    type Acc = (f64, BTreeMap<SourceKind, f64>, f64, f64, BTreeMap<End, f64>);
    let mut per: Vec<HashMap<usize, Acc>> = vec![HashMap::new(); cast.operations.len()];
    let mut op_ends: Vec<BTreeMap<End, f64>> = vec![BTreeMap::new(); cast.operations.len()];
    // Per operation: member by statement account (first listed wins).
    let holders: Vec<HashMap<usize, usize>> = cast
        .operations
        .iter()
        .map(|op| {
            let mut h = HashMap::new();
            for (mi, m) in op.members.iter().enumerate() {
                for a in m.accounts.iter().filter_map(|a| ix.pos.get(a.as_str())) {
                    h.entry(*a).or_insert(mi);
                }
            }
            h
        })
        .collect();
    let member_of = |oi: usize, account: Option<usize>, subject: &str| -> Option<usize> {
        if let Some(m) = account.and_then(|a| holders[oi].get(&a)) {
            return Some(*m);
        }
        cast.operations[oi].members.iter().position(|m| m.subject == subject)
    };
    for (s, fnd) in found.iter().enumerate() {
        let Some(&oi) = op_pos.get(fnd.source.operation.as_str()) else { continue };
        let o = &mut out[oi];
        let amount = f(fnd.source.amount);
        o.sources += 1;
        *o.by_kind.entry(fnd.source.kind).or_default() += fnd.source.amount;
        o.proceeds += fnd.source.amount;
        if let Some(m) = member_of(oi, fnd.entry.map(|e| e.0), &fnd.source.offender) {
            let acc = per[oi].entry(m).or_default();
            acc.0 += amount;
            *acc.1.entry(fnd.source.kind).or_default() += amount;
        }
        for (&(from, dest), leg) in &traced.legs[s] {
            let from_member = (from != trace::NONE).then(|| member_of(oi, Some(from as usize), "")).flatten();
            match dest {
                trace::Dest::End(e) => {
                    *op_ends[oi].entry(e).or_default() += leg.amount;
                    let m = from_member.or_else(|| member_of(oi, None, &fnd.source.offender));
                    if let Some(m) = m {
                        *per[oi].entry(m).or_default().4.entry(e).or_default() += leg.amount;
                    }
                }
                trace::Dest::Acct(to) => {
                    if let Some(m) = from_member {
                        per[oi].entry(m).or_default().3 += leg.amount;
                    }
                    if let Some(m) = member_of(oi, Some(to as usize), "") {
                        per[oi].entry(m).or_default().2 += leg.amount;
                    }
                }
            }
        }
    }
    for (oi, o) in out.iter_mut().enumerate() {
        o.ends = op_ends[oi].iter().map(|(k, v)| (*k, dec(*v))).collect();
        let op = &cast.operations[oi];
        let mut members: Vec<(&usize, &Acc)> = per[oi].iter().collect();
        members.sort_by_key(|(m, _)| **m);
        for (&m, acc) in members {
            let mem = &op.members[m];
            if !mem.role().is_some_and(Role::is_offender) {
                continue;
            }
            o.offenders.push(OffenderMoney {
                subject: mem.subject.clone(),
                name: mem.name.clone(),
                role: mem.role(),
                proceeds: dec(acc.0),
                by_kind: acc.1.iter().map(|(k, v)| (*k, dec(*v))).collect(),
                received: dec(acc.2),
                passed_on: dec(acc.3),
                ends: acc.4.iter().map(|(k, v)| (*k, dec(*v))).collect(),
            });
        }
    }
    out
}

/// Per victim: the items attributed to them, and an equal share of those attributed to no one.
fn compensation(cast: &Cast, found: &[sources::Found]) -> Vec<Compensation> {
    let mut out = vec![];
    for op in &cast.operations {
        let victims: Vec<&crate::Member> = op.members.iter().filter(|m| m.role() == Some(Role::Victim)).collect();
        if victims.is_empty() {
            continue;
        }
        let items: Vec<&Source> = found.iter().map(|f| &f.source).filter(|s| s.operation == op.id).collect();
        // Items of no one victim: shared by the namesakes the records narrow them to, else by all victims.
        let unattributed: Vec<&&Source> = items.iter().filter(|s| s.victim.is_none()).collect();
        let n = Decimal::from(victims.len());
        for v in victims {
            let mine: Vec<&&Source> =
                items.iter().filter(|s| s.victim.as_deref() == Some(v.subject.as_str())).collect();
            let shares: Vec<(&&Source, Decimal)> = unattributed
                .iter()
                .filter_map(|s| {
                    if s.shared_by.is_empty() {
                        Some((*s, s.amount / n))
                    } else if s.shared_by.contains(&v.subject) {
                        Some((*s, s.amount / Decimal::from(s.shared_by.len())))
                    } else {
                        None
                    }
                })
                .collect();
            let pool: Decimal = shares.iter().map(|x| x.0.amount).sum();
            let mut by_kind: BTreeMap<SourceKind, Decimal> = BTreeMap::new();
            for s in &mine {
                *by_kind.entry(s.kind).or_default() += s.amount;
            }
            for (s, share) in &shares {
                *by_kind.entry(s.kind).or_default() += *share;
            }
            for x in by_kind.values_mut() {
                *x = x.round_dp(2);
            }
            let attributed: Decimal = mine.iter().map(|s| s.amount).sum();
            let shared = shares.iter().map(|x| x.1).sum::<Decimal>().round_dp(2);
            let mut evidence = vec![];
            if !mine.is_empty() {
                evidence.push(Evidence {
                    what: format!("{} payments taken from {}, {}", mine.len(), v.name, attributed.round_dp(2)),
                    records: mine.iter().flat_map(|s| s.transactions.iter().cloned()).collect(),
                });
            }
            let note = (!shares.is_empty()).then(|| {
                format!(
                    "{shared} is an equal share of {} items of {} that no record attributes to one victim (cash \
                     paid in, payments without a name: shared by all {n} victims; a name several victims bear: \
                     shared by them).",
                    shares.len(),
                    pool.round_dp(2)
                )
            });
            if !shares.is_empty() {
                evidence.push(Evidence {
                    what: "items shared equally among the victims they may have come from".into(),
                    records: shares.iter().flat_map(|s| s.0.transactions.iter().cloned()).collect(),
                });
            }
            out.push(Compensation {
                operation: op.id.clone(),
                victim: v.subject.clone(),
                name: v.name.clone(),
                attributed: attributed.round_dp(2),
                shared,
                total: (attributed + shared).round_dp(2),
                by_kind,
                evidence,
                note,
            });
        }
    }
    out
}
