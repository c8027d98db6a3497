//! `relay doctor` against a whole deployment: the store in moto's S3, a real SMTP server
//! (aiosmtpd, requiring a login), the Twilio fake, `relay serve` behind `public_url`,
//! mailroom's callback and the alert line's services (xMatters, PagerDuty, Bitly, a
//! webhook). Healthy, every line is ✓; then each fault alone — an S3 server that ignores
//! conditional writes, a wrong Twilio token, a number pointing elsewhere, SMTP down,
//! `public_url` unreachable, a service that never answers — turns exactly its line ✗ and
//! exit 1. And nothing is sent or made by any of it.

mod common;
use common::alert_fakes::{BITLY_TOKEN, Fakes, PD_KEY, XM_ALERT, XM_PASS, XM_USER};
use common::background::Background;
use common::mailroom::{Client, Receiver};
use common::server::{ALICE, CONTROL, PAGER, listening_address};
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "doctor-test-token";
const ALERT: &str = "+18005550100";
const TICKETER: &str = "2f1c7a54-8d0e-4e0b-9c4f-6a3b1d2e5f70";
const SECRET: &str = "rapidpro-secret";
const MAIL_USER: &str = "relay";
const MAIL_PASS: &str = "mail-pass";

/// The test's SMTP server (tests/support/smtp_server.py), killed when dropped.
struct Smtp(Child);

/// A tests/support server script run with `args`, once it has said "ready".
fn script(python: &str, name: &str, args: &[&std::ffi::OsStr]) -> Child {
    let mut child = Command::new(python)
        .arg(support(name))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "ready", "{name} did not start");
    child
}

