//! Bank statement exports, streamed: one file per bank in that bank's own layout, accounts in account-number
//! order, each account's postings in booking order with running balances.
//!
//! Ordinary customers' postings are generated here, one account at a time from the customer's own random
//! stream, and written at once; nothing of them stays in memory. Postings of the operations and hard
//! negatives were generated before and are written in their account's place.
//!
//! Layouts:
//! - **Nordbank** (`nordbank.csv`): Windows-1252, `;`, CRLF, four title lines above the column row, German
//!   dates and numbers, one signed amount, value dates.
//! - **Harbour Bank** (`harbour.csv`): UTF-8, `,`, LF, ISO date-times in UK time, separate paid-out and
//!   paid-in columns, device and IP for online banking.
//! - **Danube Savings** (`danube.csv`): UTF-16LE with a byte-order mark, tab-separated, CRLF, two title
//!   lines, US dates with a 12-hour clock and no zone (Vienna local time), an unsigned amount and a D/C flag.
//!
//! References are unique per bank: a bank prefix, the booking date and a scrambled serial (an affine
//! bijection of the row's serial number, so they look like a core system's ids and never repeat).

use std::collections::HashSet;
use std::io::Write;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::fmt;
use crate::calendar::{self, Zone};
use crate::population::{Infra, Ordinary, ordinary_life};
use crate::rng::Rng;
use crate::world::{Account, Bank, Kind, Posting, World};

/// Column rows, exactly as the mapping profiles name the columns.
pub(crate) const NORDBANK_HEADER: [&str; 16] = [
    "Buchungstag",
    "Uhrzeit",
    "Valuta",
    "Konto",
    "Kontoinhaber",
    "Umsatzart",
    "Auftraggeber/Empfänger",
    "IBAN Gegenkonto",
    "Händler",
    "MCC",
    "Ort",
    "Filiale",
    "Verwendungszweck",
    "Betrag",
    "Saldo",
    "Referenz",
];
pub(crate) const HARBOUR_HEADER: [&str; 18] = [
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
pub(crate) const DANUBE_HEADER: [&str; 19] = [
    "TXN_DATE",
    "VALUE_DATE",
    "TXN_REF",
    "ACCOUNT_NO",
    "CUSTOMER",
    "CCY",
    "TXN_CODE",
    "CPTY_NAME",
    "CPTY_ACCOUNT",
    "CPTY_BIC",
    "CPTY_COUNTRY",
    "MCC",
    "MERCHANT",
    "CITY",
    "BRANCH",
    "NARRATIVE",
    "AMOUNT",
    "DC",
    "BALANCE",
];

/// What the streaming writer needs to generate ordinary customers' postings.
pub(crate) struct Streams<'a> {
    pub seed: u64,
    pub infra: &'a Infra,
    pub ordinary: &'a [Ordinary],
    /// For every account, its index in `ordinary` (streamed accounts only).
    pub ordinary_of: &'a [Option<u32>],
    pub activity: f64,
}

/// Counts of one written statement.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BankCounts {
    pub rows: u64,
}

/// Nordbank's type word; each matches one of the profile's channel rules.
fn umsatzart(p: &Posting) -> &'static str {
    let credit = p.cents > 0;
    match p.kind {
        Kind::Card => "Kartenzahlung",
        Kind::Atm => "Geldautomat",
        Kind::CashDeposit => "Bareinzahlung",
        Kind::Salary if credit => "Gehalt",
        Kind::Instant | Kind::P2p if credit => "Echtzeit-Gutschrift",
        Kind::Instant | Kind::P2p => "Echtzeit-Überweisung",
        Kind::DirectDebit if !credit => "Lastschrift",
        Kind::International if !credit => "Auslandsüberweisung",
        Kind::Remittance => "Bargeldtransfer",
        Kind::Fee => "Entgelt",
        _ if credit => "Gutschrift",
        _ => "Überweisung",
    }
}

/// Harbour's type code; sterling payments between UK accounts go by Faster Payments, everything else by
/// SWIFT.
fn harbour_type(p: &Posting, currency: &str) -> &'static str {
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

