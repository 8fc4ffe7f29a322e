//! THB-003 Circuit: several cities far apart in a short time.
//!
//! **What it detects.** Card, ATM or cash-counter events in three or more distinct cities, each at least
//! 100 km from the others, within 7 days; and this in at least two separate weeks within 8 weeks. Distances
//! come from the transaction's own coordinates when the source gives them, otherwise from a gazetteer of
//! European cities embedded in the crate (`rules/cities.toml`, extended per jurisdiction with
//! `extra_cities`). Events in cities the gazetteer does not know are not counted, and the finding says how
//! many there were. Card payments at merchant categories that are mostly paid remotely (advertising, digital
//! goods, mail order) and places such as "online" are left out, since the city of a remote merchant says
//! nothing about where the cardholder was.
//! Accounts refunded travel expenses by an employer (business travel) are left out.
//!
//! **Why.** Victims of sexual exploitation are moved on a circuit between cities so that they stay unknown
//! to local clients, police and support services, and the controllers travel with them or to them. Sales
//! representatives, drivers and touring workers move too: hence the repeat in two weeks, and the indicator
//! counts only in combination.
//!
//! **Example.** ATM withdrawals in Hamburg on Monday, Hannover on Wednesday and Berlin on Saturday; two weeks
//! later card payments in Köln, Frankfurt am Main and München within five days.
//!
//! **References.** INDICATORS.md row 3; FINTRAC-2016-OA003 (ATM activity in different cities or provinces);
//! FinCEN FIN-2020-A008 (frequent geographic movement). Preview: statements rarely say whether a card was
//! present, so remote payments are recognised by merchant category only, and the gazetteer covers larger
//! European cities only.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use chrono::{Duration, NaiveDateTime};
use theseus_model::{Channel, normalize};

use super::{Context, Finding, Meta, Need, Rule, Status, finding};
use crate::config::Params;
use crate::parties::{Account, Row};

/// Indicator 3.
pub struct Circuit;

/// City centres by matching key (see `cities.toml`).
fn gazetteer() -> &'static HashMap<String, (f64, f64)> {
    static G: OnceLock<HashMap<String, (f64, f64)>> = OnceLock::new();
    G.get_or_init(|| {
        let table: toml::Table = toml::from_str(include_str!("cities.toml")).expect("the embedded gazetteer is valid");
        table.iter().filter_map(|(name, v)| Some((normalize::name_key(name), point(v)?))).collect()
    })
}

fn point(v: &toml::Value) -> Option<(f64, f64)> {
    let a = v.as_array()?;
    let num = |x: &toml::Value| x.as_float().or_else(|| x.as_integer().map(|i| i as f64));
    Some((num(a.first()?)?, num(a.get(1)?)?))
}

/// Cities a jurisdiction adds, written `"Name=lat,lon"`.
fn extra(p: &Params<'_>) -> HashMap<String, (f64, f64)> {
    p.list("extra_cities")
        .iter()
        .filter_map(|s| {
            let (name, at) = s.split_once('=')?;
            let (lat, lon) = at.split_once(',')?;
            Some((normalize::name_key(name), (lat.trim().parse().ok()?, lon.trim().parse().ok()?)))
        })
        .collect()
}

/// Great-circle distance in kilometres.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let (dla, dlo) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// One located event: the transaction, the number of its place's key (keys are told apart by number), a
/// label for the finding and the point.
struct Located<'a> {
    t: Row<'a>,
    key: usize,
    label: &'a str,
    at: (f64, f64),
    /// Whether `at` is the place's point (the key's), not the transaction's own coordinates.
    at_place: bool,
}

/// A located event as first recorded, small because nearly every card payment is one: the row's index, its
/// place key's number, the city name as trimmed (`None` for a point without a city) and whether its point is
/// the place's rather than the row's own coordinates.
#[derive(Clone, Copy)]
struct Event<'a> {
    j: u32,
    key: u32,
    label: Option<&'a str>,
    at_place: bool,
}

