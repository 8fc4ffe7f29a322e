//! The evaluation harness (feature `eval`): phone extraction on a hand-labelled set of ad texts, and
//! extraction and linking on a simulator world scored against its `truth.json`. This module is the only
//! reader of ground truth; nothing in the analysis depends on it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use theseus_ingest::{Reader, Source};
use theseus_model::Entity;

use crate::{Config, analyze, extract_phones};

/// The labelled phone set: hand-written ad snippets in several languages, every obfuscation family,
/// negatives included.
pub const LABELLED_PHONES: &str = include_str!("../tests/data/phones.toml");

#[derive(Deserialize)]
struct Labelled {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    region: String,
    text: String,
    expect: Vec<String>,
}

/// Precision and recall of phone extraction on the labelled set.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneFigures {
    /// Texts.
    pub cases: usize,
    /// Numbers expected.
    pub expected: usize,
    /// Numbers found and expected.
    pub true_positives: usize,
    /// Numbers found, not expected.
    pub false_positives: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// The texts with a miss or a false number, for reading.
    pub errors: Vec<String>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

/// Scores phone extraction on the labelled set of `toml` (the format of `tests/data/phones.toml`).
pub fn labelled_phones(toml_text: &str) -> PhoneFigures {
    let set: Labelled = toml::from_str(toml_text).expect("labelled phone set is valid TOML");
    let (mut expected, mut tp, mut fp) = (0, 0, 0);
    let mut errors = vec![];
    for c in &set.case {
        let got: Vec<String> = extract_phones(&c.text, Some(&c.region)).into_iter().map(|m| m.e164).collect();
        let hit = c.expect.iter().filter(|e| got.contains(e)).count();
        let false_pos = got.iter().filter(|g| !c.expect.contains(g)).count();
        expected += c.expect.len();
        tp += hit;
        fp += false_pos;
        if hit < c.expect.len() || false_pos > 0 {
            errors.push(format!("{} → {:?} (expected {:?})", c.text, got, c.expect));
        }
    }
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, expected);
    PhoneFigures {
        cases: set.case.len(),
        expected,
        true_positives: tp,
        false_positives: fp,
        precision,
        recall,
        f1: f1(precision, recall),
        errors,
    }
}

/// Figures of one simulator world.
#[derive(Debug, Clone, Serialize)]
pub struct WorldFigures {
    /// Ads read.
    pub ads: usize,
    /// Ads whose export gives a phone (the truth knows the real number).
    pub ads_with_phone: usize,
    /// Of those, obscured by the simulator.
    pub obfuscated: usize,
    /// Ads whose real number was extracted.
    pub phone_recall: f64,
    /// The same on obscured ads only.
    pub phone_recall_obfuscated: f64,
    /// Extracted numbers that are the ad's real number.
    pub phone_precision: f64,
    /// Pairwise precision of ad → operation over pairs with at least one ad of a true operation.
    pub ad_link_precision: f64,
    /// Pairwise recall of ad → operation.
    pub ad_link_recall: f64,
    /// F1 of the two.
    pub ad_link_f1: f64,
    /// Pairs of ads of different true groups that share a hub identifier: false links hub control avoided.
    pub hub_false_pairs_avoided: usize,
    /// Hubs reported.
    pub hubs: usize,
    /// True operations with ads.
    pub operations_with_ads: usize,
    /// Those whose ads mostly sit in one alerting predicted operation.
    pub operations_alerted: usize,
    /// Alerting predicted operations without any ad of a true operation.
    pub false_alert_operations: usize,
    /// Alerting ads that belong to a true sexual-exploitation operation.
    pub ad_alert_precision: f64,
    /// Ads of true sexual-exploitation operations that alert.
    pub ad_alert_recall: f64,
    /// Seconds spent in `analyze`.
    pub analyze_seconds: f64,
    /// Up to 20 phones as written whose real number was not extracted, for reading.
    pub phone_misses: Vec<String>,
}

/// Generates a world of `size` with `seed` under `dir`, reads its ad export with the ingest reader,
/// analyses it with `config` and scores against the truth.
pub fn simulate(size: theseus_simulate::Size, seed: u64, dir: &Path, config: &Config) -> std::io::Result<WorldFigures> {
    let params = theseus_simulate::Params::preset(size);
    theseus_simulate::generate(&params, seed, dir)?;
    let bytes = std::fs::read(dir.join("ads.jsonl"))?;
    let src = Source {
        bytes: &bytes,
        file_name: "ads.jsonl".into(),
        sha256: String::new(),
        batch: 0,
        ingested_at: chrono::Utc::now(),
    };
    let parsed =
        theseus_ingest::ads::AdsReader::default().read(&src).map_err(|e| std::io::Error::other(e.to_string()))?;
    let truth: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("truth.json"))?)?;
    Ok(score_world(&parsed.entities, &truth, config))
}

fn pairs(n: usize) -> usize {
    n * n.saturating_sub(1) / 2
}

