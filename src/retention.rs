//! What relay keeps, and for how long: idempotency markers, call records and the index of
//! filed texts are kept `[store.retention] handled_days` (they only have to outlive
//! Twilio's and CI360's retries); finished deliveries (voicemails, alerts, ticket replies,
//! RapidPro events) and message statuses `records_days` (a campaign's report, `relay ...
//! list`). Work that is not finished is never removed. `relay serve` prunes in the
//! background; `relay store prune` does it on demand (`--dry-run` to see first).
//!
//! Each document is judged by its own content ([`expired`], pure): the time it was last
//! needed, or nothing, in which case it is kept.

use crate::config::RetentionConfig;
use crate::store::Store;
use serde_json::Value;

/// Which retention a kind of document follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    Handled,
    Records,
}

/// How a kind of document tells when it was last needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Age {
    /// `at` (epoch seconds); a `started` claim whose lease (`until_ms`) has not run out is
    /// kept.
    Marker,
    /// `at` (epoch seconds).
    At,
    /// `at_ms` (epoch milliseconds).
    AtMs,
    /// The latest time in the `at` map (a message status record).
    LatestAt,
    /// A durable record: finished (no step pending or failed), and its last step's time.
    Finished,
}

/// One kind of document relay keeps.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub prefix: &'static str,
    pub what: &'static str,
    pub keep: Keep,
    pub age: Age,
}

/// Everything relay prunes. (Tickets, rooms, the roster, opt-outs, audit logs and stored
/// recordings are kept until an operator removes them.)
pub const RULES: &[Rule] = &[
    Rule {
        prefix: "serve/handled/",
        what: "idempotency markers (Twilio's webhooks)",
        keep: Keep::Handled,
        age: Age::Marker,
    },
    Rule {
        prefix: "ci360/events/",
        what: "idempotency markers (CI360's events)",
        keep: Keep::Handled,
        age: Age::Marker,
    },
    Rule {
        prefix: crate::pager::CALLS,
        what: "pager line calls",
        keep: Keep::Handled,
        age: Age::At,
    },
    Rule {
        prefix: crate::alert::CALLS,
        what: "alert line calls",
        keep: Keep::Handled,
        age: Age::At,
    },
    Rule {
        prefix: crate::tickets::local::SIDS,
        what: "new tickets' reservations",
        keep: Keep::Handled,
        age: Age::At,
    },
    Rule {
        prefix: crate::send::status::PREFIX,
        what: "message statuses",
        keep: Keep::Records,
        age: Age::LatestAt,
    },
    Rule {
        prefix: crate::pager::MESSAGES,
        what: "delivered voicemails",
        keep: Keep::Records,
        age: Age::Finished,
    },
    Rule {
        prefix: crate::alert::ALERTS,
        what: "delivered alerts",
        keep: Keep::Records,
        age: Age::Finished,
    },
    Rule {
        prefix: crate::page::PAGES,
        what: "finished pages",
        keep: Keep::Records,
        age: Age::Finished,
    },
    Rule {
        prefix: crate::page::ACKS,
        what: "pages' acknowledgements",
        keep: Keep::Records,
        age: Age::AtMs,
    },
    Rule {
        prefix: crate::page::CALLS,
        what: "pages' call outcomes",
        keep: Keep::Records,
        age: Age::AtMs,
    },
    Rule {
        prefix: crate::page::CALL_SIDS,
        what: "pages' calls, by CallSid",
        keep: Keep::Records,
        age: Age::AtMs,
    },
    Rule {
        prefix: crate::page::PLACED,
        what: "pages' calls, by attempt",
        keep: Keep::Records,
        age: Age::AtMs,
    },
    Rule {
        prefix: crate::tickets::deliver::REPLIES,
        what: "sent ticket replies",
        keep: Keep::Records,
        age: Age::Finished,
    },
    Rule {
        prefix: crate::ticketer::deliver::EVENTS,
        what: "delivered RapidPro events",
        keep: Keep::Records,
        age: Age::Finished,
    },
];

