//! The labour-exploitation rules (THB-015 to THB-032): each fires on its pattern, with the figures, and stays
//! quiet on the ordinary variant next to it.

use theseus_analysis::Analysis;
use theseus_analysis::output::Hit;
use theseus_model::{Channel::*, Direction::*, Entity};

use super::{Stmt, prov, run};

fn ent(id: &str, schema: &str, props: &[(&str, &str)]) -> Entity {
    let mut e = Entity { id: id.into(), schema: schema.into(), properties: Default::default(), provenance: prov(1) };
    for (k, v) in props {
        e.add(k, *v);
    }
    e
}

/// A person with an account in the registry (a BankAccount and its Ownership).
fn customer(id: &str, name: &str, props: &[(&str, &str)], account: &str) -> Vec<Entity> {
    let mut p = vec![("name", name), ("lastName", name.split_whitespace().last().unwrap())];
    p.extend_from_slice(props);
    vec![
        ent(id, "Person", &p),
        ent(&format!("ba-{id}"), "BankAccount", &[("accountNumber", account)]),
        ent(&format!("own-{id}"), "Ownership", &[("owner", id), ("asset", &format!("ba-{id}"))]),
    ]
}

fn memo(s: &mut Stmt, text: &str) {
    s.txns.last_mut().unwrap().memo = Some(text.into());
}

fn hits<'a>(a: &'a Analysis, code: &str) -> Vec<(&'a str, &'a Hit)> {
    a.subjects
        .iter()
        .flat_map(|s| s.hits.iter().filter(|h| h.code == code).map(move |h| (s.name.as_str(), h)))
        .collect()
}

fn one<'a>(a: &'a Analysis, code: &str, name: &str) -> &'a Hit {
    let all = hits(a, code);
    all.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, h)| *h)
        .unwrap_or_else(|| panic!("no {code} hit on {name}: {:?}", all.iter().map(|h| h.0).collect::<Vec<_>>()))
}

const BAU: &str = "DE44500105175407324931";
const DIR: &str = "DE12500105170648489890";

/// Bau Nord GmbH, its bank account, and Marko Horvat its managing director with his own account.
fn bau_nord() -> Vec<Entity> {
    let mut v = vec![
        ent("c-bau", "Company", &[("name", "Bau Nord GmbH"), ("sector", "construction"), ("phone", "+4940555000")]),
        ent("ba-bau", "BankAccount", &[("iban", BAU)]),
        ent("own-bau", "Ownership", &[("owner", "c-bau"), ("asset", "ba-bau")]),
        ent("dir-bau", "Directorship", &[("director", "p-marko"), ("organization", "c-bau")]),
    ];
    v.extend(customer(
        "p-marko",
        "Marko Horvat",
        &[("phone", "+4917055501"), ("nationality", "hr"), ("country", "de")],
        DIR,
    ));
    v
}

#[test]
fn thb015_a_third_partys_phone_on_two_workers_records_but_not_a_familys() {
    let mut ents =
        vec![ent("p-x", "Person", &[("name", "Marko Horvat"), ("lastName", "Horvat"), ("phone", "+4917055501")])];
    ents.extend(customer("p-ion", "Ion Rusu", &[("phone", "+4917055501")], "ACC-ION"));
    ents.extend(customer("p-vas", "Vasile Ciobanu", &[("phone", "+4917055501")], "ACC-VAS"));
    // A family: the father's landline on his wife's and daughter's records.
    ents.push(ent("p-hw", "Person", &[("name", "Hans Weber"), ("lastName", "Weber"), ("phone", "+4940777777")]));
    ents.extend(customer("p-gw", "Greta Weber", &[("phone", "+4940777777")], "ACC-GW"));
    ents.extend(customer("p-lw", "Lena Weber", &[("phone", "+4940777777")], "ACC-LW"));
    let a = run(&[], &ents);
    let h = one(&a, "THB-015", "Marko Horvat");
    assert!(
        h.finding.contains("phone +4917055501 of Marko Horvat is on the records of 2 account holders"),
        "{}",
        h.finding
    );
    assert_eq!(h.evidence, ["p-x", "p-ion", "p-vas"]);
    // Not the workers themselves: the party without an account is the one who gave the number.
    assert_eq!(hits(&a, "THB-015").len(), 1, "{:?}", hits(&a, "THB-015").iter().map(|h| h.0).collect::<Vec<_>>());
}

