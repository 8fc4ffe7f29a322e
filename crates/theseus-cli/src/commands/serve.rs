//! `theseus serve`, and the admin commands of the workbench: `user`, `session`, `audit`.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use theseus_server::auth::Role;
use theseus_server::db::Db;
use theseus_store::Workspace;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: crate::WorkspaceArg,
    /// Address to listen on. Loopback by default: the workbench is for this machine unless a TLS proxy fronts it.
    #[arg(long, default_value = "127.0.0.1:7878")]
    listen: SocketAddr,
    /// Allow an address other than loopback.
    #[arg(long)]
    allow_remote: bool,
    /// Mark the session cookie Secure (sent over HTTPS only), for use behind a TLS proxy.
    #[arg(long)]
    secure_cookie: bool,
    /// Case title shown on the page and the report.
    #[arg(long, default_value = "Case")]
    title: String,
    /// Analysis configuration (TOML) for analysis runs started from the workbench.
    #[arg(long)]
    config: Option<PathBuf>,
}

/// Runs analyses for the workbench as `theseus analyze` does, holding the workspace only to read and store.
struct Runner {
    config: theseus_analysis::Config,
}

fn lock(ws: &Mutex<Workspace>) -> std::sync::MutexGuard<'_, Workspace> {
    ws.lock().unwrap_or_else(|e| e.into_inner())
}

impl theseus_server::AnalysisRunner for Runner {
    fn run(&self, ws: &Mutex<Workspace>, progress: &dyn Fn(&str, f64)) -> std::result::Result<(), String> {
        let e = |e: theseus_store::Error| e.to_string();
        progress("reading evidence tables", 0.05);
        let (txns, ents, decisions) = {
            let ws = lock(ws);
            (ws.transactions().map_err(e)?, ws.entities().map_err(e)?, ws.identity_decisions().map_err(e)?)
        };
        progress(&format!("resolving {} entities", ents.len()), 0.25);
        let records = theseus_resolve::records_from_entities(&ents);
        let decisions: Vec<theseus_resolve::Decision> = decisions
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
            .map_err(|e| format!("entity resolution: {e}"))?;
        let clusters: Vec<Vec<String>> =
            res.clusters.iter().filter(|c| c.members.len() > 1).map(|c| c.members.clone()).collect();
        progress(&format!("analysing {} transactions", txns.len()), 0.5);
        let a = theseus_analysis::analyze_resolved(&txns, &ents, &self.config, &clusters);
        progress("storing the analysis", 0.85);
        let json = serde_json::to_string(&a).map_err(|e| e.to_string())?;
        let mut ws = lock(ws);
        let run = ws.save_run("analysis", &json).map_err(e)?;
        ws.record_alerts(run, &super::analyze::alerts_of(&a)).map_err(e)?;
        Ok(())
    }
}

