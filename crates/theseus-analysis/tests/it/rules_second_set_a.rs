//! The second set of sexual-exploitation and laundering rules (THB-003, 004, 007–010, 023, 027, 029–031,
//! 033, 034): each fires on its pattern with the figures in the finding, and not on the ordinary variant.

use theseus_analysis::{Analysis, Config, analyze};
use theseus_model::{Channel, Direction, Entity, Transaction};

use super::{Stmt, prov};
use Channel::*;
use Direction::*;

fn run_with(stmts: &[Stmt], entities: &[Entity], config: &Config) -> Analysis {
    let txns: Vec<Transaction> = stmts.iter().flat_map(|s| s.txns.clone()).collect();
    analyze(&txns, entities, config)
}

fn run(stmts: &[Stmt], entities: &[Entity]) -> Analysis {
    run_with(stmts, entities, &Config::default())
}

/// The finding of `code` on `account`, if the rule fired there.
fn hit(a: &Analysis, account: &str, code: &str) -> Option<String> {
    a.subjects.iter().flat_map(|s| &s.hits).find(|h| h.account == account && h.code == code).map(|h| h.finding.clone())
}

fn fired(a: &Analysis, account: &str, code: &str) -> String {
    hit(a, account, code).unwrap_or_else(|| {
        let all: Vec<_> = a.subjects.iter().flat_map(|s| &s.hits).map(|h| (&h.account, &h.code)).collect();
        panic!("{code} did not fire on {account}; hits: {all:?}; notices: {:?}", a.notices)
    })
}

fn evidence(a: &Analysis, account: &str, code: &str) -> Vec<String> {
    a.subjects
        .iter()
        .flat_map(|s| &s.hits)
        .find(|h| h.account == account && h.code == code)
        .map(|h| h.evidence.clone())
        .unwrap_or_default()
}

fn last(s: &mut Stmt) -> &mut Transaction {
    s.txns.last_mut().unwrap()
}

fn entity(id: &str, schema: &str, props: &[(&str, &str)]) -> Entity {
    let mut e = Entity { id: id.into(), schema: schema.into(), properties: Default::default(), provenance: prov(1) };
    for (k, v) in props {
        e.add(k, *v);
    }
    e
}

/// A registry person holding a statement account.
fn holder(person: &str, account: &str, props: &[(&str, &str)]) -> Vec<Entity> {
    vec![
        entity(person, "Person", props),
        entity(&format!("ba-{account}"), "BankAccount", &[("accountNumber", account)]),
        entity(&format!("own-{account}"), "Ownership", &[("owner", person), ("asset", &format!("ba-{account}"))]),
    ]
}

// THB-003 ------------------------------------------------------------------------------------------------

fn circuit_week(s: &mut Stmt, start: i64, cities: &[&str]) {
    for (i, c) in cities.iter().enumerate() {
        s.add(start + 2 * i as i64, 14, "40", Debit, Atm, None, None, c);
    }
}

#[test]
fn circuit_of_distant_cities_in_two_weeks_fires_and_a_local_round_does_not() {
    let mut tour = Stmt::new("TOUR", "Tour Holder");
    circuit_week(&mut tour, 0, &["Hamburg", "Hannover", "Berlin"]);
    tour.add(3, 12, "20", Debit, Card, Some(5411), Some(("EDEKA", "")), "Buxtehude");
    circuit_week(&mut tour, 14, &["Köln", "Frankfurt am Main", "München"]);
    // One distant week, then Hamburg, Lübeck (60 km) and an ad site billed from Valletta.
    let mut local = Stmt::new("LOCAL", "Local Holder");
    circuit_week(&mut local, 0, &["Hamburg", "Hannover", "Berlin"]);
    circuit_week(&mut local, 14, &["Hamburg", "Lübeck"]);
    local.add(15, 10, "24", Debit, Card, Some(7311), Some(("VIVASTREET", "")), "Valletta");
    let a = run(&[tour, local], &[]);
    let f = fired(&a, "TOUR", "THB-003");
    assert!(
        f.contains("3 or more cities at least 100 km apart within 7 days, in 2 separate weeks within 8 weeks"),
        "{f}"
    );
    assert!(f.contains("Hamburg, Hannover, Berlin (2026-03-01 to 2026-03-05)"), "{f}");
    assert!(f.contains("Köln, Frankfurt am Main, München (2026-03-15 to 2026-03-19)"), "{f}");
    assert!(f.contains("not counted, no coordinates known: Buxtehude"), "{f}");
    assert_eq!(evidence(&a, "TOUR", "THB-003").len(), 6);
    assert_eq!(hit(&a, "LOCAL", "THB-003"), None);
}

