//! `relay numbers list`: the account's numbers through every page of Twilio's
//! IncomingPhoneNumbers list (the local fake pages 2 at a time), each checked against the
//! role relay gives it.

mod common;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::Value;

const SID: &str = "AC0123456789abcdef0123456789abcdef";

#[test]
fn every_page_of_numbers_is_listed_and_checked_against_its_role() {
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let alert = "+18005550100";
    let campaign = "+19085551212";
    let stranger = "+15550009999";
    let r = Relay::new(
        None,
        &format!(
            "[twilio]\naccount_sid = \"{SID}\"\nauth_token = \"{TOKEN}\"\napi_base_url = \"{}\"\n[send]\nfrom = \"{campaign}\"\n[numbers]\n\"{alert}\" = \"alert\"\n[alert]\n",
            fake.base
        ),
    );
    let sms = format!("{PUBLIC}/twilio/sms");
    let voice = format!("{PUBLIC}/twilio/voice");
    // The control line, right (with Basic-auth credentials in the URLs, as Twilio is
    // given them); its calls are turned away by relay, so they point at relay too.
    fake.add_number(
        CONTROL,
        ("https://twilio:pw@relay.example.com/twilio/sms", "POST"),
        ("https://twilio:pw@relay.example.com/twilio/voice", "POST"),
    );
    // The pager: its voice URL points at an old host.
    fake.add_number(
        PAGER,
        (&sms, "POST"),
        ("https://old-host/twilio/voice", "POST"),
    );
    // The alert line: right.
    fake.add_number(alert, (&sms, "POST"), (&voice, "POST"));
    // The campaign sender: texts by GET.
    fake.add_number(campaign, (&sms, "GET"), ("", "POST"));
    // A number relay has no role for.
    fake.add_number(stranger, ("", "POST"), ("", "POST"));
    let out = run(r.cmd().args(["numbers", "list", "--json"]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let list: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(list.len(), 5, "all three pages: {list:?}");
    let of = |n: &str| list.iter().find(|c| c["number"] == n).unwrap().clone();
    let problems = |n: &str| -> Vec<String> {
        of(n)["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(of(CONTROL)["role"], "oncall");
    assert!(problems(CONTROL).is_empty(), "{:?}", problems(CONTROL));
    assert_eq!(of(PAGER)["role"], "wrong-number");
    assert_eq!(
        problems(PAGER),
        vec![format!(
            "voice URL points at https://old-host/twilio/voice, not {voice}"
        )]
    );
    // The alert line also wants its calls' status callback (a hang-up known at once).
    assert_eq!(
        problems(alert),
        vec![format!(
            "no call status callback URL: it should be {PUBLIC}/twilio/alert/ended"
        )]
    );
    assert_eq!(of(campaign)["role"], "campaign sender");
    assert_eq!(
        problems(campaign),
        vec!["SMS method is GET, not POST".to_string()]
    );
    assert!(
        problems(stranger)[0].contains("not in [numbers]"),
        "{:?}",
        problems(stranger)
    );
    // The table says the same, with ✓ and ✗.
    let out = run(r.cmd().args(["numbers", "list"]));
    let text = stdout(&out);
    assert!(
        text.contains('✓') && text.contains("✗ SMS method is GET"),
        "{text}"
    );
    assert!(text.contains("5 number(s); 4 do not"), "{text}");

    // Point them: the stranger is refused with the line to add; --all fixes the rest,
    // showing the change and the previous values, through a 429.
    let point = |args: &[&str], env: &[(&str, &str)]| {
        let out = run(r
            .cmd()
            .args(["numbers", "point"])
            .args(args)
            .envs(env.iter().copied()));
        (out.status.code().unwrap(), stdout(&out), stderr(&out))
    };
    let (code, _, err) = point(&[stranger, "--yes"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("\"{stranger}\" = \"pager\"")),
        "{err}"
    );
    let (code, _, err) = point(&["+15550001111", "--yes"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("not a number of this Twilio account"), "{err}");
    let (code, _, err) = point(&["--all"], &[]);
    assert_eq!(code, 2, "off a terminal, --yes is needed");
    assert!(err.contains("--yes"), "{err}");
    assert!(fake.number_updates.lock().unwrap().is_empty());
    fake.number_429s
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let (code, out, err) = point(&["--all", "--yes"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "VoiceUrl: https://old-host/twilio/voice → https://relay.example.com/twilio/voice"
        ),
        "{out}"
    );
    assert!(out.contains("changed; it was SmsMethod=GET"), "{out}");
    let updates = fake.number_updates.lock().unwrap().clone();
    assert_eq!(
        updates.len(),
        3,
        "the pager, the alert line and the campaign sender: {updates:?}"
    );
    let alert_update = updates
        .iter()
        .find(|(_, f)| f.contains_key("StatusCallback"))
        .expect("the alert line's call status callback was set");
    assert_eq!(
        alert_update.1["StatusCallback"],
        format!("{PUBLIC}/twilio/alert/ended")
    );
    assert_eq!(alert_update.1["StatusCallbackMethod"], "POST");
    let out = run(r.cmd().args(["numbers", "list", "--json"]));
    let list: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let wrong: Vec<&Value> = list
        .iter()
        .filter(|c| !c["problems"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(wrong.len(), 1, "only the stranger is left: {wrong:?}");
    let (code, out, _) = point(&["--all", "--yes"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to change"), "{out}");

    // Behind Basic auth: a user must be named; the URLs carry the credentials, shown masked.
    let cfg = std::fs::read_to_string(&r.config).unwrap()
        + "[serve.basic_auth]\ntwilio = \"sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\"\n";
    std::fs::write(&r.config, cfg).unwrap();
    let (code, _, err) = point(&[alert, "--yes"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("--basic-auth-user"), "{err}");
    let (code, _, err) = point(
        &[alert, "--yes", "--basic-auth-user", "twilio"],
        &[("RELAY_BASIC_AUTH_PASSWORD", "wrong")],
    );
    assert_eq!(code, 2);
    assert!(err.contains("not twilio's password"), "{err}");
    let (code, out, err) = point(
        &[alert, "--yes", "--basic-auth-user", "twilio"],
        &[("RELAY_BASIC_AUTH_PASSWORD", "password")],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("https://twilio:***@relay.example.com/twilio/sms"),
        "{out}"
    );
    assert!(
        !out.contains("password") && !err.contains("password"),
        "{out}{err}"
    );
    let last = fake
        .number_updates
        .lock()
        .unwrap()
        .last()
        .unwrap()
        .1
        .clone();
    assert_eq!(
        last["SmsUrl"],
        "https://twilio:password@relay.example.com/twilio/sms"
    );
    assert_eq!(
        last["VoiceUrl"],
        "https://twilio:password@relay.example.com/twilio/voice"
    );

    // Wrong credentials: exit 2, saying what to check.
    let cfg = std::fs::read_to_string(&r.config)
        .unwrap()
        .replace(TOKEN, "wrong");
    std::fs::write(&r.config, cfg).unwrap();
    let out = run(r.cmd().args(["numbers", "list"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("check the account SID"),
        "{}",
        stderr(&out)
    );
}
