//! The catalogue as a whole: the reference page, the rule pack, custom rules, typologies.

use std::path::Path;

use theseus_analysis::Config;

fn rule_files() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("rules folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && p.file_name().is_some_and(|n| n != "mod.rs"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn the_rule_reference_page_is_current() {
    let page = theseus_analysis::reference::reference(&rule_files()).expect("every rule documented");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(on_disk == page, "docs/rules.md is out of date: run `cargo xtask rules-doc`");
}

#[test]
fn a_rule_without_a_section_is_refused() {
    let mut files = rule_files();
    let f = files.iter_mut().find(|(n, _)| n == "funnel.rs").expect("funnel rule");
    f.1 = f.1.replace("**Why.**", "**Reason.**");
    let err = theseus_analysis::reference::reference(&files).unwrap_err();
    assert!(err.contains("THB-012") && err.contains("Why."), "{err}");
}

#[test]
fn every_typology_rule_exists_and_every_rule_is_in_a_typology() {
    let cfg = Config::default();
    cfg.validate().expect("the default pack is consistent");
    for r in theseus_analysis::rules::catalogue() {
        let code = r.meta().code;
        assert!(cfg.typologies.values().any(|t| t.rules.iter().any(|c| c == code)), "{code} is in no typology");
        assert!(cfg.weights.contains_key(code), "{code} has no weight");
    }
}

#[test]
fn a_jurisdiction_pack_overrides_only_what_it_names() {
    let cfg = Config::from_toml("[rules.THB-006]\nmin_events = 7\n[typologies.laundering]\nthreshold = 6\n").unwrap();
    let d = Config::default();
    assert_eq!(cfg.rules["THB-006"]["min_events"].as_integer(), Some(7));
    assert_eq!(cfg.rules["THB-006"]["window_days"], d.rules["THB-006"]["window_days"]);
    assert_eq!(cfg.typologies["laundering"].threshold, 6.0);
    assert_eq!(cfg.typologies["laundering"].rules, d.typologies["laundering"].rules);
    assert_eq!(cfg.rules["THB-012"], d.rules["THB-012"]);
}

#[test]
fn a_pack_with_a_typo_or_a_wrong_type_is_refused_with_the_key() {
    let e = Config::from_toml("[rules.THB-006]\nmin_event = 7\n").unwrap_err();
    assert!(e.contains("rules.THB-006.min_event"), "{e}");
    let e = Config::from_toml("[rules.THB-999]\nx = 1\n").unwrap_err();
    assert!(e.contains("rules.THB-999"), "{e}");
    let e = Config::from_toml("hub_degree = \"five\"\n").unwrap_err();
    assert!(e.contains("hub_degree") && e.contains("integer"), "{e}");
    let e = Config::from_toml("[typologies.laundering]\nrules = [\"THB-012\", \"THB-404\"]\n").unwrap_err();
    assert!(e.contains("THB-404"), "{e}");
}

#[test]
fn a_pack_written_out_reads_back_the_same() {
    let d = Config::default();
    assert_eq!(Config::from_toml(&d.to_toml()).unwrap(), d);
}

#[test]
fn custom_rules_are_checked_when_loaded() {
    let base =
        "[[custom]]\ncode = \"USR-001\"\ntitle = \"t\"\ntypologies = [\"laundering\"]\nwindow_days = 7\nmin = 3\n";
    let ok = format!("{base}where = 'direction == \"in\" && channel == \"cash\" && amount >= 900'\n");
    assert!(Config::from_toml(&ok).is_ok());
    let e = Config::from_toml(&format!("{base}where = 'amount > 900 && colour == \"red\"'\n")).unwrap_err();
    assert!(e.contains("USR-001") && e.contains("colour"), "{e}");
    let e = Config::from_toml(&format!("{base}where = 'amount + 1'\n")).unwrap_err();
    assert!(e.contains("true or false"), "{e}");
    let e = Config::from_toml(&format!("{base}where = 'amount >'\n")).unwrap_err();
    assert!(e.contains("USR-001") && e.contains("`where`"), "{e}");
    let e = Config::from_toml(&ok.replace("USR-001", "THB-050")).unwrap_err();
    assert!(e.contains("USR-"), "{e}");
    let e = Config::from_toml(&ok.replace("[\"laundering\"]", "[\"smuggling\"]")).unwrap_err();
    assert!(e.contains("smuggling"), "{e}");
}

