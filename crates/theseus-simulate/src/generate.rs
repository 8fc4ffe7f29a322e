//! Building a world and writing it out: the public entry point [`generate`].

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use crate::calendar::Period;
use crate::params::Params;
use crate::population::{self, Infra, Ordinary};
use crate::rng::Rng;
use crate::world::{Bank, World};
use crate::write::{self, bank::Streams, truth::FileTruth};
use crate::{ads, crypto, finish, negatives, ops, phones, strs};

/// What an evidence file is and how Theseus reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// A bank statement export, read with the named built-in mapping profile (`nordbank`, `harbour`,
    /// `danube`).
    BankStatement {
        /// The mapping profile that reads it.
        profile: &'static str,
    },
    /// A FollowTheMoney entity stream (one JSON object per line): the registry extract.
    FtmEntities,
    /// An ad site's export: one ad per line (JSON lines).
    AdExport,
    /// An ad site's production return: one poster account per line (JSON lines).
    AdProduction,
    /// Phone subscriber records (CSV), read with the named tabular mapping.
    Subscribers {
        /// The mapping that reads it.
        mapping: &'static str,
    },
    /// Call detail records (CSV), read with the named tabular mapping.
    CallRecords {
        /// The mapping that reads it.
        mapping: &'static str,
    },
    /// A crypto exchange's deposit and withdrawal export (CSV), read with the named statement profile.
    CryptoExchange {
        /// The mapping profile that reads it.
        profile: &'static str,
    },
    /// A goAML suspicious transaction report (XML, UAE goAML schema 5.0.2).
    GoamlReport,
}

impl FileKind {
    /// A short name for the kind, as the truth file and the command line print it.
    pub fn name(&self) -> &'static str {
        match self {
            FileKind::BankStatement { .. } => "bank_statement",
            FileKind::FtmEntities => "ftm_entities",
            FileKind::AdExport => "ad_export",
            FileKind::AdProduction => "ad_production",
            FileKind::Subscribers { .. } => "subscribers",
            FileKind::CallRecords { .. } => "call_records",
            FileKind::CryptoExchange { .. } => "crypto_exchange",
            FileKind::GoamlReport => "goaml_str",
        }
    }
}

/// One evidence file the generator wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// File name inside the output directory.
    pub name: String,
    /// What the file is and how to read it.
    pub kind: FileKind,
    /// Records in it (rows, lines, entities; one per report for goAML).
    pub records: u64,
}

/// Counts of what was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Bank statement rows over all banks (deliberate duplicate rows not counted).
    pub transactions: u64,
    /// People in the world (customers, relatives, operation members, counterparties in the registry).
    pub persons: u64,
    /// Companies in the registry.
    pub companies: u64,
    /// Accounts at the evidence banks.
    pub accounts: u64,
    /// Operations injected.
    pub operations: u64,
    /// Ads in the ad export.
    pub ads: u64,
    /// Call detail records.
    pub calls: u64,
    /// Exchange deposits and withdrawals.
    pub crypto: u64,
    /// STR reports.
    pub reports: u64,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// The evidence files, in the order an investigator would load them.
    pub files: Vec<OutputFile>,
    /// File name of the ground truth (`truth.json`), for tests and evaluation only.
    pub truth: String,
    /// What was generated.
    pub counts: Counts,
    /// Wall-clock seconds the generation took (not part of any file).
    pub seconds: f64,
}

/// The world before it is written: the up-front part in memory, the ordinary customers as recipes.
pub(crate) struct Built {
    pub world: World,
    pub infra: Infra,
    pub ordinary: Vec<Ordinary>,
}

/// Builds the world for a seed (everything except the ordinary customers' transactions).
pub(crate) fn build(params: &Params, seed: u64) -> Built {
    let mut world = World::new(Period::new(params.months.clamp(1, 36)));
    let infra = population::infra(&mut world, &mut Rng::derive(seed, "infra"), params.persons);
    ops::inject(&mut world, seed, &infra, &params.operations, params.danube);
    negatives::hard_negatives(&mut world, seed, &infra, params.hard_negatives, params.danube, params.activity);
    let taken: HashSet<String> = world.persons.iter().map(|p| p.name()).collect();
    let ordinary = population::ordinary_customers(&mut world, seed, params.persons, params.danube, &infra, &taken);
    let people: Vec<usize> = ordinary.iter().map(|o| o.h.c.person).collect();
    ads::background(&mut world, seed, &people);
    let investors: Vec<(String, String, i64)> = ordinary
        .iter()
        .filter(|o| o.h.investor)
        .map(|o| {
            let p = o.h.c.person;
            (crate::text::swift_upper(&world.persons[p].name()), crypto::account_of(p), 10_000)
        })
        .collect();
    crypto::background(&mut world, seed, &investors);
    phones::subscriber_lines(&mut world, seed);
    finish::finish(&mut world, seed);
    strs::select(&mut world, seed);
    Built { world, infra, ordinary }
}

/// Which files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outputs {
    /// Every format.
    All,
    /// The demo's original set: the two bank statements, the registry and the truth.
    Legacy,
}

