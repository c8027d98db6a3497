//! The pager line's call flow after `POST /twilio/voice` ([`super::voice`]) and the
//! recording status callback that starts a message's delivery. `GET
//! /pager/messages/{id}/audio` serves a stored message to the on-call person (HTTP Basic).

use super::layers::{Dedupe, Webhook};
use super::voice::{keep_call, the_call, unknown_call};
use super::{AppState, Failure, Twiml};
use crate::oncall::Roster;
use crate::oncall::service::now_epoch;
use crate::pager::{self, CALLS, Call, Person, Voicemail, mail};
use crate::store::Condition;
use crate::twilio::twiml;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A call to the pager number: the call is kept (what later callbacks are checked
/// against), then the greeting.
pub async fn answer(
    app: &AppState,
    dedupe: &Dedupe,
    roster: Option<&Roster>,
    call_sid: &str,
    from: String,
    to: String,
) -> Result<Response, Failure> {
    let call = Call {
        call_sid: call_sid.to_string(),
        from,
        to,
        at: now_epoch(),
        oncall: roster.and_then(Roster::oncall).map(Person::from),
    };
    let call = keep_call(app, dedupe, CALLS, call_sid, call).await?;
    Ok(Twiml(pager::answer(
        &app.config.pager,
        "/twilio/voice",
        call.oncall.as_ref(),
    ))
    .into_response())
}

pub async fn gate(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
) -> Result<Response, Failure> {
    let Some(call) = the_call::<Call>(&app, &hook, CALLS).await? else {
        return Ok(unknown_call(&hook, "a gate answer"));
    };
    Ok(Twiml(pager::gate(
        &app.config.pager,
        crate::pager::GATE_PATH,
        hook.get("Digits").unwrap_or(""),
        call.oncall.as_ref(),
    ))
    .into_response())
}

pub async fn dialed(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
) -> Result<Response, Failure> {
    if the_call::<Call>(&app, &hook, CALLS).await?.is_none() {
        return Ok(unknown_call(&hook, "a dial result"));
    }
    Ok(Twiml(pager::dialed(
        &app.config.pager,
        crate::pager::DIALED_PATH,
        hook.get("DialCallStatus").unwrap_or(""),
    ))
    .into_response())
}

pub async fn recorded(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
) -> Result<Response, Failure> {
    if the_call::<Call>(&app, &hook, CALLS).await?.is_none() {
        return Ok(unknown_call(&hook, "a recording's end"));
    }
    let duration = hook.get("RecordingDuration").and_then(|d| d.parse().ok());
    Ok(Twiml(pager::recorded(duration)).into_response())
}

/// The recording status callback: `completed` (a message to deliver) or `absent` (the
/// caller hung up without one: a missed call). The record is in the store before the
/// answer; delivery runs after it.
pub async fn recording(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Extension(dedupe): Extension<Dedupe>,
) -> Result<Response, Failure> {
    let Some(call) = the_call::<Call>(&app, &hook, CALLS).await? else {
        return Ok(unknown_call(&hook, "a recording callback"));
    };
    let status = hook.get("RecordingStatus").unwrap_or("");
    if !matches!(status, "completed" | "absent" | "failed") {
        // in-progress and the like: nothing to do yet.
        return Ok(Twiml(twiml::Response::new()).into_response());
    }
    let status = if status == "completed" {
        "completed"
    } else {
        "absent"
    };
    let roster = app.oncall.try_load_shared().await?;
    let has_mail = mail::usable(
        roster
            .as_ref()
            .and_then(|(r, _)| r.current_config.mail_settings.as_ref()),
    );
    let v = Voicemail::new(
        &call,
        hook.get("RecordingSid").map(str::to_string),
        status,
        hook.get("RecordingDuration")
            .and_then(|d| d.parse().ok())
            .unwrap_or(0),
        &app.config.pager,
        has_mail,
    );
    dedupe.claim().await?;
    // A second callback for the same recording (another token) finds the record there.
    let _ = app
        .store
        .put_json(&v.key(), &v, Condition::IfAbsent)
        .await?;
    tracing::info!("pager: {} ({} s, {status}); delivering", v.id, v.duration);
    app.pager.spawn(v.id.clone());
    Ok(Twiml(twiml::Response::new()).into_response())
}

/// The stored audio of a message, for the link in the on-call text. Needs HTTP Basic
/// credentials from [serve.basic_auth] (the layer checks them); without any configured the
/// route is off.
pub async fn audio(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    if app.config.serve.basic_auth.is_empty() {
        tracing::warn!(
            "GET /pager/messages/{id}/audio: refused, [serve.basic_auth] has no users (the route would be public)"
        );
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    if id.contains('/') || id.contains("..") {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    let v = match app
        .store
        .get_json::<Voicemail>(&format!("{}{id}.json", pager::MESSAGES))
        .await
    {
        Ok(Some((v, _))) => v,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such message\n").into_response(),
        Err(e) => return Failure(e.into()).into_response(),
    };
    let Some(key) = v.audio_key.clone() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "30")],
            "the recording is still being downloaded; try again shortly\n",
        )
            .into_response();
    };
    match app.store.get(&key).await {
        Ok(Some(obj)) => (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    if v.audio_format == "wav" {
                        "audio/x-wav"
                    } else {
                        "audio/mpeg"
                    },
                ),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            obj.bytes,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "audio missing\n").into_response(),
        Err(e) => Failure(e.into()).into_response(),
    }
}
