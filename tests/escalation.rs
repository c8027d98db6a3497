//! Pages in relay's own rotation, end to end: a voicemail on the pager line (`[pager]
//! escalate`) pages the person on call by text and by a call whose TwiML relay serves and
//! this test follows as Twilio would (the call's URL, the key pressed, the status
//! callback); the Twilio fake records every text and call. Acknowledgement by text, by
//! pressing 1 and from the shell; escalation on the timeout and at once on no-answer;
//! every member texted after the rounds; a restart mid-escalation; two relays on one
//! bucket. Also prints how long the next person waited (the bench reads those lines).

mod common;
use common::paging::*;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::Value;
use std::time::Duration;

const CAROL: &str = "+19195551003";
const CALLER: &str = "+15005550006";

/// relay.toml lines for a pager line that pages with escalation.
fn paging(fake: &Fake, ack_timeout: u32, rounds: u32) -> String {
    format!(
        "[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[oncall]\nack_timeout = {ack_timeout}\nrounds = {rounds}\n[pager]\nescalate = true\nnotify = \"twilio-link\"\n",
        fake.base
    )
}

/// A relay whose rotation is alice (on call), then bob, then carol.
fn team(store: Option<String>, fake: &Fake, ack_timeout: u32, rounds: u32) -> Relay {
    team_with(store, fake, ack_timeout, rounds, "")
}

fn team_with(
    store: Option<String>,
    fake: &Fake,
    ack_timeout: u32,
    rounds: u32,
    extra: &str,
) -> Relay {
    let r = Relay::new(
        store,
        &format!("{}{extra}", paging(fake, ack_timeout, rounds)),
    );
    r.oncall(&["add", "carol", "--name", "Carol Jones", "--phone", CAROL]);
    r.oncall(&["escalation", "set", "bob", "carol"]);
    r
}

/// A caller leaves a voicemail on the pager line; the page's id.
fn voicemail(r: &Relay, n: u32) -> String {
    let call = format!("CA{n:032x}");
    let rec = format!("RE{n:032x}");
    let common = [
        ("AccountSid", SID),
        ("CallSid", call.as_str()),
        ("From", CALLER),
        ("To", PAGER),
    ];
    let mut answer = common.to_vec();
    answer.push(("CallStatus", "ringing"));
    assert_eq!(
        r.post("/twilio/voice", &params(&answer), &rand_id(), TOKEN)
            .0,
        200
    );
    let mut recording = common.to_vec();
    recording.extend([
        ("RecordingSid", rec.as_str()),
        ("RecordingStatus", "completed"),
        ("RecordingDuration", "7"),
    ]);
    let (s, body) = r.post(
        relay::pager::RECORDING_PATH,
        &params(&recording),
        &rand_id(),
        TOKEN,
    );
    assert_eq!(s, 200, "{body}\n{}", r.logs());
    let mut id = String::new();
    wait_for("the page to begin", 20, || {
        id = pages(r)
            .into_iter()
            .find(|p| p["id"].as_str().is_some_and(|i| i.ends_with(&rec)))
            .map(|p| p["id"].as_str().unwrap().to_string())
            .unwrap_or_default();
        !id.is_empty()
    });
    id
}

/// `relay alerts list --json`: rows with a page.
fn pages(r: &Relay) -> Vec<Value> {
    let out = run(r.cmd().args(["alerts", "list", "--json"]));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    v.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !p["page"].is_null())
        .collect()
}

/// `relay alerts show ID --json`'s page.
fn page(r: &Relay, id: &str) -> Value {
    let out = run(r.cmd().args(["alerts", "show", id, "--json"]));
    let v: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|_| panic!("{}{}", stdout(&out), stderr(&out)));
    v["page"].clone()
}

