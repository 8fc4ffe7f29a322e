//! Contact identifiers other than phones: e-mails (also "name at gmail dot com"), messaging handles,
//! websites, and crypto addresses (checksums verified where the format has one).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::text::WordRegex;

/// An identifier found in a text, with its span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// The normalised value (lowercase e-mail, `service:handle`, URL without scheme, address).
    pub value: String,
    /// A kind within the family: for handles the service, for crypto the chain, for e-mails whether the
    /// address was obscured.
    pub kind: String,
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// The text as written.
    pub raw: String,
}

fn mention(text: &str, s: usize, e: usize, value: String, kind: &str) -> Mention {
    Mention { value, kind: kind.to_string(), start: s, end: e, raw: text[s..e].to_string() }
}

const AT: &str = r"(?:\s*@\s*|\s*[\(\[\{<]\s*(?:at|ät|@)\s*[\)\]\}>]\s*|\s+(?:at|ät|arroba|chiocciola)\s+)";
const DOT: &str = r"(?:\.|\s*[\(\[\{<]\s*(?:dot|punkt|point|punto|punct|kropka|\.)\s*[\)\]\}>]\s*|\s+(?:dot|punkt|point|punto|punct|kropka)\s+)";
const LABEL: &str = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^a-z0-9._%+-])([a-z0-9](?:[a-z0-9._%+-]{{0,62}}[a-z0-9])?){AT}({LABEL}(?:{DOT}{LABEL})*){DOT}([a-z]{{2,12}})"
    ))
    .expect("valid regex")
});

/// Top-level domains accepted for e-mails written with words for "at" and "dot".
const OBSCURED_TLDS: &[&str] = &[
    "com", "net", "org", "info", "biz", "de", "at", "ch", "uk", "ro", "ru", "ua", "pl", "fr", "it", "es", "nl", "be",
    "eu", "io", "me", "bg", "hu", "cz", "sk", "gr", "md", "example",
];

/// E-mail addresses.
pub fn emails(text: &str) -> Vec<Mention> {
    let mut out = vec![];
    for c in EMAIL.captures_iter(text) {
        let (Some(local), Some(domain), Some(tld)) = (c.get(1), c.get(2), c.get(3)) else { continue };
        // The top-level domain ends a word (checked here rather than by `\b`, which slows the regex).
        if text[tld.end()..].chars().next().is_some_and(crate::text::is_word_char) {
            continue;
        }
        let (s, e) = (local.start(), tld.end());
        let raw = &text[s..e];
        let plain = raw.contains('@') && !raw.contains(char::is_whitespace) && !raw.contains(['(', '[', '{', '<']);
        let tld = tld.as_str().to_lowercase();
        if !plain && !OBSCURED_TLDS.contains(&tld.as_str()) {
            continue;
        }
        let labels: Vec<String> = domain
            .as_str()
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|l| !l.is_empty() && !is_dot_word(l))
            .map(str::to_lowercase)
            .collect();
        let value = format!("{}@{}.{}", local.as_str().to_lowercase(), labels.join("."), tld);
        out.push(mention(text, s, e, value, if plain { "plain" } else { "obscured" }));
    }
    out
}

fn is_dot_word(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "dot" | "punkt" | "point" | "punto" | "punct" | "kropka")
}

static HANDLE: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        "(?i)",
        r"(telegram|tg|t\.me|snapchat|snap|sc|kik|line\s?id|line|instagram|insta|ig|skype|onlyfans|signal|threema|wickr)\s*(?:[:=/]|-)\s*@?([a-z0-9_.]{3,32})",
        false,
    )
});

static AT_HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(,;:])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{1,30}[A-Za-z0-9_]))").expect("valid regex")
});

static CHANNEL: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new("(?i)", r"(whats\s?app|whatsapp|wa\.me|telegram|signal|viber|snapchat|kik|threema|sms)", true)
});

fn service(word: &str) -> &'static str {
    let w = word.to_lowercase().replace(char::is_whitespace, "");
    match w.as_str() {
        "telegram" | "tg" | "t.me" => "telegram",
        "snapchat" | "snap" | "sc" => "snapchat",
        "kik" => "kik",
        "line" | "lineid" => "line",
        "instagram" | "insta" | "ig" => "instagram",
        "skype" => "skype",
        "onlyfans" => "onlyfans",
        "signal" => "signal",
        "threema" => "threema",
        "wickr" => "wickr",
        _ => "unknown",
    }
}

