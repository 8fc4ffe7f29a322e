//! FollowTheMoney-compatible entities.
//!
//! The schemata and their properties are data: `ftm_schema.json` was dumped from the reference
//! `followthemoney` package (4.11.2, MIT licence) with `theseus-model`'s list of schemata, so the names and
//! property types here are exactly the ones `ftm validate` checks. `Advertisement` is Theseus's own schema
//! (FtM has none) and is exported to FtM as an `Article` that keeps its text, dates and contact details.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::Provenance;

/// The type of an FtM property, which decides how its values are normalised and validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropType {
    /// A reference to another entity by id.
    Entity,
    /// A name of a person or organisation.
    Name,
    /// An ISO 8601 date or date-time prefix.
    Date,
    /// An E.164 phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// An IBAN.
    Iban,
    /// An ISO 3166-1 alpha-2 country (lowercase in FtM).
    Country,
    /// A SWIFT BIC (ISO 9362): 8 characters, or 11 with a branch; the branch `XXX` means the head office.
    Bic,
    /// A number.
    Number,
    /// Anything else that FtM treats as free text.
    Text,
}

impl PropType {
    fn from_ftm(name: &str) -> PropType {
        match name {
            "entity" => PropType::Entity,
            "name" => PropType::Name,
            "date" => PropType::Date,
            "phone" => PropType::Phone,
            "email" => PropType::Email,
            "iban" => PropType::Iban,
            "country" => PropType::Country,
            "number" => PropType::Number,
            _ => PropType::Text,
        }
    }
}

/// A property of a schema.
#[derive(Debug, Clone)]
pub struct Property {
    /// The FtM property name, e.g. `birthDate`.
    pub name: String,
    /// Its type.
    pub kind: PropType,
    /// For entity references, the schema the target must have (or extend).
    pub range: Option<String>,
}

/// An FtM schema such as `Person` or `Payment`.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The schema's name.
    pub name: String,
    /// Abstract schemata (Thing, LegalEntity is not) cannot be instantiated.
    pub is_abstract: bool,
    /// For interval schemata that are edges (Payment, Ownership…), the source and target properties.
    pub edge: Option<(String, String)>,
    /// Schemata this one extends, directly.
    pub extends: Vec<String>,
    /// All properties, inherited ones included.
    pub properties: HashMap<String, Property>,
}

#[derive(Deserialize)]
struct RawProp {
    #[serde(rename = "type")]
    kind: String,
    range: Option<String>,
}

#[derive(Deserialize)]
struct RawSchema {
    #[serde(rename = "abstract")]
    is_abstract: bool,
    edge: Option<(String, String)>,
    extends: Vec<String>,
    props: BTreeMap<String, RawProp>,
}

/// The name of Theseus's own schema for online advertisements.
pub const ADVERTISEMENT: &str = "Advertisement";

static SCHEMATA: LazyLock<HashMap<String, Schema>> = LazyLock::new(|| {
    let raw: BTreeMap<String, RawSchema> =
        serde_json::from_str(include_str!("ftm_schema.json")).expect("embedded FtM schema is valid JSON");
    let mut out: HashMap<String, Schema> = raw
        .into_iter()
        .map(|(name, r)| {
            let properties = r
                .props
                .into_iter()
                .map(|(p, rp)| (p.clone(), Property { name: p, kind: PropType::from_ftm(&rp.kind), range: rp.range }))
                .collect();
            let s =
                Schema { name: name.clone(), is_abstract: r.is_abstract, edge: r.edge, extends: r.extends, properties };
            (name, s)
        })
        .collect();
    // Advertisement: an Article with the fields ad sites hold.
    let mut ad = out.get("Article").expect("Article in embedded schema").clone();
    ad.name = ADVERTISEMENT.to_string();
    ad.extends = vec!["Article".to_string()];
    for (p, kind) in [
        ("site", PropType::Text),
        ("adId", PropType::Text),
        ("posterAccount", PropType::Text),
        ("city", PropType::Text),
        ("phone", PropType::Phone),
        ("email", PropType::Email),
        ("imageHash", PropType::Text),
        ("postedAt", PropType::Date),
    ] {
        ad.properties.insert(p.to_string(), Property { name: p.to_string(), kind, range: None });
    }
    out.insert(ADVERTISEMENT.to_string(), ad);
    out
});

