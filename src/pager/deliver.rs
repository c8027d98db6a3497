//! Delivering a voice message: text the on-call person, download the audio into the store,
//! email a copy, delete Twilio's copy. Each step's outcome is written to the message's
//! record in the store as soon as it is known; a failed step is retried with backoff, in
//! this process and again at the next start (or `relay pager retry`).
//!
//! Several deliverers (two relays, or a relay and `relay pager retry`) never run one
//! message's steps at once: each holds a lease on the record, taken with compare-and-swap.

use super::{
    MESSAGES, RECORDINGS, STEP_DELETE, STEP_DOWNLOAD, STEP_EMAIL, STEP_SMS, Step, Voicemail, mail,
};
use crate::config::{Config, Notify};
use crate::oncall::service::{Oncall, now_epoch};
use crate::store::{Condition, Put, Store, Version};
use crate::twilio::api::{Client, OutboundMessage};
use std::sync::Arc;
use std::time::Duration;

/// Everything delivery needs.
#[derive(Clone)]
pub struct Deliverer {
    pub store: Store,
    pub config: Arc<Config>,
    pub client: Option<Client>,
    pub oncall: Oncall,
}

/// How long a deliverer holds a message; renewed after every step.
const LEASE_SECONDS: i64 = 60;
/// Attempts per step before it waits for `relay pager retry` or the next start.
pub const MAX_ATTEMPTS: u32 = 12;

/// The wait before the next attempt after `attempts` failures: 1 s doubling, at most 5 min.
pub fn backoff(attempts: u32) -> Duration {
    Duration::from_secs((1u64 << attempts.min(9).saturating_sub(1)).min(300))
}

/// What a pass over a message did.
#[derive(Debug, PartialEq, Eq)]
pub enum Pass {
    /// Every step is done (or skipped).
    Finished,
    /// Some step failed; try again after this long.
    RetryIn(Duration),
    /// Failed too often: left for `relay pager retry` or the next start.
    GaveUp,
    /// Another deliverer holds the message.
    Busy,
    Missing,
}

impl Deliverer {
    async fn read(&self, id: &str) -> anyhow::Result<Option<(Voicemail, Version)>> {
        Ok(self
            .store
            .get_json::<Voicemail>(&format!("{MESSAGES}{id}.json"))
            .await?)
    }

    /// Writes `v` if the record is still at `version`; the new version.
    async fn write(&self, v: &Voicemail, version: &Version) -> anyhow::Result<Option<Version>> {
        Ok(
            match self
                .store
                .put_json(&v.key(), v, Condition::IfMatch(version.clone()))
                .await?
            {
                Put::Written(nv) => Some(nv),
                Put::Conflict => None,
            },
        )
    }

    /// One pass over a message's open steps. `force` ignores the attempt limit.
    pub async fn pass(&self, id: &str, force: bool) -> anyhow::Result<Pass> {
        let Some((mut v, version)) = self.read(id).await? else {
            return Ok(Pass::Missing);
        };
        let now = now_epoch();
        if v.lease_until > now {
            return Ok(Pass::Busy);
        }
        v.lease_until = now + LEASE_SECONDS;
        let Some(mut version) = self.write(&v, &version).await? else {
            return Ok(Pass::Busy);
        };
        let mut worst: Option<u32> = None;
        for step in v
            .open_steps()
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
        {
            let st = v.steps.get(&step).cloned().unwrap_or_default();
            if !force && st.attempts >= MAX_ATTEMPTS {
                worst = Some(worst.map_or(st.attempts, |w| w.max(st.attempts)));
                continue;
            }
            if (step == STEP_EMAIL || step == STEP_DELETE) && !v.done(STEP_DOWNLOAD) {
                // Needs the audio in the store first.
                continue;
            }
            let result = self.run_step(&step, &mut v).await;
            let entry = v.steps.entry(step.clone()).or_default();
            entry.attempts += 1;
            entry.at = Some(now_epoch());
            match result {
                Ok(detail) => {
                    entry.state = "done".into();
                    entry.last_error = None;
                    entry.detail = detail;
                    tracing::info!("pager: {id}: {step} done");
                }
                Err(e) => {
                    entry.state = "failed".into();
                    entry.last_error = Some(format!("{e:#}"));
                    tracing::warn!(
                        "pager: {id}: {step} failed (attempt {}): {e:#}",
                        entry.attempts
                    );
                    worst = Some(worst.map_or(entry.attempts, |w| w.max(entry.attempts)));
                }
            }
            // Record each outcome at once: nothing done is forgotten.
            v.lease_until = now_epoch() + LEASE_SECONDS;
            match self.write(&v, &version).await? {
                Some(nv) => version = nv,
                None => anyhow::bail!("the record of {id} changed while its lease was held"),
            }
        }
        v.lease_until = 0;
        let open = !v.open_steps().is_empty();
        let _ = self.write(&v, &version).await?;
        Ok(match (open, worst) {
            (false, _) => Pass::Finished,
            (true, Some(a)) if a >= MAX_ATTEMPTS && !force => Pass::GaveUp,
            (true, Some(a)) => Pass::RetryIn(backoff(a)),
            // Waiting on the download, which is retried.
            (true, None) => Pass::RetryIn(backoff(1)),
        })
    }

