//! relay: one binary beside your Twilio numbers.
//!
//! The binary is a thin shell over this library, so benchmarks and tests reach the same
//! code: `twilio` (signatures, parameters), `config`, `capture`, and one module per
//! subcommand.

pub mod alert;
pub mod audit;
pub mod capture;
pub mod cli;
pub mod config;
pub mod doctor;
pub mod durable;
pub mod exit;
pub mod generation;
pub mod ids;
pub mod log_safe;
pub mod numbers;
pub mod oncall;
pub mod optout;
pub mod output;
pub mod page;
pub mod pager;
pub mod phone;
pub mod redacted;
pub mod replay;
pub mod retention;
pub mod send;
pub mod serve;
pub mod store;
pub mod ticketer;
pub mod tickets;
pub mod trigger;
pub mod twilio;
pub mod url_credentials;
pub mod verify;
