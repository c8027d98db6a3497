//! `relay tickets list | show | reply | comment | resolve | reopen | pending | retry`.

use super::Tickets;
use super::deliver::{Inbound, Reply};
use crate::cli::{TicketsArgs, TicketsCommand};
use crate::config::Config;
use crate::durable::{Pass, Record};
use crate::exit;
use crate::oncall::sms::format_time;
use crate::output;
use crate::store::Store;
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
    let author = crate::oncall::cmd::actor(args.actor.as_deref()).name;
    match &args.command {
        TicketsCommand::List { status } => {
            let mut list = t.backend.list(*status).await?;
            list.sort_by_key(|s| std::cmp::Reverse(s.id.parse::<u64>().unwrap_or(0)));
            if args.json {
                output::json(&list)?;
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
            let open = replies.iter().filter(|r| r.progress.any_open()).count();
            if args.json {
                output::json(&serde_json::json!({
                    "ticket": summary, "conversation": items, "texts": replies,
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
            }
            Ok(if open > 0 {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
        TicketsCommand::Reply { id, text } => {
            let text = text_arg(text)?;
            let (reply, pass) = t.reply(id, &text, &author).await?;
            let sent = pass == Pass::Finished;
            if args.json {
                output::json(&serde_json::json!({"reply": reply, "texted": sent}))?;
            } else if sent {
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
            Ok(if sent { exit::OK } else { exit::FOUND_PROBLEM })
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
            t.backend.set_resolved(id, resolve, &author).await?;
            if !args.json {
                println!(
                    "Ticket {id} {}.",
                    if resolve { "resolved" } else { "reopened" }
                );
            }
            Ok(exit::OK)
        }
        TicketsCommand::Pending => {
            let inbound: Vec<(String, Inbound)> = t
                .inbox
                .all()
                .await?
                .into_iter()
                .filter(|(_, r)| r.progress.any_open())
                .collect();
            let replies: Vec<(String, Reply)> = t
                .replies
                .all()
                .await?
                .into_iter()
                .filter(|(_, r)| r.progress.any_open())
                .collect();
            let n = inbound.len() + replies.len();
            if args.json {
                output::json(&serde_json::json!({
                    "inbound": inbound.iter().map(|(id, r)| serde_json::json!({"id": id, "record": r})).collect::<Vec<_>>(),
                    "replies": replies.iter().map(|(_, r)| r).collect::<Vec<_>>(),
                }))?;
            } else if n == 0 {
                println!("Nothing pending: every text is filed and every reply texted.");
            } else {
                let mut tab = output::table(&["id", "what", "when", "steps", "last error"]);
                for (id, r) in &inbound {
                    tab.add_row(vec![
                        id.clone(),
                        format!("text from {}", r.from),
                        format_time(Some(r.at_ms / 1000)),
                        r.progress.marks(&r.order()),
                        last_error(&r.progress),
                    ]);
                }
                for (id, r) in &replies {
                    tab.add_row(vec![
                        id.clone(),
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
                println!("{tab}");
                eprintln!(
                    "relay: {n} pending; relay serve retries them, `relay tickets retry` tries now"
                );
            }
            Ok(if n > 0 { exit::FOUND_PROBLEM } else { exit::OK })
        }
        TicketsCommand::Retry { id } => {
            let ids: Vec<String> = id.iter().cloned().collect();
            let mut results: Vec<(String, Pass, bool)> = Vec::new();
            // An id names an inbound text (DIGITS/SID) or a reply.
            let (inbox_ids, reply_ids): (Vec<String>, Vec<String>) =
                ids.into_iter().partition(|i| i.contains('/'));
            let all = id.is_none();
            if all || !inbox_ids.is_empty() {
                for (i, p, r) in t.inbox.retry(inbox_ids).await? {
                    results.push((i, p, r.is_some_and(|r| r.progress.any_open())));
                }
            }
            if all || !reply_ids.is_empty() {
                for (i, p, r) in t.replies.retry(reply_ids).await? {
                    if p == Pass::Missing {
                        return Err(exit::input(format!(
                            "nothing pending is called {i}: `relay tickets pending` lists ids"
                        )));
                    }
                    results.push((i, p, r.is_some_and(|r| r.progress.any_open())));
                }
            }
            let left = results.iter().filter(|(_, _, open)| *open).count();
            for (i, p, open) in &results {
                let state = match p {
                    Pass::Busy => "busy (another relay is on it)",
                    _ if *open => "still pending",
                    _ => "done",
                };
                if args.json {
                    output::json_line(&serde_json::json!({"id": i, "result": state}))?;
                } else {
                    println!("{i}: {state}");
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
