//! The ordinary world the operation hides in: employers, landlords and utilities, everyday customers of both
//! banks, and the hard negatives — legitimate people and businesses that share one surface feature with the
//! operation and must not be flagged for it.

use chrono::{Datelike, Duration};

use crate::calendar::{self, Zone, date, month_end, roll_back};
use crate::catalog::{self, City};
use crate::iban;
use crate::life::{self, Life, MONTHLY, Payday, QUARTERLY, Recurring, Remittance, Salary};
use crate::people::{self, Origin};
use crate::rng::Rng;
use crate::text::NameStyle;
use crate::world::{
    Account, Bank, Company, Domicile, Gender, HardNegative, Holder, Kind, Link, Party, UserAccount, World, batch_time,
};

/// How big the world is. Only the demo size exists yet; larger sizes scale these.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    /// Ordinary Nordbank customers.
    pub nord_customers: usize,
    /// Ordinary Harbour Bank customers in the UK (sterling accounts).
    pub harbour_customers: usize,
    /// Harbour Bank customers living in Germany (euro accounts).
    pub harbour_eur_customers: usize,
    /// Multiplier on everyday transaction counts.
    pub activity: f64,
}

impl Params {
    /// About 70 people and 3,000–4,000 transactions over six months.
    pub(crate) fn demo() -> Params {
        Params { nord_customers: 10, harbour_customers: 11, harbour_eur_customers: 2, activity: 0.4 }
    }
}

/// Nordbank's Bankleitzahl (fictitious).
pub(crate) const NORDBANK_BLZ: &str = "20069812";
/// Other German banks' Bankleitzahlen, for counterparties.
const OTHER_BLZ: [&str; 6] = ["20030400", "20050550", "21050170", "25090500", "29050101", "10090000"];
/// Harbour Bank's bank code and sort codes (fictitious).
const HARBOUR_CODE: &str = "HRBR";
const HARBOUR_SORT: [&str; 3] = ["401276", "401288", "402011"];
const OTHER_UK_BANKS: [(&str, &str); 4] =
    [("NWBK", "601613"), ("BARC", "200415"), ("LOYD", "309634"), ("MIDL", "400515")];

/// Counterparties everyone pays or is paid by.
pub(crate) struct Infra {
    pub de_employers: Vec<(usize, usize)>,
    pub uk_employers: Vec<(usize, usize)>,
    pub de_landlords: Vec<usize>,
    pub uk_landlords: Vec<usize>,
    pub pension_fund: usize,
    pub de_power: usize,
    pub de_mobile: usize,
    pub de_insurance: usize,
    pub de_broadcast: usize,
    pub de_gym: usize,
    pub de_health: usize,
    pub tax_office: usize,
    pub uk_energy: usize,
    pub uk_water: usize,
    pub uk_mobile: usize,
    pub uk_council: usize,
    pub uk_gym: usize,
    pub acquirer: usize,
}

/// A German IBAN at some other bank.
pub(crate) fn other_de_iban(world: &mut World, rng: &mut Rng) -> String {
    let blz = *rng.pick(&OTHER_BLZ);
    world.issuer.de(rng, blz)
}

/// A UK IBAN at some other bank.
pub(crate) fn other_gb_iban(world: &mut World, rng: &mut Rng) -> String {
    let (code, sort) = *rng.pick(&OTHER_UK_BANKS);
    world.issuer.gb(rng, code, sort)
}

/// A company with an account at an outside bank. Returns (company, account).
pub(crate) fn external_company(
    world: &mut World,
    rng: &mut Rng,
    name: &str,
    registration: &str,
    home: &City,
    in_registry: bool,
) -> (usize, usize) {
    let uk = home.country == "GB";
    let c = world.add_company(Company {
        id: String::new(),
        name: name.to_string(),
        registration: registration.to_string(),
        jurisdiction: if uk { "GB" } else { "DE" },
        address: people::address(rng, home),
        phone: None,
        in_registry,
    });
    let iban = if uk { other_gb_iban(world, rng) } else { other_de_iban(world, rng) };
    let a = world.add_account(Account {
        id: String::new(),
        iban,
        at: Domicile::External {
            bank: if uk { "UK bank" } else { "German bank" },
            country: if uk { "GB" } else { "DE" },
        },
        currency: if uk { "GBP" } else { "EUR" },
        holder: Holder::Company(c),
        holder_written: name.to_string(),
        device: None,
        ip: None,
        opening: 0,
        in_registry: false,
    });
    (c, a)
}

/// Opens an account at an evidence bank for a person or company.
pub(crate) fn open_account(
    world: &mut World,
    rng: &mut Rng,
    holder: Holder,
    bank: Bank,
    currency: &'static str,
    style: Option<NameStyle>,
) -> usize {
    let uk = bank == Bank::Harbour;
    let written = match holder {
        Holder::Person(p) => {
            let style = style.unwrap_or_else(|| NameStyle::for_holder(rng, uk));
            let p = &world.persons[p];
            style.write(&p.first, &p.last, p.gender == Gender::Female)
        }
        Holder::Company(c) => {
            let n = &world.companies[c].name;
            if uk { n.to_uppercase() } else { n.clone() }
        }
    };
    let iban = match bank {
        Bank::Nordbank => world.issuer.de(rng, NORDBANK_BLZ),
        Bank::Harbour => {
            let sort = rng_sort(rng);
            world.issuer.gb(rng, HARBOUR_CODE, sort)
        }
    };
    let (device, ip) = if uk {
        let os = if rng.chance(0.55) { "ios" } else { "and" };
        let dev = format!("{os}-{:08x}", rng.int(0, 0xffff_ffff));
        let net = rng.pick(&["192.0.2", "198.51.100", "203.0.113"]);
        (Some(dev), Some(format!("{net}.{}", rng.int(2, 254))))
    } else {
        (None, None)
    };
    world.add_account(Account {
        id: String::new(),
        iban,
        at: Domicile::In(bank),
        currency,
        holder,
        holder_written: written,
        device,
        ip,
        opening: rng.amount(1400.0, 0.9, 50.0, 25_000.0),
        in_registry: true,
    })
}

