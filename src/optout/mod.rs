//! Opt-outs: recipients who texted STOP (or whom Twilio refused with error 21610) are not
//! sent campaigns again until they text START.
//!
//! An opt-out holds for one tenant and one **sender**: the number the STOP was texted to,
//! and the Messaging Service it arrived through (Twilio's own block is per number, or per
//! service for numbers in one). Each is one object,
//! `optout/list/<tenant>/<sender>/<recipient>.json`: a send checks one key or lists one
//! prefix, an opt-out is a create-if-absent (a repeated STOP changes nothing, and is not
//! audited twice), an opt-in a delete. Every change is one entry in the audit log
//! `optout/audit/` ([`crate::audit`], as the roster's).
//!
//! The pure part, [`keyword`], decides what a text means; [`OptOuts`] does the I/O.

pub mod cmd;

use crate::audit::{Actor, Audit, Change};
use crate::config::{Config, DEFAULT_TENANT, Tenant};
use crate::store::{Condition, Put, Store};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeSet, HashSet};

/// Twilio's default opt-out keywords (the whole message, any case).
pub const OPT_OUT: &[&str] = &[
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "REVOKE",
    "OPTOUT",
];
/// Twilio's default help keywords: nothing is recorded; a campaign sender answers
/// `[send] help_text`, a line's own flow answers as it would any text.
pub const HELP: &[&str] = &["HELP", "INFO"];
/// Twilio's default opt-in keywords.
pub const OPT_IN: &[&str] = &["START", "YES", "UNSTOP"];

/// Twilio's error for a send to a recipient who texted STOP.
pub const ERROR_UNSUBSCRIBED: u32 = 21610;

const LIST: &str = "optout/list/";
const AUDIT: &str = "optout/audit/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    Out,
    In,
}

/// Whether an inbound text asks for help: HELP or INFO (the whole message, any case), or
/// Advanced Opt-Out's `OptOutType=HELP`.
pub fn is_help(body: &str, opt_out_type: Option<&str>) -> bool {
    opt_out_type.is_some_and(|t| t.trim().eq_ignore_ascii_case("HELP"))
        || HELP.iter().any(|k| k.eq_ignore_ascii_case(body.trim()))
}

/// What an inbound text means for the list: an opt-out keyword, an opt-in keyword, or
/// nothing. The whole message counts ("STOP PLEASE" is not a keyword, as for Twilio);
/// Advanced Opt-Out's `OptOutType` parameter (`STOP`, `START`), when Twilio sends it,
/// covers a Messaging Service's own keywords.
pub fn keyword(body: &str, opt_out_type: Option<&str>) -> Option<Keyword> {
    match opt_out_type
        .map(|t| t.trim().to_ascii_uppercase())
        .as_deref()
    {
        Some("STOP") => return Some(Keyword::Out),
        Some("START") => return Some(Keyword::In),
        _ => {}
    }
    let word = body.trim();
    let is = |list: &[&str]| list.iter().any(|k| k.eq_ignore_ascii_case(word));
    if is(OPT_OUT) {
        Some(Keyword::Out)
    } else if is(OPT_IN) {
        Some(Keyword::In)
    } else {
        None
    }
}

/// Where an opt-out holds: a tenant and a sender (an E.164 number or a Messaging Service
/// SID).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope {
    pub tenant: String,
    pub sender: String,
}

impl Scope {
    pub fn new(tenant: &str, sender: &str) -> Scope {
        Scope {
            tenant: tenant.to_string(),
            sender: sender.to_string(),
        }
    }

    fn prefix(&self) -> String {
        format!("{LIST}{}/{}/", self.tenant, self.sender)
    }

    fn key(&self, number: &str) -> String {
        format!("{}{number}.json", self.prefix())
    }
}

/// One opt-out, as stored and exported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub number: String,
    pub sender: String,
    pub tenant: String,
    /// RFC 3339, UTC.
    pub since: String,
    /// `sms` (a keyword texted to relay), `twilio-21610` (Twilio refused a send), `cli`,
    /// `import`.
    pub source: String,
}

