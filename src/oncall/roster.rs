//! The roster document: oncall-twilio's JSON, field for field.
//!
//! ```json
//! {"available_users": {"users": {"alice": {"id": "alice", "name": "...", "phone": "+1..."}}},
//!  "current_config": {"from_phone", "pager_phone", "oncall_user": {id, name, phone},
//!                     "mail_settings": {...}, "session_lifetime", "last_modified_time",
//!                     "last_modified_user_id"}}
//! ```
//!
//! Fields relay does not know are kept (`extra`) and written back unchanged, so a team can
//! point relay at the file oncall-twilio uses today.

use crate::phone;
use crate::redacted::SecretString;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    pub available_users: AvailableUsers,
    pub current_config: CurrentConfig,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AvailableUsers {
    #[serde(default)]
    pub users: BTreeMap<String, Member>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub phone: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A member as a call or a page remembers them: who, and the number used.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub phone: String,
}

impl From<&Member> for Person {
    fn from(m: &Member) -> Person {
        Person {
            id: m.id.clone(),
            name: m.name.clone(),
            phone: m.phone.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentConfig {
    /// The control number members text (WHO, TAKE, HALP).
    pub from_phone: String,
    /// The number customers call to leave a message.
    pub pager_phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oncall_user: Option<Member>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_settings: Option<MailSettings>,
    /// Seconds a TAKE waits for its confirmation.
    #[serde(default = "default_session_lifetime")]
    pub session_lifetime: u64,
    /// Epoch seconds of the last on-call change.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "epoch_seconds"
    )]
    pub last_modified_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_user_id: Option<String>,
    /// relay's own: who is paged after the person on call when a page is not
    /// acknowledged, in order (member ids). Absent from oncall-twilio's files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalation_order: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub fn default_session_lifetime() -> u64 {
    300
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MailSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_email: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::redacted::serialize_exposed"
    )]
    pub mail_password: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_server: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_use_tls: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_email: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// oncall-twilio writes integers; a float (Python's `time.time()`) is accepted too.
fn epoch_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let n: Option<serde_json::Number> = Option::deserialize(d)?;
    Ok(n.and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))))
}

impl Roster {
    /// A new, empty roster.
    pub fn new(from_phone: String, pager_phone: String, session_lifetime: u64) -> Roster {
        Roster {
            available_users: AvailableUsers::default(),
            current_config: CurrentConfig {
                from_phone,
                pager_phone,
                oncall_user: None,
                mail_settings: None,
                session_lifetime,
                last_modified_time: None,
                last_modified_user_id: None,
                escalation_order: Vec::new(),
                extra: Map::new(),
            },
            extra: Map::new(),
        }
    }

    pub fn users(&self) -> &BTreeMap<String, Member> {
        &self.available_users.users
    }

    /// The member with this id, or an error that lists who exists.
    pub fn member(&self, id: &str) -> Result<&Member, super::OncallError> {
        self.users()
            .get(id)
            .ok_or_else(|| super::OncallError::UnknownUser {
                id: id.to_string(),
                known: self.users().keys().cloned().collect(),
            })
    }

    /// The member whose phone is `phone` (both normalised).
    pub fn member_by_phone(&self, phone: &str) -> Option<&Member> {
        self.users().values().find(|m| m.phone == phone)
    }

    pub fn oncall(&self) -> Option<&Member> {
        self.current_config.oncall_user.as_ref()
    }

    /// Who a page goes to, in order: the person on call, then the escalation order
    /// (members no longer in the roster, and the person on call, left out).
    pub fn page_order(&self) -> Vec<&Member> {
        let mut out: Vec<&Member> = Vec::new();
        let on = self.oncall().and_then(|o| self.users().get(&o.id));
        out.extend(on);
        for id in &self.current_config.escalation_order {
            if let Some(m) = self.users().get(id)
                && !out.iter().any(|o| o.id == m.id)
            {
                out.push(m);
            }
        }
        out
    }

    /// The document as printed: the mail password as `(redacted)` unless `show_secrets`.
    pub fn to_display_value(&self, show_secrets: bool) -> Value {
        let mut v = serde_json::to_value(self).expect("a roster always serialises");
        if !show_secrets
            && let Some(pw) = v.pointer_mut("/current_config/mail_settings/mail_password")
        {
            *pw = Value::String("(redacted)".into());
        }
        v
    }

