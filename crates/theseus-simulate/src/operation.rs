//! The trafficking operation: sexual exploitation advertised online, run from Hamburg on a weekly circuit
//! of German cities, with victims recruited in Romania and Bulgaria.
//!
//! Who is in it and what they leave in the evidence:
//! - **Exploiter/controller** (Nordbank, the funnel account): ad-site payments in unit prices, one-night
//!   budget hotel stays and night-time ride-hailing in the cities the victims work in, cash deposited at
//!   branches in several cities and mostly sent on within two days, rent for the victims' flats, payments to
//!   the transporter, a car and a flat deposit bought with the proceeds. No wage of his own.
//! - **Victims** (two at Harbour Bank with euro accounts, two at Nordbank; three women, one man): many small
//!   payments from unrelated payers, night-time cash deposits in a different city each week, and each
//!   morning most of the night's takings forwarded to the controller. The two Harbour accounts are operated
//!   from the controller's phone (same device and IP). In the registry their phone is the ad's phone.
//! - **Recruiter** in Romania: a fee per recruit, then remittances by money transfer operator and wire.
//! - **Transporter**: bus tickets before each arrival, fuel on the circuit, paid by the controller.
//! - **Facilitator**: the landlord of the two flats, paid by standing order.
//! - **Beneficiary**: the controller's partner, paid monthly and spending on jewellery and fashion.
//! - **Complicit business**: a massage studio the controller directs, with card and cash takings, almost no
//!   payroll and regular "loan repayments" to its director.
//!
//! Distributions: client payments log-normal around 130 EUR (σ 0.35, rounded to 10; clients pay round
//! sums), Poisson with mean 0.9 per working night (three a week), 18:00–03:00 or the afternoon before; night
//! cash deposits around 450 EUR (σ 0.4) on 45 % of working nights, 23:00–05:00; forwards the next morning
//! 08:30–13:00 of 85–95 % of the night's takings, rounded down to 10. Controller's cash deposits around
//! 900 EUR (σ 0.45), two or three a week in different branch cities; 72–92 % of each leaves within 4–40
//! hours. Ad fees are 12 EUR × 1–4; hotel nights 45–99 EUR; rides around 16 EUR (σ 0.35), 70 % at night.

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};

use crate::calendar::{self, Zone, date, month_end, roll_back, roll_forward};
use crate::catalog::{self, City};
use crate::life::{self, MONTHLY, Recurring};
use crate::people::{self, Origin};
use crate::population::{self, Customer, Infra, open_account};
use crate::rng::Rng;
use crate::text::NameStyle;
use crate::world::{
    Account, Asset, Bank, Company, Domicile, Gender, Holder, Kind, Link, Member, OpTag, Owned, Party, UserAccount,
    World, batch_time,
};

/// Cities with Nordbank branches on the circuit (Nordbank victims deposit at branch machines).
static NORD_CIRCUIT: [&City; 7] = [
    &catalog::HAMBURG,
    &catalog::BREMEN,
    &catalog::HANNOVER,
    &catalog::KIEL,
    &catalog::BERLIN,
    &catalog::ROSTOCK,
    &catalog::OSNABRUECK,
];
/// The wider circuit (Harbour victims deposit through partner shops anywhere).
static WIDE_CIRCUIT: [&City; 10] = [
    &catalog::HAMBURG,
    &catalog::BREMEN,
    &catalog::HANNOVER,
    &catalog::KIEL,
    &catalog::BERLIN,
    &catalog::ROSTOCK,
    &catalog::OSNABRUECK,
    &catalog::KOELN,
    &catalog::DORTMUND,
    &catalog::FRANKFURT,
];

/// Small purchases for the victims' upkeep: pharmacy, fast food, cosmetics, lingerie.
static UPKEEP: [(&str, u16); 6] = [
    ("APOTHEKE AM BAHNHOF", 5912),
    ("ROSSMANN", 5912),
    ("DOENER PALAST", 5814),
    ("BEAUTY CORNER", 5977),
    ("DESSOUS BOUTIQUE", 5631),
    ("MCDONALDS", 5814),
];

struct Victim {
    person: usize,
    acct: usize,
    arrival: NaiveDate,
    harbour: bool,
}

