//! Small hand-built ledgers whose answers under each method are worked out by hand.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use theseus_analysis::parties::{Canon, Parties};
use theseus_model::{Channel, Direction, Entity, Locator, Provenance, Timestamp, Transaction};

use super::*;
use crate::{Cast, Member, Operation, Role, RoleHypothesis};

const X: &str = "DE10000000000000000001";
const V: &str = "DE10000000000000000002";
const B: &str = "DE10000000000000000003";
const W: &str = "DE10000000000000000004";
const C: &str = "DE10000000000000000005";
const DEALER: &str = "DE10000000000000000090";
const ABROAD: &str = "RO49AAAA1B31007593840000";

fn prov() -> Provenance {
    Provenance {
        sha256: "0".repeat(64),
        file_name: "statement.csv".into(),
        locator: Locator::Line { line: 1 },
        extractor: "test".into(),
        extractor_version: "0".into(),
        ingested_at: chrono::DateTime::UNIX_EPOCH,
        batch: 1,
    }
}

/// A ledger of statement postings; balances are kept per account as the bank would state them.
#[derive(Default)]
struct Ledger {
    txns: Vec<Transaction>,
    balance: HashMap<String, Decimal>,
    minute: i64,
}

struct Post<'a> {
    account: &'a str,
    day: u32,
    dir: Direction,
    amount: i64,
    channel: Channel,
    cpty: Option<&'a str>,
    memo: &'a str,
}

impl Ledger {
    fn post(&mut self, p: Post) -> String {
        self.minute += 1;
        let id = format!("T{}", self.txns.len() + 1);
        let amount = Decimal::from(p.amount);
        let bal = self.balance.entry(p.account.to_string()).or_default();
        *bal += if p.dir == Direction::Credit { amount } else { -amount };
        // Day 1 is the 1st of March.
        let ts = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap().and_hms_opt(10, 0, 0).unwrap()
            + chrono::Duration::days(i64::from(p.day) - 1)
            + chrono::Duration::minutes(self.minute);
        self.txns.push(Transaction {
            id: id.clone(),
            source_ref: None,
            bank: Some("Testbank".into()),
            account: p.account.into(),
            account_holder: None,
            ts: Timestamp::Local(ts),
            value_date: None,
            amount,
            currency: "EUR".parse().unwrap(),
            direction: p.dir,
            channel: p.channel,
            merchant: None,
            mcc: None,
            cpty_name: None,
            cpty_account: p.cpty.map(String::from),
            cpty_bank: None,
            cpty_country: p.cpty.and_then(|c| c.get(..2)).map(String::from),
            city: None,
            branch: None,
            geo: None,
            device_id: None,
            ip: None,
            memo: (!p.memo.is_empty()).then(|| p.memo.to_string()),
            balance: Some(*bal),
            provenance: prov(),
        });
        id
    }

    fn credit(&mut self, account: &str, day: u32, amount: i64, from: Option<&str>, memo: &str) -> String {
        let channel = if from.is_some() { Channel::Wire } else { Channel::Other };
        self.post(Post { account, day, dir: Direction::Credit, amount, channel, cpty: from, memo })
    }

    fn debit(
        &mut self,
        account: &str,
        day: u32,
        amount: i64,
        to: Option<&str>,
        channel: Channel,
        memo: &str,
    ) -> String {
        self.post(Post { account, day, dir: Direction::Debit, amount, channel, cpty: to, memo })
    }

    /// A transfer between two accounts of the evidence: the debit, then the credit.
    fn transfer(&mut self, from: &str, to: &str, day: u32, amount: i64, memo: &str) -> (String, String) {
        let d = self.debit(from, day, amount, Some(to), Channel::Wire, memo);
        let c = self.credit(to, day, amount, Some(from), memo);
        (d, c)
    }

    fn cash_in(&mut self, account: &str, day: u32, amount: i64) -> String {
        self.post(Post {
            account,
            day,
            dir: Direction::Credit,
            amount,
            channel: Channel::Cash,
            cpty: None,
            memo: "Bareinzahlung",
        })
    }

