//! Source and application of funds per offender: what the records show the subject lawfully earned, against
//! what the subject spent, sent and bought. The unexplained remainder needs no victim's testimony.

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::assets::closing_balance;
use super::sources::{Found, is_benefit, is_wage};
use super::{Index, dec, f, is_abroad, is_cash, is_credit, is_crypto};
use crate::{Cast, Role};

/// One line of a funds statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundsLine {
    /// What the line is.
    pub label: String,
    /// Whether it counts as known legitimate income (sources side only).
    pub legitimate: bool,
    /// Amount.
    pub amount: Decimal,
    /// The transactions behind it.
    pub transactions: Vec<String>,
}

/// Source and application of funds of one subject over the statements' period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundsStatement {
    /// Subject id.
    pub subject: String,
    /// Display name.
    pub name: String,
    /// Leading role.
    pub role: Option<Role>,
    /// Operations the subject belongs to.
    pub operations: Vec<String>,
    /// The statement accounts covered.
    pub accounts: Vec<String>,
    /// First and last booking date.
    pub period: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// Balances before the first posting.
    pub opening_balance: Decimal,
    /// Balances after the last posting.
    pub closing_balance: Decimal,
    /// Where money came from.
    pub sources: Vec<FundsLine>,
    /// Where money went.
    pub applications: Vec<FundsLine>,
    /// Known legitimate income.
    pub legitimate_income: Decimal,
    /// Everything applied: outflows plus the closing balance.
    pub applied: Decimal,
    /// `applied − opening balance − legitimate income`: what lawful income does not explain.
    pub unexplained: Decimal,
}

#[derive(Default)]
struct Acc {
    amount: f64,
    ids: Vec<String>,
}

/// The statements of every offender of the cast, once per subject.
pub(crate) fn statements(
    ix: &Index,
    cast: &Cast,
    found: &[Found],
    asset_payments: &HashSet<(usize, usize)>,
) -> Vec<FundsStatement> {
    let source_postings: HashSet<(usize, usize)> = found.iter().filter_map(|x| x.entry).collect();
    // Accounts of every member of each operation, for transfers within it.
    let mut out = vec![];
    let mut done = HashSet::new();
    for op in &cast.operations {
        let members_accounts: HashSet<&str> =
            op.members.iter().flat_map(|m| m.accounts.iter().map(String::as_str)).collect();
        for m in op.members.iter().filter(|m| m.role().is_some_and(Role::is_offender)) {
            if !done.insert(m.subject.clone()) {
                continue;
            }
            let own: Vec<usize> = m.accounts.iter().filter_map(|a| ix.pos.get(a.as_str()).copied()).collect();
            if own.is_empty() {
                continue;
            }
            let own_numbers: HashSet<&str> = own.iter().map(|&a| ix.accts[a].number.as_str()).collect();
            let is_company = m.kind == "company";
            let mut src: BTreeMap<(u8, &str, bool), Acc> = BTreeMap::new();
            let mut app: BTreeMap<(u8, &str), Acc> = BTreeMap::new();
            let mut opening = 0.0;
            let mut first = None;
            let mut last = None;
            for &a in &own {
                let txns = &ix.accts[a].txns;
                if let Some(t0) = txns.first() {
                    let before = match t0.balance {
                        Some(b) => f(b) - f(t0.signed_amount()),
                        None => closing_balance(ix, a) - txns.iter().map(|t| f(t.signed_amount())).sum::<f64>(),
                    };
                    opening += before;
                    first = first.min(Some(t0.ts.date())).or(Some(t0.ts.date()));
                }
                if let Some(tn) = txns.last() {
                    last = last.max(Some(tn.ts.date()));
                }
                for (k, t) in txns.iter().enumerate() {
                    let cpty = t.cpty_account.as_deref().unwrap_or_default();
                    if own_numbers.contains(cpty) {
                        continue;
                    }
                    let to_member = members_accounts.contains(cpty);
                    if is_credit(t) {
                        let key = if source_postings.contains(&(a, k)) {
                            (3, "proceeds identified (sources of the money trail)", false)
                        } else if to_member {
                            (4, "transfers from other members of the operation", false)
                        } else if is_cash(t) {
                            (5, "cash paid in (origin not shown)", false)
                        } else if is_benefit(t) {
                            (1, "benefits", true)
                        } else if is_wage(t) {
                            (0, "salaries and wages", true)
                        } else if is_company && !cpty.is_empty() {
                            (2, "business income from outside the operation", true)
                        } else {
                            (6, "other credits (not shown to be lawful income)", false)
                        };
                        let e = src.entry(key).or_default();
                        e.amount += f(t.amount);
                        e.ids.push(t.id.clone());
                    } else {
                        let key = if asset_payments.contains(&(a, k)) {
                            (0, "assets acquired")
                        } else if is_cash(t) {
                            (1, "cash withdrawn")
                        } else if to_member {
                            (2, "transfers to other members of the operation")
                        } else if is_crypto(t) {
                            (3, "paid to crypto-asset exchanges")
                        } else if is_abroad(ix.country(a), t) {
                            (4, "transfers abroad")
                        } else if !cpty.is_empty() {
                            (5, "transfers to third parties")
                        } else {
                            (6, "spending (cards, direct debits, fees)")
                        };
                        let e = app.entry(key).or_default();
                        e.amount += f(t.amount);
                        e.ids.push(t.id.clone());
                    }
                }
            }
            let closing: f64 = own.iter().map(|&a| closing_balance(ix, a)).sum();
            let sources: Vec<FundsLine> = src
                .into_iter()
                .map(|((_, label, legit), acc)| FundsLine {
                    label: label.to_string(),
                    legitimate: legit,
                    amount: dec(acc.amount),
                    transactions: acc.ids,
                })
                .collect();
            let applications: Vec<FundsLine> = app
                .into_iter()
                .map(|((_, label), acc)| FundsLine {
                    label: label.to_string(),
                    legitimate: false,
                    amount: dec(acc.amount),
                    transactions: acc.ids,
                })
                .collect();
            let legitimate: Decimal = sources.iter().filter(|l| l.legitimate).map(|l| l.amount).sum();
            let applied = applications.iter().map(|l| l.amount).sum::<Decimal>() + dec(closing);
            let opening = dec(opening);
            out.push(FundsStatement {
                subject: m.subject.clone(),
                name: m.name.clone(),
                role: m.role(),
                operations: cast
                    .operations
                    .iter()
                    .filter(|o| o.members.iter().any(|x| x.subject == m.subject))
                    .map(|o| o.id.clone())
                    .collect(),
                accounts: own.iter().map(|&a| ix.accts[a].number.clone()).collect(),
                period: first.zip(last),
                opening_balance: opening,
                closing_balance: dec(closing),
                sources,
                applications,
                legitimate_income: legitimate,
                applied,
                unexplained: applied - opening - legitimate,
            });
        }
    }
    out
}
