//! Readers against fixture files: what is read, what is rejected and why.

use std::collections::BTreeMap;
use std::path::Path;

use theseus_ingest::bank::BankReader;
use theseus_ingest::ftm::FtmReader;
use theseus_ingest::{FileError, Parsed, Reader, Severity, Source, profile};
use theseus_model::{Channel, Direction, Timestamp};

fn data(rel: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read_with(reader: &dyn Reader, rel: &str) -> Result<Parsed, FileError> {
    let bytes = data(rel);
    let src = Source {
        bytes: &bytes,
        file_name: rel.to_string(),
        sha256: theseus_model::ids::sha256_hex(&bytes),
        batch: 1,
        ingested_at: chrono::Utc::now(),
    };
    reader.read(&src)
}

fn bank(profile_name: &str, rel: &str) -> Result<Parsed, FileError> {
    read_with(&BankReader::new(profile::load(profile_name).unwrap(), BTreeMap::new()), rel)
}

fn reasons(p: &Parsed, sev: Severity) -> Vec<String> {
    p.diagnostics.iter().filter(|d| d.severity == sev).map(|d| format!("{} {}", d.locator, d.reason)).collect()
}

#[test]
fn nordbank_windows_1252_signed_amounts() {
    let p = bank("nordbank", "bank/nordbank_ok.csv").unwrap();
    assert_eq!(p.transactions.len(), 4, "{:?}", p.diagnostics);
    let salary = &p.transactions[0];
    assert_eq!(salary.account, "DE89370400440532013000");
    assert_eq!(salary.account_holder.as_deref(), Some("Jürgen Groß"), "Windows-1252 decoded");
    assert_eq!(salary.amount.to_string(), "2310.55");
    assert_eq!(salary.direction, Direction::Credit);
    assert_eq!(salary.channel, Channel::Payroll);
    assert_eq!(salary.ts.to_string(), "2026-03-02T09:15:00+01:00", "zone from the profile");
    assert_eq!(salary.provenance.locator.to_string(), "line 6", "4 preamble lines + header");
    let atm = &p.transactions[1];
    assert_eq!((atm.direction, atm.channel, atm.ts.is_night()), (Direction::Debit, Channel::Atm, Some(true)));
    assert_eq!(p.transactions[2].mcc, Some(5411));
    // The rent goes to an IBAN with a wrong checksum: kept, flagged.
    assert_eq!(reasons(&p, Severity::Flagged).len(), 1);
    assert!(reasons(&p, Severity::Flagged)[0].contains("counterparty account"));
    assert_eq!(p.transactions[3].cpty_account.as_deref(), Some("DE89370400440532013001"));
}

#[test]
fn malformed_rows_are_reported_and_the_rest_ingested() {
    let p = bank("nordbank", "bank/nordbank_malformed.csv").unwrap();
    assert_eq!(p.transactions.len(), 4);
    let rej = reasons(&p, Severity::Rejected);
    assert_eq!(rej.len(), 5, "{rej:#?}");
    assert!(rej[0].starts_with("line 10") && rej[0].contains("date '31.02.2026'"), "{}", rej[0]);
    assert!(rej[1].contains("'-1,0a' is not an amount"), "{}", rej[1]);
    assert!(rej[2].contains("duplicate of line 8"), "{}", rej[2]);
    assert!(rej[3].contains("MCC '54x1'"), "{}", rej[3]);
    assert!(rej[4].starts_with("line 14") && rej[4].contains("truncated"), "{}", rej[4]);
    assert!(p.diagnostics.iter().all(|d| d.file == "bank/nordbank_malformed.csv" && !d.raw.is_empty()));
}

#[test]
fn wrong_encoding_rejects_only_the_rows_it_spoils() {
    let p = bank("harbour", "bank/harbour_wrong_encoding.csv").unwrap();
    let rej = reasons(&p, Severity::Rejected);
    assert_eq!(p.transactions.len(), 2, "{rej:?}");
    assert_eq!(rej.len(), 2);
    assert!(rej.iter().all(|r| r.contains("not valid utf-8")), "{rej:?}");
}

#[test]
fn harbour_debit_credit_columns() {
    let p = bank("harbour", "bank/harbour_mixed.csv").unwrap();
    assert_eq!(p.transactions.len(), 4);
    let salary = &p.transactions[0];
    assert_eq!((salary.direction, salary.amount.to_string().as_str()), (Direction::Credit, "2100.00"));
    assert_eq!(salary.balance.unwrap().to_string(), "2500.00");
    assert_eq!(p.transactions[2].merchant.as_deref(), Some("Café Crème"));
    let rej = reasons(&p, Severity::Rejected);
    assert!(rej[0].contains("both the debit and the credit"), "{rej:?}");
    assert!(rej[1].contains("'XYZ' is not an ISO 4217"), "{rej:?}");
}

#[test]
fn danube_utf16_tab_flag_convention_without_zone() {
    let p = bank("danube", "bank/danube_report.txt").unwrap();
    assert_eq!(p.transactions.len(), 2, "{:?}", p.diagnostics);
    let dep = &p.transactions[0];
    assert_eq!(dep.account, "AT611904300234573201");
    assert_eq!(dep.ts, "2026-03-01T23:05:00".parse::<Timestamp>().unwrap(), "no zone invented");
    assert_eq!((dep.direction, dep.channel), (Direction::Credit, Channel::Cash));
    let msb = &p.transactions[1];
    assert_eq!((msb.channel, msb.cpty_country.as_deref()), (Channel::Msb, Some("RO")));
    assert!(reasons(&p, Severity::Rejected)[0].contains("flag 'Z'"));
}

#[test]
fn xlsx_with_real_dates_and_numbers() {
    let toml = r#"
        name = "sheet"
        format = "xlsx"
        skip_rows = 1
        [constants]
        account = "12345678"
        currency = "GBP"
        [time]
        date_format = "%d/%m/%Y %H:%M"
        [amount]
        convention = "signed"
        column = "Amount"
        [columns]
        date = "Booked"
        reference = "Ref"
        memo = "Details"
        balance = "Balance"
        [channel]
        rules = [["CARD", "card"], ["SALARY", "payroll"]]
    "#;
    let prof = theseus_ingest::Profile::parse(toml, "sheet").unwrap();
    let p = read_with(&BankReader::new(prof, BTreeMap::new()), "bank/sheet.xlsx").unwrap();
    assert_eq!(p.transactions.len(), 2);
    assert_eq!(p.transactions[0].ts.to_string(), "2026-03-01T14:30:00");
    assert_eq!(p.transactions[0].amount.to_string(), "12.5");
    assert_eq!(p.transactions[1].channel, Channel::Payroll);
    assert_eq!(p.transactions[0].provenance.locator.to_string(), "sheet 'Statement' row 3");
    let rej = reasons(&p, Severity::Rejected);
    assert!(rej.len() == 1 && rej[0].contains("row 5") && rej[0].contains("not a date"), "{rej:?}");
}

#[test]
fn binary_file_is_refused_whole() {
    let e = bank("nordbank", "bank/binary.csv").unwrap_err();
    assert!(e.to_string().contains("binary data"), "{e}");
}

#[test]
fn profile_that_does_not_fit_names_the_missing_columns() {
    let e = bank("harbour", "bank/nordbank_ok.csv").unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("profile 'harbour' does not fit") && msg.contains("'Paid out'"), "{msg}");
}

