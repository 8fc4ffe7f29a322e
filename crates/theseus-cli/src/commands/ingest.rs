//! `theseus ingest`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use theseus_ingest::bank::BankReader;
use theseus_ingest::ftm::FtmReader;
use theseus_ingest::{Reader, Severity};
use theseus_model::ids;
use theseus_store::Workspace;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: crate::WorkspaceArg,
    /// Evidence files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Bank statement profile: a built-in name (`theseus profiles`) or a TOML file.
    #[arg(long, short)]
    profile: Option<String>,
    /// Entity mapping for tables that hold entities rather than transactions: a built-in name
    /// (`subscribers`, `cdr`; see `theseus profiles`) or a TOML file.
    #[arg(long, short)]
    mapping: Option<String>,
    /// What the files are. `auto` decides from --profile/--mapping, the `.xml` extension (goAML), and the
    /// first line of JSON-lines files (FtM entities, ads, or an ad site's production return).
    #[arg(long, default_value = "auto", value_parser = ["auto", "ftm", "bank", "mapping", "goaml", "ads", "ad-production"])]
    format: String,
    /// A constant for every row, overriding the profile's (repeatable): `--set account=DE89… --set holder="A. B."`.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    set: Vec<String>,
    /// Default region for phone numbers without a country code in FtM files (ISO 3166-1 alpha-2).
    #[arg(long)]
    region: Option<String>,
    /// Print the outcome as JSON.
    #[arg(long)]
    json: bool,
}

