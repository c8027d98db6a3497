//! Durable work: a record in the store with named steps, done at least once.
//!
//! The pager's messages, the tickets' inbound texts and outgoing replies (and, as they
//! land, ticketer webhooks and alerts) all need the same thing: write what must happen to
//! the store *before* acknowledging it, then do it step by step, writing each step's
//! outcome as soon as it is known, retrying failures with backoff in this process, again at
//! the next `relay serve` start ([`Queue::resume`]), or at once on an operator's `retry`.
//! Several workers (two relays, or a relay and a `retry` command) never run one record's
//! steps at once: each holds a lease on the record, taken with compare-and-swap.
//!
//! A kind of work implements [`Work`]: where its records live, which steps a record has
//! and in what order, when a step may run, and how to run it. Everything else is here.
//!
//! When `relay serve` stops, [`shutdown`] lets the passes in flight finish (and so let go
//! of their leases) and starts no new one: the next start resumes every record at once,
//! instead of waiting out a lease the stopped process still held.

use crate::oncall::service::now_epoch;
use crate::store::{Condition, Put, Store, Version};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// Held (shared) by every pass in flight; [`shutdown`] takes it exclusively.
static PASSES: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());
static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Starts no new pass and waits (at most `limit`) for those in flight to finish and let go
/// of their leases. For the end of `relay serve`.
pub async fn shutdown(limit: Duration) {
    STOPPING.store(true, std::sync::atomic::Ordering::SeqCst);
    if tokio::time::timeout(limit, PASSES.write()).await.is_err() {
        tracing::warn!(
            "durable work still in flight after {} s; its records are resumed once their leases run out",
            limit.as_secs()
        );
    }
}

fn stopping() -> bool {
    STOPPING.load(std::sync::atomic::Ordering::SeqCst)
}

/// How long a worker holds a record; renewed after every step, and every [`RENEW`] while a
/// step runs. A process killed holding a lease delays the record by at most this long.
pub const LEASE_SECONDS: i64 = 20;
/// How often a running step's lease is renewed (often in unit tests, which watch it).
const RENEW: Duration = if cfg!(test) {
    Duration::from_millis(100)
} else {
    Duration::from_secs(5)
};
/// How long a command keeps retrying what it just recorded (tries at 0, 1 and 3 s) before
/// leaving it to `relay serve`.
pub const COMMAND_RETRIES: Duration = Duration::from_secs(4);
/// Attempts per step before it waits for an operator's retry or the next start.
pub const MAX_ATTEMPTS: u32 = 12;

/// The wait before the next attempt after `attempts` failures: 1 s doubling, at most 5 min.
pub fn backoff(attempts: u32) -> Duration {
    Duration::from_secs((1u64 << attempts.min(9).saturating_sub(1)).min(300))
}

pub const PENDING: &str = "pending";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";
pub const SKIPPED: &str = "skipped";

/// One step of a record and how it went.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Step {
    /// `pending`, `done`, `failed` (will be retried) or `skipped`.
    pub state: String,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When it was last tried (epoch seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    /// What it did: an SID, a size, an address, a ticket number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// When the attempt under way began (epoch seconds): written before the step runs and
    /// cleared with its outcome, so an attempt that never recorded one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begun: Option<i64>,
    /// When an earlier attempt began that never recorded its outcome (relay died during
    /// it): it may have done its work, which the step looks for before doing it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<i64>,
}

impl Step {
    pub fn pending() -> Step {
        Step {
            state: PENDING.into(),
            ..Default::default()
        }
    }

    pub fn skipped(why: &str) -> Step {
        Step {
            state: SKIPPED.into(),
            detail: Some(why.into()),
            ..Default::default()
        }
    }

    pub fn is_open(&self) -> bool {
        self.state == PENDING || self.state == FAILED
    }

    /// `sms ✓`, `email ✗3`, `delete –`, `ticket …`.
    pub fn mark(&self, name: &str) -> String {
        match self.state.as_str() {
            DONE => format!("{name} ✓"),
            SKIPPED => format!("{name} –"),
            FAILED => format!("{name} ✗{}", self.attempts),
            _ => format!("{name} …"),
        }
    }
}

/// The steps of a record and its lease: flattened into each kind's record.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Progress {
    pub steps: BTreeMap<String, Step>,
    /// A worker holds the record until then (epoch seconds).
    #[serde(default)]
    pub lease_until: i64,
}

impl Progress {
    pub fn with(steps: impl IntoIterator<Item = (String, Step)>) -> Progress {
        Progress {
            steps: steps.into_iter().collect(),
            lease_until: 0,
        }
    }

    pub fn done(&self, step: &str) -> bool {
        self.steps.get(step).is_some_and(|s| s.state == DONE)
    }

    pub fn is_open(&self, step: &str) -> bool {
        self.steps.get(step).is_some_and(Step::is_open)
    }

    pub fn any_open(&self) -> bool {
        self.steps.values().any(Step::is_open)
    }

