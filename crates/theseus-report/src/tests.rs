//! Report tests over a small hand-made analysis.
//!
//! Set `THESEUS_REPORT_SAMPLE=/path/report.html` to also write the sample report for a visual check.

use std::collections::BTreeMap;

use theseus_analysis::output::{Analysis, Edge, Hit, Hub, Network, Node, SourceRef, Stats, Subject, TimelineEvent};

use crate::{EvidenceFile, ReportMeta, network_svg, render_html, timeline_svg};

const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn hit(code: &str, title: &str, finding: &str, account: &str, weight: f64, roles: &[&str], evidence: &[&str]) -> Hit {
    Hit {
        code: code.into(),
        title: title.into(),
        finding: finding.into(),
        account: account.into(),
        weight,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
        period: ("2024-02-03".into(), "2024-06-28".into()),
    }
}

fn subject(id: &str, name: &str, score: f64, alert: bool, hits: Vec<Hit>, roles: &[(&str, f64)]) -> Subject {
    Subject {
        id: id.into(),
        name: name.into(),
        accounts: vec![format!("DE89370400440532013{}", &id[id.len() - 3..])],
        entities: vec![format!("ent-{id}")],
        score,
        alert,
        score_explained: hits.iter().map(|h| format!("{} {}: +{:.1}", h.code, h.title, h.weight)).collect(),
        hits,
        roles: roles.iter().map(|(r, v)| (r.to_string(), *v)).collect(),
        victim_warning: None,
        corroboration: Vec::new(),
    }
}

fn node(id: &str, label: &str, kind: &str, score: f64, alert: bool, victim: bool) -> Node {
    Node { id: id.into(), label: label.into(), kind: kind.into(), score, alert, victim_warning: victim }
}

fn edge(from: &str, to: &str, kind: &str, label: &str, evidence: &[&str]) -> Edge {
    Edge {
        from: from.into(),
        to: to.into(),
        kind: kind.into(),
        label: label.into(),
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
    }
}

fn event(ts: &str, subject: &str, code: &str, text: &str, record: &str) -> TimelineEvent {
    TimelineEvent {
        ts: ts.into(),
        subject: subject.into(),
        code: code.into(),
        text: text.into(),
        record: record.into(),
    }
}

