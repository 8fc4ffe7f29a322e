//! THB-006 Night-time cash deposits and withdrawals.
//!
//! **What it detects.** Over 30 days, five or more cash or ATM events between 22:00 and 06:00 local time,
//! making up at least 40 % of the account's cash events in that window.
//!
//! **Why.** Earnings of commercial sexual exploitation are cash taken at night and deposited or moved at
//! night. Night-shift workers withdraw at night too: alone this weighs little.
//!
//! **Example.** Eight cash deposits at ATMs between 23:00 and 04:00 in one month.
//!
//! **References.** INDICATORS.md row 6; FINTRAC-2016-OA003 (10 p.m.–6 a.m.).

use super::{Context, Finding, Meta, Need, Rule, Status, densest_window, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 6.
pub struct NightCash;

impl Rule for NightCash {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-006",
            title: "Night-time cash activity",
            status: Status::Stable,
            roles: &["V", "X"],
            needs: &[Need::TimeOfDay],
        }
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let cash: Vec<_> = a.rows_where(|t| t.is_cash() && t.has_time).collect();
        let night: Vec<_> = cash.iter().copied().filter(|t| t.is_night() == Some(true)).collect();
        let w = densest_window(&night, |t| t.local, p.u("window_days") as i64, p.u("min_events"))?;
        let hits: Vec<_> = w.into_iter().map(|i| night[i]).collect();
        let (from, to) = (hits[0].local, hits[hits.len() - 1].local);
        let all_in_window = cash.iter().filter(|t| t.local >= from && t.local <= to).count();
        if (hits.len() as f64) < p.f("min_share") * all_in_window as f64 {
            return None;
        }
        Some(finding(
            format!(
                "{} cash/ATM events between 22:00 and 06:00 within {} days ({}), {} of {} cash events in that span",
                hits.len(),
                p.u("window_days"),
                total(&hits),
                hits.len(),
                all_in_window
            ),
            &hits,
        ))
    }
}