#[test]
fn circuit_uses_coordinates_given_by_the_source() {
    let mut s = Stmt::new("GEO", "Geo Holder");
    for (week, points) in
        [(0, [(48.0, 10.0), (49.5, 10.0), (51.0, 10.0)]), (21, [(48.0, 10.0), (49.5, 10.0), (51.0, 10.0)])]
    {
        for (i, p) in points.into_iter().enumerate() {
            s.add(week + i as i64, 12, "50", Debit, Atm, None, None, "");
            let t = last(&mut s);
            t.city = None;
            t.geo = Some(p);
        }
    }
    // A transfer names a city, so that the workspace has locations at all; transfers are not counted.
    s.add(5, 12, "50", Debit, Wire, None, Some(("Rent", "DE02100100100006820101")), "Berlin");
    let a = run(&[s], &[]);
    let f = fired(&a, "GEO", "THB-003");
    assert!(f.contains("48.00,10.00, 49.50,10.00, 51.00,10.00"), "{f}");
}

// THB-004 ------------------------------------------------------------------------------------------------

#[test]
fn three_tickets_in_a_month_fire_and_three_spread_over_six_weeks_do_not() {
    let mut trav = Stmt::new("TRAV", "Ticket Buyer");
    trav.add(0, 10, "89", Debit, Card, Some(4131), Some(("FLIXBUS", "")), "Berlin");
    trav.add(0, 10, "89", Debit, Card, Some(4131), Some(("FLIXBUS", "")), "Berlin");
    trav.add(12, 9, "210", Debit, Card, Some(3008), Some(("LUFTHANSA", "")), "Berlin");
    let mut spread = Stmt::new("SPREAD", "Occasional Traveller");
    for d in [0, 20, 40] {
        spread.add(d, 10, "89", Debit, Card, Some(4112), Some(("DB FERNVERKEHR", "")), "Berlin");
    }
    let a = run(&[trav, spread], &[]);
    let f = fired(&a, "TRAV", "THB-004");
    assert!(f.starts_with("3 travel purchases within 30 days (388.00 EUR) at FLIXBUS, LUFTHANSA"), "{f}");
    assert!(f.contains("on 1 day(s) more than one ticket was bought"), "{f}");
    assert_eq!(hit(&a, "SPREAD", "THB-004"), None);
}

// THB-007 ------------------------------------------------------------------------------------------------

#[test]
fn a_burst_of_upkeep_purchases_against_a_quiet_baseline_fires_but_a_steady_habit_does_not() {
    // A fast-food meal a week for twelve weeks, a quiet fortnight, then twelve pharmacy, lingerie and
    // fast-food purchases in twelve days.
    let mut burst = Stmt::new("BURST", "Upkeep Buyer");
    for d in (0..=84).step_by(7) {
        burst.add(d, 12, "9.50", Debit, Card, Some(5814), Some(("MCDONALDS", "")), "Berlin");
    }
    for (i, mcc) in [5912, 5631, 5814, 5912, 5977, 5814, 5912, 5621, 5814, 5912, 5977, 5814].into_iter().enumerate() {
        burst.add(100 + i as i64, 18, "20", Debit, Card, Some(mcc), Some(("SHOP", "")), "Berlin");
    }
    // Someone who eats fast food almost every day, and did so all along.
    let mut habit = Stmt::new("HABIT", "Fast Food Fan");
    for d in 0..112 {
        habit.add(d, 13, "8", Debit, Card, Some(5814), Some(("BURGER KING", "")), "Berlin");
    }
    // The same burst on an account with no history before it.
    let mut new = Stmt::new("NEWACC", "New Customer");
    for i in 0..12 {
        new.add(i, 18, "20", Debit, Card, Some(5912), Some(("APOTHEKE", "")), "Berlin");
    }
    let a = run(&[burst, habit, new], &[]);
    let f = fired(&a, "BURST", "THB-007");
    assert!(
        f.starts_with(
            "12 purchases at pharmacy, lingerie, cosmetics or fast-food merchants within 14 days (240.00 EUR), \
             against 1.7 per 14 days over the 84 days before (z = 10.3)"
        ),
        "{f}"
    );
    assert_eq!(hit(&a, "HABIT", "THB-007"), None);
    assert_eq!(hit(&a, "NEWACC", "THB-007"), None);
}

