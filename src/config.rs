//! relay.toml: where it is found, what it may hold, and how its errors read.
//!
//! Found in this order: `--config PATH`, `$RELAY_CONFIG`, `./relay.toml`,
//! `$XDG_CONFIG_HOME/relay/relay.toml` (`~/.config/...` when unset). No file at all is fine:
//! every key has a default. Twilio credentials may also come from the environment variables
//! every Twilio tool reads; those win over the file. Every key is documented in
//! docs/configuration.md.

use crate::redacted::SecretString;
use crate::twilio::signature::Keyring;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub twilio: TwilioConfig,
    #[serde(default)]
    pub store: StoreConfig,
    #[serde(default)]
    pub oncall: OncallConfig,
    #[serde(default)]
    pub serve: ServeConfig,
    /// Twilio numbers relay answers, and the role each plays (`"+19195559876" = "oncall"`).
    /// Numbers not listed fall back to the roster: its from_phone is the on-call control
    /// line, its pager_phone answers texts with a pointer to the control line.
    #[serde(default)]
    pub numbers: BTreeMap<String, Role>,
    /// Outbound messages for the default tenant (its credentials are [twilio]).
    #[serde(default)]
    pub send: SendConfig,
    /// Further tenants, each with its own Twilio credentials and sender (`--tenant NAME`,
    /// CI360's externalTenantId).
    #[serde(default)]
    pub tenants: BTreeMap<String, TenantConfig>,
    /// The pager line's prompts and what happens to a message.
    #[serde(default)]
    pub pager: PagerConfig,
    /// The tickets line: where texts to "tickets" numbers become tickets.
    pub tickets: Option<TicketsConfig>,
    /// The ticketer API: RapidPro/TextIt hand conversations to relay's tickets.
    pub ticketer: Option<TicketerConfig>,
    /// The alert line: authorised callers start an alert or a conference bridge by phone.
    pub alert: Option<AlertConfig>,
}

/// Where a phone-started alert goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// An xMatters inbound integration ([alert.xmatters]).
    Xmatters,
    /// PagerDuty's Events API v2 ([alert.pagerduty]).
    Pagerduty,
    /// Any URL, with relay's JSON document ([alert.webhook]).
    Webhook,
    /// relay's own rotation: the person on call is texted (and called, [alert.oncall]).
    Oncall,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Xmatters => "xmatters",
            Target::Pagerduty => "pagerduty",
            Target::Webhook => "webhook",
            Target::Oncall => "oncall",
        }
    }
}

/// How the recording is linked in an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlertLink {
    /// relay's own route, behind [serve.basic_auth] (needs serve.public_url).
    Relay,
    /// Twilio's recording URL.
    Twilio,
}

/// `[alert]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertConfig {
    /// Numbers (E.164) allowed to call, besides roster members and xMatters users.
    #[serde(default)]
    pub callers: Vec<String>,
    /// What callers hear first. Default: "Hello NAME. What is the problem?"
    pub greeting: Option<String>,
    /// Up to 9 groups the caller picks from ("Press N for SPOKEN"); none: no group menu.
    #[serde(default)]
    pub groups: Vec<AlertGroup>,
    /// Where an alert (menu 1) goes.
    #[serde(default = "default_targets")]
    pub targets: Vec<Target>,
    /// Where a conference bridge (menu 2) is announced (default: targets).
    pub conference_targets: Option<Vec<Target>>,
    /// Offer "Press 3 to speak to the person on call now" (when someone is on call).
    #[serde(default = "yes")]
    pub offer_oncall: bool,
    /// Seconds to ring the on-call person for menu 3.
    #[serde(default = "default_dial_timeout")]
    pub dial_timeout: u32,
    /// Seconds to wait for Twilio's transcription before alerting without it.
    #[serde(default = "default_transcription_timeout")]
    pub transcription_timeout: u64,
    /// "relay" (relay's authenticated route) or "twilio" (Twilio's recording URL); unset:
    /// relay's route where it can be reached (Basic-auth users and public_url), else Twilio's.
    #[serde(default)]
    pub link: Option<AlertLink>,
    pub xmatters: Option<XmattersConfig>,
    pub pagerduty: Option<PagerDutyConfig>,
    pub webhook: Option<AlertWebhookConfig>,
    pub bitly: Option<BitlyConfig>,
    #[serde(default)]
    pub oncall: AlertOncallConfig,
}

/// One entry of `[alert] groups`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertGroup {
    /// What the target receives (xMatters' `recipient`: a group name or user id).
    pub name: String,
    /// What the caller hears ("Press 1 for SPOKEN"); default: name.
    pub spoken: Option<String>,
}

impl AlertGroup {
    pub fn spoken(&self) -> &str {
        self.spoken.as_deref().unwrap_or(&self.name)
    }
}

/// `[alert.xmatters]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XmattersConfig {
    /// The inbound integration's URL for alerts, with its apiKey: a secret.
    pub url: SecretString,
    /// The inbound integration for conference bridges (default: url).
    pub conference_url: Option<SecretString>,
    /// The instance, e.g. https://company.xmatters.com, for caller lookups.
    pub base_url: Option<String>,
    /// The integration user (REST Web Service User) for caller lookups.
    pub user: Option<String>,
    pub password: Option<SecretString>,
    /// xMatters users whose VOICE devices may call.
    #[serde(default)]
    pub authorized_users: Vec<String>,
}

/// `[alert.pagerduty]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagerDutyConfig {
    /// The service's Events API v2 integration key: a secret.
    pub routing_key: SecretString,
    /// critical, error, warning or info.
    #[serde(default = "default_severity")]
    pub severity: String,
    #[serde(default = "default_pagerduty_url")]
    pub url: String,
}

/// `[alert.webhook]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertWebhookConfig {
    pub url: String,
    /// A header sent with every POST (e.g. "X-Relay-Secret"), with `secret` as its value.
    pub header: Option<String>,
    pub secret: Option<SecretString>,
}

/// `[alert.bitly]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BitlyConfig {
    /// A Bitly access token: a secret.
    pub token: SecretString,
    /// A branded short domain (default: Bitly's bit.ly).
    pub domain: Option<String>,
    /// The base URL of Bitly's API (relay appends `/v4/shorten`).
    #[serde(default = "default_bitly_url")]
    pub url: String,
}

/// `[alert.oncall]`: the `oncall` target.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertOncallConfig {
    /// Call the person on call and read the alert out (besides the text); for a bridge,
    /// call them into it.
    #[serde(default = "yes")]
    pub call: bool,
    /// Page with acknowledgement and escalation: whoever is paged acknowledges (reply ACK,
    /// or press 1 on the call), else the next person in the escalation order is paged.
    /// false: text (and call) the person on call once.
    #[serde(default = "yes")]
    pub escalate: bool,
}

impl Default for AlertOncallConfig {
    fn default() -> Self {
        AlertOncallConfig {
            call: true,
            escalate: true,
        }
    }
}

fn default_targets() -> Vec<Target> {
    vec![Target::Oncall]
}
fn default_transcription_timeout() -> u64 {
    90
}
fn default_severity() -> String {
    "critical".into()
}
fn default_pagerduty_url() -> String {
    "https://events.pagerduty.com/v2/enqueue".into()
}
fn default_bitly_url() -> String {
    "https://api-ssl.bitly.com".into()
}

impl AlertConfig {
    /// The targets of an alert (`conference` false) or a bridge.
    pub fn targets_for(&self, conference: bool) -> &[Target] {
        match (&self.conference_targets, conference) {
            (Some(t), true) => t,
            _ => &self.targets,
        }
    }
}

/// `[ticketer]`: RapidPro's Rocket.Chat ticketer protocol, served under
/// `/ticketer/{uuid}/`. Written by `relay ticketer init`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketerConfig {
    /// The UUID that ends the base URL given to RapidPro.
    pub uuid: String,
    /// `sha256:<hex>` of the secret RapidPro sends as `Authorization: Token SECRET`.
    pub secret: SecretString,
    /// The "Admin User ID" entered in RapidPro: mailroom sends it as X-User-Id when it
    /// fetches an agent's attachment.
    pub admin_user_id: Option<String>,
    /// `sha256:<hex>` of the "Admin Auth Token" entered in RapidPro (X-Auth-Token).
    pub admin_auth_token: Option<SecretString>,
    /// The queue of rooms opened without a department (default: [tickets] queue).
    pub queue: Option<String>,
    /// RapidPro department → queue. A department not listed is refused (404), as
    /// Rocket.Chat refuses an unknown department.
    #[serde(default)]
    pub departments: BTreeMap<String, String>,
}

