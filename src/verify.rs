//! `relay verify`: check signatures of one request or a capture file, and explain failures.

use crate::capture::{self, Captured};
use crate::cli::VerifyArgs;
use crate::config::Config;
use crate::exit;
use crate::output::{self, table};
use crate::redacted::SecretString;
use crate::twilio::diagnose::{self, Context};
use crate::twilio::params::{looks_like_json, parse_form};
use crate::twilio::signature::{
    self, Failure, Keyring, Match, SETTINGS_HEADER, SIGNATURE_HEADER, Signed,
};
use anyhow::Context as _;
use serde::Serialize;
use std::path::Path;

/// Larger bodies are refused: Twilio's webhook bodies are far smaller (relay serve answers
/// 413 above 64 KiB), so a bigger file is the wrong file.
pub const MAX_BODY: u64 = 1024 * 1024;

/// One request to check, owning what it needs.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub id: String,
    pub url: String,
    pub params: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub signature: Option<String>,
    pub settings: Option<String>,
    pub content_type: Option<String>,
    pub hosts: Vec<String>,
    /// HTTP Basic credentials the request carried (Twilio's retry after the 401): the URL
    /// is also tried with them as `user:pass@`.
    pub credentials: Option<(String, String)>,
}

/// The forms of a webhook URL Twilio may have signed, as received first: with Basic auth
/// in the console URL, the URL without `user:pass@`, or with it.
pub fn url_forms(url: &str, credentials: Option<&(String, String)>) -> Vec<(String, &'static str)> {
    let mut out = vec![(url.to_string(), "as received")];
    if let Ok(mut u) = url::Url::parse(url) {
        if !u.username().is_empty() || u.password().is_some() {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            out.push((u.to_string(), "without its user:pass@"));
        } else if let Some((user, pass)) = credentials {
            let _ = u.set_username(user);
            let _ = u.set_password(Some(pass));
            out.push((u.to_string(), "with the request's user:pass@"));
        }
    }
    out
}

