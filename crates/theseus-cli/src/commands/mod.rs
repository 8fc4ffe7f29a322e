//! One module per command that needs more than a few lines.

pub mod alerts;
pub mod analyze;
pub mod demo;
pub mod explain;
pub mod export;
pub mod ingest;
pub mod match_list;
pub mod report;
pub mod rules;
pub mod serve;
pub mod simulate;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use theseus_store::Workspace;

pub fn init(dir: &Path) -> Result<ExitCode> {
    Workspace::init(dir)?;
    println!("created workspace {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// The reader for a file the simulator wrote.
pub fn reader_for_kind(kind: &theseus_simulate::FileKind) -> Result<Box<dyn theseus_ingest::Reader>> {
    use theseus_ingest::{ads, ftm, goaml, mapping};
    use theseus_simulate::FileKind;
    Ok(match kind {
        FileKind::BankStatement { profile } | FileKind::CryptoExchange { profile } => {
            Box::new(theseus_ingest::bank::BankReader::new(theseus_ingest::profile::load(profile)?, Default::default()))
        }
        FileKind::FtmEntities => Box::new(ftm::FtmReader::default()),
        FileKind::AdExport => Box::new(ads::AdsReader::default()),
        FileKind::AdProduction => Box::new(ads::AdProductionReader::default()),
        FileKind::Subscribers { mapping } | FileKind::CallRecords { mapping } => {
            Box::new(mapping::MappingReader::new(mapping::load(mapping)?))
        }
        FileKind::GoamlReport => Box::new(goaml::GoamlReader),
    })
}

/// Reads one evidence file with `reader` as a record of `batch` (its id and time go into every provenance).
pub fn read_for_batch(
    batch: &theseus_store::Batch<'_>,
    reader: &dyn theseus_ingest::Reader,
    file_name: &str,
    bytes: &[u8],
    sha256: &str,
) -> std::result::Result<theseus_ingest::Parsed, theseus_ingest::FileError> {
    let src = theseus_ingest::Source {
        bytes,
        file_name: file_name.to_string(),
        sha256: sha256.to_string(),
        batch: batch.id(),
        ingested_at: batch.ingested_at(),
    };
    reader.read(&src)
}

pub fn open(dir: &Path) -> Result<Workspace> {
    let ws = Workspace::open(dir).with_context(|| format!("cannot open workspace {}", dir.display()))?;
    for note in ws.recovered() {
        eprintln!("note: {note}");
    }
    Ok(ws)
}

pub fn verify(dir: &Path, json: bool) -> Result<ExitCode> {
    let ws = open(dir)?;
    let problems = ws.verify()?;
    let files = ws.files()?;
    let batches = ws.batches()?;
    if json {
        println!(
            "{}",
            serde_json::json!({"ok": problems.is_empty(), "problems": problems, "files": files, "batches": batches})
        );
    } else {
        println!("{} evidence file(s), {} batch(es) checked", files.len(), batches.len());
        for p in &problems {
            println!("PROBLEM: {p}");
        }
        if problems.is_empty() {
            println!("ok: every evidence file matches its SHA-256 and every data file matches the catalogue");
        }
    }
    if problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        if !json {
            eprintln!("error: verification found {} problem(s)", problems.len());
        }
        Ok(ExitCode::from(2))
    }
}

pub fn profiles(show: Option<&str>) -> Result<ExitCode> {
    let builtin = theseus_ingest::profile::builtin();
    match show {
        Some(name) => {
            let (_, text) =
                builtin.iter().find(|(n, _)| *n == name).with_context(|| format!("no built-in profile '{name}'"))?;
            print!("{text}");
        }
        None => {
            println!("bank statement profiles (ingest --profile NAME):");
            for (name, text) in builtin {
                let p = theseus_ingest::Profile::parse(text, name)?;
                println!("{name:<12} {}", p.description);
            }
            println!("\nWrite your own: `theseus profiles --show nordbank > mybank.toml`, edit, then");
            println!(
                "`theseus ingest --profile mybank.toml statement.csv`. The format is described in docs/profiles.md."
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
