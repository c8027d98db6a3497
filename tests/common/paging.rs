//! Following the calls relay places for a page as Twilio would: the call's URL, the key
//! pressed, the status callback, each signed; and what the Twilio fake recorded.

use super::server::{PUBLIC, Relay, TOKEN, rand_id};
use super::twilio_fake::Fake;
use std::collections::HashMap;
use std::time::{Duration, Instant};

pub const SID: &str = "AC0123456789abcdef0123456789abcdef";

pub fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub fn texts_to(fake: &Fake, to: &str) -> Vec<String> {
    fake.messages
        .lock()
        .unwrap()
        .iter()
        .filter(|m| m.to == to)
        .map(|m| m.body.clone())
        .collect()
}

/// Calls placed to `to`, each with its SID (the fake numbers them in order).
pub fn calls_to(fake: &Fake, to: &str) -> Vec<(String, HashMap<String, String>)> {
    fake.calls
        .lock()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| c["To"] == to)
        .map(|(i, c)| (format!("CA{:032x}", i + 1), c.clone()))
        .collect()
}

/// A call relay placed, answered: the TwiML at its URL, signed as Twilio signs it.
pub struct Answered<'a> {
    r: &'a Relay,
    sid: String,
    form: HashMap<String, String>,
    url: String,
    /// The `Authorization` header Twilio sends when the URL it was given has
    /// credentials (a relay behind [serve.basic_auth]).
    auth: Option<String>,
}

impl<'a> Answered<'a> {
    pub fn pick_up(
        r: &'a Relay,
        call: (String, HashMap<String, String>),
    ) -> (Answered<'a>, String) {
        Self::pick_up_with(r, call, None)
    }

    pub fn pick_up_with(
        r: &'a Relay,
        (sid, form): (String, HashMap<String, String>),
        auth: Option<String>,
    ) -> (Answered<'a>, String) {
        let url = form["Url"].clone();
        assert!(
            url.starts_with(&format!("{PUBLIC}/twilio/page/call?")),
            "{url}"
        );
        let a = Answered {
            r,
            sid,
            form,
            url,
            auth,
        };
        let xml = a.post(&a.url.clone(), &[]);
        (a, xml)
    }

    fn post(&self, url: &str, extra: &[(&str, &str)]) -> String {
        let mut p = vec![
            ("AccountSid", SID),
            ("CallSid", self.sid.as_str()),
            ("CallStatus", "in-progress"),
            ("Direction", "outbound-api"),
            ("From", self.form["From"].as_str()),
            ("To", self.form["To"].as_str()),
        ];
        p.extend_from_slice(extra);
        let path = url.strip_prefix(PUBLIC).unwrap();
        let idem = rand_id();
        let mut headers = vec![("i-twilio-idempotency-token", idem.as_str())];
        if let Some(a) = &self.auth {
            headers.push(("authorization", a.as_str()));
        }
        let (s, xml) = self
            .r
            .post_signed_for(url, path, &params(&p), &headers, TOKEN);
        assert_eq!(s, 200, "{xml}\n{}", self.r.logs());
        xml
    }

    /// Keys pressed at the `<Gather>` (empty: silence, as a voicemail box gives).
    pub fn press(&self, xml: &str, digits: &str) -> String {
        let action = xml.split(" action=\"").nth(1).expect("a <Gather>");
        let action = action[..action.find('"').unwrap()].replace("&amp;", "&");
        let url = url::Url::parse(&self.url).unwrap().join(&action).unwrap();
        match digits {
            "" => self.post(url.as_str(), &[]),
            d => self.post(url.as_str(), &[("Digits", d)]),
        }
    }
}

/// Epoch ms, as relay stamps its pages.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Polls (every 2 ms, for a fine clock) until someone is called at `to`; when (epoch ms).
pub fn called_at(fake: &Fake, to: &str, secs: u64) -> i64 {
    let t = Instant::now();
    while calls_to(fake, to).is_empty() {
        assert!(
            t.elapsed() < Duration::from_secs(secs),
            "nobody called {to}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    now_ms()
}

/// Twilio's status callback for a call relay placed.
pub fn call_status(r: &Relay, (sid, form): &(String, HashMap<String, String>), status: &str) {
    let url = &form["StatusCallback"];
    assert!(
        url.starts_with(&format!("{PUBLIC}/twilio/page/status?")),
        "{url}"
    );
    let p = [
        ("AccountSid", SID),
        ("CallSid", sid.as_str()),
        ("CallStatus", status),
        ("CallDuration", "0"),
        ("From", form["From"].as_str()),
        ("To", form["To"].as_str()),
    ];
    let (s, body) = r.post(
        url.strip_prefix(PUBLIC).unwrap(),
        &params(&p),
        &rand_id(),
        TOKEN,
    );
    assert_eq!(s, 200, "{body}");
}
