//! Tickets in Request Tracker 5, through REST2 (`URL/REST/2.0/`).
//!
//! Measured on RT 5.0.3 (../shared/facts/rt5.md), and what follows from it here:
//! - A user search on PagerPhone is silently ignored (it returns every user). A requester is
//!   looked up by the name relay would have made (`GET /user/SMS-...`), then in a cached
//!   listing of every user's PagerPhone (refreshed at most once a minute on a miss).
//! - `text/plain` bodies are double-encoded: every content goes as JSON with
//!   `ContentType: text/plain`, media as JSON `Attachments` (base64).
//! - Collections return content double-encoded: a transaction's text is read from its
//!   attachments one by one (`GET /attachment/N`, base64).
//! - Every request costs RT a bcrypt check: one client with kept-alive connections, and as
//!   few calls per text as the flow allows.
//!
//! [`follow`] polls Correspond transactions on the followed queues with a cursor kept in the
//! store, one poller at a time across relays (a lease), and texts each reply typed in RT
//! to the requester. Transactions made by relay's own RT user are skipped: relay texts
//! those itself.

use super::deliver::{Replies, Reply};
use super::{Backend, Contact, Entry, Item, NewTicket, Requester, StatusFilter, Summary};
use crate::config::{RtConfig, TicketsConfig};
use crate::oncall::service::now_epoch;
use crate::store::{Condition, Put, Store};
use crate::ticketer::deliver::Callback;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// RT's answer time limit: slower is treated as down (the text waits in the store).
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Which of relay's numbers an RT ticket came in on, and the requester's phone: kept by
/// relay when it makes the ticket, so replies go out from the right number.
pub const ROUTES: &str = "tickets/rt/tickets/";
/// The follower's cursor and lease.
pub const FOLLOWER: &str = "tickets/rt/follower.json";

pub struct Rt {
    http: reqwest::Client,
    base: String,
    config: RtConfig,
    store: Store,
    default_country_code: Option<String>,
    /// Every user's PagerPhone (normalised) → the user, and when it was read.
    users: Mutex<Option<(Instant, HashMap<String, Requester>)>>,
    /// This process's name on the follower's lease.
    holder: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RtError {
    #[error(
        "RT refused relay's credentials ({status}) at {url}: check [tickets.rt] token, or user and password"
    )]
    Auth { status: u16, url: String },
    #[error("RT answered {status} to {what}: {message}")]
    Status {
        status: u16,
        what: String,
        message: String,
    },
    #[error("cannot reach RT at {url}: {message}")]
    Transport { url: String, message: String },
}

