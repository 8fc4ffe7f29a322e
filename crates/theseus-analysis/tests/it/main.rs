//! Indicators and scoring on small hand-built statements: each test is one scenario, stated in its name.

mod catalogue;
mod rules_second_set_a;
mod rules_second_set_b;
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
    assert_eq!(codes(c), ["THB-001", "THB-002", "THB-006", "THB-012", "THB-013"], "{:#?}", c.hits);
    let collects = c.hits.iter().find(|h| h.code == "THB-013").unwrap();
    assert_eq!(
        (collects.title.as_str(), collects.roles.clone()),
        ("Collects rapid pass-through from another account", vec!["X".to_string(), "B".to_string()])
    );
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

fn with_country(mut s: Stmt, country: &str) -> Stmt {
    for t in &mut s.txns {
        if t.channel == Msb {
            t.cpty_country = Some(country.into());
        }
    }
    s
}

#[test]
fn each_indicator_fires_on_its_pattern_and_not_on_the_ordinary_variant() {
    let payers = ["Tom", "Jim", "Ulf", "Max", "Ben", "Leo", "Kai", "Jan", "Ole", "Tim", "Eli", "Rui"];
    // Night rides: six in five days, four at night; the daytime commuter takes six by day.
    let mut rides = Stmt::new("RIDE", "Night Rider");
    let mut commute = Stmt::new("COMM", "Day Commuter");
    for (i, h) in [23, 1, 2, 14, 3, 22].into_iter().enumerate() {
        rides.add(i as i64, h, "18", Debit, Card, Some(4121), Some(("BOLT", "")), "Berlin");
        commute.add(i as i64, 9, "18", Debit, Card, Some(4121), Some(("BOLT", "")), "Berlin");
    }
    // Many unrelated payers, no salary; the same with a salary in the window.
    let mut payees = Stmt::new("PAYEE", "Many Payers");
    let mut salaried = Stmt::new("SALAR", "Salaried Seller");
    for (i, p) in payers.iter().enumerate() {
        payees.add(i as i64 + 1, 20, "120", Credit, P2p, None, Some((p, "")), "Berlin");
        salaried.add(i as i64 + 1, 20, "120", Credit, P2p, None, Some((p, "")), "Berlin");
    }
    salaried.add(5, 8, "2500", Credit, Payroll, None, Some(("Acme GmbH", "DE02100100100006820101")), "Berlin");
    // Cash deposits with no salary; the same with a salary.
    let mut cash = Stmt::new("CASH", "Cash Only");
    let mut shop = Stmt::new("SHOP", "Salaried Cash");
    for d in 0..9 {
        cash.add(d * 3, 12, "250", Credit, Cash, None, None, "Berlin");
        shop.add(d * 3, 12, "250", Credit, Cash, None, None, "Berlin");
    }
    shop.add(2, 8, "2500", Credit, Payroll, None, Some(("Acme GmbH", "DE02100100100006820101")), "Berlin");
    // Remittances: four to Romania in three weeks; a migrant's three; four to Germany.
    let mut remit = Stmt::new("REMIT", "Frequent Sender");
    let mut migrant = Stmt::new("MIGR", "Monthly Sender");
    let mut domestic = Stmt::new("DOME", "Domestic Sender");
    for d in [0, 5, 10, 15] {
        remit.add(d, 11, "600", Debit, Msb, None, Some(("Ion Pop", "")), "Berlin");
        domestic.add(d, 11, "600", Debit, Msb, None, Some(("Ion Pop", "")), "Berlin");
    }
    for d in [0, 30, 60] {
        migrant.add(d, 11, "300", Debit, Msb, None, Some(("Mama", "")), "Berlin");
    }
    // Assets: a car with no salary, funded by cash; the same car on a good salary.
    let mut car = Stmt::new("CAR", "Cash Car Buyer");
    let mut paid = Stmt::new("PAID", "Salaried Car Buyer");
    car.add(40, 11, "24000", Debit, Card, Some(5511), Some(("Auto Haus", "")), "Berlin");
    paid.add(40, 11, "24000", Debit, Card, Some(5511), Some(("Auto Haus", "")), "Berlin");
    for m in 0..3 {
        paid.add(m * 30, 8, "4000", Credit, Payroll, None, Some(("Acme GmbH", "DE02100100100006820101")), "Berlin");
    }
    // The car is paid with cash brought in over the month before it.
    for d in [15, 22, 29, 36] {
        car.add(d, 12, "5000", Credit, Cash, None, None, "Berlin");
    }
    let a = run(
        &[
            rides,
            commute,
            payees,
            salaried,
            cash,
            shop,
            with_country(remit, "RO"),
            with_country(migrant, "RO"),
            with_country(domestic, "DE"),
            car,
            paid,
        ],
        &[],
    );
    let has =
        |name: &str, code: &str| a.subjects.iter().any(|s| s.name == name && s.hits.iter().any(|h| h.code == code));
    for (name, code, expected) in [
        ("Night Rider", "THB-005", true),
        ("Day Commuter", "THB-005", false),
        ("Many Payers", "THB-011", true),
        ("Salaried Seller", "THB-011", false),
        ("Cash Only", "THB-022", true),
        ("Salaried Cash", "THB-022", false),
        ("Frequent Sender", "THB-026", true),
        ("Monthly Sender", "THB-026", false),
        ("Domestic Sender", "THB-026", false),
        ("Cash Car Buyer", "THB-035", true),
        ("Salaried Car Buyer", "THB-035", false),
    ] {
        assert_eq!(has(name, code), expected, "{name} {code}");
    }
    // One indicator alone never alerts.
    assert!(a.subjects.iter().filter(|s| s.hits.len() == 1).all(|s| !s.alert));
}

