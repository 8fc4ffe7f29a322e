//! Field comparators: each turns a pair of records into one agreement level per field, the comparison vector
//! γ of Fellegi and Sunter. Level 0 always means "missing on one side" and carries no weight.

use serde::{Deserialize, Serialize};

use crate::features::{AddrF, DateF, Features, NameF, OrgF, Tok};
use crate::record::Kind;
use crate::text::{jaro_winkler, within_one_edit};

/// A compared field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// A person's given name, aligned with the other record's name parts (order swaps allowed).
    GivenName,
    /// A person's family name, aligned likewise.
    FamilyName,
    /// An organisation's name without its legal form.
    OrgName,
    /// Birth date.
    BirthDate,
    /// Gender.
    Gender,
    /// Postal address, by shared tokens.
    Address,
    /// Postcode.
    Postcode,
    /// Identity, tax or registration number.
    Document,
    /// Phone number.
    Phone,
    /// E-mail address or online account.
    Email,
    /// Bank account, card or crypto address.
    Account,
}

const NAME_LEVELS: &[&str] = &[
    "missing",
    "exact",
    "transliteration or nickname variant",
    "one edit apart",
    "Jaro-Winkler >= 0.9",
    "Jaro-Winkler >= 0.8",
    "initial agrees",
    "different",
];

impl Field {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::OrgName => "org_name",
            Field::BirthDate => "birth_date",
            Field::Gender => "gender",
            Field::Address => "address",
            Field::Postcode => "postcode",
            Field::Document => "document",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Account => "account",
        }
    }

    /// Labels of the field's agreement levels; index 0 is "missing".
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::GivenName | Field::FamilyName => NAME_LEVELS,
            Field::OrgName => &[
                "missing",
                "exact",
                "transliteration variant",
                "Jaro-Winkler >= 0.92",
                "half the words shared",
                "Jaro-Winkler >= 0.8",
                "different",
            ],
            Field::BirthDate => &[
                "missing",
                "exact",
                "day and month swapped",
                "one digit apart",
                "same year, one side partial",
                "different: one side partial, or two digits apart",
                "different dates (three digits or more)",
            ],
            Field::Gender => &["missing", "same", "different"],
            Field::Address => &["missing", "same words", "Jaccard >= 0.6", "Jaccard >= 0.3", "different"],
            Field::Postcode | Field::Document => &["missing", "exact", "one edit apart", "different"],
            Field::Phone | Field::Email | Field::Account => &["missing", "shared", "different"],
        }
    }

    /// Whether the exact level is weighted by how common the value is (term-frequency adjustment).
    pub fn tf_adjusted(self) -> bool {
        matches!(self, Field::GivenName | Field::FamilyName | Field::OrgName | Field::Postcode)
    }

    /// Whether the field tells members of one household apart (the family guard sums these).
    pub fn personal(self) -> bool {
        matches!(self, Field::GivenName | Field::BirthDate | Field::Gender | Field::Document)
    }
}

/// The fields compared for persons.
pub const PERSON_FIELDS: &[Field] = &[
    Field::GivenName,
    Field::FamilyName,
    Field::BirthDate,
    Field::Gender,
    Field::Address,
    Field::Postcode,
    Field::Document,
    Field::Phone,
    Field::Email,
    Field::Account,
];

/// The fields compared for organisations.
pub const ORG_FIELDS: &[Field] =
    &[Field::OrgName, Field::Document, Field::Address, Field::Postcode, Field::Phone, Field::Email, Field::Account];

/// The fields of a kind (none for things, which are linked by identifier only).
pub fn fields_of(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Person => PERSON_FIELDS,
        Kind::Organization => ORG_FIELDS,
        Kind::Thing => &[],
    }
}

/// The birth-date level of two complete dates that differ beyond a typo or a day–month swap.
pub(crate) const DATES_DIFFER: u8 = 6;

/// Most fields a kind has.
pub(crate) const MAX_FIELDS: usize = 12;

/// Which items of each record a field's level came from, for explanations.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pick {
    /// Index into the left record's items (names, dates, addresses…), or `u16::MAX`.
    pub a: u16,
    pub b: u16,
    /// For names: which token of the chosen interpretation (0 given slot, 1 family slot, 2+ free token k-2)
    /// on each side.
    pub ta: u8,
    pub tb: u8,
}

/// The comparison of one pair.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cmp {
    pub levels: [u8; MAX_FIELDS],
    /// For exact levels of term-frequency adjusted fields, the hash of the shared value.
    pub tf: [u64; MAX_FIELDS],
    pub picks: [Pick; MAX_FIELDS],
}

