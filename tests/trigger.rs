//! `relay trigger sms|call` against `relay serve`: Twilio's webhooks, signed, without a
//! phone; the on-call and pager flows complete, and what was sent is a valid capture.

mod common;
use common::server::*;
use common::*;
use serde_json::Value;

fn trigger(r: &Relay, args: &[&str]) -> (i32, String, String) {
    let out = run(r
        .cmd()
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .arg("trigger")
        .args(["--url", &r.base])
        .args(args));
    (out.status.code().unwrap(), stdout(&out), stderr(&out))
}

#[test]
fn triggered_texts_and_calls_run_the_on_call_and_pager_flows() {
    let mut r = Relay::new(None, "");
    r.start(&[]);
    let capture = r.dir.path().join("sent.jsonl");
    let cap = capture.to_str().unwrap();
    // WHO from a member: the control line's answer.
    let (code, out, err) = trigger(
        &r,
        &[
            "sms",
            "--to",
            CONTROL,
            "--from",
            ALICE,
            "--body",
            "WHO",
            "--capture",
            cap,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("→ 200"), "{out}");
    assert!(out.contains("reply: ") && out.contains("Alice"), "{out}");
    // TAKE, as JSON: Bob is on call afterwards.
    let (code, out, _) = trigger(
        &r,
        &[
            "sms",
            "--to",
            CONTROL,
            "--from",
            BOB,
            "--body",
            "TAKE",
            "--json",
            "--capture",
            cap,
        ],
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], 200);
    assert!(
        v["messages"][0]
            .as_str()
            .unwrap()
            .contains("reply C to confirm"),
        "{v}"
    );
    let (code, _, _) = trigger(&r, &["sms", "--to", CONTROL, "--from", BOB, "--body", "C"]);
    assert_eq!(code, 0);
    assert_eq!(r.who()["oncall"]["id"], "bob");

    // A call to the pager: press 1 if asked, speak 5 s; the message is recorded.
    let (code, out, err) = trigger(
        &r,
        &[
            "call",
            "--to",
            PAGER,
            "--from",
            "+19195550777",
            "--digits",
            "1",
            "--record-seconds",
            "5",
            "--capture",
            cap,
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("hears: ") && out.contains("speaks for 5 s"),
        "{out}"
    );
    assert!(out.contains("(Twilio's callback)"), "{out}");
    let out = run(r.cmd().args(["pager", "list", "--json"]));
    let list: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let n = list.as_array().map_or(0, |a| a.len());
    assert_eq!(n, 1, "the pager recorded the message: {list}");

    // A bad token: relay refuses (403) and trigger says so with exit 1.
    let out = run(r.cmd().env("TWILIO_AUTH_TOKEN", "wrong").args([
        "trigger", "--url", &r.base, "sms", "--to", CONTROL, "--from", ALICE, "--body", "WHO",
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("→ 403"), "{}", stdout(&out));

    // What was sent is a capture: every signature checks out, and replay can send it.
    let lines = std::fs::read_to_string(&capture).unwrap();
    assert!(lines.lines().count() >= 5, "{lines}");
    let out = run(r
        .cmd()
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .args(["verify", "--capture", cap]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}