/// A small case: an exploiter, a complicit hotel, a likely victim, a subject with a hostile name.
fn sample() -> Analysis {
    let mut boss = subject(
        "s001",
        "Marco Vellani",
        11.5,
        true,
        vec![
            hit(
                "THB-003",
                "Many small cash deposits from several depositors",
                "41 cash deposits of EUR 80–450 by 6 different depositors, EUR 9,870 in total.",
                "DE89370400440532013001",
                3.0,
                &["X", "B"],
                &["tx-0001", "tx-0002", "tx-0003", "tx-0004", "tx 0005/A"],
            ),
            hit(
                "THB-011",
                "Payments for accommodation of third parties",
                "Rent for 3 flats paid while the subject is registered at another address.",
                "DE89370400440532013001",
                2.5,
                &["T", "X"],
                &["tx-0010", "tx-0011"],
            ),
            hit(
                "THB-017",
                "Online advertising spend",
                "Card payments to 2 classified-ad platforms, EUR 1,240 over 5 months.",
                "DE89370400440532013001",
                2.0,
                &["X"],
                &["tx-0020"],
            ),
        ],
        &[("X", 7.5), ("B", 3.0), ("T", 2.5)],
    );
    boss.corroboration = vec![
        "Pays EUR 4,300 to Hotel Aurora GmbH (5 transfers).".into(),
        "Shares phone +49 151 2345678 with <script>alert(1)</script>.".into(),
    ];
    boss.score_explained.push("Corroboration: linked to 1 flagged subject: +1.0".into());

    let mut hotel = subject(
        "s002",
        "Hotel Aurora GmbH",
        6.0,
        true,
        vec![
            hit(
                "THB-021",
                "Business with cash turnover out of line with its size",
                "Cash share of turnover 78 % against 12 % for the sector.",
                "DE89370400440532013002",
                3.5,
                &["CB"],
                &["tx-0030", "tx-0031"],
            ),
            hit(
                "THB-008",
                "Round-sum transfers to a private person",
                "5 transfers of EUR 500–1,500 to Marco Vellani.",
                "DE89370400440532013002",
                2.5,
                &["CB", "F"],
                &["tx-0032"],
            ),
        ],
        &[("CB", 6.0), ("F", 2.5)],
    );
    hotel.corroboration = vec!["Receives EUR 4,300 from Marco Vellani.".into()];

    let mut victim = subject(
        "s003",
        "Ana P. \"Ani\" & co",
        4.0,
        false,
        vec![hit(
            "THB-030",
            "Wages paid in and withdrawn at once by another person",
            "Salary credited and withdrawn in full within 1 day, 6 months in a row, at ATMs near the employer.",
            "DE89370400440532013003",
            4.0,
            &["V"],
            &["tx-0040", "tx-0041", "tx-0042"],
        )],
        &[("V", 4.0)],
    );
    victim.victim_warning = Some(
        "Salary is withdrawn within a day of payment at places the holder has no other trace of: the pattern of \
         controlled wages of an exploited worker."
            .into(),
    );

    let hostile = subject(
        "s004",
        "<script>alert(1)</script>",
        2.0,
        false,
        vec![hit(
            "THB-017",
            "Online advertising spend",
            "Card payments to 1 classified-ad platform.",
            "DE89370400440532013004",
            2.0,
            &["X"],
            &["tx-0050"],
        )],
        &[("X", 2.0)],
    );
    let quiet = subject("s005", "Jana Novak", 0.0, false, Vec::new(), &[]);

    let mut sources = BTreeMap::new();
    for (i, id) in [
        "tx-0001",
        "tx-0002",
        "tx-0003",
        "tx-0004",
        "tx 0005/A",
        "tx-0010",
        "tx-0011",
        "tx-0020",
        "tx-0030",
        "tx-0031",
        "tx-0032",
        "tx-0040",
        "tx-0041",
        "tx-0042",
        "tx-0050",
        "ent-s002",
    ]
    .iter()
    .enumerate()
    {
        sources.insert(
            id.to_string(),
            SourceRef {
                file: if i < 8 {
                    "statement_vellani_2024.csv".into()
                } else {
                    "aurora & partners <export>.xlsx".into()
                },
                sha256: SHA.into(),
                locator: format!("row {}", 12 + i * 7),
                extractor: "theseus-ingest bank-csv 0.1".into(),
                summary: format!("2024-03-{:02} EUR {}.00 cash deposit", 1 + i, 100 + i * 35),
            },
        );
    }

    let network = Network {
        nodes: vec![
            node("s001", "Marco Vellani", "person", 11.5, true, false),
            node("s002", "Hotel Aurora GmbH", "company", 6.0, true, false),
            node("s003", "Ana P. \"Ani\" & co", "person", 4.0, false, true),
            node("s004", "<script>alert(1)</script>", "person", 2.0, false, false),
            node("s005", "Jana Novak", "person", 0.0, false, false),
            node("acct:DE001", "DE89 3704 0044 0532 0130 01", "account", 0.0, false, false),
            node("acct:DE002", "DE89 3704 0044 0532 0130 02", "account", 0.0, false, false),
            node(
                "cpty:adplatform",
                "Kleinanzeigen Classified Platform Services Ltd",
                "counterparty",
                0.0,
                false,
                false,
            ),
            node("cpty:landlord", "Immobilien Berg KG", "counterparty", 0.0, false, false),
            node("asset:car", "BMW X5 (B-MV 1234)", "asset", 0.0, false, false),
            node("ua:ads", "ad account 'sweetlily'", "useraccount", 0.0, false, false),
            node("id:phone", "+49 151 2345678", "identifier", 0.0, false, false),
        ],
        edges: vec![
            edge("s001", "acct:DE001", "holds_account", "", &[]),
            edge("s002", "acct:DE002", "holds_account", "", &[]),
            edge("s002", "Marco Vellani", "payment", "EUR 4,300.00 (5)", &["tx-0032"]),
            edge("s001", "Hotel Aurora GmbH", "payment", "EUR 600.00 (1)", &["tx-0031"]),
            edge("s001", "cpty:adplatform", "payment", "EUR 1,240.00 (7)", &["tx-0020"]),
            edge("s004", "cpty:adplatform", "payment", "EUR 90.00 (1)", &["tx-0050"]),
            edge("s001", "cpty:landlord", "payment", "EUR 3,150.00 (3)", &["tx-0010", "tx-0011"]),
            edge("s003", "s001", "payment", "EUR 5,400.00 (6)", &["tx-0040", "tx-0041", "tx-0042"]),
            edge("s001", "s004", "shared_identifier", "phone +49 151 2345678", &["ent-s002"]),
            edge("s001", "id:phone", "shared_identifier", "phone", &[]),
            edge("s004", "id:phone", "shared_identifier", "phone", &[]),
            edge("s001", "s002", "directorship", "director since 2019", &["ent-s002"]),
            edge("s001", "asset:car", "ownership", "registered keeper", &[]),
            edge("s004", "ua:ads", "associate", "ad account", &["missing-record-7"]),
            edge("s005", "s003", "family", "sister", &[]),
        ],
    };

    Analysis {
        subjects: vec![boss, hotel, victim, hostile, quiet],
        network,
        hubs: vec![Hub {
            kind: "phone".into(),
            value: "+49 800 1234567".into(),
            degree: 212,
            reason: "degree 212 over the limit of 25".into(),
        }],
        timeline: vec![
            event("2024-02-03", "Marco Vellani", "THB-003", "First cash deposit by a third party.", "tx-0001"),
            event("2024-02-10T09:30:00", "s003", "THB-030", "Salary withdrawn within the day.", "tx-0040"),
            event("2024-02-11", "Marco Vellani", "THB-003", "Cash deposit EUR 300.", "tx-0002"),
            event("2024-02-11", "Marco Vellani", "THB-003", "Cash deposit EUR 450.", "tx-0003"),
            event("2024-03-01", "Marco Vellani", "THB-011", "Rent for flat 2.", "tx-0010"),
            event("2024-03-10", "s003", "THB-030", "Salary withdrawn within the day.", "tx-0041"),
            event("2024-03-15", "Hotel Aurora GmbH", "payment", "EUR 1,500 to Marco Vellani.", "tx-0032"),
            event("2024-04-02", "<script>alert(1)</script>", "THB-017", "Ad platform card payment.", "tx-0050"),
            event("2024-04-10", "s003", "THB-030", "Salary withdrawn within the day.", "tx-0042"),
            event("2024-05-20", "Hotel Aurora GmbH", "THB-021", "Cash takings peak.", "tx-0030"),
            event("2024-06-28 17:45", "Marco Vellani", "THB-017", "Ad platform card payment.", "tx-0020"),
            event("sometime in 2024", "Marco Vellani", "payment", "Undated transfer.", "tx-0011"),
        ],
        sources,
        notices: vec![
            "THB-040 (crypto off-ramp) could not run: no crypto exchange statements in the workspace.".into(),
        ],
        stats: Stats {
            transactions: 18_432,
            accounts: 7,
            entities: 64,
            identifier_links: 12,
            subjects_flagged: 4,
            subjects_alerted: 2,
            period: Some(("2023-11-01".into(), "2024-07-31".into())),
        },
    }
}

