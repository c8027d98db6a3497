//! A local stand-in for Twilio's Messages API, speaking its wire format: `POST` creates a
//! message (form-encoded To, From or MessagingServiceSid, Body, MediaUrl; HTTP Basic
//! authentication; 201 with the message resource), `GET` lists them (`To`, `PageSize`,
//! newest first), `GET .../Messages/{Sid}.json` fetches one (its status as a test set it),
//! errors are Twilio's JSON (`code`, `message`, `more_info`, `status`). It can answer
//! slowly and inject faults by request number: 429 with Retry-After, 500, and connections
//! dropped before or after the message is created. Like Twilio's test credentials, it
//! refuses +15005550001 (21211, invalid) and +15005550004 (21610, unsubscribed).

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Every n-th request (counting from 1) gets the fault; 0 = never.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    pub delay: Duration,
    pub every_429: u64,
    pub every_500: u64,
    pub every_drop_before: u64,
    pub every_drop_after: u64,
}

/// A number update: its SID and the form sent.
pub type NumberUpdate = (String, HashMap<String, String>);

/// An MMS media item: content type and bytes.
pub type MediaItem = (String, Vec<u8>);

#[derive(Clone, Debug)]
pub struct Stored {
    pub sid: String,
    pub to: String,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub body: String,
    pub media: Vec<String>,
    pub date_created: String,
    pub status_callback: Option<String>,
    /// What a fetch answers (a test moves it on with [`Fake::set_status`]).
    pub status: String,
    pub error_code: Option<u32>,
}

pub struct Fake {
    pub base: String,
    /// What the fake has seen and holds (the fields below, through `Deref`).
    state: St,
    _server: super::background::Background,
}

impl std::ops::Deref for Fake {
    type Target = St;
    fn deref(&self) -> &St {
        &self.state
    }
}

/// The fake's state, shared by its handlers and read by tests.
#[derive(Clone, Default)]
pub struct St {
    user: String,
    secret: String,
    faults: Faults,
    next_sid: Arc<AtomicU64>,
    pub messages: Arc<Mutex<Vec<Stored>>>,
    pub requests: Arc<AtomicU64>,
    /// Recordings by SID (the audio served for `.mp3` and `.wav` alike).
    pub recordings: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    /// The next this many recording downloads answer 500.
    pub recording_failures: Arc<AtomicU64>,
    /// Downloads served, and deletions, by SID.
    pub downloads: Arc<Mutex<Vec<String>>>,
    pub deleted: Arc<Mutex<Vec<String>>>,
    /// MMS media by MediaSid: (content type, bytes).
    pub media: Arc<Mutex<HashMap<String, MediaItem>>>,
    /// Every request, as `METHOD /path?query`, in arrival order.
    pub paths: Arc<Mutex<Vec<String>>>,
    /// While set, media downloads answer 503 (Twilio having a bad time).
    pub media_down: Arc<std::sync::atomic::AtomicBool>,
    /// Calls created (`POST .../Calls.json`), each as its form parameters.
    pub calls: Arc<Mutex<Vec<HashMap<String, String>>>>,
    /// Messages fetched (`GET .../Messages/{Sid}.json`), by SID.
    pub fetched: Arc<Mutex<Vec<String>>>,
    /// The account's phone numbers (`IncomingPhoneNumbers.json`, listed 2 a page), as
    /// Twilio's resources.
    pub numbers: Arc<Mutex<Vec<serde_json::Value>>>,
    /// The next this many number updates answer 429 (Retry-After: 1).
    pub number_429s: Arc<AtomicU64>,
    /// Number updates (`POST .../IncomingPhoneNumbers/{Sid}.json`): SID and form.
    pub number_updates: Arc<Mutex<Vec<NumberUpdate>>>,
}

fn hits(n: u64, every: u64) -> bool {
    every > 0 && n.is_multiple_of(every)
}

