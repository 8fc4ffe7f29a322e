//! The chain network of the demo case exported for graph and link-analysis tools: GraphML, GEXF, i2 CSV and
//! the chain's members as JSON lines. The demo's ground truth names the exploiter and the victims.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::{ok, s};

const GRAPHML: &str = "http://graphml.graphdrawing.org/xmlns";
const GEXF: &str = "http://gexf.net/1.3";

/// The demo case (evidence ingested, analysis and chain stored) and its ground truth.
struct Demo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    ws: PathBuf,
    truth: serde_json::Value,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    ok(&["demo", "--out", s(&root)]);
    let truth = std::fs::read_to_string(root.join("evidence-received/truth.json")).unwrap();
    Demo { ws: root.join("workspace"), truth: serde_json::from_str(&truth).unwrap(), root, _dir: dir }
}

impl Demo {
    /// Exports one format into a file and reads it back.
    fn export(&self, format: &str) -> String {
        let out = self.root.join(format!("chain.{format}"));
        ok(&["export", "-w", s(&self.ws), "--format", format, "--out", s(&out)]);
        std::fs::read_to_string(&out).unwrap()
    }

    /// Registry ids of the truth's members in one role.
    fn truth_role(&self, role: &str) -> Vec<String> {
        self.truth["operations"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|o| o["members"].as_array().unwrap())
            .filter(|m| m["role"] == role)
            .map(|m| m["registry_id"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Node attributes by subject id.
type Nodes = BTreeMap<String, BTreeMap<String, String>>;

/// The exploiter is a node with that role; every victim node is marked with a warning; the truth's victims
/// that the chain found are among them.
fn check_roles(nodes: &Nodes, d: &Demo) {
    let exploiter = &d.truth_role("exploiter")[0];
    let node = nodes.get(exploiter).unwrap_or_else(|| panic!("exploiter {exploiter} is not a node"));
    assert_eq!(node["role"], "exploiter", "{node:?}");
    assert_ne!(node["victim"], "true");
    for (id, n) in nodes {
        if n.get("role").is_some_and(|r| r == "victim") {
            assert_eq!(n["victim"], "true", "{id} leads as victim but is not marked");
        }
        if n["victim"] == "true" {
            assert!(n.get("warning").is_some_and(|w| !w.is_empty()), "{id} is marked without a warning");
        }
    }
    let victims: Vec<_> = d.truth_role("victim").into_iter().filter(|v| nodes.contains_key(v)).collect();
    assert!(!victims.is_empty(), "no victim of the truth in the network");
    for v in &victims {
        assert_eq!(nodes[v]["victim"], "true", "victim {v} is not marked: {:?}", nodes[v]);
    }
}

#[test]
fn graphml_and_gexf_of_the_chain_are_well_formed_and_mark_victims() {
    let d = demo();

    // GraphML.
    let text = d.export("graphml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed GraphML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(root.tag_name().namespace(), Some(GRAPHML));
    let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let graph_at = children.iter().position(|n| n.has_tag_name((GRAPHML, "graph"))).expect("a graph");
    assert!(children[graph_at..].iter().all(|n| !n.has_tag_name((GRAPHML, "key"))), "keys come before the graph");
    let mut keys: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for k in &children[..graph_at] {
        let ty = k.attribute("attr.type").unwrap();
        assert!(["boolean", "int", "long", "float", "double", "string"].contains(&ty), "attr.type {ty}");
        keys.insert(k.attribute("id").unwrap(), (k.attribute("for").unwrap(), k.attribute("attr.name").unwrap()));
    }
    let graph = children[graph_at];
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let mut node_ids = BTreeSet::new();
    let mut nodes = Nodes::new();
    let mut edges = 0;
    for el in graph.children().filter(|n| n.is_element()) {
        let what = el.tag_name().name();
        let mut attrs = BTreeMap::new();
        for data in el.children().filter(|n| n.has_tag_name((GRAPHML, "data"))) {
            let key = data.attribute("key").unwrap();
            let (on, name) = keys.get(key).unwrap_or_else(|| panic!("key {key} is not declared"));
            assert_eq!(*on, what, "key {key} is declared for {on}, used on {what}");
            attrs.insert(name.to_string(), data.text().unwrap_or_default().to_string());
        }
        match what {
            "node" => {
                assert!(node_ids.insert(el.attribute("id").unwrap().to_string()), "duplicate node id");
                nodes.insert(attrs["subject"].clone(), attrs);
            }
            "edge" => {
                edges += 1;
                for end in ["source", "target"] {
                    let id = el.attribute(end).unwrap();
                    assert!(node_ids.contains(id), "edge {end} {id} is not a node");
                }
                assert!(attrs.contains_key("kind") && attrs.contains_key("count"), "{attrs:?}");
            }
            other => panic!("unexpected <{other}> in the graph"),
        }
    }
    assert!(nodes.len() >= 5 && edges >= 5, "{} nodes, {edges} edges", nodes.len());
    check_roles(&nodes, &d);
    let graphml_subjects: BTreeSet<String> = nodes.keys().cloned().collect();

    // GEXF.
    let text = d.export("gexf");
    let doc = roxmltree::Document::parse(&text).expect("well-formed GEXF");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "gexf");
    assert_eq!(root.tag_name().namespace(), Some(GEXF));
    assert_eq!(root.attribute("version"), Some("1.3"));
    let graph = root.children().find(|n| n.has_tag_name((GEXF, "graph"))).unwrap();
    assert_eq!(graph.attribute("defaultedgetype"), Some("directed"));
    let mut declared: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for a in graph.children().filter(|n| n.has_tag_name((GEXF, "attributes"))) {
        let class = a.attribute("class").unwrap();
        for at in a.children().filter(|n| n.is_element()) {
            declared.insert((class, at.attribute("id").unwrap()), at.attribute("title").unwrap());
        }
    }
    let values = |el: roxmltree::Node, class: &str| -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for v in el.descendants().filter(|n| n.has_tag_name((GEXF, "attvalue"))) {
            let id = v.attribute("for").unwrap();
            let title = declared.get(&(class, id)).unwrap_or_else(|| panic!("{class} attribute {id} not declared"));
            out.insert(title.to_string(), v.attribute("value").unwrap().to_string());
        }
        out
    };
    let mut nodes = Nodes::new();
    let mut ids = BTreeSet::new();
    for n in graph.descendants().filter(|n| n.has_tag_name((GEXF, "node"))) {
        ids.insert(n.attribute("id").unwrap());
        assert!(!n.attribute("label").unwrap().is_empty());
        let v = values(n, "node");
        assert_eq!(v["subject"], n.attribute("id").unwrap());
        nodes.insert(v["subject"].clone(), v);
    }
    let mut edges = 0;
    for e in graph.descendants().filter(|n| n.has_tag_name((GEXF, "edge"))) {
        edges += 1;
        for end in ["source", "target"] {
            assert!(ids.contains(e.attribute(end).unwrap()), "edge {end} is not a node");
        }
        let v = values(e, "edge");
        let weight: f64 = e.attribute("weight").unwrap().parse().unwrap();
        let expected: f64 =
            if v["kind"] == "payment" { v["total"].parse().unwrap() } else { v["count"].parse().unwrap() };
        assert_eq!(weight, expected, "{v:?}");
    }
    assert!(edges >= 5);
    check_roles(&nodes, &d);
    assert_eq!(nodes.keys().cloned().collect::<BTreeSet<_>>(), graphml_subjects, "both formats carry the same nodes");
}

const I2_HEADER: &str = "entity1_id,entity1_type,entity1_label,entity1_role,entity1_operation,entity1_victim,\
entity1_warning,entity2_id,entity2_type,entity2_label,entity2_role,entity2_operation,entity2_victim,entity2_warning,\
link_type,link_label,amount,currency,count,first_date,last_date,evidence_ids";

fn chain_members(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

#[test]
fn i2_rows_and_chain_lines_cover_every_member() {
    let d = demo();
    let members = chain_members(&d.export("chain"));
    assert!(members.len() >= 5, "{} members", members.len());
    for m in &members {
        assert!(m["operation"].as_str().is_some_and(|o| o.starts_with("OP-")), "{m}");
        let role = m["role"].as_str().unwrap_or_else(|| panic!("no role: {m}"));
        let roles = m["roles"].as_array().unwrap();
        assert_eq!(roles[0]["role"], role);
        assert!(roles.iter().all(|r| r["score"].as_f64().is_some() && r["evidence"].is_array()));
        if role == "victim" || !m["victim_warning"].is_null() {
            assert_eq!(m["victim"], true, "{m}");
            assert!(m["warning"].as_str().is_some_and(|w| !w.is_empty()));
        }
    }
    let exploiter = &d.truth_role("exploiter")[0];
    assert!(members.iter().any(|m| m["subject"] == exploiter.as_str() && m["role"] == "exploiter"));
    // Some evidence names records by the ids the sources gave them.
    assert!(members.iter().any(|m| {
        m["roles"][0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["records"].as_array().is_some_and(|r| !r.is_empty()))
    }));

    let text = d.export("i2");
    assert_eq!(text.lines().next(), Some(I2_HEADER));
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let width = rdr.headers().unwrap().len();
    let col = |name: &str| I2_HEADER.split(',').position(|h| h == name).unwrap();
    let mut entities: BTreeMap<String, csv::StringRecord> = BTreeMap::new();
    let mut links = 0;
    for row in rdr.records() {
        let row = row.expect("every row has the header's number of columns");
        assert_eq!(row.len(), width);
        for side in ["entity1", "entity2"] {
            let id = &row[col(&format!("{side}_id"))];
            if id.is_empty() {
                continue;
            }
            assert!(["true", "false"].contains(&&row[col(&format!("{side}_victim"))]));
            let fields: Vec<&str> = ["id", "type", "label", "role", "operation", "victim", "warning"]
                .iter()
                .map(|f| &row[col(&format!("{side}_{f}"))])
                .collect();
            entities.insert(id.to_string(), csv::StringRecord::from(fields));
        }
        if !row[col("entity2_id")].is_empty() {
            links += 1;
            assert!(!row[col("link_type")].is_empty());
            assert!(row[col("count")].parse::<usize>().is_ok());
        }
    }
    assert!(links >= 5);
    // Every operation member is an entity of the import, with its role and victim mark.
    for m in &members {
        let id = m["subject"].as_str().unwrap();
        let e = entities.get(id).unwrap_or_else(|| panic!("member {id} is in no row"));
        assert_eq!(&e[3], m["role"].as_str().unwrap(), "{id}");
        assert_eq!(&e[5], if m["victim"] == true { "true" } else { "false" }, "{id}");
    }
    // And every entity of the import is a node of the graph exports.
    let graph = d.export("graphml");
    let doc = roxmltree::Document::parse(&graph).unwrap();
    let subjects: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((GRAPHML, "data")) && n.attribute("key") == Some("n_subject"))
        .filter_map(|n| n.text())
        .collect();
    for id in entities.keys() {
        assert!(subjects.contains(id.as_str()), "entity {id} of the i2 rows is not in the graph");
    }
}
