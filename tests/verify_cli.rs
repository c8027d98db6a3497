//! `relay verify` from the outside: exit codes, messages, diagnosis, bad input.

mod common;
use common::*;
use relay::twilio::signature::{Algorithm, sign_request};

const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

fn std_params() -> Vec<(String, String)> {
    [
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+14158675309"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

fn flag_args(params: &[(String, String)]) -> Vec<String> {
    params
        .iter()
        .map(|(k, v)| format!("--param={k}={v}"))
        .collect()
}

#[test]
fn official_vector_by_flags_and_env_token() {
    let out = run(relay()
        .env("TWILIO_AUTH_TOKEN", "12345")
        .args([
            "verify",
            "--url",
            URL,
            "--signature",
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
        ])
        .args(flag_args(&std_params())));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("valid"));
    assert!(stdout(&out).contains("1 valid, 0 invalid"));
    // The same with the must-fail signature.
    let out = run(relay()
        .env("TWILIO_AUTH_TOKEN", "12345")
        .args([
            "verify",
            "--url",
            URL,
            "--signature",
            "RSOYDt4T1cUTdK1PDd93/VVr8B9=",
        ])
        .args(flag_args(&std_params())));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("INVALID"));
}

#[test]
fn token_from_config_file_and_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("relay.toml");
    std::fs::write(&cfg, "[twilio]\nauth_token = \"12345\"\n").unwrap();
    let out = run(relay()
        .arg("--config")
        .arg(&cfg)
        .args([
            "verify",
            "--json",
            "--url",
            URL,
            "--signature",
            "kvajT1Ptam85bY51eRf/AJRuM3w=",
        ])
        .args(flag_args(&std_params())));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["matched"]["url_form"], "default_port_added");
    assert!(
        !stdout(&out).contains("12345"),
        "the token never appears in output"
    );
}

#[test]
fn diagnoses_a_proxy_that_terminated_tls() {
    let params = std_params();
    let sig = sign_request(
        Algorithm::HmacSha1,
        "12345",
        "https://relay.example.com/twilio/sms",
        &params,
    );
    let out = run(relay()
        .args([
            "verify",
            "--auth-token",
            "12345",
            "--json",
            "--url",
            "http://relay.example.com/twilio/sms",
            "--signature",
            &sig,
        ])
        .args(flag_args(&params)));
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let hints = v["hints"].to_string();
    assert!(hints.contains("with https instead of http"), "{hints}");
}

#[test]
fn diagnoses_a_changed_json_body() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("b.json");
    std::fs::write(&body, "{\"property\": \"value\", \"boolean\": true}\n").unwrap();
    let url = format!(
        "{URL}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
    );
    let out = run(relay()
        .args([
            "verify",
            "--auth-token",
            "12345",
            "--url",
            &url,
            "--signature",
            "a9nBmqA0ju/hNViExpshrM61xv4=",
            "--body-file",
        ])
        .arg(&body));
    assert_eq!(out.status.code(), Some(1));
    let s = stdout(&out);
    assert!(
        s.contains("bodySHA256") && s.contains("body was changed after signing"),
        "{s}"
    );
    // Without the trailing newline the body is the one Twilio signed.
    std::fs::write(&body, "{\"property\": \"value\", \"boolean\": true}").unwrap();
    let out = run(relay()
        .args([
            "verify",
            "--auth-token",
            "12345",
            "--url",
            &url,
            "--signature",
            "a9nBmqA0ju/hNViExpshrM61xv4=",
            "--body-file",
        ])
        .arg(&body));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn bad_input_exits_2_with_a_reason() {
    // Missing flags.
    let out = run(relay().args(["verify"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--url"), "{}", stderr(&out));
    let out = run(relay().args(["verify", "--auth-token", "x", "--url", URL]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--signature is required"),
        "{}",
        stderr(&out)
    );
    // No credentials at all.
    let out = run(relay().args(["verify", "--url", URL, "--signature", "x"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("TWILIO_AUTH_TOKEN"),
        "{}",
        stderr(&out)
    );
    // A param without '='.
    let out = run(relay().args([
        "verify",
        "--auth-token",
        "x",
        "--url",
        URL,
        "--signature",
        "x",
        "--param",
        "Body",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("NAME=VALUE"));
    // Unreadable files.
    let out = run(relay().args([
        "verify",
        "--auth-token",
        "x",
        "--capture",
        "/nonexistent/c.jsonl",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/c.jsonl"));
    let out = run(relay().args([
        "verify",
        "--auth-token",
        "x",
        "--url",
        URL,
        "--signature",
        "x",
        "--body-file",
        "/nonexistent/b",
    ]));
    assert_eq!(out.status.code(), Some(2));
    // A 10 MB body.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.bin");
    std::fs::write(&big, vec![b'a'; 10 * 1024 * 1024]).unwrap();
    let out = run(relay()
        .args([
            "verify",
            "--auth-token",
            "x",
            "--url",
            URL,
            "--signature",
            "x",
            "--body-file",
        ])
        .arg(&big));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("larger than any Twilio webhook body"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn malformed_capture_lines_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.jsonl");
    let params = std_params();
    let sig = sign_request(Algorithm::HmacSha1, "12345", URL, &params);
    let good = serde_json::json!({
        "id": "ok1", "received_at": "2026-11-22T20:00:00Z", "method": "POST", "url": URL,
        "headers": {"x-twilio-signature": sig, "content-type": "application/x-www-form-urlencoded"},
        "body": relay::twilio::params::encode_form(&params),
    });
    std::fs::write(
        &file,
        format!("{good}\n{{not json\n\n{{\"id\": 3}}\n{good}\n"),
    )
    .unwrap();
    let out = run(relay()
        .args(["verify", "--auth-token", "12345", "--capture"])
        .arg(&file));
    assert_eq!(out.status.code(), Some(2), "bad lines are an input error");
    let err = stderr(&out);
    assert!(
        err.contains("c.jsonl:line 2:") && err.contains("c.jsonl:line 4:"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("2 valid, 0 invalid"),
        "the good lines are still checked: {}",
        stdout(&out)
    );
}
