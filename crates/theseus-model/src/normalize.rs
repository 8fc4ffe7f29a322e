//! Normalisers for the identifiers that link evidence: phones, e-mails, IBANs, names and countries.
//!
//! Each returns the normal form or says why the raw value is not valid; callers keep invalid values with a
//! flag rather than dropping them, since a mistyped IBAN in a statement is itself evidence.

use iban::IbanLike;
use unicode_normalization::UnicodeNormalization;

/// A phone number in E.164 (`+4917612345678`), parsed with the source's default region for numbers written
/// without a country code.
pub fn phone(raw: &str, default_region: Option<&str>) -> Result<String, String> {
    let region = default_region.and_then(|r| r.trim().to_ascii_uppercase().parse::<phonenumber::country::Id>().ok());
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let cleaned = match cleaned.strip_prefix("00") {
        Some(rest) => format!("+{rest}"),
        None => cleaned,
    };
    let n = phonenumber::parse(region, &cleaned).map_err(|e| format!("'{raw}' is not a phone number: {e}"))?;
    if !phonenumber::is_valid(&n) {
        return Err(format!("'{raw}' is not a valid phone number"));
    }
    Ok(n.format().mode(phonenumber::Mode::E164).to_string())
}

/// An e-mail address, trimmed and lowercased. Only the shape is checked: one `@`, a dot in the domain.
pub fn email(raw: &str) -> Result<String, String> {
    let s = raw.trim().trim_start_matches("mailto:").to_lowercase();
    let Some((local, domain)) = s.split_once('@') else {
        return Err(format!("'{raw}' is not an e-mail address (no @)"));
    };
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && !domain.contains('@');
    if ok { Ok(s) } else { Err(format!("'{raw}' is not an e-mail address")) }
}

/// An IBAN in electronic form (no spaces, upper case), checksum validated.
pub fn iban(raw: &str) -> Result<String, String> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    compact
        .parse::<iban::Iban>()
        .map(|i| i.electronic_str().to_string())
        .map_err(|e| format!("'{raw}' is not a valid IBAN: {e}"))
}

/// Whether a value looks like an IBAN attempt (two letters, two digits), as opposed to a domestic number.
pub fn looks_like_iban(raw: &str) -> bool {
    let c: Vec<char> = raw.chars().filter(|c| !c.is_whitespace()).take(4).collect();
    c.len() == 4
        && c[0].is_ascii_alphabetic()
        && c[1].is_ascii_alphabetic()
        && c[2].is_ascii_digit()
        && c[3].is_ascii_digit()
}

/// An account identifier: a valid IBAN in electronic form, or otherwise the raw number with separators
/// removed and its case kept (crypto addresses in base58 are case-sensitive). Returns the normal form and,
/// for invalid IBAN attempts, the reason.
pub fn account(raw: &str) -> (String, Option<String>) {
    if looks_like_iban(raw) {
        match iban(raw) {
            Ok(i) => (i, None),
            Err(e) => (raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase(), Some(e)),
        }
    } else {
        (raw.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>(), None)
    }
}

/// A display name: Unicode NFKC, whitespace collapsed, case kept.
pub fn name(raw: &str) -> String {
    raw.nfkc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Titles banks put before a holder's name; they say nothing about who the person is.
const HONORIFICS: &[&str] =
    &["mr", "mrs", "ms", "miss", "mx", "dr", "herr", "frau", "hr", "fr", "dna", "dl", "sr", "sra"];

/// A matching key for names: NFKC, case-folded, transliterated to ASCII (Cyrillic, Greek, Arabic, CJK…),
/// punctuation and titles (Mr, Frau, Dr…) dropped, tokens sorted so that "PETROV Aleksandr", "Mr Aleksandr
/// Petrov" and "Александр Петров" meet.
pub fn name_key(raw: &str) -> String {
    // ASCII is its own NFKC form and its own transliteration: most names and references skip both.
    sorted_tokens(&if raw.is_ascii() { raw.to_ascii_lowercase() } else { fold(raw) })
}

/// NFKC, lower case and transliteration to ASCII.
fn fold(raw: &str) -> String {
    let folded = raw.nfkc().collect::<String>().to_lowercase();
    any_ascii::any_ascii(&folded).to_lowercase()
}

/// The tokens of a folded name without titles, sorted and joined by spaces.
fn sorted_tokens(ascii: &str) -> String {
    let mut tokens: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty() && !HONORIFICS.contains(t))
        .collect();
    tokens.sort_unstable();
    tokens.join(" ")
}

/// A country as ISO 3166-1 alpha-2, from an alpha-2 or alpha-3 code or an English name.
pub fn country(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let found = match s.len() {
        2 => celes::Country::from_alpha2(s).ok(),
        3 => celes::Country::from_alpha3(s).ok(),
        _ => None,
    }
    .or_else(|| celes::Country::from_name(s).ok())
    .or_else(|| celes::Country::from_alias(s).ok());
    found
        .map(|c| c.alpha2.to_string())
        .or_else(|| (s.eq_ignore_ascii_case("uk")).then(|| "GB".to_string()))
        .ok_or_else(|| format!("'{raw}' is not a country"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_e164() {
        assert_eq!(phone("0176 1234 5678", Some("DE")).unwrap(), "+4917612345678");
        assert_eq!(phone("+49 176 12345678", None).unwrap(), "+4917612345678");
        assert_eq!(phone("0049 176 12345678", Some("GB")).unwrap(), "+4917612345678");
        assert!(phone("12", Some("DE")).is_err());
    }

    #[test]
    fn ibans_are_checked() {
        assert_eq!(iban("DE89 3704 0044 0532 0130 00").unwrap(), "DE89370400440532013000");
        assert!(iban("DE89 3704 0044 0532 0130 01").is_err());
        let (n, err) = account("DE89 3704 0044 0532 0130 01");
        assert_eq!(n, "DE89370400440532013001");
        assert!(err.is_some());
        assert_eq!(account("12-3456-78").0, "12345678");
        assert_eq!(account("1BoatSLRHtKNngkdXEeobR76b53LETtpyT").0, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT");
    }

    #[test]
    fn names_meet_across_scripts_and_order() {
        assert_eq!(name_key("PETROV  Aleksandr"), name_key("aleksandr petrov"));
        assert_eq!(name_key("Петров Александр"), "aleksandr petrov");
        assert_eq!(name_key("MS TETIANA MELNYK"), name_key("Tetiana Melnyk"));
        // The ASCII shortcut gives what the full folding gives.
        for raw in ["Lohn 03/2024 Bau Nord GmbH", "Dr. ZED  o'Brien-Smith", "", " ~ ", "A1 b2 A1", "Mr.MR mr"] {
            assert_eq!(name_key(raw), sorted_tokens(&fold(raw)), "{raw}");
        }
        assert_eq!(name("Ａｎｎａ   Ｍ."), "Anna M.");
    }

    #[test]
    fn emails_and_countries() {
        assert_eq!(email(" Anna.M@Example.COM ").unwrap(), "anna.m@example.com");
        assert!(email("anna at example").is_err());
        assert_eq!(country("DEU").unwrap(), "DE");
        assert_eq!(country("ro").unwrap(), "RO");
        assert_eq!(country("Romania").unwrap(), "RO");
        assert!(country("Atlantis").is_err());
    }
}
