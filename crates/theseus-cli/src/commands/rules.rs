//! `theseus rules`: the rule catalogue, and the default rule pack to start a jurisdiction's own.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use theseus_analysis::Config;

#[derive(clap::Args)]
pub struct Args {
    /// Print the default rule pack (TOML): every threshold, weight and typology.
    #[arg(long)]
    pack: bool,
    /// Check a rule pack file and print what it changes.
    #[arg(long, value_name = "FILE")]
    check: Option<std::path::PathBuf>,
    /// One JSON object per rule.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    // A reader that closes the pipe early (`| head`) ends the listing quietly.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.pack {
        let _ = write!(out, "{}", theseus_analysis::config::DEFAULT_PACK);
        let _ = out.flush();
        return Ok(ExitCode::SUCCESS);
    }
    let cfg = match &a.check {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            let cfg = Config::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            eprintln!("{}: a valid rule pack", p.display());
            cfg
        }
        None => Config::default(),
    };
    let typologies = |code: &str| -> Vec<&str> {
        cfg.typologies.iter().filter(|(_, t)| t.rules.iter().any(|r| r == code)).map(|(k, _)| k.as_str()).collect()
    };
    for r in theseus_analysis::rules::catalogue() {
        let m = r.meta();
        let written = if a.json {
            writeln!(
                out,
                "{}",
                serde_json::json!({
                    "code": m.code, "title": m.title, "status": m.status, "roles": m.roles, "needs": m.needs,
                    "weight": cfg.weight(m.code), "enabled": cfg.enabled(m.code), "typologies": typologies(m.code),
                    "parameters": cfg.rules.get(m.code),
                })
            )
        } else {
            writeln!(
                out,
                "{}  {:<7} w{:<4} {:<52} {}{}",
                m.code,
                format!("{:?}", m.status).to_lowercase(),
                cfg.weight(m.code),
                m.title,
                typologies(m.code).join(","),
                if cfg.enabled(m.code) { "" } else { "  (disabled)" }
            )
        };
        if written.is_err() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    for c in &cfg.custom {
        let written = if a.json {
            let line = serde_json::json!({
                "code": c.code, "title": c.title, "custom": true, "where": c.filter, "typologies": c.typologies,
            });
            writeln!(out, "{line}")
        } else {
            writeln!(out, "{}  custom  w{:<4} {:<52} {}", c.code, cfg.weight(&c.code), c.title, c.typologies.join(","))
        };
        if written.is_err() {
            break;
        }
    }
    let _ = out.flush();
    Ok(ExitCode::SUCCESS)
}
