//! The network of the whole chain: every party (resolved person, company, statement account, outside
//! counterparty, asset) and typed, aggregated edges between them, each keeping its evidence.
//!
//! Payments are aggregated per payer and payee with their total, count and date range; registry
//! relationships (ownership, directorship, employment, family, associates) and calls between the parties'
//! phones are edges too, as are shared identifiers and ad postings. Hubs — parties that deal with so many
//! others that they connect unrelated people (a supermarket, a large employer, a busy landlord company) — are
//! marked, so that operations grow around them but never through them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use theseus_analysis::Analysis;
use theseus_analysis::parties::Parties;
use theseus_model::{Channel, Direction, Entity, Transaction, normalize};

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Money paid from one party to another (transfers, not card spending or cash).
    Payment,
    /// The owner of an asset or company.
    Ownership,
    /// A director of a company.
    Directorship,
    /// An employee of an employer.
    Employment,
    /// Relatives.
    Family,
    /// Associates, representation or another declared link.
    Associate,
    /// Calls or messages between the parties' phones.
    Call,
    /// One phone, e-mail, account or document number carried by both.
    SharedIdentifier,
    /// An ad-site posting fee paid by card, or an ad whose contact details name the party.
    Ad,
}

impl EdgeKind {
    /// The kind's word in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Payment => "payment",
            EdgeKind::Ownership => "ownership",
            EdgeKind::Directorship => "directorship",
            EdgeKind::Employment => "employment",
            EdgeKind::Family => "family",
            EdgeKind::Associate => "associate",
            EdgeKind::Call => "call",
            EdgeKind::SharedIdentifier => "shared_identifier",
            EdgeKind::Ad => "ad",
        }
    }

    /// Whether the edge says the two parties know each other well: money or a declared relationship.
    pub fn is_strong(self) -> bool {
        !matches!(self, EdgeKind::SharedIdentifier)
    }
}

/// A party of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// Subject id: the resolved entity id, `acct:<number>` for a statement account no record names,
    /// `cpty:<account or name>` for a counterparty known only from statements.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `person`, `company`, `account`, `counterparty` or `asset`.
    pub kind: String,
    /// Statement accounts held.
    pub accounts: Vec<String>,
    /// The entity ids (records) that stand for this party.
    pub entities: Vec<String>,
    /// Country of its accounts or address (ISO 3166-1 alpha-2), where the evidence says.
    pub country: Option<String>,
    /// Number of distinct parties it deals with (all edge kinds).
    pub degree: usize,
    /// Set aside as a hub: operations are not grown through it.
    pub hub: bool,
}

/// A typed, aggregated edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Party id (payer for payments, owner, director, employee, caller).
    pub from: String,
    /// Party id.
    pub to: String,
    /// What it stands for.
    pub kind: EdgeKind,
    /// Number of records behind it (payments, calls…).
    pub count: usize,
    /// Total paid, for payments.
    pub total: Option<Decimal>,
    /// Currency of the total.
    pub currency: Option<String>,
    /// First and last date, where the records are dated.
    pub first: Option<String>,
    /// Last date.
    pub last: Option<String>,
    /// A short description.
    pub label: String,
    /// Transaction or entity ids behind the edge (at most [`MAX_EVIDENCE`]; `count` says how many in all).
    pub evidence: Vec<String>,
}

/// Evidence ids kept per edge: enough to check it, without copying millions of ids into the case file.
pub const MAX_EVIDENCE: usize = 200;

/// The whole network.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Network {
    /// Parties by id.
    pub parties: BTreeMap<String, Party>,
    /// Edges.
    pub edges: Vec<Edge>,
}

/// Channels that move money between two named parties.
pub(crate) fn is_transfer(c: Channel) -> bool {
    matches!(
        c,
        Channel::Wire
            | Channel::P2p
            | Channel::Msb
            | Channel::Emoney
            | Channel::Crypto
            | Channel::Payroll
            | Channel::Cheque
    )
}

const RELATIONS: &[(&str, EdgeKind)] = &[
    ("Ownership", EdgeKind::Ownership),
    ("Directorship", EdgeKind::Directorship),
    ("Employment", EdgeKind::Employment),
    ("Family", EdgeKind::Family),
    ("Associate", EdgeKind::Associate),
    ("Representation", EdgeKind::Associate),
    ("UnknownLink", EdgeKind::Associate),
];

#[derive(Default)]
struct Agg {
    count: usize,
    total: Decimal,
    currency: Option<String>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    evidence: Vec<String>,
    label: String,
}

