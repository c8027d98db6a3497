//! The ticketer API: RapidPro/TextIt hand a conversation to relay's tickets through the
//! Rocket.Chat ticketer protocol (../shared/facts/ticketer-protocol.md), so a team answers
//! it with `relay tickets` or in RT instead of running Rocket.Chat.
//!
//! - A room is a ticket with channel `rapidpro`, its visitor the requester. One open room
//!   per visitor token, claimed with compare-and-swap on `visitors/HASH.json`; a repeated
//!   `GET room` with the same ticketID (mailroom retries GETs) answers the same room.
//! - What RapidPro sends (room opened, a visitor's message, room closed) is written to the
//!   store as an [`deliver::Event`] before the answer, then filed through the tickets
//!   backend in order per room, through [`crate::durable`]: RT may be down.
//! - What agents send (a reply, the room's closing) is a [`deliver::Callback`], POSTed to
//!   the callback URL RapidPro registered with `PUT settings`, in order per room, retried.
//!
//! The parsing and the room decision are pure and tested here; `serve/ticketer.rs` is the
//! HTTP glue, [`cmd`] is `relay ticketer`.

pub mod cmd;
pub mod deliver;

use crate::config::{Config, TicketerConfig};
use crate::durable::{COMMAND_RETRIES, Pass, Queue};
use crate::oncall::service::now_epoch;
use crate::redacted::SecretString;
use crate::store::{Condition, Put, Store, Version};
use crate::tickets::deliver::now_ms;
use crate::tickets::{Attachment, Backend};
use deliver::{Callback, Callbacks, Event, Events, Filer, Poster};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

pub const SETTINGS: &str = "tickets/ticketer/settings.json";
pub const VISITORS: &str = "tickets/ticketer/visitors/";
pub const ROOMS: &str = "tickets/ticketer/rooms/";
pub const LINKS: &str = "tickets/ticketer/tickets/";
pub const FILES: &str = "tickets/ticketer/files/";

/// Request bodies over this are refused (413).
pub const MAX_BODY: usize = 1024 * 1024;
/// Visitor tokens and ticketIDs longer than this are refused (400).
pub const MAX_ID: usize = 256;
/// An agent's attachment, at most (what mailroom fetches).
pub const MAX_FILE: usize = 10 * 1024 * 1024;

/// A protocol error: answered as `{"error": message}` with this status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(400, message)
    }
}

/// The visitor of a room: who RapidPro hands over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    /// RapidPro's contact id, as a decimal string.
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_uuid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_fields: BTreeMap<String, String>,
}

/// `GET room`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomRequest {
    pub visitor: Visitor,
    pub ticket_id: String,
    pub session_start: Option<String>,
    pub priority: Option<String>,
}

/// An attachment link, in a visitor's or an agent's message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    #[serde(rename = "type")]
    pub content_type: String,
    pub url: String,
}

/// `POST visitor-message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitorMessage {
    pub token: String,
    pub text: String,
    pub attachments: Vec<Link>,
}

impl VisitorMessage {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.attachments.is_empty()
    }
}

fn json_body(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad("Invalid body: a JSON object is required"));
    }
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad(format!("Invalid JSON body: {e}")))?;
    if !v.is_object() {
        return Err(ApiError::bad("Invalid body: a JSON object is required"));
    }
    Ok(v)
}

/// `path` (dotted) in `v`: absent and null are `None`; a value of another type is a 400
/// naming the field.
fn string_at(v: &Value, path: &str) -> Result<Option<String>, ApiError> {
    let mut cur = v;
    for part in path.split('.') {
        match cur.get(part) {
            Some(next) => cur = next,
            None => return Ok(None),
        }
    }
    match cur {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(ApiError::bad(format!("{path} must be a string"))),
    }
}

fn required(v: &Value, path: &str) -> Result<String, ApiError> {
    match string_at(v, path)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(ApiError::bad(format!("{path} is required"))),
    }
}

fn object_at<'a>(v: &'a Value, path: &str) -> Result<&'a serde_json::Map<String, Value>, ApiError> {
    match v.get(path) {
        Some(Value::Object(o)) => Ok(o),
        None | Some(Value::Null) => Err(ApiError::bad(format!("{path} is required"))),
        Some(_) => Err(ApiError::bad(format!("{path} must be an object"))),
    }
}

