//! `theseus simulate`: write a synthetic world with trafficking operations hidden in it, as evidence files
//! plus a ground-truth file for evaluation.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use theseus_simulate::{FileKind, OperationSpec, Params, Size};

#[derive(clap::Args)]
pub struct Args {
    /// Size preset: demo (~70 people, 6 months), small (~100,000 transactions), medium (~1 million),
    /// large (~10 million). The knobs below change the preset.
    #[arg(long, default_value = "small")]
    size: Size,
    /// Seed of the synthetic world; the same seed and knobs give the same files, byte for byte.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write into (created if missing; files of the same names are replaced).
    #[arg(long, short)]
    out: PathBuf,
    /// Ordinary bank customers (operation members and hard negatives come on top).
    #[arg(long)]
    persons: Option<usize>,
    /// Length of the period in months from January 2026 (1–36).
    #[arg(long)]
    months: Option<u32>,
    /// Number of operations, mixed over the three kinds and sizes (replaces the preset's list).
    #[arg(long)]
    operations: Option<usize>,
    /// Sexual-exploitation operations (with --labour and --criminality, replaces the preset's list).
    #[arg(long)]
    sexual: Option<usize>,
    /// Labour-exploitation operations.
    #[arg(long)]
    labour: Option<usize>,
    /// Forced begging or shoplifting operations.
    #[arg(long)]
    criminality: Option<usize>,
    /// Trace level of every operation: 1.0 leaves every trace the typology describes, 0.1 is careful
    /// (cash handed over in person, prepaid cards, burner phones).
    #[arg(long)]
    trace: Option<f64>,
    /// How many of each hard-negative type (hotel, spa, cash business, night worker, traveller,
    /// independent advertiser, seasonal agency, family, remitters).
    #[arg(long)]
    hard_negatives: Option<usize>,
    /// Scale on everyday card and cash activity (1.0 is the documented average).
    #[arg(long)]
    activity: Option<f64>,
    /// Leave the third bank (Danube Savings, Austria) out of the evidence.
    #[arg(long)]
    no_danube: bool,
}

fn params(a: &Args) -> Result<Params> {
    let mut p = Params::preset(a.size);
    if let Some(n) = a.persons {
        p.persons = n;
    }
    if let Some(m) = a.months {
        if !(1..=36).contains(&m) {
            bail!("--months must be between 1 and 36, not {m}");
        }
        p.months = m;
    }
    if let Some(x) = a.activity {
        if !(0.05..=10.0).contains(&x) {
            bail!("--activity must be between 0.05 and 10, not {x}");
        }
        p.activity = x;
    }
    if let Some(n) = a.hard_negatives {
        p.hard_negatives = n;
    }
    if a.no_danube {
        p.danube = false;
    }
    if a.sexual.is_some() || a.labour.is_some() || a.criminality.is_some() {
        p.operations = Params::mix(a.sexual.unwrap_or(0), a.labour.unwrap_or(0), a.criminality.unwrap_or(0));
    } else if let Some(n) = a.operations {
        let sexual = n.div_ceil(2).min(n);
        let labour = (n - sexual).div_ceil(2);
        p.operations = Params::mix(sexual, labour, n - sexual - labour);
    }
    if let Some(t) = a.trace {
        if !(0.1..=1.0).contains(&t) {
            bail!("--trace must be between 0.1 and 1.0, not {t}");
        }
        p.operations = p.operations.into_iter().map(|o: OperationSpec| o.with_trace(t)).collect();
    }
    Ok(p)
}

fn describe(kind: &FileKind) -> String {
    match kind {
        FileKind::BankStatement { profile } => format!("bank statement (profile {profile})"),
        FileKind::FtmEntities => "registry, FollowTheMoney entities".into(),
        FileKind::AdExport => "ad-site export".into(),
        FileKind::AdProduction => "ad site's production return".into(),
        FileKind::Subscribers { mapping } => format!("phone subscriber records (mapping {mapping})"),
        FileKind::CallRecords { mapping } => format!("call detail records (mapping {mapping})"),
        FileKind::CryptoExchange { profile } => format!("crypto exchange export (profile {profile})"),
        FileKind::GoamlReport => "goAML STR".into(),
    }
}

/// Thousands separators for counts.
fn n(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn run(a: Args) -> Result<ExitCode> {
    let p = params(&a)?;
    println!(
        "generating a {} world (seed {}): {} customers, {} months, {} operation(s), {} of each hard negative, in {}",
        p.size,
        a.seed,
        n(p.persons as u64),
        p.months,
        p.operations.len(),
        p.hard_negatives,
        a.out.display()
    );
    let m = theseus_simulate::generate(&p, a.seed, &a.out)
        .with_context(|| format!("writing the synthetic world to {}", a.out.display()))?;
    let reports: Vec<&str> =
        m.files.iter().filter(|f| f.kind == FileKind::GoamlReport).map(|f| f.name.as_str()).collect();
    for f in m.files.iter().filter(|f| f.kind != FileKind::GoamlReport) {
        println!("    {:<22} {:>12} records  {}", f.name, n(f.records), describe(&f.kind));
    }
    if let (Some(first), Some(last)) = (reports.first(), reports.last()) {
        println!("    {:<22} {:>12} reports  goAML STR ({first} … {last})", "str-NNNN.xml", reports.len());
    }
    let c = &m.counts;
    let rate = c.transactions as f64 / m.seconds.max(1e-9);
    println!(
        "{} transactions, {} persons, {} accounts, {} operations, {} ads, {} calls, {} crypto transfers",
        n(c.transactions),
        n(c.persons),
        n(c.accounts),
        c.operations,
        n(c.ads),
        n(c.calls),
        n(c.crypto)
    );
    println!("generated in {:.2} s: {} transactions/s", m.seconds, n(rate.round() as u64));
    println!(
        "ground truth: {} (for evaluation only; nothing in the analysis reads it)",
        a.out.join(&m.truth).display()
    );
    Ok(ExitCode::SUCCESS)
}
