//! Routes, the permission each needs, and their handlers.
//!
//! [`ROUTES`] is the one description of the API: the router serves exactly these routes, the guard enforces
//! the permission each names (a route missing from the table is refused), and the OpenAPI document is
//! generated from it.

use std::sync::Arc;

use axum::extract::{FromRequest, MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::auth::{Permission, Role};
use crate::error::{Error, Result};
use crate::{AppState, assets, jobs};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "theseus_session";
/// Header that carries the CSRF token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 16 * 1024;

/// One route of the API.
#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    /// HTTP method.
    pub method: &'static str,
    /// Path, with `{param}` placeholders as the router writes them.
    pub path: &'static str,
    /// The permission it needs.
    pub permission: Permission,
    /// What it does.
    pub summary: &'static str,
    /// Query parameters: name, description.
    pub query: &'static [(&'static str, &'static str)],
    /// Name of the request body schema in the OpenAPI components, if it takes a JSON body.
    pub body: Option<&'static str>,
    /// Media type of a successful answer.
    pub produces: &'static str,
}

const JSON: &str = "application/json";

macro_rules! route {
    ($m:literal, $p:literal, $perm:ident, $s:literal) => {
        route!($m, $p, $perm, $s, [], None, JSON)
    };
    ($m:literal, $p:literal, $perm:ident, $s:literal, [$(($qn:literal, $qd:literal)),*], $body:expr, $prod:expr) => {
        RouteSpec { method: $m, path: $p, permission: Permission::$perm, summary: $s,
                    query: &[$(($qn, $qd)),*], body: $body, produces: $prod }
    };
}

/// Every route the server answers.
pub const ROUTES: &[RouteSpec] = &[
    route!("GET", "/", Public, "The workbench page.", [], None, "text/html"),
    route!(
        "GET",
        "/static/{file}",
        Public,
        "A file of the workbench page (script, style sheet).",
        [],
        None,
        "text/plain"
    ),
    route!("GET", "/api/openapi.json", Public, "This API's OpenAPI document."),
    route!(
        "POST",
        "/api/login",
        Public,
        "Log in; sets the session cookie and returns the CSRF token.",
        [],
        Some("Login"),
        JSON
    ),
    route!("POST", "/api/logout", Member, "End the session."),
    route!("GET", "/api/session", Member, "Who is logged in, their role and permissions, and the CSRF token."),
    route!("GET", "/api/status", Read, "The case: counts, the analysis run served, running jobs."),
    route!(
        "GET",
        "/api/entities",
        Read,
        "Search names, phones, e-mails, accounts and ad text.",
        [("q", "Search words; digits also match numbers written with other separators.")],
        None,
        JSON
    ),
    route!(
        "GET",
        "/api/entities/{id}",
        Read,
        "Everything known about an entity: properties, provenance, alerts, roles, accounts and flows, ads, timeline, notes."
    ),
    route!(
        "GET",
        "/api/entities/{id}/network",
        Read,
        "The network around an entity.",
        [("depth", "Steps out from the entity, 1 to 3 (default 1).")],
        None,
        JSON
    ),
    route!("GET", "/api/alerts", Read, "Alerts with their latest disposition."),
    route!(
        "POST",
        "/api/alerts/{id}/disposition",
        Dispose,
        "Record a decision on an alert: escalate, dismiss (reason required) or needs-information (reason required).",
        [],
        Some("Disposition"),
        JSON
    ),
    route!(
        "GET",
        "/api/notes",
        Read,
        "Case notes, newest first.",
        [("entity", "Only the notes on this entity.")],
        None,
        JSON
    ),
    route!("POST", "/api/notes", Note, "Add a case note, on the case or on one entity.", [], Some("NewNote"), JSON),
    route!("GET", "/api/report", Read, "The HTML case report of the analysis served.", [], None, "text/html"),
    route!(
        "GET",
        "/api/exports/alerts.jsonl",
        Export,
        "Alerts and their dispositions, JSON lines.",
        [],
        None,
        "application/x-ndjson"
    ),
    route!("GET", "/api/exports/analysis.json", Export, "The analysis served, as JSON."),
    route!("GET", "/api/jobs", Read, "Background jobs, newest first."),
    route!(
        "POST",
        "/api/jobs",
        RunJobs,
        "Start a background job (`analysis`: resolve, run the rule pack, store, re-index).",
        [],
        Some("NewJob"),
        JSON
    ),
    route!("GET", "/api/jobs/{id}", Read, "One job's state and progress."),
    route!(
        "GET",
        "/api/audit",
        AuditRead,
        "Audit log entries.",
        [("after", "Only entries after this sequence number."), ("limit", "At most this many entries (default 200).")],
        None,
        JSON
    ),
    route!("GET", "/api/audit/verify", AuditRead, "Check the audit log's hash chain."),
    route!("GET", "/api/audit/export", AuditRead, "The whole audit log, JSON lines.", [], None, "application/x-ndjson"),
];

