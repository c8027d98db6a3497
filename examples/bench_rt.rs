//! For `scripts/bench-tickets`: the time relay adds on top of RT's own REST2 calls when it
//! files a text from a new sender, measured in one run, interleaved:
//! - relay: `tickets::file` through the RT backend (look the requester up, make them, make
//!   the ticket, remember its number in the store);
//! - direct: the same REST2 requests made with a plain HTTP client (GET the user, POST the
//!   user, GET it, POST the ticket), on kept-alive connections as relay uses;
//! - and, for scale, `POST /ticket` alone.
//!
//! Prints one JSON line with the medians.
//!
//! cargo run --release --example bench_rt -- RT_URL TOKEN_FILE ROUNDS

use relay::config::{RtConfig, TicketsBackend, TicketsConfig};
use relay::redacted::SecretString;
use relay::store::{FileBackend, Store};
use relay::tickets::{self, Entry};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    assert_eq!(a.len(), 3, "usage: bench_rt RT_URL TOKEN_FILE ROUNDS");
    let url = a[0].trim_end_matches('/').to_string();
    let token = std::fs::read_to_string(&a[1]).unwrap().trim().to_string();
    let rounds: usize = a[2].parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(Arc::new(
        FileBackend::open(dir.path().to_str().unwrap()).unwrap(),
    ));
    let cfg = TicketsConfig {
        backend: TicketsBackend::Rt,
        queue: "General".into(),
        acknowledge: None,
        rt: Some(RtConfig {
            url: url.clone(),
            user: "root".into(),
            token: Some(SecretString::new(token.clone())),
            password: None,
            queues: Vec::new(),
            poll_interval: 15,
        }),
    };
    let rt = tickets::rt::Rt::new(&cfg, store, None).unwrap();
    let http = reqwest::Client::new();
    let api = format!("{url}/REST/2.0");
    let auth = format!("token {token}");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 100_000;
    let phone = |i: usize, k: usize| {
        format!(
            "+1556{:02}{:05}",
            (seed as usize + i * 3 + k) % 100,
            (i * 7 + k + seed as usize) % 100_000
        )
    };
    // Warm-up: connections, RT's caches, relay's user listing.
    let warm = phone(rounds + 1, 0);
    let entry = |to: &str, from: &str| Entry {
        text: tickets::content(to, from, "bench"),
        attachments: Vec::new(),
        sid: None,
        number: to.into(),
        at: 0,
    };
    tickets::file(&rt, "General", &warm, &entry("+18005550100", &warm))
        .await
        .unwrap();
    let (mut relay_t, mut direct_t, mut create_t) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        // relay
        let from = phone(i, 0);
        let t = Instant::now();
        let filed = tickets::file(&rt, "General", &from, &entry("+18005550100", &from))
            .await
            .unwrap();
        relay_t.push(t.elapsed());
        assert!(filed.new);
        // direct: the same requests
        let from = phone(i, 1);
        let name = tickets::requester_name(&from);
        let t = Instant::now();
        let r = http
            .get(format!("{api}/user/{name}"))
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let r = http
            .post(format!("{api}/user"))
            .header("Authorization", &auth)
            .json(&json!({"Name": name, "PagerPhone": from, "Privileged": 0}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let _ = http
            .get(format!("{api}/user/{name}"))
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap()
            .bytes()
            .await;
        let r = http
            .post(format!("{api}/ticket"))
            .header("Authorization", &auth)
            .json(&json!({"Queue": "General", "Subject": format!("SMS Message from {name}"), "Requestor": name,
                "Content": tickets::content("+18005550100", &from, "bench"), "ContentType": "text/plain"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        direct_t.push(t.elapsed());
        // POST /ticket alone
        let t = Instant::now();
        let r = http
            .post(format!("{api}/ticket"))
            .header("Authorization", &auth)
            .json(&json!({"Queue": "General", "Subject": "bench", "Requestor": name, "Content": "bench", "ContentType": "text/plain"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        create_t.push(t.elapsed());
    }
    let (r, d, c) = (median(relay_t), median(direct_t), median(create_t));
    println!(
        "{{\"rounds\": {rounds}, \"relay_ms\": {r:.1}, \"same_calls_direct_ms\": {d:.1}, \"post_ticket_ms\": {c:.1}, \"relay_overhead_pct\": {:.1}}}",
        (r - d) / d * 100.0
    );
}
