//! The alert line: an authorised caller picks "alert" or "conference bridge" and a group,
//! records a message, and the alert goes to xMatters, PagerDuty, a webhook or relay's own
//! rotation — from the transcription callback, or without a transcription once
//! `transcription_timeout` has passed, whether or not the caller is still on the line.
//!
//! Pure parts here: who may call, the TwiML of each step of the call, the alert record and
//! its steps, and what each target is sent. I/O: [`deliver`] (the steps, on
//! [`crate::durable`]), [`clients`] (Bitly, xMatters, PagerDuty, webhooks) and [`cmd`]
//! (`relay alerts list|show|retry`).
//!
//! The call's state lives in the store (the call under `alert/calls/`, the caller's keep /
//! record-again choice and the transcription under `alert/inputs/`, each written once),
//! never in Twilio's callback URLs: those carry only the menu position and the recording's
//! SID, no secrets.

pub mod clients;
pub mod cmd;
pub mod deliver;

use crate::config::{AlertConfig, AlertGroup, Target};
use crate::durable::{Progress, Record, Step};
use crate::oncall::Roster;
use crate::pager::{Person, at, caller_display};
use crate::twilio::twiml::{self, Verb};
use serde::{Deserialize, Serialize};

pub const MENU_PATH: &str = "/twilio/alert/menu";
pub const GROUP_PATH: &str = "/twilio/alert/group";
pub const RECORD_PATH: &str = "/twilio/alert/record";
pub const RECORDED_PATH: &str = "/twilio/alert/recorded";
pub const CONFIRM_PATH: &str = "/twilio/alert/confirm";
pub const STATUS_PATH: &str = "/twilio/alert/status";
pub const LIVE_PATH: &str = "/twilio/alert/live";
pub const RECORDING_PATH: &str = "/twilio/alert/recording";
pub const TRANSCRIPTION_PATH: &str = "/twilio/alert/transcription";
/// The alert number's call status callback (`relay numbers point` sets it): the call ended.
pub const ENDED_PATH: &str = "/twilio/alert/ended";

/// Store prefixes.
pub const CALLS: &str = "alert/calls/";
pub const ALERTS: &str = "alert/alerts/";
pub const INPUTS: &str = "alert/inputs/";

/// Twilio transcribes recordings of 2 s to 2 min.
pub const MIN_SECONDS: u32 = 2;
pub const MAX_SECONDS: u32 = 120;
/// A recording the caller neither kept nor replaced within this long (they hung up at the
/// "press 1 to keep it" prompt) is kept.
pub const CONFIRM_WINDOW: i64 = 30;
/// Prompts repeat this many times on silence or a wrong key before the call ends.
pub const REPEATS: u32 = 2;
/// How many times (3 s apart) a caller who kept an alert hears whether it went out.
pub const STATUS_CHECKS: u32 = 4;

/// Alert (menu 1) or conference bridge (menu 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Alert,
    Conference,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Alert => "alert",
            Kind::Conference => "conference",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "alert" => Some(Kind::Alert),
            "conference" => Some(Kind::Conference),
            _ => None,
        }
    }
}

/// Why a caller may start alerts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Caller {
    /// A roster member (id).
    Member(String),
    /// Listed in `[alert] callers`.
    Listed,
    /// An xMatters user whose VOICE device is this number.
    Xmatters(String),
}

/// Whether a caller ID can be believed at all: E.164 and not one of the stand-ins for a
/// withheld number.
pub fn is_hidden(from: &str) -> bool {
    !crate::phone::is_e164(from) || caller_display(from) != from
}

/// The checks that need no network: roster members, then `[alert] callers`.
pub fn authorise_locally(
    cfg: &AlertConfig,
    from: &str,
    roster: Option<&Roster>,
) -> Option<(Caller, Option<String>)> {
    if is_hidden(from) {
        return None;
    }
    if let Some(m) = roster.and_then(|r| r.member_by_phone(from)) {
        return Some((Caller::Member(m.id.clone()), Some(m.name.clone())));
    }
    cfg.callers
        .iter()
        .any(|c| c == from)
        .then_some((Caller::Listed, None))
}

