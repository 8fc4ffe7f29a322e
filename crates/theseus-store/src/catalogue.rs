//! The SQLite catalogue: files, batches, data files, quarantine and analysis runs.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use theseus_model::Diagnostic;

use crate::{FileOutcome, Result};

const SCHEMA: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    committed_at TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    path TEXT NOT NULL,
    first_name TEXT NOT NULL,
    first_batch INTEGER NOT NULL REFERENCES batches(id)
);
CREATE TABLE batch_files (
    batch INTEGER NOT NULL REFERENCES batches(id),
    sha256 TEXT NOT NULL REFERENCES files(sha256),
    file_name TEXT NOT NULL,
    extractor TEXT NOT NULL,
    records_seen INTEGER NOT NULL,
    transactions INTEGER NOT NULL,
    entities INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    flagged INTEGER NOT NULL,
    UNIQUE (sha256, extractor)
);
CREATE TABLE data_files (
    path TEXT PRIMARY KEY,
    batch INTEGER NOT NULL REFERENCES batches(id),
    table_name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE quarantine (
    batch INTEGER NOT NULL REFERENCES batches(id),
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    locator TEXT NOT NULL,
    severity TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw TEXT NOT NULL
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_batch INTEGER,
    result TEXT NOT NULL
);
"#;

/// Case state added after format 1 was first written: created on open when missing, so that older
/// workspaces gain it without a rewrite.
const CASE_STATE: &str = r#"
CREATE TABLE IF NOT EXISTS alerts (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    first_run INTEGER NOT NULL,
    last_run INTEGER NOT NULL,
    score REAL NOT NULL,
    summary TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dispositions (
    seq INTEGER PRIMARY KEY,
    alert TEXT NOT NULL REFERENCES alerts(id),
    decision TEXT NOT NULL CHECK (decision IN ('escalate', 'dismiss', 'needs_information')),
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_decisions (
    seq INTEGER PRIMARY KEY,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different')),
    author TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS identity_decisions_no_update BEFORE UPDATE ON identity_decisions
BEGIN SELECT RAISE(ABORT, 'identity decisions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS identity_decisions_no_delete BEFORE DELETE ON identity_decisions
BEGIN SELECT RAISE(ABORT, 'identity decisions are append-only'); END;
-- Dispositions are a record of decisions: they are added to, never changed or removed.
CREATE TRIGGER IF NOT EXISTS dispositions_no_update BEFORE UPDATE ON dispositions
BEGIN SELECT RAISE(ABORT, 'dispositions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS dispositions_no_delete BEFORE DELETE ON dispositions
BEGIN SELECT RAISE(ABORT, 'dispositions are append-only'); END;
"#;

/// An alert raised by a run, to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAlert {
    /// Stable id: derive it from the subject and the kind, so that re-runs find it again.
    pub id: String,
    /// Subject id.
    pub subject: String,
    /// Subject name.
    pub subject_name: String,
    /// Kind of alert.
    pub kind: String,
    /// Score.
    pub score: f64,
    /// One line: the indicators that fired.
    pub summary: String,
}

/// An alert as the catalogue keeps it across runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlertRow {
    /// Stable id: the same subject and kind give the same id in every run.
    pub id: String,
    /// Subject id.
    pub subject: String,
    /// Subject name.
    pub subject_name: String,
    /// What kind of alert (the typology, or the first-pass ranking).
    pub kind: String,
    /// First run that raised it.
    pub first_run: i64,
    /// Latest run that raised it.
    pub last_run: i64,
    /// Score in the latest run.
    pub score: f64,
    /// One line: the indicators that fired.
    pub summary: String,
    /// The latest disposition, if any.
    pub disposition: Option<Disposition>,
}

/// An analyst's decision that two records are, or are not, the same person or organisation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IdentityDecision {
    /// One record id.
    pub a: String,
    /// The other record id.
    pub b: String,
    /// `same` or `different`.
    pub verdict: String,
    /// Who decided.
    pub author: String,
    /// Why.
    pub note: String,
    /// When (RFC 3339).
    pub at: String,
}

/// An analyst's decision on an alert.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Disposition {
    /// `escalate`, `dismiss` or `needs_information`.
    pub decision: String,
    /// Why.
    pub reason: String,
    /// Who decided.
    pub actor: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A committed batch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BatchInfo {
    /// Batch id.
    pub id: i64,
    /// When it was committed (RFC 3339).
    pub committed_at: String,
    /// Free note (the command that made it).
    pub note: String,
    /// Rows added per table.
    pub rows: Vec<(String, u64)>,
}

/// An evidence file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileInfo {
    /// SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Name it was first handed over under.
    pub file_name: String,
    /// Path inside the workspace.
    pub path: String,
    /// Batch that first stored it.
    pub first_batch: i64,
}

/// A rejected or flagged record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuarantineRow {
    /// Batch.
    pub batch: i64,
    /// File hash.
    pub sha256: String,
    /// File name.
    pub file_name: String,
    /// Record locator.
    pub locator: String,
    /// `rejected` or `flagged`.
    pub severity: String,
    /// Why.
    pub reason: String,
    /// The raw record.
    pub raw: String,
}

/// A stored analysis run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    /// Run id.
    pub id: i64,
    /// When.
    pub created_at: String,
    /// The last batch the run saw.
    pub last_batch: Option<i64>,
    /// The result document.
    pub result: String,
}

