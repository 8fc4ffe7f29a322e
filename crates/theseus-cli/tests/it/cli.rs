//! Commands end to end: the demo, bad input, idempotent re-ingest, exit codes.

use crate::{fixture, ok, s, theseus};

#[test]
fn demo_builds_a_report_a_person_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let stdout = ok(&["demo", "--out", s(&out)]);
    assert!(stdout.contains("report written to"), "{stdout}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<svg"), "network picture inline");
    assert!(html.contains("id=\"src-"), "sources appendix");
    // Every evidence file is listed with its full hash.
    let ws = out.join("workspace");
    let v: serde_json::Value = serde_json::from_str(&ok(&["verify", "-w", s(&ws), "--json"])).unwrap();
    assert_eq!(v["ok"], true);
    for f in v["files"].as_array().unwrap() {
        assert!(html.contains(f["sha256"].as_str().unwrap()));
    }
    // Nothing of the ground truth reaches the report's conclusions by name: the truth file is not ingested.
    assert!(v["files"].as_array().unwrap().iter().all(|f| f["file_name"] != "truth.json"));
    // The same seed gives the same evidence, byte for byte.
    let out2 = dir.path().join("demo2");
    ok(&["demo", "--out", s(&out2), "--seed", "42"]);
    let v2: serde_json::Value =
        serde_json::from_str(&ok(&["verify", "-w", s(&out2.join("workspace")), "--json"])).unwrap();
    let hashes =
        |v: &serde_json::Value| v["files"].as_array().unwrap().iter().map(|f| f["sha256"].clone()).collect::<Vec<_>>();
    assert_eq!(hashes(&v), hashes(&v2));
}

#[test]
fn bad_input_is_reported_per_record_and_the_rest_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&["init", s(&ws)]);
    let out = theseus(&[
        "ingest",
        "-w",
        s(&ws),
        "--profile",
        "nordbank",
        s(&fixture("bank/nordbank_malformed.csv")),
        s(&fixture("bank/binary.csv")),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "a refused file fails the command");
    assert!(stderr.contains("nordbank_malformed.csv: line 10: rejected: date '31.02.2026'"), "{stderr}");
    assert!(stderr.lines().last().unwrap().starts_with("error: 1 of 2 file(s) refused"), "{stderr}");
    assert!(stdout.contains("binary.csv: refused — binary.csv: binary data"), "{stdout}");
    assert!(stdout.contains("4 transaction(s)") && stdout.contains("5 rejected, 1 flagged"), "{stdout}");
    // The quarantine holds every rejected and flagged record with its reason and raw text.
    let q = ok(&["export", "-w", s(&ws), "--format", "quarantine"]);
    let rows: Vec<serde_json::Value> = q.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r["file_name"] == "nordbank_malformed.csv" && !r["raw"].as_str().unwrap().is_empty()));
    // Re-ingesting the same file changes nothing.
    let again = ok(&["ingest", "-w", s(&ws), "--profile", "nordbank", s(&fixture("bank/nordbank_malformed.csv"))]);
    assert!(again.contains("skipped — already ingested in batch 1"), "{again}");
    let v: serde_json::Value = serde_json::from_str(&ok(&["verify", "-w", s(&ws), "--json"])).unwrap();
    assert_eq!(v["batches"].as_array().unwrap().len(), 1);
}

#[test]
fn a_file_nothing_can_read_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&["init", s(&ws)]);
    let out = theseus(&["ingest", "-w", s(&ws), "--profile", "harbour", s(&fixture("bank/nordbank_ok.csv"))]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("does not fit this file") && stdout.contains("'Paid out'"), "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&ok(&["verify", "-w", s(&ws), "--json"])).unwrap();
    assert!(v["batches"].as_array().unwrap().is_empty() && v["files"].as_array().unwrap().is_empty());
}

#[test]
fn failures_are_one_line_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = theseus(&["analyze", "-w", s(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: cannot open workspace") && stderr.contains("is not a Theseus workspace"),
        "{stderr}"
    );
    let out = theseus(&["ingest", "-w", s(dir.path()), "statement.csv"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn resolved_entities_and_an_analysts_decision_against_a_merge() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    ok(&["demo", "--out", s(&out)]);
    let ws = out.join("workspace");
    let clusters: Vec<serde_json::Value> = ok(&["export", "-w", s(&ws), "--format", "clusters"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // A registry person and the subscriber record of the same person are one entity, with the reasons.
    let merged = clusters
        .iter()
        .find(|c| {
            let m = c["members"].as_array().unwrap();
            m.iter().any(|x| x.as_str().unwrap().starts_with("reg-person"))
                && m.iter().any(|x| x.as_str().unwrap().starts_with("subscriber."))
        })
        .expect("a registry person merged with a subscriber record");
    assert!(!merged["explanation"]["links"].as_array().unwrap().is_empty());
    let members: Vec<String> =
        merged["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect();
    let (a, b) = (
        members.iter().find(|m| m.starts_with("reg-person")).unwrap(),
        members.iter().find(|m| m.starts_with("subscriber.")).unwrap(),
    );
    // The analyst overrules it; the decision holds on the next run and is kept.
    let refused = theseus(&["decide", "-w", s(&ws), a, b, "--different", "--reason", ""]);
    assert_eq!(refused.status.code(), Some(1), "a decision needs a reason");
    ok(&[
        "decide",
        "-w",
        s(&ws),
        a,
        b,
        "--different",
        "--reason",
        "subscriber is her mother, same name (ID copy on file)",
    ]);
    let again = ok(&["export", "-w", s(&ws), "--format", "clusters"]);
    for line in again.lines() {
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        let m: Vec<&str> = c["members"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        assert!(!(m.contains(&a.as_str()) && m.contains(&b.as_str())), "the decision is respected: {line}");
    }
}
