//! `relay send` end to end: the real binary against a local fake of Twilio's Messages API
//! that injects rate limits, server errors and dropped connections; a `kill -9` in the
//! middle of a campaign; validation before sending.

mod common;
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "send-test-token";

struct Campaign {
    dir: tempfile::TempDir,
    config: PathBuf,
    creative: PathBuf,
    data: PathBuf,
}

impl Campaign {
    fn new(fake: &Fake, rows: usize) -> Campaign {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("relay.toml");
        std::fs::write(
            &config,
            format!(
                "[store]\nurl = \"file://{}/data\"\n[twilio]\naccount_sid = \"{SID}\"\nauth_token = \"{TOKEN}\"\napi_base_url = \"{}\"\n[send]\nfrom = \"+19085551212\"\n",
                dir.path().display(),
                fake.base
            ),
        )
        .unwrap();
        let creative = dir.path().join("creative.txt");
        std::fs::write(
            &creative,
            "TO:{{phone}};\nHello {{name}}; your code is {{n}}.\n",
        )
        .unwrap();
        let data = dir.path().join("rows.csv");
        let mut csv = String::from("phone,name,n,unused\n");
        for i in 0..rows {
            csv.push_str(&format!(
                "+1919{:07},Person {i},{i},x{}\n",
                5_000_000 + i,
                i % 3
            ));
        }
        std::fs::write(&data, csv).unwrap();
        Campaign {
            dir,
            config,
            creative,
            data,
        }
    }

    fn cmd(&self, extra: &[&str]) -> std::process::Command {
        let mut c = relay();
        c.arg("--config")
            .arg(&self.config)
            .arg("send")
            .arg(&self.creative)
            .arg("--data")
            .arg(&self.data)
            .args(["--json"])
            .args(extra)
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        c
    }

    fn journal(&self) -> PathBuf {
        self.dir.path().join("rows.csv.journal.jsonl")
    }
}

fn summary(out: &std::process::Output) -> Value {
    let text = stdout(out);
    let last = text.lines().last().unwrap_or("{}");
    serde_json::from_str::<Value>(last).unwrap()["summary"].clone()
}

fn assert_each_once(fake: &Fake, rows: usize) {
    let counts = fake.counts();
    let dup: Vec<_> = counts.iter().filter(|(_, n)| **n != 1).collect();
    assert!(
        dup.is_empty(),
        "sent more than once: {:?}",
        &dup[..dup.len().min(5)]
    );
    assert_eq!(counts.len(), rows, "every row reached Twilio");
}

