//! The money trail measured against a simulated world's truth: proceeds per operation, assets reached by
//! proceeds, compensation per victim.
//!
//! What the truth counts as proceeds depends on the kind of operation (its `basis` text): the victims'
//! transfers to the controller for sexual exploitation; wages moved back, wages paid to the controller
//! instead of the worker and recruitment fees for labour exploitation; cash takings paid into the controller's
//! account and benefits withdrawn for forced criminality. Theseus also reports proceeds the truth does not
//! count (cash paid into a sexual exploiter's account, which the truth records as unbanked takings), so the
//! comparison sums the source kinds matching the truth's basis (`proceeds_error`), and reports the error over
//! all kinds beside it (`proceeds_error_all_kinds`).
//!
//! [`truth_cast`] builds the cast from the truth's members, so that tracing is measured apart from role
//! inference; [`score`] takes either cast's result.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value, json};
use theseus_chain::money::{AssetType, Money, SourceKind};
use theseus_chain::{Cast, Member, Operation, Role, RoleHypothesis};
use theseus_model::Transaction;

/// The cast the truth describes: one operation per truth operation (same id), each member with its truth
/// role and the IBANs of its accounts that have a statement in the evidence.
pub fn truth_cast(truth: &Value) -> Cast {
    let mut operations = vec![];
    for op in truth["operations"].as_array().into_iter().flatten() {
        let mut members = vec![];
        for m in op["members"].as_array().into_iter().flatten() {
            let Some(role) = Role::ALL.into_iter().find(|r| Some(r.as_str()) == m["role"].as_str()) else { continue };
            let accounts: Vec<String> = m["accounts"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|a| a["file"].is_string())
                .filter_map(|a| a["iban"].as_str().map(|i| i.replace(' ', "")))
                .collect();
            members.push(Member {
                subject: m["registry_id"].as_str().unwrap_or_default().to_string(),
                name: m["name"].as_str().unwrap_or_default().to_string(),
                kind: if m["gender"].is_string() { "person" } else { "company" }.to_string(),
                accounts,
                roles: vec![RoleHypothesis { role, score: 1.0, evidence: vec![] }],
                victim_warning: None,
                alerted: false,
            });
        }
        // Offenders first, as the cast orders them.
        members.sort_by_key(|m| m.role().is_some_and(|r| !r.is_offender()));
        operations.push(Operation {
            id: op["id"].as_str().unwrap_or_default().to_string(),
            typologies: vec![op["kind"].as_str().unwrap_or_default().to_string()],
            anchors: vec![],
            members,
        });
    }
    Cast { operations }
}

/// The source kinds the truth's proceeds of an operation kind are made of.
fn comparable(kind: &str) -> &'static [SourceKind] {
    match kind {
        "sexual" | "sexual_exploitation" => &[SourceKind::VictimTransfer, SourceKind::RecruitmentFee],
        "labour" | "labour_exploitation" => {
            &[SourceKind::VictimTransfer, SourceKind::RecruitmentFee, SourceKind::WageDiverted]
        }
        _ => &[SourceKind::CashDeposit, SourceKind::BenefitWithdrawn],
    }
}

fn num(v: &Value) -> f64 {
    v.as_str().and_then(|s| s.parse::<f64>().ok()).or_else(|| v.as_f64()).unwrap_or(0.0)
}

