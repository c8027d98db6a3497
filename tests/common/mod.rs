//! Helpers shared by the integration tests: the real binary, the test command's services.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn relay() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_relay"));
    // Tests never pick up the developer's own configuration or credentials.
    c.env_remove("RELAY_CONFIG")
        .env_remove("TWILIO_AUTH_TOKEN")
        .env_remove("TWILIO_ACCOUNT_SID")
        .env_remove("TWILIO_API_KEY")
        .env_remove("TWILIO_API_SECRET")
        .env("XDG_CONFIG_HOME", "/nonexistent-relay-test")
        // Without a configuration file relay keeps its data in $XDG_DATA_HOME/relay: never
        // the developer's, and not shared between commands unless a test says so.
        .env(
            "XDG_DATA_HOME",
            std::env::temp_dir().join(format!("relay-test-data-{:016x}", rand::random::<u64>())),
        );
    c
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the relay binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// True under the README's test command (scripts/test), which provides every service; then a
/// missing service is a failure, not a skip.
pub fn strict() -> bool {
    std::env::var_os("RELAY_TEST_STRICT").is_some()
}

/// An environment variable set by scripts/test, or `None` (with a note) outside it.
pub fn service(var: &str, what: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            assert!(
                !strict(),
                "{var} is not set: scripts/test should have provided {what}"
            );
            eprintln!("skipping: {var} not set ({what}); run scripts/test for the full suite");
            None
        }
    }
}

/// The Python interpreter of the test venv (with twilio, boto3, moto, aiosmtpd).
pub fn python() -> Option<String> {
    service(
        "RELAY_TEST_PYTHON",
        "the test venv's python with the twilio package",
    )
}

pub fn support(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("support")
        .join(name)
}

/// Creates a bucket on the test S3 server (with the venv's boto3, so the store under test
/// is not its own fixture).
pub fn create_bucket(endpoint: &str, bucket: &str) {
    let py = python().expect("the test venv is needed for S3 tests");
    let ok = Command::new(py)
        .args(["-c", "import boto3,sys; boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing').create_bucket(Bucket=sys.argv[2])"])
        .args([endpoint, bucket])
        .status()
        .unwrap();
    assert!(ok.success(), "could not create bucket {bucket}");
}
/// A loopback port nobody listens on (for a service the test starts).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls `ok` every 100 ms until it holds; fails after `secs` seconds naming `what`.
pub fn wait_for(what: &str, secs: u64, mut ok: impl FnMut() -> bool) {
    let t = std::time::Instant::now();
    while !ok() {
        assert!(
            t.elapsed() < std::time::Duration::from_secs(secs),
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

pub mod alert_fakes;
pub mod background;
pub mod chaos;
pub mod mailroom;
pub mod paging;
pub mod rt;
pub mod server;
pub mod twilio_fake;
