//! THB-035 Assets beyond income.
//!
//! **What it detects.** Purchases of vehicles (MCC 5511, 5521), jewellery (5944) or payments for property
//! (a memo naming a notary, purchase price or deposit) whose total exceeds three times the salary income seen
//! on the account over the analysed period, annualised; with no salary at all, any such total above 10,000.
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
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (mccs, words) = (p.mccs("mccs"), p.list("property_words"));
        let assets: Vec<_> = a
            .txns
            .iter()
            .copied()
            .filter(|t| t.direction == Direction::Debit)
            .filter(|t| {
                mccs.contains(t.mcc) || {
                    let m = super::text_of(t);
                    words.iter().any(|w| m.contains(w.as_str()))
                }
            })
            .collect();
        if assets.is_empty() {
            return None;
        }
        let spent: Decimal = assets.iter().map(|t| t.amount).sum();
        let salary: Decimal = a
            .txns
            .iter()
            .filter(|t| t.direction == Direction::Credit && t.channel == Channel::Payroll)
            .map(|t| t.amount)
            .sum();
        let days = match (a.txns.first(), a.txns.last()) {
            (Some(f), Some(l)) => (l.ts.date() - f.ts.date()).num_days().max(30),
            _ => 365,
        };
        let annual_income = salary * Decimal::from(365) / Decimal::from(days);
        let over = if salary.is_zero() {
            spent.to_f64() > Some(p.f("floor_without_income"))
        } else {
            spent.to_f64() > annual_income.to_f64().map(|x| x * p.f("income_multiple"))
        };
        if !over {
            return None;
        }
        Some(finding(
            format!(
                "{} spent on vehicles, jewellery or property against an annualised salary income of {} {}",
                total(&assets),
                super::money(annual_income),
                assets[0].currency
            ),
            &assets,
        ))
    }
}
