//! Subjects, scores, roles, the network and the timeline.
//!
//! A subject's score is the sum of the weights of the *distinct* indicators that fired on any of its
//! accounts (an indicator firing twice counts once), plus one point per other flagged subject it is linked to
//! by payments or shared identifiers (at most three): corroboration across sources. A subject is alerted
//! only with at least `min_distinct` distinct indicators and a score at or above `alert_threshold`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use theseus_model::{Channel, Direction, Entity, Transaction, normalize};

use crate::Config;
use crate::links::Links;
use crate::output::*;
use crate::parties::{Parties, Tie};
use crate::rules::RawHit;

const LINK_SCHEMATA: &[(&str, &str)] = &[
    ("Ownership", "ownership"),
    ("Directorship", "directorship"),
    ("Employment", "employment"),
    ("Family", "family"),
    ("Associate", "associate"),
    ("UnknownLink", "link"),
    ("Representation", "representation"),
];

/// Payments from one party to another, aggregated.
struct Flow {
    total: Decimal,
    currency: String,
    evidence: Vec<String>,
    first: String,
    last: String,
}

/// Builds the analysis result.
pub fn assemble(
    transactions: &[Transaction],
    entities: &[Entity],
    parties: &Parties<'_>,
    links: &Links,
    hits: Vec<RawHit>,
    config: &Config,
) -> Analysis {
    let mut a = Analysis { config: config.clone(), ..Analysis::default() };
    let txn_by_id: HashMap<&str, &Transaction> = transactions.iter().map(|t| (t.id.as_str(), t)).collect();

    // Subjects: every account's subject, and every entity an identifier hit names.
    let mut subjects: BTreeMap<String, Subject> = BTreeMap::new();
    let new_subject = |id: &str, name: String| Subject {
        id: id.to_string(),
        name,
        accounts: vec![],
        entities: vec![],
        score: 0.0,
        alert: false,
        hits: vec![],
        score_explained: vec![],
        roles: BTreeMap::new(),
        victim_warning: None,
        corroboration: vec![],
        typologies: vec![],
    };
    for acc in parties.accounts.values() {
        let sid = parties.subject_of(&acc.number).unwrap_or_default();
        let name = match &acc.owner {
            Some((eid, _)) => parties.entities.get(eid.as_str()).map(|e| e.caption()),
            None => None,
        }
        .or_else(|| acc.holder.clone())
        .unwrap_or_else(|| acc.number.clone());
        let s = subjects.entry(sid.clone()).or_insert_with(|| new_subject(&sid, name));
        s.accounts.push(acc.number.clone());
        if let Some((eid, tie)) = &acc.owner {
            for m in parties.canon.members(eid) {
                if !s.entities.contains(&m) {
                    s.entities.push(m);
                }
            }
            if s.entities.is_empty() {
                s.entities.push(eid.clone());
            }
            let how = match tie {
                Tie::Ownership { ownership, .. } => {
                    add_entity_source(&mut a, parties, ownership);
                    format!("account {} is held by this subject according to registry record {ownership}", acc.number)
                }
                Tie::Name => format!(
                    "account {} tied to this subject by holder name only ('{}')",
                    acc.number,
                    acc.holder.as_deref().unwrap_or("")
                ),
            };
            s.score_explained.push(how);
        }
    }
    for h in &hits {
        if !subjects.contains_key(&h.subject) {
            let name =
                parties.entities.get(h.subject.as_str()).map(|e| e.caption()).unwrap_or_else(|| h.subject.clone());
            let mut s = new_subject(&h.subject, name);
            s.entities = parties.canon.members(&h.subject);
            subjects.insert(h.subject.clone(), s);
        }
    }

    // Hits and sources.
    for h in hits {
        for id in &h.finding.evidence {
            if let Some(t) = txn_by_id.get(id.as_str()) {
                add_txn_source(&mut a, t);
            } else {
                add_entity_source(&mut a, parties, id);
            }
        }
        let s = subjects.get_mut(&h.subject).expect("subject created above");
        s.hits.push(Hit {
            weight: config.weight(&h.code),
            code: h.code,
            title: h.title,
            finding: h.finding.text,
            account: h.account,
            roles: h.roles,
            evidence: h.finding.evidence,
            period: h.finding.period,
        });
    }

    // Base scores and roles, both over distinct indicators: an indicator firing on two accounts of one
    // subject counts once in both.
    for s in subjects.values_mut() {
        s.hits.sort_by(|x, y| x.code.cmp(&y.code).then(x.account.cmp(&y.account)));
        let mut distinct: BTreeMap<&str, f64> = BTreeMap::new();
        let mut role_sets: BTreeSet<(&str, Vec<&str>)> = BTreeSet::new();
        for h in &s.hits {
            distinct.insert(&h.code, h.weight);
            role_sets.insert((&h.code, h.roles.iter().map(String::as_str).collect()));
        }
        for (code, roles) in &role_sets {
            let w = distinct[code];
            for r in roles {
                *s.roles.entry(r.to_string()).or_default() += w / roles.len() as f64;
            }
        }
        s.score = distinct.values().sum();
        if !distinct.is_empty() {
            s.score_explained.push(format!(
                "{} distinct indicator(s): {} = {:.1}",
                distinct.len(),
                distinct.iter().map(|(c, w)| format!("{c} ({w:.1})")).collect::<Vec<_>>().join(" + "),
                s.score
            ));
        }
        let v = s.roles.get("V").copied().unwrap_or(0.0);
        let offender: f64 = s.roles.iter().filter(|(r, _)| r.as_str() != "V").map(|(_, w)| *w).sum();
        if v > 0.0 && v >= offender * 0.5 {
            let codes: Vec<&str> = s
                .hits
                .iter()
                .filter(|h| h.roles.iter().any(|r| r == "V"))
                .map(|h| h.code.as_str())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            s.victim_warning = Some(format!(
                "Indicators {} point to a victim's account (victim-role support {v:.1} against offender-role support {offender:.1}). \
                 This person may be a victim of trafficking: do not treat them as a suspect without review (non-punishment principle).",
                codes.join(", ")
            ));
        }
    }

    // Network edges.
    let subject_of_entity: HashMap<String, String> =
        subjects.values().flat_map(|s| s.entities.iter().map(move |e| (e.clone(), s.id.clone()))).collect();
    let node_of = |eid: &str| {
        let c = parties.canon.of(eid);
        subject_of_entity.get(&c).cloned().unwrap_or(c)
    };
    let mut edges: Vec<Edge> = Vec::new();
    // Payments between parties (not card spending or cash), aggregated per direction.
    let mut flows: BTreeMap<(String, String), Flow> = BTreeMap::new();
    let mut cpty_labels: BTreeMap<String, String> = BTreeMap::new();
    for acc in parties.accounts.values() {
        let me = parties.subject_of(&acc.number).unwrap_or_default();
        for t in acc.txns.iter() {
            if !matches!(
                t.channel,
                Channel::Wire
                    | Channel::P2p
                    | Channel::Msb
                    | Channel::Emoney
                    | Channel::Crypto
                    | Channel::Payroll
                    | Channel::Cheque
            ) {
                continue;
            }
            let registry_owner = t.cpty_account.as_deref().and_then(|c| parties.registry_owner(c)).map(|o| node_of(&o));
            let other = match t.cpty_account.as_deref().and_then(|c| parties.subject_of(c)).or(registry_owner) {
                Some(s) => s,
                None => {
                    let key = t.cpty_account.clone().or_else(|| t.cpty_name.as_deref().map(normalize::name_key));
                    let Some(key) = key.filter(|k| !k.is_empty()) else { continue };
                    let id = format!("cpty:{key}");
                    cpty_labels.entry(id.clone()).or_insert_with(|| t.cpty_name.clone().unwrap_or(key));
                    id
                }
            };
            if other == me {
                continue;
            }
            // Each flow is recorded from the payer's side; a credit seen on a statement whose payer is also a
            // statement account in the data is skipped, since the payer's debit records it.
            let (from, to) = match t.direction {
                Direction::Debit => (me.clone(), other),
                Direction::Credit => {
                    if t.cpty_account.as_deref().is_some_and(|c| parties.accounts.contains_key(c)) {
                        continue;
                    }
                    (other, me.clone())
                }
            };
            let d = t.ts.date().to_string();
            let e = flows.entry((from, to)).or_insert_with(|| Flow {
                total: Decimal::ZERO,
                currency: t.currency.code().to_string(),
                evidence: vec![],
                first: d.clone(),
                last: d.clone(),
            });
            e.total += t.amount;
            e.evidence.push(t.id.clone());
            if d < e.first {
                e.first = d.clone();
            }
            if d > e.last {
                e.last = d;
            }
        }
    }
    for ((from, to), f) in flows {
        edges.push(Edge {
            from,
            to,
            kind: "payment".into(),
            label: format!(
                "{} {} in {} payment(s), {} – {}",
                f.total.round_dp(2),
                f.currency,
                f.evidence.len(),
                f.first,
                f.last
            ),
            evidence: f.evidence,
        });
    }
    for e in entities {
        if let Some((_, kind)) = LINK_SCHEMATA.iter().find(|(s, _)| *s == e.schema)
            && let Some(schema) = e.schema_def()
            && let Some((src, dst)) = &schema.edge
            && let (Some(f), Some(t)) = (e.first(src), e.first(dst))
        {
            // Ownership of a statement account is already folded into the subject.
            if parties.entities.get(t).is_some_and(|x| x.schema == "BankAccount") {
                continue;
            }
            edges.push(Edge {
                from: node_of(f),
                to: node_of(t),
                kind: kind.to_string(),
                label: e.caption(),
                evidence: vec![e.id.clone()],
            });
        }
    }
    for s in &links.shared {
        let nodes: BTreeSet<String> = s.entities.iter().map(|e| node_of(e)).collect();
        let nodes: Vec<String> = nodes.into_iter().collect();
        for i in 0..nodes.len() {
            for j in i + 1..nodes.len() {
                edges.push(Edge {
                    from: nodes[i].clone(),
                    to: nodes[j].clone(),
                    kind: "shared_identifier".into(),
                    label: format!("same {} {}", s.kind, s.value),
                    evidence: s.entities.clone(),
                });
            }
        }
        a.stats.identifier_links += 1;
    }

    // Corroboration: links to other flagged subjects.
    let flagged: BTreeSet<String> = subjects.values().filter(|s| !s.hits.is_empty()).map(|s| s.id.clone()).collect();
    // A link corroborates only towards subjects flagged on their own transactions: subjects flagged only by
    // identifier rules (shared phone, ad contact) would otherwise corroborate each other through the very
    // identifier that flagged them.
    let on_own_money: BTreeSet<String> = subjects
        .values()
        .filter(|s| s.hits.iter().any(|h| !h.account.starts_with("entity:")))
        .map(|s| s.id.clone())
        .collect();
    let mut corr: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for e in &edges {
        if flagged.contains(&e.from) && flagged.contains(&e.to) && e.from != e.to {
            if on_own_money.contains(&e.to) {
                corr.entry(e.from.clone()).or_default().insert((e.to.clone(), e.kind.clone()));
            }
            if on_own_money.contains(&e.from) {
                corr.entry(e.to.clone()).or_default().insert((e.from.clone(), e.kind.clone()));
            }
        }
    }
    let names: HashMap<String, String> = subjects
        .values()
        .map(|s| {
            (s.id.clone(), format!("{}{}", s.name, if s.victim_warning.is_some() { " (likely victim)" } else { "" }))
        })
        .collect();
    for s in subjects.values_mut() {
        if s.hits.is_empty() {
            continue;
        }
        if let Some(c) = corr.get(&s.id) {
            let others: BTreeSet<&String> = c.iter().map(|(o, _)| o).collect();
            let bonus = others.len().min(3) as f64;
            s.score += bonus;
            for (o, kind) in c {
                s.corroboration.push(format!(
                    "{} with flagged subject {}",
                    kind.replace('_', " "),
                    names.get(o).unwrap_or(o)
                ));
            }
            s.score_explained
                .push(format!("+{bonus:.0} corroboration: linked to {} other flagged subject(s)", others.len()));
        }
        let bonus =
            corr.get(&s.id).map(|c| c.iter().map(|(o, _)| o).collect::<BTreeSet<_>>().len().min(3)).unwrap_or(0);
        s.typologies = crate::typology::score(&s.hits, bonus as f64, config);
        s.alert = s.typologies.iter().any(|t| t.alert);
        for t in &s.typologies {
            s.score_explained.push(t.explained.clone());
        }
        if !s.alert && s.typologies.is_empty() {
            s.score_explained.push("no alert: the rules that fired belong to no typology of the rule pack".into());
        }
    }

    // Nodes: flagged subjects and everything one step from them.
    let mut keep: BTreeSet<String> = flagged.clone();
    for e in &edges {
        if flagged.contains(&e.from) || flagged.contains(&e.to) {
            keep.insert(e.from.clone());
            keep.insert(e.to.clone());
        }
    }
    let kept: Vec<Edge> = edges.into_iter().filter(|e| keep.contains(&e.from) && keep.contains(&e.to)).collect();
    let (kept, groups) = collapse_one_off_counterparties(kept);
    for (id, label) in groups {
        keep.insert(id.clone());
        cpty_labels.insert(id, label);
    }
    keep.retain(|id| kept.iter().any(|e| &e.from == id || &e.to == id) || flagged.contains(id));
    // Only records behind what the network shows are cited: other customers' payments stay out of the report.
    for e in &kept {
        for id in &e.evidence {
            match txn_by_id.get(id.as_str()) {
                Some(t) => add_txn_source(&mut a, t),
                None => add_entity_source(&mut a, parties, id),
            }
        }
    }
    a.network.edges = kept;
    for id in &keep {
        let node = if let Some(s) = subjects.get(id) {
            let kind = s
                .entities
                .first()
                .and_then(|e| parties.entities.get(e.as_str()))
                .map(|e| kind_of(&e.schema))
                .unwrap_or("account");
            Node {
                id: id.clone(),
                label: s.name.clone(),
                kind: kind.into(),
                score: s.score,
                alert: s.alert,
                victim_warning: s.victim_warning.is_some(),
            }
        } else if let Some(e) = parties.entities.get(id.as_str()) {
            Node {
                id: id.clone(),
                label: e.caption(),
                kind: kind_of(&e.schema).into(),
                score: 0.0,
                alert: false,
                victim_warning: false,
            }
        } else {
            let label = cpty_labels.get(id).cloned().unwrap_or_else(|| id.trim_start_matches("cpty:").to_string());
            Node { id: id.clone(), label, kind: "counterparty".into(), score: 0.0, alert: false, victim_warning: false }
        };
        a.network.nodes.push(node);
    }

    // Timeline: the evidence of every hit of flagged subjects, at most a dozen records per hit.
    for s in subjects.values() {
        for h in &s.hits {
            for id in h.evidence.iter().take(12) {
                if let Some(t) = txn_by_id.get(id.as_str()) {
                    a.timeline.push(TimelineEvent {
                        ts: t.ts.to_string(),
                        subject: s.name.clone(),
                        code: h.code.clone(),
                        text: summary(t),
                        record: t.id.clone(),
                    });
                }
            }
        }
    }
    a.timeline.sort_by(|x, y| x.ts.cmp(&y.ts).then(x.record.cmp(&y.record)));
    a.hubs = links.hubs.clone();

    let mut list: Vec<Subject> = subjects.into_values().collect();
    list.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.name.cmp(&y.name)));
    a.stats.transactions = transactions.len();
    a.stats.accounts = parties.accounts.len();
    a.stats.entities = entities.len();
    a.stats.subjects_flagged = list.iter().filter(|s| !s.hits.is_empty()).count();
    a.stats.subjects_alerted = list.iter().filter(|s| s.alert).count();
    let dates: Vec<_> = transactions.iter().map(|t| t.ts.date()).collect();
    if let (Some(f), Some(l)) = (dates.iter().min(), dates.iter().max()) {
        a.stats.period = Some((f.to_string(), l.to_string()));
    }
    a.subjects = list;
    a
}

