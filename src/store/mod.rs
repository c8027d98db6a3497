//! The store: everything relay keeps, in a local directory or an S3 bucket.
//!
//! One small trait, [`Backend`]: read an object with its version, write it only if the
//! version is still the one read (compare-and-swap) or only if it is absent, list keys under
//! a prefix, delete. A failed precondition is [`Put::Conflict`], a value, never an error
//! string to parse. [`Store`] adds typed JSON on top.
//!
//! Keys are `/`-separated paths of non-empty segments; a segment never starts with `.`
//! (the file backend keeps its lock and temporary files there).

mod file;
mod s3;

pub use file::FileBackend;
pub use s3::S3Backend;

use crate::config::StoreConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// An object's version: a content hash for files, the ETag for S3.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Version(pub String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub bytes: Vec<u8>,
    pub version: Version,
}

/// When a write may happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Always (last writer wins).
    Always,
    /// Only if no object has the key.
    IfAbsent,
    /// Only if the object still has this version.
    IfMatch(Version),
}

/// The outcome of a write.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub enum Put {
    Written(Version),
    /// The condition did not hold: someone else wrote first.
    Conflict,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store could not be reached or refused the operation.
    #[error("{store}: {message}")]
    Unavailable { store: String, message: String },
    #[error("invalid store key {key:?}: {reason}")]
    BadKey { key: String, reason: &'static str },
    #[error("{store}: {key} is not valid JSON for this document: {message}")]
    Corrupt {
        store: String,
        key: String,
        message: String,
    },
}

/// Exit code for store errors: unreachable is temporary (3); a bad key or corrupt document
/// needs a person (2).
pub fn exit_code_of(err: &(dyn std::error::Error + 'static)) -> Option<u8> {
    match err.downcast_ref::<StoreError>()? {
        StoreError::Unavailable { .. } => Some(crate::exit::UNAVAILABLE),
        StoreError::BadKey { .. } | StoreError::Corrupt { .. } => Some(crate::exit::INPUT),
    }
}

#[async_trait::async_trait]
pub trait Backend: Send + Sync {
    /// A description for messages: `file:///abs/dir` or `s3://bucket/prefix (endpoint ...)`.
    fn describe(&self) -> String;
    async fn get(&self, key: &str) -> Result<Option<Object>, StoreError>;
    async fn put(&self, key: &str, bytes: Vec<u8>, condition: Condition)
    -> Result<Put, StoreError>;
    /// Keys starting with `prefix`, sorted.
    async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError>;
    /// Deleting a missing key is not an error.
    async fn delete(&self, key: &str) -> Result<(), StoreError>;
    /// Makes what the store keeps readable by relay alone, where the backend has such a
    /// thing (files); a sentence saying what changed, if anything did.
    fn tighten(&self) -> Result<Option<String>, StoreError> {
        Ok(None)
    }
}

/// Attempts of one write before its error is reported ([`Store::put`]).
pub const PUT_ATTEMPTS: u32 = 3;
/// The pause before the second attempt (then twice it before the third).
const PUT_RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(150);

/// The store relay uses: a backend plus typed helpers. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Backend>,
}

impl Store {
    pub fn new(backend: Arc<dyn Backend>) -> Store {
        Store { backend }
    }

