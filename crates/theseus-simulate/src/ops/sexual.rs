//! Sexual exploitation advertised online, from a lone exploiter with one or two victims to an organised
//! group on a weekly circuit of cities.
//!
//! Who is in it and what they leave in the evidence (at full trace; careful operations leave less):
//! - **Exploiter/controller** (the funnel account at the base bank): an ad-site poster account paying ad
//!   fees by card in unit prices of 12 (same amount and minute as the ad), one-night budget hotel stays and
//!   night-time ride-hailing in the cities the victims work in, cash deposited at branches in several cities
//!   and mostly sent on within two days, rent for the victims' flats, payments to the transporter, a car and
//!   a flat deposit bought with the proceeds. No wage of his or her own.
//! - **Victims** (women and men, some barely adult; at the base bank and at Harbour Bank's euro accounts):
//!   many small payments from unrelated payers, night-time cash deposits in a different city each week, and
//!   each morning most of the night's takings forwarded to the controller. Harbour accounts are operated
//!   from the controller's phone (same device and IP). In the registry their phone is the ad's phone.
//! - **Recruiter** abroad (organised groups): a fee per recruit, then remittances by money transfer
//!   operator, wire or crypto.
//! - **Transporter**: bus tickets before each arrival, fuel on the circuit, paid by the controller.
//! - **Facilitator**: the landlord of the victims' flats, paid by standing order; money mules in large
//!   groups who pay cash in and send it on.
//! - **Beneficiary**: the controller's partner, paid monthly and spending on jewellery and fashion.
//! - **Complicit business** (four or more victims): a massage studio the controller directs, with card and
//!   cash takings, almost no payroll and regular "loan repayments" to its director.
//! - **Buyers**: regular clients in the registry who call the ad phone and pay victims by transfer.
//!
//! Distributions: client payments log-normal around 130 EUR (σ 0.35, rounded to 10), Poisson with mean
//! 0.9 × trace per working night (three a week), 18:00–03:00 or the afternoon before; night cash deposits
//! around 450 EUR (σ 0.4) on 45 % × trace of working nights, 23:00–05:00; forwards the next morning
//! 08:30–13:00 of 85–95 % of the night's takings, rounded down to 10 (handed over in cash instead with
//! probability 1 − trace). Controller's cash deposits around 900 EUR (σ 0.45), two or three a week in
//! different branch cities; 72–92 % of each leaves within 4–40 hours. Hotel nights 45–99 EUR; rides around
//! 16 EUR (σ 0.35), 70 % at night.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

use super::Op;
use crate::ads::{self, Draft, Obfuscation, Persona};
use crate::calendar::{self, date, month_end, roll_back, roll_forward};
use crate::catalog::{self, City};
use crate::crypto;
use crate::life::{self, MONTHLY, Recurring};
use crate::people::{self, Origin};
use crate::phones;
use crate::population::{self, Customer, Infra, open_account};
use crate::rng::Rng;
use crate::text::NameStyle;
use crate::world::{
    Account, Asset, Bank, CardRef, Coin, Company, Domicile, Gender, Holder, Kind, Link, Owned, Party, Site,
    UserAccount, World, batch_time,
};

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
    phone: String,
    persona: Persona,
    photos: Vec<String>,
}

/// Each victim's city per week, from the week they start working.
type Itinerary = Vec<(NaiveDate, &'static City)>;

/// The members (person indices) and their accounts.
struct Ctx {
    x: usize,
    x_acct: usize,
    x_phone: String,
    r: Option<(usize, usize)>,
    t: Option<(usize, usize)>,
    f: Option<(usize, usize)>,
    b: Option<(usize, usize)>,
    cb: Option<usize>,
    mules: Vec<(usize, usize)>,
    buyers: Vec<(usize, String, String)>,
    victims: Vec<Victim>,
    ad_phone: String,
    poster: usize,
    /// Exchange account and wallet, when proceeds go into crypto.
    crypto: Option<(String, String)>,
    recruiter_crypto: Option<String>,
}

fn origin_word(origin: Origin, female: bool) -> &'static str {
    match (origin, female) {
        (Origin::Ro, _) => "rumänische",
        (Origin::Bg, _) => "bulgarische",
        (Origin::Ua, _) => "ukrainische",
        (Origin::Hu, _) => "ungarische",
        (Origin::De | Origin::At, true) => "deutsche",
        _ => "osteuropäische",
    }
}

/// Injects one sexual-exploitation operation.
pub(crate) fn inject(world: &mut World, rng: &mut Rng, infra: &Infra, op: &Op) {
    let ctx = cast(world, rng, op);
    recruitment_and_transport(world, rng, op, &ctx);
    let itineraries: Vec<Itinerary> = (0..ctx.victims.len()).map(|v| victim_work(world, rng, op, &ctx, v)).collect();
    controller(world, rng, op, &ctx, infra, &itineraries);
    if ctx.cb.is_some() {
        front_company(world, rng, op, &ctx, infra);
    }
    circle(world, rng, op, &ctx, infra, &itineraries);
    if let Some((id, wallet)) = &ctx.crypto {
        crypto_laundering(world, rng, op, &ctx, infra, id, wallet);
    }
    assets(world, rng, op, &ctx);
    member_calls(world, rng, op, &ctx, &itineraries);
    let rec = &mut world.ops[op.i];
    rec.sector = "online_ads";
    rec.victims = ctx.victims.iter().map(|v| v.person).collect();
    rec.identifiers.push(("phone", ctx.ad_phone.clone()));
    if op.trace >= 0.7
        && let Some(d) = ctx.victims.iter().find(|v| v.harbour).and_then(|v| world.accounts[v.acct].device.clone())
    {
        world.ops[op.i].identifiers.push(("device", d));
    }
    let n = ctx.victims.len();
    let city = op.base.home.name;
    world.ops[op.i].summary = if op.organised {
        format!(
            "Sexual exploitation of {n} people advertised on an adult ad site, run from {city} on a weekly circuit of cities. \
             Victims recruited abroad collect client payments and cash and forward most of it to the controller's funnel account; \
             the controller sends money on to the recruiter, pays the victims' flats, the transporter and a partner{}{}, and buys assets with the proceeds. \
             Trace level {:.1}.",
            if ctx.cb.is_some() { ", runs a front massage studio" } else { "" },
            if ctx.crypto.is_some() { ", moves part of the proceeds into crypto-assets" } else { "" },
            op.trace
        )
    } else {
        format!(
            "A lone exploiter in {city} advertises {n} {} online and takes most of the takings, forwarded each morning to his account; \
             hotel stays and night rides on his card. Trace level {:.1}.",
            if n == 1 { "person" } else { "people" },
            op.trace
        )
    };
}

