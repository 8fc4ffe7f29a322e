//! Typologies: weighted roll-ups of rule outcomes per subject and time window.
//!
//! A typology (sexual exploitation, labour exploitation, forced criminality, laundering of proceeds) names
//! the rules it rolls up and their weights. For each subject, it looks for the window of `window_days` in which
//! the distinct rules whose evidence falls inside weigh most: two red flags a year apart say less than two in
//! the same month. Hits without a date (shared identifiers, ad contacts) count in every window. The subject is
//! alerted under the typology when that best window holds at least `min_distinct` distinct rules and its
//! score, plus the subject's corroboration, reaches the typology's threshold — so no single rule ever makes
//! an alert (the design of Tazama's rules → typology → threshold, with FinCEN's "in combination").

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Config;
use crate::output::Hit;

/// One typology's outcome for one subject.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TypologyScore {
    /// Typology key, e.g. `sexual_exploitation`.
    pub typology: String,
    /// Title.
    pub title: String,
    /// Weighted sum of the distinct rules in the best window, before corroboration.
    pub score: f64,
    /// The threshold of the typology.
    pub threshold: f64,
    /// Whether the subject is alerted under this typology.
    pub alert: bool,
    /// The rules counted, with their weight in this typology.
    pub rules: Vec<(String, f64)>,
    /// First and last day of the best window (empty when only undated hits count).
    pub window: (String, String),
    /// How the score was made, in words.
    pub explained: String,
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// Scores every typology on a subject's hits; `corroboration` is added to each score before the threshold.
pub fn score(hits: &[Hit], corroboration: f64, config: &Config) -> Vec<TypologyScore> {
    let mut out = Vec::new();
    for (key, t) in &config.typologies {
        let members: Vec<(&Hit, f64)> = hits
            .iter()
            .filter(|h| {
                t.rules.contains(&h.code)
                    || config.custom.iter().any(|c| c.code == h.code && c.typologies.contains(key))
            })
            .map(|h| (h, config.typology_weight(t, &h.code)))
            .collect();
        if members.is_empty() {
            continue;
        }
        let dated: Vec<(NaiveDate, NaiveDate)> = members
            .iter()
            .filter_map(|(h, _)| Some((day(&h.period.0)?, day(&h.period.1).or(day(&h.period.0))?)))
            .collect();
        // Candidate windows start where some hit's evidence starts; a hit counts when its evidence overlaps.
        let mut starts: Vec<Option<NaiveDate>> = dated.iter().map(|d| Some(d.0)).collect();
        if starts.is_empty() {
            starts.push(None);
        }
        let span = chrono::Duration::days(t.window_days);
        let mut best: Option<(f64, BTreeMap<String, f64>, Option<NaiveDate>)> = None;
        for s in starts {
            let mut rules: BTreeMap<String, f64> = BTreeMap::new();
            for (h, w) in &members {
                let inside = match (s, day(&h.period.0)) {
                    (Some(s), Some(a)) => {
                        let b = day(&h.period.1).unwrap_or(a);
                        a <= s + span && b >= s
                    }
                    _ => true,
                };
                if inside {
                    let e = rules.entry(h.code.clone()).or_insert(0.0);
                    *e = e.max(*w);
                }
            }
            let sum: f64 = rules.values().sum();
            if best.as_ref().is_none_or(|(b, r, _)| sum > *b || sum == *b && rules.len() > r.len()) {
                best = Some((sum, rules, s));
            }
        }
        let (sum, rules, start) = best.expect("at least one window");
        let total = sum + corroboration;
        let alert = rules.len() >= config.min_distinct && total >= t.threshold;
        let window = match start {
            Some(s) => (s.to_string(), (s + span).to_string()),
            None => (String::new(), String::new()),
        };
        let listed = rules.iter().map(|(c, w)| format!("{c} ({w:.1})")).collect::<Vec<_>>().join(" + ");
        let mut explained = format!("{}: {listed} = {sum:.1}", t.title);
        if corroboration > 0.0 {
            explained.push_str(&format!(", +{corroboration:.0} corroboration = {total:.1}"));
        }
        if !window.0.is_empty() {
            explained.push_str(&format!(" within {} days from {}", t.window_days, window.0));
        }
        explained.push_str(&if alert {
            format!("; threshold {:.1} reached with {} distinct rules", t.threshold, rules.len())
        } else if rules.len() < config.min_distinct {
            format!(
                "; no alert: {} distinct rule(s), {} needed — red flags are read in combination",
                rules.len(),
                config.min_distinct
            )
        } else {
            format!("; no alert: below the threshold {:.1}", t.threshold)
        });
        out.push(TypologyScore {
            typology: key.clone(),
            title: t.title.clone(),
            score: sum,
            threshold: t.threshold,
            alert,
            rules: rules.into_iter().collect(),
            window,
            explained,
        });
    }
    out.sort_by(|a, b| b.alert.cmp(&a.alert).then(b.score.total_cmp(&a.score)).then(a.typology.cmp(&b.typology)));
    out
}
