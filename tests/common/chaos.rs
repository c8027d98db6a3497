//! Fault injection for the exactly-once tests (`tests/chaos.rs`): a client that behaves like
//! Twilio (anything that is not a 2xx, or no answer within 15 s, is retried with the same
//! body, signature and `I-Twilio-Idempotency-Token`), a TCP proxy that can refuse,
//! black-hole, or forward a request and drop its answer, and the count of what relay filed.

use super::server::{PUBLIC, TOKEN};
use relay::twilio::params::encode_form;
use relay::twilio::signature::{Algorithm, sign_request};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where the storm sends: the relays that are up now (a killed relay is taken out and its
/// restart put back by the test).
pub type Targets = Arc<Mutex<Vec<String>>>;

/// What a storm saw.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Items relay answered with a 2xx (every request of the item).
    pub acked: HashSet<String>,
    /// Items that never got a 2xx before the storm's deadline.
    pub unacked: Vec<String>,
    /// Deliveries in all (first tries and retries).
    pub deliveries: usize,
}

/// One HTTP request, sent again byte for byte on every retry (when its client retries it).
#[derive(Clone, Debug)]
pub struct Req {
    pub method: reqwest::Method,
    pub path: String,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
    /// Whether the client sends it again until it gets a 2xx (Twilio, CI360, mailroom's
    /// GETs), or gives up after one try (mailroom's POSTs).
    pub retry: bool,
}

impl Req {
    /// A webhook as Twilio posts it: a form, signed for relay's public URL, with an
    /// idempotency token.
    pub fn twilio(path: &str, params: &[(&str, &str)], token: &str) -> Req {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let sig = sign_request(
            Algorithm::HmacSha1,
            TOKEN,
            &format!("{PUBLIC}{path}"),
            &params,
        );
        Req {
            method: reqwest::Method::POST,
            retry: true,
            path: path.into(),
            body: encode_form(&params).into_bytes(),
            headers: vec![
                (
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
                ("x-twilio-signature".into(), sig),
                ("i-twilio-idempotency-token".into(), token.into()),
            ],
        }
    }

    /// A JSON request (CI360's events, mailroom's ticketer calls) with these headers.
    pub fn json(
        method: &str,
        path: &str,
        body: &serde_json::Value,
        headers: &[(&str, &str)],
        retry: bool,
    ) -> Req {
        let mut all = vec![("content-type".to_string(), "application/json".to_string())];
        all.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Req {
            method: reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            path: path.into(),
            body: body.to_string().into_bytes(),
            headers: all,
            retry,
        }
    }
}

/// What the storm sends for one effect: its requests, in order (a call's webhooks), each
/// retried until it gets a 2xx.
#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    pub requests: Vec<Req>,
}

/// Sends every item as Twilio (or CI360, or mailroom) would, `workers` at a time; each
/// request is retried, the same bytes, until relay answers 2xx or `deadline` passes (one
/// that is not retried gives its item up at once). `progress`
/// counts items acknowledged, for a test that injects faults part-way.
pub fn storm(
    targets: &Targets,
    items: Vec<Item>,
    workers: usize,
    deadline: Duration,
    progress: &AtomicUsize,
) -> Outcome {
    let queue = Arc::new(Mutex::new(
        items.into_iter().enumerate().rev().collect::<Vec<_>>(),
    ));
    let out = Mutex::new(Outcome::default());
    let until = Instant::now() + deadline;
    std::thread::scope(|s| {
        for w in 0..workers {
            let (queue, out) = (queue.clone(), &out);
            s.spawn(move || {
                let http = reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(15))
                    .build()
                    .unwrap();
                loop {
                    let Some((i, item)) = queue.lock().unwrap().pop() else {
                        return;
                    };
                    let mut attempts = 0usize;
                    let mut acked = true;
                    for req in &item.requests {
                        let mut attempt = 0usize;
                        acked = loop {
                            attempt += 1;
                            let base = {
                                let live = targets.lock().unwrap();
                                (!live.is_empty())
                                    .then(|| live[(i + attempt + w) % live.len()].clone())
                            };
                            if let Some(base) = base {
                                let mut r =
                                    http.request(req.method.clone(), format!("{base}{}", req.path));
                                for (k, v) in &req.headers {
                                    r = r.header(k, v);
                                }
                                let resp = r.body(req.body.clone()).send();
                                if resp.is_ok_and(|r| r.status().is_success()) {
                                    break true;
                                }
                            }
                            if !req.retry || Instant::now() > until {
                                break false;
                            }
                            std::thread::sleep(Duration::from_millis(100 * attempt.min(10) as u64));
                        };
                        attempts += attempt;
                        if !acked {
                            break;
                        }
                    }
                    let mut o = out.lock().unwrap();
                    o.deliveries += attempts;
                    if acked {
                        o.acked.insert(item.id);
                        progress.fetch_add(1, Ordering::SeqCst);
                    } else {
                        o.unacked.push(item.id);
                    }
                }
            });
        }
    });
    out.into_inner().unwrap()
}

/// `n` texts from `senders` people to `to`, with MessageSids of Twilio's shape; each
/// item's id is its MessageSid.
pub fn texts(n: usize, senders: usize, to: &str, seed: u64) -> Vec<Item> {
    (0..n)
        .map(|i| {
            let sid = format!("SM{:016x}{:016x}", seed, i);
            let from = format!("+1919555{:04}", 2000 + i % senders);
            let body = format!("storm text {i}");
            let req = Req::twilio(
                "/twilio/sms",
                &[
                    ("MessageSid", &sid),
                    ("SmsSid", &sid),
                    ("AccountSid", "AC00000000000000000000000000000000"),
                    ("From", &from),
                    ("To", to),
                    ("Body", &body),
                    ("NumMedia", "0"),
                ],
                &format!("chaos-{sid}"),
            );
            Item {
                id: sid,
                requests: vec![req],
            }
        })
        .collect()
}

