//! Text folding with a map back to the original bytes, so that every match on folded text keeps its span in
//! the text the ad gave.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Characters that render as nothing (variation selectors, zero-width joiners, soft hyphens, the keycap
/// combiner). Ads insert them to break naive matching; they never carry meaning here.
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{00AD}' | '\u{20E3}' | '\u{FEFF}')
}

/// Folded text: lowercase, compatibility-decomposed, combining marks dropped, ignorables removed, and
/// letters of other scripts that stand in for Latin ones inside a Latin word mapped back ("sеxy" with a
/// Cyrillic е). `map[i]` is the byte offset in the original text of the character folded byte `i` came from.
pub(crate) struct Folded {
    pub text: String,
    map: Vec<u32>,
    original: Vec<u32>,
}

impl Folded {
    /// The span in the original text of folded bytes `start..end`.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end || end > self.map.len() {
            let s = self.map.get(start).copied().unwrap_or(0) as usize;
            return (s, s);
        }
        let s = self.map[start] as usize;
        // The end is the end of the original character the last folded byte came from.
        let last = self.map[end - 1];
        let next = self.original.partition_point(|&o| o <= last);
        (s, self.original.get(next).copied().unwrap_or(u32::MAX) as usize)
    }
}

/// Folds `s` (see [`Folded`]).
pub(crate) fn fold(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut original: Vec<u32> = Vec::with_capacity(s.len() + 1);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    // Script of each word decides whether look-alike letters are mapped: only inside words that also hold
    // Latin letters, so that Russian and Greek text stays what it is.
    let mut mixed = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1.is_alphabetic() {
            let j = (i..chars.len()).find(|&k| !chars[k].1.is_alphabetic()).unwrap_or(chars.len());
            let latin = chars[i..j].iter().any(|(_, c)| c.is_ascii_alphabetic());
            let other = chars[i..j].iter().any(|(_, c)| latin_lookalike(*c).is_some());
            if latin && other {
                mixed[i..j].iter_mut().for_each(|m| *m = true);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    for (k, &(o, c)) in chars.iter().enumerate() {
        original.push(o as u32);
        if is_ignorable(c) {
            continue;
        }
        let c = if mixed[k] { latin_lookalike(c).unwrap_or(c) } else { c };
        let mut push = |ch: char| {
            for l in ch.to_lowercase() {
                let before = text.len();
                text.push(l);
                map.extend(std::iter::repeat_n(o as u32, text.len() - before));
            }
        };
        if c.is_ascii() {
            push(c);
        } else if matches!(c, '’' | 'ʼ' | '‘' | '`' | '´') {
            push('\'');
        } else {
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    push(d)
                }
            });
        }
    }
    original.push(s.len() as u32);
    Folded { text, map, original }
}

/// Folds one word to its lookup key: lowercase, compatibility-decomposed, without combining marks.
pub(crate) fn fold_word(s: &str) -> String {
    fold(s).text
}

/// The Latin letter a Cyrillic or Greek letter (or letter-like symbol) is drawn like, if any.
pub(crate) fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'І' | 'Ι' => 'I',
        'Ѕ' => 'S',
        'Ј' => 'J',
        'Ζ' => 'Z',
        'Ν' => 'N',
        'а' | 'α' => 'a',
        'е' | '℮' => 'e',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'η' => 'n',
        'ν' => 'v',
        'κ' => 'k',
        'τ' => 't',
        _ => return None,
    })
}

/// Whether a folded character is part of a word for boundary checks.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_spans() {
        let s = "Schöne RUMÄNISCHE Lady";
        let f = fold(s);
        assert_eq!(f.text, "schone rumanische lady");
        let at = f.text.find("rumanische").unwrap();
        let (a, b) = f.span(at, at + "rumanische".len());
        assert_eq!(&s[a..b], "RUMÄNISCHE");
    }

    #[test]
    fn mixed_script_words_are_mapped_but_russian_stays() {
        assert_eq!(fold("sеxy").text, "sexy"); // Cyrillic е inside a Latin word
        assert_eq!(fold("семь").text, "семь");
        assert_eq!(fold("a\u{FE0F}b").text, "ab");
    }
}
