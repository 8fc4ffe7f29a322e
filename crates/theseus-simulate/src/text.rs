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

/// English number format, unsigned: `1,234.50`.
pub(crate) fn en_amount(cents: i64) -> String {
    let a = cents.unsigned_abs();
    format!("{}.{:02}", group_thousands(a / 100, ','), a % 100)
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
            'ő' => 'o',
            'Ő' => 'O',
            'ű' => 'u',
            'Ű' => 'U',
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

/// Plain ASCII with the case kept: umlauts spelled out (Ä → Ae), other marks dropped, anything else that
/// is not a letter, digit, space, dot, apostrophe or hyphen replaced by a space (the character class goAML
/// schemas allow in names).
pub(crate) fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in latin1ish(s).chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'ß' => out.push_str("ss"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' => out.push('E'),
            'á' | 'à' | 'â' | 'å' => out.push('a'),
            'Á' | 'Â' => out.push('A'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'Î' | 'Í' => out.push('I'),
            'ó' | 'ò' | 'ô' | 'ø' => out.push('o'),
            'Ó' => out.push('O'),
            'ú' | 'ù' | 'û' => out.push('u'),
            'ç' | 'č' | 'ć' => out.push('c'),
            'Ç' | 'Č' | 'Ć' => out.push('C'),
            'š' => out.push('s'),
            'Š' => out.push('S'),
            'ž' => out.push('z'),
            'Ž' => out.push('Z'),
            'đ' => out.push('d'),
            'ñ' => out.push('n'),
            c if c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '-') => out.push(c),
            _ => out.push(' '),
        }
    }
    let mut squeezed = String::with_capacity(out.len());
    for w in out.split_whitespace() {
        if !squeezed.is_empty() {
            squeezed.push(' ');
        }
        squeezed.push_str(w);
    }
    squeezed
}

/// A German-style transliteration of a name romanised the English way (Bulgarian, Russian, Ukrainian):
/// "Zhivka Georgieva" → "Schiwka Georgiewa", "Yordan" → "Jordan", "Hristo" → "Christo".
pub(crate) fn german_translit(s: &str) -> String {
    // Digraphs first, through placeholders, so that a replacement is never replaced again.
    const MAP: [(&str, &str); 18] = [
        ("Zh", "\u{1}"),
        ("zh", "\u{2}"),
        ("Sh", "\u{1}"),
        ("sh", "\u{2}"),
        ("Ch", "\u{3}"),
        ("ch", "\u{4}"),
        ("Kh", "\u{5}"),
        ("kh", "\u{6}"),
        ("Hr", "\u{5}r"),
        ("ts", "z"),
        ("Ts", "Z"),
        ("Ya", "Ja"),
        ("ya", "ja"),
        ("Yu", "Ju"),
        ("yu", "ju"),
        ("Yo", "Jo"),
        ("y", "j"),
        ("v", "w"),
    ];
    let mut t = s.to_string();
    for (a, b) in MAP {
        t = t.replace(a, b);
    }
    t.replace('\u{1}', "Sch")
        .replace('\u{2}', "sch")
        .replace('\u{3}', "Tsch")
        .replace('\u{4}', "tsch")
        .replace('\u{5}', "Ch")
        .replace('\u{6}', "ch")
        .replace('V', "W")
}

/// A typing mistake: two neighbouring letters swapped (not the first), or one letter doubled.
pub(crate) fn typo(rng: &mut Rng, s: &str) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    if cs.len() < 4 {
        return s.to_string();
    }
    let i = 1 + rng.below(cs.len() - 2);
    if rng.chance(0.7) && cs[i] != cs[i + 1] {
        cs.swap(i, i + 1);
    } else {
        cs.insert(i, cs[i]);
    }
    cs.into_iter().collect()
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

    /// The style Danube Savings' core system writes holders in: mostly upper case, surname first.
    pub(crate) fn for_danube(rng: &mut Rng) -> NameStyle {
        match rng.weighted(&[0.55, 0.3, 0.15]) {
            0 => NameStyle::UpperLastFirst,
            1 => NameStyle::Natural,
            _ => NameStyle::LastCommaFirst,
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
        assert_eq!(en_amount(-123450), "1,234.50");
        assert_eq!(en_amount(99), "0.99");
    }

    #[test]
    fn folding_and_transliteration() {
        assert_eq!(ascii_fold("Jörg Krüger-Voß"), "Joerg Krueger-Voss");
        assert_eq!(ascii_fold("Ionuț Bălan, SRL & Co"), "Ionut Balan SRL Co");
        assert_eq!(german_translit("Zhivka Georgieva"), "Schiwka Georgiewa");
        assert_eq!(german_translit("Yordan Hristov"), "Jordan Christow");
    }

    #[test]
    fn names() {
        assert_eq!(latin1ish("Ioana Ștefănescu"), "Ioana Stefanescu");
        assert_eq!(swift_upper("Jörg Krüger"), "JOERG KRUEGER");
        assert_eq!(NameStyle::UpperLastFirst.write("Aleksandr", "Petrov", false), "PETROV ALEKSANDR");
    }
}