impl Smtp {
    fn start(python: &str, port: u16, maildir: &Path) -> Smtp {
        let port = port.to_string();
        Smtp(script(
            python,
            "smtp_server.py",
            &[
                port.as_ref(),
                maildir.as_os_str(),
                MAIL_USER.as_ref(),
                MAIL_PASS.as_ref(),
            ],
        ))
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An S3 "server" that ignores conditional writes, as some S3-compatible servers do: moto
/// behind a proxy that drops If-Match and If-None-Match from every request.
fn careless_s3(moto: &str) -> Background {
    use axum::extract::{Request, State};
    use axum::response::{IntoResponse, Response};
    async fn forward(State(upstream): State<String>, req: Request) -> Response {
        let (parts, body) = req.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let mut out = reqwest::Client::new().request(parts.method, format!("{upstream}{path}"));
        for (k, v) in &parts.headers {
            if !matches!(k.as_str(), "host" | "if-match" | "if-none-match") {
                out = out.header(k, v);
            }
        }
        let answer = out.body(body).send().await.unwrap();
        let mut resp = Response::builder().status(answer.status());
        for (k, v) in answer.headers() {
            resp = resp.header(k, v);
        }
        resp.body(axum::body::Body::from(answer.bytes().await.unwrap()))
            .unwrap()
            .into_response()
    }
    Background::serve(
        axum::Router::new()
            .fallback(forward)
            .with_state(moto.trim_end_matches('/').to_string()),
    )
}

struct Deployment {
    dir: tempfile::TempDir,
    python: String,
    moto: String,
    bucket: String,
    twilio: Fake,
    fakes: Fakes,
    mailroom: Receiver,
    smtp: Option<Smtp>,
    smtp_port: u16,
    serve: Option<Child>,
    port: u16,
}

/// What differs from the healthy configuration.
#[derive(Default)]
struct Fault {
    s3_endpoint: Option<String>,
    auth_token: Option<&'static str>,
    webhook: Option<String>,
}

impl Deployment {
    fn maildir(&self) -> PathBuf {
        self.dir.path().join("mail")
    }

    fn config(&self, fault: &Fault) -> PathBuf {
        let path = self.dir.path().join("relay.toml");
        let endpoint = fault.s3_endpoint.as_deref().unwrap_or(&self.moto);
        let token = fault.auth_token.unwrap_or(TOKEN);
        let hook = fault
            .webhook
            .clone()
            .unwrap_or_else(|| format!("{}/hook", self.fakes.base));
        let (f, secret, admin) = (
            &self.fakes.base,
            relay::config::secret_hash(SECRET),
            relay::config::secret_hash("admin-token"),
        );
        std::fs::write(
            &path,
            format!(
                r#"[store]
url = "s3://{bucket}/relay"
endpoint = "{endpoint}"
region = "us-east-1"
path_style = true

[serve]
public_url = "http://127.0.0.1:{port}"

[twilio]
account_sid = "{SID}"
auth_token = "{token}"
api_base_url = "{twilio}"

[pager]
notify = "twilio-link"

[numbers]
"{CONTROL}" = "oncall"
"{PAGER}" = "pager"
"{ALERT}" = "alert"

[tickets]

[ticketer]
uuid = "{TICKETER}"
secret = "{secret}"
admin_user_id = "admin"
admin_auth_token = "{admin}"

[alert]
targets = ["xmatters", "pagerduty", "webhook", "oncall"]
link = "twilio"

[alert.xmatters]
url = "{f}/api/integration/1/functions/{XM_ALERT}/triggers?apiKey=xm-api-key-123"
base_url = "{f}"
user = "{XM_USER}"
password = "{XM_PASS}"
authorized_users = ["jsmith"]

[alert.pagerduty]
routing_key = "{PD_KEY}"
url = "{f}/v2/enqueue"

[alert.bitly]
token = "{BITLY_TOKEN}"
url = "{f}"

[alert.webhook]
url = "{hook}"
"#,
                bucket = self.bucket,
                port = self.port,
                twilio = self.twilio.base,
            ),
        )
        .unwrap();
        path
    }

    fn relay(&self, config: &Path) -> Command {
        let mut c = relay();
        c.arg("--config")
            .arg(config)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        c
    }

    fn oncall(&self, args: &[&str]) {
        let config = self.config(&Fault::default());
        let out = run(self.relay(&config).arg("oncall").args(args));
        assert!(out.status.success(), "oncall {args:?}: {}", stderr(&out));
    }

    /// `relay oncall set mail_password -`, the password on stdin.
    fn mail_password(&self, password: &str) {
        use std::io::Write;
        let config = self.config(&Fault::default());
        let mut set = self
            .relay(&config)
            .args(["oncall", "set", "mail_password", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        writeln!(set.stdin.take().unwrap(), "{password}").unwrap();
        assert!(set.wait().unwrap().success());
    }

    fn start_serve(&mut self) {
        let config = self.config(&Fault::default());
        let mut child = self
            .relay(&config)
            .args(["serve", "--listen", &format!("127.0.0.1:{}", self.port)])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        assert!(
            listening_address(&first).ends_with(&self.port.to_string()),
            "{first}"
        );
        // Read on, so relay's log lines always have somewhere to go.
        std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
        self.serve = Some(child);
    }

    fn stop_serve(&mut self) {
        if let Some(mut c) = self.serve.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// `relay doctor --json` with this fault: the exit code and each check's status.
    fn doctor(&self, fault: &Fault, args: &[&str]) -> (i32, Vec<(String, String, String)>) {
        let config = self.config(fault);
        let out = run(self.relay(&config).args(["doctor", "--json"]).args(args));
        let report: Value = serde_json::from_str(&stdout(&out))
            .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
        let lines = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["check"].as_str().unwrap().to_string(),
                    c["status"].as_str().unwrap().to_string(),
                    format!("{} → {}", c["detail"], c["fix"]),
                )
            })
            .collect();
        assert_eq!(
            report["ok"],
            out.status.code() == Some(0),
            "ok matches the exit code"
        );
        (out.status.code().unwrap(), lines)
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        self.stop_serve();
    }
}

/// `relay --config CONFIG doctor --json`: the exit code and the report.
fn doctor_json(config: &Path) -> (i32, Value) {
    let out = run(relay()
        .arg("--config")
        .arg(config)
        .args(["doctor", "--json"]));
    let report = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap(), report)
}

/// The report's line for `name`.
fn line_of(report: &Value, name: &str) -> Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no {name} line: {report:#}"))
}

/// Every line of a healthy deployment, in the order relay doctor prints them.
const HEALTHY: &[&str] = &[
    "config",
    "store",
    "store conditional writes",
    "roster",
    "twilio",
    "number +18002255288",
    "number +18005550100",
    "number +19195559876",
    "public_url",
    "smtp",
    "ticketer callback",
    "xmatters",
    "pagerduty",
    "bitly",
    "alert webhook",
    "pager messages",
    "alerts",
    "pages",
    "texts to file",
    "ticket replies",
    "RapidPro events",
    "RapidPro callbacks",
];

/// Exactly `failed` is ✗ (its detail containing `says`), `skipped` are not checked, and
/// every other line of the healthy report is ✓; exit 1.
#[track_caller]
fn only(got: &(i32, Vec<(String, String, String)>), failed: &str, says: &str, skipped: &[&str]) {
    let (code, lines) = got;
    assert_eq!(*code, 1, "{lines:#?}");
    let names: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(names, HEALTHY, "the same checks run");
    for (name, status, detail) in lines {
        let want = if name == failed {
            assert!(detail.contains(says), "{name}: {detail}");
            "failed"
        } else if skipped.contains(&name.as_str()) {
            "skipped"
        } else {
            "ok"
        };
        assert_eq!(status, want, "{name}: {detail}\n{lines:#?}");
    }
}

#[test]
fn a_healthy_deployment_is_all_ticks_and_each_fault_alone_fails_its_line() {
    let Some(moto) = service("RELAY_TEST_S3_ENDPOINT", "an S3-compatible server (moto)") else {
        return;
    };
    let Some(python) = python() else { return };
    let bucket = format!("doctor-{}", common::server::rand_id().to_lowercase());
    create_bucket(&moto, &bucket);
    let dir = tempfile::tempdir().unwrap();
    let smtp_port = free_port();
    let mut d = Deployment {
        python,
        moto,
        bucket,
        twilio: Fake::start(SID, TOKEN, Faults::default()),
        fakes: Fakes::start(),
        mailroom: Receiver::start(SECRET),
        smtp: None,
        smtp_port,
        serve: None,
        port: free_port(),
        dir,
    };
    d.smtp = Some(Smtp::start(&d.python, d.smtp_port, &d.maildir()));
    d.fakes
        .devices
        .lock()
        .unwrap()
        .insert("jsmith".into(), vec!["+19195551001".into()]);
    let public = format!("http://127.0.0.1:{}", d.port);
    for n in [CONTROL, PAGER, ALERT] {
        d.twilio.add_number(
            n,
            (&format!("{public}/twilio/sms"), "POST"),
            (&format!("{public}/twilio/voice"), "POST"),
        );
    }
    // The alert line also reports its calls' end (a hang-up known at once).
    for n in d.twilio.numbers.lock().unwrap().iter_mut() {
        if n["phone_number"] == ALERT {
            n["status_callback"] = format!("{public}/twilio/alert/ended").into();
            n["status_callback_method"] = "POST".into();
        }
    }
    d.oncall(&["init", "--from-phone", CONTROL, "--pager-phone", PAGER]);
    d.oncall(&["add", "alice", "--name", "Alice", "--phone", ALICE]);
    d.oncall(&["take", "alice", "--yes"]);
    for (k, v) in [
        ("mail_server", "127.0.0.1".to_string()),
        ("mail_port", d.smtp_port.to_string()),
        ("mail_use_tls", "false".to_string()),
        ("mail_username", MAIL_USER.to_string()),
        ("from_email", "pager@example.com".to_string()),
        ("to_email", "sre@example.com".to_string()),
    ] {
        d.oncall(&["set", k, &v]);
    }
    d.mail_password(MAIL_PASS);
    d.start_serve();
    // RapidPro connects the ticketer: relay learns the callback and its secret.
    let rapidpro = Client::new(&format!("{public}/ticketer/{TICKETER}"), SECRET);
    assert_eq!(
        rapidpro
            .call(
                "PUT",
                "settings",
                Some(&json!({"webhook": {"url": d.mailroom.url(TICKETER)}}))
            )
            .0,
        204
    );

    // Healthy: every line ✓, exit 0.
    let (code, lines) = d.doctor(&Fault::default(), &[]);
    let names: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(names, HEALTHY, "{lines:#?}");
    for (name, status, detail) in &lines {
        assert_eq!(status, "ok", "{name}: {detail}");
    }
    assert_eq!(code, 0);
    // The text form says the same, a line each.
    let text = run(d.relay(&d.config(&Fault::default())).arg("doctor"));
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let out = stdout(&text);
    assert!(out.contains("✓ smtp "), "{out}");
    assert!(out.contains("authenticated as relay"), "{out}");
    assert!(
        out.trim_end().ends_with(&format!("{} ✓", HEALTHY.len())),
        "{out}"
    );

    // An S3 server that ignores conditional writes: only that line.
    let careless = careless_s3(&d.moto);
    only(
        &d.doctor(
            &Fault {
                s3_endpoint: Some(careless.base.clone()),
                ..Default::default()
            },
            &[],
        ),
        "store conditional writes",
        "If-None-Match: * is ignored",
        &[],
    );

    // A wrong Twilio token: the credentials line; the numbers cannot be checked.
    only(
        &d.doctor(
            &Fault {
                auth_token: Some("not-the-token"),
                ..Default::default()
            },
            &[],
        ),
        "twilio",
        "401",
        &[
            "number +18002255288",
            "number +18005550100",
            "number +19195559876",
        ],
    );

    // The pager's voice webhook points at another host: that number, with the fix.
    let set_voice = |url: &str| {
        let mut numbers = d.twilio.numbers.lock().unwrap();
        let n = numbers
            .iter_mut()
            .find(|n| n["phone_number"] == PAGER)
            .unwrap();
        n["voice_url"] = url.into();
    };
    set_voice("https://old-host.example/twilio/voice");
    let got = d.doctor(&Fault::default(), &[]);
    only(
        &got,
        "number +18002255288",
        "voice URL points at https://old-host.example/twilio/voice",
        &[],
    );
    assert!(
        got.1
            .iter()
            .any(|l| l.2.contains("relay numbers point +18002255288"))
    );
    set_voice(&format!("{public}/twilio/voice"));

    // A service that never answers: its line fails at the timeout; the rest are checked.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    only(
        &d.doctor(
            &Fault {
                webhook: Some(format!("http://{}/hook", silent.local_addr().unwrap())),
                ..Default::default()
            },
            &["--timeout", "2"],
        ),
        "alert webhook",
        "no answer within 2 s",
        &[],
    );
    drop(silent);

