//! Evidence tables as Parquet files.
//!
//! Column layout is part of the workspace format: other tools read these files directly. Amounts are
//! `DECIMAL(38, 8)`; `ts` keeps the source's own ISO 8601 form (zone or none), `ts_local` is the wall-clock
//! time for queries, `utc_offset_s` is null when the source gave no zone.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{
    Decimal128Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{Array, ArrayRef, Decimal128Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::properties::WriterProperties;
use rust_decimal::Decimal;
use theseus_model::{Channel, Direction, Entity, Locator, Provenance, Timestamp, Transaction};

use crate::{Error, Result};

const SCALE: u32 = 8;

fn dec_type() -> DataType {
    DataType::Decimal128(38, SCALE as i8)
}

fn prov_fields() -> Vec<Field> {
    vec![
        Field::new("src_sha256", DataType::Utf8, false),
        Field::new("src_file", DataType::Utf8, false),
        Field::new("src_locator", DataType::Utf8, false),
        Field::new("extractor", DataType::Utf8, false),
        Field::new("extractor_version", DataType::Utf8, false),
        Field::new("ingested_at", DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())), false),
        Field::new("batch", DataType::Int64, false),
    ]
}

fn transaction_schema() -> Schema {
    let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
    let mut f = vec![
        s("id", false),
        s("source_ref", true),
        s("bank", true),
        s("account", false),
        s("account_holder", true),
        s("ts", false),
        Field::new("ts_local", DataType::Timestamp(TimeUnit::Microsecond, None), false),
        Field::new("utc_offset_s", DataType::Int32, true),
        s("value_date", true),
        Field::new("amount", dec_type(), false),
        s("currency", false),
        s("direction", false),
        s("channel", false),
        s("merchant", true),
        Field::new("mcc", DataType::Int32, true),
        s("cpty_name", true),
        s("cpty_account", true),
        s("cpty_bank", true),
        s("cpty_country", true),
        s("city", true),
        s("branch", true),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        s("device_id", true),
        s("ip", true),
        s("memo", true),
        Field::new("balance", dec_type(), true),
    ];
    f.extend(prov_fields());
    Schema::new(f)
}

fn entity_schema() -> Schema {
    let mut f = vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("schema", DataType::Utf8, false),
        Field::new("caption", DataType::Utf8, false),
        Field::new("properties", DataType::Utf8, false),
    ];
    f.extend(prov_fields());
    Schema::new(f)
}

fn to_i128(d: Decimal) -> Result<i128> {
    let mut d = d;
    d.rescale(SCALE);
    if d.scale() != SCALE {
        return Err(Error::Internal(format!("amount {d} does not fit {SCALE} decimal places")));
    }
    Ok(d.mantissa())
}

fn from_i128(v: i128) -> Decimal {
    Decimal::from_i128_with_scale(v, SCALE).normalize()
}

struct ProvCols {
    sha: StringBuilder,
    file: StringBuilder,
    loc: StringBuilder,
    ex: StringBuilder,
    exv: StringBuilder,
    at: TimestampMicrosecondBuilder,
    batch: Int64Builder,
}

impl ProvCols {
    fn new() -> Self {
        ProvCols {
            sha: StringBuilder::new(),
            file: StringBuilder::new(),
            loc: StringBuilder::new(),
            ex: StringBuilder::new(),
            exv: StringBuilder::new(),
            at: TimestampMicrosecondBuilder::new().with_timezone("UTC"),
            batch: Int64Builder::new(),
        }
    }
    fn push(&mut self, p: &Provenance) -> Result<()> {
        self.sha.append_value(&p.sha256);
        self.file.append_value(&p.file_name);
        self.loc.append_value(serde_json::to_string(&p.locator).map_err(|e| Error::Internal(e.to_string()))?);
        self.ex.append_value(&p.extractor);
        self.exv.append_value(&p.extractor_version);
        self.at.append_value(p.ingested_at.timestamp_micros());
        self.batch.append_value(p.batch);
        Ok(())
    }
    fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.sha.finish()),
            Arc::new(self.file.finish()),
            Arc::new(self.loc.finish()),
            Arc::new(self.ex.finish()),
            Arc::new(self.exv.finish()),
            Arc::new(self.at.finish()),
            Arc::new(self.batch.finish()),
        ]
    }
}

