//! `relay alerts list | show ID | ack ID | retry [ID...]`: alerts, and the pages of relay's
//! own rotation (an alert's, or a voicemail's with `[pager] escalate`).

use super::deliver::{Alerts, alerts};
use super::{Alert, Outcome, STEP_ORDER};
use crate::cli::{AlertsArgs, AlertsCommand};
use crate::config::Config;
use crate::durable::{COMMAND_RETRIES, Pass, Record};
use crate::exit;
use crate::oncall::sms::format_time;
use crate::output;
use crate::page::deliver::{Acked, Pages, ack_of, now_ms, outcomes_of};
use crate::page::{self, Ack, Page};
use crate::store::Store;
use std::collections::{BTreeMap, BTreeSet};
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

/// Every page, by id, with its acknowledgement.
async fn all_pages(p: &Pages) -> anyhow::Result<BTreeMap<String, (Page, Option<Ack>)>> {
    let mut out = BTreeMap::new();
    for (id, page) in p.all().await? {
        let ack = ack_of(&p.work().store, &id).await?;
        out.insert(id, (page, ack));
    }
    Ok(out)
}

/// One row of `relay alerts list`: an alert, or a paged voicemail.
struct Row<'a> {
    id: &'a str,
    at: i64,
    who: String,
    kind: &'a str,
    group: String,
    state: &'a str,
    page: Option<&'a (Page, Option<Ack>)>,
    steps: String,
}

pub async fn run(args: &AlertsArgs, config: &Config) -> anyhow::Result<u8> {
    let store = Store::open(&config.store).await?;
    let config = Arc::new(config.clone());
    let pages = crate::page::deliver::pages(store.clone(), config.clone(), false);
    let q = alerts(store, config, pages.clone());
    match &args.command {
        AlertsCommand::List { unacked } => list(&q, &pages, *unacked, args.json).await,
        AlertsCommand::Show { id } => show(&q, &pages, id, args.json).await,
        AlertsCommand::Ack { id, by } => ack(&pages, id, by.as_deref(), args.json).await,
        AlertsCommand::Retry { ids } => retry(&q, &pages, ids, args.json).await,
    }
}

/// The ids of alerts and of pages (a page has its alert's or voicemail's id).
struct Known {
    alerts: BTreeSet<String>,
    pages: BTreeSet<String>,
}

impl Known {
    async fn read(q: &Alerts, pages: &Pages) -> anyhow::Result<Known> {
        Ok(Known {
            alerts: q.ids().await?.into_iter().collect(),
            pages: pages.ids().await?.into_iter().collect(),
        })
    }

    /// The one id `given` names (any unique part of it), alert or page.
    fn resolve(&self, given: &str) -> anyhow::Result<String> {
        let all: BTreeSet<&str> = self
            .alerts
            .iter()
            .chain(&self.pages)
            .map(String::as_str)
            .collect();
        crate::ids::resolve(crate::ids::typed(given), all, "alert", "relay alerts list")
    }
}

