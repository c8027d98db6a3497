//! Twilio's REST API, as far as relay uses it: sending a message.
//!
//! Authentication is the account SID and auth token, or (preferred) an API key SID and
//! secret, as HTTP Basic. The base URL is configurable (`twilio.api_base_url`) so tests
//! point it at Stoplight Prism serving Twilio's own OpenAPI description, or at a local fake.
//! Twilio's error JSON (`code`, `message`, `more_info`, `status`) becomes [`ApiError::Twilio`].

use crate::config::TwilioConfig;
use crate::redacted::SecretString;
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub const DEFAULT_BASE_URL: &str = "https://api.twilio.com";

#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    account_sid: String,
    user: String,
    secret: SecretString,
}

/// One message to send. `from` or `messaging_service_sid` picks the sender.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutboundMessage {
    pub to: String,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub body: Option<String>,
    pub media_urls: Vec<String>,
    /// Where Twilio posts the message's status changes (relay's status callback route).
    pub status_callback: Option<String>,
}

/// What Twilio answered for a created message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    pub sid: String,
    #[serde(default)]
    pub status: Option<String>,
}

/// An account, as `GET .../Accounts/{Sid}.json` describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub sid: String,
    #[serde(default)]
    pub friendly_name: Option<String>,
    /// `active`, `suspended` or `closed`.
    #[serde(default)]
    pub status: Option<String>,
    /// `Trial` or `Full`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Twilio (or the server standing in for it) refused the request.
    #[error("Twilio answered {status}{}: {message}{}", code.map(|c| format!(" (error {c})")).unwrap_or_default(), more_info.as_ref().map(|m| format!(" — {m}")).unwrap_or_default())]
    Twilio {
        status: u16,
        code: Option<u32>,
        message: String,
        more_info: Option<String>,
        /// From a 429's or 503's Retry-After header.
        retry_after: Option<Duration>,
    },
    #[error("cannot reach Twilio at {base}: {message}")]
    Transport {
        base: String,
        message: String,
        /// The request may have reached Twilio (the connection broke after it was sent):
        /// a message may exist although no answer came.
        maybe_sent: bool,
    },
    #[error("Twilio's answer was not understood: {0}")]
    Unexpected(String),
    /// An id that cannot be a path segment of Twilio's API (never sent).
    #[error("{0:?} is not a Twilio id")]
    BadId(String),
}

