//! THB-005 Local transport or rideshare at night.
//!
//! **What it detects.** Five or more taxi/rideshare (MCC 4121) or car-rental (7512) payments within 7 days,
//! at least half of them between 22:00 and 06:00 local time.
//!
//! **Why.** Victims are driven to outcall appointments at night. Night-shift workers take night taxis too,
//! which is why this weighs little alone.
//!
//! **Example.** Seven rides in a week, five of them after midnight.
//!
//! **References.** INDICATORS.md row 5; FINTRAC-2016-OA003, FINTRAC-2021-OA001.

use theseus_model::Direction;

use super::{Context, Finding, Meta, Need, Rule, Status, finding};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 5.
pub struct NightRides;

impl Rule for NightRides {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-005",
            title: "Rideshare or taxi at night",
            status: Status::Stable,
            roles: &["X", "T"],
            needs: &[Need::MerchantCategory, Need::TimeOfDay],
        }
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (mccs, span, min) = (p.mccs("mccs"), p.days("window_days"), p.u("min_rides"));
        let share = p.f("min_night_share");
        let rides: Vec<_> = a.rows_where(|t| t.direction == Direction::Debit && mccs.contains(t.mcc)).collect();
        // Every window with enough rides, the one with most night rides.
        let mut best: Option<Vec<_>> = None;
        for (i, t0) in rides.iter().enumerate() {
            let win: Vec<_> = rides[i..].iter().copied().take_while(|t| t.local - t0.local <= span).collect();
            let night = win.iter().filter(|t| t.is_night() == Some(true)).count();
            if win.len() >= min
                && night as f64 >= share * win.len() as f64
                && best.as_ref().is_none_or(|b| win.len() > b.len())
            {
                best = Some(win);
            }
        }
        let hits = best?;
        let night = hits.iter().filter(|t| t.is_night() == Some(true)).count();
        Some(finding(
            format!("{} rides within {} days, {night} of them between 22:00 and 06:00", hits.len(), p.u("window_days")),
            &hits,
        ))
    }
}
