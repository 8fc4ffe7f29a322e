//! THB-029 Transfers to or from attributed crypto addresses.
//!
//! **What it detects.** Any transaction whose counterparty account, memo or counterparty name carries a
//! crypto address on the attribution list of the rule pack (`rules.THB-029.addresses`: addresses attributed to
//! dark-web markets or child sexual abuse material services by a blockchain-analytics provider or the police).
//! Addresses are compared as whole words, without regard to case, so that a memo quoting an address matches
//! and a longer string containing it does not. The rule runs only when the list is filled.
//!
//! **Why.** Payments to dark-web vendors and abuse-material services are made in crypto-assets; an address
//! that investigators have attributed is as specific as an indicator gets, so one transfer is enough.
//!
//! **Example.** A card-funded purchase at an exchange followed by a withdrawal of 0.01 BTC whose memo names
//! an address attributed to an abuse-material site.
//!
//! **References.** INDICATORS.md row 29; FinCEN FIN-2020-A008; UAE goAML CSAM1.

use std::collections::{BTreeSet, HashSet};

use super::{Context, Finding, Meta, Need, Rule, Status, finding};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 29.
pub struct AttributedCrypto;

impl Rule for AttributedCrypto {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-029",
            title: "Transfers with an attributed crypto address",
            status: Status::Stable,
            roles: &["X"],
            needs: &[Need::AttributionList],
        }
    }
    fn check(&self, a: &Account<'_>, _ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let listed: HashSet<String> =
            p.list("addresses").iter().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect();
        let mut matched: BTreeSet<String> = BTreeSet::new();
        let hits: Vec<_> = a
            .rows()
            .filter(|t| {
                let fields = [t.cpty_account.as_deref(), t.memo.as_deref(), t.cpty_name.as_deref()];
                let found: Vec<String> = fields
                    .into_iter()
                    .flatten()
                    .flat_map(|f| f.split(|c: char| !c.is_ascii_alphanumeric()))
                    .filter(|w| listed.contains(&w.to_lowercase()))
                    .map(str::to_string)
                    .collect();
                let any = !found.is_empty();
                matched.extend(found);
                any
            })
            .collect();
        if hits.is_empty() {
            return None;
        }
        let sent = hits.iter().filter(|t| t.direction == theseus_model::Direction::Debit).count();
        Some(finding(
            format!(
                "{} transaction(s) with attributed crypto address(es) {} ({sent} sent, {} received), {}",
                hits.len(),
                matched.into_iter().collect::<Vec<_>>().join(", "),
                hits.len() - sent,
                super::total(&hits)
            ),
            &hits,
        ))
    }
}