impl Cmp {
    /// The levels packed four bits each.
    pub fn gamma(&self, n: usize) -> u64 {
        self.levels[..n].iter().enumerate().fold(0u64, |g, (i, &l)| g | (u64::from(l) << (4 * i)))
    }
}

/// Unpacks level `i` of a packed γ.
pub(crate) fn level_of(gamma: u64, i: usize) -> usize {
    ((gamma >> (4 * i)) & 0xf) as usize
}

/// Compares two records of one kind.
pub(crate) fn compare(fields: &[Field], a: &Features, b: &Features) -> Cmp {
    let mut c = Cmp { levels: [0; MAX_FIELDS], tf: [0; MAX_FIELDS], picks: [Pick::default(); MAX_FIELDS] };
    let mut names_done = false;
    for (i, field) in fields.iter().enumerate() {
        match field {
            Field::GivenName | Field::FamilyName => {
                if names_done {
                    continue;
                }
                names_done = true;
                let gi = fields.iter().position(|f| *f == Field::GivenName).unwrap_or(i);
                let fi = fields.iter().position(|f| *f == Field::FamilyName).unwrap_or(i);
                if let Some(nc) = compare_names(&a.names, &b.names) {
                    c.levels[gi] = nc.given.0;
                    c.levels[fi] = nc.family.0;
                    c.tf[gi] = nc.given.1;
                    c.tf[fi] = nc.family.1;
                    c.picks[gi] = nc.given_pick;
                    c.picks[fi] = nc.family_pick;
                }
            }
            Field::OrgName => {
                let (l, tf, p) = compare_orgs(&a.orgs, &b.orgs);
                (c.levels[i], c.tf[i], c.picks[i]) = (l, tf, p);
            }
            Field::BirthDate => (c.levels[i], c.picks[i]) = compare_dates(&a.dates, &b.dates),
            Field::Gender => {
                c.levels[i] = match (a.gender, b.gender) {
                    (0, _) | (_, 0) => 0,
                    (x, y) if x == y => 1,
                    _ => 2,
                }
            }
            Field::Address => (c.levels[i], c.picks[i]) = compare_addresses(&a.addrs, &b.addrs),
            Field::Postcode => {
                let (l, tf, p) = compare_codes(
                    a.postcodes.iter().map(|p| (p.hash, &*p.s)),
                    b.postcodes.iter().map(|p| (p.hash, &*p.s)),
                    3,
                );
                (c.levels[i], c.tf[i], c.picks[i]) = (l, tf, p);
            }
            Field::Document => {
                let (l, _, p) =
                    compare_codes(a.docs.iter().map(|d| (d.0, &*d.1)), b.docs.iter().map(|d| (d.0, &*d.1)), 5);
                (c.levels[i], c.picks[i]) = (l, p);
            }
            Field::Phone => (c.levels[i], c.picks[i]) = compare_ids(&a.phones, &b.phones),
            Field::Email => (c.levels[i], c.picks[i]) = compare_ids(&a.emails, &b.emails),
            Field::Account => (c.levels[i], c.picks[i]) = compare_ids(&a.accounts, &b.accounts),
        }
    }
    c
}

/// Level and alignment score of two name tokens. Scores rank alignments: higher is better agreement.
fn tok_level(a: &Tok, b: &Tok) -> (u8, f64) {
    if a.hash == b.hash {
        return (1, 10.0);
    }
    let (sa, sb) = (a.s.as_bytes(), b.s.as_bytes());
    if sa.len() == 1 || sb.len() == 1 {
        return if sa[0] == sb[0] { (6, 3.0) } else { (7, 0.0) };
    }
    if a.groups.iter().any(|g| b.groups.contains(g)) {
        return (2, 9.0);
    }
    let jw = jaro_winkler(sa, sb);
    if a.skel == b.skel && a.skel_len >= 3 && jw >= 0.75 {
        return (2, 9.0);
    }
    if sa.len() >= 3 && sb.len() >= 3 && within_one_edit(sa, sb) {
        return (3, 8.0);
    }
    if jw >= 0.9 {
        (4, 7.0)
    } else if jw >= 0.8 {
        (5, 6.0)
    } else {
        (7, jw)
    }
}

/// Score of a comparison with one side missing: ranks between an initial and a disagreement, so that a
/// one-word name is read as the part it agrees with.
const MISSING_SCORE: f64 = 2.0;

/// The result of comparing name lists: (level, tf hash) of each slot and where they came from.
pub(crate) struct NameCmp {
    pub given: (u8, u64),
    pub family: (u8, u64),
    pub given_pick: Pick,
    pub family_pick: Pick,
}

