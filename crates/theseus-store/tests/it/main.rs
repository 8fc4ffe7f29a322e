//! The workspace's promises: atomic batches, recovery, verification, lossless tables.

use std::str::FromStr;

use rust_decimal::Decimal;
use theseus_model::{Channel, Diagnostic, Direction, Entity, Locator, Parsed, Provenance, Severity, Transaction, ids};
use theseus_store::Workspace;

fn prov(sha: &str, line: u64) -> Provenance {
    Provenance {
        sha256: sha.to_string(),
        file_name: "f.csv".into(),
        locator: Locator::Line { line },
        extractor: "test".into(),
        extractor_version: "0".into(),
        ingested_at: chrono::DateTime::from_timestamp(1_770_000_000, 0).unwrap(),
        batch: 1,
    }
}

fn txn(sha: &str, line: u64) -> Transaction {
    Transaction {
        id: format!("t{line}"),
        source_ref: Some(format!("R{line}")),
        bank: Some("Nordbank".into()),
        account: "DE89370400440532013000".into(),
        account_holder: Some("Jürgen Groß".into()),
        ts: "2026-03-01T23:10:00+01:00".parse().unwrap(),
        value_date: Some("2026-03-02".parse().unwrap()),
        amount: Decimal::from_str("1234.56789").unwrap(),
        currency: "EUR".parse().unwrap(),
        direction: Direction::Debit,
        channel: Channel::Msb,
        merchant: None,
        mcc: Some(4829),
        cpty_name: Some("Ion Popescu".into()),
        cpty_account: Some("RO49AAAA1B31007593840000".into()),
        cpty_bank: Some("AAAARO22".into()),
        cpty_country: Some("RO".into()),
        city: Some("Köln".into()),
        branch: Some("BR-1".into()),
        geo: Some((50.94, 6.96)),
        device_id: Some("dev-1".into()),
        ip: Some("10.0.0.1".into()),
        memo: Some("family".into()),
        balance: Some(Decimal::from_str("-10.5").unwrap()),
        provenance: prov(sha, line),
    }
}

fn parsed(
    records_seen: u64,
    transactions: Vec<Transaction>,
    entities: Vec<Entity>,
    diagnostics: Vec<Diagnostic>,
) -> Parsed {
    Parsed { transactions, entities, diagnostics, records_seen }
}

fn commit_one(ws: &mut Workspace, bytes: &[u8], n: u64) -> String {
    let sha = ids::sha256_hex(bytes);
    let mut b = ws.batch().unwrap();
    let txns = (0..n).map(|i| txn(&sha, i + 2)).collect();
    let mut e =
        Entity { id: "p1".into(), schema: "Person".into(), properties: Default::default(), provenance: prov(&sha, 1) };
    e.add("name", "Anna");
    let diag = Diagnostic {
        file: "f.csv".into(),
        locator: Locator::Line { line: 9 },
        severity: Severity::Rejected,
        reason: "bad".into(),
        raw: "x;y".into(),
    };
    b.add_file("f.csv", bytes, &sha, "test", parsed(n + 2, txns, vec![e], vec![diag])).unwrap();
    b.commit("test").unwrap();
    sha
}

#[test]
fn tables_round_trip_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&dir.path().join("ws")).unwrap();
    let sha = commit_one(&mut ws, b"evidence one", 3);
    let back = ws.transactions().unwrap();
    let mut want = txn(&sha, 2);
    want.provenance.batch = 1;
    assert_eq!(back.len(), 3);
    assert_eq!(back[0], want);
    let ents = ws.entities().unwrap();
    assert_eq!(ents[0].values("name"), ["Anna"]);
    assert_eq!(ws.quarantine().unwrap()[0].locator, "line 9");
    assert_eq!(ws.already_ingested(&sha, "test").unwrap(), Some(1));
    assert!(ws.verify().unwrap().is_empty());
}

#[test]
fn an_uncommitted_batch_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let mut ws = Workspace::init(&root).unwrap();
    commit_one(&mut ws, b"first", 2);
    {
        let mut b = ws.batch().unwrap();
        let sha = ids::sha256_hex(b"second");
        b.add_file("g.csv", b"second", &sha, "test", parsed(1, vec![txn(&sha, 2)], vec![], vec![])).unwrap();
        // dropped without commit
    }
    assert_eq!(ws.batches().unwrap().len(), 1);
    assert_eq!(ws.transactions().unwrap().len(), 2);
    assert_eq!(std::fs::read_dir(root.join("staging")).unwrap().count(), 0);
}

