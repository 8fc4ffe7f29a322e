//! Rules users write themselves, without recompiling.
//!
//! A custom rule is a `[[custom]]` table of the rule pack: a `where` expression over one transaction's fields
//! selects transactions; a windowed aggregate over the selected transactions of one account (`measure` within
//! `window_days`) must reach `min`. This covers what most published red flags are — "at least N such
//! transactions, or so much money, or so many distinct counterparties or places, within D days" — in a form
//! an analyst can read and a court can have explained, without a general programming language. The
//! expression language is `evalexpr`'s (comparison, arithmetic, `&&`, `||`, `!`, string functions such as
//! `str::regex_matches`); the fields are listed in [`FIELDS`]. Rules are checked when the pack is loaded: an
//! unknown field, a syntax error or an expression that is not true-or-false is an error naming the rule.
//!
//! ```toml
//! [[custom]]
//! code = "USR-001"
//! title = "Cash deposits just under 1,000 at night"
//! typologies = ["laundering"]
//! roles = ["X"]
//! where = 'direction == "in" && channel == "cash" && amount >= 900 && amount < 1000 && night'
//! window_days = 7
//! measure = "count"
//! min = 3
//! ```

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, Timelike};
use evalexpr::{ContextWithMutableVariables, DefaultNumericTypes, HashMapContext, Node, Value, build_operator_tree};
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use theseus_model::{Direction, Transaction};

use crate::parties::Parties;
use crate::rules::{Finding, RawHit, finding, total};

/// The fields a `where` expression may use, with what they hold.
pub const FIELDS: &[(&str, &str)] = &[
    ("amount", "amount, a positive number"),
    ("currency", "ISO 4217 code, e.g. \"EUR\""),
    ("direction", "\"in\" or \"out\""),
    ("channel", "cash, atm, card, wire, p2p, emoney, crypto, msb, cheque, payroll, direct_debit, fee, other"),
    ("mcc", "merchant category code, -1 when absent"),
    ("merchant", "merchant name, \"\" when absent"),
    ("counterparty", "counterparty name, \"\" when absent"),
    ("counterparty_account", "counterparty account, \"\" when absent"),
    ("counterparty_country", "counterparty country (ISO 3166-1 alpha-2), \"\" when absent"),
    ("city", "city of the terminal, ATM or branch, \"\" when absent"),
    ("memo", "payment reference, \"\" when absent"),
    ("hour", "local hour 0-23, -1 for date-only records"),
    ("weekday", "1 (Monday) to 7 (Sunday)"),
    ("night", "true between 22:00 and 06:00 local time"),
];

/// Aggregates a custom rule can measure over its window.
pub const MEASURES: &[&str] = &["count", "sum", "distinct_counterparties", "distinct_cities"];

/// A rule written in the rule language.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    /// Code, starting with `USR-`.
    pub code: String,
    /// Title.
    pub title: String,
    /// Chain roles it points to.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Typologies it feeds.
    pub typologies: Vec<String>,
    /// Which transactions count.
    #[serde(rename = "where")]
    pub filter: String,
    /// Window length in days.
    pub window_days: f64,
    /// What is measured in the window: one of [`MEASURES`].
    #[serde(default = "count")]
    pub measure: String,
    /// The measure must reach this.
    pub min: f64,
}

fn count() -> String {
    "count".into()
}

/// A custom rule ready to run.
pub struct Compiled<'a> {
    rule: &'a CustomRule,
    node: Node<DefaultNumericTypes>,
}

impl CustomRule {
    /// Parses and checks the rule.
    pub fn compile(&self) -> Result<Compiled<'_>, String> {
        if !self.code.starts_with("USR-") || self.code.len() < 5 {
            return Err("the code must start with USR- (THB- codes belong to the built-in catalogue)".into());
        }
        if !MEASURES.contains(&self.measure.as_str()) {
            return Err(format!("measure {:?} is not one of {}", self.measure, MEASURES.join(", ")));
        }
        if self.window_days <= 0.0 || self.min <= 0.0 {
            return Err("window_days and min must be positive".into());
        }
        let node = build_operator_tree::<DefaultNumericTypes>(&self.filter)
            .map_err(|e| format!("`where` does not parse: {e}"))?;
        let unknown: BTreeSet<&str> =
            node.iter_variable_identifiers().filter(|v| !FIELDS.iter().any(|(f, _)| f == v)).collect();
        if !unknown.is_empty() {
            return Err(format!(
                "`where` uses unknown field(s) {}; the fields are {}",
                unknown.into_iter().collect::<Vec<_>>().join(", "),
                FIELDS.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
            ));
        }
        let c = Compiled { rule: self, node };
        // Type check on a sample transaction: the expression must be true or false.
        c.node
            .eval_boolean_with_context(&context(&sample()))
            .map_err(|e| format!("`where` must be true or false for every transaction: {e}"))?;
        Ok(c)
    }
}

