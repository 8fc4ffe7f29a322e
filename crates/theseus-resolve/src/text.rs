//! String primitives for comparison: tokenising, hashing, Jaro–Winkler, edit distance and the
//! transliteration skeleton.
//!
//! Everything here works on ASCII bytes: names are transliterated first (see [`tokens`]), so one byte is one
//! letter and the comparators need no allocation.

use theseus_model::normalize;

/// Splits a raw value into lowercase ASCII tokens, in order: NFKC, transliteration to ASCII (any_ascii:
/// Cyrillic, Greek, Arabic, CJK…), punctuation as separator.
pub fn tokens(raw: &str) -> Vec<String> {
    // ASCII text is its own NFKC form and transliteration.
    let ascii = if raw.is_ascii() {
        raw.to_ascii_lowercase()
    } else {
        any_ascii::any_ascii(&normalize::name(raw)).to_lowercase()
    };
    ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// 64-bit FNV-1a over bytes, finished with a SplitMix64 mix so that short keys spread over all bits.
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// SplitMix64's finaliser.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Combines two hashes (order matters).
pub fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15))
}

/// Longest input the Jaro comparator looks at; longer strings are cut (names never come close).
const JARO_MAX: usize = 64;

/// Jaro similarity of two byte strings (1.0 for equal strings, 0.0 when nothing matches).
pub fn jaro(a: &[u8], b: &[u8]) -> f64 {
    let a = &a[..a.len().min(JARO_MAX)];
    let b = &b[..b.len().min(JARO_MAX)];
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_flag = 0u64;
    let mut b_flag = 0u64;
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for (j, &cb) in b.iter().enumerate().take(hi).skip(lo) {
            if b_flag & (1 << j) == 0 && cb == ca {
                a_flag |= 1 << i;
                b_flag |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if a_flag & (1 << i) != 0 {
            while b_flag & (1 << j) == 0 {
                j += 1;
            }
            if ca != b[j] {
                transpositions += 1;
            }
            j += 1;
        }
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0
}

/// Jaro–Winkler similarity: Jaro boosted by the common prefix (up to 4 letters, scale 0.1), as Winkler
/// (1990) defines it and as Splink and `strsim` compute it.
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    let j = jaro(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

/// Whether two strings are at most one edit apart: one substitution, insertion, deletion, or transposition
/// of neighbours (Damerau–Levenshtein distance ≤ 1), in linear time.
pub fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[i + 1..] == long[i + 1..]
            || (i + 1 < short.len()
                && short[i] == long[i + 1]
                && short[i + 1] == long[i]
                && short[i + 2..] == long[i + 2..])
    } else {
        short[i..] == long[i + 1..]
    }
}

/// Levenshtein distance (unit costs), for explanations and tests; the hot path uses [`within_one_edit`].
pub fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Rewrites of the transliteration skeleton, tried longest first at each position. Each folds spellings
/// that romanisation systems (BGN/PCGN, ISO 9, national passport rules, German and Polish orthography) use
/// for one sound; upper-case letters stand for sounds written with several letters.
const REWRITES: &[(&[u8], &[u8])] = &[
    (b"shch", b"S"),
    (b"szcz", b"S"),
    (b"tsch", b"C"),
    (b"sch", b"S"),
    (b"tch", b"C"),
    (b"sh", b"S"),
    (b"sz", b"S"),
    (b"zh", b"Z"),
    (b"ch", b"C"),
    (b"cz", b"C"),
    // Russian Х is kh, h or ch; Ukrainian and Belarusian write Г as h where Russian has g (Oleh / Oleg,
    // Serhiy / Sergey), so all of them fold to g.
    (b"kh", b"g"),
    (b"ck", b"k"),
    (b"ph", b"f"),
    (b"th", b"t"),
    (b"gh", b"g"),
    (b"ou", b"u"),
    (b"oo", b"u"),
    (b"x", b"ks"),
    (b"q", b"k"),
    (b"c", b"k"),
    (b"w", b"v"),
    (b"y", b"i"),
    (b"j", b"i"),
    (b"h", b"g"),
];

/// The transliteration skeleton of one lowercase ASCII token: romanisation variants folded (see
/// `REWRITES`), a final `ff` read as `v` (Petroff), doubled letters collapsed, and vowels after the first
/// letter dropped. "Aleksandr", "Alexander" and "Alexandru" share `alksndr`; "Shevchenko", "Szewczenko" and
/// "Schewtschenko" share `SvCnk`; "Dmitriy" and "Dmytro" share `dmtr`.
pub fn skeleton(token: &str) -> String {
    let b = token.as_bytes();
    let b = match b.strip_suffix(b"ff") {
        Some(stem) => [stem, b"v"].concat(),
        None => b.to_vec(),
    };
    let mut folded: Vec<u8> = Vec::with_capacity(b.len() + 2);
    let mut i = 0;
    'outer: while i < b.len() {
        for (from, to) in REWRITES {
            if b[i..].starts_with(from) {
                folded.extend_from_slice(to);
                i += from.len();
                continue 'outer;
            }
        }
        folded.push(b[i]);
        i += 1;
    }
    let mut out = String::with_capacity(folded.len());
    let mut last = 0u8;
    for (i, &c) in folded.iter().enumerate() {
        if c == last {
            continue;
        }
        last = c;
        if i > 0 && matches!(c, b'a' | b'e' | b'i' | b'o' | b'u') {
            continue;
        }
        out.push(c as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_matches_published_values() {
        // Winkler's and Wikipedia's worked examples.
        let close = |a: f64, b: f64| (a - b).abs() < 0.001;
        assert!(close(jaro(b"martha", b"marhta"), 0.944));
        assert!(close(jaro_winkler(b"martha", b"marhta"), 0.961));
        assert!(close(jaro_winkler(b"dwayne", b"duane"), 0.84));
        assert!(close(jaro_winkler(b"dixon", b"dicksonx"), 0.813));
        assert_eq!(jaro_winkler(b"abc", b"xyz"), 0.0);
        assert_eq!(jaro_winkler(b"", b""), 1.0);
    }

    #[test]
    fn edits() {
        assert!(within_one_edit(b"petrov", b"petrvo"));
        assert!(within_one_edit(b"petrov", b"petro"));
        assert!(within_one_edit(b"petrov", b"petrox"));
        assert!(within_one_edit(b"petrov", b"pettrov"));
        assert!(!within_one_edit(b"petrov", b"ptreov"));
        assert!(!within_one_edit(b"19560409", b"19560904"));
        assert_eq!(levenshtein(b"kitten", b"sitting"), 3);
    }

    #[test]
    fn skeletons_fold_romanisations() {
        assert_eq!(skeleton("aleksandr"), skeleton("alexander"));
        assert_eq!(skeleton("aleksandr"), skeleton("alexandru"));
        assert_eq!(skeleton("shevchenko"), skeleton("szewczenko"));
        assert_eq!(skeleton("shevchenko"), skeleton("schewtschenko"));
        assert_eq!(skeleton("petrov"), skeleton("petroff"));
        assert_eq!(skeleton("petrov"), skeleton("petrow"));
        assert_eq!(skeleton("dmitriy"), skeleton("dmytro"));
        assert_eq!(skeleton("serhiy"), skeleton("sergei"));
        assert_ne!(skeleton("petrov"), skeleton("ivanov"));
        assert_eq!(tokens("Петров  Александр"), ["petrov", "aleksandr"]);
    }
}
