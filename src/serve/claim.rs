//! The one claim a request takes on its effects, so that a retried delivery acts once.
//!
//! A delivery that is about to change something writes `serve/handled/<hash>.json` (or
//! CI360's `ci360/events/<hash>.json`) create-if-absent as `started`, with its owner (this
//! process and this delivery) and a lease: the handler deadline plus a margin, after which
//! no delivery can still be running (the deadline drops it). When it has answered, the
//! marker becomes `done` with the answer; a server error lets the claim go instead. What a
//! retry finds:
//! - nothing, or a claim let go: it acts;
//! - `done`: the first answer, replayed;
//! - `started` by a delivery this process is no longer running (it failed, or its deadline
//!   dropped it), or whose lease has run out (the relay that held it died): it takes the
//!   claim over with compare-and-swap and acts again. Every effect is idempotent by its
//!   natural key, so acting again finishes what the dead delivery started and repeats none
//!   of it;
//! - `started` by a delivery that is still running: it waits for that one (bounded), then
//!   answers what it answered, or 503 with `Retry-After` when it has not finished: never an
//!   empty 200 for work that was not done.
//!
//! `docs/store.md` has the reasoning.

use crate::store::{Condition, Put, Store};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

pub const STARTED: &str = "started";
pub const DONE: &str = "done";

/// What the store remembers of a handled request.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Handled {
    /// `started` or `done`.
    pub state: String,
    /// Epoch seconds.
    pub at: i64,
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub content_type: String,
    #[serde(default)]
    pub body: String,
    /// Who holds a `started` claim: `PROCESS/DELIVERY`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Until when (epoch milliseconds) a `started` claim may still be acted on.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub until_ms: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl Handled {
    /// The recorded answer, as it was first given.
    pub fn replay(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        (
            status,
            [(header::CONTENT_TYPE, self.content_type)],
            self.body,
        )
            .into_response()
    }
}

fn now_ms() -> i64 {
    crate::tickets::deliver::now_ms()
}

/// This process, in the owner of every claim it takes.
static PROCESS: LazyLock<String> = LazyLock::new(|| format!("{:016x}", rand::random::<u64>()));
/// The deliveries this process is running, by owner.
static RUNNING: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Default::default);
/// Rung whenever a delivery of this process ends.
static ENDED: tokio::sync::Notify = tokio::sync::Notify::const_new();

fn running() -> std::sync::MutexGuard<'static, HashSet<String>> {
    RUNNING.lock().unwrap_or_else(|p| p.into_inner())
}

/// A delivery of this process holding (or about to hold) a claim; dropping it, however the
/// delivery ends, tells waiters the claim is no longer worked on here.
pub struct Flight {
    owner: String,
}

impl Flight {
    fn start() -> Flight {
        let owner = format!("{}/{:08x}", *PROCESS, rand::random::<u32>());
        running().insert(owner.clone());
        Flight { owner }
    }
}

impl Drop for Flight {
    fn drop(&mut self) {
        running().remove(&self.owner);
        ENDED.notify_waiters();
    }
}

/// Whether the delivery that holds `h` is certainly not running any more.
fn dead(h: &Handled, now_ms: i64) -> bool {
    let here = h
        .owner
        .split_once('/')
        .is_some_and(|(process, _)| process == *PROCESS);
    (here && !running().contains(&h.owner)) || now_ms >= h.until_ms
}

/// What claiming a request found.
pub enum Claim {
    /// This delivery acts; the claim is its until the flight is dropped. `took_over` is
    /// when an earlier delivery that never finished started (it may have done part of the
    /// work, which every effect finds by its natural key).
    Acquired {
        took_over: Option<i64>,
        flight: Flight,
    },
    /// An earlier delivery finished: its answer stands.
    Done(Handled),
    /// Another delivery is still acting and did not finish within the wait.
    InFlight,
}

