//! Roles, permissions and passwords.
//!
//! The matrix (also in `docs/serve.md`): a role is a fixed set of permissions; routes name the one
//! permission they need (see [`crate::api::ROUTES`]).
//!
//! | permission    | analyst | investigator | prosecutor | supervisor | auditor |
//! |---------------|---------|--------------|------------|------------|---------|
//! | `read`        | yes     | yes          | yes        | yes        |         |
//! | `victim_data` |         | yes          | yes        |            |         |
//! | `dispose`     | yes     | yes          |            | yes        |         |
//! | `note`        | yes     | yes          | yes        | yes        |         |
//! | `export`      | yes     | yes          | yes        | yes        |         |
//! | `run_jobs`    | yes     | yes          |            | yes        |         |
//! | `audit_read`  |         |              |            | yes        | yes     |

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::Serialize;

use crate::error::{Error, Result};

/// A role: what a member of a case may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Works the data: search, triage, notes, exports, analysis runs; sees victims by pseudonym.
    Analyst,
    /// Leads the case: everything an analyst does, and sees victims' identities.
    Investigator,
    /// Reads the case and its victims' identities, writes notes and exports; changes nothing else.
    Prosecutor,
    /// Oversees: triage, notes, exports, runs, and reads the audit log; sees victims by pseudonym.
    Supervisor,
    /// Reads and exports the audit log only; no case data.
    Auditor,
}

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// No login needed (the login itself, the page and its assets).
    Public,
    /// Any logged-in user who is a member of the case (their own session, logout).
    Member,
    /// Search, entity pages, network, alerts, notes, report.
    Read,
    /// See victims' identities instead of pseudonyms.
    VictimData,
    /// Record decisions on alerts.
    Dispose,
    /// Write case notes.
    Note,
    /// Download exports.
    Export,
    /// Start background jobs (analysis).
    RunJobs,
    /// Read and export the audit log.
    AuditRead,
}

impl Role {
    /// Every role, in the order of the matrix.
    pub const ALL: [Role; 5] = [Role::Analyst, Role::Investigator, Role::Prosecutor, Role::Supervisor, Role::Auditor];

    /// The role's name as stored and typed.
    pub fn name(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Investigator => "investigator",
            Role::Prosecutor => "prosecutor",
            Role::Supervisor => "supervisor",
            Role::Auditor => "auditor",
        }
    }

    /// Parses a role name.
    pub fn parse(s: &str) -> Result<Role> {
        Role::ALL.into_iter().find(|r| r.name() == s).ok_or_else(|| {
            Error::BadRequest(format!("unknown role '{s}' (analyst, investigator, prosecutor, supervisor, auditor)"))
        })
    }

    /// Whether the role has a permission.
    pub fn can(self, p: Permission) -> bool {
        use Permission::*;
        match p {
            Public | Member => true,
            Read | Note | Export => self != Role::Auditor,
            VictimData => matches!(self, Role::Investigator | Role::Prosecutor),
            Dispose | RunJobs => matches!(self, Role::Analyst | Role::Investigator | Role::Supervisor),
            AuditRead => matches!(self, Role::Supervisor | Role::Auditor),
        }
    }

    /// The permissions the role has, for the UI.
    pub fn permissions(self) -> Vec<Permission> {
        use Permission::*;
        [Read, VictimData, Dispose, Note, Export, RunJobs, AuditRead].into_iter().filter(|p| self.can(*p)).collect()
    }
}

/// Hashes a password with Argon2id (the crate's defaults: 19 MiB, 2 passes) and a random salt.
pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < 10 {
        return Err(Error::BadRequest("a password needs at least 10 characters".into()));
    }
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| Error::Internal(e.to_string()))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(e.to_string()))
}

/// Whether `password` matches a stored hash.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A password hash that never matches, checked when the user is unknown so that the answer takes as long as
/// for a known user.
pub(crate) const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0dc7mXOrkuLTWkNb1AJp3ZNVZm+aSw2mOHrrn7Gxx5U";

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system provides randomness");
    b
}

/// A random token, hex.
pub fn random_token() -> String {
    hex::encode(random_bytes::<32>())
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
