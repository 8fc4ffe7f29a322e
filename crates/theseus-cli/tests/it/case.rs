//! The chain and the case package on the demo case, checked against the demo world's ground truth.

use serde_json::Value;

use crate::{ok, s};

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("demo");
    ok(&["demo", "--out", s(&out)]);
    (dir, out)
}

/// The latest chain of the workspace, as a case package writes it (each call a new package folder).
fn stored_chain(ws: &std::path::Path) -> Value {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let pkg = ws.parent().expect("parent").join(format!("pkg-{n}"));
    ok(&["report", "--workspace", s(ws), "--package", s(&pkg)]);
    serde_json::from_str(&std::fs::read_to_string(pkg.join("chain.json")).expect("chain.json in the package"))
        .expect("chain json")
}

#[test]
fn the_chain_names_the_demo_exploiter_and_never_a_victim_without_a_warning() {
    let (_dir, out) = demo();
    let ws = out.join("workspace");
    let truth: Value =
        serde_json::from_slice(&std::fs::read(out.join("evidence-received/truth.json")).expect("truth")).expect("json");
    let chain = stored_chain(&ws);
    let members: Vec<&Value> = chain["cast"]["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .flat_map(|o| o["members"].as_array().expect("members").iter())
        .collect();
    assert!(!members.is_empty(), "the demo case has an operation");
    let role_of = |registry_id: &str| -> Option<String> {
        members
            .iter()
            .find(|m| m["subject"] == registry_id)
            .and_then(|m| m["roles"][0]["role"].as_str())
            .map(String::from)
    };
    let mut exploiters = 0;
    let mut victims_seen = 0;
    for op in truth["operations"].as_array().expect("truth operations") {
        for m in op["members"].as_array().expect("truth members") {
            let id = m["registry_id"].as_str().expect("registry id");
            match m["role"].as_str() {
                Some("exploiter") => {
                    assert_eq!(role_of(id).as_deref(), Some("exploiter"), "the controller {id} is named");
                    exploiters += 1;
                }
                Some("victim") => {
                    if let Some(role) = role_of(id) {
                        victims_seen += 1;
                        let member = members.iter().find(|x| x["subject"] == id).expect("member");
                        let offender = !matches!(role.as_str(), "victim" | "buyer");
                        assert!(
                            !offender || member["victim_warning"].is_string(),
                            "victim {id} labelled {role} without the non-punishment warning"
                        );
                    }
                }
                _ => {}
            }
        }
    }
    assert!(exploiters >= 1);
    assert!(victims_seen >= 2, "the demo's victims are members of the operation");
    // Every offender has an elements matrix with all fourteen elements.
    let matrices = chain["elements"].as_array().expect("elements");
    assert!(!matrices.is_empty());
    for mx in matrices {
        assert_eq!(mx["cells"].as_array().expect("cells").len(), 14);
    }
    // The money trail found proceeds and ties each to transactions.
    let sources = chain["money"]["sources"].as_array().expect("money sources");
    assert!(!sources.is_empty());
    assert!(sources.iter().all(|s| !s["transactions"].as_array().expect("records").is_empty()));
}

#[test]
fn the_case_package_lists_every_output_with_its_hash() {
    let (dir, out) = demo();
    let ws = out.join("workspace");
    let pkg = dir.path().join("package");
    ok(&["report", "--workspace", s(&ws), "--package", s(&pkg), "--title", "Demo"]);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(pkg.join("manifest.json")).expect("manifest")).expect("json");
    assert_eq!(manifest["theseus_version"], env!("CARGO_PKG_VERSION"));
    let outputs = manifest["outputs"].as_array().expect("outputs");
    let names: Vec<&str> = outputs.iter().filter_map(|o| o["file"].as_str()).collect();
    for want in ["report.html", "alerts.jsonl", "entities.ftm.jsonl", "chain.json"] {
        assert!(names.contains(&want), "{want} in the package");
    }
    for o in outputs {
        let bytes = std::fs::read(pkg.join(o["file"].as_str().expect("file"))).expect("output exists");
        assert_eq!(o["sha256"].as_str(), Some(theseus_model::ids::sha256_hex(&bytes).as_str()));
    }
    let inputs = manifest["inputs"].as_array().expect("inputs");
    assert!(inputs.len() >= 5, "the demo's evidence files are the inputs");
    let html = std::fs::read_to_string(pkg.join("report.html")).expect("report");
    for section in [
        "id=\"chain\"",
        "id=\"money\"",
        "id=\"confiscation\"",
        "id=\"compensation\"",
        "id=\"funds\"",
        "id=\"elements\"",
    ] {
        assert!(html.contains(section), "{section} in the report");
    }
    assert!(html.contains("Non-punishment warning") || html.contains("likely victim"));
    // A second package into the same folder is refused: nothing written is ever overwritten.
    let again = crate::theseus(&["report", "--workspace", s(&ws), "--package", s(&pkg)]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn every_tracing_method_gives_the_same_proceeds() {
    let (_dir, out) = demo();
    let ws = out.join("workspace");
    let mut totals = vec![];
    for method in ["fifo", "lifo", "pro-rata"] {
        ok(&["analyze", "--workspace", s(&ws), "--method", method]);
        let chain = stored_chain(&ws);
        assert_eq!(chain["money"]["method"], method.replace('-', "_"));
        let total: f64 = chain["money"]["operations"]
            .as_array()
            .expect("operations")
            .iter()
            .map(|o| o["proceeds"].as_str().expect("decimal string").parse::<f64>().expect("number"))
            .sum();
        totals.push(total);
    }
    // Proceeds are identified at their sources; the method only changes where they are followed to.
    assert!(totals[0] > 0.0);
    assert!(totals.iter().all(|t| (t - totals[0]).abs() < 0.01), "{totals:?}");
}

/// Pages of a PDF, counted on its page objects (`/Type /Page`, not the `/Type /Pages` tree).
fn pdf_pages(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    text.match_indices("/Type /Page").filter(|(i, _)| !text[i + 11..].starts_with('s')).count()
}

#[test]
fn the_report_prints_to_pdf_or_says_why_not() {
    let (_dir, out) = demo();
    let ws = out.join("workspace");
    let pkg = out.join("pkg-pdf");

    // No browser: a clear error, and neither a half package nor a stray PDF is left behind.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_theseus"))
        .args(["report", "--workspace", s(&ws), "--package", s(&pkg), "--pdf"])
        .env("THESEUS_CHROMIUM", out.join("no-such-browser"))
        .output()
        .expect("theseus runs");
    assert!(!run.status.success(), "printing without a browser fails");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("THESEUS_CHROMIUM") && err.contains("no-such-browser"), "the error names the browser: {err}");
    assert!(!pkg.exists() && !pkg.with_extension("partial").exists(), "no partial package is left");

    if std::env::var_os("THESEUS_CHROMIUM").is_none()
        && !["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .any(|b| std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).any(|d| d.join(b).is_file()))
    {
        eprintln!(
            "notice: no Chromium on this machine; the PDF print itself is not checked here (.ci/run installs one)"
        );
        return;
    }
    ok(&["report", "--workspace", s(&ws), "--package", s(&pkg), "--pdf"]);
    let pdf = std::fs::read(pkg.join("report.pdf")).expect("report.pdf in the package");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");
    let pages = pdf_pages(&pdf);
    // Sections start on new pages: a case report runs to many pages, not one long strip.
    assert!(pages >= 8, "the printed report has its sections on their own pages ({pages} pages)");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(pkg.join("manifest.json")).expect("manifest")).expect("json");
    let listed = manifest["outputs"].as_array().expect("outputs").iter().find(|o| o["file"] == "report.pdf");
    let sha = theseus_model::ids::sha256_hex(&pdf);
    assert_eq!(listed.map(|o| o["sha256"].as_str()), Some(Some(sha.as_str())), "the manifest hashes the PDF");
}