/// The route a request matched.
pub fn spec(method: &Method, path: &str) -> Option<&'static RouteSpec> {
    // HEAD is answered by the GET route, under its permission.
    let method = if method == Method::HEAD { "GET" } else { method.as_str() };
    ROUTES.iter().find(|r| r.method == method && r.path == path)
}

/// Who is calling, as the guard found them.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Login name.
    pub user: String,
    /// Role.
    pub role: Role,
    /// The session's CSRF token.
    pub csrf: String,
    /// The session token (to log out).
    token: String,
}

impl Caller {
    fn victim_data(&self) -> bool {
        self.role.can(Permission::VictimData)
    }
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == SESSION_COOKIE).then(|| v.to_string())
    })
}

/// Checks the session, case membership, permission and CSRF token of every request, as [`ROUTES`] says.
pub async fn guard(
    State(st): State<Arc<AppState>>,
    matched: Option<MatchedPath>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(spec) = matched.as_ref().and_then(|m| spec(req.method(), m.as_str())) else {
        return Error::Forbidden("this route is not in the route table".into()).into_response();
    };
    if spec.permission == Permission::Public {
        return next.run(req).await;
    }
    let Some(token) = session_token(req.headers()) else { return Error::Unauthenticated.into_response() };
    let session = match st.db().session(&token) {
        Ok(Some(s)) => s,
        Ok(None) => return Error::Unauthenticated.into_response(),
        Err(e) => return e.into_response(),
    };
    if !session.member {
        return Error::Forbidden(format!("{} is not a member of this case", session.user)).into_response();
    }
    if !session.role.can(spec.permission) {
        return Error::Forbidden(format!("the {} role may not do this", session.role.name())).into_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let sent = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !crate::auth::constant_time_eq(sent, &session.csrf) {
            return Error::Forbidden(format!("missing or wrong {CSRF_HEADER} header")).into_response();
        }
    }
    req.extensions_mut().insert(Caller { user: session.user, role: session.role, csrf: session.csrf, token });
    next.run(req).await
}

/// Headers on every answer: no sniffing, no framing, no referrer, nothing cached.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    h.entry("content-security-policy").or_insert(HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    ));
    res
}

/// A JSON body whose rejections (malformed, too large, wrong type) answer in the server's error format.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;
    async fn from_request(req: Request, state: &S) -> std::result::Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rej) => {
                let status = rej.status();
                let code = match status {
                    StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
                    _ => "bad_request",
                };
                let status = if status == StatusCode::UNPROCESSABLE_ENTITY { StatusCode::BAD_REQUEST } else { status };
                Err((status, Json(json!({"error": {"code": code, "message": rej.body_text()}}))).into_response())
            }
        }
    }
}

/// Answers with JSON, victims redacted unless the caller may see them.
fn reply(st: &AppState, caller: &Caller, mut v: Value) -> Response {
    if !caller.victim_data() {
        st.index().compartment.redact_value(&mut v);
    }
    Json(v).into_response()
}

