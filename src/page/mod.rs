//! Pages in relay's own rotation: a person is texted and called and must acknowledge;
//! when they do not, the next person in the escalation order is paged, then the next,
//! `rounds` times through, and then every member is texted that nobody took it.
//!
//! Pure parts here: the page record and its steps (one text and one call per attempt,
//! then `nobody` and `told`), when each step falls due, what is texted and said, how an
//! `ACK` is read and which page it takes, and the timeline `relay alerts show` prints. I/O:
//! [`deliver`] (the steps on [`crate::durable`], acknowledgements, the call outcomes).
//!
//! Inputs that arrive while a worker may hold the record are separate objects, each
//! written once: the acknowledgement (`page/acks/ID.json`, first one wins) and each call's
//! outcome (`page/calls/ID/N.json`). A step that finds the page acknowledged is skipped.

pub mod deliver;

use crate::config::OncallConfig;
use crate::durable::{MAX_ATTEMPTS, Progress, Record, Step};
use crate::oncall::Person;
use crate::twilio::twiml::{self, Verb};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Store prefixes.
pub const PAGES: &str = "page/pages/";
pub const ACKS: &str = "page/acks/";
pub const CALLS: &str = "page/calls/";
/// Which page and attempt each call relay placed belongs to, by CallSid, written once.
pub const CALL_SIDS: &str = "page/call-sids/";
/// The call being placed from one line to one person: written before each is placed.
pub const PLACING: &str = "page/placing/";
/// Each attempt's call, once known: `page/placed/ID/N.json`.
pub const PLACED: &str = "page/placed/";

/// Twilio's routes for the calls relay places.
pub const CALL_PATH: &str = "/twilio/page/call";
pub const KEY_PATH: &str = "/twilio/page/key";
pub const STATUS_PATH: &str = "/twilio/page/status";

/// The step that texts every member when nobody acknowledged.
pub const NOBODY: &str = "nobody";
/// The step that tells the others who took it (or closes the page when nobody did).
pub const TOLD: &str = "told";

/// How long after creation a page still takes a bare `ACK`.
pub const ACKABLE_SECONDS: i64 = 24 * 3600;
/// The longest a worker sleeps between looks at a waiting page: an acknowledgement or a
/// call outcome written by another relay (or `relay alerts ack`) is seen within this.
pub const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// What each paged person's call may have come to; these escalate at once.
pub const UNANSWERED: [&str; 4] = ["no-answer", "busy", "failed", "canceled"];

/// One page: who it goes to, in order, what they are told, and how far it got.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Page {
    pub id: String,
    /// `alert` or `voicemail`: the record this page is for (same id).
    pub source: String,
    /// "alert from Carol (+19195551003)": what the others are told was taken.
    pub title: String,
    /// The text each person gets (before "Reply ACK ...").
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<String>,
    /// What the call says before "press 1".
    pub say: String,
    /// A conference bridge the person who presses 1 is put into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge: Option<String>,
    /// Epoch ms.
    pub created_ms: i64,
    /// The person on call, then the escalation order, as they were when the page began.
    pub people: Vec<Person>,
    pub rounds: u32,
    /// Seconds each attempt waits for an acknowledgement.
    pub ack_timeout: u64,
    /// Whether each attempt calls too.
    pub call: bool,
    /// The number relay calls from (the line the page came in on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_from: Option<String>,
    /// When each attempt began (its call or text first tried, epoch ms), by attempt
    /// number (1-based): its timeout runs from then.
    #[serde(default)]
    pub paged_ms: BTreeMap<String, i64>,
    #[serde(flatten)]
    pub progress: Progress,
}

/// What a page is made from.
pub struct Source<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub title: String,
    pub text: String,
    pub media: Vec<String>,
    pub say: String,
    pub bridge: Option<String>,
}

/// Who took a page, how and when; written once (the first acknowledgement wins).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ack {
    /// A member id, or the operator's name (`relay alerts ack`).
    pub by: String,
    pub name: String,
    /// `sms`, `call` or `cli`.
    pub how: String,
    pub at_ms: i64,
    /// The attempt whose call was answered with 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
}

/// How one attempt's call ended (Twilio's status callback), written once.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CallOutcome {
    pub status: String,
    pub call_sid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    pub at_ms: i64,
}