fn rng_sort(rng: &mut Rng) -> &'static str {
    HARBOUR_SORT[rng.below(HARBOUR_SORT.len())]
}

/// Creates the shared counterparties.
pub(crate) fn infra(world: &mut World, rng: &mut Rng) -> Infra {
    let mut de_employers = vec![];
    let de_emp: [(&str, &City); 8] = [
        ("Hafenlogistik Nord GmbH", &catalog::HAMBURG),
        ("Elbtech Systems GmbH", &catalog::HAMBURG),
        ("Klinikum Hamburg-Nord gGmbH", &catalog::HAMBURG),
        ("Bau & Montage Schulz GmbH", &catalog::HAMBURG),
        ("Nordküste Facility Services GmbH", &catalog::HAMBURG),
        ("Weser Handelshaus GmbH", &catalog::BREMEN),
        ("Kieler Werft Service GmbH", &catalog::KIEL),
        ("Hanse Pflegedienst GmbH", &catalog::LUEBECK),
    ];
    for (name, city) in de_emp {
        let reg = format!("HRB {}", rng.int(10_000, 189_999));
        de_employers.push(external_company(world, rng, name, &reg, city, true));
    }
    let mut uk_employers = vec![];
    let uk_emp: [(&str, &City); 7] = [
        ("Thameside Logistics Ltd", &catalog::LONDON),
        ("Brightwater Consulting Ltd", &catalog::LONDON),
        ("Northern Foods Ltd", &catalog::MANCHESTER),
        ("Castlegate Retail Ltd", &catalog::LEEDS),
        ("Mersey Care Partners Ltd", &catalog::LIVERPOOL),
        ("Pennine Engineering Ltd", &catalog::BIRMINGHAM),
        ("Severn Digital Ltd", &catalog::BRISTOL),
    ];
    for (name, city) in uk_emp {
        let reg = format!("{:08}", rng.int(4_000_000, 14_999_999));
        uk_employers.push(external_company(world, rng, name, &reg, city, true));
    }
    // Each registered employer has a director in the registry.
    for &(c, _) in de_employers.iter().chain(uk_employers.iter()) {
        let uk = world.companies[c].jurisdiction == "GB";
        let homes: &[&'static City] = if uk { &catalog::UK_HOMES } else { &catalog::NORD_HOMES };
        let home = *rng.pick(homes);
        let origin = if uk { Origin::Uk } else { Origin::De };
        let gender = people::any_gender(rng);
        let mut p = people::person(world, rng, origin, gender, (38, 66), home, false);
        p.profession = Some(if uk { "Company director" } else { "Geschäftsführer" }.into());
        let d = world.add_person(p);
        let since = date(rng.int(2005, 2024) as i32, rng.int(1, 12) as u32, 1);
        world.links.push(Link::Directorship { director: d, company: c, role: "director", since });
    }
    let mut de_landlords = vec![];
    for name in ["Alster Wohnbau eG", "Hansa Immobilienverwaltung GmbH", "Nordgrund Wohnen GmbH"] {
        de_landlords.push(external_company(world, rng, name, "", &catalog::HAMBURG, false).1);
    }
    let mut uk_landlords = vec![];
    for name in ["Keystone Lettings Ltd", "Northside Property Management Ltd"] {
        uk_landlords.push(external_company(world, rng, name, "", &catalog::LONDON, false).1);
    }
    let mut ext = |world: &mut World, name: &str, city: &City| external_company(world, rng, name, "", city, false).1;
    Infra {
        de_employers,
        uk_employers,
        de_landlords,
        uk_landlords,
        pension_fund: ext(world, "Deutsche Rentenversicherung", &catalog::BERLIN),
        de_power: ext(world, "Hanse Energie AG", &catalog::HAMBURG),
        de_mobile: ext(world, "NordNet Mobilfunk GmbH", &catalog::HAMBURG),
        de_insurance: ext(world, "Hanseatische Versicherung AG", &catalog::HAMBURG),
        de_broadcast: ext(world, "Rundfunk Beitragsservice", &catalog::KOELN),
        de_gym: ext(world, "Elbfit Studios GmbH", &catalog::HAMBURG),
        de_health: ext(world, "Nordische Krankenkasse", &catalog::HAMBURG),
        tax_office: ext(world, "Finanzamt Hamburg-Mitte", &catalog::HAMBURG),
        uk_energy: ext(world, "Albion Energy Ltd", &catalog::LONDON),
        uk_water: ext(world, "Riverside Water plc", &catalog::LONDON),
        uk_mobile: ext(world, "Britlink Mobile Ltd", &catalog::LONDON),
        uk_council: ext(world, "City Council Tax", &catalog::LONDON),
        uk_gym: ext(world, "PureFit Gyms Ltd", &catalog::LONDON),
        acquirer: ext(world, catalog::ACQUIRER, &catalog::HAMBURG),
    }
}

fn street_of(world: &World, person: usize) -> String {
    world.persons[person].address.clone().unwrap_or_default().split(',').next().unwrap_or_default().to_string()
}

/// A customer: the person, their account and where they live.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Customer {
    pub person: usize,
    pub acct: usize,
    pub home: &'static City,
}