/// `sha256:<hex>` of a secret: how relay.toml keeps passwords, API keys and tokens.
pub fn secret_hash(secret: &str) -> String {
    format!(
        "sha256:{}",
        crate::twilio::signature::hex_sha256(secret.as_bytes())
    )
}

/// Whether `given` is the secret whose configured hash is `hash`, compared in constant time.
pub fn matches_hash(given: &str, hash: &SecretString) -> bool {
    use subtle::ConstantTimeEq;
    let want = hash.expose().trim().to_ascii_lowercase();
    let got = secret_hash(given);
    got.len() == want.len() && bool::from(got.as_bytes().ct_eq(want.as_bytes()))
}

/// Whether a configured secret is written as `sha256:<64 hex digits>`.
pub fn is_sha256_hash(value: &str) -> bool {
    value.len() == 71
        && value.starts_with("sha256:")
        && value[7..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A UUID in its 8-4-4-4-12 form (what RapidPro requires at the end of the base URL).
pub fn is_uuid(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Where tickets live.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TicketsBackend {
    /// relay's own store: no other software.
    #[default]
    Local,
    /// Request Tracker 5, through REST2 ([tickets.rt]).
    Rt,
}

/// `[tickets]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketsConfig {
    /// "local" (default) or "rt".
    #[serde(default)]
    pub backend: TicketsBackend,
    /// The queue new tickets go to.
    #[serde(default = "default_queue")]
    pub queue: String,
    /// A text sent back on a new ticket; `{ticket}` is its number. Unset: none (the seed
    /// sent nothing).
    pub acknowledge: Option<String>,
    pub rt: Option<RtConfig>,
}

fn default_queue() -> String {
    "General".into()
}

/// `[tickets.rt]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RtConfig {
    /// RT's base URL (REST2 is under URL/REST/2.0).
    pub url: String,
    /// The RT user relay acts as (with a token: the token's owner). Correspondence by this
    /// user is relay's own and is not texted a second time.
    pub user: String,
    /// An RT auth token (`1-14-...`); preferred over a password.
    pub token: Option<SecretString>,
    pub password: Option<SecretString>,
    /// Queues whose replies are followed and texted (default: [tickets] queue).
    #[serde(default)]
    pub queues: Vec<String>,
    /// Seconds between polls of RT's transactions.
    #[serde(default = "default_poll")]
    pub poll_interval: u64,
}

fn default_poll() -> u64 {
    15
}

/// How the on-call person hears about a voice message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Notify {
    /// An SMS with a link to relay's own authenticated download route.
    Link,
    /// An SMS with a link to the recording at Twilio.
    TwilioLink,
    /// An MMS with the recording attached (Twilio fetches it from its own URL), as
    /// oncall-twilio does.
    Mms,
}

/// `[pager]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagerConfig {
    /// The team's name, as callers hear it ("the SRE on-call engineer"); empty: "the
    /// on-call engineer".
    #[serde(default = "default_team")]
    pub team: String,
    /// What callers hear first. Default: "You have reached the TEAM on-call pager."
    pub greeting: Option<String>,
    /// Ask callers to press 1 before recording (keeps robocalls from paging anyone).
    #[serde(default = "yes")]
    pub gate: bool,
    /// The longest message, in seconds.
    #[serde(default = "default_max_length")]
    pub max_length: u32,
    /// The key that ends a recording.
    #[serde(default = "default_finish_key")]
    pub finish_on_key: String,
    /// Ring the on-call person first; voicemail only when they do not answer.
    #[serde(default)]
    pub dial_first: bool,
    /// Seconds to ring with dial_first.
    #[serde(default = "default_dial_timeout")]
    pub dial_timeout: u32,
    /// How the on-call person is told: "link", "twilio-link" or "mms"; unset: "link" where
    /// relay's download route can be reached (Basic-auth users and public_url), else
    /// "twilio-link".
    #[serde(default)]
    pub notify: Option<Notify>,
    /// "mp3" or "wav": the format relay downloads and keeps.
    #[serde(default = "default_audio_format")]
    pub audio_format: String,
    /// Ask Twilio to delete its copy once relay holds one.
    #[serde(default)]
    pub delete_from_twilio: bool,
    /// Page the rotation instead of texting the person on call once: they are texted and
    /// called, must acknowledge, and the escalation order takes over when they do not
    /// ([oncall] ack_timeout, rounds).
    #[serde(default)]
    pub escalate: bool,
}

impl Default for PagerConfig {
    fn default() -> Self {
        PagerConfig {
            team: default_team(),
            greeting: None,
            gate: true,
            max_length: default_max_length(),
            finish_on_key: default_finish_key(),
            dial_first: false,
            dial_timeout: default_dial_timeout(),
            notify: None,
            audio_format: default_audio_format(),
            delete_from_twilio: false,
            escalate: false,
        }
    }
}

fn default_team() -> String {
    String::new()
}
fn yes() -> bool {
    true
}
fn default_max_length() -> u32 {
    300
}
fn default_finish_key() -> String {
    "#".into()
}
fn default_dial_timeout() -> u32 {
    20
}
fn default_audio_format() -> String {
    "mp3".into()
}

/// `[send]`: the default tenant's sender and limits.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendConfig {
    /// The default sender, when a creative has no FROM: an E.164 number or alphanumeric ID.
    pub from: Option<String>,
    /// A Messaging Service (MG...) to send through when a creative has no FROM.
    pub messaging_service_sid: Option<String>,
    /// Messages per second at most (the sender's Twilio throughput). Unset: no limit.
    pub rate: Option<f64>,
    /// CI360 events older than this many seconds are refused (default 3600).
    pub event_ttl: Option<u64>,
    /// Hashes (`sha256:<hex>`) of the x-api-key values POST /ci360/messages accepts.
    #[serde(default)]
    pub api_keys: Vec<SecretString>,
    /// The answer to HELP or INFO texted to a campaign sender (unset: no answer, as for
    /// any reply; Twilio answers HELP itself on numbers with Advanced Opt-Out).
    pub help_text: Option<String>,
}

/// `[tenants.NAME]`: one tenant's credentials and sender.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    pub account_sid: Option<String>,
    pub auth_token: Option<SecretString>,
    pub api_key: Option<String>,
    pub api_secret: Option<SecretString>,
    pub api_base_url: Option<String>,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub rate: Option<f64>,
    pub event_ttl: Option<u64>,
    #[serde(default)]
    pub api_keys: Vec<SecretString>,
}

/// A tenant, resolved: the name and everything needed to send for it.
#[derive(Clone, Debug)]
pub struct Tenant {
    pub name: String,
    pub twilio: TwilioConfig,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub rate: Option<f64>,
    pub event_ttl: u64,
    pub api_keys: Vec<SecretString>,
}

/// The default CI360 event time-to-live, in seconds.
pub const DEFAULT_EVENT_TTL: u64 = 3600;
/// The name of the tenant made of [twilio] and [send].
pub const DEFAULT_TENANT: &str = "default";

/// What relay does with a message to one of its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The on-call control line: WHO, TAKE, HALP from roster members.
    Oncall,
    /// Tell the sender which number to use instead.
    WrongNumber,
    /// The pager line: callers leave a voice message for whoever is on call.
    Pager,
    /// The tickets line: texts become tickets ([tickets]); calls are told to text.
    Tickets,
    /// The alert line: authorised callers start an alert or a bridge by phone ([alert]).
    Alert,
}

