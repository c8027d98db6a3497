//! Exactly once under faults. A client that behaves like Twilio sends a storm of texts to the
//! tickets line (local backend) while relay is killed with SIGKILL (file store), or while two
//! relays share an S3 store (moto) behind a proxy that refuses, black-holes, or applies a
//! write and drops its answer, and one of them is killed. Then every text relay answered
//! with a 2xx must be filed exactly once, and no text twice.
//!
//! Short in the test command; `RELAY_CHAOS_LONG=1` is the long mode (`scripts/bench-chaos`
//! runs it five times and prints the figures).

mod common;
use common::chaos::{self, Item, Mode, Proxy, Req, Targets, wait_until};
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;
use std::collections::HashMap;
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

/// A storm of `items` at one relay, killed with SIGKILL and restarted at a quarter, a half
/// and three quarters of it; every item must have been acknowledged in the end.
fn through_three_kills(r: &mut Relay, items: Vec<Item>) -> chaos::Outcome {
    let n = items.len();
    let targets: Targets = Arc::new(Mutex::new(vec![r.base.clone()]));
    let out = chaos::during(&targets, items, Duration::from_secs(240), |progress| {
        for k in 1..=3 {
            wait_until(progress, n * k / 4);
            kill_and_restart(r, &targets, Duration::from_millis(200));
        }
    });
    assert!(
        out.unacked.is_empty(),
        "never acknowledged: {:?}",
        out.unacked
    );
    out
}

fn file_store(r: &Relay) -> relay::config::StoreConfig {
    relay::config::StoreConfig {
        url: format!("file://{}/data", r.dir.path().display()),
        ..Default::default()
    }
}

fn store_of(config: &relay::config::StoreConfig) -> (tokio::runtime::Runtime, relay::store::Store) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt.block_on(relay::store::Store::open(config)).unwrap();
    (rt, store)
}

/// Every document under `prefix`, as JSON.
fn documents(config: &relay::config::StoreConfig, prefix: &str) -> Vec<serde_json::Value> {
    let (rt, store) = store_of(config);
    rt.block_on(async {
        let mut out = Vec::new();
        for key in store.list(prefix).await.unwrap() {
            if let Some((v, _)) = store.get_json::<serde_json::Value>(&key).await.unwrap() {
                out.push(v);
            }
        }
        out
    })
}

