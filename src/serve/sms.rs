//! `POST /twilio/sms`: the `To` number picks the role.

use super::layers::{Dedupe, Webhook};
use super::metrics::Served;
use super::{AppState, Failure, Twiml, oncall_line, tickets};
use crate::config::Role;
use crate::oncall::Roster;
use crate::phone;
use crate::twilio::twiml;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub async fn handle(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
    Extension(dedupe): Extension<Dedupe>,
) -> Result<Response, Failure> {
    let (Some(to), Some(from)) = (hook.get("To"), hook.get("From")) else {
        return Ok((
            StatusCode::BAD_REQUEST,
            "a Twilio message webhook has To and From parameters\n",
        )
            .into_response());
    };
    let (Ok(to), Ok(from)) = (phone::normalize(to, None), phone::normalize(from, None)) else {
        return Ok((
            StatusCode::BAD_REQUEST,
            "To and From must be phone numbers\n",
        )
            .into_response());
    };
    let body = hook.get("Body").unwrap_or("");
    // One read of the roster serves routing, the loop guard and the flow.
    let roster = app.oncall.try_load_shared().await?;
    let role = app.role_of(&to, roster.as_ref().map(|(r, _)| &**r));
    let answer = match role {
        None => {
            tracing::warn!(
                "404: a text to {to}, which has no role: add it under [numbers] in relay.toml"
            );
            return Ok((StatusCode::NOT_FOUND, "no role for this number\n").into_response());
        }
        Some(Role::Oncall) => oncall_line::handle(&app, &dedupe, roster, &from, body).await?,
        Some(Role::Tickets) => {
            if app.is_own_number(&from, roster.as_ref().map(|(r, _)| &**r)) {
                tracing::warn!("ignored a text from relay's own number {from} (a loop)");
                twiml::Response::new()
            } else {
                tickets::text(&app, &dedupe, &hook, &from, &to).await?
            }
        }
        Some(Role::WrongNumber | Role::Pager | Role::Alert) => {
            wrong_number(roster.as_ref().map(|(r, _)| &**r), &from)
        }
    };
    let mut resp = Twiml(answer).into_response();
    if let Some(role) = role {
        resp.extensions_mut().insert(Served(role.name()));
    }
    Ok(resp)
}

/// A text to a number that does not take texts: members are told which number to use,
/// anyone else gets nothing.
fn wrong_number(roster: Option<&Roster>, from: &str) -> twiml::Response {
    match roster.and_then(|r| r.member_by_phone(from).map(|m| (r, m))) {
        Some((r, m)) => twiml::Response::new().message(format!(
            "Hi there, {}. This is a voice-only number. For text commands you want {} instead.",
            m.name, r.current_config.from_phone
        )),
        None => twiml::Response::new(),
    }
}