    /// When (epoch ms) an earlier attempt of `step` began that never recorded its outcome:
    /// a step with an effect outside the store looks for that effect first.
    pub fn interrupted_ms(&self, step: &str) -> Option<i64> {
        Some(self.steps.get(step)?.interrupted? * 1000)
    }

    /// One line per step, in `order`, for a `show` command: `email       failed after 3
    /// attempt(s): connection refused`, or what a done step did.
    pub fn lines(&self, order: &[&str]) -> Vec<String> {
        order
            .iter()
            .filter_map(|s| {
                let st = self.steps.get(*s)?;
                Some(format!(
                    "{s:<11} {}{}{}",
                    st.state,
                    if st.attempts > 0 {
                        format!(" after {} attempt(s)", st.attempts)
                    } else {
                        String::new()
                    },
                    st.last_error
                        .as_ref()
                        .or(st.detail.as_ref())
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default()
                ))
            })
            .collect()
    }

    /// Marks for every step, in `order`: `sms ✓  email ✗3`.
    pub fn marks(&self, order: &[String]) -> String {
        order
            .iter()
            .filter_map(|s| Some(self.steps.get(s)?.mark(s)))
            .collect::<Vec<_>>()
            .join("  ")
    }
}

/// A record of durable work: any document that carries a [`Progress`].
pub trait Record: Serialize + DeserializeOwned + Send + Sync + 'static {
    fn progress(&self) -> &Progress;
    fn progress_mut(&mut self) -> &mut Progress;
    /// Its steps, in the order they are tried.
    fn order(&self) -> Vec<String>;
}

/// An error that will not go away by trying again (a refused phone number, a 4xx): the
/// step is failed at once and left for an operator's retry.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Permanent(pub String);

/// Not an error: the step turned out not to be needed (a page someone acknowledged before
/// the next person was called). It is recorded as skipped, with this reason.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Skip(pub String);

/// A kind of durable work.
#[async_trait::async_trait]
pub trait Work: Send + Sync + 'static {
    type Record: Record;
    /// For log lines: `pager`, `tickets`.
    const NAME: &'static str;
    /// Where the records live; a record's id is its key between this and `.json` (it may
    /// contain `/`).
    fn prefix(&self) -> &'static str;
    fn store(&self) -> &Store;
    /// Whether `step` can run now; a step that waits (for another step, or for earlier
    /// work) is neither attempted nor counted as a failure.
    async fn ready(&self, _id: &str, _rec: &Self::Record, _step: &str) -> anyhow::Result<bool> {
        Ok(true)
    }
    /// Does the step; `Ok` carries what it did, for the record.
    async fn run(&self, step: &str, rec: &mut Self::Record) -> anyhow::Result<Option<String>>;
    /// Remove a record once every step is done (its content lives elsewhere by then)
    /// instead of keeping it as history.
    fn remove_when_done(&self) -> bool {
        false
    }
    /// The longest sleep between passes over this record while its steps wait (on a
    /// deadline, say): waits otherwise grow from 1 s to 32 s. A record that knows when its
    /// next step falls due says how long until then, so the step runs on time.
    fn max_wait(&self, _rec: &Self::Record) -> Duration {
        Duration::MAX
    }
    /// The group whose earlier work the record waits on (a requester's texts, a room), as
    /// given to [`waits_behind`]: a record of the group that finishes a step wakes the
    /// others waiting in this process at once, instead of after their nap.
    fn group(&self, _rec: &Self::Record) -> Option<String> {
        None
    }
}

