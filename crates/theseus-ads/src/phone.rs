//! Phone numbers in ad text, including the ways ads write them to dodge extraction: digits as words in
//! several languages ("zero7 9 one"), look-alike letters in digit context ("8O5"), letters of other scripts,
//! fullwidth, mathematical, circled and keycap-emoji digits, and spacing or punctuation between digits
//! ("0.7.9.1"). Every number found is validated and normalised to E.164 with the `phonenumber` crate.
//!
//! The text is cut into tokens (digit groups, separators, other words); consecutive digit groups joined by
//! short separators form a run; inside a run the longest stretch of groups that is a valid number is taken,
//! left to right. Guards keep prices, dates, heights and ages out: a group next to a currency or unit is
//! never part of a number, dates are recognised by their shape, and a number written without an
//! international prefix must carry the trunk prefix of its region (e.g. the 0 of German numbers).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use phonenumber::country::Id;
use serde::Serialize;

use crate::text::{fold_word, is_ignorable};

/// A way a number was written to dodge extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Obfuscation {
    /// Digits written as words ("sieben", "two", "пять").
    Words,
    /// Latin letters standing for digits ("O" for 0, "l" for 1).
    LookAlike,
    /// Letters or digits of other scripts (Cyrillic О, Greek ο, Arabic-Indic digits, mixed-script words).
    Homoglyph,
    /// Fullwidth, mathematical or circled digits.
    UnicodeDigits,
    /// Keycap emoji digits (1️⃣) and digit emoji (🔟).
    Emoji,
    /// Digits spaced or punctuated one by one ("0 1 7 6", "0.7.9.1", "0*1*7").
    Spacing,
}

/// A phone number found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhoneMention {
    /// The number in E.164.
    pub e164: String,
    /// Byte offset of the first byte of the mention in the text.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// The text as written (`text[start..end]`).
    pub raw: String,
    /// How it was obscured; empty for a number written plainly.
    pub obfuscation: Vec<Obfuscation>,
}

const F_WORDS: u8 = 1;
const F_LOOKALIKE: u8 = 2;
const F_HOMOGLYPH: u8 = 4;
const F_UNICODE: u8 = 8;
const F_EMOJI: u8 = 16;
const F_SPACING: u8 = 32;

/// Digit words by language, as folded (lowercase, no diacritics).
const NUMBER_WORDS: &[(&str, [&[&str]; 10])] = &[
    (
        "en",
        [&["zero"], &["one"], &["two"], &["three"], &["four"], &["five"], &["six"], &["seven"], &["eight"], &["nine"]],
    ),
    (
        "de",
        [
            &["null"],
            &["eins"],
            &["zwei", "zwo"],
            &["drei"],
            &["vier"],
            &["fünf", "fuenf"],
            &["sechs"],
            &["sieben"],
            &["acht"],
            &["neun"],
        ],
    ),
    (
        "fr",
        [
            &["zéro"],
            &["un", "une"],
            &["deux"],
            &["trois"],
            &["quatre"],
            &["cinq"],
            &["six"],
            &["sept"],
            &["huit"],
            &["neuf"],
        ],
    ),
    (
        "es",
        [
            &["cero"],
            &["uno", "una"],
            &["dos"],
            &["tres"],
            &["cuatro"],
            &["cinco"],
            &["seis"],
            &["siete"],
            &["ocho"],
            &["nueve"],
        ],
    ),
    (
        "it",
        [
            &["zero"],
            &["uno"],
            &["due"],
            &["tre"],
            &["quattro"],
            &["cinque"],
            &["sei"],
            &["sette"],
            &["otto"],
            &["nove"],
        ],
    ),
    (
        "ro",
        [
            &["zero"],
            &["unu"],
            &["doi", "două"],
            &["trei"],
            &["patru"],
            &["cinci"],
            &["șase", "şase"],
            &["șapte", "şapte"],
            &["opt"],
            &["nouă"],
        ],
    ),
    (
        "pl",
        [
            &["zero"],
            &["jeden", "jedna"],
            &["dwa", "dwie"],
            &["trzy"],
            &["cztery"],
            &["pięć"],
            &["sześć"],
            &["siedem"],
            &["osiem"],
            &["dziewięć"],
        ],
    ),
    (
        "ru",
        [
            &["ноль", "нуль"],
            &["один", "одна"],
            &["два", "две"],
            &["три"],
            &["четыре"],
            &["пять"],
            &["шесть"],
            &["семь"],
            &["восемь"],
            &["девять"],
        ],
    ),
    (
        "uk",
        [
            &["нуль"],
            &["один", "одна"],
            &["два", "дві"],
            &["три"],
            &["чотири"],
            &["п'ять"],
            &["шість"],
            &["сім"],
            &["вісім"],
            &["дев'ять"],
        ],
    ),
];

/// Folded digit word → digit.
static WORDS: LazyLock<HashMap<String, u8>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for (_, digits) in NUMBER_WORDS {
        for (d, words) in digits.iter().enumerate() {
            for w in *words {
                m.insert(fold_word(w), d as u8);
            }
        }
    }
    m
});

