//! `cargo xtask eval chain`: the whole chain — operations, roles, proceeds, assets and compensation — measured
//! on simulated worlds.
//!
//! For each size and seed the simulator writes a world; it is read with Theseus's readers, resolved and
//! analysed as `theseus analyze` does, and the chain is built from that analysis. Only then is the truth read.
//!
//! Roles. A truth member is matched to the predicted member whose records (registry or other entity ids of
//! its resolved cluster) or statement accounts are its own. Role accuracy is over every truth member of every
//! operation: a member the chain did not place in any operation counts as wrong (`none` in the confusion
//! matrix). `victim_as_offender_rate` is the share of truth victims whose leading predicted role is an
//! offender role; `outsiders_as_offenders` counts predicted offenders that are no member of any operation
//! (ordinary customers, hard negatives).
//!
//! Money. Scored by `eval_chain_money`: traced proceeds per operation against the truth's proceeds, assets
//! reached against the truth's proceeds-funded assets, compensation per victim — both with the roles the
//! chain inferred (end to end) and with the truth's own cast (the tracing alone).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::{Value, json};
use theseus_analysis::Config;
use theseus_chain::{Chain, Role};

use crate::eval_typologies::{read_world, resolve_clusters};

/// Role tallies over worlds.
#[derive(Default)]
struct Roles {
    /// (truth role, predicted role) → count.
    confusion: BTreeMap<(String, String), usize>,
    victims: usize,
    victims_as_offenders: usize,
    outsiders_as_offenders: usize,
    hard_negatives_as_offenders: usize,
    operations: usize,
    operations_found: usize,
    predicted_operations: usize,
}

