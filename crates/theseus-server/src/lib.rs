//! The investigator workbench behind `theseus serve`: a local web application over one workspace (one case).
//!
//! It serves a page (HTML, script and style embedded in the binary, nothing fetched from elsewhere) and a
//! JSON API under `/api/` described by an OpenAPI document generated from the route table ([`api::ROUTES`]).
//! Users, case membership, sessions and case notes live in `server.sqlite` beside the catalogue ([`db`]);
//! every consultation, export, change and login is appended to the hash-chained `audit.jsonl` ([`audit`]);
//! victims are shown by pseudonym to roles without the `victim_data` permission ([`compartment`], [`auth`]).
//! Answers come from an in-memory [`index`] of the workspace's entities, transactions and latest analysis.
//!
//! Only this crate and the binary know HTTP; the engine crates below it do not.

pub mod api;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod compartment;
pub mod db;
pub mod error;
pub mod index;
pub mod jobs;
pub mod openapi;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use error::{Error, Result};
pub use jobs::AnalysisRunner;

/// Failed logins in a row after which a user name must wait.
pub const LOGIN_ATTEMPTS: u32 = 5;
/// How long it waits.
pub const LOGIN_LOCKOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark the session cookie `Secure` (only sent over HTTPS): set it when a TLS proxy fronts the server.
    pub secure_cookie: bool,
    /// Title of the case, for the page and the report.
    pub title: String,
}

impl Default for Config {
    fn default() -> Config {
        Config { secure_cookie: false, title: "Case".into() }
    }
}

/// Everything a request handler reaches.
pub struct AppState {
    root: PathBuf,
    case_id: String,
    secret: String,
    ws: Mutex<theseus_store::Workspace>,
    db: Mutex<db::Db>,
    audit: Mutex<audit::AuditLog>,
    index: RwLock<Arc<index::Index>>,
    jobs: Mutex<jobs::Jobs>,
    /// Failed logins per user name: how many in a row, and when the last was.
    failed_logins: Mutex<std::collections::HashMap<String, (u32, std::time::Instant)>>,
    runner: Arc<dyn AnalysisRunner>,
    /// How the server runs.
    pub config: Config,
}

/// Locks a mutex, going on when another thread panicked while holding it: every critical section here
/// leaves the data consistent at each step (the catalogue and database are transactional).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads the workspace into an index.
fn build_index(ws: &theseus_store::Workspace, secret: &str) -> Result<index::Index> {
    let analysis = match ws.latest_run("analysis")? {
        Some(run) => Some((
            run.id,
            serde_json::from_str(&run.result).map_err(|e| {
                Error::Internal(format!("stored analysis cannot be read; run `theseus analyze` again: {e}"))
            })?,
        )),
        None => None,
    };
    let txns = ws.transactions()?;
    let ents = ws.entities()?;
    let victims = match ws.latest_run("chain")? {
        Some(run) => compartment::chain_victims(&run.result),
        None => vec![],
    };
    Ok(index::Index::build(ents, &txns, analysis, &victims, secret))
}

impl AppState {
    /// Opens the server over a workspace: its database, its audit log (refused if it does not verify) and
    /// the index.
    pub fn new(ws: theseus_store::Workspace, runner: Arc<dyn AnalysisRunner>, config: Config) -> Result<Arc<AppState>> {
        let root = ws.root().to_path_buf();
        let db = db::Db::open(&root)?;
        let audit = audit::AuditLog::open(&root, db.audit_head()?)?;
        let secret = db.pseudonym_secret()?;
        let index = build_index(&ws, &secret)?;
        Ok(Arc::new(AppState {
            case_id: db.case_id().to_string(),
            root,
            secret,
            ws: Mutex::new(ws),
            db: Mutex::new(db),
            audit: Mutex::new(audit),
            index: RwLock::new(Arc::new(index)),
            jobs: Mutex::new(jobs::Jobs::default()),
            failed_logins: Mutex::new(Default::default()),
            runner,
            config,
        }))
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The case served.
    pub fn case_id(&self) -> &str {
        &self.case_id
    }

    fn ws(&self) -> MutexGuard<'_, theseus_store::Workspace> {
        lock(&self.ws)
    }

