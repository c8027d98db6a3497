//! The ticketer's durable work, through [`crate::durable`], in order per room:
//! - [`Event`]s: what RapidPro sent (a room opened, a visitor's message, the room closed),
//!   filed through the tickets backend by [`Filer`].
//! - [`Callback`]s: what agents sent (`agent-message`, `close-room`), POSTed to mailroom's
//!   callback by [`Poster`]: 10 s timeout, retried on connection errors, timeouts, 408, 429
//!   and 5xx; any other answer is recorded as failed with mailroom's words.

use super::{
    LINKS, Link, ROOMS, Room, SETTINGS, Settings, TicketLink, introduction, message_text,
    random_id, requester_name, subject,
};
use crate::durable::{self, Permanent, Progress, Queue, Record, Step, Work};
use crate::store::{Condition, Store};
use crate::tickets::deliver::now_ms;
use crate::tickets::{Backend, Entry, NewTicket, RAPIDPRO, Requester};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

pub const EVENTS: &str = "tickets/ticketer/events/";
pub const CALLBACKS: &str = "tickets/ticketer/callbacks/";

pub const OPEN: &str = "open";
pub const MESSAGE: &str = "message";
pub const CLOSE: &str = "close";
pub const AGENT_MESSAGE: &str = "agent-message";
pub const CLOSE_ROOM: &str = "close-room";

/// The one step of an event.
pub const STEP_FILE: &str = "file";
/// The one step of a callback.
pub const STEP_POST: &str = "post";

/// mailroom's callback must answer within this.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Where a record stands: its room and its place in the room's time order. Flattened into
/// events and callbacks.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Place {
    pub room: String,
    pub at_ms: i64,
    pub suffix: String,
}

impl Place {
    fn new(room: &str, suffix: String) -> Place {
        Place {
            room: room.into(),
            at_ms: now_ms(),
            suffix,
        }
    }

    /// `ROOM/0001700000000000-SUFFIX`: a room's records list together, in time order.
    pub fn id(&self) -> String {
        format!("{}/{:016}-{}", self.room, self.at_ms, self.suffix)
    }

    fn order(&self) -> (i64, &str) {
        (self.at_ms, &self.suffix)
    }
}

/// A record of a room's.
trait InRoom: Record {
    fn place(&self) -> &Place;
}

/// A room's records of one kind: the group its records wait in.
fn room_group<R: InRoom>(prefix: &str, rec: &R) -> String {
    format!("{prefix}{}/", rec.place().room)
}

/// Whether `rec` is the first of its room's records that may still be tried: each waits
/// while an earlier one may still go (one given up does not hold the others back).
async fn first_in_room<R: InRoom>(
    store: &Store,
    prefix: &str,
    id: &str,
    rec: &R,
) -> anyhow::Result<bool> {
    let waits = durable::waits_behind::<R>(
        store,
        &room_group(prefix, rec),
        &format!("{prefix}{id}.json"),
        |o| {
            o.progress()
                .steps
                .values()
                .any(|s| durable::retryable(Some(s)))
                && o.place().order() < rec.place().order()
        },
    )
    .await?;
    Ok(!waits)
}

/// Something RapidPro sent, on its way to the ticket.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Event {
    #[serde(flatten)]
    pub place: Place,
    /// `open`, `message` or `close`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Link>,
    #[serde(flatten)]
    pub progress: Progress,
}

impl Event {
    pub fn new(room: &str, kind: &str, text: &str, attachments: Vec<Link>) -> Event {
        Event {
            // After a room's opening (suffix 0) made in the same millisecond.
            place: Place::new(room, format!("1{}", random_id(8))),
            kind: kind.into(),
            text: text.into(),
            attachments,
            progress: Progress::with([(STEP_FILE.to_string(), Step::pending())]),
        }
    }

    /// A room's opening: one id per room, so recording it twice is a no-op.
    pub fn open(room: &Room) -> Event {
        let mut ev = Event::new(&room.id, OPEN, "", Vec::new());
        ev.place.at_ms = room.opened;
        ev.place.suffix = "0".into();
        ev
    }

    pub fn id(&self) -> String {
        self.place.id()
    }

    /// The id answered to mailroom for a visitor's message.
    pub fn message_id(&self) -> String {
        self.id().replace('/', "-")
    }
}

impl InRoom for Event {
    fn place(&self) -> &Place {
        &self.place
    }
}

impl Record for Event {
    fn progress(&self) -> &Progress {
        &self.progress
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
    fn order(&self) -> Vec<String> {
        vec![STEP_FILE.into()]
    }
}

/// Files events through the tickets backend.
pub struct Filer {
    pub store: Store,
    pub backend: Arc<dyn Backend>,
}

pub type Events = Queue<Filer>;

impl Filer {
    async fn room(&self, id: &str) -> anyhow::Result<(Room, String)> {
        let key = format!("{ROOMS}{id}.json");
        match self.store.get_json::<Room>(&key).await? {
            Some((r, _)) => Ok((r, key)),
            None => Err(Permanent(format!("room {id} is missing from the store ({key})")).into()),
        }
    }