    /// Opens the store the configuration names. S3 clients are built here, so a local
    /// store never pays for AWS configuration.
    pub async fn open(config: &StoreConfig) -> Result<Store, StoreError> {
        let url = config.url.as_str();
        if let Some(dir) = url.strip_prefix("file://") {
            return Ok(Store::new(Arc::new(FileBackend::open(dir)?)));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(StoreError::Unavailable {
                    store: url.to_string(),
                    message: "no bucket: write store.url as s3://BUCKET/PREFIX".into(),
                });
            }
            return Ok(Store::new(Arc::new(
                S3Backend::open(bucket, prefix, config).await,
            )));
        }
        Err(StoreError::Unavailable {
            store: url.to_string(),
            message: "store.url must start with file:// or s3://".into(),
        })
    }

    pub fn describe(&self) -> String {
        self.backend.describe()
    }

    /// See [`Backend::tighten`].
    pub fn tighten(&self) -> Result<Option<String>, StoreError> {
        self.backend.tighten()
    }

    pub async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        check_key(key)?;
        self.backend.get(key).await
    }

    /// Writes an object. This is where ambiguous writes are resolved, once for every
    /// backend: a write whose answer was lost (the store unreachable, a timeout, an error
    /// after the write was applied) is tried again, a few times; when the retry of a
    /// conditional write then meets a failed precondition, the object is read back, and if
    /// it holds exactly these bytes the earlier attempt was applied and the write counts as
    /// this caller's (`Written`), not someone else's (`Conflict`). Equal bytes are the same
    /// effect, whoever wrote them: relay's documents carry what makes them distinct (an
    /// owner, a time, an id).
    pub async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        condition: Condition,
    ) -> Result<Put, StoreError> {
        check_key(key)?;
        let mut ambiguous = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self
                .backend
                .put(key, bytes.clone(), condition.clone())
                .await
            {
                Ok(Put::Conflict) if ambiguous => {
                    return Ok(match self.backend.get(key).await? {
                        Some(obj) if obj.bytes == bytes => {
                            tracing::debug!(
                                "{key}: an earlier attempt of this write was applied; counted as written"
                            );
                            Put::Written(obj.version)
                        }
                        _ => Put::Conflict,
                    });
                }
                Ok(put) => return Ok(put),
                Err(e @ StoreError::Unavailable { .. }) if attempt < PUT_ATTEMPTS => {
                    tracing::debug!("{key}: write attempt {attempt} failed ({e}); trying again");
                    ambiguous = true;
                    tokio::time::sleep(PUT_RETRY_PAUSE * attempt).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    pub async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        self.backend.list(prefix).await
    }

    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        check_key(key)?;
        self.backend.delete(key).await
    }

    /// Reads and decodes a JSON document with its version.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<(T, Version)>, StoreError> {
        let Some(obj) = self.get(key).await? else {
            return Ok(None);
        };
        Ok(Some((self.decode(key, &obj.bytes)?, obj.version)))
    }

    /// Decodes an object read with [`get`](Self::get) as JSON; `Corrupt` names the key.
    pub fn decode<T: DeserializeOwned>(&self, key: &str, bytes: &[u8]) -> Result<T, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
            store: self.describe(),
            key: key.to_string(),
            message: e.to_string(),
        })
    }

    /// Encodes and writes a JSON document: keys sorted, indented by four spaces (the layout
    /// oncall-twilio writes, so diffs between the two stay small).
    pub async fn put_json<T: Serialize>(
        &self,
        key: &str,
        value: &T,
        condition: Condition,
    ) -> Result<Put, StoreError> {
        self.put(key, to_pretty_json(value), condition).await
    }
}

/// Where the store's identity is kept.
pub const IDENTITY: &str = "serve/identity.json";

#[derive(Serialize, serde::Deserialize)]
struct Identity {
    id: String,
    created: i64,
}

impl Store {
    /// The identity of the relay deployment that uses this store: a random id made by the
    /// first `relay serve` to open it (create-if-absent, so every relay sharing the store
    /// answers `/healthz` with the same one). `relay doctor` compares it with what its
    /// `public_url` answers.
    pub async fn identity(&self) -> Result<String, StoreError> {
        for _ in 0..3 {
            if let Some(found) = self.read_identity().await? {
                return Ok(found);
            }
            let made = Identity {
                id: format!("{:032x}", rand::random::<u128>()),
                created: crate::oncall::service::now_epoch(),
            };
            if let Put::Written(_) = self.put_json(IDENTITY, &made, Condition::IfAbsent).await? {
                return Ok(made.id);
            }
        }
        Err(StoreError::Unavailable {
            store: self.describe(),
            message: format!("{IDENTITY} was written but cannot be read back"),
        })
    }

    /// The identity, if a relay has made one (never writes).
    pub async fn read_identity(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .get_json::<Identity>(IDENTITY)
            .await?
            .map(|(i, _)| i.id))
    }
}

/// JSON with sorted keys and four-space indentation, ending in a newline.
pub fn to_pretty_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Through Value: its maps are sorted by key.
    let value = serde_json::to_value(value).expect("relay's documents always serialise");
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    value
        .serialize(&mut ser)
        .expect("writing to a Vec cannot fail");
    out.push(b'\n');
    out
}

