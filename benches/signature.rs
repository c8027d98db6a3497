//! Time to verify a typical inbound SMS webhook (15 parameters).
//!
//! `as_received`: Twilio signed the URL as relay sees it (one HMAC).
//! `port_form`: Twilio signed it with `:443`, so both port forms are tried (two HMACs).
//! `scripts/bench-verify` runs this next to twilio-python's RequestValidator.validate.

use relay::redacted::SecretString;
use relay::twilio::signature::{Algorithm, Keyring, Signed, sign_request, verify};
use serde_json::Value;

fn main() {
    divan::main();
}

struct Fixture {
    url: String,
    params: Vec<(String, String)>,
    keys: Keyring,
    sig_raw: String,
    sig_port: String,
}

fn fixture() -> Fixture {
    let text = include_str!("sms_request.json");
    let v: Value = serde_json::from_str(text).unwrap();
    let token = v["token"].as_str().unwrap();
    let url = v["url"].as_str().unwrap().to_string();
    let params: Vec<(String, String)> = v["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let with_port = url.replacen("relay.example.com", "relay.example.com:443", 1);
    Fixture {
        sig_raw: sign_request(Algorithm::HmacSha1, token, &url, &params),
        sig_port: sign_request(Algorithm::HmacSha1, token, &with_port, &params),
        keys: Keyring::new(vec![SecretString::new(token)], vec![]),
        url,
        params,
    }
}

/// Verifies the fixture request carrying `signature`, which must be valid.
fn bench_verify(b: divan::Bencher, pick: fn(&Fixture) -> &str) {
    let f = fixture();
    let signature = pick(&f).to_string();
    b.bench(|| {
        let req = Signed {
            url: divan::black_box(&f.url),
            params: &f.params,
            body: b"",
            signature: Some(&signature),
            settings: None,
        };
        assert!(verify(&req, &f.keys).is_ok());
    });
}

#[divan::bench(sample_count = 2000, sample_size = 20)]
fn as_received(b: divan::Bencher) {
    bench_verify(b, |f| &f.sig_raw);
}

#[divan::bench(sample_count = 2000, sample_size = 20)]
fn port_form(b: divan::Bencher) {
    bench_verify(b, |f| &f.sig_port);
}
