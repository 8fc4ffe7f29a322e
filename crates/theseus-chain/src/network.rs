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

/// What an edge's evidence points to, kept as numbers until the edge is written out.
#[derive(Clone, Copy)]
enum Src<'a> {
    /// A transaction, by index.
    Txn(u32),
    /// An entity, by index.
    Ent(u32),
    /// A record id the first pass cited.
    Id(&'a str),
}

/// Where an edge's label comes from.
#[derive(Clone, Copy, Default)]
enum Label<'a> {
    #[default]
    None,
    /// The caption of an entity, by index.
    Entity(u32),
    /// A label the first pass wrote.
    Text(&'a str),
}

#[derive(Default)]
struct Agg<'a> {
    count: usize,
    total: Decimal,
    currency: Option<theseus_model::Currency>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    evidence: Vec<Src<'a>>,
    label: Label<'a>,
}

impl<'a> Agg<'a> {
    fn add(&mut self, src: Src<'a>, date: Option<NaiveDate>, amount: Option<Decimal>) {
        self.count += 1;
        if let Some(a) = amount {
            self.total += a;
        }
        if self.evidence.len() < MAX_EVIDENCE {
            self.evidence.push(src);
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
    s.get(..10)?.parse().ok()
}

/// The last seven digits of a phone number as written, where they can be read without parsing it: the same
/// for every way of writing one number (national or international, spaces, brackets). `None` when the
/// number is too short or carries letters (an extension, a vanity number), so it is parsed in full.
fn phone_tail(p: &str) -> Option<u32> {
    if p.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let digits: Vec<u8> = p.bytes().filter(u8::is_ascii_digit).collect();
    let tail = digits.get(digits.len().checked_sub(7)?..)?;
    Some(tail.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
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

/// How far from an alerted subject the roles look: its neighbours (the core), their neighbours (the
/// controllers' circle, the businesses' staff) and one step more (the staff's own payments). Parties beyond
/// are never examined, so they are never written out.
const REACH: usize = 3;

/// The whole network on numbers: every party interned and every edge aggregated, with evidence kept as
/// indices. Only the part a case needs is written out as a [`Network`] ([`Graph::around`], [`Graph::among`]):
/// a world of ten million payments has millions of ordinary parties no operation touches.
pub struct Graph<'a> {
    transactions: &'a [Transaction],
    entities: &'a [Entity],
    ids: Interner,
    aggs: HashMap<(u32, u32, EdgeKind), Agg<'a>>,
    degree: Vec<usize>,
    hub_degree: usize,
    names: HashMap<String, String>,
    countries: HashMap<u32, String>,
    accounts_of: HashMap<u32, Vec<String>>,
}

/// Builds the whole network, every party and edge written out (tests and small cases; a case uses
/// [`Graph::around`]).
pub fn build(
    transactions: &[Transaction],
    entities: &[Entity],
    parties: &Parties<'_>,
    analysis: &Analysis,
    hub_degree: usize,
) -> Network {
    let g = Graph::build(transactions, entities, parties, analysis, hub_degree);
    let all: Vec<u32> = (0..g.degree.len() as u32).collect();
    g.write(parties, analysis, |_, _| true, &all)
}

impl<'a> Graph<'a> {
    /// Aggregates the evidence into edges. `hub_degree`: a party dealing with more distinct parties than
    /// this is a hub.
    pub fn build(
        transactions: &'a [Transaction],
        entities: &'a [Entity],
        parties: &Parties<'_>,
        analysis: &'a Analysis,
        hub_degree: usize,
    ) -> Graph<'a> {
        let mut laps = crate::Laps::new("network");
        let mut ids = Interner::default();
        let mut aggs: HashMap<(u32, u32, EdgeKind), Agg<'a>> = HashMap::new();
        let mut names: HashMap<String, String> = HashMap::new();

        // Payments, from the payer's side; a credit whose payer has a statement here is that payer's debit.
        let mut subject_of: HashMap<&str, u32> = HashMap::new();
        let mut accounts_of: HashMap<u32, Vec<String>> = HashMap::new();
        for acc in parties.accounts.values() {
            let s = ids.get(&parties.subject_of(&acc.number).unwrap_or_default());
            subject_of.insert(acc.number.as_str(), s);
        }
        let mut cpty_cache: HashMap<(&str, &str), u32> = HashMap::new();
        let name_ix = name_index(entities, parties);
        let mut countries: HashMap<u32, String> = HashMap::new();
        // Statements come account by account: the last account's subject is looked up once.
        let mut last: Option<(&str, Option<u32>)> = None;
        for (i, t) in transactions.iter().enumerate() {
            if !is_transfer(t.channel) {
                continue;
            }
            let me = match last {
                Some((a, s)) if a == t.account => s,
                _ => {
                    let s = subject_of.get(t.account.as_str()).copied();
                    last = Some((t.account.as_str(), s));
                    s
                }
            };
            let Some(me) = me else { continue };
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
                a.currency = Some(t.currency);
            }
            a.add(Src::Txn(i as u32), Some(t.ts.date()), Some(t.amount));
        }
        for (n, s) in &subject_of {
            accounts_of.entry(*s).or_default().push(n.to_string());
        }
        laps.lap("payments");

        // Registry relationships.
        let canon = |id: &str| parties.canon.of(id);
        let account_numbers: HashMap<&str, String> = entities
            .iter()
            .filter(|e| e.schema == "BankAccount")
            .filter_map(|e| {
                e.first("iban").or_else(|| e.first("accountNumber")).map(|n| (e.id.as_str(), normalize::account(n).0))
            })
            .collect();
        for (i, e) in entities.iter().enumerate() {
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
            a.label = Label::Entity(i as u32);
            a.add(Src::Ent(i as u32), date, None);
        }
        laps.lap("relations");

        // Calls between the parties' phones, where one party carries the phone. Call records repeat a few
        // thousand numbers millions of times: each is parsed once, and of the parties' phones only those that
        // can be one of them (the same last seven digits) are parsed at all.
        let calls: Vec<(u32, &'a str, &'a str)> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.schema == "Call")
            .filter_map(|(i, e)| Some((i as u32, e.first("callerNumber")?, e.first("receiverNumber")?)))
            .collect();
        let mut called: HashMap<&'a str, Option<String>> = HashMap::new();
        for &(_, c, r) in &calls {
            for p in [c, r] {
                called.entry(p).or_insert_with(|| normalize::phone(p, None).ok());
            }
        }
        let tails: std::collections::HashSet<u32> = called.values().flatten().filter_map(|n| phone_tail(n)).collect();
        let mut phone_owner: HashMap<String, BTreeSet<String>> = HashMap::new();
        for e in entities {
            let phones = e.values("phone");
            if phones.is_empty() || !e.schema_def().is_some_and(|s| s.is_a("LegalEntity")) {
                continue;
            }
            for p in phones {
                if phone_tail(p).is_some_and(|t| !tails.contains(&t)) {
                    continue;
                }
                if let Ok(n) = normalize::phone(p, None) {
                    phone_owner.entry(n).or_default().insert(canon(&e.id));
                }
            }
        }
        let mut owners: HashMap<&str, Option<u32>> = HashMap::new();
        let mut owner_of = |p: &'a str, ids: &mut Interner| -> Option<u32> {
            if let Some(o) = owners.get(p) {
                return *o;
            }
            let o = called
                .get(p)
                .and_then(|n| n.as_ref())
                .and_then(|n| phone_owner.get(n))
                .filter(|set| set.len() == 1)
                .and_then(|set| set.iter().next())
                .map(|id| ids.get(id));
            owners.insert(p, o);
            o
        };
        for &(i, c, r) in &calls {
            let (Some(c), Some(r)) = (owner_of(c, &mut ids), owner_of(r, &mut ids)) else { continue };
            if c == r {
                continue;
            }
            let date = entities[i as usize].first("date").and_then(date_of);
            aggs.entry((c, r, EdgeKind::Call)).or_default().add(Src::Ent(i), date, None);
        }
        laps.lap("calls");