/// What a refused caller hears (the seed's words).
pub fn refuse(xmatters: bool) -> twiml::Response {
    twiml::Response::new()
        .say(if xmatters {
            "Sorry, you are not authorized for this. Please speak with your x matters admin."
        } else {
            "Sorry, you are not authorized for this. Please speak with your administrator."
        })
        .hangup()
}

/// A follow-up reference from `here` to `path` with a query (no secrets, ever).
fn link(here: &str, path: &str, query: &[(&str, String)]) -> String {
    let mut out = at(here, path);
    if !query.is_empty() {
        out.push('?');
        out.push_str(&crate::twilio::params::encode_form(
            &query
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<Vec<_>>(),
        ));
    }
    out
}

fn gather(action: String, prompt: String) -> Verb {
    Verb::Gather {
        num_digits: 1,
        timeout: 6,
        action,
        prompt,
        on_empty: true,
    }
}

fn goodbye(why: &str) -> twiml::Response {
    twiml::Response::new()
        .say(format!("{why} Goodbye."))
        .hangup()
}

/// Where the call is: what each follow-up URL carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub kind: Option<Kind>,
    /// 1-based, into `[alert] groups`.
    pub group: Option<usize>,
    pub tries: u32,
    pub recording: Option<String>,
    pub check: u32,
}

impl Position {
    /// From a follow-up's query parameters.
    pub fn from_query(q: &std::collections::HashMap<String, String>) -> Position {
        let num = |k: &str| q.get(k).and_then(|v| v.parse().ok());
        Position {
            kind: q.get("kind").and_then(|k| Kind::parse(k)),
            group: num("group").map(|g: u32| g as usize),
            tries: num("tries").unwrap_or(0),
            recording: q
                .get("rec")
                .filter(|r| r.starts_with("RE") && r.chars().all(char::is_alphanumeric))
                .cloned(),
            check: num("n").unwrap_or(0),
        }
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(k) = self.kind {
            q.push(("kind", k.as_str().to_string()));
        }
        if let Some(g) = self.group {
            q.push(("group", g.to_string()));
        }
        if let Some(r) = &self.recording {
            q.push(("rec", r.clone()));
        }
        q
    }

    fn with_tries(&self, tries: u32) -> Vec<(&'static str, String)> {
        let mut q = self.query();
        if tries > 0 {
            q.push(("tries", tries.to_string()));
        }
        q
    }
}

/// The call flow, from one request's point of view: the configuration, the route Twilio
/// called, and who was on call when the call came in.
pub struct Flow<'a> {
    pub cfg: &'a AlertConfig,
    pub here: &'a str,
    pub oncall: Option<&'a Person>,
}