// THB-008 ------------------------------------------------------------------------------------------------

#[test]
fn night_payments_at_a_massage_studio_fire_on_the_payer_and_daytime_ones_do_not() {
    let mut night = Stmt::new("NIGHT", "Night Client");
    let mut day = Stmt::new("DAY", "Day Client");
    for d in [0, 10] {
        night.add(d, 23, "160", Debit, Card, Some(7297), Some(("WELLNESS OASE", "")), "Hamburg");
        day.add(d, 15, "160", Debit, Card, Some(7297), Some(("WELLNESS OASE", "")), "Hamburg");
    }
    // One night payment alone is no pattern.
    let mut once = Stmt::new("ONCE", "Once Client");
    once.add(0, 23, "160", Debit, Card, Some(7297), Some(("WELLNESS OASE", "")), "Hamburg");
    let a = run(&[night, day, once], &[]);
    let f = fired(&a, "NIGHT", "THB-008");
    assert!(f.starts_with("2 card payments between 22:00 and 06:00"), "{f}");
    assert!(f.contains("within 30 days (320.00 EUR) at WELLNESS OASE"), "{f}");
    assert_eq!(hit(&a, "DAY", "THB-008"), None);
    assert_eq!(hit(&a, "ONCE", "THB-008"), None);
}

#[test]
fn a_salon_taking_most_card_revenue_at_night_fires_on_the_merchant_side() {
    let mut salon = Stmt::new("SALON", "Wellness Studio");
    let mut real = Stmt::new("REAL", "Day Salon");
    for d in 0..12 {
        let h = if d % 2 == 0 { 23 } else { 16 };
        salon.add(d, h, "100", Credit, Card, Some(7297), None, "Hamburg");
        real.add(d, if d == 0 { 23 } else { 11 }, "100", Credit, Card, Some(7230), None, "Hamburg");
    }
    let a = run(&[salon, real], &[]);
    let f = fired(&a, "SALON", "THB-008");
    assert!(f.starts_with("50 % of card takings at MCC 7297 taken between 22:00 and 06:00 within 30 days"), "{f}");
    assert!(f.contains("600.00 of 1,200.00 EUR in 6 of 12 payments"), "{f}");
    assert_eq!(hit(&a, "REAL", "THB-008"), None);
}

// THB-009 ------------------------------------------------------------------------------------------------

#[test]
fn repeated_small_crypto_buys_fire_but_a_weekly_plan_and_large_buys_do_not() {
    let mut cryp = Stmt::new("CRYP", "Crypto Buyer");
    for d in [0, 3, 6, 9, 12, 15] {
        cryp.add(d, 11, "50", Debit, Card, Some(6051), Some(("COINBASE", "")), "online");
    }
    let mut plan = Stmt::new("PLAN", "Crypto Saver");
    for d in [0, 7, 14, 21] {
        plan.add(d, 11, "50", Debit, Card, Some(6051), Some(("BITPANDA", "")), "online");
    }
    let mut large = Stmt::new("LARGE", "Crypto Investor");
    for (d, v) in [(0, "250"), (4, "900"), (8, "420"), (12, "1300"), (16, "640")] {
        large.add(d, 11, v, Debit, Crypto, None, Some(("KRAKEN", "")), "online");
    }
    let a = run(&[cryp, plan, large], &[]);
    let f = fired(&a, "CRYP", "THB-009");
    assert_eq!(
        f,
        "6 crypto, prepaid or gift-card purchases within 30 days (300.00 EUR): 6 of 100.00 or less, 6 of one and the \
         same amount"
    );
    assert_eq!(hit(&a, "PLAN", "THB-009"), None);
    assert_eq!(hit(&a, "LARGE", "THB-009"), None);
}

// THB-010 ------------------------------------------------------------------------------------------------

const SENDERS: [&str; 12] = ["Tom", "Jim", "Ulf", "Max", "Ben", "Leo", "Kai", "Jan", "Ole", "Tim", "Eli", "Rui"];

