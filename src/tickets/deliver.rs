//! The tickets line's durable work, through [`crate::durable`]:
//! - [`Inbox`]: an inbound text, committed to the store before Twilio gets its answer, then
//!   `media` (downloaded from Twilio), `ticket` (filed through the backend: RT may be down or
//!   slow), `attach` (pictures that were not there when the text was filed) and `ack` (the
//!   optional acknowledgement on a new ticket). A picture never holds a text back: the text
//!   is filed after the first try of its media, with a line for each picture not attached
//!   yet, and the pictures follow as a comment when they arrive, or a line says why they
//!   never will. Texts from one requester are filed in arrival order: a text waits while an
//!   earlier one is unfiled and still being tried (one that failed for good blocks nothing).
//! - [`Replies`]: a reply texted back to a requester, one step per part of a long reply.

use super::{Attachment, Backend, Entry, content, digits};
use crate::durable::{self, Permanent, Progress, Queue, Record, Step, Work};
use crate::store::{Condition, Store};
use crate::twilio::api::{ApiError, Client, OutboundMessage};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub const INBOX: &str = "tickets/inbox/";
pub const REPLIES: &str = "tickets/replies/";
pub const MEDIA: &str = "tickets/media/";
/// Media larger than this is linked instead of attached.
pub const MAX_MEDIA: usize = 5 * 1024 * 1024;

pub const STEP_MEDIA: &str = "media";
pub const STEP_TICKET: &str = "ticket";
pub const STEP_ATTACH: &str = "attach";
pub const STEP_ACK: &str = "ack";

/// One media item of an MMS.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct InMedia {
    /// Twilio's MediaSid (ME...), from the webhook's MediaUrlN.
    pub sid: Option<String>,
    pub content_type: String,
    /// The URL as the webhook gave it (shown, never fetched).
    pub url: String,
    /// Where relay keeps the bytes, once downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default)]
    pub size: u64,
    /// Why it is linked rather than attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// On the ticket: attached, or its note written there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub filed: bool,
}

/// An inbound text on its way to a ticket.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Inbound {
    pub sid: String,
    pub from: String,
    pub to: String,
    pub body: String,
    /// Epoch milliseconds, for the order of a requester's texts.
    pub at_ms: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<InMedia>,
    /// Where it was filed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    #[serde(default)]
    pub new_ticket: bool,
    #[serde(flatten)]
    pub progress: Progress,
}

impl Inbound {
    pub fn new(
        sid: &str,
        from: &str,
        to: &str,
        body: &str,
        media: Vec<InMedia>,
        acknowledge: bool,
    ) -> Inbound {
        let mut steps = Vec::new();
        if !media.is_empty() {
            steps.push((STEP_MEDIA.to_string(), Step::pending()));
        }
        steps.push((STEP_TICKET.to_string(), Step::pending()));
        if acknowledge {
            steps.push((STEP_ACK.to_string(), Step::pending()));
        }
        Inbound {
            sid: sid.into(),
            from: from.into(),
            to: to.into(),
            body: body.into(),
            at_ms: now_ms(),
            media,
            ticket: None,
            new_ticket: false,
            progress: Progress::with(steps),
        }
    }

    /// `DIGITS/SID`: a requester's texts list together, in the store's key order.
    pub fn id(&self) -> String {
        format!("{}/{}", digits(&self.from), self.sid)
    }

    /// The seed's content, plus a line for each media item not attached: why (its note), or
    /// that it is still being fetched.
    pub fn text(&self) -> String {
        let mut text = content(&self.to, &self.from, &self.body);
        for m in &self.media {
            text.push_str(&media_line(m));
        }
        text
    }
}

/// A media item's line on the ticket, when it is not attached.
fn media_line(m: &InMedia) -> String {
    match (&m.key, &m.note) {
        (_, Some(note)) => format!("\n[{} {}: {note}]", m.content_type, m.url),
        (None, None) => format!(
            "\n[{} {}: not attached yet; relay is fetching it from Twilio and adds it when it arrives]",
            m.content_type, m.url
        ),
        (Some(_), None) => String::new(),
    }
}

pub use crate::oncall::service::now_ms;

