//! The `theseus` binary as a user runs it.

mod ads;
mod case;
mod cli;
mod crash;
mod explain;
mod exports;
mod ftm;
mod goaml;
mod rules;
mod serve;
mod simulate;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `theseus` with arguments and returns its output.
pub fn theseus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_theseus")).args(args).output().expect("theseus runs")
}

/// Runs `theseus` and insists on success.
pub fn ok(args: &[&str]) -> String {
    let out = theseus(args);
    assert!(
        out.status.success(),
        "theseus {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// A fixture of the ingest crate.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../theseus-ingest/tests/data").join(rel)
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}
