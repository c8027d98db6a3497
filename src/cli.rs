//! The command line, as clap sees it. Completions and man pages are generated from this.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "Twilio webhooks, on-call rotation and outbound messages, in one binary.";

const LONG_ABOUT: &str = "\
relay runs beside your Twilio numbers. It checks Twilio's webhook signatures (and tells you
why one fails), keeps an on-call roster that the team runs from the shell or by SMS, and keeps
everything it knows in one store: a local directory, or an S3 bucket shared by several relays.

Configuration comes from relay.toml (see `relay config init`); Twilio credentials may also
come from TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_KEY and TWILIO_API_SECRET.

Exit codes: 0 done; 1 the work found a problem (an invalid signature, an inconsistent roster);
2 bad usage, configuration or input; 3 a service relay depends on failed (try again later).";

#[derive(Debug, Parser)]
#[command(name = "relay", version, about = ABOUT, long_about = LONG_ABOUT, propagate_version = true)]
pub struct Cli {
    /// Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml
    /// and $XDG_CONFIG_HOME/relay/relay.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Tables as wide as their content (by default they fit the terminal, or 80 columns
    /// when it reports no width).
    #[arg(long, global = true)]
    pub wide: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Twilio webhook signatures, and say why one fails.
    #[command(after_long_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),

    /// Answer Twilio's webhooks: signed, de-duplicated, captured on request.
    #[command(after_long_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),

    /// The pager line's voice messages: list them, show one, retry failed deliveries.
    #[command(after_long_help = PAGER_EXAMPLES)]
    Pager(PagerArgs),

    /// Alerts started by phone: list them, show one, retry a failed delivery.
    #[command(after_long_help = ALERTS_EXAMPLES)]
    Alerts(AlertsArgs),

    /// Tickets from texts and RapidPro: list, show, reply, comment, resolve, what is pending.
    #[command(after_long_help = TICKETS_EXAMPLES)]
    Tickets(TicketsArgs),

    /// Connect RapidPro/TextIt: conversations handed to relay become tickets.
    #[command(after_long_help = TICKETER_EXAMPLES)]
    Ticketer(TicketerArgs),

    /// Send SMS/MMS from a creative file: one message, or one per row of a data file.
    #[command(
        after_long_help = SEND_EXAMPLES,
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true
    )]
    Send(SendArgs),

    /// Check the whole deployment: configuration, store, Twilio, numbers, public URL, SMTP,
    /// RT, RapidPro, xMatters, PagerDuty, Bitly (exit 1 when any check fails).
    #[command(after_long_help = DOCTOR_EXAMPLES)]
    Doctor(DoctorArgs),

    /// The account's phone numbers: their roles, and whether they point at this relay.
    #[command(subcommand)]
    Numbers(NumbersCommand),

    /// Send Twilio's own webhooks, signed, to a relay and show what it answers (no phone
    /// needed).
    #[command(after_long_help = TRIGGER_EXAMPLES)]
    Trigger(TriggerArgs),

    /// Recipients who opted out of campaigns (STOP): list, add, remove, import, export.
    #[command(after_long_help = OPTOUT_EXAMPLES)]
    Optout(OptoutArgs),

    /// Send captured Twilio requests to a relay, re-signed for it, and compare the answers.
    #[command(after_long_help = REPLAY_EXAMPLES)]
    Replay(ReplayArgs),

    /// Run the on-call rotation: who is on call, take over, manage the team.
    #[command(after_long_help = ONCALL_EXAMPLES)]
    Oncall(OncallArgs),

    /// Validate relay.toml, or write a commented example.
    #[command(subcommand)]
    Config(ConfigCommand),

    /// The store's housekeeping: remove what has outlived [store.retention].
    #[command(subcommand)]
    Store(StoreCommand),

    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    #[command(after_long_help = COMPLETIONS_EXAMPLES)]
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },

    /// Write completions/ and docs/man/ from this binary's own definition (for maintainers).
    #[command(hide = true)]
    GenerateAssets {
        /// The repository root to write into.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

const VERIFY_EXAMPLES: &str = "\
Examples:
  # One request, as Twilio sent it (the token comes from TWILIO_AUTH_TOKEN or relay.toml):
  relay verify --url 'https://example.com/twilio/sms' --signature 'Jw7...=' \\
      --param From=+15551234567 --param To=+15557654321 --param Body='Hello'

  # A JSON body (the URL carries bodySHA256):
  relay verify --url 'https://example.com/hook?bodySHA256=5ccd...' --signature '...' \\
      --body-file event.json

  # Every request captured by `relay serve --capture`, as JSON for a script:
  relay verify --capture captured.jsonl --json

Exit status: 0 when every request is valid, 1 when any is invalid, 2 on bad input.
Passing a token with --auth-token shows it in the process list; prefer the environment.";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  relay completions bash > ~/.local/share/bash-completion/completions/relay
  relay completions zsh > ~/.zfunc/_relay
  relay completions fish > ~/.config/fish/completions/relay.fish";

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The full URL Twilio requested, exactly as it requested it.
    #[arg(
        long,
        value_name = "URL",
        required_unless_present = "capture",
        conflicts_with = "capture"
    )]
    pub url: Option<String>,

    /// The X-Twilio-Signature header's value.
    #[arg(long, value_name = "SIG", requires = "url")]
    pub signature: Option<String>,

    /// A POST parameter, decoded (repeatable, in any order).
    #[arg(long = "param", value_name = "NAME=VALUE", requires = "url")]
    pub params: Vec<String>,

    /// The raw request body: form-encoded parameters, or the JSON body when the URL carries
    /// bodySHA256.
    #[arg(long, value_name = "PATH", requires = "url")]
    pub body_file: Option<PathBuf>,

    /// The X-Twilio-Webhooks-Signature-Settings header, for shared-key signatures.
    #[arg(long, value_name = "VALUE", requires = "url")]
    pub settings_header: Option<String>,

    /// Check every request in a capture file (JSON Lines; see docs/capture-format.md).
    #[arg(long, value_name = "FILE.jsonl")]
    pub capture: Option<PathBuf>,

    /// An auth token to check with (repeatable). Default: TWILIO_AUTH_TOKEN, then relay.toml.
    #[arg(long = "auth-token", value_name = "TOKEN")]
    pub auth_tokens: Vec<String>,

    /// A shared key to check with (repeatable). Default: [twilio.shared_keys] in relay.toml.
    #[arg(long = "shared-key", value_name = "ID=SECRET")]
    pub shared_keys: Vec<String>,

    /// Print one JSON object per request instead of a table.
    #[arg(long)]
    pub json: bool,
}

