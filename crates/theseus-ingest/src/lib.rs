//! Readers that turn evidence files into the evidence model.
//!
//! A reader never fails on a bad record: it returns what it could read plus one [`Diagnostic`] per record it
//! had to reject or flag, naming the file, the record and the reason. Only a file that cannot be read at all
//! (not CSV, not a spreadsheet, binary noise) is refused with a [`FileError`], and then nothing is ingested.
//!
//! Readers know nothing of the workspace: they take bytes and the file's identity and return values. The store
//! decides what to keep.

pub mod ads;
pub mod bank;
pub mod ftm;
pub mod goaml;
pub mod mapping;
pub mod profile;
pub mod table;
mod text;

use chrono::{DateTime, Utc};
pub use theseus_model::{Diagnostic, Parsed, Severity};
use theseus_model::{Locator, Provenance};

pub use profile::Profile;

/// The file being read, as the store identified it.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The file's bytes.
    pub bytes: &'a [u8],
    /// The name it was handed over under.
    pub file_name: String,
    /// Its SHA-256, hex.
    pub sha256: String,
    /// The batch that will commit what is read.
    pub batch: i64,
    /// The time of ingest.
    pub ingested_at: DateTime<Utc>,
}

impl Source<'_> {
    /// The provenance of one record of this file.
    pub fn provenance(&self, locator: Locator, extractor: &str) -> Provenance {
        Provenance {
            sha256: self.sha256.clone(),
            file_name: self.file_name.clone(),
            locator,
            extractor: extractor.to_string(),
            extractor_version: theseus_model::EXTRACTOR_VERSION.to_string(),
            ingested_at: self.ingested_at,
            batch: self.batch,
        }
    }
}

/// A file that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The bytes are not the format the reader expects.
    #[error("{file}: {reason}")]
    Unreadable {
        /// The file name.
        file: String,
        /// Why.
        reason: String,
    },
    /// The mapping profile does not fit the file (a mapped column is missing from the header).
    #[error("{file}: profile '{profile}' does not fit this file: {reason}")]
    ProfileMismatch {
        /// The file name.
        file: String,
        /// The profile name.
        profile: String,
        /// Why.
        reason: String,
    },
}

/// A reader of one kind of evidence file: the seam later formats (goAML, ads, call records) plug into.
pub trait Reader {
    /// The extractor name recorded in provenance, e.g. `bank:nordbank` or `ftm`.
    fn extractor(&self) -> String;
    /// Reads a whole file.
    fn read(&self, src: &Source<'_>) -> Result<Parsed, FileError>;
}

/// Cuts a raw record for a diagnostic.
pub(crate) fn snippet(s: &str) -> String {
    const MAX: usize = 300;
    if s.len() <= MAX {
        s.to_string()
    } else {
        let mut end = MAX;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &s[..end])
    }
}