    async fn ticket_of(&self, id: &str) -> anyhow::Result<String> {
        self.room(id).await?.0.ticket.ok_or_else(|| {
            anyhow::anyhow!(
                "room {id} has no ticket yet: its opening is not filed (relay tickets pending)"
            )
        })
    }

    async fn open(&self, ev: &Event) -> anyhow::Result<String> {
        let (mut room, key) = self.room(&ev.place.room).await?;
        if let Some(t) = &room.ticket {
            return Ok(format!("ticket {t} (made before)"));
        }
        let v = &room.visitor;
        let requester = Requester {
            name: requester_name(&v.token),
            real_name: v.name.clone(),
            phone: v.phone.clone().unwrap_or_default(),
        };
        let entry = Entry {
            text: introduction(&room),
            attachments: Vec::new(),
            sid: Some(ev.id()),
            number: String::new(),
            at: room.opened / 1000,
        };
        // A delivery that died after making the ticket (before recording it in the room)
        // made it under this event's id: found, not made twice.
        let ticket = match self.backend.filed(&ev.id()).await? {
            Some(f) => f.ticket,
            None => {
                self.backend
                    .create_ticket(&NewTicket {
                        queue: &room.queue,
                        channel: RAPIDPRO,
                        subject: subject(v),
                        requester: &requester,
                        entry: &entry,
                    })
                    .await?
            }
        };
        let link = TicketLink {
            room: room.id.clone(),
            token: v.token.clone(),
            ticket_id: room.ticket_id.clone(),
        };
        let _ = self
            .store
            .put_json(&format!("{LINKS}{ticket}.json"), &link, Condition::Always)
            .await?;
        // Only this step writes a room after it is made.
        room.ticket = Some(ticket.clone());
        let _ = self.store.put_json(&key, &room, Condition::Always).await?;
        Ok(format!("ticket {ticket}"))
    }
}

#[async_trait::async_trait]
impl Work for Filer {
    type Record = Event;
    const NAME: &'static str = "ticketer";

    fn prefix(&self) -> &'static str {
        EVENTS
    }

    fn store(&self) -> &Store {
        &self.store
    }

    /// A room's events are filed in order.
    fn group(&self, ev: &Event) -> Option<String> {
        Some(room_group(EVENTS, ev))
    }

    async fn ready(&self, id: &str, ev: &Event, _step: &str) -> anyhow::Result<bool> {
        first_in_room(&self.store, EVENTS, id, ev).await
    }

    async fn run(&self, _step: &str, ev: &mut Event) -> anyhow::Result<Option<String>> {
        match ev.kind.as_str() {
            OPEN => self.open(ev).await.map(Some),
            MESSAGE => {
                let ticket = self.ticket_of(&ev.place.room).await?;
                let entry = Entry {
                    text: message_text(&ev.text, &ev.attachments),
                    attachments: Vec::new(),
                    sid: Some(ev.id()),
                    number: String::new(),
                    at: ev.place.at_ms / 1000,
                };
                self.backend.comment(&ticket, &entry).await?;
                Ok(Some(format!("added to ticket {ticket}")))
            }
            CLOSE => {
                let ticket = self.ticket_of(&ev.place.room).await?;
                self.backend
                    .set_resolved(&ticket, true, "RapidPro (room.close)")
                    .await?;
                Ok(Some(format!("ticket {ticket} resolved")))
            }
            other => Err(Permanent(format!("unknown event {other}")).into()),
        }
    }

    fn remove_when_done(&self) -> bool {
        true
    }
}

/// What an agent sent, on its way to mailroom.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Callback {
    #[serde(flatten)]
    pub place: Place,
    pub ticket: String,
    pub token: String,
    /// mailroom's ticket UUID.
    pub ticket_id: String,
    /// `agent-message` or `close-room`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Link>,
    /// Who or what made it: `relay tickets reply (ann)`, `RT transaction 42 by bob`.
    pub source: String,
    #[serde(flatten)]
    pub progress: Progress,
}

impl Callback {
    /// `suffix` names it when it must be made once (`rt-42` for RT's transaction 42).
    pub fn new(
        link: &TicketLink,
        ticket: &str,
        kind: &str,
        text: &str,
        attachments: Vec<Link>,
        source: &str,
        suffix: Option<String>,
    ) -> Callback {
        Callback {
            place: Place::new(&link.room, suffix.unwrap_or_else(|| random_id(8))),
            ticket: ticket.into(),
            token: link.token.clone(),
            ticket_id: link.ticket_id.clone(),
            kind: kind.into(),
            text: text.into(),
            attachments,
            source: source.into(),
            progress: Progress::with([(STEP_POST.to_string(), Step::pending())]),
        }
    }

