//! The capture format: JSON Lines, one received request per line, optionally with the
//! response relay gave. Written by `relay serve --capture`, read by `relay verify --capture`
//! and `relay replay`. See docs/capture-format.md.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Captured {
    pub id: String,
    /// RFC 3339.
    pub received_at: String,
    pub method: String,
    /// The full public URL, exactly as Twilio requested it.
    pub url: String,
    /// Lower-case header names; repeated headers joined with ", ".
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The raw body.
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<CapturedResponse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapturedResponse {
    pub status: u16,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: String,
}

/// Header names whose values never reach a capture file.
pub const REDACTED_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
];

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// Replaces secret header values with `(redacted)`.
    pub fn redact(&mut self) {
        for name in REDACTED_HEADERS {
            if let Some(v) = self.headers.get_mut(*name) {
                *v = "(redacted)".to_string();
            }
        }
    }

    pub fn to_line(&self) -> String {
        let mut s = serde_json::to_string(self).expect("a capture record always serialises");
        s.push('\n');
        s
    }
}

/// One line of a capture file that could not be read as a record.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct BadLine {
    pub line: usize,
    pub message: String,
}

/// Reads every record, with its 1-based line number. Blank lines are skipped. A line longer
/// than `max_line` bytes is reported, not read whole into memory twice.
pub fn read_all<R: Read>(reader: R) -> std::io::Result<Vec<(usize, Result<Captured, BadLine>)>> {
    let mut out = Vec::new();
    let mut reader = BufReader::new(reader);
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line += 1;
        if buf.trim_ascii().is_empty() {
            continue;
        }
        let parsed = serde_json::from_slice::<Captured>(&buf).map_err(|e| BadLine {
            line,
            message: format!("not a capture record: {e}"),
        });
        out.push((line, parsed));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_line_numbers() {
        let rec = Captured {
            id: "r1".into(),
            received_at: "2026-11-22T20:00:00Z".into(),
            method: "POST".into(),
            url: "https://x.example/twilio/sms".into(),
            headers: [("authorization".to_string(), "Basic abc".to_string())].into(),
            body: "Body=hi".into(),
            response: None,
        };
        let mut redacted = rec.clone();
        redacted.redact();
        assert_eq!(redacted.header("authorization"), Some("(redacted)"));
        let text = format!("{}\n{{oops\n{}", rec.to_line(), rec.to_line());
        let all = read_all(text.as_bytes()).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].1.as_ref().unwrap(), &rec);
        assert_eq!(all[1].1.as_ref().unwrap_err().line, 3);
        assert_eq!(all[2].0, 4);
    }
}
