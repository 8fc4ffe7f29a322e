//! `cargo xtask eval ads`: phone extraction on a hand-labelled set of real-style ad snippets, then
//! extraction, indicators and linking on simulated worlds scored against their truth
//! (`theseus_ads::eval`, which alone reads the truth).

use anyhow::Result;
use serde_json::Value;

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
    println!("        ad phones and operations (pairwise ad-to-operation precision/recall).");
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
        worlds.push(serde_json::to_value(&w)?);
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
        "worlds": Value::Array(worlds),
    });
    println!("{out}");
    Ok(())
}
