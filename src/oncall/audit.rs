//! The audit log: one object per change, so concurrent writers never lose an entry.
//!
//! Keys are `<audit_prefix><UTC time to the microsecond>-<random>.json`; they sort by time,
//! so `history --since` is a key comparison and needs to read only the entries it shows.

use super::{Actor, Change, Interface};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::SystemTime;

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
