//! goAML suspicious transaction reports drafted from an alert, for the FIU that receives them.
//!
//! goAML is UNODC's reporting system, run by some sixty financial intelligence units; each distributes its own
//! XSD to reporting entities, with its own code lists (report codes, transmodes, funds types, report
//! indicators) and limits. This crate reads the FIU's XSD at run time ([`Schema`]), maps the THB indicators of
//! an alert to the FIU's report indicators through a per-FIU mapping kept as data (`mappings/*.toml`,
//! [`Mapping`]), drafts the narrative from the evidence, lists the evidence transactions with both parties, and
//! checks every value it writes against the schema before returning the XML ([`build_str`]): a report the
//! FIU's validator would refuse is refused here, with the reasons.
//!
//! FIUs write their XSD patterns as .NET regular expressions; [`dotnet_patterns`] rewrites a schema so that a
//! W3C validator reads them as the FIU's validator does.
//!
//! Every party is written as a non-client party (`t_from`/`t_to`): statements give account numbers, names
//! and banks, not the KYC file (account opening date, signatories' identification) goAML demands of a
//! reporting entity's own client. A bank filing for its own client completes those in goAML.

mod mapping;
mod narrative;
mod reporter;
mod schema;
mod xml;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDateTime;
use iban::IbanLike as _;
use rust_decimal::Decimal;
use theseus_analysis::output::{SourceRef, Subject};
use theseus_model::{Channel, Direction, Entity, Transaction};

pub use mapping::{Fiu, Mapping};
pub use reporter::{Institution, Location, Reporter, ReportingPerson};
pub use schema::{CodeList, Schema, dotnet_patterns};

use xml::Node;

/// An export error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's doing: a schema, mapping or reporter file that does not fit, an alert without evidence.
    #[error("{0}")]
    User(String),
    /// The drafted report does not satisfy the FIU's schema: nothing is written.
    #[error("the goAML report would not validate against the FIU's schema: {}", .0.join("; "))]
    Invalid(Vec<String>),
}

/// What the report is drafted from: a subject of the latest analysis and the records around it.
pub struct StrInput<'a> {
    /// The alerted subject.
    pub subject: &'a Subject,
    /// The alert's id, when the subject was alerted.
    pub alert_id: Option<&'a str>,
    /// The analyst's latest disposition, in words.
    pub disposition: Option<String>,
    /// Statement transactions; those named in the subject's evidence are reported.
    pub transactions: &'a [Transaction],
    /// The analysis's cited records, by record id (for each transaction's source).
    pub sources: &'a BTreeMap<String, SourceRef>,
    /// Registry entities (for whether the subject is a person or a company, and a person's details).
    pub entities: &'a [Entity],
}

/// How the report is made.
#[derive(Debug, Clone)]
pub struct Options {
    /// `submission_date` of the report (local time of the reporting entity).
    pub submitted_at: NaiveDateTime,
    /// At most this many transactions are listed (see [`select`] for the rule).
    pub max_transactions: usize,
}

/// A drafted report.
#[derive(Debug, Clone)]
pub struct StrReport {
    /// The goAML XML, checked against the schema.
    pub xml: String,
    /// The FIU's indicator codes written.
    pub indicators: Vec<String>,
    /// Transactions listed.
    pub listed: usize,
    /// Evidence transactions of the alert found in the statements.
    pub evidence: usize,
    /// What the reader of the draft should know: placeholders, values adjusted to fit, indicators with no FIU
    /// code, evidence not listed.
    pub notes: Vec<String>,
}