pub fn check_key(key: &str) -> Result<(), StoreError> {
    let bad = |reason| StoreError::BadKey {
        key: key.to_string(),
        reason,
    };
    if key.is_empty() {
        return Err(bad("empty"));
    }
    for seg in key.split('/') {
        if seg.is_empty() {
            return Err(bad("empty path segment (leading, trailing or doubled '/')"));
        }
        if seg.starts_with('.') {
            return Err(bad("a segment may not start with '.'"));
        }
        if seg.contains(['\\', '\0']) {
            return Err(bad("backslashes and NUL are not allowed"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A backend that applies a write and then reports a failure, `lost` times: the answer
    /// of a write that reached the store got lost on its way back.
    struct LostAnswers {
        inner: FileBackend,
        lost: AtomicU32,
        /// Writes that fail without being applied (the store refused), before the others.
        refused: AtomicU32,
    }

    fn take(n: &AtomicU32) -> bool {
        n.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }

    #[async_trait::async_trait]
    impl Backend for LostAnswers {
        fn describe(&self) -> String {
            "lost-answers".into()
        }
        async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
            self.inner.get(key).await
        }
        async fn put(&self, key: &str, b: Vec<u8>, c: Condition) -> Result<Put, StoreError> {
            let down = || StoreError::Unavailable {
                store: self.describe(),
                message: "connection reset".into(),
            };
            if take(&self.refused) {
                return Err(down());
            }
            let put = self.inner.put(key, b, c).await?;
            if take(&self.lost) {
                return Err(down());
            }
            Ok(put)
        }
        async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
            self.inner.list(prefix).await
        }
        async fn delete(&self, key: &str) -> Result<(), StoreError> {
            self.inner.delete(key).await
        }
    }

    fn store(dir: &tempfile::TempDir, lost: u32, refused: u32) -> (Store, Arc<LostAnswers>) {
        let b = Arc::new(LostAnswers {
            inner: FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
            lost: lost.into(),
            refused: refused.into(),
        });
        (Store::new(b.clone()), b)
    }

    #[tokio::test]
    async fn a_write_whose_answer_was_lost_counts_as_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let (s, b) = store(&dir, 1, 0);
        // Create-if-absent: applied, answer lost, retried, 'already there' → ours.
        let put = s.put("k/a", b"one".to_vec(), Condition::IfAbsent).await;
        let Ok(Put::Written(v1)) = put else {
            panic!("expected Written, got {put:?}")
        };
        assert_eq!(s.get("k/a").await.unwrap().unwrap().version, v1);
        // Someone else's object is still a conflict.
        assert_eq!(
            s.put("k/a", b"two".to_vec(), Condition::IfAbsent)
                .await
                .unwrap(),
            Put::Conflict
        );
        // Compare-and-swap: applied, answer lost, retried against a replaced version.
        b.lost.store(1, Ordering::SeqCst);
        let put = s
            .put("k/a", b"three".to_vec(), Condition::IfMatch(v1.clone()))
            .await;
        let Ok(Put::Written(v3)) = put else {
            panic!("expected Written, got {put:?}")
        };
        assert_eq!(s.get("k/a").await.unwrap().unwrap().bytes, b"three");
        // The old version no longer matches: a real conflict, answered as one.
        assert_eq!(
            s.put("k/a", b"four".to_vec(), Condition::IfMatch(v1))
                .await
                .unwrap(),
            Put::Conflict
        );
        assert_eq!(
            s.put("k/a", b"five".to_vec(), Condition::IfMatch(v3))
                .await
                .unwrap(),
            Put::Written(s.get("k/a").await.unwrap().unwrap().version)
        );
    }

    #[tokio::test]
    async fn a_refused_write_is_retried_and_someone_elses_write_stays_a_conflict() {
        let dir = tempfile::tempdir().unwrap();
        let (s, b) = store(&dir, 0, 1);
        // Refused once (not applied), then written by the retry.
        assert!(matches!(
            s.put("k/b", b"mine".to_vec(), Condition::IfAbsent).await,
            Ok(Put::Written(_))
        ));
        // Refused once, and meanwhile another writer created the object with other bytes:
        // the retry's conflict is a real one.
        b.refused.store(1, Ordering::SeqCst);
        let _ = b
            .inner
            .put("k/c", b"theirs".to_vec(), Condition::IfAbsent)
            .await
            .unwrap();
        assert_eq!(
            s.put("k/c", b"mine".to_vec(), Condition::IfAbsent)
                .await
                .unwrap(),
            Put::Conflict
        );
        // Down for longer than the attempts: the error is reported.
        b.refused.store(PUT_ATTEMPTS, Ordering::SeqCst);
        assert!(matches!(
            s.put("k/d", b"x".to_vec(), Condition::Always).await,
            Err(StoreError::Unavailable { .. })
        ));
        assert!(s.get("k/d").await.unwrap().is_none());
    }
}
