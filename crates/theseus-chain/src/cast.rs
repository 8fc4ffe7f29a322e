//! Roles for the whole chain: who recruits, transports, exploits, facilitates, profits, buys — and who is
//! exploited. Each role is a scored hypothesis with the evidence behind it, never a verdict.

use serde::{Deserialize, Serialize};

/// A part in the trafficking chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Finds and enlists the victims (often abroad), paid per recruit.
    Recruiter,
    /// Moves the victims: across borders, between cities, to the work sites.
    Transporter,
    /// Controls the victims and collects what they earn.
    Exploiter,
    /// Provides a service the operation needs: housing, a straw directorship, a mule account.
    Facilitator,
    /// Receives proceeds without running the exploitation.
    Beneficiary,
    /// A company through which the exploitation is run or its proceeds pass.
    ComplicitBusiness,
    /// Pays for the exploited person's services.
    Buyer,
    /// Is exploited.
    Victim,
}

impl Role {
    /// Every role, in the order the chain runs.
    pub const ALL: [Role; 8] = [
        Role::Recruiter,
        Role::Transporter,
        Role::Exploiter,
        Role::Facilitator,
        Role::Beneficiary,
        Role::ComplicitBusiness,
        Role::Buyer,
        Role::Victim,
    ];

    /// The role's word, as the exports and the ground truth of the simulator write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Recruiter => "recruiter",
            Role::Transporter => "transporter",
            Role::Exploiter => "exploiter",
            Role::Facilitator => "facilitator",
            Role::Beneficiary => "beneficiary",
            Role::ComplicitBusiness => "complicit_business",
            Role::Buyer => "buyer",
            Role::Victim => "victim",
        }
    }

    /// Whether the role is one a prosecutor could charge.
    pub fn is_offender(self) -> bool {
        !matches!(self, Role::Victim | Role::Buyer)
    }
}

/// One statement of evidence: what it shows, and the records (transaction or entity ids) that show it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// What the records show, in a sentence.
    pub what: String,
    /// Transaction or entity ids, as the sources gave them.
    pub records: Vec<String>,
}

/// A role hypothesis for one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleHypothesis {
    /// The role.
    pub role: Role,
    /// Strength of the hypothesis, 0 to 1.
    pub score: f64,
    /// Why.
    pub evidence: Vec<Evidence>,
}

/// A party of an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Subject id (the resolved entity id, or `acct:<number>` for an account no record names).
    pub subject: String,
    /// Display name.
    pub name: String,
    /// `person`, `company` or `account`.
    pub kind: String,
    /// Statement accounts held.
    pub accounts: Vec<String>,
    /// Role hypotheses, strongest first; the first is the member's role.
    pub roles: Vec<RoleHypothesis>,
    /// Set when the member shows victim indicators and is also treated as a suspect (an offender role, or an
    /// alert): the non-punishment principle applies.
    pub victim_warning: Option<String>,
    /// Whether the first pass alerted this subject.
    pub alerted: bool,
}

impl Member {
    /// The member's leading role.
    pub fn role(&self) -> Option<Role> {
        self.roles.first().map(|r| r.role)
    }
}

/// One operation: a community of parties around one or more alerted subjects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// `OP-1`, `OP-2`… in order of the strongest alert.
    pub id: String,
    /// The typologies its alerted subjects raised (`sexual_exploitation`, `labour_exploitation`…), strongest
    /// first.
    pub typologies: Vec<String>,
    /// The alerted subjects it was grown from.
    pub anchors: Vec<String>,
    /// Its members, offenders first.
    pub members: Vec<Member>,
}

/// Every operation found, with its members' roles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cast {
    /// Operations, strongest first.
    pub operations: Vec<Operation>,
}

/// Settings of the role pass.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Options {
    /// A party dealing with more distinct parties than this is a hub: operations never grow through it.
    pub hub_degree: usize,
    /// Payments between two parties below this count and total do not tie them into one operation.
    pub min_payments: usize,
    /// A role hypothesis below this score is not shown as the member's role.
    pub min_role_score: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { hub_degree: 40, min_payments: 2, min_role_score: 0.35 }
    }
}

/// Words of payment references and names, by the role they hint at. Lower case, matched as words.
const RENT_WORDS: &[&str] =
    &["miete", "rent", "wohnung", "zimmer", "room", "flat", "apartment", "kaution", "nebenkosten"];
const AGENCY_WORDS: &[&str] = &[
    "agency",
    "agentur",
    "recruitment",
    "recruiting",
    "vermittlung",
    "personal",
    "staffing",
    "jobs",
    "work",
    "agentia",
];
const RIDE_WORDS: &[&str] =
    &["fahrten", "fahrt", "fahrtkosten", "transport", "benzin", "benzina", "sprit", "rides", "fuel", "taxi"];
const GIFT_WORDS: &[&str] =
    &["für", "dich", "haushalt", "familie", "family", "geschenk", "gift", "love", "schatz", "taschengeld"];
const FEE_WORDS: &[&str] =
    &["vermittlung", "vermittlungsgebühr", "fee", "gebühr", "recruitment", "visa", "ticket", "reise"];
/// Merchant category codes of passenger transport and fuel: a driver's spending.
const TRANSPORT_MCC: &[u16] = &[4111, 4121, 4131, 4789, 5541, 5542, 7512, 7523];

