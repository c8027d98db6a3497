//! Everything that speaks Twilio's side of the wire: webhook signatures and their
//! diagnosis, and the form parameters Twilio posts.

pub mod api;
pub mod diagnose;
pub mod errors;
pub mod params;
pub mod sid;
pub mod signature;
pub mod twiml;
