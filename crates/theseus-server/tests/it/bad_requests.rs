//! Bad requests get clear 4xx answers and change nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::fixture;

async fn notes_count(case: &fixture::Case, c: &fixture::Client) -> usize {
    case.get(Some(c), "/api/notes").await.json()["notes"].as_array().unwrap().len()
}

async fn alert_state(case: &fixture::Case, c: &fixture::Client) -> serde_json::Value {
    let all = case.get(Some(c), "/api/alerts").await.json();
    all["alerts"].as_array().unwrap().iter().find(|a| a["id"] == "A-boss").unwrap()["disposition"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_refused() {
    let case = fixture::case();
    let c = case.login("investigator1").await;
    let big = "x".repeat(theseus_server::api::BODY_LIMIT + 1);
    let a = case.post(Some(&c), "/api/notes", json!({"text": big})).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
    assert_eq!(a.json()["error"]["code"], "payload_too_large");
    assert_eq!(notes_count(&case, &c).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_refused() {
    let case = fixture::case();
    let c = case.login("investigator1").await;
    for body in [
        "{\"decision\": \"dismiss\", \"reason\": ",
        "[1,2,3]",
        "{\"decision\": 5}",
        "{\"decision\":\"dismiss\",\"reason\":\"x\",\"extra\":1}",
    ] {
        let a = case
            .send(
                Request::post("/api/alerts/A-boss/disposition")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::COOKIE, &c.cookie)
                    .header("x-csrf-token", &c.csrf)
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}: {}", a.body);
        assert_eq!(a.json()["error"]["code"], "bad_request");
    }
    // Not JSON at all.
    let a = case
        .send(
            Request::post("/api/notes")
                .header(header::CONTENT_TYPE, "text/plain")
                .header(header::COOKIE, &c.cookie)
                .header("x-csrf-token", &c.csrf)
                .body(Body::from("hello"))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", a.body);
    assert_eq!(alert_state(&case, &c).await, serde_json::Value::Null);
    assert_eq!(notes_count(&case, &c).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_traversal_finds_nothing() {
    let case = fixture::case();
    let c = case.login("investigator1").await;
    for path in [
        "/static/../../etc/passwd",
        "/static/..%2F..%2Fetc%2Fpasswd",
        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/app.js/../../../etc/passwd",
        "/../../etc/passwd",
    ] {
        let a = case.get(Some(&c), path).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}: {}", a.body);
        assert!(!a.body.contains("root:"), "{path}");
    }
    for path in [
        "/api/entities/..%2F..%2Fetc%2Fpasswd",
        "/api/entities/..",
        "/api/entities/a..b/network",
        "/api/notes?entity=..%2Fx",
    ] {
        let a = case.get(Some(&c), path).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{path}: {}", a.body);
    }
    let a = case.post(Some(&c), "/api/alerts/..%2FA-boss/disposition", json!({"decision": "escalate"})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    let a = case.get(Some(&c), "/api/entities/no-such-id").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unauthenticated_and_forged_requests_change_nothing() {
    let case = fixture::case();
    let body = json!({"decision": "dismiss", "reason": "forged"});
    // No session.
    let a = case.post(None, "/api/alerts/A-boss/disposition", body.clone()).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // A session cookie that was never issued.
    let fake = fixture::Client { cookie: format!("theseus_session={}", "0".repeat(64)), csrf: "x".into() };
    let a = case.post(Some(&fake), "/api/alerts/A-boss/disposition", body.clone()).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // A real session without the CSRF token (a cross-site form post).
    let c = case.login("investigator1").await;
    let no_csrf = fixture::Client { cookie: c.cookie.clone(), csrf: String::new() };
    let a = case.post(Some(&no_csrf), "/api/alerts/A-boss/disposition", body.clone()).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let wrong = fixture::Client { cookie: c.cookie.clone(), csrf: "f".repeat(64) };
    let a = case.post(Some(&wrong), "/api/notes", json!({"text": "forged"})).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    // A wrong password.
    let a = case.post(None, "/api/login", json!({"user": "investigator1", "password": "wrong password!"})).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.headers.get(header::SET_COOKIE).is_none());
    // Nothing changed, and the failed login is in the log.
    assert_eq!(alert_state(&case, &c).await, serde_json::Value::Null);
    assert_eq!(notes_count(&case, &c).await, 0);
    assert!(case.audit_lines().iter().any(|l| l.contains("\"login_failed\"")));
    let a = case.get(None, "/api/nowhere").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_guessing_is_slowed_down() {
    let case = fixture::case();
    let wrong = json!({"user": "analyst1", "password": "not the password"});
    for _ in 0..theseus_server::LOGIN_ATTEMPTS {
        assert_eq!(case.post(None, "/api/login", wrong.clone()).await.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now; another user does not.
    let right = json!({"user": "analyst1", "password": fixture::PASSWORD});
    let a = case.post(None, "/api/login", right).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.body);
    assert_eq!(a.json()["error"]["code"], "too_many_requests");
    case.login("investigator1").await;
    let failed = case.audit_lines().iter().filter(|l| l.contains("\"login_failed\"")).count();
    assert_eq!(failed, theseus_server::LOGIN_ATTEMPTS as usize);
}