/// Danube's transaction code.
fn danube_code(p: &Posting) -> &'static str {
    match p.kind {
        Kind::Card => "POS",
        Kind::Atm => "ATM",
        Kind::CashDeposit => "CSH",
        Kind::Salary if p.cents > 0 => "SAL",
        Kind::Remittance => "MSB",
        Kind::P2p => "P2P",
        Kind::DirectDebit => "DDR",
        Kind::Fee => "FEE",
        _ => "TRF",
    }
}

/// Value date: the booking date, except that ordinary transfers booked on a weekend or holiday take value
/// on the next business day (instant payments and card, cash and fee postings value the same day).
fn valuta(p: &Posting, booked: NaiveDate, zone: Zone) -> NaiveDate {
    match p.kind {
        Kind::Card | Kind::Atm | Kind::CashDeposit | Kind::Fee | Kind::Instant | Kind::P2p => booked,
        _ => calendar::roll_forward(zone, booked),
    }
}

/// The BIC of a counterparty account when it is at an evidence bank.
fn bic_of(iban: &str) -> &'static str {
    if iban.len() < 12 {
        return "";
    }
    if iban.starts_with("DE") && &iban[4..12] == crate::population::NORDBANK_BLZ {
        Bank::Nordbank.bic()
    } else if iban.starts_with("GB") && &iban[4..8] == "HRBR" {
        Bank::Harbour.bic()
    } else if iban.starts_with("AT") && &iban[4..9] == crate::population::DANUBE_CODE {
        Bank::Danube.bic()
    } else {
        ""
    }
}

/// An affine bijection on `0..modulus` (modulus a power of ten): unique ids that do not look sequential.
fn scramble(n: u64, modulus: u64) -> u64 {
    (n.wrapping_mul(7_368_787) + 2_718_281) % modulus
}

/// Writes a bank's reference for the `n`-th row.
fn reference(bank: Bank, n: u64, local: NaiveDateTime, out: &mut Vec<u8>) {
    match bank {
        Bank::Nordbank => {
            out.extend_from_slice(b"NB");
            let d = local.date();
            fmt::pad(out, d.year() as u64, 4);
            fmt::pad(out, u64::from(d.month()), 2);
            fmt::pad(out, u64::from(d.day()), 2);
            fmt::pad(out, scramble(n, 100_000_000), 8);
        }
        Bank::Harbour => {
            out.extend_from_slice(b"HB");
            fmt::pad(out, (local.year() % 100) as u64, 2);
            fmt::pad(out, u64::from(local.month()), 2);
            fmt::pad(out, scramble(n, 10_000_000_000), 10);
        }
        Bank::Danube => {
            out.extend_from_slice(b"FT");
            fmt::pad(out, (local.year() % 100) as u64, 2);
            fmt::pad(out, u64::from(local.ordinal()), 3);
            fmt::pad(out, scramble(n, 1_000_000_000), 9);
        }
    }
}

