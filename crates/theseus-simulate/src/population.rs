//! The ordinary world the operations hide in: employers, landlords and utilities, and the everyday customers
//! of the three banks.
//!
//! Ordinary customers are set up in memory (person, account, employer, a relative in the registry), but
//! their transactions are generated only when their bank's statement is written, one account at a time from
//! the customer's own random stream ([`ordinary_life`]), so that a large world never holds its transactions
//! in memory. Households of hard negatives and operation members use the same builders and are generated
//! into the world up front.

use std::collections::HashSet;

use chrono::Duration;

use crate::calendar::date;
use crate::catalog::{self, City};
use crate::life::{self, Life, MONTHLY, Payday, QUARTERLY, Recurring, Region, Salary};
use crate::people::{self, Origin};
use crate::rng::Rng;
use crate::text::NameStyle;
use crate::world::{Account, Bank, Company, Domicile, Gender, Holder, Kind, Link, Party, World};

/// Nordbank's Bankleitzahl (fictitious).
pub(crate) const NORDBANK_BLZ: &str = "20069812";
/// Danube Savings' bank code (fictitious).
pub(crate) const DANUBE_CODE: &str = "20815";
/// Other German banks' Bankleitzahlen, for counterparties.
const OTHER_BLZ: [&str; 6] = ["20030400", "20050550", "21050170", "25090500", "29050101", "10090000"];
/// Other Austrian banks' codes, for counterparties.
const OTHER_AT: [&str; 5] = ["12000", "20111", "32000", "14000", "60000"];
/// Harbour Bank's bank code and sort codes (fictitious).
const HARBOUR_CODE: &str = "HRBR";
const HARBOUR_SORT: [&str; 3] = ["401276", "401288", "402011"];
const OTHER_UK_BANKS: [(&str, &str); 4] =
    [("NWBK", "601613"), ("BARC", "200415"), ("LOYD", "309634"), ("MIDL", "400515")];

/// Counterparties everyone pays or is paid by.
pub(crate) struct Infra {
    pub de_employers: Vec<(usize, usize)>,
    pub uk_employers: Vec<(usize, usize)>,
    pub at_employers: Vec<(usize, usize)>,
    pub de_landlords: Vec<usize>,
    pub uk_landlords: Vec<usize>,
    pub at_landlords: Vec<usize>,
    pub pension_fund: usize,
    pub at_pension: usize,
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
    pub at_power: usize,
    pub at_mobile: usize,
    pub at_broadcast: usize,
    pub at_insurance: usize,
    pub at_tax: usize,
    pub acquirer: usize,
    /// The crypto exchange's euro collection account.
    pub exchange: usize,
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

/// An Austrian IBAN at some other bank.
pub(crate) fn other_at_iban(world: &mut World, rng: &mut Rng) -> String {
    let code = *rng.pick(&OTHER_AT);
    world.issuer.at(rng, code)
}

/// An IBAN at some other bank of the city's country.
pub(crate) fn other_iban(world: &mut World, rng: &mut Rng, city: &City) -> String {
    match city.country {
        "GB" => other_gb_iban(world, rng),
        "AT" => other_at_iban(world, rng),
        _ => other_de_iban(world, rng),
    }
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
    let country = match home.country {
        "GB" => "GB",
        "AT" => "AT",
        _ => "DE",
    };
    let c = world.add_company(Company {
        id: String::new(),
        name: name.to_string(),
        registration: registration.to_string(),
        jurisdiction: country,
        address: people::address(rng, home),
        phone: None,
        in_registry,
    });
    let iban = other_iban(world, rng, home);
    let a = world.add_account(Account {
        id: String::new(),
        iban: iban.into(),
        at: Domicile::External {
            bank: match country {
                "GB" => "UK bank",
                "AT" => "Austrian bank",
                _ => "German bank",
            },
            country,
        },
        currency: if country == "GB" { "GBP" } else { "EUR" },
        holder: Holder::Company(c),
        holder_written: name.to_string().into(),
        device: None,
        ip: None,
        opening: 0,
        in_registry: false,
        opened: date(2010, 1, 1),
        streamed: false,
    });
    (c, a)
}

/// A registration number in the style of the company's country.
pub(crate) fn registration(rng: &mut Rng, country: &str) -> String {
    match country {
        "GB" => format!("{:08}", rng.int(4_000_000, 14_999_999)),
        "AT" => format!("FN {}{}", rng.int(100_000, 599_999), char::from(b'a' + rng.below(26) as u8)),
        _ => format!("HRB {}", rng.int(10_000, 189_999)),
    }
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
            let style = style.unwrap_or_else(|| match bank {
                Bank::Danube => NameStyle::for_danube(rng),
                _ => NameStyle::for_holder(rng, uk),
            });
            let p = &world.persons[p];
            style.write(&p.first, &p.last, p.gender == Gender::Female)
        }
        Holder::Company(c) => {
            let n = &world.companies[c].name;
            if uk || bank == Bank::Danube { n.to_uppercase() } else { n.clone() }
        }
    };
    let iban = match bank {
        Bank::Nordbank => world.issuer.de(rng, NORDBANK_BLZ),
        Bank::Harbour => {
            let sort = HARBOUR_SORT[rng.below(HARBOUR_SORT.len())];
            world.issuer.gb(rng, HARBOUR_CODE, sort)
        }
        Bank::Danube => world.issuer.at(rng, DANUBE_CODE),
    };
    let (device, ip) = if uk {
        let os = if rng.chance(0.55) { "ios" } else { "and" };
        let dev = format!("{os}-{:08x}", rng.int(0, 0xffff_ffff));
        let net = rng.pick(&["192.0.2", "198.51.100", "203.0.113"]);
        (Some(dev), Some(format!("{net}.{}", rng.int(2, 254))))
    } else {
        (None, None)
    };
    let opened = world.start() - Duration::days(rng.int(60, 6000));
    world.add_account(Account {
        id: String::new(),
        iban: iban.into(),
        at: Domicile::In(bank),
        currency,
        holder,
        holder_written: written.into(),
        device,
        ip,
        opening: rng.amount(1400.0, 0.9, 50.0, 25_000.0),
        in_registry: true,
        opened,
        streamed: false,
    })
}