    fn atm(&mut self, account: &str, day: u32, amount: i64) -> String {
        self.debit(account, day, amount, None, Channel::Atm, "GA")
    }
}

fn member(subject: &str, name: &str, kind: &str, role: Role, accounts: &[&str]) -> Member {
    Member {
        subject: subject.into(),
        name: name.into(),
        kind: kind.into(),
        accounts: accounts.iter().map(|a| a.to_string()).collect(),
        roles: vec![RoleHypothesis { role, score: 1.0, evidence: vec![] }],
        victim_warning: None,
        alerted: false,
    }
}

fn cast(members: Vec<Member>) -> Cast {
    Cast { operations: vec![Operation { id: "OP-1".into(), typologies: vec![], anchors: vec![], members }] }
}

fn entity(id: &str, schema: &str, props: &[(&str, &str)]) -> Entity {
    let mut e = Entity { id: id.into(), schema: schema.into(), properties: BTreeMap::new(), provenance: prov() };
    for (k, v) in props {
        e.add(k, *v);
    }
    e
}

fn run(ledger: &Ledger, entities: &[Entity], cast: &Cast, method: Method) -> Money {
    let parties = Parties::build(&ledger.txns, entities, Canon::new(&[], entities));
    money(&ledger.txns, entities, &parties, cast, method)
}

fn ends(m: &Money) -> BTreeMap<End, Decimal> {
    m.operations[0].ends.clone()
}

fn amt(x: i64) -> Decimal {
    Decimal::from(x)
}

/// The mixed account of the methods' textbook example: 100 clean, 300 from the victim, 200 clean, then 250
/// withdrawn in cash and 200 sent abroad.
fn mixed() -> (Ledger, Cast, (String, String)) {
    let mut l = Ledger::default();
    l.credit(V, 1, 500, Some("DE10000000000000000077"), "Danke");
    l.credit(X, 1, 100, Some("DE10000000000000000078"), "Erstattung");
    let pair = l.transfer(V, X, 2, 300, "Miete");
    l.credit(X, 3, 200, Some("DE10000000000000000079"), "Erstattung");
    l.atm(X, 4, 250);
    l.debit(X, 5, 200, Some(ABROAD), Channel::Wire, "Familie");
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
    ]);
    (l, c, pair)
}

#[test]
fn a_victims_transfer_is_one_proceeds_item_with_both_sides() {
    let (l, c, (debit, credit)) = mixed();
    let m = run(&l, &[], &c, Method::Fifo);
    assert_eq!(m.sources.len(), 1);
    let s = &m.sources[0];
    assert_eq!(s.kind, SourceKind::VictimTransfer);
    assert_eq!(s.amount, amt(300));
    assert_eq!(s.victim.as_deref(), Some("v"));
    assert_eq!(s.offender, "x");
    assert_eq!(s.account.as_deref(), Some(X));
    assert_eq!(s.transactions, vec![debit, credit]);
    assert_eq!(m.operations[0].proceeds, amt(300));
}

#[test]
fn fifo_spends_the_oldest_money_first() {
    let (l, c, _) = mixed();
    let e = ends(&run(&l, &[], &c, Method::Fifo));
    // Withdrawal: 100 clean + 150 tainted; abroad: the other 150 tainted + 50 clean.
    assert_eq!(e.get(&End::Cash), Some(&amt(150)));
    assert_eq!(e.get(&End::Abroad), Some(&amt(150)));
    assert_eq!(e.get(&End::OnAccount), None);
}

#[test]
fn lifo_spends_the_newest_money_first() {
    let (l, c, _) = mixed();
    let e = ends(&run(&l, &[], &c, Method::Lifo));
    // Withdrawal: 200 clean + 50 tainted; abroad: 200 tainted; 50 tainted stays under the first 100.
    assert_eq!(e.get(&End::Cash), Some(&amt(50)));
    assert_eq!(e.get(&End::Abroad), Some(&amt(200)));
    assert_eq!(e.get(&End::OnAccount), Some(&amt(50)));
}