impl Flow<'_> {
    fn offers_oncall(&self) -> bool {
        self.cfg.offer_oncall && self.oncall.is_some()
    }

    fn menu_prompt(&self, name: Option<&str>) -> String {
        let mut s = self.cfg.greeting.clone().unwrap_or_else(|| match name {
            Some(n) => format!("Hello {n}. What is the problem?"),
            None => "Hello. What is the problem?".into(),
        });
        s.push_str(" Press 1 to send an alert. Press 2 to start a conference bridge.");
        if self.offers_oncall() {
            s.push_str(" Press 3 to speak to the person on call now.");
        }
        s
    }

    /// The answer to an authorised caller: the menu.
    pub fn answer(&self, name: Option<&str>) -> twiml::Response {
        twiml::Response::new().verb(gather(
            link(self.here, MENU_PATH, &[]),
            self.menu_prompt(name),
        ))
    }

    /// After the menu: 1 alert, 2 bridge, 3 the person on call; anything else (or
    /// nothing) repeats the menu twice, then ends the call.
    pub fn menu(&self, digits: &str, tries: u32) -> twiml::Response {
        match digits.trim() {
            "1" => self.after_kind(Kind::Alert),
            "2" => self.after_kind(Kind::Conference),
            "3" if self.offers_oncall() => {
                let p = self.oncall.expect("offers_oncall checked it");
                twiml::Response::new()
                    .say(format!("Connecting you to {}, who is on call.", p.name))
                    .verb(Verb::Dial {
                        number: p.phone.clone(),
                        timeout: self.cfg.dial_timeout,
                        action: link(self.here, LIVE_PATH, &[]),
                        caller_id: None,
                    })
            }
            _ if tries >= REPEATS => goodbye("Sorry, I did not get a choice."),
            _ => twiml::Response::new().verb(gather(
                link(self.here, MENU_PATH, &[("tries", (tries + 1).to_string())]),
                format!("Sorry, I did not get that. {}", self.menu_prompt(None)),
            )),
        }
    }

    fn after_kind(&self, kind: Kind) -> twiml::Response {
        if self.cfg.groups.is_empty() {
            return self.record(
                &Position {
                    kind: Some(kind),
                    ..Default::default()
                },
                None,
            );
        }
        self.group_menu(kind, 0, "")
    }

    fn group_menu(&self, kind: Kind, tries: u32, before: &str) -> twiml::Response {
        let mut prompt = before.to_string();
        prompt.push_str(match kind {
            Kind::Alert => "What group would you like to alert?",
            Kind::Conference => "What group would you like to invite to the conference?",
        });
        for (i, g) in self.cfg.groups.iter().enumerate() {
            prompt.push_str(&format!(" Press {} for {}.", i + 1, g.spoken()));
        }
        let pos = Position {
            kind: Some(kind),
            ..Default::default()
        };
        twiml::Response::new().verb(gather(
            link(self.here, GROUP_PATH, &pos.with_tries(tries)),
            prompt,
        ))
    }

    /// After the group menu.
    pub fn group(&self, pos: &Position, digits: &str) -> twiml::Response {
        let kind = pos.kind.unwrap_or(Kind::Alert);
        match digits.trim().parse::<usize>() {
            Ok(n) if (1..=self.cfg.groups.len()).contains(&n) => self.record(
                &Position {
                    kind: Some(kind),
                    group: Some(n),
                    ..Default::default()
                },
                None,
            ),
            _ if pos.tries >= REPEATS => goodbye("Sorry, I did not get a group."),
            _ => self.group_menu(kind, pos.tries + 1, "Sorry, I did not get that. "),
        }
    }

    /// The recording, with its transcription asked for; `before` is said first. Silence
    /// (Twilio skips the action for an empty recording) asks again, twice.
    pub fn record(&self, pos: &Position, before: Option<&str>) -> twiml::Response {
        if pos.tries > REPEATS {
            return goodbye("Sorry, I did not hear a message. Nothing was sent.");
        }
        let here_pos = Position {
            recording: None,
            tries: 0,
            ..pos.clone()
        };
        let mut r = twiml::Response::new();
        if let Some(b) = before {
            r = r.say(b);
        }
        r.say("Record your message after the beep. Press any key when you are done.")
            .verb(Verb::Record {
                max_length: MAX_SECONDS,
                finish_on_key: "1234567890*#".into(),
                action: link(self.here, RECORDED_PATH, &here_pos.query()),
                status_callback: link(self.here, RECORDING_PATH, &here_pos.query()),
                transcribe_callback: Some(link(self.here, TRANSCRIPTION_PATH, &[])),
            })
            .say("I did not hear a message.")
            .verb(Verb::Redirect {
                url: link(self.here, RECORD_PATH, &here_pos.with_tries(pos.tries + 1)),
            })
    }

    /// After the recording, while the caller is on the line: too short is recorded again;
    /// otherwise keep it or record again.
    pub fn recorded(&self, pos: &Position, recording: &str, duration: u32) -> twiml::Response {
        if duration < MIN_SECONDS {
            return self.record(
                &Position {
                    tries: pos.tries + 1,
                    ..pos.clone()
                },
                Some("That message was too short."),
            );
        }
        self.confirm_prompt(
            &Position {
                recording: Some(recording.to_string()),
                tries: 0,
                ..pos.clone()
            },
            "",
        )
    }

    fn confirm_prompt(&self, pos: &Position, before: &str) -> twiml::Response {
        twiml::Response::new().verb(gather(
            link(self.here, CONFIRM_PATH, &pos.with_tries(pos.tries)),
            format!(
                "{before}Press 1 to keep your message. Press any other key to record it again."
            ),
        ))
    }

    /// After "press 1 to keep it".
    pub fn confirm(&self, pos: &Position, digits: &str) -> Confirmed {
        match digits.trim() {
            "1" => Confirmed::Keep,
            "" if pos.tries >= REPEATS => Confirmed::Keep,
            "" => Confirmed::Ask(self.confirm_prompt(
                &Position {
                    tries: pos.tries + 1,
                    ..pos.clone()
                },
                "",
            )),
            _ => Confirmed::Again(self.record(
                &Position {
                    recording: None,
                    tries: 0,
                    ..pos.clone()
                },
                None,
            )),
        }
    }

    /// What a caller who kept their message hears: an alert waits on the line for its
    /// outcome; a bridge puts them into the conference at once.
    pub fn kept(&self, pos: &Position, bridge: Option<&str>) -> twiml::Response {
        let r = twiml::Response::new().say("Thank you. Your alert is on its way.");
        match bridge {
            Some(name) => {
                r.say("Joining you to the conference bridge now.")
                    .verb(Verb::Conference {
                        name: name.to_string(),
                    })
            }
            None => r.pause(3).verb(Verb::Redirect {
                url: link(
                    self.here,
                    STATUS_PATH,
                    &[
                        ("rec", pos.recording.clone().unwrap_or_default()),
                        ("n", "1".into()),
                    ],
                ),
            }),
        }
    }

    /// Whether the alert went out, while the caller waits.
    pub fn status(&self, pos: &Position, alert: Option<&Alert>) -> twiml::Response {
        match alert.map(Alert::outcome) {
            Some(Outcome::Sent) => goodbye("Your alert was sent."),
            Some(Outcome::Failing) => goodbye(
                "Sending your alert did not work yet. relay will keep trying, so you do not need to call again.",
            ),
            _ if pos.check >= STATUS_CHECKS => goodbye(
                "Your alert will be sent as soon as your message is transcribed. You can hang up now.",
            ),
            _ => twiml::Response::new().pause(3).verb(Verb::Redirect {
                url: link(
                    self.here,
                    STATUS_PATH,
                    &[
                        ("rec", pos.recording.clone().unwrap_or_default()),
                        ("n", (pos.check + 1).to_string()),
                    ],
                ),
            }),
        }
    }

    /// After ringing the person on call (menu 3): answered ends the call; otherwise the
    /// caller records an alert.
    pub fn live(&self, dial_status: &str) -> twiml::Response {
        if matches!(dial_status, "completed" | "answered") {
            return twiml::Response::new().hangup();
        }
        self.record(
            &Position {
                kind: Some(Kind::Alert),
                ..Default::default()
            },
            Some(&format!(
                "{} did not answer. Leave a message and it will be sent as an alert.",
                self.oncall
                    .map_or("The person on call", |p| p.name.as_str())
            )),
        )
    }
}

