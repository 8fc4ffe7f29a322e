//! Strong identifiers: hub detection, and the deterministic links they make.
//!
//! An identifier is a *hub* when it is on the stop-list, is a placeholder (one repeated character, fewer
//! than four letters or digits), or is carried by more than `max_degree` different parties. Parties are
//! counted by name (the matching key of a record's first name, or the record itself when it has none), so
//! that one person met in thirty statements is one party, while a hotel switchboard given by forty guests is
//! forty. Hubs are reported and then used for nothing: not for blocking, not as evidence, not to merge.
//! Things (bank accounts, wallets…) are not counted: a payment processor's account met in many files is
//! still one account.

use std::collections::{HashMap, HashSet};

use theseus_model::normalize::name_key;

use crate::config::HubConfig;
use crate::features::id_hash;
use crate::output::Hub;
use crate::record::{IdKind, Kind, Record, thing_family};
use crate::text;

/// Whether a normalised identifier is a placeholder rather than an identifier.
fn placeholder(value: &str) -> bool {
    let alnum: Vec<char> = value.chars().filter(|c| c.is_alphanumeric()).collect();
    if alnum.len() < 4 {
        return true;
    }
    let local = value.split('@').next().unwrap_or(value);
    let core: Vec<char> = local.chars().filter(|c| c.is_alphanumeric()).collect();
    core.len() >= 4 && core.iter().all(|c| *c == core[0])
}

/// Finds the hubs among the identifiers of persons and organisations. Returns them and the set of their
/// hashes (as [`id_hash`] computes them).
pub(crate) fn find_hubs(records: &[Record], config: &HubConfig) -> (Vec<Hub>, HashSet<u64>) {
    let mut entries: Vec<(u64, u32, u16)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if r.kind == Kind::Thing {
            continue;
        }
        for (k, id) in r.identifiers.iter().enumerate() {
            entries.push((id_hash(id.kind, &id.value), i as u32, k as u16));
        }
    }
    entries.sort_unstable();
    entries.dedup_by_key(|e| (e.0, e.1));
    let stop: Vec<String> =
        config.stop_list.iter().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect();
    let mut hubs = Vec::new();
    let mut set = HashSet::new();
    let mut s = 0;
    while s < entries.len() {
        let mut e = s + 1;
        while e < entries.len() && entries[e].0 == entries[s].0 {
            e += 1;
        }
        let (_, r0, k0) = entries[s];
        let id = &records[r0 as usize].identifiers[k0 as usize];
        let lower = id.value.to_lowercase();
        let reason = if stop.iter().any(|st| lower.contains(st.as_str())) {
            Some("on the stop-list".to_string())
        } else if placeholder(&id.value) {
            Some("a placeholder, not an identifier".to_string())
        } else if e - s > config.max_degree {
            let parties: HashSet<String> = entries[s..e]
                .iter()
                .map(|&(_, r, _)| {
                    let rec = &records[r as usize];
                    rec.names
                        .first()
                        .map(|n| name_key(&n.full))
                        .filter(|k| !k.is_empty())
                        .unwrap_or_else(|| format!("#{}", rec.id))
                })
                .collect();
            (parties.len() > config.max_degree).then(|| {
                format!("carried by {} different parties, more than the limit of {}", parties.len(), config.max_degree)
            })
        } else {
            None
        };
        if let Some(reason) = reason {
            let degree = {
                let parties: HashSet<String> = entries[s..e]
                    .iter()
                    .map(|&(_, r, _)| records[r as usize].names.first().map(|n| name_key(&n.full)).unwrap_or_default())
                    .collect();
                parties.len()
            };
            set.insert(entries[s].0);
            hubs.push(Hub {
                kind: id.kind,
                value: id.value.clone(),
                degree,
                reason,
                sample: entries[s..e].iter().take(10).map(|&(_, r, _)| records[r as usize].id.clone()).collect(),
            });
        }
        s = e;
    }
    hubs.sort_by(|a, b| b.degree.cmp(&a.degree).then_with(|| a.value.cmp(&b.value)));
    (hubs, set)
}

/// A deterministic link: two records and the identifier they share.
pub(crate) struct IdLink {
    pub a: u32,
    pub b: u32,
    pub kind: IdKind,
    pub value: String,
}

/// Links records that share an identifier which identifies what they are: things of one family (bank
/// accounts by account number, wallets by address, online accounts by service and name, documents by
/// number, addresses by their words and postcode), and persons or organisations sharing an identifier of a
/// kind in `person_kinds` (by default identity and registration documents). Hubs are skipped for persons and
/// organisations. Each group of records sharing a key is linked as a star from its first record.
pub(crate) fn deterministic_links(records: &[Record], hubs: &HashSet<u64>, person_kinds: &[IdKind]) -> Vec<IdLink> {
    let mut entries: Vec<(u64, u32, IdKind, String)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        match r.kind {
            Kind::Thing => {
                let family = text::hash_bytes(0xfa, thing_family(&r.schema).as_bytes());
                for id in &r.identifiers {
                    entries.push((
                        text::combine(family, id_hash(id.kind, &id.value)),
                        i as u32,
                        id.kind,
                        id.value.clone(),
                    ));
                }
                if r.identifiers.is_empty() {
                    for a in &r.addresses {
                        let mut toks = text::tokens(&a.text);
                        if let Some(pc) = &a.postcode {
                            toks.extend(text::tokens(pc));
                        }
                        toks.sort();
                        toks.dedup();
                        if toks.len() >= 2 {
                            let joined = toks.join(" ");
                            entries.push((
                                text::combine(family, text::hash_bytes(0xad, joined.as_bytes())),
                                i as u32,
                                IdKind::Address,
                                joined,
                            ));
                        }
                    }
                }
            }
            Kind::Person | Kind::Organization => {
                for id in r.identifiers.iter().filter(|id| person_kinds.contains(&id.kind)) {
                    let h = id_hash(id.kind, &id.value);
                    if !hubs.contains(&h) {
                        entries.push((text::combine(r.kind as u64, h), i as u32, id.kind, id.value.clone()));
                    }
                }
            }
        }
    }
    entries.sort_unstable_by_key(|x| (x.0, x.1));
    entries.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
    let mut out = Vec::new();
    let mut s = 0;
    while s < entries.len() {
        let mut e = s + 1;
        while e < entries.len() && entries[e].0 == entries[s].0 {
            e += 1;
        }
        for x in &entries[s + 1..e] {
            out.push(IdLink { a: entries[s].1, b: x.1, kind: entries[s].2, value: entries[s].3.clone() });
        }
        s = e;
    }
    out
}

/// Identifier hashes of each kind a record carries, for explanations.
pub(crate) fn values_by_hash(r: &Record) -> HashMap<u64, &str> {
    r.identifiers.iter().map(|id| (id_hash(id.kind, &id.value), id.value.as_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::placeholder;

    #[test]
    fn placeholders() {
        assert!(placeholder("000000"));
        assert!(placeholder("+11111111111"));
        assert!(placeholder("xxxx@example.com"));
        assert!(placeholder("12"));
        assert!(!placeholder("+4917612345678"));
        assert!(!placeholder("anna@example.com"));
    }
}
