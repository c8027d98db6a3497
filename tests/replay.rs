//! `relay replay` end to end: a conversation captured from one running relay is replayed
//! against another, signed with that relay's own token, and compared.

mod common;
use common::server::*;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const OTHER_TOKEN: &str = "the-other-relays-token";
const STRANGER: &str = "+15005550006";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A relay whose store is a copy of `snapshot` (a store directory).
fn relay_from(snapshot: &Path) -> Relay {
    let r = Relay::new(None, "");
    let data = r.dir.path().join("data");
    std::fs::remove_dir_all(&data).unwrap();
    copy_dir(snapshot, &data);
    r
}

/// Records a conversation with a fresh relay; returns the capture file and a copy of the
/// store as it was before the conversation (the state to replay against).
fn record(dir: &Path) -> (PathBuf, PathBuf) {
    let mut a = Relay::new(None, "");
    let snapshot = dir.join("snapshot");
    copy_dir(&a.dir.path().join("data"), &snapshot);
    let capture = dir.join("conversation.jsonl");
    a.start(&["--capture", capture.to_str().unwrap()]);
    assert_eq!(a.text(ALICE, CONTROL, "WHO").0, 200);
    assert_eq!(a.text(BOB, CONTROL, "TAKE").0, 200);
    let (_, confirmed) = a.text(BOB, CONTROL, "C");
    assert!(confirmed.contains("you are now on call"), "{confirmed}");
    a.text(BOB, CONTROL, "halp");
    assert_eq!(a.text(STRANGER, CONTROL, "hello").1, EMPTY);
    a.text(ALICE, PAGER, "WHO");
    assert!(a.stop().success());
    (capture, snapshot)
}

fn replay(args: &[&str]) -> std::process::Output {
    run(relay().arg("replay").args(args))
}

