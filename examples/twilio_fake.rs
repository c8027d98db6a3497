//! The local Twilio Messages API fake the tests use, as a process, for `scripts/bench-send`.
//! Prints its base URL on the first line and serves until killed.
//!
//! cargo run --release --example twilio_fake -- ACCOUNT_SID AUTH_TOKEN DELAY_MS

#[path = "../tests/common/background.rs"]
mod background;
#[allow(dead_code)]
#[path = "../tests/common/twilio_fake.rs"]
mod twilio_fake;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    assert_eq!(
        a.len(),
        3,
        "usage: twilio_fake ACCOUNT_SID AUTH_TOKEN DELAY_MS"
    );
    let fake = twilio_fake::Fake::start(
        &a[0],
        &a[1],
        twilio_fake::Faults {
            delay: std::time::Duration::from_millis(a[2].parse().expect("DELAY_MS")),
            ..Default::default()
        },
    );
    println!("{}", fake.base);
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
