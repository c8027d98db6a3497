//! The tickets line: a text to a `tickets` number becomes a ticket, or a comment on the
//! sender's one active ticket; agents' replies go back to the texter by SMS.
//!
//! The seed (RT-Extension-SMSWebhook-Twilio) logic, kept: the requester is found by phone
//! (or made), exactly one active ticket gets the text as a comment, zero or several get a new
//! ticket in the configured queue, with the seed's subject and content. Where the tickets
//! live is a [`Backend`]: relay's own store ([`local`]) or Request Tracker 5 ([`rt`]).
//! [`file`] is the one flow, written against the trait; [`decide`] is its pure decision.
//!
//! I/O around it: [`deliver`] (inbound texts that wait for RT or for their media, and
//! replies texted back, through [`crate::durable`]), [`rt::follow`] (replies typed in RT's
//! own UI), [`cmd`] (`relay tickets ...`) and `serve/tickets.rs` (the webhook).

pub mod cmd;
pub mod deliver;
pub mod local;
pub mod rt;

use crate::config::{Config, Role, TicketsBackend, TicketsConfig};
use crate::durable::{Pass, Queue};
use crate::store::Store;
use crate::ticketer::deliver::Callback;
use crate::ticketer::{TicketLink, Ticketer};
use crate::twilio::api::Client;
use deliver::{Inbox, InboxQueue, Replies, Reply, Texter};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The tickets line, put together from the configuration: shared by `relay serve` and
/// `relay tickets`.
pub struct Tickets {
    pub config: TicketsConfig,
    pub backend: Arc<dyn Backend>,
    /// Set with the RT backend (the follower needs it).
    pub rt: Option<Arc<rt::Rt>>,
    pub inbox: InboxQueue,
    pub replies: Replies,
    /// The first "tickets" number in [numbers]: replies on tickets that did not come in by
    /// SMS are texted from it.
    pub number: Option<String>,
    /// RapidPro's rooms, when [ticketer] is configured.
    pub ticketer: Option<Ticketer>,
}

/// Where an agent's reply went.
#[derive(Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sent {
    /// Texted to the requester.
    Sms(Reply),
    /// Sent to RapidPro (a room's ticket).
    Rapidpro(Callback),
}

impl Tickets {
    /// `None` without a [tickets] section.
    pub fn new(config: &Config, store: Store) -> anyhow::Result<Option<Tickets>> {
        let Some(tc) = config.tickets.clone() else {
            return Ok(None);
        };
        let client = Client::from_config(&config.twilio);
        let (backend, rt): (Arc<dyn Backend>, _) = match tc.backend {
            TicketsBackend::Local => (Arc::new(local::Local::new(store.clone())), None),
            TicketsBackend::Rt => {
                let rt = Arc::new(rt::Rt::new(
                    &tc,
                    store.clone(),
                    config.oncall.default_country_code.clone(),
                )?);
                (rt.clone() as Arc<dyn Backend>, Some(rt))
            }
        };
        let inbox = Queue::new(Inbox {
            store: store.clone(),
            backend: backend.clone(),
            client: client.clone(),
            queue: tc.queue.clone(),
            acknowledge: tc.acknowledge.clone(),
        });
        let ticketer = Ticketer::new(config, store.clone(), backend.clone());
        let replies = Queue::new(Texter { store, client });
        let number = config
            .numbers
            .iter()
            .find(|(_, r)| **r == Role::Tickets)
            .map(|(n, _)| n.clone());
        Ok(Some(Tickets {
            config: tc,
            backend,
            rt,
            inbox,
            replies,
            number,
            ticketer,
        }))
    }

    /// The room of a ticket, when it is one.
    async fn room_of(&self, id: &str) -> anyhow::Result<Option<(&Ticketer, TicketLink)>> {
        let Some(tk) = &self.ticketer else {
            return Ok(None);
        };
        Ok(tk.link(id).await?.map(|l| (tk, l)))
    }

