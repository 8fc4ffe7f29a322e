//! The workspace: where evidence lives and where every later stage reads it from.
//!
//! A workspace is a folder with three parts, in the DuckLake pattern (an SQL catalogue over open data files):
//!
//! - `evidence/sha256/ab/<sha256>`: the evidence files exactly as handed over, content-addressed and never
//!   modified; `verify` re-hashes them.
//! - `tables/<table>/<batch>.parquet`: what was read from them, as columnar Parquet that DuckDB, Polars or
//!   Spark open directly (`SELECT * FROM 'tables/transactions/*.parquet'`).
//! - `catalogue.sqlite`: which files, batches and data files exist, the quarantine of rejected records, and
//!   case state (analysis runs). A data file exists for readers only once a catalogue transaction names it.
//!
//! One ingest is one batch and one SQLite transaction. Files are staged, synced and renamed into place first;
//! the catalogue commit is the single point at which the batch becomes visible. Whatever a crash leaves before
//! that point is unreferenced and is removed the next time the workspace is opened.

mod catalogue;
mod error;
mod parquet_io;

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use theseus_model::{Diagnostic, Entity, Parsed, Transaction, ids};

pub use catalogue::{AlertRow, BatchInfo, Disposition, FileInfo, IdentityDecision, NewAlert, QuarantineRow, RunInfo};
pub use error::{Error, Result};

/// The workspace format this build writes and reads.
pub const FORMAT_VERSION: &str = "1";
const MARKER: &str = "THESEUS_WORKSPACE";

/// Tables of evidence records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Bank transactions.
    Transactions,
    /// FtM entities and links.
    Entities,
}

impl Table {
    /// Folder name under `tables/`.
    pub fn name(&self) -> &'static str {
        match self {
            Table::Transactions => "transactions",
            Table::Entities => "entities",
        }
    }
}

/// An open workspace. Holds an exclusive lock on the folder while it lives, so that two processes never write
/// at once and recovery never removes another writer's staged files.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    cat: catalogue::Catalogue,
    _lock: File,
    recovered: Vec<String>,
    txn_index: Option<std::collections::HashMap<String, String>>,
}

/// What one file contributed to a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutcome {
    /// The file name.
    pub file_name: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Records read.
    pub records_seen: u64,
    /// Transactions stored.
    pub transactions: u64,
    /// Entities stored.
    pub entities: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Records kept with a flag.
    pub flagged: u64,
}

/// A batch being assembled. Nothing of it is visible until [`Batch::commit`]; dropping it uncommitted
/// removes its staged files.
#[derive(Debug)]
pub struct Batch<'w> {
    ws: &'w mut Workspace,
    id: i64,
    ingested_at: DateTime<Utc>,
    staging: PathBuf,
    files: Vec<(FileOutcome, String, String, u64)>, // outcome, extractor, staged evidence path, size
    transactions: Vec<Transaction>,
    entities: Vec<Entity>,
    diagnostics: Vec<(String, Diagnostic)>,
    committed: bool,
}

impl Workspace {
    /// Creates a new, empty workspace in `dir` (created if missing; must be empty if it exists).
    pub fn init(dir: &Path) -> Result<Workspace> {
        if dir.join(MARKER).exists() {
            return Err(Error::user(format!("{} is already a Theseus workspace", dir.display())));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(Error::user(format!("{} exists and is not a folder", dir.display())));
        }
        if dir.exists() && fs::read_dir(dir).map_err(error::at(dir))?.next().is_some() {
            return Err(Error::user(format!("{} exists and is not empty; choose a new folder", dir.display())));
        }
        fs::create_dir_all(dir).map_err(error::at(dir))?;
        for sub in ["evidence/sha256", "tables/transactions", "tables/entities", "staging"] {
            fs::create_dir_all(dir.join(sub))?;
        }
        catalogue::Catalogue::create(&dir.join("catalogue.sqlite"))?;
        // The marker is written last: a folder without it is not a workspace, so a crash during init
        // leaves nothing that `open` would trust.
        write_synced(&dir.join(MARKER), FORMAT_VERSION.as_bytes())?;
        Workspace::open(dir)
    }

