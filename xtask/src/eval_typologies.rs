//! `cargo xtask eval typologies`: the typology engine measured on simulated worlds and on AMLSim.
//!
//! Worlds. For each size and seed, the simulator writes a world; every file is read with the reader
//! `theseus ingest` uses (transactions deduplicated by id, as the workspace does), the entities are resolved
//! and the analysis runs with the default rule pack, exactly as `theseus analyze` does. Only then is the truth
//! read, to label subjects: a subject is an operation member when its registry entities or its statement
//! accounts are those of a member in the truth; a hard negative likewise. Subject level: precision of alerts
//! (alerted members / alerted), recall (alerted members with an account in the evidence / such members).
//! Operation level: an operation is found when an alert names any of its exploiters (controllers). Broken
//! down by operation kind, by role and by victim gender; hard negatives alerted per kind.
//!
//! AMLSim. The old-format AMLSim samples (`../shared/data/amlsim`, account-level labels, generic fan-in and
//! cycle laundering) become wire transfers between accounts (time step = day); the rule pack runs on them;
//! subjects are ranked by score (ties by the number of evidence transactions) and the top 200 are compared
//! with the labels, beside the in-degree baseline recorded in the data's SOURCE.txt.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::Value;
use theseus_analysis::{Analysis, Config};
use theseus_model::{Channel, Direction, Entity, Transaction};

