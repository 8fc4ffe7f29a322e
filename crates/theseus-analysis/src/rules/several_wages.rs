//! THB-017 Several people's wages land in one account.
//!
//! **What it detects.** Within one month, either three or more salary credits of which two or more name
//! different persons other than the holder, or salaries from two or more employers naming two or more
//! different persons other than the holder. A salary credit is a payroll booking or a credit whose reference
//! carries a salary word; the person it is for is read from the reference, matched against the persons the
//! workspace knows (registry persons and statement holders). Persons of the holder's surname (a spouse's
//! wage paid into the family account) do not count.
//!
//! **Why.** Controllers have their victims' wages paid into their own account, or into one account they hold
//! for all, so that the workers never hold their money. The employer's payroll names each worker in the
//! reference; several workers' names arriving in one private account is the trace.
//!
//! **Example.** In March the account of Marko Horvat receives "Lohn 03/2026 Ion Rusu", "Lohn 03/2026 Vasile
//! Ciobanu" and his own salary.
//!
//! **References.** INDICATORS.md row 17; FATF/APG 2018 ("multiple wages being paid into one account").

use std::collections::{BTreeSet, HashMap};

use theseus_model::{Direction, normalize};

use super::labour::{NameIndex, holder_names, is_salary_line};
use super::pass_through::receiver_at;
use super::{Context, Finding, Meta, Rule, Status, finding, total};
use crate::config::Params;
use crate::parties::{Account, Row};

/// Indicator 17.
pub struct SeveralWages;

impl Rule for SeveralWages {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-017",
            title: "Several people's wages paid into one account",
            status: Status::Stable,
            roles: &["X"],
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

/// A salary credit, the persons other than the holder it names, and who paid it.
struct Wage<'a> {
    t: Row<'a>,
    others: BTreeSet<String>,
    employer: &'a str,
}

fn check(a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>, names: &NameIndex) -> Option<Finding> {
    let words = p.words("salary_words");
    // The holder's names are worked out only for an account whose salaries name someone.
    let own = std::cell::OnceCell::new();
    // A salary test and the persons named are the same for every line with the same descriptors: an
    // employer's monthly reference is read once.
    let mut named: HashMap<u32, BTreeSet<String>, foldhash::fast::FixedState> = HashMap::default();
    let wages: Vec<Wage<'_>> = a
        .lines_where(|t| t.direction == Direction::Credit)
        .filter(|&j| is_salary_line(a, j, &words, ctx))
        .map(|j| a.row(j))
        .map(|t| {
            let others = named
                .entry(t.desc)
                .or_insert_with(|| {
                    let named = t.memo.as_deref().map(|m| names.find(m)).unwrap_or_default();
                    if named.is_empty() {
                        return BTreeSet::new();
                    }
                    let (own_keys, own_words) = own.get_or_init(|| holder_names(a, ctx));
                    let employer_key = t.cpty_name.as_deref().map(normalize::name_key).unwrap_or_default();
                    named
                        .into_iter()
                        .filter(|n| {
                            !own_keys.contains(&n.key) && !own_words.contains(&n.surname) && n.key != employer_key
                        })
                        .map(|n| n.display.clone())
                        .collect()
                })
                .clone();
            Wage { t, others, employer: receiver_at(&t, ctx).unwrap_or_default() }
        })
        .collect();
    let span = p.days("window_days");
    let (min_credits, min_names, min_employers) = (p.u("min_credits"), p.u("min_names"), p.u("min_employers"));
    // Most accounts' salaries name nobody else: no window can then name enough.
    if min_names > 0 && wages.iter().all(|w| w.others.is_empty()) {
        return None;
    }
    let mut best: Option<(usize, usize, usize)> = None;
    for i in 0..wages.len() {
        let end = wages[i..].iter().take_while(|w| w.t.local - wages[i].t.local <= span).count() + i;
        let win = &wages[i..end];
        let others: BTreeSet<&String> = win.iter().flat_map(|w| w.others.iter()).collect();
        let employers: BTreeSet<&str> = win.iter().filter(|w| !w.others.is_empty()).map(|w| w.employer).collect();
        let ok = others.len() >= min_names && (win.len() >= min_credits || employers.len() >= min_employers);
        if ok && best.is_none_or(|(_, _, n)| others.len() > n) {
            best = Some((i, end, others.len()));
        }
    }
    let (i, end, _) = best?;
    let win = &wages[i..end];
    let hits: Vec<Row<'_>> = win.iter().map(|w| w.t).collect();
    let others: BTreeSet<&String> = win.iter().flat_map(|w| w.others.iter()).collect();
    let employers: BTreeSet<&str> = win.iter().filter_map(|w| w.t.cpty_name.as_deref()).collect();
    Some(finding(
        format!(
            "{} salary credits within {} days ({}) from {} employer(s) ({}), naming {} persons other than the holder: {}",
            hits.len(),
            p.u("window_days"),
            total(&hits),
            employers.len(),
            employers.into_iter().collect::<Vec<_>>().join(", "),
            others.len(),
            others.into_iter().cloned().collect::<Vec<_>>().join(", ")
        ),
        &hits,
    ))
}