fn bounded(value: String, path: &str) -> Result<String, ApiError> {
    if value.chars().count() > MAX_ID {
        return Err(ApiError::bad(format!(
            "{path} is longer than {MAX_ID} characters"
        )));
    }
    Ok(value)
}

fn token_of(v: &Value) -> Result<String, ApiError> {
    object_at(v, "visitor")?;
    bounded(required(v, "visitor.token")?, "visitor.token")
}

/// Empty strings are as good as absent (mailroom leaves them out; others send "").
fn optional(v: &Value, path: &str) -> Result<Option<String>, ApiError> {
    Ok(string_at(v, path)?.filter(|s| !s.trim().is_empty()))
}

pub fn parse_settings(body: &[u8]) -> Result<String, ApiError> {
    let v = json_body(body)?;
    object_at(&v, "webhook")?;
    let url = required(&v, "webhook.url")?;
    match url::Url::parse(&url) {
        Ok(u) if (u.scheme() == "https" || u.scheme() == "http") && u.host().is_some() => Ok(url),
        _ => Err(ApiError::bad(format!(
            "webhook.url must be an http(s) URL, not {url:?}"
        ))),
    }
}

pub fn parse_room(body: &[u8]) -> Result<RoomRequest, ApiError> {
    let v = json_body(body)?;
    let token = token_of(&v)?;
    let ticket_id = bounded(required(&v, "ticketID")?, "ticketID")?;
    let custom_fields = match v["visitor"].get("customFields") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(o)) => o
            .iter()
            .map(|(k, val)| {
                let s = match val {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    Value::Number(_) | Value::Bool(_) => val.to_string(),
                    _ => {
                        return Err(ApiError::bad(format!(
                            "visitor.customFields.{k} must be a string"
                        )));
                    }
                };
                Ok((k.clone(), s))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(ApiError::bad("visitor.customFields must be an object"));
        }
    };
    let priority = match v.get("priority") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(ApiError::bad("priority must be a string or a number")),
    };
    Ok(RoomRequest {
        visitor: Visitor {
            token,
            contact_uuid: Some(bounded(
                required(&v, "visitor.contactUUID")?,
                "visitor.contactUUID",
            )?),
            name: optional(&v, "visitor.name")?,
            email: optional(&v, "visitor.email")?,
            phone: optional(&v, "visitor.phone")?,
            department: optional(&v, "visitor.department")?,
            custom_fields,
        },
        ticket_id,
        session_start: optional(&v, "sessionStart")?,
        priority,
    })
}

pub fn parse_close(body: &[u8]) -> Result<String, ApiError> {
    token_of(&json_body(body)?)
}

/// The message; an empty one is refused by the caller only after the room is found, as
/// the app does.
pub fn parse_visitor_message(body: &[u8]) -> Result<VisitorMessage, ApiError> {
    let v = json_body(body)?;
    let token = token_of(&v)?;
    let text = string_at(&v, "text")?.unwrap_or_default();
    let attachments = match v.get("attachments") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let field = |name: &str| match a.get(name) {
                    Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
                    _ => Err(ApiError::bad(format!(
                        "attachments[{i}].{name} is required (a string)"
                    ))),
                };
                Ok(Link {
                    content_type: field("type")?,
                    url: field("url")?,
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(ApiError::bad("attachments must be an array")),
    };
    Ok(VisitorMessage {
        token,
        text,
        attachments,
    })
}

/// The callback RapidPro registered, and the secret to present to it. The secret is
/// learnt from the authenticated `PUT settings` (relay.toml keeps only its hash) and kept
/// in the store so every relay on it can call back.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Settings {
    pub url: String,
    #[serde(serialize_with = "crate::redacted::serialize_exposed")]
    pub secret: Option<SecretString>,
    pub updated: i64,
}

/// A visitor token's current room: the one-open-room claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub token: String,
    pub room: String,
    /// mailroom's ticket UUID for the room.
    pub ticket_id: String,
    pub open: bool,
}

/// A room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub id: String,
    pub ticket_id: String,
    pub visitor: Visitor,
    pub queue: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    pub opened: i64,
    /// The ticket, once filed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

/// A ticket's room: written when the ticket is made, read by replies and resolutions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketLink {
    pub room: String,
    pub token: String,
    pub ticket_id: String,
}

