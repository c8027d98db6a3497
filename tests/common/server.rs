//! `relay serve` on a loopback port with a temporary store, and requests signed exactly as
//! Twilio signs them: shared by the serve and replay tests.

use super::*;
use relay::twilio::params::encode_form;
use relay::twilio::signature::{Algorithm, sign_request};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const TOKEN: &str = "serve-test-token";
pub const PUBLIC: &str = "https://relay.example.com";
pub const CONTROL: &str = "+19195559876";
pub const PAGER: &str = "+18002255288";
pub const ALICE: &str = "+19195551001";
pub const BOB: &str = "+19195551002";

pub struct Relay {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub child: Option<Child>,
    pub base: String,
    pub http: reqwest::blocking::Client,
    pub logs: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Relay {
    pub fn new(store_section: Option<String>, extra: &str) -> Relay {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("relay.toml");
        let store = store_section.unwrap_or_else(|| {
            format!("[store]\nurl = \"file://{}/data\"\n", dir.path().display())
        });
        std::fs::write(
            &config,
            format!("{store}\n[serve]\npublic_url = \"{PUBLIC}\"\n{extra}\n"),
        )
        .unwrap();
        let r = Relay {
            dir,
            config,
            child: None,
            base: String::new(),
            http: reqwest::blocking::Client::new(),
            logs: Default::default(),
        };
        r.oncall(&["init", "--from-phone", CONTROL, "--pager-phone", PAGER]);
        r.oncall(&[
            "add",
            "alice",
            "--name",
            "Alice McAlister",
            "--phone",
            ALICE,
        ]);
        r.oncall(&["add", "bob", "--name", "Bob Roberts", "--phone", BOB]);
        r.oncall(&["take", "alice", "--yes"]);
        r
    }

    /// A second relay with the same relay.toml (and so the same store), its roster left
    /// as the first made it.
    pub fn beside(other: &Relay) -> Relay {
        Relay {
            dir: tempfile::tempdir().unwrap(),
            config: other.config.clone(),
            child: None,
            base: String::new(),
            http: reqwest::blocking::Client::new(),
            logs: Default::default(),
        }
    }

    pub fn cmd(&self) -> Command {
        let mut c = relay();
        c.arg("--config")
            .arg(&self.config)
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        c.env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        c
    }

    pub fn oncall(&self, args: &[&str]) -> String {
        let out = run(self.cmd().arg("oncall").args(args));
        assert!(out.status.success(), "oncall {args:?}: {}", stderr(&out));
        stdout(&out)
    }

    pub fn start(&mut self, args: &[&str]) {
        self.start_with_token(TOKEN, args)
    }

    /// Starts `relay serve` checking signatures with `token`.
    pub fn start_with_token(&mut self, token: &str, args: &[&str]) {
        self.spawn(token, args, &[])
    }

    /// Starts `relay serve` with these environment variables set.
    pub fn start_with_env(&mut self, env: &[(&str, &str)]) {
        self.spawn(TOKEN, &[], env)
    }

    fn spawn(&mut self, token: &str, args: &[&str], env: &[(&str, &str)]) {
        let mut child = self
            .cmd()
            .envs(env.iter().copied())
            .env("TWILIO_AUTH_TOKEN", token)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let first = lines
            .next()
            .expect("relay serve says where it listens")
            .unwrap();
        self.base = listening_address(&first);
        let logs = self.logs.clone();
        std::thread::spawn(move || {
            for l in lines.map_while(Result::ok) {
                logs.lock().unwrap().push(l);
            }
        });
        self.child = Some(child);
    }

    /// SIGTERM, and the exit status.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().unwrap();
        unsafe { kill(child.id() as i32, 15) };
        child.wait().unwrap()
    }

    /// A text as Twilio posts it.
    pub fn text(&self, from: &str, to: &str, body: &str) -> (u16, String) {
        self.text_with(from, to, body, &format!("idem-{}", rand_id()), TOKEN)
    }

