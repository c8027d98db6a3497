//! The layers every Twilio route goes through, outermost first: [`buffer`], [`capture`],
//! [`basic_auth`], [`signature`], [`sids`], [`idempotency`].

use super::claim::{self, Claim, Flight, Handled, Terms};
use super::{AppState, Failure, MAX_BODY, capture_id, write_capture};
use crate::capture::{Captured, CapturedResponse};
use crate::twilio::params::parse_form;
use crate::twilio::signature::{self, SETTINGS_HEADER, SIGNATURE_HEADER, Signed, hex_sha256};
use crate::verify::{Subject, check_with};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

/// The raw request body, read once by [`buffer`].
#[derive(Clone)]
pub struct RawBody(pub Bytes);

/// A verified webhook, as handlers see it.
#[derive(Clone, Debug)]
pub struct Webhook {
    pub params: Vec<(String, String)>,
}

impl Webhook {
    pub fn get(&self, name: &str) -> Option<&str> {
        crate::twilio::params::get(&self.params, name)
    }
}

/// Reads the body (at most [`MAX_BODY`]; more is 413; not all sent within
/// `serve.body_timeout` is 408 and the connection closed) into a [`RawBody`] extension.
pub async fn buffer(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    match read_body(&app, body, MAX_BODY).await {
        Ok(bytes) => {
            parts.extensions.insert(RawBody(bytes));
            next.run(Request::from_parts(parts, Body::empty())).await
        }
        Err(refusal) => {
            tracing::debug!("{} {}: body refused", parts.method, parts.uri.path());
            refusal.into_response()
        }
    }
}

/// Why a body was not read.
pub enum BodyRefusal {
    TooLarge(usize),
    TooSlow(u64),
}

impl IntoResponse for BodyRefusal {
    fn into_response(self) -> Response {
        match self {
            BodyRefusal::TooLarge(max) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request bodies are limited to {max} bytes\n"),
            )
                .into_response(),
            BodyRefusal::TooSlow(secs) => (
                StatusCode::REQUEST_TIMEOUT,
                [(header::CONNECTION, "close")],
                format!("the request body was not sent within {secs} s\n"),
            )
                .into_response(),
        }
    }
}

/// A request body, at most `max` bytes, within `serve.body_timeout` (counted when not).
pub async fn read_body(app: &AppState, body: Body, max: usize) -> Result<Bytes, BodyRefusal> {
    let secs = app.config.serve.body_timeout;
    match tokio::time::timeout(
        std::time::Duration::from_secs(secs),
        axum::body::to_bytes(body, max),
    )
    .await
    {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(BodyRefusal::TooLarge(max)),
        Err(_) => {
            app.metrics.refused("body_timeout");
            Err(BodyRefusal::TooSlow(secs))
        }
    }
}

/// A handler that has not answered within `serve.handler_timeout` gets a 503 from relay
/// (Twilio gives up at 15 s; a clean answer beats a timeout). Durable work it started goes
/// on from the store.
pub async fn handler_deadline(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let secs = app.config.serve.handler_timeout;
    let uri = req.uri().clone();
    match tokio::time::timeout(std::time::Duration::from_secs(secs), next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => {
            let path = uri.path();
            tracing::error!(
                "{path}: no answer within {secs} s (serve.handler_timeout): answering 503; is the store or a service slow?"
            );
            app.metrics.refused("handler_timeout");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/xml")],
                crate::twilio::twiml::Response::new().to_xml(),
            )
                .into_response()
        }
    }
}

fn raw_body(req: &Request) -> Bytes {
    req.extensions()
        .get::<RawBody>()
        .map(|b| b.0.clone())
        .unwrap_or_default()
}

