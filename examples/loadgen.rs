//! A load generator for `scripts/bench-serve`: signed Twilio SMS webhooks, each unique (its
//! own MessageSid and idempotency token, so no answer is served from relay's de-duplication
//! record), sent by C concurrent connections. Prints one JSON line with the figures.
//!
//! cargo run --release --example loadgen -- URL PUBLIC_URL TOKEN FROM TO BODY REQUESTS CONCURRENCY [SENDERS [EXPECT]]
//!
//! SENDERS > 0 spreads the texts over that many senders (FROM's digits plus 0..SENDERS),
//! request i from sender i % SENDERS; EXPECT is the text an answer must contain to count
//! (default: "Current on-call engineer", bench-serve's WHO answer; empty: any 200).
//!
//! cargo run --release --example loadgen -- status URL PUBLIC_URL TOKEN MESSAGES CONCURRENCY EXPECTED
//!
//! Message status callbacks instead (`scripts/bench-status`): for each of MESSAGES messages,
//! the callbacks Twilio might post — in order, out of order, repeated, failures with error
//! codes — interleaved so that one message's callbacks are in flight together. EXPECTED
//! gets one line per message, `SID STATUS [CODE]`: the most advanced status it was sent,
//! what the store must hold afterwards.

use relay::twilio::params::encode_form;
use relay::twilio::signature::{Algorithm, sign_request};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.first().map(String::as_str) == Some("status") {
        return status(&a[1..]).await;
    }
    assert!(
        a.len() == 8 || a.len() == 9 || a.len() == 10,
        "usage: loadgen URL PUBLIC_URL TOKEN FROM TO BODY REQUESTS CONCURRENCY [SENDERS [EXPECT]]"
    );
    let senders: u64 = a.get(8).map_or(0, |s| s.parse().unwrap());
    let expect = Arc::new(
        a.get(9)
            .cloned()
            .unwrap_or_else(|| "Current on-call engineer".to_string()),
    );
    let from_base: u64 = a[3].trim_start_matches('+').parse().unwrap();
    let (url, public, token, from, to, body) = (&a[0], &a[1], &a[2], &a[3], &a[4], &a[5]);
    let n: usize = a[6].parse().unwrap();
    let c: usize = a[7].parse().unwrap();
    let requests: Vec<(String, String, String)> = (0..n)
        .map(|i| {
            let params: Vec<(String, String)> = [
                ("ToCountry", "US".to_string()),
                ("SmsMessageSid", format!("SM{i:032x}")),
                ("NumMedia", "0".to_string()),
                ("MessageSid", format!("SM{i:032x}")),
                (
                    "AccountSid",
                    "AC0123456789abcdef0123456789abcdef".to_string(),
                ),
                (
                    "From",
                    if senders > 0 {
                        format!("+{}", from_base + i as u64 % senders)
                    } else {
                        from.clone()
                    },
                ),
                ("To", to.clone()),
                ("Body", body.clone()),
                ("ApiVersion", "2010-04-01".to_string()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            let sig = sign_request(Algorithm::HmacSha1, token, public, &params);
            (encode_form(&params), sig, format!("bench-{i}"))
        })
        .collect();
    drive(url, requests, c, expect).await;
}

/// Status callbacks for `n` messages; the expected final status of each to `expected`.
async fn status(a: &[String]) {
    assert!(
        a.len() == 6,
        "usage: loadgen status URL PUBLIC_URL TOKEN MESSAGES CONCURRENCY EXPECTED"
    );
    let (url, public, token) = (&a[0], &a[1], &a[2]);
    let n: usize = a[3].parse().unwrap();
    let c: usize = a[4].parse().unwrap();
    // Each message's callbacks, as Twilio may deliver them.
    let script = |i: usize| -> Vec<(&'static str, Option<u32>)> {
        match i % 10 {
            0 => vec![("delivered", None), ("sent", None)],
            1 => vec![("sent", None), ("delivered", None), ("delivered", None)],
            2 => vec![("sent", None), ("undelivered", Some(30007))],
            3 => vec![("failed", Some(30008)), ("sent", None)],
            4 => vec![("sent", None), ("delivered", None), ("read", None)],
            5 => vec![("queued", None), ("sent", None)],
            _ => vec![("sent", None), ("delivered", None)],
        }
    };
    let rank = |s: &str| relay::send::status::rank(s).unwrap();
    let mut expected = String::new();
    let mut requests = Vec::new();
    // Blocks of messages, one round of callbacks per block at a time: a message's next
    // callback follows its previous one by less than a block, so they race.
    let block = c.max(1);
    for start in (0..n).step_by(block) {
        let ids: Vec<usize> = (start..(start + block).min(n)).collect();
        for round in 0..3 {
            for &i in &ids {
                let Some((status, code)) = script(i).get(round).copied() else {
                    continue;
                };
                let sid = format!("SM{i:032x}");
                let mut params: Vec<(String, String)> = vec![
                    ("SmsSid".into(), sid.clone()),
                    ("SmsStatus".into(), status.into()),
                    ("MessageStatus".into(), status.into()),
                    ("To".into(), format!("+1919{:07}", i % 10_000_000)),
                    ("MessageSid".into(), sid.clone()),
                    (
                        "AccountSid".into(),
                        "AC0123456789abcdef0123456789abcdef".into(),
                    ),
                    ("From".into(), "+19085551212".into()),
                    ("ApiVersion".into(), "2010-04-01".into()),
                ];
                if let Some(code) = code {
                    params.push(("ErrorCode".into(), code.to_string()));
                }
                let sig = sign_request(Algorithm::HmacSha1, token, public, &params);
                requests.push((encode_form(&params), sig, format!("status-{i}-{round}")));
            }
        }
    }
    for i in 0..n {
        let (status, code) = script(i).into_iter().fold(("", None), |best, (s, c)| {
            if best.0.is_empty() || rank(s) > rank(best.0) {
                (s, c)
            } else {
                best
            }
        });
        expected.push_str(&format!(
            "SM{i:032x} {status}{}\n",
            code.map(|c| format!(" {c}")).unwrap_or_default()
        ));
    }
    std::fs::write(&a[5], expected).unwrap();
    drive(url, requests, c, Arc::new(String::new())).await;
}

/// Sends every request over `c` connections; prints the figures as one JSON line.
async fn drive(url: &str, requests: Vec<(String, String, String)>, c: usize, expect: Arc<String>) {
    let n = requests.len();
    let url = url.to_string();
    let requests = Arc::new(requests);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(c)
        .build()
        .unwrap();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..c {
        let (requests, next, client, url, expect) = (
            requests.clone(),
            next.clone(),
            client.clone(),
            url.clone(),
            expect.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((body, sig, idem)) = requests.get(i) else {
                    break;
                };
                let t = Instant::now();
                let resp = client
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("x-twilio-signature", sig)
                    .header("i-twilio-idempotency-token", idem)
                    .body(body.clone())
                    .send()
                    .await;
                let ok = match resp {
                    Ok(r) if r.status().is_success() => {
                        r.text().await.is_ok_and(|t| t.contains(expect.as_str()))
                    }
                    _ => false,
                };
                if ok {
                    lat.push(t.elapsed());
                } else {
                    errors += 1;
                }
            }
            (lat, errors)
        }));
    }
    let mut lat: Vec<Duration> = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.unwrap();
        lat.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    lat.sort();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{{\"requests\": {n}, \"ok\": {}, \"errors\": {errors}, \"seconds\": {elapsed:.3}, \"rps\": {:.1}, \"p50_ms\": {:.3}, \"p99_ms\": {:.3}}}",
        lat.len(),
        lat.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99)
    );
}
