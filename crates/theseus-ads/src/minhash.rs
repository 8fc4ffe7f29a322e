//! Near-duplicate ad texts: MinHash signatures over word shingles and locality-sensitive hashing by bands,
//! every candidate pair verified by the exact Jaccard similarity of its shingle sets.
//!
//! With `b` bands of `r` rows, two texts of Jaccard similarity `s` share a bucket with probability
//! `1 - (1 - s^r)^b`. The default 25 × 5 (125 hashes) puts the threshold, `(1/b)^(1/r)`, near 0.53: pairs
//! at 0.6 become candidates with probability 0.87, at 0.7 with 0.99, at 0.4 with 0.24; verification at the
//! configured Jaccard (0.6) then removes the false candidates.

use crate::text::{fold, is_word_char};

/// SplitMix64: a fast, well-mixed 64-bit permutation (seeds and hash mixing).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over bytes, then mixed: a stable hash (the same on every platform and release).
fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix(h)
}

/// The set of word `k`-shingles of a text (folded; every token with a digit becomes `#`, so numbers do not
/// make copies of one text look different), as sorted hashes. A shingle's hash combines its words' hashes in
/// order, so no shingle string is built.
pub fn shingles(text: &str, k: usize) -> Vec<u64> {
    let f = fold(text);
    let words: Vec<u64> = f
        .text
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(|w| if w.bytes().any(|b| b.is_ascii_digit()) { hash_bytes(b"#") } else { hash_bytes(w.as_bytes()) })
        .collect();
    let k = k.max(1);
    let combine = |ws: &[u64]| ws.iter().fold(0x5348_494E_474C_4521u64, |h, &w| mix(h ^ w));
    let mut out: Vec<u64> = if words.len() < k {
        if words.is_empty() { vec![] } else { vec![combine(&words)] }
    } else {
        words.windows(k).map(combine).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard similarity of two sorted, deduplicated sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// MinHash with banded LSH.
#[derive(Debug, Clone)]
pub struct MinHasher {
    /// Per hash function, an odd multiplier and an addend: `a·x + b` over the (already well mixed) shingle
    /// hashes is a cheap permutation of them, two instructions where a full mix takes eight.
    coef: Vec<(u64, u64)>,
    bands: usize,
    rows: usize,
}

impl MinHasher {
    /// `bands × rows` hash functions.
    pub fn new(bands: usize, rows: usize) -> MinHasher {
        let (bands, rows) = (bands.max(1), rows.max(1));
        let coef = (0..bands * rows).map(|i| (mix(0x5EED_0000 + i as u64) | 1, mix(0xADD0_0000 + i as u64))).collect();
        MinHasher { coef, bands, rows }
    }

    /// The signature of a shingle set: per hash function, the minimum over the shingles.
    pub fn signature(&self, shingles: &[u64]) -> Vec<u64> {
        let mut sig = vec![u64::MAX; self.coef.len()];
        for &x in shingles {
            for (m, &(a, b)) in sig.iter_mut().zip(&self.coef) {
                *m = (*m).min(a.wrapping_mul(x).wrapping_add(b));
            }
        }
        sig
    }

    /// LSH buckets: groups of documents (by index) that share all rows of at least one band. Documents
    /// without a signature are left out; buckets of one are dropped. Band by band, in document order.
    pub fn buckets(&self, signatures: &[Option<Vec<u64>>]) -> Vec<Vec<usize>> {
        let band = |b: usize| -> Vec<Vec<usize>> {
            // Sorting (key, document) pairs groups a band's buckets without a hash table of vectors.
            let mut keys: Vec<(u64, u32)> = signatures
                .iter()
                .enumerate()
                .filter_map(|(i, sig)| {
                    let band = &sig.as_ref()?[b * self.rows..(b + 1) * self.rows];
                    Some((band.iter().fold(mix(b as u64), |h, &v| mix(h ^ v)), i as u32))
                })
                .collect();
            keys.sort_unstable();
            let mut v: Vec<Vec<usize>> = keys
                .chunk_by(|x, y| x.0 == y.0)
                .filter(|run| run.len() > 1)
                .map(|run| run.iter().map(|&(_, i)| i as usize).collect())
                .collect();
            v.sort_unstable();
            v
        };
        let bands: Vec<usize> = (0..self.bands).collect();
        theseus_model::par::map(&bands, 1, |&b| band(b)).into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_is_exact() {
        let a = shingles("one two three four five six", 2);
        let b = shingles("one two three four five seven", 2);
        // Shingles: 5 each, 4 shared → 4 / 6.
        assert!((jaccard(&a, &b) - 4.0 / 6.0).abs() < 1e-9);
        assert_eq!(jaccard(&a, &a), 1.0);
        // Case, accents and numbers do not matter.
        assert_eq!(shingles("Schöne Lara 22 Jahre", 2), shingles("schone LARA 23 jahre", 2));
    }

    #[test]
    fn lsh_finds_near_duplicates_and_not_strangers() {
        let base = "Neue Girls bei uns in Hamburg, diskret und sauber, echte Bilder, kein Fake, Besuch uns \
                    Tag und Nacht, Haus und Hotelbesuche, nur SMS oder WhatsApp, wir freuen uns auf dich";
        let near = base.replace("Hamburg", "Bremen");
        let other = "Sofa zu verkaufen, gut erhalten, Nichtraucherhaushalt, Abholung in Kiel, Preis VB, \
                     bei Interesse einfach melden, auch am Wochenende, keine Lieferung möglich";
        let sets: Vec<Vec<u64>> = [base, near.as_str(), other].iter().map(|t| shingles(t, 3)).collect();
        assert!(jaccard(&sets[0], &sets[1]) > 0.7);
        let mh = MinHasher::new(25, 5);
        let sigs: Vec<Option<Vec<u64>>> = sets.iter().map(|s| Some(mh.signature(s))).collect();
        // The estimate from signatures follows the exact similarity.
        let est = sigs[0].as_ref().unwrap().iter().zip(sigs[1].as_ref().unwrap()).filter(|(a, b)| a == b).count()
            as f64
            / 125.0;
        assert!((est - jaccard(&sets[0], &sets[1])).abs() < 0.15, "{est}");
        let buckets = mh.buckets(&sigs);
        assert!(buckets.iter().any(|b| b.contains(&0) && b.contains(&1)));
        assert!(!buckets.iter().any(|b| b.contains(&2)));
    }
}
