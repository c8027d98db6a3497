//! `relay serve` on the open internet: stalled clients cannot crowd out Twilio, every
//! request gets an access line (JSON for log shippers, no phone numbers), `/metrics` parses
//! as OpenMetrics and moves, and `config check` warns about links that would be dead.

mod common;
use common::server::*;
use common::*;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Whether the server has closed `s` (EOF or reset, after any answer it sent).
fn closed_by_server(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn stalled_clients_do_not_keep_twilio_out() {
    let metrics_port = free_port();
    let mut r = Relay::new(
        None,
        &format!(
            "head_timeout = 2\nbody_timeout = 3\nmax_connections_per_peer = 100\n[serve.metrics]\nlisten = \"127.0.0.1:{metrics_port}\"\n"
        ),
    );
    r.start(&[]);
    let addr = r.base.trim_start_matches("http://").to_string();

    // 2,000 connections from 127.0.0.1: half never finish their head, half send a head
    // announcing a body that never comes.
    let mut stalled = Vec::new();
    for i in 0..2000 {
        let Ok(mut s) = TcpStream::connect(&addr) else {
            continue;
        };
        let partial = if i % 2 == 0 {
            "POST /twilio/sms HTTP/1.1\r\nHost: relay.example.com\r\n".to_string()
        } else {
            "POST /twilio/sms HTTP/1.1\r\nHost: relay.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nFrom=".to_string()
        };
        let _ = s.write_all(partial.as_bytes());
        stalled.push(s);
    }
    let opened = Instant::now();

    // Meanwhile Twilio, from another address, is answered at once.
    r.http = reqwest::blocking::Client::builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    for i in 0..20 {
        let t = Instant::now();
        let (status, body) = r.post_signed_for(
            &format!("{PUBLIC}/twilio/sms"),
            "/twilio/sms",
            &who_params(),
            &[("i-twilio-idempotency-token", &format!("idem-{i}"))],
            TOKEN,
        );
        assert_eq!(status, 200, "{body}\n{}", r.logs());
        assert!(body.contains("Alice McAlister"), "{body}");
        assert!(
            t.elapsed() < Duration::from_secs(1),
            "webhook {i} took {:?}",
            t.elapsed()
        );
    }

    // Every stalled connection is closed by relay within the deadlines (3 s + slack).
    let wait = Duration::from_secs(5).saturating_sub(opened.elapsed());
    std::thread::sleep(wait);
    let open = stalled
        .iter_mut()
        .map(closed_by_server)
        .filter(|closed| !closed)
        .count();
    assert_eq!(open, 0, "connections left open by relay");

    // The refusals were counted, and logged once for the address, not per connection.
    let text = reqwest::blocking::get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .unwrap()
        .text()
        .unwrap();
    let refused = |reason: &str| -> f64 {
        text.lines()
            .find(|l| {
                l.starts_with("relay_connections_refused_total{")
                    && l.contains(&format!("reason=\"{reason}\""))
            })
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    // Slots free up as stalled connections time out, so not all 1,900 over the cap are refused.
    assert!(refused("max_connections_per_peer") >= 1000.0, "{text}");
    assert!(
        refused("head_timeout") >= 50.0 && refused("body_timeout") >= 50.0,
        "the admitted stalled connections timed out: {text}"
    );
    let logs = r.logs();
    assert_eq!(
        logs.matches("refusing connections from 127.0.0.1: max_connections_per_peer")
            .count(),
        1,
        "{logs}"
    );
}

#[test]
fn access_lines_json_logs_and_metrics() {
    let metrics_port = free_port();
    let mut r = Relay::new(
        None,
        &format!("[serve.metrics]\nlisten = \"127.0.0.1:{metrics_port}\"\n"),
    );
    // stderr is a pipe here: no colour; RELAY_LOG_FORMAT=json gives one object a line.
    r.start_with_env(&[("RELAY_LOG_FORMAT", "json")]);
    let (status, _) = r.text(ALICE, CONTROL, "WHO");
    assert_eq!(status, 200);
    // A bad signature, counted by reason.
    let (status, _) = r.text_with(ALICE, CONTROL, "WHO", "idem-bad", "not-the-token");
    assert_eq!(status, 403);
    wait_for("two access lines", 5, || {
        r.logs().matches("relay::access").count() >= 2
    });
    let logs = r.logs();
    assert!(!logs.contains('\u{1b}'), "no ANSI colour off a terminal");
    assert!(!logs.contains(ALICE), "no phone numbers in the log: {logs}");
    let access: Vec<Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["target"] == "relay::access")
        .collect();
    assert_eq!(access.len(), 2, "{logs}");
    let first = access[0]["message"].as_str().unwrap();
    assert!(
        first.starts_with("POST /twilio/sms 200 ")
            && first.contains("role=oncall")
            && first.contains("sid=SM")
            && first.contains("peer=127.0.0.1"),
        "{first}"
    );
    assert!(
        access[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("POST /twilio/sms 403 ")
    );
    assert_eq!(access[0]["level"], "INFO");

    // /metrics parses as OpenMetrics (Prometheus' own Python parser) and has moved.
    let text = reqwest::blocking::get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .unwrap()
        .text()
        .unwrap();
    if let Some(py) = python() {
        let out = std::process::Command::new(py)
            .args([
                "-c",
                "import sys; from prometheus_client.openmetrics.parser import text_string_to_metric_families as p\nfor f in p(sys.stdin.read()):\n  for s in f.samples: print(s.name, dict(s.labels), float(s.value))",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                c.stdin.take().unwrap().write_all(text.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        assert!(
            out.status.success(),
            "not valid OpenMetrics: {}\n{text}",
            stderr(&out)
        );
        let samples = stdout(&out);
        assert!(
            samples.contains(
                "relay_http_requests_total {'route': '/twilio/sms', 'status': '200'} 1.0"
            ),
            "{samples}"
        );
        assert!(
            samples.contains("relay_signature_failures_total {'reason': 'mismatch'} 1.0"),
            "{samples}"
        );
        assert!(
            samples.contains("relay_delivery_pending {'queue': 'pager'} 0.0"),
            "{samples}"
        );
    }
}

#[test]
fn config_check_warns_of_links_that_would_be_dead() {
    // Unset, notify falls back quietly; asked for, a dead link is warned of.
    let r = Relay::new(None, "");
    let out = run(r.cmd().args(["config", "check"]));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let r = Relay::new(None, "[pager]\nnotify = \"link\"\n");
    let out = run(r.cmd().args(["config", "check"]));
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("pager.notify = \"link\" needs [serve.basic_auth] users"),
        "{}",
        stderr(&out)
    );
    let out = run(r.cmd().args(["config", "check", "--json"]));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        v["warnings"][0].as_str().unwrap().contains("twilio-link"),
        "{v}"
    );
    // With a user, the link works and nothing is said.
    let r = Relay::new(
        None,
        "[serve.basic_auth]\nops = \"sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\"\n",
    );
    let out = run(r.cmd().args(["config", "check"]));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn a_public_url_with_credentials_in_it_still_checks_signatures() {
    let mut r = Relay::new(None, "");
    let text = std::fs::read_to_string(&r.config).unwrap();
    std::fs::write(
        &r.config,
        text.replace(
            "public_url = \"https://relay.example.com\"",
            "public_url = \"https://ops:pw@relay.example.com\"",
        ),
    )
    .unwrap();
    r.start(&[]);
    // Twilio signed the URL without the credentials.
    let (status, body) = r.post_signed_for(
        &format!("{PUBLIC}/twilio/sms"),
        "/twilio/sms",
        &who_params(),
        &[("i-twilio-idempotency-token", "idem-creds")],
        TOKEN,
    );
    assert_eq!(status, 200, "{}", r.logs());
    assert!(body.contains("Alice McAlister"), "{body}");
}
