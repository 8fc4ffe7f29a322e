//! Entity mappings: tables (CSV or xlsx) turned into FtM entities, one or more per row.
//!
//! The idea is FollowTheMoney's own mapping files: each row yields entities whose properties come from
//! columns, and entities of one row can point at each other. It reads what arrives as spreadsheets and has
//! no schema of its own: phone subscriber lists, call detail records, company registers. The format is
//! documented in `docs/mappings.md`; built-in mappings are listed by [`builtin`].

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use theseus_model::{Entity, Schema, ids};

use crate::profile::Format;
use crate::table::{self, TableSpec};
use crate::{Diagnostic, FileError, Parsed, Reader, Severity, Source, snippet};

/// A mapping from table rows to entities.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Short name, recorded in provenance as `mapping:<name>`.
    pub name: String,
    /// What it reads.
    #[serde(default)]
    pub description: String,
    /// `csv` or `xlsx`.
    #[serde(default = "csv")]
    pub format: Format,
    /// Text encoding (CSV).
    #[serde(default = "utf8")]
    pub encoding: String,
    /// Delimiter (CSV): one character or `\t`.
    #[serde(default = "comma")]
    pub delimiter: String,
    /// Lines or rows above the header.
    #[serde(default)]
    pub skip_rows: usize,
    /// Sheet (xlsx).
    pub sheet: Option<String>,
    /// Region for phone numbers without a country code.
    pub default_region: Option<String>,
    /// The entities each row makes.
    pub entities: Vec<EntitySpec>,
    /// First 8 hex digits of the SHA-256 of the mapping's text, recorded in provenance.
    #[serde(skip)]
    pub digest: String,
}

fn csv() -> Format {
    Format::Csv
}
fn utf8() -> String {
    "utf-8".into()
}
fn comma() -> String {
    ",".into()
}

/// One entity made from each row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    /// A name other entities of the row use to refer to this one.
    pub key: String,
    /// FtM schema.
    pub schema: String,
    /// Columns whose values identify the entity. The id is `<id_prefix>.<values joined by '.'>` (made a valid
    /// FtM id, see `ids::readable_id`) when a prefix is given, keeping the source's own identifiers readable;
    /// else an FtM-style hash of them. Some of the
    /// columns may be empty on a row, not all.
    pub id: Vec<String>,
    /// Prefix of the id.
    pub id_prefix: Option<String>,
    /// Property → column.
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// Property → constant value.
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    /// Property → key of another entity of the same row.
    #[serde(default)]
    pub references: BTreeMap<String, String>,
    /// Date property → chrono format of its column, when it is not ISO 8601.
    #[serde(default)]
    pub date_formats: BTreeMap<String, String>,
}

/// A mapping that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("mapping {origin}: {reason}")]
pub struct MappingError {
    /// File or built-in name.
    pub origin: String,
    /// Why.
    pub reason: String,
}

impl Mapping {
    /// Parses and checks a mapping against the FtM schemata.
    pub fn parse(text: &str, origin: &str) -> Result<Mapping, MappingError> {
        let err = |reason: String| MappingError { origin: origin.to_string(), reason };
        let mut m: Mapping = toml::from_str(text).map_err(|e| err(e.to_string().replace('\n', " ")))?;
        m.digest = ids::sha256_hex(text.as_bytes())[..8].to_string();
        let keys: Vec<&str> = m.entities.iter().map(|e| e.key.as_str()).collect();
        for e in &m.entities {
            let s = Schema::get(&e.schema)
                .filter(|s| !s.is_abstract)
                .ok_or_else(|| err(format!("unknown schema '{}'", e.schema)))?;
            for p in e.properties.keys().chain(e.constants.keys()).chain(e.references.keys()) {
                if !s.properties.contains_key(p) {
                    return Err(err(format!("schema {} has no property '{p}'", e.schema)));
                }
            }
            for (p, k) in &e.references {
                if !keys.contains(&k.as_str()) {
                    return Err(err(format!(
                        "property {p} refers to '{k}', which is not an entity key of this mapping"
                    )));
                }
            }
            if e.id.is_empty() {
                return Err(err(format!("entity '{}' needs at least one id column", e.key)));
            }
        }
        if m.delimiter_byte().is_none() {
            return Err(err(format!("delimiter '{}' must be one ASCII character or \\t", m.delimiter)));
        }
        Ok(m)
    }

    fn delimiter_byte(&self) -> Option<u8> {
        crate::table::parse_delimiter(&self.delimiter)
    }
}

/// Mappings shipped with Theseus: (name, TOML).
pub fn builtin() -> Vec<(&'static str, &'static str)> {
    vec![("subscribers", include_str!("../mappings/subscribers.toml")), ("cdr", include_str!("../mappings/cdr.toml"))]
}

/// Loads a built-in mapping by name or a mapping file by path.
pub fn load(name_or_path: &str) -> Result<Mapping, MappingError> {
    if let Some((_, t)) = builtin().into_iter().find(|(n, _)| *n == name_or_path) {
        return Mapping::parse(t, name_or_path);
    }
    let text = std::fs::read_to_string(name_or_path).map_err(|e| MappingError {
        origin: name_or_path.to_string(),
        reason: format!("not a built-in mapping and not a readable file: {e}"),
    })?;
    Mapping::parse(&text, name_or_path)
}

