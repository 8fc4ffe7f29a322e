//! `theseus report`.

pub mod pdf;

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
    /// Write the whole case package into this folder instead: the report, the exports (FtM, alerts, the
    /// chain) and a manifest of the SHA-256 of every input and output with the Theseus version, so that a
    /// defence expert can reproduce the result. The folder must be new or empty.
    #[arg(long, conflicts_with = "out")]
    pub package: Option<PathBuf>,
    /// Also print the report to PDF with a Chromium installed here (`THESEUS_CHROMIUM` names another):
    /// `report.pdf` beside the report, or in the package.
    #[arg(long)]
    pub pdf: bool,
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

/// The chain stored with the current analysis, if the latest run of each saw the same batches.
pub fn current_chain(ws: &Workspace) -> Result<Option<theseus_chain::Chain>> {
    let last_batch = ws.batches()?.last().map(|b| b.id);
    match ws.latest_run("chain")? {
        Some(run) if run.last_batch == last_batch => Ok(Some(
            serde_json::from_str(&run.result).context("stored chain cannot be read; run `theseus analyze` again")?,
        )),
        _ => Ok(None),
    }
}

pub fn write_report(ws: &mut Workspace, title: &str, out: &std::path::Path) -> Result<()> {
    let a = current_analysis(ws)?;
    let chain = current_chain(ws)?;
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
    let html = match &chain {
        Some(c) => theseus_report::render_case(&a, c, &meta),
        None => theseus_report::render_html(&a, &meta),
    };
    let tmp = out.with_extension("html.tmp");
    std::fs::write(&tmp, html).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}

/// Writes the case package: the report, the exports and the manifest. Everything is written into a staging
/// folder first and renamed into place at the end, so a crash leaves no half-written package.
pub fn write_package(ws: &mut Workspace, title: &str, dir: &std::path::Path, pdf: bool) -> Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        anyhow::bail!("{} is not empty: the case package needs a new or empty folder", dir.display());
    }
    let staging = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
    write_report(ws, title, &staging.join("report.html"))?;
    if pdf && let Err(e) = pdf::print(&staging.join("report.html"), &staging.join("report.pdf")) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let lines = |v: Vec<String>| v.join("\n") + "\n";
    let ents = ws.entities()?;
    let txns = ws.transactions()?;
    let ftm: Vec<String> = theseus_model::ftm::stream(&ents, &txns).into_iter().map(|v| v.to_string()).collect();
    std::fs::write(staging.join("entities.ftm.jsonl"), lines(ftm))?;
    std::fs::write(staging.join("alerts.jsonl"), lines(super::export::alert_lines(ws)?))?;
    if let Some(chain) = current_chain(ws)? {
        std::fs::write(staging.join("chain.json"), serde_json::to_string_pretty(&chain)?)?;
    }
    // The manifest: inputs (evidence files as stored, by SHA-256) and outputs (every file of the package).
    let mut outputs = vec![];
    let mut names: Vec<_> = std::fs::read_dir(&staging)?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for p in names {
        let bytes = std::fs::read(&p)?;
        outputs.push(serde_json::json!({
            "file": p.file_name().map(|n| n.to_string_lossy().to_string()),
            "sha256": theseus_model::ids::sha256_hex(&bytes),
            "size": bytes.len(),
        }));
    }
    let inputs: Vec<serde_json::Value> = ws
        .files()?
        .into_iter()
        .map(|f| serde_json::json!({"file": f.file_name, "sha256": f.sha256, "size": f.size, "batch": f.first_batch}))
        .collect();
    let analysis_run = ws
        .latest_run("analysis")?
        .map(|r| serde_json::json!({"id": r.id, "at": r.created_at, "last_batch": r.last_batch}));
    let manifest = serde_json::json!({
        "theseus_version": env!("CARGO_PKG_VERSION"),
        "title": title,
        "workspace": ws.root().display().to_string(),
        "analysis_run": analysis_run,
        "inputs": inputs,
        "outputs": outputs,
        "reproduce": "theseus ingest the inputs into a new workspace (same files, same profiles), theseus analyze, then theseus report --package; outputs other than the report's generation time (and the PDF's creation date) are byte-identical",
    });
    std::fs::write(staging.join("manifest.json"), serde_json::to_string_pretty(&manifest)?)?;
    if dir.exists() {
        std::fs::remove_dir(dir)?;
    }
    std::fs::rename(&staging, dir).with_context(|| format!("cannot move the package into {}", dir.display()))?;
    Ok(())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut ws = super::open(&args.ws.workspace)?;
    if let Some(dir) = &args.package {
        write_package(&mut ws, &args.title, dir, args.pdf)?;
        println!(
            "case package written to {} (manifest.json lists every input and output with its SHA-256)",
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let out = args.out.clone().unwrap_or_else(|| ws.root().join("report.html"));
    write_report(&mut ws, &args.title, &out)?;
    println!("report written to {}", out.display());
    if args.pdf {
        let to = out.with_extension("pdf");
        pdf::print(&out, &to)?;
        println!("printed to {}", to.display());
    }
    Ok(ExitCode::SUCCESS)
}
