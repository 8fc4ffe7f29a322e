//! `cargo xtask bench screening`: the rule pack over ten million transactions, beside DuckDB.
//!
//! Method. The simulator's `large` world (seed 1, about 11 million transactions; the chain benchmark's cached
//! world) has its bank statements ingested into a Theseus workspace under the cargo target folder (kept between runs).
//! Both tools then start from the same Parquet tables of that workspace:
//! - Theseus loads the transactions with their columns (`Workspace::transactions_and_columns`: the fields
//!   screening reads, the texts numbered as they are read; timed as load, as DuckDB's load builds its own
//!   columns and dictionaries), then screens them with the full default rule pack and,
//!   separately, with only the rules also written as SQL (timed as screening: grouping by account, sorting,
//!   every rule on every account; on all cores). The full pack is timed in two parts, the grouping into
//!   accounts (`Parties::build_with`: runs of lines; each account's stretch of the columns lent when its
//!   lines are in order, else sorted and gathered; which every later stage of an analysis reuses) and the
//!   rules over the grouped accounts; `--repeat N` screens N times and keeps the fastest run, `--hits FILE` writes every hit (rule, account, evidence) sorted, to check that a change keeps
//!   the engine's answer, and `--theseus-only` leaves DuckDB out.
//! - DuckDB (Python package, installed in a virtual environment beside the target folder) loads the same Parquet
//!   files into an in-memory table (timed as load), then runs the same rules written as SQL with window
//!   functions (`xtask/bench/screening_duckdb.py`, parameters taken from the same rule pack), on all cores.
//!
//! The flagged accounts of both are compared rule by rule, so that the speed is for the same answer.
//! Peak memory is each process's maximum resident set size.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use theseus_analysis::Config;

/// The rules also written as SQL for the comparison.
const SQL_RULES: [&str; 7] = ["THB-001", "THB-002", "THB-005", "THB-006", "THB-011", "THB-022", "THB-026"];

/// DuckDB releases accepted; the run prints the one installed.
const DUCKDB_SPEC: &str = "duckdb>=1.1,<2";

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Builds (once) the workspace of the large world's bank statements.
fn workspace(size: &str, seed: u64) -> Result<PathBuf> {
    let root = crate::target_dir().join("bench-data").join(format!("screening-{size}-{seed}"));
    let ws_dir = root.join("workspace");
    if root.join("ready").exists() {
        return Ok(ws_dir);
    }
    let _ = std::fs::remove_dir_all(&root);
    // The world is the chain benchmark's, generated once and shared.
    let (world, manifest) = crate::bench_chain::world(size, seed)?;
    eprintln!("bench: ingesting the {size} world's statements (seed {seed}), once");
    let mut ws = theseus_store::Workspace::init(&ws_dir)?;
    let mut batch = ws.batch()?;
    for f in &manifest.files {
        let theseus_simulate::FileKind::BankStatement { profile } = &f.kind else { continue };
        let reader = theseus_ingest::bank::BankReader::new(theseus_ingest::profile::load(profile)?, Default::default());
        let bytes = std::fs::read(world.join(&f.name))?;
        let sha = theseus_model::ids::sha256_hex(&bytes);
        let src = theseus_ingest::Source {
            bytes: &bytes,
            file_name: f.name.clone(),
            sha256: sha.clone(),
            batch: batch.id(),
            ingested_at: batch.ingested_at(),
        };
        use theseus_ingest::Reader;
        let parsed = reader.read(&src).with_context(|| format!("reading {}", f.name))?;
        eprintln!("bench: {} {} transactions", f.name, parsed.transactions.len());
        batch.add_file(&f.name, &bytes, &sha, &reader.extractor(), parsed)?;
    }
    batch.commit("screening benchmark")?;
    std::fs::write(root.join("ready"), "")?;
    Ok(ws_dir)
}

fn duckdb_python() -> Result<PathBuf> {
    let venv = crate::target_dir().join("tools").join("duckdb-1");
    let py = venv.join("bin/python");
    if py.exists() {
        return Ok(py);
    }
    eprintln!("bench: installing {DUCKDB_SPEC} into {} (once)", venv.display());
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    crate::run(Command::new(&python).args(["-m", "venv"]).arg(&venv))?;
    crate::run(Command::new(venv.join("bin/pip")).args(["install", "--quiet", DUCKDB_SPEC]))?;
    Ok(py)
}

