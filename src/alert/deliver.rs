//! Sending an alert: wait for the caller's choice and the transcription (or its timeout),
//! make the link, then one step per target, on [`crate::durable`]: each outcome is written
//! to the alert's record as soon as it is known, failures are retried with backoff (here,
//! after a restart, on another relay sharing the store, or on `relay alerts retry`), and a
//! lease keeps two relays off one alert — so it goes out once, whoever gets the callback.

use super::clients::{self, Directory};
use super::{
    ALERTS, Alert, CONFIRM_WINDOW, Choice, Kind, STEP_CONFIRM, STEP_LINK, STEP_ONCALL_CALL,
    STEP_ONCALL_PAGE, STEP_ONCALL_TEXT, STEP_PAGERDUTY, STEP_TRANSCRIPT, STEP_WEBHOOK,
    STEP_XMATTERS, Transcription, choice_key, ended_key, transcription_key,
};
use crate::config::{AlertConfig, AlertLink, Config};
use crate::durable::{Permanent, Queue, Step, Work};
use crate::oncall::service::{Oncall, now_epoch};
use crate::store::Store;
use crate::twilio::api::{Client, OutboundMessage};
use std::sync::Arc;
use std::time::Duration;

/// Everything sending needs.
pub struct Alerter {
    pub store: Store,
    pub config: Arc<Config>,
    pub client: crate::twilio::api::Credentials,
    pub oncall: Oncall,
    pub http: reqwest::Client,
    /// xMatters users' VOICE numbers, for authorising callers.
    pub directory: Directory,
    /// The rotation's pages (the `oncall` target with escalation).
    pub pages: crate::page::deliver::Pages,
}

/// The alerts and their delivery.
pub type Alerts = Queue<Alerter>;

pub fn alerts(store: Store, config: Arc<Config>, pages: crate::page::deliver::Pages) -> Alerts {
    Alerts::new(Alerter {
        pages,
        oncall: Oncall::new(store.clone(), config.oncall.clone()),
        client: Client::from_config(&config.twilio),
        http: clients::http(),
        directory: Directory::default(),
        store,
        config,
    })
}

#[async_trait::async_trait]
impl Work for Alerter {
    type Record = Alert;
    const NAME: &'static str = "alerts";

    fn prefix(&self) -> &'static str {
        ALERTS
    }

    fn store(&self) -> &Store {
        &self.store
    }

    /// Waiting on deadlines (the caller's choice, the transcription): look every 2 s.
    fn max_wait(&self, _a: &Alert) -> Duration {
        Duration::from_secs(2)
    }

    async fn ready(&self, _id: &str, a: &Alert, step: &str) -> anyhow::Result<bool> {
        let done = |s: &str| a.progress.done(s);
        let now = now_epoch();
        Ok(match step {
            STEP_CONFIRM => {
                now >= a.recorded_at + CONFIRM_WINDOW
                    || self
                        .store
                        .get(&choice_key(&a.recording_sid))
                        .await?
                        .is_some()
                    || self.store.get(&ended_key(&a.call_sid)).await?.is_some()
            }
            STEP_LINK => done(STEP_CONFIRM),
            STEP_TRANSCRIPT => {
                done(STEP_CONFIRM)
                    && (now >= a.recorded_at + self.cfg()?.transcription_timeout as i64
                        || self
                            .store
                            .get(&transcription_key(&a.recording_sid))
                            .await?
                            .is_some())
            }
            // A bridge needs the person on call now, not after the transcription.
            STEP_ONCALL_CALL | STEP_ONCALL_PAGE if a.kind == Kind::Conference => done(STEP_LINK),
            _ => done(STEP_LINK) && done(STEP_TRANSCRIPT),
        })
    }

    async fn run(&self, step: &str, a: &mut Alert) -> anyhow::Result<Option<String>> {
        match step {
            STEP_CONFIRM => self.confirm(a).await,
            STEP_TRANSCRIPT => self.transcript(a).await,
            STEP_LINK => self.link(a).await,
            STEP_XMATTERS => self.xmatters(a).await,
            STEP_PAGERDUTY => self.pagerduty(a).await,
            STEP_WEBHOOK => self.webhook(a).await,
            STEP_ONCALL_TEXT => self.oncall_text(a).await,
            STEP_ONCALL_CALL => self.oncall_call(a).await,
            STEP_ONCALL_PAGE => self.oncall_page(a).await,
            other => anyhow::bail!("unknown step {other}"),
        }
    }
}

impl Alerter {
    fn cfg(&self) -> anyhow::Result<&AlertConfig> {
        self.config
            .alert
            .as_ref()
            .ok_or_else(|| Permanent("relay.toml has no [alert] section any more".into()).into())
    }

    fn client(&self) -> anyhow::Result<&Client> {
        self.client
            .as_ref()
            .map_err(|e| Permanent(e.clone()).into())
    }

    /// Kept, or recorded again (then nothing else is done with this recording).
    async fn confirm(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let choice = self
            .store
            .get_json::<Choice>(&choice_key(&a.recording_sid))
            .await?
            .map(|(c, _)| c.choice);
        let why = match choice.as_deref() {
            Some("keep") => return Ok(Some("kept by the caller".into())),
            None => return Ok(Some("kept (the caller hung up before choosing)".into())),
            Some("short") => "too short to send",
            _ => "the caller recorded again",
        };
        for (name, st) in a.progress.steps.iter_mut() {
            if name != STEP_CONFIRM {
                *st = Step::skipped(why);
            }
        }
        Ok(Some(format!("not sent: {why}")))
    }