#[test]
fn pro_rata_takes_each_source_by_its_share() {
    let (l, c, _) = mixed();
    let e = ends(&run(&l, &[], &c, Method::ProRata));
    // 300 of 600 is tainted: 125 of the 250; then 175 of 350: 100 of the 200; 75 stays.
    assert_eq!(e.get(&End::Cash), Some(&amt(125)));
    assert_eq!(e.get(&End::Abroad), Some(&amt(100)));
    assert_eq!(e.get(&End::OnAccount), Some(&amt(75)));
}

#[test]
fn every_method_accounts_for_all_proceeds() {
    let (l, c, _) = mixed();
    for method in Method::ALL {
        let m = run(&l, &[], &c, method);
        let total: Decimal = m.operations[0].ends.values().sum();
        assert_eq!(total, amt(300), "{method:?}");
        let legs: Decimal = m.traces[0].legs.iter().filter(|l| l.end.is_some()).map(|l| l.amount).sum();
        assert_eq!(legs, amt(300), "{method:?}");
    }
}

#[test]
fn a_balance_run_down_takes_the_proceeds_with_it() {
    // The lowest intermediate balance: once the account is empty, later clean money is not tainted.
    let mut l = Ledger::default();
    l.credit(V, 1, 500, Some("DE10000000000000000077"), "");
    l.transfer(V, X, 2, 300, "");
    l.debit(X, 3, 300, None, Channel::Card, "REWE");
    l.credit(X, 4, 500, Some("DE10000000000000000078"), "Erstattung");
    l.debit(X, 5, 400, Some(ABROAD), Channel::Wire, "");
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
    ]);
    for method in Method::ALL {
        let e = ends(&run(&l, &[], &c, method));
        assert_eq!(e.get(&End::Spending), Some(&amt(300)), "{method:?}");
        assert_eq!(e.get(&End::Abroad), None, "{method:?}");
    }
}

#[test]
fn proceeds_are_followed_into_another_statement_account() {
    let mut l = Ledger::default();
    l.cash_in(X, 2, 400);
    l.credit(V, 2, 500, Some("DE10000000000000000077"), "");
    l.transfer(V, X, 3, 100, "");
    let (out, _) = l.transfer(X, B, 4, 300, "für dich");
    let atm = l.atm(B, 5, 300);
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("b", "Elena Petrova", "person", Role::Beneficiary, &[B]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
    ]);
    let m = run(&l, &[], &c, Method::Fifo);
    assert_eq!(m.sources.len(), 2);
    assert_eq!(m.sources[0].kind, SourceKind::CashDeposit);
    let e = ends(&m);
    assert_eq!(e.get(&End::Cash), Some(&amt(300)));
    assert_eq!(e.get(&End::OnAccount), Some(&amt(200)));
    // The cash deposit's path: 300 from X to B, withdrawn there; 100 still on X.
    let legs = &m.traces[0].legs;
    assert!(legs.iter().any(|g| g.from.as_deref() == Some(X) && g.to.as_deref() == Some(B) && g.amount == amt(300)));
    assert!(
        legs.iter()
            .any(|g| g.from.as_deref() == Some(B) && g.end == Some(End::Cash) && g.transactions == [atm.clone()])
    );
    let b = m.operations[0].offenders.iter().find(|o| o.subject == "b").unwrap();
    assert_eq!(b.received, amt(300));
    assert_eq!(b.ends.get(&End::Cash), Some(&amt(300)));
    let x = m.operations[0].offenders.iter().find(|o| o.subject == "x").unwrap();
    assert_eq!(x.proceeds, amt(500));
    assert_eq!(x.passed_on, amt(300));
    assert!(m.tainted.iter().any(|t| t.transaction == out && t.tainted == amt(300)));
}

#[test]
fn a_transfer_booked_by_the_receiving_bank_first_is_still_followed() {
    let mut l = Ledger::default();
    l.cash_in(X, 2, 400);
    // The beneficiary's bank books the credit before the controller's bank books the debit.
    l.credit(B, 4, 300, Some(X), "für dich");
    l.debit(X, 4, 300, Some(B), Channel::Wire, "für dich");
    l.atm(B, 5, 300);
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("b", "Elena Petrova", "person", Role::Beneficiary, &[B]),
    ]);
    for method in Method::ALL {
        let e = ends(&run(&l, &[], &c, method));
        assert_eq!(e.get(&End::Cash), Some(&amt(300)), "{method:?}");
        assert_eq!(e.get(&End::OnAccount), Some(&amt(100)), "{method:?}");
    }
}

