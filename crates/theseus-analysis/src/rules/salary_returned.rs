//! THB-018 Salary returned to the employer.
//!
//! **What it detects.** A salary credit followed within three days by transfers of at least 70 % of it back to
//! the employer — its account or name — or to one of its directors or owners according to the registry
//! (Directorship, Ownership), seen on two or more salaries of one employer. Seen from the worker's statement
//! (salary in, money back out) or from the employer's (payroll out, money back in to it or its director).
//!
//! **Why.** An exploiting employer pays the wage on paper, to show a lawful payroll, and takes it back at once:
//! the worker keeps a fraction and the firm's books look clean. Returning most of a wage to one's employer
//! within days has few innocent explanations; an advance repaid once is one, hence two salaries.
//!
//! **Example.** Bau Nord GmbH pays Ion Rusu 1,800 EUR on the 1st; on the 2nd he transfers 1,400 EUR to its
//! managing director, and the same the next month.
//!
//! **References.** INDICATORS.md row 18; FinCEN FIN-2014-A008 (CPCHQ).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use theseus_model::{Channel, Direction, Transaction, normalize};

use super::labour::{accounts_of, controllers, entity_of_counterparty, num};
use super::{Context, Finding, Meta, Need, Rule, Status, finding};
use crate::config::Params;

/// Indicator 18.
pub struct SalaryReturned;

/// The employer's side: who it is, and the accounts and names money back to it goes to.
struct Side {
    /// Subject id and hit account of the employer.
    subject: (String, String),
    name: String,
    accounts: BTreeMap<String, Option<String>>,
    names: BTreeMap<String, Option<String>>,
}

impl Side {
    /// Whether money to `account` or to a name with key `name_key` ([`normalize::name_key`]) goes to the
    /// employer's side; returns the director or owner it reaches, if it is one.
    fn takes(&self, account: Option<&str>, name_key: Option<&str>) -> Option<Option<String>> {
        if let Some(hit) = account.and_then(|a| self.accounts.get(a)) {
            return Some(hit.clone());
        }
        name_key.and_then(|k| self.names.get(k)).cloned()
    }
}

/// The salaries of one account: the line, the key of who paid it, and whether the account is the worker's.
type Salaries<'a> = Vec<(usize, &'a str, bool)>;

/// Whose side a salary's money goes back to: the payer named on a worker's statement (by its account or
/// name key), or the holder of an employer's statement (by its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum SideKey<'a> {
    Payer(&'a str),
    Statement(&'a str),
}

/// One salary returned.
struct Event<'a> {
    salary: &'a Transaction,
    back: Vec<&'a Transaction>,
    returned: Decimal,
    directors: BTreeSet<String>,
}

fn side(t: &Transaction, ctx: &Context<'_>) -> Side {
    let mut accounts = BTreeMap::new();
    let mut names = BTreeMap::new();
    if let Some(a) = &t.cpty_account {
        accounts.insert(a.clone(), None);
    }
    if let Some(n) = &t.cpty_name {
        names.insert(normalize::name_key(n), None);
    }
    let name = t.cpty_name.clone().or_else(|| t.cpty_account.clone()).unwrap_or_default();
    let entity = entity_of_counterparty(t, ctx);
    let subject = match (entity, &t.cpty_account) {
        (Some(e), _) => {
            let id = ctx.parties.canon.of(&e.id);
            let acct = accounts_of(&id, ctx)
                .into_iter()
                .find(|a| ctx.parties.accounts.contains_key(a))
                .unwrap_or_else(|| format!("entity:{id}"));
            (id, acct)
        }
        (None, Some(a)) => (ctx.parties.subject_of(a).unwrap_or_else(|| format!("acct:{a}")), a.clone()),
        (None, None) => (format!("acct:{}", normalize::name_key(&name)), name.clone()),
    };
    if let Some(e) = entity {
        for a in accounts_of(&e.id, ctx) {
            accounts.insert(a, None);
        }
        for n in e.values("name") {
            names.insert(normalize::name_key(n), None);
        }
        for c in controllers(&e.id, ctx) {
            for a in accounts_of(&c, ctx) {
                accounts.entry(a).or_insert_with(|| Some(c.clone()));
            }
            if let Some(ce) = ctx.parties.entities.get(c.as_str()) {
                for n in ce.values("name") {
                    names.entry(normalize::name_key(n)).or_insert_with(|| Some(c.clone()));
                }
            }
        }
    }
    Side { subject, name, accounts, names }
}

