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

/// A person the chain (`theseus_chain`) hypothesises as a victim, as its stored run names them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VictimRef {
    /// Subject id.
    pub subject: String,
    /// Display name.
    pub name: String,
    /// Statement accounts.
    pub accounts: Vec<String>,
    /// Entity ids of the person's records.
    pub entities: Vec<String>,
}

/// The members whose leading role is victim in a stored chain run (JSON), read without the chain crate.
pub fn chain_victims(chain_json: &str) -> Vec<VictimRef> {
    let Ok(v) = serde_json::from_str::<Value>(chain_json) else { return vec![] };
    let strs = |x: &Value| -> Vec<String> {
        x.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect()).unwrap_or_default()
    };
    let mut out = vec![];
    for op in v["cast"]["operations"].as_array().into_iter().flatten() {
        for m in op["members"].as_array().into_iter().flatten() {
            if m["roles"][0]["role"] != "victim" && !m["victim_warning"].is_string() {
                continue;
            }
            let subject = m["subject"].as_str().unwrap_or_default().to_string();
            out.push(VictimRef {
                entities: strs(&v["network"]["parties"][&subject]["entities"]),
                name: m["name"].as_str().unwrap_or_default().to_string(),
                accounts: strs(&m["accounts"]),
                subject,
            });
        }
    }
    out
}

impl Compartment {
    /// Finds the victims of an analysis; `secret` keys the pseudonyms.
    pub fn build(a: &Analysis, entities: &HashMap<String, Entity>, secret: &str) -> Compartment {
        Compartment::build_with(a, &[], entities, secret)
    }

    /// Finds the victims of an analysis and those the chain hypothesises (a victim the first pass gave no
    /// warning, found by paying a controller, is protected too).
    pub fn build_with(
        a: &Analysis,
        chain_victims: &[VictimRef],
        entities: &HashMap<String, Entity>,
        secret: &str,
    ) -> Compartment {
        let mut pseudonyms = HashMap::new();
        // Sensitive string → replacement; a BTreeMap so that the matcher is built in a stable order.
        let mut sensitive: BTreeMap<String, String> = BTreeMap::new();
        let mut used: HashMap<String, String> = HashMap::new();
        let top_role_is_victim = |s: &theseus_analysis::output::Subject| {
            s.roles.iter().max_by(|a, b| a.1.total_cmp(b.1)).is_some_and(|(r, _)| r == "V")
        };
        let mut victims: Vec<VictimRef> = a
            .subjects
            .iter()
            .filter(|s| s.victim_warning.is_some() || top_role_is_victim(s))
            .map(|s| VictimRef {
                subject: s.id.clone(),
                name: s.name.clone(),
                accounts: s.accounts.clone(),
                entities: s.entities.clone(),
            })
            .collect();
        for v in chain_victims {
            if !victims.iter().any(|x| x.subject == v.subject) {
                victims.push(v.clone());
            }
        }
        for s in &victims {
            let s = &VictimView { id: &s.subject, name: &s.name, accounts: &s.accounts, entities: &s.entities };
            let digest = hex::encode_upper(Sha256::new().chain_update(secret).chain_update(s.id).finalize());
            // Four hex digits read well; more only when two victims would share them.
            let mut len = 4;
            while used.get(&digest[..len]).is_some_and(|other| other != s.id) {
                len += 2;
            }
            used.insert(digest[..len].to_string(), s.id.to_string());
            let p = format!("Victim-{}", &digest[..len]);
            let withheld = format!("[withheld: {p}]");
            pseudonyms.insert(s.id.to_string(), p.clone());
            sensitive.insert(s.name.to_string(), p.clone());
            for acct in s.accounts {
                pseudonyms.insert(format!("acct:{acct}"), p.clone());
                sensitive.insert(acct.clone(), withheld.clone());
            }
            for id in s.entities {
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

/// One victim's identifying strings, borrowed.
struct VictimView<'a> {
    id: &'a str,
    name: &'a str,
    accounts: &'a [String],
    entities: &'a [String],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_victim_only_the_chain_names_is_pseudonymised_too() {
        let chain = r#"{"network":{"parties":{"reg-person-7":{"entities":["reg-person-7","sub-7"]}}},
            "cast":{"operations":[{"members":[
              {"subject":"reg-person-7","name":"Maria Popescu","accounts":["DE02200698126520348504"],
               "roles":[{"role":"victim","score":0.6,"evidence":[]}],"victim_warning":null},
              {"subject":"reg-person-1","name":"Jan Simon","accounts":[],
               "roles":[{"role":"exploiter","score":0.9,"evidence":[]}],"victim_warning":null}]}]}}"#;
        let victims = chain_victims(chain);
        assert_eq!(victims.len(), 1, "only the victim, not the exploiter");
        assert_eq!(victims[0].entities, vec!["reg-person-7", "sub-7"]);
        let c = Compartment::build_with(&Analysis::default(), &victims, &HashMap::new(), "k");
        let p = c.pseudonym("reg-person-7").expect("pseudonym").to_string();
        assert!(p.starts_with("Victim-"));
        assert_eq!(c.pseudonym("sub-7"), Some(p.as_str()));
        assert!(c.pseudonym("reg-person-1").is_none());
        let text = c.redact("Maria Popescu paid from DE02200698126520348504 to Jan Simon");
        assert!(!text.contains("Maria Popescu") && !text.contains("DE02200698126520348504"), "{text}");
        assert!(text.contains("Jan Simon"));
    }
}
