//! Bank statements (CSV or xlsx) read through a mapping [`Profile`].

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use theseus_model::money::parse_decimal;
use theseus_model::{Channel, Currency, Direction, Locator, Timestamp, Transaction, ids, normalize};

use crate::profile::{AmountSpec, Format};
use crate::{Diagnostic, FileError, Parsed, Profile, Reader, Severity, Source, snippet, text};

/// Reads bank statements with one profile. `overrides` are constants given on the command line
/// (`--set account=DE89…`), which win over the profile's own constants.
#[derive(Debug, Clone)]
pub struct BankReader {
    profile: Profile,
    overrides: BTreeMap<String, String>,
}

/// A sheet of text cells: the header row, the data rows, and the rows that could not be read at all.
type Table = (Vec<String>, Vec<Row>, Vec<Diagnostic>);

/// One row as strings, with where it was.
struct Row {
    locator: Locator,
    cells: Vec<String>,
    raw: String,
}

impl BankReader {
    /// A reader for `profile`, with command-line constants.
    pub fn new(profile: Profile, overrides: BTreeMap<String, String>) -> Self {
        BankReader { profile, overrides }
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    fn rows(&self, src: &Source<'_>) -> Result<Table, FileError> {
        match self.profile.format {
            Format::Csv => self.csv_rows(src),
            Format::Xlsx => self.xlsx_rows(src),
        }
    }

    fn unreadable(&self, src: &Source<'_>, reason: impl Into<String>) -> FileError {
        FileError::Unreadable { file: src.file_name.clone(), reason: reason.into() }
    }

    fn csv_rows(&self, src: &Source<'_>) -> Result<Table, FileError> {
        if text::looks_binary(src.bytes) {
            return Err(self.unreadable(
                src,
                "binary data, not a CSV text file (wrong file, or a spreadsheet that needs an xlsx profile?)",
            ));
        }
        let (text, had_errors) =
            text::decode(src.bytes, &self.profile.encoding).map_err(|e| self.unreadable(src, e))?;
        let mut diags = Vec::new();
        // Skip preamble lines, keeping line numbers true to the file.
        let mut rest = text.as_str();
        for _ in 0..self.profile.skip_rows {
            match rest.find('\n') {
                Some(i) => rest = &rest[i + 1..],
                None => {
                    return Err(self.unreadable(
                        src,
                        format!("file ends within the {} preamble lines the profile skips", self.profile.skip_rows),
                    ));
                }
            }
        }
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(self.profile.delimiter_byte().unwrap_or(b','))
            .flexible(true)
            .has_headers(true)
            .from_reader(rest.as_bytes());
        let header: Vec<String> = rdr
            .headers()
            .map_err(|e| self.unreadable(src, format!("cannot read the header row: {e}")))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect();
        let line_offset = self.profile.skip_rows as u64;
        let mut rows = Vec::new();
        let mut rec = csv::StringRecord::new();
        loop {
            let line = line_offset + rdr.position().line();
            match rdr.read_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {
                    let line = rec.position().map_or(line, |p| line_offset + p.line());
                    let raw = rec.iter().collect::<Vec<_>>().join(&self.profile.delimiter.replace("\\t", "\t"));
                    if rec.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    if had_errors && raw.contains('\u{fffd}') {
                        diags.push(Diagnostic {
                            file: src.file_name.clone(),
                            locator: Locator::Line { line },
                            severity: Severity::Rejected,
                            reason: format!(
                                "bytes that are not valid {} (is the profile's encoding right?)",
                                self.profile.encoding
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
                        locator: Locator::Line { line: e.position().map_or(line + 1, |p| line_offset + p.line()) },
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

    fn xlsx_rows(&self, src: &Source<'_>) -> Result<Table, FileError> {
        use calamine::{Data, Reader as _, Xlsx};
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(src.bytes))
            .map_err(|e| self.unreadable(src, format!("not an xlsx workbook: {e}")))?;
        let sheet = match &self.profile.sheet {
            Some(s) => s.clone(),
            None => wb.sheet_names().first().cloned().ok_or_else(|| self.unreadable(src, "workbook has no sheets"))?,
        };
        let range = wb.worksheet_range(&sheet).map_err(|e| self.unreadable(src, format!("sheet '{sheet}': {e}")))?;
        let start_row = range.start().map_or(0, |(r, _)| r as u64);
        let mut iter = range.rows().enumerate().skip(self.profile.skip_rows);
        let header: Vec<String> = match iter.next() {
            Some((_, r)) => r.iter().map(|c| c.to_string().trim().to_string()).collect(),
            None => return Err(self.unreadable(src, format!("sheet '{sheet}' has no header row"))),
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
            rows.push(Row {
                locator: Locator::Row { sheet: sheet.clone(), row: start_row + i as u64 + 1 },
                cells,
                raw,
            });
        }
        Ok((header, rows, Vec::new()))
    }
}

/// Column positions of the mapped fields.
struct Columns {
    idx: HashMap<String, usize>,
    width: usize,
}

impl Columns {
    fn get<'r>(&self, row: &'r Row, field: &str) -> Option<&'r str> {
        self.idx.get(field).and_then(|&i| row.cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

impl Reader for BankReader {
    fn extractor(&self) -> String {
        format!("bank:{}", self.profile.name)
    }

    fn read(&self, src: &Source<'_>) -> Result<Parsed, FileError> {
        let (header, rows, mut diagnostics) = self.rows(src)?;
        let p = &self.profile;
        let mismatch = |reason: String| FileError::ProfileMismatch {
            file: src.file_name.clone(),
            profile: p.name.clone(),
            reason,
        };
        let mut idx = HashMap::new();
        let mut wanted: Vec<(String, String)> = p.columns.iter().map(|(f, c)| (f.clone(), c.clone())).collect();
        match &p.amount {
            AmountSpec::Signed { column } => wanted.push(("@amount".into(), column.clone())),
            AmountSpec::DebitCredit { debit_column, credit_column } => {
                wanted.push(("@debit".into(), debit_column.clone()));
                wanted.push(("@credit".into(), credit_column.clone()));
            }
            AmountSpec::Flag { column, flag_column, .. } => {
                wanted.push(("@amount".into(), column.clone()));
                wanted.push(("@flag".into(), flag_column.clone()));
            }
        }
        let mut missing = Vec::new();
        for (field, col) in wanted {
            match header.iter().position(|h| h.eq_ignore_ascii_case(&col)) {
                Some(i) => {
                    idx.insert(field, i);
                }
                None => missing.push(col),
            }
        }
        if !missing.is_empty() {
            return Err(mismatch(format!(
                "column(s) {} not in the header row (found: {})",
                missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", "),
                header.join(" | ")
            )));
        }
        let cols = Columns { idx, width: header.len() };
        let tz: Option<chrono_tz::Tz> = p.time.timezone.as_deref().and_then(|t| t.parse().ok());
        let extractor = self.extractor();
        let constant = |k: &str| self.overrides.get(k).or_else(|| p.constants.get(k)).cloned();

        let mut out = Parsed { records_seen: rows.len() as u64 + diagnostics.len() as u64, ..Parsed::default() };
        let mut seen_refs: HashMap<(String, String), Locator> = HashMap::new();
        let mut seen_rows: HashMap<String, Locator> = HashMap::new();
        for row in rows {
            let reject = |reason: String| Diagnostic {
                file: src.file_name.clone(),
                locator: row.locator.clone(),
                severity: Severity::Rejected,
                reason,
                raw: snippet(&row.raw),
            };
            if row.cells.len() < cols.width {
                diagnostics.push(reject(format!(
                    "row has {} fields, the header has {} (truncated or mis-delimited row)",
                    row.cells.len(),
                    cols.width
                )));
                continue;
            }
            if let Some(first) = seen_rows.get(&row.raw) {
                diagnostics.push(reject(format!("exact duplicate of {first} (duplicated row in the bank's export)")));
                continue;
            }
            seen_rows.insert(row.raw.clone(), row.locator.clone());
            let mut flags = Vec::new();
            match self.parse_row(&row, &cols, tz, &constant, &mut flags) {
                Ok(mut t) => {
                    t.provenance = src.provenance(row.locator.clone(), &extractor);
                    t.id = match &t.source_ref {
                        Some(r) => {
                            let key = (t.account.clone(), r.clone());
                            if let Some(first) = seen_refs.get(&key) {
                                diagnostics.push(reject(format!(
                                    "transaction reference '{r}' of account {} already used at {first}",
                                    t.account
                                )));
                                continue;
                            }
                            seen_refs.insert(key, row.locator.clone());
                            ids::make_id(["txn", &t.account, r])
                        }
                        None => ids::make_id(["txn", &src.sha256, &row.locator.to_string()]),
                    };
                    for f in flags {
                        diagnostics.push(Diagnostic {
                            file: src.file_name.clone(),
                            locator: row.locator.clone(),
                            severity: Severity::Flagged,
                            reason: f,
                            raw: snippet(&row.raw),
                        });
                    }
                    out.transactions.push(t);
                }
                Err(reason) => diagnostics.push(reject(reason)),
            }
        }
        out.diagnostics = diagnostics;
        Ok(out)
    }
}

impl BankReader {
    fn parse_row(
        &self,
        row: &Row,
        cols: &Columns,
        tz: Option<chrono_tz::Tz>,
        constant: &dyn Fn(&str) -> Option<String>,
        flags: &mut Vec<String>,
    ) -> Result<Transaction, String> {
        let p = &self.profile;
        let field = |f: &str| cols.get(row, f).map(str::to_string).or_else(|| constant(f));
        let dec = |raw: &str| parse_decimal(raw, p.number.decimal, p.number.thousands);

        // When.
        let date_raw = field("date").ok_or("no booking date")?;
        let ts = match (&p.time.time_format, field("time")) {
            (Some(tf), Some(time_raw)) => {
                let d = parse_date(&date_raw, &p.time.date_format)?;
                let t = NaiveTime::parse_from_str(&time_raw, tf)
                    .map_err(|_| format!("time '{time_raw}' does not match the profile's format '{tf}'"))?;
                Timestamp::Local(d.and_time(t))
            }
            _ => parse_date_time(&date_raw, &p.time.date_format)?,
        };
        let ts = match (ts, tz) {
            (Timestamp::Local(naive), Some(tz)) => match tz.from_local_datetime(&naive).earliest() {
                Some(z) => Timestamp::Zoned(z.fixed_offset()),
                None => return Err(format!("local time {naive} does not exist in {tz} (clock change)")),
            },
            (other, _) => other,
        };
        let value_date = match field("value_date") {
            Some(v) => Some(parse_date(&v, p.time.value_date_format.as_deref().unwrap_or(&p.time.date_format))?),
            None => None,
        };

        // How much and which way.
        let (amount, direction) = match &p.amount {
            AmountSpec::Signed { .. } => {
                let raw = cols.get(row, "@amount").ok_or("empty amount")?;
                let v = dec(raw)?;
                (v.abs(), if v.is_sign_negative() { Direction::Debit } else { Direction::Credit })
            }
            AmountSpec::DebitCredit { .. } => match (cols.get(row, "@debit"), cols.get(row, "@credit")) {
                (Some(d), None) => (dec(d)?.abs(), Direction::Debit),
                (None, Some(c)) => (dec(c)?.abs(), Direction::Credit),
                (Some(d), Some(c)) => {
                    let (d, c) = (dec(d)?, dec(c)?);
                    match (d.is_zero(), c.is_zero()) {
                        (false, true) => (d.abs(), Direction::Debit),
                        (true, false) => (c.abs(), Direction::Credit),
                        _ => return Err("both the debit and the credit column hold an amount".into()),
                    }
                }
                (None, None) => return Err("neither the debit nor the credit column holds an amount".into()),
            },
            AmountSpec::Flag { credit_flags, debit_flags, .. } => {
                let raw = cols.get(row, "@amount").ok_or("empty amount")?;
                let flag = cols.get(row, "@flag").ok_or("empty debit/credit flag")?;
                let dir = if credit_flags.iter().any(|f| f.eq_ignore_ascii_case(flag)) {
                    Direction::Credit
                } else if debit_flags.iter().any(|f| f.eq_ignore_ascii_case(flag)) {
                    Direction::Debit
                } else {
                    return Err(format!("debit/credit flag '{flag}' is neither {credit_flags:?} nor {debit_flags:?}"));
                };
                (dec(raw)?.abs(), dir)
            }
        };
        if amount.scale() > 8 {
            return Err(format!("amount {amount} has more than 8 decimal places"));
        }
        let currency_raw = field("currency").ok_or("no currency")?;
        let currency = Currency::from_str(&currency_raw).map_err(|e| e.to_string())?;

        // Whose.
        let account_raw = field("account").ok_or("no account")?;
        let (account, bad) = normalize::account(&account_raw);
        if let Some(reason) = bad {
            flags.push(format!("statement account: {reason}"));
        }
        let cpty_account = field("cpty_account").map(|raw| {
            let (n, bad) = normalize::account(&raw);
            if let Some(reason) = bad {
                flags.push(format!("counterparty account: {reason}"));
            }
            n
        });
        let cpty_country = match field("cpty_country") {
            Some(c) => Some(normalize::country(&c)?),
            None => None,
        };
        let mcc = match field("mcc") {
            Some(m) => Some(
                m.parse::<u16>()
                    .ok()
                    .filter(|v| *v <= 9999)
                    .ok_or_else(|| format!("MCC '{m}' is not a 4-digit code"))?,
            ),
            None => None,
        };
        let channel = self.channel(cols.get(row, "channel").or(cols.get(row, "memo")).unwrap_or(""));
        let geo = match (field("lat"), field("lon")) {
            (Some(a), Some(o)) => Some((
                a.parse::<f64>().map_err(|_| format!("latitude '{a}' is not a number"))?,
                o.parse::<f64>().map_err(|_| format!("longitude '{o}' is not a number"))?,
            )),
            _ => None,
        };
        let balance = match cols.get(row, "balance") {
            Some(b) => Some(dec(b).map_err(|e| format!("balance: {e}"))?),
            None => None,
        };
        Ok(Transaction {
            id: String::new(),
            source_ref: field("reference"),
            bank: field("bank"),
            account,
            account_holder: field("holder").map(|h| normalize::name(&h)),
            ts,
            value_date,
            amount,
            currency,
            direction,
            channel,
            merchant: field("merchant"),
            mcc,
            cpty_name: field("cpty_name").map(|h| normalize::name(&h)),
            cpty_account,
            cpty_bank: field("cpty_bank"),
            cpty_country,
            city: field("city"),
            branch: field("branch"),
            geo,
            device_id: field("device_id"),
            ip: field("ip"),
            memo: field("memo"),
            balance,
            provenance: placeholder_provenance(),
        })
    }

    fn channel(&self, text: &str) -> Channel {
        let lower = text.to_lowercase();
        self.profile
            .channel
            .rules
            .iter()
            .find(|(pat, _)| lower.contains(&pat.to_lowercase()))
            .and_then(|(_, ch)| Channel::parse(ch))
            .or_else(|| self.profile.channel.default.as_deref().and_then(Channel::parse))
            .unwrap_or(Channel::Other)
    }
}

fn placeholder_provenance() -> theseus_model::Provenance {
    theseus_model::Provenance {
        sha256: String::new(),
        file_name: String::new(),
        locator: Locator::File,
        extractor: String::new(),
        extractor_version: String::new(),
        ingested_at: chrono::DateTime::UNIX_EPOCH,
        batch: 0,
    }
}

fn parse_date(raw: &str, fmt: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw, fmt)
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S").map(|d| d.date()))
        .map_err(|_| format!("date '{raw}' does not match the profile's format '{fmt}'"))
}

/// A date that may carry a time: tries the format as a date-time, then as a date.
fn parse_date_time(raw: &str, fmt: &str) -> Result<Timestamp, String> {
    if let Ok(d) = NaiveDateTime::parse_from_str(raw, fmt) {
        return Ok(Timestamp::Local(d));
    }
    if let Ok(d) = NaiveDate::parse_from_str(raw, fmt) {
        return Ok(Timestamp::Date(d));
    }
    // Spreadsheet cells that hold real dates arrive in ISO form whatever the profile says.
    if let Ok(d) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S") {
        return Ok(Timestamp::Local(d));
    }
    Err(format!("date '{raw}' does not match the profile's format '{fmt}'"))
}
