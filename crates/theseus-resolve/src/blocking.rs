//! Blocking: the candidate pairs worth comparing, as the union of several blocking rules.
//!
//! Each rule gives a record zero or more keys; records sharing a key form a block, and every pair inside a
//! block (of different sources, in link-only mode) is a candidate. A pair that shares several keys is
//! emitted once, from the smallest key the two share, so no pair list has to be deduplicated. Blocks larger
//! than the limit are skipped and reported: their pairs must come from a more specific rule.
//!
//! Person rules: (1) both name parts, each folded to its variant group or transliteration skeleton, in
//! either order; (2) family-name skeleton, given-name initial and birth year; (3) given-name skeleton and
//! full birth date; (4) birth date and postcode; (5) postcode and first street word; (6) family-name
//! skeleton and postcode; (7) given-name skeleton and postcode; (8) house number and first street word;
//! (9) the first three letters of both name parts, in either order, with the birth year or the postcode;
//! (10) each phone, e-mail, account and document number; (11) family-name skeleton and full birth date.
//! Rules 5–9 and 11 exist for typos and replaced values: a pair whose names, birth dates and codes all
//! carry one (FEBRL's corruption model makes such pairs), or whose given name was replaced, still meets
//! through its address, the start of its names, or its family name and birth date. Organisation rules: the
//! name's sorted words; the name's skeleton; its first word and postcode; each identifier.

use crate::features::{Features, NameF, Tok};
use crate::record::Kind;
use crate::text::{combine, hash_bytes};

/// The names of the rules, indexed by rule number, for reports.
pub const PERSON_RULES: &[&str] = &[
    "name parts (variant or skeleton, any order)",
    "family-name skeleton + given initial + birth year",
    "given-name skeleton + birth date",
    "birth date + postcode",
    "postcode + street",
    "family-name skeleton + postcode",
    "given-name skeleton + postcode",
    "house number + street",
    "first three letters of both name parts + birth year or postcode",
    "shared identifier",
    "family-name skeleton + birth date",
];

/// The names of the organisation rules.
pub const ORG_RULES: &[&str] = &["name words", "name skeleton", "first name word + postcode", "shared identifier"];

/// Most keys one record gives one rule.
const MAX_KEYS_PER_RULE: usize = 16;

/// A blocking key: a hash of the kind, rule and parts, whose low four bits say the rule (for statistics).
fn key(rule: u64, parts: &[u64]) -> u64 {
    let h = parts.iter().fold(hash_bytes(0xb10c, &rule.to_le_bytes()), |h, p| combine(h, *p));
    (h & !0xf) | ((rule % 1000) & 0xf)
}

/// The rule a key came from (1-based; 10 is the shared-identifier rule).
pub(crate) fn rule_of(key: u64) -> usize {
    (key & 0xf) as usize
}

/// The name of rule `rule` of a kind.
pub(crate) fn rule_name(kind: Kind, rule: usize) -> &'static str {
    match kind {
        Kind::Organization if rule == 10 => ORG_RULES[ORG_RULES.len() - 1],
        Kind::Organization => ORG_RULES.get(rule.wrapping_sub(1)).copied().unwrap_or("?"),
        _ => PERSON_RULES.get(rule.wrapping_sub(1)).copied().unwrap_or("?"),
    }
}

/// The canonical forms of a name token for blocking: its variant groups, or else its skeleton.
fn canon(t: &Tok, out: &mut Vec<u64>) {
    if t.groups.is_empty() {
        out.push(t.skel);
    } else {
        out.extend(t.groups.iter().map(|g| combine(0x9a, u64::from(*g))));
    }
}

/// The (given, family) parts of a name for blocking: the source's parts, or the first and last tokens read
/// both ways.
fn parts(n: &NameF) -> Vec<(Option<&Tok>, Option<&Tok>)> {
    if n.free.is_empty() {
        vec![(n.given.as_ref(), n.family.as_ref())]
    } else if n.free.len() == 1 {
        vec![(Some(&n.free[0]), None), (None, Some(&n.free[0]))]
    } else {
        let (a, b) = (&n.free[0], &n.free[n.free.len() - 1]);
        let mut v = vec![(Some(a), Some(b)), (Some(b), Some(a))];
        if n.free.len() >= 3 {
            v.push((Some(&n.free[1]), Some(a)));
        }
        v
    }
}

