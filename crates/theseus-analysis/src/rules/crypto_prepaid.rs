//! THB-009 Small repeated crypto, prepaid or gift-card purchases.
//!
//! **What it detects.** Five or more purchases within 30 days of crypto-assets, prepaid cards or gift cards —
//! merchant category 6051 (quasi-cash, crypto) or 6540 (stored-value loads), a crypto channel, or a
//! counterparty on the configured list of exchanges and voucher sellers — of which at least 60 % are small
//! (100 or less) or at least 60 % are of one and the same amount.
//!
//! **Why.** Ad sites that banks refused to serve take bitcoin or prepaid vouchers, and controllers move
//! proceeds out of sight in small lots below any scrutiny; FINTRAC describes bitcoin bought in small
//! multiples. Savers in crypto buy the same amount on a plan too, usually monthly or weekly: the count in
//! 30 days and the combination with other indicators separate them.
//!
//! **Example.** Seven purchases of 50.00 at a crypto exchange in three weeks, each a day or two after a cash
//! deposit.
//!
//! **References.** INDICATORS.md row 9; FINTRAC-2016-OA003 (bitcoin in small multiples); FinCEN
//! FIN-2020-A008 (prepaid access).

use std::collections::HashMap;

use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction};

use super::{Context, Finding, Meta, Rule, Status, finding, total};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 9.
pub struct CryptoPrepaid;

impl Rule for CryptoPrepaid {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-009",
            title: "Small repeated crypto / prepaid purchases",
            status: Status::Stable,
            roles: &["X"],
            needs: &[],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (mccs, words) = (p.mcc_set("mccs"), p.substrings("exchange_words"));
        let (small, share, min) = (p.f("small_amount"), p.f("min_share"), p.u("min_purchases"));
        let span = chrono::Duration::days(p.u("window_days") as i64);
        let buys: Vec<_> = a
            .lines_where(|t| t.direction == Direction::Debit)
            .filter(|&j| {
                let h = &a.hot[j];
                mccs.contains(h.mcc) || h.channel == Channel::Crypto || words.of(a.desc[j], a.txns.at(j), ctx)
            })
            .map(|j| a.row(j))
            .collect();
        let mut best: Option<(Vec<_>, usize, usize)> = None;
        for i in 0..buys.len() {
            let start = buys[i].local;
            let within = super::until(start, span);
            let n = buys[i..].iter().take_while(|t| within(t.local)).count();
            // A window no longer than the best so far cannot replace it.
            if n < min || best.as_ref().is_some_and(|(b, _, _): &(Vec<_>, _, _)| b.len() >= n) {
                continue;
            }
            let win: Vec<_> = buys[i..i + n].to_vec();
            let n_small = win.iter().filter(|t| t.amount.to_f64().is_some_and(|v| v <= small)).count();
            let mut same: HashMap<rust_decimal::Decimal, usize, foldhash::fast::FixedState> = HashMap::default();
            for t in &win {
                *same.entry(t.amount.normalize()).or_default() += 1;
            }
            let n_same = same.values().copied().max().unwrap_or(0);
            let enough = |n: usize| n as f64 >= share * win.len() as f64;
            if enough(n_small) || enough(n_same) {
                best = Some((win, n_small, n_same));
            }
        }
        let (hits, n_small, n_same) = best?;
        Some(finding(
            format!(
                "{} crypto, prepaid or gift-card purchases within {} days ({}): {n_small} of {} or less, \
                 {n_same} of one and the same amount",
                hits.len(),
                p.u("window_days"),
                total(&hits),
                super::money(rust_decimal::Decimal::from_f64_retain(small).unwrap_or_default())
            ),
            &hits,
        ))
    }
}