/// The standard German household: salary, rent, electricity, phone, broadcasting fee, maybe insurance and
/// a gym. Returns the life for further tweaks.
pub(crate) fn german_household(
    world: &mut World,
    rng: &mut Rng,
    infra: &Infra,
    c: Customer,
    employer: Option<(usize, usize)>,
    activity: f64,
) -> Life {
    let Customer { person, acct, home } = c;
    let mut life = Life::new(rng, acct, home, activity);
    let net = life::net_pay(rng, false);
    life.scale = net as f64 / 265_000.0;
    let age = (calendar::START - world.persons[person].birth).num_days() / 365;
    if age >= 67 {
        life.salary = Some(Salary {
            from: infra.pension_fund,
            net: net * 6 / 10,
            payday: Payday::LastBusinessDay,
            varies: false,
            staff_no: rng.int(100_000, 999_999) as u32,
            pension: true,
        });
    } else if let Some((company, emp_acct)) = employer {
        life.salary = Some(Salary {
            from: emp_acct,
            net,
            payday: if rng.chance(0.8) { Payday::LastBusinessDay } else { Payday::Day(15) },
            varies: rng.chance(0.3),
            staff_no: rng.int(1000, 99_999) as u32,
            pension: false,
        });
        world.links.push(Link::Employment { employee: person, employer: company, role: "employee" });
    }
    if rng.chance(0.78) {
        let landlord = *rng.pick(&infra.de_landlords);
        let rent = life::rent_for(rng, net);
        let street = street_of(world, person);
        life.recurring.push(Recurring {
            to: Party::Acct(landlord),
            cents: rent,
            day: 1,
            memo: format!("DA Miete {street} Mieternr. {}", rng.int(10_000, 99_999)),
            kind: Kind::StandingOrder,
            months: MONTHLY,
        });
    }
    let power = rng.amount(72.0, 0.3, 30.0, 200.0) / 100 * 100;
    life.recurring.push(Recurring {
        to: Party::Acct(infra.de_power),
        cents: power,
        day: 15,
        memo: format!("Abschlag Strom Vertragskonto {}", rng.int(100_000_000, 999_999_999)),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life.recurring.push(Recurring {
        to: Party::Acct(infra.de_mobile),
        cents: *rng.pick(&[999, 1499, 1999, 2999, 3999]),
        day: 3,
        memo: format!("Mobilfunk Kd-Nr. {}", rng.int(1_000_000, 9_999_999)),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life.recurring.push(Recurring {
        to: Party::Acct(infra.de_broadcast),
        cents: 5508,
        day: 15,
        memo: format!("Rundfunkbeitrag Beitragsnr. {}", rng.int(100_000_000, 999_999_999)),
        kind: Kind::DirectDebit,
        months: QUARTERLY,
    });
    if rng.chance(0.5) {
        life.recurring.push(Recurring {
            to: Party::Acct(infra.de_insurance),
            cents: rng.amount(45.0, 0.5, 8.0, 220.0),
            day: 1,
            memo: format!("Versicherungsbeitrag Vers.-Nr. {}", rng.int(1_000_000, 9_999_999)),
            kind: Kind::DirectDebit,
            months: MONTHLY,
        });
    }
    if rng.chance(0.35) {
        life.recurring.push(Recurring {
            to: Party::Acct(infra.de_gym),
            cents: *rng.pick(&[1990, 2490, 2990, 3990]),
            day: 1,
            memo: "Mitgliedsbeitrag".into(),
            kind: Kind::DirectDebit,
            months: MONTHLY,
        });
    }
    // Most German current accounts carry a monthly fee; salary accounts at some banks are free.
    if rng.chance(0.6) {
        life.account_fee = Some(*rng.pick(&[495, 590, 790, 990]));
    }
    if age < 30 {
        life.night_rides = 0.5;
    }
    if rng.chance(0.35) {
        let name = relative(world, rng, person, home);
        let iban = other_de_iban(world, rng);
        life.family = Some((Party::Ext { name, iban: Some(iban), country: "DE" }, 120.0));
    }
    life
}

/// The standard UK household.
fn uk_household(
    world: &mut World,
    rng: &mut Rng,
    infra: &Infra,
    c: Customer,
    employer: (usize, usize),
    activity: f64,
) -> Life {
    let Customer { person, acct, home } = c;
    let mut life = Life::new(rng, acct, home, activity);
    let net = life::net_pay(rng, true);
    life.scale = net as f64 / 230_000.0;
    life.salary = Some(Salary {
        from: employer.1,
        net,
        payday: Payday::Day(if rng.chance(0.7) { 25 } else { 28 }),
        varies: rng.chance(0.25),
        staff_no: rng.int(1000, 99_999) as u32,
        pension: false,
    });
    world.links.push(Link::Employment { employee: person, employer: employer.0, role: "employee" });
    if rng.chance(0.7) {
        let landlord = *rng.pick(&infra.uk_landlords);
        let rent = life::rent_for(rng, net);
        life.recurring.push(Recurring {
            to: Party::Acct(landlord),
            cents: rent,
            day: 1,
            memo: "RENT".into(),
            kind: Kind::StandingOrder,
            months: MONTHLY,
        });
    }
    // Council tax is paid in ten instalments, April to January; water is often included in the rent.
    let with_water = rng.chance(0.5);
    for (to, median, day, memo, months) in [
        (infra.uk_energy, 85.0, 5, "ENERGY DD", MONTHLY),
        (infra.uk_water, 38.0, 12, "WATER DD", if with_water { MONTHLY } else { &[] }),
        (infra.uk_council, 150.0, 1, "COUNCIL TAX", &[1, 4, 5, 6]),
    ] {
        let cents = rng.amount(median, 0.25, 10.0, 400.0);
        life.recurring.push(Recurring {
            to: Party::Acct(to),
            cents,
            day,
            memo: memo.into(),
            kind: Kind::DirectDebit,
            months,
        });
    }
    life.recurring.push(Recurring {
        to: Party::Acct(infra.uk_mobile),
        cents: *rng.pick(&[1000, 1500, 2200, 3500]),
        day: 8,
        memo: "MOBILE".into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    if rng.chance(0.3) {
        life.recurring.push(Recurring {
            to: Party::Acct(infra.uk_gym),
            cents: *rng.pick(&[2499, 2999, 3999]),
            day: 1,
            memo: "MEMBERSHIP".into(),
            kind: Kind::DirectDebit,
            months: MONTHLY,
        });
    }
    let age = (calendar::START - world.persons[person].birth).num_days() / 365;
    if age < 30 {
        life.night_rides = 0.4;
    }
    if rng.chance(0.35) {
        let name = relative(world, rng, person, home);
        let iban = other_gb_iban(world, rng);
        life.family = Some((Party::Ext { name, iban: Some(iban), country: "GB" }, 90.0));
    }
    life
}

/// A relative (parent, sibling or grown-up child) the customer sends money to now and then: in the
/// registry with a family link, at another bank. Returns the name the customer writes on transfers.
fn relative(world: &mut World, rng: &mut Rng, person: usize, home: &'static City) -> String {
    let p = &world.persons[person];
    let origin = match p.nationality {
        "GB" => Origin::Uk,
        "TR" => Origin::Tr,
        "PL" => Origin::Pl,
        "RU" => Origin::Ru,
        _ => Origin::De,
    };
    let last = p.last.clone();
    let relationship = *rng.pick(&["parent", "sibling", "child"]);
    let ages = match relationship {
        "parent" => (55, 85),
        "sibling" => (18, 60),
        _ => (18, 30),
    };
    let g = people::any_gender(rng);
    let mut r = people::person(world, rng, origin, g, ages, home, false);
    r.last = last;
    let name = r.name();
    let r = world.add_person(r);
    world.links.push(Link::Family { person, relative: r, relationship });
    name
}

/// A name for someone seen only as a counterparty.
pub(crate) fn payer_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(catalog::PAYER_FIRST), rng.pick(catalog::PAYER_LAST))
}

fn origin_de(rng: &mut Rng) -> Origin {
    [Origin::De, Origin::De, Origin::De, Origin::De, Origin::De, Origin::De, Origin::Tr, Origin::Pl][rng.below(8)]
}

/// Creates the ordinary customers and hard negatives and runs their lives.
pub(crate) fn populate(world: &mut World, seed: u64, params: &Params, infra: &Infra) {
    let mut rng = Rng::derive(seed, "population");
    let rng = &mut rng;
    let a = params.activity;

    // Nordbank's ordinary customers. The first is written "PETROV ALEKSANDR" by the bank, the classic
    // name-order mismatch with the registry's "Aleksandr Petrov".
    for i in 0..params.nord_customers {
        let home = *rng.pick(&catalog::NORD_HOMES);
        let (p, style) = if i == 0 {
            let mut p = people::person(world, rng, Origin::Ru, Gender::Male, (30, 55), home, false);
            p.first = "Aleksandr".into();
            p.last = "Petrov".into();
            (p, Some(NameStyle::UpperLastFirst))
        } else {
            let origin = origin_de(rng);
            let g = people::any_gender(rng);
            (people::person(world, rng, origin, g, (19, 78), home, false), None)
        };
        let p = world.add_person(p);
        let acct = open_account(world, rng, Holder::Person(p), Bank::Nordbank, "EUR", style);
        let employer = Some(*rng.pick(&infra.de_employers));
        let life = german_household(world, rng, infra, Customer { person: p, acct, home }, employer, a);
        life::live(world, rng, &life);
    }

    // Harbour Bank's UK customers.
    for _ in 0..params.harbour_customers {
        let home = *rng.pick(&catalog::UK_HOMES);
        let g = people::any_gender(rng);
        let p = world.add_person(people::person(world, rng, Origin::Uk, g, (19, 66), home, false));
        let acct = open_account(world, rng, Holder::Person(p), Bank::Harbour, "GBP", None);
        let employer = *rng.pick(&infra.uk_employers);
        let life = uk_household(world, rng, infra, Customer { person: p, acct, home }, employer, a);
        life::live(world, rng, &life);
    }

    // Harbour Bank's euro accounts: people living in Germany who bank with a UK app bank.
    for _ in 0..params.harbour_eur_customers {
        let homes: [&'static City; 2] = [&catalog::HAMBURG, &catalog::BERLIN];
        let home = *rng.pick(&homes);
        let g = people::any_gender(rng);
        let origin = if rng.chance(0.5) { Origin::Uk } else { Origin::De };
        let mut p = people::person(world, rng, origin, g, (22, 45), home, false);
        p.phones = vec![people::mobile(rng, "DE")];
        let p = world.add_person(p);
        let acct = open_account(world, rng, Holder::Person(p), Bank::Harbour, "EUR", None);
        let employer = Some(*rng.pick(&infra.de_employers));
        let mut life = german_household(world, rng, infra, Customer { person: p, acct, home }, employer, a);
        life.account_fee = None;
        life::live(world, rng, &life);
    }

    hard_negatives(world, rng, infra, a);
    iban_typos(world, rng);
}

fn hard_negatives(world: &mut World, rng: &mut Rng, infra: &Infra, a: f64) {
    hotel(world, rng, infra, a);

    // A nurse on night shifts: cash at night, but at one machine near the hospital, with a salary, no
    // third-party credits and nothing forwarded.
    let g = Gender::Female;
    let mut p = people::person(world, rng, Origin::De, g, (26, 50), &catalog::HAMBURG, false);
    p.profession = Some("Gesundheits- und Krankenpflegerin".into());
    let nurse = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(nurse), Bank::Nordbank, "EUR", None);
    let klinikum = infra.de_employers[2];
    let mut life = german_household(
        world,
        rng,
        infra,
        Customer { person: nurse, acct, home: &catalog::HAMBURG },
        Some(klinikum),
        a,
    );
    if let Some(s) = life.salary.as_mut() {
        s.varies = true; // shift allowances
    }
    life.atm_per_month = 3.0;
    life.atm_night_share = 0.65;
    life.night_rides = 0.0;
    life::live(world, rng, &life);
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(nurse)],
        kind: "night_cash",
        why: "Night-shift nurse: frequent ATM withdrawals between 22:00 and 06:00, always in her home city, with a hospital salary and no inflows from third parties.",
    });

    traveller(world, rng, infra, a);
    advertiser(world, rng, infra, a);

    // A Romanian construction worker sending money home every month: the THB-origin corridor, legitimately.
    let mut p = people::person(world, rng, Origin::Ro, Gender::Male, (24, 50), &catalog::HAMBURG, false);
    p.profession = Some("Bauarbeiter".into());
    p.phones = vec![people::mobile(rng, "DE")];
    let worker = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(worker), Bank::Nordbank, "EUR", None);
    let bau = infra.de_employers[3];
    let mut life =
        german_household(world, rng, infra, Customer { person: worker, acct, home: &catalog::HAMBURG }, Some(bau), a);
    let relative = people::person(world, rng, Origin::Ro, Gender::Female, (45, 70), &catalog::HAMBURG, false);
    life.remittance = Some(Remittance { to: relative.name(), country: "RO", town: "Bacău", median: 320.0 });
    life::live(world, rng, &life);
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(worker)],
        kind: "remittances_to_origin_country",
        why: "Romanian construction worker with a salary who sends about 300 EUR a month to his family in Romania by money transfer operator: the corridor of the operation, but his own earned money to one relative.",
    });

    // A Polish worker in Manchester doing the same from the UK.
    let mut p = people::person(world, rng, Origin::Pl, Gender::Male, (24, 50), &catalog::MANCHESTER, false);
    p.phones = vec![people::mobile(rng, "GB")];
    let pl = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(pl), Bank::Harbour, "GBP", None);
    let foods = infra.uk_employers[2];
    let mut life = uk_household(world, rng, infra, Customer { person: pl, acct, home: &catalog::MANCHESTER }, foods, a);
    life.remittance = Some(Remittance {
        to: format!("{} {}", "Halina", world.persons[pl].last),
        country: "PL",
        town: "Rzeszow",
        median: 260.0,
    });
    life::live(world, rng, &life);
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(pl)],
        kind: "remittances",
        why: "Polish food-factory worker sending part of his wage home monthly through a money transfer operator.",
    });

    family(world, rng, infra, a);
}

