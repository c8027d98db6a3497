//! `relay send`: outbound SMS and MMS from a creative, one message or a campaign, exactly
//! once across re-runs.
//!
//! Pure parts: [`creative`] (the file format), [`message`] (render and validate),
//! [`data`] (rows, streamed), [`key_of`] (a message's identity). The I/O: [`journal`] and
//! [`run`] (pacing, concurrency, retries, the Twilio client).

pub mod campaign;
pub mod creative;
pub mod data;
pub mod journal;
pub mod message;
pub mod report;
pub mod status;

use crate::audit::{Actor, Interface};
use crate::cli::{SendArgs, SendCommand};
use crate::config::{Config, Tenant};
use crate::exit;
use crate::optout::{self, OptOuts, Scope};
use crate::output;
use crate::store::Store;
use crate::twilio::api::{ApiError, Client, OutboundMessage};
use creative::Creative;
use journal::{Journal, Key, Known, Record, key_hex};
use message::Message;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// A message's identity: the tenant, the creative's text and the values of the
/// placeholders it uses (sorted by name). Unused columns and row order do not matter.
pub fn key_of(tenant: &str, creative_text: &str, used: &BTreeMap<&str, String>) -> Key {
    let mut h = Sha256::new();
    h.update(tenant.as_bytes());
    h.update([0]);
    h.update(creative_text.as_bytes());
    for (k, v) in used {
        h.update([0]);
        h.update(k.as_bytes());
        h.update([1]);
        h.update(v.as_bytes());
    }
    let d = h.finalize();
    u128::from_be_bytes(d[..16].try_into().expect("16 bytes"))
}

/// One message to send, rendered and checked.
#[derive(Clone, Debug)]
pub struct Item {
    pub row: usize,
    pub key: Key,
    pub message: Message,
}

/// The source of items: the creative applied to each row (or once, to `--var`s alone).
pub struct Plan {
    pub creative: Creative,
    pub creative_text: String,
    pub creative_path: PathBuf,
    pub vars: BTreeMap<String, String>,
    pub data: Option<PathBuf>,
    pub tenant: String,
    pub default_cc: Option<String>,
}

impl Plan {
    /// Every item in order, or the first problem of each row (file:line: row N: ...).
    pub fn items(&self) -> anyhow::Result<Box<dyn Iterator<Item = Result<Item, String>> + '_>> {
        let used = self.creative.vars();
        let make = move |row: usize, values: &BTreeMap<String, String>, whence: String| {
            let lookup = |name: &str| values.get(name).or_else(|| self.vars.get(name)).cloned();
            let msg = message::render(&self.creative, &lookup, self.default_cc.as_deref())
                .map_err(|e| format!("{whence}: {e}"))?;
            let used: BTreeMap<&str, String> = used
                .iter()
                .map(|n| (*n, lookup(n).unwrap_or_default()))
                .collect();
            Ok(Item {
                row,
                key: key_of(&self.tenant, &self.creative_text, &used),
                message: msg,
            })
        };
        match &self.data {
            None => {
                let whence = format!("{}", self.creative_path.display());
                Ok(Box::new(std::iter::once(make(1, &BTreeMap::new(), whence))))
            }
            Some(path) => {
                let rows = data::open(path).map_err(|e| exit::input(e.to_string()))?;
                let path = path.clone();
                Ok(Box::new(rows.map(move |r| match r {
                    Ok(row) => make(
                        row.number,
                        &row.values,
                        format!("{}:{}: row {}", path.display(), row.line, row.number),
                    ),
                    Err(e) => Err(e.to_string()),
                })))
            }
        }
    }
}

/// `--var K=V` pairs.
pub fn parse_vars(vars: &[String]) -> anyhow::Result<BTreeMap<String, String>> {
    vars.iter()
        .map(|kv| {
            kv.split_once('=')
                .filter(|(k, _)| !k.trim().is_empty())
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| {
                    exit::input(format!(
                        "--var {kv:?}: give NAME=VALUE, e.g. --var firstname=Ada"
                    ))
                })
        })
        .collect()
}

/// Even spacing between sends: `rate` per second, exactly, whatever the concurrency.
pub struct Pacer {
    interval: Option<Duration>,
    next: std::sync::Mutex<tokio::time::Instant>,
}