#[test]
fn a_campaign_through_rate_limits_errors_and_dropped_connections_sends_each_row_once() {
    let fake = Fake::start(
        SID,
        TOKEN,
        Faults {
            every_429: 97,
            every_500: 89,
            every_drop_before: 113,
            every_drop_after: 71,
            ..Default::default()
        },
    );
    let c = Campaign::new(&fake, 5000);
    let out = run(&mut c.cmd(&["--concurrency", "32"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = summary(&out);
    assert_eq!(s["sent"], 5000, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
    assert!(
        s["retries"].as_u64().unwrap() > 100,
        "faults were injected: {s}"
    );
    assert!(
        s["recovered"].as_u64().unwrap() > 0,
        "answers lost after creation were found at Twilio, not re-sent: {s}"
    );
    assert_each_once(&fake, 5000);
    let m = fake.messages.lock().unwrap()[0].clone();
    assert_eq!(
        m.from.as_deref(),
        Some("+19085551212"),
        "the default sender"
    );
    assert!(m.body.starts_with("Hello Person"), "{m:?}");
    // One JSON object per message, then the summary.
    let lines = stdout(&out).lines().count();
    assert_eq!(lines, 5001);

    // A re-run sends nothing again.
    let before = fake.requests.load(std::sync::atomic::Ordering::SeqCst);
    let out = run(&mut c.cmd(&[]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = summary(&out);
    assert_eq!(
        (s["sent"].as_u64(), s["skipped"].as_u64()),
        (Some(0), Some(5000))
    );
    assert_eq!(
        fake.requests.load(std::sync::atomic::Ordering::SeqCst),
        before
    );
    assert_each_once(&fake, 5000);
}

#[test]
fn kill_9_in_the_middle_then_a_rerun_sends_each_row_exactly_once() {
    let fake = Fake::start(
        SID,
        TOKEN,
        Faults {
            delay: Duration::from_millis(20),
            ..Default::default()
        },
    );
    let rows = 2000;
    let c = Campaign::new(&fake, rows);
    for round in 0..3 {
        let mut child = c
            .cmd(&["--concurrency", "16"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let target = 300 * (round + 1);
        let t = Instant::now();
        while fake.messages.lock().unwrap().len() < target {
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "the campaign stalled"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    std::thread::sleep(Duration::from_millis(100));
    let partial = fake.messages.lock().unwrap().len();
    assert!(partial < rows, "killed before the end ({partial})");
    let out = run(&mut c.cmd(&["--concurrency", "16"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = summary(&out);
    assert_eq!(
        s["sent"].as_u64().unwrap() + s["skipped"].as_u64().unwrap(),
        rows as u64,
        "{s}"
    );
    assert_each_once(&fake, rows);
    // The journal says the same.
    let journal = std::fs::read_to_string(c.journal()).unwrap();
    let sent: std::collections::HashSet<String> = journal
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| r["state"] == "sent")
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sent.len(), rows);
}

#[test]
fn permanent_errors_are_reported_per_row_and_not_retried() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let c = Campaign::new(&fake, 3);
    // Row 2 goes to a number Twilio refuses (21211).
    let data = std::fs::read_to_string(&c.data)
        .unwrap()
        .replace("+19195000001", "+15005550001");
    std::fs::write(&c.data, data).unwrap();
    let out = run(&mut c.cmd(&[]));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let bad = lines.iter().find(|l| l["row"] == 2).unwrap();
    assert_eq!(bad["status"], "failed");
    assert_eq!(bad["code"], 21211);
    assert_eq!(bad["attempts"], 1, "not retried");
    assert_eq!(summary(&out)["sent"], 2);
    assert_eq!(fake.requests.load(std::sync::atomic::Ordering::SeqCst), 3);
    // A re-run leaves the failure alone unless asked.
    let out = run(&mut c.cmd(&[]));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fake.requests.load(std::sync::atomic::Ordering::SeqCst), 3);
    let out = run(&mut c.cmd(&["--retry-failed"]));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fake.requests.load(std::sync::atomic::Ordering::SeqCst), 4);
    // Wrong credentials: the campaign stops at once.
    let bad_cfg = std::fs::read_to_string(&c.config)
        .unwrap()
        .replace(TOKEN, "wrong");
    std::fs::write(&c.config, bad_cfg).unwrap();
    std::fs::remove_file(c.journal()).unwrap();
    let out = run(&mut c.cmd(&["--concurrency", "1"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("20003"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("refused the credentials"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fake.requests.load(std::sync::atomic::Ordering::SeqCst),
        5,
        "stopped at the first 401"
    );
}

#[test]
fn nothing_is_sent_when_any_message_is_invalid() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let c = Campaign::new(&fake, 5);
    let mut data = std::fs::read_to_string(&c.data).unwrap();
    data.push_str("12,Nobody,6,x\n");
    std::fs::write(&c.data, &data).unwrap();
    let out = run(&mut c.cmd(&[]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("rows.csv:7: row 6: TO \"12\" is not a phone number"),
        "{err}"
    );
    assert!(err.contains("nothing was sent"), "{err}");
    // A placeholder without a value names itself, the row and the file.
    std::fs::write(&c.creative, "TO:{{phone}};\nHi {{nickname}}\n").unwrap();
    let out = run(&mut c.cmd(&[]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("rows.csv:2: row 1: no value for {{nickname}}"),
        "{err}"
    );
    // A broken creative names its line.
    std::fs::write(&c.creative, "FROM:+19085551212;\nHi\n").unwrap();
    let out = run(&mut c.cmd(&[]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("creative.txt:line 1: no TO"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fake.requests.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[test]
fn the_readme_example_dry_runs_on_a_fresh_clone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(relay().current_dir(root).args([
        "send",
        "examples/creative.txt",
        "--data",
        "examples/recipients.csv",
        "--dry-run",
        "--json",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["to"], "+19195551002");
    assert_eq!(lines[0]["sender"], "+19085551212");
    assert_eq!(
        lines[0]["media_urls"][0],
        "https://www.sas.com/images/logo.jpg"
    );
    assert_eq!(
        lines[0]["body"],
        "Ada, thank you for registering for our seminar!"
    );
    assert_eq!(lines[1]["to"], "+19195551003");
    assert_eq!(lines[4]["summary"]["messages"], 4);
    assert!(
        !root.join("examples/recipients.csv.journal.jsonl").exists(),
        "a dry run writes no journal"
    );
}