fn d(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn rel(ours: f64, truth: f64) -> f64 {
    (ours - truth).abs() / truth
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Scores one money trail against the truth: `proceeds_error` (mean relative error per operation where the
/// truth's proceeds are positive, over the comparable kinds), `proceeds_error_all_kinds`, `asset_recall`
/// (proceeds-funded assets listed with their purchase payments and a tainted share), `asset_precision` (of
/// registry assets listed as tainted, those the truth says proceeds paid for), `asset_payment_recall` (truth
/// purchase payments among the listed ones), `compensation_error` (median relative error per victim whose
/// truth is positive) and per-operation detail. `txns` are the transactions the money trail was built from:
/// the truth cites the banks' references, which are the transactions' `source_ref` where the id is a hash.
pub fn score(truth: &Value, money: &Money, txns: &[Transaction]) -> Map<String, Value> {
    let wanted: HashSet<&str> = money
        .confiscation
        .iter()
        .flat_map(|g| g.items.iter())
        .flat_map(|i| i.evidence.iter().flat_map(|e| e.records.iter().map(String::as_str)))
        .collect();
    let reference: HashMap<&str, &str> = txns
        .iter()
        .filter(|t| wanted.contains(t.id.as_str()))
        .map(|t| (t.id.as_str(), t.source_ref.as_deref().unwrap_or(t.id.as_str())))
        .collect();
    // Which truth operation a subject or account belongs to (offenders first: a victim who also recruits is
    // counted with the role that receives money).
    let mut op_of: HashMap<String, String> = HashMap::new();
    let mut kind_of: HashMap<String, String> = HashMap::new();
    for op in truth["operations"].as_array().into_iter().flatten() {
        let id = op["id"].as_str().unwrap_or_default().to_string();
        kind_of.insert(id.clone(), op["kind"].as_str().unwrap_or_default().to_string());
        for m in op["members"].as_array().into_iter().flatten() {
            if m["role"] == "victim" || m["role"] == "buyer" {
                continue;
            }
            op_of.entry(m["registry_id"].as_str().unwrap_or_default().to_string()).or_insert(id.clone());
            for a in m["accounts"].as_array().into_iter().flatten() {
                op_of.entry(a["iban"].as_str().unwrap_or_default().replace(' ', "")).or_insert(id.clone());
            }
        }
    }
    let truth_op_of_source = |s: &theseus_chain::money::Source| -> Option<String> {
        [Some(&s.offender), s.account.as_ref(), s.paid_to.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|k| op_of.get(k).cloned())
    };
    let mut ours: HashMap<String, BTreeMap<SourceKind, f64>> = HashMap::new();
    let mut unmapped = 0.0;
    for s in &money.sources {
        match truth_op_of_source(s) {
            Some(op) => *ours.entry(op).or_default().entry(s.kind).or_default() += d(s.amount),
            None => unmapped += d(s.amount),
        }
    }
    let mut errors = vec![];
    let mut errors_all = vec![];
    let mut per_op = vec![];
    for op in truth["operations"].as_array().into_iter().flatten() {
        let id = op["id"].as_str().unwrap_or_default();
        let kind = op["kind"].as_str().unwrap_or_default();
        let t: f64 = op["proceeds"].as_array().into_iter().flatten().map(|p| num(&p["amount"])).sum();
        let by_kind = ours.get(id).cloned().unwrap_or_default();
        let mine: f64 = comparable(kind).iter().filter_map(|k| by_kind.get(k)).sum();
        let all: f64 = by_kind.values().sum();
        if t > 0.0 {
            errors.push(rel(mine, t));
            errors_all.push(rel(all, t));
        }
        per_op.push(json!({
            "operation": id, "kind": kind, "truth": round(t), "ours": round(mine), "ours_all_kinds": round(all),
            "error": if t > 0.0 { json!(round(rel(mine, t))) } else { Value::Null },
            "by_kind": by_kind.iter().map(|(k, v)| (k.as_str().to_string(), json!(round(*v)))).collect::<Map<_, _>>(),
        }));
    }
    let mean =
        |v: &[f64]| if v.is_empty() { Value::Null } else { json!(round(v.iter().sum::<f64>() / v.len() as f64)) };

    // Assets.
    let registry_items: Vec<&theseus_chain::money::AssetItem> = money
        .confiscation
        .iter()
        .filter(|g| matches!(g.asset_type, AssetType::RealProperty | AssetType::Vehicles))
        .flat_map(|g| g.items.iter())
        .collect();
    let funded: Vec<&Value> = truth["operations"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|o| o["assets"].as_array().into_iter().flatten())
        .filter(|a| num(&a["paid_from_proceeds"]) > 0.0)
        .collect();
    let funded_ids: HashSet<&str> = funded.iter().filter_map(|a| a["registry_id"].as_str()).collect();
    let tainted_items: Vec<&&theseus_chain::money::AssetItem> =
        registry_items.iter().filter(|i| !i.tainted.is_zero()).collect();
    let found = funded
        .iter()
        .filter(|a| tainted_items.iter().any(|i| i.entity.as_deref() == a["registry_id"].as_str()))
        .count();
    let correct = tainted_items.iter().filter(|i| i.entity.as_deref().is_some_and(|e| funded_ids.contains(e))).count();
    let listed_payments: HashSet<&str> = registry_items
        .iter()
        .flat_map(|i| i.evidence.iter().skip(1).flat_map(|e| e.records.iter().map(String::as_str)))
        .map(|id| reference.get(id).copied().unwrap_or(id))
        .collect();
    let truth_payments: Vec<&str> = funded
        .iter()
        .flat_map(|a| a["references"].as_array().into_iter().flatten().filter_map(Value::as_str))
        .collect();
    let payments_found = truth_payments.iter().filter(|r| listed_payments.contains(*r)).count();
    let assets: Vec<Value> = funded
        .iter()
        .map(|a| {
            let item = registry_items.iter().find(|i| i.entity.as_deref() == a["registry_id"].as_str());
            json!({
                "asset": a["registry_id"], "schema": a["schema"], "price": a["price"], "paid_from_proceeds": a["paid_from_proceeds"],
                "listed": item.is_some(), "paid": item.map(|i| round(d(i.paid))), "tainted": item.map(|i| round(d(i.tainted))),
                "tainted_share": item.map(|i| round(i.tainted_share)),
            })
        })
        .collect();

    // Compensation.
    let comp: HashMap<&str, &theseus_chain::money::Compensation> =
        money.compensation.iter().map(|c| (c.victim.as_str(), c)).collect();
    let mut comp_errors = vec![];
    let mut comp_errors_all = vec![];
    let mut over = 0;
    let mut off = vec![];
    for op in truth["operations"].as_array().into_iter().flatten() {
        let kinds = comparable(op["kind"].as_str().unwrap_or_default());
        for p in op["proceeds"].as_array().into_iter().flatten() {
            let t = num(&p["amount"]);
            let c = p["victim"].as_str().and_then(|v| comp.get(v));
            let mine: f64 = c.map_or(0.0, |c| kinds.iter().filter_map(|k| c.by_kind.get(k)).map(|x| d(*x)).sum());
            let all = c.map_or(0.0, |c| d(c.total));
            if t > 0.0 {
                comp_errors.push(rel(mine, t));
                comp_errors_all.push(rel(all, t));
                if rel(mine, t) > 0.05 {
                    off.push(json!({"operation": op["id"], "kind": op["kind"], "victim": p["victim"], "truth": round(t), "ours": round(mine)}));
                }
            } else if mine > 0.0 {
                over += 1;
            }
        }
    }

    let mut out = Map::new();
    out.insert("method".into(), json!(money.method.as_str()));
    out.insert("proceeds_error".into(), mean(&errors));
    out.insert("proceeds_error_all_kinds".into(), mean(&errors_all));
    out.insert("operations_scored".into(), json!(errors.len()));
    out.insert("operations_within_5pct".into(), json!(errors.iter().filter(|e| **e <= 0.05).count()));
    out.insert("proceeds_unmapped".into(), json!(round(unmapped)));
    out.insert(
        "asset_recall".into(),
        if funded.is_empty() { Value::Null } else { json!(round(found as f64 / funded.len() as f64)) },
    );
    out.insert(
        "asset_precision".into(),
        if tainted_items.is_empty() { Value::Null } else { json!(round(correct as f64 / tainted_items.len() as f64)) },
    );
    out.insert("assets_funded".into(), json!(funded.len()));
    out.insert("assets_listed_tainted".into(), json!(tainted_items.len()));
    out.insert(
        "asset_payment_recall".into(),
        if truth_payments.is_empty() {
            Value::Null
        } else {
            json!(round(payments_found as f64 / truth_payments.len() as f64))
        },
    );
    out.insert("compensation_error".into(), median(comp_errors.clone()).map_or(Value::Null, |m| json!(round(m))));
    out.insert("compensation_error_all_kinds".into(), median(comp_errors_all).map_or(Value::Null, |m| json!(round(m))));
    out.insert("victims_scored".into(), json!(comp_errors.len()));
    out.insert("victims_within_5pct".into(), json!(comp_errors.iter().filter(|e| **e <= 0.05).count()));
    out.insert("victims_compensated_without_truth".into(), json!(over));
    out.insert("victims_off_by_more_than_5pct".into(), Value::Array(off));
    out.insert("operations".into(), Value::Array(per_op));
    out.insert("assets".into(), Value::Array(assets));
    out
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use anyhow::{Context, Result};
    use theseus_analysis::parties::{Canon, Parties};
    use theseus_chain::money::{Method, money};

    use super::*;

    /// One world, every method, with the truth's cast.
    fn world(size: &str, seed: u64) -> Result<Value> {
        let params = theseus_simulate::Params::preset(size.parse().map_err(|e| anyhow::anyhow!("size {size}: {e}"))?);
        let dir = std::env::temp_dir().join(format!("theseus-eval-money-{}-{size}-{seed}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let manifest = theseus_simulate::generate(&params, seed, &dir).context("generating the world")?;
        let (txns, ents) = crate::eval_typologies::read_world(&dir, &manifest)?;
        // Resolution only merges the registry's records with other sources' here; it can be skipped for speed.
        let clusters: Vec<Vec<String>> = if std::env::var_os("THESEUS_MONEY_NO_RESOLVE").is_some() {
            vec![]
        } else {
            let records = theseus_resolve::records_from_entities(&ents);
            let res = theseus_resolve::resolve(&records, &[], &theseus_resolve::Config::default())
                .map_err(|e| anyhow::anyhow!("entity resolution: {e}"))?;
            res.clusters.iter().filter(|c| c.members.len() > 1).map(|c| c.members.clone()).collect()
        };
        let truth: Value = serde_json::from_slice(&std::fs::read(dir.join(&manifest.truth))?)?;
        if std::env::var_os("THESEUS_MONEY_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        let started = Instant::now();
        let parties = Parties::build(&txns, &ents, Canon::new(&clusters, &ents));
        let parties_s = started.elapsed().as_secs_f64();
        let cast = truth_cast(&truth);
        let mut out = Map::new();
        for method in Method::ALL {
            let t0 = Instant::now();
            let m = money(&txns, &ents, &parties, &cast, method);
            let secs = t0.elapsed().as_secs_f64();
            let mut s = score(&truth, &m, &txns);
            s.insert("seconds".into(), json!(round(secs)));
            if std::env::var_os("THESEUS_MONEY_DUMP").is_some() {
                std::fs::write(
                    format!("/tmp/money-{size}-{seed}-{}.json", method.as_str()),
                    serde_json::to_string_pretty(&m)?,
                )?;
            }
            out.insert(method.as_str().into(), Value::Object(s));
        }
        // With the cast inferred from the analysis, for comparison (FIFO).
        if std::env::var_os("THESEUS_MONEY_INFERRED").is_some() {
            let analysis = crate::eval_typologies::analyse(&txns, &ents, &theseus_analysis::Config::default())?;
            let chain = theseus_chain::build(
                &txns,
                &ents,
                &clusters,
                &analysis,
                &theseus_chain::cast::Options::default(),
                Method::Fifo,
            );
            let m = chain.money.clone().context("the chain's money trail")?;
            if std::env::var_os("THESEUS_MONEY_DUMP").is_some() {
                std::fs::write(
                    format!("/tmp/money-{size}-{seed}-cast.json"),
                    serde_json::to_string_pretty(&chain.cast)?,
                )?;
                std::fs::write(format!("/tmp/money-{size}-{seed}-inferred.json"), serde_json::to_string_pretty(&m)?)?;
            }
            let mut s = score(&truth, &m, &txns);
            s.insert("cast_operations".into(), json!(chain.cast.operations.len()));
            out.insert("inferred_fifo".into(), Value::Object(s));
        }
        out.insert("transactions".into(), json!(txns.len()));
        out.insert("parties_seconds".into(), json!(round(parties_s)));
        Ok(Value::Object(out))
    }

    /// `THESEUS_MONEY_WORLDS=small:1,small:2 cargo test -p xtask --release -- --ignored money_on_worlds --nocapture`
    #[test]
    #[ignore = "generates simulated worlds; minutes"]
    fn money_on_worlds() -> Result<()> {
        let spec = std::env::var("THESEUS_MONEY_WORLDS").unwrap_or_else(|_| "small:1,small:2,small:3,medium:1".into());
        for w in spec.split(',') {
            let (size, seed) = w.split_once(':').context("size:seed")?;
            let r = world(size, seed.parse()?)?;
            println!("{size} seed {seed}: {r}");
        }
        Ok(())
    }
}
