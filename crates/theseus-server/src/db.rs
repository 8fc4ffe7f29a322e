//! The server's own database, `server.sqlite` in the workspace folder: users, case membership, sessions,
//! case notes and the head of the audit log. Kept apart from the catalogue so that the evidence store never
//! depends on the server, and so that the admin commands can change users while the server runs.

use std::path::Path;

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth::{self, Role};
use crate::error::{Error, Result};

/// File name of the server database inside the workspace.
pub const DB_FILE: &str = "server.sqlite";

/// How long a session lives without a new login.
const SESSION_HOURS: i64 = 12;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users(
    name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members(user TEXT NOT NULL, case_id TEXT NOT NULL, PRIMARY KEY(user, case_id));
CREATE TABLE IF NOT EXISTS sessions(
    token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, csrf TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes(
    id INTEGER PRIMARY KEY, case_id TEXT NOT NULL, entity TEXT, author TEXT NOT NULL, created_at TEXT NOT NULL,
    text TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS notes_no_update BEFORE UPDATE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;
"#;

/// A user as the admin commands list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserInfo {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Whether the user is a member of this workspace's case.
    pub member: bool,
    /// When created (RFC 3339).
    pub created_at: String,
}

/// A logged-in user, as a request sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Login name.
    pub user: String,
    /// Role.
    pub role: Role,
    /// Whether the user is a member of the case the server serves.
    pub member: bool,
    /// The session's CSRF token, to be sent back in `X-CSRF-Token` on every state-changing request.
    pub csrf: String,
}

/// A case note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Note id.
    pub id: i64,
    /// The entity it is about, if any.
    pub entity: Option<String>,
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// The text.
    pub text: String,
}

/// The server database of one workspace.
#[derive(Debug)]
pub struct Db {
    conn: Connection,
    case_id: String,
}

