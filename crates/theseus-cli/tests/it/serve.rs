//! `theseus serve` and its admin commands, through the real binary: users, a session over HTTP, and an
//! altered audit entry that `theseus audit verify` names.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use super::{ok, s, theseus};

const PASSWORD: &str = "correct horse battery";

fn create_user(ws: &str, name: &str, role: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_theseus"))
        .args(["user", "create", name, "--role", role, "-w", ws])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// One HTTP/1.1 request; returns the status line's code, the headers and the body.
fn http(addr: &str, method: &str, path: &str, cookie: &str, body: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap();
    let code = head.split(' ').nth(1).unwrap().parse().unwrap();
    (code, head.to_string(), body.to_string())
}

#[test]
fn users_a_session_and_an_altered_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("case1");
    ok(&["init", s(&ws)]);
    let out = create_user(s(&ws), "analyst1", "analyst", "short");
    assert!(!out.status.success(), "a short password is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    let out = create_user(s(&ws), "analyst1", "analyst", PASSWORD);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = create_user(s(&ws), "boss", "emperor", PASSWORD);
    assert!(!out.status.success(), "an unknown role is refused");
    ok(&["user", "role", "analyst1", "supervisor", "-w", s(&ws)]);
    let list = ok(&["user", "list", "-w", s(&ws)]);
    assert!(list.contains("analyst1") && list.contains("supervisor") && list.contains("member"), "{list}");

    let mut server = Command::new(env!("CARGO_BIN_EXE_theseus"))
        .args(["serve", "-w", s(&ws), "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first.split("http://").nth(1).unwrap().trim_end_matches(|c| c != '/').trim_end_matches('/').to_string();

    let (code, head, body) =
        http(&addr, "POST", "/api/login", "", &format!(r#"{{"user":"analyst1","password":"{PASSWORD}"}}"#));
    assert_eq!(code, 200, "{body}");
    let cookie =
        head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_string();
    assert!(head.contains("HttpOnly") && head.contains("SameSite=Strict"), "{head}");
    assert_eq!(http(&addr, "GET", "/api/entities?q=anything", &cookie, "").0, 200);
    assert_eq!(http(&addr, "GET", "/api/audit", &cookie, "").0, 200);
    // Rotating the key ends the session at once, while the server runs.
    ok(&["session", "rotate-key", "-w", s(&ws)]);
    assert_eq!(http(&addr, "GET", "/api/session", &cookie, "").0, 401);
    server.kill().unwrap();
    server.wait().unwrap();

    let verified = ok(&["audit", "verify", "-w", s(&ws)]);
    assert!(verified.starts_with("ok: 3 entries"), "{verified}");
    let exported = ok(&["audit", "export", "-w", s(&ws)]);
    assert_eq!(exported.lines().count(), 3);

    // Alter the second entry (the search), keep everything else.
    let path = ws.join("audit.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("anything", "something", 1)).unwrap();
    let out = theseus(&["audit", "verify", "-w", s(&ws)]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("FAILED: seq 2 (line 2): altered"), "{stdout}");
}
