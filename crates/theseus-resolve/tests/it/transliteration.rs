//! One man met as "Aleksandr Petrov" in a bank, "PETROV OLEKSANDR" in a company registry, "Александр
//! Петров" in a police record and "Sasha" with his phone in an ad.

use theseus_resolve::{Config, Reason, records_from_entities, resolve};

use crate::support::{background, entity, together};

#[test]
fn transliterated_reordered_and_nicknamed_names_meet() {
    let mut entities = background(300);
    entities.extend([
        entity(
            "bank-1",
            "Person",
            "bank.csv",
            &[("name", "Aleksandr Petrov"), ("birthDate", "1985-04-09"), ("phone", "+40721555111")],
        ),
        entity(
            "registry-1",
            "Person",
            "registry.csv",
            &[("firstName", "OLEKSANDR"), ("lastName", "PETROV"), ("birthDate", "1985")],
        ),
        entity("police-1", "Person", "police.json", &[("name", "Петров Александр"), ("birthDate", "09.04.1985")]),
        entity("ad-1", "Person", "ads.jsonl", &[("name", "Sasha"), ("phone", "0040 721 555 111")]),
        // A different Petrov: same family name, different given name and birth date.
        entity("bank-2", "Person", "bank.csv", &[("name", "Ivan Petrov"), ("birthDate", "1961-11-30")]),
    ]);
    let records = records_from_entities(&entities);
    let res = resolve(&records, &[], &Config::default()).unwrap();
    for other in ["registry-1", "police-1", "ad-1"] {
        assert!(together(&res, "bank-1", other), "bank-1 and {other} should be one person");
    }
    assert!(!together(&res, "bank-1", "bank-2"), "Ivan Petrov is someone else");
    // Every probabilistic link is explained field by field, and the weights add up.
    let c = crate::support::cluster_of(&res, "bank-1");
    assert_eq!(c.explanation.links.len(), c.members.len() - 1);
    for link in &c.explanation.links {
        if let Reason::Probabilistic { match_weight, prior_weight, fields, .. } = &link.reason {
            let sum: f64 = prior_weight + fields.iter().map(|f| f.weight).sum::<f64>();
            assert!((sum - match_weight).abs() < 0.01, "{sum} vs {match_weight}");
            assert!(fields.iter().any(|f| f.field == "given_name" && f.level != "missing"));
        }
    }
    let line = c.to_json_line();
    assert!(line.contains("\"method\":\"probabilistic\""), "{line}");
}