impl Agg {
    fn add(&mut self, id: &str, date: Option<NaiveDate>, amount: Option<Decimal>) {
        self.count += 1;
        if let Some(a) = amount {
            self.total += a;
        }
        if self.evidence.len() < MAX_EVIDENCE {
            self.evidence.push(id.to_string());
        }
        if let Some(d) = date {
            if self.first.is_none_or(|f| d < f) {
                self.first = Some(d);
            }
            if self.last.is_none_or(|l| d > l) {
                self.last = Some(d);
            }
        }
    }
}

fn date_of(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// Party ids as small numbers, so that aggregating millions of payments does not copy strings.
#[derive(Default)]
struct Interner {
    ids: Vec<String>,
    index: HashMap<String, u32>,
}

impl Interner {
    fn get(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.ids.len() as u32;
        self.ids.push(id.to_string());
        self.index.insert(id.to_string(), i);
        i
    }
}

/// The party id a counterparty of a statement resolves to: its statement's subject, the registry holder of
/// its account, or `cpty:` and its account number or name.
pub(crate) fn counterparty(parties: &Parties<'_>, names: &NameIndex, t: &Transaction) -> Option<String> {
    if let Some(c) = t.cpty_account.as_deref().filter(|c| !c.is_empty()) {
        if let Some(s) = parties.subject_of(c) {
            return Some(s);
        }
        if let Some(o) = parties.registry_owner(c) {
            return Some(o);
        }
        // An account abroad that no record holds, paid under a name one record carries: that record's party.
        if let Some(id) = t.cpty_name.as_deref().map(normalize::name_key).and_then(|n| names.get(&n)) {
            return Some(id.clone());
        }
        return Some(format!("cpty:{c}"));
    }
    let name = t.cpty_name.as_deref().map(normalize::name_key).filter(|k| !k.is_empty())?;
    // A payment without an account (a money transfer office's payout) names its payee: one record of that
    // exact name is that payee, said so as a name tie.
    if let Some(id) = names.get(&name) {
        return Some(id.clone());
    }
    Some(format!("cpty:{name}"))
}

/// Registry persons and organisations by exact name key, where the name is unique.
pub(crate) type NameIndex = HashMap<String, String>;

pub(crate) fn name_index(entities: &[Entity], parties: &Parties<'_>) -> NameIndex {
    let mut all: HashMap<String, BTreeSet<String>> = HashMap::new();
    for e in entities
        .iter()
        .filter(|e| e.provenance.extractor == "ftm" && e.schema_def().is_some_and(|s| s.is_a("LegalEntity")))
    {
        for n in e.values("name") {
            all.entry(normalize::name_key(n)).or_default().insert(parties.canon.of(&e.id));
        }
    }
    all.into_iter()
        .filter(|(_, ids)| ids.len() == 1)
        .map(|(k, ids)| (k, ids.into_iter().next().expect("one")))
        .collect()
}

/// Builds the network. `hub_degree`: a party dealing with more distinct parties than this is a hub.
pub fn build(
    transactions: &[Transaction],
    entities: &[Entity],
    parties: &Parties<'_>,
    analysis: &Analysis,
    hub_degree: usize,
) -> Network {
    let mut ids = Interner::default();
    let mut aggs: HashMap<(u32, u32, EdgeKind), Agg> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();

    // Payments, from the payer's side; a credit whose payer has a statement here is that payer's debit.
    let mut subject_of: HashMap<&str, u32> = HashMap::new();
    for acc in parties.accounts.values() {
        let s = ids.get(&parties.subject_of(&acc.number).unwrap_or_default());
        subject_of.insert(acc.number.as_str(), s);
    }
    let mut cpty_cache: HashMap<(&str, &str), u32> = HashMap::new();
    let name_ix = name_index(entities, parties);
    let mut countries: HashMap<u32, String> = HashMap::new();
    for t in transactions {
        if !is_transfer(t.channel) {
            continue;
        }
        let Some(&me) = subject_of.get(t.account.as_str()) else { continue };
        let key = (t.cpty_account.as_deref().unwrap_or(""), t.cpty_name.as_deref().unwrap_or(""));
        let other = match cpty_cache.get(&key) {
            Some(&o) => o,
            None => {
                let Some(o) = counterparty(parties, &name_ix, t) else { continue };
                if o.starts_with("cpty:") && !names.contains_key(&o) {
                    names.insert(o.clone(), t.cpty_name.clone().unwrap_or_else(|| o[5..].to_string()));
                }
                let o = ids.get(&o);
                cpty_cache.insert(key, o);
                let country = t.cpty_country.clone().or_else(|| {
                    t.cpty_account
                        .as_deref()
                        .and_then(|a| a.get(..2))
                        .filter(|c| c.chars().all(|c| c.is_ascii_uppercase()))
                        .map(String::from)
                });
                if let Some(c) = country {
                    countries.entry(o).or_insert(c.to_uppercase());
                }
                o
            }
        };
        if other == me {
            continue;
        }
        let (from, to) = match t.direction {
            Direction::Debit => (me, other),
            Direction::Credit => {
                if t.cpty_account.as_deref().is_some_and(|c| parties.accounts.contains_key(c)) {
                    continue;
                }
                (other, me)
            }
        };
        let a = aggs.entry((from, to, EdgeKind::Payment)).or_default();
        if a.currency.is_none() {
            a.currency = Some(t.currency.code().to_string());
        }
        a.add(&t.id, Some(t.ts.date()), Some(t.amount));
    }

    // Registry relationships.
    let canon = |id: &str| parties.canon.of(id);
    let account_numbers: HashMap<&str, String> = entities
        .iter()
        .filter(|e| e.schema == "BankAccount")
        .filter_map(|e| {
            e.first("iban").or_else(|| e.first("accountNumber")).map(|n| (e.id.as_str(), normalize::account(n).0))
        })
        .collect();
    for e in entities {
        let Some((_, kind)) = RELATIONS.iter().find(|(s, _)| *s == e.schema) else { continue };
        let Some(schema) = e.schema_def() else { continue };
        let Some((src, dst)) = &schema.edge else { continue };
        let (Some(f), Some(t)) = (e.first(src), e.first(dst)) else { continue };
        // The ownership of a statement account is folded into its holder.
        if let Some(n) = account_numbers.get(t)
            && parties.accounts.contains_key(n)
        {
            continue;
        }
        let date = e.first("startDate").and_then(date_of);
        let (f, t) = (ids.get(&canon(f)), ids.get(&canon(t)));
        let a = aggs.entry((f, t, *kind)).or_default();
        a.label = e.caption();
        a.add(&e.id, date, None);
    }

    // Calls between the parties' phones, where one party carries the phone.
    let mut phone_owner: HashMap<String, BTreeSet<String>> = HashMap::new();
    for e in entities {
        if e.schema_def().is_some_and(|s| s.is_a("LegalEntity")) {
            for p in e.values("phone") {
                if let Ok(n) = normalize::phone(p, None) {
                    phone_owner.entry(n).or_default().insert(canon(&e.id));
                }
            }
        }
    }
    // Call records repeat a few thousand numbers millions of times: each is parsed once.
    let mut owners: HashMap<String, Option<u32>> = HashMap::new();
    let mut owner_of = |p: &str, ids: &mut Interner| -> Option<u32> {
        if let Some(o) = owners.get(p) {
            return *o;
        }
        let o = normalize::phone(p, None)
            .ok()
            .and_then(|n| phone_owner.get(&n))
            .filter(|set| set.len() == 1)
            .and_then(|set| set.iter().next())
            .map(|id| ids.get(id));
        owners.insert(p.to_string(), o);
        o
    };
    for e in entities.iter().filter(|e| e.schema == "Call") {
        let (Some(c), Some(r)) = (e.first("callerNumber"), e.first("receiverNumber")) else { continue };
        let (Some(c), Some(r)) = (owner_of(c, &mut ids), owner_of(r, &mut ids)) else { continue };
        if c == r {
            continue;
        }
        let date = e.first("date").and_then(date_of);
        aggs.entry((c, r, EdgeKind::Call)).or_default().add(&e.id, date, None);
    }

    // Shared identifiers and ad bridges, as the first pass found them.
    for e in &analysis.network.edges {
        let kind = match e.kind.as_str() {
            "shared_identifier" => EdgeKind::SharedIdentifier,
            "ad_payment" | "ad_contact" => EdgeKind::Ad,
            _ => continue,
        };
        let (f, t) = (ids.get(&e.from), ids.get(&e.to));
        let a = aggs.entry((f, t, kind)).or_default();
        a.label = e.label.clone();
        for id in &e.evidence {
            a.add(id, None, None);
        }
    }

    // Parties.
    let mut net = Network::default();
    let subjects: HashMap<&str, &theseus_analysis::output::Subject> =
        analysis.subjects.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut accounts_of: HashMap<&str, Vec<String>> = HashMap::new();
    for (n, s) in &subject_of {
        accounts_of.entry(ids.ids[*s as usize].as_str()).or_default().push(n.to_string());
    }
    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    for e in entities.iter().filter(|e| e.schema_def().is_some_and(|s| s.is_a("Thing") || s.is_a("LegalEntity"))) {
        members.entry(canon(&e.id)).or_default().push(e.id.clone());
    }
    // Degree: distinct neighbours over every kind of edge, counted on numbers, not strings.
    let mut pairs: std::collections::HashSet<(u32, u32)> = std::collections::HashSet::with_capacity(aggs.len());
    for (from, to, _) in aggs.keys() {
        pairs.insert(((*from).min(*to), (*from).max(*to)));
    }
    let mut degree = vec![0usize; ids.ids.len()];
    for (a, b) in pairs {
        degree[a as usize] += 1;
        if a != b {
            degree[b as usize] += 1;
        }
    }
    for (i, id) in ids.ids.iter().enumerate() {
        let d = degree[i];
        if d == 0 {
            continue;
        }
        let id = &id.as_str();
        let (name, kind) = if let Some(s) = subjects.get(id) {
            // A resolved cluster mixes records (a subscriber line, an ad poster): the party is what its person
            // or company records say.
            let kinds: Vec<&str> = s
                .entities
                .iter()
                .filter_map(|e| parties.entities.get(e.as_str()))
                .map(|e| kind_of(&e.schema))
                .collect();
            let kind = ["company", "person"].into_iter().find(|k| kinds.contains(k)).unwrap_or("account");
            (s.name.clone(), kind)
        } else if let Some(e) = parties.entities.get(id) {
            (e.caption(), kind_of(&e.schema))
        } else if let Some(e) = members.get(*id).and_then(|m| m.iter().find_map(|e| parties.entities.get(e.as_str()))) {
            (e.caption(), kind_of(&e.schema))
        } else if id.starts_with("cpty:") {
            (names.get(*id).cloned().unwrap_or_else(|| id[5..].to_string()), "counterparty")
        } else {
            (id.to_string(), "account")
        };
        let mut accounts = accounts_of.get(*id).cloned().unwrap_or_default();
        accounts.sort();
        let country = accounts
            .iter()
            .find_map(|a| a.get(..2).filter(|c| c.chars().all(|c| c.is_ascii_uppercase())).map(String::from))
            .or_else(|| ids.index.get(*id).and_then(|i| countries.get(i)).cloned());
        let mut ents = members.get(*id).cloned().unwrap_or_default();
        ents.sort();
        net.parties.insert(
            id.to_string(),
            Party {
                id: id.to_string(),
                name,
                kind: kind.into(),
                accounts,
                entities: ents,
                country,
                degree: d,
                hub: d > hub_degree,
            },
        );
    }
    let mut edges: Vec<Edge> = aggs
        .into_iter()
        .map(|((from, to, kind), a)| {
            let (from, to) = (ids.ids[from as usize].clone(), ids.ids[to as usize].clone());
            let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
            let (first, last) = (day(a.first), day(a.last));
            let label = if kind == EdgeKind::Payment {
                format!(
                    "{} {} in {} payment(s), {} – {}",
                    a.total.round_dp(2),
                    a.currency.as_deref().unwrap_or(""),
                    a.count,
                    first.as_deref().unwrap_or("?"),
                    last.as_deref().unwrap_or("?")
                )
            } else if kind == EdgeKind::Call {
                format!("{} call(s), {} – {}", a.count, first.as_deref().unwrap_or("?"), last.as_deref().unwrap_or("?"))
            } else {
                a.label
            };
            Edge {
                from,
                to,
                kind,
                count: a.count,
                total: (kind == EdgeKind::Payment).then_some(a.total),
                currency: a.currency,
                first,
                last,
                label,
                evidence: a.evidence,
            }
        })
        .collect();
    edges.sort_by(|a, b| (&a.from, &a.to, a.kind).cmp(&(&b.from, &b.to, b.kind)));
    net.edges = edges;
    net
}

fn kind_of(schema: &str) -> &'static str {
    match schema {
        "Person" => "person",
        "Company" | "Organization" | "LegalEntity" | "PublicBody" => "company",
        "BankAccount" => "account",
        "RealEstate" | "Vehicle" | "Asset" | "Security" | "CryptoWallet" => "asset",
        _ => "other",
    }
}

impl Network {
    /// Edges touching each party, as indices into [`Network::edges`].
    pub fn adjacency(&self) -> HashMap<&str, Vec<usize>> {
        let mut adj: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in self.edges.iter().enumerate() {
            adj.entry(e.from.as_str()).or_default().push(i);
            if e.to != e.from {
                adj.entry(e.to.as_str()).or_default().push(i);
            }
        }
        adj
    }

    /// The sub-network of some parties: those parties and the edges between them.
    pub fn restrict(&self, keep: &BTreeSet<String>) -> Network {
        Network {
            parties: self
                .parties
                .iter()
                .filter(|(id, _)| keep.contains(*id))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            edges: self.edges.iter().filter(|e| keep.contains(&e.from) && keep.contains(&e.to)).cloned().collect(),
        }
    }
}
