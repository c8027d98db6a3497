//! Creative files: the CI360 connector's plain-text message format, parsed correctly.
//!
//! ```text
//! TO:{{phone}};
//! FROM:+19085551212;
//! MEDIA_URLS:https://www.sas.com/images/logo.jpg;
//! {{firstname}}, thank you for registering for our seminar!
//! ```
//!
//! Header segments `NAME:value;` (TO, FROM, MEDIA_URLS, and the README's MEDIAL_URLS), in
//! any order, names case-insensitive, whitespace and newlines around them trimmed, each
//! ending at the first `;`. Everything after the last header is the body; it may contain
//! `;`. `{{name}}` placeholders anywhere are filled per message.

use std::collections::BTreeMap;
use std::fmt;

/// A parsed creative, placeholders still in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creative {
    pub to: Template,
    pub from: Option<Template>,
    /// Comma-separated URLs, split after rendering.
    pub media_urls: Option<Template>,
    pub body: Template,
}

/// Text with `{{name}}` placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
    /// 1-based line of the creative where this text starts.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(String),
}

/// A problem in a creative, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CreativeError {
    pub line: usize,
    pub message: String,
}

impl Template {
    pub fn parse(text: &str, line: usize) -> Result<Template, CreativeError> {
        let mut parts = Vec::new();
        let mut rest = text;
        let mut at_line = line;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            at_line += rest[..open].matches('\n').count();
            let after = &rest[open + 2..];
            let close = after.find("}}").ok_or_else(|| CreativeError {
                line: at_line,
                message: "a placeholder `{{` is never closed with `}}`".into(),
            })?;
            let name = after[..close].trim();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            {
                return Err(CreativeError {
                    line: at_line,
                    message: format!(
                        "`{{{{{}}}}}` is not a placeholder name (letters, digits, _ - .)",
                        &after[..close]
                    ),
                });
            }
            parts.push(Part::Var(name.to_string()));
            rest = &after[close + 2..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Template { parts, line })
    }

