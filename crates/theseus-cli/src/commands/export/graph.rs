//! The chain network for graph and link-analysis tools: GraphML (Gephi, yEd), GEXF 1.3 (Gephi), CSV for i2
//! Analyst's Notebook, and the chain's members with their role hypotheses as JSON lines.
//!
//! Every format marks the persons to protect — a leading role of victim, or a non-punishment warning — with
//! `victim` true and a `warning` text, so that no one opening the file in another tool mistakes them for
//! suspects.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context, Result};
use theseus_chain::network::{Edge, EdgeKind};
use theseus_chain::{Chain, Role, RoleHypothesis};
use theseus_store::Workspace;

/// The latest stored chain, if it saw every committed batch; otherwise the analysis is run again with the
/// default settings, which stores a fresh one.
pub(super) fn current_chain(ws: &mut Workspace) -> Result<Chain> {
    let last_batch = ws.batches()?.last().map(|b| b.id);
    let stored = ws.latest_run("chain")?.filter(|r| r.last_batch == last_batch);
    let run = match stored {
        Some(run) => run,
        None => {
            eprintln!("no chain of the latest evidence yet: running the analysis with the default settings");
            crate::commands::analyze::analyze(ws, &theseus_analysis::Config::default())?;
            ws.latest_run("chain")?.context("the analysis stored no chain")?
        }
    };
    serde_json::from_str(&run.result).context("stored chain cannot be read; run `theseus analyze` again")
}

/// A party as the exports show it: the network's facts plus its part in the operations.
struct Node {
    id: String,
    name: String,
    kind: String,
    accounts: Vec<String>,
    entities: Vec<String>,
    country: Option<String>,
    degree: Option<usize>,
    hub: bool,
    /// Leading role hypothesis in the first (strongest) operation that lists the party.
    role: Option<RoleHypothesis>,
    operations: Vec<String>,
    alerted: bool,
    victim: bool,
    warning: Option<String>,
}

/// The warning of a member to protect, or `None` for everyone else. A likely victim without a
/// non-punishment warning (not alerted, no offender role) still gets one, so that the mark never depends on
/// which tool reads which field.
fn protection(m: &theseus_chain::Member) -> Option<String> {
    if let Some(w) = &m.victim_warning {
        return Some(w.clone());
    }
    let lead = m.roles.first().filter(|r| r.role == Role::Victim)?;
    Some(format!(
        "Likely victim (leading role hypothesis: victim, score {:.2}): a person to protect, not a suspect.",
        lead.score
    ))
}