/// A legitimate hotel: card settlements every business day, real payroll, suppliers. Its switchboard number
/// is the registered phone of five staff, a hub identifier that must not merge them.
fn hotel(world: &mut World, rng: &mut Rng, infra: &Infra, a: f64) {
    let switchboard = people::hamburg_landline(rng);
    let hotel = world.add_company(Company {
        id: String::new(),
        name: "Hotel Alsterblick GmbH".into(),
        registration: format!("HRB {}", rng.int(10_000, 189_999)),
        jurisdiction: "DE",
        address: format!("An der Alster {}, 20099 Hamburg", rng.int(2, 90)),
        phone: Some(switchboard.clone()),
        in_registry: true,
    });
    let hotel_acct = open_account(world, rng, Holder::Company(hotel), Bank::Nordbank, "EUR", None);
    world.accounts[hotel_acct].opening = 4_500_000;
    let mut staff = vec![];
    let roles = ["Hotelmanagerin", "Rezeption", "Rezeption", "Night Audit", "Housekeeping"];
    for (i, role) in roles.iter().enumerate() {
        let origin = if i == 4 { Origin::Tr } else { Origin::De };
        let g = if i == 3 { Gender::Male } else { people::any_gender(rng) };
        let mut p = people::person(world, rng, origin, g, (21, 58), &catalog::HAMBURG, false);
        p.phones.push(switchboard.clone());
        p.profession = Some((*role).into());
        let s = world.add_person(p);
        world.links.push(Link::Employment { employee: s, employer: hotel, role });
        staff.push(s);
    }
    world.links.push(Link::Directorship {
        director: staff[0],
        company: hotel,
        role: "Geschäftsführerin",
        since: date(2019, 4, 1),
    });
    // The manager and a receptionist bank at Nordbank and are paid from the hotel's account.
    for &s in &staff[..2] {
        let acct = open_account(world, rng, Holder::Person(s), Bank::Nordbank, "EUR", None);
        let mut life =
            german_household(world, rng, infra, Customer { person: s, acct, home: &catalog::HAMBURG }, None, a);
        let net = if s == staff[0] { 420_000 } else { rng.amount(2050.0, 0.1, 1700.0, 2600.0) };
        life.salary = Some(Salary {
            from: hotel_acct,
            net,
            payday: Payday::LastBusinessDay,
            varies: false,
            staff_no: rng.int(100, 999) as u32,
            pension: false,
        });
        life::live(world, rng, &life);
    }
    // The rest of the payroll goes to staff at other banks.
    let mut others: Vec<(Party, i64)> = vec![];
    for &s in &staff[2..] {
        let iban = other_de_iban(world, rng);
        others.push((
            Party::Ext { name: world.persons[s].name(), iban: Some(iban), country: "DE" },
            rng.amount(2100.0, 0.1, 1700.0, 2600.0),
        ));
    }
    for _ in 0..3 {
        let iban = other_de_iban(world, rng);
        others.push((
            Party::Ext { name: payer_name(rng), iban: Some(iban), country: "DE" },
            rng.amount(2000.0, 0.12, 1500.0, 2800.0),
        ));
    }
    let me = Party::Acct(hotel_acct);
    let acquirer = Party::Acct(infra.acquirer);
    // Daily card takings: log-normal around 3,200 EUR, with a seasonal factor rising into summer; Monday's
    // settlement carries the weekend.
    let season = [0.7, 0.75, 0.9, 1.0, 1.15, 1.3];
    let mut batch = 0;
    for day in life::business_days(Zone::Berlin, calendar::START) {
        let f = season[(day.month() - 1) as usize];
        let days_covered = if day.weekday() == chrono::Weekday::Mon { 3.0 } else { 1.0 };
        let cents = rng.amount(3200.0 * f * days_covered, 0.3, 400.0, 40_000.0);
        batch += 1;
        let memo =
            format!("Kartenumsätze {} TID 48213307 ABR.NR {batch:05}", (day - Duration::days(1)).format("%d.%m.%Y"));
        let utc = batch_time(rng, Zone::Berlin, day);
        world.transfer(&acquirer, &me, utc, cents, Kind::Settlement, &memo, None);
    }
    let suppliers = [
        ("Wäscherei Elbe GmbH", 3700.0),
        ("Hanse Getränke GmbH", 2400.0),
        ("Frischdienst Nord GmbH", 5200.0),
        ("TRAVELBOOK B.V.", 6200.0),
    ];
    let mut supplier_parties = vec![];
    for (name, median) in suppliers {
        let iban = if name.ends_with("B.V.") {
            iban::make("NL", &format!("ABNA{:010}", rng.int(0, 9_999_999_999)))
        } else {
            other_de_iban(world, rng)
        };
        let country = if name.ends_with("B.V.") { "NL" } else { "DE" };
        supplier_parties.push((Party::Ext { name: name.into(), iban: Some(iban), country }, median));
    }
    for (y, m) in calendar::months() {
        let payday = roll_back(Zone::Berlin, month_end(y, m));
        for (p, net) in &others {
            let utc = batch_time(rng, Zone::Berlin, payday);
            world.transfer(&me, p, utc, *net, Kind::Salary, &format!("Gehalt {m:02}/{y}"), None);
        }
        // Suppliers collect their monthly invoice by direct debit.
        for (p, median) in &supplier_parties {
            let day = calendar::roll_forward(Zone::Berlin, calendar::day_of_month(y, m, 18));
            let utc = batch_time(rng, Zone::Berlin, day);
            let cents = rng.amount(*median, 0.25, 100.0, 12_000.0);
            world.transfer(
                &me,
                p,
                utc,
                cents,
                Kind::DirectDebit,
                &format!("Rechnung {}", rng.int(100_000, 999_999)),
                None,
            );
        }
        let day = calendar::roll_forward(Zone::Berlin, calendar::day_of_month(y, m, 10));
        let utc = batch_time(rng, Zone::Berlin, day);
        let vat = rng.amount(9500.0, 0.2, 2000.0, 30_000.0);
        world.transfer(
            &me,
            &Party::Acct(infra.tax_office),
            utc,
            vat,
            Kind::Transfer,
            &format!("USt-VA {m:02}/{y} StNr 43/123/45678"),
            None,
        );
        let utc = batch_time(rng, Zone::Berlin, calendar::roll_forward(Zone::Berlin, calendar::day_of_month(y, m, 15)));
        world.transfer(
            &me,
            &Party::Acct(infra.de_power),
            utc,
            rng.amount(2400.0, 0.15, 1000.0, 5000.0),
            Kind::DirectDebit,
            "Abschlag Strom/Gas Gewerbe",
            None,
        );
        world.fee(
            hotel_acct,
            batch_time(rng, Zone::Berlin, payday),
            2490,
            &format!("Kontoführungsentgelt Geschäftskonto {m:02}/{y}"),
        );
    }
    world.negatives.push(HardNegative {
        who: vec![Holder::Company(hotel)],
        kind: "hospitality_business",
        why: "Legitimate hotel: card takings settled every business day, a regular payroll for eight staff, suppliers and VAT. Hospitality is a THB risk sector; this one is clean.",
    });
    world.negatives.push(HardNegative {
        who: staff.iter().map(|&s| Holder::Person(s)).collect(),
        kind: "shared_phone_hub",
        why: "Five hotel employees with different surnames give the hotel switchboard as their phone: a hub identifier, not a controller's number.",
    });
}

