//! The demo scenario: about seventy people at two banks over January–June 2026, one sexual-exploitation
//! operation, written as `nordbank.csv`, `harbour.csv`, `registry.ftm.jsonl` and `truth.json`.

use std::path::Path;

use crate::population::{self, Params};
use crate::rng::Rng;
use crate::world::World;
use crate::write::{self, HARBOUR_FILE, NORDBANK_FILE, REGISTRY_FILE, TRUTH_FILE};
use crate::{finish, operation};

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

/// Builds the demo world for a seed.
pub(crate) fn build(seed: u64, params: &Params) -> World {
    let mut world = World::default();
    let infra = population::infra(&mut world, &mut Rng::derive(seed, "infra"));
    population::populate(&mut world, seed, params, &infra);
    operation::inject(&mut world, seed, &infra);
    finish::finish(&mut world, seed);
    world
}

/// The files of a world, as (name, bytes), evidence first and truth last.
pub(crate) fn render(world: &World, seed: u64) -> std::io::Result<Vec<(&'static str, Vec<u8>)>> {
    Ok(vec![
        (NORDBANK_FILE, write::nordbank::write(world)?),
        (HARBOUR_FILE, write::harbour::write(world)?),
        (REGISTRY_FILE, write::registry::write(world)?),
        (TRUTH_FILE, write::truth::write(world, seed)?),
    ])
}

/// Generates the demo world for `seed` and writes its files into `out` (created if missing; existing files
/// of the same names are replaced). The same seed always produces byte-identical files.
pub fn generate(seed: u64, out: &Path) -> std::io::Result<DemoManifest> {
    let world = build(seed, &Params::demo());
    std::fs::create_dir_all(out)?;
    for (name, bytes) in render(&world, seed)? {
        std::fs::write(out.join(name), bytes)?;
    }
    Ok(DemoManifest {
        files: vec![
            DemoFile { name: NORDBANK_FILE.into(), kind: FileKind::BankStatement { profile: "nordbank" } },
            DemoFile { name: HARBOUR_FILE.into(), kind: FileKind::BankStatement { profile: "harbour" } },
            DemoFile { name: REGISTRY_FILE.into(), kind: FileKind::FtmEntities },
        ],
        truth: TRUTH_FILE.into(),
    })
}
