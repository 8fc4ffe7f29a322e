//! THB-014 Shared identifiers across unrelated persons.
//!
//! **What it detects.** The same phone, e-mail, document number, device or crypto address (the kinds are a
//! parameter) carried by three or more persons with at least two different surnames (so not one family),
//! while fewer parties than the hub limit share it.
//!
//! Identifiers an organisation also carries (a hotel's switchboard given by its staff) are left out.
//!
//! **Why.** A controller registers victims' accounts, phones and ad profiles with his own contact details.
//! Families share phones and addresses, hence the surname test; switchboards and processors are shared by
//! many, hence the hub limit, above which the identifier is set aside and reported instead.
//!
//! **Example.** Three women with different surnames give the same mobile number as the ad-site account that
//! advertises them.
//!
//! **References.** INDICATORS.md row 14; FinCEN FIN-2014-A008 (CSUBS); FATF/APG 2018.

use std::collections::BTreeSet;

use theseus_model::normalize;

use super::{Context, Finding, Meta, Need, Rule, Status};
use crate::config::Params;

fn surname(e: &theseus_model::Entity) -> Option<String> {
    e.first("lastName")
        .map(normalize::name_key)
        .or_else(|| e.first("name").and_then(|n| n.split_whitespace().last()).map(normalize::name_key))
}

/// Indicator 14.
pub struct SharedIdentifiers;

impl Rule for SharedIdentifiers {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-014",
            title: "Identifier shared by unrelated persons",
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
    let (min_persons, min_surnames) = (p.u("min_persons"), p.u("min_surnames"));
    let mut out = Vec::new();
    let kinds = p.list("kinds");
    for s in &ctx.links.shared {
        if !kinds.contains(&s.kind) {
            continue;
        }
        // Persons counted once per resolved identity, and once per full name: a person's registry record
        // and subscriber record sharing a phone is one person, not two, even when resolution left them
        // apart.
        let mut seen = BTreeSet::new();
        let mut names_seen = BTreeSet::new();
        let persons: Vec<_> = s
            .entities
            .iter()
            .filter_map(|id| parties.entities.get(id.as_str()))
            .filter(|e| e.schema == "Person")
            .filter(|e| seen.insert(parties.canon.of(&e.id)))
            .filter(|e| names_seen.insert(normalize::name_key(&e.caption())))
            .collect();
        let surnames: BTreeSet<String> = persons.iter().filter_map(|e| surname(e)).collect();
        if persons.len() < min_persons || surnames.len() < min_surnames {
            continue;
        }
        // A number or address that an organisation also gives as its own is a workplace's (a hotel's
        // switchboard its staff put on their forms), not a controller's.
        if s.entities
            .iter()
            .filter_map(|id| parties.entities.get(id.as_str()))
            .any(|e| e.schema != "Person" && e.schema_def().is_some_and(|d| d.is_a("LegalEntity")))
        {
            continue;
        }
        let names: Vec<String> = persons.iter().map(|e| e.caption()).collect();
        let others = s.entities.len() - persons.len();
        for person in &persons {
            out.push((
                format!("entity:{}", person.id),
                parties.canon.of(&person.id),
                Finding {
                    text: format!(
                        "{} {} is shared by {} persons with {} surnames ({}){}",
                        s.kind,
                        s.value,
                        persons.len(),
                        surnames.len(),
                        names.join(", "),
                        if others > 0 { format!(" and {others} other record(s)") } else { String::new() }
                    ),
                    evidence: s.entities.clone(),
                    period: (String::new(), String::new()),
                    counterparts: vec![],
                },
            ));
        }
    }
    out
}
