//! The pager line: a caller leaves a voice message; relay keeps it, texts the on-call
//! person, emails a copy, and retries whatever fails until it is done.
//!
//! Pure parts here: the TwiML of each step of the call, the message record and its
//! delivery steps, the texts. I/O: [`deliver`] (download, SMS, email, delete, with
//! retries) and [`cmd`] (`relay pager list/show/retry`).

pub mod cmd;
pub mod deliver;
pub mod mail;

use crate::config::PagerConfig;
use crate::durable::{Progress, Record, Step};
use crate::twilio::twiml::{self, Verb};
use serde::{Deserialize, Serialize};

/// Where the call's steps post back, relative to the public URL.
pub const GATE_PATH: &str = "/twilio/voice/gate";
pub const DIALED_PATH: &str = "/twilio/voice/dialed";
pub const RECORDED_PATH: &str = "/twilio/voice/recorded";
pub const RECORDING_PATH: &str = "/twilio/voice/recording";

/// Store prefixes.
pub const CALLS: &str = "pager/calls/";
pub const MESSAGES: &str = "pager/messages/";
pub const RECORDINGS: &str = "recordings/";

/// "SRE " for a named team, nothing otherwise ("the on-call engineer").
fn team(cfg: &PagerConfig) -> String {
    match cfg.team.trim() {
        "" => String::new(),
        t => format!("{t} "),
    }
}

fn greeting(cfg: &PagerConfig) -> String {
    cfg.greeting
        .clone()
        .unwrap_or_else(|| format!("You have reached the {}on-call pager.", team(cfg)))
}

pub use crate::twilio::twiml::relative as at;

/// The answer to a call to the pager number.
pub fn answer(cfg: &PagerConfig, here: &str, oncall: Option<&Person>) -> twiml::Response {
    if cfg.gate {
        return twiml::Response::new()
            .verb(Verb::Gather {
                num_digits: 1,
                timeout: 10,
                action: at(here, GATE_PATH),
                prompt: format!(
                    "{} Press 1 to leave a message for the {}on-call engineer.",
                    greeting(cfg),
                    team(cfg)
                ),
                on_empty: false,
            })
            .say("Goodbye.")
            .hangup();
    }
    connect(cfg, here, oncall, Some(&greeting(cfg)))
}

/// After the gate: 1 goes on, anything else ends the call.
pub fn gate(
    cfg: &PagerConfig,
    here: &str,
    digits: &str,
    oncall: Option<&Person>,
) -> twiml::Response {
    if digits.trim() == "1" {
        connect(cfg, here, oncall, None)
    } else {
        twiml::Response::new().say("Goodbye.").hangup()
    }
}

/// Ring the on-call person first (dial_first), else record.
fn connect(
    cfg: &PagerConfig,
    here: &str,
    oncall: Option<&Person>,
    greeting: Option<&str>,
) -> twiml::Response {
    let mut r = twiml::Response::new();
    if let Some(g) = greeting {
        r = r.say(g);
    }
    match oncall {
        Some(m) if cfg.dial_first => {
            r.say("Connecting you to the on-call engineer.")
                .verb(Verb::Dial {
                    number: m.phone.clone(),
                    timeout: cfg.dial_timeout,
                    action: at(here, DIALED_PATH),
                    caller_id: None,
                })
        }
        _ => record(cfg, here, r),
    }
}

fn record(cfg: &PagerConfig, here: &str, r: twiml::Response) -> twiml::Response {
    r.say(format!(
        "Please leave your message after the beep, then press {} or hang up.",
        match cfg.finish_on_key.as_str() {
            "#" => "the pound key",
            "*" => "the star key",
            k => k,
        }
    ))
    .verb(Verb::Record {
        max_length: cfg.max_length,
        finish_on_key: cfg.finish_on_key.clone(),
        action: at(here, RECORDED_PATH),
        status_callback: at(here, RECORDING_PATH),
        transcribe_callback: None,
    })
}

/// After the `<Dial>`: answered ends the call; anything else takes a message.
pub fn dialed(cfg: &PagerConfig, here: &str, dial_status: &str) -> twiml::Response {
    if dial_status == "completed" || dial_status == "answered" {
        twiml::Response::new().hangup()
    } else {
        record(
            cfg,
            here,
            twiml::Response::new().say("The on-call engineer did not answer."),
        )
    }
}

/// After the `<Record>` (the caller is still on the line).
pub fn recorded(duration: Option<u32>) -> twiml::Response {
    match duration {
        Some(n) if n > 0 => twiml::Response::new()
            .say(format!(
                "I'm going to deliver your {n} second message to the on-call engineer now. You will receive a callback as soon as possible."
            ))
            .hangup(),
        _ => twiml::Response::new()
            .say("No message was recorded. Goodbye.")
            .hangup(),
    }
}

/// The callers' call, as relay answered it: what a recording callback is checked against.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Call {
    pub call_sid: String,
    pub from: String,
    pub to: String,
    pub at: i64,
    pub oncall: Option<Person>,
}

pub use crate::oncall::Person;

