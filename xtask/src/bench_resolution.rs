//! `cargo xtask bench resolution`: deduplication of a million FEBRL-like person records.
//!
//! **Data.** Generated in memory, seeded and deterministic. The vocabulary is the values of the *original*
//! records (`rec-N-org`) of the five FEBRL files in `shared/data/febrl` (given names, surnames, street
//! names, address line 2, suburb–postcode pairs and street numbers, each drawn with its frequency
//! there), so names and places are as skewed as FEBRL's. Birth dates are uniform over 1910–2009; social
//! security numbers are random seven-digit numbers. Each original gets 0, 1, 2 or 3 duplicates with
//! probabilities 0.4, 0.3, 0.2 and 0.1 (one duplicate per original on average, so a million records are
//! about half originals).
//!
//! **Corruption model** of a duplicate, after the kinds of error Febrl's `generate.py` injects: with
//! probability 0.05 given name and surname are swapped; then 1 to 3 modifications (uniform), each on a field
//! drawn with weights given name 0.2, surname 0.2, birth date 0.15, street address 0.2, suburb 0.05,
//! postcode 0.1, social security number 0.1. A modification is, for text: a typo (insert, delete,
//! substitute or transpose one letter; 0.75) or a missing value (0.25); for the birth date: one digit
//! changed (0.5), day and month swapped (0.2, when the day is at most 12), or missing (0.3); for codes: one
//! digit changed (0.5), two neighbouring digits transposed (0.3) or missing (0.2).
//!
//! **Measure.** Wall clock of `theseus_resolve::resolve` alone (generation excluded) with default settings
//! on all cores, pairwise precision/recall/F1 against the generator's entity numbers, and the process's peak
//! resident memory (VmHWM, generation included) with the resident memory before resolution for contrast.
//!
//! Flags: `--records N` (default 1,000,000), `--seed S`, `--threads T`, `--data DIR`, `--debug` (measure
//! the build that runs instead of re-running in release).

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use theseus_resolve::{Address, Config, IdKind, Kind, Name, Record, resolve};

/// SplitMix64: small, seeded, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Values with repetitions as found (so a uniform pick follows their frequency).
#[derive(Default)]
struct Vocabulary {
    given: Vec<String>,
    surname: Vec<String>,
    street: Vec<String>,
    address2: Vec<String>,
    number: Vec<String>,
    /// suburb, postcode.
    place: Vec<(String, String)>,
}

fn vocabulary(dir: &Path) -> Result<Vocabulary> {
    let mut v = Vocabulary::default();
    for f in ["dataset1.csv", "dataset2.csv", "dataset3.csv", "dataset4a.csv", "dataset4b.csv"] {
        let path = dir.join(f);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').map(str::trim).collect();
            if c.len() < 11 || !c[0].ends_with("-org") {
                continue;
            }
            let push = |list: &mut Vec<String>, s: &str| {
                if !s.is_empty() {
                    list.push(s.to_string());
                }
            };
            push(&mut v.given, c[1]);
            push(&mut v.surname, c[2]);
            push(&mut v.number, c[3]);
            push(&mut v.street, c[4]);
            push(&mut v.address2, c[5]);
            if !c[6].is_empty() && !c[7].is_empty() {
                v.place.push((c[6].to_string(), c[7].to_string()));
            }
        }
    }
    Ok(v)
}

/// One person's fields, before they become a record.
#[derive(Clone)]
struct Person {
    given: String,
    surname: String,
    number: String,
    street: String,
    address2: String,
    suburb: String,
    postcode: String,
    dob: String,
    ssn: String,
}

fn typo(rng: &mut Rng, s: &str) -> String {
    let mut b: Vec<u8> = s.bytes().collect();
    if b.is_empty() {
        return String::new();
    }
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let i = rng.below(b.len());
    match rng.below(4) {
        0 => b.insert(i, *rng.pick(letters)),
        1 if b.len() > 1 => {
            b.remove(i);
        }
        2 if i + 1 < b.len() => b.swap(i, i + 1),
        _ => b[i] = *rng.pick(letters),
    }
    String::from_utf8(b).unwrap_or_default()
}

