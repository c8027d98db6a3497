//! `relay tickets list | show | reply | comment | resolve | reopen | pending | retry`.

use super::deliver::{Inbound, Reply};
use super::{Attachment, RAPIDPRO, SMS, Sent, Tickets};
use crate::cli::{TicketsArgs, TicketsCommand};
use crate::config::Config;
use crate::durable::{Pass, Record};
use crate::durable::{Queue, Work};
use crate::exit;
use crate::oncall::sms::format_time;
use crate::output;
use crate::store::Store;
use crate::ticketer::deliver::{Callback, Event};
use std::io::Read;

fn text_arg(text: &str) -> anyhow::Result<String> {
    if text != "-" {
        return Ok(text.to_string());
    }
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| exit::input(format!("cannot read the text from standard input: {e}")))?;
    Ok(s)
}

fn reply_state(r: &Reply) -> String {
    r.progress.marks(&r.order())
}

/// What `pending` and `show` say of a reply or an inbound text that is not done.
/// The ids RapidPro and mailroom know a room's ticket by.
fn rapidpro_ids(link: &crate::ticketer::TicketLink) -> serde_json::Value {
    serde_json::json!({"room": link.room, "ticket_id": link.ticket_id, "contact": link.token})
}

fn last_error(p: &crate::durable::Progress) -> String {
    p.steps
        .values()
        .filter_map(|s| s.last_error.clone())
        .next_back()
        .unwrap_or_default()
}