/// Messaging handles: `service:handle` after a service name, or a bare `@handle` (service `unknown`, or
/// the service named just before it).
pub fn handles(text: &str, emails: &[Mention]) -> Vec<Mention> {
    let mut out: Vec<Mention> = vec![];
    for c in HANDLE.captures_iter(text) {
        let (Some(svc), Some(h)) = (c.get(1), c.get(2)) else { continue };
        let handle = h.as_str().trim_end_matches('.').to_lowercase();
        // A handle has a letter; "Signal: 0176…" is a phone, found by the phone extractor.
        if !handle.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let s = svc.start();
        let e = h.start() + h.as_str().trim_end_matches('.').len();
        if emails.iter().any(|m| m.start < e && s < m.end) {
            continue;
        }
        out.push(mention(text, s, e, format!("{}:{handle}", service(svc.as_str())), service(svc.as_str())));
    }
    for c in AT_HANDLE.captures_iter(text) {
        let Some(h) = c.get(1) else { continue };
        let s = h.start() - 1;
        if out.iter().any(|m| m.start <= s && s < m.end) || emails.iter().any(|m| m.start <= s && s < m.end) {
            continue;
        }
        let handle = h.as_str().to_lowercase();
        if !handle.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        // The service named just before ("Telegram @lara_vip" is caught above; "auf Insta @x" here).
        let window = &text[text[..s].char_indices().rev().nth(20).map_or(0, |(i, _)| i)..s];
        let svc = HANDLE_SERVICE.find_iter(window).last().map_or("unknown", |m| service(m.as_str()));
        out.push(mention(text, s, h.end(), format!("{svc}:{handle}"), svc));
    }
    out
}

static HANDLE_SERVICE: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new("(?i)", r"(telegram|tg|snapchat|snap|kik|line|instagram|insta|ig|skype|onlyfans)", true)
});

/// Messaging channels named in the text (`whatsapp`, `telegram`, `sms`, ...), each once.
pub fn channels(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for m in CHANNEL.find_iter(text) {
        let w = m.as_str().to_lowercase().replace(char::is_whitespace, "");
        let v = if w.starts_with("whats") || w == "wa.me" { "whatsapp".to_string() } else { w };
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

static URL: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        "(?i)",
        r"(?:https?://[^\s<>()]+|www\.[^\s<>()]+|[a-z0-9][a-z0-9-]{1,62}(?:\.[a-z0-9-]{1,63})*\.(?:com|net|org|info|biz|de|at|ch|co\.uk|uk|ro|ru|ua|pl|fr|it|es|nl|be|eu|io|me|xxx|club|site|online|top|xyz|cz|sk|hu|bg|gr|escort|sex|link)(?-u:\b)(?:/[^\s<>()]*)?)",
        false,
    )
});

/// Websites and URLs (not the domains of e-mail addresses), normalised without scheme, `www.` and a
/// trailing slash, host lowercased.
pub fn urls(text: &str, emails: &[Mention]) -> Vec<Mention> {
    let mut out = vec![];
    for m in URL.find_iter(text) {
        let (s, mut e) = (m.start(), m.end());
        while e > s && text[..e].ends_with(['.', ',', '!', '?', ';', ':', '"', '\'']) {
            e -= 1;
        }
        if emails.iter().any(|x| x.start < e && s < x.end) || text[..s].ends_with('@') {
            continue;
        }
        let raw = &text[s..e];
        let lower = raw.to_lowercase();
        let rest = lower.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
        let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
        // Abbreviations with dots ("z.B", "ca.") never reach here: a TLD from the list is required.
        let value = if path.trim_end_matches('/').is_empty() {
            host.to_string()
        } else {
            format!("{host}/{}", path.trim_end_matches('/'))
        };
        out.push(mention(text, s, e, value, "url"));
    }
    out
}

static BTC_BASE58: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b").expect("valid regex"));
static BTC_BECH32: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bbc1[02-9ac-hj-np-z]{8,87}\b").expect("valid regex"));
static ETH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b0x[0-9a-fA-F]{40}\b").expect("valid regex"));

/// Crypto addresses: Bitcoin (base58check and bech32/bech32m, checksums verified) and Ethereum (EIP-55
/// checksum verified when the address is mixed-case).
pub fn crypto(text: &str) -> Vec<Mention> {
    let mut out = vec![];
    for m in BTC_BASE58.find_iter(text) {
        if base58check(m.as_str()) {
            out.push(mention(text, m.start(), m.end(), m.as_str().to_string(), "btc"));
        }
    }
    for m in BTC_BECH32.find_iter(text) {
        if bech32_valid(m.as_str()) {
            out.push(mention(text, m.start(), m.end(), m.as_str().to_lowercase(), "btc"));
        }
    }
    for m in ETH.find_iter(text) {
        if eip55_ok(&m.as_str()[2..]) {
            out.push(mention(text, m.start(), m.end(), m.as_str().to_lowercase(), "eth"));
        }
    }
    out
}