const PAGER_EXAMPLES: &str = "\
Examples:
  relay pager list
  relay pager show 20261122T223140-RE0123 --save message.mp3
  relay pager retry            # every message with a step not done, now

A message's delivery steps (sms, download, email, delete) are each retried by relay serve
with backoff; `retry` tries every open step again at once, whatever the attempt count.
Exit codes: 0 everything delivered; 1 some message has a step not done. See docs/pager.md.";

#[derive(Debug, Args)]
pub struct PagerArgs {
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: PagerCommand,
}

#[derive(Debug, Subcommand)]
pub enum PagerCommand {
    /// Every message, newest first, with what was delivered.
    List,
    /// One message: caller, length, who was on call, each step's outcome.
    Show {
        /// The message id (from `relay pager list`).
        id: String,
        /// Write the audio to this file.
        #[arg(long, value_name = "FILE")]
        save: Option<PathBuf>,
    },
    /// Try every step not yet done again, now (one message, or all).
    Retry {
        /// Only this message.
        id: Option<String>,
    },
}

const ALERTS_EXAMPLES: &str = "\
Examples:
  relay alerts list            # exit 1 while any alert is not delivered or not taken
  relay alerts list --unacked  # pages nobody has acknowledged
  relay alerts show 20261123T101500-RE0123   # its targets, and the page's timeline
  relay alerts ack RE0123 --by bob           # bob takes it; the others are told
  relay alerts retry           # every alert with a target not reached, now

An alert waits for the caller's choice and the transcription (or transcription_timeout),
then goes to each target ([alert] targets), each retried by relay serve with backoff;
`retry` tries every open step again at once, whatever the attempt count. The oncall target
pages relay's own rotation: the person on call is texted and called and acknowledges
(reply ACK, press 1, or `relay alerts ack`), else the escalation order is paged. Exit
codes: 0 everything delivered and taken; 1 some alert is not delivered yet or a page is
not acknowledged. See docs/alerts.md.";

#[derive(Debug, Args)]
pub struct AlertsArgs {
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: AlertsCommand,
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Every alert (and paged voicemail), newest first, with where it went and who took it.
    List {
        /// Only pages nobody has acknowledged.
        #[arg(long)]
        unacked: bool,
    },
    /// One alert: caller, group, transcription, link, each target's outcome, and the
    /// page's timeline (texted, called, escalated, acknowledged by whom).
    Show {
        /// The alert id (from `relay alerts list`; any unique part of it).
        id: String,
    },
    /// Acknowledge a page from the shell: its escalation stops and the others paged are
    /// told who took it.
    Ack {
        /// The alert's or voicemail's id (any unique part of it).
        id: String,
        /// The member taking it (default: you, by your login name).
        #[arg(long, value_name = "MEMBER")]
        by: Option<String>,
    },
    /// Try every step not yet done again, now (the given alerts, or all).
    Retry {
        /// Only these alerts.
        ids: Vec<String>,
    },
}