/// A voice message (or a missed call) and its delivery.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Voicemail {
    pub id: String,
    pub call_sid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_sid: Option<String>,
    pub caller: String,
    pub called: String,
    /// `completed` or `absent` (the caller left no message).
    pub recording_status: String,
    #[serde(default)]
    pub duration: u32,
    /// Epoch seconds.
    pub at: i64,
    /// Who was on call when the call came in.
    pub oncall: Option<Person>,
    /// The store key of the audio, once downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_key: Option<String>,
    /// `mp3` or `wav`.
    pub audio_format: String,
    /// sms, download, email, delete: in that order, each retried on its own.
    #[serde(flatten)]
    pub progress: Progress,
}

pub const STEP_SMS: &str = "sms";
/// With `[pager] escalate`: the rotation paged ([`crate::page`]) instead of one text.
pub const STEP_PAGE: &str = "page";
pub const STEP_DOWNLOAD: &str = "download";
pub const STEP_EMAIL: &str = "email";
pub const STEP_DELETE: &str = "delete";
/// The order steps are tried in: tell the on-call person first.
pub const STEP_ORDER: [&str; 5] = [STEP_SMS, STEP_PAGE, STEP_DOWNLOAD, STEP_EMAIL, STEP_DELETE];

impl Voicemail {
    /// A new record from the recording status callback. Its id depends only on the call and
    /// the recording, so a repeated callback finds the same record.
    pub fn new(
        call: &Call,
        recording_sid: Option<String>,
        recording_status: &str,
        duration: u32,
        cfg: &PagerConfig,
        has_mail: bool,
    ) -> Voicemail {
        let completed = recording_status == "completed" && recording_sid.is_some();
        // A page goes to the escalation order even when nobody was on call.
        let mut steps = vec![if cfg.escalate {
            (STEP_PAGE, Step::pending())
        } else if call.oncall.is_some() {
            (STEP_SMS, Step::pending())
        } else {
            (STEP_SMS, Step::skipped("nobody was on call"))
        }];
        if completed {
            steps.push((STEP_DOWNLOAD, Step::pending()));
            steps.push((
                STEP_EMAIL,
                if has_mail {
                    Step::pending()
                } else {
                    Step::skipped("no mail_settings with to_email and mail_server in the roster")
                },
            ));
            if cfg.delete_from_twilio {
                steps.push((STEP_DELETE, Step::pending()));
            }
        }
        let id = format!(
            "{}-{}",
            humantime::format_rfc3339_seconds(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(call.at.max(0) as u64)
            )
            .to_string()
            .replace([':', '-'], "")
            .trim_end_matches('Z'),
            recording_sid.as_deref().unwrap_or(&call.call_sid)
        );
        Voicemail {
            id,
            call_sid: call.call_sid.clone(),
            recording_sid,
            caller: call.from.clone(),
            called: call.to.clone(),
            recording_status: recording_status.to_string(),
            duration,
            at: call.at,
            oncall: call.oncall.clone(),
            audio_key: None,
            audio_format: cfg.audio_format.clone(),
            progress: Progress::with(steps.into_iter().map(|(k, v)| (k.to_string(), v))),
        }
    }

    pub fn key(&self) -> String {
        format!("{MESSAGES}{}.json", self.id)
    }

    /// Steps not yet done (pending or failed), in order.
    pub fn open_steps(&self) -> Vec<&str> {
        STEP_ORDER
            .iter()
            .copied()
            .filter(|s| self.progress.is_open(s))
            .collect()
    }

    pub fn done(&self, step: &str) -> bool {
        self.progress.done(step)
    }

    /// The text for the on-call person. `link` is where to listen, when there is one.
    pub fn sms_text(&self, link: Option<&str>) -> String {
        let caller = caller_display(&self.caller);
        let at = crate::oncall::sms::format_time(Some(self.at));
        match self.recording_status.as_str() {
            "completed" => {}
            // Twilio could not record: the caller may well have spoken.
            "failed" => {
                return format!(
                    "Call on the pager from {caller} at {at}: the message could not be recorded (Twilio reported the recording failed). Call them back."
                );
            }
            _ => {
                return format!(
                    "Missed call on the pager from {caller} at {at} (no message left)."
                );
            }
        }
        let mut s = format!(
            "On-Call voicemail ({} sec) received from {caller}",
            self.duration
        );
        if let Some(l) = link {
            s.push_str(&format!(". Listen: {l}"));
        }
        s
    }
}

/// How a caller is named in a text: the number, or "a hidden number" for the values
/// carriers and Twilio use when the caller withholds it.
pub fn caller_display(from: &str) -> String {
    let digits: String = from.chars().filter(char::is_ascii_digit).collect();
    let hidden = from.trim().is_empty()
        || ["anonymous", "restricted", "unknown", "private", "unavailable"]
            .iter()
            .any(|w| from.eq_ignore_ascii_case(w))
        // Twilio's stand-ins for withheld numbers (spelling ANONYMOUS, RESTRICTED,
        // UNKNOWN, BLOCKED on a keypad).
        || ["266696687", "7378742833", "86282452253", "2562533"].contains(&digits.as_str());
    if hidden {
        "a hidden number".to_string()
    } else {
        from.to_string()
    }
}