impl Schema {
    /// Looks a schema up by name.
    pub fn get(name: &str) -> Option<&'static Schema> {
        SCHEMATA.get(name)
    }

    /// Whether this schema is `other` or extends it, directly or not.
    pub fn is_a(&self, other: &str) -> bool {
        self.name == other || self.extends.iter().any(|e| Schema::get(e).is_some_and(|s| s.is_a(other)))
    }

    /// The names of all schemata this build knows.
    pub fn names() -> Vec<&'static str> {
        let mut v: Vec<&str> = SCHEMATA.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// An entity: an FtM object plus where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The id its source gave it, or an FtM-style hashed id for entities Theseus creates.
    pub id: String,
    /// The schema name.
    pub schema: String,
    /// Property values, FtM-style: every property holds a list of strings.
    pub properties: BTreeMap<String, Vec<String>>,
    /// Where the entity came from.
    pub provenance: Provenance,
}

/// Why an entity does not fit its schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// The schema name is unknown or abstract.
    #[error("unknown or abstract schema '{0}'")]
    Schema(String),
    /// The schema has no such property.
    #[error("schema {schema} has no property '{prop}'")]
    Property {
        /// The schema.
        schema: String,
        /// The property.
        prop: String,
    },
    /// A value does not fit the property's type.
    #[error("{prop}: {reason}")]
    Value {
        /// The property.
        prop: String,
        /// Why.
        reason: String,
    },
}

impl Entity {
    /// The schema definition.
    pub fn schema_def(&self) -> Option<&'static Schema> {
        Schema::get(&self.schema)
    }

    /// First value of a property.
    pub fn first(&self, prop: &str) -> Option<&str> {
        self.properties.get(prop).and_then(|v| v.first()).map(String::as_str)
    }

    /// All values of a property.
    pub fn values(&self, prop: &str) -> &[String] {
        self.properties.get(prop).map_or(&[], Vec::as_slice)
    }

    /// Adds a value, skipping empty strings and duplicates.
    pub fn add(&mut self, prop: &str, value: impl Into<String>) {
        let v = value.into();
        if v.trim().is_empty() {
            return;
        }
        let list = self.properties.entry(prop.to_string()).or_default();
        if !list.contains(&v) {
            list.push(v);
        }
    }

    /// A human caption: the first name-like property, else the schema and id.
    pub fn caption(&self) -> String {
        for p in ["name", "title", "full", "accountNumber", "iban", "number", "registrationNumber", "publicKey"] {
            if let Some(v) = self.first(p) {
                return v.to_string();
            }
        }
        format!("{} {}", self.schema, &self.id[..8.min(self.id.len())])
    }

    /// Checks the schema and every property name; values are normalised by [`Entity::normalise`].
    pub fn check_schema(&self) -> Result<&'static Schema, SchemaError> {
        let s = self.schema_def().filter(|s| !s.is_abstract).ok_or_else(|| SchemaError::Schema(self.schema.clone()))?;
        for p in self.properties.keys() {
            if !s.properties.contains_key(p) {
                return Err(SchemaError::Property { schema: self.schema.clone(), prop: p.clone() });
            }
        }
        Ok(s)
    }

    /// Normalises typed values in place (phones to E.164, e-mails lowercased, IBANs compacted, countries to
    /// lowercase alpha-2, dates checked). Values that cannot be normalised are returned as errors and removed
    /// from the entity, so that what remains is valid FtM; the caller records the errors.
    pub fn normalise(&mut self, default_region: Option<&str>) -> Vec<SchemaError> {
        let Ok(schema) = self.check_schema() else {
            return vec![SchemaError::Schema(self.schema.clone())];
        };
        let mut errors = Vec::new();
        for (prop, values) in self.properties.iter_mut() {
            // FtM gives some identifier properties a format of their own; normalise them as FtM does.
            let kind = match prop.as_str() {
                "iban" | "ibanMentioned" => PropType::Iban,
                "bic" | "swiftBic" => PropType::Bic,
                _ => schema.properties[prop].kind,
            };
            let mut kept = Vec::with_capacity(values.len());
            for v in values.drain(..) {
                match normalise_value(kind, &v, default_region) {
                    Ok(n) if !n.is_empty() => {
                        if !kept.contains(&n) {
                            kept.push(n)
                        }
                    }
                    Ok(_) => {}
                    Err(reason) => errors.push(SchemaError::Value { prop: prop.clone(), reason }),
                }
            }
            *values = kept;
        }
        self.properties.retain(|_, v| !v.is_empty());
        errors
    }
}

