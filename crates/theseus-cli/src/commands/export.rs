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
    /// BankAccounts); `alerts`: ranked subjects with their alerts, indicators, evidence and dispositions;
    /// `clusters`: resolved entities with the record ids they merged and why;
    /// `quarantine`: rejected and flagged records; `analysis`: the latest analysis.
    #[arg(long, value_parser = ["ftm", "alerts", "clusters", "quarantine", "analysis"])]
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
        "alerts" => alert_lines(&mut ws)?,
        "clusters" => {
            let ents = ws.entities()?;
            let res = super::analyze::resolve(&ws, &ents)?;
            res.clusters.iter().filter(|c| c.members.len() > 1).map(|c| c.to_json_line()).collect()
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

/// One line per subject with at least one indicator, ranked, naming it by the ids its sources gave it.
fn alert_lines(ws: &mut theseus_store::Workspace) -> Result<Vec<String>> {
    let a = super::report::current_analysis(ws)?;
    let alerts = ws.alerts()?;
    let mut out = Vec::new();
    for (rank, s) in a.subjects.iter().filter(|s| !s.hits.is_empty()).enumerate() {
        let alert = alerts.iter().find(|al| al.subject == s.id && al.kind == "first-pass" && s.alert);
        let hits: Vec<serde_json::Value> = s
            .hits
            .iter()
            .map(|h| serde_json::json!({"code": h.code, "title": h.title, "finding": h.finding, "account": h.account, "roles": h.roles, "evidence": h.evidence, "period": h.period}))
            .collect();
        out.push(
            serde_json::json!({
                "rank": rank + 1,
                "subject": s.id,
                "name": s.name,
                "accounts": s.accounts,
                "entities": s.entities,
                "score": s.score,
                "alert": alert.map(|a| &a.id),
                "disposition": alert.and_then(|a| a.disposition.as_ref()),
                "roles": s.roles,
                "victim_warning": s.victim_warning,
                "score_explained": s.score_explained,
                "indicators": hits,
            })
            .to_string(),
        );
    }
    Ok(out)
}
