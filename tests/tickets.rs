//! The tickets line on the local backend, end to end: signed texts to `relay serve`, the
//! tickets read back with `relay tickets ... --json` (and the store's files), replies texted
//! through the Twilio fake and through Prism (Twilio's OpenAPI description).

mod common;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::Value;

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const LINE: &str = "+18005550100";
const TEXTER: &str = "+15551234567";
const UK: &str = "+447700900461";

fn relay_with(api: &str, tickets: &str) -> Relay {
    Relay::new(
        None,
        &format!(
            "\n[numbers]\n\"{LINE}\" = \"tickets\"\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{api}\"\n[tickets]\n{tickets}\n"
        ),
    )
}

fn sms(
    r: &Relay,
    from: &str,
    body: Option<&str>,
    media: &[(&str, &str)],
    idem: &str,
) -> (u16, String) {
    r.inbound(SID, from, LINE, body, media, idem)
}

fn conversation(r: &Relay, id: &str) -> Vec<Value> {
    let (code, v, err) = r.tickets(&["show", id]);
    assert!(code == 0 || code == 1, "show {id}: {err}");
    v["conversation"].as_array().cloned().unwrap_or_default()
}

fn list(r: &Relay, status: &str) -> Vec<Value> {
    let (code, v, err) = r.tickets(&["list", "--status", status]);
    assert_eq!(code, 0, "{err}");
    v.as_array().cloned().unwrap()
}