const TICKETS_EXAMPLES: &str = "\
Examples:
  relay tickets list                      # open tickets
  relay tickets show 42                   # the whole conversation, media listed
  relay tickets reply 42 'We are on it, a technician is on the way.'
  relay tickets comment 42 'Called them back, no answer'   # internal, never texted
  relay tickets reply 12 'Here is your label' --attach label.pdf   # a RapidPro conversation
  relay tickets resolve 42
  relay tickets pending                   # for cron: exit 1 while anything waits

Texts to a \"tickets\" number become tickets in relay's store or in RT ([tickets] in
relay.toml); a reply is recorded on the ticket and texted to the requester from the number
the ticket came in on. Conversations RapidPro hands over (relay ticketer) are tickets too:
replies go back to RapidPro, and resolving one closes it there. Exit codes: 0 done; 1
something is pending or failed (pending, show, reply that could not be sent yet); 2 bad input
(no such ticket); 3 RT, Twilio or the store unavailable. See docs/tickets.md and
docs/ticketer.md.";

#[derive(Debug, Args)]
pub struct TicketsArgs {
    /// Who is acting, for the ticket's history (default: your login name).
    #[arg(long = "as", value_name = "NAME", global = true)]
    pub actor: Option<String>,

    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: TicketsCommand,
}

#[derive(Debug, Subcommand)]
pub enum TicketsCommand {
    /// Tickets, newest first.
    List {
        #[arg(long, value_enum, default_value = "open")]
        status: crate::tickets::StatusFilter,
    },
    /// One ticket's whole conversation, media listed, and the replies sent.
    Show { id: String },
    /// Reply: recorded on the ticket and texted to the requester (or, on a RapidPro
    /// conversation, sent to RapidPro).
    Reply {
        id: String,
        /// The text; `-` reads it from standard input.
        text: String,
        /// A file to send with the reply (RapidPro conversations; repeatable; 10 MiB at
        /// most).
        #[arg(long, value_name = "FILE")]
        attach: Vec<PathBuf>,
    },
    /// An internal comment, never texted.
    Comment { id: String, text: String },
    /// Resolve a ticket (the requester's next text opens a new one; a RapidPro
    /// conversation is closed there too).
    Resolve { id: String },
    /// Reopen a resolved ticket.
    Reopen { id: String },
    /// Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1
    /// while any.
    Pending,
    /// Try everything pending again now (one id from `pending`, or all).
    Retry { id: Option<String> },
}

const TICKETER_EXAMPLES: &str = "\
Examples:
  # RapidPro's Rocket.Chat form shows a secret: give it to relay, then fill in the form
  # with the URL, Admin User ID and Admin Auth Token relay prints:
  relay ticketer init --secret-stdin
  # A secret made by relay (for clients that take one):
  relay ticketer init
  relay ticketer status

RapidPro/TextIt hand conversations to relay through the Rocket.Chat ticketer protocol,
served by relay serve under /ticketer/UUID/. Each conversation (a room) is a ticket with
channel rapidpro: `relay tickets reply` and `relay tickets resolve` answer and close it.
relay.toml keeps only hashes of the secret and the admin token. Exit codes: 0 done; 1 (status)
something is pending or RapidPro has not connected; 2 bad input or configuration. See
docs/ticketer.md.";

#[derive(Debug, Args)]
pub struct TicketerArgs {
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: TicketerCommand,
}

#[derive(Debug, Subcommand)]
pub enum TicketerCommand {
    /// Write [ticketer] into relay.toml: a UUID, the secret's hash, admin credentials for
    /// attachments. Prints what to enter in RapidPro (the secret and token once).
    Init {
        /// Read the secret from standard input (the one RapidPro's form shows) instead of
        /// making one.
        #[arg(long)]
        secret_stdin: bool,
        /// relay's public base URL, for the URL to print (default: serve.public_url).
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
        /// The Admin User ID to enter in RapidPro.
        #[arg(long, value_name = "ID", default_value = "relay")]
        admin_user: String,
        /// Replace an existing [ticketer]'s secret and token (the UUID, and so the URL,
        /// stays).
        #[arg(long)]
        force: bool,
    },
    /// Whether RapidPro has connected, the open rooms, and what is pending.
    Status,
}