    /// Records an agent's reply on the ticket and sends it: texted to the requester, or to
    /// RapidPro for a room. Tried now, at 1 s and at 3 s; the rest is retried by `relay serve` or
    /// `relay tickets retry`.
    pub async fn reply(
        &self,
        id: &str,
        text: &str,
        author: &str,
        attachments: &[Attachment],
    ) -> anyhow::Result<(Sent, Pass)> {
        if text.trim().is_empty() && attachments.is_empty() {
            return Err(crate::exit::input("the reply is empty"));
        }
        let Some(contact) = self.backend.contact(id).await? else {
            return Err(crate::exit::input(format!(
                "no ticket {id}: `relay tickets list --status all` shows them"
            )));
        };
        let source = format!("relay tickets reply ({author})");
        let mut recorded = text.to_string();
        for a in attachments {
            recorded.push_str(&format!(
                "\n[attached {} ({}, {} bytes)]",
                a.name,
                a.content_type,
                a.bytes.len()
            ));
        }
        if let Some((tk, link)) = self.room_of(id).await? {
            // Files first: a refused one (too large, no public URL) stops the reply.
            let mut links = Vec::new();
            for a in attachments {
                links.push(tk.keep_file(a).await?);
            }
            self.backend
                .record_reply(id, recorded.trim(), author)
                .await?;
            let (cb, pass) = tk.agent_message(&link, id, text, links, &source).await?;
            return Ok((Sent::Rapidpro(cb), pass));
        }
        if !attachments.is_empty() {
            return Err(crate::exit::input(format!(
                "ticket {id} came in by SMS: --attach goes with replies to RapidPro conversations only"
            )));
        }
        self.backend.record_reply(id, text, author).await?;
        let reply = Reply::new(
            &format!("{id}-{}", deliver::now_ms()),
            id,
            contact.phone,
            contact.number.or_else(|| self.number.clone()),
            text,
            &source,
        );
        self.replies.add(&reply.id, &reply).await?;
        let pass = self
            .replies
            .pass_for(&reply.id, crate::durable::COMMAND_RETRIES)
            .await?;
        let reply = self
            .replies
            .read(&reply.id)
            .await?
            .map_or(reply, |(r, _)| r);
        Ok((Sent::Sms(reply), pass))
    }

    /// Resolves (or reopens) a ticket; resolving a room's ticket closes the room in
    /// RapidPro too (the callback, with one try now). RapidPro cannot reopen a room.
    pub async fn resolve(
        &self,
        id: &str,
        resolved: bool,
        author: &str,
    ) -> anyhow::Result<Option<(Callback, Pass)>> {
        self.backend.set_resolved(id, resolved, author).await?;
        match self.room_of(id).await? {
            Some((tk, link)) if resolved => Ok(Some(
                tk.closed_by_agent(&link, id, &format!("relay tickets resolve ({author})"))
                    .await?,
            )),
            _ => Ok(None),
        }
    }

    /// At shutdown: the RT follower's lease let go.
    pub async fn stop(&self) {
        if let Some(rt) = &self.rt
            && let Err(e) = rt.release_follower().await
        {
            tracing::warn!("tickets: cannot let go of the RT follower's lease: {e:#}");
        }
    }

    /// Works left unfinished by an earlier run, resumed in the background (and swept for
    /// from then on), and (RT) the follower of replies typed in RT.
    pub fn start(&self) {
        self.inbox.resume();
        self.replies.resume();
        if let Some(tk) = &self.ticketer {
            tk.start();
        }
        if let (Some(rt), Some(tc)) = (&self.rt, &self.config.rt) {
            tokio::spawn(rt::follow(
                rt.clone(),
                rt::Outlets {
                    replies: self.replies.clone(),
                    ticketer: self.ticketer.clone(),
                    fallback_number: self.number.clone(),
                },
                self.config.queue.clone(),
                std::time::Duration::from_secs(tc.poll_interval),
            ));
        }
    }
}

/// The channel of tickets made from texts.
pub const SMS: &str = "sms";
/// The channel of tickets made from RapidPro rooms.
pub const RAPIDPRO: &str = "rapidpro";

/// A person who texts in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requester {
    /// The backend's name for them: `SMS-555-123-4567` when relay made them.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_name: Option<String>,
    /// E.164.
    pub phone: String,
}

impl Requester {
    /// RealName, else name (the seed's subject).
    pub fn display(&self) -> &str {
        self.real_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.name)
    }
}

/// A file that goes with a text or a reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What is added to a ticket: the seed's text, and the media that came with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub text: String,
    pub attachments: Vec<Attachment>,
    /// Twilio's MessageSid, when it came from a text.
    pub sid: Option<String>,
    /// The number it came in on.
    pub number: String,
    pub at: i64,
}

