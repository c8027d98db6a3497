//! The alert line's HTTP glue: the answer to a call to an `alert` number (caller
//! authorised first), the menu, group, recording and confirmation steps, the recording and
//! transcription callbacks that feed the alert's delivery, and `GET
//! /alerts/{id}/recording` for the link (HTTP Basic). Decisions are in [`crate::alert`].

use super::layers::{Dedupe, Webhook};
use super::voice::{keep_call, the_call, unknown_call};
use super::{AppState, Failure, Twiml};
use crate::alert::deliver::Alerts;
use crate::alert::{
    self, Alert, Call, Caller, Choice, Confirmed, Flow, Kind, MIN_SECONDS, Position, Recorded,
    Transcription, bridge_name, choice_key, transcription_key,
};
use crate::config::AlertConfig;
use crate::oncall::Roster;
use crate::oncall::service::now_epoch;
use crate::pager::Person;
use crate::store::Condition;
use crate::twilio::twiml;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

/// `[alert]` and the alerts queue; a request for them without `[alert]` is a 404.
fn parts(app: &AppState) -> Option<(&AlertConfig, &Alerts)> {
    Some((app.config.alert.as_ref()?, app.alerts.as_ref()?))
}

fn not_here() -> Response {
    (StatusCode::NOT_FOUND, "no [alert] in relay.toml\n").into_response()
}

/// The last digits of a number, for logs.
fn masked(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("…{tail}")
}

/// A call to an alert number: the caller is authorised by caller ID (roster members, `[alert]
/// callers`, then xMatters users' VOICE devices; hidden numbers and lookup failures are
/// refused), the call kept, and the menu said.
pub async fn answer(
    app: &AppState,
    dedupe: &Dedupe,
    roster: Option<&Roster>,
    call_sid: &str,
    from: String,
    to: String,
) -> Result<Response, Failure> {
    let Some((cfg, queue)) = parts(app) else {
        return Ok(not_here());
    };
    let xm = cfg.xmatters.as_ref();
    let mut who = alert::authorise_locally(cfg, &from, roster);
    if who.is_none()
        && !alert::is_hidden(&from)
        && let Some(x) = xm.filter(|x| !x.authorized_users.is_empty())
    {
        let w = queue.work();
        // Twilio waits 15 s for the answer: the lookups get 8 of them.
        let found = tokio::time::timeout(
            std::time::Duration::from_secs(8),
            w.directory.find(&w.http, x, &from),
        )
        .await
        .unwrap_or_else(|_| Err(anyhow::anyhow!("xMatters took longer than 8 s")));
        match found {
            Ok(Some(user)) => who = Some((Caller::Xmatters(user), None)),
            Ok(None) => {}
            Err(e) => tracing::warn!("alert: xMatters lookup failed, refusing the caller: {e:#}"),
        }
    }
    let Some((caller, name)) = who else {
        tracing::warn!(
            "alert: refused a call from {} (not a roster member, not in [alert] callers{})",
            if alert::is_hidden(&from) {
                "a hidden number".to_string()
            } else {
                masked(&from)
            },
            if xm.is_some() {
                ", no xMatters user's VOICE device"
            } else {
                ""
            }
        );
        return Ok(Twiml(alert::refuse(xm.is_some())).into_response());
    };
    let call = Call {
        call_sid: call_sid.to_string(),
        from,
        to,
        at: now_epoch(),
        caller,
        caller_name: name,
        oncall: roster.and_then(Roster::oncall).map(Person::from),
    };
    let call = keep_call(app, dedupe, alert::CALLS, call_sid, call).await?;
    tracing::info!("alert: call {call_sid} authorised ({:?})", call.caller);
    let flow = Flow {
        cfg,
        here: "/twilio/voice",
        oncall: call.oncall.as_ref(),
    };
    Ok(Twiml(flow.answer(call.caller_name.as_deref())).into_response())
}

/// Runs `step` with the flow of a known call, or answers 404.
async fn with_call(
    app: &AppState,
    hook: &Webhook,
    here: &str,
    what: &str,
    step: impl AsyncFnOnce(&Flow, &Call, &Alerts) -> Result<Response, Failure>,
) -> Result<Response, Failure> {
    let Some((cfg, queue)) = parts(app) else {
        return Ok(not_here());
    };
    let Some(call) = the_call::<Call>(app, hook, alert::CALLS).await? else {
        return Ok(unknown_call(hook, what));
    };
    let flow = Flow {
        cfg,
        here,
        oncall: call.oncall.as_ref(),
    };
    step(&flow, &call, queue).await
}

fn digits(hook: &Webhook) -> &str {
    hook.get("Digits").unwrap_or("")
}