/// Number words for 10–99 (each stands for two digits, as numbers are often read in pairs), as folded,
/// with the words of a compound joined by "-" whether written with hyphens or spaces. Spanish "once" (11) is
/// left out: the English word is far more common in ads.
static TENS: LazyLock<HashMap<String, u8>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    let mut add = |w: &str, v: u8| {
        m.insert(fold_word(w), v);
    };
    let en_units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    let teens =
        ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    for (k, w) in teens.iter().enumerate() {
        add(w, 10 + k as u8);
    }
    let en_tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    for (k, t) in en_tens.iter().enumerate() {
        let v = 20 + 10 * k as u8;
        add(t, v);
        for (u, w) in en_units.iter().enumerate() {
            add(&format!("{t}-{w}"), v + 1 + u as u8);
        }
    }

    let de_units = ["ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"];
    let de_teens =
        ["zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"];
    for (k, w) in de_teens.iter().enumerate() {
        add(w, 10 + k as u8);
    }
    let de_tens = ["zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"];
    for (k, t) in de_tens.iter().enumerate() {
        let v = 20 + 10 * k as u8;
        for t in [t.to_string(), t.replace('ß', "ss")] {
            add(&t, v);
            for (u, w) in de_units.iter().enumerate() {
                add(&format!("{w}und{t}"), v + 1 + u as u8);
            }
        }
    }

    let fr_units = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
    let fr_teens =
        ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"];
    for (k, w) in fr_teens.iter().enumerate() {
        add(w, 10 + k as u8);
    }
    // Regular tens, the Belgian and Swiss ones included.
    for (t, v) in [
        ("vingt", 20),
        ("trente", 30),
        ("quarante", 40),
        ("cinquante", 50),
        ("soixante", 60),
        ("septante", 70),
        ("huitante", 80),
        ("octante", 80),
        ("nonante", 90),
    ] {
        add(t, v);
        add(&format!("{t}-et-un"), v + 1);
        add(&format!("{t}-et-une"), v + 1);
        for (u, w) in fr_units.iter().enumerate().skip(1) {
            add(&format!("{t}-{w}"), v + 1 + u as u8);
        }
    }
    // 70–79 and 80–99 count on from sixty and four-twenty.
    for (k, w) in fr_teens.iter().enumerate() {
        add(&format!("soixante-{w}"), 70 + k as u8);
        add(&format!("quatre-vingt-{w}"), 90 + k as u8);
    }
    add("soixante-et-onze", 71);
    add("quatre-vingt", 80);
    add("quatre-vingts", 80);
    for (u, w) in fr_units.iter().enumerate() {
        add(&format!("quatre-vingt-{w}"), 81 + u as u8);
    }
    add("quatre-vingt-une", 81);

    let es_teens = [
        "diez",
        "", // "once", see above
        "doce",
        "trece",
        "catorce",
        "quince",
        "dieciséis",
        "diecisiete",
        "dieciocho",
        "diecinueve",
    ];
    for (k, w) in es_teens.iter().enumerate().filter(|(_, w)| !w.is_empty()) {
        add(w, 10 + k as u8);
    }
    let es_units = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"];
    add("veinte", 20);
    add("veintiún", 21);
    for (u, w) in es_units.iter().enumerate() {
        add(&format!("veinti{w}"), 21 + u as u8);
    }
    let es_tens = ["treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];
    for (k, t) in es_tens.iter().enumerate() {
        let v = 30 + 10 * k as u8;
        add(t, v);
        for (u, w) in es_units.iter().enumerate() {
            add(&format!("{t}-y-{w}"), v + 1 + u as u8);
        }
    }

    let it_teens = [
        "dieci",
        "undici",
        "dodici",
        "tredici",
        "quattordici",
        "quindici",
        "sedici",
        "diciassette",
        "diciotto",
        "diciannove",
    ];
    for (k, w) in it_teens.iter().enumerate() {
        add(w, 10 + k as u8);
    }
    let it_units = ["uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"];
    let it_tens = ["venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"];
    for (k, t) in it_tens.iter().enumerate() {
        let v = 20 + 10 * k as u8;
        add(t, v);
        for (u, w) in it_units.iter().enumerate() {
            // The tens drop their last vowel before "uno" and "otto" (ventuno, trentotto).
            let stem = if matches!(*w, "uno" | "otto") { &t[..t.len() - 1] } else { t };
            add(&format!("{stem}{w}"), v + 1 + u as u8);
        }
    }
    m
});

/// First words of the multi-word entries of [`TENS`], to skip the compound lookup for other words cheaply.
static TENS_HEADS: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| TENS.keys().filter_map(|k| k.split_once('-').map(|(h, _)| h.to_string())).collect());

/// Words that repeat the digit after them ("double seven" = 77).
fn multiplier(w: &str) -> Option<usize> {
    match w {
        "double" | "doppel" | "doppelte" | "doble" | "doppio" => Some(2),
        "triple" | "dreifach" | "triplo" => Some(3),
        _ => None,
    }
}

