//! `relay send report`: what became of a campaign's messages.
//!
//! The journal says what relay sent (each key's row, recipient and SID, or why it was not
//! sent); the store says what Twilio reported since ([`super::status`]). [`build`] joins
//! them (pure): counts by status, error codes with their meaning, the slowest deliveries,
//! and the rows that did not get through. `--refresh` first asks Twilio for every message
//! without a final status (paced, and resumable: what is final is not asked again).

use super::campaign::{self, Campaign};
use super::journal::{self, Record};
use super::status::{self, Delivery, Update};
use super::{Pacer, data, now_ms};
use crate::cli::ReportArgs;
use crate::config::Config;
use crate::exit;
use crate::output::{self, table};
use crate::store::Store;
use crate::twilio::api::{ApiError, Client};
use crate::twilio::errors;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// One message of the campaign, as the journal left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub row: usize,
    pub to: String,
    /// `sent`, `failed`, `opted-out`, or `sending` (no outcome: a run was interrupted).
    pub state: String,
    pub sid: Option<String>,
    pub code: Option<u32>,
    pub error: Option<String>,
    /// When Twilio accepted it (Unix ms), for `sent`.
    pub at: i64,
}

/// The journal's last word on each message (a `sent` is never undone by a later record).
pub fn messages(path: &Path) -> anyhow::Result<Vec<Sent>> {
    let mut by_key: HashMap<u128, Sent> = HashMap::new();
    journal::read(path, |key, r: Record| {
        if by_key.get(&key).is_some_and(|s| s.state == "sent") {
            return;
        }
        by_key.insert(
            key,
            Sent {
                row: r.row,
                to: r.to,
                state: r.state,
                sid: r.sid,
                code: r.code,
                error: r.error,
                at: r.at,
            },
        );
    })?;
    let mut out: Vec<Sent> = by_key.into_values().collect();
    out.sort_by_key(|s| s.row);
    Ok(out)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorCount {
    pub code: u32,
    pub count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<&'static str>,
    pub link: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slow {
    pub row: usize,
    pub to: String,
    pub sid: String,
    pub seconds: f64,
}

/// A row that did not get through.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Missed {
    pub row: usize,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    pub journal: PathBuf,
    pub messages: usize,
    /// Counts by status: Twilio's (`delivered`, `undelivered`, `failed`, `sent`, `read`,
    /// ...), `no status yet` (accepted by Twilio, no news since), `refused` (Twilio refused
    /// the request), `opted out`, `unknown` (an interrupted run: re-run the send).
    pub statuses: BTreeMap<String, usize>,
    pub errors: Vec<ErrorCount>,
    pub slowest: Vec<Slow>,
    pub not_delivered: Vec<Missed>,
}

impl Report {
    /// Messages that reached the phone (or were read).
    pub fn delivered(&self) -> usize {
        ["delivered", "read"]
            .iter()
            .filter_map(|s| self.statuses.get(*s))
            .sum()
    }
}

/// Did this message not get through (and would sending its row again help)?
fn missed(status: &str) -> bool {
    matches!(
        status,
        "undelivered" | "failed" | "refused" | "canceled" | "partially_delivered"
    )
}

/// Joins the journal's messages with their delivery records.
pub fn build(
    campaign: Option<&Campaign>,
    journal: &Path,
    sent: &[Sent],
    deliveries: &HashMap<String, Delivery>,
    slowest: usize,
) -> Report {
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    let mut codes: BTreeMap<u32, usize> = BTreeMap::new();
    let mut slow = Vec::new();
    let mut not_delivered = Vec::new();
    for m in sent {
        let delivery = m.sid.as_ref().and_then(|sid| deliveries.get(sid));
        let (status, code) = match (m.state.as_str(), delivery) {
            ("sent", Some(d)) => (d.status.clone(), d.error_code),
            ("sent", None) => ("no status yet".to_string(), None),
            ("failed", _) => ("refused".to_string(), m.code),
            ("opted-out", _) => ("opted out".to_string(), None),
            _ => ("unknown".to_string(), None),
        };
        if let Some(c) = code {
            *codes.entry(c).or_default() += 1;
        }
        if let (Some(d), Some(sid)) = (delivery, &m.sid)
            && let Some(at) = d.at.get("delivered").or_else(|| d.at.get("read"))
        {
            slow.push(Slow {
                row: m.row,
                to: m.to.clone(),
                sid: sid.clone(),
                seconds: (*at - m.at).max(0) as f64 / 1000.0,
            });
        }
        if missed(&status) {
            not_delivered.push(Missed {
                row: m.row,
                to: m.to.clone(),
                sid: m.sid.clone(),
                status: status.clone(),
                code,
            });
        }
        *statuses.entry(status).or_default() += 1;
    }
    slow.sort_by(|a, b| b.seconds.total_cmp(&a.seconds).then(a.row.cmp(&b.row)));
    slow.truncate(slowest);
    let mut errors: Vec<ErrorCount> = codes
        .into_iter()
        .map(|(code, count)| ErrorCount {
            code,
            count,
            meaning: errors::meaning(code),
            link: errors::link(code),
        })
        .collect();
    errors.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    Report {
        campaign: campaign.map(|c| c.name.clone()),
        tenant: campaign.map(|c| c.tenant.clone()),
        journal: journal.to_path_buf(),
        messages: sent.len(),
        statuses,
        errors,
        slowest: slow,
        not_delivered,
    }
}

pub async fn run(args: &ReportArgs, config: &Config) -> anyhow::Result<u8> {
    let store = Store::open(&config.store).await?;
    let campaign = match (&args.campaign, &args.journal) {
        (Some(name), _) => Some(campaign::find(&store, name).await?.ok_or_else(|| {
            exit::input(format!(
                "no campaign {name:?} in {}: `relay send report` lists them (a campaign is recorded when `relay send` first runs it)",
                store.describe()
            ))
        })?),
        (None, Some(j)) => {
            if !j.exists() {
                return Err(exit::input(format!("{}: no such journal", j.display())));
            }
            campaign::by_journal(&store, j).await?
        }
        (None, None) => return list(&store, args.json).await,
    };
    let journal_path = match (&args.journal, &campaign) {
        (Some(j), _) => j.clone(),
        (None, Some(c)) => c.journal.clone(),
        (None, None) => unreachable!("one of them is given"),
    };
    let sent = messages(&journal_path)?;
    if sent.is_empty() {
        return Err(exit::input(format!(
            "{}: no messages recorded (is it the journal of a campaign that ran?)",
            journal_path.display()
        )));
    }
    let sids: Vec<String> = sent.iter().filter_map(|m| m.sid.clone()).collect();
    // Callbacks `relay serve` took in and has not folded yet.
    status::fold_pending(&store).await?;
    let mut deliveries = read_deliveries(&store, &sids).await?;
    if args.refresh {
        let tenant = config
            .tenant(campaign.as_ref().map(|c| c.tenant.as_str()))
            .map_err(exit::input)?;
        let client = Client::from_config(&tenant.twilio)
            .map_err(|e| exit::input(format!("tenant `{}`: {e}", tenant.name)))?;
        let open: Vec<String> = sids
            .iter()
            .filter(|s| {
                deliveries
                    .get(*s)
                    .is_none_or(|d| !status::is_final(&d.status))
            })
            .cloned()
            .collect();
        refresh(&store, &client, &open, args.rate, args.json).await?;
        deliveries = read_deliveries(&store, &sids).await?;
    }
    let report = build(
        campaign.as_ref(),
        &journal_path,
        &sent,
        &deliveries,
        args.slowest,
    );
    if let Some(path) = &args.failed_rows {
        let data = args
            .data
            .clone()
            .or_else(|| campaign.as_ref().and_then(|c| c.data.clone()))
            .ok_or_else(|| {
                exit::input(
                    "--failed-rows needs the campaign's data file: give --data FILE (the journal was not recorded as a campaign's)",
                )
            })?;
        let rows: BTreeSet<usize> = report.not_delivered.iter().map(|m| m.row).collect();
        let n = write_rows(&data, &rows, path)?;
        eprintln!(
            "relay: wrote {n} row(s) to {}; send them again with `relay send CREATIVE --data {}` (a new journal)",
            path.display(),
            path.display()
        );
    }
    let callbacks = campaign.as_ref().is_none_or(|c| c.status_callback);
    print(&report, callbacks, args.json)?;
    Ok(if report.not_delivered.is_empty() {
        exit::OK
    } else {
        exit::FOUND_PROBLEM
    })
}

/// The delivery records of these messages (64 reads at a time).
async fn read_deliveries(
    store: &Store,
    sids: &[String],
) -> anyhow::Result<HashMap<String, Delivery>> {
    let mut out = HashMap::new();
    let mut tasks = tokio::task::JoinSet::new();
    let limit = Arc::new(tokio::sync::Semaphore::new(64));
    for sid in sids {
        let (store, limit, sid) = (store.clone(), limit.clone(), sid.clone());
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await;
            status::get(&store, &sid).await
        });
    }
    while let Some(res) = tasks.join_next().await {
        if let Some(d) = res?? {
            out.insert(d.sid.clone(), d);
        }
    }
    Ok(out)
}