impl CallOutcome {
    pub fn unanswered(&self) -> bool {
        UNANSWERED.contains(&self.status.as_str())
    }
}

pub fn ack_key(id: &str) -> String {
    format!("{ACKS}{id}.json")
}

pub fn outcome_key(id: &str, attempt: u32) -> String {
    format!("{CALLS}{id}/{attempt}.json")
}

/// The key of the call being placed to `to` from `from` (their digits).
pub fn page_key(id: &str) -> String {
    format!("{PAGES}{id}.json")
}

pub fn placing_key(to: &str, from: &str) -> String {
    let digits = |n: &str| n.chars().filter(char::is_ascii_digit).collect::<String>();
    format!("{PLACING}{}-{}.json", digits(to), digits(from))
}

pub fn placed_key(id: &str, attempt: u32) -> String {
    format!("{PLACED}{id}/{attempt}.json")
}

pub fn call_sid_key(call_sid: &str) -> String {
    format!("{CALL_SIDS}{call_sid}.json")
}

pub fn text_step(n: u32) -> String {
    format!("{n}-text")
}

pub fn call_step(n: u32) -> String {
    format!("{n}-call")
}

/// `(attempt, "text" | "call")` of an attempt's step.
pub fn attempt_of(step: &str) -> Option<(u32, &str)> {
    let (n, what) = step.split_once('-')?;
    Some((n.parse().ok()?, what))
}

/// Whether a page id could be one (`20261204T030000-RE…`): what reaches a store key
/// from a callback's query is checked first.
pub fn is_page_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == 'T')
}

/// When a step may run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Now,
    /// At this epoch ms.
    At(i64),
    /// After something with no known time (an earlier step, an acknowledgement).
    Later,
}

impl Due {
    pub fn by(self, now_ms: i64) -> bool {
        match self {
            Due::Now => true,
            Due::At(t) => now_ms >= t,
            Due::Later => false,
        }
    }
}

impl Page {
    /// A new page to `people` in turn; each attempt also calls from `call_from`, if given.
    pub fn new(
        src: Source,
        people: Vec<Person>,
        cfg: &OncallConfig,
        call_from: Option<String>,
        now_ms: i64,
    ) -> Page {
        let rounds = cfg.rounds.max(1);
        let call = call_from.is_some();
        let mut steps = Vec::new();
        let attempts = people.len() as u32 * rounds;
        for n in 1..=attempts {
            if call {
                steps.push((call_step(n), Step::pending()));
            }
            steps.push((text_step(n), Step::pending()));
        }
        steps.push((NOBODY.to_string(), Step::pending()));
        steps.push((TOLD.to_string(), Step::pending()));
        Page {
            id: src.id.to_string(),
            source: src.kind.to_string(),
            title: src.title,
            text: src.text,
            media: src.media,
            say: src.say,
            bridge: src.bridge,
            created_ms: now_ms,
            people,
            rounds,
            ack_timeout: cfg.ack_timeout.max(1),
            call,
            call_from,
            paged_ms: BTreeMap::new(),
            progress: Progress::with(steps),
        }
    }

    pub fn key(&self) -> String {
        page_key(&self.id)
    }

    /// "paging alice → bob (acknowledge within 300 s)": what the step that began it says.
    pub fn summary(&self) -> String {
        format!(
            "paging {} (acknowledge within {} s)",
            self.chain(),
            self.ack_timeout
        )
    }

    /// "alice → bob → carol".
    pub fn chain(&self) -> String {
        self.people
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(" → ")
    }

    pub fn attempts(&self) -> u32 {
        self.people.len() as u32 * self.rounds
    }

    /// The person of attempt `n` (1-based): the order, round after round.
    pub fn person(&self, n: u32) -> Option<&Person> {
        if n == 0 || self.people.is_empty() {
            return None;
        }
        self.people.get(((n - 1) as usize) % self.people.len())
    }

    pub fn round(&self, n: u32) -> u32 {
        (n.saturating_sub(1)) / (self.people.len().max(1) as u32) + 1
    }

    pub fn paged_at(&self, n: u32) -> Option<i64> {
        self.paged_ms.get(&n.to_string()).copied()
    }

