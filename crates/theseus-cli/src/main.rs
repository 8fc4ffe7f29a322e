//! `theseus`: the command line. Thin glue: every command parses its arguments, calls the engine crates and
//! prints. Nothing here decides what evidence means.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Screening allocates and frees millions of small vectors on both cores; mimalloc does that with far less
// contention and page churn than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Theseus: follow the money, link the evidence, build trafficking cases that do not rest on a victim's
/// testimony.
#[derive(Parser)]
#[command(name = "theseus", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the workspace is.
#[derive(clap::Args, Clone)]
struct WorkspaceArg {
    /// Workspace folder.
    #[arg(long, short = 'w', default_value = ".", value_name = "DIR")]
    workspace: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new, empty workspace.
    Init {
        /// Folder to create (must be new or empty).
        dir: PathBuf,
    },
    /// Copy evidence files into the workspace and read them: bank statements through a profile, tables of
    /// entities through a mapping, FtM entity streams, goAML reports, ad exports. The files one run accepts are
    /// committed together as one batch, or not at all; a file that cannot be read at all is refused and named;
    /// files already ingested are skipped.
    Ingest(commands::ingest::Args),
    /// Link, run the indicators and rank subjects; the result is stored in the workspace.
    Analyze(commands::analyze::Args),
    /// List alerts with their latest disposition.
    Alerts(commands::alerts::ListArgs),
    /// Record a decision on an alert: escalate, dismiss (with a reason) or needs-information. Decisions are
    /// kept with who made them and when, and survive re-runs of the analysis.
    Dispose(commands::alerts::DisposeArgs),
    /// Record that two records are, or are not, one person or organisation. Entity resolution respects the
    /// latest decision on each pair on every run; the history of decisions is kept.
    Decide(commands::alerts::DecideArgs),
    /// Why two records are, or are not, one person or organisation: each field's agreement and weight
    /// against the threshold, whether blocking ever paired them, shared identifiers, analysts' decisions and
    /// the cluster each is in.
    Explain(commands::explain::Args),
    /// List the rule catalogue (codes, status, weights, typologies), print the default rule pack, or check a
    /// jurisdiction's rule pack.
    Rules(commands::rules::Args),
    /// Write the self-contained HTML case report.
    Report(commands::report::Args),
    /// Write results out: `ftm` (FollowTheMoney JSON lines), `alerts` (alerts and ranked subjects),
    /// `clusters` (resolved entities), `quarantine` (rejected and flagged records), `analysis` (the latest
    /// analysis as JSON), `goaml` (a suspicious transaction report for one alert, valid against the FIU's
    /// schema), `ads` and `ad-operations` (what was extracted from each ad, and the operations they form).
    Export(commands::export::Args),
    /// Re-hash every evidence file and check the catalogue against the data files.
    Verify {
        #[command(flatten)]
        ws: WorkspaceArg,
        /// Print a JSON report.
        #[arg(long)]
        json: bool,
    },
    /// List the built-in bank statement profiles and entity mappings, or print one to start your own.
    Profiles {
        /// Print this profile's TOML.
        #[arg(long)]
        show: Option<String>,
    },
    /// Generate a synthetic world with trafficking operations hidden in ordinary life, written as the evidence
    /// files investigators receive, plus the ground truth of what was hidden (for evaluation only).
    Simulate(commands::simulate::Args),
    /// Build a demo case end to end: synthetic evidence from two banks and a registry, ingested, analysed and
    /// reported.
    Demo(commands::demo::Args),
    /// Match a list of missing or at-risk persons (CSV: name, birth_date, phone, email, image_hash) against
    /// the workspace's ads, persons, subscribers and account holders, for victim identification. The list is
    /// only read, never stored in the workspace.
    MatchList(commands::match_list::Args),
    /// Serve the investigator workbench: search, entity pages, network, alert triage, notes, report and
    /// exports in a browser, with users, roles, a victim compartment and an audit log.
    Serve(commands::serve::Args),
    /// Manage the workbench's users: create, change role, reset password, grant or revoke case membership, list.
    User(commands::serve::UserArgs),
    /// Manage the workbench's sessions: `rotate-key` ends every session.
    Session(commands::serve::SessionArgs),
    /// Check (`verify`) or export the workbench's hash-chained audit log.
    Audit(commands::serve::AuditArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init { dir } => commands::init(&dir),
        Command::Ingest(a) => commands::ingest::run(a),
        Command::Analyze(a) => commands::analyze::run(a),
        Command::Report(a) => commands::report::run(a),
        Command::Rules(a) => commands::rules::run(a),
        Command::Alerts(a) => commands::alerts::list(a),
        Command::Dispose(a) => commands::alerts::dispose(a),
        Command::Decide(a) => commands::alerts::decide(a),
        Command::Explain(a) => commands::explain::run(a),
        Command::Export(a) => commands::export::run(a),
        Command::Verify { ws, json } => commands::verify(&ws.workspace, json),
        Command::Profiles { show } => commands::profiles(show.as_deref()),
        Command::Demo(a) => commands::demo::run(a),
        Command::Simulate(a) => commands::simulate::run(a),
        Command::MatchList(a) => commands::match_list::run(a),
        Command::Serve(a) => commands::serve::run(a),
        Command::User(a) => commands::serve::user(a),
        Command::Session(a) => commands::serve::session(a),
        Command::Audit(a) => commands::serve::audit(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // One line, the reason first; causes joined, without repeating a cause its parent already quotes.
            let mut chain: Vec<String> = Vec::new();
            for c in e.chain() {
                let msg = c.to_string().replace('\n', " ");
                if !chain.last().is_some_and(|prev| prev.contains(&msg)) {
                    chain.push(msg);
                }
            }
            eprintln!("error: {}", chain.join(": "));
            ExitCode::from(1)
        }
    }
}
