//! The ground truth: what the generator injected. Read by tests and evaluation harnesses only, never by a
//! detector — a detector scored against labels it could have derived from its own rules proves nothing.
//!
//! One JSON file. Its transaction lists cover only the operations (ordinary customers' millions of
//! transactions are not listed), so it stays small enough to hold in memory even for the large world.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde::Serialize;

use super::file_of;
use crate::world::{Domicile, Holder, OpKind, World};

/// What a victim's proceeds are made of, per kind of operation (tags of postings naming the victim).
pub(crate) const PROCEEDS: [&str; 6] = [
    "proceeds_forwarded",
    "wage_returned",
    "wage_diverted",
    "recruitment_fee_paid",
    "collected_cash_deposit",
    "benefit_withdrawn_by_controller",
];

#[derive(Serialize)]
pub(crate) struct Truth {
    pub generator: &'static str,
    pub scenario: String,
    pub seed: u64,
    pub params: ParamsTruth,
    pub period: Period,
    pub files: Vec<FileTruth>,
    pub counts: serde_json::Value,
    pub operations: Vec<Operation>,
    pub hard_negatives: Vec<Negative>,
    /// Every ad's real phone number, for scoring phone extraction from obfuscated ads.
    pub ad_phones: Vec<AdPhone>,
    pub noise: Noise,
    /// Who is who across the sources: every person and company with the ids of the records that stand for
    /// them in each evidence file as Theseus ingests it, for scoring entity resolution.
    pub identities: Vec<Identity>,
    /// Different people who share an address and a phone number (families, victims housed together): pairs
    /// a resolver must not merge.
    pub families: Vec<Family>,
}

/// One real person or company and its records in each source, by the ids Theseus gives them on ingest.
#[derive(Serialize)]
pub(crate) struct Identity {
    /// The registry id; companies the registry does not hold are `unregistered-company-NNNN`.
    pub id: String,
    /// `person` or `company`.
    pub kind: &'static str,
    /// The name as the registry writes it.
    pub name: String,
    /// The registry's `Person` or `Company` entity (`registry.ftm.jsonl`).
    pub registry: Vec<String>,
    /// Subscriber `Person` entities of `subscribers.csv` (mapping `subscribers`): lines registered in this
    /// party's name, `readable_id(["subscriber", subscriber_name, birth_date, id_document])` of the raw
    /// values. A company's line is a subscriber `Person` too. Lines registered to nobody ("Prepaid Kunde")
    /// are in no identity.
    pub subscribers: Vec<String>,
    /// Poster `UserAccount` entities of the ad site (`ads.jsonl`, `ad_production.jsonl`) this party runs:
    /// `readable_id([site, "user", poster_account])`.
    pub ad_posters: Vec<String>,
    /// `Person` entities of the goAML reports: the signatory of a reported account (the holder, or a
    /// company's director), and the same party named as whoever withdrew or paid in cash (name only, so one
    /// id for namesakes). Ids as the goAML reader makes them: `make_id(["goaml-person", name_key, birthdate,
    /// document])`.
    pub goaml: Vec<String>,
    /// Accounts at the evidence banks held by this party: statement file, IBAN, and the id Theseus gives
    /// the statement's holder (`make_id(["holder", iban])`) when no registry entity owns the account.
    pub statement_accounts: Vec<StatementAccount>,
}

/// An account of a bank statement file and its holder's derived id.
#[derive(Serialize)]
pub(crate) struct StatementAccount {
    pub file: &'static str,
    pub iban: String,
    pub holder_id: String,
}