/// How long a claim is held and how long a duplicate waits for one that is held.
#[derive(Clone, Copy, Debug)]
pub struct Terms {
    pub lease: Duration,
    pub wait: Duration,
}

impl Terms {
    /// For requests answered under a handler deadline of `deadline_secs`: the lease
    /// outlives the deadline; a duplicate waits well inside Twilio's 15 s.
    pub fn for_deadline(deadline_secs: u64) -> Terms {
        Terms {
            lease: Duration::from_secs(deadline_secs + 2),
            wait: Duration::from_secs(8).min(Duration::from_secs(deadline_secs.max(2) - 1)),
        }
    }
}

/// Takes the claim on `key` (see the module's text for what each finding means).
pub async fn claim(store: &Store, key: &str, terms: Terms) -> anyhow::Result<Claim> {
    let give_up = tokio::time::Instant::now() + terms.wait;
    loop {
        let flight = Flight::start();
        let now = now_ms();
        let started = Handled {
            state: STARTED.into(),
            at: now / 1000,
            status: 0,
            content_type: String::new(),
            body: String::new(),
            owner: flight.owner.clone(),
            until_ms: now + terms.lease.as_millis() as i64,
        };
        if let Put::Written(_) = store.put_json(key, &started, Condition::IfAbsent).await? {
            return Ok(Claim::Acquired {
                took_over: None,
                flight,
            });
        }
        match store.get_json::<Handled>(key).await? {
            Some((h, _)) if h.state == DONE => return Ok(Claim::Done(h)),
            Some((h, version)) if dead(&h, now) => {
                if let Put::Written(_) = store
                    .put_json(key, &started, Condition::IfMatch(version))
                    .await?
                {
                    tracing::info!(
                        "taking over a delivery that started at {} and never finished",
                        h.at
                    );
                    return Ok(Claim::Acquired {
                        took_over: Some(h.at),
                        flight,
                    });
                }
                // Another duplicate took it over first: look again.
            }
            Some(_) => {
                drop(flight);
                if tokio::time::Instant::now() >= give_up {
                    return Ok(Claim::InFlight);
                }
                // Woken when a delivery here ends; a claim held elsewhere is looked at
                // again every 200 ms.
                let _ = tokio::time::timeout(Duration::from_millis(200), ENDED.notified()).await;
            }
            // Let go between the two reads: the next round writes it.
            None => {}
        }
    }
}

/// Records the answer a claimed request gave (a retry gets it), or lets the claim go
/// (`None`) when the request failed in a way a retry should redo. A claim that cannot be
/// let go (the store is down) is taken over by the next delivery: here at once, elsewhere
/// when its lease runs out.
pub async fn finish(store: &Store, key: &str, outcome: Option<(u16, &str, String)>) {
    let result = match outcome {
        Some((status, content_type, body)) => {
            let done = Handled {
                state: DONE.into(),
                at: now_ms() / 1000,
                status,
                content_type: content_type.to_string(),
                body,
                owner: String::new(),
                until_ms: 0,
            };
            store
                .put_json(key, &done, Condition::Always)
                .await
                .map(|_| ())
        }
        None => store.delete(key).await,
    };
    if let Err(e) = result {
        tracing::error!("cannot update the idempotency marker {key}: {e}");
    }
}

/// A duplicate delivery found the request answered: the first answer stands.
#[derive(Debug, thiserror::Error)]
#[error("this request was handled by an earlier delivery")]
pub struct Answered(pub Handled);

/// A duplicate delivery waited for the one still acting, which did not finish in time.
#[derive(Debug, thiserror::Error)]
#[error("another delivery of this request is still being handled")]
pub struct InFlight;

