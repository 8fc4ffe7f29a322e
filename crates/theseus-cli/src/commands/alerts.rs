//! `theseus alerts` and `theseus dispose`.

use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    ws: crate::WorkspaceArg,
    /// Print JSON lines.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct DisposeArgs {
    #[command(flatten)]
    ws: crate::WorkspaceArg,
    /// Alert id, as `theseus alerts` lists it.
    alert: String,
    /// The decision.
    #[arg(long, value_parser = ["escalate", "dismiss", "needs-information"])]
    decision: String,
    /// Why; required to dismiss or to ask for information.
    #[arg(long, default_value = "")]
    reason: String,
    /// Who decides; the login name when absent.
    #[arg(long)]
    actor: Option<String>,
}

pub fn list(a: ListArgs) -> Result<ExitCode> {
    let ws = super::open(&a.ws.workspace)?;
    let alerts = ws.alerts()?;
    if a.json {
        for al in &alerts {
            println!("{}", serde_json::to_string(al)?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if alerts.is_empty() {
        println!("no alerts (run `theseus analyze` first)");
    }
    for al in alerts {
        let d = al
            .disposition
            .map(|d| format!("{} by {} ({})", d.decision, d.actor, d.reason))
            .unwrap_or_else(|| "open".into());
        println!("{}  {:>5.1}  {:<30}  {}  — {}", al.id, al.score, al.subject_name, al.summary, d);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn dispose(a: DisposeArgs) -> Result<ExitCode> {
    let mut ws = super::open(&a.ws.workspace)?;
    let actor = a.actor.or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "unknown".into());
    let decision = a.decision.replace('-', "_");
    ws.dispose(&a.alert, &decision, &a.reason, &actor)?;
    println!("{}: {} recorded for {actor}", a.alert, a.decision);
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct DecideArgs {
    #[command(flatten)]
    ws: crate::WorkspaceArg,
    /// One record id (an entity id as `theseus export --format clusters` lists them).
    a: String,
    /// The other record id.
    b: String,
    /// They are the same person or organisation.
    #[arg(long, conflicts_with = "different", required_unless_present = "different")]
    same: bool,
    /// They are different, whatever the evidence says.
    #[arg(long)]
    different: bool,
    /// Why; required, it goes into the record of decisions.
    #[arg(long)]
    reason: String,
    /// Who decides; the login name when absent.
    #[arg(long)]
    actor: Option<String>,
}

pub fn decide(a: DecideArgs) -> Result<ExitCode> {
    let mut ws = super::open(&a.ws.workspace)?;
    let actor = a.actor.or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "unknown".into());
    let verdict = if a.same { "same" } else { "different" };
    ws.decide_identity(&a.a, &a.b, verdict, &actor, &a.reason)?;
    println!("{} and {}: {verdict}, recorded for {actor}; respected from the next `theseus analyze` on", a.a, a.b);
    Ok(ExitCode::SUCCESS)
}