/// Drafts the STR of one subject, checked against the schema.
pub fn build_str(
    schema: &Schema,
    mapping: &Mapping,
    reporter: &Reporter,
    input: &StrInput<'_>,
    options: &Options,
) -> Result<StrReport, Error> {
    let s = input.subject;
    let mut notes = Vec::new();
    if reporter.placeholder {
        notes.push(
            "reporting-entity details are placeholders (no reporter file): the draft is marked not for filing"
                .to_string(),
        );
    }
    let by_id: HashMap<&str, &Transaction> = input.transactions.iter().map(|t| (t.id.as_str(), t)).collect();
    let evidence = evidence_transactions(s, &by_id);
    if evidence.is_empty() {
        return Err(Error::User(format!(
            "subject {} has no evidence transaction in the workspace's statements: a goAML STR lists at least one",
            s.id
        )));
    }
    let listed = select(s, &by_id, options.max_transactions);
    if listed.len() < evidence.len() {
        notes.push(format!(
            "{} of {} evidence transactions listed (at most {}: each indicator's largest transactions in turn)",
            listed.len(),
            evidence.len(),
            options.max_transactions
        ));
    }

    // The local currency and the rate of every other currency in the report.
    let local = local_currency(reporter, mapping, &listed);
    let mut missing: Vec<&str> = listed
        .iter()
        .map(|t| t.currency.code())
        .filter(|c| *c != local && !reporter.exchange_rates.contains_key(*c))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        return Err(Error::User(format!(
            "the report's local currency is {local} but transactions are in {}: give the rates in the reporter \
             file's [exchange_rates] ({} = <{local} per unit>)",
            missing.join(", "),
            missing[0]
        )));
    }

    // Indicators: the generic ones, then each fired THB code's, in order of the hits.
    let mut indicators: Vec<String> = Vec::new();
    for c in &mapping.always {
        push_unique(&mut indicators, c);
    }
    let mut unmapped = Vec::new();
    for h in &s.hits {
        let codes = mapping.indicator_codes(&h.code);
        if codes.is_empty() {
            push_unique(&mut unmapped, &h.code);
        }
        for c in codes {
            push_unique(&mut indicators, c);
        }
    }
    if !unmapped.is_empty() {
        notes.push(format!(
            "no {} indicator code for {} (told in the narrative only)",
            mapping.fiu_name,
            unmapped.join(", ")
        ));
    }

    let ctx = Ctx { schema, mapping, reporter, input, local: &local };
    let mut report = Node::new("report");
    report.value("rentity_id", reporter.rentity_id.to_string());
    if let Some(b) = &reporter.rentity_branch {
        report.text("rentity_branch", b.as_str());
    }
    report.value("submission_code", mapping.submission_code.as_str());
    report.value("report_code", mapping.report_code.as_str());
    let reference = input.alert_id.unwrap_or(&s.id);
    report.value("entity_reference", format!("{}-{reference}", reporter.reference_prefix));
    report.value("submission_date", datetime(options.submitted_at));
    report.value("currency_code_local", local.as_str());
    if let Some(p) = &reporter.reporting_person {
        let mut n = Node::new("reporting_person");
        n.text_opt("title", p.title.as_deref());
        n.text("first_name", p.first_name.as_str());
        n.text("last_name", p.last_name.as_str());
        if let Some(e) = &p.email {
            n.value("email", e.as_str());
        }
        n.text_opt("occupation", p.occupation.as_deref());
        report.child(n);
    }
    if let Some(l) = &reporter.location {
        let mut n = Node::new("location");
        n.value("address_type", mapping.location_address_type.as_str());
        n.text("address", l.address.as_str());
        n.text("city", l.city.as_str());
        n.text_opt("zip", l.zip.as_deref());
        n.value("country_code", l.country_code.as_str());
        n.text("state", l.state.as_deref().unwrap_or(&l.city));
        report.child(n);
    }
    let reason = narrative::reason(input, mapping, &listed, &evidence, options.max_transactions);
    report.text("reason", reason.fit(schema.max_length(&["report", "reason"])));
    let action = narrative::action(input, reporter.placeholder);
    report.text("action", action.fit(schema.max_length(&["report", "action"])));
    for t in &listed {
        report.child(ctx.transaction(t)?);
    }
    let mut ind = Node::new("report_indicators");
    for c in &indicators {
        ind.value("indicator", c.as_str());
    }
    report.child(ind);

    let checked = schema.check(&mut report);
    if !checked.violations.is_empty() {
        return Err(Error::Invalid(checked.violations));
    }
    // The same name adjusted in every transaction is said once.
    let mut said = HashSet::new();
    for a in checked.adjustments {
        let what = a.split_once(": ").map_or(a.as_str(), |(_, rest)| rest).to_string();
        if said.insert(what) {
            notes.push(a);
        }
    }
    Ok(StrReport { xml: report.to_xml(), indicators, listed: listed.len(), evidence: evidence.len(), notes })
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// The subject's evidence transactions found in the statements, each once, in the order of the hits.
fn evidence_transactions<'t>(s: &Subject, by_id: &HashMap<&str, &'t Transaction>) -> Vec<&'t Transaction> {
    let mut seen = HashSet::new();
    s.hits
        .iter()
        .flat_map(|h| h.evidence.iter())
        .filter(|id| seen.insert(id.as_str()))
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect()
}

