//! The indicator lexicon as data (`data/lexicon.toml`, embedded; a user file replaces it), the gazetteer of
//! cities (`data/cities.toml`), and the word matcher both use.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::text::{Folded, fold, fold_word, is_word_char};

/// The lexicon shipped with Theseus.
pub const DEFAULT_LEXICON: &str = include_str!("../data/lexicon.toml");
/// The gazetteer shipped with Theseus.
pub const DEFAULT_CITIES: &str = include_str!("../data/cities.toml");

/// An indicator: what a family of terms points to and how much it weighs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    /// Stable id, e.g. `trust`.
    pub id: String,
    /// A label for people.
    pub label: String,
    /// Weight in an ad's score.
    pub weight: f64,
    /// Reported but never scored, and never one of the distinct indicators an alert needs.
    #[serde(default)]
    pub context_only: bool,
    /// Whether a negation right before a term cancels it (default yes).
    #[serde(default = "yes")]
    pub negatable: bool,
    /// What the evidence for the indicator is.
    #[serde(default)]
    pub evidence: String,
}

fn yes() -> bool {
    true
}

/// A group of terms of one indicator and language.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermGroup {
    /// The indicator id.
    pub indicator: String,
    /// Language code, or `multi`.
    pub lang: String,
    /// The attribute value the terms stand for (an ethnicity, a service, incall/outcall).
    #[serde(default)]
    pub value: Option<String>,
    /// Overrides the indicator's weight for these terms.
    #[serde(default)]
    pub weight: Option<f64>,
    /// The terms; a trailing `*` matches any word ending.
    pub terms: Vec<String>,
}

/// A language and the names ads give it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageDef {
    /// ISO 639-1 code.
    pub code: String,
    /// Names in several languages.
    pub names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    indicator: Vec<IndicatorDef>,
    #[serde(default)]
    terms: Vec<TermGroup>,
    #[serde(default)]
    language: Vec<LanguageDef>,
}

/// A lexicon ready for matching.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// The indicators, in file order.
    pub indicators: Vec<IndicatorDef>,
    /// The term groups.
    pub groups: Vec<TermGroup>,
    /// The languages.
    pub languages: Vec<LanguageDef>,
    terms: Matcher,
    language_names: Matcher,
}

impl Lexicon {
    /// Parses a lexicon file (the format of `data/lexicon.toml`).
    pub fn from_toml(text: &str) -> Result<Lexicon, Error> {
        let f: LexiconFile = toml::from_str(text).map_err(|e| Error::Lexicon(e.to_string()))?;
        let mut seen = HashMap::new();
        for (i, d) in f.indicator.iter().enumerate() {
            if seen.insert(d.id.clone(), i).is_some() {
                return Err(Error::Lexicon(format!("indicator '{}' defined twice", d.id)));
            }
            if !d.weight.is_finite() || d.weight < 0.0 {
                return Err(Error::Lexicon(format!("indicator '{}' has a weight that is not ≥ 0", d.id)));
            }
        }
        let mut pats = vec![];
        for (gi, g) in f.terms.iter().enumerate() {
            if !seen.contains_key(&g.indicator) {
                return Err(Error::Lexicon(format!("terms name an unknown indicator '{}'", g.indicator)));
            }
            for t in &g.terms {
                pats.push((t.clone(), gi));
            }
        }
        let terms = Matcher::new(&pats)?;
        let names: Vec<(String, usize)> =
            f.language.iter().enumerate().flat_map(|(i, l)| l.names.iter().map(move |n| (n.clone(), i))).collect();
        let language_names = Matcher::new(&names)?;
        Ok(Lexicon { indicators: f.indicator, groups: f.terms, languages: f.language, terms, language_names })
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|d| d.id == id)
    }

    /// Term matches in folded text: (group index, folded start, folded end), negated ones removed.
    pub(crate) fn term_matches(&self, f: &Folded) -> Vec<(usize, usize, usize)> {
        self.terms
            .find(&f.text)
            .into_iter()
            .filter(|&(g, s, _)| {
                let ind = self.indicator(&self.groups[g].indicator);
                !(ind.is_none_or(|d| d.negatable) && negated(&f.text, s))
            })
            .collect()
    }

    /// Language-name matches in folded text: (language index, folded start, folded end).
    pub(crate) fn language_matches(&self, text: &str) -> Vec<(usize, usize, usize)> {
        self.language_names.find(text)
    }
}

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon::from_toml(DEFAULT_LEXICON).expect("the embedded lexicon is valid")
    }
}