/// Which column a deliberately missing field is in, per bank.
fn column_name(bank: Bank, what: Blank) -> &'static str {
    match (bank, what) {
        (Bank::Nordbank, Blank::City) => "Ort",
        (Bank::Nordbank, Blank::CptyAccount) => "IBAN Gegenkonto",
        (Bank::Harbour, Blank::City) => "Location",
        (Bank::Harbour, Blank::CptyAccount) => "Counterparty account",
        (Bank::Danube, Blank::City) => "CITY",
        (Bank::Danube, Blank::CptyAccount) => "CPTY_ACCOUNT",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blank {
    City,
    CptyAccount,
}

/// One statement row as UTF-8 text (without the line terminator).
fn row(
    bank: Bank,
    line: &mut Vec<u8>,
    acct: &Account,
    p: &Posting,
    local: NaiveDateTime,
    r: &[u8],
    blank: Option<Blank>,
) {
    let merchant = p.merchant.as_deref().unwrap_or("");
    let cpty = p.cpty_name.as_deref().unwrap_or("");
    let cpty_iban = if blank == Some(Blank::CptyAccount) { "" } else { p.cpty_iban.as_deref().unwrap_or("") };
    let city = if blank == Some(Blank::City) { "" } else { p.city.unwrap_or("") };
    match bank {
        Bank::Nordbank => {
            let d = b';';
            let booked = local.date();
            fmt::de_date(line, booked);
            line.push(d);
            fmt::pad(line, u64::from(chrono::Timelike::hour(&local)), 2);
            line.push(b':');
            fmt::pad(line, u64::from(chrono::Timelike::minute(&local)), 2);
            line.push(d);
            fmt::de_date(line, valuta(p, booked, Zone::Berlin));
            line.push(d);
            fmt::field(line, &acct.iban, d);
            line.push(d);
            fmt::field(line, &acct.holder_written, d);
            line.push(d);
            line.extend_from_slice(umsatzart(p).as_bytes());
            line.push(d);
            fmt::field(line, if p.kind == Kind::Fee { Bank::Nordbank.name() } else { cpty }, d);
            line.push(d);
            fmt::field(line, cpty_iban, d);
            line.push(d);
            fmt::field(line, merchant, d);
            line.push(d);
            if let Some(m) = p.mcc {
                fmt::pad(line, u64::from(m), 4);
            }
            line.push(d);
            fmt::field(line, city, d);
            line.push(d);
            if let Some(b) = p.branch {
                fmt::pad(line, u64::from(b), 4);
            }
            line.push(d);
            fmt::field(line, &p.memo, d);
            line.push(d);
            fmt::de_amount(line, p.cents);
            line.push(d);
            fmt::de_amount(line, p.balance);
            line.push(d);
            line.extend_from_slice(r);
        }
        Bank::Harbour => {
            let d = b',';
            fmt::iso_datetime(line, local, b' ');
            line.push(d);
            line.extend_from_slice(r);
            line.push(d);
            fmt::field(line, &acct.iban, d);
            line.push(d);
            fmt::field(line, &acct.holder_written, d);
            line.push(d);
            line.extend_from_slice(acct.currency.as_bytes());
            line.push(d);
            line.extend_from_slice(harbour_type(p, acct.currency).as_bytes());
            line.push(d);
            let desc: &str = if !p.memo.is_empty() {
                &p.memo
            } else {
                match p.kind {
                    Kind::Card => "CARD PAYMENT",
                    Kind::Atm => "CASH WITHDRAWAL",
                    _ => "",
                }
            };
            fmt::field(line, desc, d);
            line.push(d);
            fmt::field(line, cpty, d);
            line.push(d);
            fmt::field(line, cpty_iban, d);
            line.push(d);
            line.extend_from_slice(p.cpty_country.unwrap_or("").as_bytes());
            line.push(d);
            fmt::field(line, merchant, d);
            line.push(d);
            if let Some(m) = p.mcc {
                fmt::pad(line, u64::from(m), 4);
            }
            line.push(d);
            fmt::field(line, city, d);
            line.push(d);
            if p.online && p.cents < 0 {
                fmt::field(line, acct.device.as_deref().unwrap_or(""), d);
                line.push(d);
                fmt::field(line, acct.ip.as_deref().unwrap_or(""), d);
            } else {
                line.push(d);
            }
            line.push(d);
            if p.cents < 0 {
                fmt::field_amount_en(line, p.cents, d);
                line.push(d);
            } else {
                line.push(d);
                fmt::field_amount_en(line, p.cents, d);
            }
            line.push(d);
            fmt::field_amount_en_signed(line, p.balance, d);
        }
        Bank::Danube => {
            let d = b'\t';
            fmt::us_datetime(line, local);
            line.push(d);
            fmt::us_date(line, valuta(p, local.date(), Zone::Vienna));
            line.push(d);
            line.extend_from_slice(r);
            line.push(d);
            fmt::field(line, &acct.iban, d);
            line.push(d);
            fmt::field(line, &acct.holder_written, d);
            line.push(d);
            line.extend_from_slice(acct.currency.as_bytes());
            line.push(d);
            line.extend_from_slice(danube_code(p).as_bytes());
            line.push(d);
            fmt::field(line, if p.kind == Kind::Fee { "DANUBE SAVINGS" } else { cpty }, d);
            line.push(d);
            fmt::field(line, cpty_iban, d);
            line.push(d);
            line.extend_from_slice(bic_of(cpty_iban).as_bytes());
            line.push(d);
            line.extend_from_slice(p.cpty_country.unwrap_or("").as_bytes());
            line.push(d);
            if let Some(m) = p.mcc {
                fmt::pad(line, u64::from(m), 4);
            }
            line.push(d);
            fmt::field(line, merchant, d);
            line.push(d);
            fmt::field(line, city, d);
            line.push(d);
            if let Some(b) = p.branch {
                fmt::pad(line, u64::from(b), 4);
            }
            line.push(d);
            fmt::field(line, &p.memo, d);
            line.push(d);
            fmt::en_amount(line, p.cents, false);
            line.push(d);
            line.push(if p.cents < 0 { b'D' } else { b'C' });
            line.push(d);
            fmt::en_amount(line, p.balance, true);
        }
    }
}

/// Writes one row in the file's encoding with its terminator. UTF-8 rows go straight into the output; a
/// Windows-1252 row is re-encoded only when it is not plain ASCII; UTF-16 rows go through `line`.
#[allow(clippy::too_many_arguments)]
fn emit(
    bank: Bank,
    line: &mut Vec<u8>,
    out: &mut Vec<u8>,
    acct: &Account,
    p: &Posting,
    local: NaiveDateTime,
    r: &[u8],
    blank: Option<Blank>,
) -> std::io::Result<()> {
    match bank {
        Bank::Harbour => {
            row(bank, out, acct, p, local, r, blank);
            out.push(b'\n');
        }
        Bank::Nordbank => {
            let start = out.len();
            row(bank, out, acct, p, local, r, blank);
            if !out[start..].is_ascii() {
                cp1252_in_place(out, start)?;
            }
            out.extend_from_slice(b"\r\n");
        }
        Bank::Danube => {
            line.clear();
            row(bank, line, acct, p, local, r, blank);
            encode(bank, line, out)?;
        }
    }
    Ok(())
}

/// The Windows-1252 byte of a character, after the base-letter replacement a German core system makes for
/// letters it cannot store (Romanian, Turkish, Polish marks).
fn cp1252_byte(c: char) -> Option<u8> {
    let c = match c {
        'ș' | 'ş' | 'ś' => 's',
        'Ș' | 'Ş' | 'Ś' => 'S',
        'ț' | 'ţ' => 't',
        'Ț' | 'Ţ' => 'T',
        'ă' | 'ą' => 'a',
        'Ă' | 'Ą' => 'A',
        'ı' => 'i',
        'İ' => 'I',
        'ğ' => 'g',
        'Ğ' => 'G',
        'ł' => 'l',
        'Ł' => 'L',
        'ń' => 'n',
        'ć' | 'č' => 'c',
        'Č' | 'Ć' => 'C',
        'ę' => 'e',
        'ż' | 'ź' => 'z',
        'Ż' | 'Ź' => 'Z',
        'ő' => 'o',
        'Ő' => 'O',
        'ű' => 'u',
        'Ű' => 'U',
        'đ' => 'd',
        'ė' => 'e',
        c => c,
    };
    let v = c as u32;
    match v {
        0..=0x7f | 0xa0..=0xff => Some(v as u8),
        _ => match c {
            '€' => Some(0x80),
            '‚' => Some(0x82),
            '„' => Some(0x84),
            '…' => Some(0x85),
            '‘' => Some(0x91),
            '’' => Some(0x92),
            '“' => Some(0x93),
            '”' => Some(0x94),
            '–' => Some(0x96),
            '—' => Some(0x97),
            'Š' => Some(0x8a),
            'š' => Some(0x9a),
            'Ž' => Some(0x8e),
            'ž' => Some(0x9e),
            'Œ' => Some(0x8c),
            'œ' => Some(0x9c),
            'Ÿ' => Some(0x9f),
            _ => None,
        },
    }
}

/// Re-encodes `out[start..]` from UTF-8 to Windows-1252 in place (never longer).
fn cp1252_in_place(out: &mut Vec<u8>, start: usize) -> std::io::Result<()> {
    let text = std::str::from_utf8(&out[start..]).map_err(std::io::Error::other)?.to_string();
    let mut w = start;
    for c in text.chars() {
        let Some(b) = cp1252_byte(c) else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a character cannot be written in Windows-1252: {c:?} in {text}"),
            ));
        };
        out[w] = b;
        w += 1;
    }
    out.truncate(w);
    Ok(())
}

