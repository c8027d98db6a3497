//! `relay replay`: sends captured Twilio requests to another relay, re-signed for its URL,
//! and compares what it answers with what the capture recorded.
//!
//! The pure parts: [`plan`] turns a record into the request to send, [`compare`] turns a
//! recorded and a new answer into a verdict and a unified diff. [`run`] does the I/O.

use crate::capture::{self, Captured, CapturedResponse};
use crate::cli::ReplayArgs;
use crate::config::Config;
use crate::exit;
use crate::output;
use crate::redacted::SecretString;
use crate::twilio::params::parse_form;
use crate::twilio::signature::{
    Algorithm, SETTINGS_HEADER, SIGNATURE_HEADER, body_hash_param, sign_request,
};
use serde::Serialize;
use std::time::{Duration, Instant};

pub const IDEMPOTENCY_HEADER: &str = "i-twilio-idempotency-token";

/// How replayed requests are signed.
#[derive(Debug, Clone)]
pub enum Signer {
    /// HMAC-SHA1 with an auth token, as Twilio signs by default.
    Token(SecretString),
    /// HMAC-SHA256 with a shared key, announced in the settings header.
    SharedKey { id: String, secret: SecretString },
    /// The captured signature, untouched.
    Keep,
}

/// What [`plan`] needs besides the record.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where requests go: scheme, host and port (and an optional path prefix).
    pub to: String,
    /// The base URL the target believes it is reached at (its serve.public_url), when that
    /// is not `to`.
    pub public_url: Option<String>,
    pub signer: Signer,
    pub keep_idempotency: bool,
    /// `user:password` for a target with HTTP Basic authentication.
    pub basic_auth: Option<SecretString>,
}

/// One request, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub method: String,
    /// Where it is sent.
    pub url: String,
    /// What it is signed for.
    pub signed_url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Headers that describe the original connection or its signature, never replayed as they
/// were.
const DROPPED: &[&str] = &[
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-forwarded-port",
    "x-original-host",
    SIGNATURE_HEADER,
    SETTINGS_HEADER,
    IDEMPOTENCY_HEADER,
    "authorization",
];

/// The path and query of a captured URL (`/` when it has none).
pub fn path_and_query(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// The request to send for `rec`. `fresh_token` is the idempotency token to use when the
/// captured one is not kept.
pub fn plan(rec: &Captured, opts: &Options, fresh_token: &str) -> Outgoing {
    let pq = path_and_query(&rec.url);
    let url = format!("{}{pq}", opts.to.trim_end_matches('/'));
    let signed_url = match &opts.public_url {
        Some(base) => format!("{}{pq}", base.trim_end_matches('/')),
        None => url.clone(),
    };
    let mut headers: Vec<(String, String)> = rec
        .headers
        .iter()
        .filter(|(k, v)| !DROPPED.contains(&k.as_str()) && v.as_str() != "(redacted)")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let body = rec.body.as_bytes().to_vec();
    // A JSON body is signed through the bodySHA256 in the URL; a form body by its params.
    let params = if body_hash_param(&signed_url).is_some() {
        Vec::new()
    } else {
        parse_form(&body)
    };
    match &opts.signer {
        Signer::Keep => {
            for name in [SIGNATURE_HEADER, SETTINGS_HEADER] {
                if let Some(v) = rec.header(name) {
                    headers.push((name.to_string(), v.to_string()));
                }
            }
        }
        Signer::Token(token) => headers.push((
            SIGNATURE_HEADER.to_string(),
            sign_request(Algorithm::HmacSha1, token.expose(), &signed_url, &params),
        )),
        Signer::SharedKey { id, secret } => {
            headers.push((
                SIGNATURE_HEADER.to_string(),
                sign_request(Algorithm::HmacSha256, secret.expose(), &signed_url, &params),
            ));
            headers.push((
                SETTINGS_HEADER.to_string(),
                format!("key={id},algorithm=HMAC_SHA256"),
            ));
        }
    }
    let token = match rec.header(IDEMPOTENCY_HEADER) {
        Some(t) if opts.keep_idempotency => Some(t.to_string()),
        Some(_) => Some(fresh_token.to_string()),
        None => None,
    };
    if let Some(t) = token {
        headers.push((IDEMPOTENCY_HEADER.to_string(), t));
    }
    if let Some(cred) = &opts.basic_auth {
        use base64::Engine;
        headers.push((
            "authorization".to_string(),
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(cred.expose())
            ),
        ));
    }
    Outgoing {
        method: rec.method.clone(),
        url,
        signed_url,
        headers,
        body,
    }
}

