//! THB-008 Card payments at adult businesses after hours.
//!
//! **What it detects.** Two sides of the same trade, in merchant categories 7297 (massage parlours), 7230
//! (beauty salons), 5813 (bars and night clubs) and 7273 (dating and escort services), at night (22:00–06:00
//! local time):
//! - merchant side: an account that receives card takings line by line with their times, of which at least
//!   30 % of the volume over 30 days was taken at night (at least ten takings in the window);
//! - payer side: two or more card payments to such merchants at night within 30 days.
//!
//! **Why.** Illicit massage businesses and brothels presenting as salons or bars take most of their card
//! revenue when a real salon is closed; their customers pay at night. Bars are open at night by trade, which
//! makes the payer side weak: it counts only in combination.
//!
//! **Example.** A "wellness studio" account whose card takings are 45 % between 22:00 and 03:00; a customer
//! paying a massage studio 160 EUR at 23:40 twice in three weeks.
//!
//! **References.** INDICATORS.md row 8; FINTRAC-2016-OA003 (10 p.m.–6 a.m.); Polaris, illicit massage
//! businesses. Preview: acquirers usually settle card takings as one daily batch credit without times, so the
//! merchant side runs only where line-level acquiring data is loaded; the payer side points to a buyer, who
//! has no role in the trafficking chain, or to a controller paying from his own account.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction};

use super::{Context, Finding, Meta, Need, Rule, Status, densest_window, finding, money, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 8.
pub struct AdultAfterHours;

impl Rule for AdultAfterHours {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-008",
            title: "Adult-business card payments after hours",
            status: Status::Preview,
            roles: &["CB"],
            needs: &[Need::MerchantCategory, Need::TimeOfDay],
        }
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (mccs, days) = (p.mccs("mccs"), p.u("window_days") as i64);
        let span = chrono::Duration::days(days);
        // Merchant side: card takings with their times.
        let takings: Vec<_> = a
            .rows_where(|t| t.direction == Direction::Credit && t.channel == Channel::Card)
            .filter(|t| mccs.contains(t.mcc) && t.has_time)
            .collect();
        let mut best: Option<(f64, Vec<_>)> = None;
        for i in 0..takings.len() {
            let start = takings[i].local;
            let within = super::until(start, span);
            let win: Vec<_> = takings[i..].iter().copied().take_while(|t| within(t.local)).collect();
            if win.len() < p.u("min_card_credits") {
                continue;
            }
            let all: Decimal = win.iter().map(|t| t.amount).sum();
            let night: Decimal = win.iter().filter(|t| t.is_night() == Some(true)).map(|t| t.amount).sum();
            let share = if all.is_zero() { 0.0 } else { (night / all).to_f64().unwrap_or(0.0) };
            if share >= p.f("min_night_share") && best.as_ref().is_none_or(|(s, _)| share > *s) {
                best = Some((share, win));
            }
        }
        if let Some((share, win)) = best {
            let night: Vec<_> = win.iter().copied().filter(|t| t.is_night() == Some(true)).collect();
            let night_sum: Decimal = night.iter().map(|t| t.amount).sum();
            return Some(finding(
                format!(
                    "{:.0} % of card takings at MCC {} taken between 22:00 and 06:00 within {days} days: {} of {} \
                     in {} of {} payments",
                    share * 100.0,
                    win[0].mcc.map(|m| m.to_string()).unwrap_or_default(),
                    money(night_sum),
                    total(&win),
                    night.len(),
                    win.len()
                ),
                &win,
            ));
        }
        // Payer side.
        let paid: Vec<_> = a
            .rows_where(|t| t.direction == Direction::Debit && mccs.contains(t.mcc) && t.has_time)
            .filter(|t| t.is_night() == Some(true))
            .collect();
        let w = densest_window(&paid, |t| t.local, days, p.u("min_payments"))?;
        let hits: Vec<_> = w.into_iter().map(|i| paid[i]).collect();
        let merchants: std::collections::BTreeSet<&str> = hits.iter().filter_map(|t| t.merchant.as_deref()).collect();
        Some(finding(
            format!(
                "{} card payments between 22:00 and 06:00 at massage, beauty, bar or escort merchants within {days} \
                 days ({}){}",
                hits.len(),
                total(&hits),
                if merchants.is_empty() {
                    String::new()
                } else {
                    format!(" at {}", merchants.into_iter().collect::<Vec<_>>().join(", "))
                }
            ),
            &hits,
        ))
    }
}
