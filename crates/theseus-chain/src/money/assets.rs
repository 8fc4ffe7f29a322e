//! The confiscation schedule: what the offenders own, what it cost, which payments bought it and how much
//! of those payments was proceeds.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use theseus_model::{Entity, normalize};

use super::sources::Found;
use super::trace::{Dest, Traced};
use super::{End, Index, dec, f, has_any, is_credit, lower};
use crate::cast::Evidence;
use crate::{Cast, Role};

/// The asset types of a confiscation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetType {
    /// Land, houses, flats.
    RealProperty,
    /// Cars, vans, boats, aircraft.
    Vehicles,
    /// Cash withdrawn from proceeds.
    Cash,
    /// Balances of bank and investment accounts.
    BankAccounts,
    /// Companies the offenders own or run that handled proceeds.
    BusinessEntities,
    /// Licences and permits.
    Licences,
    /// Website domains.
    WebsiteDomains,
    /// Crypto-asset wallets and money sent to exchanges.
    VirtualCurrency,
}

impl AssetType {
    /// Every type, in the order of the schedule.
    pub const ALL: [AssetType; 8] = [
        AssetType::RealProperty,
        AssetType::Vehicles,
        AssetType::Cash,
        AssetType::BankAccounts,
        AssetType::BusinessEntities,
        AssetType::Licences,
        AssetType::WebsiteDomains,
        AssetType::VirtualCurrency,
    ];
}

/// One asset of the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetItem {
    /// Its type.
    pub asset_type: AssetType,
    /// What it is, in words.
    pub description: String,
    /// The registry entity (vehicle, real estate, company, wallet), when there is one.
    pub entity: Option<String>,
    /// The statement account, for a bank balance.
    pub account: Option<String>,
    /// Owner subject id.
    pub owner: String,
    /// Owner's display name.
    pub owner_name: String,
    /// The operation the owner belongs to.
    pub operation: Option<String>,
    /// Value: the registry's price, the closing balance, the cash withdrawn.
    pub value: Decimal,
    /// Payments found that bought it.
    pub paid: Decimal,
    /// Of the value, proceeds under the method.
    pub tainted: Decimal,
    /// `tainted / value`, 0 to 1.
    pub tainted_share: f64,
    /// The records linking it to its owner and to proceeds.
    pub evidence: Vec<Evidence>,
}

/// The schedule's items of one type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetGroup {
    /// The type.
    pub asset_type: AssetType,
    /// Sum of values.
    pub value: Decimal,
    /// Sum of tainted amounts.
    pub tainted: Decimal,
    /// Items, most tainted first.
    pub items: Vec<AssetItem>,
}

/// A registry asset of an offender with the payments that bought it.
#[derive(Debug, Clone)]
pub(crate) struct Purchase {
    pub asset: String,
    pub operation: usize,
    pub member: usize,
    pub payments: Vec<(usize, usize)>,
    pub reasons: Vec<String>,
}

/// Schemata of registry assets and their type.
fn asset_type(schema: &str) -> Option<AssetType> {
    match schema {
        "RealEstate" => Some(AssetType::RealProperty),
        "Vehicle" | "Vessel" | "Airplane" => Some(AssetType::Vehicles),
        "CryptoWallet" => Some(AssetType::VirtualCurrency),
        "Security" => Some(AssetType::BankAccounts),
        _ => None,
    }
}

/// Merchant category codes of vehicle sellers: dealers, used cars, boats, motorcycles, campers.
const VEHICLE_MCC: &[u16] = &[5511, 5521, 5551, 5561, 5571, 5592, 5598, 5599];
/// Memo words of buying property through a notary or escrow.
const PROPERTY_WORDS: &[&str] =
    &["notar", "treuhand", "anderkonto", "escrow", "grundbuch", "kaufpreis", "ur-nr", "urkunde", "immobilie", "etw "];
/// Memo words of a purchase.
const PURCHASE_WORDS: &[&str] = &[
    "kaufvertrag",
    "kaufpreis",
    "kauf ",
    "anzahlung",
    "restzahlung",
    "purchase",
    "down payment",
    "deposit",
    "zulassung",
];
/// Tokens too common to tie a payment to one asset.
const COMMON: &[&str] = &[
    "gmbh",
    "und",
    "the",
    "str",
    "strasse",
    "straße",
    "weg",
    "platz",
    "von",
    "der",
    "die",
    "das",
    "eigentumswohnung",
    "wohnung",
    "haus",
];

