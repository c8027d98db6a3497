//! `relay oncall` driven as an operator and cron would, against both store backends.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A working directory with a relay.toml pointing at a store.
struct Team {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Team {
    fn file() -> Team {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("relay.toml");
        std::fs::write(
            &config,
            format!("[store]\nurl = \"file://{}/data\"\n", dir.path().display()),
        )
        .unwrap();
        Team { dir, config }
    }

    /// A fresh bucket on the test S3 server, or `None` outside scripts/test.
    fn s3() -> Option<Team> {
        let endpoint = service("RELAY_TEST_S3_ENDPOINT", "an S3-compatible server (moto)")?;
        let bucket = format!(
            "relay-oncall-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        );
        python()?;
        create_bucket(&endpoint, &bucket);
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("relay.toml");
        std::fs::write(
            &config,
            format!("[store]\nurl = \"s3://{bucket}/teams/sre\"\nendpoint = \"{endpoint}\"\npath_style = true\nregion = \"us-east-1\"\n\n[oncall]\nroster_key = \"config.json\"\n"),
        )
        .unwrap();
        Some(Team { dir, config })
    }

    fn cmd(&self) -> Command {
        let mut c = relay();
        c.arg("--config")
            .arg(&self.config)
            .current_dir(self.dir.path());
        c.env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        c.stdin(Stdio::null());
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = run(self.cmd().args(args));
        assert_eq!(
            out.status.code(),
            Some(0),
            "relay {args:?}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        stdout(&out)
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).unwrap()
    }

    fn seeded(self) -> Team {
        self.ok(&[
            "oncall",
            "init",
            "--from-phone",
            "+19195559876",
            "--pager-phone",
            "+18002255288",
        ]);
        self.ok(&[
            "oncall",
            "add",
            "alice",
            "--name",
            "Alice McAlister",
            "--phone",
            "+1 (919) 555-1001",
        ]);
        self.ok(&[
            "oncall",
            "add",
            "bob",
            "--name",
            "Bob Roberts",
            "--phone",
            "+19195551002",
        ]);
        self
    }
}

fn rotation(team: Team) {
    let team = team.seeded();
    // Nobody on call yet.
    assert_eq!(team.json(&["oncall", "who"])["oncall"], Value::Null);
    // Take, as cron would (stdin is not a terminal: no prompt).
    let t = team.json(&["oncall", "take", "alice", "--as", "carol"]);
    assert_eq!(t["changed"], true);
    assert_eq!(t["oncall"]["phone"], "+19195551001");
    let who = team.json(&["oncall", "who"]);
    assert_eq!(who["oncall"]["id"], "alice");
    assert_eq!(who["set_by"], "carol");
    assert!(who["since_epoch"].as_i64().unwrap() > 1_700_000_000);
    // Again: nothing changes, nothing is audited.
    assert_eq!(team.json(&["oncall", "take", "alice"])["changed"], false);
    team.ok(&["oncall", "take", "bob", "--as", "bob"]);
    assert!(team.ok(&["oncall", "who"]).contains("Bob Roberts (bob)"));
    // Errors are precise, with exit 2.
    let out = run(team.cmd().args(["oncall", "take", "carol"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no user 'carol'; known users: alice, bob"),
        "{}",
        stderr(&out)
    );
    let out = run(team.cmd().args(["oncall", "remove", "bob"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bob is on call"));
    let out = run(team.cmd().args([
        "oncall", "add", "dave", "--name", "D", "--phone", "555-1234",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("country code"), "{}", stderr(&out));
    // Users, settings, secrets.
    let users = team.json(&["oncall", "users"]);
    assert_eq!(users.as_array().unwrap().len(), 2);
    assert_eq!(users[1]["oncall"], true);
    team.ok(&["oncall", "set", "session_lifetime", "120"]);
    team.ok(&["oncall", "set", "mail_server", "smtp.example.com"]);
    let mut set_pw = team.cmd();
    set_pw
        .args(["oncall", "set", "mail_password", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = set_pw.spawn().unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"hunter2-secret\n").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let shown = team.ok(&["oncall", "show"]);
    assert!(!shown.contains("hunter2-secret") && shown.contains("(redacted)"));
    assert!(
        team.ok(&["oncall", "show", "--show-secrets"])
            .contains("hunter2-secret")
    );
    assert!(
        !team
            .ok(&["oncall", "history", "--limit", "100"])
            .contains("hunter2")
    );
    let shown: Value = serde_json::from_str(&team.ok(&["oncall", "show"])).unwrap();
    assert_eq!(shown["current_config"]["session_lifetime"], 120);
    // Remove someone who is not on call.
    team.ok(&["oncall", "remove", "alice"]);
    assert_eq!(team.json(&["oncall", "users"]).as_array().unwrap().len(), 1);
    // The audit log: every change, in order, with who and how.
    let h = team.json(&["oncall", "history", "--limit", "100"]);
    let actions: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "init", "add", "add", "take", "take", "set", "set", "set", "remove"
        ]
    );
    assert_eq!(h[3]["actor"], "carol");
    assert_eq!(h[3]["interface"], "cron");
    assert_eq!(h[3]["summary"], "on call: nobody → alice");
    assert_eq!(h[4]["before"]["oncall_user"]["id"], "alice");
    assert_eq!(
        team.json(&["oncall", "history", "--limit", "2"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        team.json(&["oncall", "history", "--since", "1h"])
            .as_array()
            .unwrap()
            .len(),
        9
    );
    // A second init refuses to replace the roster.
    let out = run(team.cmd().args([
        "oncall",
        "init",
        "--from-phone",
        "+19195559876",
        "--pager-phone",
        "+18002255288",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
}

#[test]
fn rotation_on_a_local_directory() {
    rotation(Team::file());
}

#[test]
fn rotation_on_s3() {
    if let Some(team) = Team::s3() {
        rotation(team);
    }
}

#[test]
fn imports_an_oncall_twilio_roster_and_keeps_what_it_does_not_know() {
    let team = Team::file();
    let mut seed: Value = serde_json::from_str(
        &std::fs::read_to_string(support("oncall-twilio-roster.json")).unwrap(),
    )
    .unwrap();
    seed["current_config"]["escalation_minutes"] = 15.into();
    let file = team.dir.path().join("seed.json");
    std::fs::write(&file, seed.to_string()).unwrap();
    team.ok(&["oncall", "init", "--import", file.to_str().unwrap()]);
    // The seed's own inconsistency: alice's on-call copy has another phone.
    let out = run(team.cmd().args(["oncall", "check", "--json"]));
    assert_eq!(out.status.code(), Some(1), "check exits 1 on problems");
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["ok"], false);
    assert!(
        report["problems"][0]
            .as_str()
            .unwrap()
            .contains("+9195551001"),
        "{report}"
    );
    // A take rewrites the copy, keeps the unknown field, and the roster is consistent.
    team.ok(&["oncall", "take", "alice"]);
    assert_eq!(
        run(team.cmd().args(["oncall", "check"])).status.code(),
        Some(0)
    );
    let stored: Value = serde_json::from_str(
        &std::fs::read_to_string(team.dir.path().join("data/oncall/roster.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(stored["current_config"]["escalation_minutes"], 15);
    assert_eq!(
        stored["current_config"]["mail_settings"]["mail_password"], "ktmyastgLYrB5bkpNdsx",
        "secrets are stored, only printing redacts them"
    );
    assert_eq!(
        stored["current_config"]["oncall_user"]["phone"],
        "+19195551001"
    );
    let text = std::fs::read_to_string(team.dir.path().join("data/oncall/roster.json")).unwrap();
    assert!(
        text.starts_with("{\n    \"available_users\""),
        "sorted keys, four-space indent, as oncall-twilio writes"
    );
}

fn editor_script(dir: &Path, body: &str) -> String {
    let p = dir.join(format!("editor-{}.sh", rand_suffix()));
    std::fs::write(&p, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    p.display().to_string()
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[test]
fn edit_validates_and_survives_a_concurrent_change() {
    let team = Team::file().seeded();
    team.ok(&["oncall", "set", "mail_password", "keep-me"]);
    // A valid edit: rename bob. The password shown as (redacted) is kept.
    let ed = editor_script(
        team.dir.path(),
        r#"sed -i 's/Bob Roberts/Robert Roberts/' "$1""#,
    );
    let out = run(team.cmd().env("EDITOR", &ed).args(["oncall", "edit"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("available_users.users.bob.name"),
        "{}",
        stdout(&out)
    );
    assert!(
        team.ok(&["oncall", "show", "--show-secrets"])
            .contains("keep-me")
    );
    // An invalid edit is refused and changes nothing.
    let ed = editor_script(team.dir.path(), r#"sed -i 's/+19195551002/12345/' "$1""#);
    let out = run(team.cmd().env("EDITOR", &ed).args(["oncall", "edit"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not an E.164 number"),
        "{}",
        stderr(&out)
    );
    assert!(team.ok(&["oncall", "show"]).contains("+19195551002"));
    let ed = editor_script(team.dir.path(), r#"echo '{not json' > "$1""#);
    assert_eq!(
        run(team.cmd().env("EDITOR", &ed).args(["oncall", "edit"]))
            .status
            .code(),
        Some(2)
    );
    // Someone else changes the roster while the editor is open: relay saves the rejected
    // version, reopens with the current roster, and the second edit lands.
    let marker = team.dir.path().join("first-time");
    let body = format!(
        r#"if [ ! -e {m} ]; then touch {m}; {relay} --config {cfg} oncall take alice --yes >/dev/null; sed -i 's/Alice McAlister/Alice A/' "$1"; else sed -i 's/Alice McAlister/Alice B/' "$1"; fi"#,
        m = marker.display(),
        relay = env!("CARGO_BIN_EXE_relay"),
        cfg = team.config.display()
    );
    let ed = editor_script(team.dir.path(), &body);
    let out = run(team.cmd().env("EDITOR", &ed).args(["oncall", "edit"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("changed while you were editing"),
        "{}",
        stderr(&out)
    );
    let shown = team.ok(&["oncall", "show"]);
    assert!(
        shown.contains("Alice B") && !shown.contains("Alice A"),
        "{shown}"
    );
    assert_eq!(
        team.json(&["oncall", "who"])["oncall"]["id"],
        "alice",
        "the concurrent take survived"
    );
}

/// 20 processes take at once: the roster ends equal to one of the takes, with 20 audit
/// entries, and no process fails.
fn twenty_takes(team: Team) {
    team.ok(&[
        "oncall",
        "init",
        "--from-phone",
        "+19195559876",
        "--pager-phone",
        "+18002255288",
    ]);
    for i in 0..20 {
        team.ok(&[
            "oncall",
            "add",
            &format!("u{i}"),
            "--name",
            &format!("User {i}"),
            "--phone",
            &format!("+1919555{:04}", 2000 + i),
        ]);
    }
    let children: Vec<_> = (0..20)
        .map(|i| {
            team.cmd()
                .args([
                    "oncall",
                    "take",
                    &format!("u{i}"),
                    "--yes",
                    "--as",
                    &format!("u{i}"),
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "a take failed: {}", stderr(&out));
    }
    let who = team.json(&["oncall", "who"]);
    let id = who["oncall"]["id"].as_str().unwrap();
    assert!(id.starts_with('u'));
    assert_eq!(who["set_by"], id, "the roster is one take, whole");
    assert_eq!(
        run(team.cmd().args(["oncall", "check"])).status.code(),
        Some(0)
    );
    let h = team.json(&["oncall", "history", "--limit", "1000"]);
    let takes = h
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "take")
        .count();
    assert_eq!(takes, 20);
    assert_eq!(
        h.as_array().unwrap().last().unwrap()["after"]["oncall_user"]["id"],
        id,
        "the last audited take is the one that stands"
    );
}

#[test]
fn twenty_concurrent_takes_on_a_local_directory() {
    twenty_takes(Team::file());
}

#[test]
fn twenty_concurrent_takes_on_s3() {
    if let Some(team) = Team::s3() {
        twenty_takes(team);
    }
}

#[test]
fn a_killed_writer_never_leaves_a_torn_roster() {
    let team = Team::file().seeded();
    for round in 0..15 {
        let mut child = team
            .cmd()
            .args([
                "oncall",
                "take",
                if round % 2 == 0 { "alice" } else { "bob" },
                "--yes",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(500 + 700 * round));
        unsafe {
            libc_kill(child.id() as i32, 9);
        }
        let _ = child.wait();
        let text =
            std::fs::read_to_string(team.dir.path().join("data/oncall/roster.json")).unwrap();
        let doc: Value = serde_json::from_str(&text).expect("the roster is always whole");
        assert!(doc["available_users"]["users"]["bob"].is_object());
    }
    assert!(
        run(team.cmd().args(["oncall", "check"]))
            .status
            .code()
            .is_some_and(|c| c <= 1)
    );
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}

#[test]
fn unreachable_store_exits_3_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("relay.toml");
    std::fs::write(&cfg, "[store]\nurl = \"s3://nowhere/x\"\nendpoint = \"http://127.0.0.1:9\"\npath_style = true\nregion = \"us-east-1\"\n").unwrap();
    let out = run(relay()
        .arg("--config")
        .arg(&cfg)
        .env("AWS_ACCESS_KEY_ID", "x")
        .env("AWS_SECRET_ACCESS_KEY", "y")
        .args(["oncall", "who"]));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("127.0.0.1:9") && err.contains("AWS_ACCESS_KEY_ID"),
        "{err}"
    );
}

/// The escalation order: set from the shell (members only, once each), shown by `who`,
/// audited, written with compare-and-swap into the roster oncall-twilio reads (its own
/// fields kept), and members removed from it when they leave.
#[test]
fn the_escalation_order() {
    let team = Team::file().seeded();
    team.ok(&[
        "oncall",
        "add",
        "carol",
        "--name",
        "Carol Jones",
        "--phone",
        "+19195551003",
    ]);
    team.ok(&["oncall", "take", "alice"]);
    let set = team.json(&[
        "oncall",
        "escalation",
        "set",
        "bob",
        "carol",
        "--as",
        "ops-lead",
    ]);
    assert_eq!(set["changed"], true, "{set}");
    let who = team.ok(&["oncall", "who"]);
    assert!(
        who.contains("escalation: then bob (Bob Roberts), then carol (Carol Jones), each after 300 s without an ACK; 2 rounds, then every member is texted"),
        "{who}"
    );
    let who = team.json(&["oncall", "who"]);
    let order: Vec<&str> = who["escalation"]["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["bob", "carol"]);
    assert_eq!(who["escalation"]["ack_timeout"], 300);
    let history = team.ok(&["oncall", "history"]);
    assert!(
        history.contains("escalation order: (nobody) → bob → carol"),
        "{history}"
    );
    // Unknown members and repeats are refused, exit 2, the order unchanged.
    for bad in [["bob", "dave"], ["bob", "bob"]] {
        let out = run(team.cmd().args(["oncall", "escalation", "set"]).args(bad));
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
    // The roster file keeps its shape: the order is one more field of current_config.
    let doc: Value = serde_json::from_str(&team.ok(&["oncall", "show"])).unwrap();
    assert_eq!(
        doc["current_config"]["escalation_order"],
        serde_json::json!(["bob", "carol"])
    );
    assert_eq!(doc["current_config"]["from_phone"], "+19195559876");
    team.ok(&["oncall", "remove", "carol"]);
    assert!(
        team.ok(&["oncall", "escalation", "show"])
            .contains("then bob (Bob Roberts), each after")
    );
    team.ok(&["oncall", "escalation", "clear"]);
    assert!(
        team.ok(&["oncall", "escalation", "show"])
            .contains("nobody after the person on call")
    );
}
