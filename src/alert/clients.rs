//! The services an alert talks to, as their documentation describes them: Bitly v4's
//! shorten, xMatters' inbound integrations and people/devices API, PagerDuty's Events API
//! v2, and any webhook. Secrets (the xMatters URL with its apiKey, routing keys, tokens)
//! never reach a log line or an error: reqwest's errors are stripped of their URL.

use crate::config::{BitlyConfig, XmattersConfig};
use crate::durable::Permanent;
use crate::redacted::SecretString;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The one HTTP client for alerts: short timeouts, no redirects (a redirect could carry a
/// secret URL elsewhere).
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("relay/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a TLS client can be built")
}

/// A request's failure, worded without its URL.
fn transport(what: &str, e: reqwest::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot reach {what}: {}",
        crate::exit::chain(&e.without_url())
    )
}

/// POSTs JSON and sorts the answer: 2xx is the body; 408, 429 and 5xx (and no answer) are
/// worth retrying; any other status is [`Permanent`], with the service's own words.
pub async fn post_json(
    http: &reqwest::Client,
    what: &str,
    url: &str,
    body: &serde_json::Value,
    headers: &[(&str, &str)],
) -> anyhow::Result<(u16, String)> {
    let mut req = http.post(url).json(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.map_err(|e| transport(what, e))?;
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    let said: String = text.chars().take(300).collect();
    match status {
        200..=299 => Ok((status, text)),
        408 | 429 | 500..=599 => anyhow::bail!("{what} answered {status}: {said}"),
        _ => Err(Permanent(format!("{what} refused the request ({status}): {said}")).into()),
    }
}

/// Bitly v4: `POST /v4/shorten` with a Bearer token; the short link.
pub async fn shorten(
    http: &reqwest::Client,
    cfg: &BitlyConfig,
    long_url: &str,
) -> anyhow::Result<String> {
    #[derive(Deserialize)]
    struct Shortened {
        link: String,
    }
    let mut body = serde_json::json!({ "long_url": long_url });
    if let Some(d) = &cfg.domain {
        body["domain"] = d.clone().into();
    }
    let auth = format!("Bearer {}", cfg.token.expose());
    let (_, text) = post_json(
        http,
        "Bitly",
        &format!("{}/v4/shorten", cfg.url.trim_end_matches('/')),
        &body,
        &[("authorization", &auth)],
    )
    .await?;
    let s: Shortened = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("Bitly's answer has no link ({e})"))?;
    Ok(s.link)
}

/// Bitly v4 `GET /v4/user`: the token's user, for `relay doctor` (creates nothing).
pub async fn bitly_user(http: &reqwest::Client, cfg: &BitlyConfig) -> anyhow::Result<String> {
    #[derive(Deserialize)]
    struct User {
        #[serde(default)]
        login: String,
    }
    let resp = http
        .get(format!("{}/v4/user", cfg.url.trim_end_matches('/')))
        .bearer_auth(cfg.token.expose())
        .send()
        .await
        .map_err(|e| transport("Bitly", e))?;
    match resp.status().as_u16() {
        200 => {}
        s @ (401 | 403) => {
            anyhow::bail!("Bitly refused the token ({s}): check alert.bitly.token")
        }
        s => anyhow::bail!("Bitly answered {s}"),
    }
    let user: User = resp
        .json()
        .await
        .map_err(|e| anyhow::anyhow!("Bitly's user was not understood: {e}"))?;
    Ok(user.login)
}

/// PagerDuty Events API v2, for `relay doctor`: a `resolve` of a dedup key no alert has.
/// PagerDuty checks the routing key (400 "Invalid routing key") and then has nothing to
/// resolve: no incident is made or changed.
pub async fn pagerduty_probe(
    http: &reqwest::Client,
    cfg: &crate::config::PagerDutyConfig,
) -> anyhow::Result<()> {
    let body = serde_json::json!({
        "routing_key": cfg.routing_key.expose(),
        "event_action": "resolve",
        "dedup_key": format!("relay-doctor-{:016x}", rand::random::<u64>()),
    });
    post_json(http, "PagerDuty", &cfg.url, &body, &[]).await?;
    Ok(())
}

/// How long a user's devices are believed.
pub const DIRECTORY_TTL: Duration = Duration::from_secs(300);

/// xMatters users' VOICE numbers, looked up with the integration user and cached.
#[derive(Default)]
pub struct Directory {
    cache: Mutex<HashMap<String, (Instant, Vec<String>)>>,
}

impl Directory {
    /// The authorised user whose VOICE device is `from`. `Err` when some user could not be
    /// looked up and no other matched: the caller is refused, never let in on a failure.
    pub async fn find(
        &self,
        http: &reqwest::Client,
        cfg: &XmattersConfig,
        from: &str,
    ) -> anyhow::Result<Option<String>> {
        let mut failed = None;
        for user in &cfg.authorized_users {
            match self.voice_numbers(http, cfg, user).await {
                Ok(numbers) if numbers.iter().any(|n| n == from) => return Ok(Some(user.clone())),
                Ok(_) => {}
                Err(e) => failed = Some(e),
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(None),
        }
    }

    async fn voice_numbers(
        &self,
        http: &reqwest::Client,
        cfg: &XmattersConfig,
        user: &str,
    ) -> anyhow::Result<Vec<String>> {
        if let Some((when, numbers)) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(user)
            && when.elapsed() < DIRECTORY_TTL
        {
            return Ok(numbers.clone());
        }
        let numbers = devices(http, cfg, user).await?.unwrap_or_default();
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(user.to_string(), (Instant::now(), numbers.clone()));
        Ok(numbers)
    }
}

/// `GET {base}/api/xm/1/people/{user}/devices` (Basic auth): the user's VOICE numbers,
/// normalised to E.164; `None` when xMatters has no such user.
pub async fn devices(
    http: &reqwest::Client,
    cfg: &XmattersConfig,
    user: &str,
) -> anyhow::Result<Option<Vec<String>>> {
    #[derive(Deserialize)]
    struct Page {
        #[serde(default)]
        data: Vec<Device>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Device {
        #[serde(default)]
        device_type: String,
        #[serde(default)]
        phone_number: Option<String>,
    }
    let base = cfg.base_url.as_deref().unwrap_or_default();
    let mut url = url::Url::parse(base)
        .map_err(|e| anyhow::anyhow!("alert.xmatters.base_url {base:?}: {e}"))?;
    url.path_segments_mut()
        .map_err(|_| anyhow::anyhow!("alert.xmatters.base_url {base:?} cannot take a path"))?
        .pop_if_empty()
        .extend(["api", "xm", "1", "people", user, "devices"]);
    let resp = http
        .get(url)
        .basic_auth(
            cfg.user.as_deref().unwrap_or_default(),
            cfg.password.as_ref().map(SecretString::expose),
        )
        .timeout(Duration::from_secs(4))
        .send()
        .await
        .map_err(|e| transport("xMatters", e))?;
    let status = resp.status().as_u16();
    match status {
        200 => {}
        404 => return Ok(None),
        401 | 403 => anyhow::bail!(
            "xMatters refused the integration user ({status}): check alert.xmatters.user and password"
        ),
        _ => anyhow::bail!("xMatters answered {status} looking up {user}"),
    }
    let page: Page = resp
        .json()
        .await
        .map_err(|e| anyhow::anyhow!("xMatters' devices of {user} were not understood: {e}"))?;
    Ok(Some(
        page.data
            .into_iter()
            .filter(|d| d.device_type == "VOICE")
            .filter_map(|d| d.phone_number)
            .filter_map(|n| crate::phone::normalize(&n, None).ok())
            .collect(),
    ))
}