/// What to answer a `GET room`, given the visitor's current claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Open {
    /// Make a new room.
    New,
    /// The same request again (mailroom retried): the same room.
    Same(String),
    /// Another ticket while a room is open.
    Busy,
}

pub fn decide_open(claim: Option<&Claim>, ticket_id: &str) -> Open {
    match claim {
        Some(c) if c.open && c.ticket_id == ticket_id => Open::Same(c.room.clone()),
        Some(c) if c.open => Open::Busy,
        _ => Open::New,
    }
}

/// A store key segment for any token: its hash.
pub fn visitor_key(token: &str) -> String {
    let h = crate::twilio::signature::hex_sha256(token.as_bytes());
    format!("{VISITORS}{}.json", &h[..40])
}

/// The requester name relay gives a visitor (RT user Name).
pub fn requester_name(token: &str) -> String {
    format!("rapidpro-{token}")
}

/// The ticket's subject.
pub fn subject(v: &Visitor) -> String {
    match &v.name {
        Some(n) => format!("RapidPro conversation with {n}"),
        None => format!("RapidPro conversation with contact {}", v.token),
    }
}

/// The ticket's first entry: who the visitor is, as RapidPro said.
pub fn introduction(room: &Room) -> String {
    let v = &room.visitor;
    let mut lines = vec!["Conversation handed over by RapidPro.".to_string()];
    let mut add = |k: &str, val: Option<&String>| {
        if let Some(val) = val {
            lines.push(format!("{k}: {val}"));
        }
    };
    add("Contact", v.name.as_ref());
    add("Contact UUID", v.contact_uuid.as_ref());
    add("Phone", v.phone.as_ref());
    add("Email", v.email.as_ref());
    add("Department", v.department.as_ref());
    add("Priority", room.priority.as_ref());
    add("Session start", room.session_start.as_ref());
    add("RapidPro ticket", Some(&room.ticket_id));
    for (k, val) in &v.custom_fields {
        lines.push(format!("{k}: {val}"));
    }
    lines.join("\n")
}

/// A visitor's message as a ticket entry: the text, then a line per attachment link.
pub fn message_text(text: &str, attachments: &[Link]) -> String {
    let mut out = text.trim().to_string();
    for a in attachments {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("[{}] {}", a.content_type, a.url));
    }
    out
}

/// Random letters and digits.
pub fn random_id(n: usize) -> String {
    use rand::Rng;
    use rand::distributions::Alphanumeric;
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(n)
        .map(char::from)
        .collect()
}

/// The ticketer, put together from the configuration: shared by `relay serve` and
/// `relay tickets`. Cheap to clone.
#[derive(Clone)]
pub struct Ticketer {
    pub config: Arc<TicketerConfig>,
    pub store: Store,
    pub events: Events,
    pub callbacks: Callbacks,
    /// The queue of rooms without a department.
    pub queue: String,
    /// serve.public_url, for the URLs of agents' attachments.
    pub public_url: Option<String>,
}

impl Ticketer {
    /// `None` without [ticketer] (or without [tickets], which config check refuses).
    pub fn new(config: &Config, store: Store, backend: Arc<dyn Backend>) -> Option<Ticketer> {
        let tk = config.ticketer.clone()?;
        let tickets = config.tickets.as_ref()?;
        Some(Ticketer {
            queue: tk.queue.clone().unwrap_or_else(|| tickets.queue.clone()),
            events: Queue::new(Filer {
                store: store.clone(),
                backend,
            }),
            callbacks: Queue::new(Poster::new(store.clone())),
            config: Arc::new(tk),
            store,
            // Links given to RapidPro carry no credentials.
            public_url: config.serve.public_link(""),
        })
    }

    /// The URL to give RapidPro, when serve.public_url is known.
    pub fn base_url(&self) -> Option<String> {
        Some(base_url(self.public_url.as_deref()?, &self.config.uuid))
    }

