//! Human tables and machine JSON, the same way in every subcommand.

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static WIDE: AtomicBool = AtomicBool::new(false);

/// `--wide`: tables as wide as their content.
pub fn set_wide(wide: bool) {
    WIDE.store(wide, Ordering::Relaxed);
}

/// The width tables fit, `None` for unbounded: a terminal's width, else $COLUMNS, else 80
/// on a terminal that reports none (0 columns); off a terminal (a pipe, a file) tables
/// keep their whole lines unless $COLUMNS says otherwise. Never under 40, so a table
/// stays a table.
pub fn width(terminal: bool, reported: Option<u16>, columns_env: Option<&str>) -> Option<u16> {
    let columns = columns_env
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|w| *w > 0);
    let w = if terminal {
        Some(reported.filter(|w| *w > 0).or(columns).unwrap_or(80))
    } else {
        columns
    };
    w.map(|w| w.max(40))
}

/// A table with a header row, fitted to [`width`] (long cells wrap), or unbounded with
/// `--wide`. One policy for every command's tables.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_header(header.to_vec());
    let terminal = t.is_tty();
    let fit = width(
        terminal,
        terminal_width(),
        std::env::var("COLUMNS").ok().as_deref(),
    );
    match fit {
        Some(w) if !WIDE.load(Ordering::Relaxed) => {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w);
        }
        _ => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t
}

/// The terminal's width as comfy-table measures it (None off a terminal, or unknown).
fn terminal_width() -> Option<u16> {
    Table::new().width()
}

/// One JSON object on its own line, flushed (scripts read line by line).
pub fn json_line<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// A whole JSON document, pretty-printed.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A length of time as people say it: `42 s`, `7 min`, `5 h`, `3 days`.
pub fn duration_words(secs: i64) -> String {
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_fit_80_columns_when_the_terminal_reports_none() {
        assert_eq!(width(true, None, None), Some(80));
        assert_eq!(width(true, Some(0), None), Some(80), "0 columns reported");
        assert_eq!(width(true, Some(0), Some("120")), Some(120));
        assert_eq!(width(true, Some(132), Some("100")), Some(132));
        assert_eq!(
            width(true, Some(10), None),
            Some(40),
            "never squeezed to nothing"
        );
        assert_eq!(width(false, None, None), None, "a pipe keeps whole lines");
        assert_eq!(width(false, None, Some("100")), Some(100));
        let mut t = table(&["id", "what", "when", "steps", "last error"]);
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width(true, Some(0), None).unwrap());
        t.add_row(vec![
            "…0000a001".to_string(),
            "text from +19195551001".into(),
            "2026-12-04T04:05:39Z".into(),
            "media ✓ ticket ✗3 ack …".into(),
            "RT at https://rt.example.com answered 503 Service Unavailable: try again later".into(),
        ]);
        for line in t.to_string().lines() {
            assert!(line.chars().count() <= 80, "{line}");
        }
    }
}
