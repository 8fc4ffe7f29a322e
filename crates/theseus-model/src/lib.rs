//! The evidence model every Theseus stage speaks.
//!
//! Entities and links follow OCCRP's FollowTheMoney (FtM) model, so that what Theseus reads and writes opens in
//! Aleph and OpenSanctions tooling. Bank transactions get a richer type of their own ([`Transaction`]) because
//! bank data carries what FtM's `Payment` lacks: channel, direction, merchant and MCC, branch, device, balance.
//! Every fact carries a [`Provenance`] back to the file (by SHA-256) and record it came from.

pub mod columns;
pub mod diagnostic;
pub mod entity;
pub mod ftm;
pub mod ids;
pub mod money;
pub mod normalize;
pub mod par;
pub mod provenance;
pub mod time;
pub mod transaction;

pub use diagnostic::{Diagnostic, Parsed, Severity};
pub use entity::{Entity, PropType, Schema};
pub use money::{Currency, Money};
pub use provenance::{Locator, Provenance};
pub use time::Timestamp;
pub use transaction::{Channel, Direction, Transaction};

/// The version of the extractors in this build, recorded in every provenance.
pub const EXTRACTOR_VERSION: &str = env!("CARGO_PKG_VERSION");