impl Record for Inbound {
    fn progress(&self) -> &Progress {
        &self.progress
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
    fn order(&self) -> Vec<String> {
        [STEP_MEDIA, STEP_TICKET, STEP_ATTACH, STEP_ACK]
            .map(String::from)
            .to_vec()
    }
}

/// Files inbound texts through the backend.
pub struct Inbox {
    pub store: Store,
    pub backend: Arc<dyn Backend>,
    pub client: crate::twilio::api::Credentials,
    pub queue: String,
    pub acknowledge: Option<String>,
}

pub type InboxQueue = Queue<Inbox>;

/// The Twilio client; without credentials the step fails for good (they do not appear
/// while relay runs).
fn client(c: &crate::twilio::api::Credentials) -> anyhow::Result<&Client> {
    c.as_ref().map_err(|e| Permanent(e.clone()).into())
}

/// Twilio refusals that will not change (not 429, not 5xx) are permanent.
fn twilio_error(e: ApiError) -> anyhow::Error {
    if e.is_retryable() {
        e.into()
    } else {
        Permanent(e.to_string()).into()
    }
}

/// The acknowledgement text: `{ticket}` is the ticket's number.
pub fn ack_text(template: &str, ticket: &str) -> String {
    template.replace("{ticket}", ticket)
}

impl Inbox {
    /// The media kept in the store and not on the ticket yet, as attachments.
    async fn attachments(&self, rec: &Inbound) -> anyhow::Result<Vec<Attachment>> {
        let mut attachments = Vec::new();
        for (i, m) in rec.media.iter().enumerate() {
            let Some(key) = m.key.as_ref().filter(|_| !m.filed) else {
                continue;
            };
            let bytes = self
                .store
                .get(key)
                .await?
                .ok_or_else(|| anyhow::anyhow!("{key} is missing from the store"))?
                .bytes;
            let ext = mime_extension(&m.content_type);
            attachments.push(Attachment {
                name: format!("{}-{}.{ext}", rec.sid, i + 1),
                content_type: m.content_type.clone(),
                bytes,
            });
        }
        Ok(attachments)
    }

    /// The entry to file: the text, the media downloaded so far, a line for the rest.
    pub async fn entry(&self, rec: &Inbound) -> anyhow::Result<Entry> {
        Ok(Entry {
            text: rec.text(),
            attachments: self.attachments(rec).await?,
            sid: Some(rec.sid.clone()),
            number: rec.to.clone(),
            at: rec.at_ms / 1000,
        })
    }

    /// When the download has given up, the media it did not fetch get a note saying why
    /// (the ticket shows it, with Twilio's URL) and the step is closed: nothing is left to
    /// retry, and the record can finish.
    fn note_given_up(rec: &mut Inbound) {
        let Some(step) = rec.progress.steps.get(STEP_MEDIA) else {
            return;
        };
        if !step.is_open() || durable::retryable(Some(step)) {
            return;
        }
        let why = step
            .last_error
            .clone()
            .unwrap_or_else(|| "it could not be fetched".into());
        for m in rec.media.iter_mut() {
            if m.key.is_none() && m.note.is_none() {
                m.note = Some(format!("not attached, relay could not fetch it: {why}"));
            }
        }
        let mut closed = Step::skipped("given up; the ticket says why");
        closed.attempts = step.attempts;
        closed.last_error = Some(why);
        rec.progress.steps.insert(STEP_MEDIA.into(), closed);
    }

    /// After a filing: what it carried is on the ticket; what did not arrive yet is
    /// attached later (the `attach` step).
    fn mark_filed(rec: &mut Inbound) {
        for m in rec.media.iter_mut() {
            m.filed = m.key.is_some() || m.note.is_some();
        }
        if rec.media.iter().any(|m| !m.filed) {
            rec.progress
                .steps
                .entry(STEP_ATTACH.into())
                .or_insert_with(Step::pending);
        }
    }

    /// The pictures that arrived after the text was filed (or why they never will), as a
    /// comment on its ticket.
    async fn attach(&self, rec: &mut Inbound) -> anyhow::Result<Option<String>> {
        let Some(ticket) = rec.ticket.clone() else {
            anyhow::bail!("the text is not filed yet");
        };
        Self::note_given_up(rec);
        let late: Vec<&InMedia> = rec.media.iter().filter(|m| !m.filed).collect();
        let mut text = format!(
            "The {} of the text {} (filed before {} arrived):",
            if late.len() == 1 {
                "picture"
            } else {
                "pictures"
            },
            rec.sid,
            if late.len() == 1 { "it" } else { "they" }
        );
        for m in &late {
            text.push_str(&media_line(m));
        }
        let (attached, noted) = (
            late.iter().filter(|m| m.note.is_none()).count(),
            late.iter().filter(|m| m.note.is_some()).count(),
        );
        let entry = Entry {
            text,
            attachments: self.attachments(rec).await?,
            // Its own natural key: added once however often this step runs.
            sid: Some(format!("{}-media", rec.sid)),
            number: rec.to.clone(),
            at: now_ms() / 1000,
        };
        self.backend.comment(&ticket, &entry).await?;
        Self::mark_filed(rec);
        Ok(Some(format!(
            "{attached} attached, {noted} noted on ticket {ticket}"
        )))
    }