/// A reading of a name: its given and family token, with their slots.
type Reading<'a> = (Option<(&'a Tok, u8)>, Option<(&'a Tok, u8)>);

/// The (given, family) readings of a name: the source's parts, or for a name whose parts are unknown every
/// ordered choice of two of its first four tokens (a one-word name is read as either part). Slots are
/// 0 = given, 1 = family, 2+k = free token k.
fn readings<'a>(n: &'a NameF, out: &mut [Reading<'a>; 16]) -> usize {
    if n.free.is_empty() {
        out[0] = (n.given.as_ref().map(|t| (t, 0)), n.family.as_ref().map(|t| (t, 1)));
        return 1;
    }
    let k = n.free.len().min(4);
    if k == 1 {
        let t = Some((&n.free[0], 2));
        out[0] = (t, None);
        out[1] = (None, t);
        return 2;
    }
    let mut c = 0;
    for i in 0..k {
        for j in 0..k {
            if i != j {
                out[c] = (Some((&n.free[i], 2 + i as u8)), Some((&n.free[j], 2 + j as u8)));
                c += 1;
            }
        }
    }
    c
}

fn slot(a: Option<(&Tok, u8)>, b: Option<(&Tok, u8)>) -> (u8, f64, u64, u8, u8) {
    match (a, b) {
        (Some((x, sx)), Some((y, sy))) => {
            let (l, s) = tok_level(x, y);
            (l, s, if l == 1 { x.hash } else { 0 }, sx, sy)
        }
        _ => (0, MISSING_SCORE, 0, u8::MAX, u8::MAX),
    }
}

/// Compares two lists of person names: the best-agreeing pair of names, each read straight or with given
/// and family parts swapped.
pub(crate) fn compare_names(a: &[NameF], b: &[NameF]) -> Option<NameCmp> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mut best: Option<(f64, NameCmp)> = None;
    let mut ra = [(None, None); 16];
    let mut rb = [(None, None); 16];
    for (ia, na) in a.iter().enumerate() {
        let ca = readings(na, &mut ra);
        for (ib, nb) in b.iter().enumerate() {
            let cb = readings(nb, &mut rb);
            for &(ga, fa) in &ra[..ca] {
                for &(gb, fb) in &rb[..cb] {
                    for swap in [false, true] {
                        let (g, f) = if swap { (slot(ga, fb), slot(fa, gb)) } else { (slot(ga, gb), slot(fa, fb)) };
                        let score = g.1 + f.1;
                        if best.as_ref().is_none_or(|(s, _)| score > *s) {
                            let pick =
                                |x: &(u8, f64, u64, u8, u8)| Pick { a: ia as u16, b: ib as u16, ta: x.3, tb: x.4 };
                            best = Some((
                                score,
                                NameCmp {
                                    given: (g.0, g.2),
                                    family: (f.0, f.2),
                                    given_pick: pick(&g),
                                    family_pick: pick(&f),
                                },
                            ));
                        }
                        if g.0 == 1 && f.0 == 1 {
                            return best.map(|b| b.1);
                        }
                    }
                }
            }
        }
    }
    best.map(|b| b.1)
}

/// The best agreement level of two lists of organisation names (1 exact … 6 different), `None` when one is
/// empty.
pub(crate) fn org_level(a: &[OrgF], b: &[OrgF]) -> Option<u8> {
    let (l, _, _) = compare_orgs(a, b);
    (l != 0).then_some(l)
}

fn compare_orgs(a: &[OrgF], b: &[OrgF]) -> (u8, u64, Pick) {
    let mut best = (0u8, 0u64, Pick::default());
    let mut best_rank = u8::MAX;
    for (ia, x) in a.iter().enumerate() {
        for (ib, y) in b.iter().enumerate() {
            let pick = Pick { a: ia as u16, b: ib as u16, ta: 0, tb: 0 };
            let level = if x.key == y.key {
                1
            } else if x.skel == y.skel {
                2
            } else {
                let jw = jaro_winkler(x.joined.as_bytes(), y.joined.as_bytes());
                let shared = x.tokens.iter().filter(|t| y.tokens.binary_search(t).is_ok()).count();
                if jw >= 0.92 {
                    3
                } else if 2 * shared >= x.tokens.len().max(y.tokens.len()) {
                    4
                } else if jw >= 0.8 {
                    5
                } else {
                    6
                }
            };
            if level < best_rank {
                best_rank = level;
                best = (level, if level == 1 { x.key } else { 0 }, pick);
            }
        }
    }
    best
}

