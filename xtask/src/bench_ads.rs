//! `cargo xtask bench ads`: ad extraction, flagging and linking over about a million simulated ads.
//!
//! Method. Many simulator worlds (one per seed, `small` by default) are generated once; each world's ad export
//! and ad-site production return are read with Theseus's readers (`AdsReader`, `AdProductionReader`). Entity ids
//! and every property value naming an entity of the same world (poster accounts, among others) are prefixed
//! with the world's seed, so that worlds do not merge through ids; contacts and text stay as generated, so
//! operations may still span worlds through repeated templates, phones or e-mails. The corpus is cut at the
//! requested number of ads and cached as JSON lines under the cargo target folder (generation is not timed).
//! The timed part is one call of `theseus_ads::analyze` with the default configuration on the whole corpus:
//! extraction and indicators per ad, then linking of ads into operations. Peak memory is the process's
//! maximum resident set size (corpus included).

use std::collections::{BTreeSet, HashSet};
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result};
use theseus_model::Entity;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The world prefix of a corpus id (`w<seed>`).
fn world_of(id: &str) -> &str {
    id.split_once('.').map_or(id, |(w, _)| w)
}

/// The ad entities of one world, ids prefixed with the seed.
fn world_entities(size: theseus_simulate::Size, seed: u64) -> Result<Vec<Entity>> {
    use theseus_ingest::Reader;
    use theseus_simulate::FileKind;
    let dir = std::env::temp_dir().join(format!("theseus-bench-ads-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let manifest = theseus_simulate::generate(&theseus_simulate::Params::preset(size), seed, &dir)
        .with_context(|| format!("generating world {seed}"))?;
    let mut ents = Vec::new();
    for (batch, f) in manifest.files.iter().enumerate() {
        let r: Box<dyn Reader> = match f.kind {
            FileKind::AdExport => Box::new(theseus_ingest::ads::AdsReader::default()),
            FileKind::AdProduction => Box::new(theseus_ingest::ads::AdProductionReader::default()),
            _ => continue,
        };
        let bytes = std::fs::read(dir.join(&f.name)).with_context(|| format!("reading {}", f.name))?;
        let src = theseus_ingest::Source {
            bytes: &bytes,
            file_name: f.name.clone(),
            sha256: theseus_model::ids::sha256_hex(&bytes),
            batch: batch as i64,
            ingested_at: Default::default(),
        };
        let parsed = r.read(&src).with_context(|| format!("reading {}", f.name))?;
        ents.extend(parsed.entities);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let ids: HashSet<String> = ents.iter().map(|e| e.id.clone()).collect();
    let prefix = |s: &str| format!("w{seed}.{s}");
    for e in &mut ents {
        e.id = prefix(&e.id);
        for vals in e.properties.values_mut() {
            for v in vals.iter_mut() {
                if ids.contains(v.as_str()) {
                    *v = prefix(v);
                }
            }
        }
    }
    Ok(ents)
}

/// Builds (once) the corpus of `n` ads and returns its file.
fn corpus(size: theseus_simulate::Size, n: usize) -> Result<PathBuf> {
    let dir = crate::target_dir().join("bench-data");
    let name = match size {
        theseus_simulate::Size::Small => format!("ads-corpus-{n}.jsonl"),
        other => format!("ads-corpus-{other}-{n}.jsonl"),
    };
    let path = dir.join(name);
    if path.exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(&dir)?;
    eprintln!("bench: generating {size} worlds until {n} ads, once (cached as {})", path.display());
    let started = Instant::now();
    let tmp = path.with_extension("jsonl.part");
    let out = Mutex::new(BufWriter::new(std::fs::File::create(&tmp)?));
    let ads = AtomicUsize::new(0);
    let next_seed = AtomicU64::new(1);
    let done = AtomicBool::new(false);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results: Vec<Result<()>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    while !done.load(Ordering::SeqCst) {
                        let seed = next_seed.fetch_add(1, Ordering::SeqCst);
                        let ents = world_entities(size, seed)?;
                        let mut w = out.lock().expect("corpus writer");
                        let mut have = ads.load(Ordering::SeqCst);
                        if have >= n {
                            break;
                        }
                        for e in &ents {
                            if e.schema == "Advertisement" {
                                if have >= n {
                                    continue;
                                }
                                have += 1;
                            }
                            serde_json::to_writer(&mut *w, e)?;
                            w.write_all(b"\n")?;
                        }
                        ads.store(have, Ordering::SeqCst);
                        eprintln!("bench: world {seed}: {have} ads so far ({:.0} s)", started.elapsed().as_secs_f64());
                        if have >= n {
                            done.store(true, Ordering::SeqCst);
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("generator thread")).collect()
    });
    for r in results {
        r?;
    }
    out.into_inner().expect("corpus writer").flush()?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

fn load(path: &Path) -> Result<Vec<Entity>> {
    let f = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut ents = Vec::new();
    for line in f.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            ents.push(serde_json::from_str(&line).with_context(|| format!("reading {}", path.display()))?);
        }
    }
    Ok(ents)
}

pub fn run(args: &[String]) -> Result<()> {
    if crate::eval_resolution::rerun_in_release(&["bench", "ads"], args)? {
        return Ok(());
    }
    let get = |k: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone());
    let n: usize = get("--ads").map_or(Ok(1_000_000), |s| s.replace('_', "").parse()).context("--ads")?;
    let size: theseus_simulate::Size =
        get("--size").unwrap_or_else(|| "small".into()).parse().map_err(|e| anyhow::anyhow!("--size: {e}"))?;
    let path = corpus(size, n)?;
    let ents = load(&path)?;
    let n_ads = ents.iter().filter(|e| e.schema == "Advertisement").count();
    let worlds: BTreeSet<&str> = ents.iter().map(|e| world_of(&e.id)).collect();

    let config = theseus_ads::Config::default();
    let started = Instant::now();
    let a = theseus_ads::analyze(&ents, &config);
    let seconds = started.elapsed().as_secs_f64();

    let alerted = a.ads.iter().filter(|x| x.alert).count();
    let linked: usize = a.operations.iter().map(|o| o.ads.len()).sum();
    let largest = a.operations.iter().map(|o| o.ads.len()).max().unwrap_or(0);
    let largest_worlds = a
        .operations
        .iter()
        .max_by_key(|o| o.ads.len())
        .map_or(0, |o| o.ads.iter().map(|x| world_of(x)).collect::<HashSet<_>>().len());
    let spanning =
        a.operations.iter().filter(|o| o.ads.iter().map(|x| world_of(x)).collect::<HashSet<_>>().len() > 1).count();

    println!("benchmark: online ads (extraction, indicators, linking into operations)");
    println!("machine: {}", crate::machine());
    println!(
        "method: {} simulated worlds (size {size}, seeds from 1), each world's ad export and ad-site",
        worlds.len()
    );
    println!("        production return read with Theseus's readers; entity ids and poster ids prefixed with the");
    println!("        seed so that worlds do not merge through ids; contacts and text kept as generated, so");
    println!("        operations may still span worlds through repeated templates, phones or e-mails");
    println!("        (counted below). Corpus cut at {n} ads, cached in {} (generation not", path.display());
    println!("        timed). Timed: one call of theseus_ads::analyze with the default configuration on");
    println!("        the whole corpus ({} entities), single process; peak memory includes the corpus.", ents.len());
    println!("ads: {n_ads}");
    println!("seconds: {seconds:.2} ({:.0} ads/s)", n_ads as f64 / seconds);
    println!("alerted ads: {alerted}");
    println!(
        "operations: {} ({linked} ads linked; largest {largest} ads from {largest_worlds} worlds; {spanning} operations span two or more worlds)",
        a.operations.len()
    );
    println!("hubs left out of linking: {}", a.hubs.len());
    // Worlds are independent: a link between ads of two worlds is a false link, counted by its reason.
    let mut cross: std::collections::BTreeMap<String, usize> = Default::default();
    for o in &a.operations {
        for l in &o.links {
            if world_of(&l.a) != world_of(&l.b) {
                let why = match &l.reason {
                    theseus_ads::link::LinkReason::Identifier { kind, .. } => kind.clone(),
                    theseus_ads::link::LinkReason::Text { .. } => "text".into(),
                };
                *cross.entry(why).or_default() += 1;
            }
        }
    }
    let cross_total: usize = cross.values().sum();
    println!("links between ads of different worlds (false links): {cross_total} {cross:?}");
    let peak = peak_rss_mib();
    println!("peak RSS: {peak:.0} MiB");
    let json = serde_json::json!({
        "ads": n_ads,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "ads_per_second": (n_ads as f64 / seconds).round(),
        "peak_rss_mib": peak.round(),
        "operations": a.operations.len(),
        "hubs": a.hubs.len(),
        "cross_world_links": cross_total,
        "largest_operation_ads": largest,
    });
    println!("{json}");
    Ok(())
}