    async fn download(&self, rec: &mut Inbound) -> anyhow::Result<Option<String>> {
        let client = client(&self.client)?;
        let (mut kept, mut linked) = (0, 0);
        for i in 0..rec.media.len() {
            let m = &rec.media[i];
            if m.key.is_some() || m.note.is_some() {
                continue;
            }
            let Some(media_sid) = m.sid.clone() else {
                rec.media[i].note = Some("not fetched: not a Twilio media URL".into());
                linked += 1;
                continue;
            };
            match client
                .download_media(&rec.sid, &media_sid, MAX_MEDIA)
                .await
                .map_err(twilio_error)?
            {
                Some(bytes) => {
                    let key = format!("{MEDIA}{}/{}", rec.sid, i + 1);
                    let size = bytes.len() as u64;
                    let _ = self.store.put(&key, bytes, Condition::Always).await?;
                    rec.media[i].key = Some(key);
                    rec.media[i].size = size;
                    kept += 1;
                }
                None => {
                    rec.media[i].note = Some(format!(
                        "larger than {} MB, not attached: {}",
                        MAX_MEDIA / 1024 / 1024,
                        client.media_url(&rec.sid, &media_sid)?
                    ));
                    linked += 1;
                }
            }
        }
        Ok(Some(format!("{kept} kept, {linked} linked")))
    }
}

fn mime_extension(ct: &str) -> &str {
    match ct.split(';').next().unwrap_or("").trim() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "video/mp4" => "mp4",
        "audio/mpeg" => "mp3",
        "text/vcard" => "vcf",
        "application/pdf" => "pdf",
        other => other
            .rsplit('/')
            .next()
            .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or("bin"),
    }
}

#[async_trait::async_trait]
impl Work for Inbox {
    type Record = Inbound;
    const NAME: &'static str = "tickets";

    fn prefix(&self) -> &'static str {
        INBOX
    }

    fn store(&self) -> &Store {
        &self.store
    }

    /// A requester's texts.
    fn group(&self, rec: &Inbound) -> Option<String> {
        Some(format!("{INBOX}{}/", digits(&rec.from)))
    }

    async fn ready(&self, id: &str, rec: &Inbound, step: &str) -> anyhow::Result<bool> {
        match step {
            STEP_TICKET => {
                // The media's first try comes first (so pictures that are there are
                // attached to the text itself); after that the text waits for nothing.
                if rec
                    .progress
                    .steps
                    .get(STEP_MEDIA)
                    .is_some_and(|m| m.is_open() && m.attempts == 0)
                {
                    return Ok(false);
                }
                // In arrival order per requester: wait while an earlier text is unfiled and
                // still being tried (one that failed for good holds nothing back).
                let waits = durable::waits_behind::<Inbound>(
                    &self.store,
                    &self.group(rec).unwrap_or_default(),
                    &format!("{INBOX}{id}.json"),
                    |other| {
                        durable::retryable(other.progress.steps.get(STEP_TICKET))
                            && (other.at_ms, &other.sid) < (rec.at_ms, &rec.sid)
                    },
                )
                .await?;
                Ok(!waits)
            }
            // Once the media is all there, or given up.
            STEP_ATTACH => Ok(rec.progress.done(STEP_TICKET)
                && !durable::retryable(rec.progress.steps.get(STEP_MEDIA))),
            STEP_ACK => Ok(rec.progress.done(STEP_TICKET)),
            _ => Ok(true),
        }
    }

    async fn run(&self, step: &str, rec: &mut Inbound) -> anyhow::Result<Option<String>> {
        match step {
            STEP_MEDIA => self.download(rec).await,
            STEP_ATTACH => self.attach(rec).await,
            STEP_TICKET => {
                Self::note_given_up(rec);
                let entry = self.entry(rec).await?;
                let filed =
                    super::file(self.backend.as_ref(), &self.queue, &rec.from, &entry).await?;
                rec.ticket = Some(filed.ticket.clone());
                rec.new_ticket = filed.new;
                Self::mark_filed(rec);
                if !filed.new && rec.progress.steps.contains_key(STEP_ACK) {
                    rec.progress
                        .steps
                        .insert(STEP_ACK.into(), Step::skipped("not a new ticket"));
                }
                Ok(Some(if filed.new {
                    format!("new ticket {}", filed.ticket)
                } else {
                    format!("comment on ticket {}", filed.ticket)
                }))
            }
            STEP_ACK => {
                let (Some(template), Some(ticket)) = (&self.acknowledge, &rec.ticket) else {
                    return Ok(Some("nothing to acknowledge".into()));
                };
                let sent = client(&self.client)?
                    .send_message_once(
                        &OutboundMessage {
                            to: rec.from.clone(),
                            from: Some(rec.to.clone()),
                            body: Some(ack_text(template, ticket)),
                            ..Default::default()
                        },
                        rec.progress.interrupted_ms(STEP_ACK),
                    )
                    .await
                    .map_err(twilio_error)?;
                Ok(Some(sent.sid))
            }
            other => anyhow::bail!("unknown step {other}"),
        }
    }

    fn remove_when_done(&self) -> bool {
        true
    }
}