/// A JSON answer, as Twilio's API gives them.
fn json_answer(status: StatusCode, body: &serde_json::Value) -> Response {
    (
        status,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn error(status: u16, code: u32, message: &str) -> Response {
    let body = serde_json::json!({
        "code": code, "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"), "status": status,
    });
    json_answer(StatusCode::from_u16(status).unwrap(), &body)
}

/// A response whose body breaks off: the client sees the connection drop.
fn dropped() -> Response {
    let stream = broken_body();
    Response::builder()
        .status(201)
        .header("content-type", "application/json")
        .body(Body::from_stream(stream))
        .unwrap()
}

fn broken_body() -> impl one_item::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
    one_item::once(Err(std::io::Error::other("dropped by the fake")))
}

/// A one-item stream without pulling in a stream crate.
mod one_item {
    pub use futures_core::Stream;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    pub struct Once<T>(Option<T>);
    pub fn once<T>(t: T) -> Once<T> {
        Once(Some(t))
    }
    impl<T: Unpin> Stream for Once<T> {
        type Item = T;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
            Poll::Ready(self.0.take())
        }
    }
}

pub fn rfc2822(t: std::time::SystemTime) -> String {
    let secs = t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let days = secs / 86400;
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let iso = humantime::format_rfc3339_seconds(t).to_string(); // 2026-11-23T00:20:43Z
    let (date, time) = iso.trim_end_matches('Z').split_once('T').unwrap();
    let mut d = date.split('-');
    let (y, m, day) = (d.next().unwrap(), d.next().unwrap(), d.next().unwrap());
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][m.parse::<usize>().unwrap() - 1];
    format!("{weekday}, {day} {month} {y} {time} +0000")
}

fn authorised(st: &St, headers: &HeaderMap) -> bool {
    use base64::Engine;
    let want =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", st.user, st.secret));
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Basic {want}"))
}

fn resource(m: &Stored, account: &str) -> serde_json::Value {
    serde_json::json!({
        "sid": m.sid, "account_sid": account, "to": m.to, "from": m.from,
        "messaging_service_sid": m.messaging_service_sid, "body": m.body,
        "num_media": m.media.len().to_string(), "status": m.status, "direction": "outbound-api",
        "date_created": m.date_created, "date_updated": m.date_created, "date_sent": null,
        "api_version": "2010-04-01", "price": null, "error_code": m.error_code, "error_message": null,
        "uri": format!("/2010-04-01/Accounts/{account}/Messages/{}.json", m.sid),
    })
}

/// `POST .../Calls.json`: To and From, and Url or Twiml, as Twilio requires; 201 with the
/// call resource.
async fn create_call(
    State(st): State<St>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    if !form.contains_key("To") || !form.contains_key("From") {
        return error(400, 21201, "No 'To' or 'From' number is specified");
    }
    if !form.contains_key("Url") && !form.contains_key("Twiml") {
        return error(400, 21205, "Url parameter is required.");
    }
    let n = {
        let mut calls = st.calls.lock().unwrap();
        let mut kept = form.clone();
        kept.insert("date_created".into(), rfc2822(std::time::SystemTime::now()));
        calls.push(kept);
        calls.len()
    };
    let sid = format!("CA{n:032x}");
    json_answer(
        StatusCode::CREATED,
        &serde_json::json!({"sid": sid, "account_sid": account, "to": form["To"], "from": form["From"], "status": "queued"}),
    )
}

/// `GET .../Calls.json?To=&From=`: the calls created, newest first, as Twilio lists them.
async fn list_calls(
    State(st): State<St>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let calls: Vec<serde_json::Value> = st
        .calls
        .lock()
        .unwrap()
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, c)| {
            q.get("To").is_none_or(|t| c.get("To") == Some(t))
                && q.get("From").is_none_or(|f| c.get("From") == Some(f))
        })
        .map(|(i, c)| {
            serde_json::json!({"sid": format!("CA{:032x}", i + 1), "to": c["To"], "from": c["From"], "date_created": c["date_created"], "status": "completed"})
        })
        .collect();
    json_answer(StatusCode::OK, &serde_json::json!({"calls": calls}))
}