#[test]
fn small_app_payments_passed_on_fire_but_kept_ones_do_not() {
    let mut onln = Stmt::new("ONLN", "App Receiver");
    let mut sell = Stmt::new("SELL", "Flea Market Seller");
    for i in 0..12 {
        for s in [&mut onln, &mut sell] {
            s.add(i, 20, "60", Credit, P2p, None, Some((SENDERS[i as usize % 8], "")), "Hamburg");
        }
    }
    onln.add(12, 9, "500", Debit, Wire, None, Some(("Marko Horvat", "DE89370400440532013000")), "Hamburg");
    let a = run(&[onln, sell], &[]);
    let f = fired(&a, "ONLN", "THB-010");
    assert_eq!(
        f,
        "12 P2P/e-money credits under 100 from 8 senders within 14 days (720.00 EUR); 500.00 EUR forwarded or spent on \
         ads, crypto or prepaid within 72 hours"
    );
    assert_eq!(hit(&a, "SELL", "THB-010"), None);
}

// THB-023 ------------------------------------------------------------------------------------------------

#[test]
fn deposits_just_below_the_threshold_fire_and_one_outside_the_band_stops_it() {
    let mut struc = Stmt::new("STRUC", "Cash Structurer");
    let mut big = Stmt::new("BIGDEP", "Cash Business");
    for (d, v) in [(0, "9200"), (2, "9500"), (4, "9000")] {
        struc.add(d, 11, v, Credit, Cash, None, None, "Hamburg");
    }
    for (d, v) in [(0, "9200"), (2, "9500"), (4, "7000")] {
        big.add(d, 11, v, Credit, Cash, None, None, "Hamburg");
    }
    let a = run(&[struc, big], &[]);
    let f = fired(&a, "STRUC", "THB-023");
    assert_eq!(
        f,
        "3 cash deposits within 7 days, each 80–99.9 % of the EUR 10,000.00 reporting threshold, 27,700.00 EUR in all"
    );
    assert_eq!(hit(&a, "BIGDEP", "THB-023"), None);
}

#[test]
fn one_days_cash_split_across_branches_or_accounts_fires_and_a_small_day_does_not() {
    let mut split = Stmt::new("SPLIT", "Branch Hopper");
    split.add(0, 9, "6000", Credit, Cash, None, None, "Hamburg");
    split.add(0, 11, "5500", Credit, Cash, None, None, "Bremen");
    let mut small = Stmt::new("SMALL", "Two Branches");
    small.add(0, 9, "6000", Credit, Cash, None, None, "Hamburg");
    small.add(0, 11, "3000", Credit, Cash, None, None, "Bremen");
    // One holder, two accounts, one branch: split across accounts.
    let mut acc1 = Stmt::new("DE10ACC1", "Two Accounts");
    let mut acc2 = Stmt::new("DE10ACC2", "Two Accounts");
    acc1.add(5, 9, "7000", Credit, Cash, None, None, "Kiel");
    acc2.add(5, 10, "4000", Credit, Cash, None, None, "Kiel");
    let mut ents = holder("p-two", "DE10ACC1", &[("name", "Two Accounts")]);
    ents.push(entity("ba-DE10ACC2", "BankAccount", &[("accountNumber", "DE10ACC2")]));
    ents.push(entity("own-DE10ACC2", "Ownership", &[("owner", "p-two"), ("asset", "ba-DE10ACC2")]));
    let a = run(&[split, small, acc1, acc2], &ents);
    let f = fired(&a, "SPLIT", "THB-023");
    assert_eq!(
        f,
        "2 cash deposits on 2026-03-01 split across 2 place(s) (Bremen, Hamburg) and 1 account(s), each below the EUR \
         10,000.00 reporting threshold, 11,500.00 EUR in all"
    );
    assert_eq!(hit(&a, "SMALL", "THB-023"), None);
    let f = fired(&a, "DE10ACC1", "THB-023");
    assert!(f.contains("split across 1 place(s) (Kiel) and 2 account(s)"), "{f}");
}

// THB-027 ------------------------------------------------------------------------------------------------

const BENEFICIARY: &str = "RO49AAAA1B31007593840000";