        // Shared identifiers and ad bridges, as the first pass found them.
        for e in &analysis.network.edges {
            let kind = match e.kind.as_str() {
                "shared_identifier" => EdgeKind::SharedIdentifier,
                "ad_payment" | "ad_contact" => EdgeKind::Ad,
                _ => continue,
            };
            let (f, t) = (ids.get(&e.from), ids.get(&e.to));
            let a = aggs.entry((f, t, kind)).or_default();
            a.label = Label::Text(&e.label);
            for id in &e.evidence {
                a.add(Src::Id(id), None, None);
            }
        }
        laps.lap("shared");

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
        laps.lap("degrees");
        Graph { transactions, entities, ids, aggs, degree, hub_degree, names, countries, accounts_of }
    }

    fn hub(&self, i: u32) -> bool {
        self.degree[i as usize] > self.hub_degree
    }

    /// The part of the network the roles examine: every edge of each party within [`REACH`] steps of an
    /// alerted subject (not going through hubs, which are never grown through), and the parties at their
    /// other ends. On it, the roles come out exactly as on the whole network.
    pub fn around(&self, parties: &Parties<'_>, analysis: &Analysis) -> Network {
        let n = self.ids.ids.len();
        let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (f, t, _) in self.aggs.keys() {
            adj[*f as usize].push(*t);
            adj[*t as usize].push(*f);
        }
        // Breadth first from the alerted subjects; a hub is reached but not expanded (unless alerted).
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut frontier: Vec<u32> =
            analysis.subjects.iter().filter(|s| s.alert).filter_map(|s| self.ids.index.get(&s.id).copied()).collect();
        for &i in &frontier {
            depth[i as usize] = Some(0);
        }
        let mut open = vec![false; n];
        for d in 0..=REACH {
            let mut next = Vec::new();
            for &i in &frontier {
                if d > 0 && self.hub(i) {
                    continue;
                }
                open[i as usize] = true;
                if d == REACH {
                    continue;
                }
                for &o in &adj[i as usize] {
                    if depth[o as usize].is_none() {
                        depth[o as usize] = Some(d + 1);
                        next.push(o);
                    }
                }
            }
            frontier = next;
        }
        drop(adj);
        self.write(parties, analysis, |f, t| open[f as usize] || open[t as usize], &[])
    }

    /// The parties `keep` and the edges between them.
    pub fn among(&self, parties: &Parties<'_>, analysis: &Analysis, keep: &BTreeSet<String>) -> Network {
        let mut inside = vec![false; self.ids.ids.len()];
        for k in keep {
            if let Some(&i) = self.ids.index.get(k) {
                inside[i as usize] = true;
            }
        }
        let all: Vec<u32> = (0..inside.len() as u32).filter(|&i| inside[i as usize]).collect();
        self.write(parties, analysis, |f, t| inside[f as usize] && inside[t as usize], &all)
    }

    /// Writes out the edges `edge` accepts, the parties at their ends and the parties `also` (those without
    /// edges are never written: they deal with no one).
    fn write(
        &self,
        parties: &Parties<'_>,
        analysis: &Analysis,
        edge: impl Fn(u32, u32) -> bool,
        also: &[u32],
    ) -> Network {
        let ids = &self.ids;
        let kept: Vec<(&(u32, u32, EdgeKind), &Agg<'a>)> =
            self.aggs.iter().filter(|((f, t, _), _)| edge(*f, *t)).collect();
        let mut wanted: BTreeSet<u32> = also.iter().copied().filter(|&i| self.degree[i as usize] > 0).collect();
        for ((f, t, _), _) in &kept {
            for i in [*f, *t] {
                if self.degree[i as usize] > 0 {
                    wanted.insert(i);
                }
            }
        }
        let canon = |id: &str| parties.canon.of(id);
        let subjects: HashMap<&str, &theseus_analysis::output::Subject> =
            analysis.subjects.iter().map(|s| (s.id.as_str(), s)).collect();
        let wanted_ids: HashMap<&str, u32> = wanted.iter().map(|&i| (ids.ids[i as usize].as_str(), i)).collect();
        let mut members: HashMap<u32, Vec<String>> = HashMap::new();
        for e in
            self.entities.iter().filter(|e| e.schema_def().is_some_and(|s| s.is_a("Thing") || s.is_a("LegalEntity")))
        {
            if let Some(&i) = wanted_ids.get(canon(&e.id).as_str()) {
                members.entry(i).or_default().push(e.id.clone());
            }
        }
        let mut net = Network::default();
        for &i in &wanted {
            let id = ids.ids[i as usize].as_str();
            let d = self.degree[i as usize];
            let (name, kind) = if let Some(s) = subjects.get(id) {
                // A resolved cluster mixes records (a subscriber line, an ad poster): the party is what its
                // person or company records say.
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
            } else if let Some(e) =
                members.get(&i).and_then(|m| m.iter().find_map(|e| parties.entities.get(e.as_str())))
            {
                (e.caption(), kind_of(&e.schema))
            } else if let Some(rest) = id.strip_prefix("cpty:") {
                (self.names.get(id).cloned().unwrap_or_else(|| rest.to_string()), "counterparty")
            } else {
                (id.to_string(), "account")
            };
            let mut accounts: Vec<String> = self.accounts_of.get(&i).cloned().unwrap_or_default();
            accounts.sort();
            let country = accounts
                .iter()
                .find_map(|a| a.get(..2).filter(|c| c.chars().all(|c| c.is_ascii_uppercase())).map(String::from))
                .or_else(|| self.countries.get(&i).cloned());
            let mut ents = members.remove(&i).unwrap_or_default();
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
                    hub: d > self.hub_degree,
                },
            );
        }
        let mut edges: Vec<Edge> = kept
            .into_iter()
            .map(|(&(from, to, kind), a)| {
                let (from, to) = (ids.ids[from as usize].clone(), ids.ids[to as usize].clone());
                let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
                let (first, last) = (day(a.first), day(a.last));
                let currency = a.currency.map(|c| c.code().to_string());
                let label = if kind == EdgeKind::Payment {
                    format!(
                        "{} {} in {} payment(s), {} – {}",
                        a.total.round_dp(2),
                        currency.as_deref().unwrap_or(""),
                        a.count,
                        first.as_deref().unwrap_or("?"),
                        last.as_deref().unwrap_or("?")
                    )
                } else if kind == EdgeKind::Call {
                    format!(
                        "{} call(s), {} – {}",
                        a.count,
                        first.as_deref().unwrap_or("?"),
                        last.as_deref().unwrap_or("?")
                    )
                } else {
                    match a.label {
                        Label::None => String::new(),
                        Label::Entity(i) => self.entities[i as usize].caption(),
                        Label::Text(t) => t.to_string(),
                    }
                };
                let evidence = a
                    .evidence
                    .iter()
                    .map(|s| match *s {
                        Src::Txn(i) => self.transactions[i as usize].id.clone(),
                        Src::Ent(i) => self.entities[i as usize].id.clone(),
                        Src::Id(id) => id.to_string(),
                    })
                    .collect();
                Edge {
                    from,
                    to,
                    kind,
                    count: a.count,
                    total: (kind == EdgeKind::Payment).then_some(a.total),
                    currency,
                    first,
                    last,
                    label,
                    evidence,
                }
            })
            .collect();
        edges.sort_by(|a, b| (&a.from, &a.to, a.kind).cmp(&(&b.from, &b.to, b.kind)));
        net.edges = edges;
        net
    }
}

pub(crate) fn kind_of(schema: &str) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::phone_tail;

    #[test]
    fn one_number_written_several_ways_has_one_tail() {
        let tail = phone_tail("+49 170 1234567");
        assert_eq!(tail, Some(1_234_567));
        for written in ["0170 1234567", "+49 (0)170-123 45 67", "0049 1701234567"] {
            assert_eq!(phone_tail(written), tail, "{written}");
        }
        assert_ne!(phone_tail("+49 170 1234568"), tail);
        // Too short, or letters: parsed in full instead.
        assert_eq!(phone_tail("112"), None);
        assert_eq!(phone_tail("+49 170 1234567 ext 12"), None);
    }
}