fn meta() -> ReportMeta {
    ReportMeta {
        title: "Operation Lantern — financial analysis".into(),
        workspace: "/cases/lantern".into(),
        generated_at: "2024-08-02T14:05:00Z".into(),
        files: vec![
            EvidenceFile { name: "statement_vellani_2024.csv".into(), sha256: SHA.into(), size: 1_834_221, batch: 1 },
            EvidenceFile { name: "aurora & partners <export>.xlsx".into(), sha256: SHA.into(), size: 92_110, batch: 2 },
        ],
        quarantine_count: 3,
        theseus_version: "0.0.0".into(),
        alerts: vec![crate::AlertState {
            subject: "s001".into(),
            alert: "A-0123456789".into(),
            decision: Some("needs_information".into()),
            detail: "ask the bank for the KYC file (ana, 2024-08-01)".into(),
        }],
    }
}

#[test]
fn an_analysts_decision_shows_on_the_card() {
    let html = render_html(&sample(), &meta());
    assert!(html.contains("A-0123456789</span> needs information — ask the bank for the KYC file (ana, 2024-08-01)"));
}

/// The values of every `attr="…"` in `html`.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

fn assert_balanced_svg(svg: &str) {
    assert!(svg.starts_with("<svg"), "starts with <svg: {}", &svg[..svg.len().min(40)]);
    assert!(svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<svg").count(), svg.matches("</svg>").count());
    for tag in ["g", "text", "title", "defs", "marker"] {
        let open = svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
        assert_eq!(open, svg.matches(&format!("</{tag}>")).count(), "<{tag}> balanced");
    }
}

#[test]
fn data_is_escaped() {
    let html = render_html(&sample(), &meta());
    assert!(!html.contains("<script"), "no raw <script> anywhere");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Ana P. &quot;Ani&quot; &amp; co"));
    assert!(html.contains("aurora &amp; partners &lt;export&gt;.xlsx"));
    let svg = network_svg(&sample().network, 800.0, 600.0);
    assert!(!svg.contains("<script"));
}

#[test]
fn every_cited_record_has_an_anchor() {
    let a = sample();
    let html = render_html(&a, &meta());
    let ids: Vec<&str> = attr_values(&html, "id");
    for s in &a.subjects {
        for h in &s.hits {
            for e in &h.evidence {
                let anchor = crate::html::anchor("src-", e);
                assert!(ids.contains(&anchor.as_str()), "anchor for {e}");
                assert!(html.contains(&format!("href=\"#{anchor}\"")), "link to {e}");
            }
        }
    }
    // Plain ids are kept as they are.
    assert!(html.contains(r#"id="src-tx-0001""#));
    assert!(html.contains(r##"href="#src-tx-0001""##));
    // Every in-page link has its target.
    for href in attr_values(&html, "href") {
        let target = href.strip_prefix('#').expect("only in-page links");
        assert!(ids.contains(&target), "target of #{target}");
    }
    // A record cited but missing from the sources still gets a row, marked as missing.
    assert!(html.contains(r#"id="src-missing-record-7" class="missing""#));
    // Ids are unique.
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate element ids");
}

#[test]
fn victim_warning_is_shown() {
    let a = sample();
    let html = render_html(&a, &meta());
    assert!(html.contains("Likely victim — do not treat as an offender without review"));
    assert!(html.contains("the pattern of controlled wages of an exploited worker"));
    // The warning is inside the victim's card.
    let card = html.find(r#"id="subj-s003""#).expect("card of the victim");
    let next = html[card..].find("</article>").expect("card end") + card;
    assert!(html[card..next].contains(r#"class="victim-warning""#));
}

#[test]
fn timeline_rows_link_their_subject_and_record() {
    let html = render_html(&sample(), &meta());
    let table = html.split(r#"<table class="events">"#).nth(1).expect("events table");
    let table = &table[..table.find("</table>").expect("end of table")];
    // Events name their subject by name (as the analysis does) or by id; both link to the card.
    assert!(table.contains(r##"href="#subj-s001""##));
    assert!(table.contains(r##"href="#subj-s003""##));
    assert_eq!(table.matches(r#"class="rec""#).count(), sample().timeline.len());
}

#[test]
fn report_is_offline_and_printable() {
    let html = render_html(&sample(), &meta());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for external in ["http://", "https://", "<script", "<link", "@import", "url(http"] {
        let hits: Vec<_> = html
            .match_indices(external)
            .filter(|(i, _)| !html[*i..].starts_with("http://www.w3.org/2000/svg"))
            .collect();
        assert!(hits.is_empty(), "external reference {external}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("listed in the workspace quarantine"));
    assert_eq!(html.matches("<section").count(), 9);
    assert_eq!(html.matches("<section").count(), html.matches("</section>").count());
    assert_eq!(html.matches("<article").count(), 4, "one card per subject with a score");
}

#[test]
fn pictures_are_well_formed() {
    let a = sample();
    assert_balanced_svg(&network_svg(&a.network, 900.0, 600.0));
    assert_balanced_svg(&network_svg(&Network::default(), 900.0, 600.0));
    assert_balanced_svg(&timeline_svg(&a.timeline, 900.0));
    assert_balanced_svg(&timeline_svg(&[], 900.0));
    let html = render_html(&a, &meta());
    assert_eq!(html.matches("<svg").count(), 2);
    assert_eq!(html.matches("</svg>").count(), 2);
    assert!(network_svg(&Network::default(), 900.0, 600.0).contains("No network"));
    assert!(timeline_svg(&[], 900.0).contains("No dated events"));
    // More codes than colours: the dots change shape, and the picture stays well formed.
    let many: Vec<TimelineEvent> =
        (0..30).map(|i| event(&format!("2024-{:02}-10", i % 12 + 1), "A", &format!("THB-{i:03}"), "x", "r")).collect();
    let svg = timeline_svg(&many, 700.0);
    assert_balanced_svg(&svg);
    assert!(svg.contains("<polygon") && svg.contains(r#"width="9" height="9""#));
}

#[test]
fn rendering_is_deterministic() {
    let a = sample();
    assert_eq!(render_html(&a, &meta()), render_html(&a, &meta()));
    let big = big_network(150);
    let first = network_svg(&big, 1000.0, 800.0);
    assert_eq!(first, network_svg(&big, 1000.0, 800.0));
    assert_balanced_svg(&first);
    // Many nodes: only the important ones are labelled.
    let labels = first.split(r#"<g class="labels""#).nth(1).expect("labels");
    let labels = labels.split(r#"<g class="legend""#).next().unwrap_or_default().matches("<text").count();
    assert!(labels <= 45, "{labels} labels");
}

#[test]
fn layout_stays_in_the_frame() {
    let big = big_network(150);
    let svg = network_svg(&big, 1000.0, 800.0);
    for (name, limit) in [("cx", 1000.0), ("cy", 800.0)] {
        for v in attr_values(&svg, name) {
            let v: f64 = v.parse().expect("number");
            assert!((0.0..=limit).contains(&v), "{name}={v}");
        }
    }
}

#[test]
fn empty_analysis_renders() {
    let html = render_html(&Analysis::default(), &ReportMeta::default());
    assert!(html.contains("No network"));
    assert!(html.contains("No dated events"));
    assert!(html.contains("No record is cited"));
    assert!(html.contains("No indicator fired on any subject"));
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
}

/// A chain of hubs with leaves, some isolated nodes and an unconnected pair: the shapes real networks have.
fn big_network(n: usize) -> Network {
    let kinds = ["person", "company", "account", "counterparty", "asset", "useraccount", "identifier"];
    let nodes: Vec<Node> = (0..n)
        .map(|i| {
            let score = if i % 17 == 0 { (i % 7) as f64 + 1.0 } else { 0.0 };
            node(
                &format!("n{i}"),
                &format!("Party number {i} with a rather long name"),
                kinds[i % kinds.len()],
                score,
                i % 34 == 0,
                i == 51,
            )
        })
        .collect();
    let mut edges = Vec::new();
    for i in 1..n.saturating_sub(6) {
        let hub = (i % 9) * 11;
        if hub != i {
            edges.push(edge(&format!("n{i}"), &format!("n{hub}"), "payment", &format!("EUR {i}"), &[]));
        }
        if i % 13 == 0 {
            edges.push(edge(&format!("n{i}"), &format!("n{}", i - 1), "shared_identifier", "phone", &[]));
        }
    }
    edges.push(edge(&format!("n{}", n - 2), &format!("n{}", n - 1), "family", "", &[]));
    Network { nodes, edges }
}

#[test]
fn write_sample_when_asked() {
    if let Ok(path) = std::env::var("THESEUS_REPORT_SAMPLE") {
        std::fs::write(&path, render_html(&sample(), &meta())).expect("write sample");
        std::fs::write(format!("{path}.big.svg"), network_svg(&big_network(150), 1076.0, 820.0)).expect("write svg");
    }
}
