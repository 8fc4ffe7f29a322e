//! Where a fact came from: the file by its hash, the record inside it, and who extracted it when.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The place of one record inside a source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Locator {
    /// A line of a text file (1-based), e.g. a JSON-lines record or a CSV row.
    Line {
        /// The 1-based line number.
        line: u64,
    },
    /// A row of a spreadsheet (1-based, as the spreadsheet program shows it) on a named sheet.
    Row {
        /// The sheet name.
        sheet: String,
        /// The 1-based row number.
        row: u64,
    },
    /// A node of an XML document, as a path like `/report/transaction[3]`.
    XPath {
        /// The path.
        path: String,
    },
    /// The whole file.
    File,
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locator::Line { line } => write!(f, "line {line}"),
            Locator::Row { sheet, row } => write!(f, "sheet '{sheet}' row {row}"),
            Locator::XPath { path } => write!(f, "{path}"),
            Locator::File => write!(f, "whole file"),
        }
    }
}

/// The provenance every fact carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// SHA-256 of the evidence file, lowercase hex: the file's name in the evidence store.
    pub sha256: String,
    /// The file's name as it was handed over.
    pub file_name: String,
    /// The record inside the file.
    pub locator: Locator,
    /// The extractor that read it, e.g. `bank-csv:nordbank`.
    pub extractor: String,
    /// The extractor's version.
    pub extractor_version: String,
    /// When the record was ingested.
    pub ingested_at: DateTime<Utc>,
    /// The ingest batch that committed it.
    pub batch: i64,
}

impl Provenance {
    /// A short citation: `file.csv (sha256 1a2b3c4d…) line 12`.
    pub fn cite(&self) -> String {
        format!("{} (sha256 {}…) {}", self.file_name, &self.sha256[..12.min(self.sha256.len())], self.locator)
    }
}