fn senders(n: usize, to: &str, prefix: &str) -> Vec<Stmt> {
    (0..n)
        .map(|i| {
            let number: &'static str = Box::leak(format!("DE{:02}{prefix}{i}", 10 + i).into_boxed_str());
            let name: &'static str = Box::leak(format!("Sender {prefix}{i}").into_boxed_str());
            let mut s = Stmt::new(number, name);
            s.add(i as i64 * 3, 12, "400", Debit, Msb, None, Some(("Ion Popescu", to)), "Hannover");
            s
        })
        .collect()
}

#[test]
fn five_senders_to_one_foreign_account_fire_on_the_beneficiary_with_shared_contacts_named() {
    let stmts = senders(5, BENEFICIARY, "S");
    let mut ents = holder("p-s0", "DE10S0", &[("name", "Sender S0"), ("phone", "+4915112345678")]);
    ents.extend(holder("p-s1", "DE11S1", &[("name", "Sender S1"), ("phone", "+4915112345678")]));
    let a = run(&stmts, &ents);
    let f = fired(&a, BENEFICIARY, "THB-027");
    assert!(
        f.starts_with(
            "5 distinct senders (5 accounts: DE10S0, DE11S1, DE12S2, DE13S3, DE14S4) made 5 transfers within 30 days \
             to beneficiary account RO49AAAA1B31007593840000 (Ion Popescu) in RO, 2,000.00 EUR in all"
        ),
        "{f}"
    );
    assert!(f.ends_with("; 2 of the senders share registry contacts: phone +4915112345678"), "{f}");
    // Requiring shared contacts from three senders stops it.
    let strict = Config::from_toml("[rules.THB-027]\nmin_sharing_senders = 3").unwrap();
    assert_eq!(hit(&run_with(&stmts, &ents, &strict), BENEFICIARY, "THB-027"), None);
}

#[test]
fn four_senders_or_a_domestic_beneficiary_do_not_fire() {
    let a = run(&senders(4, BENEFICIARY, "F"), &[]);
    assert_eq!(hit(&a, BENEFICIARY, "THB-027"), None);
    let a = run(&senders(6, "DE89370400440532013000", "D"), &[]);
    assert_eq!(hit(&a, "DE89370400440532013000", "THB-027"), None);
}

// THB-029 ------------------------------------------------------------------------------------------------

const ATTRIBUTED: &str = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";

#[test]
fn a_transfer_quoting_an_attributed_address_fires_and_a_longer_string_does_not() {
    let config = Config::from_toml(&format!("[rules.THB-029]\naddresses = [\"{ATTRIBUTED}\"]")).unwrap();
    let mut dark = Stmt::new("DARK", "Dark Buyer");
    dark.add(3, 22, "180", Debit, Crypto, None, Some(("Bitpanda", "")), "online");
    last(&mut dark).memo = Some(format!("Withdrawal to {}", ATTRIBUTED.to_uppercase()));
    let mut near = Stmt::new("NEAR", "Other Buyer");
    near.add(3, 22, "180", Debit, Crypto, None, Some(("Bitpanda", "")), "online");
    last(&mut near).memo = Some(format!("Withdrawal to {ATTRIBUTED}x9"));
    let a = run_with(&[dark, near], &[], &config);
    let f = fired(&a, "DARK", "THB-029");
    assert_eq!(
        f,
        format!(
            "1 transaction(s) with attributed crypto address(es) {} (1 sent, 0 received), 180.00 EUR",
            ATTRIBUTED.to_uppercase()
        )
    );
    assert_eq!(hit(&a, "NEAR", "THB-029"), None);
}

#[test]
fn without_an_attribution_list_the_crypto_rule_is_skipped_with_a_notice() {
    let mut dark = Stmt::new("DARK", "Dark Buyer");
    dark.add(3, 22, "180", Debit, Crypto, None, Some(("Bitpanda", "")), "online");
    let a = run(&[dark], &[]);
    assert!(a.notices.iter().any(|n| n.starts_with("THB-029") && n.contains("did not run")), "{:?}", a.notices);
}

// THB-030 ------------------------------------------------------------------------------------------------