/// The URL Twilio requested: the configured public URL (or, from a trusted proxy, its
/// X-Forwarded-Proto/Host; or the Host header) plus the path and query exactly as received.
pub fn public_url(app: &AppState, req: &Request) -> String {
    let pq = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let headers = req.headers();
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').next().unwrap_or("").trim().to_string())
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let trusted = peer.is_some_and(|ip| app.config.serve.trusted_proxies.contains(&ip));
    if trusted && let Some(host) = text("x-forwarded-host") {
        let proto = text("x-forwarded-proto").unwrap_or_else(|| "https".into());
        return format!("{proto}://{host}{pq}");
    }
    if let Some(base) = &app.config.serve.public_url {
        return format!("{}{pq}", base.trim_end_matches('/'));
    }
    let proto = if trusted {
        text("x-forwarded-proto").unwrap_or_else(|| "http".into())
    } else {
        "http".into()
    };
    format!(
        "{proto}://{}{pq}",
        text("host").unwrap_or_else(|| "localhost".into())
    )
}

fn header_map(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let v = String::from_utf8_lossy(value.as_bytes()).into_owned();
        out.entry(name.as_str().to_string())
            .and_modify(|e| {
                e.push_str(", ");
                e.push_str(&v)
            })
            .or_insert(v);
    }
    out
}

/// With `--capture`, appends the request and relay's response to the capture file, one line
/// per exchange, flushed before the response leaves.
pub async fn capture(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let Some(file) = app.capture.clone() else {
        return next.run(req).await;
    };
    let mut rec = Captured {
        id: capture_id(),
        received_at: humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string(),
        method: req.method().to_string(),
        // The URL without the Basic-auth password Twilio was given (the header carrying
        // it is redacted too).
        url: crate::url_credentials::without(&public_url(&app, &req)),
        headers: header_map(req.headers()),
        body: String::from_utf8_lossy(&raw_body(&req)).into_owned(),
        response: None,
    };
    let resp = next.run(req).await;
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    rec.response = Some(CapturedResponse {
        status: parts.status.as_u16(),
        headers: header_map(&parts.headers),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    });
    write_capture(&file, rec);
    Response::from_parts(parts, Body::from(bytes))
}

/// HTTP Basic authentication, when `[serve.basic_auth]` has users (Twilio answers the 401
/// challenge with the credentials in the webhook URL).
pub async fn basic_auth(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let users = &app.config.serve.basic_auth;
    if users.is_empty() {
        return next.run(req).await;
    }
    let given = crate::verify::basic_credentials(
        req.headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok()),
    );
    let ok = given.as_ref().is_some_and(|(user, pass)| {
        users
            .get(user)
            .is_some_and(|hash| crate::config::matches_hash(pass, hash))
    });
    if ok {
        return next.run(req).await;
    }
    if given.is_none() {
        // Twilio's first try: it sends the credentials after this challenge.
        tracing::debug!(
            "{} {}: no credentials yet; sending the 401 challenge",
            req.method(),
            req.uri().path()
        );
    } else {
        tracing::warn!(
            "{} {}: wrong HTTP Basic credentials (user {:?})",
            req.method(),
            req.uri().path(),
            given.as_ref().map_or("", |(u, _)| u.as_str())
        );
    }
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Basic realm=\"relay\"")],
        "authentication required\n",
    )
        .into_response()
}