fn write(path: &Path, schema: Schema, cols: Vec<ArrayRef>) -> Result<()> {
    let schema = Arc::new(schema);
    let batch = RecordBatch::try_new(schema.clone(), cols)?;
    let file = File::create(path)?;
    let props = WriterProperties::builder().set_compression(parquet::basic::Compression::SNAPPY).build();
    let mut w = ArrowWriter::try_new(file.try_clone()?, schema, Some(props))?;
    w.write(&batch)?;
    w.close()?;
    file.sync_all()?;
    Ok(())
}

/// Writes transactions to a new Parquet file, synced to disk.
pub fn write_transactions(path: &Path, txns: &[Transaction]) -> Result<()> {
    let mut s: Vec<StringBuilder> = (0..21).map(|_| StringBuilder::new()).collect();
    let mut ts_local = TimestampMicrosecondBuilder::new();
    let mut off = Int32Builder::new();
    let mut amount = Decimal128Builder::new().with_data_type(dec_type());
    let mut balance = Decimal128Builder::new().with_data_type(dec_type());
    let mut mcc = Int32Builder::new();
    let mut lat = Float64Builder::new();
    let mut lon = Float64Builder::new();
    let mut prov = ProvCols::new();
    for t in txns {
        let opt = |b: &mut StringBuilder, v: &Option<String>| b.append_option(v.as_deref());
        s[0].append_value(&t.id);
        opt(&mut s[1], &t.source_ref);
        opt(&mut s[2], &t.bank);
        s[3].append_value(&t.account);
        opt(&mut s[4], &t.account_holder);
        s[5].append_value(t.ts.to_string());
        ts_local.append_value(t.ts.local().and_utc().timestamp_micros());
        off.append_option(t.ts.offset_seconds());
        s[6].append_option(t.value_date.map(|d| d.to_string()));
        amount.append_value(to_i128(t.amount)?);
        s[7].append_value(t.currency.code());
        s[8].append_value(t.direction.as_str());
        s[9].append_value(t.channel.as_str());
        opt(&mut s[10], &t.merchant);
        mcc.append_option(t.mcc.map(i32::from));
        opt(&mut s[11], &t.cpty_name);
        opt(&mut s[12], &t.cpty_account);
        opt(&mut s[13], &t.cpty_bank);
        opt(&mut s[14], &t.cpty_country);
        opt(&mut s[15], &t.city);
        opt(&mut s[16], &t.branch);
        lat.append_option(t.geo.map(|g| g.0));
        lon.append_option(t.geo.map(|g| g.1));
        opt(&mut s[17], &t.device_id);
        opt(&mut s[18], &t.ip);
        opt(&mut s[19], &t.memo);
        balance.append_option(t.balance.map(to_i128).transpose()?);
        prov.push(&t.provenance)?;
    }
    let mut s: Vec<ArrayRef> = s.into_iter().map(|mut b| Arc::new(b.finish()) as ArrayRef).collect();
    let mut take = |i: usize| std::mem::replace(&mut s[i], Arc::new(StringArray::from(Vec::<String>::new())));
    let mut cols: Vec<ArrayRef> = vec![
        take(0),
        take(1),
        take(2),
        take(3),
        take(4),
        take(5),
        Arc::new(ts_local.finish()),
        Arc::new(off.finish()),
        take(6),
        Arc::new(amount.finish()),
        take(7),
        take(8),
        take(9),
        take(10),
        Arc::new(mcc.finish()),
        take(11),
        take(12),
        take(13),
        take(14),
        take(15),
        take(16),
        Arc::new(lat.finish()),
        Arc::new(lon.finish()),
        take(17),
        take(18),
        take(19),
        Arc::new(balance.finish()),
    ];
    cols.extend(prov.finish());
    write(path, transaction_schema(), cols)
}

