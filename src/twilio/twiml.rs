//! TwiML, built by a small typed builder that escapes every text and attribute.
//!
//! Handlers never concatenate XML. Answers always have a `<Response>` root (an empty
//! `<Response/>` when nothing is to be said: Twilio logs an empty body as an error) and stay
//! under Twilio's 64 kB limit: message bodies are cut at Twilio's 1,600 characters.

use std::fmt::Write;

/// Twilio refuses TwiML documents over 64 kB.
pub const MAX_TWIML_BYTES: usize = 64_000;
/// Twilio's limit for one message body.
pub const MAX_MESSAGE_CHARS: usize = 1600;

/// The path-relative reference from the route Twilio called (`here`) to `path`: Twilio
/// resolves it against the URL it called, so the follow-up keeps that URL's scheme, host,
/// any path prefix a proxy adds, and its Basic-auth `user:pass@`.
pub fn relative(here: &str, path: &str) -> String {
    let dir = &here[..here.rfind('/').map_or(0, |i| i + 1)];
    let mut from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (file, to_dirs) = to.split_last().map_or(("", &[][..]), |(f, d)| (*f, d));
    let common = from.iter().zip(to_dirs).take_while(|(a, b)| a == b).count();
    from.drain(..common);
    let mut out = "../".repeat(from.len());
    for d in &to_dirs[common..] {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(file);
    out
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    verbs: Vec<Verb>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verb {
    Message {
        body: String,
        to: Option<String>,
    },
    Say {
        text: String,
    },
    Pause {
        seconds: u32,
    },
    Hangup,
    /// `<Gather>` one or more digits, saying `prompt` meanwhile, then POST to `action`.
    /// With `on_empty`, silence posts to `action` too (with no Digits) instead of going on
    /// to the next verb.
    Gather {
        num_digits: u32,
        timeout: u32,
        action: String,
        prompt: String,
        on_empty: bool,
    },
    /// `<Record>`: `action` gets the caller afterwards; `status_callback` gets the
    /// recording's `completed` / `absent` events.
    Record {
        max_length: u32,
        finish_on_key: String,
        action: String,
        status_callback: String,
        /// Ask for a transcription, posted here (recordings of 2 s to 2 min only).
        transcribe_callback: Option<String>,
    },
    /// `<Redirect>`: fetch the next TwiML from `url` (POST).
    Redirect {
        url: String,
    },
    /// `<Dial><Conference>`: put the caller into the named conference.
    Conference {
        name: String,
    },
    /// `<Dial>` a number, then POST to `action` with DialCallStatus.
    Dial {
        number: String,
        timeout: u32,
        action: String,
        caller_id: Option<String>,
    },
}

impl Response {
    pub fn new() -> Response {
        Response::default()
    }

    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty()
    }

    pub fn verbs(&self) -> &[Verb] {
        &self.verbs
    }

    /// A reply to the sender.
    pub fn message(mut self, body: impl Into<String>) -> Response {
        self.verbs.push(Verb::Message {
            body: clip(body.into()),
            to: None,
        });
        self
    }

    /// A message to another number (Twilio sends it from the number that was texted).
    pub fn message_to(mut self, to: impl Into<String>, body: impl Into<String>) -> Response {
        self.verbs.push(Verb::Message {
            body: clip(body.into()),
            to: Some(to.into()),
        });
        self
    }

    pub fn say(mut self, text: impl Into<String>) -> Response {
        self.verbs.push(Verb::Say { text: text.into() });
        self
    }

    pub fn pause(mut self, seconds: u32) -> Response {
        self.verbs.push(Verb::Pause { seconds });
        self
    }

    pub fn verb(mut self, verb: Verb) -> Response {
        self.verbs.push(verb);
        self
    }

    pub fn hangup(mut self) -> Response {
        self.verbs.push(Verb::Hangup);
        self
    }

    /// The document. Verbs past the 64 kB limit are dropped rather than sending TwiML that
    /// Twilio would refuse whole.
    pub fn to_xml(&self) -> String {
        let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        if self.verbs.is_empty() {
            out.push_str("<Response/>");
            return out;
        }
        out.push_str("<Response>");
        for verb in &self.verbs {
            let mut v = String::new();
            match verb {
                Verb::Message { body, to } => {
                    v.push_str("<Message");
                    if let Some(to) = to {
                        let _ = write!(v, r#" to="{}""#, escape(to));
                    }
                    let _ = write!(v, ">{}</Message>", escape(body));
                }
                Verb::Say { text } => {
                    let _ = write!(v, "<Say>{}</Say>", escape(text));
                }
                Verb::Pause { seconds } => {
                    let _ = write!(v, r#"<Pause length="{seconds}"/>"#);
                }
                Verb::Hangup => v.push_str("<Hangup/>"),
                Verb::Gather {
                    num_digits,
                    timeout,
                    action,
                    prompt,
                    on_empty,
                } => {
                    let _ = write!(
                        v,
                        r#"<Gather numDigits="{num_digits}" timeout="{timeout}" action="{}" method="POST"{}><Say>{}</Say></Gather>"#,
                        escape(action),
                        if *on_empty {
                            r#" actionOnEmptyResult="true""#
                        } else {
                            ""
                        },
                        escape(prompt)
                    );
                }
                Verb::Record {
                    max_length,
                    finish_on_key,
                    action,
                    status_callback,
                    transcribe_callback,
                } => {
                    let _ = write!(
                        v,
                        r#"<Record maxLength="{max_length}" finishOnKey="{}" playBeep="true" action="{}" method="POST" recordingStatusCallback="{}" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed absent""#,
                        escape(finish_on_key),
                        escape(action),
                        escape(status_callback)
                    );
                    if let Some(t) = transcribe_callback {
                        let _ = write!(
                            v,
                            r#" transcribe="true" transcribeCallback="{}""#,
                            escape(t)
                        );
                    }
                    v.push_str("/>");
                }
                Verb::Redirect { url } => {
                    let _ = write!(v, r#"<Redirect method="POST">{}</Redirect>"#, escape(url));
                }
                Verb::Conference { name } => {
                    let _ = write!(
                        v,
                        r#"<Dial><Conference startConferenceOnEnter="true" endConferenceOnExit="false">{}</Conference></Dial>"#,
                        escape(name)
                    );
                }
                Verb::Dial {
                    number,
                    timeout,
                    action,
                    caller_id,
                } => {
                    v.push_str("<Dial");
                    let _ = write!(
                        v,
                        r#" timeout="{timeout}" action="{}" method="POST""#,
                        escape(action)
                    );
                    if let Some(c) = caller_id {
                        let _ = write!(v, r#" callerId="{}""#, escape(c));
                    }
                    let _ = write!(v, "><Number>{}</Number></Dial>", escape(number));
                }
            }
            if out.len() + v.len() + "</Response>".len() > MAX_TWIML_BYTES {
                break;
            }
            out.push_str(&v);
        }
        out.push_str("</Response>");
        out
    }
}

fn clip(body: String) -> String {
    match body.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => {
            let mut s = body[..cut].to_string();
            s.pop();
            s.push('…');
            s
        }
        None => body,
    }
}

/// Escapes text and attribute values; drops characters XML 1.0 cannot carry.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_escaped() {
        assert_eq!(
            Response::new().to_xml(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#
        );
        let x = Response::new()
            .message("a < b & \"c\" 'd' \u{1}é")
            .message_to("+1555", "hi")
            .to_xml();
        assert_eq!(
            x,
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Message>a &lt; b &amp; &quot;c&quot; &apos;d&apos; é</Message><Message to="+1555">hi</Message></Response>"#
        );
        assert!(
            Response::new()
                .say("x")
                .pause(1)
                .hangup()
                .to_xml()
                .ends_with(r#"<Say>x</Say><Pause length="1"/><Hangup/></Response>"#)
        );
    }

    #[test]
    fn stays_under_twilio_limits() {
        let long = "x".repeat(5000);
        let r = Response::new().message(long.clone());
        match &r.verbs()[0] {
            Verb::Message { body, .. } => assert_eq!(body.chars().count(), MAX_MESSAGE_CHARS),
            other => panic!("{other:?}"),
        }
        let mut big = Response::new();
        for _ in 0..100 {
            big = big.message(long.clone());
        }
        let xml = big.to_xml();
        assert!(xml.len() <= MAX_TWIML_BYTES && xml.ends_with("</Response>"));
    }
}
