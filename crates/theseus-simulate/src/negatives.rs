//! Hard negatives: legitimate people and businesses that share one surface feature with an operation and
//! must not be flagged for it. Every world of size small or larger has several of each type
//! ([`crate::Params::hard_negatives`]); the truth lists each with the reason it is legitimate.
//!
//! Types: hotels (hospitality risk sector; the switchboard is a hub phone shared by staff), nail salons and
//! massage spas with staff sharing a flat, cash-heavy small businesses, night-shift workers, frequent
//! business travellers, independent adult advertisers, legitimate seasonal labour agencies (many foreign
//! workers at one address, deductions for housing on the payslip, remittances home), migrants sending money
//! home, and families sharing an address and a landline.

use chrono::{Datelike, Duration};

use crate::ads::{self, Draft, Obfuscation};
use crate::calendar::{self, Zone, date, month_end, roll_back, roll_forward};
use crate::catalog::{self, City};
use crate::iban;
use crate::life::{self, MONTHLY, Payday, QUARTER_ENDS, Recurring, Remittance, Salary};
use crate::people::{self, Origin};
use crate::population::{
    Customer, Infra, german_household, household_for, open_account, other_de_iban, other_iban, payer_name,
    registration, uk_household,
};
use crate::rng::Rng;
use crate::world::{CardRef, Company, Gender, HardNegative, Holder, Kind, Link, Party, Site, World, batch_time};

/// Where the `k`-th instance of a hard negative lives: (city, bank), cycling through the three banks'
/// countries (Harbour only where a UK setting fits).
fn place(k: usize, danube: bool, uk_ok: bool) -> (&'static City, crate::world::Bank) {
    use crate::world::Bank;
    let opts: Vec<(&'static City, Bank)> = {
        let mut v = vec![(&catalog::HAMBURG, Bank::Nordbank)];
        if danube {
            v.push((&catalog::WIEN, Bank::Danube));
        }
        if uk_ok {
            v.push((&catalog::LONDON, Bank::Harbour));
        }
        v.push((&catalog::BREMEN, Bank::Nordbank));
        if danube {
            v.push((&catalog::GRAZ, Bank::Danube));
        }
        v
    };
    opts[k % opts.len()]
}

fn origin_of(city: &City) -> Origin {
    match city.country {
        "GB" => Origin::Uk,
        "AT" => Origin::At,
        _ => Origin::De,
    }
}

fn currency_of(city: &City) -> &'static str {
    if city.country == "GB" { "GBP" } else { "EUR" }
}

/// Creates `n` of each hard-negative type.
pub(crate) fn hard_negatives(world: &mut World, seed: u64, infra: &Infra, n: usize, danube: bool, a: f64) {
    let mut rng = Rng::derive(seed, "negatives");
    let rng = &mut rng;
    for k in 0..n {
        hotel(world, rng, infra, k, danube, a);
        night_worker(world, rng, infra, k, danube, a);
        traveller(world, rng, infra, k, a);
        advertiser(world, rng, infra, k, danube, a);
        remitters(world, rng, infra, k, a);
        family(world, rng, infra, k, danube, a);
        if k > 0 || n > 1 || world.period.months > 6 {
            salon(world, rng, infra, k, danube, a);
            cash_business(world, rng, infra, k, danube, a);
            seasonal_agency(world, rng, infra, k, danube, a);
        }
    }
}

/// The regular outgoings of a small business: payroll to staff at other banks, suppliers by direct
/// debit, VAT, energy, rent, the account fee.
struct Outgoings {
    payroll: Vec<(Party, i64)>,
    suppliers: Vec<(Party, f64)>,
    vat: f64,
    energy: f64,
    rent: Option<(Party, i64)>,
    fee: i64,
}

fn run_outgoings(world: &mut World, rng: &mut Rng, infra: &Infra, acct: usize, zone: Zone, o: &Outgoings) {
    let me = Party::Acct(acct);
    let (tax, power, vat_word, pay_word) = match zone {
        Zone::London => (infra.uk_council, infra.uk_energy, "HMRC VAT", "SALARY"),
        Zone::Vienna => (infra.at_tax, infra.at_power, "UVA", "Gehalt"),
        Zone::Berlin => (infra.tax_office, infra.de_power, "USt-VA", "Gehalt"),
    };
    for (y, m) in world.period.months() {
        let payday = roll_back(zone, month_end(y, m));
        for (p, net) in &o.payroll {
            let utc = batch_time(rng, zone, payday);
            world.transfer(&me, p, utc, *net, Kind::Salary, format!("{pay_word} {m:02}/{y}"), None);
        }
        for (p, median) in &o.suppliers {
            let day = roll_forward(zone, calendar::day_of_month(y, m, 18));
            let utc = batch_time(rng, zone, day);
            let cents = rng.amount(*median, 0.25, 100.0, 20_000.0);
            world.transfer(
                &me,
                p,
                utc,
                cents,
                Kind::DirectDebit,
                format!("Rechnung {}", rng.int(100_000, 999_999)),
                None,
            );
        }
        if let Some((p, rent)) = &o.rent {
            let day = roll_forward(zone, calendar::day_of_month(y, m, 1));
            let utc = batch_time(rng, zone, day);
            world.transfer(&me, p, utc, *rent, Kind::StandingOrder, "Gewerbemiete", None);
        }
        let day = roll_forward(zone, calendar::day_of_month(y, m, 10));
        let utc = batch_time(rng, zone, day);
        let vat = rng.amount(o.vat, 0.2, 100.0, 60_000.0);
        world.transfer(&me, &Party::Acct(tax), utc, vat, Kind::Transfer, format!("{vat_word} {m:02}/{y}"), None);
        let day = roll_forward(zone, calendar::day_of_month(y, m, 15));
        let utc = batch_time(rng, zone, day);
        let energy = rng.amount(o.energy, 0.15, 50.0, 8000.0);
        world.transfer(&me, &Party::Acct(power), utc, energy, Kind::DirectDebit, "Abschlag Strom/Gas Gewerbe", None);
        world.fee(
            acct,
            batch_time(rng, zone, payday),
            o.fee,
            format!("Kontoführungsentgelt Geschäftskonto {m:02}/{y}"),
        );
    }
}