/// Creates the members, their registry records, phones and accounts.
fn cast(world: &mut World, rng: &mut Rng, op: &Op) -> Ctx {
    let base = op.base;
    let home = base.home;
    let local_origin = if home.country == "AT" { Origin::At } else { Origin::De };
    // Controller: usually a man; a woman in about a quarter of the groups.
    let xg = if op.i % 4 == 3 { Gender::Female } else { Gender::Male };
    let mut xp = people::person(world, rng, local_origin, xg, (28, 46), home, true);
    xp.profession = Some(if op.organised { "Geschäftsführer" } else { "Selbstständig" }.into());
    let flat_home = xp.address.clone();
    let x_phone = xp.phones[0].clone();
    let x = world.add_person(xp);
    let b = if op.organised {
        let bg = if xg == Gender::Male { Gender::Female } else { Gender::Male };
        let mut bp = people::person(world, rng, local_origin, bg, (26, 40), home, true);
        bp.address = flat_home;
        let b = world.add_person(bp);
        world.links.push(Link::Family { person: x, relative: b, relationship: "partner" });
        Some(b)
    } else {
        None
    };

    // Recruiter abroad: a woman in half the groups.
    let recruit_origin = *rng.pick(&[Origin::Ro, Origin::Ro, Origin::Bg, Origin::Ua]);
    let r = if op.organised {
        let g = if rng.chance(0.5) { Gender::Female } else { Gender::Male };
        let mut rp = people::person(world, rng, recruit_origin, g, (35, 58), home, true);
        rp.phones = vec![people::mobile(rng, recruit_origin.nationality())];
        rp.address = Some(match recruit_origin {
            Origin::Bg => format!("ul. Vasil Levski {}, 5800 Pleven, Bulgaria", rng.int(3, 160)),
            Origin::Ua => format!("vul. Shevchenka {}, 58000 Chernivtsi, Ukraine", rng.int(3, 160)),
            _ => format!("Strada Păcurari {}, 700511 Iași, România", rng.int(3, 160)),
        });
        Some(world.add_person(rp))
    } else {
        None
    };
    let t = if op.organised && op.victims >= 3 {
        let mut tp = people::person(world, rng, Origin::Bg, Gender::Male, (27, 45), home, true);
        tp.profession = Some("Kraftfahrer".into());
        Some(world.add_person(tp))
    } else {
        None
    };
    let f = if op.organised {
        let g = people::any_gender(rng);
        let mut fp = people::person(world, rng, local_origin, g, (50, 70), home, true);
        fp.profession = Some("Vermieter".into());
        Some(world.add_person(fp))
    } else {
        None
    };

    // The flats the victims live in.
    let flats: Vec<String> = (0..op.victims.div_ceil(3).max(1))
        .map(|i| {
            let c = if i == 0 { home } else { *rng.pick(base.branch_cities) };
            people::address(rng, c)
        })
        .collect();

    // The ad's phone: a prepaid number; at high trace the bank's KYC holds it for every victim.
    let ad_phone = people::mobile(rng, home.country);
    let device = format!("and-{:08x}", rng.int(0, 0xffff_ffff));
    let controller_ip = format!("203.0.113.{}", rng.int(2, 254));
    let shares_device = op.trace >= 0.7;
    let shares_phone = op.trace >= 0.5;

    let mut victims = vec![];
    let gap = if op.victims > 1 { (60 / op.victims as i64).clamp(5, 16) } else { 0 };
    for i in 0..op.victims {
        let origin = if !op.organised && i == 0 && rng.chance(0.5) {
            local_origin
        } else if i % 3 == 2 {
            *rng.pick(&[Origin::Bg, Origin::Hu, Origin::Ua])
        } else {
            recruit_origin
        };
        // One in four victims is a man or boy; the fourth of a group always.
        let gender = if i % 4 == 3 || (op.victims == 1 && op.i % 5 == 4) { Gender::Male } else { Gender::Female };
        // In larger groups the youngest is a minor of 17 (the ads still say 18).
        let ages = if op.victims >= 5 && i == op.victims - 1 { (17, 17) } else { (18, 25) };
        let mut p = people::person(world, rng, origin, gender, ages, home, true);
        let own_phone = people::mobile(rng, home.country);
        p.phones = vec![if shares_phone { ad_phone.clone() } else { own_phone.clone() }];
        p.address = Some(flats[i / 3].clone());
        if rng.chance(0.5) {
            p.email = None;
        }
        if rng.chance(0.15) {
            p.birth_known = false;
        }
        let age = ((world.start() - p.birth).num_days() / 365) as u32;
        let female = gender == Gender::Female;
        let persona = Persona {
            alias: ads::alias(rng, female),
            age: age.max(18) + rng.int(0, 1) as u32,
            origin_word: origin_word(origin, female),
            female,
        };
        let person = world.add_person(p);
        op.member(
            world,
            "victim",
            Holder::Person(person),
            "exploited through online ads; account used to collect and forward proceeds",
        );
        let arrival = op.start + Duration::days(gap * i as i64 + rng.int(0, 4));
        let arrival = arrival.min(world.end() - Duration::days(20)).max(world.start());
        let harbour = i % 2 == 1 && base.bank == Bank::Nordbank || (i % 3 == 1 && base.bank == Bank::Danube);
        let bank = if harbour { Bank::Harbour } else { base.bank };
        let acct = open_account(world, rng, Holder::Person(person), bank, "EUR", None);
        world.accounts[acct].opening = 0;
        world.accounts[acct].opened = arrival;
        if harbour && shares_device {
            world.accounts[acct].device = Some(device.clone());
            world.accounts[acct].ip = Some(controller_ip.clone());
        }
        let k = rng.int(4, 6) as usize;
        let photos = ads::images(rng, k);
        victims.push(Victim { person, acct, arrival, harbour, phone: own_phone, persona, photos });
    }

    // Regular clients in the registry.
    let mut buyers = vec![];
    for _ in 0..(op.victims / 2 + 1).min(4) {
        let bc = *rng.pick(base.branch_cities);
        let mut p = people::person(world, rng, local_origin, Gender::Male, (24, 66), bc, true);
        p.profession =
            Some(rng.pick(&["Ingenieur", "Kaufmann", "Vertriebsleiter", "Handwerker", "Beamter"]).to_string());
        let phone = p.phones[0].clone();
        let name = p.name();
        let person = world.add_person(p);
        let iban = population::other_iban(world, rng, home);
        world.add_account(Account {
            id: String::new(),
            iban: iban.clone().into(),
            at: Domicile::External { bank: "Sparkasse", country: home.country },
            currency: "EUR",
            holder: Holder::Person(person),
            holder_written: name.clone().into(),
            device: None,
            ip: None,
            opening: 0,
            in_registry: true,
            opened: date(2012, 1, 1),
            streamed: false,
        });
        op.member(world, "buyer", Holder::Person(person), "regular client: calls the ad phone and pays by transfer");
        buyers.push((person, name, phone));
    }

    // The ad-site account. At high trace the controller pays the fees with his own card.
    let x_acct = open_account(world, rng, Holder::Person(x), base.bank, "EUR", None);
    world.accounts[x_acct].opening = rng.amount(2400.0, 0.3, 800.0, 5000.0);
    let card = if op.trace >= 0.5 || rng.chance(op.trace) {
        CardRef::Account(x_acct)
    } else if rng.chance(0.5) {
        CardRef::Account(victims[0].acct)
    } else {
        CardRef::Outside {
            bin: "533248".into(),
            last4: format!("{:04}", rng.int(0, 9999)),
            holder: rng.pick(&["PREPAID CARD", "GIFT CARD HOLDER", "MASTERCARD PREPAID"]).to_string(),
        }
    };
    let username = format!(
        "{}_{}",
        rng.pick(&["hh", "nord", "elbe", "vip", "city", "donau"]),
        rng.pick(&["angels_vip", "sweet_girls", "dream_escort", "top_ladies", "new_models"])
    );
    let email =
        format!("{}{}@mailbox.example", rng.pick(&["angels.", "dreamgirls", "vip.nord.", "toplady"]), rng.int(10, 99));
    let poster = ads::poster(
        world,
        Site::EscortDir,
        Some(Holder::Person(x)),
        vec![email.clone()],
        vec![ad_phone.clone()],
        vec![controller_ip.clone(), format!("198.51.100.{}", rng.int(2, 254))],
        vec![card],
        Some(op.i),
    );
    world.user_accounts.push(UserAccount {
        id: String::new(),
        service: Site::EscortDir.domain(),
        username,
        email,
        phone: ad_phone.clone(),
        created: op.start - Duration::days(2),
    });

    // Phone lines: the ad phone in the first victim's name (or a front's), the victims' phones registered
    // by the controller, the controller's own phone sometimes in the partner's name.
    let v0 = &world.persons[victims[0].person];
    let (sub, birth, address, reg) = if op.trace >= 0.5 {
        (
            NameStyle::LastCommaFirst.write(
                &crate::text::latin1ish(&v0.first),
                &crate::text::latin1ish(&v0.last),
                true,
            ),
            Some(v0.birth),
            v0.address.clone().unwrap_or_default(),
            Some(Holder::Person(victims[0].person)),
        )
    } else {
        (
            "Prepaid Kunde".to_string(),
            None,
            format!("Postfach {}, {} {}", rng.int(100, 999), home.postcode, home.name),
            None,
        )
    };
    let doc = phones::document_of(&world.persons[victims[0].person]);
    phones::register(
        world,
        &ad_phone,
        sub,
        birth,
        address,
        doc,
        op.start - Duration::days(3),
        reg,
        Some(Holder::Person(x)),
        Some(op.i),
    );
    for v in &victims {
        let xp = &world.persons[x];
        let (name, birth, addr, doc) = if op.trace >= 0.6 {
            (xp.name(), Some(xp.birth), xp.address.clone().unwrap_or_default(), phones::document_of(xp))
        } else {
            let vp = &world.persons[v.person];
            (vp.name(), None, vp.address.clone().unwrap_or_default(), phones::document_of(vp))
        };
        let reg = if op.trace >= 0.6 { Holder::Person(x) } else { Holder::Person(v.person) };
        phones::register(
            world,
            &v.phone,
            name,
            birth,
            addr,
            doc,
            v.arrival,
            Some(reg),
            Some(Holder::Person(v.person)),
            Some(op.i),
        );
    }
    if let Some(b) = b
        && rng.chance(0.5)
    {
        let bp = &world.persons[b];
        let doc = phones::document_of(bp);
        let (name, birth, addr) = (bp.name(), Some(bp.birth), bp.address.clone().unwrap_or_default());
        phones::register(
            world,
            &x_phone,
            name,
            birth,
            addr,
            doc,
            world.start() - Duration::days(400),
            Some(Holder::Person(b)),
            Some(Holder::Person(x)),
            Some(op.i),
        );
    }

    // The front company, directed and owned by the controller.
    let cb = if op.organised && op.victims >= 4 {
        let legal = if home.country == "AT" { "GmbH" } else { "UG (haftungsbeschränkt)" };
        let cb = world.add_company(Company {
            id: String::new(),
            name: format!(
                "{} Wellness & Massage {legal}",
                ["Lotus", "Jasmin", "Orchidee", "Sakura", "Paradise"][op.i % 5]
            ),
            registration: population::registration(rng, home.country),
            jurisdiction: if home.country == "AT" { "AT" } else { "DE" },
            address: people::address(rng, home),
            phone: Some(people::landline(rng, home)),
            in_registry: true,
        });
        let since = op.start - Duration::days(rng.int(90, 200));
        world.links.push(Link::Directorship { director: x, company: cb, role: "Geschäftsführer", since });
        world.links.push(Link::Ownership { owner: Holder::Person(x), asset: Owned::Company(cb), since: Some(since) });
        Some(cb)
    } else {
        None
    };

    // Accounts of the circle.
    let t = t.map(|t| (t, open_account(world, rng, Holder::Person(t), base.bank, "EUR", None)));
    let f = f.map(|f| (f, open_account(world, rng, Holder::Person(f), base.bank, "EUR", None)));
    let b = b.map(|b| (b, open_account(world, rng, Holder::Person(b), Bank::Harbour, "EUR", None)));
    let cb_acct = cb.map(|cb| {
        let a = open_account(world, rng, Holder::Company(cb), base.bank, "EUR", None);
        world.accounts[a].opening = 800_000;
        a
    });
    let r = r.map(|r| {
        let iban = match recruit_origin {
            Origin::Bg => world.issuer.bg(rng, "UNCR"),
            Origin::Ua => world.issuer.ua(rng),
            _ => world.issuer.ro(rng, "CARP"),
        };
        let written = NameStyle::UpperLastFirst.write(&world.persons[r].first, &world.persons[r].last, false);
        let a = world.add_account(Account {
            id: String::new(),
            iban: iban.into(),
            at: Domicile::External {
                bank: match recruit_origin {
                    Origin::Bg => "Balkan Commercial Bank AD",
                    Origin::Ua => "Bank Lvivskyi AT",
                    _ => "Banca Carpatica SA",
                },
                country: recruit_origin.nationality(),
            },
            currency: "EUR",
            holder: Holder::Person(r),
            holder_written: written.into(),
            device: None,
            ip: None,
            opening: 0,
            in_registry: true,
            opened: date(2015, 6, 1),
            streamed: false,
        });
        (r, a)
    });
    // Money mules for large groups: they pay in cash and send it on.
    let mut mules = vec![];
    if op.organised && op.victims >= 7 {
        for _ in 0..2 {
            let g = people::any_gender(rng);
            let mut p = people::person(world, rng, local_origin, g, (19, 26), home, true);
            p.profession = Some("Student/in".into());
            let m = world.add_person(p);
            let a = open_account(world, rng, Holder::Person(m), base.bank, "EUR", None);
            world.accounts[a].opening = rng.amount(300.0, 0.5, 20.0, 1500.0);
            op.member(
                world,
                "facilitator",
                Holder::Person(m),
                "money mule: pays cash in at branches and sends it on to the controller",
            );
            mules.push((m, a));
        }
    }

    let crypto = (op.organised && (op.trace < 0.8 || op.i % 3 == 1))
        .then(|| (crypto::account_id(rng), crypto::wallet(rng, Coin::Btc)));
    let recruiter_crypto = crypto.as_ref().and(r).map(|_| crypto::account_id(rng));

    op.member(
        world,
        "exploiter",
        Holder::Person(x),
        "controller; runs the ads, collects the proceeds in a funnel account",
    );
    if let Some((r, _)) = r {
        op.member(world, "recruiter", Holder::Person(r), "recruits abroad; paid per recruit and by remittances");
    }
    if let Some((t, _)) = t {
        op.member(world, "transporter", Holder::Person(t), "brings the victims over and drives them between cities");
    }
    if let Some((f, _)) = f {
        op.member(world, "facilitator", Holder::Person(f), "rents the victims' flats to the controller");
    }
    if let Some((b, _)) = b {
        op.member(world, "beneficiary", Holder::Person(b), "controller's partner; receives proceeds monthly");
    }
    if let Some(cb) = cb {
        op.member(
            world,
            "complicit_business",
            Holder::Company(cb),
            "front massage studio directed and owned by the controller",
        );
    }
    let cb = cb_acct;
    Ctx { x, x_acct, x_phone, r, t, f, b, cb, mules, buyers, victims, ad_phone, poster, crypto, recruiter_crypto }
}

