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
pub(crate) struct Folded<'a> {
    pub text: String,
    map: Vec<u32>,
    src: &'a str,
}

impl Folded<'_> {
    /// The span in the original text of folded bytes `start..end`.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end || end > self.map.len() {
            let s = self.map.get(start).copied().unwrap_or(0) as usize;
            return (s, s);
        }
        let s = self.map[start] as usize;
        // The end is the end of the original character the last folded byte came from.
        let last = self.map[end - 1] as usize;
        (s, last + self.src[last..].chars().next().map_or(0, char::len_utf8))
    }
}

/// Folds `s` (see [`Folded`]).
pub(crate) fn fold(s: &str) -> Folded<'_> {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    // Script of each word decides whether look-alike letters are mapped: only inside words that also hold
    // Latin letters, so that Russian and Greek text stays what it is. Most texts hold no look-alike at all.
    let mixed = if s.chars().any(|c| latin_lookalike(c).is_some()) { mixed_words(s) } else { vec![] };
    let mut next_mixed = mixed.iter().peekable();
    for (o, c) in s.char_indices() {
        if c.is_ascii() {
            text.push(c.to_ascii_lowercase());
            map.push(o as u32);
            continue;
        }
        if is_ignorable(c) {
            continue;
        }
        while next_mixed.peek().is_some_and(|&&(_, e)| e <= o) {
            next_mixed.next();
        }
        let in_mixed = next_mixed.peek().is_some_and(|&&(b, _)| b <= o);
        let c = if in_mixed { latin_lookalike(c).unwrap_or(c) } else { c };
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
    Folded { text, map, src: s }
}

/// Byte ranges of the words of `s` that mix Latin letters with look-alikes from other scripts.
fn mixed_words(s: &str) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut word: Option<(usize, bool, bool)> = None;
    for (o, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_alphabetic() {
            let w = word.get_or_insert((o, false, false));
            w.1 |= c.is_ascii_alphabetic();
            w.2 |= latin_lookalike(c).is_some();
        } else if let Some((b, latin, other)) = word.take()
            && latin
            && other
        {
            out.push((b, o));
        }
    }
    out
}

/// Folds one word to its lookup key: lowercase, compatibility-decomposed, without combining marks.
pub(crate) fn fold_word(s: &str) -> String {
    if s.is_ascii() { s.to_ascii_lowercase() } else { fold(s).text }
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

/// A regex whose word boundaries at the ends of the match are checked outside the automaton.
///
/// Unicode `\b` stops the regex crate's lazy DFA at the first non-ASCII byte, and ads are rarely ASCII
/// (umlauts, dashes, emoji), so every search fell back to the backtracking engines, fifteen times slower.
/// Here the leading boundary is a consumed `(?:^|\W)` and the trailing one is checked by hand, which the
/// DFA runs on any text with the same Unicode meaning of a word character.
pub(crate) struct WordRegex {
    re: regex::Regex,
    trail: bool,
}

/// One match of a [`WordRegex`]: group 0 is the match without the consumed boundary character.
pub(crate) struct WordMatch<'t> {
    text: &'t str,
    groups: Vec<Option<(usize, usize)>>,
}

/// A span of a [`WordMatch`], shaped like `regex::Match`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Span<'t> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

impl<'t> WordMatch<'t> {
    /// Group `i` (0 is the whole match).
    pub fn get(&self, i: usize) -> Option<Span<'t>> {
        self.groups.get(i).copied().flatten().map(|(start, end)| Span { text: self.text, start, end })
    }
}

impl WordRegex {
    /// `flags` such as `(?i)`; `core` must start with a word character wherever it matches (the leading
    /// boundary); with `trail`, a match ending in a word character must not be followed by one.
    pub(crate) fn new(flags: &str, core: &str, trail: bool) -> WordRegex {
        let re = regex::Regex::new(&format!(r"{flags}(?:^|\W)({core})")).expect("valid regex");
        WordRegex { re, trail }
    }

    /// The whole of every match, left to right.
    pub(crate) fn find_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Span<'t>> {
        self.captures_iter(text).into_iter().filter_map(|c| c.get(0))
    }

    /// Every match, left to right, not overlapping.
    pub(crate) fn captures_iter<'t>(&self, text: &'t str) -> Vec<WordMatch<'t>> {
        let mut out = vec![];
        let mut at = 0;
        while at <= text.len() {
            // The character before `at` may be the boundary of a word starting at `at`.
            let from = text[..at].chars().next_back().filter(|&p| !is_word_char(p)).map_or(at, |p| at - p.len_utf8());
            let Some(c) = self.re.captures_at(text, from) else { break };
            let core = c.get(1).expect("the core group");
            let (s, e) = (core.start(), core.end());
            let whole_end = c.get(0).expect("match").end();
            if self.trail
                && text[..e].chars().next_back().is_some_and(is_word_char)
                && text[e..].chars().next().is_some_and(is_word_char)
            {
                // Not at a word's end: look again one character further on.
                at = s + text[s..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let mut groups = vec![Some((s, e))];
            groups.extend((2..c.len()).map(|i| c.get(i).map(|m| (m.start(), m.end()))));
            out.push(WordMatch { text, groups });
            at = if whole_end > at { whole_end } else { at + text[at..].chars().next().map_or(1, char::len_utf8) };
        }
        out
    }
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
    fn word_regex_keeps_unicode_word_boundaries() {
        let re = WordRegex::new("(?i)", r"(sms|лет|âge)\s*(\d*)", true);
        let found = |t: &str| -> Vec<String> {
            re.captures_iter(t).iter().map(|c| c.get(0).unwrap().as_str().to_string()).collect()
        };
        assert_eq!(found("sms"), ["sms"]);
        assert_eq!(found("Nur SMS, sms!"), ["SMS", "sms"]);
        // Letters outside ASCII are word characters on both sides.
        assert_eq!(found("äsms smsä ёлет"), Vec::<String>::new());
        assert_eq!(found("мне 25 лет, Âge 25"), ["лет", "Âge 25"]);
        assert_eq!(found("🔥sms🔥"), ["sms"]);
        // A match rejected at its end does not hide one further on.
        assert_eq!(found("smsx sms"), ["sms"]);
        let c = &re.captures_iter("–âge 31")[0];
        assert_eq!((c.get(0).unwrap().start(), c.get(2).unwrap().as_str()), ("–".len(), "31"));
    }

    #[test]
    fn mixed_script_words_are_mapped_but_russian_stays() {
        assert_eq!(fold("sеxy").text, "sexy"); // Cyrillic е inside a Latin word
        assert_eq!(fold("семь").text, "семь");
        assert_eq!(fold("a\u{FE0F}b").text, "ab");
    }
}
