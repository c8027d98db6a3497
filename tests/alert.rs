//! The alert line end to end: whole calls driven with signed requests in the order Twilio
//! makes them (incoming call, gather actions, record action, recording status callback,
//! the transcription later), against local fakes of Bitly, xMatters and PagerDuty that
//! speak their documented formats and fail on demand, and the Twilio fake for the texts
//! and calls to the person on call.

mod common;
use base64::Engine;
use common::alert_fakes::*;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::Value;
use std::sync::atomic::Ordering;
use std::time::Duration;

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const ALERT: &str = "+18005550100";
const STRANGER: &str = "+15005550123";
const XM_CALLER: &str = "+14155550199";
const USER: &str = "ops";
const PASS: &str = "listen-here";

fn basic() -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASS}"))
    )
}

/// relay.toml for an alert number, with these `[alert]` lines.
fn relay(fakes: &Fakes, twilio: &Fake, alert: &str, store: Option<String>) -> Relay {
    let hash = relay::twilio::signature::hex_sha256(PASS.as_bytes());
    Relay::new(
        store,
        &format!(
            "[serve.basic_auth]\n{USER} = \"sha256:{hash}\"\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[numbers]\n\"{ALERT}\" = \"alert\"\n[alert]\n{alert}\n[alert.bitly]\ntoken = \"{BITLY_TOKEN}\"\nurl = \"{}\"\n[alert.xmatters]\nurl = \"{}\"\nconference_url = \"{}\"\nbase_url = \"{}\"\nuser = \"{XM_USER}\"\npassword = \"{XM_PASS}\"\nauthorized_users = [\"jsmith\", \"mjones\"]\n[alert.pagerduty]\nrouting_key = \"{PD_KEY}\"\nurl = \"{}/v2/enqueue\"\n[alert.webhook]\nurl = \"{}/hook\"\nheader = \"X-Relay-Secret\"\nsecret = \"hook-secret\"\n",
            twilio.base,
            fakes.base,
            fakes.xmatters_url(XM_ALERT),
            fakes.xmatters_url(XM_BRIDGE),
            fakes.base,
            fakes.base,
            fakes.base
        ),
    )
}

/// A call in progress: each request signed for the URL Twilio would request (the last
/// document's follow-up, resolved against the URL that served it).
struct Phone<'a> {
    r: &'a Relay,
    call: String,
    from: String,
    /// The URL of the last document.
    url: String,
    /// The document with the `<Record>`, and its URL.
    record: Option<(String, String)>,
    n: usize,
}

impl<'a> Phone<'a> {
    fn dial(r: &'a Relay, call: &str, from: &str) -> (Phone<'a>, u16, String) {
        let mut p = Phone {
            r,
            call: call.into(),
            from: from.into(),
            url: format!("{PUBLIC}/twilio/voice"),
            record: None,
            n: 0,
        };
        let url = p.url.clone();
        let (s, xml) = p.post(&url, &[]);
        (p, s, xml)
    }

    fn send(&mut self, url: &str, extra: &[(&str, &str)], idem: &str) -> (u16, String) {
        let path = url.strip_prefix(PUBLIC).unwrap().to_string();
        let mut params: Vec<(String, String)> = [
            ("AccountSid", SID),
            ("ApiVersion", "2010-04-01"),
            ("CallSid", self.call.as_str()),
            ("CallStatus", "in-progress"),
            ("Direction", "inbound"),
            ("From", self.from.as_str()),
            ("To", ALERT),
        ]
        .iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        params.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self.r.post_signed_for(
            url,
            &path,
            &params,
            &[
                ("i-twilio-idempotency-token", idem),
                ("authorization", &basic()),
            ],
            TOKEN,
        )
    }

    /// A request for the call's next document.
    fn post(&mut self, url: &str, extra: &[(&str, &str)]) -> (u16, String) {
        self.n += 1;
        let idem = format!("idem-{}-{}", self.call, self.n);
        let (s, xml) = self.send(url, extra, &idem);
        self.url = url.to_string();
        if xml.contains("<Record") {
            self.record = Some((url.to_string(), xml.clone()));
        }
        (s, xml)
    }

    fn resolve(base: &str, target: &str) -> String {
        url::Url::parse(base)
            .unwrap()
            .join(&target.replace("&amp;", "&"))
            .unwrap()
            .to_string()
    }

    fn attr(xml: &str, attr: &str) -> String {
        let rest = xml
            .split(&format!(" {attr}=\""))
            .nth(1)
            .unwrap_or_else(|| panic!("no {attr} in {xml}"));
        rest[..rest.find('"').unwrap()].to_string()
    }

