//! THB-010 Online payment service: frequent small payments in and out.
//!
//! **What it detects.** Within 14 days, ten or more person-to-person or e-money credits below 100 from at
//! least five distinct senders, after which at least half of the sum received leaves again within 72 hours
//! of the last credit: forwarded (transfer, P2P, e-money, money service, crypto) or spent at ad sites (the
//! watch-list and MCC 7273/7311) or on crypto and prepaid products (MCC 6051/6540).
//!
//! **Why.** Buyers pay for sexual services by payment app in small amounts, typically under 100; the money is
//! passed to the controller or spent on the next round of ads. People selling second-hand goods receive
//! small payments from many senders too, but keep them: hence the exit test.
//!
//! **Example.** Fourteen PayPal payments of 40–90 from eleven senders in ten days; 700 forwarded to one
//! person and 60 paid to an escort-ad site the next day.
//!
//! **References.** INDICATORS.md row 10; FINTRAC-2016-OA003 ("typically under $100"). The exit window and
//! share are ours; the catalogue asks only that the funds be spent or forwarded.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction, Transaction};

use super::pass_through::{receiver, receiver_at};
use super::{Context, Finding, Meta, Need, Rule, Status, finding, text_of, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 10.
pub struct OnlineSmall;

impl Rule for OnlineSmall {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-010",
            title: "Small online payments in, quickly out",
            status: Status::Stable,
            roles: &["V", "X"],
            needs: &[Need::Counterparty],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (span, exit) = (chrono::Duration::days(p.u("window_days") as i64), p.hours("exit_hours"));
        let spend_mccs = p.mccs("spend_mccs");
        let max_amount = p.f("max_amount");
        let credits: Vec<_> = a
            .rows_where(|t| t.direction == Direction::Credit && matches!(t.channel, Channel::P2p | Channel::Emoney))
            .filter(|t| t.amount.to_f64().is_some_and(|v| v < max_amount) && receiver_at(t, ctx).is_some())
            .collect();
        if credits.len() < p.u("min_credits") {
            return None;
        }
        let ads: Vec<String> = ctx.config.ad_merchants.iter().map(|m| m.to_lowercase()).collect();
        let is_exit = |t: &Transaction| {
            t.direction == Direction::Debit
                && (matches!(
                    t.channel,
                    Channel::Wire | Channel::P2p | Channel::Emoney | Channel::Msb | Channel::Crypto | Channel::Cheque
                ) || spend_mccs.contains(t.mcc)
                    || {
                        let text = text_of(t);
                        ads.iter().any(|m| text.contains(m.as_str()))
                    })
        };
        let mut best: Option<(Vec<_>, Vec<_>, usize)> = None;
        for i in 0..credits.len() {
            let start = credits[i].local;
            let within = super::until(start, span);
            let win: Vec<_> = credits[i..].iter().copied().take_while(|t| within(t.local)).collect();
            let senders: BTreeSet<String> = win.iter().filter_map(|t| receiver(t)).collect();
            if win.len() < p.u("min_credits")
                || senders.len() < p.u("min_senders")
                || best.as_ref().is_some_and(|(b, _, _)| b.len() >= win.len())
            {
                continue;
            }
            let last = win[win.len() - 1].local;
            let from = a.local.partition_point(|&l| l < start);
            let to = a.local.partition_point(|&l| l <= last + exit);
            let outs: Vec<_> = (from..to.max(from)).map(|j| a.row(j)).filter(|t| is_exit(t)).collect();
            let sum_in: Decimal = win.iter().map(|t| t.amount).sum();
            let sum_out: Decimal = outs.iter().map(|t| t.amount).sum();
            if sum_out.to_f64().unwrap_or(0.0) >= p.f("min_exit_share") * sum_in.to_f64().unwrap_or(0.0) {
                best = Some((win, outs, senders.len()));
            }
        }
        let (ins, outs, senders) = best?;
        let text = format!(
            "{} P2P/e-money credits under {} from {senders} senders within {} days ({}); {} forwarded or spent on \
             ads, crypto or prepaid within {} hours",
            ins.len(),
            p.f("max_amount"),
            p.u("window_days"),
            total(&ins),
            total(&outs),
            p.u("exit_hours")
        );
        let all: Vec<_> = ins.into_iter().chain(outs).collect();
        Some(finding(text, &all))
    }
}