impl Rule for SalaryReturned {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-018",
            title: "Salary returned to the employer",
            status: Status::Stable,
            roles: &["CB", "X"],
            needs: &[Need::Counterparty],
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
    let words = p.words("salary_words");
    let (span, share) = (p.days("return_days"), p.f("min_return_share"));
    // The employers' sides in the order first met (statements in account order, lines in time order), and
    // where each key's side is.
    let mut sides: Vec<Side> = Vec::new();
    let mut side_at: HashMap<SideKey<'_>, usize, foldhash::fast::FixedState> = HashMap::default();
    let statements: std::collections::HashSet<&str, foldhash::fast::FixedState> =
        parties.accounts.keys().map(String::as_str).collect();
    let mut events: BTreeMap<String, Vec<Event<'_>>> = BTreeMap::new();
    let moves = |c: Channel| !matches!(c, Channel::Card | Channel::Fee | Channel::DirectDebit);
    // The salaries of every account, found on all cores: a payroll booking or a reference with a salary word
    // (read once per descriptor), with someone on the other side.
    let accounts: Vec<&crate::parties::Account<'_>> = parties.accounts.values().collect();
    let salaries = theseus_model::par::map(&accounts, 16, |a| {
        (0..a.txns.len())
            .filter_map(|i| {
                let (s, h) = (a.txns.at(i), &a.hot[i]);
                let salary = || h.channel == Channel::Payroll || words.in_reference_of(a.desc[i], s, ctx);
                let worker_side = h.direction == Direction::Credit && salary();
                // The employer's statement: payroll out to a worker whose own statement is not here.
                let employer_side = h.direction == Direction::Debit
                    && salary()
                    && !s.cpty_account.as_deref().is_some_and(|c| statements.contains(c));
                if !worker_side && !employer_side {
                    return None;
                }
                super::pass_through::receiver_at(&a.row(i), ctx).map(|key| (i, key, worker_side))
            })
            .collect::<Vec<_>>()
    });
    // The employer's side of every salary, built once per employer.
    fn side_key<'k>(a: &'k crate::parties::Account<'_>, key: &'k str, worker_side: bool) -> SideKey<'k> {
        if worker_side { SideKey::Payer(key) } else { SideKey::Statement(a.number.as_str()) }
    }
    for (a, found) in accounts.iter().zip(&salaries) {
        for &(i, key, worker_side) in found {
            let k = side_key(a, key, worker_side);
            if side_at.contains_key(&k) {
                continue;
            }
            let s = a.txns.at(i);
            let built = if worker_side {
                side(s, ctx)
            } else {
                // The employer is this account's holder; money comes back to it or to its directors.
                let mine =
                    Transaction { cpty_account: Some(a.number.clone()), cpty_name: a.holder.clone(), ..s.clone() };
                side(&mine, ctx)
            };
            side_at.insert(k, sides.len());
            sides.push(built);
        }
    }
    // What came back after each salary, on all cores.
    let jobs: Vec<(&crate::parties::Account<'_>, &Salaries)> = accounts.iter().copied().zip(&salaries).collect();
    let returns = theseus_model::par::map(&jobs, 16, |(a, found)| {
        found
            .iter()
            .filter_map(|(i, key, worker_side)| {
                let (i, worker_side) = (*i, *worker_side);
                let s = a.txns.at(i);
                let mut back = Vec::new();
                let mut returned = Decimal::ZERO;
                let mut directors = BTreeSet::new();
                let employer = &sides[side_at[&side_key(a, key, worker_side)]];
                let within = super::until(a.local[i], span);
                if worker_side {
                    let ends = a.local[i + 1..].iter().take_while(|&&l| within(l)).count();
                    for j in i + 1..i + 1 + ends {
                        let h = &a.hot[j];
                        if h.direction != Direction::Debit || !moves(h.channel) {
                            continue;
                        }
                        let t = a.txns.at(j);
                        let name = t.cpty_name.as_ref().map(|_| ctx.name_key_of(a.desc[j], t));
                        if let Some(d) = employer.takes(t.cpty_account.as_deref(), name) {
                            returned += t.amount;
                            back.push(t);
                            directors.extend(d);
                        }
                    }
                } else {
                    let worker_key = s.cpty_name.as_ref().map(|_| ctx.name_key_of(a.desc[i], s));
                    for acct in employer.accounts.keys().filter_map(|n| parties.accounts.get(n)) {
                        // The account's times are in order: the days after the salary by binary search.
                        let from = acct.local.partition_point(|&l| l < a.local[i]);
                        let to = acct.local.partition_point(|&l| within(l));
                        let from_worker = |j: usize| {
                            let (t, h) = (acct.txns.at(j), &acct.hot[j]);
                            h.direction == Direction::Credit
                                && moves(h.channel)
                                && (t.cpty_account.is_some() && t.cpty_account == s.cpty_account
                                    || worker_key.is_some()
                                        && t.cpty_name.as_ref().map(|_| ctx.name_key_of(acct.desc[j], t)) == worker_key)
                        };
                        for t in (from..to.max(from)).filter(|&j| from_worker(j)).map(|j| acct.txns.at(j)) {
                            returned += t.amount;
                            back.push(t);
                            directors.extend(employer.accounts.get(&acct.number).cloned().flatten());
                        }
                    }
                }
                if back.is_empty() || num(returned) < share * num(s.amount) {
                    return None;
                }
                Some((employer.subject.0.clone(), Event { salary: s, back, returned, directors }))
            })
            .collect::<Vec<_>>()
    });
    for (subject, event) in returns.into_iter().flatten() {
        events.entry(subject).or_default().push(event);
    }
    // A subject met as several sides (its statement and a worker's naming of it) is described by the first.
    let mut by_subject: HashMap<&String, &Side> = HashMap::new();
    for side in &sides {
        by_subject.entry(&side.subject.0).or_insert(side);
    }
    let mut out = Vec::new();
    for (subject, evs) in &events {
        if evs.len() < p.u("min_salaries") {
            continue;
        }
        let employer = by_subject[subject];
        let mut txns: Vec<&Transaction> = Vec::new();
        for e in evs {
            txns.push(e.salary);
            txns.extend(e.back.iter().copied());
        }
        let paid: Decimal = evs.iter().map(|e| e.salary.amount).sum();
        let returned: Decimal = evs.iter().map(|e| e.returned).sum();
        let directors: BTreeSet<&String> = evs.iter().flat_map(|e| e.directors.iter()).collect();
        let director_names: Vec<String> = directors
            .iter()
            .map(|d| parties.entities.get(d.as_str()).map(|e| e.caption()).unwrap_or_else(|| d.to_string()))
            .collect();
        let cur = evs[0].salary.currency.code();
        let text = format!(
            "{} salaries from {} ({} {cur}) were {:.0} % returned within {} days ({} {cur}){}",
            evs.len(),
            employer.name,
            super::money(paid),
            100.0 * num(returned) / num(paid).max(0.01),
            p.u("return_days"),
            super::money(returned),
            if director_names.is_empty() {
                String::new()
            } else {
                format!(", to its director or owner {}", director_names.join(", "))
            }
        );
        let f = finding(text, &txns);
        out.push((employer.subject.1.clone(), subject.clone(), f.clone()));
        for d in directors {
            if d != subject {
                let acct = accounts_of(d, ctx)
                    .into_iter()
                    .find(|a| parties.accounts.contains_key(a))
                    .unwrap_or_else(|| format!("entity:{d}"));
                out.push((acct, d.clone(), f.clone()));
            }
        }
    }
    out
}