fn has_word(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| words.contains(&w))
}

/// What the first pass says of one subject.
struct Known<'a> {
    subject: Option<&'a theseus_analysis::output::Subject>,
}

impl Known<'_> {
    fn letter(&self, l: &str) -> f64 {
        self.subject.and_then(|s| s.roles.get(l)).copied().unwrap_or(0.0)
    }
    fn offender_support(&self) -> f64 {
        self.subject.map(|s| s.roles.iter().filter(|(r, _)| r.as_str() != "V").map(|(_, w)| *w).sum()).unwrap_or(0.0)
    }
    fn victim_warning(&self) -> bool {
        self.subject.is_some_and(|s| s.victim_warning.is_some())
    }
    fn alerted(&self) -> bool {
        self.subject.is_some_and(|s| s.alert)
    }
    fn codes(&self, letter: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .subject
            .map(|s| s.hits.iter().filter(|h| h.roles.iter().any(|r| r == letter)).map(|h| h.code.clone()).collect())
            .unwrap_or_default();
        out.sort();
        out.dedup();
        out
    }
    fn hit_records(&self, letter: &str) -> Vec<String> {
        self.subject
            .map(|s| {
                s.hits
                    .iter()
                    .filter(|h| h.roles.iter().any(|r| r == letter))
                    .flat_map(|h| h.evidence.iter().take(5).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Where the parties around the alerts are registered: who else lives at each of their addresses, from the
/// registry records themselves (not the network, so it reaches people with no account and no payments).
struct Homes {
    /// Residents (party ids) by address key.
    residents: std::collections::HashMap<String, std::collections::BTreeSet<String>>,
    /// Parties holding a statement account here.
    holders: std::collections::HashSet<String>,
    /// The year the transactions end, for ages.
    year: Option<i32>,
}

/// An address as a key: lower case, letters and digits only, words in order.
fn address_key(a: &str) -> String {
    a.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn addresses_of(parties: &theseus_analysis::parties::Parties<'_>, m: &str) -> Vec<String> {
    parties
        .canon
        .members(m)
        .iter()
        .filter_map(|e| parties.entities.get(e.as_str()))
        .filter(|e| e.schema == "Person")
        .flat_map(|e| e.values("address").iter().map(|a| address_key(a)))
        .filter(|k| !k.is_empty())
        .collect()
}

impl Homes {
    fn build<'s>(
        parties: &theseus_analysis::parties::Parties<'_>,
        analysis: &theseus_analysis::Analysis,
        candidates: impl Iterator<Item = &'s String>,
    ) -> Homes {
        let keys: std::collections::HashSet<String> = candidates.flat_map(|m| addresses_of(parties, m)).collect();
        let mut residents: std::collections::HashMap<String, std::collections::BTreeSet<String>> = Default::default();
        for e in parties.entities.values().filter(|e| e.schema == "Person") {
            for a in e.values("address") {
                let k = address_key(a);
                if keys.contains(&k) {
                    residents.entry(k).or_default().insert(parties.canon.of(&e.id));
                }
            }
        }
        let holders = parties.accounts.values().filter_map(|a| a.owner.as_ref().map(|(id, _)| id.clone())).collect();
        let year = analysis.stats.period.as_ref().and_then(|(_, end)| end.get(..4)).and_then(|y| y.parse().ok());
        Homes { residents, holders, year }
    }

    /// Whether the person was under 18 in the year the transactions end, by any record's birth date.
    fn minor(&self, parties: &theseus_analysis::parties::Parties<'_>, m: &str) -> Option<i32> {
        let year = self.year?;
        parties
            .canon
            .members(m)
            .iter()
            .filter_map(|e| parties.entities.get(e.as_str()))
            .flat_map(|e| e.values("birthDate"))
            .filter_map(|b| b.get(..4)?.parse::<i32>().ok())
            .map(|born| year - born)
            .find(|age| *age < 18)
    }
}

/// Finds the operations around the alerted subjects and hypothesises each member's role.
pub fn infer<'a>(
    net: &crate::network::Network,
    analysis: &'a theseus_analysis::Analysis,
    parties: &theseus_analysis::parties::Parties<'_>,
    opts: &Options,
) -> Cast {
    use crate::network::EdgeKind;
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    let subjects: HashMap<&str, &'a theseus_analysis::output::Subject> =
        analysis.subjects.iter().map(|s| (s.id.as_str(), s)).collect();
    let known = |id: &str| -> Known<'a> { Known { subject: subjects.get(id).copied() } };
    let adj = net.adjacency();
    let hub = |id: &str| net.parties.get(id).is_some_and(|p| p.hub);
    let strong = |e: &crate::network::Edge| match e.kind {
        EdgeKind::Payment => e.count >= opts.min_payments,
        EdgeKind::Call => e.count >= 3,
        EdgeKind::SharedIdentifier => false,
        _ => true,
    };

    // 1. Cores: each alerted subject with its strong, non-hub neighbours.
    let mut anchors: Vec<&theseus_analysis::output::Subject> = analysis.subjects.iter().filter(|s| s.alert).collect();
    anchors.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    let core_of = |id: &str| -> BTreeSet<String> {
        let mut out = BTreeSet::from([id.to_string()]);
        for &i in adj.get(id).map(Vec::as_slice).unwrap_or(&[]) {
            let e = &net.edges[i];
            let other = if e.from == id { &e.to } else { &e.from };
            if strong(e) && !hub(other) {
                out.insert(other.clone());
            }
        }
        out
    };
    let cores: Vec<BTreeSet<String>> = anchors.iter().map(|a| core_of(&a.id)).collect();
    let homes = Homes::build(parties, analysis, cores.iter().flatten());
    // 2. Anchors whose cores meet form one operation.
    let mut parent: Vec<usize> = (0..anchors.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, c) in cores.iter().enumerate() {
        for m in c {
            if let Some(&j) = owner.get(m.as_str()) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            } else {
                owner.insert(m.as_str(), i);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..anchors.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }

    let mut cast = Cast::default();
    for (n, (_, idx)) in groups.into_iter().enumerate() {
        let mut members: BTreeSet<String> = BTreeSet::new();
        for &i in &idx {
            members.extend(cores[i].iter().cloned());
        }
        let anchor_ids: Vec<String> = idx.iter().map(|&i| anchors[i].id.clone()).collect();
        // The operation's typologies, strongest first (by the best score any of its anchors reached).
        let mut best: BTreeMap<String, f64> = BTreeMap::new();
        for &i in &idx {
            for t in anchors[i].typologies.iter().filter(|t| t.alert) {
                let e = best.entry(t.typology.clone()).or_insert(0.0);
                *e = e.max(t.score);
            }
        }
        let mut typologies: Vec<(String, f64)> = best.into_iter().collect();
        typologies.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let typologies: Vec<String> = typologies.into_iter().map(|(t, _)| t).collect();
        let op = assemble(
            format!("OP-{}", n + 1),
            anchor_ids,
            typologies,
            members,
            net,
            &adj,
            parties,
            &known,
            opts,
            &homes,
        );
        cast.operations.push(op);
    }
    cast
}

/// Payments between one party and a set of others: (count, total, evidence) each way.
#[derive(Default, Clone)]
struct Ties {
    pays: usize,
    paid_total: rust_decimal::Decimal,
    paid_by: usize,
    received_total: rust_decimal::Decimal,
    evidence_out: Vec<String>,
    evidence_in: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn assemble<'a>(
    id: String,
    anchors: Vec<String>,
    typologies: Vec<String>,
    mut core: std::collections::BTreeSet<String>,
    net: &crate::network::Network,
    adj: &std::collections::HashMap<&str, Vec<usize>>,
    parties: &theseus_analysis::parties::Parties<'_>,
    known: &dyn Fn(&str) -> Known<'a>,
    opts: &Options,
    homes: &Homes,
) -> Operation {
    use crate::network::EdgeKind;
    use std::collections::{BTreeMap, BTreeSet};

    let edges_of = |m: &str| adj.get(m).map(Vec::as_slice).unwrap_or(&[]).iter().map(|&i| &net.edges[i]);
    let ties_with = |m: &str, set: &BTreeSet<String>| -> Ties {
        let mut t = Ties::default();
        for e in edges_of(m).filter(|e| e.kind == EdgeKind::Payment) {
            if e.from == m && set.contains(&e.to) {
                t.pays += e.count;
                t.paid_total += e.total.unwrap_or_default();
                t.evidence_out.extend(e.evidence.iter().take(5).cloned());
            } else if e.to == m && set.contains(&e.from) {
                t.paid_by += e.count;
                t.received_total += e.total.unwrap_or_default();
                t.evidence_in.extend(e.evidence.iter().take(5).cloned());
            }
        }
        t
    };
    let relation =
        |m: &str, kind: EdgeKind, set: &BTreeSet<String>, m_is_from: bool| -> Option<&crate::network::Edge> {
            edges_of(m).find(|e| {
                e.kind == kind
                    && if m_is_from { e.from == m && set.contains(&e.to) } else { e.to == m && set.contains(&e.from) }
            })
        };

    // First pass: victims (they decide who buys and what a business is for).
    let mut victims: BTreeSet<String> = BTreeSet::new();
    let mut hyps: BTreeMap<String, Vec<RoleHypothesis>> = BTreeMap::new();
    let kind_of = |m: &str| net.parties.get(m).map(|p| p.kind.as_str()).unwrap_or("account");
    let strong_neighbours = |m: &str| -> Vec<String> {
        edges_of(m)
            .filter(|e| match e.kind {
                EdgeKind::Payment => e.count >= opts.min_payments,
                EdgeKind::Call => e.count >= 3,
                EdgeKind::SharedIdentifier => false,
                _ => true,
            })
            .map(|e| if e.from == m { e.to.clone() } else { e.from.clone() })
            .filter(|o| !net.parties.get(o).is_some_and(|p| p.hub))
            .collect()
    };
    // Likely victims by their own accounts' indicators.
    let victim_like = |m: &str| {
        let k = known(m);
        kind_of(m) == "person" && (k.victim_warning() || (k.letter("V") > 0.0 && k.letter("V") >= k.letter("X")))
    };
    let v0: BTreeSet<String> = core.iter().filter(|m| victim_like(m)).cloned().collect();
    // Who controls: alerted on controller indicators rather than victim ones, or paid by two likely victims.
    let mut controllers: BTreeSet<String> = anchors
        .iter()
        .filter(|a| {
            let k = known(a);
            kind_of(a) == "person" && !k.victim_warning() && k.letter("X") > 0.0 && k.letter("X") >= k.letter("V")
        })
        .cloned()
        .collect();
    for m in &core {
        if kind_of(m) != "person" || v0.contains(m) {
            continue;
        }
        let payers = v0
            .iter()
            .filter(|v| edges_of(v).any(|e| e.kind == EdgeKind::Payment && e.from == **v && e.to == *m))
            .count();
        if payers >= 2 {
            controllers.insert(m.clone());
        }
    }
    // An operation with no controller found otherwise: an alerted person with victim indicators who hands
    // money to no one above them but pays several people of their own circle regularly (drivers, landlords,
    // relatives abroad) runs it. The victim indicators stay with them as a warning.
    let mut self_run: BTreeSet<String> = BTreeSet::new();
    if controllers.is_empty() {
        for a in &anchors {
            if kind_of(a) != "person" || !known(a).victim_warning() {
                continue;
            }
            let paid: BTreeSet<&str> = edges_of(a)
                .filter(|e| e.kind == EdgeKind::Payment && e.from == *a && e.count >= 3)
                .filter(|e| {
                    net.parties
                        .get(&e.to)
                        .is_some_and(|p| !p.hub && p.kind != "company" && !is_organisation_name(&p.name))
                })
                .map(|e| e.to.as_str())
                .collect();
            if paid.len() >= 2 {
                controllers.insert(a.clone());
                self_run.insert(a.clone());
            }
        }
    }
    // The controllers' own circle belongs to the operation too.
    for c in controllers.clone() {
        core.extend(strong_neighbours(&c));
    }
    for m in &core {
        let k = known(m);
        let mut ev = Vec::new();
        let mut s: f64 = 0.0;
        if k.victim_warning() {
            s += 0.6;
            ev.push(Evidence {
                what: format!("victim indicators on the subject's own account ({})", k.codes("V").join(", ")),
                records: k.hit_records("V"),
            });
        } else if k.letter("V") > 0.0 && k.letter("V") >= k.offender_support() {
            s += 0.3;
            ev.push(Evidence {
                what: format!("victim indicators ({})", k.codes("V").join(", ")),
                records: k.hit_records("V"),
            });
        }
        if kind_of(m) == "person" && !controllers.contains(m) {
            let t = ties_with(m, &controllers);
            if t.pays >= 3 && k.letter("X") <= k.letter("V") {
                s += 0.35;
                ev.push(Evidence {
                    what: format!(
                        "paid {} to the controller in {} payment(s): earnings handed over",
                        t.paid_total.round_dp(2),
                        t.pays
                    ),
                    records: t.evidence_out.clone(),
                });
            }
        }
        if s > 0.0 {
            let s = s.min(1.0);
            if s >= opts.min_role_score {
                victims.insert(m.clone());
            }
            hyps.entry(m.clone()).or_default().push(RoleHypothesis { role: Role::Victim, score: s, evidence: ev });
        }
    }
    // Workers of a business the controllers direct or own who pay money back: victims too.
    let businesses: BTreeSet<String> = core
        .iter()
        .filter(|m| kind_of(m) == "company")
        .filter(|m| {
            relation(m, EdgeKind::Directorship, &controllers, false).is_some()
                || relation(m, EdgeKind::Ownership, &controllers, false).is_some()
        })
        .cloned()
        .collect();
    let mut ring: BTreeSet<String> = BTreeSet::new();
    for b in &businesses {
        for e in edges_of(b) {
            let other = if e.from == *b { &e.to } else { &e.from };
            let employee = e.kind == EdgeKind::Employment && e.to == *b;
            let paid_wages = e.kind == EdgeKind::Payment && e.from == *b && e.count >= 2;
            if (employee || paid_wages) && !core.contains(other) && !net.parties.get(other).is_some_and(|p| p.hub) {
                ring.insert(other.clone());
            }
        }
    }
    for w in &ring {
        if kind_of(w) != "person" {
            continue;
        }
        let back = ties_with(w, &controllers);
        let k = known(w);
        let mut s: f64 = 0.0;
        let mut ev = vec![];
        if back.pays >= 1 {
            s += 0.45;
            ev.push(Evidence {
                what: format!(
                    "employed or paid by a business the controller runs, and paid {} back to the controller in {} payment(s)",
                    back.paid_total.round_dp(2),
                    back.pays
                ),
                records: back.evidence_out.clone(),
            });
        }
        if k.letter("V") > 0.0 {
            s += 0.3;
            ev.push(Evidence {
                what: format!("victim indicators ({})", k.codes("V").join(", ")),
                records: k.hit_records("V"),
            });
        }
        if s >= opts.min_role_score {
            victims.insert(w.clone());
            hyps.entry(w.clone()).or_default().push(RoleHypothesis {
                role: Role::Victim,
                score: s.min(1.0),
                evidence: ev,
            });
        }
    }
    // People registered at a controller's address who are not the controller's family and hold no account
    // here: the flat where an operation registers the people it exploits (children and adults placed to beg
    // or steal have no account of their own). Family living there with them is part of the operation.
    let mut lodged: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut household: BTreeMap<String, (String, String)> = BTreeMap::new();
    for c in &controllers {
        let family: BTreeMap<&str, &crate::network::Edge> = edges_of(c)
            .filter(|e| e.kind == EdgeKind::Family)
            .map(|e| (if e.from == *c { e.to.as_str() } else { e.from.as_str() }, e))
            .collect();
        for key in addresses_of(parties, c) {
            let Some(set) = homes.residents.get(&key) else { continue };
            // A large building or a registration address of many: not one flat.
            if set.len() > opts.hub_degree {
                continue;
            }
            for r in set {
                if r == c || controllers.contains(r) {
                    continue;
                }
                if let Some(e) = family.get(r.as_str()) {
                    household.insert(r.clone(), (c.clone(), e.label.clone()));
                } else if !homes.holders.contains(r) && !victims.contains(r) {
                    let records = [parties.canon.members(c), parties.canon.members(r)].concat();
                    lodged.insert(r.clone(), (key.clone(), records));
                }
            }
        }
    }
    if lodged.len() >= 2 {
        for (r, (address, records)) in &lodged {
            let mut s: f64 = 0.35;
            let mut ev = vec![Evidence {
                what: format!(
                    "registered at the controller's address ({address}) with {} other unrelated people, no bank account of their own",
                    lodged.len() - 1
                ),
                records: records.clone(),
            }];
            if let Some(age) = homes.minor(parties, r) {
                s += 0.2;
                ev.push(Evidence {
                    what: format!("a minor ({age} years old by the record's birth date)"),
                    records: vec![],
                });
            }
            victims.insert(r.clone());
            hyps.entry(r.clone()).or_default().push(RoleHypothesis { role: Role::Victim, score: s, evidence: ev });
        }
    }
    let mut all: BTreeSet<String> = core.clone();
    all.extend(victims.iter().cloned());
    let payers_set: BTreeSet<String> = controllers.union(&businesses).cloned().collect();
    // The likely victims' nationalities, as their records state them.
    let homes: BTreeSet<String> = victims
        .iter()
        .filter_map(|v| net.parties.get(v))
        .flat_map(|p| p.entities.iter())
        .filter_map(|e| parties.entities.get(e.as_str()))
        .flat_map(|e| {
            e.values("nationality").iter().chain(e.values("country")).map(|c| c.to_lowercase()).collect::<Vec<_>>()
        })
        .collect();
    let op_memos = memos_on(parties, net, &payers_set);
    let biz_memos = memos_on(parties, net, &businesses);
    let victim_memos = memos_on(parties, net, &victims);
    let memos_of_victims = |ids: &[String]| memos(&victim_memos, ids);

    // Offender roles.
    for m in &all {
        if victims.contains(m) && !controllers.contains(m) {
            continue;
        }
        let k = known(m);
        let kind = kind_of(m);
        let name = net.parties.get(m).map(|p| p.name.as_str()).unwrap_or("");
        let mut add = |role: Role, score: f64, ev: Vec<Evidence>| {
            if score > 0.0 {
                hyps.entry(m.clone()).or_default().push(RoleHypothesis { role, score: score.min(1.0), evidence: ev });
            }
        };
        let from_victims = ties_with(m, &victims);
        // Exploiter / controller.
        {
            let mut s = 0.0;
            let mut ev = vec![];
            if self_run.contains(m) {
                let paid: Vec<&crate::network::Edge> = edges_of(m)
                    .filter(|e| e.kind == EdgeKind::Payment && e.from == *m && e.count >= 3 && !victims.contains(&e.to))
                    .collect();
                s += 0.7;
                ev.push(Evidence {
                    what: format!(
                        "hands money to no one above them, but pays {} people of the circle regularly ({} payments)",
                        paid.len(),
                        paid.iter().map(|e| e.count).sum::<usize>()
                    ),
                    records: paid.iter().flat_map(|e| e.evidence.iter().take(3).cloned()).collect(),
                });
            } else if controllers.contains(m) {
                s += 0.4;
                ev.push(Evidence {
                    what: format!("alerted on controller indicators ({})", k.codes("X").join(", ")),
                    records: k.hit_records("X"),
                });
            }
            let payers = victims
                .iter()
                .filter(|v| edges_of(v).any(|e| e.kind == EdgeKind::Payment && e.from == **v && e.to == *m))
                .count();
            if payers >= 2 || (payers == 1 && controllers.contains(m)) {
                s += 0.2 + 0.1 * payers.min(4) as f64;
                ev.push(Evidence {
                    what: format!(
                        "received {} from {payers} likely victim(s) in {} payment(s)",
                        from_victims.received_total.round_dp(2),
                        from_victims.paid_by
                    ),
                    records: from_victims.evidence_in.clone(),
                });
            }
            if kind == "person" {
                add(Role::Exploiter, s, ev);
            }
        }
        if controllers.contains(m) {
            continue;
        }
        // Complicit business.
        if kind == "company" {
            let mut s = 0.0;
            let mut ev = vec![];
            if businesses.contains(m) {
                s += 0.6;
                let r = relation(m, EdgeKind::Directorship, &controllers, false)
                    .or_else(|| relation(m, EdgeKind::Ownership, &controllers, false));
                ev.push(Evidence {
                    what: format!(
                        "directed or owned by the controller ({})",
                        r.map(|e| e.label.as_str()).unwrap_or("")
                    ),
                    records: r.map(|e| e.evidence.clone()).unwrap_or_default(),
                });
            }
            if k.letter("CB") > 0.0 {
                s += 0.3;
                ev.push(Evidence {
                    what: format!("business indicators ({})", k.codes("CB").join(", ")),
                    records: k.hit_records("CB"),
                });
            }
            let employs = victims
                .iter()
                .filter(|v| relation(v, EdgeKind::Employment, &BTreeSet::from([m.clone()]), true).is_some())
                .count();
            if employs > 0 {
                s += 0.2;
                ev.push(Evidence { what: format!("employs {employs} likely victim(s)"), records: vec![] });
            }
            add(Role::ComplicitBusiness, s, ev);
            // A recruitment agency paid by the operation.
            let from_ctl = ties_with(m, &controllers);
            if has_word(name, AGENCY_WORDS) && (from_ctl.paid_by > 0 || from_victims.paid_by > 0) {
                add(
                    Role::Recruiter,
                    0.5 + if from_victims.paid_by > 0 { 0.2 } else { 0.0 },
                    vec![Evidence {
                        what: format!("an agency ('{name}') paid by the operation"),
                        records: [from_ctl.evidence_in.clone(), from_victims.evidence_in.clone()].concat(),
                    }],
                );
            }
            continue;
        }
        // People and outside accounts paid by the controllers or their businesses.
        let from_op = ties_with(m, &payers_set);
        let memos: Vec<&str> = memos(&op_memos, &from_op.evidence_in);
        let to_ctl = ties_with(m, &controllers);
        let abroad = is_abroad(net, m, &controllers);
        let regular = from_op.paid_by >= 3 && to_ctl.pays == 0;
        // Recruiter: fees from the victims, or paid from abroad by the operation.
        {
            let mut s: f64 = 0.0;
            let mut ev = vec![];
            let fee_payers = victims
                .iter()
                .filter(|v| edges_of(v).any(|e| e.kind == EdgeKind::Payment && e.from == **v && e.to == *m))
                .count();
            if fee_payers >= 2 || (fee_payers == 1 && memo_has(&memos_of_victims(&from_victims.evidence_in), FEE_WORDS))
            {
                s += 0.5;
                ev.push(Evidence {
                    what: format!("paid by {fee_payers} likely victim(s): fees for the job or the journey"),
                    records: from_victims.evidence_in.clone(),
                });
            }
            if abroad && from_op.paid_by >= 2 {
                s += 0.35;
                // Recruiters work where the victims come from.
                if net
                    .parties
                    .get(m)
                    .and_then(|p| p.country.as_deref())
                    .is_some_and(|c| homes.contains(&c.to_lowercase()))
                {
                    s += 0.15;
                    ev.push(Evidence { what: "in the country the likely victims come from".into(), records: vec![] });
                }
                ev.push(Evidence {
                    what: format!(
                        "abroad, paid {} by the operation in {} payment(s)",
                        from_op.received_total.round_dp(2),
                        from_op.paid_by
                    ),
                    records: from_op.evidence_in.clone(),
                });
            }
            if is_organisation_name(name) && !has_word(name, AGENCY_WORDS) {
                s = 0.0;
            }
            if s > 0.0 && (has_word(name, AGENCY_WORDS) || memo_has(&memos, FEE_WORDS)) {
                s += 0.15;
                ev.push(Evidence {
                    what: "its name or the payment references speak of recruitment".into(),
                    records: vec![],
                });
            }
            add(Role::Recruiter, s, ev);
        }
        let (rides, cards) = transport_spend(parties, net, m);
        // Fuel and fares are ordinary spending: a driver is one paid by the operation whose card spending is
        // mostly transport, or one the transport indicators flag.
        let driver = cards >= 10 && rides * 3 >= cards;
        if ((k.letter("T") > 0.0 || driver) && from_op.paid_by > 0) || memo_has(&memos, RIDE_WORDS) {
            let mut ev = vec![];
            if k.letter("T") > 0.0 {
                ev.push(Evidence {
                    what: format!("transport indicators ({})", k.codes("T").join(", ")),
                    records: k.hit_records("T"),
                });
            }
            if rides > 0 {
                ev.push(Evidence {
                    what: format!("{rides} of {cards} card payment(s) for fuel, fares or vehicle hire"),
                    records: vec![],
                });
            }
            ev.push(Evidence {
                what: format!(
                    "paid {} by the operation in {} payment(s)",
                    from_op.received_total.round_dp(2),
                    from_op.paid_by
                ),
                records: from_op.evidence_in.clone(),
            });
            let words = if memo_has(&memos, RIDE_WORDS) { 0.2 } else { 0.0 };
            add(
                Role::Transporter,
                0.3 + if k.letter("T") > 0.0 { 0.15 } else { 0.0 } + if driver { 0.2 } else { 0.0 } + words,
                ev,
            );
        }
        // A landlord with many tenants is a landlord; one letting several flats to the controller, or a
        // dormitory to the business, is a facilitator.
        let degree = net.parties.get(m).map_or(0, |p| p.degree);
        let rent: BTreeSet<String> = memos.iter().filter(|x| has_word(x, RENT_WORDS)).map(|x| shape(x)).collect();
        if !rent.is_empty() && degree <= 8 {
            let by_business = from_op.evidence_in.iter().any(|id| biz_memos.contains_key(id.as_str()));
            let s = if rent.len() >= 2 {
                0.55
            } else if by_business {
                0.4
            } else {
                0.25
            };
            add(
                Role::Facilitator,
                s,
                vec![Evidence {
                    what: format!("receives rent from the operation for {} propert(y/ies)", rent.len()),
                    records: from_op.evidence_in.clone(),
                }],
            );
        }
        if let Some(e) = relation(m, EdgeKind::Directorship, &businesses, true) {
            add(
                Role::Facilitator,
                0.5,
                vec![Evidence {
                    what: format!("director of a business the controller runs ({})", e.label),
                    records: e.evidence.clone(),
                }],
            );
        }
        if to_ctl.pays >= 2 && cash_deposits(parties, net, m) >= 3 {
            add(
                Role::Facilitator,
                0.5,
                vec![Evidence {
                    what: format!("pays cash in and sends {} on to the controller", to_ctl.paid_total.round_dp(2)),
                    records: to_ctl.evidence_out.clone(),
                }],
            );
        }
        let person_like = kind == "person" || (kind != "company" && !is_organisation_name(name));
        if person_like && (k.letter("B") > 0.0 || (regular && !memo_has(&memos, RENT_WORDS))) {
            let family = relation(m, EdgeKind::Family, &controllers, true)
                .or_else(|| relation(m, EdgeKind::Family, &controllers, false));
            let mut ev = vec![Evidence {
                what: format!(
                    "received {} from the controller in {} payment(s), gave nothing back",
                    from_op.received_total.round_dp(2),
                    from_op.paid_by
                ),
                records: from_op.evidence_in.clone(),
            }];
            if let Some(f) = family {
                ev.push(Evidence {
                    what: format!("family of the controller ({})", f.label),
                    records: f.evidence.clone(),
                });
            }
            let gift = memo_has(&memos, GIFT_WORDS);
            if gift {
                ev.push(Evidence { what: "payment references of upkeep or gifts".into(), records: vec![] });
            }
            add(
                Role::Beneficiary,
                0.3 + if k.letter("B") > 0.0 { 0.15 } else { 0.0 }
                    + if family.is_some() { 0.2 } else { 0.0 }
                    + if gift { 0.15 } else { 0.0 }
                    + if regular { 0.05 } else { 0.0 },
                ev,
            );
        }
    }

    // Buyers: people paying the victims who are neither in the operation nor hubs.
    let mut buyers: BTreeMap<String, Ties> = BTreeMap::new();
    for v in &victims {
        for e in edges_of(v).filter(|e| e.kind == EdgeKind::Payment && e.to == *v) {
            let ok = net.parties.get(&e.from).is_some_and(|p| {
                !p.hub && (p.kind == "person" || (p.kind == "counterparty" && !is_organisation_name(&p.name)))
            });
            // Regular clients only: one-off payers are many and each says little.
            let offender = hyps
                .get(&e.from)
                .is_some_and(|h| h.iter().any(|r| r.role.is_offender() && r.score >= opts.min_role_score));
            if victims.contains(&e.from) || controllers.contains(&e.from) || offender || !ok || e.count < 2 {
                continue;
            }
            let t = buyers.entry(e.from.clone()).or_default();
            t.pays += e.count;
            t.paid_total += e.total.unwrap_or_default();
            t.evidence_out.extend(e.evidence.iter().take(5).cloned());
        }
    }
    for (b, t) in buyers {
        hyps.entry(b.clone()).or_default().push(RoleHypothesis {
            role: Role::Buyer,
            score: if t.pays >= 4 { 0.6 } else { 0.45 },
            evidence: vec![Evidence {
                what: format!("paid {} to likely victim(s) in {} payment(s)", t.paid_total.round_dp(2), t.pays),
                records: t.evidence_out,
            }],
        });
        all.insert(b);
    }

    // Family of the controller living with the controller and the people lodged there: they run the flat.
    if lodged.len() >= 2 {
        for (r, (c, label)) in &household {
            if victims.contains(r) || known(r).victim_warning() {
                continue;
            }
            hyps.entry(r.clone()).or_default().push(RoleHypothesis {
                role: Role::Exploiter,
                score: 0.45,
                evidence: vec![Evidence {
                    what: format!(
                        "family of the controller ({label}), registered at the same address as the controller and {} lodged people",
                        lodged.len()
                    ),
                    records: [parties.canon.members(c), parties.canon.members(r)].concat(),
                }],
            });
            all.insert(r.clone());
        }
    }

    let mut members: Vec<Member> = Vec::new();
    for m in &all {
        let mut roles = hyps.remove(m).unwrap_or_default();
        roles.retain(|r| r.score >= opts.min_role_score);
        roles.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.role.cmp(&b.role)));
        if roles.is_empty() {
            continue;
        }
        let k = known(m);
        let p = net.parties.get(m);
        let victim_support = roles.iter().find(|r| r.role == Role::Victim).map(|r| r.score);
        let offender = roles.iter().any(|r| r.role.is_offender());
        let victim_warning = match victim_support {
            Some(v) if offender || k.alerted() => Some(format!(
                "This person shows victim indicators (support {v:.2}) and is also {}: the non-punishment principle applies — do not treat as a suspect without review.",
                if offender { "hypothesised in an offender role" } else { "alerted" }
            )),
            _ => k.subject.and_then(|s| s.victim_warning.clone()).filter(|_| offender),
        };
        members.push(Member {
            subject: m.clone(),
            // A person lodged at the controller's address may deal with no one: named by the records.
            name: p.map(|p| p.name.clone()).unwrap_or_else(|| {
                k.subject
                    .map(|s| s.name.clone())
                    .or_else(|| parties.entities.get(m.as_str()).map(|e| e.caption()))
                    .unwrap_or_else(|| m.clone())
            }),
            kind: p.map(|p| p.kind.clone()).unwrap_or_else(|| {
                parties.entities.get(m.as_str()).map_or("account", |e| crate::network::kind_of(&e.schema)).into()
            }),
            accounts: p.map(|p| p.accounts.clone()).unwrap_or_default(),
            roles,
            victim_warning,
            alerted: k.alerted(),
        });
    }
    let order = |m: &Member| Role::ALL.iter().position(|r| Some(*r) == m.role()).unwrap_or(99);
    members.sort_by(|a, b| order(a).cmp(&order(b)).then(a.name.cmp(&b.name)));
    Operation { id, typologies, anchors, members }
}

/// Payment references of the transactions on some parties' statements, by transaction id.
fn memos_on<'a>(
    parties: &'a theseus_analysis::parties::Parties<'_>,
    net: &crate::network::Network,
    set: &std::collections::BTreeSet<String>,
) -> std::collections::HashMap<&'a str, &'a str> {
    set.iter()
        .filter_map(|m| net.parties.get(m))
        .flat_map(|p| p.accounts.iter())
        .filter_map(|a| parties.accounts.get(a))
        .flat_map(|a| a.txns.iter())
        .filter_map(|t| t.memo.as_deref().map(|m| (t.id.as_str(), m)))
        .collect()
}

fn memos<'a>(index: &std::collections::HashMap<&str, &'a str>, ids: &[String]) -> Vec<&'a str> {
    ids.iter().filter_map(|i| index.get(i.as_str()).copied()).collect()
}

