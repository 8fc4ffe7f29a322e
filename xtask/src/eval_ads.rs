//! `cargo xtask eval ads`: phone extraction on a hand-labelled set of real-style ad snippets, then
//! extraction, indicators and linking on simulated worlds scored against their truth
//! (`theseus_ads::eval`, which alone reads the truth).

use anyhow::Result;
use serde_json::Value;

/// The bridge on a whole world, read and analysed as `theseus analyze` does: the posting fees that
/// `ad_payment` edges cite, against the fees the site's production return says were paid with a card of one
/// of the evidence banks (their BINs are documented in docs/simulator.md; only those fees are on a statement).
fn bridge(size: theseus_simulate::Size, seed: u64) -> Result<(f64, f64, usize)> {
    const EVIDENCE_BINS: [&str; 3] = ["454617", "535522", "412893"];
    let dir = std::env::temp_dir().join(format!("theseus-eval-bridge-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let manifest = theseus_simulate::generate(&theseus_simulate::Params::preset(size), seed, &dir)?;
    let (txns, ents) = crate::eval_typologies::read_world(&dir, &manifest)?;
    let a = crate::eval_typologies::analyse(&txns, &ents, &theseus_analysis::Config::default())?;
    let bridged: std::collections::BTreeSet<String> = a
        .network
        .edges
        .iter()
        .filter(|e| e.kind == "ad_payment")
        .flat_map(|e| e.evidence.iter().filter(|id| id.contains(".fee.")).cloned())
        .collect();
    // The truth side, read only now.
    let mut expected = std::collections::BTreeSet::new();
    let text = std::fs::read_to_string(dir.join("ad_production.jsonl"))?;
    let _ = std::fs::remove_dir_all(&dir);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let p: Value = serde_json::from_str(line)?;
        let poster =
            format!("{}.user.{}", p["site"].as_str().unwrap_or(""), p["poster_account"].as_str().unwrap_or(""));
        let cards = p["cards"].as_array().cloned().unwrap_or_default();
        for (i, f) in p["fees"].as_array().into_iter().flatten().enumerate() {
            let card = cards.iter().find(|c| c["last4"] == f["card_last4"]);
            if card.is_some_and(|c| EVIDENCE_BINS.contains(&c["bin"].as_str().unwrap_or(""))) {
                expected.insert(format!("{poster}.fee.{}", i + 1));
            }
        }
    }
    let both = bridged.intersection(&expected).count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Ok((ratio(both, bridged.len()), ratio(both, expected.len()), expected.len()))
}

pub fn run(args: &[String]) -> Result<()> {
    if crate::eval_resolution::rerun_in_release(&["eval", "ads"], args)? {
        return Ok(());
    }
    let get = |k: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone());
    let seeds: Vec<u64> =
        get("--seeds").unwrap_or_else(|| "7,8".into()).split(',').map(|s| s.parse()).collect::<Result<_, _>>()?;
    let size: theseus_simulate::Size =
        get("--size").unwrap_or_else(|| "small".into()).parse().map_err(|e| anyhow::anyhow!("--size: {e}"))?;
    println!("evaluation: online ads (extraction, indicators, linking)");
    println!("machine: {}", crate::machine());
    println!(
        "method: (1) the hand-labelled phone snippets of crates/theseus-ads/tests/data/phones.toml; (2) simulated"
    );
    println!("        worlds: the ad export read with Theseus's reader, analysed, then scored against the truth's");
    println!("        ad phones and operations (pairwise ad-to-operation precision/recall); (3) the bridge: the whole");
    println!(
        "        world analysed, posting fees cited by ad_payment edges against the fees paid with evidence-bank cards."
    );
    let phones = theseus_ads::eval::labelled_phones(theseus_ads::eval::LABELLED_PHONES);
    println!(
        "labelled phones: {} snippets, {} numbers, precision {:.3}, recall {:.3}, F1 {:.3}",
        phones.cases, phones.expected, phones.precision, phones.recall, phones.f1
    );
    for e in &phones.errors {
        println!("    {e}");
    }
    let mut worlds = Vec::new();
    for seed in &seeds {
        let dir = std::env::temp_dir().join(format!("theseus-eval-ads-{}-{seed}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let w = theseus_ads::eval::simulate(size, *seed, &dir, &theseus_ads::Config::default())?;
        let _ = std::fs::remove_dir_all(&dir);
        println!(
            "world seed {seed}: {} ads ({} obfuscated), phone recall {:.3} (obfuscated {:.3}), precision {:.3}; linking precision {:.3} recall {:.3}; {} s",
            w.ads,
            w.obfuscated,
            w.phone_recall,
            w.phone_recall_obfuscated,
            w.phone_precision,
            w.ad_link_precision,
            w.ad_link_recall,
            w.analyze_seconds
        );
        let (bp, br, expected) = bridge(size, *seed)?;
        println!(
            "world seed {seed}: bridge of card-paid posting fees to statement debits: precision {bp:.3}, recall {br:.3} ({expected} fees paid with evidence-bank cards)"
        );
        let mut v = serde_json::to_value(&w)?;
        v["bridge_precision"] = serde_json::json!(bp);
        v["bridge_recall"] = serde_json::json!(br);
        worlds.push(v);
    }
    let mean = |k: &str| worlds.iter().filter_map(|w| w[k].as_f64()).sum::<f64>() / worlds.len().max(1) as f64;
    let out = serde_json::json!({
        "phone_precision": phones.precision,
        "phone_recall": phones.recall,
        "phone_f1": phones.f1,
        "world_phone_recall": mean("phone_recall"),
        "world_phone_precision": mean("phone_precision"),
        "ad_link_precision": mean("ad_link_precision"),
        "ad_link_recall": mean("ad_link_recall"),
        "bridge_precision": mean("bridge_precision"),
        "bridge_recall": mean("bridge_recall"),
        "worlds": Value::Array(worlds),
    });
    println!("{out}");
    Ok(())
}