/// A consultant who travels every month: many hotel nights and flights, with a salary and expense refunds.
fn traveller(world: &mut World, rng: &mut Rng, infra: &Infra, a: f64) {
    let g = people::any_gender(rng);
    let mut p = people::person(world, rng, Origin::Uk, g, (30, 55), &catalog::LONDON, false);
    p.profession = Some("Management consultant".into());
    let t = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(t), Bank::Harbour, "GBP", None);
    let employer = infra.uk_employers[1];
    let mut life = uk_household(world, rng, infra, Customer { person: t, acct, home: &catalog::LONDON }, employer, a);
    if let Some(s) = life.salary.as_mut() {
        s.net = 520_000;
    }
    life::live(world, rng, &life);
    let destinations: [&'static City; 6] = [
        &catalog::FRANKFURT,
        &catalog::MUENCHEN,
        &catalog::BERLIN,
        &catalog::MANCHESTER,
        &catalog::LEEDS,
        &catalog::HAMBURG,
    ];
    let eur_rate = 1.16; // EUR per GBP, fixed for the period
    let mut spent_month = 0i64;
    for (y, m) in calendar::months() {
        for _ in 0..rng.int(2, 3) {
            let Some(out) = life::day_in(rng, y, m, calendar::START) else { continue };
            let dest = *rng.pick(&destinations);
            let nights = rng.int(1, 3);
            if out + Duration::days(nights) > calendar::END {
                continue;
            }
            // Flight booked a week or two ahead; hotel paid at check-out.
            let booked = (out - Duration::days(rng.int(5, 15))).max(calendar::START);
            let fare = rng.amount(260.0, 0.4, 90.0, 900.0);
            let airline = *rng.pick(&catalog::AIRLINES);
            world.card(acct, &catalog::LONDON, calendar::at(rng, booked, 9.0, 18.0), fare, airline, 4511, None);
            spent_month += fare;
            let checkout = out + Duration::days(nights);
            let per_night = rng.lognormal(165.0, 0.2);
            let hotel_name = format!("{} {}", rng.pick(&catalog::BUSINESS_HOTELS), crate::text::swift_upper(dest.name));
            let local = calendar::at(rng, checkout, 7.0, 10.5);
            let native = (per_night * nights as f64 * 100.0).round() as i64;
            if dest.country == "DE" {
                let gbp = (native as f64 / eur_rate).round() as i64;
                let i = world.card(acct, dest, local, gbp, &hotel_name, 7011, None);
                world.postings[i].memo = format!("EUR {} @ {eur_rate:.4}", crate::text::en_amount(native));
                let fee = (gbp as f64 * 0.0275).round() as i64;
                let utc = world.postings[i].utc + Duration::minutes(1);
                world.fee(acct, utc, fee, "NON-STERLING TRANSACTION FEE");
                spent_month += gbp + fee;
            } else {
                world.card(acct, dest, local, native, &hotel_name, 7011, None);
                spent_month += native;
            }
            // A taxi from the airport or station and a dinner.
            let taxi = rng.amount(28.0, 0.3, 10.0, 90.0);
            world.card(acct, dest, calendar::at(rng, out, 9.0, 20.0), taxi, "CITY TAXI", 4121, None);
            spent_month += taxi;
        }
        // Expenses are refunded with the next payroll run.
        let refund_day = roll_back(Zone::London, calendar::day_of_month(y, m, 27));
        let emp = Party::Acct(employer.1);
        if spent_month > 0 {
            let utc = batch_time(rng, Zone::London, refund_day);
            world.transfer(
                &emp,
                &Party::Acct(acct),
                utc,
                spent_month,
                Kind::Transfer,
                &format!("EXPENSES {}", life::month_name(true, m)),
                None,
            );
        }
        spent_month = 0;
    }
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(t)],
        kind: "frequent_traveller",
        why: "Consultant with a salary who stays in business hotels (MCC 7011) and flies (MCC 4511) every month, several cities a month, expenses refunded by the employer.",
    });
}

