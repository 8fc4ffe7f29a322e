//! Errors of resolution, split by whose fault they are.

/// Why resolution could not run. Messy records are not errors: what cannot be read is left out of the
/// comparison, and decisions naming unknown records become warnings in the result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Two input records have the same id (the caller's fault).
    #[error("two records have the id '{0}'; record ids must be unique")]
    DuplicateId(String),
    /// A setting is out of range (the caller's fault).
    #[error("invalid resolution setting: {0}")]
    Config(String),
    /// A record id asked about is not among the records (the caller's fault).
    #[error("no record has the id '{0}'")]
    UnknownRecord(String),
    /// A FEBRL-style CSV file could not be read (the file's fault).
    #[error("cannot read {file}: {reason}")]
    Csv {
        /// The file or source name.
        file: String,
        /// Why.
        reason: String,
    },
}
