//! Forced begging and shoplifting: a family-run group brings children, teenagers and adults with
//! disabilities from Romania or Bulgaria, places them in city centres every day and collects what they get.
//!
//! What it leaves in the evidence (at full trace):
//! - **Exploiters**: a couple (the woman is an offender as much as the man). Many small cash deposits, most
//!   business days, at deposit machines in the cities where the victims are placed, often paid in by the
//!   victims themselves into the controller's account; weekly money-transfer remittances to the family head
//!   at home (the beneficiary); a van; rent for one flat where everybody is registered.
//! - **Victims**: no accounts of their own (minors), except adults whose disability benefit is paid into an
//!   account the controller holds the card of: the benefit comes in, the same day it is withdrawn near the
//!   controller's flat. Boys and girls of 12–17 and adult men and women.
//! - **Transporter**: drives the victims to the cities at dawn (fuel at 05:00–06:30).
//! - **Beneficiary**: the family head abroad, receiving the remittances.
//!
//! Proceeds per victim are the cash deposits made from that victim's takings (each deposit is tagged with
//! one victim); what was never paid in is recorded as unbanked.

use chrono::{Datelike, Duration, NaiveDate};

use super::Op;
use crate::calendar::{self, roll_forward};
use crate::catalog::{self, City};
use crate::life;
use crate::people::{self, Origin};
use crate::phones;
use crate::population::{self, Customer, Infra, open_account};
use crate::rng::Rng;
use crate::world::{Asset, Gender, Holder, Kind, Link, Owned, Party, World, batch_time};

