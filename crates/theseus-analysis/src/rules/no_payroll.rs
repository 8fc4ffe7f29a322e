//! THB-020 Business without a normal payroll.
//!
//! **What it detects.** A business account in a labour-intensive sector (merchant categories such as massage,
//! beauty, restaurants, cleaning, landscaping, construction, laundry) whose payroll and tax outflows add up to
//! less than 5 % of its revenue over six months. A business account is one held by a registry company or
//! organisation, or whose holder name carries a legal form (GmbH, Ltd, SRL…: `company_forms`). The sector
//! comes from the registry (sector or classification, as a merchant category or a sector word), else from
//! the merchant category of the card settlements the account receives. Payroll and tax outflows are payroll
//! bookings and debits whose descriptor names wages, wage tax, social insurance or the tax office.
//!
//! **Why.** A business that lives on labour but pays almost no wages and no payroll taxes employs people off
//! the books — or not as employees at all. The published indicator also covers zero payroll despite a declared
//! headcount; the workspace holds no declared headcounts, so that half is not checked.
//!
//! **Example.** A cleaning firm takes in 96,000 EUR from clients in six months and pays 1,200 EUR to the
//! social insurance fund and nothing in wages.
//!
//! **References.** INDICATORS.md row 20; FinCEN FIN-2014-A008 (BCNNP); UAE goAML TML06.

use rust_decimal::Decimal;
use theseus_model::{Channel, Direction};

use super::labour::{is_business, num, sector};
use super::{Context, Finding, Meta, Rule, Status, finding, money};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 20.
pub struct NoPayroll;

impl Rule for NoPayroll {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-020",
            title: "Labour-intensive business without a normal payroll",
            status: Status::Stable,
            roles: &["CB"],
            needs: &[],
        }
    }

    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        if !is_business(a, ctx) {
            return None;
        }
        let sector = sector(a, ctx, &p.mccs("mccs"), &p.list("sector_words"))?;
        let (first, last) = (*a.local.first()?, *a.local.last()?);
        if last - first < p.days("min_history_days") {
            return None;
        }
        let from = last - p.days("window_days");
        let window: Vec<_> = a.rows().filter(|t| t.local >= from).collect();
        let revenue: Decimal = window.iter().filter(|t| t.direction == Direction::Credit).map(|t| t.amount).sum();
        if num(revenue) < p.f("min_revenue") {
            return None;
        }
        let words = p.words("payroll_words");
        let tax = p.words("tax_words");
        let payroll: Vec<_> = window
            .iter()
            .copied()
            .filter(|t| {
                t.direction == Direction::Debit && (t.channel == Channel::Payroll || words.at(t, ctx) || tax.at(t, ctx))
            })
            .collect();
        let paid: Decimal = payroll.iter().map(|t| t.amount).sum();
        let share = num(paid) / num(revenue);
        if share >= p.f("max_payroll_share") {
            return None;
        }
        let cur = window.first().map(|t| t.currency.code()).unwrap_or("");
        let credits: Vec<_> = window.iter().copied().filter(|t| t.direction == Direction::Credit).collect();
        let mut evidence = payroll.clone();
        // The payroll lines (if any) and the largest credits stand for the revenue.
        let mut top = credits.clone();
        top.sort_by_key(|t| std::cmp::Reverse(t.amount));
        evidence.extend(top.into_iter().take(20));
        Some(finding(
            format!(
                "Business in a labour-intensive sector ({sector}): payroll and tax outflows {} {cur} are {:.1} % of revenue {} {cur} over {} days",
                money(paid),
                100.0 * share,
                money(revenue),
                p.u("window_days")
            ),
            &evidence,
        ))
    }
}
