//! Records prepared for comparison: tokens transliterated, hashed and looked up once, so that comparing a
//! pair allocates nothing.

use std::collections::HashSet;

use crate::names::{LEGAL_FORMS, groups_with_skeleton};
use crate::record::{IdKind, Kind, Record};
use crate::text::{self, hash_bytes, skeleton};

/// Seeds that keep the hashes of different fields apart.
pub(crate) mod seed {
    pub const TOKEN: u64 = 1;
    pub const SKELETON: u64 = 2;
    pub const ADDRESS: u64 = 3;
    pub const POSTCODE: u64 = 4;
    pub const ID: u64 = 5;
    pub const ORG: u64 = 6;
    pub const DATE: u64 = 7;
}

/// One name token (or a joined name part).
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub s: Box<str>,
    pub hash: u64,
    pub skel: u64,
    /// Letters in the skeleton: short skeletons ("in" for both Ion and Ioana) say little.
    pub skel_len: u8,
    pub groups: Box<[u16]>,
}

impl Tok {
    pub fn new(s: &str) -> Tok {
        let sk = skeleton(s);
        Tok {
            s: s.into(),
            hash: hash_bytes(seed::TOKEN, s.as_bytes()),
            skel: hash_bytes(seed::SKELETON, sk.as_bytes()),
            skel_len: sk.len().min(255) as u8,
            groups: groups_with_skeleton(s, &sk).into_boxed_slice(),
        }
    }
}

/// A person's name: given and family parts when the source told them apart, else the tokens in order.
#[derive(Debug, Clone)]
pub(crate) struct NameF {
    pub given: Option<Tok>,
    pub family: Option<Tok>,
    /// Tokens of a name whose parts are unknown (at most five).
    pub free: Vec<Tok>,
}

/// An organisation's name without its legal form.
#[derive(Debug, Clone)]
pub(crate) struct OrgF {
    /// Tokens joined by spaces, in order.
    pub joined: Box<str>,
    /// Hash of the sorted tokens: equal for reordered names.
    pub key: u64,
    /// Sorted, deduplicated token hashes.
    pub tokens: Box<[u64]>,
    /// Hash of the skeleton of the tokens joined without spaces.
    pub skel: u64,
    /// Hash of the first token, for blocking.
    pub first: u64,
}

/// A date, possibly partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateF {
    pub y: u16,
    pub m: u8,
    pub d: u8,
    /// What is known: 1 the year, 2 year and month, 3 the whole date.
    pub prec: u8,
    /// `YYYYMMDD` as ASCII digits (for typo comparison of complete dates).
    pub digits: [u8; 8],
}

impl DateF {
    pub fn full(&self) -> bool {
        self.prec == 3
    }

    /// Parses `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, `YYYY`, `DD.MM.YYYY`, `DD/MM/YYYY`; a time part is ignored.
    /// Digits are kept even where they make no calendar date, since a typo in a date is still evidence.
    pub fn parse(raw: &str) -> Option<DateF> {
        let raw = raw.trim();
        let raw = raw.split(['T', ' ']).next().unwrap_or(raw);
        let parts: Vec<&str> = raw.split(['-', '.', '/']).filter(|p| !p.is_empty()).collect();
        if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        let num = |s: &str| s.parse::<u32>().ok();
        let (y, m, d, prec) = match parts.as_slice() {
            [one] if one.len() == 8 => (num(&one[..4])?, num(&one[4..6])?, num(&one[6..])?, 3),
            [one] if one.len() == 4 => (num(one)?, 0, 0, 1),
            [y, m] if y.len() == 4 => (num(y)?, num(m)?, 0, 2),
            [y, m, d] if y.len() == 4 => (num(y)?, num(m)?, num(d)?, 3),
            [d, m, y] if y.len() == 4 => (num(y)?, num(m)?, num(d)?, 3),
            _ => return None,
        };
        if y == 0 || y > 9999 || m > 99 || d > 99 {
            return None;
        }
        let s = format!("{y:04}{m:02}{d:02}");
        let mut digits = [0u8; 8];
        digits.copy_from_slice(s.as_bytes());
        Some(DateF { y: y as u16, m: m as u8, d: d as u8, prec, digits })
    }
}

/// An address: its tokens and house number.
#[derive(Debug, Clone)]
pub(crate) struct AddrF {
    pub tokens: Box<[u64]>,
    /// The words of at least four letters, by hash, for matching words one typo apart.
    pub words: Box<[(u64, Box<str>)]>,
    /// Hash of the first all-digit token (the house number in most layouts), 0 if none.
    pub number: u64,
    /// Hash of the first token with a letter (the street in most layouts), 0 if none.
    pub street: u64,
}

/// A postcode.
#[derive(Debug, Clone)]
pub(crate) struct PostcodeF {
    pub hash: u64,
    pub s: Box<str>,
}

/// A record prepared for comparison.
#[derive(Debug, Clone)]
pub(crate) struct Features {
    pub kind: Kind,
    pub names: Vec<NameF>,
    pub orgs: Vec<OrgF>,
    pub dates: Vec<DateF>,
    /// 0 unknown, 1 male, 2 female.
    pub gender: u8,
    pub addrs: Vec<AddrF>,
    pub postcodes: Vec<PostcodeF>,
    pub phones: Vec<u64>,
    /// E-mails and online accounts.
    pub emails: Vec<u64>,
    /// Bank accounts, cards and crypto addresses.
    pub accounts: Vec<u64>,
    pub docs: Vec<(u64, Box<str>)>,
}

/// The hash of an identifier, as used for hub lookups and comparisons.
pub(crate) fn id_hash(kind: IdKind, value: &str) -> u64 {
    text::combine(kind as u64 + 100, hash_bytes(seed::ID, value.as_bytes()))
}

