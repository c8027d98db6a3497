//! The HTTP glue of pages in relay's own rotation ([`crate::page`]): the TwiML of the call
//! relay places to the person paged ("press 1 to take it"), the key they press, the call's
//! status callback (no-answer, busy, failed escalate at once), and an `ACK` texted to the
//! control line.

use super::layers::{Dedupe, Webhook};
use super::{AppState, Failure, Twiml};
use crate::oncall::{Member, Person};
use crate::page::deliver::{Acked, acknowledge, call_ended, now_ms, recent};
use crate::page::{self, Ack, CallOutcome, Page};
use crate::twilio::twiml;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

/// The page and attempt a callback's query names, checked, with the person of that
/// attempt; `Err` is the 404 to answer.
async fn attempt(
    app: &AppState,
    q: &HashMap<String, String>,
) -> Result<(Page, u32, Person), Response> {
    let gone = |why: &str| {
        tracing::warn!("pages: 404 for a page callback: {why}");
        (StatusCode::NOT_FOUND, "no such page\n").into_response()
    };
    let id = q.get("page").map(String::as_str).unwrap_or("");
    if !page::is_page_id(id) {
        return Err(gone("the page id is missing or malformed"));
    }
    let Some(n) = q.get("n").and_then(|n| n.parse::<u32>().ok()) else {
        return Err(gone("the attempt number is missing or malformed"));
    };
    let found = app.pages.read(id).await.map_err(|e| {
        tracing::error!("pages: {id}: {e:#}");
        (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response()
    })?;
    let Some((p, _)) = found else {
        return Err(gone("no page by that id"));
    };
    let Some(person) = p.person(n).cloned() else {
        return Err(gone("no such attempt"));
    };
    Ok((p, n, person))
}

fn tries(q: &HashMap<String, String>) -> u32 {
    q.get("tries")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0)
        .min(5)
}

/// The call relay placed was answered: the page read out, then "press 1 to take it".
pub async fn call(State(app): State<AppState>, Query(q): Params) -> Result<Response, Failure> {
    let (p, n, _) = match attempt(&app, &q).await {
        Ok(a) => a,
        Err(r) => return Ok(r),
    };
    let ack = page::deliver::ack_of(&app.store, &p.id).await?;
    Ok(Twiml(p.answer(page::CALL_PATH, n, 0, ack.as_ref())).into_response())
}

/// The key pressed on the call (or the silence): 1 takes the page.
pub async fn key(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Extension(dedupe): Extension<Dedupe>,
    Query(q): Params,
) -> Result<Response, Failure> {
    let (p, n, person) = match attempt(&app, &q).await {
        Ok(a) => a,
        Err(r) => return Ok(r),
    };
    let digits = hook.get("Digits").unwrap_or("");
    let here = page::KEY_PATH;
    let mut ack = page::deliver::ack_of(&app.store, &p.id).await?;
    let mut mine = ack.as_ref().is_some_and(|a| a.by == person.id);
    if digits.trim() == "1" && ack.is_none() {
        dedupe.claim().await?;
        let taken = Ack {
            by: person.id.clone(),
            name: person.name.clone(),
            how: "call".into(),
            at_ms: now_ms(),
            attempt: Some(n),
        };
        match acknowledge(&app.pages, &p.id, taken).await? {
            Some(Acked::Took(_, a)) => {
                mine = true;
                ack = Some(a);
            }
            Some(Acked::Already(_, a)) => {
                mine = a.by == person.id;
                ack = Some(a);
            }
            None => {}
        }
    }
    Ok(Twiml(p.keyed(here, n, digits, tries(&q), ack.as_ref(), mine)).into_response())
}

/// How the call ended: written once; an unanswered call moves the page on at once.
pub async fn status(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Extension(dedupe): Extension<Dedupe>,
    Query(q): Params,
) -> Result<Response, Failure> {
    let (p, n, _) = match attempt(&app, &q).await {
        Ok(a) => a,
        Err(r) => return Ok(r),
    };
    let status = hook.get("CallStatus").unwrap_or("");
    if !crate::twilio::call_is_over(status) {
        // Progress events (ringing, in-progress) change nothing.
        return Ok(Twiml(twiml::Response::new()).into_response());
    }
    dedupe.claim().await?;
    let o = CallOutcome {
        status: status.to_string(),
        call_sid: hook.get("CallSid").unwrap_or("").to_string(),
        duration: hook.get("CallDuration").and_then(|d| d.parse().ok()),
        at_ms: now_ms(),
    };
    tracing::info!("pages: {}: attempt {n}'s call {status}", p.id);
    call_ended(&app.pages, &p.id, n, o).await?;
    Ok(Twiml(twiml::Response::new()).into_response())
}

/// An `ACK` (or `1`, or `ACK <id>`) from a member on the control line: the reply, and
/// whether it took a page (a text that took nothing counts toward the loop guard).
pub async fn ack_by_text(
    app: &AppState,
    dedupe: &Dedupe,
    sender: &Member,
    named: Option<&str>,
) -> anyhow::Result<(String, bool)> {
    let recent = recent(&app.pages).await?;
    let (p, before) = match page::choose(&recent, named) {
        Ok(found) => found,
        Err(reply) => return Ok((reply, false)),
    };
    if let Some(a) = before {
        return Ok((p.taken_already(a, Some(&sender.id)), false));
    }
    dedupe.claim().await?;
    let ack = Ack {
        by: sender.id.clone(),
        name: sender.name.clone(),
        how: "sms".into(),
        at_ms: now_ms(),
        attempt: None,
    };
    Ok(match acknowledge(&app.pages, &p.id, ack).await? {
        Some(Acked::Took(p, a)) => (p.confirmation(&a), true),
        Some(Acked::Already(p, a)) => (p.taken_already(&a, Some(&sender.id)), false),
        None => ("That page is gone.".into(), false),
    })
}