/// The tenant an inbound text belongs to: the one whose sender (number or Messaging
/// Service) it was texted to; else the one whose account received it; else the default.
pub fn tenant_of(
    config: &Config,
    account_sid: Option<&str>,
    to: &str,
    messaging_service_sid: Option<&str>,
) -> String {
    let tenants = tenants(config);
    let by_sender = tenants.iter().find(|t| {
        t.from.as_deref() == Some(to)
            || (messaging_service_sid.is_some()
                && t.messaging_service_sid.as_deref() == messaging_service_sid)
    });
    let by_account = || {
        let mut same = tenants
            .iter()
            .filter(|t| account_sid.is_some() && t.twilio.account_sid.as_deref() == account_sid);
        match (same.next(), same.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    };
    by_sender
        .or_else(by_account)
        .map_or_else(|| DEFAULT_TENANT.to_string(), |t| t.name.clone())
}

/// Every tenant the configuration defines (the default one first).
pub fn tenants(config: &Config) -> Vec<Tenant> {
    let mut names: Vec<Option<&str>> = vec![None];
    names.extend(
        config
            .tenants
            .keys()
            .filter(|k| *k != DEFAULT_TENANT)
            .map(|k| Some(k.as_str())),
    );
    names
        .into_iter()
        .filter_map(|n| config.tenant(n).ok())
        .collect()
}

/// Is this number (or the Messaging Service a text came through) a tenant's sender? Texts
/// to it are replies to campaigns.
pub fn is_sender(config: &Config, number: &str, messaging_service_sid: Option<&str>) -> bool {
    tenants(config).iter().any(|t| {
        t.from.as_deref() == Some(number)
            || (messaging_service_sid.is_some()
                && t.messaging_service_sid.as_deref() == messaging_service_sid)
    })
}

/// The list in the store, and its audit log.
#[derive(Clone)]
pub struct OptOuts {
    pub store: Store,
    pub audit: Audit,
}

impl OptOuts {
    pub fn new(store: Store) -> OptOuts {
        OptOuts {
            audit: Audit::new(store.clone(), AUDIT),
            store,
        }
    }

    /// Has `number` opted out of `scope`'s messages?
    pub async fn is_out(&self, scope: &Scope, number: &str) -> anyhow::Result<bool> {
        Ok(self.store.get(&scope.key(number)).await?.is_some())
    }

    /// Every number opted out of `scope` (one LIST: the numbers are the keys).
    pub async fn numbers(&self, scope: &Scope) -> anyhow::Result<HashSet<String>> {
        let prefix = scope.prefix();
        Ok(self
            .store
            .list(&prefix)
            .await?
            .into_iter()
            .filter_map(|k| {
                k.strip_prefix(&prefix)?
                    .strip_suffix(".json")
                    .map(str::to_string)
            })
            .collect())
    }

    /// Writes one opt-out unless there is one (create-if-absent); `true` when written.
    /// Not audited: callers audit what they did as a whole.
    pub async fn put(&self, scope: &Scope, number: &str, source: &str) -> anyhow::Result<bool> {
        let entry = Entry {
            number: number.to_string(),
            sender: scope.sender.clone(),
            tenant: scope.tenant.clone(),
            since: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            source: source.to_string(),
        };
        Ok(matches!(
            self.store
                .put_json(&scope.key(number), &entry, Condition::IfAbsent)
                .await?,
            Put::Written(_)
        ))
    }

    /// Removes one opt-out if there is one; `true` when removed. Not audited.
    pub async fn remove(&self, scope: &Scope, number: &str) -> anyhow::Result<bool> {
        let key = scope.key(number);
        if self.store.get(&key).await?.is_none() {
            return Ok(false);
        }
        self.store.delete(&key).await?;
        Ok(true)
    }

    /// Opts `number` out of (or back in to) each scope; audits once if anything changed.
    /// The scopes changed, in order.
    pub async fn set(
        &self,
        keyword: Keyword,
        scopes: &[Scope],
        number: &str,
        source: &str,
        actor: &Actor,
    ) -> anyhow::Result<Vec<Scope>> {
        let mut changed = Vec::new();
        for scope in scopes {
            let did = match keyword {
                Keyword::Out => self.put(scope, number, source).await?,
                Keyword::In => self.remove(scope, number).await?,
            };
            if did {
                changed.push(scope.clone());
            }
        }
        if !changed.is_empty() {
            self.audit
                .append(actor, &change(keyword, number, &changed, source))
                .await?;
        }
        Ok(changed)
    }

    /// The scopes of `tenant` (or of every tenant) that have opt-outs.
    pub async fn scopes(&self, tenant: Option<&str>) -> anyhow::Result<BTreeSet<Scope>> {
        let prefix = match tenant {
            Some(t) => format!("{LIST}{t}/"),
            None => LIST.to_string(),
        };
        Ok(self
            .store
            .list(&prefix)
            .await?
            .iter()
            .filter_map(|k| {
                let mut parts = k.strip_prefix(LIST)?.split('/');
                Some(Scope::new(parts.next()?, parts.next()?))
            })
            .collect())
    }

    /// Every entry of `tenant` (or of every tenant), optionally one sender's, sorted.
    pub async fn entries(
        &self,
        tenant: Option<&str>,
        sender: Option<&str>,
    ) -> anyhow::Result<Vec<Entry>> {
        let prefix = match (tenant, sender) {
            (Some(t), Some(s)) => Scope::new(t, s).prefix(),
            (Some(t), None) => format!("{LIST}{t}/"),
            _ => LIST.to_string(),
        };
        let keys: Vec<String> = self
            .store
            .list(&prefix)
            .await?
            .into_iter()
            .filter(|k| sender.is_none_or(|s| k.split('/').nth(3) == Some(s)))
            .collect();
        let mut tasks = tokio::task::JoinSet::new();
        let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(32));
        for key in keys {
            let (store, limit) = (self.store.clone(), limit.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire_owned().await;
                store.get_json::<Entry>(&key).await
            });
        }
        let mut out = Vec::new();
        while let Some(res) = tasks.join_next().await {
            if let Some((entry, _)) = res?? {
                out.push(entry);
            }
        }
        out.sort_by(|a, b| {
            (&a.tenant, &a.sender, &a.number).cmp(&(&b.tenant, &b.sender, &b.number))
        });
        Ok(out)
    }
}

