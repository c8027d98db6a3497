//! Paging, on [`crate::durable`]: each attempt's text and call, the escalation when an
//! attempt is not acknowledged in time (or its call went unanswered), every member texted
//! when nobody took it, and the others told when someone did. Acknowledgements and call
//! outcomes are written once, beside the page, by whoever receives them (`relay serve` on
//! any relay, `relay alerts ack`); the worker that holds the page reads them.

use super::{
    Ack, CALL_PATH, CallOutcome, NOBODY, PAGES, Page, STATUS_PATH, Source, TOLD, ack_key,
    attempt_of, outcome_key,
};
use crate::config::Config;
use crate::durable::{Permanent, Queue, Skip, Work};
use crate::oncall::Person;
use crate::oncall::service::{Oncall, now_epoch};
use crate::store::{Condition, Put, Store, Version};
use crate::twilio::api::{Client, OutboundMessage};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A call about to be placed (to one person from one line): written before it is, and
/// while it is not settled (its call recorded, or known never to have been placed) no
/// other call to that person from that line is placed, by any relay. So a call Twilio has
/// that nobody recorded is always the last announcement's.
#[derive(serde::Serialize, serde::Deserialize)]
struct Placing {
    page: String,
    attempt: u32,
    at_ms: i64,
    /// Twilio refused it: no call was placed.
    #[serde(default)]
    released: bool,
}

/// What [`Paging::announce`] found: go on and place the call (the announcement's version),
/// the attempt's call was placed already, or wait for another's call to be settled.
enum Announced {
    Go(Version),
    Placed(Placed),
    Wait,
}

/// The unsettled announcement a placement waits on: which, since when, and when Twilio's
/// list was last looked at for its call.
struct Waiting {
    version: Version,
    since: Instant,
    looked: Option<Instant>,
}

/// A call relay placed, and the attempt it is for.
#[derive(serde::Serialize, serde::Deserialize)]
struct Placed {
    sid: String,
    page: String,
    attempt: u32,
    #[serde(default)]
    at_ms: i64,
}

/// Where a call is looked for at Twilio around its announcement: from a little before
/// (relay's clock and Twilio's differ; Twilio's counts whole seconds) to well after (the
/// announcement's write may have waited out a slow store before the call was placed).
const CALL_SINCE_MS: i64 = 15_000;
const CALL_UNTIL_MS: i64 = 120_000;

/// How long an announcement nobody settles holds other calls to that person back, from
/// when the waiter first saw it: longer than placing a call can take (Twilio's 30 s
/// timeout), so only a placer that died or lost its store is passed over.
const ANNOUNCEMENT_HOLDS: Duration = Duration::from_secs(60);
/// How often a waiter looks at Twilio for the announced call (and records it, which lets
/// it go on).
const LOOK_EVERY: Duration = Duration::from_secs(2);

/// The in-process lock on placing calls from one line to one person.
fn placing_lock(to: &str, from: &str) -> Arc<tokio::sync::Mutex<()>> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static LOCKS: Mutex<Option<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> = Mutex::new(None);
    let mut all = LOCKS.lock().unwrap_or_else(|p| p.into_inner());
    let map = all.get_or_insert_with(HashMap::new);
    if map.len() > 1000 {
        map.retain(|_, l| Arc::strong_count(l) > 1);
    }
    map.entry(format!("{to}>{from}")).or_default().clone()
}

pub use crate::oncall::service::now_ms;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HowLabels {
    pub how: String,
}

/// What this process counted, for `/metrics`.
#[derive(Clone)]
pub struct Counts {
    pub pages: Counter,
    pub escalations: Counter,
    pub acks: Family<HowLabels, Counter>,
    /// Seconds from the page to its acknowledgement.
    pub time_to_ack: Histogram,
    pub nobody: Counter,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            pages: Counter::default(),
            escalations: Counter::default(),
            acks: Family::default(),
            // 5 s to ~1.4 h.
            time_to_ack: Histogram::new(exponential_buckets(5.0, 2.0, 11)),
            nobody: Counter::default(),
        }
    }
}

