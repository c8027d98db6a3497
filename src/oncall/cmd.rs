//! `relay oncall ...`: the roster from the shell and from cron.

use super::service::{Oncall, Outcome, now_epoch};
use super::{Actor, Change, Roster};
use crate::audit::actor;
use crate::cli::{EscalationCommand, OncallArgs, OncallCommand};
use crate::config::Config;
use crate::exit;
use crate::output::{self, table};
use crate::store::{Put, Store};
use crate::twilio::api::{Client, OutboundMessage};
use serde_json::{Value, json};
use std::io::IsTerminal;
use std::time::{Duration, SystemTime};

pub async fn run(args: &OncallArgs, config: &Config) -> anyhow::Result<u8> {
    let store = Store::open(&config.store).await?;
    let oncall = Oncall::new(store, config.oncall.clone());
    let actor = actor(args.actor.as_deref());
    let cc = config.oncall.default_country_code.as_deref();
    let json = args.json;
    match &args.command {
        OncallCommand::Who => who(&oncall, json).await,
        OncallCommand::Take { user, yes, notify } => {
            let client = match notify {
                true => Some(
                    Client::from_config(&config.twilio)
                        .map_err(|e| exit::input(format!("--notify: {e}")))?,
                ),
                false => None,
            };
            take(&oncall, &actor, user, *yes, json, client.as_ref()).await
        }
        OncallCommand::Users => users(&oncall, json).await,
        OncallCommand::Show { show_secrets } => {
            let (roster, _) = oncall.load().await?;
            output::json(&roster.to_display_value(*show_secrets))?;
            Ok(exit::OK)
        }
        OncallCommand::Add { id, name, phone } => {
            let (id, name, phone) = (id.clone(), name.clone(), phone.clone());
            let outcome = oncall
                .update(&actor, move |r| {
                    Ok(Some(
                        r.add(&id, &name, &phone, cc)
                            .map_err(|e| exit::input(e.to_string()))?,
                    ))
                })
                .await?;
            report(&outcome, json)
        }
        OncallCommand::Remove { id } => {
            let id = id.clone();
            let outcome = oncall
                .update(&actor, move |r| {
                    Ok(Some(r.remove(&id).map_err(|e| exit::input(e.to_string()))?))
                })
                .await?;
            report(&outcome, json)
        }
        OncallCommand::Escalation(EscalationCommand::Show) => escalation(&oncall, json).await,
        OncallCommand::Escalation(cmd) => {
            let ids = match cmd {
                EscalationCommand::Set { ids } => ids.clone(),
                _ => Vec::new(),
            };
            let outcome = oncall
                .update(&actor, move |r| {
                    r.set_escalation(&ids)
                        .map_err(|e| exit::input(e.to_string()))
                })
                .await?;
            report(&outcome, json)
        }
        OncallCommand::Set { key, value } => {
            let value = if value == "-" {
                read_stdin_line()?
            } else {
                value.clone()
            };
            let key = key.clone();
            let outcome = oncall
                .update(&actor, move |r| {
                    r.set(&key, &value, cc)
                        .map_err(|e| exit::input(e.to_string()))
                })
                .await?;
            report(&outcome, json)
        }
        OncallCommand::History { since, limit } => {
            history(&oncall, since.map(Into::into), *limit, json).await
        }
        OncallCommand::Check => check(&oncall, json).await,
        OncallCommand::Edit => edit(&oncall, &actor).await,
        OncallCommand::Init {
            from_phone,
            pager_phone,
            session_lifetime,
            import,
        } => {
            let roster = match import {
                Some(path) => {
                    let text = std::fs::read_to_string(path).map_err(|e| {
                        exit::input(format!("{}: cannot read: {e}", path.display()))
                    })?;
                    serde_json::from_str::<Roster>(&text).map_err(|e| {
                        exit::input(format!(
                            "{}: not an oncall-twilio roster: {e}",
                            path.display()
                        ))
                    })?
                }
                None => {
                    let Some(from) = from_phone else {
                        return Err(exit::input(
                            "give --from-phone (the number members text, and relay texts them from), and --pager-phone if customers should call a pager line; or --import FILE",
                        ));
                    };
                    let norm = |p: &str| {
                        crate::phone::normalize(p, cc).map_err(|e| exit::input(e.to_string()))
                    };
                    // Without --pager-phone there is no pager line (pager_phone stays empty).
                    let pager = match pager_phone {
                        Some(p) => norm(p)?,
                        None => String::new(),
                    };
                    Roster::new(norm(from)?, pager, *session_lifetime)
                }
            };
            let change = Change {
                action: "init".into(),
                summary: format!("roster created with {} member(s)", roster.users().len()),
                before: Value::Null,
                after: roster.to_display_value(false),
            };
            oncall.create(&roster, &actor, &change).await?;
            if json {
                output::json(
                    &json!({"created": oncall.config.roster_key, "store": oncall.store.describe()}),
                )?;
            } else {
                println!(
                    "created {} in {}",
                    oncall.config.roster_key,
                    oncall.store.describe()
                );
                for p in roster.problems() {
                    println!("note: {p}");
                }
            }
            Ok(exit::OK)
        }
    }
}