    pub fn id(&self) -> String {
        self.place.id()
    }

    /// The JSON mailroom's handler reads.
    pub fn body(&self) -> serde_json::Value {
        let visitor = json!({ "token": self.token });
        if self.kind == CLOSE_ROOM {
            return json!({"type": CLOSE_ROOM, "ticketID": self.ticket_id, "visitor": visitor});
        }
        let mut data = json!({ "text": self.text });
        if !self.attachments.is_empty() {
            data["attachments"] = json!(self.attachments);
        }
        json!({"type": AGENT_MESSAGE, "ticketID": self.ticket_id, "visitor": visitor, "data": data})
    }
}

impl InRoom for Callback {
    fn place(&self) -> &Place {
        &self.place
    }
}

impl Record for Callback {
    fn progress(&self) -> &Progress {
        &self.progress
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
    fn order(&self) -> Vec<String> {
        vec![STEP_POST.into()]
    }
}

/// POSTs callbacks to mailroom.
pub struct Poster {
    pub store: Store,
    http: reqwest::Client,
}

pub type Callbacks = Queue<Poster>;

impl Poster {
    pub fn new(store: Store) -> Poster {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(TIMEOUT)
            // The secret goes to the registered callback and nowhere else.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("relay/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds");
        Poster { store, http }
    }

    /// POSTs `body` to the callback RapidPro registered, with its secret: the host, and
    /// mailroom's status and answer (cut).
    async fn post(&self, body: &serde_json::Value) -> anyhow::Result<(String, u16, String)> {
        let Some((settings, _)) = self.store.get_json::<Settings>(SETTINGS).await? else {
            anyhow::bail!(
                "RapidPro has not registered its callback URL yet: it does when the ticketer is connected in RapidPro (PUT settings)"
            );
        };
        let Some(secret) = settings.secret else {
            anyhow::bail!(
                "the stored callback has no secret: connect the ticketer in RapidPro again"
            );
        };
        let host = url::Url::parse(&settings.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let resp = self
            .http
            .post(&settings.url)
            .header("Authorization", format!("Token {}", secret.expose()))
            .json(body)
            .send()
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot deliver to mailroom at {host}: {}",
                    crate::exit::chain(&e)
                )
            })?;
        let status = resp.status().as_u16();
        let text = excerpt(&resp.text().await.unwrap_or_default());
        Ok((host, status, text))
    }

    /// `relay doctor`: the registered callback answers and takes the secret. The probe is
    /// an event with no ticket, which mailroom refuses after checking the secret (400, a
    /// missing field; 401 for a wrong secret): nothing is delivered or changed.
    pub async fn check(&self) -> anyhow::Result<String> {
        let (host, status, text) = self
            .post(&serde_json::json!({ "type": "relay-doctor" }))
            .await?;
        match status {
            400 | 200..=299 => Ok(format!("mailroom at {host} takes relay's secret")),
            401 | 403 => anyhow::bail!(
                "mailroom at {host} refused the secret ({status}): connect the ticketer in RapidPro again, so relay learns the current one"
            ),
            404 => anyhow::bail!(
                "mailroom at {host} does not know this ticketer (404): connect it in RapidPro again"
            ),
            _ => anyhow::bail!("mailroom at {host} answered {status}: {text}"),
        }
    }
}

/// mailroom's answer, cut for the record.
fn excerpt(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s.to_string()
    }
}

#[async_trait::async_trait]
impl Work for Poster {
    type Record = Callback;
    const NAME: &'static str = "ticketer";

    fn prefix(&self) -> &'static str {
        CALLBACKS
    }

    fn store(&self) -> &Store {
        &self.store
    }

    /// A room's callbacks go in order.
    fn group(&self, cb: &Callback) -> Option<String> {
        Some(room_group(CALLBACKS, cb))
    }

    async fn ready(&self, id: &str, cb: &Callback, _step: &str) -> anyhow::Result<bool> {
        first_in_room(&self.store, CALLBACKS, id, cb).await
    }

    async fn run(&self, _step: &str, cb: &mut Callback) -> anyhow::Result<Option<String>> {
        let (host, status, text) = self.post(&cb.body()).await?;
        match status {
            200..=299 => Ok(Some(format!("{status} {text}"))),
            408 | 429 | 500..=599 => anyhow::bail!("mailroom at {host} answered {status}: {text}"),
            300..=399 => Err(Permanent(format!(
                "mailroom at {host} answered {status} (a redirect): register the final URL in RapidPro; relay does not follow redirects with the secret"
            ))
            .into()),
            _ => Err(Permanent(format!("mailroom at {host} answered {status}: {text}")).into()),
        }
    }
}