fn base58check(s: &str) -> bool {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut bytes: Vec<u8> = vec![];
    for c in s.bytes() {
        let Some(mut carry) = ALPHABET.iter().position(|&a| a == c).map(|v| v as u32) else { return false };
        for b in bytes.iter_mut().rev() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|&c| c == b'1').count();
    let mut full = vec![0u8; zeros];
    full.extend(bytes);
    if full.len() != 25 {
        return false;
    }
    let hash = Sha256::digest(Sha256::digest(&full[..21]));
    hash[..4] == full[21..]
}

fn bech32_valid(s: &str) -> bool {
    const CHARSET: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    if s.chars().any(|c| c.is_ascii_lowercase()) && s.chars().any(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let s = s.to_lowercase();
    let Some((hrp, data)) = s.rsplit_once('1') else { return false };
    let mut values: Vec<u32> = hrp.bytes().map(|b| u32::from(b >> 5)).collect();
    values.push(0);
    values.extend(hrp.bytes().map(|b| u32::from(b & 31)));
    for c in data.bytes() {
        let Some(v) = CHARSET.iter().position(|&x| x == c) else { return false };
        values.push(v as u32);
    }
    let mut chk: u32 = 1;
    const GEN: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v;
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    // Bech32 (segwit v0) or bech32m (v1+).
    chk == 1 || chk == 0x2bc830a3
}

fn eip55_ok(hex: &str) -> bool {
    let lower = hex.to_ascii_lowercase();
    if hex == lower || hex == hex.to_ascii_uppercase() {
        return true;
    }
    use tiny_keccak::{Hasher, Keccak};
    let mut k = Keccak::v256();
    k.update(lower.as_bytes());
    let mut h = [0u8; 32];
    k.finalize(&mut h);
    hex.chars().enumerate().all(|(i, c)| {
        let nibble = (h[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0xf;
        !c.is_ascii_alphabetic() || (nibble >= 8) == c.is_ascii_uppercase()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: Vec<Mention>) -> Vec<String> {
        v.into_iter().map(|m| m.value).collect()
    }

    #[test]
    fn emails_plain_and_obscured() {
        assert_eq!(values(emails("Mail: Lara.Vip@GMX.de!")), ["lara.vip@gmx.de"]);
        assert_eq!(values(emails("write lara22 at gmail dot com")), ["lara22@gmail.com"]);
        assert_eq!(values(emails("lara22 (at) web (punkt) de")), ["lara22@web.de"]);
        assert_eq!(values(emails("lara22[at]yahoo[dot]co[dot]uk")), ["lara22@yahoo.co.uk"]);
        // "at" in a sentence is not an e-mail.
        assert!(emails("meet me at the station dot twelve").is_empty());
        let t = "x angels.10 @ mailbox.example y";
        let m = &emails(t)[0];
        assert_eq!(&t[m.start..m.end], m.raw);
        assert_eq!(m.value, "angels.10@mailbox.example");
    }

    #[test]
    fn handles_and_channels() {
        let t = "Telegram: @lara_vip, snap - lara.xx, auf Insta @lara.official. WhatsApp oder SMS";
        assert_eq!(values(handles(t, &[])), ["telegram:lara_vip", "snapchat:lara.xx", "instagram:lara.official"]);
        assert_eq!(channels(t), ["telegram", "whatsapp", "sms"]);
        let e = emails("mail lara@gmx.de");
        assert!(handles("mail lara@gmx.de", &e).is_empty());
        assert!(handles("Signal: 0176 1234567", &[]).is_empty());
    }

    #[test]
    fn urls_without_email_domains() {
        let t = "See https://www.Lara-Escort.de/gallery/ and vip-models.com, mail lara@gmx.de";
        let e = emails(t);
        assert_eq!(values(urls(t, &e)), ["lara-escort.de/gallery", "vip-models.com"]);
    }

    #[test]
    fn crypto_checksums() {
        let t = "BTC 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, \
                 ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assert_eq!(crypto(t).len(), 3, "{:?}", crypto(t));
        // One character changed: every checksum fails.
        let bad = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp \
                   0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
        assert!(crypto(bad).is_empty(), "{:?}", crypto(bad));
    }
}
