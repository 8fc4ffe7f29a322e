//! Synthetic evidence with a known answer: a seeded, deterministic world of bank customers, companies and
//! registry records with one human-trafficking operation hidden in it, written out as the files
//! investigators actually receive — bank statement exports in each bank's own layout, a FollowTheMoney
//! registry extract — together with a ground-truth record of what was injected.
//!
//! Detectors and the end-to-end pipeline are measured against this world: the truth says which accounts,
//! people and transactions belong to the operation, what each victim's proceeds were and what was bought with
//! them, and which look-alikes (hard negatives) must not be flagged. The same seed always gives the same bytes.
//!
//! The crate is layered so that it can grow into a full scenario simulator (sizes from `demo` to `large`,
//! further typologies): a **world model** ([`world`](crate::world): people, companies, accounts, postings,
//! links, truth tags) is filled by **generators** (everyday life, the population with its hard negatives,
//! the operation), finished (ids, references, balances) and then handed to **writers**, one per evidence
//! format. Only [`demo`] is public today.

pub mod demo;

mod calendar;
mod catalog;
mod finish;
mod iban;
mod life;
mod operation;
mod people;
mod population;
mod rng;
mod text;
mod world;
mod write;

#[cfg(test)]
mod tests;