/// Distinctive tokens of an asset: name, model, address, registration.
fn tokens(e: &Entity) -> HashSet<String> {
    ["name", "model", "address", "registrationNumber"]
        .iter()
        .flat_map(|p| e.values(p))
        .flat_map(|v| normalize::name_key(v).split(' ').map(str::to_string).collect::<Vec<_>>())
        .filter(|t| t.len() >= 3 && !COMMON.contains(&t.as_str()) && !t.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

fn alnum(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn date_of(e: &Entity, prop: &str) -> Option<NaiveDate> {
    e.first(prop).and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok())
}

fn amount_of(e: &Entity) -> Option<Decimal> {
    e.first("amount").and_then(|a| a.trim().replace(',', "").parse().ok())
}

/// Statement accounts by their resolved holder.
fn accounts_by_owner(ix: &Index) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in ix.accts.iter().enumerate() {
        if let Some((o, _)) = &a.owner {
            out.entry(ix.parties.canon.of(o)).or_default().push(i);
        }
    }
    out
}

/// Offender members by their resolved subject: (operation, member).
fn offenders_by_subject(ix: &Index, cast: &Cast) -> HashMap<String, (usize, usize)> {
    let mut out = HashMap::new();
    for (oi, op) in cast.operations.iter().enumerate() {
        for (mi, m) in op.members.iter().enumerate() {
            if m.role().is_some_and(Role::is_offender) {
                out.entry(ix.parties.canon.of(&m.subject)).or_insert((oi, mi));
                for a in &m.accounts {
                    if let Some((owner, _)) = ix.parties.accounts.get(a).and_then(|x| x.owner.as_ref()) {
                        out.entry(ix.parties.canon.of(owner)).or_insert((oi, mi));
                    }
                }
            }
        }
    }
    out
}

/// A payment (account, posting) tied to an asset, with the strength of the tie and its distance in days.
type Candidate = ((usize, usize), usize, i64);

/// Why a payment is tied to an asset, strongest last.
const REASONS: [&str; 6] = [
    "a purchase payment of up to the price",
    "pays the exact price",
    "paid to a notary or escrow for property",
    "paid to a vehicle dealer",
    "names the asset",
    "names the registration number",
];

/// Registry assets owned by offenders with the payments that bought them: debits of the owner's accounts from
/// 45 days before to 20 days after the ownership's start (or the registration date) that name the asset
/// (registration number, model, address), go to a car dealer for a vehicle or a notary or escrow for
/// property, pay exactly the price, or are a purchase of up to the price. A payment that could belong to two
/// assets goes to the one it is tied to most strongly (then the nearer in time); payments beyond the price
/// are dropped, weakest and farthest first.
pub(crate) fn purchases(ix: &Index, entities: &[Entity], cast: &Cast) -> Vec<Purchase> {
    let offenders = offenders_by_subject(ix, cast);
    let owned = accounts_by_owner(ix);
    // The entities `parties` was built from, already by id.
    let by_id = &ix.parties.entities;
    let mut out: Vec<Purchase> = vec![];
    let mut meta: Vec<(Option<Decimal>, Option<NaiveDate>)> = vec![];
    // (payment, asset, strength, days from the asset's date)
    let mut candidates: Vec<((usize, usize), usize, usize, i64)> = vec![];
    let mut seen = HashSet::new();
    for own in entities.iter().filter(|e| e.schema == "Ownership") {
        let (Some(owner), Some(asset_id)) = (own.first("owner"), own.first("asset")) else { continue };
        let Some(asset) = by_id.get(asset_id) else { continue };
        let Some(kind) = asset_type(&asset.schema) else { continue };
        if !matches!(kind, AssetType::RealProperty | AssetType::Vehicles) || !seen.insert(asset_id) {
            continue;
        }
        let owner = ix.parties.canon.of(owner);
        let Some(&(oi, mi)) = offenders.get(&owner) else { continue };
        let member = &cast.operations[oi].members[mi];
        let i = out.len();
        let when = date_of(own, "startDate").or_else(|| date_of(asset, "registrationDate"));
        let price = amount_of(asset);
        out.push(Purchase {
            asset: asset_id.to_string(),
            operation: oi,
            member: mi,
            payments: vec![],
            reasons: vec![],
        });
        meta.push((price, when));
        let Some(when) = when else { continue };
        let toks = tokens(asset);
        let reg = asset.first("registrationNumber").map(alnum).filter(|r| r.len() >= 4);
        let model = asset.first("model").map(|m| m.to_lowercase());
        // The owner's accounts: those the cast lists and those the registry or the statement ties to the owner.
        let mut accts: Vec<usize> = member.accounts.iter().filter_map(|a| ix.pos.get(a.as_str()).copied()).collect();
        for &n in owned.get(&owner).into_iter().flatten() {
            if !accts.contains(&n) {
                accts.push(n);
            }
        }
        for &a in &accts {
            for (k, t) in ix.accts[a].txns.iter().enumerate() {
                let d = (t.ts.date() - when).num_days();
                if is_credit(t) || !(-45..=20).contains(&d) {
                    continue;
                }
                let memo = lower(&t.memo);
                let memo_key = alnum(&memo);
                let memo_toks: HashSet<String> = normalize::name_key(&format!("{memo} {}", lower(&t.cpty_name)))
                    .split(' ')
                    .map(str::to_string)
                    .collect();
                let shared = toks.iter().filter(|x| memo_toks.contains(*x)).count();
                let within = price.is_none_or(|p| t.amount <= p * Decimal::new(105, 2));
                let strength = if reg.as_ref().is_some_and(|r| memo_key.contains(r.as_str())) {
                    Some(5)
                } else if model.as_ref().is_some_and(|m| memo.contains(m.as_str())) || (shared >= 2 && within) {
                    Some(4)
                } else if kind == AssetType::Vehicles && t.mcc.is_some_and(|m| VEHICLE_MCC.contains(&m)) && within {
                    Some(3)
                } else if kind == AssetType::RealProperty
                    && (has_any(&memo, PROPERTY_WORDS)
                        || has_any(&lower(&t.cpty_name), &["notar", "escrow", "treuhand"]))
                    && within
                {
                    Some(2)
                } else if price.is_some_and(|p| (t.amount - p).abs() < Decimal::ONE) {
                    Some(1)
                } else if has_any(&format!("{memo} "), PURCHASE_WORDS)
                    && within
                    && price.is_some_and(|p| t.amount * Decimal::from(20) >= p)
                {
                    Some(0)
                } else {
                    None
                };
                if let Some(st) = strength {
                    candidates.push(((a, k), i, st, d.abs()));
                }
            }
        }
    }
    // Each payment to its strongest asset.
    let mut best: HashMap<(usize, usize), (usize, usize, i64)> = HashMap::new();
    for &(pay, i, st, d) in &candidates {
        let e = best.entry(pay).or_insert((i, st, d));
        if (st, -d) > (e.1, -e.2) {
            *e = (i, st, d);
        }
    }
    let mut per_asset: Vec<Vec<Candidate>> = vec![vec![]; out.len()];
    for (pay, (i, st, d)) in best {
        per_asset[i].push((pay, st, d));
    }
    for (i, mut pays) in per_asset.into_iter().enumerate() {
        // Strongest and nearest first; up to the price.
        pays.sort_by_key(|&(pay, st, d)| (std::cmp::Reverse(st), d, pay));
        let cap = meta[i].0.map(|p| p * Decimal::new(105, 2));
        let mut sum = Decimal::ZERO;
        let mut keep = vec![];
        for (pay, st, _) in pays {
            let amt = ix.txn(pay.0, pay.1).amount;
            if cap.is_some_and(|c| sum + amt > c) {
                continue;
            }
            sum += amt;
            keep.push((pay, st));
        }
        keep.sort_by_key(|&(pay, _)| (ix.txn(pay.0, pay.1).ts.local(), pay));
        let p = &mut out[i];
        for (pay, st) in keep {
            let t = ix.txn(pay.0, pay.1);
            p.payments.push(pay);
            p.reasons.push(format!("{} {} on {}: {}", t.id, t.amount, t.ts.date(), REASONS[st]));
        }
    }
    out.sort_by(|a, b| a.asset.cmp(&b.asset));
    out
}

fn item_share(tainted: Decimal, value: Decimal) -> f64 {
    if value.is_zero() { 0.0 } else { (f(tainted) / f(value)).clamp(0.0, 1.0) }
}

/// The schedule: registry assets with their purchases, cash withdrawn from proceeds, offenders' balances,
/// companies that handled proceeds, wallets.
pub(crate) fn schedule(
    ix: &Index,
    entities: &[Entity],
    cast: &Cast,
    purchases: &[Purchase],
    found: &[Found],
    traced: &Traced,
) -> Vec<AssetGroup> {
    // The entities `parties` was built from, already by id.
    let by_id = &ix.parties.entities;
    let offenders = offenders_by_subject(ix, cast);
    let owned = accounts_by_owner(ix);
    let mut items: Vec<AssetItem> = vec![];
    let member = |oi: usize, mi: usize| &cast.operations[oi].members[mi];

    for p in purchases {
        let Some(e) = by_id.get(p.asset.as_str()) else { continue };
        let Some(kind) = asset_type(&e.schema) else { continue };
        let m = member(p.operation, p.member);
        let value = amount_of(e).unwrap_or_default();
        let paid: Decimal = p.payments.iter().map(|&(a, k)| ix.txn(a, k).amount).sum();
        let tainted: f64 =
            p.payments.iter().filter_map(|&(a, k)| traced.outflows.get(&(a as u32, k as u32)).map(|x| x.0)).sum();
        let tainted = dec(tainted);
        let mut evidence = vec![Evidence {
            what: format!("{} is registered to {}", e.caption(), m.name),
            records: vec![e.id.clone()],
        }];
        if !p.payments.is_empty() {
            evidence.push(Evidence {
                what: format!(
                    "paid from {}'s accounts ({}), of which {} proceeds: {}",
                    m.name,
                    paid,
                    tainted,
                    p.reasons.join("; ")
                ),
                records: p.payments.iter().map(|&(a, k)| ix.txn(a, k).id.clone()).collect(),
            });
        } else {
            evidence.push(Evidence { what: "no purchase payment found in the statements".into(), records: vec![] });
        }
        let base = if value.is_zero() { paid } else { value };
        items.push(AssetItem {
            asset_type: kind,
            description: e.caption(),
            entity: Some(e.id.clone()),
            account: None,
            owner: m.subject.clone(),
            owner_name: m.name.clone(),
            operation: Some(cast.operations[p.operation].id.clone()),
            value,
            paid,
            tainted,
            tainted_share: item_share(tainted, base),
            evidence,
        });
    }

    // Cash withdrawn from proceeds and money sent to exchanges, per offender account; balances at the end.
    let mut cash: BTreeMap<usize, (f64, Vec<(f64, String)>)> = BTreeMap::new();
    let mut crypto: BTreeMap<usize, (f64, Vec<(f64, String)>)> = BTreeMap::new();
    for (&(a, k), &(v, dest)) in &traced.outflows {
        let target = match dest {
            Dest::End(End::Cash) => &mut cash,
            Dest::End(End::VirtualCurrency) => &mut crypto,
            _ => continue,
        };
        let e = target.entry(a as usize).or_default();
        e.0 += v;
        e.1.push((v, ix.txn(a as usize, k as usize).id.clone()));
    }
    // Benefits taken in cash never touched an offender's account: they are the controller's cash.
    let mut benefit_cash: BTreeMap<String, (f64, Vec<String>)> = BTreeMap::new();
    for fnd in found.iter().filter(|x| x.entry.is_none() && x.end == End::Cash) {
        let e = benefit_cash.entry(fnd.source.offender.clone()).or_default();
        e.0 += f(fnd.source.amount);
        e.1.extend(fnd.source.transactions.iter().cloned());
    }
    let owner_of = |a: usize| -> Option<(usize, usize)> {
        let number = &ix.accts[a].number;
        for (oi, op) in cast.operations.iter().enumerate() {
            for (mi, m) in op.members.iter().enumerate() {
                if m.role().is_some_and(Role::is_offender) && m.accounts.iter().any(|x| x == number) {
                    return Some((oi, mi));
                }
            }
        }
        let subject = ix.parties.subject_of(number)?;
        offenders.get(&ix.parties.canon.of(&subject)).copied()
    };
    for (kind, map) in [(AssetType::Cash, &cash), (AssetType::VirtualCurrency, &crypto)] {
        for (&a, (v, postings)) in map {
            let Some((oi, mi)) = owner_of(a) else { continue };
            let m = member(oi, mi);
            let mut postings = postings.clone();
            postings.sort_by(|x, y| y.0.total_cmp(&x.0));
            let value = dec(*v);
            items.push(AssetItem {
                asset_type: kind,
                description: format!(
                    "{} from account {} carrying proceeds",
                    if kind == AssetType::Cash { "cash withdrawn" } else { "paid to crypto-asset exchanges" },
                    ix.accts[a].number
                ),
                entity: None,
                account: Some(ix.accts[a].number.clone()),
                owner: m.subject.clone(),
                owner_name: m.name.clone(),
                operation: Some(cast.operations[oi].id.clone()),
                value,
                paid: Decimal::ZERO,
                tainted: value,
                tainted_share: 1.0,
                evidence: vec![Evidence {
                    what: format!("{} postings; value confiscation of the amount", postings.len()),
                    records: postings.into_iter().map(|p| p.1).collect(),
                }],
            });
        }
    }
    for (subject, (v, ids)) in benefit_cash {
        let Some(&(oi, mi)) = offenders.get(&ix.parties.canon.of(&subject)) else { continue };
        let m = member(oi, mi);
        items.push(AssetItem {
            asset_type: AssetType::Cash,
            description: "victims' benefits withdrawn in cash".into(),
            entity: None,
            account: None,
            owner: m.subject.clone(),
            owner_name: m.name.clone(),
            operation: Some(cast.operations[oi].id.clone()),
            value: dec(v),
            paid: Decimal::ZERO,
            tainted: dec(v),
            tainted_share: 1.0,
            evidence: vec![Evidence {
                what: "benefit credits and the cash withdrawals that took them".into(),
                records: ids,
            }],
        });
    }

    // Offenders' accounts: the closing balance and what of it is proceeds.
    let mut accounts_seen = HashSet::new();
    for op in &cast.operations {
        for m in op.members.iter().filter(|m| m.role().is_some_and(Role::is_offender)) {
            for number in &m.accounts {
                let Some(&a) = ix.pos.get(number.as_str()) else { continue };
                if !accounts_seen.insert(a) {
                    continue;
                }
                let closing = closing_balance(ix, a);
                let tainted = traced.on_account.get(&(a as u32)).copied().unwrap_or(0.0);
                if closing <= 0.0 && tainted <= 0.0 {
                    continue;
                }
                let value = dec(closing.max(0.0));
                let tainted = dec(tainted).min(value);
                let last = ix.accts[a].txns.last().map(|t| t.id.clone());
                items.push(AssetItem {
                    asset_type: AssetType::BankAccounts,
                    description: format!("balance of account {number}"),
                    entity: None,
                    account: Some(number.clone()),
                    owner: m.subject.clone(),
                    owner_name: m.name.clone(),
                    operation: Some(op.id.clone()),
                    value,
                    paid: Decimal::ZERO,
                    tainted,
                    tainted_share: item_share(tainted, value),
                    evidence: vec![Evidence {
                        what: "closing balance (last posting of the statement)".into(),
                        records: last.into_iter().collect(),
                    }],
                });
            }
        }
    }

    // Companies of the operation, or owned or run by its offenders, that handled proceeds.
    let mut companies: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for (oi, op) in cast.operations.iter().enumerate() {
        for (mi, m) in op.members.iter().enumerate() {
            if m.kind == "company" && m.role().is_some_and(Role::is_offender) {
                companies.entry(ix.parties.canon.of(&m.subject)).or_insert((oi, mi, vec![]));
            }
        }
    }
    for e in entities.iter().filter(|e| e.schema == "Ownership" || e.schema == "Directorship") {
        let (who, what) = if e.schema == "Ownership" {
            (e.first("owner"), e.first("asset"))
        } else {
            (e.first("director"), e.first("organization"))
        };
        let (Some(who), Some(what)) = (who, what) else { continue };
        if !by_id.get(what).is_some_and(|c| c.schema_def().is_some_and(|s| s.is_a("Organization"))) {
            continue;
        }
        if let Some(&(oi, mi)) = offenders.get(&ix.parties.canon.of(who)) {
            companies.entry(ix.parties.canon.of(what)).or_insert((oi, mi, vec![])).2.push(e.id.clone());
        }
    }
    for (company, (oi, mi, links)) in companies {
        let accts: Vec<usize> = owned
            .get(&company)
            .into_iter()
            .flatten()
            .copied()
            .chain(
                cast.operations[oi]
                    .members
                    .iter()
                    .filter(|m| ix.parties.canon.of(&m.subject) == company)
                    .flat_map(|m| m.accounts.iter().filter_map(|a| ix.pos.get(a.as_str()).copied())),
            )
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let into: f64 = accts.iter().map(|a| traced.received.get(&(*a as u32)).copied().unwrap_or(0.0)).sum::<f64>()
            + found
                .iter()
                .filter(|x| x.entry.is_some_and(|(a, _)| accts.contains(&a)))
                .map(|x| f(x.source.amount))
                .sum::<f64>();
        let is_member = cast.operations[oi].members.iter().any(|m| ix.parties.canon.of(&m.subject) == company);
        if into <= 0.0 && !is_member {
            continue;
        }
        let value: f64 = accts.iter().map(|&a| closing_balance(ix, a).max(0.0)).sum();
        let name = by_id
            .get(company.as_str())
            .map(|e| e.caption())
            .or_else(|| {
                cast.operations[oi]
                    .members
                    .iter()
                    .find(|m| ix.parties.canon.of(&m.subject) == company)
                    .map(|m| m.name.clone())
            })
            .unwrap_or_else(|| company.clone());
        let m = member(oi, mi);
        let (owner, owner_name) = if is_member && ix.parties.canon.of(&m.subject) == company {
            (company.clone(), name.clone())
        } else {
            (m.subject.clone(), m.name.clone())
        };
        let value = dec(value);
        let tainted = dec(into);
        items.push(AssetItem {
            asset_type: AssetType::BusinessEntities,
            description: format!("{name}: {} proceeds passed through its accounts", tainted),
            entity: Some(company.clone()),
            account: None,
            owner,
            owner_name,
            operation: Some(cast.operations[oi].id.clone()),
            value,
            paid: Decimal::ZERO,
            tainted,
            tainted_share: if into > 0.0 { 1.0 } else { 0.0 },
            evidence: vec![Evidence {
                what: "ownership or directorship by an offender, or membership of the operation".into(),
                records: links,
            }],
        });
    }

    // Wallets the registry attributes to offenders.
    for e in entities.iter().filter(|e| e.schema == "CryptoWallet") {
        let Some(holder) = e.first("holder") else { continue };
        let Some(&(oi, mi)) = offenders.get(&ix.parties.canon.of(holder)) else { continue };
        let m = member(oi, mi);
        let value = amount_of(e).or_else(|| e.first("balance").and_then(|b| b.parse().ok())).unwrap_or_default();
        items.push(AssetItem {
            asset_type: AssetType::VirtualCurrency,
            description: format!("wallet {}", e.caption()),
            entity: Some(e.id.clone()),
            account: None,
            owner: m.subject.clone(),
            owner_name: m.name.clone(),
            operation: Some(cast.operations[oi].id.clone()),
            value,
            paid: Decimal::ZERO,
            tainted: Decimal::ZERO,
            tainted_share: 0.0,
            evidence: vec![Evidence { what: "wallet held by an offender".into(), records: vec![e.id.clone()] }],
        });
    }

    let mut groups = vec![];
    for kind in AssetType::ALL {
        let mut its: Vec<AssetItem> = items.iter().filter(|i| i.asset_type == kind).cloned().collect();
        if its.is_empty() {
            continue;
        }
        its.sort_by(|a, b| {
            b.tainted.cmp(&a.tainted).then(b.value.cmp(&a.value)).then(a.description.cmp(&b.description))
        });
        groups.push(AssetGroup {
            asset_type: kind,
            value: its.iter().map(|i| i.value).sum(),
            tainted: its.iter().map(|i| i.tainted).sum(),
            items: its,
        });
    }
    groups
}

/// The balance after an account's last posting.
pub(crate) fn closing_balance(ix: &Index, a: usize) -> f64 {
    let txns = &ix.accts[a].txns;
    let Some(last) = txns.last() else { return 0.0 };
    if let Some(b) = last.balance {
        return f(b);
    }
    let opening = txns
        .iter()
        .scan(0.0, |run, t| {
            *run += f(t.signed_amount());
            Some((*run, t.balance))
        })
        .find_map(|(run, b)| b.map(|b| f(b) - run))
        .unwrap_or(0.0);
    opening + txns.iter().map(|t| f(t.signed_amount())).sum::<f64>()
}
