//! The local-directory backend (`file://DIR`, the default).
//!
//! Writes go to a temporary file in the same directory, are fsynced, renamed over the
//! object and the directory is fsynced: a crash at any point leaves the old object or the
//! new one, never a torn one. Every write of a key (so that none can interleave with a
//! compare-and-swap of it) holds an exclusive lock on one of [`STRIPES`] lock files in
//! `DIR/.locks/`, picked by a hash of the key: compare-and-swap is safe between processes
//! on one machine, and writes of different keys go on at once (their fsyncs share the
//! file system's journal commits). Reads take no lock.
//!
//! The store holds secrets (RapidPro's, the roster's SMTP password): every file is made
//! 0600 and every directory 0700 whatever the umask, and [`FileBackend::tighten`] makes
//! looser ones left by earlier versions so.

use super::{Backend, Condition, Object, Put, StoreError, Version};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct FileBackend {
    root: PathBuf,
    /// Recently read objects, by key, with the identity of the file they came from.
    cache: Arc<Mutex<HashMap<String, (FileId, Object)>>>,
}

/// What tells one file from another: every write creates a new file (a rename over the
/// old), so a new inode and change time; a file whose identity is unchanged has unchanged
/// content, and its cached bytes and version can be served without reading or hashing it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl FileId {
    fn of(m: &fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        }
    }
}

/// Objects up to this size are read on the calling thread (a stat and, when it changed, one
/// read of a small file in the page cache: microseconds, less than a hop to the blocking
/// pool) and cached; larger ones (recordings) are read on the blocking pool.
const SMALL: u64 = 64 * 1024;
/// The cache holds at most this many objects; it is emptied when full (the hot set, the
/// roster and a few markers, is refilled at once).
const CACHE_ENTRIES: usize = 1024;
/// Lock files: writes of keys in different stripes run at once.
pub const STRIPES: usize = 64;

impl FileBackend {
    pub fn open(dir: &str) -> Result<FileBackend, StoreError> {
        let root = PathBuf::from(if dir.is_empty() { "." } else { dir });
        let root = if root.is_absolute() {
            root
        } else {
            std::env::current_dir()
                .map(|d| d.join(&root))
                .unwrap_or(root)
        };
        Ok(FileBackend {
            root,
            cache: Default::default(),
        })
    }

