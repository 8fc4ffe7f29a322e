//! FtM export checked by the reference `followthemoney` tool, and re-imported.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

use crate::{ok, s};

/// The `ftm` executable: `cargo xtask test` installs it and sets THESEUS_FTM. Outside it, the test is skipped
/// with a message unless THESEUS_REQUIRE_FTM is set (as the xtask and CI set it).
fn ftm_tool() -> Option<String> {
    if let Ok(p) = std::env::var("THESEUS_FTM") {
        return Some(p);
    }
    let on_path = Command::new("ftm").arg("--help").output().is_ok_and(|o| o.status.success());
    if on_path {
        return Some("ftm".into());
    }
    assert!(std::env::var_os("THESEUS_REQUIRE_FTM").is_none(), "THESEUS_REQUIRE_FTM is set but no ftm tool was found");
    eprintln!("SKIPPED: the followthemoney `ftm` tool is not installed; run `cargo xtask test`");
    None
}

type Key = (String, String, BTreeMap<String, Vec<String>>);

fn key(v: &Value) -> Key {
    let mut props: BTreeMap<String, Vec<String>> = serde_json::from_value(v["properties"].clone()).unwrap();
    for vals in props.values_mut() {
        vals.sort();
    }
    (v["id"].as_str().unwrap().to_string(), v["schema"].as_str().unwrap().to_string(), props)
}

fn lines(text: &str) -> Vec<Value> {
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn export_validates_with_ftm_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    ok(&["demo", "--out", s(&demo)]);
    let exported = dir.path().join("case.ftm.jsonl");
    ok(&["export", "-w", s(&demo.join("workspace")), "--format", "ftm", "--out", s(&exported)]);
    let ours = lines(&std::fs::read_to_string(&exported).unwrap());
    assert!(ours.len() > 3000, "payments, accounts and registry entities: {}", ours.len());
    for schema in ["Payment", "BankAccount", "Person", "Company", "Ownership", "Directorship"] {
        assert!(ours.iter().any(|v| v["schema"] == schema), "no {schema} in the export");
    }
    assert!(ours.iter().all(|v| v["provenance"]["sha256"].as_str().is_some_and(|h| h.len() == 64)));

    if let Some(ftm) = ftm_tool() {
        let checked = dir.path().join("checked.jsonl");
        let out = Command::new(&ftm).args(["validate", "-i", s(&exported), "-o", s(&checked)]).output().unwrap();
        assert!(out.status.success(), "ftm validate failed: {}", String::from_utf8_lossy(&out.stderr));
        let theirs = lines(&std::fs::read_to_string(&checked).unwrap());
        assert_eq!(theirs.len(), ours.len(), "ftm validate dropped entities");
        // The reference tool re-parses every value with its own type rules; nothing may change or vanish.
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!(key(a), key(b), "ftm validate changed an entity");
        }
    }

    // Re-import into a new workspace and export again: the same entities.
    let ws2 = dir.path().join("ws2");
    ok(&["init", s(&ws2)]);
    ok(&["ingest", "-w", s(&ws2), s(&exported)]);
    let again = lines(&ok(&["export", "-w", s(&ws2), "--format", "ftm"]));
    let a: Vec<Key> = ours.iter().map(key).collect();
    let b: Vec<Key> = again.iter().map(key).collect();
    assert_eq!(a.len(), b.len());
    assert!(a == b, "round trip changed the stream");
}

#[test]
fn every_reader_exports_valid_ftm() {
    use crate::fixture;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&["init", s(&ws)]);
    let f = |r: &str| fixture(r).to_str().unwrap().to_string();
    for args in [
        vec!["--profile".to_string(), "nordbank".into(), f("bank/nordbank_ok.csv")],
        vec!["--profile".into(), "danube".into(), f("bank/danube_report.txt")],
        vec!["--profile".into(), "exchange".into(), f("exchange/exchange.csv")],
        vec!["--mapping".into(), "subscribers".into(), f("phone/subscribers.csv")],
        vec!["--mapping".into(), "cdr".into(), f("phone/cdr.csv")],
        vec![f("ads/ads.jsonl"), f("ads/production.jsonl"), f("goaml/str_funnel.xml"), f("ftm/registry_mixed.jsonl")],
    ] {
        let mut a = vec!["ingest", "-w", s(&ws)];
        a.extend(args.iter().map(String::as_str));
        ok(&a);
    }
    let exported = dir.path().join("all.ftm.jsonl");
    ok(&["export", "-w", s(&ws), "--format", "ftm", "--out", s(&exported)]);
    let ours = lines(&std::fs::read_to_string(&exported).unwrap());
    for schema in ["Article", "UserAccount", "Call", "Note", "Payment", "Person", "UnknownLink", "BankAccount"] {
        assert!(ours.iter().any(|v| v["schema"] == schema), "no {schema} in the export");
    }
    let Some(ftm) = ftm_tool() else { return };
    let checked = dir.path().join("checked.jsonl");
    let out = Command::new(&ftm).args(["validate", "-i", s(&exported), "-o", s(&checked)]).output().unwrap();
    assert!(out.status.success(), "ftm validate failed: {}", String::from_utf8_lossy(&out.stderr));
    let theirs = lines(&std::fs::read_to_string(&checked).unwrap());
    assert_eq!(theirs.len(), ours.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(key(a), key(b), "ftm validate changed an entity");
    }
}
