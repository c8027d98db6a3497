//! `POST /twilio/voice`: the `To` number picks the role — the pager line, the alert line,
//! or a polite word for numbers that take no calls.

use super::layers::{Dedupe, Webhook};
use super::{AppState, Failure, Twiml, alert, pager};
use crate::config::Role;
use crate::oncall::Roster;
use crate::phone;
use crate::twilio::twiml;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub async fn incoming(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Extension(dedupe): Extension<Dedupe>,
) -> Result<Response, Failure> {
    let (Some(to), Some(from), Some(call_sid)) =
        (hook.get("To"), hook.get("From"), hook.get("CallSid"))
    else {
        return Ok((
            StatusCode::BAD_REQUEST,
            "a Twilio voice webhook has To, From and CallSid\n",
        )
            .into_response());
    };
    let to = phone::normalize(to, None).unwrap_or_else(|_| to.to_string());
    // Callers may withhold their number ("anonymous"): keep what Twilio sent.
    let from = phone::normalize(from, None).unwrap_or_else(|_| from.to_string());
    let roster = app.oncall.try_load_shared().await?;
    let roster = roster.as_ref().map(|(r, _)| &**r);
    let role = crate::numbers::voice_role(&app.config, roster, &to);
    let mut resp = match role {
        None => {
            tracing::warn!(
                "404: a call to {to}, which has no role: add it under [numbers] in relay.toml"
            );
            return Ok((StatusCode::NOT_FOUND, "no role for this number\n").into_response());
        }
        Some(Role::Pager) => pager::answer(&app, &dedupe, roster, call_sid, from, to).await?,
        Some(Role::Alert) => alert::answer(&app, &dedupe, roster, call_sid, from, to).await?,
        Some(Role::Tickets) => Twiml(
            twiml::Response::new()
                .say("This number takes text messages only. Please send us a text message instead. Goodbye.")
                .hangup(),
        )
        .into_response(),
        Some(Role::Oncall | Role::WrongNumber) => {
            Twiml(no_calls(&app, roster)).into_response()
        }
    };
    if let Some(role) = role {
        resp.extensions_mut()
            .insert(super::metrics::Served(role.name()));
    }
    Ok(resp)
}

/// Where a line keeps the calls it answered: `prefix` + CallSid.
fn call_key(prefix: &str, sid: &str) -> String {
    format!("{prefix}{sid}.json")
}

/// Keeps a call a line answered (claiming the request first): what its follow-ups are
/// checked against ([`the_call`]). The first record of a CallSid stands: a repeated or
/// replayed incoming request gets the call as it was first kept (its time, its on-call
/// person), so every id derived from it (an alert's) is the same.
pub async fn keep_call<C: serde::Serialize + serde::de::DeserializeOwned>(
    app: &AppState,
    dedupe: &super::layers::Dedupe,
    prefix: &str,
    sid: &str,
    call: C,
) -> Result<C, Failure> {
    dedupe.claim().await?;
    let key = call_key(prefix, sid);
    match app
        .store
        .put_json(&key, &call, crate::store::Condition::IfAbsent)
        .await?
    {
        crate::store::Put::Written(_) => Ok(call),
        crate::store::Put::Conflict => Ok(app
            .store
            .get_json::<C>(&key)
            .await?
            .map_or(call, |(kept, _)| kept)),
    }
}

/// The call a follow-up belongs to, as its line kept it ([`keep_call`]); `None` for a
/// call relay never answered (or refused).
pub async fn the_call<C: serde::de::DeserializeOwned>(
    app: &AppState,
    hook: &Webhook,
    prefix: &str,
) -> Result<Option<C>, Failure> {
    let Some(sid) = hook.get("CallSid") else {
        return Ok(None);
    };
    Ok(app
        .store
        .get_json::<C>(&call_key(prefix, sid))
        .await?
        .map(|(c, _)| c))
}

/// The 404 for a follow-up of a call relay never answered.
pub fn unknown_call(hook: &Webhook, what: &str) -> Response {
    tracing::warn!(
        "404: {what} for call {}, which relay never answered (or refused)",
        hook.get("CallSid").unwrap_or("(no CallSid)")
    );
    (
        StatusCode::NOT_FOUND,
        "unknown call
",
    )
        .into_response()
}

/// A call to a number that takes none: callers are pointed at the pager line.
fn no_calls(app: &AppState, roster: Option<&Roster>) -> twiml::Response {
    let pager_number = roster
        .map(|r| r.current_config.pager_phone.clone())
        .filter(|p| !p.is_empty())
        .or_else(|| {
            app.config
                .numbers
                .iter()
                .find(|(_, r)| **r == Role::Pager)
                .map(|(n, _)| n.clone())
        });
    let mut say = "This number does not accept calls.".to_string();
    if let Some(p) = pager_number {
        say.push_str(&format!(
            " To leave a message for the on-call engineer, call {}.",
            spoken(&p)
        ));
    }
    twiml::Response::new().say(say).hangup()
}

/// "+18002255288" read digit by digit.
fn spoken(number: &str) -> String {
    number
        .chars()
        .filter(char::is_ascii_digit)
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}