const SEND_EXAMPLES: &str = "\
Examples:
  # Check and show every message without sending anything:
  relay send examples/creative.txt --data examples/recipients.csv --dry-run
  # One message:
  relay send creative.txt --var phone=+19195551002 --var firstname=Ada
  # A campaign at the sender's throughput, for cron (safe to re-run; the journal remembers):
  relay send creative.txt --data recipients.csv --rate 10 --json > send-report.jsonl
  # What was delivered, and the rows that did not get through, to send again:
  relay send report --campaign creative+recipients --failed-rows retry.csv

The creative holds TO:...; FROM:...; MEDIA_URLS:...; headers and then the body, with
{{name}} placeholders filled from --var or the data file's columns. Every message is
rendered and checked before the first is sent. The journal (default: next to the data file,
NAME.journal.jsonl) records each message's outcome, so re-running after a crash, Ctrl-C or
failure sends only what is missing. Exit codes: 0 every message sent (now or before); 1 some
failed or were not attempted; 2 bad input (nothing sent); 3 Twilio or the journal unavailable.
Recipients who opted out (STOP, `relay optout`) are skipped, not failed. See docs/send.md.";

#[derive(Debug, Args)]
pub struct SendArgs {
    #[command(subcommand)]
    pub action: Option<SendCommand>,

    /// The creative file: TO:/FROM:/MEDIA_URLS: headers, then the body.
    #[arg(value_name = "CREATIVE", required = true)]
    pub creative: Option<PathBuf>,

    /// The campaign's name, for `relay send report --campaign` (default: the creative's
    /// and the data file's names, e.g. welcome+recipients).
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    /// One message per row: CSV with a header row, or JSON Lines.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// A placeholder value for every message (repeatable); data columns win.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,

    /// Send with this tenant's credentials and sender ([tenants.NAME]; default: [twilio]
    /// and [send]).
    #[arg(long, value_name = "NAME")]
    pub tenant: Option<String>,

    /// Render and check every message and print them; send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Messages per second at most (default: the tenant's rate; unset: no limit).
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,

    /// Messages in flight at once.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,

    /// The journal file (default: DATA.journal.jsonl, or CREATIVE.journal.jsonl).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,

    /// Try again the messages an earlier run recorded as failed.
    #[arg(long)]
    pub retry_failed: bool,

    /// Attempts per message on rate limits (429), server errors and broken connections.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_attempts: u32,

    /// One JSON object per message and a summary, instead of a progress bar and a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SendCommand {
    /// What happened to a campaign's messages: delivered, undelivered (with Twilio's error
    /// codes), the slowest, and the rows that did not get through.
    #[command(after_long_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
}

const REPORT_EXAMPLES: &str = "\
Examples:
  # Every campaign relay knows of:
  relay send report
  # One campaign, by name or by its journal:
  relay send report --campaign welcome+recipients
  relay send report --journal recipients.csv.journal.jsonl --json
  # Without status callbacks (no serve.public_url): ask Twilio, 10 messages a second:
  relay send report --campaign welcome+recipients --refresh --rate 10
  # The rows that did not get through, as a data file to send again (a new journal):
  relay send report --campaign welcome+recipients --failed-rows retry.csv
  relay send welcome.txt --data retry.csv

Statuses come from Twilio's status callbacks to `relay serve` (every message relay sends
carries one when serve.public_url is set), or from Twilio's Messages API with --refresh
(resumable: statuses already final are not asked again). Exit codes: 0 nothing failed; 1
some messages were not delivered or not sent; 2 no such campaign or journal; 3 the store
or Twilio unavailable. See docs/send.md.";

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The campaign's journal file.
    #[arg(long, value_name = "FILE", conflicts_with = "campaign")]
    pub journal: Option<PathBuf>,

    /// The campaign's name (as `relay send --campaign` gave it or defaulted it).
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,

    /// Ask Twilio for the status of each message that has no final one yet.
    #[arg(long)]
    pub refresh: bool,

    /// Requests per second to Twilio with --refresh.
    #[arg(long, value_name = "N", default_value_t = 10.0)]
    pub rate: f64,

    /// Write the rows that did not get through (failed, undelivered, refused) to FILE, as
    /// CSV (or JSON Lines for .jsonl), for `relay send --data FILE`.
    #[arg(long, value_name = "FILE")]
    pub failed_rows: Option<PathBuf>,

    /// The data file the campaign was sent from (default: as recorded for the campaign).
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// How many of the slowest deliveries to list.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub slowest: usize,

    /// One JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Remove idempotency markers, call records and finished deliveries past their
    /// retention (relay serve does this hourly); unfinished work is never removed.
    #[command(after_long_help = STORE_PRUNE_EXAMPLES)]
    Prune {
        /// Count what would go, remove nothing.
        #[arg(long)]
        dry_run: bool,
        /// One JSON object: every kind with its retention, documents examined and removed.
        #[arg(long)]
        json: bool,
    },
}

