//! THB-011 Many unrelated payers into one personal account.
//!
//! **What it detects.** Within 30 days, ten or more distinct counterparties credit the account with amounts
//! between 50 and 500, at least 70 % of them seen only once in the whole statement, and no payroll credit
//! in that window.
//!
//! **Why.** Buyers pay for commercial sex by P2P transfer or e-money into the victim's or controller's
//! account; ordinary accounts receive money from a few recurring payers.
//!
//! **Example.** Fourteen P2P credits of 80–250 from fourteen different people in three weeks.
//!
//! **References.** INDICATORS.md row 11; FINTRAC-2021-OA001; OSCE 2019.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction};

use super::pass_through::receiver_at;
use super::{Context, Finding, Meta, Need, Rule, Status, densest_window, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 11.
pub struct ManyPayers;

impl Rule for ManyPayers {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-011",
            title: "Many unrelated payers",
            status: Status::Stable,
            roles: &["V", "X"],
            needs: &[Need::Counterparty],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        // The payer of a credit is its receiver key ([`receiver_at`]), borrowed.
        let band = p.f("min_amount")..=p.f("max_amount");
        let credits: Vec<_> = a
            .rows_where(|t| t.direction == Direction::Credit && !t.is_cash())
            .filter(|t| t.amount.to_f64().is_some_and(|v| band.contains(&v)))
            .filter(|t| receiver_at(t, ctx).is_some())
            .collect();
        let w = densest_window(&credits, |t| t.local, p.u("window_days") as i64, p.u("min_payers"))?;
        let hits: Vec<_> = w.into_iter().map(|i| credits[i]).collect();
        let payers: BTreeSet<&str> = hits.iter().filter_map(|t| receiver_at(t, ctx)).collect();
        if payers.len() < p.u("min_payers") {
            return None;
        }
        // How often each of these payers paid the account at all, counted only for an account that gets here.
        let mut seen: HashMap<&str, usize, foldhash::fast::FixedState> = HashMap::default();
        for t in a.rows_where(|t| t.direction == Direction::Credit) {
            if let Some(k) = receiver_at(&t, ctx).filter(|k| payers.contains(k)) {
                *seen.entry(k).or_default() += 1;
            }
        }
        let once = payers.iter().filter(|p| seen.get(**p) == Some(&1)).count();
        if (once as f64) < p.f("min_one_off_share") * payers.len() as f64 {
            return None;
        }
        let (from, to) = (hits[0].local, hits[hits.len() - 1].local);
        if a.rows().any(|t| {
            t.channel == Channel::Payroll && t.direction == Direction::Credit && t.local >= from && t.local <= to
        }) {
            return None;
        }
        Some(finding(
            format!(
                "{} credits from {} distinct payers within {} days ({}), {once} of the payers seen only once, no salary",
                hits.len(),
                payers.len(),
                p.u("window_days"),
                total(&hits)
            ),
            &hits,
        ))
    }
}
