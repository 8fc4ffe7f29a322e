//! A bank transaction as bank data really has it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Currency, Provenance, Timestamp};

/// Which way the money moved, seen from the statement's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Money in.
    Credit,
    /// Money out.
    Debit,
}

impl Direction {
    /// The lowercase name used in tables and exports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::Credit => "credit",
            Direction::Debit => "debit",
        }
    }
}

/// How the money moved. The vocabulary of `INDICATORS.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Cash over the counter.
    Cash,
    /// Cash machine.
    Atm,
    /// Card payment.
    Card,
    /// Bank transfer.
    Wire,
    /// Person-to-person payment app.
    P2p,
    /// Electronic money / online payment service.
    Emoney,
    /// Crypto-asset exchange or transfer.
    Crypto,
    /// Money service business, e.g. a remittance shop.
    Msb,
    /// Cheque.
    Cheque,
    /// Salary or payroll.
    Payroll,
    /// Standing order / direct debit.
    DirectDebit,
    /// Bank fees and interest.
    Fee,
    /// The source does not say.
    Other,
}

impl Channel {
    /// All channels, for documentation and profile checks.
    pub const ALL: [Channel; 13] = [
        Channel::Cash,
        Channel::Atm,
        Channel::Card,
        Channel::Wire,
        Channel::P2p,
        Channel::Emoney,
        Channel::Crypto,
        Channel::Msb,
        Channel::Cheque,
        Channel::Payroll,
        Channel::DirectDebit,
        Channel::Fee,
        Channel::Other,
    ];

    /// The lowercase name used in tables, profiles and exports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::Cash => "cash",
            Channel::Atm => "atm",
            Channel::Card => "card",
            Channel::Wire => "wire",
            Channel::P2p => "p2p",
            Channel::Emoney => "emoney",
            Channel::Crypto => "crypto",
            Channel::Msb => "msb",
            Channel::Cheque => "cheque",
            Channel::Payroll => "payroll",
            Channel::DirectDebit => "direct_debit",
            Channel::Fee => "fee",
            Channel::Other => "other",
        }
    }

    /// Whether money moved as cash (at a counter or an ATM).
    pub fn is_cash(self) -> bool {
        matches!(self, Channel::Cash | Channel::Atm)
    }

    /// Parses the lowercase name.
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s.trim().to_ascii_lowercase())
    }
}

/// One line of a bank statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// Stable id: the source's own transaction reference when it has one that is unique in the file,
    /// otherwise an FtM-style hash of the file's SHA-256 and the record locator.
    pub id: String,
    /// The transaction reference the bank gave, if any.
    pub source_ref: Option<String>,
    /// Name of the bank that produced the statement.
    pub bank: Option<String>,
    /// The statement's account, normalised (IBAN without spaces, or the bank's account number).
    pub account: String,
    /// The account holder's name as the statement gives it.
    pub account_holder: Option<String>,
    /// When the transaction happened (booking time when nothing better is given).
    pub ts: Timestamp,
    /// Value date, if the bank gives one apart from the booking date.
    pub value_date: Option<chrono::NaiveDate>,
    /// Absolute amount, always positive; see `direction`.
    pub amount: Decimal,
    /// Currency of `amount`.
    pub currency: Currency,
    /// In or out.
    pub direction: Direction,
    /// How the money moved.
    pub channel: Channel,
    /// Merchant name for card payments.
    pub merchant: Option<String>,
    /// ISO 18245 merchant category code.
    pub mcc: Option<u16>,
    /// Counterparty name.
    pub cpty_name: Option<String>,
    /// Counterparty account (normalised IBAN or number).
    pub cpty_account: Option<String>,
    /// Counterparty bank (BIC or name).
    pub cpty_bank: Option<String>,
    /// Counterparty country, ISO 3166-1 alpha-2.
    pub cpty_country: Option<String>,
    /// City where the transaction took place (card terminal, ATM, branch).
    pub city: Option<String>,
    /// Branch identifier for counter transactions.
    pub branch: Option<String>,
    /// Latitude, longitude when the source gives them.
    pub geo: Option<(f64, f64)>,
    /// Device identifier for online banking.
    pub device_id: Option<String>,
    /// IP address for online banking.
    pub ip: Option<String>,
    /// Free text: the payment reference or memo.
    pub memo: Option<String>,
    /// Balance after the transaction, as the bank states it.
    pub balance: Option<Decimal>,
    /// Where this record came from.
    pub provenance: Provenance,
}

impl Transaction {
    /// The amount signed from the statement account's view: positive in, negative out.
    pub fn signed_amount(&self) -> Decimal {
        match self.direction {
            Direction::Credit => self.amount,
            Direction::Debit => -self.amount,
        }
    }

    /// Whether cash physically changed hands (counter or ATM).
    pub fn is_cash(&self) -> bool {
        self.channel.is_cash()
    }
}