    /// Keys pressed at the `<Gather>` of `xml` (empty: silence).
    fn press(&mut self, xml: &str, digits: &str) -> String {
        let url = Self::resolve(&self.url, &Self::attr(xml, "action"));
        let (s, out) = if digits.is_empty() {
            self.post(&url, &[])
        } else {
            self.post(&url, &[("Digits", digits)])
        };
        assert_eq!(s, 200, "{out}");
        out
    }

    fn redirect(&mut self, xml: &str) -> String {
        let target = xml.split("<Redirect method=\"POST\">").nth(1).unwrap();
        let url = Self::resolve(&self.url, &target[..target.find('<').unwrap()]);
        let (s, out) = self.post(&url, &[]);
        assert_eq!(s, 200, "{out}");
        out
    }

    fn record_url(&self, attr: &str) -> String {
        let (url, xml) = self.record.clone().expect("a <Record> was played");
        Self::resolve(&url, &Self::attr(&xml, attr))
    }

    /// The caller speaks for `secs` and presses a key (`digits` "hangup": hangs up).
    fn speak(&mut self, rec: &str, secs: u32, digits: &str) -> String {
        let url = self.record_url("action");
        let d = secs.to_string();
        let rec_url = format!("https://api.twilio.com/2010-04-01/Accounts/{SID}/Recordings/{rec}");
        let (s, out) = self.post(
            &url,
            &[
                ("RecordingSid", rec),
                ("RecordingUrl", &rec_url),
                ("RecordingDuration", &d),
                ("Digits", digits),
            ],
        );
        assert_eq!(s, 200, "{out}");
        out
    }

    /// Twilio's recording status callback for `rec`.
    fn recording_done(&mut self, rec: &str, secs: u32) {
        let url = self.record_url("recordingStatusCallback");
        let d = secs.to_string();
        let rec_url = format!("https://api.twilio.com/2010-04-01/Accounts/{SID}/Recordings/{rec}");
        let idem = format!("idem-rec-{rec}");
        let (s, out) = self.send(
            &url,
            &[
                ("RecordingSid", rec),
                ("RecordingUrl", &rec_url),
                ("RecordingStatus", "completed"),
                ("RecordingDuration", &d),
                ("RecordingSource", "RecordVerb"),
            ],
            &idem,
        );
        assert_eq!(s, 200, "{out}");
    }

    /// Twilio's transcription callback (`text` None: failed), with its own token.
    fn transcribed(&mut self, rec: &str, text: Option<&str>, idem: &str) -> u16 {
        let url = self.record_url("transcribeCallback");
        let mut p = vec![
            ("RecordingSid", rec),
            ("TranscriptionSid", "TR00000000000000000000000000000001"),
            (
                "TranscriptionStatus",
                if text.is_some() {
                    "completed"
                } else {
                    "failed"
                },
            ),
        ];
        if let Some(t) = text {
            p.push(("TranscriptionText", t));
        }
        self.send(&url, &p, idem).0
    }
}

fn alerts(r: &Relay) -> (i32, Vec<Value>) {
    let out = run(r.cmd().args(["alerts", "list", "--json"]));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    (
        out.status.code().unwrap(),
        v.as_array().cloned().unwrap_or_default(),
    )
}

fn alert_of(r: &Relay, rec: &str) -> Value {
    alerts(r)
        .1
        .into_iter()
        .find(|a| a["recording_sid"] == rec)
        .unwrap_or(Value::Null)
}

fn state(a: &Value, step: &str) -> String {
    a["steps"][step]["state"].as_str().unwrap_or("").to_string()
}

fn xm_for(fakes: &Fakes, rec: &str) -> Vec<(String, Value)> {
    fakes
        .seen
        .xmatters
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, v)| v["alertId"].as_str().is_some_and(|i| i.ends_with(rec)))
        .cloned()
        .collect()
}

