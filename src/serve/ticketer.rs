//! The ticketer API over HTTP: `/ticketer/{uuid}/{endpoint}` as RapidPro's mailroom calls
//! it, and `/ticketer/{uuid}/files/{id}/{name}` for the agents' attachments it fetches.
//! The order of checks is the app's: the UUID, the method, Content-Type (except on
//! `secret.check`), the token, then the body. Every error is `{"error": "..."}`.

use super::AppState;
use crate::ticketer::{self, ApiError, Ticketer};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

fn error(status: u16, message: impl Into<String>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    super::json_answer(status, json!({ "error": message.into() }))
}

fn api_error(e: ApiError) -> Response {
    error(e.status, e.message)
}

/// Logged in full, answered as the app answers.
fn unexpected(what: &str, e: anyhow::Error) -> Response {
    tracing::error!("ticketer: {what}: {e:#}");
    error(500, "Unexpected error")
}

fn ticketer<'a>(app: &'a AppState, uuid: &str) -> Option<&'a Ticketer> {
    app.tickets
        .as_ref()
        .and_then(|t| t.ticketer.as_ref())
        .filter(|tk| tk.config.uuid.eq_ignore_ascii_case(uuid))
}

fn json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

fn created(id: String) -> Response {
    super::json_answer(StatusCode::CREATED, json!({ "id": id }))
}

pub async fn endpoint(
    State(app): State<AppState>,
    Path((uuid, endpoint)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(tk) = ticketer(&app, &uuid) else {
        return error(404, "Not found");
    };
    let want = match endpoint.as_str() {
        "secret.check" | "room" | "room.close" => Method::GET,
        "settings" => Method::PUT,
        "visitor-message" => Method::POST,
        _ => return error(404, format!("Unknown endpoint: {endpoint}")),
    };
    if method != want {
        return error(405, format!("{endpoint} takes {want}"));
    }
    if endpoint != "secret.check" && !json_content_type(&headers) {
        return error(400, "Invalid Content-Type header");
    }
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let secret = match tk.authorized(authorization) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!("ticketer: {method} {endpoint} refused: {}", e.message);
            return api_error(e);
        }
    };
    let body = match super::layers::read_body(&app, body, ticketer::MAX_BODY).await {
        Ok(b) => b,
        Err(super::layers::BodyRefusal::TooLarge(_)) => {
            return error(413, "Request body too large (1 MiB at most)");
        }
        Err(slow) => return slow.into_response(),
    };
    match endpoint.as_str() {
        "secret.check" => super::json_answer(StatusCode::OK, json!({"status": "ok"})),
        "settings" => {
            let url = match ticketer::parse_settings(&body) {
                Ok(u) => u,
                Err(e) => return api_error(e),
            };
            match tk.set_callback(&url, secret).await {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err(e) => unexpected("PUT settings", e),
            }
        }
        "room" => {
            let req = match ticketer::parse_room(&body) {
                Ok(r) => r,
                Err(e) => return api_error(e),
            };
            match tk.open_room(req).await {
                Ok(Ok(id)) => created(id),
                Ok(Err(e)) => api_error(e),
                Err(e) => unexpected("GET room", e),
            }
        }
        "room.close" => {
            let token = match ticketer::parse_close(&body) {
                Ok(t) => t,
                Err(e) => return api_error(e),
            };
            match tk.close_room(&token).await {
                Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
                Ok(Err(e)) => api_error(e),
                Err(e) => unexpected("GET room.close", e),
            }
        }
        _ => {
            let msg = match ticketer::parse_visitor_message(&body) {
                Ok(m) => m,
                Err(e) => return api_error(e),
            };
            match tk.visitor_message(msg).await {
                Ok(Ok(id)) => created(id),
                Ok(Err(e)) => api_error(e),
                Err(e) => unexpected("POST visitor-message", e),
            }
        }
    }
}

/// An agent's attachment, for mailroom: X-User-Id and X-Auth-Token must be the admin
/// credentials entered in RapidPro.
pub async fn file(
    State(app): State<AppState>,
    Path((uuid, id, name)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(tk) = ticketer(&app, &uuid) else {
        return error(404, "Not found");
    };
    let get = |h: &str| headers.get(h).and_then(|v| v.to_str().ok());
    if !tk.admin(get("x-user-id"), get("x-auth-token")) {
        tracing::warn!("ticketer: a file was asked for without the admin credentials");
        return error(
            401,
            "X-User-Id and X-Auth-Token must be the admin credentials",
        );
    }
    match tk.file(&id, &name).await {
        Ok(Some((meta, bytes))) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, meta.content_type),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => error(404, "Not found"),
        Err(e) => unexpected("GET file", e),
    }
}
