//! Local stand-ins for what an alert reaches and that cannot run here, each speaking its
//! documented wire format and able to fail on demand:
//! - Bitly v4 `POST /v4/shorten` (Bearer token; 201 `{link, id, long_url}`; errors as JSON
//!   with `message`) and `GET /v4/user`;
//! - an xMatters inbound integration `POST /api/integration/1/functions/{uuid}/triggers
//!   ?apiKey=KEY` (202 `{requestId}`) and `GET /api/xm/1/people/{user}/devices` (Basic
//!   auth; `{count, total, data: [{deviceType, phoneNumber}...]}`);
//! - PagerDuty's Events API v2 `POST /v2/enqueue` (202 `{status, message, dedup_key}`; 400
//!   `invalid event` for an event missing what the API requires, and "Invalid routing key"
//!   for a key other than [`PD_KEY`]; `resolve`/`acknowledge` need only `dedup_key`);
//! - a plain webhook receiver.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

pub const BITLY_TOKEN: &str = "bitly-test-token";
pub const XM_KEY: &str = "xm-api-key-123";
pub const XM_ALERT: &str = "11111111-2222-3333-4444-555555555555";
pub const XM_BRIDGE: &str = "66666666-7777-8888-9999-000000000000";
pub const XM_USER: &str = "Twilio_API_User";
pub const XM_PASS: &str = "xm-pass";
pub const PD_KEY: &str = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12";

#[derive(Default)]
pub struct Seen {
    /// Bitly: long URLs shortened.
    pub shortened: Mutex<Vec<String>>,
    /// xMatters: (integration uuid, payload) accepted.
    pub xmatters: Mutex<Vec<(String, Value)>>,
    /// PagerDuty events accepted.
    pub pagerduty: Mutex<Vec<Value>>,
    /// Webhook: (the secret header's value, body).
    pub webhook: Mutex<Vec<(Option<String>, Value)>>,
    /// xMatters device lookups, by user.
    pub lookups: Mutex<Vec<String>>,
    /// Every request that reached the fakes, as "METHOD path" (never the query: no keys).
    pub requests: Mutex<Vec<String>>,
}

/// What to fail.
#[derive(Default)]
pub struct Failing {
    pub bitly_down: AtomicBool,
    /// The next this many xMatters triggers answer 503.
    pub xmatters_503: AtomicU64,
    pub directory_down: AtomicBool,
}

pub struct Fakes {
    pub base: String,
    pub seen: Arc<Seen>,
    pub failing: Arc<Failing>,
    /// xMatters users' VOICE numbers.
    pub devices: Arc<Mutex<HashMap<String, Vec<String>>>>,
    _server: super::background::Background,
}

#[derive(Clone)]
struct St {
    seen: Arc<Seen>,
    failing: Arc<Failing>,
    devices: Arc<Mutex<HashMap<String, Vec<String>>>>,
    next: Arc<AtomicU64>,
}

fn json_answer(status: u16, v: Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        v.to_string(),
    )
        .into_response()
}

async fn shorten(State(st): State<St>, headers: HeaderMap, body: String) -> Response {
    st.seen
        .requests
        .lock()
        .unwrap()
        .push("POST /v4/shorten".into());
    if st.failing.bitly_down.load(Ordering::SeqCst) {
        return json_answer(
            500,
            json!({"message": "INTERNAL_ERROR", "description": "down for the test"}),
        );
    }
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(&format!("Bearer {BITLY_TOKEN}"))
    {
        return json_answer(403, json!({"message": "FORBIDDEN"}));
    }
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return json_answer(400, json!({"message": "INVALID_CONTENT_TYPE_HEADER"}));
    };
    let Some(long) = v["long_url"].as_str() else {
        return json_answer(400, json!({"message": "INVALID_ARG_LONG_URL"}));
    };
    st.seen.shortened.lock().unwrap().push(long.to_string());
    let n = st.next.fetch_add(1, Ordering::SeqCst);
    json_answer(
        201,
        json!({"created_at": "2026-11-23T10:00:00+0000", "id": format!("bit.ly/t{n}"),
               "link": format!("https://bit.ly/t{n}"), "custom_bitlinks": [], "long_url": long,
               "archived": false, "tags": [], "deeplinks": [], "references": {}}),
    )
}

/// Bitly v4 `GET /v4/user`: the token's user.
async fn bitly_user(State(st): State<St>, headers: HeaderMap) -> Response {
    st.seen.requests.lock().unwrap().push("GET /v4/user".into());
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(&format!("Bearer {BITLY_TOKEN}"))
    {
        return json_answer(403, json!({"message": "FORBIDDEN"}));
    }
    json_answer(
        200,
        json!({"login": "relay-ops", "name": "Relay Ops", "is_active": true,
               "default_group_guid": "Ba1bc23dE4F", "emails": []}),
    )
}

async fn trigger(
    State(st): State<St>,
    Path(uuid): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: String,
) -> Response {
    st.seen
        .requests
        .lock()
        .unwrap()
        .push(format!("POST /api/integration/1/functions/{uuid}/triggers"));
    if q.get("apiKey").map(String::as_str) != Some(XM_KEY) {
        return json_answer(
            401,
            json!({"code": 401, "reason": "Unauthorized", "message": "Invalid apiKey"}),
        );
    }
    if st
        .failing
        .xmatters_503
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return json_answer(503, json!({"code": 503, "reason": "Service Unavailable"}));
    }
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return json_answer(
            400,
            json!({"code": 400, "reason": "Bad Request", "message": "not JSON"}),
        );
    };
    st.seen.xmatters.lock().unwrap().push((uuid, v));
    let n = st.next.fetch_add(1, Ordering::SeqCst);
    json_answer(
        202,
        json!({"requestId": format!("e0c1a2b3-0000-4000-8000-{n:012}")}),
    )
}

