//! THB-015 A third party's contact details on several customers' records.
//!
//! **What it detects.** A person or company whose phone number or e-mail address — or, for a party that holds
//! no account itself, whose postal address — is recorded on the KYC records of two or more account-holding
//! persons who do not share its surname. The published indicator rests on branch flags (the customer was
//! accompanied, a third party spoke for them or held their ID); banks rarely record these in a form that
//! reaches an analyst, and this workspace holds none. What the registry does show is the trace such a third
//! party leaves: the contact details he gave when he opened the accounts. Identifiers carried by more
//! parties than the hub limit (a switchboard, a shelter) and stop-listed values are not used.
//!
//! **Why.** A controller or recruiter who brings victims to the bank answers for them and gives his own phone,
//! e-mail or address, so that the bank's letters and calls reach him. Families and flatmates share these
//! too: a family is excluded by the surname test, and a postal address only counts when the party it belongs
//! to is not an account holder living there itself.
//!
//! **Preview.** The rule approximates a branch observation by a registry match; it cannot tell who gave the
//! details, only that one party's details stand on others' records.
//!
//! **Example.** The mobile number of Marko Horvat is the KYC phone of two workers, Ion Rusu and Vasile Ciobanu,
//! who opened accounts in the same week.
//!
//! **References.** INDICATORS.md row 15; FinCEN FIN-2014-A008 (IETHR); FinCEN FIN-2020-A008.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use theseus_model::Entity;

use super::labour::{contacts, is_organisation, surname};
use super::{Context, Finding, Meta, Need, Rule, Status};
use crate::config::Params;

/// Indicator 15.
pub struct ThirdPartyContact;

impl Rule for ThirdPartyContact {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-015",
            title: "Third party's contact details on several customers' records",
            status: Status::Preview,
            roles: &["X", "R"],
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
    let kinds = p.list("kinds");
    let min_customers = p.u("min_customers");
    let hubs: HashSet<(&str, &str)> = ctx.links.hubs.iter().map(|h| (h.kind.as_str(), h.value.as_str())).collect();
    let stop: HashSet<String> = ctx.config.stop_list.iter().map(|s| s.to_lowercase()).collect();
    // Parties by identifier, one record per resolved identity.
    let mut by_value: BTreeMap<(&str, String), Vec<&Entity>> = BTreeMap::new();
    for e in ctx.entities.iter().filter(|e| e.schema == "Person" || is_organisation(e)) {
        for (kind, v) in contacts(e) {
            if !kinds.iter().any(|k| k == kind) || hubs.contains(&(kind, v.as_str())) || stop.contains(&v) {
                continue;
            }
            let list = by_value.entry((kind, v)).or_default();
            if !list.iter().any(|x| parties.canon.of(&x.id) == parties.canon.of(&e.id)) {
                list.push(e);
            }
        }
    }
    // Account holders: owners of statement accounts and of registry bank accounts.
    let holders: HashSet<String> = parties
        .accounts
        .values()
        .filter_map(|a| a.owner.as_ref().map(|o| o.0.clone()))
        .chain(parties.registry_owners.values().cloned())
        .collect();
    let customer = |id: &str| holders.contains(&parties.canon.of(id));
    let mut out = Vec::new();
    let mut flagged = HashSet::new();
    for ((kind, value), ents) in &by_value {
        if ents.len() < min_customers + 1 || ents.len() > ctx.config.hub_degree {
            continue;
        }
        // Who gave the details is not recorded. An organisation or a party without an account of its
        // own is the likelier source; when every party holds an account, each is a candidate.
        let outsiders: Vec<&&Entity> = ents.iter().filter(|e| is_organisation(e) || !customer(&e.id)).collect();
        let candidates: Vec<&&Entity> = if outsiders.is_empty() { ents.iter().collect() } else { outsiders };
        for third in candidates {
            let third_id = parties.canon.of(&third.id);
            // A flatmate's address is her own: an address belongs to a third party only if he holds no
            // account and so is not one of the residents the bank knows.
            if *kind == "address" && customer(&third.id) {
                continue;
            }
            let his = if third.schema == "Person" { surname(third) } else { None };
            let customers: Vec<&&Entity> = ents
                .iter()
                .filter(|c| c.schema == "Person" && parties.canon.of(&c.id) != third_id)
                .filter(|c| his.is_none() || surname(c) != his)
                .filter(|c| customer(&c.id))
                .collect();
            let surnames: BTreeSet<Option<String>> = customers.iter().map(|c| surname(c)).collect();
            if customers.len() < min_customers || !flagged.insert((third_id.clone(), kind, value)) {
                continue;
            }
            let mut evidence = vec![third.id.clone()];
            evidence.extend(customers.iter().map(|c| c.id.clone()));
            out.push((
                format!("entity:{}", third.id),
                third_id,
                Finding {
                    text: format!(
                        "{kind} {value} of {} is on the records of {} account holders with {} other surname(s): {}",
                        third.caption(),
                        customers.len(),
                        surnames.len(),
                        customers.iter().map(|c| c.caption()).collect::<Vec<_>>().join(", ")
                    ),
                    evidence,
                    period: (String::new(), String::new()),
                    counterparts: vec![],
                },
            ));
        }
    }
    out
}