/// The answer for a duplicate: the first delivery's answer, or 503 with `Retry-After`
/// while it is still acting. `None` for any other error.
pub fn duplicate_answer(e: &anyhow::Error) -> Option<Response> {
    if let Some(Answered(h)) = e.downcast_ref::<Answered>() {
        tracing::info!(
            "a duplicate delivery arrived after the first finished; answering as before"
        );
        return Some(h.clone().replay());
    }
    if e.downcast_ref::<InFlight>().is_some() {
        tracing::warn!(
            "a duplicate delivery waited for the first, which is still acting: answering 503 (retry)"
        );
        return Some(
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [
                    (header::CONTENT_TYPE, "text/xml"),
                    (header::RETRY_AFTER, "2"),
                ],
                crate::twilio::twiml::Response::new().to_xml(),
            )
                .into_response(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn store(dir: &tempfile::TempDir) -> Store {
        Store::new(Arc::new(
            crate::store::FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
        ))
    }

    const QUICK: Terms = Terms {
        lease: Duration::from_secs(30),
        wait: Duration::from_millis(600),
    };

    #[tokio::test]
    async fn a_finished_request_is_answered_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir);
        let Claim::Acquired { took_over, flight } = claim(&s, "m/a.json", QUICK).await.unwrap()
        else {
            panic!("the first delivery acts")
        };
        assert_eq!(took_over, None);
        finish(
            &s,
            "m/a.json",
            Some((200, "text/xml", "<Response/>".into())),
        )
        .await;
        drop(flight);
        let Claim::Done(h) = claim(&s, "m/a.json", QUICK).await.unwrap() else {
            panic!("a retry gets the answer")
        };
        assert_eq!((h.status, h.body.as_str()), (200, "<Response/>"));
    }

    #[tokio::test]
    async fn a_duplicate_waits_for_a_running_delivery_then_gets_its_answer() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir);
        let Claim::Acquired { flight, .. } = claim(&s, "m/b.json", QUICK).await.unwrap() else {
            panic!()
        };
        // Still running past the wait: 503, not an empty 200.
        assert!(matches!(
            claim(&s, "m/b.json", QUICK).await.unwrap(),
            Claim::InFlight
        ));
        let s2 = s.clone();
        let first = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            finish(&s2, "m/b.json", Some((200, "text/xml", "first".into()))).await;
            drop(flight);
        });
        let Claim::Done(h) = claim(&s, "m/b.json", QUICK).await.unwrap() else {
            panic!("the duplicate waits and gets the first answer")
        };
        assert_eq!(h.body, "first");
        first.await.unwrap();
    }

    #[tokio::test]
    async fn a_dead_delivery_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir);
        // Died here (its future dropped, the claim never let go): taken over at once.
        let Claim::Acquired { flight, .. } = claim(&s, "m/c.json", QUICK).await.unwrap() else {
            panic!()
        };
        drop(flight);
        let t0 = std::time::Instant::now();
        let Claim::Acquired { took_over, flight } = claim(&s, "m/c.json", QUICK).await.unwrap()
        else {
            panic!("a claim whose delivery ended here is taken over")
        };
        assert!(took_over.is_some());
        assert!(t0.elapsed() < Duration::from_millis(500));
        // Held by another process (a relay that was killed): taken over once its lease ends.
        drop(flight);
        let other = Handled {
            state: STARTED.into(),
            at: 1,
            status: 0,
            content_type: String::new(),
            body: String::new(),
            owner: "another-process/1".into(),
            until_ms: now_ms() + 400,
        };
        let _ = s
            .put_json("m/c.json", &other, Condition::Always)
            .await
            .unwrap();
        let Claim::Acquired { took_over, .. } = claim(
            &s,
            "m/c.json",
            Terms {
                wait: Duration::from_secs(3),
                ..QUICK
            },
        )
        .await
        .unwrap() else {
            panic!("an expired lease is taken over")
        };
        assert_eq!(took_over, Some(1));
        // A failed delivery let its claim go: the retry acts.
        finish(&s, "m/c.json", None).await;
        assert!(matches!(
            claim(&s, "m/c.json", QUICK).await.unwrap(),
            Claim::Acquired {
                took_over: None,
                ..
            }
        ));
    }
}
