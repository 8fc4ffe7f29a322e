//! Attributes an ad states about the person advertised: age (digits or words), rates (amount, currency,
//! duration), languages spoken.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::lexicon::Lexicon;
use crate::text::{WordRegex, fold};

/// A stated age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Age {
    /// Years.
    pub years: u32,
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// The text as written.
    pub raw: String,
}

const YEARS: &str =
    r"(?:y\.?o\.?|y/o|yrs?|years?(?:\s+old)?|jahre?n?|j\.|ans|años|anos|anni|ani|lat|let|лет|года|год|роки|років|рік)";

static AGE_AFTER: LazyLock<WordRegex> =
    LazyLock::new(|| WordRegex::new("(?i)", &format!(r"(\d{{2}})\s*-?\s*{YEARS}"), true));
static AGE_LABEL: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        "(?i)",
        r"(?:age|aged|alter|âge|edad|età|eta|vârsta|vârstă|varsta|wiek|возраст|вік|turned|bin|i'm|i am)\s*[:=\-]?\s*(\d{2})",
        true,
    )
});
static AGE_PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\((\d{2})\)").expect("valid regex"));
static AGE_WORDS: LazyLock<WordRegex> =
    LazyLock::new(|| WordRegex::new("(?i)", &format!(r"([\p{{L}}]+(?:[\s-][\p{{L}}]+){{0,3}})\s+{YEARS}"), true));

/// Number words 14–59 in English, German, French, Spanish and Italian, folded.
static AGE_WORD_VALUES: LazyLock<HashMap<String, u32>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    let mut put = |w: String, v: u32| {
        m.insert(fold(&w).text, v);
    };
    let en_units = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    let en_teens = ["fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    let de_units = ["", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"];
    let de_teens = ["vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"];
    let fr_teens = ["quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"];
    let es_teens = ["catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve"];
    let it_teens = ["quattordici", "quindici", "sedici", "diciassette", "diciotto", "diciannove"];
    for (i, v) in (14..20).enumerate() {
        for w in [en_teens[i], de_teens[i], fr_teens[i], es_teens[i], it_teens[i]] {
            put(w.to_string(), v);
        }
    }
    let tens = [
        (20, "twenty", "zwanzig", "vingt", "veinte", "venti"),
        (30, "thirty", "dreißig", "trente", "treinta", "trenta"),
        (40, "forty", "vierzig", "quarante", "cuarenta", "quaranta"),
        (50, "fifty", "fünfzig", "cinquante", "cincuenta", "cinquanta"),
    ];
    let fr_units = ["", "et-un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
    let es_units = ["", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"];
    let it_units = ["", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"];
    for (t, en, de, fr, es, it) in tens {
        for u in 0..10usize {
            let v = t + u as u32;
            if u == 0 {
                for w in [en, de, fr, es, it] {
                    put(w.to_string(), v);
                }
                continue;
            }
            put(format!("{en}-{}", en_units[u]), v);
            put(format!("{en} {}", en_units[u]), v);
            put(format!("{}und{de}", de_units[u]), v);
            put(format!("{fr}-{}", fr_units[u]), v);
            if u == 1 {
                put(format!("{fr} et un"), v);
            }
            if t == 20 {
                put(format!("veinti{}", es_units[u]), v);
            } else {
                put(format!("{es} y {}", es_units[u]), v);
            }
            // Italian drops the final vowel before uno and otto: ventuno, ventotto.
            let stem = if u == 1 || u == 8 { &it[..it.len() - 1] } else { it };
            put(format!("{stem}{}", it_units[u]), v);
        }
    }
    m
});

/// Stated ages between 14 and 79.
pub fn ages(text: &str) -> Vec<Age> {
    let mut out: Vec<Age> = vec![];
    let mut push = |s: usize, e: usize, years: u32| {
        if (14..80).contains(&years) && !out.iter().any(|a| a.start < e && s < a.end) {
            out.push(Age { years, start: s, end: e, raw: text[s..e].to_string() });
        }
    };
    for c in AGE_AFTER.captures_iter(text).into_iter().chain(AGE_LABEL.captures_iter(text)) {
        let (m, n) = (c.get(0).expect("match"), c.get(1).expect("group"));
        if let Ok(y) = n.as_str().parse() {
            push(m.start(), m.end(), y);
        }
    }
    // "Bianca (19)": two digits in brackets beside a name is how ads give an age; narrower range.
    for c in AGE_PAREN.captures_iter(text) {
        let (m, n) = (c.get(0).expect("match"), c.get(1).expect("group"));
        if let Ok(y) = n.as_str().parse::<u32>()
            && (16..=60).contains(&y)
        {
            push(m.start(), m.end(), y);
        }
    }
    for c in AGE_WORDS.captures_iter(text) {
        let (m, words) = (c.get(0).expect("match"), c.get(1).expect("group"));
        // The longest tail of the words that is an age: "she is twenty two years".
        let w = words.as_str();
        let starts: Vec<usize> = std::iter::once(0).chain(w.match_indices([' ', '-']).map(|(i, _)| i + 1)).collect();
        for s in starts {
            if let Some(&y) = AGE_WORD_VALUES.get(&fold(&w[s..]).text) {
                push(words.start() + s, m.end(), y);
                break;
            }
        }
    }
    out.sort_by_key(|a| a.start);
    out
}

/// A rate: an amount of money for a duration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    /// The amount.
    pub amount: u32,
    /// ISO 4217 code, `ROSES` for roses, or empty when the ad gives no currency.
    pub currency: String,
    /// Minutes, when stated.
    pub minutes: Option<u32>,
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// The text as written.
    pub raw: String,
}