/// An event in full, for the windows worth a closer look.
fn located<'a>(a: &Account<'a>, places: &[Option<(f64, f64)>], e: Event<'a>) -> Located<'a> {
    let j = e.j as usize;
    let t = a.row(j);
    let at = if e.at_place { places[e.key as usize] } else { t.geo }.expect("an event has a point");
    Located { t, key: e.key as usize, label: e.label.unwrap_or(""), at, at_place: e.at_place }
}

/// A week in which the circuit shows: its start and the far-apart places with their events.
struct Week<'a> {
    start: NaiveDateTime,
    places: Vec<String>,
    events: Vec<Row<'a>>,
}

/// What is known of a city name met on the account: left out as remote, or its key's number and point.
#[derive(Clone, Copy)]
enum City {
    Remote,
    Known(usize, Option<(f64, f64)>),
}

impl Rule for Circuit {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-003",
            title: "Circuit: several distant cities within a week",
            status: Status::Preview,
            roles: &["V", "X"],
            needs: &[Need::Location],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let remote_mccs = p.mcc_set("remote_mccs");
        let remote_places = p.substrings("remote_places");
        let (span, min_cities, min_km) = (Duration::days(p.u("window_days") as i64), p.u("min_cities"), p.f("min_km"));
        // An account pays in few cities: each city name is worked out once, and each key numbered.
        let mut seen: Vec<(Option<&str>, City)> = vec![];
        // The entry of `seen` for each city number of the account.
        let mut by_number: Vec<Option<usize>> = vec![None; a.cities.len()];
        let mut keys: Vec<String> = vec![];
        let number = |key: String, keys: &mut Vec<String>| {
            keys.iter().position(|k| *k == key).unwrap_or_else(|| {
                keys.push(key);
                keys.len() - 1
            })
        };
        let mut extras = None;
        let mut unknown: BTreeSet<&str> = BTreeSet::new();
        let mut events: Vec<Event<'_>> = Vec::new();
        // The point of each key's place, when the gazetteer knows it.
        let mut places: Vec<Option<(f64, f64)>> = vec![];
        for (j, h) in a.hot.iter().enumerate() {
            if !matches!(h.channel, Channel::Card | Channel::Atm | Channel::Cash)
                || (h.channel == Channel::Card && remote_mccs.contains(h.mcc))
            {
                continue;
            }
            // Looked up by the name's number on the account ([`Account::city`]), trimmed once per name.
            let raw = a.cities.get(a.city[j] as usize).copied();
            let seen_at = match a.city[j] {
                u32::MAX => None,
                n => by_number[n as usize],
            };
            let city = match seen_at {
                Some(k) => seen[k].0,
                None => raw.map(str::trim).filter(|c| !c.is_empty()),
            };
            let known = match (city, seen_at) {
                (None, _) => None,
                (Some(_), Some(k)) => Some(seen[k].1),
                (Some(c), None) => Some({
                    let known = if remote_places.in_text(c) {
                        City::Remote
                    } else {
                        let key = normalize::name_key(c);
                        let extra = extras.get_or_insert_with(|| extra(p));
                        let place = extra.get(&key).or_else(|| gazetteer().get(&key)).copied();
                        let n = number(key, &mut keys);
                        places.resize(keys.len(), None);
                        places[n] = place;
                        City::Known(n, place)
                    };
                    seen.push((Some(c), known));
                    by_number[a.city[j] as usize] = Some(seen.len() - 1);
                    known
                }),
            };
            match (known, city) {
                (Some(City::Remote), _) => {}
                // The point itself is read when a window is worth a closer look ([`located`]).
                (Some(City::Known(key, place)), Some(c)) => {
                    if h.has_geo || place.is_some() {
                        events.push(Event { j: j as u32, key: key as u32, label: Some(c), at_place: !h.has_geo })
                    } else {
                        unknown.insert(c);
                    }
                }
                _ => {
                    if let Some(at) = a.txns.at(j).geo.filter(|_| h.has_geo) {
                        let key = number(format!("{:.2},{:.2}", at.0, at.1), &mut keys);
                        places.resize(keys.len(), None);
                        events.push(Event { j: j as u32, key: key as u32, label: None, at_place: false });
                    }
                }
            }
        }
        let label = |e: &Located<'_>| if e.label.is_empty() { keys[e.key].clone() } else { e.label.to_string() };