impl Roles {
    fn total(&self) -> usize {
        self.confusion.values().sum()
    }
    fn correct(&self) -> usize {
        self.confusion.iter().filter(|((t, p), _)| t == p).map(|(_, n)| n).sum()
    }
    fn json(&self) -> Value {
        let mut per_role = serde_json::Map::new();
        let truths: BTreeSet<&String> = self.confusion.keys().map(|(t, _)| t).collect();
        for t in truths {
            let n: usize = self.confusion.iter().filter(|((x, _), _)| x == t).map(|(_, n)| n).sum();
            let ok = self.confusion.get(&(t.clone(), t.clone())).copied().unwrap_or(0);
            let row: serde_json::Map<String, Value> =
                self.confusion.iter().filter(|((x, _), _)| x == t).map(|((_, p), n)| (p.clone(), json!(n))).collect();
            per_role.insert(t.clone(), json!({"n": n, "accuracy": ratio(ok, n), "predicted": row}));
        }
        json!({
            "role_accuracy": ratio(self.correct(), self.total()),
            "members": self.total(),
            "victim_as_offender_rate": ratio(self.victims_as_offenders, self.victims),
            "victims": self.victims,
            "outsiders_as_offenders": self.outsiders_as_offenders,
            "hard_negatives_as_offenders": self.hard_negatives_as_offenders,
            "operations": self.operations,
            "operations_found": self.operations_found,
            "predicted_operations": self.predicted_operations,
            "per_role": per_role,
        })
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { ((a as f64 / b as f64) * 10_000.0).round() / 10_000.0 }
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// The keys a truth party is known by: its registry id and its accounts' numbers.
fn truth_keys(m: &Value) -> Vec<String> {
    let mut out = vec![];
    if let Some(r) = m["registry_id"].as_str() {
        out.push(r.to_string());
    }
    for a in m["accounts"].as_array().into_iter().flatten() {
        if let Some(i) = a["iban"].as_str() {
            out.push(theseus_model::normalize::account(i).0);
        }
        if let Some(r) = a["registry_id"].as_str() {
            out.push(r.to_string());
        }
    }
    for r in strs(&m["registry_ids"]) {
        out.push(r);
    }
    out
}

fn score_roles(chain: &Chain, truth: &Value, t: &mut Roles, explain: bool) {
    // Predicted leading role by key.
    let mut predicted: HashMap<String, (String, String)> = HashMap::new();
    for op in &chain.cast.operations {
        for m in &op.members {
            let role = m.role().map(Role::as_str).unwrap_or("none").to_string();
            let mut keys: Vec<String> = m.accounts.clone();
            keys.push(m.subject.clone());
            // An outside counterparty is named by its account number.
            keys.extend(m.subject.strip_prefix("cpty:").map(String::from));
            if let Some(p) = chain.network.parties.get(&m.subject) {
                keys.extend(p.entities.iter().cloned());
            }
            for k in keys {
                predicted.entry(k).or_insert_with(|| (role.clone(), op.id.clone()));
            }
        }
    }
    let mut members_keys: BTreeSet<String> = BTreeSet::new();
    t.predicted_operations += chain.cast.operations.len();
    for op in truth["operations"].as_array().into_iter().flatten() {
        t.operations += 1;
        let mut found = false;
        for m in op["members"].as_array().into_iter().flatten() {
            let role = m["role"].as_str().unwrap_or("?").to_string();
            let keys = truth_keys(m);
            members_keys.extend(keys.iter().cloned());
            let p = keys.iter().find_map(|k| predicted.get(k));
            let got = p.map(|(r, _)| r.clone()).unwrap_or_else(|| "none".into());
            if role == "exploiter" && got == "exploiter" {
                found = true;
            }
            if role == "victim" {
                t.victims += 1;
                if p.is_some_and(|(r, _)| r != "victim" && r != "buyer" && r != "none") {
                    t.victims_as_offenders += 1;
                }
            }
            if explain && got != role {
                println!(
                    "      {} {:<24} truth {:<18} predicted {:<18} {}",
                    op["id"].as_str().unwrap_or(""),
                    m["name"].as_str().unwrap_or("").chars().take(24).collect::<String>(),
                    role,
                    got,
                    p.map(|(_, o)| o.as_str()).unwrap_or("")
                );
            }
            *t.confusion.entry((role, got)).or_default() += 1;
        }
        if found {
            t.operations_found += 1;
        }
    }
    let negatives: BTreeSet<String> = truth["hard_negatives"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|n| {
            let mut k = strs(&n["registry_ids"]);
            for a in n["accounts"].as_array().into_iter().flatten() {
                if let Some(i) = a["iban"].as_str() {
                    k.push(theseus_model::normalize::account(i).0);
                }
            }
            k
        })
        .collect();
    for op in &chain.cast.operations {
        for m in &op.members {
            if !m.role().is_some_and(Role::is_offender) {
                continue;
            }
            let mut keys: Vec<String> = m.accounts.clone();
            keys.push(m.subject.clone());
            // An outside counterparty is named by its account number.
            keys.extend(m.subject.strip_prefix("cpty:").map(String::from));
            if let Some(p) = chain.network.parties.get(&m.subject) {
                keys.extend(p.entities.iter().cloned());
            }
            if !keys.iter().any(|k| members_keys.contains(k)) {
                t.outsiders_as_offenders += 1;
                if keys.iter().any(|k| negatives.contains(k)) {
                    t.hard_negatives_as_offenders += 1;
                }
                if explain {
                    println!("      outsider {} as {} in {}", m.name, m.role().map(Role::as_str).unwrap_or(""), op.id);
                }
            }
        }
    }
}

fn world(size: &str, seed: u64, roles: &mut Roles, money: &mut Vec<Value>) -> Result<()> {
    let params = theseus_simulate::Params::preset(size.parse().map_err(|e| anyhow::anyhow!("size {size}: {e}"))?);
    let dir = std::env::temp_dir().join(format!("theseus-eval-chain-{}-{size}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let manifest = theseus_simulate::generate(&params, seed, &dir).context("generating the world")?;
    let (txns, ents) = read_world(&dir, &manifest)?;
    let clusters = resolve_clusters(&ents)?;
    let analysis = theseus_analysis::analyze_resolved(&txns, &ents, &Config::default(), &clusters);
    let start = Instant::now();
    let chain = theseus_chain::build(
        &txns,
        &ents,
        &clusters,
        &analysis,
        &theseus_chain::cast::Options::default(),
        theseus_chain::money::Method::Fifo,
    );
    let secs = start.elapsed().as_secs_f64();
    // The roles are found on the part of the network around the alerts; on the whole network they must come
    // out the same, and so must the operations' network.
    {
        use theseus_analysis::parties::{Canon, Parties};
        let opts = theseus_chain::cast::Options::default();
        let parties = Parties::build(&txns, &ents, Canon::new(&clusters, &ents));
        let full = theseus_chain::network::build(&txns, &ents, &parties, &analysis, opts.hub_degree);
        let whole = theseus_chain::cast::infer(&full, &analysis, &parties, &opts);
        anyhow::ensure!(
            serde_json::to_value(&whole)? == serde_json::to_value(&chain.cast)?,
            "{size} seed {seed}: the roles on the network around the alerts differ from those on the whole network"
        );
        let keep = whole.operations.iter().flat_map(|o| o.members.iter()).map(|m| m.subject.clone()).collect();
        anyhow::ensure!(
            serde_json::to_value(full.restrict(&keep))? == serde_json::to_value(&chain.network)?,
            "{size} seed {seed}: the operations' network differs from the whole network's"
        );
    }
    // The truth is read only now.
    let truth: Value = serde_json::from_slice(&std::fs::read(dir.join(&manifest.truth))?)?;
    let _ = std::fs::remove_dir_all(&dir);
    let before = (roles.correct(), roles.total());
    let explain = std::env::var_os("THESEUS_EVAL_EXPLAIN").is_some();
    if explain {
        for op in &chain.cast.operations {
            println!("    {} anchors {:?} {:?}", op.id, op.anchors, op.typologies);
            for m in &op.members {
                let roles: Vec<String> =
                    m.roles.iter().map(|r| format!("{}:{:.2}", r.role.as_str(), r.score)).collect();
                println!(
                    "      {:<28} {:<8} {} {}",
                    m.name.chars().take(28).collect::<String>(),
                    m.kind,
                    roles.join(" "),
                    if m.alerted { "ALERT" } else { "" }
                );
                for r in m.roles.iter().take(1) {
                    for e in &r.evidence {
                        println!("          - {}", e.what.chars().take(150).collect::<String>());
                    }
                }
            }
        }
    }
    score_roles(&chain, &truth, roles, explain);
    println!(
        "  {size} seed {seed}: {} transactions; chain {secs:.1} s; {} operation(s); role accuracy {:.3} ({} members)",
        txns.len(),
        chain.cast.operations.len(),
        ratio(roles.correct() - before.0, roles.total() - before.1),
        roles.total() - before.1
    );
    // Money: under every method, with the inferred cast (end to end) and with the truth's cast (the tracing
    // alone).
    let parties = theseus_analysis::parties::Parties::build(
        &txns,
        &ents,
        theseus_analysis::parties::Canon::new(&clusters, &ents),
    );
    let truth_cast = crate::eval_chain_money::truth_cast(&truth);
    let mut row = serde_json::Map::new();
    for method in theseus_chain::money::Method::ALL {
        for (which, cast) in [("inferred", &chain.cast), ("truth_cast", &truth_cast)] {
            let start = Instant::now();
            let m = theseus_chain::money::money(&txns, &ents, &parties, cast, method);
            let secs = start.elapsed().as_secs_f64();
            let mut sc = crate::eval_chain_money::score(&truth, &m, &txns);
            sc.insert("seconds".into(), json!((secs * 1000.0).round() / 1000.0));
            println!(
                "    money {:<8} {:<10} proceeds error {} · asset recall {} · asset precision {} · compensation error {}",
                method.as_str(),
                which,
                sc.get("proceeds_error").cloned().unwrap_or(Value::Null),
                sc.get("asset_recall").cloned().unwrap_or(Value::Null),
                sc.get("asset_precision").cloned().unwrap_or(Value::Null),
                sc.get("compensation_error").cloned().unwrap_or(Value::Null)
            );
            row.insert(format!("{}_{which}", method.as_str()), Value::Object(sc));
        }
    }
    money.push(Value::Object(row));
    Ok(())
}

/// Means over worlds of each money figure, per method and cast.
fn money_summary(worlds: &[Value]) -> Value {
    let mut out = serde_json::Map::new();
    let Some(first) = worlds.first().and_then(Value::as_object) else { return Value::Null };
    for key in first.keys() {
        let mut figures = serde_json::Map::new();
        for k in [
            "proceeds_error",
            "proceeds_error_all_kinds",
            "asset_recall",
            "asset_precision",
            "compensation_error",
            "seconds",
        ] {
            let v: Vec<f64> = worlds.iter().filter_map(|w| w[key][k].as_f64()).collect();
            if !v.is_empty() {
                figures
                    .insert(k.into(), json!(((v.iter().sum::<f64>() / v.len() as f64) * 10_000.0).round() / 10_000.0));
            }
        }
        out.insert(key.clone(), Value::Object(figures));
    }
    Value::Object(out)
}

/// Runs the harness.
pub fn run(args: &[String]) -> Result<()> {
    if crate::eval_resolution::rerun_in_release(&["eval", "chain"], args)? {
        return Ok(());
    }
    let get = |k: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone());
    let list = |k: &str, d: &str| -> Result<Vec<u64>> {
        Ok(get(k)
            .unwrap_or_else(|| d.into())
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()?)
    };
    let small = list("--small-seeds", "1,2,3")?;
    let medium = list("--medium-seeds", "1")?;
    println!("evaluation: the whole chain (operations, roles, proceeds, assets, compensation) on simulated worlds");
    println!("machine: {}", crate::machine());
    println!("method: see xtask/src/eval_chain.rs; the truth is read only after the chain is built.");
    let mut out = serde_json::Map::new();
    for (size, seeds) in [("small", &small), ("medium", &medium)] {
        if seeds.is_empty() {
            continue;
        }
        let mut roles = Roles::default();
        let mut money = vec![];
        for &seed in seeds.iter() {
            world(size, seed, &mut roles, &mut money)?;
        }
        let mut j = roles.json();
        j["money"] = money_summary(&money);
        println!(
            "{size}: role accuracy {}, victims as offenders {}, outsiders as offenders {}",
            j["role_accuracy"], j["victim_as_offender_rate"], j["outsiders_as_offenders"]
        );
        out.insert(size.to_string(), j);
    }
    let head = out.get("medium").or_else(|| out.get("small")).cloned().unwrap_or_default();
    for k in ["role_accuracy", "victim_as_offender_rate"] {
        out.insert(k.to_string(), head[k].clone());
    }
    // Headline money figures: first-in-first-out with the inferred roles, end to end.
    for k in ["proceeds_error", "asset_recall", "asset_precision", "compensation_error"] {
        out.insert(k.to_string(), head["money"]["fifo_inferred"][k].clone());
    }
    println!("{}", Value::Object(out));
    Ok(())
}
