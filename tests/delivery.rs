//! Campaigns that know what was delivered and respect STOP: `relay send` with status
//! callbacks to `relay serve`, `relay send report` (from callbacks, and `--refresh` from
//! Twilio's Messages API), opt-outs from texts, from Twilio's error 21610 and from
//! `relay optout`, all against the local Twilio fake and the real binary.

mod common;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const SENDER: &str = "+19085551212";
const CALLBACK: &str = "/twilio/message-status";

/// A relay whose config can both send (through the fake) and serve.
fn relay_with(fake: &Fake, public_url: bool) -> Relay {
    let r = Relay::new(
        None,
        &format!(
            "[twilio]\naccount_sid = \"{SID}\"\nauth_token = \"{TOKEN}\"\napi_base_url = \"{}\"\n[send]\nfrom = \"{SENDER}\"\n",
            fake.base
        ),
    );
    if !public_url {
        let text = std::fs::read_to_string(&r.config)
            .unwrap()
            .replace(&format!("public_url = \"{PUBLIC}\""), "");
        std::fs::write(&r.config, text).unwrap();
    }
    r
}

/// Writes a creative and a CSV of `phones`; returns their paths.
fn campaign(r: &Relay, name: &str, phones: &[&str]) -> (PathBuf, PathBuf) {
    let creative = r.dir.path().join(format!("{name}.txt"));
    std::fs::write(
        &creative,
        "TO:{{phone}};\nHi {{name}}, the sale starts today.\n",
    )
    .unwrap();
    let data = r.dir.path().join(format!("{name}-rows.csv"));
    let mut csv = String::from("phone,name\n");
    for (i, p) in phones.iter().enumerate() {
        csv.push_str(&format!("{p},Person {i}\n"));
    }
    std::fs::write(&data, csv).unwrap();
    (creative, data)
}

/// `relay send CREATIVE --data DATA --json ARGS`: exit code and the JSON lines.
fn send(r: &Relay, creative: &Path, data: &Path, args: &[&str]) -> (i32, Vec<Value>) {
    let out = run(r
        .cmd()
        .arg("send")
        .arg(creative)
        .arg("--data")
        .arg(data)
        .arg("--json")
        .args(args));
    let lines = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap(), lines)
}

fn summary(lines: &[Value]) -> Value {
    lines.last().unwrap()["summary"].clone()
}

fn report(r: &Relay, args: &[&str]) -> (i32, Value, String) {
    let out = run(r.cmd().args(["send", "report", "--json"]).args(args));
    let json = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    (out.status.code().unwrap(), json, stderr(&out))
}

