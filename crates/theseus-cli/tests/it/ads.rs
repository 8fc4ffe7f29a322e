//! Ads on a simulated world: the export, the bridge from posting fees to card debits, and `match-list`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{ok, s, theseus};

/// A small world (fewer customers and months than the preset, all four operations), ingested.
struct World {
    _dir: tempfile::TempDir,
    world: PathBuf,
    ws: PathBuf,
    truth: Value,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let world = dir.path().join("world");
    ok(&["simulate", "--size", "small", "--seed", "7", "--persons", "80", "--months", "3", "--out", s(&world)]);
    let ws = dir.path().join("ws");
    ok(&["init", s(&ws)]);
    for (file, flags) in [
        ("nordbank.csv", &["--profile", "nordbank"][..]),
        ("harbour.csv", &["--profile", "harbour"]),
        ("danube.csv", &["--profile", "danube"]),
        ("registry.ftm.jsonl", &[]),
        ("ads.jsonl", &[]),
        ("ad_production.jsonl", &[]),
        ("subscribers.csv", &["--mapping", "subscribers"]),
    ] {
        let mut args = vec!["ingest", "-w", s(&ws)];
        args.extend(flags);
        let path = world.join(file);
        args.push(s(&path));
        ok(&args);
    }
    let truth = serde_json::from_str(&std::fs::read_to_string(world.join("truth.json")).unwrap()).unwrap();
    World { _dir: dir, world, ws, truth }
}

fn json_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn ads_export_bridge_and_match_list_on_a_simulated_world() {
    let w = world();
    export_names_every_ad_by_its_sites_id(&w);
    fee_payments_of_evidence_bank_cards_are_bridged(&w);
    match_list_finds_victims_by_name_phone_and_image(&w);
}

fn export_names_every_ad_by_its_sites_id(w: &World) {
    let written = json_lines(&w.world.join("ads.jsonl"));
    let lines: Vec<Value> =
        ok(&["export", "-w", s(&w.ws), "--format", "ads"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), written.len(), "one line per ad");
    let ids: HashSet<(&str, &str)> =
        lines.iter().map(|l| (l["site"].as_str().unwrap(), l["ad_id"].as_str().unwrap())).collect();
    for a in &written {
        assert!(ids.contains(&(a["site"].as_str().unwrap(), a["ad_id"].as_str().unwrap())), "{a}");
    }
    // Every operation ad of the truth is in some operation of the export, with its phone in E.164.
    let by_ad: HashMap<&str, &Value> = lines.iter().map(|l| (l["ad_id"].as_str().unwrap(), l)).collect();
    let mut op_ads = 0;
    for op in w.truth["operations"].as_array().unwrap() {
        for id in op["ads"].as_array().unwrap() {
            let l = by_ad[id.as_str().unwrap()];
            assert!(l["operation"].as_str().is_some_and(|o| o.starts_with("adop-")), "{l}");
            op_ads += 1;
        }
    }
    assert!(op_ads > 10, "{op_ads} operation ads");
    for l in &lines {
        for p in l["phones"].as_array().unwrap() {
            assert!(p["e164"].as_str().unwrap().starts_with('+') && p["end"].as_u64() > p["start"].as_u64(), "{p}");
        }
    }
    let ops = ok(&["export", "-w", s(&w.ws), "--format", "ad-operations"]);
    let ops: Vec<Value> = ops.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!ops.is_empty());
    assert!(ops.iter().all(|o| o["ads"].as_array().unwrap().len() >= 2 && !o["links"].as_array().unwrap().is_empty()));
}

fn fee_payments_of_evidence_bank_cards_are_bridged(w: &World) {
    ok(&["analyze", "-w", s(&w.ws)]);
    let a: Value = serde_json::from_str(&ok(&["export", "-w", s(&w.ws), "--format", "analysis"])).unwrap();
    let edges: Vec<&Value> =
        a["network"]["edges"].as_array().unwrap().iter().filter(|e| e["kind"] == "ad_payment").collect();
    assert!(!edges.is_empty(), "no ad_payment edge");
    let nodes: HashMap<&str, &Value> =
        a["network"]["nodes"].as_array().unwrap().iter().map(|n| (n["id"].as_str().unwrap(), n)).collect();
    let mut evidence: HashSet<&str> = HashSet::new();
    for e in &edges {
        assert_eq!(nodes[e["from"].as_str().unwrap()]["kind"], "useraccount", "{e}");
        assert!(nodes.contains_key(e["to"].as_str().unwrap()), "{e}");
        for id in e["evidence"].as_array().unwrap() {
            let id = id.as_str().unwrap();
            assert!(a["sources"].get(id).is_some(), "{id} not cited");
            evidence.insert(id);
        }
    }
    // The fees the production return says were paid with an evidence bank's card (Nordbank, Harbour, Danube
    // BINs) are exactly the fees bridged: the others are on no statement.
    let evidence_bins = ["454617", "535522", "412893"];
    let mut expected = BTreeSet::new();
    let mut other = BTreeSet::new();
    for p in json_lines(&w.world.join("ad_production.jsonl")) {
        let cards = p["cards"].as_array().unwrap();
        let poster = format!("{}.user.{}", p["site"].as_str().unwrap(), p["poster_account"].as_str().unwrap());
        for (i, f) in p["fees"].as_array().unwrap().iter().enumerate() {
            let id = format!("{poster}.fee.{}", i + 1);
            let card = cards.iter().find(|c| c["last4"] == f["card_last4"]);
            if card.is_some_and(|c| evidence_bins.contains(&c["bin"].as_str().unwrap())) {
                expected.insert(id);
            } else {
                other.insert(id);
            }
        }
    }
    let bridged: BTreeSet<String> =
        evidence.iter().filter(|id| id.contains(".fee.")).map(|id| id.to_string()).collect();
    assert!(expected.len() > 10, "{} fees paid with evidence-bank cards", expected.len());
    let missed: Vec<&String> = expected.difference(&bridged).collect();
    assert!(missed.is_empty(), "{} of {} fees not bridged: {missed:?}", missed.len(), expected.len());
    assert!(bridged.is_disjoint(&other), "a fee paid with an outside card was bridged");
    // The truth's ad payments of the operations are among the debits bridged (transactions are named by
    // their bank reference in the FtM export).
    let by_ref: HashMap<String, String> = ok(&["export", "-w", s(&w.ws), "--format", "ftm"])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["schema"] == "Payment")
        .filter_map(|e| {
            Some((e["properties"]["transactionNumber"][0].as_str()?.to_string(), e["id"].as_str()?.to_string()))
        })
        .collect();
    let mut truth_refs = 0;
    for op in w.truth["operations"].as_array().unwrap() {
        for t in op["transactions"].as_array().unwrap().iter().filter(|t| t["what"] == "ad_payment") {
            let r = t["reference"].as_str().unwrap();
            assert!(
                by_ref.get(r).is_some_and(|id| evidence.contains(id.as_str())),
                "operation ad payment {r} not bridged"
            );
            truth_refs += 1;
        }
    }
    assert!(truth_refs > 0);
}

