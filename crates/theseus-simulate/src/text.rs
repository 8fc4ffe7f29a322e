//! How banks write numbers and names.

use crate::rng::Rng;

fn group_thousands(units: u64, sep: char) -> String {
    let s = units.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// German number format, signed: `-1.234,50`.
pub(crate) fn de_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{},{:02}", group_thousands(a / 100, '.'), a % 100)
}

/// English number format, unsigned: `1,234.50`.
pub(crate) fn en_amount(cents: i64) -> String {
    let a = cents.unsigned_abs();
    format!("{}.{:02}", group_thousands(a / 100, ','), a % 100)
}

/// English number format, signed (for balances): `-1,234.50`.
pub(crate) fn en_signed(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}", en_amount(cents))
}

/// Replaces the letters Windows-1252 cannot encode (Romanian, Turkish, Polish diacritics) the way a
/// German core banking system does when it takes the name over: by the base letter.
pub(crate) fn latin1ish(s: &str) -> String {
    s.chars()
        .map(|c| match c {
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
            'ę' => 'e',
            'ż' | 'ź' => 'z',
            'Ż' | 'Ź' => 'Z',
            other => other,
        })
        .collect()
}

/// Plain ASCII upper case as card schemes and SWIFT carry names: umlauts spelled out, other marks dropped.
pub(crate) fn swift_upper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in latin1ish(s).chars() {
        match c {
            'ä' | 'Ä' => out.push_str("AE"),
            'ö' | 'Ö' => out.push_str("OE"),
            'ü' | 'Ü' => out.push_str("UE"),
            'ß' => out.push_str("SS"),
            'é' | 'è' | 'ê' | 'É' => out.push('E'),
            'â' | 'î' | 'Î' | 'Â' => out.push(if c == 'î' || c == 'Î' { 'I' } else { 'A' }),
            'ó' | 'ô' | 'Ó' => out.push('O'),
            'ç' | 'Ç' => out.push('C'),
            c => out.extend(c.to_uppercase()),
        }
    }
    out
}

/// The ways a bank's system writes a personal name. Registry records say "Aleksandr Petrov"; statements say
/// "PETROV ALEKSANDR", "Petrov, Aleksandr" or "A. Petrov", which is the noise entity resolution must bridge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameStyle {
    /// "Aleksandr Petrov".
    Natural,
    /// "PETROV ALEKSANDR".
    UpperLastFirst,
    /// "Petrov, Aleksandr".
    LastCommaFirst,
    /// "A. Petrov".
    Initial,
    /// "MR ALEKSANDR PETROV", UK style with a title.
    TitledUpper,
}

impl NameStyle {
    /// The style a statement uses for an account holder: mostly as registered, otherwise one of the bank
    /// system's habits.
    pub(crate) fn for_holder(rng: &mut Rng, uk: bool) -> NameStyle {
        if uk {
            [NameStyle::TitledUpper, NameStyle::TitledUpper, NameStyle::Natural, NameStyle::UpperLastFirst]
                [rng.below(4)]
        } else {
            match rng.weighted(&[0.6, 0.25, 0.15]) {
                0 => NameStyle::Natural,
                1 => NameStyle::UpperLastFirst,
                _ => NameStyle::LastCommaFirst,
            }
        }
    }

    /// The style a payer types a payee's name in.
    pub(crate) fn typed(rng: &mut Rng) -> NameStyle {
        match rng.weighted(&[0.7, 0.1, 0.1, 0.1]) {
            0 => NameStyle::Natural,
            1 => NameStyle::UpperLastFirst,
            2 => NameStyle::LastCommaFirst,
            _ => NameStyle::Initial,
        }
    }

    /// Writes a name in this style.
    pub(crate) fn write(self, first: &str, last: &str, female: bool) -> String {
        match self {
            NameStyle::Natural => format!("{first} {last}"),
            NameStyle::UpperLastFirst => format!("{} {}", last.to_uppercase(), first.to_uppercase()),
            NameStyle::LastCommaFirst => format!("{last}, {first}"),
            NameStyle::Initial => format!("{}. {last}", first.chars().next().unwrap_or('X')),
            NameStyle::TitledUpper => {
                let title = if female { "MS" } else { "MR" };
                format!("{title} {}", swift_upper(&format!("{first} {last}")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(de_amount(-123450), "-1.234,50");
        assert_eq!(de_amount(5), "0,05");
        assert_eq!(de_amount(123456789), "1.234.567,89");
        assert_eq!(en_amount(-123450), "1,234.50");
        assert_eq!(en_amount(99), "0.99");
        assert_eq!(en_signed(-100000000), "-1,000,000.00");
    }

    #[test]
    fn names() {
        assert_eq!(latin1ish("Ioana Ștefănescu"), "Ioana Stefanescu");
        assert_eq!(swift_upper("Jörg Krüger"), "JOERG KRUEGER");
        assert_eq!(NameStyle::UpperLastFirst.write("Aleksandr", "Petrov", false), "PETROV ALEKSANDR");
    }
}
