//! What the screening reads of every transaction, column by column, with the texts numbered.
//!
//! A [`Transaction`] is a record of some 550 bytes with a separate heap string per text field. Screening
//! millions of them reads a few fields of each: the account, the local time, the amount and direction, and
//! whether its merchant, counterparty or reference is one the rules look for. [`Columns`] holds those fields
//! side by side and the texts as numbers, worked out while the records are loaded (when their strings are
//! in the cache anyway), so that grouping and rules need not go back to the records for them.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use foldhash::fast::FixedState;
use rust_decimal::Decimal;

use crate::{Channel, Direction, Transaction};

/// The number given to an absent text.
pub const NONE: u32 = u32::MAX;

/// The fields of a transaction that nearly every rule tests first.
#[derive(Debug, Clone, Copy)]
pub struct Hot {
    /// `amount`.
    pub amount: Decimal,
    /// `direction`.
    pub direction: Direction,
    /// `channel`.
    pub channel: Channel,
    /// `mcc`.
    pub mcc: Option<u16>,
    /// Whether `geo` is given.
    pub has_geo: bool,
    /// `ts.has_time()`.
    pub has_time: bool,
}

impl Hot {
    /// [`Transaction::is_cash`].
    pub fn is_cash(&self) -> bool {
        self.channel.is_cash()
    }
}

impl From<&Transaction> for Hot {
    fn from(t: &Transaction) -> Hot {
        Hot {
            amount: t.amount,
            direction: t.direction,
            channel: t.channel,
            mcc: t.mcc,
            has_geo: t.geo.is_some(),
            has_time: t.ts.has_time(),
        }
    }
}

/// Per transaction, in the order of the transactions they were built from.
#[derive(Debug, Default)]
pub struct Columns {
    /// The number of the statement account's text.
    pub account: Vec<u32>,
    /// `ts.local()`.
    pub local: Vec<NaiveDateTime>,
    /// The number of its descriptors: transactions whose merchant, counterparty name and reference are the
    /// same texts share it.
    pub desc: Vec<u32>,
    /// The number of its city's text, [`NONE`] when it has none.
    pub city: Vec<u32>,
    /// [`Hot`].
    pub hot: Vec<Hot>,
    /// The number of its device identifier's text, [`NONE`] when it has none.
    pub device: Vec<u32>,
    /// The number of its IP address's text, [`NONE`] when it has none.
    pub ip: Vec<u32>,
    texts: HashMap<Box<str>, u32, FixedState>,
    descriptors: HashMap<[u32; 3], u32, FixedState>,
}

impl Columns {
    /// The columns of `transactions`.
    pub fn of(transactions: &[Transaction]) -> Columns {
        let mut c = Columns::default();
        c.reserve(transactions.len());
        transactions.iter().for_each(|t| c.push(t));
        c
    }

    /// Room for `n` more transactions.
    pub fn reserve(&mut self, n: usize) {
        self.account.reserve(n);
        self.local.reserve(n);
        self.desc.reserve(n);
        self.city.reserve(n);
        self.hot.reserve(n);
        self.device.reserve(n);
        self.ip.reserve(n);
    }

    /// Adds the next transaction.
    pub fn push(&mut self, t: &Transaction) {
        let account = self.text(Some(&t.account));
        let d = [self.text(t.merchant.as_deref()), self.text(t.cpty_name.as_deref()), self.text(t.memo.as_deref())];
        let next = self.descriptors.len() as u32;
        let desc = *self.descriptors.entry(d).or_insert(next);
        let city = self.text(t.city.as_deref());
        self.account.push(account);
        self.local.push(t.ts.local());
        self.desc.push(desc);
        self.city.push(city);
        self.hot.push(Hot::from(t));
        let (device, ip) = (self.text(t.device_id.as_deref()), self.text(t.ip.as_deref()));
        self.device.push(device);
        self.ip.push(ip);
    }

    /// How many transactions.
    pub fn len(&self) -> usize {
        self.desc.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.desc.is_empty()
    }

    /// How many descriptor numbers there are (each is below this).
    pub fn descriptors(&self) -> usize {
        self.descriptors.len()
    }

    fn text(&mut self, s: Option<&str>) -> u32 {
        let Some(s) = s else { return NONE };
        if let Some(&n) = self.texts.get(s) {
            return n;
        }
        let n = self.texts.len() as u32;
        self.texts.insert(s.into(), n);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;

    fn txn(account: &str, merchant: Option<&str>, memo: Option<&str>, city: Option<&str>) -> Transaction {
        Transaction {
            id: "t".into(),
            source_ref: None,
            bank: None,
            account: account.into(),
            account_holder: None,
            ts: "2024-03-01T23:30:00+02:00".parse::<Timestamp>().expect("a timestamp"),
            value_date: None,
            amount: Decimal::ONE,
            currency: "EUR".parse().expect("EUR is a currency"),
            direction: Direction::Debit,
            channel: Channel::Card,
            merchant: merchant.map(Into::into),
            mcc: None,
            cpty_name: None,
            cpty_account: None,
            cpty_bank: None,
            cpty_country: None,
            city: city.map(Into::into),
            branch: None,
            geo: None,
            device_id: None,
            ip: None,
            memo: memo.map(Into::into),
            balance: None,
            provenance: crate::Provenance {
                sha256: String::new(),
                file_name: String::new(),
                locator: crate::Locator::Line { line: 0 },
                extractor: String::new(),
                extractor_version: String::new(),
                ingested_at: chrono::DateTime::UNIX_EPOCH,
                batch: 0,
            },
        }
    }

    #[test]
    fn same_texts_share_numbers_and_positions_matter() {
        let t = [
            txn("A", Some("Kiosk"), None, Some("Wien")),
            txn("B", Some("Kiosk"), None, None),
            // The same text as a reference rather than a merchant is another descriptor.
            txn("A", None, Some("Kiosk"), Some("Wien")),
        ];
        let c = Columns::of(&t);
        assert_eq!(c.len(), 3);
        assert_eq!(c.desc[0], c.desc[1]);
        assert_ne!(c.desc[0], c.desc[2]);
        assert_eq!(c.descriptors(), 2);
        assert_eq!(c.account[0], c.account[2]);
        assert_ne!(c.account[0], c.account[1]);
        assert_eq!((c.city[0], c.city[1]), (c.city[2], NONE));
        assert_eq!(c.local[0].to_string(), "2024-03-01 23:30:00");
    }
}