pub async fn menu(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Query(q): Params,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::MENU_PATH,
        "a menu choice",
        async |flow, _, _| {
            let pos = Position::from_query(&q);
            Ok(Twiml(flow.menu(digits(&hook), pos.tries)).into_response())
        },
    )
    .await
}

pub async fn group(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Query(q): Params,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::GROUP_PATH,
        "a group choice",
        async |flow, _, _| {
            Ok(Twiml(flow.group(&Position::from_query(&q), digits(&hook))).into_response())
        },
    )
    .await
}

/// The recording again (after silence, or "record again").
pub async fn record(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Query(q): Params,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::RECORD_PATH,
        "a recording prompt",
        async |flow, _, _| Ok(Twiml(flow.record(&Position::from_query(&q), None)).into_response()),
    )
    .await
}

pub async fn live(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::LIVE_PATH,
        "a dial result",
        async |flow, _, _| {
            Ok(Twiml(flow.live(hook.get("DialCallStatus").unwrap_or(""))).into_response())
        },
    )
    .await
}

/// Writes the caller's choice about a recording, once (a repeated request finds it).
async fn choose(app: &AppState, recording_sid: &str, choice: &str) -> Result<(), Failure> {
    let c = Choice {
        choice: choice.into(),
        at: now_epoch(),
    };
    let _ = app
        .store
        .put_json(&choice_key(recording_sid), &c, Condition::IfAbsent)
        .await?;
    Ok(())
}

/// The alert of a recording, written by whichever webhook tells of it first, and its
/// delivery started (or woken).
async fn keep_recording(
    cfg: &AlertConfig,
    queue: &Alerts,
    call: &Call,
    pos: &Position,
    hook: &Webhook,
) -> Result<(), Failure> {
    let Some(sid) = hook.get("RecordingSid") else {
        return Ok(());
    };
    let a = Alert::new(
        cfg,
        call,
        &Recorded {
            recording_sid: sid,
            recording_url: hook.get("RecordingUrl"),
            duration: duration(hook),
            kind: pos.kind.unwrap_or(Kind::Alert),
            group: pos.group,
            now: now_epoch(),
        },
    );
    if queue.add(&a.id, &a).await? {
        tracing::info!(
            "alert: {} recorded ({} s); waiting for its transcription",
            a.id,
            a.duration
        );
    }
    queue.spawn(a.id);
    Ok(())
}

fn duration(hook: &Webhook) -> u32 {
    hook.get("RecordingDuration")
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// The `<Record>` action, with the caller on the line (or `Digits=hangup` when they hung
/// up: then the message is kept).
pub async fn recorded(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Extension(dedupe): Extension<Dedupe>,
    Query(q): Params,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::RECORDED_PATH,
        "a recording's end",
        async |flow, call, queue| {
            let pos = Position::from_query(&q);
            let Some(sid) = hook.get("RecordingSid") else {
                return Ok(Twiml(flow.record(&pos, None)).into_response());
            };
            dedupe.claim().await?;
            let (secs, hung_up) = (duration(&hook), digits(&hook) == "hangup");
            if secs < MIN_SECONDS {
                choose(&app, sid, "short").await?;
            } else {
                // Gone: the message is kept (chosen before the alert's worker starts).
                if hung_up {
                    choose(&app, sid, "keep").await?;
                }
                keep_recording(flow.cfg, queue, call, &pos, &hook).await?;
            }
            if hung_up {
                return Ok(Twiml(twiml::Response::new()).into_response());
            }
            Ok(Twiml(flow.recorded(&pos, sid, secs)).into_response())
        },
    )
    .await
}

/// "Press 1 to keep it": kept (the caller waits for the outcome, or joins the bridge), or
/// recorded again (this recording is dropped).
pub async fn confirm(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Query(q): Params,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::CONFIRM_PATH,
        "a confirmation",
        async |flow, call, queue| {
            let pos = Position::from_query(&q);
            let Some(rec) = pos.recording.clone() else {
                return Ok((StatusCode::BAD_REQUEST, "no recording in the URL\n").into_response());
            };
            let id = alert::alert_id(call.at, &rec);
            Ok(Twiml(match flow.confirm(&pos, digits(&hook)) {
                Confirmed::Keep => {
                    choose(&app, &rec, "keep").await?;
                    queue.spawn(id.clone());
                    let bridge = (pos.kind == Some(Kind::Conference)).then(|| bridge_name(&id));
                    flow.kept(&pos, bridge.as_deref())
                }
                Confirmed::Again(r) => {
                    choose(&app, &rec, "again").await?;
                    queue.spawn(id);
                    r
                }
                Confirmed::Ask(r) => r,
            })
            .into_response())
        },
    )
    .await
}

