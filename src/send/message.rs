//! One rendered message: the creative filled from a row, then checked the way Twilio would
//! check it, before anything is sent.

use super::creative::Creative;
use crate::phone;
use serde::Serialize;

/// Twilio's limit on a message body, in characters.
pub const MAX_BODY_CHARS: usize = 1600;
/// Twilio's limit on media per message.
pub const MAX_MEDIA: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub to: String,
    /// A number or alphanumeric sender ID; `None` uses the tenant's default sender.
    pub from: Option<String>,
    pub body: String,
    pub media_urls: Vec<String>,
    pub encoding: Encoding,
    pub segments: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    #[serde(rename = "GSM-7")]
    Gsm7,
    #[serde(rename = "UCS-2")]
    Ucs2,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        })
    }
}

const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// The encoding a body needs and the number of SMS segments it takes.
pub fn segments(body: &str) -> (Encoding, usize) {
    let mut septets = 0usize;
    let mut gsm = true;
    for c in body.chars() {
        if GSM_BASIC.contains(c) {
            septets += 1;
        } else if GSM_EXTENDED.contains(c) {
            septets += 2;
        } else {
            gsm = false;
            break;
        }
    }
    if gsm {
        let n = if septets <= 160 {
            1
        } else {
            septets.div_ceil(153)
        };
        return (Encoding::Gsm7, n.max(1));
    }
    let units = body.encode_utf16().count();
    let n = if units <= 70 { 1 } else { units.div_ceil(67) };
    (Encoding::Ucs2, n.max(1))
}

/// Fills `creative` from `vars` and checks the result. Errors are one line each, without
/// the row (the caller adds where the row came from).
pub fn render(
    creative: &Creative,
    vars: &dyn Fn(&str) -> Option<String>,
    default_cc: Option<&str>,
) -> Result<Message, String> {
    let fill = |t: &super::creative::Template, what: &str| {
        t.render(vars).map_err(|name| {
            format!(
                "no value for {{{{{name}}}}} (used in {what}, creative line {})",
                t.line
            )
        })
    };
    let to_raw = fill(&creative.to, "TO")?;
    let to = phone::normalize(to_raw.trim(), default_cc)
        .map_err(|e| format!("TO {:?} is not a phone number: {e}", to_raw.trim()))?;
    let from = match &creative.from {
        Some(t) => {
            let f = fill(t, "FROM")?;
            let f = f.trim();
            Some(
                if f.starts_with('+')
                    || f.chars().all(|c| c.is_ascii_digit() || " -().".contains(c))
                {
                    phone::normalize(f, default_cc)
                        .map_err(|e| format!("FROM {f:?} is not a phone number: {e}"))?
                } else if f.len() <= 11
                    && f.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
                    && f.chars().any(|c| c.is_ascii_alphabetic())
                {
                    // An alphanumeric sender ID (up to 11 characters, at least one letter).
                    f.to_string()
                } else {
                    return Err(format!(
                        "FROM {f:?} is neither a phone number nor an alphanumeric sender ID (1-11 letters, digits, spaces)"
                    ));
                },
            )
        }
        None => None,
    };
    let media_urls: Vec<String> = match &creative.media_urls {
        Some(t) => fill(t, "MEDIA_URLS")?
            .split([',', '\n', ' ', '\t'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    };
    if media_urls.len() > MAX_MEDIA {
        return Err(format!(
            "{} media URLs; Twilio takes at most {MAX_MEDIA} per message",
            media_urls.len()
        ));
    }
    for u in &media_urls {
        match reqwest::Url::parse(u) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {}
            _ => return Err(format!("media URL {u:?} is not an http(s) URL")),
        }
    }
    let body = fill(&creative.body, "the body")?;
    let chars = body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(format!(
            "the body is {chars} characters; Twilio takes at most {MAX_BODY_CHARS}"
        ));
    }
    if body.trim().is_empty() && media_urls.is_empty() {
        return Err("the body is empty and there are no media URLs: nothing to send".into());
    }
    let (encoding, segments) = segments(&body);
    Ok(Message {
        to,
        from,
        body,
        media_urls,
        encoding,
        segments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::send::creative::parse;

    #[test]
    fn segments_follow_gsm_and_ucs2_rules() {
        assert_eq!(segments("hello"), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"a".repeat(160)), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"a".repeat(161)), (Encoding::Gsm7, 2));
        assert_eq!(segments(&"a".repeat(306)), (Encoding::Gsm7, 2));
        assert_eq!(segments(&"a".repeat(307)), (Encoding::Gsm7, 3));
        // Extended characters take two septets.
        assert_eq!(segments(&"€".repeat(80)), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"€".repeat(81)), (Encoding::Gsm7, 2));
        assert_eq!(segments("Bob is on call 👍"), (Encoding::Ucs2, 1));
        assert_eq!(segments(&"ж".repeat(70)), (Encoding::Ucs2, 1));
        assert_eq!(segments(&"ж".repeat(71)), (Encoding::Ucs2, 2));
        assert_eq!(segments(""), (Encoding::Gsm7, 1));
    }

    #[test]
    fn renders_and_validates() {
        let c = parse("TO:{{phone}};FROM:{{from}};MEDIA_URLS:{{img}};Hi {{name}}").unwrap();
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let ok = render(
            &c,
            &vars(&[
                ("phone", "(919) 555-1002"),
                ("from", "ACME"),
                ("img", "https://a.example/1.png,https://a.example/2.png"),
                ("name", "Ada"),
            ]),
            Some("1"),
        )
        .unwrap();
        assert_eq!(ok.to, "+19195551002");
        assert_eq!(ok.from.as_deref(), Some("ACME"));
        assert_eq!(ok.media_urls.len(), 2);
        assert_eq!(ok.body, "Hi Ada");
        let err = |pairs| render(&c, &vars(pairs), None).unwrap_err();
        assert!(err(&[("phone", "12")]).contains("TO \"12\""));
        assert!(
            err(&[
                ("phone", "+19195551002"),
                ("from", "+19085551212"),
                ("img", "ftp://x/y")
            ])
            .contains("ftp://x/y")
        );
        assert!(
            err(&[
                ("phone", "+19195551002"),
                ("from", "not a sender!"),
                ("img", "")
            ])
            .contains("FROM")
        );
        assert!(
            err(&[
                ("phone", "+19195551002"),
                ("from", "+19085551212"),
                ("img", "")
            ])
            .contains("{{name}}")
        );
        let long = parse("TO:+19195551002;{{b}}").unwrap();
        let b = "x".repeat(1601);
        let e = render(&long, &|_: &str| Some(b.clone()), None).unwrap_err();
        assert!(e.contains("1601 characters"), "{e}");
        let many = (0..11)
            .map(|i| format!("https://a.example/{i}.png"))
            .collect::<Vec<_>>()
            .join(",");
        let m = parse("TO:+19195551002;MEDIA_URLS:{{m}};hi").unwrap();
        assert!(
            render(&m, &|_: &str| Some(many.clone()), None)
                .unwrap_err()
                .contains("11 media URLs")
        );
    }
}