/// Reads tables through a mapping.
#[derive(Debug, Clone)]
pub struct MappingReader {
    mapping: Mapping,
}

impl MappingReader {
    /// A reader for the mapping.
    pub fn new(mapping: Mapping) -> Self {
        MappingReader { mapping }
    }
}

impl Reader for MappingReader {
    fn extractor(&self) -> String {
        format!("mapping:{}@{}", self.mapping.name, self.mapping.digest)
    }

    fn read(&self, src: &Source<'_>) -> Result<Parsed, FileError> {
        let m = &self.mapping;
        let spec = TableSpec {
            name: m.name.clone(),
            format: m.format,
            encoding: m.encoding.clone(),
            delimiter: m.delimiter_byte().unwrap_or(b','),
            skip_rows: m.skip_rows,
            sheet: m.sheet.clone(),
        };
        let (header, rows, mut diagnostics) = table::read(src, &spec)?;
        let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let mut missing = Vec::new();
        for e in &m.entities {
            for c in e.id.iter().chain(e.properties.values()) {
                if col(c).is_none() && !missing.contains(c) {
                    missing.push(c.clone());
                }
            }
        }
        if !missing.is_empty() {
            return Err(FileError::ProfileMismatch {
                file: src.file_name.clone(),
                profile: m.name.clone(),
                reason: format!(
                    "column(s) {} not in the header row (found: {})",
                    missing.join(", "),
                    header.join(" | ")
                ),
            });
        }
        let extractor = self.extractor();
        let mut out = Parsed { records_seen: (rows.len() + diagnostics.len()) as u64, ..Parsed::default() };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for row in rows {
            let get = |c: &str| col(c).and_then(|i| row.cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty());
            let diag = |severity, reason: String| Diagnostic {
                file: src.file_name.clone(),
                locator: row.locator.clone(),
                severity,
                reason,
                raw: snippet(&row.raw),
            };
            // Ids first, so that references can be filled.
            let mut row_ids: HashMap<&str, String> = HashMap::new();
            let mut bad = None;
            for e in &m.entities {
                // Empty id parts are allowed (a subscriber without a birth date); all empty is not.
                let vals: Vec<&str> = e.id.iter().map(|c| get(c).unwrap_or("")).collect();
                match Some(vals).filter(|v| v.iter().any(|x| !x.is_empty())) {
                    Some(v) => {
                        let id = match &e.id_prefix {
                            Some(p) => ids::readable_id(
                                &std::iter::once(p.as_str()).chain(v.iter().copied()).collect::<Vec<_>>(),
                            ),
                            None => ids::make_id(std::iter::once(e.schema.as_str()).chain(v.iter().copied())),
                        };
                        row_ids.insert(&e.key, id);
                    }
                    None => bad = Some(format!("no value in id column(s) {} of entity '{}'", e.id.join(", "), e.key)),
                }
            }
            if let Some(reason) = bad {
                out.diagnostics.push(diag(Severity::Rejected, reason));
                continue;
            }
            let mut row_entities = Vec::new();
            let mut rejected = None;
            for e in &m.entities {
                let mut ent = Entity {
                    id: row_ids[e.key.as_str()].clone(),
                    schema: e.schema.clone(),
                    properties: BTreeMap::new(),
                    provenance: src.provenance(row.locator.clone(), &extractor),
                };
                for (p, c) in &e.properties {
                    if let Some(v) = get(c) {
                        let v = match e.date_formats.get(p) {
                            Some(f) => match reformat_date(v, f) {
                                Ok(d) => d,
                                Err(reason) => {
                                    rejected = Some(format!("{p}: {reason}"));
                                    break;
                                }
                            },
                            None => v.to_string(),
                        };
                        ent.add(p, v);
                    }
                }
                for (p, v) in &e.constants {
                    ent.add(p, v.clone());
                }
                for (p, k) in &e.references {
                    ent.add(p, row_ids[k.as_str()].clone());
                }
                for err in ent.normalise(m.default_region.as_deref()) {
                    out.diagnostics.push(diag(
                        Severity::Flagged,
                        format!("value removed from {} {}, kept here: {err}", ent.schema, ent.id),
                    ));
                }
                row_entities.push(ent);
            }
            if let Some(reason) = rejected {
                out.diagnostics.push(diag(Severity::Rejected, reason));
                continue;
            }
            // An entity met on several rows (a subscriber with two numbers) is merged into its first occurrence.
            for ent in row_entities {
                match seen.get(&ent.id) {
                    Some(&i) => {
                        for (k, vs) in ent.properties {
                            for v in vs {
                                out.entities[i].add(&k, v);
                            }
                        }
                    }
                    None => {
                        seen.insert(ent.id.clone(), out.entities.len());
                        out.entities.push(ent);
                    }
                }
            }
        }
        out.diagnostics.append(&mut diagnostics);
        Ok(out)
    }
}

fn reformat_date(v: &str, fmt: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(v, fmt)
        .map(|d| d.to_string())
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(v, fmt).map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string()))
        .or_else(|_| chrono::DateTime::parse_from_str(v, fmt).map(|d| d.format("%Y-%m-%dT%H:%M:%S%:z").to_string()))
        .map_err(|_| format!("'{v}' does not match the date format '{fmt}'"))
}