/// The transactions a report lists, at most `cap`: each indicator's evidence sorted by amount (largest
/// first), taken one per indicator in turn so that every indicator that fired is shown by its strongest
/// transactions; the result in date order.
pub fn select<'t>(s: &Subject, by_id: &HashMap<&str, &'t Transaction>, cap: usize) -> Vec<&'t Transaction> {
    let mut queues: Vec<Vec<&Transaction>> = s
        .hits
        .iter()
        .map(|h| {
            let mut q: Vec<&Transaction> = h.evidence.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect();
            q.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.id.cmp(&b.id)));
            q.reverse(); // popped from the end: largest first
            q
        })
        .collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while out.len() < cap && queues.iter().any(|q| !q.is_empty()) {
        for q in &mut queues {
            if out.len() >= cap {
                break;
            }
            while let Some(t) = q.pop() {
                if seen.insert(t.id.as_str()) {
                    out.push(t);
                    break;
                }
            }
        }
    }
    out.sort_by(|a, b| a.ts.local().cmp(&b.ts.local()).then(a.id.cmp(&b.id)));
    out
}

/// The report's local currency: the reporter's; else the transactions' when they share one; else the FIU's.
fn local_currency(reporter: &Reporter, mapping: &Mapping, listed: &[&Transaction]) -> String {
    if let Some(c) = &reporter.currency_code_local {
        return c.trim().to_ascii_uppercase();
    }
    let mut ccys: Vec<&str> = listed.iter().map(|t| t.currency.code()).collect();
    ccys.sort_unstable();
    ccys.dedup();
    match ccys.as_slice() {
        [one] => one.to_string(),
        _ => mapping.default_currency.clone(),
    }
}

fn datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

struct Ctx<'a> {
    schema: &'a Schema,
    mapping: &'a Mapping,
    reporter: &'a Reporter,
    input: &'a StrInput<'a>,
    local: &'a str,
}

/// How a bank is identified to the FIU.
enum InstitutionId {
    Swift(String),
    Code(String),
}