/// Twilio's status callback for `sid`, posted to relay and signed for `url`.
fn callback(r: &Relay, url: &str, sid: &str, status: &str, code: Option<u32>) -> (u16, String) {
    let mut params: Vec<(String, String)> = [
        ("SmsSid", sid),
        ("SmsStatus", status),
        ("MessageStatus", status),
        ("MessageSid", sid),
        ("AccountSid", SID),
        ("From", SENDER),
        ("ApiVersion", "2010-04-01"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if let Some(c) = code {
        params.push(("ErrorCode".into(), c.to_string()));
    }
    let idem = format!("idem-{}", rand_id());
    r.post_signed_for(
        url,
        CALLBACK,
        &params,
        &[("i-twilio-idempotency-token", &idem)],
        TOKEN,
    )
}

fn optouts(r: &Relay) -> Vec<Value> {
    let out = run(r.cmd().args(["optout", "list", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str::<Value>(&stdout(&out))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn status_callbacks_in_any_order_make_an_exact_report_and_a_file_of_failed_rows() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay_with(&fake, true);
    r.start(&[]);
    let phones = [
        "+19195550001",
        "+19195550002",
        "+19195550003",
        "+19195550004",
        "+19195550005",
        "+19195550006",
        "+19195550007",
    ];
    let (creative, data) = campaign(&r, "sale", &phones);
    let (code, lines) = send(&r, &creative, &data, &["--campaign", "spring-sale"]);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(summary(&lines)["sent"], 7);
    let sent = fake.messages.lock().unwrap().clone();
    let url = format!("{PUBLIC}{CALLBACK}");
    assert!(
        sent.iter()
            .all(|m| m.status_callback.as_deref() == Some(url.as_str())),
        "every message carries relay's status callback: {:?}",
        sent[0].status_callback
    );
    let sid = |phone: &str| sent.iter().find(|m| m.to == phone).unwrap().sid.clone();
    // In order; out of order; repeated; failures with carrier errors; read.
    let script: &[(&str, &str, Option<u32>)] = &[
        (phones[0], "sent", None),
        (phones[0], "delivered", None),
        (phones[1], "delivered", None),
        (phones[1], "sent", None),
        (phones[1], "queued", None),
        (phones[2], "sent", None),
        (phones[2], "delivered", None),
        (phones[2], "delivered", None),
        (phones[3], "sent", None),
        (phones[3], "undelivered", Some(30007)),
        (phones[4], "failed", Some(30008)),
        (phones[4], "sent", None),
        (phones[5], "delivered", None),
        (phones[5], "read", None),
        (phones[5], "delivered", None),
        (phones[6], "queued", None),
        (phones[6], "sent", None),
    ];
    for (phone, status, code) in script {
        let (s, body) = callback(&r, &url, &sid(phone), status, *code);
        assert_eq!(s, 200, "{phone} {status}: {body}");
    }
    // A bad signature is refused and changes nothing.
    let (s, _) = r.post_signed_for(
        &url,
        CALLBACK,
        &[
            ("MessageSid".to_string(), sid(phones[6])),
            ("MessageStatus".to_string(), "delivered".to_string()),
        ],
        &[],
        "not-the-token",
    );
    assert_eq!(s, 403);

    let (code, rep, err) = report(&r, &["--campaign", "spring-sale"]);
    assert_eq!(code, 1, "two rows did not get through: {err}");
    let counts = &rep["statuses"];
    assert_eq!(counts["delivered"], 3, "{rep}");
    assert_eq!(counts["read"], 1, "{rep}");
    assert_eq!(counts["undelivered"], 1, "{rep}");
    assert_eq!(counts["failed"], 1, "{rep}");
    assert_eq!(
        counts["sent"], 1,
        "the bad signature changed nothing: {rep}"
    );
    assert_eq!(rep["messages"], 7);
    let errors: Vec<(u64, u64)> = rep["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].as_u64().unwrap(), e["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(errors, vec![(30007, 1), (30008, 1)]);
    assert!(
        rep["errors"][0]["link"]
            .as_str()
            .unwrap()
            .ends_with("/30007")
    );
    assert_eq!(rep["slowest"].as_array().unwrap().len(), 4, "{rep}");
    let missed: Vec<&str> = rep["not_delivered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["to"].as_str().unwrap())
        .collect();
    assert_eq!(missed, vec![phones[3], phones[4]]);
    // The same report from the journal's path; and a table for people.
    let journal = r.dir.path().join("sale-rows.csv.journal.jsonl");
    let (_, by_journal, _) = report(&r, &["--journal", journal.to_str().unwrap()]);
    assert_eq!(by_journal["statuses"], rep["statuses"]);
    let out = run(r
        .cmd()
        .args(["send", "report", "--campaign", "spring-sale"]));
    let text = stdout(&out);
    assert!(text.contains("7 messages, 4 delivered"), "{text}");
    assert!(text.contains("carrier filtering"), "{text}");
    // The campaign list.
    let out = run(r.cmd().args(["send", "report"]));
    assert!(stdout(&out).contains("spring-sale"), "{}", stdout(&out));

    // The rows that did not get through, as a data file `relay send` takes again.
    let retry = r.dir.path().join("retry.csv");
    let (code, _, err) = report(
        &r,
        &[
            "--campaign",
            "spring-sale",
            "--failed-rows",
            retry.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    let written = std::fs::read_to_string(&retry).unwrap();
    assert_eq!(
        written,
        format!(
            "name,phone\nPerson 3,{}\nPerson 4,{}\n",
            phones[3], phones[4]
        )
    );
    let (code, lines) = send(&r, &creative, &retry, &[]);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(summary(&lines)["sent"], 2);
    assert_eq!(fake.messages.lock().unwrap().len(), 9);
    // Another campaign may not take the name.
    let (other, other_data) = campaign(&r, "other", &phones[..1]);
    let (code, _) = send(&r, &other, &other_data, &["--campaign", "spring-sale"]);
    assert_eq!(code, 2);
}

#[test]
fn revoke_and_optout_opt_out_and_help_records_nothing() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = Relay::new(
        None,
        &format!(
            "[twilio]\naccount_sid = \"{SID}\"\nauth_token = \"{TOKEN}\"\napi_base_url = \"{}\"\n[send]\nfrom = \"{SENDER}\"\nhelp_text = \"Acme alerts: reply STOP to stop.\"\n",
            fake.base
        ),
    );
    r.start(&[]);
    let (ann, cal, dee) = ("+19195550111", "+19195550112", "+19195550113");
    // Twilio's default keywords include REVOKE and OPTOUT.
    for (who, word) in [(ann, "REVOKE"), (cal, "optout")] {
        let (s, body) = r.text(who, SENDER, word);
        assert_eq!((s, body.as_str()), (200, EMPTY));
    }
    // HELP and INFO record nothing; the campaign sender answers its help text.
    for word in ["HELP", "info"] {
        let (s, body) = r.text(dee, SENDER, word);
        assert_eq!(s, 200);
        assert_eq!(
            messages(&body),
            ["Acme alerts: reply STOP to stop."],
            "{body}"
        );
    }
    let numbers: Vec<String> = optouts(&r)
        .iter()
        .map(|e| e["number"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(numbers, [ann, cal], "HELP opted nobody out");
}

#[test]
fn stop_and_start_texts_and_error_21610_keep_the_opt_out_list() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay_with(&fake, true);
    r.start(&[]);
    let (ann, cal) = ("+19195550101", "+19195550102");
    // Ann texts STOP to the campaign number: recorded, nothing answered (Twilio does).
    let (s, body) = r.text(ann, SENDER, "Stop");
    assert_eq!(s, 200, "{body}");
    assert_eq!(body, EMPTY);
    // A roster member texting STOP to the control line: recorded *and* answered as the
    // control line answers anything it does not know.
    let (s, body) = r.text(ALICE, CONTROL, "STOP");
    assert_eq!(s, 200);
    assert!(
        !messages(&body).is_empty(),
        "the control line answered: {body}"
    );
    let list = optouts(&r);
    let pairs: Vec<(&str, &str, &str)> = list
        .iter()
        .map(|e| {
            (
                e["number"].as_str().unwrap(),
                e["sender"].as_str().unwrap(),
                e["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        vec![(ann, SENDER, "sms"), (ALICE, CONTROL, "sms")],
        "{list:?}"
    );
    // "STOP PLEASE" is a sentence, not a keyword; a repeat changes nothing.
    r.text(cal, SENDER, "stop please");
    r.text(ann, SENDER, "STOP");
    assert_eq!(optouts(&r).len(), 2);

    // The campaign skips Ann (a dry run says so first); Twilio refuses the magic 21610
    // number, which is then recorded as opted out, not failed.
    let unsubscribed = "+15005550004";
    let (creative, data) = campaign(&r, "news", &[ann, cal, unsubscribed]);
    let out = run(r
        .cmd()
        .arg("send")
        .arg(&creative)
        .arg("--data")
        .arg(&data)
        .arg("--dry-run"));
    assert!(
        stdout(&out).contains(&format!("{ann} from {SENDER}: skipped, opted out")),
        "{}",
        stdout(&out)
    );
    let (code, lines) = send(&r, &creative, &data, &[]);
    assert_eq!(code, 0, "opted-out rows are not failures: {lines:?}");
    let s = summary(&lines);
    assert_eq!(
        (
            s["sent"].as_u64(),
            s["opted_out"].as_u64(),
            s["failed"].as_u64()
        ),
        (Some(1), Some(2), Some(0)),
        "{s}"
    );
    let skipped: Vec<&str> = lines
        .iter()
        .filter(|l| l["status"] == "skipped" && l["reason"] == "opted out")
        .map(|l| l["to"].as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), 2);
    assert!(skipped.contains(&ann) && skipped.contains(&unsubscribed));
    let to_fake: Vec<String> = fake
        .messages
        .lock()
        .unwrap()
        .iter()
        .map(|m| m.to.clone())
        .collect();
    assert_eq!(to_fake, vec![cal.to_string()], "Ann was not sent to");
    assert!(
        optouts(&r)
            .iter()
            .any(|e| e["number"] == unsubscribed && e["source"] == "twilio-21610"),
    );
    // The report counts them apart.
    let (_, rep, _) = report(&r, &["--campaign", "news+news-rows"]);
    assert_eq!(rep["statuses"]["opted out"], 2, "{rep}");

    // START: Ann is sent the next campaign.
    let (s, _) = r.text(ann, SENDER, " start ");
    assert_eq!(s, 200);
    let (creative2, data2) = campaign(&r, "news2", &[ann]);
    let (code, lines) = send(&r, &creative2, &data2, &[]);
    assert_eq!(code, 0);
    assert_eq!(summary(&lines)["sent"], 1);

    // Every change is in the history, with who and how.
    let out = run(r.cmd().args(["optout", "history", "--json"]));
    let history: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let actions: Vec<(&str, &str, &str)> = history
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["actor"].as_str().unwrap(),
                e["interface"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        vec![
            ("optout", ann, "sms"),
            ("optout", ALICE, "sms"),
            ("optout", "twilio error 21610", "twilio"),
            ("optin", ann, "sms"),
        ]
    );
}

#[test]
fn the_list_is_managed_imported_and_exported_and_ci360_respects_it() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let hash = relay::twilio::signature::hex_sha256(b"key");
    let mut r = relay_with(&fake, true);
    let cfg = std::fs::read_to_string(&r.config).unwrap()
        + &format!(
            "\n[tenants.acme]\naccount_sid = \"{SID}\"\nauth_token = \"{TOKEN}\"\napi_base_url = \"{}\"\nfrom = \"+19085550000\"\napi_keys = [\"sha256:{hash}\"]\n",
            fake.base
        );
    std::fs::write(&r.config, cfg).unwrap();
    r.start(&[]);
    let optout = |args: &[&str]| {
        let out = run(r.cmd().arg("optout").args(args).args(["--as", "ops-dan"]));
        (out.status.code().unwrap(), stdout(&out), stderr(&out))
    };
    let (code, out, err) = optout(&["add", "+1 (919) 555-0201", "--tenant", "acme"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("+19195550201 opted out (+19085550000)"),
        "{out}"
    );
    // Import from another tool's CSV: a header row, numbers in any usual form.
    let file = r.dir.path().join("stops.csv");
    std::fs::write(
        &file,
        "Phone,Sender\n+19195550202,\n+19195550203,MG0123456789abcdef0123456789abcdef\n+19195550201,+19085550000\n",
    )
    .unwrap();
    let (code, out, err) = optout(&["import", file.to_str().unwrap(), "--tenant", "acme"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("3 row(s); 2 opt-out(s) added, 1 already there"),
        "{out}"
    );
    let bad = r.dir.path().join("bad.csv");
    std::fs::write(&bad, "Phone\nnot-a-number\n").unwrap();
    let (code, _, err) = optout(&["import", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:2:"), "{err}");
    // Export round-trips through import.
    let (_, csv, _) = optout(&["export"]);
    assert_eq!(
        csv.lines().next(),
        Some("number,sender,tenant,since,source")
    );
    assert_eq!(csv.lines().count(), 4, "{csv}");
    let moved = r.dir.path().join("moved.csv");
    std::fs::write(&moved, &csv).unwrap();
    let (code, out, _) = optout(&["import", moved.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("0 opt-out(s) added, 3 already there"), "{out}");

    // CI360 skips an opted-out recipient (200: CI360 must not retry) and sends the rest.
    let post = |to: &str| {
        let event = serde_json::json!({
            "eventType": "outboundSystem",
            "date": {"generatedTimestamp": relay::send::now_ms()},
            "externalTenantId": "acme", "identityId": to,
            "impression": {"creativeContent": format!("TO:{to};\nHello")},
        });
        let resp = r
            .http
            .post(format!("{}/ci360/messages", r.base))
            .header("x-api-key", "key")
            .header("content-type", "application/json")
            .body(event.to_string())
            .send()
            .unwrap();
        (resp.status().as_u16(), resp.json::<Value>().unwrap())
    };
    let (s, body) = post("+19195550201");
    assert_eq!(
        (s, body["status"].as_str()),
        (200, Some("skipped")),
        "{body}"
    );
    assert_eq!(body["reason"], "opted out");
    let (s, body) = post("+19195550299");
    assert_eq!((s, body["status"].as_str()), (200, Some("sent")), "{body}");
    let (s, body) = post("+15005550004");
    assert_eq!(
        (s, body["status"].as_str()),
        (200, Some("skipped")),
        "{body}"
    );
    assert_eq!(body["code"], 21610);
    assert_eq!(fake.messages.lock().unwrap().len(), 1);
    let (_, out, _) = optout(&["list", "--tenant", "acme"]);
    assert!(
        out.contains("+15005550004") && out.contains("twilio-21610"),
        "{out}"
    );

    // Remove without --sender opts back in to every sender of the tenant.
    let (code, out, _) = optout(&["remove", "+19195550201", "--tenant", "acme"]);
    assert_eq!(code, 0);
    assert!(out.contains("+19195550201 opted back in"), "{out}");
    let (_, out, _) = optout(&["history"]);
    assert!(out.contains("ops-dan"), "{out}");
    assert!(out.contains("imported 2 opt-out(s)"), "{out}");
}

#[test]
fn without_callbacks_report_refresh_asks_twilio_and_resumes() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let r = relay_with(&fake, false);
    let phones = ["+19195550301", "+19195550302", "+19195550303"];
    let (creative, data) = campaign(&r, "quiet", &phones);
    let (code, _) = send(&r, &creative, &data, &[]);
    assert_eq!(code, 0);
    let sent = fake.messages.lock().unwrap().clone();
    assert!(sent.iter().all(|m| m.status_callback.is_none()));
    let (code, rep, _) = report(&r, &["--campaign", "quiet+quiet-rows"]);
    assert_eq!(code, 0);
    assert_eq!(rep["statuses"]["no status yet"], 3, "{rep}");
    fake.set_status(&sent[0].sid, "delivered", None);
    fake.set_status(&sent[1].sid, "undelivered", Some(30003));
    fake.set_status(&sent[2].sid, "sent", None);
    let (code, rep, err) = report(
        &r,
        &[
            "--campaign",
            "quiet+quiet-rows",
            "--refresh",
            "--rate",
            "50",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(rep["statuses"]["delivered"], 1, "{rep}");
    assert_eq!(rep["statuses"]["undelivered"], 1, "{rep}");
    assert_eq!(rep["statuses"]["sent"], 1, "{rep}");
    assert_eq!(fake.fetched.lock().unwrap().len(), 3);
    // Again: only the message without a final status is asked for.
    fake.set_status(&sent[2].sid, "delivered", None);
    let (_, rep, _) = report(&r, &["--campaign", "quiet+quiet-rows", "--refresh"]);
    assert_eq!(rep["statuses"]["delivered"], 2, "{rep}");
    let fetched = fake.fetched.lock().unwrap().clone();
    assert_eq!(fetched.len(), 4);
    assert_eq!(fetched[3], sent[2].sid);
}
