//! Families share an address, a landline and a family name; they are not one person. Hubs (a hotel
//! switchboard) are not evidence at all. A record that bridges two people joins one of them.

use theseus_resolve::{Config, IdKind, records_from_entities, resolve};

use crate::support::{background, entity, together};

fn household() -> Vec<theseus_model::Entity> {
    let members = [
        ("ion", "Ion Popescu", "1961-02-14", "male"),
        ("maria", "Maria Popescu", "1964-09-03", "female"),
        ("ioana", "Ioana Popescu", "1990-06-21", "female"),
        ("andrei", "Andrei Popescu", "1993-12-01", "male"),
    ];
    let mut out = Vec::new();
    for (key, name, dob, gender) in members {
        // Each member appears in two sources: a bank and a phone subscriber list.
        for (src, file) in [("bank", "bank.csv"), ("telco", "subscribers.csv")] {
            out.push(entity(
                &format!("{src}-{key}"),
                "Person",
                file,
                &[
                    ("name", name),
                    ("birthDate", dob),
                    ("gender", gender),
                    ("address", "Strada Florilor 12, Cluj-Napoca"),
                    ("phone", "+40264555777"),
                    ("email", "familia.popescu@example.ro"),
                ],
            ));
        }
    }
    out
}

#[test]
fn families_sharing_address_and_phone_do_not_merge() {
    let mut entities = background(300);
    entities.extend(household());
    let res = resolve(&records_from_entities(&entities), &[], &Config::default()).unwrap();
    let keys = ["ion", "maria", "ioana", "andrei"];
    for a in keys {
        assert!(together(&res, &format!("bank-{a}"), &format!("telco-{a}")), "{a}'s two records are one person");
        for b in keys.iter().filter(|b| **b != a) {
            assert!(!together(&res, &format!("bank-{a}"), &format!("bank-{b}")), "{a} and {b} merged");
        }
    }
}

#[test]
fn hub_phone_is_reported_and_not_used() {
    let mut entities = background(200);
    // Twelve guests give the hotel's switchboard as their phone.
    for i in 0..12 {
        entities.push(entity(
            &format!("guest-{i}"),
            "Person",
            "hotel.csv",
            &[("name", &format!("Guest{i} Hotelov{}", i % 2)), ("phone", "+40 21 311 2000")],
        ));
    }
    // Two of them share only the switchboard and a family name with someone in another file.
    entities.push(entity(
        "other-0",
        "Person",
        "police.json",
        &[("name", "Someone Hotelov0"), ("phone", "+40213112000")],
    ));
    let config = Config::default();
    let res = resolve(&records_from_entities(&entities), &[], &config).unwrap();
    let hub = res.hubs.iter().find(|h| h.kind == IdKind::Phone).expect("the switchboard is a hub");
    assert_eq!(hub.value, "+40213112000");
    assert!(hub.degree > config.hubs.max_degree, "{hub:?} {:?}", res.hubs);
    assert!(!together(&res, "guest-0", "other-0"));
    assert!(!together(&res, "guest-0", "guest-2"));
    // Placeholders and stop-listed values are hubs whatever their degree.
    let mut few = background(50);
    few.push(entity("p1", "Person", "a.csv", &[("name", "Ana Placeholder"), ("phone", "000000")]));
    few.push(entity("p2", "Person", "b.csv", &[("name", "Radu Other"), ("email", "noreply@bank.example")]));
    let res = resolve(&records_from_entities(&few), &[], &config).unwrap();
    assert!(res.hubs.iter().any(|h| h.value == "000000"), "{:?}", res.hubs);
    assert!(res.hubs.iter().any(|h| h.value.starts_with("noreply@")), "{:?}", res.hubs);
}

#[test]
fn a_bridging_record_does_not_chain_two_people() {
    let mut entities = background(300);
    entities.extend([
        entity(
            "a",
            "Person",
            "bank.csv",
            &[("name", "Maria Ionescu"), ("birthDate", "1980-01-01"), ("gender", "female"), ("phone", "+40744000111")],
        ),
        entity(
            "c",
            "Person",
            "registry.csv",
            &[
                ("name", "Mihai Ionescu"),
                ("birthDate", "1955-03-03"),
                ("gender", "male"),
                ("email", "m.ionescu@example.ro"),
            ],
        ),
        // "M. Ionescu" shares a phone with Maria and an e-mail with Mihai.
        entity(
            "b",
            "Person",
            "ads.jsonl",
            &[("name", "M. Ionescu"), ("phone", "+40744000111"), ("email", "m.ionescu@example.ro")],
        ),
    ]);
    let res = resolve(&records_from_entities(&entities), &[], &Config::default()).unwrap();
    assert!(!together(&res, "a", "c"), "Maria and Mihai chained through M. Ionescu");
    assert!(together(&res, "b", "a") || together(&res, "b", "c"), "the bridging record joins one of them");
}
