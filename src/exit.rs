//! Exit codes, the same for every subcommand, so cron and scripts can act on them:
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | done; every check passed |
//! | 1 | the work ran and found a problem: an invalid signature, an inconsistent roster |
//! | 2 | relay could not start the work: usage, configuration, an unreadable or malformed input |
//! | 3 | a service relay depends on failed (store unreachable, conflict after retries): try again later |

pub const OK: u8 = 0;
pub const FOUND_PROBLEM: u8 = 1;
pub const INPUT: u8 = 2;
pub const UNAVAILABLE: u8 = 3;

/// An error that carries its exit code. Messages say what happened and what to do.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Fail {
    pub code: u8,
    pub message: String,
}

/// An input or usage error (exit 2).
pub fn input(message: impl Into<String>) -> anyhow::Error {
    Fail {
        code: INPUT,
        message: message.into(),
    }
    .into()
}

/// A dependency failed (exit 3).
pub fn unavailable(message: impl Into<String>) -> anyhow::Error {
    Fail {
        code: UNAVAILABLE,
        message: message.into(),
    }
    .into()
}

/// The exit code for an error: a [`Fail`] anywhere in the chain decides; configuration
/// errors are input errors; anything else is an input error too (relay could not do it).
pub fn code_of(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Fail>() {
            return f.code;
        }
        if cause.downcast_ref::<crate::config::ConfigError>().is_some() {
            return INPUT;
        }
        if let Some(code) = crate::store::exit_code_of(cause) {
            return code;
        }
    }
    INPUT
}

/// An error and its causes, joined with ": " (for errors from libraries that nest them).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