#[test]
fn a_credit_walked_as_clean_turns_tainted_when_its_debit_is_walked() {
    let mut l = Ledger::default();
    l.cash_in(X, 2, 400);
    l.cash_in(B, 3, 50);
    l.credit(B, 4, 300, Some(X), "für dich");
    l.debit(X, 4, 300, Some(B), Channel::Wire, "für dich");
    l.atm(B, 5, 300);
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("b", "Elena Petrova", "person", Role::Beneficiary, &[B]),
    ]);
    for method in Method::ALL {
        let e = ends(&run(&l, &[], &c, method));
        assert_eq!(e.get(&End::Cash), Some(&amt(300)), "{method:?}");
        assert_eq!(e.get(&End::OnAccount), Some(&amt(150)), "{method:?}");
    }
}

#[test]
fn an_account_emptied_of_proceeds_is_picked_up_again() {
    let mut l = Ledger::default();
    l.cash_in(X, 2, 100);
    l.debit(X, 3, 100, None, Channel::Card, "REWE");
    l.credit(X, 4, 1000, Some("DE10000000000000000078"), "Erstattung");
    l.cash_in(X, 5, 200);
    l.debit(X, 6, 1100, Some(ABROAD), Channel::Wire, "Familie");
    let c = cast(vec![member("x", "Marko Petrov", "person", Role::Exploiter, &[X])]);
    let e = ends(&run(&l, &[], &c, Method::Fifo));
    // The second deposit finds 1,000 clean ahead of it: 100 of it goes abroad, 100 stays.
    assert_eq!(e.get(&End::Spending), Some(&amt(100)));
    assert_eq!(e.get(&End::Abroad), Some(&amt(100)));
    assert_eq!(e.get(&End::OnAccount), Some(&amt(100)));
}

#[test]
fn money_paid_to_an_institution_is_not_followed_into_it() {
    const INSURER: &str = "DE10000000000000000099";
    let mut l = Ledger::default();
    // An insurer's account with thousands of premiums.
    for i in 0..5001 {
        l.credit(INSURER, 1 + (i % 28) as u32, 50, Some("DE10000000000000000077"), "Beitrag");
    }
    l.cash_in(X, 2, 400);
    l.transfer(X, INSURER, 3, 300, "Beitrag 03/2026");
    l.transfer(X, B, 4, 100, "für dich");
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("b", "Elena Petrova", "person", Role::Beneficiary, &[B]),
    ]);
    let m = run(&l, &[], &c, Method::Fifo);
    let e = ends(&m);
    assert_eq!(e.get(&End::Institution), Some(&amt(300)));
    // The partner's account is followed: the money is still there.
    assert!(m.traces[0].legs.iter().any(|g| g.to.as_deref() == Some(B) && g.amount == amt(100)));
    assert!(m.traces[0].legs.iter().any(|g| g.from.as_deref() == Some(B) && g.end == Some(End::OnAccount)));
}

#[test]
fn cash_paid_in_is_shared_among_victims_and_said_so() {
    let mut l = Ledger::default();
    l.cash_in(X, 2, 400);
    l.credit(V, 2, 500, Some("DE10000000000000000077"), "");
    l.transfer(V, X, 3, 100, "");
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
        member("w", "Ioana Marin", "person", Role::Victim, &[]),
    ]);
    let m = run(&l, &[], &c, Method::Fifo);
    let v = m.compensation.iter().find(|x| x.victim == "v").unwrap();
    let w = m.compensation.iter().find(|x| x.victim == "w").unwrap();
    assert_eq!((v.attributed, v.shared, v.total), (amt(100), amt(200), amt(300)));
    assert_eq!((w.attributed, w.shared, w.total), (Decimal::ZERO, amt(200), amt(200)));
    assert!(w.note.as_deref().is_some_and(|n| n.contains("equal share")));
    assert_eq!(v.by_kind.get(&SourceKind::VictimTransfer), Some(&amt(100)));
}

