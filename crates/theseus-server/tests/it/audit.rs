//! The audit log: every act is logged, the chain verifies, and any alteration is found at its entry.

use serde_json::Value;
use theseus_server::audit::{self, AUDIT_FILE};

use crate::fixture;

/// A case whose log has some entries: logins, searches, consultations, an export.
async fn logged_case() -> fixture::Case {
    let case = fixture::case();
    let c = case.login("analyst1").await;
    case.get(Some(&c), "/api/entities?q=hale").await;
    case.get(Some(&c), "/api/entities/p-boss").await;
    case.get(Some(&c), "/api/entities/p-victim").await;
    case.get(Some(&c), "/api/exports/alerts.jsonl").await;
    case.get(Some(&c), "/api/report").await;
    case.state.sync_audit().unwrap();
    case
}

fn head(case: &fixture::Case) -> Option<(u64, String)> {
    theseus_server::db::Db::open(&case.root()).unwrap().audit_head().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acts_are_logged_and_the_chain_verifies() {
    let case = logged_case().await;
    let lines = case.audit_lines();
    let entries: Vec<Value> = lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    let acts: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["user"].as_str().unwrap().into(),
                e["action"].as_str().unwrap().into(),
                e["object"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expect = |u: &str, a: &str, o: &str| (u.to_string(), a.to_string(), o.to_string());
    assert_eq!(
        acts,
        vec![
            expect("analyst1", "login", "session"),
            expect("analyst1", "search", "hale"),
            expect("analyst1", "consult", "entity:p-boss"),
            expect("analyst1", "consult", "entity:p-victim"),
            expect("analyst1", "export", "export:alerts.jsonl"),
            expect("analyst1", "consult", "report"),
        ]
    );
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["seq"], i as u64 + 1);
    }
    let v = audit::verify(&case.root().join(AUDIT_FILE), head(&case).as_ref()).unwrap();
    assert_eq!(v.problem, None);
    assert_eq!(v.entries, 6);
}

fn rewrite(case: &fixture::Case, f: impl FnOnce(&mut Vec<String>)) {
    rewrite_at(&case.root(), f);
}

fn rewrite_at(root: &std::path::Path, f: impl FnOnce(&mut Vec<String>)) {
    let path = root.join(AUDIT_FILE);
    let mut lines: Vec<String> = std::fs::read_to_string(&path).unwrap().lines().map(str::to_string).collect();
    f(&mut lines);
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_altered_entry_is_named() {
    let case = logged_case().await;
    // Someone hides that the victim's page was consulted: seq 4 now says p-boss.
    rewrite(&case, |l| l[3] = l[3].replace("entity:p-victim", "entity:p-boss"));
    let v = audit::verify(&case.root().join(AUDIT_FILE), head(&case).as_ref()).unwrap();
    let p = v.problem.expect("alteration found");
    assert_eq!((p.seq, p.line), (4, 4));
    assert!(p.reason.starts_with("altered"), "{}", p.reason);
    assert_eq!(v.entries, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_entry_is_a_gap() {
    let case = logged_case().await;
    rewrite(&case, |l| {
        l.remove(2);
    });
    let p = audit::verify(&case.root().join(AUDIT_FILE), head(&case).as_ref()).unwrap().problem.unwrap();
    assert_eq!((p.seq, p.line), (3, 3));
    assert!(p.reason.starts_with("gap"), "{}", p.reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swapped_entries_are_reordered() {
    let case = logged_case().await;
    rewrite(&case, |l| l.swap(1, 2));
    let p = audit::verify(&case.root().join(AUDIT_FILE), head(&case).as_ref()).unwrap().problem.unwrap();
    assert_eq!(p.line, 2);
    assert!(p.reason.starts_with("gap"), "{}", p.reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rehashed_forgery_still_breaks_the_chain() {
    let case = logged_case().await;
    // Altering an entry and recomputing its own hash is not enough: the next entry holds the old hash.
    rewrite(&case, |l| {
        let mut e: audit::Entry = serde_json::from_str(&l[1]).unwrap();
        e.object = "something else".into();
        e.hash = e.compute_hash();
        l[1] = serde_json::to_string(&e).unwrap();
    });
    let p = audit::verify(&case.root().join(AUDIT_FILE), head(&case).as_ref()).unwrap().problem.unwrap();
    assert_eq!((p.seq, p.line), (3, 3));
    assert!(p.reason.contains("prev_hash"), "{}", p.reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cutting_the_tail_is_found_through_the_recorded_head() {
    let case = logged_case().await;
    rewrite(&case, |l| l.truncate(4));
    let p = audit::verify(&case.root().join(AUDIT_FILE), head(&case).as_ref()).unwrap().problem.unwrap();
    assert_eq!(p.seq, 5);
    assert!(p.reason.starts_with("truncated"), "{}", p.reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_auditor_reads_and_verifies_the_log_but_no_case_data() {
    let case = logged_case().await;
    let c = case.login("auditor1").await;
    let a = case.get(Some(&c), "/api/audit").await.json();
    assert!(a["entries"].as_array().unwrap().len() >= 6);
    let v = case.get(Some(&c), "/api/audit/verify").await.json();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(case.get(Some(&c), "/api/entities/p-boss").await.status, axum::http::StatusCode::FORBIDDEN);
    // A server refuses to chain onto a tampered log.
    let fixture::Case { dir, state } = case;
    drop(state);
    rewrite_at(&dir.path().join("case1"), |l| l[0] = l[0].replace("analyst1", "nobody"));
    let ws = theseus_store::Workspace::open(&dir.path().join("case1")).unwrap();
    struct Noop;
    impl theseus_server::AnalysisRunner for Noop {
        fn run(&self, _: &std::sync::Mutex<theseus_store::Workspace>, _: &dyn Fn(&str, f64)) -> Result<(), String> {
            Ok(())
        }
    }
    let err = theseus_server::AppState::new(ws, std::sync::Arc::new(Noop), Default::default()).err().unwrap();
    assert!(err.to_string().contains("does not verify"), "{err}");
}