    // The mail server refuses the login.
    d.mail_password("not-the-password");
    only(&d.doctor(&Fault::default(), &[]), "smtp", "535", &[]);
    d.mail_password(MAIL_PASS);

    // SMTP down.
    d.smtp = None;
    only(
        &d.doctor(&Fault::default(), &[]),
        "smtp",
        &format!("127.0.0.1:{}", d.smtp_port),
        &[],
    );
    d.smtp = Some(Smtp::start(&d.python, d.smtp_port, &d.maildir()));

    // public_url unreachable: relay serve is not running.
    d.stop_serve();
    only(
        &d.doctor(&Fault::default(), &[]),
        "public_url",
        "/healthz",
        &[],
    );

    // None of it sent, made or changed anything anywhere.
    let mails = std::fs::read_dir(d.maildir().join("new")).unwrap().count();
    assert_eq!(mails, 0, "no mail sent");
    assert!(d.twilio.messages.lock().unwrap().is_empty(), "no SMS sent");
    assert!(
        d.twilio.number_updates.lock().unwrap().is_empty(),
        "no number changed"
    );
    assert!(
        d.fakes.seen.xmatters.lock().unwrap().is_empty(),
        "no xMatters event"
    );
    assert!(
        d.fakes.seen.shortened.lock().unwrap().is_empty(),
        "no link made"
    );
    assert!(
        d.fakes.seen.webhook.lock().unwrap().is_empty(),
        "no webhook posted"
    );
    let pd = d.fakes.seen.pagerduty.lock().unwrap();
    assert!(!pd.is_empty(), "PagerDuty was asked");
    assert!(
        pd.iter().all(|e| e["event_action"] == "resolve"),
        "only resolves for no incident: {pd:?}"
    );
    let handled: Vec<u16> = d
        .mailroom
        .got
        .lock()
        .unwrap()
        .iter()
        .map(|g| g.status)
        .collect();
    assert!(
        !handled.is_empty() && handled.iter().all(|s| *s == 400),
        "mailroom refused every probe after checking the secret: {handled:?}"
    );
    // The store's probe objects are gone from the bucket (seen with boto3, not relay).
    let left = Command::new(&d.python)
        .args(["-c", "import boto3,sys; print(boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing').list_objects_v2(Bucket=sys.argv[2], Prefix='relay/doctor/')['KeyCount'])"])
        .args([&d.moto, &d.bucket])
        .output()
        .unwrap();
    assert_eq!(stdout(&left).trim(), "0", "{}", stderr(&left));
}