#[test]
fn a_benefit_withdrawn_in_cash_is_taken_from_the_victim() {
    let mut l = Ledger::default();
    l.credit(V, 1, 520, Some("DE10000000000000000066"), "Leistung 03/2026 Erwerbsminderung");
    let atm = l.atm(V, 1, 520);
    l.credit(V, 5, 60, Some("DE10000000000000000077"), "Danke");
    l.atm(V, 10, 50);
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
    ]);
    let m = run(&l, &[], &c, Method::Fifo);
    assert_eq!(m.sources.len(), 1);
    let s = &m.sources[0];
    assert_eq!(
        (s.kind, s.amount, s.victim.as_deref(), s.offender.as_str()),
        (SourceKind::BenefitWithdrawn, amt(520), Some("v"), "x")
    );
    assert!(s.transactions.contains(&atm));
    assert_eq!(ends(&m).get(&End::Cash), Some(&amt(520)));
    let cash = m.confiscation.iter().find(|g| g.asset_type == AssetType::Cash).unwrap();
    assert_eq!(cash.value, amt(520));
}

#[test]
fn a_wage_paid_to_the_controller_naming_the_worker_is_diverted() {
    let mut l = Ledger::default();
    l.credit(C, 1, 10_000, Some("DE10000000000000000055"), "Rechnung 123/2026 Personalgestellung");
    let (d, cr) = l.transfer(C, X, 3, 1100, "Lohn 03/2026 Ion Popescu");
    l.transfer(C, X, 4, 3000, "Gesellschafterdarlehen Rückzahlung");
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("c", "Facility Partner Services GmbH", "company", Role::ComplicitBusiness, &[C]),
        member("w", "Ion Popescu", "person", Role::Victim, &[W]),
    ]);
    let m = run(&l, &[], &c, Method::Fifo);
    assert_eq!(m.sources.len(), 1);
    let s = &m.sources[0];
    assert_eq!((s.kind, s.amount, s.victim.as_deref()), (SourceKind::WageDiverted, amt(1100), Some("w")));
    assert_eq!(s.transactions, vec![d, cr]);
}

#[test]
fn a_wage_memo_goes_to_the_fullest_name_and_namesakes_share() {
    const W4: &str = "DE10000000000000000006";
    let mut l = Ledger::default();
    l.credit(C, 1, 10_000, Some("DE10000000000000000055"), "Rechnung");
    l.transfer(C, X, 3, 1100, "Lohn 03/2026 Maria Elena Popescu");
    // Two workers named Ion Rusu: one was paid his own wage that month, so the diverted one is the other.
    l.transfer(C, W4, 3, 900, "Lohn 03/2026");
    l.transfer(C, X, 4, 1000, "Lohn 03/2026 Ion Rusu");
    // Two workers named Ana Lupu, neither paid: they share.
    l.transfer(C, X, 5, 800, "Lohn 03/2026 Ana Lupu");
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("c", "Facility Partner Services GmbH", "company", Role::ComplicitBusiness, &[C]),
        member("w1", "Maria Popescu", "person", Role::Victim, &[]),
        member("w2", "Maria Elena Popescu", "person", Role::Victim, &[]),
        member("w3", "Ion Rusu", "person", Role::Victim, &[]),
        member("w4", "Ion Rusu", "person", Role::Victim, &[W4]),
        member("w5", "Ana Lupu", "person", Role::Victim, &[]),
        member("w6", "Ana Lupu", "person", Role::Victim, &[]),
    ]);
    let m = run(&l, &[], &c, Method::Fifo);
    let victims: Vec<(Decimal, Option<&str>, Vec<String>)> =
        m.sources.iter().map(|s| (s.amount, s.victim.as_deref(), s.shared_by.clone())).collect();
    assert_eq!(
        victims,
        vec![
            (amt(1100), Some("w2"), vec![]),
            (amt(1000), Some("w3"), vec![]),
            (amt(800), None, vec!["w5".to_string(), "w6".to_string()]),
        ]
    );
    let comp = |v: &str| m.compensation.iter().find(|x| x.victim == v).unwrap().clone();
    assert_eq!((comp("w5").shared, comp("w6").shared, comp("w3").shared), (amt(400), amt(400), Decimal::ZERO));
    assert_eq!(comp("w3").attributed, amt(1000));
}

