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

fn entity<'a>(p: &'a Parsed, id: &str) -> &'a theseus_model::Entity {
    p.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}: {:?}", p.entities.iter().map(|e| &e.id).collect::<Vec<_>>()))
}

#[test]
fn ads_keep_the_phone_as_written_and_link_the_poster() {
    use theseus_ingest::ads::AdsReader;
    let p = read_with(&AdsReader { default_region: Some("DE".into()) }, "ads/ads.jsonl").unwrap();
    let ad = entity(&p, "vivastreet.ad.VS-000123");
    assert_eq!(ad.schema, "Advertisement");
    assert_eq!(ad.values("notes"), ["phone as written: null eins sieben sechs 12 34 56 78"]);
    assert!(ad.values("phone").is_empty(), "obfuscated: left to the ad extractor");
    assert_eq!(ad.values("postedAt"), ["2026-03-01T20:10:00"], "FtM dates are UTC");
    assert_eq!(ad.values("posterAccount"), ["vivastreet.user.VS-U-0042"]);
    assert_eq!(ad.values("imageHash")[0].len(), 64);
    assert_eq!(entity(&p, "vivastreet.ad.VS-000125").values("phone"), ["+4917612345678"]);
    assert_eq!(p.entities.iter().filter(|e| e.schema == "UserAccount").count(), 2, "one per poster");
    let rej = reasons(&p, Severity::Rejected);
    assert!(rej.len() == 1 && rej[0].starts_with("line 4"), "{rej:?}");
}

#[test]
fn production_return_bridges_poster_card_and_fees() {
    use theseus_ingest::ads::AdProductionReader;
    let p = read_with(&AdProductionReader::default(), "ads/production.jsonl").unwrap();
    let u = entity(&p, "vivastreet.user.VS-U-0042");
    assert_eq!(
        (u.values("phone"), u.values("ipAddress")),
        (&["+4917612345678".to_string()][..], &["203.0.113.7".to_string()][..])
    );
    let card = entity(&p, &theseus_ingest::ads::card_id("412345", "4242"));
    assert_eq!(card.values("name"), ["MARKO HORVAT"]);
    let fees: Vec<_> = p.entities.iter().filter(|e| e.schema == "Payment").collect();
    assert_eq!(fees.len(), 2);
    assert_eq!(fees[0].values("payerAccount"), [theseus_ingest::ads::card_id("412345", "4242")]);
    assert_eq!(fees[0].values("transactionNumber"), ["VS-000123"]);
    assert!(p.entities.iter().any(|e| e.schema == "UnknownLink" && e.first("subject") == Some(&u.id)));
    let flagged = reasons(&p, Severity::Flagged);
    assert!(flagged.len() == 1 && flagged[0].contains("not an email"), "{flagged:?}");
}

#[test]
fn subscriber_records_and_call_detail_records_through_mappings() {
    use theseus_ingest::mapping::{MappingReader, load};
    let p = read_with(&MappingReader::new(load("subscribers").unwrap()), "phone/subscribers.csv").unwrap();
    let persons: Vec<_> = p.entities.iter().filter(|e| e.schema == "Person").collect();
    assert_eq!(persons.len(), 2, "the subscriber with two numbers is one person");
    assert_eq!(persons[0].values("phone"), ["+4917612345678", "+4915112223334"]);
    assert_eq!(entity(&p, "msisdn.40721000001").values("owner"), [persons[1].id.clone()]);
    let rej = reasons(&p, Severity::Rejected);
    assert!(rej.len() == 1 && rej[0].starts_with("line 5") && rej[0].contains("id column"), "{rej:?}");

    let c = read_with(&MappingReader::new(load("cdr").unwrap()), "phone/cdr.csv").unwrap();
    let call = entity(&c, "cdr.C-1");
    assert_eq!(call.values("date"), ["2026-03-01T21:10:00"]);
    assert_eq!(call.values("receiverNumber"), ["+40721000001"]);
    let flagged = reasons(&c, Severity::Flagged);
    assert!(flagged.len() == 1 && flagged[0].starts_with("line 4") && flagged[0].contains("not-a-time"), "{flagged:?}");
}

#[test]
fn crypto_exchange_export_through_a_bank_profile() {
    let p = bank("exchange", "exchange/exchange.csv").unwrap();
    assert_eq!(p.transactions.len(), 2, "{:?}", p.diagnostics);
    let w = &p.transactions[0];
    assert_eq!((w.channel, w.direction), (Channel::Crypto, Direction::Debit));
    assert_eq!(w.ts.to_string(), "2026-03-05T10:00:00+01:00");
    assert_eq!(w.cpty_account.as_deref(), Some("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"), "case kept");
    assert!(w.memo.as_deref().unwrap().starts_with("0.02150000 BTC 4a5e"));
    assert_eq!(p.transactions[1].cpty_account.as_deref(), Some("0x742d35Cc6634C0532925a3b844Bc454e4438f44e"));
}