/// A tiny real PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1, 0xe5, 0x27, 0xde, 0xfc, 0, 0, 0, 0, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn texts_become_tickets_and_replies_go_back_by_sms() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay_with(
        &fake.base,
        "acknowledge = \"Thanks! Your ticket number is {ticket}.\"",
    );
    r.start(&[]);

    // A new sender: a requester in the seed's form, a new ticket, the acknowledgement.
    let body = "Router down — ünïcödé intact 😀 & <ok>";
    let (status, xml) = sms(&r, TEXTER, Some(body), &[], "t1");
    assert_eq!(status, 200, "{}", r.logs());
    assert!(
        xml.contains("<Message>Thanks! Your ticket number is 1.</Message>"),
        "{xml}"
    );
    let open = list(&r, "open");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["subject"], "SMS Message from SMS-555-123-4567");
    assert_eq!(open[0]["requester"], TEXTER);
    let c = conversation(&r, "1");
    assert_eq!(
        c[0]["text"],
        format!("To: {LINE}\nFrom: {TEXTER}\n\n{body}")
    );

    // One active ticket: a comment on it, no acknowledgement; a retry changes nothing.
    let (_, xml) = sms(&r, TEXTER, Some("second"), &[], "t2");
    assert_eq!(xml, EMPTY);
    let (status, again) = sms(&r, TEXTER, Some("second"), &[], "t2");
    assert_eq!((status, again.as_str()), (200, EMPTY));
    assert_eq!(
        conversation(&r, "1").len(),
        2,
        "the retried webhook added nothing"
    );
    assert_eq!(list(&r, "all").len(), 1);

    // Resolved: the next text opens a new ticket.
    let (code, _, err) = r.tickets(&["resolve", "1"]);
    assert_eq!(code, 0, "{err}");
    sms(&r, TEXTER, Some("third"), &[], "t3");
    assert_eq!(list(&r, "open").len(), 1);
    assert_eq!(list(&r, "resolved")[0]["id"], "1");
    // Two active (1 reopened, 2): a new ticket again.
    assert_eq!(r.tickets(&["reopen", "1"]).0, 0);
    sms(&r, TEXTER, Some("fourth"), &[], "t4");
    let all = list(&r, "all");
    assert_eq!(all.len(), 3);
    assert_eq!(
        conversation(&r, "3")[0]["text"],
        format!("To: {LINE}\nFrom: {TEXTER}\n\nfourth")
    );

    // A reply reaches the texter from the ticket's number; a comment does not.
    let (code, v, err) = r.tickets(&["reply", "3", "We are on it 👷"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["texted"], true);
    let (code, _, err) = r.tickets(&["comment", "3", "internal note"]);
    assert_eq!(code, 0, "{err}");
    let long: String = (0..400).map(|i| format!("step{i} ")).collect();
    assert_eq!(r.tickets(&["reply", "3", &long]).0, 0);
    let sent: Vec<(String, Option<String>, String)> = fake
        .messages
        .lock()
        .unwrap()
        .iter()
        .map(|m| (m.to.clone(), m.from.clone(), m.body.clone()))
        .collect();
    let to_texter: Vec<&(String, Option<String>, String)> =
        sent.iter().filter(|m| m.0 == TEXTER).collect();
    assert_eq!(
        to_texter.len(),
        3,
        "one reply, one reply in two parts: {sent:?}"
    );
    assert_eq!(to_texter[0].1.as_deref(), Some(LINE));
    assert_eq!(to_texter[0].2, "We are on it 👷");
    assert!(to_texter[1].2.starts_with("(1/2) step0 ") && to_texter[2].2.starts_with("(2/2) "));
    assert!(to_texter[2].2.ends_with("step399"));
    assert!(!sent.iter().any(|m| m.2.contains("internal note")));
    let kinds: Vec<String> = conversation(&r, "3")
        .iter()
        .map(|i| {
            format!(
                "{}:{}",
                i["kind"].as_str().unwrap(),
                i["author"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "text:SMS-555-123-4567",
            "reply:agent-ann",
            "comment:agent-ann",
            "reply:agent-ann"
        ]
    );

    // An MMS with no body from another country: the picture kept beside the ticket, a
    // picture over 5 MB linked with a note.
    let big = vec![7u8; 6 * 1024 * 1024];
    let (pic, huge) = (
        "ME00000000000000000000000000000001",
        "ME00000000000000000000000000000002",
    );
    fake.media
        .lock()
        .unwrap()
        .insert(pic.into(), ("image/png".into(), PNG.to_vec()));
    fake.media
        .lock()
        .unwrap()
        .insert(huge.into(), ("image/jpeg".into(), big));
    let (status, xml) = sms(
        &r,
        UK,
        None,
        &[(pic, "image/png"), (huge, "image/jpeg")],
        "t5",
    );
    assert_eq!((status, xml.as_str()), (200, EMPTY), "{}", r.logs());
    wait_for("the MMS to be filed", 30, || {
        list(&r, "open").iter().any(|t| t["requester"] == UK)
    });
    let t = list(&r, "open")
        .into_iter()
        .find(|t| t["requester"] == UK)
        .unwrap();
    assert_eq!(t["subject"], "SMS Message from SMS-44-7700900461");
    let c = conversation(&r, t["id"].as_str().unwrap());
    let text = c[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with(&format!("To: {LINE}\nFrom: {UK}\n\n")),
        "{text}"
    );
    assert!(
        text.contains("larger than 5 MB, not attached") && text.contains(huge),
        "{text}"
    );
    assert!(
        !text.contains("api.twilio.com/2010-04-01/Accounts") || text.contains(&fake.base),
        "links are built from api_base_url: {text}"
    );
    let media = c[0]["media"].as_array().unwrap();
    assert_eq!(media.len(), 1, "{c:?}");
    let key = media[0].as_str().unwrap().rsplit(" at ").next().unwrap();
    let kept = std::fs::read(r.dir.path().join("data").join(key)).unwrap();
    assert_eq!(kept, PNG);
    // The new ticket was acknowledged by REST (it was filed after Twilio's answer).
    wait_for("the acknowledgement", 30, || {
        fake.messages
            .lock()
            .unwrap()
            .iter()
            .any(|m| m.to == UK && m.body.contains("Your ticket number is"))
    });

    // Nothing is left pending.
    wait_for("nothing pending", 30, || r.tickets(&["pending"]).0 == 0);

    // A call to the tickets number is told to text.
    let call: Vec<(String, String)> = [
        ("CallSid", "CA00000000000000000000000000000001"),
        ("AccountSid", SID),
        ("From", TEXTER),
        ("To", LINE),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let (status, xml) = r.post("/twilio/voice", &call, "call-1", TOKEN);
    assert_eq!(status, 200);
    assert!(
        xml.contains("This number takes text messages only") && xml.contains("<Hangup/>"),
        "{xml}"
    );

    // A bad signature writes nothing; a text with no From is refused.
    let before = list(&r, "all").len();
    let (status, _) = sms_signed_with(&r, "wrong-token");
    assert_eq!(status, 403);
    assert_eq!(list(&r, "all").len(), before);
    let no_from: Vec<(String, String)> = [
        ("MessageSid", "SM00000000000000000000000000000001"),
        ("To", LINE),
        ("Body", "x"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(r.post("/twilio/sms", &no_from, "nofrom", TOKEN).0, 400);
    assert_eq!(list(&r, "all").len(), before);
}

/// The texts of a requester's one ticket, in order.
fn texts_of(r: &Relay, from: &str) -> Vec<String> {
    let Some(t) = list(r, "open").into_iter().find(|t| t["requester"] == from) else {
        return Vec::new();
    };
    conversation(r, t["id"].as_str().unwrap())
        .iter()
        .map(|m| m["text"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_picture_never_holds_back_a_text() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = relay_with(&fake.base, "");
    r.start(&[]);
    // Twilio no longer has the picture (404, for good): the text is filed with a line
    // saying why, with Twilio's URL; the person's next texts follow it.
    let gone = "ME000000000000000000000000000000aa";
    let (status, _) = sms(&r, TEXTER, Some("see photo"), &[(gone, "image/png")], "p1");
    assert_eq!(status, 200, "{}", r.logs());
    let (status, _) = sms(&r, TEXTER, Some("second"), &[], "p2");
    assert_eq!(status, 200);
    let (status, _) = sms(&r, TEXTER, Some("third"), &[], "p3");
    assert_eq!(status, 200);
    wait_for("the MMS and the two texts after it", 20, || {
        texts_of(&r, TEXTER).len() == 3
    });
    let texts = texts_of(&r, TEXTER);
    assert!(texts[0].contains("see photo\n[image/png "), "{texts:?}");
    assert!(
        texts[0].contains(gone) && texts[0].contains("not attached, relay could not fetch it"),
        "{texts:?}"
    );
    assert!(
        texts[1].ends_with("second") && texts[2].ends_with("third"),
        "{texts:?}"
    );
    wait_for("nothing pending", 20, || r.tickets(&["pending"]).0 == 0);

    // Twilio down: the text is filed within seconds with a line saying the picture is on
    // its way, the next texts follow, and the picture is attached once Twilio is back.
    fake.media.lock().unwrap().insert(
        "ME000000000000000000000000000000bb".into(),
        ("image/png".into(), PNG.to_vec()),
    );
    fake.media_down
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let (status, _) = sms(
        &r,
        UK,
        Some("look"),
        &[("ME000000000000000000000000000000bb", "image/png")],
        "p4",
    );
    assert_eq!(status, 200);
    let (status, _) = sms(&r, UK, Some("and this"), &[], "p5");
    assert_eq!(status, 200);
    wait_for("the text and the next, while Twilio is down", 15, || {
        texts_of(&r, UK).len() == 2
    });
    let texts = texts_of(&r, UK);
    assert!(texts[0].contains("not attached yet"), "{texts:?}");
    assert!(texts[1].ends_with("and this"), "{texts:?}");
    assert_eq!(
        r.tickets(&["pending"]).0,
        1,
        "the picture is still being fetched"
    );
    fake.media_down
        .store(false, std::sync::atomic::Ordering::SeqCst);
    wait_for("the picture, attached when it arrives", 30, || {
        texts_of(&r, UK).len() == 3
    });
    let t = list(&r, "open")
        .into_iter()
        .find(|t| t["requester"] == UK)
        .unwrap();
    let c = conversation(&r, t["id"].as_str().unwrap());
    let late = &c[2];
    assert!(
        late["text"]
            .as_str()
            .unwrap()
            .starts_with("The picture of the text SM"),
        "{c:?}"
    );
    assert_eq!(late["media"].as_array().map(Vec::len), Some(1), "{c:?}");
    wait_for("nothing pending", 20, || r.tickets(&["pending"]).0 == 0);
}

fn sms_signed_with(r: &Relay, token: &str) -> (u16, String) {
    r.text_with(TEXTER, LINE, "forged", "forged-1", token)
}

#[test]
fn a_reply_that_cannot_be_texted_yet_is_kept_and_retried() {
    // Twilio answers 500 twice: the reply is recorded, pending, then delivered by retry.
    let fake = Fake::start(
        SID,
        TOKEN,
        Faults {
            every_500: 1,
            ..Default::default()
        },
    );
    let mut r = relay_with(&fake.base, "");
    r.start(&[]);
    let (_, xml) = sms(&r, TEXTER, Some("hello"), &[], "p1");
    assert_eq!(xml, EMPTY, "no acknowledgement unless configured");
    r.stop();
    let (code, v, err) = r.tickets(&["reply", "1", "on our way"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["texted"], false);
    let (code, pending, _) = r.tickets(&["pending"]);
    assert_eq!(code, 1);
    assert_eq!(pending["replies"].as_array().unwrap().len(), 1);
    assert!(
        pending["replies"][0]["steps"]["sms-1"]["last_error"]
            .as_str()
            .unwrap()
            .contains("500")
    );
    // relay serve resumes it at its start (the fake still fails: every request is a 500),
    // and `retry` tries it now; both record the attempts.
    let (code, _, _) = r.tickets(&["retry"]);
    assert_eq!(code, 1);
    let (_, pending, _) = r.tickets(&["pending"]);
    assert!(
        pending["replies"][0]["steps"]["sms-1"]["attempts"]
            .as_u64()
            .unwrap()
            >= 2
    );
    assert!(fake.messages.lock().unwrap().is_empty());
}

#[test]
fn bad_tickets_configuration_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("relay.toml");
    std::fs::write(&cfg, "[tickets]\nbackend = \"zendesk\"\n").unwrap();
    let out = run(relay().arg("--config").arg(&cfg).args(["config", "check"]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("tickets.backend") && err.contains("local") && err.contains("rt"),
        "{err}"
    );
    std::fs::write(&cfg, format!("[numbers]\n\"{LINE}\" = \"tickets\"\n")).unwrap();
    let out = run(relay().arg("--config").arg(&cfg).args(["config", "check"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no [tickets] section"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&cfg, "[tickets]\nbackend = \"rt\"\n").unwrap();
    let out = run(relay().arg("--config").arg(&cfg).args(["tickets", "list"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("[tickets.rt]"), "{}", stderr(&out));
    std::fs::write(
        &cfg,
        "[tickets]\n[tickets.rt]\nurl = \"http://127.0.0.1:9\"\nuser = \"relay\"\n",
    )
    .unwrap();
    let out = run(relay().arg("--config").arg(&cfg).args(["config", "check"]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "rt settings without backend = rt are unused: {}",
        stderr(&out)
    );
}

#[test]
fn replies_conform_to_twilios_openapi_description() {
    let Some(prism) = service(
        "RELAY_TEST_PRISM_URL",
        "Prism serving Twilio's OpenAPI description",
    ) else {
        return;
    };
    let mut r = relay_with(&prism, "");
    r.start(&[]);
    let (status, _) = sms(&r, TEXTER, Some("need help"), &[], "prism-1");
    assert_eq!(status, 200);
    r.stop();
    // Prism answers 422 to a request its description rejects (a permanent failure, exit 1).
    let (code, v, err) = r.tickets(&["reply", "1", "Ça marche 👍 & merci"]);
    assert_eq!(code, 0, "{err} {v}");
    assert_eq!(v["texted"], true);
    assert!(
        v["reply"]["steps"]["sms-1"]["detail"]
            .as_str()
            .unwrap()
            .starts_with("SM"),
        "{v}"
    );
}
