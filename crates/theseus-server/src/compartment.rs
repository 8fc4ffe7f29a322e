//! The victim compartment: persons the analysis marks as victims or likely victims are shown by a stable
//! pseudonym (`Victim-7F3A`) to everyone without the `victim_data` permission.
//!
//! A victim is a subject with a victim warning, or whose strongest role hypothesis is the victim role (`V`);
//! a controller whose indicators also lend the victim role some support is not one.
//! Their names, aliases, phones, e-mails, identity numbers and accounts are collected from the subject and its
//! registry entities, and every string the server sends such a user (JSON, exports, the report) has them
//! replaced: names by the pseudonym, identifiers by `[withheld: Victim-7F3A]`. Replacing in every string, not
//! only in name fields, also covers findings, timeline texts, edge labels and notes that quote a victim.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde_json::Value;
use sha2::{Digest, Sha256};
use theseus_analysis::Analysis;
use theseus_model::Entity;

/// Properties that name a person.
const NAME_PROPS: [&str; 4] = ["name", "alias", "previousName", "weakAlias"];
/// Properties that identify a person or their means of contact or payment.
const IDENT_PROPS: [&str; 9] = [
    "phone",
    "email",
    "idNumber",
    "passportNumber",
    "taxNumber",
    "socialSecurityNumber",
    "iban",
    "accountNumber",
    "innCode",
];
/// Strings shorter than this are not replaced, so that initials or short words never turn into pseudonyms.
const MIN_LEN: usize = 4;

/// Victims and how to hide them.
#[derive(Debug, Default)]
pub struct Compartment {
    /// Entity, subject and network node id → pseudonym.
    pseudonyms: HashMap<String, String>,
    matcher: Option<AhoCorasick>,
    replacements: Vec<String>,
}

impl Compartment {
    /// Finds the victims of an analysis; `secret` keys the pseudonyms.
    pub fn build(a: &Analysis, entities: &HashMap<String, Entity>, secret: &str) -> Compartment {
        let mut pseudonyms = HashMap::new();
        // Sensitive string → replacement; a BTreeMap so that the matcher is built in a stable order.
        let mut sensitive: BTreeMap<String, String> = BTreeMap::new();
        let mut used: HashMap<String, String> = HashMap::new();
        let top_role_is_victim = |s: &theseus_analysis::output::Subject| {
            s.roles.iter().max_by(|a, b| a.1.total_cmp(b.1)).is_some_and(|(r, _)| r == "V")
        };
        for s in a.subjects.iter().filter(|s| s.victim_warning.is_some() || top_role_is_victim(s)) {
            let digest = hex::encode_upper(Sha256::new().chain_update(secret).chain_update(&s.id).finalize());
            // Four hex digits read well; more only when two victims would share them.
            let mut len = 4;
            while used.get(&digest[..len]).is_some_and(|other| other != &s.id) {
                len += 2;
            }
            used.insert(digest[..len].to_string(), s.id.clone());
            let p = format!("Victim-{}", &digest[..len]);
            let withheld = format!("[withheld: {p}]");
            pseudonyms.insert(s.id.clone(), p.clone());
            sensitive.insert(s.name.clone(), p.clone());
            for acct in &s.accounts {
                pseudonyms.insert(format!("acct:{acct}"), p.clone());
                sensitive.insert(acct.clone(), withheld.clone());
            }
            for id in &s.entities {
                pseudonyms.insert(id.clone(), p.clone());
                let Some(e) = entities.get(id) else { continue };
                for prop in NAME_PROPS {
                    for v in e.properties.get(prop).into_iter().flatten() {
                        sensitive.insert(v.clone(), p.clone());
                    }
                }
                for prop in IDENT_PROPS {
                    for v in e.properties.get(prop).into_iter().flatten() {
                        sensitive.insert(v.clone(), withheld.clone());
                    }
                }
            }
        }
        for n in a.network.nodes.iter().filter(|n| n.victim_warning) {
            if !pseudonyms.contains_key(&n.id) {
                let digest = hex::encode_upper(Sha256::new().chain_update(secret).chain_update(&n.id).finalize());
                let p = format!("Victim-{}", &digest[..6]);
                sensitive.insert(n.label.clone(), p.clone());
                pseudonyms.insert(n.id.clone(), p);
            }
        }
        sensitive.retain(|k, _| k.trim().chars().count() >= MIN_LEN);
        let (patterns, replacements): (Vec<String>, Vec<String>) = sensitive.into_iter().unzip();
        let matcher = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .ok()
        };
        Compartment { pseudonyms, matcher, replacements }
    }

    /// The pseudonym of a victim's subject, entity or node id; `None` for everyone else.
    pub fn pseudonym(&self, id: &str) -> Option<&str> {
        self.pseudonyms.get(id).map(String::as_str)
    }

    /// How many ids are in the compartment.
    pub fn len(&self) -> usize {
        self.pseudonyms.len()
    }

    /// Whether there is no victim.
    pub fn is_empty(&self) -> bool {
        self.pseudonyms.is_empty()
    }

    /// A string with every victim's name and identifiers replaced.
    pub fn redact(&self, s: &str) -> String {
        match &self.matcher {
            Some(m) => m.replace_all(s, &self.replacements),
            None => s.to_string(),
        }
    }

    /// Replaces in every string of a JSON value, object keys included.
    pub fn redact_value(&self, v: &mut Value) {
        if self.matcher.is_none() {
            return;
        }
        match v {
            Value::String(s) => *s = self.redact(s),
            Value::Array(items) => items.iter_mut().for_each(|i| self.redact_value(i)),
            Value::Object(map) => {
                let old = std::mem::take(map);
                for (k, mut val) in old {
                    self.redact_value(&mut val);
                    map.insert(self.redact(&k), val);
                }
            }
            _ => {}
        }
    }

    /// The analysis as someone without `victim_data` may see it (for the report).
    pub fn redact_analysis(&self, a: &Analysis) -> Analysis {
        let Ok(mut v) = serde_json::to_value(a) else { return Analysis::default() };
        self.redact_value(&mut v);
        // A redacted analysis that no longer reads back would be a bug; an empty one shows nothing rather
        // than something unredacted.
        serde_json::from_value(v).unwrap_or_default()
    }
}
