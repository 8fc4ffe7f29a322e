//! Generation benchmark: `cargo run --release -p theseus-simulate --example generate -- medium 1 /tmp/m`
//! writes a world of the given size and prints the files, counts and the rate.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let size: theseus_simulate::Size =
        args.next().unwrap_or_else(|| "small".into()).parse().map_err(std::io::Error::other)?;
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/theseus-sim".into()));
    let params = theseus_simulate::Params::preset(size);
    let m = theseus_simulate::generate(&params, seed, &out)?;
    for f in &m.files {
        if f.kind != theseus_simulate::FileKind::GoamlReport {
            println!("{:<22} {:>10} records  {}", f.name, f.records, f.kind.name());
        }
    }
    let reports = m.files.iter().filter(|f| f.kind == theseus_simulate::FileKind::GoamlReport).count();
    println!("{reports} goAML reports; counts {:?}", m.counts);
    println!(
        "{} transactions in {:.2} s: {:.0} transactions/s",
        m.counts.transactions,
        m.seconds,
        m.counts.transactions as f64 / m.seconds
    );
    Ok(())
}