/// A new ticket.
#[derive(Clone, Debug)]
pub struct NewTicket<'a> {
    pub queue: &'a str,
    /// How the requester talks to the agents: `sms`, or `rapidpro` (a ticketer room: the
    /// requester is not looked up by phone, and replies go to RapidPro).
    pub channel: &'a str,
    pub subject: String,
    pub requester: &'a Requester,
    pub entry: &'a Entry,
}

/// A ticket in a listing.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub status: String,
    pub queue: String,
    pub subject: String,
    /// The requester's phone (E.164), when known.
    pub requester: Option<String>,
    /// Epoch seconds of the last change, when known.
    pub updated: Option<i64>,
}

/// One item of a ticket's conversation, for `relay tickets show`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Item {
    pub at: i64,
    /// `text` (from the requester), `reply` (to the requester), `comment` (internal),
    /// `status` (a change of status).
    pub kind: String,
    pub author: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<String>,
}

/// Which tickets `list` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusFilter {
    Open,
    Resolved,
    All,
}

/// Where tickets live. `local` and `rt` implement it; the flow and the commands only see
/// this.
#[async_trait::async_trait]
pub trait Backend: Send + Sync {
    /// `local` or `rt`.
    fn kind(&self) -> &'static str;
    /// The requester whose phone is `phone` (E.164), if any.
    async fn find_requester(&self, phone: &str) -> anyhow::Result<Option<Requester>>;
    /// Makes a requester; an existing one with that name and phone is returned as it is.
    async fn create_requester(&self, phone: &str, name: &str) -> anyhow::Result<Requester>;
    /// Ids of the requester's active tickets.
    async fn active_tickets(&self, requester: &Requester) -> anyhow::Result<Vec<String>>;
    /// Where the text with this MessageSid was filed, when this backend knows it: a
    /// delivery that is processed again (a crash, a lost answer) finds its first filing
    /// instead of filing twice.
    async fn filed(&self, _sid: &str) -> anyhow::Result<Option<Filed>> {
        Ok(None)
    }
    /// Creates a ticket; its id.
    async fn create_ticket(&self, new: &NewTicket<'_>) -> anyhow::Result<String>;
    /// Adds a text to a ticket as a comment.
    async fn comment(&self, ticket: &str, entry: &Entry) -> anyhow::Result<()>;

    async fn list(&self, status: StatusFilter) -> anyhow::Result<Vec<Summary>>;
    async fn show(&self, id: &str) -> anyhow::Result<Option<(Summary, Vec<Item>)>>;
    /// Records an agent's reply on the ticket (RT: correspond). The SMS is sent by the
    /// caller.
    async fn record_reply(&self, id: &str, text: &str, author: &str) -> anyhow::Result<()>;
    /// An internal comment, never texted.
    async fn record_comment(&self, id: &str, text: &str, author: &str) -> anyhow::Result<()>;
    /// Resolves (`true`) or reopens a ticket.
    async fn set_resolved(&self, id: &str, resolved: bool, author: &str) -> anyhow::Result<()>;
    /// Who the requester is and which of relay's numbers the ticket came in on.
    async fn contact(&self, id: &str) -> anyhow::Result<Option<Contact>>;
}

/// Where a reply on a ticket goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The requester's phone, when they have one.
    pub phone: Option<String>,
    /// The number the ticket came in on, when known.
    pub number: Option<String>,
}

/// The name relay gives a requester it makes: the seed's `SMS-ddd-ddd-dddd` from the last
/// ten digits for +1 numbers (so existing RT data matches), and `SMS-CC-REST` keeping the
/// whole number for every other country (the seed mangled those).
pub fn requester_name(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if let Some(national) = digits.strip_prefix('1')
        && national.len() == 10
    {
        return format!(
            "SMS-{}-{}-{}",
            &national[..3],
            &national[3..6],
            &national[6..]
        );
    }
    let cc_len = country_code_len(&digits);
    format!("SMS-{}-{}", &digits[..cc_len], &digits[cc_len..])
}

