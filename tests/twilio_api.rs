//! The Twilio REST client: every request it makes is checked against Twilio's own OpenAPI
//! description (Stoplight Prism, `--errors`: a request the spec rejects gets 422), and its
//! handling of Twilio's error format against a local fake that speaks it.

mod common;
use common::*;
use relay::redacted::SecretString;
use relay::twilio::api::{ApiError, Client, OutboundMessage};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SID: &str = "AC0123456789abcdef0123456789abcdef";

fn prism() -> Option<String> {
    service(
        "RELAY_TEST_PRISM_URL",
        "Prism serving Twilio's OpenAPI description",
    )
}

fn sms(to: &str) -> OutboundMessage {
    OutboundMessage {
        to: to.into(),
        from: Some("+19195559876".into()),
        body: Some("Bob is now on call & ready: 👍".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn requests_conform_to_twilios_openapi_description() {
    let Some(base) = prism() else { return };
    let token = Client::new(&base, SID, SID, SecretString::new("token"));
    let sent = token
        .send_message(&sms("+19195551002"))
        .await
        .expect("the spec accepts relay's request");
    assert!(sent.sid.starts_with("SM"), "{sent:?}");
    let service_only = OutboundMessage {
        to: "+19195551002".into(),
        messaging_service_sid: Some("MG0123456789abcdef0123456789abcdef".into()),
        body: Some("hi".into()),
        ..Default::default()
    };
    token
        .send_message(&service_only)
        .await
        .expect("a messaging service instead of From");
    let api_key = Client::new(
        &base,
        SID,
        "SK0123456789abcdef0123456789abcdef",
        SecretString::new("secret"),
    );
    api_key
        .send_message(&sms("+447700900123"))
        .await
        .expect("API key authentication");
    // A call to the person on call with inline TwiML (the alert line).
    let call = token
        .create_call(
            "+19195551001",
            "+18005550100",
            "<Response><Say>This is relay with an alert.</Say></Response>",
        )
        .await
        .expect("the spec accepts relay's call request");
    assert!(call.starts_with("CA"), "{call}");
    // A page's call: its TwiML fetched from relay, its end posted back.
    let page = token
        .create_call_at(
            "+19195551001",
            "+18005550100",
            "https://relay.example.com/twilio/page/call?page=20261204T030000-RE1&n=1",
            "https://relay.example.com/twilio/page/status?page=20261204T030000-RE1&n=1",
        )
        .await
        .expect("the spec accepts a page's call request");
    assert!(page.starts_with("CA"), "{page}");
    // The mock does reject what the spec rejects: the check can fail.
    let bad = Client::new(&base, "ACnot-a-sid", "ACnot-a-sid", SecretString::new("t"));
    match bad.send_message(&sms("+19195551002")).await {
        Err(ApiError::Twilio { status: 422, .. }) => {}
        other => panic!("expected the spec to reject a malformed AccountSid: {other:?}"),
    }
}

/// One scripted answer: status, extra headers, body.
type Scripted = (u16, Vec<(&'static str, &'static str)>, &'static str);

/// A fake of Twilio's Messages endpoint that answers from a script and records requests.
async fn fake(script: Vec<Scripted>) -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    use axum::http::{HeaderMap, StatusCode};
    let seen: Arc<Mutex<Vec<(String, String)>>> = Default::default();
    let script = Arc::new(Mutex::new(script.into_iter()));
    let seen2 = seen.clone();
    let app = axum::Router::new().route(
        "/2010-04-01/Accounts/{sid}/Messages.json",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (seen, script) = (seen2.clone(), script.clone());
            async move {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                seen.lock().unwrap().push((auth, body));
                let (status, hdrs, body) = script.lock().unwrap().next().unwrap();
                let mut h = HeaderMap::new();
                for (k, v) in hdrs {
                    h.insert(k, v.parse().unwrap());
                }
                h.insert("content-type", "application/json".parse().unwrap());
                (StatusCode::from_u16(status).unwrap(), h, body)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

#[tokio::test]
async fn twilio_errors_become_typed_errors() {
    let (base, seen) = fake(vec![
        (400, vec![], r#"{"code": 21211, "message": "The 'To' number +1555 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}"#),
        (429, vec![("retry-after", "7")], r#"{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}"#),
        (503, vec![], "upstream unavailable"),
        (201, vec![], r#"{"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued"}"#),
    ])
    .await;
    let client = Client::new(&base, SID, "SKkey", SecretString::new("s3cret"));
    let mut msg = sms("+1555");
    msg.media_urls = vec![
        "https://x.example/a.jpg".into(),
        "https://x.example/b.jpg".into(),
    ];
    match client.send_message(&msg).await {
        Err(
            e @ ApiError::Twilio {
                status: 400,
                code: Some(21211),
                ..
            },
        ) => {
            assert!(!e.is_retryable());
            assert!(
                e.to_string().contains("error 21211")
                    && e.to_string().contains("docs/errors/21211"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    match client.send_message(&msg).await {
        Err(
            e @ ApiError::Twilio {
                status: 429,
                code: Some(20429),
                ..
            },
        ) => {
            assert!(e.is_retryable());
            let ApiError::Twilio { retry_after, .. } = e else {
                unreachable!()
            };
            assert_eq!(retry_after, Some(Duration::from_secs(7)));
        }
        other => panic!("{other:?}"),
    }
    match client.send_message(&msg).await {
        Err(
            e @ ApiError::Twilio {
                status: 503,
                code: None,
                ..
            },
        ) => assert!(e.is_retryable() && e.to_string().contains("upstream unavailable")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        client.send_message(&msg).await.unwrap().sid,
        "SM0123456789abcdef0123456789abcdef"
    );
    let seen = seen.lock().unwrap();
    use base64::Engine;
    let expected_auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("SKkey:s3cret")
    );
    assert_eq!(seen[0].0, expected_auth);
    let form = relay::twilio::params::parse_form(seen[0].1.as_bytes());
    let media: Vec<&str> = form
        .iter()
        .filter(|(k, _)| k == "MediaUrl")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        media,
        ["https://x.example/a.jpg", "https://x.example/b.jpg"],
        "MediaUrl repeated, as Twilio expects"
    );
    assert_eq!(
        relay::twilio::params::get(&form, "Body"),
        Some("Bob is now on call & ready: 👍")
    );
}

#[tokio::test]
async fn unreachable_twilio_is_retryable() {
    let client = Client::new("http://127.0.0.1:9", SID, SID, SecretString::new("t"));
    let e = client.send_message(&sms("+19195551002")).await.unwrap_err();
    assert!(
        matches!(e, ApiError::Transport { .. }) && e.is_retryable(),
        "{e}"
    );
}

#[test]
fn oncall_take_notify_texts_both_people() {
    let Some(base) = prism() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("relay.toml");
    std::fs::write(&cfg, format!("[store]\nurl = \"file://{}/data\"\n[twilio]\naccount_sid = \"{SID}\"\nauth_token = \"tok\"\napi_base_url = \"{base}\"\n", dir.path().display())).unwrap();
    let r = |args: &[&str]| run(relay().arg("--config").arg(&cfg).arg("oncall").args(args));
    assert!(
        r(&[
            "init",
            "--from-phone",
            "+19195559876",
            "--pager-phone",
            "+18002255288"
        ])
        .status
        .success()
    );
    assert!(
        r(&["add", "alice", "--name", "Alice", "--phone", "+19195551001"])
            .status
            .success()
    );
    assert!(
        r(&["add", "bob", "--name", "Bob", "--phone", "+19195551002"])
            .status
            .success()
    );
    assert!(r(&["take", "alice", "--yes"]).status.success());
    let out = r(&["take", "bob", "--yes", "--notify", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let to: Vec<&str> = v["notified"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["to"].as_str().unwrap())
        .collect();
    assert_eq!(to, ["+19195551002", "+19195551001"]);
    // Without credentials, --notify refuses before changing anything.
    std::fs::write(
        &cfg,
        format!("[store]\nurl = \"file://{}/data\"\n", dir.path().display()),
    )
    .unwrap();
    let out = r(&["take", "alice", "--yes", "--notify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("TWILIO_ACCOUNT_SID"),
        "{}",
        stderr(&out)
    );
    let who = r(&["who", "--json"]);
    assert!(stdout(&who).contains("\"bob\""));
}

/// Prism found nothing wrong with the request (its own example responses break their uri
/// formats, which --errors reports as response violations only).
async fn assert_request_valid(resp: reqwest::Response) {
    let (status, violations) = prism_violations(resp).await;
    assert!(
        violations.iter().all(|v| v["location"][0] == "response"),
        "{status}: {violations:?}"
    );
}

/// Prism's answer as JSON, and the violations it lists.
async fn prism_violations(resp: reqwest::Response) -> (u16, Vec<serde_json::Value>) {
    let status = resp.status().as_u16();
    let body: serde_json::Value = resp.json().await.unwrap_or_default();
    (
        status,
        body["validation"].as_array().cloned().unwrap_or_default(),
    )
}

#[tokio::test]
async fn mms_and_message_lookups_conform_to_the_description() {
    let Some(base) = prism() else { return };
    let client = Client::new(&base, SID, SID, SecretString::new("token"));
    let http = reqwest::Client::new();
    // An MMS exactly as relay builds it. Prism does not read repeated form keys as an array
    // (stoplightio/prism#2473), so the one violation it may report is MediaUrl's type;
    // every other field is checked.
    let mms = OutboundMessage {
        to: "+19195551002".into(),
        from: Some("+19085551212".into()),
        body: Some("Ada, thank you for registering!".into()),
        media_urls: vec![
            "https://www.sas.com/images/logo.jpg".into(),
            "https://a.example/2.png".into(),
        ],
        ..Default::default()
    };
    let form = relay::twilio::api::message_form(&mms);
    assert_eq!(form.iter().filter(|(k, _)| *k == "MediaUrl").count(), 2);
    let resp = http
        .post(client.messages_url())
        .basic_auth(SID, Some("token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let (status, violations) = prism_violations(resp).await;
    if status != 201 {
        assert_eq!(status, 422);
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(
            violations[0]["location"],
            serde_json::json!(["body", "MediaUrl"])
        );
        assert!(
            violations[0]["message"]
                .as_str()
                .unwrap()
                .contains("must be array")
        );
    }
    // A broken field in the same form is caught: the check above can fail.
    let mut bad = form.clone();
    bad.push(("ValidityPeriod", "not-a-number"));
    let resp = http
        .post(client.messages_url())
        .basic_auth(SID, Some("token"))
        .form(&bad)
        .send()
        .await
        .unwrap();
    let (status, violations) = prism_violations(resp).await;
    assert_eq!(status, 422);
    assert!(
        violations
            .iter()
            .any(|v| v["location"] == serde_json::json!(["body", "ValidityPeriod"])),
        "{violations:?}"
    );
    // The lookup relay makes after a lost answer: the request is valid (Prism's own example
    // response breaks its uri formats, which --errors reports as response violations only).
    let resp = http
        .get(client.messages_url())
        .basic_auth(SID, Some("token"))
        .query(&Client::recent_messages_query("+19195551002", 1000))
        .send()
        .await
        .unwrap();
    assert_request_valid(resp).await;
    let resp = http
        .get(client.messages_url())
        .basic_auth(SID, Some("token"))
        .query(&[("PageSize", "0")])
        .send()
        .await
        .unwrap();
    let (_, violations) = prism_violations(resp).await;
    assert!(
        violations.iter().any(|v| v["location"][0] == "query"),
        "an invalid PageSize is a request violation: {violations:?}"
    );
}

#[test]
fn relay_send_campaign_conforms_to_the_description() {
    let Some(base) = prism() else { return };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    std::fs::write(
        &config,
        format!("[store]\nurl = \"file://{}/data\"\n[serve]\npublic_url = \"https://relay.example.com\"\n[twilio]\naccount_sid = \"{SID}\"\nauth_token = \"tok\"\napi_base_url = \"{base}\"\n[send]\nmessaging_service_sid = \"MG0123456789abcdef0123456789abcdef\"\n", dir.path().display()),
    )
    .unwrap();
    let data = dir.path().join("r.csv");
    std::fs::write(
        &data,
        "phone,name\n+19195551002,Ada\n+447700900123,Zoë 👋\n",
    )
    .unwrap();
    // Every message carries relay's StatusCallback (serve.public_url is set), checked too.
    for (n, creative) in [
        "TO:{{phone}};\nFROM:+19085551212;\nHi {{name}}; see you soon.",
        "TO:{{phone}};\nHi {{name}} (through the messaging service)",
    ]
    .into_iter()
    .enumerate()
    {
        let c = dir.path().join("creative.txt");
        std::fs::write(&c, creative).unwrap();
        let out = run(relay()
            .arg("--config")
            .arg(&config)
            .arg("send")
            .arg(&c)
            .arg("--data")
            .arg(&data)
            .args(["--json", "--max-attempts", "1"])
            .args(["--campaign", &format!("c{n}")])
            .arg("--journal")
            .arg(dir.path().join(format!("j{n}.jsonl"))));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            stdout(&out),
            stderr(&out)
        );
        let sids: Vec<String> = stdout(&out)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["sid"].as_str().map(str::to_string))
            .collect();
        assert_eq!(sids.len(), 2);
        assert!(sids.iter().all(|s| s.starts_with("SM")), "{sids:?}");
    }
    // `report --refresh` fetches each message (GET .../Messages/{Sid}.json) as the
    // description says; Prism answers its example (status "sent", error 30007).
    let out = run(relay().arg("--config").arg(&config).args([
        "send",
        "report",
        "--campaign",
        "c0",
        "--refresh",
        "--rate",
        "100",
        "--json",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["statuses"]["sent"], 2, "{report}");
    assert_eq!(report["errors"][0]["code"], 30007, "{report}");
}

#[tokio::test]
async fn message_fetches_and_status_callbacks_conform_to_the_description() {
    let Some(base) = prism() else { return };
    let client = Client::new(&base, SID, SID, SecretString::new("token"));
    let m = client
        .fetch_message("SM0123456789abcdef0123456789abcdef")
        .await
        .expect("the spec accepts relay's fetch");
    assert!(m.status.is_some(), "{m:?}");
    // A malformed SID is what the spec refuses: the check can fail.
    match client.fetch_message("SMnot-a-sid").await {
        Err(ApiError::Twilio { status: 422, .. }) => {}
        other => panic!("expected the spec to reject a malformed Sid: {other:?}"),
    }
    let with_callback = OutboundMessage {
        status_callback: Some("https://relay.example.com/twilio/message-status".into()),
        ..sms("+19195551002")
    };
    let form = relay::twilio::api::message_form(&with_callback);
    assert!(form.contains(&(
        "StatusCallback",
        "https://relay.example.com/twilio/message-status"
    )));
    client
        .send_message(&with_callback)
        .await
        .expect("the spec accepts StatusCallback");
}

#[tokio::test]
async fn recording_requests_conform_to_the_description() {
    let Some(base) = prism() else { return };
    let client = Client::new(&base, SID, SID, SecretString::new("token"));
    // The pager's `delete_from_twilio`.
    client
        .delete_recording("RE0123456789abcdef0123456789abcdef")
        .await
        .expect("the spec accepts the deletion");
    // The recording's metadata path is the one the audio is fetched beside.
    let url = client
        .recording_url("RE0123456789abcdef0123456789abcdef", ".json")
        .unwrap();
    let resp = reqwest::Client::new()
        .get(&url)
        .basic_auth(SID, Some("token"))
        .send()
        .await
        .unwrap();
    let (_, violations) = prism_violations(resp).await;
    assert!(
        violations.iter().all(|v| v["location"][0] == "response"),
        "{url}: {violations:?}"
    );
    match client.delete_recording("not-a-recording-sid").await {
        Err(ApiError::Twilio { status: 422, .. }) => {}
        other => panic!("the spec rejects a malformed RecordingSid: {other:?}"),
    }
}

#[tokio::test]
async fn the_phone_number_and_call_lists_conform_to_the_description() {
    let Some(base) = prism() else { return };
    let http = reqwest::Client::new();
    let client = Client::new(&base, SID, SID, SecretString::new("token"));
    // The request is valid (Prism's own example response breaks its uri formats, which
    // --errors reports as response violations only).
    let resp = http
        .get(client.incoming_numbers_url())
        .basic_auth(SID, Some("token"))
        .send()
        .await
        .unwrap();
    assert_request_valid(resp).await;
    // The lookup a page's interrupted call makes (calls to a person from a line).
    let resp = http
        .get(format!("{base}/2010-04-01/Accounts/{SID}/Calls.json"))
        .query(&[
            ("To", "+19195551001"),
            ("From", "+18005550100"),
            ("PageSize", "1000"),
        ])
        .basic_auth(SID, Some("token"))
        .send()
        .await
        .unwrap();
    assert_request_valid(resp).await;
    // A malformed account is a request violation: the check can fail.
    let bad = Client::new(&base, "ACnot-a-sid", "ACnot-a-sid", SecretString::new("t"));
    let resp = http
        .get(bad.incoming_numbers_url())
        .basic_auth("ACnot-a-sid", Some("t"))
        .send()
        .await
        .unwrap();
    let (_, violations) = prism_violations(resp).await;
    assert!(
        violations.iter().any(|v| v["location"][0] == "path"),
        "{violations:?}"
    );
}

#[tokio::test]
async fn number_updates_conform_to_the_description() {
    let Some(base) = prism() else { return };
    let http = reqwest::Client::new();
    let client = Client::new(&base, SID, SID, SecretString::new("token"));
    let url = client
        .number_url("PN0123456789abcdef0123456789abcdef")
        .unwrap();
    // The form `relay numbers point` sends: valid (Prism's example response breaks its own
    // formats, which --errors reports as response violations only).
    let fields = [
        (
            "SmsUrl",
            "https://twilio:p%40ss@relay.example.com/twilio/sms",
        ),
        ("SmsMethod", "POST"),
        ("VoiceUrl", "https://relay.example.com/twilio/voice"),
        ("VoiceMethod", "POST"),
        (
            "StatusCallback",
            "https://relay.example.com/twilio/alert/ended",
        ),
        ("StatusCallbackMethod", "POST"),
    ];
    let resp = http
        .post(&url)
        .basic_auth(SID, Some("token"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_request_valid(resp).await;
    // A bad method is a request violation: the check can fail.
    let resp = http
        .post(&url)
        .basic_auth(SID, Some("token"))
        .form(&[("SmsMethod", "PUT")])
        .send()
        .await
        .unwrap();
    let (_, violations) = prism_violations(resp).await;
    assert!(
        violations
            .iter()
            .any(|v| v["location"] == serde_json::json!(["body", "SmsMethod"])),
        "{violations:?}"
    );
}

#[tokio::test]
async fn the_account_fetch_conforms_to_the_description() {
    // relay doctor's credentials check: GET .../Accounts/{Sid}.json.
    let Some(base) = prism() else { return };
    let http = reqwest::Client::new();
    let client = Client::new(&base, SID, SID, SecretString::new("token"));
    let resp = http
        .get(client.account_url())
        .basic_auth(SID, Some("token"))
        .send()
        .await
        .unwrap();
    assert_request_valid(resp).await;
    // Twilio's example account is read as relay reads it.
    let account = client.fetch_account().await.unwrap();
    assert_eq!(account.status.as_deref(), Some("active"));
    assert!(account.sid.starts_with("AC"), "{account:?}");
    // A malformed account is a request violation: the check can fail.
    let bad = Client::new(&base, "ACnot-a-sid", "ACnot-a-sid", SecretString::new("t"));
    let resp = http
        .get(bad.account_url())
        .basic_auth("ACnot-a-sid", Some("t"))
        .send()
        .await
        .unwrap();
    let (_, violations) = prism_violations(resp).await;
    assert!(
        violations.iter().any(|v| v["location"][0] == "path"),
        "{violations:?}"
    );
}