pub(crate) struct NewFile {
    pub outcome: FileOutcome,
    pub extractor: String,
    pub rel: String,
    pub size: u64,
}

#[derive(Debug)]
pub(crate) struct Catalogue {
    conn: Connection,
}

impl Catalogue {
    pub fn create(path: &Path) -> Result<()> {
        let conn = Connection::open(path)?;
        conn.execute_batch("PRAGMA journal_mode=WAL;")?;
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(SCHEMA)?;
        tx.execute("INSERT INTO meta(key, value) VALUES ('format', ?1)", [crate::FORMAT_VERSION])?;
        tx.commit()?;
        Ok(())
    }

    pub fn open(path: &Path) -> Result<Catalogue> {
        let conn = Connection::open(path)?;
        // WAL with full sync: a committed batch survives power loss, an uncommitted one never appears.
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        conn.execute_batch(CASE_STATE)?;
        Ok(Catalogue { conn })
    }

    pub fn next_batch_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM batches", [], |r| r.get(0))?)
    }

    pub fn already_ingested(&self, sha256: &str, extractor: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT batch FROM batch_files WHERE sha256 = ?1 AND extractor = ?2",
                params![sha256, extractor],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn commit_batch(
        &mut self,
        id: i64,
        at: DateTime<Utc>,
        note: &str,
        files: &[NewFile],
        data: &[(String, String, u64, String)],
        diags: &[(String, Diagnostic)],
    ) -> Result<crate::BatchInfo> {
        let tx = self.conn.transaction()?;
        let at_s = at.to_rfc3339();
        tx.execute("INSERT INTO batches(id, committed_at, note) VALUES (?1, ?2, ?3)", params![id, at_s, note])?;
        for f in files {
            let o = &f.outcome;
            tx.execute(
                "INSERT OR IGNORE INTO files(sha256, size, path, first_name, first_batch) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![o.sha256, f.size as i64, f.rel, o.file_name, id],
            )?;
            tx.execute(
                "INSERT INTO batch_files(batch, sha256, file_name, extractor, records_seen, transactions, entities, rejected, flagged)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    id,
                    o.sha256,
                    o.file_name,
                    f.extractor,
                    o.records_seen as i64,
                    o.transactions as i64,
                    o.entities as i64,
                    o.rejected as i64,
                    o.flagged as i64
                ],
            )?;
        }
        for (table, path, rows, sha) in data {
            tx.execute(
                "INSERT INTO data_files(path, batch, table_name, rows, sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![path, id, table, *rows as i64, sha],
            )?;
        }
        {
            let mut st = tx.prepare(
                "INSERT INTO quarantine(batch, sha256, file_name, locator, severity, reason, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (sha, d) in diags {
                st.execute(params![id, sha, d.file, d.locator.to_string(), d.severity.as_str(), d.reason, d.raw])?;
            }
        }
        tx.commit()?;
        Ok(crate::BatchInfo {
            id,
            committed_at: at_s,
            note: note.to_string(),
            rows: data.iter().map(|(t, _, r, _)| (t.clone(), *r)).collect(),
        })
    }

    pub fn data_file_paths(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT path FROM data_files")?;
        let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    }

    pub fn evidence_paths(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT path FROM files")?;
        let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    }

    pub fn data_files(&self, table: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT path FROM data_files WHERE table_name = ?1 ORDER BY batch")?;
        let v = st.query_map([table], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    }

    pub fn data_files_with_rows(&self) -> Result<Vec<(String, u64, String)>> {
        let mut st = self.conn.prepare("SELECT path, rows, sha256 FROM data_files ORDER BY batch, path")?;
        let v = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    pub fn batches(&self) -> Result<Vec<crate::BatchInfo>> {
        let mut st = self.conn.prepare("SELECT id, committed_at, note FROM batches ORDER BY id")?;
        let mut out = st
            .query_map([], |r| {
                Ok(crate::BatchInfo { id: r.get(0)?, committed_at: r.get(1)?, note: r.get(2)?, rows: vec![] })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st =
            self.conn.prepare("SELECT table_name, rows FROM data_files WHERE batch = ?1 ORDER BY table_name")?;
        for b in &mut out {
            b.rows = st
                .query_map([b.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
        }
        Ok(out)
    }

    pub fn files(&self) -> Result<Vec<crate::FileInfo>> {
        let mut st = self.conn.prepare(
            "SELECT sha256, size, first_name, path, first_batch FROM files ORDER BY first_batch, first_name",
        )?;
        let v = st
            .query_map([], |r| {
                Ok(crate::FileInfo {
                    sha256: r.get(0)?,
                    size: r.get::<_, i64>(1)? as u64,
                    file_name: r.get(2)?,
                    path: r.get(3)?,
                    first_batch: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    pub fn quarantine(&self) -> Result<Vec<crate::QuarantineRow>> {
        let mut st = self.conn.prepare(
            "SELECT batch, sha256, file_name, locator, severity, reason, raw FROM quarantine ORDER BY batch, rowid",
        )?;
        let v = st
            .query_map([], |r| {
                Ok(crate::QuarantineRow {
                    batch: r.get(0)?,
                    sha256: r.get(1)?,
                    file_name: r.get(2)?,
                    locator: r.get(3)?,
                    severity: r.get(4)?,
                    reason: r.get(5)?,
                    raw: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    pub fn integrity(&self) -> std::result::Result<(), String> {
        let r: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
        if r != "ok" {
            return Err(r);
        }
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if n > 0 { Err(format!("{n} broken references")) } else { Ok(()) }
    }

    pub fn save_run(&mut self, kind: &str, result: &str) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO runs(kind, created_at, last_batch, result) VALUES (?1, ?2, (SELECT MAX(id) FROM batches), ?3)",
            params![kind, Utc::now().to_rfc3339(), result],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    pub fn latest_run(&self, kind: &str) -> Result<Option<crate::RunInfo>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, created_at, last_batch, result FROM runs WHERE kind = ?1 ORDER BY id DESC LIMIT 1",
                [kind],
                |r| {
                    Ok(crate::RunInfo {
                        id: r.get(0)?,
                        created_at: r.get(1)?,
                        last_batch: r.get(2)?,
                        result: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records the alerts of a run: new ones are added, known ones get the run and score updated. Their
    /// dispositions stay.
    pub fn record_alerts(&mut self, run: i64, alerts: &[NewAlert]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "INSERT INTO alerts(id, subject, subject_name, kind, first_run, last_run, score, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET last_run = ?5, score = ?6, summary = ?7, subject_name = ?3",
            )?;
            for a in alerts {
                st.execute(params![a.id, a.subject, a.subject_name, a.kind, run, a.score, a.summary])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn alerts(&self) -> Result<Vec<crate::AlertRow>> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.subject, a.subject_name, a.kind, a.first_run, a.last_run, a.score, a.summary,
                    d.decision, d.reason, d.actor, d.at
             FROM alerts a LEFT JOIN dispositions d
               ON d.seq = (SELECT MAX(seq) FROM dispositions WHERE alert = a.id)
             ORDER BY a.last_run DESC, a.score DESC, a.id",
        )?;
        let v = st
            .query_map([], |r| {
                let decision: Option<String> = r.get(8)?;
                Ok(crate::AlertRow {
                    id: r.get(0)?,
                    subject: r.get(1)?,
                    subject_name: r.get(2)?,
                    kind: r.get(3)?,
                    first_run: r.get(4)?,
                    last_run: r.get(5)?,
                    score: r.get(6)?,
                    summary: r.get(7)?,
                    disposition: match decision {
                        Some(decision) => {
                            Some(crate::Disposition { decision, reason: r.get(9)?, actor: r.get(10)?, at: r.get(11)? })
                        }
                        None => None,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    pub fn dispose(&mut self, alert: &str, decision: &str, reason: &str, actor: &str) -> Result<()> {
        let known: Option<String> =
            self.conn.query_row("SELECT id FROM alerts WHERE id = ?1", [alert], |r| r.get(0)).optional()?;
        if known.is_none() {
            return Err(crate::Error::User(format!("no alert {alert} in this workspace (see `theseus alerts`)")));
        }
        self.conn.execute(
            "INSERT INTO dispositions(alert, decision, reason, actor, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![alert, decision, reason, actor, Utc::now().to_rfc3339()],
        )?;
        Ok(())
    }

    pub fn decide_identity(&mut self, a: &str, b: &str, verdict: &str, author: &str, note: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO identity_decisions(a, b, verdict, author, note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![a, b, verdict, author, note, Utc::now().to_rfc3339()],
        )?;
        Ok(())
    }

    /// The latest decision on each pair of records (a later decision on the same pair replaces an earlier one).
    pub fn identity_decisions(&self) -> Result<Vec<crate::IdentityDecision>> {
        let mut st = self.conn.prepare(
            "SELECT d.a, d.b, d.verdict, d.author, d.note, d.at FROM identity_decisions d
             WHERE d.seq = (SELECT MAX(seq) FROM identity_decisions e
                            WHERE (e.a = d.a AND e.b = d.b) OR (e.a = d.b AND e.b = d.a))
             ORDER BY d.seq",
        )?;
        let v = st
            .query_map([], |r| {
                Ok(crate::IdentityDecision {
                    a: r.get(0)?,
                    b: r.get(1)?,
                    verdict: r.get(2)?,
                    author: r.get(3)?,
                    note: r.get(4)?,
                    at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }
}