impl Pacer {
    pub fn new(rate: Option<f64>) -> Pacer {
        Pacer {
            interval: rate
                .filter(|r| *r > 0.0)
                .map(|r| Duration::from_secs_f64(1.0 / r)),
            next: std::sync::Mutex::new(tokio::time::Instant::now()),
        }
    }

    pub async fn wait(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let now = tokio::time::Instant::now();
            let slot = (*next).max(now);
            *next = slot + interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// Backoff before attempt `n` (1-based, n >= 1 after the first failure): exponential
/// from 250 ms, capped at 20 s, with full jitter; at least Retry-After when given.
pub fn backoff(n: u32, retry_after: Option<Duration>) -> Duration {
    let cap = Duration::from_millis(250)
        .saturating_mul(1u32 << n.min(7))
        .min(Duration::from_secs(20));
    let jittered = cap.mul_f64(rand::random::<f64>());
    retry_after.map_or(jittered, |r| r.max(jittered))
}

/// What happened to one item.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub row: usize,
    pub key: String,
    pub to: String,
    /// `sent`, `skipped` (see `reason`), `failed`, `dry-run`.
    pub status: &'static str,
    /// Why a message was skipped: `sent before` (by an earlier run) or `opted out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub attempts: u32,
    /// Found at Twilio after an earlier run stopped without its answer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub recovered: bool,
}

#[derive(Default, Debug, Serialize)]
pub struct Summary {
    pub messages: usize,
    pub sent: usize,
    /// Sent by an earlier run.
    pub skipped: usize,
    /// Not sent: the recipient opted out (STOP, or Twilio's error 21610).
    pub opted_out: usize,
    pub failed: usize,
    pub recovered: usize,
    pub retries: usize,
    /// Failures by reason ("21211: The 'To' number ... is not valid").
    pub failures: BTreeMap<String, usize>,
    pub seconds: f64,
    pub per_second: f64,
}

/// Who a message is sent from: the creative's FROM; else the tenant's Messaging Service;
/// else the tenant's default number. `(From, MessagingServiceSid)`, one of them set.
pub fn sender(msg: &Message, tenant: &Tenant) -> (Option<String>, Option<String>) {
    match (&msg.from, &tenant.messaging_service_sid) {
        (Some(f), _) => (Some(f.clone()), None),
        (None, Some(mss)) => (None, Some(mss.clone())),
        (None, None) => (tenant.from.clone(), None),
    }
}

/// The sender a message's opt-outs are kept under: its From, else its Messaging Service.
pub fn sender_scope(msg: &Message, tenant: &Tenant) -> Option<Scope> {
    let (from, mss) = sender(msg, tenant);
    from.or(mss).map(|s| Scope::new(&tenant.name, &s))
}

/// The request for one rendered message; `status_callback` is relay's status route, when
/// it has a public URL.
pub fn outbound(msg: &Message, tenant: &Tenant, status_callback: Option<&str>) -> OutboundMessage {
    let (from, messaging_service_sid) = sender(msg, tenant);
    OutboundMessage {
        to: msg.to.clone(),
        from,
        messaging_service_sid,
        body: (!msg.body.is_empty()).then(|| msg.body.clone()),
        media_urls: msg.media_urls.clone(),
        status_callback: status_callback.map(str::to_string),
    }
}

/// relay's status callback URL: serve.public_url (credentials and all) plus the route.
pub fn status_callback(config: &Config) -> Option<String> {
    config
        .serve
        .public_url
        .as_deref()
        .map(|base| format!("{}{}", base.trim_end_matches('/'), status::CALLBACK_PATH))
}

/// Is this Twilio's refusal of a recipient who texted STOP?
pub fn is_unsubscribed(e: &ApiError) -> bool {
    matches!(e, ApiError::Twilio { code: Some(c), .. } if *c == optout::ERROR_UNSUBSCRIBED)
}

/// Records an opt-out Twilio told relay of (error 21610). A failure is the caller's to
/// report: the send's outcome stands either way.
pub async fn record_refusal(
    optouts: &OptOuts,
    scope: Option<Scope>,
    to: &str,
) -> anyhow::Result<()> {
    let Some(scope) = scope else { return Ok(()) };
    let actor = Actor {
        name: format!("twilio error {}", optout::ERROR_UNSUBSCRIBED),
        interface: Interface::Twilio,
    };
    optouts
        .set(optout::Keyword::Out, &[scope], to, "twilio-21610", &actor)
        .await
        .map(|_| ())
}

/// Sends one message with retries; `since_ms` is set when an earlier attempt (this run or
/// a crashed one) may have created it, and Twilio is asked first.
pub async fn deliver(
    client: &Client,
    out: &OutboundMessage,
    item: &Item,
    mut maybe_since_ms: Option<i64>,
    max_attempts: u32,
    stop: &AtomicBool,
) -> (Result<(String, bool), ApiError>, u32) {
    let msg = &item.message;
    let mut attempts = 0;
    loop {
        if let Some(since) = maybe_since_ms {
            match find_existing(client, msg, since).await {
                Ok(Some(sid)) => return (Ok((sid, true)), attempts),
                Ok(None) => maybe_since_ms = None,
                Err(e) if e.is_retryable() && attempts + 1 < max_attempts => {
                    attempts += 1;
                    tokio::time::sleep(backoff(attempts, None)).await;
                    continue;
                }
                Err(e) => return (Err(e), attempts),
            }
        }
        attempts += 1;
        match client.send_message(out).await {
            Ok(sent) => return (Ok((sent.sid, false)), attempts),
            Err(e)
                if e.is_retryable() && attempts < max_attempts && !stop.load(Ordering::Relaxed) =>
            {
                if e.may_have_acted() {
                    maybe_since_ms = Some(now_ms() - 120_000);
                }
                let retry_after = match &e {
                    ApiError::Twilio { retry_after, .. } => *retry_after,
                    _ => None,
                };
                tracing::debug!("row {}: attempt {attempts}: {e}", item.row);
                tokio::time::sleep(backoff(attempts, retry_after)).await;
            }
            Err(e) => return (Err(e), attempts),
        }
    }
}

/// A message to the same number with the same body, created at or after `since_ms`.
async fn find_existing(
    client: &Client,
    msg: &Message,
    since_ms: i64,
) -> Result<Option<String>, ApiError> {
    client.find_sent(&msg.to, &msg.body, since_ms).await
}

pub use crate::twilio::api::parse_rfc2822_ms;

pub use crate::oncall::service::now_ms;

fn default_journal(args: &SendArgs, creative: &Path) -> PathBuf {
    let base: &Path = args.data.as_deref().unwrap_or(creative);
    let mut name = base.file_name().unwrap_or_default().to_os_string();
    name.push(".journal.jsonl");
    base.with_file_name(name)
}

pub async fn run(args: &SendArgs, config: &Config) -> anyhow::Result<u8> {
    if let Some(SendCommand::Report(r)) = &args.action {
        return report::run(r, config).await;
    }
    let started = Instant::now();
    let creative_path = args
        .creative
        .clone()
        .ok_or_else(|| exit::input("give the creative file: relay send CREATIVE [--data FILE]"))?;
    let creative_text = std::fs::read_to_string(&creative_path)
        .map_err(|e| exit::input(format!("{}: {e}", creative_path.display())))?;
    let creative = creative::parse(&creative_text)
        .map_err(|e| exit::input(format!("{}:{e}", creative_path.display())))?;
    let tenant = config.tenant(args.tenant.as_deref()).map_err(exit::input)?;
    let campaign_name = args
        .campaign
        .clone()
        .unwrap_or_else(|| campaign::default_name(&creative_path, args.data.as_deref()));
    campaign::check_name(&campaign_name)?;
    let plan = Plan {
        creative,
        creative_text,
        creative_path: creative_path.clone(),
        vars: parse_vars(&args.vars)?,
        data: args.data.clone(),
        tenant: tenant.name.clone(),
        default_cc: config.oncall.default_country_code.clone(),
    };

    // Everything is rendered and checked before anything is sent.
    let mut count = 0usize;
    let mut errors = 0usize;
    let mut scopes = std::collections::BTreeSet::new();
    for item in plan.items()? {
        count += 1;
        match item {
            Ok(item) => {
                scopes.extend(sender_scope(&item.message, &tenant));
            }
            Err(e) => {
                errors += 1;
                if errors <= 20 {
                    eprintln!("relay: {e}");
                }
            }
        }
    }
    if errors > 0 {
        return Err(exit::input(format!(
            "{errors} of {count} message(s) cannot be sent as written{}; nothing was sent",
            if errors > 20 {
                " (the first 20 are above)"
            } else {
                ""
            }
        )));
    }
    if count == 0 {
        return Err(exit::input("the data file has no rows: nothing to send"));
    }

    // Who opted out of this campaign's senders, read once (one LIST per sender).
    let store = Store::open(&config.store).await?;
    let optouts = OptOuts::new(store.clone());
    let mut opted = HashMap::new();
    for scope in scopes {
        let numbers = optouts.numbers(&scope).await?;
        opted.insert(scope.sender.clone(), numbers);
    }
    let opted = OptedOut(opted);

    if args.dry_run {
        return dry_run(&plan, &tenant, &opted, args.json);
    }

    let client = Client::from_config(&tenant.twilio)
        .map_err(|e| exit::input(format!("tenant `{}`: {e}", tenant.name)))?;
    if plan.creative.from.is_none()
        && tenant.from.is_none()
        && tenant.messaging_service_sid.is_none()
    {
        return Err(exit::input(format!(
            "the creative has no FROM and tenant `{}` has no default sender: add FROM:...; to the creative, or set from (or messaging_service_sid) under [send] / [tenants.{}]",
            tenant.name, tenant.name
        )));
    }
    let journal_path = args
        .journal
        .clone()
        .unwrap_or_else(|| default_journal(args, &creative_path));
    let known = journal::load(&journal_path)?;
    let status_callback = status_callback(config);
    campaign::register(
        &store,
        &campaign::Campaign::new(
            &campaign_name,
            &tenant.name,
            &creative_path,
            args.data.as_deref(),
            &journal_path,
            status_callback.is_some(),
        ),
    )
    .await?;
    let (journal, writer) = Journal::open(&journal_path)?;
    if !args.json {
        eprintln!(
            "relay: {count} message(s) for tenant `{}`, campaign {campaign_name}; journal {}{}",
            tenant.name,
            journal_path.display(),
            if known.is_empty() {
                String::new()
            } else {
                format!(" ({} earlier record(s))", known.len())
            }
        );
    }
    let rate = args.rate.or(tenant.rate);
    let concurrency = args.concurrency.max(1);
    let progress = if !args.json && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let pb = indicatif::ProgressBar::new(count as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} {per_sec} eta {eta} {msg}",
            )
            .expect("a valid template"),
        );
        Some(pb)
    } else {
        None
    };

    let shared = Arc::new(Shared {
        client,
        tenant,
        journal,
        known,
        optouts,
        opted,
        status_callback,
        pacer: Pacer::new(rate),
        max_attempts: args.max_attempts.max(1),
        retry_failed: args.retry_failed,
        json: args.json,
        stop: Arc::new(AtomicBool::new(false)),
        auth_failed: AtomicBool::new(false),
        seen: std::sync::Mutex::new(HashSet::new()),
        summary: std::sync::Mutex::new(Summary::default()),
        progress: progress.clone(),
    });

    // Ctrl-C: start nothing new, finish what is in flight, write the journal, summarise.
    {
        let stop = shared.stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!(
                    "relay: interrupted; finishing messages in flight (re-run to send the rest)"
                );
                stop.store(true, Ordering::Relaxed);
            }
        });
    }

    // Rows are read (and rendered) on a thread and handed over through a bounded channel:
    // memory stays flat whatever the number of rows.
    let (tx, rx) = tokio::sync::mpsc::channel::<Item>(concurrency * 2);
    let rx = Arc::new(Mutex::new(rx));
    let plan = Arc::new(plan);
    let reader = {
        let plan = plan.clone();
        let shared = shared.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            for item in plan.items()? {
                if shared.stop.load(Ordering::Relaxed) {
                    break;
                }
                let item = item.map_err(exit::input)?;
                if tx.blocking_send(item).is_err() {
                    break;
                }
            }
            Ok(())
        })
    };
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (rx, shared) = (rx.clone(), shared.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let next = rx.lock().await.recv().await;
                let Some(item) = next else { break };
                if shared.stop.load(Ordering::Relaxed) {
                    break;
                }
                shared.handle(item).await?;
            }
            anyhow::Ok(())
        }));
    }
    let mut first_err = None;
    for w in workers {
        if let Err(e) = w.await? {
            shared.stop.store(true, Ordering::Relaxed);
            first_err.get_or_insert(e);
        }
    }
    drop(rx);
    reader.await??;
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    let Shared {
        journal,
        summary,
        auth_failed,
        tenant,
        ..
    } = Arc::try_unwrap(shared).map_err(|_| anyhow::anyhow!("workers still hold the state"))?;
    drop(journal);
    let _ = tokio::task::spawn_blocking(move || writer.join()).await;
    if let Some(e) = first_err {
        return Err(e);
    }
    let mut summary = summary.into_inner().unwrap_or_else(|p| p.into_inner());
    summary.messages = count;
    summary.seconds = started.elapsed().as_secs_f64();
    summary.per_second = summary.sent as f64 / summary.seconds.max(1e-9);
    print_summary(&summary, args.json)?;
    if !args.json {
        eprintln!(
            "relay: what became of them: relay send report --campaign {campaign_name}{}",
            if config.serve.public_url.is_some() {
                ""
            } else {
                " --refresh (no serve.public_url: no status callbacks)"
            }
        );
    }
    if auth_failed.into_inner() {
        return Err(exit::input(format!(
            "Twilio refused the credentials of tenant `{}` (401); nothing more was sent: check the account SID and auth token or API key and secret (TWILIO_* or the configuration)",
            tenant.name
        )));
    }
    let done = summary.sent + summary.skipped + summary.opted_out + summary.failed;
    let interrupted = done < count;
    if summary.failed > 0 || interrupted {
        if !args.json {
            eprintln!(
                "relay: {} failed, {} not attempted; re-run the same command to send what is missing{}",
                summary.failed,
                count - done,
                if summary.failed > 0 {
                    " (add --retry-failed to try the failures again)"
                } else {
                    ""
                }
            );
        }
        return Ok(exit::FOUND_PROBLEM);
    }
    Ok(exit::OK)
}