/// Daily card takings settled by the acquirer: log-normal around `median` a day, Monday's settlement
/// carrying the weekend, a seasonal factor rising into summer.
fn settlements(world: &mut World, rng: &mut Rng, infra: &Infra, acct: usize, zone: Zone, median: f64, tid: u32) {
    let me = Party::Acct(acct);
    let acquirer = Party::Acct(infra.acquirer);
    let season = [0.7, 0.75, 0.9, 1.0, 1.15, 1.3, 1.35, 1.3, 1.1, 0.95, 0.85, 1.05];
    let mut batch = 0;
    for day in life::business_days(world, zone, world.start()) {
        let f = season[(day.month() - 1) as usize];
        let days_covered = if day.weekday() == chrono::Weekday::Mon { 3.0 } else { 1.0 };
        let cents = rng.amount(median * f * days_covered, 0.3, 20.0, 60_000.0);
        batch += 1;
        let memo =
            format!("Kartenumsätze {} TID {tid} ABR.NR {batch:05}", (day - Duration::days(1)).format("%d.%m.%Y"));
        let utc = batch_time(rng, zone, day);
        world.transfer(&acquirer, &me, utc, cents, Kind::Settlement, memo, None);
    }
}

fn company(world: &mut World, rng: &mut Rng, name: String, city: &City, phone: Option<String>) -> usize {
    let reg = registration(rng, city.country);
    let address = people::address(rng, city);
    world.add_company(Company {
        id: String::new(),
        name,
        registration: reg,
        jurisdiction: match city.country {
            "GB" => "GB",
            "AT" => "AT",
            _ => "DE",
        },
        address,
        phone,
        in_registry: true,
    })
}

/// A legitimate hotel: card settlements every business day, real payroll, suppliers. Its switchboard number
/// is the registered phone of five staff, a hub identifier that must not merge them.
fn hotel(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, danube: bool, a: f64) {
    let (city, bank) = place(k, danube, false);
    const NAMES: [&str; 6] = [
        "Hotel Alsterblick",
        "Hotel Stephansplatz",
        "Hotel Weserufer",
        "Parkhotel Murinsel",
        "Hotel Hafenkante",
        "Hotel Belvedere",
    ];
    let name = format!("{} GmbH", NAMES[k % NAMES.len()]);
    let switchboard = people::landline(rng, city);
    let hotel = company(world, rng, name, city, Some(switchboard.clone()));
    let hotel_acct = open_account(world, rng, Holder::Company(hotel), bank, "EUR", None);
    world.accounts[hotel_acct].opening = 4_500_000;
    let mut staff = vec![];
    let roles = ["Hotelmanagerin", "Rezeption", "Rezeption", "Night Audit", "Housekeeping"];
    for (i, role) in roles.iter().enumerate() {
        let origin = if i == 4 { Origin::Tr } else { origin_of(city) };
        let g = if i == 3 { Gender::Male } else { people::any_gender(rng) };
        let mut p = people::person(world, rng, origin, g, (21, 58), city, false);
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
    // The manager and a receptionist bank at the same bank and are paid from the hotel's account.
    for &s in &staff[..2] {
        let acct = open_account(world, rng, Holder::Person(s), bank, "EUR", None);
        let mut life = household_for(world, rng, infra, Customer { person: s, acct, home: city }, None, a);
        let net = if s == staff[0] { 420_000 } else { rng.amount(2050.0, 0.1, 1700.0, 2600.0) };
        life.salary = Some(Salary {
            from: hotel_acct,
            net,
            payday: Payday::LastBusinessDay,
            varies: false,
            staff_no: rng.int(100, 999) as u32,
            pension: false,
            bonus: 0,
        });
        life::live(world, rng, &life);
    }
    // The rest of the payroll goes to staff at other banks.
    let mut payroll: Vec<(Party, i64)> = vec![];
    for &s in &staff[2..] {
        let iban = other_iban(world, rng, city);
        payroll.push((
            Party::ext(world.persons[s].name(), Some(iban), city.country),
            rng.amount(2100.0, 0.1, 1700.0, 2600.0),
        ));
    }
    for _ in 0..3 {
        let iban = other_iban(world, rng, city);
        payroll.push((Party::ext(payer_name(rng), Some(iban), city.country), rng.amount(2000.0, 0.12, 1500.0, 2800.0)));
    }
    settlements(world, rng, infra, hotel_acct, city.zone, 3200.0, 48_213_307 + k as u32);
    let mut suppliers = vec![];
    for (name, median) in
        [("Wäscherei Elbe GmbH", 3700.0), ("Getränke Nord GmbH", 2400.0), ("Frischdienst GmbH", 5200.0)]
    {
        let iban = other_iban(world, rng, city);
        suppliers.push((Party::ext(name, Some(iban), city.country), median));
    }
    let nl = iban::make("NL", &format!("ABNA{:010}", rng.int(0, 9_999_999_999)));
    suppliers.push((Party::ext("TRAVELBOOK B.V.", Some(nl), "NL"), 6200.0));
    let o = Outgoings { payroll, suppliers, vat: 9500.0, energy: 2400.0, rent: None, fee: 2490 };
    run_outgoings(world, rng, infra, hotel_acct, city.zone, &o);
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

/// A night-shift worker (nurse, security guard): cash at night, but at one machine near work, with a
/// salary, no third-party credits and nothing forwarded.
fn night_worker(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, danube: bool, a: f64) {
    let (city, bank) = place(k, danube, true);
    let g = if k.is_multiple_of(2) { Gender::Female } else { Gender::Male };
    let mut p = people::person(world, rng, origin_of(city), g, (26, 55), city, false);
    p.profession = Some(
        match (city.country, g) {
            ("GB", _) => "Night nurse",
            (_, Gender::Female) => "Gesundheits- und Krankenpflegerin",
            _ => "Sicherheitsmitarbeiter",
        }
        .into(),
    );
    let employer = match city.country {
        "GB" => infra.uk_employers[4],
        "AT" => infra.at_employers[2],
        _ => infra.de_employers[2],
    };
    let person = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(person), bank, currency_of(city), None);
    let mut life = household_for(world, rng, infra, Customer { person, acct, home: city }, Some(employer), a);
    if let Some(s) = life.salary.as_mut() {
        s.varies = true; // shift allowances
    }
    life.atm_per_month = 4.0;
    life.atm_night_share = 0.65;
    life.night_rides = 0.0;
    life::live(world, rng, &life);
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(person)],
        kind: "night_cash",
        why: "Night-shift worker: frequent ATM withdrawals between 22:00 and 06:00, always in the home city, with a salary and no inflows from third parties.",
    });
}