#[test]
fn command_line_constants_fill_what_the_file_lacks() {
    let mut over = BTreeMap::new();
    over.insert("holder".to_string(), "Override Name".to_string());
    let r = BankReader::new(profile::load("danube").unwrap(), over);
    let p = read_with(&r, "bank/danube_report.txt").unwrap();
    // A mapped column wins over a constant: the file's own holder stays.
    assert_eq!(p.transactions[0].account_holder.as_deref(), Some("Ivan Petrov"));
}

#[test]
fn ftm_stream_with_bad_lines() {
    let p = read_with(&FtmReader { default_region: Some("DE".into()) }, "ftm/registry_mixed.jsonl").unwrap();
    let ids: Vec<&str> = p.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["p-1", "c-1", "d-1", "p-2"]);
    assert_eq!(p.entities[0].values("phone"), ["+4917612345678"]);
    assert_eq!(p.entities[0].values("nationality"), ["ro"]);
    assert!(p.entities[3].values("phone").is_empty());
    let rej = reasons(&p, Severity::Rejected);
    assert_eq!(rej.len(), 4, "{rej:#?}");
    assert!(rej[0].contains("line 5") && rej[0].contains("Spaceship"));
    assert!(rej[1].contains("favouriteColour"));
    assert!(rej[2].contains("not a JSON object"));
    assert!(rej[3].contains("needs an 'id'"));
    let flagged = reasons(&p, Severity::Flagged);
    assert!(flagged.len() == 1 && flagged[0].contains("line 4") && flagged[0].contains("'12'"), "{flagged:?}");
}
