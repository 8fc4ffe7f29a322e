//! The ids Theseus gives the records of the evidence files when it ingests them, computed here so that the
//! truth can name, for every person and company, the records that stand for them in each source.
//!
//! They mirror `theseus_model::ids` (`make_id`: SHA-1 hex of the parts, FtM's `make_id`; `readable_id`) and
//! `theseus_model::normalize::name_key` for ASCII text (the only text the simulator hands to it: goAML names
//! are folded to ASCII). The simulator does not depend on the model crate, so the few lines are repeated
//! here; the tests compare them with the model's functions on every id of a world.

/// SHA-1 (FIPS 180-4) of a byte string.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// FtM's `make_id`: SHA-1 over the parts in order, no separator, lowercase hex.
pub(crate) fn make_id(parts: &[&str]) -> String {
    use std::fmt::Write as _;
    let digest = sha1(parts.concat().as_bytes());
    let mut s = String::with_capacity(40);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// A readable id from a source's own identifiers, as `theseus_model::ids::readable_id` makes it: parts
/// joined with `.`, spaces and `_` as `-`, `+` dropped, anything else replaced by `-` with a short hash of
/// the original appended.
pub(crate) fn readable_id(parts: &[&str]) -> String {
    let joined = parts.join(".");
    let mut out = String::with_capacity(joined.len());
    let mut lossy = false;
    for c in joined.chars() {
        match c {
            c if c.is_ascii_alphanumeric() || c == '.' || c == '-' => out.push(c),
            ' ' | '_' => out.push('-'),
            '+' => {}
            _ => {
                lossy = true;
                out.push('-');
            }
        }
    }
    let mut id = out.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_string();
    if lossy || id.is_empty() {
        let h = make_id(&[joined.as_str()]);
        id = if id.is_empty() { h[..12].to_string() } else { format!("{id}-{}", &h[..8]) };
    }
    id
}

/// Titles `name_key` drops (`theseus_model::normalize`'s list).
const HONORIFICS: &[&str] =
    &["mr", "mrs", "ms", "miss", "mx", "dr", "herr", "frau", "hr", "fr", "dna", "dl", "sr", "sra"];

/// `theseus_model::normalize::name_key` for ASCII text: lower case, split at anything not a letter or
/// digit, titles dropped, tokens sorted and joined with a space. Returns `None` for text that is not ASCII
/// (whose key needs the model's transliteration).
pub(crate) fn ascii_name_key(raw: &str) -> Option<String> {
    if !raw.is_ascii() {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    let mut tokens: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty() && !HONORIFICS.contains(t))
        .collect();
    tokens.sort_unstable();
    Some(tokens.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_known_answers() {
        let hex = |d: [u8; 20]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(hex(sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            hex(sha1(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(hex(sha1(&[b'a'; 1000])), "291e9a6c66994949b57ba5e650361e98fc36b1ba");
    }

    #[test]
    fn the_same_ids_as_the_model() {
        use theseus_model::{ids, normalize};
        let cases: &[&[&str]] = &[
            &["subscriber", "Milena Horvat", "", "L01"],
            &["subscriber", "Petrov, Aleksandr", "1985-04-09", "CFG123456"],
            &["subscriber", "Ayşe Yılmaz", "", "X"],
            &["escortdir", "user", "ED-U-0041"],
            &["msisdn", "+4917612345678"],
            &["", ""],
            &["subscriber", "Zoë_O'Brien  Jr.", "2001-01-01", "GB 123"],
        ];
        for parts in cases {
            assert_eq!(readable_id(parts), ids::readable_id(parts), "{parts:?}");
            assert_eq!(make_id(parts), ids::make_id(parts.iter().copied()), "{parts:?}");
        }
        for name in [
            "Maria Popescu",
            "O'Brien Sean",
            "UNKNOWN Ion",
            "MR JAMES SMITH",
            "Dr. Anna Frau",
            "  van der  Berg-Smith ",
            "A. Petrov",
            "",
        ] {
            assert_eq!(ascii_name_key(name).as_deref(), Some(normalize::name_key(name).as_str()), "{name}");
        }
        assert_eq!(ascii_name_key("Ayşe"), None);
    }
}