const CUR: &str = r"€|eur(?:o|os)?(?-u:\b)|\$|usd(?-u:\b)|£|gbp(?-u:\b)|lei(?-u:\b)|ron(?-u:\b)|zł|zl(?-u:\b)|pln(?-u:\b)|chf(?-u:\b)|₽|rub(?-u:\b)|руб\.?|грн|₴|roses?(?-u:\b)|rosen(?-u:\b)|🌹";
const DUR: &str = r"(\d{1,3})\s*(?:min(?:uten|utes|s)?\.?|h(?-u:\b)|hrs?(?-u:\b)|hours?(?-u:\b)|std\.?|stunden?(?-u:\b)|heures?(?-u:\b)|horas?(?-u:\b)|ore(?-u:\b)|ora(?-u:\b)|godz\.?|час(?:а|ов)?)|(half\s*(?:an\s*)?hour|halbe\s*stunde|hhr|hh|qv|quickie|overnight|all\s*night|ganze\s*nacht|nacht|night|nuit|noche|notte|stunde|hour|heure|hora)";

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:(\d{{2,4}})(?:[.,]-|[.,]00)?\s*({CUR})|(€|\$|£|₽)\s*(\d{{2,4}}))"))
        .expect("valid regex")
});
static DURATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("(?i){DUR}")).expect("valid regex"));
static BARE_RATE: LazyLock<WordRegex> =
    LazyLock::new(|| WordRegex::new("(?i)", r"(hhr|hh|hr|qv|1h|30min|1/2h)\s*/\s*(\d{2,4})", true));

fn currency(s: &str) -> &'static str {
    let l = s.to_lowercase();
    match l.as_str() {
        "€" => "EUR",
        "$" => "USD",
        "£" => "GBP",
        "₽" => "RUB",
        "₴" => "UAH",
        "🌹" => "ROSES",
        _ if l.starts_with("eur") => "EUR",
        _ if l.starts_with("usd") => "USD",
        _ if l.starts_with("gbp") => "GBP",
        _ if l.starts_with("lei") || l.starts_with("ron") => "RON",
        _ if l.starts_with("zł") || l.starts_with("zl") || l.starts_with("pln") => "PLN",
        _ if l.starts_with("chf") => "CHF",
        _ if l.starts_with("rub") || l.starts_with("руб") => "RUB",
        _ if l.starts_with("грн") => "UAH",
        _ if l.starts_with("ros") => "ROSES",
        _ => "",
    }
}

fn minutes(c: &regex::Captures<'_>, text: &str) -> Option<u32> {
    if let Some(n) = c.get(1) {
        let n: u32 = n.as_str().parse().ok()?;
        let unit = text.to_lowercase();
        return Some(if unit.contains("min") { n } else { n * 60 });
    }
    let w = c.get(2)?.as_str().to_lowercase();
    Some(match w.as_str() {
        "qv" | "quickie" => 15,
        "stunde" | "hour" | "heure" | "hora" => 60,
        "hh" | "hhr" => 30,
        _ if w.starts_with("half") || w.starts_with("halbe") => 30,
        _ => 600,
    })
}

/// Rates: an amount with a currency and a duration within the same short stretch of text ("1h 150 €",
/// "150€/30min", "hhr/150"). Amounts without a duration are prices, not rates, and are left out.
pub fn rates(text: &str) -> Vec<Rate> {
    let mut out = vec![];
    for c in MONEY.captures_iter(text) {
        let m = c.get(0).expect("match");
        let (amount, cur) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
            (Some(a), Some(cu), _, _) | (_, _, Some(cu), Some(a)) => (a.as_str(), cu.as_str()),
            _ => continue,
        };
        let Ok(amount) = amount.parse::<u32>() else { continue };
        // A duration right before ("1h 150 €") or right after ("150 € / 30 min").
        let lo = text[..m.start()].char_indices().rev().nth(13).map_or(0, |(i, _)| i);
        let hi = text[m.end()..].char_indices().nth(14).map_or(text.len(), |(i, _)| m.end() + i);
        let before = &text[lo..m.start()];
        let after = &text[m.end()..hi];
        let cut_before = before.rfind([',', ';', '|', '\n']).map_or(0, |i| i + 1);
        let cut_after = after.find([',', ';', '|', '\n']).unwrap_or(after.len());
        let found = DURATION
            .captures_iter(&before[cut_before..])
            .last()
            .map(|d| {
                (minutes(&d, d.get(0).expect("m").as_str()), lo + cut_before + d.get(0).expect("m").start(), m.end())
            })
            .or_else(|| {
                DURATION.captures(&after[..cut_after]).map(|d| {
                    (minutes(&d, d.get(0).expect("m").as_str()), m.start(), m.end() + d.get(0).expect("m").end())
                })
            });
        let cur = currency(cur);
        if let Some((mins, s, e)) = found.or((cur == "ROSES").then_some((None, m.start(), m.end()))) {
            out.push(Rate {
                amount,
                currency: cur.to_string(),
                minutes: mins,
                start: s,
                end: e,
                raw: text[s..e].into(),
            });
        }
    }
    for c in BARE_RATE.captures_iter(text) {
        let m = c.get(0).expect("match");
        if out.iter().any(|r| r.start < m.end() && m.start() < r.end) {
            continue;
        }
        let d = c.get(1).expect("g").as_str().to_lowercase();
        let mins = match d.as_str() {
            "hhr" | "hh" | "30min" | "1/2h" => 30,
            "qv" => 15,
            _ => 60,
        };
        let Ok(amount) = c.get(2).expect("g").as_str().parse() else { continue };
        out.push(Rate {
            amount,
            currency: String::new(),
            minutes: Some(mins),
            start: m.start(),
            end: m.end(),
            raw: m.as_str().into(),
        });
    }
    out.sort_by_key(|r| r.start);
    out
}

