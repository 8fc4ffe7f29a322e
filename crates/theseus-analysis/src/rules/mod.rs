//! The rule catalogue: the financial red flags of trafficking, one [`Rule`] per file.
//!
//! Codes follow the rows of `INDICATORS.md` (`THB-012` is row 12, the funnel account). Every rule file opens
//! with a doc comment in fixed sections — **What it detects**, **Why**, **Example**, **Data**, **References** —
//! from which `cargo xtask rules-doc` writes the rule reference (`docs/rules.md`); a test keeps the two in
//! step. Each rule states its status, the chain roles it points to, the typologies it feeds and the data it
//! needs: a rule whose data is absent from the workspace (payroll files, an attribution list) is skipped with a
//! notice, never run on nothing. Every threshold is a parameter of the rule pack ([`crate::Config`]).

mod ad_identifiers;
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
// Second set, sexual exploitation and laundering: add `mod` lines below this one.
mod adult_after_hours;
mod attributed_crypto;
mod circuit;
mod crypto_prepaid;
mod loan_passed_on;
mod many_senders;
mod msb_id;
mod online_small;
mod processors;
mod structuring;
mod travel;
mod upkeep;
mod young_inflow;
// Second set, labour exploitation: add `mod` lines below this one.
mod cash_front;
mod controlled_account;
mod labour;
mod no_payroll;
mod recruitment_fees;
mod rent_for_several;
mod salary_returned;
mod several_wages;
mod sub_minimum_pay;
mod third_party_contact;
mod visa_fees;

pub use labour::{Memo, Substrings, Words};

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;
use theseus_model::{Entity, Transaction};

use crate::Config;
use crate::config::Params;
use crate::links::Links;
use crate::parties::{Account, Parties};

/// What a rule found on one account or entity.
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

/// How far a rule can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Tested on synthetic worlds and hand-built cases; thresholds as published.
    Stable,
    /// Works, but rests on data or thresholds not yet checked against real cases.
    Preview,
}

/// Data a rule needs beyond plain statement lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Merchant category codes on card payments.
    MerchantCategory,
    /// Time of day on transactions (date-only statements lack it).
    TimeOfDay,
    /// The city or branch of card, cash and counter transactions.
    Location,
    /// Counterparty accounts or names on transfers.
    Counterparty,
    /// KYC or registry data on persons (birth date, nationality, phones, e-mails, addresses).
    Registry,
    /// Ad-site data: ads or an ad site's production return.
    Ads,
    /// An employer's payroll file (gross and net pay per employee), which banks seldom hold.
    Payroll,
    /// A list of crypto addresses attributed to dark-web markets or abuse services.
    AttributionList,
}

impl Need {
    /// What is missing, for the notice.
    pub fn describe(self) -> &'static str {
        match self {
            Need::MerchantCategory => "merchant category codes on card payments",
            Need::TimeOfDay => "times of day on transactions",
            Need::Location => "cities or branches on transactions",
            Need::Counterparty => "counterparty accounts or names on transfers",
            Need::Registry => "registry or KYC records of persons",
            Need::Ads => "ad-site data (ads or a production return)",
            Need::Payroll => "an employer payroll file (gross and net pay per employee)",
            Need::AttributionList => "a list of attributed crypto addresses (rules.THB-029.addresses)",
        }
    }
}

/// What a rule is.
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    /// Stable code, `THB-` and the row of `INDICATORS.md`.
    pub code: &'static str,
    /// Short title.
    pub title: &'static str,
    /// Stable or preview.
    pub status: Status,
    /// Chain roles it points to (R, T, X, F, B, CB, V).
    pub roles: &'static [&'static str],
    /// Data it needs beyond statement lines.
    pub needs: &'static [Need],
}