    /// What `ACK <short>` names this page by: its last [`crate::ids::SHORT`] characters,
    /// as `relay alerts list` shows it.
    pub fn short(&self) -> &str {
        let cut = self
            .id
            .char_indices()
            .rev()
            .nth(crate::ids::SHORT - 1)
            .map_or(0, |(i, _)| i);
        &self.id[cut..]
    }

    /// Whether the person of attempt `n` cannot be reached by it: its text (and call)
    /// failed for good.
    fn unreachable(&self, n: u32) -> bool {
        let gone = |s: String| {
            self.progress
                .steps
                .get(&s)
                .is_none_or(|st| st.state == crate::durable::FAILED && st.attempts >= MAX_ATTEMPTS)
        };
        gone(text_step(n)) && (!self.call || gone(call_step(n)))
    }

    /// When the page may move on from attempt `n`: its timeout, or at once when its call
    /// went unanswered or the person cannot be reached.
    pub fn after(&self, n: u32, outcome: Option<&CallOutcome>) -> Due {
        let Some(at) = self.paged_at(n) else {
            return Due::Later;
        };
        if outcome.is_some_and(CallOutcome::unanswered) || self.unreachable(n) {
            return Due::Now;
        }
        Due::At(at + self.ack_timeout as i64 * 1000)
    }

    /// When `step` may run. `outcome` is the call outcome of the attempt before it (for
    /// an attempt's text and for `nobody`).
    pub fn due(&self, step: &str, ack: Option<&Ack>, outcome: Option<&CallOutcome>) -> Due {
        if step == TOLD {
            if ack.is_some() {
                return Due::Now;
            }
            // Nobody took it: the page stays open one more timeout after every member
            // was texted, then closes.
            return match self.progress.steps.get(NOBODY) {
                Some(st) if st.state == crate::durable::DONE => {
                    Due::At(st.at.unwrap_or(0) * 1000 + self.ack_timeout as i64 * 1000)
                }
                Some(st) if st.state == crate::durable::SKIPPED => Due::Now,
                _ => Due::Later,
            };
        }
        if ack.is_some() {
            // Skipped at once.
            return Due::Now;
        }
        if step == NOBODY {
            return self.after(self.attempts(), outcome);
        }
        // An attempt's call and text are due together: the first person at once, the
        // next when the attempt before may be moved on from.
        match attempt_of(step) {
            Some((1, _)) => Due::Now,
            Some((n, _)) => self.after(n - 1, outcome),
            None => Due::Later,
        }
    }

    /// The attempt whose call outcome decides when `step` is due.
    pub fn deciding_attempt(&self, step: &str) -> Option<u32> {
        if step == NOBODY {
            return Some(self.attempts());
        }
        match attempt_of(step) {
            Some((n, _)) if n > 1 => Some(n - 1),
            _ => None,
        }
    }

    /// The longest a worker may sleep before a step falls due (no outcome assumed: a
    /// callback wakes the worker itself).
    pub fn next_due_in(&self, now_ms: i64) -> std::time::Duration {
        let mut soonest = LOOK_EVERY;
        for (name, st) in &self.progress.steps {
            if !st.is_open() {
                continue;
            }
            if let Due::At(t) = self.due(name, None, None) {
                let ms = (t - now_ms).max(1) as u64;
                soonest = soonest.min(std::time::Duration::from_millis(ms));
            }
        }
        soonest
    }

    /// The text of an attempt: why it came (after the first), the page, how to take it.
    pub fn text_for(&self, why: Option<&str>) -> String {
        let mut s = String::new();
        if let Some(w) = why {
            s.push_str(&format!("ESCALATED ({w}). "));
        }
        s.push_str(&self.text);
        s.push_str(&format!(
            "\nReply ACK to take it (ACK {} when several are open).",
            self.short()
        ));
        s
    }

    /// Why attempt `n` (> 1) is paged: the attempt before it was not acknowledged.
    pub fn why(&self, n: u32, outcome: Option<&CallOutcome>) -> Option<String> {
        let prev = self.person(n.checked_sub(1).filter(|p| *p > 0)?)?;
        Some(match outcome {
            Some(o) if o.unanswered() => format!("{} did not answer: {}", prev.name, o.status),
            _ if self.unreachable(n - 1) => format!("{} could not be reached", prev.name),
            _ => format!(
                "{} did not acknowledge within {} s",
                prev.name, self.ack_timeout
            ),
        })
    }

