//! THB-027 Many senders to one beneficiary abroad.
//!
//! **What it detects.** Across all statement accounts of the workspace: five or more distinct senders (holders
//! counted once, whatever the number of their accounts) transferring within 30 days to the same beneficiary
//! account in another country than their own (the beneficiary's country from the counterparty country or its
//! IBAN, the sender's from its own IBAN). The finding says which senders share an address or a phone number
//! in the registry, the strongest form of the indicator; `min_sharing_senders` makes that sharing a
//! condition (0 by default, since registry data is often missing; 2 gives the catalogue's full definition).
//! Transfers that name the beneficiary but no account are not matched: names alone collide.
//!
//! **Why.** Organisers abroad collect the proceeds or the wages of the persons they placed, each sending in
//! their own name so that no single sender looks unusual. Seen from one account it is an ordinary remittance;
//! only the view across accounts shows the collector. The finding belongs to the beneficiary.
//!
//! **Example.** Seven women living at the same address in Hanover each send 300–500 EUR to one Romanian IBAN
//! in the same two weeks.
//!
//! **References.** INDICATORS.md row 27; UAE goAML MURCW/MTOCB; FATF/APG 2018.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use theseus_model::{Channel, Direction, Transaction, normalize};

use super::{Context, Finding, Meta, Need, Rule, Status, finding, total};
use crate::config::Params;
use crate::links::normal;

/// Indicator 27.
pub struct ManySenders;

fn iban_country(account: &str) -> Option<String> {
    normalize::looks_like_iban(account).then(|| account[..2].to_uppercase())
}

impl Rule for ManySenders {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-027",
            title: "Many senders to one beneficiary abroad",
            status: Status::Stable,
            roles: &["B"],
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
    let span = chrono::Duration::days(p.u("window_days") as i64);
    // Transfers abroad by beneficiary account, with the sender's subject.
    // Found account by account on all cores, then gathered in account order.
    let accounts: Vec<&crate::parties::Account<'_>> = parties.accounts.values().collect();
    let abroad = theseus_model::par::map(&accounts, 16, |a| {
        let mut found = Vec::new();
        let Some(home) = iban_country(&a.number) else { return found };
        // An account pays a few beneficiaries again and again: each number is normalised once.
        let mut normalised: HashMap<&str, String, foldhash::fast::FixedState> = HashMap::default();
        for (t, h) in a.txns.iter().zip(a.hot.iter()) {
            if h.direction != Direction::Debit
                || !matches!(h.channel, Channel::Wire | Channel::Msb | Channel::P2p | Channel::Emoney)
            {
                continue;
            }
            let Some(c) = t.cpty_account.as_deref() else { continue };
            let to: &String = normalised.entry(c).or_insert_with(|| normalize::account(c).0);
            if to.is_empty() {
                continue;
            }
            // (An ASCII code is compared without an upper-cased copy.)
            let abroad = match t.cpty_country.as_deref() {
                Some(c) if c.is_ascii() => !c.eq_ignore_ascii_case(&home),
                Some(c) => c.to_uppercase() != home,
                None => iban_country(to).is_some_and(|c| c != home),
            };
            if abroad {
                found.push((to.clone(), t));
            }
        }
        found
    });
    let mut by_beneficiary: BTreeMap<String, Vec<(&Transaction, String)>> = BTreeMap::new();
    for (a, found) in accounts.iter().zip(abroad) {
        if found.is_empty() {
            continue;
        }
        let subject = parties.subject_of(&a.number).unwrap_or_default();
        for (to, t) in found {
            by_beneficiary.entry(to).or_default().push((t, subject.clone()));
        }
    }
    // Addresses and phones of each sender in the registry.
    let contacts = |subject: &str| -> BTreeSet<String> {
        let mut v = BTreeSet::new();
        for id in parties.canon.members(subject) {
            let Some(e) = parties.entities.get(id.as_str()) else { continue };
            v.extend(e.values("phone").iter().filter_map(|x| normal("phone", x)).map(|x| format!("phone {x}")));
            v.extend(
                e.values("address")
                    .iter()
                    .map(|x| normalize::name_key(x))
                    .filter(|x| !x.is_empty())
                    .map(|x| format!("address {x}")),
            );
        }
        v
    };
    let mut out = Vec::new();
    for (to, mut pays) in by_beneficiary {
        pays.sort_by_cached_key(|(t, _)| (t.ts.local(), t.id.clone()));
        let local: Vec<chrono::NaiveDateTime> = pays.iter().map(|(t, _)| t.ts.local()).collect();
        // The window slides in time order, counting its payments per sender.
        let min_senders = p.u("min_senders");
        let mut best: Option<(usize, usize, usize)> = None;
        let (mut per_sender, mut end): (HashMap<&str, usize, foldhash::fast::FixedState>, usize) =
            (HashMap::default(), 0);
        for i in 0..pays.len() {
            while end < pays.len() && local[end] - local[i] <= span {
                *per_sender.entry(pays[end].1.as_str()).or_default() += 1;
                end += 1;
            }
            let senders = per_sender.len();
            if senders >= min_senders && best.is_none_or(|(_, _, b)| senders > b) {
                best = Some((i, end - i, senders));
            }
            let first = pays[i].1.as_str();
            if let Some(n) = per_sender.get_mut(first) {
                *n -= 1;
                if *n == 0 {
                    per_sender.remove(first);
                }
            }
        }
        let Some((i, n, n_senders)) = best else { continue };
        let win = &pays[i..i + n];
        let senders: BTreeSet<&str> = win.iter().map(|(_, s)| s.as_str()).collect();
        let of: BTreeMap<&str, BTreeSet<String>> = senders.iter().map(|s| (*s, contacts(s))).collect();
        let mut shared: BTreeSet<String> = BTreeSet::new();
        let mut sharing: BTreeSet<&str> = BTreeSet::new();
        for (s, c) in &of {
            for (o, d) in &of {
                if s < o {
                    for x in c.intersection(d) {
                        shared.insert(x.clone());
                        sharing.extend([*s, *o]);
                    }
                }
            }
        }
        if sharing.len() < p.u("min_sharing_senders") {
            continue;
        }
        let txns: Vec<&Transaction> = win.iter().map(|(t, _)| *t).collect();
        let accounts: BTreeSet<&str> = txns.iter().map(|t| t.account.as_str()).collect();
        let name = txns.iter().find_map(|t| t.cpty_name.clone());
        let country = txns.iter().find_map(|t| t.cpty_country.clone()).or_else(|| iban_country(&to));
        let mut f = finding(
            format!(
                "{n_senders} distinct senders ({} accounts: {}) made {} transfers within {} days to beneficiary \
                 account {to}{}{}, {} in all{}",
                accounts.len(),
                accounts.iter().copied().collect::<Vec<_>>().join(", "),
                txns.len(),
                p.u("window_days"),
                name.map(|n| format!(" ({n})")).unwrap_or_default(),
                country.map(|c| format!(" in {c}")).unwrap_or_default(),
                total(&txns),
                if sharing.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} of the senders share registry contacts: {}",
                        sharing.len(),
                        shared.into_iter().collect::<Vec<_>>().join(", ")
                    )
                }
            ),
            &txns,
        );
        f.counterparts = accounts.iter().map(|s| s.to_string()).collect();
        let subject =
            parties.subject_of(&to).or_else(|| parties.registry_owner(&to)).unwrap_or_else(|| format!("acct:{to}"));
        out.push((to, subject, f));
    }
    out
}
