//! THB-035 Assets beyond income.
//!
//! **What it detects.** On a personal account, purchases of vehicles (MCC 5511, 5521), jewellery (5944) or
//! payments for property (a memo naming a notary, purchase price or deposit) whose total exceeds three times
//! the salary income seen on the account, annualised; or such purchases at least half funded by cash paid into
//! the account in the 30 days before them.
//!
//! **Why.** Integration: proceeds turned into assets. These are also the confiscation targets.
//!
//! **Example.** A 24,000 EUR car bought on an account with no salary and weekly cash deposits.
//!
//! **References.** INDICATORS.md row 35; FATF/APG 2018; OSCE 2019.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction};

use super::{Context, Finding, Meta, Rule, Status, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 35.
pub struct AssetsBeyondIncome;

impl Rule for AssetsBeyondIncome {
    fn meta(&self) -> Meta {
        Meta { code: "THB-035", title: "Assets beyond income", status: Status::Stable, roles: &["B"], needs: &[] }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        // A business buying a van or a jeweller's stock is not a person's lifestyle.
        if super::labour::is_business(a, ctx) {
            return None;
        }
        let (mccs, words) = (p.mcc_set("mccs"), p.substrings("property_words"));
        // Tested on the lines' columns; rows are made for the purchases only.
        let assets: Vec<_> = a
            .lines_where(|t| t.direction == Direction::Debit)
            .filter(|&j| mccs.contains(a.hot[j].mcc) || words.of(a.desc[j], a.txns.at(j), ctx))
            .map(|j| a.row(j))
            .collect();
        if assets.is_empty() {
            return None;
        }
        let spent: Decimal = assets.iter().map(|t| t.amount).sum();
        let salary: Decimal = a
            .hot
            .iter()
            .filter(|t| t.direction == Direction::Credit && t.channel == Channel::Payroll)
            .map(|t| t.amount)
            .sum();
        let days = match (a.local.first(), a.local.last()) {
            (Some(f), Some(l)) => (l.date() - f.date()).num_days().max(30),
            _ => 365,
        };
        let annual_income = salary * Decimal::from(365) / Decimal::from(days);
        let beyond_income = !salary.is_zero()
            && spent.to_f64().unwrap_or(0.0) > annual_income.to_f64().unwrap_or(0.0) * p.f("income_multiple");
        // Cash paid in during the days before each purchase, counted once. Rows are in time order: each
        // purchase's days are found by binary search.
        let lookback = p.days("cash_lookback_days");
        let mut cash_ids = std::collections::BTreeSet::new();
        let mut cash_in = Decimal::ZERO;
        for buy in &assets {
            let from = a.local.partition_point(|&l| l < buy.local - lookback);
            let to = a.local.partition_point(|&l| l <= buy.local);
            let cash = (from..to.max(from)).filter(|&j| a.hot[j].direction == Direction::Credit && a.hot[j].is_cash());
            for t in cash.map(|j| a.row(j)) {
                if cash_ids.insert(t.t.id.as_str()) {
                    cash_in += t.amount;
                }
            }
        }
        let cash_funded = cash_in.to_f64().unwrap_or(0.0) >= p.f("min_cash_share") * spent.to_f64().unwrap_or(0.0)
            && spent.to_f64().unwrap_or(0.0) >= p.f("min_amount");
        if !(beyond_income || cash_funded) {
            return None;
        }
        let text = if beyond_income {
            format!(
                "{} spent on vehicles, jewellery or property against an annualised salary income of {} {}",
                total(&assets),
                super::money(annual_income),
                assets[0].currency
            )
        } else {
            format!(
                "{} spent on vehicles, jewellery or property, {} {} of it matched by cash paid in within {} days before",
                total(&assets),
                super::money(cash_in),
                assets[0].currency,
                p.u("cash_lookback_days")
            )
        };
        Some(finding(text, &assets))
    }
}
