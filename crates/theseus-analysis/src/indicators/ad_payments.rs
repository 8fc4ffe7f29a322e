//! THB-001 Online escort / classified ad payments.
//!
//! **What it detects.** Three or more payments in 30 days to adult or classified ad sites: a merchant on the
//! configured watch-list, or MCC 7273 (dating/escort) or 7311 (advertising) at a small amount.
//!
//! **Why.** Exploiters pay to advertise victims; the ad site bills a small unit price per posting or bump
//! (FINTRAC 2016 names amounts like 3, 12, 24). On its own this is weak: independent advertisers pay the same
//! fees, so it only counts in combination.
//!
//! **Example.** Five debits of 12.00 to "VIVASTREET ADS" within two weeks.
//!
//! **References.** INDICATORS.md row 1; FINTRAC-2016-OA003; FinCEN FIN-2014-A008; FIN-2020-A008.

use rust_decimal::prelude::ToPrimitive;
use theseus_model::Direction;

use super::{Context, Finding, Indicator, densest_window, finding, text_of, total};
use crate::parties::Account;

/// Indicator 1.
pub struct AdPayments;

impl Indicator for AdPayments {
    fn code(&self) -> &'static str {
        "THB-001"
    }
    fn title(&self) -> &'static str {
        "Payments to adult / classified ad sites"
    }
    fn roles(&self) -> &'static [&'static str] {
        &["X"]
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>) -> Option<Finding> {
        let c = ctx.config;
        let ads: Vec<_> = a
            .txns
            .iter()
            .copied()
            .filter(|t| t.direction == Direction::Debit)
            .filter(|t| {
                let text = text_of(t);
                c.ad_merchants.iter().any(|m| text.contains(&m.to_lowercase()))
                    || (matches!(t.mcc, Some(7273 | 7311)) && t.amount.to_f64().is_some_and(|v| v <= c.ad_max_amount))
            })
            .collect();
        let w = densest_window(&ads, |t| t.ts.local(), 30, 3)?;
        let hits: Vec<_> = w.into_iter().map(|i| ads[i]).collect();
        Some(finding(
            format!(
                "{} payments to ad sites within 30 days, {} in all ({} such payments over the whole period)",
                hits.len(),
                total(&hits),
                ads.len()
            ),
            &hits,
        ))
    }
}
