//! `POST /ci360/messages`: SAS CI360's External System Task events, as the CI360 Twilio
//! connector receives them, turned into messages.
//!
//! ```json
//! {"eventType": "outboundSystem", "date": {"generatedTimestamp": 1795392675893},
//!  "externalTenantId": "acme", "identityId": "a1b2...",
//!  "impression": {"creativeContent": "TO:+19195551002;\nHello!"}}
//! ```
//!
//! Authenticated with `x-api-key` (its SHA-256 listed in the tenant's `api_keys`). Only
//! `outboundSystem` is acted on; events older than the tenant's `event_ttl` are refused
//! (the connector silently answered "OK"); each event is sent once however often CI360
//! delivers it, and answered with the Twilio SID. Recipients who opted out of the sender
//! are skipped (200, `"status":"skipped"`), as are those Twilio refuses with error 21610
//! (recorded as opted out).

use super::AppState;
use super::claim::{self, Claim, Terms};
use super::layers::RawBody;
use crate::log_safe::Quoted;

/// How far ahead of relay's clock an event's generatedTimestamp may be (clocks differ a
/// little; an event from further ahead is refused with 422).
const MAX_AHEAD_MS: i64 = 5 * 60 * 1000;
use crate::config::Tenant;
use crate::send::{self, Item, key_of};
use crate::twilio::api::{ApiError, Client};
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

/// A tenant that can send, with its REST client, built once at start.
pub struct Sender {
    pub tenant: Tenant,
    pub client: Client,
}