/// Asks Twilio for each message's status, `rate` a second, and merges the answers into the
/// store as they come: an interrupted refresh keeps what it learnt, and the next one asks
/// only for what is still not final.
async fn refresh(
    store: &Store,
    client: &Client,
    sids: &[String],
    rate: f64,
    json: bool,
) -> anyhow::Result<()> {
    if sids.is_empty() {
        return Ok(());
    }
    if !json {
        eprintln!(
            "relay: asking Twilio for {} message status(es), {rate}/s",
            sids.len()
        );
    }
    let progress = (!json && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
        let pb = indicatif::ProgressBar::new(sids.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} eta {eta}")
                .expect("a valid template"),
        );
        pb
    });
    let pacer = Arc::new(Pacer::new(Some(rate)));
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("relay: interrupted; what was learnt is kept (run again to go on)");
                stop.store(true, Ordering::Relaxed);
            }
        });
    }
    let next = Arc::new(AtomicUsize::new(0));
    let sids: Arc<Vec<String>> = Arc::new(sids.to_vec());
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (store, client, pacer, stop, next, sids, progress) = (
            store.clone(),
            client.clone(),
            pacer.clone(),
            stop.clone(),
            next.clone(),
            sids.clone(),
            progress.clone(),
        );
        workers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(sid) = sids.get(i) else { break };
                pacer.wait().await;
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let mut attempt = 0;
                let got = loop {
                    match client.fetch_message(sid).await {
                        Err(e) if e.is_retryable() && attempt < 5 => {
                            attempt += 1;
                            let wait = match &e {
                                ApiError::Twilio { retry_after, .. } => *retry_after,
                                _ => None,
                            };
                            tokio::time::sleep(super::backoff(attempt, wait)).await;
                        }
                        other => break other,
                    }
                };
                match got {
                    Ok(m) => {
                        if let Some(s) = m.status {
                            let update = Update {
                                sid: sid.clone(),
                                status: s,
                                error_code: m.error_code,
                                to: m.to,
                                from: m.from,
                                at: now_ms(),
                            };
                            status::record(&store, &update).await?;
                        }
                    }
                    Err(ApiError::Twilio { status: 401, .. }) => {
                        stop.store(true, Ordering::Relaxed);
                        return Err(exit::input(
                            "Twilio refused the credentials (401): check the tenant's account SID and auth token or API key",
                        ));
                    }
                    Err(ApiError::Twilio { status: 404, .. }) => {
                        eprintln!("relay: {sid}: Twilio no longer has this message");
                    }
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        return Err(exit::unavailable(format!(
                            "{sid}: {e}; what was learnt is kept: run again to go on"
                        )));
                    }
                }
                if let Some(pb) = &progress {
                    pb.inc(1);
                }
            }
            anyhow::Ok(())
        });
    }
    let mut first = None;
    while let Some(res) = workers.join_next().await {
        if let Err(e) = res? {
            first.get_or_insert(e);
        }
    }
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    first.map_or(Ok(()), Err)
}

