//! `theseus report`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use theseus_analysis::Analysis;
use theseus_store::Workspace;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub ws: crate::WorkspaceArg,
    /// Output file; default `report.html` in the workspace.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Case title.
    #[arg(long, default_value = "Case report")]
    pub title: String,
}

/// The latest stored analysis, if it saw every committed batch; otherwise a fresh one with default settings.
pub fn current_analysis(ws: &mut Workspace) -> Result<Analysis> {
    let last_batch = ws.batches()?.last().map(|b| b.id);
    if let Some(run) = ws.latest_run("analysis")?
        && run.last_batch == last_batch
    {
        return serde_json::from_str(&run.result)
            .context("stored analysis cannot be read; run `theseus analyze` again");
    }
    eprintln!("no analysis of the latest evidence yet: running it with the default settings");
    super::analyze::analyze(ws, &theseus_analysis::Config::default())
}

pub fn write_report(ws: &mut Workspace, title: &str, out: &std::path::Path) -> Result<()> {
    let a = current_analysis(ws)?;
    let files = ws.files()?;
    let meta = theseus_report::ReportMeta {
        title: title.to_string(),
        workspace: ws.root().display().to_string(),
        generated_at: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        files: files
            .into_iter()
            .map(|f| theseus_report::EvidenceFile {
                name: f.file_name,
                sha256: f.sha256,
                size: f.size,
                batch: f.first_batch,
            })
            .collect(),
        quarantine_count: ws.quarantine()?.iter().filter(|q| q.severity == "rejected").count(),
        theseus_version: env!("CARGO_PKG_VERSION").to_string(),
        alerts: ws
            .alerts()?
            .into_iter()
            .map(|al| theseus_report::AlertState {
                subject: al.subject,
                alert: al.id,
                detail: al
                    .disposition
                    .as_ref()
                    .map(|d| format!("{} ({}, {})", d.reason, d.actor, d.at))
                    .unwrap_or_default(),
                decision: al.disposition.map(|d| d.decision),
            })
            .collect(),
    };
    let html = theseus_report::render_html(&a, &meta);
    let tmp = out.with_extension("html.tmp");
    std::fs::write(&tmp, html).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut ws = super::open(&args.ws.workspace)?;
    let out = args.out.clone().unwrap_or_else(|| ws.root().join("report.html"));
    write_report(&mut ws, &args.title, &out)?;
    println!("report written to {}", out.display());
    Ok(ExitCode::SUCCESS)
}
