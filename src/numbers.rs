//! relay's phone numbers: which role each has (the rule `relay serve` routes by), whether
//! Twilio's webhooks for it point where that role needs them (`relay numbers list`), and
//! setting them so (`relay numbers point`).
//!
//! A number's texts and calls are routed separately: `[numbers]` gives both; otherwise the
//! roster's `from_phone` (the control line) takes texts and turns calls away, and its
//! `pager_phone` takes calls and points texts to the control line. A tenant's `from` (a
//! campaign sender) takes texts for opt-outs.

use crate::config::{Config, Role};
use crate::exit;
use crate::oncall::Roster;
use crate::output::{self, table};
use crate::twilio::api::{Client, IncomingNumber};
use crate::url_credentials::{shown, without};
use serde::Serialize;

/// The role of one of relay's numbers for texts: [numbers], then the roster.
pub fn sms_role(config: &Config, roster: Option<&Roster>, number: &str) -> Option<Role> {
    if let Some(role) = config.numbers.get(number) {
        return Some(*role);
    }
    let cc = &roster?.current_config;
    if cc.from_phone == number {
        Some(Role::Oncall)
    } else if cc.pager_phone == number {
        Some(Role::WrongNumber)
    } else {
        None
    }
}

/// The role of a called number: [numbers], then the roster (pager_phone takes calls;
/// from_phone, the control line, does not).
pub fn voice_role(config: &Config, roster: Option<&Roster>, number: &str) -> Option<Role> {
    if let Some(role) = config.numbers.get(number) {
        return Some(*role);
    }
    let cc = &roster?.current_config;
    if cc.pager_phone == number {
        Some(Role::Pager)
    } else if cc.from_phone == number {
        Some(Role::WrongNumber)
    } else {
        None
    }
}

/// What one number needs from Twilio, and what is wrong with what it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub number: String,
    pub sid: String,
    /// The role's name, `campaign sender`, or none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub sms_url: Option<String>,
    pub sms_method: Option<String>,
    pub voice_url: Option<String>,
    pub voice_method: Option<String>,
    /// Empty when the number points where its role needs it.
    pub problems: Vec<String>,
}

/// The webhooks one number needs, as route paths; `None` where its role does not use one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub sms: Option<&'static str>,
    pub voice: Option<&'static str>,
    /// The calls' status callback: the alert line learns at once that a caller hung up
    /// (at "press 1 to keep it", say) instead of after its wait.
    pub call_status: Option<&'static str>,
}

/// The webhooks one number needs; `None` when it has no role.
pub fn needs(config: &Config, roster: Option<&Roster>, number: &str) -> Option<Needs> {
    let sms = sms_role(config, roster, number).is_some()
        || crate::optout::is_sender(config, number, None);
    let voice = voice_role(config, roster, number);
    (sms || voice.is_some()).then_some(Needs {
        sms: sms.then_some("/twilio/sms"),
        voice: voice.is_some().then_some("/twilio/voice"),
        call_status: (voice == Some(Role::Alert)).then_some(crate::alert::ENDED_PATH),
    })
}

/// One field to set on a number: Twilio's name, the value now, the value wanted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub before: Option<String>,
    pub after: String,
}

/// The fields to set so that `n` points at `base` (relay's public URL, with any
/// credentials) as `needs` says (pure). Empty when it already does.
pub fn plan(n: &IncomingNumber, needs: Needs, base: &str) -> Vec<Field> {
    let base = base.trim_end_matches('/');
    let mut out = Vec::new();
    let mut set = |name: &'static str, before: &Option<String>, after: String, same: bool| {
        if !same {
            out.push(Field {
                name,
                before: before.clone(),
                after,
            });
        }
    };
    for (path, url, method, url_name, method_name) in [
        (needs.sms, &n.sms_url, &n.sms_method, "SmsUrl", "SmsMethod"),
        (
            needs.voice,
            &n.voice_url,
            &n.voice_method,
            "VoiceUrl",
            "VoiceMethod",
        ),
        (
            needs.call_status,
            &n.status_callback,
            &n.status_callback_method,
            "StatusCallback",
            "StatusCallbackMethod",
        ),
    ] {
        let Some(path) = path else { continue };
        let want = format!("{base}{path}");
        // Without credentials to give, a URL that has some already is left as it is.
        let same = url
            .as_deref()
            .is_some_and(|u| u == want || (without(base) == base && without(u) == want));
        set(url_name, url, want.clone(), same);
        let post = method
            .as_deref()
            .is_some_and(|m| m.eq_ignore_ascii_case("POST"));
        set(method_name, method, "POST".into(), post);
    }
    out
}

