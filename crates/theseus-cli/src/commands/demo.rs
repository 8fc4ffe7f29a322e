//! `theseus demo`: synthetic evidence → workspace → analysis → report, in one go.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use theseus_model::ids;
use theseus_store::Workspace;

#[derive(clap::Args)]
pub struct Args {
    /// Folder for the demo (created; must not exist or be empty).
    #[arg(long, short, default_value = "theseus-demo")]
    out: PathBuf,
    /// Seed of the synthetic world; the same seed gives the same evidence, byte for byte.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

pub fn run(a: Args) -> Result<ExitCode> {
    if a.out.exists() && std::fs::read_dir(&a.out)?.next().is_some() {
        bail!("{} exists and is not empty; remove it or choose another --out", a.out.display());
    }
    let evidence_dir = a.out.join("evidence-received");
    std::fs::create_dir_all(&evidence_dir)?;
    println!("1/4 generating a synthetic case (seed {}) in {}", a.seed, evidence_dir.display());
    let manifest = theseus_simulate::generate(&theseus_simulate::Params::demo(), a.seed, &evidence_dir)
        .context("generating the demo evidence")?;
    let ws_dir = a.out.join("workspace");
    let mut ws = Workspace::init(&ws_dir)?;
    println!("2/4 ingesting {} evidence files into {}", manifest.files.len(), ws_dir.display());
    {
        let mut batch = ws.batch()?;
        for f in &manifest.files {
            let path = evidence_dir.join(&f.name);
            let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let reader = super::reader_for_kind(&f.kind)?;
            let sha = ids::sha256_hex(&bytes);
            let parsed = super::read_for_batch(&batch, reader.as_ref(), &f.name, &bytes, &sha)?;
            let o = batch.add_file(&f.name, &bytes, &sha, &reader.extractor(), parsed)?;
            println!(
                "    {:<22} {:>5} records: {:>5} transactions, {:>4} entities, {} rejected, {} flagged",
                f.name, o.records_seen, o.transactions, o.entities, o.rejected, o.flagged
            );
        }
        batch.commit("demo")?;
    }
    println!("3/4 analysing");
    let analysis = super::analyze::analyze(&mut ws, &theseus_analysis::Config::default())?;
    super::analyze::print_ranking(&analysis, 10);
    let report = a.out.join("report.html");
    super::report::write_report(
        &mut ws,
        "Demo case: synthetic evidence from two banks and a company registry",
        &report,
    )?;
    println!("4/4 report written to {}", report.display());
    println!(
        "    the ground truth of the synthetic world is in {} (for evaluation only; nothing in the analysis reads it)",
        evidence_dir.join(&manifest.truth).display()
    );
    Ok(ExitCode::SUCCESS)
}
