//! `relay optout`: the opt-out list from the shell.

use super::{Entry, Keyword, OptOuts, Scope};
use crate::audit::{Change, actor};
use crate::cli::{OptoutArgs, OptoutCommand};
use crate::config::{Config, Tenant};
use crate::exit;
use crate::output::{self, table};
use crate::phone;
use crate::store::Store;
use serde_json::json;
use std::path::Path;
use std::time::SystemTime;

pub async fn run(args: &OptoutArgs, config: &Config) -> anyhow::Result<u8> {
    let store = Store::open(&config.store).await?;
    let optouts = OptOuts::new(store);
    let cc = config.oncall.default_country_code.as_deref();
    match &args.command {
        OptoutCommand::List => {
            let entries = optouts
                .entries(args.tenant.as_deref(), args.sender.as_deref())
                .await?;
            if args.json {
                output::json(&entries)?;
            } else if entries.is_empty() {
                println!("nobody has opted out{}", filtered(args));
            } else {
                let mut t = table(&["tenant", "sender", "number", "since (UTC)", "source"]);
                for e in &entries {
                    t.add_row(vec![
                        e.tenant.clone(),
                        e.sender.clone(),
                        e.number.clone(),
                        e.since.replace('T', " ").trim_end_matches('Z').to_string(),
                        e.source.clone(),
                    ]);
                }
                println!("{t}");
                println!("{} opt-out(s){}", entries.len(), filtered(args));
            }
            Ok(exit::OK)
        }
        OptoutCommand::Add { numbers } => {
            let tenant = tenant(config, args)?;
            let scope = Scope::new(&tenant.name, &default_sender(&tenant, args)?);
            let who = actor(args.actor.as_deref());
            let mut added = Vec::new();
            for n in numbers {
                let n = number(n, cc)?;
                if !optouts
                    .set(Keyword::Out, std::slice::from_ref(&scope), &n, "cli", &who)
                    .await?
                    .is_empty()
                {
                    added.push(n);
                }
            }
            report(args.json, "opted out", &added, numbers.len(), &scope.sender)
        }
        OptoutCommand::Remove { numbers } => {
            let tenant = tenant(config, args)?;
            let scopes: Vec<Scope> = match &args.sender {
                Some(s) => vec![Scope::new(&tenant.name, s)],
                None => optouts
                    .scopes(Some(&tenant.name))
                    .await?
                    .into_iter()
                    .collect(),
            };
            let who = actor(args.actor.as_deref());
            let mut removed = Vec::new();
            for n in numbers {
                let n = number(n, cc)?;
                if !optouts
                    .set(Keyword::In, &scopes, &n, "cli", &who)
                    .await?
                    .is_empty()
                {
                    removed.push(n);
                }
            }
            let senders = args
                .sender
                .clone()
                .unwrap_or_else(|| format!("every sender of tenant {}", tenant.name));
            report(
                args.json,
                "opted back in",
                &removed,
                numbers.len(),
                &senders,
            )
        }
        OptoutCommand::Import { file } => import(&optouts, config, args, file).await,
        OptoutCommand::Export => {
            let entries = optouts
                .entries(args.tenant.as_deref(), args.sender.as_deref())
                .await?;
            if args.json {
                output::json(&entries)?;
            } else {
                let mut w = csv::Writer::from_writer(std::io::stdout().lock());
                for e in &entries {
                    w.serialize(e)?;
                }
                w.flush()?;
            }
            Ok(exit::OK)
        }
        OptoutCommand::History { since, limit } => {
            let since = since.map(|d| SystemTime::now() - *d);
            let entries = optouts.audit.history(since, *limit).await?;
            crate::audit::print(&entries, since.is_some(), args.json)?;
            Ok(exit::OK)
        }
    }
}

fn filtered(args: &OptoutArgs) -> String {
    match (&args.tenant, &args.sender) {
        (None, None) => String::new(),
        (t, s) => format!(
            " (tenant {}, sender {})",
            t.as_deref().unwrap_or("any"),
            s.as_deref().unwrap_or("any")
        ),
    }
}

fn tenant(config: &Config, args: &OptoutArgs) -> anyhow::Result<Tenant> {
    config.tenant(args.tenant.as_deref()).map_err(exit::input)
}

/// `--sender`, else the tenant's own sender (its `from`, else its Messaging Service).
fn default_sender(tenant: &Tenant, args: &OptoutArgs) -> anyhow::Result<String> {
    args.sender
        .clone()
        .or_else(|| tenant.from.clone())
        .or_else(|| tenant.messaging_service_sid.clone())
        .ok_or_else(|| {
            exit::input(format!(
                "tenant `{}` has no sender (from or messaging_service_sid): give --sender NUMBER or --sender MG...",
                tenant.name
            ))
        })
}