/// When a document was last needed (epoch seconds), or `None` to keep it whatever its age.
pub fn last_needed(age: Age, doc: &Value, now: i64) -> Option<i64> {
    let int = |v: &Value| v.as_i64();
    match age {
        Age::Marker => {
            let leased = doc["until_ms"].as_i64().is_some_and(|u| u > now * 1000);
            if doc["state"] == "started" && leased {
                return None;
            }
            int(&doc["at"])
        }
        Age::At => int(&doc["at"]).filter(|t| *t > 0),
        Age::AtMs => int(&doc["at_ms"]).filter(|t| *t > 0).map(|t| t / 1000),
        Age::LatestAt => doc["at"].as_object()?.values().filter_map(int).max(),
        Age::Finished => {
            let steps = doc["steps"].as_object()?;
            let open = steps
                .values()
                .any(|s| matches!(s["state"].as_str(), Some("pending" | "failed")));
            if open {
                return None;
            }
            steps.values().filter_map(|s| int(&s["at"])).max()
        }
    }
}

/// Whether the document has outlived its retention.
pub fn expired(rule: &Rule, doc: &Value, now: i64, cfg: &RetentionConfig) -> bool {
    let days = match rule.keep {
        Keep::Handled => cfg.handled_days,
        Keep::Records => cfg.records_days,
    };
    last_needed(rule.age, doc, now).is_some_and(|t| now - t > i64::from(days) * 86_400)
}

/// What a prune found, per kind.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Pruned {
    pub prefix: &'static str,
    pub what: &'static str,
    pub kept_days: u32,
    pub examined: usize,
    pub expired: usize,
}

/// Removes every document past its retention (none with `dry_run`).
pub async fn prune(
    store: &Store,
    cfg: &RetentionConfig,
    now: i64,
    dry_run: bool,
) -> anyhow::Result<Vec<Pruned>> {
    let mut out = Vec::new();
    for rule in RULES {
        let mut p = Pruned {
            prefix: rule.prefix,
            what: rule.what,
            kept_days: match rule.keep {
                Keep::Handled => cfg.handled_days,
                Keep::Records => cfg.records_days,
            },
            ..Default::default()
        };
        for key in store.list(rule.prefix).await? {
            if !key.ends_with(".json") {
                continue;
            }
            p.examined += 1;
            // A document that does not parse is not relay's to judge: kept.
            let Ok(Some((doc, _))) = store.get_json::<Value>(&key).await else {
                continue;
            };
            if expired(rule, &doc, now, cfg) {
                p.expired += 1;
                if !dry_run {
                    store.delete(&key).await?;
                }
            }
        }
        out.push(p);
    }
    Ok(out)
}