/// Turns a UTF-8 line into the file's encoding and appends it with the line terminator.
fn encode(bank: Bank, line: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
    match bank {
        Bank::Nordbank => {
            let start = out.len();
            out.extend_from_slice(line);
            if !line.is_ascii() {
                cp1252_in_place(out, start)?;
            }
            out.extend_from_slice(b"\r\n");
        }
        Bank::Harbour => {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        Bank::Danube => {
            if line.is_ascii() {
                let start = out.len();
                out.resize(start + 2 * line.len(), 0);
                for (i, &b) in line.iter().enumerate() {
                    out[start + 2 * i] = b;
                }
            } else {
                let s = std::str::from_utf8(line).map_err(std::io::Error::other)?;
                for u in s.encode_utf16() {
                    out.extend_from_slice(&u.to_le_bytes());
                }
            }
            out.extend_from_slice(&[b'\r', 0, b'\n', 0]);
        }
    }
    Ok(())
}

/// The title lines and the column row of a bank's file, encoded.
fn preamble(bank: Bank, world: &World, accounts: u64, out: &mut Vec<u8>) -> std::io::Result<()> {
    let (start, end) = (world.start(), world.end());
    let lines: Vec<String> = match bank {
        Bank::Nordbank => vec![
            "Nordbank AG".into(),
            "Umsatzliste".into(),
            format!("Zeitraum: {} - {}", start.format("%d.%m.%Y"), end.format("%d.%m.%Y")),
            format!("Konten: {accounts}; Währung: EUR"),
            NORDBANK_HEADER.join(";"),
        ],
        Bank::Harbour => vec![HARBOUR_HEADER.join(",")],
        Bank::Danube => vec![
            "Danube Savings AG - Transaction report (production order)".into(),
            format!("Period: {} - {}; accounts: {accounts}", start.format("%m/%d/%Y"), end.format("%m/%d/%Y")),
            DANUBE_HEADER.join("\t"),
        ],
    };
    if bank == Bank::Danube {
        out.extend_from_slice(&[0xFF, 0xFE]);
    }
    for l in lines {
        encode(bank, l.as_bytes(), out)?;
    }
    Ok(())
}

/// Orders an account's postings by booking time (ties in the order they were made), drops those outside
/// the period (by the bank's local date), raises the opening balance so the account is never overdrawn and
/// writes running balances. Fills `order` with the indices to write, in order.
fn settle(world: &World, postings: &mut [Posting], opening: i64, bank: Bank, order: &mut Vec<u32>) {
    let zone = bank.zone();
    let period = world.period;
    order.clear();
    order.extend((0..postings.len() as u32).filter(|&i| period.contains(zone.local(postings[i as usize].utc).date())));
    order.sort_unstable_by_key(|&i| (postings[i as usize].utc, i));
    let mut running = 0i64;
    let mut lowest = 0i64;
    for &i in order.iter() {
        running += postings[i as usize].cents;
        lowest = lowest.min(running);
    }
    let mut balance = opening.max(-lowest);
    for &i in order.iter() {
        let p = &mut postings[i as usize];
        balance += p.cents;
        p.balance = balance;
    }
}

/// Writes one bank's statement file. `core` holds the postings generated up front (finished: sorted,
/// balanced), `core_by_acct` their indices per account. References of core postings are stored back.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write(
    world: &mut World,
    bank: Bank,
    core: &mut [Posting],
    core_by_acct: &[Vec<usize>],
    streams: &Streams<'_>,
    path: &std::path::Path,
) -> std::io::Result<BankCounts> {
    let mut accounts: Vec<usize> =
        (0..world.accounts.len()).filter(|&a| world.accounts[a].bank() == Some(bank)).collect();
    accounts.sort_by(|&a, &b| world.accounts[a].iban.cmp(&world.accounts[b].iban));
    let file = super::file_of(bank);

    // Deliberate defects: a few streamed accounts get a row written twice, two get a field left empty.
    let mut noise_rng = Rng::derive(streams.seed, file);
    let streamed: Vec<usize> = accounts.iter().copied().filter(|&a| world.accounts[a].streamed).collect();
    let mut dup: HashSet<usize> = HashSet::new();
    let mut blank: Vec<(usize, Blank)> = vec![];
    if !streamed.is_empty() {
        for _ in 0..3 {
            dup.insert(streamed[noise_rng.below(streamed.len())]);
        }
        blank.push((streamed[noise_rng.below(streamed.len())], Blank::City));
        blank.push((streamed[noise_rng.below(streamed.len())], Blank::CptyAccount));
    }

    let f = std::fs::File::create(path)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    let mut out = Vec::with_capacity(1 << 16);
    preamble(bank, world, accounts.len() as u64, &mut out)?;
    let mut line = Vec::with_capacity(512);
    let mut r = Vec::with_capacity(32);
    let mut serial = 0u64;
    let mut counts = BankCounts { rows: 0 };
    let zone = bank.zone();
    let mut order: Vec<u32> = vec![];
    for &a in &accounts {
        let blank_here = blank.iter().find(|(acct, _)| *acct == a).map(|(_, b)| *b);
        let mut blank_done = false;
        if let Some(oi) = streams.ordinary_of[a] {
            // Generate the customer's months now, from the customer's own stream.
            let o = &streams.ordinary[oi as usize];
            let mut rng = Rng::derive_indexed(streams.seed, "life", u64::from(oi));
            let life = ordinary_life(world, &mut rng, streams.infra, o, streams.activity);
            world.postings.clear();
            crate::life::live(world, &mut rng, &life);
            debug_assert!(world.postings.iter().all(|p| p.account == a));
            let mut scratch = std::mem::take(&mut world.postings);
            let opening = world.accounts[a].opening;
            settle(world, &mut scratch, opening, bank, &mut order);
            let acct = &world.accounts[a];
            for (k, &pi) in order.iter().enumerate() {
                let p = &scratch[pi as usize];
                let local = zone.local(p.utc);
                r.clear();
                reference(bank, serial, local, &mut r);
                serial += 1;
                let b = match blank_here {
                    Some(Blank::City) if !blank_done && p.kind == Kind::Card => Some(Blank::City),
                    Some(Blank::CptyAccount) if !blank_done && p.cpty_iban.is_some() => Some(Blank::CptyAccount),
                    _ => None,
                };
                if let Some(b) = b {
                    blank_done = true;
                    world.noise.missing.push((file, String::from_utf8_lossy(&r).into_owned(), column_name(bank, b)));
                }
                let start = out.len();
                emit(bank, &mut line, &mut out, acct, p, local, &r, b)?;
                counts.rows += 1;
                if k == 2 && dup.contains(&a) {
                    out.extend_from_within(start..);
                    world.noise.duplicates.push((file, String::from_utf8_lossy(&r).into_owned()));
                }
                if out.len() > 1 << 20 {
                    w.write_all(&out)?;
                    out.clear();
                }
            }
            scratch.clear();
            world.postings = scratch;
        } else {
            let acct = world.accounts[a].clone();
            for &i in &core_by_acct[a] {
                let p = &mut core[i];
                let local = zone.local(p.utc);
                r.clear();
                reference(bank, serial, local, &mut r);
                serial += 1;
                p.reference = String::from_utf8_lossy(&r).into_owned();
                emit(bank, &mut line, &mut out, &acct, p, local, &r, None)?;
                counts.rows += 1;
                if out.len() > 1 << 20 {
                    w.write_all(&out)?;
                    out.clear();
                }
            }
        }
    }
    w.write_all(&out)?;
    w.flush()?;
    world.postings.clear();
    Ok(counts)
}
