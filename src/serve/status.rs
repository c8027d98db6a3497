//! `POST /twilio/message-status`: Twilio's status callbacks for the messages relay sent
//! (`relay send`, `POST /ci360/messages`), handed to the status [`Intake`](crate::send::status::Intake) (answered
//! once durable in a batch, folded into the message's record behind). The merge keeps the
//! most advanced status, so a repeat or a late, older status changes nothing and needs no
//! de-duplication record.

use super::layers::Webhook;
use super::metrics::Served;
use super::{AppState, Failure, Twiml};
use crate::send::status::{self, Update};
use crate::twilio::twiml;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub async fn message(
    State(app): State<AppState>,
    Extension(hook): Extension<Webhook>,
) -> Result<Response, Failure> {
    let sid = hook.get("MessageSid").or_else(|| hook.get("SmsSid"));
    let state = hook.get("MessageStatus").or_else(|| hook.get("SmsStatus"));
    let (Some(sid), Some(state)) = (sid, state) else {
        return Ok((
            StatusCode::BAD_REQUEST,
            "a Twilio status callback has MessageSid and MessageStatus parameters\n",
        )
            .into_response());
    };
    if !status::valid_sid(sid) {
        return Ok((StatusCode::BAD_REQUEST, "MessageSid is not a message SID\n").into_response());
    }
    let update = Update {
        sid: sid.to_string(),
        status: state.to_ascii_lowercase(),
        error_code: hook.get("ErrorCode").and_then(|c| c.trim().parse().ok()),
        to: hook.get("To").map(str::to_string),
        from: hook.get("From").map(str::to_string),
        at: crate::send::now_ms(),
    };
    tracing::debug!("{sid}: {}", update.status);
    app.statuses.submit(update).await?;
    let mut resp = Twiml(twiml::Response::new()).into_response();
    resp.extensions_mut().insert(Served("status"));
    Ok(resp)
}