    /// Passes until done or given up (in this process; the record keeps the rest).
    pub async fn until_done(self, id: String) {
        loop {
            match self.pass(&id, false).await {
                Ok(Pass::RetryIn(d)) => tokio::time::sleep(d).await,
                // Held by another deliverer, or by a process that died holding it: look
                // again once its lease may have run out.
                Ok(Pass::Busy) => tokio::time::sleep(Duration::from_secs(5)).await,
                Ok(Pass::GaveUp) => {
                    tracing::error!(
                        "pager: {id}: giving up for now after {MAX_ATTEMPTS} attempts; `relay pager retry` tries again"
                    );
                    return;
                }
                Ok(_) => return,
                Err(e) => {
                    tracing::error!("pager: {id}: {e:#}");
                    tokio::time::sleep(backoff(3)).await;
                }
            }
        }
    }

    /// Ids of messages with open steps.
    pub async fn pending(&self) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        for key in self.store.list(MESSAGES).await? {
            let Some(id) = key
                .strip_prefix(MESSAGES)
                .and_then(|k| k.strip_suffix(".json"))
            else {
                continue;
            };
            if let Some((v, _)) = self.read(id).await?
                && !v.open_steps().is_empty()
            {
                out.push(id.to_string());
            }
        }
        Ok(out)
    }

    fn client(&self) -> anyhow::Result<&Client> {
        self.client.as_ref().ok_or_else(|| {
            anyhow::anyhow!(
                "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or an API key)"
            )
        })
    }

    async fn run_step(&self, step: &str, v: &mut Voicemail) -> anyhow::Result<Option<String>> {
        match step {
            STEP_SMS => self.sms(v).await,
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

    async fn sms(&self, v: &mut Voicemail) -> anyhow::Result<Option<String>> {
        let to = v
            .oncall
            .as_ref()
            .map(|p| p.phone.clone())
            .ok_or_else(|| anyhow::anyhow!("nobody was on call"))?;
        let client = self.client()?;
        let cfg = &self.config.pager;
        let completed = v.recording_status == "completed";
        let twilio_audio = v
            .recording_sid
            .as_deref()
            .map(|sid| client.recording_url(sid, &format!(".{}", v.audio_format)));
        let (link, media) =
            match (completed, cfg.notify) {
                (false, _) => (None, Vec::new()),
                (true, Notify::Link) => (
                    self.config.serve.public_url.as_deref().map(|b| {
                        format!("{}/pager/messages/{}/audio", b.trim_end_matches('/'), v.id)
                    }),
                    Vec::new(),
                ),
                (true, Notify::TwilioLink) => (twilio_audio, Vec::new()),
                (true, Notify::Mms) => (None, twilio_audio.into_iter().collect()),
            };
        let from = self
            .oncall
            .try_load()
            .await?
            .map(|(r, _)| r.current_config.from_phone)
            .or_else(|| {
                self.config
                    .numbers
                    .iter()
                    .find(|(_, r)| **r == crate::config::Role::Oncall)
                    .map(|(n, _)| n.clone())
            })
            .ok_or_else(|| {
                anyhow::anyhow!("no number to text from: the roster has no from_phone")
            })?;
        let sent = client
            .send_message(&OutboundMessage {
                to: to.clone(),
                from: Some(from),
                body: Some(v.sms_text(link.as_deref())),
                media_urls: media,
                ..Default::default()
            })
            .await?;
        Ok(Some(format!("{} to {to}", sent.sid)))
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

/// A step that is not done, for listings: `sms ✓`, `email ✗3`.
pub fn step_marks(v: &Voicemail) -> String {
    super::STEP_ORDER
        .iter()
        .filter_map(|s| {
            let st: &Step = v.steps.get(*s)?;
            Some(match st.state.as_str() {
                "done" => format!("{s} ✓"),
                "skipped" => format!("{s} –"),
                "failed" => format!("{s} ✗{}", st.attempts),
                _ => format!("{s} …"),
            })
        })
        .collect::<Vec<_>>()
        .join("  ")
}
