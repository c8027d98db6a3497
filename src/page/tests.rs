use super::*;

fn person(id: &str, n: u32) -> Person {
    Person {
        id: id.into(),
        name: format!("{}{}", id[..1].to_uppercase(), &id[1..]),
        phone: format!("+1919555100{n}"),
    }
}

fn page(people: &[&str], rounds: u32, call: bool) -> Page {
    let cfg = OncallConfig {
        ack_timeout: 60,
        rounds,
        ..Default::default()
    };
    Page::new(
        Source {
            id: "20261204T030000-RE0000000000000000000000000000a001",
            kind: "alert",
            title: "alert from Carol (+19195551003)".into(),
            text: "ALERT from Carol: the database is down".into(),
            media: Vec::new(),
            say: "An alert from Carol. The database is down.".into(),
            bridge: None,
        },
        people
            .iter()
            .enumerate()
            .map(|(i, p)| person(p, i as u32 + 1))
            .collect(),
        &cfg,
        call.then(|| "+18005550100".to_string()),
        1_000_000,
    )
}

fn outcome(status: &str) -> CallOutcome {
    CallOutcome {
        status: status.into(),
        call_sid: "CA00000000000000000000000000000001".into(),
        duration: None,
        at_ms: 1_010_000,
    }
}

fn ack(by: &str) -> Ack {
    Ack {
        by: by.into(),
        name: "Bob".into(),
        how: "sms".into(),
        at_ms: 1_030_000,
        attempt: None,
    }
}

fn mark(p: &mut Page, step: &str, state: &str, at: i64) {
    let st = p.progress.steps.get_mut(step).unwrap();
    st.state = state.into();
    st.at = Some(at);
}

#[test]
fn steps_go_through_the_order_round_after_round() {
    let p = page(&["alice", "bob"], 2, true);
    assert_eq!(p.attempts(), 4);
    assert_eq!(
        p.order(),
        [
            "1-call", "1-text", "2-call", "2-text", "3-call", "3-text", "4-call", "4-text",
            "nobody", "told"
        ]
    );
    let who: Vec<&str> = (1..=4).map(|n| p.person(n).unwrap().id.as_str()).collect();
    assert_eq!(who, ["alice", "bob", "alice", "bob"]);
    assert_eq!(p.round(3), 2);
    assert_eq!(p.short(), "0000a001");
    let quiet = page(&["alice"], 1, false);
    assert_eq!(quiet.order(), ["1-text", "nobody", "told"]);
}

#[test]
fn the_next_person_is_due_at_the_timeout_or_at_once_when_the_call_went_unanswered() {
    let mut p = page(&["alice", "bob"], 1, true);
    assert_eq!(p.due("1-text", None, None), Due::Now);
    assert_eq!(p.due("1-call", None, None), Due::Now);
    assert_eq!(
        p.due("2-text", None, None),
        Due::Later,
        "nothing went out yet"
    );
    p.paged_ms.insert("1".into(), 1_000_500);
    assert_eq!(p.due("2-text", None, None), Due::At(1_060_500));
    assert_eq!(p.due("2-call", None, None), Due::At(1_060_500));
    assert_eq!(
        p.due("2-text", None, Some(&outcome("completed"))),
        Due::At(1_060_500),
        "answered without 1 (a voicemail box): the timeout still runs"
    );
    for unanswered in ["no-answer", "busy", "failed", "canceled"] {
        assert_eq!(p.due("2-text", None, Some(&outcome(unanswered))), Due::Now);
    }
    assert_eq!(p.due(NOBODY, None, None), Due::Later);
    p.paged_ms.insert("2".into(), 1_070_000);
    assert_eq!(p.due(NOBODY, None, None), Due::At(1_130_000));
    for step in ["1-text", "1-call", "2-text", "2-call"] {
        mark(&mut p, step, crate::durable::DONE, 1_070);
    }
    assert_eq!(
        p.next_due_in(1_129_000),
        std::time::Duration::from_millis(1000)
    );
    assert_eq!(
        p.next_due_in(1_000_000),
        LOOK_EVERY,
        "never sleeps past a look"
    );
    // Acknowledged: everything left is skipped at once, and the others are told.
    let a = ack("bob");
    assert_eq!(p.due("3-call", Some(&a), None), Due::Now);
    assert_eq!(p.due(TOLD, Some(&a), None), Due::Now);
    assert_eq!(p.due(TOLD, None, None), Due::Later);
    // Nobody took it: the page stays open one more timeout after every member was texted.
    mark(&mut p, NOBODY, crate::durable::DONE, 1_200);
    assert_eq!(p.due(TOLD, None, None), Due::At(1_260_000));
}