    pub fn nobody_text(&self) -> String {
        let names: Vec<&str> = self.people.iter().map(|p| p.name.as_str()).collect();
        format!(
            "Nobody took the {} ({} paged {}). {}\nReply ACK {} to take it.",
            self.title,
            names.join(", "),
            match self.rounds {
                1 => "once".to_string(),
                n => format!("{n} times"),
            },
            self.text,
            self.short()
        )
    }

    pub fn told_text(&self, ack: &Ack) -> String {
        format!(
            "{} took the {} ({}).",
            ack.name,
            self.title,
            how_words(&ack.how)
        )
    }

    /// What someone who tries to take a page `ack` took already is told (`asker`: their
    /// member id, when they have one).
    pub fn taken_already(&self, ack: &Ack, asker: Option<&str>) -> String {
        if asker == Some(ack.by.as_str()) {
            format!("You have the {} already.", self.title)
        } else {
            format!(
                "{} took the {} already, at {}.",
                ack.name,
                self.title,
                crate::oncall::sms::format_time(Some(ack.at_ms / 1000))
            )
        }
    }

    /// What the person who acknowledged is told.
    pub fn confirmation(&self, ack: &Ack) -> String {
        let others = self.progress.done(NOBODY) || self.paged().iter().any(|p| p.id != ack.by);
        format!(
            "Thanks, {}: the {} is yours.{}",
            ack.name,
            self.title,
            if others {
                " The others paged are told."
            } else {
                ""
            }
        )
    }

    /// The people paged so far (a text went out to them), each once, in order.
    pub fn paged(&self) -> Vec<&Person> {
        let mut out: Vec<&Person> = Vec::new();
        for n in 1..=self.attempts() {
            if self.paged_at(n).is_some()
                && let Some(p) = self.person(n)
                && !out.iter().any(|o| o.id == p.id)
            {
                out.push(p);
            }
        }
        out
    }

    /// The TwiML of attempt `n`'s call when the person answers. `tries` counts silences.
    pub fn answer(&self, here: &str, n: u32, tries: u32, ack: Option<&Ack>) -> twiml::Response {
        if let Some(a) = ack {
            return twiml::Response::new()
                .say(format!(
                    "This is relay. {} has already taken this page. Nothing more to do. Goodbye.",
                    a.name
                ))
                .hangup();
        }
        let action = twiml::relative(
            here,
            &format!("{KEY_PATH}?page={}&n={n}&tries={tries}", self.id),
        );
        let key = match self.bridge {
            Some(_) => "Press 1 to take it and join the bridge.",
            None => "Press 1 to take it.",
        };
        let prompt = if tries == 0 {
            format!("This is relay. {} {key}", self.say)
        } else {
            key.to_string()
        };
        twiml::Response::new().verb(Verb::Gather {
            num_digits: 1,
            timeout: 8,
            action,
            prompt,
            on_empty: true,
        })
    }

    /// After the key (or the silence) on attempt `n`'s call.
    pub fn keyed(
        &self,
        here: &str,
        n: u32,
        digits: &str,
        tries: u32,
        ack: Option<&Ack>,
        mine: bool,
    ) -> twiml::Response {
        match (digits.trim(), ack) {
            ("1", Some(a)) if mine => {
                let r = twiml::Response::new()
                    .say(format!("Thank you, {}. The page is yours.", a.name));
                match &self.bridge {
                    Some(b) => r
                        .say("Joining you to the conference bridge now.")
                        .verb(Verb::Conference { name: b.clone() }),
                    None => r.say("The others are told. Goodbye.").hangup(),
                }
            }
            (_, Some(_)) => self.answer(here, n, tries, ack),
            ("", None) if tries < 1 => self.answer(here, n, tries + 1, None),
            _ => twiml::Response::new()
                .say("You did not press 1, so the page goes on to the next person. Goodbye.")
                .hangup(),
        }
    }
}

fn how_words(how: &str) -> &'static str {
    match how {
        "sms" => "by text",
        "call" => "on the call",
        _ => "from the shell",
    }
}