        // Every 7-day window that shows enough far-apart places; places are taken in the order they were
        // visited, each kept if it lies far enough from all kept before.
        let mut weeks: Vec<Week<'_>> = Vec::new();
        // The window slides over the events in time order, counting its events per place key: a window with
        // fewer distinct keys than needed is passed over without measuring a distance (most accounts stay in
        // one city).
        let (mut per_key, mut distinct, mut end) = (vec![0usize; keys.len()], 0, 0);
        // Distances between two places' points, measured once per pair.
        let far_apart: Vec<std::cell::OnceCell<bool>> =
            (0..keys.len() * keys.len()).map(|_| Default::default()).collect();
        let far = |k: &Located<'_>, e: &Located<'_>| {
            if k.at_place && e.at_place {
                *far_apart[k.key * keys.len() + e.key].get_or_init(|| km(k.at, e.at) >= min_km)
            } else {
                km(k.at, e.at) >= min_km
            }
        };
        for (i, e0) in events.iter().enumerate() {
            let start = a.local[e0.j as usize];
            let within = super::until(start, span);
            while end < events.len() && within(a.local[events[end].j as usize]) {
                let k = events[end].key as usize;
                distinct += usize::from(per_key[k] == 0);
                per_key[k] += 1;
                end += 1;
            }
            let enough = distinct >= min_cities;
            per_key[e0.key as usize] -= 1;
            distinct -= usize::from(per_key[e0.key as usize] == 0);
            // A week counts once: the next must start after this one ends.
            if !enough || weeks.last().is_some_and(|w| start <= w.start + span) {
                continue;
            }
            let win: Vec<Located<'_>> = events[i..end].iter().map(|e| located(a, &places, *e)).collect();
            let mut kept: Vec<&Located<'_>> = Vec::new();
            for e in &win {
                if kept.iter().all(|k| k.key != e.key && far(k, e)) {
                    kept.push(e);
                }
            }
            if kept.len() < min_cities {
                continue;
            }
            let keys: Vec<usize> = kept.iter().map(|k| k.key).collect();
            weeks.push(Week {
                start,
                places: kept.iter().map(|k| label(k)).collect(),
                events: win.iter().filter(|e| keys.contains(&e.key)).map(|e| e.t).collect(),
            });
        }
        // The most such weeks within one look-back period.
        let lookback = Duration::weeks(p.u("lookback_weeks") as i64);
        let mut best: &[Week<'_>] = &[];
        for i in 0..weeks.len() {
            let n = weeks[i..].iter().take_while(|w| w.start + span - weeks[i].start <= lookback).count();
            if n > best.len() {
                best = &weeks[i..i + n];
            }
        }
        // Travel an employer refunds is business travel (the source's "occupation not travel-related"); tested
        // last, as the dearer test.
        if best.len() < p.u("min_weeks") || super::refunded_travel(a, ctx) {
            return None;
        }
        let parts: Vec<String> = best
            .iter()
            .map(|w| format!("{} ({} to {})", w.places.join(", "), w.start.date(), super::period(&w.events).1))
            .collect();
        let evidence: Vec<Row<'_>> = best.iter().flat_map(|w| w.events.iter().copied()).collect();
        Some(finding(
            format!(
                "Card/ATM/cash use in {} or more cities at least {} km apart within {} days, in {} separate weeks \
                 within {} weeks: {}{}",
                min_cities,
                min_km,
                p.u("window_days"),
                best.len(),
                p.u("lookback_weeks"),
                parts.join("; "),
                if unknown.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (not counted, no coordinates known: {})",
                        unknown.into_iter().collect::<Vec<_>>().join(", ")
                    )
                }
            ),
            &evidence,
        ))
    }
}