impl Role {
    /// The name written in [numbers].
    pub fn name(self) -> &'static str {
        match self {
            Role::Oncall => "oncall",
            Role::WrongNumber => "wrong-number",
            Role::Pager => "pager",
            Role::Tickets => "tickets",
            Role::Alert => "alert",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// Address to listen on.
    #[serde(default = "default_listen")]
    pub listen: String,
    /// The base URL Twilio was given (scheme, host, optional port and path prefix), e.g.
    /// `https://relay.example.com`. Signatures are checked against this plus the request's
    /// path and query. Unset: `http://` + the Host header. Shown (`relay config check`)
    /// with its password masked.
    #[serde(default, serialize_with = "crate::url_credentials::serialize_shown")]
    pub public_url: Option<String>,
    /// Proxy addresses whose X-Forwarded-Proto / X-Forwarded-Host are believed.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    /// HTTP Basic users and their password hashes (`sha256:<hex>`), for webhook URLs with
    /// credentials in them. Empty: no Basic authentication.
    #[serde(default)]
    pub basic_auth: BTreeMap<String, SecretString>,
    /// Seconds a client has to send a request's head (also how long a kept-alive
    /// connection may wait for its next request).
    #[serde(default = "default_head_timeout")]
    pub head_timeout: u64,
    /// Seconds a client has to send a request's body.
    #[serde(default = "default_body_timeout")]
    pub body_timeout: u64,
    /// Seconds a handler may take before relay answers 503 itself (under Twilio's 15).
    #[serde(default = "default_handler_timeout")]
    pub handler_timeout: u64,
    /// Seconds an answer may wait for the client to read it; a connection whose client
    /// stops reading is closed then (answers to pipelined requests pile up otherwise).
    #[serde(default = "default_write_timeout")]
    pub write_timeout: u64,
    /// Open connections at most; more are closed at once.
    #[serde(default = "default_max_connections")]
    pub max_connections: usize,
    /// Open connections from one address at most (trusted_proxies: max_connections).
    #[serde(default = "default_max_connections_per_peer")]
    pub max_connections_per_peer: usize,
    /// `GET /metrics` (Prometheus); off unless set.
    pub metrics: Option<MetricsConfig>,
}

/// `[serve.metrics]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// A separate address for `/metrics` (e.g. "127.0.0.1:9464"); unset: on the main
    /// address, behind [serve.basic_auth] (which must then have users).
    pub listen: Option<String>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: default_listen(),
            public_url: None,
            trusted_proxies: Vec::new(),
            basic_auth: BTreeMap::new(),
            head_timeout: default_head_timeout(),
            body_timeout: default_body_timeout(),
            handler_timeout: default_handler_timeout(),
            write_timeout: default_write_timeout(),
            max_connections: default_max_connections(),
            max_connections_per_peer: default_max_connections_per_peer(),
            metrics: None,
        }
    }
}

fn default_head_timeout() -> u64 {
    5
}
fn default_body_timeout() -> u64 {
    10
}
fn default_handler_timeout() -> u64 {
    13
}
fn default_write_timeout() -> u64 {
    10
}
fn default_max_connections() -> usize {
    8192
}
fn default_max_connections_per_peer() -> usize {
    128
}

fn default_listen() -> String {
    "127.0.0.1:8080".to_string()
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwilioConfig {
    pub account_sid: Option<String>,
    pub auth_token: Option<SecretString>,
    /// Further tokens accepted on webhooks: the secondary token during a rotation.
    #[serde(default)]
    pub secondary_auth_tokens: Vec<SecretString>,
    pub api_key: Option<String>,
    pub api_secret: Option<SecretString>,
    /// Shared keys for webhooks signed with X-Twilio-Webhooks-Signature-Settings, by id.
    #[serde(default)]
    pub shared_keys: BTreeMap<String, SecretString>,
    /// Where Twilio's REST API is (default https://api.twilio.com); for tests and proxies.
    pub api_base_url: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// `file://DIR` (relative paths are relative to the working directory) or
    /// `s3://BUCKET/PREFIX`.
    #[serde(default = "default_store_url")]
    pub url: String,
    /// S3 only: an endpoint for S3-compatible servers (MinIO, Ceph, moto).
    pub endpoint: Option<String>,
    /// S3 only: the region; otherwise from the AWS environment or profile.
    pub region: Option<String>,
    /// S3 only: path-style addressing (`endpoint/bucket/key`), which most S3-compatible
    /// servers need.
    #[serde(default)]
    pub path_style: bool,
    /// S3 only: a named profile from ~/.aws/config.
    pub profile: Option<String>,
    /// How long relay keeps what it only needs for a while ([store.retention]).
    #[serde(default)]
    pub retention: RetentionConfig,
}

/// `[store.retention]`: see `relay store prune` and docs/store.md.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RetentionConfig {
    /// Idempotency markers, call records and new tickets' reservations: they only have to
    /// outlive Twilio's and CI360's retries.
    #[serde(default = "default_handled_days")]
    pub handled_days: u32,
    /// Finished deliveries (voicemails, alerts, replies, RapidPro events) and message
    /// statuses (a campaign's report).
    #[serde(default = "default_records_days")]
    pub records_days: u32,
}

fn default_handled_days() -> u32 {
    7
}

fn default_records_days() -> u32 {
    90
}

impl Default for RetentionConfig {
    fn default() -> Self {
        RetentionConfig {
            handled_days: default_handled_days(),
            records_days: default_records_days(),
        }
    }
}

/// Writes a configuration file readable by its owner alone (0600, also when it existed
/// with looser permissions): relay.toml holds tokens and password hashes.
pub fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    f.write_all(text.as_bytes())
}

impl ServeConfig {
    /// A URL under relay's public URL for Twilio to call (a call's TwiML, its status
    /// callback): with the Basic-auth credentials the public URL carries. `None` without
    /// `public_url`.
    pub fn twilio_link(&self, path: &str) -> Option<String> {
        let base = self.public_url.as_deref()?;
        Some(format!("{}{path}", base.trim_end_matches('/')))
    }

    /// A link under relay's public URL to hand to people and services (texted, posted,
    /// given to RapidPro): never with the Basic-auth credentials Twilio is given; whoever
    /// follows it authenticates by itself. `None` without `public_url`.
    pub fn public_link(&self, path: &str) -> Option<String> {
        let base = crate::url_credentials::without(self.public_url.as_deref()?);
        Some(format!("{}{path}", base.trim_end_matches('/')))
    }
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            url: default_store_url(),
            endpoint: None,
            region: None,
            path_style: false,
            profile: None,
            retention: Default::default(),
        }
    }
}

fn default_store_url() -> String {
    "file://relay-data".to_string()
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OncallConfig {
    /// Where the roster document lives in the store (oncall-twilio's BACKING_STORE_S3_KEY).
    #[serde(default = "default_roster_key")]
    pub roster_key: String,
    /// Prefix of the audit log entries, one object each.
    #[serde(default = "default_audit_prefix")]
    pub audit_prefix: String,
    /// Country calling code used for numbers written without one (e.g. "1" for NANP,
    /// "44" for the UK). Unset: such numbers are refused.
    pub default_country_code: Option<String>,
    /// Seconds a person paged (texted and called) has to acknowledge before the next
    /// person in the escalation order is paged.
    #[serde(default = "default_ack_timeout")]
    pub ack_timeout: u64,
    /// How many times the escalation order is gone through before every member is texted
    /// that nobody took the page.
    #[serde(default = "default_rounds")]
    pub rounds: u32,
}

impl Default for OncallConfig {
    fn default() -> Self {
        OncallConfig {
            roster_key: default_roster_key(),
            audit_prefix: default_audit_prefix(),
            default_country_code: None,
            ack_timeout: default_ack_timeout(),
            rounds: default_rounds(),
        }
    }
}

fn default_ack_timeout() -> u64 {
    300
}

fn default_rounds() -> u32 {
    2
}

fn default_roster_key() -> String {
    "oncall/roster.json".to_string()
}

fn default_audit_prefix() -> String {
    "oncall/audit/".to_string()
}

/// Where a value came from, for `relay config check`.
#[derive(Clone, Debug, Serialize)]
pub struct Loaded {
    pub config: Config,
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// Settings taken from the environment, by config key (`twilio.auth_token` ...).
    pub from_env: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read the configuration file: {error}{hint}")]
    Unreadable {
        path: String,
        error: std::io::Error,
        hint: String,
    },
    #[error(
        "{path}:{line}:{column}: {key}{message}\n  fix the file (docs/configuration.md lists every key)"
    )]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        key: String,
        message: String,
    },
    #[error("{path}: {message}")]
    Semantic { path: String, message: String },
    #[error("{path}: {} unknown keys:{}\n  fix or remove them (docs/configuration.md lists every key)", .keys.len(), .keys.iter().map(|(line, key)| format!("\n  {path}:{line}: {key}")).collect::<String>())]
    Unknown {
        path: String,
        /// Line and dotted key of each.
        keys: Vec<(usize, String)>,
    },
}

pub const ENV_CONFIG: &str = "RELAY_CONFIG";