/// Checks the Twilio signature against the public URL; 403 and one log line with the
/// diagnosis when it fails. Puts the decoded [`Webhook`] in the request's extensions.
pub async fn signature(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let url = public_url(&app, &req);
    let body = raw_body(&req);
    let headers = req.headers();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let has_hash = signature::body_hash_param(&url).is_some();
    let params = if !has_hash
        && (content_type.is_empty()
            || content_type.starts_with("application/x-www-form-urlencoded"))
    {
        parse_form(&body)
    } else {
        Vec::new()
    };
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let sig = text(SIGNATURE_HEADER);
    let settings = text(SETTINGS_HEADER);
    if app.insecure {
        tracing::warn!(
            "{}: signature NOT checked (--insecure-skip-signature)",
            crate::url_credentials::shown(&url)
        );
    } else {
        let signed = Signed {
            url: &url,
            params: &params,
            body: &body,
            signature: sig.as_deref(),
            settings: settings.as_deref(),
        };
        if signature::verify(&signed, &app.keyring).is_err() {
            // Another form of the URL (with or without user:pass@), or a diagnosis.
            let subject = Subject {
                id: String::new(),
                url: url.clone(),
                params: params.clone(),
                body: body.to_vec(),
                signature: sig,
                settings,
                content_type: Some(content_type),
                hosts: ["host", "x-forwarded-host"]
                    .iter()
                    .filter_map(|h| text(h))
                    .collect(),
                credentials: crate::verify::basic_credentials(text("authorization").as_deref()),
            };
            // The diagnosis tries many variations of the request: only for a signature
            // that could be Twilio's, and at most once a second per peer, so unsigned
            // requests cannot buy CPU with it.
            let looks_signed = subject
                .signature
                .as_deref()
                .is_some_and(signature::looks_like_hmac);
            let peer = req
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip());
            let diagnose = looks_signed && app.diagnoses.allow(peer);
            let mut report = check_with(&subject, &app.keyring, diagnose);
            if !report.valid && !diagnose {
                report.hints.push(if looks_signed {
                    "no diagnosis: one a second per peer".into()
                } else {
                    "no diagnosis: the signature is missing or is not an HMAC".into()
                });
            }
            if report.valid {
                tracing::debug!(
                    "{}",
                    crate::url_credentials::redact(&format!("{url}: {}", report.reason))
                );
                req.extensions_mut().insert(Webhook { params });
                return with_sid(next.run(req).await, sid_of(&subject.params));
            }
            app.metrics.signature_failure(
                report
                    .failure
                    .as_ref()
                    .map_or("mismatch", signature::Failure::label),
            );
            tracing::warn!(
                "{}",
                crate::url_credentials::redact(&format!(
                    "403 {url}: {}{}",
                    report.reason,
                    report
                        .hints
                        .iter()
                        .map(|h| format!("; {h}"))
                        .collect::<String>()
                ))
            );
            return (StatusCode::FORBIDDEN, "invalid Twilio signature\n").into_response();
        }
    }
    let sid = sid_of(&params);
    req.extensions_mut().insert(Webhook { params });
    with_sid(next.run(req).await, sid)
}

/// Every SID a webhook carries has its documented shape (kind + 32 hex digits), or the
/// request is answered 400 naming the parameter: nothing a client sends reaches a store
/// key, a REST path or a log line unchecked.
pub async fn sids(req: Request, next: Next) -> Response {
    if let Some(hook) = req.extensions().get::<Webhook>()
        && let Err(why) = crate::twilio::sid::check(&hook.params)
    {
        tracing::warn!("400 {}: {why}", req.uri().path());
        return (StatusCode::BAD_REQUEST, format!("{why}\n")).into_response();
    }
    next.run(req).await
}

fn sid_of(params: &[(String, String)]) -> Option<String> {
    ["MessageSid", "CallSid", "SmsSid"]
        .iter()
        .find_map(|n| crate::twilio::params::get(params, n))
        .map(str::to_string)
}

/// The webhook's SID on the response, for the access line.
fn with_sid(mut resp: Response, sid: Option<String>) -> Response {
    if let Some(sid) = sid {
        resp.extensions_mut().insert(super::metrics::Sid(sid));
    }
    resp
}

fn idempotency_key(req: &Request) -> Option<String> {
    if let Some(token) = req
        .headers()
        .get("i-twilio-idempotency-token")
        .and_then(|v| v.to_str().ok())
    {
        return Some(format!("token:{token}"));
    }
    let hook = req.extensions().get::<Webhook>()?;
    let sid = ["MessageSid", "SmsSid", "CallSid"]
        .iter()
        .find_map(|n| hook.get(n))?;
    let extra = ["RecordingSid", "CallStatus", "RecordingStatus", "Digits"]
        .iter()
        .filter_map(|n| hook.get(n))
        .collect::<Vec<_>>()
        .join(":");
    Some(format!("sid:{}:{sid}:{extra}", req.uri().path()))
}