impl Db {
    /// Opens (creating if needed) the server database of the workspace in `ws_dir`.
    pub fn open(ws_dir: &Path) -> Result<Db> {
        let conn = Connection::open(ws_dir.join(DB_FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // WAL with NORMAL survives a crash of the process; the audit log itself is synced on its own.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        let mut db = Db { conn, case_id: String::new() };
        // The case is the workspace: named by its folder, with a random secret for pseudonyms, made once.
        let name = ws_dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "case".into());
        db.case_id = db.meta_or_init("case_id", || name)?;
        db.meta_or_init("pseudonym_secret", auth::random_token)?;
        db.meta_or_init("session_key", auth::random_token)?;
        Ok(db)
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    fn meta_or_init(&self, key: &str, make: impl FnOnce() -> String) -> Result<String> {
        if let Some(v) = self.meta(key)? {
            return Ok(v);
        }
        let v = make();
        self.conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?1, ?2)", [key, &v])?;
        Ok(self.meta(key)?.unwrap_or(v))
    }

    /// The case this workspace is.
    pub fn case_id(&self) -> &str {
        &self.case_id
    }

    /// The secret that keys victims' pseudonyms, so that a pseudonym cannot be recomputed from an id.
    pub fn pseudonym_secret(&self) -> Result<String> {
        self.meta("pseudonym_secret")?.ok_or_else(|| Error::Internal("no pseudonym secret".into()))
    }

    /// Creates a user with a role, as a member of this case.
    pub fn create_user(&mut self, name: &str, role: Role, password: &str) -> Result<()> {
        if name.is_empty() || name.len() > 64 || !name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
            return Err(Error::BadRequest("a user name is 1 to 64 letters, digits, '.', '_' or '-'".into()));
        }
        let hash = auth::hash_password(password)?;
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "INSERT OR IGNORE INTO users(name, role, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.name(), hash, Utc::now().to_rfc3339()],
        )?;
        if n == 0 {
            return Err(Error::Conflict(format!("user '{name}' exists")));
        }
        tx.execute("INSERT OR IGNORE INTO members(user, case_id) VALUES (?1, ?2)", [name, &self.case_id])?;
        tx.commit()?;
        Ok(())
    }

    fn require_user(&self, name: &str) -> Result<()> {
        let known: Option<String> =
            self.conn.query_row("SELECT name FROM users WHERE name = ?1", [name], |r| r.get(0)).optional()?;
        known.map(|_| ()).ok_or_else(|| Error::NotFound(format!("no user '{name}'")))
    }

    /// Changes a user's role; their open sessions end, so the new role applies at once.
    pub fn set_role(&mut self, name: &str, role: Role) -> Result<()> {
        self.require_user(name)?;
        self.conn.execute("UPDATE users SET role = ?2 WHERE name = ?1", [name, role.name()])?;
        self.conn.execute("DELETE FROM sessions WHERE user = ?1", [name])?;
        Ok(())
    }

    /// Sets a new password; the user's open sessions end.
    pub fn reset_password(&mut self, name: &str, password: &str) -> Result<()> {
        self.require_user(name)?;
        let hash = auth::hash_password(password)?;
        self.conn.execute("UPDATE users SET hash = ?2 WHERE name = ?1", [name, &hash])?;
        self.conn.execute("DELETE FROM sessions WHERE user = ?1", [name])?;
        Ok(())
    }

    /// Makes a user a member of this case, or (`member == false`) removes them and ends their sessions.
    pub fn set_member(&mut self, name: &str, member: bool) -> Result<()> {
        self.require_user(name)?;
        if member {
            self.conn.execute("INSERT OR IGNORE INTO members(user, case_id) VALUES (?1, ?2)", [name, &self.case_id])?;
        } else {
            self.conn.execute("DELETE FROM members WHERE user = ?1 AND case_id = ?2", [name, &self.case_id])?;
            self.conn.execute("DELETE FROM sessions WHERE user = ?1", [name])?;
        }
        Ok(())
    }

    /// All users.
    pub fn users(&self) -> Result<Vec<UserInfo>> {
        let mut st = self.conn.prepare(
            "SELECT name, role, created_at, EXISTS(SELECT 1 FROM members m WHERE m.user = u.name AND m.case_id = ?1)
             FROM users u ORDER BY name",
        )?;
        let rows = st.query_map([&self.case_id], |r| {
            Ok(UserInfo { name: r.get(0)?, role: r.get(1)?, created_at: r.get(2)?, member: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the key that session tokens are checked with, and ends every session.
    pub fn rotate_session_key(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('session_key', ?1)", [auth::random_token()])?;
        tx.execute("DELETE FROM sessions", [])?;
        tx.commit()?;
        Ok(())
    }

    fn token_hash(&self, token: &str) -> Result<String> {
        let key = self.meta("session_key")?.ok_or_else(|| Error::Internal("no session key".into()))?;
        Ok(hex::encode(Sha256::new().chain_update(key).chain_update(token).finalize()))
    }

    /// The stored password hash of a user, if the user exists.
    pub fn password_hash(&self, name: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT hash FROM users WHERE name = ?1", [name], |r| r.get(0)).optional()?)
    }

    /// Opens a session for a user whose password was checked, and returns its token.
    pub fn open_session(&mut self, name: &str) -> Result<String> {
        let token = auth::random_token();
        let expires = (Utc::now() + chrono::Duration::hours(SESSION_HOURS)).to_rfc3339();
        self.conn.execute(
            "INSERT INTO sessions(token_hash, user, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![self.token_hash(&token)?, name, auth::random_token(), expires],
        )?;
        Ok(token)
    }

    /// Checks a password; on success opens a session and returns its token. An unknown user costs the same
    /// time as a wrong password.
    pub fn login(&mut self, name: &str, password: &str) -> Result<Option<String>> {
        let stored = self.password_hash(name)?;
        if !auth::verify_password(password, stored.as_deref().unwrap_or(auth::DUMMY_HASH)) || stored.is_none() {
            return Ok(None);
        }
        self.open_session(name).map(Some)
    }

    /// The session a token opens, if it is valid and not expired.
    pub fn session(&self, token: &str) -> Result<Option<Session>> {
        if token.len() != 64 {
            return Ok(None);
        }
        let hash = self.token_hash(token)?;
        let row: Option<(String, String, String, String, bool)> = self
            .conn
            .query_row(
                "SELECT s.user, u.role, s.csrf, s.expires_at,
                        EXISTS(SELECT 1 FROM members m WHERE m.user = s.user AND m.case_id = ?2)
                 FROM sessions s JOIN users u ON u.name = s.user WHERE s.token_hash = ?1",
                [&hash, &self.case_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((user, role, csrf, expires, member)) = row else { return Ok(None) };
        if chrono::DateTime::parse_from_rfc3339(&expires).map_or(true, |e| e < Utc::now()) {
            self.conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [&hash])?;
            return Ok(None);
        }
        Ok(Some(Session { user, role: Role::parse(&role)?, member, csrf }))
    }

    /// Ends a session.
    pub fn logout(&mut self, token: &str) -> Result<()> {
        let hash = self.token_hash(token)?;
        self.conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [hash])?;
        Ok(())
    }

    /// Adds a case note.
    pub fn add_note(&mut self, entity: Option<&str>, author: &str, text: &str) -> Result<Note> {
        let created_at = Utc::now().to_rfc3339();
        self.conn.execute(
            "INSERT INTO notes(case_id, entity, author, created_at, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![self.case_id, entity, author, created_at, text],
        )?;
        Ok(Note {
            id: self.conn.last_insert_rowid(),
            entity: entity.map(str::to_string),
            author: author.into(),
            created_at,
            text: text.into(),
        })
    }

    /// The case's notes, newest first; only those on `entity` when given.
    pub fn notes(&self, entity: Option<&str>) -> Result<Vec<Note>> {
        let mut st = self.conn.prepare(
            "SELECT id, entity, author, created_at, text FROM notes
             WHERE case_id = ?1 AND (?2 IS NULL OR entity = ?2) ORDER BY id DESC",
        )?;
        let rows = st.query_map(params![self.case_id, entity], |r| {
            Ok(Note { id: r.get(0)?, entity: r.get(1)?, author: r.get(2)?, created_at: r.get(3)?, text: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last audit entry the server wrote (sequence number and hash), to detect a log cut short.
    pub fn audit_head(&self) -> Result<Option<(u64, String)>> {
        let seq = self.meta("audit_seq")?;
        let hash = self.meta("audit_hash")?;
        Ok(match (seq, hash) {
            (Some(s), Some(h)) => Some((s.parse().map_err(|_| Error::Internal("bad audit_seq".into()))?, h)),
            _ => None,
        })
    }

    /// Records the last audit entry written.
    pub fn set_audit_head(&mut self, seq: u64, hash: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_seq', ?1)", [seq.to_string()])?;
        tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_hash', ?1)", [hash])?;
        tx.commit()?;
        Ok(())
    }
}