    /// Opens a workspace, takes its lock, and removes whatever an interrupted batch left behind.
    pub fn open(dir: &Path) -> Result<Workspace> {
        let marker = dir.join(MARKER);
        let version = fs::read_to_string(&marker).map_err(|_| {
            Error::user(format!(
                "{} is not a Theseus workspace (run `theseus init {}` first)",
                dir.display(),
                dir.display()
            ))
        })?;
        if version.trim() != FORMAT_VERSION {
            return Err(Error::user(format!(
                "{} has workspace format {}, this build reads format {FORMAT_VERSION}",
                dir.display(),
                version.trim()
            )));
        }
        let lock = File::options().create(true).truncate(false).write(true).open(dir.join(".lock"))?;
        lock.try_lock().map_err(|_| Error::user(format!("{} is in use by another theseus process", dir.display())))?;
        let cat = catalogue::Catalogue::open(&dir.join("catalogue.sqlite"))?;
        let mut ws = Workspace { root: dir.to_path_buf(), cat, _lock: lock, recovered: Vec::new(), txn_index: None };
        ws.recovered = ws.recover()?;
        Ok(ws)
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Files that opening the workspace set aside: data or evidence files no committed batch references (what
    /// a crash before a commit leaves), moved to `recovered/` rather than deleted, so that nothing is lost even
    /// when the catalogue is older than the files (a restored backup).
    pub fn recovered(&self) -> &[String] {
        &self.recovered
    }

    /// Removes staged files (ours, never evidence) and moves unreferenced data and evidence files aside.
    fn recover(&self) -> Result<Vec<String>> {
        let staging = self.root.join("staging");
        if staging.exists() {
            for e in fs::read_dir(&staging).map_err(error::at(&staging))? {
                let p = e?.path();
                if p.is_dir() { fs::remove_dir_all(&p)? } else { fs::remove_file(&p)? }
            }
        }
        let mut strays = Vec::new();
        let data: std::collections::HashSet<String> = self.cat.data_file_paths()?.into_iter().collect();
        for t in [Table::Transactions, Table::Entities] {
            let dir = self.root.join("tables").join(t.name());
            for e in fs::read_dir(&dir).map_err(error::at(&dir))? {
                let p = e?.path();
                if !data.contains(&self.rel(&p)) {
                    strays.push(p);
                }
            }
        }
        let evidence: std::collections::HashSet<String> = self.cat.evidence_paths()?.into_iter().collect();
        let ev_root = self.root.join("evidence/sha256");
        for shard in fs::read_dir(&ev_root).map_err(error::at(&ev_root))? {
            let shard = shard?.path();
            if !shard.is_dir() {
                continue;
            }
            for e in fs::read_dir(&shard)? {
                let p = e?.path();
                if !evidence.contains(&self.rel(&p)) {
                    strays.push(p);
                }
            }
        }
        let mut moved = Vec::new();
        if !strays.is_empty() {
            let stamp = Utc::now().format("%Y%m%dT%H%M%S%.f").to_string();
            for p in strays {
                let rel = self.rel(&p);
                let dest = self.root.join("recovered").join(&stamp).join(&rel);
                fs::create_dir_all(dest.parent().expect("has a parent")).map_err(error::at(&dest))?;
                fs::rename(&p, &dest).map_err(error::at(&p))?;
                moved.push(format!(
                    "{rel} is not in the catalogue (left by an interrupted batch?): moved to recovered/{stamp}/{rel}"
                ));
            }
        }
        Ok(moved)
    }

    fn rel(&self, p: &Path) -> String {
        p.strip_prefix(&self.root).unwrap_or(p).to_string_lossy().replace('\\', "/")
    }

    /// Whether a file with this hash was already ingested by this extractor: re-ingesting is a no-op.
    pub fn already_ingested(&self, sha256: &str, extractor: &str) -> Result<Option<i64>> {
        self.cat.already_ingested(sha256, extractor)
    }

    /// Where each stored transaction id came from (file and record), read once per process.
    fn txn_index(&mut self) -> Result<&mut std::collections::HashMap<String, String>> {
        if self.txn_index.is_none() {
            let mut idx = std::collections::HashMap::new();
            for p in self.cat.data_files(Table::Transactions.name())? {
                for (id, file, loc) in parquet_io::read_txn_index(&self.root.join(&p)).map_err(|e| in_file(&p, e))? {
                    idx.entry(id).or_insert_with(|| format!("{file} {loc}"));
                }
            }
            self.txn_index = Some(idx);
        }
        Ok(self.txn_index.as_mut().expect("filled above"))
    }

    /// Starts a batch.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        let id = self.cat.next_batch_id()?;
        let staging = self.root.join("staging").join(format!("batch-{id}"));
        fs::create_dir_all(&staging)?;
        Ok(Batch {
            ws: self,
            id,
            ingested_at: Utc::now(),
            staging,
            files: Vec::new(),
            transactions: Vec::new(),
            entities: Vec::new(),
            diagnostics: Vec::new(),
            committed: false,
        })
    }

    /// Committed batches, oldest first.
    pub fn batches(&self) -> Result<Vec<BatchInfo>> {
        self.cat.batches()
    }

    /// Evidence files in the catalogue.
    pub fn files(&self) -> Result<Vec<FileInfo>> {
        self.cat.files()
    }

    /// Rejected and flagged records.
    pub fn quarantine(&self) -> Result<Vec<QuarantineRow>> {
        self.cat.quarantine()
    }

    /// All transactions of committed batches.
    pub fn transactions(&self) -> Result<Vec<Transaction>> {
        let mut out = Vec::new();
        for p in self.cat.data_files(Table::Transactions.name())? {
            parquet_io::read_transactions_into(&self.root.join(&p), &mut out, None).map_err(|e| in_file(&p, e))?;
        }
        Ok(out)
    }

    /// All transactions of committed batches with their [`Columns`](theseus_model::columns::Columns), built
    /// as they are read: what screening millions of them reads.
    pub fn transactions_and_columns(&self) -> Result<(Vec<Transaction>, theseus_model::columns::Columns)> {
        let (mut out, mut columns) = (Vec::new(), theseus_model::columns::Columns::default());
        for p in self.cat.data_files(Table::Transactions.name())? {
            parquet_io::read_transactions_into(&self.root.join(&p), &mut out, Some(&mut columns))
                .map_err(|e| in_file(&p, e))?;
        }
        Ok((out, columns))
    }

    /// All entities of committed batches.
    pub fn entities(&self) -> Result<Vec<Entity>> {
        let mut out = Vec::new();
        for p in self.cat.data_files(Table::Entities.name())? {
            out.extend(parquet_io::read_entities(&self.root.join(&p)).map_err(|e| in_file(&p, e))?);
        }
        Ok(out)
    }

    /// The stored copy of an evidence file.
    pub fn evidence_path(&self, sha256: &str) -> PathBuf {
        self.root.join(evidence_rel(sha256))
    }

    /// Re-hashes every evidence file, checks every data file named by the catalogue exists with its row count,
    /// and that no unreferenced file lies around. Returns the problems found (empty when all is well).
    pub fn verify(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for f in self.cat.files()? {
            let p = self.evidence_path(&f.sha256);
            match fs::read(&p) {
                Ok(bytes) => {
                    let h = ids::sha256_hex(&bytes);
                    if h != f.sha256 {
                        problems
                            .push(format!("evidence {} ({}) was altered: it now hashes to {h}", f.sha256, f.file_name));
                    }
                }
                Err(e) => problems.push(format!("evidence {} ({}) is missing: {e}", f.sha256, f.file_name)),
            }
        }
        for (path, rows, sha) in self.cat.data_files_with_rows()? {
            match fs::read(self.root.join(&path)) {
                Ok(bytes) if ids::sha256_hex(&bytes) != sha => problems
                    .push(format!("{path} was altered: its SHA-256 is not the one recorded when it was written")),
                Ok(_) => match parquet_io::row_count(&self.root.join(&path)) {
                    Ok(n) if n == rows => {}
                    Ok(n) => problems.push(format!("{path} holds {n} rows, the catalogue says {rows}")),
                    Err(e) => problems.push(format!("{path} cannot be read: {e}")),
                },
                Err(e) => problems.push(format!("{path} is missing: {e}")),
            }
        }
        if let Err(e) = self.cat.integrity() {
            problems.push(format!("catalogue: {e}"));
        }
        Ok(problems)
    }

    /// Stores the result of an analysis run (any JSON document) and returns its id.
    pub fn save_run(&mut self, kind: &str, result_json: &str) -> Result<i64> {
        self.cat.save_run(kind, result_json)
    }

    /// Records the alerts raised by a run. Alerts keep
    /// their ids across runs, so dispositions recorded on them survive re-runs.
    pub fn record_alerts(&mut self, run: i64, alerts: &[NewAlert]) -> Result<()> {
        self.cat.record_alerts(run, alerts)
    }

    /// All alerts ever raised, newest run first, each with its latest disposition.
    pub fn alerts(&self) -> Result<Vec<AlertRow>> {
        self.cat.alerts()
    }

    /// Records an analyst's decision on an alert. Decisions are appended, never changed: the history stays.
    pub fn dispose(&mut self, alert: &str, decision: &str, reason: &str, actor: &str) -> Result<()> {
        if !matches!(decision, "escalate" | "dismiss" | "needs_information") {
            return Err(Error::user(format!("decision '{decision}' is not escalate, dismiss or needs_information")));
        }
        if decision != "escalate" && reason.trim().is_empty() {
            return Err(Error::user(format!("a {decision} decision needs a reason")));
        }
        self.cat.dispose(alert, decision, reason, actor)
    }

    /// Records that two records are (`same`) or are not (`different`) one person or organisation. Resolution
    /// respects the latest decision on each pair on every run; the history is kept.
    pub fn decide_identity(&mut self, a: &str, b: &str, verdict: &str, author: &str, note: &str) -> Result<()> {
        if !matches!(verdict, "same" | "different") {
            return Err(Error::user(format!("verdict '{verdict}' is not same or different")));
        }
        if a == b {
            return Err(Error::user("a decision needs two different records".to_string()));
        }
        if note.trim().is_empty() {
            return Err(Error::user("an identity decision needs a reason".to_string()));
        }
        self.cat.decide_identity(a, b, verdict, author, note)
    }

    /// The decision in force on each pair of records.
    pub fn identity_decisions(&self) -> Result<Vec<IdentityDecision>> {
        self.cat.identity_decisions()
    }

    /// The latest analysis run of a kind.
    pub fn latest_run(&self, kind: &str) -> Result<Option<RunInfo>> {
        self.cat.latest_run(kind)
    }
}

/// Names the data file in an error that does not name it already.
fn in_file(path: &str, e: Error) -> Error {
    match e {
        Error::Io(source) => Error::IoAt { path: path.to_string(), source },
        Error::Parquet(m) => Error::Parquet(format!("{path}: {m}")),
        other => other,
    }
}

fn evidence_rel(sha256: &str) -> String {
    format!("evidence/sha256/{}/{}", &sha256[..2], sha256)
}

/// Writes a file and syncs it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

fn sync_dir(path: &Path) -> Result<()> {
    File::open(path)?.sync_all()?;
    Ok(())
}

impl Batch<'_> {
    /// The batch id recorded in every provenance.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The time of ingest recorded in every provenance.
    pub fn ingested_at(&self) -> DateTime<Utc> {
        self.ingested_at
    }