async fn create(
    State(st): State<St>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let n = st.requests.fetch_add(1, Ordering::SeqCst) + 1;
    if !st.faults.delay.is_zero() {
        tokio::time::sleep(st.faults.delay).await;
    }
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let f = &st.faults;
    if hits(n, f.every_429) {
        let mut r = error(429, 20429, "Too Many Requests");
        r.headers_mut().insert("retry-after", "1".parse().unwrap());
        return r;
    }
    if hits(n, f.every_500) {
        return error(500, 20500, "Internal Server Error");
    }
    if hits(n, f.every_drop_before) {
        return dropped();
    }
    let mut form: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in form_urlencoded::parse(&body) {
        form.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    let one = |k: &str| form.get(k).and_then(|v| v.first()).cloned();
    let Some(to) = one("To") else {
        return error(400, 21604, "A 'To' phone number is required.");
    };
    if to.contains("5005550004") {
        return error(400, 21610, "Attempt to send to unsubscribed recipient");
    }
    if !to.starts_with('+') || to.len() < 8 || to.contains("5005550001") {
        return error(
            400,
            21211,
            &format!("The 'To' number {to} is not a valid phone number."),
        );
    }
    if one("From").is_none() && one("MessagingServiceSid").is_none() {
        return error(400, 21603, "A 'From' phone number is required.");
    }
    let body_text = one("Body").unwrap_or_default();
    let media = form.get("MediaUrl").cloned().unwrap_or_default();
    if body_text.is_empty() && media.is_empty() {
        return error(400, 21602, "Message body is required.");
    }
    let sid = format!("SM{:032x}", st.next_sid.fetch_add(1, Ordering::SeqCst) + 1);
    let stored = Stored {
        sid,
        to,
        from: one("From"),
        messaging_service_sid: one("MessagingServiceSid"),
        body: body_text,
        media,
        date_created: rfc2822(std::time::SystemTime::now()),
        status_callback: one("StatusCallback"),
        status: "queued".into(),
        error_code: None,
    };
    let json = resource(&stored, &account);
    st.messages.lock().unwrap().push(stored);
    if hits(n, f.every_drop_after) {
        return dropped();
    }
    json_answer(StatusCode::CREATED, &json)
}

async fn list(
    State(st): State<St>,
    Path(account): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let size: usize = q.get("PageSize").and_then(|s| s.parse().ok()).unwrap_or(50);
    let all = st.messages.lock().unwrap();
    let page: Vec<serde_json::Value> = all
        .iter()
        .rev()
        .filter(|m| q.get("To").is_none_or(|to| *to == m.to))
        .take(size)
        .map(|m| resource(m, &account))
        .collect();
    let body = serde_json::json!({
        "messages": page, "page": 0, "page_size": size, "start": 0, "end": page.len(),
        "first_page_uri": "", "next_page_uri": null, "previous_page_uri": null, "uri": "",
    });
    json_answer(StatusCode::OK, &body)
}

/// `GET .../Messages/{Sid}.json`: one message, as it is now.
async fn fetch(
    State(st): State<St>,
    Path((account, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let sid = file.trim_end_matches(".json");
    st.fetched.lock().unwrap().push(sid.to_string());
    let found = st
        .messages
        .lock()
        .unwrap()
        .iter()
        .find(|m| m.sid == sid)
        .cloned();
    match found {
        Some(m) => json_answer(StatusCode::OK, &resource(&m, &account)),
        None => error(404, 20404, "The requested resource was not found"),
    }
}

/// `GET .../IncomingPhoneNumbers.json`: at most 2 a page (whatever PageSize asks), with
/// Twilio's `next_page_uri` to the next.
async fn incoming_numbers(
    State(st): State<St>,
    Path(account): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let size = q
        .get("PageSize")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(50)
        .min(2);
    let page: usize = q.get("Page").and_then(|s| s.parse().ok()).unwrap_or(0);
    let all = st.numbers.lock().unwrap();
    let items: Vec<serde_json::Value> = all.iter().skip(page * size).take(size).cloned().collect();
    let uri = |p: usize| {
        format!(
            "/2010-04-01/Accounts/{account}/IncomingPhoneNumbers.json?PageSize={size}&Page={p}&PageToken=PA{p}"
        )
    };
    let next = ((page + 1) * size < all.len()).then(|| uri(page + 1));
    let body = serde_json::json!({
        "incoming_phone_numbers": items, "page": page, "page_size": size, "start": page * size,
        "end": page * size + items.len(), "first_page_uri": uri(0), "next_page_uri": next,
        "previous_page_uri": null, "uri": uri(page),
    });
    json_answer(StatusCode::OK, &body)
}

/// `GET /2010-04-01/Accounts/{Sid}.json`: the account (401 on wrong credentials).
async fn account(State(st): State<St>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let sid = file.trim_end_matches(".json");
    let body = serde_json::json!({
        "sid": sid, "friendly_name": "relay test account", "status": "active", "type": "Full",
        "auth_token": "[redacted]", "owner_account_sid": sid,
        "date_created": "Thu, 01 Oct 2026 10:00:00 +0000",
        "uri": format!("/2010-04-01/Accounts/{sid}.json"),
    });
    json_answer(StatusCode::OK, &body)
}

/// `POST .../IncomingPhoneNumbers/{Sid}.json`: updates the number's fields (404 for a SID
/// not in the account; 429 while `number_429s` lasts).
async fn update_number(
    State(st): State<St>,
    Path((_account, file)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    if st
        .number_429s
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        let mut r = error(429, 20429, "Too Many Requests");
        r.headers_mut().insert("retry-after", "1".parse().unwrap());
        return r;
    }
    let sid = file.trim_end_matches(".json").to_string();
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let mut all = st.numbers.lock().unwrap();
    let Some(n) = all.iter_mut().find(|n| n["sid"] == sid) else {
        return error(404, 20404, "The requested resource was not found");
    };
    for (field, key) in [
        ("SmsUrl", "sms_url"),
        ("SmsMethod", "sms_method"),
        ("VoiceUrl", "voice_url"),
        ("VoiceMethod", "voice_method"),
        ("StatusCallback", "status_callback"),
        ("StatusCallbackMethod", "status_callback_method"),
    ] {
        if let Some(v) = form.get(field) {
            n[key] = serde_json::Value::String(v.clone());
        }
    }
    st.number_updates.lock().unwrap().push((sid, form));
    json_answer(StatusCode::OK, n)
}

/// `GET .../Recordings/{RecordingSid}.mp3|.wav`: the audio, authenticated.
async fn recording(
    State(st): State<St>,
    Path((_account, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let Some((sid, ext)) = file.rsplit_once('.') else {
        return error(404, 20404, "The requested resource was not found");
    };
    if st
        .recording_failures
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return error(500, 20500, "Internal Server Error");
    }
    let Some(bytes) = st.recordings.lock().unwrap().get(sid).cloned() else {
        return error(404, 20404, "The requested resource was not found");
    };
    st.downloads.lock().unwrap().push(sid.to_string());
    let ct = if ext == "wav" {
        "audio/x-wav"
    } else {
        "audio/mpeg"
    };
    (StatusCode::OK, [("content-type", ct)], bytes).into_response()
}

/// Records every request's method and path (as sent, before any routing).
async fn record_path(
    State(st): State<St>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let pq = req
        .uri()
        .path_and_query()
        .map_or("", |p| p.as_str())
        .to_string();
    st.paths
        .lock()
        .unwrap()
        .push(format!("{} {pq}", req.method()));
    next.run(req).await
}

/// `GET .../Messages/{MessageSid}/Media/{MediaSid}`: the media item, authenticated.
async fn media(
    State(st): State<St>,
    Path((_account, _message, sid)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    if st.media_down.load(std::sync::atomic::Ordering::SeqCst) {
        return error(503, 20503, "Service Unavailable");
    }
    match st.media.lock().unwrap().get(&sid).cloned() {
        Some((ct, bytes)) => {
            st.downloads.lock().unwrap().push(sid);
            (StatusCode::OK, [("content-type", ct)], bytes).into_response()
        }
        None => error(404, 20404, "The requested resource was not found"),
    }
}

/// `DELETE .../Recordings/{RecordingSid}.json`: 204.
async fn delete_recording(
    State(st): State<St>,
    Path((_account, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&st, &headers) {
        return error(401, 20003, "Authenticate");
    }
    let sid = file.trim_end_matches(".json").to_string();
    if st.recordings.lock().unwrap().remove(&sid).is_none() {
        return error(404, 20404, "The requested resource was not found");
    }
    st.deleted.lock().unwrap().push(sid);
    StatusCode::NO_CONTENT.into_response()
}

impl Fake {
    /// Starts the fake on a loopback port, accepting `user`:`secret` (an account SID and
    /// auth token, or an API key and secret).
    pub fn start(user: &str, secret: &str, faults: Faults) -> Fake {
        let st = St {
            user: user.into(),
            secret: secret.into(),
            faults,
            ..Default::default()
        };
        let app = axum::Router::new()
            .route("/2010-04-01/Accounts/{file}", axum::routing::get(account))
            .route(
                "/2010-04-01/Accounts/{sid}/Messages.json",
                axum::routing::post(create).get(list),
            )
            .route(
                "/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json",
                axum::routing::get(incoming_numbers),
            )
            .route(
                "/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/{file}",
                axum::routing::post(update_number),
            )
            .route(
                "/2010-04-01/Accounts/{sid}/Messages/{file}",
                axum::routing::get(fetch),
            )
            .route(
                "/2010-04-01/Accounts/{sid}/Calls.json",
                axum::routing::post(create_call).get(list_calls),
            )
            .route(
                "/2010-04-01/Accounts/{sid}/Messages/{msid}/Media/{mesid}",
                axum::routing::get(media),
            )
            .route(
                "/2010-04-01/Accounts/{sid}/Recordings/{file}",
                axum::routing::get(recording).delete(delete_recording),
            )
            .layer(axum::middleware::from_fn_with_state(
                st.clone(),
                record_path,
            ))
            .with_state(st.clone());
        let server = super::background::Background::serve(app);
        Fake {
            base: server.base.clone(),
            state: st,
            _server: server,
        }
    }

    /// Adds a phone number to the account, with its webhooks (URL, method).
    pub fn add_number(&self, number: &str, sms: (&str, &str), voice: (&str, &str)) {
        let mut all = self.numbers.lock().unwrap();
        let sid = format!("PN{:032x}", all.len() + 1);
        all.push(serde_json::json!({
            "sid": sid, "phone_number": number, "friendly_name": number,
            "sms_url": sms.0, "sms_method": sms.1, "voice_url": voice.0, "voice_method": voice.1,
            "capabilities": {"sms": true, "voice": true, "mms": true, "fax": false},
        }));
    }

    /// Moves a message on: what a fetch of it answers from now on.
    pub fn set_status(&self, sid: &str, status: &str, error_code: Option<u32>) {
        let mut all = self.messages.lock().unwrap();
        let m = all
            .iter_mut()
            .find(|m| m.sid == sid)
            .expect("a message the fake created");
        m.status = status.into();
        m.error_code = error_code;
    }

    /// How many messages were created for each (To, Body).
    pub fn counts(&self) -> HashMap<(String, String), usize> {
        let mut out = HashMap::new();
        for m in self.messages.lock().unwrap().iter() {
            *out.entry((m.to.clone(), m.body.clone())).or_default() += 1;
        }
        out
    }
}