/// Employer names for large worlds: region prefixes × trades.
fn employer_name(region: Region, i: usize) -> String {
    const DE_A: [&str; 8] = ["Nord", "Hansa", "Elbe", "Alster", "Weser", "Küsten", "Stadt", "Holsten"];
    const DE_B: [&str; 8] = ["Logistik", "Bau", "Technik", "Service", "Handel", "Pflege", "Software", "Consulting"];
    const AT_A: [&str; 8] = ["Donau", "Alpen", "Wiener", "Tauern", "Steirische", "Inntal", "Salzach", "Pannonia"];
    const AT_B: [&str; 8] = ["Logistik", "Bau", "Technik", "Handel", "Pflege", "Software", "Service", "Gastro"];
    const UK_A: [&str; 8] = ["Thames", "Pennine", "Mersey", "Albion", "Northern", "Castle", "Riverside", "Crown"];
    const UK_B: [&str; 8] =
        ["Logistics", "Foods", "Consulting", "Retail", "Care", "Engineering", "Digital", "Services"];
    let (a, b, suffix) = match region {
        Region::De => (DE_A, DE_B, "GmbH"),
        Region::At => (AT_A, AT_B, "GmbH"),
        Region::Uk => (UK_A, UK_B, "Ltd"),
    };
    let round = if i >= 64 { format!(" {}", i / 64 + 1) } else { String::new() };
    let sep = if region == Region::Uk { " " } else { "" };
    format!("{}{sep}{}{round} {suffix}", a[i % 8], b[(i / 8 + i) % 8])
}

