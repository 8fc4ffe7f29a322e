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

use super::{Context, Finding, Indicator, finding};
use crate::parties::Account;

/// Indicator 5.
pub struct NightRides;

impl Indicator for NightRides {
    fn code(&self) -> &'static str {
        "THB-005"
    }
    fn title(&self) -> &'static str {
        "Rideshare or taxi at night"
    }
    fn roles(&self) -> &'static [&'static str] {
        &["X", "T"]
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>) -> Option<Finding> {
        let rides: Vec<_> = a
            .txns
            .iter()
            .copied()
            .filter(|t| t.direction == Direction::Debit && matches!(t.mcc, Some(4121 | 7512)))
            .collect();
        // Every window of 7 days with ≥5 rides, the one with most night rides.
        let mut best: Option<Vec<_>> = None;
        for (i, t0) in rides.iter().enumerate() {
            let win: Vec<_> = rides[i..]
                .iter()
                .copied()
                .take_while(|t| t.ts.local() - t0.ts.local() <= chrono::Duration::days(7))
                .collect();
            let night = win.iter().filter(|t| t.ts.is_night() == Some(true)).count();
            if win.len() >= 5 && night * 2 >= win.len() && best.as_ref().is_none_or(|b| win.len() > b.len()) {
                best = Some(win);
            }
        }
        let hits = best?;
        let night = hits.iter().filter(|t| t.ts.is_night() == Some(true)).count();
        Some(finding(format!("{} rides within 7 days, {night} of them between 22:00 and 06:00", hits.len()), &hits))
    }
}
