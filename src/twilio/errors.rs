//! What Twilio's messaging error codes mean, for reports: the codes a campaign meets most,
//! in Twilio's words (shortened); every code links to Twilio's page for it.

/// Twilio's page for an error code.
pub fn link(code: u32) -> String {
    format!("https://www.twilio.com/docs/api/errors/{code}")
}

/// A short meaning for the codes campaigns meet; `None` for others (see [`link`]).
pub fn meaning(code: u32) -> Option<&'static str> {
    Some(match code {
        21211 => "invalid 'To' phone number",
        21408 => "permission to send to this region is not enabled",
        21610 => "the recipient replied STOP (unsubscribed)",
        21612 => "this 'To' number cannot be reached from this 'From' number",
        21614 => "'To' is not a mobile number",
        21617 => "the body exceeds 1600 characters",
        30001 => "queue overflow: sent faster than the sender's throughput",
        30002 => "account suspended",
        30003 => "unreachable destination handset (off, or out of coverage)",
        30004 => "message blocked (by the recipient or their carrier)",
        30005 => "unknown destination handset (the number does not exist)",
        30006 => "landline or unreachable carrier",
        30007 => "carrier filtering: the message was flagged as spam",
        30008 => "unknown error from the carrier",
        30009 => "missing inbound segment (MMS)",
        30010 => "message price exceeds MaxPrice",
        30017 => "carrier network congestion",
        30018 => "destination carrier requires sender ID pre-registration",
        30019 => "content size exceeds the carrier's limit",
        30022 => "US A2P 10DLC: the campaign's throughput limit was exceeded",
        30023 => "US A2P 10DLC: the daily message cap was reached",
        30032 => "toll-free number has not been verified",
        30034 => "US A2P 10DLC: the sending number is not registered to a campaign",
        30044 => "the message's validity period expired before delivery",
        _ => return None,
    })
}