/// The recipients opted out of each sender of a campaign, read when it starts.
pub struct OptedOut(HashMap<String, HashSet<String>>);

impl OptedOut {
    pub fn contains(&self, scope: Option<&Scope>, to: &str) -> bool {
        scope.is_some_and(|s| self.0.get(&s.sender).is_some_and(|n| n.contains(to)))
    }
}

struct Shared {
    client: Client,
    tenant: Tenant,
    journal: Journal,
    known: HashMap<Key, Known>,
    optouts: OptOuts,
    opted: OptedOut,
    status_callback: Option<String>,
    pacer: Pacer,
    max_attempts: u32,
    retry_failed: bool,
    json: bool,
    stop: Arc<AtomicBool>,
    auth_failed: AtomicBool,
    /// Keys handled in this run (two rows that make the same message send it once).
    seen: std::sync::Mutex<HashSet<Key>>,
    summary: std::sync::Mutex<Summary>,
    progress: Option<indicatif::ProgressBar>,
}

impl Shared {
    async fn handle(&self, item: Item) -> anyhow::Result<()> {
        let first_time = self
            .seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(item.key);
        let known = self.known.get(&item.key).copied();
        let skip = !first_time
            || known == Some(Known::Sent)
            || (known == Some(Known::Failed) && !self.retry_failed);
        let mut outcome = Outcome {
            row: item.row,
            key: key_hex(item.key),
            to: item.message.to.clone(),
            status: "skipped",
            reason: Some("sent before"),
            sid: None,
            code: None,
            error: None,
            attempts: 0,
            recovered: false,
        };
        if skip {
            if known == Some(Known::Failed) {
                outcome.status = "failed";
                outcome.reason = None;
                outcome.error = Some("failed in an earlier run (use --retry-failed)".into());
            }
            return self.finish(outcome);
        }
        let scope = sender_scope(&item.message, &self.tenant);
        let maybe_since = match known {
            Some(Known::Sending(at)) => Some(at - 120_000),
            _ => None,
        };
        self.pacer.wait().await;
        if self.stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let record = |state: &str, sid: Option<String>, code, error| Record {
            key: key_hex(item.key),
            state: state.to_string(),
            row: item.row,
            to: item.message.to.clone(),
            sid,
            code,
            error,
            at: now_ms(),
        };
        if self.opted.contains(scope.as_ref(), &item.message.to) {
            self.journal
                .write(record("opted-out", None, None, Some("opted out".into())))
                .await?;
            outcome.reason = Some("opted out");
            return self.finish(outcome);
        }
        self.journal
            .write(record("sending", None, None, None))
            .await?;
        let out = outbound(&item.message, &self.tenant, self.status_callback.as_deref());
        let (result, attempts) = deliver(
            &self.client,
            &out,
            &item,
            maybe_since,
            self.max_attempts,
            &self.stop,
        )
        .await;
        outcome.attempts = attempts;
        match result {
            Ok((sid, recovered)) => {
                self.journal
                    .write(record("sent", Some(sid.clone()), None, None))
                    .await?;
                outcome.status = "sent";
                outcome.reason = None;
                outcome.sid = Some(sid);
                outcome.recovered = recovered;
            }
            Err(e) if is_unsubscribed(&e) => {
                // The recipient texted STOP where relay did not see it: recorded, skipped.
                if let Err(e) = record_refusal(&self.optouts, scope, &item.message.to).await {
                    eprintln!(
                        "relay: row {}: cannot record the opt-out (Twilio error 21610): {e:#}",
                        item.row
                    );
                }
                self.journal
                    .write(record(
                        "opted-out",
                        None,
                        Some(optout::ERROR_UNSUBSCRIBED),
                        Some("opted out (Twilio error 21610)".into()),
                    ))
                    .await?;
                outcome.reason = Some("opted out");
                outcome.code = Some(optout::ERROR_UNSUBSCRIBED);
            }
            Err(e) => {
                outcome.reason = None;
                let (code, message) = match &e {
                    ApiError::Twilio {
                        code,
                        message,
                        status,
                        ..
                    } => {
                        if *status == 401 {
                            self.auth_failed.store(true, Ordering::Relaxed);
                            self.stop.store(true, Ordering::Relaxed);
                        }
                        (*code, message.clone())
                    }
                    other => (None, other.to_string()),
                };
                // A message that may exist is left as `sending`: the next run asks Twilio.
                if !e.may_have_acted() {
                    self.journal
                        .write(record("failed", None, code, Some(message.clone())))
                        .await?;
                }
                outcome.status = "failed";
                outcome.code = code;
                outcome.error = Some(message);
            }
        }
        self.finish(outcome)
    }