fn match_list_finds_victims_by_name_phone_and_image(w: &World) {
    // A victim of the truth by name and birth date; an operation ad's phone as written in E.164; an image of
    // an operation ad; a bad row; somebody who is nowhere.
    let victim = w.truth["operations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["members"].as_array().unwrap())
        .find(|m| {
            m["role"] == "victim"
                && m["birth_date"].is_string()
                && !w.truth["noise"]["missing_birth_dates"].as_array().unwrap().contains(&m["registry_id"])
        })
        .expect("a victim with a birth date in the registry");
    let op_ads: HashSet<&str> = w.truth["operations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["ads"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()))
        .collect();
    let ad_phone = w.truth["ad_phones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["obfuscated"] == true && op_ads.contains(p["ad_id"].as_str().unwrap()))
        .expect("an obfuscated operation phone");
    let ads = json_lines(&w.world.join("ads.jsonl"));
    let image_ad = ads
        .iter()
        .find(|a| op_ads.contains(a["ad_id"].as_str().unwrap()) && !a["image_hashes"].as_array().unwrap().is_empty())
        .expect("an operation ad with images");
    let image = image_ad["image_hashes"][0].as_str().unwrap();
    let list_dir = tempfile::tempdir().unwrap();
    let list = list_dir.path().join("missing.csv");
    let nobody = "Zoltana Quirinovska";
    std::fs::write(
        &list,
        format!(
            "name,birth_date,phone,email,image_hash\n\"{}\",{},,,\n,,{},,\n,,,,{}\nMaria Bad,31.02.2004,,,\n{nobody},1999-01-01,,,\n",
            victim["name"].as_str().unwrap(),
            victim["birth_date"].as_str().unwrap(),
            ad_phone["e164"].as_str().unwrap(),
            image.to_uppercase(),
        ),
    )
    .unwrap();
    let out = theseus(&["match-list", "-w", s(&w.ws), s(&list), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.csv: line 5: birth_date '31.02.2004'"), "{stderr}");
    let entries: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(entries.len(), 4, "bad row skipped, the rest processed");
    let at = |line: u64| entries.iter().find(|e| e["entry"]["line"] == line).unwrap()["matches"].as_array().unwrap();
    let by_name = at(2);
    assert!(
        by_name.iter().any(|m| m["matched"] == "name+birth_date"
            && m["record"] == "person"
            && m["id"] == victim["registry_id"]
            && m["file"] == "registry.ftm.jsonl"
            && m["locator"].as_str().is_some_and(|l| !l.is_empty())),
        "victim {victim} not found by name and birth date: {by_name:?}"
    );
    let by_phone = at(3);
    assert!(
        by_phone.iter().any(|m| m["matched"] == "phone"
            && m["record"] == "ad"
            && m["id"].as_str().unwrap().ends_with(ad_phone["ad_id"].as_str().unwrap())),
        "{ad_phone} not found in its ad: {by_phone:?}"
    );
    let by_image = at(4);
    assert!(by_image.iter().any(|m| m["matched"] == "image_hash" && m["file"] == "ads.jsonl"), "{by_image:?}");
    assert!(at(6).is_empty(), "{:?}", at(6));
    // The table names the same matches.
    let table = ok(&["match-list", "-w", s(&w.ws), s(&list)]);
    assert!(table.contains("line 2:") && table.contains("name+birth_date"), "{table}");
    // The list is not copied into the workspace.
    assert!(!contains_anywhere(&w.ws, nobody.as_bytes()), "the list reached the workspace");
}

fn contains_anywhere(dir: &Path, needle: &[u8]) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        let p = e.unwrap().path();
        if p.is_dir() {
            contains_anywhere(&p, needle)
        } else {
            std::fs::read(&p).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle))
        }
    })
}
