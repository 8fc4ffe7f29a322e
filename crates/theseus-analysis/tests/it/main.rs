//! Indicators and scoring on small hand-built statements: each test is one scenario, stated in its name.

use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use theseus_analysis::{Config, analyze};
use theseus_model::{Channel, Direction, Entity, Locator, Provenance, Transaction};

struct Stmt {
    account: &'static str,
    holder: &'static str,
    txns: Vec<Transaction>,
}

fn prov(line: u64) -> Provenance {
    Provenance {
        sha256: "ab".repeat(32),
        file_name: "s.csv".into(),
        locator: Locator::Line { line },
        extractor: "test".into(),
        extractor_version: "0".into(),
        ingested_at: chrono::DateTime::UNIX_EPOCH,
        batch: 1,
    }
}

impl Stmt {
    fn new(account: &'static str, holder: &'static str) -> Self {
        Stmt { account, holder, txns: vec![] }
    }
    /// Adds a transaction `day` days after 2026-03-01 at `hour`.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        day: i64,
        hour: u32,
        amount: &str,
        dir: Direction,
        ch: Channel,
        mcc: Option<u16>,
        cpty: Option<(&str, &str)>,
        city: &str,
    ) -> &mut Self {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Duration::days(day);
        let n = self.txns.len() as u64;
        self.txns.push(Transaction {
            id: format!("{}-{n}", self.account),
            source_ref: None,
            bank: Some("B".into()),
            account: self.account.into(),
            account_holder: Some(self.holder.into()),
            ts: theseus_model::Timestamp::Local(d.and_hms_opt(hour, 15, 0).unwrap()),
            value_date: None,
            amount: Decimal::from_str(amount).unwrap(),
            currency: "EUR".parse().unwrap(),
            direction: dir,
            channel: ch,
            merchant: if ch == Channel::Card { cpty.map(|c| c.0.to_string()) } else { None },
            mcc,
            cpty_name: cpty.map(|c| c.0.to_string()),
            cpty_account: cpty.map(|c| c.1.to_string()).filter(|s| !s.is_empty()),
            cpty_bank: None,
            cpty_country: None,
            city: Some(city.into()),
            branch: None,
            geo: None,
            device_id: None,
            ip: None,
            memo: None,
            balance: None,
            provenance: prov(n + 2),
        });
        self
    }
}

use Channel::*;
use Direction::*;

/// A controller: cash in at three cities, wired out next day; ad payments; short hotel stays.
fn controller() -> Stmt {
    let mut s = Stmt::new("CTRL", "Marko Horvat");
    for (d, city) in [(0, "Hamburg"), (1, "Bremen"), (2, "Hannover"), (8, "Hamburg"), (9, "Kiel"), (10, "Bremen")] {
        s.add(d, 23, "600", Credit, Cash, None, None, city);
    }
    s.add(3, 10, "1500", Debit, Msb, None, Some(("Ion Popescu", "RO49AAAA1B31007593840000")), "Hamburg");
    s.add(11, 10, "1500", Debit, Msb, None, Some(("Ion Popescu", "RO49AAAA1B31007593840000")), "Hamburg");
    for d in [1, 4, 7, 12] {
        s.add(d, 14, "24.00", Debit, Card, Some(7311), Some(("VIVASTREET ADS", "")), "online");
    }
    for (d, c) in [(2, "Bremen"), (5, "Kiel"), (9, "Hannover")] {
        s.add(d, 15, "69.00", Debit, Card, Some(7011), Some(("Hotel Ibis", "")), c);
    }
    s
}

/// A nurse: salary, night ATM withdrawals, nothing else.
fn nurse() -> Stmt {
    let mut s = Stmt::new("NURSE", "Eva Klein");
    s.add(0, 8, "2400", Credit, Payroll, None, Some(("Klinikum Nord", "DE02100100100006820101")), "Hamburg");
    for d in [1, 4, 7, 10, 13, 16] {
        s.add(d, 2, "60", Debit, Atm, None, None, "Hamburg");
    }
    s
}

/// A victim: buyers pay by P2P, everything goes to the controller within hours, two months running.
fn victim() -> Stmt {
    let mut s = Stmt::new("VICT", "Ana Lupu");
    for month_start in [0, 31] {
        for i in 0..4 {
            s.add(
                month_start + i * 5,
                21,
                "300",
                Credit,
                P2p,
                None,
                Some((["Tom", "Jim", "Ulf", "Max"][i as usize], "")),
                "Hamburg",
            );
            s.add(month_start + i * 5, 23, "290", Debit, Wire, None, Some(("Marko Horvat", "CTRL")), "Hamburg");
        }
    }
    s
}

fn run(stmts: &[Stmt], entities: &[Entity]) -> theseus_analysis::Analysis {
    let txns: Vec<Transaction> = stmts.iter().flat_map(|s| s.txns.clone()).collect();
    analyze(&txns, entities, &Config::default())
}

fn subject<'a>(a: &'a theseus_analysis::Analysis, name: &str) -> &'a theseus_analysis::output::Subject {
    a.subjects.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no subject {name}"))
}

fn codes(s: &theseus_analysis::output::Subject) -> Vec<&str> {
    let mut v: Vec<&str> = s.hits.iter().map(|h| h.code.as_str()).collect();
    v.dedup();
    v
}

