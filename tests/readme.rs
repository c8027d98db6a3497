//! README's quick start, run verbatim: its shell blocks, with `cargo run --` as the built
//! binary, in an empty directory beside the checkout's examples, as a user whose login is
//! not the captures' (`example`). Every command must exit 0, so the README cannot drift
//! from the tool again. (The one liberty: `relay serve` listens on a free port, not 8080.)

use std::process::Command;

/// The shell blocks of README's "Quick start" section, joined.
fn quick_start() -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("\n## Quick start\n")
        .nth(1)
        .expect("README has a Quick start section");
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut script = String::new();
    for block in section.split("```sh\n").skip(1) {
        script.push_str(&block[..block.find("```").expect("a closed block")]);
    }
    script
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn the_quick_start_runs_as_written() {
    let script = quick_start();
    assert!(script.contains("cargo run -- serve &"), "{script}");
    let port = free_port();
    let script = script
        .replace(
            "cargo run -- serve &",
            &format!("cargo run -- serve --listen 127.0.0.1:{port} &"),
        )
        .replace("127.0.0.1:8080", &format!("127.0.0.1:{port}"))
        .replace("cargo run --", env!("CARGO_BIN_EXE_relay"));
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples"),
        dir.path().join("examples"),
    )
    .unwrap();
    // Every command checked; the background relay stopped however the script ends.
    let wrapped =
        format!("set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n{script}");
    let out = Command::new("bash")
        .arg("-c")
        .arg(&wrapped)
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .env("HOME", dir.path())
        .env("USER", "quickstart-reader")
        .env("LOGNAME", "quickstart-reader")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "the quick start failed ({}):\n{wrapped}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    // It did what it says: the signature verified, bob took the rotation by text, the
    // campaign was checked without sending.
    assert!(stdout.contains("bob"), "{stdout}");
    assert!(!stdout.contains("differs"), "{stdout}");
}
