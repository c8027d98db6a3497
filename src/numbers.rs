//! relay's phone numbers: which role each has (the rule `relay serve` routes by) and
//! whether Twilio's webhooks for it point where that role needs them, for
//! `relay numbers list`.
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

/// A URL without the `user:password@` Twilio is given for Basic authentication.
pub fn without_credentials(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
            format!("{scheme}://{host}{path}")
        }
        None => url.to_string(),
    }
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
    let base = public_url.map(|u| without_credentials(u.trim_end_matches('/')));
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
                Some(u) if without_credentials(u) != wanted => {
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

/// `relay numbers list`: every number of the account (all pages), its role and whether it
/// points at this relay. Exit 1 when any does not.
pub async fn list(config: &Config, json: bool) -> anyhow::Result<u8> {
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
                format!(
                    "{} {}",
                    m.as_deref().unwrap_or("POST"),
                    without_credentials(u)
                )
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
