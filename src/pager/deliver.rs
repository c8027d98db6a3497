//! Delivering a voice message: text the on-call person, download the audio into the store,
//! email a copy, delete Twilio's copy. The steps run through [`crate::durable`]: each
//! outcome is written to the message's record as soon as it is known, failures are retried
//! with backoff, in this process and again at the next start (or `relay pager retry`), and
//! a lease keeps two deliverers off one message.

use super::{
    MESSAGES, RECORDINGS, STEP_DELETE, STEP_DOWNLOAD, STEP_EMAIL, STEP_PAGE, STEP_SMS, Voicemail,
    mail,
};
use crate::config::{Config, Notify};
use crate::durable::{Queue, Work};
use crate::oncall::service::Oncall;
use crate::store::{Condition, Store};
use crate::twilio::api::{Client, OutboundMessage};
use std::sync::Arc;

/// Everything delivery needs.
pub struct Deliverer {
    pub store: Store,
    pub config: Arc<Config>,
    pub client: crate::twilio::api::Credentials,
    pub oncall: Oncall,
    /// The rotation's pages (`[pager] escalate`).
    pub pages: crate::page::deliver::Pages,
}

/// The pager's messages and their delivery.
pub type Messages = Queue<Deliverer>;

#[async_trait::async_trait]
impl Work for Deliverer {
    type Record = Voicemail;
    const NAME: &'static str = "pager";

    fn prefix(&self) -> &'static str {
        MESSAGES
    }

    fn store(&self) -> &Store {
        &self.store
    }

    /// Email and delete need the audio in the store first.
    async fn ready(&self, _id: &str, v: &Voicemail, step: &str) -> anyhow::Result<bool> {
        Ok(!(step == STEP_EMAIL || step == STEP_DELETE) || v.done(STEP_DOWNLOAD))
    }

    async fn run(&self, step: &str, v: &mut Voicemail) -> anyhow::Result<Option<String>> {
        self.run_step(step, v).await
    }
}

impl Deliverer {
    fn client(&self) -> anyhow::Result<&Client> {
        self.client.as_ref().map_err(|e| anyhow::anyhow!("{e}"))
    }

    async fn run_step(&self, step: &str, v: &mut Voicemail) -> anyhow::Result<Option<String>> {
        match step {
            STEP_SMS => self.sms(v).await,
            STEP_PAGE => self.page(v).await,
            STEP_DOWNLOAD => self.download(v).await,
            STEP_EMAIL => self.email(v).await,
            STEP_DELETE => {
                let sid = v.recording_sid.clone().unwrap_or_default();
                self.client()?.delete_recording(&sid).await?;
                Ok(Some(format!("deleted {sid} at Twilio")))
            }
            other => anyhow::bail!("unknown step {other}"),
        }
    }