/// Everything paging needs.
pub struct Paging {
    pub store: Store,
    pub config: Arc<Config>,
    pub client: crate::twilio::api::Credentials,
    pub oncall: Oncall,
    pub counts: Counts,
    /// Whether this process works on pages as they are made (`relay serve`); a command
    /// only records them (a worker it started would die with it, holding the lease).
    pub live: bool,
}

pub type Pages = Queue<Paging>;

pub fn pages(store: Store, config: Arc<Config>, live: bool) -> Pages {
    Pages::new(Paging {
        oncall: Oncall::new(store.clone(), config.oncall.clone()),
        client: Client::from_config(&config.twilio),
        counts: Counts::default(),
        store,
        config,
        live,
    })
}

/// Starts a page (once: a second start of the same id finds it) and its work.
pub async fn begin(
    q: &Pages,
    src: Source<'_>,
    first: Option<Person>,
    call_from: Option<String>,
) -> anyhow::Result<Page> {
    if let Some((p, _)) = q.read(src.id).await? {
        if q.work().live {
            q.spawn(p.id.clone());
        }
        return Ok(p);
    }
    let w = q.work();
    let roster = w.oncall.try_load_shared().await?.map(|(r, _)| r);
    let mut people: Vec<Person> = first.into_iter().collect();
    if let Some(r) = &roster {
        for m in r.page_order() {
            if !people.iter().any(|p| p.id == m.id) {
                people.push(Person::from(m));
            }
        }
    }
    if people.is_empty() {
        return Err(Permanent(
            "nobody is on call in the roster: `relay oncall take ID`, then retry".into(),
        )
        .into());
    }
    let page = Page::new(src, people, &w.config.oncall, call_from, now_ms());
    if q.add(&page.id, &page).await? {
        w.counts.pages.inc();
        tracing::info!("pages: {}: {}", page.id, page.summary());
    }
    if w.live {
        q.spawn(page.id.clone());
    }
    Ok(page)
}

/// The acknowledgement of a page, if any.
pub async fn ack_of(store: &Store, id: &str) -> anyhow::Result<Option<Ack>> {
    Ok(store.get_json::<Ack>(&ack_key(id)).await?.map(|(a, _)| a))
}