fn digit_change(rng: &mut Rng, s: &str) -> String {
    let mut b: Vec<u8> = s.bytes().collect();
    if b.is_empty() {
        return String::new();
    }
    let i = rng.below(b.len());
    b[i] = b'0' + ((b[i] - b'0' + 1 + rng.below(9) as u8) % 10);
    String::from_utf8(b).unwrap_or_default()
}

fn corrupt_text(rng: &mut Rng, s: &mut String) {
    *s = if rng.chance(0.75) { typo(rng, s) } else { String::new() };
}

fn corrupt_code(rng: &mut Rng, s: &mut String) {
    let roll = rng.below(10);
    *s = if roll < 5 {
        digit_change(rng, s)
    } else if roll < 8 && s.len() >= 2 {
        let mut b: Vec<u8> = s.bytes().collect();
        let i = rng.below(b.len() - 1);
        b.swap(i, i + 1);
        String::from_utf8(b).unwrap_or_default()
    } else {
        String::new()
    };
}

fn duplicate(rng: &mut Rng, p: &Person) -> Person {
    let mut d = p.clone();
    if rng.chance(0.05) {
        std::mem::swap(&mut d.given, &mut d.surname);
    }
    for _ in 0..1 + rng.below(3) {
        let x = rng.below(100);
        if x < 20 {
            corrupt_text(rng, &mut d.given);
        } else if x < 40 {
            corrupt_text(rng, &mut d.surname);
        } else if x < 55 {
            let roll = rng.below(10);
            if roll < 5 {
                d.dob = digit_change(rng, &d.dob);
            } else if roll < 7 && d.dob.len() == 8 && &d.dob[6..] <= "12" {
                d.dob = format!("{}{}{}", &d.dob[..4], &d.dob[6..], &d.dob[4..6]);
            } else {
                d.dob.clear();
            }
        } else if x < 75 {
            corrupt_text(rng, &mut d.street);
        } else if x < 80 {
            corrupt_text(rng, &mut d.suburb);
        } else if x < 90 {
            corrupt_code(rng, &mut d.postcode);
        } else {
            corrupt_code(rng, &mut d.ssn);
        }
    }
    d
}

fn record(id: String, p: &Person) -> Record {
    let mut r = Record::new(id, "bench", "Person", Kind::Person);
    if !p.given.is_empty() || !p.surname.is_empty() {
        r.names.push(Name::parts(p.given.clone(), p.surname.clone()));
    }
    let text = [&p.number, &p.street, &p.address2, &p.suburb]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    r.addresses.push(Address { text, postcode: Some(p.postcode.clone()).filter(|s| !s.is_empty()) });
    if !p.dob.is_empty() {
        r.birth_dates.push(p.dob.clone());
    }
    r.add_identifier(IdKind::Document, &p.ssn);
    r
}