/// A financial red flag.
pub trait Rule: Sync {
    /// What the rule is.
    fn meta(&self) -> Meta;
    /// Looks at one statement account.
    fn check(&self, _account: &Account<'_>, _ctx: &Context<'_>, _p: &Params<'_>) -> Option<Finding> {
        None
    }
    /// Whether the rule looks across the whole workspace ([`Rule::check_all`]) rather than at accounts one by
    /// one ([`Rule::check`], which the engine runs in its single pass over the accounts with the other such
    /// rules).
    fn across(&self) -> bool {
        false
    }
    /// Looks across the whole workspace, for rules about entities or about many accounts at once; called only
    /// when [`Rule::across`] says so. The default runs [`Rule::check`] on every account.
    fn check_all(&self, ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
        over_accounts(ctx, |a| self.check(a, ctx, p))
    }
}

/// Runs `f` on every statement account, on all cores (accounts are independent), and names each finding by
/// its account and subject, in account order.
pub(crate) fn over_accounts<'p, F>(ctx: &Context<'p>, f: F) -> Vec<(String, String, Finding)>
where
    F: Fn(&Account<'p>) -> Option<Finding> + Sync,
{
    let accounts: Vec<&Account<'p>> = ctx.parties.accounts.values().collect();
    theseus_model::par::map(&accounts, 1024, |a| f(a).map(|found| named(ctx, a, found))).into_iter().flatten().collect()
}

/// A finding on an account, named by the account and its subject.
fn named(ctx: &Context<'_>, a: &Account<'_>, found: Finding) -> (String, String, Finding) {
    (a.number.clone(), ctx.parties.subject_of(&a.number).unwrap_or_default(), found)
}

/// What rules may consult beyond the account itself.
pub struct Context<'a> {
    /// All parties.
    pub parties: &'a Parties<'a>,
    /// Shared identifiers.
    pub links: &'a Links,
    /// All entities.
    pub entities: &'a [Entity],
    /// The ad analysis of the workspace's ads, run once per analysis; `None` when there are no ads.
    pub ads: Option<&'a theseus_ads::AdAnalysis>,
    /// The configuration.
    pub config: &'a Config,
    /// The rules' parameters, one [`Params`] per rule for the whole run, so that what a rule prepares from
    /// them (word matchers, code sets) is prepared once, also when another rule reads them.
    params: std::sync::Mutex<std::collections::HashMap<&'static str, std::sync::Arc<Params<'a>>>>,
    /// Word matchers by word list, shared by the rules' parameters: rules looking for the same words test
    /// each text once.
    words: crate::config::SharedWords,
    /// Counterparty names normalised ([`Context::name_key_of`]), by descriptor number, on first use.
    name_keys: std::sync::OnceLock<Box<[std::sync::OnceLock<Box<str>>]>>,
    /// The business accounts ([`labour::is_business`]), worked out on first use.
    business: std::sync::OnceLock<std::collections::HashSet<&'a str>>,
    /// The persons' names ([`labour::NameIndex`]), built on first use.
    names: std::sync::OnceLock<labour::NameIndex>,
    /// The registry look-ups ([`labour::Registry`]), built on first use.
    registry: std::sync::OnceLock<labour::Registry<'a>>,
}

impl<'a> Context<'a> {
    /// The counterparty name of `t`, a transaction with descriptor number `desc`, normalised as
    /// [`theseus_model::normalize::name_key`] does it; worked out once per descriptor in the run.
    pub(crate) fn name_key_of(&self, desc: u32, t: &Transaction) -> &str {
        let n = self.parties.descriptors;
        let keys = self.name_keys.get_or_init(|| (0..n).map(|_| std::sync::OnceLock::new()).collect());
        let key = || theseus_model::normalize::name_key(t.cpty_name.as_deref().unwrap_or("")).into_boxed_str();
        keys[desc as usize].get_or_init(key)
    }

