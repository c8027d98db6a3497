//! `relay doctor`: every part of a deployment the configuration mentions, checked at once,
//! one line each — ✓, ✗ with what to do, `!` for what works but is worth a look, `-` for
//! what could not be checked because something it needs failed.
//!
//! Checks run concurrently, each within `--timeout`, and change nothing outside relay's
//! own probe objects (written under `doctor/` in the store and removed again): the Twilio
//! account is fetched, numbers listed, SMTP greeted with NOOP, RT's queues read, PagerDuty
//! sent a `resolve` for no incident, mailroom an event it refuses after checking the
//! secret.

use crate::config::{Config, Loaded, TicketsBackend};
use crate::exit;
use crate::oncall::Roster;
use crate::store::{Condition, Put, Store};
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    /// Works, but is worth a look (a configuration warning, nobody on call).
    Warning,
    Failed,
    /// Not checked: something it depends on failed (that line says what).
    Skipped,
}

impl Status {
    fn mark(self) -> &'static str {
        match self {
            Status::Ok => "✓",
            Status::Warning => "!",
            Status::Failed => "✗",
            Status::Skipped => "-",
        }
    }
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    pub check: String,
    pub status: Status,
    pub detail: String,
    /// What to do, for a failure or a warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Line {
    fn new(check: &str, status: Status, detail: impl Into<String>, fix: Option<String>) -> Line {
        Line {
            check: check.to_string(),
            status,
            detail: detail.into(),
            fix,
        }
    }
    pub fn ok(check: &str, detail: impl Into<String>) -> Line {
        Line::new(check, Status::Ok, detail, None)
    }
    pub fn failed(check: &str, detail: impl Into<String>, fix: impl Into<String>) -> Line {
        Line::new(check, Status::Failed, detail, Some(fix.into()))
    }
    pub fn warning(check: &str, detail: impl Into<String>, fix: impl Into<String>) -> Line {
        Line::new(check, Status::Warning, detail, Some(fix.into()))
    }
    pub fn skipped(check: &str, detail: impl Into<String>) -> Line {
        Line::new(check, Status::Skipped, detail, None)
    }
}

/// The report as text: one line per check, the fix indented under it, then a summary.
pub fn render(lines: &[Line], elapsed: Duration) -> String {
    let width = lines
        .iter()
        .map(|l| l.check.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        out.push_str(&format!(
            "{} {:<width$}  {}\n",
            l.status.mark(),
            l.check,
            l.detail
        ));
        if let Some(fix) = &l.fix {
            out.push_str(&format!("  {:<width$}  → {fix}\n", ""));
        }
    }
    let count = |s: Status| lines.iter().filter(|l| l.status == s).count();
    let mut summary = vec![format!("{} ✓", count(Status::Ok))];
    for (s, word) in [
        (Status::Failed, "✗"),
        (Status::Warning, "!"),
        (Status::Skipped, "not checked"),
    ] {
        if count(s) > 0 {
            summary.push(format!("{} {word}", count(s)));
        }
    }
    out.push_str(&format!(
        "{} checks in {:.1} s: {}\n",
        lines.len(),
        elapsed.as_secs_f64(),
        summary.join(", ")
    ));
    out
}

/// Exit 1 when any check failed (warnings and skipped lines do not count: a skipped
/// line's cause has failed already).
pub fn exit_code(lines: &[Line]) -> u8 {
    if lines.iter().any(|l| l.status == Status::Failed) {
        exit::FOUND_PROBLEM
    } else {
        exit::OK
    }
}

/// The configuration line (pure): where it was read, and its warnings.
pub fn config_line(loaded: &Loaded) -> Line {
    let from = match &loaded.path {
        Some(p) => p.display().to_string(),
        None => "no file: the defaults".to_string(),
    };
    let warnings = crate::config::warnings(&loaded.config);
    if warnings.is_empty() {
        Line::ok("config", from)
    } else {
        Line::warning(
            "config",
            format!("{from}: {}", warnings.join("; ")),
            "see `relay config check`; each warning says how to settle it",
        )
    }
}