/// Writes the data rows numbered `rows` of `data` to `out`: JSON Lines when `out` ends in
/// .jsonl/.ndjson/.json, else CSV with a header row. The number written.
pub fn write_rows(data: &Path, rows: &BTreeSet<usize>, out: &Path) -> anyhow::Result<usize> {
    use std::io::Write;
    // Only the rows that did not get through: few enough to hold.
    let mut picked = Vec::new();
    for row in data::open(data).map_err(|e| exit::input(e.to_string()))? {
        let row = row.map_err(|e| exit::input(e.to_string()))?;
        if rows.contains(&row.number) {
            picked.push(row.values);
        }
    }
    let jsonl = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jsonl" | "ndjson" | "json"));
    let file = std::fs::File::create(out)
        .map_err(|e| exit::input(format!("{}: cannot write: {e}", out.display())))?;
    if jsonl {
        let mut w = std::io::BufWriter::new(file);
        for values in &picked {
            serde_json::to_writer(&mut w, values)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
    } else {
        let mut w = csv::Writer::from_writer(file);
        if let Some(first) = picked.first() {
            w.write_record(first.keys())?;
        }
        for values in &picked {
            w.write_record(values.values())?;
        }
        w.flush()?;
    }
    Ok(picked.len())
}

fn print(r: &Report, callbacks: bool, json: bool) -> anyhow::Result<()> {
    if json {
        return output::json(r);
    }
    println!(
        "{}{} messages, {} delivered ({:.1}%)",
        r.campaign
            .as_ref()
            .map(|c| format!("campaign {c}: "))
            .unwrap_or_default(),
        r.messages,
        r.delivered(),
        100.0 * r.delivered() as f64 / r.messages.max(1) as f64
    );
    let mut t = table(&["status", "messages"]);
    for (s, n) in &r.statuses {
        t.add_row(vec![s.clone(), n.to_string()]);
    }
    println!("{t}");
    if !r.errors.is_empty() {
        let mut t = table(&["error", "messages", "meaning"]);
        for e in &r.errors {
            t.add_row(vec![
                e.code.to_string(),
                e.count.to_string(),
                format!("{}\n{}", e.meaning.unwrap_or("see Twilio's page"), e.link),
            ]);
        }
        println!("{t}");
    }
    if !r.slowest.is_empty() {
        let mut t = table(&["slowest deliveries", "to", "seconds"]);
        for s in &r.slowest {
            t.add_row(vec![
                format!("row {} ({})", s.row, s.sid),
                s.to.clone(),
                format!("{:.1}", s.seconds),
            ]);
        }
        println!("{t}");
    }
    if !r.not_delivered.is_empty() {
        println!(
            "{} row(s) did not get through: --failed-rows FILE writes them as a data file to send again",
            r.not_delivered.len()
        );
    }
    if r.statuses.contains_key("no status yet") {
        println!(
            "{}",
            if callbacks {
                "\"no status yet\": Twilio has not called back yet (statuses can take minutes; carriers may never report); --refresh asks Twilio"
            } else {
                "\"no status yet\": this campaign's messages carried no status callback (no serve.public_url); --refresh asks Twilio"
            }
        );
    }
    if r.statuses.contains_key("unknown") {
        println!(
            "\"unknown\": a run stopped before Twilio answered; re-run the send to settle them"
        );
    }
    Ok(())
}

/// `relay send report` alone: the campaigns relay knows of.
async fn list(store: &Store, json: bool) -> anyhow::Result<u8> {
    let all = campaign::all(store).await?;
    if json {
        output::json(&all)?;
        return Ok(exit::OK);
    }
    if all.is_empty() {
        println!(
            "no campaigns recorded in {} yet: `relay send` records each under --campaign NAME",
            store.describe()
        );
        return Ok(exit::OK);
    }
    let mut t = table(&["campaign", "tenant", "first run (UTC)", "journal"]);
    for c in &all {
        t.add_row(vec![
            c.name.clone(),
            c.tenant.clone(),
            c.created
                .replace('T', " ")
                .trim_end_matches('Z')
                .to_string(),
            c.journal.display().to_string(),
        ]);
    }
    println!("{t}");
    println!("relay send report --campaign NAME for one");
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(row: usize, state: &str, sid: Option<&str>, code: Option<u32>) -> Sent {
        Sent {
            row,
            to: format!("+1919555{row:04}"),
            state: state.into(),
            sid: sid.map(str::to_string),
            code,
            error: None,
            at: 1_000,
        }
    }

    fn delivery(sid: &str, status: &str, code: Option<u32>, at: i64) -> (String, Delivery) {
        (
            sid.to_string(),
            Delivery {
                sid: sid.into(),
                status: status.into(),
                error_code: code,
                to: None,
                from: None,
                at: [(status.to_string(), at)].into_iter().collect(),
            },
        )
    }

    #[test]
    fn the_journal_and_the_receipts_make_the_report() {
        let msgs = vec![
            sent(1, "sent", Some("SM1"), None),
            sent(2, "sent", Some("SM2"), None),
            sent(3, "sent", Some("SM3"), None),
            sent(4, "sent", Some("SM4"), None),
            sent(5, "failed", None, Some(21211)),
            sent(6, "opted-out", None, None),
            sent(7, "sending", None, None),
        ];
        let deliveries: HashMap<String, Delivery> = [
            delivery("SM1", "delivered", None, 3_500),
            delivery("SM2", "delivered", None, 9_000),
            delivery("SM3", "undelivered", Some(30007), 4_000),
        ]
        .into_iter()
        .collect();
        let r = build(None, Path::new("j"), &msgs, &deliveries, 1);
        assert_eq!(r.messages, 7);
        let want: BTreeMap<String, usize> = [
            ("delivered", 2),
            ("undelivered", 1),
            ("no status yet", 1),
            ("refused", 1),
            ("opted out", 1),
            ("unknown", 1),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(r.statuses, want);
        assert_eq!(r.delivered(), 2);
        assert_eq!(
            r.slowest,
            vec![Slow {
                row: 2,
                to: "+19195550002".into(),
                sid: "SM2".into(),
                seconds: 8.0
            }]
        );
        let codes: Vec<(u32, usize)> = r.errors.iter().map(|e| (e.code, e.count)).collect();
        assert_eq!(codes, vec![(21211, 1), (30007, 1)]);
        assert!(r.errors[1].meaning.unwrap().contains("spam"));
        let rows: Vec<usize> = r.not_delivered.iter().map(|m| m.row).collect();
        assert_eq!(rows, vec![3, 5], "undelivered and refused; not opted out");
    }
}
