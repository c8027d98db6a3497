//! A text to a `tickets` number: filed at once (local backend, no media, nothing earlier
//! waiting from this sender), or committed to the store as an inbound record and filed in
//! the background (RT, or media to download): either way before Twilio gets its answer.

use super::AppState;
use super::layers::{Dedupe, Webhook};
use crate::tickets::deliver::{InMedia, Inbound, ack_text, now_ms};
use crate::tickets::{Entry, content, digits, file};
use crate::twilio::twiml;

/// MediaUrlN / MediaContentTypeN. The media SID is the URL's last segment; the URL itself
/// is never fetched (relay builds Twilio's from its own api_base_url).
fn media(hook: &Webhook) -> Vec<InMedia> {
    let n: usize = hook
        .get("NumMedia")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (0..n.min(10))
        .filter_map(|i| {
            let url = hook.get(&format!("MediaUrl{i}"))?.to_string();
            let sid = url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .filter(|s| crate::twilio::sid::is_sid(s, &["ME"]))
                .map(str::to_string);
            Some(InMedia {
                sid,
                content_type: hook
                    .get(&format!("MediaContentType{i}"))
                    .unwrap_or("application/octet-stream")
                    .to_string(),
                url,
                key: None,
                size: 0,
                note: None,
                filed: false,
            })
        })
        .collect()
}

pub async fn text(
    app: &AppState,
    dedupe: &Dedupe,
    hook: &Webhook,
    from: &str,
    to: &str,
) -> anyhow::Result<twiml::Response> {
    let Some(t) = &app.tickets else {
        anyhow::bail!("a text to the tickets number {to}, but there is no [tickets] section");
    };
    let Some(sid) = hook.get("MessageSid").or_else(|| hook.get("SmsSid")) else {
        anyhow::bail!("a text with no MessageSid");
    };
    let body = hook.get("Body").unwrap_or("");
    let media = media(hook);
    if body.trim().is_empty() && media.is_empty() {
        tracing::info!(
            "tickets: an empty text ({}), nothing to file",
            hook.get("MessageSid").unwrap_or("-")
        );
        return Ok(twiml::Response::new());
    }
    dedupe.claim().await?;
    let waiting = !app
        .store
        .list(&format!(
            "{}{}/",
            crate::tickets::deliver::INBOX,
            digits(from)
        ))
        .await?
        .is_empty();
    if t.backend.kind() == "local" && media.is_empty() && !waiting {
        let entry = Entry {
            text: content(to, from, body),
            attachments: Vec::new(),
            sid: Some(sid.to_string()),
            number: to.to_string(),
            at: now_ms() / 1000,
        };
        let filed = file(t.backend.as_ref(), &t.config.queue, from, &entry).await?;
        tracing::info!(
            "tickets: {sid} {} ticket {}",
            if filed.new { "opened" } else { "added to" },
            filed.ticket
        );
        return Ok(match &t.config.acknowledge {
            Some(template) if filed.new => {
                twiml::Response::new().message(ack_text(template, &filed.ticket))
            }
            _ => twiml::Response::new(),
        });
    }
    let rec = Inbound::new(sid, from, to, body, media, t.config.acknowledge.is_some());
    let id = rec.id();
    if t.inbox.add(&id, &rec).await? {
        tracing::info!("tickets: {sid} stored; filing it in the background");
        t.inbox.spawn(id);
    }
    Ok(twiml::Response::new())
}
