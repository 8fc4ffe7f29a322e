//! IBANs with correct ISO 13616 check digits, and the typos customers make when they copy one.

use std::collections::BTreeSet;

use crate::rng::Rng;

/// The ISO 7064 MOD 97-10 remainder of an IBAN rearranged for checking (letters as 10..35).
fn mod97(rearranged: &str) -> u32 {
    let mut r: u32 = 0;
    for c in rearranged.chars() {
        let v = c.to_digit(36).expect("IBAN characters are alphanumeric");
        r = if v >= 10 { (r * 100 + v) % 97 } else { (r * 10 + v) % 97 };
    }
    r
}

/// Builds an IBAN from a country code and a BBAN, computing the check digits.
pub(crate) fn make(country: &str, bban: &str) -> String {
    let r = mod97(&format!("{bban}{country}00"));
    format!("{country}{:02}{bban}", 98 - r)
}

/// Whether the check digits of an (electronic-form) IBAN are right.
pub(crate) fn valid(iban: &str) -> bool {
    iban.len() > 4 && iban.is_ascii() && mod97(&format!("{}{}", &iban[4..], &iban[..4])) == 1
}

/// Hands out unique account numbers.
#[derive(Default)]
pub(crate) struct Issuer {
    used: BTreeSet<String>,
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.below(10) as u8)).collect()
}

impl Issuer {
    fn unique(&mut self, mut make_one: impl FnMut() -> String) -> String {
        loop {
            let iban = make_one();
            if self.used.insert(iban.clone()) {
                return iban;
            }
        }
    }

    /// A German IBAN at the bank with this Bankleitzahl (8 digits) and a 10-digit account number.
    pub(crate) fn de(&mut self, rng: &mut Rng, blz: &str) -> String {
        self.unique(|| make("DE", &format!("{blz}{}", digits(rng, 10))))
    }

    /// A UK IBAN: 4-letter bank code, 6-digit sort code, 8-digit account number.
    pub(crate) fn gb(&mut self, rng: &mut Rng, bank: &str, sort_code: &str) -> String {
        self.unique(|| make("GB", &format!("{bank}{sort_code}{}", digits(rng, 8))))
    }

    /// An Austrian IBAN: 5-digit bank code and 11-digit account number.
    pub(crate) fn at(&mut self, rng: &mut Rng, bank_code: &str) -> String {
        self.unique(|| make("AT", &format!("{bank_code}{}", digits(rng, 11))))
    }

    /// A Bulgarian IBAN: 4-letter bank code, 4-digit branch, 2-digit type, 8 account characters (digits).
    pub(crate) fn bg(&mut self, rng: &mut Rng, bank: &str) -> String {
        self.unique(|| make("BG", &format!("{bank}{}", digits(rng, 14))))
    }

    /// A Ukrainian IBAN: 6-digit bank code (MFO) and 19-digit account number.
    pub(crate) fn ua(&mut self, rng: &mut Rng) -> String {
        self.unique(|| make("UA", &format!("325209{}", digits(rng, 19))))
    }

    /// A Lithuanian IBAN (the exchange's euro account): 5-digit bank code, 11-digit account.
    pub(crate) fn lt(&mut self, rng: &mut Rng) -> String {
        self.unique(|| make("LT", &format!("32500{}", digits(rng, 11))))
    }

    /// A Romanian IBAN: 4-letter bank code and 16 alphanumerics (digits here).
    pub(crate) fn ro(&mut self, rng: &mut Rng, bank: &str) -> String {
        self.unique(|| make("RO", &format!("{bank}{}", digits(rng, 16))))
    }
}

/// A copying mistake that the check digits catch: two adjacent account digits swapped (the commonest
/// transcription error), or one digit changed when the neighbours are equal.
pub(crate) fn typo(iban: &str, rng: &mut Rng) -> String {
    let mut b: Vec<u8> = iban.as_bytes().to_vec();
    let from = b.len() - 8; // inside the account number
    loop {
        let i = from + rng.below(7);
        if b[i] != b[i + 1] && b[i].is_ascii_digit() && b[i + 1].is_ascii_digit() {
            b.swap(i, i + 1);
        } else if b[i].is_ascii_digit() {
            b[i] = if b[i] == b'9' { b'0' } else { b[i] + 1 };
        } else {
            continue;
        }
        let s = String::from_utf8(b.clone()).expect("ASCII");
        if !valid(&s) {
            return s;
        }
        b = iban.as_bytes().to_vec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ibans_check() {
        assert!(valid("DE89370400440532013000"));
        assert!(valid("GB29NWBK60161331926819"));
        assert!(!valid("DE89370400440532013001"));
        assert_eq!(make("DE", "370400440532013000"), "DE89370400440532013000");
        assert_eq!(make("GB", "NWBK60161331926819"), "GB29NWBK60161331926819");
    }

    #[test]
    fn typos_fail_the_check() {
        let mut rng = Rng::derive(1, "t");
        for _ in 0..50 {
            let mut iss = Issuer::default();
            let i = iss.de(&mut rng, "20041133");
            let t = typo(&i, &mut rng);
            assert_ne!(i, t);
            assert!(!valid(&t));
            assert!(theseus_model::normalize::iban(&t).is_err());
            assert!(theseus_model::normalize::iban(&i).is_ok());
        }
    }
}