/// The tenants `relay serve` can send for: the default one and every [tenants.*] with
/// credentials.
pub fn senders(config: &crate::config::Config) -> BTreeMap<String, Sender> {
    let mut names: Vec<Option<&str>> = vec![None];
    names.extend(config.tenants.keys().map(|k| Some(k.as_str())));
    names
        .into_iter()
        .filter_map(|n| config.tenant(n).ok())
        .filter_map(|tenant| {
            let client = Client::from_config(&tenant.twilio).ok()?;
            Some((tenant.name.clone(), Sender { tenant, client }))
        })
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    event_type: Option<String>,
    date: Option<EventDate>,
    external_tenant_id: Option<String>,
    identity_id: Option<String>,
    impression: Option<Impression>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventDate {
    generated_timestamp: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Impression {
    creative_content: Option<String>,
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    super::json_answer(
        status,
        json!({ "status": "error", "error": message.into() }),
    )
}

fn key_ok(tenant: &Tenant, headers: &HeaderMap) -> bool {
    let Some(given) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    tenant
        .api_keys
        .iter()
        .any(|want| crate::config::matches_hash(given, want))
}

pub async fn handle(
    State(app): State<AppState>,
    Extension(raw): Extension<RawBody>,
    headers: HeaderMap,
) -> Response {
    let event: Event = match serde_json::from_slice(&raw.0) {
        Ok(e) => e,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("the body is not a CI360 event: {e}"),
            );
        }
    };
    let tenant_name = event
        .external_tenant_id
        .clone()
        .unwrap_or_else(|| crate::config::DEFAULT_TENANT.to_string());
    let Some(sender) = app.senders.get(&tenant_name) else {
        tracing::warn!(
            "ci360: 401: tenant \"{}\" is not configured to send",
            Quoted(&tenant_name)
        );
        return error(StatusCode::UNAUTHORIZED, "unknown tenant or bad x-api-key");
    };
    if !key_ok(&sender.tenant, &headers) {
        tracing::warn!("ci360: 401: bad or missing x-api-key for tenant {tenant_name:?}");
        return error(StatusCode::UNAUTHORIZED, "unknown tenant or bad x-api-key");
    }
    let event_type = event.event_type.as_deref().unwrap_or("");
    if event_type != "outboundSystem" {
        tracing::info!(
            "ci360: ignored a \"{}\" event for {tenant_name}",
            Quoted(event_type)
        );
        return super::json_answer(
            StatusCode::OK,
            json!({"status": "ignored", "eventType": event_type}),
        );
    }
    let Some(generated) = event
        .date
        .as_ref()
        .and_then(|d| d.generated_timestamp.as_ref())
        .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "date.generatedTimestamp (epoch milliseconds) is missing",
        );
    };
    let Some(content) = event
        .impression
        .as_ref()
        .and_then(|i| i.creative_content.clone())
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "impression.creativeContent is missing",
        );
    };
    let identity = event.identity_id.clone().unwrap_or_default();
    // For log lines: the identity is the client's.
    let identity_logged = Quoted(&identity).to_string();
    let now = send::now_ms();
    let ttl_ms = i64::try_from(sender.tenant.event_ttl)
        .unwrap_or(i64::MAX)
        .saturating_mul(1000);
    // Checked arithmetic: a timestamp far in the past (i64::MIN) must not wrap into "fresh".
    if generated > now.saturating_add(MAX_AHEAD_MS) {
        tracing::warn!(
            "ci360: refused an event for {tenant_name} (identity {identity_logged}) generated {} s in the future",
            generated.saturating_sub(now) / 1000
        );
        return super::json_answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"status": "refused", "error": "event from the future: check the clocks of CI360 and relay",
                   "ahead_seconds": generated.saturating_sub(now) / 1000,
                   "generatedTimestamp": generated}),
        );
    }
    let age_ms = now.saturating_sub(generated);
    if age_ms > ttl_ms {
        let age = age_ms / 1000;
        tracing::warn!(
            "ci360: refused a stale event for {tenant_name} (identity {identity_logged}): generated {age} s ago, event_ttl {} s",
            sender.tenant.event_ttl
        );
        return super::json_answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"status": "refused", "error": "stale event", "age_seconds": age,
                   "event_ttl": sender.tenant.event_ttl, "generatedTimestamp": generated}),
        );
    }
    let creative = match send::creative::parse(&content) {
        Ok(c) => c,
        Err(e) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("creativeContent: {e}"),
            );
        }
    };
    // CI360 fills the placeholders itself; any left over are an error.
    let message = match send::message::render(
        &creative,
        &|_| None,
        app.config.oncall.default_country_code.as_deref(),
    ) {
        Ok(m) => m,
        Err(e) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("creativeContent: {e}"),
            );
        }
    };
    if message.from.is_none()
        && sender.tenant.from.is_none()
        && sender.tenant.messaging_service_sid.is_none()
    {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("the creative has no FROM and tenant {tenant_name} has no default sender"),
        );
    }
    let used: BTreeMap<&str, String> = [
        ("identityId", identity.clone()),
        ("generatedTimestamp", generated.to_string()),
    ]
    .into_iter()
    .collect();
    let key = key_of(&tenant_name, &content, &used);
    let marker = format!("ci360/events/{}.json", send::journal::key_hex(key));
    // The same claim Twilio's webhooks use: one delivery acts, repeats get its answer.
    let terms = Terms::for_deadline(app.config.serve.handler_timeout);
    // Held until the answer is recorded.
    let (maybe_since, _flight) = match claim::claim(&app.store, &marker, terms).await {
        Ok(Claim::Acquired { took_over, flight }) => {
            // A delivery that started and never finished (a crash) may have sent: ask
            // Twilio before sending again.
            (took_over.map(|at| at * 1000 - 120_000), flight)
        }
        Ok(Claim::Done(h)) => {
            tracing::info!("ci360: a repeated event for {tenant_name}, answered as before");
            return h.replay();
        }
        Ok(Claim::InFlight) => return in_progress(),
        Err(e) => return unavailable(e),
    };
    let item = Item {
        row: 1,
        key,
        message,
    };
    let scope = send::sender_scope(&item.message, &sender.tenant);
    let opted_out = match &scope {
        Some(scope) => match app.optouts.is_out(scope, &item.message.to).await {
            Ok(out) => out,
            Err(e) => {
                claim::finish(&app.store, &marker, None).await;
                return unavailable(e);
            }
        },
        None => false,
    };
    let (status, body) = if opted_out {
        tracing::info!(
            "ci360: skipped {} for {tenant_name} (identity {identity_logged}): opted out",
            item.message.to
        );
        (
            StatusCode::OK,
            json!({"status": "skipped", "reason": "opted out", "to": item.message.to}),
        )
    } else {
        let out = send::outbound(
            &item.message,
            &sender.tenant,
            send::status_callback(&app.config).as_deref(),
        );
        let stop = AtomicBool::new(false);
        let (result, attempts) =
            send::deliver(&sender.client, &out, &item, maybe_since, 4, &stop).await;
        match result {
            Ok((sid, _)) => {
                tracing::info!("ci360: sent {sid} for {tenant_name} (identity {identity_logged})");
                (
                    StatusCode::OK,
                    json!({"status": "sent", "sid": sid, "to": item.message.to, "attempts": attempts}),
                )
            }
            Err(e) if send::is_unsubscribed(&e) => {
                tracing::info!(
                    "ci360: Twilio refused {} for {tenant_name} with 21610 (texted STOP): recorded as opted out",
                    item.message.to
                );
                if let Err(e) = send::record_refusal(&app.optouts, scope, &item.message.to).await {
                    tracing::warn!("ci360: cannot record the opt-out: {e:#}");
                }
                (
                    StatusCode::OK,
                    json!({"status": "skipped", "reason": "opted out", "to": item.message.to,
                       "code": crate::optout::ERROR_UNSUBSCRIBED}),
                )
            }
            Err(ApiError::Twilio {
                status,
                code,
                message,
                more_info,
                ..
            }) if !(status == 429 || status >= 500) => {
                tracing::warn!("ci360: Twilio refused the message for {tenant_name}: {message}");
                (
                    StatusCode::BAD_GATEWAY,
                    json!({"status": "failed", "twilio_status": status, "code": code,
                       "error": message, "more_info": more_info}),
                )
            }
            Err(e) => {
                // Twilio unavailable: forget the attempt so CI360's retry tries again (after
                // asking Twilio, if the message may exist).
                tracing::error!("ci360: cannot send for {tenant_name}: {e}");
                if !matches!(
                    e,
                    ApiError::Transport {
                        maybe_sent: true,
                        ..
                    }
                ) {
                    claim::finish(&app.store, &marker, None).await;
                }
                return error(StatusCode::SERVICE_UNAVAILABLE, e.to_string());
            }
        }
    };
    claim::finish(
        &app.store,
        &marker,
        Some((status.as_u16(), "application/json", body.to_string())),
    )
    .await;
    super::json_answer(status, body)
}

fn in_progress() -> Response {
    let mut r = error(
        StatusCode::CONFLICT,
        "this event is being handled by another delivery; retry later",
    );
    r.headers_mut()
        .insert("retry-after", axum::http::HeaderValue::from_static("5"));
    r
}

fn unavailable(e: anyhow::Error) -> Response {
    tracing::error!("ci360: store unavailable: {e:#}");
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "store unavailable; retry later",
    )
}