#[test]
fn wrong_credentials_for_the_integrations_fail_their_lines() {
    // Bitly and PagerDuty refusing: each says which key to check. No services beyond the
    // fakes are needed (a file store, no SMTP, no public_url).
    const STALE: &str = "bitly-stale-token-4c1e";
    let fakes = Fakes::start();
    let twilio = Fake::start(SID, TOKEN, Faults::default());
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\nurl = \"file://{}/data\"\n[twilio]\naccount_sid = \"{SID}\"\nauth_token = \"{TOKEN}\"\napi_base_url = \"{}\"\n[pager]\nnotify = \"twilio-link\"\n[alert]\ntargets = [\"pagerduty\"]\nlink = \"twilio\"\n[alert.pagerduty]\nrouting_key = \"{}\"\nurl = \"{}/v2/enqueue\"\n[alert.bitly]\ntoken = \"{STALE}\"\nurl = \"{}\"\n",
            dir.path().display(),
            twilio.base,
            "X".repeat(32),
            fakes.base,
            fakes.base
        ),
    )
    .unwrap();
    let (code, report) = doctor_json(&config);
    assert_eq!(code, 1, "{report:#}");
    let line = |name: &str| line_of(&report, name);
    assert_eq!(line("pagerduty")["status"], "failed");
    assert!(
        line("pagerduty")["detail"]
            .as_str()
            .unwrap()
            .contains("Invalid routing key"),
        "{report:#}"
    );
    assert!(
        line("pagerduty")["fix"]
            .as_str()
            .unwrap()
            .contains("routing_key")
    );
    assert_eq!(line("bitly")["status"], "failed");
    assert!(line("bitly")["detail"].as_str().unwrap().contains("403"));
    assert_eq!(line("twilio")["status"], "ok", "{report:#}");
    assert_eq!(line("store")["status"], "ok");
    // No roster and no public_url: worth a look, not failures.
    assert_eq!(line("roster")["status"], "warning");
    assert_eq!(line("public_url")["status"], "warning");
    let said = report.to_string();
    assert!(!said.contains(TOKEN) && !said.contains(STALE), "{said}");
}