fn change(keyword: Keyword, number: &str, scopes: &[Scope], source: &str) -> Change {
    let senders: Vec<String> = scopes
        .iter()
        .map(|s| format!("{}/{}", s.tenant, s.sender))
        .collect();
    let entry = json!({"number": number, "scopes": senders, "source": source});
    let (action, verb, before, after) = match keyword {
        Keyword::Out => ("optout", "opted out of", serde_json::Value::Null, entry),
        Keyword::In => ("optin", "opted back in to", entry, serde_json::Value::Null),
    };
    Change {
        action: action.to_string(),
        summary: format!("{number} {verb} {} ({source})", senders.join(", ")),
        before,
        after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_whole_messages_in_any_case() {
        for w in [
            "STOP",
            "stop",
            " Stop\n",
            "STOPALL",
            "unsubscribe",
            "Cancel",
            "END",
            "quit",
            "REVOKE",
            "optout",
        ] {
            assert_eq!(keyword(w, None), Some(Keyword::Out), "{w:?}");
        }
        for w in ["HELP", "info", " Help "] {
            assert_eq!(keyword(w, None), None, "{w:?} records nothing");
            assert!(is_help(w, None), "{w:?}");
        }
        assert!(is_help("aide", Some("HELP")));
        assert!(!is_help("help me", None));
        for w in ["START", "yes", "Unstop"] {
            assert_eq!(keyword(w, None), Some(Keyword::In), "{w:?}");
        }
        for w in ["STOP PLEASE", "please stop", "WHO", "", "stopp", "TAKE"] {
            assert_eq!(keyword(w, None), None, "{w:?}");
        }
        // A Messaging Service's own keywords, as Advanced Opt-Out reports them.
        assert_eq!(keyword("ARRET", Some("STOP")), Some(Keyword::Out));
        assert_eq!(keyword("go on", Some("START")), Some(Keyword::In));
        assert_eq!(keyword("info", Some("HELP")), None);
    }

    #[test]
    fn an_inbound_text_finds_its_tenant() {
        let config: Config = toml::from_str(
            r#"
[twilio]
account_sid = "AC00000000000000000000000000000000"
[send]
from = "+15550000001"
[tenants.acme]
account_sid = "AC11111111111111111111111111111111"
from = "+15550000002"
[tenants.beta]
account_sid = "AC22222222222222222222222222222222"
messaging_service_sid = "MG22222222222222222222222222222222"
"#,
        )
        .unwrap();
        assert_eq!(tenant_of(&config, None, "+15550000002", None), "acme");
        assert_eq!(
            tenant_of(
                &config,
                None,
                "+15559999999",
                Some("MG22222222222222222222222222222222")
            ),
            "beta"
        );
        assert_eq!(
            tenant_of(
                &config,
                Some("AC11111111111111111111111111111111"),
                "+15559999999",
                None
            ),
            "acme"
        );
        assert_eq!(tenant_of(&config, None, "+15550000001", None), "default");
        assert_eq!(tenant_of(&config, None, "+15559999999", None), "default");
        assert!(is_sender(&config, "+15550000002", None));
        assert!(is_sender(
            &config,
            "+15559999999",
            Some("MG22222222222222222222222222222222")
        ));
        assert!(!is_sender(&config, "+15559999999", None));
        assert!(!is_sender(
            &config,
            "+15559999999",
            Some("MG99999999999999999999999999999999")
        ));
    }
}
