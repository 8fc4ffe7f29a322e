//! THB-013 Rapid pass-through to one third party.
//!
//! **What it detects.** In each of two or more consecutive months, at least 80 % of what came into the
//! account was sent on within 24 hours to at most two counterparties, other than direct debits (rent,
//! utilities).
//!
//! **Why.** Victims' earnings or wages are taken by the controller as soon as they arrive: the victim's
//! account is a conduit, and the receiving account is the controller's. The hit names the receivers, which
//! become victim → controller edges in the network.
//!
//! **Example.** Every month, 1,900 of 2,050 EUR received is transferred to the same person within hours.
//!
//! **References.** INDICATORS.md row 13; FATF/APG 2018 ("rapid in/out transactions following receipt of
//! wages"); FINTRAC-2021-OA001.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction, Transaction, normalize};

use super::{Context, Finding, Meta, Need, Rule, Status, finding};
use crate::config::Params;
use crate::parties::{Account, Row};

/// Indicator 13.
pub struct PassThrough;

/// One calendar month of an account: what came in, what was forwarded to whom, and the records.
#[derive(Default)]
struct Month<'a> {
    inflow: Decimal,
    forwarded: HashMap<&'a str, Decimal, foldhash::fast::FixedState>,
    evidence: Vec<&'a Transaction>,
    /// The ids in `evidence`.
    ids: std::collections::HashSet<&'a str, foldhash::fast::FixedState>,
}

/// Who received a debit: the counterparty account, else the name.
pub(crate) fn receiver(t: &Transaction) -> Option<String> {
    t.cpty_account.clone().or_else(|| t.cpty_name.as_deref().map(normalize::name_key)).filter(|s| !s.is_empty())
}

/// [`receiver`] of an account's row, borrowed: the name key is worked out once per descriptor.
pub(crate) fn receiver_at<'s>(r: &Row<'s>, ctx: &'s Context<'_>) -> Option<&'s str> {
    let t: &'s Transaction = r.t;
    match t.cpty_account.as_deref() {
        Some(c) => Some(c),
        None if t.cpty_name.is_some() => Some(ctx.name_key_of(r.desc, t)),
        None => None,
    }
    .filter(|s| !s.is_empty())
}

impl Rule for PassThrough {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-013",
            title: "Rapid pass-through to a third party",
            status: Status::Stable,
            roles: &["V"],
            needs: &[Need::Counterparty],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (span, share, max_receivers) = (p.hours("forward_hours"), p.f("min_forward_share"), p.u("max_receivers"));
        let mut months: BTreeMap<(i32, u32), Month<'_>> = BTreeMap::new();
        for (i, c) in a.txns.iter().enumerate().filter(|(i, _)| a.hot[*i].direction == Direction::Credit) {
            let d = a.local[i];
            let m = months.entry((d.year(), d.month())).or_default();
            m.inflow += c.amount;
            m.ids.insert(c.id.as_str());
            m.evidence.push(c);
            // Debits within 24 hours after this credit, not already counted for an earlier credit.
            let mut left = c.amount;
            let within = super::until(d, span);
            let ends = a.local[i + 1..].iter().take_while(|&&l| within(l)).count();
            for j in i + 1..i + 1 + ends {
                if left <= Decimal::ZERO {
                    break;
                }
                let h = &a.hot[j];
                if h.direction != Direction::Debit
                    || matches!(h.channel, Channel::DirectDebit | Channel::Fee | Channel::Card)
                {
                    continue;
                }
                let t = a.row(j);
                if let Some(r) = receiver_at(&t, ctx) {
                    let take = t.amount.min(left);
                    left -= take;
                    *m.forwarded.entry(r).or_default() += take;
                    if m.ids.insert(t.t.id.as_str()) {
                        m.evidence.push(t.t);
                    }
                }
            }
        }
        let qualifies = |m: &Month<'_>| {
            let mut v: Vec<Decimal> = m.forwarded.values().copied().collect();
            v.sort_by(|a, b| b.cmp(a));
            let top: Decimal = v.iter().take(max_receivers).sum();
            m.inflow > Decimal::ZERO && top.to_f64().unwrap_or(0.0) >= share * m.inflow.to_f64().unwrap_or(0.0)
        };
        let keys: Vec<(i32, u32)> = months.keys().copied().collect();
        let mut run: Vec<(i32, u32)> = Vec::new();
        let mut best: Vec<(i32, u32)> = Vec::new();
        for k in keys {
            let consecutive = run.last().is_some_and(|&(y, m)| (y * 12 + m as i32) + 1 == k.0 * 12 + k.1 as i32);
            if qualifies(&months[&k]) {
                if !consecutive {
                    run.clear();
                }
                run.push(k);
                if run.len() > best.len() {
                    best = run.clone();
                }
            } else {
                run.clear();
            }
        }
        if best.len() < p.u("min_months") {
            return None;
        }
        let mut receivers: HashMap<String, Decimal> = HashMap::new();
        let mut evidence = Vec::new();
        let mut inflow = Decimal::ZERO;
        for k in &best {
            let m = &months[k];
            inflow += m.inflow;
            for (r, v) in &m.forwarded {
                *receivers.entry(r.to_string()).or_default() += *v;
            }
            evidence.extend(m.evidence.iter().copied());
        }
        let mut rv: Vec<(String, Decimal)> = receivers.into_iter().collect();
        rv.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let forwarded: Decimal = rv.iter().take(max_receivers).map(|r| r.1).sum();
        let cur = a.txns.first().map(|t| t.currency.code()).unwrap_or("");
        // Name receivers by their holder when they are statement accounts too.
        let name = |key: &str| match ctx.parties.accounts.get(key).and_then(|acc| acc.holder.as_deref()) {
            Some(h) => format!("{h} (account {key})"),
            None => key.to_string(),
        };
        let mut f = finding(
            format!(
                "In {} consecutive months, {} of {} {cur} received was sent on within {} hours to {}",
                best.len(),
                super::money(forwarded),
                super::money(inflow),
                p.u("forward_hours"),
                rv.iter().take(max_receivers).map(|r| name(&r.0)).collect::<Vec<_>>().join(" and ")
            ),
            &evidence,
        );
        f.counterparts = rv
            .iter()
            .take(max_receivers)
            .map(|r| r.0.clone())
            .filter(|k| ctx.parties.accounts.contains_key(k))
            .collect();
        Some(f)
    }
}