#[test]
fn thb016_rent_for_two_named_tenants_but_not_ones_own_flat_and_a_sons_room() {
    let mut ents = customer("p-ion", "Ion Rusu", &[], "ACC-ION");
    ents.extend(customer("p-vas", "Vasile Ciobanu", &[], "ACC-VAS"));
    let mut x = Stmt::new("CTRL", "Marko Horvat");
    for (d, who) in [(0, "Ion Rusu"), (1, "Vasile Ciobanu"), (30, "Ion Rusu"), (31, "Vasile Ciobanu")] {
        x.add(d, 10, "450", Debit, Wire, None, Some(("Wohnbau Immobilien KG", "DE55500105170000000001")), "Hamburg");
        memo(&mut x, &format!("Miete Zimmer {who}"));
    }
    let mut eva = Stmt::new("EVA", "Eva Klein");
    for d in [0, 30, 59] {
        eva.add(d, 10, "950", Debit, Wire, None, Some(("Hausverwaltung Nord", "DE55500105170000000002")), "Hamburg");
        memo(&mut eva, "Miete Wohnung");
    }
    eva.add(20, 10, "380", Debit, Wire, None, Some(("Studentenwerk", "DE55500105170000000003")), "Hamburg");
    memo(&mut eva, "Miete Zimmer Paul Klein");
    ents.push(ent("p-paul", "Person", &[("name", "Paul Klein"), ("lastName", "Klein")]));
    let a = run(&[x, eva], &ents);
    let h = one(&a, "THB-016", "Marko Horvat");
    assert!(
        h.finding.starts_with("4 rent/lodging payments within 60 days (1,800.00 EUR) for 2 tenants or addresses: tenant Ion Rusu, tenant Vasile Ciobanu"),
        "{}",
        h.finding
    );
    assert_eq!(h.evidence.len(), 4);
    assert!(hits(&a, "THB-016").iter().all(|h| h.0 != "Eva Klein"), "her own flat and her son's room");
}

#[test]
fn thb016_a_building_firm_paying_hotels_but_not_a_hotel() {
    let mut firm = Stmt::new("FIRM", "Trockenbau Meier GmbH");
    let mut hotel = Stmt::new("HOTEL", "Hotel Aurora GmbH");
    for d in [2, 9, 16, 23] {
        firm.add(d, 10, "640", Debit, Card, Some(7011), Some(("Pension Elbblick", "")), "Hamburg");
        hotel.add(d, 10, "640", Debit, Card, Some(7011), Some(("Partnerhotel Kiel", "")), "Kiel");
        hotel.add(d, 23, "3100", Credit, Card, Some(7011), Some(("Card settlement", "")), "Hamburg");
    }
    let a = run(&[firm, hotel], &[]);
    let h = one(&a, "THB-016", "Trockenbau Meier GmbH");
    assert_eq!(h.finding, "Business outside hospitality paid 4 lodging bills within 30 days (2,560.00 EUR)");
    assert!(hits(&a, "THB-016").iter().all(|h| h.0 != "Hotel Aurora GmbH"));
}