    /// `Authorization: Token SECRET`, checked against the hash in constant time: the
    /// secret, when it is the one.
    pub fn authorized<'a>(&self, header: Option<&'a str>) -> Result<&'a str, ApiError> {
        if self.config.secret.expose().trim().is_empty() {
            return Err(ApiError::new(403, "Secret not set"));
        }
        match header.and_then(|h| h.strip_prefix("Token ")).map(str::trim) {
            Some(given) if crate::config::matches_hash(given, &self.config.secret) => Ok(given),
            _ => Err(ApiError::new(403, "Invalid Authorization header")),
        }
    }

    /// Whether mailroom's X-User-Id / X-Auth-Token are the admin credentials configured.
    pub fn admin(&self, user: Option<&str>, token: Option<&str>) -> bool {
        let (Some(want_user), Some(want_token)) =
            (&self.config.admin_user_id, &self.config.admin_auth_token)
        else {
            return false;
        };
        token.is_some_and(|t| crate::config::matches_hash(t.trim(), want_token))
            && user.is_some_and(|u| u.trim() == want_user)
    }

    pub async fn settings(&self) -> anyhow::Result<Option<Settings>> {
        Ok(self.store.get_json(SETTINGS).await?.map(|(s, _)| s))
    }

    /// `PUT settings`: the callback, with the secret it was authenticated with.
    pub async fn set_callback(&self, url: &str, secret: &str) -> anyhow::Result<()> {
        let s = Settings {
            url: url.to_string(),
            secret: Some(SecretString::new(secret)),
            updated: now_epoch(),
        };
        let _ = self.store.put_json(SETTINGS, &s, Condition::Always).await?;
        tracing::info!(
            "ticketer: RapidPro registered its callback at {}",
            url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default()
        );
        Ok(())
    }

    async fn claim(&self, token: &str) -> anyhow::Result<Option<(Claim, Version)>> {
        Ok(self.store.get_json(&visitor_key(token)).await?)
    }

    pub async fn room(&self, id: &str) -> anyhow::Result<Option<Room>> {
        Ok(self
            .store
            .get_json(&format!("{ROOMS}{id}.json"))
            .await?
            .map(|(r, _)| r))
    }

    /// The room of a ticket, if it is one.
    pub async fn link(&self, ticket: &str) -> anyhow::Result<Option<TicketLink>> {
        Ok(self
            .store
            .get_json(&format!("{LINKS}{ticket}.json"))
            .await?
            .map(|(l, _)| l))
    }

    /// `GET room`: the room's id (201), or the app's refusals.
    pub async fn open_room(&self, req: RoomRequest) -> anyhow::Result<Result<String, ApiError>> {
        let queue = match &req.visitor.department {
            None => self.queue.clone(),
            Some(d) => match self.config.departments.get(d) {
                Some(q) => q.clone(),
                None => {
                    return Ok(Err(ApiError::new(
                        404,
                        format!("Could not find a department with name: {d}"),
                    )));
                }
            },
        };
        let token = req.visitor.token.clone();
        for _ in 0..20 {
            let claim = self.claim(&token).await?;
            match decide_open(claim.as_ref().map(|(c, _)| c), &req.ticket_id) {
                Open::Busy => {
                    return Ok(Err(ApiError::bad("Visitor already has an open room")));
                }
                Open::Same(room) => {
                    // Its opening may not have been recorded if the first request died
                    // half-way: record it (a no-op when it is).
                    if let Some(r) = self.room(&room).await? {
                        self.add_event(Event::open(&r)).await?;
                    }
                    return Ok(Ok(room));
                }
                Open::New => {}
            }
            let room = Room {
                id: random_id(17),
                ticket_id: req.ticket_id.clone(),
                visitor: req.visitor.clone(),
                queue: queue.clone(),
                session_start: req.session_start.clone(),
                priority: req.priority.clone(),
                opened: now_ms(),
                ticket: None,
            };
            // The room first (harmless if the claim is lost), then the claim, then the
            // event that files it.
            let _ = self
                .store
                .put_json(
                    &format!("{ROOMS}{}.json", room.id),
                    &room,
                    Condition::Always,
                )
                .await?;
            let new_claim = Claim {
                token: token.clone(),
                room: room.id.clone(),
                ticket_id: req.ticket_id.clone(),
                open: true,
            };
            let cond = match claim {
                Some((_, v)) => Condition::IfMatch(v),
                None => Condition::IfAbsent,
            };
            match self
                .store
                .put_json(&visitor_key(&token), &new_claim, cond)
                .await?
            {
                Put::Written(_) => {
                    self.add_event(Event::open(&room)).await?;
                    tracing::info!(
                        "ticketer: room {} opened for contact {} (queue {})",
                        room.id,
                        crate::log_safe::Quoted(&token),
                        crate::log_safe::Quoted(&queue)
                    );
                    return Ok(Ok(room.id));
                }
                // A request racing this one claimed the token: decide again.
                Put::Conflict => {
                    self.store
                        .delete(&format!("{ROOMS}{}.json", room.id))
                        .await?;
                }
            }
        }
        Err(crate::exit::unavailable(format!(
            "the room of visitor {token} kept changing under relay"
        )))
    }

    /// The open room of a visitor, or the app's 404.
    async fn open_claim(&self, token: &str) -> anyhow::Result<Result<Claim, ApiError>> {
        Ok(match self.claim(token).await? {
            Some((c, _)) if c.open => Ok(c),
            _ => Err(not_found(token)),
        })
    }

    /// `GET room.close`: the room closes now; its ticket is resolved in the background.
    pub async fn close_room(&self, token: &str) -> anyhow::Result<Result<(), ApiError>> {
        match self.let_go(token, None).await? {
            Some(claim) => {
                self.add_event(Event::new(&claim.room, deliver::CLOSE, "", Vec::new()))
                    .await?;
                Ok(Ok(()))
            }
            None => Ok(Err(not_found(token))),
        }
    }

    /// The visitor's claim let go (of `room` only, when given): their next `GET room` opens
    /// another. The claim as it was, when it was open.
    async fn let_go(&self, token: &str, room: Option<&str>) -> anyhow::Result<Option<Claim>> {
        for _ in 0..20 {
            let Some((mut claim, v)) = self.claim(token).await? else {
                return Ok(None);
            };
            if !claim.open || room.is_some_and(|r| r != claim.room) {
                return Ok(None);
            }
            claim.open = false;
            if let Put::Written(_) = self
                .store
                .put_json(&visitor_key(token), &claim, Condition::IfMatch(v))
                .await?
            {
                return Ok(Some(claim));
            }
        }
        Err(crate::exit::unavailable(format!(
            "the room of visitor {token} kept changing under relay; try again"
        )))
    }

    /// `POST visitor-message`: the message's id (201).
    pub async fn visitor_message(
        &self,
        msg: VisitorMessage,
    ) -> anyhow::Result<Result<String, ApiError>> {
        let claim = match self.open_claim(&msg.token).await? {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        if msg.is_empty() {
            return Ok(Err(ApiError::bad(
                "Invalid body: text or attachments is required",
            )));
        }
        let ev = Event::new(&claim.room, deliver::MESSAGE, &msg.text, msg.attachments);
        let id = ev.message_id();
        self.add_event(ev).await?;
        Ok(Ok(id))
    }

    async fn add_event(&self, ev: Event) -> anyhow::Result<()> {
        let id = ev.id();
        if self.events.add(&id, &ev).await? {
            self.events.spawn(id);
        }
        Ok(())
    }

    /// Keeps an agent's file in the store, to be fetched by mailroom: its link.
    pub async fn keep_file(&self, a: &Attachment) -> anyhow::Result<Link> {
        if a.bytes.len() > MAX_FILE {
            return Err(crate::exit::input(format!(
                "{} is larger than {} MiB, the most mailroom fetches",
                a.name,
                MAX_FILE / 1024 / 1024
            )));
        }
        if self.config.admin_user_id.is_none() {
            return Err(crate::exit::input(
                "mailroom fetches attachments with the admin user id and token entered in RapidPro: set [ticketer] admin_user_id and admin_auth_token (`relay ticketer init` makes them)",
            ));
        }
        let Some(base) = self.base_url() else {
            return Err(crate::exit::input(
                "attachments are sent as URLs under relay's public address: set serve.public_url",
            ));
        };
        let name: String = a
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = name.trim_start_matches('.').to_string();
        let name = if name.is_empty() { "file".into() } else { name };
        let id = random_id(32);
        let meta = FileMeta {
            name: name.clone(),
            content_type: a.content_type.clone(),
            size: a.bytes.len() as u64,
        };
        let _ = self
            .store
            .put(
                &format!("{FILES}{id}/{name}"),
                a.bytes.clone(),
                Condition::Always,
            )
            .await?;
        let _ = self
            .store
            .put_json(&format!("{FILES}{id}.json"), &meta, Condition::Always)
            .await?;
        Ok(Link {
            content_type: a.content_type.clone(),
            url: format!("{base}/files/{id}/{name}"),
        })
    }

    /// A kept file: its description and bytes.
    pub async fn file(&self, id: &str, name: &str) -> anyhow::Result<Option<(FileMeta, Vec<u8>)>> {
        if id.len() != 32 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(None);
        }
        let Some((meta, _)) = self
            .store
            .get_json::<FileMeta>(&format!("{FILES}{id}.json"))
            .await?
        else {
            return Ok(None);
        };
        if meta.name != name {
            return Ok(None);
        }
        Ok(self
            .store
            .get(&format!("{FILES}{id}/{name}"))
            .await?
            .map(|o| (meta, o.bytes)))
    }

    /// An agent's message on a room's ticket (its files kept with [`Self::keep_file`]):
    /// recorded, then one try to deliver it (the rest is retried by `relay serve` or
    /// `relay tickets retry`).
    pub async fn agent_message(
        &self,
        link: &TicketLink,
        ticket: &str,
        text: &str,
        links: Vec<Link>,
        source: &str,
    ) -> anyhow::Result<(Callback, Pass)> {
        let cb = Callback::new(
            link,
            ticket,
            deliver::AGENT_MESSAGE,
            text,
            links,
            source,
            None,
        );
        self.deliver_now(cb).await
    }

    /// A room closed by an agent: the visitor's claim let go, and `close-room` sent (one
    /// try now).
    pub async fn closed_by_agent(
        &self,
        link: &TicketLink,
        ticket: &str,
        source: &str,
    ) -> anyhow::Result<(Callback, Pass)> {
        self.release(link).await?;
        let cb = Callback::new(
            link,
            ticket,
            deliver::CLOSE_ROOM,
            "",
            Vec::new(),
            source,
            None,
        );
        self.deliver_now(cb).await
    }

    /// The visitor's claim on `link`'s room, let go (their next `GET room` opens another).
    pub async fn release(&self, link: &TicketLink) -> anyhow::Result<()> {
        self.let_go(&link.token, Some(&link.room)).await?;
        Ok(())
    }

    async fn deliver_now(&self, cb: Callback) -> anyhow::Result<(Callback, Pass)> {
        let id = cb.id();
        self.callbacks.add(&id, &cb).await?;
        let pass = self.callbacks.pass_for(&id, COMMAND_RETRIES).await?;
        let cb = self.callbacks.read(&id).await?.map_or(cb, |(c, _)| c);
        Ok((cb, pass))
    }

    /// A callback queued for the background (the RT follower's): `id` makes it once.
    pub async fn queue(&self, cb: Callback) -> anyhow::Result<bool> {
        let id = cb.id();
        if self.callbacks.add(&id, &cb).await? {
            self.callbacks.spawn(id);
            return Ok(true);
        }
        Ok(false)
    }

    /// Work left by an earlier run, resumed, and swept for from then on.
    pub fn start(&self) {
        self.events.resume();
        self.callbacks.resume();
    }
}

