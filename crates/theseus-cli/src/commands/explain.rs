//! `theseus explain`: why two records are, or are not, one person or organisation.

use std::process::ExitCode;

use anyhow::Result;
use theseus_resolve::{Decision, PairExplanation, Verdict};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub ws: crate::WorkspaceArg,
    /// One record id, as the source gave it (an entity id as `theseus export --format clusters` lists them).
    pub a: String,
    /// The other record id.
    pub b: String,
    /// Print the explanation as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let ws = super::open(&a.ws.workspace)?;
    let ents = ws.entities()?;
    let records = theseus_resolve::records_from_entities(&ents);
    let decisions: Vec<Decision> = ws
        .identity_decisions()?
        .into_iter()
        .map(|d| Decision {
            verdict: if d.verdict == "same" { Verdict::Same } else { Verdict::Different },
            a: d.a,
            b: d.b,
            author: Some(d.author),
            note: Some(d.note),
        })
        .collect();
    let config = theseus_resolve::Config::default();
    let (ex, _) = theseus_resolve::explain_pair(&records, &decisions, &config, &a.a, &a.b)
        .map_err(|e| anyhow::anyhow!("entity resolution: {e}"))?;
    if a.json {
        println!("{}", serde_json::to_string(&ex)?);
    } else {
        print!("{}", render(&ex));
    }
    Ok(ExitCode::SUCCESS)
}

/// The explanation as text for a terminal.
fn render(ex: &PairExplanation) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (label, s) in [("A", &ex.a), ("B", &ex.b)] {
        let _ = writeln!(
            out,
            "{label}: {} ({}{}) in {} ({} record{})",
            s.id,
            s.schema,
            s.name.as_deref().map(|n| format!(", \"{n}\"")).unwrap_or_default(),
            s.cluster,
            s.cluster_size,
            if s.cluster_size == 1 { "" } else { "s" }
        );
    }
    let verdict = if ex.same_cluster {
        match &ex.direct_link {
            Some(l) => format!("one entity, linked directly ({})", method(&l.reason)),
            None => "one entity, joined through other records of the cluster".to_string(),
        }
    } else {
        "different entities".to_string()
    };
    let _ = writeln!(out, "result: {verdict}");
    let b = &ex.blocking;
    let blocking = if let Some(why) = &b.excluded {
        format!("not compared: {why}")
    } else if b.candidate {
        format!("compared; blocked together by: {}", b.rules.join("; "))
    } else if !b.oversized.is_empty() {
        let o: Vec<String> = b.oversized.iter().map(|(r, n)| format!("{r} ({n} records)")).collect();
        format!("never compared: the blocks they share were too large to compare: {}", o.join("; "))
    } else {
        "never compared: no blocking rule puts them together (scored here all the same)".to_string()
    };
    let _ = writeln!(out, "blocking: {blocking}");
    if let Some(s) = &ex.score {
        let _ = writeln!(out, "{:<12} {:<38} {:<24} {:<24} {:>8}", "field", "level", "A", "B", "weight");
        for f in &s.fields {
            let _ = writeln!(
                out,
                "{:<12} {:<38} {:<24} {:<24} {:>+8.2}{}",
                f.field,
                f.level,
                cut(f.left.as_deref().unwrap_or("—")),
                cut(f.right.as_deref().unwrap_or("—")),
                f.weight,
                if f.tf_adjusted { " (by frequency)" } else { "" }
            );
        }
        let _ = writeln!(out, "{:<12} {:<38} {:<24} {:<24} {:>+8.2}", "prior", "", "", "", s.prior_weight);
        let _ = writeln!(
            out,
            "match weight {:+.2} (probability {:.4}) {} the threshold {:+.2} (probability {})",
            s.match_weight,
            s.match_probability,
            if s.above_threshold { "reaches" } else { "is below" },
            s.threshold_weight,
            s.threshold_probability
        );
        if s.family_guard {
            let _ = writeln!(
                out,
                "family guard: given name, birth date, gender and documents speak against one person; never merged"
            );
        }
    }
    for id in &ex.shared_identifiers {
        let hub = id.hub.as_deref().map(|h| format!(" — set aside as a hub: {h}")).unwrap_or_default();
        let _ = writeln!(out, "shared {}: {}{hub}", id.kind.as_str(), id.value);
    }
    for d in &ex.decisions {
        let verdict = if d.verdict == Verdict::Same { "same" } else { "different" };
        let _ = writeln!(
            out,
            "analyst decision: {verdict} by {} ({})",
            d.author.as_deref().unwrap_or("?"),
            d.note.as_deref().unwrap_or("")
        );
    }
    for r in &ex.refusals {
        let _ = writeln!(out, "refused ({}): {} — {}: {}", r.asked_by, r.a, r.b, r.reason);
    }
    out
}

fn method(r: &theseus_resolve::Reason) -> String {
    match r {
        theseus_resolve::Reason::Analyst { .. } => "an analyst's decision".into(),
        theseus_resolve::Reason::Identifier { kind, value } => format!("shared {} {value}", kind.as_str()),
        theseus_resolve::Reason::Probabilistic { match_weight, .. } => format!("match weight {match_weight:+.2}"),
    }
}

/// A value cut to its column.
fn cut(s: &str) -> String {
    if s.chars().count() <= 24 { s.to_string() } else { format!("{}…", s.chars().take(23).collect::<String>()) }
}