/// Words and symbols after or before which a number is an amount or a measure, not part of a phone.
fn is_unit(w: &str) -> bool {
    matches!(
        w,
        "eur"
            | "euro"
            | "euros"
            | "usd"
            | "gbp"
            | "chf"
            | "pln"
            | "zl"
            | "zł"
            | "lei"
            | "ron"
            | "rub"
            | "uah"
            | "kc"
            | "czk"
            | "huf"
            | "ft"
            | "min"
            | "mins"
            | "minuten"
            | "minutes"
            | "h"
            | "hr"
            | "hrs"
            | "std"
            | "stunden"
            | "hour"
            | "hours"
            | "cm"
            | "kg"
            | "m"
            | "km"
            | "qm"
            | "jahre"
            | "jahren"
            | "j"
            | "years"
            | "year"
            | "yrs"
            | "yo"
            | "ans"
            | "anos"
            | "años"
            | "anni"
            | "ani"
            | "lat"
            | "let"
            | "roses"
            | "rosen"
            | "x"
    ) || w.starts_with("руб")
        || w.starts_with("грн")
        || w.starts_with("лет")
        || w.starts_with("год")
}

/// The digits a character stands for on its own (not letters), with the family it belongs to.
fn digit_chars(c: char) -> Option<(Vec<u8>, u8)> {
    if c.is_ascii_digit() {
        return Some((vec![c as u8 - b'0'], 0));
    }
    let cp = c as u32;
    let range = |zero: u32| (zero..zero + 10).contains(&cp).then(|| vec![(cp - zero) as u8]);
    // Decimal digits of other scripts: real digits, but foreign to a European ad.
    for zero in [0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xE50, 0xED0, 0x1040, 0x17E0, 0x1810] {
        if let Some(d) = range(zero) {
            return Some((d, F_HOMOGLYPH));
        }
    }
    // Dingbat and double-circled digits, which compatibility decomposition leaves alone.
    let circled = |first: u32, start_digit: u32, n: u32| {
        (first..first + n).contains(&cp).then(|| digits_of(cp - first + start_digit))
    };
    for (first, start, n) in [(0x2776, 1, 10), (0x2780, 1, 10), (0x278A, 1, 10), (0x24F5, 1, 10), (0x24EB, 11, 10)] {
        if let Some(d) = circled(first, start, n) {
            return Some((d, F_UNICODE));
        }
    }
    match c {
        '⓿' | '⓪' => return Some((vec![0], F_UNICODE)),
        '🔟' => return Some((vec![1, 0], F_EMOJI)),
        // Superscripts and subscripts are measures (m², cm³), not obfuscated digits.
        '\u{00B2}' | '\u{00B3}' | '\u{00B9}' | '\u{2070}'..='\u{209F}' => return None,
        _ => {}
    }
    let mut out = vec![];
    let mut other = false;
    unicode_normalization::char::decompose_compatible(c, |d| {
        if d.is_ascii_digit() {
            out.push(d as u8 - b'0');
        } else if !matches!(d, '.' | ',' | '(' | ')') {
            other = true;
        }
    });
    (!out.is_empty() && !other).then_some((out, F_UNICODE))
}

fn digits_of(n: u32) -> Vec<u8> {
    n.to_string().bytes().map(|b| b - b'0').collect()
}

/// The digit a letter is drawn like, and whether the letter is Latin (else another script).
fn lookalike_digit(c: char) -> Option<(u8, bool)> {
    Some(match c {
        'O' | 'o' => (0, true),
        'l' | 'I' => (1, true),
        'О' | 'о' | 'Ο' | 'ο' | 'Օ' | 'օ' => (0, false),
        'І' | 'і' | 'Ӏ' | 'ӏ' | 'Ι' | 'ι' | 'ǀ' => (1, false),
        'З' | 'з' => (3, false),
        'б' => (6, false),
        _ => return None,
    })
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || is_ignorable(c)
        || matches!(
            c,
            '.' | '-'
                | '–'
                | '—'
                | '/'
                | '\\'
                | '('
                | ')'
                | '['
                | ']'
                | '_'
                | '*'
                | '~'
                | '•'
                | '·'
                | '+'
                | '\''
                | '"'
                | '|'
        )
}

/// Separators that plain numbers do not use; between digits they are an obfuscation.
fn is_unusual_separator(c: char) -> bool {
    matches!(c, '_' | '*' | '~' | '•' | '·' | '|' | '\\')
}

#[derive(Debug)]
enum Tok {
    Digits { digits: Vec<u8>, start: usize, end: usize, fam: u8 },
    Sep { newlines: usize, len: usize, plus_at: Option<usize>, unusual: bool, only_space: bool },
    Mult(usize),
    Break { unit: bool },
}

/// The first two bytes of every digit word, so that most words are turned away by one look-up.
static HEADS: LazyLock<std::collections::HashSet<[u8; 2]>> = LazyLock::new(|| {
    WORDS.keys().chain(TENS.keys()).filter_map(|w| w.as_bytes().get(..2).map(|h| [h[0], h[1]])).collect()
});