/// A consultant who travels every month: many hotel nights and flights, with a salary and expense refunds.
fn traveller(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, a: f64) {
    let g = people::any_gender(rng);
    let home: &'static City = if k.is_multiple_of(2) { &catalog::LONDON } else { &catalog::MANCHESTER };
    let mut p = people::person(world, rng, Origin::Uk, g, (30, 55), home, false);
    p.profession = Some("Management consultant".into());
    let t = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(t), crate::world::Bank::Harbour, "GBP", None);
    let employer = infra.uk_employers[1];
    let mut life = uk_household(world, rng, infra, Customer { person: t, acct, home }, employer, a);
    if let Some(s) = life.salary.as_mut() {
        s.net = 520_000;
    }
    life::live(world, rng, &life);
    let destinations: [&'static City; 8] = [
        &catalog::FRANKFURT,
        &catalog::MUENCHEN,
        &catalog::BERLIN,
        &catalog::MANCHESTER,
        &catalog::LEEDS,
        &catalog::HAMBURG,
        &catalog::WIEN,
        &catalog::SALZBURG,
    ];
    let eur_rate = 1.16; // EUR per GBP, fixed for the period
    for (y, m) in world.period.months() {
        let mut spent_month = 0i64;
        for _ in 0..rng.int(2, 3) {
            let Some(out) = life::day_in(rng, y, m, world.start()) else { continue };
            let dest = *rng.pick(&destinations);
            let nights = rng.int(1, 3);
            if out + Duration::days(nights) > world.end() {
                continue;
            }
            // Flight booked a week or two ahead; hotel paid at check-out.
            let booked = (out - Duration::days(rng.int(5, 15))).max(world.start());
            let fare = rng.amount(260.0, 0.4, 90.0, 900.0);
            let airline = *rng.pick(&catalog::AIRLINES);
            world.card(acct, home, calendar::at(rng, booked, 9.0, 18.0), fare, airline, 4511, None);
            spent_month += fare;
            let checkout = out + Duration::days(nights);
            let per_night = rng.lognormal(165.0, 0.2);
            let hotel_name = format!("{} {}", rng.pick(&catalog::BUSINESS_HOTELS), crate::text::swift_upper(dest.name));
            let local = calendar::at(rng, checkout, 7.0, 10.5);
            let native = (per_night * nights as f64 * 100.0).round() as i64;
            if dest.country != "GB" {
                let gbp = (native as f64 / eur_rate).round() as i64;
                let i = world.card(acct, dest, local, gbp, hotel_name, 7011, None);
                world.postings[i].memo = format!("EUR {} @ {eur_rate:.4}", crate::text::en_amount(native)).into();
                let fee = (gbp as f64 * 0.0275).round() as i64;
                let utc = world.postings[i].utc + Duration::minutes(1);
                world.fee(acct, utc, fee, "NON-STERLING TRANSACTION FEE");
                spent_month += gbp + fee;
            } else {
                world.card(acct, dest, local, native, hotel_name, 7011, None);
                spent_month += native;
            }
            // A taxi from the airport or station.
            let taxi = rng.amount(28.0, 0.3, 10.0, 90.0);
            world.card(acct, dest, calendar::at(rng, out, 9.0, 20.0), taxi, "CITY TAXI", 4121, None);
            spent_month += taxi;
        }
        // Expenses are refunded with the next payroll run.
        let refund_day = roll_back(Zone::London, calendar::day_of_month(y, m, 27));
        if spent_month > 0 {
            let utc = batch_time(rng, Zone::London, refund_day);
            let memo = format!("EXPENSES {}", life::month_name(true, m));
            world.transfer(&Party::Acct(employer.1), &Party::Acct(acct), utc, spent_month, Kind::Transfer, memo, None);
        }
    }
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(t)],
        kind: "frequent_traveller",
        why: "Consultant with a salary who stays in business hotels (MCC 7011) and flies (MCC 4511) every month, several cities a month, expenses refunded by the employer.",
    });
}

