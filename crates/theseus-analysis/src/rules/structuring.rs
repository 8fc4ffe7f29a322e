//! THB-023 Structuring below reporting thresholds.
//!
//! **What it detects.** Two forms of cash deposits kept under the currency's reporting threshold (USD, CAD and
//! EUR 10,000 by default, one entry per currency in the rule pack):
//! - three or more cash deposits into one account within 7 days, each between 80 % and 99.9 % of the
//!   threshold, together above it;
//! - cash deposits on one day split across two or more branches or cities, or across two or more accounts of
//!   the same holder, each below the threshold and together at or above it.
//!
//! Deposits in a currency without a configured threshold are not judged.
//!
//! **Why.** Proceeds of exploitation are mostly cash; depositing them in lots just under the threshold avoids
//! the cash transaction report that would name the depositor. An honest depositor has no reason to split one
//! day's takings between branches or accounts.
//!
//! **Example.** 9,200, 9,500 and 9,000 EUR paid in at the counter on Monday, Wednesday and Friday; or 6,000 EUR
//! at the Hamburg branch and 5,500 EUR at the Altona branch on the same morning.
//!
//! **References.** INDICATORS.md row 23; FinCEN FIN-2014-A008; UAE goAML STRUC/SVACC.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Direction, Transaction};

use super::{Context, Finding, Meta, Rule, Status, finding, money, total};
use crate::config::Params;

/// Indicator 23.
pub struct Structuring;

/// Thresholds per currency, written `"EUR 10000"` in the rule pack.
pub(crate) fn thresholds(p: &Params<'_>, key: &str) -> HashMap<String, f64> {
    p.list(key)
        .iter()
        .filter_map(|s| {
            let (ccy, v) = s.trim().split_once(' ')?;
            Some((ccy.trim().to_uppercase(), v.trim().replace(['_', ','], "").parse().ok()?))
        })
        .collect()
}

fn amount(t: &Transaction) -> f64 {
    t.amount.to_f64().unwrap_or(0.0)
}

impl Rule for Structuring {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-023",
            title: "Structuring below the reporting threshold",
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
    let limits = thresholds(p, "thresholds");
    let limit = |t: &Transaction| limits.get(&t.currency.code().to_uppercase()).copied();
    let (lo, hi) = (p.f("min_share"), p.f("max_share"));
    let span = chrono::Duration::days(p.u("window_days") as i64);
    let mut out = Vec::new();
    // Cash deposits of each subject, across its accounts, for the same-day splits.
    let mut by_subject: BTreeMap<String, Vec<&Transaction>> = BTreeMap::new();
    for a in ctx.parties.accounts.values() {
        let subject = ctx.parties.subject_of(&a.number).unwrap_or_default();
        let cash: Vec<_> = a.rows_where(|t| t.direction == Direction::Credit && t.is_cash()).collect();
        by_subject.entry(subject.clone()).or_default().extend(cash.iter().map(|r| r.t));
        let band: Vec<_> =
            cash.iter().copied().filter(|t| limit(t).is_some_and(|l| (lo * l..=hi * l).contains(&amount(t)))).collect();
        let mut best: Option<Vec<_>> = None;
        for i in 0..band.len() {
            let start = band[i].local;
            let win: Vec<_> = band[i..]
                .iter()
                .copied()
                .take_while(|t| t.local - start <= span && t.currency == band[i].currency)
                .collect();
            let sum: f64 = win.iter().map(|t| amount(t)).sum();
            if win.len() >= p.u("min_deposits")
                && limit(&win[0]).is_some_and(|l| sum > l)
                && best.as_ref().is_none_or(|b| win.len() > b.len())
            {
                best = Some(win);
            }
        }
        if let Some(hits) = best {
            let l = limit(&hits[0]).unwrap_or_default();
            out.push((
                a.number.clone(),
                subject,
                finding(
                    format!(
                        "{} cash deposits within {} days, each {:.0}–{:.1} % of the {} {} reporting threshold, \
                         {} in all",
                        hits.len(),
                        p.u("window_days"),
                        lo * 100.0,
                        hi * 100.0,
                        hits[0].currency,
                        money(Decimal::from_f64_retain(l).unwrap_or_default()),
                        total(&hits)
                    ),
                    &hits,
                ),
            ));
        }
    }
    for (subject, deposits) in by_subject {
        let mut days: BTreeMap<(NaiveDate, String), Vec<&Transaction>> = BTreeMap::new();
        for t in deposits {
            if limit(t).is_some_and(|l| amount(t) < l) {
                days.entry((t.ts.date(), t.currency.code().to_string())).or_default().push(t);
            }
        }
        let mut best: Option<(f64, Vec<&Transaction>)> = None;
        for parts in days.into_values() {
            let places: BTreeSet<String> =
                parts.iter().filter_map(|t| t.branch.as_deref().or(t.city.as_deref()).map(str::to_lowercase)).collect();
            let accounts: BTreeSet<&str> = parts.iter().map(|t| t.account.as_str()).collect();
            let sum: f64 = parts.iter().map(|t| amount(t)).sum();
            let min = p.u("split_min_parts");
            if parts.len() >= min
                && (places.len() >= min || accounts.len() >= min)
                && limit(parts[0]).is_some_and(|l| sum >= l)
                && best.as_ref().is_none_or(|(s, _)| sum > *s)
            {
                best = Some((sum, parts));
            }
        }
        let Some((_, parts)) = best else { continue };
        let places: BTreeSet<&str> = parts.iter().filter_map(|t| t.branch.as_deref().or(t.city.as_deref())).collect();
        let accounts: BTreeSet<&str> = parts.iter().map(|t| t.account.as_str()).collect();
        out.push((
            parts[0].account.clone(),
            subject,
            finding(
                format!(
                    "{} cash deposits on {} split across {} place(s) ({}) and {} account(s), each below the {} {} \
                     reporting threshold, {} in all",
                    parts.len(),
                    parts[0].ts.date(),
                    places.len(),
                    places.into_iter().collect::<Vec<_>>().join(", "),
                    accounts.len(),
                    parts[0].currency,
                    money(Decimal::from_f64_retain(limit(parts[0]).unwrap_or_default()).unwrap_or_default()),
                    total(&parts)
                ),
                &parts,
            ),
        ));
    }
    out
}