    /// The statement accounts held by a company or another organisation, or by a holder whose name carries
    /// one of THB-020's `company_forms`: worked out once for the run, on all cores.
    pub(crate) fn business(&self) -> &std::collections::HashSet<&'a str> {
        self.business.get_or_init(|| {
            let forms = labour::LegalForms::new(&self.params("THB-020").list("company_forms"));
            let accounts: Vec<&'a Account<'a>> = self.parties.accounts.values().collect();
            let parties = self.parties;
            theseus_model::par::map(&accounts, 256, |a| {
                let owned = a.owner.as_ref().and_then(|(id, _)| parties.entities.get(id.as_str()));
                (owned.is_some_and(|e| labour::is_organisation(e))
                    || a.holder.as_deref().is_some_and(|h| forms.in_name(h)))
                .then_some(a.number.as_str())
            })
            .into_iter()
            .flatten()
            .collect()
        })
    }

    /// The registry's persons and the private statement holders by name, indexed once for the run.
    pub(crate) fn names(&self) -> &labour::NameIndex {
        self.names.get_or_init(|| labour::NameIndex::build(self))
    }

    /// The registry look-ups, indexed once for the run.
    pub(crate) fn registry(&self) -> &labour::Registry<'a> {
        self.registry.get_or_init(|| labour::Registry::build(self))
    }

    /// The parameters of rule `code`, shared for the run.
    pub fn params(&self, code: &'static str) -> std::sync::Arc<Params<'a>> {
        let mut m = self.params.lock().expect("parameters of the run");
        m.entry(code)
            .or_insert_with(|| std::sync::Arc::new(self.config.params_sharing(code, self.words.clone())))
            .clone()
    }
}

/// A raw hit before scoring.
#[derive(Debug, Clone)]
pub struct RawHit {
    /// Rule code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Roles.
    pub roles: Vec<String>,
    /// Account (or `entity:<id>` for identifier hits).
    pub account: String,
    /// Subject id the hit belongs to.
    pub subject: String,
    /// The finding.
    pub finding: Finding,
}

/// Every built-in rule, in code order.
pub fn catalogue() -> Vec<Box<dyn Rule>> {
    let mut v: Vec<Box<dyn Rule>> = vec![
        Box::new(ad_payments::AdPayments),
        Box::new(short_stays::ShortStays),
        Box::new(night_rides::NightRides),
        Box::new(night_cash::NightCash),
        Box::new(many_payers::ManyPayers),
        Box::new(funnel::Funnel),
        Box::new(pass_through::PassThrough),
        Box::new(shared_identifiers::SharedIdentifiers),
        Box::new(cash_no_payroll::CashNoPayroll),
        Box::new(remittances::Remittances),
        Box::new(ad_identifiers::AdIdentifiers),
        Box::new(assets_beyond_income::AssetsBeyondIncome),
        // Second set, sexual exploitation and laundering: add rules below this line.
        Box::new(circuit::Circuit),
        Box::new(travel::Travel),
        Box::new(upkeep::Upkeep),
        Box::new(adult_after_hours::AdultAfterHours),
        Box::new(crypto_prepaid::CryptoPrepaid),
        Box::new(online_small::OnlineSmall),
        Box::new(structuring::Structuring),
        Box::new(many_senders::ManySenders),
        Box::new(attributed_crypto::AttributedCrypto),
        Box::new(processors::Processors),
        Box::new(msb_id::MsbId),
        Box::new(young_inflow::YoungInflow),
        Box::new(loan_passed_on::LoanPassedOn),
        // Second set, labour exploitation: add rules below this line.
        Box::new(third_party_contact::ThirdPartyContact),
        Box::new(rent_for_several::RentForSeveral),
        Box::new(several_wages::SeveralWages),
        Box::new(salary_returned::SalaryReturned),
        Box::new(sub_minimum_pay::SubMinimumPay),
        Box::new(no_payroll::NoPayroll),
        Box::new(cash_front::CashFront),
        Box::new(recruitment_fees::RecruitmentFees),
        Box::new(controlled_account::ControlledAccount),
        Box::new(visa_fees::VisaFees),
    ];
    v.sort_by_key(|r| r.meta().code);
    v
}