    /// Adds one evidence file and what `extractor` read from it.
    pub fn add_file(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        sha256: &str,
        extractor: &str,
        parsed: Parsed,
    ) -> Result<FileOutcome> {
        let Parsed { transactions, entities, diagnostics, records_seen } = parsed;
        let staged = self.staging.join(format!("evidence-{}", self.files.len()));
        write_synced(&staged, bytes)?;
        // One transaction, one row: a transaction already stored (overlapping statements from one bank, the
        // same export under two names) is quarantined with a pointer to where it is, not stored twice.
        let mut diagnostics = diagnostics;
        let mut transactions = transactions;
        {
            let index = self.ws.txn_index()?;
            let mut kept = Vec::with_capacity(transactions.len());
            for t in transactions.drain(..) {
                match index.get(&t.id) {
                    Some(first) => diagnostics.push(Diagnostic {
                        file: file_name.to_string(),
                        locator: t.provenance.locator.clone(),
                        severity: theseus_model::Severity::Rejected,
                        reason: format!(
                            "transaction {} of account {} is already in the workspace, from {first} (overlapping statements?)",
                            t.source_ref.as_deref().unwrap_or(&t.id),
                            t.account
                        ),
                        raw: format!("{} {} {} {}", t.ts, t.direction.as_str(), t.amount, t.currency),
                    }),
                    None => {
                        index.insert(t.id.clone(), format!("{file_name} {}", t.provenance.locator));
                        kept.push(t);
                    }
                }
            }
            transactions = kept;
        }
        let rejected = diagnostics.iter().filter(|d| d.severity == theseus_model::Severity::Rejected).count() as u64;
        let outcome = FileOutcome {
            file_name: file_name.to_string(),
            sha256: sha256.to_string(),
            records_seen,
            transactions: transactions.len() as u64,
            entities: entities.len() as u64,
            rejected,
            flagged: diagnostics.len() as u64 - rejected,
        };
        self.files.push((
            outcome.clone(),
            extractor.to_string(),
            staged.to_string_lossy().into_owned(),
            bytes.len() as u64,
        ));
        self.transactions.extend(transactions);
        self.entities.extend(entities);
        self.diagnostics.extend(diagnostics.into_iter().map(|d| (sha256.to_string(), d)));
        Ok(outcome)
    }

