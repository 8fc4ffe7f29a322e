//! Writers: the world as the evidence files investigators receive.

pub(crate) mod bank;
pub(crate) mod evidence;
pub(crate) mod fmt;
pub(crate) mod goaml;
pub(crate) mod ids;
pub(crate) mod registry;
pub(crate) mod truth;

use crate::world::Bank;

/// File name of the Nordbank statement export.
pub(crate) const NORDBANK_FILE: &str = "nordbank.csv";
/// File name of the Harbour Bank statement download.
pub(crate) const HARBOUR_FILE: &str = "harbour.csv";
/// File name of the Danube Savings report.
pub(crate) const DANUBE_FILE: &str = "danube.csv";
/// File name of the registry extract.
pub(crate) const REGISTRY_FILE: &str = "registry.ftm.jsonl";
/// File name of the ad-site export.
pub(crate) const ADS_FILE: &str = "ads.jsonl";
/// File name of the ad site's production return.
pub(crate) const PRODUCTION_FILE: &str = "ad_production.jsonl";
/// File name of the phone subscriber records.
pub(crate) const SUBSCRIBERS_FILE: &str = "subscribers.csv";
/// File name of the call detail records.
pub(crate) const CDR_FILE: &str = "cdr.csv";
/// File name of the crypto exchange's export.
pub(crate) const EXCHANGE_FILE: &str = "exchange.csv";
/// File name of the ground truth.
pub(crate) const TRUTH_FILE: &str = "truth.json";

/// The file a bank's postings are written to.
pub(crate) fn file_of(bank: Bank) -> &'static str {
    match bank {
        Bank::Nordbank => NORDBANK_FILE,
        Bank::Harbour => HARBOUR_FILE,
        Bank::Danube => DANUBE_FILE,
    }
}
