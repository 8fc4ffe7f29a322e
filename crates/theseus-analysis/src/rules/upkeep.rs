//! THB-007 Frequent small purchases for upkeep: pharmacy, lingerie, cosmetics, fast food.
//!
//! **What it detects.** Ten or more purchases within 14 days at pharmacies (MCC 5912), women's clothing and
//! accessory shops (5621, 5631), cosmetics stores (5977) and fast-food restaurants (5814), when that count
//! stands more than three standard deviations above the customer's own count per 14 days over the 90 days
//! before. The baseline is taken in whole 14-day blocks (six of them); its standard deviation is floored at
//! one purchase so that a quiet baseline does not make any burst infinitely unusual. An account with less
//! than 90 days of history before the burst has no baseline and is not judged.
//!
//! **Why.** The controller pays for the upkeep of the persons he exploits — condoms and medicine, lingerie,
//! make-up, take-away food — from his own account, so these purchases multiply when victims arrive. Each
//! purchase is ordinary; the change against the customer's own habits is the signal.
//!
//! **Example.** Two fast-food or pharmacy purchases a fortnight for three months, then fourteen at
//! pharmacies, a lingerie shop and fast-food outlets in ten days.
//!
//! **References.** INDICATORS.md row 7; FINTRAC-2016-OA003.

use chrono::Duration;
use theseus_model::Direction;

use super::{Context, Finding, Meta, Need, Rule, Status, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 7.
pub struct Upkeep;

impl Rule for Upkeep {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-007",
            title: "Burst of small upkeep purchases",
            status: Status::Stable,
            roles: &["X"],
            needs: &[Need::MerchantCategory],
        }
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let mccs = p.mcc_set("mccs");
        let days = p.u("window_days").max(1) as i64;
        let (span, baseline) = (Duration::days(days), Duration::days(p.u("baseline_days") as i64));
        let blocks = (p.u("baseline_days") as i64 / days).max(1);
        let first = *a.local.first()?;
        let buys: Vec<_> = a.rows_where(|t| t.direction == Direction::Debit && mccs.contains(t.mcc)).collect();
        let (min_purchases, min_std, min_z, mut end) = (p.u("min_purchases"), p.f("min_std"), p.f("min_z"), 0);
        let too_early = super::short_of(first, baseline);
        let mut best: Option<(f64, f64, usize)> = None;
        // The purchases before each block's start (found once per boundary) and the blocks' counts.
        // (Grown when a window first needs them: the number of blocks is the pack's to choose.)
        let (mut before, mut past) = (Vec::new(), Vec::new());
        for (i, b) in buys.iter().enumerate() {
            let start = b.local;
            // A purchase too early for a baseline starts no window (tested before the window is measured).
            if too_early(start) {
                continue;
            }
            end = end.max(i);
            let within = super::short_of(start, span);
            while end < buys.len() && within(buys[end].local) {
                end += 1;
            }
            let n = end - i;
            if n < min_purchases {
                continue;
            }
            // Purchases are in time order: counts by binary search, block k from `start - k spans` to
            // `start - (k - 1) spans`.
            before.clear();
            before.extend((0..=blocks).map(|k| buys.partition_point(|t| t.local < start - span * k as i32)));
            past.clear();
            past.extend((1..=blocks as usize).map(|k| (before[k - 1] - before[k]) as f64));
            let mean = past.iter().sum::<f64>() / past.len() as f64;
            let sd = (past.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / past.len() as f64).sqrt();
            let z = (n as f64 - mean) / sd.max(min_std);
            if z > min_z && best.is_none_or(|(bz, _, _)| z > bz) {
                best = Some((z, mean, i));
            }
        }
        let (z, mean, i) = best?;
        let start = buys[i].local;
        let hits: Vec<_> = buys[i..].iter().copied().take_while(|t| t.local - start < span).collect();
        Some(finding(
            format!(
                "{} purchases at pharmacy, lingerie, cosmetics or fast-food merchants within {days} days ({}), \
                 against {mean:.1} per {days} days over the {} days before (z = {z:.1})",
                hits.len(),
                total(&hits),
                blocks * days
            ),
            &hits,
        ))
    }
}