#[derive(Serialize, Deserialize)]
struct Route {
    number: String,
    phone: String,
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    /// The last transaction looked at.
    cursor: u64,
    holder: String,
    until: i64,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// RT's `2026-11-23T21:11:27Z` as epoch seconds.
fn epoch(s: Option<&str>) -> Option<i64> {
    let t = humantime::parse_rfc3339(s?).ok()?;
    Some(t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

fn id_of(v: &Value) -> Option<String> {
    match v.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Rt {
    pub fn new(
        config: &TicketsConfig,
        store: Store,
        default_country_code: Option<String>,
    ) -> anyhow::Result<Rt> {
        let rt = config.rt.clone().ok_or_else(|| {
            crate::exit::input("tickets.backend = \"rt\" needs a [tickets.rt] section with url, user and token (or password)")
        })?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(TIMEOUT)
            .pool_max_idle_per_host(16)
            .user_agent(concat!("relay/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Rt {
            http,
            base: format!("{}/REST/2.0", rt.url.trim_end_matches('/')),
            config: rt,
            store,
            default_country_code,
            users: Mutex::new(None),
            holder: format!("{}-{}", std::process::id(), rand::random::<u32>()),
        })
    }

    /// The RT user relay acts as.
    pub fn user(&self) -> &str {
        &self.config.user
    }

    pub fn queues(&self, default: &str) -> Vec<String> {
        if self.config.queues.is_empty() {
            vec![default.to_string()]
        } else {
            self.config.queues.clone()
        }
    }

    /// `relay doctor`: RT answers, takes relay's credentials, and has every queue relay
    /// files into or follows (`GET /queue/NAME`, reading only). `Ok` says what held.
    pub async fn check(&self, queue: &str) -> anyhow::Result<String> {
        let mut queues = self.queues(queue);
        if !queues.iter().any(|q| q == queue) {
            queues.insert(0, queue.to_string());
        }
        for q in &queues {
            let (status, _) = self.get(&format!("queue/{q}"), &[]).await?;
            anyhow::ensure!(
                status != 404,
                "RT has no queue {q:?} that {} can see: create it in RT, or change [tickets] queue / [tickets.rt] queues",
                self.config.user
            );
        }
        Ok(format!(
            "{} as {}; queue{} {}",
            self.base.trim_end_matches("/REST/2.0"),
            self.config.user,
            if queues.len() == 1 { "" } else { "s" },
            queues.join(", ")
        ))
    }

    fn auth(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match (&self.config.token, &self.config.password) {
            (Some(t), _) => req.header("Authorization", format!("token {}", t.expose())),
            (None, Some(p)) => req.basic_auth(&self.config.user, Some(p.expose())),
            (None, None) => req,
        }
    }

    /// Sends a request; the status and JSON body of a 2xx or 404, else the error.
    async fn call(
        &self,
        req: reqwest::RequestBuilder,
        what: &str,
    ) -> Result<(u16, Value), RtError> {
        let resp = self
            .auth(req)
            .send()
            .await
            .map_err(|e| RtError::Transport {
                url: self.base.clone(),
                message: crate::exit::chain(&e),
            })?;
        let status = resp.status().as_u16();
        let text = resp.text().await.map_err(|e| RtError::Transport {
            url: self.base.clone(),
            message: crate::exit::chain(&e),
        })?;
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::String(text.clone()));
        match status {
            200..=299 | 404 => Ok((status, body)),
            401 | 403 => Err(RtError::Auth {
                status,
                url: self.base.clone(),
            }),
            _ => Err(RtError::Status {
                status,
                what: what.to_string(),
                message: body
                    .get("message")
                    .and_then(Value::as_str)
                    .map_or_else(|| text.chars().take(200).collect(), str::to_string),
            }),
        }
    }

    async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<(u16, Value), RtError> {
        let req = self.http.get(format!("{}/{path}", self.base)).query(query);
        self.call(req, &format!("GET /{path}")).await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> Result<(u16, Value), RtError> {
        let req = self
            .http
            .request(method.clone(), format!("{}/{path}", self.base))
            .json(body);
        self.call(req, &format!("{method} /{path}")).await
    }

    /// Every item of a paged REST2 collection.
    async fn items(&self, path: &str, query: &[(&str, &str)]) -> anyhow::Result<Vec<Value>> {
        let mut out = Vec::new();
        for page in 1u64.. {
            let page_s = page.to_string();
            let mut q = query.to_vec();
            q.extend([("per_page", "100"), ("page", page_s.as_str())]);
            let (_, v) = self.get(path, &q).await?;
            let items = v
                .get("items")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let pages = v.get("pages").and_then(Value::as_u64).unwrap_or(1);
            let last = items.is_empty() || page >= pages;
            out.extend(items);
            if last {
                break;
            }
        }
        Ok(out)
    }

    fn normalise(&self, phone: &str) -> Option<String> {
        crate::phone::normalize(phone, self.default_country_code.as_deref()).ok()
    }

    fn requester_of(&self, user: &Value) -> Option<Requester> {
        let name = user.get("Name")?.as_str()?.to_string();
        let phone = self.normalise(user.get("PagerPhone")?.as_str()?)?;
        Some(Requester {
            name,
            real_name: user
                .get("RealName")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            phone,
        })
    }

    /// Every user with a PagerPhone, by normalised phone.
    async fn scan_users(&self) -> anyhow::Result<HashMap<String, Requester>> {
        let mut out = HashMap::new();
        for u in self
            .items("users", &[("fields", "Name,RealName,PagerPhone")])
            .await?
        {
            if let Some(r) = self.requester_of(&u) {
                out.entry(r.phone.clone()).or_insert(r);
            }
        }
        Ok(out)
    }

    async fn transaction_text(&self, txn: &str) -> anyhow::Result<(String, Vec<String>)> {
        let (_, t) = self.get(&format!("transaction/{txn}"), &[]).await?;
        let links: Vec<String> = t
            .get("_hyperlinks")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter(|h| h.get("ref").and_then(Value::as_str) == Some("attachment"))
                    .filter_map(|h| {
                        h.get("_url")?
                            .as_str()?
                            .rsplit('/')
                            .next()
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (mut plain, mut html, mut files) = (None, None, Vec::new());
        for id in links {
            let (_, a) = self.get(&format!("attachment/{id}"), &[]).await?;
            let ct = a
                .get("ContentType")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_lowercase();
            let name = a.get("Filename").and_then(Value::as_str).unwrap_or("");
            let content = a
                .get("Content")
                .and_then(Value::as_str)
                .and_then(|c| {
                    base64::engine::general_purpose::STANDARD
                        .decode(c.replace(['\n', '\r'], ""))
                        .ok()
                })
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            if !name.is_empty() {
                files.push(format!("{name} ({ct})"));
            } else if ct.starts_with("text/plain") && plain.is_none() {
                plain = content;
            } else if ct.starts_with("text/html") && html.is_none() {
                html = content;
            }
        }
        let text = plain
            .map(|p| p.trim().to_string())
            .or_else(|| html.map(|h| super::html_to_text(&h)))
            .unwrap_or_default();
        Ok((text, files))
    }

    fn body(entry_text: &str, attachments: &[super::Attachment]) -> Value {
        let mut body = json!({"Content": entry_text, "ContentType": "text/plain"});
        if !attachments.is_empty() {
            body["Attachments"] = attachments
                .iter()
                .map(|a| {
                    json!({
                        "FileName": a.name,
                        "FileType": a.content_type,
                        "FileContent": base64::engine::general_purpose::STANDARD.encode(&a.bytes),
                    })
                })
                .collect();
        }
        body
    }
}

#[async_trait::async_trait]
impl Backend for Rt {
    fn kind(&self) -> &'static str {
        "rt"
    }

    async fn find_requester(&self, phone: &str) -> anyhow::Result<Option<Requester>> {
        let name = super::requester_name(phone);
        let (status, u) = self.get(&format!("user/{name}"), &[]).await?;
        if status == 200
            && let Some(r) = self.requester_of(&u)
            && r.phone == phone
        {
            return Ok(Some(r));
        }
        let cached = {
            let users = self.users.lock().unwrap_or_else(|p| p.into_inner());
            users
                .as_ref()
                .map(|(at, m)| (at.elapsed(), m.get(phone).cloned()))
        };
        match cached {
            Some((_, Some(r))) => return Ok(Some(r)),
            Some((age, None)) if age < Duration::from_secs(60) => return Ok(None),
            _ => {}
        }
        let users = self.scan_users().await?;
        let found = users.get(phone).cloned();
        *self.users.lock().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), users));
        Ok(found)
    }

    async fn create_requester(&self, phone: &str, name: &str) -> anyhow::Result<Requester> {
        // Made meanwhile (a racing text, or by hand without a PagerPhone): used as it is.
        self.make_user(json!({"Name": name, "PagerPhone": phone, "Privileged": 0}))
            .await?;
        let (_, u) = self.get(&format!("user/{name}"), &[]).await?;
        Ok(Requester {
            name: name.to_string(),
            real_name: u
                .get("RealName")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            phone: phone.to_string(),
        })
    }

    async fn active_tickets(&self, r: &Requester) -> anyhow::Result<Vec<String>> {
        let query = format!(
            "Watcher.Name = {} AND Status = '__Active__'",
            quote(&r.name)
        );
        let (_, v) = self
            .get("tickets", &[("query", &query), ("per_page", "100")])
            .await?;
        Ok(v.get("items")
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(id_of).collect())
            .unwrap_or_default())
    }

    async fn create_ticket(&self, new: &NewTicket<'_>) -> anyhow::Result<String> {
        if new.channel != super::SMS {
            // A room's visitor: an RT user by relay's name for them, with no PagerPhone
            // (their texts are not theirs to add to) and no email (RT would mail them the
            // agents' replies as well).
            let mut user = json!({"Name": new.requester.name, "Privileged": 0});
            if let Some(real) = &new.requester.real_name {
                user["RealName"] = json!(real);
            }
            self.make_user(user).await?;
        }
        let mut body = Self::body(&new.entry.text, &new.entry.attachments);
        body["Queue"] = json!(new.queue);
        body["Subject"] = json!(new.subject);
        body["Requestor"] = json!(new.requester.name);
        let (_, v) = self.send(reqwest::Method::POST, "ticket", &body).await?;
        let id =
            id_of(&v).ok_or_else(|| anyhow::anyhow!("RT made a ticket but gave no id: {v}"))?;
        if new.channel != super::SMS {
            return Ok(id);
        }
        let route = Route {
            number: new.entry.number.clone(),
            phone: new.requester.phone.clone(),
        };
        let _ = self
            .store
            .put_json(&format!("{ROUTES}{id}.json"), &route, Condition::Always)
            .await?;
        Ok(id)
    }

    async fn comment(&self, ticket: &str, entry: &Entry) -> anyhow::Result<()> {
        let body = Self::body(&entry.text, &entry.attachments);
        self.send(
            reqwest::Method::POST,
            &format!("ticket/{ticket}/comment"),
            &body,
        )
        .await?;
        Ok(())
    }

    async fn list(&self, status: StatusFilter) -> anyhow::Result<Vec<Summary>> {
        let queues = self.queues("General");
        let qs = queues
            .iter()
            .map(|q| format!("Queue = {}", quote(q)))
            .collect::<Vec<_>>()
            .join(" OR ");
        let query = match status {
            StatusFilter::Open => format!("({qs}) AND Status = '__Active__'"),
            StatusFilter::Resolved => format!("({qs}) AND Status = 'resolved'"),
            StatusFilter::All => format!("({qs})"),
        };
        let items = self
            .items(
                "tickets",
                &[
                    ("query", &query),
                    ("fields", "Status,Subject,Queue,Requestor,LastUpdated"),
                    ("fields[Queue]", "Name"),
                    ("fields[Requestor]", "PagerPhone"),
                    ("orderby", "id"),
                ],
            )
            .await?;
        let out = items
            .iter()
            .map(|t| Summary {
                id: id_of(t).unwrap_or_default(),
                status: t["Status"].as_str().unwrap_or("").to_string(),
                queue: t["Queue"]["Name"].as_str().unwrap_or("").to_string(),
                subject: t["Subject"].as_str().unwrap_or("").to_string(),
                requester: t["Requestor"]
                    .as_array()
                    .and_then(|r| r.iter().find_map(|u| u["PagerPhone"].as_str()))
                    .and_then(|p| self.normalise(p)),
                updated: epoch(t["LastUpdated"].as_str()),
            })
            .collect();
        Ok(out)
    }

    async fn show(&self, id: &str) -> anyhow::Result<Option<(Summary, Vec<Item>)>> {
        let (status, t) = self.get(&format!("ticket/{id}"), &[]).await?;
        if status == 404 {
            return Ok(None);
        }
        let contact = self.contact(id).await?;
        let summary = Summary {
            id: id.to_string(),
            status: t["Status"].as_str().unwrap_or("").to_string(),
            queue: t["Queue"]["id"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_default(),
            subject: t["Subject"].as_str().unwrap_or("").to_string(),
            requester: contact.and_then(|c| c.phone),
            updated: None,
        };
        let (_, h) = self
            .get(
                &format!("ticket/{id}/history"),
                &[
                    ("fields", "Type,Creator,Created,NewValue"),
                    ("per_page", "100"),
                ],
            )
            .await?;
        let mut items = Vec::new();
        for tx in h
            .get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            let kind = match tx["Type"].as_str().unwrap_or("") {
                "Create" => "text",
                "Correspond" => "reply",
                "Comment" => "comment",
                "Status" => "status",
                _ => continue,
            };
            let at = epoch(tx["Created"].as_str()).unwrap_or(0);
            let (text, media) = if kind == "status" {
                (
                    format!("Status: {}", tx["NewValue"].as_str().unwrap_or("")),
                    Vec::new(),
                )
            } else {
                self.transaction_text(&id_of(&tx).unwrap_or_default())
                    .await?
            };
            items.push(Item {
                at,
                kind: kind.into(),
                author: tx["Creator"]["id"].as_str().unwrap_or("").to_string(),
                text,
                media,
            });
        }
        Ok(Some((summary, items)))
    }

    async fn record_reply(&self, id: &str, text: &str, _author: &str) -> anyhow::Result<()> {
        self.add_to(id, "correspond", text).await
    }

    async fn record_comment(&self, id: &str, text: &str, _author: &str) -> anyhow::Result<()> {
        self.add_to(id, "comment", text).await
    }

    async fn set_resolved(&self, id: &str, resolved: bool, _author: &str) -> anyhow::Result<()> {
        let status = if resolved { "resolved" } else { "open" };
        let (code, _) = self
            .send(
                reqwest::Method::PUT,
                &format!("ticket/{id}"),
                &json!({"Status": status}),
            )
            .await?;
        if code == 404 {
            return Err(crate::exit::input(format!("RT has no ticket {id}")));
        }
        Ok(())
    }

    async fn contact(&self, id: &str) -> anyhow::Result<Option<Contact>> {
        if let Some((r, _)) = self
            .store
            .get_json::<Route>(&format!("{ROUTES}{id}.json"))
            .await?
        {
            return Ok(Some(Contact {
                phone: Some(r.phone),
                number: Some(r.number),
            }));
        }
        // A ticket relay did not make: its first requester's PagerPhone.
        let (status, t) = self.get(&format!("ticket/{id}"), &[]).await?;
        if status == 404 {
            return Ok(None);
        }
        let mut phone = None;
        for who in t["Requestor"].as_array().cloned().unwrap_or_default() {
            let Some(name) = who["id"].as_str() else {
                continue;
            };
            let (_, u) = self.get(&format!("user/{name}"), &[]).await?;
            if let Some(p) = u["PagerPhone"].as_str().and_then(|p| self.normalise(p)) {
                phone = Some(p);
                break;
            }
        }
        Ok(Some(Contact {
            phone,
            number: None,
        }))
    }
}

impl Rt {
    /// Makes an RT user; one that exists by that name already is left as it is.
    async fn make_user(&self, user: Value) -> anyhow::Result<()> {
        match self.send(reqwest::Method::POST, "user", &user).await {
            Ok(_) => Ok(()),
            Err(RtError::Status {
                status: 400,
                ref message,
                ..
            }) if message.contains("in use") => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// An agent's text on a ticket: `correspond` (to the requester) or `comment`.
    async fn add_to(&self, id: &str, what: &str, text: &str) -> anyhow::Result<()> {
        let (status, _) = self
            .send(
                reqwest::Method::POST,
                &format!("ticket/{id}/{what}"),
                &Self::body(text, &[]),
            )
            .await?;
        if status == 404 {
            return Err(crate::exit::input(format!("RT has no ticket {id}")));
        }
        Ok(())
    }

    /// The newest transaction id (where a new follower starts: the past is not texted).
    async fn newest_transaction(&self) -> anyhow::Result<u64> {
        let (_, v) = self
            .get(
                "transactions",
                &[
                    ("query", "id > 0"),
                    ("orderby", "id"),
                    ("order", "DESC"),
                    ("per_page", "1"),
                ],
            )
            .await?;
        Ok(v["items"]
            .as_array()
            .and_then(|i| i.first())
            .and_then(id_of)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0))
    }

    /// Lets go of the follower's lease if this process holds it (at shutdown), so the next
    /// relay to start follows at once instead of after the lease runs out.
    pub async fn release_follower(&self) -> anyhow::Result<()> {
        if let Some((mut cur, v)) = self.store.get_json::<Cursor>(FOLLOWER).await?
            && cur.holder == self.holder
        {
            cur.until = 0;
            let _ = self
                .store
                .put_json(FOLLOWER, &cur, Condition::IfMatch(v))
                .await?;
        }
        Ok(())
    }

    /// One round of following: every Correspond transaction after the cursor on the
    /// followed queues, in order, made into a reply to text (or, on a RapidPro room's
    /// ticket, an agent message), and every resolution of a room's ticket into its
    /// close-room, each once (its id is the transaction's). Returns how many were queued;
    /// `None` when another relay holds the lease.
    pub async fn follow_once(
        &self,
        out: &Outlets,
        queue: &str,
        lease: Duration,
    ) -> anyhow::Result<Option<usize>> {
        let holder = self.holder.as_str();
        let now = now_epoch();
        let (mut cur, mut version) = match self.store.get_json::<Cursor>(FOLLOWER).await? {
            Some((c, v)) => (c, Some(v)),
            None => (
                Cursor {
                    cursor: self.newest_transaction().await?,
                    holder: String::new(),
                    until: 0,
                },
                None,
            ),
        };
        if cur.until > now && cur.holder != holder {
            return Ok(None);
        }
        cur.holder = holder.to_string();
        cur.until = now + lease.as_secs() as i64;
        let save = async |cur: &Cursor,
                          version: &mut Option<crate::store::Version>|
               -> anyhow::Result<bool> {
            let cond = match version.take() {
                Some(v) => Condition::IfMatch(v),
                None => Condition::IfAbsent,
            };
            match self.store.put_json(FOLLOWER, cur, cond).await? {
                Put::Written(v) => {
                    *version = Some(v);
                    Ok(true)
                }
                Put::Conflict => Ok(false),
            }
        };
        if !save(&cur, &mut version).await? {
            return Ok(None);
        }
        let queues = self.queues(queue);
        let qs = queues
            .iter()
            .map(|q| format!("TicketQueue = {}", quote(q)))
            .collect::<Vec<_>>()
            .join(" OR ");
        let query = format!(
            "(Type = 'Correspond' OR Type = 'Status') AND ({qs}) AND id > {}",
            cur.cursor
        );
        let (_, v) = self
            .get(
                "transactions",
                &[
                    ("query", &query),
                    ("orderby", "id"),
                    ("order", "ASC"),
                    ("fields", "Type,ObjectId,Creator,NewValue"),
                    ("per_page", "100"),
                ],
            )
            .await?;
        let mut queued = 0;
        for tx in v["items"].as_array().cloned().unwrap_or_default() {
            let Some(txn) = id_of(&tx).and_then(|s| s.parse::<u64>().ok()) else {
                continue;
            };
            let creator = tx["Creator"]["id"].as_str().unwrap_or("");
            if creator != self.user() && self.pass_on(out, &tx, txn, creator).await? {
                queued += 1;
            }
            cur.cursor = txn;
            cur.until = now_epoch() + lease.as_secs() as i64;
            if !save(&cur, &mut version).await? {
                // Another relay took over; it goes on from the saved cursor.
                return Ok(Some(queued));
            }
        }
        Ok(Some(queued))
    }
    /// One transaction by someone other than relay, passed on: a reply texted or sent to
    /// RapidPro, a room's resolution sent as close-room. True when something was queued.
    async fn pass_on(
        &self,
        out: &Outlets,
        tx: &Value,
        txn: u64,
        creator: &str,
    ) -> anyhow::Result<bool> {
        let ticket = tx["ObjectId"]
            .as_str()
            .map(str::to_string)
            .or_else(|| tx["ObjectId"].as_u64().map(|n| n.to_string()))
            .unwrap_or_default();
        let source = format!("RT transaction {txn} by {creator}");
        let room = match &out.ticketer {
            Some(tk) => tk.link(&ticket).await?.map(|l| (tk, l)),
            None => None,
        };
        let correspond = tx["Type"].as_str() == Some("Correspond");
        if !correspond {
            // A status change: only a room's resolution goes anywhere.
            let closed = matches!(
                tx["NewValue"].as_str(),
                Some("resolved" | "rejected" | "deleted")
            );
            let Some((tk, link)) = room.filter(|_| closed) else {
                return Ok(false);
            };
            tk.release(&link).await?;
            let cb = Callback::new(
                &link,
                &ticket,
                crate::ticketer::deliver::CLOSE_ROOM,
                "",
                Vec::new(),
                &source,
                Some(format!("rt-{txn}")),
            );
            return tk.queue(cb).await;
        }
        let (mut text, files) = self.transaction_text(&txn.to_string()).await?;
        if !files.is_empty() {
            text.push_str(&format!(
                "\n[attachments in the ticket: {}]",
                files.join(", ")
            ));
        }
        if let Some((tk, link)) = room {
            let cb = Callback::new(
                &link,
                &ticket,
                crate::ticketer::deliver::AGENT_MESSAGE,
                &text,
                Vec::new(),
                &source,
                Some(format!("rt-{txn}")),
            );
            return tk.queue(cb).await;
        }
        let contact = self.contact(&ticket).await?.unwrap_or(Contact {
            phone: None,
            number: None,
        });
        let reply = Reply::new(
            &format!("rt-{txn}"),
            &ticket,
            contact.phone,
            contact.number.or(out.fallback_number.clone()),
            &text,
            &source,
        );
        if out.replies.add(&reply.id, &reply).await? {
            out.replies.spawn(reply.id.clone());
            return Ok(true);
        }
        Ok(false)
    }
}

/// Where the follower sends what agents do in RT.
pub struct Outlets {
    pub replies: Replies,
    pub ticketer: Option<crate::ticketer::Ticketer>,
    /// The number to text from when a ticket's own is unknown.
    pub fallback_number: Option<String>,
}

/// Follows RT for as long as `relay serve` runs.
pub async fn follow(rt: std::sync::Arc<Rt>, out: Outlets, queue: String, every: Duration) {
    let lease = every * 2 + Duration::from_secs(30);
    loop {
        match rt.follow_once(&out, &queue, lease).await {
            Ok(Some(n)) if n > 0 => tracing::info!("tickets: {n} reply(ies) from RT to send"),
            Ok(_) => {}
            Err(e) => tracing::warn!("tickets: following RT: {e:#}"),
        }
        tokio::time::sleep(every).await;
    }
}