fn read_stdin_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn member_value(m: Option<&super::Member>) -> Value {
    m.map_or(
        Value::Null,
        |m| json!({"id": m.id, "name": m.name, "phone": m.phone}),
    )
}

fn since_text(epoch: Option<i64>) -> (Value, String) {
    match epoch {
        Some(t) if t > 0 => {
            let at = SystemTime::UNIX_EPOCH + Duration::from_secs(t as u64);
            let stamp = humantime::format_rfc3339_seconds(at).to_string();
            let ago = SystemTime::now()
                .duration_since(at)
                .map(|d| Duration::from_secs(d.as_secs() / 60 * 60))
                .unwrap_or_default();
            let ago = if ago.is_zero() {
                "just now".to_string()
            } else {
                format!("{} ago", humantime::format_duration(ago))
            };
            (Value::String(stamp.clone()), format!("{stamp} ({ago})"))
        }
        _ => (Value::Null, "unknown".into()),
    }
}

/// Who a page goes to after the person on call, as JSON.
fn escalation_value(roster: &Roster, cfg: &crate::config::OncallConfig) -> Value {
    json!({
        "order": roster.page_order().iter().skip(usize::from(roster.oncall().is_some())).map(|m| member_value(Some(m))).collect::<Vec<_>>(),
        "ack_timeout": cfg.ack_timeout,
        "rounds": cfg.rounds,
    })
}

/// "then bob (Bob Roberts), then carol (Carol), each after 300 s without an ACK; 2 rounds".
fn escalation_line(roster: &Roster, cfg: &crate::config::OncallConfig) -> String {
    let after: Vec<String> = roster
        .page_order()
        .iter()
        .skip(usize::from(roster.oncall().is_some()))
        .map(|m| format!("{} ({})", m.id, m.name))
        .collect();
    let rounds = match cfg.rounds {
        1 => "once".to_string(),
        n => format!("{n} rounds"),
    };
    if after.is_empty() {
        format!(
            "escalation: nobody after the person on call (`relay oncall escalation set ID...`); a page unacknowledged after {} s is repeated ({rounds}), then every member is texted",
            cfg.ack_timeout
        )
    } else {
        format!(
            "escalation: then {}, each after {} s without an ACK; {rounds}, then every member is texted",
            after.join(", then "),
            cfg.ack_timeout
        )
    }
}

async fn escalation(oncall: &Oncall, json: bool) -> anyhow::Result<u8> {
    let (roster, _) = oncall.load().await?;
    if json {
        output::json(&escalation_value(&roster, &oncall.config))?;
    } else {
        println!("{}", escalation_line(&roster, &oncall.config));
    }
    Ok(exit::OK)
}

async fn who(oncall: &Oncall, json: bool) -> anyhow::Result<u8> {
    let (roster, _) = oncall.load().await?;
    let cc = &roster.current_config;
    let (since, since_human) = since_text(cc.last_modified_time);
    if json {
        output::json(&json!({
            "oncall": member_value(roster.oncall()),
            "since": since,
            "since_epoch": cc.last_modified_time,
            "set_by": cc.last_modified_user_id,
            "escalation": escalation_value(&roster, &oncall.config),
        }))?;
        return Ok(exit::OK);
    }
    match roster.oncall() {
        None => println!("Nobody is on call. Make someone on call with `relay oncall take USER`."),
        Some(m) => {
            let mut t = table(&["on call", "phone", "since", "set by"]);
            t.add_row(vec![
                format!("{} ({})", m.name, m.id),
                m.phone.clone(),
                since_human,
                cc.last_modified_user_id
                    .clone()
                    .unwrap_or_else(|| "unknown".into()),
            ]);
            println!("{t}");
            println!("{}", escalation_line(&roster, &oncall.config));
        }
    }
    Ok(exit::OK)
}