/// The caller's choice after "press 1 to keep it".
#[derive(Debug)]
pub enum Confirmed {
    Keep,
    /// Record again (the recording is dropped).
    Again(twiml::Response),
    /// Silence: ask again.
    Ask(twiml::Response),
}

/// The call as relay answered it: what follow-ups are checked against.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Call {
    pub call_sid: String,
    pub from: String,
    pub to: String,
    pub at: i64,
    pub caller: Caller,
    pub caller_name: Option<String>,
    pub oncall: Option<Person>,
}

/// The caller's decision about one recording, written once.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Choice {
    /// `keep`, `again` (recorded again) or `short` (too short to send).
    pub choice: String,
    pub at: i64,
}

pub fn choice_key(recording_sid: &str) -> String {
    format!("{INPUTS}{recording_sid}-choice.json")
}

/// Twilio's transcription callback, written once.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Transcription {
    pub status: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub sid: Option<String>,
    pub at: i64,
}

pub fn transcription_key(recording_sid: &str) -> String {
    format!("{INPUTS}{recording_sid}-transcription.json")
}

/// That the call ended (the number's status callback), written once: a recording the
/// caller had not chosen about by then is kept at once.
pub fn ended_key(call_sid: &str) -> String {
    format!("{INPUTS}{call_sid}-ended.json")
}

