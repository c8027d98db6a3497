//! Exactly once under faults. A client that behaves like Twilio sends a storm of texts to the
//! tickets line (local backend) while relay is killed with SIGKILL (file store), or while two
//! relays share an S3 store (moto) behind a proxy that refuses, black-holes, or applies a
//! write and drops its answer, and one of them is killed. Then every text relay answered
//! with a 2xx must be filed exactly once, and no text twice.
//!
//! Short in the test command; `RELAY_CHAOS_LONG=1` is the long mode (`scripts/bench-chaos`
//! runs it five times and prints the figures).

mod common;
use common::chaos::{self, Mode, Proxy, Targets};
use common::server::*;
use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const LINE: &str = "+18005550100";

fn long() -> bool {
    std::env::var_os("RELAY_CHAOS_LONG").is_some()
}

fn config(store: Option<String>) -> (Option<String>, String) {
    (
        store,
        format!("\n[numbers]\n\"{LINE}\" = \"tickets\"\n[tickets]\n"),
    )
}

/// SIGKILL, then a new `relay serve` on the same store; the storm's targets follow.
fn kill_and_restart(r: &mut Relay, targets: &Targets, pause: Duration) {
    let mut child = r.child.take().unwrap();
    targets.lock().unwrap().retain(|b| *b != r.base);
    child.kill().unwrap();
    child.wait().unwrap();
    std::thread::sleep(pause);
    r.start(&[]);
    targets.lock().unwrap().push(r.base.clone());
}

fn wait_until(progress: &AtomicUsize, n: usize) {
    wait_for("the storm to get that far", 300, || {
        progress.load(Ordering::SeqCst) >= n
    });
}

/// Waits until no inbound text is left to file.
fn settle(r: &Relay) {
    wait_for("every stored text to be filed", 120, || {
        r.tickets(&["pending"]).0 == 0
    });
}

#[test]
fn sigkill_during_a_storm_loses_nothing_and_files_nothing_twice() {
    let (store, extra) = config(None);
    let mut r = Relay::new(store, &extra);
    r.start(&[]);
    let n = if long() { 3000 } else { 400 };
    let targets: Targets = Arc::new(Mutex::new(vec![r.base.clone()]));
    let progress = AtomicUsize::new(0);
    let texts = chaos::texts(n, 40, LINE, 1);
    let out = std::thread::scope(|s| {
        let storm =
            s.spawn(|| chaos::storm(&targets, texts, 12, Duration::from_secs(240), &progress));
        for k in 1..=3 {
            wait_until(&progress, n * k / 4);
            kill_and_restart(&mut r, &targets, Duration::from_millis(200));
        }
        storm.join().unwrap()
    });
    settle(&r);
    let store = relay::config::StoreConfig {
        url: format!("file://{}/data", r.dir.path().display()),
        endpoint: None,
        region: None,
        path_style: false,
        profile: None,
        retention: Default::default(),
    };
    let counts = chaos::filed(&store);
    let (lost, twice) = chaos::verdict("file store, 3 SIGKILLs", &out, &counts);
    assert!(
        out.unacked.is_empty(),
        "never acknowledged: {:?}",
        out.unacked
    );
    assert_eq!((lost, twice), (0, 0), "{}", r.logs());
    assert_eq!(counts.len(), n);
}