fn rows(out: &std::process::Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_captured_conversation_replays_identically_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (capture, snapshot) = record(dir.path());
    let cap = capture.to_str().unwrap();

    // Against a relay in the same starting state with another token: the same answers.
    let mut b = relay_from(&snapshot);
    b.start_with_token(OTHER_TOKEN, &[]);
    let out = replay(&[
        cap,
        "--to",
        &b.base,
        "--token",
        OTHER_TOKEN,
        "--public-url",
        PUBLIC,
        "--diff",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(stdout(&out).matches(" = ").count(), 6, "{}", stdout(&out));
    // The replay really acted: bob took the rotation on b, by SMS.
    assert_eq!(b.who()["oncall"]["id"], "bob");
    let takes: Vec<Value> = b
        .history()
        .into_iter()
        .filter(|e| e["action"] == "take")
        .collect();
    assert_eq!(takes.last().unwrap()["interface"], "sms");

    // A deliberately changed answer in the capture: reported with a unified diff, exit 1.
    let text = std::fs::read_to_string(&capture).unwrap();
    let changed = dir.path().join("changed.jsonl");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[1] = lines[1].replace("reply C to confirm", "reply Y to confirm");
    std::fs::write(&changed, lines.join("\n") + "\n").unwrap();
    let mut c = relay_from(&snapshot);
    c.start_with_token(OTHER_TOKEN, &[]);
    let out = replay(&[
        changed.to_str().unwrap(),
        "--to",
        &c.base,
        "--token",
        OTHER_TOKEN,
        "--public-url",
        PUBLIC,
        "--diff",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let o = stdout(&out);
    assert!(
        o.contains("reply Y to confirm") && o.contains("reply C to confirm"),
        "{o}"
    );
    assert!(
        o.lines()
            .any(|l| l.starts_with('-') && l.contains("reply Y")),
        "{o}"
    );
    assert!(
        o.lines()
            .any(|l| l.starts_with('+') && l.contains("reply C")),
        "{o}"
    );
    assert_eq!(o.matches(" ≠ ").count(), 1, "{o}");
    assert!(
        stderr(&out).contains("1 of 6 answer(s) differ"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn kept_signatures_fail_against_another_token_and_bad_lines_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (capture, snapshot) = record(dir.path());
    let cap = capture.to_str().unwrap();
    let mut b = relay_from(&snapshot);
    b.start_with_token(OTHER_TOKEN, &[]);
    let out = replay(&[cap, "--to", &b.base, "--keep-signature", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let statuses: Vec<u64> = rows(&out)
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, vec![403; 6]);
    assert_eq!(b.who()["oncall"]["id"], "alice", "nothing was acted on");

    // The same captured signatures are good against a relay with the original token.
    let mut same = relay_from(&snapshot);
    same.start(&[]);
    let out = replay(&[cap, "--to", &same.base, "--keep-signature", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(rows(&out).iter().all(|r| r["status"] == 200));

    // Malformed lines: named with their numbers; nothing is sent without --skip-bad.
    let text = std::fs::read_to_string(&capture).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(2, "{not json");
    lines.insert(4, r#"{"id": "x"}"#);
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    let mut c = relay_from(&snapshot);
    c.start_with_token(OTHER_TOKEN, &[]);
    let common = [
        bad.to_str().unwrap(),
        "--to",
        &c.base,
        "--token",
        OTHER_TOKEN,
        "--public-url",
        PUBLIC,
        "--json",
    ];
    let out = replay(&common);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.jsonl: line 3:") && err.contains("bad.jsonl: line 5:"),
        "{err}"
    );
    assert!(err.contains("--skip-bad"), "{err}");
    assert!(stdout(&out).is_empty());
    assert_eq!(c.who()["oncall"]["id"], "alice", "nothing was sent");
    let out = replay(&[&common[..], &["--skip-bad", "--diff"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("line 3:"));
    assert_eq!(rows(&out).len(), 6);
    assert!(rows(&out).iter().all(|r| r["verdict"] == "same"));

    // --keep-idempotency: a second replay is answered from the de-duplication records.
    let mut e = relay_from(&snapshot);
    e.start_with_token(OTHER_TOKEN, &[]);
    let keep = [
        cap,
        "--to",
        &e.base,
        "--token",
        OTHER_TOKEN,
        "--public-url",
        PUBLIC,
        "--keep-idempotency",
        "--diff",
        "--json",
    ];
    assert_eq!(replay(&keep).status.code(), Some(0));
    let sms_takes = |r: &Relay| {
        r.history()
            .iter()
            .filter(|e| e["action"] == "take" && e["interface"] == "sms")
            .count()
    };
    assert_eq!(sms_takes(&e), 1);
    let again = rows(&replay(&keep));
    assert_eq!(again[1]["verdict"], "same", "TAKE answered as before");
    assert_eq!(again[2]["verdict"], "same", "C answered as before");
    assert_eq!(sms_takes(&e), 1, "the retried C did not take again");

    // Selection, and an unreachable target.
    let out = replay(&[
        cap,
        "--to",
        &c.base,
        "--token",
        OTHER_TOKEN,
        "--grep",
        "halp",
        "--json",
    ]);
    assert_eq!(rows(&out).len(), 1);
    let out = replay(&[cap, "--to", "http://127.0.0.1:9", "--token", OTHER_TOKEN]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("cannot reach http://127.0.0.1:9"),
        "{}",
        stderr(&out)
    );
    let out = replay(&[cap, "--to", &c.base]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--token"), "{}", stderr(&out));
}

#[test]
fn the_example_captures_replay_cleanly_against_the_readmes_relay() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The captures were recorded as user "example" (the roster names who changed it).
    let cmd = |args: &[&str]| {
        let out = run(relay()
            .current_dir(dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("USER", "example")
            .args(args));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    // The README's quick start, on its embedded defaults (the user's data directory, no
    // relay.toml).
    cmd(&[
        "oncall",
        "init",
        "--from-phone",
        "+19195559876",
        "--pager-phone",
        "+18002255288",
    ]);
    cmd(&[
        "oncall",
        "add",
        "alice",
        "--name",
        "Alice McAlister",
        "--phone",
        "+1 919 555 1001",
    ]);
    cmd(&[
        "oncall",
        "add",
        "bob",
        "--name",
        "Bob Roberts",
        "--phone",
        "+1 919 555 1002",
    ]);
    cmd(&["oncall", "take", "alice", "--yes"]);
    let mut child = relay()
        .current_dir(dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env("TWILIO_AUTH_TOKEN", "example-token")
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let base = listening_address(&lines.next().unwrap().unwrap());
    std::thread::spawn(move || for _ in lines {});
    for capture in ["oncall-take.jsonl", "pager-call.jsonl"] {
        let path = root.join("examples/captures").join(capture);
        let out = replay(&[
            path.to_str().unwrap(),
            "--to",
            &base,
            "--token",
            "example-token",
            "--diff",
            "--ignore",
            r"\d{4}-\d\d-\d\dT[\d:]+Z",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{capture} no longer replays cleanly; re-record with examples/captures/record\n{}",
            stdout(&out)
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}