/// Rejects ids that cannot be ids, before any lookup.
fn check_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 512 || id.contains("..") || id.contains('/') || id.chars().any(char::is_control) {
        return Err(Error::BadRequest("malformed id".into()));
    }
    Ok(())
}

// ---- pages ----

/// The workbench page.
pub async fn index_page() -> Response {
    Html(assets::INDEX_HTML).into_response()
}

/// A file of the page, from the fixed set embedded in the binary.
pub async fn static_file(Path(file): Path<String>) -> Result<Response> {
    let (body, mime) = assets::get(&file).ok_or_else(|| Error::NotFound(format!("no file {file}")))?;
    Ok(([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "no-cache")], body).into_response())
}

/// The OpenAPI document.
pub async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

// ---- sessions ----

/// A login request.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    user: String,
    password: String,
}

fn session_json(st: &AppState, user: &str, role: Role, csrf: &str) -> Value {
    json!({"user": user, "role": role, "permissions": role.permissions(), "csrf": csrf,
           "case": st.case_id(), "victim_data": role.can(Permission::VictimData)})
}

/// Logs in.
pub async fn login(State(st): State<Arc<AppState>>, ApiJson(req): ApiJson<LoginRequest>) -> Result<Response> {
    if req.user.len() > 64 || req.password.len() > 1024 {
        return Err(Error::BadRequest("user or password too long".into()));
    }
    st.check_login_allowed(&req.user)?;
    let stored = st.db().password_hash(&req.user)?;
    let password = req.password;
    let check = stored.clone();
    let ok = tokio::task::spawn_blocking(move || {
        crate::auth::verify_password(&password, check.as_deref().unwrap_or(crate::auth::DUMMY_HASH))
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
        && stored.is_some();
    if !ok {
        st.login_failed(&req.user);
        st.audit(&req.user, "login_failed", "session", "")?;
        return Err(Error::Unauthenticated);
    }
    st.login_succeeded(&req.user);
    let token = st.db().open_session(&req.user)?;
    let session = st.db().session(&token)?.ok_or_else(|| Error::Internal("new session not found".into()))?;
    st.audit(&req.user, "login", "session", "")?;
    let cookie = format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200{}",
        if st.config.secure_cookie { "; Secure" } else { "" }
    );
    let mut res = Json(session_json(&st, &session.user, session.role, &session.csrf)).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|e| Error::Internal(e.to_string()))?);
    Ok(res)
}

