//! Stable identifiers.
//!
//! Entities that Theseus creates get FtM-style ids: the SHA-1 hex digest of the parts that identify them, as
//! `followthemoney.util.make_id` computes it, so that the same bank account met in two files gets one id.
//! Ids that a source gave its records are kept as they were.

use sha1::{Digest, Sha1};
use sha2::Sha256;

/// FtM's `make_id`: SHA-1 over the parts in order, no separator; `None` parts are skipped.
pub fn make_id<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}

/// A readable id from a source's own identifiers, valid as an FtM entity id (letters, digits, `.` and `-`,
/// starting and ending with a letter or digit). Parts are joined with `.`; spaces become `-` and a leading
/// `+` (of a phone number) is dropped. When anything else had to be replaced, a short hash of the original
/// parts is appended so that two different sources never meet in one id.
pub fn readable_id(parts: &[&str]) -> String {
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
        let h = make_id([joined.as_str()]);
        id = if id.is_empty() { h[..12].to_string() } else { format!("{id}-{}", &h[..8]) };
    }
    id
}

/// SHA-256 of a byte slice, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn readable_ids_are_valid_ftm_ids() {
        assert_eq!(super::readable_id(&["vivastreet", "ad", "VS-000123"]), "vivastreet.ad.VS-000123");
        assert_eq!(super::readable_id(&["msisdn", "+4917612345678"]), "msisdn.4917612345678");
        assert_eq!(super::readable_id(&["subscriber", "Milena Horvat", "", "L01"]), "subscriber.Milena-Horvat..L01");
        let lossy = super::readable_id(&["card", "412345******4242"]);
        assert!(lossy.starts_with("card.412345------4242-") && lossy.len() == 30, "{lossy}");
        assert_ne!(super::readable_id(&["x", "Jürgen"]), super::readable_id(&["x", "Jorgen"]));
    }

    #[test]
    fn make_id_is_sha1_of_concatenated_parts() {
        // sha1("ab") computed independently.
        assert_eq!(super::make_id(["a", "b"]), "da23614e02469a0d7c7bd1bdab5c9c474b1904dc");
    }
}
