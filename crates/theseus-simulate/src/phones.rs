//! Phones: subscriber records and call detail records.
//!
//! Every phone number in the world has a subscriber record. Most are registered to the person who uses
//! them; operations register lines to victims, relatives or fronts (the subscriber is who signed, not who
//! uses the phone). Subscriber records carry the noise of real operator data: transliterated or misspelt
//! names, surname-first order, missing birth dates, addresses that are out of date.
//!
//! Calls of the operations are generated with them; background calls (ordinary people's calls with their
//! circle, several a day, evening-heavy) are generated while `cdr.csv` is written, for a set of ordinary
//! subscribers sized to the world.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::catalog::City;
use crate::rng::Rng;
use crate::text;
use crate::world::{Call, Holder, PhoneLine, Txt, World};

/// The operator of a number, by its country code (fictitious operators).
pub(crate) fn operator(msisdn: &str) -> &'static str {
    if msisdn.starts_with("+4940") || msisdn.starts_with("+49421") || msisdn.starts_with("+4930") {
        "Hansa Festnetz GmbH"
    } else if msisdn.starts_with("+49") {
        if msisdn.len().is_multiple_of(2) { "NordNet Mobilfunk" } else { "Hansa Mobil" }
    } else if msisdn.starts_with("+43") {
        "Alpenfunk Mobil"
    } else if msisdn.starts_with("+44") {
        "Britlink Mobile"
    } else if msisdn.starts_with("+40") {
        "Carpat Mobil SA"
    } else if msisdn.starts_with("+359") {
        "Balkantel AD"
    } else {
        "Roaming partner"
    }
}

/// Records a call or an SMS at a local time of `city`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn call(
    world: &mut World,
    local: NaiveDateTime,
    city: &'static City,
    caller: impl Into<Txt>,
    callee: impl Into<Txt>,
    sms: bool,
    duration_s: u32,
    op: Option<usize>,
) {
    world.calls.push(Call {
        utc: city.zone.to_utc(local),
        duration_s: if sms { 0 } else { duration_s.max(3) },
        sms,
        caller: caller.into(),
        callee: callee.into(),
        city,
        op,
        id: String::new(),
    });
}

/// A plausible call length in seconds: log-normal around 70 s.
pub(crate) fn duration(rng: &mut Rng) -> u32 {
    rng.lognormal(70.0, 0.9).clamp(4.0, 3600.0) as u32
}

/// Registers a line explicitly (operations: a line in someone else's name).
#[allow(clippy::too_many_arguments)]
pub(crate) fn register(
    world: &mut World,
    msisdn: &str,
    subscriber: String,
    birth: Option<NaiveDate>,
    address: String,
    id_document: String,
    activation: NaiveDate,
    registered_to: Option<Holder>,
    used_by: Option<Holder>,
    op: Option<usize>,
) {
    world.lines.push(PhoneLine {
        msisdn: msisdn.to_string(),
        subscriber,
        birth,
        address,
        id_document,
        activation,
        operator: operator(msisdn),
        registered_to,
        used_by,
        op,
        stale_address: false,
    });
}

/// A person's identity document number: derived from the person (name, birth date, nationality), so the
/// same person shows the same document in every record (phone contracts, STRs).
pub(crate) fn document_of(p: &crate::world::Person) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in p.first.bytes().chain(p.last.bytes()).chain(p.birth.to_string().bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    id_document(&mut Rng::derive(h, "id-document"), p.nationality)
}

/// An identity document number in the style of a nationality (fictitious but well-formed).
pub(crate) fn id_document(rng: &mut Rng, nationality: &str) -> String {
    const L: &[u8] = b"CFGHJKLMNPRTVWXYZ";
    let letter = |rng: &mut Rng| char::from(L[rng.below(L.len())]);
    match nationality {
        "DE" => format!("{}{}{}{:06}", letter(rng), letter(rng), letter(rng), rng.int(0, 999_999)),
        "AT" => format!("P{:07}", rng.int(0, 9_999_999)),
        "GB" => format!("{:09}", rng.int(100_000_000, 999_999_999)),
        "RO" => format!("{}{}{:06}", letter(rng), letter(rng), rng.int(0, 999_999)),
        "BG" => format!("{:09}", rng.int(100_000_000, 999_999_999)),
        _ => format!("{}{:08}", letter(rng), rng.int(0, 99_999_999)),
    }
}

/// A subscriber name as an operator wrote it: usually as registered, sometimes surname first, upper case,
/// transliterated differently or with a typo.
fn written_name(rng: &mut Rng, first: &str, last: &str, nationality: &str) -> String {
    match rng.below(20) {
        0..=11 => format!("{first} {last}"),
        12 | 13 => format!("{}, {}", last, first),
        14 | 15 => text::swift_upper(&format!("{last} {first}")),
        16 | 17 if matches!(nationality, "BG" | "RU" | "UA") => {
            format!("{} {}", text::german_translit(first), text::german_translit(last))
        }
        16 | 17 => format!("{first} {}", text::latin1ish(last)),
        _ => format!("{first} {}", text::typo(rng, last)),
    }
}