impl Record for Voicemail {
    fn progress(&self) -> &Progress {
        &self.progress
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
    fn order(&self) -> Vec<String> {
        STEP_ORDER.iter().map(|s| s.to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alice() -> Person {
        Person {
            id: "alice".into(),
            name: "Alice".into(),
            phone: "+19195551001".into(),
        }
    }

    #[test]
    fn hidden_callers_and_failed_recordings_are_said_plainly() {
        assert_eq!(caller_display("+266696687"), "a hidden number");
        assert_eq!(caller_display("anonymous"), "a hidden number");
        assert_eq!(caller_display("Restricted"), "a hidden number");
        assert_eq!(caller_display("+15551234567"), "+15551234567");
    }

    #[test]
    fn follow_up_urls_are_relative_to_the_route_twilio_called() {
        assert_eq!(at("/twilio/voice", GATE_PATH), "voice/gate");
        assert_eq!(at(GATE_PATH, RECORDED_PATH), "recorded");
        assert_eq!(at(DIALED_PATH, RECORDING_PATH), "recording");
        assert_eq!(at("/a/b/c", "/a/x"), "../x");
        // Resolved as Twilio resolves them: the credentials and a proxy's prefix stay.
        let base =
            url::Url::parse("https://twilio:s3cret@hooks.example.com/relay/twilio/voice").unwrap();
        assert_eq!(
            base.join(&at("/twilio/voice", GATE_PATH)).unwrap().as_str(),
            "https://twilio:s3cret@hooks.example.com/relay/twilio/voice/gate"
        );
    }

    #[test]
    fn the_call_flow_with_and_without_gate_and_dial() {
        let mut cfg = PagerConfig {
            team: "SRE".into(),
            ..Default::default()
        };
        let base = "/twilio/voice";
        let xml = answer(&cfg, base, Some(&alice())).to_xml();
        assert!(
            xml.contains(r#"<Gather numDigits="1" timeout="10" action="voice/gate""#),
            "{xml}"
        );
        assert!(xml.contains("Press 1 to leave a message for the SRE on-call engineer."));
        assert!(!xml.contains("<Record"));
        let xml = gate(&cfg, GATE_PATH, "1", Some(&alice())).to_xml();
        assert!(
            xml.contains(r##"<Record maxLength="300" finishOnKey="#""##),
            "{xml}"
        );
        assert!(
            xml.contains(r#"action="recorded" method="POST" recordingStatusCallback="recording""#)
        );
        assert!(xml.contains(r#"recordingStatusCallbackEvent="completed absent""#));
        assert!(gate(&cfg, base, "7", None).to_xml().contains("Goodbye."));
        cfg.gate = false;
        cfg.dial_first = true;
        let xml = answer(&cfg, base, Some(&alice())).to_xml();
        assert!(xml.contains("<Number>+19195551001</Number>"), "{xml}");
        assert!(xml.contains(r#"timeout="20""#));
        // Nobody on call: straight to the recording.
        assert!(answer(&cfg, base, None).to_xml().contains("<Record"));
        assert!(
            dialed(&cfg, DIALED_PATH, "no-answer")
                .to_xml()
                .contains("<Record")
        );
        assert!(
            !dialed(&cfg, DIALED_PATH, "completed")
                .to_xml()
                .contains("<Record")
        );
        assert!(
            recorded(Some(12))
                .to_xml()
                .contains("your 12 second message")
        );
    }

    #[test]
    fn records_steps_and_texts() {
        let call = Call {
            call_sid: "CA1".into(),
            from: "+15005550006".into(),
            to: "+18002255288".into(),
            at: 1_795_392_675,
            oncall: Some(alice()),
        };
        let cfg = PagerConfig {
            delete_from_twilio: true,
            ..Default::default()
        };
        let v = Voicemail::new(&call, Some("RE1".into()), "completed", 12, &cfg, true);
        assert_eq!(v.open_steps(), ["sms", "download", "email", "delete"]);
        assert_eq!(v.id, "20261123T001115-RE1");
        assert_eq!(
            v.sms_text(Some("https://r.example/pager/messages/x/audio")),
            "On-Call voicemail (12 sec) received from +15005550006. Listen: https://r.example/pager/messages/x/audio"
        );
        let missed = Voicemail::new(&call, None, "absent", 0, &cfg, true);
        assert_eq!(missed.open_steps(), ["sms"]);
        assert!(
            missed
                .sms_text(None)
                .starts_with("Missed call on the pager from +15005550006")
        );
        let failed = Voicemail::new(&call, Some("RE9".into()), "failed", 0, &cfg, true);
        assert!(
            failed
                .sms_text(None)
                .contains("the message could not be recorded"),
            "a failed recording is not a missed call"
        );
        let nobody = Call {
            oncall: None,
            ..call
        };
        let v = Voicemail::new(&nobody, Some("RE2".into()), "completed", 3, &cfg, false);
        assert_eq!(v.open_steps(), ["download", "delete"]);
    }
}