static SPEAK: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        "(?i)",
        r"(?:speak|speaks|speaking|languages?|spreche|sprichst|spricht|sprachen|sprache|parle|parlons|langues?|hablo|habla|idiomas?|parlo|parla|lingue|vorbesc|vorbește|vorbeste|limbi|mówię|mowie|mówi|języki|говорю|говорит|языки|розмовляю|мови)",
        true,
    )
});

/// A language the ad says is spoken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// ISO 639-1 code.
    pub code: String,
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// The text as written.
    pub raw: String,
}

/// Languages named within 80 bytes after a word for speaking ("spricht Deutsch und Englisch").
pub fn languages(text: &str, lexicon: &Lexicon) -> Vec<Language> {
    let mut out: Vec<Language> = vec![];
    for m in SPEAK.find_iter(text) {
        let hi = text[m.end()..].char_indices().nth(80).map_or(text.len(), |(i, _)| m.end() + i);
        let window = &text[m.end()..hi];
        let window = &window[..window.find(['.', '!', '?', '\n']).unwrap_or(window.len())];
        let f = fold(window);
        for (li, s, e) in lexicon.language_matches(&f.text) {
            let (s, e) = f.span(s, e);
            let (s, e) = (m.end() + s, m.end() + e);
            if !out.iter().any(|l| l.start == s) {
                out.push(Language {
                    code: lexicon.languages[li].code.clone(),
                    start: s,
                    end: e,
                    raw: text[s..e].into(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(t: &str) -> Vec<u32> {
        ages(t).into_iter().map(|a| a.years).collect()
    }

    #[test]
    fn ages_in_digits_and_words() {
        assert_eq!(years("Lara 22 yo, sweet"), [22]);
        assert_eq!(years("Sie ist 19 Jahre, neu"), [19]);
        assert_eq!(years("age: 24"), [24]);
        assert_eq!(years("Bianca (20) – neu"), [20]);
        assert_eq!(years("just turned 18!"), [18]);
        assert_eq!(years("I am twenty-two years old"), [22]);
        assert_eq!(years("zweiundzwanzig Jahre jung"), [22]);
        assert_eq!(years("dix-neuf ans"), [19]);
        assert_eq!(years("veintidós años"), [22]);
        assert_eq!(years("ventitré anni"), [23]);
        assert_eq!(years("мне 21 год"), [21]);
        // Not ages: prices, heights, a year.
        assert!(years("150 € für 1h, Größe 1.70, seit 2019").is_empty());
    }

    #[test]
    fn rates_need_a_duration() {
        let r = rates("1h 150 €, 30min 80 EUR, Nacht 900€");
        let got: Vec<(u32, &str, Option<u32>)> = r.iter().map(|r| (r.amount, r.currency.as_str(), r.minutes)).collect();
        assert_eq!(got, [(150, "EUR", Some(60)), (80, "EUR", Some(30)), (900, "EUR", Some(600))]);
        assert_eq!(rates("hhr/150, hr/250").len(), 2);
        assert!(rates("Sofa zu verkaufen, 120 €").is_empty());
        let t = "ab 200$ pro Stunde";
        assert_eq!(rates(t)[0].currency, "USD");
        assert_eq!(rates("🌹🌹 150 roses")[0].currency, "ROSES");
    }

    #[test]
    fn languages_after_a_speaking_word() {
        let l = Lexicon::default();
        let t = "Ich spreche Deutsch, English und ein bisschen Русский. Deutsch lernen";
        let codes: Vec<String> = languages(t, &l).into_iter().map(|x| x.code).collect();
        assert_eq!(codes, ["de", "en", "ru"]);
        let m = &languages(t, &l)[2];
        assert_eq!(&t[m.start..m.end], "Русский");
    }
}