/// Creates the subscriber records of every number no operation registered explicitly: persons' phones in
/// their own names (with the noise above), companies' phones in the company's name.
pub(crate) fn subscriber_lines(world: &mut World, seed: u64) {
    let mut rng = Rng::derive(seed, "subscribers");
    let rng = &mut rng;
    let mut known: std::collections::HashSet<String> = world.lines.iter().map(|l| l.msisdn.clone()).collect();
    let start = world.start();
    for i in 0..world.persons.len() {
        for ph in world.persons[i].phones.clone() {
            if !known.insert(ph.clone()) {
                continue;
            }
            let p = &world.persons[i];
            let name = written_name(rng, &p.first, &p.last, p.nationality);
            let birth = if p.birth_known && rng.chance(0.85) { Some(p.birth) } else { None };
            let (address, stale) = match &p.old_address {
                Some(old) => (old.clone(), true),
                None => (p.address.clone().unwrap_or_default(), false),
            };
            let id_doc = document_of(p);
            let activation = start - Duration::days(rng.int(30, 4000));
            world.lines.push(PhoneLine {
                msisdn: ph.clone(),
                subscriber: name,
                birth,
                address,
                id_document: id_doc,
                activation,
                operator: operator(&ph),
                registered_to: Some(Holder::Person(i)),
                used_by: Some(Holder::Person(i)),
                op: None,
                stale_address: stale,
            });
        }
    }
    for c in 0..world.companies.len() {
        let Some(ph) = world.companies[c].phone.clone() else { continue };
        if !known.insert(ph.clone()) {
            continue;
        }
        let co = &world.companies[c];
        let activation = start - Duration::days(rng.int(300, 5000));
        world.lines.push(PhoneLine {
            msisdn: ph.clone(),
            subscriber: co.name.clone(),
            birth: None,
            address: co.address.clone(),
            id_document: co.registration.clone(),
            activation,
            operator: operator(&ph),
            registered_to: Some(Holder::Company(c)),
            used_by: Some(Holder::Company(c)),
            op: None,
            stale_address: false,
        });
    }
}

/// The ordinary subscribers whose calls the background of `cdr.csv` holds: every twentieth person with a
/// mobile, at most 2,500, chosen by a fixed stride so the choice does not depend on a random draw.
pub(crate) fn background_subjects(world: &World) -> Vec<(String, &'static City)> {
    let mut out = vec![];
    let members: std::collections::HashSet<usize> = world
        .members
        .iter()
        .filter_map(|m| match m.holder {
            Holder::Person(p) => Some(p),
            Holder::Company(_) => None,
        })
        .collect();
    for (i, p) in world.persons.iter().enumerate() {
        if i % 20 != 3 || members.contains(&i) {
            continue;
        }
        let Some(ph) = p.phones.first() else { continue };
        let city = home_city(p.address.as_deref().unwrap_or(""));
        out.push((ph.clone(), city));
        if out.len() >= 2500 {
            break;
        }
    }
    out
}

/// The city an address names (for the cell a phone is usually in).
pub(crate) fn home_city(address: &str) -> &'static City {
    use crate::catalog::*;
    static ALL: [&City; 19] = [
        &HAMBURG,
        &BREMEN,
        &HANNOVER,
        &KIEL,
        &LUEBECK,
        &BERLIN,
        &ROSTOCK,
        &OSNABRUECK,
        &WIEN,
        &GRAZ,
        &LINZ,
        &SALZBURG,
        &INNSBRUCK,
        &LONDON,
        &MANCHESTER,
        &BIRMINGHAM,
        &LEEDS,
        &BRISTOL,
        &LIVERPOOL,
    ];
    ALL.iter().find(|c| address.contains(c.name)).copied().unwrap_or(&HAMBURG)
}

/// A cell id in the form MCC-MNC-LAC-CI for a city: the same city always gives ids from the same area.
pub(crate) fn cell_id(out: &mut Vec<u8>, city: &City, ci: u64) {
    let (mcc, mnc): (&[u8], &[u8]) = match city.country {
        "AT" => (b"232", b"05"),
        "GB" => (b"234", b"15"),
        "RO" => (b"226", b"01"),
        _ => (b"262", b"02"),
    };
    let lac = city.name.bytes().fold(1000u32, |a, b| (a * 31 + u32::from(b)) % 60_000) + 1000;
    out.extend_from_slice(mcc);
    out.push(b'-');
    out.extend_from_slice(mnc);
    out.push(b'-');
    crate::write::fmt::uint(out, u64::from(lac));
    out.push(b'-');
    crate::write::fmt::uint(out, ci);
}

/// Background calls of one subscriber over the period, in time order: a circle of 8–20 contacts
/// (Zipf-like weights), 2–6 calls or texts a day, evening-heavy, now and then a number outside the circle.
pub(crate) fn background_calls_of(
    rng: &mut Rng,
    world: &World,
    me: &str,
    home: &'static City,
    out: &mut Vec<(NaiveDateTime, u32, bool, String, String, &'static City)>,
) {
    out.clear();
    let circle: Vec<String> = (0..rng.int(8, 20))
        .map(|_| {
            crate::people::mobile(
                rng,
                if home.country == "GB" {
                    "GB"
                } else if home.country == "AT" {
                    "AT"
                } else {
                    "DE"
                },
            )
        })
        .collect();
    let weights: Vec<f64> = (0..circle.len()).map(|i| 1.0 / (i as f64 + 1.0)).collect();
    let per_day = rng.lognormal(3.0, 0.4);
    for day in world.period.days() {
        for _ in 0..rng.poisson(per_day) {
            let other =
                if rng.chance(0.9) { circle[rng.weighted(&weights)].clone() } else { crate::people::mobile(rng, "DE") };
            let local = crate::calendar::at(rng, day, 7.5, 23.0);
            let sms = rng.chance(0.35);
            let outgoing = rng.chance(0.55);
            let d = if sms { 0 } else { duration(rng) };
            let (a, b) = if outgoing { (me.to_string(), other) } else { (other, me.to_string()) };
            out.push((home.zone.to_utc(local), d, sms, a, b, home));
        }
    }
    out.sort_by_key(|c| c.0);
}