/// People who share an address and at least one phone number.
#[derive(Serialize)]
pub(crate) struct Family {
    /// The hard negative they were placed as (`shared_phone_family`); `operation` for members of one
    /// operation (victims housed together whose phones the controller holds); else `household`.
    pub kind: &'static str,
    /// The operation, for kind `operation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    pub address: String,
    /// The numbers two or more of them share, E.164.
    pub phones: Vec<String>,
    /// Identity ids (registry ids) of the members.
    pub members: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct AdPhone {
    pub ad_id: String,
    pub written: String,
    pub e164: String,
    pub obfuscated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The person advertised, when in the registry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ParamsTruth {
    pub persons: usize,
    pub months: u32,
    pub activity: f64,
    pub danube: bool,
    pub hard_negatives: usize,
}

#[derive(Serialize)]
pub(crate) struct FileTruth {
    pub name: String,
    pub kind: String,
}

#[derive(Serialize)]
pub(crate) struct Period {
    pub from: String,
    pub to: String,
}

#[derive(Serialize)]
pub(crate) struct Operation {
    pub id: String,
    pub kind: &'static str,
    pub size: &'static str,
    pub sector: &'static str,
    pub trace: f64,
    pub victims: usize,
    pub summary: String,
    pub members: Vec<MemberTruth>,
    pub shared_identifiers: Vec<SharedIdentifier>,
    pub proceeds: Vec<Proceeds>,
    pub assets: Vec<AssetTruth>,
    pub transactions: Vec<TxTruth>,
    pub ads: Vec<String>,
    pub poster_accounts: Vec<String>,
    pub phones: Vec<PhoneTruth>,
    pub wallets: Vec<String>,
    pub exchange_transactions: Vec<String>,
    pub calls: usize,
    pub strs: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct AccountTruth {
    pub iban: String,
    pub bank: String,
    /// The statement file the account appears in; absent for accounts known only from the registry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'static str>,
    /// The registry's BankAccount id.
    pub registry_id: String,
}

#[derive(Serialize)]
pub(crate) struct MemberTruth {
    pub role: &'static str,
    pub registry_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    pub accounts: Vec<AccountTruth>,
    pub phones: Vec<String>,
    pub poster_accounts: Vec<String>,
    pub note: &'static str,
}

#[derive(Serialize)]
pub(crate) struct SharedIdentifier {
    pub kind: &'static str,
    pub value: String,
    /// Registry entities that carry it.
    pub registry_ids: Vec<String>,
    /// Accounts whose statements carry it.
    pub accounts: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Proceeds {
    pub victim: String,
    /// Sum of the amounts (absolute) of the referenced transactions, as a decimal string.
    pub amount: String,
    pub currency: &'static str,
    pub basis: &'static str,
    pub references: Vec<String>,
    /// Estimated takings handed over in cash that no bank saw.
    pub unbanked_estimate: String,
}

#[derive(Serialize)]
pub(crate) struct AssetTruth {
    pub registry_id: String,
    pub schema: &'static str,
    pub name: String,
    pub owner: String,
    pub price: String,
    pub paid_from_proceeds: String,
    pub currency: &'static str,
    pub references: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct TxTruth {
    pub reference: String,
    pub file: &'static str,
    pub account: String,
    pub what: &'static str,
    pub amount: String,
    pub currency: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub victim: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct PhoneTruth {
    pub msisdn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used_by: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Negative {
    pub kind: &'static str,
    pub registry_ids: Vec<String>,
    pub accounts: Vec<AccountTruth>,
    pub why: &'static str,
    pub strs: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Noise {
    pub invalid_ibans: Vec<IbanTypo>,
    pub duplicate_rows: Vec<RowRef>,
    pub missing_fields: Vec<MissingField>,
    pub name_variants: Vec<NameVariant>,
    pub stale_addresses: Vec<StaleAddress>,
    pub missing_birth_dates: Vec<String>,
    pub false_positive_strs: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct IbanTypo {
    pub file: &'static str,
    pub reference: String,
    pub written: String,
    pub intended: String,
}

#[derive(Serialize)]
pub(crate) struct RowRef {
    pub file: &'static str,
    pub reference: String,
}

#[derive(Serialize)]
pub(crate) struct MissingField {
    pub file: &'static str,
    pub reference: String,
    pub column: &'static str,
}

#[derive(Serialize)]
pub(crate) struct NameVariant {
    pub registry_id: String,
    pub registry_name: String,
    pub file: &'static str,
    pub account: String,
    pub written: String,
}

#[derive(Serialize)]
pub(crate) struct StaleAddress {
    pub file: &'static str,
    pub msisdn: String,
    pub registry_id: String,
    pub written: String,
    pub current: String,
}

fn money(cents: i64) -> String {
    Decimal::new(cents, 2).to_string()
}

fn holder_id(world: &World, h: Holder) -> String {
    match h {
        Holder::Person(p) => world.persons[p].id.clone(),
        Holder::Company(c) => world.companies[c].id.clone(),
    }
}

fn accounts_of(world: &World, h: Holder) -> Vec<AccountTruth> {
    let mut v: Vec<AccountTruth> = world
        .accounts
        .iter()
        .filter(|a| a.holder == h && a.in_registry)
        .map(|a| AccountTruth {
            iban: a.iban.to_string(),
            bank: match a.at {
                Domicile::In(b) => b.name().to_string(),
                Domicile::External { bank, .. } => bank.to_string(),
            },
            file: a.bank().map(file_of),
            registry_id: a.id.clone(),
        })
        .collect();
    v.sort_by(|a, b| a.iban.cmp(&b.iban));
    v
}

fn basis(kind: OpKind) -> &'static str {
    match kind {
        OpKind::Sexual => "sum of the victim's transfers to the controller (debit side, victim's statement)",
        OpKind::Labour => {
            "sum of the wages moved back to the controller (debits on the worker's statement), the worker's wages the front paid into the controller's account instead (debits on the front's statement, naming the worker) and the recruitment fee the worker paid"
        }
        OpKind::Criminality => {
            "sum of the cash deposits of the victim's takings into the controller's account and of the victim's benefits withdrawn by the controller"
        }
    }
}

/// The identity id of a holder: the registry id, or a stable name for a company the registry does not hold.
fn identity_id(world: &World, h: Holder) -> String {
    match h {
        Holder::Company(c) if !world.companies[c].in_registry => format!("unregistered-company-{c:04}"),
        _ => holder_id(world, h),
    }
}

/// Every person and company with its records per source (see [`Identity`]) among the files written (`files`);
/// those with no record in any source (companies seen only as counterparties) are left out.
fn identities(world: &World, files: &[FileTruth]) -> Vec<Identity> {
    use super::ids::{make_id, readable_id};
    let index = |h: Holder| match h {
        Holder::Person(p) => p,
        Holder::Company(c) => world.persons.len() + c,
    };
    let mut out: Vec<Identity> = world
        .persons
        .iter()
        .map(|p| Identity {
            id: p.id.clone(),
            kind: "person",
            name: p.name(),
            registry: vec![p.id.clone()],
            subscribers: vec![],
            ad_posters: vec![],
            goaml: vec![],
            statement_accounts: vec![],
        })
        .chain(world.companies.iter().enumerate().map(|(i, c)| Identity {
            id: identity_id(world, Holder::Company(i)),
            kind: "company",
            name: c.name.clone(),
            registry: if c.in_registry { vec![c.id.clone()] } else { vec![] },
            subscribers: vec![],
            ad_posters: vec![],
            goaml: vec![],
            statement_accounts: vec![],
        }))
        .collect();
    let written = |name: &str| files.iter().any(|f| f.name == name);
    let (subscribers, ads) =
        (written(super::SUBSCRIBERS_FILE), written(super::ADS_FILE) || written(super::PRODUCTION_FILE));
    for l in world.lines.iter().filter(|_| subscribers) {
        let Some(h) = l.registered_to else { continue };
        let birth = l.birth.map(|b| b.format("%Y-%m-%d").to_string()).unwrap_or_default();
        out[index(h)].subscribers.push(readable_id(&["subscriber", l.subscriber.trim(), &birth, l.id_document.trim()]));
    }
    for p in world.posters.iter().filter(|_| ads) {
        if let Some(h) = p.holder {
            out[index(h)].ad_posters.push(readable_id(&[p.site.name(), "user", &p.id]));
        }
    }
    for case in world.strs.iter().filter(|c| written(&c.file)) {
        for (h, id) in super::goaml::persons_named(world, case) {
            out[index(h)].goaml.push(id);
        }
    }
    for a in &world.accounts {
        if let Some(bank) = a.bank().filter(|b| written(file_of(*b))) {
            out[index(a.holder)].statement_accounts.push(StatementAccount {
                file: file_of(bank),
                iban: a.iban.to_string(),
                holder_id: make_id(&["holder", &a.iban]),
            });
        }
    }
    out.retain(|i| {
        !(i.registry.is_empty()
            && i.subscribers.is_empty()
            && i.ad_posters.is_empty()
            && i.goaml.is_empty()
            && i.statement_accounts.is_empty())
    });
    for i in &mut out {
        for v in [&mut i.subscribers, &mut i.ad_posters, &mut i.goaml] {
            v.sort();
            v.dedup();
        }
        i.statement_accounts.sort_by(|a, b| a.iban.cmp(&b.iban));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Groups of two or more people at one address who share a phone number (components of the "shares a
/// number" relation among the people of each address).
fn families(world: &World) -> Vec<Family> {
    let mut by_address: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in world.persons.iter().enumerate() {
        if let Some(a) = &p.address {
            by_address.entry(a.as_str()).or_default().push(i);
        }
    }
    let mut out = vec![];
    for (address, people) in by_address {
        if people.len() < 2 {
            continue;
        }
        // Union-find over the people of the address, joined by a shared number.
        let mut parent: Vec<usize> = (0..people.len()).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let mut holders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (k, &p) in people.iter().enumerate() {
            for ph in &world.persons[p].phones {
                let hs = holders.entry(ph.as_str()).or_default();
                if hs.last() != Some(&k) {
                    hs.push(k);
                }
            }
        }
        for ks in holders.values() {
            for &k in &ks[1..] {
                let (a, b) = (root(&mut parent, ks[0]), root(&mut parent, k));
                parent[a] = b;
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for k in 0..people.len() {
            let r = root(&mut parent, k);
            groups.entry(r).or_default().push(k);
        }
        for ks in groups.values().filter(|g| g.len() >= 2) {
            let members: Vec<usize> = ks.iter().map(|&k| people[k]).collect();
            let mut phones: Vec<String> = holders
                .iter()
                .filter(|(_, hs)| hs.iter().filter(|h| ks.contains(h)).count() >= 2)
                .map(|(ph, _)| ph.to_string())
                .collect();
            phones.sort();
            let op_of = |m: usize| world.members.iter().find(|x| x.holder == Holder::Person(m)).map(|x| x.op);
            let operation = op_of(members[0]).filter(|o| members.iter().all(|&m| op_of(m) == Some(*o)));
            let kind = world
                .negatives
                .iter()
                .find(|n| members.iter().all(|m| n.who.contains(&Holder::Person(*m))))
                .map(|n| n.kind)
                .or(operation.map(|_| "operation"))
                .unwrap_or("household");
            let mut ids: Vec<String> = members.iter().map(|&m| world.persons[m].id.clone()).collect();
            ids.sort();
            out.push(Family {
                kind,
                operation: operation.map(|o| format!("op-{:04}", o + 1)),
                address: address.to_string(),
                phones,
                members: ids,
            });
        }
    }
    out.sort_by(|a, b| a.members.cmp(&b.members));
    out
}

/// Builds the truth record. `files` lists the evidence files written, with their kinds.
pub(crate) fn truth(
    world: &World,
    seed: u64,
    params: &crate::Params,
    files: Vec<FileTruth>,
    counts: serde_json::Value,
) -> Truth {
    let mut operations = vec![];
    let mut by_op: Vec<Vec<usize>> = vec![vec![]; world.ops.len()];
    for (i, p) in world.postings.iter().enumerate() {
        if let Some(t) = p.op {
            by_op[usize::from(t.op)].push(i);
        }
    }
    let mut calls_per_op = vec![0usize; world.ops.len()];
    for c in &world.calls {
        if let Some(o) = c.op {
            calls_per_op[o] += 1;
        }
    }
    let mut lines_of: HashMap<Holder, Vec<&str>> = HashMap::new();
    for l in &world.lines {
        if let Some(h) = l.used_by {
            lines_of.entry(h).or_default().push(&l.msisdn);
        }
    }
    for (oi, rec) in world.ops.iter().enumerate() {
        let members: Vec<MemberTruth> = world
            .members
            .iter()
            .filter(|m| m.op == oi)
            .map(|m| {
                let (gender, birth_date, nationality, mut phones) = match m.holder {
                    Holder::Person(p) => {
                        let pp = &world.persons[p];
                        (
                            Some(pp.gender.word()),
                            Some(pp.birth.to_string()),
                            Some(pp.nationality.to_lowercase()),
                            pp.phones.clone(),
                        )
                    }
                    Holder::Company(c) => (None, None, None, world.companies[c].phone.iter().cloned().collect()),
                };
                phones.extend(lines_of.get(&m.holder).into_iter().flatten().map(|s| s.to_string()));
                phones.sort();
                phones.dedup();
                let poster_accounts =
                    world.posters.iter().filter(|p| p.holder == Some(m.holder)).map(|p| p.id.clone()).collect();
                MemberTruth {
                    role: m.role,
                    registry_id: holder_id(world, m.holder),
                    name: world.holder_name(m.holder),
                    gender,
                    birth_date,
                    nationality,
                    accounts: accounts_of(world, m.holder),
                    phones,
                    poster_accounts,
                    note: m.note,
                }
            })
            .collect();

        let mut transactions = vec![];
        let calls = calls_per_op.get(oi).copied().unwrap_or(0);
        for &i in &by_op[oi] {
            let p = &world.postings[i];
            let tag = p.op.expect("tagged");
            let acct = &world.accounts[p.account];
            transactions.push(TxTruth {
                reference: p.reference.clone(),
                file: file_of(acct.bank().expect("evidence account")),
                account: acct.iban.to_string(),
                what: tag.what,
                amount: money(p.cents),
                currency: acct.currency,
                victim: tag.victim.map(|v| world.persons[v].id.clone()),
            });
        }

        // Per victim: a transfer between two evidence accounts is tagged on both sides, so its debit is
        // counted once (cash paid in has only the credit).
        let mut per_victim: HashMap<usize, (i64, Vec<String>)> = HashMap::new();
        let mut per_asset: BTreeMap<usize, (i64, Vec<String>)> = BTreeMap::new();
        for &i in &by_op[oi] {
            let p = &world.postings[i];
            let t = p.op.expect("tagged");
            if let Some(v) = t.victim
                && PROCEEDS.contains(&t.what)
                && (p.cents < 0 || p.kind == crate::world::Kind::CashDeposit)
            {
                let e = per_victim.entry(v).or_default();
                e.0 += p.cents.abs();
                e.1.push(p.reference.clone());
            }
            if let Some(a) = t.asset {
                let e = per_asset.entry(a).or_default();
                e.0 += p.cents.abs();
                e.1.push(p.reference.clone());
            }
        }
        let mut proceeds = vec![];
        for &v in &rec.victims {
            let (sum, refs) = per_victim.remove(&v).unwrap_or_default();
            let unbanked: i64 = rec.unbanked.iter().filter(|(u, _)| *u == v).map(|(_, c)| c).sum();
            proceeds.push(Proceeds {
                victim: world.persons[v].id.clone(),
                amount: money(sum),
                currency: "EUR",
                basis: basis(rec.kind),
                references: refs,
                unbanked_estimate: money(unbanked),
            });
        }

        let mut assets = vec![];
        for (i, (paid, refs)) in per_asset {
            let a = &world.assets[i];
            assets.push(AssetTruth {
                registry_id: a.id.clone(),
                schema: a.schema,
                name: a.name.clone(),
                owner: holder_id(world, a.owner),
                price: money(a.price_cents),
                paid_from_proceeds: money(paid),
                currency: a.currency,
                references: refs,
            });
        }

        let mut shared_identifiers = vec![];
        for (kind, value) in &rec.identifiers {
            let mut ids: Vec<String> = vec![];
            let mut accounts: Vec<String> = vec![];
            match *kind {
                "phone" => {
                    ids.extend(world.persons.iter().filter(|p| p.phones.contains(value)).map(|p| p.id.clone()));
                    ids.extend(
                        world
                            .companies
                            .iter()
                            .filter(|c| c.phone.as_ref() == Some(value) && c.in_registry)
                            .map(|c| c.id.clone()),
                    );
                    ids.extend(world.user_accounts.iter().filter(|u| &u.phone == value).map(|u| u.id.clone()));
                }
                "address" => {
                    ids.extend(
                        world.persons.iter().filter(|p| p.address.as_ref() == Some(value)).map(|p| p.id.clone()),
                    );
                }
                _ => {
                    accounts.extend(
                        world.accounts.iter().filter(|a| a.device.as_ref() == Some(value)).map(|a| a.iban.to_string()),
                    );
                }
            }
            shared_identifiers.push(SharedIdentifier { kind, value: value.clone(), registry_ids: ids, accounts });
        }

        let mut ads: Vec<String> = world.ads.iter().filter(|a| a.op == Some(oi)).map(|a| a.id.clone()).collect();
        ads.sort();
        let poster_accounts = world.posters.iter().filter(|p| p.op == Some(oi)).map(|p| p.id.clone()).collect();
        let mut phones: Vec<PhoneTruth> = world
            .lines
            .iter()
            .filter(|l| l.op == Some(oi))
            .map(|l| PhoneTruth {
                msisdn: l.msisdn.clone(),
                registered_to: l.registered_to.map(|h| holder_id(world, h)),
                used_by: l.used_by.map(|h| holder_id(world, h)),
            })
            .collect();
        phones.sort_by(|a, b| a.msisdn.cmp(&b.msisdn));
        let exchange_transactions = world.crypto.iter().filter(|t| t.op == Some(oi)).map(|t| t.id.clone()).collect();
        let strs = world.strs.iter().filter(|s| s.op == Some(oi)).map(|s| s.file.clone()).collect();
        operations.push(Operation {
            id: format!("op-{:04}", oi + 1),
            kind: rec.kind.word(),
            size: rec.size,
            sector: rec.sector,
            trace: rec.trace,
            victims: rec.victims.len(),
            summary: rec.summary.clone(),
            members,
            shared_identifiers,
            proceeds,
            assets,
            transactions,
            ads,
            poster_accounts,
            phones,
            wallets: rec.wallets.clone(),
            exchange_transactions,
            calls,
            strs,
        });
    }

    let hard_negatives = world
        .negatives
        .iter()
        .enumerate()
        .map(|(i, n)| Negative {
            kind: n.kind,
            registry_ids: n.who.iter().map(|&h| holder_id(world, h)).collect(),
            accounts: n.who.iter().flat_map(|&h| accounts_of(world, h)).collect(),
            why: n.why,
            strs: world.strs.iter().filter(|s| s.negative == Some(i)).map(|s| s.file.clone()).collect(),
        })
        .collect();

    let invalid_ibans = world
        .postings
        .iter()
        .filter_map(|p| {
            let intended = p.typo_of.clone()?;
            Some(IbanTypo {
                file: file_of(world.accounts[p.account].bank()?),
                reference: p.reference.clone(),
                written: p.cpty_iban.as_deref().unwrap_or_default().to_string(),
                intended,
            })
        })
        .collect();
    let mut name_variants: Vec<NameVariant> = world
        .accounts
        .iter()
        .filter_map(|a| {
            let bank = a.bank()?;
            let Holder::Person(p) = a.holder else { return None };
            let registry_name = world.persons[p].name();
            (registry_name != *a.holder_written).then(|| NameVariant {
                registry_id: world.persons[p].id.clone(),
                registry_name,
                file: file_of(bank),
                account: a.iban.to_string(),
                written: a.holder_written.to_string(),
            })
        })
        .collect();
    name_variants.sort_by(|a, b| a.registry_id.cmp(&b.registry_id));
    let mut stale_addresses: Vec<StaleAddress> = world
        .lines
        .iter()
        .filter(|l| l.stale_address)
        .filter_map(|l| {
            let Some(Holder::Person(p)) = l.registered_to else { return None };
            Some(StaleAddress {
                file: super::SUBSCRIBERS_FILE,
                msisdn: l.msisdn.clone(),
                registry_id: world.persons[p].id.clone(),
                written: l.address.clone(),
                current: world.persons[p].address.clone().unwrap_or_default(),
            })
        })
        .collect();
    stale_addresses.sort_by(|a, b| a.msisdn.cmp(&b.msisdn));
    let missing_birth_dates: BTreeSet<String> =
        world.persons.iter().filter(|p| !p.birth_known).map(|p| p.id.clone()).collect();
    let identities = identities(world, &files);

    Truth {
        generator: concat!("theseus-simulate ", env!("CARGO_PKG_VERSION")),
        scenario: params.size.name().to_string(),
        seed,
        params: ParamsTruth {
            persons: params.persons,
            months: params.months,
            activity: params.activity,
            danube: params.danube,
            hard_negatives: params.hard_negatives,
        },
        period: Period { from: world.start().to_string(), to: world.end().to_string() },
        files,
        counts,
        operations,
        hard_negatives,
        ad_phones: {
            let mut v: Vec<AdPhone> = world
                .ads
                .iter()
                .filter_map(|a| {
                    Some(AdPhone {
                        ad_id: a.id.clone(),
                        written: a.phone_written.clone()?,
                        e164: a.phone.clone()?,
                        obfuscated: a.obfuscated,
                        operation: a.op.map(|o| format!("op-{:04}", o + 1)),
                        subject: a.subject.map(|p| world.persons[p].id.clone()),
                    })
                })
                .collect();
            v.sort_by(|a, b| a.ad_id.cmp(&b.ad_id));
            v
        },
        noise: Noise {
            invalid_ibans,
            duplicate_rows: world
                .noise
                .duplicates
                .iter()
                .map(|(f, r)| RowRef { file: f, reference: r.clone() })
                .collect(),
            missing_fields: world
                .noise
                .missing
                .iter()
                .map(|(f, r, c)| MissingField { file: f, reference: r.clone(), column: c })
                .collect(),
            name_variants,
            stale_addresses,
            missing_birth_dates: missing_birth_dates.into_iter().collect(),
            false_positive_strs: world.strs.iter().filter(|s| s.negative.is_some()).map(|s| s.file.clone()).collect(),
        },
        identities,
        families: families(world),
    }
}

/// Writes the truth as pretty-printed JSON.
pub(crate) fn write(truth: &Truth, path: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    serde_json::to_writer_pretty(&mut w, truth)?;
    w.write_all(b"\n")?;
    w.flush()
}
