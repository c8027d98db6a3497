//! The SMS control line, as pure decisions: (command, sender, roster, pending TAKE, now) in,
//! (replies, state changes) out. The server does the I/O around [`decide`].
//!
//! Replies are oncall-twilio's, word for word where it had one. Unlike it, commands are whole
//! words (its substring match made "mistake" a TAKE), and the pending TAKE lives in the store,
//! not in a cookie, so it survives a restart and works across relays.

use super::{Member, Roster};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Who,
    Take,
    Confirm,
    Cancel,
    Help,
    Unknown,
}

/// Whole words, case- and whitespace-insensitive; a trailing `.` or `!` is forgiven.
pub fn parse(body: &str) -> Command {
    let word = body
        .trim()
        .trim_end_matches(['.', '!'])
        .trim()
        .to_ascii_uppercase();
    match word.as_str() {
        "WHO" => Command::Who,
        "TAKE" => Command::Take,
        "C" | "YES" | "Y" => Command::Confirm,
        "X" | "NO" | "N" => Command::Cancel,
        "HALP" | "HELP" | "?" => Command::Help,
        _ => Command::Unknown,
    }
}

/// A TAKE waiting for its confirmation, stored per sender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingTake {
    pub user_id: String,
    pub requested_at: i64,
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingChange {
    Keep,
    Set(PendingTake),
    Clear,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub replies: Vec<String>,
    pub pending: PendingChange,
    /// Make the sender on call (the server does it with compare-and-swap).
    pub take: bool,
    /// Whether the message was a command relay understood (resets the nonsense counter).
    pub understood: bool,
}

pub fn format_time(epoch: Option<i64>) -> String {
    match epoch {
        Some(t) if t > 0 => humantime::format_rfc3339_seconds(
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(t as u64),
        )
        .to_string(),
        _ => "at an unknown time".into(),
    }
}

fn current(roster: &Roster) -> String {
    roster.oncall().map_or("nobody".to_string(), |m| {
        format!("{} <{}>", m.name, m.phone)
    })
}

/// Decides what a member's text means. `pending` is the sender's own pending TAKE, if any.
pub fn decide(
    cmd: Command,
    sender: &Member,
    roster: &Roster,
    pending: Option<&PendingTake>,
    now: i64,
) -> Decision {
    let lifetime = roster.current_config.session_lifetime;
    let name = &sender.name;
    let reply = |replies: Vec<String>, pending| Decision {
        replies,
        pending,
        take: false,
        understood: true,
    };
    match cmd {
        Command::Who => {
            let cc = &roster.current_config;
            let mut replies = vec![match roster.oncall() {
                Some(m) => format!("Current on-call engineer: {} <{}>.", m.name, m.phone),
                None => "Nobody is on call. Text TAKE to take it.".to_string(),
            }];
            replies.push(format!(
                "Last modified {} by {}.",
                format_time(cc.last_modified_time),
                cc.last_modified_user_id.as_deref().unwrap_or("unknown")
            ));
            reply(replies, PendingChange::Keep)
        }
        Command::Help => reply(
            vec![format!(
                "Hi there, {name}. Commands I understand:\nTAKE - become the on-call engineer (confirm with C)\nWHO - who is on call\nHALP - this list"
            )],
            PendingChange::Keep,
        ),
        Command::Take => {
            if roster.oncall().is_some_and(|m| m.id == sender.id) {
                return reply(
                    vec![format!("You are already on call, {name}. Nothing changes.")],
                    PendingChange::Clear,
                );
            }
            reply(
                vec![format!(
                    "{name} to be made on-call engineer (now: {}), reply C to confirm or X to cancel within {lifetime} seconds",
                    current(roster)
                )],
                PendingChange::Set(PendingTake {
                    user_id: sender.id.clone(),
                    requested_at: now,
                    expires_at: now + lifetime as i64,
                }),
            )
        }
        Command::Confirm => match pending {
            Some(p) if p.user_id == sender.id && now <= p.expires_at => Decision {
                replies: vec![match roster.current_config.pager_phone.as_str() {
                    // No pager line: nothing to test by calling.
                    "" => format!("Okay, {name}, you are now on call."),
                    pager => format!(
                        "Okay, {name}, you are now on call. Please leave a message at {pager} to complete the flow and test delivery."
                    ),
                }],
                pending: PendingChange::Clear,
                take: true,
                understood: true,
            },
            Some(p) => reply(
                vec![format!(
                    "Your TAKE from {} expired after {} seconds; nothing changes. Issue TAKE again and confirm within {lifetime} seconds.",
                    format_time(Some(p.requested_at)),
                    p.expires_at - p.requested_at
                )],
                PendingChange::Clear,
            ),
            None => reply(
                vec![format!(
                    "No session. Issue TAKE again and confirm within {lifetime} seconds."
                )],
                PendingChange::Keep,
            ),
        },
        Command::Cancel => reply(
            vec![format!(
                "Okay, {name}, nothing changes: {} remains on call.",
                current(roster)
            )],
            if pending.is_some() {
                PendingChange::Clear
            } else {
                PendingChange::Keep
            },
        ),
        Command::Unknown => Decision {
            replies: vec![format!(
                "Sorry, {name}, I only understand TAKE, WHO and HALP. Text HALP for help."
            )],
            pending: PendingChange::Keep,
            take: false,
            understood: false,
        },
    }
}

