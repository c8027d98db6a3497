//! Delivery receipts: what Twilio says became of each message relay sent.
//!
//! Twilio posts a status callback (`MessageStatus`, `ErrorCode`) to relay's
//! [`CALLBACK_PATH`] each time a message moves on: `sent`, then `delivered` or
//! `undelivered`/`failed`, sometimes `read`. Callbacks arrive out of order and repeated, so
//! each is merged ([`merge`], pure) into one object per message,
//! `send/status/<MessageSid>.json`, keeping the most advanced status: a late `sent` never
//! replaces `delivered`, and a repeat writes nothing. Writes are compare-and-swap, so two
//! relays (or a callback and `relay send report --refresh`) never lose each other's news.
//!
//! Callbacks come in bursts (a campaign of thousands is delivered within seconds), so
//! `relay serve` does not write each one where it belongs before answering: the [`Intake`]
//! writes the updates that arrive together as one batch object
//! (`send/status-batches/<ms>-<random>.json`, group commit: Twilio is answered once its
//! update is durable), and folds batches into the per-message records behind (several
//! updates of one message become one write), deleting each batch once folded. Folding is
//! idempotent, so a crash in between only folds a batch again; pending batches are folded
//! when `relay serve` starts, every few seconds (those of other relays sharing the store),
//! and by `relay send report` before it reads.

use crate::store::{Condition, Put, Store};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, mpsc, oneshot};

/// The route Twilio posts message status callbacks to.
pub const CALLBACK_PATH: &str = "/twilio/message-status";

/// Message status records: `send/status/<MessageSid>.json`.
pub const PREFIX: &str = "send/status/";
const BATCHES: &str = "send/status-batches/";
/// At most this many updates in one batch.
const BATCH_MAX: usize = 2000;
/// Batches folded at once, and message records written at once while folding.
const FOLD_BATCHES: usize = 256;
const FOLD_WRITES: usize = 64;

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    crate::twilio::sid::is_sid(sid, &["SM", "MM"])
}

/// Merges `update` into the stored record (compare-and-swap, retried on conflict).
/// `true` when the record changed.
pub async fn record(store: &Store, update: &Update) -> anyhow::Result<bool> {
    record_all(store, &update.sid, std::slice::from_ref(update)).await
}