/// Checks one number against what its role needs (pure). `public_url` is relay's.
pub fn check(
    config: &Config,
    roster: Option<&Roster>,
    n: &IncomingNumber,
    public_url: Option<&str>,
) -> Checked {
    let number = n.phone_number.as_str();
    let sms = sms_role(config, roster, number);
    let voice = voice_role(config, roster, number);
    let sender = crate::optout::is_sender(config, number, None);
    let role = sms
        .or(voice)
        .map(|r| r.name().to_string())
        .or_else(|| sender.then(|| "campaign sender".to_string()));
    let mut problems = Vec::new();
    if role.is_none() {
        problems.push(format!(
            "not in [numbers] and not the roster's from/pager phone: add \"{number}\" = \"ROLE\" under [numbers] in relay.toml"
        ));
    }
    let base = public_url.map(|u| without(u.trim_end_matches('/')));
    let mut want =
        |what: &str, needed: bool, path: &str, url: &Option<String>, method: &Option<String>| {
            if !needed {
                return;
            }
            let Some(base) = &base else {
                problems.push(format!(
                "serve.public_url is not set: relay cannot tell whether the {what} URL points at it"
            ));
                return;
            };
            let wanted = format!("{base}{path}");
            match url.as_deref().filter(|u| !u.is_empty()) {
                None => problems.push(format!("no {what} URL: it should be {wanted}")),
                Some(u) if without(u) != wanted => {
                    problems.push(format!("{what} URL points at {u}, not {wanted}"))
                }
                Some(_) => {}
            }
            if let Some(m) = method.as_deref()
                && !m.eq_ignore_ascii_case("POST")
            {
                problems.push(format!("{what} method is {m}, not POST"));
            }
        };
    want(
        "SMS",
        sms.is_some() || sender,
        "/twilio/sms",
        &n.sms_url,
        &n.sms_method,
    );
    want(
        "voice",
        voice.is_some(),
        "/twilio/voice",
        &n.voice_url,
        &n.voice_method,
    );
    want(
        "call status callback",
        voice == Some(Role::Alert),
        crate::alert::ENDED_PATH,
        &n.status_callback,
        &n.status_callback_method,
    );
    problems.dedup();
    Checked {
        number: number.to_string(),
        sid: n.sid.clone(),
        role,
        sms_url: n.sms_url.clone(),
        sms_method: n.sms_method.clone(),
        voice_url: n.voice_url.clone(),
        voice_method: n.voice_method.clone(),
        problems,
    }
}

/// What `list` and `point` start from: the account's numbers and the roster.
struct Account {
    client: Client,
    numbers: Vec<IncomingNumber>,
    roster: Option<(std::sync::Arc<Roster>, crate::store::Version)>,
}

async fn account(config: &Config) -> anyhow::Result<Account> {
    let client = Client::from_config(&config.twilio).map_err(exit::input)?;
    let store = crate::store::Store::open(&config.store).await?;
    let oncall = crate::oncall::service::Oncall::new(store, config.oncall.clone());
    let roster = oncall.try_load_shared().await?;
    let numbers = client.incoming_numbers().await.map_err(|e| match &e {
        crate::twilio::api::ApiError::Twilio { status: 401, .. } => exit::input(format!(
            "{e}: check the account SID and auth token (or API key and secret)"
        )),
        _ => exit::unavailable(e.to_string()),
    })?;
    Ok(Account {
        client,
        numbers,
        roster,
    })
}