    fn content_type(v: &Voicemail) -> &'static str {
        if v.audio_format == "wav" {
            "audio/x-wav"
        } else {
            "audio/mpeg"
        }
    }

    async fn download(&self, v: &mut Voicemail) -> anyhow::Result<Option<String>> {
        let sid = v
            .recording_sid
            .clone()
            .ok_or_else(|| anyhow::anyhow!("no RecordingSid"))?;
        let bytes = self
            .client()?
            .download_recording(&sid, &v.audio_format)
            .await?;
        if bytes.is_empty() {
            anyhow::bail!("Twilio sent an empty recording");
        }
        let key = format!("{RECORDINGS}{}.{}", v.id, v.audio_format);
        let n = bytes.len();
        let _ = self.store.put(&key, bytes, Condition::Always).await?;
        v.audio_key = Some(key);
        Ok(Some(format!("{n} bytes")))
    }

    /// The text for the on-call person, and the audio it carries (MMS) when so configured.
    fn notice(&self, v: &Voicemail) -> anyhow::Result<(String, Vec<String>)> {
        let client = self.client()?;
        let completed = v.recording_status == "completed";
        let twilio_audio = v
            .recording_sid
            .as_deref()
            .map(|sid| client.recording_url(sid, &format!(".{}", v.audio_format)))
            .transpose()?;
        let (link, media) = match (completed, self.config.pager_notify()) {
            (false, _) => (None, Vec::new()),
            (true, Notify::Link) => (
                self.config
                    .serve
                    .public_link(&format!("/pager/messages/{}/audio", v.id)),
                Vec::new(),
            ),
            (true, Notify::TwilioLink) => (twilio_audio, Vec::new()),
            (true, Notify::Mms) => (None, twilio_audio.into_iter().collect()),
        };
        Ok((v.sms_text(link.as_deref()), media))
    }

    async fn sms(&self, v: &mut Voicemail) -> anyhow::Result<Option<String>> {
        let to = v
            .oncall
            .as_ref()
            .map(|p| p.phone.clone())
            .ok_or_else(|| anyhow::anyhow!("nobody was on call"))?;
        let (body, media) = self.notice(v)?;
        let from = self.oncall.text_from(&self.config.numbers).await?;
        let sent = self
            .client()?
            .send_message_once(
                &OutboundMessage {
                    to: to.clone(),
                    from: Some(from),
                    body: Some(body),
                    media_urls: media,
                    ..Default::default()
                },
                v.progress.interrupted_ms(STEP_SMS),
            )
            .await?;
        Ok(Some(format!("{} to {to}", sent.sid)))
    }

    /// The rotation paged: whoever was on call when the call came in, then the escalation
    /// order, until one acknowledges; the page's own record carries what follows.
    async fn page(&self, v: &mut Voicemail) -> anyhow::Result<Option<String>> {
        let (text, media) = self.notice(v)?;
        let caller = crate::pager::caller_display(&v.caller);
        let (title, say) = match v.recording_status.as_str() {
            "completed" => (
                format!("voicemail from {caller}"),
                format!(
                    "{caller} left a {} second message on the pager. The link to it is in the text relay sent you.",
                    v.duration
                ),
            ),
            _ => (
                format!("missed call from {caller}"),
                format!("{caller} called the pager and left no message. Call them back."),
            ),
        };
        let src = crate::page::Source {
            id: &v.id,
            kind: "voicemail",
            title,
            text,
            media,
            say,
            bridge: None,
        };
        let page =
            crate::page::deliver::begin(&self.pages, src, v.oncall.clone(), Some(v.called.clone()))
                .await?;
        Ok(Some(page.summary()))
    }

    async fn email(&self, v: &mut Voicemail) -> anyhow::Result<Option<String>> {
        let roster = self
            .oncall
            .try_load()
            .await?
            .ok_or_else(|| anyhow::anyhow!("no roster, so no mail_settings"))?
            .0;
        let settings = roster
            .current_config
            .mail_settings
            .clone()
            .ok_or_else(|| anyhow::anyhow!("the roster has no mail_settings"))?;
        let key = v
            .audio_key
            .clone()
            .ok_or_else(|| anyhow::anyhow!("the audio is not downloaded yet"))?;
        let audio = self
            .store
            .get(&key)
            .await?
            .ok_or_else(|| anyhow::anyhow!("{key} is missing from the store"))?
            .bytes;
        let who = v.oncall.as_ref().map_or("nobody".to_string(), |p| {
            format!("{} <{}>", p.name, p.phone)
        });
        let text = format!(
            "{}.\n\nCalled: {}\nOn call: {who}\nCall: {}\nRecording: {}\nStored in relay as {key}\n",
            v.sms_text(None),
            v.called,
            v.call_sid,
            v.recording_sid.as_deref().unwrap_or("-"),
        );
        let name = format!("voicemail.{}", v.audio_format);
        let to = mail::send(
            &settings,
            "[OnCall] New on-call voicemail",
            &text,
            Some((&name, Self::content_type(v), audio)),
        )
        .await?;
        Ok(Some(format!("mailed to {to}")))
    }
}