impl Record for Page {
    fn progress(&self) -> &Progress {
        &self.progress
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
    fn order(&self) -> Vec<String> {
        // The call first: it reaches a person soonest (texts are paced per number).
        let mut out = Vec::new();
        for n in 1..=self.attempts() {
            if self.call {
                out.push(call_step(n));
            }
            out.push(text_step(n));
        }
        out.push(NOBODY.into());
        out.push(TOLD.into());
        out
    }
}

/// An `ACK` by text: `ACK`, `1`, or `ACK <short id>`, the whole message, any case (a
/// trailing `.` or `!` forgiven). `Some(None)`: acknowledge the one open page.
pub fn parse_ack(body: &str) -> Option<Option<String>> {
    let b = body.trim().trim_end_matches(['.', '!']).trim();
    if b == "1" || b.eq_ignore_ascii_case("ack") {
        return Some(None);
    }
    let (word, rest) = b.split_once(char::is_whitespace)?;
    let rest = rest.trim();
    (word.eq_ignore_ascii_case("ack")
        && !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '…'))
    .then(|| Some(rest.trim_start_matches('…').to_string()))
}

/// Which page an `ACK` takes, among the recent ones (`(page, its ack)`, any order): the
/// one named, or the only one waiting. `Err` is the reply that says why not.
pub fn choose<'a>(
    recent: &'a [(Page, Option<Ack>)],
    named: Option<&str>,
) -> Result<&'a (Page, Option<Ack>), String> {
    match named {
        Some(part) => {
            let found: Vec<&(Page, Option<Ack>)> = recent
                .iter()
                .filter(|(p, _)| {
                    p.id.to_ascii_lowercase()
                        .contains(&part.to_ascii_lowercase())
                })
                .collect();
            match found.as_slice() {
                [one] => Ok(one),
                [] => Err(format!(
                    "No page {part} in the last day. {}",
                    waiting_list(recent)
                )),
                _ => Err(format!(
                    "{part} names {} pages; give more of the id. {}",
                    found.len(),
                    waiting_list(recent)
                )),
            }
        }
        None => {
            let waiting: Vec<&(Page, Option<Ack>)> = recent
                .iter()
                .filter(|(p, a)| a.is_none() && p.progress.any_open())
                .collect();
            match waiting.as_slice() {
                [one] => Ok(one),
                [] => Err("Nothing is waiting for an ACK.".into()),
                _ => Err(waiting_list(recent)),
            }
        }
    }
}

