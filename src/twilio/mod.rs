//! Everything that speaks Twilio's side of the wire: webhook signatures and their
//! diagnosis, and the form parameters Twilio posts.

pub mod api;
pub mod diagnose;
pub mod errors;
pub mod params;
pub mod sid;
pub mod signature;
pub mod twiml;

/// A call's status once it is over (what a call status callback ends with).
pub fn call_is_over(status: &str) -> bool {
    matches!(
        status,
        "completed" | "busy" | "no-answer" | "failed" | "canceled"
    )
}