#[test]
fn placeholder_identifiers_are_hubs_whatever_their_degree() {
    let ent = |id: &str, last: &str| {
        let mut e =
            Entity { id: id.into(), schema: "Person".into(), properties: Default::default(), provenance: prov(1) };
        e.add("name", format!("A {last}"));
        e.add("lastName", last);
        e.add("idNumber", "000000");
        e
    };
    let a = run(&[], &[ent("a", "X"), ent("b", "Y")]);
    assert!(a.hubs.iter().any(|h| h.value == "000000" && h.reason.contains("placeholder")), "{:?}", a.hubs);
    assert!(a.network.edges.is_empty());
}

#[test]
fn resolved_records_of_one_person_are_one_subject() {
    let ent = |id: &str, name: &str, last: &str| {
        let mut e =
            Entity { id: id.into(), schema: "Person".into(), properties: Default::default(), provenance: prov(1) };
        e.add("name", name);
        e.add("lastName", last);
        e.add("phone", "+40721000001");
        e
    };
    let ents = vec![
        ent("v1", "Ana Lupu", "Lupu"),
        ent("sub-v1", "A. LUPU", "Lupu"),
        ent("v2", "Maria Ionescu", "Ionescu"),
        ent("v3", "Andrei Pop", "Pop"),
    ];
    let txns: Vec<Transaction> = vec![];
    let apart = theseus_analysis::analyze(&txns, &ents, &Config::default());
    assert_eq!(apart.subjects.iter().filter(|s| codes(s).contains(&"THB-014")).count(), 4);
    let resolved =
        theseus_analysis::analyze_resolved(&txns, &ents, &Config::default(), &[vec!["sub-v1".into(), "v1".into()]]);
    let flagged: Vec<_> = resolved.subjects.iter().filter(|s| codes(s).contains(&"THB-014")).collect();
    assert_eq!(flagged.len(), 3, "{:?}", flagged.iter().map(|s| &s.id).collect::<Vec<_>>());
    let ana = flagged.iter().find(|s| s.id == "sub-v1" || s.id == "v1").unwrap();
    assert_eq!(ana.entities, ["sub-v1", "v1"], "both records are shown as the subject's");
}
