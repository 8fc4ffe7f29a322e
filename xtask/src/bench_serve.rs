//! `cargo xtask bench serve`: the workbench under load. A medium world is generated, ingested and analysed
//! once (the release binary's `theseus analyze`), then `theseus serve` (release) answers 200 concurrent
//! sessions, each logged in on its own, browsing as an investigator does: entity pages, searches, network
//! views, the alert list, with a think time between clicks. Every request is timed end to end on loopback;
//! any transport error or non-2xx answer counts as an error.
//!
//! Options: `--size medium`, `--seed 7`, `--sessions 200`, `--seconds 60`, `--think-ms 500` (mean; each pause is
//! uniform between 0 and twice it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;

const PASSWORD: &str = "bench password 1";

fn opt<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T> {
    match args.iter().position(|a| a == name) {
        Some(i) => args.get(i + 1).and_then(|v| v.parse().ok()).with_context(|| format!("{name} needs a value")),
        None => Ok(default),
    }
}

/// Builds (once) the analysed workspace of the world.
fn workspace(theseus: &Path, size: &str, seed: u64) -> Result<PathBuf> {
    let root = crate::target_dir().join("bench-data").join(format!("serve-{size}-{seed}"));
    let ws_dir = root.join("workspace");
    if root.join("ready").exists() {
        return Ok(ws_dir);
    }
    let _ = std::fs::remove_dir_all(&root);
    let world = root.join("world");
    eprintln!("bench: generating the {size} world (seed {seed}), ingesting and analysing it, once");
    let params = theseus_simulate::Params::preset(size.parse().map_err(|e| anyhow::anyhow!("{e}"))?);
    let manifest = theseus_simulate::generate(&params, seed, &world)?;
    {
        let mut ws = theseus_store::Workspace::init(&ws_dir)?;
        let mut batch = ws.batch()?;
        for f in &manifest.files {
            let reader = crate::eval_typologies::reader(&f.kind)?;
            let bytes = std::fs::read(world.join(&f.name))?;
            let sha = theseus_model::ids::sha256_hex(&bytes);
            let src = theseus_ingest::Source {
                bytes: &bytes,
                file_name: f.name.clone(),
                sha256: sha.clone(),
                batch: batch.id(),
                ingested_at: batch.ingested_at(),
            };
            let parsed = reader.read(&src).with_context(|| format!("reading {}", f.name))?;
            batch.add_file(&f.name, &bytes, &sha, &reader.extractor(), parsed)?;
        }
        batch.commit("serve benchmark")?;
    }
    crate::run(Command::new(theseus).args(["analyze", "--top", "3", "-w"]).arg(&ws_dir))?;
    let mut child = Command::new(theseus)
        .args(["user", "create", "bench1", "--role", "investigator", "-w"])
        .arg(&ws_dir)
        .stdin(Stdio::piped())
        .spawn()?;
    child.stdin.take().context("stdin")?.write_all(format!("{PASSWORD}\n").as_bytes())?;
    if !child.wait()?.success() {
        bail!("creating the bench user failed");
    }
    let _ = std::fs::remove_dir_all(&world);
    std::fs::write(root.join("ready"), "")?;
    Ok(ws_dir)
}

/// A keep-alive HTTP/1.1 connection, enough for this server's answers (Content-Length or chunked bodies).
struct Conn {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
    cookie: String,
}

impl Conn {
    fn request(&mut self, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String, Vec<u8>)> {
        // One retry on a fresh connection: a kept-alive connection the server closed is not an error.
        match self.try_request(method, path, body) {
            Ok(r) => Ok(r),
            Err(_) => {
                self.stream = None;
                self.try_request(method, path, body)
            }
        }
    }

    fn try_request(&mut self, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String, Vec<u8>)> {
        if self.stream.is_none() {
            let s = TcpStream::connect(&self.addr)?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            self.stream = Some(BufReader::new(s));
        }
        let r = self.stream.as_mut().expect("connected");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            self.cookie,
            body.len()
        );
        r.get_mut().write_all(req.as_bytes())?;
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if r.read_line(&mut line)? == 0 {
                return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed"));
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let status: u16 = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let lower = head.to_ascii_lowercase();
        let mut body = Vec::new();
        if let Some(len) = lower.lines().find_map(|l| l.strip_prefix("content-length:")) {
            body.resize(len.trim().parse().unwrap_or(0), 0);
            r.read_exact(&mut body)?;
        } else if lower.contains("transfer-encoding: chunked") {
            loop {
                let mut size = String::new();
                r.read_line(&mut size)?;
                let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; n + 2];
                r.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        }
        Ok((status, head, body))
    }
}

