//! Money as decimal with an ISO 4217 currency. Never a float.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An ISO 4217 alphabetic currency code, checked against the standard's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

/// A currency code that is not in ISO 4217.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an ISO 4217 currency code")]
pub struct UnknownCurrency(pub String);

impl Currency {
    /// The three-letter code.
    pub fn code(&self) -> &str {
        // The bytes were checked to be ASCII letters when the value was made.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point the currency uses (2 for EUR, 0 for JPY).
    pub fn minor_digits(&self) -> u32 {
        iso_currency::Currency::from_code(self.code()).and_then(|c| c.exponent()).map_or(2, u32::from)
    }
}

impl FromStr for Currency {
    type Err = UnknownCurrency;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let up = s.trim().to_ascii_uppercase();
        match iso_currency::Currency::from_code(&up) {
            Some(_) => {
                let b = up.as_bytes();
                Ok(Currency([b[0], b[1], b[2]]))
            }
            None => Err(UnknownCurrency(s.to_string())),
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = UnknownCurrency;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount of money in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount, exact.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

impl Money {
    /// Builds an amount.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dp = self.currency.minor_digits();
        write!(f, "{} {}", self.amount.round_dp(dp.max(self.amount.scale().min(8))), self.currency)
    }
}

/// Parses a decimal written the way a bank exported it.
///
/// `decimal` is the decimal separator and `thousands` the grouping separator (if any). A leading or trailing
/// minus, parentheses for negatives and a leading plus are accepted; currency symbols and spaces are not
/// silently discarded beyond plain whitespace, because a stray letter usually means the column is wrong.
pub fn parse_decimal(raw: &str, decimal: char, thousands: Option<char>) -> Result<Decimal, String> {
    let s = raw.trim().replace(['\u{a0}', '\u{202f}'], "");
    if s.is_empty() {
        return Err("empty amount".into());
    }
    let (neg, body) = if let Some(b) = s.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        (true, b.trim().to_string())
    } else if let Some(b) = s.strip_prefix('-') {
        (true, b.trim().to_string())
    } else if let Some(b) = s.strip_suffix('-') {
        (true, b.trim().to_string())
    } else if let Some(b) = s.strip_prefix('+') {
        (false, b.trim().to_string())
    } else {
        (false, s.clone())
    };
    let mut out = String::with_capacity(body.len() + 1);
    for ch in body.chars() {
        if Some(ch) == thousands || (ch == ' ' && thousands == Some(' ')) {
            continue;
        } else if ch == decimal {
            out.push('.');
        } else if ch.is_ascii_digit() {
            out.push(ch);
        } else {
            return Err(format!("'{raw}' is not an amount (unexpected '{ch}')"));
        }
    }
    if out.matches('.').count() > 1 || out.is_empty() || out == "." {
        return Err(format!("'{raw}' is not an amount"));
    }
    let d = Decimal::from_str(&out).map_err(|e| format!("'{raw}' is not an amount: {e}"))?;
    Ok(if neg { -d } else { d })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bank_amounts() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(parse_decimal("1.234,56", ',', Some('.')).unwrap(), d("1234.56"));
        assert_eq!(parse_decimal("-1,234.56", '.', Some(',')).unwrap(), d("-1234.56"));
        assert_eq!(parse_decimal("(12.00)", '.', None).unwrap(), d("-12.00"));
        assert_eq!(parse_decimal("12,00-", ',', None).unwrap(), d("-12.00"));
        assert!(parse_decimal("12 EUR", '.', None).is_err());
        assert!(parse_decimal("1.2.3", '.', None).is_err());
        assert!(parse_decimal("", '.', None).is_err());
    }

    #[test]
    fn currency_is_checked() {
        assert_eq!("eur".parse::<Currency>().unwrap().code(), "EUR");
        assert!("EUX".parse::<Currency>().is_err());
        assert_eq!("JPY".parse::<Currency>().unwrap().minor_digits(), 0);
    }
}