/// An independent adult-service advertiser: pays the same ad site, has client payments, but keeps the money.
fn advertiser(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, danube: bool, a: f64) {
    let (city, bank) = place(k, danube, false);
    let g = if k % 3 == 2 { Gender::Male } else { Gender::Female };
    let mut p = people::person(world, rng, origin_of(city), g, (24, 42), city, false);
    p.profession = Some("Selbstständig".into());
    let phone = p.phones[0].clone();
    let email = p.email.clone().unwrap_or_default();
    let first = p.first.clone();
    let age = ((world.start() - p.birth).num_days() / 365) as u32;
    let adv = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(adv), bank, "EUR", None);
    let mut life = household_for(world, rng, infra, Customer { person: adv, acct, home: city }, None, a);
    life.salary = None;
    let (health, tax) =
        if city.country == "AT" { (infra.at_insurance, infra.at_tax) } else { (infra.de_health, infra.tax_office) };
    life.recurring.push(Recurring {
        to: Party::Acct(health),
        cents: 43_580,
        day: 1,
        memo: "Beitrag freiwillige Versicherung Selbstständige".into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life.recurring.push(Recurring {
        to: Party::Acct(tax),
        cents: 180_000,
        day: 10,
        memo: "ESt-Vorauszahlung StNr 43/765/01234".into(),
        kind: Kind::Transfer,
        months: QUARTER_ENDS,
    });
    life::live(world, rng, &life);
    let ip = format!("198.51.100.{}", rng.int(2, 254));
    let poster = ads::poster(
        world,
        Site::EscortDir,
        Some(Holder::Person(adv)),
        vec![email.clone()],
        vec![phone.clone()],
        vec![ip],
        vec![CardRef::Account(acct)],
        None,
    );
    let photos = ads::images(rng, 5);
    let me = Party::Acct(acct);
    for (y, m) in world.period.months() {
        // Ads: two or three a month, in the site's unit prices.
        for _ in 0..rng.int(2, 3) {
            let Some(day) = life::day_in(rng, y, m, world.start()) else { continue };
            let (title, body) = ads::independent_ad(rng, &first, age, city);
            let imgs = ads::some_images(rng, &photos, 3);
            let local = calendar::at(rng, day, 10.0, 19.0);
            let fee = *rng.pick(&[2400, 3600, 2400]);
            let mail = if rng.chance(0.5) { Some(email.clone()) } else { None };
            ads::post(
                world,
                rng,
                Draft {
                    poster,
                    city,
                    local,
                    title,
                    body,
                    phone: Some((phone.clone(), Obfuscation::Plain)),
                    email: mail,
                    images: imgs,
                    fee: Some((fee, 0)),
                    op: None,
                    subject: Some(adv),
                    tag: None,
                },
            );
        }
        // Clients pay some bookings by instant transfer, mostly regulars, in the afternoon and evening.
        let regulars: Vec<String> = (0..4).map(|_| payer_name(rng)).collect();
        for _ in 0..rng.int(3, 6) {
            let Some(day) = life::day_in(rng, y, m, world.start()) else { continue };
            let name = if rng.chance(0.6) { rng.pick(&regulars).clone() } else { payer_name(rng) };
            let iban = other_iban(world, rng, city);
            let from = Party::ext(name, Some(iban), city.country);
            let cents = rng.round_amount(200.0, 0.3, 10, 100, 600);
            let local = calendar::at(rng, day, 11.0, 21.0);
            world.transfer(&from, &me, city.zone.to_utc(local), cents, Kind::Instant, "Termin", None);
        }
        // Cash takings go into her own account at her branch, in opening hours.
        for _ in 0..2 {
            let Some(day) = life::day_in(rng, y, m, world.start()) else { continue };
            let day = roll_forward(city.zone, day).min(world.end());
            let cents = rng.round_amount(900.0, 0.35, 10, 200, 3000);
            world.deposit(acct, city, calendar::at(rng, day, 10.0, 17.0), cents, None);
        }
    }
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(adv)],
        kind: "independent_advertiser",
        why: "Self-employed adult-service advertiser on the same ad site: ad fees in unit prices, client payments by transfer, but own phone written plainly, first-person ads, daytime cash deposits at the home branch, own rent, health insurance and tax, and nothing forwarded to anyone.",
    });
}