/// Counterparties that made (or received) one single payment with one subject — buyers, one-off shops — are
/// folded into one node per subject and direction, so that the picture shows the operation rather than its
/// clientele. The folded payments stay cited on the group's edge.
fn collapse_one_off_counterparties(edges: Vec<Edge>) -> (Vec<Edge>, Vec<(String, String)>) {
    let mut degree: HashMap<&str, usize> = HashMap::new();
    for e in &edges {
        *degree.entry(&e.from).or_default() += 1;
        *degree.entry(&e.to).or_default() += 1;
    }
    let one_off = |e: &Edge, side: &str| {
        side.starts_with("cpty:") && degree.get(side) == Some(&1) && e.kind == "payment" && e.evidence.len() == 1
    };
    let mut folded: BTreeMap<(String, bool), (usize, Vec<String>)> = BTreeMap::new();
    let mut out = Vec::new();
    for e in &edges {
        if one_off(e, &e.from) {
            let g = folded.entry((e.to.clone(), true)).or_default();
            g.0 += 1;
            g.1.extend(e.evidence.iter().cloned());
        } else if one_off(e, &e.to) {
            let g = folded.entry((e.from.clone(), false)).or_default();
            g.0 += 1;
            g.1.extend(e.evidence.iter().cloned());
        } else {
            out.push(e.clone());
        }
    }
    let mut groups = Vec::new();
    for ((subject, incoming), (n, evidence)) in folded {
        // One lone counterparty stays itself: a group of one says less than its name.
        if n < 2 {
            out.extend(edges.iter().filter(|e| e.evidence == evidence).cloned());
            continue;
        }
        let id = format!("group:{}:{subject}", if incoming { "payers" } else { "payees" });
        let label = format!("{n} one-off {}", if incoming { "payers" } else { "payees" });
        let (from, to) = if incoming { (id.clone(), subject) } else { (subject, id.clone()) };
        out.push(Edge {
            from,
            to,
            kind: "payment".into(),
            label: format!("{n} single payments (one per counterparty)"),
            evidence,
        });
        groups.push((id, label));
    }
    (out, groups)
}