/// Writes a built world into `out`.
pub(crate) fn write_out(
    b: &mut Built,
    params: &Params,
    seed: u64,
    out: &Path,
    which: Outputs,
) -> std::io::Result<Manifest> {
    let started = Instant::now();
    std::fs::create_dir_all(out)?;
    let world = &mut b.world;
    let mut files = vec![];
    let mut counts = Counts {
        persons: world.persons.len() as u64,
        companies: world.companies.iter().filter(|c| c.in_registry).count() as u64,
        accounts: world.accounts.iter().filter(|a| a.bank().is_some()).count() as u64,
        operations: world.ops.len() as u64,
        ..Counts::default()
    };

    // Bank statements, streamed; references of the up-front postings are stored back.
    let mut core = std::mem::take(&mut world.postings);
    let mut core_by_acct: Vec<Vec<usize>> = vec![vec![]; world.accounts.len()];
    for (i, p) in core.iter().enumerate() {
        core_by_acct[p.account].push(i);
    }
    let mut ordinary_of: Vec<Option<u32>> = vec![None; world.accounts.len()];
    for (i, o) in b.ordinary.iter().enumerate() {
        ordinary_of[o.h.c.acct] = Some(i as u32);
    }
    let streams =
        Streams { seed, infra: &b.infra, ordinary: &b.ordinary, ordinary_of: &ordinary_of, activity: params.activity };
    for bank in Bank::ALL {
        if bank == Bank::Danube && !params.danube {
            continue;
        }
        let name = write::file_of(bank);
        let c = write::bank::write(world, bank, &mut core, &core_by_acct, &streams, &out.join(name))?;
        counts.transactions += c.rows;
        let profile = match bank {
            Bank::Nordbank => "nordbank",
            Bank::Harbour => "harbour",
            Bank::Danube => "danube",
        };
        files.push(OutputFile { name: name.into(), kind: FileKind::BankStatement { profile }, records: c.rows });
    }
    world.postings = core;

    let n = write::registry::write(world, &out.join(write::REGISTRY_FILE))?;
    files.push(OutputFile { name: write::REGISTRY_FILE.into(), kind: FileKind::FtmEntities, records: n });

    if which == Outputs::All {
        let n = write::evidence::ads(world, &out.join(write::ADS_FILE))?;
        counts.ads = n;
        files.push(OutputFile { name: write::ADS_FILE.into(), kind: FileKind::AdExport, records: n });
        let n = write::evidence::production(world, &out.join(write::PRODUCTION_FILE))?;
        files.push(OutputFile { name: write::PRODUCTION_FILE.into(), kind: FileKind::AdProduction, records: n });
        let n = write::evidence::subscribers(world, &out.join(write::SUBSCRIBERS_FILE))?;
        files.push(OutputFile {
            name: write::SUBSCRIBERS_FILE.into(),
            kind: FileKind::Subscribers { mapping: "subscribers" },
            records: n,
        });
        let n = write::evidence::cdr(world, seed, &out.join(write::CDR_FILE))?;
        counts.calls = n;
        files.push(OutputFile {
            name: write::CDR_FILE.into(),
            kind: FileKind::CallRecords { mapping: "cdr" },
            records: n,
        });
        let n = write::evidence::exchange(world, &out.join(write::EXCHANGE_FILE))?;
        counts.crypto = n;
        files.push(OutputFile {
            name: write::EXCHANGE_FILE.into(),
            kind: FileKind::CryptoExchange { profile: "exchange" },
            records: n,
        });
        for name in write::goaml::write(world, out)? {
            files.push(OutputFile { name, kind: FileKind::GoamlReport, records: 1 });
        }
        counts.reports = world.strs.len() as u64;
    }
    let listed: Vec<FileTruth> =
        files.iter().map(|f| FileTruth { name: f.name.clone(), kind: f.kind.name().to_string() }).collect();
    let counts_json = serde_json::json!({
        "transactions": counts.transactions,
        "persons": counts.persons,
        "companies": counts.companies,
        "accounts": counts.accounts,
        "operations": counts.operations,
        "ads": counts.ads,
        "calls": counts.calls,
        "crypto": counts.crypto,
        "reports": counts.reports,
        "rows_per_file": files.iter().map(|f| (f.name.clone(), f.records)).collect::<std::collections::BTreeMap<_, _>>(),
    });
    let truth = write::truth::truth(world, seed, params, listed, counts_json);
    write::truth::write(&truth, &out.join(write::TRUTH_FILE))?;
    Ok(Manifest { files, truth: write::TRUTH_FILE.into(), counts, seconds: started.elapsed().as_secs_f64() })
}

/// Generates a world of the given size for `seed` and writes its evidence files and `truth.json` into `out`
/// (created if missing; existing files of the same names are replaced). The same parameters and seed always
/// produce byte-identical files. Ordinary customers' transactions are generated while their bank's file is
/// written and never held in memory all at once.
pub fn generate(params: &Params, seed: u64, out: &Path) -> std::io::Result<Manifest> {
    let started = Instant::now();
    let mut built = build(params, seed);
    let mut m = write_out(&mut built, params, seed, out, Outputs::All)?;
    m.seconds = started.elapsed().as_secs_f64();
    Ok(m)
}
