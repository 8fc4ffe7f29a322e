//! The demo scenario: about seventy people at two banks over January–June 2026, one sexual-exploitation
//! operation, written as `nordbank.csv`, `harbour.csv`, `registry.ftm.jsonl` and `truth.json`. The same
//! world with every evidence format is [`crate::generate`] with [`crate::Params::demo`].

use std::path::Path;

use crate::generate::{self, Outputs};
use crate::params::Params;

/// One evidence file the generator wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFile {
    /// File name inside the output directory.
    pub name: String,
    /// What the file is and how to read it.
    pub kind: FileKind,
}

/// The kinds of evidence file the demo writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// A bank statement export, read with the named built-in mapping profile (`nordbank`, `harbour`).
    BankStatement {
        /// The mapping profile that reads it.
        profile: &'static str,
    },
    /// A FollowTheMoney entity stream (one JSON object per line).
    FtmEntities,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoManifest {
    /// The evidence files, in the order an investigator would load them.
    pub files: Vec<DemoFile>,
    /// File name of the ground truth (`truth.json`), for tests and evaluation only.
    pub truth: String,
}

/// Generates the demo world for `seed` and writes its files into `out` (created if missing; existing files
/// of the same names are replaced). The same seed always produces byte-identical files.
pub fn generate(seed: u64, out: &Path) -> std::io::Result<DemoManifest> {
    let params = Params::demo();
    let mut built = generate::build(&params, seed);
    let m = generate::write_out(&mut built, &params, seed, out, Outputs::Legacy)?;
    let files = m
        .files
        .into_iter()
        .filter_map(|f| {
            let kind = match f.kind {
                crate::FileKind::BankStatement { profile } => FileKind::BankStatement { profile },
                crate::FileKind::FtmEntities => FileKind::FtmEntities,
                _ => return None,
            };
            Some(DemoFile { name: f.name, kind })
        })
        .collect();
    Ok(DemoManifest { files, truth: m.truth })
}
