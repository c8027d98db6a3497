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
    assert!(problems(alert).is_empty(), "{:?}", problems(alert));
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
    assert!(text.contains("5 number(s); 3 do not"), "{text}");

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
