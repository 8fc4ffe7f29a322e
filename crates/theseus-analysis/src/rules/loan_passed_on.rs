//! THB-034 Credit taken in the customer's name and passed on.
//!
//! **What it detects.** A loan or credit disbursement — a credit of at least 500 whose counterparty name or
//! memo carries a loan word of the rule pack's multilingual list (kredit, darlehen, loan, prêt, préstamo,
//! pożyczka…), not a repayment, refund or card transaction — after which at least 70 % of the amount is
//! transferred within 72 hours to third parties: counterparties that are neither the lender, nor the holder or
//! the holder's other accounts, nor businesses (a company form such as GmbH or Ltd in the name).
//!
//! **Why.** Controllers make victims take out consumer loans and credit cards and take the money at once; the
//! victim is left with the debt, which then binds them (debt bondage). Loans are also paid out for a car or a
//! renovation and go on to the dealer or builder: transfers to businesses are therefore not counted.
//!
//! **Example.** 8,000 EUR "Auszahlung Ratenkredit" from a consumer bank; the next day 7,500 EUR transferred
//! to a private person.
//!
//! **References.** INDICATORS.md row 34; FINTRAC-2021-OA001 and OSCE 2019 (paraphrased in the catalogue).
//! Preview: statements do not flag loan disbursements, so they are recognised by words; the catalogue's test
//! that the third party be a pass-through or shared-identifier counterparty (rows 13, 14) is left to the
//! typology, which reads the indicators in combination; the minimum amount is ours.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction, Transaction, normalize};

use super::pass_through::receiver;
use super::{Context, Finding, Meta, Need, Rule, Status, finding, money};
use crate::config::Params;
use crate::parties::{Account, Row};

/// Indicator 34.
pub struct LoanPassedOn;

fn tokens(s: &str) -> Vec<String> {
    s.to_lowercase()
        .replace('.', "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Rule for LoanPassedOn {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-034",
            title: "Loan disbursed and passed on to a third party",
            status: Status::Preview,
            roles: &["X", "V"],
            needs: &[Need::Counterparty],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let (loan_words, ignore) = (p.substrings("loan_words"), p.substrings("ignore_words"));
        let min_amount = p.f("min_amount");
        let loans: Vec<(usize, Row<'_>)> = a
            .lines_where(|t| {
                t.direction == Direction::Credit
                    && !t.is_cash()
                    && !matches!(t.channel, Channel::Payroll | Channel::Card)
                    && t.amount.to_f64().is_some_and(|v| v >= min_amount)
            })
            .map(|i| (i, a.row(i)))
            .filter(|(_, t)| loan_words.at(t, ctx) && !ignore.at(t, ctx))
            .collect();
        // Most accounts take no loan: the rest is worked out only for those that do.
        if loans.is_empty() {
            return None;
        }
        let lower = |k: &str| p.list(k).iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        let business = lower("business_words");
        let exit = p.hours("exit_hours");
        let subject = ctx.parties.subject_of(&a.number);
        let holder = a.holder.as_deref().map(normalize::name_key);
        let mut best: Option<(Row<'_>, Vec<Row<'_>>, Decimal)> = None;
        for (i, loan) in loans {
            let loan = &loan;
            let lender = receiver(loan);
            let third = |t: &Transaction| {
                let Some(r) = receiver(t) else { return false };
                let own = ctx.parties.accounts.contains_key(&r) && ctx.parties.subject_of(&r) == subject
                    || t.cpty_name.as_deref().map(normalize::name_key) == holder && holder.is_some();
                let firm = t.cpty_name.as_deref().is_some_and(|n| tokens(n).iter().any(|w| business.contains(w)));
                Some(&r) != lender.as_ref() && !own && !firm
            };
            let to = i + 1 + a.local[i + 1..].partition_point(|&l| l - loan.local <= exit);
            let outs: Vec<_> = (i + 1..to)
                .map(|j| a.row(j))
                .filter(|t| {
                    t.direction == Direction::Debit
                        && matches!(
                            t.channel,
                            Channel::Wire
                                | Channel::P2p
                                | Channel::Emoney
                                | Channel::Msb
                                | Channel::Crypto
                                | Channel::Cheque
                        )
                        && third(t)
                })
                .collect();
            let sent: Decimal = outs.iter().map(|t| t.amount).sum();
            if sent.to_f64().unwrap_or(0.0) >= p.f("min_share") * loan.amount.to_f64().unwrap_or(0.0)
                && best.as_ref().is_none_or(|(l, _, _)| loan.amount > l.amount)
            {
                best = Some((*loan, outs, sent));
            }
        }
        let (loan, outs, sent) = best?;
        let mut to: BTreeMap<String, Decimal> = BTreeMap::new();
        for t in &outs {
            let name = t.cpty_name.clone().or_else(|| t.cpty_account.clone()).unwrap_or_default();
            *to.entry(name).or_default() += t.amount;
        }
        let mut to: Vec<_> = to.into_iter().collect();
        to.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let text = format!(
            "Loan credit of {} {} on {} from {}; {} ({:.0} %) transferred within {} hours to {}",
            money(loan.amount),
            loan.currency,
            loan.ts.date(),
            loan.cpty_name.as_deref().or(loan.memo.as_deref()).unwrap_or("an unnamed lender"),
            money(sent),
            (sent / loan.amount).to_f64().unwrap_or(0.0) * 100.0,
            p.u("exit_hours"),
            to.iter().map(|(n, v)| format!("{n} ({})", money(*v))).collect::<Vec<_>>().join(", ")
        );
        let all: Vec<_> = std::iter::once(loan).chain(outs).collect();
        Some(finding(text, &all))
    }
}
