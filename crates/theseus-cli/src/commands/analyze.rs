//! `theseus analyze`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use theseus_analysis::{Analysis, Config};
use theseus_store::Workspace;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub ws: crate::WorkspaceArg,
    /// Analysis configuration (TOML): thresholds, weights, lists. Defaults are documented in the code.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Print the whole analysis as JSON instead of the ranking.
    #[arg(long)]
    pub json: bool,
    /// Subjects to list.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    /// How proceeds are followed through accounts that also hold clean money: `fifo` (first in, first out),
    /// `lifo` (last in, first out) or `pro-rata` (each outflow carries every source in proportion).
    #[arg(long, default_value = "fifo", value_parser = ["fifo", "lifo", "pro-rata"])]
    pub method: String,
}

pub fn load_config(path: Option<&PathBuf>) -> Result<Config> {
    match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
            Config::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
        }
        None => Ok(Config::default()),
    }
}

/// Resolves the workspace's entities, respecting the analysts' identity decisions.
pub fn resolve(ws: &Workspace, ents: &[theseus_model::Entity]) -> Result<theseus_resolve::Resolution> {
    let records = theseus_resolve::records_from_entities(ents);
    let decisions: Vec<theseus_resolve::Decision> = ws
        .identity_decisions()?
        .into_iter()
        .map(|d| theseus_resolve::Decision {
            verdict: if d.verdict == "same" {
                theseus_resolve::Verdict::Same
            } else {
                theseus_resolve::Verdict::Different
            },
            a: d.a,
            b: d.b,
            author: Some(d.author),
            note: Some(d.note),
        })
        .collect();
    let res = theseus_resolve::resolve(&records, &decisions, &theseus_resolve::Config::default())
        .map_err(|e| anyhow::anyhow!("entity resolution: {e}"))?;
    for w in &res.warnings {
        eprintln!("note: entity resolution: {w}");
    }
    Ok(res)
}

/// Runs the analysis on the workspace and stores it.
pub fn analyze(ws: &mut Workspace, config: &Config) -> Result<Analysis> {
    analyze_with(ws, config, theseus_chain::money::Method::Fifo)
}

/// Runs the analysis and builds the chain (operations, roles, money trail, elements) with a tracing method;
/// both are stored in the workspace.
pub fn analyze_with(ws: &mut Workspace, config: &Config, method: theseus_chain::money::Method) -> Result<Analysis> {
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message("reading evidence tables");
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let (txns, columns) = ws.transactions_and_columns()?;
    let ents = ws.entities()?;
    spinner.set_message(format!("resolving {} entities", ents.len()));
    let resolution = resolve(ws, &ents)?;
    let clusters: Vec<Vec<String>> =
        resolution.clusters.iter().filter(|c| c.members.len() > 1).map(|c| c.members.clone()).collect();
    spinner.set_message(format!("analysing {} transactions and {} entities", txns.len(), ents.len()));
    let (mut a, parties) = theseus_analysis::analyze_columns(&txns, &columns, &ents, config, &clusters);
    spinner.set_message("building the chain: operations, roles, money trail");
    let chain = theseus_chain::build_on(&txns, &ents, &parties, &a, &theseus_chain::cast::Options::default(), method);
    // The accounts borrow the columns.
    drop(parties);
    drop(columns);
    // The records the chain cites are sources of the case file like those the analysis cites.
    theseus_analysis::score::cite(&mut a, &txns, &ents, chain.cited());
    let run = ws.save_run("analysis", &serde_json::to_string(&a)?)?;
    ws.record_alerts(run, &alerts_of(&a))?;
    ws.save_run("chain", &serde_json::to_string(&chain)?)?;
    spinner.finish_and_clear();
    Ok(a)
}

/// The alerts of an analysis, with ids stable across runs: the same subject alerted again is the same alert,
/// and keeps its disposition.
pub fn alerts_of(a: &Analysis) -> Vec<theseus_store::NewAlert> {
    const KIND: &str = "first-pass";
    a.subjects
        .iter()
        .filter(|s| s.alert)
        .map(|s| {
            let codes: std::collections::BTreeSet<&str> = s.hits.iter().map(|h| h.code.as_str()).collect();
            theseus_store::NewAlert {
                id: format!("A-{}", &theseus_model::ids::make_id(["alert", &s.id, KIND])[..10]),
                subject: s.id.clone(),
                subject_name: s.name.clone(),
                kind: KIND.into(),
                score: s.score,
                summary: format!(
                    "{} — {}{}",
                    s.typologies.iter().filter(|t| t.alert).map(|t| t.title.as_str()).collect::<Vec<_>>().join(", "),
                    codes.into_iter().collect::<Vec<_>>().join(" "),
                    if s.victim_warning.is_some() { " [likely victim]" } else { "" }
                ),
            }
        })
        .collect()
}

pub fn run(args: Args) -> Result<ExitCode> {
    let config = load_config(args.config.as_ref())?;
    let mut ws = super::open(&args.ws.workspace)?;
    let method = theseus_chain::money::Method::parse(&args.method).expect("checked by clap");
    let a = analyze_with(&mut ws, &config, method)?;
    if args.json {
        println!("{}", serde_json::to_string(&a)?);
        return Ok(ExitCode::SUCCESS);
    }
    print_ranking(&a, args.top);
    Ok(ExitCode::SUCCESS)
}

pub fn print_ranking(a: &Analysis, top: usize) {
    let s = &a.stats;
    println!(
        "{} transactions on {} accounts, {} entities; {} subject(s) flagged, {} alerted; {} hub identifier(s) set aside",
        s.transactions,
        s.accounts,
        s.entities,
        s.subjects_flagged,
        s.subjects_alerted,
        a.hubs.len()
    );
    println!("{:>4}  {:>5}  {:<5}  {:<32}  indicators", "rank", "score", "alert", "subject");
    for (i, subj) in a.subjects.iter().filter(|s| s.score > 0.0).take(top).enumerate() {
        let codes: std::collections::BTreeSet<&str> = subj.hits.iter().map(|h| h.code.as_str()).collect();
        let name: String = subj.name.chars().take(32).collect();
        println!(
            "{:>4}  {:>5.1}  {:<5}  {:<32}  {}{}",
            i + 1,
            subj.score,
            if subj.alert { "ALERT" } else { "" },
            name,
            codes.into_iter().collect::<Vec<_>>().join(" "),
            if subj.victim_warning.is_some() { "  [LIKELY VICTIM: review before treating as suspect]" } else { "" }
        );
    }
}