fn recruitment_and_transport(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx) {
    let x = Party::Acct(ctx.x_acct);
    for v in 0..ctx.victims.len() {
        let arrival = ctx.victims[v].arrival;
        let person = ctx.victims[v].person;
        if let Some((r, r_acct)) = ctx.r {
            // The recruiter's fee, a week or two before the trip.
            let day = (arrival - Duration::days(rng.int(8, 14))).max(world.start());
            let fee = rng.round_amount(650.0, 0.2, 50, 400, 1200);
            let memo = *rng.pick(&["Darlehen", "Rückzahlung", "Familie", ""]);
            let (out, _) = world.transfer_at(
                &x,
                &Party::Acct(r_acct),
                calendar::at(rng, day, 9.0, 18.0),
                fee,
                Kind::International,
                memo,
                op.vtag("recruitment_fee", person),
            );
            let typed = NameStyle::typed(rng).write(&world.persons[r].first, &world.persons[r].last, false);
            world.typed_name(out, typed);
        }
        if let Some((_, t_acct)) = ctx.t {
            // The transporter buys the bus ticket from the country of origin.
            let day = (arrival - Duration::days(rng.int(3, 7))).max(world.start());
            let ticket = rng.amount(118.0, 0.12, 89.0, 159.0);
            world.card(
                t_acct,
                op.base.home,
                calendar::at(rng, day, 10.0, 22.0),
                ticket,
                "EUROLINER BUS",
                4131,
                op.vtag("travel_for_victims", person),
            );
            // And is paid back with a little on top after the arrival.
            let day = arrival + Duration::days(rng.int(1, 3));
            let cents = rng.round_amount(380.0, 0.2, 10, 250, 600);
            world.transfer_at(
                &x,
                &Party::Acct(t_acct),
                calendar::at(rng, day, 9.0, 20.0),
                cents,
                Kind::Instant,
                "Auslagen Fahrt",
                op.vtag("payment_to_transporter", person),
            );
        }
    }
}