    /// The placeholder names, in order of appearance.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Text(_) => None,
        })
    }

    /// Fills the placeholders; `Err(name)` for the first one without a value.
    pub fn render(&self, vars: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => out.push_str(&vars(v).ok_or_else(|| v.clone())?),
            }
        }
        Ok(out)
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.parts {
            match p {
                Part::Text(t) => f.write_str(t)?,
                Part::Var(v) => write!(f, "{{{{{v}}}}}")?,
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Header {
    To,
    From,
    Media,
}

fn header_name(name: &str) -> Option<Header> {
    match name.trim().to_ascii_uppercase().as_str() {
        "TO" => Some(Header::To),
        "FROM" => Some(Header::From),
        "MEDIA_URLS" | "MEDIAL_URLS" | "MEDIA_URL" => Some(Header::Media),
        _ => None,
    }
}

/// Parses a creative. Headers are read while the text (after whitespace) starts with a
/// known `NAME:` and a `;` follows; the rest is the body.
pub fn parse(text: &str) -> Result<Creative, CreativeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rest = text;
    let mut consumed = 0usize;
    let line_at = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut headers: BTreeMap<&'static str, Template> = BTreeMap::new();
    loop {
        let trimmed = rest.trim_start();
        let skipped = rest.len() - trimmed.len();
        let Some(colon) = trimmed.find(':') else {
            break;
        };
        let Some(h) = header_name(&trimmed[..colon]).filter(|_| !trimmed[..colon].contains('\n'))
        else {
            break;
        };
        let Some(semi) = trimmed[colon + 1..].find(';') else {
            break;
        };
        let value_start = consumed + skipped + colon + 1;
        let raw = &trimmed[colon + 1..colon + 1 + semi];
        let value = raw.trim();
        let line = line_at(value_start + (raw.len() - raw.trim_start().len()));
        let key = match h {
            Header::To => "TO",
            Header::From => "FROM",
            Header::Media => "MEDIA_URLS",
        };
        if headers.contains_key(key) {
            return Err(CreativeError {
                line: line_at(consumed + skipped),
                message: format!("{key} is given twice"),
            });
        }
        headers.insert(key, Template::parse(value, line)?);
        let advance = skipped + colon + 1 + semi + 1;
        consumed += advance;
        rest = &rest[advance..];
    }
    let body_text = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    let body_line = line_at(consumed + (rest.len() - body_text.len()));
    let body_text = body_text.trim_end_matches(['\r', '\n']);
    let to = headers.remove("TO").ok_or_else(|| CreativeError {
        line: 1,
        message: "no TO: header (e.g. `TO:{{phone}};` on the first line)".into(),
    })?;
    let from = headers.remove("FROM").filter(|t| !t.parts.is_empty());
    let media_urls = headers.remove("MEDIA_URLS").filter(|t| !t.parts.is_empty());
    let body = Template::parse(body_text, body_line)?;
    if body.parts.is_empty() && media_urls.is_none() {
        return Err(CreativeError {
            line: body_line,
            message: "the message has no body and no MEDIA_URLS: nothing to send".into(),
        });
    }
    Ok(Creative {
        to,
        from,
        media_urls,
        body,
    })
}

impl Creative {
    /// Every placeholder name used, once each.
    pub fn vars(&self) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for t in [
            Some(&self.to),
            self.from.as_ref(),
            self.media_urls.as_ref(),
            Some(&self.body),
        ]
        .into_iter()
        .flatten()
        {
            for name in t.vars() {
                if !v.contains(&name) {
                    v.push(name);
                }
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn the_readmes_own_example() {
        let c = parse(
            "TO:{{phone}};\nFROM:+19085551212;\nMEDIAL_URLS:https://www.sas.com/images/logo.jpg;\n{{firstname}}, thank you for registering for our seminar!\n",
        )
        .unwrap();
        let v = vars(&[("phone", "+19195551002"), ("firstname", "Ada")]);
        assert_eq!(c.to.render(&v).unwrap(), "+19195551002");
        assert_eq!(c.from.unwrap().render(&v).unwrap(), "+19085551212");
        assert_eq!(
            c.media_urls.unwrap().render(&v).unwrap(),
            "https://www.sas.com/images/logo.jpg"
        );
        assert_eq!(
            c.body.render(&v).unwrap(),
            "Ada, thank you for registering for our seminar!"
        );
        assert_eq!(c.body.line, 4);
    }

    #[test]
    fn order_case_spacing_and_semicolons_in_the_body() {
        let c = parse(
            "  media_urls : https://a.example/1.png, https://a.example/2.png ;\r\n to: +1 919 555 1002;Hello; see you at 10;00.\n\n",
        )
        .unwrap();
        let v = vars(&[]);
        assert_eq!(c.to.render(&v).unwrap(), "+1 919 555 1002");
        assert_eq!(c.from, None);
        assert_eq!(
            c.media_urls.unwrap().render(&v).unwrap(),
            "https://a.example/1.png, https://a.example/2.png"
        );
        assert_eq!(c.body.render(&v).unwrap(), "Hello; see you at 10;00.");
        // A body line that looks like a header but is not a known one stays body.
        let c = parse("TO:+19195551002;\nNote: bring ID; thanks").unwrap();
        assert_eq!(c.body.render(&v).unwrap(), "Note: bring ID; thanks");
        // Multi-line bodies.
        let c = parse("TO:+19195551002;\nline one\nline two\n").unwrap();
        assert_eq!(c.body.render(&v).unwrap(), "line one\nline two");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("FROM:+19085551212;\nhello").unwrap_err();
        assert!(e.message.contains("no TO"), "{e}");
        let e = parse("TO:1;\nTO:2;\nhello").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "TO is given twice"));
        let e = parse("TO:{{phone}};\n\nHi {{first name}}").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = parse("TO:{{phone;\nHi").unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
        let e = parse("TO:+19195551002;\n").unwrap_err();
        assert!(e.message.contains("nothing to send"), "{e}");
        // A missing value names the placeholder.
        let c = parse("TO:{{phone}};\nHi {{ firstname }}").unwrap();
        assert_eq!(c.vars(), ["phone", "firstname"]);
        assert_eq!(
            c.body.render(&vars(&[("phone", "1")])).unwrap_err(),
            "firstname"
        );
    }
}