/// Every party of the chain network, every operation member, and every edge end, by id.
fn nodes(chain: &Chain) -> BTreeMap<String, Node> {
    let mut out: BTreeMap<String, Node> = chain
        .network
        .parties
        .values()
        .map(|p| {
            let node = Node {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind.clone(),
                accounts: p.accounts.clone(),
                entities: p.entities.clone(),
                country: p.country.clone(),
                degree: Some(p.degree),
                hub: p.hub,
                role: None,
                operations: Vec::new(),
                alerted: false,
                victim: false,
                warning: None,
            };
            (p.id.clone(), node)
        })
        .collect();
    for op in &chain.cast.operations {
        for m in &op.members {
            let n = out.entry(m.subject.clone()).or_insert_with(|| Node {
                id: m.subject.clone(),
                name: m.name.clone(),
                kind: m.kind.clone(),
                accounts: m.accounts.clone(),
                entities: Vec::new(),
                country: None,
                degree: None,
                hub: false,
                role: None,
                operations: Vec::new(),
                alerted: false,
                victim: false,
                warning: None,
            });
            if n.role.is_none() {
                n.role = m.roles.first().cloned();
            }
            n.operations.push(op.id.clone());
            n.alerted |= m.alerted;
            // Protection in any operation is protection everywhere.
            if let Some(w) = protection(m) {
                n.victim = true;
                n.warning.get_or_insert(w);
            }
        }
    }
    // An edge never points at nothing, even if its end was left out of the parties.
    for e in &chain.network.edges {
        for id in [&e.from, &e.to] {
            out.entry(id.clone()).or_insert_with(|| Node {
                id: id.clone(),
                name: id.clone(),
                kind: "other".into(),
                accounts: Vec::new(),
                entities: Vec::new(),
                country: None,
                degree: None,
                hub: false,
                role: None,
                operations: Vec::new(),
                alerted: false,
                victim: false,
                warning: None,
            });
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Ty {
    Str,
    Bool,
    Int,
    Double,
}

impl Ty {
    /// The type's word, the same in GraphML's `attr.type` and GEXF's `type`.
    fn name(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Bool => "boolean",
            Ty::Int => "long",
            Ty::Double => "double",
        }
    }
}

/// Node attributes, in the order [`node_values`] gives them.
const NODE_ATTRS: &[(&str, Ty)] = &[
    ("name", Ty::Str),
    ("subject", Ty::Str),
    ("kind", Ty::Str),
    ("role", Ty::Str),
    ("role_score", Ty::Double),
    ("operation", Ty::Str),
    ("victim", Ty::Bool),
    ("warning", Ty::Str),
    ("alerted", Ty::Bool),
    ("accounts", Ty::Str),
    ("entities", Ty::Str),
    ("country", Ty::Str),
    ("degree", Ty::Int),
    ("hub", Ty::Bool),
];

fn node_values(n: &Node) -> Vec<Option<String>> {
    let joined = |v: &[String]| Some(v.join(" ")).filter(|s| !s.is_empty());
    vec![
        Some(n.name.clone()),
        Some(n.id.clone()),
        Some(n.kind.clone()),
        n.role.as_ref().map(|r| r.role.as_str().to_string()),
        n.role.as_ref().map(|r| format!("{:.3}", r.score)),
        joined(&n.operations),
        Some(n.victim.to_string()),
        n.warning.clone(),
        Some(n.alerted.to_string()),
        joined(&n.accounts),
        joined(&n.entities),
        n.country.clone(),
        n.degree.map(|d| d.to_string()),
        Some(n.hub.to_string()),
    ]
}

/// Edge attributes, in the order [`edge_values`] gives them.
const EDGE_ATTRS: &[(&str, Ty)] = &[
    ("kind", Ty::Str),
    ("count", Ty::Int),
    ("total", Ty::Double),
    ("currency", Ty::Str),
    ("first", Ty::Str),
    ("last", Ty::Str),
    ("label", Ty::Str),
    ("evidence", Ty::Str),
];

fn edge_values(e: &Edge) -> Vec<Option<String>> {
    vec![
        Some(e.kind.as_str().to_string()),
        Some(e.count.to_string()),
        e.total.map(|t| t.to_string()),
        e.currency.clone(),
        e.first.clone(),
        e.last.clone(),
        Some(e.label.clone()).filter(|l| !l.is_empty()),
        Some(e.evidence.join(" ")).filter(|s| !s.is_empty()),
    ]
}

/// Payments weigh what was paid; every other edge the number of records behind it.
fn weight(e: &Edge) -> String {
    match (e.kind, e.total) {
        (EdgeKind::Payment, Some(t)) => t.to_string(),
        _ => e.count.to_string(),
    }
}

/// Escapes text for XML content and attribute values alike. Characters XML 1.0 cannot carry at all (most
/// control characters) become U+FFFD; line breaks and tabs are written as references so that attribute
/// normalisation does not turn them into spaces.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// A GraphML node id: GraphML declares ids as `NMTOKEN`, which allows no spaces and few punctuation marks.
/// ASCII letters, digits, `.`, `-` and `:` are kept; every other byte is written `_XX` (hex), so that two
/// different subject ids never share a node id. The subject id itself is the `subject` attribute.
fn nmtoken(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':') {
            out.push(b as char);
        } else {
            let _ = write!(out, "_{b:02X}");
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// GraphML of the chain network, one element per line.
pub(super) fn graphml(chain: &Chain) -> Vec<String> {
    let nodes = nodes(chain);
    let mut out = vec![
        r#"<?xml version="1.0" encoding="UTF-8"?>"#.to_string(),
        concat!(
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns "#,
            r#"http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
        )
        .to_string(),
    ];
    // Gephi takes a node attribute called `label` as the node's label and an edge attribute called `weight`
    // as its weight: both are given besides the named attributes.
    out.push(r#"  <key id="n_label" for="node" attr.name="label" attr.type="string"/>"#.into());
    for (name, ty) in NODE_ATTRS {
        out.push(format!(r#"  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{}"/>"#, ty.name()));
    }
    for (name, ty) in EDGE_ATTRS {
        out.push(format!(r#"  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{}"/>"#, ty.name()));
    }
    out.push(r#"  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>"#.into());
    out.push(r#"  <graph id="chain" edgedefault="directed">"#.into());
    for n in nodes.values() {
        let mut line = format!(r#"    <node id="{}">"#, esc(&nmtoken(&n.id)));
        let _ = write!(line, r#"<data key="n_label">{}</data>"#, esc(&n.name));
        for ((name, _), v) in NODE_ATTRS.iter().zip(node_values(n)) {
            if let Some(v) = v {
                let _ = write!(line, r#"<data key="n_{name}">{}</data>"#, esc(&v));
            }
        }
        line.push_str("</node>");
        out.push(line);
    }
    for (i, e) in chain.network.edges.iter().enumerate() {
        let mut line = format!(
            r#"    <edge id="e{i}" source="{}" target="{}" directed="true">"#,
            esc(&nmtoken(&e.from)),
            esc(&nmtoken(&e.to))
        );
        for ((name, _), v) in EDGE_ATTRS.iter().zip(edge_values(e)) {
            if let Some(v) = v {
                let _ = write!(line, r#"<data key="e_{name}">{}</data>"#, esc(&v));
            }
        }
        let _ = write!(line, r#"<data key="e_weight">{}</data>"#, weight(e));
        line.push_str("</edge>");
        out.push(line);
    }
    out.push("  </graph>".into());
    out.push("</graphml>".into());
    out
}

/// GEXF 1.3 of the chain network, one element per line.
pub(super) fn gexf(chain: &Chain) -> Vec<String> {
    let nodes = nodes(chain);
    let mut out = vec![
        r#"<?xml version="1.0" encoding="UTF-8"?>"#.to_string(),
        concat!(
            r#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
        )
        .to_string(),
        "  <meta>".into(),
        format!("    <creator>Theseus {}</creator>", env!("CARGO_PKG_VERSION")),
        "    <description>The trafficking chain: operation members and the edges between them</description>".into(),
        "  </meta>".into(),
        r#"  <graph defaultedgetype="directed" mode="static">"#.into(),
    ];
    for (class, attrs) in [("node", NODE_ATTRS), ("edge", EDGE_ATTRS)] {
        out.push(format!(r#"    <attributes class="{class}" mode="static">"#));
        for (name, ty) in attrs {
            out.push(format!(r#"      <attribute id="{name}" title="{name}" type="{}"/>"#, ty.name()));
        }
        out.push("    </attributes>".into());
    }
    let attvalues = |line: &mut String, attrs: &[(&str, Ty)], values: Vec<Option<String>>| {
        line.push_str("<attvalues>");
        for ((name, _), v) in attrs.iter().zip(values) {
            if let Some(v) = v {
                let _ = write!(line, r#"<attvalue for="{name}" value="{}"/>"#, esc(&v));
            }
        }
        line.push_str("</attvalues>");
    };
    out.push("    <nodes>".into());
    for n in nodes.values() {
        let mut line = format!(r#"      <node id="{}" label="{}">"#, esc(&n.id), esc(&n.name));
        attvalues(&mut line, NODE_ATTRS, node_values(n));
        line.push_str("</node>");
        out.push(line);
    }
    out.push("    </nodes>".into());
    out.push("    <edges>".into());
    for (i, e) in chain.network.edges.iter().enumerate() {
        // `kind` keeps parallel edges of different kinds (a payment and a shared phone) apart in Gephi.
        let mut line = format!(
            r#"      <edge id="e{i}" source="{}" target="{}" kind="{}" weight="{}" label="{}">"#,
            esc(&e.from),
            esc(&e.to),
            e.kind.as_str(),
            weight(e),
            esc(&e.label)
        );
        attvalues(&mut line, EDGE_ATTRS, edge_values(e));
        line.push_str("</edge>");
        out.push(line);
    }
    out.push("    </edges>".into());
    out.push("  </graph>".into());
    out.push("</gexf>".into());
    out
}

/// Columns of the i2 CSV, documented in docs/exports.md.
pub(super) const I2_HEADER: &[&str] = &[
    "entity1_id",
    "entity1_type",
    "entity1_label",
    "entity1_role",
    "entity1_operation",
    "entity1_victim",
    "entity1_warning",
    "entity2_id",
    "entity2_type",
    "entity2_label",
    "entity2_role",
    "entity2_operation",
    "entity2_victim",
    "entity2_warning",
    "link_type",
    "link_label",
    "amount",
    "currency",
    "count",
    "first_date",
    "last_date",
    "evidence_ids",
];

/// The entity type an i2 import specification maps to an icon.
fn i2_type(kind: &str) -> &str {
    match kind {
        "person" => "Person",
        "company" => "Organisation",
        "account" => "Account",
        "counterparty" => "Counterparty",
        "asset" => "Asset",
        other => other,
    }
}

fn i2_entity(n: &Node) -> [String; 7] {
    [
        n.id.clone(),
        i2_type(&n.kind).to_string(),
        n.name.clone(),
        n.role.as_ref().map(|r| r.role.as_str().to_string()).unwrap_or_default(),
        n.operations.join(" "),
        n.victim.to_string(),
        n.warning.clone().unwrap_or_default(),
    ]
}

/// One CSV record as a line (fields with line breaks stay quoted inside it).
fn csv_record<I: IntoIterator<Item = S>, S: AsRef<[u8]>>(fields: I) -> Result<String> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(fields)?;
    let mut bytes = w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?;
    bytes.pop(); // the terminator; the caller ends each line
    Ok(String::from_utf8(bytes)?)
}

/// CSV for i2 Analyst's Notebook: a header, then one row per edge from entity 1 to entity 2, then one row per
/// party without any edge (entity 2 and link columns empty) so that it is imported too.
pub(super) fn i2(chain: &Chain) -> Result<Vec<String>> {
    let nodes = nodes(chain);
    let mut out = vec![csv_record(I2_HEADER)?];
    let mut linked = std::collections::BTreeSet::new();
    for e in &chain.network.edges {
        let (a, b) = (&nodes[&e.from], &nodes[&e.to]);
        linked.insert(e.from.as_str());
        linked.insert(e.to.as_str());
        let mut row: Vec<String> = i2_entity(a).into_iter().chain(i2_entity(b)).collect();
        row.extend([
            e.kind.as_str().to_string(),
            e.label.clone(),
            e.total.map(|t| t.to_string()).unwrap_or_default(),
            e.currency.clone().unwrap_or_default(),
            e.count.to_string(),
            e.first.clone().unwrap_or_default(),
            e.last.clone().unwrap_or_default(),
            e.evidence.join(" "),
        ]);
        out.push(csv_record(&row)?);
    }
    for n in nodes.values().filter(|n| !linked.contains(n.id.as_str())) {
        let mut row: Vec<String> = i2_entity(n).into();
        row.resize(I2_HEADER.len(), String::new());
        out.push(csv_record(&row)?);
    }
    Ok(out)
}

/// One JSON line per operation member: its role hypotheses with their scores and evidence.
pub(super) fn chain_lines(chain: &Chain) -> Vec<String> {
    let mut out = Vec::new();
    for op in &chain.cast.operations {
        for m in &op.members {
            let lead = m.roles.first();
            let warning = protection(m);
            out.push(
                serde_json::json!({
                    "operation": op.id,
                    "typologies": op.typologies,
                    "subject": m.subject,
                    "name": m.name,
                    "kind": m.kind,
                    "accounts": m.accounts,
                    "alerted": m.alerted,
                    "role": lead.map(|r| r.role.as_str()),
                    "role_score": lead.map(|r| r.score),
                    "roles": m.roles,
                    "victim": warning.is_some(),
                    "warning": warning,
                    "victim_warning": m.victim_warning,
                })
                .to_string(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_xml_well_formed() {
        assert_eq!(esc(r#"A & B <c> "d" 'e'"#), "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;");
        assert_eq!(esc("a\nb\tc\u{1}d"), "a&#10;b&#9;c\u{FFFD}d");
        assert_eq!(esc("Sören Ж 🙂"), "Sören Ж 🙂");
    }

    #[test]
    fn node_ids_are_nmtokens_and_stay_distinct() {
        assert_eq!(nmtoken("reg-person-000005"), "reg-person-000005");
        assert_eq!(nmtoken("cpty:kovalenko o"), "cpty:kovalenko_20o");
        assert_ne!(nmtoken("a b"), nmtoken("a_20b"));
        assert_eq!(nmtoken("ö"), "_C3_B6");
        assert_eq!(nmtoken(""), "_");
    }
}