/// Finds the file to read, in the documented order.
pub fn locate(explicit: Option<&Path>) -> Result<Option<PathBuf>, ConfigError> {
    if let Some(p) = explicit {
        return Ok(Some(p.to_path_buf()));
    }
    if let Some(p) = std::env::var_os(ENV_CONFIG).filter(|v| !v.is_empty()) {
        return Ok(Some(PathBuf::from(p)));
    }
    let local = PathBuf::from("relay.toml");
    if local.is_file() {
        return Ok(Some(local));
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    if let Some(dir) = xdg {
        let p = dir.join("relay").join("relay.toml");
        if p.is_file() {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// Loads the configuration: the file (if any), then the environment.
pub fn load(explicit: Option<&Path>) -> Result<Loaded, ConfigError> {
    let path = locate(explicit)?;
    let mut config = match &path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|error| ConfigError::Unreadable {
                path: p.display().to_string(),
                hint: if error.kind() == std::io::ErrorKind::NotFound {
                    format!("; `relay config init {}` writes one", p.display())
                } else {
                    String::new()
                },
                error,
            })?;
            parse(&text, &p.display().to_string())?
        }
        None => Config::default(),
    };
    let from_env = apply_env(&mut config, |name| std::env::var(name).ok());
    config.store.url = resolve_store_url(&config.store.url, path.as_deref(), |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    Ok(Loaded {
        config,
        path,
        from_env,
    })
}

/// Where a `file://` store really is, whichever directory relay runs from (cron starts in
/// $HOME, a script elsewhere): a relative path is relative to the configuration file's
/// directory; without a file, relay's data is the user's own, in
/// `$XDG_DATA_HOME/relay` (else `~/.local/share/relay`). Absolute paths and S3 stay as
/// written; with neither a file nor a home, the working directory it is.
pub fn resolve_store_url(
    url: &str,
    config_file: Option<&Path>,
    env: impl Fn(&str) -> Option<PathBuf>,
) -> String {
    let Some(dir) = url.strip_prefix("file://") else {
        return url.to_string();
    };
    let dir = Path::new(dir);
    if dir.is_absolute() {
        return url.to_string();
    }
    let base = match config_file {
        Some(f) => {
            let parent = f.parent().filter(|p| !p.as_os_str().is_empty());
            let parent = parent.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            Some(std::path::absolute(&parent).unwrap_or(parent))
        }
        None if url == default_store_url() => {
            return match env("XDG_DATA_HOME")
                .or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
            {
                Some(data) => format!("file://{}", data.join("relay").display()),
                None => url.to_string(),
            };
        }
        None => None,
    };
    match base {
        Some(b) => format!("file://{}", b.join(dir).display()),
        None => url.to_string(),
    }
}

/// Parses TOML text; errors name the file, line, column and key.
pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
    let config: Config = toml::from_str(text).map_err(|e| {
        if e.message().starts_with("unknown field") {
            let keys = unknown_keys(text);
            if keys.len() > 1 {
                return ConfigError::Unknown {
                    path: path.to_string(),
                    keys,
                };
            }
        }
        let (line, column, key) = match e.span() {
            Some(span) => locate_span(text, span.start),
            None => (0, 0, String::new()),
        };
        ConfigError::Invalid {
            path: path.to_string(),
            line,
            column,
            key: if key.is_empty() {
                key
            } else {
                format!("key `{key}`: ")
            },
            message: e.message().trim().to_string(),
        }
    })?;
    validate(&config).map_err(|message| ConfigError::Semantic {
        path: path.to_string(),
        message,
    })?;
    Ok(config)
}

fn validate(config: &Config) -> Result<(), String> {
    let url = &config.store.url;
    if !(url.starts_with("file://") || url.starts_with("s3://")) {
        return Err(format!(
            "store.url = {url:?}: use file://DIR for a local directory or s3://BUCKET/PREFIX for S3"
        ));
    }
    for number in config.numbers.keys() {
        if !crate::phone::is_e164(number) {
            return Err(format!(
                "[numbers] {number:?}: write Twilio numbers in E.164, e.g. \"+19195559876\""
            ));
        }
    }
    let tickets_numbers: Vec<&String> = config
        .numbers
        .iter()
        .filter(|(_, r)| **r == Role::Tickets)
        .map(|(n, _)| n)
        .collect();
    match &config.tickets {
        None if !tickets_numbers.is_empty() => {
            return Err(format!(
                "[numbers] {:?} = \"tickets\" but there is no [tickets] section: add one (an empty [tickets] keeps tickets in relay's store; see docs/tickets.md)",
                tickets_numbers[0]
            ));
        }
        Some(t) if t.backend == TicketsBackend::Rt => {
            let Some(rt) = &t.rt else {
                return Err("tickets.backend = \"rt\" needs [tickets.rt] with url, user and token (or password)".into());
            };
            if !(rt.url.starts_with("http://") || rt.url.starts_with("https://")) {
                return Err(format!(
                    "tickets.rt.url = {:?}: give RT's base URL, e.g. https://rt.example.com",
                    rt.url
                ));
            }
            if rt.token.is_none() && rt.password.is_none() {
                return Err(
                    "[tickets.rt] needs token (an RT auth token) or password for user".into(),
                );
            }
            if rt.poll_interval == 0 {
                return Err("tickets.rt.poll_interval must be at least 1 (seconds)".into());
            }
        }
        _ => {}
    }
    validate_alert(config)?;
    check_listen("serve.listen", &config.serve.listen)?;
    if let Some(m) = &config.serve.metrics
        && let Some(l) = &m.listen
    {
        check_listen("serve.metrics.listen", l)?;
    }
    if let Some(url) = &config.serve.public_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(format!(
            "serve.public_url = {:?}: give the URL Twilio calls, e.g. https://relay.example.com",
            crate::url_credentials::shown(url)
        ));
    }
    if let Some(tk) = &config.ticketer {
        if config.tickets.is_none() {
            return Err("[ticketer] keeps RapidPro's rooms as tickets: add a [tickets] section (an empty one keeps them in relay's store; see docs/ticketer.md)".into());
        }
        if !is_uuid(&tk.uuid) {
            return Err(format!(
                "ticketer.uuid = {:?}: give a UUID such as 2f1c7a54-8d0e-4e0b-9c4f-6a3b1d2e5f70 (`relay ticketer init` makes one)",
                tk.uuid
            ));
        }
        if !is_sha256_hash(tk.secret.expose()) {
            return Err("ticketer.secret: give the secret's hash, sha256:<64 hex digits> (`relay ticketer init` writes it)".into());
        }
        if let Some(t) = &tk.admin_auth_token
            && !is_sha256_hash(t.expose())
        {
            return Err("ticketer.admin_auth_token: give the token's hash, sha256:<64 hex digits> (`relay ticketer init` writes it)".into());
        }
        if tk.admin_auth_token.is_some() != tk.admin_user_id.is_some() {
            return Err("[ticketer] admin_user_id and admin_auth_token go together: mailroom sends both when it fetches an agent's attachment".into());
        }
    }
    for (user, hash) in &config.serve.basic_auth {
        if !is_sha256_hash(hash.expose()) {
            return Err(format!(
                "serve.basic_auth.{user}: give a password hash, sha256:<64 hex digits> (printf %s 'PASSWORD' | sha256sum)"
            ));
        }
    }
    let sv = &config.serve;
    for (key, v) in [
        ("head_timeout", sv.head_timeout),
        ("body_timeout", sv.body_timeout),
        ("handler_timeout", sv.handler_timeout),
        ("write_timeout", sv.write_timeout),
        ("max_connections", sv.max_connections as u64),
        (
            "max_connections_per_peer",
            sv.max_connections_per_peer as u64,
        ),
    ] {
        if v == 0 {
            return Err(format!("serve.{key} must be at least 1"));
        }
    }
    if let Some(m) = &sv.metrics
        && m.listen.is_none()
        && sv.basic_auth.is_empty()
    {
        return Err("[serve.metrics] without a listen address puts /metrics on relay's public address: give [serve.metrics] listen = \"127.0.0.1:9464\", or [serve.basic_auth] users to protect it".into());
    }
    if let Some(cc) = &config.oncall.default_country_code
        && (cc.is_empty()
            || cc.len() > 3
            || !cc.bytes().all(|b| b.is_ascii_digit())
            || cc.starts_with('0'))
    {
        return Err(format!(
            "oncall.default_country_code = {cc:?}: give the calling code digits, e.g. \"1\" or \"44\""
        ));
    }
    Ok(())
}

