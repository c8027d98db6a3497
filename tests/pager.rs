//! The pager line end to end: signed voice webhooks drive a call; the recording comes from
//! a fake of Twilio's recordings endpoint (authenticated, failing at first); the email goes
//! to a real SMTP server (aiosmtpd), down at first; the text goes to the fake Messages API.

mod common;
use base64::Engine;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const CALLER: &str = "+15005550006";
const AUDIO_USER: &str = "ops";
const AUDIO_PASS: &str = "listen-here";

/// A real WAV file: 8 kHz, 16-bit mono, a 440 Hz tone, `samples` long.
fn wav(samples: usize) -> Vec<u8> {
    let data_len = (samples * 2) as u32;
    let mut v = Vec::with_capacity(44 + samples * 2);
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes()); // PCM
    v.extend_from_slice(&1u16.to_le_bytes()); // mono
    v.extend_from_slice(&8000u32.to_le_bytes());
    v.extend_from_slice(&16000u32.to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let s = ((i as f64 * 440.0 * 2.0 * std::f64::consts::PI / 8000.0).sin() * 12000.0) as i16;
        v.extend_from_slice(&s.to_le_bytes());
    }
    v
}

struct Smtp(Child);

impl Smtp {
    fn start(python: &str, port: u16, maildir: &std::path::Path) -> Smtp {
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let t = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Smtp(child)
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The attachments of every mail in the maildir, as (filename, sha256, length).
fn attachments(python: &str, maildir: &std::path::Path) -> Vec<(String, String, usize)> {
    let script = r#"
import hashlib, mailbox, sys
for key, msg in mailbox.Maildir(sys.argv[1], create=False).items():
    for part in msg.walk():
        name = part.get_filename()
        if name:
            data = part.get_payload(decode=True)
            print(name, hashlib.sha256(data).hexdigest(), len(data), msg["Subject"], sep="\t")
"#;
    let out = Command::new(python)
        .args(["-c", script])
        .arg(maildir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f[3], "[OnCall] New on-call voicemail");
            (f[0].to_string(), f[1].to_string(), f[2].parse().unwrap())
        })
        .collect()
}

fn sha256(b: &[u8]) -> String {
    relay::twilio::signature::hex_sha256(b)
}

fn basic() -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{AUDIO_USER}:{AUDIO_PASS}"))
    )
}

fn voice(r: &Relay, path: &str, call: &str, to: &str, extra: &[(&str, &str)]) -> (u16, String) {
    send_call(r, &format!("{PUBLIC}{path}"), call, to, extra, &basic())
}

/// A voice request to `url` as Twilio makes it: signed for the URL it was given
/// (credentials included) and sent with those credentials as Basic auth.
fn voice_at(r: &Relay, url: &str, call: &str, extra: &[(&str, &str)]) -> (u16, String) {
    let u = url::Url::parse(url).unwrap();
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            u.username(),
            u.password().unwrap_or("")
        ))
    );
    send_call(r, url, call, PAGER, extra, &auth)
}