/// The text sent to the previous on-call person after a confirmed TAKE.
pub fn handover_notice(new: &Member) -> String {
    format!(
        "{} <{}> is now the on-call engineer; you are off call.",
        new.name, new.phone
    )
}

/// After this many messages in a row that relay could not answer, it stops replying to the
/// sender until a valid command (GoAlert's guard against auto-responders).
pub const MAX_UNANSWERABLE: u32 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Roster {
        let mut r = Roster::new("+19195559876".into(), "+18002255288".into(), 300);
        r.add("alice", "Alice McAlister", "+19195551001", None)
            .unwrap();
        r.add("bob", "Bob Roberts", "+19195551002", None).unwrap();
        r.take("alice", "alice", 1_611_602_242).unwrap();
        r
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(parse("  take "), Command::Take);
        assert_eq!(parse("Take!"), Command::Take);
        assert_eq!(parse("mistake"), Command::Unknown);
        assert_eq!(parse("who is on call"), Command::Unknown);
        assert_eq!(parse("yes"), Command::Confirm);
        assert_eq!(parse("?"), Command::Help);
    }

    #[test]
    fn the_take_exchange() {
        let r = roster();
        let bob = r.users()["bob"].clone();
        let d = decide(Command::Take, &bob, &r, None, 1000);
        assert_eq!(
            d.replies,
            [
                "Bob Roberts to be made on-call engineer (now: Alice McAlister <+19195551001>), reply C to confirm or X to cancel within 300 seconds"
            ]
        );
        let PendingChange::Set(p) = d.pending else {
            panic!()
        };
        assert_eq!(p.expires_at, 1300);
        let d = decide(Command::Confirm, &bob, &r, Some(&p), 1300);
        assert!(d.take);
        assert_eq!(
            d.replies[0],
            "Okay, Bob Roberts, you are now on call. Please leave a message at +18002255288 to complete the flow and test delivery."
        );
        let late = decide(Command::Confirm, &bob, &r, Some(&p), 1301);
        assert!(
            !late.take
                && late.replies[0].contains("expired")
                && late.pending == PendingChange::Clear
        );
        let none = decide(Command::Confirm, &bob, &r, None, 1000);
        assert_eq!(
            none.replies,
            ["No session. Issue TAKE again and confirm within 300 seconds."]
        );
        let x = decide(Command::Cancel, &bob, &r, Some(&p), 1000);
        assert_eq!(
            x.replies,
            ["Okay, Bob Roberts, nothing changes: Alice McAlister <+19195551001> remains on call."]
        );
        assert_eq!(x.pending, PendingChange::Clear);
    }

    #[test]
    fn who_help_and_nonsense() {
        let r = roster();
        let alice = r.users()["alice"].clone();
        let d = decide(Command::Who, &alice, &r, None, 0);
        assert_eq!(
            d.replies,
            [
                "Current on-call engineer: Alice McAlister <+19195551001>.",
                "Last modified 2021-01-25T19:17:22Z by alice."
            ]
        );
        assert!(
            decide(Command::Help, &alice, &r, None, 0).replies[0]
                .starts_with("Hi there, Alice McAlister. Commands I understand:")
        );
        assert_eq!(
            decide(Command::Take, &alice, &r, None, 0).replies,
            ["You are already on call, Alice McAlister. Nothing changes."]
        );
        assert!(!decide(Command::Unknown, &alice, &r, None, 0).understood);
    }
}