/// Every open step of the given alerts and pages (or of all), tried again now.
async fn retry(q: &Alerts, pages: &Pages, given: &[String], json: bool) -> anyhow::Result<u8> {
    let (mut alert_ids, mut page_ids) = (Vec::new(), Vec::new());
    if !given.is_empty() {
        let known = Known::read(q, pages).await?;
        for g in given {
            let id = known.resolve(g)?;
            if known.alerts.contains(&id) {
                alert_ids.push(id.clone());
            }
            if known.pages.contains(&id) {
                page_ids.push(id);
            }
        }
    }
    let only_given = !given.is_empty();
    let mut left = 0;
    let mut any = false;
    if !only_given || !alert_ids.is_empty() {
        for (id, pass, a) in q.retry(alert_ids).await? {
            any = true;
            let Some(a) = a else {
                return Err(exit::input(format!("no alert {id}")));
            };
            let open = undelivered(&a);
            left += usize::from(open);
            let state = match pass {
                Pass::Busy => "busy (another relay is sending it)",
                _ if open => "not delivered yet",
                _ => outcome_word(&a),
            };
            if json {
                output::json_line(
                    &serde_json::json!({"id": id, "result": state, "steps": a.progress.steps}),
                )?;
            } else {
                println!("{id}: {state}  {}", a.progress.marks(&a.order()));
            }
        }
    }
    if !only_given || !page_ids.is_empty() {
        for (id, pass, p) in pages.retry(page_ids).await? {
            any = true;
            let Some(p) = p else { continue };
            let ack = ack_of(&pages.work().store, &id).await?;
            let open = p.progress.any_open();
            left += usize::from(open && ack.is_none());
            let state = match pass {
                Pass::Busy => "busy (relay serve is paging)".to_string(),
                _ => page::state(&p, ack.as_ref()),
            };
            if json {
                output::json_line(
                    &serde_json::json!({"id": id, "page": state, "steps": p.progress.steps}),
                )?;
            } else {
                println!("{id}: page {state}  {}", p.progress.marks(&p.order()));
            }
        }
    }
    if !any && !json {
        println!("Nothing to retry: every alert is delivered.");
    }
    Ok(if left > 0 {
        exit::FOUND_PROBLEM
    } else {
        exit::OK
    })
}

fn page_state(page: Option<&(Page, Option<Ack>)>) -> String {
    page.map_or("-".into(), |(p, a)| page::state(p, a.as_ref()))
}

async fn list(q: &Alerts, pages: &Pages, unacked: bool, json: bool) -> anyhow::Result<u8> {
    let list = all(q).await?;
    let paged = all_pages(pages).await?;
    let mut rows: Vec<Row> = list
        .iter()
        .map(|a| Row {
            id: &a.id,
            at: a.at,
            who: a.who(),
            kind: a.kind.as_str(),
            group: a.group.as_ref().map_or("-".into(), |g| g.name.clone()),
            state: outcome_word(a),
            page: paged.get(&a.id),
            steps: a.progress.marks(&a.order()),
        })
        .collect();
    // Voicemails paged with `[pager] escalate` (`relay pager show` has the rest).
    for (id, pg) in &paged {
        if pg.0.source == "voicemail" {
            rows.push(Row {
                id,
                at: pg.0.created_ms / 1000,
                who: pg.0.title.clone(),
                kind: "voicemail",
                group: "-".into(),
                state: "paged",
                page: Some(pg),
                steps: pg.0.progress.marks(&pg.0.order()),
            });
        }
    }
    rows.sort_by(|a, b| b.id.cmp(a.id));
    if unacked {
        rows.retain(|r| r.page.is_some_and(|(_, a)| a.is_none()));
    }
    let waiting = rows
        .iter()
        .filter(|r| r.page.is_some_and(|(_, a)| a.is_none()))
        .count();
    if json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let mut v = match list.iter().find(|a| a.id == r.id) {
                    Some(a) => serde_json::to_value(a).unwrap_or_default(),
                    None => serde_json::json!({"id": r.id, "kind": r.kind}),
                };
                v["page"] = r
                    .page
                    .map_or(serde_json::Value::Null, |(p, a)| {
                        serde_json::json!({"state": page::state(p, a.as_ref()), "acknowledged": a, "order": p.people})
                    });
                v
            })
            .collect();
        output::json(&out)?;
    } else if rows.is_empty() {
        println!(
            "{}",
            if unacked {
                "No page waits for an acknowledgement."
            } else {
                "No alerts yet."
            }
        );
    } else {
        let mut t = output::table(&[
            "id", "time", "caller", "kind", "group", "state", "page", "steps",
        ]);
        let ids: Vec<&str> = rows.iter().map(|r| r.id).collect();
        for (r, short) in rows.iter().zip(crate::ids::short_forms(&ids)) {
            t.add_row(vec![
                short,
                format_time(Some(r.at)),
                r.who.clone(),
                r.kind.to_string(),
                r.group.clone(),
                r.state.to_string(),
                page_state(r.page),
                r.steps.clone(),
            ]);
        }
        println!("{t}");
    }
    let open = list.iter().filter(|a| undelivered(a)).count();
    if !json {
        if open > 0 {
            eprintln!(
                "relay: {open} alert(s) not delivered yet; `relay alerts show ID` says why, `relay alerts retry` tries again"
            );
        }
        if waiting > 0 {
            eprintln!(
                "relay: {waiting} page(s) nobody has acknowledged; `relay alerts show ID` has the timeline, `relay alerts ack ID` takes one"
            );
        }
    }
    Ok(if open > 0 || waiting > 0 {
        exit::FOUND_PROBLEM
    } else {
        exit::OK
    })
}

