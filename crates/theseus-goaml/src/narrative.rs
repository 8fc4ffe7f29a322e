//! The narrative of the report (`reason`, `action`), drafted from the evidence of the alert.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use theseus_analysis::output::Subject;
use theseus_model::{Direction, Transaction};

use crate::{Mapping, StrInput};

/// Lines of text in order of importance; what does not fit the schema's length is cut from the end and said.
pub(crate) struct Narrative {
    lines: Vec<String>,
}

impl Narrative {
    /// The text within `max` characters: whole lines while they fit, then a line saying what was left out.
    pub fn fit(&self, max: Option<usize>) -> String {
        let full = self.lines.join("\n");
        let Some(max) = max else { return full };
        if full.chars().count() <= max {
            return full;
        }
        let mut out = String::new();
        let mut kept = 0;
        for l in &self.lines {
            let more = self.lines.len() - kept - 1;
            let tail = format!("\n[{more} further line(s) of the narrative are in the case report.]");
            let candidate = if out.is_empty() { l.clone() } else { format!("{out}\n{l}") };
            if candidate.chars().count() + tail.chars().count() > max {
                break;
            }
            out = candidate;
            kept += 1;
        }
        let dropped = self.lines.len() - kept;
        if kept == 0 {
            // A first line longer than the field: cut it; the schema check records nothing more to do.
            return self.lines[0].chars().take(max).collect();
        }
        format!("{out}\n[{dropped} further line(s) of the narrative are in the case report.]")
    }
}

/// The `reason`: why the activity is suspicious, from the indicators, the figures and the score.
pub(crate) fn reason(
    input: &StrInput<'_>,
    mapping: &Mapping,
    listed: &[&Transaction],
    evidence: &[&Transaction],
    cap: usize,
) -> Narrative {
    let s = input.subject;
    let mut lines = Vec::new();
    if let Some(w) = &s.victim_warning {
        let w = w.trim().trim_end_matches('.');
        lines.push(format!(
            "VICTIM WARNING: the evidence points to the account holder being a possible VICTIM of trafficking, \
             not an offender: {w}. The transactions below must not be read as proof of the holder's own offending; \
             protect the person before any action on the account."
        ));
    }
    let alert = input.alert_id.map(|a| format!("alert {a}, ")).unwrap_or_default();
    let suspicion = if s.victim_warning.is_some() {
        "Activity indicative of human trafficking, the account holder possibly its victim"
    } else {
        "Suspected human trafficking"
    };
    lines.push(format!(
        "{suspicion} ({alert}subject {} '{}'). Accounts: {}.{}",
        s.id,
        s.name,
        if s.accounts.is_empty() { "none named".to_string() } else { s.accounts.join(", ") },
        if s.entities.is_empty() {
            String::new()
        } else {
            format!(" Linked registry records: {}.", s.entities.join(", "))
        }
    ));
    let codes: usize = s.hits.iter().map(|h| h.code.as_str()).collect::<std::collections::BTreeSet<_>>().len();
    lines.push(format!(
        "{codes} distinct financial indicator(s) of trafficking fired (catalogue of red flags from FinCEN \
         FIN-2014-A008 and FIN-2020-A008, FINTRAC 2016/2021, FATF/APG 2018, OSCE 2019), read in combination: score {:.2}.",
        s.score
    ));
    lines.push(figures(evidence, listed.len(), cap));
    for h in &s.hits {
        let fiu = mapping.indicator_codes(&h.code);
        let fiu = if fiu.is_empty() { String::new() } else { format!(" [{}: {}]", mapping.fiu_name, fiu.join(", ")) };
        let period = match (&h.period.0, &h.period.1) {
            (a, b) if a.is_empty() && b.is_empty() => String::new(),
            (a, b) if a == b || b.is_empty() => format!(", {a}"),
            (a, b) => format!(", {a} to {b}"),
        };
        lines.push(format!(
            "- {} {}{fiu}: {} (account {}{period}, {} evidence record(s)).",
            h.code,
            h.title,
            h.finding.trim_end_matches('.'),
            h.account,
            h.evidence.len()
        ));
    }
    if !s.roles.is_empty() {
        lines.push(format!("Chain-role hypothesis (support by indicator weight): {}.", roles(s)));
    }
    if !s.score_explained.is_empty() {
        lines.push(format!("How the score was made: {}", s.score_explained.join("; ")));
    }
    if !s.corroboration.is_empty() {
        lines.push(format!("Corroboration: {}", s.corroboration.join("; ")));
    }
    lines.push(
        "Drafted by the Theseus analysis engine from bank statements and registry records; each reported \
         transaction's comments name its source file (SHA-256) and record."
            .to_string(),
    );
    Narrative { lines }
}

/// The `action`: what the draft is and what has been decided on the alert.
pub(crate) fn action(input: &StrInput<'_>, placeholder: bool) -> Narrative {
    let mut lines = Vec::new();
    if placeholder {
        lines.push(
            "DRAFT WITH PLACEHOLDER REPORTING-ENTITY DETAILS - NOT FOR FILING: give the reporting entity's \
             details in a reporter file before submission."
                .to_string(),
        );
    }
    if input.subject.victim_warning.is_some() {
        lines.push(
            "The account holder may be a victim: safeguarding and referral to victim support come before any \
             restriction of the account."
                .to_string(),
        );
    }
    match &input.disposition {
        Some(d) => lines.push(format!("Analyst disposition of the alert: {d}.")),
        None => lines.push("No analyst disposition is recorded on the alert yet.".to_string()),
    }
    lines.push(
        "Draft for review by the reporting entity's compliance officer; no action on the accounts is recorded in \
         the evidence."
            .to_string(),
    );
    Narrative { lines }
}

fn roles(s: &Subject) -> String {
    let name = |r: &str| match r {
        "R" => "recruiter",
        "T" => "transporter",
        "X" => "exploiter/controller",
        "F" => "facilitator",
        "B" => "beneficiary",
        "CB" => "complicit business",
        "V" => "victim account",
        _ => "other",
    };
    let mut v: Vec<(&String, &f64)> = s.roles.iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    v.iter().map(|(r, w)| format!("{} ({r}) {w:.1}", name(r))).collect::<Vec<_>>().join(", ")
}

/// Totals, count and period of the evidence, per currency.
fn figures(evidence: &[&Transaction], listed: usize, cap: usize) -> String {
    if evidence.is_empty() {
        return "No transaction of the evidence is in the workspace's statements.".to_string();
    }
    let mut totals: BTreeMap<(&str, bool), Decimal> = BTreeMap::new();
    for t in evidence {
        *totals.entry((t.currency.code(), t.direction == Direction::Credit)).or_default() += t.amount;
    }
    let first = evidence.iter().map(|t| t.ts.date()).min().expect("non-empty");
    let last = evidence.iter().map(|t| t.ts.date()).max().expect("non-empty");
    let sums: Vec<String> = totals
        .iter()
        .map(|((ccy, credit), sum)| {
            let what = if *credit { "in" } else { "out" };
            format!("{:.2} {ccy} {what}", sum.round_dp(2))
        })
        .collect();
    let shown = if listed < evidence.len() {
        format!(
            " {listed} of them are listed here (at most {cap}: the largest transactions of each indicator in turn); \
             the others are in the case report."
        )
    } else {
        String::new()
    };
    format!("Evidence: {} transaction(s) from {first} to {last}, {}.{shown}", evidence.len(), sums.join(", "))
}