    fn db(&self) -> MutexGuard<'_, db::Db> {
        lock(&self.db)
    }

    fn jobs(&self) -> MutexGuard<'_, jobs::Jobs> {
        lock(&self.jobs)
    }

    /// The current index.
    pub fn index(&self) -> Arc<index::Index> {
        Arc::clone(&self.index.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Rebuilds the index from the workspace (after an analysis run).
    pub fn reload_index(&self) -> Result<()> {
        let ix = build_index(&self.ws(), &self.secret)?;
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(ix);
        Ok(())
    }

    /// Refuses a login attempt while a user name has [`LOGIN_ATTEMPTS`] failures in a row, the last less than
    /// [`LOGIN_LOCKOUT`] ago: password guessing gets a handful of tries a minute.
    fn check_login_allowed(&self, user: &str) -> Result<()> {
        let map = lock(&self.failed_logins);
        match map.get(user) {
            Some((n, last)) if *n >= LOGIN_ATTEMPTS && last.elapsed() < LOGIN_LOCKOUT => {
                Err(Error::TooManyRequests(format!("too many failed logins for {user}; try again in a minute")))
            }
            _ => Ok(()),
        }
    }

    fn login_failed(&self, user: &str) {
        let mut map = lock(&self.failed_logins);
        // Names that are not users cost memory too: forget stale entries before the map grows large.
        if map.len() > 10_000 {
            map.retain(|_, (_, last)| last.elapsed() < LOGIN_LOCKOUT);
        }
        let e = map.entry(user.to_string()).or_insert((0, std::time::Instant::now()));
        e.0 = if e.1.elapsed() >= LOGIN_LOCKOUT { 1 } else { e.0 + 1 };
        e.1 = std::time::Instant::now();
    }

    fn login_succeeded(&self, user: &str) {
        lock(&self.failed_logins).remove(user);
    }

    /// Appends to the audit log and records its new head. A request whose act cannot be logged fails.
    pub fn audit(&self, user: &str, action: &str, object: &str, reason: &str) -> Result<()> {
        let mut log = lock(&self.audit);
        let e = log.append(user, action, object, reason)?;
        self.db().set_audit_head(e.seq, &e.hash)
    }

    /// Syncs the audit log to disk.
    pub fn sync_audit(&self) -> Result<()> {
        lock(&self.audit).sync()
    }
}

/// The router: every route of [`api::ROUTES`], behind the guard, with a body limit and security headers.
pub fn router(state: Arc<AppState>) -> Router {
    use api::*;
    Router::new()
        .route("/", get(index_page))
        .route("/static/{file}", get(static_file))
        .route("/api/openapi.json", get(openapi))
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/session", get(session))
        .route("/api/status", get(status))
        .route("/api/entities", get(search))
        .route("/api/entities/{id}", get(entity))
        .route("/api/entities/{id}/network", get(network))
        .route("/api/alerts", get(alerts))
        .route("/api/alerts/{id}/disposition", post(dispose))
        .route("/api/notes", get(notes).post(add_note))
        .route("/api/report", get(report))
        .route("/api/exports/alerts.jsonl", get(export_alerts))
        .route("/api/exports/analysis.json", get(export_analysis))
        .route("/api/jobs", get(list_jobs).post(start_job))
        .route("/api/jobs/{id}", get(job))
        .route("/api/audit", get(audit_list))
        .route("/api/audit/verify", get(audit_verify))
        .route("/api/audit/export", get(audit_export))
        .route_layer(axum::middleware::from_fn_with_state(Arc::clone(&state), guard))
        .fallback(|| async { Error::NotFound("no such page".into()) })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

/// Serves until `shutdown` completes; syncs the audit log to disk a few times a second meanwhile.
pub async fn serve(
    state: Arc<AppState>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let st = Arc::clone(&state);
    let syncer = tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(200));
        loop {
            tick.tick().await;
            let st = Arc::clone(&st);
            if let Ok(Err(e)) = tokio::task::spawn_blocking(move || st.sync_audit()).await {
                eprintln!("error: syncing the audit log: {e}");
            }
        }
    });
    let result = axum::serve(listener, router(Arc::clone(&state))).with_graceful_shutdown(shutdown).await;
    syncer.abort();
    state.sync_audit().map_err(std::io::Error::other)?;
    result
}
