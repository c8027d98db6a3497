//! `relay alerts list | show ID | retry [ID...]`.

use super::deliver::{Alerts, alerts};
use super::{Alert, Outcome, STEP_ORDER};
use crate::cli::{AlertsArgs, AlertsCommand};
use crate::config::Config;
use crate::durable::{Pass, Record};
use crate::exit;
use crate::oncall::sms::format_time;
use crate::output;
use crate::store::Store;
use std::sync::Arc;

fn outcome_word(a: &Alert) -> &'static str {
    match a.outcome() {
        Outcome::Pending => "pending",
        Outcome::Sent => "sent",
        Outcome::Failing => "failing",
        Outcome::Discarded => "discarded",
    }
}

/// Not (yet) delivered: what cron is told about.
fn undelivered(a: &Alert) -> bool {
    a.progress.any_open()
}

async fn all(q: &Alerts) -> anyhow::Result<Vec<Alert>> {
    let mut out: Vec<Alert> = q.all().await?.into_iter().map(|(_, a)| a).collect();
    out.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(out)
}

pub async fn run(args: &AlertsArgs, config: &Config) -> anyhow::Result<u8> {
    let q = alerts(Store::open(&config.store).await?, Arc::new(config.clone()));
    match &args.command {
        AlertsCommand::List => {
            let list = all(&q).await?;
            if args.json {
                output::json(&list)?;
            } else if list.is_empty() {
                println!("No alerts yet.");
            } else {
                let mut t =
                    output::table(&["id", "time", "caller", "kind", "group", "state", "steps"]);
                let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
                for (a, short) in list.iter().zip(crate::ids::short_forms(&ids)) {
                    t.add_row(vec![
                        short,
                        format_time(Some(a.at)),
                        a.who(),
                        a.kind.as_str().to_string(),
                        a.group.as_ref().map_or("-".into(), |g| g.name.clone()),
                        outcome_word(a).to_string(),
                        a.progress.marks(&a.order()),
                    ]);
                }
                println!("{t}");
            }
            let open = list.iter().filter(|a| undelivered(a)).count();
            if open > 0 && !args.json {
                eprintln!(
                    "relay: {open} alert(s) not delivered yet; `relay alerts show ID` says why, `relay alerts retry` tries again"
                );
            }
            Ok(if open > 0 {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
        AlertsCommand::Show { id } => {
            let id = q.find(id, "alert", "relay alerts list").await?;
            let Some((a, _)) = q.read(&id).await? else {
                return Err(exit::input(format!(
                    "no alert {id}: `relay alerts list` shows their ids"
                )));
            };
            if args.json {
                output::json(&a)?;
            } else {
                println!("id          {}", a.id);
                println!("time        {}", format_time(Some(a.at)));
                println!("caller      {}", a.who());
                println!("kind        {}", a.kind.as_str());
                if let Some(g) = &a.group {
                    println!("group       {} ({})", g.name, g.spoken());
                }
                if let Some(b) = &a.bridge {
                    println!("bridge      {b} on {}", a.called);
                }
                println!("recording   {} ({} s)", a.recording_sid, a.duration);
                println!(
                    "message     {}{}",
                    a.text(),
                    a.transcript_status
                        .as_ref()
                        .map(|s| format!(" [{s}]"))
                        .unwrap_or_default()
                );
                if let Some(l) = a.link() {
                    println!("link        {l}");
                }
                println!("state       {}", outcome_word(&a));
                for line in a.progress.lines(&STEP_ORDER) {
                    println!("{line}");
                }
            }
            Ok(if undelivered(&a) {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
        AlertsCommand::Retry { ids } => {
            let mut found = Vec::new();
            for id in ids {
                found.push(q.find(id, "alert", "relay alerts list").await?);
            }
            let done = q.retry(found).await?;
            let mut left = 0;
            for (id, pass, a) in &done {
                let Some(a) = a else {
                    return Err(exit::input(format!("no alert {id}")));
                };
                let open = undelivered(a);
                left += usize::from(open);
                let state = match pass {
                    Pass::Busy => "busy (another relay is sending it)",
                    _ if open => "not delivered yet",
                    _ => outcome_word(a),
                };
                if args.json {
                    output::json_line(
                        &serde_json::json!({"id": id, "result": state, "steps": a.progress.steps}),
                    )?;
                } else {
                    println!("{id}: {state}  {}", a.progress.marks(&a.order()));
                }
            }
            if done.is_empty() && !args.json {
                println!("Nothing to retry: every alert is delivered.");
            }
            Ok(if left > 0 {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
    }
}