/// Writes entities to a new Parquet file, synced to disk.
pub fn write_entities(path: &Path, ents: &[Entity]) -> Result<()> {
    let (mut id, mut schema, mut cap, mut props) =
        (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let mut prov = ProvCols::new();
    for e in ents {
        id.append_value(&e.id);
        schema.append_value(&e.schema);
        cap.append_value(e.caption());
        props.append_value(serde_json::to_string(&e.properties).map_err(|e| Error::Internal(e.to_string()))?);
        prov.push(&e.provenance)?;
    }
    let mut cols: Vec<ArrayRef> =
        vec![Arc::new(id.finish()), Arc::new(schema.finish()), Arc::new(cap.finish()), Arc::new(props.finish())];
    cols.extend(prov.finish());
    write(path, entity_schema(), cols)
}

fn batches(path: &Path) -> Result<Vec<RecordBatch>> {
    stream(path)?.collect()
}

/// The record batches of a file one after the other, so that a reader holds one decoded batch at a time.
fn stream(path: &Path) -> Result<impl Iterator<Item = Result<RecordBatch>>> {
    let f = File::open(path)?;
    let r = ParquetRecordBatchReaderBuilder::try_new(f)?.with_batch_size(65536).build()?;
    Ok(r.map(|b| b.map_err(Error::from)))
}

/// Rows in a Parquet file, from its footer.
pub fn row_count(path: &Path) -> Result<u64> {
    let f = File::open(path)?;
    let b = ParquetRecordBatchReaderBuilder::try_new(f)?;
    Ok(b.metadata().file_metadata().num_rows() as u64)
}

/// The columns of one record batch, found by name through an index built once per batch (a batch has tens
/// of thousands of rows, each read field by field).
struct Cols<'a>(&'a RecordBatch, std::collections::HashMap<&'a str, usize>);

impl<'a> Cols<'a> {
    fn new(b: &'a RecordBatch) -> Cols<'a> {
        Cols(b, b.schema_ref().fields().iter().enumerate().map(|(i, f)| (f.name().as_str(), i)).collect())
    }
    fn col<T: 'static>(&self, name: &str) -> Result<&'a T> {
        self.1
            .get(name)
            .and_then(|&i| self.0.column(i).as_any().downcast_ref::<T>())
            .ok_or_else(|| Error::Internal(format!("column {name} missing or of the wrong type")))
    }
    fn s(&self, name: &str, i: usize) -> Result<Option<String>> {
        Ok(self.str(name, i)?.map(str::to_string))
    }
    fn req(&self, name: &str, i: usize) -> Result<String> {
        self.s(name, i)?.ok_or_else(|| Error::Internal(format!("null in required column {name}")))
    }
    /// A value borrowed from the batch, for values parsed rather than kept.
    fn str(&self, name: &str, i: usize) -> Result<Option<&'a str>> {
        let c: &'a StringArray = self.col(name)?;
        Ok((!c.is_null(i)).then(|| c.value(i)))
    }
    fn req_str(&self, name: &str, i: usize) -> Result<&'a str> {
        self.str(name, i)?.ok_or_else(|| Error::Internal(format!("null in required column {name}")))
    }
    fn prov(&self, i: usize) -> Result<Provenance> {
        let at: &arrow_array::TimestampMicrosecondArray = self.col("ingested_at")?;
        let batch: &Int64Array = self.col("batch")?;
        let loc: Locator =
            serde_json::from_str(self.req_str("src_locator", i)?).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(Provenance {
            sha256: self.req("src_sha256", i)?,
            file_name: self.req("src_file", i)?,
            locator: loc,
            extractor: self.req("extractor", i)?,
            extractor_version: self.req("extractor_version", i)?,
            ingested_at: chrono::DateTime::from_timestamp_micros(at.value(i)).unwrap_or_default(),
            batch: batch.value(i),
        })
    }
}

