//! What `relay serve` counts, in Prometheus' text format (`GET /metrics`, off unless
//! `[serve.metrics]`), and the access line: one per request, at info.
//!
//! Counted: requests by route and status, handler latency by route, signature failures by
//! reason, retries answered from the store, connections refused by reason, and the backlog of
//! every durable delivery (pending, failed, oldest), read from the last sweep at scrape time.

use super::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::net::SocketAddr;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QueueLabels {
    queue: String,
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to ~16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Latency,
    signature_failures: Family<ReasonLabels, Counter>,
    duplicates: Counter,
    refused: Family<ReasonLabels, Counter>,
    backlog_pending: Family<QueueLabels, Gauge>,
    backlog_failed: Family<QueueLabels, Gauge>,
    backlog_oldest: Family<QueueLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("relay");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by route and status",
            requests.clone(),
        );
        let latency: Latency = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from the request's head to the answer, by route",
            latency.clone(),
        );
        let signature_failures = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "signature_failures",
            "Twilio webhooks refused for their signature, by reason",
            signature_failures.clone(),
        );
        let duplicates = Counter::default();
        registry.register(
            "duplicates_answered",
            "Retried webhooks answered from the store without running again",
            duplicates.clone(),
        );
        let refused = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "connections_refused",
            "Connections closed by relay's limits, by reason",
            refused.clone(),
        );
        let backlog_pending = Family::<QueueLabels, Gauge>::default();
        registry.register(
            "delivery_pending",
            "Durable deliveries with a step not done, by queue",
            backlog_pending.clone(),
        );
        let backlog_failed = Family::<QueueLabels, Gauge>::default();
        registry.register(
            "delivery_failed",
            "Durable deliveries with a failed step (retrying or given up), by queue",
            backlog_failed.clone(),
        );
        let backlog_oldest = Family::<QueueLabels, Gauge>::default();
        registry.register(
            "delivery_oldest_age_seconds",
            "Age of the oldest unfinished delivery as this relay has seen it, by queue",
            backlog_oldest.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            signature_failures,
            duplicates,
            refused,
            backlog_pending,
            backlog_failed,
            backlog_oldest,
        }
    }

    pub fn signature_failure(&self, reason: &str) {
        self.signature_failures
            .get_or_create(&ReasonLabels {
                reason: reason.into(),
            })
            .inc();
    }

    pub fn duplicate(&self) {
        self.duplicates.inc();
    }

    pub fn refused(&self, reason: &str) {
        self.refused
            .get_or_create(&ReasonLabels {
                reason: reason.into(),
            })
            .inc();
    }

    fn request(&self, route: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.into(),
                status: status.to_string(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.into(),
            })
            .observe(seconds);
    }

    /// Registers what the rotation's pages count: pages, escalations, acknowledgements by
    /// how, time to acknowledge, pages nobody took.
    pub fn count_pages(&mut self, c: &crate::page::deliver::Counts) {
        let r = &mut self.registry;
        r.register(
            "pages",
            "Pages begun in relay's own rotation",
            c.pages.clone(),
        );
        r.register(
            "page_escalations",
            "Pages passed on to the next person (not acknowledged in time, or the call unanswered)",
            c.escalations.clone(),
        );
        r.register(
            "page_acknowledgements",
            "Pages acknowledged, by how (sms, call, cli)",
            c.acks.clone(),
        );
        r.register(
            "page_time_to_acknowledge_seconds",
            "Time from a page to its acknowledgement",
            c.time_to_ack.clone(),
        );
        r.register(
            "page_unacknowledged",
            "Pages nobody took: every member texted",
            c.nobody.clone(),
        );
    }

    fn backlog(&self, queue: &str, b: crate::durable::Backlog) {
        let l = QueueLabels {
            queue: queue.into(),
        };
        self.backlog_pending.get_or_create(&l).set(b.pending as i64);
        self.backlog_failed.get_or_create(&l).set(b.failed as i64);
        self.backlog_oldest
            .get_or_create(&l)
            .set(b.oldest.map_or(0, |t| t.elapsed().as_secs() as i64));
    }

    /// The exposition text.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// The role a handler served, put on its response for the access line.
#[derive(Clone, Copy, Debug)]
pub struct Served(pub &'static str);

/// The MessageSid or CallSid of a webhook, put on its response for the access line.
#[derive(Clone, Debug)]
pub struct Sid(pub String);

/// The role of a route whose handler does not say.
fn role_of_route(route: &str) -> &'static str {
    if route.starts_with("/twilio/voice/") || route.starts_with("/pager/") {
        "pager"
    } else if route.starts_with("/twilio/alert/") || route.starts_with("/alerts/") {
        "alert"
    } else if route.starts_with("/ticketer/") {
        "ticketer"
    } else if route.starts_with("/ci360/") {
        "ci360"
    } else {
        "-"
    }
}

/// One access line per request (method, path, role, status, milliseconds, SID, peer; no
/// phone numbers or bodies), and the request counted.
pub async fn access(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req.extensions().get::<MatchedPath>().cloned();
    let route = route.as_ref().map_or("unmatched", |m| m.as_str());
    let logged = tracing::enabled!(target: "relay::access", tracing::Level::INFO);
    // The line's parts, only when it will be written.
    let line = logged.then(|| {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "-".to_string(), |c| c.0.ip().to_string());
        (req.method().clone(), req.uri().path().to_string(), peer)
    });
    let resp = next.run(req).await;
    let elapsed = start.elapsed();
    let status = resp.status().as_u16();
    app.metrics.request(route, status, elapsed.as_secs_f64());
    if let Some((method, path, peer)) = line {
        let role = resp
            .extensions()
            .get::<Served>()
            .map_or_else(|| role_of_route(route), |s| s.0);
        let sid = resp.extensions().get::<Sid>().map_or("-", |s| s.0.as_str());
        tracing::info!(
            target: "relay::access",
            "{method} {} {status} {}ms role={role} sid={} peer={peer}",
            crate::log_safe::Quoted(&path),
            elapsed.as_millis(),
            crate::log_safe::Quoted(sid)
        );
    }
    resp
}

/// `GET /metrics`.
pub async fn metrics(State(app): State<AppState>) -> Response {
    app.metrics.backlog("pager", app.pager.backlog());
    app.metrics.backlog("pages", app.pages.backlog());
    if let Some(a) = &app.alerts {
        app.metrics.backlog("alerts", a.backlog());
    }
    if let Some(t) = &app.tickets {
        app.metrics.backlog("tickets_inbox", t.inbox.backlog());
        app.metrics.backlog("tickets_replies", t.replies.backlog());
        if let Some(tk) = &t.ticketer {
            app.metrics.backlog("ticketer_events", tk.events.backlog());
            app.metrics
                .backlog("ticketer_callbacks", tk.callbacks.backlog());
        }
    }
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.encode(),
    )
        .into_response()
}