/// An independent adult-service advertiser: pays the same ad site, has client payments, but keeps her money.
fn advertiser(world: &mut World, rng: &mut Rng, infra: &Infra, a: f64) {
    let mut p = people::person(world, rng, Origin::De, Gender::Female, (26, 40), &catalog::HAMBURG, false);
    p.profession = Some("Selbstständig".into());
    let phone = p.phones[0].clone();
    let email = p.email.clone().unwrap_or_default();
    let adv = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(adv), Bank::Nordbank, "EUR", None);
    let mut life =
        german_household(world, rng, infra, Customer { person: adv, acct, home: &catalog::HAMBURG }, None, a);
    life.salary = None;
    life.recurring.push(Recurring {
        to: Party::Acct(infra.de_health),
        cents: 43_580,
        day: 1,
        memo: "Beitrag freiwillige Versicherung Selbstständige".into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life.recurring.push(Recurring {
        to: Party::Acct(infra.tax_office),
        cents: 180_000,
        day: 10,
        memo: "ESt-Vorauszahlung StNr 43/765/01234".into(),
        kind: Kind::Transfer,
        months: &[3, 6],
    });
    life::live(world, rng, &life);
    let me = Party::Acct(acct);
    for (y, m) in calendar::months() {
        // Ads: two or three a month, in the site's unit prices.
        for _ in 0..rng.int(2, 3) {
            let Some(day) = life::day_in(rng, y, m, calendar::START) else { continue };
            let cents = *rng.pick(&[2400, 3600, 2400]);
            world.card(
                acct,
                &catalog::VALLETTA,
                calendar::at(rng, day, 10.0, 19.0),
                cents,
                catalog::AD_SITE,
                7311,
                None,
            );
        }
        // Clients pay some bookings by instant transfer, mostly regulars, in the afternoon and evening.
        let regulars: Vec<String> = (0..4).map(|_| payer_name(rng)).collect();
        for _ in 0..rng.int(3, 6) {
            let Some(day) = life::day_in(rng, y, m, calendar::START) else { continue };
            let name = if rng.chance(0.6) { rng.pick(&regulars).clone() } else { payer_name(rng) };
            let iban = other_de_iban(world, rng);
            let from = Party::Ext { name, iban: Some(iban), country: "DE" };
            let cents = rng.round_amount(200.0, 0.3, 10, 100, 600);
            world.transfer_at(&from, &me, calendar::at(rng, day, 11.0, 21.0), cents, Kind::Instant, "Termin", None);
        }
        // Her cash takings go into her own account at her branch, in opening hours.
        for _ in 0..2 {
            let Some(day) = life::day_in(rng, y, m, calendar::START) else { continue };
            let day = calendar::roll_forward(Zone::Berlin, day).min(calendar::END);
            let cents = rng.round_amount(900.0, 0.35, 10, 200, 3000);
            world.deposit(acct, &catalog::HAMBURG, calendar::at(rng, day, 10.0, 17.0), cents, None);
        }
    }
    world.user_accounts.push(UserAccount {
        id: String::new(),
        service: catalog::AD_SERVICE,
        username: format!("{}_privat_hh", world.persons[adv].first.to_lowercase()),
        email,
        phone,
        created: date(2024, 9, 14),
    });
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(adv)],
        kind: "independent_advertiser",
        why: "Self-employed adult-service advertiser on the same ad site: ad fees in unit prices, client payments by transfer, but her own phone, daytime cash deposits at her home branch, her own rent, health insurance and tax, and nothing forwarded to anyone.",
    });
}

