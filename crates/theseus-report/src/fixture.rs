//! A small hand-made analysis for the tests and for `examples/sample.rs`, and a large synthetic network.
//!
//! This file names only `theseus_analysis` types, so that the example can include it as a module of its own.

use std::collections::BTreeMap;

use theseus_analysis::Config;
use theseus_analysis::output::{Analysis, Edge, Hit, Hub, Network, Node, SourceRef, Stats, Subject, TimelineEvent};

/// A SHA-256 for the sample files.
pub const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
/// The name of the victim in the sample, with characters that must be escaped.
pub const VICTIM: &str = "Ana P. \"Ani\" & co";
/// A source record of the analysis that nothing in the report links to (another customer's salary).
pub const UNLINKED: &str = "tx-9999";

/// Evidence ids of the boss's cash deposit hit: more than a hit card shows in full.
pub fn cash_ids() -> Vec<String> {
    (1..=20).map(|i| format!("tx-{i:04}")).collect()
}

#[allow(clippy::too_many_arguments)] // A test builder: the arguments are the fields.
pub fn hit(
    code: &str,
    title: &str,
    finding: &str,
    account: &str,
    weight: f64,
    roles: &[&str],
    evidence: &[&str],
    period: (&str, &str),
) -> Hit {
    Hit {
        code: code.into(),
        title: title.into(),
        finding: finding.into(),
        account: account.into(),
        weight,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
        period: (period.0.into(), period.1.into()),
    }
}

pub fn subject(id: &str, name: &str, score: f64, alert: bool, hits: Vec<Hit>, roles: &[(&str, f64)]) -> Subject {
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
        typologies: Vec::new(),
    }
}

pub fn node(id: &str, label: &str, kind: &str, score: f64, alert: bool, victim: bool) -> Node {
    Node { id: id.into(), label: label.into(), kind: kind.into(), score, alert, victim_warning: victim }
}

pub fn edge(from: &str, to: &str, kind: &str, label: &str, evidence: &[&str]) -> Edge {
    Edge {
        from: from.into(),
        to: to.into(),
        kind: kind.into(),
        label: label.into(),
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
    }
}

pub fn event(ts: &str, subject: &str, code: &str, text: &str, record: &str) -> TimelineEvent {
    TimelineEvent {
        ts: ts.into(),
        subject: subject.into(),
        code: code.into(),
        text: text.into(),
        record: record.into(),
    }
}

fn txn_source(file: &str, locator: &str, summary: &str) -> SourceRef {
    SourceRef {
        file: file.into(),
        sha256: SHA.into(),
        locator: locator.into(),
        extractor: "bank:nordbank 0.0.0".into(),
        summary: summary.into(),
    }
}