/// A payment reference without its numbers: one property's rent, month after month, has one shape.
fn shape(memo: &str) -> String {
    memo.to_lowercase()
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the party is in another country than the controllers (accounts' IBAN country, or the country a
/// payment to it went to).
fn is_abroad(net: &crate::network::Network, m: &str, controllers: &std::collections::BTreeSet<String>) -> bool {
    let country = |id: &str| net.parties.get(id).and_then(|p| p.country.clone());
    let theirs: Vec<String> = controllers.iter().filter_map(|c| country(c)).collect();
    country(m).is_some_and(|c| !theirs.is_empty() && !theirs.contains(&c))
}

/// Names of organisations by their legal form, and of financial services: not people who receive a share.
fn is_organisation_name(name: &str) -> bool {
    const FORMS: &[&str] = &[
        "gmbh", "ag", "eg", "ug", "kg", "ohg", "se", "ltd", "limited", "plc", "llc", "inc", "sa", "sas", "sarl", "srl",
        "spa", "bv", "nv", "uab", "eood", "ood", "sp", "zoo", "kft", "sro", "as", "ab", "oy", "gbr", "ev", "mbh",
    ];
    const FINANCE: &[&str] =
        &["bank", "coin", "crypto", "exchange", "pay", "wallet", "broker", "invest", "capital", "finance"];
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.iter().any(|w| FORMS.contains(w) || FINANCE.iter().any(|f| w.contains(f)))
        // A bare crypto address or account number is no one's name.
        || (words.len() == 1 && words[0].len() >= 20)
}

fn memo_has(memos: &[&str], words: &[&str]) -> bool {
    memos.iter().any(|m| has_word(m, words))
}

/// Card payments for transport and fuel on the party's own statements, and all card payments.
fn transport_spend(
    parties: &theseus_analysis::parties::Parties<'_>,
    net: &crate::network::Network,
    m: &str,
) -> (usize, usize) {
    let mut rides = 0;
    let mut cards = 0;
    for t in net
        .parties
        .get(m)
        .into_iter()
        .flat_map(|p| p.accounts.iter())
        .filter_map(|a| parties.accounts.get(a))
        .flat_map(|a| a.txns.iter())
        .filter(|t| t.mcc.is_some() && t.direction == theseus_model::Direction::Debit)
    {
        cards += 1;
        if t.mcc.is_some_and(|c| TRANSPORT_MCC.contains(&c)) {
            rides += 1;
        }
    }
    (rides, cards)
}

/// Cash paid in on the party's own statements.
fn cash_deposits(parties: &theseus_analysis::parties::Parties<'_>, net: &crate::network::Network, m: &str) -> usize {
    net.parties
        .get(m)
        .map(|p| {
            p.accounts
                .iter()
                .filter_map(|a| parties.accounts.get(a))
                .flat_map(|a| a.txns.iter())
                .filter(|t| t.is_cash() && t.direction == theseus_model::Direction::Credit)
                .count()
        })
        .unwrap_or(0)
}
