//! goAML STRs of the demo case's alerts, validated with xmllint against each FIU's schema.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::{ok, s, theseus};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/goaml");

/// The FIU schemas beside the repository and xmllint, or `None` (SKIPPED) when either is missing and the
/// harness does not require them.
fn tools() -> Option<()> {
    if !Path::new(SHARED).join("uae-goAMLSchema-5.0.2.xsd").is_file() {
        assert!(
            std::env::var_os("THESEUS_REQUIRE_FTM").is_none(),
            "THESEUS_REQUIRE_FTM is set but {SHARED} is missing"
        );
        eprintln!("SKIPPED: {SHARED} not found");
        return None;
    }
    if !Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("THESEUS_REQUIRE_XMLLINT").is_none(),
            "THESEUS_REQUIRE_XMLLINT is set but xmllint is missing"
        );
        eprintln!("SKIPPED: xmllint not installed (apt-get install -y libxml2-utils)");
        return None;
    }
    Some(())
}

/// Validates a report with xmllint against the FIU's schema read the way the FIU's validator reads it.
fn assert_valid(report: &Path, schema_file: &str, dir: &Path) {
    let xsd = std::fs::read_to_string(Path::new(SHARED).join(schema_file)).unwrap();
    let patched = dir.join(format!("dotnet-{schema_file}"));
    std::fs::write(&patched, theseus_goaml::dotnet_patterns(&xsd)).unwrap();
    let out = Command::new("xmllint").arg("--noout").arg("--schema").arg(&patched).arg(report).output().unwrap();
    assert!(out.status.success(), "{}: {}", report.display(), String::from_utf8_lossy(&out.stderr));
}

fn text_of(xml: &str, name: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants().find(|n| n.has_tag_name(name)).and_then(|n| n.text()).unwrap_or_default().to_string()
}

#[test]
fn the_demo_alerts_export_as_valid_strs_for_both_fius() {
    if tools().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    ok(&["demo", "--out", s(&demo)]);
    let ws = demo.join("workspace");
    let ranked: Vec<Value> =
        ok(&["export", "-w", s(&ws), "--format", "alerts"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let offender = ranked.iter().find(|r| r["alert"].is_string() && r["victim_warning"].is_null()).expect("an alert");
    let victim = ranked.iter().find(|r| r["alert"].is_string() && r["victim_warning"].is_string()).expect("a victim");

    // By alert id, the schema found beside the repository, the documented reporter file.
    let reporter = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/goaml-reporter.example.toml");
    let uae = dir.path().join("uae.xml");
    let alert = offender["alert"].as_str().unwrap();
    ok(&[
        "export",
        "-w",
        s(&ws),
        "--format",
        "goaml",
        "--fiu",
        "uae",
        "--reporter",
        s(&reporter),
        alert,
        "--out",
        s(&uae),
    ]);
    assert_valid(&uae, "uae-goAMLSchema-5.0.2.xsd", dir.path());
    let x = std::fs::read_to_string(&uae).unwrap();
    assert_eq!(text_of(&x, "report_code"), "STR");
    assert_eq!(text_of(&x, "entity_reference"), format!("FIC-{alert}"));
    assert_eq!(text_of(&x, "currency_code_local"), "AED");
    let reason = text_of(&x, "reason");
    for h in offender["indicators"].as_array().unwrap() {
        assert!(reason.contains(h["code"].as_str().unwrap()), "{reason}");
    }
    assert!(x.contains("<indicator>FPOES</indicator>") || x.contains("<indicator>FNACC</indicator>"), "{x}");

    // By subject id, the schema given, placeholders for the reporting entity: the victim warning leads.
    let ppatk = dir.path().join("ppatk.xml");
    let schema = Path::new(SHARED).join("ppatk-goAMLSchema-4.0.2.xsd");
    let subject = victim["subject"].as_str().unwrap();
    let out = theseus(&[
        "export",
        "-w",
        s(&ws),
        "--format",
        "goaml",
        "--fiu",
        "ppatk",
        "--schema",
        s(&schema),
        subject,
        "--out",
        s(&ppatk),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("placeholders"), "{stderr}");
    assert_valid(&ppatk, "ppatk-goAMLSchema-4.0.2.xsd", dir.path());
    let x = std::fs::read_to_string(&ppatk).unwrap();
    assert_eq!(text_of(&x, "report_code"), "LTKM");
    assert!(text_of(&x, "reason").starts_with("VICTIM WARNING"));
    assert!(text_of(&x, "action").contains("NOT FOR FILING"));

    // Failures say what to do.
    let out = theseus(&["export", "-w", s(&ws), "--format", "goaml", "--fiu", "uae", "A-nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no alert or subject 'A-nope'"));
    let out = theseus(&[
        "export",
        "-w",
        s(&ws),
        "--format",
        "goaml",
        "--fiu",
        "uae",
        "--schema",
        s(&ws.join("none.xsd")),
        alert,
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the goAML schema"));
}