fn validate_alert(config: &Config) -> Result<(), String> {
    let alert_number = config.numbers.iter().find(|(_, r)| **r == Role::Alert);
    let Some(a) = &config.alert else {
        if let Some((n, _)) = alert_number {
            return Err(format!(
                "[numbers] {n:?} = \"alert\" but there is no [alert] section: add one (see docs/alerts.md)"
            ));
        }
        return Ok(());
    };
    for c in &a.callers {
        if !crate::phone::is_e164(c) {
            return Err(format!(
                "alert.callers {c:?}: write numbers in E.164, e.g. \"+19195551001\""
            ));
        }
    }
    if a.groups.len() > 9 {
        return Err(format!(
            "[alert] has {} groups: a caller picks one with a single key, so at most 9",
            a.groups.len()
        ));
    }
    if a.targets.is_empty() {
        return Err("alert.targets is empty: name at least one of \"oncall\", \"xmatters\", \"pagerduty\", \"webhook\"".into());
    }
    for t in a
        .targets
        .iter()
        .chain(a.conference_targets.iter().flatten())
    {
        let configured = match t {
            Target::Xmatters => a.xmatters.is_some(),
            Target::Pagerduty => a.pagerduty.is_some(),
            Target::Webhook => a.webhook.is_some(),
            Target::Oncall => true,
        };
        if !configured {
            return Err(format!(
                "alert target \"{0}\" needs an [alert.{0}] section (see docs/alerts.md)",
                t.name()
            ));
        }
    }
    if let Some(x) = &a.xmatters {
        if !x.authorized_users.is_empty()
            && (x.base_url.is_none() || x.user.is_none() || x.password.is_none())
        {
            return Err("alert.xmatters.authorized_users needs base_url, user and password: relay looks their VOICE devices up in xMatters".into());
        }
        for u in [Some(&x.url), x.conference_url.as_ref()]
            .into_iter()
            .flatten()
        {
            if !u.expose().starts_with("https://") && !u.expose().starts_with("http://") {
                return Err("alert.xmatters.url: give the inbound integration's URL (https://COMPANY.xmatters.com/api/integration/1/functions/UUID/triggers?apiKey=KEY)".into());
            }
        }
    }
    if let Some(p) = &a.pagerduty
        && !["critical", "error", "warning", "info"].contains(&p.severity.as_str())
    {
        return Err(format!(
            "alert.pagerduty.severity = {:?}: use critical, error, warning or info",
            p.severity
        ));
    }
    if a.transcription_timeout == 0 {
        return Err("alert.transcription_timeout must be at least 1 (seconds)".into());
    }
    if let Some(w) = &a.webhook {
        http_url("alert.webhook.url", &w.url)?;
    }
    if let Some(p) = &a.pagerduty {
        http_url("alert.pagerduty.url", &p.url)?;
    }
    if let Some(b) = &a.bitly {
        http_url("alert.bitly.url", &b.url)?;
    }
    Ok(())
}

/// An http(s) URL with a host, or the error naming `key`.
fn http_url(key: &str, value: &str) -> Result<(), String> {
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        _ => Err(format!(
            "{key} = {:?}: give an http(s) URL, e.g. https://example.com/path",
            crate::url_credentials::shown(value)
        )),
    }
}

/// `serve.listen` (and `--listen`): HOST:PORT with a numeric port, or the error.
pub fn check_listen(key: &str, value: &str) -> Result<(), String> {
    let ok = value
        .rsplit_once(':')
        .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{key} = {value:?}: give an address and a numeric port, e.g. \"127.0.0.1:8080\" or \"0.0.0.0:8080\""
        ))
    }
}

/// Combinations that parse but would not do what they seem to: said by `relay config
/// check` and logged when `relay serve` starts.
pub fn warnings(config: &Config) -> Vec<String> {
    let mut out = Vec::new();
    let p = &config.pager;
    // Only what the configuration asks for: an unset notify or link falls back quietly,
    // and the pager's settings matter only where a pager line may answer.
    if p.notify == Some(Notify::Link) && config.uses_pager() {
        if config.serve.basic_auth.is_empty() {
            out.push("pager.notify = \"link\" needs [serve.basic_auth] users (the link is relay's authenticated download route, which answers 404 without them): texting Twilio's recording link instead (\"twilio-link\"); add a user under [serve.basic_auth], or set notify = \"twilio-link\" to silence this".to_string());
        } else if config.serve.public_url.is_none() {
            out.push("pager.notify = \"link\" needs serve.public_url to build the link: texting Twilio's recording link instead (\"twilio-link\"); set serve.public_url".to_string());
        }
    }
    if p.delete_from_twilio && config.uses_pager() && config.pager_notify() != Notify::Link {
        out.push(format!(
            "pager.delete_from_twilio = true with notify = \"{}\": the text points at Twilio's copy of the recording, which relay then deletes; use notify = \"link\" (with [serve.basic_auth] users), or keep Twilio's copy",
            match config.pager_notify() {
                Notify::Mms => "mms",
                _ => "twilio-link",
            }
        ));
    }
    let pages_call = config.alert.as_ref().is_some_and(|a| {
        a.oncall.escalate
            && a.oncall.call
            && [false, true]
                .iter()
                .any(|c| a.targets_for(*c).contains(&Target::Oncall))
    }) || (p.escalate && config.uses_pager());
    if pages_call && config.serve.public_url.is_none() {
        out.push("pages call people without serve.public_url: relay cannot give Twilio a URL for the call's \"press 1 to take it\" or for its status callback, so calls only read the page out (acknowledge by replying ACK) and only the timeout escalates; set serve.public_url".into());
    }
    if let Some(tk) = &config.ticketer {
        if config.serve.public_url.is_none() {
            out.push("[ticketer] without serve.public_url: agents' attachments (--attach) cannot be given URLs RapidPro can fetch; set serve.public_url".into());
        }
        if tk.admin_user_id.is_none() {
            out.push("[ticketer] without admin_user_id and admin_auth_token: relay cannot check mailroom's requests for agents' attachments, so --attach is refused; `relay ticketer init --force` makes them".into());
        }
    }
    if let Some(a) = &config.alert
        && a.link == Some(AlertLink::Relay)
        && config.alert_link() != AlertLink::Relay
    {
        out.push("alert.link = \"relay\" needs [serve.basic_auth] users and serve.public_url (the link is relay's authenticated recording route): linking Twilio's recording URL instead; set both, or link = \"twilio\" to silence this".into());
    }
    if let Some(url) = &config.serve.public_url
        && url.starts_with("http://")
        && !url.starts_with("http://127.")
        && !url.starts_with("http://localhost")
    {
        out.push(format!("serve.public_url = {:?} is plain http: Twilio's requests (and any Basic-auth password in their URLs) cross the internet unencrypted; use https", crate::url_credentials::shown(url)));
    }
    let sends = config.send.from.is_some()
        || config.send.messaging_service_sid.is_some()
        || !config.tenants.is_empty();
    if let Some(url) = &config.serve.public_url
        && sends
        && !config.serve.basic_auth.is_empty()
        && !crate::url_credentials::has(url)
    {
        out.push(format!("[serve.basic_auth] is on but serve.public_url = {url:?} has no user:password@: the status callback URL relay gives Twilio with each message it sends is built from it, and Twilio's status callbacks would be refused (401); write public_url as https://USER:PASSWORD@host"));
    }
    out
}

/// Every unknown key of `text` (line and dotted key), found by taking each out in turn
/// and reading the rest again: all of them at once, not one per run.
fn unknown_keys(text: &str) -> Vec<(usize, String)> {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for _ in 0..100 {
        let current = doc.to_string();
        let Err(e) = toml::from_str::<Config>(&current) else {
            break;
        };
        let Some(span) = e
            .span()
            .filter(|_| e.message().starts_with("unknown field"))
        else {
            break;
        };
        let (_, _, key) = locate_span(&current, span.start);
        let Some(line) = line_of(text, &key) else {
            break;
        };
        out.push((line, key.clone()));
        // Take it out of the document.
        let mut parts: Vec<&str> = key.split('.').collect();
        let Some(last) = parts.pop() else { break };
        let mut table: &mut dyn toml_edit::TableLike = doc.as_table_mut();
        for p in parts {
            match table.get_mut(p).and_then(|i| i.as_table_like_mut()) {
                Some(t) => table = t,
                None => return out,
            }
        }
        if table.remove(last).is_none() {
            break;
        }
    }
    out
}

/// The 1-based line of `text` that writes the dotted `key` (`section.key = …`).
fn line_of(text: &str, key: &str) -> Option<usize> {
    let mut section = String::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') && t.ends_with(']') {
            section = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            if section == key {
                return Some(i + 1);
            }
            continue;
        }
        if let Some((k, _)) = t.split_once('=') {
            let k = k.trim().trim_matches('"');
            let full = if section.is_empty() {
                k.to_string()
            } else {
                format!("{section}.{k}")
            };
            if full == key {
                return Some(i + 1);
            }
        }
    }
    None
}

