//! `relay serve` end to end: the real binary on a loopback port, a store in a temp dir (and
//! once on S3), and requests signed exactly as Twilio signs them.

mod common;
use common::server::*;
use common::*;
use relay::twilio::params::encode_form;
use relay::twilio::signature::{Algorithm, sign_request};
use serde_json::Value;
use std::time::Duration;

fn take_exchange(r: &Relay) {
    let (status, body) = r.text(BOB, CONTROL, "take");
    assert_eq!(status, 200);
    assert_eq!(
        messages(&body),
        [
            "Bob Roberts to be made on-call engineer (now: Alice McAlister &lt;+19195551001&gt;), reply C to confirm or X to cancel within 300 seconds"
        ]
    );
    assert_eq!(
        r.who()["oncall"]["id"],
        "alice",
        "nothing changes before the confirmation"
    );
    let (_, body) = r.text(BOB, CONTROL, " YES ");
    assert!(
        body.contains(
            "Okay, Bob Roberts, you are now on call. Please leave a message at +18002255288"
        ),
        "{body}"
    );
    assert!(body.contains(r#"<Message to="+19195551001">Bob Roberts &lt;+19195551002&gt; is now the on-call engineer; you are off call.</Message>"#), "{body}");
    let who = r.who();
    assert_eq!(who["oncall"]["id"], "bob");
    assert_eq!(who["set_by"], "bob");
    let last = r.history().pop().unwrap();
    assert_eq!(
        (last["action"].as_str(), last["interface"].as_str()),
        (Some("take"), Some("sms"))
    );
}

#[test]
fn the_take_exchange_by_sms() {
    let mut r = Relay::new(None, "");
    r.start(&[]);
    take_exchange(&r);
    // WHO, HALP, and X.
    let (_, body) = r.text(ALICE, CONTROL, "who");
    let m = messages(&body);
    assert_eq!(
        m[0],
        "Current on-call engineer: Bob Roberts &lt;+19195551002&gt;."
    );
    assert!(
        m[1].starts_with("Last modified ") && m[1].ends_with(" by bob."),
        "{m:?}"
    );
    assert!(
        messages(&r.text(ALICE, CONTROL, "HALP").1)[0]
            .starts_with("Hi there, Alice McAlister. Commands I understand:")
    );
    r.text(ALICE, CONTROL, "TAKE");
    assert_eq!(
        messages(&r.text(ALICE, CONTROL, "x").1),
        [
            "Okay, Alice McAlister, nothing changes: Bob Roberts &lt;+19195551002&gt; remains on call."
        ]
    );
    assert_eq!(
        messages(&r.text(ALICE, CONTROL, "C").1),
        ["No session. Issue TAKE again and confirm within 300 seconds."]
    );
    // "mistake" is not a TAKE.
    assert!(messages(&r.text(ALICE, CONTROL, "mistake").1)[0].contains("I only understand"));
    assert_eq!(r.who()["oncall"]["id"], "bob");
    assert!(r.stop().success(), "SIGTERM exits 0");
}

#[test]
fn late_confirmation_and_restart_between_take_and_yes() {
    let mut r = Relay::new(None, "");
    r.oncall(&["set", "session_lifetime", "1"]);
    r.start(&[]);
    r.text(BOB, CONTROL, "TAKE");
    std::thread::sleep(Duration::from_millis(2100));
    let (_, body) = r.text(BOB, CONTROL, "YES");
    assert!(body.contains("expired"), "{body}");
    assert_eq!(r.who()["oncall"]["id"], "alice");
    // The pending TAKE lives in the store: a restart in between does not lose it.
    r.oncall(&["set", "session_lifetime", "300"]);
    r.text(BOB, CONTROL, "TAKE");
    assert!(r.stop().success());
    r.start(&[]);
    let (_, body) = r.text(BOB, CONTROL, "c");
    assert!(body.contains("you are now on call"), "{body}");
    assert_eq!(r.who()["oncall"]["id"], "bob");
}

#[test]
fn strangers_loops_and_nonsense_get_nothing() {
    let mut r = Relay::new(None, "");
    r.start(&[]);
    // A stranger: empty answer, an audit entry, and nothing learned.
    let (status, body) = r.text("+15555550100", CONTROL, "WHO");
    assert_eq!((status, body.as_str()), (200, EMPTY));
    assert_eq!(r.history().last().unwrap()["action"], "refused");
    // relay's own number (a loop).
    assert_eq!(r.text(PAGER, CONTROL, "WHO").1, EMPTY);
    // Five unanswerable texts are answered; the sixth is not, until a valid command.
    for i in 0..5 {
        assert!(
            r.text(ALICE, CONTROL, &format!("out of office {i}"))
                .1
                .contains("I only understand")
        );
    }
    assert_eq!(r.text(ALICE, CONTROL, "out of office again").1, EMPTY);
    assert!(
        r.text(ALICE, CONTROL, "WHO")
            .1
            .contains("Current on-call engineer")
    );
    assert!(
        r.text(ALICE, CONTROL, "huh")
            .1
            .contains("I only understand")
    );
    // The pager number points members at the control number; strangers get nothing.
    assert_eq!(
        messages(&r.text(BOB, PAGER, "hello").1),
        [
            "Hi there, Bob Roberts. This is a voice-only number. For text commands you want +19195559876 instead."
        ]
    );
    assert_eq!(r.text("+15555550100", PAGER, "hello").1, EMPTY);
    // A number relay does not know: 404, and a log line.
    assert_eq!(r.text(ALICE, "+15555550199", "WHO").0, 404);
    assert!(r.saw_log("+15555550199, which has no role"), "{}", r.logs());
}

#[test]
fn signatures_retries_and_bad_requests() {
    let mut r = Relay::new(None, "");
    r.start(&[]);
    // Signed with another token: 403 and a log line with the diagnosis.
    let (status, _) = r.text_with(ALICE, CONTROL, "WHO", "i1", "not-the-token");
    assert_eq!(status, 403);
    assert!(
        r.saw_log("403 https://relay.example.com/twilio/sms: the signature does not match"),
        "{}",
        r.logs()
    );
    // A retry (same idempotency token) gets the first answer and repeats no side effect.
    r.text(BOB, CONTROL, "TAKE");
    let first = r.text_with(BOB, CONTROL, "C", "retry-1", TOKEN);
    let takes = r.history().iter().filter(|e| e["action"] == "take").count();
    r.oncall(&["take", "alice", "--yes"]);
    let again = r.text_with(BOB, CONTROL, "C", "retry-1", TOKEN);
    assert_eq!(first, again);
    assert_eq!(
        r.who()["oncall"]["id"],
        "alice",
        "the retry did not take again"
    );
    assert_eq!(
        r.history().iter().filter(|e| e["action"] == "take").count(),
        takes + 1
    );
    // Oversize and malformed bodies.
    let big = reqwest::blocking::Client::new()
        .post(format!("{}/twilio/sms", r.base))
        .body(vec![b'a'; 70 * 1024])
        .send()
        .unwrap();
    assert_eq!(big.status().as_u16(), 413);
    let no_to = vec![
        ("From".to_string(), ALICE.to_string()),
        ("Body".to_string(), "WHO".to_string()),
    ];
    assert_eq!(r.post("/twilio/sms", &no_to, "i2", TOKEN).0, 400);
    // Health.
    let h = reqwest::blocking::get(format!("{}/healthz", r.base)).unwrap();
    assert_eq!(h.status().as_u16(), 200);
    // It names the deployment: the identity kept in the store (what relay doctor compares).
    let h: Value = h.json().unwrap();
    assert_eq!(h["status"], "ok", "{h}");
    let kept: Value = serde_json::from_slice(
        &std::fs::read(r.dir.path().join("data/serve/identity.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(h["instance"], kept["id"], "{h}");
    assert_eq!(h["instance"].as_str().unwrap().len(), 32);
}

#[test]
fn forwarded_headers_count_only_from_trusted_proxies() {
    let forwarded = [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "hooks.other.example"),
    ];
    let other = "https://hooks.other.example/twilio/sms";
    let public = format!("{PUBLIC}/twilio/sms");
    // relay's peer (127.0.0.1) is a trusted proxy: the URL is the forwarded one.
    let mut trusted = Relay::new(None, "trusted_proxies = [\"127.0.0.1\"]");
    trusted.start(&[]);
    let (status, body) =
        trusted.post_signed_for(other, "/twilio/sms", &who_params(), &forwarded, TOKEN);
    assert_eq!(status, 200, "{}", trusted.logs());
    assert!(body.contains("Alice McAlister"), "{body}");
    // Signed for the public URL but forwarded elsewhere: the forwarded URL is what counts.
    let (status, _) =
        trusted.post_signed_for(&public, "/twilio/sms", &who_params(), &forwarded, TOKEN);
    assert_eq!(status, 403);
    // Not a trusted proxy: the same headers are ignored and cannot pick the URL.
    let mut untrusted = Relay::new(None, "trusted_proxies = [\"192.0.2.1\"]");
    untrusted.start(&[]);
    let (status, _) =
        untrusted.post_signed_for(other, "/twilio/sms", &who_params(), &forwarded, TOKEN);
    assert_eq!(status, 403);
    // The log line is read from relay's stderr by another thread: give it a moment.
    wait_for("the 403 log line naming the public URL", 5, || {
        untrusted
            .logs()
            .contains("403 https://relay.example.com/twilio/sms")
    });
    let (status, body) =
        untrusted.post_signed_for(&public, "/twilio/sms", &who_params(), &forwarded, TOKEN);
    assert_eq!(status, 200);
    assert!(body.contains("Alice McAlister"), "{body}");
}

#[test]
fn two_members_confirm_at_once() {
    let mut r = Relay::new(None, "");
    r.oncall(&["add", "carol", "--name", "Carol", "--phone", "+19195551003"]);
    r.start(&[]);
    r.text(BOB, CONTROL, "TAKE");
    r.text("+19195551003", CONTROL, "TAKE");
    std::thread::scope(|s| {
        let a = s.spawn(|| r.text(BOB, CONTROL, "C"));
        let b = s.spawn(|| r.text("+19195551003", CONTROL, "C"));
        assert_eq!(a.join().unwrap().0, 200);
        assert_eq!(b.join().unwrap().0, 200);
    });
    let who = r.who();
    let id = who["oncall"]["id"].as_str().unwrap();
    assert!(id == "bob" || id == "carol");
    assert!(
        run(r.cmd().args(["oncall", "check"])).status.success(),
        "the roster is consistent"
    );
    let takes: Vec<Value> = r
        .history()
        .into_iter()
        .filter(|e| e["action"] == "take" && e["interface"] == "sms")
        .collect();
    assert_eq!(takes.len(), 2);
    assert_eq!(
        takes[1]["after"]["oncall_user"]["id"], id,
        "the last take stands"
    );
}

#[test]
fn capture_file_holds_every_exchange_and_verifies() {
    let mut r = Relay::new(
        None,
        "[serve.basic_auth]\ntwilio = \"sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\"\n",
    );
    let capture = r.dir.path().join("capture.jsonl");
    r.start(&["--capture", capture.to_str().unwrap()]);
    // Without credentials: 401 (Twilio then retries with the URL's user:password).
    assert_eq!(r.text(ALICE, CONTROL, "WHO").0, 401);
    let params: Vec<(String, String)> = [
        ("From", ALICE),
        ("To", CONTROL),
        ("Body", "WHO"),
        ("MessageSid", "SM00000000000000000000000000000001"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let sig = sign_request(
        Algorithm::HmacSha1,
        TOKEN,
        &format!("{PUBLIC}/twilio/sms"),
        &params,
    );
    let resp = r
        .http
        .post(format!("{}/twilio/sms", r.base))
        .basic_auth("twilio", Some("password"))
        .header("x-twilio-signature", sig)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode_form(&params))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.text().unwrap().contains("Current on-call engineer"));
    assert!(r.stop().success());
    let lines: Vec<Value> = std::fs::read_to_string(&capture)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["response"]["status"], 401);
    assert_eq!(lines[1]["url"], "https://relay.example.com/twilio/sms");
    assert_eq!(lines[1]["headers"]["authorization"], "(redacted)");
    assert!(
        lines[1]["response"]["body"]
            .as_str()
            .unwrap()
            .contains("Current on-call engineer")
    );
    assert_eq!(lines[1]["response"]["headers"]["content-type"], "text/xml");
    // The capture is a valid input to relay verify: both requests carry valid signatures.
    let out = run(relay()
        .args(["verify", "--auth-token", TOKEN, "--capture"])
        .arg(&capture));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn refuses_to_start_without_a_token() {
    let r = Relay::new(None, "");
    let out = run(r.cmd().args(["serve", "--listen", "127.0.0.1:0"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--insecure-skip-signature"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_take_exchange_on_s3() {
    let Some(endpoint) = service("RELAY_TEST_S3_ENDPOINT", "an S3-compatible server (moto)") else {
        return;
    };
    if python().is_none() {
        return;
    }
    let bucket = format!("relay-serve-{}", rand_id());
    create_bucket(&endpoint, &bucket);
    let store = format!(
        "[store]\nurl = \"s3://{bucket}/relay\"\nendpoint = \"{endpoint}\"\npath_style = true\nregion = \"us-east-1\"\n"
    );
    let mut r = Relay::new(Some(store), "");
    r.start(&[]);
    take_exchange(&r);
}
