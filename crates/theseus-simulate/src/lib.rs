//! Synthetic evidence with a known answer: a seeded, deterministic world of bank customers, companies,
//! ads, phones and crypto transfers with human-trafficking operations hidden in it, written out as the files
//! investigators actually receive — bank statement exports in each bank's own layout, a FollowTheMoney
//! registry extract, an ad site's export and production return, phone subscriber and call records, a crypto
//! exchange's export, goAML STR reports — together with a ground-truth record of what was injected.
//!
//! Detectors and the end-to-end pipeline are measured against this world: the truth says which accounts,
//! people, ads and transactions belong to each operation, what each victim's proceeds were and what was
//! bought with them, which look-alikes (hard negatives) must not be flagged, and which defects of the files
//! are deliberate noise. The same parameters and seed always give the same bytes.
//!
//! Sizes run from [`Params::demo`] (the world of `theseus demo`) to [`Params::large`] (about ten million
//! transactions). The crate is layered: a **world model** (`world`: people, companies, accounts, postings,
//! ads, phones, truth tags) is filled by **generators** (everyday life, the population, the hard negatives,
//! the operations), finished (ids, balances, noise) and handed to **writers**, one per evidence format.
//! Ordinary customers' transactions are generated account by account while the statements are written, so
//! memory stays bounded by the people, not the transactions. `docs/simulator.md` documents the world, the
//! distributions and the file formats.

pub mod demo;

mod ads;
mod calendar;
mod catalog;
mod crypto;
mod finish;
mod generate;
mod iban;
mod life;
mod negatives;
mod ops;
mod params;
mod people;
mod phones;
mod population;
mod rng;
mod strs;
mod text;
mod world;
mod write;

pub use generate::{Counts, FileKind, Manifest, OutputFile, generate};
pub use params::{OperationKind, OperationSpec, Params, Size};

#[cfg(test)]
mod tests;