/// Generates `n` records; ids are `g-<entity>-<k>`, k = 0 for the original.
fn generate(v: &Vocabulary, n: usize, seed: u64) -> Vec<Record> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(n);
    let mut entity = 0usize;
    while out.len() < n {
        let (suburb, postcode) = rng.pick(&v.place).clone();
        let p = Person {
            given: rng.pick(&v.given).clone(),
            surname: rng.pick(&v.surname).clone(),
            number: rng.pick(&v.number).clone(),
            street: rng.pick(&v.street).clone(),
            address2: if rng.chance(0.3) { rng.pick(&v.address2).clone() } else { String::new() },
            suburb,
            postcode,
            dob: format!("{}{:02}{:02}", 1910 + rng.below(100), 1 + rng.below(12), 1 + rng.below(28)),
            // Unique per person, as document numbers are: an affine permutation of the entity number.
            ssn: format!("{:07}", (entity as u64 * 7_654_321 + 1_234_567) % 10_000_000),
        };
        out.push(record(format!("g-{entity}-0"), &p));
        let roll = rng.below(10);
        let dups = if roll < 4 {
            0
        } else if roll < 7 {
            1
        } else if roll < 9 {
            2
        } else {
            3
        };
        for k in 1..=dups {
            if out.len() >= n {
                break;
            }
            out.push(record(format!("g-{entity}-{k}"), &duplicate(&mut rng, &p)));
        }
        entity += 1;
    }
    out
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<()> {
    if crate::eval_resolution::rerun_in_release(&["bench", "resolution"], args)? {
        return Ok(());
    }
    let get = |k: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone());
    let n: usize = get("--records").map(|s| s.replace('_', "").parse()).transpose()?.unwrap_or(1_000_000);
    let seed: u64 = get("--seed").map(|s| s.parse()).transpose()?.unwrap_or(1);
    let threads: usize = get("--threads").map(|s| s.parse()).transpose()?.unwrap_or(0);
    let dir = get("--data")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("../shared/data/febrl"));
    println!("benchmark: resolution, {n} FEBRL-like person records, seed {seed}");
    println!("machine: {}", crate::machine());
    println!("method: records generated in memory (vocabulary from FEBRL originals, corruption model in the module");
    println!("        docs of xtask/src/bench_resolution.rs); wall clock of resolve() alone with default settings;");
    println!("        pairwise F1 against the generator's entities; peak memory is the process's VmHWM.");
    let t = Instant::now();
    let vocab = vocabulary(&dir)?;
    let records = generate(&vocab, n, seed);
    let gen_secs = t.elapsed().as_secs_f64();
    let rss_before = status_kib("VmRSS:");
    let config = Config { threads, ..Config::default() };
    let t = Instant::now();
    let res = resolve(&records, &[], &config)?;
    let secs = t.elapsed().as_secs_f64();
    let peak = status_kib("VmHWM:");
    // Ids are `g-<entity>-<k>`, shaped like FEBRL's, so FEBRL's reading of them applies.
    let q = crate::eval_resolution::dedupe_quality(
        &res.clusters,
        records.iter().map(|r| r.id.as_str()),
        theseus_resolve::febrl::entity_of,
    );
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for c in &res.clusters {
        *sizes.entry(c.members.len()).or_default() += 1;
    }
    let stages: Vec<String> = res.stats.seconds.iter().map(|(s, t)| format!("{s} {t:.2}")).collect();
    println!("generated in {gen_secs:.1} s; resident memory before resolution {:.0} MiB", rss_before as f64 / 1024.0);
    println!(
        "resolved in {secs:.2} s: {} clusters, {} candidate pairs, {} links above threshold, {} blocks skipped (largest {})",
        res.clusters.len(),
        res.stats.candidate_pairs,
        res.stats.links_above_threshold,
        res.stats.oversized_blocks,
        res.stats.largest_skipped_block
    );
    println!("stages (s): {}", stages.join(", "));
    for (rule, pairs) in &res.stats.pairs_per_rule {
        println!("    {pairs:>10} pairs from {rule}");
    }
    println!(
        "precision {:.4}, recall {:.4}, F1 {:.4} ({} of {} true pairs, {} predicted); peak memory {:.0} MiB",
        q.precision,
        q.recall,
        q.f1,
        q.true_positive,
        q.truth,
        q.predicted,
        peak as f64 / 1024.0
    );
    println!(
        "{{\"bench\":\"resolution\",\"records\":{n},\"seed\":{seed},\"seconds\":{secs:.3},\"records_per_second\":{:.0},\"f1\":{:.4},\"precision\":{:.4},\"recall\":{:.4},\"candidate_pairs\":{},\"peak_rss_mib\":{:.1},\"rss_before_mib\":{:.1}}}",
        n as f64 / secs,
        q.f1,
        q.precision,
        q.recall,
        res.stats.candidate_pairs,
        peak as f64 / 1024.0,
        rss_before as f64 / 1024.0
    );
    Ok(())
}