    /// Whether this file was ingested by this extractor already, in a committed batch or earlier in this one.
    pub fn already_ingested(&self, sha256: &str, extractor: &str) -> Result<Option<i64>> {
        if self.files.iter().any(|(o, ex, _, _)| o.sha256 == sha256 && ex == extractor) {
            return Ok(Some(self.id));
        }
        self.ws.already_ingested(sha256, extractor)
    }

    /// Whether anything was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Makes the batch durable and visible, atomically.
    pub fn commit(mut self, note: &str) -> Result<BatchInfo> {
        let root = self.ws.root.clone();
        let mut data_files = Vec::new();
        // 1. Data files: written in staging, synced, renamed into the table folder.
        if !self.transactions.is_empty() {
            let staged = self.staging.join("transactions.parquet");
            parquet_io::write_transactions(&staged, &self.transactions)?;
            data_files.push((Table::Transactions, staged, self.transactions.len() as u64));
        }
        if !self.entities.is_empty() {
            let staged = self.staging.join("entities.parquet");
            parquet_io::write_entities(&staged, &self.entities)?;
            data_files.push((Table::Entities, staged, self.entities.len() as u64));
        }
        let mut placed = Vec::new();
        for (t, staged, rows) in data_files {
            let rel = format!("tables/{}/batch-{:06}.parquet", t.name(), self.id);
            let sha = ids::sha256_hex(&fs::read(&staged).map_err(error::at(&staged))?);
            fs::rename(&staged, root.join(&rel))?;
            placed.push((t.name().to_string(), rel, rows, sha));
        }
        sync_dir(&root.join("tables/transactions"))?;
        sync_dir(&root.join("tables/entities"))?;
        // 2. Evidence: content-addressed, so an existing copy is the same bytes and is left alone.
        let mut files = Vec::new();
        for (o, extractor, staged, size) in &self.files {
            let rel = evidence_rel(&o.sha256);
            let dest = root.join(&rel);
            if dest.exists() {
                fs::remove_file(staged)?;
            } else {
                fs::create_dir_all(dest.parent().expect("evidence path has a parent"))?;
                // Read-only: evidence is never modified, and a tool that tries gets an error instead.
                let mut perm = fs::metadata(staged)?.permissions();
                perm.set_readonly(true);
                fs::set_permissions(staged, perm)?;
                fs::rename(staged, &dest)?;
                sync_dir(dest.parent().expect("evidence path has a parent"))?;
            }
            files.push(catalogue::NewFile { outcome: o.clone(), extractor: extractor.clone(), rel, size: *size });
        }
        // 3. The catalogue transaction: the batch exists from here on.
        let info = self.ws.cat.commit_batch(self.id, self.ingested_at, note, &files, &placed, &self.diagnostics)?;
        self.committed = true;
        let _ = fs::remove_dir_all(&self.staging);
        Ok(info)
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
            // The index learnt this batch's ids; they were never stored.
            self.ws.txn_index = None;
        }
    }
}