#[test]
fn thb017_two_workers_wages_in_the_bosss_account_but_not_a_couples_salaries() {
    let mut ents = customer("p-ion", "Ion Rusu", &[], "ACC-ION");
    ents.extend(customer("p-vas", "Vasile Ciobanu", &[], "ACC-VAS"));
    ents.push(ent("p-gw", "Person", &[("name", "Greta Weber"), ("lastName", "Weber")]));
    let mut x = Stmt::new("CTRL", "Marko Horvat");
    for (d, who) in [(0, "Ion Rusu"), (0, "Vasile Ciobanu"), (1, "Marko Horvat")] {
        x.add(d, 8, "1100", Credit, Payroll, None, Some(("Bau Nord GmbH", BAU)), "Hamburg");
        memo(&mut x, &format!("Lohn 03/2026 {who}"));
    }
    let mut couple = Stmt::new("WEBER", "Hans Weber");
    couple.add(0, 8, "2600", Credit, Payroll, None, Some(("Hafen AG", "DE55500105170000000009")), "Hamburg");
    memo(&mut couple, "Gehalt 03/2026 Hans Weber");
    couple.add(1, 8, "2300", Credit, Payroll, None, Some(("Klinikum Nord", "DE55500105170000000008")), "Hamburg");
    memo(&mut couple, "Gehalt 03/2026 Greta Weber");
    couple.add(15, 8, "300", Credit, Wire, None, Some(("Finanzamt", "DE55500105170000000007")), "Hamburg");
    memo(&mut couple, "Erstattung Lohnsteuer");
    let a = run(&[x, couple], &ents);
    let h = one(&a, "THB-017", "Marko Horvat");
    assert_eq!(
        h.finding,
        "3 salary credits within 31 days (3,300.00 EUR) from 1 employer(s) (Bau Nord GmbH), naming 2 persons other than the holder: Ion Rusu, Vasile Ciobanu"
    );
    assert!(hits(&a, "THB-017").iter().all(|h| h.0 != "Hans Weber"), "a spouse's salary is not a stranger's");
}

#[test]
fn thb018_wages_returned_to_the_director_within_days() {
    let mut ents = bau_nord();
    ents.extend(customer("p-ion", "Ion Rusu", &[], "DE55500105170000001001"));
    let mut w = Stmt::new("DE55500105170000001001", "Ion Rusu");
    for m in [0, 31] {
        w.add(m, 8, "1800", Credit, Payroll, None, Some(("Bau Nord GmbH", BAU)), "Hamburg");
        w.add(m + 1, 18, "1400", Debit, Wire, None, Some(("Marko Horvat", DIR)), "Hamburg");
        w.add(m + 2, 12, "60", Debit, Card, Some(5411), Some(("Lidl", "")), "Hamburg");
    }
    let a = run(&[w], &ents);
    let h = one(&a, "THB-018", "Bau Nord GmbH");
    assert_eq!(
        h.finding,
        "2 salaries from Bau Nord GmbH (3,600.00 EUR) were 78 % returned within 3 days (2,800.00 EUR), to its director or owner Marko Horvat"
    );
    assert_eq!(h.evidence.len(), 4);
    assert!(h.roles.contains(&"CB".to_string()));
    one(&a, "THB-018", "Marko Horvat");
}

#[test]
fn thb018_a_loan_repaid_from_the_wage_is_under_the_share() {
    let mut ents = bau_nord();
    ents.extend(customer("p-vas", "Vasile Ciobanu", &[], "DE55500105170000001002"));
    let mut w = Stmt::new("DE55500105170000001002", "Vasile Ciobanu");
    for m in [0, 31, 62] {
        w.add(m, 8, "2200", Credit, Payroll, None, Some(("Bau Nord GmbH", BAU)), "Hamburg");
        w.add(m + 1, 18, "500", Debit, Wire, None, Some(("Marko Horvat", DIR)), "Hamburg");
        memo(&mut w, "Rate Darlehen");
    }
    let a = run(&[w], &ents);
    assert!(
        hits(&a, "THB-018").is_empty(),
        "{:?}",
        hits(&a, "THB-018").iter().map(|h| &h.1.finding).collect::<Vec<_>>()
    );
}