#[test]
fn spending_mostly_through_a_processor_without_merchant_fires_but_named_shops_do_not() {
    let mut proc_ = Stmt::new("PROC", "Processor Payer");
    let mut shop = Stmt::new("SHOPPER", "Online Shopper");
    for start in [0, 31] {
        proc_.add(start + 1, 9, "500", Debit, DirectDebit, None, Some(("Vermieter", "DE02100100100006820101")), "");
        shop.add(start + 1, 9, "500", Debit, DirectDebit, None, Some(("Vermieter", "DE02100100100006820101")), "");
        for d in [5, 12, 19] {
            proc_.add(start + d, 20, "400", Debit, Card, None, Some(("PAYPAL EUROPE", "")), "online");
            shop.add(start + d, 20, "400", Debit, Card, None, Some(("PAYPAL *ZALANDO", "")), "online");
        }
    }
    let a = run(&[proc_, shop], &[]);
    let f = fired(&a, "PROC", "THB-030");
    assert_eq!(
        f,
        "In 2 consecutive months, 2,400.00 of 3,400.00 EUR spent (71 %) went in 6 payments through processors naming \
         no merchant (paypal)"
    );
    assert_eq!(hit(&a, "SHOPPER", "THB-030"), None);
}

// THB-031 ------------------------------------------------------------------------------------------------

#[test]
fn money_service_amounts_just_below_the_id_threshold_fire_and_one_above_stops_it() {
    let mut msb = Stmt::new("MSBX", "Remitter Below");
    let mut above = Stmt::new("MSBY", "Remitter Above");
    for (d, v) in [(0, "950"), (2, "980"), (5, "990")] {
        msb.add(d, 12, v, Debit, Msb, None, Some(("Ion Pop", "")), "Hamburg");
    }
    for (d, v) in [(0, "950"), (2, "980"), (5, "1200")] {
        above.add(d, 12, v, Debit, Msb, None, Some(("Ion Pop", "")), "Hamburg");
    }
    let a = run(&[msb, above], &[]);
    let f = fired(&a, "MSBX", "THB-031");
    assert_eq!(
        f,
        "3 money-service transactions within 7 days, each 90–99.9 % of the EUR 1000 identification threshold, \
         2,920.00 EUR in all"
    );
    assert_eq!(hit(&a, "MSBY", "THB-031"), None);
}

// THB-033 ------------------------------------------------------------------------------------------------

#[test]
fn a_young_holders_many_payer_month_fires_against_the_peer_median_but_not_for_an_older_holder() {
    let mut stmts = Vec::new();
    let mut ents = Vec::new();
    for i in 0..4 {
        let number: &'static str = Box::leak(format!("PEER{i}").into_boxed_str());
        let mut s = Stmt::new(number, "Peer");
        for d in [0, 31] {
            s.add(d, 8, "1000", Credit, Payroll, None, Some(("Acme GmbH", "DE02100100100006820101")), "Berlin");
        }
        ents.extend(holder(&format!("p-peer{i}"), number, &[("name", "Peer Person"), ("birthDate", "1986-04-02")]));
        stmts.push(s);
    }
    let mut many = |number: &'static str, person: &str, born: &str, payers: usize| {
        let mut s = Stmt::new(number, "Holder");
        for i in 0..12 {
            s.add(1 + i as i64, 21, "600", Credit, P2p, None, Some((SENDERS[i % payers], "")), "Berlin");
        }
        ents.extend(holder(person, number, &[("name", person), ("birthDate", born)]));
        stmts.push(s);
    };
    many("YOUNG", "Young Holder", "2006-01-15", 12);
    many("OLDER", "Older Holder", "1986-01-15", 12);
    many("FEW", "Few Payers", "2006-01-15", 3);
    let a = run(&stmts, &ents);
    let f = fired(&a, "YOUNG", "THB-033");
    assert_eq!(
        f,
        "Holder aged 20 (born 2006-01-15) received 7,200.00 EUR from 12 distinct payers in 2026-03, 7.2 times the \
         median monthly inflow of 1,000.00 EUR over 7 peer accounts (all personal accounts)"
    );
    assert_eq!(hit(&a, "OLDER", "THB-033"), None);
    assert_eq!(hit(&a, "FEW", "THB-033"), None);
}

// THB-034 ------------------------------------------------------------------------------------------------

fn loan(account: &'static str, to: (&str, &str), after_days: i64) -> Stmt {
    let mut s = Stmt::new(account, "Loan Holder");
    s.add(0, 10, "8000", Credit, Wire, None, Some(("Consors Finanz", "DE11100100100123456789")), "Hamburg");
    last(&mut s).memo = Some("Auszahlung Ratenkredit 4711".into());
    s.add(after_days, 10, "7500", Debit, Wire, None, Some(to), "Hamburg");
    s
}