/// Splits a folded word wholly into digit words; `None` when any part is not one.
fn segment(w: &str) -> Option<Vec<u8>> {
    let b = w.as_bytes();
    let n = b.len();
    if n < 2 || !HEADS.contains(&[b[0], b[1]]) {
        return None;
    }
    // best[i]: digits for w[..i] when it splits into words.
    let mut best: Vec<Option<Vec<u8>>> = vec![None; n + 1];
    best[0] = Some(vec![]);
    for i in 0..n {
        let Some(prefix) = best[i].clone() else { continue };
        if !w.is_char_boundary(i) {
            continue;
        }
        for j in i + 2..=n.min(i + 20) {
            if !w.is_char_boundary(j) || best[j].is_some() {
                continue;
            }
            let piece = &w[i..j];
            let digits = match (WORDS.get(piece), TENS.get(piece)) {
                (Some(&d), _) => vec![d],
                (None, Some(&v)) => vec![v / 10, v % 10],
                _ => continue,
            };
            let mut v = prefix.clone();
            v.extend(digits);
            best[j] = Some(v);
        }
    }
    best[n].take()
}

fn tokenize(text: &str) -> Vec<(Tok, usize, usize)> {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| cs.get(k).map_or(text.len(), |&(o, _)| o);
    let digit_like = |k: usize| cs.get(k).is_some_and(|&(_, c)| digit_chars(c).is_some());
    let mut toks = vec![];
    let mut i = 0;
    while i < cs.len() {
        let (o, c) = cs[i];
        if let Some((d, f)) = digit_chars(c) {
            let mut digits = d;
            let mut fam = f;
            let mut j = i + 1;
            while j < cs.len() {
                let c2 = cs[j].1;
                if let Some((d2, f2)) = digit_chars(c2) {
                    digits.extend(d2);
                    fam |= f2;
                } else if c2 == '\u{20E3}' {
                    fam |= F_EMOJI;
                } else if !is_ignorable(c2) {
                    break;
                }
                j += 1;
            }
            toks.push((Tok::Digits { digits, start: o, end: end_of(j), fam }, o, end_of(j)));
            i = j;
        } else if c.is_alphabetic() {
            if let Some((digits, j)) = compound_number(text, &cs, i) {
                let e = end_of(j);
                toks.push((Tok::Digits { digits, start: o, end: e, fam: F_WORDS }, o, e));
                i = j;
                continue;
            }
            let j = word_end(&cs, i);
            let (s, e) = (o, end_of(j));
            let word = &text[s..e];
            let folded = fold_word(word);
            let tok = if let Some(d) = segment(&folded) {
                // Folding already mapped foreign look-alike letters inside a Latin word ("zеro").
                let mixed = word.chars().any(|c| crate::text::latin_lookalike(c).is_some())
                    && word.chars().any(|c| c.is_ascii_alphabetic());
                Tok::Digits { digits: d, start: s, end: e, fam: F_WORDS | if mixed { F_HOMOGLYPH } else { 0 } }
            } else if let Some(d) = word
                .chars()
                .any(|c| crate::text::latin_lookalike(c).is_some())
                .then(|| segment(&fold_word(&skeleton(word))))
                .flatten()
            {
                Tok::Digits { digits: d, start: s, end: e, fam: F_WORDS | F_HOMOGLYPH }
            } else if let Some(d) = lookalike_letters(word) {
                Tok::Digits { digits: d, start: s, end: e, fam: F_WORDS | F_LOOKALIKE }
            } else if let Some(m) = multiplier(&folded) {
                Tok::Mult(m)
            } else if let Some(t) = lookalike_token(word, s, e, (i > 0 && digit_like(i - 1)) || digit_like(j)) {
                t
            } else {
                Tok::Break { unit: is_unit(&folded) }
            };
            toks.push((tok, s, e));
            i = j;
        } else if is_separator(c) {
            let mut j = i;
            let (mut newlines, mut len, mut plus_at, mut unusual, mut only_space) = (0, 0, None, false, true);
            while j < cs.len() && is_separator(cs[j].1) {
                let c2 = cs[j].1;
                if !is_ignorable(c2) {
                    len += 1;
                }
                newlines += usize::from(c2 == '\n');
                if c2 == '+' {
                    plus_at = Some(cs[j].0);
                } else if !c2.is_whitespace() {
                    plus_at = None;
                }
                unusual |= is_unusual_separator(c2);
                only_space &= c2.is_whitespace() || is_ignorable(c2);
                j += 1;
            }
            toks.push((Tok::Sep { newlines, len, plus_at, unusual, only_space }, o, end_of(j)));
            i = j;
        } else {
            // Currency and percent signs make the number beside them an amount.
            let unit = matches!(c, '€' | '$' | '£' | '₽' | '₴' | '%' | '¥' | '₺' | '🌹');
            toks.push((Tok::Break { unit }, o, end_of(i + 1)));
            i += 1;
        }
    }
    join_word_groups_at_commas(text, &mut toks);
    toks
}

