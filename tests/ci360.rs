//! `POST /ci360/messages` on `relay serve`: CI360 events, as the connector receives them,
//! sent once each through a local fake of Twilio's Messages API.

mod common;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use serde_json::{Value, json};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const API_KEY: &str = "ci360-key-for-acme";

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn event(creative: &str, generated: i64, identity: &str) -> Value {
    json!({
        "eventType": "outboundSystem",
        "date": {"generatedTimestamp": generated},
        "externalTenantId": "acme",
        "identityId": identity,
        "impression": {"creativeContent": creative},
    })
}

fn post(r: &Relay, key: Option<&str>, body: &str) -> (u16, Value) {
    let mut req = r
        .http
        .post(format!("{}/ci360/messages", r.base))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(k) = key {
        req = req.header("x-api-key", k);
    }
    let resp = req.send().unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().unwrap_or(Value::Null))
}

#[test]
fn ci360_events_are_sent_once_refused_when_stale_and_authenticated() {
    let fake = Fake::start(SID, "acme-token", Faults::default());
    let hash = relay::twilio::signature::hex_sha256(API_KEY.as_bytes());
    let mut r = Relay::new(
        None,
        &format!(
            "\n[tenants.acme]\naccount_sid = \"{SID}\"\nauth_token = \"acme-token\"\napi_base_url = \"{}\"\nfrom = \"+19085551212\"\nevent_ttl = 600\napi_keys = [\"sha256:{hash}\"]\n",
            fake.base
        ),
    );
    let capture = r.dir.path().join("capture.jsonl");
    r.start(&["--capture", capture.to_str().unwrap()]);
    // The README's creative, as CI360 sends it once it has filled the placeholders.
    let creative = "TO:+19195551002;\nFROM:+19085551212;\nMEDIAL_URLS:https://www.sas.com/images/logo.jpg;\nAda, thank you for registering for our seminar!\n";
    let good = event(creative, now_ms() - 5_000, "id-1").to_string();
    let (status, body) = post(&r, Some(API_KEY), &good);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "sent");
    let sid = body["sid"].as_str().unwrap().to_string();
    assert!(sid.starts_with("SM"));
    {
        let m = fake.messages.lock().unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].to, "+19195551002");
        assert_eq!(m[0].media, ["https://www.sas.com/images/logo.jpg"]);
        assert_eq!(m[0].body, "Ada, thank you for registering for our seminar!");
    }
    // CI360 retries: the same event is answered with the same SID and sent no second time.
    let (status, again) = post(&r, Some(API_KEY), &good);
    assert_eq!((status, again["sid"].as_str()), (200, Some(sid.as_str())));
    assert_eq!(fake.messages.lock().unwrap().len(), 1);
    // Another identity with the same creative is another message.
    let other = event(creative, now_ms(), "id-2").to_string();
    assert_eq!(post(&r, Some(API_KEY), &other).0, 200);
    assert_eq!(fake.messages.lock().unwrap().len(), 2);

    // Stale: refused with a clear JSON error and a log line; nothing sent.
    let stale = event(creative, now_ms() - 3_600_000, "id-3").to_string();
    let (status, body) = post(&r, Some(API_KEY), &stale);
    assert_eq!(status, 422);
    assert_eq!(body["error"], "stale event");
    assert_eq!(body["event_ttl"], 600);
    assert!(r.saw_log("refused a stale event for acme"), "{}", r.logs());
    // Unauthenticated or wrongly authenticated.
    assert_eq!(post(&r, None, &other).0, 401);
    assert_eq!(post(&r, Some("guess"), &other).0, 401);
    let mut nobody = event(creative, now_ms(), "id-4");
    nobody["externalTenantId"] = json!("someone-else");
    assert_eq!(post(&r, Some(API_KEY), &nobody.to_string()).0, 401);
    // Malformed events, creatives, and events that are not for sending.
    assert_eq!(post(&r, Some(API_KEY), "{not json").0, 400);
    let mut no_date = event(creative, 0, "id-5");
    no_date["date"] = json!({});
    assert_eq!(post(&r, Some(API_KEY), &no_date.to_string()).0, 400);
    let (status, body) = post(
        &r,
        Some(API_KEY),
        &event("FROM:+19085551212;\nno recipient", now_ms(), "id-6").to_string(),
    );
    assert_eq!(status, 422);
    assert!(body["error"].as_str().unwrap().contains("no TO"), "{body}");
    let mut other_type = event(creative, now_ms(), "id-7");
    other_type["eventType"] = json!("outboundEmail");
    let (status, body) = post(&r, Some(API_KEY), &other_type.to_string());
    assert_eq!((status, body["status"].as_str()), (200, Some("ignored")));
    // Twilio refusing the number is a 502 with Twilio's error.
    let (status, body) = post(
        &r,
        Some(API_KEY),
        &event("TO:+15005550001;\nhi", now_ms(), "id-8").to_string(),
    );
    assert_eq!(status, 502);
    assert_eq!(body["code"], 21211);
    assert_eq!(fake.messages.lock().unwrap().len(), 2);
    // The capture holds the exchanges, the API key redacted.
    let text = std::fs::read_to_string(&capture).unwrap();
    assert!(text.contains("/ci360/messages"));
    assert!(!text.contains(API_KEY));
}
