//! The roster in the store: read with a version, change, write with compare-and-swap, audit.

use super::{Actor, Change, Roster};
use crate::audit::Audit;
use crate::config::OncallConfig;
use crate::exit;
use crate::store::{Condition, Put, Store, Version};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How often a change is retried when another writer got there first.
pub const MAX_ATTEMPTS: u32 = 60;

/// A parsed roster and the version it was parsed from.
type Parsed = (Version, Arc<Roster>);

#[derive(Clone)]
pub struct Oncall {
    pub store: Store,
    pub config: OncallConfig,
    /// The last roster parsed, by version: `relay serve` reads the roster on every text,
    /// and it rarely changes.
    parsed: Arc<Mutex<Option<Parsed>>>,
}

#[derive(Debug)]
pub enum Outcome {
    Changed { roster: Roster, change: Change },
    Unchanged { roster: Roster },
}

pub fn now_epoch() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The time in epoch milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Oncall {
    pub fn new(store: Store, config: OncallConfig) -> Oncall {
        Oncall {
            store,
            config,
            parsed: Default::default(),
        }
    }

    fn key(&self) -> &str {
        &self.config.roster_key
    }

    /// The number relay texts people on call from: the roster's from_phone (the control
    /// line), else the [numbers] entry with the `oncall` role.
    pub async fn text_from(
        &self,
        numbers: &std::collections::BTreeMap<String, crate::config::Role>,
    ) -> anyhow::Result<String> {
        self.try_load_shared()
            .await?
            .map(|(r, _)| r.current_config.from_phone.clone())
            .or_else(|| {
                numbers
                    .iter()
                    .find(|(_, r)| **r == crate::config::Role::Oncall)
                    .map(|(n, _)| n.clone())
            })
            .ok_or_else(|| anyhow::anyhow!("no number to text from: the roster has no from_phone"))
    }

    /// The roster and its version, or `None` when there is none yet.
    pub async fn try_load(&self) -> anyhow::Result<Option<(Roster, Version)>> {
        Ok(self
            .try_load_shared()
            .await?
            .map(|(r, v)| (Roster::clone(&r), v)))
    }

    /// [`try_load`](Self::try_load) without a copy: the roster parsed last is kept, by
    /// version, and shared while the stored one is unchanged.
    pub async fn try_load_shared(&self) -> anyhow::Result<Option<(Arc<Roster>, Version)>> {
        let Some(obj) = self.store.get(self.key()).await? else {
            return Ok(None);
        };
        let parsed = || self.parsed.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((v, roster)) = parsed().as_ref()
            && *v == obj.version
        {
            return Ok(Some((roster.clone(), obj.version)));
        }
        let roster: Arc<Roster> = Arc::new(self.store.decode(self.key(), &obj.bytes)?);
        *parsed() = Some((obj.version.clone(), roster.clone()));
        Ok(Some((roster, obj.version)))
    }

    /// The roster and its version; a missing roster is an error that says how to make one.
    pub async fn load(&self) -> anyhow::Result<(Roster, Version)> {
        self.try_load().await?.ok_or_else(|| {
            exit::input(format!(
                "no roster at {} in {}: create one with `relay oncall init --from-phone NUMBER --pager-phone NUMBER` (or `--import FILE` for an oncall-twilio file), or set oncall.roster_key to where yours is",
                self.key(),
                self.store.describe()
            ))
        })
    }

    /// Writes a new roster; refuses to replace one.
    pub async fn create(
        &self,
        roster: &Roster,
        actor: &Actor,
        change: &Change,
    ) -> anyhow::Result<()> {
        match self
            .store
            .put_json(self.key(), roster, Condition::IfAbsent)
            .await?
        {
            Put::Written(_) => self.append_audit(actor, change).await,
            Put::Conflict => Err(exit::input(format!(
                "a roster already exists at {} in {}; change it with `relay oncall edit`, or delete it first",
                self.key(),
                self.store.describe()
            ))),
        }
    }

    /// Applies `f` to the current roster and writes the result with compare-and-swap,
    /// retrying from a fresh read when another writer got there first. `f` returning
    /// `None` means nothing changes (nothing is written or audited).
    pub async fn update<F>(&self, actor: &Actor, mut f: F) -> anyhow::Result<Outcome>
    where
        F: FnMut(&mut Roster) -> anyhow::Result<Option<Change>>,
    {
        for attempt in 0..MAX_ATTEMPTS {
            let (mut roster, version) = self.load().await?;
            let Some(change) = f(&mut roster)? else {
                return Ok(Outcome::Unchanged { roster });
            };
            match self
                .store
                .put_json(self.key(), &roster, Condition::IfMatch(version))
                .await?
            {
                Put::Written(_) => {
                    self.append_audit(actor, &change).await?;
                    return Ok(Outcome::Changed { roster, change });
                }
                Put::Conflict => tokio::time::sleep(backoff(attempt)).await,
            }
        }
        Err(exit::unavailable(format!(
            "{} kept changing under relay ({MAX_ATTEMPTS} attempts): another writer is busy; try again",
            self.key()
        )))
    }

    /// Replaces the whole roster if it is still at `version` (`relay oncall edit`).
    pub async fn replace(
        &self,
        actor: &Actor,
        roster: &Roster,
        version: Version,
        change: &Change,
    ) -> anyhow::Result<Put> {
        let put = self
            .store
            .put_json(self.key(), roster, Condition::IfMatch(version))
            .await?;
        if matches!(put, Put::Written(_)) {
            self.append_audit(actor, change).await?;
        }
        Ok(put)
    }

    /// The roster's audit log (oncall.audit_prefix).
    pub fn audit(&self) -> Audit {
        Audit::new(self.store.clone(), &self.config.audit_prefix)
    }

    pub async fn append_audit(&self, actor: &Actor, change: &Change) -> anyhow::Result<()> {
        self.audit().append(actor, change).await
    }
}

/// 5 ms doubling to 320 ms, with jitter so racing writers spread out.
fn backoff(attempt: u32) -> Duration {
    let base = 5u64 << attempt.min(6);
    Duration::from_millis(base / 2 + rand::random::<u64>() % base)
}
