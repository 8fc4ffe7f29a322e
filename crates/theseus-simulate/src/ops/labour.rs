//! Labour exploitation in construction, agriculture, cleaning or care.
//!
//! Who is in it and what they leave in the evidence (at full trace):
//! - **Complicit business**: a front company (subcontractor) that invoices a client for the workers'
//!   labour, pays wages far below the minimum to the workers' accounts, almost no social insurance or wage
//!   tax, and sends money to its beneficial owner. Organised groups put a straw director in front.
//! - **Exploiter/controller**: the beneficial owner. Workers' wages come back to his account within days
//!   ("Miete", "Vorschuss", "Transport"), some workers' wages are paid straight into his account (several
//!   people's wages in one account), and he pays the recruiter per worker. The workers' accounts were opened
//!   by him: in the registry they carry his phone and the dormitory's address.
//! - **Victims**: workers from Romania, Bulgaria, Ukraine and Poland, men in construction and agriculture,
//!   women in cleaning and care. A recruitment fee to the agency in the first weeks (debt), a wage of
//!   900–1,300 EUR (net, full time), 70–90 % of it moved back to the controller within three days, little
//!   spending of their own. All registered at one address.
//! - **Recruiter**: an agency abroad posting job ads on the classifieds site with the labour-ad indicators;
//!   paid a fee per worker and monthly commissions.
//! - **Transporter**: minibus driver, fuel at dawn, paid by the front.
//! - **Facilitator**: the dormitory's landlord, paid by the front; in organised groups the straw director.
//!
//! Careful operations (low trace) pay wages and take them back in cash (withdrawn by the workers, handed
//! over: unbanked), pay no wages into the controller's account and post ads with a card from abroad.

use chrono::{Datelike, Duration, NaiveDate};

use super::Op;
use crate::ads::{self, Draft, Obfuscation};
use crate::calendar::{self, date, month_end, roll_back, roll_forward};
use crate::catalog::{self, City};
use crate::life::{self, Life, Remittance};
use crate::people::{self, Origin};
use crate::phones;
use crate::population::{self, Customer, Infra, open_account};
use crate::rng::Rng;
use crate::text::NameStyle;
use crate::world::{
    Account, Asset, CardRef, Company, Domicile, Gender, Holder, Kind, Link, Owned, Party, Site, World, batch_time,
};

const SECTORS: [&str; 4] = ["construction", "agriculture", "cleaning", "care"];

