//! Tickets in relay's own store: the embedded default, no other software.
//!
//! Layout: `tickets/local/tickets/00000042.json` (a ticket and its whole conversation),
//! `tickets/local/requesters/DIGITS.json` (a requester by phone, with the ids of their
//! active tickets: a hint, the ticket's own status is the truth), and
//! `tickets/local/files/ID/N-NAME` (media kept beside the ticket). Every change is a
//! compare-and-swap of one document; a ticket id is taken by creating its document only if
//! absent, so two relays on one store never hand out the same number.

use super::{
    Backend, Contact, Entry, Filed, Item, NewTicket, Requester, StatusFilter, Summary, digits,
};
use crate::oncall::service::now_epoch;
use crate::store::{Condition, Put, Store};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

pub const TICKETS: &str = "tickets/local/tickets/";
pub const REQUESTERS: &str = "tickets/local/requesters/";
pub const FILES: &str = "tickets/local/files/";
/// Where each text went, by MessageSid: `tickets/local/sids/SID.json`.
pub const SIDS: &str = "tickets/local/sids/";

/// A new ticket's reservation, written before the ticket (tickets from `from` on may hold
/// the text), and where it went once a delivery processed again has found it. Comments
/// need none: a comment is added once per MessageSid inside its ticket.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Filing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ticket: Option<String>,
    #[serde(default)]
    from: u64,
    /// When it was written (epoch seconds): it is kept `[store.retention] handled_days`.
    #[serde(default)]
    at: i64,
}