/// Picks each victim's city per week (a circuit: rarely the same city two weeks running), generates the
/// nights and posts the week's ads.
fn victim_work(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx, v: usize) -> Itinerary {
    let victim = &ctx.victims[v];
    let (person, acct, harbour) = (victim.person, victim.acct, victim.harbour);
    let start = victim.arrival + Duration::days(4);
    let circuit: &[&'static City] = if !op.organised {
        &op.base.branch_cities[..2]
    } else if harbour {
        op.base.circuit
    } else {
        op.base.branch_cities
    };
    let x = Party::Acct(ctx.x_acct);
    let me = Party::Acct(acct);
    let mut regulars: Vec<(String, Option<String>, Option<String>)> =
        (0..5).map(|_| (population::payer_name(rng), None, None)).collect();
    for (b, name, phone) in &ctx.buyers {
        let iban = world.accounts.iter().find(|a| a.holder == Holder::Person(*b)).map(|a| a.iban.to_string());
        regulars.push((name.clone(), iban, Some(phone.clone())));
    }
    let mut last: &'static City = op.base.home;
    let mut weeks = vec![];
    let x_name = (world.persons[ctx.x].first.clone(), world.persons[ctx.x].last.clone());
    let payee_style = NameStyle::typed(rng);
    let mut unbanked = 0i64;
    let mondays: Vec<NaiveDate> = world.period.mondays().collect();
    for monday in mondays {
        if monday + Duration::days(6) < start {
            continue;
        }
        let mut city = *rng.pick(circuit);
        if std::ptr::eq(city, last) && rng.chance(0.8) {
            city = *rng.pick(circuit);
        }
        last = city;
        weeks.push((monday, city));
        // The week's ad for this victim: new or bumped, fee in units of 12.
        let ad_days: Vec<NaiveDate> = (0..7)
            .map(|d| monday + Duration::days(d))
            .filter(|d| *d >= start - Duration::days(2) && *d <= world.end())
            .collect();
        for _ in 0..(1 + rng.poisson(0.3)).min(ad_days.len() as u32) {
            let day = *rng.pick(&ad_days);
            let local = calendar::at(rng, day, 9.0, 23.0);
            let units = [1, 2, 2, 3, 4][rng.below(5)];
            let agency = op.organised && rng.chance(0.4);
            let (title, body) = ads::operation_ad(rng, &victim.persona, city, agency);
            let style = if rng.chance(0.6) { Obfuscation::any(rng) } else { Obfuscation::Plain };
            let imgs = ads::some_images(rng, &victim.photos, 3);
            ads::post(
                world,
                rng,
                Draft {
                    poster: ctx.poster,
                    city,
                    local,
                    title,
                    body,
                    phone: Some((ctx.ad_phone.clone(), style)),
                    email: None,
                    images: imgs,
                    fee: Some((1200 * units, 0)),
                    op: Some(op.i),
                    subject: Some(person),
                    tag: op.vtag("ad_payment", person),
                },
            );
        }
        // Three working nights a week.
        let mut nights: Vec<NaiveDate> =
            (0..7).map(|d| monday + Duration::days(d)).filter(|d| *d >= start && *d < world.end()).collect();
        rng.shuffle(&mut nights);
        nights.truncate(3);
        nights.sort();
        for night in nights {
            let mut takings = 0i64;
            // Clients who pay cash: never in a bank unless paid in.
            let cash_clients = rng.poisson(1.5);
            let mut cash = 0i64;
            for _ in 0..cash_clients {
                let cents = rng.round_amount(130.0, 0.35, 10, 50, 400);
                cash += cents;
                let caller = people::mobile(rng, op.base.home.country);
                let local = calendar::at_uniform(rng, night, 16.0, 26.0);
                let sms = rng.chance(0.4);
                let d = phones::duration(rng);
                phones::call(world, local, city, caller, ctx.ad_phone.clone(), sms, d, Some(op.i));
            }
            for _ in 0..rng.poisson(0.9 * op.trace.max(0.3)) {
                let k = rng.below(regulars.len());
                let regular = rng.chance(0.15);
                let (name, iban, phone) =
                    if regular { regulars[k].clone() } else { (population::payer_name(rng), None, None) };
                let iban = match iban {
                    Some(i) => i,
                    None => population::other_iban(world, rng, op.base.home),
                };
                let from = Party::ext(name, Some(iban), op.base.home.country);
                let cents = rng.round_amount(130.0, 0.35, 10, 50, 400);
                // Most pay when they meet; some book in the afternoon.
                let local = if rng.chance(0.2) {
                    calendar::at(rng, night, 14.0, 18.0)
                } else {
                    calendar::at_uniform(rng, night, 18.0, 27.0)
                };
                let kind = if harbour { Kind::P2p } else { Kind::Instant };
                let memo = *rng.pick(&["", "", "Danke", "Termin", "1h", "für gestern", "xx"]);
                world.transfer(
                    &from,
                    &me,
                    city.zone.to_utc(local),
                    cents,
                    kind,
                    memo,
                    op.vtag("client_payment", person),
                );
                takings += cents;
                // The client called the ad phone before.
                let caller = phone.unwrap_or_else(|| people::mobile(rng, op.base.home.country));
                let call_at = local - Duration::minutes(rng.int(20, 180));
                let d = phones::duration(rng);
                phones::call(world, call_at, city, caller, ctx.ad_phone.clone(), false, d, Some(op.i));
            }
            if cash > 0 && op.leaves(rng, 0.45) {
                let cents = (cash.min(rng.round_amount(450.0, 0.4, 10, 100, 1500)) / 1000).max(1) * 1000;
                let local = calendar::at_uniform(rng, night, 23.0, 29.0);
                world.deposit(acct, city, local, cents, op.vtag("victim_cash_deposit", person));
                takings += cents;
                cash -= cents.min(cash);
            }
            // The rest of the cash goes to the controller in person (never in a bank).
            unbanked += cash * 9 / 10;
            if takings == 0 {
                continue;
            }
            // The next morning most of it goes to the controller, by transfer or in cash.
            let share = 0.85 + 0.10 * rng.f64();
            let cents = ((takings as f64 * share) as i64 / 1000) * 1000;
            let morning = night + Duration::days(1);
            if cents < 5000 || morning > world.end() {
                continue;
            }
            if !op.leaves(rng, 1.0) {
                // Careful: withdrawn and handed over in cash.
                let local = calendar::at(rng, morning, 9.0, 13.0);
                world.atm(acct, city, local, (cents / 1000).max(2) * 1000);
                unbanked += 0;
                continue;
            }
            let local = calendar::at_uniform(rng, morning, 8.5, 13.0);
            let kind = if harbour { Kind::Transfer } else { Kind::Instant };
            let memo = *rng.pick(&["", "", "Miete", "Rückzahlung", "Kosten", "Wohnung"]);
            let (out, _) = world.transfer(
                &me,
                &x,
                city.zone.to_utc(local),
                cents,
                kind,
                memo,
                op.vtag("proceeds_forwarded", person),
            );
            world.typed_name(out, payee_style.write(&x_name.0, &x_name.1, false));
        }
        // Upkeep: a couple of small purchases in the week's city.
        for _ in 0..rng.poisson(1.3) {
            let day = monday + Duration::days(rng.int(0, 6));
            if day < start || day > world.end() {
                continue;
            }
            let (m, mcc) = *rng.pick(&UPKEEP);
            let cents = rng.amount(14.0, 0.5, 2.5, 80.0);
            world.card(acct, city, calendar::at(rng, day, 11.0, 20.0), cents, m, mcc, op.vtag("victim_upkeep", person));
        }
    }
    // A prepaid phone top-up each month and, for accounts at the base bank, the account fee.
    let months: Vec<(i32, u32)> = world.period.months().collect();
    for (y, m) in months {
        if let Some(day) = life::day_in(rng, y, m, start) {
            let topup = if op.base.home.country == "AT" { "ALPENFUNK AUFLADUNG" } else { "NORDNET MOBIL AUFLADUNG" };
            world.card(
                acct,
                op.base.home,
                calendar::at(rng, day, 10.0, 20.0),
                1500,
                topup,
                4814,
                op.vtag("victim_upkeep", person),
            );
        }
        if !harbour {
            let zone = op.base.home.zone;
            let day = roll_back(zone, month_end(y, m));
            if day >= start {
                let utc = batch_time(rng, zone, day);
                world.fee(acct, utc, 495, format!("Kontoführungsentgelt {m:02}/{y}"));
            }
        }
    }
    world.ops[op.i].unbanked.push((person, unbanked));
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
fn sweep(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx, deposited_utc: NaiveDateTime, cents: i64) {
    let amount = ((cents as f64 * (0.72 + 0.2 * rng.f64())) as i64 / 1000) * 1000;
    if amount < 5000 {
        return;
    }
    let zone = op.base.home.zone;
    let mut local = zone.local(deposited_utc + Duration::hours(rng.int(4, 30)));
    // Transfer shops and online banking in office hours: move night-time sweeps to the next morning.
    if !(9..20).contains(&local.hour()) {
        let day = if local.hour() >= 20 { local.date() + Duration::days(1) } else { local.date() };
        local = calendar::at_uniform(rng, day, 9.0, 12.0);
    }
    if local.date() > world.end() {
        return;
    }
    let x = Party::Acct(ctx.x_acct);
    let choice = match (ctx.r, ctx.b) {
        (Some(_), Some(_)) => rng.weighted(&[0.55, 0.3, 0.15]),
        (Some(_), None) => rng.weighted(&[0.6, 0.4, 0.0]),
        (None, Some(_)) => 2,
        (None, None) => 3,
    };
    match (choice, ctx.r, ctx.b) {
        (0, Some((r, _)), _) => {
            let rp = &world.persons[r];
            let r_typed = NameStyle::typed(rng).write(&rp.first, &rp.last, false);
            let r_name = rp.name();
            let country = rp.nationality;
            let town = if country == "BG" {
                "Pleven"
            } else if country == "UA" {
                "Chernivtsi"
            } else {
                "Iasi"
            };
            // Money transfer operator: kept under 2,000 EUR a transaction, split when more.
            let mut left = amount;
            let mut at = local;
            while left > 0 {
                let chunk = left.min(rng.int(150, 199) * 1000);
                let memo = format!(
                    "{} Bargeldtransfer an {r_name}, {town}, {country} MTCN {}",
                    catalog::MSB,
                    rng.int(1_000_000_000, 9_999_999_999)
                );
                let to = Party::ext(r_typed.clone(), None, country);
                world.transfer_at(&x, &to, at, chunk, Kind::Remittance, memo, op.tag("remittance_to_recruiter"));
                left -= chunk;
                at += Duration::minutes(rng.int(20, 120));
            }
        }
        (1, Some((r, r_acct)), _) => {
            let rp = &world.persons[r];
            let r_typed = NameStyle::typed(rng).write(&rp.first, &rp.last, false);
            let memo = *rng.pick(&["Familie", "Unterstützung", "Darlehen", "Baumaterial"]);
            let (out, _) = world.transfer_at(
                &x,
                &Party::Acct(r_acct),
                local,
                amount,
                Kind::International,
                memo,
                op.tag("remittance_to_recruiter"),
            );
            world.typed_name(out, r_typed);
        }
        (2, _, Some((_, b_acct))) => {
            world.transfer_at(
                &x,
                &Party::Acct(b_acct),
                local,
                amount,
                Kind::Instant,
                "für dich",
                op.tag("beneficiary_transfer"),
            );
        }
        _ => {
            // A lone exploiter keeps it: cash out again, elsewhere.
            let city = *rng.pick(op.base.branch_cities);
            world.atm(ctx.x_acct, city, local, (amount / 5000).max(1) * 5000);
        }
    }
}

/// The controller's account: hotels, rides, upkeep, cash deposits and their sweeps, rent, payments.
fn controller(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx, infra: &Infra, itineraries: &[Itinerary]) {
    let acct = ctx.x_acct;
    let me = Party::Acct(acct);
    let zone = op.base.home.zone;
    let mondays: Vec<NaiveDate> = world.period.mondays().collect();
    let first_arrival = ctx.victims.iter().map(|v| v.arrival).min().unwrap_or(op.start);
    for monday in mondays {
        let mut cities = cities_in_week(itineraries, monday);
        if cities.is_empty() {
            if monday < first_arrival {
                continue;
            }
            cities.push(op.base.home);
        }
        let days: Vec<NaiveDate> =
            (0..7).map(|d| monday + Duration::days(d)).filter(|d| *d >= op.start && *d <= world.end()).collect();
        if days.is_empty() {
            continue;
        }
        // Budget hotel rooms, one night, in the week's cities.
        let stays = if cities.len() > 1 || rng.chance(0.6) { 1 + rng.poisson(1.0).min(2) } else { 0 };
        for _ in 0..stays {
            if !op.leaves(rng, 1.0) {
                continue;
            }
            let day = *rng.pick(&days);
            let city = *rng.pick(&cities);
            let hotel = format!("{} {}", rng.pick(&catalog::BUDGET_HOTELS), crate::text::swift_upper(city.name));
            let cents = rng.int(90, 198) * 50;
            world.card(acct, city, calendar::at(rng, day, 14.0, 23.0), cents, hotel, 7011, op.tag("hotel_stay"));
        }
        // Rides: busy weeks have five or more, most of them at night.
        let rides = if rng.chance(0.4) { rng.int(5, 6) } else { rng.int(0, 2) };
        for _ in 0..rides {
            if !op.leaves(rng, 1.0) {
                continue;
            }
            let day = *rng.pick(&days);
            let city = *rng.pick(&cities);
            let local = if rng.chance(0.7) {
                calendar::at_uniform(rng, day, 22.0, 29.5)
            } else {
                calendar::at(rng, day, 17.0, 22.0)
            };
            let cents = rng.amount(16.0, 0.35, 7.0, 60.0);
            world.card(acct, city, local, cents, catalog::RIDE_APP, 4121, op.tag("rideshare"));
        }
        // Upkeep for the victims.
        for _ in 0..rng.poisson(1.0) {
            let day = *rng.pick(&days);
            let city = *rng.pick(&cities);
            let (m, mcc) = *rng.pick(&UPKEEP);
            let cents = rng.amount(19.0, 0.5, 3.0, 120.0);
            world.card(acct, city, calendar::at(rng, day, 10.0, 21.0), cents, m, mcc, op.tag("victim_upkeep"));
        }
        // Cash collected from the victims, paid in at branches of the cities on the circuit (by mules in
        // large groups), scaled by the number of victims.
        if monday >= first_arrival + Duration::days(10) {
            let mut branch_cities: Vec<&'static City> = cities.iter().copied().filter(|c| c.branch.is_some()).collect();
            while branch_cities.len() < 3 {
                let c = *rng.pick(op.base.branch_cities);
                if !branch_cities.iter().any(|b| std::ptr::eq(*b, c)) {
                    branch_cities.push(c);
                }
            }
            rng.shuffle(&mut branch_cities);
            let per_week = (2.0 + ctx.victims.len() as f64 * 0.35).min(6.0) * op.trace.max(0.25);
            let n = rng.poisson(per_week) as usize;
            let mut dep_days = days.clone();
            rng.shuffle(&mut dep_days);
            for (i, day) in dep_days.into_iter().cycle().take(n).enumerate() {
                let city = branch_cities[i % branch_cities.len()];
                let cents = rng.round_amount(900.0, 0.45, 10, 200, 4500);
                let local = if rng.chance(0.6) {
                    calendar::at(rng, day, 10.0, 18.0)
                } else {
                    calendar::at(rng, day, 19.0, 23.5)
                };
                if !ctx.mules.is_empty() && rng.chance(0.5) {
                    // A mule pays it in and sends it on the same evening.
                    let (_, m_acct) = ctx.mules[rng.below(ctx.mules.len())];
                    let i = world.deposit(m_acct, city, local, cents, op.tag("mule_cash_deposit"));
                    let utc = world.postings[i].utc + Duration::minutes(rng.int(30, 240));
                    let fwd = cents * 95 / 100 / 1000 * 1000;
                    world.transfer(
                        &Party::Acct(m_acct),
                        &me,
                        utc,
                        fwd.max(1000),
                        Kind::Instant,
                        *rng.pick(&["Rückzahlung", "Auslage", ""]),
                        op.tag("mule_forward"),
                    );
                    continue;
                }
                let i = world.deposit(acct, city, local, cents, op.tag("funnel_cash_deposit"));
                let utc = world.postings[i].utc;
                sweep(world, rng, op, ctx, utc, cents);
            }
        }
    }
    // Rent for the victims' flats, after a deposit.
    if let Some((_, f_acct)) = ctx.f {
        let f = Party::Acct(f_acct);
        let n_flats = ctx.victims.len().div_ceil(3);
        for k in 0..n_flats {
            let rent = rng.int(95, 140) * 1000;
            let flat = format!("Whg. {} {}", op.base.home.name, ["2. OG links", "EG", "1. OG rechts", "DG"][k % 4]);
            let day = roll_forward(zone, op.start + Duration::days(8));
            if day > world.end() {
                continue;
            }
            world.transfer_at(
                &me,
                &f,
                calendar::at(rng, day, 9.0, 18.0),
                rent * 2,
                Kind::Transfer,
                format!("Kaution {flat}"),
                op.tag("rent_for_victims"),
            );
            let months: Vec<(i32, u32)> = world.period.months().collect();
            for (y, m) in months {
                let day = roll_forward(zone, calendar::day_of_month(y, m, 1));
                if day <= op.start + Duration::days(20) || day > world.end() {
                    continue;
                }
                let utc = batch_time(rng, zone, day);
                world.transfer(
                    &me,
                    &f,
                    utc,
                    rent,
                    Kind::StandingOrder,
                    format!("DA Miete {flat}"),
                    op.tag("rent_for_victims"),
                );
            }
        }
    }
    // The partner gets a monthly sum; the transporter is paid twice a month.
    let months: Vec<(i32, u32)> = world.period.months().collect();
    for (y, m) in months {
        if calendar::month_end(y, m) < op.start {
            continue;
        }
        if let Some((_, b_acct)) = ctx.b {
            let day = roll_forward(zone, calendar::day_of_month(y, m, rng.int(1, 5) as u32)).min(world.end());
            let cents = rng.round_amount(1900.0, 0.2, 50, 1200, 3000);
            world.transfer_at(
                &me,
                &Party::Acct(b_acct),
                calendar::at(rng, day, 8.0, 21.0),
                cents,
                Kind::Instant,
                "Haushalt",
                op.tag("beneficiary_transfer"),
            );
        }
        if let Some((_, t_acct)) = ctx.t {
            for d in [10, 24] {
                let day = calendar::day_of_month(y, m, d + rng.int(0, 3) as u32);
                if day < op.start || day > world.end() {
                    continue;
                }
                let cents = rng.round_amount(420.0, 0.25, 10, 200, 800);
                world.transfer_at(
                    &me,
                    &Party::Acct(t_acct),
                    calendar::at(rng, day, 9.0, 21.0),
                    cents,
                    Kind::Instant,
                    "Fahrten",
                    op.tag("payment_to_transporter"),
                );
            }
        }
    }
    // His own everyday life, with no wage: groceries, phone, gym, a flat with the partner.
    let mut life =
        population::household_for(world, rng, infra, Customer { person: ctx.x, acct, home: op.base.home }, None, 0.3);
    life.car = false;
    life.family = None;
    life.salary = None;
    life::live(world, rng, &life);
}

/// The massage studio: card takings twice a week, cash paid in after hours, shop rent, a mini-job for one
/// quarter, and "loan repayments" to its director.
fn front_company(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx, infra: &Infra) {
    let Some(acct) = ctx.cb else { return };
    let me = Party::Acct(acct);
    let acquirer = Party::Acct(infra.acquirer);
    let zone = op.base.home.zone;
    let mondays: Vec<NaiveDate> = world.period.mondays().collect();
    for monday in mondays {
        for _ in 0..2 {
            let day = roll_forward(zone, monday + Duration::days(rng.int(0, 4)));
            if day > world.end() {
                continue;
            }
            let cents = rng.amount(380.0, 0.5, 60.0, 2000.0);
            let memo =
                format!("Kartenumsätze {} TID {}", (day - Duration::days(1)).format("%d.%m.%Y"), 48_299_121 + op.i);
            world.transfer(
                &acquirer,
                &me,
                batch_time(rng, zone, day),
                cents,
                Kind::Settlement,
                memo,
                op.tag("front_company_revenue"),
            );
        }
        let day = monday + Duration::days(rng.int(0, 5));
        if day <= world.end() {
            let cents = rng.round_amount(1200.0, 0.4, 10, 300, 4000);
            world.deposit(
                acct,
                op.base.home,
                calendar::at(rng, day, 19.0, 22.5),
                cents,
                op.tag("front_company_revenue"),
            );
        }
    }
    let helper_iban = population::other_iban(world, rng, op.base.home);
    let helper = Party::ext(population::payer_name(rng), Some(helper_iban), op.base.home.country);
    let landlord =
        Party::Acct(if op.base.home.country == "AT" { infra.at_landlords[1] } else { infra.de_landlords[1] });
    let power = if op.base.home.country == "AT" { infra.at_power } else { infra.de_power };
    let x = Party::Acct(ctx.x_acct);
    let months: Vec<(i32, u32)> = world.period.months().collect();
    for (k, (y, m)) in months.into_iter().enumerate() {
        let first = roll_forward(zone, calendar::day_of_month(y, m, 1));
        world.transfer(
            &me,
            &landlord,
            batch_time(rng, zone, first),
            165_000,
            Kind::StandingOrder,
            "DA Gewerbemiete EG",
            op.tag("front_company"),
        );
        let mid = roll_forward(zone, calendar::day_of_month(y, m, 15));
        world.transfer(
            &me,
            &Party::Acct(power),
            batch_time(rng, zone, mid),
            18_000,
            Kind::DirectDebit,
            "Abschlag Strom Gewerbe",
            op.tag("front_company"),
        );
        let last = roll_back(zone, month_end(y, m));
        if k < 3 {
            world.transfer(
                &me,
                &helper,
                batch_time(rng, zone, last),
                52_000,
                Kind::Salary,
                format!("Lohn Minijob {m:02}/{y}"),
                op.tag("front_company"),
            );
        }
        world.fee(acct, batch_time(rng, zone, last), 1490, format!("Kontoführungsentgelt Geschäftskonto {m:02}/{y}"));
        for d in [12, 26] {
            let day = calendar::day_of_month(y, m, d + rng.int(0, 2) as u32);
            if day > world.end() {
                continue;
            }
            let cents = rng.round_amount(2200.0, 0.25, 100, 1000, 4000);
            world.transfer_at(
                &me,
                &x,
                calendar::at(rng, day, 9.0, 19.0),
                cents,
                Kind::Transfer,
                "Rückzahlung Gesellschafterdarlehen",
                op.tag("front_company_withdrawal"),
            );
        }
    }
}

/// The transporter's, landlord's and partner's own accounts; the mules' everyday lives.
fn circle(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx, infra: &Infra, itineraries: &[Itinerary]) {
    let home = op.base.home;
    if let Some((t, t_acct)) = ctx.t {
        // Transporter: a driver's wage, plus fuel on the circuit in the weeks he moves the victims.
        let employers = if home.country == "AT" { &infra.at_employers } else { &infra.de_employers };
        let employer = Some(employers[0]);
        let mut life =
            population::household_for(world, rng, infra, Customer { person: t, acct: t_acct, home }, employer, 0.5);
        life.car = true;
        life::live(world, rng, &life);
        let mondays: Vec<NaiveDate> = world.period.mondays().collect();
        for monday in mondays {
            let cities = cities_in_week(itineraries, monday);
            if cities.is_empty() {
                continue;
            }
            let city = *rng.pick(&cities);
            let cents = rng.amount(68.0, 0.2, 35.0, 110.0);
            let (m, mcc) = *rng.pick(&[("ARAL", 5541u16), ("SHELL", 5541), ("JET", 5541)]);
            world.card(t_acct, city, calendar::at(rng, monday, 6.0, 13.0), cents, m, mcc, op.tag("transport_costs"));
        }
    }
    if let Some((f, f_acct)) = ctx.f {
        // Landlord: two other tenants pay him, he pays a mortgage.
        let mut life =
            population::household_for(world, rng, infra, Customer { person: f, acct: f_acct, home }, None, 0.5);
        life.recurring.retain(|r| !r.memo.starts_with("DA Miete") && !r.memo.starts_with("Miete"));
        life.salary = None;
        let bank = population::other_iban(world, rng, home);
        life.recurring.push(Recurring {
            to: Party::ext("Baufinanz AG", Some(bank), home.country),
            cents: 148_000,
            day: 28,
            memo: "Darlehen 7701234 Rate".into(),
            kind: Kind::DirectDebit,
            months: MONTHLY,
        });
        life::live(world, rng, &life);
        for _ in 0..2 {
            let iban = population::other_iban(world, rng, home);
            let tenant = Party::ext(population::payer_name(rng), Some(iban), home.country);
            let rent = rng.int(65, 95) * 1000;
            let months: Vec<(i32, u32)> = world.period.months().collect();
            for (y, m) in months {
                let day = roll_forward(home.zone, calendar::day_of_month(y, m, 1));
                world.transfer(
                    &tenant,
                    &Party::Acct(f_acct),
                    batch_time(rng, home.zone, day),
                    rent,
                    Kind::StandingOrder,
                    "Miete",
                    None,
                );
            }
        }
    }
    if let Some((b, b_acct)) = ctx.b {
        // Partner: a part-time job, the monthly sum from the controller, and spending it.
        let employers = if home.country == "AT" { &infra.at_employers } else { &infra.de_employers };
        let employer = Some(employers[1]);
        let mut life =
            population::household_for(world, rng, infra, Customer { person: b, acct: b_acct, home }, employer, 0.6);
        life.account_fee = None;
        life.recurring.retain(|r| !r.memo.starts_with("DA Miete") && !r.memo.starts_with("Miete"));
        if let Some(s) = life.salary.as_mut() {
            s.net = s.net * 45 / 100;
        }
        life::live(world, rng, &life);
        let months: Vec<(i32, u32)> = world.period.months().collect();
        for (y, m) in months {
            for _ in 0..rng.int(1, 2) {
                let Some(day) = life::day_in(rng, y, m, op.start) else { continue };
                let (shop, mcc, median) = *rng.pick(&[
                    ("JUWELIER KRONE", 5944u16, 650.0),
                    ("DESIGNER OUTLET", 5651, 280.0),
                    ("BEAUTY LOUNGE", 7230, 120.0),
                ]);
                let cents = rng.amount(median, 0.4, 40.0, 3000.0);
                world.card(
                    b_acct,
                    home,
                    calendar::at(rng, day, 11.0, 19.0),
                    cents,
                    shop,
                    mcc,
                    op.tag("beneficiary_spending"),
                );
            }
        }
    }
    for &(m, m_acct) in &ctx.mules {
        let mut life =
            population::household_for(world, rng, infra, Customer { person: m, acct: m_acct, home }, None, 0.4);
        life.salary = None;
        life.recurring.retain(|r| !r.memo.starts_with("DA Miete") && !r.memo.starts_with("Miete"));
        life::live(world, rng, &life);
    }
}

/// Part of the proceeds into bitcoin: transfers from the funnel account to the exchange, withdrawals to
/// the group's wallet, and (organised groups) the recruiter cashing in from that wallet at the same exchange.
fn crypto_laundering(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx, infra: &Infra, id: &str, wallet: &str) {
    let x_name = crate::text::swift_upper(&world.persons[ctx.x].name());
    let zone = op.base.home.zone;
    let months: Vec<(i32, u32)> = world.period.months().collect();
    let r_info = ctx.r.map(|(r, _)| crate::text::swift_upper(&world.persons[r].name()));
    for (y, m) in months {
        if calendar::month_end(y, m) < op.start + Duration::days(30) {
            continue;
        }
        let Some(day) = life::day_in(rng, y, m, op.start + Duration::days(30)) else { continue };
        let day = roll_forward(zone, day).min(world.end());
        let local = calendar::at(rng, day, 9.0, 18.0);
        let cents = rng.round_amount(1800.0, 0.3, 100, 500, 5000);
        let room = world.headroom(ctx.x_acct, zone.to_utc(local));
        if room < cents + 20_000 {
            continue;
        }
        world.transfer_at(
            &Party::Acct(ctx.x_acct),
            &Party::Acct(infra.exchange),
            local,
            cents,
            Kind::Transfer,
            format!("Einzahlung {id}"),
            op.tag("crypto_purchase"),
        );
        let utc = zone.to_utc(local) + Duration::hours(rng.int(2, 30));
        let fiat = cents * 985 / 1000;
        crypto::movement(world, rng, id, &x_name, Coin::Btc, false, fiat, utc, wallet, Some(op.i));
        if !world.ops[op.i].wallets.iter().any(|w| w == wallet) {
            world.ops[op.i].wallets.push(wallet.to_string());
        }
        if let (Some(rid), Some(rname)) = (&ctx.recruiter_crypto, &r_info)
            && rng.chance(0.7)
        {
            let later = utc + Duration::days(rng.int(1, 6));
            crypto::movement(world, rng, rid, rname, Coin::Btc, true, fiat * 97 / 100, later, wallet, Some(op.i));
        }
    }
}

/// The car and the flat deposit, sized to what the funnel account holds at the time.
fn assets(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx) {
    let acct = ctx.x_acct;
    let x = Party::Acct(acct);
    let x_holder = Holder::Person(ctx.x);
    let zone = op.base.home.zone;
    let at = op.base.home.country == "AT";
    // A used car a few months in, as dear as the account allows: a card deposit at the dealer, the rest by
    // transfer two days later.
    let when = op.start + Duration::days(rng.int(100, 125));
    let day = roll_forward(zone, when);
    if day + Duration::days(5) > world.end() {
        return;
    }
    let local = calendar::at(rng, day, 11.0, 17.0);
    let room = world.headroom(acct, zone.to_utc(local));
    if room < 700_000 {
        return;
    }
    let price = ((room - 300_000).clamp(500_000, 3_200_000) * 9 / 10) / 10_000 * 10_000;
    let models: &[&str] = match price {
        ..1_400_000 => &["Volkswagen Golf 1.5 TSI", "Seat Leon 1.5 TSI", "Skoda Octavia 1.6 TDI"],
        1_400_000..2_200_000 => &["Audi A3 Sportback 35 TFSI", "BMW 118i"],
        _ => &["Audi A5 Sportback 2.0 TDI", "Mercedes-Benz C 220 d", "BMW 320d Touring"],
    };
    let model = *rng.pick(models);
    let letters =
        |rng: &mut Rng| format!("{}{}", char::from(b'A' + rng.below(26) as u8), char::from(b'A' + rng.below(26) as u8));
    let plate = if at {
        format!("W-{}{}", rng.int(10_000, 99_999), char::from(b'A' + rng.below(26) as u8))
    } else {
        format!("{}-{} {}", &op.base.home.name[..1].to_uppercase(), letters(rng), rng.int(100, 9999))
    };
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
        owner: x_holder,
        country: if at { "AT" } else { "DE" },
    });
    let car = world.assets.len() - 1;
    let deposit = 200_000;
    world.card(acct, op.base.home, local, deposit, "AUTOHAUS NORDSTERN", 5511, op.atag(car));
    let (_, dealer_acct) = population::external_company(world, rng, "Autohaus Nordstern GmbH", "", op.base.home, false);
    let rest_day = roll_forward(zone, day + Duration::days(2));
    let memo = format!("Restzahlung Kaufvertrag {} {model}", rng.int(20_000, 29_999));
    world.transfer_at(
        &x,
        &Party::Acct(dealer_acct),
        calendar::at(rng, rest_day, 9.0, 12.0),
        price - deposit,
        Kind::Transfer,
        memo,
        op.atag(car),
    );
    world.links.push(Link::Ownership { owner: x_holder, asset: Owned::Asset(car), since: Some(day) });

    if !op.organised {
        return;
    }
    // A flat a month later: 10 % down payment to the notary's escrow account.
    let day = roll_forward(zone, day + Duration::days(rng.int(28, 38)));
    if day > world.end() {
        return;
    }
    let local = calendar::at(rng, day, 9.0, 15.0);
    let room = world.headroom(acct, zone.to_utc(local));
    if room < 400_000 {
        return;
    }
    let down = ((room - 150_000).clamp(250_000, 6_000_000) * 95 / 100) / 100_000 * 100_000;
    let city: &'static City = if at { &catalog::GRAZ } else { &catalog::BREMEN };
    let mut notary_p =
        people::person(world, rng, if at { Origin::At } else { Origin::De }, Gender::Male, (50, 66), city, true);
    notary_p.profession = Some("Notar".into());
    let notary_last = notary_p.last.clone();
    let notary = world.add_person(notary_p);
    let escrow_iban = population::other_iban(world, rng, city);
    let escrow = world.add_account(Account {
        id: String::new(),
        iban: escrow_iban.into(),
        at: Domicile::External {
            bank: if at { "Steiermärkische Bank" } else { "Bremer Landesbank" },
            country: city.country,
        },
        currency: "EUR",
        holder: Holder::Person(notary),
        holder_written: format!("Notaranderkonto Dr. {notary_last}").into(),
        device: None,
        ip: None,
        opening: 0,
        in_registry: false,
        opened: date(2001, 1, 1),
        streamed: false,
    });
    let street = format!(
        "{} {}",
        rng.pick(&["Hemmstraße", "Findorffstraße", "Annenstraße", "Münchener Straße"]),
        rng.int(2, 120)
    );
    world.assets.push(Asset {
        id: String::new(),
        schema: "RealEstate",
        name: format!("Eigentumswohnung {street}, {}", city.name),
        registration: if at {
            format!("Grundbuch KG {} EZ {}", rng.int(63_000, 63_999), rng.int(100, 2999))
        } else {
            format!("Grundbuch von Findorff Blatt {}", rng.int(1000, 9999))
        },
        price_cents: down * 10,
        currency: "EUR",
        address: Some(format!("{street}, {} {}", city.postcode, city.name)),
        model: None,
        acquired: day,
        owner: x_holder,
        country: city.country,
    });
    let flat = world.assets.len() - 1;
    let memo = format!("Anzahlung Kaufpreis ETW {street} {} UR-Nr. {}/{}", city.name, rng.int(100, 999), day.year());
    world.transfer_at(&x, &Party::Acct(escrow), local, down, Kind::Transfer, memo, op.atag(flat));
    world.links.push(Link::Ownership { owner: x_holder, asset: Owned::Asset(flat), since: Some(day) });
}