/// A small case: an exploiter, a complicit hotel, a likely victim, a subject with a hostile name, a quiet one.
pub fn sample() -> Analysis {
    let cash = cash_ids();
    let cash: Vec<&str> = cash.iter().map(String::as_str).collect();
    let mut boss = subject(
        "s001",
        "Marco Vellani",
        11.5,
        true,
        vec![
            hit(
                "THB-003",
                "Many small cash deposits from several depositors",
                "20 cash deposits by 6 different depositors, 11890 EUR in total, 9870 EUR of it within 30 days.",
                "DE89370400440532013001",
                3.0,
                &["X", "B"],
                &cash,
                ("2024-02-03", "2024-06-28"),
            ),
            hit(
                "THB-011",
                "Payments for accommodation of third parties",
                "Rent for 3 flats paid while the subject is registered at another address.",
                "DE89370400440532013001",
                2.5,
                &["T", "X"],
                &["tx 0005/A", "tx-0021"],
                ("2024-03-01", "2024-03-01"),
            ),
            hit(
                "THB-017",
                "Online advertising spend",
                "Card payments to 2 classified-ad platforms, 1240 EUR over 5 months.",
                "DE89370400440532013001",
                2.0,
                &["X"],
                &["tx-0022"],
                ("2024-02-03", "2024-06-28"),
            ),
        ],
        &[("X", 7.5), ("B", 3.0), ("T", 2.5)],
    );
    boss.corroboration = vec![
        "payment with flagged subject Hotel Aurora GmbH".into(),
        format!("payment with flagged subject {VICTIM} (likely victim)"),
        "Shares phone +49 151 2345678 with <script>alert(1)</script>.".into(),
    ];
    boss.score_explained.push("+2 corroboration: linked to 2 other flagged subject(s)".into());

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
                ("2024-05-20", "2024-05-27"),
            ),
            hit(
                "THB-008",
                "Round-sum transfers to a private person",
                "5 transfers of EUR 500–1500 to Marco Vellani.",
                "DE89370400440532013002",
                2.5,
                &["CB", "F"],
                &["tx-0032"],
                ("2024-03-15", "2024-03-15"),
            ),
        ],
        &[("CB", 6.0), ("F", 2.5)],
    );
    hotel.score_explained.insert(
        0,
        "account DE89370400440532013002 is held by this subject according to registry record own-0002".into(),
    );

    let mut victim = subject(
        "s003",
        VICTIM,
        4.0,
        false,
        vec![
            hit(
                "THB-014",
                "Identifier shared by unrelated persons",
                &format!("phone +4917092681613 is shared by 2 persons with 2 surnames ({VICTIM}, Marco Vellani)"),
                "entity:ent-s003",
                2.0,
                &["X", "V"],
                &["ent-s003", "ent-s001"],
                ("", ""),
            ),
            hit(
                "THB-030",
                "Wages paid in and withdrawn at once by another person",
                "Salary credited and withdrawn in full within 1 day, 6 months in a row, at ATMs near the employer.",
                "DE89370400440532013003",
                4.0,
                &["V"],
                &["tx-0040", "tx-0041", "tx-0042"],
                ("2024-02-10", "2024-04-10"),
            ),
        ],
        &[("V", 5.0), ("X", 1.0)],
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
            &["tx-0050", "tx-0051"],
            ("2024-04-02", "2024-04-02"),
        )],
        &[("X", 2.0)],
    );
    let quiet = subject("s005", "Jana Novak", 0.0, false, Vec::new(), &[]);

    let mut sources = BTreeMap::new();
    // The boss's statement: lines 9, 10, 11, … so that the appendix must sort them by number, not as text.
    for (i, id) in cash.iter().enumerate() {
        let day = 3 + i;
        sources.insert(
            id.to_string(),
            txn_source(
                "statement_vellani_2024.csv",
                &format!("line {}", 9 + i),
                &format!(
                    "2024-02-{day:02}T10:{:02}:00+01:00 DE89370400440532013001 credit {}.5 EUR cash from depositor {}",
                    i * 2,
                    400 + i * 37 + if i == 0 { 834 } else { 0 },
                    i % 6
                ),
            ),
        );
    }
    let more = [
        (
            "tx 0005/A",
            "line 100",
            "2024-03-01T08:00:00+01:00 DE89370400440532013001 debit 1050 EUR wire to Immobilien Berg KG",
        ),
        (
            "tx-0021",
            "line 99",
            "2024-03-01T08:01:00+01:00 DE89370400440532013001 debit 1050 EUR wire to Immobilien Berg KG",
        ),
        ("tx-0022", "line 101", "2024-06-28T17:45:00+02:00 DE89370400440532013001 debit 90 EUR card to KLEINANZEIGEN"),
    ];
    for (id, locator, summary) in more {
        sources.insert(id.to_string(), txn_source("statement_vellani_2024.csv", locator, summary));
    }
    let aurora = "aurora & partners <export>.xlsx";
    let rows = [
        ("tx-0030", "sheet 'Konto' row 10", "2024-05-20 DE89370400440532013002 credit 4210 EUR cash"),
        ("tx-0031", "sheet 'Konto' row 9", "2024-05-27 DE89370400440532013002 debit 600 EUR wire to Marco Vellani"),
        ("tx-0032", "sheet 'Konto' row 11", "2024-03-15 DE89370400440532013002 debit 1500 EUR wire to Marco Vellani"),
        (
            "tx-0040",
            "sheet 'Konto' row 2",
            "2024-02-10T09:30:00 DE89370400440532013003 credit 1800 EUR payroll from Hotel Aurora GmbH",
        ),
        ("tx-0041", "sheet 'Konto' row 3", "2024-03-10T09:30:00 DE89370400440532013003 debit 1800 EUR atm"),
        ("tx-0042", "sheet 'Konto' row 4", "2024-04-10T09:30:00 DE89370400440532013003 debit 1800 EUR atm"),
    ];
    for (id, locator, summary) in rows {
        sources.insert(id.to_string(), txn_source(aurora, locator, summary));
    }
    let xml = [
        ("tx-0050", "/report/transaction[2]", "2024-04-02 DE89370400440532013004 debit 90 EUR card to ADPLATFORM"),
        ("tx-0051", "/report/transaction[10]", "a free-form summary a source gave its record"),
    ];
    for (id, locator, summary) in xml {
        sources.insert(id.to_string(), txn_source("str-report.xml", locator, summary));
    }
    for (id, locator, summary) in [
        ("ent-s001", "line 1", "Person Marco Vellani"),
        ("ent-s002", "line 2", "Company Hotel Aurora GmbH"),
        ("ent-s003", "line 3", &format!("Person {VICTIM}") as &str),
        ("own-0002", "line 12", "Ownership Hotel Aurora GmbH owns DE89370400440532013002"),
    ] {
        sources.insert(
            id.to_string(),
            SourceRef {
                file: "registry.ftm.jsonl".into(),
                sha256: SHA.into(),
                locator: locator.into(),
                extractor: "ftm 0.0.0".into(),
                summary: summary.into(),
            },
        );
    }
    sources.insert(
        UNLINKED.to_string(),
        txn_source(
            "statement_vellani_2024.csv",
            "line 5000",
            "2024-02-28 DE02120300000000202051 credit 3100 EUR payroll from Other Employer GmbH",
        ),
    );

    let network = Network {
        nodes: vec![
            node("s001", "Marco Vellani", "person", 11.5, true, false),
            node("s002", "Hotel Aurora GmbH", "company", 6.0, true, false),
            node("s003", VICTIM, "person", 4.0, false, true),
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
            edge("s002", "Marco Vellani", "payment", "2100 EUR in 2 payment(s), 2024-03-15 – 2024-05-27", &["tx-0032"]),
            edge("s001", "cpty:adplatform", "payment", "90 EUR in 1 payment(s), 2024-06-28 – 2024-06-28", &["tx-0022"]),
            edge("s004", "cpty:adplatform", "payment", "90 EUR in 1 payment(s), 2024-04-02 – 2024-04-02", &["tx-0050"]),
            edge(
                "s001",
                "cpty:landlord",
                "payment",
                "2100 EUR in 2 payment(s), 2024-03-01 – 2024-03-01",
                &["tx 0005/A", "tx-0021"],
            ),
            edge("s003", "s001", "payment", "5400 EUR in 3 payment(s)", &["tx-0040", "tx-0041", "tx-0042"]),
            edge("s001", "s004", "shared_identifier", "same phone +49 151 2345678", &["ent-s001", "ent-s002"]),
            edge("s001", "id:phone", "shared_identifier", "phone", &[]),
            edge("s004", "id:phone", "shared_identifier", "phone", &[]),
            edge("s001", "s002", "directorship", "director since 2019", &["ent-s002"]),
            edge("s001", "asset:car", "ownership", "registered keeper", &[]),
            edge("s004", "ua:ads", "associate", "ad account", &["missing-record-7"]),
            edge("s005", "s003", "family", "sister", &[]),
        ],
    };

    let config = Config { alert_threshold: 5.5, ..Config::default() };
    Analysis {
        subjects: vec![boss, hotel, victim, hostile, quiet],
        network,
        ad_operations: Vec::new(),
        hubs: vec![Hub {
            kind: "phone".into(),
            value: "+49 800 1234567".into(),
            degree: 212,
            reason: "carried by 212 parties, more than the limit of 5".into(),
        }],
        timeline: vec![
            event(
                "2024-02-03T10:00:00+01:00",
                "Marco Vellani",
                "THB-003",
                "First cash deposit by a third party.",
                "tx-0001",
            ),
            event("2024-02-10T09:30:00", "s003", "THB-030", "Salary 1800 EUR credited.", "tx-0040"),
            event("2024-02-11", "Marco Vellani", "THB-003", "Cash deposit 1300 EUR.", "tx-0002"),
            event("2024-02-11", "Marco Vellani", "THB-003", "Cash deposit 450 EUR.", "tx-0003"),
            event("2024-03-01", "Marco Vellani", "THB-011", "Rent for flat 2.", "tx 0005/A"),
            event("2024-03-10", "s003", "THB-030", "Salary withdrawn within the day.", "tx-0041"),
            event("2024-03-15", "Hotel Aurora GmbH", "payment", "1500 EUR to Marco Vellani.", "tx-0032"),
            event("2024-04-02", "<script>alert(1)</script>", "THB-017", "Ad platform card payment.", "tx-0050"),
            event("2024-04-10", VICTIM, "THB-030", "Salary withdrawn within the day.", "tx-0042"),
            event("2024-05-20", "Hotel Aurora GmbH", "THB-021", "Cash takings peak.", "tx-0030"),
            event("2024-06-28 17:45", "Marco Vellani", "THB-017", "Ad platform card payment.", "tx-0022"),
            event("sometime in 2024", "Marco Vellani", "payment", &format!("Transfer from {VICTIM}."), "tx-0021"),
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
        config,
    }
}

/// A chain of hubs with leaves, some isolated nodes and an unconnected pair: the shapes real networks have.
pub fn big_network(n: usize) -> Network {
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