pub async fn run(args: &TicketsArgs, config: &Config) -> anyhow::Result<u8> {
    let store = Store::open(&config.store).await?;
    let Some(t) = Tickets::new(config, store)? else {
        return Err(exit::input(
            "no [tickets] section in the configuration: add one (an empty [tickets] keeps tickets in relay's store; see docs/tickets.md)",
        ));
    };
    let author = crate::audit::actor(args.actor.as_deref()).name;
    match &args.command {
        TicketsCommand::List { status } => {
            let mut list = t.backend.list(*status).await?;
            list.sort_by_key(|s| std::cmp::Reverse(s.id.parse::<u64>().unwrap_or(0)));
            if args.json {
                // A RapidPro conversation's ticket carries its room, RapidPro's ticketID
                // and the contact, so scripts can map one to the other.
                let mut out = Vec::with_capacity(list.len());
                for s in &list {
                    let mut v = serde_json::to_value(s)?;
                    if let Some((_, link)) = t.room_of(&s.id).await? {
                        v["rapidpro"] = rapidpro_ids(&link);
                    }
                    out.push(v);
                }
                output::json(&out)?;
            } else if list.is_empty() {
                println!("No tickets.");
            } else {
                let mut tab =
                    output::table(&["id", "status", "queue", "requester", "subject", "updated"]);
                for s in &list {
                    tab.add_row(vec![
                        s.id.clone(),
                        s.status.clone(),
                        s.queue.clone(),
                        s.requester.clone().unwrap_or_default(),
                        s.subject.clone(),
                        s.updated.map(|u| format_time(Some(u))).unwrap_or_default(),
                    ]);
                }
                println!("{tab}");
            }
            Ok(exit::OK)
        }
        TicketsCommand::Show { id } => {
            let Some((summary, items)) = t.backend.show(id).await? else {
                return Err(exit::input(format!(
                    "no ticket {id}: `relay tickets list --status all` shows them"
                )));
            };
            let replies: Vec<Reply> = t
                .replies
                .all()
                .await?
                .into_iter()
                .map(|(_, r)| r)
                .filter(|r| r.ticket == *id)
                .collect();
            let callbacks: Vec<Callback> = match &t.ticketer {
                Some(tk) => tk
                    .callbacks
                    .all()
                    .await?
                    .into_iter()
                    .map(|(_, c)| c)
                    .filter(|c| c.ticket == *id)
                    .collect(),
                None => Vec::new(),
            };
            let open = replies.iter().filter(|r| r.progress.any_open()).count()
                + callbacks.iter().filter(|c| c.progress.any_open()).count();
            if args.json {
                let room = t.room_of(id).await?.map(|(_, link)| rapidpro_ids(&link));
                output::json(&serde_json::json!({
                    "ticket": summary, "conversation": items, "texts": replies,
                    "rapidpro": callbacks, "room": room,
                }))?;
            } else {
                println!(
                    "ticket      {} ({}, queue {})",
                    summary.id, summary.status, summary.queue
                );
                println!("subject     {}", summary.subject);
                println!(
                    "requester   {}",
                    summary.requester.as_deref().unwrap_or("(no phone)")
                );
                for i in &items {
                    println!(
                        "\n--- {} {} by {}",
                        format_time(Some(i.at)),
                        i.kind,
                        i.author
                    );
                    println!("{}", i.text);
                    for m in &i.media {
                        println!("[media] {m}");
                    }
                }
                if !replies.is_empty() {
                    println!("\ntexts to the requester:");
                    for r in &replies {
                        println!(
                            "  {} {}  {}  {}",
                            format_time(Some(r.at)),
                            r.id,
                            reply_state(r),
                            last_error(&r.progress)
                        );
                    }
                }
                if !callbacks.is_empty() {
                    println!("\nsent to RapidPro:");
                    for c in &callbacks {
                        println!(
                            "  {} {} {}  {}  {}",
                            format_time(Some(c.place.at_ms / 1000)),
                            c.id(),
                            c.kind,
                            c.progress.marks(&c.order()),
                            outcome(&c.progress)
                        );
                    }
                }
            }
            Ok(if open > 0 {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
        TicketsCommand::Reply { id, text, attach } => {
            let text = text_arg(text)?;
            let mut files = Vec::new();
            for path in attach {
                files.push(attachment(path)?);
            }
            let (sent, pass) = t.reply(id, &text, &author, &files).await?;
            let done = pass == Pass::Finished;
            match &sent {
                Sent::Sms(reply) => {
                    if args.json {
                        output::json(&serde_json::json!({
                            "channel": SMS, "reply": reply, "sent": done, "texted": done,
                        }))?;
                    } else if done {
                        println!(
                            "Replied on ticket {id} and texted {} ({} part(s)).",
                            reply.to.as_deref().unwrap_or(""),
                            reply.parts.len()
                        );
                    } else {
                        eprintln!(
                            "relay: the reply is recorded on ticket {id}, but the text did not go out yet: {}\n  relay serve retries it; `relay tickets pending` shows it, `relay tickets retry {}` tries again now",
                            last_error(&reply.progress),
                            reply.id
                        );
                    }
                }
                Sent::Rapidpro(cb) => {
                    if args.json {
                        output::json(&serde_json::json!({
                            "channel": RAPIDPRO, "reply": cb, "id": cb.id(), "sent": done,
                        }))?;
                    } else if done {
                        println!(
                            "Replied on ticket {id} and sent it to RapidPro ({}).",
                            outcome(&cb.progress)
                        );
                    } else {
                        eprintln!(
                            "relay: the reply is recorded on ticket {id}, but RapidPro has not taken it yet: {}\n  relay serve retries it; `relay tickets pending` shows it, `relay tickets retry {}` tries again now",
                            last_error(&cb.progress),
                            cb.id()
                        );
                    }
                }
            }
            Ok(if done { exit::OK } else { exit::FOUND_PROBLEM })
        }
        TicketsCommand::Comment { id, text } => {
            let text = text_arg(text)?;
            if t.backend.contact(id).await?.is_none() {
                return Err(exit::input(format!("no ticket {id}")));
            }
            t.backend.record_comment(id, &text, &author).await?;
            if !args.json {
                println!("Commented on ticket {id} (not texted).");
            }
            Ok(exit::OK)
        }
        TicketsCommand::Resolve { id } | TicketsCommand::Reopen { id } => {
            let resolve = matches!(args.command, TicketsCommand::Resolve { .. });
            if t.backend.contact(id).await?.is_none() {
                return Err(exit::input(format!("no ticket {id}")));
            }
            let closed = t.resolve(id, resolve, &author).await?;
            let pending = closed.as_ref().is_some_and(|(_, p)| *p != Pass::Finished);
            if args.json {
                output::json(&serde_json::json!({
                    "ticket": id,
                    "status": if resolve { "resolved" } else { "open" },
                    "close_room": closed.as_ref().map(|(c, p)| serde_json::json!({
                        "id": c.id(), "record": c, "sent": *p == Pass::Finished,
                    })),
                }))?;
            } else {
                println!(
                    "Ticket {id} {}.",
                    if resolve { "resolved" } else { "reopened" }
                );
                match &closed {
                    Some((_, Pass::Finished)) => println!("The room is closed in RapidPro."),
                    Some((c, _)) => eprintln!(
                        "relay: RapidPro has not taken the room's closing yet: {}\n  relay serve retries it; `relay tickets retry {}` tries again now",
                        last_error(&c.progress),
                        c.id()
                    ),
                    None => {}
                }
            }
            // Resolving does not stop a reply still on its way; say so, it may never go.
            let unsent: Vec<(String, Reply)> = open_records(&t.replies)
                .await?
                .into_iter()
                .filter(|(_, r)| r.ticket == *id)
                .collect();
            for (rid, r) in &unsent {
                eprintln!(
                    "relay: a reply on ticket {id} was never sent to {}: {}\n  `relay tickets retry {}` tries again; it is still sent after the ticket is resolved",
                    r.to.as_deref().unwrap_or("(no phone)"),
                    match last_error(&r.progress) {
                        e if e.is_empty() => "not tried yet".to_string(),
                        e => e,
                    },
                    rid
                );
            }
            let pending = pending || !unsent.is_empty();
            Ok(if pending {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
        TicketsCommand::Pending => {
            let inbound: Vec<(String, Inbound)> = open_records(&t.inbox).await?;
            let replies: Vec<(String, Reply)> = open_records(&t.replies).await?;
            let mut events: Vec<(String, Event)> = Vec::new();
            let mut callbacks: Vec<(String, Callback)> = Vec::new();
            if let Some(tk) = &t.ticketer {
                events = open_records(&tk.events).await?;
                callbacks = open_records(&tk.callbacks).await?;
            }
            let n = inbound.len() + replies.len() + events.len() + callbacks.len();
            if args.json {
                output::json(&serde_json::json!({
                    "inbound": with_ids(&inbound),
                    "replies": replies.iter().map(|(_, r)| r).collect::<Vec<_>>(),
                    "from_rapidpro": with_ids(&events),
                    "to_rapidpro": with_ids(&callbacks),
                }))?;
            } else if n == 0 {
                println!("Nothing pending: every text and message is filed and every reply sent.");
            } else {
                let mut tab = output::table(&["id", "what", "when", "steps", "last error"]);
                let every: Vec<&str> = inbound
                    .iter()
                    .map(|(i, _)| i.as_str())
                    .chain(replies.iter().map(|(i, _)| i.as_str()))
                    .chain(events.iter().map(|(i, _)| i.as_str()))
                    .chain(callbacks.iter().map(|(i, _)| i.as_str()))
                    .collect();
                let short: std::collections::HashMap<&str, String> = every
                    .iter()
                    .copied()
                    .zip(crate::ids::short_forms(&every))
                    .collect();
                let short = |id: &String| short[id.as_str()].clone();
                for (id, r) in &inbound {
                    tab.add_row(vec![
                        short(id),
                        format!("text from {}", r.from),
                        format_time(Some(r.at_ms / 1000)),
                        r.progress.marks(&r.order()),
                        last_error(&r.progress),
                    ]);
                }
                for (id, r) in &replies {
                    tab.add_row(vec![
                        short(id),
                        format!(
                            "reply on {} to {}",
                            r.ticket,
                            r.to.as_deref().unwrap_or("(no phone)")
                        ),
                        format_time(Some(r.at)),
                        reply_state(r),
                        last_error(&r.progress),
                    ]);
                }
                for (id, e) in &events {
                    tab.add_row(vec![
                        short(id),
                        format!("RapidPro {} in room {}", e.kind, e.place.room),
                        format_time(Some(e.place.at_ms / 1000)),
                        e.progress.marks(&e.order()),
                        last_error(&e.progress),
                    ]);
                }
                for (id, c) in &callbacks {
                    tab.add_row(vec![
                        short(id),
                        format!("{} on {} to RapidPro", c.kind, c.ticket),
                        format_time(Some(c.place.at_ms / 1000)),
                        c.progress.marks(&c.order()),
                        last_error(&c.progress),
                    ]);
                }
                println!("{tab}");
                eprintln!(
                    "relay: {n} pending; relay serve retries them, `relay tickets retry` tries now"
                );
            }
            Ok(if n > 0 { exit::FOUND_PROBLEM } else { exit::OK })
        }
        TicketsCommand::Retry { id } => {
            let mut results: Vec<(String, Pass, bool, String)> = Vec::new();
            let mut found = id.is_none();
            // An id from `pending` (or any unique part of one) names a record of one of
            // the queues.
            let ids: Vec<String> = match id {
                None => Vec::new(),
                Some(given) => {
                    let mut all = t.inbox.ids().await?;
                    all.extend(t.replies.ids().await?);
                    if let Some(tk) = &t.ticketer {
                        all.extend(tk.events.ids().await?);
                        all.extend(tk.callbacks.ids().await?);
                    }
                    vec![crate::ids::resolve(
                        crate::ids::typed(given),
                        all.iter().map(String::as_str),
                        "pending item",
                        "relay tickets pending",
                    )?]
                }
            };
            retry_in(&t.inbox, &ids, &mut results, &mut found).await?;
            retry_in(&t.replies, &ids, &mut results, &mut found).await?;
            if let Some(tk) = &t.ticketer {
                retry_in(&tk.events, &ids, &mut results, &mut found).await?;
                retry_in(&tk.callbacks, &ids, &mut results, &mut found).await?;
            }
            if !found {
                return Err(exit::input(format!(
                    "nothing pending is called {}: `relay tickets pending` lists ids",
                    ids.join(" ")
                )));
            }
            let left = results.iter().filter(|(_, _, open, _)| *open).count();
            for (i, p, open, error) in &results {
                let state = match p {
                    Pass::Busy => "busy (another relay is on it)",
                    _ if *open => "still pending",
                    _ => "done",
                };
                if args.json {
                    output::json_line(
                        &serde_json::json!({"id": i, "result": state, "last_error": error}),
                    )?;
                } else if error.is_empty() {
                    println!("{i}: {state}");
                } else {
                    println!("{i}: {state}: {error}");
                }
            }
            if results.is_empty() && !args.json {
                println!("Nothing to retry.");
            }
            Ok(if left > 0 {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
    }
}

fn with_ids<R: serde::Serialize>(records: &[(String, R)]) -> Vec<serde_json::Value> {
    records
        .iter()
        .map(|(id, r)| serde_json::json!({"id": id, "record": r}))
        .collect()
}

/// Records of a queue with a step not done.
async fn open_records<W: Work>(q: &Queue<W>) -> anyhow::Result<Vec<(String, W::Record)>> {
    Ok(q.all()
        .await?
        .into_iter()
        .filter(|(_, r)| r.progress().any_open())
        .collect())
}

/// Retries `ids` that are records of `q` (every pending record when `ids` is empty).
async fn retry_in<W: Work>(
    q: &Queue<W>,
    ids: &[String],
    results: &mut Vec<(String, Pass, bool, String)>,
    found: &mut bool,
) -> anyhow::Result<()> {
    let mine = if ids.is_empty() {
        Vec::new()
    } else {
        let mut mine = Vec::new();
        for id in ids {
            if q.read(id).await?.is_some() {
                mine.push(id.clone());
            }
        }
        if mine.is_empty() {
            return Ok(());
        }
        *found = true;
        mine
    };
    for (i, p, r) in q.retry(mine).await? {
        let open = r.as_ref().is_some_and(|r| r.progress().any_open());
        let error = r
            .as_ref()
            .filter(|_| open)
            .map(|r| last_error(r.progress()))
            .unwrap_or_default();
        results.push((i, p, open, error));
    }
    Ok(())
}

/// A file for `--attach`: at most 10 MiB, its type from its extension.
fn attachment(path: &std::path::Path) -> anyhow::Result<Attachment> {
    let meta = std::fs::metadata(path)
        .map_err(|e| exit::input(format!("{}: cannot read: {e}", path.display())))?;
    if meta.len() > crate::ticketer::MAX_FILE as u64 {
        return Err(exit::input(format!(
            "{}: larger than 10 MiB, the most mailroom fetches",
            path.display()
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| exit::input(format!("{}: cannot read: {e}", path.display())))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    Ok(Attachment {
        content_type: crate::ticketer::content_type_of(&name).to_string(),
        name,
        bytes,
    })
}

/// What the last try did or why it failed.
fn outcome(p: &crate::durable::Progress) -> String {
    let e = last_error(p);
    if !e.is_empty() {
        return e;
    }
    p.steps
        .values()
        .filter_map(|s| s.detail.clone())
        .next_back()
        .unwrap_or_default()
}
