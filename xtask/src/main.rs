//! Development chores for Theseus: `cargo xtask <task>`.
//!
//! - `test`: installs the reference tools the tests check against (the `followthemoney` Python package, for
//!   `ftm validate`) into a virtual environment beside the cargo target folder, then runs the whole test suite.
//! - `rules-doc`: writes the rule reference `docs/rules.md` from the rules' doc comments and the rule pack.
//! - `tools`: only the install step; prints the path of the `ftm` executable.
//! - `bench NAME`: a benchmark program, its method and the machine in its output, its figures as one JSON
//!   object on the last line. `bench simulate`: generation speed of the scenario simulator; `bench
//!   resolution`: entity resolution of a million FEBRL-like records; `bench screening`: the rule pack over
//!   ten million transactions beside the same rules as SQL in DuckDB; `bench serve`: the workbench
//!   (`theseus serve`) under 200 concurrent browsing sessions on a medium world.
//! - `eval NAME`: an evaluation harness, figures as one JSON object on the last line. `eval resolution`:
//!   FEBRL dedupe and linkage against Splink, measured in the same run. `eval typologies`: alerts on
//!   simulated worlds against their truth, and the rule pack on AMLSim.

// The same allocator as the `theseus` binary, so that the benchmarks measure what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench_ads;
mod bench_chain;
mod bench_resolution;
mod bench_screening;
mod bench_serve;
mod eval_ads;
mod eval_chain;
mod eval_chain_money;
mod eval_resolution;
mod eval_typologies;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The followthemoney release the FtM schema in `theseus-model` was taken from.
const FTM_VERSION: &str = "4.11.2";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => test(&args[1..]),
        Some("bench") => match args.get(1).map(String::as_str) {
            Some("simulate") => bench_simulate(&args[2..]),
            Some("resolution") => bench_resolution::run(&args[2..]),
            Some("screening") => bench_screening::run(&args[2..]),
            Some("ads") => bench_ads::run(&args[2..]),
            Some("chain") => bench_chain::run(&args[2..]),
            Some("serve") => bench_serve::run(&args[2..]),
            _ => bail!("usage: cargo xtask bench simulate|resolution|screening|ads|serve [options]"),
        },
        Some("eval") => match args.get(1).map(String::as_str) {
            Some("resolution") => eval_resolution::run(&args[2..]),
            Some("typologies") => eval_typologies::run(&args[2..]),
            Some("ads") => eval_ads::run(&args[2..]),
            Some("chain") => eval_chain::run(&args[2..]),
            _ => bail!(
                "usage: cargo xtask eval ads [--size small] [--seeds 7,8]\n       cargo xtask eval typologies [--small-seeds 1,2,3] [--medium-seeds 1,2] [--no-amlsim] [--config FILE]\n       cargo xtask eval resolution [--no-splink] [--no-world] [--world-size small] [--world-seed 7] [--data DIR] [--threads N] [--match-probability P]"
            ),
        },
        Some("rules-doc") => rules_doc(),
        Some("tools") => {
            println!("{}", ftm_tool()?.display());
            Ok(())
        }
        _ => {
            eprintln!(
                "usage: cargo xtask test [-- cargo test args]\n       cargo xtask bench simulate\n       cargo xtask tools"
            );
            bail!("unknown task")
        }
    }
}

/// Writes `docs/rules.md` from the rules' doc comments, metadata and the default rule pack.
fn rules_doc() -> Result<()> {
    let dir = workspace_root().join("crates/theseus-analysis/src/rules");
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if name.ends_with(".rs") && name != "mod.rs" {
            files.push((name, std::fs::read_to_string(&p)?));
        }
    }
    files.sort();
    let page = theseus_analysis::reference::reference(&files).map_err(|e| anyhow::anyhow!(e))?;
    let out = workspace_root().join("docs/rules.md");
    std::fs::write(&out, page)?;
    println!("{} written", out.display());
    Ok(())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

/// Installs followthemoney into `<target>/tools/ftm-venv` once, and returns the `ftm` executable.
fn ftm_tool() -> Result<PathBuf> {
    let venv = target_dir().join("tools").join(format!("ftm-{FTM_VERSION}"));
    let ftm = venv.join("bin").join("ftm");
    if ftm.exists() {
        return Ok(ftm);
    }
    eprintln!("xtask: installing followthemoney {FTM_VERSION} into {} (once)", venv.display());
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run(Command::new(&python).args(["-m", "venv"]).arg(&venv)).context("creating the Python virtual environment")?;
    run(Command::new(venv.join("bin/pip")).args(["install", "--quiet", &format!("followthemoney=={FTM_VERSION}")]))
        .context("installing followthemoney from PyPI")?;
    if !ftm.exists() {
        bail!("followthemoney installed but {} is missing", ftm.display());
    }
    Ok(ftm)
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// Debian packages the tests use: xmllint validates goAML reports; ICU headers and pkg-config build the
/// PyICU dependency of followthemoney. Installed with apt-get when missing (the machines run as root).
fn ensure_system_packages() -> Result<()> {
    let have = |cmd: &str, args: &[&str]| Command::new(cmd).args(args).output().is_ok_and(|o| o.status.success());
    let mut need = Vec::new();
    if !have("xmllint", &["--version"]) {
        need.push("libxml2-utils");
    }
    if !have("pkg-config", &["--exists", "icu-uc"]) {
        need.extend(["libicu-dev", "pkg-config"]);
    }
    if !have("python3", &["-c", "import venv, ensurepip"]) {
        need.push("python3-venv");
    }
    // The workbench's browser test drives Debian's Chromium through its DevTools protocol.
    if !have("chromium", &["--version"]) {
        need.extend(["chromium", "chromium-driver"]);
    }
    if need.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing {} with apt-get (once)", need.join(" "));
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get").args(["install", "-y", "-qq"]).args(&need).env("DEBIAN_FRONTEND", "noninteractive"))
        .context(
            "installing the test tools; install them by hand: apt-get install libxml2-utils libicu-dev pkg-config python3-venv chromium chromium-driver",
        )
}

fn test(extra: &[String]) -> Result<()> {
    ensure_system_packages()?;
    let ftm = ftm_tool()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root()).args(["test", "--workspace", "--no-fail-fast"]).args(extra);
    // Checks against reference tools must run here, not skip: the variables make a missing tool a failure.
    cmd.env("THESEUS_FTM", &ftm).env("THESEUS_REQUIRE_FTM", "1").env("THESEUS_REQUIRE_XMLLINT", "1");
    run(&mut cmd)?;
    if extra.is_empty() { browser_walk() } else { Ok(()) }
}

