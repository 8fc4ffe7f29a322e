//! THB-030 Third-party payment processors hiding the parties.
//!
//! **What it detects.** In each of two or more consecutive calendar months, at least half of the account's
//! outgoing volume goes through payment processors (a configurable list of descriptors) whose payment lines
//! name no underlying merchant — no `PROCESSOR*MERCHANT` descriptor, no "your purchase at …" — with at least
//! two such payments in each month.
//!
//! **Why.** Processors and payment facilitators let the payer and the payee stay unnamed on the bank
//! statement: the bank sees only the processor. Ad sites, adult-content billers and launderers use them for
//! that reason. Many people pay online through a processor as well, but rarely most of all they spend.
//!
//! **Example.** Of 3,100 EUR leaving the account in March and 2,800 EUR in April, 1,900 and 2,000 go to
//! "PAYPAL EUROPE" and "PAXUM" with no merchant named.
//!
//! **References.** INDICATORS.md row 30; FinCEN FIN-2020-A008 (third-party payment processors). Preview: the
//! statement shows only what the processor chose to print; the list of processors and of markers of an
//! underlying merchant are ours and need checking against each bank's descriptors.

use std::collections::BTreeMap;

use chrono::Datelike;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Direction, Transaction};

use super::{Context, Finding, Meta, Rule, Status, finding, money, text_of};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 30.
pub struct Processors;

#[derive(Default)]
struct Month<'a> {
    out: Decimal,
    hidden: Vec<&'a Transaction>,
}

impl Rule for Processors {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-030",
            title: "Spending through payment processors without merchant",
            status: Status::Preview,
            roles: &["X"],
            needs: &[],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (via_processor, marked) = (p.substrings("processors"), p.substrings("underlying_markers"));
        // Rows are in time order: months come one after the other.
        let mut in_order: Vec<(i32, Month<'_>)> = Vec::new();
        for t in a.rows_where(|t| t.direction == Direction::Debit) {
            let d = t.local.date();
            let k = d.year() * 12 + d.month0() as i32;
            if in_order.last().is_none_or(|(last, _)| *last != k) {
                in_order.push((k, Month::default()));
            }
            let m = &mut in_order.last_mut().expect("a month was just pushed").1;
            m.out += t.amount;
            if via_processor.at(&t, ctx) && !marked.at(&t, ctx) {
                m.hidden.push(t.t);
            }
        }
        let months: BTreeMap<i32, Month<'_>> = in_order.into_iter().collect();
        let qualifies = |m: &Month<'_>| {
            let hidden: Decimal = m.hidden.iter().map(|t| t.amount).sum();
            m.hidden.len() >= p.u("min_payments")
                && hidden.to_f64().unwrap_or(0.0) >= p.f("min_share") * m.out.to_f64().unwrap_or(0.0)
        };
        let (mut run, mut best): (Vec<i32>, Vec<i32>) = (vec![], vec![]);
        for (&k, m) in &months {
            if !qualifies(m) {
                run.clear();
                continue;
            }
            if run.last().is_some_and(|&l| l + 1 != k) {
                run.clear();
            }
            run.push(k);
            if run.len() > best.len() {
                best = run.clone();
            }
        }
        if best.len() < p.u("min_months") {
            return None;
        }
        let processors: Vec<String> = p.list("processors").iter().map(|s| s.to_lowercase()).collect();
        let out: Decimal = best.iter().map(|k| months[k].out).sum();
        let hits: Vec<_> = best.iter().flat_map(|k| months[k].hidden.iter().copied()).collect();
        let hidden: Decimal = hits.iter().map(|t| t.amount).sum();
        let via: std::collections::BTreeSet<&str> = hits
            .iter()
            .filter_map(|t| {
                let text = text_of(t);
                processors.iter().find(|x| text.contains(x.as_str())).map(|x| x.as_str())
            })
            .collect();
        Some(finding(
            format!(
                "In {} consecutive months, {} of {} {} spent ({:.0} %) went in {} payments through processors \
                 naming no merchant ({})",
                best.len(),
                money(hidden),
                money(out),
                hits[0].currency,
                (hidden / out).to_f64().unwrap_or(0.0) * 100.0,
                hits.len(),
                via.into_iter().collect::<Vec<_>>().join(", ")
            ),
            &hits,
        ))
    }
}
