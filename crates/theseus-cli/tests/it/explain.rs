//! `theseus explain`: why two records are, or are not, one entity.

use crate::{ok, s, theseus};

#[test]
fn a_pair_is_explained_field_by_field_with_blocking_decisions_and_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    ok(&["demo", "--out", s(&out)]);
    let ws = out.join("workspace");
    let clusters: Vec<serde_json::Value> = ok(&["export", "-w", s(&ws), "--format", "clusters"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let members = |c: &serde_json::Value| -> Vec<String> {
        c["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect()
    };
    let merged = clusters
        .iter()
        .map(members)
        .find(|m| m.iter().any(|x| x.starts_with("reg-person")) && m.iter().any(|x| x.starts_with("subscriber.")))
        .expect("a registry person merged with a subscriber record");
    let a = merged.iter().find(|m| m.starts_with("reg-person")).unwrap();
    let b = merged.iter().find(|m| m.starts_with("subscriber.")).unwrap();

    // Text: both sides, the result, blocking, every field with its level and weight, the threshold.
    let text = ok(&["explain", "-w", s(&ws), a, b]);
    assert!(text.contains(&format!("A: {a}")) && text.contains(&format!("B: {b}")), "{text}");
    assert!(text.contains("result: one entity"), "{text}");
    assert!(text.contains("blocking: compared"), "{text}");
    for field in ["given_name", "family_name", "birth_date", "phone"] {
        assert!(text.contains(field), "{field} listed: {text}");
    }
    assert!(text.contains("the threshold"), "{text}");

    // JSON: the same, machine-readable; the weights add up to the match weight.
    let v: serde_json::Value = serde_json::from_str(&ok(&["explain", "-w", s(&ws), a, b, "--json"])).unwrap();
    assert_eq!(v["same_cluster"], true);
    assert_eq!(v["a"]["cluster"], v["b"]["cluster"]);
    assert_eq!(v["blocking"]["candidate"], true);
    let score = &v["score"];
    let sum: f64 = score["fields"].as_array().unwrap().iter().map(|f| f["weight"].as_f64().unwrap()).sum::<f64>()
        + score["prior_weight"].as_f64().unwrap();
    assert!((sum - score["match_weight"].as_f64().unwrap()).abs() < 0.01, "{score}");
    assert_eq!(score["above_threshold"], true);

    // After an analyst's "different", the pair is apart and the decision is shown.
    ok(&["decide", "-w", s(&ws), a, b, "--different", "--reason", "subscriber is her mother"]);
    let v: serde_json::Value = serde_json::from_str(&ok(&["explain", "-w", s(&ws), a, b, "--json"])).unwrap();
    assert_eq!(v["same_cluster"], false);
    assert_eq!(v["decisions"][0]["verdict"], "different");
    assert_ne!(v["a"]["cluster"], v["b"]["cluster"]);
    let text = ok(&["explain", "-w", s(&ws), a, b]);
    assert!(text.contains("result: different entities") && text.contains("analyst decision: different"), "{text}");

    // An unknown id is one line naming it.
    let bad = theseus(&["explain", "-w", s(&ws), a, "no-such-record"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no-such-record"));
}
