//! `theseus export`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

mod goaml;
mod graph;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: crate::WorkspaceArg,
    /// `ftm`: FollowTheMoney entity stream (registry entities, and transactions as Payments between
    /// BankAccounts); `alerts`: ranked subjects with their alerts, indicators, evidence and dispositions;
    /// `clusters`: resolved entities with the record ids they merged and why;
    /// `quarantine`: rejected and flagged records; `analysis`: the latest analysis;
    /// `goaml`: a goAML suspicious transaction report of one ALERT for the FIU named by `--fiu`;
    /// `ads`: one line per ad with what was extracted (phones in E.164 with spans, e-mails, ages, indicators,
    /// score) and its operation; `ad-operations`: one line per operation of linked ads;
    /// `graphml`, `gexf`: the chain network (operation members and their edges, roles, victims marked) for
    /// Gephi and yEd; `i2`: the same as CSV for i2 Analyst's Notebook, one row per edge; `chain`: one line per
    /// operation member with its role hypotheses and their evidence (see docs/exports.md).
    #[arg(long, value_parser = [
        "ftm", "alerts", "clusters", "quarantine", "analysis", "goaml", "ads", "ad-operations",
        "graphml", "gexf", "i2", "chain",
    ])]
    format: String,
    /// ads, ad-operations: region (ISO 3166-1 alpha-2) for phone numbers written without a country code in
    /// ads whose city is not in the gazetteer and that give no country.
    #[arg(long, value_name = "CC")]
    region: Option<String>,
    /// Output file; standard output when absent.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// goaml: the FIU whose schema and codes the report follows (`uae`: STR; `ppatk`: LTKM).
    #[arg(long, value_parser = ["uae", "ppatk"], required_if_eq("format", "goaml"))]
    fiu: Option<String>,
    /// goaml: the FIU's goAML XSD as it distributes it to reporting entities; looked for in `<workspace>/goaml/`
    /// and `../shared/goaml/` when absent.
    #[arg(long)]
    schema: Option<PathBuf>,
    /// goaml: the reporting entity's details (TOML, see docs/goaml.md); placeholders, marked not for filing,
    /// when absent.
    #[arg(long)]
    reporter: Option<PathBuf>,
    /// goaml: at most this many of the alert's evidence transactions are listed.
    #[arg(long, default_value_t = 50)]
    max_transactions: usize,
    /// goaml: the alert id (as `theseus alerts` lists it) or the subject id.
    #[arg(required_if_eq("format", "goaml"))]
    alert: Option<String>,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let mut ws = super::open(&a.ws.workspace)?;
    if a.format == "goaml" {
        return goaml::export(&mut ws, &(&a).into());
    }
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
        "ads" | "ad-operations" => {
            let ents = ws.entities()?;
            let config = theseus_ads::Config { default_region: a.region.clone(), ..Default::default() };
            let analysis = theseus_ads::analyze(&ents, &config);
            if a.format == "ads" { analysis.export_lines().collect() } else { analysis.operation_lines().collect() }
        }
        "graphml" => graph::graphml(&graph::current_chain(&mut ws)?),
        "gexf" => graph::gexf(&graph::current_chain(&mut ws)?),
        "i2" => graph::i2(&graph::current_chain(&mut ws)?)?,
        "chain" => graph::chain_lines(&graph::current_chain(&mut ws)?),
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

impl From<&Args> for goaml::Request {
    fn from(a: &Args) -> Self {
        goaml::Request {
            fiu: a.fiu.clone().unwrap_or_default(),
            alert: a.alert.clone().unwrap_or_default(),
            schema: a.schema.clone(),
            reporter: a.reporter.clone(),
            max_transactions: a.max_transactions,
            out: a.out.clone(),
        }
    }
}

/// One line per subject with at least one indicator, ranked, naming it by the ids its sources gave it.
pub(crate) fn alert_lines(ws: &mut theseus_store::Workspace) -> Result<Vec<String>> {
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
                "typologies": s.typologies,
                "indicators": hits,
            })
            .to_string(),
        );
    }
    Ok(out)
}