pub fn run(a: Args) -> Result<ExitCode> {
    if !a.listen.ip().is_loopback() && !a.allow_remote {
        bail!("{} is not a loopback address; pass --allow-remote (and put a TLS proxy in front)", a.listen);
    }
    let config = super::analyze::load_config(a.config.as_ref())?;
    let ws = super::open(&a.ws.workspace)?;
    let no_users = Db::open(ws.root())?.users()?.is_empty();
    eprintln!("indexing {}", ws.root().display());
    let state = theseus_server::AppState::new(
        ws,
        Arc::new(Runner { config }),
        theseus_server::Config { secure_cookie: a.secure_cookie, title: a.title },
    )?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(a.listen).await.with_context(|| format!("cannot listen on {}", a.listen))?;
        let addr = listener.local_addr()?;
        println!("serving {} on http://{addr}/ (Ctrl-C to stop)", state.case_id());
        if no_users {
            println!("no users yet: create one with `theseus user create NAME --role investigator -w DIR`");
        }
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        theseus_server::serve(state, listener, shutdown).await.context("server failed")
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct UserArgs {
    /// Workspace folder.
    #[arg(long, short = 'w', default_value = ".", value_name = "DIR", global = true)]
    workspace: PathBuf,
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(clap::Subcommand)]
enum UserCommand {
    /// Create a user, a member of this workspace's case. The password is read from standard input.
    Create {
        /// Login name.
        name: String,
        /// analyst, investigator, prosecutor, supervisor or auditor.
        #[arg(long)]
        role: String,
    },
    /// Change a user's role; their sessions end.
    Role {
        /// Login name.
        name: String,
        /// The new role.
        role: String,
    },
    /// Set a new password, read from standard input; the user's sessions end.
    ResetPassword {
        /// Login name.
        name: String,
    },
    /// Make a user a member of this case.
    Grant {
        /// Login name.
        name: String,
    },
    /// Remove a user from this case; their sessions end.
    Revoke {
        /// Login name.
        name: String,
    },
    /// List users, their roles and whether they are members of this case.
    List,
}

fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("password (at least 10 characters; it is shown as you type): ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn db_of(ws: &std::path::Path) -> Result<Db> {
    // The marker check of the store: users are never created beside something that is not a workspace.
    if !ws.join("THESEUS_WORKSPACE").exists() {
        bail!("{} is not a Theseus workspace", ws.display());
    }
    Ok(Db::open(ws)?)
}

pub fn user(a: UserArgs) -> Result<ExitCode> {
    let mut db = db_of(&a.workspace)?;
    match a.command {
        UserCommand::Create { name, role } => {
            let role = Role::parse(&role)?;
            db.create_user(&name, role, &read_password()?)?;
            println!("created {name} ({}), member of case {}", role.name(), db.case_id());
        }
        UserCommand::Role { name, role } => {
            let role = Role::parse(&role)?;
            db.set_role(&name, role)?;
            println!("{name} is now {}", role.name());
        }
        UserCommand::ResetPassword { name } => {
            db.reset_password(&name, &read_password()?)?;
            println!("password of {name} reset; their sessions ended");
        }
        UserCommand::Grant { name } => {
            db.set_member(&name, true)?;
            println!("{name} is a member of case {}", db.case_id());
        }
        UserCommand::Revoke { name } => {
            db.set_member(&name, false)?;
            println!("{name} is no longer a member of case {}", db.case_id());
        }
        UserCommand::List => {
            for u in db.users()? {
                println!("{:<20} {:<13} {}", u.name, u.role, if u.member { "member" } else { "not a member" });
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct SessionArgs {
    /// Workspace folder.
    #[arg(long, short = 'w', default_value = ".", value_name = "DIR", global = true)]
    workspace: PathBuf,
    #[command(subcommand)]
    command: SessionCommand,
}

#[derive(clap::Subcommand)]
enum SessionCommand {
    /// Replace the key session tokens are checked with: every session ends at once.
    RotateKey,
}

pub fn session(a: SessionArgs) -> Result<ExitCode> {
    let mut db = db_of(&a.workspace)?;
    match a.command {
        SessionCommand::RotateKey => {
            db.rotate_session_key()?;
            println!("session key rotated; every session has ended");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct AuditArgs {
    /// Workspace folder.
    #[arg(long, short = 'w', default_value = ".", value_name = "DIR", global = true)]
    workspace: PathBuf,
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(clap::Subcommand)]
enum AuditCommand {
    /// Check the hash chain of the audit log; names the first entry that is altered, missing or out of order.
    Verify {
        /// Print a JSON report.
        #[arg(long)]
        json: bool,
    },
    /// Write the audit log (JSON lines) to a file or standard output.
    Export {
        /// Output file; standard output when absent.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

pub fn audit(a: AuditArgs) -> Result<ExitCode> {
    let db = db_of(&a.workspace)?;
    let path = a.workspace.join(theseus_server::audit::AUDIT_FILE);
    match a.command {
        AuditCommand::Verify { json } => {
            let v = theseus_server::audit::verify(&path, db.audit_head()?.as_ref())?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"ok": v.problem.is_none(), "entries": v.entries, "problem": v.problem})
                );
            } else if let Some(p) = &v.problem {
                println!("FAILED: {p}");
            } else {
                println!("ok: {} entries, hash chain intact", v.entries);
            }
            Ok(if v.problem.is_none() { ExitCode::SUCCESS } else { ExitCode::from(2) })
        }
        AuditCommand::Export { out } => {
            let text = if path.exists() { std::fs::read_to_string(&path)? } else { String::new() };
            match out {
                Some(p) => std::fs::write(&p, text).with_context(|| format!("cannot write {}", p.display()))?,
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