async fn take(
    oncall: &Oncall,
    actor: &Actor,
    user: &str,
    yes: bool,
    json: bool,
    notify: Option<&Client>,
) -> anyhow::Result<u8> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if interactive && !yes {
        let (roster, _) = oncall.load().await?;
        let new = roster
            .member(user)
            .map_err(|e| exit::input(e.to_string()))?;
        let current = roster.oncall().map_or("nobody".to_string(), |m| {
            format!("{} ({})", m.name, m.phone)
        });
        if roster
            .oncall()
            .is_some_and(|m| m.id == new.id && m.phone == new.phone)
        {
            println!("{} is already on call; nothing changes.", new.name);
            return Ok(exit::OK);
        }
        let prompt = format!(
            "Make {} ({}) on call? Now on call: {current}",
            new.name, new.phone
        );
        let ok = dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact()?;
        if !ok {
            println!("Nothing changed.");
            return Ok(exit::OK);
        }
    }
    let mut previous = None;
    let actor_id = actor.name.clone();
    let user_owned = user.to_string();
    let outcome = oncall
        .update(actor, |r| {
            previous = r.oncall().cloned();
            r.take(&user_owned, &actor_id, now_epoch())
                .map_err(|e| exit::input(e.to_string()))
        })
        .await?;
    let (roster, changed) = match &outcome {
        Outcome::Changed { roster, .. } => (roster, true),
        Outcome::Unchanged { roster } => (roster, false),
    };
    let now = roster.oncall().expect("take leaves someone on call");
    let mut notified = Vec::new();
    let mut failed = Vec::new();
    if let (Some(client), true) = (notify, changed) {
        let from = roster.current_config.from_phone.clone();
        let mut texts = vec![(
            now.phone.clone(),
            format!("You are now the on-call engineer (set by {}).", actor.name),
        )];
        if let Some(p) = previous.as_ref().filter(|p| p.phone != now.phone) {
            texts.push((p.phone.clone(), super::sms::handover_notice(now)));
        }
        for (to, body) in texts {
            let msg = OutboundMessage {
                to: to.clone(),
                from: Some(from.clone()),
                body: Some(body),
                ..Default::default()
            };
            match client.send_message(&msg).await {
                Ok(sent) => notified.push(json!({"to": to, "sid": sent.sid})),
                Err(e) => failed.push(json!({"to": to, "error": e.to_string()})),
            }
        }
    }
    if json {
        output::json(&json!({
            "changed": changed,
            "oncall": member_value(Some(now)),
            "previous": member_value(previous.as_ref()),
            "notified": notified,
            "notify_failed": failed,
        }))?;
    } else if changed {
        let was = previous.map_or("nobody".to_string(), |p| p.name);
        println!("{} ({}) is now on call; was {was}.", now.name, now.phone);
    } else {
        println!("{} is already on call; nothing changes.", now.name);
    }
    if !json {
        for n in &notified {
            println!(
                "texted {} ({})",
                n["to"].as_str().unwrap_or_default(),
                n["sid"].as_str().unwrap_or_default()
            );
        }
    }
    for f in &failed {
        eprintln!(
            "relay: could not text {}: {}",
            f["to"].as_str().unwrap_or_default(),
            f["error"].as_str().unwrap_or_default()
        );
    }
    // The take stands; a failed notification is a dependency failure cron should see.
    Ok(if failed.is_empty() {
        exit::OK
    } else {
        exit::UNAVAILABLE
    })
}

async fn users(oncall: &Oncall, json: bool) -> anyhow::Result<u8> {
    let (roster, _) = oncall.load().await?;
    let on = roster.oncall().map(|m| m.id.clone());
    if json {
        let list: Vec<Value> = roster
            .users()
            .values()
            .map(|m| json!({"id": m.id, "name": m.name, "phone": m.phone, "oncall": Some(&m.id) == on.as_ref()}))
            .collect();
        output::json(&list)?;
        return Ok(exit::OK);
    }
    let mut t = table(&["id", "name", "phone", "on call"]);
    for m in roster.users().values() {
        t.add_row(vec![
            m.id.clone(),
            m.name.clone(),
            m.phone.clone(),
            if Some(&m.id) == on.as_ref() {
                "yes".into()
            } else {
                String::new()
            },
        ]);
    }
    println!("{t}");
    Ok(exit::OK)
}

fn report(outcome: &Outcome, json: bool) -> anyhow::Result<u8> {
    match outcome {
        Outcome::Changed { change, .. } => {
            if json {
                output::json(
                    &json!({"changed": true, "action": change.action, "summary": change.summary}),
                )?;
            } else {
                println!("{}", change.summary);
            }
        }
        Outcome::Unchanged { .. } => {
            if json {
                output::json(&json!({"changed": false}))?;
            } else {
                println!("nothing changed");
            }
        }
    }
    Ok(exit::OK)
}

async fn history(
    oncall: &Oncall,
    since: Option<Duration>,
    limit: usize,
    json: bool,
) -> anyhow::Result<u8> {
    let since = since.map(|d| SystemTime::now() - d);
    let entries = oncall.audit().history(since, limit).await?;
    crate::audit::print(&entries, since.is_some(), json)?;
    Ok(exit::OK)
}