#[test]
fn thb019_sub_minimum_salary_for_months_but_not_the_minimum_wage() {
    let mut low = Stmt::new("DE55500105170000002001", "Ion Rusu");
    let mut fair = Stmt::new("DE55500105170000002002", "Ana Pop");
    for m in [0, 31, 61, 92] {
        low.add(m, 8, "850", Credit, Payroll, None, Some(("Bau Nord GmbH", BAU)), "Hamburg");
        fair.add(m, 8, "2200", Credit, Payroll, None, Some(("Agrar Saison GmbH", "DE55500105170000000011")), "Hamburg");
    }
    let a = run(&[low, fair], &[]);
    let h = one(&a, "THB-019", "Ion Rusu");
    assert_eq!(
        h.finding,
        "Employee side: in 3 months the salary credits were 850.00, 850.00, 850.00 EUR, under 50 % of the DE statutory minimum of 2,161.00 EUR a month"
    );
    assert_eq!(h.evidence.len(), 3, "the first, possibly partial, month is left out");
    assert!(hits(&a, "THB-019").iter().all(|h| h.0 != "Ana Pop"));
}

#[test]
fn thb019_payroll_file_with_heavy_deductions() {
    let mut ents = bau_nord();
    for (i, (gross, net)) in [("2200", "900"), ("2200", "950"), ("2300", "1900")].into_iter().enumerate() {
        ents.push(ent(
            &format!("pay-{i}"),
            "Payroll",
            &[("employer", "c-bau"), ("employee", "p-x"), ("grossPay", gross), ("netPay", net), ("date", "2026-03-31")],
        ));
    }
    let a = run(&[], &ents);
    let h = one(&a, "THB-019", "Bau Nord GmbH");
    assert_eq!(
        h.finding,
        "Employer side: 2 payroll records of Bau Nord GmbH pay at most 50 % of gross or under the minimum: net 900.00 of gross 2200.00; net 950.00 of gross 2200.00"
    );
    assert_eq!(h.evidence, ["pay-0", "pay-1"]);
}

/// Six months of a cleaning firm: client payments, and either a payroll or none.
fn cleaning_firm(with_payroll: bool) -> (Stmt, Vec<Entity>) {
    let ents = vec![
        ent("c-glanz", "Company", &[("name", "Glanz Reinigung GmbH"), ("sector", "Gebäudereinigung")]),
        ent("ba-glanz", "BankAccount", &[("accountNumber", "GLANZ")]),
        ent("own-glanz", "Ownership", &[("owner", "c-glanz"), ("asset", "ba-glanz")]),
    ];
    let mut s = Stmt::new("GLANZ", "Glanz Reinigung GmbH");
    for m in 0..7 {
        s.add(m * 30, 9, "16000", Credit, Wire, None, Some(("Hafen AG", "DE55500105170000000009")), "Hamburg");
        if with_payroll {
            for i in 0..6 {
                s.add(
                    m * 30 + 1,
                    9,
                    "2100",
                    Debit,
                    Payroll,
                    None,
                    Some((["A B", "C D", "E F", "G H", "I J", "K L"][i], "")),
                    "Hamburg",
                );
            }
            s.add(m * 30 + 2, 9, "2400", Debit, DirectDebit, None, Some(("AOK Nordwest", "")), "Hamburg");
        }
    }
    s.add(40, 9, "1200", Debit, Wire, None, Some(("Minijob-Zentrale", "")), "Hamburg");
    (s, ents)
}

#[test]
fn thb020_cleaning_firm_without_payroll_but_not_with_one() {
    let (s, ents) = cleaning_firm(false);
    let a = run(&[s], &ents);
    let h = one(&a, "THB-020", "Glanz Reinigung GmbH");
    assert!(
        h.finding.starts_with(
            "Business in a labour-intensive sector (registry sector 'Gebäudereinigung'): payroll and tax outflows 1,200.00 EUR are 1.1 % of revenue 112,000.00 EUR over 180 days"
        ),
        "{}",
        h.finding
    );
    let (s, ents) = cleaning_firm(true);
    let a = run(&[s], &ents);
    assert!(hits(&a, "THB-020").is_empty());
}

