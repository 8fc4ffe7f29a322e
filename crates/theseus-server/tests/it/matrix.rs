//! Every route × every role: allowed or denied as the permission matrix says; victims pseudonymised for roles
//! without `victim_data`.

use axum::http::StatusCode;
use serde_json::{Value, json};
use theseus_server::api::ROUTES;
use theseus_server::auth::{Permission, Role};

use crate::fixture::{self, VICTIM_NAME, VICTIM_PHONE};

/// A concrete request for each route of the table.
fn request_for(method: &str, path: &str) -> (String, Option<Value>) {
    let path = path
        .replace("/api/alerts/{id}", "/api/alerts/A-boss")
        .replace("/api/entities/{id}", "/api/entities/p-boss")
        .replace("/api/jobs/{id}", "/api/jobs/1")
        .replace("/static/{file}", "/static/app.js");
    let path = match path.as_str() {
        "/api/entities" => "/api/entities?q=hale".to_string(),
        _ => path,
    };
    let body = (method == "POST").then(|| match path.as_str() {
        "/api/login" => json!({"user": "analyst1", "password": fixture::PASSWORD}),
        "/api/alerts/A-boss/disposition" => json!({"decision": "escalate", "reason": "matrix test"}),
        "/api/notes" => json!({"text": "matrix test note"}),
        "/api/jobs" => json!({"kind": "analysis"}),
        _ => json!({}),
    });
    (path, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_for_every_role() {
    let case = fixture::case();
    let mut checked = 0;
    for role in Role::ALL {
        let user = format!("{}1", role.name());
        for r in ROUTES {
            // A fresh session per call: logging out is one of the routes.
            let client = case.login(&user).await;
            let (path, body) = request_for(r.method, r.path);
            let a = match body {
                Some(b) => case.post(Some(&client), &path, b).await,
                None => case.get(Some(&client), &path).await,
            };
            let allowed = role.can(r.permission);
            if allowed {
                assert!(
                    a.status.is_success() || a.status == StatusCode::CONFLICT,
                    "{} {} as {}: expected success, got {} {}",
                    r.method,
                    path,
                    role.name(),
                    a.status,
                    a.body
                );
            } else {
                assert_eq!(a.status, StatusCode::FORBIDDEN, "{} {} as {}: {}", r.method, path, role.name(), a.body);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, ROUTES.len() * Role::ALL.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_session_only_public_routes_answer() {
    let case = fixture::case();
    for r in ROUTES {
        let (path, body) = request_for(r.method, r.path);
        let a = match body {
            Some(b) => case.post(None, &path, b).await,
            None => case.get(None, &path).await,
        };
        if r.permission == Permission::Public {
            assert!(a.status.is_success(), "{} {}: {} {}", r.method, path, a.status, a.body);
        } else {
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{} {}: {}", r.method, path, a.body);
            assert_eq!(a.json()["error"]["code"], "unauthenticated");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_outside_the_case_sees_nothing() {
    let case = fixture::case();
    let c = case.login("outsider").await;
    for path in ["/api/entities?q=hale", "/api/entities/p-boss", "/api/alerts", "/api/report", "/api/session"] {
        let a = case.get(Some(&c), path).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{path}: {}", a.body);
        assert!(a.body.contains("not a member"), "{}", a.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn victims_are_pseudonymised_without_victim_data() {
    let case = fixture::case();
    let pages = [
        "/api/entities?q=lopata",
        "/api/entities?q=victim",
        "/api/entities/p-victim",
        "/api/entities/ad-1",
        "/api/entities/p-boss/network?depth=2",
        "/api/alerts",
        "/api/report",
        "/api/exports/alerts.jsonl",
        "/api/exports/analysis.json",
    ];
    for role in Role::ALL.into_iter().filter(|r| r.can(Permission::Read)) {
        let c = case.login(&format!("{}1", role.name())).await;
        let mut all = String::new();
        for p in pages {
            let a = case.get(Some(&c), p).await;
            assert!(a.status.is_success(), "{p} as {}: {}", role.name(), a.body);
            all.push_str(&a.body);
        }
        let sees = role.can(Permission::VictimData);
        assert_eq!(all.contains(VICTIM_NAME), sees, "{}: victim's name shown = {}", role.name(), !sees);
        assert_eq!(all.contains(VICTIM_PHONE), sees, "{}: victim's phone shown = {}", role.name(), !sees);
        assert_eq!(all.contains("maria.l@example.org"), sees, "{}", role.name());
        // The pseudonym stands in, the same on every page; the controller is named for everyone.
        assert_eq!(all.contains("Victim-"), !sees, "{}", role.name());
        assert!(all.contains("Viktor Hale"), "{}", role.name());
        // Searching by the real name finds nothing for those who may not see it.
        let found = case.get(Some(&c), "/api/entities?q=lopata").await.json()["results"].as_array().unwrap().len();
        assert_eq!(found > 0, sees, "{}", role.name());
    }
    // The pseudonym is stable: search for it finds the victim's page for an analyst.
    let c = case.login("analyst1").await;
    let page = case.get(Some(&c), "/api/entities/p-victim").await.json();
    let pseudonym = page["name"].as_str().unwrap().to_string();
    assert!(pseudonym.starts_with("Victim-") && pseudonym.len() == 11, "{pseudonym}");
    assert_eq!(page["pseudonymised"], true);
    let hits = case.get(Some(&c), &format!("/api/entities?q={pseudonym}")).await.json();
    assert_eq!(hits["results"][0]["id"], "p-victim");
    assert_eq!(case.get(Some(&c), "/api/entities/p-victim").await.json()["name"], pseudonym.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_document_lists_every_route() {
    let case = fixture::case();
    let doc = case.get(None, "/api/openapi.json").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    for r in ROUTES {
        let op = &doc["paths"][r.path][r.method.to_lowercase()];
        assert!(op.is_object(), "{} {} missing", r.method, r.path);
        assert_eq!(op["x-permission"], serde_json::to_value(r.permission).unwrap());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disposition_needs_a_reason_to_dismiss_and_is_recorded() {
    let case = fixture::case();
    let c = case.login("investigator1").await;
    let a = case.post(Some(&c), "/api/alerts/A-boss/disposition", json!({"decision": "dismiss"})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    let a = case
        .post(
            Some(&c),
            "/api/alerts/A-boss/disposition",
            json!({"decision": "dismiss", "reason": "known cash business"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let d = &a.json()["alert"]["disposition"];
    assert_eq!(d["decision"], "dismiss");
    assert_eq!(d["actor"], "investigator1");
    assert_eq!(d["reason"], "known cash business");
    let last: Value = serde_json::from_str(case.audit_lines().last().unwrap()).unwrap();
    assert_eq!(last["action"], "change");
    assert_eq!(last["object"], "alert:A-boss disposition=dismiss");
    assert_eq!(last["reason"], "known cash business");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_the_session_key_ends_sessions() {
    let case = fixture::case();
    let c = case.login("analyst1").await;
    assert_eq!(case.get(Some(&c), "/api/session").await.status, StatusCode::OK);
    theseus_server::db::Db::open(&case.root()).unwrap().rotate_session_key().unwrap();
    assert_eq!(case.get(Some(&c), "/api/session").await.status, StatusCode::UNAUTHORIZED);
    let c = case.login("analyst1").await;
    assert_eq!(case.get(Some(&c), "/api/session").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analysis_job_runs_in_the_background_and_reports_progress() {
    let case = fixture::case();
    let c = case.login("analyst1").await;
    let a = case.post(Some(&c), "/api/jobs", json!({"kind": "analysis"})).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
    let id = a.json()["job"]["id"].as_u64().unwrap();
    let mut state = String::new();
    for _ in 0..100 {
        let j = case.get(Some(&c), &format!("/api/jobs/{id}")).await.json();
        state = j["job"]["state"].as_str().unwrap().to_string();
        if state != "running" {
            assert_eq!(j["job"]["progress"], 1.0);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(state, "done");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_phones_written_with_other_separators() {
    let case = fixture::case();
    let c = case.login("investigator1").await;
    for q in ["%2B4915112345678", "%2B49%20151%201234%205678", "49-151-12345678", "viktor%20hale", "HALE"] {
        let r = case.get(Some(&c), &format!("/api/entities?q={q}")).await.json();
        assert_eq!(r["results"][0]["id"], "p-boss", "{q}: {r}");
        assert_eq!(r["results"][0]["alert"], true);
    }
    let r = case.get(Some(&c), "/api/entities?q=nobody%20here").await.json();
    assert_eq!(r["total"], 0);
    // Ad text is searched too.
    let r = case.get(Some(&c), "/api/entities?q=sweet%20girl").await.json();
    assert_eq!(r["results"][0]["id"], "ad-1", "{r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entity_page_has_provenance_alerts_network_and_notes() {
    let case = fixture::case();
    let c = case.login("investigator1").await;
    let a = case.post(Some(&c), "/api/notes", json!({"entity": "p-boss", "text": "seen at the harbour"})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let e = case.get(Some(&c), "/api/entities/p-boss").await.json();
    assert_eq!(e["name"], "Viktor Hale");
    assert_eq!(e["provenance"][0]["file"], "registry.ftm.jsonl");
    assert_eq!(e["provenance"][0]["locator"], "line 1");
    assert_eq!(e["provenance"][0]["sha256"], "ab".repeat(32));
    assert_eq!(e["alerts"][0]["id"], "A-boss");
    assert_eq!(e["subject"]["hits"][0]["code"], "THB-001");
    assert_eq!(e["notes"][0]["text"], "seen at the harbour");
    assert_eq!(e["notes"][0]["author"], "investigator1");
    // The victim's phone is in an ad: the ad shows on her page.
    let v = case.get(Some(&c), "/api/entities/p-victim").await.json();
    assert_eq!(v["ads"][0]["id"], "ad-1");
    assert_eq!(v["timeline"][0]["code"], "THB-001");
    let n = case.get(Some(&c), "/api/entities/c-1/network?depth=1").await.json();
    let ids: Vec<&str> = n["nodes"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c-1", "p-boss"]);
    let n = case.get(Some(&c), "/api/entities/c-1/network?depth=2").await.json();
    assert_eq!(n["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(case.get(Some(&c), "/api/entities/c-1/network?depth=9").await.status, StatusCode::BAD_REQUEST);
}