impl Ctx<'_> {
    fn transaction(&self, t: &Transaction) -> Result<Node, Error> {
        let mut n = Node::new("transaction");
        n.value("transactionnumber", t.id.as_str());
        if let Some(r) = t.source_ref.as_deref().filter(|r| *r != t.id) {
            n.value("internal_ref_number", r);
        }
        let location = t.city.clone().or_else(|| t.branch.clone()).unwrap_or_else(|| {
            if t.device_id.is_some() || t.ip.is_some() { "Online".to_string() } else { String::new() }
        });
        n.text("transaction_location", location);
        n.text("transaction_description", description(t));
        n.value("date_transaction", datetime(t.ts.local()));
        if let Some(v) = t.value_date {
            n.value("value_date", format!("{}T00:00:00", v.format("%Y-%m-%d")));
        }
        let home = self.account_country(&t.account);
        let cpty_country = self.counterparty_country(t);
        let abroad = cpty_country.as_deref().is_some_and(|c| c != home);
        n.value("transmode_code", self.mapping.transmode(t.channel, t.direction, abroad));
        if let Some(c) = &self.mapping.transmode_comment {
            n.value("transmode_comment", c.as_str());
        }
        let rate = if t.currency.code() == self.local {
            None
        } else {
            Some(*self.reporter.exchange_rates.get(t.currency.code()).ok_or_else(|| {
                Error::User(format!("no exchange rate for {} in the reporter file", t.currency.code()))
            })?)
        };
        let local_amount = rate.map_or(t.amount, |r| t.amount * r);
        n.value("amount_local", amount(local_amount));
        let [from_funds, to_funds] = self.mapping.funds(t.channel, t.direction, abroad);
        let cpty_country = cpty_country.unwrap_or_else(|| home.clone());
        let cash = matches!(t.channel, Channel::Cash | Channel::Atm);
        let (from, to) = match t.direction {
            Direction::Debit => ("from", "to"),
            Direction::Credit => ("to", "from"),
        };
        // The subject's side: its statement account; the other side: the counterparty.
        let mut own = Node::new(&format!("t_{from}"));
        own.value(&format!("{from}_funds_code"), if from == "from" { from_funds } else { to_funds });
        if let Some(r) = rate {
            let mut fc = Node::new(&format!("{from}_foreign_currency"));
            fc.value("foreign_currency_code", t.currency.code());
            fc.value("foreign_amount", amount(t.amount));
            fc.value("foreign_exchange_rate", r.normalize().to_string());
            own.child(fc);
        }
        own.child(self.own_party(t, from));
        own.value(&format!("{from}_country"), home.as_str());
        let mut other = Node::new(&format!("t_{to}"));
        other.value(&format!("{to}_funds_code"), if to == "from" { from_funds } else { to_funds });
        if cash {
            let what = if t.direction == Direction::Credit { "paid it in" } else { "took it out" };
            other.text(
                &format!("{to}_funds_comment"),
                format!("Cash; the statement does not say who {what}: the account holder is shown."),
            );
        }
        other.child(self.counterparty(t, to));
        other.value(&format!("{to}_country"), cpty_country.as_str());
        // Schema order: t_from before t_to.
        if from == "from" {
            n.child(own).child(other);
        } else {
            n.child(other).child(own);
        }
        if let Some(src) = self.input.sources.get(&t.id) {
            n.text(
                "comments",
                format!(
                    "Source: {} (SHA-256 {}), record {}, read by {}. {}",
                    src.file, src.sha256, src.locator, src.extractor, src.summary
                ),
            );
        }
        Ok(n)
    }

    /// The subject's statement account as a party: an account when its bank can be identified, else its holder.
    fn own_party(&self, t: &Transaction, side: &str) -> Node {
        let inst = t
            .bank
            .as_deref()
            .and_then(|b| self.registered(b))
            .or_else(|| iban_bank_code(&t.account).map(InstitutionId::Code));
        let holder = t.account_holder.clone().unwrap_or_else(|| self.input.subject.name.clone());
        match inst {
            Some(id) => self.account(side, t.bank.as_deref(), id, &t.account, Some(t.currency.code()), &holder),
            None => self.holder(side, &holder),
        }
    }

    fn counterparty(&self, t: &Transaction, side: &str) -> Node {
        if matches!(t.channel, Channel::Cash | Channel::Atm) {
            let holder = t.account_holder.clone().unwrap_or_else(|| self.input.subject.name.clone());
            return self.holder(side, &holder);
        }
        let name = t
            .cpty_name
            .clone()
            .or_else(|| t.merchant.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "UNKNOWN".to_string());
        if let Some(acct) = t.cpty_account.as_deref().filter(|a| !a.trim().is_empty()) {
            let bank = t.cpty_bank.as_deref();
            let inst = bank
                .and_then(|b| self.registered(b))
                .or_else(|| bank.filter(|b| is_bic(b)).map(|b| InstitutionId::Swift(b.trim().to_ascii_uppercase())))
                .or_else(|| iban_bank_code(acct).map(InstitutionId::Code));
            if let Some(id) = inst {
                let bank_name = bank.filter(|b| !is_bic(b));
                return self.account(side, bank_name, id, acct, None, &name);
            }
        }
        let mut e = Node::new(&format!("{side}_entity"));
        e.text("name", name);
        e
    }

    fn registered(&self, bank: &str) -> Option<InstitutionId> {
        let i = self.reporter.institution(bank)?;
        match (&i.swift, &i.code) {
            (Some(s), _) => Some(InstitutionId::Swift(s.clone())),
            (None, Some(c)) => Some(InstitutionId::Code(c.clone())),
            (None, None) => None,
        }
    }

    fn account(
        &self,
        side: &str,
        bank: Option<&str>,
        id: InstitutionId,
        number: &str,
        currency: Option<&str>,
        name: &str,
    ) -> Node {
        let mut a = Node::new(&format!("{side}_account"));
        a.text_opt("institution_name", bank);
        match id {
            InstitutionId::Swift(s) => a.value("swift", s),
            InstitutionId::Code(c) => a.value("institution_code", c),
        };
        a.value("account", number);
        if let Some(c) = currency {
            a.value("currency_code", c);
        }
        a.text("account_name", name);
        if let Ok(i) = number.parse::<iban::Iban>() {
            a.value("iban", i.electronic_str());
        }
        a
    }

    /// An account holder as a party: a person when a registry record says so, else an entity by name.
    fn holder(&self, side: &str, name: &str) -> Node {
        let ids: HashSet<&str> = self.input.subject.entities.iter().map(String::as_str).collect();
        let linked: Vec<&Entity> = self.input.entities.iter().filter(|e| ids.contains(e.id.as_str())).collect();
        if let Some(p) = linked.iter().find(|e| e.schema == "Person") {
            let mut n = Node::new(&format!("{side}_person"));
            if let Some(g) = p.first("gender").and_then(|g| self.mapping.gender(g)) {
                n.value("gender", g);
            }
            let full = p.first("name").unwrap_or(name);
            let (first, last) = match (p.first("firstName"), p.first("lastName")) {
                (Some(f), Some(l)) => (f.to_string(), l.to_string()),
                _ => split_name(full),
            };
            n.text("first_name", first);
            n.text("last_name", last);
            if let Some(b) = p.first("birthDate").filter(|b| b.len() == 10) {
                n.value("birthdate", format!("{b}T00:00:00"));
            }
            if let Some(c) = p.first("nationality").map(str::to_ascii_uppercase).filter(|c| self.is_country(c)) {
                n.value("nationality1", c);
            }
            return n;
        }
        let mut n = Node::new(&format!("{side}_entity"));
        n.text("name", name);
        n
    }

    fn is_country(&self, c: &str) -> bool {
        self.schema.codes("country_type").is_some_and(|l| l.contains(c))
    }

    /// The country of a statement account: its IBAN's, else the reporter's, else the FIU's.
    fn account_country(&self, account: &str) -> String {
        account
            .parse::<iban::Iban>()
            .ok()
            .map(|i| i.country_code().to_string())
            .filter(|c| self.is_country(c))
            .or_else(|| self.reporter.country.clone())
            .unwrap_or_else(|| self.mapping.default_country.clone())
    }

    /// The counterparty's country when the evidence gives it (stated, or from its IBAN).
    fn counterparty_country(&self, t: &Transaction) -> Option<String> {
        t.cpty_country.as_deref().map(|c| c.trim().to_ascii_uppercase()).filter(|c| self.is_country(c)).or_else(|| {
            let i = t.cpty_account.as_deref()?.parse::<iban::Iban>().ok()?;
            Some(i.country_code().to_string()).filter(|c| self.is_country(c))
        })
    }
}