fn compare_dates(a: &[DateF], b: &[DateF]) -> (u8, Pick) {
    let mut best = (0u8, Pick::default());
    for (ia, x) in a.iter().enumerate() {
        for (ib, y) in b.iter().enumerate() {
            let level = if x.full() && y.full() {
                if x.digits == y.digits {
                    1
                } else if x.y == y.y && x.m == y.d && x.d == y.m {
                    2
                } else if within_one_edit(&x.digits, &y.digits) {
                    3
                } else if x.digits.iter().zip(&y.digits).filter(|(p, q)| p != q).count() <= 2 {
                    5
                } else {
                    // Two complete dates three digits or more apart: the strongest evidence of two people
                    // there is short of documents, kept apart from the vaguer disagreements.
                    DATES_DIFFER
                }
            } else if x.y == y.y && (x.prec < 2 || y.prec < 2 || x.m == y.m) {
                4
            } else {
                5
            };
            if best.0 == 0 || level < best.0 {
                best = (level, Pick { a: ia as u16, b: ib as u16, ta: 0, tb: 0 });
            }
        }
    }
    best
}

/// Jaccard index of two addresses' words, where two words of four letters or more one typo apart count as
/// shared (street and place names carry typos as names do; house numbers and postcodes must agree exactly).
fn address_jaccard(a: &AddrF, b: &AddrF) -> f64 {
    let (exact, union) = shared_and_union(&a.tokens, &b.tokens);
    if union == 0 {
        return 0.0;
    }
    let mut fuzzy = 0;
    if exact < union {
        let unmatched = |w: &[(u64, Box<str>)], other: &[(u64, Box<str>)]| -> Vec<usize> {
            (0..w.len()).filter(|k| other.binary_search_by(|(h, _)| h.cmp(&w[*k].0)).is_err()).collect()
        };
        let (ua, ub) = (unmatched(&a.words, &b.words), unmatched(&b.words, &a.words));
        let mut used = vec![false; ub.len()];
        for &x in &ua {
            let wa = a.words[x].1.as_bytes();
            if let Some(k) = (0..ub.len()).find(|k| !used[*k] && within_one_edit(wa, b.words[ub[*k]].1.as_bytes())) {
                used[k] = true;
                fuzzy += 1;
            }
        }
    }
    // A pair of words one typo apart is one shared word, not two distinct ones.
    (exact + fuzzy) as f64 / (union - fuzzy) as f64
}

/// Shared and total distinct tokens of two sorted, deduplicated slices.
fn shared_and_union(a: &[u64], b: &[u64]) -> (usize, usize) {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (shared, a.len() + b.len() - shared)
}

fn compare_addresses(a: &[AddrF], b: &[AddrF]) -> (u8, Pick) {
    let mut best = (0u8, Pick::default());
    for (ia, x) in a.iter().enumerate() {
        for (ib, y) in b.iter().enumerate() {
            let jac = address_jaccard(x, y);
            let level = if jac >= 0.999 {
                1
            } else if jac >= 0.6 {
                2
            } else if jac >= 0.3 {
                3
            } else {
                4
            };
            if best.0 == 0 || level < best.0 {
                best = (level, Pick { a: ia as u16, b: ib as u16, ta: 0, tb: 0 });
            }
        }
    }
    best
}

/// Codes (postcodes, document numbers): exact, one edit apart (codes of at least `min_len` characters), or
/// different.
fn compare_codes<'a>(
    a: impl Iterator<Item = (u64, &'a str)> + Clone,
    b: impl Iterator<Item = (u64, &'a str)> + Clone,
    min_len: usize,
) -> (u8, u64, Pick) {
    let mut best = (0u8, 0u64, Pick::default());
    for (ia, (hx, x)) in a.enumerate() {
        for (ib, (hy, y)) in b.clone().enumerate() {
            let pick = Pick { a: ia as u16, b: ib as u16, ta: 0, tb: 0 };
            let level = if hx == hy {
                1
            } else if x.len() >= min_len && within_one_edit(x.as_bytes(), y.as_bytes()) {
                2
            } else {
                3
            };
            if best.0 == 0 || level < best.0 {
                best = (level, if level == 1 { hx } else { 0 }, pick);
            }
        }
    }
    best
}

fn compare_ids(a: &[u64], b: &[u64]) -> (u8, Pick) {
    if a.is_empty() || b.is_empty() {
        return (0, Pick::default());
    }
    for (ia, x) in a.iter().enumerate() {
        if let Some(ib) = b.iter().position(|y| y == x) {
            return (1, Pick { a: ia as u16, b: ib as u16, ta: 0, tb: 0 });
        }
    }
    (2, Pick { a: 0, b: 0, ta: 0, tb: 0 })
}
