//! The on-call roster: who may be on call, who is, and every change to it.
//!
//! The operations on a [`Roster`] are pure (`roster + request -> change`); [`service`] does
//! the I/O: read with a version, apply, write with compare-and-swap, retry on conflict, and
//! append an audit entry. The CLI (`relay oncall`) and the SMS control line share both.

pub mod cmd;
pub mod roster;
pub mod service;
pub mod sms;

pub use roster::{Member, Person, Roster};

use crate::phone;

use serde_json::{Value, json};

pub use crate::audit::{Actor, Change, Interface};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OncallError {
    #[error("no user '{id}'; known users: {}", if known.is_empty() { "none yet (add one with `relay oncall add`)".to_string() } else { known.join(", ") })]
    UnknownUser { id: String, known: Vec<String> },
    #[error("user '{id}' already exists ({name}, {phone}); remove it first or pick another id")]
    UserExists {
        id: String,
        name: String,
        phone: String,
    },
    #[error(
        "{id} is on call; make someone else on call first (`relay oncall take OTHER`), then remove {id}"
    )]
    RemoveOnCall { id: String },
    #[error("{0}")]
    Phone(#[from] phone::PhoneError),
    #[error("{key}: {message}")]
    BadSetting { key: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

fn member_json(m: &Member) -> Value {
    json!({"id": m.id, "name": m.name, "phone": m.phone})
}

/// Settings `relay oncall set` changes, with the JSON path each lives at.
pub const SETTINGS: &[&str] = &[
    "from_phone",
    "pager_phone",
    "session_lifetime",
    "mail_settings.from_email",
    "mail_settings.to_email",
    "mail_settings.mail_server",
    "mail_settings.mail_port",
    "mail_settings.mail_use_tls",
    "mail_settings.mail_username",
    "mail_settings.mail_password",
];

impl Roster {
    /// Makes `id` on call. `None` when they already are (and the on-call copy is current).
    pub fn take(
        &mut self,
        id: &str,
        actor_id: &str,
        now: i64,
    ) -> Result<Option<Change>, OncallError> {
        let member = self.member(id)?.clone();
        let before = self.oncall().cloned();
        if before
            .as_ref()
            .is_some_and(|b| b.id == member.id && b.phone == member.phone && b.name == member.name)
        {
            return Ok(None);
        }
        let cc = &mut self.current_config;
        let mut copy = member.clone();
        copy.extra.clear();
        cc.oncall_user = Some(copy);
        cc.last_modified_time = Some(now);
        cc.last_modified_user_id = Some(actor_id.to_string());
        Ok(Some(Change {
            action: "take".into(),
            summary: format!(
                "on call: {} → {}",
                before
                    .as_ref()
                    .map_or("nobody".to_string(), |b| b.id.clone()),
                member.id
            ),
            before: json!({"oncall_user": before.as_ref().map(member_json)}),
            after: json!({"oncall_user": member_json(&member)}),
        }))
    }

    pub fn add(
        &mut self,
        id: &str,
        name: &str,
        phone_input: &str,
        cc: Option<&str>,
    ) -> Result<Change, OncallError> {
        if let Some(m) = self.users().get(id) {
            return Err(OncallError::UserExists {
                id: id.into(),
                name: m.name.clone(),
                phone: m.phone.clone(),
            });
        }
        if id.is_empty() || id.contains(char::is_whitespace) {
            return Err(OncallError::Invalid(format!(
                "user id {id:?}: use one word, e.g. alice"
            )));
        }
        let phone = phone::normalize(phone_input, cc)?;
        if let Some(other) = self.member_by_phone(&phone) {
            return Err(OncallError::Invalid(format!(
                "{phone} is already {}'s phone; texts from it could not tell them apart",
                other.id
            )));
        }
        let m = Member {
            id: id.into(),
            name: name.trim().into(),
            phone,
            extra: Default::default(),
        };
        let after = member_json(&m);
        self.available_users.users.insert(id.into(), m);
        Ok(Change {
            action: "add".into(),
            summary: format!(
                "added {id} ({})",
                after["phone"].as_str().unwrap_or_default()
            ),
            before: Value::Null,
            after,
        })
    }

    pub fn remove(&mut self, id: &str) -> Result<Change, OncallError> {
        self.member(id)?;
        if self.oncall().is_some_and(|o| o.id == id) {
            return Err(OncallError::RemoveOnCall { id: id.into() });
        }
        let m = self
            .available_users
            .users
            .remove(id)
            .expect("checked above");
        let order = &mut self.current_config.escalation_order;
        let escalated = order.iter().any(|o| o == id);
        order.retain(|o| o != id);
        Ok(Change {
            action: "remove".into(),
            summary: if escalated {
                format!("removed {id} (and from the escalation order)")
            } else {
                format!("removed {id}")
            },
            before: member_json(&m),
            after: Value::Null,
        })
    }

    /// Sets who is paged after the person on call, in order (empty: nobody). `None` when
    /// the order is unchanged.
    pub fn set_escalation(&mut self, ids: &[String]) -> Result<Option<Change>, OncallError> {
        for (i, id) in ids.iter().enumerate() {
            self.member(id)?;
            if ids[..i].contains(id) {
                return Err(OncallError::Invalid(format!(
                    "{id} is in the order twice; name each member once (rounds repeat the order)"
                )));
            }
        }
        let before = self.current_config.escalation_order.clone();
        if before == ids {
            return Ok(None);
        }
        self.current_config.escalation_order = ids.to_vec();
        let show = |v: &[String]| {
            if v.is_empty() {
                "(nobody)".to_string()
            } else {
                v.join(" → ")
            }
        };
        Ok(Some(Change {
            action: "escalation".into(),
            summary: format!("escalation order: {} → {}", show(&before), show(ids)),
            before: json!({ "escalation_order": before }),
            after: json!({ "escalation_order": ids }),
        }))
    }

    /// Sets one scalar setting. Returns `None` when the value is unchanged.
    pub fn set(
        &mut self,
        key: &str,
        value: &str,
        cc: Option<&str>,
    ) -> Result<Option<Change>, OncallError> {
        let key = key.strip_prefix("current_config.").unwrap_or(key);
        let bare_mail_key =
            !key.contains('.') && (key.starts_with("mail_") || key.ends_with("_email"));
        let key = if bare_mail_key {
            format!("mail_settings.{key}")
        } else {
            key.to_string()
        };
        if !SETTINGS.contains(&key.as_str()) {
            return Err(OncallError::BadSetting {
                key,
                message: format!(
                    "not a setting relay changes; settings: {}",
                    SETTINGS.join(", ")
                ),
            });
        }
        let bad = |message: String| OncallError::BadSetting {
            key: key.clone(),
            message,
        };
        let mut before = self.to_display_value(false);
        let cfg = &mut self.current_config;
        match key.as_str() {
            "from_phone" => cfg.from_phone = phone::normalize(value, cc)?,
            "pager_phone" => cfg.pager_phone = phone::normalize(value, cc)?,
            "session_lifetime" => {
                let n: u64 = value
                    .parse()
                    .map_err(|_| bad(format!("{value:?} is not a number of seconds")))?;
                if n == 0 {
                    return Err(bad("must be at least 1 second".into()));
                }
                cfg.session_lifetime = n;
            }
            _ => {
                let m = cfg.mail_settings.get_or_insert_with(Default::default);
                let field = key.trim_start_matches("mail_settings.");
                let text = || (!value.is_empty()).then(|| value.to_string());
                match field {
                    "from_email" => m.from_email = text(),
                    "to_email" => m.to_email = text(),
                    "mail_server" => m.mail_server = text(),
                    "mail_username" => m.mail_username = text(),
                    "mail_password" => {
                        m.mail_password = text().map(crate::redacted::SecretString::new)
                    }
                    "mail_port" => {
                        m.mail_port = Some(
                            value
                                .parse()
                                .map_err(|_| bad(format!("{value:?} is not a port number")))?,
                        )
                    }
                    "mail_use_tls" => {
                        m.mail_use_tls = Some(match value.to_ascii_lowercase().as_str() {
                            "true" | "yes" | "on" | "1" => true,
                            "false" | "no" | "off" | "0" => false,
                            _ => return Err(bad(format!("{value:?}: say true or false"))),
                        })
                    }
                    _ => unreachable!("SETTINGS lists every field"),
                }
            }
        }
        let mut after = self.to_display_value(false);
        let pointer = format!("/current_config/{}", key.replace('.', "/"));
        let b = before
            .pointer_mut(&pointer)
            .map(Value::take)
            .unwrap_or(Value::Null);
        let a = after
            .pointer_mut(&pointer)
            .map(Value::take)
            .unwrap_or(Value::Null);
        if a == b && key != "mail_settings.mail_password" {
            return Ok(None);
        }
        Ok(Some(Change {
            action: "set".into(),
            summary: format!("{key}: {} → {}", short(&b), short(&a)),
            before: json!({ key.clone(): b }),
            after: json!({ key: a }),
        }))
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::Null => "(unset)".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Roster {
        let mut r = Roster::new("+19195559876".into(), "+18002255288".into(), 300);
        r.add("alice", "Alice McAlister", "+19195551001", None)
            .unwrap();
        r.add("bob", "Bob Roberts", "+1 919 555 1002", None)
            .unwrap();
        r
    }

    #[test]
    fn take_moves_the_pager_and_stamps_who_and_when() {
        let mut r = roster();
        let c = r.take("alice", "alice", 100).unwrap().unwrap();
        assert_eq!(c.summary, "on call: nobody → alice");
        assert!(
            r.take("alice", "alice", 101).unwrap().is_none(),
            "taking it again changes nothing"
        );
        let c = r.take("bob", "carol-the-manager", 200).unwrap().unwrap();
        assert_eq!(c.summary, "on call: alice → bob");
        assert_eq!(r.oncall().unwrap().phone, "+19195551002");
        assert_eq!(r.current_config.last_modified_time, Some(200));
        assert_eq!(
            r.current_config.last_modified_user_id.as_deref(),
            Some("carol-the-manager")
        );
        assert_eq!(
            r.take("carol", "x", 1).unwrap_err().to_string(),
            "no user 'carol'; known users: alice, bob"
        );
    }

    #[test]
    fn escalation_order_is_members_once_each_after_the_person_on_call() {
        let mut r = roster();
        r.add("carol", "Carol", "+19195551003", None).unwrap();
        r.take("alice", "alice", 1).unwrap();
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let c = r.set_escalation(&ids(&["bob", "carol"])).unwrap().unwrap();
        assert_eq!(c.summary, "escalation order: (nobody) → bob → carol");
        assert!(r.set_escalation(&ids(&["bob", "carol"])).unwrap().is_none());
        assert!(matches!(
            r.set_escalation(&ids(&["bob", "dave"])),
            Err(OncallError::UnknownUser { .. })
        ));
        assert!(r.set_escalation(&ids(&["bob", "bob"])).is_err());
        let order: Vec<&str> = r.page_order().iter().map(|m| m.id.as_str()).collect();
        assert_eq!(order, ["alice", "bob", "carol"]);
        // The person on call is not paged twice when they are in the order too.
        r.take("bob", "bob", 2).unwrap();
        let order: Vec<&str> = r.page_order().iter().map(|m| m.id.as_str()).collect();
        assert_eq!(order, ["bob", "carol"]);
        let c = r.remove("carol").unwrap();
        assert_eq!(c.summary, "removed carol (and from the escalation order)");
        assert_eq!(r.current_config.escalation_order, ["bob"]);
    }

    #[test]
    fn remove_refuses_whoever_is_on_call() {
        let mut r = roster();
        r.take("alice", "alice", 1).unwrap();
        assert_eq!(
            r.remove("alice").unwrap_err(),
            OncallError::RemoveOnCall { id: "alice".into() }
        );
        r.remove("bob").unwrap();
        assert_eq!(r.users().len(), 1);
    }

    #[test]
    fn add_validates_phones_and_duplicates() {
        let mut r = roster();
        assert!(matches!(
            r.add("carol", "Carol", "919 555 1003", None),
            Err(OncallError::Phone(_))
        ));
        r.add("carol", "Carol", "919 555 1003", Some("1")).unwrap();
        assert_eq!(r.users()["carol"].phone, "+19195551003");
        assert!(matches!(
            r.add("dave", "Dave", "+19195551003", None),
            Err(OncallError::Invalid(_))
        ));
        assert!(matches!(
            r.add("alice", "A", "+447700900123", None),
            Err(OncallError::UserExists { .. })
        ));
    }

    #[test]
    fn set_changes_scalars_and_never_shows_the_password() {
        let mut r = roster();
        let c = r.set("session_lifetime", "120", None).unwrap().unwrap();
        assert_eq!(c.summary, "session_lifetime: 300 → 120");
        assert!(r.set("session_lifetime", "120", None).unwrap().is_none());
        r.set("mail_server", "smtp.example.com", None).unwrap();
        assert_eq!(
            r.current_config
                .mail_settings
                .as_ref()
                .unwrap()
                .mail_server
                .as_deref(),
            Some("smtp.example.com")
        );
        let c = r.set("mail_password", "s3cret", None).unwrap().unwrap();
        assert!(!serde_json::to_string(&c).unwrap().contains("s3cret"));
        assert!(r.set("oncall_user", "x", None).is_err());
        assert!(r.set("mail_port", "smtp", None).is_err());
        r.set("pager_phone", "+44 20 7946 0000", None).unwrap();
        assert_eq!(r.current_config.pager_phone, "+442079460000");
    }
}
