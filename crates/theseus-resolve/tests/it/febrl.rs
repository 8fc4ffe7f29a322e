//! FEBRL benchmark data: the model fits itself (EM converges) and resolves a small set well.

use theseus_resolve::{Config, LinkType, febrl, resolve};

fn data(file: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/febrl/").to_string() + file;
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Pairs of records in one cluster, and how many of them are one entity.
fn pairs(res: &theseus_resolve::Resolution) -> (usize, usize) {
    let (mut predicted, mut correct) = (0, 0);
    for c in &res.clusters {
        for (i, a) in c.members.iter().enumerate() {
            for b in &c.members[i + 1..] {
                predicted += 1;
                correct += usize::from(febrl::entity_of(a) == febrl::entity_of(b));
            }
        }
    }
    (predicted, correct)
}

#[test]
fn em_converges_on_dataset1() {
    // dataset1: 1,000 records, 500 originals each with one duplicate.
    let records = febrl::read(&data("dataset1.csv"), "dataset1").unwrap();
    assert_eq!(records.len(), 1000);
    let config = Config { deterministic: vec![], ..Config::default() };
    let res = resolve(&records, &[], &config).unwrap();
    let model = &res.models[0];
    assert!(model.fit.em_converged, "{:?}", model.fit);
    assert!(model.fit.defaults_kept.is_none(), "{:?}", model.fit);
    assert!((400.0..600.0).contains(&model.fit.expected_matches), "{:?}", model.fit);
    // m of exact given-name agreement is high, u low: the weight is strongly positive.
    assert!(model.m[0][1] > 0.5 && model.weight(0, 1) > 5.0, "{:?} {:?}", model.m[0], model.u[0]);
    let (predicted, correct) = pairs(&res);
    let (precision, recall) = (correct as f64 / predicted as f64, correct as f64 / 500.0);
    assert!(precision > 0.99 && recall > 0.95, "precision {precision}, recall {recall}");
}

#[test]
fn link_only_never_merges_two_records_of_one_source() {
    let a: Vec<_> = febrl::read(&data("dataset4a.csv"), "a").unwrap().into_iter().take(500).collect();
    let ids: std::collections::HashSet<String> =
        a.iter().map(|r| format!("rec-{}-dup-0", febrl::entity_of(&r.id))).collect();
    let b: Vec<_> =
        febrl::read(&data("dataset4b.csv"), "b").unwrap().into_iter().filter(|r| ids.contains(&r.id)).collect();
    let records = [a, b].concat();
    let res = resolve(&records, &[], &Config { link_type: LinkType::LinkOnly, ..Config::default() }).unwrap();
    for c in &res.clusters {
        let from_a = c.members.iter().filter(|m| m.ends_with("-org")).count();
        assert!(from_a <= 1 && c.members.len() - from_a <= 1, "{:?}", c.members);
    }
    let (predicted, correct) = pairs(&res);
    assert!(correct as f64 >= 0.98 * 500.0 && predicted == correct, "{correct} of {predicted}");
}