async fn person_devices(
    State(st): State<St>,
    Path(user): Path<String>,
    headers: HeaderMap,
) -> Response {
    use base64::Engine;
    st.seen.lookups.lock().unwrap().push(user.clone());
    if st.failing.directory_down.load(Ordering::SeqCst) {
        return json_answer(500, json!({"code": 500, "reason": "Internal Server Error"}));
    }
    let want = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{XM_USER}:{XM_PASS}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&want) {
        return json_answer(401, json!({"code": 401, "reason": "Unauthorized"}));
    }
    let Some(numbers) = st.devices.lock().unwrap().get(&user).cloned() else {
        return json_answer(
            404,
            json!({"code": 404, "reason": "Not Found", "message": format!("Could not find a person with id {user}")}),
        );
    };
    let mut data: Vec<Value> = numbers
        .iter()
        .enumerate()
        .map(|(i, n)| json!({"id": format!("dev-{i}"), "name": "Work Phone", "deviceType": "VOICE", "phoneNumber": n}))
        .collect();
    data.push(json!({"id": "dev-mail", "name": "Work Email", "deviceType": "EMAIL", "emailAddress": format!("{user}@example.com")}));
    json_answer(
        200,
        json!({"count": data.len(), "total": data.len(), "data": data}),
    )
}

async fn enqueue(State(st): State<St>, body: String) -> Response {
    st.seen
        .requests
        .lock()
        .unwrap()
        .push("POST /v2/enqueue".into());
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return json_answer(
            400,
            json!({"status": "invalid event", "message": "Event object is invalid", "errors": ["not JSON"]}),
        );
    };
    let mut errors = Vec::new();
    if v["routing_key"].as_str().is_none_or(|k| k.len() != 32) {
        errors.push("'routing_key' must be 32 characters");
    } else if v["routing_key"] != PD_KEY {
        // What PagerDuty answers for a well-formed key no integration has.
        return json_answer(
            400,
            json!({"status": "invalid event", "message": "Event object is invalid", "errors": ["Invalid routing key"]}),
        );
    }
    let action = v["event_action"].as_str().unwrap_or("");
    if matches!(action, "acknowledge" | "resolve") {
        // These need only the dedup key; one that no alert has changes nothing.
        if v["dedup_key"].as_str().is_none_or(str::is_empty) {
            errors.push("'dedup_key' is required for acknowledge and resolve");
        }
        if !errors.is_empty() {
            return json_answer(
                400,
                json!({"status": "invalid event", "message": "Event object is invalid", "errors": errors}),
            );
        }
        st.seen.pagerduty.lock().unwrap().push(v.clone());
        return json_answer(
            202,
            json!({"status": "success", "message": "Event processed", "dedup_key": v["dedup_key"]}),
        );
    }
    if action != "trigger" {
        errors.push("'event_action' is invalid");
    }
    for f in ["summary", "source", "severity"] {
        if v["payload"][f].as_str().is_none_or(str::is_empty) {
            errors.push("'payload' is missing summary, source or severity");
        }
    }
    if !["critical", "error", "warning", "info"]
        .contains(&v["payload"]["severity"].as_str().unwrap_or(""))
    {
        errors.push("'payload.severity' is invalid");
    }
    if v["payload"]["summary"]
        .as_str()
        .is_some_and(|s| s.len() > 1024)
    {
        errors.push("'payload.summary' is too long");
    }
    if !errors.is_empty() {
        return json_answer(
            400,
            json!({"status": "invalid event", "message": "Event object is invalid", "errors": errors}),
        );
    }
    let key = v["dedup_key"].as_str().unwrap_or("generated").to_string();
    st.seen.pagerduty.lock().unwrap().push(v);
    json_answer(
        202,
        json!({"status": "success", "message": "Event processed", "dedup_key": key}),
    )
}

async fn webhook(State(st): State<St>, headers: HeaderMap, body: String) -> Response {
    st.seen.requests.lock().unwrap().push("POST /hook".into());
    let secret = headers
        .get("x-relay-secret")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    st.seen.webhook.lock().unwrap().push((secret, v));
    StatusCode::NO_CONTENT.into_response()
}

impl Fakes {
    pub fn start() -> Fakes {
        let st = St {
            seen: Default::default(),
            failing: Default::default(),
            devices: Default::default(),
            next: Default::default(),
        };
        let (seen, failing, devices) = (st.seen.clone(), st.failing.clone(), st.devices.clone());
        let app = axum::Router::new()
            .route("/v4/shorten", axum::routing::post(shorten))
            .route("/v4/user", axum::routing::get(bitly_user))
            .route(
                "/api/integration/1/functions/{uuid}/triggers",
                axum::routing::post(trigger),
            )
            .route(
                "/api/xm/1/people/{user}/devices",
                axum::routing::get(person_devices),
            )
            .route("/v2/enqueue", axum::routing::post(enqueue))
            .route("/hook", axum::routing::post(webhook))
            .with_state(st);
        let server = super::background::Background::serve(app);
        Fakes {
            base: server.base.clone(),
            seen,
            failing,
            devices,
            _server: server,
        }
    }

    /// The xMatters inbound integration URL of `uuid`, apiKey included.
    pub fn xmatters_url(&self, uuid: &str) -> String {
        format!(
            "{}/api/integration/1/functions/{uuid}/triggers?apiKey={XM_KEY}",
            self.base
        )
    }
}
