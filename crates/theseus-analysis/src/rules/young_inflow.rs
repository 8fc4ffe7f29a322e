//! THB-033 Young account holder with a sudden high inflow.
//!
//! **What it detects.** An account held by a person aged 24 or less (a minor included; the age at the start
//! of the month, from the birth date of the account's registry holder) that receives in one calendar month
//! more than five times the peer median of monthly inflow, from ten or more distinct payers. The peers are
//! the workspace's own accounts in the same currency: the accounts of holders of the same age group when
//! there are enough of them (`min_peers`), otherwise all accounts not held by a company or organisation.
//!
//! **Why.** Young victims' accounts are opened or taken over to receive buyers' payments; a student account
//! suddenly taking thousands from many different people does not fit its holder's life. The median of the
//! data at hand, not a fixed amount, keeps the test fair across countries and currencies.
//!
//! **Example.** A 19-year-old whose account usually receives 600 EUR a month takes 7,800 EUR from 23 payers
//! in April, against a peer median of 900 EUR.
//!
//! **References.** INDICATORS.md row 33; FINTRAC-2021-OA001; UAE goAML STDNT.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Direction, Transaction};

use super::pass_through::receiver;
use super::{Context, Finding, Meta, Need, Rule, Status, finding, money};
use crate::config::Params;

/// Indicator 33.
pub struct YoungInflow;

/// A registry date, which may give only the year or the month.
fn birth(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{}-01", s.get(..7)?), "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::from_ymd_opt(s.get(..4)?.parse().ok()?, 1, 1))
}

fn age(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut y = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        y -= 1;
    }
    y
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// One account-month: the first day, the inflow, the credits.
struct Month<'a> {
    first: NaiveDate,
    inflow: Decimal,
    credits: Vec<&'a Transaction>,
}

impl Rule for YoungInflow {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-033",
            title: "Young holder with a sudden high inflow",
            status: Status::Stable,
            roles: &["V"],
            needs: &[Need::Registry],
        }
    }

    fn across(&self) -> bool {
        true
    }
    fn check_all(&self, ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
        all(ctx, p)
    }
}

/// Every finding of the rule in the workspace.
fn all(ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
    let parties = ctx.parties;
    let max_age = p.u("max_age") as i32;
    // Per account: currency, the holder's birth date, whether an organisation holds it, and its months.
    struct Acc<'a> {
        number: &'a str,
        ccy: String,
        born: Option<NaiveDate>,
        organisation: bool,
        months: Vec<Month<'a>>,
    }
    let mut accs = Vec::new();
    for a in parties.accounts.values() {
        let Some(first) = a.txns.first() else { continue };
        let owner: Vec<&theseus_model::Entity> = a
            .owner
            .as_ref()
            .map(|(id, _)| {
                parties.canon.members(id).iter().filter_map(|m| parties.entities.get(m.as_str()).copied()).collect()
            })
            .unwrap_or_default();
        let born = owner.iter().filter(|e| e.schema == "Person").find_map(|e| e.first("birthDate").and_then(birth));
        let organisation = !owner.is_empty() && owner.iter().all(|e| e.schema != "Person");
        let mut months: BTreeMap<(i32, u32), Month<'_>> = BTreeMap::new();
        for t in a.txns.iter().filter(|t| t.direction == Direction::Credit) {
            let d = t.ts.date();
            let m = months.entry((d.year(), d.month())).or_insert_with(|| Month {
                first: d.with_day(1).unwrap_or(d),
                inflow: Decimal::ZERO,
                credits: vec![],
            });
            m.inflow += t.amount;
            m.credits.push(t);
        }
        accs.push(Acc {
            number: &a.number,
            ccy: first.currency.code().to_string(),
            born,
            organisation,
            months: months.into_values().collect(),
        });
    }
    let young = |a: &Acc<'_>, m: &Month<'_>| a.born.is_some_and(|b| age(b, m.first) <= max_age);
    // Peer medians per currency.
    let mut young_pool: HashMap<&str, (Vec<f64>, BTreeSet<&str>)> = HashMap::new();
    let mut all_pool: HashMap<&str, (Vec<f64>, BTreeSet<&str>)> = HashMap::new();
    for a in &accs {
        for m in &a.months {
            let v = m.inflow.to_f64().unwrap_or(0.0);
            if young(a, m) {
                let e = young_pool.entry(a.ccy.as_str()).or_default();
                e.0.push(v);
                e.1.insert(a.number);
            }
            if !a.organisation {
                let e = all_pool.entry(a.ccy.as_str()).or_default();
                e.0.push(v);
                e.1.insert(a.number);
            }
        }
    }
    let mut medians: HashMap<&str, (f64, usize, bool)> = HashMap::new();
    for (ccy, (mut v, accounts)) in all_pool {
        let (mut v, n, same_age) = match young_pool.remove(ccy) {
            Some((yv, ya)) if ya.len() >= p.u("min_peers") => (yv, ya.len(), true),
            _ => (std::mem::take(&mut v), accounts.len(), false),
        };
        if let Some(md) = median(&mut v) {
            medians.insert(ccy, (md, n, same_age));
        }
    }
    let mut out = Vec::new();
    for a in &accs {
        let Some(&(md, peers, same_age)) = medians.get(a.ccy.as_str()) else { continue };
        let mut best: Option<(f64, &Month<'_>, usize)> = None;
        for m in a.months.iter().filter(|m| young(a, m)) {
            let payers: BTreeSet<String> = m.credits.iter().filter_map(|t| receiver(t)).collect();
            let ratio = m.inflow.to_f64().unwrap_or(0.0) / md.max(f64::MIN_POSITIVE);
            if payers.len() >= p.u("min_payers")
                && ratio > p.f("inflow_multiple")
                && best.is_none_or(|(r, _, _)| ratio > r)
            {
                best = Some((ratio, m, payers.len()));
            }
        }
        let Some((ratio, m, payers)) = best else { continue };
        let born = a.born.unwrap_or_default();
        out.push((
            a.number.to_string(),
            parties.subject_of(a.number).unwrap_or_default(),
            finding(
                format!(
                    "Holder aged {} (born {born}) received {} {} from {payers} distinct payers in {}, {ratio:.1} \
                     times the median monthly inflow of {} {} over {peers} peer accounts ({})",
                    age(born, m.first),
                    money(m.inflow),
                    a.ccy,
                    m.first.format("%Y-%m"),
                    money(Decimal::from_f64_retain(md).unwrap_or_default().round_dp(2)),
                    a.ccy,
                    if same_age { format!("holders aged {max_age} or less") } else { "all personal accounts".into() }
                ),
                &m.credits,
            ),
        ));
    }
    out
}
