//! The on-call control line's I/O around [`crate::oncall::sms::decide`]: membership, loop
//! and nonsense guards, the pending TAKE in the store, the compare-and-swap take, and the
//! text to the person going off call.

use super::AppState;
use super::layers::Dedupe;
use crate::oncall::service::{Outcome, now_epoch};
use crate::oncall::sms::{self, Command, MAX_UNANSWERABLE, PendingChange, PendingTake};
use crate::oncall::{Actor, Change, Interface, Roster};
use crate::store::{Condition, Version};
use crate::twilio::twiml;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// Texts in a row from one sender relay could do nothing with (nonsense, an ACK that took
/// no page), and when the last came.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Strikes {
    count: u32,
    #[serde(default)]
    last: i64,
}

/// Strikes older than this are forgotten.
const STRIKES_FORGOTTEN: i64 = 3600;

/// The loop guard: after [`MAX_UNANSWERABLE`] texts in a row relay could do nothing with
/// (an auto-responder answering relay's answers, as GoAlert guards against), relay stops
/// answering the sender until a command it understands, or an hour passes.
fn quiet(strikes: &Strikes) -> twiml::Response {
    tracing::info!(
        "oncall: not answering a sender after {} texts in a row that changed nothing",
        strikes.count
    );
    twiml::Response::new()
}

/// Counts a text relay could do nothing with, or forgets the count after one it could.
async fn strike(
    app: &AppState,
    dedupe: &Dedupe,
    key: &str,
    strikes: &Strikes,
    nothing: bool,
    now: i64,
) -> anyhow::Result<()> {
    if !nothing && strikes.count == 0 {
        return Ok(());
    }
    dedupe.claim().await?;
    if nothing {
        let next = Strikes {
            count: strikes.count + 1,
            last: now,
        };
        let _ = app.store.put_json(key, &next, Condition::Always).await?;
    } else {
        app.store.delete(key).await?;
    }
    Ok(())
}

fn digits(phone: &str) -> String {
    phone.trim_start_matches('+').to_string()
}

/// Handles one text to the control line. `dedupe` is claimed before the first write, so a
/// read-only exchange (WHO, HALP) writes nothing at all.
pub async fn handle(
    app: &AppState,
    dedupe: &Dedupe,
    roster: Option<(Arc<Roster>, Version)>,
    from: &str,
    body: &str,
) -> anyhow::Result<twiml::Response> {
    let empty = twiml::Response::new();
    let (roster, _) = match roster {
        Some(r) => r,
        None => {
            let (r, v) = app.oncall.load().await?;
            (Arc::new(r), v)
        }
    };
    if app.is_own_number(from, Some(&roster)) {
        tracing::warn!("ignored a text from relay's own number {from} (a loop)");
        return Ok(empty);
    }
    let Some(sender) = roster.member_by_phone(from).cloned() else {
        dedupe.claim().await?;
        let actor = Actor {
            name: from.to_string(),
            interface: Interface::Sms,
        };
        let change = Change {
            action: "refused".into(),
            summary: format!("a text from {from}, who is not a member, was ignored"),
            before: Value::Null,
            after: Value::Null,
        };
        app.oncall.append_audit(&actor, &change).await?;
        return Ok(empty);
    };
    let strikes_key = format!("oncall/sms-strikes/{}.json", digits(from));
    let now = now_epoch();
    let strikes = app
        .store
        .get_json::<Strikes>(&strikes_key)
        .await?
        .map(|(s, _)| s)
        .filter(|s| now - s.last < STRIKES_FORGOTTEN)
        .unwrap_or_default();
    let silenced = strikes.count >= MAX_UNANSWERABLE;
    // An ACK for a page in relay's own rotation.
    if let Some(named) = crate::page::parse_ack(body) {
        let (reply, took) =
            super::page::ack_by_text(app, dedupe, &sender, named.as_deref()).await?;
        if silenced && !took {
            return Ok(quiet(&strikes));
        }
        strike(app, dedupe, &strikes_key, &strikes, !took, now).await?;
        return Ok(twiml::Response::new().message(reply));
    }
    let cmd = sms::parse(body);
    let pending_key = format!("oncall/pending/{}.json", digits(from));
    // Only a confirmation or a cancellation looks at the pending TAKE.
    let pending = if matches!(cmd, Command::Confirm | Command::Cancel) {
        app.store
            .get_json::<PendingTake>(&pending_key)
            .await?
            .map(|(p, _)| p)
    } else {
        None
    };
    let decision = sms::decide(cmd, &sender, &roster, pending.as_ref(), now);
    if silenced && !decision.understood {
        return Ok(quiet(&strikes));
    }
    if decision.take || decision.pending != PendingChange::Keep {
        dedupe.claim().await?;
    }
    match &decision.pending {
        PendingChange::Keep => {}
        PendingChange::Set(p) => {
            let _ = app
                .store
                .put_json(&pending_key, p, Condition::Always)
                .await?;
        }
        PendingChange::Clear => app.store.delete(&pending_key).await?,
    }
    strike(
        app,
        dedupe,
        &strikes_key,
        &strikes,
        !decision.understood,
        now,
    )
    .await?;
    let mut answer = twiml::Response::new();
    for r in &decision.replies {
        answer = answer.message(r.clone());
    }
    if decision.take {
        let actor = Actor {
            name: sender.id.clone(),
            interface: Interface::Sms,
        };
        let id = sender.id.clone();
        let outcome = app
            .oncall
            .update(&actor, |r| Ok(r.take(&id, &id, now)?))
            .await?;
        if let Outcome::Changed { change, .. } = outcome
            && let Some(prev) = change
                .before
                .pointer("/oncall_user/phone")
                .and_then(Value::as_str)
            && prev != sender.phone
            && !app.is_own_number(prev, Some(&roster))
        {
            answer = answer.message_to(prev.to_string(), sms::handover_notice(&sender));
        }
    }
    Ok(answer)
}
