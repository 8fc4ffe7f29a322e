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

/// SHA-256 of a byte slice, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn make_id_is_sha1_of_concatenated_parts() {
        // sha1("ab") computed independently.
        assert_eq!(super::make_id(["a", "b"]), "da23614e02469a0d7c7bd1bdab5c9c474b1904dc");
    }
}