/// 1-based line and column of a byte offset, and the dotted key written on that line
/// (`[section]` header above it + the key before `=`).
fn locate_span(text: &str, offset: usize) -> (usize, usize, String) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let line_text = text[line_start..].lines().next().unwrap_or("");
    let mut section = String::new();
    for l in before[..line_start].lines() {
        let t = l.trim();
        if t.starts_with('[') && t.ends_with(']') {
            section = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
        }
    }
    let header = line_text.trim();
    if header.starts_with('[') && header.ends_with(']') {
        // A table's own header (an unknown section): the table is the key.
        let name = header
            .trim_matches(|c| c == '[' || c == ']')
            .trim()
            .to_string();
        return (line, column, name);
    }
    let key = match line_text.split_once('=') {
        Some((k, _)) => k.trim().trim_matches('"').to_string(),
        None => String::new(),
    };
    let full = match (section.is_empty(), key.is_empty()) {
        (_, true) => section,
        (true, false) => key,
        (false, false) => format!("{section}.{key}"),
    };
    (line, column, full)
}

/// Environment variables that override the file, as every Twilio tool names them.
pub const ENV_SECRETS: &[(&str, &str)] = &[
    ("TWILIO_ACCOUNT_SID", "twilio.account_sid"),
    ("TWILIO_AUTH_TOKEN", "twilio.auth_token"),
    ("TWILIO_API_KEY", "twilio.api_key"),
    ("TWILIO_API_SECRET", "twilio.api_secret"),
];

fn apply_env(config: &mut Config, get: impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let mut used = Vec::new();
    for (var, key) in ENV_SECRETS {
        let Some(value) = get(var).filter(|v| !v.is_empty()) else {
            continue;
        };
        let t = &mut config.twilio;
        match *var {
            "TWILIO_ACCOUNT_SID" => t.account_sid = Some(value),
            "TWILIO_AUTH_TOKEN" => t.auth_token = Some(SecretString::new(value)),
            "TWILIO_API_KEY" => t.api_key = Some(value),
            "TWILIO_API_SECRET" => t.api_secret = Some(SecretString::new(value)),
            _ => unreachable!("every ENV_SECRETS entry is handled"),
        }
        used.push((key.to_string(), var.to_string()));
    }
    used
}

impl Config {
    /// The tenant called `name` (`None` or "default": [twilio] and [send]).
    pub fn tenant(&self, name: Option<&str>) -> Result<Tenant, String> {
        match name {
            None | Some(DEFAULT_TENANT) if !self.tenants.contains_key(DEFAULT_TENANT) => {
                let s = &self.send;
                Ok(Tenant {
                    name: DEFAULT_TENANT.to_string(),
                    twilio: self.twilio.clone(),
                    from: s.from.clone(),
                    messaging_service_sid: s.messaging_service_sid.clone(),
                    rate: s.rate,
                    event_ttl: s.event_ttl.unwrap_or(DEFAULT_EVENT_TTL),
                    api_keys: s.api_keys.clone(),
                })
            }
            _ => {
                let name = name.unwrap_or(DEFAULT_TENANT);
                let t = self.tenants.get(name).ok_or_else(|| {
                    let known: Vec<&str> = self.tenants.keys().map(String::as_str).collect();
                    format!(
                        "no tenant `{name}` in the configuration ({}): add [tenants.{name}] to relay.toml",
                        if known.is_empty() {
                            "there are no [tenants.*] sections".to_string()
                        } else {
                            format!("known: {}", known.join(", "))
                        }
                    )
                })?;
                Ok(Tenant {
                    name: name.to_string(),
                    twilio: TwilioConfig {
                        account_sid: t.account_sid.clone(),
                        auth_token: t.auth_token.clone(),
                        api_key: t.api_key.clone(),
                        api_secret: t.api_secret.clone(),
                        api_base_url: t
                            .api_base_url
                            .clone()
                            .or_else(|| self.twilio.api_base_url.clone()),
                        ..Default::default()
                    },
                    from: t.from.clone(),
                    messaging_service_sid: t.messaging_service_sid.clone(),
                    rate: t.rate,
                    event_ttl: t.event_ttl.unwrap_or(DEFAULT_EVENT_TTL),
                    api_keys: t.api_keys.clone(),
                })
            }
        }
    }

    /// How the on-call person hears of a voice message: `pager.notify`, except that
    /// `link` without the means to serve it ([serve.basic_auth] users and serve.public_url)
    /// falls back to `twilio-link` (see [`warnings`]).
    pub fn pager_notify(&self) -> Notify {
        match self.pager.notify.unwrap_or(Notify::Link) {
            Notify::Link if !self.relay_links() => Notify::TwilioLink,
            n => n,
        }
    }

    /// Whether relay needs the on-call roster: a number routed by it (no [numbers], or an
    /// oncall, wrong-number or pager number), or alerts to the person on call. The one
    /// place `doctor` and warnings ask which features a configuration uses.
    pub fn uses_roster(&self) -> bool {
        self.numbers.is_empty()
            || self
                .numbers
                .values()
                .any(|r| matches!(r, Role::Oncall | Role::WrongNumber | Role::Pager))
            || self
                .alert
                .as_ref()
                .is_some_and(|a| a.targets.contains(&Target::Oncall))
    }

    /// Whether the pager line may answer: a `pager` number, or the roster's pager_phone
    /// (when [numbers] does not say otherwise, every roster number is routed by it).
    pub fn uses_pager(&self) -> bool {
        self.numbers.is_empty() || self.numbers.values().any(|r| *r == Role::Pager)
    }

    /// Whether relay's own authenticated routes can be linked: Basic-auth users, and the
    /// public URL to build links from.
    fn relay_links(&self) -> bool {
        !self.serve.basic_auth.is_empty() && self.serve.public_url.is_some()
    }

    /// How alerts link their recording: `alert.link`, except that `relay` without
    /// [serve.basic_auth] users and serve.public_url falls back to `twilio`.
    pub fn alert_link(&self) -> AlertLink {
        match self
            .alert
            .as_ref()
            .map(|a| a.link.unwrap_or(AlertLink::Relay))
        {
            Some(AlertLink::Relay) if self.relay_links() => AlertLink::Relay,
            _ => AlertLink::Twilio,
        }
    }