/// A request's claim on its side effects ([`super::claim`]). Handlers call
/// [`Dedupe::claim`] right before their first write; a request that only reads never
/// claims, and so costs no write.
#[derive(Clone)]
pub struct Dedupe {
    inner: Arc<DedupeInner>,
}

struct DedupeInner {
    store: crate::store::Store,
    key: Option<String>,
    terms: Terms,
    /// The claim, once taken: held until the answer is recorded (or the request dropped).
    flight: std::sync::Mutex<Option<Flight>>,
}

impl Dedupe {
    /// Claims the request for this delivery. An earlier delivery that finished makes this
    /// an `Err(Answered)` (its answer is replayed), one still acting an `Err(InFlight)`
    /// (503): the handler must then change nothing.
    pub async fn claim(&self) -> anyhow::Result<()> {
        let Some(key) = &self.inner.key else {
            return Ok(());
        };
        if self.claimed() {
            return Ok(());
        }
        match claim::claim(&self.inner.store, key, self.inner.terms).await? {
            Claim::Acquired { flight, .. } => {
                *self.flight() = Some(flight);
                Ok(())
            }
            Claim::Done(h) => Err(claim::Answered(h).into()),
            Claim::InFlight => Err(claim::InFlight.into()),
        }
    }

    fn flight(&self) -> std::sync::MutexGuard<'_, Option<Flight>> {
        self.inner.flight.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn claimed(&self) -> bool {
        self.flight().is_some()
    }
}

/// Answers a retried webhook (same `I-Twilio-Idempotency-Token`, or the same MessageSid)
/// with the first answer, without running the handler again, when the first delivery
/// changed anything. The handler claims the request (create-if-absent) before its first
/// write, so two deliveries racing each other act once; reads need no record at all.
pub async fn idempotency(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let key =
        idempotency_key(&req).map(|k| format!("serve/handled/{}.json", hex_sha256(k.as_bytes())));
    if let Some(key) = &key {
        match app.store.get_json::<Handled>(key).await {
            Ok(Some((h, _))) if h.state == claim::DONE => {
                app.metrics.duplicate();
                tracing::info!(
                    "{}: retry of a handled request, answering as before",
                    req.uri().path()
                );
                return h.replay();
            }
            Ok(_) => {}
            Err(e) => return Failure(e.into()).into_response(),
        }
    }
    let dedupe = Dedupe {
        inner: Arc::new(DedupeInner {
            store: app.store.clone(),
            key: key.clone(),
            terms: Terms::for_deadline(app.config.serve.handler_timeout),
            flight: Default::default(),
        }),
    };
    req.extensions_mut().insert(dedupe.clone());
    let resp = next.run(req).await;
    let (Some(key), true) = (key, dedupe.claimed()) else {
        return resp;
    };
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    // A server error lets a retry do the work again; anything else is the answer.
    let outcome = (!parts.status.is_server_error()).then(|| {
        (
            parts.status.as_u16(),
            parts
                .headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("text/xml"),
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    });
    claim::finish(&app.store, &key, outcome).await;
    // The claim is let go only now that its answer is recorded.
    drop(dedupe.flight().take());
    Response::from_parts(parts, Body::from(bytes))
}

/// At most one event a second per peer (the signature diagnosis).
#[derive(Default)]
pub struct PerPeer {
    last: std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, std::time::Instant>>,
}

impl PerPeer {
    /// Whether `peer` may have one now (an unknown peer never may).
    pub fn allow(&self, peer: Option<std::net::IpAddr>) -> bool {
        let Some(peer) = peer else { return false };
        let now = std::time::Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if last.len() > 10_000 {
            last.retain(|_, t| now.duration_since(*t) < std::time::Duration::from_secs(1));
        }
        match last.get(&peer) {
            Some(t) if now.duration_since(*t) < std::time::Duration::from_secs(1) => false,
            _ => {
                last.insert(peer, now);
                true
            }
        }
    }
}
