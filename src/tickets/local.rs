//! Tickets in relay's own store: the embedded default, no other software.
//!
//! Layout: `tickets/local/tickets/00000042.json` (a ticket and its whole conversation),
//! `tickets/local/requesters/DIGITS.json` (a requester by phone, with the ids of their
//! active tickets: a hint, the ticket's own status is the truth), and
//! `tickets/local/files/ID/N-NAME` (media kept beside the ticket). Every change is a
//! compare-and-swap of one document; a ticket id is taken by creating its document only if
//! absent, so two relays on one store never hand out the same number.

use super::{Backend, Contact, Entry, Item, NewTicket, Requester, StatusFilter, Summary, digits};
use crate::oncall::service::now_epoch;
use crate::store::{Condition, Put, Store};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

pub const TICKETS: &str = "tickets/local/tickets/";
pub const REQUESTERS: &str = "tickets/local/requesters/";
pub const FILES: &str = "tickets/local/files/";

pub const OPEN: &str = "open";
pub const RESOLVED: &str = "resolved";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Person {
    #[serde(flatten)]
    pub requester: Requester,
    /// Ids of their active tickets.
    #[serde(default)]
    pub active: Vec<String>,
    pub created: i64,
}

/// A file kept with a message, or a link to one too large to keep.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Media {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// Where the bytes are in the store.
    pub key: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Message {
    pub at: i64,
    /// `text`, `reply`, `comment` or `status`.
    pub kind: String,
    pub author: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ticket {
    pub id: String,
    pub status: String,
    pub queue: String,
    pub subject: String,
    pub requester: Requester,
    /// `sms`, or `rapidpro` (a ticketer room).
    pub channel: String,
    /// The number it came in on: replies are texted from it (empty for a room).
    pub number: String,
    pub created: i64,
    pub updated: i64,
    pub messages: Vec<Message>,
}

impl Ticket {
    fn summary(&self) -> Summary {
        Summary {
            id: self.id.clone(),
            status: self.status.clone(),
            queue: self.queue.clone(),
            subject: self.subject.clone(),
            requester: Some(self.requester.phone.clone()),
            updated: Some(self.updated),
        }
    }
}

pub struct Local {
    store: Store,
    /// The next ticket number to try; found from the store's listing on first use.
    next: Mutex<Option<u64>>,
}

/// Ticket ids are padded in keys so the store lists them in order.
fn ticket_key(id: &str) -> String {
    match id.parse::<u64>() {
        Ok(n) => format!("{TICKETS}{n:08}.json"),
        Err(_) => format!("{TICKETS}{id}.json"),
    }
}

fn requester_key(phone: &str) -> String {
    format!("{REQUESTERS}{}.json", digits(phone))
}

/// Compare-and-swap attempts before a busy document is reported.
const CAS_ATTEMPTS: u32 = 100;

impl Local {
    pub fn new(store: Store) -> Local {
        Local {
            store,
            next: Mutex::new(None),
        }
    }

    pub async fn ticket(&self, id: &str) -> anyhow::Result<Option<Ticket>> {
        Ok(self
            .store
            .get_json::<Ticket>(&ticket_key(id))
            .await?
            .map(|(t, _)| t))
    }

    /// Changes a ticket with compare-and-swap; the changed ticket.
    async fn update(
        &self,
        id: &str,
        change: impl Fn(&mut Ticket) -> anyhow::Result<()>,
    ) -> anyhow::Result<Ticket> {
        let key = ticket_key(id);
        for _ in 0..CAS_ATTEMPTS {
            let Some((mut t, v)) = self.store.get_json::<Ticket>(&key).await? else {
                return Err(crate::exit::input(format!(
                    "no ticket {id}: `relay tickets list --status all` shows them"
                )));
            };
            change(&mut t)?;
            t.updated = now_epoch();
            if let Put::Written(_) = self.store.put_json(&key, &t, Condition::IfMatch(v)).await? {
                return Ok(t);
            }
        }
        Err(crate::exit::unavailable(format!(
            "ticket {id} kept changing under relay; try again"
        )))
    }

    /// Changes a requester's active list with compare-and-swap.
    async fn update_person(
        &self,
        phone: &str,
        change: impl Fn(&mut Vec<String>),
    ) -> anyhow::Result<()> {
        let key = requester_key(phone);
        for _ in 0..CAS_ATTEMPTS {
            let Some((mut p, v)) = self.store.get_json::<Person>(&key).await? else {
                return Ok(());
            };
            change(&mut p.active);
            if let Put::Written(_) = self.store.put_json(&key, &p, Condition::IfMatch(v)).await? {
                return Ok(());
            }
        }
        Err(crate::exit::unavailable(format!(
            "the requester {phone} kept changing under relay; try again"
        )))
    }

    async fn first_free_id(&self) -> anyhow::Result<u64> {
        if let Some(n) = *self.next.lock().unwrap_or_else(|p| p.into_inner()) {
            return Ok(n);
        }
        let last = self
            .store
            .list(TICKETS)
            .await?
            .iter()
            .filter_map(|k| {
                k.strip_prefix(TICKETS)?
                    .strip_suffix(".json")?
                    .parse::<u64>()
                    .ok()
            })
            .max()
            .unwrap_or(0);
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        Ok(*next.get_or_insert(last + 1))
    }

    /// Stores the attachments beside ticket `id`.
    async fn keep(&self, id: &str, entry: &Entry, first: usize) -> anyhow::Result<Vec<Media>> {
        let mut out = Vec::new();
        for (i, a) in entry.attachments.iter().enumerate() {
            let safe: String = a
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let safe = safe.trim_start_matches('.');
            let key = format!("{FILES}{id}/{}-{safe}", first + i + 1);
            let _ = self
                .store
                .put(&key, a.bytes.clone(), Condition::Always)
                .await?;
            out.push(Media {
                name: a.name.clone(),
                content_type: a.content_type.clone(),
                size: a.bytes.len() as u64,
                key,
            });
        }
        Ok(out)
    }

    fn message(kind: &str, author: &str, text: &str) -> Message {
        Message {
            at: now_epoch(),
            kind: kind.into(),
            author: author.into(),
            text: text.into(),
            sid: None,
            media: Vec::new(),
        }
    }
}

#[async_trait::async_trait]
impl Backend for Local {
    fn kind(&self) -> &'static str {
        "local"
    }

    async fn find_requester(&self, phone: &str) -> anyhow::Result<Option<Requester>> {
        Ok(self
            .store
            .get_json::<Person>(&requester_key(phone))
            .await?
            .map(|(p, _)| p.requester))
    }

    async fn create_requester(&self, phone: &str, name: &str) -> anyhow::Result<Requester> {
        let p = Person {
            requester: Requester {
                name: name.into(),
                real_name: None,
                phone: phone.into(),
            },
            active: Vec::new(),
            created: now_epoch(),
        };
        let key = requester_key(phone);
        match self.store.put_json(&key, &p, Condition::IfAbsent).await? {
            Put::Written(_) => Ok(p.requester),
            // Made by a text racing this one.
            Put::Conflict => Ok(self
                .store
                .get_json::<Person>(&key)
                .await?
                .map_or(p.requester, |(p, _)| p.requester)),
        }
    }

    async fn active_tickets(&self, r: &Requester) -> anyhow::Result<Vec<String>> {
        let Some((p, _)) = self
            .store
            .get_json::<Person>(&requester_key(&r.phone))
            .await?
        else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for id in p.active {
            if self.ticket(&id).await?.is_some_and(|t| t.status == OPEN) {
                out.push(id);
            }
        }
        Ok(out)
    }

    async fn create_ticket(&self, new: &NewTicket<'_>) -> anyhow::Result<String> {
        let mut n = self.first_free_id().await?;
        loop {
            let id = n.to_string();
            let media = self.keep(&id, new.entry, 0).await?;
            let t = Ticket {
                id: id.clone(),
                status: OPEN.into(),
                queue: new.queue.into(),
                subject: new.subject.clone(),
                requester: new.requester.clone(),
                channel: new.channel.into(),
                number: new.entry.number.clone(),
                created: new.entry.at,
                updated: new.entry.at,
                messages: vec![Message {
                    at: new.entry.at,
                    kind: "text".into(),
                    author: new.requester.name.clone(),
                    text: new.entry.text.clone(),
                    sid: new.entry.sid.clone(),
                    media,
                }],
            };
            match self
                .store
                .put_json(&ticket_key(&id), &t, Condition::IfAbsent)
                .await?
            {
                Put::Written(_) => {
                    *self.next.lock().unwrap_or_else(|p| p.into_inner()) = Some(n + 1);
                    // A room is never the requester's "active ticket" for their texts.
                    if new.channel == super::SMS {
                        let phone = new.requester.phone.clone();
                        self.update_person(&phone, |active| {
                            if !active.contains(&id) {
                                active.push(id.clone())
                            }
                        })
                        .await?;
                    }
                    return Ok(id);
                }
                // Another relay took this number.
                Put::Conflict => n += 1,
            }
        }
    }

    async fn comment(&self, ticket: &str, entry: &Entry) -> anyhow::Result<()> {
        let first = self.ticket(ticket).await?.map_or(0, |t| {
            t.messages.iter().map(|m| m.media.len()).sum::<usize>()
        });
        let media = self.keep(ticket, entry, first).await?;
        self.update(ticket, |t| {
            // A retried delivery of the same text is added once.
            if entry.sid.is_some() && t.messages.iter().any(|m| m.sid == entry.sid) {
                return Ok(());
            }
            t.messages.push(Message {
                at: entry.at,
                kind: "text".into(),
                author: t.requester.name.clone(),
                text: entry.text.clone(),
                sid: entry.sid.clone(),
                media: media.clone(),
            });
            Ok(())
        })
        .await?;
        Ok(())
    }

    async fn list(&self, status: StatusFilter) -> anyhow::Result<Vec<Summary>> {
        let mut out = Vec::new();
        for key in self.store.list(TICKETS).await? {
            if let Some((t, _)) = self.store.get_json::<Ticket>(&key).await? {
                let keep = match status {
                    StatusFilter::All => true,
                    StatusFilter::Open => t.status == OPEN,
                    StatusFilter::Resolved => t.status == RESOLVED,
                };
                if keep {
                    out.push(t.summary());
                }
            }
        }
        Ok(out)
    }

    async fn show(&self, id: &str) -> anyhow::Result<Option<(Summary, Vec<Item>)>> {
        Ok(self.ticket(id).await?.map(|t| {
            let items = t
                .messages
                .iter()
                .map(|m| Item {
                    at: m.at,
                    kind: m.kind.clone(),
                    author: m.author.clone(),
                    text: m.text.clone(),
                    media: m
                        .media
                        .iter()
                        .map(|f| {
                            format!(
                                "{} ({}, {} bytes) at {}",
                                f.name, f.content_type, f.size, f.key
                            )
                        })
                        .collect(),
                })
                .collect();
            (t.summary(), items)
        }))
    }

    async fn record_reply(&self, id: &str, text: &str, author: &str) -> anyhow::Result<()> {
        self.update(id, |t| {
            t.messages.push(Self::message("reply", author, text));
            Ok(())
        })
        .await?;
        Ok(())
    }

    async fn record_comment(&self, id: &str, text: &str, author: &str) -> anyhow::Result<()> {
        self.update(id, |t| {
            t.messages.push(Self::message("comment", author, text));
            Ok(())
        })
        .await?;
        Ok(())
    }

    async fn set_resolved(&self, id: &str, resolved: bool, author: &str) -> anyhow::Result<()> {
        let status = if resolved { RESOLVED } else { OPEN };
        let t = self
            .update(id, |t| {
                if t.status != status {
                    t.status = status.into();
                    t.messages.push(Self::message(
                        "status",
                        author,
                        &format!("Status: {status}"),
                    ));
                }
                Ok(())
            })
            .await?;
        if t.channel != super::SMS {
            return Ok(());
        }
        let id = id.to_string();
        self.update_person(&t.requester.phone, |active| {
            active.retain(|a| *a != id);
            if !resolved {
                active.push(id.clone());
            }
        })
        .await
    }

    async fn contact(&self, id: &str) -> anyhow::Result<Option<Contact>> {
        Ok(self.ticket(id).await?.map(|t| Contact {
            phone: Some(t.requester.phone),
            number: Some(t.number),
        }))
    }
}
