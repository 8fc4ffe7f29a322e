//! THB-021 Cash-intensive front business.
//!
//! **What it detects.** A business account (see THB-020 for how one is recognised) where, over 90 days, cash
//! deposits are at least 70 % of all credits and no card settlement or other electronic takings arrive. Card
//! settlements are credits booked as card payments or from an acquirer named in `acquirer_words`. The
//! published indicator adds cash deposits outside declared opening hours and daily revenue above the 95th
//! percentile of peers of the same sector and area; the workspace holds neither opening hours nor a peer
//! group, so those parts are not checked and the rule is a preview.
//!
//! **Why.** A front business (a massage studio, a car wash, a nail bar) launders victims' cash earnings as
//! takings. Real businesses of the kind take cards too; a business that never sees a card payment and lives
//! on cash deposits is either very old-fashioned or not what it says. Kiosks and snack bars do exist: alone
//! this weighs little.
//!
//! **Example.** "Relax Studio UG" deposits 38,000 EUR in cash over three months and receives no card
//! settlement.
//!
//! **References.** INDICATORS.md row 21; FinCEN FIN-2020-A008.

use theseus_model::{Channel, Direction};

use super::labour::{is_business, num};
use super::{Context, Finding, Meta, Rule, Status, finding, money, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 21.
pub struct CashFront;

impl Rule for CashFront {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-021",
            title: "Cash-intensive business without card takings",
            status: Status::Preview,
            roles: &["CB", "B"],
            needs: &[],
        }
    }

    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        if !is_business(a, ctx) {
            return None;
        }
        let acquirers = p.words("acquirer_words");
        let credits: Vec<_> = a.rows_where(|t| t.direction == Direction::Credit).collect();
        let span = p.days("window_days");
        let (min_credits, min_share) = (p.u("min_credits"), p.f("min_cash_share"));
        // The 90-day window with the highest cash share among those with enough credits.
        let mut best: Option<(usize, usize, f64)> = None;
        for i in 0..credits.len() {
            let end = credits[i..].iter().take_while(|t| t.local - credits[i].local <= span).count() + i;
            let win = &credits[i..end];
            if win.len() < min_credits {
                continue;
            }
            if win.iter().any(|t| t.channel == Channel::Card || acquirers.at(t, ctx)) {
                continue;
            }
            let all: f64 = win.iter().map(|t| num(t.amount)).sum();
            let cash: f64 = win.iter().filter(|t| t.is_cash()).map(|t| num(t.amount)).sum();
            let share = if all > 0.0 { cash / all } else { 0.0 };
            if share >= min_share && best.is_none_or(|b| share > b.2) {
                best = Some((i, end, share));
            }
        }
        let (i, end, share) = best?;
        let win = &credits[i..end];
        let cash: Vec<_> = win.iter().copied().filter(|t| t.is_cash()).collect();
        let all: rust_decimal::Decimal = win.iter().map(|t| t.amount).sum();
        Some(finding(
            format!(
                "Business: {} cash deposits ({}) are {:.0} % of credits of {} within {} days, and no card settlement",
                cash.len(),
                total(&cash),
                100.0 * share,
                money(all),
                p.u("window_days")
            ),
            &cash,
        ))
    }
}
