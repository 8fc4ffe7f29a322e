//! The ids Theseus gives the records of the evidence files when it ingests them, computed with the model's
//! own functions so that the truth names, for every person and company, the records that stand for them in
//! each source exactly as ingest will.

/// FtM's `make_id` (`theseus_model::ids::make_id`).
pub(crate) fn make_id(parts: &[&str]) -> String {
    theseus_model::ids::make_id(parts.iter().copied())
}

/// A readable id from a source's own identifiers (`theseus_model::ids::readable_id`).
pub(crate) fn readable_id(parts: &[&str]) -> String {
    theseus_model::ids::readable_id(parts)
}

/// The name key ingest uses (`theseus_model::normalize::name_key`), for the ASCII names the simulator hands
/// it (goAML names are folded to ASCII); `None` for other text, which the goAML writer never produces.
pub(crate) fn ascii_name_key(raw: &str) -> Option<String> {
    raw.is_ascii().then(|| theseus_model::normalize::name_key(raw))
}