/// The user and password of an `Authorization: Basic` header.
pub fn basic_credentials(header: Option<&str>) -> Option<(String, String)> {
    use base64::Engine;
    let b = header?.strip_prefix("Basic ")?;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (u, p) = text.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

impl Subject {
    /// A captured request: its form body becomes parameters unless the URL carries
    /// bodySHA256 or the method is GET (Twilio then signs the URL alone).
    pub fn from_capture(rec: &Captured) -> Subject {
        let body = rec.body.as_bytes().to_vec();
        let has_hash = signature::body_hash_param(&rec.url).is_some();
        let content_type = rec.header("content-type").map(str::to_string);
        let is_form =
            !has_hash && !rec.method.eq_ignore_ascii_case("GET") && !looks_like_json(&body);
        let params = if is_form {
            parse_form(&body)
        } else {
            Vec::new()
        };
        let hosts = ["host", "x-forwarded-host", "x-original-host"]
            .iter()
            .filter_map(|h| rec.header(h))
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        Subject {
            id: rec.id.clone(),
            url: rec.url.clone(),
            params,
            body,
            signature: rec.header(SIGNATURE_HEADER).map(str::to_string),
            settings: rec.header(SETTINGS_HEADER).map(str::to_string),
            content_type,
            hosts,
            credentials: basic_credentials(rec.header("authorization")),
        }
    }

    fn signed_for<'a>(&'a self, url: &'a str) -> Signed<'a> {
        Signed {
            url,
            params: &self.params,
            body: &self.body,
            signature: self.signature.as_deref(),
            settings: self.settings.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub id: String,
    pub url: String,
    pub valid: bool,
    /// For a valid request, what matched; for an invalid one, the check that failed.
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<Match>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
    /// For an invalid request: the variations that were tried and what they showed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
}

/// Checks one request and, when it fails, diagnoses it.
pub fn check(subject: &Subject, keys: &Keyring) -> Report {
    check_with(subject, keys, true)
}

/// [`check`], with the diagnosis of a failure (the expensive part: many variations of the
/// request) only when `diagnose` is set.
pub fn check_with(subject: &Subject, keys: &Keyring, diagnose: bool) -> Report {
    let forms = url_forms(&subject.url, subject.credentials.as_ref());
    let mut first = None;
    for (i, (url, form)) in forms.iter().enumerate() {
        match signature::verify(&subject.signed_for(url), keys) {
            Ok(m) => {
                let reason = if i == 0 {
                    m.to_string()
                } else {
                    format!("{m}, over the URL {form}")
                };
                return Report {
                    id: subject.id.clone(),
                    url: subject.url.clone(),
                    valid: true,
                    reason,
                    matched: Some(m),
                    failure: None,
                    hints: vec![],
                };
            }
            Err(f) if i == 0 => first = Some(f),
            Err(_) => {}
        }
    }
    let signed = subject.signed_for(&subject.url);
    let f = first.expect("the URL as received was tried first");
    let ctx = Context {
        content_type: subject.content_type.as_deref(),
        hosts: subject.hosts.iter().map(String::as_str).collect(),
        forwarded_proto: None,
    };
    let hints = if diagnose {
        diagnose::diagnose(&signed, &ctx, keys, &f)
    } else {
        Vec::new()
    };
    Report {
        id: subject.id.clone(),
        url: subject.url.clone(),
        valid: false,
        reason: f.to_string(),
        matched: None,
        failure: Some(f),
        hints,
    }
}

/// The keyring for this run: flags win over the environment and relay.toml.
pub fn keyring(args: &VerifyArgs, config: &Config) -> anyhow::Result<Keyring> {
    let configured = config.keyring();
    let mut tokens: Vec<SecretString> = configured.auth_tokens().cloned().collect();
    let mut shared: Vec<(String, SecretString)> = configured
        .shared_keys()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    if !args.auth_tokens.is_empty() {
        tokens = args.auth_tokens.iter().map(SecretString::new).collect();
    }
    if !args.shared_keys.is_empty() {
        shared = args
            .shared_keys
            .iter()
            .map(|kv| {
                kv.split_once('=')
                    .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                    .map(|(k, v)| (k.to_string(), SecretString::new(v)))
                    .ok_or_else(|| exit::input("--shared-key takes ID=SECRET, e.g. --shared-key webhooks_sharedkey_1=...".to_string()))
            })
            .collect::<anyhow::Result<_>>()?;
    }
    let keys = Keyring::new(tokens, shared);
    if keys.is_empty() {
        return Err(exit::input(
            "no auth token or shared key to check with: pass --auth-token, set TWILIO_AUTH_TOKEN, or set twilio.auth_token in relay.toml",
        ));
    }
    Ok(keys)
}

pub fn run(args: &VerifyArgs, config: &Config) -> anyhow::Result<u8> {
    let keys = keyring(args, config)?;
    let mut reports = Vec::new();
    let mut bad_lines = Vec::new();
    if let Some(path) = &args.capture {
        let file = std::fs::File::open(path).map_err(|e| {
            exit::input(format!(
                "{}: cannot open the capture file: {e}",
                path.display()
            ))
        })?;
        let records = capture::read_all(file).map_err(|e| {
            exit::input(format!(
                "{}: cannot read the capture file: {e}",
                path.display()
            ))
        })?;
        for (_, rec) in records {
            match rec {
                Ok(rec) => reports.push(check(&Subject::from_capture(&rec), &keys)),
                Err(bad) => bad_lines.push(format!("{}:{bad}", path.display())),
            }
        }
    } else {
        reports.push(check(&subject_from_flags(args)?, &keys));
    }
    print(&reports, args.json)?;
    for line in &bad_lines {
        eprintln!("relay: {line}");
    }
    if !bad_lines.is_empty() {
        eprintln!(
            "relay: {} line(s) could not be read; each line must be one JSON object (see docs/capture-format.md)",
            bad_lines.len()
        );
        return Ok(exit::INPUT);
    }
    Ok(if reports.iter().all(|r| r.valid) {
        exit::OK
    } else {
        exit::FOUND_PROBLEM
    })
}

fn subject_from_flags(args: &VerifyArgs) -> anyhow::Result<Subject> {
    let url = args
        .url
        .clone()
        .expect("clap requires --url without --capture");
    let Some(signature) = args.signature.clone() else {
        return Err(exit::input(
            "--signature is required with --url: give the X-Twilio-Signature header's value",
        ));
    };
    let mut params = Vec::new();
    for p in &args.params {
        let (k, v) = p.split_once('=').ok_or_else(|| {
            exit::input(format!(
                "--param {p:?}: write it as NAME=VALUE (the value may be empty: NAME=)"
            ))
        })?;
        params.push((k.to_string(), v.to_string()));
    }
    let mut body = Vec::new();
    if let Some(path) = &args.body_file {
        body = read_body(path)?;
        if signature::body_hash_param(&url).is_none() && !looks_like_json(&body) {
            params.extend(parse_form(&body));
        }
    }
    Ok(Subject {
        id: "1".into(),
        url,
        params,
        body,
        signature: Some(signature),
        settings: args.settings_header.clone(),
        content_type: None,
        hosts: vec![],
        credentials: None,
    })
}

fn read_body(path: &Path) -> anyhow::Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        exit::input(format!(
            "{}: cannot read the body file: {e}",
            path.display()
        ))
    })?;
    if meta.len() > MAX_BODY {
        return Err(exit::input(format!(
            "{}: {} bytes is larger than any Twilio webhook body (relay serve refuses bodies over 64 KiB; this check stops at {} bytes): is it the right file?",
            path.display(),
            meta.len(),
            MAX_BODY
        )));
    }
    std::fs::read(path).with_context(|| format!("{}: cannot read the body file", path.display()))
}

