//! relay serve attacked as an outsider, or as the holder of a webhook signing key only,
//! would: every finding of issue 24 as a test driving the real binary.

mod common;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;

const SID: &str = "AC0123456789abcdef0123456789abcdef";

fn call_params(call: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = [
        ("AccountSid", SID),
        ("CallSid", call),
        ("From", "+15005550006"),
        ("To", PAGER),
        ("CallStatus", "in-progress"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    p.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    p
}

/// A recording Twilio has (64 bytes) and its completed recording callback's parameters.
fn recorded(fake: &Fake, call: &str, rec: &str) -> Vec<(String, String)> {
    fake.recordings
        .lock()
        .unwrap()
        .insert(rec.into(), vec![1u8; 64]);
    call_params(
        call,
        &[
            ("RecordingSid", rec),
            ("RecordingStatus", "completed"),
            ("RecordingDuration", "5"),
        ],
    )
}

#[test]
fn a_signed_sid_cannot_steer_twilio_rest_calls_or_store_keys() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = Relay::new(
        None,
        &format!(
            "\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[pager]\nnotify = \"twilio-link\"\ndelete_from_twilio = true\n",
            fake.base
        ),
    );
    r.start(&[]);
    let call = "CA0123456789abcdef0123456789abcdef";
    let (status, _) = r.post("/twilio/voice", &call_params(call, &[]), "s-1", TOKEN);
    assert_eq!(status, 200, "{}", r.logs());
    // The recording callback of issue 24, and variations: each a 400 naming the parameter.
    for (n, bad) in [
        "RE1/%2e%2e/%2e%2e/IncomingPhoneNumbers/PN0123456789abcdef0123456789abcdef",
        "RE1/../../IncomingPhoneNumbers/PN0123456789abcdef0123456789abcdef.json?x=",
        "RE0123456789abcdef0123456789abcde\r\nINFO forged",
    ]
    .iter()
    .enumerate()
    {
        let p = call_params(
            call,
            &[
                ("RecordingSid", bad),
                ("RecordingStatus", "completed"),
                ("RecordingDuration", "5"),
            ],
        );
        let (status, body) = r.post(
            relay::pager::RECORDING_PATH,
            &p,
            &format!("s-bad-{n}"),
            TOKEN,
        );
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(
            body.starts_with("RecordingSid is not a Twilio RecordingSid"),
            "{body}"
        );
    }
    // A CallSid with a slash never becomes a nested store key.
    let (status, body) = r.post(
        "/twilio/voice",
        &call_params("CA1/../../oncall/roster", &[]),
        "s-2",
        TOKEN,
    );
    assert_eq!(
        (status, body.trim()),
        (
            400,
            "CallSid is not a Twilio CallSid (CA and 32 hex digits)"
        )
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        fake.paths.lock().unwrap().is_empty(),
        "{:?}",
        fake.paths.lock().unwrap()
    );
    let data = r.dir.path().join("data");
    assert!(!data.join("pager/messages").exists(), "nothing stored");
    assert!(!data.join("oncall/roster/../../oncall").exists());

    // A real recording: relay's REST calls stay on that recording's own paths.
    let rec = "RE0123456789abcdef0123456789abcdef";
    let p = recorded(&fake, call, rec);
    let (status, _) = r.post(relay::pager::RECORDING_PATH, &p, "s-3", TOKEN);
    assert_eq!(status, 200, "{}", r.logs());
    wait_for("the recording deleted at Twilio", 20, || {
        !fake.deleted.lock().unwrap().is_empty()
    });
    let recording = format!("/2010-04-01/Accounts/{SID}/Recordings/{rec}.");
    let messages = format!("/2010-04-01/Accounts/{SID}/Messages.json");
    for line in fake.paths.lock().unwrap().iter() {
        let (_, path) = line.split_once(' ').unwrap();
        assert!(
            path.starts_with(&recording) || path == messages,
            "a REST call off the recording's path: {line}"
        );
    }
}

const PASSWORD: &str = "Zebra-Quartz-9931";

#[test]
fn the_basic_auth_password_in_public_url_is_never_shown_or_handed_on() {
    use base64::Engine;
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let hash = relay::twilio::signature::hex_sha256(PASSWORD.as_bytes());
    let mut r = Relay::new(
        None,
        &format!(
            "\n[serve.basic_auth]\ntwilio = \"sha256:{hash}\"\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[pager]\nnotify = \"link\"\n",
            fake.base
        ),
    );
    let text = std::fs::read_to_string(&r.config).unwrap().replace(
        &format!("public_url = \"{PUBLIC}\""),
        &format!("public_url = \"https://twilio:{PASSWORD}@relay.example.com\""),
    );
    std::fs::write(&r.config, text).unwrap();
    let mut seen = String::new();
    for args in [&["config", "check"][..], &["config", "check", "--json"][..]] {
        let out = run(r.cmd().args(args));
        assert!(out.status.success(), "{}", stderr(&out));
        seen.push_str(&stdout(&out));
        seen.push_str(&stderr(&out));
    }
    assert!(seen.contains("twilio:***@relay.example.com"), "{seen}");
    let capture = r.dir.path().join("capture.jsonl");
    r.start(&["--capture", capture.to_str().unwrap()]);
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("twilio:{PASSWORD}"))
    );
    let signed_url = |path: &str| format!("https://twilio:{PASSWORD}@relay.example.com{path}");
    let post = |path: &str, p: &[(String, String)], idem: &str, token: &str| {
        r.post_signed_for(
            &signed_url(path),
            path,
            p,
            &[
                ("i-twilio-idempotency-token", idem),
                ("authorization", &auth),
            ],
            token,
        )
    };
    // A signature made with another token: the 403 line quotes the URL.
    let call = "CA0123456789abcdef0123456789abcde0";
    let (status, _) = post(
        "/twilio/voice",
        &call_params(call, &[]),
        "p-0",
        "not-the-token",
    );
    assert_eq!(status, 403);
    // A voicemail: the on-call text carries relay's link, without the password.
    let (status, _) = post("/twilio/voice", &call_params(call, &[]), "p-1", TOKEN);
    assert_eq!(status, 200, "{}", r.logs());
    let rec = "RE0123456789abcdef0123456789abcde0";
    let p = recorded(&fake, call, rec);
    let (status, _) = post(relay::pager::RECORDING_PATH, &p, "p-2", TOKEN);
    assert_eq!(status, 200, "{}", r.logs());
    wait_for("the on-call text", 20, || {
        !fake.messages.lock().unwrap().is_empty()
    });
    let texts: Vec<String> = fake
        .messages
        .lock()
        .unwrap()
        .iter()
        .map(|m| m.body.clone())
        .collect();
    assert!(
        texts[0].contains("https://relay.example.com/pager/messages/"),
        "{texts:?}"
    );
    assert!(
        r.saw_log("403 https://twilio:***@relay.example.com/twilio/voice"),
        "{}",
        r.logs()
    );
    r.stop();
    let captured = std::fs::read_to_string(&capture).unwrap();
    assert!(
        captured.contains("\"url\":\"https://relay.example.com/twilio/voice\""),
        "{captured}"
    );
    for (channel, text) in [
        ("config check", seen),
        ("relay's log", r.logs()),
        ("the capture", captured),
        ("texts", texts.join("\n")),
    ] {
        assert!(
            !text.contains(PASSWORD),
            "the password in {channel}: {text}"
        );
    }
}