impl Compiled<'_> {
    /// Whether a transaction is selected. An evaluation error (a field of an unexpected type) counts as no.
    fn selects(&self, t: &Transaction) -> bool {
        self.node.eval_boolean_with_context(&context(t)).unwrap_or(false)
    }

    fn measure(&self, win: &[&Transaction]) -> f64 {
        match self.rule.measure.as_str() {
            "sum" => win.iter().filter_map(|t| t.amount.to_f64()).sum(),
            "distinct_counterparties" => win
                .iter()
                .filter_map(|t| t.cpty_account.as_deref().or(t.cpty_name.as_deref()))
                .collect::<BTreeSet<_>>()
                .len() as f64,
            "distinct_cities" => win.iter().filter_map(|t| t.city.as_deref()).collect::<BTreeSet<_>>().len() as f64,
            _ => win.len() as f64,
        }
    }

    /// Runs the rule on every account.
    pub fn run(&self, parties: &Parties<'_>) -> Vec<RawHit> {
        let span = Duration::seconds((self.rule.window_days * 86_400.0) as i64);
        let mut out = Vec::new();
        for a in parties.accounts.values() {
            let sel: Vec<&Transaction> = a.txns.iter().filter(|t| self.selects(t)).collect();
            // The window with the largest measure among those that reach `min`.
            let mut best: Option<(f64, usize, usize)> = None;
            let mut j = 0;
            for i in 0..sel.len() {
                j = j.max(i);
                while j + 1 < sel.len() && sel[j + 1].ts.local() - sel[i].ts.local() <= span {
                    j += 1;
                }
                let m = self.measure(&sel[i..=j]);
                if m >= self.rule.min && best.is_none_or(|(b, _, _)| m > b) {
                    best = Some((m, i, j));
                }
            }
            let Some((m, i, j)) = best else { continue };
            let hits = &sel[i..=j];
            let f: Finding = finding(
                format!(
                    "{}: {} {} within {} days ({} transactions, {})",
                    self.rule.title,
                    self.rule.measure.replace('_', " "),
                    if self.rule.measure == "sum" {
                        crate::rules::money(rust_decimal::Decimal::from_f64_retain(m).unwrap_or_default())
                    } else {
                        format!("{m}")
                    },
                    self.rule.window_days,
                    hits.len(),
                    total(hits)
                ),
                hits,
            );
            out.push(RawHit {
                code: self.rule.code.clone(),
                title: self.rule.title.clone(),
                roles: self.rule.roles.clone(),
                account: a.number.clone(),
                subject: parties.subject_of(&a.number).unwrap_or_default(),
                finding: f,
            });
        }
        out
    }
}

fn s(v: Option<&str>) -> Value<DefaultNumericTypes> {
    Value::String(v.unwrap_or("").to_string())
}

/// The fields of one transaction.
fn context(t: &Transaction) -> HashMapContext<DefaultNumericTypes> {
    let mut c = HashMapContext::<DefaultNumericTypes>::new();
    let local = t.ts.local();
    let has_time = t.ts.has_time();
    let values = [
        ("amount", Value::from_float(t.amount.to_f64().unwrap_or(0.0))),
        ("currency", Value::String(t.currency.code().to_string())),
        ("direction", Value::String(if t.direction == Direction::Credit { "in" } else { "out" }.to_string())),
        ("channel", Value::String(t.channel.as_str().to_string())),
        ("mcc", Value::from_int(t.mcc.map(i64::from).unwrap_or(-1))),
        ("merchant", s(t.merchant.as_deref())),
        ("counterparty", s(t.cpty_name.as_deref())),
        ("counterparty_account", s(t.cpty_account.as_deref())),
        ("counterparty_country", s(t.cpty_country.as_deref())),
        ("city", s(t.city.as_deref())),
        ("memo", s(t.memo.as_deref())),
        ("hour", Value::from_int(if has_time { i64::from(local.hour()) } else { -1 })),
        ("weekday", Value::from_int(i64::from(local.weekday().number_from_monday()))),
        ("night", Value::Boolean(t.ts.is_night() == Some(true))),
    ];
    for (k, v) in values {
        c.set_value(k.to_string(), v).expect("a fresh context accepts values");
    }
    c
}

fn sample() -> Transaction {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(12, 0, 0)).expect("valid date");
    Transaction {
        id: "sample".into(),
        source_ref: None,
        bank: None,
        account: "X".into(),
        account_holder: None,
        ts: theseus_model::Timestamp::Local(at),
        value_date: None,
        amount: rust_decimal::Decimal::ONE,
        currency: "EUR".parse().expect("EUR is a currency"),
        direction: Direction::Credit,
        channel: theseus_model::Channel::Card,
        merchant: None,
        mcc: None,
        cpty_name: None,
        cpty_account: None,
        cpty_bank: None,
        cpty_country: None,
        city: None,
        branch: None,
        geo: None,
        device_id: None,
        ip: None,
        memo: None,
        balance: None,
        provenance: theseus_model::Provenance {
            sha256: String::new(),
            file_name: String::new(),
            locator: theseus_model::Locator::Line { line: 0 },
            extractor: String::new(),
            extractor_version: String::new(),
            ingested_at: chrono::DateTime::UNIX_EPOCH,
            batch: 0,
        },
    }
}