/// Each victim's city per week, from the week they start working.
type Itinerary = Vec<(NaiveDate, &'static City)>;

/// The members (person indices) and their accounts.
struct Ctx {
    x: usize,
    x_acct: usize,
    r: usize,
    r_acct: usize,
    t: usize,
    f: usize,
    b: usize,
    t_acct: usize,
    f_acct: usize,
    b_acct: usize,
    cb_acct: usize,
    victims: Vec<Victim>,
}

fn tag(what: &'static str) -> Option<OpTag> {
    Some(OpTag::new(what))
}

fn vtag(what: &'static str, v: usize) -> Option<OpTag> {
    Some(OpTag::victim(what, v))
}

/// Mondays from the first week of January to the last week of June.
fn mondays() -> impl Iterator<Item = NaiveDate> {
    let first = date(2026, 1, 5);
    (0..26).map(move |w| first + Duration::weeks(w)).filter(|d| *d <= calendar::END)
}

/// Injects the operation into the world.
pub(crate) fn inject(world: &mut World, seed: u64, infra: &Infra) {
    let mut rng = Rng::derive(seed, "operation");
    let rng = &mut rng;
    let ctx = cast(world, rng);
    recruitment_and_transport(world, rng, &ctx);
    let itineraries: Vec<Itinerary> = (0..ctx.victims.len()).map(|v| victim_work(world, rng, &ctx, v)).collect();
    controller(world, rng, &ctx, infra, &itineraries);
    front_company(world, rng, &ctx, infra);
    circle(world, rng, &ctx, infra, &itineraries);
    assets(world, rng, &ctx);
}

/// Creates the members, their registry records and their accounts.
fn cast(world: &mut World, rng: &mut Rng) -> Ctx {
    // Controller and partner share a flat in Hamburg.
    let mut xp = people::person(world, rng, Origin::De, Gender::Male, (32, 44), &catalog::HAMBURG, true);
    xp.profession = Some("Geschäftsführer".into());
    let home = xp.address.clone();
    let x = world.add_person(xp);
    let mut bp = people::person(world, rng, Origin::De, Gender::Female, (27, 36), &catalog::HAMBURG, true);
    bp.address = home;
    let b = world.add_person(bp);
    world.links.push(Link::Family { person: x, relative: b, relationship: "partner" });

    // Recruiter in Iași.
    let mut rp = people::person(world, rng, Origin::Ro, Gender::Male, (38, 55), &catalog::HAMBURG, true);
    rp.phones = vec![people::mobile(rng, "RO")];
    rp.address = Some(format!("Strada Păcurari {}, 700511 Iași, România", rng.int(3, 160)));
    let r = world.add_person(rp);

    // Transporter and landlord.
    let mut tp = people::person(world, rng, Origin::Bg, Gender::Male, (27, 40), &catalog::HAMBURG, true);
    tp.profession = Some("Kraftfahrer".into());
    let t = world.add_person(tp);
    let mut fp = people::person(world, rng, Origin::De, Gender::Male, (56, 66), &catalog::HAMBURG, true);
    fp.profession = Some("Vermieter".into());
    let f = world.add_person(fp);

    // The flats the victims live in.
    let flats = [
        format!("Steindamm {}, 20099 Hamburg", rng.int(20, 110)),
        format!("{} {}, 28215 Bremen", rng.pick(&["Findorffstraße", "Hemmstraße", "Admiralstraße"]), rng.int(2, 80)),
    ];

    // The ad's phone: a prepaid number the registry also holds for every victim.
    world.ad_phone = people::mobile(rng, "DE");
    world.controller_device = format!("and-{:08x}", rng.int(0, 0xffff_ffff));
    let controller_ip = format!("203.0.113.{}", rng.int(2, 254));

    let specs = [
        (Origin::Ro, Gender::Female, false, 0usize, date(2026, 1, 12)),
        (Origin::Ro, Gender::Female, true, 0, date(2026, 1, 26)),
        (Origin::Bg, Gender::Female, true, 1, date(2026, 2, 16)),
        (Origin::Ro, Gender::Male, false, 1, date(2026, 3, 9)),
    ];
    let mut victims = vec![];
    for (origin, gender, harbour, flat, arrival) in specs {
        let mut p = people::person(world, rng, origin, gender, (19, 25), &catalog::HAMBURG, true);
        p.phones = vec![world.ad_phone.clone()];
        p.address = Some(flats[flat].clone());
        if rng.chance(0.5) {
            p.email = None;
        }
        let person = world.add_person(p);
        world.members.push(Member {
            role: "victim",
            holder: Holder::Person(person),
            note: "exploited through online ads; account used to collect and forward proceeds",
        });
        let arrival = arrival + Duration::days(rng.int(0, 4));
        let bank = if harbour { Bank::Harbour } else { Bank::Nordbank };
        let acct = open_account(world, rng, Holder::Person(person), bank, "EUR", None);
        world.accounts[acct].opening = 0;
        if harbour {
            world.accounts[acct].device = Some(world.controller_device.clone());
            world.accounts[acct].ip = Some(controller_ip.clone());
        }
        victims.push(Victim { person, acct, arrival, harbour });
    }
    world.user_accounts.push(UserAccount {
        id: String::new(),
        service: catalog::AD_SERVICE,
        username: format!(
            "{}_{}",
            rng.pick(&["hh", "nord", "elbe"]),
            rng.pick(&["angels_vip", "sweet_girls", "dream_escort"])
        ),
        email: format!("{}{}@mailbox.example", rng.pick(&["angels.", "dreamgirls", "vip.nord."]), rng.int(10, 99)),
        phone: world.ad_phone.clone(),
        created: date(2026, 1, 8),
    });

    // The front company, directed and owned by the controller.
    let cb = world.add_company(Company {
        id: String::new(),
        name: "Lotus Wellness & Massage UG (haftungsbeschränkt)".into(),
        registration: format!("HRB {}", rng.int(170_000, 189_999)),
        jurisdiction: "DE",
        address: format!("Steindamm {}, 20099 Hamburg", rng.int(2, 19)),
        phone: Some(people::hamburg_landline(rng)),
        in_registry: true,
    });
    world
        .links
        .push(Link::Directorship { director: x, company: cb, role: "Geschäftsführer", since: date(2025, 9, 1) });
    world.links.push(Link::Ownership {
        owner: Holder::Person(x),
        asset: Owned::Company(cb),
        since: Some(date(2025, 9, 1)),
    });
    // The ad site's operator is in the registry (it answers subpoenas), but is not part of the operation.
    world.add_company(Company {
        id: String::new(),
        name: "EscortDir Media Ltd".into(),
        registration: format!("C {}", rng.int(70_000, 99_999)),
        jurisdiction: "MT",
        address: "Triq il-Kbira 12, Sliema SLM 1540, Malta".into(),
        phone: None,
        in_registry: true,
    });

    // Accounts.
    let x_acct = open_account(world, rng, Holder::Person(x), Bank::Nordbank, "EUR", None);
    world.accounts[x_acct].opening = rng.amount(2400.0, 0.3, 800.0, 5000.0);
    let t_acct = open_account(world, rng, Holder::Person(t), Bank::Nordbank, "EUR", None);
    let f_acct = open_account(world, rng, Holder::Person(f), Bank::Nordbank, "EUR", None);
    let b_acct = open_account(world, rng, Holder::Person(b), Bank::Harbour, "EUR", None);
    let cb_acct = open_account(world, rng, Holder::Company(cb), Bank::Nordbank, "EUR", None);
    world.accounts[cb_acct].opening = 800_000;
    let r_iban = world.issuer.ro(rng, "CARP");
    let r_written = NameStyle::UpperLastFirst.write(&world.persons[r].first, &world.persons[r].last, false);
    let r_acct = world.add_account(Account {
        id: String::new(),
        iban: r_iban,
        at: Domicile::External { bank: "Banca Carpatica SA", country: "RO" },
        currency: "EUR",
        holder: Holder::Person(r),
        holder_written: r_written,
        device: None,
        ip: None,
        opening: 0,
        in_registry: true,
    });

    for (role, h, note) in [
        ("exploiter", Holder::Person(x), "controller; runs the ads, collects the proceeds in a funnel account"),
        ("recruiter", Holder::Person(r), "recruits in Romania and Bulgaria; paid per recruit and by remittances"),
        ("transporter", Holder::Person(t), "brings the victims to Germany and drives them between cities"),
        ("facilitator", Holder::Person(f), "rents the victims' flats to the controller"),
        ("beneficiary", Holder::Person(b), "controller's partner; receives proceeds monthly"),
        ("complicit_business", Holder::Company(cb), "front massage studio directed and owned by the controller"),
    ] {
        world.members.push(Member { role, holder: h, note });
    }
    Ctx { x, x_acct, r, r_acct, t, f, b, t_acct, f_acct, b_acct, cb_acct, victims }
}

fn bus_ticket_and_fees(world: &mut World, rng: &mut Rng, ctx: &Ctx, v: usize) {
    let arrival = ctx.victims[v].arrival;
    let person = ctx.victims[v].person;
    let x = Party::Acct(ctx.x_acct);
    // The recruiter's fee, a week or two before the trip.
    let day = (arrival - Duration::days(rng.int(8, 14))).max(calendar::START);
    let fee = rng.round_amount(650.0, 0.2, 50, 400, 1200);
    let memo = *rng.pick(&["Darlehen", "Rückzahlung", "Familie", ""]);
    let (out, _) = world.transfer_at(
        &x,
        &Party::Acct(ctx.r_acct),
        calendar::at(rng, day, 9.0, 18.0),
        fee,
        Kind::International,
        memo,
        vtag("recruitment_fee", person),
    );
    let typed = NameStyle::typed(rng).write(&world.persons[ctx.r].first, &world.persons[ctx.r].last, false);
    world.typed_name(out, typed);
    // The transporter buys the bus ticket from Romania or Bulgaria.
    let day = (arrival - Duration::days(rng.int(3, 7))).max(calendar::START);
    let ticket = rng.amount(118.0, 0.12, 89.0, 159.0);
    world.card(
        ctx.t_acct,
        &catalog::HAMBURG,
        calendar::at(rng, day, 10.0, 22.0),
        ticket,
        "EUROLINER BUS",
        4131,
        vtag("travel_for_victims", person),
    );
    // And is paid back with a little on top after the arrival.
    let day = arrival + Duration::days(rng.int(1, 3));
    let cents = rng.round_amount(380.0, 0.2, 10, 250, 600);
    world.transfer_at(
        &x,
        &Party::Acct(ctx.t_acct),
        calendar::at(rng, day, 9.0, 20.0),
        cents,
        Kind::Instant,
        "Auslagen Fahrt",
        vtag("payment_to_transporter", person),
    );
}

fn recruitment_and_transport(world: &mut World, rng: &mut Rng, ctx: &Ctx) {
    for v in 0..ctx.victims.len() {
        bus_ticket_and_fees(world, rng, ctx, v);
    }
}

/// Picks each victim's city per week (a circuit: rarely the same city two weeks running) and generates
/// their nights.
fn victim_work(world: &mut World, rng: &mut Rng, ctx: &Ctx, v: usize) -> Itinerary {
    let victim = &ctx.victims[v];
    let (person, acct, harbour) = (victim.person, victim.acct, victim.harbour);
    let start = victim.arrival + Duration::days(4);
    let circuit: &[&'static City] = if harbour { &WIDE_CIRCUIT } else { &NORD_CIRCUIT };
    let x = Party::Acct(ctx.x_acct);
    let me = Party::Acct(acct);
    let regulars: Vec<String> = (0..5).map(|_| population::payer_name(rng)).collect();
    let mut last: &'static City = &catalog::HAMBURG;
    let mut weeks = vec![];
    let x_name = (world.persons[ctx.x].first.clone(), world.persons[ctx.x].last.clone());
    let payee_style = NameStyle::typed(rng);
    for monday in mondays() {
        if monday + Duration::days(6) < start {
            continue;
        }
        let mut city = *rng.pick(circuit);
        if std::ptr::eq(city, last) && rng.chance(0.8) {
            city = *rng.pick(circuit);
        }
        last = city;
        weeks.push((monday, city));
        // Three working nights a week.
        let mut nights: Vec<NaiveDate> =
            (0..7).map(|d| monday + Duration::days(d)).filter(|d| *d >= start && *d < calendar::END).collect();
        rng.shuffle(&mut nights);
        nights.truncate(3);
        nights.sort();
        for night in nights {
            let mut takings = 0i64;
            for _ in 0..rng.poisson(0.9) {
                let name = if rng.chance(0.15) { rng.pick(&regulars).clone() } else { population::payer_name(rng) };
                let iban = population::other_de_iban(world, rng);
                let from = Party::Ext { name, iban: Some(iban), country: "DE" };
                let cents = rng.round_amount(130.0, 0.35, 10, 50, 400);
                // Most pay when they meet; some book in the afternoon.
                let local = if rng.chance(0.2) {
                    calendar::at(rng, night, 14.0, 18.0)
                } else {
                    calendar::at_uniform(rng, night, 18.0, 27.0)
                };
                let kind = if harbour { Kind::P2p } else { Kind::Instant };
                let memo = *rng.pick(&["", "", "Danke", "Termin", "1h", "für gestern", "xx"]);
                world.transfer(&from, &me, city.zone.to_utc(local), cents, kind, memo, vtag("client_payment", person));
                takings += cents;
            }
            if rng.chance(0.45) {
                let cents = rng.round_amount(450.0, 0.4, 10, 100, 1500);
                let local = calendar::at_uniform(rng, night, 23.0, 29.0);
                world.deposit(acct, city, local, cents, vtag("victim_cash_deposit", person));
                takings += cents;
            }
            if takings == 0 {
                continue;
            }
            // The next morning most of it goes to the controller.
            let share = 0.85 + 0.10 * rng.f64();
            let cents = ((takings as f64 * share) as i64 / 1000) * 1000;
            let morning = night + Duration::days(1);
            if cents < 5000 || morning > calendar::END {
                continue;
            }
            let local = calendar::at_uniform(rng, morning, 8.5, 13.0);
            let kind = if harbour { Kind::Transfer } else { Kind::Instant };
            let memo = *rng.pick(&["", "", "Miete", "Rückzahlung", "Kosten", "Wohnung"]);
            let (out, _) =
                world.transfer(&me, &x, city.zone.to_utc(local), cents, kind, memo, vtag("proceeds_forwarded", person));
            world.typed_name(out, payee_style.write(&x_name.0, &x_name.1, false));
        }
        // Upkeep: a couple of small purchases in the week's city.
        for _ in 0..rng.poisson(1.3) {
            let day = monday + Duration::days(rng.int(0, 6));
            if day < start || day > calendar::END {
                continue;
            }
            let (m, mcc) = *rng.pick(&UPKEEP);
            let cents = rng.amount(14.0, 0.5, 2.5, 80.0);
            world.card(acct, city, calendar::at(rng, day, 11.0, 20.0), cents, m, mcc, vtag("victim_upkeep", person));
        }
    }
    // A prepaid phone top-up each month and, for Nordbank accounts, the account fee.
    for (y, m) in calendar::months() {
        if let Some(day) = life::day_in(rng, y, m, start) {
            world.card(
                acct,
                &catalog::HAMBURG,
                calendar::at(rng, day, 10.0, 20.0),
                1500,
                "NORDNET MOBIL AUFLADUNG",
                4814,
                vtag("victim_upkeep", person),
            );
        }
        if !harbour {
            let day = roll_back(Zone::Berlin, month_end(y, m));
            if day >= start {
                let utc = batch_time(rng, Zone::Berlin, day);
                world.fee(acct, utc, 495, &format!("Kontoführungsentgelt {m:02}/{y}"));
            }
        }
    }
    weeks
}

/// The cities victims work in during the week starting `monday`, without repeats.
fn cities_in_week(itineraries: &[Itinerary], monday: NaiveDate) -> Vec<&'static City> {
    let mut out: Vec<&'static City> = vec![];
    for (m, city) in itineraries.iter().flatten() {
        if *m == monday && !out.iter().any(|o| std::ptr::eq(*o, *city)) {
            out.push(city);
        }
    }
    out
}

/// Sweeps a cash deposit onwards (72–92 % of it within 4–40 hours): by money transfer operator or wire to
/// the recruiter, or to the partner.
fn sweep(world: &mut World, rng: &mut Rng, ctx: &Ctx, deposited_utc: NaiveDateTime, cents: i64) {
    let amount = ((cents as f64 * (0.72 + 0.2 * rng.f64())) as i64 / 1000) * 1000;
    if amount < 5000 {
        return;
    }
    let mut local = Zone::Berlin.local(deposited_utc + Duration::hours(rng.int(4, 30)));
    // Transfer shops and online banking in office hours: move night-time sweeps to the next morning.
    if !(9..20).contains(&local.hour()) {
        let day = if local.hour() >= 20 { local.date() + Duration::days(1) } else { local.date() };
        local = calendar::at_uniform(rng, day, 9.0, 12.0);
    }
    if local.date() > calendar::END {
        return;
    }
    let x = Party::Acct(ctx.x_acct);
    let r = &world.persons[ctx.r];
    let r_typed = NameStyle::typed(rng).write(&r.first, &r.last, false);
    let r_name = r.name();
    match rng.weighted(&[0.55, 0.3, 0.15]) {
        0 => {
            // Money transfer operator: kept under 2,000 EUR a transaction, split when more.
            let mut left = amount;
            let mut at = local;
            while left > 0 {
                let chunk = left.min(rng.int(150, 199) * 1000);
                let memo = format!(
                    "{} Bargeldtransfer an {r_name}, Iasi, RO MTCN {}",
                    catalog::MSB,
                    rng.int(1_000_000_000, 9_999_999_999)
                );
                let to = Party::Ext { name: r_typed.clone(), iban: None, country: "RO" };
                world.transfer_at(&x, &to, at, chunk, Kind::Remittance, &memo, tag("remittance_to_recruiter"));
                left -= chunk;
                at += Duration::minutes(rng.int(20, 120));
            }
        }
        1 => {
            let memo = *rng.pick(&["Familie", "Unterstützung", "Darlehen", "Baumaterial"]);
            let (out, _) = world.transfer_at(
                &x,
                &Party::Acct(ctx.r_acct),
                local,
                amount,
                Kind::International,
                memo,
                tag("remittance_to_recruiter"),
            );
            world.typed_name(out, r_typed);
        }
        _ => {
            world.transfer_at(
                &x,
                &Party::Acct(ctx.b_acct),
                local,
                amount,
                Kind::Instant,
                "für dich",
                tag("beneficiary_transfer"),
            );
        }
    }
}

/// The controller's account: ads, hotels, rides, upkeep, cash deposits and their sweeps, rent, payments.
fn controller(world: &mut World, rng: &mut Rng, ctx: &Ctx, infra: &Infra, itineraries: &[Itinerary]) {
    let acct = ctx.x_acct;
    let me = Party::Acct(acct);
    let ad_start = date(2026, 1, 10);
    for monday in mondays() {
        let mut cities = cities_in_week(itineraries, monday);
        if cities.is_empty() {
            cities.push(&catalog::HAMBURG);
        }
        let days: Vec<NaiveDate> =
            (0..7).map(|d| monday + Duration::days(d)).filter(|d| *d >= ad_start && *d <= calendar::END).collect();
        if days.is_empty() {
            continue;
        }
        // Ads: a bump or a new ad now and then, in the site's unit price of 12 EUR.
        for _ in 0..rng.poisson(1.2) {
            let day = *rng.pick(&days);
            let units = [1, 2, 2, 3, 4][rng.below(5)];
            world.card(
                acct,
                &catalog::VALLETTA,
                calendar::at(rng, day, 9.0, 23.0),
                1200 * units,
                catalog::AD_SITE,
                7311,
                tag("ad_payment"),
            );
        }
        // Budget hotel rooms, one night, in the week's cities.
        let stays = if cities.len() > 1 || rng.chance(0.6) { 1 + rng.poisson(1.0).min(2) } else { 0 };
        for _ in 0..stays {
            let day = *rng.pick(&days);
            let city = *rng.pick(&cities);
            let hotel = format!("{} {}", rng.pick(&catalog::BUDGET_HOTELS), crate::text::swift_upper(city.name));
            let cents = rng.int(90, 198) * 50;
            world.card(acct, city, calendar::at(rng, day, 14.0, 23.0), cents, &hotel, 7011, tag("hotel_stay"));
        }
        // Rides: busy weeks have five or more, most of them at night.
        let rides = if rng.chance(0.4) { rng.int(5, 6) } else { rng.int(0, 2) };
        for _ in 0..rides {
            let day = *rng.pick(&days);
            let city = *rng.pick(&cities);
            let local = if rng.chance(0.7) {
                calendar::at_uniform(rng, day, 22.0, 29.5)
            } else {
                calendar::at(rng, day, 17.0, 22.0)
            };
            let cents = rng.amount(16.0, 0.35, 7.0, 60.0);
            world.card(acct, city, local, cents, catalog::RIDE_APP, 4121, tag("rideshare"));
        }
        // Upkeep for the victims.
        for _ in 0..rng.poisson(1.0) {
            let day = *rng.pick(&days);
            let city = *rng.pick(&cities);
            let (m, mcc) = *rng.pick(&UPKEEP);
            let cents = rng.amount(19.0, 0.5, 3.0, 120.0);
            world.card(acct, city, calendar::at(rng, day, 10.0, 21.0), cents, m, mcc, tag("victim_upkeep"));
        }
        // Cash collected from the victims, paid in at branches of the cities on the circuit.
        if monday >= date(2026, 1, 26) {
            let mut branch_cities: Vec<&'static City> = cities.iter().copied().filter(|c| c.branch.is_some()).collect();
            while branch_cities.len() < 3 {
                let c = *rng.pick(&NORD_CIRCUIT);
                if !branch_cities.iter().any(|b| std::ptr::eq(*b, c)) {
                    branch_cities.push(c);
                }
            }
            rng.shuffle(&mut branch_cities);
            let n = rng.int(2, 3) as usize;
            let mut dep_days = days.clone();
            rng.shuffle(&mut dep_days);
            for (i, day) in dep_days.into_iter().take(n).enumerate() {
                let city = branch_cities[i % branch_cities.len()];
                let cents = rng.round_amount(900.0, 0.45, 10, 200, 4500);
                let local = if rng.chance(0.6) {
                    calendar::at(rng, day, 10.0, 18.0)
                } else {
                    calendar::at(rng, day, 19.0, 23.5)
                };
                let i = world.deposit(acct, city, local, cents, tag("funnel_cash_deposit"));
                let utc = world.postings[i].utc;
                sweep(world, rng, ctx, utc, cents);
            }
        }
    }
    // Rent for the two flats from February, after a deposit in January.
    let f = Party::Acct(ctx.f_acct);
    let flats = ["Whg. Steindamm 2. OG links", "Whg. Bremen EG"];
    let rents = [135_000, 105_000];
    for (flat, rent) in flats.iter().zip(rents) {
        let day = roll_forward(Zone::Berlin, date(2026, 1, 20));
        world.transfer_at(
            &me,
            &f,
            calendar::at(rng, day, 9.0, 18.0),
            rent * 2,
            Kind::Transfer,
            &format!("Kaution {flat}"),
            tag("rent_for_victims"),
        );
        for (y, m) in calendar::months().skip(1) {
            let day = roll_forward(Zone::Berlin, calendar::day_of_month(y, m, 1));
            let utc = batch_time(rng, Zone::Berlin, day);
            world.transfer(
                &me,
                &f,
                utc,
                rent,
                Kind::StandingOrder,
                &format!("DA Miete {flat}"),
                tag("rent_for_victims"),
            );
        }
    }
    // The partner gets a monthly sum; the transporter is paid twice a month.
    for (y, m) in calendar::months() {
        let day = roll_forward(Zone::Berlin, calendar::day_of_month(y, m, rng.int(1, 5) as u32));
        let cents = rng.round_amount(1900.0, 0.2, 50, 1200, 3000);
        world.transfer_at(
            &me,
            &Party::Acct(ctx.b_acct),
            calendar::at(rng, day, 8.0, 21.0),
            cents,
            Kind::Instant,
            "Haushalt",
            tag("beneficiary_transfer"),
        );
        if m >= 2 {
            for d in [10, 24] {
                let day = calendar::day_of_month(y, m, d + rng.int(0, 3) as u32);
                let cents = rng.round_amount(420.0, 0.25, 10, 200, 800);
                world.transfer_at(
                    &me,
                    &Party::Acct(ctx.t_acct),
                    calendar::at(rng, day, 9.0, 21.0),
                    cents,
                    Kind::Instant,
                    "Fahrten",
                    tag("payment_to_transporter"),
                );
            }
        }
    }
    // His own everyday life, with no wage: groceries, phone, gym, a flat with his partner.
    let mut life = population::german_household(
        world,
        rng,
        infra,
        Customer { person: ctx.x, acct, home: &catalog::HAMBURG },
        None,
        0.3,
    );
    life.car = false;
    life.family = None;
    life.salary = None;
    life::live(world, rng, &life);
}

/// The massage studio: card takings twice a week, cash paid in after hours, shop rent, a mini-job for one
/// quarter, and "loan repayments" to its director.
fn front_company(world: &mut World, rng: &mut Rng, ctx: &Ctx, infra: &Infra) {
    let acct = ctx.cb_acct;
    let me = Party::Acct(acct);
    let acquirer = Party::Acct(infra.acquirer);
    for monday in mondays() {
        for _ in 0..2 {
            let day = roll_forward(Zone::Berlin, monday + Duration::days(rng.int(0, 4)));
            if day > calendar::END {
                continue;
            }
            let cents = rng.amount(380.0, 0.5, 60.0, 2000.0);
            let memo = format!("Kartenumsätze {} TID 48299121", (day - Duration::days(1)).format("%d.%m.%Y"));
            world.transfer(
                &acquirer,
                &me,
                batch_time(rng, Zone::Berlin, day),
                cents,
                Kind::Settlement,
                &memo,
                tag("front_company_revenue"),
            );
        }
        let day = monday + Duration::days(rng.int(0, 5));
        if day <= calendar::END {
            let cents = rng.round_amount(1200.0, 0.4, 10, 300, 4000);
            world.deposit(
                acct,
                &catalog::HAMBURG,
                calendar::at(rng, day, 19.0, 22.5),
                cents,
                tag("front_company_revenue"),
            );
        }
    }
    let helper_iban = population::other_de_iban(world, rng);
    let helper = Party::Ext { name: population::payer_name(rng), iban: Some(helper_iban), country: "DE" };
    let landlord = Party::Acct(infra.de_landlords[1]);
    let x = Party::Acct(ctx.x_acct);
    for (y, m) in calendar::months() {
        let first = roll_forward(Zone::Berlin, calendar::day_of_month(y, m, 1));
        world.transfer(
            &me,
            &landlord,
            batch_time(rng, Zone::Berlin, first),
            165_000,
            Kind::StandingOrder,
            "DA Gewerbemiete Steindamm EG",
            tag("front_company"),
        );
        world.transfer(
            &me,
            &Party::Acct(infra.de_power),
            batch_time(rng, Zone::Berlin, roll_forward(Zone::Berlin, calendar::day_of_month(y, m, 15))),
            18_000,
            Kind::DirectDebit,
            "Abschlag Strom Gewerbe",
            tag("front_company"),
        );
        let last = roll_back(Zone::Berlin, month_end(y, m));
        if m <= 3 {
            world.transfer(
                &me,
                &helper,
                batch_time(rng, Zone::Berlin, last),
                52_000,
                Kind::Salary,
                &format!("Lohn Minijob {m:02}/{y}"),
                tag("front_company"),
            );
        }
        world.fee(
            acct,
            batch_time(rng, Zone::Berlin, last),
            1490,
            &format!("Kontoführungsentgelt Geschäftskonto {m:02}/{y}"),
        );
        for d in [12, 26] {
            let day = calendar::day_of_month(y, m, d + rng.int(0, 2) as u32);
            let cents = rng.round_amount(2200.0, 0.25, 100, 1000, 4000);
            world.transfer_at(
                &me,
                &x,
                calendar::at(rng, day, 9.0, 19.0),
                cents,
                Kind::Transfer,
                "Rückzahlung Gesellschafterdarlehen",
                tag("front_company_withdrawal"),
            );
        }
    }
}

/// The transporter's, landlord's and partner's own accounts.
fn circle(world: &mut World, rng: &mut Rng, ctx: &Ctx, infra: &Infra, itineraries: &[Itinerary]) {
    // Transporter: a driver's wage, plus fuel on the circuit in the weeks he moves the victims.
    let employer = Some(infra.de_employers[0]);
    let mut life = population::german_household(
        world,
        rng,
        infra,
        Customer { person: ctx.t, acct: ctx.t_acct, home: &catalog::HAMBURG },
        employer,
        0.5,
    );
    life.car = true;
    life::live(world, rng, &life);
    for monday in mondays() {
        let cities = cities_in_week(itineraries, monday);
        if cities.is_empty() || monday > calendar::END {
            continue;
        }
        let city = *rng.pick(&cities);
        let cents = rng.amount(68.0, 0.2, 35.0, 110.0);
        let (m, mcc) = *rng.pick(&[("ARAL", 5541u16), ("SHELL", 5541), ("JET", 5541)]);
        world.card(ctx.t_acct, city, calendar::at(rng, monday, 6.0, 13.0), cents, m, mcc, tag("transport_costs"));
    }

    // Landlord: two other tenants pay him, he pays a mortgage.
    let mut life = population::german_household(
        world,
        rng,
        infra,
        Customer { person: ctx.f, acct: ctx.f_acct, home: &catalog::HAMBURG },
        None,
        0.5,
    );
    life.recurring.retain(|r| !r.memo.starts_with("DA Miete"));
    let bank = population::other_de_iban(world, rng);
    life.recurring.push(Recurring {
        to: Party::Ext { name: "Hamburger Baufinanz AG".into(), iban: Some(bank), country: "DE" },
        cents: 148_000,
        day: 30,
        memo: "Darlehen 7701234 Rate".into(),
        kind: Kind::DirectDebit,
        months: MONTHLY,
    });
    life::live(world, rng, &life);
    for _ in 0..2 {
        let iban = population::other_de_iban(world, rng);
        let tenant = Party::Ext { name: population::payer_name(rng), iban: Some(iban), country: "DE" };
        let rent = rng.int(65, 95) * 1000;
        for (y, m) in calendar::months() {
            let day = roll_forward(Zone::Berlin, calendar::day_of_month(y, m, 1));
            world.transfer(
                &tenant,
                &Party::Acct(ctx.f_acct),
                batch_time(rng, Zone::Berlin, day),
                rent,
                Kind::StandingOrder,
                "Miete",
                None,
            );
        }
    }

    // Partner: a part-time job, the monthly sum from the controller, and spending it.
    let employer = Some(infra.de_employers[1]);
    let mut life = population::german_household(
        world,
        rng,
        infra,
        Customer { person: ctx.b, acct: ctx.b_acct, home: &catalog::HAMBURG },
        employer,
        0.6,
    );
    life.account_fee = None;
    life.recurring.retain(|r| !r.memo.starts_with("DA Miete"));
    if let Some(s) = life.salary.as_mut() {
        s.net = s.net * 45 / 100;
    }
    life::live(world, rng, &life);
    for (y, m) in calendar::months() {
        for _ in 0..rng.int(1, 2) {
            let Some(day) = life::day_in(rng, y, m, calendar::START) else { continue };
            let (shop, mcc, median) = *rng.pick(&[
                ("JUWELIER KRONE", 5944u16, 650.0),
                ("DESIGNER OUTLET HH", 5651, 280.0),
                ("BEAUTY LOUNGE", 7230, 120.0),
            ]);
            let cents = rng.amount(median, 0.4, 40.0, 3000.0);
            world.card(
                ctx.b_acct,
                &catalog::HAMBURG,
                calendar::at(rng, day, 11.0, 19.0),
                cents,
                shop,
                mcc,
                tag("beneficiary_spending"),
            );
        }
    }
}

/// The car and the flat deposit, sized to what the funnel account holds at the time.
fn assets(world: &mut World, rng: &mut Rng, ctx: &Ctx) {
    let acct = ctx.x_acct;
    let x = Party::Acct(acct);
    let x_holder = Holder::Person(ctx.x);

    // A used car in May, as dear as the account allows: a card deposit at the dealer, the rest by transfer
    // two days later.
    let day = date(2026, 5, 4) + Duration::days(rng.int(0, 8));
    let day = roll_forward(Zone::Berlin, day);
    let local = calendar::at(rng, day, 11.0, 17.0);
    let room = world.headroom(acct, Zone::Berlin.to_utc(local));
    let price = ((room - 300_000).clamp(800_000, 3_200_000) * 9 / 10) / 10_000 * 10_000;
    let models: &[&str] = match price {
        ..1_400_000 => &["Volkswagen Golf 1.5 TSI", "Seat Leon 1.5 TSI"],
        1_400_000..2_200_000 => &["Audi A3 Sportback 35 TFSI", "BMW 118i"],
        _ => &["Audi A5 Sportback 2.0 TDI", "Mercedes-Benz C 220 d", "BMW 320d Touring"],
    };
    let (model, plate) = (
        *rng.pick(models),
        format!(
            "HH-{}{} {}",
            char::from(b'A' + rng.below(26) as u8),
            char::from(b'A' + rng.below(26) as u8),
            rng.int(100, 9999)
        ),
    );
    world.assets.push(Asset {
        id: String::new(),
        schema: "Vehicle",
        name: model.to_string(),
        registration: plate,
        price_cents: price,
        currency: "EUR",
        address: None,
        model: Some(model.to_string()),
        acquired: day,
    });
    let car = world.assets.len() - 1;
    let deposit = 200_000;
    let i = world.card(acct, &catalog::HAMBURG, local, deposit, "AUTOHAUS NORDSTERN", 5511, None);
    world.postings[i].op = Some(OpTag { what: "asset_purchase", victim: None, asset: Some(car) });
    let (_, dealer_acct) =
        population::external_company(world, rng, "Autohaus Nordstern GmbH", "", &catalog::HAMBURG, false);
    let rest_day = roll_forward(Zone::Berlin, day + Duration::days(2));
    let memo = format!("Restzahlung Kaufvertrag {} {model}", rng.int(20_000, 29_999));
    let (out, _) = world.transfer_at(
        &x,
        &Party::Acct(dealer_acct),
        calendar::at(rng, rest_day, 9.0, 12.0),
        price - deposit,
        Kind::Transfer,
        &memo,
        None,
    );
    if let Some(o) = out {
        world.postings[o].op = Some(OpTag { what: "asset_purchase", victim: None, asset: Some(car) });
    }
    world.links.push(Link::Ownership { owner: x_holder, asset: Owned::Asset(car), since: Some(day) });

    // A flat in Bremen in June: 10 % down payment to the notary's escrow account.
    let day = roll_forward(Zone::Berlin, date(2026, 6, 3) + Duration::days(rng.int(0, 7)));
    let local = calendar::at(rng, day, 9.0, 15.0);
    let room = world.headroom(acct, Zone::Berlin.to_utc(local));
    let down = ((room - 150_000).clamp(500_000, 6_000_000) * 95 / 100) / 100_000 * 100_000;
    let mut notary_p = people::person(world, rng, Origin::De, Gender::Male, (50, 66), &catalog::BREMEN, true);
    notary_p.profession = Some("Notar".into());
    let notary_last = notary_p.last.clone();
    let notary = world.add_person(notary_p);
    let escrow_iban = population::other_de_iban(world, rng);
    let escrow = world.add_account(Account {
        id: String::new(),
        iban: escrow_iban,
        at: Domicile::External { bank: "Bremer Landesbank", country: "DE" },
        currency: "EUR",
        holder: Holder::Person(notary),
        holder_written: format!("Notaranderkonto Dr. {notary_last}"),
        device: None,
        ip: None,
        opening: 0,
        in_registry: false,
    });
    let street = format!("{} {}", rng.pick(&["Hemmstraße", "Findorffstraße", "Münchener Straße"]), rng.int(2, 120));
    world.assets.push(Asset {
        id: String::new(),
        schema: "RealEstate",
        name: format!("Eigentumswohnung {street}, Bremen"),
        registration: format!("Grundbuch von Findorff Blatt {}", rng.int(1000, 9999)),
        price_cents: down * 10,
        currency: "EUR",
        address: Some(format!("{street}, 28215 Bremen")),
        model: None,
        acquired: day,
    });
    let flat = world.assets.len() - 1;
    let memo = format!("Anzahlung Kaufpreis ETW {street} Bremen UR-Nr. {}/2026", rng.int(100, 999));
    let (out, _) = world.transfer_at(&x, &Party::Acct(escrow), local, down, Kind::Transfer, &memo, None);
    if let Some(o) = out {
        world.postings[o].op = Some(OpTag { what: "asset_purchase", victim: None, asset: Some(flat) });
    }
    world.links.push(Link::Ownership { owner: x_holder, asset: Owned::Asset(flat), since: Some(day) });
}
