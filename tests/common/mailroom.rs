//! RapidPro's mailroom, as far as relay's ticketer meets it (../shared/facts/
//! ticketer-protocol.md): a [`Client`] that calls the ticketer API exactly as mailroom's Go
//! client does (compact JSON, `Authorization: Token SECRET`, `Content-Type:
//! application/json` on every call, bodies on GETs), and a [`Receiver`] that answers
//! callbacks as mailroom's handler does (`POST /mr/tickets/types/rocketchat/
//! event_callback/{uuid}`: 401 `{"status":"unauthorized"}` on a bad token, 400 on a missing
//! field or unknown type, 404 on an unknown ticket, else 200 `{"status":"handled"}`).
#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// One callback as the receiver got it, and what it answered.
#[derive(Clone, Debug)]
pub struct Got {
    pub uuid: String,
    pub authorization: String,
    pub content_type: String,
    pub body: Value,
    pub status: u16,
}

#[derive(Clone)]
struct St {
    secret: String,
    tickets: Arc<Mutex<HashSet<String>>>,
    got: Arc<Mutex<Vec<Got>>>,
    fail_agent_messages: Arc<AtomicU64>,
    down: Arc<AtomicU64>,
}

pub struct Receiver {
    pub base: String,
    /// ticketIDs mailroom knows (others get 404).
    pub tickets: Arc<Mutex<HashSet<String>>>,
    pub got: Arc<Mutex<Vec<Got>>>,
    /// The next this many agent-messages answer 500.
    pub fail_agent_messages: Arc<AtomicU64>,
    /// While non-zero, every callback answers 503.
    pub down: Arc<AtomicU64>,
    _server: super::background::Background,
}

async fn callback(
    State(st): State<St>,
    Path(uuid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let header = |h: &str| {
        headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (status, answer) = if st.down.load(Ordering::SeqCst) > 0 {
        (503, json!({"error": "unavailable"}))
    } else if header("authorization") != format!("Token {}", st.secret) {
        (401, json!({"status": "unauthorized"}))
    } else if !parsed["type"].is_string() || !parsed["ticketID"].is_string() {
        (400, json!({"error": "missing field"}))
    } else if !matches!(
        parsed["type"].as_str(),
        Some("agent-message" | "close-room")
    ) {
        (400, json!({"error": "invalid event type"}))
    } else if !st
        .tickets
        .lock()
        .unwrap()
        .contains(parsed["ticketID"].as_str().unwrap())
    {
        (404, json!({"error": "no such ticket"}))
    } else if parsed["type"] == "agent-message"
        && st
            .fail_agent_messages
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    {
        (500, json!({"error": "boom"}))
    } else {
        (200, json!({"status": "handled"}))
    };
    st.got.lock().unwrap().push(Got {
        uuid,
        authorization: header("authorization"),
        content_type: header("content-type"),
        body: parsed,
        status,
    });
    (StatusCode::from_u16(status).unwrap(), answer.to_string())
}

impl Receiver {
    pub fn start(secret: &str) -> Receiver {
        let st = St {
            secret: secret.into(),
            tickets: Default::default(),
            got: Default::default(),
            fail_agent_messages: Default::default(),
            down: Default::default(),
        };
        let (tickets, got, fail, down) = (
            st.tickets.clone(),
            st.got.clone(),
            st.fail_agent_messages.clone(),
            st.down.clone(),
        );
        let app = axum::Router::new()
            .route(
                "/mr/tickets/types/rocketchat/event_callback/{uuid}",
                axum::routing::post(callback),
            )
            .with_state(st);
        let server = super::background::Background::serve(app);
        Receiver {
            base: server.base.clone(),
            tickets,
            got,
            fail_agent_messages: fail,
            down,
            _server: server,
        }
    }

    /// The callback URL RapidPro would register for ticketer `uuid`.
    pub fn url(&self, uuid: &str) -> String {
        format!(
            "{}/mr/tickets/types/rocketchat/event_callback/{uuid}",
            self.base
        )
    }

    /// Callbacks about `ticket_id` (mailroom's ticket UUID), in arrival order.
    pub fn about(&self, ticket_id: &str) -> Vec<Got> {
        self.got
            .lock()
            .unwrap()
            .iter()
            .filter(|g| g.body["ticketID"] == ticket_id)
            .cloned()
            .collect()
    }
}

/// mailroom's client for the ticketer API.
pub struct Client {
    pub base: String,
    pub secret: String,
    pub http: reqwest::blocking::Client,
}

impl Client {
    pub fn new(base: &str, secret: &str) -> Client {
        Client {
            base: base.trim_end_matches('/').into(),
            secret: secret.into(),
            http: reqwest::blocking::Client::new(),
        }
    }

    /// A call as mailroom makes it; the status and the body (JSON, or the text).
    pub fn call(&self, method: &str, endpoint: &str, body: Option<&Value>) -> (u16, Value) {
        self.raw(
            method,
            endpoint,
            body.map(|b| b.to_string()),
            Some("application/json"),
            Some(&format!("Token {}", self.secret)),
        )
    }

    /// A call with any body, Content-Type and Authorization (for the error paths).
    pub fn raw(
        &self,
        method: &str,
        endpoint: &str,
        body: Option<String>,
        content_type: Option<&str>,
        authorization: Option<&str>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self
            .http
            .request(method, format!("{}/{endpoint}", self.base));
        if let Some(ct) = content_type {
            req = req.header("Content-Type", ct);
        }
        if let Some(a) = authorization {
            req = req.header("Authorization", a);
        }
        if let Some(b) = body {
            req = req.body(b);
        }
        let resp = req.send().unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// `GET room` as mailroom's Open sends it: empty name/email/phone left out.
    pub fn open_room(
        &self,
        token: &str,
        ticket_id: &str,
        name: &str,
        department: Option<&str>,
    ) -> (u16, Value) {
        let mut visitor = json!({
            "token": token,
            "contactUUID": "88ff1e41-c1f8-4637-af8e-d56acbde9171",
        });
        if !name.is_empty() {
            visitor["name"] = json!(name);
        }
        if let Some(d) = department {
            visitor["department"] = json!(d);
        }
        visitor["phone"] = json!("+15417543010");
        visitor["customFields"] = json!({"plan": "gold"});
        self.call(
            "GET",
            "room",
            Some(&json!({"visitor": visitor, "ticketID": ticket_id, "sessionStart": "2026-11-23T10:28:00Z"})),
        )
    }

    pub fn message(&self, token: &str, text: &str) -> (u16, Value) {
        self.call(
            "POST",
            "visitor-message",
            Some(&json!({"visitor": {"token": token}, "text": text})),
        )
    }

    pub fn close(&self, token: &str) -> (u16, Value) {
        self.call(
            "GET",
            "room.close",
            Some(&json!({"visitor": {"token": token}})),
        )
    }
}

/// A ticketID as mailroom makes them (a UUID), unique per call.
pub fn ticket_uuid() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        t as u32,
        (t >> 32) as u16,
        n & 0xfff,
        (t >> 8) & 0xfff,
        t ^ n
    )
}
