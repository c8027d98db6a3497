//! Twilio's resource identifiers: two capital letters naming the kind, then 32 hexadecimal
//! digits (`SM…`, `CA…`, `RE…`). Every SID a client sends is checked against its kind here,
//! at the edge, before it can reach a store key, a REST path or a log line.

/// Whether `value` is a SID of one of these kinds (`["SM", "MM"]`).
pub fn is_sid(value: &str, kinds: &[&str]) -> bool {
    value.len() == 34
        && kinds.iter().any(|k| value.starts_with(k))
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The webhook parameters that carry SIDs, with the kinds each may hold.
pub const PARAMS: &[(&str, &[&str])] = &[
    ("MessageSid", &["SM", "MM"]),
    ("SmsSid", &["SM", "MM"]),
    ("SmsMessageSid", &["SM", "MM"]),
    ("AccountSid", &["AC"]),
    ("MessagingServiceSid", &["MG"]),
    ("CallSid", &["CA"]),
    ("ParentCallSid", &["CA"]),
    ("DialCallSid", &["CA"]),
    ("RecordingSid", &["RE"]),
    ("TranscriptionSid", &["TR"]),
    ("ConferenceSid", &["CF"]),
];

/// The first SID parameter whose value is not a SID of its kind, as the answer's text:
/// `RecordingSid is not a Twilio RecordingSid (RE and 32 hex digits)`. An empty value is
/// taken as absent (Twilio sends some parameters empty).
pub fn check(params: &[(String, String)]) -> Result<(), String> {
    for (name, value) in params {
        let Some((_, kinds)) = PARAMS.iter().find(|(n, _)| n == name) else {
            continue;
        };
        if !value.is_empty() && !is_sid(value, kinds) {
            return Err(format!(
                "{name} is not a Twilio {name} ({} and 32 hex digits)",
                kinds.join(" or ")
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, value: &str) -> Vec<(String, String)> {
        vec![(name.to_string(), value.to_string())]
    }

    #[test]
    fn sids_have_their_kind_and_32_hex_digits() {
        let good = "RE0123456789abcdef0123456789ABCDEF";
        assert!(is_sid(good, &["RE"]));
        assert!(!is_sid(good, &["CA"]));
        assert!(check(&p("RecordingSid", good)).is_ok());
        for bad in [
            "RE1/%2e%2e/%2e%2e/IncomingPhoneNumbers/PN0123456789abcdef0123456789abcd",
            "RE1/../../IncomingPhoneNumbers/PN1.json?x=",
            "RE0123456789abcdef0123456789abcde",
            "RE0123456789abcdef0123456789abcdeg",
            "RE0123456789abcdef0123456789abcd\r\n",
            "re0123456789abcdef0123456789abcdef",
        ] {
            let e = check(&p("RecordingSid", bad)).unwrap_err();
            assert!(e.starts_with("RecordingSid is not"), "{bad}: {e}");
        }
        assert!(check(&p("CallSid", "CA1/x")).is_err());
        assert!(check(&p("MessageSid", "MM0123456789abcdef0123456789abcdef")).is_ok());
        assert!(check(&p("DialCallSid", "")).is_ok(), "empty is absent");
        assert!(check(&p("Body", "RE/../..")).is_ok(), "not a SID parameter");
    }
}