#[test]
fn thb021_cash_only_studio_but_not_one_with_card_takings() {
    let mut studio = Stmt::new("RELAX", "Relax Studio UG");
    let mut salon = Stmt::new("NAILS", "Nails Lounge UG");
    for d in 0..12 {
        studio.add(d * 7, 11, "1000", Credit, Cash, None, None, "Hamburg");
        salon.add(d * 7, 11, "1000", Credit, Cash, None, None, "Hamburg");
        salon.add(d * 7 + 1, 6, "400", Credit, Wire, None, Some(("SumUp Payments Ltd", "")), "Hamburg");
    }
    let a = run(&[studio, salon], &[]);
    let h = one(&a, "THB-021", "Relax Studio UG");
    assert_eq!(
        h.finding,
        "Business: 12 cash deposits (12,000.00 EUR) are 100 % of credits of 12,000.00 within 90 days, and no card settlement"
    );
    assert!(hits(&a, "THB-021").iter().all(|h| h.0 != "Nails Lounge UG"));
}

#[test]
fn thb024_a_worker_pays_an_agency_but_a_firm_paying_temp_staff_does_not_count() {
    let mut worker = Stmt::new("W1", "Ion Rusu");
    worker.add(3, 10, "650", Debit, Card, Some(7361), Some(("JOBAGENTUR PLUS", "")), "Hamburg");
    let mut firm = Stmt::new("FIRM", "Trockenbau Meier GmbH");
    firm.add(3, 10, "6500", Debit, Card, Some(7361), Some(("ZEITARBEIT NORD", "")), "Hamburg");
    let a = run(&[worker, firm], &[]);
    let h = one(&a, "THB-024", "Ion Rusu");
    assert_eq!(
        h.finding,
        "1 payment(s) by a private person to employment or recruitment agencies (650.00 EUR): JOBAGENTUR PLUS"
    );
    assert_eq!(hits(&a, "THB-024").len(), 1);
}

/// Workers of one nationality paying one receiver, with amounts from `amounts`.
fn compatriots(amounts: &[&str]) -> (Vec<Stmt>, Vec<Entity>) {
    let (mut stmts, mut ents) = (vec![], vec![]);
    let first =
        ["Ion", "Vasile", "Andrei", "Mihai", "Florin", "Gheorghe", "Dan", "Radu", "Sorin", "Cristian", "Adrian"];
    let last = ["Rusu", "Ciobanu", "Lungu", "Munteanu", "Popa", "Dinu", "Stan", "Toma", "Barbu", "Nistor", "Marin"];
    for (i, amount) in amounts.iter().enumerate() {
        let acct: &'static str = Box::leak(format!("RW{i:02}").into_boxed_str());
        let name: &'static str = Box::leak(format!("{} {}", first[i], last[i]).into_boxed_str());
        ents.extend(customer(&format!("p-rw{i}"), name, &[("nationality", "ro"), ("country", "de")], acct));
        let mut s = Stmt::new(acct, name);
        s.add(
            i as i64 * 2,
            10,
            amount,
            Debit,
            Msb,
            None,
            Some(("Agentia Munca Europa SRL", "RO49AAAA1B31007593840000")),
            "Hamburg",
        );
        stmts.push(s);
    }
    (stmts, ents)
}

#[test]
fn thb024_ten_compatriots_pay_one_agency_the_same_fee_but_not_varied_amounts() {
    let (stmts, ents) = compatriots(&["500", "480", "520", "510", "495", "505", "490", "515", "500", "485", "499"]);
    let a = run(&stmts, &ents);
    let h = hits(&a, "THB-024");
    assert_eq!(h.len(), 1, "{:?}", h.iter().map(|h| &h.1.finding).collect::<Vec<_>>());
    assert_eq!(h[0].1.account, "RO49AAAA1B31007593840000");
    assert!(
        h[0].1.finding.starts_with("Agentia Munca Europa SRL was paid by 11 private accounts of RO nationals within 30 days, amounts 480.00–520.00"),
        "{}",
        h[0].1.finding
    );
    let (stmts, ents) =
        compatriots(&["200", "350", "500", "700", "900", "1200", "1500", "1800", "2100", "2500", "3000"]);
    let a = run(&stmts, &ents);
    assert!(hits(&a, "THB-024").is_empty());
}