    async fn transcript(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let t = self
            .store
            .get_json::<Transcription>(&transcription_key(&a.recording_sid))
            .await?
            .map(|(t, _)| t);
        let text = t
            .as_ref()
            .filter(|t| t.status == "completed")
            .and_then(|t| t.text.clone())
            .filter(|s| !s.trim().is_empty());
        let status = match (&t, &text) {
            (_, Some(_)) => "completed",
            (Some(_), None) => "failed",
            (None, _) => "timeout",
        };
        a.transcript = text;
        a.transcript_status = Some(status.into());
        Ok(Some(match status {
            "completed" => format!("{} characters", a.text().chars().count()),
            "failed" => "Twilio could not transcribe the message: sending without".into(),
            _ => "no transcription in time: sending without".into(),
        }))
    }

    /// The recording's link: relay's route or Twilio's URL, shortened when Bitly can.
    async fn link(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let long = match self.config.alert_link() {
            AlertLink::Relay => self
                .config
                .serve
                .public_link(&format!("/alerts/{}/recording", a.id))
                .unwrap_or_default(),
            // The webhook's RecordingUrl only when it is Twilio's own (a signed request
            // could name any link), else built from the RecordingSid.
            AlertLink::Twilio => match (&a.recording_url, &self.client) {
                (Some(u), _) if u.starts_with("https://api.twilio.com/") => format!("{u}.mp3"),
                (_, Ok(c)) => c.recording_url(&a.recording_sid, ".mp3")?,
                _ => anyhow::bail!("no recording URL and no Twilio account to build one"),
            },
        };
        a.long_url = Some(long.clone());
        let Some(bitly) = self.cfg()?.bitly.as_ref() else {
            return Ok(Some("the long URL (no [alert.bitly])".into()));
        };
        match clients::shorten(&self.http, bitly, &long).await {
            Ok(short) => {
                a.short_url = Some(short.clone());
                Ok(Some(short))
            }
            Err(e) => {
                tracing::warn!(
                    "alerts: {}: Bitly failed, sending the long URL: {e:#}",
                    a.id
                );
                Ok(Some(format!("the long URL (Bitly failed: {e:#})")))
            }
        }
    }

    async fn xmatters(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let x = self
            .cfg()?
            .xmatters
            .as_ref()
            .ok_or_else(|| Permanent("[alert.xmatters] is gone from relay.toml".into()))?;
        let url = match (a.kind, &x.conference_url) {
            (Kind::Conference, Some(u)) => u,
            _ => &x.url,
        };
        let (status, body) = clients::post_json(
            &self.http,
            "xMatters",
            url.expose(),
            &a.xmatters_payload(),
            &[],
        )
        .await?;
        let request_id = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["requestId"].as_str().map(str::to_string));
        Ok(Some(match request_id {
            Some(id) => format!("requestId {id}"),
            None => format!("accepted ({status})"),
        }))
    }

    async fn pagerduty(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let p = self
            .cfg()?
            .pagerduty
            .as_ref()
            .ok_or_else(|| Permanent("[alert.pagerduty] is gone from relay.toml".into()))?;
        let event = a.pagerduty_event(p.routing_key.expose(), &p.severity);
        let (status, body) =
            clients::post_json(&self.http, "PagerDuty", &p.url, &event, &[]).await?;
        let key = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["dedup_key"].as_str().map(str::to_string));
        Ok(Some(match key {
            Some(k) => format!("dedup_key {k}"),
            None => format!("accepted ({status})"),
        }))
    }

    async fn webhook(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let w = self
            .cfg()?
            .webhook
            .as_ref()
            .ok_or_else(|| Permanent("[alert.webhook] is gone from relay.toml".into()))?;
        let mut headers = Vec::new();
        if let (Some(h), Some(s)) = (&w.header, &w.secret) {
            headers.push((h.as_str(), s.expose()));
        }
        let (status, _) = clients::post_json(
            &self.http,
            "the webhook",
            &w.url,
            &a.webhook_document(),
            &headers,
        )
        .await?;
        Ok(Some(format!("accepted ({status})")))
    }

    /// The person on call now (not when the call came in: the alert may go out later).
    async fn oncall_person(&self) -> anyhow::Result<crate::pager::Person> {
        self.oncall
            .try_load_shared()
            .await?
            .and_then(|(r, _)| r.oncall().map(crate::pager::Person::from))
            .ok_or_else(|| {
                Permanent("nobody is on call in the roster: `relay oncall take ID`, then `relay alerts retry`".into())
                    .into()
            })
    }

    async fn oncall_text(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let p = self.oncall_person().await?;
        let from = self.oncall.text_from(&self.config.numbers).await?;
        let sent = self
            .client()?
            .send_message_once(
                &OutboundMessage {
                    to: p.phone.clone(),
                    from: Some(from),
                    body: Some(a.sms_text()),
                    ..Default::default()
                },
                a.progress.interrupted_ms(STEP_ONCALL_TEXT),
            )
            .await
            .map_err(crate::twilio::api::ApiError::for_step)?;
        Ok(Some(format!("{} to {}", sent.sid, p.id)))
    }

    /// The rotation paged: the person on call now, then the escalation order, until one
    /// acknowledges ([`crate::page`]); the page's own record carries what follows.
    async fn oncall_page(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let call_from = self.cfg()?.oncall.call.then(|| a.called.clone());
        let page =
            crate::page::deliver::begin(&self.pages, a.page_source(), None, call_from).await?;
        Ok(Some(page.summary()))
    }

    async fn oncall_call(&self, a: &mut Alert) -> anyhow::Result<Option<String>> {
        let p = self.oncall_person().await?;
        let sid = self
            .client()?
            .create_call(&p.phone, &a.called, &a.voice_twiml())
            .await
            .map_err(crate::twilio::api::ApiError::for_step)?;
        Ok(Some(format!("{sid} to {}", p.id)))
    }
}
