//! Campaign names: each `relay send` run is recorded in the store under a name
//! (`send/campaigns/<name>.json`, with its tenant, creative, data file and journal), so
//! `relay send report --campaign NAME` finds it later without the journal's path.

use crate::exit;
use crate::store::{Condition, Put, Store};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const PREFIX: &str = "send/campaigns/";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub name: String,
    pub tenant: String,
    pub creative: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<PathBuf>,
    pub journal: PathBuf,
    /// RFC 3339, UTC: the first run.
    pub created: String,
    /// Whether its messages carried a status callback (serve.public_url was set).
    pub status_callback: bool,
}

/// The default name: the creative's file stem, `+` the data file's (`welcome+recipients`).
pub fn default_name(creative: &Path, data: Option<&Path>) -> String {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut name = stem(creative);
    if let Some(d) = data {
        name.push('+');
        name.push_str(&stem(d));
    }
    name
}

/// A name relay can use as a key segment: letters, digits, `.`, `_`, `-`, `+`, `@`; not
/// starting with `.`.
pub fn check_name(name: &str) -> anyhow::Result<()> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+@".contains(c));
    if ok {
        Ok(())
    } else {
        Err(exit::input(format!(
            "campaign name {name:?}: use letters, digits and . _ - + @ (e.g. --campaign spring-sale), not starting with ."
        )))
    }
}

fn key(name: &str) -> String {
    format!("{PREFIX}{name}.json")
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Campaign {
    pub fn new(
        name: &str,
        tenant: &str,
        creative: &Path,
        data: Option<&Path>,
        journal: &Path,
        status_callback: bool,
    ) -> Campaign {
        Campaign {
            name: name.to_string(),
            tenant: tenant.to_string(),
            creative: absolute(creative),
            data: data.map(absolute),
            journal: absolute(journal),
            created: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            status_callback,
        }
    }
}

/// Records a campaign (the first run) or checks a re-run is the same campaign: a name
/// already used for another journal is refused, so two campaigns never share a report.
pub async fn register(store: &Store, c: &Campaign) -> anyhow::Result<()> {
    check_name(&c.name)?;
    match store
        .put_json(&key(&c.name), c, Condition::IfAbsent)
        .await?
    {
        Put::Written(_) => Ok(()),
        Put::Conflict => match find(store, &c.name).await? {
            Some(old) if old.journal == c.journal => Ok(()),
            Some(old) => Err(exit::input(format!(
                "campaign {:?} is already the campaign of {}: give this one another name with --campaign NAME",
                c.name,
                old.journal.display()
            ))),
            None => Err(exit::unavailable(format!(
                "campaign {:?} changed while relay recorded it; try again",
                c.name
            ))),
        },
    }
}

pub async fn find(store: &Store, name: &str) -> anyhow::Result<Option<Campaign>> {
    check_name(name)?;
    Ok(store.get_json(&key(name)).await?.map(|(c, _)| c))
}

/// The campaign whose journal is `journal`, if one was recorded.
pub async fn by_journal(store: &Store, journal: &Path) -> anyhow::Result<Option<Campaign>> {
    let want = absolute(journal);
    Ok(all(store).await?.into_iter().find(|c| c.journal == want))
}

/// Every recorded campaign, by name.
pub async fn all(store: &Store) -> anyhow::Result<Vec<Campaign>> {
    let mut out = Vec::new();
    for k in store.list(PREFIX).await? {
        if let Some((c, _)) = store.get_json::<Campaign>(&k).await? {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_default_from_the_files_and_are_checked() {
        assert_eq!(
            default_name(
                Path::new("a/welcome.txt"),
                Some(Path::new("b/recipients.csv"))
            ),
            "welcome+recipients"
        );
        assert_eq!(default_name(Path::new("welcome.txt"), None), "welcome");
        assert!(check_name("welcome+recipients").is_ok());
        assert!(check_name("spring-sale_2026").is_ok());
        for bad in ["", ".hidden", "a/b", "a b"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }
}