/// Negations that cancel the term right after them ("ohne Agentur", "no teen").
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "ohne", "kein", "keine", "nicht", "sans", "pas", "sin", "senza", "fara", "bez", "без", "не",
];

/// Whether one of the two words before `at` (in the same clause) is a negation.
fn negated(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let clause = before.rfind(['.', '!', '?', ';', ',', '\n', '|']).map_or(before, |i| &before[i + 1..]);
    clause.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).rev().take(2).any(|w| NEGATIONS.contains(&w))
}

/// Whole-word matching of many folded patterns at once.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    /// Per pattern: payload, prefix match.
    meta: Vec<(usize, bool)>,
}

impl Matcher {
    pub(crate) fn new(patterns: &[(String, usize)]) -> Result<Matcher, Error> {
        let mut folded = vec![];
        let mut meta = vec![];
        for (p, payload) in patterns {
            let (p, prefix) = match p.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (p.as_str(), false),
            };
            let f = fold_word(p.trim());
            if f.is_empty() {
                continue;
            }
            folded.push(f);
            meta.push((*payload, prefix));
        }
        let ac = if folded.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&folded)
                    .map_err(|e| Error::Lexicon(e.to_string()))?,
            )
        };
        Ok(Matcher { ac, meta })
    }

    /// Matches on whole words: (payload, start, end) in `text`, which must be folded already. Of matches
    /// of one payload that overlap, the longest is kept.
    pub(crate) fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(ac) = &self.ac else { return vec![] };
        let mut out: Vec<(usize, usize, usize)> = vec![];
        for m in ac.find_overlapping_iter(text) {
            let (payload, prefix) = self.meta[m.pattern().as_usize()];
            let (s, mut e) = (m.start(), m.end());
            let pat = &text[s..e];
            let first_word = pat.chars().next().is_some_and(is_word_char);
            let last_word = pat.chars().next_back().is_some_and(is_word_char);
            if first_word && text[..s].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            if prefix {
                e += text[e..].chars().take_while(|&c| is_word_char(c)).map(char::len_utf8).sum::<usize>();
            } else if last_word && text[e..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            out.push((payload, s, e));
        }
        out.sort_by_key(|&(p, s, e)| (p, s, std::cmp::Reverse(e)));
        let mut kept: Vec<(usize, usize, usize)> = vec![];
        for m in out {
            if let Some(last) = kept.last()
                && last.0 == m.0
                && m.1 < last.2
            {
                continue;
            }
            kept.push(m);
        }
        kept.sort_by_key(|&(p, s, _)| (s, p));
        kept
    }
}

/// A city of the gazetteer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct City {
    /// The name.
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Latitude of the centre.
    pub lat: f64,
    /// Longitude of the centre.
    pub lon: f64,
    /// Other names (exonyms, spellings without diacritics).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether the name is matched in ad text (not when it is also a common word or name).
    #[serde(default = "yes")]
    pub text: bool,
}

#[derive(Deserialize)]
struct CitiesFile {
    city: Vec<City>,
}

/// Cities with coordinates: the locations of ads, distances between them, and city mentions in text.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// The cities.
    pub cities: Vec<City>,
    by_key: HashMap<String, usize>,
    mentions: Matcher,
}

