//! The in-memory index the server answers from: built at start and after each analysis run from the
//! workspace's entities, transactions and latest stored analysis.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};
use theseus_analysis::Analysis;
use theseus_model::{Entity, Transaction};

use crate::compartment::Compartment;

/// Search results returned at most.
pub const SEARCH_LIMIT: usize = 50;
/// Nodes a network answer holds at most.
pub const NETWORK_LIMIT: usize = 150;
/// Counterparties listed per account.
const FLOW_LIMIT: usize = 25;

/// One searchable thing: a subject, an entity, an account or a network node.
#[derive(Debug, Clone)]
struct Doc {
    id: String,
    kind: String,
    name: String,
    score: f64,
}

/// Words → the documents holding a word, in document order. Searching looks words up by prefix, so a
/// query costs a few range scans of the word list, not a pass over every document.
#[derive(Debug, Default)]
struct Postings(BTreeMap<String, Vec<u32>>);

impl Postings {
    fn add(&mut self, doc: u32, text: &str) {
        for w in words(text) {
            let list = self.0.entry(w).or_default();
            if list.last() != Some(&doc) {
                list.push(doc);
            }
        }
    }

    /// The documents with a word starting with `prefix`.
    fn prefixed(&self, prefix: &str) -> HashSet<u32> {
        let mut out = HashSet::new();
        for (w, docs) in self.0.range(prefix.to_string()..) {
            if !w.starts_with(prefix) {
                break;
            }
            out.extend(docs.iter().copied());
        }
        out
    }
}

/// The words of a text, lowercased: runs of letters and digits, and each run of digits on its own (so that
/// `DE45200698…` is found by its digits, and `+49 151…` by `49151…`).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let w: String = raw.chars().take(64).collect::<String>().to_lowercase();
        let d = digits(&w);
        if d.len() >= 3 && d.len() != w.len() {
            out.push(d);
        }
        out.push(w);
    }
    // Identifiers written with separators (`+49 151 1234`, `0179-955`) also as one run of digits.
    for raw in text.split(|c: char| c.is_alphabetic() || c == '\n' || c == ',' || c == ';') {
        let d = digits(raw);
        if d.len() >= 6 && raw.trim().chars().any(|c| !c.is_ascii_digit()) {
            out.push(d);
        }
    }
    out
}

/// Money to or from one counterparty of an account.
#[derive(Debug, Clone, Serialize)]
pub struct Flow {
    /// Counterparty name or account.
    pub counterparty: String,
    /// Counterparty account, if known.
    pub account: Option<String>,
    /// Transactions.
    pub count: u64,
    /// Total received from it.
    pub incoming: Decimal,
    /// Total paid to it.
    pub outgoing: Decimal,
}

/// What the statements say about one account.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSummary {
    /// Account number.
    pub account: String,
    /// Bank.
    pub bank: Option<String>,
    /// Holder as the statement names it.
    pub holder: Option<String>,
    /// Currency of its transactions (the first seen).
    pub currency: String,
    /// Transactions.
    pub count: u64,
    /// Total in.
    pub incoming: Decimal,
    /// Total out.
    pub outgoing: Decimal,
    /// First transaction.
    pub first: String,
    /// Last transaction.
    pub last: String,
    /// Evidence files the transactions come from: (file name, SHA-256).
    pub files: BTreeSet<(String, String)>,
    /// Largest counterparties by volume.
    pub flows: Vec<Flow>,
    /// Money in and out by month (`YYYY-MM`, in, out), for the timeline chart.
    pub months: BTreeMap<String, (Decimal, Decimal)>,
}