fn kind_of(schema: &str) -> &'static str {
    match schema {
        "Person" => "person",
        "Company" | "Organization" | "LegalEntity" => "company",
        "BankAccount" => "account",
        "RealEstate" | "Vehicle" => "asset",
        "UserAccount" => "useraccount",
        "CryptoWallet" => "wallet",
        _ => "other",
    }
}

/// One line describing a transaction.
pub fn summary(t: &Transaction) -> String {
    let who = t.merchant.as_deref().or(t.cpty_name.as_deref()).unwrap_or("");
    let place = t.city.as_deref().map(|c| format!(" in {c}")).unwrap_or_default();
    format!(
        "{} {} {} {} {}{}{}",
        t.account,
        t.direction.as_str(),
        t.amount.round_dp(2),
        t.currency,
        t.channel.as_str(),
        if who.is_empty() {
            String::new()
        } else {
            format!(" {} {who}", if t.direction == Direction::Debit { "to" } else { "from" })
        },
        place
    )
}

/// Adds the records some later stage cites (transactions or entities, by id) to the analysis's sources, so
/// that every record a report links to has its row.
pub fn cite<'r>(
    a: &mut Analysis,
    transactions: &[Transaction],
    entities: &[Entity],
    ids: impl IntoIterator<Item = &'r str>,
) {
    let wanted: std::collections::HashSet<&str> = ids.into_iter().filter(|id| !a.sources.contains_key(*id)).collect();
    if wanted.is_empty() {
        return;
    }
    for t in transactions.iter().filter(|t| wanted.contains(t.id.as_str())) {
        add_txn_source(a, t);
    }
    for e in entities.iter().filter(|e| wanted.contains(e.id.as_str())) {
        a.sources.entry(e.id.clone()).or_insert_with(|| SourceRef {
            file: e.provenance.file_name.clone(),
            sha256: e.provenance.sha256.clone(),
            locator: e.provenance.locator.to_string(),
            extractor: format!("{} {}", e.provenance.extractor, e.provenance.extractor_version),
            summary: format!("{} {}", e.schema, e.caption()),
        });
    }
}

fn add_txn_source(a: &mut Analysis, t: &Transaction) {
    a.sources.entry(t.id.clone()).or_insert_with(|| SourceRef {
        file: t.provenance.file_name.clone(),
        sha256: t.provenance.sha256.clone(),
        locator: t.provenance.locator.to_string(),
        extractor: format!("{} {}", t.provenance.extractor, t.provenance.extractor_version),
        summary: format!("{} {}", t.ts, summary(t)),
    });
}

fn add_entity_source(a: &mut Analysis, parties: &Parties<'_>, id: &str) {
    if let Some(e) = parties.entities.get(id) {
        a.sources.entry(id.to_string()).or_insert_with(|| SourceRef {
            file: e.provenance.file_name.clone(),
            sha256: e.provenance.sha256.clone(),
            locator: e.provenance.locator.to_string(),
            extractor: format!("{} {}", e.provenance.extractor, e.provenance.extractor_version),
            summary: format!("{} {}", e.schema, e.caption()),
        });
    }
}
