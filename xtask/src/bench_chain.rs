//! `cargo xtask bench chain`: the whole chain — network build, operations and roles, money tracing,
//! confiscation, compensation, funds statements and the elements matrix — on a world of about 10 million
//! transactions.
//!
//! Method. The simulator writes the large world once (cached under the target directory); each run reads every
//! file with Theseus's readers, resolves the entities and runs the first-pass analysis (the chain's input;
//! timed and reported apart), then times `theseus_chain::build_on` — on the parties the first pass grouped,
//! as `theseus analyze` does — with each tracing method. The figure the
//! target speaks of is the chain's time after load and after the first pass. Peak memory is the process's
//! high-water mark (VmHWM), which includes holding the world in memory.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use theseus_analysis::Config;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A file kind as the cache writes it: its word and the profile or mapping it names.
fn kind_words(k: &theseus_simulate::FileKind) -> (String, String) {
    use theseus_simulate::FileKind as K;
    let (w, arg) = match k {
        K::BankStatement { profile } => ("bank", *profile),
        K::FtmEntities => ("ftm", ""),
        K::AdExport => ("ads", ""),
        K::AdProduction => ("ad_production", ""),
        K::Subscribers { mapping } => ("subscribers", *mapping),
        K::CallRecords { mapping } => ("calls", *mapping),
        K::CryptoExchange { profile } => ("crypto", *profile),
        K::GoamlReport => ("goaml", ""),
    };
    (w.into(), arg.into())
}

fn kind_of(w: &str, arg: &str) -> Result<theseus_simulate::FileKind> {
    use theseus_simulate::FileKind as K;
    // The kinds name their profile with a static string; a cached world lives as long as the run.
    let arg: &'static str = Box::leak(arg.to_string().into_boxed_str());
    Ok(match w {
        "bank" => K::BankStatement { profile: arg },
        "ftm" => K::FtmEntities,
        "ads" => K::AdExport,
        "ad_production" => K::AdProduction,
        "subscribers" => K::Subscribers { mapping: arg },
        "calls" => K::CallRecords { mapping: arg },
        "crypto" => K::CryptoExchange { profile: arg },
        "goaml" => K::GoamlReport,
        other => anyhow::bail!("unknown file kind {other} in the cached world"),
    })
}

/// Generates (once) the world; later runs read the cached files.
pub(crate) fn world(size: &str, seed: u64) -> Result<(PathBuf, theseus_simulate::Manifest)> {
    let root = crate::target_dir().join("bench-data").join(format!("chain-{size}-{seed}"));
    let list = root.join("files.json");
    if let Ok(text) = std::fs::read_to_string(&list) {
        let rows: Vec<(String, String, String)> = serde_json::from_str(&text)?;
        let files = rows
            .into_iter()
            .map(|(name, w, arg)| Ok(theseus_simulate::OutputFile { name, kind: kind_of(&w, &arg)?, records: 0 }))
            .collect::<Result<Vec<_>>>()?;
        let manifest =
            theseus_simulate::Manifest { files, truth: "truth.json".into(), counts: Default::default(), seconds: 0.0 };
        return Ok((root, manifest));
    }
    let _ = std::fs::remove_dir_all(&root);
    eprintln!("bench: generating the {size} world (seed {seed}), once");
    let params = theseus_simulate::Params::preset(size.parse().map_err(|e| anyhow::anyhow!("{e}"))?);
    let manifest = theseus_simulate::generate(&params, seed, &root)?;
    let rows: Vec<(String, String, String)> = manifest
        .files
        .iter()
        .map(|f| {
            let (w, arg) = kind_words(&f.kind);
            (f.name.clone(), w, arg)
        })
        .collect();
    std::fs::write(&list, serde_json::to_string(&rows)?)?;
    Ok((root, manifest))
}

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<()> {
    if crate::eval_resolution::rerun_in_release(&["bench", "chain"], args)? {
        return Ok(());
    }
    let get = |k: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone());
    let size = get("--size").unwrap_or_else(|| "large".into());
    let seed: u64 = get("--seed").map(|s| s.parse()).transpose()?.unwrap_or(1);
    let (dir, manifest) = world(&size, seed)?;
    println!("benchmark: the whole chain (network, roles, money trail, elements) after load and first pass");
    println!("machine: {}", crate::machine());
    println!("method: see xtask/src/bench_chain.rs; simulate --size {size} --seed {seed}, every evidence file.");

    let start = Instant::now();
    let (txns, ents) = crate::eval_typologies::read_world(&dir, &manifest)?;
    let load = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let clusters = crate::eval_typologies::resolve_clusters(&ents)?;
    let resolve = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let (analysis, parties) = theseus_analysis::analyze_parts(&txns, &ents, &Config::default(), &clusters);
    let first_pass = start.elapsed().as_secs_f64();
    println!(
        "load {load:.1} s ({} transactions, {} entities); resolution {resolve:.1} s; first pass {first_pass:.1} s ({} alerted)",
        txns.len(),
        ents.len(),
        analysis.subjects.iter().filter(|s| s.alert).count()
    );
    let mut out = serde_json::Map::new();
    out.insert("bench".into(), "chain".into());
    out.insert("size".into(), size.clone().into());
    out.insert("transactions".into(), txns.len().into());
    out.insert("load_seconds".into(), serde_json::json!(load));
    out.insert("first_pass_seconds".into(), serde_json::json!(first_pass));
    for method in theseus_chain::money::Method::ALL {
        let start = Instant::now();
        let chain = theseus_chain::build_on(&txns, &ents, &parties, &analysis, &Default::default(), method);
        let secs = start.elapsed().as_secs_f64();
        println!(
            "chain ({}): {secs:.2} s = {:.2} M txn/s; {} operations, {} members, {} proceeds items",
            method.as_str(),
            txns.len() as f64 / secs / 1e6,
            chain.cast.operations.len(),
            chain.cast.operations.iter().map(|o| o.members.len()).sum::<usize>(),
            chain.money.as_ref().map_or(0, |m| m.sources.len())
        );
        out.insert(format!("chain_seconds_{}", method.as_str()), serde_json::json!((secs * 1000.0).round() / 1000.0));
    }
    let rss = peak_rss_mib();
    println!("peak RSS {rss:.0} MiB (the whole world in memory, with the first pass)");
    out.insert("peak_rss_mib".into(), serde_json::json!(rss.round()));
    out.insert("target_seconds".into(), serde_json::json!(30));
    println!("{}", serde_json::Value::Object(out));
    Ok(())
}
