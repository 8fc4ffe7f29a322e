//! THB-004 Distance travel, possibly for several people.
//!
//! **What it detects.** Three or more purchases of air, rail or bus tickets or at travel agencies (MCC
//! 3000–3350 airlines, 4511, 4112, 4131, 4722) within 30 days. The finding counts the days on which more than
//! one ticket was bought, a hint that they were for several travellers.
//! Accounts refunded travel expenses by an employer (business travel) are left out.
//!
//! **Why.** Recruiters and transporters buy the victims' journeys to the place of exploitation, often several
//! tickets at once, and move them on between places. Commuters and business travellers buy tickets too: the
//! indicator is weak alone and counts in combination.
//!
//! **Example.** Two bus tickets Bucharest–Vienna bought on the same day, a flight three days later and a
//! rail ticket the week after, all on one card.
//!
//! **References.** INDICATORS.md row 4; FINTRAC-2016-OA003; FinCEN FIN-2014-A008. Preview: the catalogue's
//! second branch, tickets for two or more distinct passenger names, needs itinerary data that bank
//! statements do not carry; only the count branch is implemented.

use std::collections::BTreeMap;

use theseus_model::Direction;

use super::{Context, Finding, Meta, Need, Rule, Status, densest_window, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 4.
pub struct Travel;

impl Rule for Travel {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-004",
            title: "Distance travel purchases",
            status: Status::Preview,
            roles: &["R", "T"],
            needs: &[Need::MerchantCategory],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let mccs = p.mcc_set("mccs");
        let tickets: Vec<_> = a.rows_where(|t| t.direction == Direction::Debit && mccs.contains(t.mcc)).collect();
        let w = densest_window(&tickets, |t| t.local, p.u("window_days") as i64, p.u("min_purchases"))?;
        // Travel an employer refunds is business travel (the source's "occupation not travel-related"); tested
        // last, as the dearer test.
        if super::refunded_travel(a, ctx) {
            return None;
        }
        let hits: Vec<_> = w.into_iter().map(|i| tickets[i]).collect();
        let mut per_day: BTreeMap<chrono::NaiveDate, usize> = BTreeMap::new();
        for t in &hits {
            *per_day.entry(t.ts.date()).or_default() += 1;
        }
        let multi = per_day.values().filter(|n| **n > 1).count();
        let merchants: std::collections::BTreeSet<&str> = hits.iter().filter_map(|t| t.merchant.as_deref()).collect();
        Some(finding(
            format!(
                "{} travel purchases within {} days ({}){}{}",
                hits.len(),
                p.u("window_days"),
                total(&hits),
                if merchants.is_empty() {
                    String::new()
                } else {
                    format!(" at {}", merchants.into_iter().collect::<Vec<_>>().join(", "))
                },
                if multi > 0 { format!("; on {multi} day(s) more than one ticket was bought") } else { String::new() }
            ),
            &hits,
        ))
    }
}