/// `relay numbers list`: every number of the account (all pages), its role and whether it
/// points at this relay. Exit 1 when any does not.
pub async fn list(config: &Config, json: bool) -> anyhow::Result<u8> {
    let Account {
        numbers, roster, ..
    } = account(config).await?;
    let public = config.serve.public_url.as_deref();
    let checked: Vec<Checked> = numbers
        .iter()
        .map(|n| check(config, roster.as_ref().map(|(r, _)| &**r), n, public))
        .collect();
    let bad = checked.iter().filter(|c| !c.problems.is_empty()).count();
    if json {
        output::json(&checked)?;
    } else if checked.is_empty() {
        println!("the account has no phone numbers");
    } else {
        let mut t = table(&["number", "role", "SMS", "voice", ""]);
        let hook = |u: &Option<String>, m: &Option<String>| match u.as_deref() {
            Some(u) if !u.is_empty() => {
                format!("{} {}", m.as_deref().unwrap_or("POST"), without(u))
            }
            _ => "-".to_string(),
        };
        for c in &checked {
            t.add_row(vec![
                c.number.clone(),
                c.role.clone().unwrap_or_else(|| "-".into()),
                hook(&c.sms_url, &c.sms_method),
                hook(&c.voice_url, &c.voice_method),
                if c.problems.is_empty() {
                    "✓".to_string()
                } else {
                    format!("✗ {}", c.problems.join("; "))
                },
            ]);
        }
        println!("{t}");
        println!(
            "{} number(s); {}",
            checked.len(),
            if bad == 0 {
                "all point where their roles need them".to_string()
            } else {
                format!("{bad} do not")
            }
        );
    }
    Ok(if bad == 0 {
        exit::OK
    } else {
        exit::FOUND_PROBLEM
    })
}