impl ApiError {
    /// Worth trying again later: rate limits (429, error 20429), server errors, and
    /// connection failures. Other 4xx (e.g. 21211 invalid To) will not change.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Twilio { status, .. } => *status == 429 || *status >= 500,
            ApiError::Transport { .. } => true,
            ApiError::Unexpected(_) | ApiError::BadId(_) => false,
        }
    }

    /// The request may have been carried out though no answer came (the connection broke
    /// after it was sent): what it asked for may exist at Twilio.
    pub fn may_have_acted(&self) -> bool {
        matches!(
            self,
            ApiError::Transport {
                maybe_sent: true,
                ..
            }
        )
    }

    /// As a durable step's error: a refusal that will not change by retrying (4xx other
    /// than 429) fails the step at once ([`crate::durable::Permanent`]).
    pub fn for_step(self) -> anyhow::Error {
        if self.is_retryable() {
            self.into()
        } else {
            crate::durable::Permanent(self.to_string()).into()
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    code: Option<u32>,
    message: Option<String>,
    more_info: Option<String>,
}

/// A client, or why there is none (which credential is missing): kept as it is so that a
/// step needing Twilio says exactly what to set.
pub type Credentials = Result<Client, String>;

impl Client {
    /// A client from the configuration: the API key and secret when both are set, else the
    /// account SID and auth token. Errors say which settings are missing.
    pub fn from_config(cfg: &TwilioConfig) -> Credentials {
        let Some(account_sid) = cfg.account_sid.clone().filter(|s| !s.is_empty()) else {
            return Err("Twilio's REST API needs the account SID (AC…): set TWILIO_ACCOUNT_SID or twilio.account_sid".into());
        };
        let (user, secret) = match (&cfg.api_key, &cfg.api_secret, &cfg.auth_token) {
            (Some(key), Some(secret), _) => (key.clone(), secret.clone()),
            (_, _, Some(token)) => (account_sid.clone(), token.clone()),
            (Some(_), None, None) => {
                return Err("Twilio's REST API key has no secret: set TWILIO_API_SECRET or twilio.api_secret (or use TWILIO_AUTH_TOKEN instead)".into());
            }
            _ => {
                return Err(
                    "Twilio's REST API needs the account's auth token or an API key: set TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET, or the same under [twilio])".into(),
                );
            }
        };
        let base = cfg
            .api_base_url
            .clone()
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        Ok(Client::new(&base, &account_sid, &user, secret))
    }

    pub fn new(base: &str, account_sid: &str, user: &str, secret: SecretString) -> Client {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("relay/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a TLS client can be built");
        Client {
            http,
            base: base.trim_end_matches('/').to_string(),
            account_sid: account_sid.to_string(),
            user: user.to_string(),
            secret,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Every REST URL relay calls is built here: `{base}/2010-04-01/Accounts/{AccountSid}`,
    /// then `segments`, each percent-encoded as one path segment (a `/`, `%`, `.`, `?` or
    /// `#` in it stays inside it), then `suffix` (`.json`, `.mp3`: relay's own). A segment
    /// that is empty or only dots is refused: no encoding keeps a URL parser from taking it
    /// for `..`, so nothing a caller passes can leave the resource's own path.
    fn rest_url(&self, segments: &[&str], suffix: &str) -> Result<String, ApiError> {
        const SEGMENT: &percent_encoding::AsciiSet =
            &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_');
        let mut url = format!("{}/2010-04-01/Accounts", self.base);
        for seg in std::iter::once(self.account_sid.as_str()).chain(segments.iter().copied()) {
            if seg.bytes().all(|b| b == b'.') {
                return Err(ApiError::BadId(seg.to_string()));
            }
            url.push('/');
            url.extend(percent_encoding::utf8_percent_encode(seg, SEGMENT));
        }
        url.push_str(suffix);
        Ok(url)
    }

    /// A URL of constant segments (cannot be refused).
    fn fixed_url(&self, segments: &[&str], suffix: &str) -> String {
        self.rest_url(segments, suffix)
            .expect("relay's own path segments are not dot segments")
    }

    /// `{base}/2010-04-01/Accounts/{AccountSid}/Messages.json`.
    pub fn messages_url(&self) -> String {
        self.fixed_url(&["Messages"], ".json")
    }

    /// The query [`recent_messages`](Self::recent_messages) sends.
    pub fn recent_messages_query(to: &str, page_size: u32) -> Vec<(&'static str, String)> {
        vec![("To", to.to_string()), ("PageSize", page_size.to_string())]
    }

    /// `{base}/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}` plus `suffix`
    /// (`.mp3`, `.wav`, `.json`). Built from the configured base, never from a URL in a
    /// webhook, so credentials only ever go to Twilio.
    pub fn recording_url(&self, recording_sid: &str, suffix: &str) -> Result<String, ApiError> {
        self.rest_url(&["Recordings", recording_sid], suffix)
    }

    /// Sends `req` with the credentials: a 2xx answer, or the typed error.
    async fn call(&self, req: reqwest::RequestBuilder) -> Result<reqwest::Response, ApiError> {
        let resp = req
            .basic_auth(&self.user, Some(self.secret.expose()))
            .send()
            .await
            .map_err(|e| self.transport(&e))?;
        if resp.status().is_success() {
            Ok(resp)
        } else {
            Err(self.fail(resp).await)
        }
    }

    /// A 2xx answer's JSON body.
    async fn json<T: serde::de::DeserializeOwned>(
        &self,
        resp: reqwest::Response,
    ) -> Result<T, ApiError> {
        let text = resp.text().await.map_err(|e| self.transport(&e))?;
        serde_json::from_str(&text)
            .map_err(|e| ApiError::Unexpected(format!("{e}: {}", snippet(&text))))
    }

    fn transport(&self, e: &reqwest::Error) -> ApiError {
        ApiError::Transport {
            base: self.base.clone(),
            message: crate::exit::chain(e),
            maybe_sent: !e.is_connect(),
        }
    }

    /// A non-2xx answer as [`ApiError::Twilio`], from Twilio's error JSON when there is one.
    async fn fail(&self, resp: reqwest::Response) -> ApiError {
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = resp.text().await.unwrap_or_default();
        let body: Option<ErrorBody> = serde_json::from_str(&text).ok();
        ApiError::Twilio {
            status,
            code: body.as_ref().and_then(|b| b.code),
            message: body
                .as_ref()
                .and_then(|b| b.message.clone())
                .unwrap_or_else(|| snippet(&text)),
            more_info: body.and_then(|b| b.more_info),
            retry_after,
        }
    }

    /// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`.
    pub async fn send_message(&self, msg: &OutboundMessage) -> Result<SentMessage, ApiError> {
        let req = self.http.post(self.messages_url()).form(&message_form(msg));
        let resp = self.call(req).await?;
        self.json(resp).await
    }

    /// `GET /2010-04-01/Accounts/{AccountSid}/Messages.json?To=...`: the newest messages to
    /// one number (first page, newest first). Used to learn whether a message whose answer
    /// was lost was created after all.
    pub async fn recent_messages(
        &self,
        to: &str,
        page_size: u32,
    ) -> Result<Vec<ListedMessage>, ApiError> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            messages: Vec<ListedMessage>,
        }
        let req = self
            .http
            .get(self.messages_url())
            .query(&Self::recent_messages_query(to, page_size));
        let resp = self.call(req).await?;
        Ok(self.json::<Page>(resp).await?.messages)
    }

    /// A message to `to` with this body created at or after `since_ms`, if Twilio has
    /// one (among the newest 1,000 to that number, Twilio's largest page: a storm texts one
    /// person on call far more than 50 times): what an attempt whose answer was lost may
    /// have created.
    pub async fn find_sent(
        &self,
        to: &str,
        body: &str,
        since_ms: i64,
    ) -> Result<Option<String>, ApiError> {
        let listed = self.recent_messages(to, 1000).await?;
        Ok(listed
            .into_iter()
            .find(|m| {
                m.body.as_deref().unwrap_or("") == body
                    && m.date_created
                        .as_deref()
                        .and_then(parse_rfc2822_ms)
                        .is_none_or(|t| t >= since_ms)
            })
            .map(|m| m.sid))
    }

    /// Sends `msg` once: when an earlier attempt began at `interrupted_ms` and never
    /// learnt its outcome (relay died, or the answer was lost), Twilio is asked first for
    /// a message to the same number with the same body created since then (less two
    /// minutes for clocks that differ), and that one stands.
    pub async fn send_message_once(
        &self,
        msg: &OutboundMessage,
        interrupted_ms: Option<i64>,
    ) -> Result<SentMessage, ApiError> {
        if let Some(since) = interrupted_ms
            && let Some(sid) = self
                .find_sent(&msg.to, msg.body.as_deref().unwrap_or(""), since - 120_000)
                .await?
        {
            tracing::info!(
                "{sid} to {} was sent by an attempt that was interrupted; not sent again",
                msg.to
            );
            return Ok(SentMessage { sid, status: None });
        }
        self.send_message(msg).await
    }

    /// `{base}/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}.json`.
    pub fn message_url(&self, sid: &str) -> Result<String, ApiError> {
        self.rest_url(&["Messages", sid], ".json")
    }

    /// `GET .../Messages/{MessageSid}.json`: one message as Twilio has it now (its status
    /// and error code).
    pub async fn fetch_message(&self, sid: &str) -> Result<ListedMessage, ApiError> {
        let resp = self.call(self.http.get(self.message_url(sid)?)).await?;
        self.json(resp).await
    }

    /// `{base}/2010-04-01/Accounts/{AccountSid}.json`.
    pub fn account_url(&self) -> String {
        self.fixed_url(&[], ".json")
    }

    /// `GET /2010-04-01/Accounts/{AccountSid}.json`: the account the credentials are for
    /// (`relay doctor`: do they authenticate, is it active). Changes nothing.
    pub async fn fetch_account(&self) -> Result<Account, ApiError> {
        let resp = self.call(self.http.get(self.account_url())).await?;
        self.json(resp).await
    }

    /// The first page of the account's phone numbers.
    pub fn incoming_numbers_url(&self) -> String {
        self.fixed_url(&["IncomingPhoneNumbers"], ".json?PageSize=100")
    }

    /// `GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json`: every number of
    /// the account, following `next_page_uri` through all pages.
    pub async fn incoming_numbers(&self) -> Result<Vec<IncomingNumber>, ApiError> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            incoming_phone_numbers: Vec<IncomingNumber>,
            #[serde(default)]
            next_page_uri: Option<String>,
        }
        let mut out = Vec::new();
        let mut url = self.incoming_numbers_url();
        // Twilio's next_page_uri is a path on its own host; relay keeps to the configured
        // base, so credentials only go there.
        for _ in 0..1000 {
            let resp = self.call(self.http.get(&url)).await?;
            let page: Page = self.json(resp).await?;
            out.extend(page.incoming_phone_numbers);
            match page.next_page_uri.filter(|u| u.starts_with('/')) {
                Some(next) => url = format!("{}{next}", self.base),
                None => return Ok(out),
            }
        }
        Err(ApiError::Unexpected(
            "more than 1000 pages of phone numbers".into(),
        ))
    }

    /// `{base}/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json`.
    pub fn number_url(&self, sid: &str) -> Result<String, ApiError> {
        self.rest_url(&["IncomingPhoneNumbers", sid], ".json")
    }

    /// `POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json`: sets these
    /// fields (`SmsUrl`, `SmsMethod`, `VoiceUrl`, `VoiceMethod`, ...) of one number.
    /// A 429 is retried (after its Retry-After) up to 4 times.
    pub async fn update_number(
        &self,
        sid: &str,
        fields: &[(&str, String)],
    ) -> Result<IncomingNumber, ApiError> {
        let url = self.number_url(sid)?;
        let mut attempt = 0;
        loop {
            match self.call(self.http.post(&url).form(fields)).await {
                Ok(resp) => return self.json(resp).await,
                Err(ApiError::Twilio {
                    status: 429,
                    retry_after,
                    ..
                }) if attempt < 4 => {
                    attempt += 1;
                    tokio::time::sleep(retry_after.unwrap_or(Duration::from_secs(1))).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Downloads a recording's audio (`format`: `mp3` or `wav`), authenticated.
    pub async fn download_recording(
        &self,
        recording_sid: &str,
        format: &str,
    ) -> Result<Vec<u8>, ApiError> {
        let req = self
            .http
            .get(self.recording_url(recording_sid, &format!(".{format}"))?)
            .timeout(Duration::from_secs(300));
        let resp = self.call(req).await?;
        Ok(resp.bytes().await.map_err(|e| self.transport(&e))?.to_vec())
    }

    /// `{base}/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}`:
    /// built from the configured base, never from the URL in a webhook.
    pub fn media_url(&self, message_sid: &str, media_sid: &str) -> Result<String, ApiError> {
        self.rest_url(&["Messages", message_sid, "Media", media_sid], "")
    }

    /// Downloads an MMS's media item, authenticated; `None` when it is larger than `limit`
    /// bytes (read no further).
    pub async fn download_media(
        &self,
        message_sid: &str,
        media_sid: &str,
        limit: usize,
    ) -> Result<Option<Vec<u8>>, ApiError> {
        let req = self
            .http
            .get(self.media_url(message_sid, media_sid)?)
            .timeout(Duration::from_secs(120));
        let mut resp = self.call(req).await?;
        if resp.content_length().is_some_and(|n| n > limit as u64) {
            return Ok(None);
        }
        let mut out = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.transport(&e))? {
            if out.len() + chunk.len() > limit {
                return Ok(None);
            }
            out.extend_from_slice(&chunk);
        }
        Ok(Some(out))
    }

    /// The calls from `from` to `to` created from `since_ms` to `until_ms` (`GET
    /// .../Calls.json?To=&From=`, the newest 1,000), oldest first: what an attempt whose
    /// answer was lost may have placed.
    pub async fn calls_between(
        &self,
        to: &str,
        from: &str,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<String>, ApiError> {
        #[derive(Deserialize)]
        struct Listed {
            sid: String,
            #[serde(default)]
            date_created: Option<String>,
        }
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            calls: Vec<Listed>,
        }
        let req = self.http.get(self.fixed_url(&["Calls"], ".json")).query(&[
            ("To", to),
            ("From", from),
            ("PageSize", "1000"),
        ]);
        let resp = self.call(req).await?;
        let mut near: Vec<(i64, String)> = self
            .json::<Page>(resp)
            .await?
            .calls
            .into_iter()
            .filter_map(|c| {
                let t = c.date_created.as_deref().and_then(parse_rfc2822_ms)?;
                (since_ms..=until_ms).contains(&t).then_some((t, c.sid))
            })
            .collect();
        near.sort();
        Ok(near.into_iter().map(|(_, sid)| sid).collect())
    }

    /// `POST /2010-04-01/Accounts/{AccountSid}/Calls.json`: calls `to` from `from` and
    /// plays `twiml` (inline: no URL for Twilio to fetch); the call's SID.
    pub async fn create_call(&self, to: &str, from: &str, twiml: &str) -> Result<String, ApiError> {
        self.place_call(to, from, &[("Twiml", twiml)]).await
    }

    /// `POST .../Calls.json` whose TwiML Twilio fetches from `url` when the call is
    /// answered, and whose end (completed, busy, no-answer, failed, canceled) is posted to
    /// `status_callback`; the call's SID.
    pub async fn create_call_at(
        &self,
        to: &str,
        from: &str,
        url: &str,
        status_callback: &str,
    ) -> Result<String, ApiError> {
        self.place_call(
            to,
            from,
            &[
                ("Url", url),
                ("Method", "POST"),
                ("StatusCallback", status_callback),
                ("StatusCallbackMethod", "POST"),
            ],
        )
        .await
    }

    async fn place_call(
        &self,
        to: &str,
        from: &str,
        how: &[(&str, &str)],
    ) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        struct Created {
            sid: String,
        }
        let mut form = vec![("To", to), ("From", from)];
        form.extend_from_slice(how);
        let req = self
            .http
            .post(self.fixed_url(&["Calls"], ".json"))
            .form(&form);
        let resp = self.call(req).await?;
        Ok(self.json::<Created>(resp).await?.sid)
    }

    /// `DELETE .../Recordings/{RecordingSid}.json`. A recording already gone is fine.
    pub async fn delete_recording(&self, recording_sid: &str) -> Result<(), ApiError> {
        let req = self
            .http
            .delete(self.recording_url(recording_sid, ".json")?);
        match self.call(req).await {
            Ok(_) | Err(ApiError::Twilio { status: 404, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// The form a message is created with: To, From, MessagingServiceSid, Body, and one
/// MediaUrl per media URL, as Twilio documents it.
pub fn message_form(msg: &OutboundMessage) -> Vec<(&'static str, &str)> {
    let mut form: Vec<(&str, &str)> = vec![("To", &msg.to)];
    if let Some(from) = &msg.from {
        form.push(("From", from));
    }
    if let Some(sid) = &msg.messaging_service_sid {
        form.push(("MessagingServiceSid", sid));
    }
    if let Some(body) = &msg.body {
        form.push(("Body", body));
    }
    for url in &msg.media_urls {
        form.push(("MediaUrl", url));
    }
    if let Some(url) = &msg.status_callback {
        form.push(("StatusCallback", url));
    }
    form
}

/// A message as Twilio lists it (the fields relay looks at).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedMessage {
    pub sid: String,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    /// RFC 2822, e.g. "Thu, 30 Jul 2015 20:12:31 +0000".
    #[serde(default)]
    pub date_created: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub error_code: Option<u32>,
}

/// One of the account's phone numbers, with its webhooks (the fields relay looks at).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingNumber {
    pub sid: String,
    pub phone_number: String,
    #[serde(default)]
    pub friendly_name: Option<String>,
    #[serde(default)]
    pub sms_url: Option<String>,
    #[serde(default)]
    pub sms_method: Option<String>,
    #[serde(default)]
    pub voice_url: Option<String>,
    #[serde(default)]
    pub voice_method: Option<String>,
    /// Where Twilio posts the status of calls to the number (their end, at once).
    #[serde(default)]
    pub status_callback: Option<String>,
    #[serde(default)]
    pub status_callback_method: Option<String>,
}

fn snippet(text: &str) -> String {
    let t: String = text.chars().take(200).collect();
    if t.is_empty() {
        "(empty body)".into()
    } else {
        t
    }
}

/// "Thu, 30 Jul 2015 20:12:31 +0000" → Unix ms (UTC offsets only, as Twilio writes them).
pub fn parse_rfc2822_ms(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, mon, year, time, _] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == mon)?
        + 1;
    let text = format!("{year}-{month:02}-{:0>2}T{time}Z", day);
    humantime::parse_rfc3339(&text)
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as i64)
}

/// The least time between two texts relay sends from one number on its own account (pages,
/// their escalations, "nobody took it"): a long code sends about one a second, and a
/// burst past that is queued or refused by the carrier.
pub const PACE: std::time::Duration = std::time::Duration::from_millis(1000);

/// Waits until `from` may send again ([`PACE`] after the last text this process sent from
/// it), and books that slot.
pub async fn pace(from: &str) {
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::time::Instant;
    static NEXT: Mutex<Option<HashMap<String, Instant>>> = Mutex::new(None);
    let wait = {
        let mut next = NEXT.lock().unwrap_or_else(|p| p.into_inner());
        let map = next.get_or_insert_with(HashMap::new);
        let now = Instant::now();
        if map.len() > 1000 {
            map.retain(|_, t| *t > now);
        }
        let at = map.get(from).copied().filter(|t| *t > now).unwrap_or(now);
        map.insert(from.to_string(), at + PACE);
        at - now
    };
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::new(
            "https://api.twilio.com",
            "AC0123456789abcdef0123456789abcdef",
            "AC0123456789abcdef0123456789abcdef",
            SecretString::new("t"),
        )
    }

    #[test]
    fn every_segment_stays_a_segment() {
        let c = client();
        let acct = "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef";
        assert_eq!(
            c.recording_url("RE0123456789abcdef0123456789abcdef", ".mp3")
                .unwrap(),
            format!("{acct}/Recordings/RE0123456789abcdef0123456789abcdef.mp3")
        );
        // The attack from issue 24: dots, slashes and percent signs stay inside the segment.
        for sid in [
            "RE1/%2e%2e/%2e%2e/IncomingPhoneNumbers/PN1",
            "RE1/../../IncomingPhoneNumbers/PN1.json?x=",
            "RE1#frag",
        ] {
            let url = c.recording_url(sid, ".json").unwrap();
            let parsed = url::Url::parse(&url).unwrap();
            let segments: Vec<&str> = parsed.path_segments().unwrap().collect();
            assert_eq!(segments.len(), 5, "{url}");
            assert_eq!(segments[3], "Recordings", "{url}");
            assert!(
                parsed.query().is_none() && parsed.fragment().is_none(),
                "{url}"
            );
        }
        for bad in ["..", ".", ""] {
            assert!(matches!(
                c.recording_url(bad, ".json"),
                Err(ApiError::BadId(_))
            ));
            assert!(c.media_url("SM1", bad).is_err());
        }
        assert_eq!(c.messages_url(), format!("{acct}/Messages.json"));
        assert_eq!(c.account_url(), format!("{acct}.json"));
    }
}
