//! THB-012 Funnel account.
//!
//! **What it detects.** Three or more cash deposits within 7 days made in at least two different cities or
//! branches, after which transfers out (wire, P2P, money service, e-money, crypto, cheque) of at least 70 % of
//! the deposited sum follow within 48 hours of the last deposit.
//!
//! **Why.** Controllers have victims or mules deposit cash earnings wherever they are working, into one
//! account that the controller empties elsewhere: the geographic spread of deposits and the quick exit of the
//! money are the signature (FinCEN FIN-2020-A008's funnel-account typology).
//!
//! **Example.** Cash deposits in Hamburg, Bremen and Hanover on three consecutive days, 2,400 EUR in all;
//! 2,100 EUR wired abroad the next day.
//!
//! **References.** INDICATORS.md row 12; FinCEN FIN-2014-A008 (FNACC), FIN-2020-A008.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction};

use super::{Context, Finding, Meta, Need, Rule, Status, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 12.
pub struct Funnel;

/// Money sent on to someone: what empties a funnel account (card spending and direct debits do not).
fn is_transfer(c: Channel) -> bool {
    matches!(c, Channel::Wire | Channel::P2p | Channel::Msb | Channel::Emoney | Channel::Crypto | Channel::Cheque)
}

impl Rule for Funnel {
    fn meta(&self) -> Meta {
        // The controller's collection account, or a victim's own account used the same way: the account
        // alone does not tell which, the other indicators and the flows do.
        Meta {
            code: "THB-012",
            title: "Funnel account: cash in across places, quickly out",
            status: Status::Stable,
            roles: &["X", "V"],
            needs: &[Need::Location],
        }
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let deposits: Vec<_> = a.rows_where(|t| t.direction == Direction::Credit && t.is_cash()).collect();
        let place =
            |t: &theseus_model::Transaction| t.city.clone().or_else(|| t.branch.clone()).map(|p| p.to_lowercase());
        let (span, exit) = (p.days("window_days"), p.hours("exit_hours"));
        let (min_deposits, min_places, share) = (p.u("min_deposits"), p.u("min_places"), p.f("min_exit_share"));
        let mut best: Option<(Vec<_>, Vec<_>)> = None;
        for (i, d0) in deposits.iter().enumerate() {
            let win: Vec<_> = deposits[i..].iter().copied().take_while(|t| t.local - d0.local <= span).collect();
            let places: BTreeSet<_> = win.iter().filter_map(|t| place(t)).collect();
            if win.len() < min_deposits || places.len() < min_places {
                continue;
            }
            let last = win[win.len() - 1].local;
            let sum_in: Decimal = win.iter().map(|t| t.amount).sum();
            let outs: Vec<_> = a
                .rows()
                .filter(|t| {
                    t.direction == Direction::Debit
                        && is_transfer(t.channel)
                        && t.local >= d0.local
                        && t.local <= last + exit
                })
                .collect();
            let sum_out: Decimal = outs.iter().map(|t| t.amount).sum();
            if sum_out.to_f64().unwrap_or(0.0) >= share * sum_in.to_f64().unwrap_or(0.0)
                && best.as_ref().is_none_or(|(b, _)| win.len() > b.len())
            {
                best = Some((win, outs));
            }
        }
        let (ins, outs) = best?;
        let places: BTreeSet<_> = ins.iter().filter_map(|t| t.city.clone().or_else(|| t.branch.clone())).collect();
        let text = format!(
            "{} cash deposits within {} days in {} places ({}) totalling {}; {} was transferred out within {} hours",
            ins.len(),
            p.u("window_days"),
            places.len(),
            places.into_iter().collect::<Vec<_>>().join(", "),
            total(&ins),
            total(&outs),
            p.u("exit_hours")
        );
        let all: Vec<_> = ins.into_iter().chain(outs).collect();
        Some(finding(text, &all))
    }
}
