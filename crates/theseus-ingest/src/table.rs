//! Rows of text cells from a CSV or xlsx file: what bank profiles and entity mappings both read.

use theseus_model::Locator;

use crate::{Diagnostic, FileError, Severity, Source, snippet, text};

/// How to cut a file into rows.
#[derive(Debug, Clone)]
pub struct TableSpec {
    /// Profile or mapping name, for messages.
    pub name: String,
    /// CSV or xlsx.
    pub format: crate::profile::Format,
    /// Text encoding label (CSV).
    pub encoding: String,
    /// Field delimiter (CSV).
    pub delimiter: u8,
    /// Lines or rows above the header.
    pub skip_rows: usize,
    /// Sheet (xlsx).
    pub sheet: Option<String>,
}

/// A delimiter as written in a profile or mapping: one ASCII character, or `\t` / `tab`.
pub fn parse_delimiter(d: &str) -> Option<u8> {
    match d {
        "\\t" | "\t" | "tab" => Some(b'\t'),
        d if d.len() == 1 && d.is_ascii() => Some(d.as_bytes()[0]),
        _ => None,
    }
}

/// One row as strings, with where it was.
pub(crate) struct Row {
    pub locator: Locator,
    pub cells: Vec<String>,
    pub raw: String,
}

/// The header row, the data rows, and the rows that could not be read at all.
pub(crate) type Table = (Vec<String>, Vec<Row>, Vec<Diagnostic>);

fn unreadable(src: &Source<'_>, reason: impl Into<String>) -> FileError {
    FileError::Unreadable { file: src.file_name.clone(), reason: reason.into() }
}

/// Reads a whole file into rows.
pub(crate) fn read(src: &Source<'_>, spec: &TableSpec) -> Result<Table, FileError> {
    match spec.format {
        crate::profile::Format::Csv => csv_rows(src, spec),
        crate::profile::Format::Xlsx => xlsx_rows(src, spec),
    }
}

fn csv_rows(src: &Source<'_>, spec: &TableSpec) -> Result<Table, FileError> {
    if text::looks_binary(src.bytes) {
        return Err(unreadable(
            src,
            "binary data, not a CSV text file (wrong file, or a spreadsheet that needs an xlsx profile?)",
        ));
    }
    let (text, had_errors) = text::decode(src.bytes, &spec.encoding).map_err(|e| unreadable(src, e))?;
    let mut diags = Vec::new();
    // Skip preamble lines, keeping line numbers true to the file.
    let mut rest = text.as_str();
    for _ in 0..spec.skip_rows {
        match rest.find('\n') {
            Some(i) => rest = &rest[i + 1..],
            None => {
                return Err(unreadable(
                    src,
                    format!("file ends within the {} preamble lines the profile skips", spec.skip_rows),
                ));
            }
        }
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(spec.delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(rest.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| unreadable(src, format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    // Line numbers are counted here from byte offsets: the csv crate's own count is one short on CRLF files.
    let newlines: Vec<usize> = rest.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
    let line_at = |byte: u64| spec.skip_rows as u64 + 1 + newlines.partition_point(|&n| (n as u64) < byte) as u64;
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        let start = rdr.position().byte();
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = rec.position().map_or(start, |p| p.byte());
                // After a CRLF record the reader stands on the '\n': the record starts after it.
                while rest.as_bytes().get(start as usize).is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    start += 1;
                }
                let end = rdr.position().byte();
                let line = line_at(start);
                if rec.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                // The record exactly as the file has it, quotes included.
                let raw =
                    rest.get(start as usize..end as usize).unwrap_or("").trim_end_matches(['\r', '\n']).to_string();
                if had_errors && raw.contains('\u{fffd}') {
                    diags.push(Diagnostic {
                        file: src.file_name.clone(),
                        locator: Locator::Line { line },
                        severity: Severity::Rejected,
                        reason: format!(
                            "bytes that are not valid {} (is the profile's encoding right?)",
                            spec.encoding
                        ),
                        raw: snippet(&raw),
                    });
                    continue;
                }
                rows.push(Row {
                    locator: Locator::Line { line },
                    cells: rec.iter().map(str::to_string).collect(),
                    raw,
                });
            }
            Err(e) => {
                diags.push(Diagnostic {
                    file: src.file_name.clone(),
                    locator: Locator::Line { line: line_at(e.position().map_or(start, |p| p.byte())) },
                    severity: Severity::Rejected,
                    reason: format!("unreadable CSV record: {e}"),
                    raw: String::new(),
                });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok((header, rows, diags))
}

fn xlsx_rows(src: &Source<'_>, spec: &TableSpec) -> Result<Table, FileError> {
    use calamine::{Data, Reader as _, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(src.bytes))
        .map_err(|e| unreadable(src, format!("not an xlsx workbook: {e}")))?;
    let sheet = match &spec.sheet {
        Some(s) => s.clone(),
        None => wb.sheet_names().first().cloned().ok_or_else(|| unreadable(src, "workbook has no sheets"))?,
    };
    let range = wb.worksheet_range(&sheet).map_err(|e| unreadable(src, format!("sheet '{sheet}': {e}")))?;
    let start_row = range.start().map_or(0, |(r, _)| r as u64);
    let mut iter = range.rows().enumerate().skip(spec.skip_rows);
    let header: Vec<String> = match iter.next() {
        Some((_, r)) => r.iter().map(|c| c.to_string().trim().to_string()).collect(),
        None => return Err(unreadable(src, format!("sheet '{sheet}' has no header row"))),
    };
    let cell = |c: &Data| -> String {
        match c {
            Data::DateTime(d) => {
                d.as_datetime().map_or_else(|| c.to_string(), |dt| dt.format("%Y-%m-%dT%H:%M:%S").to_string())
            }
            Data::Float(f) => format!("{f}"),
            other => other.to_string(),
        }
    };
    let mut rows = Vec::new();
    for (i, r) in iter {
        let cells: Vec<String> = r.iter().map(cell).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let raw = cells.join(" | ");
        rows.push(Row { locator: Locator::Row { sheet: sheet.clone(), row: start_row + i as u64 + 1 }, cells, raw });
    }
    Ok((header, rows, Vec::new()))
}