/// What the command did with each file.
#[derive(serde::Serialize)]
struct FileReport {
    file: String,
    status: &'static str,
    sha256: Option<String>,
    message: String,
    records: u64,
    transactions: u64,
    entities: u64,
    rejected: u64,
    flagged: u64,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let mut ws = super::open(&a.ws.workspace)?;
    let report = ingest(&mut ws, &a)?;
    drop(ws);
    let refused = report.iter().filter(|r| r.status == "refused").count();
    if a.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        for r in &report {
            println!("{}: {} — {}", r.file, r.status, r.message);
        }
    }
    if refused > 0 {
        if refused == report.len() {
            eprintln!("error: {refused} file(s) refused, nothing ingested");
        } else {
            eprintln!("error: {refused} of {} file(s) refused; the others were ingested in one batch", report.len());
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Decides the format of a JSON-lines file from the keys of its first record.
fn sniff_json_lines(path: &std::path::Path) -> Option<&'static str> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).ok()?;
    let first = std::io::BufReader::new(f).lines().map_while(Result::ok).find(|l| !l.trim().is_empty())?;
    let v: serde_json::Value = serde_json::from_str(&first).ok()?;
    let has = |k: &str| v.get(k).is_some();
    if has("schema") && has("id") {
        Some("ftm")
    } else if has("ad_id") {
        Some("ads")
    } else if has("poster_account") && (has("fees") || has("cards") || has("emails")) {
        Some("ad-production")
    } else {
        None
    }
}

fn reader_for(a: &Args, path: &std::path::Path) -> Result<Box<dyn Reader>> {
    if !path.is_file() {
        bail!("{}: no such file", path.display());
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let format = match a.format.as_str() {
        "auto" if a.profile.is_some() => "bank",
        "auto" if a.mapping.is_some() => "mapping",
        "auto" if ext == "xml" => "goaml",
        "auto" if matches!(ext.as_str(), "json" | "jsonl" | "ftm" | "ndjson") => match sniff_json_lines(path) {
            Some(f) => f,
            None => bail!(
                "{}: a JSON-lines file, but neither FtM entities, ads nor an ad production return; give --format",
                path.display()
            ),
        },
        "auto" => bail!(
            "{}: cannot tell what this file is; give --profile NAME for a bank statement or --mapping NAME for a table of entities (see `theseus profiles`), or --format",
            path.display()
        ),
        f => f,
    };
    Ok(match format {
        "ftm" => Box::new(FtmReader { default_region: a.region.clone() }),
        "goaml" => Box::new(theseus_ingest::goaml::GoamlReader),
        "ads" => Box::new(theseus_ingest::ads::AdsReader { default_region: a.region.clone() }),
        "ad-production" => Box::new(theseus_ingest::ads::AdProductionReader { default_region: a.region.clone() }),
        "mapping" => {
            let Some(m) = &a.mapping else { bail!("--format mapping needs --mapping") };
            Box::new(theseus_ingest::mapping::MappingReader::new(theseus_ingest::mapping::load(m)?))
        }
        _ => {
            let Some(p) = &a.profile else { bail!("--format bank needs --profile") };
            let mut overrides = BTreeMap::new();
            for kv in &a.set {
                let Some((k, v)) = kv.split_once('=') else { bail!("--set {kv}: expected FIELD=VALUE") };
                if !theseus_ingest::profile::FIELDS.contains(&k.trim()) {
                    bail!("--set {kv}: unknown field '{k}'; known: {}", theseus_ingest::profile::FIELDS.join(", "));
                }
                overrides.insert(k.trim().to_string(), v.trim().to_string());
            }
            let profile = theseus_ingest::profile::load_with(p, &overrides)?;
            Box::new(BankReader::new(profile, BTreeMap::new()))
        }
    })
}

fn ingest(ws: &mut Workspace, a: &Args) -> Result<Vec<FileReport>> {
    let readers: Vec<Box<dyn Reader>> = a.files.iter().map(|f| reader_for(a, f)).collect::<Result<_>>()?;
    let total: u64 = a.files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{spinner} ingesting {msg} [{bar:30}] {bytes}/{total_bytes}")
            .expect("valid template"),
    );
    let mut out = Vec::new();
    let mut batch = ws.batch()?;
    let mut shown = 0usize;
    let mut hidden = 0usize;
    for (path, reader) in a.files.iter().zip(readers) {
        let name =
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
        bar.set_message(name.clone());
        let mut rep = FileReport {
            file: path.display().to_string(),
            status: "refused",
            sha256: None,
            message: String::new(),
            records: 0,
            transactions: 0,
            entities: 0,
            rejected: 0,
            flagged: 0,
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                rep.message = format!("cannot read: {e}");
                out.push(rep);
                continue;
            }
        };
        let sha = ids::sha256_hex(&bytes);
        rep.sha256 = Some(sha.clone());
        let extractor = reader.extractor();
        if let Some(b) = batch.already_ingested(&sha, &extractor)? {
            rep.status = "skipped";
            rep.message = format!("already ingested in batch {b} (same SHA-256, same reader)");
            out.push(rep);
            bar.inc(bytes.len() as u64);
            continue;
        }
        match super::read_for_batch(&batch, reader.as_ref(), &name, &bytes, &sha) {
            Err(e) => rep.message = e.to_string(),
            Ok(parsed) => {
                for d in &parsed.diagnostics {
                    if shown < 20 {
                        bar.suspend(|| {
                            eprintln!(
                                "{}: {}: {}: {}",
                                name,
                                d.locator,
                                if d.severity == Severity::Rejected { "rejected" } else { "flagged" },
                                d.reason
                            )
                        });
                        shown += 1;
                    } else {
                        hidden += 1;
                    }
                }
                let o = batch.add_file(&name, &bytes, &sha, &extractor, parsed)?;
                rep.status = "ingested";
                rep.records = o.records_seen;
                rep.transactions = o.transactions;
                rep.entities = o.entities;
                rep.rejected = o.rejected;
                rep.flagged = o.flagged;
                rep.message = format!(
                    "{} record(s): {} transaction(s), {} entit(y/ies), {} rejected, {} flagged (sha256 {}…)",
                    o.records_seen,
                    o.transactions,
                    o.entities,
                    o.rejected,
                    o.flagged,
                    &sha[..12]
                );
            }
        }
        bar.inc(bytes.len() as u64);
        out.push(rep);
    }
    bar.finish_and_clear();
    if hidden > 0 {
        eprintln!("… and {hidden} more; all are listed by `theseus export --format quarantine`");
    }
    if !batch.is_empty() {
        let info = batch.commit(&format!(
            "ingest {}",
            a.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(" ")
        ))?;
        if !a.json {
            println!("committed batch {}", info.id);
        }
    }
    Ok(out)
}