fn sid_key(sid: &str) -> String {
    format!("{SIDS}{sid}.json")
}

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

    /// Records where a text went (once a ticket made by a delivery that died is found).
    async fn record_filing(&self, sid: &str, ticket: &str) -> anyhow::Result<()> {
        let f = Filing {
            ticket: Some(ticket.to_string()),
            from: 0,
            at: now_epoch(),
        };
        let _ = self
            .store
            .put_json(&sid_key(sid), &f, Condition::Always)
            .await?;
        Ok(())
    }

    /// The ticket from `from` on whose first message is `sid`: one made by a delivery that
    /// died before it recorded where the text went.
    async fn made_for(&self, sid: &str, from: u64) -> anyhow::Result<Option<Ticket>> {
        for key in self.store.list(TICKETS).await? {
            let n = key
                .strip_prefix(TICKETS)
                .and_then(|k| k.strip_suffix(".json"))
                .and_then(|k| k.parse::<u64>().ok());
            if n.is_none_or(|n| n < from) {
                continue;
            }
            if let Some((t, _)) = self.store.get_json::<Ticket>(&key).await?
                && t.messages
                    .first()
                    .is_some_and(|m| m.sid.as_deref() == Some(sid))
            {
                return Ok(Some(t));
            }
        }
        Ok(None)
    }

    /// A new ticket in its requester's active list (a delivery that died between the two
    /// writes left it out).
    async fn activate(&self, t: &Ticket) -> anyhow::Result<()> {
        if t.channel != super::SMS || t.status != OPEN {
            return Ok(());
        }
        let id = t.id.clone();
        self.update_person(&t.requester.phone, |active| {
            if !active.contains(&id) {
                active.push(id.clone())
            }
        })
        .await
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

    async fn filed(&self, sid: &str) -> anyhow::Result<Option<Filed>> {
        let Some((f, _)) = self.store.get_json::<Filing>(&sid_key(sid)).await? else {
            return Ok(None);
        };
        let ticket = match &f.ticket {
            Some(id) => self.ticket(id).await?,
            // A delivery died while making the ticket: did it get that far?
            None => self.made_for(sid, f.from).await?,
        };
        let Some(t) = ticket else {
            return Ok(None);
        };
        // Made by a delivery that died before finishing: finished now.
        if f.ticket.is_none() {
            self.activate(&t).await?;
            self.record_filing(sid, &t.id).await?;
        }
        // Every filing is a new ticket's (comments need none).
        Ok(Some(Filed {
            ticket: t.id,
            new: true,
        }))
    }

    async fn create_ticket(&self, new: &NewTicket<'_>) -> anyhow::Result<String> {
        let mut n = self.first_free_id().await?;
        if let Some(sid) = &new.entry.sid {
            // Before the ticket: a delivery that dies after making it is found by
            // [`Backend::filed`] (tickets from `n` on), never made twice.
            let f = Filing {
                ticket: None,
                from: n,
                at: now_epoch(),
            };
            let _ = self
                .store
                .put_json(&sid_key(sid), &f, Condition::IfAbsent)
                .await?;
        }
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
                    self.activate(&t).await?;
                    // The reservation is not completed here (one write less per ticket):
                    // a delivery processed again finds the ticket from it.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tickets::file;

    fn local(dir: &tempfile::TempDir) -> Local {
        Local::new(Store::new(std::sync::Arc::new(
            crate::store::FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
        )))
    }

    fn text(sid: &str, body: &str) -> Entry {
        Entry {
            text: body.into(),
            attachments: Vec::new(),
            sid: Some(sid.into()),
            number: "+18005550100".into(),
            at: 1_700_000_000,
        }
    }

    async fn count(l: &Local) -> usize {
        l.store.list(TICKETS).await.unwrap().len()
    }

    #[tokio::test]
    async fn a_text_processed_again_is_filed_once() {
        let dir = tempfile::tempdir().unwrap();
        let l = local(&dir);
        let from = "+19195550001";
        let first = file(&l, "General", from, &text("SM1", "help"))
            .await
            .unwrap();
        assert!(first.new);
        // The same text again (a retry whose first delivery's answer was lost).
        assert_eq!(
            file(&l, "General", from, &text("SM1", "help"))
                .await
                .unwrap(),
            first
        );
        let comment = file(&l, "General", from, &text("SM2", "more"))
            .await
            .unwrap();
        assert_eq!(comment.ticket, first.ticket);
        assert!(!comment.new);
        assert_eq!(
            file(&l, "General", from, &text("SM2", "more"))
                .await
                .unwrap(),
            comment
        );
        let t = l.ticket(&first.ticket).await.unwrap().unwrap();
        assert_eq!(t.messages.len(), 2);
        assert_eq!(count(&l).await, 1);
    }

    #[tokio::test]
    async fn a_ticket_made_by_a_delivery_that_died_is_found_and_finished() {
        let dir = tempfile::tempdir().unwrap();
        let l = local(&dir);
        let from = "+19195550002";
        // Another ticket of this requester is active: a retry that did not find the new
        // ticket would wrongly comment on it.
        let other = file(&l, "General", from, &text("SM0", "old"))
            .await
            .unwrap();
        // A delivery of SM9 reserved its filing and wrote ticket 2, then died before the
        // requester's active list and the filing were updated.
        let f = Filing {
            ticket: None,
            from: 2,
            at: 0,
        };
        let _ = l
            .store
            .put_json(&sid_key("SM9"), &f, Condition::IfAbsent)
            .await
            .unwrap();
        let mut t = l.ticket(&other.ticket).await.unwrap().unwrap();
        t.id = "2".into();
        t.messages[0].sid = Some("SM9".into());
        t.messages[0].text = "new".into();
        let _ = l
            .store
            .put_json(&ticket_key("2"), &t, Condition::IfAbsent)
            .await
            .unwrap();
        let again = file(&l, "General", from, &text("SM9", "new"))
            .await
            .unwrap();
        assert_eq!(
            again,
            Filed {
                ticket: "2".into(),
                new: true
            }
        );
        assert_eq!(count(&l).await, 2, "no third ticket");
        let r = l.find_requester(from).await.unwrap().unwrap();
        assert_eq!(l.active_tickets(&r).await.unwrap(), ["1", "2"]);
        assert_eq!(
            l.ticket(&other.ticket)
                .await
                .unwrap()
                .unwrap()
                .messages
                .len(),
            1,
            "nothing commented on the other ticket"
        );
        // A reservation whose delivery died before making the ticket: made now, once.
        let f = Filing {
            ticket: None,
            from: 3,
            at: 0,
        };
        let _ = l
            .store
            .put_json(&sid_key("SM10"), &f, Condition::IfAbsent)
            .await
            .unwrap();
        let third = file(&l, "General", "+19195550003", &text("SM10", "x"))
            .await
            .unwrap();
        assert!(third.new);
        assert_eq!(
            file(&l, "General", "+19195550003", &text("SM10", "x"))
                .await
                .unwrap(),
            third
        );
        assert_eq!(count(&l).await, 3);
    }
}