/// Scores an analysis of `entities` against a simulator truth.
pub fn score_world(entities: &[Entity], truth: &serde_json::Value, config: &Config) -> WorldFigures {
    let t0 = Instant::now();
    let a = analyze(entities, config);
    let analyze_seconds = t0.elapsed().as_secs_f64();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();

    // The site's ad id → entity id.
    let ent_of: HashMap<String, String> = a.ads.iter().filter_map(|x| Some((x.ad_id.clone()?, x.id.clone()))).collect();
    let mut op_of: HashMap<String, String> = HashMap::new();
    let mut sexual: HashSet<String> = HashSet::new();
    for op in truth["operations"].as_array().into_iter().flatten() {
        for ad in op["ads"].as_array().into_iter().flatten() {
            if let Some(e) = ent_of.get(&s(ad)) {
                op_of.insert(e.clone(), s(&op["id"]));
                if op["kind"] == "sexual_exploitation" {
                    sexual.insert(e.clone());
                }
            }
        }
    }

    // Phones.
    let by_id: HashMap<&str, &crate::AdExtraction> = a.ads.iter().map(|x| (x.id.as_str(), x)).collect();
    let mut misses = vec![];
    let (mut with_phone, mut obf, mut found, mut found_obf, mut extracted, mut correct) = (0, 0, 0, 0, 0, 0);
    for p in truth["ad_phones"].as_array().into_iter().flatten() {
        let Some(x) = ent_of.get(&s(&p["ad_id"])).and_then(|e| by_id.get(e.as_str())) else { continue };
        let real = s(&p["e164"]);
        let got = x.all_phones();
        with_phone += 1;
        let o = p["obfuscated"].as_bool().unwrap_or(false);
        obf += usize::from(o);
        let hit = got.contains(&real.as_str());
        if !hit && misses.len() < 20 {
            misses.push(format!("{} ({real})", s(&p["written"])));
        }
        found += usize::from(hit);
        found_obf += usize::from(hit && o);
        extracted += got.len();
        correct += got.iter().filter(|g| **g == real).count();
    }

    // Pairwise linking over pairs with at least one ad of a true operation.
    let pred = a.operation_of();
    let mut cont: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut pred_sizes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut true_sizes: BTreeMap<String, usize> = BTreeMap::new();
    for x in &a.ads {
        let p = pred.get(x.id.as_str()).map_or_else(|| format!("single:{}", x.id), |p| p.to_string());
        let t = op_of.get(&x.id);
        let e = pred_sizes.entry(p.clone()).or_default();
        e.0 += 1;
        if let Some(t) = t {
            e.1 += 1;
            *true_sizes.entry(t.clone()).or_default() += 1;
            *cont.entry((p, t.clone())).or_default() += 1;
        }
    }
    let tp: usize = cont.values().map(|&n| pairs(n)).sum();
    let true_pairs: usize = true_sizes.values().map(|&n| pairs(n)).sum();
    let pred_pairs: usize = pred_sizes.values().map(|&(all, op)| pairs(all) - pairs(all - op)).sum();
    let precision = ratio(tp, pred_pairs);
    let recall = ratio(tp, true_pairs);

    // Hubs: pairs of ads of different true groups (an operation, or none) that a hub would have joined.
    let group = |id: &str| op_of.get(id).cloned().unwrap_or_else(|| format!("none:{id}"));
    let mut hub_false = 0;
    for h in &a.hubs {
        let members: Vec<&str> = a
            .ads
            .iter()
            .filter(|x| match h.kind.as_str() {
                "phone" => x.all_phones().contains(&h.value.as_str()),
                "email" => x.all_emails().contains(&h.value.as_str()),
                _ => false,
            })
            .map(|x| x.id.as_str())
            .collect();
        let mut by_group: HashMap<String, usize> = HashMap::new();
        for m in &members {
            *by_group.entry(group(m)).or_default() += 1;
        }
        hub_false += pairs(members.len()) - by_group.values().map(|&n| pairs(n)).sum::<usize>();
    }

    // Alerts.
    let alerting: HashSet<&str> = a.operations.iter().filter(|o| o.alert).map(|o| o.id.as_str()).collect();
    let mut alerted = 0;
    for (t, &n) in &true_sizes {
        let best = cont.iter().filter(|((_, tt), _)| tt == t).max_by_key(|(_, c)| **c);
        if let Some(((p, _), &c)) = best
            && 2 * c >= n
            && alerting.contains(p.as_str())
        {
            alerted += 1;
        }
    }
    let false_alert_operations =
        a.operations.iter().filter(|o| o.alert && !o.ads.iter().any(|ad| op_of.contains_key(ad))).count();
    let alerts: Vec<&str> = a.ads.iter().filter(|x| x.alert).map(|x| x.id.as_str()).collect();
    let alert_tp = alerts.iter().filter(|id| sexual.contains(**id)).count();
    WorldFigures {
        ads: a.ads.len(),
        ads_with_phone: with_phone,
        obfuscated: obf,
        phone_recall: ratio(found, with_phone),
        phone_recall_obfuscated: ratio(found_obf, obf),
        phone_precision: ratio(correct, extracted),
        ad_link_precision: precision,
        ad_link_recall: recall,
        ad_link_f1: f1(precision, recall),
        hub_false_pairs_avoided: hub_false,
        hubs: a.hubs.len(),
        operations_with_ads: true_sizes.len(),
        operations_alerted: alerted,
        false_alert_operations,
        ad_alert_precision: ratio(alert_tp, alerts.len()),
        ad_alert_recall: ratio(alert_tp, sexual.len()),
        analyze_seconds,
        phone_misses: misses,
    }
}