    fn unavailable(&self, what: &str, e: std::io::Error) -> StoreError {
        StoreError::Unavailable {
            store: self.describe(),
            message: format!("{what}: {e}"),
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        key.split('/').fold(self.root.clone(), |p, seg| p.join(seg))
    }

    /// The lock of `key`'s stripe, held until the file is dropped.
    fn lock(&self, key: &str) -> Result<File, StoreError> {
        let dir = self.root.join(".locks");
        let stripe = Sha256::digest(key.as_bytes())[0] as usize % STRIPES;
        let open = || {
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .mode(FILE_MODE)
                .open(dir.join(format!("{stripe:02x}")))
        };
        let f = match open() {
            Ok(f) => f,
            Err(_) => {
                create_dirs(&dir).map_err(|e| {
                    self.unavailable(&format!("cannot create {}", dir.display()), e)
                })?;
                open().map_err(|e| self.unavailable("cannot open the store's lock file", e))?
            }
        };
        f.lock()
            .map_err(|e| self.unavailable("cannot lock the store", e))?;
        Ok(f)
    }

    fn not_found(e: &std::io::Error) -> bool {
        // A path segment that is a file, not a directory: no such object either.
        matches!(
            e.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        )
    }

    /// A small object through the cache, or `Err(())` when it is large (read it with
    /// [`get_sync`](Self::get_sync) on the blocking pool).
    fn get_small(&self, key: &str) -> Result<Result<Option<Object>, StoreError>, ()> {
        let path = self.path(key);
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if Self::not_found(&e) => return Ok(Ok(None)),
            Err(e) => return Ok(Err(self.unavailable(&format!("cannot read {key}"), e))),
        };
        if meta.len() > SMALL || !meta.is_file() {
            return Err(());
        }
        let id = FileId::of(&meta);
        let cache = || self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((cached, obj)) = cache().get(key)
            && *cached == id
        {
            return Ok(Ok(Some(obj.clone())));
        }
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if Self::not_found(&e) => return Ok(Ok(None)),
            Err(e) => return Ok(Err(self.unavailable(&format!("cannot read {key}"), e))),
        };
        let obj = Object {
            version: version_of(&bytes),
            bytes,
        };
        // Cache only when the file is still the one stat'ed (no write in between).
        if fs::metadata(&path).is_ok_and(|m| FileId::of(&m) == id) {
            let mut c = cache();
            if c.len() >= CACHE_ENTRIES {
                c.clear();
            }
            c.insert(key.to_string(), (id, obj.clone()));
        }
        Ok(Ok(Some(obj)))
    }

    fn get_sync(&self, key: &str) -> Result<Option<Object>, StoreError> {
        match fs::read(self.path(key)) {
            Ok(bytes) => Ok(Some(Object {
                version: version_of(&bytes),
                bytes,
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            // A path segment that is a file, not a directory: no such object.
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Ok(None),
            Err(e) => Err(self.unavailable(&format!("cannot read {key}"), e)),
        }
    }

    fn put_sync(&self, key: &str, bytes: &[u8], condition: &Condition) -> Result<Put, StoreError> {
        let _lock = self.lock(key)?;
        let path = self.path(key);
        if *condition != Condition::Always {
            let current = self.get_sync(key)?;
            let holds = match (condition, &current) {
                (Condition::IfAbsent, None) => true,
                (Condition::IfMatch(v), Some(obj)) => obj.version == *v,
                _ => false,
            };
            if !holds {
                return Ok(Put::Conflict);
            }
        }
        let dir = path.parent().expect("a key always has a parent directory");
        create_dirs(dir)
            .map_err(|e| self.unavailable(&format!("cannot create {}", dir.display()), e))?;
        let tmp = dir.join(format!(
            ".tmp-{}-{:016x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        let write = || -> std::io::Result<()> {
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(FILE_MODE)
                .open(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            fs::rename(&tmp, &path)?;
            sync_dir(dir)
        };
        if let Err(e) = write() {
            let _ = fs::remove_file(&tmp);
            return Err(self.unavailable(&format!("cannot write {key}"), e));
        }
        Ok(Put::Written(version_of(bytes)))
    }

    fn list_sync(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        // Walk only the directory the prefix names fully.
        let dir_part = match prefix.rfind('/') {
            Some(i) => &prefix[..i],
            None => "",
        };
        let start = if dir_part.is_empty() {
            self.root.clone()
        } else {
            self.path(dir_part)
        };
        let mut keys = Vec::new();
        let mut stack = vec![(start, dir_part.to_string())];
        while let Some((dir, key_prefix)) = stack.pop() {
            let entries = match fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) =>
                {
                    continue;
                }
                Err(e) => {
                    return Err(self.unavailable(&format!("cannot list {}", dir.display()), e));
                }
            };
            for entry in entries {
                let entry = entry.map_err(|e| self.unavailable("cannot list", e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let key = if key_prefix.is_empty() {
                    name
                } else {
                    format!("{key_prefix}/{name}")
                };
                let ft = entry
                    .file_type()
                    .map_err(|e| self.unavailable("cannot list", e))?;
                if ft.is_dir() {
                    if key.starts_with(prefix) || prefix.starts_with(&format!("{key}/")) {
                        stack.push((entry.path(), key));
                    }
                } else if key.starts_with(prefix) {
                    keys.push(key);
                }
            }
        }
        keys.sort();
        Ok(keys)
    }

    fn delete_sync(&self, key: &str) -> Result<(), StoreError> {
        let _lock = self.lock(key)?;
        let path = self.path(key);
        match fs::remove_file(&path) {
            Ok(()) => {
                if let Some(dir) = path.parent() {
                    sync_dir(dir).map_err(|e| self.unavailable("cannot sync", e))?;
                }
                Ok(())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(self.unavailable(&format!("cannot delete {key}"), e)),
        }
    }
}

/// Objects and lock files: the owner alone reads and writes them.
const FILE_MODE: u32 = 0o600;
/// Directories: the owner alone lists and enters them.
const DIR_MODE: u32 = 0o700;

/// `dir` and its missing parents, private (the umask cannot widen them).
fn create_dirs(dir: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
}

impl FileBackend {
    /// Makes every file under the store 0600 and every directory 0700 (an earlier version,
    /// or a copy, may have left them readable by others): how many of each it changed.
    pub fn tighten(&self) -> std::io::Result<(usize, usize)> {
        use std::os::unix::fs::PermissionsExt;
        let (mut files, mut dirs) = (0, 0);
        if !self.root.is_dir() {
            return Ok((0, 0));
        }
        let mut stack = vec![self.root.clone()];
        while let Some(dir) = stack.pop() {
            let meta = fs::symlink_metadata(&dir)?;
            if meta.permissions().mode() & 0o077 != 0 {
                fs::set_permissions(&dir, fs::Permissions::from_mode(DIR_MODE))?;
                dirs += 1;
            }
            for entry in fs::read_dir(&dir)? {
                let entry = entry?;
                let ft = entry.file_type()?;
                if ft.is_dir() {
                    stack.push(entry.path());
                } else if ft.is_file() {
                    let mode = entry.metadata()?.permissions().mode();
                    if mode & 0o077 != 0 {
                        fs::set_permissions(entry.path(), fs::Permissions::from_mode(FILE_MODE))?;
                        files += 1;
                    }
                }
            }
        }
        Ok((files, dirs))
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A file's version is a hash of its content, as an S3 ETag is.
fn version_of(bytes: &[u8]) -> Version {
    let digest = Sha256::digest(bytes);
    Version(digest[..16].iter().map(|b| format!("{b:02x}")).collect())
}

/// Runs blocking file work off the async executor.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f)
        .await
        .expect("store file operations do not panic")
}

#[async_trait::async_trait]
impl Backend for FileBackend {
    fn describe(&self) -> String {
        format!("file://{}", self.root.display())
    }

    async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        if let Ok(small) = self.get_small(key) {
            return small;
        }
        let (me, key) = (self.clone(), key.to_string());
        blocking(move || me.get_sync(&key)).await
    }

    async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        condition: Condition,
    ) -> Result<Put, StoreError> {
        let (me, key) = (self.clone(), key.to_string());
        blocking(move || me.put_sync(&key, &bytes, &condition)).await
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let (me, prefix) = (self.clone(), prefix.to_string());
        blocking(move || me.list_sync(&prefix)).await
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let (me, key) = (self.clone(), key.to_string());
        blocking(move || me.delete_sync(&key)).await
    }

    fn tighten(&self) -> Result<Option<String>, StoreError> {
        let (files, dirs) = FileBackend::tighten(self)
            .map_err(|e| self.unavailable("cannot tighten the store's permissions", e))?;
        Ok((files + dirs > 0).then(|| {
            format!(
                "{}: {files} file(s) and {dirs} director(ies) were readable by others; now 0600 and 0700 (the store holds secrets)",
                self.describe()
            )
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn text(b: &FileBackend, key: &str) -> Option<String> {
        b.get(key)
            .await
            .unwrap()
            .map(|o| String::from_utf8(o.bytes).unwrap())
    }

    #[tokio::test]
    async fn the_read_cache_never_serves_a_replaced_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_str().unwrap();
        // Two backends on one directory: two processes, each with its own cache.
        let (a, b) = (
            FileBackend::open(root).unwrap(),
            FileBackend::open(root).unwrap(),
        );
        assert_eq!(text(&a, "k/x.json").await, None);
        let _ = a
            .put("k/x.json", b"one".to_vec(), Condition::Always)
            .await
            .unwrap();
        assert_eq!(text(&a, "k/x.json").await.as_deref(), Some("one"));
        assert_eq!(text(&b, "k/x.json").await.as_deref(), Some("one"));
        // Same length, written by the other "process", within the same clock tick.
        for (i, v) in ["two", "six", "ten"].iter().enumerate() {
            let w = if i % 2 == 0 { &b } else { &a };
            let _ = w
                .put("k/x.json", v.as_bytes().to_vec(), Condition::Always)
                .await
                .unwrap();
            assert_eq!(text(&a, "k/x.json").await.as_deref(), Some(*v));
            assert_eq!(text(&b, "k/x.json").await.as_deref(), Some(*v));
        }
        // The version follows the content, cached or not.
        let v1 = a.get("k/x.json").await.unwrap().unwrap().version;
        assert_eq!(v1, version_of(b"ten"));
        a.delete("k/x.json").await.unwrap();
        assert_eq!(text(&b, "k/x.json").await, None);
        // Large objects bypass the cache and still read whole.
        let big = vec![b'z'; (SMALL as usize) * 3];
        let _ = a.put("big", big.clone(), Condition::Always).await.unwrap();
        assert_eq!(b.get("big").await.unwrap().unwrap().bytes, big);
    }
}