#[test]
fn a_person_who_cannot_be_reached_is_passed_over_at_once() {
    let mut p = page(&["alice", "bob"], 1, true);
    p.paged_ms.insert("1".into(), 1_000_000);
    for step in ["1-text", "1-call"] {
        let st = p.progress.steps.get_mut(step).unwrap();
        st.state = crate::durable::FAILED.into();
        st.attempts = MAX_ATTEMPTS;
    }
    assert_eq!(p.due("2-text", None, None), Due::Now);
    assert_eq!(p.why(2, None).unwrap(), "Alice could not be reached");
}

#[test]
fn texts_say_how_to_acknowledge_and_why_they_came() {
    let p = page(&["alice", "bob"], 2, true);
    let first = p.text_for(None);
    assert!(first.starts_with("ALERT from Carol: the database is down\n"));
    assert!(first.ends_with("Reply ACK to take it (ACK 0000a001 when several are open)."));
    let why = p.why(2, Some(&outcome("no-answer"))).unwrap();
    assert_eq!(why, "Alice did not answer: no-answer");
    assert!(
        p.text_for(Some(&why))
            .starts_with("ESCALATED (Alice did not answer: no-answer). ALERT")
    );
    assert_eq!(
        p.why(2, Some(&outcome("completed"))).unwrap(),
        "Alice did not acknowledge within 60 s"
    );
    assert_eq!(
        p.told_text(&ack("bob")),
        "Bob took the alert from Carol (+19195551003) (by text)."
    );
    assert!(p.nobody_text().starts_with(
        "Nobody took the alert from Carol (+19195551003) (Alice, Bob paged 2 times)."
    ));
}

#[test]
fn acks_are_whole_messages() {
    assert_eq!(parse_ack("ACK"), Some(None));
    assert_eq!(parse_ack(" ack. "), Some(None));
    assert_eq!(parse_ack("1"), Some(None));
    assert_eq!(parse_ack("Ack 0000a001"), Some(Some("0000a001".into())));
    assert_eq!(parse_ack("ACK …0000a001"), Some(Some("0000a001".into())));
    assert_eq!(parse_ack("ACKNOWLEDGED"), None);
    assert_eq!(parse_ack("11"), None);
    assert_eq!(parse_ack("ack the thing please"), None);
    assert_eq!(parse_ack("back"), None);
    assert_eq!(parse_ack("ACK <script>"), None);
}

#[test]
fn an_ack_takes_the_one_waiting_page_or_asks_which() {
    let one = page(&["alice"], 1, false);
    let mut two = page(&["alice"], 1, false);
    two.id = "20261204T031500-RE0000000000000000000000000000b002".into();
    two.title = "voicemail from +15555550100".into();
    let recent = vec![(one.clone(), None), (two.clone(), None)];
    let asked = choose(&recent, None).unwrap_err();
    assert_eq!(
        asked,
        "2 page(s) waiting; reply with the one you take: ACK 0000b002 (voicemail from +15555550100), ACK 0000a001 (alert from Carol (+19195551003))"
    );
    assert_eq!(choose(&recent, Some("b002")).unwrap().0.id, two.id);
    assert_eq!(choose(&recent, Some("B002")).unwrap().0.id, two.id);
    assert!(
        choose(&recent, Some("0000"))
            .unwrap_err()
            .contains("names 2 pages")
    );
    assert!(
        choose(&recent, Some("zzzz"))
            .unwrap_err()
            .starts_with("No page zzzz")
    );
    // One already taken: a bare ACK takes the other.
    let recent = vec![(one.clone(), Some(ack("bob"))), (two.clone(), None)];
    assert_eq!(choose(&recent, None).unwrap().0.id, two.id);
    let recent = vec![(one, Some(ack("bob")))];
    assert_eq!(
        choose(&recent, None).unwrap_err(),
        "Nothing is waiting for an ACK."
    );
}