#[test]
fn a_victims_fee_to_a_recruiter_abroad_ends_there() {
    let mut l = Ledger::default();
    l.credit(V, 1, 400, Some(X), "Vorschuss");
    let fee = l.debit(V, 2, 350, Some(ABROAD), Channel::Wire, "taxa recrutare");
    let mut c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("r", "Agentia Muncitor SRL", "company", Role::Recruiter, &[]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
    ]);
    // The agency's account has no statement here: the registry ties it to the agency.
    let ents = vec![
        entity("ba-r", "BankAccount", &[("iban", ABROAD)]),
        entity("r", "Company", &[("name", "Agentia Muncitor SRL")]),
        entity("own-r", "Ownership", &[("owner", "r"), ("asset", "ba-r")]),
    ];
    c.operations[0].members[1].accounts.clear();
    let m = run(&l, &ents, &c, Method::Fifo);
    assert_eq!(m.sources.len(), 1);
    let s = &m.sources[0];
    assert_eq!((s.kind, s.amount, s.offender.as_str()), (SourceKind::RecruitmentFee, amt(350), "r"));
    assert_eq!(s.account, None);
    assert_eq!(s.transactions, vec![fee]);
    assert_eq!(ends(&m).get(&End::Abroad), Some(&amt(350)));
}

fn car_world() -> (Ledger, Vec<Entity>, Cast, Vec<String>) {
    let mut l = Ledger::default();
    l.credit(V, 1, 20_000, Some("DE10000000000000000077"), "");
    l.credit(X, 1, 10_000, Some("DE10000000000000000078"), "Erbschaft");
    l.transfer(V, X, 5, 15_000, "");
    let card = l.debit(X, 10, 2000, None, Channel::Card, "AUTOHAUS NORDSTERN");
    l.txns.last_mut().unwrap().mcc = Some(5511);
    l.debit(X, 11, 500, Some("DE10000000000000000091"), Channel::Wire, "Miete");
    let rest =
        l.debit(X, 12, 18_000, Some(DEALER), Channel::Wire, "Restzahlung Kaufvertrag 23456 Volkswagen Golf 1.5 TSI");
    let ents = vec![
        entity(
            "veh-1",
            "Vehicle",
            &[
                ("name", "Volkswagen Golf 1.5 TSI"),
                ("model", "Volkswagen Golf 1.5 TSI"),
                ("registrationNumber", "H-AB 123"),
                ("amount", "20000.00"),
                ("registrationDate", "2026-03-10"),
            ],
        ),
        entity("own-1", "Ownership", &[("owner", "x"), ("asset", "veh-1"), ("startDate", "2026-03-10")]),
    ];
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
    ]);
    (l, ents, c, vec![card, rest])
}

#[test]
fn a_car_is_linked_by_its_payments_and_tainted_by_the_method() {
    let (l, ents, c, payments) = car_world();
    // FIFO: the 10,000 clean goes first (2,000 card, 500 rent, 7,500 of the transfer): 10,500 tainted.
    // LIFO: the proceeds go first: 2,000 + 500 (rent) + 12,500 → 14,500 of the car tainted.
    for (method, tainted) in [(Method::Fifo, 10_500), (Method::Lifo, 14_500)] {
        let m = run(&l, &ents, &c, method);
        let g = m.confiscation.iter().find(|g| g.asset_type == AssetType::Vehicles).unwrap();
        let car = &g.items[0];
        assert_eq!(car.entity.as_deref(), Some("veh-1"));
        assert_eq!(car.paid, amt(20_000));
        assert_eq!(car.tainted, amt(tainted), "{method:?}");
        assert_eq!(car.evidence[1].records, payments);
        assert_eq!(m.operations[0].ends.get(&End::Asset), Some(&amt(tainted)), "{method:?}");
    }
}