/// relay's public URL with `user`'s credentials in it, for [serve.basic_auth]; without a
/// user, the URL as configured (refused when Basic auth is on: Twilio would get 401).
fn base_with_credentials(config: &Config, user: Option<&str>) -> anyhow::Result<String> {
    let Some(public) = &config.serve.public_url else {
        return Err(exit::input(
            "serve.public_url is not set: relay cannot tell Twilio where it is; set it to the URL Twilio should call, e.g. https://relay.example.com",
        ));
    };
    let plain = without(public.trim_end_matches('/'));
    let users = &config.serve.basic_auth;
    let Some(user) = user else {
        if users.is_empty() || plain != public.trim_end_matches('/') {
            return Ok(public.trim_end_matches('/').to_string());
        }
        return Err(exit::input(format!(
            "[serve.basic_auth] is on, so Twilio's requests need credentials: name the user with --basic-auth-user ({})",
            users.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    };
    let Some(hash) = users.get(user) else {
        return Err(exit::input(format!(
            "no user {user:?} under [serve.basic_auth] (known: {})",
            users.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    };
    let password = match std::env::var("RELAY_BASIC_AUTH_PASSWORD") {
        Ok(p) => p,
        Err(_) if std::io::IsTerminal::is_terminal(&std::io::stdin()) => dialoguer::Password::new()
            .with_prompt(format!("Password of {user}"))
            .interact()?,
        Err(_) => {
            return Err(exit::input(
                "set RELAY_BASIC_AUTH_PASSWORD to the Basic-auth password (it is not asked for off a terminal)",
            ));
        }
    };
    if !crate::config::matches_hash(&password, hash) {
        return Err(exit::input(format!(
            "that is not {user}'s password (its SHA-256 is not the one under [serve.basic_auth])"
        )));
    }
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let (scheme, rest) = plain.split_once("://").unwrap_or(("https", &plain));
    Ok(format!(
        "{scheme}://{}:{}@{rest}",
        enc(user),
        enc(&password)
    ))
}

/// `relay numbers point`: sets the webhooks of `numbers` (or every number with a role) to
/// what their roles need, after showing the change (and asking, on a terminal).
pub async fn point(
    config: &Config,
    numbers: &[String],
    all: bool,
    yes: bool,
    basic_auth_user: Option<&str>,
    json: bool,
) -> anyhow::Result<u8> {
    let base = base_with_credentials(config, basic_auth_user)?;
    let Account {
        client,
        numbers: account,
        roster,
    } = account(config).await?;
    let roster = roster.as_ref().map(|(r, _)| &**r);
    let mut targets: Vec<&IncomingNumber> = Vec::new();
    if all {
        targets.extend(
            account
                .iter()
                .filter(|n| needs(config, roster, &n.phone_number).is_some()),
        );
    } else {
        for wanted in numbers {
            let number =
                crate::phone::normalize(wanted, config.oncall.default_country_code.as_deref())
                    .map_err(|e| exit::input(format!("{wanted:?}: {e}")))?;
            let Some(n) = account.iter().find(|n| n.phone_number == number) else {
                return Err(exit::input(format!(
                    "{number} is not a number of this Twilio account (`relay numbers list` shows them)"
                )));
            };
            if needs(config, roster, &number).is_none() {
                return Err(exit::input(format!(
                    "{number} has no role: add a line under [numbers] in relay.toml, e.g.\n  \"{number}\" = \"pager\"   # or oncall, tickets, alert, wrong-number"
                )));
            }
            targets.push(n);
        }
    }
    let plans: Vec<(&IncomingNumber, Vec<Field>)> = targets
        .into_iter()
        .map(|n| {
            let need = needs(config, roster, &n.phone_number).expect("filtered above");
            (n, plan(n, need, &base))
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();
    if plans.is_empty() {
        if !json {
            println!("nothing to change: every number already points where its role needs it");
        }
        return Ok(exit::OK);
    }
    let describe = |v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map_or("(empty)".to_string(), shown)
    };
    if !json {
        for (n, fields) in &plans {
            println!("{}:", n.phone_number);
            for f in fields {
                println!(
                    "  {}: {} → {}",
                    f.name,
                    describe(&f.before),
                    shown(&f.after)
                );
            }
        }
    }
    if !yes {
        if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            return Err(exit::input(
                "not on a terminal: pass --yes to make these changes",
            ));
        }
        let ok = dialoguer::Confirm::new()
            .with_prompt(format!("Change {} number(s)?", plans.len()))
            .default(false)
            .interact()?;
        if !ok {
            println!("Nothing changed.");
            return Ok(exit::OK);
        }
    }
    for (n, fields) in &plans {
        let form: Vec<(&str, String)> = fields.iter().map(|f| (f.name, f.after.clone())).collect();
        client
            .update_number(&n.sid, &form)
            .await
            .map_err(|e| exit::unavailable(format!("{}: {e}", n.phone_number)))?;
        if json {
            let shown_fields: Vec<Field> = fields
                .iter()
                .map(|f| Field {
                    name: f.name,
                    before: f.before.as_deref().map(shown),
                    after: shown(&f.after),
                })
                .collect();
            output::json_line(
                &serde_json::json!({"number": n.phone_number, "sid": n.sid, "changed": shown_fields}),
            )?;
        } else {
            println!(
                "{}: changed; it was {}",
                n.phone_number,
                fields
                    .iter()
                    .map(|f| format!("{}={}", f.name, describe(&f.before)))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(sms: (&str, &str), voice: (&str, &str)) -> IncomingNumber {
        IncomingNumber {
            sid: "PN0".into(),
            phone_number: "+15550000001".into(),
            sms_url: Some(sms.0.into()),
            sms_method: Some(sms.1.into()),
            voice_url: Some(voice.0.into()),
            voice_method: Some(voice.1.into()),
            ..Default::default()
        }
    }

    #[test]
    fn plans_change_only_what_the_role_needs() {
        let base = "https://relay.example.com";
        let n = number(
            ("https://old/sms", "GET"),
            ("https://elsewhere/voice", "POST"),
        );
        let names = |p: Vec<Field>| p.iter().map(|f| f.name).collect::<Vec<_>>();
        let sms = Needs {
            sms: Some("/twilio/sms"),
            ..Default::default()
        };
        let both = Needs {
            voice: Some("/twilio/voice"),
            ..sms
        };
        assert_eq!(
            names(plan(&n, sms, base)),
            vec!["SmsUrl", "SmsMethod"],
            "a texts-only role leaves the voice URL alone"
        );
        let right = number(
            ("https://u:p@relay.example.com/twilio/sms", "POST"),
            ("https://relay.example.com/twilio/voice", "post"),
        );
        assert!(plan(&right, both, base).is_empty());
        // With credentials to give, a URL without (or with others) is changed.
        let with = "https://u:new@relay.example.com";
        assert_eq!(names(plan(&right, both, with)), vec!["SmsUrl", "VoiceUrl"]);
        // The alert line also wants its calls' status callback.
        let alert = Needs {
            call_status: Some(crate::alert::ENDED_PATH),
            ..both
        };
        assert_eq!(
            names(plan(&right, alert, base)),
            vec!["StatusCallback", "StatusCallbackMethod"]
        );
    }
}
