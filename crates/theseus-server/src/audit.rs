//! The audit log: `audit.jsonl` in the workspace, one JSON object a line, append-only and hash-chained.
//!
//! Each entry holds `seq` (1, 2, 3…), `time` (RFC 3339, UTC), `user`, `action` (`login`, `logout`,
//! `login_failed`, `search`, `consult`, `export`, `change`, `erase`, `run`), `object`, `reason`, `prev_hash`
//! (the `hash` of the entry before; 64 zeros for the first) and `hash`: the SHA-256, hex, of the entry's
//! JSON without `hash`, keys in that order and no spaces. Changing, removing, inserting or reordering any
//! line breaks the chain from that line on; the last sequence number and hash are also kept in the server
//! database, so that cutting entries off the end is detected too.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// File name of the audit log inside the workspace.
pub const AUDIT_FILE: &str = "audit.jsonl";

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Sequence number, from 1, without gaps.
    pub seq: u64,
    /// When (RFC 3339, UTC).
    pub time: String,
    /// Who.
    pub user: String,
    /// What kind of act.
    pub action: String,
    /// On what (`entity:<id>`, `alert:<id>`, `export:alerts`, a search query…).
    pub object: String,
    /// Why, where a reason is given or required.
    pub reason: String,
    /// The hash of the entry before.
    pub prev_hash: String,
    /// SHA-256 over this entry without this field.
    #[serde(default)]
    pub hash: String,
}

impl Entry {
    /// The hash the entry must carry.
    pub fn compute_hash(&self) -> String {
        hex::encode(Sha256::digest(canonical_json(self).as_bytes()))
    }
}

/// The entry's JSON without `hash`, keys in declaration order.
fn canonical_json(e: &Entry) -> String {
    #[derive(Serialize)]
    struct Unsigned<'a> {
        seq: u64,
        time: &'a str,
        user: &'a str,
        action: &'a str,
        object: &'a str,
        reason: &'a str,
        prev_hash: &'a str,
    }
    serde_json::to_string(&Unsigned {
        seq: e.seq,
        time: &e.time,
        user: &e.user,
        action: &e.action,
        object: &e.object,
        reason: &e.reason,
        prev_hash: &e.prev_hash,
    })
    .expect("an entry serialises")
}

/// The open log, ready to append.
#[derive(Debug)]
pub struct AuditLog {
    file: File,
    seq: u64,
    last_hash: String,
    dirty: bool,
}

impl AuditLog {
    /// Opens the log of the workspace in `ws_dir` for appending. Refuses a log that does not verify: new
    /// entries must never be chained onto a tampered history.
    pub fn open(ws_dir: &Path, head: Option<(u64, String)>) -> Result<AuditLog> {
        let path = ws_dir.join(AUDIT_FILE);
        let report = verify(&path, head.as_ref())?;
        if let Some(p) = report.problem {
            return Err(Error::BadRequest(format!(
                "the audit log {} does not verify ({p}); run `theseus audit verify` and keep the file for inquiry",
                path.display()
            )));
        }
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        Ok(AuditLog { file, seq: report.entries, last_hash: report.last_hash, dirty: false })
    }

    /// Appends one entry and returns it. The line reaches the operating system before this returns; it is
    /// synced to disk by [`AuditLog::sync`], which the server calls a few times a second.
    pub fn append(&mut self, user: &str, action: &str, object: &str, reason: &str) -> Result<Entry> {
        let mut e = Entry {
            seq: self.seq + 1,
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            user: user.into(),
            action: action.into(),
            object: object.into(),
            reason: reason.into(),
            prev_hash: self.last_hash.clone(),
            hash: String::new(),
        };
        e.hash = e.compute_hash();
        let mut line = serde_json::to_string(&e).map_err(|err| Error::Internal(err.to_string()))?;
        line.push('\n');
        // One write call per line, on a file opened for appending: lines never interleave.
        self.file.write_all(line.as_bytes())?;
        self.seq = e.seq;
        self.last_hash = e.hash.clone();
        self.dirty = true;
        Ok(e)
    }

    /// Syncs appended entries to disk.
    pub fn sync(&mut self) -> Result<()> {
        if self.dirty {
            self.file.sync_data()?;
            self.dirty = false;
        }
        Ok(())
    }

    /// The last sequence number and hash.
    pub fn head(&self) -> (u64, &str) {
        (self.seq, &self.last_hash)
    }
}

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Entries read and found good before the first problem (all of them when there is none).
    pub entries: u64,
    /// The hash of the last good entry.
    pub last_hash: String,
    /// The first problem, if any.
    pub problem: Option<Problem>,
}

/// The first place where the log does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Line of the file (from 1).
    pub line: u64,
    /// Sequence number expected at that line.
    pub seq: u64,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "seq {} (line {}): {}", self.seq, self.line, self.reason)
    }
}

/// Checks the whole chain of the log at `path` (a missing file is an empty log); `head` is the last entry
/// the server recorded, if known.
pub fn verify(path: &Path, head: Option<&(u64, String)>) -> Result<Verification> {
    let mut out = Verification { entries: 0, last_hash: GENESIS.into(), problem: None };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some((seq, _)) = head.filter(|(seq, _)| *seq > 0) {
                out.problem = Some(Problem {
                    line: 1,
                    seq: 1,
                    reason: format!("the log is missing; the server wrote {seq} entries"),
                });
            }
            return Ok(out);
        }
        Err(e) => return Err(e.into()),
    };
    let mut line_no = 0u64;
    for line in BufReader::new(file).lines() {
        line_no += 1;
        let expected = out.entries + 1;
        let bad = |reason: String| Some(Problem { line: line_no, seq: expected, reason });
        let line = match line {
            Ok(l) => l,
            Err(_) => {
                out.problem = bad("not UTF-8 text".into());
                return Ok(out);
            }
        };
        let e: Entry = match serde_json::from_str(&line) {
            Ok(e) => e,
            Err(err) => {
                out.problem = bad(format!("not an audit entry: {err}"));
                return Ok(out);
            }
        };
        let problem = if e.seq > expected {
            Some(format!("gap: found seq {}, entries {expected} to {} are missing", e.seq, e.seq - 1))
        } else if e.seq < expected {
            Some(format!("reordered or repeated: found seq {} after seq {}", e.seq, expected - 1))
        } else if e.prev_hash != out.last_hash {
            Some(
                "prev_hash does not match the hash of the entry before: an entry before it was removed or altered"
                    .into(),
            )
        } else if e.hash != e.compute_hash() {
            Some("altered: the hash does not match the entry's content".into())
        } else {
            None
        };
        if let Some(reason) = problem {
            out.problem = bad(reason);
            return Ok(out);
        }
        out.entries = e.seq;
        out.last_hash = e.hash;
    }
    if let Some((seq, hash)) = head {
        if out.entries < *seq {
            out.problem = Some(Problem {
                line: line_no + 1,
                seq: out.entries + 1,
                reason: format!("truncated: the log ends at seq {}, the server wrote up to seq {seq}", out.entries),
            });
        } else if out.entries == *seq && out.last_hash != *hash {
            out.problem = Some(Problem {
                line: line_no,
                seq: *seq,
                reason: "the last entry differs from the one the server recorded".into(),
            });
        }
    }
    Ok(out)
}

/// Reads every entry of a log (for export and the auditor's view), without checking the chain.
pub fn read_all(path: &Path) -> Result<Vec<Entry>> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line?;
        out.push(serde_json::from_str(&line).map_err(|e| Error::BadRequest(format!("unreadable audit entry: {e}")))?);
    }
    Ok(out)
}
