//! `relay trigger sms|call`: Twilio's own webhooks, signed, sent to a relay, without a
//! phone — like twilio-cli's `webhook:invoke` and the Stripe CLI's `trigger`.
//!
//! `sms` posts every parameter Twilio sends for an inbound SMS/MMS and prints the TwiML
//! answer. `call` plays a call: it posts the incoming-call webhook and follows the TwiML as
//! Twilio would — `<Gather>` with the given digits, `<Redirect>`, `<Record>` (its action,
//! its recording status callback, its transcription callback), `<Dial>` (not answered) —
//! printing what the caller hears, step by step. Each request is signed for the URL Twilio
//! would have been given (serve.public_url) and carries a fresh idempotency token;
//! `--capture FILE` appends each exchange in the capture format, for `relay replay`.

use crate::capture::{Captured, CapturedResponse};
use crate::cli::{TriggerArgs, TriggerCommand};
use crate::config::Config;
use crate::exit;
use crate::output;
use crate::twilio::params::encode_form;
use crate::twilio::signature::{Algorithm, SIGNATURE_HEADER, sign_request};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// Steps a call may take before relay stops following it.
const MAX_STEPS: usize = 40;

fn hex(n: usize) -> String {
    (0..n)
        .map(|_| format!("{:x}", rand::random::<u8>() & 15))
        .collect()
}

/// A fresh SID with this prefix, as Twilio makes them (2 letters, 32 hex digits).
fn sid(prefix: &str) -> String {
    format!("{prefix}{}", hex(32))
}

/// Where requests go, what they are signed for, and with what.
struct Sender {
    http: reqwest::blocking::Client,
    /// Where relay listens (requests go here).
    base: String,
    /// The URL Twilio would have been given (signatures are computed over it).
    public: String,
    token: String,
    capture: Option<std::fs::File>,
}

/// One exchange.
#[derive(Debug)]
struct Exchange {
    url: String,
    status: u16,
    body: String,
}

impl Sender {
    fn new(args: &TriggerArgs, config: &Config) -> anyhow::Result<Sender> {
        let token = config
            .twilio
            .auth_token
            .as_ref()
            .map(|t| t.expose().to_string())
            .ok_or_else(|| {
                exit::input(
                    "signing Twilio's requests needs the auth token: set TWILIO_AUTH_TOKEN or twilio.auth_token",
                )
            })?;
        let base = args
            .url
            .clone()
            .or_else(|| config.serve.public_url.clone())
            .unwrap_or_else(|| format!("http://{}", config.serve.listen))
            .trim_end_matches('/')
            .to_string();
        let public = args
            .public_url
            .clone()
            .or_else(|| config.serve.public_url.clone())
            .unwrap_or_else(|| base.clone())
            .trim_end_matches('/')
            .to_string();
        let capture = match &args.capture {
            Some(p) => Some(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .map_err(|e| exit::input(format!("{}: {e}", p.display())))?,
            ),
            None => None,
        };
        Ok(Sender {
            http: reqwest::blocking::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            base,
            public,
            token,
            capture,
        })
    }

    /// The URL a request to `path` is signed for.
    fn signed_for(&self, path: &str) -> String {
        format!("{}{path}", self.public)
    }

    /// The same, for a URL this sender requested.
    fn signed_for_url(&self, url: &str) -> String {
        match url.strip_prefix(&self.base) {
            Some(path) => self.signed_for(path),
            None => url.to_string(),
        }
    }