fn push(out: &mut Vec<u64>, start: usize, k: u64) {
    if out.len() - start < MAX_KEYS_PER_RULE && !out[start..].contains(&k) {
        out.push(k);
    }
}

/// The blocking keys of a record, rule by rule (the rule number is mixed into the key).
pub(crate) fn keys(f: &Features, out: &mut Vec<u64>) {
    out.clear();
    let kind = f.kind as u64 * 1000;
    let years: Vec<u64> = f.dates.iter().map(|d| u64::from(d.y)).collect();
    let full_dates: Vec<u64> =
        f.dates.iter().filter(|d| d.full()).map(|d| hash_bytes(crate::features::seed::DATE, &d.digits)).collect();
    match f.kind {
        Kind::Person => {
            let mut ca = Vec::new();
            let mut cb = Vec::new();
            let (mut given_sk, mut family_sk, mut family_initial) = (Vec::new(), Vec::new(), Vec::new());
            let s = out.len();
            for n in &f.names {
                for (g, fam) in parts(n) {
                    if let Some(g) = g {
                        given_sk.push(g.skel);
                    }
                    if let Some(fam) = fam {
                        family_sk.push(fam.skel);
                        let initial = g.map_or(0, |g| u64::from(g.s.as_bytes()[0]));
                        family_initial.push((fam.skel, initial));
                    }
                    if let (Some(g), Some(fam)) = (g, fam) {
                        ca.clear();
                        cb.clear();
                        canon(g, &mut ca);
                        canon(fam, &mut cb);
                        for x in &ca {
                            for y in &cb {
                                push(out, s, key(kind + 1, &[(*x).min(*y), (*x).max(*y)]));
                            }
                        }
                    }
                }
            }
            let s = out.len();
            for (fs, initial) in &family_initial {
                for y in &years {
                    push(out, s, key(kind + 2, &[*fs, *y, *initial]));
                }
            }
            let s = out.len();
            for gs in &given_sk {
                for d in &full_dates {
                    push(out, s, key(kind + 3, &[*gs, *d]));
                }
            }
            let s = out.len();
            for d in &full_dates {
                for p in &f.postcodes {
                    push(out, s, key(kind + 4, &[*d, p.hash]));
                }
            }
            let s = out.len();
            for p in &f.postcodes {
                for a in f.addrs.iter().filter(|a| a.street != 0) {
                    push(out, s, key(kind + 5, &[p.hash, a.street]));
                }
            }
            let s = out.len();
            for fs in &family_sk {
                for p in &f.postcodes {
                    push(out, s, key(kind + 6, &[*fs, p.hash]));
                }
            }
            let s = out.len();
            for gs in &given_sk {
                for p in &f.postcodes {
                    push(out, s, key(kind + 7, &[*gs, p.hash]));
                }
            }
            let s = out.len();
            for a in f.addrs.iter().filter(|a| a.number != 0 && a.street != 0) {
                push(out, s, key(kind + 8, &[a.number, a.street]));
            }
            let s = out.len();
            for fs in &family_sk {
                for d in &full_dates {
                    push(out, s, key(kind + 11, &[*fs, *d]));
                }
            }
            let s = out.len();
            for n in &f.names {
                for (g, fam) in parts(n) {
                    if let (Some(g), Some(fam)) = (g, fam) {
                        let p = |t: &Tok| hash_bytes(0x3, &t.s.as_bytes()[..t.s.len().min(3)]);
                        let (x, y) = (p(g), p(fam));
                        for y_or_pc in years.iter().copied().chain(f.postcodes.iter().map(|p| p.hash)) {
                            push(out, s, key(kind + 9, &[x.min(y), x.max(y), y_or_pc]));
                        }
                    }
                }
            }
        }
        Kind::Organization => {
            let s = out.len();
            for o in &f.orgs {
                push(out, s, key(kind + 1, &[o.key]));
            }
            let s = out.len();
            for o in &f.orgs {
                push(out, s, key(kind + 2, &[o.skel]));
            }
            let s = out.len();
            for o in &f.orgs {
                for p in &f.postcodes {
                    push(out, s, key(kind + 3, &[o.first, p.hash]));
                }
            }
        }
        Kind::Thing => return,
    }
    let s = out.len();
    for h in f.phones.iter().chain(&f.emails).chain(&f.accounts).chain(f.docs.iter().map(|d| &d.0)) {
        push(out, s, key(kind + 10, &[*h]));
    }
}

