//! Analyst decisions overrule the evidence, both ways, and conflicting ones are reported.

use theseus_resolve::{Config, Decision, records_from_entities, resolve};

use crate::support::{background, entity, together};

fn twins() -> Vec<theseus_model::Entity> {
    let mut e = background(100);
    for (id, file) in [("x1", "bank.csv"), ("x2", "registry.csv"), ("x3", "police.json")] {
        e.push(entity(
            id,
            "Person",
            file,
            &[("name", "Elena Radulescu"), ("birthDate", "1988-08-08"), ("address", "Bulevardul Unirii 5, Bucuresti")],
        ));
    }
    e.push(entity("y1", "Person", "ads.jsonl", &[("name", "Lena"), ("phone", "+40755123456")]));
    e
}

#[test]
fn cannot_link_is_respected() {
    let records = records_from_entities(&twins());
    let res = resolve(&records, &[], &Config::default()).unwrap();
    assert!(together(&res, "x1", "x2") && together(&res, "x2", "x3"));
    let res = resolve(&records, &[Decision::different("x1", "x3")], &Config::default()).unwrap();
    assert!(!together(&res, "x1", "x3"), "cannot-link ignored");
    // x2 may join one of them, never both.
    assert!(!(together(&res, "x2", "x1") && together(&res, "x2", "x3")));
}

#[test]
fn must_link_merges_and_is_explained_and_conflicts_are_reported() {
    let records = records_from_entities(&twins());
    let mut same = Decision::same("x1", "y1");
    same.note = Some("same phone in the seized handset".into());
    let res = resolve(&records, &[same.clone()], &Config::default()).unwrap();
    assert!(together(&res, "x1", "y1"));
    let c = crate::support::cluster_of(&res, "y1");
    let line = c.to_json_line();
    assert!(line.contains("\"method\":\"analyst\"") && line.contains("seized handset"), "{line}");
    // A must-link that contradicts a cannot-link is refused and reported.
    let res = resolve(&records, &[Decision::different("x1", "y1"), same], &Config::default()).unwrap();
    assert!(!together(&res, "x1", "y1"));
    assert!(res.refusals.iter().any(|r| r.asked_by == "analyst"), "{:?}", res.refusals);
    // Decisions on unknown records are warnings, not errors.
    let res = resolve(&records, &[Decision::same("x1", "nobody")], &Config::default()).unwrap();
    assert_eq!(res.warnings.len(), 1);
}
