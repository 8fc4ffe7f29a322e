//! Every file the simulator writes is ingestible, and the only rejects are the noise it says it put in.

use std::collections::BTreeMap;

use crate::{ok, s};

#[test]
fn every_simulated_file_ingests_with_only_the_deliberate_noise_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let world = dir.path().join("world");
    let out = ok(&["simulate", "--size", "small", "--seed", "3", "--persons", "400", "--out", s(&world)]);
    assert!(out.contains("truth"), "{out}");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(world.join("truth.json")).unwrap()).unwrap();
    let ws = dir.path().join("ws");
    ok(&["init", s(&ws)]);
    let mut names: Vec<String> = std::fs::read_dir(&world)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "truth.json" && !n.starts_with("truth"))
        .collect();
    names.sort();
    let kinds = [
        "nordbank.csv",
        "harbour.csv",
        "danube.csv",
        "registry.ftm.jsonl",
        "ads.jsonl",
        "ad_production.jsonl",
        "subscribers.csv",
        "cdr.csv",
        "exchange.csv",
    ];
    for k in kinds {
        assert!(names.iter().any(|n| n == k), "{k} not written: {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("str-") && n.ends_with(".xml")));
    for n in &names {
        let path = world.join(n);
        let flags: Vec<&str> = match n.as_str() {
            "nordbank.csv" => vec!["--profile", "nordbank"],
            "harbour.csv" => vec!["--profile", "harbour"],
            "danube.csv" => vec!["--profile", "danube"],
            "exchange.csv" => vec!["--profile", "exchange"],
            "subscribers.csv" => vec!["--mapping", "subscribers"],
            "cdr.csv" => vec!["--mapping", "cdr"],
            _ => vec![],
        };
        let mut args = vec!["ingest", "-w", s(&ws)];
        args.extend(flags);
        args.push(s(&path));
        ok(&args);
    }
    let q: Vec<serde_json::Value> = ok(&["export", "-w", s(&ws), "--format", "quarantine"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Expected: per file, the duplicated rows rejected and the mistyped IBANs flagged, nothing else.
    let mut dups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in truth["noise"]["duplicate_rows"].as_array().unwrap() {
        dups.entry(d["file"].as_str().unwrap().into()).or_default().push(d["reference"].as_str().unwrap().into());
    }
    let mut ibans: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in truth["noise"]["invalid_ibans"].as_array().unwrap() {
        ibans.entry(d["file"].as_str().unwrap().into()).or_default().push(d["written"].as_str().unwrap().into());
    }
    assert!(!dups.is_empty() && !ibans.is_empty(), "the world has deliberate noise");
    for row in &q {
        let file = row["file_name"].as_str().unwrap();
        let raw = row["raw"].as_str().unwrap();
        let reason = row["reason"].as_str().unwrap();
        let expected = match row["severity"].as_str().unwrap() {
            "rejected" => {
                reason.contains("duplicate") && dups.get(file).is_some_and(|v| v.iter().any(|r| raw.contains(r)))
            }
            _ => {
                reason.contains("IBAN")
                    && ibans.get(file).is_some_and(|v| v.iter().any(|i| raw.replace(' ', "").contains(i)))
            }
        };
        assert!(expected, "unexpected quarantine row: {row}");
    }
    let rejected = q.iter().filter(|r| r["severity"] == "rejected").count();
    let flagged = q.len() - rejected;
    assert_eq!(rejected, dups.values().map(Vec::len).sum::<usize>(), "every duplicated row is caught");
    assert_eq!(flagged, ibans.values().map(Vec::len).sum::<usize>(), "every mistyped IBAN is flagged");
    let v: serde_json::Value = serde_json::from_str(&ok(&["verify", "-w", s(&ws), "--json"])).unwrap();
    assert_eq!(v["ok"], true);
}