impl Gazetteer {
    /// Parses a gazetteer file (the format of `data/cities.toml`).
    pub fn from_toml(text: &str) -> Result<Gazetteer, Error> {
        let f: CitiesFile = toml::from_str(text).map_err(|e| Error::Gazetteer(e.to_string()))?;
        let mut by_key = HashMap::new();
        let mut pats = vec![];
        for (i, c) in f.city.iter().enumerate() {
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                by_key.entry(fold_word(n.trim())).or_insert(i);
                if c.text {
                    pats.push((n.clone(), i));
                }
            }
        }
        Ok(Gazetteer { mentions: Matcher::new(&pats)?, cities: f.city, by_key })
    }

    /// The city a location field names ("Hamburg", "Wien", "Frankfurt am Main", "Berlin-Mitte").
    pub fn lookup(&self, name: &str) -> Option<&City> {
        self.index_of(name).map(|i| &self.cities[i])
    }

    /// [`Gazetteer::lookup`], as the index into `cities`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        let key = fold_word(name.trim());
        if let Some(&i) = self.by_key.get(&key) {
            return Some(i);
        }
        // "Berlin-Mitte", "Hamburg (St. Georg)", "Wien, 2. Bezirk": the first part.
        let head = key.split([',', '(', '-', '/']).next()?.trim();
        self.by_key.get(head).copied()
    }

    /// Cities named in folded text: (city index, folded start, folded end).
    pub(crate) fn mentions(&self, f: &Folded) -> Vec<(usize, usize, usize)> {
        self.mentions.find(&f.text)
    }
}

impl Default for Gazetteer {
    fn default() -> Gazetteer {
        Gazetteer::from_toml(DEFAULT_CITIES).expect("the embedded gazetteer is valid")
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: &City, b: &City) -> f64 {
    let (la1, lo1, la2, lo2) = (a.lat.to_radians(), a.lon.to_radians(), b.lat.to_radians(), b.lon.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Folds a text for matching (re-exported for the extractor).
pub(crate) fn fold_text(s: &str) -> Folded<'_> {
    fold(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads() {
        let l = Lexicon::default();
        assert!(l.indicator("trust").is_some_and(|d| d.weight >= 3.0));
        assert!(l.indicator("movement").is_some_and(|d| d.context_only && d.weight == 0.0));
        let g = Gazetteer::default();
        assert_eq!(g.lookup("Vienna").map(|c| c.name.as_str()), Some("Wien"));
        assert_eq!(g.lookup("frankfurt am main").map(|c| c.country.as_str()), Some("DE"));
        let (b, h) = (g.lookup("Berlin").unwrap(), g.lookup("Hamburg").unwrap());
        assert!((distance_km(b, h) - 255.0).abs() < 15.0, "{}", distance_km(b, h));
    }

    #[test]
    fn whole_words_prefixes_and_negation() {
        let l = Lexicon::default();
        let ids = |t: &str| -> Vec<String> {
            let f = fold(t);
            l.term_matches(&f).into_iter().map(|(g, _, _)| l.groups[g].indicator.clone()).collect()
        };
        assert!(ids("Rumänische Schönheit").contains(&"ethnicity".to_string()));
        assert!(!ids("Kantine").contains(&"youth".to_string()), "teen inside a word");
        assert!(ids("selbstständig und ohne Agentur").iter().all(|i| i != "third_party"));
        assert!(ids("Neue Agentur in Hamburg").iter().any(|i| i == "third_party"));
        assert!(ids("no teen please").iter().all(|i| i != "youth"));
        assert!(ids("✈️ new in town").iter().any(|i| i == "movement"));
    }

    #[test]
    fn user_lexicon_is_checked() {
        let bad = "[[indicator]]\nid='a'\nlabel='A'\nweight=1.0\n[[terms]]\nindicator='b'\nlang='en'\nterms=['x']\n";
        assert!(matches!(Lexicon::from_toml(bad), Err(Error::Lexicon(_))));
        let ok = "[[indicator]]\nid='a'\nlabel='A'\nweight=1.0\n[[terms]]\nindicator='a'\nlang='en'\nterms=['x y']\n";
        let l = Lexicon::from_toml(ok).unwrap();
        assert_eq!(l.term_matches(&fold("so X  Y")).len(), 0);
        assert_eq!(l.term_matches(&fold("so X Y")).len(), 1);
    }
}