const STORE_PRUNE_EXAMPLES: &str = "\
Examples:
  # What would go, with the configured [store.retention]:
  relay store prune --dry-run
  # From cron, on a store no relay serve prunes:
  relay store prune --json
";

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// One JSON object: `ok`, `seconds` and every check's status, detail and fix.
    #[arg(long)]
    pub json: bool,
    /// Seconds each check may take before it counts as failed (checks run side by side).
    #[arg(long, value_name = "SECS", default_value_t = 5)]
    pub timeout: u64,
}

const DOCTOR_EXAMPLES: &str = "\
Examples:
  # Before an incident, not during one:
  relay doctor
  # From cron or a deploy step (exit 1 when anything fails):
  relay doctor --json > /var/lib/relay/doctor.json || alert-someone

Each line is ✓, ✗ with what to do (→), ! for something that works but is worth a look (a
configuration warning, nobody on call), or - when it could not be checked because something
it needs failed (that line is ✗). Checked, as the configuration calls for them: the
configuration; the store (read, write, list, delete, and that create-if-absent and If-Match
are enforced: relay's exactly-once guarantees need them); the roster; Twilio's credentials
(the account is fetched) and every number relay uses (in the account, webhooks pointing
here); serve.public_url (reachable, TLS valid, and /healthz answering with this store's
identity); the roster's SMTP server (connect, STARTTLS/TLS, log in; no mail); RT (the user
and queues); the ticketer's callback (mailroom takes the secret); xMatters, PagerDuty, Bitly
and the alert webhook. Nothing is created: probe objects in the store are removed, PagerDuty
gets a resolve for no incident, mailroom an event it refuses after checking the secret.";

#[derive(Debug, Subcommand)]
pub enum NumbersCommand {
    /// Every number of the account (all pages), its role, its SMS and voice webhooks, and
    /// ✓ or what is wrong with them (exit 1 when any is wrong).
    List {
        /// One JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Set the SMS and voice webhooks of these numbers (or of every number with a role) to
    /// what their roles need; shows the change first and asks on a terminal.
    #[command(after_long_help = NUMBERS_POINT_EXAMPLES)]
    Point {
        /// The numbers (E.164), as `relay numbers list` shows them.
        #[arg(
            value_name = "NUMBER",
            required_unless_present = "all",
            conflicts_with = "all"
        )]
        numbers: Vec<String>,
        /// Every number of the account that has a role.
        #[arg(long)]
        all: bool,
        /// Change without asking (for scripts; required when not on a terminal).
        #[arg(long)]
        yes: bool,
        /// Put this [serve.basic_auth] user's credentials in the URLs (the password from
        /// $RELAY_BASIC_AUTH_PASSWORD, or asked for on a terminal).
        #[arg(long, value_name = "USER")]
        basic_auth_user: Option<String>,
        /// One JSON object per number changed, with the values before and after.
        #[arg(long)]
        json: bool,
    },
}

const NUMBERS_POINT_EXAMPLES: &str = "\
Examples:
  # See what is wrong, then point every number with a role at this relay:
  relay numbers list
  relay numbers point --all
  # With [serve.basic_auth], the URLs carry a user's credentials:
  RELAY_BASIC_AUTH_PASSWORD=... relay numbers point --all --basic-auth-user twilio --yes

URLs are serve.public_url plus /twilio/sms and /twilio/voice, by POST; SMS for every role and
campaign sender, voice for numbers that take calls. The previous values are printed, so a
mistake can be undone by hand in the console. A number without a role is refused with the
[numbers] line to add.";

const TRIGGER_EXAMPLES: &str = "\
Examples:
  # A member asks who is on call (the control line answers):
  relay trigger sms --to +19195559876 --from +19195551001 --body WHO
  # An MMS to the tickets line, as JSON:
  relay trigger sms --to +19195550100 --from +19195551002 --body 'photo' \\
      --media https://example.com/p.jpg --json
  # A call to the pager: record 5 seconds (no one on call answers):
  relay trigger call --to +18002255288 --from +19195551002 --record-seconds 5
  # An alert: menu 1, group 2, record, keep it, and the transcription Twilio would send:
  relay trigger call --to +18005550100 --from +19195551001 --digits 1,2,1 \\
      --record-seconds 8 --transcript 'Database down in us-east'
  # Keep what was sent, to replay later:
  relay trigger sms --to ... --from ... --body WHO --capture sent.jsonl