#[test]
fn a_loan_passed_on_to_a_person_fires_but_not_to_a_car_dealer_or_a_week_later() {
    let person = ("Marko Horvat", "DE89370400440532013000");
    let a = run(
        &[
            loan("LOAN", person, 1),
            loan("CAR", ("Autohaus Nord GmbH", "DE75512108001245126199"), 1),
            loan("LATE", person, 5),
        ],
        &[],
    );
    let f = fired(&a, "LOAN", "THB-034");
    assert_eq!(
        f,
        "Loan credit of 8,000.00 EUR on 2026-03-01 from Consors Finanz; 7,500.00 (94 %) transferred within 72 hours to \
         Marko Horvat (7,500.00)"
    );
    assert_eq!(evidence(&a, "LOAN", "THB-034").len(), 2);
    assert_eq!(hit(&a, "CAR", "THB-034"), None);
    assert_eq!(hit(&a, "LATE", "THB-034"), None);
}

// The pack ------------------------------------------------------------------------------------------------

#[test]
fn the_default_pack_carries_every_parameter_of_the_second_set() {
    // Every rule reads all its parameters on these statements: a missing one would panic.
    let mut config = Config::from_toml("").expect("the default pack loads");
    config.rules.get_mut("THB-029").unwrap().insert("addresses".into(), toml::Value::Array(vec![ATTRIBUTED.into()]));
    let mut all = Vec::new();
    let mut circ = Stmt::new("CIRC", "Circuit");
    circuit_week(&mut circ, 0, &["Hamburg", "Hannover", "Berlin"]);
    circuit_week(&mut circ, 14, &["Köln", "Frankfurt am Main", "München"]);
    all.push(circ);
    let mut mix = Stmt::new("MIX", "Mixed");
    for d in 0..12 {
        mix.add(d, 23, "50", Debit, Card, Some(6051), Some(("COINBASE", "")), "online");
        mix.add(d, 23, "20", Debit, Card, Some([4131, 7297, 5912][d as usize % 3]), Some(("X", "")), "Berlin");
        mix.add(d, 21, "60", Credit, P2p, None, Some((SENDERS[d as usize], "")), "Berlin");
        mix.add(100 + d, 12, "20", Debit, Card, Some(5912), Some(("APOTHEKE", "")), "Berlin");
        mix.add(d, 12, "9500", Credit, Cash, None, None, "Berlin");
        mix.add(d, 12, "950", Debit, Msb, None, Some(("Ion Pop", BENEFICIARY)), "Berlin");
        mix.add(d + 31, 12, "4000", Debit, Card, None, Some(("PAYPAL", "")), "online");
        mix.add(d, 12, "4000", Debit, Card, None, Some(("PAYPAL", "")), "online");
    }
    mix.add(1, 12, "10", Debit, Crypto, None, Some(("wallet", ATTRIBUTED)), "online");
    mix.add(2, 12, "2000", Credit, Wire, None, Some(("Bank Kredit", "DE11100100100123456789")), "Berlin");
    mix.add(2, 13, "1900", Debit, Wire, None, Some(("Some Person", "DE89370400440532013000")), "Berlin");
    all.push(mix);
    all.extend(senders(5, BENEFICIARY, "P"));
    for number in ["PEER1", "PEER2", "PEER3"] {
        let mut s = Stmt::new(number, "Peer");
        s.add(0, 8, "1000", Credit, Payroll, None, Some(("Acme GmbH", "DE02100100100006820101")), "Berlin");
        all.push(s);
    }
    let ents = holder("p-mix", "MIX", &[("name", "Mixed"), ("birthDate", "2005-05-05")]);
    let a = run_with(&all, &ents, &config);
    let codes: std::collections::BTreeSet<&str> =
        a.subjects.iter().flat_map(|s| &s.hits).map(|h| h.code.as_str()).collect();
    for code in [
        "THB-003", "THB-004", "THB-007", "THB-008", "THB-009", "THB-010", "THB-023", "THB-027", "THB-029", "THB-030",
        "THB-031", "THB-033", "THB-034",
    ] {
        assert!(codes.contains(code), "{code} did not fire: {codes:?}; notices {:?}", a.notices);
        assert!(config.weights.contains_key(code), "{code} has no weight");
    }
}