/// `relay serve`'s pruning: a minute after start, then every hour.
pub fn start(store: Store, cfg: RetentionConfig) {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        loop {
            let now = crate::oncall::service::now_epoch();
            match prune(&store, &cfg, now, false).await {
                Ok(done) => {
                    let n: usize = done.iter().map(|p| p.expired).sum();
                    if n > 0 {
                        tracing::info!("retention: removed {n} expired documents");
                    }
                }
                Err(e) => tracing::warn!("retention: cannot prune the store: {e:#}"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

/// `relay store prune [--dry-run] [--json]`.
pub async fn run(
    store: &Store,
    cfg: &RetentionConfig,
    dry_run: bool,
    json: bool,
) -> anyhow::Result<u8> {
    let now = crate::oncall::service::now_epoch();
    let done = prune(store, cfg, now, dry_run).await?;
    if json {
        println!(
            "{}",
            serde_json::json!({ "dry_run": dry_run, "store": store.describe(), "kinds": done })
        );
        return Ok(crate::exit::OK);
    }
    println!(
        "{:<44} {:>6} {:>9} {:>8}",
        "kind",
        "kept",
        "examined",
        if dry_run { "would go" } else { "removed" }
    );
    for p in &done {
        println!(
            "{:<44} {:>5}d {:>9} {:>8}",
            format!("{} ({})", p.what, p.prefix.trim_end_matches('/')),
            p.kept_days,
            p.examined,
            p.expired
        );
    }
    let n: usize = done.iter().map(|p| p.expired).sum();
    if dry_run {
        println!("{n} documents past their retention; run without --dry-run to remove them");
    } else {
        println!(
            "removed {n} documents past their retention from {}",
            store.describe()
        );
    }
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DAY: i64 = 86_400;
    const NOW: i64 = 1_800_000_000;

    fn rule(prefix: &str) -> &'static Rule {
        RULES.iter().find(|r| r.prefix == prefix).unwrap()
    }

    #[test]
    fn each_kind_expires_by_its_own_time_and_unfinished_work_never_does() {
        let cfg = RetentionConfig {
            handled_days: 7,
            records_days: 90,
        };
        let marker = rule("serve/handled/");
        assert!(expired(
            marker,
            &json!({"state": "done", "at": NOW - 8 * DAY}),
            NOW,
            &cfg
        ));
        assert!(!expired(
            marker,
            &json!({"state": "done", "at": NOW - 6 * DAY}),
            NOW,
            &cfg
        ));
        // A claim whose lease still runs is kept, however old its start says it is.
        let held = json!({"state": "started", "at": NOW - 8 * DAY, "until_ms": (NOW + 5) * 1000});
        assert!(!expired(marker, &held, NOW, &cfg));
        let status = rule(crate::send::status::PREFIX);
        let s = json!({"status": "delivered", "at": {"sent": NOW - 100 * DAY, "delivered": NOW - 80 * DAY}});
        assert!(
            !expired(status, &s, NOW, &cfg),
            "its latest status is recent enough"
        );
        let s = json!({"status": "delivered", "at": {"sent": NOW - 100 * DAY, "delivered": NOW - 91 * DAY}});
        assert!(expired(status, &s, NOW, &cfg));
        let alerts = rule(crate::alert::ALERTS);
        let done = json!({"steps": {"sms": {"state": "done", "at": NOW - 91 * DAY}, "email": {"state": "skipped"}}});
        assert!(expired(alerts, &done, NOW, &cfg));
        let failing = json!({"steps": {"sms": {"state": "failed", "at": NOW - 400 * DAY}}});
        assert!(
            !expired(alerts, &failing, NOW, &cfg),
            "unfinished work is never removed"
        );
        let filing = rule(crate::tickets::local::SIDS);
        assert!(
            !expired(filing, &json!({"ticket": "1", "new": true}), NOW, &cfg),
            "no time: kept"
        );
        assert!(expired(
            filing,
            &json!({"ticket": "1", "at": NOW - 8 * DAY}),
            NOW,
            &cfg
        ));
    }

    #[tokio::test]
    async fn prune_removes_only_what_has_expired() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(std::sync::Arc::new(
            crate::store::FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
        ));
        let cfg = RetentionConfig::default();
        let put = |key: &'static str, v: Value| {
            let store = store.clone();
            async move {
                let _ = store
                    .put_json(key, &v, crate::store::Condition::Always)
                    .await
                    .unwrap();
            }
        };
        put(
            "serve/handled/old.json",
            json!({"state": "done", "at": NOW - 30 * DAY}),
        )
        .await;
        put(
            "serve/handled/new.json",
            json!({"state": "done", "at": NOW - DAY}),
        )
        .await;
        put("pager/calls/CAold.json", json!({"at": NOW - 30 * DAY})).await;
        put("tickets/local/tickets/00000001.json", json!({"at": 0})).await;
        let seen = prune(&store, &cfg, NOW, true).await.unwrap();
        assert_eq!(seen.iter().map(|p| p.expired).sum::<usize>(), 2);
        assert_eq!(
            store.list("").await.unwrap().len(),
            4,
            "a dry run removes nothing"
        );
        prune(&store, &cfg, NOW, false).await.unwrap();
        assert_eq!(
            store.list("").await.unwrap(),
            [
                "serve/handled/new.json",
                "tickets/local/tickets/00000001.json"
            ]
        );
    }
}
