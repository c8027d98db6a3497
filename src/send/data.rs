//! Data files: one message per row, read as a stream (memory does not grow with the file).
//! CSV with a header row, or JSON Lines (one object per line; numbers and booleans are
//! used as written).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One row: its number (1 = the first data row), the line it starts on, and its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub line: usize,
    pub values: BTreeMap<String, String>,
}

/// A row that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", file.display())]
pub struct RowError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

pub enum Rows {
    Csv {
        file: PathBuf,
        reader: csv::Reader<BufReader<File>>,
        headers: Vec<String>,
        record: csv::StringRecord,
        number: usize,
    },
    Jsonl {
        file: PathBuf,
        reader: BufReader<File>,
        line: usize,
        number: usize,
        buf: String,
    },
}

/// Opens a data file; the format follows the extension (`.csv`; `.jsonl`, `.ndjson`,
/// `.json`), else the first character (`{` is JSON Lines).
pub fn open(path: &Path) -> Result<Rows, RowError> {
    let err = |line, message: String| RowError {
        file: path.to_path_buf(),
        line,
        message,
    };
    let f = File::open(path).map_err(|e| err(0, format!("cannot open: {e}")))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let jsonl = match ext.as_deref() {
        Some("csv") => false,
        Some("jsonl" | "ndjson" | "json") => true,
        _ => {
            let mut r = BufReader::new(&f);
            let first = r.fill_buf().map_err(|e| err(0, e.to_string()))?;
            first.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        }
    };
    let f = File::open(path).map_err(|e| err(0, format!("cannot open: {e}")))?;
    if jsonl {
        return Ok(Rows::Jsonl {
            file: path.to_path_buf(),
            reader: BufReader::with_capacity(64 * 1024, f),
            line: 0,
            number: 0,
            buf: String::new(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::Headers)
        .from_reader(BufReader::with_capacity(64 * 1024, f));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| err(1, format!("cannot read the CSV header row: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(err(1, "the CSV file has no header row".into()));
    }
    Ok(Rows::Csv {
        file: path.to_path_buf(),
        reader,
        headers,
        record: csv::StringRecord::new(),
        number: 0,
    })
}

impl Iterator for Rows {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Rows::Csv {
                file,
                reader,
                headers,
                record,
                number,
            } => match reader.read_record(record) {
                Ok(false) => None,
                Ok(true) => {
                    *number += 1;
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    Some(Ok(Row {
                        number: *number,
                        line,
                        values: headers
                            .iter()
                            .cloned()
                            .zip(record.iter().map(str::to_string))
                            .collect(),
                    }))
                }
                Err(e) => {
                    *number += 1;
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    // The reader cannot go on after a broken record: end here.
                    let err = RowError {
                        file: file.clone(),
                        line,
                        message: format!("row {number}: {e}"),
                    };
                    *reader = csv::Reader::from_reader(BufReader::new(
                        File::open("/dev/null").expect("/dev/null opens"),
                    ));
                    Some(Err(err))
                }
            },
            Rows::Jsonl {
                file,
                reader,
                line,
                number,
                buf,
            } => loop {
                buf.clear();
                match reader.read_line(buf) {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(e) => {
                        return Some(Err(RowError {
                            file: file.clone(),
                            line: *line + 1,
                            message: e.to_string(),
                        }));
                    }
                }
                *line += 1;
                if buf.trim().is_empty() {
                    continue;
                }
                *number += 1;
                let parsed: Result<serde_json::Map<String, serde_json::Value>, _> =
                    serde_json::from_str(buf);
                return Some(match parsed {
                    Ok(map) => Ok(Row {
                        number: *number,
                        line: *line,
                        values: map
                            .into_iter()
                            .map(|(k, v)| {
                                let v = match v {
                                    serde_json::Value::String(s) => s,
                                    serde_json::Value::Null => String::new(),
                                    other => other.to_string(),
                                };
                                (k, v)
                            })
                            .collect(),
                    }),
                    Err(e) => Err(RowError {
                        file: file.clone(),
                        line: *line,
                        message: format!("row {number}: not a JSON object: {e}"),
                    }),
                });
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_jsonl_rows_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("r.csv");
        std::fs::write(
            &csv,
            "phone,firstname\n+19195551002,Ada\n\"+1 919 555 1003\",\"Grace, RADM\"\n",
        )
        .unwrap();
        let rows: Vec<Row> = open(&csv).unwrap().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].number, 2);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].values["firstname"], "Grace, RADM");
        let jl = dir.path().join("r.jsonl");
        std::fs::write(
            &jl,
            "{\"phone\": \"+19195551002\", \"n\": 3}\n\n{oops\n{\"phone\": null}\n",
        )
        .unwrap();
        let rows: Vec<_> = open(&jl).unwrap().collect();
        assert_eq!(rows.len(), 3);
        let first = rows[0].as_ref().unwrap();
        assert_eq!(first.values["n"], "3");
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!(bad.line, 3);
        assert!(bad.to_string().contains("r.jsonl:3: row 2"), "{bad}");
        assert_eq!(rows[2].as_ref().unwrap().values["phone"], "");
        // A CSV row with the wrong number of fields is named.
        std::fs::write(&csv, "phone,firstname\n+19195551002\n").unwrap();
        let rows: Vec<_> = open(&csv).unwrap().collect();
        assert!(
            rows[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("r.csv:2: row 1")
        );
    }
}
