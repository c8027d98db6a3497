//! Audit logs: one object per change, so concurrent writers never lose an entry. The
//! roster's changes (`relay oncall history`) and the opt-out list's (`relay optout history`)
//! are each one [`Audit`] under their own prefix.
//!
//! Keys are `<prefix><UTC time to the microsecond>-<random>.json`; they sort by time, so
//! `history --since` is a key comparison and needs to read only the entries it shows.

use crate::output::table;
use crate::store::{Condition, Put, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::IsTerminal;
use std::time::SystemTime;

/// Through which door a change came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interface {
    Cli,
    Sms,
    Cron,
    /// Twilio's answer to a send (error 21610: the recipient had texted STOP).
    Twilio,
}

/// Who made a change, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub interface: Interface,
}

/// One change, as the audit log records it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// What was done: `take`, `add`, `remove`, `set`, `edit`, `init`, `optout`, ...
    pub action: String,
    /// One line for humans: `on call: alice → bob`.
    pub summary: String,
    pub before: Value,
    pub after: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub interface: Interface,
    pub action: String,
    pub summary: String,
    pub before: Value,
    pub after: Value,
}

impl AuditEntry {
    pub fn new(actor: &Actor, change: &Change, at: SystemTime) -> AuditEntry {
        AuditEntry {
            at: humantime::format_rfc3339_micros(at).to_string(),
            actor: actor.name.clone(),
            interface: actor.interface,
            action: change.action.clone(),
            summary: change.summary.clone(),
            before: change.before.clone(),
            after: change.after.clone(),
        }
    }
}

/// One audit log: the entries under a prefix of the store.
#[derive(Clone)]
pub struct Audit {
    pub store: Store,
    prefix: String,
}

impl Audit {
    pub fn new(store: Store, prefix: &str) -> Audit {
        Audit {
            store,
            prefix: normalized_prefix(prefix),
        }
    }

    /// Writes one entry (create-if-absent under a fresh key: never overwrites another).
    pub async fn append(&self, actor: &Actor, change: &Change) -> anyhow::Result<()> {
        let now = SystemTime::now();
        let entry = AuditEntry::new(actor, change, now);
        loop {
            let key = key_for(&self.prefix, now);
            if let Put::Written(_) = self
                .store
                .put_json(&key, &entry, Condition::IfAbsent)
                .await?
            {
                return Ok(());
            }
        }
    }

    /// The newest `limit` entries written at or after `since`, oldest first.
    pub async fn history(
        &self,
        since: Option<SystemTime>,
        limit: usize,
    ) -> anyhow::Result<Vec<AuditEntry>> {
        let mut keys = self.store.list(&self.prefix).await?;
        if let Some(since) = since {
            let cutoff = cutoff_key(&self.prefix, since);
            keys.retain(|k| *k >= cutoff);
        }
        let skip = keys.len().saturating_sub(limit);
        let mut tasks = tokio::task::JoinSet::new();
        for (i, key) in keys.into_iter().skip(skip).enumerate() {
            let store = self.store.clone();
            tasks.spawn(async move { (i, key.clone(), store.get_json::<AuditEntry>(&key).await) });
        }
        let mut entries = Vec::new();
        while let Some(res) = tasks.join_next().await {
            let (i, key, got) = res?;
            match got? {
                Some((entry, _)) => entries.push((i, entry)),
                None => eprintln!("relay: audit entry {key} disappeared while reading"),
            }
        }
        entries.sort_by_key(|(i, _)| *i);
        Ok(entries.into_iter().map(|(_, e)| e).collect())
    }
}

/// Prints entries as `history` commands do: a table, or JSON.
pub fn print(entries: &[AuditEntry], filtered: bool, json: bool) -> anyhow::Result<()> {
    if json {
        return crate::output::json(&entries);
    }
    if entries.is_empty() {
        println!(
            "no changes recorded{}",
            if filtered { " in that time" } else { "" }
        );
        return Ok(());
    }
    let mut t = table(&["when (UTC)", "who", "via", "what"]);
    for e in entries {
        let when = e.at.get(..19).unwrap_or(&e.at).replace('T', " ");
        t.add_row(vec![
            when,
            e.actor.clone(),
            format!("{:?}", e.interface).to_lowercase(),
            e.summary.clone(),
        ]);
    }
    println!("{t}");
    Ok(())
}

/// The person or job making a change from the command line: `--as`, else the login name;
/// the interface is the CLI on a terminal and cron otherwise.
pub fn actor(explicit: Option<&str>) -> Actor {
    let interface = if std::io::stdin().is_terminal() {
        Interface::Cli
    } else {
        Interface::Cron
    };
    let name = explicit
        .map(str::to_string)
        .or_else(|| {
            ["USER", "LOGNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        })
        .or_else(os_user)
        .unwrap_or_else(|| "unknown".into());
    Actor { name, interface }
}

/// The login name the OS has for this process's user (cron, containers and root shells
/// often leave $USER unset): /etc/passwd's entry for the owner of /proc/self.
fn os_user() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut f = line.split(':');
        let name = f.next()?;
        let id: u32 = f.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// `prefix` with exactly one trailing `/`.
pub fn normalized_prefix(prefix: &str) -> String {
    format!("{}/", prefix.trim_end_matches('/'))
}

fn compact(at: SystemTime) -> String {
    humantime::format_rfc3339_micros(at)
        .to_string()
        .replace(':', "")
}

/// A fresh key for an entry written at `at`.
pub fn key_for(prefix: &str, at: SystemTime) -> String {
    format!(
        "{}{}-{:08x}.json",
        normalized_prefix(prefix),
        compact(at),
        rand::random::<u32>()
    )
}

/// Keys at or after this one are entries written at or after `since`.
pub fn cutoff_key(prefix: &str, since: SystemTime) -> String {
    format!("{}{}", normalized_prefix(prefix), compact(since))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_knows_who_runs_relay() {
        // Whoever runs the tests has a passwd entry (root in CI).
        let name = os_user().expect("a passwd entry for this uid");
        assert!(!name.is_empty() && !name.contains(':'));
    }
    use std::time::Duration;

    #[test]
    fn keys_sort_by_time() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let a = key_for("oncall/audit", t0);
        let b = key_for("oncall/audit/", t0 + Duration::from_micros(1));
        let c = key_for("oncall/audit/", t0 + Duration::from_secs(86_400 * 400));
        assert!(a < b && b < c, "{a} {b} {c}");
        assert!(a.starts_with("oncall/audit/2023-11-14T221320.000000Z-"));
        assert!(
            cutoff_key("oncall/audit/", t0) <= a
                && cutoff_key("oncall/audit/", t0 + Duration::from_secs(1)) > b
        );
    }
}
