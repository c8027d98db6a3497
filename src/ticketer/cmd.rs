//! `relay ticketer init | status`.

use super::{Claim, ROOMS, Room, Settings, Ticketer, VISITORS, base_url, random_id};
use crate::cli::{TicketerArgs, TicketerCommand};
use crate::config::secret_hash as hash;
use crate::config::{Loaded, is_uuid};
use crate::exit;
use crate::output;
use crate::store::Store;
use crate::tickets::Tickets;
use std::io::Read;
use std::path::PathBuf;

pub async fn run(args: &TicketerArgs, loaded: &Loaded) -> anyhow::Result<u8> {
    match &args.command {
        TicketerCommand::Init {
            secret_stdin,
            public_url,
            admin_user,
            force,
        } => {
            let secret = if *secret_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).map_err(|e| {
                    exit::input(format!("cannot read the secret from standard input: {e}"))
                })?;
                let s = s.trim().to_string();
                if s.is_empty() || s.chars().any(char::is_whitespace) {
                    return Err(exit::input(
                        "give the secret RapidPro shows on standard input, one line without spaces",
                    ));
                }
                s
            } else {
                random_id(32)
            };
            init(
                args.json,
                loaded,
                secret,
                !*secret_stdin,
                public_url.as_deref(),
                admin_user,
                *force,
            )
        }
        TicketerCommand::Status => status(args.json, loaded).await,
    }
}

/// A random UUID (version 4).
fn uuid_v4() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn init(
    json: bool,
    loaded: &Loaded,
    secret: String,
    made: bool,
    public_url: Option<&str>,
    admin_user: &str,
    force: bool,
) -> anyhow::Result<u8> {
    let path = loaded
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from("relay.toml"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(exit::input(format!("{}: cannot read: {e}", path.display())));
        }
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| exit::input(format!("{}: not valid TOML: {e}", path.display())))?;
    let existing = doc
        .get("ticketer")
        .and_then(|t| t.get("uuid"))
        .and_then(|u| u.as_str())
        .map(str::to_string);
    if let Some(uuid) = &existing
        && !force
    {
        return Err(exit::input(format!(
            "{} already has a [ticketer] (uuid {uuid}); --force makes a new secret and admin token and keeps the UUID",
            path.display()
        )));
    }
    let uuid = existing.filter(|u| is_uuid(u)).unwrap_or_else(uuid_v4);
    let token = random_id(32);
    if doc.get("tickets").is_none() {
        doc["tickets"] = toml_edit::table();
    }
    if doc.get("ticketer").is_none() {
        doc["ticketer"] = toml_edit::table();
    }
    let t = &mut doc["ticketer"];
    t["uuid"] = toml_edit::value(uuid.as_str());
    t["secret"] = toml_edit::value(hash(&secret));
    t["admin_user_id"] = toml_edit::value(admin_user);
    t["admin_auth_token"] = toml_edit::value(hash(&token));
    let new_text = doc.to_string();
    // Never leave a file relay cannot read.
    crate::config::parse(&new_text, &path.display().to_string())?;
    crate::config::write_private(&path, &new_text)
        .map_err(|e| exit::input(format!("{}: cannot write: {e}", path.display())))?;
    let public = public_url
        .map(str::to_string)
        .or_else(|| loaded.config.serve.public_url.clone());
    let url = match &public {
        Some(p) => base_url(p, &uuid),
        None => base_url("https://RELAY-PUBLIC-ADDRESS", &uuid),
    };
    if json {
        output::json(&serde_json::json!({
            "config": path.display().to_string(),
            "uuid": uuid,
            "url": url,
            "admin_user_id": admin_user,
            "admin_auth_token": token,
            "secret": if made { Some(&secret) } else { None },
        }))?;
        return Ok(exit::OK);
    }
    println!(
        "Wrote [ticketer] to {} (it keeps only hashes of the secret and the token).",
        path.display()
    );
    println!("\nIn RapidPro or TextIt, add a Rocket.Chat ticketing service and enter:\n");
    println!("  URL               {url}");
    println!("  Admin User ID     {admin_user}");
    println!("  Admin Auth Token  {token}");
    if made {
        println!("\nSecret (shown this once; a client that asks for one needs it):\n\n  {secret}");
    } else {
        println!("\nThe secret is the one RapidPro showed you.");
    }
    if public.is_none() {
        eprintln!(
            "relay: serve.public_url is not set: replace RELAY-PUBLIC-ADDRESS above with the address RapidPro reaches relay at, and set serve.public_url so agents' attachments get URLs"
        );
    }
    eprintln!("relay: restart relay serve to take the new configuration.");
    Ok(exit::OK)
}