/// A small deterministic generator, so that each session's walk is repeatable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn login(addr: &str) -> Result<Conn> {
    let mut c = Conn { addr: addr.to_string(), stream: None, cookie: String::new() };
    let (status, head, body) =
        c.request("POST", "/api/login", &format!(r#"{{"user":"bench1","password":"{PASSWORD}"}}"#))?;
    if status != 200 {
        bail!("login failed: {status} {}", String::from_utf8_lossy(&body));
    }
    c.cookie = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().starts_with("set-cookie:").then(|| l[11..].trim().to_string()))
        .and_then(|v| v.split(';').next().map(str::to_string))
        .context("no session cookie")?;
    Ok(c)
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn run(args: &[String]) -> Result<()> {
    // Generating and ingesting a million transactions wants an optimised build.
    if crate::eval_resolution::rerun_in_release(&["bench", "serve"], args)? {
        return Ok(());
    }
    let size: String = opt(args, "--size", "medium".to_string())?;
    let seed: u64 = opt(args, "--seed", 7)?;
    let sessions: usize = opt(args, "--sessions", 200)?;
    let seconds: u64 = opt(args, "--seconds", 60)?;
    let think_ms: u64 = opt(args, "--think-ms", 500)?;
    let theseus = crate::release_binary()?;
    let ws = workspace(&theseus, &size, seed)?;

    let mut server = Command::new(&theseus)
        .args(["serve", "--listen", "127.0.0.1:0", "-w"])
        .arg(&ws)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let result = measure(&mut server, &size, seed, sessions, seconds, think_ms);
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// Runs the sessions against the started server and prints the figures.
fn measure(
    server: &mut std::process::Child,
    size: &str,
    seed: u64,
    sessions: usize,
    seconds: u64,
    think_ms: u64,
) -> Result<()> {
    let first = BufReader::new(server.stdout.take().context("stdout")?).lines().next().context("no output")??;
    let addr = first.split("http://").nth(1).context("no address")?.trim_end_matches(|c: char| c != '/');
    let addr = addr.trim_end_matches('/').to_string();

    // What there is to browse: subjects, network nodes, names, phones and accounts to search.
    let mut c = login(&addr)?;
    let (_, _, body) = c.request("GET", "/api/exports/analysis.json", "")?;
    let a: Value = serde_json::from_slice(&body)?;
    let mut ids: Vec<String> = Vec::new();
    let mut terms: Vec<String> = Vec::new();
    for s in a["subjects"].as_array().into_iter().flatten().take(400) {
        ids.push(s["id"].as_str().unwrap_or_default().to_string());
        if let Some(n) = s["name"].as_str() {
            terms.push(n.to_string());
            terms.extend(n.split_whitespace().next().map(str::to_string));
        }
        terms.extend(
            s["accounts"].as_array().into_iter().flatten().take(1).filter_map(|x| x.as_str().map(str::to_string)),
        );
    }
    for n in a["network"]["nodes"].as_array().into_iter().flatten().take(2000) {
        ids.push(n["id"].as_str().unwrap_or_default().to_string());
    }
    for id in ids.iter().take(40) {
        let (_, _, body) = c.request("GET", &format!("/api/entities/{}", enc(id)), "")?;
        let e: Value = serde_json::from_slice(&body)?;
        terms.extend(
            e["properties"]["phone"].as_array().into_iter().flatten().filter_map(|p| p.as_str().map(str::to_string)),
        );
    }
    ids.retain(|i| !i.is_empty());
    let (_, _, body) = c.request("GET", "/api/status", "")?;
    let status: Value = serde_json::from_slice(&body)?;

    println!("benchmark: serve --size {size} --seed {seed}");
    println!("machine: {}", crate::machine());
    println!(
        "method: `theseus serve` (release) on loopback; {sessions} sessions, each logged in, browsing for {seconds} s: \
         40% entity pages, 25% searches, 20% network views, 10% alert list, 5% session; think time uniform 0-{} ms; \
         load generator on the same machine (std threads, keep-alive HTTP/1.1)",
        2 * think_ms
    );
    println!(
        "world: {} transactions, {} entities, {} searchable documents; pools: {} ids, {} search terms",
        status["transactions"],
        status["entities"],
        status["documents"],
        ids.len(),
        terms.len()
    );

    let ids = std::sync::Arc::new(ids);
    let terms = std::sync::Arc::new(terms);
    // Logins first (Argon2 is deliberately slow), then everyone browses over the same window.
    let start_gate = std::sync::Arc::new(std::sync::Barrier::new(sessions));
    let started = Instant::now();
    let handles: Vec<_> = (0..sessions)
        .map(|i| {
            let (addr, ids, terms, gate) = (addr.clone(), ids.clone(), terms.clone(), start_gate.clone());
            std::thread::spawn(move || -> (Vec<(u8, u32)>, u64, Vec<String>) {
                let mut lat = Vec::new();
                let mut errors = 0u64;
                let mut samples = Vec::new();
                let conn = login(&addr);
                gate.wait();
                let mut c = match conn {
                    Ok(c) => c,
                    Err(e) => return (lat, 1, vec![e.to_string()]),
                };
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1));
                let deadline = Instant::now() + Duration::from_secs(seconds);
                while Instant::now() < deadline {
                    let pick = rng.below(100);
                    let (kind, path) = match pick {
                        0..40 => (0u8, format!("/api/entities/{}", enc(&ids[rng.below(ids.len())]))),
                        40..65 => (1, format!("/api/entities?q={}", enc(&terms[rng.below(terms.len())]))),
                        65..85 => (2, format!("/api/entities/{}/network?depth=1", enc(&ids[rng.below(ids.len())]))),
                        85..95 => (3, "/api/alerts".to_string()),
                        _ => (4, "/api/session".to_string()),
                    };
                    let t = Instant::now();
                    match c.request("GET", &path, "") {
                        Ok((s, _, body)) if (200..300).contains(&s) => {
                            lat.push((kind, t.elapsed().as_micros() as u32));
                            drop(body);
                        }
                        Ok((s, _, body)) => {
                            errors += 1;
                            if samples.len() < 3 {
                                samples.push(format!("{s} {path}: {}", String::from_utf8_lossy(&body)));
                            }
                        }
                        Err(e) => {
                            errors += 1;
                            if samples.len() < 3 {
                                samples.push(format!("{path}: {e}"));
                            }
                        }
                    }
                    if think_ms > 0 {
                        std::thread::sleep(Duration::from_millis(rng.below(2 * think_ms as usize + 1) as u64));
                    }
                }
                (lat, errors, samples)
            })
        })
        .collect();
    let mut all: Vec<(u8, u32)> = Vec::new();
    let mut errors = 0;
    let mut samples = Vec::new();
    for h in handles {
        let (l, e, s) = h.join().map_err(|_| anyhow::anyhow!("a session thread panicked"))?;
        all.extend(l);
        errors += e;
        samples.extend(s);
    }
    let wall = started.elapsed().as_secs_f64();
    let pct = |v: &mut Vec<u32>, p: f64| -> f64 {
        if v.is_empty() {
            return 0.0;
        }
        v.sort_unstable();
        v[((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1] as f64 / 1000.0
    };
    let mut every: Vec<u32> = all.iter().map(|x| x.1).collect();
    let (p50, p90, p99) = (pct(&mut every, 0.50), pct(&mut every, 0.90), pct(&mut every, 0.99));
    let max = every.last().copied().unwrap_or(0) as f64 / 1000.0;
    println!(
        "requests: {} ok, {errors} errors, {:.0} per second; latency ms: p50 {p50:.1}, p90 {p90:.1}, p99 {p99:.1}, max {max:.1}",
        every.len(),
        every.len() as f64 / wall
    );
    let mut per_kind = serde_json::Map::new();
    for (k, name) in ["entity", "search", "network", "alerts", "session"].iter().enumerate() {
        let mut v: Vec<u32> = all.iter().filter(|x| x.0 as usize == k).map(|x| x.1).collect();
        let n = v.len();
        let (a50, a99) = (pct(&mut v, 0.5), pct(&mut v, 0.99));
        println!("  {name:<8} {n:>7} requests, p50 {a50:.1} ms, p99 {a99:.1} ms");
        per_kind.insert(name.to_string(), serde_json::json!({"requests": n, "p50_ms": a50, "p99_ms": a99}));
    }
    for s in &samples {
        println!("  error: {}", s.chars().take(200).collect::<String>());
    }
    let pass = p99 < 200.0 && errors == 0;
    println!("target: p99 < 200 ms and no errors: {}", if pass { "met" } else { "NOT met" });
    println!(
        "{}",
        serde_json::json!({"bench": "serve", "size": size, "seed": seed, "sessions": sessions, "seconds": seconds,
            "think_ms": think_ms, "requests": every.len(), "errors": errors, "rps": every.len() as f64 / wall,
            "p50_ms": p50, "p90_ms": p90, "p99_ms": p99, "max_ms": max, "per_kind": per_kind, "target_met": pass})
    );
    Ok(())
}
