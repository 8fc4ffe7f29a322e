//! Harbour Bank's statement download: UTF-8, comma-separated with CSV quoting, ISO date-times in UK time,
//! separate "Paid out" and "Paid in" columns, the account on every row, device and IP for online banking.

use super::{csv_error, statement_order};
use crate::text::{en_amount, en_signed};
use crate::world::{Bank, Kind, Posting, World};

/// The column row, exactly as the `harbour` mapping profile names the columns.
pub(crate) const HEADER: [&str; 18] = [
    "Date",
    "Transaction ID",
    "Account",
    "Account name",
    "Currency",
    "Type",
    "Description",
    "Counterparty",
    "Counterparty account",
    "Counterparty country",
    "Merchant",
    "MCC",
    "Location",
    "Device",
    "IP address",
    "Paid out",
    "Paid in",
    "Balance",
];

/// The bank's type code; each matches one of the profile's channel rules. Sterling payments between UK
/// accounts go by Faster Payments, everything else by SWIFT.
fn type_code(p: &Posting, currency: &str) -> &'static str {
    let domestic = currency == "GBP" && p.cpty_country == Some("GB");
    match p.kind {
        Kind::Card => "CARD",
        Kind::Atm => "ATM",
        Kind::CashDeposit => "CASH",
        Kind::Salary if p.cents > 0 => "SALARY",
        Kind::DirectDebit => "DD",
        Kind::International => "SWIFT",
        Kind::Remittance => "MSB",
        Kind::P2p => "P2P",
        Kind::Fee => "FEE",
        Kind::Settlement => "BACS",
        _ if domestic => "FPS",
        _ => "SWIFT",
    }
}

fn description(p: &Posting) -> String {
    if !p.memo.is_empty() {
        return p.memo.clone();
    }
    match p.kind {
        Kind::Card => "CARD PAYMENT".into(),
        Kind::Atm => "CASH WITHDRAWAL".into(),
        _ => String::new(),
    }
}

/// Writes the file's bytes.
pub(crate) fn write(world: &World) -> std::io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(vec![]);
    w.write_record(HEADER).map_err(csv_error)?;
    for i in statement_order(world, Bank::Harbour) {
        let p = &world.postings[i];
        let acct = &world.accounts[p.account];
        let local = Bank::Harbour.zone().local(p.utc);
        let (device, ip) = if p.online && p.cents < 0 {
            (acct.device.clone().unwrap_or_default(), acct.ip.clone().unwrap_or_default())
        } else {
            (String::new(), String::new())
        };
        let (out, inn) =
            if p.cents < 0 { (en_amount(p.cents), String::new()) } else { (String::new(), en_amount(p.cents)) };
        let record = [
            local.format("%Y-%m-%d %H:%M:%S").to_string(),
            p.reference.clone(),
            acct.iban.clone(),
            acct.holder_written.clone(),
            acct.currency.to_string(),
            type_code(p, acct.currency).to_string(),
            description(p),
            p.cpty_name.clone().unwrap_or_default(),
            p.cpty_iban.clone().unwrap_or_default(),
            p.cpty_country.unwrap_or_default().to_string(),
            p.merchant.clone().unwrap_or_default(),
            p.mcc.map(|m| format!("{m:04}")).unwrap_or_default(),
            p.city.unwrap_or_default().to_string(),
            device,
            ip,
            out,
            inn,
            en_signed(p.balance),
        ];
        w.write_record(&record).map_err(csv_error)?;
    }
    w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
}
