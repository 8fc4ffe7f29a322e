//! FollowTheMoney entity streams: one JSON object per line, `{"id", "schema", "properties"}`.

use std::collections::BTreeMap;

use theseus_model::{Entity, Locator};

use crate::{Diagnostic, FileError, Parsed, Reader, Severity, Source, snippet, text};

/// Reads FtM JSON lines.
#[derive(Debug, Clone, Default)]
pub struct FtmReader {
    /// Region for phone numbers written without a country code.
    pub default_region: Option<String>,
}

#[derive(serde::Deserialize)]
struct Line {
    id: Option<String>,
    schema: Option<String>,
    #[serde(default)]
    properties: BTreeMap<String, serde_json::Value>,
}

impl Reader for FtmReader {
    fn extractor(&self) -> String {
        "ftm".into()
    }

    fn read(&self, src: &Source<'_>) -> Result<Parsed, FileError> {
        if text::looks_binary(src.bytes) {
            return Err(FileError::Unreadable {
                file: src.file_name.clone(),
                reason: "binary data, not FtM JSON lines".into(),
            });
        }
        let (text, _) = text::decode(src.bytes, "utf-8")
            .map_err(|reason| FileError::Unreadable { file: src.file_name.clone(), reason })?;
        let mut out = Parsed::default();
        let mut seen_any_json = false;
        for (i, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            out.records_seen += 1;
            let locator = Locator::Line { line: i as u64 + 1 };
            let diag = |severity, reason: String| Diagnostic {
                file: src.file_name.clone(),
                locator: locator.clone(),
                severity,
                reason,
                raw: snippet(raw),
            };
            let line: Line = match serde_json::from_str(raw) {
                Ok(l) => {
                    seen_any_json = true;
                    l
                }
                Err(e) => {
                    out.diagnostics.push(diag(Severity::Rejected, format!("not a JSON object: {e}")));
                    continue;
                }
            };
            let (Some(id), Some(schema)) = (line.id.filter(|s| !s.trim().is_empty()), line.schema) else {
                out.diagnostics.push(diag(Severity::Rejected, "an FtM entity needs an 'id' and a 'schema'".into()));
                continue;
            };
            let mut properties = BTreeMap::new();
            let mut bad_shape = None;
            for (k, v) in line.properties {
                let vals: Vec<String> = match v {
                    serde_json::Value::Array(a) => a
                        .into_iter()
                        .filter_map(|x| match x {
                            serde_json::Value::String(s) => Some(s),
                            serde_json::Value::Number(n) => Some(n.to_string()),
                            _ => {
                                bad_shape = Some(k.clone());
                                None
                            }
                        })
                        .collect(),
                    serde_json::Value::String(s) => vec![s],
                    _ => {
                        bad_shape = Some(k.clone());
                        continue;
                    }
                };
                properties.insert(k, vals);
            }
            if let Some(k) = bad_shape {
                out.diagnostics.push(diag(Severity::Rejected, format!("property '{k}' must be a list of strings")));
                continue;
            }
            let mut e = Entity { id, schema, properties, provenance: src.provenance(locator.clone(), "ftm") };
            if let Err(err) = e.check_schema() {
                out.diagnostics.push(diag(Severity::Rejected, err.to_string()));
                continue;
            }
            for err in e.normalise(self.default_region.as_deref()) {
                out.diagnostics
                    .push(diag(Severity::Flagged, format!("value removed from the entity, kept here: {err}")));
            }
            out.entities.push(e);
        }
        if !seen_any_json && out.records_seen > 0 {
            return Err(FileError::Unreadable {
                file: src.file_name.clone(),
                reason: "no line is a JSON object: not an FtM entity stream".into(),
            });
        }
        Ok(out)
    }
}
