//! The first hour with relay, driven through the binary as a new user meets it: a roster
//! without a pager line, a relative store found from any directory, configuration
//! mistakes reported all at once, and `doctor` naming stuck work with its fix.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn at(dir: &Path) -> std::process::Command {
    let mut c = relay();
    c.current_dir(dir);
    c
}

#[test]
fn an_alert_only_team_makes_a_roster_without_a_pager_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("relay.toml"),
        "[store]\nurl = \"file://data\"\n",
    )
    .unwrap();
    let out = run(at(dir.path()).args(["oncall", "init", "--from-phone", "+19195559876"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("no members yet") && said.contains("relay oncall add ID"),
        "advice for an empty roster: {said}"
    );
    assert!(
        !said.contains("pager_phone"),
        "no complaint about a pager: {said}"
    );
    let out = run(at(dir.path()).args(["oncall", "check"]));
    assert!(
        !stdout(&out).contains("pager_phone") && !stderr(&out).contains("pager_phone"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // Neither phone is a made-up requirement in --help any more; --from-phone still is.
    let out = run(at(dir.path()).args(["oncall", "init"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--from-phone"), "{}", stderr(&out));
}

#[test]
fn a_relative_store_is_the_same_from_every_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (srv, elsewhere) = (dir.path().join("srv"), dir.path().join("home"));
    std::fs::create_dir_all(&srv).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let config = srv.join("relay.toml");
    std::fs::write(&config, "[store]\nurl = \"file://relay-data\"\n").unwrap();
    let out = run(at(&srv).args(["oncall", "init", "--from-phone", "+19195559876"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(srv.join("relay-data/oncall/roster.json").is_file());
    // cron, in $HOME, with the file named: the same roster.
    let out = run(at(&elsewhere)
        .arg("--config")
        .arg(&config)
        .args(["oncall", "show", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!elsewhere.join("relay-data").exists());
    // config check says where the store is.
    let out = run(at(&elsewhere)
        .arg("--config")
        .arg(&config)
        .args(["config", "check"]));
    let expected = format!("# store: file://{}", srv.join("relay-data").display());
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));

    // A configuration under $XDG_CONFIG_HOME: relative to that file, wherever relay runs.
    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("relay")).unwrap();
    std::fs::write(
        xdg.join("relay/relay.toml"),
        "[store]\nurl = \"file://data\"\n",
    )
    .unwrap();
    for cwd in [&elsewhere, &dir.path().to_path_buf()] {
        let out = run(at(cwd)
            .env("XDG_CONFIG_HOME", &xdg)
            .args(["config", "check", "--json"]));
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(
            v["store"],
            format!("file://{}", xdg.join("relay/data").display()),
            "{v}"
        );
    }
    // No file at all: the user's data directory, not the working directory.
    let data = dir.path().join("share");
    let out = run(at(&elsewhere).env("XDG_DATA_HOME", &data).args([
        "oncall",
        "init",
        "--from-phone",
        "+19195559876",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(data.join("relay/oncall/roster.json").is_file());
    assert!(!elsewhere.join("relay-data").exists());
}

#[test]
fn config_check_reports_every_mistake_serve_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    std::fs::write(
        &config,
        "[serve]\nlisten = \"127.0.0.1:8080\"\nlistn = \"x\"\n[pager]\nnotfy = \"link\"\n[stor]\nurl = \"file://x\"\n",
    )
    .unwrap();
    let out = run(relay()
        .arg("--config")
        .arg(&config)
        .args(["config", "check"]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let path = config.display().to_string();
    for want in [
        format!("{path}:3: serve.listn"),
        format!("{path}:5: pager.notfy"),
        format!("{path}:6: stor"),
    ] {
        assert!(err.contains(&want), "{want} in {err}");
    }
    assert!(
        !err.contains("relay config check"),
        "no advice to run itself: {err}"
    );
    std::fs::write(&config, "[serve]\nlisten = \"localhost:eighty\"\n").unwrap();
    let out = run(relay()
        .arg("--config")
        .arg(&config)
        .args(["config", "check"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("numeric port"), "{}", stderr(&out));
    // A missing file: the OS error once, and how to make one.
    let missing = dir.path().join("nope.toml");
    let out = run(relay()
        .arg("--config")
        .arg(&missing)
        .args(["config", "check"]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
    assert!(err.contains("relay config init"), "{err}");
    // A valid file without an auth token: fine, and it says what serve will need.
    std::fs::write(&config, "").unwrap();
    let out = run(relay()
        .arg("--config")
        .arg(&config)
        .args(["config", "check"]));
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("relay serve will refuse to start here"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("warning"),
        "a default config is quiet: {}",
        stderr(&out)
    );
}

#[test]
fn doctor_names_a_voicemail_that_gave_up_with_the_commands_that_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    std::fs::write(&config, "[store]\nurl = \"file://data\"\n").unwrap();
    let messages = dir.path().join("data").join(relay::pager::MESSAGES);
    std::fs::create_dir_all(&messages).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    std::fs::write(
        messages.join("20261204T040539-CA0000000000000000000000000000a001.json"),
        serde_json::json!({
            "at": now - 600,
            "steps": {
                "download": {"state": "done", "attempts": 1},
                "sms": {"state": "failed", "attempts": 12, "last_error": "Twilio answered 401"},
            },
            "lease_until": 0,
        })
        .to_string(),
    )
    .unwrap();
    let out =
        run(relay()
            .arg("--config")
            .arg(&config)
            .args(["doctor", "--json", "--timeout", "2"]));
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let line = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["check"] == "pager messages")
        .cloned()
        .unwrap_or_else(|| panic!("no pager messages line: {v}"));
    assert_eq!(line["status"], "failed", "{line}");
    assert!(
        line["detail"]
            .as_str()
            .unwrap()
            .contains("1 pending, 1 given up"),
        "{line}"
    );
    assert!(
        line["fix"]
            .as_str()
            .unwrap()
            .contains("`relay pager retry` tries again now"),
        "{line}"
    );
    // Nothing of the tickets' kinds is configured or waiting: no lines for them.
    assert!(
        !v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["check"] == "texts to file"),
        "{v}"
    );
}
