//! `relay pager list | show ID [--save FILE] | retry [ID]`.

use super::Voicemail;
use super::deliver::{Deliverer, Messages};
use crate::cli::{PagerArgs, PagerCommand};
use crate::config::Config;
use crate::durable::{Pass, Record};
use crate::exit;
use crate::oncall::service::Oncall;
use crate::oncall::sms::format_time;
use crate::output;
use crate::store::Store;
use crate::twilio::api::Client;
use std::sync::Arc;

pub fn messages(store: Store, config: Arc<Config>, pages: crate::page::deliver::Pages) -> Messages {
    Messages::new(Deliverer {
        pages,
        oncall: Oncall::new(store.clone(), config.oncall.clone()),
        client: Client::from_config(&config.twilio),
        store,
        config,
    })
}

async fn all(d: &Messages) -> anyhow::Result<Vec<Voicemail>> {
    let mut out: Vec<Voicemail> = d.all().await?.into_iter().map(|(_, v)| v).collect();
    out.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(out)
}

fn step_marks(v: &Voicemail) -> String {
    v.progress.marks(&v.order())
}

pub async fn run(args: &PagerArgs, config: &Config) -> anyhow::Result<u8> {
    let store = Store::open(&config.store).await?;
    let config = Arc::new(config.clone());
    let pages = crate::page::deliver::pages(store.clone(), config.clone(), false);
    let d = messages(store, config, pages);
    match &args.command {
        PagerCommand::List => {
            let list = all(&d).await?;
            if args.json {
                output::json(&list)?;
            } else if list.is_empty() {
                println!("No messages yet.");
            } else {
                let mut t =
                    output::table(&["id", "time", "caller", "length", "on call", "delivery"]);
                let ids: Vec<&str> = list.iter().map(|v| v.id.as_str()).collect();
                for (v, short) in list.iter().zip(crate::ids::short_forms(&ids)) {
                    t.add_row(vec![
                        short,
                        format_time(Some(v.at)),
                        v.caller.clone(),
                        if v.recording_status == "completed" {
                            format!("{} s", v.duration)
                        } else {
                            "missed call".into()
                        },
                        v.oncall.as_ref().map_or("nobody".into(), |p| p.id.clone()),
                        step_marks(v),
                    ]);
                }
                println!("{t}");
            }
            let open = list.iter().filter(|v| !v.open_steps().is_empty()).count();
            if open > 0 && !args.json {
                eprintln!(
                    "relay: {open} message(s) not fully delivered; `relay pager show ID` says why, `relay pager retry` tries again"
                );
            }
            Ok(if open > 0 {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
        PagerCommand::Show { id, save } => {
            let id = &d.find(id, "message", "relay pager list").await?;
            let Some((v, _)) = d.read(id).await? else {
                return Err(exit::input(format!(
                    "no message {id}: `relay pager list` shows their ids"
                )));
            };
            if let Some(path) = save {
                let key = v.audio_key.clone().ok_or_else(|| {
                    exit::input(format!(
                        "the audio of {id} is not in the store yet (download: {}); `relay pager retry {id}`",
                        v.progress
                            .steps
                            .get(super::STEP_DOWNLOAD)
                            .map_or("none".to_string(), |s| s.state.clone())
                    ))
                })?;
                let obj =
                    d.work().store.get(&key).await?.ok_or_else(|| {
                        exit::unavailable(format!("{key} is missing from the store"))
                    })?;
                std::fs::write(path, &obj.bytes)
                    .map_err(|e| exit::input(format!("{}: {e}", path.display())))?;
                eprintln!("wrote {} bytes to {}", obj.bytes.len(), path.display());
            }
            if args.json {
                output::json(&v)?;
            } else {
                println!("id          {}", v.id);
                println!("time        {}", format_time(Some(v.at)));
                println!("caller      {}", v.caller);
                println!("called      {}", v.called);
                println!(
                    "message     {}",
                    if v.recording_status == "completed" {
                        format!(
                            "{} s, {}",
                            v.duration,
                            v.recording_sid.as_deref().unwrap_or("")
                        )
                    } else {
                        "none (missed call)".into()
                    }
                );
                println!(
                    "on call     {}",
                    v.oncall
                        .as_ref()
                        .map_or("nobody".into(), |p| format!("{} <{}>", p.name, p.phone))
                );
                println!("call        {}", v.call_sid);
                if let Some(k) = &v.audio_key {
                    println!("audio       {k}");
                }
                for line in v.progress.lines(&super::STEP_ORDER) {
                    println!("{line}");
                }
            }
            Ok(if v.open_steps().is_empty() {
                exit::OK
            } else {
                exit::FOUND_PROBLEM
            })
        }
        PagerCommand::Retry { id } => {
            let found = match id {
                Some(id) => vec![d.find(id, "message", "relay pager list").await?],
                None => Vec::new(),
            };
            let done = d.retry(found).await?;
            let mut left = 0;
            for (id, pass, v) in &done {
                let Some(v) = v else {
                    return Err(exit::input(format!("no message {id}")));
                };
                let open = v.progress.any_open();
                left += usize::from(open);
                let state = match pass {
                    Pass::Busy => "busy (another relay is delivering it)",
                    _ if open => "still failing",
                    _ => "delivered",
                };
                if args.json {
                    output::json_line(
                        &serde_json::json!({"id": id, "result": state, "steps": v.progress.steps}),
                    )?;
                } else {
                    println!("{id}: {state}  {}", step_marks(v));
                }
            }
            if done.is_empty() && !args.json {
                println!("Nothing to retry: every message is delivered.");
            }
            Ok(if left > 0 {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
    }
}
