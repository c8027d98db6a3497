//! Client-supplied text in log lines. Line breaks, other control characters (NUL, ESC) and
//! bidirectional overrides are escaped, so nothing a client sends can write a well-formed
//! fake log line or reorder one on a terminal. The one place: the access line and every log
//! line that quotes request data format it with [`Quoted`].

use std::fmt;

/// `s`, escaped for a log line when displayed.
pub struct Quoted<'a>(pub &'a str);

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
/// marks (U+200E, U+200F, U+061C).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        for c in self.0.chars() {
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\\' => f.write_str("\\\\")?,
                c if c.is_control() || is_bidi(c) => write!(f, "\\u{{{:04x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_a_client_sends_breaks_a_line_or_turns_it_around() {
        let forged = "SM1\r\n2026-12-04T00:00:00Z  INFO relay::access: POST /x 200\0\u{202e}gnp.exe\u{1b}[2J";
        let shown = Quoted(forged).to_string();
        assert!(
            !shown.contains(['\r', '\n', '\0', '\u{202e}', '\u{1b}']),
            "{shown}"
        );
        assert_eq!(
            shown,
            "SM1\\r\\n2026-12-04T00:00:00Z  INFO relay::access: POST /x 200\\u{0000}\\u{202e}gnp.exe\\u{001b}[2J"
        );
        assert_eq!(Quoted("+19195551001 ünï").to_string(), "+19195551001 ünï");
    }
}