#[test]
fn thb025_foreign_worker_with_the_directors_phone_but_not_her_own() {
    let mut ents = bau_nord();
    ents.extend(customer(
        "p-ion",
        "Ion Rusu",
        &[("nationality", "md"), ("country", "de"), ("phone", "+4917055501")],
        "ACC-ION",
    ));
    ents.push(ent("emp-ion", "Employment", &[("employee", "p-ion"), ("employer", "c-bau")]));
    ents.extend(customer(
        "p-ana",
        "Ana Pop",
        &[("nationality", "ro"), ("country", "de"), ("phone", "+40721999001")],
        "ACC-ANA",
    ));
    ents.push(ent("emp-ana", "Employment", &[("employee", "p-ana"), ("employer", "c-bau")]));
    let a = run(&[], &ents);
    let h = one(&a, "THB-025", "Ion Rusu");
    assert_eq!(
        h.finding,
        "Ion Rusu (nationality MD, living in DE) holds account(s) ACCION with the same phone +4917055501 as Marko Horvat (director or owner of the employer)"
    );
    assert_eq!(h.evidence, ["p-ion", "p-marko", "emp-ion"]);
    one(&a, "THB-025", "Marko Horvat");
    assert!(hits(&a, "THB-025").iter().all(|h| h.0 != "Ana Pop"));
}

#[test]
fn thb032_visa_fees_for_three_workers_but_not_for_ones_own_family() {
    let mut ents = customer("p-ion", "Ion Rusu", &[], "ACC-ION");
    ents.extend(customer("p-vas", "Vasile Ciobanu", &[], "ACC-VAS"));
    ents.extend(customer("p-and", "Andrei Lungu", &[], "ACC-AND"));
    for (id, n) in [("p-gw", "Greta Weber"), ("p-lw", "Lena Weber"), ("p-pw", "Paul Weber")] {
        ents.push(ent(id, "Person", &[("name", n), ("lastName", "Weber")]));
    }
    let mut x = Stmt::new("CTRL", "Marko Horvat");
    let mut fam = Stmt::new("WEBER", "Hans Weber");
    for (d, who, kin) in
        [(0, "Ion Rusu", "Greta Weber"), (20, "Vasile Ciobanu", "Lena Weber"), (45, "Andrei Lungu", "Paul Weber")]
    {
        x.add(
            d,
            10,
            "80",
            Debit,
            Wire,
            None,
            Some(("Generalkonsulat Visa Service", "DE55500105170000000021")),
            "Hamburg",
        );
        memo(&mut x, &format!("Visum {who}"));
        fam.add(
            d,
            10,
            "80",
            Debit,
            Wire,
            None,
            Some(("Generalkonsulat Visa Service", "DE55500105170000000021")),
            "Hamburg",
        );
        memo(&mut fam, &format!("Visum {kin}"));
    }
    // A card payment with the card scheme's name in the descriptor is not a visa fee.
    x.add(50, 10, "35", Debit, Card, Some(5411), Some(("VISA PURCHASE REWE", "")), "Hamburg");
    let a = run(&[x, fam], &ents);
    let h = one(&a, "THB-032", "Marko Horvat");
    assert_eq!(
        h.finding,
        "3 visa/immigration fee payments within 90 days (240.00 EUR) for 3 applicants: Andrei Lungu, Ion Rusu, Vasile Ciobanu"
    );
    assert_eq!(h.evidence.len(), 3);
    assert!(hits(&a, "THB-032").iter().all(|h| h.0 != "Hans Weber"));
}

#[test]
fn every_labour_rule_is_in_the_catalogue_with_its_parameters() {
    let codes =
        ["THB-015", "THB-016", "THB-017", "THB-018", "THB-019", "THB-020", "THB-021", "THB-024", "THB-025", "THB-032"];
    let cfg = theseus_analysis::Config::default();
    for c in codes {
        assert!(cfg.rules.contains_key(c), "{c} has no rule table");
        assert!(cfg.weights.contains_key(c), "{c} has no weight");
    }
}