/// The bank identifier inside an IBAN (national bank code), when the IBAN registry defines one.
fn iban_bank_code(account: &str) -> Option<String> {
    let i = account.parse::<iban::Iban>().ok()?;
    i.bank_identifier().map(str::to_string)
}

/// Whether a value has the shape of a SWIFT BIC (ISO 9362).
fn is_bic(s: &str) -> bool {
    let s = s.trim();
    (s.len() == 8 || s.len() == 11)
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s[..6].chars().all(|c| c.is_ascii_alphabetic())
        && s == s.to_ascii_uppercase()
}

/// A name as first and last: "Last, First" as written; else the last word is the surname.
fn split_name(s: &str) -> (String, String) {
    let s = s.trim();
    if let Some((last, first)) = s.split_once(',') {
        return (first.trim().to_string(), last.trim().to_string());
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [] => ("UNKNOWN".into(), "UNKNOWN".into()),
        [one] => ("UNKNOWN".into(), one.to_string()),
        [rest @ .., last] => (rest.join(" "), last.to_string()),
    }
}

/// An amount with two decimals.
fn amount(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

/// A one-line description from what the statement says of the transaction.
fn description(t: &Transaction) -> String {
    let what = match (t.channel, t.direction) {
        (Channel::Card, Direction::Debit) => "Card payment",
        (Channel::Card, Direction::Credit) => "Card refund",
        (Channel::Atm, Direction::Debit) => "ATM cash withdrawal",
        (Channel::Atm, Direction::Credit) => "ATM cash deposit",
        (Channel::Cash, Direction::Debit) => "Cash withdrawal",
        (Channel::Cash, Direction::Credit) => "Cash deposit",
        (Channel::Payroll, _) => "Salary",
        (_, Direction::Debit) => "Transfer out",
        (_, Direction::Credit) => "Transfer in",
    };
    let mut s = format!("{what} ({})", t.channel.as_str());
    let party = t.merchant.as_deref().or(t.cpty_name.as_deref());
    if let Some(p) = party {
        s.push_str(if t.direction == Direction::Debit { " to " } else { " from " });
        s.push_str(p);
    }
    if let Some(m) = t.mcc {
        s.push_str(&format!(", MCC {m:04}"));
    }
    if let Some(m) = t.memo.as_deref().filter(|m| !m.trim().is_empty()) {
        s.push_str(": ");
        s.push_str(m.trim());
    }
    s
}