fn waiting_list(recent: &[(Page, Option<Ack>)]) -> String {
    let mut waiting: Vec<&Page> = recent
        .iter()
        .filter(|(p, a)| a.is_none() && p.progress.any_open())
        .map(|(p, _)| p)
        .collect();
    waiting.sort_by(|a, b| b.id.cmp(&a.id));
    match waiting.len() {
        0 => "Nothing is waiting for an ACK.".into(),
        n => format!(
            "{n} page(s) waiting; reply with the one you take: {}",
            waiting
                .iter()
                .map(|p| format!("ACK {} ({})", p.short(), p.title))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One line of a page's timeline.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Event {
    /// Epoch ms.
    pub at_ms: i64,
    pub time: String,
    /// `paged`, `texted`, `called`, `call`, `escalated`, `acknowledged`, `told`, `nobody`,
    /// `failed`, `closed`.
    pub event: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    pub detail: String,
}

fn event(at_ms: i64, what: &str, who: Option<&Person>, detail: String) -> Event {
    Event {
        at_ms,
        time: crate::oncall::sms::format_time(Some(at_ms / 1000)),
        event: what.into(),
        who: who.map(|p| p.id.clone()),
        detail,
    }
}

/// Where a page stands, in a word: `acknowledged`, `waiting` (for an ACK), `nobody`
/// (nobody took it), `failed`.
pub fn state(page: &Page, ack: Option<&Ack>) -> String {
    if let Some(a) = ack {
        return format!("taken by {}", a.by);
    }
    if page.progress.done(NOBODY) {
        return "nobody took it".into();
    }
    let at = (1..=page.attempts())
        .rev()
        .find(|n| page.paged_at(*n).is_some())
        .unwrap_or(0);
    match page.person(at.max(1)) {
        Some(p) if at > 0 => format!("waiting for {} ({at}/{})", p.id, page.attempts()),
        _ => "waiting".into(),
    }
}

/// Everything that happened to a page, in time order.
pub fn timeline(
    page: &Page,
    ack: Option<&Ack>,
    outcomes: &BTreeMap<u32, CallOutcome>,
) -> Vec<Event> {
    let mut out = vec![event(
        page.created_ms,
        "paged",
        None,
        format!(
            "{}: {} in turn, {} s each to acknowledge, {} round(s)",
            page.title,
            page.chain(),
            page.ack_timeout,
            page.rounds
        ),
    )];
    let step_ms = |st: &Step| st.at.unwrap_or(0) * 1000;
    for n in 1..=page.attempts() {
        let who = page.person(n);
        // An escalation shows where the attempt began: its first step (to the ms).
        if n > 1 && page.paged_at(n).is_some() {
            out.push(event(
                page.paged_at(n).unwrap_or(0),
                "escalated",
                who,
                page.why(n, outcomes.get(&(n - 1))).unwrap_or_default(),
            ));
        }
        for (step, done, what) in [
            (call_step(n), "called", "call"),
            (text_step(n), "texted", "text"),
        ] {
            let Some(st) = page.progress.steps.get(&step) else {
                continue;
            };
            // Step times are whole seconds; the attempt's start is to the millisecond.
            let at = step_ms(st).max(page.paged_at(n).unwrap_or(0));
            match st.state.as_str() {
                crate::durable::DONE => {
                    out.push(event(at, done, who, st.detail.clone().unwrap_or_default()))
                }
                crate::durable::FAILED => out.push(event(
                    at,
                    "failed",
                    who,
                    format!("{what}: {}", st.last_error.clone().unwrap_or_default()),
                )),
                _ => {}
            }
        }
        if let Some(o) = outcomes.get(&n) {
            let answered_with_1 = ack.is_some_and(|a| a.how == "call" && a.attempt == Some(n));
            out.push(event(
                o.at_ms,
                "call",
                who,
                format!(
                    "{}{}{}",
                    o.status,
                    o.duration.map(|d| format!(" ({d} s)")).unwrap_or_default(),
                    if o.status == "completed" && !answered_with_1 {
                        ", 1 not pressed"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    if let Some(a) = ack {
        out.push(Event {
            at_ms: a.at_ms,
            time: crate::oncall::sms::format_time(Some(a.at_ms / 1000)),
            event: "acknowledged".into(),
            who: Some(a.by.clone()),
            detail: format!(
                "{} {}, {} after the page",
                a.name,
                how_words(&a.how),
                crate::output::duration_words(((a.at_ms - page.created_ms) / 1000).max(0))
            ),
        });
    }
    for (name, what) in [(NOBODY, "nobody"), (TOLD, "told")] {
        if let Some(st) = page.progress.steps.get(name) {
            let detail = st
                .detail
                .clone()
                .or_else(|| st.last_error.clone())
                .unwrap_or_default();
            // Telling the others follows the acknowledgement, though its whole second
            // may start before it.
            let at = match ack {
                Some(a) if name == TOLD => step_ms(st).max(a.at_ms),
                _ => step_ms(st),
            };
            match st.state.as_str() {
                crate::durable::DONE => out.push(event(at, what, None, detail)),
                crate::durable::FAILED => {
                    out.push(event(at, "failed", None, format!("{name}: {detail}")))
                }
                crate::durable::SKIPPED if name == TOLD && ack.is_none() => {
                    out.push(event(at, "closed", None, detail))
                }
                _ => {}
            }
        }
    }
    out.sort_by_key(|e| e.at_ms);
    out
}

/// The timeline as lines for a terminal: time, event, who, what.
pub fn timeline_lines(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!(
                "{}  {:<12} {:<8} {}",
                e.time,
                e.event,
                e.who.as_deref().unwrap_or("-"),
                e.detail
            )
        })
        .collect()
}

/// A page as `--json` prints it: its state, who took it, and its timeline.
pub fn to_json(
    page: &Page,
    ack: Option<&Ack>,
    outcomes: &BTreeMap<u32, CallOutcome>,
) -> serde_json::Value {
    serde_json::json!({
        "id": page.id,
        "source": page.source,
        "title": page.title,
        "state": state(page, ack),
        "acknowledged": ack,
        "order": page.people,
        "ack_timeout": page.ack_timeout,
        "rounds": page.rounds,
        "steps": page.progress.steps,
        "timeline": timeline(page, ack, outcomes),
    })
}

#[cfg(test)]
mod tests;
