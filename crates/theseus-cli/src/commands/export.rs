//! `theseus export`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: crate::WorkspaceArg,
    /// `ftm`: FollowTheMoney entity stream (registry entities, and transactions as Payments between
    /// BankAccounts); `quarantine`: rejected and flagged records; `analysis`: the latest analysis.
    #[arg(long, value_parser = ["ftm", "quarantine", "analysis"])]
    format: String,
    /// Output file; standard output when absent.
    #[arg(long, short)]
    out: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let mut ws = super::open(&a.ws.workspace)?;
    let lines: Vec<String> = match a.format.as_str() {
        "ftm" => {
            let ents = ws.entities()?;
            let txns = ws.transactions()?;
            theseus_model::ftm::stream(&ents, &txns).into_iter().map(|v| v.to_string()).collect()
        }
        "quarantine" => ws.quarantine()?.iter().map(|q| serde_json::to_string(q).expect("serialisable")).collect(),
        _ => vec![serde_json::to_string(&super::report::current_analysis(&mut ws)?)?],
    };
    match &a.out {
        Some(p) => {
            let tmp = p.with_extension("tmp");
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?,
            );
            for l in &lines {
                writeln!(f, "{l}")?;
            }
            f.flush()?;
            drop(f);
            std::fs::rename(&tmp, p)?;
            eprintln!("{} line(s) written to {}", lines.len(), p.display());
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            for l in &lines {
                if writeln!(w, "{l}").is_err() {
                    break; // reader closed the pipe (e.g. `| head`)
                }
            }
            let _ = w.flush();
        }
    }
    Ok(ExitCode::SUCCESS)
}