/// Whether a record must wait for earlier work of its group (a requester's texts, a
/// room's messages): true when a record under `group`, other than the one at `key`, is
/// `earlier`. For a kind's [`Work::ready`].
pub async fn waits_behind<R: Record>(
    store: &Store,
    group: &str,
    key: &str,
    earlier: impl Fn(&R) -> bool,
) -> anyhow::Result<bool> {
    for other in store.list(group).await? {
        if other == key {
            continue;
        }
        if let Some((rec, _)) = store.get_json::<R>(&other).await?
            && earlier(&rec)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether a step is open and will still be tried without an operator.
pub fn retryable(step: Option<&Step>) -> bool {
    step.is_some_and(|s| s.is_open() && s.attempts < MAX_ATTEMPTS)
}

/// What a pass over a record did.
#[derive(Debug, PartialEq, Eq)]
pub enum Pass {
    /// Every step is done (or skipped).
    Finished,
    /// Some step failed or waits; try again after this long.
    RetryIn(Duration),
    /// Nothing failed, but a step waits (for another step, or for earlier work).
    Waiting,
    /// Failed too often: left for an operator's retry or the next start.
    GaveUp,
    /// Another worker holds the record.
    Busy,
    Missing,
}

/// How often `relay serve` looks for work it is not doing yet: records added by a command
/// (`relay tickets reply` whose first try failed) or left by another relay.
pub const SWEEP: Duration = Duration::from_secs(10);

/// The records of one kind of work, and the means to work through them. Cheap to clone.
pub struct Queue<W: Work> {
    work: Arc<W>,
    /// Ids worked on by this process now (spawned once), each with the bell that wakes its
    /// worker from a wait ([`Queue::spawn`] again rings it).
    running: Arc<Mutex<HashMap<String, Arc<Notify>>>>,
    /// Ids seen finished: a sweep does not read them again.
    finished: Arc<Mutex<HashSet<String>>>,
    /// What the last sweep found unfinished, for metrics.
    backlog: Arc<Mutex<Backlog>>,
    /// Per group ([`Work::group`]): rung when one of its records finishes a step.
    groups: Arc<Mutex<HashMap<String, Arc<Bell>>>>,
}

/// A group's bell as a pass heard it.
struct Heard {
    bell: Arc<Bell>,
    rung: u64,
}

/// A group's bell, and how often it has rung: a worker that found its record waiting
/// compares the count with the one seen before the pass, so a ring in between is not lost.
#[derive(Default)]
struct Bell {
    notify: Notify,
    rung: std::sync::atomic::AtomicU64,
}

impl Bell {
    fn rung(&self) -> u64 {
        self.rung.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn ring(&self) {
        self.rung.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.notify.notify_waiters();
    }
}

/// The unfinished records of one kind, as `relay doctor` reports them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// Records with a step not done.
    pub pending: usize,
    /// Of those, records with a step that failed and is still retried.
    pub failing: usize,
    /// Of those, records with a step given up (failed too often, or refused): they wait
    /// for an operator's retry.
    pub given_up: usize,
    /// How long the oldest unfinished record has waited, in seconds.
    pub oldest_secs: Option<i64>,
}

impl Survey {
    /// Counts one record (finished ones count for nothing), `age_secs` after it was made.
    pub fn add(&mut self, p: &Progress, age_secs: Option<i64>) {
        if !p.any_open() {
            return;
        }
        self.pending += 1;
        if p.steps
            .values()
            .any(|s| s.is_open() && s.attempts >= MAX_ATTEMPTS)
        {
            self.given_up += 1;
        } else if p.steps.values().any(|s| s.state == FAILED) {
            self.failing += 1;
        }
        if let Some(a) = age_secs {
            self.oldest_secs = Some(self.oldest_secs.map_or(a, |o| o.max(a)));
        }
    }
}

/// Unfinished records, as the last sweep saw them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Records with a step not done.
    pub pending: usize,
    /// Of those, records with a failed step (retried, or given up).
    pub failed: usize,
    /// When this process first saw the oldest of them unfinished.
    pub oldest: Option<std::time::Instant>,
    /// Unfinished ids and when they were first seen so.
    seen: std::collections::HashMap<String, std::time::Instant>,
}

impl<W: Work> Clone for Queue<W> {
    fn clone(&self) -> Self {
        Queue {
            work: self.work.clone(),
            running: self.running.clone(),
            finished: self.finished.clone(),
            backlog: self.backlog.clone(),
            groups: self.groups.clone(),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl<W: Work> Queue<W> {
    pub fn new(work: W) -> Queue<W> {
        Queue {
            work: Arc::new(work),
            running: Default::default(),
            finished: Default::default(),
            backlog: Default::default(),
            groups: Default::default(),
        }
    }

    /// The bell of `group` (kept while this process runs: one per requester or room).
    fn bell(&self, group: &str) -> Arc<Bell> {
        let mut groups = lock(&self.groups);
        if let Some(b) = groups.get(group) {
            return b.clone();
        }
        if groups.len() > 10_000 {
            // Groups nobody waits in now.
            groups.retain(|_, b| Arc::strong_count(b) > 1);
        }
        groups.entry(group.to_string()).or_default().clone()
    }

    pub fn work(&self) -> &W {
        &self.work
    }

    pub fn key(&self, id: &str) -> String {
        format!("{}{id}.json", self.work.prefix())
    }

    pub async fn read(&self, id: &str) -> anyhow::Result<Option<(W::Record, Version)>> {
        Ok(self.work.store().get_json(&self.key(id)).await?)
    }

    /// Writes a new record, unless one with this id exists (a repeated request finds it):
    /// true when this call wrote it.
    pub async fn add(&self, id: &str, rec: &W::Record) -> anyhow::Result<bool> {
        Ok(matches!(
            self.work
                .store()
                .put_json(&self.key(id), rec, Condition::IfAbsent)
                .await?,
            Put::Written(_)
        ))
    }

    /// Writes the record over `version`: its new version, or `None` when it changed.
    async fn write<T: Serialize>(
        &self,
        id: &str,
        rec: &T,
        version: &Version,
    ) -> anyhow::Result<Option<Version>> {
        self.write_bytes(id, crate::store::to_pretty_json(rec), version)
            .await
    }

    async fn write_bytes(
        &self,
        id: &str,
        bytes: Vec<u8>,
        version: &Version,
    ) -> anyhow::Result<Option<Version>> {
        Ok(
            match self
                .work
                .store()
                .put(&self.key(id), bytes, Condition::IfMatch(version.clone()))
                .await?
            {
                Put::Written(v) => Some(v),
                Put::Conflict => None,
            },
        )
    }

    /// One pass over a record's open steps, in order. `force` ignores the attempt limit.
    pub async fn pass(&self, id: &str, force: bool) -> anyhow::Result<Pass> {
        Ok(self.pass_heard(id, force).await?.0)
    }

    /// A pass, the bell of the record's group as it was before the pass looked at earlier
    /// work (a worker whose record waits naps until it rings again), and the longest the
    /// record may wait before the next pass ([`Work::max_wait`]).
    async fn pass_heard(
        &self,
        id: &str,
        force: bool,
    ) -> anyhow::Result<(Pass, Option<Heard>, Duration)> {
        let Some((rec, version)) = self.read(id).await? else {
            return Ok((Pass::Missing, None, Duration::MAX));
        };
        let heard = self.work.group(&rec).map(|g| {
            let bell = self.bell(&g);
            let rung = bell.rung();
            Heard { bell, rung }
        });
        let (pass, ended, wait) = self.pass_over(id, rec, version, force).await?;
        if let (true, Some(h)) = (ended, &heard) {
            h.bell.ring();
        }
        Ok((pass, heard, wait))
    }

    async fn pass_over(
        &self,
        id: &str,
        mut rec: W::Record,
        version: Version,
        force: bool,
    ) -> anyhow::Result<(Pass, bool, Duration)> {
        let (pass, ended) = self.pass_steps(id, &mut rec, version, force).await?;
        Ok((pass, ended, self.work.max_wait(&rec)))
    }

    async fn pass_steps(
        &self,
        id: &str,
        rec: &mut W::Record,
        version: Version,
        force: bool,
    ) -> anyhow::Result<(Pass, bool)> {
        let now = now_epoch();
        // Whether a step ended (done, or failed for good): what the group's bell is for.
        let mut ended = false;
        if rec.progress().lease_until > now {
            return Ok((Pass::Busy, false));
        }
        // A record whose open steps all wait (on a deadline, another step, earlier work)
        // is left alone: no lease is written only to find nothing to do.
        if rec.progress().any_open() {
            let runnable = |s: &Step| s.is_open() && (force || s.attempts < MAX_ATTEMPTS);
            let mut any_ready = false;
            for step in rec.order() {
                if rec.progress().steps.get(&step).is_some_and(runnable)
                    && self.work.ready(id, rec, &step).await?
                {
                    any_ready = true;
                    break;
                }
            }
            if !any_ready {
                let gave_up = !force
                    && rec
                        .progress()
                        .steps
                        .values()
                        .any(|s| s.is_open() && s.attempts >= MAX_ATTEMPTS);
                return Ok((if gave_up { Pass::GaveUp } else { Pass::Waiting }, false));
            }
        }
        rec.progress_mut().lease_until = now + LEASE_SECONDS;
        let Some(mut version) = self.write(id, rec, &version).await? else {
            return Ok((Pass::Busy, false));
        };
        let name = W::NAME;
        let mut worst: Option<u32> = None;
        for step in rec.order() {
            let Some(st) = rec.progress().steps.get(&step).cloned() else {
                continue;
            };
            if !st.is_open() {
                continue;
            }
            if !force && st.attempts >= MAX_ATTEMPTS {
                worst = Some(worst.map_or(st.attempts, |w| w.max(st.attempts)));
                continue;
            }
            if !self.work.ready(id, rec, &step).await? {
                continue;
            }
            // The attempt is recorded as begun before it runs: if this process dies during
            // it, the next attempt knows (`interrupted`) and looks for what it did.
            {
                let entry = rec.progress_mut().steps.entry(step.clone()).or_default();
                if let Some(earlier) = entry.begun {
                    entry.interrupted = Some(earlier);
                }
                entry.begun = Some(now_epoch());
            }
            // Serialized once: written now, and kept to renew the lease with.
            let held = crate::store::to_pretty_json(&rec);
            match self.write_bytes(id, held.clone(), &version).await? {
                Some(nv) => version = nv,
                None => anyhow::bail!("the record of {id} changed while its lease was held"),
            }
            let result = {
                // The lease is renewed while the step runs (a download, a slow RT): the
                // record as written, with a later `lease_until`.
                let run = self.work.run(&step, rec);
                tokio::pin!(run);
                loop {
                    tokio::select! {
                        r = &mut run => break r,
                        _ = tokio::time::sleep(RENEW) => {
                            let mut held: serde_json::Value = serde_json::from_slice(&held)?;
                            held["lease_until"] = (now_epoch() + LEASE_SECONDS).into();
                            match self.write(id, &held, &version).await {
                                Ok(Some(v)) => version = v,
                                Ok(None) => tracing::warn!(
                                    "{name}: {id}: {step} outlived its lease and another worker took the record"
                                ),
                                Err(e) => tracing::warn!("{name}: {id}: cannot renew the lease: {e:#}"),
                            }
                        }
                    }
                }
            };
            let entry = rec.progress_mut().steps.entry(step.clone()).or_default();
            entry.attempts += 1;
            entry.at = Some(now_epoch());
            entry.begun = None;
            match result {
                Ok(detail) => {
                    ended = true;
                    entry.state = DONE.into();
                    entry.last_error = None;
                    entry.interrupted = None;
                    entry.detail = detail;
                    tracing::info!("{name}: {id}: {step} done");
                }
                Err(e) if e.downcast_ref::<Skip>().is_some() => {
                    ended = true;
                    entry.state = SKIPPED.into();
                    entry.last_error = None;
                    entry.interrupted = None;
                    entry.detail = Some(format!("{e:#}"));
                    tracing::info!("{name}: {id}: {step} skipped: {e:#}");
                }
                Err(e) => {
                    entry.state = FAILED.into();
                    entry.last_error = Some(format!("{e:#}"));
                    if e.downcast_ref::<Permanent>().is_some() {
                        entry.attempts = entry.attempts.max(MAX_ATTEMPTS);
                    }
                    ended |= entry.attempts >= MAX_ATTEMPTS;
                    tracing::warn!(
                        "{name}: {id}: {step} failed (attempt {}): {e:#}",
                        entry.attempts
                    );
                    worst = Some(worst.map_or(entry.attempts, |w| w.max(entry.attempts)));
                }
            }
            let open = rec.progress().any_open();
            if !open && self.work.remove_when_done() {
                // Nothing left to remember: the record's content lives elsewhere now.
                self.work.store().delete(&self.key(id)).await?;
                return Ok((Pass::Finished, true));
            }
            // Record each outcome at once: nothing done is forgotten.
            rec.progress_mut().lease_until = now_epoch() + LEASE_SECONDS;
            match self.write(id, rec, &version).await? {
                Some(nv) => version = nv,
                None => anyhow::bail!("the record of {id} changed while its lease was held"),
            }
        }
        let open = rec.progress().any_open();
        if !open && self.work.remove_when_done() {
            self.work.store().delete(&self.key(id)).await?;
            return Ok((Pass::Finished, true));
        }
        rec.progress_mut().lease_until = 0;
        let _ = self.write(id, rec, &version).await?;
        let pass = match (open, worst) {
            (false, _) => Pass::Finished,
            (true, Some(a)) if a >= MAX_ATTEMPTS && !force => Pass::GaveUp,
            (true, Some(a)) => Pass::RetryIn(backoff(a)),
            // Only waiting: on another step, or on earlier work.
            (true, None) => Pass::Waiting,
        };
        Ok((pass, ended))
    }

    /// Passes now, and again on the backoff while the next try is due within `within`: a
    /// command's delivery (`relay tickets reply`) gets its first retries at 1 s and 2 s as
    /// documented, instead of waiting for `relay serve`'s next sweep. The last pass.
    pub async fn pass_for(&self, id: &str, within: Duration) -> anyhow::Result<Pass> {
        let started = std::time::Instant::now();
        loop {
            match self.pass(id, false).await? {
                Pass::RetryIn(d) if started.elapsed() + d <= within => tokio::time::sleep(d).await,
                pass => return Ok(pass),
            }
        }
    }

    /// Passes until done or given up (in this process; the record keeps the rest). A ring
    /// of `bell` cuts a wait short: something the record waits on has arrived.
    async fn until_done(self, id: String, bell: Arc<Notify>) {
        let name = W::NAME;
        let mut waits = 0;
        let nap = |d: Duration| {
            let bell = bell.clone();
            async move {
                tokio::select! {
                    _ = tokio::time::sleep(d) => {}
                    _ = bell.notified() => {}
                }
            }
        };
        loop {
            let passed = {
                let _in_flight = PASSES.read().await;
                if stopping() {
                    return;
                }
                self.pass_heard(&id, false).await
            };
            match passed {
                Ok((Pass::RetryIn(d), _, _)) => nap(d).await,
                Ok((Pass::Waiting, heard, most)) => {
                    waits += 1;
                    let d = backoff(waits.min(6)).min(most);
                    match heard {
                        // Earlier work of the group ends here: woken when it does.
                        Some(Heard { bell, rung }) => {
                            let rang = bell.notify.notified();
                            tokio::pin!(rang);
                            rang.as_mut().enable();
                            if bell.rung() == rung {
                                tokio::select! {
                                    _ = nap(d) => {}
                                    _ = rang => {}
                                }
                            }
                        }
                        None => nap(d).await,
                    }
                }
                // Held by another worker, or by a process that died holding it: look
                // again once its lease may have run out.
                Ok((Pass::Busy, _, _)) => nap(Duration::from_secs(5)).await,
                Ok((Pass::GaveUp, _, _)) => {
                    tracing::error!(
                        "{name}: {id}: giving up for now after {MAX_ATTEMPTS} attempts; `relay {name} retry` tries again"
                    );
                    return;
                }
                Ok(_) => return,
                Err(e) => {
                    tracing::error!("{name}: {id}: {e:#}");
                    nap(backoff(3)).await;
                }
            }
        }
    }

    /// Works through a record in the background. An id this process is already working
    /// on is left to that task, which is woken to look at the record again at once.
    pub fn spawn(&self, id: String) {
        let bell = {
            let mut running = lock(&self.running);
            if let Some(bell) = running.get(&id) {
                bell.notify_one();
                return;
            }
            let bell = Arc::new(Notify::new());
            running.insert(id.clone(), bell.clone());
            bell
        };
        let me = self.clone();
        tokio::spawn(async move {
            me.clone().until_done(id.clone(), bell).await;
            lock(&me.running).remove(&id);
        });
    }

    /// Every record's id, in key order (one listing).
    pub async fn ids(&self) -> anyhow::Result<Vec<String>> {
        let prefix = self.work.prefix();
        Ok(self
            .work
            .store()
            .list(prefix)
            .await?
            .iter()
            .filter_map(|key| {
                key.strip_prefix(prefix)
                    .and_then(|k| k.strip_suffix(".json"))
                    .map(str::to_string)
            })
            .collect())
    }

    /// The id of the record `given` names (a whole id, or any unique part: see
    /// [`crate::ids`]); `what` and `list` word the errors.
    pub async fn find(&self, given: &str, what: &str, list: &str) -> anyhow::Result<String> {
        let ids = self.ids().await?;
        crate::ids::resolve(
            crate::ids::typed(given),
            ids.iter().map(String::as_str),
            what,
            list,
        )
    }

    /// Every record, with its id, in key order.
    pub async fn all(&self) -> anyhow::Result<Vec<(String, W::Record)>> {
        let mut out = Vec::new();
        for id in self.ids().await? {
            if let Some((rec, _)) = self.read(&id).await? {
                out.push((id, rec));
            }
        }
        Ok(out)
    }

    /// Ids of records with open steps.
    pub async fn pending(&self) -> anyhow::Result<Vec<String>> {
        Ok(self
            .all()
            .await?
            .into_iter()
            .filter(|(_, r)| r.progress().any_open())
            .map(|(id, _)| id)
            .collect())
    }

    /// One look for work to do: every record that is not finished, not given up and not
    /// already worked on here is spawned. Records once seen finished are not read again,
    /// so a long history costs one listing.
    pub async fn sweep(&self) -> anyhow::Result<usize> {
        let mut started = 0;
        let (mut pending, mut failed) = (0, 0);
        let mut unfinished = Vec::new();
        for id in self.ids().await? {
            if lock(&self.finished).contains(&id) {
                continue;
            }
            let Some((rec, _)) = self.read(&id).await? else {
                continue;
            };
            let p = rec.progress();
            if !p.any_open() {
                lock(&self.finished).insert(id);
                continue;
            }
            pending += 1;
            if p.steps.values().any(|s| s.state == FAILED) {
                failed += 1;
            }
            if !lock(&self.running).contains_key(&id)
                && p.steps.values().any(|s| retryable(Some(s)))
            {
                tracing::info!("{}: resuming the delivery of {id}", W::NAME);
                self.spawn(id.clone());
                started += 1;
            }
            unfinished.push(id);
        }
        let now = std::time::Instant::now();
        let mut b = lock(&self.backlog);
        let seen: std::collections::HashMap<String, std::time::Instant> = unfinished
            .into_iter()
            .map(|id| {
                let first = b.seen.get(&id).copied().unwrap_or(now);
                (id, first)
            })
            .collect();
        b.oldest = seen.values().min().copied();
        b.seen = seen;
        b.pending = pending;
        b.failed = failed;
        Ok(started)
    }

    /// What the last sweep found unfinished.
    pub fn backlog(&self) -> Backlog {
        let b = lock(&self.backlog);
        Backlog {
            pending: b.pending,
            failed: b.failed,
            oldest: b.oldest,
            seen: Default::default(),
        }
    }

    /// Resumes, in the background, every record a previous run left unfinished, then
    /// sweeps every [`SWEEP`] for records added since (by a command, or another relay).
    pub fn resume(&self) {
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = me.sweep().await {
                    tracing::error!("{}: cannot list unfinished work: {e:#}", W::NAME);
                }
                tokio::time::sleep(SWEEP).await;
            }
        });
    }

    /// Tries every open step of `ids` (all pending records when empty) again now, whatever
    /// the attempt counts: for `relay pager retry` and `relay tickets retry`. Each id with
    /// how the pass went and the record afterwards.
    pub async fn retry(
        &self,
        ids: Vec<String>,
    ) -> anyhow::Result<Vec<(String, Pass, Option<W::Record>)>> {
        let ids = if ids.is_empty() {
            self.pending().await?
        } else {
            ids
        };
        let mut out = Vec::new();
        for id in ids {
            let pass = self.pass(&id, true).await?;
            let rec = self.read(&id).await?.map(|(r, _)| r);
            out.push((id, pass, rec));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Serialize, Deserialize)]
    struct Job {
        #[serde(flatten)]
        progress: Progress,
    }

    impl Record for Job {
        fn progress(&self) -> &Progress {
            &self.progress
        }
        fn progress_mut(&mut self) -> &mut Progress {
            &mut self.progress
        }
        fn order(&self) -> Vec<String> {
            vec!["a".into(), "b".into()]
        }
    }

    struct Flaky {
        store: Store,
        /// `a` fails this many times, then succeeds.
        a_failures: AtomicU32,
        ran: Mutex<Vec<String>>,
        permanent: bool,
        remove: bool,
    }

    #[async_trait::async_trait]
    impl Work for Flaky {
        type Record = Job;
        const NAME: &'static str = "test";
        fn prefix(&self) -> &'static str {
            "test/jobs/"
        }
        fn store(&self) -> &Store {
            &self.store
        }
        async fn ready(&self, _: &str, rec: &Job, step: &str) -> anyhow::Result<bool> {
            Ok(step != "b" || rec.progress.done("a"))
        }
        async fn run(&self, step: &str, job: &mut Job) -> anyhow::Result<Option<String>> {
            let begun = job.progress.steps[step].begun;
            assert!(begun.is_some(), "the attempt is recorded before it runs");
            self.ran
                .lock()
                .unwrap()
                .push(match job.progress.interrupted_ms(step) {
                    Some(ms) => format!("{step} after an attempt interrupted at {ms}"),
                    None => step.to_string(),
                });
            if step == "a"
                && self
                    .a_failures
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok()
            {
                if self.permanent {
                    return Err(Permanent("refused".into()).into());
                }
                anyhow::bail!("not yet");
            }
            Ok(Some(format!("{step} ok")))
        }
        fn remove_when_done(&self) -> bool {
            self.remove
        }
    }

    fn queue(
        dir: &tempfile::TempDir,
        failures: u32,
        permanent: bool,
        remove: bool,
    ) -> Queue<Flaky> {
        let store = Store::new(Arc::new(
            crate::store::FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
        ));
        Queue::new(Flaky {
            store,
            a_failures: failures.into(),
            ran: Default::default(),
            permanent,
            remove,
        })
    }

    fn job() -> Job {
        Job {
            progress: Progress::with([
                ("a".into(), Step::pending()),
                ("b".into(), Step::pending()),
            ]),
        }
    }

    #[tokio::test]
    async fn steps_in_order_retried_with_the_outcome_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let q = queue(&dir, 2, false, false);
        assert!(q.add("x", &job()).await.unwrap());
        assert!(
            !q.add("x", &job()).await.unwrap(),
            "a repeat finds the record"
        );
        assert_eq!(q.pass("x", false).await.unwrap(), Pass::RetryIn(backoff(1)));
        let (r, _) = q.read("x").await.unwrap().unwrap();
        assert_eq!(r.progress.steps["a"].state, FAILED);
        assert_eq!(r.progress.steps["a"].last_error.as_deref(), Some("not yet"));
        assert_eq!(r.progress.steps["b"].state, PENDING, "b waits for a");
        assert_eq!(r.progress.steps["b"].attempts, 0, "waiting is not failing");
        assert_eq!(r.progress.lease_until, 0, "the lease is let go");
        assert_eq!(q.pending().await.unwrap(), ["x"]);
        assert_eq!(q.pass("x", false).await.unwrap(), Pass::RetryIn(backoff(2)));
        assert_eq!(q.pass("x", false).await.unwrap(), Pass::Finished);
        let (r, _) = q.read("x").await.unwrap().unwrap();
        assert_eq!(r.progress.steps["a"].attempts, 3);
        assert_eq!(r.progress.steps["b"].detail.as_deref(), Some("b ok"));
        assert_eq!(*q.work().ran.lock().unwrap(), ["a", "a", "a", "b"]);
        assert!(q.pending().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_held_lease_keeps_other_workers_off() {
        let dir = tempfile::tempdir().unwrap();
        let q = queue(&dir, 0, false, false);
        let mut j = job();
        j.progress.lease_until = now_epoch() + 30;
        q.add("x", &j).await.unwrap();
        assert_eq!(q.pass("x", true).await.unwrap(), Pass::Busy);
        assert!(q.work().ran.lock().unwrap().is_empty());
        assert_eq!(q.pass("nope", false).await.unwrap(), Pass::Missing);
    }

    #[tokio::test]
    async fn permanent_failures_wait_for_a_forced_retry_and_done_records_can_go() {
        let dir = tempfile::tempdir().unwrap();
        let q = queue(&dir, 1, true, true);
        q.add("x", &job()).await.unwrap();
        assert_eq!(q.pass("x", false).await.unwrap(), Pass::GaveUp);
        assert_eq!(
            q.pass("x", false).await.unwrap(),
            Pass::GaveUp,
            "not retried"
        );
        let out = q.retry(Vec::new()).await.unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].1, Pass::Finished);
        assert!(out[0].2.is_none(), "removed once done");
        assert!(q.work().store.list("test/").await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_attempt_that_never_recorded_its_outcome_is_known_to_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let q = queue(&dir, 0, false, false);
        let mut j = job();
        // A process died during step a: its attempt began and never ended.
        j.progress.steps.get_mut("a").unwrap().begun = Some(100);
        q.add("x", &j).await.unwrap();
        assert_eq!(q.pass("x", false).await.unwrap(), Pass::Finished);
        assert_eq!(
            *q.work().ran.lock().unwrap(),
            ["a after an attempt interrupted at 100000", "b"]
        );
        let (r, _) = q.read("x").await.unwrap().unwrap();
        for s in r.progress.steps.values() {
            assert_eq!((s.begun, s.interrupted), (None, None), "{s:?}");
        }
    }

    /// Texts of one sender: each waits while an earlier one (by id) is open; a step
    /// waits on `gate` when given.
    struct Sender {
        store: Store,
        gate: Option<Arc<Notify>>,
    }

    #[async_trait::async_trait]
    impl Work for Sender {
        type Record = Job;
        const NAME: &'static str = "test";
        fn prefix(&self) -> &'static str {
            "test/jobs/"
        }
        fn store(&self) -> &Store {
            &self.store
        }
        fn group(&self, _: &Job) -> Option<String> {
            Some("test/jobs/s/".into())
        }
        async fn ready(&self, id: &str, rec: &Job, _: &str) -> anyhow::Result<bool> {
            let waits = waits_behind::<Job>(
                &self.store,
                "test/jobs/s/",
                &format!("test/jobs/{id}.json"),
                |o| o.progress.any_open() && o.progress.lease_until <= rec.progress.lease_until,
            )
            .await?;
            Ok(!waits)
        }
        async fn run(&self, _: &str, _: &mut Job) -> anyhow::Result<Option<String>> {
            if let Some(g) = &self.gate {
                g.notified().await;
            }
            Ok(None)
        }
    }

    fn sender(dir: &tempfile::TempDir, gate: Option<Arc<Notify>>) -> Queue<Sender> {
        let store = Store::new(Arc::new(
            crate::store::FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
        ));
        Queue::new(Sender { store, gate })
    }

    #[tokio::test]
    async fn a_record_waiting_on_its_group_hears_when_the_earlier_one_ends() {
        let dir = tempfile::tempdir().unwrap();
        let q = sender(&dir, None);
        let one = Job {
            progress: Progress::with([("a".into(), Step::pending())]),
        };
        q.add("s/1", &one).await.unwrap();
        q.add("s/2", &one).await.unwrap();
        // Each waits for the other (both open, same lease): "2" waits, having heard the
        // bell as it was.
        let (pass, heard, _) = q.pass_heard("s/2", false).await.unwrap();
        assert_eq!(pass, Pass::Waiting);
        let heard = heard.expect("the group's bell");
        // "1" ends its step (taken out of the group's way first): the bell rings.
        q.work().store.delete("test/jobs/s/2.json").await.unwrap();
        let (pass, _, _) = q.pass_heard("s/1", false).await.unwrap();
        assert_eq!(pass, Pass::Finished);
        assert_ne!(heard.bell.rung(), heard.rung, "the waiting record is woken");
        // A pass that ends nothing does not ring.
        q.add("s/2", &one).await.unwrap();
        q.add("s/3", &one).await.unwrap();
        let (_, before, _) = q.pass_heard("s/3", false).await.unwrap();
        let before = before.unwrap();
        let (pass, _, _) = q.pass_heard("s/2", false).await.unwrap();
        assert_eq!(pass, Pass::Waiting);
        assert_eq!(before.bell.rung(), before.rung);
    }

    #[tokio::test]
    async fn a_long_step_keeps_renewing_its_lease() {
        let dir = tempfile::tempdir().unwrap();
        let gate = Arc::new(Notify::new());
        let q = sender(&dir, Some(gate.clone()));
        let one = Job {
            progress: Progress::with([("a".into(), Step::pending())]),
        };
        q.add("s/1", &one).await.unwrap();
        let pass = tokio::spawn({
            let q = q.clone();
            async move { q.pass("s/1", false).await.unwrap() }
        });
        let lease = || async { q.read("s/1").await.unwrap().unwrap().0.progress.lease_until };
        // Renewed while the step runs: its lease moves on with the clock (in seconds).
        tokio::time::sleep(RENEW * 2).await;
        let first = lease().await;
        assert!(first >= now_epoch() + LEASE_SECONDS - 1);
        tokio::time::sleep(Duration::from_millis(2100)).await;
        assert!(lease().await >= first + 2, "renewed while the step runs");
        gate.notify_one();
        assert_eq!(pass.await.unwrap(), Pass::Finished);
        assert_eq!(lease().await, 0, "let go at the end");
    }
}