pub const STEP_CONFIRM: &str = "confirm";
pub const STEP_LINK: &str = "link";
pub const STEP_TRANSCRIPT: &str = "transcript";
pub const STEP_XMATTERS: &str = "xmatters";
pub const STEP_PAGERDUTY: &str = "pagerduty";
pub const STEP_WEBHOOK: &str = "webhook";
pub const STEP_ONCALL_TEXT: &str = "oncall-text";
pub const STEP_ONCALL_CALL: &str = "oncall-call";
/// The rotation paged, with acknowledgement and escalation ([`crate::page`]).
pub const STEP_ONCALL_PAGE: &str = "oncall-page";
/// The order steps are tried in (a step that waits lets later ones run: a bridge calls the
/// person on call in before the transcription is there).
pub const STEP_ORDER: [&str; 9] = [
    STEP_CONFIRM,
    STEP_LINK,
    STEP_TRANSCRIPT,
    STEP_ONCALL_CALL,
    STEP_ONCALL_PAGE,
    STEP_XMATTERS,
    STEP_PAGERDUTY,
    STEP_WEBHOOK,
    STEP_ONCALL_TEXT,
];
/// The steps that send the alert somewhere.
pub const TARGET_STEPS: [&str; 6] = [
    STEP_XMATTERS,
    STEP_PAGERDUTY,
    STEP_WEBHOOK,
    STEP_ONCALL_TEXT,
    STEP_ONCALL_CALL,
    STEP_ONCALL_PAGE,
];

/// What the caller said when there is no transcription.
pub const NO_TRANSCRIPT: &str = "Transcription unavailable: listen to the recording";

/// One recorded message and its delivery to every target.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Alert {
    pub id: String,
    pub kind: Kind,
    pub call_sid: String,
    pub recording_sid: String,
    /// Twilio's URL of the recording, as its webhook gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
    pub caller: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_name: Option<String>,
    /// The alert number that was called.
    pub called: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<AlertGroup>,
    /// When the call came in, and when the recording ended (epoch seconds).
    pub at: i64,
    pub recorded_at: i64,
    #[serde(default)]
    pub duration: u32,
    /// The conference bridge's name (kind conference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    /// `completed`, `failed` or `timeout`, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_url: Option<String>,
    #[serde(flatten)]
    pub progress: Progress,
}

/// Where an alert's delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Waiting for the caller's choice or the transcription, or sending.
    Pending,
    /// Every target has it.
    Sent,
    /// A target failed (it is retried).
    Failing,
    /// The caller recorded again: this recording is not sent.
    Discarded,
}

/// An id sorted by time: the call's start, then the recording.
pub fn alert_id(call_at: i64, recording_sid: &str) -> String {
    format!("{}-{recording_sid}", compact_time(call_at))
}

/// The store prefix of every alert of a call that came in at `call_at` (and of any other
/// call that second: the caller's alerts are among them).
pub fn alerts_of_call(call_at: i64) -> String {
    format!("{ALERTS}{}-", compact_time(call_at))
}

fn compact_time(t: i64) -> String {
    rfc3339(t)
        .replace([':', '-'], "")
        .trim_end_matches('Z')
        .to_string()
}

pub fn rfc3339(t: i64) -> String {
    humantime::format_rfc3339_seconds(
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.max(0) as u64),
    )
    .to_string()
}

/// The steps of a new alert to these targets (`oncall`: how the oncall target pages).
fn steps(targets: &[Target], oncall: &crate::config::AlertOncallConfig) -> Vec<(String, Step)> {
    let mut steps = vec![STEP_CONFIRM, STEP_LINK, STEP_TRANSCRIPT];
    for t in targets {
        match t {
            Target::Xmatters => steps.push(STEP_XMATTERS),
            Target::Pagerduty => steps.push(STEP_PAGERDUTY),
            Target::Webhook => steps.push(STEP_WEBHOOK),
            Target::Oncall if oncall.escalate => steps.push(STEP_ONCALL_PAGE),
            Target::Oncall => {
                steps.push(STEP_ONCALL_TEXT);
                if oncall.call {
                    steps.push(STEP_ONCALL_CALL);
                }
            }
        }
    }
    steps
        .into_iter()
        .map(|s| (s.to_string(), Step::pending()))
        .collect()
}

/// What a recording webhook (the record action or the status callback) tells of it.
pub struct Recorded<'a> {
    pub recording_sid: &'a str,
    pub recording_url: Option<&'a str>,
    pub duration: u32,
    pub kind: Kind,
    pub group: Option<usize>,
    pub now: i64,
}