fn joined(raw: &str) -> Option<String> {
    let t = text::tokens(raw).concat();
    (!t.is_empty()).then_some(t)
}

impl Features {
    /// Prepares a record; identifiers whose hashes are in `hubs` are left out.
    pub fn new(r: &Record, hubs: &HashSet<u64>) -> Features {
        let mut f = Features {
            kind: r.kind,
            names: Vec::new(),
            orgs: Vec::new(),
            dates: r.birth_dates.iter().filter_map(|d| DateF::parse(d)).collect(),
            gender: 0,
            addrs: Vec::new(),
            postcodes: Vec::new(),
            phones: Vec::new(),
            emails: Vec::new(),
            accounts: Vec::new(),
            docs: Vec::new(),
        };
        f.dates.dedup();
        for g in &r.genders {
            match g.trim().to_ascii_lowercase().as_str() {
                "male" | "m" => f.gender = 1,
                "female" | "f" => f.gender = 2,
                _ => {}
            }
        }
        for n in &r.names {
            match r.kind {
                Kind::Person => {
                    let (given, family) = (n.given.as_deref().and_then(joined), n.family.as_deref().and_then(joined));
                    if given.is_some() || family.is_some() {
                        f.names.push(NameF {
                            given: given.as_deref().map(Tok::new),
                            family: family.as_deref().map(Tok::new),
                            free: Vec::new(),
                        });
                    } else {
                        let toks = text::tokens(&n.full);
                        if !toks.is_empty() {
                            f.names.push(NameF {
                                given: None,
                                family: None,
                                free: toks.iter().take(5).map(|t| Tok::new(t)).collect(),
                            });
                        }
                    }
                }
                Kind::Organization => {
                    let all = text::tokens(&n.full);
                    let toks: Vec<&String> = all.iter().filter(|t| !LEGAL_FORMS.contains(&t.as_str())).collect();
                    let toks = if toks.is_empty() { all.iter().collect() } else { toks };
                    if toks.is_empty() {
                        continue;
                    }
                    let mut hashes: Vec<u64> = toks.iter().map(|t| hash_bytes(seed::TOKEN, t.as_bytes())).collect();
                    let first = hashes[0];
                    hashes.sort_unstable();
                    hashes.dedup();
                    let key = hashes.iter().fold(seed::ORG, |h, t| text::combine(h, *t));
                    let joined: String = toks.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
                    let skel = hash_bytes(seed::SKELETON, skeleton(&joined.replace(' ', "")).as_bytes());
                    f.orgs.push(OrgF { joined: joined.into(), key, tokens: hashes.into(), skel, first });
                }
                Kind::Thing => {}
            }
        }
        for a in &r.addresses {
            let toks = text::tokens(&a.text);
            if !toks.is_empty() {
                let number = toks
                    .iter()
                    .find(|t| t.bytes().all(|b| b.is_ascii_digit()))
                    .map_or(0, |t| hash_bytes(seed::ADDRESS + 10, t.as_bytes()));
                let street = toks
                    .iter()
                    .find(|t| t.bytes().any(|b| b.is_ascii_alphabetic()))
                    .map_or(0, |t| hash_bytes(seed::ADDRESS + 11, t.as_bytes()));
                let mut hashes: Vec<u64> = toks.iter().map(|t| hash_bytes(seed::ADDRESS, t.as_bytes())).collect();
                hashes.sort_unstable();
                hashes.dedup();
                let mut words: Vec<(u64, Box<str>)> = toks
                    .iter()
                    .filter(|t| t.len() >= 4 && t.bytes().any(|b| b.is_ascii_alphabetic()))
                    .map(|t| (hash_bytes(seed::ADDRESS, t.as_bytes()), t.as_str().into()))
                    .collect();
                words.sort_unstable();
                words.dedup();
                f.addrs.push(AddrF { tokens: hashes.into(), words: words.into(), number, street });
            }
            if let Some(pc) = a.postcode.as_deref().map(|p| p.split_whitespace().collect::<String>().to_uppercase())
                && !pc.is_empty()
                && !f.postcodes.iter().any(|x| *x.s == *pc)
            {
                f.postcodes.push(PostcodeF { hash: hash_bytes(seed::POSTCODE, pc.as_bytes()), s: pc.into() });
            }
        }
        for id in &r.identifiers {
            let h = id_hash(id.kind, &id.value);
            if hubs.contains(&h) {
                continue;
            }
            let list = match id.kind {
                IdKind::Address => continue,
                IdKind::Phone => &mut f.phones,
                IdKind::Email | IdKind::OnlineAccount => &mut f.emails,
                IdKind::Account | IdKind::Card | IdKind::Crypto => &mut f.accounts,
                IdKind::Document => {
                    if !f.docs.iter().any(|d| d.0 == h) {
                        f.docs.push((h, id.value.as_str().into()));
                    }
                    continue;
                }
            };
            if !list.contains(&h) {
                list.push(h);
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_in_common_layouts() {
        let d = DateF::parse("1985-04-09").unwrap();
        assert_eq!((d.y, d.m, d.d), (1985, 4, 9));
        assert_eq!(DateF::parse("19850409").unwrap(), d);
        assert_eq!(DateF::parse("09.04.1985").unwrap(), d);
        assert_eq!(DateF::parse("1985-04-09T10:00:00Z").unwrap(), d);
        let y = DateF::parse("1985").unwrap();
        assert!(!y.full());
        assert_eq!(&DateF::parse("19851309").unwrap().digits, b"19851309");
        assert!(DateF::parse("unknown").is_none());
    }
}
