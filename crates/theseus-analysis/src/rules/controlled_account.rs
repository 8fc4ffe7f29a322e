//! THB-025 Foreign worker's account controlled by the employer or agency.
//!
//! **What it detects.** An account holder whose nationality differs from the country where she lives, and
//! whose KYC phone or e-mail equals that of her employer (a registry Employment), of the employer's directors
//! or owners, or of a company or person who pays her accounts; or whose address equals that of such a
//! company. Identifiers that are hubs (carried by more parties than the hub limit, or stop-listed) are not
//! used, and a payer of her own surname (a parent paying a student abroad) is family, not an employer.
//!
//! **Why.** Employers and agencies that control foreign workers open their accounts for them and give their
//! own contact details, so that cards, PINs, statements and the bank's calls reach them, not the worker. The
//! published indicator also names the employer as signatory or holder of a power of attorney; the workspace
//! holds no mandates, so that part is not checked. A company address is not compared with a person paying
//! (an au pair lives with the family that pays her).
//!
//! **Example.** Ion Rusu, a Moldovan national living in Germany, has the mobile number of the managing director
//! of Bau Nord GmbH, which employs him, as his KYC phone.
//!
//! **References.** INDICATORS.md row 25; FinCEN FIN-2014-A008 (AFQSC).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use theseus_model::{Direction, Entity};

use super::labour::{accounts_of, contacts, controllers, is_organisation, surname};
use super::{Context, Finding, Meta, Need, Rule, Status};
use crate::config::Params;

/// Indicator 25.
pub struct ControlledAccount;

impl Rule for ControlledAccount {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-025",
            title: "Foreign worker's account with the employer's contact details",
            status: Status::Stable,
            roles: &["X", "V"],
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
    let canon = &parties.canon;
    let kinds = p.list("kinds");
    let hubs: HashSet<(&str, &str)> = ctx.links.hubs.iter().map(|h| (h.kind.as_str(), h.value.as_str())).collect();
    let stop: HashSet<String> = ctx.config.stop_list.iter().map(|s| s.to_lowercase()).collect();
    let owner_of = |acct: &str| {
        parties
            .accounts
            .get(acct)
            .and_then(|a| a.owner.as_ref().map(|o| o.0.clone()))
            .or_else(|| parties.registry_owner(acct))
    };
    // Who pays each account, from both sides of the statements.
    let mut payers: HashMap<String, BTreeSet<String>> = HashMap::new();
    for a in parties.accounts.values() {
        let me = a.owner.as_ref().map(|o| o.0.clone());
        for t in a.txns.iter() {
            let Some(c) = t.cpty_account.as_deref() else { continue };
            match t.direction {
                Direction::Debit => {
                    if let Some(me) = &me {
                        payers.entry(c.to_string()).or_default().insert(me.clone());
                    }
                }
                Direction::Credit => {
                    if let Some(o) = owner_of(c) {
                        payers.entry(a.number.clone()).or_default().insert(o);
                    }
                }
            }
        }
    }
    let mut employers: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for e in ctx.entities.iter().filter(|e| e.schema == "Employment") {
        if let (Some(w), Some(r)) = (e.first("employee"), e.first("employer")) {
            employers.entry(canon.of(w)).or_default().push((canon.of(r), e.id.clone()));
        }
    }
    let mut out = Vec::new();
    let mut done = HashSet::new();
    for person in ctx.entities.iter().filter(|e| e.schema == "Person") {
        let pid = canon.of(&person.id);
        let nat: BTreeSet<String> = person.values("nationality").iter().map(|s| s.to_uppercase()).collect();
        let home: BTreeSet<String> = person.values("country").iter().map(|s| s.to_uppercase()).collect();
        if nat.is_empty() || home.is_empty() || !nat.is_disjoint(&home) || !done.insert(pid.clone()) {
            continue;
        }
        let accounts = accounts_of(&pid, ctx);
        if accounts.is_empty() {
            continue;
        }
        // Candidates: employers, their directors and owners, and payers; with the record that ties them.
        let mut candidates: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        for (emp, rec) in employers.get(&pid).into_iter().flatten() {
            candidates.entry(emp.clone()).or_insert_with(|| ("employer".into(), vec![rec.clone()]));
            for c in controllers(emp, ctx) {
                candidates.entry(c).or_insert_with(|| ("director or owner of the employer".into(), vec![rec.clone()]));
            }
        }
        for acct in &accounts {
            for payer in payers.get(acct).into_iter().flatten() {
                candidates.entry(payer.clone()).or_insert_with(|| (format!("payer of account {acct}"), vec![]));
            }
        }
        candidates.remove(&pid);
        let mine: Vec<(&str, String)> = contacts(person)
            .into_iter()
            .filter(|(k, v)| kinds.iter().any(|x| x == k) && !hubs.contains(&(*k, v.as_str())) && !stop.contains(v))
            .collect();
        let my_surname = surname(person);
        for (cid, (relation, records)) in candidates {
            let Some(c) = parties.entities.get(cid.as_str()).copied() else { continue };
            if c.schema == "Person" && surname(c).is_some() && surname(c) == my_surname {
                continue;
            }
            let theirs = contacts_of_cluster(&cid, ctx);
            let shared: Vec<&(&str, String)> = mine
                .iter()
                .filter(|(k, _)| *k != "address" || is_organisation(c))
                .filter(|x| theirs.contains(x))
                .collect();
            if shared.is_empty() {
                continue;
            }
            let what = shared.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
            let text = format!(
                "{} (nationality {}, living in {}) holds account(s) {} with the same {what} as {} ({relation})",
                person.caption(),
                nat.iter().cloned().collect::<Vec<_>>().join("/"),
                home.iter().cloned().collect::<Vec<_>>().join("/"),
                accounts.join(", "),
                c.caption()
            );
            let mut evidence = vec![person.id.clone(), c.id.clone()];
            evidence.extend(records);
            let f = Finding { text, evidence, period: (String::new(), String::new()), counterparts: vec![] };
            out.push((format!("entity:{}", person.id), pid.clone(), f.clone()));
            out.push((format!("entity:{}", c.id), cid.clone(), f));
        }
    }
    out
}

/// Contact details of every record of a resolved entity.
fn contacts_of_cluster(id: &str, ctx: &Context<'_>) -> Vec<(&'static str, String)> {
    ctx.parties
        .canon
        .members(id)
        .iter()
        .filter_map(|m| ctx.parties.entities.get(m.as_str()).copied())
        .flat_map(|e: &Entity| contacts(e))
        .collect()
}