/// Injects one labour-exploitation operation.
pub(crate) fn inject(world: &mut World, rng: &mut Rng, infra: &Infra, op: &Op) {
    let sector = SECTORS[op.i % SECTORS.len()];
    let home = op.base.home;
    let zone = home.zone;
    let at = home.country == "AT";
    let local_origin = if at { Origin::At } else { Origin::De };

    // The controller: a woman runs the cleaning and care rings.
    let xg = if matches!(sector, "cleaning" | "care") { Gender::Female } else { Gender::Male };
    let xo = *rng.pick(&[local_origin, Origin::Ro, Origin::Pl]);
    let mut xp = people::person(world, rng, xo, xg, (32, 55), home, true);
    xp.profession = Some("Unternehmer/in".into());
    let x_phone = xp.phones[0].clone();
    let x = world.add_person(xp);
    let x_acct = open_account(world, rng, Holder::Person(x), op.base.bank, "EUR", None);
    world.accounts[x_acct].opening = rng.amount(3000.0, 0.3, 1000.0, 8000.0);

    // The front company, with a straw director in organised groups.
    let trade = match sector {
        "agriculture" => "Agrardienste",
        "cleaning" => "Gebäudereinigung",
        "care" => "24h-Betreuung",
        _ => "Bau-Service",
    };
    let cname = format!(
        "{} {trade} {}",
        ["Euro", "Prima", "Top", "Donau", "Nord", "Ost"][op.i % 6],
        if at { "GmbH" } else { "UG (haftungsbeschränkt)" }
    );
    let cb = world.add_company(Company {
        id: String::new(),
        name: cname.clone(),
        registration: population::registration(rng, home.country),
        jurisdiction: if at { "AT" } else { "DE" },
        address: people::address(rng, home),
        phone: Some(x_phone.clone()),
        in_registry: true,
    });
    let since = op.start - Duration::days(rng.int(120, 400));
    let straw = if op.organised {
        let mut sp = people::person(world, rng, local_origin, Gender::Male, (55, 72), home, true);
        sp.profession = Some("Rentner".into());
        let s = world.add_person(sp);
        world.links.push(Link::Directorship { director: s, company: cb, role: "Geschäftsführer", since });
        Some(s)
    } else {
        world.links.push(Link::Directorship { director: x, company: cb, role: "Geschäftsführer", since });
        None
    };
    world.links.push(Link::Ownership { owner: Holder::Person(x), asset: Owned::Company(cb), since: Some(since) });
    let cb_acct = open_account(world, rng, Holder::Company(cb), op.base.bank, "EUR", None);
    world.accounts[cb_acct].opening = 1_500_000;

    // The dormitory: one address for every worker.
    let dorm_city: &'static City =
        if sector == "agriculture" { op.base.branch_cities[rng.below(op.base.branch_cities.len())] } else { home };
    let dorm = format!(
        "{} {}, {} {}",
        rng.pick(&["Industriestraße", "Am Bahndamm", "Gewerbering", "Lagerweg", "Hinterhof Mühlgasse"]),
        rng.int(2, 60),
        dorm_city.postcode,
        dorm_city.name
    );

    // Recruiter abroad with an agency.
    let r_origin = *rng.pick(&[Origin::Ro, Origin::Bg, Origin::Ua]);
    let g = people::any_gender(rng);
    let mut rp = people::person(world, rng, r_origin, g, (30, 58), home, true);
    rp.phones = vec![people::mobile(rng, r_origin.nationality())];
    rp.address = Some(match r_origin {
        Origin::Bg => format!("bul. Bulgaria {}, 4000 Plovdiv, Bulgaria", rng.int(2, 90)),
        Origin::Ua => format!("vul. Franka {}, 79000 Lviv, Ukraine", rng.int(2, 90)),
        _ => format!("Bulevardul Unirii {}, 720001 Suceava, România", rng.int(2, 90)),
    });
    let r_phone = rp.phones[0].clone();
    let r = world.add_person(rp);
    let agency = world.add_company(Company {
        id: String::new(),
        name: match r_origin {
            Origin::Bg => format!("Rabota Evropa {} EOOD", ["Trans", "Plus", "Star"][op.i % 3]),
            Origin::Ua => format!("Robota Yevropa {} TOV", ["Plus", "Star", "Service"][op.i % 3]),
            _ => format!("Agentia Munca Europa {} SRL", ["Star", "Plus", "Trans"][op.i % 3]),
        },
        registration: format!("J{}/{}/20{}", rng.int(10, 40), rng.int(100, 9999), rng.int(15, 24)),
        jurisdiction: r_origin.nationality(),
        address: world.persons[r].address.clone().unwrap_or_default(),
        phone: Some(r_phone.clone()),
        in_registry: true,
    });
    world.links.push(Link::Directorship {
        director: r,
        company: agency,
        role: "administrator",
        since: date(2019, 2, 1),
    });
    let agency_iban = match r_origin {
        Origin::Bg => world.issuer.bg(rng, "UNCR"),
        Origin::Ua => world.issuer.ua(rng),
        _ => world.issuer.ro(rng, "BTRL"),
    };
    let agency_acct = world.add_account(Account {
        id: String::new(),
        iban: agency_iban.into(),
        at: Domicile::External {
            bank: match r_origin {
                Origin::Bg => "Balkan Commercial Bank AD",
                Origin::Ua => "Bank Lvivskyi AT",
                _ => "Banca Transilvania SA",
            },
            country: r_origin.nationality(),
        },
        currency: "EUR",
        holder: Holder::Company(agency),
        holder_written: world.companies[agency].name.to_uppercase().into(),
        device: None,
        ip: None,
        opening: 0,
        in_registry: true,
        opened: date(2019, 3, 1),
        streamed: false,
    });

    // Transporter and landlord.
    let mut tp = people::person(world, rng, r_origin, Gender::Male, (25, 50), home, true);
    tp.profession = Some("Fahrer".into());
    let t_phone = tp.phones[0].clone();
    let t = world.add_person(tp);
    let t_acct = open_account(world, rng, Holder::Person(t), op.base.bank, "EUR", None);
    let g = people::any_gender(rng);
    let mut fp = people::person(world, rng, local_origin, g, (45, 70), home, true);
    fp.profession = Some("Vermieter".into());
    let f = world.add_person(fp);
    let f_iban = population::other_iban(world, rng, home);
    let f_acct = world.add_account(Account {
        id: String::new(),
        iban: f_iban.clone().into(),
        at: Domicile::External { bank: if at { "Raiffeisenbank" } else { "Sparkasse" }, country: home.country },
        currency: "EUR",
        holder: Holder::Person(f),
        holder_written: world.persons[f].name().into(),
        device: None,
        ip: None,
        opening: 0,
        in_registry: true,
        opened: date(2008, 1, 1),
        streamed: false,
    });

    // The client who buys the labour (general contractor, farm, facility manager, care placement agency).
    let client_name = match sector {
        "agriculture" => "Obsthof Sonnenfeld GbR",
        "cleaning" => "Facility Partner Services GmbH",
        "care" => "Pflegevermittlung Sorgenfrei GmbH",
        _ => "Wohnbau Generalunternehmer GmbH",
    };
    let (_, client_acct) = population::external_company(world, rng, client_name, "", home, false);

    // Workers.
    let mut workers = vec![];
    let gap = (50 / op.victims.max(1) as i64).clamp(1, 10);
    for i in 0..op.victims {
        let origin = if i % 4 == 3 { *rng.pick(&[Origin::Pl, Origin::Ua, Origin::Bg]) } else { r_origin };
        let female = match sector {
            "cleaning" | "care" => i % 5 != 4,
            "agriculture" => i % 3 == 1,
            _ => false,
        };
        let g = if female { Gender::Female } else { Gender::Male };
        let mut p = people::person(world, rng, origin, g, (19, 58), home, true);
        p.address = Some(dorm.clone());
        p.profession = Some(
            match sector {
                "agriculture" => "Erntehelfer/in",
                "cleaning" => "Reinigungskraft",
                "care" => "Betreuungskraft",
                _ => "Bauhelfer",
            }
            .into(),
        );
        let own_phone = people::mobile(rng, origin.nationality());
        // The bank holds the controller's phone for the workers' accounts (he opened them).
        p.phones = vec![if op.trace >= 0.5 { x_phone.clone() } else { own_phone.clone() }];
        if rng.chance(0.3) {
            p.email = None;
        }
        if rng.chance(0.1) {
            p.birth_known = false;
        }
        let w = world.add_person(p);
        world.links.push(Link::Employment { employee: w, employer: cb, role: "Arbeiter/in" });
        op.member(
            world,
            "victim",
            Holder::Person(w),
            "worker: wage paid and taken back, debt for recruitment, housing and transport",
        );
        let arrival = (op.start + Duration::days(gap * i as i64 + rng.int(0, 3)))
            .min(world.end() - Duration::days(40))
            .max(world.start());
        let acct = open_account(world, rng, Holder::Person(w), op.base.bank, "EUR", None);
        world.accounts[acct].opening = 0;
        world.accounts[acct].opened = arrival + Duration::days(rng.int(2, 8));
        let xpp = &world.persons[x];
        let (sub, reg, doc) = if op.trace >= 0.6 {
            (xpp.name(), Holder::Person(x), phones::document_of(xpp))
        } else {
            (world.persons[w].name(), Holder::Person(w), phones::document_of(&world.persons[w]))
        };
        phones::register(
            world,
            &own_phone,
            sub,
            None,
            dorm.clone(),
            doc,
            arrival,
            Some(reg),
            Some(Holder::Person(w)),
            Some(op.i),
        );
        workers.push((w, acct, arrival, own_phone));
    }

    // Members.
    op.member(world, "exploiter", Holder::Person(x), "beneficial owner of the front; takes the wages back");
    op.member(
        world,
        "complicit_business",
        Holder::Company(cb),
        "front subcontractor: invoices the client, pays sub-minimum wages, no normal payroll",
    );
    op.member(
        world,
        "recruiter",
        Holder::Person(r),
        "recruits abroad through an agency, job ads promising housing and transport",
    );
    op.member(world, "recruiter", Holder::Company(agency), "recruitment agency abroad, paid per worker");
    op.member(world, "transporter", Holder::Person(t), "drives the workers to the sites at dawn");
    op.member(world, "facilitator", Holder::Person(f), "rents the dormitory where all workers are registered");
    if let Some(s) = straw {
        op.member(world, "facilitator", Holder::Person(s), "straw director of the front company");
    }

    // Job ads of the agency on the classifieds site, in the weeks before each wave of arrivals.
    let agency_card = if op.trace >= 0.7 {
        CardRef::Account(cb_acct)
    } else {
        CardRef::Outside {
            bin: "428671".into(),
            last4: format!("{:04}", rng.int(0, 9999)),
            holder: crate::text::swift_upper(&world.persons[r].name()),
        }
    };
    let email = format!("munca.{}{}@mailbox.example", ["europa", "germania", "austria"][op.i % 3], rng.int(10, 99));
    let poster = ads::poster(
        world,
        Site::QuickMarkt,
        Some(Holder::Company(agency)),
        vec![email.clone()],
        vec![r_phone.clone()],
        vec![format!("203.0.113.{}", rng.int(2, 254))],
        vec![agency_card],
        Some(op.i),
    );
    let mut day = (op.start - Duration::days(21)).max(world.start());
    let last_arrival = workers.iter().map(|w| w.2).max().unwrap_or(op.start);
    while day <= last_arrival && day <= world.end() {
        let (title, body) = ads::exploit_job_ad(rng, sector, home);
        let local = calendar::at(rng, day, 8.0, 22.0);
        let style = if rng.chance(0.2) { Obfuscation::Spaced } else { Obfuscation::Plain };
        ads::post(
            world,
            rng,
            Draft {
                poster,
                city: home,
                local,
                title,
                body,
                phone: Some((r_phone.clone(), style)),
                email: Some(email.clone()),
                images: vec![],
                fee: Some((499, 0)),
                op: Some(op.i),
                subject: None,
                tag: op.tag("job_ad_payment"),
            },
        );
        day += Duration::days(rng.int(6, 14));
    }

    let me = Party::Acct(cb_acct);
    let x_party = Party::Acct(x_acct);
    let x_name = world.persons[x].name();
    let x_typed = NameStyle::typed(rng).write(&world.persons[x].first, &world.persons[x].last, xg == Gender::Female);

    // Arrival: a fee to the agency from the worker's account (paid from the first advance), an advance from
    // the controller (the debt), the bus fare paid by the transporter.
    for &(w, acct, arrival, _) in &workers {
        let open = world.accounts[acct].opened;
        if open > world.end() {
            continue;
        }
        let advance = rng.round_amount(400.0, 0.2, 50, 200, 800);
        world.transfer_at(
            &x_party,
            &Party::Acct(acct),
            calendar::at(rng, open, 10.0, 17.0),
            advance,
            Kind::Instant,
            "Vorschuss",
            op.vtag("advance_debt", w),
        );
        let fee = rng.round_amount(350.0, 0.25, 50, 150, 700);
        let fee_day = (open + Duration::days(1)).min(world.end());
        let memo = *rng.pick(&["taxa recrutare", "Vermittlungsgebühr", "comision"]);
        world.transfer_at(
            &Party::Acct(acct),
            &Party::Acct(agency_acct),
            calendar::at(rng, fee_day, 10.0, 17.0),
            fee.min(advance),
            Kind::International,
            memo,
            op.vtag("recruitment_fee_paid", w),
        );
        let ticket_day = (arrival - Duration::days(rng.int(2, 6))).max(world.start());
        let fare = rng.amount(95.0, 0.15, 60.0, 160.0);
        world.card(
            t_acct,
            home,
            calendar::at(rng, ticket_day, 8.0, 20.0),
            fare,
            "FLIXBUS / EUROLINER",
            4131,
            op.vtag("travel_for_victims", w),
        );
    }

    // Monthly: the client pays invoices, the front pays wages (sub-minimum), wages come back, some wages
    // land in the controller's account, the dormitory rent, small social insurance, cash out of the front.
    let min_net = if at { 165_000 } else { 175_000 };
    let months: Vec<(i32, u32)> = world.period.months().collect();
    let mut diverted = vec![false; workers.len()];
    for (k, d) in diverted.iter_mut().enumerate() {
        *d = op.trace >= 0.5 && k % 4 == 1;
    }
    for (y, m) in months {
        let payday = roll_back(zone, month_end(y, m));
        let active: Vec<usize> = (0..workers.len()).filter(|&k| workers[k].2 + Duration::days(20) <= payday).collect();
        if active.is_empty() || payday > world.end() {
            continue;
        }
        // Revenue: the client pays the invoice for the month's labour.
        let inv_day = roll_forward(zone, calendar::day_of_month(y, m, 20)).min(world.end());
        let revenue = active.len() as i64 * rng.amount(2900.0, 0.12, 2200.0, 3800.0);
        world.transfer(
            &Party::Acct(client_acct),
            &me,
            batch_time(rng, zone, inv_day),
            revenue,
            Kind::Transfer,
            format!("Rechnung {}/{} Personalgestellung", rng.int(100, 999), y),
            op.tag("front_company_revenue"),
        );
        // Wages.
        for &k in &active {
            let (w, acct, _, _) = workers[k];
            let net = rng.round_amount(1100.0, 0.12, 10, 850, 1350).min(min_net * 3 / 4);
            let utc = batch_time(rng, zone, payday);
            let wname = world.persons[w].name();
            if diverted[k] {
                // Paid straight into the controller's account, naming the worker.
                world.transfer(
                    &me,
                    &x_party,
                    utc,
                    net,
                    Kind::Salary,
                    format!("Lohn {m:02}/{y} {wname}"),
                    op.vtag("wage_diverted", w),
                );
                continue;
            }
            let memo = format!("Lohn {m:02}/{y} abzgl. Unterkunft/Transport/Vorschuss");
            world.transfer(&me, &Party::Acct(acct), utc, net, Kind::Salary, memo, op.vtag("wage_paid", w));
            // Taken back within three days.
            let back_day = (payday + Duration::days(rng.int(1, 3))).min(world.end());
            let share = 0.7 + 0.2 * rng.f64();
            let back = ((net as f64 * share) as i64 / 1000) * 1000;
            if back < 1000 {
                continue;
            }
            if op.leaves(rng, 1.0) {
                let memo = *rng.pick(&[
                    "Miete Unterkunft",
                    "Rückzahlung Vorschuss",
                    "Transport",
                    "Unterkunft + Fahrt",
                    "Schulden",
                ]);
                let local = calendar::at(rng, back_day, 7.0, 20.0);
                let (out, _) = world.transfer_at(
                    &Party::Acct(acct),
                    &x_party,
                    local,
                    back,
                    Kind::Instant,
                    memo,
                    op.vtag("wage_returned", w),
                );
                world.typed_name(out, x_typed.clone());
            } else {
                // Withdrawn and handed over in cash.
                world.atm(acct, dorm_city, calendar::at(rng, back_day, 7.0, 20.0), back);
                world.ops[op.i].unbanked.push((w, back));
            }
        }
        // Dormitory rent (a deduction the workers pay for twice) and a token social-insurance payment.
        let first = roll_forward(zone, calendar::day_of_month(y, m, 1)).min(world.end());
        world.transfer(
            &me,
            &Party::Acct(f_acct),
            batch_time(rng, zone, first),
            180_000,
            Kind::StandingOrder,
            format!("Miete Objekt {}", dorm.split(',').next().unwrap_or("")),
            op.tag("dormitory_rent"),
        );
        let health = if at { infra.at_insurance } else { infra.de_health };
        let mid = roll_forward(zone, calendar::day_of_month(y, m, 15)).min(world.end());
        world.transfer(
            &me,
            &Party::Acct(health),
            batch_time(rng, zone, mid),
            rng.amount(240.0, 0.2, 100.0, 500.0),
            Kind::DirectDebit,
            format!("Beitragsnachweis {m:02}/{y} Minijob"),
            op.tag("front_company"),
        );
        // Commissions to the agency and money to the controller.
        let comm_day = roll_forward(zone, calendar::day_of_month(y, m, 5)).min(world.end());
        let comm = active.len() as i64 * rng.round_amount(150.0, 0.2, 10, 80, 300);
        world.transfer_at(
            &me,
            &Party::Acct(agency_acct),
            calendar::at(rng, comm_day, 9.0, 16.0),
            comm,
            Kind::International,
            format!("Provision {m:02}/{y}"),
            op.tag("payment_to_recruiter"),
        );
        for d in [8, 22] {
            let day = roll_forward(zone, calendar::day_of_month(y, m, d)).min(world.end());
            let cents = revenue * rng.int(12, 20) / 100 / 1000 * 1000;
            if cents > 0 {
                world.transfer_at(
                    &me,
                    &x_party,
                    calendar::at(rng, day, 9.0, 18.0),
                    cents,
                    Kind::Transfer,
                    "Gesellschafterdarlehen Rückzahlung",
                    op.tag("front_company_withdrawal"),
                );
            }
        }
        if op.leaves(rng, 0.8) {
            let day = roll_forward(zone, calendar::day_of_month(y, m, 12 + rng.int(0, 10) as u32)).min(world.end());
            world.atm(cb_acct, home, calendar::at(rng, day, 9.0, 18.0), rng.int(8, 20) * 5000);
        }
        // Transporter: fuel for the minibus at dawn, paid by the front as "Fahrtkosten".
        for _ in 0..4 {
            let Some(day) = life::day_in(rng, y, m, op.start) else { continue };
            let cents = rng.amount(85.0, 0.2, 40.0, 140.0);
            world.card(
                t_acct,
                dorm_city,
                calendar::at(rng, day, 4.5, 6.5),
                cents,
                *rng.pick(&["ARAL", "SHELL", "OMV", "JET"]),
                5541,
                op.tag("transport_costs"),
            );
        }
        let tday = roll_forward(zone, calendar::day_of_month(y, m, 27)).min(world.end());
        world.transfer_at(
            &me,
            &Party::Acct(t_acct),
            calendar::at(rng, tday, 9.0, 17.0),
            rng.round_amount(900.0, 0.2, 10, 500, 1500),
            Kind::Transfer,
            "Fahrtkosten",
            op.tag("payment_to_transporter"),
        );
        world.fee(
            cb_acct,
            batch_time(rng, zone, payday),
            1490,
            format!("Kontoführungsentgelt Geschäftskonto {m:02}/{y}"),
        );
        // The controller pays the recruiter a bonus by money transfer now and then.
        if rng.chance(0.5) {
            let day = roll_forward(zone, calendar::day_of_month(y, m, 14)).min(world.end());
            let rname = world.persons[r].name();
            let memo = format!(
                "{} Bargeldtransfer an {rname}, {} MTCN {}",
                catalog::MSB,
                r_origin.nationality(),
                rng.int(1_000_000_000, 9_999_999_999)
            );
            world.transfer_at(
                &x_party,
                &Party::ext(rname, None, r_origin.nationality()),
                calendar::at(rng, day, 10.0, 18.0),
                rng.round_amount(700.0, 0.3, 10, 200, 1900),
                Kind::Remittance,
                memo,
                op.tag("remittance_to_recruiter"),
            );
        }
    }

    // Workers' own small lives: groceries, a phone top-up, a little sent home.
    for &(w, acct, _, _) in &workers {
        let open = world.accounts[acct].opened;
        let mut life = Life::new(rng, acct, dorm_city, 0.12, open);
        life.car = false;
        life.atm_per_month = 0.8;
        if rng.chance(0.5) {
            let wp = &world.persons[w];
            life.remittance = Some(Remittance {
                to: format!("{} {}", rng.pick(&["Maria", "Elena", "Ion", "Olena", "Ivan"]), wp.last),
                country: wp.nationality,
                town: match wp.nationality {
                    "BG" => "Vidin",
                    "UA" => "Rivne",
                    "PL" => "Chełm",
                    _ => "Botoșani",
                },
                median: 120.0,
            });
        }
        life.tag = op.vtag("victim_upkeep", w);
        life::live(world, rng, &life);
    }

    // The controller's own life and the car bought with the proceeds.
    let mut life = population::household_for(world, rng, infra, Customer { person: x, acct: x_acct, home }, None, 0.35);
    life.salary = None;
    life.family = None;
    life::live(world, rng, &life);
    let buy = roll_forward(zone, op.start + Duration::days(rng.int(130, 170)));
    if buy + Duration::days(3) <= world.end() {
        let local = calendar::at(rng, buy, 10.0, 17.0);
        let room = world.headroom(x_acct, zone.to_utc(local));
        if room > 1_500_000 {
            let price = ((room - 500_000).min(6_500_000) * 8 / 10) / 10_000 * 10_000;
            let model = *rng.pick(&["Mercedes-Benz GLE 350 d", "BMW X5 xDrive30d", "Porsche Macan", "Audi Q7 50 TDI"]);
            world.assets.push(Asset {
                id: String::new(),
                schema: "Vehicle",
                name: model.into(),
                registration: if at {
                    format!("W-{}{}", rng.int(10_000, 99_999), char::from(b'A' + rng.below(26) as u8))
                } else {
                    format!(
                        "{}-{}{} {}",
                        &home.name[..1].to_uppercase(),
                        char::from(b'A' + rng.below(26) as u8),
                        char::from(b'A' + rng.below(26) as u8),
                        rng.int(100, 9999)
                    )
                },
                price_cents: price,
                currency: "EUR",
                address: None,
                model: Some(model.into()),
                acquired: buy,
                owner: Holder::Person(x),
                country: if at { "AT" } else { "DE" },
            });
            let car = world.assets.len() - 1;
            let (_, dealer) = population::external_company(world, rng, "Premium Automobile GmbH", "", home, false);
            world.transfer_at(
                &x_party,
                &Party::Acct(dealer),
                local,
                price,
                Kind::Transfer,
                format!("Kaufvertrag {model}"),
                op.atag(car),
            );
            world.links.push(Link::Ownership { owner: Holder::Person(x), asset: Owned::Asset(car), since: Some(buy) });
        }
    }

    // Calls: the controller rings the workers at dawn with the day's sites; the recruiter weekly; the driver.
    let days: Vec<NaiveDate> = world.period.days().filter(|d| *d >= op.start).collect();
    for day in days {
        let weekday = day.weekday().num_days_from_monday() < 6;
        if weekday {
            for (_, _, _, phone) in workers.iter().filter(|w| w.2 <= day) {
                if rng.chance(0.5) {
                    let local = calendar::at_uniform(rng, day, 5.0, 6.5);
                    phones::call(world, local, home, x_phone.clone(), phone.clone(), rng.chance(0.4), 40, Some(op.i));
                }
            }
            let local = calendar::at_uniform(rng, day, 4.5, 6.0);
            let d = phones::duration(rng);
            phones::call(world, local, home, x_phone.clone(), t_phone.clone(), false, d, Some(op.i));
        }
        if rng.chance(0.18) {
            let local = calendar::at(rng, day, 9.0, 21.0);
            let d = phones::duration(rng) * 2;
            phones::call(world, local, home, x_phone.clone(), r_phone.clone(), false, d, Some(op.i));
        }
    }

    let rec = &mut world.ops[op.i];
    rec.sector = sector;
    rec.victims = workers.iter().map(|w| w.0).collect();
    rec.identifiers.push(("address", dorm.clone()));
    if op.trace >= 0.5 {
        rec.identifiers.push(("phone", x_phone.clone()));
    }
    rec.summary = format!(
        "Labour exploitation in {sector}: {} workers recruited abroad by an agency that advertises housing and transport, \
         employed by a front subcontractor ({cname}) that invoices a client, pays sub-minimum wages and takes most of them back \
         within days into the account of its beneficial owner {x_name}; all workers registered at one dormitory. Trace level {:.1}.",
        workers.len(),
        op.trace
    );
}