async fn check(oncall: &Oncall, json: bool) -> anyhow::Result<u8> {
    let (roster, _) = oncall.load().await?;
    let problems = roster.problems();
    if json {
        output::json(
            &json!({"ok": problems.is_empty(), "problems": problems, "roster": oncall.config.roster_key, "store": oncall.store.describe()}),
        )?;
    } else if problems.is_empty() {
        println!(
            "{} is consistent: {} member(s), on call: {}",
            oncall.config.roster_key,
            roster.users().len(),
            roster.oncall().map_or("nobody", |m| m.id.as_str())
        );
    } else {
        println!(
            "{} has {} problem(s):",
            oncall.config.roster_key,
            problems.len()
        );
        for p in &problems {
            println!("  - {p}");
        }
    }
    Ok(if problems.is_empty() {
        exit::OK
    } else {
        exit::FOUND_PROBLEM
    })
}

const REDACTED: &str = "(redacted)";
const MAX_REOPENS: usize = 5;

/// Opens $VISUAL or $EDITOR on the roster, validates, writes with compare-and-swap; on a
/// conflict, saves the rejected version and reopens with the current roster.
async fn edit(oncall: &Oncall, actor: &Actor) -> anyhow::Result<u8> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|e| !e.is_empty()))
        .unwrap_or_else(|| "vi".into());
    let dir = tempfile::Builder::new().prefix("relay-roster-").tempdir()?;
    let path = dir.path().join("roster.json");
    for _ in 0..MAX_REOPENS {
        let (current, version) = oncall.load().await?;
        let original = String::from_utf8(crate::store::to_pretty_json(
            &current.to_display_value(false),
        ))?;
        let mut text = original.clone();
        loop {
            std::fs::write(&path, &text)?;
            let status = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("{editor} \"$1\""))
                .arg("sh")
                .arg(&path)
                .status()
                .map_err(|e| exit::input(format!("cannot start the editor {editor:?}: {e}")))?;
            if !status.success() {
                return Err(exit::input(format!(
                    "the editor {editor:?} failed ({status}); nothing changed"
                )));
            }
            text = std::fs::read_to_string(&path)?;
            if text == original {
                println!("no changes");
                return Ok(exit::OK);
            }
            match validate_edit(&current, &text) {
                Ok(new) => {
                    let change = Change {
                        action: "edit".into(),
                        summary: edit_summary(&current, &new),
                        before: current.to_display_value(false),
                        after: new.to_display_value(false),
                    };
                    match oncall
                        .replace(actor, &new, version.clone(), &change)
                        .await?
                    {
                        Put::Written(_) => {
                            println!("{}", change.summary);
                            return Ok(exit::OK);
                        }
                        Put::Conflict => {
                            let saved = std::env::temp_dir()
                                .join(format!("relay-roster-rejected-{}.json", now_epoch()));
                            std::fs::write(&saved, &text)?;
                            eprintln!(
                                "relay: the roster changed while you were editing; your version is saved at {}; reopening with the current roster",
                                saved.display()
                            );
                            break;
                        }
                    }
                }
                Err(problem) => {
                    eprintln!("relay: {problem}");
                    let again = std::io::stdin().is_terminal()
                        && dialoguer::Confirm::new()
                            .with_prompt("Edit again?")
                            .default(true)
                            .interact()?;
                    if !again {
                        return Err(exit::input(format!("{problem}; nothing changed")));
                    }
                }
            }
        }
    }
    Err(exit::unavailable(format!(
        "the roster kept changing while you edited ({MAX_REOPENS} times); try again"
    )))
}

/// Parses an edited roster, keeps the stored mail password where it still says
/// `(redacted)`, and refuses edits that add problems.
fn validate_edit(current: &Roster, text: &str) -> Result<Roster, String> {
    let mut new: Roster =
        serde_json::from_str(text).map_err(|e| format!("the edited roster is not valid: {e}"))?;
    if let Some(mail) = new.current_config.mail_settings.as_mut()
        && mail
            .mail_password
            .as_ref()
            .is_some_and(|p| p.expose() == REDACTED)
    {
        mail.mail_password = current
            .current_config
            .mail_settings
            .as_ref()
            .and_then(|m| m.mail_password.clone());
    }
    let before = current.problems();
    let added: Vec<String> = new
        .problems()
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    if !added.is_empty() {
        return Err(format!("the edit adds problems: {}", added.join("; ")));
    }
    Ok(new)
}

fn edit_summary(before: &Roster, after: &Roster) -> String {
    let mut paths = Vec::new();
    diff_paths(
        &before.to_display_value(false),
        &after.to_display_value(false),
        String::new(),
        &mut paths,
    );
    let shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
    let more = paths.len().saturating_sub(shown.len());
    format!(
        "edited {}{}",
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

fn diff_paths(a: &Value, b: &Value, at: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let next = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                diff_paths(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    next,
                    out,
                );
            }
        }
        _ if a != b => out.push(at),
        _ => {}
    }
}