/// What data the workspace holds, for the rules' needs.
#[derive(Debug, Default)]
pub struct DataProfile {
    have: BTreeSet<&'static str>,
}

impl DataProfile {
    /// Looks at the data once.
    pub fn of(transactions: &[Transaction], entities: &[Entity], config: &Config) -> DataProfile {
        let mut have = BTreeSet::new();
        if transactions.iter().any(|t| t.mcc.is_some()) {
            have.insert("mcc");
        }
        if transactions.iter().any(|t| t.ts.has_time()) {
            have.insert("time");
        }
        if transactions.iter().any(|t| t.city.is_some() || t.branch.is_some()) {
            have.insert("location");
        }
        if transactions.iter().any(|t| t.cpty_account.is_some() || t.cpty_name.is_some()) {
            have.insert("cpty");
        }
        if entities.iter().any(|e| e.schema == "Person") {
            have.insert("registry");
        }
        if entities.iter().any(|e| e.schema == "Advertisement" || e.schema == "UserAccount") {
            have.insert("ads");
        }
        if entities.iter().any(|e| e.schema == "Payroll") {
            have.insert("payroll");
        }
        if !config.params("THB-029").list("addresses").is_empty() {
            have.insert("attribution");
        }
        DataProfile { have }
    }

    /// The first need the data does not meet.
    pub fn missing(&self, needs: &[Need]) -> Option<Need> {
        needs.iter().copied().find(|n| {
            !self.have.contains(match n {
                Need::MerchantCategory => "mcc",
                Need::TimeOfDay => "time",
                Need::Location => "location",
                Need::Counterparty => "cpty",
                Need::Registry => "registry",
                Need::Ads => "ads",
                Need::Payroll => "payroll",
                Need::AttributionList => "attribution",
            })
        })
    }
}