/// Migrant workers sending money home every month: the THB-origin corridors, legitimately.
fn remitters(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, a: f64) {
    use crate::world::Bank;
    // A Romanian construction worker in Germany.
    let mut p = people::person(world, rng, Origin::Ro, Gender::Male, (24, 50), &catalog::HAMBURG, false);
    p.profession = Some("Bauarbeiter".into());
    p.phones = vec![people::mobile(rng, "DE")];
    let worker = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(worker), Bank::Nordbank, "EUR", None);
    let bau = infra.de_employers[3];
    let home = &catalog::HAMBURG;
    let mut life = german_household(world, rng, infra, Customer { person: worker, acct, home }, Some(bau), a);
    let relative = people::person(world, rng, Origin::Ro, Gender::Female, (45, 70), home, false);
    life.remittance = Some(Remittance { to: relative.name(), country: "RO", town: "Bacău", median: 320.0 });
    life::live(world, rng, &life);
    world.negatives.push(HardNegative {
        who: vec![Holder::Person(worker)],
        kind: "remittances_to_origin_country",
        why: "Romanian construction worker with a salary who sends about 300 EUR a month to his family in Romania by money transfer operator: the corridor of an operation, but his own earned money to one relative.",
    });
    // A Polish worker in Manchester doing the same from the UK.
    let home: &'static City = if k.is_multiple_of(2) { &catalog::MANCHESTER } else { &catalog::BIRMINGHAM };
    let mut p = people::person(world, rng, Origin::Pl, Gender::Male, (24, 50), home, false);
    p.phones = vec![people::mobile(rng, "GB")];
    let pl = world.add_person(p);
    let acct = open_account(world, rng, Holder::Person(pl), Bank::Harbour, "GBP", None);
    let foods = infra.uk_employers[2];
    let mut life = uk_household(world, rng, infra, Customer { person: pl, acct, home }, foods, a);
    life.remittance = Some(Remittance {
        to: format!("Halina {}", world.persons[pl].last),
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
}

/// A family of four with one landline and one address in the registry: shared identifiers, not a network.
fn family(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, danube: bool, a: f64) {
    let (city, bank) = place(k, danube, false);
    let landline = people::landline(rng, city);
    let addr = people::address(rng, city);
    type Member = (&'static str, Gender, (i32, u32, u32));
    let (last, nat, members): (&str, &'static str, [Member; 4]) = match k % 3 {
        0 => (
            "Yılmaz",
            "TR",
            [
                ("Mehmet", Gender::Male, (1977, 3, 14)),
                ("Ayşe", Gender::Female, (1980, 8, 2)),
                ("Emre", Gender::Male, (2005, 11, 23)),
                ("Elif", Gender::Female, (2009, 6, 5)),
            ],
        ),
        1 => (
            "Kovačević",
            "BA",
            [
                ("Dragan", Gender::Male, (1975, 1, 30)),
                ("Jasmina", Gender::Female, (1978, 9, 12)),
                ("Luka", Gender::Male, (2004, 4, 2)),
                ("Mia", Gender::Female, (2010, 12, 19)),
            ],
        ),
        _ => (
            "Nowak",
            "PL",
            [
                ("Piotr", Gender::Male, (1982, 6, 7)),
                ("Agnieszka", Gender::Female, (1984, 2, 21)),
                ("Kacper", Gender::Male, (2006, 7, 15)),
                ("Zofia", Gender::Female, (2011, 3, 3)),
            ],
        ),
    };
    let mut ids = vec![];
    for (first, g, born) in members {
        let mut p = people::named(rng, first, last, g, nat, born);
        p.phones = vec![landline.clone()];
        p.address = Some(addr.clone());
        if born.0 > 2008 {
            p.email = None;
        }
        ids.push(world.add_person(p));
    }
    let local_nat = if city.country == "AT" { "AT" } else { "DE" };
    world.persons[ids[2]].nationality = local_nat;
    world.persons[ids[3]].nationality = local_nat;
    world.links.push(Link::Family { person: ids[0], relative: ids[1], relationship: "spouse" });
    for parent in [ids[0], ids[1]] {
        for child in [ids[2], ids[3]] {
            world.links.push(Link::Family { person: parent, relative: child, relationship: "child" });
        }
    }
    let father = open_account(world, rng, Holder::Person(ids[0]), bank, "EUR", None);
    let mother = open_account(world, rng, Holder::Person(ids[1]), bank, "EUR", None);
    let employers = if city.country == "AT" { &infra.at_employers } else { &infra.de_employers };
    let mut life =
        household_for(world, rng, infra, Customer { person: ids[0], acct: father, home: city }, Some(employers[0]), a);
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
    let mut life = household_for(
        world,
        rng,
        infra,
        Customer { person: ids[1], acct: mother, home: city },
        Some(employers[4 % employers.len()]),
        a,
    );
    if let Some(s) = life.salary.as_mut() {
        s.net = s.net * 45 / 100; // part-time
    }
    life.recurring
        .retain(|r| !r.memo.starts_with("DA Miete") && !r.memo.starts_with("Miete") && !r.memo.starts_with("Rundfunk"));
    let child_iban = other_iban(world, rng, city);
    life.family = Some((
        Party::ext(format!("{} {}", members[2].0, crate::text::latin1ish(last)), Some(child_iban), city.country),
        80.0,
    ));
    life::live(world, rng, &life);
    world.negatives.push(HardNegative {
        who: ids.iter().map(|&i| Holder::Person(i)).collect(),
        kind: "shared_phone_family",
        why: "Parents and two children registered with one landline and one address: a household, linked by family ties, not a controller's number.",
    });
}

/// A nail salon or massage spa run by its owner with three or four staff of the same origin who share a
/// flat: card takings in the evening, a real payroll, supplies, rent.
fn salon(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, danube: bool, a: f64) {
    let (city, bank) = place(k + 1, danube, true);
    let nails = k.is_multiple_of(2);
    let origin = if nails { Origin::Vn } else { origin_of(city) };
    let name = if nails {
        format!(
            "{} Nails & Beauty {}",
            ["Lotus", "Saigon", "Golden", "Pearl"][k % 4],
            if city.country == "GB" { "Ltd" } else { "e.K." }
        )
    } else {
        format!(
            "{} Massage & Wellness {}",
            ["Oase", "Harmonie", "Zen", "Balance"][k % 4],
            if city.country == "GB" { "Ltd" } else { "GmbH" }
        )
    };
    let phone = people::landline(rng, city);
    let co = company(world, rng, name, city, Some(phone));
    let co_acct = open_account(world, rng, Holder::Company(co), bank, currency_of(city), None);
    world.accounts[co_acct].opening = 800_000;
    let mut owner = people::person(world, rng, origin, Gender::Female, (32, 55), city, true);
    owner.profession = Some(if nails { "Nageldesignerin" } else { "Masseurin" }.into());
    let owner = world.add_person(owner);
    world.links.push(Link::Directorship { director: owner, company: co, role: "Inhaberin", since: date(2018, 5, 1) });
    world.links.push(Link::Ownership {
        owner: Holder::Person(owner),
        asset: crate::world::Owned::Company(co),
        since: Some(date(2018, 5, 1)),
    });
    let o_acct = open_account(world, rng, Holder::Person(owner), bank, currency_of(city), None);
    let mut life = household_for(world, rng, infra, Customer { person: owner, acct: o_acct, home: city }, None, a);
    life.salary = Some(Salary {
        from: co_acct,
        net: 280_000,
        payday: Payday::LastBusinessDay,
        varies: false,
        staff_no: 1,
        pension: false,
        bonus: 0,
    });
    life::live(world, rng, &life);
    // Staff share a flat: one address, different surnames, each with a contract and a wage.
    let flat = people::address(rng, city);
    let mut staff = vec![owner];
    let mut payroll = vec![];
    for i in 0..rng.int(3, 4) {
        let g = if nails || i % 2 == 0 { Gender::Female } else { Gender::Male };
        let mut p = people::person(world, rng, origin, g, (20, 45), city, true);
        p.address = Some(flat.clone());
        p.profession = Some(if nails { "Nageldesignerin" } else { "Masseur/in" }.into());
        let s = world.add_person(p);
        world.links.push(Link::Employment { employee: s, employer: co, role: "employee" });
        staff.push(s);
        let iban = other_iban(world, rng, city);
        payroll.push((
            Party::ext(world.persons[s].name(), Some(iban), city.country),
            rng.amount(1750.0, 0.1, 1450.0, 2300.0),
        ));
    }
    // Takings: evening-heavy, settled daily.
    settlements(world, rng, infra, co_acct, city.zone, 650.0, 48_900_000 + k as u32);
    let iban = other_iban(world, rng, city);
    let suppliers = vec![(Party::ext("Beauty Supply Großhandel GmbH", Some(iban), city.country), 900.0)];
    let landlord_iban = other_iban(world, rng, city);
    let rent = Some((Party::ext("Immobilienverwaltung Süd GmbH", Some(landlord_iban), city.country), 240_000));
    let o = Outgoings { payroll, suppliers, vat: 1900.0, energy: 260.0, rent, fee: 1490 };
    run_outgoings(world, rng, infra, co_acct, city.zone, &o);
    world.negatives.push(HardNegative {
        who: vec![Holder::Company(co), Holder::Person(owner)],
        kind: if nails { "nail_salon" } else { "massage_spa" },
        why: "Legitimate salon: card takings settled daily including evenings, a full payroll with contracts, supplies, rent and VAT; the owner draws a salary. Massage and nail businesses are a THB risk sector; this one is clean.",
    });
    world.negatives.push(HardNegative {
        who: staff[1..].iter().map(|&s| Holder::Person(s)).collect(),
        kind: "shared_address_staff",
        why: "Salon staff of one nationality sharing a rented flat: one address, different surnames, each paid a full wage to an own account.",
    });
}

/// A cash-heavy small business (snack bar, kiosk): daily cash deposits at the home branch in business
/// hours, some card takings, payroll, wholesale supplies and VAT.
fn cash_business(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, danube: bool, a: f64) {
    let (city, bank) = place(k + 2, danube, true);
    let name = format!(
        "{} {}",
        ["Anadolu Grill", "Kiosk am Markt", "Bosporus Imbiss", "Corner Shop", "Istanbul Kebap"][k % 5],
        if city.country == "GB" { "Ltd" } else { "e.K." }
    );
    let phone = people::landline(rng, city);
    let co = company(world, rng, name, city, Some(phone));
    let co_acct = open_account(world, rng, Holder::Company(co), bank, currency_of(city), None);
    world.accounts[co_acct].opening = 600_000;
    let mut owner = people::person(world, rng, Origin::Tr, Gender::Male, (30, 60), city, true);
    owner.profession = Some("Gastronom".into());
    let owner = world.add_person(owner);
    world.links.push(Link::Directorship { director: owner, company: co, role: "Inhaber", since: date(2015, 3, 1) });
    let o_acct = open_account(world, rng, Holder::Person(owner), bank, currency_of(city), None);
    let mut life = household_for(world, rng, infra, Customer { person: owner, acct: o_acct, home: city }, None, a);
    life.salary = Some(Salary {
        from: co_acct,
        net: 310_000,
        payday: Payday::LastBusinessDay,
        varies: false,
        staff_no: 1,
        pension: false,
        bonus: 0,
    });
    life::live(world, rng, &life);
    // Cash paid in most business days, in opening hours, at the home branch.
    for day in life::business_days(world, city.zone, world.start()) {
        if rng.chance(0.8) {
            let cents = rng.round_amount(780.0, 0.35, 10, 150, 3000);
            world.deposit(co_acct, city, calendar::at(rng, day, 10.0, 17.5), cents, None);
        }
    }
    settlements(world, rng, infra, co_acct, city.zone, 180.0, 49_100_000 + k as u32);
    let mut payroll = vec![];
    for _ in 0..3 {
        let iban = other_iban(world, rng, city);
        payroll.push((Party::ext(payer_name(rng), Some(iban), city.country), rng.amount(1600.0, 0.15, 900.0, 2200.0)));
    }
    let iban = other_iban(world, rng, city);
    let suppliers = vec![(Party::ext("Metro Großhandel", Some(iban), city.country), 6500.0)];
    let landlord_iban = other_iban(world, rng, city);
    let rent = Some((Party::ext("Hausverwaltung Mitte", Some(landlord_iban), city.country), 180_000));
    let o = Outgoings { payroll, suppliers, vat: 2600.0, energy: 620.0, rent, fee: 1990 };
    run_outgoings(world, rng, infra, co_acct, city.zone, &o);
    world.negatives.push(HardNegative {
        who: vec![Holder::Company(co)],
        kind: "cash_intensive_business",
        why: "Snack bar or kiosk: mostly cash revenue paid in almost every business day at its own branch in opening hours, alongside card takings, a payroll, wholesale supplies and VAT. Cash-heavy, not a front.",
    });
}

/// A licensed seasonal labour agency: foreign harvest workers with contracts, paid at least the minimum
/// wage to their own accounts, housing deducted on the payslip, living together in the agency's housing,
/// sending money home.
fn seasonal_agency(world: &mut World, rng: &mut Rng, infra: &Infra, k: usize, danube: bool, a: f64) {
    let (city, bank) = {
        let (c, b) = place(k, danube, false);
        if c.country == "GB" { (&catalog::BREMEN, crate::world::Bank::Nordbank) } else { (c, b) }
    };
    let name = format!(
        "{} Saisonpersonal {}",
        ["Agrar", "Feldfrisch", "Obstland", "Weinviertel", "Marschland"][k % 5],
        if city.country == "AT" { "GmbH" } else { "GmbH & Co. KG" }
    );
    let phone = people::landline(rng, city);
    let co = company(world, rng, name.clone(), city, Some(phone.clone()));
    let co_acct = open_account(world, rng, Holder::Company(co), bank, "EUR", None);
    world.accounts[co_acct].opening = 6_000_000;
    let g = people::any_gender(rng);
    let mut dir = people::person(world, rng, origin_of(city), g, (40, 62), city, true);
    dir.profession = Some("Geschäftsführer".into());
    let dir = world.add_person(dir);
    world.links.push(Link::Directorship {
        director: dir,
        company: co,
        role: "Geschäftsführer",
        since: date(2012, 1, 1),
    });
    // The season: April to October, within the period.
    let season_start = date(world.start().year(), 4, 1).max(world.start());
    let season_end = date(world.start().year(), 10, 31).min(world.end());
    let housing = format!(
        "{} {}, {} {} (Unterkunft)",
        rng.pick(&["Hofweg", "Am Gutshof", "Feldstraße"]),
        rng.int(1, 20),
        city.postcode,
        city.name
    );
    let n = rng.int(10, 16) as usize;
    let mut workers = vec![];
    let me = Party::Acct(co_acct);
    if season_start < season_end {
        for _ in 0..n {
            let origin = *rng.pick(&[Origin::Ro, Origin::Pl, Origin::Bg]);
            let g = if rng.chance(0.7) { Gender::Male } else { Gender::Female };
            let mut p = people::person(world, rng, origin, g, (19, 55), city, true);
            p.address = Some(housing.clone());
            p.profession = Some("Saisonarbeitskraft".into());
            p.phones = vec![people::mobile(rng, origin.nationality())];
            let w = world.add_person(p);
            world.links.push(Link::Employment { employee: w, employer: co, role: "seasonal worker" });
            let acct = open_account(world, rng, Holder::Person(w), bank, "EUR", None);
            world.accounts[acct].opening = 0;
            world.accounts[acct].opened = season_start - Duration::days(rng.int(1, 10));
            let mut life = crate::life::Life::new(rng, acct, city, 0.5 * a, season_start);
            life.car = false;
            life.atm_per_month = 2.0;
            let gross_net = rng.amount(1950.0, 0.08, 1750.0, 2400.0);
            life.remittance = Some(Remittance {
                to: format!("{} {}", rng.pick(&["Maria", "Elena", "Anna", "Ion", "Jan"]), world.persons[w].last),
                country: origin.nationality(),
                town: match origin {
                    Origin::Pl => "Lublin",
                    Origin::Bg => "Pleven",
                    _ => "Suceava",
                },
                median: 600.0,
            });
            // Wages: paid monthly during the season to the worker's own account, housing deducted openly.
            for (y, m) in world.period.months() {
                let payday = roll_back(city.zone, month_end(y, m));
                if payday < season_start || payday > season_end + Duration::days(31) {
                    continue;
                }
                let utc = batch_time(rng, city.zone, payday);
                let memo = format!("Lohn {m:02}/{y} abzgl. Unterkunft 240,00 Pers.Nr. {}", 7000 + workers.len());
                world.transfer(&me, &Party::Acct(acct), utc, gross_net, Kind::Salary, memo, None);
            }
            life::live(world, rng, &life);
            workers.push(w);
        }
        // Social insurance and wage tax on the 15th, invoices to the farms paid by them.
        let (health, tax) =
            if city.country == "AT" { (infra.at_insurance, infra.at_tax) } else { (infra.de_health, infra.tax_office) };
        let farms: Vec<Party> = (0..3)
            .map(|i| {
                let iban = other_de_iban(world, rng);
                Party::ext(
                    format!(
                        "{} Hof {}",
                        ["Obstbau", "Gemüsebau", "Weingut"][i],
                        payer_name(rng).split(' ').nth(1).unwrap_or("Meyer")
                    ),
                    Some(iban),
                    city.country,
                )
            })
            .collect();
        for (y, m) in world.period.months() {
            let mid = roll_forward(city.zone, calendar::day_of_month(y, m, 15));
            if mid < season_start || mid > season_end + Duration::days(45) {
                continue;
            }
            let utc = batch_time(rng, city.zone, mid);
            let sv = (n as i64) * rng.amount(780.0, 0.05, 600.0, 900.0);
            world.transfer(
                &me,
                &Party::Acct(health),
                utc,
                sv,
                Kind::DirectDebit,
                format!("Beitragsnachweis SV {m:02}/{y}"),
                None,
            );
            let lst = (n as i64) * rng.amount(120.0, 0.1, 60.0, 200.0);
            world.transfer(
                &me,
                &Party::Acct(tax),
                utc,
                lst,
                Kind::Transfer,
                format!("Lohnsteuer-Anmeldung {m:02}/{y}"),
                None,
            );
            for f in &farms {
                let day = roll_forward(city.zone, calendar::day_of_month(y, m, 20));
                let cents = (n as i64) * rng.amount(1400.0, 0.1, 1000.0, 2000.0);
                world.transfer(
                    f,
                    &me,
                    batch_time(rng, city.zone, day),
                    cents,
                    Kind::Transfer,
                    format!("Rechnung Personalgestellung {m:02}/{y}"),
                    None,
                );
            }
        }
    }
    // Job ads on the classifieds site: the labour-ad words, with a named employer and a contract.
    let email = format!(
        "jobs@{}.example",
        crate::text::swift_upper(&name)
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(16)
            .collect::<String>()
    );
    let poster = ads::poster(
        world,
        Site::QuickMarkt,
        Some(Holder::Company(co)),
        vec![email.clone()],
        vec![phone.clone()],
        vec![format!("192.0.2.{}", rng.int(2, 254))],
        vec![CardRef::Account(co_acct)],
        None,
    );
    let first_ad = (season_start - Duration::days(45)).max(world.start());
    let mut d = first_ad;
    while d < season_start.max(first_ad + Duration::days(1)) && d <= world.end() {
        let (title, body) = ads::legit_job_ad(rng, &name, city);
        let local = calendar::at(rng, d, 9.0, 17.0);
        ads::post(
            world,
            rng,
            Draft {
                poster,
                city,
                local,
                title,
                body,
                phone: Some((phone.clone(), Obfuscation::Plain)),
                email: Some(email.clone()),
                images: vec![],
                fee: Some((990, 0)),
                op: None,
                subject: None,
                tag: None,
            },
        );
        d += Duration::days(rng.int(7, 12));
    }
    let mut who = vec![Holder::Company(co)];
    who.extend(workers.iter().map(|&w| Holder::Person(w)));
    world.negatives.push(HardNegative {
        who,
        kind: "seasonal_labour_agency",
        why: "Licensed seasonal labour agency: foreign harvest workers of the same nationalities share the agency's housing (one address), job ads promise accommodation and transport with deductions, but every worker has a contract and is paid at least the minimum wage to an own account that nobody else operates, housing is deducted openly on the payslip, social insurance and wage tax are paid, and the workers send their own money home.",
    });
}
