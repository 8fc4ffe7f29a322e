//! `theseus rules`: the catalogue, the default pack, and checking a jurisdiction's pack.

use super::{ok, theseus};

#[test]
fn the_catalogue_lists_every_rule_and_a_pack_is_checked_before_use() {
    let list = ok(&["rules"]);
    let codes: Vec<&str> = list.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(codes.len(), 35, "{list}");
    assert!(codes.iter().all(|c| c.starts_with("THB-")));
    let pack = ok(&["rules", "--pack"]);
    assert!(pack.contains("[typologies.labour_exploitation]") && pack.contains("[rules.THB-018]"));

    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "disabled = [\"THB-005\"]\n[rules.THB-006]\nmin_events = 7\n").unwrap();
    let listed = ok(&["rules", "--check", good.to_str().unwrap()]);
    assert!(listed.lines().any(|l| l.starts_with("THB-005") && l.ends_with("(disabled)")), "{listed}");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[rules.THB-006]\nmin_event = 7\n").unwrap();
    let out = theseus(&["rules", "--check", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml") && err.contains("rules.THB-006.min_event"), "{err}");
}