/// One past the last character of the word starting at character `i`.
fn word_end(cs: &[(usize, char)], i: usize) -> usize {
    let mut j = i + 1;
    while j < cs.len() {
        let c2 = cs[j].1;
        let apostrophe = matches!(c2, '\'' | '’' | 'ʼ') && cs.get(j + 1).is_some_and(|x| x.1.is_alphabetic());
        if c2.is_alphabetic() || apostrophe || (is_ignorable(c2) && c2 != '\u{20E3}') {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// A 10–99 number written in several words ("trente-quatre", "thirty four", "soixante-dix-huit") starting
/// at character `i`: its two digits and the character index one past it. The longest compound wins, so
/// "quatre-vingt-dix" is 90, not 4 then 20 then 10.
fn compound_number(text: &str, cs: &[(usize, char)], i: usize) -> Option<(Vec<u8>, usize)> {
    let end_of = |k: usize| cs.get(k).map_or(text.len(), |&(o, _)| o);
    let mut words: Vec<(String, usize)> = vec![];
    let mut k = i;
    loop {
        let e = word_end(cs, k);
        let w = fold_word(&text[cs[k].0..end_of(e)]);
        if words.is_empty() && !TENS_HEADS.contains(&w) {
            return None;
        }
        words.push((w, e));
        let joined = cs.get(e).is_some_and(|x| matches!(x.1, '-' | '‐' | ' '));
        if words.len() == 4 || !joined || !cs.get(e + 1).is_some_and(|x| x.1.is_alphabetic()) {
            break;
        }
        k = e + 1;
    }
    (2..=words.len()).rev().find_map(|n| {
        let key = words[..n].iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>().join("-");
        TENS.get(&key).map(|&v| (vec![v / 10, v % 10], words[n - 1].1))
    })
}

/// Digit words typed with a look-alike letter: a capital I for l ("nuII", "zwöIf") or an l for i ("elns").
/// Taken only when the whole word then reads as digit words.
fn lookalike_letters(word: &str) -> Option<Vec<u8>> {
    let i_for_l = word.contains('I').then(|| segment(&fold_word(&word.replace('I', "l")))).flatten();
    i_for_l.or_else(|| word.contains('l').then(|| segment(&fold_word(&word.replace('l', "i")))).flatten())
}

/// A comma between two groups of digit words separates groups like a space ("nine one one, one two three"):
/// read aloud, numbers are grouped with commas. Between figures it still ends the number (prices, lists).
fn join_word_groups_at_commas(text: &str, toks: &mut [(Tok, usize, usize)]) {
    let is_word_group = |t: &Tok| matches!(t, Tok::Digits { fam, .. } if fam & F_WORDS != 0);
    let is_space = |t: &Tok| matches!(t, Tok::Sep { only_space: true, newlines: 0, .. });
    for k in 0..toks.len() {
        if !matches!(toks[k].0, Tok::Break { unit: false }) || &text[toks[k].1..toks[k].2] != "," {
            continue;
        }
        let before = toks[..k].iter().rev().find(|t| !is_space(&t.0));
        let after = toks[k + 1..].iter().find(|t| !is_space(&t.0));
        if before.is_some_and(|t| is_word_group(&t.0)) && after.is_some_and(|t| is_word_group(&t.0)) {
            toks[k].0 = Tok::Sep { newlines: 0, len: 1, plus_at: None, unusual: false, only_space: false };
        }
    }
}

/// Maps letters that look like Latin ones back to Latin, for digit words typed with foreign letters.
fn skeleton(word: &str) -> String {
    word.chars().map(|c| crate::text::latin_lookalike(c).unwrap_or(c)).collect()
}

/// A short word made only of digit look-alikes, touching a real digit ("8O5", "O176").
fn lookalike_token(word: &str, s: usize, e: usize, touches_digit: bool) -> Option<Tok> {
    if !touches_digit || word.chars().count() > 4 {
        return None;
    }
    let mut digits = vec![];
    let mut fam = 0;
    for c in word.chars() {
        let (d, latin) = lookalike_digit(c)?;
        digits.push(d);
        fam |= if latin { F_LOOKALIKE } else { F_HOMOGLYPH };
    }
    Some(Tok::Digits { digits, start: s, end: e, fam })
}

#[derive(Debug, Clone)]
struct Group {
    digits: Vec<u8>,
    start: usize,
    end: usize,
    fam: u8,
    plus_at: Option<usize>,
    tainted: bool,
    unusual_before: bool,
}

/// Runs of digit groups that may form numbers.
fn runs(toks: Vec<(Tok, usize, usize)>) -> Vec<Vec<Group>> {
    let mut out = vec![];
    let mut run: Vec<Group> = vec![];
    // Whether the run may continue (only a short separator since the last group), and what it carried.
    let mut open = false;
    let mut pending_plus = None;
    let mut pending_unusual = false;
    let mut pending_mult = None;
    let mut pending_taint = false;
    let mut last_sep_space_only = true;
    let mut after_break_unit = false;
    for (tok, _, _) in toks {
        match tok {
            Tok::Digits { mut digits, start, end, fam } => {
                if !open && !run.is_empty() {
                    out.push(std::mem::take(&mut run));
                }
                if let Some(m) = pending_mult.take()
                    && digits.len() == 1
                {
                    digits = vec![digits[0]; m];
                }
                run.push(Group {
                    digits,
                    start,
                    end,
                    fam,
                    plus_at: pending_plus.take(),
                    tainted: pending_taint,
                    unusual_before: pending_unusual,
                });
                pending_taint = false;
                pending_unusual = false;
                open = true;
                after_break_unit = false;
            }
            Tok::Sep { newlines, len, plus_at, unusual, only_space } => {
                if newlines > 1 || len > 5 {
                    open = false;
                }
                pending_plus = plus_at;
                pending_unusual = unusual;
                last_sep_space_only = only_space && len <= 2;
                if after_break_unit && !last_sep_space_only {
                    pending_taint = false;
                }
            }
            Tok::Mult(m) => pending_mult = Some(m),
            Tok::Break { unit } => {
                if unit && let Some(g) = run.last_mut() {
                    // "150 €", "30min": the group just before is an amount or a measure.
                    if open && (last_sep_space_only || g.end > 0) {
                        g.tainted = true;
                    }
                }
                if !run.is_empty() {
                    out.push(std::mem::take(&mut run));
                }
                open = false;
                pending_plus = None;
                pending_mult = None;
                pending_taint = unit;
                after_break_unit = unit;
                last_sep_space_only = true;
            }
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

static DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2})$")
        .expect("valid regex")
});

/// Validation results by (digits, international, region): ads repeat the same numbers many times.
type Cache = HashMap<(String, bool, Option<Id>), Option<String>>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(HashMap::new());
}

fn parse_valid(region: Option<Id>, s: &str) -> Option<String> {
    let n = phonenumber::parse(region, s).ok()?;
    phonenumber::is_valid(&n).then(|| n.format().mode(phonenumber::Mode::E164).to_string())
}

/// Validates a digit string as a phone number; `international` when a `+` was written before it.
fn validate(digits: &str, international: bool, region: Option<Id>) -> Option<String> {
    let key = (digits.to_string(), international, region);
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let result = validate_uncached(digits, international, region);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 200_000 {
            c.clear();
        }
        c.insert(key, result.clone());
    });
    result
}