    fn finish(&self, outcome: Outcome) -> anyhow::Result<()> {
        {
            let mut s = self.summary.lock().unwrap_or_else(|p| p.into_inner());
            match (outcome.status, outcome.reason) {
                ("sent", _) => s.sent += 1,
                ("skipped", Some("opted out")) => s.opted_out += 1,
                ("skipped", _) => s.skipped += 1,
                _ => {
                    s.failed += 1;
                    let reason = match (outcome.code, &outcome.error) {
                        (Some(c), Some(m)) => format!("{c}: {m}"),
                        (None, Some(m)) => m.clone(),
                        _ => "unknown".into(),
                    };
                    *s.failures.entry(reason).or_default() += 1;
                }
            }
            if outcome.recovered {
                s.recovered += 1;
            }
            s.retries += outcome.attempts.saturating_sub(1) as usize;
        }
        if let Some(pb) = &self.progress {
            pb.inc(1);
        }
        if self.json {
            output::json_line(&outcome)?;
        }
        Ok(())
    }
}

fn dry_run(plan: &Plan, tenant: &Tenant, opted: &OptedOut, json: bool) -> anyhow::Result<u8> {
    let sender = |m: &Message| {
        let (from, mss) = sender(m, tenant);
        from.or(mss)
            .unwrap_or_else(|| "(no sender configured)".into())
    };
    let mut n = 0;
    let mut segments = 0;
    let mut opted_out = 0;
    for item in plan.items()? {
        let item = item.map_err(exit::input)?;
        let m = &item.message;
        let skipped = opted.contains(sender_scope(m, tenant).as_ref(), &m.to);
        n += 1;
        if skipped {
            opted_out += 1;
        } else {
            segments += m.segments;
        }
        if json {
            #[derive(Serialize)]
            struct Dry<'a> {
                row: usize,
                key: String,
                status: &'static str,
                #[serde(skip_serializing_if = "Option::is_none")]
                reason: Option<&'static str>,
                sender: String,
                #[serde(flatten)]
                message: &'a Message,
            }
            output::json_line(&Dry {
                row: item.row,
                key: key_hex(item.key),
                status: if skipped { "skipped" } else { "dry-run" },
                reason: skipped.then_some("opted out"),
                sender: sender(m),
                message: m,
            })?;
        } else {
            if skipped {
                println!(
                    "row {} → {} from {}: skipped, opted out",
                    item.row,
                    m.to,
                    sender(m)
                );
                continue;
            }
            println!(
                "row {} → {} from {} ({} segment{}, {}{})",
                item.row,
                m.to,
                sender(m),
                m.segments,
                if m.segments == 1 { "" } else { "s" },
                m.encoding,
                if m.media_urls.is_empty() {
                    String::new()
                } else {
                    format!(", {} media: {}", m.media_urls.len(), m.media_urls.join(" "))
                }
            );
            for line in m.body.lines() {
                println!("    {line}");
            }
        }
    }
    if json {
        output::json_line(
            &serde_json::json!({"summary": {"messages": n, "segments": segments, "opted_out": opted_out, "dry_run": true}}),
        )?;
    } else {
        println!(
            "{n} message(s), {segments} segment(s){}; nothing was sent (--dry-run)",
            if opted_out > 0 {
                format!(", {opted_out} skipped (opted out)")
            } else {
                String::new()
            }
        );
    }
    Ok(exit::OK)
}

