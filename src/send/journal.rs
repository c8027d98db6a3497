//! The send journal: one JSON object per line, appended, recording for each message key
//! that a send is about to happen (`sending`) and how it ended (`sent` with the SID, or
//! `failed` with Twilio's code). A re-run reads it to send only what was not sent.
//!
//! Each record is written (one `write`) before the send it announces starts and before the
//! outcome it records is counted, so a crash or `kill -9` at any moment leaves at worst a
//! `sending` with no outcome: the message may or may not exist at Twilio, and the next run
//! asks Twilio before sending it again. Records from concurrent sends are grouped into one
//! write; the file is fsynced at most every 200 ms while writing, and at the end.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// A message's key: 128 bits of SHA-256 over the tenant, the creative and the values it
/// uses.
pub type Key = u128;

pub fn key_hex(k: Key) -> String {
    format!("{k:032x}")
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    pub key: String,
    /// `sending`, `sent`, `failed`, or `opted-out` (skipped: the recipient opted out; a
    /// later run checks the list again).
    pub state: String,
    pub row: usize,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Unix milliseconds.
    pub at: i64,
}

/// What the journal says of a key so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// A send started (at this time, ms) and has no outcome: ask Twilio.
    Sending(i64),
    Sent,
    Failed,
}

/// Reads a journal: the last word on each key. A torn last line (a crash mid-write) is
/// ignored; any other bad line is an error naming it.
pub fn load(path: &Path) -> anyhow::Result<HashMap<Key, Known>> {
    let mut out = HashMap::new();
    read(path, |key, rec| {
        let known = match rec.state.as_str() {
            "sending" => match out.get(&key) {
                // A later attempt of something already sent changes nothing.
                Some(Known::Sent) => Known::Sent,
                _ => Known::Sending(rec.at),
            },
            "sent" => Known::Sent,
            "opted-out" => match out.get(&key) {
                Some(k @ (Known::Sent | Known::Sending(_))) => *k,
                _ => {
                    out.remove(&key);
                    return;
                }
            },
            _ => match out.get(&key) {
                Some(Known::Sent) => Known::Sent,
                _ => Known::Failed,
            },
        };
        out.insert(key, known);
    })?;
    Ok(out)
}

/// Calls `f` with each record of a journal, in order (a missing journal has none). A torn
/// last line (a crash mid-write) is ignored; any other bad line is an error naming it.
pub fn read(path: &Path, mut f: impl FnMut(Key, Record)) -> anyhow::Result<()> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(crate::exit::input(format!(
                "{}: cannot read the journal: {e}",
                path.display()
            )));
        }
    };
    let mut lines = BufReader::new(file).lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Record = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(_) if lines.peek().is_none() => {
                eprintln!(
                    "relay: {}:{}: ignoring a torn last line (the previous run stopped mid-write)",
                    path.display(),
                    i + 1
                );
                break;
            }
            Err(e) => {
                return Err(crate::exit::input(format!(
                    "{}:{}: not a journal record: {e}",
                    path.display(),
                    i + 1
                )));
            }
        };
        let Ok(key) = u128::from_str_radix(&rec.key, 16) else {
            return Err(crate::exit::input(format!(
                "{}:{}: bad key {:?}",
                path.display(),
                i + 1,
                rec.key
            )));
        };
        f(key, rec);
    }
    Ok(())
}

/// The journal's writer: a thread that appends records in groups.
#[derive(Clone)]
pub struct Journal {
    tx: mpsc::UnboundedSender<(Record, oneshot::Sender<std::io::Result<()>>)>,
    pub path: PathBuf,
}

impl Journal {
    pub fn open(path: &Path) -> anyhow::Result<(Journal, std::thread::JoinHandle<()>)> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                crate::exit::input(format!("{}: cannot open the journal: {e}", path.display()))
            })?;
        let (tx, mut rx) =
            mpsc::unbounded_channel::<(Record, oneshot::Sender<std::io::Result<()>>)>();
        let handle = std::thread::spawn(move || {
            let mut file = file;
            let mut buf = Vec::with_capacity(64 * 1024);
            let mut waiting = Vec::new();
            let mut last_sync = Instant::now();
            while let Some(first) = rx.blocking_recv() {
                let mut next = Some(first);
                while let Some((rec, ack)) = next {
                    serde_json::to_writer(&mut buf, &rec).expect("a record serialises");
                    buf.push(b'\n');
                    waiting.push(ack);
                    next = rx.try_recv().ok();
                }
                let res = file.write_all(&buf);
                buf.clear();
                let res = res.and_then(|_| {
                    if last_sync.elapsed() > Duration::from_millis(200) {
                        last_sync = Instant::now();
                        file.sync_data()
                    } else {
                        Ok(())
                    }
                });
                for ack in waiting.drain(..) {
                    let _ = ack.send(match &res {
                        Ok(()) => Ok(()),
                        Err(e) => Err(std::io::Error::new(e.kind(), e.to_string())),
                    });
                }
            }
            let _ = file.sync_all();
        });
        Ok((
            Journal {
                tx,
                path: path.to_path_buf(),
            },
            handle,
        ))
    }

    /// Appends a record; returns once it is written.
    pub async fn write(&self, rec: Record) -> anyhow::Result<()> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send((rec, ack))
            .map_err(|_| anyhow::anyhow!("the journal writer stopped"))?;
        done.await
            .map_err(|_| anyhow::anyhow!("the journal writer stopped"))?
            .map_err(|e| {
                crate::exit::unavailable(format!(
                    "{}: cannot write the journal: {e}",
                    self.path.display()
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(key: u128, state: &str, at: i64) -> Record {
        Record {
            key: key_hex(key),
            state: state.into(),
            row: 1,
            to: "+19195551002".into(),
            sid: None,
            code: None,
            error: None,
            at,
        }
    }

    #[tokio::test]
    async fn the_last_word_on_each_key_and_torn_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let (j, handle) = Journal::open(&path).unwrap();
        for r in [
            rec(1, "sending", 10),
            rec(1, "sent", 11),
            rec(2, "sending", 12),
            rec(3, "sending", 13),
            rec(3, "failed", 14),
            rec(1, "sending", 15),
        ] {
            j.write(r).await.unwrap();
        }
        drop(j);
        handle.join().unwrap();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"key\": \"00");
        std::fs::write(&path, &text).unwrap();
        let known = load(&path).unwrap();
        assert_eq!(known[&1], Known::Sent);
        assert_eq!(known[&2], Known::Sending(12));
        assert_eq!(known[&3], Known::Failed);
        // A bad line that is not the last is an error with its number.
        text.push_str("\n{}\n");
        std::fs::write(&path, &text).unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.contains("j.jsonl:7:"), "{e}");
        assert!(load(&dir.path().join("none.jsonl")).unwrap().is_empty());
    }
}