URL defaults to serve.public_url (or http://serve.listen); requests are signed with the
configured auth token for serve.public_url (--public-url to sign for another). Exit 1 when an
answer is not 2xx; 3 when relay cannot be reached.";

#[derive(Debug, Args)]
pub struct TriggerArgs {
    /// The relay to send to (default: serve.public_url, else http://serve.listen).
    #[arg(long, value_name = "URL", global = true)]
    pub url: Option<String>,
    /// The URL Twilio would have been given, which signatures cover (default:
    /// serve.public_url, else --url).
    #[arg(long, value_name = "URL", global = true)]
    pub public_url: Option<String>,
    /// Append each request and answer to FILE in the capture format (`relay replay`).
    #[arg(long, value_name = "FILE", global = true)]
    pub capture: Option<PathBuf>,
    /// JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: TriggerCommand,
}

#[derive(Debug, Subcommand)]
pub enum TriggerCommand {
    /// An inbound SMS/MMS, with every parameter Twilio sends; prints relay's reply.
    Sms {
        /// The number texted: one of relay's (a [numbers] entry or a roster number).
        #[arg(long, value_name = "NUMBER")]
        to: String,
        /// Who texts (a roster member's phone for the control line).
        #[arg(long, value_name = "NUMBER")]
        from: String,
        /// The text (empty with only --media).
        #[arg(long, value_name = "TEXT", default_value = "")]
        body: String,
        /// A media URL (repeatable): an MMS.
        #[arg(long = "media", value_name = "URL")]
        media: Vec<String>,
    },
    /// An inbound call, followed through relay's TwiML; prints what the caller hears.
    Call {
        /// The number called: one of relay's (a [numbers] entry or a roster number).
        #[arg(long, value_name = "NUMBER")]
        to: String,
        /// Who calls (the caller ID relay sees).
        #[arg(long, value_name = "NUMBER")]
        from: String,
        /// Keys pressed at each <Gather>, in order (e.g. 1,2; repeatable).
        #[arg(long, value_name = "D,D...")]
        digits: Vec<String>,
        /// Speak this long at a <Record> (without it, the caller hangs up there).
        #[arg(long, value_name = "N")]
        record_seconds: Option<u32>,
        /// The transcription Twilio sends afterwards (with --record-seconds).
        #[arg(long, value_name = "TEXT")]
        transcript: Option<String>,
    },
}

const OPTOUT_EXAMPLES: &str = "\
Examples:
  # Who opted out, for every tenant and sender:
  relay optout list
  # Opt a number out of the default tenant's sender (its [send] from or messaging service):
  relay optout add +19195551002
  # Opt back in, for every sender of the tenant acme:
  relay optout remove +19195551002 --tenant acme
  # Move a list from another tool, and back out:
  relay optout import stops.csv --sender +19085551212
  relay optout export > optouts.csv
  relay optout history --since 7d

Texts of STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT to any of relay's numbers opt the
sender out of that number (and its Messaging Service); START, YES or UNSTOP opt back in;
Twilio's error 21610 on a send opts out too. `relay send` and POST /ci360/messages skip
opted-out recipients. Every change is in `relay optout history`. Import reads CSV with a
header row: number (or phone), and optionally sender and tenant columns.";

#[derive(Debug, Args)]
pub struct OptoutArgs {
    /// Who is making the change, for the audit log (default: your login name).
    #[arg(long = "as", value_name = "ACTOR", global = true)]
    pub actor: Option<String>,

    /// The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list
    /// and export).
    #[arg(long, value_name = "NAME", global = true)]
    pub tenant: Option<String>,

    /// The sender: a number or Messaging Service SID (default for add and import: the
    /// tenant's from or messaging_service_sid; for list, export and remove: every sender).
    #[arg(long, value_name = "NUMBER|MG...", global = true)]
    pub sender: Option<String>,

    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: OptoutCommand,
}

#[derive(Debug, Subcommand)]
pub enum OptoutCommand {
    /// The opted-out recipients, by tenant and sender.
    List,
    /// Opt recipients out (as if they had texted STOP).
    Add {
        #[arg(value_name = "NUMBER", required = true)]
        numbers: Vec<String>,
    },
    /// Opt recipients back in (as if they had texted START).
    Remove {
        #[arg(value_name = "NUMBER", required = true)]
        numbers: Vec<String>,
    },
    /// Add every number of a CSV file (a header row; number or phone, sender, tenant).
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json.
    Export,
    /// Changes to the list: who, when, how.
    History {
        /// Only changes newer than this (e.g. 30m, 12h, 7d).
        #[arg(long, value_name = "DURATION")]
        since: Option<humantime::Duration>,
        /// At most this many (the newest).
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

const REPLAY_EXAMPLES: &str = "\
Examples:
  # Everything a production relay captured, against a local one, compared with the capture:
  relay replay capture.jsonl --to http://127.0.0.1:8080 --token \"$STAGING_TOKEN\" --diff
  # Only the texts mentioning TAKE, two a second, as JSON:
  relay replay capture.jsonl --to https://staging.example.com --grep TAKE --rate 2/s --json
  # Does the target refuse signatures made with another token?
  relay replay capture.jsonl --to http://127.0.0.1:8080 --keep-signature

Requests are sent in order, one at a time, to the base URL plus each request's original path
and query, signed for that URL (or for --public-url). Exit codes: 0 every answer matched
(--diff) or succeeded; 1 an answer differs (--diff) or was 4xx/5xx; 2 bad input (a malformed
capture line without --skip-bad); 3 the target could not be reached. See docs/replay.md.";

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// A capture file (JSON Lines), as `relay serve --capture` writes it.
    #[arg(value_name = "FILE.jsonl")]
    pub file: PathBuf,

    /// The relay to send to: its base URL, e.g. http://127.0.0.1:8080.
    #[arg(long, value_name = "BASE_URL")]
    pub to: String,

    /// The target's auth token, to sign with (default: TWILIO_AUTH_TOKEN, then relay.toml).
    #[arg(long, value_name = "TOKEN", conflicts_with_all = ["shared_key", "keep_signature"])]
    pub token: Option<String>,

    /// Sign with this shared key (HMAC-SHA256) instead of a token.
    #[arg(long, value_name = "ID=SECRET", conflicts_with = "keep_signature")]
    pub shared_key: Option<String>,

    /// The base URL the target checks signatures against (its serve.public_url), when
    /// requests reach it through another address.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,

    /// Send the captured signatures untouched (to test verification itself).
    #[arg(long)]
    pub keep_signature: bool,

    /// Send the captured I-Twilio-Idempotency-Token (to test de-duplication) instead of a
    /// fresh one.
    #[arg(long)]
    pub keep_idempotency: bool,

    /// HTTP Basic credentials for a target that asks for them (captures hold none).
    #[arg(long, value_name = "USER:PASSWORD")]
    pub basic_auth: Option<String>,

    /// Only these request ids (comma-separated or repeated).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub only: Vec<String>,

    /// Only requests whose URL or body contains this text.
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,

    /// At most this many requests per second (N/s) or minute (N/m).
    #[arg(long, value_name = "N/s")]
    pub rate: Option<String>,

    /// Compare each answer with the captured one (TwiML as XML, JSON as JSON) and print a
    /// unified diff per mismatch.
    #[arg(long)]
    pub diff: bool,

    /// With --diff: mask text matching this regular expression in both answers
    /// (repeatable), e.g. times that differ from run to run.
    #[arg(long, value_name = "REGEX", requires = "diff")]
    pub ignore: Vec<String>,

    /// Skip malformed capture lines (reported with their line numbers) instead of refusing
    /// to start.
    #[arg(long)]
    pub skip_bad: bool,

    /// One JSON object per request instead of a table.
    #[arg(long)]
    pub json: bool,
}

const SERVE_EXAMPLES: &str = "\
Examples:
  TWILIO_AUTH_TOKEN=... relay serve
  relay serve --listen 0.0.0.0:8080 --capture /var/log/relay/capture.jsonl

Point each Twilio number's \"A message comes in\" webhook at PUBLIC_URL/twilio/sms (POST).
Set serve.public_url to the URL Twilio calls when relay is behind a proxy or tunnel. See
docs/twilio-setup.md. SIGTERM finishes requests in flight, then exits 0.";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default: serve.listen, 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Append every request and response to this file (JSON Lines; docs/capture-format.md).
    #[arg(long, value_name = "FILE")]
    pub capture: Option<PathBuf>,
    /// Do not check Twilio signatures (local experiments only; warns on every request).
    #[arg(long)]
    pub insecure_skip_signature: bool,
}

const ONCALL_EXAMPLES: &str = "\
Examples:
  relay oncall init --from-phone +19195559876 --pager-phone +18002255288
  relay oncall add alice --name 'Alice McAlister' --phone '+1 919 555 1001'
  relay oncall take alice                 # asks to confirm on a terminal
  relay oncall take bob --yes --as cron   # from cron: no prompt
  relay oncall who --json
  relay oncall history --since 7d
  relay oncall check                      # exit 1 when the roster is inconsistent

The roster is oncall-twilio's JSON document (see docs/oncall.md); it lives in the store
(store.url) under oncall.roster_key. Every change is written with compare-and-swap and
appended to the audit log.";

#[derive(Debug, Args)]
pub struct OncallArgs {
    /// Who is making the change, for the audit log (default: your login name).
    #[arg(long = "as", value_name = "ACTOR", global = true)]
    pub actor: Option<String>,

    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: OncallCommand,
}

#[derive(Debug, Subcommand)]
pub enum OncallCommand {
    /// Who is on call, since when, set by whom.
    Who,
    /// Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it).
    Take {
        /// The member's id, as `relay oncall users` lists it.
        user: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
        /// Text the new and the previous on-call person (from the roster's from_phone).
        #[arg(long)]
        notify: bool,
    },
    /// List the team.
    Users,
    /// Print the whole roster document (the mail password as (redacted)).
    Show {
        /// Show the mail password.
        #[arg(long)]
        show_secrets: bool,
    },
    /// Add a member.
    Add {
        /// A one-word id, e.g. alice.
        id: String,
        #[arg(long)]
        name: String,
        /// The member's mobile number; normalised to E.164.
        #[arg(long)]
        phone: String,
    },
    /// Remove a member (never whoever is on call).
    Remove { id: String },
    /// Who is paged after the person on call when a page is not acknowledged.
    #[command(
        subcommand,
        after_long_help = "Examples:\n  relay oncall escalation set bob carol   # alice (on call), then bob, then carol\n  relay oncall escalation show\n  relay oncall escalation clear\n\nA page goes to the person on call; not acknowledged within [oncall] ack_timeout (reply\nACK, or press 1 on the call), it goes to the next person in the order, then the next;\nafter [oncall] rounds times through, every member is texted that nobody took it."
    )]
    Escalation(EscalationCommand),
    /// Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port,
    /// mail_use_tls, mail_username, mail_password, from_email, to_email.
    #[command(
        after_long_help = "Examples:\n  relay oncall set session_lifetime 120\n  relay oncall set mail_server smtp.example.com\n  read -s pw; echo \"$pw\" | relay oncall set mail_password -   # keeps it out of ps and history"
    )]
    Set {
        key: String,
        /// The new value; `-` reads it from standard input.
        value: String,
    },
    /// The audit log: every change, who made it and how.
    History {
        /// Only changes newer than this (e.g. 30m, 12h, 7d).
        #[arg(long, value_name = "DURATION")]
        since: Option<humantime::Duration>,
        /// At most this many (the newest).
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap.
    Edit,
    /// Report inconsistencies (exit 1 when there are any).
    Check,
    /// Create a roster (refuses to replace one): --from-phone, or --import.
    Init {
        /// The number members text (WHO, TAKE, HALP) and relay texts them from. Required
        /// unless --import.
        #[arg(
            long,
            value_name = "NUMBER",
            conflicts_with = "import",
            required_unless_present = "import"
        )]
        from_phone: Option<String>,
        /// The number customers call to leave a message (the pager line). Optional: without
        /// it there is no pager line (an alert-only team needs none).
        #[arg(long, value_name = "NUMBER", conflicts_with = "import")]
        pager_phone: Option<String>,
        /// Seconds a TAKE waits for its confirmation.
        #[arg(long, default_value_t = 300, value_name = "SECONDS")]
        session_lifetime: u64,
        /// Start from an existing oncall-twilio roster file.
        #[arg(long, value_name = "FILE")]
        import: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EscalationCommand {
    /// The order, and the timeout and rounds it runs with.
    Show,
    /// Set the order: member ids, the first paged after the person on call first.
    Set {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Page nobody but the person on call (rounds still repeat them).
    Clear,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the configuration and print it as relay sees it, secrets as (redacted).
    #[command(
        after_long_help = "Examples:\n  relay config check\n  relay --config /etc/relay/relay.toml config check --json"
    )]
    Check {
        /// Print JSON instead of TOML.
        #[arg(long)]
        json: bool,
    },
    /// Write a commented example configuration.
    #[command(
        after_long_help = "Examples:\n  relay config init            # writes ./relay.toml\n  relay config init - | less   # prints it"
    )]
    Init {
        /// Where to write it; `-` prints it.
        #[arg(default_value = "relay.toml", value_name = "PATH")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

impl From<Shell> for clap_complete::Shell {
    fn from(s: Shell) -> Self {
        match s {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
            Shell::Elvish => clap_complete::Shell::Elvish,
            Shell::Powershell => clap_complete::Shell::PowerShell,
        }
    }
}