/// Runs every enabled rule whose data is present (and the user's own rules); returns the hits and the
/// notices of rules skipped.
pub fn run_all(
    transactions: &[Transaction],
    entities: &[Entity],
    parties: &Parties<'_>,
    links: &Links,
    ads: Option<&theseus_ads::AdAnalysis>,
    config: &Config,
) -> (Vec<RawHit>, Vec<String>) {
    let ctx = Context {
        parties,
        links,
        entities,
        ads,
        config,
        params: Default::default(),
        words: Default::default(),
        name_keys: Default::default(),
        business: Default::default(),
        names: Default::default(),
        registry: Default::default(),
    };
    let profile = DataProfile::of(transactions, entities, config);
    let mut notices = Vec::new();
    let mut runnable: Vec<(Box<dyn Rule>, std::sync::Arc<Params<'_>>)> = Vec::new();
    for rule in catalogue() {
        let m = rule.meta();
        if !config.enabled(m.code) {
            notices.push(format!("{} {} is disabled in the rule pack.", m.code, m.title));
            continue;
        }
        if let Some(need) = profile.missing(m.needs) {
            notices.push(format!(
                "{} {} did not run: it needs {}, which the workspace lacks.",
                m.code,
                m.title,
                need.describe()
            ));
            continue;
        }
        let p = ctx.params(m.code);
        runnable.push((rule, p));
    }
    // Per-rule timings for the screening benchmark, on request only.
    let timings = std::env::var_os("THESEUS_RULE_TIMINGS").is_some();
    // Rules about many accounts or entities at once run on their own; the others in one pass over the
    // accounts, each account read once for all of them while it is in the cache. The pass and the other
    // rules are independent and share the cores.
    let single: Vec<usize> = (0..runnable.len()).filter(|&k| !runnable[k].0.across()).collect();
    let tasks: Vec<Option<usize>> =
        std::iter::once(None).chain((0..runnable.len()).filter(|k| !single.contains(k)).map(Some)).collect();
    let mut done: Vec<Vec<Vec<(String, String, Finding)>>> = theseus_model::par::map(&tasks, 1, |task| {
        let started = std::time::Instant::now();
        let found = match task {
            Some(k) => vec![runnable[*k].0.check_all(&ctx, &runnable[*k].1)],
            None => one_pass(&ctx, &runnable, &single, timings),
        };
        if timings {
            let what = task.map_or_else(
                || format!("the {} account-by-account rules in one pass", single.len()),
                |k| format!("rule {}", runnable[k].0.meta().code),
            );
            eprintln!("{what} {:.3} s", started.elapsed().as_secs_f64());
        }
        found
    });
    let mut found: Vec<Vec<(String, String, Finding)>> = vec![Vec::new(); runnable.len()];
    for (task, results) in tasks.iter().zip(done.iter_mut()) {
        match task {
            Some(k) => found[*k] = std::mem::take(&mut results[0]),
            None => {
                for (&k, r) in single.iter().zip(results.iter_mut()) {
                    found[k] = std::mem::take(r);
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((rule, _), found) in runnable.iter().zip(found) {
        let m = rule.meta();
        for (account, subject, finding) in found {
            out.push(RawHit {
                code: m.code.to_string(),
                title: m.title.to_string(),
                roles: m.roles.iter().map(|r| r.to_string()).collect(),
                account,
                subject,
                finding,
            });
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
                code: "THB-013".into(),
                title: "Collects rapid pass-through from another account".into(),
                roles: vec!["X".into(), "B".into()],
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
    for c in &config.custom {
        if !config.enabled(&c.code) {
            continue;
        }
        match c.compile() {
            Ok(rule) => out.extend(rule.run(parties)),
            Err(e) => notices.push(format!("{}: {e}", c.code)),
        }
    }
    (out, notices)
}

/// The account-by-account rules `single` (indices into `runnable`) in one pass over the accounts, on all
/// cores; their findings rule by rule, in account order.
fn one_pass(
    ctx: &Context<'_>,
    runnable: &[(Box<dyn Rule>, std::sync::Arc<Params<'_>>)],
    single: &[usize],
    timings: bool,
) -> Vec<Vec<(String, String, Finding)>> {
    let accounts: Vec<&Account<'_>> = ctx.parties.accounts.values().collect();
    let spent: Vec<std::sync::atomic::AtomicU64> = single.iter().map(|_| Default::default()).collect();
    let mut per_account: Vec<Vec<Option<Finding>>> = theseus_model::par::map(&accounts, 16, |a| {
        single
            .iter()
            .zip(&spent)
            .map(|(&k, spent)| {
                let started = timings.then(std::time::Instant::now);
                let found = runnable[k].0.check(a, ctx, &runnable[k].1);
                if let Some(s) = started {
                    spent.fetch_add(s.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
                }
                found
            })
            .collect()
    });
    if timings {
        for (&k, spent) in single.iter().zip(&spent) {
            let cpu = spent.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9;
            eprintln!("  rule {} {cpu:.3} s on all cores together", runnable[k].0.meta().code);
        }
    }
    (0..single.len())
        .map(|j| {
            accounts
                .iter()
                .zip(per_account.iter_mut())
                .filter_map(|(a, f)| f[j].take().map(|f| named(ctx, a, f)))
                .collect()
        })
        .collect()
}

/// Whether a time lies no later than `span` after `start` (`t - start <= span`), with the end worked out
/// once rather than a difference of dates per line. The answer is the difference's: an end beyond the
/// calendar is reached by every time when the span is positive and by none when it is negative, and a leap
/// second (which date arithmetic treats apart) is compared by the difference itself.
pub(crate) fn until(start: NaiveDateTime, span: Duration) -> impl Fn(NaiveDateTime) -> bool {
    reach(start, span, true)
}

/// Whether a time lies less than `span` after `start` (`t - start < span`): [`until`] with the end left out.
pub(crate) fn short_of(start: NaiveDateTime, span: Duration) -> impl Fn(NaiveDateTime) -> bool {
    reach(start, span, false)
}

/// [`until`] (`with_end`) or [`short_of`].
fn reach(start: NaiveDateTime, span: Duration, with_end: bool) -> impl Fn(NaiveDateTime) -> bool {
    use chrono::Timelike;
    let end = start.checked_add_signed(span);
    let leap = |t: NaiveDateTime| t.nanosecond() >= 1_000_000_000;
    let start_leap = leap(start);
    let holds = move |o: std::cmp::Ordering| if with_end { o.is_le() } else { o.is_lt() };
    move |t| {
        if start_leap || leap(t) {
            return holds((t - start).cmp(&span));
        }
        match end {
            Some(end) => holds(t.cmp(&end)),
            None => span > Duration::zero(),
        }
    }
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
        let within = until(time(&items[i]), span);
        while j + 1 < items.len() && within(time(&items[j + 1])) {
            j += 1;
        }
        let n = j - i + 1;
        if n >= min && best.is_none_or(|(a, b)| n > b - a + 1) {
            best = Some((i, j));
        }
    }
    best.map(|(a, b)| (a..=b).collect())
}

pub(crate) fn period<T: std::ops::Deref<Target = Transaction>>(txns: &[T]) -> (String, String) {
    let first = txns.iter().map(|t| t.ts.date()).min();
    let last = txns.iter().map(|t| t.ts.date()).max();
    (first.map(|d| d.to_string()).unwrap_or_default(), last.map(|d| d.to_string()).unwrap_or_default())
}

pub(crate) fn finding<T: std::ops::Deref<Target = Transaction>>(text: String, txns: &[T]) -> Finding {
    Finding { text, evidence: txns.iter().map(|t| t.id.clone()).collect(), period: period(txns), counterparts: vec![] }
}

pub(crate) fn total<T: std::ops::Deref<Target = Transaction>>(txns: &[T]) -> String {
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

/// Whether the account is refunded travel expenses (an employer's credit naming expenses): the travel on it
/// is business travel. The words are THB-002's `expense_words`, shared by the travel rules.
pub(crate) fn refunded_travel(a: &Account<'_>, ctx: &Context<'_>) -> bool {
    let words = ctx.params("THB-002").substrings("expense_words");
    a.rows().any(|t| t.direction == theseus_model::Direction::Credit && words.at(&t, ctx))
}

pub(crate) fn text_of(t: &Transaction) -> String {
    // One allocation: the parts lower-cased straight into the result.
    let parts = [t.merchant.as_deref(), t.cpty_name.as_deref(), t.memo.as_deref()];
    let mut out = String::with_capacity(parts.iter().flatten().map(|p| p.len() + 1).sum());
    for p in parts.into_iter().flatten() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in p.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate, NaiveDateTime};

    fn at(d: &str) -> NaiveDateTime {
        d.parse().expect("a date and time")
    }

    #[test]
    fn until_and_short_of_answer_as_the_difference_does() {
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_500))
            .expect("a leap second");
        let times = [
            at("2016-12-30T23:59:59"),
            at("2016-12-31T23:59:59"),
            leap,
            at("2017-01-01T00:00:00"),
            at("2017-01-01T00:00:01"),
            at("2017-01-02T00:00:00"),
            NaiveDateTime::MIN,
            NaiveDateTime::MAX,
        ];
        let spans = [
            Duration::zero(),
            Duration::seconds(1),
            Duration::days(1),
            Duration::days(-1),
            Duration::days(1 << 30),
            Duration::days(-(1 << 30)),
        ];
        for &start in &times {
            for &span in &spans {
                let (within, short) = (super::until(start, span), super::short_of(start, span));
                for &t in &times {
                    assert_eq!(within(t), t - start <= span, "start {start}, span {span}, time {t}");
                    assert_eq!(short(t), t - start < span, "start {start}, span {span}, time {t}");
                }
            }
        }
    }
}