/// Every call outcome of a page, by attempt.
pub async fn outcomes_of(store: &Store, id: &str) -> anyhow::Result<BTreeMap<u32, CallOutcome>> {
    let mut out = BTreeMap::new();
    let prefix = format!("{}{id}/", super::CALLS);
    for key in store.list(&prefix).await? {
        let Some(n) = key
            .strip_prefix(&prefix)
            .and_then(|k| k.strip_suffix(".json"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some((o, _)) = store.get_json::<CallOutcome>(&key).await? {
            out.insert(n, o);
        }
    }
    Ok(out)
}

/// What an acknowledgement came to.
pub enum Acked {
    /// This one took the page.
    Took(Page, Ack),
    /// Someone took it before (maybe the same person).
    Already(Page, Ack),
}

/// Records `ack` for page `id` unless one is there already (the first wins), and wakes
/// the page's work.
pub async fn acknowledge(q: &Pages, id: &str, ack: Ack) -> anyhow::Result<Option<Acked>> {
    let w = q.work();
    let Some((page, _)) = q.read(id).await? else {
        return Ok(None);
    };
    match w
        .store
        .put_json(&ack_key(id), &ack, Condition::IfAbsent)
        .await?
    {
        Put::Written(_) => {
            w.counts
                .acks
                .get_or_create(&HowLabels {
                    how: ack.how.clone(),
                })
                .inc();
            w.counts
                .time_to_ack
                .observe(((ack.at_ms - page.created_ms).max(0)) as f64 / 1000.0);
            tracing::info!("pages: {id} acknowledged by {} ({})", ack.by, ack.how);
            if w.live {
                q.spawn(id.to_string());
            }
            Ok(Some(Acked::Took(page, ack)))
        }
        Put::Conflict => {
            let before = ack_of(&w.store, id).await?.unwrap_or(ack);
            Ok(Some(Acked::Already(page, before)))
        }
    }
}

/// Records how attempt `n`'s call ended (once) and wakes the page's work: an unanswered
/// call escalates at once.
pub async fn call_ended(q: &Pages, id: &str, n: u32, o: CallOutcome) -> anyhow::Result<()> {
    let _ = q
        .work()
        .store
        .put_json(&outcome_key(id, n), &o, Condition::IfAbsent)
        .await?;
    if q.work().live {
        q.spawn(id.to_string());
    }
    Ok(())
}

/// When a page was made, from its id (`20261204T030000-…`).
fn id_epoch(id: &str) -> Option<i64> {
    let t = id.get(..15)?;
    let s = format!(
        "{}-{}-{}T{}:{}:{}Z",
        t.get(..4)?,
        t.get(4..6)?,
        t.get(6..8)?,
        t.get(9..11)?,
        t.get(11..13)?,
        t.get(13..15)?
    );
    let at = humantime::parse_rfc3339(&s).ok()?;
    Some(at.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

/// The pages of the last [`super::ACKABLE_SECONDS`], each with its acknowledgement: what
/// an `ACK` can take. Found by their ids' times, so months of pages are not read.
pub async fn recent(q: &Pages) -> anyhow::Result<Vec<(Page, Option<Ack>)>> {
    let since = now_epoch() - super::ACKABLE_SECONDS;
    let mut out = Vec::new();
    for id in q.ids().await? {
        if id_epoch(&id).is_some_and(|t| t < since) {
            continue;
        }
        if let Some((p, _)) = q.read(&id).await? {
            let ack = ack_of(&q.work().store, &id).await?;
            out.push((p, ack));
        }
    }
    Ok(out)
}

#[async_trait::async_trait]
impl Work for Paging {
    type Record = Page;
    const NAME: &'static str = "pages";

    fn prefix(&self) -> &'static str {
        PAGES
    }

    fn store(&self) -> &Store {
        &self.store
    }

    fn max_wait(&self, p: &Page) -> Duration {
        p.next_due_in(now_ms())
    }

    async fn ready(&self, _id: &str, p: &Page, step: &str) -> anyhow::Result<bool> {
        let ack = ack_of(&self.store, &p.id).await?;
        let outcome = match p.deciding_attempt(step) {
            Some(n) if ack.is_none() => self.outcome(&p.id, n).await?,
            _ => None,
        };
        Ok(p.due(step, ack.as_ref(), outcome.as_ref()).by(now_ms()))
    }

    async fn run(&self, step: &str, p: &mut Page) -> anyhow::Result<Option<String>> {
        let ack = ack_of(&self.store, &p.id).await?;
        if step == TOLD {
            return match ack {
                Some(a) => self.tell(p, &a).await,
                None => Err(Skip("nobody acknowledged".into()).into()),
            };
        }
        if let Some(a) = ack {
            return Err(Skip(format!("{} took it", a.by)).into());
        }
        if step == NOBODY {
            return self.nobody(p).await;
        }
        match attempt_of(step) {
            Some((n, "text")) => self.text(p, n).await,
            Some((n, "call")) => self.call(p, n).await,
            _ => anyhow::bail!("unknown step {step}"),
        }
    }
}

impl Paging {
    fn client(&self) -> anyhow::Result<&Client> {
        self.client
            .as_ref()
            .map_err(|e| Permanent(e.clone()).into())
    }

    async fn outcome(&self, id: &str, n: u32) -> anyhow::Result<Option<CallOutcome>> {
        Ok(self
            .store
            .get_json::<CallOutcome>(&outcome_key(id, n))
            .await?
            .map(|(o, _)| o))
    }

    /// One paced text from the number members text back (so `ACK` reaches relay).
    async fn send(
        &self,
        to: &str,
        body: String,
        media: &[String],
        interrupted_ms: Option<i64>,
    ) -> anyhow::Result<String> {
        let from = self.oncall.text_from(&self.config.numbers).await?;
        crate::twilio::api::pace(&from).await;
        let sent = self
            .client()?
            .send_message_once(
                &OutboundMessage {
                    to: to.to_string(),
                    from: Some(from),
                    body: Some(body),
                    media_urls: media.to_vec(),
                    ..Default::default()
                },
                interrupted_ms,
            )
            .await
            .map_err(crate::twilio::api::ApiError::for_step)?;
        Ok(sent.sid)
    }

    /// Starts attempt `n`'s clock at its first step's first try (a call or text that
    /// keeps failing does not hold the escalation up); why it is paged, after the first.
    async fn begin_attempt(
        &self,
        p: &mut Page,
        n: u32,
        person: &Person,
    ) -> anyhow::Result<Option<String>> {
        let why = match n {
            1 => None,
            _ => p.why(n, self.outcome(&p.id, n - 1).await?.as_ref()),
        };
        if p.paged_at(n).is_none() {
            p.paged_ms.insert(n.to_string(), now_ms());
            if n > 1 {
                self.counts.escalations.inc();
                tracing::info!(
                    "pages: {}: escalating to {} ({})",
                    p.id,
                    person.id,
                    why.as_deref().unwrap_or("")
                );
            }
        }
        Ok(why)
    }

    async fn text(&self, p: &mut Page, n: u32) -> anyhow::Result<Option<String>> {
        let person = p
            .person(n)
            .cloned()
            .ok_or_else(|| Permanent(format!("attempt {n} has nobody to page")))?;
        let why = self.begin_attempt(p, n, &person).await?;
        let interrupted = p.progress.interrupted_ms(&super::text_step(n));
        let sid = self
            .send(
                &person.phone,
                p.text_for(why.as_deref()),
                &p.media,
                interrupted,
            )
            .await?;
        Ok(Some(format!(
            "{sid} to {} (round {})",
            person.id,
            p.round(n)
        )))
    }

    async fn call(&self, p: &mut Page, n: u32) -> anyhow::Result<Option<String>> {
        let person = p
            .person(n)
            .cloned()
            .ok_or_else(|| Permanent(format!("attempt {n} has nobody to call")))?;
        self.begin_attempt(p, n, &person).await?;
        let from = p
            .call_from
            .clone()
            .ok_or_else(|| Permanent("no number to call from".into()))?;
        let client = self.client()?;
        // One call at a time from this line to this person, in this process (a lock) and
        // across relays (the announcement).
        let pair = placing_lock(&person.phone, &from);
        let mut waiting = None;
        let (announced, _placing) = loop {
            let held = pair.clone().lock_owned().await;
            match self
                .announce(client, &person.phone, &from, &p.id, n, &mut waiting)
                .await?
            {
                Announced::Go(version) => break (version, held),
                // An earlier try placed it (it died, lost Twilio's answer, or failed to
                // record it).
                Announced::Placed(placed) => {
                    tracing::info!(
                        "pages: {}: {} was placed by an earlier try; not placed again",
                        p.id,
                        placed.sid
                    );
                    return Ok(Some(format!(
                        "{} to {} (placed by an earlier try)",
                        placed.sid, person.id
                    )));
                }
                // Let go of the lock meanwhile: the try that announced it may be waiting
                // for it here.
                Announced::Wait => {
                    drop(held);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        };
        let query = format!("?page={}&n={n}", p.id);
        let sid = match self.config.serve.twilio_link(CALL_PATH) {
            Some(url) => {
                let status = self
                    .config
                    .serve
                    .twilio_link(STATUS_PATH)
                    .unwrap_or_default();
                client
                    .create_call_at(
                        &person.phone,
                        &from,
                        &format!("{url}{query}"),
                        &format!("{status}{query}"),
                    )
                    .await
            }
            // No public URL: the call cannot take a key; it reads the page out.
            None => {
                let twiml = crate::twilio::twiml::Response::new()
                    .say(format!(
                        "This is relay. {} Reply ACK to the text to take it. Goodbye.",
                        p.say
                    ))
                    .to_xml();
                client.create_call(&person.phone, &from, &twiml).await
            }
        };
        let sid = match sid {
            Ok(sid) => sid,
            Err(e) => {
                if !e.may_have_acted() {
                    // Nothing was placed: the next call to this person need not wait.
                    let released = Placing {
                        page: p.id.clone(),
                        attempt: n,
                        at_ms: now_ms(),
                        released: true,
                    };
                    let placing_key = super::placing_key(&person.phone, &from);
                    let _ = self
                        .store
                        .put_json(&placing_key, &released, Condition::IfMatch(announced))
                        .await;
                }
                return Err(e.for_step());
            }
        };
        self.claim_call(&sid, &p.id, n).await?;
        Ok(Some(format!("{sid} to {}", person.id)))
    }

    /// Announces attempt `n`'s call to `to` from `from` if the last announcement is
    /// settled: its call recorded (by its placer, or here, from Twilio's list), or refused.
    /// An unsettled one is passed over when it is this attempt's own (an earlier try), when
    /// nobody works on its page (its placer died or gave up), or after
    /// [`ANNOUNCEMENT_HOLDS`]; otherwise [`Announced::Wait`] (`waiting` keeps track).
    async fn announce(
        &self,
        client: &Client,
        to: &str,
        from: &str,
        id: &str,
        n: u32,
        waiting: &mut Option<Waiting>,
    ) -> anyhow::Result<Announced> {
        let key = super::placing_key(to, from);
        loop {
            if let Some((placed, _)) = self
                .store
                .get_json::<Placed>(&super::placed_key(id, n))
                .await?
            {
                return Ok(Announced::Placed(placed));
            }
            let condition = match self.store.get_json::<Placing>(&key).await? {
                None => Condition::IfAbsent,
                Some((was, version)) => {
                    let settled = was.released
                        || self
                            .store
                            .get(&super::placed_key(&was.page, was.attempt))
                            .await?
                            .is_some();
                    if !settled {
                        let w = match waiting {
                            Some(w) if w.version == version => w,
                            _ => waiting.insert(Waiting {
                                version: version.clone(),
                                since: Instant::now(),
                                looked: None,
                            }),
                        };
                        let mine = was.page == id && was.attempt == n;
                        let abandoned = mine || self.nobody_works_on(&was.page).await?;
                        let held_too_long = w.since.elapsed() >= ANNOUNCEMENT_HOLDS;
                        if abandoned || w.looked.is_none_or(|t| t.elapsed() >= LOOK_EVERY) {
                            w.looked = Some(Instant::now());
                            if self.settle(client, to, from, &was).await? {
                                continue;
                            }
                        }
                        if !abandoned && !held_too_long {
                            return Ok(Announced::Wait);
                        }
                        if !mine {
                            tracing::warn!(
                                "pages: {id}: the call announced for {} attempt {} is not at Twilio and {}; calling",
                                was.page,
                                was.attempt,
                                if abandoned {
                                    "nobody is placing it".to_string()
                                } else {
                                    format!("was announced {} s ago", w.since.elapsed().as_secs())
                                }
                            );
                        }
                    }
                    Condition::IfMatch(version)
                }
            };
            let placing = Placing {
                page: id.to_string(),
                attempt: n,
                at_ms: now_ms(),
                released: false,
            };
            if let Put::Written(version) = self.store.put_json(&key, &placing, condition).await? {
                return Ok(Announced::Go(version));
            }
        }
    }

    /// Whether no worker holds the page (gone, or its lease has run out): nobody is in
    /// the middle of placing its call.
    async fn nobody_works_on(&self, id: &str) -> anyhow::Result<bool> {
        Ok(
            match self.store.get_json::<Page>(&super::page_key(id)).await? {
                None => true,
                Some((p, _)) => p.progress.lease_until <= now_epoch(),
            },
        )
    }

    /// Records that `sid` is attempt `n`'s call: claimed (by CallSid, so no other attempt
    /// takes it) and placed (by attempt). False when another attempt has it.
    async fn claim_call(&self, sid: &str, id: &str, n: u32) -> anyhow::Result<bool> {
        let placed = Placed {
            sid: sid.to_string(),
            page: id.to_string(),
            attempt: n,
            at_ms: now_ms(),
        };
        let key = super::call_sid_key(sid);
        let mine = match self
            .store
            .put_json(&key, &placed, Condition::IfAbsent)
            .await?
        {
            Put::Written(_) => true,
            Put::Conflict => self
                .store
                .get_json::<Placed>(&key)
                .await?
                .is_some_and(|(c, _)| c.page == id && c.attempt == n),
        };
        if mine {
            let _ = self
                .store
                .put_json(&super::placed_key(id, n), &placed, Condition::IfAbsent)
                .await?;
        }
        Ok(mine)
    }

    /// The call last announced to this person from this line: when its attempt has not
    /// recorded one, the first unclaimed call to them after the announcement is its (no
    /// other was placed since). True when the attempt has its call recorded.
    async fn settle(
        &self,
        client: &Client,
        to: &str,
        from: &str,
        was: &Placing,
    ) -> anyhow::Result<bool> {
        let near = client
            .calls_between(
                to,
                from,
                was.at_ms - CALL_SINCE_MS,
                was.at_ms + CALL_UNTIL_MS,
            )
            .await
            .map_err(crate::twilio::api::ApiError::for_step)?;
        for sid in near {
            // Unclaimed, or claimed for this attempt by a try that died before recording
            // it by attempt (claiming writes the CallSid first).
            let free = match self
                .store
                .get_json::<Placed>(&super::call_sid_key(&sid))
                .await?
            {
                None => true,
                Some((c, _)) => c.page == was.page && c.attempt == was.attempt,
            };
            if free && self.claim_call(&sid, &was.page, was.attempt).await? {
                tracing::info!(
                    "pages: {}: {sid}, placed by a try that did not record it, is its call",
                    was.page
                );
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every member is texted that nobody took it.
    async fn nobody(&self, p: &mut Page) -> anyhow::Result<Option<String>> {
        let roster = self.oncall.try_load_shared().await?.map(|(r, _)| r);
        let mut to: Vec<Person> = roster
            .as_ref()
            .map(|r| r.users().values().map(Person::from).collect())
            .unwrap_or_default();
        for person in &p.people {
            if !to.iter().any(|t| t.id == person.id) {
                to.push(person.clone());
            }
        }
        let interrupted = p.progress.interrupted_ms(NOBODY);
        for person in &to {
            self.send(&person.phone, p.nobody_text(), &[], interrupted)
                .await?;
        }
        self.counts.nobody.inc();
        Ok(Some(format!(
            "nobody took it: texted {} member(s): {}",
            to.len(),
            to.iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }

    /// The others paged are told who took it.
    async fn tell(&self, p: &mut Page, ack: &Ack) -> anyhow::Result<Option<String>> {
        let mut others: Vec<Person> = p.paged().into_iter().cloned().collect();
        if p.progress.done(NOBODY) {
            let roster = self.oncall.try_load_shared().await?.map(|(r, _)| r);
            for m in roster.iter().flat_map(|r| r.users().values()) {
                if !others.iter().any(|o| o.id == m.id) {
                    others.push(Person::from(m));
                }
            }
        }
        others.retain(|o| o.id != ack.by);
        let interrupted = p.progress.interrupted_ms(TOLD);
        for o in &others {
            self.send(&o.phone, p.told_text(ack), &[], interrupted)
                .await?;
        }
        Ok(Some(if others.is_empty() {
            format!("{} took it; nobody else was paged", ack.by)
        } else {
            format!(
                "{} took it; told {}",
                ack.by,
                others
                    .iter()
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }))
    }
}