    /// The secrets webhooks may be signed with: the auth token, then secondary tokens,
    /// then shared keys.
    pub fn keyring(&self) -> Keyring {
        let t = &self.twilio;
        Keyring::new(
            t.auth_token
                .iter()
                .chain(t.secondary_auth_tokens.iter())
                .filter(|s| !s.is_empty())
                .cloned()
                .collect(),
            t.shared_keys
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }
}

/// `relay config init` writes this. It parses (a test says so) and documents every key.
pub const EXAMPLE: &str = r#"# relay.toml — every key is optional; see docs/configuration.md.

[twilio]
# Your account SID (AC...). Also read from TWILIO_ACCOUNT_SID.
# account_sid = "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# The auth token that signs webhooks. Also read from TWILIO_AUTH_TOKEN (which wins).
# auth_token = "your_auth_token"
# During a token rotation, the other token(s) to accept as well.
# secondary_auth_tokens = ["your_secondary_token"]
# API key and secret for REST calls (preferred over the auth token).
# Also read from TWILIO_API_KEY and TWILIO_API_SECRET.
# api_key = "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# api_secret = "your_api_secret"

# Where Twilio's REST API is; change it only for a proxy or a test server.
# api_base_url = "https://api.twilio.com"

# Shared keys for webhooks signed with X-Twilio-Webhooks-Signature-Settings, by key id.
[twilio.shared_keys]
# webhooks_sharedkey_xxxxxxxx = "the shared key secret"

[store]
# Where relay keeps the roster, audit log, recordings and journals.
# file://DIR (default file://relay-data) or s3://BUCKET/PREFIX.
url = "file://relay-data"
# S3-compatible servers (MinIO, Ceph, moto) need an endpoint and path-style addressing.
# endpoint = "http://127.0.0.1:9000"
# path_style = true
# region = "us-east-1"
# profile = "relay"

[store.retention]
# Idempotency markers, call records and new tickets' reservations: they only have to
# outlive Twilio's and CI360's retries.
handled_days = 7
# Finished deliveries (voicemails, alerts, replies, RapidPro events) and message statuses.
records_days = 90

[oncall]
# The roster document's key in the store (oncall-twilio's BACKING_STORE_S3_KEY).
roster_key = "oncall/roster.json"
# Each roster change is one object under this prefix.
audit_prefix = "oncall/audit/"
# Calling code for numbers written without one ("1" for US/Canada). Unset: refuse them.
# default_country_code = "1"
# Seconds a person paged has to acknowledge (reply ACK, or press 1 on the call) before
# the next person in the escalation order (`relay oncall escalation set`) is paged.
ack_timeout = 300
# Times through the escalation order before every member is texted that nobody took it.
rounds = 2

[serve]
# Where relay serve listens.
listen = "127.0.0.1:8080"
# The base URL you gave Twilio; signatures are checked against it. Needed behind a proxy.
# public_url = "https://relay.example.com"
# Proxies whose X-Forwarded-Proto/X-Forwarded-Host headers relay believes.
# trusted_proxies = ["127.0.0.1"]
# Limits for clients on the open internet (docs/operations.md): seconds to send a request's
# head (and to keep an idle connection), seconds to send its body, seconds before relay
# answers 503 itself, seconds an answer may wait to be read, and open connections in all
# and per address.
# head_timeout = 5
# body_timeout = 10
# handler_timeout = 13
# write_timeout = 10
# max_connections = 8192
# max_connections_per_peer = 128

# GET /metrics (Prometheus). On its own address; without listen, on the main address
# behind [serve.basic_auth].
# [serve.metrics]
# listen = "127.0.0.1:9464"

# Optional HTTP Basic authentication for webhook URLs like https://user:pass@host/...
# The value is sha256:<hex> of the password: printf %s 'PASSWORD' | sha256sum
[serve.basic_auth]
# twilio = "sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"

# Each Twilio number relay answers and its role: "oncall" (the SMS control line),
# "wrong-number" (points texters at the control line), "pager" (voice messages) or
# "tickets" (texts become tickets; needs [tickets]) or "alert" (callers start alerts by
# phone; needs [alert]). Unlisted numbers fall back to the
# roster: from_phone is the control line, pager_phone the wrong number for texts.
[numbers]
# "+19195559876" = "oncall"
# "+18002255288" = "wrong-number"

# Outbound messages (relay send, POST /ci360/messages) for the default tenant, whose
# credentials are [twilio]. See docs/send.md.
[send]
# The sender when a creative has no FROM: a number, or a Messaging Service.
# from = "+19085551212"
# messaging_service_sid = "MGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# Messages per second at most (your sender's throughput). Unset: no limit.
# rate = 1.0
# CI360 events older than this many seconds are refused.
# event_ttl = 3600
# sha256:<hex> of each x-api-key POST /ci360/messages accepts.
# api_keys = ["sha256:..."]

# Further tenants: relay send --tenant acme, or CI360's externalTenantId "acme".
# [tenants.acme]
# account_sid = "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# api_key = "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# api_secret = "..."
# from = "+15005550006"
# event_ttl = 600
# api_keys = ["sha256:..."]

# The pager line ("pager" numbers, or the roster's pager_phone). See docs/pager.md.
[pager]
# team = "SRE"
# greeting = "You have reached the SRE on-call pager."
# Ask callers to press 1 first, so robocalls page nobody.
# gate = true
# max_length = 300
# The key that ends a recording (default: the pound key).
# finish_on_key = "*"
# Ring the on-call phone first; take a message when nobody answers.
# dial_first = false
# dial_timeout = 20
# How the on-call person is told: "link" (relay's own download route, needs
# [serve.basic_auth] and serve.public_url), "twilio-link", or "mms".
# notify = "link"
# audio_format = "mp3"
# delete_from_twilio = false
# Page with acknowledgement and escalation ([oncall] ack_timeout, rounds) instead of one
# text to the person on call.
# escalate = false

# The tickets line: texts to "tickets" numbers become tickets ([numbers] "+1..." =
# "tickets"). An empty section keeps them in relay's store. See docs/tickets.md.
# [tickets]
# backend = "local"          # or "rt"
# queue = "General"
# acknowledge = "Thanks, we got your message. Your ticket number is {ticket}."
# [tickets.rt]
# url = "https://rt.example.com"
# user = "relay"             # the RT user relay acts as (the token's owner)
# token = "1-14-..."         # or password = "..."
# queues = ["General"]       # whose replies are texted back
# poll_interval = 15

# The ticketer API: RapidPro/TextIt's Rocket.Chat ticketer hands conversations to relay's
# tickets (needs [tickets]). `relay ticketer init` writes this section. See docs/ticketer.md.
# [ticketer]
# uuid = "2f1c7a54-8d0e-4e0b-9c4f-6a3b1d2e5f70"
# secret = "sha256:..."            # hash of the secret RapidPro sends
# admin_user_id = "relay"           # what RapidPro's form calls Admin User ID
# admin_auth_token = "sha256:..."   # hash of its Admin Auth Token
# queue = "General"                 # rooms without a department
# [ticketer.departments]
# "Support" = "General"             # RapidPro department = queue

# The alert line: authorised callers ("alert" numbers) pick alert or conference bridge and a
# group, record a message, and it goes to each target once transcribed. See docs/alerts.md.
# [alert]
# callers = ["+19195551001"]        # besides roster members and xMatters users
# groups = [{ name = "sre", spoken = "site reliability" }]   # up to 9
# targets = ["oncall"]               # "oncall", "xmatters", "pagerduty", "webhook"
# conference_targets = ["oncall"]    # default: targets
# offer_oncall = true                # "press 3 to speak to the person on call now"
# transcription_timeout = 90         # seconds, then alert without a transcription
# link = "relay"                     # or "twilio": how the recording is linked
# [alert.oncall]
# call = true                        # also call the person on call and read it out
# escalate = true                    # they acknowledge, else the next person is paged
# [alert.xmatters]
# url = "https://acme.xmatters.com/api/integration/1/functions/UUID/triggers?apiKey=KEY"
# conference_url = "https://acme.xmatters.com/api/integration/1/functions/UUID2/triggers?apiKey=KEY2"
# base_url = "https://acme.xmatters.com"       # caller lookups, with:
# user = "Twilio_API_User"
# password = "..."
# authorized_users = ["jsmith"]
# [alert.pagerduty]
# routing_key = "..."                # the service's Events API v2 integration key
# severity = "critical"
# [alert.webhook]
# url = "https://hooks.example.com/relay"
# header = "X-Relay-Secret"
# secret = "..."
# [alert.bitly]
# token = "..."
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_handed_to_others_never_carry_the_basic_auth_password() {
        let mut serve = ServeConfig::default();
        assert_eq!(serve.public_link("/x"), None);
        serve.public_url = Some("https://twilio:s3cret@relay.example.com/".into());
        // The pager's and the alert's links, and the ticketer's base for RapidPro.
        assert_eq!(
            serve.public_link("/alerts/A1/recording").as_deref(),
            Some("https://relay.example.com/alerts/A1/recording")
        );
        assert_eq!(
            crate::ticketer::base_url(serve.public_url.as_deref().unwrap(), "u"),
            "https://relay.example.com/ticketer/u"
        );
        let shown = toml::to_string(&serve).unwrap();
        assert!(
            shown.contains("twilio:***@") && !shown.contains("s3cret"),
            "{shown}"
        );
    }

    #[test]
    fn example_parses() {
        let c = parse(EXAMPLE, "example").unwrap();
        assert_eq!(c.store.url, "file://relay-data");
        assert_eq!(c.oncall.roster_key, "oncall/roster.json");
    }

    #[test]
    fn a_relative_store_is_found_from_anywhere() {
        let env = |name: &str| match name {
            "HOME" => Some(PathBuf::from("/home/ops")),
            _ => None,
        };
        let file = Path::new("/srv/relay/relay.toml");
        assert_eq!(
            resolve_store_url("file://relay-data", Some(file), env),
            "file:///srv/relay/relay-data"
        );
        assert_eq!(
            resolve_store_url("file:///var/lib/relay", Some(file), env),
            "file:///var/lib/relay"
        );
        assert_eq!(resolve_store_url("s3://b/p", Some(file), env), "s3://b/p");
        assert_eq!(
            resolve_store_url("file://relay-data", None, env),
            "file:///home/ops/.local/share/relay"
        );
        let xdg = |name: &str| (name == "XDG_DATA_HOME").then(|| PathBuf::from("/data"));
        assert_eq!(
            resolve_store_url("file://relay-data", None, xdg),
            "file:///data/relay"
        );
        assert_eq!(
            resolve_store_url("file://relay-data", None, |_| None),
            "file://relay-data",
            "no home: the working directory"
        );
        let here = resolve_store_url("file://data", Some(Path::new("relay.toml")), env);
        assert!(
            here.starts_with("file:///") && here.ends_with("/data"),
            "{here}"
        );
    }