async fn show(q: &Alerts, pages: &Pages, given: &str, json: bool) -> anyhow::Result<u8> {
    let id = Known::read(q, pages).await?.resolve(given)?;
    let alert = q.read(&id).await?.map(|(a, _)| a);
    let page = pages.read(&id).await?.map(|(p, _)| p);
    let store = &pages.work().store;
    let ack = ack_of(store, &id).await?;
    let outcomes = outcomes_of(store, &id).await?;
    if json {
        let mut v = match &alert {
            Some(a) => serde_json::to_value(a)?,
            None => serde_json::json!({"id": id}),
        };
        v["page"] = page.as_ref().map_or(serde_json::Value::Null, |p| {
            page::to_json(p, ack.as_ref(), &outcomes)
        });
        output::json(&v)?;
    } else {
        if let Some(a) = &alert {
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
            println!("state       {}", outcome_word(a));
            for line in a.progress.lines(&STEP_ORDER) {
                println!("{line}");
            }
        }
        if let Some(p) = &page {
            if alert.is_none() {
                println!("id          {}", p.id);
                println!("what        {}", p.title);
            }
            println!("page        {}", page::state(p, ack.as_ref()));
            println!("timeline");
            for line in page::timeline_lines(&page::timeline(p, ack.as_ref(), &outcomes)) {
                println!("  {line}");
            }
        }
    }
    let problem = alert.as_ref().is_some_and(undelivered) || (page.is_some() && ack.is_none());
    Ok(if problem {
        exit::FOUND_PROBLEM
    } else {
        exit::OK
    })
}

async fn ack(pages: &Pages, given: &str, by: Option<&str>, json: bool) -> anyhow::Result<u8> {
    let id = pages.find(given, "page", "relay alerts list").await?;
    let roster = pages.work().oncall.try_load().await?.map(|(r, _)| r);
    let actor = crate::audit::actor(by);
    let member = roster.as_ref().and_then(|r| r.users().get(&actor.name));
    if by.is_some() && member.is_none() {
        return Err(exit::input(format!(
            "--by {}: no such member; `relay oncall users` lists them",
            actor.name
        )));
    }
    let taken = Ack {
        by: actor.name.clone(),
        name: member.map_or(actor.name.clone(), |m| m.name.clone()),
        how: "cli".into(),
        at_ms: now_ms(),
        attempt: None,
    };
    let Some(acked) = crate::page::deliver::acknowledge(pages, &id, taken).await? else {
        return Err(exit::input(format!(
            "no page {id}: `relay alerts list` shows them"
        )));
    };
    let (p, a, took) = match acked {
        Acked::Took(p, a) => (p, a, true),
        Acked::Already(p, a) => (p, a, false),
    };
    // The escalation stops and the others are told now when this shell can reach Twilio
    // and relay serve does not hold the page; else relay serve does it within seconds.
    let pass = if took && pages.work().client.is_ok() {
        Some(pages.pass_for(&id, COMMAND_RETRIES).await?)
    } else {
        None
    };
    if json {
        output::json(&serde_json::json!({
            "id": id,
            "acknowledged": a,
            "took": took,
            "told": pass.as_ref().map(|p| *p == Pass::Finished),
        }))?;
    } else if took {
        println!("{}: the {} is yours ({}).", id, p.title, a.name);
        match pass {
            Some(Pass::Finished) => println!("The escalation stopped; the others paged are told."),
            _ => println!(
                "The escalation stops and the others paged are told by relay serve within seconds."
            ),
        }
    } else {
        println!("{id}: {}", p.taken_already(&a, None));
    }
    Ok(exit::OK)
}
