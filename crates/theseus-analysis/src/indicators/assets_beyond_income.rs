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
use theseus_model::{Channel, Direction};

use super::{Context, Finding, Indicator, finding, total};
use crate::parties::Account;

/// Indicator 35.
pub struct AssetsBeyondIncome;

const PROPERTY_WORDS: &[&str] =
    &["notar", "notary", "kaufpreis", "purchase price", "property deposit", "grundstück", "real estate", "immobil"];

impl Indicator for AssetsBeyondIncome {
    fn code(&self) -> &'static str {
        "THB-035"
    }
    fn title(&self) -> &'static str {
        "Assets beyond income"
    }
    fn roles(&self) -> &'static [&'static str] {
        &["B"]
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>) -> Option<Finding> {
        let assets: Vec<_> = a
            .txns
            .iter()
            .copied()
            .filter(|t| t.direction == Direction::Debit)
            .filter(|t| {
                matches!(t.mcc, Some(5511 | 5521 | 5944)) || {
                    let m = super::text_of(t);
                    PROPERTY_WORDS.iter().any(|w| m.contains(w))
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
        let over =
            if salary.is_zero() { spent > Decimal::from(10_000) } else { spent > annual_income * Decimal::from(3) };
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
