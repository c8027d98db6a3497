//! The `user:password@` in a URL (Twilio is given it for HTTP Basic authentication): the one
//! place that reads it, hides it for display, and takes it off links handed to others.
//! `config`, `numbers` and `serve` all use it.
//!
//! - [`without`]: the URL with no credentials at all, for every link relay texts, posts or
//!   gives out (the person or service authenticates by itself);
//! - [`shown`]: the password masked, for output that must show which user is configured;
//! - [`redact`]: every URL inside a free text masked (log lines, captures, reports).

/// A URL's scheme, its `user:password` if any, and the rest (host and path).
fn split(url: &str) -> Option<(&str, Option<&str>, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(match rest[..host_end].rsplit_once('@') {
        Some((cred, _)) => (scheme, Some(cred), &rest[cred.len() + 1..]),
        None => (scheme, None, rest),
    })
}

/// A URL without the `user:password@` Twilio is given for Basic authentication.
pub fn without(url: &str) -> String {
    match split(url) {
        Some((scheme, _, rest)) => format!("{scheme}://{rest}"),
        None => url.to_string(),
    }
}

/// Whether a URL carries credentials.
pub fn has(url: &str) -> bool {
    matches!(split(url), Some((_, Some(_), _)))
}

/// A URL as it may be shown: its password masked.
pub fn shown(url: &str) -> String {
    match split(url) {
        Some((scheme, Some(cred), rest)) => {
            let user = cred.split_once(':').map_or(cred, |(u, _)| u);
            format!("{scheme}://{user}:***@{rest}")
        }
        _ => url.to_string(),
    }
}

/// `text` with the password of every URL in it masked: for log lines, captures and
/// reports that quote URLs (a diagnosis may name several forms of one).
pub fn redact(text: &str) -> String {
    if !text.contains("://") || !text.contains('@') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // The authority ends at the first character no URL authority has.
        let end = tail
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '"' | '\'' | '<' | '>' | '`') || c.is_whitespace()
            })
            .unwrap_or(tail.len());
        match tail[..end].rsplit_once('@') {
            Some((cred, host)) => {
                let user = cred.split_once(':').map_or(cred, |(u, _)| u);
                out.push_str(&format!("{user}:***@{host}"));
            }
            None => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// For `#[serde(serialize_with)]`: an optional URL, shown with its password masked.
pub fn serialize_shown<S: serde::Serializer>(
    url: &Option<String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match url {
        Some(u) => s.serialize_some(&shown(u)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_taken_away_masked_and_found_in_text() {
        assert_eq!(
            without("https://u:p@relay.example.com/twilio/sms"),
            "https://relay.example.com/twilio/sms"
        );
        assert_eq!(
            without("https://relay.example.com/a@b"),
            "https://relay.example.com/a@b"
        );
        assert_eq!(
            shown("https://twilio:s3cret@relay.example.com/x"),
            "https://twilio:***@relay.example.com/x"
        );
        assert_eq!(
            shown("https://relay.example.com/x"),
            "https://relay.example.com/x"
        );
        assert!(has("https://a:b@h") && !has("https://h/a@b"));
        assert_eq!(
            redact(
                "403 https://tw:pw@relay.example.com/twilio/sms: signed for http://tw:pw@relay.example.com/x?y=a@b"
            ),
            "403 https://tw:***@relay.example.com/twilio/sms: signed for http://tw:***@relay.example.com/x?y=a@b"
        );
        assert_eq!(
            redact("mail a@b.c, see https://h/p"),
            "mail a@b.c, see https://h/p"
        );
        assert_eq!(redact("\"https://u:p@h\""), "\"https://u:***@h\"");
    }
}