impl Alert {
    /// A new alert from the first webhook that tells of a recording; its id depends only
    /// on the call and the recording, so every later webhook finds the same record.
    pub fn new(cfg: &AlertConfig, call: &Call, r: &Recorded) -> Alert {
        let id = alert_id(call.at, r.recording_sid);
        let conference = r.kind == Kind::Conference;
        Alert {
            bridge: conference.then(|| bridge_name(&id)),
            kind: r.kind,
            call_sid: call.call_sid.clone(),
            recording_sid: r.recording_sid.to_string(),
            recording_url: r.recording_url.map(str::to_string),
            caller: call.from.clone(),
            caller_name: call.caller_name.clone(),
            called: call.to.clone(),
            group: r
                .group
                .and_then(|g| cfg.groups.get(g.wrapping_sub(1)))
                .cloned(),
            at: call.at,
            recorded_at: r.now,
            duration: r.duration,
            transcript: None,
            transcript_status: None,
            long_url: None,
            short_url: None,
            progress: Progress::with(steps(cfg.targets_for(conference), &cfg.oncall)),
            id,
        }
    }

    pub fn key(&self) -> String {
        format!("{ALERTS}{}.json", self.id)
    }

    /// The transcription, or what stands in for it.
    pub fn text(&self) -> &str {
        self.transcript
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(NO_TRANSCRIPT)
    }

    /// The link to send: short when Bitly made one.
    pub fn link(&self) -> Option<&str> {
        self.short_url.as_deref().or(self.long_url.as_deref())
    }

    /// "Alice McAlister (+19195551001)" or the number.
    pub fn who(&self) -> String {
        match &self.caller_name {
            Some(n) => format!("{n} ({})", self.caller),
            None => self.caller.clone(),
        }
    }

    pub fn outcome(&self) -> Outcome {
        let p = &self.progress;
        if p.steps
            .get(STEP_CONFIRM)
            .is_some_and(|s| s.state == crate::durable::DONE)
            && TARGET_STEPS.iter().all(|s| {
                p.steps
                    .get(*s)
                    .is_none_or(|st| st.state == crate::durable::SKIPPED)
            })
            && TARGET_STEPS.iter().any(|s| p.steps.contains_key(*s))
        {
            return Outcome::Discarded;
        }
        let targets: Vec<&Step> = TARGET_STEPS
            .iter()
            .filter_map(|s| p.steps.get(*s))
            .collect();
        if targets.iter().any(|s| s.state == crate::durable::FAILED) {
            Outcome::Failing
        } else if targets.iter().all(|s| !s.is_open()) {
            Outcome::Sent
        } else {
            Outcome::Pending
        }
    }

    /// The first words of the message, for a title (PagerDuty's summary).
    pub fn summary(&self) -> String {
        let what = match self.kind {
            Kind::Alert => "Phone alert",
            Kind::Conference => "Conference bridge",
        };
        let mut words = String::new();
        for w in self.text().split_whitespace() {
            if words.len() + w.len() > 120 {
                words.push('…');
                break;
            }
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(w);
        }
        format!("{what} from {}: {words}", self.who())
    }