/// Merges `updates` (all of message `sid`, in arrival order) into its stored record with
/// one write at most. `true` when the record changed.
pub async fn record_all(store: &Store, sid: &str, updates: &[Update]) -> anyhow::Result<bool> {
    let key = key(sid);
    for attempt in 0..30u32 {
        let current = store.get_json::<Delivery>(&key).await?;
        let mut next: Option<Delivery> = None;
        for u in updates {
            if let Some(n) = merge(next.as_ref().or(current.as_ref().map(|(d, _)| d)), u) {
                next = Some(n);
            }
        }
        let Some(next) = next else {
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

/// Takes status updates from `relay serve`'s handlers: see the module's documentation.
#[derive(Clone)]
pub struct Intake {
    tx: mpsc::UnboundedSender<(Update, oneshot::Sender<Result<(), String>>)>,
}

impl Intake {
    /// Starts the batch writer and the folder (which first folds what is pending).
    pub fn start(store: Store) -> Intake {
        let (tx, rx) = mpsc::unbounded_channel();
        let written = Arc::new(Notify::new());
        tokio::spawn(write_batches(store.clone(), rx, written.clone()));
        tokio::spawn(async move {
            loop {
                if let Err(e) = fold_pending(&store).await {
                    tracing::error!("cannot fold message statuses into their records: {e:#}");
                }
                // Woken by this relay's batches; other relays' are found by the sweep.
                let _ = tokio::time::timeout(Duration::from_secs(5), written.notified()).await;
            }
        });
        Intake { tx }
    }

    /// Returns once `update` is durable in the store (in a batch).
    pub async fn submit(&self, update: Update) -> anyhow::Result<()> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send((update, ack))
            .map_err(|_| anyhow::anyhow!("the status writer stopped"))?;
        done.await
            .map_err(|_| anyhow::anyhow!("the status writer stopped"))?
            .map_err(|e| anyhow::anyhow!("cannot record the status: {e}"))
    }
}

/// One batch at a time: everything that arrived while the previous write was going on.
async fn write_batches(
    store: Store,
    mut rx: mpsc::UnboundedReceiver<(Update, oneshot::Sender<Result<(), String>>)>,
    written: Arc<Notify>,
) {
    let mut updates = Vec::new();
    let mut acks = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some((u, ack)) = next {
            updates.push(u);
            acks.push(ack);
            next = if updates.len() < BATCH_MAX {
                rx.try_recv().ok()
            } else {
                None
            };
        }
        let key = format!(
            "{BATCHES}{:013}-{:016x}.json",
            super::now_ms(),
            rand::random::<u64>()
        );
        let res = match store.put_json(&key, &updates, Condition::IfAbsent).await {
            Ok(Put::Written(_)) => Ok(()),
            Ok(Put::Conflict) => Err(format!("{key} exists")),
            Err(e) => Err(e.to_string()),
        };
        if res.is_ok() {
            written.notify_one();
        }
        for ack in acks.drain(..) {
            let _ = ack.send(res.clone());
        }
        updates.clear();
    }
}

/// Folds every pending batch into the message records, oldest first, and deletes it. The
/// number of batches folded.
pub async fn fold_pending(store: &Store) -> anyhow::Result<usize> {
    let mut folded = 0;
    loop {
        let keys: Vec<String> = store
            .list(BATCHES)
            .await?
            .into_iter()
            .take(FOLD_BATCHES)
            .collect();
        if keys.is_empty() {
            return Ok(folded);
        }
        // Read at once (on S3 each read is a round trip: one after another, a storm's
        // hundreds of batches took most of a minute).
        let mut reads = tokio::task::JoinSet::new();
        for key in &keys {
            let (store, key) = (store.clone(), key.clone());
            reads.spawn(async move { store.get_json::<Vec<Update>>(&key).await });
        }
        let mut by_sid: HashMap<String, Vec<Update>> = HashMap::new();
        while let Some(res) = reads.join_next().await {
            if let Some((batch, _)) = res?? {
                for u in batch {
                    by_sid.entry(u.sid.clone()).or_default().push(u);
                }
            }
        }
        let mut tasks = tokio::task::JoinSet::new();
        let limit = Arc::new(tokio::sync::Semaphore::new(FOLD_WRITES));
        for (sid, updates) in by_sid {
            let (store, limit) = (store.clone(), limit.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire_owned().await;
                record_all(&store, &sid, &updates).await
            });
        }
        while let Some(res) = tasks.join_next().await {
            res??;
        }
        let mut deletes = tokio::task::JoinSet::new();
        for key in &keys {
            let (store, key) = (store.clone(), key.clone());
            deletes.spawn(async move { store.delete(&key).await });
        }
        while let Some(res) = deletes.join_next().await {
            res??;
        }
        folded += keys.len();
    }
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
    async fn batches_fold_into_the_records_once_and_in_any_number() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(std::sync::Arc::new(
            crate::store::FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
        ));
        let intake = Intake::start(store.clone());
        let other = |status: &str, at| Update {
            sid: "SM00000000000000000000000000000001".into(),
            ..up(status, None, at)
        };
        let mut tasks = Vec::new();
        for u in [
            up("sent", None, 1),
            up("delivered", None, 2),
            up("sent", None, 3),
            other("undelivered", 4),
            other("sent", 5),
        ] {
            let intake = intake.clone();
            tasks.push(tokio::spawn(async move { intake.submit(u).await }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        // Folding again (a crash before the delete, another relay) changes nothing.
        fold_pending(&store).await.unwrap();
        fold_pending(&store).await.unwrap();
        let d = get(&store, "SM0123456789abcdef0123456789abcdef")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.status, "delivered");
        let d = get(&store, "SM00000000000000000000000000000001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.status, "undelivered");
        assert!(store.list(BATCHES).await.unwrap().is_empty());
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