/// The length of the country calling code at the start of an E.164 number's digits
/// (ITU-T E.164 assignments: 1 and 7 are one digit, the two-digit codes listed, the rest
/// three).
fn country_code_len(digits: &str) -> usize {
    const TWO: [&str; 41] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93",
    ];
    const TWO_MORE: [&str; 4] = ["94", "95", "98", "99"];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if digits.len() >= 2 && (TWO.contains(&&digits[..2]) || TWO_MORE.contains(&&digits[..2]))
    {
        2
    } else {
        3.min(digits.len().saturating_sub(1))
    }
}

/// The seed's subject.
pub fn subject(requester: &Requester) -> String {
    format!("SMS Message from {}", requester.display())
}

/// The seed's content, exactly: `To: TO\nFrom: FROM\n\nBODY`.
pub fn content(to: &str, from: &str, body: &str) -> String {
    format!("To: {to}\nFrom: {from}\n\n{body}")
}

/// What to do with a text, given the requester's active tickets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Exactly one active ticket: the text is a comment on it.
    Comment(String),
    /// None, or several: a new ticket.
    Create,
}

pub fn decide(active: &[String]) -> Action {
    match active {
        [one] => Action::Comment(one.clone()),
        _ => Action::Create,
    }
}

/// Where a text went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filed {
    pub ticket: String,
    /// A new ticket (not a comment on an existing one).
    pub new: bool,
}

/// The one flow: a text filed before is found where it went; otherwise find the requester
/// (or make one) → pick the ticket → comment or create.
pub async fn file(
    backend: &dyn Backend,
    queue: &str,
    from: &str,
    entry: &Entry,
) -> anyhow::Result<Filed> {
    if let Some(sid) = &entry.sid
        && let Some(filed) = backend.filed(sid).await?
    {
        tracing::info!(
            "tickets: {sid} was filed before (ticket {}); not again",
            filed.ticket
        );
        return Ok(filed);
    }
    let (requester, active) = match backend.find_requester(from).await? {
        Some(r) => {
            let active = backend.active_tickets(&r).await?;
            (r, active)
        }
        None => (
            backend
                .create_requester(from, &requester_name(from))
                .await?,
            Vec::new(),
        ),
    };
    match decide(&active) {
        Action::Comment(ticket) => {
            backend.comment(&ticket, entry).await?;
            Ok(Filed { ticket, new: false })
        }
        Action::Create => {
            let ticket = backend
                .create_ticket(&NewTicket {
                    queue,
                    channel: SMS,
                    subject: subject(&requester),
                    requester: &requester,
                    entry,
                })
                .await?;
            Ok(Filed { ticket, new: true })
        }
    }
}

/// A reply as texts: one message up to Twilio's 1,600 characters (Twilio concatenates);
/// longer ones split at word boundaries and numbered `(1/3) `.
pub fn split_reply(text: &str) -> Vec<String> {
    const MAX: usize = crate::twilio::twiml::MAX_MESSAGE_CHARS;
    let text = text.trim();
    if text.chars().count() <= MAX {
        return vec![text.to_string()];
    }
    // Room for "(NN/NN) ".
    let room = MAX - 8;
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_inclusive(char::is_whitespace) {
        let mut word = word;
        // A "word" longer than a part is cut.
        while word.chars().count() > room {
            if !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
            let cut = word.char_indices().nth(room).map_or(word.len(), |(i, _)| i);
            parts.push(word[..cut].to_string());
            word = &word[cut..];
        }
        if cur.chars().count() + word.chars().count() > room {
            parts.push(std::mem::take(&mut cur));
        }
        cur.push_str(word);
    }
    if !cur.trim().is_empty() {
        parts.push(cur);
    }
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| format!("({}/{n}) {}", i + 1, p.trim()))
        .collect()
}