#[test]
fn controller_is_alerted_on_indicators_in_combination_with_evidence() {
    let a = run(&[controller(), nurse(), victim()], &[]);
    let c = subject(&a, "Marko Horvat");
    assert_eq!(codes(c), ["THB-001", "THB-002", "THB-006", "THB-012"], "{:#?}", c.hits);
    assert!(c.alert);
    assert_eq!(a.subjects[0].name, "Marko Horvat", "ranked first");
    let funnel = c.hits.iter().find(|h| h.code == "THB-012").unwrap();
    assert!(funnel.finding.contains("3 cash deposits within 7 days in 3 places"), "{}", funnel.finding);
    // Every evidence record is cited with its source.
    for h in &c.hits {
        for id in &h.evidence {
            assert!(a.sources.contains_key(id), "{id} not in sources");
        }
    }
    assert!(c.victim_warning.is_none());
}

#[test]
fn a_night_shift_worker_is_not_alerted_on_one_indicator() {
    let a = run(&[controller(), nurse(), victim()], &[]);
    let n = subject(&a, "Eva Klein");
    assert_eq!(codes(n), ["THB-006"]);
    assert!(!n.alert);
    assert!(n.score_explained.iter().any(|l| l.contains("read in combination")));
}

#[test]
fn the_victim_account_carries_a_victim_warning_and_corroborates_the_controller() {
    let a = run(&[controller(), nurse(), victim()], &[]);
    let v = subject(&a, "Ana Lupu");
    assert!(codes(v).contains(&"THB-013"), "{:#?}", v.hits);
    let warn = v.victim_warning.as_deref().expect("victim warning");
    assert!(warn.contains("do not treat them as a suspect"));
    // The pass-through edge links victim and controller, which corroborates both.
    assert!(a.network.edges.iter().any(|e| e.kind == "payment" && e.from == "acct:VICT" && e.to == "acct:CTRL"));
    let c = subject(&a, "Marko Horvat");
    assert!(c.corroboration.iter().any(|l| l.contains("Ana Lupu")), "{:?}", c.corroboration);
}

#[test]
fn shared_phone_links_unrelated_persons_but_not_a_family_or_a_switchboard() {
    let ent = |id: &str, name: &str, last: &str, phone: &str| {
        let mut e =
            Entity { id: id.into(), schema: "Person".into(), properties: Default::default(), provenance: prov(1) };
        e.add("name", name);
        e.add("lastName", last);
        e.add("phone", phone);
        e
    };
    let mut ents = vec![
        ent("v1", "Ana Lupu", "Lupu", "+40721000001"),
        ent("v2", "Maria Ionescu", "Ionescu", "+40721000001"),
        ent("v3", "Andrei Pop", "Pop", "+40721000001"),
        ent("f1", "Hans Weber", "Weber", "+4940111111"),
        ent("f2", "Greta Weber", "Weber", "+4940111111"),
        ent("f3", "Lena Weber", "Weber", "+4940111111"),
    ];
    for i in 0..7 {
        ents.push(ent(&format!("h{i}"), &format!("Staff {i}"), &format!("Name{i}"), "+4940999999"));
    }
    let a = run(&[], &ents);
    let hit_names: Vec<&str> =
        a.subjects.iter().filter(|s| codes(s).contains(&"THB-014")).map(|s| s.name.as_str()).collect();
    assert_eq!(hit_names.len(), 3, "{hit_names:?}");
    assert!(hit_names.iter().all(|n| ["Ana Lupu", "Maria Ionescu", "Andrei Pop"].contains(n)));
    assert!(a.hubs.iter().any(|h| h.value == "+4940999999" && h.degree == 7), "{:?}", a.hubs);
    assert!(a.network.edges.iter().all(|e| !e.label.contains("+4940999999")), "hub not used to link");
}

#[test]
fn accounts_tie_to_registry_persons_through_ownership() {
    let mk = |id: &str, schema: &str, props: &[(&str, &str)]| {
        let mut e =
            Entity { id: id.into(), schema: schema.into(), properties: Default::default(), provenance: prov(1) };
        for (k, v) in props {
            e.add(k, *v);
        }
        e
    };
    let ents = vec![
        mk("p-marko", "Person", &[("name", "Marko Horvat")]),
        mk("ba-1", "BankAccount", &[("accountNumber", "CTRL")]),
        mk("own-1", "Ownership", &[("owner", "p-marko"), ("asset", "ba-1")]),
    ];
    let a = run(&[controller()], &ents);
    let c = subject(&a, "Marko Horvat");
    assert_eq!(c.id, "p-marko");
    assert!(c.score_explained[0].contains("registry record own-1"), "{:?}", c.score_explained);
    assert!(a.sources.contains_key("own-1"));
}

#[test]
fn an_online_banking_device_shared_by_two_holders_links_them() {
    let (mut c, mut v, n) = (controller(), victim(), nurse());
    c.txns[6].device_id = Some("dev-a1".into());
    v.txns[1].device_id = Some("dev-a1".into());
    let a = run(&[c, v, n], &[]);
    let e = a.network.edges.iter().find(|e| e.kind == "shared_identifier").expect("device link");
    assert_eq!((e.from.as_str(), e.to.as_str(), e.label.as_str()), ("acct:CTRL", "acct:VICT", "same device dev-a1"));
}