    /// POSTs `params` to `path` (and query), signed for the public URL of it.
    fn post(&mut self, path: &str, params: &[(String, String)]) -> anyhow::Result<Exchange> {
        let url = format!("{}{path}", self.base);
        let signed_for = format!("{}{path}", self.public);
        let sig = sign_request(Algorithm::HmacSha1, &self.token, &signed_for, params);
        let body = encode_form(params);
        let idem = format!("trigger-{}", hex(24));
        // Twilio's headers, as sent and as captured.
        let headers: BTreeMap<String, String> = [
            ("content-type", "application/x-www-form-urlencoded"),
            ("user-agent", "TwilioProxy/1.1"),
            (SIGNATURE_HEADER, sig.as_str()),
            ("i-twilio-idempotency-token", idem.as_str()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
        let mut req = self.http.post(&url).body(body.clone());
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        let resp = req
            .send()
            .map_err(|e| exit::unavailable(format!("cannot reach {url}: {e}")))?;
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = resp.text().unwrap_or_default();
        if let Some(f) = &mut self.capture {
            let rec = Captured {
                id: crate::serve::capture_id(),
                received_at: humantime::format_rfc3339_millis(std::time::SystemTime::now())
                    .to_string(),
                method: "POST".into(),
                url: signed_for.clone(),
                headers,
                body,
                response: Some(CapturedResponse {
                    status,
                    headers: [("content-type".to_string(), content_type)].into(),
                    body: text.clone(),
                }),
            };
            f.write_all(rec.to_line().as_bytes())?;
        }
        Ok(Exchange {
            url: signed_for,
            status,
            body: text,
        })
    }
}

fn pairs(list: &[(&str, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

pub fn run(args: &TriggerArgs, config: &Config) -> anyhow::Result<u8> {
    let mut sender = Sender::new(args, config)?;
    let account = config
        .twilio
        .account_sid
        .clone()
        .unwrap_or_else(|| sid("AC"));
    let cc = config.oncall.default_country_code.as_deref();
    let number =
        |n: &str| crate::phone::normalize(n, cc).map_err(|e| exit::input(format!("{n:?}: {e}")));
    match &args.command {
        TriggerCommand::Sms {
            to,
            from,
            body,
            media,
        } => {
            let (to, from) = (number(to)?, number(from)?);
            let msid = sid(if media.is_empty() { "SM" } else { "MM" });
            let mut params = pairs(&[
                ("ToCountry", "US".into()),
                ("ToState", "".into()),
                ("SmsMessageSid", msid.clone()),
                ("NumMedia", media.len().to_string()),
                ("ToCity", "".into()),
                ("FromZip", "".into()),
                ("SmsSid", msid.clone()),
                ("FromState", "".into()),
                ("SmsStatus", "received".into()),
                ("FromCity", "".into()),
                ("Body", body.clone()),
                ("FromCountry", "US".into()),
                ("To", to),
                ("ToZip", "".into()),
                ("NumSegments", "1".into()),
                ("MessageSid", msid.clone()),
                ("AccountSid", account),
                ("From", from),
                ("ApiVersion", "2010-04-01".into()),
            ]);
            for (i, url) in media.iter().enumerate() {
                params.push((format!("MediaUrl{i}"), url.clone()));
                params.push((format!("MediaContentType{i}"), "image/jpeg".into()));
            }
            let ex = sender.post("/twilio/sms", &params)?;
            let messages = said(&ex.body, "Message");
            if args.json {
                output::json(&serde_json::json!({
                    "url": ex.url, "status": ex.status, "twiml": ex.body, "messages": messages,
                }))?;
            } else {
                println!("POST {} → {}", ex.url, ex.status);
                if let Some(why) = explain(ex.status, &ex.body, &sender.signed_for("/twilio/sms")) {
                    eprintln!("relay: {why}");
                } else if messages.is_empty() {
                    println!("(no reply)");
                }
                for m in &messages {
                    println!("reply: {m}");
                }
            }
            Ok(if (200..300).contains(&ex.status) {
                exit::OK
            } else {
                exit::FOUND_PROBLEM
            })
        }
        TriggerCommand::Call {
            to,
            from,
            digits,
            record_seconds,
            transcript,
        } => {
            let call = Call {
                call_sid: sid("CA"),
                account,
                to: number(to)?,
                from: number(from)?,
                digits: digits
                    .iter()
                    .flat_map(|d| d.split(','))
                    .map(|d| d.trim().to_string())
                    .filter(|d| !d.is_empty())
                    .collect(),
                record_seconds: *record_seconds,
                transcript: transcript.clone(),
            };
            let steps = play(&mut sender, call)?;
            let failed = steps.iter().any(|s| !(200..300).contains(&s.status));
            if args.json {
                output::json(&steps)?;
            } else {
                for s in &steps {
                    println!("POST {} → {}", s.url, s.status);
                    for h in &s.heard {
                        println!("  {h}");
                    }
                }
                if let Some(s) = steps
                    .iter()
                    .find(|s| s.status != 0 && !(200..300).contains(&s.status))
                    && let Some(why) = explain(s.status, &s.body, &sender.signed_for_url(&s.url))
                {
                    eprintln!("relay: {why}");
                }
            }
            Ok(if failed {
                exit::FOUND_PROBLEM
            } else {
                exit::OK
            })
        }
    }
}

/// What relay's non-2xx answer means, for a person: what it said, and the likely causes
/// with what to do. `signed_for` is the URL the request was signed for.
pub fn explain(status: u16, body: &str, signed_for: &str) -> Option<String> {
    if (200..300).contains(&status) {
        return None;
    }
    let said = body.trim();
    let said = if said.is_empty() || said.starts_with('<') {
        String::new()
    } else {
        format!(" (\"{}\")", said.lines().next().unwrap_or(""))
    };
    let why = match status {
        401 => "the URL needs Basic-auth credentials: relay has [serve.basic_auth] users, so give --url https://USER:PASSWORD@host".to_string(),
        403 => format!(
            "the signature did not match: trigger signed for {signed_for} with the auth token it found (TWILIO_AUTH_TOKEN or twilio.auth_token); relay serve must have the same token, and the same public URL (its serve.public_url, or --public-url here). relay serve's log says which part differs"
        ),
        404 => "relay has no route or no role for this: add the number under [numbers] in relay.toml (\"+1…\" = \"tickets\", \"alert\", \"pager\" or \"oncall\"), or give the roster's numbers (`relay oncall show`); check the path too".to_string(),
        400 => "relay refused the request's parameters: see what it said".to_string(),
        503 => "relay is busy or its store is unreachable: try again; relay serve's log says which".to_string(),
        s if s >= 500 => "relay failed: relay serve's log has the error".to_string(),
        _ => "see relay serve's log".to_string(),
    };
    Some(format!("relay answered {status}{said}: {why}"))
}

/// The text of every `element` in a TwiML document, in order.
fn said(xml: &str, element: &str) -> Vec<String> {
    roxmltree::Document::parse(xml)
        .map(|d| {
            d.descendants()
                .filter(|n| n.has_tag_name(element))
                .map(|n| n.text().unwrap_or("").trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

struct Call {
    call_sid: String,
    account: String,
    to: String,
    from: String,
    digits: std::collections::VecDeque<String>,
    record_seconds: Option<u32>,
    transcript: Option<String>,
}

/// One request of a call and what the caller heard from its answer.
#[derive(Debug, Serialize)]
struct Step {
    url: String,
    status: u16,
    heard: Vec<String>,
    /// relay's answer (for [`explain`]; the JSON has what was heard).
    #[serde(skip)]
    body: String,
}

/// A TwiML URL (relative or absolute) resolved against the request that returned it, as a
/// path and query on relay.
fn resolve(current_path: &str, target: &str) -> Option<String> {
    let base = url::Url::parse("http://relay.invalid")
        .ok()?
        .join(current_path)
        .ok()?;
    let u = base.join(target).ok()?;
    Some(match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    })
}

fn play(sender: &mut Sender, mut call: Call) -> anyhow::Result<Vec<Step>> {
    let common = |c: &Call, status: &str| -> Vec<(&'static str, String)> {
        vec![
            ("AccountSid", c.account.clone()),
            ("ApiVersion", "2010-04-01".into()),
            ("CallSid", c.call_sid.clone()),
            ("CallStatus", status.into()),
            ("Called", c.to.clone()),
            ("Caller", c.from.clone()),
            ("Direction", "inbound".into()),
            ("From", c.from.clone()),
            ("To", c.to.clone()),
        ]
    };
    let mut steps = Vec::new();
    // Callbacks Twilio makes on its own (recording status, transcription): after the call.
    let mut later: Vec<(String, Vec<(&'static str, String)>)> = Vec::new();
    let mut next: Option<(String, Vec<(&'static str, String)>)> =
        Some(("/twilio/voice".into(), common(&call, "ringing")));
    while let Some((path, params)) = next.take() {
        if steps.len() >= MAX_STEPS {
            steps.push(Step {
                url: path,
                status: 0,
                heard: vec![format!("(stopped after {MAX_STEPS} steps)")],
                body: String::new(),
            });
            break;
        }
        let ex = sender.post(&path, &pairs(&params))?;
        let mut heard = Vec::new();
        if let Ok(doc) = roxmltree::Document::parse(&ex.body) {
            let verbs = doc.root_element().children().filter(|n| n.is_element());
            'verbs: for v in verbs {
                let attr = |name: &str| v.attribute(name).map(str::to_string);
                match v.tag_name().name() {
                    "Say" => heard.push(format!("hears: {}", v.text().unwrap_or("").trim())),
                    "Play" => heard.push("hears a recording".into()),
                    "Pause" => {}
                    "Hangup" => {
                        heard.push("relay hangs up".into());
                        break 'verbs;
                    }
                    "Reject" => {
                        heard.push("relay rejects the call".into());
                        break 'verbs;
                    }
                    "Gather" => {
                        for s in v.descendants().filter(|n| n.has_tag_name("Say")) {
                            heard.push(format!("hears: {}", s.text().unwrap_or("").trim()));
                        }
                        let action = attr("action").unwrap_or_else(|| path.clone());
                        let on_empty = attr("actionOnEmptyResult").as_deref() == Some("true");
                        let digits = match call.digits.pop_front() {
                            Some(d) => {
                                heard.push(format!("presses {d}"));
                                d
                            }
                            None if on_empty => {
                                heard.push("presses nothing".into());
                                String::new()
                            }
                            None => {
                                heard.push("presses nothing".into());
                                continue;
                            }
                        };
                        let mut p = common(&call, "in-progress");
                        p.push(("Digits", digits));
                        next = resolve(&path, &action).map(|a| (a, p));
                        break 'verbs;
                    }
                    "Redirect" => {
                        let target = v.text().unwrap_or("").trim().to_string();
                        next = resolve(&path, &target).map(|a| (a, common(&call, "in-progress")));
                        break 'verbs;
                    }
                    "Dial" => {
                        let who: Vec<String> = v
                            .children()
                            .filter(|n| n.is_element())
                            .map(|n| {
                                format!("{} {}", n.tag_name().name(), n.text().unwrap_or("").trim())
                            })
                            .collect();
                        heard.push(format!("is connected to {}", who.join(", ")));
                        if let Some(action) = attr("action") {
                            heard.push("nobody answers".into());
                            let mut p = common(&call, "in-progress");
                            p.push(("DialCallStatus", "no-answer".into()));
                            next = resolve(&path, &action).map(|a| (a, p));
                        }
                        break 'verbs;
                    }
                    "Record" => {
                        let Some(seconds) = call.record_seconds.take() else {
                            heard.push("records nothing and hangs up".into());
                            break 'verbs;
                        };
                        heard.push(format!("speaks for {seconds} s"));
                        let rec_sid = sid("RE");
                        let rec_url = format!(
                            "https://api.twilio.com/2010-04-01/Accounts/{}/Recordings/{rec_sid}",
                            call.account
                        );
                        let recording = |mut p: Vec<(&'static str, String)>| {
                            p.push(("RecordingSid", rec_sid.clone()));
                            p.push(("RecordingUrl", rec_url.clone()));
                            p.push(("RecordingDuration", seconds.to_string()));
                            p
                        };
                        // The recording's status callback and the transcription come on
                        // their own, after the action.
                        let mut after = Vec::new();
                        if let Some(cb) = attr("recordingStatusCallback") {
                            let mut p = recording(common(&call, "in-progress"));
                            p.push(("RecordingStatus", "completed".into()));
                            after.extend(resolve(&path, &cb).map(|a| (a, p)));
                        }
                        if let (Some(cb), Some(text)) =
                            (attr("transcribeCallback"), &call.transcript)
                        {
                            let mut p = recording(common(&call, "completed"));
                            p.push(("TranscriptionSid", sid("TR")));
                            p.push(("TranscriptionStatus", "completed".into()));
                            p.push(("TranscriptionText", text.clone()));
                            after.extend(resolve(&path, &cb).map(|a| (a, p)));
                        }
                        later.extend(after);
                        let mut p = recording(common(&call, "in-progress"));
                        p.push(("Digits", "#".into()));
                        let action = attr("action").unwrap_or_else(|| path.clone());
                        next = resolve(&path, &action).map(|a| (a, p));
                        break 'verbs;
                    }
                    _ => {}
                }
            }
        }
        steps.push(Step {
            url: ex.url,
            status: ex.status,
            heard,
            body: ex.body,
        });
    }
    for (a, p) in later {
        let ex = sender.post(&a, &pairs(&p))?;
        steps.push(Step {
            url: ex.url,
            status: ex.status,
            heard: vec!["(Twilio's callback)".into()],
            body: ex.body,
        });
    }
    Ok(steps)
}
