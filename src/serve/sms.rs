//! `POST /twilio/sms`: the `To` number picks the role. Opt-out and opt-in keywords (STOP,
//! START, ...) to any of relay's numbers update the opt-out list first; the role's flow
//! still sees the text.

use super::layers::{Dedupe, Webhook};
use super::metrics::Served;
use super::{AppState, Failure, Twiml, oncall_line, tickets};
use crate::audit::{Actor, Interface};
use crate::config::Role;
use crate::oncall::Roster;
use crate::optout;
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
    let campaign_sender =
        role.is_none() && optout::is_sender(&app.config, &to, hook.get("MessagingServiceSid"));
    if let Some(keyword) = optout::keyword(body, hook.get("OptOutType"))
        && (role.is_some() || campaign_sender)
    {
        opt(&app, &hook, &to, &from, keyword).await?;
    }
    let answer = match role {
        None if campaign_sender => {
            // A reply to a campaign: nothing to answer (Twilio answers STOP itself), but
            // HELP/INFO gets the configured help text.
            let mut answer = twiml::Response::new();
            match &app.config.send.help_text {
                Some(help) if optout::is_help(body, hook.get("OptOutType")) => {
                    answer = answer.message(help);
                }
                _ => tracing::info!("a text to {to}, a campaign sender; nothing to answer"),
            }
            let mut resp = Twiml(answer).into_response();
            resp.extensions_mut().insert(Served("send"));
            return Ok(resp);
        }
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

/// Records an opt-out or opt-in keyword: for the number texted and the Messaging Service it
/// came through, in the tenant it belongs to. Repeats change nothing (and audit nothing).
async fn opt(
    app: &AppState,
    hook: &Webhook,
    to: &str,
    from: &str,
    keyword: optout::Keyword,
) -> anyhow::Result<()> {
    let mss = hook.get("MessagingServiceSid");
    let tenant = optout::tenant_of(&app.config, hook.get("AccountSid"), to, mss);
    let mut scopes = vec![optout::Scope::new(&tenant, to)];
    scopes.extend(mss.map(|m| optout::Scope::new(&tenant, m)));
    let actor = Actor {
        name: from.to_string(),
        interface: Interface::Sms,
    };
    let changed = app
        .optouts
        .set(keyword, &scopes, from, "sms", &actor)
        .await?;
    if !changed.is_empty() {
        tracing::info!(
            "{from} opted {} ({tenant}: {})",
            if keyword == optout::Keyword::Out {
                "out"
            } else {
                "back in"
            },
            changed
                .iter()
                .map(|s| s.sender.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
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