#[test]
fn an_alert_to_a_group_reaches_every_target_once() {
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    twilio.recordings.lock().unwrap().insert(
        "RE0000000000000000000000000000a001".into(),
        b"ID3 fake mp3".to_vec(),
    );
    let mut r = relay(
        &fakes,
        &twilio,
        "targets = [\"xmatters\", \"pagerduty\", \"webhook\", \"oncall\"]\ngroups = [{ name = \"sre\", spoken = \"site reliability\" }, { name = \"dba\", spoken = \"the database team\" }]\n[alert.oncall]\nescalate = false\n",
        None,
    );
    r.start(&[]);
    const REC: &str = "RE0000000000000000000000000000a001";
    // Bob is a roster member: greeted by name, offered the person on call (Alice).
    let (mut call, s, xml) = Phone::dial(&r, "CA00000000000000000000000000000a01", BOB);
    assert_eq!(s, 200, "{}", r.logs());
    assert!(
        xml.contains("Hello Bob Roberts. What is the problem? Press 1 to send an alert. Press 2 to start a conference bridge. Press 3 to speak to the person on call now."),
        "{xml}"
    );
    let xml = call.press(&xml, "1");
    assert!(xml.contains("Press 2 for the database team."), "{xml}");
    let xml = call.press(&xml, "2");
    assert!(xml.contains("transcribe=\"true\""), "{xml}");
    let xml = call.speak(REC, 14, "#");
    assert!(xml.contains("Press 1 to keep your message."), "{xml}");
    call.recording_done(REC, 14);
    let xml = call.press(&xml, "1");
    assert!(xml.contains("Your alert is on its way."), "{xml}");
    // Still waiting for the transcription: the caller hears so, and nothing went out.
    let waiting = call.redirect(&xml);
    assert!(waiting.contains("<Redirect"), "{waiting}");
    std::thread::sleep(Duration::from_millis(500));
    assert!(fakes.seen.xmatters.lock().unwrap().is_empty());
    assert_eq!(alerts(&r).0, 1, "pending: list exits 1 for cron");

    let text = "The checkout database is down since ten past nine, please page the DBA";
    assert_eq!(call.transcribed(REC, Some(text), "idem-tr-1"), 200);
    // A duplicate callback (another token, other words) changes nothing.
    assert_eq!(
        call.transcribed(REC, Some("something else"), "idem-tr-2"),
        200
    );
    wait_for("the alert to reach every target", 20, || {
        alert_of(&r, REC)["steps"]
            .as_object()
            .is_some_and(|s| s.values().all(|st| st["state"] == "done"))
    });
    let a = alert_of(&r, REC);
    let id = a["id"].as_str().unwrap().to_string();
    let long = format!("{PUBLIC}/alerts/{id}/recording");
    // xMatters: the seed's three fields, the group's name as recipient.
    let xm = xm_for(&fakes, REC);
    assert_eq!(xm.len(), 1, "{xm:?}");
    assert_eq!(xm[0].0, XM_ALERT);
    assert_eq!(xm[0].1["recipient"], "dba");
    assert_eq!(xm[0].1["shorturl"], "https://bit.ly/t0");
    assert_eq!(xm[0].1["transcriptionText"], text);
    assert_eq!(xm[0].1["recordingUrl"], long.as_str());
    assert_eq!(
        fakes.seen.shortened.lock().unwrap().clone(),
        vec![long.clone()]
    );
    assert!(
        state(&a, "xmatters") == "done"
            && a["steps"]["xmatters"]["detail"]
                .as_str()
                .unwrap()
                .starts_with("requestId ")
    );
    // PagerDuty: one trigger, deduplicated by the call.
    let pd = fakes.seen.pagerduty.lock().unwrap().clone();
    assert_eq!(pd.len(), 1);
    assert_eq!(
        pd[0]["dedup_key"],
        "relay-CA00000000000000000000000000000a01"
    );
    assert_eq!(pd[0]["payload"]["group"], "dba");
    assert_eq!(pd[0]["payload"]["custom_details"]["transcription"], text);
    assert_eq!(pd[0]["links"][0]["href"], "https://bit.ly/t0");
    // The webhook, with its secret header.
    let hooks = fakes.seen.webhook.lock().unwrap().clone();
    assert_eq!(hooks.len(), 1);
    assert_eq!(hooks[0].0.as_deref(), Some("hook-secret"));
    assert_eq!(hooks[0].1["type"], "relay.alert");
    assert_eq!(hooks[0].1["caller"], BOB);
    // The person on call: a text and a call from the alert number, reading it out.
    let texts = twilio.counts();
    assert_eq!(texts.len(), 1, "{texts:?}");
    let ((to, body), n) = texts.into_iter().next().unwrap();
    assert_eq!((to.as_str(), n), (ALICE, 1));
    assert!(
        body.starts_with(
            "ALERT from Bob Roberts (+19195551002) for the database team: The checkout"
        ) && body.contains("https://bit.ly/t0"),
        "{body}"
    );
    let calls = twilio.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0]["To"].as_str(), calls[0]["From"].as_str()),
        (ALICE, ALERT)
    );
    assert!(calls[0]["Twiml"].contains(text), "{:?}", calls[0]);
    // The caller, still on the line, hears it went out.
    let xml = call.redirect(&waiting);
    assert!(
        xml.contains("Your alert was sent.") && xml.contains("<Hangup/>"),
        "{xml}"
    );
    assert_eq!(alerts(&r).0, 0, "{}", r.logs());
    // The link: relay's route, Twilio's audio behind relay's Basic auth.
    let resp = r
        .http
        .get(format!("{}/alerts/{id}/recording", r.base))
        .header("authorization", basic())
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().unwrap().as_ref(), b"ID3 fake mp3");
    let resp = r
        .http
        .get(format!("{}/alerts/{id}/recording", r.base))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 401);
    // Later: still exactly once everywhere.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(xm_for(&fakes, REC).len(), 1);
    assert_eq!(fakes.seen.pagerduty.lock().unwrap().len(), 1);
    assert_eq!(twilio.calls.lock().unwrap().len(), 1);
    let logs = r.logs();
    for secret in [XM_KEY, PD_KEY, BITLY_TOKEN, "hook-secret", XM_PASS] {
        assert!(!logs.contains(secret), "{secret} in the logs");
    }
}