async fn status(json: bool, loaded: &Loaded) -> anyhow::Result<u8> {
    let config = &loaded.config;
    if config.ticketer.is_none() {
        return Err(exit::input(
            "no [ticketer] in the configuration: `relay ticketer init` writes one (see docs/ticketer.md)",
        ));
    }
    let store = Store::open(&config.store).await?;
    let tickets = Tickets::new(config, store.clone())?
        .ok_or_else(|| exit::input("[ticketer] needs a [tickets] section"))?;
    let Some(tk): Option<&Ticketer> = tickets.ticketer.as_ref() else {
        return Err(exit::input("[ticketer] needs a [tickets] section"));
    };
    let settings: Option<Settings> = tk.settings().await?;
    // The open rooms, each with the ids RapidPro, mailroom and relay know it by.
    let mut rooms = Vec::new();
    for key in store.list(VISITORS).await? {
        if let Some((c, _)) = store.get_json::<Claim>(&key).await?
            && c.open
        {
            let ticket = store
                .get_json::<Room>(&format!("{ROOMS}{}.json", c.room))
                .await?
                .and_then(|(r, _)| r.ticket);
            rooms.push(serde_json::json!({
                "room": c.room, "ticket_id": c.ticket_id, "contact": c.token, "ticket": ticket,
            }));
        }
    }
    let open_rooms = rooms.len();
    let events = tk.events.pending().await?.len();
    let callbacks = tk.callbacks.pending().await?.len();
    let callback_host = settings.as_ref().map(|s| {
        url::Url::parse(&s.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| s.url.clone())
    });
    let problem = settings.is_none() || events + callbacks > 0;
    if json {
        output::json(&serde_json::json!({
            "uuid": tk.config.uuid,
            "url": tk.base_url(),
            "callback": settings.as_ref().map(|s| &s.url),
            "callback_registered": settings.as_ref().map(|s| s.updated),
            "open_rooms": open_rooms,
            "rooms": rooms,
            "pending_events": events,
            "pending_callbacks": callbacks,
        }))?;
    } else {
        println!(
            "url         {}",
            tk.base_url()
                .unwrap_or_else(|| format!("(serve.public_url)/ticketer/{}", tk.config.uuid))
        );
        match (&settings, &callback_host) {
            (Some(s), Some(host)) => println!(
                "callback    {host} (registered {})",
                crate::oncall::sms::format_time(Some(s.updated))
            ),
            _ => println!(
                "callback    none yet: RapidPro registers it when the ticketer is connected"
            ),
        }
        println!("open rooms  {open_rooms}");
        if !rooms.is_empty() {
            let mut t = output::table(&["room", "RapidPro ticket", "contact", "ticket"]);
            for r in &rooms {
                let cell = |k: &str| r[k].as_str().unwrap_or("-").to_string();
                t.add_row(vec![
                    cell("room"),
                    cell("ticket_id"),
                    cell("contact"),
                    cell("ticket"),
                ]);
            }
            println!("{t}");
        }
        println!(
            "pending     {events} from RapidPro, {callbacks} to RapidPro (relay tickets pending)"
        );
    }
    Ok(if problem {
        exit::FOUND_PROBLEM
    } else {
        exit::OK
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_are_version_4() {
        let u = super::uuid_v4();
        assert!(crate::config::is_uuid(&u), "{u}");
        assert_eq!(&u[14..15], "4");
        assert_ne!(u, super::uuid_v4());
    }
}
