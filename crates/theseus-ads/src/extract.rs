//! Everything read from one ad: contacts, attributes, lexicon terms, indicators and the ad's score.

use serde::Serialize;
use theseus_model::Entity;

use crate::attrs::{self, Age, Language, Rate};
use crate::contact::{self, Mention};
use crate::phone::{self, PhoneMention};
use crate::{Config, lexicon};

/// The text properties of an `Advertisement` that are read, in this order.
pub const TEXT_FIELDS: [&str; 5] = ["title", "bodyText", "description", "summary", "notes"];

/// Something found in one text property of the ad; spans are byte offsets into that property's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found<T> {
    /// The property (`title`, `bodyText`, ...).
    pub field: &'static str,
    /// What was found, with its span.
    #[serde(flatten)]
    pub item: T,
}

/// A lexicon term found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermHit {
    /// The indicator the term belongs to.
    pub indicator: String,
    /// The attribute value (an ethnicity, a service, incall/outcall), if the term names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The language of the term's group.
    pub lang: String,
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// The text as written.
    pub raw: String,
}

/// A city named in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityMention {
    /// The gazetteer's name for it.
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// The text as written.
    pub raw: String,
}

/// One indicator present in an ad, with the words that show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorHit {
    /// The indicator id.
    pub id: String,
    /// Its weight in the score (0 for context-only indicators).
    pub weight: f64,
    /// Whether it is context only.
    pub context_only: bool,
    /// The texts that show it, as written.
    pub evidence: Vec<String>,
}

/// What was extracted from one ad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdExtraction {
    /// The entity id (`site.ad.X`).
    pub id: String,
    /// The site.
    pub site: Option<String>,
    /// The ad's id as the site gave it.
    pub ad_id: Option<String>,
    /// The city the ad is posted in, as given.
    pub city: Option<String>,
    /// The region used for phone numbers written without a country code.
    pub region: Option<String>,
    /// Phones found in the text.
    pub phones: Vec<Found<PhoneMention>>,
    /// Phones of the ad's `phone` property (a contact field of the export) not found in the text.
    pub phone_fields: Vec<String>,
    /// E-mails found in the text.
    pub emails: Vec<Found<Mention>>,
    /// E-mails of the ad's `email` property not found in the text.
    pub email_fields: Vec<String>,
    /// Messaging handles.
    pub handles: Vec<Found<Mention>>,
    /// Messaging channels named (WhatsApp, SMS, ...).
    pub channels: Vec<String>,
    /// Websites.
    pub urls: Vec<Found<Mention>>,
    /// Crypto addresses.
    pub crypto: Vec<Found<Mention>>,
    /// Stated ages.
    pub ages: Vec<Found<Age>>,
    /// Stated ethnicities or origins (values of the `ethnicity` terms).
    pub ethnicities: Vec<String>,
    /// Languages spoken.
    pub languages: Vec<Found<Language>>,
    /// Rates.
    pub rates: Vec<Found<Rate>>,
    /// Services (values of `service` and `risky_services` terms).
    pub services: Vec<String>,
    /// `incall`, `outcall`.
    pub venue: Vec<String>,
    /// Cities named in the text.
    pub cities: Vec<Found<CityMention>>,
    /// Every lexicon term found (movement mentions are those of indicator `movement`).
    pub terms: Vec<Found<TermHit>>,
    /// Indicators present, scored ones first.
    pub indicators: Vec<IndicatorHit>,
    /// Weighted sum of the distinct scored indicators.
    pub score: f64,
    /// Whether the ad alerts: at least `min_distinct_indicators` distinct scored indicators and a score of
    /// at least `alert_score`.
    pub alert: bool,
}

impl AdExtraction {
    /// All phones of the ad in E.164: found in the text, then given as a field.
    pub fn all_phones(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.phones.iter().map(|p| p.item.e164.as_str()).collect();
        v.extend(self.phone_fields.iter().map(String::as_str));
        v.sort_unstable();
        v.dedup();
        v
    }

    /// All e-mails of the ad, lowercased.
    pub fn all_emails(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.emails.iter().map(|p| p.item.value.as_str()).collect();
        v.extend(self.email_fields.iter().map(String::as_str));
        v.sort_unstable();
        v.dedup();
        v
    }
}

fn found<T>(field: &'static str, item: T) -> Found<T> {
    Found { field, item }
}