/// How a body is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xml,
    Json,
    Text,
}

fn kind_of(content_type: Option<&str>, body: &str) -> Kind {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let t = body.trim_start();
    if ct.contains("xml") || t.starts_with("<?xml") || t.starts_with("<Response") {
        Kind::Xml
    } else if ct.contains("json") || t.starts_with('{') || t.starts_with('[') {
        Kind::Json
    } else {
        Kind::Text
    }
}

/// A body in a form where equal meaning is equal text, one line per element, attribute or
/// value: XML with attributes sorted and whitespace-only text dropped, JSON pretty-printed
/// with sorted keys. A body that does not parse as its kind is compared as text.
pub fn canonical(content_type: Option<&str>, body: &str) -> String {
    match kind_of(content_type, body) {
        Kind::Xml => canonical_xml(body).unwrap_or_else(|| body.to_string()),
        Kind::Json => serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .map(|s| s + "\n")
            .unwrap_or_else(|| body.to_string()),
        Kind::Text => body.to_string(),
    }
}

fn canonical_xml(body: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(body).ok()?;
    let mut out = String::new();
    fn walk(node: roxmltree::Node<'_, '_>, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        if node.is_element() {
            let mut attrs: Vec<(&str, &str)> =
                node.attributes().map(|a| (a.name(), a.value())).collect();
            attrs.sort();
            out.push_str(&pad);
            out.push('<');
            out.push_str(node.tag_name().name());
            for (k, v) in attrs {
                out.push_str(&format!(" {k}={v:?}"));
            }
            out.push_str(">\n");
            for child in node.children() {
                walk(child, depth + 1, out);
            }
        } else if node.is_text() {
            let t = node.text().unwrap_or("");
            if !t.trim().is_empty() {
                // Text is significant (it is what a caller hears or reads); shown quoted
                // so that a change of spacing is visible.
                out.push_str(&format!("{pad}{t:?}\n"));
            }
        }
    }
    walk(doc.root_element(), 0, &mut out);
    Some(out)
}

/// What the target answered.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