/// A reply on its way to a requester's phone.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Reply {
    pub id: String,
    pub ticket: String,
    pub to: Option<String>,
    pub from: Option<String>,
    pub parts: Vec<String>,
    pub at: i64,
    /// Who or what made it: `relay tickets reply (alice)`, `RT transaction 42 by bob`.
    pub source: String,
    #[serde(flatten)]
    pub progress: Progress,
}

impl Reply {
    /// A reply of `text`; one step per part. Without a phone or a number to text from, its
    /// one step is failed at once (shown by `relay tickets pending`).
    pub fn new(
        id: &str,
        ticket: &str,
        to: Option<String>,
        from: Option<String>,
        text: &str,
        source: &str,
    ) -> Reply {
        let parts = super::split_reply(text);
        let steps: Vec<(String, Step)> = match (&to, &from) {
            (Some(_), Some(_)) if !text.trim().is_empty() => (1..=parts.len())
                .map(|i| (format!("sms-{i}"), Step::pending()))
                .collect(),
            _ => {
                let why = if text.trim().is_empty() {
                    "the reply has no text"
                } else if to.is_none() {
                    "the requester has no phone number (PagerPhone)"
                } else {
                    "no number to text from: the ticket did not come in by SMS and [numbers] has no \"tickets\" number"
                };
                vec![(
                    "sms-1".to_string(),
                    Step {
                        state: durable::FAILED.into(),
                        attempts: durable::MAX_ATTEMPTS,
                        last_error: Some(why.into()),
                        ..Default::default()
                    },
                )]
            }
        };
        Reply {
            id: id.into(),
            ticket: ticket.into(),
            to,
            from,
            parts,
            at: crate::oncall::service::now_epoch(),
            source: source.into(),
            progress: Progress::with(steps),
        }
    }
}

impl Record for Reply {
    fn progress(&self) -> &Progress {
        &self.progress
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
    fn order(&self) -> Vec<String> {
        (1..=self.parts.len().max(1))
            .map(|i| format!("sms-{i}"))
            .collect()
    }
}

/// Texts replies.
pub struct Texter {
    pub store: Store,
    pub client: crate::twilio::api::Credentials,
}

pub type Replies = Queue<Texter>;

#[async_trait::async_trait]
impl Work for Texter {
    type Record = Reply;
    const NAME: &'static str = "tickets";

    fn prefix(&self) -> &'static str {
        REPLIES
    }

    fn store(&self) -> &Store {
        &self.store
    }

    /// Parts go out in order.
    async fn ready(&self, _id: &str, rec: &Reply, step: &str) -> anyhow::Result<bool> {
        let n: usize = step.trim_start_matches("sms-").parse().unwrap_or(1);
        Ok((1..n).all(|i| rec.progress.done(&format!("sms-{i}"))))
    }

    async fn run(&self, step: &str, rec: &mut Reply) -> anyhow::Result<Option<String>> {
        let n: usize = step.trim_start_matches("sms-").parse().unwrap_or(1);
        let (Some(to), Some(from), Some(part)) = (&rec.to, &rec.from, rec.parts.get(n - 1)) else {
            return Err(Permanent("nothing to text: no phone, number or text".into()).into());
        };
        let sent = client(&self.client)?
            .send_message_once(
                &OutboundMessage {
                    to: to.clone(),
                    from: Some(from.clone()),
                    body: Some(part.clone()),
                    ..Default::default()
                },
                rec.progress.interrupted_ms(step),
            )
            .await
            .map_err(twilio_error)?;
        Ok(Some(format!("{} to {to}", sent.sid)))
    }
}