    pub fn text_with(
        &self,
        from: &str,
        to: &str,
        body: &str,
        idem: &str,
        token: &str,
    ) -> (u16, String) {
        let params: Vec<(String, String)> = [
            ("MessageSid", sid("SM")),
            (
                "AccountSid",
                "AC00000000000000000000000000000000".to_string(),
            ),
            ("From", from.to_string()),
            ("To", to.to_string()),
            ("Body", body.to_string()),
            ("NumMedia", "0".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        self.post("/twilio/sms", &params, idem, token)
    }

    /// A text or MMS to `to` as Twilio posts it (a fresh MessageSid; `media` is (MediaSid,
    /// content type), each with the MediaUrlN Twilio would give).
    pub fn inbound(
        &self,
        account: &str,
        from: &str,
        to: &str,
        body: Option<&str>,
        media: &[(&str, &str)],
        idem: &str,
    ) -> (u16, String) {
        let msid = format!("SM{:0>32}", rand_id());
        let mut p: Vec<(String, String)> = vec![
            ("MessageSid".into(), msid.clone()),
            ("SmsSid".into(), msid.clone()),
            ("AccountSid".into(), account.into()),
            ("From".into(), from.into()),
            ("To".into(), to.into()),
            ("NumMedia".into(), media.len().to_string()),
        ];
        if let Some(b) = body {
            p.push(("Body".into(), b.into()));
        }
        for (i, (sid, ct)) in media.iter().enumerate() {
            p.push((
                format!("MediaUrl{i}"),
                format!("https://api.twilio.com/2010-04-01/Accounts/{account}/Messages/{msid}/Media/{sid}"),
            ));
            p.push((format!("MediaContentType{i}"), ct.to_string()));
        }
        self.post("/twilio/sms", &p, idem, TOKEN)
    }

    pub fn post(
        &self,
        path: &str,
        params: &[(String, String)],
        idem: &str,
        token: &str,
    ) -> (u16, String) {
        self.post_signed_for(
            &format!("{PUBLIC}{path}"),
            path,
            params,
            &[("i-twilio-idempotency-token", idem)],
            token,
        )
    }

    /// Posts `params` to `path`, signed for `signed_url` (the URL Twilio was given).
    pub fn post_signed_for(
        &self,
        signed_url: &str,
        path: &str,
        params: &[(String, String)],
        headers: &[(&str, &str)],
        token: &str,
    ) -> (u16, String) {
        let sig = sign_request(Algorithm::HmacSha1, token, signed_url, params);
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", sig);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.body(encode_form(params)).send().unwrap();
        let status = resp.status().as_u16();
        (status, resp.text().unwrap())
    }

    /// `relay tickets --json --as agent-ann ARGS`: the exit code, the JSON, stderr.
    pub fn tickets(&self, args: &[&str]) -> (i32, Value, String) {
        let out = run(self
            .cmd()
            .env("TWILIO_AUTH_TOKEN", TOKEN)
            .args(["tickets", "--json", "--as", "agent-ann"])
            .args(args));
        let json = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
        (out.status.code().unwrap(), json, stderr(&out))
    }

    pub fn who(&self) -> Value {
        serde_json::from_str(&self.oncall(&["who", "--json"])).unwrap()
    }

    pub fn history(&self) -> Vec<Value> {
        let v: Value =
            serde_json::from_str(&self.oncall(&["history", "--json", "--limit", "1000"])).unwrap();
        v.as_array().unwrap().clone()
    }

    /// Whether relay's log has (or gets, within 5 s) a line containing `needle`: its
    /// stderr is read by a thread of its own, so a line may trail the answer it belongs to.
    pub fn saw_log(&self, needle: &str) -> bool {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            if self.logs().contains(needle) {
                return true;
            }
            if std::time::Instant::now() > until {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().join("\n")
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

unsafe extern "C" {
    pub fn kill(pid: i32, sig: i32) -> i32;
}

/// relay.toml lines for a CI360 tenant `acme` (account `account`, token `acme-token`)
/// sending through the Twilio fake at `api`, accepting the API key `key`.
pub fn ci360_tenant(account: &str, api: &str, key: &str) -> String {
    let hash = relay::twilio::signature::hex_sha256(key.as_bytes());
    format!(
        "\n[tenants.acme]\naccount_sid = \"{account}\"\nauth_token = \"acme-token\"\napi_base_url = \"{api}\"\nfrom = \"+19085551212\"\nevent_ttl = 600\napi_keys = [\"sha256:{hash}\"]\n"
    )
}

/// A SID of this kind (`SM`, `CA`, ...), Twilio's shape: two letters and 32 hex digits.
pub fn sid(kind: &str) -> String {
    format!("{kind}{:0>32}", rand_id())
}

pub fn rand_id() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

pub fn messages(twiml: &str) -> Vec<String> {
    twiml
        .split("<Message")
        .skip(1)
        .map(|m| {
            m.split_once('>')
                .unwrap()
                .1
                .split("</Message>")
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// A member's WHO text to the control line, as Twilio posts it (a fresh MessageSid).
pub fn who_params() -> Vec<(String, String)> {
    [
        ("MessageSid", format!("SM{:0>32}", rand_id())),
        (
            "AccountSid",
            "AC00000000000000000000000000000000".to_string(),
        ),
        ("From", ALICE.to_string()),
        ("To", CONTROL.to_string()),
        ("Body", "WHO".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub const EMPTY: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#;

/// The base URL in `relay serve`'s first line ("relay: listening on http://ADDR (store ...)").
pub fn listening_address(first_line: &str) -> String {
    first_line
        .split("listening on ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("not relay serve's first line: {first_line}"))
        .to_string()
}
