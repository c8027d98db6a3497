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
}

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

    pub async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        check_key(key)?;
        self.backend.get(key).await
    }

    pub async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        condition: Condition,
    ) -> Result<Put, StoreError> {
        check_key(key)?;
        self.backend.put(key, bytes, condition).await
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
