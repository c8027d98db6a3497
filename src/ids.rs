//! Ids a person can type. Records relay makes have long ids (`20261204T040539-RE…`, 50
//! characters): every command that takes one accepts any unique part of it that a person
//! would copy — a prefix, the end (what tables show), or the start of one of its `-`/`/`
//! separated parts (a RecordingSid, a CallSid) — and tables show the short form.

use crate::exit;

/// The shortest end of an id tables show (longer where two listed ids share it).
pub const SHORT: usize = 8;

/// Whether `given` names `id`: the whole id, its start, its end, or the start of one of
/// its parts.
fn names(id: &str, given: &str) -> bool {
    id == given
        || id.starts_with(given)
        || id.ends_with(given)
        || id.split(['-', '/']).any(|part| part.starts_with(given))
}

/// The one id among `ids` that `given` names; `what` names the kind ("alert") and `list`
/// the command that lists them, for the errors. An exact match wins over partial ones.
pub fn resolve<'a>(
    given: &str,
    ids: impl IntoIterator<Item = &'a str>,
    what: &str,
    list: &str,
) -> anyhow::Result<String> {
    let given = given.trim();
    let mut found: Vec<&str> = Vec::new();
    for id in ids {
        if id == given {
            return Ok(id.to_string());
        }
        if !given.is_empty() && names(id, given) {
            found.push(id);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(exit::input(format!(
            "no {what} {given}: `{list}` shows their ids (any unique part of one will do)"
        ))),
        many => {
            let shown: Vec<&str> = many.iter().take(10).copied().collect();
            Err(exit::input(format!(
                "{given} could be any of {} {what}s: {}{}; give more of the id",
                many.len(),
                shown.join(", "),
                if many.len() > shown.len() {
                    ", …"
                } else {
                    ""
                }
            )))
        }
    }
}

/// Each id's short form for a table: its last [`SHORT`] characters, more where another
/// listed id ends the same way, the whole id when it is short anyway. Linear in the ids
/// (tails counted by length), so a list of thousands stays instant.
pub fn short_forms(ids: &[&str]) -> Vec<String> {
    let chars: Vec<Vec<char>> = ids.iter().map(|id| id.chars().collect()).collect();
    let mut out: Vec<Option<String>> = vec![None; ids.len()];
    let mut n = SHORT;
    while out.iter().any(Option::is_none) {
        let tail = |c: &[char]| -> String { c[c.len().saturating_sub(n)..].iter().collect() };
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for c in &chars {
            *seen.entry(tail(c)).or_default() += 1;
        }
        for (i, c) in chars.iter().enumerate() {
            if out[i].is_some() {
                continue;
            }
            if c.len() <= n {
                out[i] = Some(ids[i].to_string());
            } else if seen[&tail(c)] == 1 {
                out[i] = Some(format!("…{}", tail(c)));
            }
        }
        n += 1;
    }
    out.into_iter().flatten().collect()
}

/// An id as typed from a table: the short form's `…` left off.
pub fn typed(given: &str) -> &str {
    given.trim().trim_start_matches('…')
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: &[&str] = &[
        "20261204T040539-RE0000000000000000000000000000a001",
        "20261204T040539-RE0000000000000000000000000000b002",
        "20261203T221000-RE00000000000000000000000000ccc003",
    ];

    #[test]
    fn unique_parts_resolve_and_ambiguous_ones_list_the_candidates() {
        let r = |g: &str| resolve(g, IDS.iter().copied(), "alert", "relay alerts list");
        assert_eq!(r(IDS[0]).unwrap(), IDS[0]);
        assert_eq!(r("0000a001").unwrap(), IDS[0], "the end, as tables show it");
        assert_eq!(r("20261203").unwrap(), IDS[2], "a unique prefix");
        assert_eq!(
            r("RE00000000000000000000000000ccc").unwrap(),
            IDS[2],
            "the start of the RecordingSid"
        );
        let e = r("20261204T040539").unwrap_err().to_string();
        assert!(
            e.contains("could be any of 2 alerts") && e.contains(IDS[0]) && e.contains(IDS[1]),
            "{e}"
        );
        let e = r("nothing-like-it").unwrap_err().to_string();
        assert!(
            e.contains("no alert nothing-like-it: `relay alerts list`"),
            "{e}"
        );
        assert!(r("").is_err());
    }

    #[test]
    fn short_forms_are_unique_and_resolve_back() {
        let short = short_forms(IDS);
        assert_eq!(short[0], "…0000a001");
        for (s, id) in short.iter().zip(IDS) {
            assert!(s.chars().count() <= SHORT + 1);
            let back = resolve(typed(s), IDS.iter().copied(), "alert", "x").unwrap();
            assert_eq!(&back, id);
        }
        // Two ids ending alike get longer forms; short ids stay whole.
        let alike = ["A-xx12345678", "B-yy12345678", "42"];
        let short = short_forms(&alike);
        assert_eq!(short, ["…x12345678", "…y12345678", "42"]);
    }
}
