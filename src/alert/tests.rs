use super::*;
use crate::config::{AlertConfig, AlertGroup};

fn cfg(groups: usize) -> AlertConfig {
    let mut c: AlertConfig = toml::from_str("").unwrap();
    c.groups = (1..=groups)
        .map(|i| AlertGroup {
            name: format!("g{i}"),
            spoken: Some(format!("group {i}")),
        })
        .collect();
    c
}

fn alice() -> Person {
    Person {
        id: "alice".into(),
        name: "Alice".into(),
        phone: "+19195551001".into(),
    }
}

fn q(pairs: &[(&str, &str)]) -> Position {
    Position::from_query(
        &pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

#[test]
fn hidden_and_unknown_callers_are_refused_before_anything() {
    let mut c = cfg(0);
    c.callers = vec!["+15005550006".into()];
    assert!(is_hidden("anonymous") && is_hidden("+266696687") && is_hidden(""));
    assert_eq!(
        authorise_locally(&c, "+15005550006", None),
        Some((Caller::Listed, None))
    );
    assert_eq!(authorise_locally(&c, "+15005550007", None), None);
    assert_eq!(authorise_locally(&c, "+266696687", None), None);
    let xml = refuse(true).to_xml();
    assert!(
        xml.contains("not authorized for this. Please speak with your x matters admin")
            && xml.ends_with("<Hangup/></Response>"),
        "{xml}"
    );
}

#[test]
fn the_menu_offers_the_person_on_call_only_when_there_is_one() {
    let c = cfg(2);
    let p = alice();
    let with = Flow {
        cfg: &c,
        here: "/twilio/voice",
        oncall: Some(&p),
    };
    let xml = with.answer(Some("Bob")).to_xml();
    assert!(xml.contains("Hello Bob. What is the problem? Press 1 to send an alert. Press 2 to start a conference bridge. Press 3 to speak to the person on call now."), "{xml}");
    assert!(
        xml.contains(r#"action="alert/menu" method="POST" actionOnEmptyResult="true""#),
        "{xml}"
    );
    let without = Flow {
        oncall: None,
        ..with
    };
    assert!(!without.answer(None).to_xml().contains("Press 3"));
    // 3 without anyone on call is a wrong key.
    assert!(
        without
            .menu("3", 0)
            .to_xml()
            .contains("Sorry, I did not get that.")
    );
    let dial = Flow {
        cfg: &c,
        here: MENU_PATH,
        oncall: Some(&p),
    }
    .menu("3", 0)
    .to_xml();
    assert!(
        dial.contains("<Number>+19195551001</Number>") && dial.contains(r#"action="live""#),
        "{dial}"
    );
}

#[test]
fn silence_or_a_wrong_key_repeats_twice_then_ends() {
    let c = cfg(2);
    let f = Flow {
        cfg: &c,
        here: MENU_PATH,
        oncall: None,
    };
    let again = f.menu("", 0).to_xml();
    assert!(again.contains(r#"action="menu?tries=1""#), "{again}");
    assert!(f.menu("9", 1).to_xml().contains(r#"action="menu?tries=2""#));
    let end = f.menu("", 2).to_xml();
    assert!(end.contains("Goodbye.") && end.contains("<Hangup/>") && !end.contains("<Gather"));
    // The group menu likewise, keeping the kind.
    let g = Flow {
        here: GROUP_PATH,
        ..f
    };
    let xml = g.group(&q(&[("kind", "conference")]), "7").to_xml();
    assert!(
        xml.contains(r#"action="group?kind=conference&amp;tries=1""#)
            && xml.contains("invite to the conference? Press 1 for group 1. Press 2 for group 2."),
        "{xml}"
    );
    assert!(
        g.group(&q(&[("kind", "alert"), ("tries", "2")]), "")
            .to_xml()
            .contains("<Hangup/>")
    );
}

#[test]
fn a_choice_leads_to_the_group_then_a_transcribed_recording() {
    let c = cfg(3);
    let f = Flow {
        cfg: &c,
        here: MENU_PATH,
        oncall: None,
    };
    let xml = f.menu("1", 0).to_xml();
    assert!(
        xml.contains("What group would you like to alert? Press 1 for group 1.")
            && xml.contains(r#"action="group?kind=alert""#),
        "{xml}"
    );
    let g = Flow {
        here: GROUP_PATH,
        ..f
    };
    let xml = g.group(&q(&[("kind", "alert")]), "2").to_xml();
    assert!(
        xml.contains(r#"<Record maxLength="120" finishOnKey="1234567890*#""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"action="recorded?kind=alert&amp;group=2""#),
        "{xml}"
    );
    assert!(xml.contains(r#"recordingStatusCallback="recording?kind=alert&amp;group=2""#));
    assert!(xml.contains(r#"transcribe="true" transcribeCallback="transcription""#));
    // Nothing recorded: asked again, with a try counted, then the call ends.
    assert!(
        xml.contains(
            r#"<Redirect method="POST">record?kind=alert&amp;group=2&amp;tries=1</Redirect>"#
        ),
        "{xml}"
    );
    let r = Flow {
        here: RECORD_PATH,
        ..g
    };
    assert!(
        r.record(&q(&[("kind", "alert"), ("tries", "3")]), None)
            .to_xml()
            .contains("Nothing was sent.")
    );
    // No groups: straight to the recording.
    let c0 = cfg(0);
    let f0 = Flow { cfg: &c0, ..f };
    assert!(
        f0.menu("2", 0)
            .to_xml()
            .contains(r#"action="recorded?kind=conference""#)
    );
    // Follow-ups resolve under the URL Twilio called, credentials and all.
    let base = url::Url::parse("https://u:p@h.example/twilio/voice").unwrap();
    assert_eq!(
        base.join(&link("/twilio/voice", MENU_PATH, &[]))
            .unwrap()
            .as_str(),
        "https://u:p@h.example/twilio/alert/menu"
    );
}

#[test]
fn keep_or_record_again() {
    let c = cfg(0);
    let f = Flow {
        cfg: &c,
        here: RECORDED_PATH,
        oncall: None,
    };
    let pos = q(&[("kind", "alert")]);
    let xml = f.recorded(&pos, "RE1", 9).to_xml();
    assert!(
        xml.contains(r#"action="confirm?kind=alert&amp;rec=RE1""#)
            && xml.contains("Press 1 to keep your message."),
        "{xml}"
    );
    assert!(
        f.recorded(&pos, "RE1", 1)
            .to_xml()
            .contains("That message was too short.")
    );
    let f = Flow {
        here: CONFIRM_PATH,
        ..f
    };
    let pos = q(&[("kind", "alert"), ("rec", "RE1")]);
    assert!(matches!(f.confirm(&pos, "1"), Confirmed::Keep));
    match f.confirm(&pos, "2") {
        Confirmed::Again(r) => assert!(r.to_xml().contains("<Record")),
        other => panic!("{other:?}"),
    }
    match f.confirm(&pos, "") {
        Confirmed::Ask(r) => assert!(r.to_xml().contains("tries=1")),
        other => panic!("{other:?}"),
    }
    // Silence after two repeats keeps the message: it was recorded for a reason.
    assert!(matches!(
        f.confirm(&q(&[("rec", "RE1"), ("tries", "2")]), ""),
        Confirmed::Keep
    ));
    let kept = f.kept(&pos, None).to_xml();
    assert!(
        kept.contains("<Redirect method=\"POST\">status?rec=RE1&amp;n=1</Redirect>"),
        "{kept}"
    );
    let bridge = f.kept(&pos, Some("relay-x")).to_xml();
    assert!(bridge.contains(">relay-x</Conference></Dial>"), "{bridge}");
    // A rec that is not a recording SID is ignored.
    assert_eq!(q(&[("rec", "../x")]).recording, None);
}

fn call() -> Call {
    Call {
        call_sid: "CA1".into(),
        from: "+19195551002".into(),
        to: "+18005550100".into(),
        at: 1_795_392_675,
        caller: Caller::Member("bob".into()),
        caller_name: Some("Bob".into()),
        oncall: Some(alice()),
    }
}

fn new_alert(c: &AlertConfig, kind: Kind, group: Option<usize>) -> Alert {
    Alert::new(
        c,
        &call(),
        &Recorded {
            recording_sid: "RE1",
            recording_url: Some("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"),
            duration: 12,
            kind,
            group,
            now: 1_795_392_700,
        },
    )
}

#[test]
fn what_each_target_receives() {
    let mut c = cfg(2);
    c.targets = vec![Target::Xmatters, Target::Pagerduty, Target::Oncall];
    // By default the oncall target pages the rotation (acknowledgement, escalation).
    let paged = new_alert(&c, Kind::Alert, Some(2));
    assert!(paged.progress.steps.contains_key(STEP_ONCALL_PAGE));
    assert!(!paged.progress.steps.contains_key(STEP_ONCALL_TEXT));
    // Without escalation: one text and one call to the person on call.
    c.oncall.escalate = false;
    let mut a = new_alert(&c, Kind::Alert, Some(2));
    assert_eq!(a.id, "20261123T001115-RE1");
    assert_eq!(
        a.progress.steps.keys().cloned().collect::<Vec<_>>(),
        [
            "confirm",
            "link",
            "oncall-call",
            "oncall-text",
            "pagerduty",
            "transcript",
            "xmatters"
        ]
    );
    // Before the transcription: the stand-in text.
    assert_eq!(a.text(), NO_TRANSCRIPT);
    a.transcript = Some("The checkout database is down since ten past nine".into());
    a.long_url = Some("https://relay.example.com/alerts/x/recording".into());
    a.short_url = Some("https://bit.ly/abc".into());
    let x = a.xmatters_payload();
    assert_eq!(x["recipient"], "g2");
    assert_eq!(x["shorturl"], "https://bit.ly/abc");
    assert_eq!(
        x["transcriptionText"],
        "The checkout database is down since ten past nine"
    );
    assert_eq!(
        x["recordingUrl"],
        "https://relay.example.com/alerts/x/recording"
    );
    let p = a.pagerduty_event("R0UT1NGKEY", "critical");
    assert_eq!(p["event_action"], "trigger");
    assert_eq!(p["dedup_key"], "relay-CA1");
    assert_eq!(p["payload"]["source"], "relay");
    assert_eq!(
        p["payload"]["summary"],
        "Phone alert from Bob (+19195551002): The checkout database is down since ten past nine"
    );
    assert_eq!(p["links"][0]["href"], "https://bit.ly/abc");
    assert!(
        a.sms_text()
            .starts_with("ALERT from Bob (+19195551002) for group 2: The checkout")
    );
    assert!(
        a.voice_twiml()
            .contains("<Say>The checkout database is down")
    );
    // A long message makes a bounded summary.
    a.transcript = Some("word ".repeat(500));
    assert!(a.summary().len() < 200 && a.summary().ends_with('…'));
}

#[test]
fn a_bridge_names_its_conference_and_calls_the_person_on_call_into_it() {
    let c = cfg(0);
    let a = new_alert(&c, Kind::Conference, None);
    assert_eq!(a.bridge.as_deref(), Some("relay-20261123T001115-RE1"));
    let twiml = a.voice_twiml();
    assert!(
        twiml.contains("<Conference startConferenceOnEnter=\"true\" endConferenceOnExit=\"false\">relay-20261123T001115-RE1</Conference>"),
        "{twiml}"
    );
    assert!(
        a.xmatters_payload().get("recipient").is_none(),
        "no group chosen: xMatters' default recipients"
    );
    assert_eq!(a.xmatters_payload()["bridge"]["number"], "+18005550100");
}

#[test]
fn outcomes() {
    use crate::durable::{DONE, FAILED};
    let c = cfg(0);
    let mut a = new_alert(&c, Kind::Alert, None);
    assert_eq!(a.outcome(), Outcome::Pending);
    for s in a.progress.steps.values_mut() {
        s.state = DONE.into();
    }
    assert_eq!(a.outcome(), Outcome::Sent);
    a.progress.steps.get_mut(STEP_ONCALL_PAGE).unwrap().state = FAILED.into();
    assert_eq!(a.outcome(), Outcome::Failing);
    for (n, s) in a.progress.steps.iter_mut() {
        if n != STEP_CONFIRM {
            *s = Step::skipped("recorded again");
        }
    }
    assert_eq!(a.outcome(), Outcome::Discarded);
    assert!(!a.progress.any_open());
}
