//! A small case: an alerted controller, a likely victim with a phone in an ad, a company; one user per role.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use theseus_model::{Entity, Locator, Parsed, Provenance};
use theseus_server::auth::Role;
use theseus_server::db::Db;
use theseus_store::{NewAlert, Workspace};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";
pub const VICTIM_NAME: &str = "Maria Lopata";
pub const VICTIM_PHONE: &str = "+4915199990000";
pub const BOSS_PHONE: &str = "+4915112345678";

/// A runner that stores nothing: jobs finish at once.
struct NoopRunner;
impl theseus_server::AnalysisRunner for NoopRunner {
    fn run(&self, _ws: &Mutex<Workspace>, progress: &dyn Fn(&str, f64)) -> Result<(), String> {
        progress("nothing to do", 0.5);
        Ok(())
    }
}

fn entity(id: &str, schema: &str, props: &[(&str, &str)], line: u64) -> Entity {
    let mut properties: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in props {
        properties.entry(k.to_string()).or_default().push(v.to_string());
    }
    Entity {
        id: id.into(),
        schema: schema.into(),
        properties,
        provenance: Provenance {
            sha256: "ab".repeat(32),
            file_name: "registry.ftm.jsonl".into(),
            locator: Locator::Line { line },
            extractor: "ftm".into(),
            extractor_version: "1".into(),
            ingested_at: chrono::Utc::now(),
            batch: 1,
        },
    }
}

pub struct Case {
    pub dir: tempfile::TempDir,
    pub state: Arc<theseus_server::AppState>,
}

pub fn case() -> Case {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("case1");
    let mut ws = Workspace::init(&root).unwrap();
    let ents = vec![
        entity("p-boss", "Person", &[("name", "Viktor Hale"), ("phone", BOSS_PHONE)], 1),
        entity(
            "p-victim",
            "Person",
            &[("name", VICTIM_NAME), ("phone", VICTIM_PHONE), ("email", "maria.l@example.org")],
            2,
        ),
        entity("c-1", "Company", &[("name", "Hale Logistics GmbH")], 3),
        entity(
            "ad-1",
            "Advertisement",
            &[("title", "New in town"), ("bodyText", "Sweet girl, 21, call +4915199990000"), ("phone", VICTIM_PHONE)],
            4,
        ),
    ];
    {
        let mut batch = ws.batch().unwrap();
        let parsed = Parsed { transactions: vec![], entities: ents, diagnostics: vec![], records_seen: 4 };
        batch.add_file("registry.ftm.jsonl", b"{}", &"ab".repeat(32), "ftm", parsed).unwrap();
        batch.commit("test").unwrap();
    }
    let subject = |id: &str, name: &str, alert: bool, victim: bool| {
        json!({"id": id, "name": name, "accounts": [], "entities": [id], "score": if alert {9.5} else {4.0}, "alert": alert,
               "hits": [{"code": "THB-001", "title": "Test rule", "finding": format!("{name} received 12 payments"),
                         "account": "", "weight": 2.0, "roles": ["X"], "evidence": [], "period": ["2026-01-01", "2026-02-01"]}],
               "score_explained": [], "roles": if victim { json!({"V": 2.0}) } else { json!({"X": 8.0, "V": 3.0}) },
               "victim_warning": if victim { json!("indicators point to a victim") } else { Value::Null },
               "corroboration": []})
    };
    let analysis = json!({
        "subjects": [subject("p-boss", "Viktor Hale", true, false), subject("p-victim", VICTIM_NAME, true, true)],
        "network": {"nodes": [
            {"id": "p-boss", "label": "Viktor Hale", "kind": "person", "score": 9.5, "alert": true, "victim_warning": false},
            {"id": "p-victim", "label": VICTIM_NAME, "kind": "person", "score": 4.0, "alert": true, "victim_warning": true},
            {"id": "c-1", "label": "Hale Logistics GmbH", "kind": "company", "score": 0.0, "alert": false, "victim_warning": false}],
          "edges": [
            {"from": "p-boss", "to": "p-victim", "kind": "payment", "label": "EUR 3000", "evidence": []},
            {"from": "p-boss", "to": "c-1", "kind": "directorship", "label": "director", "evidence": []}]},
        "hubs": [], "timeline": [{"ts": "2026-01-05T10:00:00", "subject": "p-victim", "code": "THB-001",
                                  "text": format!("{VICTIM_NAME} paid rent"), "record": "r1"}],
        "sources": {}, "notices": [], "stats": {"transactions": 0, "accounts": 0, "entities": 4, "identifier_links": 0,
                                                "subjects_flagged": 2, "subjects_alerted": 2, "period": null}
    });
    let a: theseus_analysis::Analysis = serde_json::from_value(analysis).unwrap();
    let run = ws.save_run("analysis", &serde_json::to_string(&a).unwrap()).unwrap();
    let alert = |id: &str, subject: &str, name: &str| NewAlert {
        id: id.into(),
        subject: subject.into(),
        subject_name: name.into(),
        kind: "first-pass".into(),
        score: 9.0,
        summary: format!("Sexual exploitation — THB-001 ({name})"),
    };
    ws.record_alerts(run, &[alert("A-boss", "p-boss", "Viktor Hale"), alert("A-victim", "p-victim", VICTIM_NAME)])
        .unwrap();
    {
        let mut db = Db::open(&root).unwrap();
        for r in Role::ALL {
            db.create_user(&format!("{}1", r.name()), r, PASSWORD).unwrap();
        }
        db.create_user("outsider", Role::Investigator, PASSWORD).unwrap();
        db.set_member("outsider", false).unwrap();
    }
    let state = theseus_server::AppState::new(ws, Arc::new(NoopRunner), theseus_server::Config::default()).unwrap();
    Case { dir, state }
}

/// A logged-in client: the session cookie and the CSRF token.
#[derive(Clone)]
pub struct Client {
    pub cookie: String,
    pub csrf: String,
}

pub struct Answer {
    pub status: StatusCode,
    pub body: String,
    pub headers: axum::http::HeaderMap,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Case {
    pub fn root(&self) -> std::path::PathBuf {
        self.dir.path().join("case1")
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
        let res = theseus_server::router(Arc::clone(&self.state)).oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 64 << 20).await.unwrap();
        Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn login(&self, user: &str) -> Client {
        let a = self
            .send(
                Request::post("/api/login")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(json!({"user": user, "password": PASSWORD}).to_string()))
                    .unwrap(),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "login of {user}: {}", a.body);
        let cookie = a.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        Client { cookie, csrf: a.json()["csrf"].as_str().unwrap().to_string() }
    }

    pub async fn get(&self, c: Option<&Client>, path: &str) -> Answer {
        let mut r = Request::get(path);
        if let Some(c) = c {
            r = r.header(header::COOKIE, &c.cookie);
        }
        self.send(r.body(Body::empty()).unwrap()).await
    }

    pub async fn post(&self, c: Option<&Client>, path: &str, body: Value) -> Answer {
        let mut r = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = c {
            r = r.header(header::COOKIE, &c.cookie).header("x-csrf-token", &c.csrf);
        }
        self.send(r.body(Body::from(body.to_string())).unwrap()).await
    }

    pub fn audit_lines(&self) -> Vec<String> {
        std::fs::read_to_string(self.root().join("audit.jsonl")).unwrap().lines().map(str::to_string).collect()
    }
}
