//! Exactly once under faults. A client that behaves like Twilio (or CI360, or mailroom)
//! sends a storm while relay is killed with SIGKILL (file store), or while two relays share
//! an S3 store (moto) behind a proxy that refuses, black-holes, or applies a write and drops
//! its answer, and one of them is killed: texts to the tickets line, status callbacks, CI360
//! events, pager calls, alert calls, RapidPro's rooms and messages. Then every request relay
//! answered with a 2xx must have had exactly one effect, and nothing is done twice.
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

/// A storm of `items` at one relay, killed with SIGKILL and restarted when a quarter, a
/// half and three quarters of `expected` items were acknowledged.
fn storm_through_three_kills(r: &mut Relay, items: Vec<Item>, expected: usize) -> chaos::Outcome {
    let targets: Targets = Arc::new(Mutex::new(vec![r.base.clone()]));
    chaos::during(&targets, items, Duration::from_secs(240), |progress| {
        for k in 1..=3 {
            wait_until(progress, expected * k / 4);
            kill_and_restart(r, &targets, Duration::from_millis(200));
        }
    })
}

/// The same, for clients that retry every request: every item must have been
/// acknowledged in the end.
fn through_three_kills(r: &mut Relay, items: Vec<Item>) -> chaos::Outcome {
    let n = items.len();
    let out = storm_through_three_kills(r, items, n);
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

/// Two relays on one S3 bucket (moto) behind a [`Proxy`], configured with `extra`, and a
/// storm of `items` through it while the proxy drops answers, refuses, black-holes, and one
/// relay is killed for 3 s; every item must be acknowledged. The relays (to read logs and
/// settle) and the store as the test reads it, behind no proxy. `None` without moto.
struct OnS3 {
    a: Relay,
    b: Relay,
    store: relay::config::StoreConfig,
    out: chaos::Outcome,
    _proxy: Proxy,
}

fn through_s3_faults(extra: &str, items: Vec<Item>) -> Option<OnS3> {
    let endpoint = service("RELAY_TEST_S3_ENDPOINT", "an S3-compatible server (moto)")?;
    let bucket = format!("relay-chaos-{}", rand_id());
    create_bucket(&endpoint, &bucket);
    let proxy = Proxy::start(&endpoint);
    let section = format!(
        "[store]\nurl = \"s3://{bucket}/relay\"\nendpoint = \"{}\"\npath_style = true\nregion = \"us-east-1\"\n",
        proxy.addr
    );
    let mut a = Relay::new(Some(section), extra);
    let mut b = Relay::beside(&a);
    a.start(&[]);
    b.start(&[]);
    let n = items.len();
    let hole = Duration::from_secs(if long() { 20 } else { 4 });
    let targets: Targets = Arc::new(Mutex::new(vec![a.base.clone(), b.base.clone()]));
    let fault = |mode: Mode, for_: Duration| {
        proxy.set(mode);
        std::thread::sleep(for_);
        proxy.set(Mode::Pass);
    };
    let out = chaos::during(&targets, items, Duration::from_secs(300), |progress| {
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
        "never acknowledged: {:?}\nrelay A:\n{}\nrelay B:\n{}",
        out.unacked,
        a.logs(),
        b.logs()
    );
    let store = relay::config::StoreConfig {
        url: format!("s3://{bucket}/relay"),
        endpoint: Some(endpoint),
        region: Some("us-east-1".into()),
        path_style: true,
        ..Default::default()
    };
    Some(OnS3 {
        a,
        b,
        store,
        out,
        _proxy: proxy,
    })
}

#[test]
fn two_relays_on_s3_behind_a_faulty_proxy_lose_nothing_and_file_nothing_twice() {
    let (_, extra) = config(None);
    let n = size();
    let Some(s3) = through_s3_faults(&extra, chaos::texts(n, 40, LINE, 2)) else {
        return;
    };
    settle(&s3.a);
    let counts = chaos::filed(&s3.store);
    let (lost, twice) = chaos::verdict(
        "S3, two relays, proxy faults and a SIGKILL",
        &s3.out,
        &counts,
    );
    assert_eq!(
        (lost, twice),
        (0, 0),
        "relay A:\n{}\nrelay B:\n{}",
        s3.a.logs(),
        s3.b.logs()
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
                requests: vec![Req::json(
                    "POST",
                    "/ci360/messages",
                    &event,
                    &[("x-api-key", KEY)],
                    true,
                )],
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

const PAGER_SID: &str = "AC0123456789abcdef0123456789abcdef";

/// relay.toml's lines for the pager storms: Twilio is `fake`.
fn pager_config(fake: &Fake) -> String {
    format!(
        "\n[twilio]\naccount_sid = \"{PAGER_SID}\"\napi_base_url = \"{}\"\n[pager]\nnotify = \"twilio-link\"\n",
        fake.base
    )
}

/// `n` calls to the pager line (the answer, then the recording's callback), their
/// recordings at `fake`; each item's id is its CallSid.
fn pager_calls(fake: &Fake, n: usize, seed: usize) -> Vec<Item> {
    (0..n)
        .map(|i| {
            let call = format!("CA{:016x}{:016x}", seed, 0x7000 + i);
            let rec = format!("RE{:016x}{:016x}", seed, 0x7000 + i);
            fake.recordings
                .lock()
                .unwrap()
                .insert(rec.clone(), vec![0u8; 800]);
            let common = [
                ("AccountSid", PAGER_SID),
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
        .collect()
}

/// The voicemails in the store, counted by CallSid.
fn voicemails_by_call(store: &relay::config::StoreConfig) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for v in documents(store, relay::pager::MESSAGES) {
        *counts
            .entry(v["call_sid"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    counts
}

/// The texts the person on call got, counted by body.
fn texts_to_alice(fake: &Fake) -> HashMap<String, usize> {
    let mut bodies = HashMap::new();
    for m in fake
        .messages
        .lock()
        .unwrap()
        .iter()
        .filter(|m| m.to == ALICE)
    {
        *bodies.entry(m.body.clone()).or_insert(0) += 1;
    }
    bodies
}

/// One voicemail per acknowledged call, delivered, and one text to the person on call
/// for each: none twice.
fn pager_verdict(
    what: &str,
    store: &relay::config::StoreConfig,
    out: &chaos::Outcome,
    fake: &Fake,
    logs: &dyn Fn() -> String,
) {
    wait_for(
        "every voicemail delivered",
        60 + out.acked.len() as u64 / 5,
        || {
            let all = documents(store, relay::pager::MESSAGES);
            all.len() >= out.acked.len() && all.iter().all(|v| v["steps"]["sms"]["state"] == "done")
        },
    );
    let counts = voicemails_by_call(store);
    let (lost, twice) = chaos::verdict(what, out, &counts);
    assert_eq!((lost, twice), (0, 0), "{}", logs());
    let bodies = texts_to_alice(fake);
    let texts: usize = bodies.values().sum();
    let twice: Vec<_> = bodies.iter().filter(|(_, n)| **n > 1).take(3).collect();
    println!(
        "chaos {what}: {texts} texts to the person on call for {} voicemails",
        counts.len()
    );
    assert_eq!(texts, counts.len(), "texted twice: {twice:?}");
}

#[test]
fn pager_calls_through_sigkills_leave_one_voicemail_each() {
    let fake = Fake::start(PAGER_SID, TOKEN, Faults::default());
    let mut r = Relay::new(None, &pager_config(&fake));
    r.start(&[]);
    let out = through_three_kills(&mut r, pager_calls(&fake, size() / 4, 1));
    pager_verdict(
        "pager voicemails, file store, 3 SIGKILLs",
        &file_store(&r),
        &out,
        &fake,
        &|| r.logs(),
    );
}

#[test]
fn pager_calls_to_two_relays_on_s3_behind_a_faulty_proxy_leave_one_voicemail_each() {
    let fake = Fake::start(PAGER_SID, TOKEN, Faults::default());
    let items = pager_calls(&fake, size() / 4, 2);
    let Some(s3) = through_s3_faults(&pager_config(&fake), items) else {
        return;
    };
    pager_verdict(
        "pager voicemails, S3, two relays, proxy faults and a SIGKILL",
        &s3.store,
        &s3.out,
        &fake,
        &|| format!("relay A:\n{}\nrelay B:\n{}", s3.a.logs(), s3.b.logs()),
    );
}

/// relay's ticketer, set up with `relay ticketer init` as an operator would: its base path.
fn ticketer(r: &Relay, secret: &str) -> String {
    use std::io::Write;
    let mut child = r
        .cmd()
        .args(["ticketer", "init", "--secret-stdin", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{secret}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "init: {}", stderr(&out));
    let init: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    format!("/ticketer/{}", init["uuid"].as_str().unwrap())
}

#[test]
fn ticketer_messages_through_sigkills_are_filed_once_each() {
    const SECRET: &str = "Rp7secretFromTheConnectForm00042";
    let mut r = Relay::new(None, "[tickets]\n");
    let base = ticketer(&r, SECRET);
    r.start(&[]);
    let auth = format!("Token {SECRET}");
    let visitors = 20;
    let n = size() / 2;
    let rooms: Vec<(String, String)> = (0..visitors)
        .map(|v| {
            (
                format!("{}", 4_200_000 + v),
                common::mailroom::ticket_uuid(),
            )
        })
        .collect();
    // As mailroom sends them: each message after its visitor's `GET room` (retried, and
    // answered with the same room for the same ticketID); the message's POST is not retried.
    let items: Vec<Item> = (0..n)
        .map(|i| {
            let (token, ticket) = &rooms[i % visitors];
            let text = format!("chaos message {i}");
            let room = serde_json::json!({
                "visitor": {
                    "token": token,
                    "contactUUID": "88ff1e41-c1f8-4637-af8e-d56acbde9171",
                    "name": format!("Visitor {token}"),
                },
                "ticketID": ticket,
            });
            let message = serde_json::json!({"visitor": {"token": token}, "text": text});
            let headers = [("authorization", auth.as_str())];
            Item {
                id: text,
                requests: vec![
                    Req::json("GET", &format!("{base}/room"), &room, &headers, true),
                    Req::json(
                        "POST",
                        &format!("{base}/visitor-message"),
                        &message,
                        &headers,
                        false,
                    ),
                ],
            }
        })
        .collect();
    // A kill can fail a message in flight (mailroom would log it); most are acknowledged.
    let out = storm_through_three_kills(&mut r, items, n * 4 / 5);
    wait_for("every message from RapidPro to be filed", 120, || {
        let out = run(r.cmd().args(["ticketer", "status", "--json"]));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_default();
        v["pending_events"] == 0
    });
    let store = file_store(&r);
    let tickets = documents(&store, relay::tickets::local::TICKETS);
    let mut counts = HashMap::new();
    let mut requesters = HashMap::new();
    for t in &tickets {
        *requesters
            .entry(t["requester"].to_string())
            .or_insert(0usize) += 1;
        for m in t["messages"].as_array().into_iter().flatten() {
            let text = m["text"].as_str().unwrap_or("");
            if text.starts_with("chaos message ") {
                *counts.entry(text.to_string()).or_insert(0) += 1;
            }
        }
    }
    let (lost, twice) = chaos::verdict("ticketer messages, file store, 3 SIGKILLs", &out, &counts);
    assert_eq!((lost, twice), (0, 0), "{}", r.logs());
    assert_eq!(
        tickets.len(),
        visitors,
        "one ticket per room: {requesters:?}"
    );
    assert!(
        out.acked.len() >= n * 4 / 5,
        "only {} of {n} acknowledged",
        out.acked.len()
    );
}

fn as_refs<'a>(p: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    p.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// One webhook, calm (no faults): the TwiML relay answered.
fn twiml(base: &str, path: &str, params: &[(&str, &str)]) -> String {
    let req = Req::twilio(path, params, &format!("walk-{}", rand_id()));
    let mut r = reqwest::blocking::Client::new().post(format!("{base}{path}"));
    for (k, v) in &req.headers {
        r = r.header(k, v);
    }
    let resp = r.body(req.body).send().unwrap();
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
    resp.text().unwrap()
}

/// The path (and query) Twilio requests next: `attr` of `xml`, resolved against the URL
/// that served it (TwiML's follow-up URLs are relative).
fn follow(served: &str, xml: &str, attr: &str) -> String {
    let value = xml
        .split(&format!(" {attr}=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no {attr} in {xml}"));
    let value = value[..value.find('"').unwrap()].replace("&amp;", "&");
    let url = url::Url::parse(&format!("{PUBLIC}{served}"))
        .unwrap()
        .join(&value)
        .unwrap();
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// Whole alert calls through SIGKILLs; the person on call is texted once per alert (the
/// one-shot `escalate = false`: pages, paced to a text a second, have their storm below).
#[test]
fn alert_calls_through_sigkills_raise_one_alert_each() {
    const SID: &str = "AC0123456789abcdef0123456789abcdef";
    const ALERT: &str = "+18005550100";
    let fakes = common::alert_fakes::Fakes::start();
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = Relay::new(
        None,
        &format!(
            "\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[numbers]\n\"{ALERT}\" = \"alert\"\n[alert]\ntargets = [\"pagerduty\", \"oncall\"]\nlink = \"twilio\"\n[alert.oncall]\nescalate = false\n[alert.pagerduty]\nrouting_key = \"{}\"\nurl = \"{}/v2/enqueue\"\n",
            fake.base,
            common::alert_fakes::PD_KEY,
            fakes.base
        ),
    );
    r.start(&[]);
    // The paths of a whole call (an alert, no groups), learnt by walking one as Twilio
    // would: menu, the recording's action, the confirmation, its two callbacks.
    let params = |call: &str| {
        vec![
            ("AccountSid", SID.to_string()),
            ("CallSid", call.to_string()),
            ("CallStatus", "in-progress".to_string()),
            ("From", BOB.to_string()),
            ("To", ALERT.to_string()),
        ]
    };
    let walk_call = sid("CA");
    let base = params(&walk_call);
    let voice = twiml(&r.base, "/twilio/voice", &as_refs(&base));
    let menu = follow("/twilio/voice", &voice, "action");
    let mut p = base.clone();
    p.push(("Digits", "1".into()));
    let record = twiml(&r.base, &menu, &as_refs(&p));
    let recorded = follow(&menu, &record, "action");
    let recording = follow(&menu, &record, "recordingStatusCallback");
    let transcription = follow(&menu, &record, "transcribeCallback");
    let walk_rec = sid("RE");
    let mut p = base.clone();
    p.extend([
        ("RecordingSid", walk_rec.clone()),
        ("RecordingDuration", "9".into()),
        ("Digits", "#".into()),
    ]);
    let confirm_xml = twiml(&r.base, &recorded, &as_refs(&p));
    let confirm = follow(&recorded, &confirm_xml, "action");
    // The walked call ends as the storm's do, so its alert goes out at once too.
    let mut p = base.clone();
    p.push(("Digits", "1".into()));
    twiml(&r.base, &confirm, &as_refs(&p));
    let mut p = base.clone();
    p.extend([
        ("RecordingSid", walk_rec.clone()),
        ("RecordingStatus", "completed".into()),
        ("RecordingDuration", "9".into()),
    ]);
    twiml(&r.base, &recording, &as_refs(&p));
    let mut p = base.clone();
    p.extend([
        ("RecordingSid", walk_rec.clone()),
        ("TranscriptionStatus", "completed".into()),
        ("TranscriptionText", "the walk".into()),
    ]);
    twiml(&r.base, &transcription, &as_refs(&p));

    let n = size() / 4;
    let items: Vec<Item> = (0..n)
        .map(|i| {
            let call = format!("CA{:032x}", 0xa1e0 + i);
            let rec = format!("RE{:032x}", 0xa1e0 + i);
            let rec_url =
                format!("https://api.twilio.com/2010-04-01/Accounts/{SID}/Recordings/{rec}");
            let base = params(&call);
            let with = |extra: Vec<(&'static str, String)>| {
                let mut p = base.clone();
                p.extend(extra);
                p
            };
            let steps = [
                ("/twilio/voice".to_string(), base.clone()),
                (menu.clone(), with(vec![("Digits", "1".into())])),
                (
                    recorded.clone(),
                    with(vec![
                        ("RecordingSid", rec.clone()),
                        ("RecordingUrl", rec_url.clone()),
                        ("RecordingDuration", "9".into()),
                        ("Digits", "#".into()),
                    ]),
                ),
                // The confirmation's URL names the recording.
                (
                    confirm.replace(&walk_rec, &rec),
                    with(vec![("Digits", "1".into())]),
                ),
                (
                    recording.clone(),
                    with(vec![
                        ("RecordingSid", rec.clone()),
                        ("RecordingUrl", rec_url.clone()),
                        ("RecordingStatus", "completed".into()),
                        ("RecordingDuration", "9".into()),
                    ]),
                ),
                (
                    transcription.clone(),
                    with(vec![
                        ("RecordingSid", rec.clone()),
                        ("TranscriptionSid", format!("TR{:032x}", 0xa1e0 + i)),
                        ("TranscriptionStatus", "completed".into()),
                        ("TranscriptionText", format!("chaos alert {i}")),
                    ]),
                ),
            ];
            Item {
                id: call.clone(),
                requests: steps
                    .iter()
                    .enumerate()
                    .map(|(k, (path, p))| Req::twilio(path, &as_refs(p), &format!("{call}-{k}")))
                    .collect(),
            }
        })
        .collect();
    let out = through_three_kills(&mut r, items);
    let store = file_store(&r);
    let finished = |a: &serde_json::Value| {
        a["steps"]
            .as_object()
            .is_some_and(|s| s.values().all(|st| st["state"] == "done"))
    };
    wait_for("every alert sent", 120, || {
        let all = documents(&store, relay::alert::ALERTS);
        all.len() > out.acked.len() && all.iter().all(finished)
    });
    let mut counts = HashMap::new();
    for a in documents(&store, relay::alert::ALERTS) {
        let call = a["call_sid"].as_str().unwrap().to_string();
        if call != walk_call {
            *counts.entry(call).or_insert(0) += 1;
        }
    }
    let (lost, twice) = chaos::verdict("alert calls, file store, 3 SIGKILLs", &out, &counts);
    assert_eq!((lost, twice), (0, 0), "{}", r.logs());
    // PagerDuty: an incident per call (its dedup_key absorbs a trigger sent again after a
    // kill between PagerDuty's answer and relay's record of it).
    let incidents: std::collections::HashSet<String> = fakes
        .seen
        .pagerduty
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e["event_action"] == "trigger")
        .map(|e| e["dedup_key"].as_str().unwrap().to_string())
        .collect();
    for call in &out.acked {
        assert!(incidents.contains(&format!("relay-{call}")), "{call}");
    }
    // The person on call: one text per alert, none twice.
    let texts = texts_to_alice(&fake);
    let twice: Vec<_> = texts.iter().filter(|(_, n)| **n > 1).take(3).collect();
    assert!(twice.is_empty(), "texted twice: {twice:?}");
    assert_eq!(texts.len(), counts.len() + 1, "{texts:?}");
}

/// relay.toml's lines for the page storms: the pager line pages with escalation; a long
/// ack_timeout keeps the storm from escalating.
fn pages_config(fake: &Fake) -> String {
    format!(
        "{}escalate = true\n[oncall]\nack_timeout = 3600\n",
        pager_config(fake)
    )
}

/// One page per acknowledged voicemail, and for each exactly one text and one call to the
/// person on call (counted at the Twilio fake, calls by the page their URL names).
fn pages_verdict(
    what: &str,
    store: &relay::config::StoreConfig,
    out: &chaos::Outcome,
    fake: &Fake,
    logs: &dyn Fn() -> String,
) {
    wait_for(
        "every page's text and call",
        120 + out.acked.len() as u64 * 2,
        || {
            let pages = documents(store, relay::page::PAGES);
            pages.len() >= out.acked.len()
                && pages.iter().all(|p| {
                    p["steps"]["1-text"]["state"] == "done"
                        && p["steps"]["1-call"]["state"] == "done"
                })
        },
    );
    let counts = voicemails_by_call(store);
    let (lost, twice) = chaos::verdict(what, out, &counts);
    assert_eq!((lost, twice), (0, 0), "{}", logs());
    let pages = documents(store, relay::page::PAGES);
    let texts = texts_to_alice(fake);
    // Each page's calls (sid, when, URL), by the page their URL names.
    let mut calls: HashMap<String, Vec<String>> = HashMap::new();
    for (i, c) in fake.calls.lock().unwrap().iter().enumerate() {
        if c["To"] != ALICE {
            continue;
        }
        let url = &c["Url"];
        let page = url
            .split("page=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        let call = format!("CA{:032x} {} {url}", i + 1, c["date_created"]);
        calls.entry(page.to_string()).or_default().push(call);
    }
    let logs = logs();
    let recovered = logs
        .lines()
        .filter(|l| {
            l.contains("not placed again") || l.contains("placed by a try that did not record it")
        })
        .count();
    let passed_over = logs
        .lines()
        .filter(|l| l.contains("is not at Twilio and"))
        .count();
    println!(
        "chaos {what}: {} pages, {} texts and {} calls to the person on call ({recovered} calls found at Twilio after a fault, {passed_over} announcements passed over)",
        pages.len(),
        texts.values().sum::<usize>(),
        calls.values().map(Vec::len).sum::<usize>()
    );
    assert_eq!(pages.len(), counts.len(), "one page per voicemail");
    assert_eq!(texts.len(), pages.len(), "a text for each page");
    assert!(texts.values().all(|n| *n == 1), "texted twice: {texts:?}");
    assert_eq!(calls.len(), pages.len(), "a call for each page");
    let twice: Vec<&serde_json::Value> = pages
        .iter()
        .filter(|p| {
            calls
                .get(p["id"].as_str().unwrap())
                .is_some_and(|c| c.len() > 1)
        })
        .collect();
    assert!(
        twice.is_empty(),
        "called twice: {twice:#?}\n{:#?}\n{logs}",
        twice
            .iter()
            .map(|p| &calls[p["id"].as_str().unwrap()])
            .collect::<Vec<_>>()
    );
    assert!(
        fake.messages.lock().unwrap().iter().all(|m| m.to == ALICE),
        "nobody else was paged"
    );
}

/// Pager calls with `[pager] escalate`: each voicemail pages the person on call, and
/// through three SIGKILLs each page texts and calls them exactly once (an attempt killed
/// mid-call or mid-text finds what it did at Twilio). Texts are paced to one a second, so
/// this storm is smaller.
#[test]
fn pages_through_sigkills_text_and_call_once_each() {
    let fake = Fake::start(PAGER_SID, TOKEN, Faults::default());
    let mut r = Relay::new(None, &pages_config(&fake));
    r.start(&[]);
    let n = if long() { 150 } else { 24 };
    let out = through_three_kills(&mut r, pager_calls(&fake, n, 3));
    pages_verdict(
        "pages, file store, 3 SIGKILLs",
        &file_store(&r),
        &out,
        &fake,
        &|| r.logs(),
    );
}

#[test]
fn pages_to_two_relays_on_s3_behind_a_faulty_proxy_text_and_call_once_each() {
    let fake = Fake::start(PAGER_SID, TOKEN, Faults::default());
    let n = if long() { 150 } else { 24 };
    let Some(s3) = through_s3_faults(&pages_config(&fake), pager_calls(&fake, n, 4)) else {
        return;
    };
    pages_verdict(
        "pages, S3, two relays, proxy faults and a SIGKILL",
        &s3.store,
        &s3.out,
        &fake,
        &|| format!("relay A:\n{}\nrelay B:\n{}", s3.a.logs(), s3.b.logs()),
    );
}