fn size() -> usize {
    if long() { 3000 } else { 400 }
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
    let n = size();
    let texts = chaos::texts(n, 40, LINE, 1);
    let out = through_three_kills(&mut r, texts);
    settle(&r);
    let counts = chaos::filed(&file_store(&r));
    let (lost, twice) = chaos::verdict("tickets, file store, 3 SIGKILLs", &out, &counts);
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
    let n = size();
    let hole = Duration::from_secs(if long() { 20 } else { 4 });
    let targets: Targets = Arc::new(Mutex::new(vec![a.base.clone(), b.base.clone()]));
    let texts = chaos::texts(n, 40, LINE, 2);
    let fault = |mode: Mode, for_: Duration| {
        proxy.set(mode);
        std::thread::sleep(for_);
        proxy.set(Mode::Pass);
    };
    let out = chaos::during(&targets, texts, Duration::from_secs(300), |progress| {
        wait_until(progress, n / 10);
        fault(Mode::DropAnswer, Duration::from_secs(2));
        wait_until(progress, n * 3 / 10);
        fault(Mode::Refuse, Duration::from_secs(2));
        wait_until(progress, n / 2);
        kill_and_restart(&mut b, &targets, Duration::from_secs(3));
        wait_until(progress, n * 7 / 10);
        fault(Mode::BlackHole, hole);
        wait_until(progress, n * 17 / 20);
        fault(Mode::DropAnswer, Duration::from_secs(2));
    });
    assert!(
        out.unacked.is_empty(),
        "never acknowledged: {:?}",
        out.unacked
    );
    settle(&a);
    let direct = relay::config::StoreConfig {
        url: format!("s3://{bucket}/relay"),
        endpoint: Some(endpoint),
        region: Some("us-east-1".into()),
        path_style: true,
        ..Default::default()
    };
    let counts = chaos::filed(&direct);
    let (lost, twice) = chaos::verdict("S3, two relays, proxy faults and a SIGKILL", &out, &counts);
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

#[test]
fn status_callbacks_through_sigkills_all_reach_their_records() {
    let mut r = Relay::new(None, "");
    r.start(&[]);
    let messages = size() / 4;
    // Each message's callbacks, sent independently (so in any order): sent, then
    // delivered, or undelivered with 30007 for every fifth.
    let mut items = Vec::new();
    let mut expect = HashMap::new();
    for m in 0..messages {
        let sid = format!("SM{:032x}", 0x5000 + m);
        let last = if m % 5 == 0 {
            "undelivered"
        } else {
            "delivered"
        };
        expect.insert(sid.clone(), last);
        for (k, status) in ["queued", "sent", last, "sent"].iter().enumerate() {
            let mut params = vec![
                ("MessageSid", sid.as_str()),
                ("MessageStatus", status),
                ("AccountSid", "AC00000000000000000000000000000000"),
                ("To", "+19195550199"),
            ];
            if *status == "undelivered" {
                params.push(("ErrorCode", "30007"));
            }
            items.push(Item {
                id: format!("{sid}:{k}:{status}"),
                requests: vec![Req::twilio(
                    relay::send::status::CALLBACK_PATH,
                    &params,
                    &format!("status-{sid}-{k}"),
                )],
            });
        }
    }
    let out = through_three_kills(&mut r, items);
    // Folded within seconds of the storm (at start, and every 5 s).
    let store = file_store(&r);
    let mut records = HashMap::new();
    wait_for("every message's record", 30, || {
        records = documents(&store, relay::send::status::PREFIX)
            .into_iter()
            .map(|d| {
                (
                    d["sid"].as_str().unwrap().to_string(),
                    d["status"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        records.len() == messages
    });
    // Each acknowledged callback's status is in its message's record (the most advanced
    // wins); nothing else is there.
    let mut counts = HashMap::new();
    for id in &out.acked {
        let (sid, status) = (&id[..34], id.rsplit(':').next().unwrap());
        let held = records.get(sid).map(String::as_str);
        let reflected =
            held.is_some_and(|h| relay::send::status::rank(h) >= relay::send::status::rank(status));
        if reflected {
            counts.insert(id.clone(), 1);
        }
    }
    let (lost, _) = chaos::verdict("status callbacks, file store, 3 SIGKILLs", &out, &counts);
    assert_eq!(lost, 0, "{}", r.logs());
    for (sid, last) in expect {
        assert_eq!(records[&sid], last, "{sid}");
    }
}

#[test]
fn ci360_events_through_sigkills_are_sent_once_each() {
    const SID: &str = "AC0123456789abcdef0123456789abcdef";
    const KEY: &str = "ci360-chaos-key";
    let fake = Fake::start(SID, "acme-token", Faults::default());
    let mut r = Relay::new(None, &ci360_tenant(SID, &fake.base, KEY));
    r.start(&[]);
    let n = size() / 2;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let items: Vec<Item> = (0..n)
        .map(|i| {
            let event = serde_json::json!({
                "eventType": "outboundSystem",
                "date": {"generatedTimestamp": now_ms},
                "externalTenantId": "acme",
                "identityId": format!("identity-{i}"),
                "impression": {"creativeContent": format!("TO:+1919555{:04};\nchaos event {i}\n", 3000 + i % 50)},
            });
            Item {
                id: format!("chaos event {i}"),
                requests: vec![Req {
                    path: "/ci360/messages".into(),
                    body: event.to_string().into_bytes(),
                    headers: vec![
                        ("content-type".into(), "application/json".into()),
                        ("x-api-key".into(), KEY.into()),
                    ],
                }],
            }
        })
        .collect();
    let out = through_three_kills(&mut r, items);
    let mut counts = HashMap::new();
    for m in fake.messages.lock().unwrap().iter() {
        *counts.entry(m.body.clone()).or_insert(0) += 1;
    }
    let (lost, twice) = chaos::verdict("CI360 events, file store, 3 SIGKILLs", &out, &counts);
    assert_eq!((lost, twice), (0, 0), "{}", r.logs());
}

#[test]
fn pager_calls_through_sigkills_leave_one_voicemail_each() {
    const SID: &str = "AC0123456789abcdef0123456789abcdef";
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = Relay::new(
        None,
        &format!(
            "\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[pager]\nnotify = \"twilio-link\"\n",
            fake.base
        ),
    );
    r.start(&[]);
    let n = size() / 4;
    let items: Vec<Item> = (0..n)
        .map(|i| {
            let call = format!("CA{:032x}", 0x7000 + i);
            let rec = format!("RE{:032x}", 0x7000 + i);
            fake.recordings
                .lock()
                .unwrap()
                .insert(rec.clone(), vec![0u8; 800]);
            let common = [
                ("AccountSid", SID),
                ("CallSid", call.as_str()),
                ("From", "+15005550006"),
                ("To", PAGER),
            ];
            let mut answer = common.to_vec();
            answer.push(("CallStatus", "ringing"));
            let mut recording = common.to_vec();
            recording.extend([
                ("RecordingSid", rec.as_str()),
                ("RecordingStatus", "completed"),
                ("RecordingDuration", "7"),
            ]);
            Item {
                id: call.clone(),
                requests: vec![
                    Req::twilio("/twilio/voice", &answer, &format!("answer-{call}")),
                    Req::twilio(
                        relay::pager::RECORDING_PATH,
                        &recording,
                        &format!("rec-{call}"),
                    ),
                ],
            }
        })
        .collect();
    let out = through_three_kills(&mut r, items);
    let store = file_store(&r);
    wait_for("every voicemail delivered", 60 + n as u64 / 5, || {
        let all = documents(&store, relay::pager::MESSAGES);
        all.len() >= out.acked.len() && all.iter().all(|v| v["steps"]["sms"]["state"] == "done")
    });
    let mut counts = HashMap::new();
    for v in documents(&store, relay::pager::MESSAGES) {
        *counts
            .entry(v["call_sid"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    let (lost, twice) = chaos::verdict("pager voicemails, file store, 3 SIGKILLs", &out, &counts);
    assert_eq!((lost, twice), (0, 0), "{}", r.logs());
    // One text to the person on call per voicemail.
    let mut bodies: HashMap<String, usize> = HashMap::new();
    for m in fake
        .messages
        .lock()
        .unwrap()
        .iter()
        .filter(|m| m.to == ALICE)
    {
        *bodies.entry(m.body.clone()).or_insert(0) += 1;
    }
    let texts: usize = bodies.values().sum();
    let twice: Vec<_> = bodies.iter().filter(|(_, n)| **n > 1).take(3).collect();
    println!(
        "chaos pager: {texts} texts to the person on call for {} voicemails",
        counts.len()
    );
    assert_eq!(texts, counts.len(), "texted twice: {twice:?}");
}
