//! Bank statements (CSV or xlsx) read through a mapping [`Profile`].

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use theseus_model::money::parse_decimal;
use theseus_model::{Channel, Currency, Direction, Locator, Timestamp, Transaction, ids, normalize};

use crate::profile::AmountSpec;
use crate::{Diagnostic, FileError, Parsed, Profile, Reader, Severity, Source, snippet};

/// Reads bank statements with one profile. `overrides` are constants given on the command line
/// (`--set account=DE89…`), which win over the profile's own constants.
#[derive(Debug, Clone)]
pub struct BankReader {
    profile: Profile,
    overrides: BTreeMap<String, String>,
}

use crate::table::{Row, Table};

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
        crate::table::read(src, &self.profile.table_spec())
    }
}

/// Column positions of the mapped fields.
struct Columns {
    idx: HashMap<String, Vec<usize>>,
    width: usize,
}

impl Columns {
    fn get<'r>(&self, row: &'r Row, field: &str) -> Option<std::borrow::Cow<'r, str>> {
        let cols = self.idx.get(field)?;
        let mut vals = cols.iter().filter_map(|&i| row.cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty());
        let first = vals.next()?;
        match vals.next() {
            None => Some(std::borrow::Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = format!("{first} {second}");
                for v in vals {
                    joined.push(' ');
                    joined.push_str(v);
                }
                Some(std::borrow::Cow::Owned(joined))
            }
        }
    }
}

impl Reader for BankReader {
    fn extractor(&self) -> String {
        format!("bank:{}@{}", self.profile.name, self.profile.digest)
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
        let mut wanted: Vec<(String, String)> = p
            .columns
            .iter()
            .flat_map(|(f, c)| c.headers().into_iter().map(move |h| (f.clone(), h.to_string())))
            .collect();
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
                Some(i) => idx.entry(field).or_insert_with(Vec::new).push(i),
                None if !missing.contains(&col) => missing.push(col),
                None => {}
            }
        }
        if !missing.is_empty() {
            return Err(mismatch(format!(
                "column(s) {} not in the header row (the row read as the header, after skipping {} line(s): {})",
                missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", "),
                p.skip_rows,
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
        let field = |f: &str| cols.get(row, f).map(|c| c.into_owned()).or_else(|| constant(f));
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
                let v = dec(&raw)?;
                (v.abs(), if v.is_sign_negative() { Direction::Debit } else { Direction::Credit })
            }
            AmountSpec::DebitCredit { .. } => match (cols.get(row, "@debit"), cols.get(row, "@credit")) {
                (Some(d), None) => (dec(&d)?.abs(), Direction::Debit),
                (None, Some(c)) => (dec(&c)?.abs(), Direction::Credit),
                (Some(d), Some(c)) => {
                    let (d, c) = (dec(&d)?, dec(&c)?);
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
                let dir = if credit_flags.iter().any(|f| f.eq_ignore_ascii_case(&flag)) {
                    Direction::Credit
                } else if debit_flags.iter().any(|f| f.eq_ignore_ascii_case(&flag)) {
                    Direction::Debit
                } else {
                    return Err(format!("debit/credit flag '{flag}' is neither {credit_flags:?} nor {debit_flags:?}"));
                };
                (dec(&raw)?.abs(), dir)
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
        // A country the normaliser does not know (a name in another language) costs the country, not the row.
        let cpty_country = match field("cpty_country") {
            Some(c) => match normalize::country(&c) {
                Ok(cc) => Some(cc),
                Err(reason) => {
                    flags.push(format!("counterparty country: {reason}; the country is left empty"));
                    None
                }
            },
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
        let channel = self.channel(cols.get(row, "channel").or(cols.get(row, "memo")).as_deref().unwrap_or(""));
        let geo = match (field("lat"), field("lon")) {
            (Some(a), Some(o)) => Some((
                a.parse::<f64>().map_err(|_| format!("latitude '{a}' is not a number"))?,
                o.parse::<f64>().map_err(|_| format!("longitude '{o}' is not a number"))?,
            )),
            _ => None,
        };
        let balance = match cols.get(row, "balance") {
            Some(b) => Some(dec(&b).map_err(|e| format!("balance: {e}"))?),
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
    // A format with an offset (%z, %:z) gives a zoned time that no profile time zone overrides.
    if fmt.contains("%z") || fmt.contains("%:z") || fmt.contains("%#z") {
        return chrono::DateTime::parse_from_str(raw, fmt)
            .map(Timestamp::Zoned)
            .map_err(|_| format!("date '{raw}' does not match the profile's format '{fmt}'"));
    }
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
