//! Problems with single records, reported rather than raised: messy evidence is not an exception.

use serde::{Deserialize, Serialize};

use crate::Locator;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record was rejected and went to quarantine.
    Rejected,
    /// The record was kept, but a value in it is flagged (an invalid IBAN is itself evidence).
    Flagged,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Rejected => "rejected",
            Severity::Flagged => "flagged",
        }
    }
}

/// One problem with one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file's name.
    pub file: String,
    /// The record.
    pub locator: Locator,
    /// Rejected or flagged.
    pub severity: Severity,
    /// Why, in words an analyst understands.
    pub reason: String,
    /// The raw record (cut to a reasonable length), so the analyst can fix it without opening the file.
    pub raw: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}: {}", self.file, self.locator, self.severity.as_str(), self.reason)
    }
}

/// What a reader got out of one file: the unit a batch stores.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Bank transactions.
    pub transactions: Vec<crate::Transaction>,
    /// Entities and links.
    pub entities: Vec<crate::Entity>,
    /// Records rejected or flagged.
    pub diagnostics: Vec<Diagnostic>,
    /// Records seen, good or bad.
    pub records_seen: u64,
}
