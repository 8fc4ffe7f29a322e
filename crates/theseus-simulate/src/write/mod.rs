//! Writers: the world as the evidence files investigators receive.

pub(crate) mod harbour;
pub(crate) mod nordbank;
pub(crate) mod registry;
pub(crate) mod truth;

use crate::world::{Bank, World};

/// File name of the Nordbank statement export.
pub(crate) const NORDBANK_FILE: &str = "nordbank.csv";
/// File name of the Harbour Bank statement download.
pub(crate) const HARBOUR_FILE: &str = "harbour.csv";
/// File name of the registry extract.
pub(crate) const REGISTRY_FILE: &str = "registry.ftm.jsonl";
/// File name of the ground truth.
pub(crate) const TRUTH_FILE: &str = "truth.json";

/// The file a bank's postings are written to.
pub(crate) fn file_of(bank: Bank) -> &'static str {
    match bank {
        Bank::Nordbank => NORDBANK_FILE,
        Bank::Harbour => HARBOUR_FILE,
    }
}

/// Indices of one bank's postings in statement order: by account (IBAN), then booking time.
pub(crate) fn statement_order(world: &World, bank: Bank) -> Vec<usize> {
    let mut idx: Vec<usize> =
        (0..world.postings.len()).filter(|&i| world.accounts[world.postings[i].account].bank() == Some(bank)).collect();
    // Stable: postings are already in booking order.
    idx.sort_by(|&a, &b| {
        world.accounts[world.postings[a].account].iban.cmp(&world.accounts[world.postings[b].account].iban)
    });
    idx
}

fn csv_error(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}