/// The index.
#[derive(Debug, Default)]
pub struct Index {
    docs: Vec<Doc>,
    postings: Postings,
    postings_redacted: Postings,
    by_id: HashMap<String, usize>,
    /// The analysis (the latest stored run), if any.
    pub analysis: Analysis,
    /// Id of the stored run it comes from.
    pub run_id: Option<i64>,
    subject_of: HashMap<String, usize>,
    entities: HashMap<String, Entity>,
    /// Entity id → ids of entities whose properties name it (holders, owners, posters…).
    referenced_by: HashMap<String, Vec<String>>,
    accounts: HashMap<String, AccountSummary>,
    node_of: HashMap<String, usize>,
    adjacency: HashMap<String, Vec<usize>>,
    ads_by_contact: HashMap<String, Vec<String>>,
    /// Victims and their pseudonyms.
    pub compartment: Compartment,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn props_text(e: &Entity) -> String {
    let mut t = String::new();
    for (k, vs) in &e.properties {
        // Long free text (ad bodies) is searchable, but bounded so one document cannot dominate memory.
        for v in vs {
            t.push_str(k);
            t.push(' ');
            t.extend(v.chars().take(2000));
            t.push('\n');
        }
    }
    t
}

fn entity_name(e: &Entity) -> String {
    let first = |p: &str| e.properties.get(p).and_then(|v| v.first()).map(String::as_str).unwrap_or("?");
    if e.schema == "Call" {
        // A call reads as who called whom and when.
        let kind = e.properties.get("description").and_then(|v| v.first()).map_or("call", String::as_str);
        let date: String = first("date").chars().take(16).collect();
        return format!("{kind} {} → {}, {}", first("callerNumber"), first("receiverNumber"), date.replace('T', " "));
    }
    for p in ["name", "title", "adId", "number", "iban", "accountNumber", "email", "phone"] {
        if let Some(v) = e.properties.get(p).and_then(|v| v.first()) {
            return v.chars().take(120).collect();
        }
    }
    format!("{} {}", e.schema, e.id)
}

impl Index {
    /// Builds the index. `secret` keys victims' pseudonyms.
    pub fn build(
        entities: Vec<Entity>,
        transactions: &[Transaction],
        analysis: Option<(i64, Analysis)>,
        chain_victims: &[crate::compartment::VictimRef],
        secret: &str,
    ) -> Index {
        let (run_id, analysis) = match analysis {
            Some((id, a)) => (Some(id), a),
            None => (None, Analysis::default()),
        };
        let entities: HashMap<String, Entity> = entities.into_iter().map(|e| (e.id.clone(), e)).collect();
        let compartment = Compartment::build_with(&analysis, chain_victims, &entities, secret);
        let mut ix = Index { run_id, compartment, ..Index::default() };

        // Accounts from the statements.
        let mut accounts: HashMap<String, AccountSummary> = HashMap::new();
        let mut flows: HashMap<String, HashMap<String, Flow>> = HashMap::new();
        for t in transactions {
            let ts = t.ts.to_string();
            let a = accounts.entry(t.account.clone()).or_insert_with(|| AccountSummary {
                account: t.account.clone(),
                bank: t.bank.clone(),
                holder: t.account_holder.clone(),
                currency: t.currency.to_string(),
                count: 0,
                incoming: Decimal::ZERO,
                outgoing: Decimal::ZERO,
                first: ts.clone(),
                last: ts.clone(),
                files: BTreeSet::new(),
                flows: Vec::new(),
                months: BTreeMap::new(),
            });
            let amount = t.signed_amount();
            a.count += 1;
            let month = a.months.entry(ts.get(..7).unwrap_or_default().to_string()).or_default();
            if amount.is_sign_negative() {
                a.outgoing -= amount;
                month.1 -= amount;
            } else {
                a.incoming += amount;
                month.0 += amount;
            }
            if ts < a.first {
                a.first = ts.clone();
            }
            if ts > a.last {
                a.last = ts;
            }
            if a.files.len() < 20 {
                a.files.insert((t.provenance.file_name.clone(), t.provenance.sha256.clone()));
            }
            let key = t
                .cpty_name
                .clone()
                .or_else(|| t.cpty_account.clone())
                .or_else(|| t.merchant.clone())
                .unwrap_or_else(|| format!("({})", t.channel.as_str()));
            let f = flows.entry(t.account.clone()).or_default().entry(key.clone()).or_insert_with(|| Flow {
                counterparty: key,
                account: t.cpty_account.clone(),
                count: 0,
                incoming: Decimal::ZERO,
                outgoing: Decimal::ZERO,
            });
            f.count += 1;
            if amount.is_sign_negative() {
                f.outgoing -= amount;
            } else {
                f.incoming += amount;
            }
        }
        for (acct, per) in flows {
            let mut v: Vec<Flow> = per.into_values().collect();
            v.sort_by_key(|f| std::cmp::Reverse(f.incoming + f.outgoing));
            v.truncate(FLOW_LIMIT);
            if let Some(a) = accounts.get_mut(&acct) {
                a.flows = v;
            }
        }

        // References between entities, and ads by contact.
        for e in entities.values() {
            for (k, vs) in &e.properties {
                for v in vs {
                    if v != &e.id && entities.contains_key(v) {
                        ix.referenced_by.entry(v.clone()).or_default().push(e.id.clone());
                    }
                    if e.schema == theseus_model::entity::ADVERTISEMENT && matches!(k.as_str(), "phone" | "email") {
                        ix.ads_by_contact.entry(v.to_lowercase()).or_default().push(e.id.clone());
                    }
                }
            }
        }

        for (i, s) in analysis.subjects.iter().enumerate() {
            ix.subject_of.insert(s.id.clone(), i);
            for e in &s.entities {
                ix.subject_of.entry(e.clone()).or_insert(i);
            }
            for acct in &s.accounts {
                ix.subject_of.entry(format!("acct:{acct}")).or_insert(i);
            }
        }
        for (i, n) in analysis.network.nodes.iter().enumerate() {
            ix.node_of.insert(n.id.clone(), i);
        }
        for (i, e) in analysis.network.edges.iter().enumerate() {
            ix.adjacency.entry(e.from.clone()).or_default().push(i);
            ix.adjacency.entry(e.to.clone()).or_default().push(i);
        }

        // Documents: subjects first, then entities, accounts and remaining nodes, each id once.
        let mut docs: Vec<(String, String, String, f64, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for s in &analysis.subjects {
            let mut text = format!("{}\n{}\n{}\n", s.name, s.id, s.accounts.join("\n"));
            for e in s.entities.iter().filter_map(|id| entities.get(id)) {
                text.push_str(&props_text(e));
            }
            seen.insert(s.id.clone());
            seen.extend(s.entities.iter().cloned());
            docs.push((s.id.clone(), "subject".into(), s.name.clone(), s.score, text));
        }
        for e in entities.values() {
            if seen.insert(e.id.clone()) {
                docs.push((
                    e.id.clone(),
                    e.schema.clone(),
                    entity_name(e),
                    0.0,
                    format!("{}\n{}", e.id, props_text(e)),
                ));
            }
        }
        for a in accounts.values() {
            let id = format!("acct:{}", a.account);
            if seen.insert(id.clone()) {
                let text = format!(
                    "{}\n{}\n{}",
                    a.account,
                    a.holder.as_deref().unwrap_or(""),
                    a.bank.as_deref().unwrap_or("")
                );
                docs.push((id, "account".into(), a.account.clone(), 0.0, text));
            }
        }
        for n in &analysis.network.nodes {
            if seen.insert(n.id.clone()) {
                docs.push((n.id.clone(), n.kind.clone(), n.label.clone(), n.score, format!("{}\n{}", n.label, n.id)));
            }
        }
        for (id, kind, name, score, text) in docs {
            let n = ix.docs.len() as u32;
            ix.postings.add(n, &text);
            let redacted = ix.compartment.redact(&text);
            ix.postings_redacted.add(n, &redacted);
            ix.by_id.insert(id.clone(), ix.docs.len());
            ix.docs.push(Doc { id, kind, name, score });
        }
        ix.accounts = accounts;
        ix.entities = entities;
        ix.analysis = analysis;
        ix
    }

    /// Number of searchable documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Whether an id is known.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The display name of an id for a user (a pseudonym where the user may not see a victim).
    fn display_name(&self, id: &str, name: &str, victim_data: bool) -> String {
        match self.compartment.pseudonym(id) {
            Some(p) if !victim_data => p.to_string(),
            _ => name.to_string(),
        }
    }

    /// Searches names, identifiers, accounts and ad text: the number of matches and the best
    /// [`SEARCH_LIMIT`]. Every word of the query must occur; a query of digits also matches numbers written
    /// with other separators (`+49 151 …` for `+49151…`).
    pub fn search(&self, q: &str, victim_data: bool) -> (usize, Vec<Value>) {
        let q = q.trim().to_lowercase();
        if q.is_empty() {
            return (0, Vec::new());
        }
        let postings = if victim_data { &self.postings } else { &self.postings_redacted };
        // Every word of the query must start a word of the document.
        let mut sets: Vec<HashSet<u32>> = words(&q).iter().map(|w| postings.prefixed(w)).collect();
        sets.sort_by_key(HashSet::len);
        let mut matched: HashSet<u32> = match sets.split_first() {
            Some((first, rest)) => first.iter().copied().filter(|d| rest.iter().all(|s| s.contains(d))).collect(),
            None => HashSet::new(),
        };
        // A query of digits also matches numbers written with other separators.
        let qdigits = digits(&q);
        if qdigits.len() >= 5 && qdigits.len() * 2 >= q.chars().filter(|c| !c.is_whitespace()).count() {
            matched.extend(postings.prefixed(&qdigits));
        }
        let mut hits: Vec<(f64, usize)> = matched
            .into_iter()
            .map(|i| {
                let d = &self.docs[i as usize];
                let kind_rank = match d.kind.as_str() {
                    "subject" => 3.0,
                    "Person" | "Company" | "LegalEntity" | "Organization" => 2.0,
                    "account" => 1.5,
                    // Call records and payments are many and alike: after the parties they connect.
                    "Call" | "Payment" => 0.5,
                    _ => 1.0,
                };
                (kind_rank * 1000.0 + d.score, i as usize)
            })
            .collect();
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let total = hits.len();
        let results = hits
            .into_iter()
            .take(SEARCH_LIMIT)
            .map(|(_, i)| {
                let d = &self.docs[i];
                let subject = self.subject_of.get(&d.id).map(|&s| &self.analysis.subjects[s]);
                json!({
                    "id": d.id,
                    "kind": d.kind,
                    "name": self.display_name(&d.id, &d.name, victim_data),
                    "score": d.score,
                    "alert": subject.is_some_and(|s| s.alert),
                    "victim_warning": subject.and_then(|s| s.victim_warning.clone()),
                })
            })
            .collect();
        (total, results)
    }

    /// Everything known about one id, or `None` when the id is unknown. Alerts and notes are added by the
    /// caller, which holds the workspace.
    pub fn entity(&self, id: &str, victim_data: bool) -> Option<Value> {
        let doc = &self.docs[*self.by_id.get(id)?];
        let subject = self.subject_of.get(id).map(|&s| &self.analysis.subjects[s]);
        let hidden = !victim_data && self.compartment.pseudonym(id).is_some();
        // The entity itself and those of its subject.
        let mut ids: Vec<String> = vec![id.to_string()];
        if let Some(s) = subject {
            ids.push(s.id.clone());
            ids.extend(s.entities.iter().cloned());
        }
        ids.sort();
        ids.dedup();
        let records: Vec<&Entity> = ids.iter().filter_map(|i| self.entities.get(i)).collect();
        let mut properties: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for e in &records {
            for (k, vs) in &e.properties {
                properties.entry(k.clone()).or_default().extend(vs.iter().cloned());
            }
        }
        if hidden {
            // Identifying details stay in the compartment; the pseudonym and the fact of withholding are shown.
            properties.clear();
            properties.entry("name".into()).or_default().insert(self.display_name(id, &doc.name, false));
        }
        let provenance: Vec<Value> = records
            .iter()
            .map(|e| {
                let p = &e.provenance;
                json!({"record": e.id, "schema": e.schema, "file": p.file_name, "sha256": p.sha256,
                       "locator": p.locator.to_string(), "extractor": p.extractor, "batch": p.batch})
            })
            .collect();
        let mut accts: Vec<String> = subject.map(|s| s.accounts.clone()).unwrap_or_default();
        if let Some(a) = id.strip_prefix("acct:") {
            accts.push(a.to_string());
        }
        for e in &records {
            for p in ["iban", "accountNumber"] {
                accts.extend(e.properties.get(p).into_iter().flatten().cloned());
            }
        }
        accts.sort();
        accts.dedup();
        let accounts: Vec<&AccountSummary> = accts.iter().filter_map(|a| self.accounts.get(a)).collect();
        let mut contacts: BTreeSet<String> = BTreeSet::new();
        for e in &records {
            for p in ["phone", "email"] {
                contacts.extend(e.properties.get(p).into_iter().flatten().map(|v| v.to_lowercase()));
            }
        }
        let mut ad_ids: BTreeSet<&str> = BTreeSet::new();
        for c in &contacts {
            ad_ids.extend(self.ads_by_contact.get(c).into_iter().flatten().map(String::as_str));
        }
        let ads: Vec<Value> = ad_ids
            .into_iter()
            .take(50)
            .filter_map(|a| self.entities.get(a))
            .map(|e| {
                let p = |k: &str| e.properties.get(k).and_then(|v| v.first()).cloned();
                json!({"id": e.id, "title": p("title"), "site": p("site"), "city": p("city"), "posted_at": p("postedAt"),
                       "text": p("bodyText").or_else(|| p("description")).map(|t| t.chars().take(400).collect::<String>()),
                       "file": e.provenance.file_name, "sha256": e.provenance.sha256,
                       "locator": e.provenance.locator.to_string()})
            })
            .collect();
        let mut related: Vec<Value> = Vec::new();
        let mut rel_ids: BTreeSet<&str> = BTreeSet::new();
        for i in &ids {
            rel_ids.extend(self.referenced_by.get(i).into_iter().flatten().map(String::as_str));
        }
        for e in &records {
            for vs in e.properties.values() {
                rel_ids.extend(vs.iter().filter(|v| self.entities.contains_key(*v)).map(String::as_str));
            }
        }
        for r in rel_ids.into_iter().filter(|r| !ids.iter().any(|i| i == r)).take(100) {
            if let Some(e) = self.entities.get(r) {
                related.push(json!({"id": e.id, "schema": e.schema, "name": self.display_name(&e.id, &entity_name(e), victim_data)}));
            }
        }
        // Timeline events name their subject by id or by display name.
        let (sid, sname) = subject.map(|s| (s.id.as_str(), s.name.as_str())).unwrap_or((id, doc.name.as_str()));
        let timeline: Vec<Value> = self
            .analysis
            .timeline
            .iter()
            .filter(|t| t.subject == sid || t.subject == sname)
            .take(500)
            .map(|t| {
                let src = self.analysis.sources.get(&t.record);
                json!({"ts": t.ts, "code": t.code, "text": t.text, "record": t.record,
                       "file": src.map(|s| &s.file), "sha256": src.map(|s| &s.sha256), "locator": src.map(|s| &s.locator)})
            })
            .collect();
        let subject_json = subject.map(|s| {
            let hits: Vec<Value> = s
                .hits
                .iter()
                .map(|h| {
                    let cites: Vec<Value> = h
                        .evidence
                        .iter()
                        .take(5)
                        .filter_map(|r| self.analysis.sources.get(r).map(|src| (r, src)))
                        .map(|(r, src)| json!({"record": r, "file": src.file, "sha256": src.sha256, "locator": src.locator, "summary": src.summary}))
                        .collect();
                    json!({"code": h.code, "title": h.title, "finding": h.finding, "account": h.account, "weight": h.weight,
                           "roles": h.roles, "period": h.period, "evidence_count": h.evidence.len(), "sources": cites})
                })
                .collect();
            json!({"id": s.id, "score": s.score, "alert": s.alert, "roles": s.roles, "typologies": s.typologies,
                   "score_explained": s.score_explained, "victim_warning": s.victim_warning, "hits": hits,
                   "corroboration": s.corroboration})
        });
        let schema = records.iter().find(|e| e.id == id).map(|e| e.schema.clone()).unwrap_or_else(|| doc.kind.clone());
        Some(json!({
            "id": id,
            "kind": doc.kind,
            "schema": schema,
            "name": self.display_name(id, &doc.name, victim_data),
            "pseudonymised": hidden,
            "victim_warning": subject.and_then(|s| s.victim_warning.clone()),
            "subject": subject_json,
            "properties": properties,
            "provenance": provenance,
            "accounts": accounts,
            "ads": ads,
            "related": related,
            "timeline": timeline,
        }))
    }

    /// The subject id behind an id (itself when it is a subject), for alerts.
    pub fn subject_id(&self, id: &str) -> Option<&str> {
        self.subject_of.get(id).map(|&s| self.analysis.subjects[s].id.as_str())
    }

    /// The network around an id, `depth` steps out, at most [`NETWORK_LIMIT`] nodes.
    pub fn network(&self, id: &str, depth: usize, victim_data: bool) -> Option<Value> {
        if !self.by_id.contains_key(id) {
            return None;
        }
        let start = if self.node_of.contains_key(id) {
            id.to_string()
        } else {
            self.subject_id(id).filter(|s| self.node_of.contains_key(*s)).unwrap_or(id).to_string()
        };
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut edges: BTreeSet<usize> = BTreeSet::new();
        let mut queue = VecDeque::from([(start.clone(), 0usize)]);
        seen.insert(start.clone(), 0);
        while let Some((n, d)) = queue.pop_front() {
            if d >= depth {
                continue;
            }
            for &ei in self.adjacency.get(&n).into_iter().flatten() {
                let e = &self.analysis.network.edges[ei];
                let other = if e.from == n { &e.to } else { &e.from };
                if !seen.contains_key(other) {
                    if seen.len() >= NETWORK_LIMIT {
                        continue;
                    }
                    seen.insert(other.clone(), d + 1);
                    queue.push_back((other.clone(), d + 1));
                }
                edges.insert(ei);
            }
        }
        let nodes: Vec<Value> = seen
            .iter()
            .map(|(nid, d)| {
                let n = self.node_of.get(nid).map(|&i| &self.analysis.network.nodes[i]);
                let label = n.map(|n| n.label.clone()).unwrap_or_else(|| {
                    self.by_id.get(nid).map(|&i| self.docs[i].name.clone()).unwrap_or_else(|| nid.clone())
                });
                json!({"id": nid, "label": self.display_name(nid, &label, victim_data), "kind": n.map(|n| n.kind.as_str()).unwrap_or("entity"),
                       "score": n.map(|n| n.score).unwrap_or(0.0), "alert": n.is_some_and(|n| n.alert),
                       "victim_warning": n.is_some_and(|n| n.victim_warning), "depth": d,
                       "degree": self.adjacency.get(nid).map_or(0, Vec::len)})
            })
            .collect();
        let edges: Vec<Value> = edges
            .into_iter()
            .map(|i| &self.analysis.network.edges[i])
            .filter(|e| seen.contains_key(&e.from) && seen.contains_key(&e.to))
            .map(
                |e| json!({"from": e.from, "to": e.to, "kind": e.kind, "label": e.label, "evidence": e.evidence.len()}),
            )
            .collect();
        Some(json!({"center": start, "nodes": nodes, "edges": edges}))
    }
}