/// Extracts everything from one `Advertisement` entity.
pub fn extract(ad: &Entity, config: &Config) -> AdExtraction {
    let city = ad.first("city").map(str::to_string);
    let region = city
        .as_deref()
        .and_then(|c| config.gazetteer.lookup(c))
        .map(|c| c.country.clone())
        .or_else(|| ad.first("country").map(str::to_uppercase))
        .or_else(|| config.default_region.clone());
    let mut x = AdExtraction {
        id: ad.id.clone(),
        site: ad.first("site").map(str::to_string),
        ad_id: ad.first("adId").map(str::to_string),
        city,
        region: region.clone(),
        phones: vec![],
        phone_fields: vec![],
        emails: vec![],
        email_fields: vec![],
        handles: vec![],
        channels: vec![],
        urls: vec![],
        crypto: vec![],
        ages: vec![],
        ethnicities: vec![],
        languages: vec![],
        rates: vec![],
        services: vec![],
        venue: vec![],
        cities: vec![],
        terms: vec![],
        indicators: vec![],
        score: 0.0,
        alert: false,
    };
    let lex = &config.lexicon;
    for field in TEXT_FIELDS {
        for text in ad.values(field) {
            x.phones.extend(phone::extract_phones(text, region.as_deref()).into_iter().map(|i| found(field, i)));
            let emails = contact::emails(text);
            x.handles.extend(contact::handles(text, &emails).into_iter().map(|i| found(field, i)));
            x.urls.extend(contact::urls(text, &emails).into_iter().map(|i| found(field, i)));
            x.emails.extend(emails.into_iter().map(|i| found(field, i)));
            x.crypto.extend(contact::crypto(text).into_iter().map(|i| found(field, i)));
            for c in contact::channels(text) {
                if !x.channels.contains(&c) {
                    x.channels.push(c);
                }
            }
            x.ages.extend(attrs::ages(text).into_iter().map(|i| found(field, i)));
            x.rates.extend(attrs::rates(text).into_iter().map(|i| found(field, i)));
            x.languages.extend(attrs::languages(text, lex).into_iter().map(|i| found(field, i)));
            let f = lexicon::fold_text(text);
            for (g, s, e) in lex.term_matches(&f) {
                let (s, e) = f.span(s, e);
                let grp = &lex.groups[g];
                x.terms.push(found(
                    field,
                    TermHit {
                        indicator: grp.indicator.clone(),
                        value: grp.value.clone(),
                        lang: grp.lang.clone(),
                        start: s,
                        end: e,
                        raw: text[s..e].to_string(),
                    },
                ));
            }
            for (ci, s, e) in config.gazetteer.mentions(&f) {
                let (s, e) = f.span(s, e);
                let c = &config.gazetteer.cities[ci];
                x.cities.push(found(
                    field,
                    CityMention {
                        city: c.name.clone(),
                        country: c.country.clone(),
                        start: s,
                        end: e,
                        raw: text[s..e].to_string(),
                    },
                ));
            }
        }
    }
    let in_text = x.all_phones().into_iter().map(str::to_string).collect::<Vec<_>>();
    for p in ad.values("phone") {
        if !in_text.contains(p) && !x.phone_fields.contains(p) {
            x.phone_fields.push(p.clone());
        }
    }
    let mails = x.all_emails().into_iter().map(str::to_string).collect::<Vec<_>>();
    for m in ad.values("email") {
        let m = m.to_lowercase();
        if !mails.contains(&m) && !x.email_fields.contains(&m) {
            x.email_fields.push(m);
        }
    }
    for t in &x.terms {
        let list = match t.item.indicator.as_str() {
            "ethnicity" => &mut x.ethnicities,
            "service" | "risky_services" => &mut x.services,
            "venue" => &mut x.venue,
            _ => continue,
        };
        if let Some(v) = &t.item.value
            && !list.contains(v)
        {
            list.push(v.clone());
        }
    }
    score(&mut x, config);
    x
}

/// Collects the distinct indicators and scores the ad.
fn score(x: &mut AdExtraction, config: &Config) {
    let lex = &config.lexicon;
    let mut hits: Vec<IndicatorHit> = vec![];
    let mut add = |id: &str, weight: Option<f64>, evidence: &str| {
        let Some(def) = lex.indicator(id) else { return };
        let w = if def.context_only { 0.0 } else { weight.unwrap_or(def.weight) };
        match hits.iter_mut().find(|h| h.id == id) {
            Some(h) => {
                h.weight = h.weight.max(w);
                if !h.evidence.iter().any(|e| e == evidence) {
                    h.evidence.push(evidence.to_string());
                }
            }
            None => hits.push(IndicatorHit {
                id: id.to_string(),
                weight: w,
                context_only: def.context_only,
                evidence: vec![evidence.to_string()],
            }),
        }
    };
    for t in &x.terms {
        let group_weight = lex
            .groups
            .iter()
            .find(|g| g.indicator == t.item.indicator && g.lang == t.item.lang && g.value == t.item.value)
            .and_then(|g| g.weight);
        add(&t.item.indicator, group_weight, &t.item.raw);
    }
    for p in &x.phones {
        if !p.item.obfuscation.is_empty() {
            add("obscured_phone", None, &p.item.raw);
        }
    }
    for a in &x.ages {
        if a.item.years < 18 {
            add("stated_minor", None, &a.item.raw);
        }
    }
    hits.sort_by(|a, b| b.weight.total_cmp(&a.weight).then_with(|| a.id.cmp(&b.id)));
    let scored: Vec<&IndicatorHit> = hits.iter().filter(|h| !h.context_only && h.weight > 0.0).collect();
    x.score = scored.iter().map(|h| h.weight).sum();
    x.alert = scored.len() >= config.min_distinct_indicators && x.score >= config.alert_score;
    x.indicators = hits;
}