/// HTML (as RT's web UI writes replies) as plain text for an SMS: tags dropped, block ends
/// as line breaks, entities decoded, blank runs folded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = rest[lt + 1..lt + gt].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if matches!(
            name,
            "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "blockquote"
        ) {
            out.push('\n');
        }
        if (name == "style" || name == "script") && !tag.starts_with('/') {
            // Skip the element's text.
            let close = format!("</{name}");
            let after = &rest[lt + gt + 1..];
            rest = after
                .to_ascii_lowercase()
                .find(&close)
                .map_or("", |i| &after[i..]);
            continue;
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    let mut lines: Vec<String> = Vec::new();
    for line in decoded.lines() {
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if l.is_empty() && lines.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        lines.push(l);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&i| i <= 10);
        let decoded = end.and_then(|i| {
            let name = &after[..i];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The digits of a phone number, for store keys.
pub fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
pub(crate) mod memory {
    //! An in-memory backend: the flow's decisions, tested once, without a network.
    use super::*;
    use std::sync::Mutex;

    /// (id, requester phone, status, subject, entries)
    type Row = (String, String, String, String, Vec<String>);

    #[derive(Default)]
    pub struct Memory {
        pub requesters: Mutex<Vec<Requester>>,
        pub tickets: Mutex<Vec<Row>>,
    }

    impl Memory {
        pub fn set_status(&self, id: &str, status: &str) {
            for t in self.tickets.lock().unwrap().iter_mut() {
                if t.0 == id {
                    t.2 = status.into();
                }
            }
        }
    }

    #[async_trait::async_trait]
    impl Backend for Memory {
        fn kind(&self) -> &'static str {
            "memory"
        }
        async fn find_requester(&self, phone: &str) -> anyhow::Result<Option<Requester>> {
            Ok(self
                .requesters
                .lock()
                .unwrap()
                .iter()
                .find(|r| r.phone == phone)
                .cloned())
        }
        async fn create_requester(&self, phone: &str, name: &str) -> anyhow::Result<Requester> {
            let r = Requester {
                name: name.into(),
                real_name: None,
                phone: phone.into(),
            };
            self.requesters.lock().unwrap().push(r.clone());
            Ok(r)
        }
        async fn active_tickets(&self, r: &Requester) -> anyhow::Result<Vec<String>> {
            Ok(self
                .tickets
                .lock()
                .unwrap()
                .iter()
                .filter(|t| t.1 == r.phone && t.2 == "open")
                .map(|t| t.0.clone())
                .collect())
        }
        async fn create_ticket(&self, new: &NewTicket<'_>) -> anyhow::Result<String> {
            let mut t = self.tickets.lock().unwrap();
            let id = (t.len() + 1).to_string();
            t.push((
                id.clone(),
                new.requester.phone.clone(),
                "open".into(),
                new.subject.clone(),
                vec![new.entry.text.clone()],
            ));
            Ok(id)
        }
        async fn comment(&self, ticket: &str, entry: &Entry) -> anyhow::Result<()> {
            for t in self.tickets.lock().unwrap().iter_mut() {
                if t.0 == ticket {
                    t.4.push(entry.text.clone());
                }
            }
            Ok(())
        }
        async fn list(&self, _: StatusFilter) -> anyhow::Result<Vec<Summary>> {
            unimplemented!("the flow never lists")
        }
        async fn show(&self, _: &str) -> anyhow::Result<Option<(Summary, Vec<Item>)>> {
            unimplemented!("the flow never shows")
        }
        async fn record_reply(&self, _: &str, _: &str, _: &str) -> anyhow::Result<()> {
            unimplemented!("the flow never replies")
        }
        async fn record_comment(&self, _: &str, _: &str, _: &str) -> anyhow::Result<()> {
            unimplemented!("the flow never comments as an agent")
        }
        async fn set_resolved(&self, _: &str, _: bool, _: &str) -> anyhow::Result<()> {
            unimplemented!("the flow never resolves")
        }
        async fn contact(&self, _: &str) -> anyhow::Result<Option<Contact>> {
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::memory::Memory;
    use super::*;

    fn entry(body: &str) -> Entry {
        Entry {
            text: content("+18005550100", "+15551234567", body),
            attachments: Vec::new(),
            sid: None,
            number: "+18005550100".into(),
            at: 0,
        }
    }

    #[test]
    fn names_subject_and_content_as_the_seed_writes_them() {
        assert_eq!(requester_name("+15551234567"), "SMS-555-123-4567");
        assert_eq!(requester_name("+447700900461"), "SMS-44-7700900461");
        assert_eq!(requester_name("+33612345678"), "SMS-33-612345678");
        assert_eq!(requester_name("+353861234567"), "SMS-353-861234567");
        assert_eq!(requester_name("+79161234567"), "SMS-7-9161234567");
        let r = Requester {
            name: "SMS-555-123-4567".into(),
            real_name: Some("Ada Lovelace".into()),
            phone: "+15551234567".into(),
        };
        assert_eq!(subject(&r), "SMS Message from Ada Lovelace");
        let r = Requester {
            real_name: Some(" ".into()),
            ..r
        };
        assert_eq!(subject(&r), "SMS Message from SMS-555-123-4567");
        assert_eq!(
            content("+18005550100", "+15551234567", "Help!"),
            "To: +18005550100\nFrom: +15551234567\n\nHelp!"
        );
    }

    #[test]
    fn one_active_ticket_gets_the_comment_otherwise_a_new_ticket() {
        assert_eq!(decide(&[]), Action::Create);
        assert_eq!(decide(&["7".into()]), Action::Comment("7".into()));
        assert_eq!(decide(&["7".into(), "9".into()]), Action::Create);
    }

    #[tokio::test]
    async fn the_flow_against_an_in_memory_backend() {
        let m = Memory::default();
        let from = "+15551234567";
        // New sender: requester made, new ticket.
        let f = file(&m, "General", from, &entry("one")).await.unwrap();
        assert_eq!(
            f,
            Filed {
                ticket: "1".into(),
                new: true
            }
        );
        assert_eq!(m.requesters.lock().unwrap()[0].name, "SMS-555-123-4567");
        assert_eq!(
            m.tickets.lock().unwrap()[0].3,
            "SMS Message from SMS-555-123-4567"
        );
        // One active ticket: a comment.
        let f = file(&m, "General", from, &entry("two")).await.unwrap();
        assert_eq!(
            f,
            Filed {
                ticket: "1".into(),
                new: false
            }
        );
        assert_eq!(m.tickets.lock().unwrap()[0].4.len(), 2);
        // Resolved: a new ticket.
        m.set_status("1", "resolved");
        let f = file(&m, "General", from, &entry("three")).await.unwrap();
        assert_eq!(
            f,
            Filed {
                ticket: "2".into(),
                new: true
            }
        );
        // Two active: a new ticket again.
        m.set_status("1", "open");
        let f = file(&m, "General", from, &entry("four")).await.unwrap();
        assert_eq!(
            f,
            Filed {
                ticket: "3".into(),
                new: true
            }
        );
        assert_eq!(
            m.requesters.lock().unwrap().len(),
            1,
            "one requester throughout"
        );
    }

    #[test]
    fn replies_split_at_words_and_numbered() {
        assert_eq!(split_reply("  short  "), ["short"]);
        let exactly = "x".repeat(1600);
        assert_eq!(split_reply(&exactly), std::slice::from_ref(&exactly));
        let words: String = (0..500).map(|i| format!("word{i} ")).collect();
        let parts = split_reply(&words);
        assert_eq!(parts.len(), 3, "{parts:?}");
        for (i, p) in parts.iter().enumerate() {
            assert!(p.starts_with(&format!("({}/3) word", i + 1)), "{p}");
            assert!(p.chars().count() <= 1600);
            assert!(!p.ends_with(' '));
        }
        // Nothing lost, no word cut.
        let joined: Vec<&str> = parts
            .iter()
            .flat_map(|p| p.split_once(") ").unwrap().1.split(' '))
            .collect();
        assert_eq!(joined.len(), 500);
        assert_eq!(joined[499], "word499");
        let emoji = "😀".repeat(3000);
        let parts = split_reply(&emoji);
        assert!(parts.iter().all(|p| p.chars().count() <= 1600));
        assert_eq!(
            parts
                .iter()
                .map(|p| p.chars().filter(|c| *c == '😀').count())
                .sum::<usize>(),
            3000
        );
    }

    #[test]
    fn html_replies_become_plain_text() {
        assert_eq!(
            html_to_text("<p>Hello <b>there</b> &amp; bye</p>"),
            "Hello there & bye"
        );
        assert_eq!(
            html_to_text(
                "<div>Line one<br>Line&nbsp;two</div><style>p{color:red}</style><p>caf&#233; &#x1F600; &lt;ok&gt;</p>"
            ),
            "Line one\nLine two\n\ncafé 😀 <ok>"
        );
        assert_eq!(html_to_text("plain text, no tags"), "plain text, no tags");
        assert_eq!(html_to_text("a & b; c"), "a & b; c");
    }
}