#[test]
fn a_payment_goes_to_the_asset_it_names_not_to_a_later_flat() {
    // A car, then a month later a flat's down payment through a notary: the car's payments are purchase
    // payments near the flat's date too, but they name the car.
    let mut l = Ledger::default();
    l.credit(V, 1, 40_000, Some("DE10000000000000000077"), "");
    l.transfer(V, X, 2, 35_000, "");
    let card = l.debit(X, 5, 2000, None, Channel::Card, "AUTOHAUS NORDSTERN");
    l.txns.last_mut().unwrap().mcc = Some(5511);
    let rest = l.debit(X, 7, 13_600, Some(DEALER), Channel::Wire, "Restzahlung Kaufvertrag 23456 Seat Leon 1.5 TSI");
    let down = l.debit(
        X,
        36,
        14_000,
        Some(ABROAD),
        Channel::Wire,
        "Anzahlung Kaufpreis ETW Hemmstraße 12 Bremen UR-Nr. 412/2026",
    );
    let ents = vec![
        entity(
            "veh-1",
            "Vehicle",
            &[
                ("name", "Seat Leon 1.5 TSI"),
                ("model", "Seat Leon 1.5 TSI"),
                ("amount", "15600.00"),
                ("registrationDate", "2026-03-05"),
            ],
        ),
        entity("own-1", "Ownership", &[("owner", "x"), ("asset", "veh-1"), ("startDate", "2026-03-05")]),
        entity(
            "flat-1",
            "RealEstate",
            &[
                ("name", "Eigentumswohnung Hemmstraße 12, Bremen"),
                ("address", "Hemmstraße 12, 28215 Bremen"),
                ("amount", "140000.00"),
            ],
        ),
        entity("own-2", "Ownership", &[("owner", "x"), ("asset", "flat-1"), ("startDate", "2026-04-05")]),
    ];
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
    ]);
    let m = run(&l, &ents, &c, Method::Fifo);
    let item = |schema: AssetType| m.confiscation.iter().find(|g| g.asset_type == schema).unwrap().items[0].clone();
    let (car, flat) = (item(AssetType::Vehicles), item(AssetType::RealProperty));
    assert_eq!((car.paid, car.evidence[1].records.clone()), (amt(15_600), vec![card, rest]));
    assert_eq!((flat.paid, flat.evidence[1].records.clone()), (amt(14_000), vec![down]));
    assert_eq!(flat.tainted, amt(14_000));
    assert!((flat.tainted_share - 0.1).abs() < 1e-9);
}

#[test]
fn the_funds_statement_leaves_proceeds_unexplained() {
    let mut l = Ledger::default();
    l.post(Post {
        account: X,
        day: 1,
        dir: Direction::Credit,
        amount: 1000,
        channel: Channel::Payroll,
        cpty: Some("DE10000000000000000044"),
        memo: "Gehalt 03/2026",
    });
    l.credit(V, 1, 500, Some("DE10000000000000000077"), "");
    l.transfer(V, X, 2, 300, "");
    l.debit(X, 3, 200, None, Channel::Card, "REWE");
    let c = cast(vec![
        member("x", "Marko Petrov", "person", Role::Exploiter, &[X]),
        member("v", "Ana Ionescu", "person", Role::Victim, &[V]),
    ]);
    let m = run(&l, &[], &c, Method::Fifo);
    let s = &m.funds[0];
    assert_eq!(s.subject, "x");
    assert_eq!(s.legitimate_income, amt(1000));
    assert_eq!(s.closing_balance, amt(1100));
    assert_eq!(s.applied, amt(1300));
    assert_eq!(s.unexplained, amt(300));
    let proceeds = s.sources.iter().find(|x| x.label.starts_with("proceeds")).unwrap();
    assert_eq!(proceeds.amount, amt(300));
    assert!(!proceeds.legitimate);
}

#[test]
fn method_words_round_trip() {
    for m in Method::ALL {
        assert_eq!(Method::parse(m.as_str()), Some(m));
    }
    assert_eq!(Method::parse("Pro-Rata"), Some(Method::ProRata));
    assert_eq!(Method::parse("average"), None);
}