/// A block skipped for its size.
#[derive(Debug, Clone)]
pub(crate) struct Oversized {
    pub size: usize,
}

/// Candidate pairs from blocking, as the groups of records sharing a key and, per record, its usable keys.
pub(crate) struct Blocks {
    /// (key, record) sorted.
    pub entries: Vec<(u64, u32)>,
    /// Ranges of `entries` that form blocks of two or more records within the size limit.
    pub groups: Vec<(u32, u32)>,
    /// CSR offsets into `record_keys`, per record index.
    pub offsets: Vec<u32>,
    /// Each record's keys that belong to a usable block, sorted.
    pub record_keys: Vec<u64>,
    pub oversized: Vec<Oversized>,
}

impl Blocks {
    /// Groups the records `members` (indices into `features`) by key.
    pub fn build(features: &[Features], members: &[u32], max_block: usize) -> Blocks {
        let mut entries: Vec<(u64, u32)> = Vec::with_capacity(members.len() * 6);
        let mut buf = Vec::new();
        for &i in members {
            keys(&features[i as usize], &mut buf);
            entries.extend(buf.iter().map(|k| (*k, i)));
        }
        entries.sort_unstable();
        entries.dedup();
        let mut groups = Vec::new();
        let mut oversized = Vec::new();
        let mut usable = vec![false; entries.len()];
        let mut s = 0;
        while s < entries.len() {
            let mut e = s + 1;
            while e < entries.len() && entries[e].0 == entries[s].0 {
                e += 1;
            }
            let size = e - s;
            if size > max_block {
                oversized.push(Oversized { size });
            } else if size >= 2 {
                groups.push((s as u32, e as u32));
                usable[s..e].iter_mut().for_each(|u| *u = true);
            }
            s = e;
        }
        let n = features.len();
        let mut counts = vec![0u32; n + 1];
        for (x, &(_, r)) in entries.iter().enumerate() {
            if usable[x] {
                counts[r as usize + 1] += 1;
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let offsets = counts.clone();
        let mut fill = counts;
        let mut record_keys = vec![0u64; *offsets.last().unwrap_or(&0) as usize];
        for (x, &(k, r)) in entries.iter().enumerate() {
            if usable[x] {
                record_keys[fill[r as usize] as usize] = k;
                fill[r as usize] += 1;
            }
        }
        for i in 0..n {
            record_keys[offsets[i] as usize..offsets[i + 1] as usize].sort_unstable();
        }
        Blocks { entries, groups, offsets, record_keys, oversized }
    }

    fn keys_of(&self, r: u32) -> &[u64] {
        &self.record_keys[self.offsets[r as usize] as usize..self.offsets[r as usize + 1] as usize]
    }

    /// Whether `key` is the smallest key records `a` and `b` share (so the pair is emitted from its block only).
    pub fn first_shared(&self, a: u32, b: u32, key: u64) -> bool {
        let (ka, kb) = (self.keys_of(a), self.keys_of(b));
        let (mut i, mut j) = (0, 0);
        while i < ka.len() && j < kb.len() {
            match ka[i].cmp(&kb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return ka[i] == key,
            }
        }
        false
    }

    /// Number of pairs inside the usable blocks, before deduplication.
    pub fn raw_pairs(&self) -> u64 {
        self.groups.iter().map(|(s, e)| u64::from(e - s) * u64::from(e - s - 1) / 2).sum()
    }
}