fn number(input: &str, cc: Option<&str>) -> anyhow::Result<String> {
    phone::normalize(input, cc).map_err(|e| exit::input(format!("{input:?}: {e}")))
}

fn report(
    json: bool,
    verb: &str,
    changed: &[String],
    given: usize,
    sender: &str,
) -> anyhow::Result<u8> {
    if json {
        output::json(
            &json!({"changed": changed, "unchanged": given - changed.len(), "sender": sender}),
        )?;
    } else {
        for n in changed {
            println!("{n} {verb} ({sender})");
        }
        if changed.len() < given {
            println!(
                "{} number(s) unchanged (already {verb})",
                given - changed.len()
            );
        }
    }
    Ok(exit::OK)
}

/// `relay optout import FILE`: CSV with a header row; the number in `number` (or `phone`,
/// `phone_number`, `to`), optionally `sender` and `tenant` columns (else --sender/--tenant
/// and the tenant's sender). Every row is checked before anything is written; the import is
/// one audit entry.
async fn import(
    optouts: &OptOuts,
    config: &Config,
    args: &OptoutArgs,
    file: &Path,
) -> anyhow::Result<u8> {
    let cc = config.oncall.default_country_code.as_deref();
    let bad = |line: u64, m: String| exit::input(format!("{}:{line}: {m}", file.display()));
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .map_err(|e| exit::input(format!("{}: {e}", file.display())))?;
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| exit::input(format!("{}: {e}", file.display())))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(number_col) = col(&["number", "phone", "phone_number", "phonenumber", "to"]) else {
        return Err(bad(
            1,
            format!(
                "no number column (the header row has {}): name it number or phone",
                headers.join(", ")
            ),
        ));
    };
    let (sender_col, tenant_col) = (col(&["sender", "from"]), col(&["tenant"]));
    let default_tenant = tenant(config, args)?;
    let mut rows: Vec<(Scope, String)> = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| exit::input(format!("{}: {e}", file.display())))?;
        let line = rec.position().map_or(0, |p| p.line());
        let cell = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let Some(raw) = cell(Some(number_col)) else {
            continue;
        };
        let n = phone::normalize(raw, cc).map_err(|e| bad(line, format!("{raw:?}: {e}")))?;
        let tenant = match cell(tenant_col) {
            Some(t) => config.tenant(Some(t)).map_err(|e| bad(line, e))?,
            None => default_tenant.clone(),
        };
        let sender = match cell(sender_col) {
            Some(s) => s.to_string(),
            None => default_sender(&tenant, args).map_err(|e| bad(line, e.to_string()))?,
        };
        rows.push((Scope::new(&tenant.name, &sender), n));
    }
    let total = rows.len();
    let mut tasks = tokio::task::JoinSet::new();
    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(32));
    for (scope, n) in rows {
        let (optouts, limit) = (optouts.clone(), limit.clone());
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await;
            let written = optouts.put(&scope, &n, "import").await?;
            anyhow::Ok(written.then_some((scope, n)))
        });
    }
    let mut added: Vec<Entry> = Vec::new();
    while let Some(res) = tasks.join_next().await {
        if let Some((scope, number)) = res?? {
            added.push(Entry {
                number,
                sender: scope.sender,
                tenant: scope.tenant,
                since: String::new(),
                source: "import".into(),
            });
        }
    }
    added.sort_by(|a, b| (&a.tenant, &a.sender, &a.number).cmp(&(&b.tenant, &b.sender, &b.number)));
    if !added.is_empty() {
        let change = Change {
            action: "import".into(),
            summary: format!(
                "imported {} opt-out(s) from {}",
                added.len(),
                file.display()
            ),
            before: serde_json::Value::Null,
            after: json!(
                added
                    .iter()
                    .map(|e| format!("{}/{}/{}", e.tenant, e.sender, e.number))
                    .collect::<Vec<_>>()
            ),
        };
        optouts
            .audit
            .append(&actor(args.actor.as_deref()), &change)
            .await?;
    }
    if args.json {
        output::json(
            &json!({"rows": total, "added": added.len(), "already": total - added.len()}),
        )?;
    } else {
        println!(
            "{}: {total} row(s); {} opt-out(s) added, {} already there",
            file.display(),
            added.len(),
            total - added.len()
        );
    }
    Ok(exit::OK)
}