/// Injects one forced-criminality operation.
pub(crate) fn inject(world: &mut World, rng: &mut Rng, infra: &Infra, op: &Op) {
    let home = op.base.home;
    let zone = home.zone;
    let shoplifting = op.i % 2 == 1;
    let origin = if op.i % 3 == 2 { Origin::Bg } else { Origin::Ro };

    // The couple who run it, a family head at home, a driver.
    let mut xp = people::person(world, rng, origin, Gender::Male, (30, 52), home, true);
    xp.profession = Some("Händler".into());
    let flat = people::address(rng, home);
    xp.address = Some(flat.clone());
    let x_phone = xp.phones[0].clone();
    let x = world.add_person(xp);
    let mut yp = people::person(world, rng, origin, Gender::Female, (28, 50), home, true);
    yp.address = Some(flat.clone());
    yp.last = world.persons[x].last.clone();
    let y_phone = yp.phones[0].clone();
    let yw = world.add_person(yp);
    world.links.push(Link::Family { person: x, relative: yw, relationship: "spouse" });
    let mut bp = people::person(world, rng, origin, Gender::Male, (50, 70), home, true);
    bp.phones = vec![people::mobile(rng, origin.nationality())];
    bp.address = Some(if origin == Origin::Bg {
        format!("ul. Dunav {}, 3700 Vidin, Bulgaria", rng.int(2, 80))
    } else {
        format!("Strada Gării {}, 710221 Botoșani, România", rng.int(2, 80))
    });
    let b_name = bp.name();
    let b = world.add_person(bp);
    world.links.push(Link::Family { person: b, relative: x, relationship: "parent" });
    let mut tp = people::person(world, rng, origin, Gender::Male, (22, 45), home, true);
    tp.address = Some(flat.clone());
    let t_phone = tp.phones[0].clone();
    let t = world.add_person(tp);

    let x_acct = open_account(world, rng, Holder::Person(x), op.base.bank, "EUR", None);
    world.accounts[x_acct].opening = rng.amount(800.0, 0.4, 100.0, 3000.0);
    let t_acct = open_account(world, rng, Holder::Person(t), op.base.bank, "EUR", None);

    op.member(world, "exploiter", Holder::Person(x), "controller: places the victims, collects and banks the takings");
    op.member(world, "exploiter", Holder::Person(yw), "controller's wife: minds the victims, collects cash");
    op.member(world, "beneficiary", Holder::Person(b), "family head abroad: receives the remittances");
    op.member(world, "transporter", Holder::Person(t), "drives the victims to the cities every morning");

    // Victims: boys and girls of 12–17 and adults with disabilities, all registered at the flat.
    let mut victims = vec![];
    for i in 0..op.victims {
        let minor = i % 3 != 2;
        let g = if i % 2 == 0 { Gender::Male } else { Gender::Female };
        let ages = if minor { (12, 17) } else { (25, 60) };
        let mut p = people::person(world, rng, origin, g, ages, home, true);
        p.address = Some(flat.clone());
        p.phones = vec![];
        p.email = None;
        if rng.chance(0.3) {
            p.birth_known = false;
        }
        let v = world.add_person(p);
        op.member(
            world,
            "victim",
            Holder::Person(v),
            if shoplifting {
                "forced to steal; takings collected by the controllers"
            } else {
                "forced to beg; takings collected by the controllers"
            },
        );
        // Adults get a disability benefit into an account the controller operates.
        let acct = if !minor {
            let a = open_account(world, rng, Holder::Person(v), op.base.bank, "EUR", None);
            world.accounts[a].opening = 0;
            world.accounts[a].opened = op.start + Duration::days(rng.int(5, 20));
            Some(a)
        } else {
            None
        };
        victims.push((v, acct));
    }
    // One shared phone per two or three victims, in the wife's name.
    let minder_phones: Vec<String> = (0..op.victims.div_ceil(3)).map(|_| people::mobile(rng, home.country)).collect();
    for ph in &minder_phones {
        let yp = &world.persons[yw];
        let doc = phones::document_of(yp);
        let (name, birth) = (yp.name(), Some(yp.birth));
        phones::register(
            world,
            ph,
            name,
            birth,
            flat.clone(),
            doc,
            op.start,
            Some(Holder::Person(yw)),
            None,
            Some(op.i),
        );
    }

    // Where the victims are placed: the home city and two or three others on the base's circuit.
    let mut cities: Vec<&'static City> = vec![home];
    while cities.len() < 3 {
        let c = *rng.pick(op.base.branch_cities);
        if !cities.iter().any(|o| std::ptr::eq(*o, c)) {
            cities.push(c);
        }
    }

    let me = Party::Acct(x_acct);
    let days: Vec<NaiveDate> = world.period.days().filter(|d| *d >= op.start).collect();
    let mut unbanked = vec![0i64; victims.len()];
    for &day in &days {
        let sunday = day.weekday() == chrono::Weekday::Sun;
        for (k, &(v, _)) in victims.iter().enumerate() {
            if sunday && rng.chance(0.7) {
                continue;
            }
            // The day's takings: begging 20–120 EUR, shoplifted goods sold on for more.
            let takings =
                if shoplifting { rng.amount(140.0, 0.6, 20.0, 600.0) } else { rng.amount(55.0, 0.45, 10.0, 180.0) };
            let city = cities[(k + day.ordinal() as usize) % cities.len()];
            // Paid in at a deposit machine of the day's city, in small amounts, now and then.
            if rng.chance(0.45 * op.trace.max(0.2)) {
                let cents = (takings / 1000).max(1) * 1000;
                let local = if rng.chance(0.7) {
                    calendar::at(rng, day, 16.0, 21.0)
                } else {
                    calendar::at(rng, day, 7.0, 10.0)
                };
                world.deposit(x_acct, city, local, cents, op.vtag("collected_cash_deposit", v));
                unbanked[k] += takings - cents;
            } else {
                unbanked[k] += takings;
            }
        }
    }
    for (k, &(v, _)) in victims.iter().enumerate() {
        world.ops[op.i].unbanked.push((v, unbanked[k]));
    }

    // Weekly remittances to the family head, kept under the MSB's ID threshold; rent; the van's fuel.
    let mondays: Vec<NaiveDate> = world.period.mondays().filter(|d| *d >= op.start).collect();
    for monday in mondays {
        let day = roll_forward(zone, monday + Duration::days(rng.int(0, 3)));
        if day > world.end() {
            continue;
        }
        let local = calendar::at(rng, day, 10.0, 18.0);
        let room = world.headroom(x_acct, zone.to_utc(local));
        let want = rng.round_amount(250.0 * op.victims as f64, 0.3, 10, 150, 4000);
        let mut left = want.min(room - 20_000);
        let mut at = local;
        while left >= 5000 {
            let chunk = left.min(rng.int(140, 195) * 1000);
            let memo = format!(
                "{} Bargeldtransfer an {b_name}, {} MTCN {}",
                catalog::MSB,
                origin.nationality(),
                rng.int(1_000_000_000, 9_999_999_999)
            );
            world.transfer_at(
                &me,
                &Party::ext(b_name.clone(), None, origin.nationality()),
                at,
                chunk,
                Kind::Remittance,
                memo,
                op.tag("remittance_to_beneficiary"),
            );
            left -= chunk;
            at += Duration::minutes(rng.int(15, 90));
        }
        for _ in 0..rng.int(3, 5) {
            let d = monday + Duration::days(rng.int(0, 5));
            if d > world.end() {
                continue;
            }
            let cents = rng.amount(70.0, 0.2, 30.0, 120.0);
            world.card(
                t_acct,
                home,
                calendar::at_uniform(rng, d, 5.0, 6.5),
                cents,
                *rng.pick(&["ARAL", "SHELL", "OMV", "JET"]),
                5541,
                op.tag("transport_costs"),
            );
        }
    }
    let months: Vec<(i32, u32)> = world.period.months().collect();
    let landlord_iban = population::other_iban(world, rng, home);
    let landlord = Party::ext(population::payer_name(rng), Some(landlord_iban), home.country);
    for (y, m) in &months {
        let first = roll_forward(zone, calendar::day_of_month(*y, *m, 1));
        if first < op.start || first > world.end() {
            continue;
        }
        world.transfer(
            &me,
            &landlord,
            batch_time(rng, zone, first),
            95_000,
            Kind::StandingOrder,
            "Miete Wohnung",
            op.tag("rent_for_victims"),
        );
        world.transfer_at(
            &me,
            &Party::Acct(t_acct),
            calendar::at(rng, first + Duration::days(2), 9.0, 19.0),
            rng.round_amount(500.0, 0.2, 10, 300, 900),
            Kind::Instant,
            "benzina",
            op.tag("payment_to_transporter"),
        );
        // Benefits of the adult victims, withdrawn the same day near the flat with the card the controller holds.
        for &(v, acct) in &victims {
            let Some(acct) = acct else { continue };
            let pay = roll_forward(zone, calendar::day_of_month(*y, *m, 1));
            if pay < world.accounts[acct].opened || pay > world.end() {
                continue;
            }
            let agency = if home.country == "AT" { infra.at_pension } else { infra.pension_fund };
            let benefit = rng.amount(520.0, 0.05, 450.0, 620.0);
            world.transfer(
                &Party::Acct(agency),
                &Party::Acct(acct),
                batch_time(rng, zone, pay),
                benefit,
                Kind::Transfer,
                format!("Leistung {m:02}/{y} Erwerbsminderung"),
                op.vtag("benefit_received", v),
            );
            let local = calendar::at(rng, pay, 9.0, 12.0);
            world.atm(acct, home, local, (benefit / 1000) * 1000);
            let n = world.postings.len() - 1;
            world.postings[n].op = op.vtag("benefit_withdrawn_by_controller", v);
        }
    }

    // The controllers' own lives and a van bought halfway through.
    let mut life = population::household_for(world, rng, infra, Customer { person: x, acct: x_acct, home }, None, 0.25);
    life.salary = None;
    life.family = None;
    life.recurring.retain(|r| !r.memo.starts_with("DA Miete") && !r.memo.starts_with("Miete"));
    life::live(world, rng, &life);
    let mut tlife = population::household_for(world, rng, infra, Customer { person: t, acct: t_acct, home }, None, 0.3);
    tlife.salary = None;
    tlife.recurring.retain(|r| !r.memo.starts_with("DA Miete") && !r.memo.starts_with("Miete"));
    life::live(world, rng, &tlife);
    let buy = roll_forward(zone, op.start + Duration::days(rng.int(90, 140)));
    if buy <= world.end() {
        let local = calendar::at(rng, buy, 10.0, 16.0);
        let room = world.headroom(x_acct, zone.to_utc(local));
        if room > 800_000 {
            let price = ((room - 200_000).min(2_500_000) * 8 / 10) / 10_000 * 10_000;
            let model = *rng.pick(&["Ford Transit Custom", "Mercedes-Benz Vito Tourer", "Volkswagen Transporter T6"]);
            world.assets.push(Asset {
                id: String::new(),
                schema: "Vehicle",
                name: model.into(),
                registration: format!(
                    "{}-{} {}",
                    if home.country == "AT" { "W" } else { "HB" },
                    rng.int(10, 99),
                    rng.int(100, 9999)
                ),
                price_cents: price,
                currency: "EUR",
                address: None,
                model: Some(model.into()),
                acquired: buy,
                owner: Holder::Person(x),
                country: if home.country == "AT" { "AT" } else { "DE" },
            });
            let van = world.assets.len() - 1;
            let (_, dealer) = population::external_company(world, rng, "Nutzfahrzeuge Center GmbH", "", home, false);
            world.transfer_at(
                &me,
                &Party::Acct(dealer),
                local,
                price,
                Kind::Transfer,
                format!("Kauf {model} gebraucht"),
                op.atag(van),
            );
            world.links.push(Link::Ownership { owner: Holder::Person(x), asset: Owned::Asset(van), since: Some(buy) });
        }
    }

    // Calls: the wife with the minders' phones all day, the controller with the driver at dawn, with home.
    let b_phone = world.persons[b].phones[0].clone();
    for &day in &days {
        for ph in &minder_phones {
            for _ in 0..rng.poisson(2.5) {
                let local = calendar::at(rng, day, 8.0, 20.0);
                let d = phones::duration(rng);
                let city = *rng.pick(&cities);
                phones::call(world, local, city, ph.clone(), y_phone.clone(), rng.chance(0.3), d, Some(op.i));
            }
        }
        if rng.chance(0.85) {
            let local = calendar::at_uniform(rng, day, 5.0, 6.5);
            phones::call(world, local, home, x_phone.clone(), t_phone.clone(), false, 35, Some(op.i));
        }
        if rng.chance(0.3) {
            let local = calendar::at(rng, day, 10.0, 22.0);
            let d = phones::duration(rng) * 2;
            phones::call(world, local, home, x_phone.clone(), b_phone.clone(), false, d, Some(op.i));
        }
    }

    let rec = &mut world.ops[op.i];
    rec.sector = if shoplifting { "shoplifting" } else { "begging" };
    rec.victims = victims.iter().map(|v| v.0).collect();
    rec.identifiers.push(("address", flat.clone()));
    rec.summary = format!(
        "Forced {} run by a couple from {}: {} victims (children and adults with disabilities) placed daily in {} and nearby cities; \
         their takings are paid in as many small cash deposits into the controller's account and sent on weekly by money transfer \
         to the family head abroad; benefits of the adult victims are withdrawn by the controller. Trace level {:.1}.",
        if shoplifting { "shoplifting" } else { "begging" },
        if origin == Origin::Bg { "Bulgaria" } else { "Romania" },
        victims.len(),
        home.name,
        op.trace
    );
}