#[test]
fn a_custom_rule_fires_on_the_window_it_describes_and_feeds_its_typology() {
    use super::{Channel::*, Direction::*, Stmt, subject};
    let mut s = Stmt::new("STRUCT", "Rolf Berg");
    for d in [0, 2, 4] {
        s.add(d, 11, "950", Credit, Cash, None, None, "Hamburg");
    }
    s.add(30, 11, "950", Credit, Cash, None, None, "Hamburg");
    let pack = "[[custom]]\ncode = \"USR-001\"\ntitle = \"Cash just under 1,000\"\ntypologies = [\"laundering\"]\n\
                roles = [\"X\"]\nwhere = 'direction == \"in\" && channel == \"cash\" && amount >= 900 && amount < 1000'\n\
                window_days = 7\nmin = 3\n";
    let cfg = Config::from_toml(pack).unwrap();
    let a = theseus_analysis::analyze(&s.txns, &[], &cfg);
    let r = subject(&a, "Rolf Berg");
    let hit = r.hits.iter().find(|h| h.code == "USR-001").expect("custom rule fired");
    assert_eq!(hit.evidence.len(), 3, "the window holds three deposits, not the fourth a month later");
    assert!(hit.finding.contains("count 3 within 7 days"), "{}", hit.finding);
    let t = r.typologies.iter().find(|t| t.typology == "laundering").expect("laundering typology scored");
    assert!(t.rules.iter().any(|(c, _)| c == "USR-001"));
    assert!(!r.alert, "one rule alone never alerts");
    // Raising the bar stops it.
    let cfg = Config::from_toml(&pack.replace("min = 3", "min = 4")).unwrap();
    let a = theseus_analysis::analyze(&s.txns, &[], &cfg);
    assert!(a.subjects.iter().all(|s| s.hits.iter().all(|h| h.code != "USR-001")));
}

#[test]
fn two_rules_a_year_apart_do_not_make_a_typology_alert() {
    use super::{Channel::*, Direction::*, Stmt, subject};
    // Night cash in March and ad payments the following March: each fires, but never within 180 days.
    let mut s = Stmt::new("APART", "Lena Vogt");
    for d in [0, 3, 6, 9, 12, 15] {
        s.add(d, 23, "200", Credit, Cash, None, None, "Hamburg");
    }
    for d in [370, 375, 380, 385] {
        s.add(d, 14, "24.00", Debit, Card, Some(7311), Some(("VIVASTREET ADS", "")), "online");
    }
    let cfg = Config::from_toml("[weights]\n\"THB-006\" = 3.0\n\"THB-001\" = 3.0\n").unwrap();
    let a = theseus_analysis::analyze(&s.txns, &[], &cfg);
    let l = subject(&a, "Lena Vogt");
    let codes: Vec<&str> = l.hits.iter().map(|h| h.code.as_str()).collect();
    assert!(codes.contains(&"THB-006") && codes.contains(&"THB-001"), "{codes:?}");
    assert!(!l.alert, "{:#?}", l.typologies);
    // The same two a month apart do.
    let mut s2 = Stmt::new("CLOSE", "Lena Vogt");
    for d in [0, 3, 6, 9, 12, 15] {
        s2.add(d, 23, "200", Credit, Cash, None, None, "Hamburg");
    }
    for d in [30, 35, 40, 45] {
        s2.add(d, 14, "24.00", Debit, Card, Some(7311), Some(("VIVASTREET ADS", "")), "online");
    }
    let a = theseus_analysis::analyze(&s2.txns, &[], &cfg);
    assert!(subject(&a, "Lena Vogt").alert);
}