fn validate_uncached(digits: &str, international: bool, region: Option<Id>) -> Option<String> {
    let intl = |d: &str| -> Option<String> {
        parse_valid(None, &format!("+{d}")).or_else(|| {
            // "+49 (0)176 …": the trunk prefix written after the country code.
            (1..=3).find_map(|cc| {
                (d.len() > cc + 1 && d.as_bytes()[cc] == b'0')
                    .then(|| parse_valid(None, &format!("+{}{}", &d[..cc], &d[cc + 1..])))
                    .flatten()
            })
        })
    };
    if international {
        return intl(digits);
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return intl(rest);
    }
    let region = region?;
    let trunk = phonenumber::metadata::DATABASE.by_id(region.as_ref()).and_then(|m| m.national_prefix());
    match trunk {
        // Where the trunk prefix is 0 it is always dialled at home, so a number written without "+" or "00"
        // starts with it; a long digit string that does not is accepted only as an international number
        // written without the "+" (as in wa.me links). NANP's optional "1" and Russia's "8" are not required.
        // The country code must be the region's own: people drop the "+" of their own numbers.
        Some(t) if t == "0" && !digits.starts_with(t) => {
            let cc = phonenumber::metadata::DATABASE.by_id(region.as_ref()).map(|m| m.country_code().to_string())?;
            (digits.len() >= 11 && digits.starts_with(&cc)).then(|| intl(digits)).flatten()
        }
        _ => parse_valid(Some(region), digits),
    }
}

/// The region for numbers written without a country code, from an ISO 3166-1 alpha-2 code.
pub fn region(code: Option<&str>) -> Option<Id> {
    code.and_then(|r| r.trim().to_ascii_uppercase().parse::<Id>().ok())
}

/// Finds the phone numbers in `text`. `default_region` (ISO 3166-1 alpha-2) is used for numbers written
/// without a country code; without it only internationally written numbers are found.
pub fn extract_phones(text: &str, default_region: Option<&str>) -> Vec<PhoneMention> {
    let region = region(default_region);
    let mut out = vec![];
    for run in runs(tokenize(text)) {
        let n = run.len();
        // Four or more groups of exactly four digits and 16 digits or more: an IBAN or a card number.
        let fours = run.iter().filter(|g| g.fam == 0 && g.digits.len() == 4).count();
        if fours >= 4 && run.iter().map(|g| g.digits.len()).sum::<usize>() >= 16 {
            continue;
        }
        let mut i = 0;
        while i < n {
            let mut found = None;
            let mut total = 0;
            let mut ends = vec![];
            for (j, g) in run.iter().enumerate().skip(i) {
                if g.tainted {
                    break;
                }
                total += g.digits.len();
                if total > 17 {
                    break;
                }
                ends.push((j + 1, total));
            }
            for &(j, total) in ends.iter().rev() {
                if total < 7 {
                    break;
                }
                if let Some(m) = candidate(text, &run[i..j], region) {
                    found = Some((j, m));
                    break;
                }
            }
            match found {
                Some((j, m)) => {
                    out.push(m);
                    i = j;
                }
                None => i += 1,
            }
        }
    }
    out
}