    /// Everything wrong with the document, as sentences; empty when it is consistent.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let cc = &self.current_config;
        for (key, m) in self.users() {
            if key != &m.id {
                out.push(format!(
                    "available_users.users.{key} has id {:?}; the key and the id must be the same",
                    m.id
                ));
            }
            if !phone::is_e164(&m.phone) {
                out.push(format!(
                    "{key}'s phone {:?} is not an E.164 number (+ and country code, digits only)",
                    m.phone
                ));
            }
            if let Some(other) = self
                .users()
                .values()
                .find(|o| o.id < m.id && o.phone == m.phone)
            {
                out.push(format!(
                    "{} and {} share the phone {}: texts from it cannot tell them apart",
                    other.id, m.id, m.phone
                ));
            }
        }
        for (field, value) in [
            ("from_phone", &cc.from_phone),
            ("pager_phone", &cc.pager_phone),
        ] {
            // No pager_phone: no pager line (an alert-only or control-line-only team).
            let no_pager_line = field == "pager_phone" && value.is_empty();
            if !no_pager_line && !phone::is_e164(value) {
                out.push(format!(
                    "current_config.{field} {value:?} is not an E.164 number"
                ));
            }
        }
        match &cc.oncall_user {
            None if self.users().is_empty() => out.push("no members yet, so nobody is on call: `relay oncall add ID --name NAME --phone NUMBER`, then `relay oncall take ID`".into()),
            None => out.push("nobody is on call (current_config.oncall_user is missing): run `relay oncall take USER`".into()),
            Some(on) => match self.users().get(&on.id) {
                None => out.push(format!(
                    "the on-call user {:?} is not in available_users (known: {})",
                    on.id,
                    self.users().keys().cloned().collect::<Vec<_>>().join(", ")
                )),
                Some(m) => {
                    if m.phone != on.phone {
                        out.push(format!(
                            "the on-call copy of {} has phone {} but the member's phone is {}: pages would go to the wrong number; `relay oncall take {}` rewrites the copy",
                            on.id, on.phone, m.phone, on.id
                        ));
                    }
                    if m.name != on.name {
                        out.push(format!("the on-call copy of {} has name {:?} but the member's name is {:?}", on.id, on.name, m.name));
                    }
                }
            },
        }
        for id in &cc.escalation_order {
            if !self.users().contains_key(id) {
                out.push(format!(
                    "current_config.escalation_order names {id:?}, who is not a member: pages skip them; `relay oncall escalation set` rewrites the order"
                ));
            }
        }
        if cc.session_lifetime == 0 {
            out.push(
                "current_config.session_lifetime is 0: a TAKE could never be confirmed".into(),
            );
        }
        if let Some(mail) = &cc.mail_settings {
            for (field, v) in [
                ("to_email", &mail.to_email),
                ("mail_server", &mail.mail_server),
            ] {
                if v.as_deref().is_none_or(str::is_empty) {
                    out.push(format!("current_config.mail_settings.{field} is empty: voicemail copies cannot be emailed"));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README of oncall-twilio, verbatim.
    pub const SEED: &str = r#"{
    "available_users": {
        "users": {
            "alice": {"id": "alice", "name": "Alice McAlister", "phone": "+19195551001"},
            "bob": {"id": "bob", "name": "Bob Roberts", "phone": "+19195551002"}
        }
    },
    "current_config": {
        "from_phone": "+19195559876",
        "last_modified_time": 1611602242,
        "last_modified_user_id": "alice",
        "mail_settings": {
            "from_email": "oncall@example.com",
            "mail_password": "ktmyastgLYrB5bkpNdsx",
            "mail_port": 25,
            "mail_server": "smtp.example.com",
            "mail_use_tls": true,
            "mail_username": "oncall_pager_smtp",
            "to_email": "sre@example.com"
        },
        "oncall_user": {"id": "alice", "name": "Alice McAlister", "phone": "+9195551001"},
        "pager_phone": "+18002255288",
        "session_lifetime": 300
    }
}"#;

    #[test]
    fn reads_the_seed_and_reports_its_inconsistency() {
        let r: Roster = serde_json::from_str(SEED).unwrap();
        assert_eq!(r.users().len(), 2);
        assert_eq!(r.oncall().unwrap().id, "alice");
        let problems = r.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("+9195551001") && problems[0].contains("+19195551001"));
    }

    #[test]
    fn round_trips_unknown_fields_and_secrets() {
        let mut v: Value = serde_json::from_str(SEED).unwrap();
        v["team"] = "sre".into();
        v["current_config"]["escalation"] = serde_json::json!({"after": 600});
        v["available_users"]["users"]["bob"]["slack"] = "@bob".into();
        let r: Roster = serde_json::from_value(v.clone()).unwrap();
        let back = serde_json::to_value(&r).unwrap();
        assert_eq!(back, v, "every field survives a read and a write");
        assert!(
            !format!("{r:?}").contains("ktmyastg"),
            "Debug never shows the mail password"
        );
        let shown = r.to_display_value(false);
        assert_eq!(
            shown["current_config"]["mail_settings"]["mail_password"],
            "(redacted)"
        );
        assert_eq!(
            r.to_display_value(true)["current_config"]["mail_settings"]["mail_password"],
            "ktmyastgLYrB5bkpNdsx"
        );
    }
}