/// The reader Theseus uses for a simulated file.
pub(crate) fn reader(kind: &theseus_simulate::FileKind) -> Result<Box<dyn theseus_ingest::Reader>> {
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

/// Counts for one world or a sum of worlds.
#[derive(Debug, Default, Clone)]
struct Tally {
    alerted: usize,
    alerted_members: usize,
    alerted_offenders: usize,
    alerted_victims: usize,
    alerted_buyers: usize,
    members: usize,
    members_found: usize,
    operations: usize,
    operations_found: usize,
    hard_negatives: usize,
    hard_negatives_alerted: usize,
    by_kind: BTreeMap<String, (usize, usize)>,
    by_role: BTreeMap<String, (usize, usize)>,
    by_gender: BTreeMap<String, (usize, usize)>,
    negatives_by_kind: BTreeMap<String, (usize, usize)>,
    single_rule_alerts: usize,
    seconds: f64,
    transactions: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.alerted += o.alerted;
        self.alerted_members += o.alerted_members;
        self.alerted_offenders += o.alerted_offenders;
        self.alerted_victims += o.alerted_victims;
        self.alerted_buyers += o.alerted_buyers;
        self.members += o.members;
        self.members_found += o.members_found;
        self.operations += o.operations;
        self.operations_found += o.operations_found;
        self.hard_negatives += o.hard_negatives;
        self.hard_negatives_alerted += o.hard_negatives_alerted;
        self.single_rule_alerts += o.single_rule_alerts;
        self.seconds += o.seconds;
        self.transactions += o.transactions;
        for (a, b) in [
            (&mut self.by_kind, &o.by_kind),
            (&mut self.by_role, &o.by_role),
            (&mut self.by_gender, &o.by_gender),
            (&mut self.negatives_by_kind, &o.negatives_by_kind),
        ] {
            for (k, (x, y)) in b {
                let e = a.entry(k.clone()).or_default();
                e.0 += x;
                e.1 += y;
            }
        }
    }

    fn precision(&self) -> f64 {
        ratio(self.alerted_members, self.alerted)
    }
    fn recall(&self) -> f64 {
        ratio(self.members_found, self.members)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
    }
    fn operation_recall(&self) -> f64 {
        ratio(self.operations_found, self.operations)
    }
    fn hard_negative_rate(&self) -> f64 {
        ratio(self.hard_negatives_alerted, self.hard_negatives)
    }

    fn json(&self) -> Value {
        let m = |x: &BTreeMap<String, (usize, usize)>| -> Value {
            x.iter()
                .map(|(k, (found, all))| {
                    (k.clone(), serde_json::json!({"found": found, "of": all, "recall": round(ratio(*found, *all))}))
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        let n = |x: &BTreeMap<String, (usize, usize)>| -> Value {
            x.iter()
                .map(|(k, (alerted, all))| (k.clone(), serde_json::json!({"alerted": alerted, "of": all})))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        serde_json::json!({
            "operation_recall": round(self.operation_recall()),
            "operations": self.operations,
            "subject_precision": round(self.precision()),
            "subject_recall": round(self.recall()),
            "subject_f1": round(self.f1()),
            "offender_precision": round(ratio(self.alerted_offenders, self.alerted)),
            "alerted": self.alerted,
            "alerted_offenders": self.alerted_offenders,
            "alerted_victims": self.alerted_victims,
            "alerted_buyers": self.alerted_buyers,
            "hard_negative_alert_rate": round(self.hard_negative_rate()),
            "hard_negatives": self.hard_negatives,
            "single_rule_alerts": self.single_rule_alerts,
            "by_operation_kind": m(&self.by_kind),
            "by_role": m(&self.by_role),
            "victims_by_gender": m(&self.by_gender),
            "hard_negatives_by_kind": n(&self.negatives_by_kind),
            "analysis_seconds": round(self.seconds),
            "transactions": self.transactions,
        })
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Reads every file of a generated world as `theseus ingest` would.
pub(crate) fn read_world(dir: &Path, manifest: &theseus_simulate::Manifest) -> Result<(Vec<Transaction>, Vec<Entity>)> {
    let mut txns = Vec::new();
    let mut ents = Vec::new();
    let mut seen = HashSet::new();
    for (batch, f) in manifest.files.iter().enumerate() {
        let r = reader(&f.kind)?;
        let bytes = std::fs::read(dir.join(&f.name)).with_context(|| format!("reading {}", f.name))?;
        let src = theseus_ingest::Source {
            bytes: &bytes,
            file_name: f.name.clone(),
            sha256: theseus_model::ids::sha256_hex(&bytes),
            batch: batch as i64,
            ingested_at: Default::default(),
        };
        let parsed = r.read(&src).with_context(|| format!("reading {}", f.name))?;
        // The workspace stores a transaction once even when two files or two rows carry it.
        txns.extend(parsed.transactions.into_iter().filter(|t| seen.insert(t.id.clone())));
        ents.extend(parsed.entities);
    }
    Ok((txns, ents))
}

/// Runs resolution and analysis as `theseus analyze` does.
pub(crate) fn analyse(txns: &[Transaction], ents: &[Entity], config: &Config) -> Result<Analysis> {
    let clusters = resolve_clusters(ents)?;
    Ok(theseus_analysis::analyze_resolved(txns, ents, config, &clusters))
}

/// Entity resolution as `theseus analyze` runs it: the clusters of more than one record.
pub(crate) fn resolve_clusters(ents: &[Entity]) -> Result<Vec<Vec<String>>> {
    let records = theseus_resolve::records_from_entities(ents);
    let res = theseus_resolve::resolve(&records, &[], &theseus_resolve::Config::default())
        .map_err(|e| anyhow::anyhow!("entity resolution: {e}"))?;
    Ok(res.clusters.iter().filter(|c| c.members.len() > 1).map(|c| c.members.clone()).collect())
}

/// The keys a truth party is known by: registry ids and account numbers.
fn keys_of(v: &Value, ids_field: &str) -> Vec<String> {
    let mut out: Vec<String> = match &v[ids_field] {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
        _ => vec![],
    };
    for a in v["accounts"].as_array().into_iter().flatten() {
        if let Some(i) = a["iban"].as_str() {
            out.push(i.to_string());
        }
    }
    out
}

/// Scores one analysed world against its truth.
fn score_world(a: &Analysis, truth: &Value) -> Tally {
    let mut t = Tally::default();
    // Subject keys: its id, its entities, its accounts.
    let alerted: Vec<&theseus_analysis::output::Subject> = a.subjects.iter().filter(|s| s.alert).collect();
    let key_set = |s: &theseus_analysis::output::Subject| -> HashSet<String> {
        std::iter::once(s.id.clone()).chain(s.entities.iter().cloned()).chain(s.accounts.iter().cloned()).collect()
    };
    let alerted_keys: Vec<HashSet<String>> = alerted.iter().map(|s| key_set(s)).collect();
    let evidence_accounts: HashSet<&str> =
        a.subjects.iter().flat_map(|s| s.accounts.iter().map(String::as_str)).collect();
    let is_alerted = |keys: &[String]| alerted_keys.iter().any(|k| keys.iter().any(|x| k.contains(x)));

    // Which alerted subject is who.
    let mut member_of: HashMap<usize, String> = HashMap::new();
    for op in truth["operations"].as_array().into_iter().flatten() {
        let kind = op["kind"].as_str().unwrap_or("?").to_string();
        t.operations += 1;
        let mut found = false;
        let kind_entry = t.by_kind.entry(kind.clone()).or_default();
        kind_entry.1 += 1;
        for m in op["members"].as_array().into_iter().flatten() {
            let role = m["role"].as_str().unwrap_or("?").to_string();
            let keys = keys_of(m, "registry_id");
            let hit = is_alerted(&keys);
            if role == "exploiter" && hit {
                found = true;
            }
            for (i, k) in alerted_keys.iter().enumerate() {
                if keys.iter().any(|x| k.contains(x)) {
                    let prev = member_of.entry(i).or_insert_with(|| role.clone());
                    // An alerted subject that is both (a victim who also recruits) counts as an offender.
                    if prev == "victim" && role != "victim" {
                        *prev = role.clone();
                    }
                }
            }
            // Recall counts members whose money is in the evidence: a member with no statement here can only
            // be reached through others, which is the operation-level figure.
            let banked = m["accounts"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|x| x["iban"].as_str().is_some_and(|i| evidence_accounts.contains(i)));
            if banked {
                t.members += 1;
                let r = t.by_role.entry(role.clone()).or_default();
                r.1 += 1;
                if hit {
                    t.members_found += 1;
                    r.0 += 1;
                }
                if role == "victim" {
                    let g = t.by_gender.entry(m["gender"].as_str().unwrap_or("?").to_string()).or_default();
                    g.1 += 1;
                    if hit {
                        g.0 += 1;
                    }
                }
            }
        }
        if found {
            t.operations_found += 1;
            t.by_kind.get_mut(&kind).expect("inserted above").0 += 1;
        }
    }
    t.alerted = alerted.len();
    for role in member_of.values() {
        t.alerted_members += 1;
        match role.as_str() {
            "victim" => t.alerted_victims += 1,
            "buyer" => t.alerted_buyers += 1,
            _ => t.alerted_offenders += 1,
        }
    }
    for h in truth["hard_negatives"].as_array().into_iter().flatten() {
        let kind = h["kind"].as_str().unwrap_or("?").to_string();
        let keys = keys_of(h, "registry_ids");
        t.hard_negatives += 1;
        let e = t.negatives_by_kind.entry(kind).or_default();
        e.1 += 1;
        if is_alerted(&keys) {
            t.hard_negatives_alerted += 1;
            e.0 += 1;
        }
    }
    // The combination rule, checked on the output: every alert rests on at least two distinct rules.
    t.single_rule_alerts =
        alerted.iter().filter(|s| s.hits.iter().map(|h| h.code.as_str()).collect::<BTreeSet<_>>().len() < 2).count();
    t
}

/// With `THESEUS_EVAL_EXPLAIN` set: every operation member with the subject it became and its hits.
fn explain_members(a: &Analysis, truth: &Value) {
    for op in truth["operations"].as_array().into_iter().flatten() {
        println!("    {} {}", op["id"].as_str().unwrap_or("?"), op["kind"].as_str().unwrap_or("?"));
        for m in op["members"].as_array().into_iter().flatten() {
            let keys = keys_of(m, "registry_id");
            let s = a
                .subjects
                .iter()
                .find(|s| keys.iter().any(|k| s.id == *k || s.entities.contains(k) || s.accounts.contains(k)));
            let desc = match s {
                Some(s) => format!(
                    "alert={} score={:.1} {}",
                    s.alert,
                    s.score,
                    s.hits
                        .iter()
                        .map(|h| h.code.as_str())
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                None => "no subject".into(),
            };
            println!(
                "      {:<18} {:<24} accounts {} -> {desc}",
                m["role"].as_str().unwrap_or("?"),
                m["name"].as_str().unwrap_or("?"),
                m["accounts"].as_array().map_or(0, |a| a.len())
            );
        }
    }
}

fn world(size: &str, seed: u64, config: &Config) -> Result<Tally> {
    let params = theseus_simulate::Params::preset(size.parse().map_err(|e| anyhow::anyhow!("size {size}: {e}"))?);
    let dir = std::env::temp_dir().join(format!("theseus-eval-typologies-{}-{size}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let manifest = theseus_simulate::generate(&params, seed, &dir).context("generating the world")?;
    let (txns, ents) = read_world(&dir, &manifest)?;
    let start = Instant::now();
    let a = analyse(&txns, &ents, config)?;
    let secs = start.elapsed().as_secs_f64();
    // The truth is read only now, after the analysis.
    let truth: Value = serde_json::from_slice(&std::fs::read(dir.join(&manifest.truth))?)?;
    let _ = std::fs::remove_dir_all(&dir);
    let mut t = score_world(&a, &truth);
    if std::env::var_os("THESEUS_EVAL_EXPLAIN").is_some() {
        explain_members(&a, &truth);
    }
    t.seconds = secs;
    t.transactions = txns.len();
    println!(
        "  {size} seed {seed}: {} transactions, analysis {secs:.1} s; {} alerted; operations {}/{}; subject precision {:.3} recall {:.3}; hard negatives alerted {}/{}",
        txns.len(),
        t.alerted,
        t.operations_found,
        t.operations,
        t.precision(),
        t.recall(),
        t.hard_negatives_alerted,
        t.hard_negatives
    );
    for s in a.subjects.iter().filter(|s| s.alert) {
        let codes: BTreeSet<&str> = s.hits.iter().map(|h| h.code.as_str()).collect();
        let typ: Vec<&str> = s.typologies.iter().filter(|t| t.alert).map(|t| t.typology.as_str()).collect();
        println!(
            "    alert {:<28} {:>5.1} [{}] {}",
            s.name.chars().take(28).collect::<String>(),
            s.score,
            typ.join(","),
            codes.into_iter().collect::<Vec<_>>().join(" ")
        );
        if std::env::var_os("THESEUS_EVAL_EXPLAIN").is_some() {
            for h in &s.hits {
                println!("        {} {}", h.code, h.finding.chars().take(160).collect::<String>());
            }
            for c in &s.corroboration {
                println!("        corroboration: {c}");
            }
        }
    }
    Ok(t)
}

/// AMLSim's old sample format as bank transfers.
fn amlsim(dir: &Path, config: &Config) -> Result<Value> {
    let nodes = std::fs::read_to_string(dir.join("nodes.csv")).with_context(|| format!("{}", dir.display()))?;
    let mut fraud = HashSet::new();
    for line in nodes.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.get(1) == Some(&"1") {
            fraud.insert(format!("AML{}", f[0]));
        }
    }
    let text = std::fs::read_to_string(dir.join("transactions.csv"))?;
    let start_day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date");
    let mut txns = Vec::new();
    for (i, line) in text.lines().skip(1).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 4 {
            continue;
        }
        let (src, dst, amount, step) = (format!("AML{}", f[0]), format!("AML{}", f[1]), f[2], f[3]);
        let step: i64 = step.trim().parse().unwrap_or(0);
        // Spread the transfers of one day over working hours, so that order within a day is kept.
        let ts = (start_day + chrono::Duration::days(step)).and_hms_opt(9, 0, 0).expect("valid time")
            + chrono::Duration::seconds((i % 28_800) as i64);
        for (account, cpty, dir) in [(&src, &dst, Direction::Debit), (&dst, &src, Direction::Credit)] {
            txns.push(Transaction {
                id: format!("AMLTX{i}-{}", dir.as_str()),
                source_ref: None,
                bank: Some("AMLSim".into()),
                account: account.clone(),
                account_holder: None,
                ts: theseus_model::Timestamp::Local(ts),
                value_date: None,
                amount: amount.trim().parse().with_context(|| format!("amount on line {}", i + 2))?,
                currency: "USD".parse().expect("USD"),
                direction: dir,
                channel: Channel::Wire,
                merchant: None,
                mcc: None,
                cpty_name: Some(cpty.clone()),
                cpty_account: Some(cpty.clone()),
                cpty_bank: None,
                cpty_country: None,
                city: None,
                branch: None,
                geo: None,
                device_id: None,
                ip: None,
                memo: None,
                balance: None,
                provenance: theseus_model::Provenance {
                    sha256: String::new(),
                    file_name: "transactions.csv".into(),
                    locator: theseus_model::Locator::Line { line: i as u64 + 2 },
                    extractor: "amlsim".into(),
                    extractor_version: "0".into(),
                    ingested_at: chrono::DateTime::UNIX_EPOCH,
                    batch: 0,
                },
            });
        }
    }
    let start = Instant::now();
    let a = theseus_analysis::analyze(&txns, &[], config);
    let secs = start.elapsed().as_secs_f64();
    let mut ranked: Vec<(&theseus_analysis::output::Subject, usize)> =
        a.subjects.iter().map(|s| (s, s.hits.iter().map(|h| h.evidence.len()).sum())).collect();
    ranked.sort_by(|x, y| y.0.score.total_cmp(&x.0.score).then(y.1.cmp(&x.1)).then(x.0.id.cmp(&y.0.id)));
    let account = |s: &theseus_analysis::output::Subject| s.accounts.first().cloned().unwrap_or_default();
    let top: Vec<bool> = ranked.iter().take(200).map(|(s, _)| fraud.contains(&account(s))).collect();
    let p200 = ratio(top.iter().filter(|x| **x).count(), top.len().max(200));
    const LAUNDERING: [&str; 7] = ["THB-012", "THB-013", "THB-014", "THB-023", "THB-026", "THB-027", "THB-031"];
    let flagged: HashSet<String> = a
        .subjects
        .iter()
        .filter(|s| s.hits.iter().any(|h| LAUNDERING.contains(&h.code.as_str())))
        .map(account)
        .collect();
    let recall = ratio(flagged.iter().filter(|x| fraud.contains(*x)).count(), fraud.len());
    let mut by_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for s in &a.subjects {
        for c in s.hits.iter().map(|h| h.code.clone()).collect::<BTreeSet<_>>() {
            let e = by_rule.entry(c).or_default();
            e.1 += 1;
            if fraud.contains(&account(s)) {
                e.0 += 1;
            }
        }
    }
    let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    println!(
        "  amlsim {name}: {} transfers, {} fraud accounts, analysis {secs:.1} s; precision@200 {p200:.3}; laundering-rule recall {recall:.3}; rules (fraud/all flagged): {}",
        txns.len() / 2,
        fraud.len(),
        by_rule.iter().map(|(c, (f, n))| format!("{c} {f}/{n}")).collect::<Vec<_>>().join(", ")
    );
    Ok(
        serde_json::json!({"precision_at_200": round(p200), "laundering_rule_recall": round(recall), "seconds": round(secs)}),
    )
}

/// In-degree baseline of the data's SOURCE.txt, for the side-by-side line.
const AMLSIM_BASELINE: [(&str, f64); 3] =
    [("20K_cycle200", 0.37), ("20K_fanin200", 0.30), ("20K_fanin200cycle200", 0.54)];

pub fn run(args: &[String]) -> Result<()> {
    if crate::eval_resolution::rerun_in_release(&["eval", "typologies"], args)? {
        return Ok(());
    }
    let get = |k: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone());
    let list = |k: &str, d: &str| -> Vec<String> {
        get(k).unwrap_or_else(|| d.into()).split(',').filter(|s| !s.is_empty()).map(String::from).collect()
    };
    let small_seeds: Vec<u64> = list("--small-seeds", "1,2,3").iter().map(|s| s.parse()).collect::<Result<_, _>>()?;
    let medium_seeds: Vec<u64> = list("--medium-seeds", "1,2").iter().map(|s| s.parse()).collect::<Result<_, _>>()?;
    let config = match get("--config") {
        Some(p) => Config::from_toml(&std::fs::read_to_string(&p)?).map_err(|e| anyhow::anyhow!("{p}: {e}"))?,
        None => Config::default(),
    };
    println!("evaluation: typology engine on simulated worlds and AMLSim");
    println!("machine: {}", crate::machine());
    println!(
        "method: worlds generated by theseus-simulate, read with Theseus's readers, resolved and analysed with the"
    );
    println!(
        "        {} rule pack; only then is the truth read to label subjects (see xtask/src/eval_typologies.rs).",
        if get("--config").is_some() { "given" } else { "default" }
    );
    let mut out = serde_json::Map::new();
    for (size, seeds) in [("small", &small_seeds), ("medium", &medium_seeds)] {
        if seeds.is_empty() {
            continue;
        }
        let mut sum = Tally::default();
        for &seed in seeds {
            sum.add(&world(size, seed, &config)?);
        }
        println!(
            "{size} ({} seeds): operation recall {:.3}, subject precision {:.3}, recall {:.3}, F1 {:.3}, hard negatives alerted {:.3}",
            seeds.len(),
            sum.operation_recall(),
            sum.precision(),
            sum.recall(),
            sum.f1(),
            sum.hard_negative_rate()
        );
        let mut j = sum.json();
        j["seeds"] = serde_json::json!(seeds);
        out.insert(size.to_string(), j);
    }
    if !args.iter().any(|a| a == "--no-amlsim") {
        let base = crate::workspace_root().join("../shared/data/amlsim");
        let mut aml = serde_json::Map::new();
        for (name, baseline) in AMLSIM_BASELINE {
            let mut r = amlsim(&base.join(name), &config)?;
            r["in_degree_baseline_precision_at_200"] = serde_json::json!(baseline);
            println!("    in-degree baseline precision@200 {baseline:.2}");
            aml.insert(name.to_string(), r);
        }
        out.insert("amlsim".into(), aml.into());
    }
    // The headline keys at the top level, from the medium worlds (small when medium was not run).
    let head = out.get("medium").or_else(|| out.get("small")).cloned().unwrap_or_default();
    for k in ["operation_recall", "subject_precision", "subject_recall", "hard_negative_alert_rate"] {
        out.insert(k.to_string(), head[k].clone());
    }
    println!("{}", Value::Object(out));
    Ok(())
}