/// Creates the shared counterparties. `persons` sizes the number of employers (one per ~300 customers).
pub(crate) fn infra(world: &mut World, rng: &mut Rng, persons: usize) -> Infra {
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
        let reg = registration(rng, "DE");
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
        let reg = registration(rng, "GB");
        uk_employers.push(external_company(world, rng, name, &reg, city, true));
    }
    let mut at_employers = vec![];
    let at_emp: [(&str, &City); 6] = [
        ("Wiener Stadtlogistik GmbH", &catalog::WIEN),
        ("Donautech Solutions GmbH", &catalog::WIEN),
        ("Landeskrankenhaus Graz Betriebs GmbH", &catalog::GRAZ),
        ("Voest Montagebau GmbH", &catalog::LINZ),
        ("Salzburger Hotellerie GmbH", &catalog::SALZBURG),
        ("Tiroler Handelshaus GmbH", &catalog::INNSBRUCK),
    ];
    for (name, city) in at_emp {
        let reg = registration(rng, "AT");
        at_employers.push(external_company(world, rng, name, &reg, city, true));
    }
    // Larger worlds have more employers, so that no employer pays an implausible share of a bank's customers.
    let extra = persons / 300;
    for i in 0..extra {
        for region in [Region::De, Region::Uk, Region::At] {
            let (homes, list): (&[&'static City], &mut Vec<(usize, usize)>) = match region {
                Region::De => (&catalog::NORD_HOMES, &mut de_employers),
                Region::Uk => (&catalog::UK_HOMES, &mut uk_employers),
                Region::At => (&catalog::AT_HOMES, &mut at_employers),
            };
            let city = *rng.pick(homes);
            let reg = registration(rng, city.country);
            list.push(external_company(world, rng, &employer_name(region, i), &reg, city, true));
        }
    }
    // Each registered employer has a director in the registry.
    for &(c, _) in de_employers.iter().chain(uk_employers.iter()).chain(at_employers.iter()) {
        let (homes, origin, title): (&[&'static City], Origin, &str) = match world.companies[c].jurisdiction {
            "GB" => (&catalog::UK_HOMES, Origin::Uk, "Company director"),
            "AT" => (&catalog::AT_HOMES, Origin::At, "Geschäftsführer"),
            _ => (&catalog::NORD_HOMES, Origin::De, "Geschäftsführer"),
        };
        let home = *rng.pick(homes);
        let gender = people::any_gender(rng);
        let mut p = people::person(world, rng, origin, gender, (38, 66), home, false);
        p.profession = Some(title.into());
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
    let mut at_landlords = vec![];
    for name in ["Wiener Wohnen Hausverwaltung", "Donaublick Immobilien GmbH", "Sozialbau AG"] {
        at_landlords.push(external_company(world, rng, name, "", &catalog::WIEN, false).1);
    }
    let exchange = {
        let c = world.add_company(Company {
            id: String::new(),
            name: catalog::EXCHANGE.into(),
            registration: "305612874".into(),
            jurisdiction: "LT",
            address: "Konstitucijos pr. 21, 08130 Vilnius, Lithuania".into(),
            phone: None,
            in_registry: true,
        });
        let iban = world.issuer.lt(rng);
        world.add_account(Account {
            id: String::new(),
            iban: iban.into(),
            at: Domicile::External { bank: "Paysera LT UAB", country: "LT" },
            currency: "EUR",
            holder: Holder::Company(c),
            holder_written: "COINVAULT EUROPE UAB".into(),
            device: None,
            ip: None,
            opening: 0,
            in_registry: false,
            opened: date(2019, 3, 1),
            streamed: false,
        })
    };
    let mut ext = |world: &mut World, name: &str, city: &City| external_company(world, rng, name, "", city, false).1;
    Infra {
        de_employers,
        uk_employers,
        at_employers,
        de_landlords,
        uk_landlords,
        at_landlords,
        pension_fund: ext(world, "Deutsche Rentenversicherung", &catalog::BERLIN),
        at_pension: ext(world, "Pensionsversicherungsanstalt", &catalog::WIEN),
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
        at_power: ext(world, "Donaustrom Energie AG", &catalog::WIEN),
        at_mobile: ext(world, "Alpenfunk Mobil GmbH", &catalog::WIEN),
        at_broadcast: ext(world, "OBS Rundfunkbeitrag", &catalog::WIEN),
        at_insurance: ext(world, "Donau Versicherung AG", &catalog::WIEN),
        at_tax: ext(world, "Finanzamt Österreich", &catalog::WIEN),
        acquirer: ext(world, catalog::ACQUIRER, &catalog::HAMBURG),
        exchange,
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

/// What a household's life is built from, decided when the customer is set up.
#[derive(Debug, Clone)]
pub(crate) struct Household {
    pub c: Customer,
    /// (company, its account).
    pub employer: Option<(usize, usize)>,
    /// A relative at another bank the customer sends money to now and then.
    pub relative: Option<Party>,
    /// A monthly savings plan into the crypto exchange.
    pub investor: bool,
}

/// Sets a household up: the employment link, and (for about a third of customers) a relative in the
/// registry with a family link. Pensioners (67 and over) have no employer.
pub(crate) fn setup_household(
    world: &mut World,
    rng: &mut Rng,
    c: Customer,
    employer: Option<(usize, usize)>,
) -> Household {
    let age = (world.start() - world.persons[c.person].birth).num_days() / 365;
    let employer = if age >= 67 { None } else { employer };
    if let Some((company, _)) = employer {
        world.links.push(Link::Employment { employee: c.person, employer: company, role: "employee" });
    }
    let relative = if rng.chance(0.35) {
        let name = relative(world, rng, c.person, c.home);
        let iban = other_iban(world, rng, c.home);
        Some(Party::ext(name, Some(iban), c.home.country))
    } else {
        None
    };
    Household { c, employer, relative, investor: false }
}

/// The standard German household: salary or pension, rent, electricity, phone, broadcasting fee, maybe
/// insurance and a gym.
pub(crate) fn german_life(world: &World, rng: &mut Rng, infra: &Infra, h: &Household, activity: f64) -> Life {
    let Customer { person, acct, home } = h.c;
    let mut life = Life::new(rng, acct, home, activity, world.start());
    let net = life::net_pay(rng, Region::De);
    life.scale = net as f64 / 265_000.0;
    let age = (world.start() - world.persons[person].birth).num_days() / 365;
    if age >= 67 {
        life.salary = Some(Salary {
            from: infra.pension_fund,
            net: net * 6 / 10,
            payday: Payday::LastBusinessDay,
            varies: false,
            staff_no: rng.int(100_000, 999_999) as u32,
            pension: true,
            bonus: 0,
        });
    } else if let Some((_, emp_acct)) = h.employer {
        life.salary = Some(Salary {
            from: emp_acct,
            net,
            payday: if rng.chance(0.8) { Payday::LastBusinessDay } else { Payday::Day(15) },
            varies: rng.chance(0.3),
            staff_no: rng.int(1000, 99_999) as u32,
            pension: false,
            bonus: 0,
        });
    }
    if rng.chance(0.78) {
        let landlord = *rng.pick(&infra.de_landlords);
        let rent = life::rent_for(rng, net);
        let street = street_of(world, person);
        life.recurring.push(Recurring {
            to: Party::Acct(landlord),
            cents: rent,
            day: 1,
            memo: format!("DA Miete {street} Mieternr. {}", rng.int(10_000, 99_999)).into(),
            kind: Kind::StandingOrder,
            months: MONTHLY,
        });
    }
    let power = rng.amount(72.0, 0.3, 30.0, 200.0) / 100 * 100;
    life.recurring.push(Recurring {
        to: Party::Acct(infra.de_power),
        cents: power,
        day: 15,
        memo: format!("Abschlag Strom Vertragskonto {}", rng.int(100_000_000, 999_999_999)).into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life.recurring.push(Recurring {
        to: Party::Acct(infra.de_mobile),
        cents: *rng.pick(&[999, 1499, 1999, 2999, 3999]),
        day: 3,
        memo: format!("Mobilfunk Kd-Nr. {}", rng.int(1_000_000, 9_999_999)).into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life.recurring.push(Recurring {
        to: Party::Acct(infra.de_broadcast),
        cents: 5508,
        day: 15,
        memo: format!("Rundfunkbeitrag Beitragsnr. {}", rng.int(100_000_000, 999_999_999)).into(),
        kind: Kind::DirectDebit,
        months: QUARTERLY,
    });
    if rng.chance(0.5) {
        life.recurring.push(Recurring {
            to: Party::Acct(infra.de_insurance),
            cents: rng.amount(45.0, 0.5, 8.0, 220.0),
            day: 1,
            memo: format!("Versicherungsbeitrag Vers.-Nr. {}", rng.int(1_000_000, 9_999_999)).into(),
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
    if h.investor {
        investor_plan(rng, infra, &mut life, "Sparplan", &crate::crypto::account_of(person));
    }
    // Most German current accounts carry a monthly fee; salary accounts at some banks are free.
    if rng.chance(0.6) {
        life.account_fee = Some(*rng.pick(&[495, 590, 790, 990]));
    }
    if age < 30 {
        life.night_rides = 0.5;
    }
    life.family = h.relative.clone().map(|r| (r, 120.0));
    life
}

/// A monthly savings plan into the crypto exchange.
fn investor_plan(rng: &mut Rng, infra: &Infra, life: &mut Life, word: &str, account: &str) {
    life.recurring.push(Recurring {
        to: Party::Acct(infra.exchange),
        cents: *rng.pick(&[5000, 10_000, 10_000, 20_000, 25_000, 50_000]),
        day: rng.int(1, 28) as u32,
        memo: format!("{word} {account}").into(),
        kind: Kind::StandingOrder,
        months: MONTHLY,
    });
}

/// The standard Austrian household: salary paid fourteen times a year (holiday pay in June, Christmas pay
/// in November), rent, electricity, phone, the broadcasting fee, a quarterly account fee.
pub(crate) fn austrian_life(world: &World, rng: &mut Rng, infra: &Infra, h: &Household, activity: f64) -> Life {
    let Customer { person, acct, home } = h.c;
    let mut life = Life::new(rng, acct, home, activity, world.start());
    let net = life::net_pay(rng, Region::At);
    life.scale = net as f64 / 245_000.0;
    let age = (world.start() - world.persons[person].birth).num_days() / 365;
    let bonus = 1 << 5 | 1 << 10;
    if age >= 65 {
        life.salary = Some(Salary {
            from: infra.at_pension,
            net: net * 7 / 10,
            payday: Payday::Day(1),
            varies: false,
            staff_no: rng.int(100_000, 999_999) as u32,
            pension: true,
            bonus,
        });
    } else if let Some((_, emp_acct)) = h.employer {
        life.salary = Some(Salary {
            from: emp_acct,
            net,
            payday: Payday::LastBusinessDay,
            varies: rng.chance(0.25),
            staff_no: rng.int(1000, 99_999) as u32,
            pension: false,
            bonus,
        });
    }
    if rng.chance(0.7) {
        let landlord = *rng.pick(&infra.at_landlords);
        let rent = life::rent_for(rng, net);
        life.recurring.push(Recurring {
            to: Party::Acct(landlord),
            cents: rent,
            day: 1,
            memo: format!("Miete {} Top {}", street_of(world, person), rng.int(1, 24)).into(),
            kind: Kind::StandingOrder,
            months: MONTHLY,
        });
    }
    life.recurring.push(Recurring {
        to: Party::Acct(infra.at_power),
        cents: rng.amount(68.0, 0.3, 30.0, 200.0) / 100 * 100,
        day: 10,
        memo: format!("Teilbetrag Strom Kundennr. {}", rng.int(10_000_000, 99_999_999)).into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life.recurring.push(Recurring {
        to: Party::Acct(infra.at_mobile),
        cents: *rng.pick(&[900, 1500, 2000, 2500, 3500]),
        day: 5,
        memo: format!("Mobilfunk Rechnung Kd {}", rng.int(1_000_000, 9_999_999)).into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life.recurring.push(Recurring {
        to: Party::Acct(infra.at_broadcast),
        cents: 1530,
        day: 15,
        memo: format!("ORF-Beitrag Teilnehmernr. {}", rng.int(10_000_000, 99_999_999)).into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    if rng.chance(0.45) {
        life.recurring.push(Recurring {
            to: Party::Acct(infra.at_insurance),
            cents: rng.amount(40.0, 0.5, 8.0, 200.0),
            day: 1,
            memo: format!("Polizze {}", rng.int(10_000_000, 99_999_999)).into(),
            kind: Kind::DirectDebit,
            months: MONTHLY,
        });
    }
    if h.investor {
        investor_plan(rng, infra, &mut life, "Sparplan", &crate::crypto::account_of(person));
    }
    life.account_fee = None;
    if age < 30 {
        life.night_rides = 0.4;
    }
    life.family = h.relative.clone().map(|r| (r, 100.0));
    life
}

/// The standard UK household.
pub(crate) fn uk_life(world: &World, rng: &mut Rng, infra: &Infra, h: &Household, activity: f64) -> Life {
    let Customer { person, acct, home } = h.c;
    let mut life = Life::new(rng, acct, home, activity, world.start());
    let net = life::net_pay(rng, Region::Uk);
    life.scale = net as f64 / 230_000.0;
    if let Some((_, emp_acct)) = h.employer {
        life.salary = Some(Salary {
            from: emp_acct,
            net,
            payday: Payday::Day(if rng.chance(0.7) { 25 } else { 28 }),
            varies: rng.chance(0.25),
            staff_no: rng.int(1000, 99_999) as u32,
            pension: false,
            bonus: 0,
        });
    }
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
    let council: life::Months = MONTHLY & !(1 << 1 | 1 << 2);
    for (to, median, day, memo, months) in [
        (infra.uk_energy, 85.0, 5, "ENERGY DD", MONTHLY),
        (infra.uk_water, 38.0, 12, "WATER DD", if with_water { MONTHLY } else { 0 }),
        (infra.uk_council, 150.0, 1, "COUNCIL TAX", council),
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
    let age = (world.start() - world.persons[person].birth).num_days() / 365;
    if age < 30 {
        life.night_rides = 0.4;
    }
    life.family = h.relative.clone().map(|r| (r, 90.0));
    life
}

/// Sets up and builds a German household in one go (for the households generated up front).
pub(crate) fn german_household(
    world: &mut World,
    rng: &mut Rng,
    infra: &Infra,
    c: Customer,
    employer: Option<(usize, usize)>,
    activity: f64,
) -> Life {
    let h = setup_household(world, rng, c, employer);
    german_life(world, rng, infra, &h, activity)
}

/// Sets up and builds an Austrian household in one go.
pub(crate) fn austrian_household(
    world: &mut World,
    rng: &mut Rng,
    infra: &Infra,
    c: Customer,
    employer: Option<(usize, usize)>,
    activity: f64,
) -> Life {
    let h = setup_household(world, rng, c, employer);
    austrian_life(world, rng, infra, &h, activity)
}

/// Sets up and builds a UK household in one go.
pub(crate) fn uk_household(
    world: &mut World,
    rng: &mut Rng,
    infra: &Infra,
    c: Customer,
    employer: (usize, usize),
    activity: f64,
) -> Life {
    let h = setup_household(world, rng, c, Some(employer));
    uk_life(world, rng, infra, &h, activity)
}

/// Sets up and builds the household of the city's region.
pub(crate) fn household_for(
    world: &mut World,
    rng: &mut Rng,
    infra: &Infra,
    c: Customer,
    employer: Option<(usize, usize)>,
    activity: f64,
) -> Life {
    match Region::of(c.home) {
        Region::De => german_household(world, rng, infra, c, employer, activity),
        Region::At => austrian_household(world, rng, infra, c, employer, activity),
        Region::Uk => {
            let e = employer.unwrap_or(infra.uk_employers[0]);
            uk_household(world, rng, infra, c, e, activity)
        }
    }
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
        "AT" => Origin::At,
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
    // Relatives of migrants often carry local first names; the surname is the customer's.
    let firsts = match (origin, g) {
        (Origin::Uk, Gender::Female) => catalog::UK_FIRST.0,
        (Origin::Uk, Gender::Male) => catalog::UK_FIRST.1,
        (_, Gender::Female) => catalog::DE_FIRST.0,
        (_, Gender::Male) => catalog::DE_FIRST.1,
    };
    let mut r = people::ordinary(rng, origin, g, ages, home, &HashSet::new());
    r.first = rng.pick(firsts).to_string();
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

fn origin_at(rng: &mut Rng) -> Origin {
    [Origin::At, Origin::At, Origin::At, Origin::At, Origin::At, Origin::De, Origin::Tr, Origin::Pl][rng.below(8)]
}

/// An ordinary customer whose transactions are generated while the statement is written.
#[derive(Debug, Clone)]
pub(crate) struct Ordinary {
    pub h: Household,
    pub region: Region,
}

/// How the ordinary customers split over the banks: (Nordbank, Harbour GBP, Harbour EUR, Danube).
fn bank_split(persons: usize, danube: bool) -> [usize; 4] {
    let shares = if danube { [0.45, 0.25, 0.05, 0.25] } else { [10.0 / 23.0, 11.0 / 23.0, 2.0 / 23.0, 0.0] };
    let mut n = [0usize; 4];
    let mut given = 0;
    for i in 0..3 {
        n[i] = (persons as f64 * shares[i]).round() as usize;
        given += n[i];
    }
    n[3] = persons.saturating_sub(given);
    if !danube {
        n[0] += n[3];
        n[3] = 0;
    }
    n
}

/// Creates the ordinary customers: person, account, employer, relative. `taken` holds the names of the
/// people created before (operations, hard negatives), which ordinary customers do not repeat.
pub(crate) fn ordinary_customers(
    world: &mut World,
    seed: u64,
    persons: usize,
    danube: bool,
    infra: &Infra,
    taken: &HashSet<String>,
) -> Vec<Ordinary> {
    let mut rng = Rng::derive(seed, "population");
    let rng = &mut rng;
    let [nord, harbour, harbour_eur, dan] = bank_split(persons, danube);
    let mut out = Vec::with_capacity(persons);

    // Nordbank's ordinary customers. The first is written "PETROV ALEKSANDR" by the bank, the classic
    // name-order mismatch with the registry's "Aleksandr Petrov".
    for i in 0..nord {
        let home = *rng.pick(&catalog::NORD_HOMES);
        let (p, style) = if i == 0 && !taken.contains("Aleksandr Petrov") {
            let mut p = people::ordinary(rng, Origin::Ru, Gender::Male, (30, 55), home, taken);
            p.first = "Aleksandr".into();
            p.last = "Petrov".into();
            (p, Some(NameStyle::UpperLastFirst))
        } else {
            let origin = origin_de(rng);
            let g = people::any_gender(rng);
            (people::ordinary(rng, origin, g, (19, 78), home, taken), None)
        };
        let p = world.add_person(p);
        let acct = open_account(world, rng, Holder::Person(p), Bank::Nordbank, "EUR", style);
        let employer = Some(*rng.pick(&infra.de_employers));
        let mut h = setup_household(world, rng, Customer { person: p, acct, home }, employer);
        h.investor = rng.chance(0.04);
        out.push(Ordinary { h, region: Region::De });
    }

    // Harbour Bank's UK customers.
    for _ in 0..harbour {
        let home = *rng.pick(&catalog::UK_HOMES);
        let g = people::any_gender(rng);
        let p = world.add_person(people::ordinary(rng, Origin::Uk, g, (19, 66), home, taken));
        let acct = open_account(world, rng, Holder::Person(p), Bank::Harbour, "GBP", None);
        let employer = Some(*rng.pick(&infra.uk_employers));
        let h = setup_household(world, rng, Customer { person: p, acct, home }, employer);
        out.push(Ordinary { h, region: Region::Uk });
    }

    // Harbour Bank's euro accounts: people living in Germany who bank with a UK app bank.
    for _ in 0..harbour_eur {
        let homes: [&'static City; 2] = [&catalog::HAMBURG, &catalog::BERLIN];
        let home = *rng.pick(&homes);
        let g = people::any_gender(rng);
        let origin = if rng.chance(0.5) { Origin::Uk } else { Origin::De };
        let mut p = people::ordinary(rng, origin, g, (22, 45), home, taken);
        p.phones = vec![people::mobile(rng, "DE")];
        let p = world.add_person(p);
        let acct = open_account(world, rng, Holder::Person(p), Bank::Harbour, "EUR", None);
        let employer = Some(*rng.pick(&infra.de_employers));
        let mut h = setup_household(world, rng, Customer { person: p, acct, home }, employer);
        h.investor = rng.chance(0.08);
        out.push(Ordinary { h, region: Region::De });
    }

    // Danube Savings' customers in Austria.
    for _ in 0..dan {
        let home = *rng.pick(&catalog::AT_HOMES);
        let origin = origin_at(rng);
        let g = people::any_gender(rng);
        let p = world.add_person(people::ordinary(rng, origin, g, (19, 80), home, taken));
        let acct = open_account(world, rng, Holder::Person(p), Bank::Danube, "EUR", None);
        let employer = Some(*rng.pick(&infra.at_employers));
        let mut h = setup_household(world, rng, Customer { person: p, acct, home }, employer);
        h.investor = rng.chance(0.04);
        out.push(Ordinary { h, region: Region::At });
    }

    // Some records lack a birth date or still carry an old address elsewhere (noise, listed in the truth).
    for o in &out {
        let p = &mut world.persons[o.h.c.person];
        if rng.chance(0.03) {
            p.birth_known = false;
        }
        if rng.chance(0.08) {
            p.old_address = Some(people::address(rng, o.h.c.home));
        }
    }
    for o in &out {
        world.accounts[o.h.c.acct].streamed = true;
    }
    out
}

/// The life of an ordinary customer, built from the customer's own random stream.
pub(crate) fn ordinary_life(world: &World, rng: &mut Rng, infra: &Infra, o: &Ordinary, activity: f64) -> Life {
    match o.region {
        Region::De => {
            let mut life = german_life(world, rng, infra, &o.h, activity);
            if world.accounts[o.h.c.acct].bank() == Some(Bank::Harbour) {
                life.account_fee = None;
            }
            life
        }
        Region::Uk => uk_life(world, rng, infra, &o.h, activity),
        Region::At => austrian_life(world, rng, infra, &o.h, activity),
    }
}