/// While the caller waits: was the alert sent?
pub async fn status(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Query(q): Params,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::STATUS_PATH,
        "a status check",
        async |flow, call, queue| {
            let pos = Position::from_query(&q);
            let a = match &pos.recording {
                Some(rec) => queue
                    .read(&alert::alert_id(call.at, rec))
                    .await?
                    .map(|(a, _)| a),
                None => None,
            };
            Ok(Twiml(flow.status(&pos, a.as_ref())).into_response())
        },
    )
    .await
}

/// The recording status callback: a completed recording is an alert even when the caller
/// hung up before the record action (its choice then defaults to keep).
pub async fn recording(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Query(q): Params,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::RECORDING_PATH,
        "a recording callback",
        async |flow, call, queue| {
            let status = hook.get("RecordingStatus").unwrap_or("");
            if status == "completed" {
                if let Some(sid) = hook.get("RecordingSid")
                    && duration(&hook) < MIN_SECONDS
                {
                    choose(&app, sid, "short").await?;
                } else {
                    keep_recording(flow.cfg, queue, call, &Position::from_query(&q), &hook).await?;
                }
            } else if status != "in-progress" {
                tracing::info!(
                    "alert: call {}: recording {status}: nothing to send",
                    call.call_sid
                );
            }
            Ok(Twiml(twiml::Response::new()).into_response())
        },
    )
    .await
}

/// Twilio's transcription, whenever it comes (or `failed`): kept once, and the alert woken.
pub async fn transcription(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::TRANSCRIPTION_PATH,
        "a transcription",
        async |_, call, queue| {
            let Some(rec) = hook.get("RecordingSid") else {
                return Ok((
                    StatusCode::BAD_REQUEST,
                    "a transcription callback has RecordingSid\n",
                )
                    .into_response());
            };
            let t = Transcription {
                status: hook
                    .get("TranscriptionStatus")
                    .unwrap_or("failed")
                    .to_string(),
                text: hook.get("TranscriptionText").map(str::to_string),
                sid: hook.get("TranscriptionSid").map(str::to_string),
                at: now_epoch(),
            };
            let _ = app
                .store
                .put_json(&transcription_key(rec), &t, Condition::IfAbsent)
                .await?;
            queue.spawn(alert::alert_id(call.at, rec));
            Ok(Twiml(twiml::Response::new()).into_response())
        },
    )
    .await
}

/// The call ended (the alert number's call status callback, `relay numbers point` sets
/// it): written once, and the call's alerts woken, so a recording the caller hung up on
/// at "press 1 to keep it" is kept at once rather than after the wait.
pub async fn ended(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Extension(dedupe): Extension<Dedupe>,
) -> Result<Response, Failure> {
    with_call(
        &app,
        &hook,
        alert::ENDED_PATH,
        "a call's end",
        async |_, call, queue| {
            let status = hook.get("CallStatus").unwrap_or("");
            if !crate::twilio::call_is_over(status) {
                return Ok(Twiml(twiml::Response::new()).into_response());
            }
            dedupe.claim().await?;
            let ended = serde_json::json!({"status": status, "at": now_epoch()});
            let _ = app
                .store
                .put_json(
                    &alert::ended_key(&call.call_sid),
                    &ended,
                    Condition::IfAbsent,
                )
                .await?;
            let prefix = alert::alerts_of_call(call.at);
            for key in app.store.list(&prefix).await? {
                if let Some(id) = key
                    .strip_prefix(alert::ALERTS)
                    .and_then(|k| k.strip_suffix(".json"))
                {
                    queue.spawn(id.to_string());
                }
            }
            Ok(Twiml(twiml::Response::new()).into_response())
        },
    )
    .await
}

/// The recording of an alert, fetched from Twilio with relay's credentials, for the link
/// in an alert. Needs HTTP Basic credentials from [serve.basic_auth] (the layer checks
/// them); without any configured the route is off.
pub async fn audio(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let Some((_, queue)) = parts(&app) else {
        return not_here();
    };
    if app.config.serve.basic_auth.is_empty() || id.contains('/') || id.contains("..") {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    let a = match queue.read(&id).await {
        Ok(Some((a, _))) => a,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such alert\n").into_response(),
        Err(e) => return Failure(e).into_response(),
    };
    let Ok(client) = &queue.work().client else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "relay has no Twilio credentials to fetch the recording with\n",
        )
            .into_response();
    };
    match client.download_recording(&a.recording_sid, "mp3").await {
        Ok(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "audio/mpeg"),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!("alerts: {id}: cannot fetch the recording from Twilio: {e}");
            (
                StatusCode::BAD_GATEWAY,
                [(header::RETRY_AFTER, "30")],
                "Twilio did not hand over the recording; try again shortly\n",
            )
                .into_response()
        }
    }
}