fn print_summary(s: &Summary, json: bool) -> anyhow::Result<()> {
    if json {
        return output::json_line(&serde_json::json!({ "summary": s }));
    }
    let mut t = output::table(&["", "messages"]);
    t.add_row(vec!["sent".to_string(), s.sent.to_string()]);
    t.add_row(vec![
        "skipped (sent before)".to_string(),
        s.skipped.to_string(),
    ]);
    if s.opted_out > 0 {
        t.add_row(vec![
            "skipped: opted out".to_string(),
            s.opted_out.to_string(),
        ]);
    }
    if s.recovered > 0 {
        t.add_row(vec![
            "found at Twilio after an interrupted run".to_string(),
            s.recovered.to_string(),
        ]);
    }
    for (reason, n) in &s.failures {
        t.add_row(vec![format!("failed: {reason}"), n.to_string()]);
    }
    t.add_row(vec!["retries".to_string(), s.retries.to_string()]);
    println!("{t}");
    println!(
        "{} message(s) in {:.1} s ({:.0}/s)",
        s.messages, s.seconds, s.per_second
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_unused_columns_and_order() {
        let used = |pairs: &[(&'static str, &str)]| -> BTreeMap<&'static str, String> {
            pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
        };
        let a = key_of("t", "TO:{{p}};hi", &used(&[("p", "1")]));
        assert_eq!(a, key_of("t", "TO:{{p}};hi", &used(&[("p", "1")])));
        assert_ne!(a, key_of("u", "TO:{{p}};hi", &used(&[("p", "1")])));
        assert_ne!(a, key_of("t", "TO:{{p}};hi!", &used(&[("p", "1")])));
        assert_ne!(a, key_of("t", "TO:{{p}};hi", &used(&[("p", "2")])));
    }

    #[test]
    fn backoff_grows_and_honours_retry_after() {
        for n in 1..10 {
            assert!(backoff(n, None) <= Duration::from_secs(20));
        }
        assert!(backoff(1, Some(Duration::from_secs(3))) >= Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn the_pacer_holds_the_rate() {
        let p = Arc::new(Pacer::new(Some(50.0)));
        let t = tokio::time::Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let p = p.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..25 {
                    p.wait().await;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        // 200 sends at 50/s: the last starts at 199/50 s.
        let elapsed = t.elapsed();
        assert!(
            elapsed >= Duration::from_millis(3960) && elapsed < Duration::from_millis(4100),
            "{elapsed:?}"
        );
    }

    #[test]
    fn twilio_dates() {
        assert_eq!(
            parse_rfc2822_ms("Thu, 30 Jul 2015 20:12:31 +0000"),
            Some(1_438_287_151_000)
        );
        assert_eq!(parse_rfc2822_ms("yesterday"), None);
    }
}
