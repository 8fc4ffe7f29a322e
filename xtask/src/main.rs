//! Development chores for Theseus: `cargo xtask <task>`.
//!
//! - `test`: installs the reference tools the tests check against (the `followthemoney` Python package, for
//!   `ftm validate`) into a virtual environment beside the cargo target folder, then runs the whole test suite.
//! - `tools`: only the install step; prints the path of the `ftm` executable.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The followthemoney release the FtM schema in `theseus-model` was taken from.
const FTM_VERSION: &str = "4.11.2";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => test(&args[1..]),
        Some("tools") => {
            println!("{}", ftm_tool()?.display());
            Ok(())
        }
        _ => {
            eprintln!("usage: cargo xtask test [-- cargo test args]\n       cargo xtask tools");
            bail!("unknown task")
        }
    }
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

fn test(extra: &[String]) -> Result<()> {
    let ftm = ftm_tool()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root()).args(["test", "--workspace", "--no-fail-fast"]).args(extra);
    cmd.env("THESEUS_FTM", &ftm).env("THESEUS_REQUIRE_FTM", "1");
    run(&mut cmd)
}