/// Calls between the members: the controller with the ad phone and the victims daily, with the driver
/// before trips, with the recruiter weekly.
fn member_calls(world: &mut World, rng: &mut Rng, op: &Op, ctx: &Ctx, itineraries: &[Itinerary]) {
    let home = op.base.home;
    let t_phone = ctx.t.map(|(t, _)| world.persons[t].phones[0].clone());
    let r_phone = ctx.r.map(|(r, _)| world.persons[r].phones[0].clone());
    let b_phone = ctx.b.map(|(b, _)| world.persons[b].phones[0].clone());
    let days: Vec<NaiveDate> = world.period.days().filter(|d| *d >= op.start).collect();
    for day in days {
        let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        for (v, victim) in ctx.victims.iter().enumerate() {
            if day < victim.arrival {
                continue;
            }
            let city = itineraries[v].iter().find(|(m, _)| *m == monday).map(|(_, c)| *c).unwrap_or(home);
            for _ in 0..rng.poisson(1.6) {
                let local = calendar::at(rng, day, 9.0, 26.0);
                let out = rng.chance(0.6);
                let sms = rng.chance(0.45);
                let d = phones::duration(rng);
                let (a, b) = if out { (&ctx.x_phone, &victim.phone) } else { (&victim.phone, &ctx.x_phone) };
                let c = if out { home } else { city };
                phones::call(world, local, c, a.clone(), b.clone(), sms, d, Some(op.i));
            }
        }
        if rng.chance(0.8) {
            let local = calendar::at(rng, day, 10.0, 23.0);
            let d = phones::duration(rng);
            phones::call(world, local, home, ctx.ad_phone.clone(), ctx.x_phone.clone(), rng.chance(0.5), d, Some(op.i));
        }
        if let Some(tp) = &t_phone
            && rng.chance(0.3)
        {
            let local = calendar::at(rng, day, 7.0, 22.0);
            let d = phones::duration(rng);
            phones::call(world, local, home, ctx.x_phone.clone(), tp.clone(), false, d, Some(op.i));
        }
        if let Some(rp) = &r_phone
            && rng.chance(0.15)
        {
            let local = calendar::at(rng, day, 10.0, 22.0);
            let d = phones::duration(rng) * 2;
            phones::call(world, local, home, ctx.x_phone.clone(), rp.clone(), false, d, Some(op.i));
        }
        if let Some(bp) = &b_phone
            && rng.chance(0.7)
        {
            let local = calendar::at(rng, day, 8.0, 23.0);
            let d = phones::duration(rng);
            phones::call(world, local, home, ctx.x_phone.clone(), bp.clone(), rng.chance(0.5), d, None);
        }
    }
}