/// The workbench walked in headless Chromium (`crates/theseus-server/tests/browser/walk.mjs`), on the debug
/// binary the tests just built. playwright-core comes from the npm registry at the version the lock file pins.
fn browser_walk() -> Result<()> {
    let dir = workspace_root().join("crates/theseus-server/tests/browser");
    if !dir.join("node_modules/playwright-core").exists() {
        run(Command::new("npm").current_dir(&dir).args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]))
            .context("installing playwright-core for the browser test (npm)")?;
    }
    let theseus = target_dir().join("debug/theseus");
    eprintln!("xtask: walking the workbench in headless Chromium");
    run(Command::new("node").current_dir(&dir).arg("walk.mjs").arg("--theseus").arg(&theseus))
}

/// What the machine is, for benchmark reports.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0))
        })
        .unwrap_or(0);
    format!("{cpu}, {cores} cores, {:.1} GiB", mem as f64 / 1024.0 / 1024.0)
}

/// Builds the release binary and returns its path.
fn release_binary() -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo).current_dir(workspace_root()).args([
        "build",
        "--release",
        "--quiet",
        "-p",
        "theseus-cli",
    ]))?;
    Ok(target_dir().join("release").join("theseus"))
}

/// Runs a command to completion, sampling its peak resident memory (VmHWM) from /proc while it runs.
fn timed(cmd: &mut Command) -> Result<(std::time::Duration, u64, std::process::Output)> {
    let start = std::time::Instant::now();
    let child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn()?;
    let status_path = format!("/proc/{}/status", child.id());
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(s) = std::fs::read_to_string(&status_path)
                    && let Some(kb) = s
                        .lines()
                        .find(|l| l.starts_with("VmHWM"))
                        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                {
                    peak.fetch_max(kb, std::sync::atomic::Ordering::Relaxed);
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        })
    };
    let out = child.wait_with_output()?;
    let elapsed = start.elapsed();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = sampler.join();
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok((elapsed, peak.load(std::sync::atomic::Ordering::Relaxed), out))
}

/// Counts data rows (lines after the header) of the bank statement files the simulator wrote.
fn count_transactions(dir: &Path) -> Result<u64> {
    let mut n = 0;
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let bytes = std::fs::read(&p)?;
        let (lines, header_and_preamble) = match name.as_str() {
            "nordbank.csv" => (bytes.iter().filter(|&&b| b == b'\n').count() as u64, 5),
            "harbour.csv" | "exchange.csv" => (bytes.iter().filter(|&&b| b == b'\n').count() as u64, 1),
            // UTF-16LE: a newline is the byte pair 0x0A 0x00.
            "danube.txt" | "danube.tsv" | "danube.csv" => {
                (bytes.chunks_exact(2).filter(|c| c == &[b'\n', 0]).count() as u64, 3)
            }
            _ => continue,
        };
        n += lines.saturating_sub(header_and_preamble);
    }
    Ok(n)
}

fn bench_simulate(args: &[String]) -> Result<()> {
    let get =
        |k: &str, d: &str| args.windows(2).find(|w| w[0] == k).map(|w| w[1].clone()).unwrap_or_else(|| d.to_string());
    let (size, seed) = (get("--size", "medium"), get("--seed", "1"));
    let bin = release_binary()?;
    let out = std::env::temp_dir().join(format!("theseus-bench-simulate-{size}-{seed}"));
    let _ = std::fs::remove_dir_all(&out);
    println!("benchmark: simulate --size {size} --seed {seed}");
    println!("machine: {}", machine());
    println!(
        "method: release build; one run of `theseus simulate` writing to {} (a local disk); wall time from",
        out.display()
    );
    println!("        process start to exit, generation and writing included; peak memory is the process's VmHWM");
    println!("        sampled from /proc every 20 ms; transactions counted as data rows of the bank statement files.");
    let (elapsed, peak_kb, _) =
        timed(Command::new(&bin).args(["simulate", "--size", &size, "--seed", &seed, "--out"]).arg(&out))?;
    let txns = count_transactions(&out)?;
    let bytes: u64 = std::fs::read_dir(&out)?.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
    let rate = txns as f64 / elapsed.as_secs_f64();
    println!(
        "{txns} transactions, {:.1} MiB written in {:.2} s: {:.0} transactions/s; peak memory {:.0} MiB",
        bytes as f64 / 1048576.0,
        elapsed.as_secs_f64(),
        rate,
        peak_kb as f64 / 1024.0
    );
    println!(
        "{{\"bench\":\"simulate\",\"size\":\"{size}\",\"seed\":{seed},\"transactions\":{txns},\"seconds\":{:.3},\"transactions_per_second\":{:.0},\"peak_rss_mib\":{:.1},\"bytes_written\":{bytes}}}",
        elapsed.as_secs_f64(),
        rate,
        peak_kb as f64 / 1024.0
    );
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}