#[test]
fn two_relays_on_s3_behind_a_faulty_proxy_lose_nothing_and_file_nothing_twice() {
    let Some(endpoint) = service("RELAY_TEST_S3_ENDPOINT", "an S3-compatible server (moto)") else {
        return;
    };
    let bucket = format!("relay-chaos-{}", rand_id());
    create_bucket(&endpoint, &bucket);
    let proxy = Proxy::start(&endpoint);
    let section = |endpoint: &str| {
        format!(
            "[store]\nurl = \"s3://{bucket}/relay\"\nendpoint = \"{endpoint}\"\npath_style = true\nregion = \"us-east-1\"\n"
        )
    };
    let (store, extra) = config(Some(section(&proxy.addr)));
    let mut a = Relay::new(store, &extra);
    let mut b = Relay::beside(&a);
    a.start(&[]);
    b.start(&[]);
    let n = if long() { 3000 } else { 400 };
    let hole = Duration::from_secs(if long() { 20 } else { 4 });
    let targets: Targets = Arc::new(Mutex::new(vec![a.base.clone(), b.base.clone()]));
    let progress = AtomicUsize::new(0);
    let texts = chaos::texts(n, 40, LINE, 2);
    let fault = |mode: Mode, for_: Duration| {
        proxy.set(mode);
        std::thread::sleep(for_);
        proxy.set(Mode::Pass);
    };
    let out = std::thread::scope(|s| {
        let storm =
            s.spawn(|| chaos::storm(&targets, texts, 12, Duration::from_secs(300), &progress));
        wait_until(&progress, n / 10);
        fault(Mode::DropAnswer, Duration::from_secs(2));
        wait_until(&progress, n * 3 / 10);
        fault(Mode::Refuse, Duration::from_secs(2));
        wait_until(&progress, n / 2);
        kill_and_restart(&mut b, &targets, Duration::from_secs(3));
        wait_until(&progress, n * 7 / 10);
        fault(Mode::BlackHole, hole);
        wait_until(&progress, n * 17 / 20);
        fault(Mode::DropAnswer, Duration::from_secs(2));
        storm.join().unwrap()
    });
    settle(&a);
    let direct = relay::config::StoreConfig {
        url: format!("s3://{bucket}/relay"),
        endpoint: Some(endpoint),
        region: Some("us-east-1".into()),
        path_style: true,
        profile: None,
        retention: Default::default(),
    };
    let counts = chaos::filed(&direct);
    let (lost, twice) = chaos::verdict("S3, two relays, proxy faults and a SIGKILL", &out, &counts);
    assert!(
        out.unacked.is_empty(),
        "never acknowledged: {:?}",
        out.unacked
    );
    assert_eq!(
        (lost, twice),
        (0, 0),
        "relay A:\n{}\nrelay B:\n{}",
        a.logs(),
        b.logs()
    );
    assert_eq!(counts.len(), n);
}

#[test]
fn relay_store_prune_removes_only_what_has_expired() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("relay.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\nurl = \"file://{}\"\n[store.retention]\nhandled_days = 2\n",
            data.display()
        ),
    )
    .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let write = |key: &str, doc: serde_json::Value| {
        let path = data.join(key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, doc.to_string()).unwrap();
    };
    write(
        "serve/handled/old.json",
        serde_json::json!({"state": "done", "at": now - 3 * 86_400}),
    );
    write(
        "serve/handled/new.json",
        serde_json::json!({"state": "done", "at": now - 86_400}),
    );
    write(
        "serve/handled/held.json",
        serde_json::json!({"state": "started", "at": now - 3 * 86_400, "until_ms": (now + 60) * 1000}),
    );
    write(
        "alert/alerts/sent.json",
        serde_json::json!({"steps": {"sms": {"state": "done", "at": now - 100 * 86_400}}}),
    );
    write(
        "alert/alerts/failing.json",
        serde_json::json!({"steps": {"sms": {"state": "failed", "at": now - 100 * 86_400}}}),
    );
    let prune = |args: &[&str]| {
        let out = run(relay()
            .arg("--config")
            .arg(&config)
            .args(["store", "prune"])
            .args(args));
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let seen: serde_json::Value = serde_json::from_str(&prune(&["--dry-run", "--json"])).unwrap();
    let expired: u64 = seen["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["expired"].as_u64().unwrap())
        .sum();
    assert_eq!(expired, 2, "{seen}");
    assert!(
        data.join("serve/handled/old.json").exists(),
        "a dry run removes nothing"
    );
    let text = prune(&[]);
    assert!(text.contains("removed 2 documents"), "{text}");
    for (key, kept) in [
        ("serve/handled/old.json", false),
        ("serve/handled/new.json", true),
        ("serve/handled/held.json", true),
        ("alert/alerts/sent.json", false),
        ("alert/alerts/failing.json", true),
    ] {
        assert_eq!(data.join(key).exists(), kept, "{key}");
    }
}
