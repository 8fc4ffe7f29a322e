//! THB-002 Short hotel / motel stays.
//!
//! **What it detects.** Three or more cheap lodging payments (MCC 7011 or the hotel-chain range 3501–3999,
//! each at most the configured short-stay amount) within 14 days.
//! Accounts refunded travel expenses by an employer (business travel) are left out.
//!
//! **Why.** Victims are moved between hotel rooms that serve as incall locations, one or two nights at a time.
//! Business travellers also stay in hotels, usually longer and at higher rates; hence the amount cap and the
//! need for other indicators.
//!
//! **Example.** Four hotel bills of 65–89 EUR in three cities within ten days.
//!
//! **References.** INDICATORS.md row 2; FINTRAC-2016-OA003.

use rust_decimal::prelude::ToPrimitive;
use theseus_model::Direction;

use super::{Context, Finding, Meta, Need, Rule, Status, densest_window, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 2.
pub struct ShortStays;

impl Rule for ShortStays {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-002",
            title: "Repeated short hotel stays",
            status: Status::Stable,
            roles: &["X", "F"],
            needs: &[Need::MerchantCategory],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (mccs, max_amount, days) = (p.mcc_set("mccs"), p.f("max_amount"), p.u("window_days") as i64);
        let stays: Vec<_> = a
            .rows_where(|t| {
                t.direction == Direction::Debit
                    && mccs.contains(t.mcc)
                    && t.amount.to_f64().is_some_and(|v| v <= max_amount)
            })
            .collect();
        let w = densest_window(&stays, |t| t.local, days, p.u("min_stays"))?;
        // Travel an employer refunds is business travel (the source's "occupation not travel-related"); tested
        // last, as the dearer test.
        if super::refunded_travel(a, ctx) {
            return None;
        }
        let hits: Vec<_> = w.into_iter().map(|i| stays[i]).collect();
        let cities: std::collections::BTreeSet<_> = hits.iter().filter_map(|t| t.city.as_deref()).collect();
        Some(finding(
            format!(
                "{} short hotel stays within {days} days ({}), in {} place(s): {}",
                hits.len(),
                total(&hits),
                cities.len(),
                cities.into_iter().collect::<Vec<_>>().join(", ")
            ),
            &hits,
        ))
    }
}