    /// What the xMatters inbound integration receives: the seed's `recipient`,
    /// `shorturl` and `transcriptionText`, and more for a richer form.
    pub fn xmatters_payload(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "shorturl": self.link(),
            "transcriptionText": self.text(),
            "type": self.kind.as_str(),
            "caller": self.caller,
            "callerName": self.caller_name,
            "callTime": rfc3339(self.at),
            "recordingUrl": self.long_url,
            "alertId": self.id,
        });
        if let Some(g) = &self.group {
            v["recipient"] = g.name.clone().into();
        }
        if let Some(b) = &self.bridge {
            v["bridge"] = serde_json::json!({"name": b, "number": self.called});
        }
        v
    }

    /// A PagerDuty Events API v2 `trigger`.
    pub fn pagerduty_event(&self, routing_key: &str, severity: &str) -> serde_json::Value {
        let mut details = serde_json::json!({
            "transcription": self.text(),
            "caller": self.caller,
            "caller_name": self.caller_name,
            "group": self.group.as_ref().map(|g| &g.name),
            "recording": self.long_url,
            "alert_id": self.id,
        });
        if let Some(b) = &self.bridge {
            details["bridge"] = serde_json::json!({"name": b, "number": self.called});
        }
        let mut event = serde_json::json!({
            "routing_key": routing_key,
            "event_action": "trigger",
            "dedup_key": format!("relay-{}", self.call_sid),
            "payload": {
                "summary": self.summary(),
                "source": "relay",
                "severity": severity,
                "timestamp": rfc3339(self.at),
                "class": self.kind.as_str(),
                "custom_details": details,
            },
            "client": "relay",
        });
        if let Some(g) = &self.group {
            event["payload"]["group"] = g.name.clone().into();
        }
        if let Some(l) = self.link() {
            event["links"] = serde_json::json!([{"href": l, "text": "Recording"}]);
        }
        event
    }

    /// relay's own document for `[alert.webhook]` (docs/alerts.md describes it).
    pub fn webhook_document(&self) -> serde_json::Value {
        serde_json::json!({
            "type": "relay.alert",
            "id": self.id,
            "kind": self.kind.as_str(),
            "group": self.group.as_ref().map(|g| &g.name),
            "caller": self.caller,
            "caller_name": self.caller_name,
            "called": self.called,
            "call_sid": self.call_sid,
            "recording_sid": self.recording_sid,
            "time": rfc3339(self.at),
            "duration": self.duration,
            "transcription": self.transcript,
            "transcription_status": self.transcript_status,
            "text": self.text(),
            "recording_url": self.long_url,
            "short_url": self.short_url,
            "bridge": self.bridge.as_ref().map(|b| serde_json::json!({"name": b, "number": self.called})),
        })
    }

    /// The text for the person on call.
    pub fn sms_text(&self) -> String {
        let mut s = match self.kind {
            Kind::Alert => format!("ALERT from {}", self.who()),
            Kind::Conference => format!("CONFERENCE BRIDGE started by {}", self.who()),
        };
        if let Some(g) = &self.group {
            s.push_str(&format!(" for {}", g.spoken()));
        }
        s.push_str(&format!(": {}", self.text()));
        if let Some(l) = self.link() {
            s.push_str(&format!(" Listen: {l}"));
        }
        if let Some(b) = &self.bridge {
            s.push_str(&format!(" Bridge: {b}, relay is calling you into it."));
        }
        s
    }

    /// What a page of the rotation sends and says ([`crate::page`]): the text, and on the
    /// call the alert read out twice before "press 1"; for a bridge, pressing 1 joins it.
    pub fn page_source(&self) -> crate::page::Source<'_> {
        let who = caller_display(&self.caller);
        let who = self.caller_name.clone().unwrap_or(who);
        let (title, say) = match &self.bridge {
            Some(_) => (
                format!("conference bridge started by {}", self.who()),
                format!("{who} started a conference bridge and needs you."),
            ),
            None => {
                let text: String = self.text().chars().take(1200).collect();
                (
                    format!("alert from {}", self.who()),
                    format!("An alert from {who}. {text} Again: {text}"),
                )
            }
        };
        let mut text = self.sms_text();
        if self.bridge.is_some() {
            text = text.replace(
                ", relay is calling you into it.",
                ": press 1 on relay's call to join.",
            );
        }
        crate::page::Source {
            id: &self.id,
            kind: "alert",
            title,
            text,
            media: Vec::new(),
            say,
            bridge: self.bridge.clone(),
        }
    }

    /// What the person on call hears when relay calls them: the alert read out, or the
    /// bridge they are put into.
    pub fn voice_twiml(&self) -> String {
        let who = caller_display(&self.caller);
        let who = self.caller_name.clone().unwrap_or(who);
        let r = match &self.bridge {
            Some(b) => twiml::Response::new()
                .say(format!(
                    "This is relay. {who} started a conference bridge and needs you. Connecting you now."
                ))
                .verb(Verb::Conference { name: b.clone() }),
            None => {
                // Twilio takes up to 4,000 characters of TwiML in a call request.
                let text: String = self.text().chars().take(2500).collect();
                twiml::Response::new()
                    .say(format!("This is relay with an alert from {who}."))
                    .say(text.clone())
                    .say("Again:")
                    .say(text)
                    .say("The link to the recording was sent to you by text. Goodbye.")
            }
        };
        r.to_xml()
    }
}

/// The conference of a bridge: named after its alert.
pub fn bridge_name(id: &str) -> String {
    format!("relay-{id}")
}

impl Record for Alert {
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
mod tests;
