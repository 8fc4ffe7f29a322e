//! Links through shared strong identifiers, with hub control.

use std::collections::{BTreeMap, BTreeSet};

use theseus_model::{Entity, normalize};

use crate::Config;
use crate::output::Hub;
use crate::parties::Parties;

/// Properties that carry strong identifiers, by kind.
const STRONG: &[(&str, &[&str])] = &[
    ("phone", &["phone"]),
    ("email", &["email"]),
    ("account", &["iban", "accountNumber"]),
    ("document", &["passportNumber", "idNumber", "socialSecurityNumber", "taxNumber"]),
    ("crypto", &["publicKey", "cryptoAddress"]),
];

/// One identifier shared by a few parties.
#[derive(Debug, Clone)]
pub struct Shared {
    /// Kind: phone, email, account, document, crypto.
    pub kind: String,
    /// Normalised value.
    pub value: String,
    /// The entities that carry it (ids), sorted.
    pub entities: Vec<String>,
}

/// The result of linking.
#[derive(Debug, Default)]
pub struct Links {
    /// Identifiers shared by 2..=hub_degree entities.
    pub shared: Vec<Shared>,
    /// Identifiers set aside.
    pub hubs: Vec<Hub>,
}

pub(crate) fn normal(kind: &str, v: &str) -> Option<String> {
    match kind {
        "phone" => normalize::phone(v, None).ok().or_else(|| Some(v.trim().to_string())),
        "email" => normalize::email(v).ok(),
        "account" => Some(normalize::account(v).0),
        _ => Some(v.trim().to_uppercase()).filter(|s| !s.is_empty()),
    }
}

/// A value made of one repeated digit, with or without a leading `+` (000000, +4911111111 is not: it has
/// two different digits): what forms put in when the real value is unknown.
fn is_placeholder(v: &str) -> bool {
    let digits: Vec<char> = v.trim_start_matches('+').chars().collect();
    digits.len() >= 4 && digits.iter().all(|c| c.is_ascii_digit()) && digits.iter().all(|c| *c == digits[0])
}

impl Links {
    /// Finds identifiers shared between entities, and between statement accounts' holders through the
    /// online-banking device or IP address they used. Relationship entities (Ownership, Payment…) are skipped:
    /// they repeat identifiers of the parties they connect. BankAccount entities are skipped for the account
    /// kind, since ownership ties them already. Parties are named by entity id, or by subject id
    /// (`acct:<number>`) for accounts with no registry holder.
    pub fn build(entities: &[Entity], parties: &Parties<'_>, config: &Config) -> Links {
        let mut by_key: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for e in entities {
            let Some(s) = e.schema_def() else { continue };
            // Postings and records of communication repeat their parties' identifiers; they are not parties.
            if s.edge.is_some()
                || matches!(e.schema.as_str(), "BankAccount" | "Call" | "Message" | "Payment" | "Note")
                || s.is_a("Article")
            {
                continue;
            }
            for (kind, props) in STRONG {
                for p in *props {
                    for v in e.values(p) {
                        if let Some(n) = normal(kind, v) {
                            by_key.entry((kind.to_string(), n)).or_default().insert(e.id.clone());
                        }
                    }
                }
            }
        }
        // The distinct values of each account (`Account::devices`), on all cores.
        let accounts: Vec<&crate::parties::Account<'_>> = parties.accounts.values().collect();
        let per_account = theseus_model::par::map(&accounts, 64, |acc| {
            let subject = parties.subject_of(&acc.number)?;
            let values: BTreeSet<(&str, &str)> =
                acc.devices.iter().map(|&(kind, v)| (kind, v.trim())).filter(|(_, v)| !v.is_empty()).collect();
            Some((subject, values))
        });
        for (subject, values) in per_account.into_iter().flatten() {
            for (kind, v) in values {
                by_key.entry((kind.to_string(), v.to_string())).or_default().insert(subject.clone());
            }
        }
        let mut out = Links::default();
        for ((kind, value), ents) in by_key {
            if ents.len() < 2 {
                continue;
            }
            let stop = config.stop_list.iter().any(|s| s.eq_ignore_ascii_case(&value)) || is_placeholder(&value);
            // The degree counts parties (persons, companies, statement holders), not the accounts, phone lines
            // and ad-site profiles that carry the same identifier for one of them.
            let degree = ents
                .iter()
                .filter(|id| match parties.entities.get(id.as_str()) {
                    Some(e) => e.schema_def().is_some_and(|s| s.is_a("LegalEntity")),
                    None => true,
                })
                .count();
            if stop || degree > config.hub_degree {
                out.hubs.push(Hub {
                    kind,
                    value,
                    degree,
                    reason: if stop {
                        "on the stop-list, or a placeholder value".into()
                    } else {
                        format!("carried by {degree} parties, more than the limit of {}", config.hub_degree)
                    },
                });
                continue;
            }
            out.shared.push(Shared { kind, value, entities: ents.into_iter().collect() });
        }
        out
    }
}