#[test]
fn the_call_asks_for_1_and_a_voicemail_box_does_not_take_it() {
    let p = page(&["alice"], 1, true);
    let xml = p.answer(CALL_PATH, 1, 0, None).to_xml();
    assert!(
        xml.contains(r#"action="key?page=20261204T030000-RE0000000000000000000000000000a001&amp;n=1&amp;tries=0""#),
        "relative to the call's URL: {xml}"
    );
    assert!(
        xml.contains(
            "This is relay. An alert from Carol. The database is down. Press 1 to take it."
        )
    );
    // Silence once asks again; silence twice (a voicemail box) ends the call untaken.
    let again = p.keyed(KEY_PATH, 1, "", 0, None, false).to_xml();
    assert!(again.contains("tries=1") && again.contains("Press 1 to take it."));
    let gone = p.keyed(KEY_PATH, 1, "", 1, None, false).to_xml();
    assert!(gone.contains("the page goes on to the next person") && gone.contains("<Hangup/>"));
    let a = Ack {
        how: "call".into(),
        attempt: Some(1),
        ..ack("alice")
    };
    let took = p.keyed(KEY_PATH, 1, "1", 0, Some(&a), true).to_xml();
    assert!(took.contains("The page is yours"), "{took}");
    let late = p.answer(CALL_PATH, 1, 0, Some(&ack("bob"))).to_xml();
    assert!(late.contains("Bob has already taken this page"));
    let mut bridge = p.clone();
    bridge.bridge = Some("relay-x".into());
    let join = bridge.keyed(KEY_PATH, 1, "1", 0, Some(&a), true).to_xml();
    assert!(join.contains(">relay-x</Conference></Dial>"), "{join}");
}

#[test]
fn the_timeline_tells_who_was_paged_how_it_went_and_who_took_it() {
    let mut p = page(&["alice", "bob"], 1, true);
    p.paged_ms.insert("1".into(), 1_000_000);
    p.paged_ms.insert("2".into(), 1_012_000);
    mark(&mut p, "1-call", crate::durable::DONE, 1_000);
    mark(&mut p, "1-text", crate::durable::DONE, 1_001);
    p.progress.steps.get_mut("1-text").unwrap().detail = Some("SM1 to alice (round 1)".into());
    mark(&mut p, "2-text", crate::durable::DONE, 1_012);
    mark(&mut p, TOLD, crate::durable::DONE, 1_031);
    p.progress.steps.get_mut(TOLD).unwrap().detail = Some("bob took it; told alice".into());
    let outcomes = BTreeMap::from([(1, outcome("no-answer"))]);
    let a = ack("bob");
    let events = timeline(&p, Some(&a), &outcomes);
    let kinds: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (e.event.as_str(), e.who.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("paged", None),
            ("called", Some("alice")),
            ("texted", Some("alice")),
            ("call", Some("alice")),
            ("escalated", Some("bob")),
            ("texted", Some("bob")),
            ("acknowledged", Some("bob")),
            ("told", None),
        ]
    );
    assert_eq!(events[4].detail, "Alice did not answer: no-answer");
    assert_eq!(events[6].detail, "Bob by text, 30 s after the page");
    assert_eq!(state(&p, Some(&a)), "taken by bob");
    let lines = timeline_lines(&events);
    assert!(
        lines[2].contains("texted")
            && lines[2].contains("alice")
            && lines[2].ends_with("SM1 to alice (round 1)")
    );
    let v = to_json(&p, Some(&a), &outcomes);
    assert_eq!(v["timeline"][6]["event"], "acknowledged");
    assert_eq!(v["acknowledged"]["by"], "bob");
}

#[test]
fn the_others_are_told_after_the_acknowledgement_in_the_same_second() {
    let mut p = page(&["alice", "bob"], 1, true);
    p.paged_ms.insert("1".into(), 1_000_000);
    mark(&mut p, "1-text", crate::durable::DONE, 1_000);
    // Step times are whole seconds: told at 1 030 s, the ACK at 1 030.4 s.
    mark(&mut p, TOLD, crate::durable::DONE, 1_030);
    let a = Ack {
        at_ms: 1_030_400,
        ..ack("alice")
    };
    let events = timeline(&p, Some(&a), &BTreeMap::new());
    let kinds: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(kinds, ["paged", "texted", "acknowledged", "told"]);
}

#[test]
fn ids_that_reach_store_keys_are_checked() {
    assert!(is_page_id(
        "20261204T030000-RE0000000000000000000000000000a001"
    ));
    assert!(!is_page_id("../../oncall/roster"));
    assert!(!is_page_id(""));
    assert!(!is_page_id("a/b"));
}
