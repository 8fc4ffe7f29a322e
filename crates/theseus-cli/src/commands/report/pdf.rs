//! The report printed to PDF by a Chromium installed on this machine.
//!
//! The report's print stylesheet (sections on new pages, tables that do not split rows) is what a court
//! copy looks like; a headless Chromium applies it exactly as a person printing from the browser would.
//! Nothing is fetched: the report is one self-contained file, and the browser is started with every name
//! lookup failing and a throw-away profile, so printing leaves no trace and makes no network call.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// Browsers tried in order when `THESEUS_CHROMIUM` does not name one.
const CANDIDATES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// Printing a long report takes seconds; a browser that hangs is stopped after this.
const TIMEOUT: Duration = Duration::from_secs(180);

/// The browser to print with: `THESEUS_CHROMIUM`, or the first of [`CANDIDATES`] on the `PATH`.
pub fn browser() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("THESEUS_CHROMIUM") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        bail!("THESEUS_CHROMIUM names {}, which is not a file", p.display());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in CANDIDATES {
            let p = dir.join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    bail!(
        "no Chromium found to print the PDF (looked for {} on the PATH); install one (Debian: apt-get install chromium) \
         or name it with THESEUS_CHROMIUM, or print report.html from any browser",
        CANDIDATES.join(", ")
    )
}

/// Prints `html` (a file) to `pdf`. The PDF is written beside its final name and renamed into place, so a
/// failed print leaves no partial file.
pub fn print(html: &Path, pdf: &Path) -> Result<()> {
    let exe = browser()?;
    let html = html.canonicalize().with_context(|| format!("cannot find {}", html.display()))?;
    let tmp = pdf.with_extension("pdf.partial");
    let profile = tempfile::tempdir().context("cannot create a temporary browser profile")?;
    let mut log = tempfile::tempfile().context("cannot create a temporary file")?;
    let mut cmd = Command::new(&exe);
    cmd.arg("--headless")
        // As root (containers, CI) Chromium refuses to start sandboxed; the page is the report itself.
        .arg("--no-sandbox")
        .arg("--disable-gpu")
        .arg("--disable-background-networking")
        .arg("--disable-extensions")
        .arg("--disable-sync")
        .arg("--no-first-run")
        .arg("--host-resolver-rules=MAP * ~NOTFOUND")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", tmp.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        // To a file, not a pipe: a browser that talks a lot must not block on a full pipe.
        .stderr(Stdio::from(log.try_clone()?));
    let mut child = cmd.spawn().with_context(|| format!("cannot start {}", exe.display()))?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_file(&tmp);
            bail!("{} did not finish printing {} within {} s", exe.display(), html.display(), TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    {
        use std::io::{Read, Seek};
        let _ = log.rewind();
        let _ = log.read_to_string(&mut err);
    }
    let printed = std::fs::read(&tmp).ok().filter(|b| b.starts_with(b"%PDF-"));
    if !status.success() || printed.is_none() {
        let _ = std::fs::remove_file(&tmp);
        let last: Vec<&str> = err.lines().rev().take(5).collect();
        bail!(
            "{} could not print {} to PDF ({status}){}",
            exe.display(),
            html.display(),
            if last.is_empty() {
                String::new()
            } else {
                format!(": {}", last.into_iter().rev().collect::<Vec<_>>().join(" | "))
            }
        );
    }
    std::fs::rename(&tmp, pdf).with_context(|| format!("cannot write {}", pdf.display()))?;
    Ok(())
}