#[test]
fn goaml_report_becomes_payments_parties_and_a_note() {
    use theseus_ingest::goaml::GoamlReader;
    let p = read_with(&GoamlReader, "goaml/str_funnel.xml").unwrap();
    let note = entity(&p, "goaml.2301.NB-STR-2026-0042");
    assert_eq!(note.values("summary"), ["indicators: FNACC, INTWD"]);
    let pay = entity(&p, "goaml.2301.NB-STR-2026-0042.NB-0002");
    let acct = theseus_model::ftm::account_id("DE89370400440532013000");
    assert_eq!(pay.values("payerAccount"), std::slice::from_ref(&acct), "same id as the account in bank statements");
    let marko = p.entities.iter().find(|e| e.schema == "Person" && e.first("lastName") == Some("Horvat")).unwrap();
    assert_eq!(pay.values("payer"), std::slice::from_ref(&marko.id), "the signatory pays from his account");
    assert_eq!(marko.values("phone"), ["+4917612345678"]);
    assert_eq!(marko.values("birthDate"), ["1984-07-12"]);
    assert_eq!(marko.provenance.locator.to_string(), "/report/transaction[1]");
    let rej = reasons(&p, Severity::Rejected);
    assert!(rej.len() == 1 && rej[0].starts_with("/report/transaction[3]"), "{rej:?}");
    // The minimal report shipped with the goAML schemas reads too.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/goaml/min_str_uae.xml");
    let bytes = std::fs::read(&shared).expect("shared/goaml beside the repository");
    let src = Source {
        bytes: &bytes,
        file_name: "min_str_uae.xml".into(),
        sha256: theseus_model::ids::sha256_hex(&bytes),
        batch: 1,
        ingested_at: chrono::Utc::now(),
    };
    let m = GoamlReader.read(&src).unwrap();
    assert!(m.entities.iter().any(|e| e.schema == "Payment" && e.first("amount") == Some("24.00")));
    assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
}

#[test]
fn goaml_refuses_what_is_not_a_report() {
    use theseus_ingest::goaml::GoamlReader;
    let e = read_with(&GoamlReader, "ads/ads.jsonl").unwrap_err();
    assert!(e.to_string().contains("not well-formed XML"), "{e}");
}

#[test]
fn crlf_files_cite_the_same_lines_as_lf_files() {
    let lf = bank("nordbank", "bank/nordbank_ok.csv").unwrap();
    let crlf = bank("nordbank", "bank/nordbank_crlf.csv").unwrap();
    let lines = |p: &Parsed| p.transactions.iter().map(|t| t.provenance.locator.to_string()).collect::<Vec<_>>();
    assert_eq!(lines(&crlf), lines(&lf));
    assert_eq!(lines(&crlf)[0], "line 6");
}

#[test]
fn quarantined_rows_keep_their_raw_text() {
    let p = bank("harbour", "bank/harbour_mixed.csv").unwrap();
    let d = p.diagnostics.iter().find(|d| d.reason.contains("both the debit")).unwrap();
    assert!(d.raw.ends_with(r#",both,10.00,5.00,"2,444.80""#), "{}", d.raw);
}

#[test]
fn command_line_constants_can_supply_the_account() {
    let toml = r#"
        name = "noacct"
        [constants]
        currency = "EUR"
        [time]
        date_format = "%Y-%m-%d"
        [amount]
        convention = "signed"
        column = "Amount"
        [columns]
        date = "Date"
    "#;
    assert!(theseus_ingest::Profile::parse(toml, "noacct").is_err());
    let mut set = BTreeMap::new();
    set.insert("account".to_string(), "CH9300762011623852957".to_string());
    let with = theseus_ingest::Profile::parse_with(toml, "noacct", &set).unwrap();
    let plain = theseus_ingest::Profile::parse_with(toml, "noacct", &BTreeMap::new());
    assert!(plain.is_err());
    assert_eq!(with.constants["account"], "CH9300762011623852957");
    // Provenance tells profile versions apart.
    let r = BankReader::new(with, BTreeMap::new());
    assert!(r.extractor().starts_with("bank:noacct@") && r.extractor().len() == "bank:noacct@".len() + 8);
}