/// The timeline's events as (event, who).
fn events(page: &Value) -> Vec<(String, String)> {
    page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap().to_string(),
                e["who"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

#[test]
fn an_ack_by_text_stops_the_escalation() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = team(None, &fake, 2, 2);
    r.start(&[]);
    let id = voicemail(&r, 0xa1);
    wait_for("alice texted and called", 20, || {
        !texts_to(&fake, ALICE).is_empty() && !calls_to(&fake, ALICE).is_empty()
    });
    let text = &texts_to(&fake, ALICE)[0];
    assert!(
        text.starts_with("On-Call voicemail (7 sec) received from"),
        "{text}"
    );
    assert!(text.contains("Reply ACK to take it"), "{text}");
    let call = &calls_to(&fake, ALICE)[0].1;
    assert_eq!(
        call["From"], PAGER,
        "called from the line the page came in on"
    );
    // Alice replies; relay confirms.
    let (_, reply) = r.text(ALICE, CONTROL, "ack");
    assert!(
        messages(&reply)[0].starts_with("Thanks, Alice McAlister: the voicemail from"),
        "{reply}"
    );
    // A second ACK takes nothing more.
    assert!(messages(&r.text(ALICE, CONTROL, "ACK").1)[0].contains("Nothing is waiting"));
    // Well past the timeout: nobody else was paged.
    std::thread::sleep(Duration::from_secs(4));
    assert!(
        texts_to(&fake, BOB).is_empty(),
        "{:?}",
        texts_to(&fake, BOB)
    );
    assert!(calls_to(&fake, BOB).is_empty());
    assert_eq!(texts_to(&fake, ALICE).len(), 1);
    let p = page(&r, &id);
    assert_eq!(p["state"], "taken by alice");
    assert_eq!(p["acknowledged"]["how"], "sms");
    let ev = events(&p);
    assert!(
        ev.contains(&("acknowledged".into(), "alice".into())),
        "{ev:?}"
    );
    assert!(!ev.iter().any(|(e, _)| e == "escalated"), "{ev:?}");
    // Nothing left unacknowledged: cron is content.
    let out = run(r.cmd().args(["alerts", "list", "--unacked"]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // The text timeline says the same.
    let out = run(r.cmd().args(["alerts", "show", &id[id.len() - 6..]]));
    let shown = stdout(&out);
    assert!(shown.contains("page        taken by alice"), "{shown}");
    assert!(
        shown.contains("acknowledged") && shown.contains("Alice McAlister by text"),
        "{shown}"
    );
}

#[test]
fn a_voicemail_box_escalates_after_the_timeout_and_pressing_1_takes_it() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let metrics = free_port();
    let mut r = team_with(
        None,
        &fake,
        2,
        2,
        &format!("[serve.metrics]\nlisten = \"127.0.0.1:{metrics}\"\n"),
    );
    r.start(&[]);
    let id = voicemail(&r, 0xb1);
    wait_for("alice called", 20, || !calls_to(&fake, ALICE).is_empty());
    // Alice's voicemail box answers: it hears the prompt and presses nothing, twice.
    let (call, xml) = Answered::pick_up(&r, calls_to(&fake, ALICE)[0].clone());
    assert!(
        xml.contains("This is relay.") && xml.contains("Press 1 to take it."),
        "{xml}"
    );
    let xml = call.press(&xml, "");
    assert!(xml.contains("Press 1 to take it."), "asked again: {xml}");
    let xml = call.press(&xml, "");
    assert!(xml.contains("the page goes on to the next person"), "{xml}");
    call_status(&r, &calls_to(&fake, ALICE)[0], "completed");
    // Not at once: answered calls wait out the timeout (the text may still be acked).
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        calls_to(&fake, BOB).is_empty(),
        "escalated before the timeout"
    );
    let bob_called = called_at(&fake, BOB, 20);
    wait_for("bob texted", 20, || !texts_to(&fake, BOB).is_empty());
    let bob_text = &texts_to(&fake, BOB)[0];
    assert!(
        bob_text.starts_with("ESCALATED (Alice McAlister did not acknowledge within 2 s)."),
        "{bob_text}"
    );
    // Bob presses 1.
    let (call, xml) = Answered::pick_up(&r, calls_to(&fake, BOB)[0].clone());
    let xml = call.press(&xml, "1");
    assert!(
        xml.contains("Thank you, Bob Roberts. The page is yours."),
        "{xml}"
    );
    wait_for("alice told", 20, || texts_to(&fake, ALICE).len() == 2);
    assert!(
        texts_to(&fake, ALICE)[1].starts_with("Bob Roberts took the voicemail from"),
        "{:?}",
        texts_to(&fake, ALICE)
    );
    std::thread::sleep(Duration::from_secs(3));
    assert!(texts_to(&fake, CAROL).is_empty(), "carol was never needed");
    assert_eq!(calls_to(&fake, ALICE).len(), 1);
    assert_eq!(calls_to(&fake, BOB).len(), 1);
    let p = page(&r, &id);
    let ev = events(&p);
    let want: Vec<(String, String)> = [
        ("paged", "-"),
        ("called", "alice"),
        ("texted", "alice"),
        ("call", "alice"),
        ("escalated", "bob"),
        ("called", "bob"),
        ("texted", "bob"),
        ("acknowledged", "bob"),
        ("told", "-"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(ev, want);
    let call_event = &p["timeline"][3];
    assert_eq!(call_event["event"], "call");
    assert!(
        call_event["detail"]
            .as_str()
            .unwrap()
            .contains("1 not pressed"),
        "{call_event}"
    );
    assert_eq!(p["acknowledged"]["how"], "call");
    let text = reqwest::blocking::get(format!("http://127.0.0.1:{metrics}/metrics"))
        .unwrap()
        .text()
        .unwrap();
    for line in [
        "relay_page_acknowledgements_total{how=\"call\"} 1",
        "relay_page_time_to_acknowledge_seconds_count 1",
        "relay_page_escalations_total 1",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    // The timeout ran from alice's page (the timeline's start of her attempt).
    let deadline = p["timeline"][1]["at_ms"].as_i64().unwrap() + 2000;
    assert_eq!(p["timeline"][1]["event"], "called");
    println!(
        "escalation: not acknowledged, next person called {} ms after the timeout",
        bob_called - deadline
    );
}

#[test]
fn no_answer_escalates_at_once_and_after_the_rounds_every_member_is_texted() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    // A long timeout: only the no-answer callbacks move this page on.
    let metrics = free_port();
    let mut r = team_with(
        None,
        &fake,
        60,
        1,
        &format!("[serve.metrics]\nlisten = \"127.0.0.1:{metrics}\"\n"),
    );
    r.oncall(&["escalation", "set", "bob"]);
    r.start(&[]);
    let id = voicemail(&r, 0xc1);
    wait_for("alice called", 20, || !calls_to(&fake, ALICE).is_empty());
    let missed = now_ms();
    call_status(&r, &calls_to(&fake, ALICE)[0], "no-answer");
    let next = called_at(&fake, BOB, 10) - missed;
    wait_for("bob texted", 10, || !texts_to(&fake, BOB).is_empty());
    assert!(
        texts_to(&fake, BOB)[0]
            .starts_with("ESCALATED (Alice McAlister did not answer: no-answer)."),
        "{:?}",
        texts_to(&fake, BOB)
    );
    call_status(&r, &calls_to(&fake, BOB)[0], "busy");
    // The last person did not answer either: every member is texted, once.
    wait_for("every member texted", 20, || {
        [ALICE, BOB, CAROL].iter().all(|m| {
            texts_to(&fake, m)
                .iter()
                .any(|t| t.starts_with("Nobody took the voicemail from"))
        })
    });
    std::thread::sleep(Duration::from_secs(2));
    for m in [ALICE, BOB, CAROL] {
        let nobody = texts_to(&fake, m)
            .iter()
            .filter(|t| t.starts_with("Nobody took"))
            .count();
        assert_eq!(nobody, 1, "{m}: {:?}", texts_to(&fake, m));
    }
    // Cron sees it unacknowledged.
    let out = run(r.cmd().args(["alerts", "list", "--unacked"]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("nobody took it"), "{}", stdout(&out));
    // Carol takes it from the shell, by a part of its id; the others are told.
    let out = run(r
        .cmd()
        .args(["alerts", "ack", &id[id.len() - 5..], "--by", "carol"]));
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("is yours (Carol Jones)"),
        "{}",
        stdout(&out)
    );
    wait_for("alice and bob told", 20, || {
        [ALICE, BOB].iter().all(|m| {
            texts_to(&fake, m)
                .iter()
                .any(|t| t.starts_with("Carol Jones took the voicemail"))
        })
    });
    assert!(
        !texts_to(&fake, CAROL)
            .iter()
            .any(|t| t.starts_with("Carol Jones took"))
    );
    // A second ack says who has it.
    let out = run(r.cmd().args(["alerts", "ack", &id, "--by", "bob"]));
    assert!(
        stdout(&out).contains("Carol Jones took the voicemail"),
        "{}",
        stdout(&out)
    );
    let ev = events(&page(&r, &id));
    for want in [
        ("call", "alice"),
        ("escalated", "bob"),
        ("call", "bob"),
        ("nobody", "-"),
        ("acknowledged", "carol"),
        ("told", "-"),
    ] {
        assert!(
            ev.contains(&(want.0.into(), want.1.into())),
            "{want:?} in {ev:?}"
        );
    }
    // /metrics counts the page, its escalation, the page nobody took, and (relay serve
    // saw none: carol's came from the shell) no acknowledgement yet.
    let text = reqwest::blocking::get(format!("http://127.0.0.1:{metrics}/metrics"))
        .unwrap()
        .text()
        .unwrap();
    for line in [
        "relay_pages_total 1",
        "relay_page_escalations_total 1",
        "relay_page_unacknowledged_total 1",
        "relay_page_time_to_acknowledge_seconds_count 0",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    println!("escalation: no-answer callback, next person called {next} ms later");
}

#[test]
fn several_open_pages_ask_which_and_nonsense_acks_hit_the_loop_guard() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = team(None, &fake, 60, 1);
    r.start(&[]);
    let first = voicemail(&r, 0xd1);
    let second = voicemail(&r, 0xd2);
    let asked = messages(&r.text(ALICE, CONTROL, "1").1);
    assert!(
        asked[0].starts_with("2 page(s) waiting; reply with the one you take: ACK"),
        "{asked:?}"
    );
    let short = &second[second.len() - 8..];
    assert!(asked[0].contains(short), "{asked:?}");
    let took = messages(&r.text(ALICE, CONTROL, &format!("ack {short}")).1);
    assert!(took[0].starts_with("Thanks, Alice McAlister"), "{took:?}");
    // Bob's bare ACK now takes the one left.
    let took = messages(&r.text(BOB, CONTROL, "ACK").1);
    assert!(took[0].starts_with("Thanks, Bob Roberts"), "{took:?}");
    assert_eq!(page(&r, &first)["acknowledged"]["by"], "bob");
    // ACKs that take nothing count toward the loop guard: five answered, then silence.
    for _ in 0..5 {
        assert!(messages(&r.text(CAROL, CONTROL, "ACK").1)[0].contains("Nothing is waiting"));
    }
    assert_eq!(r.text(CAROL, CONTROL, "ACK").1, EMPTY);
    assert!(messages(&r.text(CAROL, CONTROL, "WHO").1)[0].contains("Current on-call engineer"));
}

#[test]
fn a_restart_mid_escalation_resumes_without_repeating_a_step() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut r = team(None, &fake, 3, 1);
    r.start(&[]);
    let id = voicemail(&r, 0xe1);
    wait_for("alice texted and called", 20, || {
        !texts_to(&fake, ALICE).is_empty() && !calls_to(&fake, ALICE).is_empty()
    });
    r.stop();
    std::thread::sleep(Duration::from_secs(1));
    r.start(&[]);
    wait_for("bob paged by the restarted relay", 30, || {
        !texts_to(&fake, BOB).is_empty() && !calls_to(&fake, BOB).is_empty()
    });
    let (_, reply) = r.text(BOB, CONTROL, "ACK");
    assert!(
        messages(&reply)[0].starts_with("Thanks, Bob Roberts"),
        "{reply}"
    );
    wait_for("alice told", 20, || texts_to(&fake, ALICE).len() == 2);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        texts_to(&fake, ALICE).len(),
        2,
        "{:?}",
        texts_to(&fake, ALICE)
    );
    assert_eq!(calls_to(&fake, ALICE).len(), 1);
    assert_eq!(texts_to(&fake, BOB).len(), 1);
    assert_eq!(calls_to(&fake, BOB).len(), 1);
    assert!(texts_to(&fake, CAROL).is_empty() && calls_to(&fake, CAROL).is_empty());
    assert_eq!(page(&r, &id)["state"], "taken by bob");
}

#[test]
fn two_relays_on_one_bucket_page_each_step_once() {
    let Some(endpoint) = service("RELAY_TEST_S3_ENDPOINT", "moto's S3 server") else {
        return;
    };
    let bucket = format!("pages-{}", rand_id().to_lowercase());
    create_bucket(&endpoint, &bucket);
    let store = format!(
        "[store]\nurl = \"s3://{bucket}/team\"\nendpoint = \"{endpoint}\"\npath_style = true\nregion = \"us-east-1\"\n"
    );
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let mut a = team(Some(store), &fake, 2, 1);
    let mut b = Relay::beside(&a);
    a.start(&[]);
    b.start(&[]);
    let id = voicemail(&a, 0xf1);
    wait_for("alice called", 30, || !calls_to(&fake, ALICE).is_empty());
    // The no-answer callback reaches the other relay.
    call_status(&b, &calls_to(&fake, ALICE)[0], "no-answer");
    wait_for("bob called", 30, || !calls_to(&fake, BOB).is_empty());
    call_status(&a, &calls_to(&fake, BOB)[0], "no-answer");
    wait_for("carol called", 30, || !calls_to(&fake, CAROL).is_empty());
    let (_, reply) = b.text(CAROL, CONTROL, "ACK");
    assert!(
        messages(&reply)[0].starts_with("Thanks, Carol Jones"),
        "{reply}"
    );
    wait_for("the others told", 30, || {
        texts_to(&fake, ALICE).len() == 2 && texts_to(&fake, BOB).len() == 2
    });
    std::thread::sleep(Duration::from_secs(4));
    for m in [ALICE, BOB, CAROL] {
        assert_eq!(calls_to(&fake, m).len(), 1, "{m} called once");
    }
    assert_eq!(
        texts_to(&fake, ALICE).len(),
        2,
        "{:?}",
        texts_to(&fake, ALICE)
    );
    assert_eq!(texts_to(&fake, BOB).len(), 2, "{:?}", texts_to(&fake, BOB));
    assert_eq!(
        texts_to(&fake, CAROL).len(),
        1,
        "{:?}",
        texts_to(&fake, CAROL)
    );
    assert_eq!(page(&a, &id)["state"], "taken by carol");
}