/// Logs out.
pub async fn logout(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Result<Response> {
    st.db().logout(&c.token)?;
    st.audit(&c.user, "logout", "session", "")?;
    let mut res = Json(json!({"ok": true})).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("theseus_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    Ok(res)
}

/// The caller's session.
pub async fn session(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Json<Value> {
    Json(session_json(&st, &c.user, c.role, &c.csrf))
}

/// The case's state.
pub async fn status(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Result<Response> {
    let ix = st.index();
    let s = &ix.analysis.stats;
    let v = json!({"case": st.case_id(), "title": st.config.title, "run": ix.run_id, "documents": ix.len(),
        "transactions": s.transactions, "accounts": s.accounts, "entities": s.entities,
        "subjects_flagged": s.subjects_flagged, "subjects_alerted": s.subjects_alerted, "period": s.period,
        "victims_in_compartment": ix.compartment.len(), "notices": ix.analysis.notices,
        "jobs_running": st.jobs().running()});
    Ok(reply(&st, &c, v))
}

// ---- entities ----

/// Search query.
#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// Searches.
pub async fn search(
    State(st): State<Arc<AppState>>,
    Extension(c): Extension<Caller>,
    Query(q): Query<SearchQuery>,
) -> Result<Response> {
    if q.q.len() > 200 {
        return Err(Error::BadRequest("query longer than 200 characters".into()));
    }
    st.audit(&c.user, "search", &q.q, "")?;
    let (total, results) = st.index().search(&q.q, c.victim_data());
    Ok(reply(&st, &c, json!({"query": q.q, "total": total, "results": results})))
}

/// One entity's page.
pub async fn entity(
    State(st): State<Arc<AppState>>,
    Extension(c): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Response> {
    check_id(&id)?;
    let ix = st.index();
    if !ix.contains(&id) {
        return Err(Error::NotFound(format!("no entity {id}")));
    }
    st.audit(&c.user, "consult", &format!("entity:{id}"), "")?;
    let mut v = ix.entity(&id, c.victim_data()).ok_or_else(|| Error::NotFound(format!("no entity {id}")))?;
    let subject = ix.subject_id(&id).unwrap_or(&id).to_string();
    let alerts: Vec<_> = st.ws().alerts()?.into_iter().filter(|a| a.subject == subject).collect();
    v["alerts"] = serde_json::to_value(alerts).map_err(|e| Error::Internal(e.to_string()))?;
    v["notes"] = serde_json::to_value(st.db().notes(Some(&id))?).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(reply(&st, &c, v))
}

/// Network depth.
#[derive(Deserialize)]
pub struct DepthQuery {
    depth: Option<usize>,
}

/// The network around an entity.
pub async fn network(
    State(st): State<Arc<AppState>>,
    Extension(c): Extension<Caller>,
    Path(id): Path<String>,
    Query(q): Query<DepthQuery>,
) -> Result<Response> {
    check_id(&id)?;
    let depth = q.depth.unwrap_or(1);
    if !(1..=3).contains(&depth) {
        return Err(Error::BadRequest("depth is 1, 2 or 3".into()));
    }
    let ix = st.index();
    if !ix.contains(&id) {
        return Err(Error::NotFound(format!("no entity {id}")));
    }
    st.audit(&c.user, "consult", &format!("network:{id}"), "")?;
    let v = ix.network(&id, depth, c.victim_data()).ok_or_else(|| Error::NotFound(format!("no entity {id}")))?;
    Ok(reply(&st, &c, v))
}

// ---- alerts ----

/// The alert list.
pub async fn alerts(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Result<Response> {
    st.audit(&c.user, "consult", "alerts", "")?;
    let alerts = st.ws().alerts()?;
    let ix = st.index();
    let mut v = serde_json::to_value(&alerts).map_err(|e| Error::Internal(e.to_string()))?;
    if let Some(items) = v.as_array_mut() {
        for a in items.iter_mut() {
            let subject = a["subject"].as_str().unwrap_or_default().to_string();
            let victim = ix.analysis.subjects.iter().find(|s| s.id == subject).and_then(|s| s.victim_warning.clone());
            a["victim_warning"] = json!(victim);
            if !c.victim_data()
                && let Some(p) = ix.compartment.pseudonym(&subject)
            {
                a["subject_name"] = json!(p);
            }
        }
    }
    Ok(reply(&st, &c, json!({"alerts": v})))
}

/// A decision on an alert.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispositionRequest {
    decision: String,
    #[serde(default)]
    reason: String,
}

/// Records a decision on an alert.
pub async fn dispose(
    State(st): State<Arc<AppState>>,
    Extension(c): Extension<Caller>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DispositionRequest>,
) -> Result<Response> {
    check_id(&id)?;
    let decision = match req.decision.as_str() {
        "escalate" => "escalate",
        "dismiss" => "dismiss",
        "needs-information" | "needs_information" => "needs_information",
        other => {
            return Err(Error::BadRequest(format!("decision '{other}' is not escalate, dismiss or needs-information")));
        }
    };
    if decision != "escalate" && req.reason.trim().is_empty() {
        return Err(Error::BadRequest(format!("a {} decision needs a reason", req.decision)));
    }
    if req.reason.len() > 4000 {
        return Err(Error::BadRequest("reason longer than 4000 characters".into()));
    }
    if !st.ws().alerts()?.iter().any(|a| a.id == id) {
        return Err(Error::NotFound(format!("no alert {id}")));
    }
    // Logged before it is made: a change the log does not hold must not happen.
    st.audit(&c.user, "change", &format!("alert:{id} disposition={decision}"), &req.reason)?;
    st.ws().dispose(&id, decision, &req.reason, &c.user)?;
    let alert = st.ws().alerts()?.into_iter().find(|a| a.id == id);
    Ok(reply(&st, &c, json!({"alert": alert})))
}

// ---- notes ----

/// Notes filter.
#[derive(Deserialize)]
pub struct NotesQuery {
    entity: Option<String>,
}

/// Lists notes.
pub async fn notes(
    State(st): State<Arc<AppState>>,
    Extension(c): Extension<Caller>,
    Query(q): Query<NotesQuery>,
) -> Result<Response> {
    if let Some(e) = &q.entity {
        check_id(e)?;
    }
    st.audit(&c.user, "consult", &format!("notes:{}", q.entity.as_deref().unwrap_or("case")), "")?;
    let notes = st.db().notes(q.entity.as_deref())?;
    Ok(reply(&st, &c, json!({"notes": notes})))
}

/// A new note.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    #[serde(default)]
    entity: Option<String>,
    text: String,
}

/// Adds a note.
pub async fn add_note(
    State(st): State<Arc<AppState>>,
    Extension(c): Extension<Caller>,
    ApiJson(req): ApiJson<NewNote>,
) -> Result<Response> {
    if req.text.trim().is_empty() || req.text.len() > 8000 {
        return Err(Error::BadRequest("a note has 1 to 8000 characters".into()));
    }
    if let Some(e) = &req.entity {
        check_id(e)?;
        if !st.index().contains(e) {
            return Err(Error::NotFound(format!("no entity {e}")));
        }
    }
    st.audit(&c.user, "change", &format!("note:{}", req.entity.as_deref().unwrap_or("case")), "")?;
    let note = st.db().add_note(req.entity.as_deref(), &c.user, req.text.trim())?;
    Ok(reply(&st, &c, json!({"note": note})))
}

// ---- report and exports ----

/// The HTML report, victims pseudonymised for callers without `victim_data`.
pub async fn report(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Result<Response> {
    st.audit(&c.user, "consult", "report", "")?;
    let ix = st.index();
    let (files, quarantine_count, alerts) = {
        let ws = st.ws();
        (ws.files()?, ws.quarantine()?.iter().filter(|q| q.severity == "rejected").count(), ws.alerts()?)
    };
    let hide = !c.victim_data();
    let analysis = if hide { ix.compartment.redact_analysis(&ix.analysis) } else { ix.analysis.clone() };
    let meta = theseus_report::ReportMeta {
        title: st.config.title.clone(),
        workspace: st.case_id().to_string(),
        generated_at: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        files: files
            .into_iter()
            .map(|f| theseus_report::EvidenceFile {
                name: f.file_name,
                sha256: f.sha256,
                size: f.size,
                batch: f.first_batch,
            })
            .collect(),
        quarantine_count,
        theseus_version: env!("CARGO_PKG_VERSION").to_string(),
        alerts: alerts
            .into_iter()
            .map(|al| theseus_report::AlertState {
                subject: al.subject,
                alert: al.id,
                detail: al
                    .disposition
                    .as_ref()
                    .map(|d| format!("{} ({}, {})", d.reason, d.actor, d.at))
                    .unwrap_or_default(),
                decision: al.disposition.map(|d| d.decision),
            })
            .collect(),
    };
    let mut html = theseus_report::render_html(&analysis, &meta);
    if hide {
        html = ix.compartment.redact(&html);
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // The report is one self-contained file: inline style, pictures as data, nothing fetched.
            (
                header::HeaderName::from_static("content-security-policy"),
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
            ),
        ],
        html,
    )
        .into_response())
}

fn download(name: &str, mime: &'static str, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut res = ([(header::CONTENT_TYPE, mime)], body).into_response();
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// Alerts as JSON lines.
pub async fn export_alerts(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Result<Response> {
    st.audit(&c.user, "export", "export:alerts.jsonl", "")?;
    let alerts = st.ws().alerts()?;
    let ix = st.index();
    let mut out = String::new();
    for a in alerts {
        let mut v = serde_json::to_value(&a).map_err(|e| Error::Internal(e.to_string()))?;
        if !c.victim_data() {
            if let Some(p) = ix.compartment.pseudonym(&a.subject) {
                v["subject_name"] = json!(p);
            }
            ix.compartment.redact_value(&mut v);
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    Ok(download("alerts.jsonl", "application/x-ndjson", out))
}

/// The analysis as JSON.
pub async fn export_analysis(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Result<Response> {
    st.audit(&c.user, "export", "export:analysis.json", "")?;
    let ix = st.index();
    let a = if c.victim_data() { ix.analysis.clone() } else { ix.compartment.redact_analysis(&ix.analysis) };
    let body = serde_json::to_string(&a).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(download("analysis.json", "application/json", body))
}

// ---- jobs ----

/// A job to start.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewJob {
    kind: String,
}

/// Starts a job.
pub async fn start_job(
    State(st): State<Arc<AppState>>,
    Extension(c): Extension<Caller>,
    ApiJson(req): ApiJson<NewJob>,
) -> Result<Response> {
    if req.kind != "analysis" {
        return Err(Error::BadRequest(format!("unknown job kind '{}' (analysis)", req.kind)));
    }
    let job = jobs::start_analysis(&st, &c.user)?;
    Ok((StatusCode::ACCEPTED, Json(json!({"job": job}))).into_response())
}

/// Lists jobs.
pub async fn list_jobs(State(st): State<Arc<AppState>>) -> Json<Value> {
    Json(json!({"jobs": st.jobs().list()}))
}

/// One job.
pub async fn job(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<Value>> {
    let id: u64 = id.parse().map_err(|_| Error::BadRequest("a job id is a number".into()))?;
    let job = st.jobs().get(id).ok_or_else(|| Error::NotFound(format!("no job {id}")))?;
    Ok(Json(json!({"job": job})))
}

// ---- audit ----

/// Audit paging.
#[derive(Deserialize)]
pub struct AuditQuery {
    after: Option<u64>,
    limit: Option<usize>,
}

/// Reads audit entries.
pub async fn audit_list(
    State(st): State<Arc<AppState>>,
    Extension(c): Extension<Caller>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Value>> {
    st.audit(&c.user, "consult", "audit", "")?;
    let after = q.after.unwrap_or(0);
    let limit = q.limit.unwrap_or(200).min(5000);
    let all = crate::audit::read_all(&st.root().join(crate::audit::AUDIT_FILE))?;
    let total = all.len();
    let entries: Vec<_> = all.into_iter().filter(|e| e.seq > after).take(limit).collect();
    Ok(Json(json!({"total": total, "entries": entries})))
}

/// Verifies the audit log.
pub async fn audit_verify(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Result<Json<Value>> {
    st.audit(&c.user, "consult", "audit:verify", "")?;
    let head = st.db().audit_head()?;
    let v = crate::audit::verify(&st.root().join(crate::audit::AUDIT_FILE), head.as_ref())?;
    Ok(Json(json!({"ok": v.problem.is_none(), "entries": v.entries, "problem": v.problem})))
}

/// Exports the audit log.
pub async fn audit_export(State(st): State<Arc<AppState>>, Extension(c): Extension<Caller>) -> Result<Response> {
    st.audit(&c.user, "export", "export:audit.jsonl", "")?;
    let body = std::fs::read_to_string(st.root().join(crate::audit::AUDIT_FILE))?;
    Ok(download("audit.jsonl", "application/x-ndjson", body))
}
