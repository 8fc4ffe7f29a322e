//! Nordbank's "Umsätze als CSV": Windows-1252, `;`, four lines of header matter above the column row,
//! German dates and numbers, one signed amount column, all the customer's accounts in one file.

use chrono::NaiveDate;

use super::{csv_error, statement_order};
use crate::calendar::{self, Zone};
use crate::text::{de_amount, latin1ish};
use crate::world::{Bank, Kind, Posting, World};

/// The column row, exactly as the `nordbank` mapping profile names the columns.
pub(crate) const HEADER: [&str; 16] = [
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

/// The bank's type word; each matches one of the profile's channel rules.
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

/// Value date: the booking date, except that ordinary transfers booked on a weekend or holiday take value
/// on the next business day (instant payments and card, cash and fee postings value the same day).
fn valuta(p: &Posting, booked: NaiveDate) -> NaiveDate {
    match p.kind {
        Kind::Card | Kind::Atm | Kind::CashDeposit | Kind::Fee | Kind::Instant | Kind::P2p => booked,
        _ => calendar::roll_forward(Zone::Berlin, booked),
    }
}

/// Writes the file's bytes.
pub(crate) fn write(world: &World) -> std::io::Result<Vec<u8>> {
    let order = statement_order(world, Bank::Nordbank);
    let mut w = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(vec![]);
    w.write_record(HEADER).map_err(csv_error)?;
    for i in order {
        let p = &world.postings[i];
        let acct = &world.accounts[p.account];
        let local = Bank::Nordbank.zone().local(p.utc);
        let booked = local.date();
        let cpty = match p.kind {
            Kind::Fee => Bank::Nordbank.name().to_string(),
            _ => p.cpty_name.clone().unwrap_or_default(),
        };
        let record = [
            booked.format("%d.%m.%Y").to_string(),
            local.format("%H:%M").to_string(),
            valuta(p, booked).format("%d.%m.%Y").to_string(),
            acct.iban.clone(),
            acct.holder_written.clone(),
            umsatzart(p).to_string(),
            cpty,
            p.cpty_iban.clone().unwrap_or_default(),
            p.merchant.clone().unwrap_or_default(),
            p.mcc.map(|m| format!("{m:04}")).unwrap_or_default(),
            p.city.unwrap_or_default().to_string(),
            p.branch.clone().unwrap_or_default(),
            p.memo.clone(),
            de_amount(p.cents),
            de_amount(p.balance),
            p.reference.clone(),
        ];
        w.write_record(record.iter().map(|f| latin1ish(f))).map_err(csv_error)?;
    }
    let body = w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
    let body = String::from_utf8(body).map_err(std::io::Error::other)?;
    let accounts = world.accounts.iter().filter(|a| a.bank() == Some(Bank::Nordbank)).count();
    let text = format!(
        "Nordbank AG\r\nUmsatzliste\r\nZeitraum: {} - {}\r\nKonten: {accounts}; Währung: EUR\r\n{body}",
        calendar::START.format("%d.%m.%Y"),
        calendar::END.format("%d.%m.%Y"),
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "a character cannot be written in Windows-1252",
        ));
    }
    Ok(bytes.into_owned())
}