fn candidate(text: &str, groups: &[Group], region: Option<Id>) -> Option<PhoneMention> {
    let digits: String = groups.iter().flat_map(|g| g.digits.iter().map(|d| char::from(b'0' + d))).collect();
    let first = &groups[0];
    let last = &groups[groups.len() - 1];
    let start = first.plus_at.unwrap_or(first.start);
    let raw = &text[start..last.end];
    let mut fam = groups.iter().fold(0, |f, g| f | g.fam);
    if fam == 0 && DATE.is_match(raw) {
        return None;
    }
    let e164 = validate(&digits, first.plus_at.is_some(), region)?;
    // Digits one by one, or odd punctuation between groups, is spacing as an obfuscation.
    let single = groups.iter().filter(|g| g.fam == 0 && g.digits.len() == 1).count();
    if single >= 4 || groups.iter().skip(1).any(|g| g.unusual_before) {
        fam |= F_SPACING;
    }
    let mut obfuscation = vec![];
    for (bit, o) in [
        (F_WORDS, Obfuscation::Words),
        (F_LOOKALIKE, Obfuscation::LookAlike),
        (F_HOMOGLYPH, Obfuscation::Homoglyph),
        (F_UNICODE, Obfuscation::UnicodeDigits),
        (F_EMOJI, Obfuscation::Emoji),
        (F_SPACING, Obfuscation::Spacing),
    ] {
        if fam & bit != 0 {
            obfuscation.push(o);
        }
    }
    Some(PhoneMention { e164, start, end: last.end, raw: raw.to_string(), obfuscation })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One check per case: the numbers found, in order.
    fn check(text: &str, region: &str, expect: &[&str]) {
        let got: Vec<String> = extract_phones(text, Some(region)).into_iter().map(|m| m.e164).collect();
        assert_eq!(got, expect, "in {text:?}");
    }

    fn obf(text: &str, region: &str) -> Vec<Obfuscation> {
        let m = extract_phones(text, Some(region));
        assert_eq!(m.len(), 1, "{text:?}: {m:?}");
        assert_eq!(&text[m[0].start..m[0].end], m[0].raw);
        m[0].obfuscation.clone()
    }

    #[test]
    fn plain_numbers() {
        check("Ruf an: 0176 1234 5678", "DE", &["+4917612345678"]);
        check("Tel. 0176/12345678 oder +49 176 1234 5679", "DE", &["+4917612345678", "+4917612345679"]);
        check("call +44 7911 123456 now", "DE", &["+447911123456"]);
        check("0049 176 12345678", "AT", &["+4917612345678"]);
        check("+49 (0) 176 12345678", "DE", &["+4917612345678"]);
        assert!(obf("Ruf an: 0176 1234 5678", "DE").is_empty());
    }

    #[test]
    fn digits_as_words_in_many_languages() {
        check("null eins sieben sechs 1234 5678", "DE", &["+4917612345678"]);
        check("zero7 9 one 1 two 3 4 five 6 7", "GB", &["+447911234567"]);
        check("2Five3-22seven-7503", "US", &["+12532277503"]);
        check("zéro six douze", "FR", &[]);
        check("zéro six 12 34 cinq six sept huit", "FR", &["+33612345678"]);
        check("seis uno dos tres cuatro cinco seis siete ocho", "ES", &["+34612345678"]);
        check("tre quattro sette 123 4567", "IT", &["+393471234567"]);
        check("zero sapte patru zero 123 456", "RO", &["+40740123456"]);
        check("zero şapte patru zero 123 456", "RO", &["+40740123456"]);
        check("восемь девять один шесть 123 45 67", "RU", &["+79161234567"]);
        check("нуль шість сім 123 45 67", "UA", &["+380671234567"]);
        check("пʼять один два 345 678", "PL", &["+48512345678"]);
        check("pięć jeden dwa trzy cztery pięć sześć siedem osiem", "PL", &["+48512345678"]);
        check("double seven double zero 900123 with 0", "GB", &[]);
        check("call zero seven nine one one, one two three, four five six xx", "GB", &["+447911123456"]);
        check("one two three, four five six, 07911 123456", "GB", &["+447911123456"]);
        check("zero seven nine double one 123 456", "GB", &["+447911123456"]);
        assert_eq!(obf("null eins sieben sechs 1234 5678", "DE"), [Obfuscation::Words]);
    }

    #[test]
    fn two_digit_number_words() {
        check("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "FR", &["+33612345678"]);
        check("zero six quatre-vingt-dix-neuf vingt et un soixante et onze nonante", "FR", &["+33699217190"]);
        check(
            "null eins fünf zwei dreiundzwanzig fünfundvierzig siebenundsechzig neunundachtzig",
            "DE",
            &["+4915223456789"],
        );
        check("null fünfzehn eins 23456789", "DE", &["+4915123456789"]);
        check("zero seven nine one one, twelve thirty four fifty six", "GB", &["+447911123456"]);
        check("zero seven nine one one twelve thirty-four fifty-six", "GB", &["+447911123456"]);
        check("seis doce treinta y cuatro cincuenta y seis setenta y ocho", "ES", &["+34612345678"]);
        check("tre quattro sette dodici trentaquattro cinquantasei sette", "IT", &["+393471234567"]);
        assert_eq!(obf("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "FR"), [Obfuscation::Words]);
        // Amounts and ages in words stay what they are.
        check("douze ans, trente euros, quatre-vingt-dix roses", "FR", &[]);
        check("zwanzig Minuten fünfzig, dreißig Minuten achtzig, sechzig Minuten hundertzwanzig", "DE", &[]);
        check("twenty one years old, five foot six", "GB", &[]);
    }

    #[test]
    fn look_alike_letters_inside_digit_words() {
        check("nuII eins fünf zwei 2345 6789", "DE", &["+4915223456789"]);
        check("NUII EINS SIEBEN SECHS zwöIf 345678", "DE", &["+4917612345678"]);
        check("zero seven nine eIeven 123456", "GB", &["+447911123456"]);
        assert_eq!(obf("nuII eins fünf zwei 2345 6789", "DE"), [Obfuscation::Words, Obfuscation::LookAlike]);
        // Ordinary words are left alone even when they hold an I or an l.
        check("Ich bin neu IN Berlin, Tel 0176 1234 5678", "DE", &["+4917612345678"]);
    }

    #[test]
    fn look_alike_letters_only_beside_digits() {
        check("8O5-253-6469", "US", &["+18052536469"]);
        check("Handy O176 l234 5678", "DE", &["+4917612345678"]);
        assert_eq!(obf("8O5-253-6469", "US"), [Obfuscation::LookAlike]);
        // A lone "I" or "O" as a word is not a digit.
        check("I 0176 12345678", "DE", &["+4917612345678"]);
        check("O 176 12345678", "DE", &[]);
    }

    #[test]
    fn homoglyphs_from_other_scripts() {
        // Cyrillic О for zero, Cyrillic е inside an English digit word.
        check("О176 1234 5678", "DE", &["+4917612345678"]);
        check("zеro 176 1234 5678", "DE", &["+4917612345678"]);
        check("٠١٧٦ ١٢٣٤٥٦٧٨", "DE", &["+4917612345678"]);
        assert!(obf("О176 1234 5678", "DE").contains(&Obfuscation::Homoglyph));
    }

    #[test]
    fn unicode_and_emoji_digits() {
        check("０１７６ １２３４ ５６７８", "DE", &["+4917612345678"]);
        check("𝟎𝟏𝟕𝟔 𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "DE", &["+4917612345678"]);
        check("⓪①⑦⑥ ①②③④⑤⑥⑦⑧", "DE", &["+4917612345678"]);
        check("0️⃣1️⃣7️⃣6️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣", "DE", &["+4917612345678"]);
        check("0⃣1⃣7⃣6⃣ 1⃣2⃣3⃣4⃣5⃣6⃣7⃣8⃣", "DE", &["+4917612345678"]);
        check("⓿❶❼❻ ❶❷❸❹❺❻❼❽", "DE", &["+4917612345678"]);
        assert_eq!(obf("0️⃣1️⃣7️⃣6️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣", "DE"), [Obfuscation::Emoji]);
        assert_eq!(obf("０１７６ １２３４ ５６７８", "DE"), [Obfuscation::UnicodeDigits]);
    }

    #[test]
    fn spacing_and_punctuation() {
        check("0 1 7 6 1 2 3 4 5 6 7 8", "DE", &["+4917612345678"]);
        check("0.1.7.6.1.2.3.4.5.6.7.8", "DE", &["+4917612345678"]);
        check("0 . 1 . 7 . 6 . 1 . 2 . 3 . 4 . 5 . 6 . 7 . 8", "DE", &["+4917612345678"]);
        check("0*176*1234*5678", "DE", &["+4917612345678"]);
        check("07_91_12_34_567", "GB", &["+447911234567"]);
        assert_eq!(obf("0.1.7.6.1.2.3.4.5.6.7.8", "DE"), [Obfuscation::Spacing]);
        assert_eq!(obf("0*176*1234*5678", "DE"), [Obfuscation::Spacing]);
    }

    #[test]
    fn prices_dates_heights_and_ages_are_not_phones() {
        check("1h 150 €, 30min 80 €, Nacht 1200 €", "DE", &[]);
        check("Preise: 100 150 200 250 300 €", "DE", &[]);
        check("€150 €200 €250 €300", "DE", &[]);
        check("Größe 1.70, 55 kg, 22 Jahre, KF 75B", "DE", &[]);
        check("vom 05.06.2026 bis 12.06.2026", "DE", &[]);
        check("2026-06-05 to 2026-06-12", "DE", &[]);
        check("10:00-22:00 Uhr, 7 Tage", "DE", &[]);
        check("Wohnung 65 m², 850 € kalt, 3 Zimmer, PLZ 20099", "DE", &[]);
        check("one two three, just turned 18, 1 2 3", "GB", &[]);
        check("Rechnung Nr. 20260512 vom 12.5.", "DE", &[]);
        check("VW Polo 2015, 89000 km, 4500 € VB", "DE", &[]);
        check("ISBN 978 3 16 148410 0", "DE", &[]);
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let t = "Hi ❤ ruf an: null eins sieben sechs 1234 5678!";
        let m = &extract_phones(t, Some("DE"))[0];
        assert_eq!(m.raw, "null eins sieben sechs 1234 5678");
        assert_eq!(&t[m.start..m.end], m.raw);
    }

    #[test]
    fn without_region_only_international_numbers() {
        check("0176 1234 5678 or +43 664 1234567", "", &["+436641234567"]);
    }
}