#[test]
fn opening_removes_what_a_crash_left_and_verify_catches_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let sha = {
        let mut ws = Workspace::init(&root).unwrap();
        commit_one(&mut ws, b"kept", 1)
    };
    // What a crash between rename and catalogue commit leaves behind.
    std::fs::write(root.join("tables/transactions/batch-000002.parquet"), b"partial").unwrap();
    std::fs::create_dir_all(root.join("evidence/sha256/ff")).unwrap();
    std::fs::write(root.join("evidence/sha256/ff/ffff"), b"stray").unwrap();
    std::fs::create_dir_all(root.join("staging/batch-2")).unwrap();
    let ws = Workspace::open(&root).unwrap();
    assert!(!root.join("tables/transactions/batch-000002.parquet").exists());
    assert!(!root.join("evidence/sha256/ff/ffff").exists());
    assert!(!root.join("staging/batch-2").exists());
    // Set aside, not deleted: a catalogue restored from an older backup must not cost newer evidence.
    assert_eq!(ws.recovered().len(), 2, "{:?}", ws.recovered());
    let moved: Vec<_> = std::fs::read_dir(root.join("recovered")).unwrap().collect();
    assert_eq!(moved.len(), 1);
    assert!(ws.verify().unwrap().is_empty());
    // The evidence copy is read-only; altering it anyway is caught.
    let p = ws.evidence_path(&sha);
    assert!(std::fs::metadata(&p).unwrap().permissions().readonly());
    let mut perm = std::fs::metadata(&p).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(&p, perm).unwrap();
    std::fs::write(&p, b"kepT").unwrap();
    let problems = ws.verify().unwrap();
    assert!(problems.len() == 1 && problems[0].contains("was altered"), "{problems:?}");
}

#[test]
fn one_writer_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let _ws = Workspace::init(&root).unwrap();
    let e = Workspace::open(&root).unwrap_err();
    assert!(e.to_string().contains("in use"), "{e}");
}

#[test]
fn not_a_workspace_and_not_empty_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = Workspace::open(dir.path()).unwrap_err();
    assert!(e.to_string().contains("is not a Theseus workspace"), "{e}");
    std::fs::write(dir.path().join("x"), b"x").unwrap();
    let e = Workspace::init(dir.path()).unwrap_err();
    assert!(e.to_string().contains("not empty"), "{e}");
}

#[test]
fn dispositions_survive_reruns_and_cannot_be_rewritten() {
    use theseus_store::NewAlert;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let mut ws = Workspace::init(&root).unwrap();
    let alert = |score: f64| NewAlert {
        id: "A-1".into(),
        subject: "p1".into(),
        subject_name: "Marko".into(),
        kind: "first-pass".into(),
        score,
        summary: "THB-012 THB-001".into(),
    };
    let r1 = ws.save_run("analysis", "{}").unwrap();
    ws.record_alerts(r1, &[alert(9.0)]).unwrap();
    assert!(ws.dispose("A-1", "dismiss", "", "ana").unwrap_err().to_string().contains("needs a reason"));
    assert!(ws.dispose("A-9", "escalate", "", "ana").unwrap_err().to_string().contains("no alert A-9"));
    ws.dispose("A-1", "needs_information", "ask bank for KYC file", "ana").unwrap();
    ws.dispose("A-1", "escalate", "", "ben").unwrap();
    let r2 = ws.save_run("analysis", "{}").unwrap();
    ws.record_alerts(r2, &[alert(11.0)]).unwrap();
    drop(ws);
    let ws = Workspace::open(&root).unwrap();
    let a = &ws.alerts().unwrap()[0];
    assert_eq!((a.first_run, a.last_run, a.score), (r1, r2, 11.0));
    let d = a.disposition.as_ref().unwrap();
    assert_eq!((d.decision.as_str(), d.actor.as_str()), ("escalate", "ben"));
    // The history is append-only, even for someone with the database file.
    let conn = rusqlite::Connection::open(root.join("catalogue.sqlite")).unwrap();
    let e = conn.execute("UPDATE dispositions SET decision = 'dismiss'", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(conn.execute("DELETE FROM dispositions", []).unwrap_err().to_string().contains("append-only"));
}

#[test]
fn a_swapped_data_file_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let mut wa = Workspace::init(&a).unwrap();
    commit_one(&mut wa, b"same", 3);
    let mut wb = Workspace::init(&b).unwrap();
    let sha = ids::sha256_hex(b"same");
    let mut batch = wb.batch().unwrap();
    let mut other: Vec<Transaction> = (0..3).map(|i| txn(&sha, i + 2)).collect();
    other[0].amount = Decimal::from(1);
    batch.add_file("f.csv", b"same", &sha, "test", parsed(5, other, vec![], vec![])).unwrap();
    batch.commit("test").unwrap();
    drop((wa, wb));
    std::fs::copy(
        b.join("tables/transactions/batch-000001.parquet"),
        a.join("tables/transactions/batch-000001.parquet"),
    )
    .unwrap();
    let problems = Workspace::open(&a).unwrap().verify().unwrap();
    assert!(problems.iter().any(|p| p.contains("batch-000001.parquet was altered")), "{problems:?}");
}

#[test]
fn a_transaction_met_again_in_another_file_is_quarantined_not_stored_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&dir.path().join("ws")).unwrap();
    commit_one(&mut ws, b"january", 2);
    let sha = ids::sha256_hex(b"january-and-february");
    let mut b = ws.batch().unwrap();
    let txns = vec![txn(&sha, 2), txn(&sha, 3), txn(&sha, 7)];
    let out = b.add_file("g.csv", b"january-and-february", &sha, "test", parsed(3, txns, vec![], vec![])).unwrap();
    assert_eq!((out.transactions, out.rejected), (1, 2));
    b.commit("test").unwrap();
    assert_eq!(ws.transactions().unwrap().len(), 3);
    let q = ws.quarantine().unwrap();
    assert!(
        q.iter().any(|r| r.file_name == "g.csv" && r.reason.contains("already in the workspace, from f.csv line 2")),
        "{q:?}"
    );
}