fn flagged(hits: &[theseus_analysis::rules::RawHit]) -> BTreeMap<String, BTreeSet<String>> {
    let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for h in hits {
        m.entry(h.code.clone()).or_default().insert(h.account.clone());
    }
    m
}

pub fn run(args: &[String]) -> Result<()> {
    if crate::eval_resolution::rerun_in_release(&["bench", "screening"], args)? {
        return Ok(());
    }
    let get = |k: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone());
    let size = get("--size").unwrap_or_else(|| "large".into());
    let seed: u64 = get("--seed").map(|s| s.parse()).transpose()?.unwrap_or(1);
    let ws_dir = workspace(&size, seed)?;

    println!("benchmark: screening transactions with the rule pack, Theseus beside DuckDB");
    println!("machine: {}", crate::machine());
    println!("method: see xtask/src/bench_screening.rs; simulate --size {size} --seed {seed}, bank statements only;");
    println!("        both tools read the workspace's Parquet tables; screening time excludes loading.");

    let start = Instant::now();
    let ws = theseus_store::Workspace::open(&ws_dir)?;
    // The load numbers the texts as it reads them (`Columns`), as an analysis of the workspace does.
    let (txns, columns) = ws.transactions_and_columns()?;
    let ents = ws.entities()?;
    let load = start.elapsed().as_secs_f64();
    let n = txns.len();

    // The full pack is screened `--repeat` times (default 1); the fastest run counts, as for any timing
    // taken on a shared machine, and every run must find the same hits. Each run times apart the grouping
    // into accounts (sorting, local times, descriptor numbers: what every later stage of an analysis reuses)
    // and the rules over them.
    let repeat: usize = get("--repeat").map(|s| s.parse()).transpose()?.unwrap_or(1).max(1);
    let full = Config::default();
    let (mut screen_full, mut group_s, mut rules_s) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let mut hits_full = Vec::new();
    for run in 0..repeat {
        let cpu = cpu_seconds();
        let start = Instant::now();
        let parties = theseus_analysis::parties::Parties::build_with(&txns, &columns, &ents, Default::default());
        let grouped = start.elapsed().as_secs_f64();
        let (hits, _) = theseus_analysis::screen_parties(&txns, &ents, &parties, &full);
        let took = start.elapsed().as_secs_f64();
        eprintln!(
            "bench: full pack run {} of {repeat}: {took:.2} s (grouping {grouped:.2} s, rules {:.2} s; processor time \
             {:.2} s on all cores), {} hits",
            run + 1,
            took - grouped,
            cpu_seconds() - cpu,
            hits.len()
        );
        if run > 0 && hits.len() != hits_full.len() {
            bail!("screening is not deterministic: {} hits, then {}", hits_full.len(), hits.len());
        }
        if took < screen_full {
            (screen_full, group_s, rules_s) = (took, grouped, took - grouped);
        }
        hits_full = hits;
    }
    if let Some(path) = get("--hits") {
        // Rule, account and evidence of every hit, sorted: to check that a change to the engine keeps its answer.
        let mut lines: Vec<String> =
            hits_full.iter().map(|h| format!("{}\t{}\t{}", h.code, h.account, h.finding.evidence.join(","))).collect();
        lines.sort();
        std::fs::write(&path, lines.join("\n") + "\n")?;
    }

    // Each rule alone over the same grouping, for finding where the time goes (a development aid).
    // `THESEUS_EACH_RULE=THB-017` runs that rule alone a hundred times, for a profiler.
    if let Some(which) = std::env::var_os("THESEUS_EACH_RULE") {
        let parties = theseus_analysis::parties::Parties::build_with(&txns, &columns, &ents, Default::default());
        let codes: Vec<String> =
            theseus_analysis::rules::catalogue().iter().map(|r| r.meta().code.to_string()).collect();
        let one = codes.iter().find(|c| **c == *which.to_string_lossy());
        let chosen: Vec<&String> = match one {
            Some(c) => std::iter::repeat_n(c, 100).collect(),
            None => codes.iter().collect(),
        };
        for code in chosen {
            let only = Config { disabled: codes.iter().filter(|c| *c != code).cloned().collect(), ..Config::default() };
            let start = Instant::now();
            let _ = theseus_analysis::screen_parties(&txns, &ents, &parties, &only);
            eprintln!("alone {code} {:.3} s", start.elapsed().as_secs_f64());
        }
    }

    let subset = Config {
        disabled: theseus_analysis::rules::catalogue()
            .iter()
            .map(|r| r.meta().code.to_string())
            .filter(|c| !SQL_RULES.contains(&c.as_str()))
            .collect(),
        ..Config::default()
    };
    let start = Instant::now();
    let parties = theseus_analysis::parties::Parties::build_with(&txns, &columns, &ents, Default::default());
    let (hits_sub, _) = theseus_analysis::screen_parties(&txns, &ents, &parties, &subset);
    let screen_sub = start.elapsed().as_secs_f64();
    drop(parties);
    let ours = flagged(&hits_sub);
    let rss = peak_rss_mib();
    let rules_full = theseus_analysis::rules::catalogue().len();
    println!(
        "theseus: {n} transactions loaded in {load:.2} s; full pack ({rules_full} rules) screened in {screen_full:.2} s = {:.2} M txn/s \
         (grouping into accounts {group_s:.2} s; the rules over the grouped accounts {rules_s:.2} s = {:.2} M txn/s); \
         the {} SQL rules in {screen_sub:.2} s = {:.2} M txn/s; peak RSS {rss:.0} MiB",
        n as f64 / screen_full / 1e6,
        n as f64 / rules_s / 1e6,
        SQL_RULES.len(),
        n as f64 / screen_sub / 1e6
    );

    if args.iter().any(|a| a == "--theseus-only") {
        return Ok(());
    }
    // DuckDB on the same files.
    let py = duckdb_python()?;
    let pack = crate::target_dir().join("bench-data").join("pack.json");
    std::fs::write(&pack, serde_json::to_string(&full)?)?;
    let script = crate::workspace_root().join("xtask/bench/screening_duckdb.py");
    let glob = ws_dir.join("tables/transactions/*.parquet");
    let out = Command::new(&py).arg(&script).arg(&glob).arg(&pack).output().context("running DuckDB")?;
    if !out.status.success() {
        bail!("DuckDB script failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let duck: serde_json::Value = serde_json::from_slice(&out.stdout).context("DuckDB output")?;
    let dq = duck["query_seconds"].as_f64().unwrap_or(f64::NAN);
    println!(
        "duckdb {}: {} rows loaded in {:.2} s; the {} SQL rules in {dq:.2} s = {:.2} M txn/s; {} threads; peak RSS {} MiB",
        duck["duckdb_version"],
        duck["rows"],
        duck["load_seconds"].as_f64().unwrap_or(f64::NAN),
        SQL_RULES.len(),
        n as f64 / dq / 1e6,
        duck["threads"],
        duck["peak_rss_mib"]
    );
    let mut agreement = serde_json::Map::new();
    for code in SQL_RULES {
        let theirs: BTreeSet<String> = duck["flagged"][code]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        let mine = ours.get(code).cloned().unwrap_or_default();
        let both = mine.intersection(&theirs).count();
        println!("  {code}: theseus {} accounts, duckdb {}, both {both}", mine.len(), theirs.len());
        agreement.insert(code.into(), serde_json::json!({"theseus": mine.len(), "duckdb": theirs.len(), "both": both}));
    }
    let ratio = screen_sub / dq;
    println!("theseus takes {ratio:.2}× DuckDB's time on the same rules (target ≤ 0.5)");
    println!(
        "{}",
        serde_json::json!({
            "transactions": n,
            "theseus_load_seconds": load,
            "theseus_full_pack_seconds": screen_full,
            "theseus_full_pack_rules": rules_full,
            "theseus_full_pack_mtxn_per_s": n as f64 / screen_full / 1e6,
            "theseus_grouping_seconds": group_s,
            "theseus_rules_seconds": rules_s,
            "theseus_rules_mtxn_per_s": n as f64 / rules_s / 1e6,
            "theseus_sql_rules_seconds": screen_sub,
            "theseus_peak_rss_mib": rss,
            "duckdb_load_seconds": duck["load_seconds"],
            "duckdb_sql_rules_seconds": dq,
            "duckdb_peak_rss_mib": duck["peak_rss_mib"],
            "time_ratio_theseus_to_duckdb": ratio,
            "agreement": agreement,
            "full_pack_hits": hits_full.len(),
        })
    );
    let _ = Path::new(&ws_dir);
    Ok(())
}

/// Processor time of this process so far, user and system, on all cores (`/proc/self/stat`, in clock ticks
/// of 1/100 s as on Linux).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces) are counted from its closing bracket.
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(0.0)
}
