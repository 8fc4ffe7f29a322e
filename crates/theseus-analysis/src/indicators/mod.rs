//! Financial red flags of trafficking, one [`Indicator`] per file.
//!
//! Each indicator looks at one statement account's transactions (or, for identifier indicators, at the
//! registry) and says what it saw, with the transactions that show it. Codes follow the row numbers of
//! `INDICATORS.md` (`THB-012` is row 12, the funnel account). The typology engine of a later stage replaces
//! this registry with a rule catalogue; the trait is the seam.

mod ad_payments;
mod assets_beyond_income;
mod cash_no_payroll;
mod funnel;
mod many_payers;
mod night_cash;
mod night_rides;
mod pass_through;
mod remittances;
mod shared_identifiers;
mod short_stays;

use chrono::{Duration, NaiveDateTime};
use theseus_model::Transaction;

use crate::Config;
use crate::links::Links;
use crate::parties::{Account, Parties};

/// What an indicator found on one account.
#[derive(Debug, Clone)]
pub struct Finding {
    /// One sentence with the figures.
    pub text: String,
    /// The transactions (or entity ids) that show it.
    pub evidence: Vec<String>,
    /// First and last date.
    pub period: (String, String),
    /// Statement accounts on the other side of the finding (the receivers of a pass-through), which get a
    /// finding of their own.
    pub counterparts: Vec<String>,
}

/// A financial indicator over one account.
pub trait Indicator: Sync {
    /// Stable code, `THB-` and the row of `INDICATORS.md`.
    fn code(&self) -> &'static str;
    /// Short title.
    fn title(&self) -> &'static str;
    /// Chain roles it points to.
    fn roles(&self) -> &'static [&'static str];
    /// Looks at one account.
    fn check(&self, account: &Account<'_>, ctx: &Context<'_>) -> Option<Finding>;
}

/// What indicators may consult beyond the account itself.
pub struct Context<'a> {
    /// All parties.
    pub parties: &'a Parties<'a>,
    /// The configuration.
    pub config: &'a Config,
}

/// A raw hit before scoring.
#[derive(Debug, Clone)]
pub struct RawHit {
    /// Indicator code.
    pub code: &'static str,
    /// Title.
    pub title: &'static str,
    /// Roles.
    pub roles: &'static [&'static str],
    /// Account (or `entity:<id>` for identifier hits).
    pub account: String,
    /// Subject id the hit belongs to.
    pub subject: String,
    /// The finding.
    pub finding: Finding,
}

/// The indicators of this build.
pub fn registry() -> Vec<Box<dyn Indicator>> {
    vec![
        Box::new(ad_payments::AdPayments),
        Box::new(short_stays::ShortStays),
        Box::new(night_rides::NightRides),
        Box::new(night_cash::NightCash),
        Box::new(many_payers::ManyPayers),
        Box::new(funnel::Funnel),
        Box::new(pass_through::PassThrough),
        Box::new(cash_no_payroll::CashNoPayroll),
        Box::new(remittances::Remittances),
        Box::new(assets_beyond_income::AssetsBeyondIncome),
    ]
}

/// Runs every indicator on every account, plus the identifier indicator on the registry.
pub fn run_all(parties: &Parties<'_>, links: &Links, config: &Config) -> Vec<RawHit> {
    let ctx = Context { parties, config };
    let mut out = Vec::new();
    for ind in registry() {
        for a in parties.accounts.values() {
            if let Some(f) = ind.check(a, &ctx) {
                out.push(RawHit {
                    code: ind.code(),
                    title: ind.title(),
                    roles: ind.roles(),
                    account: a.number.clone(),
                    subject: parties.subject_of(&a.number).unwrap_or_default(),
                    finding: f,
                });
            }
        }
    }
    // The other side of a pass-through: the account that collects what victims' accounts forward.
    let mut receiving = Vec::new();
    for h in out.iter().filter(|h| h.code == "THB-013") {
        for c in &h.finding.counterparts {
            let Some(subject) = parties.subject_of(c) else { continue };
            let payer =
                parties.accounts.get(&h.account).and_then(|a| a.holder.clone()).unwrap_or_else(|| h.account.clone());
            receiving.push(RawHit {
                code: "THB-013",
                title: "Collects rapid pass-through from another account",
                roles: &["X", "B"],
                account: c.clone(),
                subject,
                finding: Finding {
                    text: format!(
                        "Receives what account {} ({payer}) passes on within 24 hours: {}",
                        h.account, h.finding.text
                    ),
                    evidence: h.finding.evidence.clone(),
                    period: h.finding.period.clone(),
                    counterparts: vec![h.account.clone()],
                },
            });
        }
    }
    out.extend(receiving);
    out.extend(shared_identifiers::check(parties, links));
    out
}

/// The smallest window of `days` days holding at least `min` of `items`, with the most items in it.
/// `items` must be sorted by time. Returns the indices of the window's items.
pub(crate) fn densest_window<T>(
    items: &[T],
    time: impl Fn(&T) -> NaiveDateTime,
    days: i64,
    min: usize,
) -> Option<Vec<usize>> {
    let span = Duration::days(days);
    let mut best: Option<(usize, usize)> = None;
    let mut j = 0;
    for i in 0..items.len() {
        if j < i {
            j = i;
        }
        while j + 1 < items.len() && time(&items[j + 1]) - time(&items[i]) <= span {
            j += 1;
        }
        let n = j - i + 1;
        if n >= min && best.is_none_or(|(a, b)| n > b - a + 1) {
            best = Some((i, j));
        }
    }
    best.map(|(a, b)| (a..=b).collect())
}

pub(crate) fn period(txns: &[&Transaction]) -> (String, String) {
    let first = txns.iter().map(|t| t.ts.date()).min();
    let last = txns.iter().map(|t| t.ts.date()).max();
    (first.map(|d| d.to_string()).unwrap_or_default(), last.map(|d| d.to_string()).unwrap_or_default())
}

pub(crate) fn finding(text: String, txns: &[&Transaction]) -> Finding {
    Finding { text, evidence: txns.iter().map(|t| t.id.clone()).collect(), period: period(txns), counterparts: vec![] }
}

pub(crate) fn total(txns: &[&Transaction]) -> String {
    let sum: rust_decimal::Decimal = txns.iter().map(|t| t.amount).sum();
    let cur = txns.first().map(|t| t.currency.code()).unwrap_or("");
    format!("{} {cur}", money(sum))
}

/// An amount with thousands separators and two decimals: `11,890.00`.
pub(crate) fn money(d: rust_decimal::Decimal) -> String {
    let s = format!("{:.2}", d.round_dp(2));
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{frac}")
}

pub(crate) fn text_of(t: &Transaction) -> String {
    [t.merchant.as_deref(), t.cpty_name.as_deref(), t.memo.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