#[test]
fn forged_log_lines_and_wrapping_timestamps_are_refused() {
    const KEY: &str = "ci360-security-key";
    let fake = Fake::start(SID, "acme-token", Faults::default());
    let mut r = Relay::new(None, &ci360_tenant(SID, &fake.base, KEY));
    r.start(&[]);
    let forged = "\r\n2026-12-04T00:00:00.000000Z  INFO relay::access: FORGED\u{202e}";
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let event = |generated: serde_json::Value, identity: &str| {
        serde_json::json!({
            "eventType": "outboundSystem",
            "date": {"generatedTimestamp": generated},
            "externalTenantId": "acme",
            "identityId": identity,
            "impression": {"creativeContent": "TO:+19195551002;\nhello\n"},
        })
        .to_string()
    };
    let post = |body: String| {
        let resp = r
            .http
            .post(format!("{}/ci360/messages", r.base))
            .header("content-type", "application/json")
            .header("x-api-key", KEY)
            .body(body)
            .send()
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json::<serde_json::Value>().unwrap_or_default())
    };
    // Wrapping: the oldest possible timestamp is stale, not fresh.
    let (status, body) = post(event(serde_json::json!(i64::MIN), &format!("id-1{forged}")));
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("stale event")),
        "{body}"
    );
    // An hour ahead of relay's clock: refused.
    let (status, body) = post(event(serde_json::json!(now_ms + 3_600_000), "id-2"));
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("event from the future"),
        "{body}"
    );
    // A minute ahead (clocks differ): sent.
    let (status, body) = post(event(serde_json::json!(now_ms + 60_000), "id-3"));
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("sent")),
        "{body}"
    );
    assert_eq!(fake.messages.lock().unwrap().len(), 1);
    // A signed text whose MessageSid carries a forged line: 400, and the access line
    // quotes it escaped.
    let mut p: Vec<(String, String)> = [
        ("AccountSid", SID),
        ("From", ALICE),
        ("To", CONTROL),
        ("Body", "WHO"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    p.push(("MessageSid".into(), format!("SM1{forged}")));
    let (status, _) = r.post("/twilio/sms", &p, "forge-1", TOKEN);
    assert_eq!(status, 400);
    assert!(r.saw_log("sid=SM1\\r\\n2026-12-04"), "{}", r.logs());
    assert!(r.saw_log("(identity id-1\\r\\n2026-12-04"), "{}", r.logs());
    for line in r.logs().lines() {
        assert!(
            !line.starts_with("2026-12-04T00:00:00.000000Z"),
            "a forged line: {line}"
        );
        assert!(!line.contains('\u{202e}'), "{line}");
    }
}

unsafe extern "C" {
    fn umask(mask: u32) -> u32;
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_store_and_relay_toml_are_private_whatever_the_umask() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    let with_umask = |args: &[&str]| {
        let mut c = relay();
        c.arg("--config")
            .arg(&config)
            .args(args)
            .current_dir(dir.path());
        unsafe {
            c.pre_exec(|| {
                umask(0o022);
                Ok(())
            });
        }
        let out = run(&mut c);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    with_umask(&["config", "init", "relay.toml"]);
    assert_eq!(mode(&config), 0o600, "relay.toml written by relay");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "url = \"file://relay-data\"",
        &format!("url = \"file://{}/data\"", dir.path().display()),
    );
    std::fs::write(&config, text).unwrap();
    with_umask(&[
        "oncall",
        "init",
        "--from-phone",
        CONTROL,
        "--pager-phone",
        PAGER,
    ]);
    with_umask(&[
        "oncall", "add", "alice", "--name", "Alice", "--phone", ALICE,
    ]);
    let data = dir.path().join("data");
    let mut seen = 0;
    let mut stack = vec![data.clone()];
    while let Some(d) = stack.pop() {
        assert_eq!(mode(&d), 0o700, "{}", d.display());
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                assert_eq!(mode(&p), 0o600, "{}", p.display());
                seen += 1;
            }
        }
    }
    assert!(seen >= 3, "the roster, its audit entries, the locks");
    // Files an earlier version left readable by others are tightened at start, with one
    // notice.
    use std::os::unix::fs::PermissionsExt;
    let roster = data.join("oncall/roster.json");
    std::fs::set_permissions(&roster, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(data.join("oncall"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut r = Relay {
        dir: tempfile::tempdir().unwrap(),
        config: config.clone(),
        child: None,
        base: String::new(),
        http: reqwest::blocking::Client::new(),
        logs: Default::default(),
    };
    r.start(&[]);
    assert!(
        r.saw_log("1 file(s) and 1 director(ies) were readable by others; now 0600 and 0700"),
        "{}",
        r.logs()
    );
    assert_eq!((mode(&roster), mode(&data.join("oncall"))), (0o600, 0o700));
}

#[test]
fn unknown_paths_are_404_and_unsigned_requests_buy_no_diagnosis() {
    let hash = relay::twilio::signature::hex_sha256(PASSWORD.as_bytes());
    let mut r = Relay::new(
        None,
        &format!("\n[serve.basic_auth]\ntwilio = \"sha256:{hash}\"\n"),
    );
    r.start(&[]);
    for (method, path) in [
        ("GET", "/nope"),
        ("POST", "/twilio/nope"),
        ("GET", "/pager/x"),
        ("POST", "/"),
    ] {
        let resp = r
            .http
            .request(method.parse().unwrap(), format!("{}{path}", r.base))
            .send()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 404, "{method} {path}");
    }
    // A 60 KB request with a bogus signature is refused without a diagnosis; one that looks
    // like Twilio's gets one, once a second per peer.
    use base64::Engine;
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("twilio:{PASSWORD}"))
    );
    let big: Vec<(String, String)> = vec![("Body".into(), "x".repeat(60_000))];
    let send = |sig: &str| {
        r.http
            .post(format!("{}/twilio/sms", r.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", &auth)
            .header("x-twilio-signature", sig)
            .body(relay::twilio::params::encode_form(&big))
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(send("bogus"), 403);
    assert!(
        r.saw_log("no diagnosis: the signature is missing or is not an HMAC"),
        "{}",
        r.logs()
    );
    let hmac_shaped = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    assert_eq!(send(hmac_shaped), 403);
    assert_eq!(send(hmac_shaped), 403);
    assert!(
        r.saw_log("no diagnosis: one a second per peer"),
        "{}",
        r.logs()
    );
}

/// A connection that pipelines requests and never reads an answer, from `ip`, with a tiny
/// receive buffer so that relay's answers back up at once.
fn unread_pipeline(ip: &str, to: std::net::SocketAddr) -> std::net::TcpStream {
    use socket2::{Domain, Socket, Type};
    let s = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    s.set_recv_buffer_size(1024).unwrap();
    s.bind(
        &format!("{ip}:0")
            .parse::<std::net::SocketAddr>()
            .unwrap()
            .into(),
    )
    .unwrap();
    s.connect(&to.into()).unwrap();
    let stream: std::net::TcpStream = s.into();
    let mut writer = stream.try_clone().unwrap();
    std::thread::spawn(move || {
        use std::io::Write;
        let one = b"GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n";
        let blob: Vec<u8> = one.iter().copied().cycle().take(one.len() * 2000).collect();
        for _ in 0..20 {
            if writer.write_all(&blob).is_err() {
                return;
            }
        }
    });
    stream
}

#[test]
fn clients_that_never_read_their_answers_are_closed_and_others_served() {
    let mut r = Relay::new(None, "");
    // Relay's own [serve] table gets the limits.
    let text = std::fs::read_to_string(&r.config).unwrap().replace(
        "[serve]\npublic_url",
        "[serve]\nmax_connections = 8\nmax_connections_per_peer = 4\nwrite_timeout = 1\npublic_url",
    );
    std::fs::write(&r.config, text).unwrap();
    r.start(&[]);
    let addr: std::net::SocketAddr = r.base.trim_start_matches("http://").parse().unwrap();
    let started = std::time::Instant::now();
    // 4 connections from each of two addresses fill the cap of 8.
    let attack: Vec<_> = ["127.0.0.1", "127.0.0.2"]
        .iter()
        .flat_map(|ip| (0..4).map(move |_| unread_pipeline(ip, addr)))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let normal = reqwest::blocking::Client::builder()
        .local_address("127.0.0.3".parse::<std::net::IpAddr>().unwrap())
        .timeout(std::time::Duration::from_secs(2))
        .build()
        .unwrap();
    let mut served = None;
    while started.elapsed() < std::time::Duration::from_secs(6) {
        if normal
            .get(format!("{}/healthz", r.base))
            .send()
            .is_ok_and(|resp| resp.status().is_success())
        {
            served = Some(started.elapsed());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let served = served.expect("a normal client was never served while the attack ran");
    println!("a normal client served {served:?} after the attack began (write_timeout 1 s)");
    assert!(served < std::time::Duration::from_secs(3), "{served:?}");
    assert!(
        r.saw_log("answers not read in time (serve.write_timeout)"),
        "{}",
        r.logs()
    );
    drop(attack);
}