fn not_found(token: &str) -> ApiError {
    ApiError::new(
        404,
        format!("Could not find a room for visitor token: {token}"),
    )
}

/// A kept file's description.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileMeta {
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

pub fn base_url(public_url: &str, uuid: &str) -> String {
    format!(
        "{}/ticketer/{uuid}",
        crate::url_credentials::without(public_url).trim_end_matches('/')
    )
}

/// A content type from a file name's extension.
pub fn content_type_of(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "json" => "application/json",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(r: Result<impl std::fmt::Debug, ApiError>) -> (u16, String) {
        let e = r.unwrap_err();
        (e.status, e.message)
    }

    #[test]
    fn a_room_request_as_mailroom_sends_it() {
        let body = br#"{"visitor":{"token":"1234","contactUUID":"88ff1e41-c1f8-4637-af8e-d56acbde9171","department":"Support","name":"Ada","phone":"+15417543010","customFields":{"plan":"gold","age":42}},"ticketID":"11137eb1-c831-4ddc-ba26-0bb77837f15e","sessionStart":"2020-07-17T10:28:00Z"}"#;
        let r = parse_room(body).unwrap();
        assert_eq!(r.visitor.token, "1234");
        assert_eq!(r.visitor.name.as_deref(), Some("Ada"));
        assert_eq!(r.visitor.email, None);
        assert_eq!(r.visitor.department.as_deref(), Some("Support"));
        assert_eq!(r.visitor.custom_fields["age"], "42");
        assert_eq!(r.ticket_id, "11137eb1-c831-4ddc-ba26-0bb77837f15e");
        // An unnamed contact is welcome (mailroom leaves the name out; the app refused).
        let r =
            parse_room(br#"{"visitor":{"token":"7","contactUUID":"u"},"ticketID":"t"}"#).unwrap();
        assert_eq!(r.visitor.name, None);
        assert_eq!(subject(&r.visitor), "RapidPro conversation with contact 7");
    }

    #[test]
    fn bad_requests_name_the_field() {
        assert_eq!(err(parse_room(b"{nope")).0, 400, "malformed JSON is a 400");
        assert_eq!(
            err(parse_room(br#"{"ticketID":"t"}"#)).1,
            "visitor is required"
        );
        assert_eq!(
            err(parse_room(
                br#"{"visitor":{"contactUUID":"u"},"ticketID":"t"}"#
            ))
            .1,
            "visitor.token is required"
        );
        assert_eq!(
            err(parse_room(
                br#"{"visitor":{"token":5,"contactUUID":"u"},"ticketID":"t"}"#
            ))
            .1,
            "visitor.token must be a string"
        );
        assert_eq!(
            err(parse_room(
                br#"{"visitor":{"token":"5","contactUUID":"u"}}"#
            ))
            .1,
            "ticketID is required"
        );
        let long = "x".repeat(257);
        let body =
            format!(r#"{{"visitor":{{"token":"{long}","contactUUID":"u"}},"ticketID":"t"}}"#);
        assert_eq!(
            err(parse_room(body.as_bytes())).1,
            "visitor.token is longer than 256 characters"
        );
        assert_eq!(
            err(parse_settings(br#"{"webhook":{"url":"ftp://x/y"}}"#)).1,
            "webhook.url must be an http(s) URL, not \"ftp://x/y\""
        );
        assert_eq!(
            err(parse_settings(br#"{"webhook":{}}"#)).1,
            "webhook.url is required"
        );
        assert_eq!(
            err(parse_visitor_message(
                br#"{"visitor":{"token":"1"},"attachments":[{"type":"image/png"}]}"#
            ))
            .1,
            "attachments[0].url is required (a string)"
        );
        assert!(
            parse_visitor_message(br#"{"visitor":{"token":"1"},"attachments":[]}"#)
                .unwrap()
                .is_empty(),
            "attachments: [] counts as empty"
        );
    }

    #[test]
    fn one_open_room_per_visitor_and_a_retry_gets_the_same_room() {
        let claim = Claim {
            token: "1".into(),
            room: "R".into(),
            ticket_id: "T1".into(),
            open: true,
        };
        assert_eq!(decide_open(None, "T1"), Open::New);
        assert_eq!(decide_open(Some(&claim), "T1"), Open::Same("R".into()));
        assert_eq!(decide_open(Some(&claim), "T2"), Open::Busy);
        let closed = Claim {
            open: false,
            ..claim
        };
        assert_eq!(decide_open(Some(&closed), "T2"), Open::New);
    }

    #[test]
    fn messages_and_introductions_keep_everything_rapidpro_said() {
        assert_eq!(
            message_text(
                " hi ",
                &[Link {
                    content_type: "image/jpeg".into(),
                    url: "https://x/a.jpg".into()
                }]
            ),
            "hi\n[image/jpeg] https://x/a.jpg"
        );
        let room = Room {
            id: "R".into(),
            ticket_id: "T".into(),
            visitor: Visitor {
                token: "1".into(),
                name: Some("Ada".into()),
                custom_fields: [("plan".to_string(), "gold".to_string())].into(),
                ..Default::default()
            },
            queue: "General".into(),
            session_start: None,
            priority: None,
            opened: 0,
            ticket: None,
        };
        let intro = introduction(&room);
        assert!(intro.contains("Contact: Ada\n"), "{intro}");
        assert!(intro.ends_with("RapidPro ticket: T\nplan: gold"), "{intro}");
    }

    #[test]
    fn secrets_compare_by_hash() {
        use crate::config::{is_sha256_hash, matches_hash, secret_hash};
        let hash = SecretString::new(secret_hash("s3cret"));
        assert!(matches_hash("s3cret", &hash));
        assert!(!matches_hash("s3creT", &hash));
        assert!(is_sha256_hash(hash.expose()));
        assert_eq!(content_type_of("Report.PDF"), "application/pdf");
    }
}