    #[test]
    fn every_unknown_key_is_reported_at_once() {
        let text = "[serve]\nlisten = \"127.0.0.1:8080\"\nlistn = 1\n[pager]\nnotfy = \"link\"\nprompt = \"x\"\n[store]\nurll = \"file://x\"\n";
        let e = parse(text, "relay.toml").unwrap_err().to_string();
        assert!(e.starts_with("relay.toml: "), "{e}");
        for want in [
            "relay.toml:3: serve.listn",
            "relay.toml:5: pager.notfy",
            "relay.toml:6: pager.prompt",
            "relay.toml:8: store.urll",
        ] {
            assert!(e.contains(want), "{want} in {e}");
        }
        assert!(!e.contains("relay config check"), "{e}");
        // One alone keeps its line and column.
        let e = parse("[serve]\nlistn = 1\n", "r.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("r.toml:2:1: key `serve.listn`"), "{e}");
    }

    #[test]
    fn what_serve_would_refuse_is_refused_here() {
        for (text, want) in [
            (
                "[serve]\nlisten = \"localhost:eighty\"\n",
                "serve.listen = \"localhost:eighty\": give an address and a numeric port",
            ),
            ("[serve]\nlisten = \"8080\"\n", "serve.listen"),
            (
                "[alert]\ntargets = [\"webhook\"]\n[alert.webhook]\nurl = \"not a url\"\n",
                "alert.webhook.url = \"not a url\": give an http(s) URL",
            ),
        ] {
            let e = parse(text, "r").unwrap_err().to_string();
            assert!(e.contains(want), "{want} in {e}");
        }
        assert!(parse("[serve]\nlisten = \"[::1]:8080\"\n", "r").is_ok());
        assert!(parse("[serve]\nlisten = \"0.0.0.0:0\"\n", "r").is_ok());
    }

    #[test]
    fn warnings_are_about_what_the_configuration_uses() {
        assert_eq!(
            warnings(&parse(EXAMPLE, "example").unwrap()),
            Vec::<String>::new()
        );
        assert!(warnings(&Config::default()).is_empty());
        let tickets_only =
            "[numbers]\n\"+18005550100\" = \"tickets\"\n[tickets]\n[pager]\nnotify = \"link\"\n";
        let c = parse(tickets_only, "t").unwrap();
        assert!(warnings(&c).is_empty(), "{:?}", warnings(&c));
        assert!(!c.uses_roster() && !c.uses_pager());
        let pager = "[numbers]\n\"+18005550100\" = \"pager\"\n[pager]\nnotify = \"link\"\n";
        let c = parse(pager, "p").unwrap();
        assert!(c.uses_roster() && c.uses_pager());
        assert!(warnings(&c)[0].contains("pager.notify = \"link\" needs [serve.basic_auth]"));
        // Unset, it falls back without a word.
        let c = parse("[numbers]\n\"+18005550100\" = \"pager\"\n", "p").unwrap();
        assert!(warnings(&c).is_empty());
        assert_eq!(c.pager_notify(), Notify::TwilioLink);
        let alert = "[numbers]\n\"+18005550100\" = \"alert\"\n[alert]\ntargets = [\"oncall\"]\n";
        let c = parse(alert, "a").unwrap();
        assert!(c.uses_roster());
        // Pages call people: without a public URL the calls cannot take a key.
        assert!(warnings(&c)[0].starts_with("pages call people without serve.public_url"));
        let c = parse(
            &format!("[serve]\npublic_url = \"https://relay.example.com\"\n{alert}"),
            "a",
        )
        .unwrap();
        assert!(warnings(&c).is_empty(), "{:?}", warnings(&c));
        let quiet = format!("{alert}[alert.oncall]\nescalate = false\n");
        assert!(warnings(&parse(&quiet, "a").unwrap()).is_empty());
    }

    #[test]
    fn errors_name_line_and_key() {
        let text = "[twilio]\naccount_sid = \"AC1\"\n\n[store]\nurl = \"file://x\"\npath_style = \"yes\"\n";
        let e = parse(text, "relay.toml").unwrap_err().to_string();
        assert!(e.starts_with("relay.toml:6:"), "{e}");
        assert!(e.contains("key `store.path_style`"), "{e}");
        let e = parse("[store]\nbucket = \"x\"\n", "r.toml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("r.toml:2:1") && e.contains("unknown field `bucket`"),
            "{e}"
        );
        let e = parse("[store]\nurl = \"ftp://x\"\n", "r.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("s3://BUCKET/PREFIX"), "{e}");
    }

    #[test]
    fn a_ticketer_needs_tickets_a_uuid_and_hashes() {
        let hash = format!("sha256:{}", "ab".repeat(32));
        let good = format!(
            "[tickets]\n[ticketer]\nuuid = \"2f1c7a54-8d0e-4e0b-9c4f-6a3b1d2e5f70\"\nsecret = \"{hash}\"\n"
        );
        assert!(parse(&good, "r").is_ok());
        let err = |text: String| parse(&text, "r").unwrap_err().to_string();
        assert!(err(good.replace("[tickets]\n", "")).contains("add a [tickets] section"));
        assert!(err(good.replace("2f1c7a54-", "2f1c7a54")).contains("give a UUID"));
        assert!(err(good.replace(&hash, "plaintext")).contains("ticketer.secret"));
        assert!(
            err(format!("{good}admin_user_id = \"relay\"\n")).contains("go together"),
            "the admin id and token come as a pair"
        );
    }

    #[test]
    fn an_alert_number_needs_its_section_and_configured_targets() {
        let err = |text: &str| parse(text, "r").unwrap_err().to_string();
        let number = "[numbers]\n\"+18005550100\" = \"alert\"\n";
        assert!(err(number).contains("there is no [alert] section"));
        assert!(
            parse(&format!("{number}[alert]\n"), "r").is_ok(),
            "oncall is the default target"
        );
        assert!(
            err(&format!("{number}[alert]\ntargets = [\"pagerduty\"]\n"))
                .contains("needs an [alert.pagerduty] section")
        );
        let groups: Vec<String> = (1..=10).map(|i| format!("{{ name = \"g{i}\" }}")).collect();
        assert!(err(&format!("[alert]\ngroups = [{}]\n", groups.join(", "))).contains("at most 9"));
        assert!(
            err("[alert]\ncallers = [\"555-1234\"]\n").contains("E.164"),
            "callers are compared with Twilio's From"
        );
        assert!(
            err("[alert]\n[alert.xmatters]\nurl = \"https://x\"\nauthorized_users = [\"a\"]\n")
                .contains("needs base_url, user and password")
        );
        let c = parse("[alert]\n", "r").unwrap();
        assert_eq!(
            c.alert_link(),
            AlertLink::Twilio,
            "no Basic auth users: Twilio's link"
        );
        assert!(
            !warnings(&c).iter().any(|w| w.contains("alert.link")),
            "unset, it falls back quietly"
        );
        let c = parse("[alert]\nlink = \"relay\"\n", "r").unwrap();
        assert!(warnings(&c).iter().any(|w| w.contains("alert.link")));
    }

    #[test]
    fn status_callbacks_behind_basic_auth_need_credentials_in_the_public_url() {
        let hash = format!("sha256:{}", "0".repeat(64));
        let warned = |url: &str| {
            let c = parse(
                &format!(
                    "[send]\nfrom = \"+19085551212\"\n[serve]\npublic_url = \"{url}\"\n[serve.basic_auth]\ntwilio = \"{hash}\"\n"
                ),
                "r",
            )
            .unwrap();
            warnings(&c).iter().any(|w| w.contains("status callback"))
        };
        assert!(warned("https://relay.example.com"));
        assert!(!warned("https://twilio:pw@relay.example.com"));
        assert!(
            warned("https://relay.example.com/a@b"),
            "an @ in the path is no user"
        );
        let c = parse("[serve]\npublic_url = \"https://relay.example.com\"\n", "r").unwrap();
        assert!(
            !warnings(&c).iter().any(|w| w.contains("status callback")),
            "no Basic auth: nothing to say"
        );
        let c = parse(
            &format!("[serve]\npublic_url = \"https://relay.example.com\"\n[serve.basic_auth]\ntwilio = \"{hash}\"\n"),
            "r",
        )
        .unwrap();
        assert!(
            !warnings(&c).iter().any(|w| w.contains("status callback")),
            "nothing sends: nothing to say"
        );
    }

    #[test]
    fn env_wins_and_is_reported() {
        let mut c = parse("[twilio]\nauth_token = \"file\"\n", "x").unwrap();
        let used = apply_env(&mut c, |k| {
            (k == "TWILIO_AUTH_TOKEN").then(|| "env".to_string())
        });
        assert_eq!(c.twilio.auth_token.unwrap().expose(), "env");
        assert_eq!(
            used,
            vec![(
                "twilio.auth_token".to_string(),
                "TWILIO_AUTH_TOKEN".to_string()
            )]
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let c = parse(
            "[twilio]\nauth_token = \"tok-123\"\n[twilio.shared_keys]\nk = \"sk-456\"\n",
            "x",
        )
        .unwrap();
        let d = format!("{c:?}");
        assert!(!d.contains("tok-123") && !d.contains("sk-456"), "{d}");
    }
}