#[test]
fn a_configuration_that_does_not_parse_is_one_failed_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    std::fs::write(&config, "[serve]\nlisten = 8080\n").unwrap();
    let out = run(relay().arg("--config").arg(&config).arg("doctor"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("✗ config"), "{text}");
    assert!(text.contains("relay.toml:2"), "{text}");
    assert!(text.contains("→ fix relay.toml"), "{text}");
}

#[test]
fn request_tracker_is_checked_with_relays_user_and_queues() {
    let Some(rt) = common::rt::rt() else { return };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    let doctor = |token: &str, queues: &str| -> Value {
        std::fs::write(
            &config,
            format!(
                "[store]\nurl = \"file://{}/data\"\n[tickets]\nbackend = \"rt\"\nqueue = \"General\"\n[tickets.rt]\nurl = \"{}\"\nuser = \"root\"\ntoken = \"{token}\"\nqueues = [{queues}]\n",
                dir.path().display(),
                rt.url
            ),
        )
        .unwrap();
        line_of(&doctor_json(&config).1, "rt")
    };
    let good = doctor(&rt.token, "\"General\"");
    assert_eq!(good["status"], "ok", "{good}");
    assert!(
        good["detail"]
            .as_str()
            .unwrap()
            .contains("as root; queue General")
    );
    let wrong = doctor("1-14-0123456789abcdef0123456789abcdef", "\"General\"");
    assert_eq!(wrong["status"], "failed", "{wrong}");
    assert!(
        wrong["detail"]
            .as_str()
            .unwrap()
            .contains("refused relay's credentials")
    );
    let missing = doctor(&rt.token, "\"General\", \"No Such Queue\"");
    assert_eq!(missing["status"], "failed", "{missing}");
    assert!(
        missing["detail"]
            .as_str()
            .unwrap()
            .contains("no queue \"No Such Queue\""),
        "{missing}"
    );
    assert!(!format!("{good}{wrong}{missing}").contains(&rt.token));
}

#[test]
fn a_public_url_with_an_untrusted_certificate_fails_with_the_tls_fix() {
    let Some(python) = python() else { return };
    let port = free_port();
    let mut server = script(&python, "tls_server.py", &[port.to_string().as_ref()]);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\nurl = \"file://{}/data\"\n[serve]\npublic_url = \"https://127.0.0.1:{port}\"\n",
            dir.path().display()
        ),
    )
    .unwrap();
    let out = run(relay().arg("--config").arg(&config).arg("doctor"));
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let line = text
        .lines()
        .skip_while(|l| !l.starts_with("✗ public_url"))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(line.contains("certificate"), "{text}");
    assert!(
        line.contains("the TLS certificate is not valid for 127.0.0.1"),
        "{text}"
    );
}
