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

use super::{Context, Finding, Meta, Need, Rule, Status, densest_window, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 1.
pub struct AdPayments;

impl Rule for AdPayments {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-001",
            title: "Payments to adult / classified ad sites",
            status: Status::Stable,
            roles: &["X"],
            needs: &[Need::MerchantCategory],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let c = ctx.config;
        let (mccs, max_amount, days) = (p.mcc_set("mccs"), p.f("max_amount"), p.u("window_days") as i64);
        let merchants = std::cell::OnceCell::new();
        // The descriptor is the merchant and counterparty name (not the free-text reference), read once per
        // descriptor in the run.
        let memo = p.memo("on_list");
        let mut ads = Vec::new();
        for j in a.lines_where(|t| t.direction == Direction::Debit) {
            let (r, h) = (a.txns.at(j), &a.hot[j]);
            // The code and amount are tested first: they are at hand, the list test needs the descriptor.
            let by_code = mccs.contains(h.mcc) && h.amount.to_f64().is_some_and(|v| v <= max_amount);
            let on_list = by_code
                || memo.of(a.desc[j], ctx, || {
                    let text = [r.merchant.as_deref(), r.cpty_name.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase();
                    let merchants: &Vec<String> =
                        merchants.get_or_init(|| c.ad_merchants.iter().map(|m| m.to_lowercase()).collect());
                    merchants.iter().any(|m| text.contains(m.as_str()))
                });
            if on_list {
                ads.push(a.row(j));
            }
        }
        let w = densest_window(&ads, |r| r.local, days, p.u("min_payments"))?;
        let hits: Vec<_> = w.into_iter().map(|i| ads[i].t).collect();
        Some(finding(
            format!(
                "{} payments to ad sites within {days} days, {} in all ({} such payments over the whole period)",
                hits.len(),
                total(&hits),
                ads.len()
            ),
            &hits,
        ))
    }
}