/// A family of four with one landline and one address in the registry: shared identifiers, not a network.
fn family(world: &mut World, rng: &mut Rng, infra: &Infra, a: f64) {
    let landline = people::hamburg_landline(rng);
    let addr = people::address(rng, &catalog::HAMBURG);
    let last = "Yılmaz";
    let members = [
        ("Mehmet", Gender::Male, (1977, 3, 14)),
        ("Ayşe", Gender::Female, (1980, 8, 2)),
        ("Emre", Gender::Male, (2005, 11, 23)),
        ("Elif", Gender::Female, (2009, 6, 5)),
    ];
    let mut ids = vec![];
    for (first, g, born) in members {
        let mut p = people::named(rng, first, last, g, "TR", born);
        p.phones = vec![landline.clone()];
        p.address = Some(addr.clone());
        if born.0 > 2008 {
            p.email = None;
        }
        ids.push(world.add_person(p));
    }
    world.persons[ids[2]].nationality = "DE";
    world.persons[ids[3]].nationality = "DE";
    world.links.push(Link::Family { person: ids[0], relative: ids[1], relationship: "spouse" });
    world.links.push(Link::Family { person: ids[0], relative: ids[2], relationship: "child" });
    world.links.push(Link::Family { person: ids[0], relative: ids[3], relationship: "child" });
    world.links.push(Link::Family { person: ids[1], relative: ids[2], relationship: "child" });
    world.links.push(Link::Family { person: ids[1], relative: ids[3], relationship: "child" });
    let father = open_account(world, rng, Holder::Person(ids[0]), Bank::Nordbank, "EUR", None);
    let mother = open_account(world, rng, Holder::Person(ids[1]), Bank::Nordbank, "EUR", None);
    let employer = Some(infra.de_employers[0]);
    let mut life = german_household(
        world,
        rng,
        infra,
        Customer { person: ids[0], acct: father, home: &catalog::HAMBURG },
        employer,
        a,
    );
    life.recurring.push(Recurring {
        to: Party::Acct(mother),
        cents: 60_000,
        day: 1,
        memo: "Haushaltsgeld".into(),
        kind: Kind::StandingOrder,
        months: MONTHLY,
    });
    life.family = None;
    life::live(world, rng, &life);
    let employer = Some(infra.de_employers[4]);
    let mut life = german_household(
        world,
        rng,
        infra,
        Customer { person: ids[1], acct: mother, home: &catalog::HAMBURG },
        employer,
        a,
    );
    if let Some(s) = life.salary.as_mut() {
        s.net = s.net * 45 / 100; // part-time
    }
    life.recurring.retain(|r| !r.memo.starts_with("DA Miete") && !r.memo.starts_with("Rundfunk"));
    let emre_iban = other_de_iban(world, rng);
    life.family = Some((Party::Ext { name: "Emre Yilmaz".into(), iban: Some(emre_iban), country: "DE" }, 80.0));
    life::live(world, rng, &life);
    world.negatives.push(HardNegative {
        who: ids.iter().map(|&i| Holder::Person(i)).collect(),
        kind: "shared_phone_family",
        why: "Parents and two children registered with one landline and one address: a household, linked by family ties, not a controller's number.",
    });
}

