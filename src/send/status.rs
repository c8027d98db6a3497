//! Delivery receipts: what Twilio says became of each message relay sent.
//!
//! Twilio posts a status callback (`MessageStatus`, `ErrorCode`) to relay's
//! [`CALLBACK_PATH`] each time a message moves on: `sent`, then `delivered` or
//! `undelivered`/`failed`, sometimes `read`. Callbacks arrive out of order and repeated, so
//! each is merged ([`merge`], pure) into one object per message,
//! `send/status/<MessageSid>.json`, keeping the most advanced status: a late `sent` never
//! replaces `delivered`, and a repeat writes nothing. Writes are compare-and-swap, so two
//! relays (or a callback and `relay send report --refresh`) never lose each other's news.

use crate::store::{Condition, Put, Store};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The route Twilio posts message status callbacks to.
pub const CALLBACK_PATH: &str = "/twilio/message-status";

const PREFIX: &str = "send/status/";

/// How far along a status is. Equal ranks are alternatives (a message is `failed` or
/// `undelivered`, not both); `None` for statuses that are not an outbound message's.
pub fn rank(status: &str) -> Option<u8> {
    Some(match status {
        "accepted" | "scheduled" => 0,
        "queued" => 1,
        "sending" => 2,
        "sent" => 3,
        "failed" | "undelivered" | "canceled" | "partially_delivered" => 4,
        "delivered" => 5,
        "read" => 6,
        _ => return None,
    })
}

/// A status no later news will change, bar `read` after `delivered`.
pub fn is_final(status: &str) -> bool {
    rank(status).is_some_and(|r| r >= 4)
}

/// One piece of news about a message: a callback, or Twilio's answer to a fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    pub sid: String,
    pub status: String,
    pub error_code: Option<u32>,
    pub to: Option<String>,
    pub from: Option<String>,
    /// When relay learnt it, Unix ms.
    pub at: i64,
}

/// What relay knows of one message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub sid: String,
    /// The most advanced status seen.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// When each status that advanced the message was learnt, Unix ms.
    #[serde(default)]
    pub at: BTreeMap<String, i64>,
}

/// `current` with `update` applied, or `None` when the update changes nothing (a repeat,
/// an earlier status arriving late, an alternative of equal rank, a status that is not an
/// outbound message's).
pub fn merge(current: Option<&Delivery>, update: &Update) -> Option<Delivery> {
    let new = rank(&update.status)?;
    if let Some(cur) = current
        && rank(&cur.status).is_some_and(|old| old >= new)
    {
        return None;
    }
    let mut next = current.cloned().unwrap_or_else(|| Delivery {
        sid: update.sid.clone(),
        status: String::new(),
        error_code: None,
        to: None,
        from: None,
        at: BTreeMap::new(),
    });
    next.status = update.status.clone();
    next.error_code = update.error_code.filter(|c| *c != 0);
    next.to = next.to.or_else(|| update.to.clone());
    next.from = next.from.or_else(|| update.from.clone());
    next.at.entry(update.status.clone()).or_insert(update.at);
    Some(next)
}

/// The store key of a message's delivery record.
pub fn key(sid: &str) -> String {
    format!("{PREFIX}{sid}.json")
}

/// A Twilio message SID, as relay will use it in a key.
pub fn valid_sid(sid: &str) -> bool {
    (sid.starts_with("SM") || sid.starts_with("MM"))
        && sid.len() == 34
        && sid[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Merges `update` into the stored record (compare-and-swap, retried on conflict).
/// `true` when the record changed.
pub async fn record(store: &Store, update: &Update) -> anyhow::Result<bool> {
    let key = key(&update.sid);
    for attempt in 0..30u32 {
        let current = store.get_json::<Delivery>(&key).await?;
        let Some(next) = merge(current.as_ref().map(|(d, _)| d), update) else {
            return Ok(false);
        };
        let condition = match current {
            Some((_, version)) => Condition::IfMatch(version),
            None => Condition::IfAbsent,
        };
        if let Put::Written(_) = store.put_json(&key, &next, condition).await? {
            return Ok(true);
        }
        tokio::time::sleep(std::time::Duration::from_millis(
            (1 << attempt.min(6)) + rand::random::<u64>() % 5,
        ))
        .await;
    }
    anyhow::bail!("{key} kept changing under relay (30 attempts)")
}

/// The stored record of one message.
pub async fn get(store: &Store, sid: &str) -> anyhow::Result<Option<Delivery>> {
    Ok(store.get_json(&key(sid)).await?.map(|(d, _)| d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(status: &str, code: Option<u32>, at: i64) -> Update {
        Update {
            sid: "SM0123456789abcdef0123456789abcdef".into(),
            status: status.into(),
            error_code: code,
            to: Some("+19195551002".into()),
            from: None,
            at,
        }
    }

    fn apply(seq: &[Update]) -> Option<Delivery> {
        let mut cur: Option<Delivery> = None;
        for u in seq {
            if let Some(next) = merge(cur.as_ref(), u) {
                cur = Some(next);
            }
        }
        cur
    }

    #[test]
    fn the_most_advanced_status_wins_whatever_the_order() {
        let d = apply(&[up("sent", None, 1), up("delivered", None, 2)]).unwrap();
        assert_eq!(d.status, "delivered");
        assert_eq!(d.at["sent"], 1);
        assert_eq!(d.at["delivered"], 2);
        // Out of order: delivered first, the late `sent` changes nothing.
        let d = apply(&[up("delivered", None, 2), up("sent", None, 3)]).unwrap();
        assert_eq!(d.status, "delivered");
        assert!(!d.at.contains_key("sent"));
        // Repeats change nothing at all.
        let once = apply(&[up("delivered", None, 2)]).unwrap();
        assert_eq!(merge(Some(&once), &up("delivered", None, 9)), None);
        // Failures keep their code; `read` after `delivered` advances.
        let d = apply(&[up("sent", None, 1), up("undelivered", Some(30007), 2)]).unwrap();
        assert_eq!(
            (d.status.as_str(), d.error_code),
            ("undelivered", Some(30007))
        );
        let d = apply(&[up("delivered", None, 1), up("read", None, 2)]).unwrap();
        assert_eq!(d.status, "read");
        // An alternative of the same rank does not replace the first word.
        let d = apply(&[
            up("failed", Some(30008), 1),
            up("undelivered", Some(30003), 2),
        ])
        .unwrap();
        assert_eq!((d.status.as_str(), d.error_code), ("failed", Some(30008)));
        // Inbound statuses are not an outbound message's.
        assert_eq!(merge(None, &up("received", None, 1)), None);
        // ErrorCode=0 is no error.
        assert_eq!(apply(&[up("sent", Some(0), 1)]).unwrap().error_code, None);
    }

    #[test]
    fn sids_are_checked_before_they_become_keys() {
        assert!(valid_sid("SM0123456789abcdef0123456789abcdef"));
        assert!(valid_sid("MM0123456789abcdef0123456789abcdef"));
        assert!(!valid_sid("SM../../etc/passwd"));
        assert!(!valid_sid("CA0123456789abcdef0123456789abcdef"));
    }

    #[tokio::test]
    async fn records_merge_in_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(std::sync::Arc::new(
            crate::store::FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
        ));
        assert!(record(&store, &up("delivered", None, 2)).await.unwrap());
        assert!(!record(&store, &up("sent", None, 3)).await.unwrap());
        assert!(!record(&store, &up("delivered", None, 4)).await.unwrap());
        let d = get(&store, "SM0123456789abcdef0123456789abcdef")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.status, "delivered");
    }
}
