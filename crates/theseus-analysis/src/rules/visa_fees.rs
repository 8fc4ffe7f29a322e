//! THB-032 Visa or immigration fees paid for several people.
//!
//! **What it detects.** One payer pays consulate, visa-service, immigration-office or immigration-lawyer fees
//! for three or more distinct applicants within 90 days. A fee is a debit whose descriptor or reference carries
//! a word of `words` (visa, consulate, embassy, immigration office…); a card payment counts only under a
//! merchant category of `mccs` (government services 9399, legal services 8111), since "VISA" also names a
//! card scheme. Applicants are the persons named in the reference whom the workspace knows (registry persons
//! and statement holders); the payer and persons of the payer's surname (a family's own visas) do not count.
//!
//! **Why.** Recruiters and transporters arrange visas and work permits for the people they move, and pay for
//! them to put them in debt. Employers who sponsor visas for foreign hires do so too: alone this weighs
//! little, with recruitment fees or travel for several it weighs more.
//!
//! **Preview.** Applicants are found only when the reference names them and the workspace knows them.
//!
//! **Example.** Within two months a man pays "Visum Ion Rusu", "Visum Vasile Ciobanu" and "Visum Andrei Lungu"
//! to a consulate's visa service.
//!
//! **References.** INDICATORS.md row 32; FATF/APG 2018; FinCEN FIN-2020-A008 (visa fraud).

use std::collections::BTreeSet;

use theseus_model::{Channel, Direction};

use super::labour::{NameIndex, holder_names};
use super::{Context, Finding, Meta, Rule, Status, finding, total};
use crate::config::Params;
use crate::parties::{Account, Row};

/// Indicator 32.
pub struct VisaFees;

impl Rule for VisaFees {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-032",
            title: "Visa or immigration fees paid for several people",
            status: Status::Preview,
            roles: &["R", "T"],
            needs: &[],
        }
    }

    fn across(&self) -> bool {
        true
    }
    fn check_all(&self, ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
        all(ctx, p)
    }
}

/// Every finding of the rule in the workspace.
fn all(ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
    let names = ctx.names();
    super::over_accounts(ctx, |a| check(a, ctx, p, names))
}

fn check(a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>, names: &NameIndex) -> Option<Finding> {
    let (words, mccs) = (p.words("words"), p.mcc_set("mccs"));
    // The holder's names are worked out only for an account that pays such fees.
    let own = std::cell::OnceCell::new();
    let fees: Vec<(Row<'_>, BTreeSet<String>)> = a
        .lines_where(|t| t.direction == Direction::Debit && (t.channel != Channel::Card || mccs.contains(t.mcc)))
        .filter(|&j| words.of(a.desc[j], a.txns.at(j), ctx))
        .map(|j| a.row(j))
        .filter_map(|t| {
            let (own_keys, own_words) = own.get_or_init(|| holder_names(a, ctx));
            let who: BTreeSet<String> = names
                .find(t.memo.as_deref()?)
                .into_iter()
                .filter(|n| !own_keys.contains(&n.key) && !own_words.contains(&n.surname))
                .map(|n| n.display.clone())
                .collect();
            (!who.is_empty()).then_some((t, who))
        })
        .collect();
    let span = p.days("window_days");
    let min = p.u("min_applicants");
    let mut best: Option<(usize, usize, usize)> = None;
    for i in 0..fees.len() {
        let end = fees[i..].iter().take_while(|x| x.0.local - fees[i].0.local <= span).count() + i;
        let n = fees[i..end].iter().flat_map(|x| x.1.iter()).collect::<BTreeSet<_>>().len();
        if n >= min && best.is_none_or(|b| n > b.2) {
            best = Some((i, end, n));
        }
    }
    let (i, end, _) = best?;
    let hits: Vec<Row<'_>> = fees[i..end].iter().map(|x| x.0).collect();
    let who: BTreeSet<&String> = fees[i..end].iter().flat_map(|x| x.1.iter()).collect();
    Some(finding(
        format!(
            "{} visa/immigration fee payments within {} days ({}) for {} applicants: {}",
            hits.len(),
            p.u("window_days"),
            total(&hits),
            who.len(),
            who.into_iter().cloned().collect::<Vec<_>>().join(", ")
        ),
        &hits,
    ))
}