/// Waits (at most `limit`) for `to` to accept connections: a relay started in the
/// background a moment ago (`relay serve &`, then `relay replay`) is given time to bind.
/// Whatever is still wrong afterwards is the first request's error.
fn wait_for_listener(to: &str, limit: Duration) {
    let Ok(url) = url::Url::parse(to) else {
        return;
    };
    let Ok(addrs) = url.socket_addrs(|| None) else {
        return;
    };
    let Some(addr) = addrs.first() else {
        return;
    };
    let started = Instant::now();
    let mut told = false;
    while std::net::TcpStream::connect_timeout(addr, Duration::from_millis(500)).is_err() {
        if started.elapsed() >= limit {
            return;
        }
        if !told && started.elapsed() >= Duration::from_secs(1) {
            eprintln!("relay: waiting for {to} to accept connections…");
            told = true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `None` when the answer matches the recorded one (after `ignore` patterns are masked
/// out of both), else a unified diff, recorded (`-`) against replayed (`+`).
pub fn compare(
    recorded: &CapturedResponse,
    got: &Answer,
    ignore: &[regex::Regex],
    label: &str,
) -> Option<String> {
    let mask = |s: String| {
        ignore
            .iter()
            .fold(s, |s, re| re.replace_all(&s, "…").into_owned())
    };
    let rec_ct = recorded.headers.get("content-type").map(String::as_str);
    let a = mask(format!(
        "status {}\n{}",
        recorded.status,
        canonical(rec_ct, &recorded.body)
    ));
    let b = mask(format!(
        "status {}\n{}",
        got.status,
        canonical(got.content_type.as_deref(), &got.body)
    ));
    if a == b {
        return None;
    }
    Some(
        similar::TextDiff::from_lines(&a, &b)
            .unified_diff()
            .context_radius(3)
            .header(
                &format!("{label} (recorded)"),
                &format!("{label} (replayed)"),
            )
            .to_string(),
    )
}

/// `N`, `N/s` or `N/m`: the pause between two requests.
pub fn parse_rate(s: &str) -> Result<Duration, String> {
    let (n, per) = match s.split_once('/') {
        Some((n, unit)) => (
            n,
            match unit {
                "s" | "sec" => 1.0,
                "m" | "min" => 60.0,
                _ => return Err(format!("unknown unit `{unit}`: use N/s or N/m")),
            },
        ),
        None => (s, 1.0),
    };
    let n: f64 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a rate: use N/s or N/m, e.g. 5/s"))?;
    if !(n > 0.0 && n.is_finite()) {
        return Err(format!("`{s}`: the rate must be above zero"));
    }
    Ok(Duration::from_secs_f64(per / n))
}

/// One replayed request, as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub line: usize,
    pub method: String,
    pub url: String,
    pub status: Option<u16>,
    pub recorded_status: Option<u16>,
    pub millis: f64,
    /// `same`, `differs`, `unrecorded` (the capture holds no response), or `unchecked`
    /// (no `--diff`).
    pub verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn signer(args: &ReplayArgs, config: &Config) -> anyhow::Result<Signer> {
    if args.keep_signature {
        return Ok(Signer::Keep);
    }
    if let Some(kv) = &args.shared_key {
        let (id, secret) = kv
            .split_once('=')
            .filter(|(k, v)| !k.is_empty() && !v.is_empty())
            .ok_or_else(|| exit::input("--shared-key takes ID=SECRET"))?;
        return Ok(Signer::SharedKey {
            id: id.to_string(),
            secret: SecretString::new(secret),
        });
    }
    if let Some(t) = &args.token {
        return Ok(Signer::Token(SecretString::new(t)));
    }
    if let Some(t) = &config.twilio.auth_token {
        return Ok(Signer::Token(t.clone()));
    }
    Err(exit::input(
        "no token to sign the replayed requests with: pass --token (the target's auth token), set TWILIO_AUTH_TOKEN or twilio.auth_token, use --shared-key ID=SECRET, or --keep-signature to send the captured signatures",
    ))
}

fn selected(rec: &Captured, args: &ReplayArgs) -> bool {
    let only_ok = args.only.is_empty() || args.only.contains(&rec.id);
    let grep_ok = args
        .grep
        .as_ref()
        .is_none_or(|g| rec.url.contains(g.as_str()) || rec.body.contains(g.as_str()));
    only_ok && grep_ok
}

pub fn run(args: &ReplayArgs, config: &Config) -> anyhow::Result<u8> {
    let signer = signer(args, config)?;
    if !(args.to.starts_with("http://") || args.to.starts_with("https://")) {
        return Err(exit::input(format!(
            "--to {}: give the target's base URL, e.g. http://127.0.0.1:8080",
            args.to
        )));
    }
    let ignore = args
        .ignore
        .iter()
        .map(|p| regex::Regex::new(p).map_err(|e| exit::input(format!("--ignore {p:?}: {e}"))))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let pause = args
        .rate
        .as_deref()
        .map(parse_rate)
        .transpose()
        .map_err(|e| exit::input(format!("--rate: {e}")))?;
    let file = std::fs::File::open(&args.file)
        .map_err(|e| exit::input(format!("{}: {e}", args.file.display())))?;
    let records = capture::read_all(file)
        .map_err(|e| exit::input(format!("{}: {e}", args.file.display())))?;
    let mut good = Vec::new();
    let mut bad = 0;
    for (line, r) in records {
        match r {
            Ok(rec) => good.push((line, rec)),
            Err(e) => {
                bad += 1;
                eprintln!("relay: {}: {e}", args.file.display());
            }
        }
    }
    if bad > 0 && !args.skip_bad {
        return Err(exit::input(format!(
            "{}: {bad} malformed line(s), nothing sent; fix them or pass --skip-bad to replay the rest",
            args.file.display()
        )));
    }
    let chosen: Vec<(usize, Captured)> = good
        .into_iter()
        .filter(|(_, r)| selected(r, args))
        .collect();
    if chosen.is_empty() {
        return Err(exit::input(format!(
            "{}: no request to replay{}",
            args.file.display(),
            if args.only.is_empty() && args.grep.is_none() {
                ""
            } else {
                " matches --only/--grep"
            }
        )));
    }
    let opts = Options {
        to: args.to.clone(),
        public_url: args.public_url.clone(),
        signer,
        keep_idempotency: args.keep_idempotency,
        basic_auth: args.basic_auth.as_deref().map(SecretString::new),
    };
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    wait_for_listener(&args.to, Duration::from_secs(10));
    let run_id: u64 = rand::random();
    let mut rows = Vec::new();
    let mut last: Option<Instant> = None;
    let mut unreachable = None;
    for (i, (line, rec)) in chosen.iter().enumerate() {
        if let (Some(pause), Some(t)) = (pause, last)
            && let Some(wait) = pause.checked_sub(t.elapsed())
        {
            std::thread::sleep(wait);
        }
        last = Some(Instant::now());
        let out = plan(rec, &opts, &format!("replay-{run_id:016x}-{i}"));
        let method = reqwest::Method::from_bytes(out.method.as_bytes())
            .map_err(|_| exit::input(format!("line {line}: bad method {:?}", out.method)))?;
        let mut req = client.request(method, &out.url).body(out.body.clone());
        for (k, v) in &out.headers {
            req = req.header(k, v);
        }
        let started = Instant::now();
        let mut row = Row {
            id: rec.id.clone(),
            line: *line,
            method: out.method.clone(),
            url: out.url.clone(),
            status: None,
            recorded_status: rec.response.as_ref().map(|r| r.status),
            millis: 0.0,
            verdict: "unchecked",
            diff: None,
            error: None,
        };
        match req.send().and_then(|r| {
            let status = r.status().as_u16();
            let ct = r
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            r.text().map(|body| Answer {
                status,
                content_type: ct,
                body,
            })
        }) {
            Ok(answer) => {
                row.millis = started.elapsed().as_secs_f64() * 1000.0;
                row.status = Some(answer.status);
                if args.diff {
                    match &rec.response {
                        None => row.verdict = "unrecorded",
                        Some(recorded) => {
                            let label = format!("{} (line {line})", rec.id);
                            row.diff = compare(recorded, &answer, &ignore, &label);
                            row.verdict = if row.diff.is_some() {
                                "differs"
                            } else {
                                "same"
                            };
                        }
                    }
                }
            }
            Err(e) => {
                row.millis = started.elapsed().as_secs_f64() * 1000.0;
                row.error = Some(exit::chain(&e));
                unreachable = Some(format!(
                    "cannot reach {}: {}; {} of {} request(s) sent, the rest not tried (requests depend on their order)",
                    args.to,
                    exit::chain(&e),
                    i,
                    chosen.len()
                ));
            }
        }
        if args.json {
            output::json_line(&row)?;
        }
        rows.push(row);
        if unreachable.is_some() {
            break;
        }
    }
    if !args.json {
        print_table(&rows);
    }
    if let Some(msg) = unreachable {
        return Err(exit::unavailable(msg));
    }
    let differs = rows.iter().filter(|r| r.verdict == "differs").count();
    let failed = rows
        .iter()
        .filter(|r| r.status.is_some_and(|s| s >= 400))
        .count();
    if args.diff {
        if differs > 0 {
            eprintln!(
                "relay: {differs} of {} answer(s) differ from the capture",
                rows.len()
            );
            return Ok(exit::FOUND_PROBLEM);
        }
        return Ok(exit::OK);
    }
    if failed > 0 {
        eprintln!(
            "relay: {failed} of {} request(s) were refused or failed (4xx/5xx)",
            rows.len()
        );
        return Ok(exit::FOUND_PROBLEM);
    }
    Ok(exit::OK)
}

fn print_table(rows: &[Row]) {
    let mut t = output::table(&["id", "path", "status", "ms", "diff"]);
    for r in rows {
        let status = match (r.status, r.recorded_status) {
            (Some(s), Some(was)) if s != was => format!("{s} (was {was})"),
            (Some(s), _) => s.to_string(),
            (None, _) => "error".to_string(),
        };
        let marker = match r.verdict {
            "same" => "=",
            "differs" => "≠",
            "unrecorded" => "?",
            _ => "",
        };
        t.add_row(vec![
            r.id.clone(),
            path_and_query(&r.url).to_string(),
            status,
            format!("{:.1}", r.millis),
            marker.to_string(),
        ]);
    }
    println!("{t}");
    for r in rows {
        if let Some(d) = &r.diff {
            println!("{d}");
        }
        if let Some(e) = &r.error {
            println!("{} (line {}): {e}", r.id, r.line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::twilio::params::encode_form;
    use crate::twilio::signature::{Keyring, Signed, verify};

    fn rec() -> Captured {
        let params = vec![
            ("From".to_string(), "+19195551002".to_string()),
            ("Body".to_string(), "TAKE".to_string()),
        ];
        Captured {
            id: "r1".into(),
            received_at: "2026-11-22T20:00:00Z".into(),
            method: "POST".into(),
            url: "https://relay.example.com/twilio/sms?x=1".into(),
            headers: [
                ("host", "relay.example.com"),
                ("content-type", "application/x-www-form-urlencoded"),
                ("x-twilio-signature", "old"),
                ("i-twilio-idempotency-token", "idem-1"),
                ("authorization", "(redacted)"),
                ("x-forwarded-host", "elsewhere"),
                ("user-agent", "TwilioProxy/1.1"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            body: encode_form(&params),
            response: None,
        }
    }

    fn header<'a>(o: &'a Outgoing, name: &str) -> Option<&'a str> {
        o.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Does the planned request carry a signature `keys` accept for its own URL?
    fn verifies(out: &Outgoing, keys: &Keyring) -> bool {
        let params = parse_form(&out.body);
        let signed = Signed {
            url: &out.url,
            params: &params,
            body: &out.body,
            signature: header(out, SIGNATURE_HEADER),
            settings: header(out, SETTINGS_HEADER),
        };
        verify(&signed, keys).is_ok()
    }

    #[test]
    fn plans_a_request_signed_for_the_new_url() {
        let opts = Options {
            to: "http://127.0.0.1:9000/".into(),
            public_url: None,
            signer: Signer::Token(SecretString::new("t2")),
            keep_idempotency: false,
            basic_auth: None,
        };
        let out = plan(&rec(), &opts, "fresh");
        assert_eq!(out.url, "http://127.0.0.1:9000/twilio/sms?x=1");
        assert_eq!(out.signed_url, out.url);
        assert_eq!(header(&out, IDEMPOTENCY_HEADER), Some("fresh"));
        assert_eq!(header(&out, "user-agent"), Some("TwilioProxy/1.1"));
        for gone in ["host", "authorization", "x-forwarded-host"] {
            assert_eq!(header(&out, gone), None, "{gone}");
        }
        assert!(verifies(
            &out,
            &Keyring::new(vec![SecretString::new("t2")], vec![])
        ));
        // Behind another public URL, and keeping what was captured.
        let opts = Options {
            public_url: Some("https://staging.example.com".into()),
            signer: Signer::Keep,
            keep_idempotency: true,
            basic_auth: Some(SecretString::new("u:p")),
            ..opts
        };
        let out = plan(&rec(), &opts, "fresh");
        assert_eq!(out.signed_url, "https://staging.example.com/twilio/sms?x=1");
        assert_eq!(header(&out, SIGNATURE_HEADER), Some("old"));
        assert_eq!(header(&out, IDEMPOTENCY_HEADER), Some("idem-1"));
        assert_eq!(header(&out, "authorization"), Some("Basic dTpw"));
    }

    #[test]
    fn shared_key_signatures_verify() {
        let opts = Options {
            to: "http://h".into(),
            public_url: None,
            signer: Signer::SharedKey {
                id: "k1".into(),
                secret: SecretString::new("s3cret"),
            },
            keep_idempotency: false,
            basic_auth: None,
        };
        let out = plan(&rec(), &opts, "f");
        assert!(verifies(
            &out,
            &Keyring::new(vec![], vec![("k1".into(), SecretString::new("s3cret"))])
        ));
    }

    fn resp(status: u16, ct: &str, body: &str) -> CapturedResponse {
        CapturedResponse {
            status,
            headers: [("content-type".to_string(), ct.to_string())].into(),
            body: body.into(),
        }
    }

    fn answer(status: u16, ct: &str, body: &str) -> Answer {
        Answer {
            status,
            content_type: Some(ct.into()),
            body: body.into(),
        }
    }

    #[test]
    fn twiml_is_compared_as_xml() {
        let a = resp(
            200,
            "text/xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Message to="+1" from="+2">Hi</Message></Response>"#,
        );
        let same = answer(
            200,
            "text/xml",
            "<Response>\n  <Message from=\"+2\" to=\"+1\">Hi</Message>\n</Response>\n",
        );
        assert_eq!(compare(&a, &same, &[], "r"), None);
        let other = answer(
            200,
            "text/xml",
            r#"<Response><Message to="+1" from="+2">Hi!</Message></Response>"#,
        );
        let d = compare(&a, &other, &[], "r").unwrap();
        assert!(
            d.contains("-    \"Hi\"") && d.contains("+    \"Hi!\""),
            "{d}"
        );
        // A different status is a difference even with the same body.
        assert!(compare(&a, &answer(500, "text/xml", &a.body), &[], "r").is_some());
        // Masked volatile text.
        let re = [regex::Regex::new("Hi!?").unwrap()];
        assert_eq!(compare(&a, &other, &re, "r"), None);
    }

    #[test]
    fn json_is_compared_as_json_and_text_as_text() {
        let a = resp(200, "application/json", r#"{"a":1,"b":[1,2]}"#);
        assert_eq!(
            compare(
                &a,
                &answer(200, "application/json", "{\"b\": [1, 2], \"a\": 1}"),
                &[],
                "r"
            ),
            None
        );
        assert!(
            compare(
                &a,
                &answer(200, "application/json", r#"{"a":2,"b":[1,2]}"#),
                &[],
                "r"
            )
            .is_some()
        );
        let t = resp(403, "text/plain", "invalid Twilio signature\n");
        assert_eq!(
            compare(
                &t,
                &answer(403, "text/plain", "invalid Twilio signature\n"),
                &[],
                "r"
            ),
            None
        );
        assert!(compare(&t, &answer(403, "text/plain", "nope\n"), &[], "r").is_some());
    }

    #[test]
    fn rates_and_paths() {
        assert_eq!(parse_rate("5/s").unwrap(), Duration::from_millis(200));
        assert_eq!(parse_rate("2").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_rate("30/m").unwrap(), Duration::from_secs(2));
        assert!(parse_rate("0/s").is_err());
        assert!(parse_rate("fast").is_err());
        assert!(parse_rate("5/h").is_err());
        assert_eq!(path_and_query("https://a.example/x?y=1"), "/x?y=1");
        assert_eq!(path_and_query("https://a.example"), "/");
    }
}