#[test]
fn hangups_failed_and_missing_transcriptions_and_flaky_services() {
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay(
        &fakes,
        &twilio,
        "targets = [\"xmatters\"]\ntranscription_timeout = 3\n",
        None,
    );
    r.start(&[]);

    // 1. The caller hangs up as the recording ends: no confirmation, yet it fires once,
    //    when the transcription comes.
    let (mut c1, _, xml) = Phone::dial(&r, "CA00000000000000000000000000000b01", ALICE);
    let xml = c1.press(&xml, "1");
    assert!(
        xml.contains("<Record"),
        "no groups: straight to the recording: {xml}"
    );
    let gone = c1.speak("RE00000000000000000000000000000b01", 8, "hangup");
    assert!(!gone.contains("<Say"), "nobody hears it: {gone}");
    c1.recording_done("RE00000000000000000000000000000b01", 8);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        xm_for(&fakes, "RE00000000000000000000000000000b01").is_empty(),
        "waits for the transcription"
    );
    c1.transcribed(
        "RE00000000000000000000000000000b01",
        Some("Disk full on web-3"),
        "t-b1",
    );
    wait_for("the hung-up caller's alert", 15, || {
        xm_for(&fakes, "RE00000000000000000000000000000b01").len() == 1
    });
    assert_eq!(
        xm_for(&fakes, "RE00000000000000000000000000000b01")[0].1["transcriptionText"],
        "Disk full on web-3"
    );

    // 2. Transcription failed, and xMatters answers 503 twice: retried, sent once, without
    //    the text but with the link.
    fakes.failing.xmatters_503.store(2, Ordering::SeqCst);
    let (mut c2, _, xml) = Phone::dial(&r, "CA00000000000000000000000000000b02", ALICE);
    c2.press(&xml, "1");
    let xml = c2.speak("RE00000000000000000000000000000b02", 30, "#");
    c2.press(&xml, "1");
    c2.transcribed("RE00000000000000000000000000000b02", None, "t-b2");
    wait_for("the alert after two 503s", 30, || {
        state(
            &alert_of(&r, "RE00000000000000000000000000000b02"),
            "xmatters",
        ) == "done"
    });
    let sent = xm_for(&fakes, "RE00000000000000000000000000000b02");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].1["transcriptionText"],
        "Transcription unavailable: listen to the recording"
    );
    assert!(
        sent[0].1["shorturl"]
            .as_str()
            .unwrap()
            .starts_with("https://bit.ly/")
    );
    let a = alert_of(&r, "RE00000000000000000000000000000b02");
    assert_eq!(a["steps"]["xmatters"]["attempts"], 3, "{a}");
    assert_eq!(a["transcript_status"], "failed");

    // 3. No transcription ever, Bitly down, and relay restarted while it waits: after the
    //    timeout, once, with the long URL.
    fakes.failing.bitly_down.store(true, Ordering::SeqCst);
    let (mut c3, _, xml) = Phone::dial(&r, "CA00000000000000000000000000000b03", ALICE);
    c3.press(&xml, "1");
    let xml = c3.speak("RE00000000000000000000000000000b03", 5, "#");
    c3.press(&xml, "1");
    let (call3, record3) = (c3.call.clone(), c3.record.clone());
    drop(c3);
    assert!(r.stop().success());
    r.start(&[]);
    let mut c3 = Phone {
        r: &r,
        call: call3,
        from: ALICE.into(),
        url: format!("{PUBLIC}/twilio/voice"),
        record: record3,
        n: 50,
    };
    wait_for("the alert after the transcription timeout", 20, || {
        xm_for(&fakes, "RE00000000000000000000000000000b03").len() == 1
    });
    let sent = &xm_for(&fakes, "RE00000000000000000000000000000b03")[0].1;
    let a = alert_of(&r, "RE00000000000000000000000000000b03");
    assert_eq!(a["transcript_status"], "timeout");
    assert_eq!(
        sent["transcriptionText"],
        "Transcription unavailable: listen to the recording"
    );
    assert_eq!(
        sent["shorturl"], sent["recordingUrl"],
        "Bitly down: the long URL"
    );
    assert!(
        a["steps"]["link"]["detail"]
            .as_str()
            .unwrap()
            .contains("Bitly failed"),
        "{a}"
    );
    // A transcription arriving after the alert went changes nothing.
    c3.transcribed(
        "RE00000000000000000000000000000b03",
        Some("late words"),
        "t-b3",
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        xm_for(&fakes, "RE00000000000000000000000000000b03").len(),
        1
    );
    assert_eq!(fakes.seen.xmatters.lock().unwrap().len(), 3);
    let out = run(r.cmd().args(["alerts", "show", a["id"].as_str().unwrap()]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("no transcription in time"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn refused_callers_silence_and_bad_signatures_leave_nothing() {
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    fakes
        .devices
        .lock()
        .unwrap()
        .insert("jsmith".into(), vec!["+1 (415) 555-0199".into()]);
    let mut r = relay(&fakes, &twilio, "callers = [\"+15005550006\"]\n", None);
    r.start(&[]);
    let data = r.dir.path().join("data");
    let stored = || -> Vec<String> { walk(&data.join("alert")) };

    // A stranger, and a hidden number: the seed's refusal, and nothing kept.
    for (sid, from) in [
        ("CA0000000000000000000000000000c001", STRANGER),
        ("CA0000000000000000000000000000c002", "anonymous"),
    ] {
        let (mut p, s, xml) = Phone::dial(&r, sid, from);
        assert_eq!(s, 200);
        assert!(
            xml.contains(
                "Sorry, you are not authorized for this. Please speak with your x matters admin."
            ),
            "{xml}"
        );
        assert!(xml.contains("<Hangup/>") && !xml.contains("<Gather"));
        // Following up anyway (a forged or replayed request): unknown call.
        let menu = format!("{PUBLIC}/twilio/alert/menu");
        assert_eq!(p.post(&menu, &[("Digits", "1")]).0, 404);
    }
    assert!(
        r.saw_log("alert: refused a call from …0123"),
        "{}",
        r.logs()
    );
    assert!(r.saw_log("refused a call from a hidden number"));
    assert!(stored().is_empty(), "{:?}", stored());

    // An xMatters user's VOICE device: looked up once, then cached.
    let (_, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000c003", XM_CALLER);
    assert!(xml.contains("<Gather"), "{xml}");
    let (_, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000c004", XM_CALLER);
    assert!(xml.contains("<Gather"), "{xml}");
    assert_eq!(
        fakes
            .seen
            .lookups
            .lock()
            .unwrap()
            .iter()
            .filter(|u| *u == "jsmith")
            .count(),
        1
    );
    // [alert] callers.
    let (_, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000c005", "+15005550006");
    assert!(xml.contains("Hello. What is the problem?"), "{xml}");
    // Silence at the menu: asked twice more, then a polite end.
    let (mut p, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000c007", ALICE);
    let xml = p.press(&xml, "");
    assert!(xml.contains("Sorry, I did not get that."), "{xml}");
    let xml = p.press(&xml, "9");
    assert!(xml.contains("Sorry, I did not get that."), "{xml}");
    let xml = p.press(&xml, "");
    assert!(
        xml.contains("Goodbye.") && xml.contains("<Hangup/>") && !xml.contains("<Gather"),
        "{xml}"
    );

    // A bad signature: 403, nothing stored.
    let before = stored();
    let params = vec![
        (
            "CallSid".to_string(),
            "CA0000000000000000000000000000c008".to_string(),
        ),
        ("From".to_string(), ALICE.to_string()),
        ("To".to_string(), ALERT.to_string()),
    ];
    let (s, _) = r.post_signed_for(
        &format!("{PUBLIC}/twilio/voice"),
        "/twilio/voice",
        &params,
        &[("authorization", &basic())],
        "not-the-token",
    );
    assert_eq!(s, 403);
    let mut tr = params.clone();
    tr[0].1 = "CA0000000000000000000000000000c007".into();
    tr.push((
        "RecordingSid".into(),
        "RE0000000000000000000000000000c007".into(),
    ));
    tr.push(("TranscriptionStatus".into(), "completed".into()));
    tr.push(("TranscriptionText".into(), "forged".into()));
    let (s, _) = r.post_signed_for(
        &format!("{PUBLIC}/twilio/alert/transcription"),
        "/twilio/alert/transcription",
        &tr,
        &[("authorization", &basic())],
        "not-the-token",
    );
    assert_eq!(s, 403);
    assert_eq!(stored(), before);
    assert!(alerts(&r).1.is_empty());
    assert!(fakes.seen.xmatters.lock().unwrap().is_empty());

    // xMatters unreachable (and nothing cached: a fresh start): a caller it would have to
    // vouch for is refused, not let in.
    r.stop();
    r.start(&[]);
    fakes.failing.directory_down.store(true, Ordering::SeqCst);
    let (_, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000c006", "+14155550100");
    assert!(xml.contains("not authorized"), "{xml}");
    assert!(r.saw_log("xMatters lookup failed, refusing the caller"));
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p.display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_bridge_after_a_rerecording_and_the_person_on_call_live() {
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay(
        &fakes,
        &twilio,
        "targets = [\"webhook\"]\nconference_targets = [\"xmatters\", \"oncall\"]\ntranscription_timeout = 60\n[alert.oncall]\nescalate = false\n",
        None,
    );
    r.start(&[]);
    let (mut c, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000d001", BOB);
    c.press(&xml, "2");
    // Recorded, then "record again": that first recording never goes anywhere.
    let xml = c.speak("RE0000000000000000000000000000d0a1", 6, "#");
    let xml = c.press(&xml, "2");
    assert!(xml.contains("<Record"), "{xml}");
    let xml = c.speak("RE0000000000000000000000000000d0b2", 9, "#");
    let xml = c.press(&xml, "1");
    // The caller goes into the bridge at once.
    let conf = xml
        .split("</Conference>")
        .next()
        .and_then(|s| s.rsplit('>').next())
        .unwrap()
        .to_string();
    assert!(
        conf.starts_with("relay-") && conf.ends_with("RE0000000000000000000000000000d0b2"),
        "{xml}"
    );
    // The person on call is called into it before any transcription.
    wait_for("the call to the person on call", 15, || {
        !twilio.calls.lock().unwrap().is_empty()
    });
    let calls = twilio.calls.lock().unwrap().clone();
    assert_eq!(calls[0]["To"], ALICE);
    assert!(
        calls[0]["Twiml"].contains(&format!(">{conf}</Conference>")),
        "{:?}",
        calls[0]
    );
    assert!(
        fakes.seen.xmatters.lock().unwrap().is_empty(),
        "xMatters waits for the transcription"
    );
    c.transcribed(
        "RE0000000000000000000000000000d0b2",
        Some("Payments are failing"),
        "t-d2",
    );
    c.transcribed(
        "RE0000000000000000000000000000d0a1",
        Some("Uh, never mind"),
        "t-d1",
    );
    wait_for("the bridge's announcement", 15, || {
        xm_for(&fakes, "RE0000000000000000000000000000d0b2").len() == 1
    });
    let (uuid, x) = xm_for(&fakes, "RE0000000000000000000000000000d0b2").remove(0);
    assert_eq!(uuid, XM_BRIDGE);
    assert_eq!(x["bridge"]["name"], conf.as_str());
    assert_eq!(x["type"], "conference");
    wait_for("the text to the person on call", 15, || {
        twilio
            .counts()
            .keys()
            .any(|(to, b)| to == ALICE && b.starts_with("CONFERENCE BRIDGE started by Bob Roberts"))
    });
    std::thread::sleep(Duration::from_secs(2));
    assert!(xm_for(&fakes, "RE0000000000000000000000000000d0a1").is_empty());
    assert!(
        fakes.seen.webhook.lock().unwrap().is_empty(),
        "a bridge goes to conference_targets only"
    );
    let first = alert_of(&r, "RE0000000000000000000000000000d0a1");
    assert_eq!(state(&first, "xmatters"), "skipped", "{first}");
    assert_eq!(twilio.calls.lock().unwrap().len(), 1);
    let out = run(r.cmd().args(["alerts", "list"]));
    assert!(stdout(&out).contains("discarded"), "{}", stdout(&out));

    // 3: the person on call, live; no answer → an alert is recorded instead.
    let (mut c, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000d002", BOB);
    let xml = c.press(&xml, "3");
    assert!(
        xml.contains("Connecting you to Alice McAlister")
            && xml.contains(&format!("<Number>{ALICE}</Number>")),
        "{xml}"
    );
    let url = Phone::resolve(&c.url, &Phone::attr(&xml, "action"));
    let (s, xml) = c.post(&url, &[("DialCallStatus", "no-answer")]);
    assert_eq!(s, 200);
    assert!(
        xml.contains("Alice McAlister did not answer.") && xml.contains("<Record"),
        "{xml}"
    );
}

#[test]
fn two_relays_on_one_bucket_send_one_alert() {
    let Some(endpoint) = service("RELAY_TEST_S3_ENDPOINT", "an S3-compatible server (moto)") else {
        return;
    };
    let bucket = format!("relay-alert-{}", rand_id());
    create_bucket(&endpoint, &bucket);
    let store = format!(
        "[store]\nurl = \"s3://{bucket}/relay\"\nendpoint = \"{endpoint}\"\npath_style = true\nregion = \"us-east-1\"\n"
    );
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    let mut a = relay(&fakes, &twilio, "targets = [\"xmatters\"]\n", Some(store));
    let mut b = Relay::beside(&a);
    a.start(&[]);
    b.start(&[]);
    let (mut c, _, xml) = Phone::dial(&a, "CA0000000000000000000000000000e001", ALICE);
    c.press(&xml, "1");
    let xml = c.speak("RE0000000000000000000000000000e001", 7, "#");
    c.press(&xml, "1");
    // Twilio's transcription reaches both relays (a retry through a load balancer).
    let mut other = Phone {
        r: &b,
        call: c.call.clone(),
        from: c.from.clone(),
        url: c.url.clone(),
        record: c.record.clone(),
        n: 100,
    };
    std::thread::scope(|s| {
        s.spawn(|| {
            assert_eq!(
                c.transcribed(
                    "RE0000000000000000000000000000e001",
                    Some("Both saw this"),
                    "t-e1"
                ),
                200
            )
        });
        s.spawn(|| {
            assert_eq!(
                other.transcribed(
                    "RE0000000000000000000000000000e001",
                    Some("Both saw this"),
                    "t-e2"
                ),
                200
            )
        });
    });
    wait_for("the alert", 20, || {
        xm_for(&fakes, "RE0000000000000000000000000000e001").len() == 1
    });
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(
        xm_for(&fakes, "RE0000000000000000000000000000e001").len(),
        1,
        "{}\n{}",
        a.logs(),
        b.logs()
    );
    assert_eq!(alerts(&b).0, 0);
}

#[test]
fn a_call_replayed_with_fresh_tokens_finds_the_same_alert() {
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay(
        &fakes,
        &twilio,
        "targets = [\"webhook\"]\ngroups = [{ name = \"sre\", spoken = \"site reliability\" }]\n",
        None,
    );
    r.start(&[]);
    const CALL: &str = "CA00000000000000000000000000000f01";
    const REC: &str = "RE00000000000000000000000000000f01";
    let walk = |call: &mut Phone, xml: String| {
        let xml = call.press(&xml, "1");
        call.press(&xml, "1");
        let xml = call.speak(REC, 9, "#");
        call.recording_done(REC, 9);
        call.press(&xml, "1");
    };
    let (mut first, s, xml) = Phone::dial(&r, CALL, BOB);
    assert_eq!(s, 200, "{}", r.logs());
    walk(&mut first, xml);
    // A second later (alert ids once took the time of the call's latest first request),
    // the whole call again, every request with a new idempotency token: a capture replayed.
    std::thread::sleep(Duration::from_millis(1100));
    let mut again = Phone {
        r: &r,
        call: CALL.into(),
        from: BOB.into(),
        url: format!("{PUBLIC}/twilio/voice"),
        record: None,
        n: 100,
    };
    let url = again.url.clone();
    let (s, xml) = again.post(&url, &[]);
    assert_eq!(s, 200, "{xml}");
    walk(&mut again, xml);
    let (_, all) = alerts(&r);
    let same: Vec<&Value> = all.iter().filter(|a| a["recording_sid"] == REC).collect();
    assert_eq!(same.len(), 1, "{all:?}");
    assert_eq!(same[0]["call_sid"], CALL);
}

/// The default oncall target pages the rotation: the person on call is texted (from the
/// control line, where ACK is read) and called from the alert number; the call reads the
/// alert and takes it when 1 is pressed; a bridge's page puts whoever presses 1 into it.
#[test]
fn an_alert_pages_the_rotation_and_pressing_1_on_relays_call_takes_it() {
    use common::paging::{Answered, calls_to, texts_to};
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay(
        &fakes,
        &twilio,
        "targets = [\"oncall\"]\ntranscription_timeout = 60\n",
        None,
    );
    r.oncall(&["escalation", "set", "bob"]);
    r.start(&[]);
    const REC: &str = "RE00000000000000000000000000000e01";
    let (mut call, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000e001", BOB);
    call.press(&xml, "1");
    let xml = call.speak(REC, 9, "#");
    call.recording_done(REC, 9);
    call.press(&xml, "1");
    assert_eq!(
        call.transcribed(REC, Some("The web site is down"), "idem-e1"),
        200
    );
    wait_for("alice paged", 20, || {
        !calls_to(&twilio, ALICE).is_empty() && !texts_to(&twilio, ALICE).is_empty()
    });
    let text = &texts_to(&twilio, ALICE)[0];
    assert!(
        text.starts_with("ALERT from Bob Roberts (+19195551002): The web site is down"),
        "{text}"
    );
    assert!(text.contains("Reply ACK to take it"), "{text}");
    let placed = calls_to(&twilio, ALICE)[0].clone();
    assert_eq!(placed.1["From"], ALERT);
    let (answered, xml) = Answered::pick_up_with(&r, placed, Some(basic()));
    assert!(
        xml.contains("This is relay. An alert from Bob Roberts. The web site is down Again: The web site is down Press 1 to take it."),
        "{xml}"
    );
    let xml = answered.press(&xml, "1");
    assert!(
        xml.contains("Thank you, Alice McAlister. The page is yours."),
        "{xml}"
    );
    let a = alert_of(&r, REC);
    assert_eq!(state(&a, "oncall-page"), "done", "{a}");
    assert_eq!(a["page"]["state"], "taken by alice", "{a}");
    let id = a["id"].as_str().unwrap().to_string();
    let out = run(r.cmd().args(["alerts", "show", &id]));
    let shown = stdout(&out);
    assert!(
        shown.contains("oncall-page") && shown.contains("paging alice → bob"),
        "{shown}"
    );
    assert!(shown.contains("Alice McAlister on the call"), "{shown}");
    std::thread::sleep(Duration::from_secs(2));
    assert!(texts_to(&twilio, BOB).is_empty(), "bob was not needed");

    // A conference bridge: pressing 1 on relay's call joins it.
    const REC2: &str = "RE00000000000000000000000000000e02";
    let (mut call, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000e002", BOB);
    call.press(&xml, "2");
    let xml = call.speak(REC2, 5, "#");
    call.press(&xml, "1");
    wait_for("alice called into the bridge", 20, || {
        calls_to(&twilio, ALICE).len() == 2
    });
    let (answered, xml) =
        Answered::pick_up_with(&r, calls_to(&twilio, ALICE)[1].clone(), Some(basic()));
    assert!(
        xml.contains("Bob Roberts started a conference bridge and needs you. Press 1 to take it and join the bridge."),
        "{xml}"
    );
    let xml = answered.press(&xml, "1");
    assert!(xml.contains("<Conference"), "{xml}");
    let bridge = alert_of(&r, REC2)["bridge"].as_str().unwrap().to_string();
    assert!(xml.contains(&format!(">{bridge}</Conference>")), "{xml}");
}

/// With the alert number's call status callback (`relay numbers point` sets it), a caller
/// who hangs up at "press 1 to keep your message" is known at once: the alert goes out as
/// soon as it is transcribed, not after the 30 s the choice is otherwise waited for.
#[test]
fn a_hang_up_at_the_keep_prompt_is_known_at_once() {
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay(&fakes, &twilio, "targets = [\"xmatters\"]\n", None);
    r.start(&[]);
    const REC: &str = "RE00000000000000000000000000000f01";
    let (mut c, _, xml) = Phone::dial(&r, "CA0000000000000000000000000000f001", ALICE);
    c.press(&xml, "1");
    let xml = c.speak(REC, 8, "#");
    assert!(xml.contains("Press 1 to keep your message."), "{xml}");
    c.recording_done(REC, 8);
    c.transcribed(REC, Some("Payments are failing"), "t-f1");
    // The caller hangs up at the prompt; Twilio says the call completed.
    let ended = format!("{PUBLIC}{}", relay::alert::ENDED_PATH);
    let (s, _) = c.send(&ended, &[("CallStatus", "completed")], "ended-f1");
    assert_eq!(s, 200);
    wait_for("the alert, without waiting out the keep prompt", 10, || {
        xm_for(&fakes, REC).len() == 1
    });
    let a = alert_of(&r, REC);
    assert_eq!(
        a["steps"]["confirm"]["detail"],
        "kept (the caller hung up before choosing)"
    );
}
