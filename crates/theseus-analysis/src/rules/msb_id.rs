//! THB-031 Avoiding identification at money service businesses.
//!
//! **What it detects.** Three or more money-service transactions (sent or received) within 7 days, each
//! between 90 % and 99.9 % of the amount from which the money service must identify the customer or keep a
//! record, per currency (USD 3,000 record-keeping in the United States; EUR 1,000 for transfers of funds in
//! the European Union). Transactions in a currency without a configured threshold are not judged.
//!
//! **Why.** Controllers send proceeds home or to the organisers through remittance shops in amounts that
//! stay just under the identification threshold, often through several shops or senders, so that no record
//! names them. Ordinary remitters send what they need, not the same just-below amount three times a week.
//!
//! **Example.** 2,900, 2,950 and 2,980 USD sent from three agents of one transfer company in five days.
//!
//! **References.** INDICATORS.md row 31; FinCEN FIN-2020-A008; 31 CFR 1010.410 (USD 3,000); Directive (EU)
//! 2015/849 art. 11(b)(ii) with Regulation (EU) 2015/847 (EUR 1,000).

use rust_decimal::prelude::ToPrimitive;
use theseus_model::Channel;

use super::structuring::thresholds;
use super::{Context, Finding, Meta, Rule, Status, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 31.
pub struct MsbId;

impl Rule for MsbId {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-031",
            title: "Money-service transactions just below the ID threshold",
            status: Status::Stable,
            roles: &["X"],
            needs: &[],
        }
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let limits = thresholds(p, "id_thresholds");
        let (lo, hi) = (p.f("min_share"), p.f("max_share"));
        let span = chrono::Duration::days(p.u("window_days") as i64);
        let band: Vec<_> = a
            .rows_where(|t| t.channel == Channel::Msb)
            .filter(|t| {
                let v = t.amount.to_f64().unwrap_or(0.0);
                limits.get(&t.currency.code().to_uppercase()).is_some_and(|l| (lo * l..=hi * l).contains(&v))
            })
            .collect();
        let mut best: Option<Vec<_>> = None;
        for i in 0..band.len() {
            let start = band[i].local;
            let within = super::until(start, span);
            let win: Vec<_> = band[i..].iter().copied().take_while(|t| within(t.local)).collect();
            if win.len() >= p.u("min_transactions") && best.as_ref().is_none_or(|b| win.len() > b.len()) {
                best = Some(win);
            }
        }
        let hits = best?;
        let ccy = hits[0].currency.code().to_uppercase();
        Some(finding(
            format!(
                "{} money-service transactions within {} days, each {:.0}–{:.1} % of the {} {} identification \
                 threshold, {} in all",
                hits.len(),
                p.u("window_days"),
                lo * 100.0,
                hi * 100.0,
                ccy,
                limits.get(&ccy).copied().unwrap_or_default(),
                total(&hits)
            ),
            &hits,
        ))
    }
}