fn print(reports: &[Report], json: bool) -> anyhow::Result<()> {
    if json {
        for r in reports {
            output::json_line(r)?;
        }
        return Ok(());
    }
    let mut t = table(&["id", "url", "verdict", "reason"]);
    for r in reports {
        let mut reason = r.reason.clone();
        for h in &r.hints {
            reason.push_str("\n→ ");
            reason.push_str(h);
        }
        t.add_row(vec![
            r.id.clone(),
            r.url.clone(),
            if r.valid {
                "valid".into()
            } else {
                "INVALID".into()
            },
            reason,
        ]);
    }
    println!("{t}");
    let invalid = reports.iter().filter(|r| !r.valid).count();
    println!("{} valid, {} invalid", reports.len() - invalid, invalid);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::twilio::signature::{Algorithm, sign_request};

    #[test]
    fn basic_auth_urls_match_with_or_without_the_credentials_and_say_which() {
        let keys = Keyring::new(vec![SecretString::new("tok")], Vec::new());
        let params = vec![("Body".to_string(), "WHO".to_string())];
        let plain = "https://relay.example.com/twilio/sms";
        let with = "https://twilio:pw@relay.example.com/twilio/sms";
        let subject = |url: &str, signed_for: &str, creds: bool| Subject {
            url: url.into(),
            params: params.clone(),
            signature: Some(sign_request(
                Algorithm::HmacSha1,
                "tok",
                signed_for,
                &params,
            )),
            credentials: creds.then(|| ("twilio".to_string(), "pw".to_string())),
            ..Default::default()
        };
        let r = check(&subject(plain, plain, false), &keys);
        assert!(r.valid && !r.reason.contains("user:pass"), "{}", r.reason);
        // Signed with the credentials in the URL; the request carried them as Basic auth.
        let r = check(&subject(plain, with, true), &keys);
        assert!(r.valid, "{}", r.reason);
        assert!(
            r.reason
                .ends_with("over the URL with the request's user:pass@"),
            "{}",
            r.reason
        );
        // public_url written with credentials; Twilio signed the URL without them.
        let r = check(&subject(with, plain, false), &keys);
        assert!(
            r.reason.ends_with("over the URL without its user:pass@"),
            "{}",
            r.reason
        );
        assert!(
            !check(&subject(plain, with, false), &keys).valid,
            "no credentials, no guess"
        );
    }
}
