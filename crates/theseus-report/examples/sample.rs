//! Writes the report of the tests' hand-made sample analysis, and a large synthetic network picture, for a
//! visual check in a browser:
//!
//! ```text
//! cargo run -p theseus-report --example sample -- /tmp/report-sample
//! ```
//!
//! The folder (default `report-sample` in the current directory) gets `report.html` and `big-network.svg`.

#[path = "../src/fixture.rs"]
mod fixture;

use std::path::PathBuf;

use theseus_report::{AlertState, EvidenceFile, ReportMeta, network_svg, render_html};

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "report-sample".into()));
    std::fs::create_dir_all(&dir)?;
    let meta = ReportMeta {
        title: "Operation Lantern — financial analysis (sample)".into(),
        workspace: "/cases/lantern".into(),
        generated_at: "2024-08-02T14:05:00Z".into(),
        files: vec![
            EvidenceFile {
                name: "statement_vellani_2024.csv".into(),
                sha256: fixture::SHA.into(),
                size: 1_834_221,
                batch: 1,
            },
            EvidenceFile {
                name: "aurora & partners <export>.xlsx".into(),
                sha256: fixture::SHA.into(),
                size: 92_110,
                batch: 2,
            },
        ],
        quarantine_count: 3,
        theseus_version: env!("CARGO_PKG_VERSION").into(),
        alerts: vec![AlertState {
            subject: "s001".into(),
            alert: "A-0123456789".into(),
            decision: Some("needs_information".into()),
            detail: "ask the bank for the KYC file (ana, 2024-08-01)".into(),
        }],
    };
    let report = dir.join("report.html");
    std::fs::write(&report, render_html(&fixture::sample(), &meta))?;
    let svg = dir.join("big-network.svg");
    std::fs::write(&svg, network_svg(&fixture::big_network(150), 1076.0, 820.0))?;
    println!("wrote {} and {}", report.display(), svg.display());
    Ok(())
}