/// A call's webhook to `signed_url` (its path is where it goes), with Twilio's parameters.
fn send_call(
    r: &Relay,
    signed_url: &str,
    call: &str,
    to: &str,
    extra: &[(&str, &str)],
    auth: &str,
) -> (u16, String) {
    let path = url::Url::parse(signed_url).unwrap().path().to_string();
    let mut params: Vec<(String, String)> = [
        ("AccountSid", SID),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", call),
        ("CallStatus", "in-progress"),
        ("Direction", "inbound"),
        ("From", CALLER),
        ("To", to),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    params.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let idem = format!("idem-{path}-{call}-{}", extra.len());
    r.post_signed_for(
        signed_url,
        &path,
        &params,
        &[
            ("i-twilio-idempotency-token", idem.as_str()),
            ("authorization", auth),
        ],
        TOKEN,
    )
}

/// The URL Twilio requests next: attribute `attr` of the TwiML, resolved against the URL it
/// called (so its host and credentials carry over).
fn follow(current: &str, xml: &str, attr: &str) -> String {
    let rest = xml
        .split(&format!(" {attr}=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no {attr} in {xml}"));
    let target = &rest[..rest.find('"').unwrap()];
    url::Url::parse(current)
        .unwrap()
        .join(target)
        .unwrap()
        .to_string()
}

fn pager_list(r: &Relay) -> Vec<Value> {
    let out = run(r.cmd().args(["pager", "list", "--json"]));
    serde_json::from_str::<Value>(&stdout(&out))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn step(v: &Value, name: &str) -> String {
    v["steps"][name]["state"].as_str().unwrap_or("").to_string()
}

#[test]
fn a_message_reaches_the_store_the_phone_and_the_mailbox_through_failures() {
    let Some(python) = python() else { return };
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let audio = wav(8000 * 7);
    fake.recordings
        .lock()
        .unwrap()
        .insert("RE00000000000000000000000000000001".into(), audio.clone());
    fake.recording_failures
        .store(2, std::sync::atomic::Ordering::SeqCst);
    let smtp_port = free_port();
    let pass_hash = sha256(AUDIO_PASS.as_bytes());
    let mut r = Relay::new(
        None,
        &format!(
            "\n[serve.basic_auth]\n{AUDIO_USER} = \"sha256:{pass_hash}\"\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[pager]\nteam = \"SRE\"\naudio_format = \"wav\"\ndelete_from_twilio = true\n",
            fake.base
        ),
    );
    for (k, v) in [
        ("mail_server", "127.0.0.1".to_string()),
        ("mail_port", smtp_port.to_string()),
        ("mail_use_tls", "false".to_string()),
        ("from_email", "pager@example.com".to_string()),
        ("to_email", "sre@example.com".to_string()),
    ] {
        r.oncall(&["set", k, &v]);
    }
    r.start(&[]);

    // Twilio's first try carries no credentials: the 401 challenge, and no warning.
    let params = vec![
        (
            "CallSid".to_string(),
            "CA00000000000000000000000000000000".to_string(),
        ),
        ("To".to_string(), PAGER.to_string()),
    ];
    let (status, _) = r.post_signed_for(
        &format!("{PUBLIC}/twilio/voice"),
        "/twilio/voice",
        &params,
        &[],
        TOKEN,
    );
    assert_eq!(status, 401);
    assert!(
        !r.logs().contains("Basic"),
        "the challenge is not worth a warning: {}",
        r.logs()
    );

    // The call, with the credentials in the console URL: greeting and gate, 1, the
    // recording, the goodbye; each follow-up URL resolved against the one Twilio called.
    let first = format!("https://{AUDIO_USER}:{AUDIO_PASS}@relay.example.com/twilio/voice");
    let (status, xml) = voice_at(&r, &first, "CA00000000000000000000000000000001", &[]);
    assert_eq!(status, 200, "{}", r.logs());
    assert!(
        xml.contains("Press 1 to leave a message for the SRE on-call engineer."),
        "{xml}"
    );
    let gate = follow(&first, &xml, "action");
    assert_eq!(
        gate,
        format!("https://{AUDIO_USER}:{AUDIO_PASS}@relay.example.com/twilio/voice/gate")
    );
    let (status, xml) = voice_at(
        &r,
        &gate,
        "CA00000000000000000000000000000001",
        &[("Digits", "1")],
    );
    assert_eq!(status, 200, "{}", r.logs());
    assert!(xml.contains("<Record maxLength=\"300\""), "{xml}");
    assert_eq!(
        follow(&gate, &xml, "recordingStatusCallback"),
        format!("https://{AUDIO_USER}:{AUDIO_PASS}@relay.example.com/twilio/voice/recording")
    );
    let recorded = follow(&gate, &xml, "action");
    let (_, xml) = voice_at(
        &r,
        &recorded,
        "CA00000000000000000000000000000001",
        &[("RecordingDuration", "7")],
    );
    assert!(xml.contains("your 7 second message"), "{xml}");

    // SMTP is down when the recording is ready; Twilio's download fails twice.
    let callback = [
        ("RecordingSid", "RE00000000000000000000000000000001"),
        ("RecordingStatus", "completed"),
        ("RecordingDuration", "7"),
        (
            "RecordingUrl",
            "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE0001",
        ),
    ];
    let (status, body) = voice(
        &r,
        "/twilio/voice/recording",
        "CA00000000000000000000000000000001",
        PAGER,
        &callback,
    );
    assert_eq!((status, body.as_str()), (200, EMPTY));
    // The record is there at once, whatever else happens.
    let list = pager_list(&r);
    assert_eq!(list.len(), 1);
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(list[0]["caller"], CALLER);
    assert_eq!(list[0]["oncall"]["id"], "alice");
    wait_for("the text and the download", 30, || {
        let v = &pager_list(&r)[0];
        step(v, "sms") == "done" && step(v, "download") == "done"
    });
    let v = &pager_list(&r)[0];
    assert_eq!(
        v["steps"]["download"]["attempts"], 3,
        "two 500s, then the audio"
    );
    assert_eq!(step(v, "email"), "failed", "SMTP is down: {v}");
    assert!(
        v["steps"]["email"]["last_error"]
            .as_str()
            .unwrap()
            .contains("SMTP")
    );
    let out = run(r.cmd().args(["pager", "list"]));
    assert_eq!(
        out.status.code(),
        Some(1),
        "an undelivered message is a problem"
    );
    assert!(stdout(&out).contains("email ✗"), "{}", stdout(&out));

    // The text to the on-call person, with relay's own link.
    {
        let texts = fake.messages.lock().unwrap();
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].to, ALICE);
        assert_eq!(texts[0].from.as_deref(), Some(CONTROL));
        assert_eq!(
            texts[0].body,
            format!(
                "On-Call voicemail (7 sec) received from {CALLER}. Listen: {PUBLIC}/pager/messages/{id}/audio"
            )
        );
    }
    // The audio in the store, and through relay's authenticated route.
    let saved = r.dir.path().join("saved.wav");
    let out = run(r.cmd().args(["pager", "show", &id, "--save"]).arg(&saved));
    assert!(
        stdout(&out).contains("download    done"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read(&saved).unwrap(), audio);
    let url = format!("{}/pager/messages/{id}/audio", r.base);
    let resp = r
        .http
        .get(&url)
        .header("authorization", basic())
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.bytes().unwrap().to_vec(), audio);
    assert_eq!(r.http.get(&url).send().unwrap().status().as_u16(), 401);

    // SMTP comes back: the email is delivered by the retries, audio attached.
    let maildir = r.dir.path().join("maildir");
    let _smtp = Smtp::start(&python, smtp_port, &maildir);
    wait_for("the email", 40, || {
        step(&pager_list(&r)[0], "email") == "done"
    });
    let mails = attachments(&python, &maildir);
    assert_eq!(
        mails,
        vec![("voicemail.wav".to_string(), sha256(&audio), audio.len())]
    );
    // Twilio's copy deleted once relay holds one.
    wait_for("the deletion", 20, || {
        step(&pager_list(&r)[0], "delete") == "done"
    });
    assert_eq!(
        *fake.deleted.lock().unwrap(),
        ["RE00000000000000000000000000000001"]
    );
    assert_eq!(run(r.cmd().args(["pager", "list"])).status.code(), Some(0));

    // A duplicate callback (Twilio's retry) repeats nothing; another delivery of the same
    // recording under a new token does not either.
    let (status, _) = voice(
        &r,
        "/twilio/voice/recording",
        "CA00000000000000000000000000000001",
        PAGER,
        &callback,
    );
    assert_eq!(status, 200);
    let mut params = callback.to_vec();
    params.push(("CallbackSource", "recording-status"));
    assert_eq!(
        voice(
            &r,
            "/twilio/voice/recording",
            "CA00000000000000000000000000000001",
            PAGER,
            &params
        )
        .0,
        200
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(fake.messages.lock().unwrap().len(), 1, "one text");
    assert_eq!(attachments(&python, &maildir).len(), 1, "one email");
    assert_eq!(pager_list(&r).len(), 1);

    // A callback for a call relay never answered, and a bad signature.
    let (status, _) = voice(
        &r,
        "/twilio/voice/recording",
        "CA00000000000000000000000000009999",
        PAGER,
        &callback,
    );
    assert_eq!(status, 404);
    assert!(
        r.saw_log("CA00000000000000000000000000009999, which relay never answered"),
        "{}",
        r.logs()
    );
    let (status, _) = r.post_signed_for(
        &format!("{PUBLIC}/twilio/voice/recording"),
        "/twilio/voice/recording",
        &[(
            "CallSid".to_string(),
            "CA00000000000000000000000000000001".to_string(),
        )],
        &[("authorization", basic().as_str())],
        "not-the-token",
    );
    assert_eq!(status, 403);

    // A caller who hangs up at once: a missed call, still reported.
    voice(
        &r,
        "/twilio/voice",
        "CA00000000000000000000000000000002",
        PAGER,
        &[],
    );
    let (status, _) = voice(
        &r,
        "/twilio/voice/recording",
        "CA00000000000000000000000000000002",
        PAGER,
        &[
            ("RecordingStatus", "absent"),
            ("RecordingSid", "RE00000000000000000000000000000002"),
        ],
    );
    assert_eq!(status, 200);
    wait_for("the missed-call text", 20, || {
        fake.messages.lock().unwrap().len() == 2
    });
    assert!(
        fake.messages.lock().unwrap()[1]
            .body
            .starts_with(&format!("Missed call on the pager from {CALLER}")),
    );

    // A 20 MB recording.
    let big = wav(10 * 1024 * 1024);
    fake.recordings
        .lock()
        .unwrap()
        .insert("RE00000000000000000000000000000003".into(), big.clone());
    voice(
        &r,
        "/twilio/voice",
        "CA00000000000000000000000000000003",
        PAGER,
        &[],
    );
    voice(
        &r,
        "/twilio/voice/recording",
        "CA00000000000000000000000000000003",
        PAGER,
        &[
            ("RecordingStatus", "completed"),
            ("RecordingSid", "RE00000000000000000000000000000003"),
            ("RecordingDuration", "1310"),
        ],
    );
    wait_for("the 20 MB message", 60, || {
        pager_list(&r).iter().any(|v| {
            v["recording_sid"] == "RE00000000000000000000000000000003"
                && v["steps"]["email"]["state"] == "done"
        })
    });
    let mails = attachments(&python, &maildir);
    assert!(mails.contains(&("voicemail.wav".to_string(), sha256(&big), big.len())));

    // The control number does not take calls: callers hear which number to call.
    let (_, xml) = voice(
        &r,
        "/twilio/voice",
        "CA00000000000000000000000000000004",
        CONTROL,
        &[],
    );
    assert!(
        xml.contains("This number does not accept calls.") && xml.contains("1 8 0 0 2 2 5 5 2 8 8"),
        "{xml}"
    );
    assert!(xml.contains("<Hangup/>"));
}

#[test]
fn unfinished_deliveries_resume_at_the_next_start() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    fake.recordings
        .lock()
        .unwrap()
        .insert("RE00000000000000000000000000000100".into(), wav(800));
    fake.recording_failures
        .store(1000, std::sync::atomic::Ordering::SeqCst);
    let mut r = Relay::new(
        None,
        &format!(
            "\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[pager]\ngate = false\nnotify = \"twilio-link\"\n",
            fake.base
        ),
    );
    r.start(&[]);
    let signed = |r: &Relay, path: &str, extra: &[(&str, &str)]| {
        let mut p: Vec<(String, String)> = vec![
            (
                "CallSid".into(),
                "CA00000000000000000000000000000100".into(),
            ),
            ("From".into(), CALLER.into()),
            ("To".into(), PAGER.into()),
        ];
        p.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        r.post(path, &p, &format!("i-{path}-{}", extra.len()), TOKEN)
    };
    let (_, xml) = signed(&r, "/twilio/voice", &[]);
    assert!(
        xml.contains("<Record"),
        "no gate: straight to the recording: {xml}"
    );
    signed(
        &r,
        "/twilio/voice/recording",
        &[
            ("RecordingStatus", "completed"),
            ("RecordingSid", "RE00000000000000000000000000000100"),
            ("RecordingDuration", "3"),
        ],
    );
    wait_for("the text", 20, || fake.messages.lock().unwrap().len() == 1);
    assert!(
        fake.messages.lock().unwrap()[0].body.ends_with(&format!(
            "/2010-04-01/Accounts/{SID}/Recordings/RE00000000000000000000000000000100.mp3"
        )),
        "a link to Twilio's copy"
    );
    // The download keeps failing; relay stops, the record says so.
    assert!(r.stop().success());
    let v = &pager_list(&r)[0];
    assert_eq!(step(v, "download"), "failed");
    // Twilio recovers; the next start picks the message up.
    fake.recording_failures
        .store(0, std::sync::atomic::Ordering::SeqCst);
    r.start(&[]);
    wait_for("the resumed download", 20, || {
        step(&pager_list(&r)[0], "download") == "done"
    });
    assert!(r.saw_log("resuming the delivery"), "{}", r.logs());
    assert_eq!(
        fake.messages.lock().unwrap().len(),
        1,
        "the text was not sent again"
    );
    // `relay pager retry` with nothing left to do.
    let out = run(r.cmd().args(["pager", "retry"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