/// Runs a storm while `faults` (given the progress counter) injects faults; the outcome.
pub fn during<F: FnOnce(&AtomicUsize)>(
    targets: &Targets,
    items: Vec<Item>,
    deadline: Duration,
    faults: F,
) -> Outcome {
    let progress = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let storm = s.spawn(|| storm(targets, items, 12, deadline, &progress));
        faults(&progress);
        storm.join().unwrap()
    })
}

/// Waits until `progress` has counted `n` acknowledged items.
pub fn wait_until(progress: &AtomicUsize, n: usize) {
    super::wait_for("the storm to get that far", 300, || {
        progress.load(Ordering::SeqCst) >= n
    });
}

/// How many times each MessageSid was filed, read from the local backend's tickets (every
/// message of every ticket) in the store.
pub fn filed(config: &relay::config::StoreConfig) -> HashMap<String, usize> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = relay::store::Store::open(config).await.unwrap();
        let mut counts = HashMap::new();
        let prefix = relay::tickets::local::TICKETS;
        for key in store.list(prefix).await.unwrap() {
            let (t, _) = store
                .get_json::<serde_json::Value>(&key)
                .await
                .unwrap()
                .unwrap();
            for m in t["messages"].as_array().into_iter().flatten() {
                if let Some(sid) = m["sid"].as_str() {
                    *counts.entry(sid.to_string()).or_insert(0) += 1;
                }
            }
        }
        counts
    })
}

/// The verdict on a storm: acknowledged, lost (acknowledged, never filed) and duplicated
/// (filed more than once), printed for the bench and asserted by the tests.
pub fn verdict(what: &str, out: &Outcome, counts: &HashMap<String, usize>) -> (usize, usize) {
    let lost: Vec<&String> = out
        .acked
        .iter()
        .filter(|s| !counts.contains_key(*s))
        .collect();
    let twice: Vec<(&String, &usize)> = counts.iter().filter(|(_, n)| **n > 1).collect();
    println!(
        "chaos {what}: acknowledged {} / lost {} / duplicated {} ({} deliveries, {} never acknowledged)",
        out.acked.len(),
        lost.len(),
        twice.len(),
        out.deliveries,
        out.unacked.len()
    );
    if !lost.is_empty() || !twice.is_empty() {
        eprintln!(
            "lost: {:?}\nfiled more than once: {:?}",
            lost.iter().take(10).collect::<Vec<_>>(),
            twice.iter().take(10).collect::<Vec<_>>()
        );
    }
    (lost.len(), twice.len())
}

/// What the proxy does with connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    Pass = 0,
    /// Accepted and closed at once.
    Refuse = 1,
    /// Accepted, read, never answered (until the mode changes; then closed).
    BlackHole = 2,
    /// The request is forwarded (and so applied); its answer is dropped and the connection
    /// closed.
    DropAnswer = 3,
}

/// A TCP proxy on a loopback port in front of `upstream`.
pub struct Proxy {
    pub addr: String,
    mode: Arc<AtomicU8>,
}

impl Proxy {
    pub fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = format!("http://{}", listener.local_addr().unwrap());
        let mode = Arc::new(AtomicU8::new(Mode::Pass as u8));
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let m = mode.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(client) = conn else { continue };
                let (m, upstream) = (m.clone(), upstream.clone());
                std::thread::spawn(move || serve(client, &upstream, &m));
            }
        });
        Proxy { addr, mode }
    }

    pub fn set(&self, mode: Mode) {
        self.mode.store(mode as u8, Ordering::SeqCst);
    }
}

fn mode_of(m: &AtomicU8) -> Mode {
    match m.load(Ordering::SeqCst) {
        1 => Mode::Refuse,
        2 => Mode::BlackHole,
        3 => Mode::DropAnswer,
        _ => Mode::Pass,
    }
}

fn serve(mut client: TcpStream, upstream: &str, mode: &Arc<AtomicU8>) {
    match mode_of(mode) {
        Mode::Refuse => {
            let _ = client.shutdown(Shutdown::Both);
        }
        Mode::BlackHole => {
            let _ = client.set_read_timeout(Some(Duration::from_millis(200)));
            let mut buf = [0u8; 16384];
            while mode_of(mode) == Mode::BlackHole {
                match client.read(&mut buf) {
                    Ok(0) => return,
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
                    Err(_) => return,
                }
            }
            let _ = client.shutdown(Shutdown::Both);
        }
        Mode::Pass | Mode::DropAnswer => {
            let Ok(mut up) = TcpStream::connect(upstream) else {
                let _ = client.shutdown(Shutdown::Both);
                return;
            };
            let (mut c2, mut u2) = (client.try_clone().unwrap(), up.try_clone().unwrap());
            // Requests go up as they come.
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut c2, &mut u2);
                let _ = u2.shutdown(Shutdown::Write);
            });
            // Answers come back, unless the mode says to drop them (the write they answer
            // has been applied).
            let mut buf = [0u8; 16384];
            loop {
                match up.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if mode_of(mode) != Mode::Pass {
                            break;
                        }
                        if client.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                }
            }
            let _ = client.shutdown(Shutdown::Both);
            let _ = up.shutdown(Shutdown::Both);
        }
    }
}