fn normalise_value(kind: PropType, v: &str, region: Option<&str>) -> Result<String, String> {
    use crate::normalize as n;
    let v = v.trim();
    match kind {
        PropType::Phone => n::phone(v, region),
        PropType::Email => n::email(v),
        PropType::Iban => n::iban(v),
        PropType::Bic => {
            let b: String = v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
            match b.len() {
                8 => Ok(b),
                11 if b.ends_with("XXX") => Ok(b[..8].to_string()),
                11 => Ok(b),
                _ => Err(format!("'{v}' is not a BIC")),
            }
        }
        PropType::Country => n::country(v).map(|c| c.to_lowercase()),
        // FtM stores zoned times in UTC without an offset; the evidence file keeps the original.
        PropType::Date => check_date(v).map(|()| match v.parse::<crate::Timestamp>() {
            Ok(ts @ crate::Timestamp::Zoned(_)) => crate::ftm::ftm_date(&ts),
            _ => v.to_string(),
        }),
        PropType::Name => Ok(n::name(v)),
        PropType::Number => {
            v.replace(',', "").parse::<f64>().map(|_| v.to_string()).map_err(|_| format!("'{v}' is not a number"))
        }
        PropType::Entity | PropType::Text => Ok(v.to_string()),
    }
}

/// Accepts the ISO 8601 prefixes FtM accepts: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and date-times.
fn check_date(v: &str) -> Result<(), String> {
    use chrono::NaiveDate;
    let bad = || format!("'{v}' is not an ISO 8601 date");
    let date_part = v.get(..10.min(v.len())).ok_or_else(bad)?;
    match date_part.len() {
        4 => date_part.parse::<u16>().map(|_| ()).map_err(|_| bad()),
        7 => NaiveDate::parse_from_str(&format!("{date_part}-01"), "%Y-%m-%d").map(|_| ()).map_err(|_| bad()),
        10 => {
            NaiveDate::parse_from_str(date_part, "%Y-%m-%d").map_err(|_| bad())?;
            if v.len() > 10 { v.parse::<crate::Timestamp>().map(|_| ()).map_err(|_| bad()) } else { Ok(()) }
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Locator, Provenance};

    fn prov() -> Provenance {
        Provenance {
            sha256: "00".repeat(32),
            file_name: "t.jsonl".into(),
            locator: Locator::Line { line: 1 },
            extractor: "test".into(),
            extractor_version: "0".into(),
            ingested_at: chrono::Utc::now(),
            batch: 0,
        }
    }

    #[test]
    fn schemata_are_loaded_with_inheritance() {
        let p = Schema::get("Person").unwrap();
        assert!(p.properties.contains_key("birthDate"));
        assert!(p.properties.contains_key("phone"));
        assert!(p.is_a("LegalEntity"));
        assert_eq!(Schema::get("Payment").unwrap().edge, Some(("payer".into(), "beneficiary".into())));
        assert!(Schema::get(ADVERTISEMENT).unwrap().is_a("Article"));
    }

    #[test]
    fn normalise_fixes_and_reports() {
        let mut e =
            Entity { id: "p1".into(), schema: "Person".into(), properties: BTreeMap::new(), provenance: prov() };
        e.add("phone", "0176 1234 5678");
        e.add("email", "not-an-email");
        e.add("country", "Romania");
        e.add("birthDate", "1990-13-01");
        let errs = e.normalise(Some("DE"));
        assert_eq!(e.values("phone"), ["+4917612345678"]);
        assert_eq!(e.values("country"), ["ro"]);
        assert!(e.values("email").is_empty());
        assert_eq!(errs.len(), 2, "{errs:?}");
        e.add("nonsense", "x");
        assert!(matches!(e.check_schema(), Err(SchemaError::Property { .. })));
    }
}