/// `relay doctor`.
pub async fn run(
    loaded: Result<Loaded, crate::config::ConfigError>,
    json: bool,
    timeout: Duration,
) -> anyhow::Result<u8> {
    let start = Instant::now();
    let lines = match loaded {
        Ok(loaded) => check_all(&loaded, timeout).await,
        Err(e) => vec![Line::failed(
            "config",
            e.to_string(),
            "fix relay.toml; `relay config check` shows what relay reads",
        )],
    };
    let elapsed = start.elapsed();
    if json {
        crate::output::json(&serde_json::json!({
            "ok": exit_code(&lines) == exit::OK,
            "seconds": (elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
            "checks": lines,
        }))?;
    } else {
        print!("{}", render(&lines, elapsed));
    }
    Ok(exit_code(&lines))
}

type Check = Pin<Box<dyn Future<Output = Vec<Line>> + Send>>;

/// Every check the configuration calls for, run concurrently, in a fixed order.
pub async fn check_all(loaded: &Loaded, timeout: Duration) -> Vec<Line> {
    let config = Arc::new(loaded.config.clone());
    let mut lines = vec![config_line(loaded)];
    let store = match Store::open(&config.store).await {
        Ok(s) => s,
        Err(e) => {
            lines.push(Line::failed(
                "store",
                e.to_string(),
                "fix [store] url in relay.toml (docs/store.md)",
            ));
            return lines;
        }
    };
    // The roster says which numbers are relay's and where mail goes: read first.
    let roster = tokio::time::timeout(timeout, roster(&config, &store))
        .await
        .unwrap_or_else(|_| Err(format!("no answer within {} s", timeout.as_secs())));
    // The clients' own limits lie just beyond the check's, so a hang reads the same
    // whichever check meets it.
    let inner = timeout + Duration::from_secs(1);
    let http = http(inner);
    let mut checks: Vec<(String, Check)> = vec![
        ("store".into(), Box::pin(store_basic(store.clone()))),
        (
            "store conditional writes".into(),
            Box::pin(store_conditions(store.clone())),
        ),
    ];
    // A tickets-only or alert-only team has no roster to check.
    if config.uses_roster() {
        checks.push(("roster".into(), {
            let r = roster.clone();
            Box::pin(async move { vec![roster_line(&r)] })
        }));
    }
    for tenant in crate::optout::tenants(&config) {
        let (config, roster) = (config.clone(), roster.clone().ok().flatten());
        checks.push((
            twilio_line(&tenant),
            Box::pin(async move { twilio(&config, roster.as_deref(), &tenant).await }),
        ));
    }
    checks.push((
        "public_url".into(),
        Box::pin(public_url(config.clone(), store.clone(), http.clone())),
    ));
    if let Ok(Some(r)) = &roster
        && let Some(m) = &r.current_config.mail_settings
        && crate::pager::mail::usable(Some(m))
    {
        let m = m.clone();
        service(
            &mut checks,
            "smtp",
            "check that the mail server is up, and the roster's mail settings (`relay oncall show`; `relay oncall set mail_server|mail_port|mail_use_tls|mail_username|mail_password ...`)",
            async move {
                let what = crate::pager::mail::check(&m, inner).await?;
                Ok(format!("{what}; no mail sent"))
            },
        );
    }
    integrations(&config, &store, &http, &mut checks);
    checks.push((
        "deliveries".into(),
        Box::pin(deliveries(config.clone(), store.clone())),
    ));

    let mut set = tokio::task::JoinSet::new();
    for (i, (name, check)) in checks.into_iter().enumerate() {
        set.spawn(async move {
            let lines = match tokio::time::timeout(timeout, check).await {
                Ok(lines) => lines,
                Err(_) => vec![Line::failed(
                    &name,
                    format!("no answer within {} s", timeout.as_secs()),
                    "something on the way hangs: check that it is reachable from here (firewall, DNS, proxy), or give it longer with --timeout",
                )],
            };
            (i, lines)
        });
    }
    let mut done: Vec<(usize, Vec<Line>)> = set.join_all().await;
    done.sort_by_key(|(i, _)| *i);
    lines.extend(done.into_iter().flat_map(|(_, l)| l));
    lines
}

/// The client for relay's own URL and the integrations' reachability: no redirects (a
/// redirect could carry credentials elsewhere), the check's timeout.
fn http(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("relay-doctor/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a TLS client can be built")
}

type RosterRead = Result<Option<Arc<Roster>>, String>;

async fn roster(config: &Config, store: &Store) -> RosterRead {
    let oncall = crate::oncall::service::Oncall::new(store.clone(), config.oncall.clone());
    match oncall.try_load_shared().await {
        Ok(r) => Ok(r.map(|(r, _)| r)),
        Err(e) => Err(format!("{e:#}")),
    }
}

fn roster_line(r: &RosterRead) -> Line {
    match r {
        Err(e) => Line::failed(
            "roster",
            format!("cannot be read: {e}"),
            "see the store line above",
        ),
        Ok(None) => Line::warning(
            "roster",
            "no roster in the store: the control line, the pager and the on-call target have no one to reach",
            "`relay oncall init` (or `--import` an oncall-twilio file), then `relay oncall add`",
        ),
        Ok(Some(r)) => {
            let members = r.available_users.users.len();
            match &r.current_config.oncall_user {
                Some(m) => Line::ok(
                    "roster",
                    format!("{members} member(s); {} ({}) is on call", m.name, m.id),
                ),
                None => Line::warning(
                    "roster",
                    format!(
                        "{members} member(s); nobody is on call: pages and alerts reach no one"
                    ),
                    "`relay oncall take MEMBER`, or a member texts TAKE to the control line",
                ),
            }
        }
    }
}

/// Read, write, list and delete a probe object.
async fn store_basic(store: Store) -> Vec<Line> {
    const NAME: &str = "store";
    // Flat under doctor/: the file backend leaves no directory per run behind.
    let key = format!("doctor/{:016x}-probe", rand::random::<u64>());
    let body = format!("relay doctor {}\n", crate::oncall::service::now_epoch()).into_bytes();
    let result: Result<(), String> = async {
        let e = |what: &str, err: crate::store::StoreError| format!("{what}: {err}");
        let _ = store
            .put(&key, body.clone(), Condition::Always)
            .await
            .map_err(|err| e("cannot write", err))?;
        let got = store.get(&key).await.map_err(|err| e("cannot read", err))?;
        if got.map(|o| o.bytes) != Some(body.clone()) {
            return Err(format!("{key} was written but read back different"));
        }
        let listed = store
            .list("doctor/")
            .await
            .map_err(|err| e("cannot list", err))?;
        if !listed.contains(&key) {
            return Err(format!("{key} was written but is not listed"));
        }
        store
            .delete(&key)
            .await
            .map_err(|err| e("cannot delete", err))?;
        if store
            .get(&key)
            .await
            .map_err(|err| e("cannot read", err))?
            .is_some()
        {
            return Err(format!("{key} is still there after a delete"));
        }
        Ok(())
    }
    .await;
    let _ = store.delete(&key).await;
    vec![match result {
        Ok(()) => Line::ok(
            NAME,
            format!("{}: read, write, list and delete work", store.describe()),
        ),
        Err(e) => Line::failed(
            NAME,
            format!("{}: {e}", store.describe()),
            "check store.url and the credentials relay runs with (for S3: the bucket, region, endpoint and the policy's s3:GetObject, PutObject, ListBucket, DeleteObject)",
        ),
    }]
}

/// What a store's conditional writes did (pure): `None` when both held.
pub fn conditions_verdict(second_create: &Put, stale_match: &Put) -> Option<String> {
    let mut wrong = Vec::new();
    if let Put::Written(_) = second_create {
        wrong.push("a second create-if-absent of one key was written, not refused (If-None-Match: * is ignored)");
    }
    if let Put::Written(_) = stale_match {
        wrong.push("a write with a stale version was written, not refused (If-Match is ignored)");
    }
    (!wrong.is_empty()).then(|| wrong.join("; "))
}

/// Create-if-absent twice must conflict; If-Match with a version already replaced must
/// conflict. relay's exactly-once guarantees (idempotency claims, leases, the roster's
/// compare-and-swap) stand on both.
pub async fn store_conditions(store: Store) -> Vec<Line> {
    const NAME: &str = "store conditional writes";
    let run = format!("doctor/{:016x}", rand::random::<u64>());
    let (once, versioned) = (format!("{run}-create"), format!("{run}-match"));
    let result: Result<Option<String>, crate::store::StoreError> = async {
        let first = store.put(&once, b"1".to_vec(), Condition::IfAbsent).await?;
        if first == Put::Conflict {
            return Ok(Some(format!(
                "a create-if-absent of the new key {once} was refused"
            )));
        }
        let second = store.put(&once, b"2".to_vec(), Condition::IfAbsent).await?;
        let Put::Written(v1) = store
            .put(&versioned, b"a".to_vec(), Condition::IfAbsent)
            .await?
        else {
            return Ok(Some(format!(
                "a create-if-absent of the new key {versioned} was refused"
            )));
        };
        let Put::Written(_) = store
            .put(&versioned, b"b".to_vec(), Condition::IfMatch(v1.clone()))
            .await?
        else {
            return Ok(Some(
                "a write with the current version was refused (If-Match)".to_string(),
            ));
        };
        let stale = store
            .put(&versioned, b"c".to_vec(), Condition::IfMatch(v1))
            .await?;
        Ok(conditions_verdict(&second, &stale))
    }
    .await;
    for k in [&once, &versioned] {
        let _ = store.delete(k).await;
    }
    vec![match result {
        Ok(None) => Line::ok(
            NAME,
            "create-if-absent and If-Match are enforced (probe objects removed)",
        ),
        Ok(Some(wrong)) => Line::failed(
            NAME,
            format!("{}: {wrong}", store.describe()),
            "relay's exactly-once guarantees need conditional writes: use AWS S3 or an S3-compatible server that enforces If-None-Match and If-Match on PUT (a recent MinIO does), or a file:// store",
        ),
        Err(e) => Line::failed(NAME, e.to_string(), "see the store line above"),
    }]
}

fn twilio_line(tenant: &crate::config::Tenant) -> String {
    if tenant.name == crate::config::DEFAULT_TENANT {
        "twilio".to_string()
    } else {
        format!("twilio (tenant {})", tenant.name)
    }
}

/// The tenant's Twilio credentials (the account is fetched), then each number relay uses
/// for it: in the account, and pointing at this relay (as `relay numbers list`).
async fn twilio(
    config: &Config,
    roster: Option<&Roster>,
    tenant: &crate::config::Tenant,
) -> Vec<Line> {
    let default = tenant.name == crate::config::DEFAULT_TENANT;
    let name = twilio_line(tenant);
    let mut numbers: Vec<String> = Vec::new();
    if default {
        numbers.extend(config.numbers.keys().cloned());
        if let Some(r) = roster {
            let cc = &r.current_config;
            numbers.extend([cc.from_phone.clone(), cc.pager_phone.clone()]);
        }
    }
    numbers.extend(tenant.from.clone().filter(|f| f.starts_with('+')));
    numbers.retain(|n| !n.is_empty());
    numbers.sort();
    numbers.dedup();
    let number_line = |n: &str| format!("number {n}");
    let client = match crate::twilio::api::Client::from_config(&tenant.twilio) {
        Ok(c) => c,
        Err(e) => {
            let mut out = vec![Line::failed(
                &name,
                e,
                if default {
                    "set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or [twilio] in relay.toml)"
                        .to_string()
                } else {
                    format!(
                        "set account_sid and auth_token under [tenants.{}]",
                        tenant.name
                    )
                },
            )];
            out.extend(
                numbers
                    .iter()
                    .map(|n| Line::skipped(&number_line(n), "not checked: no Twilio credentials")),
            );
            return out;
        }
    };
    let account = match client.fetch_account().await {
        Ok(a) => a,
        Err(e) => {
            let fix = match &e {
                crate::twilio::api::ApiError::Twilio { status: 401, .. } => {
                    "Twilio refused the credentials: check the account SID and auth token (or API key and secret) in the console's API keys & tokens page"
                }
                _ => "check that this machine reaches api.twilio.com (or twilio.api_base_url)",
            };
            let mut out = vec![Line::failed(&name, e.to_string(), fix)];
            out.extend(numbers.iter().map(|n| {
                Line::skipped(
                    &number_line(n),
                    "not checked: Twilio's account could not be read",
                )
            }));
            return out;
        }
    };
    let status = account.status.as_deref().unwrap_or("active");
    let about = format!(
        "account {} ({}, {})",
        account.sid,
        account.friendly_name.as_deref().unwrap_or("unnamed"),
        status
    );
    let mut out = vec![if status == "active" {
        Line::ok(&name, format!("{about}: credentials accepted"))
    } else {
        Line::failed(
            &name,
            format!("{about}: the account is {status}"),
            "Twilio sends and answers nothing for an account that is not active: see the console's account page",
        )
    }];
    if numbers.is_empty() {
        return out;
    }
    let listed = match client.incoming_numbers().await {
        Ok(l) => l,
        Err(e) => {
            out.extend(numbers.iter().map(|n| {
                Line::failed(
                    &number_line(n),
                    format!("the account's numbers cannot be listed: {e}"),
                    "run `relay numbers list` to see Twilio's answer",
                )
            }));
            return out;
        }
    };
    let public = config.serve.public_url.as_deref();
    for n in &numbers {
        let label = number_line(n);
        out.push(match listed.iter().find(|l| l.phone_number == *n) {
            None => Line::failed(
                &label,
                format!("not a number of account {}", account.sid),
                "buy or port it into this account, or take it out of relay.toml ([numbers], a tenant's from) or the roster",
            ),
            Some(l) => {
                let c = crate::numbers::check(config, roster, l, public);
                let role = c.role.unwrap_or_else(|| "no role".into());
                if c.problems.is_empty() {
                    Line::ok(&label, format!("{role}: its webhooks point at this relay"))
                } else {
                    Line::failed(
                        &label,
                        format!("{role}: {}", c.problems.join("; ")),
                        format!("relay numbers point {n}"),
                    )
                }
            }
        });
    }
    out
}

/// The public URL reaches this relay: `/healthz` answers, over valid TLS, with the identity
/// of the store this configuration uses.
async fn public_url(config: Arc<Config>, store: Store, http: reqwest::Client) -> Vec<Line> {
    const NAME: &str = "public_url";
    let Some(url) = config.serve.public_url.as_deref() else {
        return vec![Line::warning(
            NAME,
            "serve.public_url is not set: signatures are checked against the Host header, and numbers cannot be checked",
            "set serve.public_url to the URL Twilio is given, e.g. https://relay.example.com",
        )];
    };
    let plain = crate::url_credentials::without(url.trim_end_matches('/'));
    let health = format!("{plain}/healthz");
    let host = url::Url::parse(&plain)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let resp = match http.get(&health).send().await {
        Ok(r) => r,
        Err(e) => {
            let why = exit::chain(&e.without_url());
            let tls = why.to_ascii_lowercase().contains("certificate");
            return vec![Line::failed(
                NAME,
                format!("{health}: {why}"),
                if tls {
                    format!(
                        "the TLS certificate is not valid for {host}: install one that is (e.g. from Let's Encrypt) where TLS ends; Twilio refuses it too"
                    )
                } else {
                    format!(
                        "start `relay serve`, and check that {host} resolves and routes to it from here (DNS, firewall, the proxy's route)"
                    )
                },
            )];
        }
    };
    let status = resp.status().as_u16();
    let body: serde_json::Value = resp.json().await.unwrap_or(serde_json::Value::Null);
    let answered = body["instance"].as_str().map(str::to_string);
    if status == 503 && body["status"] == "store unreachable" {
        return vec![Line::failed(
            NAME,
            format!("{health}: relay answers, but cannot reach its store (503)"),
            "see relay serve's log for the store's error",
        )];
    }
    let Some(answered) = answered.filter(|_| status == 200) else {
        return vec![Line::failed(
            NAME,
            format!("{health} answered {status}, and not as relay does"),
            format!(
                "something other than relay answers at {host}: check that the proxy routes {plain} to relay serve"
            ),
        )];
    };
    let ours = match store.read_identity().await {
        Ok(ours) => ours,
        Err(e) => {
            return vec![Line::failed(
                NAME,
                format!("relay answers at {health}, but this store cannot be read to compare: {e}"),
                "see the store line above",
            )];
        }
    };
    let short = |id: &str| id.chars().take(8).collect::<String>();
    let version = body["version"].as_str().unwrap_or("?");
    match ours {
        Some(ours) if ours == answered => vec![Line::ok(
            NAME,
            format!(
                "{health} answers as this relay (instance {}, version {version})",
                short(&ours)
            ),
        )],
        Some(ours) => vec![Line::failed(
            NAME,
            format!(
                "{health} is another relay (instance {}; this store's is {})",
                short(&answered),
                short(&ours)
            ),
            "public_url reaches a relay with another store: point the URL (DNS, proxy) at this relay, or give both the same store.url",
        )],
        None => vec![Line::failed(
            NAME,
            format!(
                "{health} is a relay (instance {}), but no relay has served from this store ({})",
                short(&answered),
                store.describe()
            ),
            "the relay behind public_url uses another store: give it this store.url, or run doctor with its relay.toml",
        )],
    }
}

/// An answer from `url`'s host (any HTTP status): reachable, TLS valid. Nothing is posted.
async fn reachable(http: &reqwest::Client, url: &str) -> Result<String, String> {
    let mut u = url::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
    u.set_query(None);
    u.set_path("/");
    let _ = u.set_username("");
    let _ = u.set_password(None);
    http.get(u.clone())
        .send()
        .await
        .map(|_| u.host_str().unwrap_or_default().to_string())
        .map_err(|e| exit::chain(&e.without_url()))
}

/// A check of one service, one line: ✓ with what held, or ✗ with the error and `fix`.
/// Unfinished work waiting longer than this is reported as stuck.
const STUCK_SECS: i64 = 3600;

/// One line per kind of durable work the configuration uses (or that has work left):
/// what is pending, failing or given up, how old the oldest is, and the commands that show
/// and retry it.
async fn deliveries(config: Arc<Config>, store: Store) -> Vec<Line> {
    use crate::ticketer::deliver::{CALLBACKS, EVENTS};
    use crate::tickets::deliver::{INBOX, REPLIES};
    let tickets = config.tickets.is_some();
    let ticketer = config.ticketer.is_some();
    // What, where, whether the configuration uses it, and the `relay` command (and its
    // listing verb) that shows and retries it.
    #[rustfmt::skip]
    let kinds = [
        ("pager messages", crate::pager::MESSAGES, config.uses_pager(), "pager", "list"),
        ("alerts", crate::alert::ALERTS, config.alert.is_some(), "alerts", "list"),
        ("pages", crate::page::PAGES, config.alert.is_some() || config.pager.escalate, "alerts", "list"),
        ("texts to file", INBOX, tickets, "tickets", "pending"),
        ("ticket replies", REPLIES, tickets, "tickets", "pending"),
        ("RapidPro events", EVENTS, ticketer, "tickets", "pending"),
        ("RapidPro callbacks", CALLBACKS, ticketer, "tickets", "pending"),
    ];
    let now = crate::oncall::service::now_epoch();
    let mut lines = Vec::new();
    for (what, prefix, used, cmd, list) in kinds {
        let survey = match survey(&store, prefix, now).await {
            Ok(s) => s,
            Err(e) => {
                lines.push(Line::failed(
                    what,
                    format!("cannot be read: {e:#}"),
                    "see the store line above",
                ));
                continue;
            }
        };
        if used || survey.pending > 0 {
            let (show, retry) = (format!("relay {cmd} {list}"), format!("relay {cmd} retry"));
            lines.push(delivery_line(what, &survey, &show, &retry));
        }
    }
    lines
}

/// Every record under `prefix`, surveyed: their steps, and their age from the time each
/// kind writes (`at`, epoch seconds, or `at_ms` / `created_ms`).
async fn survey(store: &Store, prefix: &str, now: i64) -> anyhow::Result<crate::durable::Survey> {
    let mut s = crate::durable::Survey::default();
    let keys = store.list(prefix).await?;
    // Months of finished records on S3: read 64 at a time, not one by one.
    for chunk in keys.chunks(64) {
        let mut reads = tokio::task::JoinSet::new();
        for key in chunk {
            let (store, key) = (store.clone(), key.clone());
            reads.spawn(async move { store.get_json::<serde_json::Value>(&key).await });
        }
        while let Some(read) = reads.join_next().await {
            let Some((v, _)) = read?? else {
                continue;
            };
            let Ok(p) = serde_json::from_value::<crate::durable::Progress>(v.clone()) else {
                continue;
            };
            let made = v["at_ms"]
                .as_i64()
                .or_else(|| v["created_ms"].as_i64())
                .map(|ms| ms / 1000)
                .or_else(|| v["at"].as_i64());
            s.add(&p, made.map(|t| (now - t).max(0)));
        }
    }
    Ok(s)
}

/// The verdict on one kind of work: ✗ when something gave up or waited over an hour, !
/// while something fails and is retried, else ✓.
pub fn delivery_line(what: &str, s: &crate::durable::Survey, show: &str, retry: &str) -> Line {
    let fix = format!("`{show}` shows what and why; `{retry}` tries again now");
    let oldest = s
        .oldest_secs
        .map(|a| format!(", the oldest waiting {}", crate::output::duration_words(a)))
        .unwrap_or_default();
    if s.pending == 0 {
        Line::ok(what, "nothing pending")
    } else if s.given_up > 0 {
        Line::failed(
            what,
            format!(
                "{} pending, {} given up (failed too often, or refused){oldest}",
                s.pending, s.given_up
            ),
            fix,
        )
    } else if s.oldest_secs.is_some_and(|a| a > STUCK_SECS) {
        Line::failed(what, format!("{} pending{oldest}", s.pending), fix)
    } else if s.failing > 0 {
        Line::warning(
            what,
            format!(
                "{} pending, {} failing and retried{oldest}",
                s.pending, s.failing
            ),
            fix,
        )
    } else {
        Line::ok(what, format!("{} on their way{oldest}", s.pending))
    }
}

fn service(
    checks: &mut Vec<(String, Check)>,
    name: &'static str,
    fix: &'static str,
    work: impl Future<Output = anyhow::Result<String>> + Send + 'static,
) {
    checks.push((
        name.into(),
        Box::pin(async move {
            vec![match work.await {
                Ok(what) => Line::ok(name, what),
                Err(e) => Line::failed(name, format!("{e:#}"), fix),
            }]
        }),
    ));
}

/// RT, the ticketer's callback, and the alert line's services.
fn integrations(
    config: &Arc<Config>,
    store: &Store,
    http: &reqwest::Client,
    checks: &mut Vec<(String, Check)>,
) {
    if let Some(t) = &config.tickets
        && t.backend == TicketsBackend::Rt
    {
        let (t, store, cc) = (
            t.clone(),
            store.clone(),
            config.oncall.default_country_code.clone(),
        );
        service(
            checks,
            "rt",
            "check [tickets.rt] url, user and token (or password), and that RT is up",
            async move {
                crate::tickets::rt::Rt::new(&t, store, cc)?
                    .check(&t.queue)
                    .await
            },
        );
    }
    if config.ticketer.is_some() {
        let poster = crate::ticketer::deliver::Poster::new(store.clone());
        service(
            checks,
            "ticketer callback",
            "agents' replies cannot reach RapidPro until this works (they wait in the store)",
            async move { poster.check().await },
        );
    }
    let Some(alert) = &config.alert else { return };
    if let Some(xm) = alert.xmatters.clone() {
        let http = http.clone();
        checks.push((
            "xmatters".into(),
            Box::pin(async move { vec![xmatters(&http, &xm).await] }),
        ));
    }
    if let Some(pd) = alert.pagerduty.clone() {
        let http = http.clone();
        service(
            checks,
            "pagerduty",
            "check alert.pagerduty.routing_key: the Integration Key of the service's Events API v2 integration",
            async move {
                crate::alert::clients::pagerduty_probe(&http, &pd).await?;
                Ok(
                    "Events API v2 takes the routing key (a resolve for no incident: nothing made)"
                        .into(),
                )
            },
        );
    }
    if let Some(b) = alert.bitly.clone() {
        let http = http.clone();
        service(
            checks,
            "bitly",
            "check alert.bitly.token (Bitly: Settings > API); alerts carry the long link meanwhile",
            async move {
                let login = crate::alert::clients::bitly_user(&http, &b).await?;
                Ok(format!("the token is {login}'s"))
            },
        );
    }
    if let Some(w) = alert.webhook.clone() {
        let http = http.clone();
        service(
            checks,
            "alert webhook",
            "check alert.webhook.url and that its server is up",
            async move {
                let host = reachable(&http, &w.url).await.map_err(anyhow::Error::msg)?;
                Ok(format!(
                    "{host} answers (nothing posted; what it does with an alert is its own)"
                ))
            },
        );
    }
}

/// xMatters: the inbound integration's host answers, and with the integration user, every
/// authorised user is found (their VOICE devices are what lets them call).
async fn xmatters(http: &reqwest::Client, xm: &crate::config::XmattersConfig) -> Line {
    const NAME: &str = "xmatters";
    let host = match reachable(http, xm.url.expose()).await {
        Ok(h) => h,
        Err(e) => {
            return Line::failed(
                NAME,
                format!("the inbound integration's host: {e}"),
                "check alert.xmatters.url (copied from the integration's page) and that this machine reaches it",
            );
        }
    };
    let mut said = vec![format!(
        "{host} answers (the integration's apiKey is only checked by an alert)"
    )];
    if xm.base_url.is_some() && xm.user.is_some() {
        let mut missing = Vec::new();
        for user in &xm.authorized_users {
            match crate::alert::clients::devices(http, xm, user).await {
                Ok(Some(numbers)) => {
                    said.push(format!("{user}: {} voice number(s)", numbers.len()))
                }
                Ok(None) => missing.push(user.clone()),
                Err(e) => {
                    return Line::failed(
                        NAME,
                        format!("{e:#}"),
                        "check alert.xmatters.base_url, user and password (a REST Web Service User)",
                    );
                }
            }
        }
        if !missing.is_empty() {
            return Line::failed(
                NAME,
                format!("xMatters has no user {}", missing.join(", ")),
                "correct alert.xmatters.authorized_users (xMatters user ids)",
            );
        }
        said.push(format!(
            "integration user {} accepted",
            xm.user.as_deref().unwrap_or("")
        ));
    }
    Line::ok(NAME, said.join("; "))
}

#[cfg(test)]
mod delivery_tests {
    use super::*;
    use crate::durable::{MAX_ATTEMPTS, Progress, Step, Survey};

    fn step(state: &str, attempts: u32) -> Step {
        Step {
            state: state.into(),
            attempts,
            ..Default::default()
        }
    }

    #[test]
    fn stuck_and_given_up_work_fails_with_the_commands_that_fix_it() {
        let mut s = Survey::default();
        s.add(
            &Progress::with([("a".into(), step("done", 1))]),
            Some(9_000),
        );
        assert_eq!(s, Survey::default(), "finished records count for nothing");
        let l = delivery_line("alerts", &s, "relay alerts list", "relay alerts retry");
        assert_eq!(
            (l.status, l.detail.as_str()),
            (Status::Ok, "nothing pending")
        );

        s.add(
            &Progress::with([("a".into(), step("pending", 0))]),
            Some(30),
        );
        let l = delivery_line("alerts", &s, "relay alerts list", "relay alerts retry");
        assert_eq!(l.status, Status::Ok, "{l:?}");
        assert_eq!(l.detail, "1 on their way, the oldest waiting 30 s");

        s.add(&Progress::with([("a".into(), step("failed", 2))]), Some(60));
        let l = delivery_line("alerts", &s, "relay alerts list", "relay alerts retry");
        assert_eq!(l.status, Status::Warning, "{l:?}");

        s.add(
            &Progress::with([("sms".into(), step("failed", MAX_ATTEMPTS))]),
            Some(90),
        );
        let l = delivery_line(
            "pager messages",
            &s,
            "relay pager list",
            "relay pager retry",
        );
        assert_eq!(l.status, Status::Failed, "{l:?}");
        assert!(l.detail.contains("3 pending, 1 given up"), "{l:?}");
        assert!(
            l.fix
                .as_deref()
                .unwrap()
                .contains("`relay pager retry` tries again now"),
            "{l:?}"
        );

        let mut old = Survey::default();
        old.add(
            &Progress::with([("a".into(), step("pending", 0))]),
            Some(7_300),
        );
        let l = delivery_line(
            "texts to file",
            &old,
            "relay tickets pending",
            "relay tickets retry",
        );
        assert_eq!(l.status, Status::Failed, "waiting over an hour: {l:?}");
        assert!(l.detail.contains("the oldest waiting 2 h"), "{l:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Backend, FileBackend, Object, StoreError, Version};

    /// A store that writes whatever it is asked, whatever the condition: what some
    /// S3-compatible servers do.
    struct Careless(FileBackend);

    #[async_trait::async_trait]
    impl Backend for Careless {
        fn describe(&self) -> String {
            "careless".into()
        }
        async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
            self.0.get(key).await
        }
        async fn put(&self, key: &str, b: Vec<u8>, _: Condition) -> Result<Put, StoreError> {
            self.0.put(key, b, Condition::Always).await
        }
        async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
            self.0.list(prefix).await
        }
        async fn delete(&self, key: &str) -> Result<(), StoreError> {
            self.0.delete(key).await
        }
    }

    fn file_store(dir: &std::path::Path) -> Store {
        Store::new(Arc::new(FileBackend::open(dir.to_str().unwrap()).unwrap()))
    }

    #[tokio::test]
    async fn a_store_that_ignores_conditions_fails_and_the_probe_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let good = store_conditions(file_store(dir.path())).await;
        assert_eq!(good[0].status, Status::Ok, "{good:?}");
        let careless = Store::new(Arc::new(Careless(
            FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
        )));
        let bad = store_conditions(careless).await;
        assert_eq!(bad[0].status, Status::Failed);
        assert!(
            bad[0].detail.contains("If-None-Match: * is ignored"),
            "{bad:?}"
        );
        assert!(bad[0].detail.contains("If-Match is ignored"), "{bad:?}");
        let basic = store_basic(file_store(dir.path())).await;
        assert_eq!(basic[0].status, Status::Ok, "{basic:?}");
        let left = file_store(dir.path()).list("doctor/").await.unwrap();
        assert!(left.is_empty(), "probe objects left behind: {left:?}");
    }

    #[test]
    fn the_verdict_names_each_condition_ignored() {
        let w = Put::Written(Version("v".into()));
        assert_eq!(conditions_verdict(&Put::Conflict, &Put::Conflict), None);
        let only_match = conditions_verdict(&Put::Conflict, &w).unwrap();
        assert!(only_match.contains("If-Match") && !only_match.contains("If-None-Match"));
        let only_create = conditions_verdict(&w, &Put::Conflict).unwrap();
        assert!(only_create.contains("If-None-Match") && !only_create.contains("stale"));
    }

    #[test]
    fn the_report_marks_each_line_and_counts_failures_only() {
        let lines = vec![
            Line::ok("store", "fine"),
            Line::failed("smtp", "connection refused", "start it"),
            Line::warning("roster", "nobody on call", "take"),
            Line::skipped("number +1", "not checked"),
        ];
        let text = render(&lines, Duration::from_millis(1200));
        assert!(text.contains("✓ store      fine\n"), "{text}");
        assert!(text.contains("✗ smtp       connection refused\n"), "{text}");
        assert!(text.contains("→ start it"), "{text}");
        assert!(text.contains("- number +1  not checked"), "{text}");
        assert!(
            text.ends_with("4 checks in 1.2 s: 1 ✓, 1 ✗, 1 !, 1 not checked\n"),
            "{text}"
        );
        assert_eq!(exit_code(&lines), exit::FOUND_PROBLEM);
        assert_eq!(exit_code(&lines[2..]), exit::OK, "warnings do not fail");
    }

    #[test]
    fn config_warnings_are_a_warning_line() {
        let mut loaded = Loaded {
            config: Config::default(),
            path: None,
            from_env: vec![],
        };
        loaded.config.pager.notify = Some(crate::config::Notify::TwilioLink);
        assert_eq!(config_line(&loaded).status, Status::Ok);
        loaded.config.pager.notify = Some(crate::config::Notify::Link);
        let l = config_line(&loaded);
        assert_eq!(l.status, Status::Warning);
        assert!(l.detail.contains("pager.notify"), "{l:?}");
    }
}