/// Reads a transactions file, appending to `out`, with room made once for the file's rows and one decoded batch
/// held at a time: a workspace of millions of lines is read without growing its vector step by step.
pub fn read_transactions_into(
    path: &Path,
    out: &mut Vec<Transaction>,
    mut columns: Option<&mut theseus_model::columns::Columns>,
) -> Result<()> {
    let bad = |what: &str, v: &str| Error::Internal(format!("{}: bad {what} '{v}'", path.display()));
    let rows = row_count(path)? as usize;
    out.reserve(rows);
    if let Some(c) = columns.as_deref_mut() {
        c.reserve(rows);
    }
    for b in stream(path)? {
        let b = b?;
        let c = Cols::new(&b);
        let amount: &Decimal128Array = c.col("amount")?;
        let balance: &Decimal128Array = c.col("balance")?;
        let mcc: &Int32Array = c.col("mcc")?;
        let lat: &Float64Array = c.col("lat")?;
        let lon: &Float64Array = c.col("lon")?;
        for i in 0..b.num_rows() {
            let ts_s = c.req_str("ts", i)?;
            let cur = c.req_str("currency", i)?;
            let dir = c.req_str("direction", i)?;
            let ch = c.req_str("channel", i)?;
            out.push(Transaction {
                id: c.req("id", i)?,
                source_ref: c.s("source_ref", i)?,
                bank: c.s("bank", i)?,
                account: c.req("account", i)?,
                account_holder: c.s("account_holder", i)?,
                ts: ts_s.parse::<Timestamp>().map_err(|_| bad("timestamp", ts_s))?,
                value_date: c.str("value_date", i)?.and_then(|d| d.parse().ok()),
                amount: from_i128(amount.value(i)),
                currency: cur.parse().map_err(|_| bad("currency", cur))?,
                direction: match dir {
                    "credit" => Direction::Credit,
                    "debit" => Direction::Debit,
                    _ => return Err(bad("direction", dir)),
                },
                channel: Channel::parse(ch).ok_or_else(|| bad("channel", ch))?,
                merchant: c.s("merchant", i)?,
                mcc: (!mcc.is_null(i)).then(|| mcc.value(i) as u16),
                cpty_name: c.s("cpty_name", i)?,
                cpty_account: c.s("cpty_account", i)?,
                cpty_bank: c.s("cpty_bank", i)?,
                cpty_country: c.s("cpty_country", i)?,
                city: c.s("city", i)?,
                branch: c.s("branch", i)?,
                geo: (!lat.is_null(i) && !lon.is_null(i)).then(|| (lat.value(i), lon.value(i))),
                device_id: c.s("device_id", i)?,
                ip: c.s("ip", i)?,
                memo: c.s("memo", i)?,
                balance: (!balance.is_null(i)).then(|| from_i128(balance.value(i))),
                provenance: c.prov(i)?,
            });
            // Numbered while the record's strings are still in the cache.
            if let Some(c) = columns.as_deref_mut() {
                c.push(out.last().expect("a transaction was just pushed"));
            }
        }
    }
    Ok(())
}

/// Reads an entities file.
pub fn read_entities(path: &Path) -> Result<Vec<Entity>> {
    let mut out = Vec::new();
    for b in batches(path)? {
        let c = Cols::new(&b);
        for i in 0..b.num_rows() {
            let props = c.req("properties", i)?;
            out.push(Entity {
                id: c.req("id", i)?,
                schema: c.req("schema", i)?,
                properties: serde_json::from_str(&props).map_err(|e| Error::Internal(e.to_string()))?,
                provenance: c.prov(i)?,
            });
        }
    }
    Ok(out)
}

/// The id, file and record locator of every transaction in a file: enough to recognise a transaction met
/// again in an overlapping statement, without reading the rest.
pub fn read_txn_index(path: &Path) -> Result<Vec<(String, String, String)>> {
    let f = File::open(path)?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(f)?;
    let schema = builder.parquet_schema();
    let wanted: Vec<usize> = ["id", "src_file", "src_locator"]
        .iter()
        .filter_map(|n| schema.columns().iter().position(|c| c.name() == *n))
        .collect();
    let mask = parquet::arrow::ProjectionMask::leaves(schema, wanted);
    let reader = builder.with_projection(mask).with_batch_size(65536).build()?;
    let mut out = Vec::new();
    for b in reader {
        let b = b?;
        let c = Cols::new(&b);
        for i in 0..b.num_rows() {
            let loc: Locator =
                serde_json::from_str(&c.req("src_locator", i)?).map_err(|e| Error::Internal(e.to_string()))?;
            out.push((c.req("id", i)?, c.req("src_file", i)?, loc.to_string()));
        }
    }
    Ok(out)
}
