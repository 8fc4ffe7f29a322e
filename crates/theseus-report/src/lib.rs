//! The case report: one self-contained HTML file for prosecutors and investigators, made from an analysis
//! result ([`theseus_analysis::output::Analysis`]) and a description of the evidence files ([`ReportMeta`]).
//!
//! The file works offline (inline style, inline SVG pictures, no script, fonts or images from elsewhere),
//! prints on A4 with each major section on a new page, and keeps every statement traceable: each evidence
//! record an indicator, a network link or a timeline event rests on is a link to its row in the sources
//! appendix, which names the evidence file, its SHA-256, the locator of the record in it and the extractor.
//! A subject whose evidence points to being a victim is shown with a boxed warning on its card, and with a badge
//! or a mark wherever else its name appears (tables, running text, the network picture and the timeline).
//! The sources appendix lists exactly the records the report links to, sorted by evidence file and place in it.
//!
//! *Invariant:* every string taken from the data is HTML-escaped; the report never trusts names or texts that
//! came from evidence files. *Invariant:* the output depends only on the inputs (no clock, no randomness), so
//! the same analysis renders to the same bytes.
//!
//! [`network_svg`] and [`timeline_svg`] are public so that other front ends can draw the same pictures.

mod html;
mod network;
mod report;
mod style;
mod timeline;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use theseus_analysis::output::Analysis;

pub use network::network_svg;
pub use timeline::{timeline_svg, timeline_svg_marked};

/// What the report says about itself and the evidence it was made from (the parts not in the analysis).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReportMeta {
    /// Report title, e.g. the case name.
    pub title: String,
    /// Workspace the analysis was run in (name or path).
    pub workspace: String,
    /// When the report was generated, as the caller wants it shown (an ISO date-time is best).
    pub generated_at: String,
    /// The evidence files of the workspace.
    pub files: Vec<EvidenceFile>,
    /// How many records ingestion rejected (they are in the workspace quarantine, not in the analysis).
    pub quarantine_count: usize,
    /// Version of Theseus that produced the analysis and the report.
    pub theseus_version: String,
    /// Alerts of the workspace with the analysts' latest decisions, shown on the subjects' cards.
    #[serde(default)]
    pub alerts: Vec<AlertState>,
}

/// An alert on a subject and the latest decision on it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AlertState {
    /// Subject id the alert is on.
    pub subject: String,
    /// Alert id.
    pub alert: String,
    /// Latest decision (`escalate`, `dismiss`, `needs_information`), or `None` while open.
    pub decision: Option<String>,
    /// Reason, actor and time of the decision, as one line.
    pub detail: String,
}

/// One evidence file of the workspace.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvidenceFile {
    /// File name as ingested.
    pub name: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Ingestion batch the file came in.
    pub batch: i64,
}

/// Renders the whole case report as one HTML document.
///
/// Sections: header, summary, ranked subjects, one card per subject with a score (or a victim warning),
/// network, timeline, hubs set aside, notices, how the analysis was made (its configuration), evidence files,
/// and the sources appendix with one anchored row (`id="src-<record id>"`) per record linked from the report.
/// Records cited in the analysis but missing from [`Analysis::sources`] still get a row, marked as missing, so
/// that no link is dead and the gap is visible.
pub fn render_html(analysis: &Analysis, meta: &ReportMeta) -> String {
    report::render(analysis, None, meta)
}

/// Renders the case package's report: the whole report of [`render_html`] with the chain's sections filled —
/// operations and roles, the money trail with its flow diagram, the confiscation schedule, compensation, the
/// funds statements and the offence-elements matrix.
pub fn render_case(analysis: &Analysis, chain: &theseus_chain::Chain, meta: &ReportMeta) -> String {
    report::render(analysis, Some(chain), meta)
}
