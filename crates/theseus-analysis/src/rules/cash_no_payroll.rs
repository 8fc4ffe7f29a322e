//! THB-022 Regular cash deposits with no payroll.
//!
//! **What it detects.** On a personal account (not a company's, nor a holder with a legal form in its name),
//! eight or more cash deposits within 30 days, and no salary or payroll credit in the 90 days around them.
//!
//! **Why.** A person whose only income is cash paid in at the counter or ATM, week after week, lives on cash
//! earnings of unknown origin; in a THB case these are victims' earnings or the controller's collection.
//!
//! **Example.** Eleven cash deposits of 150–400 EUR in a month, no salary since the account opened.
//!
//! **References.** INDICATORS.md row 22; FinCEN FIN-2020-A008.

use theseus_model::{Channel, Direction};

use super::{Context, Finding, Meta, Rule, Status, densest_window, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 22.
pub struct CashNoPayroll;

impl Rule for CashNoPayroll {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-022",
            title: "Regular cash deposits, no salary",
            status: Status::Stable,
            roles: &["V", "X"],
            needs: &[],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        // The indicator is about personal accounts: a shop banking its till is what a shop does.
        if super::labour::is_business(a, ctx) {
            return None;
        }
        let deposits: Vec<_> = a.rows_where(|t| t.direction == Direction::Credit && t.is_cash()).collect();
        let w = densest_window(&deposits, |t| t.local, p.u("window_days") as i64, p.u("min_deposits"))?;
        let hits: Vec<_> = w.into_iter().map(|i| deposits[i]).collect();
        let (from, to) = (
            hits[0].local - p.days("salary_lookaround_days"),
            hits[hits.len() - 1].local + p.days("salary_lookaround_days"),
        );
        let salary = a.rows().any(|t| {
            t.direction == Direction::Credit && t.channel == Channel::Payroll && t.local >= from && t.local <= to
        });
        if salary {
            return None;
        }
        Some(finding(
            format!(
                "{} cash deposits within {} days ({}), no salary credit within {} days before or after them",
                hits.len(),
                p.u("window_days"),
                total(&hits),
                p.u("salary_lookaround_days")
            ),
            &hits,
        ))
    }
}