/// Two realistic copying mistakes: customers who typed a payee's IBAN with two digits swapped, one at each
/// bank. Banks normally reject these; statements and STRs still carry them when the payment went through
/// another channel or the field was filled in by hand.
fn iban_typos(world: &mut World, rng: &mut Rng) {
    for bank in [Bank::Nordbank, Bank::Harbour] {
        let candidates = |kinds: &[Kind]| -> Vec<usize> {
            (0..world.postings.len())
                .filter(|&i| {
                    let p = &world.postings[i];
                    p.cents < 0
                        && kinds.contains(&p.kind)
                        && world.accounts[p.account].bank() == Some(bank)
                        // Only payees outside the evidence, so that no credit posting contradicts the typo.
                        && p.cpty_iban.as_ref().is_some_and(|iban| !world.accounts.iter().any(|a| &a.iban == iban && a.bank().is_some()))
                })
                .collect()
        };
        let mut c = candidates(&[Kind::Instant, Kind::Transfer]);
        if c.is_empty() {
            c = candidates(&[Kind::StandingOrder]);
        }
        if c.is_empty() {
            continue;
        }
        let i = c[rng.below(c.len())];
        let right = world.postings[i].cpty_iban.clone().unwrap_or_default();
        world.postings[i].cpty_iban = Some(iban::typo(&right, rng));
        world.postings[i].typo_of = Some(right);
    }
}
